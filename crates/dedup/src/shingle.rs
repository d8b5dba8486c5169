//! Word shingles: the set of hashed word n-grams a document is compared by.
//!
//! Words are runs of letters and digits, case-folded; everything else separates words, except
//! apostrophes, which are dropped so `Ukraine's`, `Ukraine’s` and `Ukraines` are one word (outlets
//! restyle quotes and apostrophes when they reprint wire copy). Each word is hashed once with xxh3
//! from a reused byte buffer, so tokenizing allocates nothing per word; a shingle's hash is
//! computed from its words' hashes (see [`shingle_hash`]).

use xxhash_rust::xxh3::xxh3_64;

/// The largest shingle size the options accept; it bounds the stack buffer a shingle is hashed from.
pub const MAX_SHINGLE_SIZE: usize = 16;

/// Turns texts into sorted, deduplicated shingle hashes. Holds its buffers between documents.
#[derive(Clone, Debug)]
pub struct Shingler {
    size: usize,
    word: Vec<u8>,
    words: Vec<u64>,
    /// Where each paragraph's words end (in `words`), for the paragraphs' rests.
    ends: Vec<usize>,
    /// Scratch for the radix sort.
    spare: Vec<u32>,
}

impl Shingler {
    pub fn new(size: usize) -> Self {
        assert!((1..=MAX_SHINGLE_SIZE).contains(&size), "shingle size {size} out of range");
        Shingler {
            size,
            word: Vec::with_capacity(64),
            words: Vec::with_capacity(1024),
            ends: Vec::new(),
            spare: Vec::new(),
        }
    }

    /// Replace `out` with the shingle hashes of `text`, sorted and deduplicated.
    ///
    /// A text with fewer words than one shingle gets a single shingle of all its words, so it
    /// can only match a text with the same words (its hash never equals a full-size shingle's:
    /// the hashed input has a different length). A text without words gets no shingles at all
    /// and is left to exact matching.
    pub fn shingles(&mut self, text: &str, out: &mut Vec<u32>) {
        self.words.clear();
        let Shingler { word, words, .. } = self;
        for_each_word(text, word, |w| words.push(xxh3_64(w)));
        self.ends.clear();
        self.shingles_of_words(out, &mut Vec::new());
    }

    /// [`Shingler::shingles`], and in `paragraphs` each paragraph's key (see [`paragraph_key`]),
    /// in order, paragraphs without words left out; and in `rests`, for each of those
    /// paragraphs, the smallest hash of the shingles that lie wholly in the text's other
    /// paragraphs (0 when there are none): a MinHash of the rest of the text, which tells the boilerplate
    /// count whether a paragraph came under another article or under a copy of the same one,
    /// however edited. One pass over the bytes does all, so the parallel fingerprint stage does
    /// this work, not the single dedup worker.
    pub fn shingles_and_paragraphs(
        &mut self,
        text: &str,
        out: &mut Vec<u32>,
        paragraphs: &mut Vec<u32>,
        rests: &mut Vec<u32>,
    ) {
        self.words.clear();
        paragraphs.clear();
        rests.clear();
        let Shingler { word, words, ends, .. } = self;
        ends.clear();
        let mut key = 0u64;
        scan(text, word, |w| match w {
            Some(w) => {
                let hash = xxh3_64(w);
                key = fold_word(key, hash);
                words.push(hash);
            }
            None => {
                if key != 0 {
                    paragraphs.push(fold_key(key));
                    ends.push(words.len());
                }
                key = 0;
            }
        });
        self.shingles_of_words(out, rests);
    }

    /// The shingles of `self.words`; and when `ends` holds the paragraphs' word ends, each
    /// paragraph's smallest shingle in `rests`, turned into the smallest of the others'.
    fn shingles_of_words(&mut self, out: &mut Vec<u32>, rests: &mut Vec<u32>) {
        out.clear();
        let width = self.size.min(self.words.len());
        if width == 0 {
            return;
        }
        // The width seeds the hash, so a short text's one shingle never equals a full-size one.
        let seed = (width as u64).wrapping_mul(SHINGLE_MUL);
        out.extend(self.words.windows(width).map(|window| shingle_hash(seed, window)));
        if !self.ends.is_empty() {
            rests.resize(self.ends.len(), u32::MAX);
            let mut paragraph = 0;
            for (start, &hash) in out.iter().enumerate() {
                while self.ends[paragraph] <= start {
                    paragraph += 1;
                }
                // Only shingles wholly inside a paragraph: one that runs on into the next holds
                // words of it.
                if start + width <= self.ends[paragraph] {
                    rests[paragraph] = rests[paragraph].min(hash);
                }
            }
            // Each paragraph's own smallest, then the smallest of all the others': of those
            // before it (carried forward) and those after it (carried back).
            let mut own = std::mem::take(&mut self.spare);
            own.clear();
            own.extend_from_slice(rests);
            let mut before = u32::MAX;
            for (rest, &mine) in rests.iter_mut().zip(&own) {
                *rest = before;
                before = before.min(mine);
            }
            let mut after = u32::MAX;
            for (rest, &mine) in rests.iter_mut().zip(&own).rev() {
                *rest = (*rest).min(after);
                after = after.min(mine);
            }
            rests.iter_mut().filter(|r| **r == u32::MAX).for_each(|r| *r = 0);
            self.spare = own;
        }
        radix_sort(out, &mut self.spare);
        out.dedup();
    }
}

/// Sort `v` by LSD radix sort on four 8-bit digits, with `spare` as scratch: for the ~500
/// shingles of an article a quarter of `sort_unstable`'s instructions, which were a fifth of the
/// fingerprint stage's.
fn radix_sort(v: &mut Vec<u32>, spare: &mut Vec<u32>) {
    if v.len() < 64 {
        v.sort_unstable();
        return;
    }
    spare.clear();
    spare.resize(v.len(), 0);
    let mut counts = [[0u32; 256]; 4];
    for &x in v.iter() {
        for (digit, count) in counts.iter_mut().enumerate() {
            count[(x >> (8 * digit)) as usize & 255] += 1;
        }
    }
    for (digit, count) in counts.iter_mut().enumerate() {
        let mut at = 0;
        for n in count.iter_mut() {
            (*n, at) = (at, at + *n);
        }
        for &x in v.iter() {
            let slot = &mut count[(x >> (8 * digit)) as usize & 255];
            spare[*slot as usize] = x;
            *slot += 1;
        }
        std::mem::swap(v, spare);
    }
}

const SHINGLE_MUL: u64 = 0x9e37_79b9_7f4a_7c15;

/// A shingle's hash from its words' (xxh3) hashes: a multiply-rotate chain over the words in
/// order, then the SplitMix64 finalizer. Word hashes are already uniform, so this only has to
/// keep order and mix; it is a few multiplies where hashing the 32 bytes of four word hashes with
/// xxh3 was most of the stage's time. 32 bits are plenty: two unrelated shingles collide with
/// odds 2^-32, which moves a Jaccard score by far less than the 4-decimal rounding of the output.
#[inline]
fn shingle_hash(seed: u64, words: &[u64]) -> u32 {
    let mut h = seed;
    for &w in words {
        h = (h ^ w).wrapping_mul(SHINGLE_MUL).rotate_left(29);
    }
    h = (h ^ (h >> 32)).wrapping_mul(0xd6e8_feb8_6659_fd93);
    (h ^ (h >> 32)) as u32
}

fn fold_word(key: u64, word_hash: u64) -> u64 {
    word_hash ^ key.rotate_left(5).wrapping_mul(31)
}

/// 32 bits of a paragraph key, never 0 (0 is "no words").
fn fold_key(key: u64) -> u32 {
    ((key ^ key >> 32) as u32).max(1)
}

/// A paragraph's key: a hash of its folded words (case and punctuation ignored, like shingles);
/// 0 for a paragraph without words.
pub fn paragraph_key(paragraph: &str, buf: &mut Vec<u8>) -> u32 {
    let mut key = 0u64;
    for_each_word(paragraph, buf, |w| key = fold_word(key, xxh3_64(w)));
    if key == 0 { 0 } else { fold_key(key) }
}

/// Call `f` with every case-folded word of `text`, built in `buf` (cleared per word).
pub(crate) fn for_each_word(text: &str, buf: &mut Vec<u8>, mut f: impl FnMut(&[u8])) {
    scan(text, buf, |w| {
        if let Some(w) = w {
            f(w);
        }
    });
}

/// What an ASCII byte is to the word scanner: its lower-case form if it is a letter or digit,
/// [`APOSTROPHE`], or [`SEPARATOR`].
const ASCII: [u8; 128] = {
    let mut t = [SEPARATOR; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            t[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    t[b'\'' as usize] = APOSTROPHE;
    t
};
const SEPARATOR: u8 = 0;
const APOSTROPHE: u8 = 1;

/// The word scanner: `event(Some(word))` for every case-folded word of `text` (built in `buf`),
/// and `event(None)` after the last word of every paragraph (paragraphs are separated by a blank
/// line, `\n\n`, as [`crate::boilerplate::paragraphs`] splits them) and at the end of the text.
///
/// Words are runs of letters and digits; apostrophes are dropped, not split on. ASCII bytes go
/// through one table lookup; other characters are decoded and case-folded by Unicode's rules.
fn scan(text: &str, buf: &mut Vec<u8>, mut event: impl FnMut(Option<&[u8]>)) {
    buf.clear();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            match ASCII[b as usize] {
                SEPARATOR => {
                    if !buf.is_empty() {
                        event(Some(buf));
                        buf.clear();
                    }
                    if b == b'\n' && bytes.get(i) == Some(&b'\n') {
                        event(None);
                        i += 1;
                    }
                }
                APOSTROPHE => {}
                _ => {
                    // A run of ASCII letters and digits: most words are one whole run, already
                    // lower case, and are passed on as they are, without copying.
                    let start = i - 1;
                    while i < bytes.len() && bytes[i] < 0x80 && ASCII[bytes[i] as usize] > APOSTROPHE {
                        i += 1;
                    }
                    let run = &bytes[start..i];
                    let ends = bytes.get(i).is_none_or(|&c| c < 0x80 && ASCII[c as usize] == SEPARATOR);
                    if ends && buf.is_empty() && run.iter().all(|&c| ASCII[c as usize] == c) {
                        event(Some(run));
                    } else {
                        buf.extend(run.iter().map(|&c| ASCII[c as usize]));
                    }
                }
            }
            continue;
        }
        let c = text[i..].chars().next().expect("i is at a character boundary");
        i += c.len_utf8();
        if matches!(c, '\u{2019}' | '\u{2018}' | '\u{02bc}') {
            // An apostrophe joins, it does not split: see the module comment.
        } else if c.is_alphanumeric() {
            for lower in c.to_lowercase() {
                let mut utf8 = [0u8; 4];
                buf.extend_from_slice(lower.encode_utf8(&mut utf8).as_bytes());
            }
        } else if !buf.is_empty() {
            event(Some(buf));
            buf.clear();
        }
    }
    if !buf.is_empty() {
        event(Some(buf));
        buf.clear();
    }
    event(None);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_word(text, &mut Vec::new(), |w| out.push(String::from_utf8(w.to_vec()).unwrap()));
        out
    }

    fn shingles(size: usize, text: &str) -> Vec<u32> {
        let mut out = Vec::new();
        Shingler::new(size).shingles(text, &mut out);
        out
    }

    #[test]
    fn words_are_case_folded_and_punctuation_free() {
        let check = |text: &str, expect: &[&str]| assert_eq!(words(text), expect, "{text:?}");
        check("The Kremlin, on Thursday.", &["the", "kremlin", "on", "thursday"]);
        check("Ukraine’s borders", &["ukraines", "borders"]);
        check("Ukraine's borders", &["ukraines", "borders"]);
        check("\"de-escalating\" -- 100,000", &["de", "escalating", "100", "000"]);
        check("ÉLYSÉE Straße İ", &["élysée", "straße", "i\u{307}"]);
        check("  ...  ", &[]);
        check("", &[]);
    }

    #[test]
    fn shingles_ignore_case_and_punctuation() {
        let a = shingles(3, "The Kremlin urged the US to stop inflaming tensions.");
        let b = shingles(3, "\"the KREMLIN urged -- the us, to stop inflaming tensions\"");
        assert_eq!(a, b);
        assert_eq!(a.len(), 7);
        assert_ne!(a, shingles(3, "The Kremlin urged the UK to stop inflaming tensions."));
    }

    #[test]
    fn one_pass_gives_the_keys_of_the_paragraph_split() {
        let text = "One two.\n\nThree, four\n\n\n\n  \n\nFive\n\n\nsix\r\n\r\nseven ÉLAN’s\n\n-- ";
        let (mut set, mut keys, mut rests, mut buf) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        Shingler::new(2).shingles_and_paragraphs(text, &mut set, &mut keys, &mut rests);
        let expect: Vec<u32> = crate::boilerplate::paragraphs(text)
            .map(|p| paragraph_key(p, &mut buf))
            .filter(|&k| k != 0)
            .collect();
        assert_eq!(keys, expect);
        assert_eq!(keys.len(), 4);
        assert_eq!(set, shingles(2, text));
        // Each paragraph's rest: the smallest hash of the shingles wholly in another one.
        let mut words: Vec<(usize, u64)> = Vec::new();
        for (p, paragraph) in crate::boilerplate::paragraphs(text)
            .filter(|p| paragraph_key(p, &mut Vec::new()) != 0)
            .enumerate()
        {
            for_each_word(paragraph, &mut buf, |word| words.push((p, xxh3_64(word))));
        }
        let seed = 2u64.wrapping_mul(SHINGLE_MUL);
        let starts: Vec<(usize, u32)> = words
            .windows(2)
            .filter(|w| w[0].0 == w[1].0)
            .map(|w| (w[0].0, shingle_hash(seed, &[w[0].1, w[1].1])))
            .collect();
        let expect: Vec<u32> = (0..keys.len())
            .map(|p| starts.iter().filter(|(q, _)| *q != p).map(|&(_, h)| h).min().unwrap_or(0))
            .collect();
        assert_eq!(rests, expect);
    }

    #[test]
    fn the_radix_sort_sorts() {
        let mut state = 1u64;
        for n in [0, 5, 63, 64, 65, 700, 5000] {
            let mut v: Vec<u32> = (0..n)
                .map(|_| {
                    state =
                        state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                    (state >> 33) as u32 % 3000 * 1_431_655
                })
                .collect();
            let mut expect = v.clone();
            expect.sort_unstable();
            radix_sort(&mut v, &mut Vec::new());
            assert_eq!(v, expect, "{n} values");
        }
    }

    #[test]
    fn shingles_are_sorted_and_distinct() {
        let s = shingles(2, "a b a b a b c");
        assert_eq!(s.len(), 3, "{s:?}");
        assert!(s.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn short_texts_get_one_shingle_of_all_their_words() {
        assert_eq!(shingles(5, "Photo: AP").len(), 1);
        assert_eq!(shingles(5, "Photo: AP"), shingles(5, "photo AP"));
        assert_ne!(shingles(5, "Photo: AP"), shingles(5, "photo AP today"));
        // The short text's one shingle is not one of a longer text's shingles.
        let long = shingles(2, "photo ap");
        assert_eq!(shingles(5, "photo ap"), long, "same width, same hash");
        assert!(!shingles(5, "photo ap a b c d").contains(&shingles(5, "photo ap")[0]));
        assert!(shingles(5, " -- ").is_empty());
    }
}
