//! Byte-offset helpers shared by the proposers: the word scan every rule works on, and the
//! boundary and case tests. Everything here borrows the document text; nothing allocates
//! per word.

/// One word: a maximal run of letters and digits, with inner hyphens and apostrophes
/// ("Jean-Yves", "O'Brien") but without a possessive ending ("Putin's" is the word "Putin").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Word {
    pub start: usize,
    pub end: usize,
}

/// The document text and its words, computed once per document and shared by the proposers.
pub(crate) struct Scan<'a> {
    pub text: &'a str,
    pub words: &'a [Word],
}

impl<'a> Scan<'a> {
    pub fn word(&self, i: usize) -> &'a str {
        let w = self.words[i];
        &self.text[w.start..w.end]
    }

    /// The text between word `i` and word `i + 1` (empty past the end).
    pub fn gap_after(&self, i: usize) -> &'a str {
        match (self.words.get(i), self.words.get(i + 1)) {
            (Some(a), Some(b)) => &self.text[a.end..b.start],
            _ => "",
        }
    }
}

/// Fill `words` with the words of `text`: runs of letters and digits, joined by a hyphen or an
/// apostrophe between two of them ("Jean-Yves", "O'Brien", "don't"), but for a possessive "'s",
/// which is no part of any word ("Putin's" is the word "Putin").
pub(crate) fn scan_words(text: &str, words: &mut Vec<Word>) {
    words.clear();
    let bytes = text.as_bytes();
    let mut word: Option<Word> = None;
    for_each_run(text, |mut start, end| {
        if let Some(current) = &mut word {
            // A hyphen, an apostrophe or a right single quotation mark (’) alone between the two.
            let joiner = matches!(bytes[current.end..start], [b'-'] | [b'\''] | [0xE2, 0x80, 0x99]);
            let possessive = joiner
                && bytes[current.end] != b'-'
                && bytes[start] == b's'
                && !bytes.get(start + 1).is_some_and(u8::is_ascii_alphanumeric);
            if joiner && !possessive {
                current.end = end;
                return;
            }
            words.push(*current);
            word = None;
            if possessive {
                // The "'s" is skipped; a letter after it (outside ASCII) opens a word.
                start += 1;
                if start == end {
                    return;
                }
            }
        }
        word = Some(Word { start, end });
    });
    words.extend(word);
}

/// Calls `run` with the start and end (byte offsets) of every run of letters and digits
/// (Unicode's) in `text`, in order. Unlike [`scan_words`], a hyphen or an apostrophe ends a
/// run ("Jean-Pierre" has two, "Putin's" two). Every tag of a text reads its words, and the
/// gazetteer its runs: so ASCII text is read 64 bytes at a time, as a bit mask of its letters
/// and digits whose runs' first and last bits are found by shifts, and only a block with a
/// byte outside ASCII is decoded a character at a time.
pub(crate) fn for_each_run(text: &str, mut run: impl FnMut(usize, usize)) {
    const BLOCK: usize = 64;
    let bytes = text.as_bytes();
    // Where the run being read started, if the character just before `at` is in one.
    let mut open: Option<usize> = None;
    let mut at = 0;
    while at < bytes.len() {
        let block = &bytes[at..bytes.len().min(at + BLOCK)];
        if block.is_ascii() {
            // The text's last block is padded with zero bytes (no letter or digit).
            let mut padded = [0u8; BLOCK];
            let full = if block.len() == BLOCK {
                block
            } else {
                padded[..block.len()].copy_from_slice(block);
                &padded
            };
            let mut mask = 0;
            for (k, eight) in full.chunks_exact(8).enumerate() {
                let eight = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
                mask |= alphanumeric_bits(eight) << (8 * k);
            }
            // A run starts at a set bit after a clear one, and ends at a clear bit after a set
            // one; runs alternate, so the two kinds of place come in turn.
            let before = mask << 1 | u64::from(open.is_some());
            let mut edges = (mask & !before) | (!mask & before);
            if block.len() < BLOCK {
                edges &= (1 << block.len()) - 1;
            }
            while edges != 0 {
                let place = at + edges.trailing_zeros() as usize;
                match open.take() {
                    Some(start) => run(start, place),
                    None => open = Some(place),
                }
                edges &= edges - 1;
            }
            at += block.len();
            continue;
        }
        // A character at a time, to the first character at or past the block's end.
        let end = at + block.len();
        let mut next = bytes.len();
        for (k, c) in text[at..].char_indices() {
            if at + k >= end {
                next = at + k;
                break;
            }
            match (is_alphanumeric(c), open) {
                (true, None) => open = Some(at + k),
                (false, Some(start)) => {
                    run(start, at + k);
                    open = None;
                }
                _ => {}
            }
        }
        at = next;
    }
    if let Some(start) = open {
        run(start, bytes.len());
    }
}

/// Bit k set where byte k of `eight` (eight ASCII bytes, little-endian) is a letter or digit:
/// a byte at a time in a few operations on all eight, as no byte reaches 0x80 and so no sum
/// below carries from one byte into the next.
fn alphanumeric_bits(eight: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    // Each byte's high bit: whether the byte is `lo` or more.
    let at_least = |x: u64, lo: u8| x.wrapping_add(ONES * u64::from(0x80 - lo)) & HIGH;
    let digits = at_least(eight, b'0') & !at_least(eight, b'9' + 1);
    // Upper case folded to lower (digits keep their values: 0x20 is set in them already).
    let folded = eight | (ONES * 0x20);
    let letters = at_least(folded, b'a') & !at_least(folded, b'z' + 1);
    // Byte k's high bit to bit k (the product's top byte gathers them, no two overlapping).
    ((digits | letters) >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() { c.is_ascii_alphanumeric() } else { c.is_alphanumeric() }
}

/// A hasher for short string keys (word lists): FxHash, much cheaper than SipHash here, and
/// the keys are our own word lists, not attacker-chosen.
#[derive(Default, Clone, Copy)]
pub(crate) struct WordHasher(u64);

impl std::hash::Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0xf135_7aea_2e62_a9c5;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.0 = (self.0 ^ u64::from_le_bytes(chunk.try_into().unwrap())).wrapping_mul(K).rotate_left(26);
        }
        let mut tail = 0u64;
        for (k, &b) in chunks.remainder().iter().enumerate() {
            tail |= (b as u64) << (8 * k);
        }
        self.0 = (self.0 ^ tail ^ bytes.len() as u64).wrapping_mul(K).rotate_left(26);
    }
    fn write_u8(&mut self, b: u8) {
        self.0 = (self.0 ^ b as u64).wrapping_mul(0xf135_7aea_2e62_a9c5);
    }
}

/// A set of words hashed with [`WordHasher`].
pub(crate) type WordSet<T> = std::collections::HashSet<T, std::hash::BuildHasherDefault<WordHasher>>;

/// A map from words, hashed with [`WordHasher`].
pub(crate) type WordMap<V> =
    std::collections::HashMap<&'static str, V, std::hash::BuildHasherDefault<WordHasher>>;

/// The word before byte `at` of `text`, one space before it (opening punctuation and markup
/// aside: "(", a quotation mark, Reuters's "<"), and where it starts.
pub(crate) fn word_a_space_before(text: &str, at: usize) -> Option<(usize, &str)> {
    let before = text[..at].strip_suffix(' ')?;
    let word = before.rsplit([' ', '\n', '\t', '(', '"', '<']).next().unwrap_or(before);
    Some((before.len() - word.len(), word))
}

/// The word after byte `at` of `text`, one space after it: its letters and digits up to the
/// first other character ("II" of " II, who"), empty if one comes at once.
pub(crate) fn word_a_space_after(text: &str, at: usize) -> Option<&str> {
    let rest = text[at..].strip_prefix(' ')?;
    Some(&rest[..rest.find(|c: char| !c.is_alphanumeric()).unwrap_or(rest.len())])
}

/// Whether a word at byte `start` opens a sentence, a line or a quotation: nothing before it
/// on its line but opening punctuation, or a sentence end, colon, quote or dash before it.
pub(crate) fn opens_sentence(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end_matches([' ', '\t']);
    before.is_empty()
        || before.ends_with(['\n', '.', '!', '?', ':', ';', '"', '\'', '(', '[', '\u{2014}', '-'])
}

/// What Reuters writes in angle brackets (a company's name or a stock ticker: "<Spie
/// Batignolles>", "<GT>"): the text between each "<" and the ">" that closes it on the same
/// line, at most 80 bytes on, with where it starts; another "<" first opens a new one.
pub(crate) fn angle_bracketed(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut from = 0;
    std::iter::from_fn(move || {
        loop {
            let open = from + memchr::memchr(b'<', &text.as_bytes()[from..])?;
            let rest = &text[open + 1..];
            let close = rest.find(['>', '<', '\n'])?;
            from = open + 1 + close;
            if rest[close..].starts_with('>') && close <= 80 {
                return Some((open + 1, &rest[..close]));
            }
        }
    })
}

/// A word of one letter (of any script: "α", not only "j"): an initial.
pub(crate) fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some() && chars.next().is_none()
}

pub(crate) fn char_before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

pub(crate) fn char_after(text: &str, at: usize) -> Option<char> {
    text[at..].chars().next()
}

/// Whether `start..end` stands alone as a word: no letter or digit glued on either side.
/// Hyphens and apostrophes are boundaries, so "pro-EU" and "China's" match "EU" and "China".
pub(crate) fn is_word_bounded(text: &str, start: usize, end: usize) -> bool {
    !char_before(text, start).is_some_and(char::is_alphanumeric)
        && !char_after(text, end).is_some_and(char::is_alphanumeric)
}

/// `name` split at its first " of " ("Bank" and "England" of "Bank of England"). (By a searcher
/// built once: `str::split_once` builds one for every call, which costs more than the search
/// in a name of a few words, and this is asked of many names.)
pub(crate) fn split_at_of(name: &str) -> Option<(&str, &str)> {
    static OF: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(" of "));
    let at = OF.find(name.as_bytes())?;
    Some((&name[..at], &name[at + 4..]))
}

/// The largest char boundary of `text` at or before byte `at` (past the end: its length), where a
/// read of at most `at` bytes may stop. (`str::floor_char_boundary` is newer than the workspace's
/// minimum Rust.)
pub(crate) fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The last word of `name` before any " of ", the word that says what a body is: "Bank" of
/// "Bank of England", "Fund" of "International Monetary Fund".
pub(crate) fn last_word_before_of(name: &str) -> &str {
    let before_of = split_at_of(name).map_or(name, |(before, _)| before);
    before_of.rsplit(' ').next().unwrap_or(before_of)
}

/// Whether `text` has `word` somewhere as a word of its own ([`is_word_bounded`]).
pub(crate) fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| is_word_bounded(text, at, at + word.len()))
}

pub(crate) fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Every letter upper case, and at least one letter ("NATO", "U.S.", "G7").
pub(crate) fn is_all_caps(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters > 0
}

/// "Nato": an upper-case letter followed only by lower-case ones.
pub(crate) fn is_title_case(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.all(|c| !c.is_alphabetic() || c.is_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_stops_at_a_char_boundary() {
        // "é" is bytes 1..3: a read of 2 bytes stops before it; past the end, at the end.
        assert_eq!(floor_char_boundary("héllo", 2), 1);
        assert_eq!(floor_char_boundary("héllo", 3), 3);
        assert_eq!(floor_char_boundary("héllo", 64), 6);
    }

    #[test]
    fn a_name_splits_at_its_first_of() {
        for name in
            ["Bank of England", "Lord Butler of Brockwell", "Bank of the Bank of Spain", "Gulf of", "of ", ""]
        {
            assert_eq!(split_at_of(name), name.split_once(" of "), "{name:?}");
        }
        assert_eq!(split_at_of("Bank of England"), Some(("Bank", "England")));
        assert_eq!(split_at_of("Bank ofEngland"), None);
    }

    fn check(text: &str) -> Vec<&str> {
        let mut words = Vec::new();
        scan_words(text, &mut words);
        words.iter().map(|w| &text[w.start..w.end]).collect()
    }

    #[test]
    fn runs_are_those_of_a_character_at_a_time() {
        let long = "Jean-Pierre Raffarin's talks: 3,000 troops (VJTF) in 2022. ".repeat(3);
        let texts = [
            String::new(),
            "a".into(),
            " ".into(),
            long.clone(),
            // Characters outside ASCII at and across the 64-byte blocks' edges.
            format!("{}Zürich’s naïve café — 習近平 met Zelenskyy. ", "x".repeat(60)),
            format!("{}é{}", "ab ".repeat(21), "cd ".repeat(30)),
            format!("{}習{}", "y".repeat(63), "z-w ".repeat(20)),
            format!("{long}Αθήνα και Μόσχα, 北京 and the 東京 office{long}"),
            "ééé ééé".repeat(20),
        ];
        for text in &texts {
            let mut expected = Vec::new();
            let mut open = None;
            for (i, c) in text.char_indices() {
                match (is_alphanumeric(c), open) {
                    (true, None) => open = Some(i),
                    (false, Some(start)) => {
                        expected.push((start, i));
                        open = None;
                    }
                    _ => {}
                }
            }
            expected.extend(open.map(|start| (start, text.len())));
            let mut found = Vec::new();
            for_each_run(text, |start, end| found.push((start, end)));
            assert_eq!(found, expected, "{text:?}");
        }
    }

    #[test]
    fn alphanumeric_bits_are_those_of_each_byte() {
        for first in 0..128u8 {
            // Every ASCII byte at every place, among others of each kind.
            let mut bytes = [b'a', b' ', b'Z', b'0', b'-', b'9', b'@', first];
            for _ in 0..8 {
                bytes.rotate_left(1);
                let expected = bytes
                    .iter()
                    .enumerate()
                    .fold(0, |m, (k, b)| m | u64::from(b.is_ascii_alphanumeric()) << k);
                assert_eq!(alphanumeric_bits(u64::from_le_bytes(bytes)), expected, "{bytes:?}");
            }
        }
    }

    /// `scan_words` as it was before it read runs (a byte or character at a time, the lone "s"
    /// after a space no longer swallowed).
    fn reference_words(text: &str, words: &mut Vec<Word>) {
        words.clear();
        let bytes = text.as_bytes();
        // The character at byte `i` and its width, without decoding ASCII.
        let char_at = |i: usize| -> (char, usize) {
            if bytes[i] < 0x80 {
                (bytes[i] as char, 1)
            } else {
                let c = text[i..].chars().next().unwrap_or(' ');
                (c, c.len_utf8())
            }
        };
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] < 0x80 && !bytes[i].is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            let (c, width) = char_at(i);
            i += width;
            if !is_alphanumeric(c) {
                continue;
            }
            let start = i - width;
            let mut end = i;
            while i < bytes.len() {
                if bytes[i].is_ascii_alphanumeric() {
                    i += 1;
                    end = i;
                    continue;
                }
                // Most words end at a space or a punctuation mark that joins nothing.
                if bytes[i] < 0x80 && !matches!(bytes[i], b'-' | b'\'') {
                    break;
                }
                let (c, width) = char_at(i);
                if is_alphanumeric(c) {
                    i += width;
                    end = i;
                    continue;
                }
                if !matches!(c, '-' | '\'' | '\u{2019}') {
                    break;
                }
                // A hyphen or an apostrophe joins the letters around it ("Jean-Pierre", "O'Brien"),
                // but for a possessive "'s".
                let after_at = i + width;
                let after = (after_at < bytes.len()).then(|| char_at(after_at).0);
                let possessive = c != '-'
                    && after == Some('s')
                    && !bytes.get(after_at + 1).is_some_and(|b| b.is_ascii_alphanumeric());
                if after.is_some_and(is_alphanumeric) && !possessive {
                    i = after_at;
                    continue;
                }
                if possessive {
                    // Skip the "'s" so it never shows up as a word of its own.
                    i = after_at + 1;
                }
                break;
            }
            words.push(Word { start, end });
        }
    }

    #[test]
    fn words_are_those_of_a_character_at_a_time() {
        // Texts of words, joiners, possessives and characters outside ASCII in every order, long
        // enough to cross the 64-byte blocks: drawn by a fixed sequence, so the test is the
        // same on every run.
        let pieces = [
            "a", "s", "Putin", "O", "’", "'", "-", "s ", " ", ", ", "é", "Zürich", "—", "3", "\n", "x-",
            "'s", "’s", "習", "ß", "Co.", "don't", "-0", "s-", "'S",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(state % 80) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let (mut found, mut expected) = (Vec::new(), Vec::new());
            scan_words(&text, &mut found);
            reference_words(&text, &mut expected);
            let spans = |words: &[Word]| words.iter().map(|w| (w.start, w.end)).collect::<Vec<_>>();
            assert_eq!(spans(&found), spans(&expected), "{text:?}");
        }
    }

    #[test]
    fn words_keep_inner_joiners_and_drop_possessives() {
        assert_eq!(check("Jean-Yves Le Drian's"), ["Jean-Yves", "Le", "Drian"]);
        assert_eq!(check("Russia’s O'Brien don't"), ["Russia", "O'Brien", "don't"]);
        assert_eq!(check("3,000 troops, (VJTF) in 2022."), ["3", "000", "troops", "VJTF", "in", "2022"]);
        assert_eq!(check("Feb. 16 — 習近平"), ["Feb", "16", "習近平"]);
        assert_eq!(check("states' rights -x- "), ["states", "rights", "x"]);
        // Only an apostrophe makes a possessive: a lone "s" after a space or a comma is a word.
        assert_eq!(check("Plan s, B s. Café’s s"), ["Plan", "s", "B", "s", "Café", "s"]);
        assert_eq!(check("Zürich-based naïve s-"), ["Zürich-based", "naïve", "s"]);
    }
}
