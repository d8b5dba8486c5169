//! Quote and dash unification: curly quotes become ASCII, dashes used as punctuation become one
//! spaced em dash, so that matching, tagging and dedup see one spelling of each.

use std::borrow::Cow;

const EM_DASH: &str = " — ";

fn needs_work(c: char) -> bool {
    matches!(c, '‘' | '’' | '‚' | '‛' | '“' | '”' | '„' | '‟' | '′' | '″' | '—' | '–' | '―')
}

/// Space, or a dash that will be spaced: what a double hyphen used as a dash stands beside.
fn is_gap(c: char) -> bool {
    matches!(c, ' ' | '—' | '–' | '―')
}

/// `paragraph` with quotes and dashes unified; borrowed when there was nothing to change.
/// Expects a paragraph as [`crate::paragraphs`] makes it: trimmed, single spaces.
pub fn unify(paragraph: &str) -> Cow<'_, str> {
    if !paragraph.contains(needs_work) && !paragraph.contains("--") {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(unify(input), expected, "input: {input:?}");
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
    }
}
