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

/// Fill `words` with the words of `text`.
pub(crate) fn scan_words(text: &str, words: &mut Vec<Word>) {
    words.clear();
    let bytes = text.as_bytes();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, c)) = chars.peek() {
            if c.is_alphanumeric() {
                end = i + c.len_utf8();
                chars.next();
                continue;
            }
            let joiner = matches!(c, '-' | '\'' | '\u{2019}');
            let after = text[i + c.len_utf8()..].chars().next();
            let possessive = c != '-'
                && matches!(after, Some('s'))
                && !bytes.get(i + c.len_utf8() + 1).is_some_and(|b| b.is_ascii_alphanumeric());
            if joiner && after.is_some_and(char::is_alphanumeric) && !possessive {
                chars.next();
                continue;
            }
            if possessive {
                // Skip the "'s" so it never shows up as a word of its own.
                chars.next();
                chars.next();
            }
            break;
        }
        words.push(Word { start, end });
    }
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

    fn check(text: &str) -> Vec<&str> {
        let mut words = Vec::new();
        scan_words(text, &mut words);
        words.iter().map(|w| &text[w.start..w.end]).collect()
    }

    #[test]
    fn words_keep_inner_joiners_and_drop_possessives() {
        assert_eq!(check("Jean-Yves Le Drian's"), ["Jean-Yves", "Le", "Drian"]);
        assert_eq!(check("Russia’s O'Brien don't"), ["Russia", "O'Brien", "don't"]);
        assert_eq!(check("3,000 troops, (VJTF) in 2022."), ["3", "000", "troops", "VJTF", "in", "2022"]);
        assert_eq!(check("Feb. 16 — 習近平"), ["Feb", "16", "習近平"]);
        assert_eq!(check("states' rights -x- "), ["states", "rights", "x"]);
    }
}
