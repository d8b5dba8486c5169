//! Datelines: the place (with agency and date) that opens an article, `MOSCOW:`,
//! `Bucharest —`, `LONDON, Feb 3 (Reuters) -`, `KYIV, Ukraine (AP) —`.
//!
//! Kept tight, because taking the start of an ordinary sentence loses text: the place is at most
//! four capitalised words, a separator must follow it directly, and the text after the
//! separator must start like a sentence. A colon separates only an ALL-CAPS place (`Note:` and
//! `Macron:` open sentences); a Title-case place before a dash is refused when the sentence
//! holds a second dash (`Ukraine — Russia's neighbour — said` is a parenthetical pair).
//! Every dash form is accepted, so it works with `unify_punctuation` on or off; only an en dash
//! must be spaced, because unspaced it joins pairs (`Paris–Berlin trains`).

use std::sync::LazyLock;

use regex::Regex;

/// A capitalised word of a place name: `Bucharest`, `MOSCOW`, `St.`, `U.S.`, `Port-au-Prince`.
const WORD: &str = r"\p{Lu}[\p{L}'’.\-]*";
/// Lower-case words inside place names: `Rio de Janeiro`, `Dar es Salaam`, `Port of Spain`.
const PARTICLE: &str = r"(?:de|da|do|dos|das|del|della|di|du|des|es|el|al|la|le|of|upon|am|an|der|sur)";
const MONTH: &str = r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";
/// A place (with its region or date), or a date alone before an agency (`Feb 3 (Reuters) -`);
/// then an agency in brackets and a separator, or a press wire's agency between slashes (then a
/// dash or a full stop: `/PRNewswire/ —`, `/TASS/.`; not a company's state, `Jones Soda Co /WA/
/// Reports`) or dashes, which are separator enough (`--(BUSINESS WIRE)--`), or
/// one in brackets the text runs on from (`Moscow (CNN)The Kremlin`).
const TEMPLATE: &str = r#"^(?:(?P<place>PLACE(?:,\s(?:(?P<date>DATE)|PLACE(?:,\sDATE)?))?)|(?P<alone>DATE))(?:(?:\s\((?P<agency>AGENCY)\))?(?P<sep>\s+(?:-{1,2}|—|–|―)\s+|\s*(?:—|―)\s*|:\s+)|\.?\s/(?P<slashed>AGENCY)/(?:\.\s+|\s+(?:-{1,2}|—|–|―)\s+)|\s*--\((?P<dashed>AGENCY)\)--\s*|\s\((?P<glued>AGENCY)\))(?P<first>[\p{Lu}\p{N}"'“‘])"#;
/// An agency's name.
const AGENCY: &str = r"[\p{L}][\p{L}\p{N}&.'/\- ]*";

/// The longest agency in brackets, in characters. Checked after the match rather than as a
/// bounded repeat in the pattern: `{0,30}` of a Unicode letter class made the pattern take
/// 13 ms to compile, more than the rest of it.
const MAX_AGENCY_CHARS: usize = 31;

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    let place = format!(r"{WORD}(?:\s(?:{PARTICLE}\s)?{WORD}){{0,3}}");
    let date = format!(r"(?:{MONTH}\s\d{{1,2}}|\d{{1,2}}\s{MONTH})(?:,?\s\d{{4}})?");
    let pattern = TEMPLATE.replace("PLACE", &place).replace("DATE", &date).replace("AGENCY", AGENCY);
    Regex::new(&pattern).expect("built-in dateline pattern")
});

/// Compile the dateline pattern now (it is otherwise compiled when first used).
pub(crate) fn compile_patterns() {
    LazyLock::force(&DATELINE);
}

/// Labels that open articles the way a place would, but are not places.
const KICKERS: &[&str] = &[
    "analysis",
    "breaking",
    "comment",
    "correction",
    "corrected",
    "editorial",
    "exclusive",
    "explainer",
    "factbox",
    "flash",
    "interview",
    "live",
    "opinion",
    "photos",
    "refile",
    "review",
    "timeline",
    "update",
    "updated",
    "urgent",
    "video",
    "watch",
];

/// Words that start sentences, not place names.
const SENTENCE_STARTS: &[&str] = &[
    "A", "An", "And", "As", "At", "After", "Before", "But", "He", "I", "If", "In", "It", "On", "She", "That",
    "These", "They", "This", "Those", "We", "When", "While", "You",
];

/// Wire agencies and news services, as they open a text where a dateline's place would be (`AP -
/// A company founded…`, AG News' openings): there they are the source, not the place.
const SOURCES: &[&str] = &[
    "AP",
    "AFP",
    "Reuters",
    "REUTERS",
    "Reuter",
    "UPI",
    "dpa",
    "DPA",
    "EPA",
    "Xinhua",
    "XINHUA",
    "Xinhuanet",
    "TASS",
    "Interfax",
    "INTERFAX",
    "Kyodo",
    "KYODO",
    "Yonhap",
    "ANSA",
    "EFE",
    "PTI",
    "IANS",
    "AAP",
    "Bloomberg",
    "CNN",
    "BBC",
    "Sputnik",
    "RIA Novosti",
    "Anadolu",
    "IRNA",
    "KCNA",
    "Ukrinform",
    "UNIAN",
    "Canadian Press",
    "Associated Press",
    "Agence France-Presse",
];

/// Whether what [`find`] took for a bare dateline's place (no agency, no date) names the text's
/// source instead: a wire agency (`AP - …`), a web site (`USATODAY.com - …`), one word in a
/// site's camel case made of a news word (`NewsFactor - …`, `InfoWorld - …`, `TechWeb - …`; not
/// `PyeongChang`, `McAllen`, `KwaZulu`), or the source of several words the title ends with in
/// brackets (`Vonage Calls on Linksys for VoIP (PC World)` over `PC World - Linksys will…`; one
/// word there may be a place: `Bomb kills 12 (Baghdad)` over `Baghdad - A car bomb…`).
pub fn is_source(place: &str, title: Option<&str>) -> bool {
    let site = |word: &str| {
        [".com", ".net", ".org", ".co.uk", ".com.au"].iter().any(|tld| {
            word.strip_suffix(tld).is_some_and(|name| name.ends_with(|c: char| c.is_alphanumeric()))
        })
    };
    SOURCES.contains(&place)
        || place.split(' ').any(site)
        || (!place.contains(' ') && is_camel_case_outlet(place))
        || (place.contains(' ') && title_source(title.unwrap_or_default()) == Some(place))
}

/// The words news outlets' camel-case names are made of (`NewsFactor`, `InfoWorld`,
/// `HealthDayNews`, `BusinessWeek`, `MacCentral`).
const OUTLET_WORDS: &[&str] = &[
    "Central", "Daily", "Day", "Deal", "Factor", "Info", "Money", "Net", "News", "Online", "Post", "Street",
    "Tech", "Times", "Watch", "Web", "Week", "Wire", "Wired", "World",
];

/// One word of ASCII letters in camel case whose last part is an outlet's word, or with
/// "News" in it (`InfoWorld`, `NewsFactor`; not `WorldCom`, `NetApp`, `MoneyGram`).
fn is_camel_case_outlet(word: &str) -> bool {
    if !word.bytes().all(|b| b.is_ascii_alphabetic()) || !word.starts_with(|c: char| c.is_ascii_uppercase()) {
        return false;
    }
    // The parts, each from a capital to the next.
    let starts = word.match_indices(|c: char| c.is_ascii_uppercase()).map(|(i, _)| i);
    let ends = starts.clone().skip(1).chain([word.len()]);
    let (mut parts, mut last, mut news) = (0, "", false);
    for part in starts.zip(ends).map(|(start, end)| &word[start..end]) {
        (parts, last) = (parts + 1, part);
        news |= part == "News";
    }
    parts >= 2 && (OUTLET_WORDS.contains(&last) || news)
}

/// An ALL-CAPS place run into the text with no separator, as AG News prints some datelines: glued
/// to the first word (`SAN FRANCISCOSun Microsystems Inc. will…`, `NEW YORKShares of…`,
/// `ATHENSEgypt…`), or a space before a word that opens sentences (`BOSTON The jury is still
/// out`, `LOS ANGELES As…`). Glued, at least four capitals before the word, five for a place of
/// one word (not a company's `SABMiller`, `BTOpenworld`, `ARGOSystems Inc`). A capital opening
/// the text before a name (`YASSER Arafat`, `THE Football Association`: a drop cap) is no
/// dateline.
pub fn run_on(paragraph: &str) -> Option<Dateline<'_>> {
    if !paragraph.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let caps_word =
        |w: &str| w.len() >= 2 && w.chars().all(|c| c.is_ascii_uppercase() || c == '.' || c == '-');
    // The dateline whose place ends at byte `place_end` and whose text goes on at `rest`.
    let run_into = |place_end: usize, rest: usize| Dateline {
        place: &paragraph[..place_end],
        agency: None,
        date: None,
        separator: "",
        rest: &paragraph[rest..],
    };
    let mut end = 0;
    for (n, word) in paragraph.split(' ').enumerate().take(4) {
        let start = end + usize::from(n > 0);
        if caps_word(word) {
            end = start + word.len();
            continue;
        }
        // Glued: capitals, then a capital and a lower-case letter (`FRANCISCOSun`).
        let bytes = word.as_bytes();
        let glue = (1..bytes.len().saturating_sub(1))
            .find(|&k| bytes[k].is_ascii_uppercase() && bytes[k + 1].is_ascii_lowercase())
            .filter(|&k| k >= 4 && bytes[..k].iter().all(u8::is_ascii_uppercase));
        // (A place of one word, of five capitals or more: `ARGOSystems Inc` is a company; nor
        // before a legal form, `NVIDIACorp said`.)
        let legal_form = |k: usize| {
            let next = word[k..].trim_end_matches([',', '.']);
            ["Co", "Corp", "Inc", "Ltd", "Plc", "PLC", "Group", "Systems"].contains(&next)
        };
        if let Some(k) = glue.filter(|&k| (n > 0 || k >= 5) && !legal_form(k))
            && reads_as_place(&paragraph[..start + k])
        {
            return Some(run_into(start + k, start + k));
        }
        // Spaced: a word that opens sentences after one or two words of capitals (not `U.S. And
        // Soviet negotiators`, `IN A week`, `NVIDIA HAS MADE A big noise`, `WHEN I first met
        // him`, `IBM In a surprise move`, `BREAKING NEWS The president`).
        if (n == 1 || n == 2)
            && (SENTENCE_STARTS.contains(&word) || word == "The")
            && reads_as_place(&paragraph[..end])
        {
            return Some(run_into(end, start));
        }
        return None;
    }
    None
}

/// Whether the words of capitals that open a text, run into it, read as a place's (for
/// [`run_on`]): one word of four capitals or more, or two words of three or more (`NEW YORK`,
/// `LOS ANGELES`), none a word of a sentence or a kicker's (`WHEN`, `NOW`, `WHAT`, `BREAKING`).
fn reads_as_place(place: &str) -> bool {
    const NOT_PLACES: &[&str] = &[
        "AFTER", "ALSO", "AND", "ARE", "BEFORE", "BUT", "EVEN", "EVERY", "FIRST", "FOR", "FROM", "HAD",
        "HAS", "HAVE", "HERE", "HOW", "INTO", "JUST", "LAST", "MADE", "MANY", "MORE", "MOST", "NEWS", "NEXT",
        "NOT", "NOW", "ONCE", "ONLY", "OVER", "SAID", "SAYS", "SINCE", "SOME", "STILL", "THAT", "THE",
        "THEN", "THERE", "THESE", "THIS", "THOSE", "UNDER", "WAS", "WERE", "WHAT", "WHEN", "WHERE", "WHILE",
        "WHO", "WHY", "WILL", "WITH", "YET",
    ];
    let capitals = |w: &str| w.chars().filter(char::is_ascii_uppercase).count();
    let mut words = place.split(' ');
    let long_enough = match (words.next(), words.next(), words.next()) {
        (Some(one), None, _) => capitals(one) >= 4,
        (Some(a), Some(b), None) => capitals(a) >= 3 && capitals(b) >= 3,
        _ => false,
    };
    long_enough
        && place
            .split(' ')
            .all(|w| !NOT_PLACES.contains(&w) && !KICKERS.iter().any(|k| k.eq_ignore_ascii_case(w)))
}

/// A source opening the text that [`find`] does not take for a place: one alone in brackets
/// (`(Sports Network) - The Kansas City Royals…`, `(CP) - …`: an outlet's name, not a label,
/// `(Update) -`, `(Editor's Note) -`, nor a place, `(London) -`, `(Buffalo, NY) -`); a
/// web site's name in lower case (`washingtonpost.com - …`); and, where [`find`] refused the
/// opening for the dashes after it, a source the title ends with in brackets (`Reuters - Playboy
/// … posted — again — …`) or one a dateline follows (`Canadian Press - VANCOUVER (CP) - …`).
/// Not a sentence opening with a source's name, an aside after it (`Xinhua — China's official
/// news agency — said…`).
pub fn opening_source<'a>(paragraph: &'a str, title: Option<&str>) -> Option<Dateline<'a>> {
    const SEPARATORS: [&str; 4] = ["--", "-", "—", "–"];
    let (source, after, ok) = match paragraph.strip_prefix('(') {
        Some(bracketed) => {
            let (source, after) = bracketed.split_once(')')?;
            // An outlet, not a place or a note (`(London) -`, `(Photo) -`): an agency, a site,
            // initials (`(CP)`, `(AGI)`), a name with a news word (`(Sports Network)`), or the
            // title's source.
            let initials = (2..=6).contains(&source.len()) && source.bytes().all(|b| b.is_ascii_uppercase());
            let news_word = source.split(' ').count() >= 2
                && source.split(' ').any(|w| {
                    matches!(w, "Network" | "News" | "Press" | "Wire" | "Service" | "Agency" | "Radio" | "TV")
                });
            let ok = source.chars().count() <= MAX_AGENCY_CHARS
                && !KICKERS.iter().any(|k| k.eq_ignore_ascii_case(source))
                && (initials
                    || news_word
                    || is_source(source, None)
                    || title.and_then(title_source) == Some(source));
            (source, after, ok)
        }
        None => {
            // Up to the first separator between spaces, within a source's length of the start.
            let mut head_end = paragraph.len().min(4 * MAX_AGENCY_CHARS);
            while !paragraph.is_char_boundary(head_end) {
                head_end -= 1;
            }
            let head = &paragraph[..head_end];
            let end = [" -- ", " - ", " — ", " – "].iter().filter_map(|sep| head.find(sep)).min()?;
            let (source, after) = paragraph.split_at(end);
            let titled = title.and_then(title_source) == Some(source);
            let site = source.starts_with(|c: char| c.is_lowercase())
                && !source.contains(' ')
                && is_source(source, None);
            let before_a_dateline = || {
                is_source(source, None)
                    && SEPARATORS
                        .iter()
                        .find_map(|sep| after.trim_start().strip_prefix(sep))
                        .and_then(|rest| find(rest.trim_start()).filter(wire_place))
                        .is_some()
            };
            (source, after, titled || site || before_a_dateline())
        }
    };
    let trimmed = after.trim_start();
    let separator = SEPARATORS.into_iter().find(|sep| trimmed.starts_with(sep))?;
    let rest = trimmed[separator.len()..].strip_prefix(' ')?.trim_start();
    let opens = rest.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || "\"'“‘".contains(c));
    (ok && opens).then_some(Dateline { place: "", agency: Some(source), date: None, separator, rest })
}

/// Whether `dateline` has a place a wire would print: with its agency, or in capitals before
/// its region (`TORONTO, Canada`; not `Israel` of `Israel - Palestinian talks`).
pub fn wire_place(dateline: &Dateline<'_>) -> bool {
    let capitals = !dateline.place.split(',').next().unwrap_or_default().contains(char::is_lowercase);
    !dateline.place.is_empty() && (dateline.agency.is_some() || capitals)
}

/// The source a title ends with in brackets: `AP` of `Ky. Company Wins Grant (AP)`.
pub fn title_source(title: &str) -> Option<&str> {
    let inner = title.strip_suffix(')')?;
    let (head, source) = inner.rsplit_once(" (")?;
    (!head.trim().is_empty() && !source.is_empty() && !source.contains(['(', ')'])).then_some(source)
}

/// First words of place names of several words, in capitals as datelines print them.
const PLACE_OPENERS: &[&str] = &[
    "NEW",
    "SAN",
    "SANTA",
    "LOS",
    "LAS",
    "LA",
    "EL",
    "SALT",
    "ST.",
    "ST",
    "SAINT",
    "FORT",
    "FT.",
    "PORT",
    "PALM",
    "CAPE",
    "EAST",
    "WEST",
    "NORTH",
    "SOUTH",
    "GRAND",
    "BATON",
    "CORPUS",
    "HONG",
    "KUALA",
    "ABU",
    "TEL",
    "BUENOS",
    "RIO",
    "SAO",
    "MEXICO",
    "GUATEMALA",
    "PANAMA",
    "KUWAIT",
    "HO",
    "PHNOM",
    "ADDIS",
    "DAR",
    "THE",
    "LAKE",
    "MOUNT",
    "MT.",
    "GREAT",
    "LITTLE",
    "OKLAHOMA",
    "KANSAS",
    "JERSEY",
    "ATLANTIC",
    "COLLEGE",
    "CEDAR",
    "BOWLING",
    "GAZA",
    "UNITED",
    "DES",
    "SIOUX",
    "ANN",
    "COLORADO",
    "VIRGINIA",
    "WINSTON",
    "BEVERLY",
    "SANTO",
    "SRI",
];

/// Last words of place names of several words (`CARSON CITY`, `PALM SPRINGS`).
const PLACE_ENDS: &[&str] = &[
    "CITY", "SPRINGS", "BEACH", "PARK", "HEIGHTS", "FALLS", "ISLAND", "ISLANDS", "HARBOR", "HAVEN", "VALLEY",
    "HILLS", "POINT", "ROCK", "RAPIDS", "BAY", "LAKE", "BLUFFS", "JUNCTION", "ANGELES", "ORLEANS", "VEGAS",
    "YORK", "DELHI", "ZEALAND", "KONG", "AIRES", "LUMPUR", "AVIV",
];

/// A byline run into the dateline where a line break was lost (`By LAURAN NEERGAARD WASHINGTON
/// (AP) --`, AP's copy in AG News): the byline's names and the dateline after them. The byline
/// is the fewest words after "By" (two at least, up to seven) after which a wire's dateline
/// starts: a place in capitals before its region, with its agency in brackets (`By MATTHEW
/// FORDAHL, AP Science Writer LOS ANGELES (AP) --`), or a source (`By Ed Edelson, HealthDay
/// Reporter HealthDayNews --`). It does not end on an initial, on "and" or one word after it
/// (`By JIM KRANE and MATT MOORE BAGHDAD, Iraq (AP)`), before a suffix (`JR.`), before its
/// third word when it has an initial (`By H. JOSEF HEBERT`), or before a place of several words
/// that does not open or end as places do (`By MARY CLARE JALONICK WASHINGTON`).
pub fn after_byline(paragraph: &str) -> Option<(&str, Dateline<'_>)> {
    let names = paragraph.strip_prefix("By ").or_else(|| paragraph.strip_prefix("BY "))?;
    // Each word, and the space after each but the last.
    let words: Vec<&str> = names.split(' ').collect();
    let spaces: Vec<usize> = names.match_indices(' ').map(|(i, _)| i).collect();
    let capitalised = |w: &str| w.starts_with(|c: char| c.is_uppercase());
    if words.len() < 3 || !capitalised(words[0]) || !capitalised(words[1]) {
        return None;
    }
    let word = |k: usize| words.get(k).copied().unwrap_or_default();
    let initial = |w: &str| w.chars().count() == 2 && w.ends_with('.');
    let joining = |w: &str| matches!(w, "and" | "&");
    let suffix = |w: &str| {
        matches!(
            w.trim_end_matches(['.', ',']).to_ascii_uppercase().as_str(),
            "JR" | "SR" | "II" | "III" | "IV"
        )
    };
    // `spaces[k - 1]` is the space after the byline's first k words.
    // A name with an initial has three words at least (`By H. JOSEF HEBERT`).
    let fewest = if initial(word(0)) || initial(word(1)) { 3 } else { 2 };
    (fewest..=7).filter_map(|k| spaces.get(k - 1).map(|&end| (k, end, word(k)))).find_map(|(k, end, next)| {
        let last = word(k - 1);
        let and_before = (0..k).rev().take(2).any(|j| joining(word(j)));
        if initial(last) || and_before || joining(next) || suffix(next) {
            return None;
        }
        let found = find(&names[end + 1..])?;
        let place = found.place.split(',').next().unwrap_or_default();
        // A place of several words opens or ends as places do (`SAN FRANCISCO`, `CARSON CITY`);
        // else its first word is the name's (`By MARY CLARE JALONICK WASHINGTON`).
        let several = place.split(' ').nth(1).is_some();
        let place_like = !several
            || place.split(' ').next().is_some_and(|w| PLACE_OPENERS.contains(&w))
            || place.rsplit(' ').next().is_some_and(|w| PLACE_ENDS.contains(&w));
        let wire = (found.agency.is_some()
            && !place.is_empty()
            && !place.contains(char::is_lowercase)
            && place_like)
            || (found.agency.is_none() && is_source(found.place, None));
        wire.then(|| (names[..end].trim_end_matches(','), found))
    })
}

#[derive(Debug, PartialEq, Eq)]
pub struct Dateline<'a> {
    /// The place as printed, with its region (`KYIV, Ukraine`) but without date and agency;
    /// empty when a date and an agency stand alone (`Feb 3 (Reuters) -`).
    pub place: &'a str,
    pub agency: Option<&'a str>,
    /// The date as printed (`Feb 3`, `Feb. 3, 2022`), if the dateline has one.
    pub date: Option<&'a str>,
    /// The separator before the text, trimmed (`-`, `—`, `:`; empty for an agency between
    /// slashes or dashes, or in brackets the text runs on from).
    pub separator: &'a str,
    /// The paragraph after the dateline and its separator.
    pub rest: &'a str,
}

pub fn find(paragraph: &str) -> Option<Dateline<'_>> {
    // Cheap check first: a dateline starts with a capital letter.
    if !paragraph.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    let caps = DATELINE.captures(paragraph)?;
    let agency =
        ["agency", "slashed", "dashed", "glued"].iter().find_map(|name| caps.name(name)).map(|m| m.as_str());
    if agency.is_some_and(|agency| agency.chars().count() > MAX_AGENCY_CHARS) {
        return None;
    }
    // Run on from its brackets (`Moscow (CNN)The`), the agency is in capitals and the text
    // starts with one (not `Boeing Co (BA)'s`, `Russia (the biggest)The`).
    if let Some(glued) = caps.name("glued")
        && (glued.as_str().contains(char::is_lowercase)
            || !paragraph[caps.name("first")?.start()..].starts_with(char::is_uppercase))
    {
        return None;
    }
    let place_with_date = match caps.name("place") {
        Some(place) => place.as_str(),
        // A date alone is a dateline only with its agency (not `March 3 - Stocks fell`).
        None if agency.is_some() => "",
        None => return None,
    };
    let (place, date) = match caps.name("date").or(caps.name("alone")) {
        Some(date) if caps.name("alone").is_none() => {
            (place_with_date[..date.start()].trim_end_matches([',', ' ']), Some(date.as_str()))
        }
        Some(date) => ("", Some(date.as_str())),
        None => (place_with_date, None),
    };
    let (place, trailing) = strip_trailing_date(place);
    let date = date.or(trailing);
    let sep = caps.name("sep").map_or("", |m| m.as_str().trim());
    let rest = &paragraph[caps.name("first")?.start()..];

    let first_word = place.split([' ', ',']).next().unwrap_or_default();
    if KICKERS.iter().any(|k| k.eq_ignore_ascii_case(first_word)) || SENTENCE_STARTS.contains(&first_word) {
        return None;
    }
    let all_caps = !place.chars().any(char::is_lowercase);
    if sep == ":" && !all_caps {
        return None;
    }
    let bare = agency.is_none() && date.is_none() && place == place_with_date;
    if !all_caps && bare && sep != ":" {
        let sentence = rest.split_inclusive(['.', '!', '?']).next().unwrap_or(rest);
        if sentence.contains(['—', '–', '―']) || sentence.contains(" -- ") || sentence.contains(" - ") {
            return None;
        }
    }
    Some(Dateline { place, agency, date, separator: sep, rest })
}

/// `SAN JUAN, Puerto Rico, Feb. 3, 2022` matched as place, region and date: the place
/// (`SAN JUAN, Puerto Rico`) and the date (`Feb. 3, 2022`), if there is one.
fn strip_trailing_date(whole: &str) -> (&str, Option<&str>) {
    let mut place = whole;
    while let Some((head, tail)) = place.rsplit_once(", ") {
        if !tail.ends_with(|c: char| c.is_ascii_digit()) {
            break;
        }
        place = head;
    }
    let date = (place.len() < whole.len()).then(|| &whole[place.len() + 2..]);
    (place, date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(paragraph: &str, expected: Option<(&str, Option<&str>, &str)>) {
        let found = find(paragraph).map(|d| (d.place, d.agency, d.rest));
        assert_eq!(found, expected, "{paragraph:?}");
    }

    #[test]
    fn finds_datelines() {
        for (paragraph, place, agency, rest) in [
            ("Bucharest — France's offer to send troops", "Bucharest", None, "France's offer to send troops"),
            ("Bucharest – France’s offer", "Bucharest", None, "France’s offer"),
            ("Bucharest -- France's offer", "Bucharest", None, "France's offer"),
            ("Bucharest—France's offer", "Bucharest", None, "France's offer"),
            ("MOSCOW: The Kremlin on Thursday urged", "MOSCOW", None, "The Kremlin on Thursday urged"),
            ("WASHINGTON (Reuters) - The U.S. Senate", "WASHINGTON", Some("Reuters"), "The U.S. Senate"),
            ("LONDON, Feb 3 (Reuters) - Britain said", "LONDON", Some("Reuters"), "Britain said"),
            ("KYIV, Ukraine (AP) — Ukraine's president", "KYIV, Ukraine", Some("AP"), "Ukraine's president"),
            ("NEW YORK, March 3 - Stocks fell", "NEW YORK", None, "Stocks fell"),
            ("NEW YORK, March 3, 2022 - Stocks fell", "NEW YORK", None, "Stocks fell"),
            ("RIO DE JANEIRO (AFP) — Brazil's", "RIO DE JANEIRO", Some("AFP"), "Brazil's"),
            ("Rio de Janeiro — Brazil's", "Rio de Janeiro", None, "Brazil's"),
            ("THE HAGUE, Netherlands (AP) — Judges", "THE HAGUE, Netherlands", Some("AP"), "Judges"),
            ("SAN JUAN, Puerto Rico, Feb. 3 (AP) — The", "SAN JUAN, Puerto Rico", Some("AP"), "The"),
            ("SAN JUAN, Puerto Rico, Feb. 3, 2022 (AP) — The", "SAN JUAN, Puerto Rico", Some("AP"), "The"),
            ("BERLIN, 3 Feb (dpa) - Germany", "BERLIN", Some("dpa"), "Germany"),
            ("PARIS — “We are ready,” Macron said.", "PARIS", None, "“We are ready,” Macron said."),
            // press wires, and a date alone before its agency
            ("MOSCOW, Feb. 3, 2022 /PRNewswire/ — The Kremlin", "MOSCOW", Some("PRNewswire"), "The Kremlin"),
            ("MOSCOW, February 3. /TASS/. The Kremlin", "MOSCOW", Some("TASS"), "The Kremlin"),
            (
                "NEW YORK--(BUSINESS WIRE)--Acme Corp today",
                "NEW YORK",
                Some("BUSINESS WIRE"),
                "Acme Corp today",
            ),
            ("NEW YORK, Feb. 03, 2022 (GLOBE NEWSWIRE) -- Acme", "NEW YORK", Some("GLOBE NEWSWIRE"), "Acme"),
            ("Feb 3 (Reuters) - The Kremlin", "", Some("Reuters"), "The Kremlin"),
            ("Moscow (CNN)The Kremlin", "Moscow", Some("CNN"), "The Kremlin"),
            // 31 characters (33 bytes), the most an agency may have.
            (
                "PARIS (Agence France-Presse Étrangères) — The",
                "PARIS",
                Some("Agence France-Presse Étrangères"),
                "The",
            ),
        ] {
            check(paragraph, Some((place, agency, rest)));
        }
    }

    #[test]
    fn a_place_run_into_the_text_is_a_dateline() {
        for (paragraph, place, rest) in [
            (
                "SAN FRANCISCOSun Microsystems Inc. next week",
                "SAN FRANCISCO",
                "Sun Microsystems Inc. next week",
            ),
            (
                "NEW YORKShares of Global Crossing Ltd. lost",
                "NEW YORK",
                "Shares of Global Crossing Ltd. lost",
            ),
            ("ATHENSEgypt's Patriarch of Alexandria", "ATHENS", "Egypt's Patriarch of Alexandria"),
            ("BOSTON The jury is still out", "BOSTON", "The jury is still out"),
            ("LOS ANGELES As a teenager, Shawn Fanning", "LOS ANGELES", "As a teenager, Shawn Fanning"),
        ] {
            let found = run_on(paragraph).map(|d| (d.place, d.agency, d.rest));
            assert_eq!(found, Some((place, None, rest)), "{paragraph:?}");
        }
        // A drop cap before a name, a company's name in capitals, words of a sentence.
        for paragraph in [
            "YASSER Arafat, the Palestinian president, made",
            "THE Football Association yesterday insisted",
            "SABMiller said profits rose",
            "ARGOSystems Inc said it won a contract",
            "U.S. And Soviet negotiators have completed",
            "IN A week in which one of their former players",
            "NVIDIA HAS MADE A big noise",
            "WASHINGTON TO CUT TAXES",
            "WHEN I first met him",
            "NOW A new study shows",
            "BREAKING NEWS The president said",
            "ONCE A year the town",
            "IBM In a surprise move",
            "NVIDIACorp said profits rose",
        ] {
            assert!(run_on(paragraph).is_none(), "{paragraph:?}");
        }
    }

    #[test]
    fn leaves_ordinary_sentences_alone() {
        for paragraph in [
            "France said it also plans to send troops to Romania.",
            "Jens Stoltenberg, the Nato secretary general, said Wednesday",
            "The Kremlin on Thursday urged the United States to stop.",
            "Russia — which denies any plan to invade — says",
            "Ukraine — Russia's neighbour — said on Thursday it was ready.",
            "Macron: I do not exclude any initiative",
            "Note: this story has been updated.",
            "BREAKING: Russia recognises separatist regions",
            "UPDATE 1 - Stocks fall",
            "In Washington - The Pentagon said",
            "Western powers have been engaged in intense diplomatic efforts — coupled with sanctions",
            "French President Emmanuel Macron and US President Joe Biden agreed to coordinate",
            "The Very Long Name Of Somewhere — The text",
            "Guinea-Bissau is small",
            "The Paris–Berlin train was late.",
            "Paris–Berlin trains run again",
            "bucharest — lower case",
            "March 3 - Stocks fell",
            // (A reviewer's case: a company's state, in SEC filings' style.)
            "Jones Soda Co /WA/ Reports Record Sales",
            "Russia (the biggest)The",
            "Boeing Co (BA)'s wholly owned De Havilland",
            "Bucharest — lower-case continuation",
            // 32 characters: no agency, and a bracket is no separator.
            "PARIS (Agence France-Presse Étrangères.) — The",
            "",
        ] {
            check(paragraph, None);
        }
    }
}
