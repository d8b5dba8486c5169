//! Front matter: the byline and time stamps a page or wire prints above the story
//! (`By Jane Doe, Reuters`, `Updated 3:04 PM ET, Thu February 3, 2022`, `Published On 17 Feb
//! 2022`, `3 min read`). Kept out of the text, where they would hide the dateline under them
//! and give the tagger an author to count as a mention.
//!
//! Both are told by their words alone, so that no sentence can pass: a byline is `By` and
//! then only capitalised words, a few joining words and a date (not a headline in title case,
//! with its capitalised "Of" and "And"), or a name and its outlet after a bar (`Jane Doe |
//! France 24`); a stamp is a label and then only date and time words, with a digit among them,
//! or a whole date alone.

use crate::date;

/// What a paragraph of front matter is.
#[derive(Debug, PartialEq, Eq)]
pub enum Front<'a> {
    /// The names (and affiliation) after `By`, without a time stamp printed beside them.
    Byline(&'a str),
    /// A time stamp or reading time; its date as `YYYY-MM-DD` when it has one with a year and
    /// is a publication's (not an update's).
    Stamp(Option<String>),
}

/// Words a byline may hold beside capitalised ones: `By Jane Doe and John Smith in Kyiv`,
/// `By Ana de la Cruz`.
const BYLINE_JOINS: &[&str] = &[
    "and", "&", "in", "for", "of", "de", "del", "della", "da", "di", "du", "la", "le", "van", "von", "der",
    "den", "bin", "al", "el", "y",
];

/// Labels of a time stamp, lower-cased, longest first.
const STAMP_LABELS: &[&str] = &[
    "last modified on",
    "last updated on",
    "first published on",
    "published on",
    "updated on",
    "modified on",
    "posted on",
    "last modified",
    "last updated",
    "first published",
    "published",
    "updated",
    "modified",
    "posted",
    "dated",
];

/// The longest paragraph taken for front matter, in bytes.
const MAX_LEN: usize = 160;

/// `paragraph` as front matter, if it is.
pub fn classify(paragraph: &str) -> Option<Front<'_>> {
    if paragraph.len() > MAX_LEN {
        return None;
    }
    // `By Jane Doe, Reuters | Updated 3:04 PM ET, Feb 3, 2022`: a byline, then stamps.
    let mut parts = paragraph.split([' ', '\u{a0}']).collect::<Vec<_>>();
    parts.retain(|w| !w.is_empty());
    let bar = parts.iter().position(|w| matches!(*w, "|" | "·" | "•"));
    let (head, tail) = match bar {
        Some(at) => (&parts[..at], Some(&parts[at + 1..])),
        None => (&parts[..], None),
    };
    if let Some(date) = stamp(head) {
        return tail.is_none_or(|tail| stamp(tail).is_some()).then_some(Front::Stamp(date));
    }
    // `Jane Doe | France 24`: a name of two or three words, then its outlet.
    if let Some(tail) = tail
        && paragraph.len() <= 60
        && (2..=3).contains(&head.len())
        && head.iter().all(|w| is_name_word(w) && !is_month_or_day(w))
        && (1..=3).contains(&tail.len())
        && tail.iter().all(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()))
    {
        let end =
            head[head.len() - 1].as_ptr() as usize - paragraph.as_ptr() as usize + head[head.len() - 1].len();
        return Some(Front::Byline(&paragraph[..end]));
    }
    let names_end = byline(head)?;
    if tail.is_some_and(|tail| stamp(tail).is_none()) {
        return None;
    }
    // The names as printed, up to the last name word (no trailing comma or date).
    let start = head[1].as_ptr() as usize - paragraph.as_ptr() as usize;
    let end = names_end.as_ptr() as usize - paragraph.as_ptr() as usize + names_end.len();
    Some(Front::Byline(paragraph[start..end].trim_end_matches([',', ';'])))
}

/// A byline as the first sentence of the story's paragraph (`By Lee Bowman. The ability to run
/// long distances…`, `By Bloomberg News. Cingular Wireless…`): its names, and where the story
/// starts. Nothing but names, two at least, may stand in that sentence (`By Friday Morning,
/// troops had…`, `By Christmas.` are the story's).
pub fn byline_sentence(paragraph: &str) -> Option<(&str, usize)> {
    if !paragraph.starts_with("By ") && !paragraph.starts_with("BY ") {
        return None;
    }
    let end = paragraph.match_indices(". ").map(|(i, _)| i).find(|&i| {
        // Not the point of an initial or suffix ("By John Q. Public. The…", "JR.").
        !paragraph[..=i]
            .rsplit(' ')
            .next()
            .is_some_and(|w| is_initial(w) || matches!(w, "JR." | "SR." | "ST." | "DR."))
    })?;
    let rest = end + 2;
    if end > MAX_LEN || !paragraph[rest..].starts_with(|c: char| c.is_uppercase() || c == '"' || c == '“') {
        return None;
    }
    // Two names at least ("By Christmas.", "By Contrast." open stories).
    match classify(&paragraph[..end])? {
        Front::Byline(names) if names.contains(' ') => Some((names, rest)),
        _ => None,
    }
}

/// `words` as a time stamp: a label and then nothing but date and time words, at least one
/// with a digit, or a whole date alone (`February 3, 2022 10:15 AM ET`); or a reading time
/// (`3 min`, `4 min read`). Its date, when it has one with a year.
fn stamp(words: &[&str]) -> Option<Option<String>> {
    if let [n, unit, rest @ ..] = words
        && n.bytes().all(|b| b.is_ascii_digit())
        && matches!(unit.to_ascii_lowercase().as_str(), "min" | "mins" | "minute" | "minutes")
        && matches!(rest, [] | ["read"])
    {
        return Some(None);
    }
    // Cheap checks first: a stamp has a digit, and opens with a label's first word or a word
    // of a date or time (most short paragraphs, a table's rows, fail here).
    let first = words.first()?.trim_end_matches(':').to_ascii_lowercase();
    let labelled = matches!(
        first.as_str(),
        "last" | "first" | "published" | "updated" | "modified" | "posted" | "dated"
    );
    if !words.iter().any(|w| w.bytes().any(|b| b.is_ascii_digit())) || !labelled && !is_time_word(words[0]) {
        return None;
    }
    let text = words.join(" ");
    let lower = text.to_ascii_lowercase();
    let label = STAMP_LABELS
        .iter()
        .find(|l| lower.starts_with(*l) && matches!(lower.as_bytes().get(l.len()), Some(b' ' | b':')));
    let after = label.map_or(0, |l| l.len());
    let rest: Vec<&str> = text[after..].trim_start_matches(':').split_whitespace().collect();
    // (Its digit was checked above: a label has none.)
    if rest.is_empty() || !rest.iter().all(|w| is_time_word(w)) {
        return None;
    }
    // Without a label, only a whole date with its year (and a time): `Dec 31`, `Saturday 20
    // November` or `May 6765` are a period, a fixture or a line of a table.
    if label.is_none() {
        return date::parse_line(&text).map(Some);
    }
    // An update's date is no publication date: it is dropped with its stamp, and gives none.
    if label.is_some_and(|l| l.contains("updated") || l.contains("modified")) {
        return Some(None);
    }
    let dated = rest.iter().enumerate().find_map(|(i, _)| date::parse(&rest[i..].join(" ")));
    Some(dated)
}

/// A word of a printed date or time: `3:04`, `16.20`, `PM`, `a.m.`, `ET`, `Thu`, `February`,
/// `3,`, `2022`, `03/02/2022`, `-`, `at`.
fn is_time_word(word: &str) -> bool {
    let w = word.trim_end_matches([',', '.']).trim_start_matches('(').trim_end_matches(')');
    if w.is_empty() || matches!(w, "-" | "—" | "–" | "at" | "on" | "|") {
        return true;
    }
    if w.bytes().all(|b| b.is_ascii_digit() || matches!(b, b':' | b'.' | b'/' | b'-'))
        && w.bytes().any(|b| b.is_ascii_digit())
    {
        return true;
    }
    // `3rd`, `3pm`, `10:45am`.
    let digits = w.trim_start_matches(|c: char| c.is_ascii_digit() || c == ':' || c == '.');
    if digits.len() < w.len()
        && matches!(digits.to_ascii_lowercase().as_str(), "st" | "nd" | "rd" | "th" | "am" | "pm")
    {
        return true;
    }
    let lower = w.to_ascii_lowercase();
    matches!(lower.as_str(), "am" | "pm" | "a.m" | "p.m") || is_zone(w) || is_month_or_day(&lower)
}

/// A time zone's abbreviation: `GMT`, `ET`, `CEST`, `UTC+1`.
fn is_zone(word: &str) -> bool {
    let w = word.trim_end_matches([',', '.', ')']).trim_start_matches('(');
    let letters = w.split(['+', '-']).next().unwrap_or_default();
    (2..=5).contains(&letters.len())
        && letters.bytes().all(|b| b.is_ascii_uppercase())
        && letters.ends_with('T')
        || matches!(letters, "UTC" | "Z")
}

/// An English month or weekday name or abbreviation.
fn is_month_or_day(word: &str) -> bool {
    date::month(word).is_some() || date::is_weekday(word)
}

/// The name words of a byline, `By` first: `By` and then capitalised words and joining words
/// (ending in a capitalised one), then nothing or a date (`By Jane Doe 17 February 2022`). A
/// weekday or month after `By` is a time (`By Friday`), not a name.
fn byline<'a>(words: &[&'a str]) -> Option<&'a str> {
    let (first, rest) = words.split_first()?;
    if *first != "By" && *first != "BY" {
        return None;
    }
    // A headline in title case is no byline: "By Land, Sea And Air: Russia Masses Troops",
    // "By The Numbers", "By Order Of The Court".
    let the_agency = matches!(rest, ["The", _, _, ..]);
    let mut last = None;
    for (i, word) in rest.iter().enumerate() {
        let bare = word.trim_end_matches([',', ';']);
        // "The" opens an agency ("By The Associated Press") or an outlet after a comma ("By Jane
        // Doe, The Sun").
        let outlet = bare == "The" && (i == 0 && the_agency || i > 0 && rest[i - 1].ends_with(','));
        if bare.contains(':') || CAPITAL_JOINS.contains(&bare) && !outlet {
            return None;
        }
        // A month or weekday is a time first or before a date ("By Friday", "By Monday 3
        // February"), and a name before a name or after one ("By April Joyner", "The Sun").
        let next_is_digit = rest.get(i + 1).is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()));
        let next_is_name = rest.get(i + 1).is_some_and(|w| is_name_word(w.trim_end_matches([',', ';'])));
        let time = is_month_or_day(bare) && (next_is_digit || i == 0 && !next_is_name);
        let capitalised =
            bare.starts_with(char::is_uppercase) && (!bare.ends_with('.') || is_initial(bare)) && !time;
        if capitalised {
            last = Some(i);
        } else if !(BYLINE_JOINS.contains(&bare) && last.is_some()) {
            break;
        }
    }
    let last = last?;
    (last < 16 && rest[last + 1..].iter().all(|w| is_time_word(w))).then_some(rest[last])
}

/// Function words in capitals, which a headline in title case has and a name has not.
const CAPITAL_JOINS: &[&str] =
    &["A", "An", "And", "As", "At", "For", "From", "In", "Into", "Of", "On", "Or", "The", "To", "With"];

/// A word of a person's name: capitalised letters (`Jane`, `O'Brien`, `Jean-Yves`).
fn is_name_word(word: &str) -> bool {
    word.starts_with(char::is_uppercase)
        && word.chars().all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-'))
}

/// `J.`, `R.`, `Jr.`, `St.`, `U.S.`: capitalised words a name may end with a full stop.
fn is_initial(word: &str) -> bool {
    let letters = word.trim_end_matches('.');
    letters.chars().count() == 1 || matches!(letters, "Jr" | "Sr" | "St" | "Dr") || letters.contains('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines() {
        for (paragraph, names) in [
            ("By Jane Doe", "Jane Doe"),
            ("By Jane Doe and John Smith", "Jane Doe and John Smith"),
            ("By JANE DOE Associated Press", "JANE DOE Associated Press"),
            ("By AFP", "AFP"),
            ("By The Associated Press", "The Associated Press"),
            ("By Jane Doe, Reuters | Updated 3:04 PM ET, Feb 3, 2022", "Jane Doe, Reuters"),
            ("By Jane Doe 17 February 2022", "Jane Doe"),
            ("By Ana de la Cruz in Kyiv", "Ana de la Cruz in Kyiv"),
            ("By Martin Luther King Jr.", "Martin Luther King Jr."),
            ("BY JANE DOE, AP Diplomatic Writer", "JANE DOE, AP Diplomatic Writer"),
            ("Jane Doe | France 24", "Jane Doe"),
            // (A reviewer's cases.)
            ("By Jan Strupczewski", "Jan Strupczewski"),
            ("By April Joyner", "April Joyner"),
            ("By Jane Doe, The Sun", "Jane Doe, The Sun"),
        ] {
            assert_eq!(classify(paragraph), Some(Front::Byline(names)), "{paragraph:?}");
        }
    }

    #[test]
    fn stamps() {
        for (paragraph, date) in [
            ("Updated 3:04 PM ET, Thu February 3, 2022", None),
            ("Published On 17 Feb 2022 17 Feb 2022", Some("2022-02-17")),
            ("Published on: 03/02/2022 - 10:12", None),
            ("Modified: 03/02/2022 - 15:04", None),
            ("Last modified on Thu 3 Feb 2022 16.20 GMT", None),
            ("Posted on Thu 3 Feb 2022 16.20 GMT", Some("2022-02-03")),
            ("3 min", None),
            ("4 min read", None),
            ("Updated 10:45am GMT", None),
            ("February 3, 2022 10:15 AM ET", Some("2022-02-03")),
            ("February 3, 2022", Some("2022-02-03")),
        ] {
            assert_eq!(classify(paragraph), Some(Front::Stamp(date.map(str::to_string))), "{paragraph:?}");
        }
    }

    #[test]
    fn sentences_are_no_front_matter() {
        for paragraph in [
            "By Friday, Britain and France will have sent troops.",
            "By Friday",
            "By February 2022 the troops had left.",
            "By then, the troops had left.",
            "By Jane Doe and",
            "Updated figures show 3,000 troops arrived.",
            "Published in 2022, the report said little.",
            "2022",
            "Dec 31",
            "Saturday 20 November",
            "May 6765",
            "Apr 148.00 148.00 148.25 148.50 147.75 38",
            "1300 GMT",
            "3 minutes later the troops left.",
            "By Jane Doe. The troops left on Friday.",
            "By Ukraine's count, 3,000 troops arrived on February 3.",
            "Ukraine | Russia",
            "By Land, Sea And Air: Russia Masses Troops Near Ukraine",
            "By The Numbers",
            "By Order Of The Court",
            "By March",
            "By Monday 3 February",
            "Why Romania matters | Analysis and opinion from our correspondents",
            "Troops arrive | February 3",
        ] {
            assert_eq!(classify(paragraph), None, "{paragraph:?}");
        }
    }
}
