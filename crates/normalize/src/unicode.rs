//! Unicode cleanup: NFC, invisible and control characters removed, every kind of space made plain.
//!
//! Runs first so that every later step (paragraphs, patterns, dateline) sees one spelling of
//! each character and only ASCII spaces and `\n` line breaks.

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// What to do with one character.
enum Action {
    Keep,
    Drop,
    Replace(&'static str),
    /// ZWJ and ZWNJ: kept where they change spelling (Persian, Indic scripts, emoji), dropped
    /// between two Latin letters or digits, where they only split a word ("Zelen\u{200D}sky"),
    /// as text pasted from some editors has them.
    Joiner,
}

fn action(c: char) -> Action {
    match c {
        '\n' | '\t' => Action::Keep,
        // `\r` is handled by the caller (CRLF is one break, a lone CR is one break).
        // A vertical tab is a line break; a form feed, a page's end (`pdftotext` writes one at
        // every page), a paragraph's: dropped, they would run two words together.
        '\r' | '\u{000B}' | '\u{0085}' | '\u{2028}' => Action::Replace("\n"),
        '\u{000C}' | '\u{2029}' => Action::Replace("\n\n"),
        '\u{00A0}' | '\u{1680}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => {
            Action::Replace(" ")
        }
        // Zero-width space, word joiner, BOM, soft hyphen, Mongolian vowel separator and the
        // bidi marks: invisible, and they break word matching and dedup shingles. ZWJ and ZWNJ
        // (U+200C, U+200D) are `Joiner`s.
        '\u{200C}' | '\u{200D}' => Action::Joiner,
        '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}' | '\u{200E}' | '\u{200F}' => {
            Action::Drop
        }
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => Action::Drop,
        c if c.is_control() => Action::Drop,
        _ => Action::Keep,
    }
}

/// The cleaned text; borrowed when nothing had to change (the common case).
pub fn clean(text: &str) -> Cow<'_, str> {
    // Printable ASCII, line breaks and tabs have nothing to map and are NFC: only the other
    // characters are looked at (decoding every character had been a tenth of the stage).
    let mapped = if unusual(text).all(|c| matches!(action(c), Action::Keep)) {
        Cow::Borrowed(text)
    } else {
        // (A joiner kept where it stands changes nothing: borrowed still.)
        let mapped = map(text);
        if mapped == text { Cow::Borrowed(text) } else { Cow::Owned(mapped) }
    };
    // Mapping goes first so that a dropped zero-width character between a letter and its
    // combining mark does not stop them composing. The quick check sees the unusual characters
    // alone: an ASCII character between two of them would have reset its record of the last
    // combining class to 0, so without it the check can only answer "no" more often (two marks
    // out of order, where a space stood between them; the text is then normalized in full, to
    // the same result), never "yes" for a text that is not NFC.
    match is_nfc_quick(unusual(&mapped)) {
        IsNormalized::Yes => mapped,
        _ => Cow::Owned(mapped.nfc().collect()),
    }
}

/// Whether a byte is printable ASCII, a line break or a tab.
fn is_plain(b: u8) -> bool {
    matches!(b, b' '..=b'~' | b'\n' | b'\t')
}

/// The characters of `text` other than printable ASCII, line breaks and tabs, in order. Runs
/// of plain bytes are skipped a block at a time (a block's test compiles to vector compares);
/// a plain byte is never part of a longer character, so a character starts at each byte found.
fn unusual(text: &str) -> impl Iterator<Item = char> + '_ {
    const BLOCK: usize = 32;
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            let end = (at + BLOCK).min(bytes.len());
            if at == end {
                return None;
            }
            if bytes[at..end].iter().fold(true, |plain, &b| plain & is_plain(b)) {
                at = end;
                continue;
            }
            while at < end && is_plain(bytes[at]) {
                at += 1;
            }
            let c = text[at..].chars().next().expect("a character starts here");
            at += c.len_utf8();
            return Some(c);
        }
    })
}

/// A letter of the Latin script (Basic Latin to Latin Extended-B, and Latin Extended
/// Additional: "ệ") or a digit.
fn is_latin(c: Option<char>) -> bool {
    c.is_some_and(|c| {
        (c < '\u{0250}' || ('\u{1E00}'..='\u{1EFF}').contains(&c))
            && (c.is_alphabetic() || c.is_ascii_digit())
    })
}

fn map(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        match action(c) {
            Action::Keep => out.push(c),
            Action::Drop => {}
            Action::Replace(s) => out.push_str(s),
            Action::Joiner => {
                // The letters on either side as they will stand: a combining mark goes with the
                // letter before it, and what is dropped (or another joiner) is looked past.
                let before = out.chars().rev().find(|c| !('\u{0300}'..='\u{036F}').contains(c));
                let after = chars.clone().find(|&c| !matches!(action(c), Action::Drop | Action::Joiner));
                if !(is_latin(before) && is_latin(after)) {
                    out.push(c);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(clean(input), expected, "input: {input:?}");
    }

    #[test]
    fn finds_the_unusual_characters() {
        let text = "plain\ttext\nthen caf\u{e9} \u{201c}quoted\u{201d}\r\n\u{7f} and a long run of plain words to cross a block \u{0301}";
        let expected: Vec<char> = text.chars().filter(|&c| !(c.is_ascii() && is_plain(c as u8))).collect();
        assert_eq!(unusual(text).collect::<Vec<_>>(), expected);
        assert_eq!(unusual("").count(), 0);
        assert_eq!(unusual(&"x".repeat(100)).count(), 0);
    }

    #[test]
    fn cleans_unicode() {
        for (input, expected) in [
            ("plain ascii\n\tstays", "plain ascii\n\tstays"),
            // NFC: e + combining acute becomes é
            ("Bucharest cafe\u{0301}", "Bucharest café"),
            ("a\u{00A0}b\u{2009}c\u{202F}d\u{3000}e", "a b c d e"),
            ("zero\u{200B}width\u{FEFF} soft\u{00AD}hyphen", "zerowidth softhyphen"),
            ("bell\u{0007} and\u{001B} escape\u{007F}", "bell and escape"),
            ("crlf\r\nline\rcr", "crlf\nline\ncr"),
            ("para\u{2029}next\u{2028}line", "para\n\nnext\nline"),
            // A form feed ends a page (a paragraph), a vertical tab a line: not two words run into one.
            ("page one.\u{000C}Page two\u{000B}goes on", "page one.\n\nPage two\ngoes on"),
            // ZWNJ is part of Persian spelling
            (
                "\u{0645}\u{06CC}\u{200C}\u{062E}\u{0648}\u{0627}\u{0647}\u{0645}",
                "\u{0645}\u{06CC}\u{200C}\u{062E}\u{0648}\u{0627}\u{0647}\u{0645}",
            ),
            // ZWJ and ZWNJ between Latin letters split a word; in an emoji sequence they stay.
            ("Zelen\u{200D}sky and Ky\u{200C}iv", "Zelensky and Kyiv"),
            (
                "family \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}",
                "family \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}",
            ),
            ("end\u{200D} start", "end\u{200D} start"),
            // Looked past what goes with it, and past a combining mark: the letters as they stand.
            ("Zelen\u{200D}\u{00AD}sky a\u{200D}\u{200C}b cafe\u{0301}\u{200D}s", "Zelensky ab cafés"),
            // Vietnamese letters are Latin; a superscript two is no letter.
            ("Vi\u{1EC7}\u{200D}t x\u{00B2}\u{200D}y", "Việt x\u{00B2}\u{200D}y"),
            // a zero-width space between a letter and its combining mark does not block NFC
            ("e\u{200B}\u{0301}", "é"),
        ] {
            check(input, expected);
        }
    }

    #[test]
    fn an_emoji_sequence_is_borrowed() {
        assert!(matches!(clean("family \u{1F468}\u{200D}\u{1F469} today"), Cow::Borrowed(_)));
    }

    #[test]
    fn ascii_input_is_borrowed() {
        assert!(matches!(clean("nothing to do here\n\nat all"), Cow::Borrowed(_)));
        assert!(matches!(clean("a \u{201c}quote\u{201d}, caf\u{e9}"), Cow::Borrowed(_)));
        assert_eq!(clean("ascii\r\nwith\x7f controls\x00"), "ascii\nwith controls");
    }
}
