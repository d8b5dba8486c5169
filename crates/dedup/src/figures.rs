//! A short text's figures: the numbers and dates that tell one report of a template from the next.
//!
//! A dividend brief ("Qtly div 17-1/2 cts vs 17-1/2 cts prior. Pay June 5. Record May 22"), a
//! weekly output report, a bill auction's rates or a market's slaughter estimates are one set of
//! words with figures changed: two of them share most of their shingles and pass the rule, yet
//! each is news of its own. Copies of one short report keep its figures. So two texts both shorter
//! than [`SHORT_WORDS`] are copies only if their figures agree: of the distinct figures of the one
//! with fewer (when it has at least [`MIN_FIGURES`]), more than half are in the other. Long texts
//! are not judged by figures: a reprinted article keeps most of its figures, but a trimmed or an
//! extended copy has others (on the labelled syndication set no copy fails the test; without the
//! limit on length, long trimmed and extended copies would).
//!
//! A figure is a run of digits, with the points, commas, slashes, colons and hyphens inside it
//! ("17-1/2", "1,200" as "1200", "6.8", "12:00"), a capitalised month's name ("April", "Apr"), or
//! a date, a month and the day of one or two digits beside it ("April 15", "15 April"). Each is
//! kept as a 64-bit hash, the set sorted. Not a number written as a word: prose has them ("two
//! decades"), and two excerpts of one story, sharing a paragraph, each had one the other had not.

use xxhash_rust::xxh3::xxh3_64;

/// Texts shorter than this many words (on both sides of a pair) are judged by their figures too.
pub const SHORT_WORDS: usize = 200;

/// A text with fewer figures than this is not judged by them: one figure is too little to tell
/// (a dateline's year left in one copy and not the other).
pub const MIN_FIGURES: usize = 2;

/// A text's length in words and, when short, its figures.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    words: usize,
    /// Sorted, distinct hashes; empty for a long text (not judged by figures).
    values: Vec<u64>,
}

impl Figures {
    /// The figures of `text`, its words counted as runs of letters (any non-ASCII character
    /// taken for one) and numbers: close to the shingles' count, not the same ("17-1/2" is one
    /// word here, three there).
    pub fn of(text: &str) -> Figures {
        let mut values = Vec::new();
        let words = each_figure(text, |figure| values.push(xxh3_64(figure.as_bytes())));
        values.sort_unstable();
        values.dedup();
        Figures { words, values }
    }

    /// The figures of `text` as written in their one form ("17-1/2", "Apr 15", "May"), distinct,
    /// in the order they come; none for a long text. For a message.
    pub fn listed(text: &str) -> Vec<String> {
        let mut figures: Vec<String> = Vec::new();
        each_figure(text, |figure| {
            if !figures.iter().any(|f| *f == figure) {
                figures.push(figure.into_owned());
            }
        });
        figures
    }

    /// Whether two texts' figures let them be copies of each other: always unless both are
    /// short and the one with fewer figures (at least [`MIN_FIGURES`]) has no more than half of
    /// them in the other.
    pub fn agree(&self, other: &Figures) -> bool {
        if self.words >= SHORT_WORDS || other.words >= SHORT_WORDS {
            return true;
        }
        let (few, many) = if self.values.len() <= other.values.len() { (self, other) } else { (other, self) };
        if few.values.len() < MIN_FIGURES {
            return true;
        }
        let shared = few.values.iter().filter(|v| many.values.binary_search(v).is_ok()).count();
        2 * shared > few.values.len()
    }

    /// When the figures of texts `a` and `b` keep them from being copies ([`Figures::agree`]),
    /// the figures of each that the other lacks, for a message.
    pub fn differ(a: &str, b: &str) -> Option<(Vec<String>, Vec<String>)> {
        if Figures::of(a).agree(&Figures::of(b)) {
            return None;
        }
        let (a, b) = (Figures::listed(a), Figures::listed(b));
        let only = |x: &[String], y: &[String]| x.iter().filter(|f| !y.contains(f)).cloned().collect();
        Some((only(&a, &b), only(&b, &a)))
    }

    /// The figures' count, for a message.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Whether the text is long enough not to be judged by its figures (its words are counted
    /// up to [`SHORT_WORDS`] only).
    pub fn is_long(&self) -> bool {
        self.words >= SHORT_WORDS
    }
}

/// Calls `found` with each figure of `text` in its one form, unless the text is long; returns
/// its number of words (counted up to [`SHORT_WORDS`]). It runs on every document of a cluster
/// that dedup releases, on the thread that reads the spool back ahead of the release: its words
/// are held on the stack, not in an allocation a document.
fn each_figure(text: &str, mut found: impl FnMut(std::borrow::Cow<'_, str>)) -> usize {
    /// A word: a number (its text), or a capitalised month (its abbreviation), or another word.
    #[derive(Clone, Copy)]
    enum Word<'t> {
        Number(&'t str),
        Month(&'static str),
        Other,
    }
    let bytes = text.as_bytes();
    let mut held = [Word::Other; SHORT_WORDS];
    let mut len = 0;
    let mut at = 0;
    while at < bytes.len() && len < SHORT_WORDS {
        let start = at;
        let word = if bytes[at].is_ascii_digit() {
            loop {
                while at < bytes.len() && bytes[at].is_ascii_digit() {
                    at += 1;
                }
                let joined = at + 1 < bytes.len()
                    && matches!(bytes[at], b'.' | b',' | b'/' | b':' | b'-')
                    && bytes[at + 1].is_ascii_digit();
                if !joined {
                    break;
                }
                at += 1;
            }
            Word::Number(&text[start..at])
        } else if bytes[at].is_ascii_alphabetic() || bytes[at] >= 0x80 {
            while at < bytes.len() && (bytes[at].is_ascii_alphabetic() || bytes[at] >= 0x80) {
                at += 1;
            }
            // A capitalised month's full name or abbreviation ("April", "Apr", "Sept"; not the
            // verbs "may" and "march").
            match copydesk_core::months::number(&text[start..at]) {
                Some(n) => Word::Month(copydesk_core::months::ABBREVIATIONS[n as usize - 1]),
                None => Word::Other,
            }
        } else {
            at += 1;
            continue;
        };
        held[len] = word;
        len += 1;
    }
    if len >= SHORT_WORDS {
        return len;
    }
    let words = &held[..len];
    // A day of one or two digits beside a month, before it or after: one figure, the date ("Pay
    // April 15" and "Record April 3" are two dates, not April twice; "15 April" is "April 15").
    let day = |word: Option<&Word<'_>>| match word {
        Some(Word::Number(n)) if n.len() <= 2 => n.parse::<u32>().ok(),
        _ => None,
    };
    let mut k = 0;
    while k < words.len() {
        match words[k] {
            Word::Number(n) => match (day(Some(&words[k])), words.get(k + 1)) {
                (Some(d), Some(Word::Month(month))) => {
                    found(format!("{month} {d}").into());
                    k += 1;
                }
                // A number as its digits and points: "1,200" is "1200", as restyled copy writes it.
                _ if n.contains(',') => found(n.replace(',', "").into()),
                _ => found(n.into()),
            },
            Word::Month(month) => match day(words.get(k + 1)) {
                Some(d) => {
                    found(format!("{month} {d}").into());
                    k += 1;
                }
                None => found(month.into()),
            },
            Word::Other => {}
        }
        k += 1;
    }
    len
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agree(a: &str, b: &str) -> bool {
        Figures::of(a).agree(&Figures::of(b))
    }

    #[test]
    fn briefs_of_one_template_with_other_figures_disagree() {
        let a = "Qtly div 17-1/2 cts vs 17-1/2 cts prior\n\nPay June 5\n\nRecord May 22";
        let b = "Qtly div 17-1/2 cts vs 17-1/2 cts prior\n\nPay April 20\n\nRecord April 2.";
        assert!(!agree(a, b));
        assert!(!agree(
            "Qtly div five cts vs five cts prior Pay Nov 19 Record Nov Five",
            "Qtly div five cts vs five cts prior Pay March 31 Record March 16"
        ));
        // A copy keeps its figures, whatever else changed.
        assert!(agree(a, &format!("Quarterly dividend: {}", a.replace("prior", "previously"))));
        assert!(agree(a, a));
    }

    #[test]
    fn long_texts_and_texts_of_few_figures_are_not_judged() {
        // Too few figures to judge: a dateline's date ("Sept 13", "2004") left in one copy, and
        // one figure in the other.
        assert!(agree(
            "LOS ANGELES Sept. 13, 2004 - A consortium led by Sony Corp. agreed to buy MGM.",
            "A consortium led by Sony Corp. agreed to buy MGM for nearly $3 billion."
        ));
        let long =
            |n: u32| format!("{} The output rose {n} pct in week {n}.", "Words of an article. ".repeat(60));
        assert!(Figures::of(&long(6)).is_long());
        assert!(agree(&long(6), &long(7)));
        // A long text and a short one: not judged either.
        assert!(agree(&long(6), "Output rose 7 pct in week 7 to 2,400 mln kwh."));
    }

    #[test]
    fn figures_are_whole_numbers_words_and_capitalised_months() {
        let f =
            Figures::of("Rates 5.98, 6.08 pct; 1,200 mln on 12:00 in Sept and may march on; Mayor Marches");
        // 5.98, 6.08, 1,200, 12:00, Sept: not "may", "march", "Mayor" nor "Marches".
        assert_eq!(f.len(), 5, "{f:?}");
        assert_eq!(Figures::of("Pay April 3").values, Figures::of("Pay Apr 03").values);
        // A date is one figure: two dates of one month are not the month twice.
        assert_eq!(Figures::of("Pay May 20, Record April 20").len(), 2);
        assert!(!agree("Pay May 20 Record April 20 on 31 cts", "Pay May 4 Record April 3 on 31 cts"));
        assert_eq!(Figures::of("in May 2004").len(), 2);
        // Restyled copy: a date in the other order, a number without its thousands' commas.
        assert_eq!(
            Figures::of("Record 15 April, 1,200 shares").values,
            Figures::of("Record April 15, 1200 shares").values
        );
        // Numbers in words are prose as often as figures.
        assert!(Figures::of("more than two decades, three-quarter point").is_empty());
    }
}
