//! Quote and dash unification: curly quotes become ASCII, dashes used as punctuation become one
//! spaced em dash, so that matching, tagging and dedup see one spelling of each.

use std::borrow::Cow;

const EM_DASH: &str = " — ";

/// The characters [`unify`] may change (what [`has_work`] looks for, as characters).
#[cfg(test)]
fn needs_work(c: char) -> bool {
    matches!(c, '‘' | '’' | '‚' | '‛' | '“' | '”' | '„' | '‟' | '′' | '″' | '—' | '–' | '―')
}

/// Whether `text` holds a character [`needs_work`] takes, or a double hyphen: a byte scan. Every
/// such character is U+2013-U+2015, U+2018-U+201F or U+2032-U+2033, three bytes `E2 80 xx`, so
/// only the bytes after an `E2` are looked at (decoding every character had been 4% of the
/// stage).
fn has_work(text: &[u8]) -> bool {
    // Built once: `memmem::find` builds its searcher on every call.
    static DOUBLE_HYPHEN: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"--"));
    memchr::memchr_iter(0xE2, text).any(|i| {
        text.get(i + 1) == Some(&0x80)
            && matches!(text.get(i + 2), Some(0x93..=0x95 | 0x98..=0x9F | 0xB2 | 0xB3))
    }) || DOUBLE_HYPHEN.find(text).is_some()
}

/// Space, or a dash that will be spaced: what a double hyphen used as a dash stands beside.
fn is_gap(c: char) -> bool {
    matches!(c, ' ' | '—' | '–' | '―')
}

/// `paragraph` with quotes and dashes unified; borrowed when there was nothing to change.
/// Expects a paragraph as [`crate::paragraphs`] makes it: trimmed, single spaces.
pub fn unify(paragraph: &str) -> Cow<'_, str> {
    if !has_work(paragraph.as_bytes()) {
        return Cow::Borrowed(paragraph);
    }
    let mut out = String::with_capacity(paragraph.len() + 8);
    let mut prev: Option<char> = None;
    let mut skip_spaces = false;
    let mut chars = paragraph.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if skip_spaces && c == ' ' {
            continue;
        }
        skip_spaces = false;
        let next = chars.peek().map(|&(_, n)| n);
        match c {
            '‘' | '’' | '‚' | '‛' => out.push('\''),
            '“' | '”' | '„' | '‟' => out.push('"'),
            // After a digit a prime is a unit (5′10″, 45″), not a quote.
            '′' | '″' if prev.is_some_and(|p| p.is_ascii_digit()) => out.push(c),
            '′' => out.push('\''),
            '″' => out.push('"'),
            '—' | '―' => skip_spaces = push_dash(&mut out),
            // An en dash between two words or numbers joins a range (2014–2022) or a pair
            // (Paris–Berlin): it stays.
            '–' if prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric) => {
                out.push(c)
            }
            // Before a figure, after a space or bracket, it is a minus sign (`fell to –15C`,
            // `(–3.2%)`): the figure keeps its sign, as a hyphen-minus.
            '–' if next.is_some_and(|n| n.is_ascii_digit()) && !prev.is_some_and(char::is_alphanumeric) => {
                out.push('-')
            }
            '–' => skip_spaces = push_dash(&mut out),
            '-' if next == Some('-') => {
                let run = paragraph[i..].bytes().take_while(|&b| b == b'-').count();
                let after = paragraph[i + run..].chars().next();
                let spaced = prev.is_none_or(is_gap) && after.is_none_or(is_gap);
                let between_letters =
                    prev.is_some_and(char::is_alphabetic) && after.is_some_and(char::is_alphabetic);
                if run <= 3 && (spaced || between_letters) {
                    skip_spaces = push_dash(&mut out);
                    prev = Some('—');
                } else {
                    out.push_str(&paragraph[i..i + run]);
                    prev = Some('-');
                }
                for _ in 1..run {
                    chars.next();
                }
                continue;
            }
            _ => out.push(c),
        }
        prev = Some(c);
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    Cow::Owned(out)
}

/// Appends a spaced em dash (unspaced at the start of the paragraph); returns true so the
/// caller skips the spaces that followed the original dash.
fn push_dash(out: &mut String) -> bool {
    let kept = out.trim_end().len();
    out.truncate(kept);
    if out.is_empty() {
        out.push_str("— ");
    } else if !out.ends_with('—') {
        out.push_str(EM_DASH);
    } else {
        // A doubled dash (`——`) stays one dash.
        out.push(' ');
    }
    true
}

/// Contractions and possessives that a tokenizer split off and no one joined back ("isn 't",
/// "Wednesday 's", "country 's": a fifth of AG News' texts have them) lose the space before
/// them. Only after a letter or figure ("n 't" only after "isn", "don" and the like, not Dutch
/// "in 't Veld"), in either case ("ISN 'T"), and only as a whole word: "the
/// 's' key", "'so what'", "'90s", "'s-Hertogenbosch" stay.
pub fn rejoin_contractions(paragraph: &str) -> Cow<'_, str> {
    /// The words "n't" follows.
    const NEGATED: &[&str] = &[
        "ain", "aren", "can", "couldn", "didn", "doesn", "don", "hadn", "hasn", "haven", "isn", "mightn",
        "mustn", "needn", "shan", "shouldn", "wasn", "weren", "won", "wouldn",
    ];
    const CLITICS: &[&str] = &["s", "t", "re", "ve", "ll", "d", "m"];
    const CURLY: &[u8] = "’".as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let bytes = paragraph.as_bytes();
    // Each apostrophe after a space, found by a byte scan (most paragraphs have none): a
    // straight one, or the curly one's first byte followed by its other two.
    for at in memchr::memchr2_iter(b'\'', CURLY[0], bytes) {
        let len = match bytes[at] {
            b'\'' => 1,
            _ if bytes[at..].starts_with(CURLY) => CURLY.len(),
            _ => continue,
        };
        let Some(space) = at.checked_sub(1).filter(|&i| bytes[i] == b' ') else { continue };
        let rest = &paragraph[at + len..];
        let before = paragraph[..space].chars().next_back();
        let word_before = paragraph[..space]
            .rsplit(' ')
            .next()
            .unwrap_or_default()
            .trim_start_matches(['"', '“', '(', '\'', '‘']);
        let capitals_before = !word_before.is_empty() && !word_before.contains(char::is_lowercase);
        let whole = |clitic: &str| {
            let Some(head) = rest.get(..clitic.len()) else { return false };
            (head == clitic || capitals_before && head.eq_ignore_ascii_case(clitic))
                && matches!(
                    rest[clitic.len()..].chars().next(),
                    None | Some(' ' | '.' | ',' | ';' | ':' | '!' | '?' | ')' | '"' | '—')
                )
        };
        let joins = match CLITICS.iter().find(|clitic| whole(clitic)) {
            // "isn 't", not Dutch "in 't Veld", "van 't Hoff".
            Some(&"t") => NEGATED.iter().any(|w| w.eq_ignore_ascii_case(word_before)),
            Some(_) => before.is_some_and(char::is_alphanumeric),
            None => false,
        };
        if joins {
            out.push_str(&paragraph[copied..space]);
            copied = space + 1;
        }
    }
    if copied == 0 {
        return Cow::Borrowed(paragraph);
    }
    out.push_str(&paragraph[copied..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(unify(input), expected, "input: {input:?}");
    }

    #[test]
    fn the_byte_scan_finds_what_needs_work() {
        let mut buf = [0; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = c.encode_utf8(&mut buf);
            assert_eq!(has_work(text.as_bytes()), needs_work(c), "{c:?} (U+{:04X})", c as u32);
        }
        assert!(has_work(b"a -- b") && !has_work(b"a - b -"));
    }

    #[test]
    fn rejoins_contractions_a_tokenizer_split_off() {
        for (input, expected) in [
            ("Eriksson said he isn 't under pressure.", "Eriksson said he isn't under pressure."),
            ("ahead of Wednesday 's friendly", "ahead of Wednesday's friendly"),
            ("his country 's first medal, they 're sure", "his country's first medal, they're sure"),
            ("It wasn ’t the first. I 'm", "It wasn’t the first. I'm"),
            ("the IEEE 's consideration.", "the IEEE's consideration."),
            // not a contraction: quotes, decades, a place, "t" after no n
            ("the 's' key and 'so what'", "the 's' key and 'so what'"),
            ("in the '90s", "in the '90s"),
            ("in 's-Hertogenbosch", "in 's-Hertogenbosch"),
            ("he said 't was", "he said 't was"),
            ("rock 'n' roll", "rock 'n' roll"),
            ("Sophie in 't Veld and Jacobus van 't Hoff", "Sophie in 't Veld and Jacobus van 't Hoff"),
            ("HE ISN 'T AND THE CLUB 'S COACH", "HE ISN'T AND THE CLUB'S COACH"),
            ("the club 'S coach", "the club 'S coach"),
            ("\"Don 't tell anyone,\" he said", "\"Don't tell anyone,\" he said"),
            ("a list: 's", "a list: 's"),
        ] {
            assert_eq!(rejoin_contractions(input), expected, "input: {input:?}");
        }
        assert!(matches!(rejoin_contractions("no quotes here"), Cow::Borrowed(_)));
        assert!(matches!(rejoin_contractions("the 's' key"), Cow::Borrowed(_)));
    }

    #[test]
    fn quotes_become_ascii() {
        for (input, expected) in [
            ("France’s offer", "France's offer"),
            ("“I don’t think so,” he said.", "\"I don't think so,\" he said."),
            ("„Nein“ und ‚ja‘", "\"Nein\" und 'ja'"),
            ("the ‛old’ and ‟new” forms", "the 'old' and \"new\" forms"),
            ("primes as quotes: ″contain″ and don′t", "primes as quotes: \"contain\" and don't"),
            ("primes as units: 5′10″ and 45″ stay", "primes as units: 5′10″ and 45″ stay"),
        ] {
            check(input, expected);
        }
    }

    #[test]
    fn dashes_used_as_punctuation_become_spaced_em_dashes() {
        for (input, expected) in [
            ("efforts — coupled with sanctions — to deter", "efforts — coupled with sanctions — to deter"),
            ("efforts -- coupled with sanctions -- to deter", "efforts — coupled with sanctions — to deter"),
            ("efforts—coupled with sanctions—to deter", "efforts — coupled with sanctions — to deter"),
            ("efforts – coupled with sanctions – to deter", "efforts — coupled with sanctions — to deter"),
            ("efforts ― coupled", "efforts — coupled"),
            ("typewriter--style dash", "typewriter — style dash"),
            ("— a quote opening the paragraph", "— a quote opening the paragraph"),
            ("a paragraph trailing off —", "a paragraph trailing off —"),
            ("doubled —— dash", "doubled — dash"),
            ("mixed --– dashes", "mixed — dashes"),
            ("a–-- b", "a — b"),
            ("one -- -- two", "one — two"),
        ] {
            check(input, expected);
        }
    }

    #[test]
    fn hyphens_and_ranges_stay() {
        for input in [
            "ex-Soviet Ukraine, a pro-EU former Soviet republic",
            "between 2014–2022 and pages 3–5",
            "the Paris–Berlin train",
            "WASHINGTON (Reuters) - The U.S.",
            "a score of 3-2, 10 - 4 and x - y",
            "command --help and ---- rules",
            "nothing to do at all",
        ] {
            check(input, input);
        }
        assert!(matches!(unify("ex-Soviet 3-2"), Cow::Borrowed(_)));
        // An en dash as a minus sign keeps the figure's sign.
        for (input, expected) in [
            ("temperatures fell to –15C overnight", "temperatures fell to -15C overnight"),
            ("a change of (–3.2%) and –0.5 points", "a change of (-3.2%) and -0.5 points"),
            ("–40 at the pole", "-40 at the pole"),
            ("it fell – 15 points – in a day", "it fell — 15 points — in a day"),
        ] {
            check(input, expected);
        }
    }
}
