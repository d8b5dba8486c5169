//! Publication dates: the common printed and machine forms turned into `YYYY-MM-DD`.
//!
//! A datetime keeps the date as printed, without converting its zone to UTC: the publisher's
//! own calendar day is what a reader of the article saw. All-numeric day/month orders that
//! cannot be told apart (`03/02/2022`) are refused rather than guessed.

use std::sync::LazyLock;

use regex::{Captures, Regex};

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("built-in date pattern")
}

static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)\.?,?\s+",
    )
});
/// `2022-02-03`, `2022/02/03`, `2022.02.03`, `2022-02-03T10:00:00+01:00`.
static YEAR_FIRST: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^(\d{4})([-/.])(\d{1,2})([-/.])(\d{1,2})(?:$|[T\s_,])"));
/// `20220203`, `20220203T10:00`, and with the time run on: `202202031530`, `2022020315`.
static COMPACT: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^((?:19|20|21)\d{2})(\d{2})(\d{2})(?:\d{2}(?:\d{2}(?:\d{2})?)?)?(?:$|T)"));
/// `Feb 3, 2022`, `February 3rd, 2022`, `Feb. 3 2022`.
static MONTH_FIRST: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b"));
/// `3 February 2022`, `03 Feb 2022 10:00:00 GMT`, `19-OCT-1987 01:10:32.52`, `3rd of Feb, 2022`.
static DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"^(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?(?:\s+|-|/|\.\s*)([A-Za-z]{3,9})\.?,?(?:\s+|-|/)(\d{4})\b")
});
/// `03/02/2022`, `13.02.2022`: day and month told apart only when one is above 12.
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| regex(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b"));
/// A label a date line may start with.
static LABEL: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^(?i:published|updated|posted|dated|date)(?:\s+on)?\s*:?\s+"));
/// What may follow the date on a date line: a time and a zone.
static TIME_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^(?:,?\s*(?:at\s+)?\d{1,2}(?:[:.]\d{2}){1,2}(?:\.\d+)?\s*(?i:[ap]\.?m\.?)?\s*(?:Z|[A-Z]{1,5}|\(?[A-Z]{2,5}\)?|[+-]\d{2}:?\d{2})?)?$",
    )
});

/// Compile the date patterns now (they are otherwise compiled when first used).
pub(crate) fn compile_patterns() {
    for pattern in [&WEEKDAY, &YEAR_FIRST, &COMPACT, &MONTH_FIRST, &DAY_FIRST, &NUMERIC, &LABEL, &TIME_TAIL] {
        LazyLock::force(pattern);
    }
}

/// `raw` as `YYYY-MM-DD`, or None when it is not a date this parser knows. Whatever follows
/// the date (a time, a zone) is ignored.
pub fn parse(raw: &str) -> Option<String> {
    let raw = raw.trim();
    parse_prefix(raw).map(|(date, _)| date).or_else(|| unix_time(raw))
}

/// A Unix time, as feeds and databases give one (`1644501780`, or in milliseconds
/// `1644501780000`): its date in UTC. Nine or ten digits of seconds (1973 to 2286), twelve or
/// thirteen of milliseconds, that are no compact date and time (`2022021015`, read above).
fn unix_time(raw: &str) -> Option<String> {
    if !raw.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number: i64 = raw.parse().ok()?;
    let seconds = match raw.len() {
        9 | 10 => number,
        12 | 13 => number / 1000,
        _ => return None,
    };
    let date = time::OffsetDateTime::from_unix_timestamp(seconds).ok()?.date();
    ymd(date.year() as u32, u8::from(date.month()).into(), date.day().into())
}

/// The date of a paragraph that is nothing but a date (`February 3, 2022`,
/// `Published: 3 Feb 2022 10:00 GMT`), as `YYYY-MM-DD`.
pub fn parse_line(paragraph: &str) -> Option<String> {
    // A cheap bound first: a date line is short and has a digit.
    if paragraph.len() > 80 || !paragraph.contains(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let text = LABEL.find(paragraph).map_or(paragraph, |m| &paragraph[m.end()..]);
    let (date, rest) = parse_prefix(text)?;
    TIME_TAIL.is_match(rest).then_some(date)
}

/// The date at the start of `text` and what follows it.
fn parse_prefix(text: &str) -> Option<(String, &str)> {
    let text = WEEKDAY.find(text).map_or(text, |m| &text[m.end()..]);
    let rest = |caps: &Captures<'_>, group: usize| &text[caps.get(group).map_or(0, |g| g.end())..];
    let number = |caps: &Captures<'_>, group: usize| caps[group].parse::<u32>().ok();

    if let Some(caps) = YEAR_FIRST.captures(text) {
        // `2022-02/03` is no date; both separators must agree.
        if caps[2] != caps[4] {
            return None;
        }
        let date = ymd(number(&caps, 1)?, number(&caps, 3)?, number(&caps, 5)?)?;
        return Some((date, rest(&caps, 5)));
    }
    if let Some(caps) = COMPACT.captures(text) {
        let date = ymd(number(&caps, 1)?, number(&caps, 2)?, number(&caps, 3)?)?;
        return Some((date, rest(&caps, 3)));
    }
    if let Some(caps) = MONTH_FIRST.captures(text) {
        let date = ymd(number(&caps, 3)?, month(&caps[1])?, number(&caps, 2)?)?;
        return Some((date, rest(&caps, 3)));
    }
    if let Some(caps) = DAY_FIRST.captures(text) {
        let date = ymd(number(&caps, 3)?, month(&caps[2])?, number(&caps, 1)?)?;
        return Some((date, rest(&caps, 3)));
    }
    if let Some(caps) = NUMERIC.captures(text) {
        let (a, b) = (number(&caps, 1)?, number(&caps, 2)?);
        let (day, month) = match (a > 12, b > 12) {
            (true, false) => (a, b),
            (false, true) => (b, a),
            _ if a == b => (a, b),
            _ => return None,
        };
        let date = ymd(number(&caps, 3)?, month, day)?;
        return Some((date, rest(&caps, 3)));
    }
    None
}

/// Whether `name` is an English weekday's name or abbreviation (`Thu`, `Thurs`, `Thursday`).
pub(crate) fn is_weekday(name: &str) -> bool {
    const WEEKDAYS: [&str; 7] =
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    name.len() >= 3 && WEEKDAYS.iter().any(|d| starts_with_ignoring_case(d, name))
}

/// Whether `full` (lower case) starts with `prefix` in any ASCII case, with no lower-cased copy
/// of `prefix` made (these run for every date and front-matter word).
fn starts_with_ignoring_case(full: &str, prefix: &str) -> bool {
    full.len() >= prefix.len() && full.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// Month number of an English month name or abbreviation (`Feb`, `February`, `SEPT`).
pub(crate) fn month(name: &str) -> Option<u32> {
    if name.len() < 3 {
        return None;
    }
    copydesk_core::months::NAMES
        .iter()
        .position(|m| {
            starts_with_ignoring_case(m, name) || (name.eq_ignore_ascii_case("sept") && *m == "September")
        })
        .map(|i| i as u32 + 1)
}

fn ymd(year: u32, month: u32, day: u32) -> Option<String> {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    let plausible_year = (1800..=2200).contains(&year);
    (plausible_year && (1..=days).contains(&day)).then(|| format!("{year:04}-{month:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(raw: &str, expected: Option<&str>) {
        assert_eq!(parse(raw).as_deref(), expected, "raw: {raw:?}");
    }

    #[test]
    fn parses_common_forms() {
        for (raw, expected) in [
            ("2022-02-03", "2022-02-03"),
            ("  2022-2-3 ", "2022-02-03"),
            ("2022-02-03T10:00:00Z", "2022-02-03"),
            ("2022-02-03T23:30:00-05:00", "2022-02-03"),
            ("2022-02-03 10:00:00+01:00", "2022-02-03"),
            ("2022/02/03", "2022-02-03"),
            ("20220203", "2022-02-03"),
            ("Feb 3, 2022", "2022-02-03"),
            ("Feb. 3 2022", "2022-02-03"),
            ("February 3rd, 2022", "2022-02-03"),
            ("Thursday, February 3, 2022", "2022-02-03"),
            ("3 February 2022", "2022-02-03"),
            ("3rd of February, 2022", "2022-02-03"),
            ("Thu, 03 Feb 2022 10:00:00 GMT", "2022-02-03"),
            ("19-OCT-1987 01:10:32.52", "1987-10-19"),
            ("Sept 30, 2022", "2022-09-30"),
            ("29 Feb 2024", "2024-02-29"),
            ("13/02/2022", "2022-02-13"),
            ("02/13/2022", "2022-02-13"),
            ("03/03/2022", "2022-03-03"),
        ] {
            check(raw, Some(expected));
        }
    }

    #[test]
    fn unix_times_are_utc_dates() {
        check("1644501780", Some("2022-02-10"));
        check("1644501780000", Some("2022-02-10"));
        check("999999999", Some("2001-09-09"));
        check("12345", None);
        check("12345678901", None);
        // A compact date with its time run on is that date, not a Unix time (a reviewer's case).
        check("202202101530", Some("2022-02-10"));
        check("2022021015", Some("2022-02-10"));
        check("20220210153000", Some("2022-02-10"));
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        for raw in [
            "",
            "yesterday",
            "03/02/2022",
            "2022-02-30",
            "29 Feb 2023",
            "2022-13-01",
            "2022-02/03",
            "Febuary 3, 2022",
            "Ma 3, 2022",
            "3 Feb 22",
            "0001-01-01",
        ] {
            check(raw, None);
        }
    }

    #[test]
    fn date_lines_are_nothing_but_a_date() {
        for (paragraph, expected) in [
            ("February 3, 2022", Some("2022-02-03")),
            ("Published: 3 Feb 2022 10:00 GMT", Some("2022-02-03")),
            ("Updated on February 3, 2022 at 10:45 a.m. ET", Some("2022-02-03")),
            ("Thursday, February 3, 2022", Some("2022-02-03")),
            ("2022-02-03", Some("2022-02-03")),
            ("February 3, 2022 was a cold day in Bucharest.", None),
            ("3 February 2022: troops arrive", None),
            ("The US said on Wednesday it will send 3,000 extra troops.", None),
        ] {
            assert_eq!(parse_line(paragraph).as_deref(), expected, "{paragraph:?}");
        }
    }
}
