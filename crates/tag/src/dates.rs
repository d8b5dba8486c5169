//! DATE mentions: weekdays, day-month and month-day forms with or without a year, month-year,
//! years in year contexts ("in 2014"), and relative dates ("last month", "this week").
//! "Wednesday (16 February)" is two mentions: the weekday and the date. A date with day,
//! month and year gets an ISO canonical form; a partial one a normalised surface form
//! ("16 February", "2022-02", "Thursday", "last month"), which [`anchor`] turns into the ISO
//! date where the document's publication date tells which day it is.

use copydesk_core::EntityKind;

use crate::proposer::{CONFIDENCE_DATE, Candidate, Label, SpanProposer};
use crate::text::Scan;

pub(crate) const WEEKDAYS: [&str; 7] =
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
/// 1-based month of a full or abbreviated ("Feb", "Sept") month name.
use copydesk_core::months::number as month_number;
pub(crate) use copydesk_core::months::{ABBREVIATIONS as MONTH_ABBREVIATIONS, NAMES as MONTHS};

/// Words after which a bare four-digit number is a year: "in 2014", "since 1991".
const YEAR_CONTEXT: &[&str] = &[
    "after",
    "before",
    "between",
    "by",
    "during",
    "early",
    "from",
    "in",
    "late",
    "mid",
    "of",
    "since",
    "through",
    "throughout",
    "till",
    "until",
    "year",
];

/// Words after which a bare four-digit number is a year, besides [`YEAR_CONTEXT`]'s (which also
/// make a bare month a date): a period's results, a budget, a bond's maturity ("net profit for
/// 1986", "fiscal 1987", "notes due 1997", "its 1986 results", "the 1987 budget", "better than
/// 1985", "NOTE: 1986 net includes…"). On the bench news these stood before 3,000 years the
/// tag stage had missed, and before next to no other number of 1900-2099: the few times of day
/// ("for 1900 hours") are kept out by the word after them ([`TIME_WORDS`]).
const YEAR_BEFORE: &[&str] = &["due", "fiscal", "for", "its", "on", "than", "the", "their"];

/// Units and counted things after a number, which then is no year after [`YEAR_BEFORE`]'s
/// words: "more than 1900 people", "sold for 1950 dlrs". Not "level": "the 1986 level" is a
/// year's in Reuters' copy (an index's "the 2000 level" is taken for one too); nor "cars" ("its
/// 1987 cars", a model year).
const COUNTED_AFTER: &[&str] = &[
    "acres",
    "barrels",
    "dlrs",
    "dollars",
    "employees",
    "feet",
    "francs",
    "jobs",
    "kilometres",
    "km",
    "marks",
    "members",
    "metres",
    "miles",
    "people",
    "points",
    "pounds",
    "shares",
    "tonnes",
    "tons",
    "troops",
    "units",
    "votes",
    "workers",
    "yen",
];

/// Words after a four-digit number that make it a time of day: "at 1930 GMT", "for 1900 hours".
const TIME_WORDS: &[&str] = &["BST", "EDT", "EST", "GMT", "gmt", "hours", "hrs", "local"];

/// Words that join a year to the one before it: "between 1981 and 1986", "from 1985 to 1987".
const YEAR_LIST_WORDS: &[&str] = &["and", "or", "through", "to", "until"];

/// The words that follow "Sunday" in a Sunday newspaper's name: "Sunday Times", "Sunday
/// Telegraph", "Sunday Express", "Sunday Mirror", "Sunday Herald".
pub(crate) const NEWSPAPER_WORDS: &[&str] = &[
    "Express",
    "Herald",
    "Independent",
    "Mail",
    "Mirror",
    "Observer",
    "Post",
    "Telegraph",
    "Times",
    "Tribune",
];

/// Words before a weekday that make it a date whatever follows it: "on Sunday Times Square was
/// packed", "said on Sunday Post Office workers…".
const DATE_CUES: &[&str] = &["on", "last", "next", "since", "by", "until", "this", "from"];

/// Whether "Sunday", word `i`, is part of a Sunday newspaper's name, where it dates nothing:
/// "the Sunday Times", "The Mail on Sunday", "the Independent on Sunday". Only Sunday: "the
/// Daily Mail on Monday published…", "on Monday Tribune shares rose" keep their dates, and so
/// does a Sunday after a word that makes it one ("on Sunday Times Square").
fn in_newspapers_name(scan: &Scan<'_>, i: usize) -> bool {
    if scan.word(i) != "Sunday" {
        return false;
    }
    let word = |k: usize| (k < scan.words.len()).then(|| scan.word(k));
    let before = i.checked_sub(2).filter(|&k| scan.gap_after(k) == " " && scan.gap_after(k + 1) == " ");
    let cue =
        i.checked_sub(1).is_some_and(|k| DATE_CUES.iter().any(|c| c.eq_ignore_ascii_case(scan.word(k))));
    !cue && scan.gap_after(i) == " " && word(i + 1).is_some_and(|w| NEWSPAPER_WORDS.contains(&w))
        || before.is_some_and(|k| scan.word(k + 1) == "on" && matches!(scan.word(k), "Mail" | "Independent"))
}

/// Whether "Today", word `i`, is the title of a programme or a newspaper, where it dates
/// nothing: capitalised after a possessive or "told" ("BBC Radio 4's Today programme", "Mr
/// Balls told Today", "tomorrow's Today newspaper") or before "programme" ("the Today
/// programme"). 60 of the bench news's dates "today" were the BBC programme. A sentence's first
/// word keeps its date ("Today, shares rose"; "Today's ruling…").
fn names_a_programme(scan: &Scan<'_>, i: usize) -> bool {
    if scan.word(i) != "Today" {
        return false;
    }
    let before = i.checked_sub(1);
    let after_possessive = before.is_some_and(|k| scan.gap_after(k) == "'s ");
    let after_told = before.is_some_and(|k| scan.gap_after(k) == " " && scan.word(k) == "told");
    let before_programme = scan.gap_after(i) == " "
        && (i + 1 < scan.words.len())
        && matches!(scan.word(i + 1), "programme" | "Programme" | "program" | "show" | "newspaper");
    after_possessive || after_told || before_programme
}

pub(crate) fn is_weekday(word: &str) -> bool {
    (6..=9).contains(&word.len()) && WEEKDAYS.contains(&word)
}

/// Holidays and feasts that date things ("by Easter", "before Christmas"): the model finds some
/// as names (CoNLL's MISC, or a place: "Easter" was a place 50 times on the bench news), the date
/// rules the rest ([`Dates::holiday_at`]; "Christmas" had been untagged 165 times), and the tag
/// stage makes them dates, with the name as canonical form. Not "Lent": a surname too
/// (Congressman Norman Lent).
const HOLIDAYS: &[&str] = &[
    "Anzac Day",
    "Armistice Day",
    "Ash Wednesday",
    "Australia Day",
    "Bastille Day",
    "Boxing Day",
    "Canada Day",
    "Chanukah",
    "Chinese New Year",
    "Christmas",
    "Christmas Day",
    "Christmas Eve",
    "Columbus Day",
    "Diwali",
    "Easter",
    "Easter Monday",
    "Easter Sunday",
    "Eid",
    "Eid al-Adha",
    "Eid al-Fitr",
    "Father's Day",
    "Good Friday",
    "Guy Fawkes Night",
    "Halloween",
    "Hanukkah",
    "Hogmanay",
    "Independence Day",
    "Labor Day",
    "Labour Day",
    "Lunar New Year",
    "Mardi Gras",
    "May Day",
    "Memorial Day",
    "Mother's Day",
    "New Year",
    "New Year's Day",
    "New Year's Eve",
    "Palm Sunday",
    "Passover",
    "Pentecost",
    "Presidents' Day",
    "Purim",
    "Ramadan",
    "Remembrance Day",
    "Remembrance Sunday",
    "Rosh Hashanah",
    "Shrove Tuesday",
    "St Patrick's Day",
    "St. Patrick's Day",
    "Thanksgiving",
    "Thanksgiving Day",
    "Valentine's Day",
    "Veterans Day",
    "Veterans' Day",
    "Victory Day",
    "Whit Monday",
    "Yom Kippur",
];

pub(crate) fn is_holiday(name: &str) -> bool {
    // (Asked of every model span: most open no holiday, and are turned away by the first word
    // before the list, of 58, is walked.)
    name.split([' ', '\'', '.']).next().is_some_and(opens_holiday) && HOLIDAYS.contains(&name)
}

/// Whether `name` at byte `start` of `text` is a holiday: one of [`HOLIDAYS`], and not a
/// person's name after a title ("Mr Christmas"). For the model's spans and the date rules alike.
pub(crate) fn names_a_holiday(text: &str, start: usize, name: &str) -> bool {
    is_holiday(name)
        && !crate::text::word_a_space_before(text, start)
            .is_some_and(|(_, word)| crate::lexicon::is_title_or_honorific(word))
}

/// Whether `word` opens one of [`HOLIDAYS`] (their first words, checked against the list by a test):
/// most capitalised words open none, and are passed over with one comparison of strings.
fn opens_holiday(word: &str) -> bool {
    matches!(
        word,
        "Anzac"
            | "Armistice"
            | "Ash"
            | "Australia"
            | "Bastille"
            | "Boxing"
            | "Canada"
            | "Chanukah"
            | "Chinese"
            | "Christmas"
            | "Columbus"
            | "Diwali"
            | "Easter"
            | "Eid"
            | "Father"
            | "Good"
            | "Guy"
            | "Halloween"
            | "Hanukkah"
            | "Hogmanay"
            | "Independence"
            | "Labor"
            | "Labour"
            | "Lunar"
            | "Mardi"
            | "May"
            | "Memorial"
            | "Mother"
            | "New"
            | "Palm"
            | "Passover"
            | "Pentecost"
            | "Presidents"
            | "Purim"
            | "Ramadan"
            | "Remembrance"
            | "Rosh"
            | "Shrove"
            | "St"
            | "Thanksgiving"
            | "Valentine"
            | "Veterans"
            | "Victory"
            | "Whit"
            | "Yom"
    )
}

pub(crate) fn is_month(word: &str) -> bool {
    MONTHS.contains(&word)
}

/// The month whose full or abbreviated name opens `text` ("Sept shipment"), and the name's
/// length.
fn month_opening(text: &str) -> Option<(u32, usize)> {
    let name = &text[..text.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(text.len())];
    Some((month_number(name)?, name.len()))
}

/// The text after the second month of a period whose first month ends where `after` begins
/// ("/Sept shipment", "-March quarter"), if `after` goes on to one.
fn after_period(after: &str) -> Option<&str> {
    let next = after.strip_prefix(['/', '-', '–'])?;
    let (_, len) = month_opening(next)?;
    Some(&next[len..])
}

/// The year of a period's first month in brackets after the year or the split year it spells
/// out: "the 1986/87 (July/June) year", "fiscal 1987/88 (April-March)", "the 1987 quota year
/// (January-December)". `start..end`: the month in `text`.
fn year_of_period_in_brackets(text: &str, start: usize, end: usize) -> Option<i32> {
    after_period(&text[end..])?;
    let before = text[..start].strip_suffix('(')?.trim_end();
    // The split year's first ("1986/87", "1986/1987"), a year right before the bracket ("the
    // 1986 (May-December) crop year") or before a word of a period ("1987 quota year (…)"),
    // among the three words before the bracket; not a count ("1950 tonnes (Jan-Mar)").
    let words: Vec<&str> = before.rsplit(' ').take(3).collect();
    words.iter().enumerate().find_map(|(k, w)| {
        let (year, split) = match w.split_once('/') {
            Some((year, _)) => (year, true),
            None => (*w, false),
        };
        let of_a_period =
            || k > 0 && matches!(words[k - 1], "year" | "season" | "crop" | "quota" | "marketing" | "fiscal");
        year_number(year).filter(|_| split || k == 0 || of_a_period()).map(|y| y as i32)
    })
}

/// Whether the month at `start..end` of `text` opens a period of figures: before "quarter",
/// "period" and the like ("the July/September quarter", "the January/November export total"),
/// in brackets after one ("the current crop year (July/June)"), or after "in" or "during" ("rose 3.0 pct in July/September"). On the bench news the periods
/// that trade reports quote ("Aug/Sept at 1,870 dlrs", "for Apr/May") had neither.
fn reports_a_period(text: &str, start: usize, end: usize) -> bool {
    const FIGURES: &[&str] =
        &["crop", "export", "fall", "months", "period", "quarter", "rise", "season", "total", "year"];
    let Some(rest) = after_period(&text[end..]) else { return false };
    let next = rest.strip_prefix(' ').and_then(|r| r.split(|c: char| !c.is_alphanumeric()).next());
    fn word_before(end: &str) -> Option<&str> {
        end.rsplit(|c: char| !c.is_alphanumeric()).next()
    }
    let before = text[..start].strip_suffix(' ').and_then(word_before);
    // In brackets after the name of the period: "the current agricultural year (July/June)".
    let named = text[..start].strip_suffix(" (").and_then(word_before);
    next.is_some_and(|w| FIGURES.contains(&w))
        || named.is_some_and(|w| FIGURES.contains(&w))
        || before.is_some_and(|w| ["in", "during"].iter().any(|c| w.eq_ignore_ascii_case(c)))
}

/// Whether `day` is a day of `month` (1-12), of `year` when it is known: not "April 31", nor
/// "February 29, 1987" (a slip, which would be no date of the calendar).
fn is_day_of(day: u32, month: u32, year: Option<u32>) -> bool {
    let last = match month {
        2 => match year {
            Some(year) if !(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) => 28,
            _ => 29,
        },
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    day <= last
}

fn day_number(word: &str) -> Option<u32> {
    if !word.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let digits = without_ordinal_suffix(word).unwrap_or(word);
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

/// `word` without an ordinal's suffix ("21" of "21st", "3" of "3rd"), if it has one; the part
/// left is not checked to be a number.
pub(crate) fn without_ordinal_suffix(word: &str) -> Option<&str> {
    ["st", "nd", "rd", "th"].iter().find_map(|s| word.strip_suffix(s))
}

/// What follows "mid-", "end-", "early-" or "late-" opening `word` ("March" of "mid-March").
fn after_date_prefix(word: &str) -> Option<&str> {
    ["mid-", "end-", "early-", "late-"]
        .iter()
        .find_map(|p| word.get(..p.len()).filter(|w| w.eq_ignore_ascii_case(p)).map(|_| &word[p.len()..]))
}

/// Whether `word`, led by a lower-case letter, may open a date: the relative words ("today",
/// "yesterday", "tomorrow"; "last", "this", "next", "past" before a unit) and the prefixes
/// ("mid-", "end-", "early-", "late-"), the only dates [`Dates`] finds from such a word. (A
/// first check on every word: most are lower case, and "the", "to" or "that" had gone through
/// every rule.)
fn opens_lower_case_date(word: &str) -> bool {
    // By the first letter, so that most words cost one comparison.
    let Some(&first) = word.as_bytes().first() else { return false };
    // "fourth-quarter", "first-half", "third-qtr" ([`part_of_year`]).
    let part_of_year =
        || word.len() >= 9 && word.split_once('-').is_some_and(|(n, unit)| part_of_year(n, unit).is_some());
    let relative: &[&str] = match first {
        b'f' | b's' => return part_of_year(),
        b't' if part_of_year() => return true,
        b't' => &["today", "tomorrow", "this"],
        // (Compared exactly: "a", "and", "he" and "his" come here too, often.)
        b'a' => return word == "ago",
        b'q' => return word == "quarter" || word == "qtr",
        b'h' => return word == "half",
        b'y' => &["yesterday"],
        b'l' => &["last"],
        b'n' => &["next"],
        b'p' => &["past"],
        b'm' | b'e' => &[],
        _ => return false,
    };
    relative.iter().any(|d| word.eq_ignore_ascii_case(d))
        || matches!(first, b'm' | b'e' | b'l') && after_date_prefix(word).is_some()
}

/// Whether `word`, led by a capital letter, may open a date: a month (every month's name, full
/// or short, and a pair joined by a hyphen, opens with its abbreviation: "Sept", "Jan-Dec"), a
/// weekday, the first word of a holiday, a prefix ("Mid-March"), a relative word in any case
/// ("Today", "Last", "NEXT") or a quarter or half ("Fourth-quarter"): the only dates [`Dates`]
/// finds from a capitalised word. (Capitalised words are about a fifth of news text's words;
/// most are names, which had gone through every rule.)
fn opens_capitalised_date(word: &str) -> bool {
    opens_like_a_month(word)
        || is_weekday(word)
        || opens_holiday(word)
        || after_date_prefix(word).is_some()
        || relative_day(word).is_some()
        || relative_unit_before(word).is_some()
        || ends_in_a_part_of_year(word)
}

/// The relative day `word` is in any case ("today", "Yesterday"), as [`RELATIVE_DAYS`] writes it.
fn relative_day(word: &str) -> Option<&'static str> {
    RELATIVE_DAYS.into_iter().find(|d| word.eq_ignore_ascii_case(d))
}

/// The word before a unit `word` is in any case ("last", "This"), as [`RELATIVE_UNITS_BEFORE`]
/// writes it.
fn relative_unit_before(word: &str) -> Option<&'static str> {
    RELATIVE_UNITS_BEFORE.into_iter().find(|d| word.eq_ignore_ascii_case(d))
}

/// Whether `word` opens with a month's abbreviation ("Jan", "Sept", "January", "Jan-Dec"):
/// every month's name, full or short, does.
fn opens_like_a_month(word: &str) -> bool {
    word.get(..3).is_some_and(|a| MONTH_ABBREVIATIONS.contains(&a))
}

/// Whether `word` ends in the unit of a quarter or half of a year ("quarter", "fourth-quarter",
/// "4th-qtr", "half"), which [`Dates::part_of_year_at`] asks first.
fn ends_in_a_part_of_year(word: &str) -> bool {
    word.ends_with("quarter") || word.ends_with("half") || word.ends_with("qtr")
}

/// By a word's first byte (ASCII letters only), the lengths of the words [`opens_lower_case_date`]
/// and [`opens_capitalised_date`] may say yes to: bit `n` for `n` bytes, bit 31 for 31 or more.
/// The date loop's first check, on every word: "the", "said" or "President" are passed over by
/// one read of this table instead of a word's slice and its comparisons. Built from the same
/// lists those two read, and checked against them by a test. (Capitalised words ending in a
/// part of a year, "Fourth-quarter", open with any capital: the loop lets through every
/// capitalised word ending in "r" or "f" as well.)
static OPENING_LENGTHS: std::sync::LazyLock<[u32; 128]> = std::sync::LazyLock::new(|| {
    let mut lengths = [0u32; 128];
    let bit = |len: usize| 1u32 << len.min(31);
    // Any length from `len` up.
    let from = |len: usize| !0u32 << len.min(31);
    // The words compared in any case open with either case of their letter; the capitalised
    // ones (months, weekdays, holidays) with the capital only.
    let mut add = |word: &str, bits: u32, any_case: bool| {
        let first = word.as_bytes()[0];
        lengths[first.to_ascii_uppercase() as usize] |= bits;
        if any_case {
            lengths[first.to_ascii_lowercase() as usize] |= bits;
        }
    };
    // Relative words in any case ("today", "Today", "TODAY"), the units after an ordinal.
    for word in RELATIVE_DAYS.iter().chain(&RELATIVE_UNITS_BEFORE).chain(&["ago", "quarter", "qtr", "half"]) {
        add(word, bit(word.len()), true);
    }
    // "fourth-quarter", "first-half", "third-qtr": nine bytes or more.
    for first in ["f", "s", "t"] {
        add(first, from(9), true);
    }
    for prefix in ["mid-", "end-", "early-", "late-"] {
        add(prefix, from(prefix.len()), true);
    }
    // Months open with their abbreviation ("Jan", "January", "Jan-Dec").
    for month in MONTH_ABBREVIATIONS {
        add(month, from(3), false);
    }
    for word in WEEKDAYS.iter().copied().chain(HOLIDAYS.iter().map(|h| holiday_opening(h))) {
        add(word, bit(word.len()), false);
    }
    lengths
});

/// A holiday's first word, as [`opens_holiday`] lists it ("Christmas" of "Christmas Eve",
/// "New" of "New Year's Day").
fn holiday_opening(holiday: &str) -> &str {
    holiday.split([' ', '\'', '.']).next().unwrap_or_default()
}

/// Whether the word `text[start..end]` may open a date, by its first byte, its length and its
/// last byte: false only for words [`opens_lower_case_date`] and [`opens_capitalised_date`]
/// both say no to (a word led by anything but an ASCII letter may).
#[inline]
fn may_open_date(lengths: &[u32; 128], text: &[u8], start: usize, end: usize) -> bool {
    let first = text[start];
    !first.is_ascii_alphabetic()
        || (lengths[first as usize] >> (end - start).min(31)) & 1 == 1
        || first.is_ascii_uppercase() && matches!(text[end - 1], b'r' | b'f')
}

/// Relative days, dates by themselves.
const RELATIVE_DAYS: [&str; 3] = ["today", "yesterday", "tomorrow"];

/// Words that make a date with a unit after them ("last week", "this month").
const RELATIVE_UNITS_BEFORE: [&str; 4] = ["last", "this", "next", "past"];

/// Units of a span of time counted before them: "two years ago", "the next five years".
const TIME_UNITS: &[&str] =
    &["day", "days", "week", "weeks", "month", "months", "year", "years", "decade", "decades"];

/// The numbers written in words, one to twenty, as a capitalised word writes them ("Pay April
/// One"; a count, "two years ago", is compared in any case).
const NUMBER_WORDS: [&str; 20] = [
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
    "Eleven",
    "Twelve",
    "Thirteen",
    "Fourteen",
    "Fifteen",
    "Sixteen",
    "Seventeen",
    "Eighteen",
    "Nineteen",
    "Twenty",
];

/// The number a count of units of time says: figures (1-999), "a", "an" and "one" to
/// "twenty", "thirty", "forty", "fifty". `None` for any other word, and for "10,000" (the
/// figure of a table, "vs 10,000 week ago", whose "000" this would be: see the callers).
fn count_of(word: &str) -> Option<u32> {
    if (1..=3).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_digit()) {
        return word.parse().ok().filter(|&n| n > 0);
    }
    if word.eq_ignore_ascii_case("a") || word.eq_ignore_ascii_case("an") {
        return Some(1);
    }
    let tens = ["thirty", "forty", "fifty"].iter().position(|t| word.eq_ignore_ascii_case(t));
    NUMBER_WORDS
        .iter()
        .position(|w| word.eq_ignore_ascii_case(w))
        .map(|i| i as u32 + 1)
        .or(tens.map(|i| (i as u32 + 3) * 10))
}

/// A count that says no number: "several years ago", "the next few weeks" (after "a" for
/// "ago": "a few months ago").
fn vague_count(word: &str) -> Option<&'static str> {
    ["few", "several", "many"].into_iter().find(|w| word.eq_ignore_ascii_case(w))
}

/// A quarter or a half of a year, by its ordinal and unit ("first quarter", "4th qtr", "second
/// half"): `Q1`-`Q4`, `H1`, `H2`.
fn part_of_year(ordinal: &str, unit: &str) -> Option<String> {
    const ORDINALS: [[&str; 2]; 4] =
        [["first", "1st"], ["second", "2nd"], ["third", "3rd"], ["fourth", "4th"]];
    let n = ORDINALS.iter().position(|o| o.iter().any(|w| ordinal.eq_ignore_ascii_case(w)))? + 1;
    match unit {
        "quarter" | "qtr" => Some(format!("Q{n}")),
        "half" if n <= 2 => Some(format!("H{n}")),
        _ => None,
    }
}

/// Words of a text of figures, where "the first quarter" and "the second half" are a year's:
/// results, prices, the economy (Reuters' results tables write "Net" and "Revs"; "loss" and
/// "percent" are a sports page's words too, "a third straight loss", which the game's words
/// in [`reads_as_figures`] keep out).
const FIGURE_WORDS: &[&str] = &[
    " earnings",
    " profit",
    " revenue",
    "Revs",
    " sales",
    " pct",
    " per cent",
    " GDP",
    " economy",
    " output",
    " shares",
    " dividend",
    " net ",
    "Net ",
    " loss",
    " percent",
];

/// Whether `text` reads as one of figures: one of [`FIGURE_WORDS`], and no game's words (a
/// sports page, [`reads_as_sports`], or "scored" or "touchdown" anywhere), whose quarters and
/// halves are a game's ("scored 20 points in the second half").
fn reads_as_figures(text: &str) -> bool {
    FIGURE_WORDS.iter().any(|w| text.contains(w))
        && ![" scored", " touchdown"].iter().any(|w| text.contains(w))
        && !crate::lexicon::reads_as_sports(text)
}

/// A day of the month in capitalised words, as Reuters wrote dividends' dates: "Pay April One",
/// "Record May Twenty-one" (244 bench dates had been cut to the month alone).
fn day_in_words(word: &str) -> Option<u32> {
    let unit =
        |w: &str| NUMBER_WORDS[..9].iter().position(|u| u.eq_ignore_ascii_case(w)).map(|k| k as u32 + 1);
    if !word.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    // "One" to "Nineteen" as written; "Twenty", "Thirty" and "Twenty-one" below.
    if let Some(n) = NUMBER_WORDS[..19].iter().position(|n| *n == word) {
        return Some(n as u32 + 1);
    }
    let (tens, rest) = match word.split_once('-') {
        Some((tens, rest)) => (tens, Some(rest)),
        None => (word, None),
    };
    let base = match tens {
        "Twenty" => 20,
        "Thirty" => 30,
        _ => return None,
    };
    let day = base + rest.map_or(Some(0), unit)?;
    (day <= 31).then_some(day)
}

/// A decade of 1900-2099 written as its first year and "s" ("1980s"; not "1980's", whose
/// apostrophe the scan splits off), as itself.
fn decade(word: &str) -> Option<&str> {
    let digits = word.strip_suffix('s')?;
    (digits.ends_with('0') && year_number(digits).is_some()).then_some(word)
}

fn year_number(word: &str) -> Option<u32> {
    if word.len() != 4 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    word.parse().ok().filter(|y| (1900..=2099).contains(y))
}

pub(crate) struct Dates;

impl Dates {
    fn push(out: &mut Vec<Candidate>, scan: &Scan<'_>, first: usize, last: usize, canonical: String) {
        out.push(Dates::candidate(scan.words[first].start, scan.words[last].end, canonical));
    }

    /// A date at bytes `start..end` with its canonical form.
    fn candidate(start: usize, end: usize, canonical: String) -> Candidate {
        Candidate {
            start,
            end,
            kind: Some(EntityKind::Date),
            label: Label::Date(canonical.into_boxed_str()),
            confidence: CONFIDENCE_DATE,
        }
    }

    /// The last word of the holiday that opens at word `i` ("Christmas", "New Year's Day"), the
    /// longest; not an island named after one ("Christmas Island", "Easter Island").
    fn holiday_at(scan: &Scan<'_>, i: usize) -> Option<usize> {
        if !opens_holiday(scan.word(i)) {
            return None;
        }
        let start = scan.words[i].start;
        let last = (i..scan.words.len().min(i + 3))
            .rev()
            .find(|&j| names_a_holiday(scan.text, start, &scan.text[start..scan.words[j].end]))?;
        (!scan.text[scan.words[last].end..].starts_with(" Island")).then_some(last)
    }

    /// The year right after word `i` ("February 16, 2022", "16 February 2022"), if any.
    fn year_after(scan: &Scan<'_>, i: usize) -> Option<u32> {
        if !matches!(scan.gap_after(i), " " | ", ") {
            return None;
        }
        let year = year_number(scan.words.get(i + 1).map(|_| scan.word(i + 1))?)?;
        // "16 February 2022,000" is not a year, nor "Oct/Sept 1987/88" the second month's: check
        // the year is not part of a longer number or a split year.
        let after = scan.gap_after(i + 1);
        (!after.starts_with([',', '/'])
            || i + 2 >= scan.words.len()
            || !scan.word(i + 2).starts_with(|c: char| c.is_ascii_digit()))
        .then_some(year)
    }

    /// Whether the four-digit number at word `i` (`i > 0`) stands where a year does: after a
    /// word of [`YEAR_CONTEXT`] or [`YEAR_BEFORE`], or after "and", "to" and the like that
    /// follow a year just proposed (the last of `out`); not before a word of [`TIME_WORDS`] ("by
    /// 1800 GMT").
    fn in_year_context(scan: &Scan<'_>, i: usize, out: &[Candidate]) -> bool {
        let gap = scan.gap_after(i - 1);
        let before = scan.word(i - 1);
        if gap == ": " {
            return before == "NOTE";
        }
        let time_of_day = i + 1 < scan.words.len() && TIME_WORDS.contains(&scan.word(i + 1));
        if gap != " " || time_of_day {
            return false;
        }
        if YEAR_CONTEXT.iter().any(|c| before.eq_ignore_ascii_case(c)) {
            return true;
        }
        // After the words of results a number before a unit or a count is no year ("more than
        // 1900 people", "for 1950 dlrs a tonne").
        if YEAR_BEFORE.iter().any(|c| before.eq_ignore_ascii_case(c)) {
            return !(i + 1 < scan.words.len() && COUNTED_AFTER.contains(&scan.word(i + 1)));
        }
        YEAR_LIST_WORDS.contains(&before)
            && i >= 2
            && scan.gap_after(i - 2) == " "
            && year_number(scan.word(i - 2)).is_some()
            && out.last().is_some_and(|c| c.end == scan.words[i - 2].end)
    }

    /// The span of "two years ago" whose "ago" is word `i`, from its count, and its canonical
    /// form: the count in figures ("2 years ago", "1 year ago" of "a year ago", which [`anchor`]
    /// turns into the year, month, week or day), or in words when it says no number ("a few
    /// months ago", "several years ago"). Not a table's figure: "vs 10,000 week ago".
    fn time_ago(scan: &Scan<'_>, i: usize) -> Option<(usize, String)> {
        let spaced = |k: usize| scan.gap_after(k) == " ";
        let unit_at = i.checked_sub(1).filter(|&k| spaced(k))?;
        let unit = scan.word(unit_at);
        if !TIME_UNITS.contains(&unit) {
            return None;
        }
        let count_at = unit_at.checked_sub(1).filter(|&k| spaced(k))?;
        if count_at > 0 && scan.gap_after(count_at - 1).ends_with([',', '.']) {
            return None;
        }
        let plural = unit.ends_with('s');
        let count = scan.word(count_at);
        match (count_of(count), vague_count(count)) {
            (Some(number), _) if (number == 1) != plural => Some((count_at, format!("{number} {unit} ago"))),
            (None, Some("few")) => {
                let a = count_at
                    .checked_sub(1)
                    .filter(|&k| spaced(k) && scan.word(k).eq_ignore_ascii_case("a"))?;
                plural.then(|| (a, format!("a few {unit} ago")))
            }
            (None, Some(vague)) => plural.then(|| (count_at, format!("{vague} {unit} ago"))),
            _ => None,
        }
    }

    /// A quarter or a half of a year at word `i`: its first and last words and its canonical
    /// form ([`part_of_year`]). Word `i` is the unit ("quarter" after "first"), or the two
    /// joined ("fourth-quarter").
    fn part_of_year_at(scan: &Scan<'_>, i: usize) -> Option<(usize, usize, String)> {
        let word = scan.word(i);
        // (Asked of every word that may open a date: the unit first.)
        if !ends_in_a_part_of_year(word) {
            return None;
        }
        if !matches!(word, "quarter" | "qtr" | "half") {
            let (ordinal, unit) = word.split_once('-')?;
            return part_of_year(ordinal, unit).map(|part| (i, i, part));
        }
        let ordinal = i.checked_sub(1).filter(|&k| scan.gap_after(k) == " ")?;
        part_of_year(scan.word(ordinal), word).map(|part| (ordinal, i, part))
    }

    /// Pushes the quarter or half `part` at words `first..=last`, with the year written right
    /// before it (a year just proposed: "the 1986 fourth quarter") or after it ("the first
    /// quarter of 1987", "first quarter 1987"): "1986-Q4", "1987-Q1". Returns the last word
    /// taken.
    fn push_part_of_year(
        out: &mut Vec<Candidate>,
        scan: &Scan<'_>,
        first: usize,
        last: usize,
        part: String,
    ) -> usize {
        let year_before = first
            .checked_sub(1)
            .filter(|&k| scan.gap_after(k) == " " && year_number(scan.word(k)).is_some())
            .filter(|&k| {
                out.last().is_some_and(|c| c.start == scan.words[k].start && c.end == scan.words[k].end)
            });
        let word = |k: usize| (k < scan.words.len()).then(|| scan.word(k));
        // (Not the first year of a split one: "the second half of 1987/88".)
        let year_at = |k: usize| {
            word(k)
                .and_then(year_number)
                .filter(|_| scan.gap_after(k - 1) == " " && !scan.gap_after(k).starts_with('/'))
        };
        let year_after = match word(last + 1) {
            Some("of") if scan.gap_after(last) == " " => year_at(last + 2).map(|y| (last + 2, y)),
            _ => year_at(last + 1).map(|y| (last + 1, y)),
        };
        let (first, last, canonical) = match (year_before, year_after) {
            (Some(k), _) => {
                out.pop();
                (k, last, format!("{}-{part}", scan.word(k)))
            }
            (None, Some((end, year))) => (first, end, format!("{year}-{part}")),
            (None, None) => (first, last, part),
        };
        Dates::push(out, scan, first, last, canonical);
        last
    }

    /// Two months joined into a period at word `i`, each a date of its own as in "from April to
    /// September", so that the anchoring reads the second as following the first: "Aug/Sept
    /// shipment", "Oct/Dec", "January-March", "Jan-Dec, 1986", "April-Sept 1986" (the year
    /// goes with the second month). Abbreviated months are dates here, beside another month,
    /// and not alone ("Jan" is a given name too). Returns the number of words taken.
    fn month_pair(scan: &Scan<'_>, i: usize, month: Option<u32>, out: &mut Vec<Candidate>) -> Option<usize> {
        let word = scan.word(i);
        let start = scan.words[i].start;
        // The two months, as (start, end, month number), and the last word they take. (Asked
        // of every word that may open a date: `month` is the word's own, if it is one; a pair
        // joined by a hyphen is one word and is looked for only in a word that opens like a
        // month's name.)
        let (first, second, last) = match month {
            None => {
                // (A month's name opens with its abbreviation: "January-March", "Jan-Dec".)
                if word.len() < 7 || !opens_like_a_month(word) {
                    return None;
                }
                let (a, b) = word.split_once('-')?;
                let (m, n) = (month_number(a)?, month_number(b)?);
                let cut = start + a.len() + 1;
                ((start, cut - 1, m), (cut, scan.words[i].end, n), i)
            }
            Some(m) => {
                let n = scan.words.get(i + 1).and_then(|_| month_number(scan.word(i + 1)))?;
                if !matches!(scan.gap_after(i), "/" | "–") {
                    return None;
                }
                ((start, scan.words[i].end, m), (scan.words[i + 1].start, scan.words[i + 1].end, n), i + 1)
            }
        };
        let month =
            |(start, end, _): (usize, usize, u32), canonical: String| Dates::candidate(start, end, canonical);
        out.push(month(first, MONTHS[first.2 as usize - 1].to_string()));
        Some(match Dates::year_after(scan, last) {
            Some(year) => {
                let through_year = (second.0, scan.words[last + 1].end, second.2);
                out.push(month(through_year, format!("{year:04}-{:02}", second.2)));
                last + 2 - i
            }
            None => {
                out.push(month(second, MONTHS[second.2 as usize - 1].to_string()));
                last + 1 - i
            }
        })
    }

    /// Whether the number that ends at word `at` is a figure's, no day's: a figure going on
    /// after it ("2-1/4", "3-4.5", "1,000", "2-3%") or a unit after it ("March 2-3 pct").
    fn figure_goes_on(scan: &Scan<'_>, at: usize) -> bool {
        const UNITS: &[&str] = &[
            "pct", "percent", "per", "cents", "cent", "dlrs", "dollars", "points", "pts", "mln", "billion",
            "tonnes",
        ];
        let gap = scan.gap_after(at);
        let next = (at + 1 < scan.words.len()).then(|| scan.word(at + 1));
        gap.starts_with('%')
            || matches!(gap, "/" | "." | "," | "-")
                && next.is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()))
            || gap == " " && next.is_some_and(|w| UNITS.contains(&w))
    }

    /// Whether a figure ends right before word `at`: "rose 1.8-10 June", "1/8-10 June".
    fn figure_before(scan: &Scan<'_>, at: usize) -> bool {
        at > 0
            && matches!(scan.gap_after(at - 1), "/" | "." | "," | "-")
            && scan.word(at - 1).ends_with(|c: char| c.is_ascii_digit())
    }

    /// The days of the range at word `at`, "8-10" of "June 8-10": the first before the second,
    /// with no figure going on after it ("May/Nov 2-1/4", "1-3.5"; "2-1" is no range anyway).
    fn day_range(scan: &Scan<'_>, at: usize) -> Option<(u32, u32)> {
        // (A digit first, before the search for the hyphen: most words asked are no number.)
        let word = scan.word(at);
        if !word.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let (from, to) = word.split_once('-')?;
        let (from, to) = (day_number(from)?, day_number(to)?);
        (from < to && !Dates::figure_goes_on(scan, at)).then_some((from, to))
    }

    /// A range from a day of `month`, whose word is `first`, to a day of a later month: "March
    /// 31-April 2" (the middle word "31-April"), with the year after it if written, which is
    /// the second day's ("Nov 20-Dec 10, 1987"; "July 1-March 13, 1988" starts in 1987).
    /// Pushes it ([`Dates::push_day_range`]) and returns how many words it took.
    fn two_months_range(
        scan: &Scan<'_>,
        first: usize,
        month: u32,
        out: &mut Vec<Candidate>,
    ) -> Option<usize> {
        if first + 2 >= scan.words.len() || !Dates::month_gap_ok(scan, first) {
            return None;
        }
        let (from, to_month) = scan.word(first + 1).split_once('-')?;
        // ("March 31-Apr. 2": an abbreviation's full stop allowed, as after the first month.)
        if !(scan.gap_after(first + 1) == " " || scan.gap_after(first + 1) == ". " && to_month.len() <= 4) {
            return None;
        }
        let (from, to_month) = (day_number(from)?, month_number(to_month)?);
        let to = day_number(scan.word(first + 2))?;
        let year = Dates::year_after(scan, first + 2);
        let from_year = year.map(|year| if to_month < month { year - 1 } else { year });
        if to_month == month
            || Dates::figure_goes_on(scan, first + 2)
            || !is_day_of(from, month, from_year)
            || !is_day_of(to, to_month, year)
        {
            return None;
        }
        Some(Dates::push_day_range(out, scan, first, first + 2, (from, month), (to, to_month)))
    }

    /// Pushes the range of days `from` to `to`, each (day, month), written at words
    /// `first..=last`, with the year after them if one is written (the last day's): as
    /// `YYYY-MM-DD/YYYY-MM-DD` (an ISO 8601 interval) with it, "8-10 June" or "31 March-2 April"
    /// without, for [`anchor`] to date ([`day_range_parts`] reads it back). Returns how many
    /// words it took.
    fn push_day_range(
        out: &mut Vec<Candidate>,
        scan: &Scan<'_>,
        first: usize,
        last: usize,
        (from, month): (u32, u32),
        (to, to_month): (u32, u32),
    ) -> usize {
        let name = |month: u32| MONTHS[month as usize - 1];
        match Dates::year_after(scan, last) {
            Some(year) => {
                let from_year = if to_month < month { year - 1 } else { year };
                let canonical =
                    format!("{from_year:04}-{month:02}-{from:02}/{year:04}-{to_month:02}-{to:02}");
                Dates::push(out, scan, first, last + 1, canonical);
                last + 2 - first
            }
            None if to_month == month => {
                Dates::push(out, scan, first, last, format!("{from}-{to} {}", name(month)));
                last + 1 - first
            }
            None => {
                Dates::push(
                    out,
                    scan,
                    first,
                    last,
                    format!("{from} {}-{to} {}", name(month), name(to_month)),
                );
                last + 1 - first
            }
        }
    }

    /// A month word at `i` followed by the gap to the next word: "Feb. 16" allows the dot.
    fn month_gap_ok(scan: &Scan<'_>, i: usize) -> bool {
        match scan.gap_after(i) {
            " " => true,
            ". " => scan.word(i).len() <= 4,
            _ => false,
        }
    }
}

impl SpanProposer for Dates {
    fn propose(&self, scan: &Scan<'_>, out: &mut Vec<Candidate>) {
        let n = scan.words.len();
        // Whether the text is one of figures ([`reads_as_figures`]), asked once, of the few
        // texts with a quarter or a half.
        let figures = std::cell::OnceCell::new();
        let lengths = &*OPENING_LENGTHS;
        let mut i = 0;
        while i < n {
            // Every date starts with a digit, a capital (weekday, month, holiday) or one of the
            // relative words or prefixes (`opens_lower_case_date`): most words are none of
            // those and are passed over here, most by their first letter and length alone
            // (a lower-case word whose letter opens none of them has no length in the table).
            if !may_open_date(lengths, scan.text.as_bytes(), scan.words[i].start, scan.words[i].end) {
                i += 1;
                continue;
            }
            let first = scan.text.as_bytes()[scan.words[i].start];
            let word = scan.word(i);
            if first.is_ascii_lowercase() && !opens_lower_case_date(word) {
                i += 1;
                continue;
            }
            // Likewise a capitalised word that is no month, weekday, holiday, prefix, relative word,
            // quarter or half (`opens_capitalised_date`).
            if first.is_ascii_uppercase() && !opens_capitalised_date(word) {
                i += 1;
                continue;
            }
            let next = (i + 1 < n).then(|| scan.word(i + 1));

            if is_weekday(word) {
                if !in_newspapers_name(scan, i) {
                    Dates::push(out, scan, i, i, word.to_string());
                }
                i += 1;
                continue;
            }

            if let Some(last) = Dates::holiday_at(scan, i) {
                let name = &scan.text[scan.words[i].start..scan.words[last].end];
                Dates::push(out, scan, i, last, name.to_string());
                i = last + 1;
                continue;
            }

            // A range of days before its month: "8-10 June", "8-10 June 1987" (full month names
            // only, as for one day).
            if let Some((from, to)) = Dates::day_range(scan, i)
                && scan.gap_after(i) == " "
                && !Dates::figure_before(scan, i)
                && let Some(month) = next.filter(|m| is_month(m)).and_then(month_number)
                && is_day_of(to, month, Dates::year_after(scan, i + 1))
            {
                i += Dates::push_day_range(out, scan, i, i + 1, (from, month), (to, month));
                continue;
            }

            // Day-month: "16 February", "16 February 2022".
            if let (Some(day), Some(month)) = (day_number(word), next.and_then(month_number))
                && scan.gap_after(i) == " "
                && next.is_some_and(|m| m.len() >= 3)
                && is_day_of(day, month, Dates::year_after(scan, i + 1))
            {
                let month_word = next.unwrap_or_default();
                // Only full month names here: "5 Mar" is too often something else.
                if is_month(month_word) {
                    match Dates::year_after(scan, i + 1) {
                        Some(year) => {
                            Dates::push(out, scan, i, i + 2, format!("{year:04}-{month:02}-{day:02}"))
                        }
                        None => {
                            Dates::push(out, scan, i, i + 1, format!("{day} {}", MONTHS[month as usize - 1]))
                        }
                    }
                    i += if Dates::year_after(scan, i + 1).is_some() { 3 } else { 2 };
                    continue;
                }
            }

            let month = month_number(word);
            if let Some(words) = Dates::month_pair(scan, i, month, out) {
                i += words;
                continue;
            }

            if let Some(month) = month {
                let full = is_month(word);
                // Month-day: "February 16", "Feb. 16, 2022", "Pay April One".
                if let Some(day) = next.and_then(|w| day_number(w).or_else(|| day_in_words(w)))
                    && Dates::month_gap_ok(scan, i)
                    && is_day_of(day, month, Dates::year_after(scan, i + 1))
                {
                    match Dates::year_after(scan, i + 1) {
                        Some(year) => {
                            Dates::push(out, scan, i, i + 2, format!("{year:04}-{month:02}-{day:02}"));
                            i += 3;
                        }
                        None => {
                            Dates::push(out, scan, i, i + 1, format!("{day} {}", MONTHS[month as usize - 1]));
                            i += 2;
                        }
                    }
                    continue;
                }
                // A range across two months: "March 31-April 2", "May 10-June 10, 1987".
                if let Some(words) = Dates::two_months_range(scan, i, month, out) {
                    i += words;
                    continue;
                }
                // A range of days after its month: "June 8-10", "the March 1-20 period", "June
                // 1-30, 1987".
                if let Some((from, to)) = (i + 1 < n).then(|| Dates::day_range(scan, i + 1)).flatten()
                    && Dates::month_gap_ok(scan, i)
                    && is_day_of(to, month, Dates::year_after(scan, i + 1))
                {
                    i += Dates::push_day_range(out, scan, i, i + 1, (from, month), (to, month));
                    continue;
                }
                // Month-year: "February 2022", "Jan 1987".
                if let Some(year) = Dates::year_after(scan, i).filter(|_| scan.gap_after(i) == " ") {
                    Dates::push(out, scan, i, i + 1, format!("{year:04}-{month:02}"));
                    i += 2;
                    continue;
                }
                // A bare month, except "May", which is more often the verb or a name.
                let prev = (i > 0).then(|| scan.word(i - 1).to_ascii_lowercase());
                let in_context = prev
                    .as_deref()
                    .is_some_and(|p| YEAR_CONTEXT.contains(&p) || matches!(p, "last" | "next" | "this"));
                if full && (word != "May" || in_context) {
                    let first = if in_context && matches!(prev.as_deref(), Some("last" | "next" | "this")) {
                        i - 1
                    } else {
                        i
                    };
                    let canonical = if first < i {
                        format!("{} {word}", prev.unwrap_or_default())
                    } else {
                        word.to_string()
                    };
                    Dates::push(out, scan, first, i, canonical);
                    i += 1;
                    continue;
                }
            }

            // A split year, a fiscal or crop year: "1986/87", "1986/1987", whatever stands before.
            if let Some(year) = year_number(word)
                && scan.gap_after(i) == "/"
                && let Some(second) = next.filter(|w| w.bytes().all(|b| b.is_ascii_digit()))
                && (second.len() == 2 && second.parse::<u32>().ok() == Some((year + 1) % 100)
                    || second.len() == 4 && second.parse::<u32>().ok() == Some(year + 1))
            {
                Dates::push(out, scan, i, i + 1, format!("{year}/{:02}", (year + 1) % 100));
                i += 2;
                continue;
            }

            // A decade, with "early", "mid" or "late" before it: "the 1980s", "the early 1990s".
            if let Some(decade) = decade(word) {
                let qualified = i > 0
                    && scan.gap_after(i - 1) == " "
                    && ["early", "mid", "late"].iter().any(|q| scan.word(i - 1).eq_ignore_ascii_case(q));
                Dates::push(out, scan, if qualified { i - 1 } else { i }, i, decade.to_string());
                i += 1;
                continue;
            }

            // "mid-March", "end-January", "early-1986", "mid-1980s": the month, the year or the
            // decade.
            if let Some(rest) = after_date_prefix(word)
                .filter(|r| is_month(r) || year_number(r).is_some() || decade(r).is_some())
            {
                Dates::push(out, scan, i, i, rest.to_string());
                i += 1;
                continue;
            }

            // A year in a year context: "in 2014", "since 2014", "fiscal 1987", "NOTE: 1986 net",
            // "between 1981 and 1986".
            if let Some(year) = year_number(word)
                && i > 0
                && scan.gap_after(i) != ","
                && Dates::in_year_context(scan, i, out)
            {
                Dates::push(out, scan, i, i, year.to_string());
                i += 1;
                continue;
            }

            // Relative dates: "last month", "this week", "today". Compared without allocating:
            // this runs for every word of every document.
            if let Some(day) = relative_day(word)
                && !names_a_programme(scan, i)
            {
                Dates::push(out, scan, i, i, day.to_string());
                i += 1;
                continue;
            }
            // "two years ago", "18 months ago", "a few weeks ago": from the count to "ago".
            if word == "ago"
                && let Some((first, canonical)) = Dates::time_ago(scan, i)
            {
                Dates::push(out, scan, first, i, canonical);
                i += 1;
                continue;
            }
            // "the first quarter", "4th qtr", "fourth-quarter", "the second half" in a text of
            // figures, with the year before or after it ("the 1986 fourth quarter", "the first
            // quarter of 1987").
            if let Some((first, last, part)) = Dates::part_of_year_at(scan, i)
                && (word.ends_with("qtr") || *figures.get_or_init(|| reads_as_figures(scan.text)))
            {
                i = Dates::push_part_of_year(out, scan, first, last, part) + 1;
                continue;
            }
            if let Some(which) = relative_unit_before(word)
                && scan.gap_after(i) == " "
            {
                if let Some(unit) = next.filter(|w| matches!(*w, "week" | "month" | "year" | "weekend")) {
                    Dates::push(out, scan, i, i + 1, format!("{which} {unit}"));
                    i += 2;
                    continue;
                }
                // "the next five years", "the past few weeks", "the last 12 months".
                if which != "this"
                    && i + 2 < n
                    && scan.gap_after(i + 1) == " "
                    && let unit = scan.word(i + 2)
                    && unit.ends_with('s')
                    && TIME_UNITS.contains(&unit)
                    && let Some(count) = count_of(scan.word(i + 1))
                        .filter(|&c| c > 1)
                        .map(|c| c.to_string())
                        .or_else(|| vague_count(scan.word(i + 1)).map(str::to_string))
                {
                    Dates::push(out, scan, i, i + 2, format!("{which} {count} {unit}"));
                    i += 3;
                    continue;
                }
            }
            i += 1;
        }
    }
}

/// Words that, a few words before a weekday in its sentence, put it ahead of the publication
/// date: "will meet on Friday", "is expected Thursday evening", "could be Friday", "talks
/// tomorrow and Friday". Right before it, "next", "coming" and "this" do too, and a deadline's
/// "until" and "till" ("adjourned until Thursday"; not "by", as often past: "had not sold out
/// by Friday afternoon"); "last" and "past" put it behind.
const FUTURE_CUES: &[&str] = &[
    "will",
    "shall",
    "could",
    "may",
    "might",
    "due",
    "expect",
    "expected",
    "expects",
    "scheduled",
    "plans",
    "planned",
    "tomorrow",
];

/// Words that put a weekday behind the publication date ("said on Tuesday", "last Friday",
/// "was closed Monday"), besides past forms in "-ed" ("released on Friday").
const PAST_CUES: &[&str] =
    &["said", "told", "was", "were", "had", "did", "ago", "earlier", "yesterday", "began"];

/// What may stand between two weekdays of one list.
const LIST_GAPS: &[&str] = &[" and ", " or ", ", ", ", and ", ", or ", " to ", " through ", "-", "–", " – "];

/// What may stand between the two months of a range.
const RANGE_GAPS: &[&str] = &[" to ", " through ", " until ", " till ", "-", "–", " – ", "/"];

/// How many words before a weekday are searched for a cue.
const CUE_WINDOW: usize = 6;

/// Dates the tables can only give by their wording ("Wednesday", "16 February", "yesterday")
/// anchored to the document's publication date, `published` (`YYYY-MM-DD`): their canonical
/// form becomes the ISO date and their id follows, so that one day has one id across documents
/// and the Wednesday of one week is not the Wednesday of another.
///
/// A weekday is the day of that name within six days of the publication date: behind it or
/// ahead of it as the nearest word before it in its sentence (up to six words back) says
/// ([`FUTURE_CUES`], [`PAST_CUES`]: "said on Wednesday it will send" is behind, "said it will
/// send troops on Wednesday" ahead; "since Thursday" behind), else as the verb right after it
/// says ([`tense_after`]), else behind unless it is one or two days ahead (news
/// reports what happened: "the Kremlin on Thursday urged" in a Friday paper is the day before,
/// and of weekdays three days ahead or four behind with no cue, a review found most behind). A
/// weekday with its date beside it ("Friday, April 17", "Wednesday (16 February)") is that
/// date. One listed after another ("last Thursday and Friday") is the first such day after it,
/// or the one a week earlier when the list reads as behind and that day is still to come. A day
/// and month take the year "this year", "next year" or "last year" after it says, else the
/// year that puts them nearest the publication date ("28 December" in a paper of 3
/// January is the last year's, as is "the year ended December 31" in March); "today",
/// "yesterday" and "tomorrow" are what they say, and "last year", "this month" and the like the
/// year or month they name ("2021", "2022-02"); a month alone is a month of the nearest year
/// ([`month_of`]), and "last week", "this week" and "next week" are ISO weeks ("2022-W05").
/// Other dates ("the past year", "this quarter") are left as they are. A passive ("accelerated
/// to noon on Friday") still reads as the past.
pub(crate) fn anchor(entities: &mut [copydesk_core::Entity], text: &str, published: &str) {
    let Some(base) = iso_date(published) else { return };
    let day = |offset: i32| time::Date::from_julian_day(base.to_julian_day() + offset).ok();
    // The year, month or ISO week (of the day that many weeks away) `step` of them from the
    // publication's: "2021", "2022-01", "2022-W04".
    let shifted = |unit: &str, step: i32| {
        let months = base.year() * 12 + base.month() as i32 - 1 + step;
        match unit {
            "year" => Some(format!("{:04}", base.year() + step)),
            "month" => Some(format!("{:04}-{:02}", months.div_euclid(12), months.rem_euclid(12) + 1)),
            "week" => day(7 * step).map(|date| {
                let (year, week, _) = date.to_iso_week_date();
                format!("{year:04}-W{week:02}")
            }),
            _ => None,
        }
    };
    // The last weekday anchored: where it ends, its date, and whether it was read as ahead.
    let mut last_weekday: Option<(usize, time::Date, bool)> = None;
    // The last month anchored or written with its year: where it ends, its year and month.
    let mut last_month: Option<(usize, i32, i32)> = None;
    for entity in entities.iter_mut().filter(|e| e.kind == EntityKind::Date) {
        let canonical = entity.canonical.as_str();
        // A month written with its year ("October 1986") may open a range.
        if let Some((year, month)) = year_month(canonical) {
            last_month = Some((entity.end, year, month));
            continue;
        }
        let date = if let Some(weekday) = WEEKDAYS.iter().position(|w| *w == canonical) {
            let days_from = |from: time::Date| {
                (weekday as i32 - from.weekday().number_days_from_monday() as i32).rem_euclid(7)
            };
            let ahead = days_from(base);
            let behind = (7 - ahead) % 7;
            // A weekday listed after another ("last Thursday and Friday", "Monday, Tuesday or
            // Wednesday") is the first such day after it, the week before when the list is read
            // as behind and that day is not ("reserves on Thursday, Monday and Tuesday" in a
            // Thursday paper: the Thursday is the day's, the Monday and Tuesday this week's).
            let listed = last_weekday
                .filter(|&(end, ..)| text.get(end..entity.start).is_some_and(|gap| LIST_GAPS.contains(&gap)));
            let (date, forward) = match listed {
                Some((_, before, forward)) => {
                    let after = match days_from(before) {
                        0 => 7,
                        days => days,
                    };
                    let mut julian = before.to_julian_day() + after;
                    if !forward && julian > base.to_julian_day() {
                        julian -= 7;
                    }
                    (time::Date::from_julian_day(julian).ok(), forward)
                }
                None => match tense(text, entity.start).or_else(|| tense_after(text, entity.end)) {
                    Some(Tense::Future) => (day(ahead), true),
                    Some(Tense::Past) => (day(-behind), false),
                    // "last Monday" in a Monday paper is a week ago; "next Monday", a week on.
                    Some(Tense::Last) => (day(if behind == 0 { -7 } else { -behind }), false),
                    Some(Tense::Next) => (day(if ahead == 0 { 7 } else { ahead }), true),
                    // The day itself with no cue reads as behind for a list after it: on the
                    // bench news "ran a deficit on Thursday, Friday and Monday" in a Thursday
                    // paper is last week's (three such lists), where "meet on Thursday and
                    // Friday" would be this week's (none found).
                    None if ahead <= 2 => (day(ahead), ahead > 0),
                    None => (day(-behind), false),
                },
            };
            last_weekday = date.map(|date| (entity.end, date, forward));
            date
        } else if let Some(offset) = ["yesterday", "today", "tomorrow"].iter().position(|w| *w == canonical) {
            day(offset as i32 - 1)
        } else if let Some((day, month)) = canonical.split_once(' ')
            && let (Ok(day), Some(month)) = (day.parse::<u8>(), MONTHS.iter().position(|m| *m == month))
        {
            nearest_day(day, month, text, entity.start..entity.end, base)
        } else if let Some(((from, month), (to, to_month))) = day_range_parts(canonical) {
            // A range of days ("June 8-10", "March 31-April 2"): the first such range not yet
            // over when it is a window of trade ("for May 1-30 shipment", "laydays of April
            // 5-15", "postponed delivery to July 1-20"); else of the year said after it, or as
            // one day after "last" or "next", or the one nearest the paper. Its last day is the
            // first such day on from its first.
            let date = |year: i32, month: usize, day: u8| {
                time::Date::from_calendar_date(year, time::Month::try_from(month as u8 + 1).ok()?, day).ok()
            };
            let turns = i32::from(to_month < month);
            let after = &text[entity.end..];
            let words_before = text[..entity.start].split_whitespace().next_back().unwrap_or_default();
            let trading =
                trades_for(after) || trades_before(&text[..entity.start]) || traded_with_next(after);
            let year = if trading {
                // (Not over by more than a month: "for shipment June 1-30" in a paper of July 10
                // is this year's, as "June shipment" is.)
                let lately = time::Date::from_julian_day(base.to_julian_day() - 31).unwrap_or(base);
                (base.year() - 1..=base.year() + 1)
                    .find(|&year| date(year + turns, to_month, to).is_some_and(|last| last >= lately))
            } else if let Some(step) = year_said_after(after) {
                Some(base.year() + step - turns)
            } else if ["last", "next"].iter().any(|cue| words_before.eq_ignore_ascii_case(cue)) {
                nearest_day(from, month, text, entity.start..entity.end, base).map(|d| d.year())
            } else {
                // The year whose range is nearest the paper's date, or holds it: "exports for
                // the period July 1-March 13" in a March paper are of the crop year ending then.
                (base.year() - 1..=base.year() + 1)
                    .filter_map(|year| {
                        Some((year, date(year, month, from)?, date(year + turns, to_month, to)?))
                    })
                    .min_by_key(|&(_, first, last)| {
                        let (base, first, last) =
                            (base.to_julian_day(), first.to_julian_day(), last.to_julian_day());
                        (first - base).max(base - last).max(0)
                    })
                    .map(|(year, ..)| year)
            };
            let Some(year) = year else { continue };
            let (Some(first), Some(last)) = (date(year, month, from), date(year + turns, to_month, to))
            else {
                continue;
            };
            let anchored = format!("{}/{}", iso(first), iso(last));
            last_month = None;
            entity.entity_id = crate::canonical::hashed_id(EntityKind::Date, &anchored);
            entity.canonical = anchored;
            continue;
        } else if let Some((count, "day" | "days")) = counted_ago(canonical) {
            day(-(count as i32))
        } else {
            None
        };
        let anchored = match date {
            Some(date) => iso(date),
            // "2 years ago" is the year two before the publication's, "6 months ago" that
            // month, "2 weeks ago" that ISO week (days are dated above; decades are left).
            None if let Some((count, unit)) = counted_ago(canonical) => {
                match shifted(unit.trim_end_matches('s'), -(count as i32)) {
                    Some(anchored) => anchored,
                    None => continue,
                }
            }
            // A month, alone ("March") or in the tables' span with its cue ("last February").
            None if let Some((cue, month)) = month_with_cue(canonical) => {
                // The second month of a range ("from April through October", "October 1986 to
                // March") is the first such month from the one before it. (Not of a list: "in
                // January and December" may be the same year's.)
                let listed = last_month.filter(|&(end, ..)| {
                    cue.is_none()
                        && text.get(end..entity.start).is_some_and(|gap| RANGE_GAPS.contains(&gap))
                        && year_given_after(&text[entity.end..], base).is_none()
                });
                let number = MONTHS.iter().position(|m| *m == month).unwrap_or_default() as i32;
                match listed {
                    Some((_, year, before)) => {
                        format!("{:04}-{:02}", if number >= before { year } else { year + 1 }, number + 1)
                    }
                    None => match month_of(month, text, entity.start, entity.end, base, cue) {
                        Some(month) => month,
                        None => continue,
                    },
                }
            }
            // "last year" is the year before the publication's, "this month" its month: the
            // forms the tables give a year ("2022") and a month ("2022-02").
            None => {
                let (which, unit) = canonical.split_once(' ').unwrap_or_default();
                let step = match which {
                    // Not "past": "the past year" is the last twelve months, no calendar year.
                    "last" => -1,
                    "this" => 0,
                    "next" => 1,
                    _ => continue,
                };
                match shifted(unit, step) {
                    Some(anchored) => anchored,
                    None => continue,
                }
            }
        };
        last_month = year_month(&anchored).map(|(year, month)| (entity.end, year, month));
        // The id follows the canonical form, as for a date written out in full.
        entity.entity_id = crate::canonical::hashed_id(EntityKind::Date, &anchored);
        entity.canonical = anchored;
    }
    // A weekday with its date beside it is that date, when the date falls on it.
    for i in 1..entities.len() {
        let (before, after) = entities.split_at_mut(i);
        let (weekday, date) = (&mut before[i - 1], &after[0]);
        if weekday.kind != EntityKind::Date || date.kind != EntityKind::Date {
            continue;
        }
        let Some(named) = WEEKDAYS.iter().position(|w| *w == weekday.text) else { continue };
        let beside = text.get(weekday.end..date.start).is_some_and(|gap| matches!(gap, ", " | " (" | " "));
        let falls_on = || {
            iso_date(&date.canonical).is_some_and(|d| d.weekday().number_days_from_monday() as usize == named)
        };
        if beside && falls_on() {
            weekday.canonical.clone_from(&date.canonical);
            weekday.entity_id.clone_from(&date.entity_id);
        }
    }
}

/// `date` as `YYYY-MM-DD`.
fn iso(date: time::Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month() as u8, date.day())
}

/// Day `day` of month `month` (0 for January) of the date at `span` of `text`: the one nearest
/// the publication date `base`, within a year either side; the last before it or the first
/// after it after "last" or "next" ("last September 11" in a March paper is the September
/// before); of the year said right after it ("16 February last year").
fn nearest_day(
    day: u8,
    month: usize,
    text: &str,
    span: std::ops::Range<usize>,
    base: time::Date,
) -> Option<time::Date> {
    let month = time::Month::try_from(month as u8 + 1).ok()?;
    let years = match year_said_after(&text[span.end..]) {
        Some(step) => base.year() + step..=base.year() + step,
        None => base.year() - 1..=base.year() + 1,
    };
    let dates = years.filter_map(|year| time::Date::from_calendar_date(year, month, day).ok());
    let words_before = text[..span.start].split_whitespace().next_back().unwrap_or_default();
    if words_before.eq_ignore_ascii_case("last") {
        dates.filter(|d| *d < base).max()
    } else if words_before.eq_ignore_ascii_case("next") {
        dates.filter(|d| *d > base).min()
    } else {
        dates.min_by_key(|d| (d.to_julian_day() - base.to_julian_day()).abs())
    }
}

/// Gives each date that names no time of the calendar by itself, once [`anchor`] has done what it
/// could, an id of its document, `id` with `text`: "Tuesday", "last year", "Easter" or "16
/// February" in a text with no publication date, or "this weekend" in any. Such a date names a
/// different day in every text, and one id across documents would count 700 Tuesdays of
/// different weeks as one entity. (The text's hash beside its id, as ids numbered by line,
/// `feed:1`, come back every day with other texts.) A date that names one by itself starts with
/// its year: "2022-02-16", "2022-W05", "1990s", "1986/87".
pub(crate) fn scope_relative(entities: &mut [copydesk_core::Entity], id: &str, text: &str) {
    let names_its_year =
        |canonical: &str| canonical.as_bytes().get(..4).is_some_and(|y| y.iter().all(u8::is_ascii_digit));
    let mut scope = None;
    for entity in entities.iter_mut().filter(|e| e.kind == EntityKind::Date && !names_its_year(&e.canonical))
    {
        let scope = scope
            .get_or_insert_with(|| format!("{id}\0{:016x}", xxhash_rust::xxh3::xxh3_64(text.as_bytes())));
        entity.entity_id = crate::canonical::document_id(EntityKind::Date, &entity.canonical, scope);
    }
}

/// The count and unit of a canonical "2 years ago" ([`Dates::time_ago`]); not of a count in
/// words ("a few months ago").
fn counted_ago(canonical: &str) -> Option<(u32, &str)> {
    let (count, unit) = canonical.strip_suffix(" ago")?.split_once(' ')?;
    Some((count.parse().ok()?, unit))
}

/// A canonical form that names a month, alone ("March") or after a cue ("last February"): the
/// cue, and the month.
fn month_with_cue(canonical: &str) -> Option<(Option<&str>, &str)> {
    let (cue, month) = match canonical.split_once(' ') {
        Some((cue, month)) => (Some(cue), month),
        None => (None, canonical),
    };
    MONTHS.contains(&month).then_some((cue, month))
}

/// Which year "last year", "this year" or "next year" right after a date says (a comma between
/// allowed), as a step from the publication's: -1, 0 or 1.
fn year_said_after(after: &str) -> Option<i32> {
    let after = after.trim_start_matches([',', ' ']);
    ["last year", "this year", "next year"]
        .iter()
        .position(|y| {
            after
                .strip_prefix(y)
                .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric() || c == '\''))
        })
        .map(|which| which as i32 - 1)
}

/// The year written ("January, 1986") or said ("September last year") right after a month
/// named alone, in a paper of `base`.
fn year_given_after(after: &str, base: time::Date) -> Option<i32> {
    let after = after.trim_start_matches(',').trim_start();
    // Not the first year of a split one: "Oct/Sept 1987/88" runs from October 1987.
    let written = after.get(..4).filter(|y| {
        y.bytes().all(|b| b.is_ascii_digit())
            && !after[4..].starts_with(|c: char| c.is_alphanumeric() || c == '/')
    });
    match written {
        Some(year) => year.parse().ok(),
        None => year_said_after(after).map(|step| base.year() + step),
    }
}

/// A canonical `YYYY-MM` form's year and month (0 for January).
fn year_month(canonical: &str) -> Option<(i32, i32)> {
    let (year, month) = canonical.split_once('-')?;
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(year, 4) && digits(month, 2)) {
        return None;
    }
    Some((year.parse().ok()?, month.parse::<i32>().ok()? - 1))
}

/// A month named alone ("in March", "last January", "January, 1986"), as `YYYY-MM` in a paper
/// of `base`: the year written or said after it ("September last year"), else the way the cue
/// words before it say, as for a
/// weekday ([`tense`]: "said January orders fell", "not due to meet again until September",
/// "last January"), else the nearest such month (of five ahead and six behind: news reports
/// what happened), or, opening a period of figures ([`reports_a_period`]), the last such month
/// begun. `cue`: the "last", "next" or "this" the tables' span holds ("last
/// February").
fn month_of(
    name: &str,
    text: &str,
    start: usize,
    end: usize,
    base: time::Date,
    cue: Option<&str>,
) -> Option<String> {
    let month = MONTHS.iter().position(|m| *m == name)? as i32;
    let now = base.month() as i32 - 1;
    let year = match year_given_after(&text[end..], base)
        .or_else(|| year_of_list_after(month, &text[end..], base))
        .or_else(|| year_of_period_in_brackets(text, start, end))
    {
        Some(year) => year,
        None => {
            let ahead = (month - now).rem_euclid(12);
            let behind = (12 - ahead) % 12;
            // "last January" in a January paper is a year ago; "next January", a year on.
            let (last, next) = (if behind == 0 { -12 } else { -behind }, if ahead == 0 { 12 } else { ahead });
            let offset = match cue {
                Some("this") => month - now,
                Some("last") => last,
                Some("next") => next,
                Some(_) => return None,
                // A trading month is one to come ("for April shipment", "the June contract" in a
                // March paper), whatever the sentence's tense: "traded yesterday for June". Not
                // the month just gone: "the March bond" in an April paper is the last issue.
                None if behind != 1 && trades_for(&text[end..]) => ahead,
                None => match tense(text, start) {
                    // Not ten months ahead or more on a cue alone: "lower than expected due to
                    // snowstorms in January" in a March paper is that January.
                    Some(Tense::Future) if ahead <= 9 => ahead,
                    Some(Tense::Past) => -behind,
                    Some(Tense::Last) => last,
                    Some(Tense::Next) => next,
                    // A period of figures is the last one begun: "the October/December quarter"
                    // in a June paper is the one gone, "during July/June" in March the current
                    // one. (Not a trader's: "Aug/Sept at 1,870 dlrs" is to come.)
                    _ if ahead <= 5 && !reports_a_period(text, start, end) => ahead,
                    _ => -behind,
                },
            };
            (base.year() * 12 + now + offset).div_euclid(12)
        }
    };
    Some(format!("{year:04}-{:02}", month + 1))
}

/// The year of a month named alone before others, in a list or a range that ends in its year:
/// "in July or August this year", "between April and June 1987", "in April, September and
/// December last year"; where the months turn the year, the year before ("from December to
/// March 1987", "between November and February this year", "in December, January and February
/// this year"). `after`: the text after the month, `month` (0 for January).
fn year_of_list_after(month: i32, after: &str, base: time::Date) -> Option<i32> {
    // The months that follow.
    let mut followers: Vec<i32> = Vec::new();
    let mut rest = after;
    while followers.len() < 6 {
        let gap =
            LIST_GAPS.iter().chain(RANGE_GAPS).filter(|g| rest.starts_with(**g)).max_by_key(|g| g.len())?;
        let next = &rest[gap.len()..];
        let (named, len) = month_opening(next)?;
        followers.push(named as i32 - 1);
        rest = &next[len..];
        if let Some(mut year) = year_given_after(rest, base) {
            for (i, &later) in followers.iter().enumerate().rev() {
                let before = if i == 0 { month } else { followers[i - 1] };
                if before > later {
                    year -= 1;
                }
            }
            return Some(year);
        }
    }
    None
}

/// Whether the words after a month make it a trading month, of a delivery or a futures contract
/// ("April shipment", "June delivery", "the September contract", "June T-bonds"). Not a plural
/// of delivery: "February shipments were up 5.8 pct" is a month's figure; nor a bond's auction
/// or issue ("the February bond auction drew weak demand"), nor an arrival ("his March arrival
/// in Moscow"). The first month of a period reads the words after the second ("for May/June
/// shipment").
fn trades_for(after: &str) -> bool {
    const TRADING: &[&str] = &[
        "shipment",
        "delivery",
        "loading",
        "contract",
        "contracts",
        "futures",
        "options",
        "bond",
        "bonds",
        "T-bond",
        "T-bonds",
        "T-bill",
        "T-bills",
    ];
    let after = match after_period(after) {
        // A period quoted at a price is traded: "Aug/Sept at 1,870 dlrs".
        Some(rest)
            if rest.strip_prefix(" at ").is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit())) =>
        {
            return true;
        }
        Some(rest) => rest,
        // (A slash or hyphen before no month is followed by no space: no trading word.)
        None => after,
    };
    let Some(rest) = after.strip_prefix(' ') else { return false };
    let mut words = rest.split(|c: char| !(c.is_alphanumeric() || c == '-'));
    let word = words.next().unwrap_or_default();
    let mut issued =
        || matches!(words.next(), Some("auction" | "auctions" | "issue" | "issues" | "sale" | "coupon"));
    TRADING.contains(&word) && !(word.starts_with("bond") && issued())
}

/// The first and last days of a range's canonical form before it is anchored, each as (day,
/// month from 0): "8-10 June" (one month's) or "31 March-2 April" (across two).
fn day_range_parts(canonical: &str) -> Option<((u8, usize), (u8, usize))> {
    let month_of = |name: &str| MONTHS.iter().position(|m| *m == name);
    let (first, last) = canonical.split_once('-')?;
    let (to, to_month) = last.split_once(' ')?;
    let (to, to_month) = (to.parse().ok()?, month_of(to_month)?);
    match first.split_once(' ') {
        Some((from, month)) => Some(((from.parse().ok()?, month_of(month)?), (to, to_month))),
        None => Some(((first.parse().ok()?, to_month), (to, to_month))),
    }
}

/// Whether the words `after` a range of days are another range of a month, joined by "and" or
/// a slash, that is a window of trade: the first is one too ("for October 1-15 and December
/// 5-20 delivery", "September 5-20/September 10-25 delivery").
fn traded_with_next(after: &str) -> bool {
    let Some(rest) = after.strip_prefix(" and ").or_else(|| after.strip_prefix('/')) else { return false };
    let Some((month, rest)) = rest.split_once(' ') else { return false };
    let days = rest.find(|c: char| !(c.is_ascii_digit() || c == '-')).unwrap_or(rest.len());
    month_number(month).is_some() && rest[..days].contains('-') && trades_for(&rest[days..])
}

/// Whether one of the three words at the end of `before`, in the date's sentence, makes the
/// date after them a window of trade: "for shipment May 1-30", "laydays of April 5-15",
/// "postponed delivery to July 1-20" (not "loading", as often a past verb: "finished loading
/// June 8-10").
fn trades_before(before: &str) -> bool {
    for word in before.split_whitespace().rev().take(3) {
        // (Not across a sentence's end: "for prompt delivery. June 8-10 talks".)
        if word.ends_with(['.', '!', '?', ';']) {
            return false;
        }
        if matches!(word.trim_matches(|c: char| !c.is_alphanumeric()), "shipment" | "delivery" | "laydays") {
            return true;
        }
    }
    false
}

/// Which way the nearest cue word before byte `start` of `text` points, within its sentence.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Tense {
    Past,
    Future,
    /// "last Friday": behind, and never the publication day itself.
    Last,
    /// "next Friday": ahead, and never the publication day itself.
    Next,
}

fn tense(text: &str, start: usize) -> Option<Tense> {
    let before = &text[..start];
    // A sentence ends at a full stop before a space (a closing quote or bracket between them
    // allowed: `forecast." Tuesday`), not in "1.60 dlrs", nor after an initial or "U.S.".
    // (Byte by byte: every mark looked for is ASCII, which no longer character holds.)
    let end = before.bytes().enumerate().rev().find(|&(at, b)| match b {
        b'!' | b'?' | b'\n' | b';' => true,
        b'.' => {
            let rest = before[at + 1..].trim_start_matches(['"', '\'', '\u{201D}', '\u{2019}', ')', ']']);
            let word = before[..at].rsplit(char::is_whitespace).next().unwrap_or_default();
            let initial = word.chars().count() == 1 && word.starts_with(char::is_uppercase);
            rest.starts_with(char::is_whitespace) && !word.is_empty() && !word.contains('.') && !initial
        }
        _ => false,
    });
    let sentence = end.map_or(before, |(at, _)| &before[at + 1..]);
    let right_before = sentence.split_whitespace().next_back().unwrap_or_default();
    let is = |words: &[&str]| words.iter().any(|w| right_before.eq_ignore_ascii_case(w));
    if is(&["next", "coming"]) {
        return Some(Tense::Next);
    } else if is(&["this", "until", "till"]) {
        return Some(Tense::Future);
    } else if is(&["last", "past"]) {
        return Some(Tense::Last);
    } else if is(&["since"]) {
        return Some(Tense::Past);
    }
    let mut words = sentence.split_whitespace().rev().take(CUE_WINDOW).peekable();
    while let Some(word) = words.next() {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’');
        let is = |cues: &[&str]| cues.iter().any(|c| word.eq_ignore_ascii_case(c));
        // A participle after "be" is a passive's, whose tense is the words' before it: "will be
        // credited on Thursday", "is scheduled to be released on Friday".
        let mut passive = || words.peek().is_some_and(|w| w.eq_ignore_ascii_case("be"));
        if is(FUTURE_CUES) || word.ends_with("'ll") || word.ends_with("’ll") {
            return Some(Tense::Future);
        } else if is(PAST_CUES) || (word.len() > 4 && word.ends_with("ed") && !passive()) {
            return Some(Tense::Past);
        }
    }
    None
}

/// Which way the verb right after a weekday points, when nothing before it said: "the Kremlin on
/// Thursday urged" (behind), "the centre on Monday will start" (ahead). Only the next word, or
/// the one after a part of the day ("Friday afternoon said"), and not past a comma or a full
/// stop.
fn tense_after(text: &str, end: usize) -> Option<Tense> {
    let mut words = text[end..].split_whitespace();
    let mut word = words.next()?;
    if ["morning", "afternoon", "evening", "night"].contains(&word) {
        word = words.next()?;
    }
    if !word.starts_with(|c: char| c.is_ascii_lowercase())
        || !word.ends_with(|c: char| c.is_ascii_lowercase())
    {
        return None;
    }
    let is = |cues: &[&str]| cues.contains(&word);
    // Not "due" alone: "fell on Tuesday due to corrections" is a cause.
    if word != "due" && is(FUTURE_CUES)
        || is(&["is", "are"]) && words.next().is_some_and(|next| next == "due" || next == "expected")
    {
        Some(Tense::Future)
    } else if is(PAST_CUES) || (word.len() > 4 && word.ends_with("ed")) {
        Some(Tense::Past)
    } else {
        None
    }
}

/// A `YYYY-MM-DD` date (digits only: not "+022-02-03", which a number parser would take).
fn iso_date(text: &str) -> Option<time::Date> {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone()).filter(|d| d.iter().all(u8::is_ascii_digit)).map(|_| &text[r])
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (year, month, day) =
        (digits(0..4)?.parse().ok()?, digits(5..7)?.parse::<u8>().ok()?, digits(8..10)?.parse().ok()?);
    time::Date::from_calendar_date(year, time::Month::try_from(month).ok()?, day).ok()
}

#[cfg(test)]
mod tests {
    use super::{
        HOLIDAYS, MONTH_ABBREVIATIONS, MONTHS, OPENING_LENGTHS, RELATIVE_DAYS, RELATIVE_UNITS_BEFORE,
        WEEKDAYS, is_day_of, may_open_date, opens_capitalised_date, opens_holiday, opens_lower_case_date,
    };

    /// The first letters of the lower-case words that may open a date ([`opens_lower_case_date`]
    /// answers no for any other; [`OPENING_LENGTHS`] has lengths for these lower-case letters only).
    const LOWER_CASE_DATE_LETTERS: &[u8] = b"aefhlmnpqsty";

    /// The loop's first check by first byte, length and last byte passes over no word the two
    /// checks after it would let through: every word of the word clusters' 39,757 (the news
    /// corpora's words) and of the gazetteer's tables, every list's words and their forms, and
    /// each of those in capitals, in lower case and capitalised.
    #[test]
    fn the_first_check_passes_over_no_word_that_may_open_a_date() {
        let tables = [
            include_str!("../model/clusters.tsv"),
            include_str!("../model/names.tsv"),
            include_str!("../data/cities.tsv"),
            include_str!("../data/orgs.tsv"),
            include_str!("../data/countries.tsv"),
            include_str!("../data/regions.tsv"),
        ];
        let mut words: Vec<String> = tables
            .iter()
            .flat_map(|t| t.split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '"' | '(' | ')')))
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        let lists = MONTHS.iter().chain(&MONTH_ABBREVIATIONS).chain(&WEEKDAYS).chain(&RELATIVE_DAYS);
        let forms = [
            "ago",
            "quarter",
            "qtr",
            "half",
            "mid-March",
            "end-January",
            "early-1986",
            "late-1980s",
            "mid-",
            "fourth-quarter",
            "first-half",
            "third-qtr",
            "Sept",
            "Jan-Dec",
            "Fourth-quarter",
            "Half",
        ];
        words
            .extend(lists.chain(&RELATIVE_UNITS_BEFORE).chain(HOLIDAYS).chain(&forms).map(|w| w.to_string()));
        words.extend(
            HOLIDAYS
                .iter()
                .flat_map(|h| h.split([' ', '\'', '.']))
                .filter(|w| !w.is_empty())
                .map(str::to_string),
        );
        let capitalised = |w: &str| -> String {
            let mut chars = w.chars();
            chars.next().map(|c| c.to_ascii_uppercase()).into_iter().chain(chars).collect()
        };
        let variants: Vec<String> = words
            .iter()
            .flat_map(|w| [w.to_ascii_uppercase(), w.to_ascii_lowercase(), capitalised(w)])
            .collect();
        words.extend(variants);
        let (mut opening, mut passed_over) = (0, 0);
        for word in &words {
            let first = word.as_bytes()[0];
            let opens = (first.is_ascii_lowercase() && opens_lower_case_date(word))
                || (first.is_ascii_uppercase() && opens_capitalised_date(word));
            let may = may_open_date(&OPENING_LENGTHS, word.as_bytes(), 0, word.len());
            assert!(may || !opens, "{word}");
            opening += usize::from(opens);
            passed_over += usize::from(!may);
        }
        // The words tried hold dates, and the check passes over the commonest words of news.
        assert!(opening > 200 && passed_over > 100_000, "{opening}, {passed_over}");
        for word in ["the", "said", "for", "Government", "Ukraine", "The", "would", "percent"] {
            assert!(!may_open_date(&OPENING_LENGTHS, word.as_bytes(), 0, word.len()), "{word}");
        }
    }

    #[test]
    fn days_of_months() {
        assert!(is_day_of(31, 1, None) && is_day_of(30, 4, None) && is_day_of(29, 2, None));
        assert!(is_day_of(29, 2, Some(1988)) && is_day_of(29, 2, Some(2000)));
        assert!(!is_day_of(31, 4, None) && !is_day_of(30, 2, None) && !is_day_of(31, 11, Some(1987)));
        assert!(!is_day_of(29, 2, Some(1987)) && !is_day_of(29, 2, Some(1900)));
    }

    #[test]
    fn the_first_words_of_holidays_are_the_lists() {
        for holiday in HOLIDAYS {
            let first = holiday.split([' ', '\'', '.']).next().unwrap_or_default();
            assert!(opens_holiday(first), "{holiday}: its first word is not listed");
        }
        assert!(!opens_holiday("Lent") && !opens_holiday("Monday"));
    }

    #[test]
    fn the_lower_case_check_lets_through_every_relative_word_and_prefix() {
        // The check by first letter must not drop a word the rules after it date.
        for word in RELATIVE_DAYS.iter().chain(&RELATIVE_UNITS_BEFORE) {
            assert!(opens_lower_case_date(word), "{word}");
            let odd_case: String = word
                .chars()
                .enumerate()
                .map(|(i, c)| if i > 0 { c.to_ascii_uppercase() } else { c })
                .collect();
            assert!(opens_lower_case_date(&odd_case), "{odd_case}");
        }
        for word in ["mid-March", "end-January", "early-1986", "late-1980s", "mid-"] {
            assert!(opens_lower_case_date(word), "{word}");
        }
        // And the loop's check by first letter, before it, lets them all through.
        let others =
            ["ago", "quarter", "qtr", "half", "fourth-quarter", "first-half", "third-qtr", "mid-May"];
        for word in RELATIVE_DAYS.iter().chain(&RELATIVE_UNITS_BEFORE).chain(&others) {
            assert!(opens_lower_case_date(word), "{word}");
            assert!(LOWER_CASE_DATE_LETTERS.contains(&word.as_bytes()[0]), "{word}");
        }
        for word in
            ["the", "to", "that", "then", "year", "lasting", "nextel", "pasta", "mid", "early", "e", ""]
        {
            assert!(!opens_lower_case_date(word), "{word}");
        }
        // The loop's first check lets a lower-case word through by its letter only when it is
        // one of the letters.
        for letter in b'a'..=b'z' {
            let any_length = OPENING_LENGTHS[letter as usize] != 0;
            assert_eq!(any_length, LOWER_CASE_DATE_LETTERS.contains(&letter), "{}", letter as char);
        }
    }

    #[test]
    fn the_capitalised_check_lets_through_every_word_that_opens_a_date() {
        let capitalised = |word: &str| -> String {
            let mut chars = word.chars();
            chars.next().map(|c| c.to_ascii_uppercase()).into_iter().chain(chars).collect()
        };
        let holidays = HOLIDAYS.iter().map(|h| h.split([' ', '\'', '.']).next().unwrap_or_default());
        let relative = RELATIVE_DAYS.iter().chain(&RELATIVE_UNITS_BEFORE).map(|w| capitalised(w));
        let upper = RELATIVE_DAYS.iter().chain(&RELATIVE_UNITS_BEFORE).map(|w| w.to_ascii_uppercase());
        let others = [
            "Sept",
            "Jan-Dec",
            "January-March",
            "Mid-March",
            "End-January",
            "Early-1986",
            "Late-1980s",
            "MID-MAY",
            "First-quarter",
            "Fourth-quarter",
            "Second-half",
            "Third-qtr",
        ];
        let words: Vec<String> = MONTHS
            .iter()
            .chain(&MONTH_ABBREVIATIONS)
            .chain(&WEEKDAYS)
            .copied()
            .chain(holidays)
            .chain(others)
            .map(str::to_string)
            .chain(relative)
            .chain(upper)
            .collect();
        for word in &words {
            assert!(opens_capitalised_date(word), "{word}");
        }
        for word in
            ["Reuters", "President", "The", "U", "S", "Bank", "Monda", "Ju", "Lasting", "Nextel", "Mid"]
        {
            assert!(!opens_capitalised_date(word), "{word}");
        }
    }
}
