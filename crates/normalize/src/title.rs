//! Headlines: a short first paragraph that does not read as a sentence is the article's title.

use crate::{date, dateline};

/// Whether `paragraph`, the first of several, is a headline: 2 to `max_words` words, starting
/// like a heading, with no sentence-final punctuation but a question's or an exclamation's
/// (`Can Yahoo dominate next decade?`) in one sentence, and not a byline, date line or dateline.
/// One word is more often a label (`Analysis`, `Opinion`) than a headline, so it stays. One
/// Title-case word and a dash before a headline are a sports page's speaker, not a dateline
/// (`Wood - Ireland can win Grand Slam`): a dateline opens a sentence, which ends in its mark
/// (not a place in capitals or of several words, with an agency or a date, nor a source,
/// `Reuters - Oil prices rise`).
pub fn is_headline(paragraph: &str, max_words: usize) -> bool {
    // Cheap checks first: length, first and last character; the word count and the dateline
    // and date patterns only for what survives.
    if paragraph.len() > max_words.saturating_mul(25) {
        return false;
    }
    let first_word = paragraph.split_whitespace().next().unwrap_or("");
    let heading_start = paragraph
        .starts_with(|c: char| c.is_uppercase() || c.is_numeric() || matches!(c, '"' | '\'' | '“' | '‘'))
        // A sum ("£1.8m indecency fine for Viacom"), or a brand written in camel case ("iTunes").
        || first_word
            .strip_prefix(['$', '£', '€', '¥'])
            .is_some_and(|sum| sum.starts_with(|c: char| c.is_ascii_digit()))
        || first_word.starts_with(|c: char| c.is_lowercase()) && first_word.chars().skip(1).any(char::is_uppercase);
    if !heading_start {
        return false;
    }
    let end = paragraph.trim_end_matches(['"', '\'', '”', '’', ')', ']']);
    if end.ends_with(['.', ',', ';', ':', '…', '—', '-']) {
        return false;
    }
    // A question or exclamation is a headline in one sentence only ("Stocks fell. Why?" is
    // the story's; "Can U.S. troops stop Russia?" is one sentence).
    if end.ends_with(['!', '?'])
        && end.match_indices(['.', '!', '?']).any(|(at, _)| {
            end[at + 1..].strip_prefix(' ').is_some_and(|rest| rest.starts_with(char::is_uppercase))
        })
    {
        return false;
    }
    let words = paragraph.split_whitespace().count();
    if !(2..=max_words).contains(&words) {
        return false;
    }
    let byline = paragraph.get(..3).is_some_and(|by| by.eq_ignore_ascii_case("by "));
    !byline
        && date::parse_line(paragraph).is_none()
        && dateline::find(paragraph).is_none_or(|d| {
            d.agency.is_none()
                && d.date.is_none()
                && d.separator != ":"
                && !d.place.contains([' ', ','])
                && !d.place.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
                && !dateline::is_source(d.place, None)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(paragraph: &str, expected: bool) {
        assert_eq!(is_headline(paragraph, 20), expected, "{paragraph:?}");
    }

    #[test]
    fn recognises_headlines() {
        for paragraph in [
            "Macron could visit Russia",
            "France supporting Romania",
            "US to send 3,000 troops to Poland and Romania",
            "'We are ready': Romania welcomes French troops",
            "Ukraine crisis — what we know so far",
            "£1.8m indecency fine for Viacom",
            "$1m prize for Ansari X Prize team",
            "iTunes now selling Band Aid song",
            // BBC headlines (the bench news).
            "Can Yahoo dominate next decade?",
            "Stocks rally!",
            "Wood - Ireland can win Grand Slam",
            "Will Russia invade Ukraine?",
            "Can U.S. troops stop Russia?",
        ] {
            check(paragraph, true);
        }
    }

    #[test]
    fn leaves_sentences_and_labels() {
        for paragraph in [
            // the seeds' first paragraphs are sentences
            "France's offer to send troops to Romania among wider plans to bolster Nato's ranks on the eastern flank \
             were not meant to provoke Russia, its foreign minister said on Thursday.",
            "Russia denies it plans to invade and says the troops are there because of threats from the US.",
            "Another call is expected Thursday evening.",
            "Stocks fell. Why?",
            "Stocks fell. Why not buy?",
            "MOSCOW - Kremlin warns West",
            "KYIV, Ukraine — Russia masses troops",
            "Reuters - Oil prices rise",
            "Analysis",
            "By Andrew Osborn and Dmitry Antonov",
            "February 3, 2022",
            "MOSCOW: The Kremlin urged calm",
            "one two three four five six seven eight nine ten eleven twelve",
            "One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen \
             seventeen eighteen nineteen twenty twenty-one",
            "\"I do not exclude any initiative,\"",
            "The following points were agreed:",
            "£ signs everywhere",
            "and so on without end",
        ] {
            check(paragraph, false);
        }
    }
}

/// Wire services' labels before a headline ("UPDATE 2-", "CORRECTED - ", "RPT-", "FACTBOX-").
const LABELS: &[&str] = &[
    "ANALYSIS",
    "BREAKINGVIEWS",
    "CORRECTED",
    "EXCLUSIVE",
    "FACTBOX",
    "INSIGHT",
    "REFILE",
    "RPT",
    "UPDATE",
    "WRAPUP",
];

/// A title's furniture: a wire service's label before the headline ("UPDATE 2-J&J in talks",
/// "CORRECTED - GM sees rise") and a web page's site name after it ("France says… | World News
/// | Example Times"). Returns the headline, the label ("UPDATE 2") and the site ("World News |
/// Example Times"); the headline is never left empty or shorter than three words by a site cut.
pub fn split_furniture(title: &str) -> (&str, Option<&str>, Option<&str>) {
    let mut headline = title;
    let mut label = None;
    // One label or two ("REFILE-UPDATE 2-…").
    for _ in 0..2 {
        let Some(word) = LABELS.iter().find(|w| headline.starts_with(**w)) else { break };
        let after_word = &headline[word.len()..];
        // An update's number, of a digit or two ("UPDATE 2020-2021 budget" is no label).
        let spaced = after_word.trim_start_matches(' ');
        let digits = spaced.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 2 {
            break;
        }
        let number = &spaced[digits..];
        let Some(rest) = number
            .trim_start()
            .strip_prefix('-')
            .map(str::trim_start)
            .filter(|r| r.starts_with(|c: char| c.is_alphanumeric() || "\"'(<".contains(c)))
        else {
            break;
        };
        label = Some(title[..title.len() - number.len()].trim_end());
        headline = rest;
    }
    // Bloomberg's update after the headline ("Ivan Slams Into Gulf Coast (Update3)").
    if label.is_none()
        && let Some(open) = headline.rfind(" (Update")
        && let Some(number) = headline[open + 8..].strip_suffix(')')
        && (1..=2).contains(&number.len())
        && number.bytes().all(|b| b.is_ascii_digit())
    {
        label = Some(&headline[open + 2..headline.len() - 1]);
        headline = &headline[..open];
    }
    // A site's name: after a bar, when more bars follow ("| World News | Example Times") or it
    // names a news site ("| Reuters", "| Example.com"); not a headline's second half ("Lunch
    // with the FT | Jacinda Ardern", "Trump vs Biden | Who won the debate?").
    let mut site = None;
    if let Some((head, tail)) = headline.split_once(" | ")
        && head.split_whitespace().filter(|w| w.contains(char::is_alphabetic)).count() >= 3
        && (tail.contains(" | ") || is_site_name(tail))
    {
        headline = head.trim_end();
        site = Some(tail.trim());
    }
    (headline, label, site)
}

/// A wire service's slug, the keywords a story is filed under, where a page has its headline:
/// `AFP-UKRAINE-RUSSIA-FRANCE-ROMANIA-DIPLOMACY,2NDLEAD URGENT`, `RUSSIA-UKRAINE/KREMLIN
/// (UPDATE 1)`, `BC-WORLD-HIGHLIGHTS`. Capitals only: three or more keywords joined by hyphens
/// or slashes, then at most two words (not `ZIMBABWE CONFIRMS HOOF-AND-MOUTH DISEASE`, `PAN-
/// ALBERTA/UNITED GAS SETTLEMENT APPROVED`).
pub fn is_slug(paragraph: &str) -> bool {
    let mut words = paragraph.split_whitespace();
    let Some(first) = words.next() else { return false };
    // The joining words of compounds ("HOOF-AND-MOUTH", "FACE-TO-FACE") are no keywords.
    let keywords = first.split(['-', '/', ',']).filter(|k| {
        k.len() >= 2
            && k.contains(char::is_alphabetic)
            && !matches!(*k, "AND" | "TO" | "OF" | "IN" | "BY" | "ON" | "OR" | "THE" | "FOR")
    });
    keywords.count() >= 3 && words.count() <= 2 && !paragraph.contains(char::is_lowercase)
}

/// AFP's headline ending in its writer's name, given name in mixed case and surname in
/// capitals: `France says troop offer not meant to provoke Russia by Jane DOE`. The headline
/// and the name. Not what a headline's "by" ends with otherwise: "assets frozen by US, UK",
/// "filmed by Reuters TV".
pub fn trailing_byline(title: &str) -> Option<(&str, &str)> {
    const ABBREVIATIONS: &[&str] =
        &["TV", "US", "UK", "UN", "EU", "AP", "AFP", "BBC", "CNN", "NATO", "PA", "EPA"];
    let (headline, names) = title.rsplit_once(" by ")?;
    let words: Vec<&str> = names.split_whitespace().collect();
    let (given, surname) = (words.first()?, words.last()?);
    ((2..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.starts_with(char::is_uppercase) && w.chars().all(|c| c.is_alphabetic() || "-'’.".contains(c))
        })
        && given.contains(char::is_lowercase)
        && surname.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !surname.contains(char::is_lowercase)
        && !ABBREVIATIONS.contains(surname)
        && headline.split_whitespace().count() >= 3)
        .then_some((headline.trim_end(), names))
}

/// A news site's name: a domain ("Example.com") or a name with a news word ("Example Times",
/// "Reuters", "BBC News").
fn is_site_name(name: &str) -> bool {
    const WORDS: &[&str] = &[
        "AP",
        "AFP",
        "BBC",
        "CNN",
        "Chronicle",
        "Daily",
        "Gazette",
        "Guardian",
        "Herald",
        "Independent",
        "Journal",
        "Mail",
        "News",
        "Observer",
        "Post",
        "Press",
        "Reuters",
        "Star",
        "Telegraph",
        "Times",
        "Tribune",
    ];
    let name = name.trim();
    name.split_whitespace().count() <= 5
        && (name.contains(".com")
            || name.contains(".co.")
            || name.split_whitespace().any(|w| WORDS.contains(&w)))
}

#[cfg(test)]
mod furniture_tests {
    use super::{is_slug, split_furniture, trailing_byline};

    #[test]
    fn slugs_and_trailing_bylines() {
        for slug in [
            "AFP-UKRAINE-RUSSIA-FRANCE-ROMANIA-DIPLOMACY,2NDLEAD URGENT",
            "RUSSIA-UKRAINE/KREMLIN (UPDATE 1)",
        ] {
            assert!(is_slug(slug), "{slug:?}");
        }
        for headline in [
            "US-CHINA TALKS STALL",
            "ZIMBABWE CONFIRMS HOOF-AND-MOUTH DISEASE",
            "PAN-ALBERTA/UNITED GAS SETTLEMENT APPROVED",
            "CORRECTED-ELDER-BEERMAN STORES CORP<ELDR>4TH QTR",
            "HOOF-AND-MOUTH DISEASE SPREADS",
            "FACE-TO-FACE TALKS",
            "FRANCE SAYS ROMANIA TROOP OFFER NOT MEANT TO PROVOKE RUSSIA",
            "Russia-Ukraine-Belarus drills",
        ] {
            assert!(!is_slug(headline), "{headline:?}");
        }
        assert_eq!(
            trailing_byline("France says Romania troop offer not meant to provoke Russia by Jane DOE"),
            Some(("France says Romania troop offer not meant to provoke Russia", "Jane DOE"))
        );
        for title in [
            "Troops sent by Joe Biden",
            "Stand By Me by Ben E. King",
            "Killed by US",
            "Russian oligarchs' assets frozen by US, UK",
            "Kyiv blasts filmed by Reuters TV",
        ] {
            assert_eq!(trailing_byline(title), None, "{title:?}");
        }
    }

    #[test]
    fn labels_and_site_names_come_off_titles() {
        for (title, expected) in [
            (
                "UPDATE 1-J &J in talks to buy Guidant - sources",
                ("J &J in talks to buy Guidant - sources", Some("UPDATE 1"), None),
            ),
            (
                "CORRECTED - GM SEES RISE IN EUROPEAN SALES",
                ("GM SEES RISE IN EUROPEAN SALES", Some("CORRECTED"), None),
            ),
            (
                "RPT-INSITUFORM OF NORTH AMERICA INC <INSUA> NET",
                ("INSITUFORM OF NORTH AMERICA INC <INSUA> NET", Some("RPT"), None),
            ),
            (
                "France says Romania offer not a provocation | World News | Example Times",
                ("France says Romania offer not a provocation", None, Some("World News | Example Times")),
            ),
            ("REFILE-UPDATE 2-Oil rises", ("Oil rises", Some("REFILE-UPDATE 2"), None)),
            ("Oil rises on supply fears | Reuters", ("Oil rises on supply fears", None, Some("Reuters"))),
            // A reviewer's cases: a headline's second half, a year, a label with nothing after it.
            ("Lunch with the FT | Jacinda Ardern", ("Lunch with the FT | Jacinda Ardern", None, None)),
            ("Trump vs Biden | Who won the debate?", ("Trump vs Biden | Who won the debate?", None, None)),
            ("UPDATE 2020-2021 budget gap widens", ("UPDATE 2020-2021 budget gap widens", None, None)),
            ("UPDATE 1 - | Reuters", ("UPDATE 1 - | Reuters", None, None)),
            // Not a label: a word that only starts like one, or nothing after the dash.
            ("UPDATED rules for banks", ("UPDATED rules for banks", None, None)),
            ("RPTS - ", ("RPTS - ", None, None)),
            ("UPDATE -", ("UPDATE -", None, None)),
            ("Ivan Slams Into Gulf Coast (Update3)", ("Ivan Slams Into Gulf Coast", Some("Update3"), None)),
            ("Merck Offers Retention Pay (Update12)", ("Merck Offers Retention Pay", Some("Update12"), None)),
            ("Ivan Slams Into Gulf Coast (Update)", ("Ivan Slams Into Gulf Coast (Update)", None, None)),
            ("(Update1)", ("(Update1)", None, None)),
            // Too short a headline before the bar to be one.
            ("Ukraine | Live", ("Ukraine | Live", None, None)),
        ] {
            assert_eq!(split_furniture(title), expected, "{title}");
        }
    }
}
