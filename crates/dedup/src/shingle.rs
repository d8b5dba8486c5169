//! Word shingles: the set of hashed word n-grams a document is compared by.
//!
//! Words are runs of letters and digits, case-folded; everything else separates words, except
//! apostrophes, which are dropped so `Ukraine's`, `Ukraine’s` and `Ukraines` are one word (outlets
//! restyle quotes and apostrophes when they reprint wire copy). Each word is hashed once with xxh3
//! from a reused byte buffer, so tokenizing allocates nothing per word; a shingle's hash is the
//! xxh3 of its words' hashes.

use xxhash_rust::xxh3::xxh3_64;

/// The largest shingle size the options accept; it bounds the stack buffer a shingle is hashed from.
pub const MAX_SHINGLE_SIZE: usize = 16;

/// Turns texts into sorted, deduplicated shingle hashes. Holds its buffers between documents.
#[derive(Clone, Debug)]
pub struct Shingler {
    size: usize,
    word: Vec<u8>,
    words: Vec<u64>,
}

impl Shingler {
    pub fn new(size: usize) -> Self {
        assert!((1..=MAX_SHINGLE_SIZE).contains(&size), "shingle size {size} out of range");
        Shingler { size, word: Vec::with_capacity(64), words: Vec::with_capacity(1024) }
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
        self.shingles_of_words(out);
    }

    /// [`Shingler::shingles`], and in `paragraphs` each paragraph's key (see [`paragraph_key`]),
    /// in order, paragraphs without words left out. One pass over the words does both, so the
    /// parallel fingerprint stage does this work, not the single dedup worker.
    pub fn shingles_and_paragraphs(&mut self, text: &str, out: &mut Vec<u32>, paragraphs: &mut Vec<u32>) {
        self.words.clear();
        paragraphs.clear();
        let Shingler { word, words, .. } = self;
        for paragraph in crate::boilerplate::paragraphs(text) {
            let mut key = 0u64;
            for_each_word(paragraph, word, |w| {
                let hash = xxh3_64(w);
                key = fold_word(key, hash);
                words.push(hash);
            });
            if key != 0 {
                paragraphs.push(fold_key(key));
            }
        }
        self.shingles_of_words(out);
    }

    fn shingles_of_words(&mut self, out: &mut Vec<u32>) {
        out.clear();
        let width = self.size.min(self.words.len());
        if width == 0 {
            return;
        }
        let mut bytes = [0u8; 8 * MAX_SHINGLE_SIZE];
        for window in self.words.windows(width) {
            for (slot, hash) in bytes.chunks_exact_mut(8).zip(window) {
                slot.copy_from_slice(&hash.to_le_bytes());
            }
            // 32 bits are plenty here: two unrelated shingles collide with odds 2^-32, which moves
            // a Jaccard score by far less than the 4-decimal rounding of the output.
            out.push(xxh3_64(&bytes[..8 * width]) as u32);
        }
        out.sort_unstable();
        out.dedup();
    }
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
    buf.clear();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            buf.push(c.to_ascii_lowercase() as u8);
        } else if matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02bc}') {
            // An apostrophe joins, it does not split: see the module comment.
        } else if !c.is_ascii() && c.is_alphanumeric() {
            for lower in c.to_lowercase() {
                let mut utf8 = [0u8; 4];
                buf.extend_from_slice(lower.encode_utf8(&mut utf8).as_bytes());
            }
        } else if !buf.is_empty() {
            f(buf);
            buf.clear();
        }
    }
    if !buf.is_empty() {
        f(buf);
        buf.clear();
    }
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
