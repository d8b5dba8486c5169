//! Boilerplate paragraphs (photo captions, agency trailers, copyright lines) recognised by a
//! configurable list of regexes, each matched against a whole paragraph.

use regex::{Regex, RegexSet};
use regex_syntax::hir::Hir;
use regex_syntax::hir::literal::{ExtractKind, Extractor};

use copydesk_core::OptionError;

use crate::whole::{WholeMatch, can_search, whole};

/// The default `drop_lines`. Each must match a whole paragraph, and each is written so that an
/// ordinary sentence cannot match: names after "Reporting by" must be capitalised words,
/// copyright holders too, captions need their `Label:` form.
pub const DEFAULT_PATTERNS: &[&str] = &[
    // Captions and credits: `Photo: AP`, `Image: Reuters`, `Photo credit: Getty Images`, `(File photo: AFP)`.
    // What follows the label opens as a caption or credit does: capitalised, a figure, a bracket
    // or quote, `©`, a name such as `iStock`, or `courtesy` (not `Pictures: thousands of homes
    // were flooded…`, a story's sentence).
    r#"\(?(?i:file\s+)?(?i:photo(?:graph)?s?|images?|pictures?|pic|video|graphic)(?i:\s+credits?)?\s*:\s*(?:[\p{Lu}\p{N}("'“‘©\[]|\p{Ll}+\p{Lu}|(?i:courtesy)\s)[^\n]{0,199}"#,
    // `Credit: Reuters`, `Credits: AFP/Getty Images`: names only after the label.
    r"(?i:credits?)\s*:\s*\p{Lu}[\p{L}.&'’-]*(?:(?:\s+|\s*/\s*)\p{Lu}[\p{L}.&'’-]*)*\.?",
    // A bare agency credit: `AP Photo/Evan Vucci`, `Getty Images`, `Reuters`, `REUTER` and
    // `REUTER...`, `reuter` (Reuters-21578's sign-offs). The name after the slash is one to five words,
    // capitalised after the first but for particles (`Reuters/Piroschka van de Wouw`, `Getty
    // Images/iStockphoto`), so that `Reuters/Ipsos polling found…` stays.
    r"(?:AP|AFP|EPA|Reuters|REUTERS?|[Rr]euter|Getty Images|Getty|Bloomberg)(?:\s+(?:Photo|Images))?(?:\s*/\s*\p{L}[\p{L}.'’-]*(?:\s+(?:\p{Lu}[\p{L}.'’-]*|van|von|de|der|den|del|da|di|du|la|le)){0,4})?(?:\.\.\.|…)?",
    // `(with wires)`, `(With inputs from agencies)`, `With inputs from PTI.`, after a dash too
    // (`— with wires`); without its "with", the inputs from agencies, wires or correspondents
    // only (`Inputs from agencies`).
    r"(?:(?:—|–|-{1,2})\s*)?\(?(?:(?i:with)\s+(?:(?i:wires|agency\s+inputs)|(?i:inputs?\s+from)\s+(?:agencies|wires|(?:our\s+)?correspondents|\p{Lu}[\p{L}.&-]*(?:(?:\s*,\s*|\s+and\s+|\s*&\s*|\s+)\p{Lu}[\p{L}.&-]*)*))|(?i:inputs?\s+from\s+(?:(?:news\s+)?agencies|wires|(?:our\s+)?correspondents)))\.?\)?\.?",
    // `(Reporting by X; Editing by Y)`, `Reporting by X in Moscow`, `Additional reporting by X`,
    // `(Writing by X; Editing by Y and Z)`: only names, places and the credit words may follow.
    // Also `(With reporting by Reuters)`, `(With additional reporting by X)`.
    r"\(?(?:[Ww]ith\s+)?(?:(?:[Aa]dditional\s+)?[Rr]eporting|Writing|Written|Editing|Compiled|Edited)\s+by(?:[\s,;&]+(?:\p{Lu}[\p{L}'’.-]*|and|in|from|by|[Aa]dditional|reporting|[Ee]diting|[Ww]riting|[Cc]ompiled|[Ee]dited))+\s*\.?\)?",
    // A writer's credit ending in its editors', `By Jane Doe; Editing by John Smith`, anywhere
    // (on top of a story it is dropped here, before the byline step, which is given its
    // writer's name all the same: `fields.byline`).
    // Without the editors it is a byline, which normalize takes on top of a story only.
    r"\(?By(?:\s+\p{Lu}[\p{L}'’.-]*)+(?:\s*(?:,|and)\s*(?:\p{Lu}[\p{L}'’.-]*\s*)+)*\s*;\s*(?:[Ee]diting|[Ww]riting|[Rr]eporting)\s+by(?:[\s,;&]+(?:\p{Lu}[\p{L}'’.-]*|and|in|by|[Ee]diting|[Ww]riting|[Rr]eporting))+\s*\.?\)?",
    // An agency's sign-off alone: `— AFP`, `- PTI`, `— Agencies`, `(AFP)`, `(Reuters)`.
    r"(?:(?:—|–|-{1,2})\s*(?:AFP|AP|Reuters|REUTERS|PTI|IANS|ANI|dpa|DPA|Xinhua|XINHUA|UNI|ATS|ANSA|EFE|Agencies|agencies)|\((?:AFP|AP|Reuters|REUTERS|PTI|IANS|ANI|dpa|DPA|Xinhua|XINHUA|UNI|ATS|ANSA|EFE|Agencies|agencies)\))\.?",
    // AFP's sign-off of the bureau and its editors' initials: `burs-jh/dl`, `str/jh`, `bur-sst/mba`.
    r"(?:burs?|str)(?:[-/][a-z]{2,5})+",
    // `Copyright 2022 The Associated Press. All rights reserved.`, `© 2022 Thomson Reuters`,
    // `© Agence France-Presse`, and AP's "This material may not be published…" after it.
    r"(?:Copyright\s*(?:©|\([cC]\))?\s*\d{4}|©\s*(?:\d{4})?)(?:\s*[-–]\s*\d{4})?,?(?:\s+(?:\p{Lu}[\p{L}\p{N}&.'’-]*|&|and|of))*\s*\.?(?:\s*All\s+[Rr]ights\s+[Rr]eserved\.?)?(?:\s*This\s+material\s+may\s+not\s+be\s+published,\s+broadcast,\s+rewritten,?\s+or\s+redistributed(?:\s+without\s+permission)?\.?)?",
    r"All\s+[Rr]ights\s+[Rr]eserved\.?",
    r"This\s+material\s+may\s+not\s+be\s+published,\s+broadcast,\s+rewritten,?\s+or\s+redistributed(?:\s+without\s+permission)?\.?",
    r"Our\s+Standards\s*:\s*The\s+Thomson\s+Reuters\s+Trust\s+Principles\.?",
    // `Read more: ...`, `READ ALSO: ...`, `Also read: ...`, `RELATED: ...`: links to other
    // stories. (Not `Watch:`, which opens a markets preview's paragraphs.)
    r"(?i:read\s+(?:more|also)|also\s+read|see\s+also|related)\s*:\s*[^\n]{1,200}",
    // The headings of a page's lists of other stories (`Related articles`, `Most read`, `More
    // on this story:`), alone in their paragraph: the headlines after them stay, as no pattern
    // can tell them from a story's crossheads.
    r"(?i:read\s+more|related(?:\s+(?:articles?|stories|content|topics|coverage))?|more\s+on\s+this\s+story|most\s+(?:read|popular|viewed)|top\s+stories|explore\s+more\s+on\s+these\s+topics|you\s+may\s+also\s+like|recommended(?:\s+stories)?)\s*:?",
    // A page's furniture, alone in its paragraph: `Skip to main content`, `Advertisement`,
    // `Share on Facebook`, `Copy link`, `4 minute read`, cookie and newsletter boxes.
    r"(?i:skip\s+to\s+(?:main\s+)?(?:content|navigation|article)|advertisement(?:\s*[·•|-]\s*scroll\s+to\s+continue)?|story\s+continues\s+(?:below|after)\s+(?:this\s+)?advertisement|ad\s+feedback|share\s+(?:on|via)\s+(?:facebook|twitter|x|linkedin|whatsapp|email|reddit|pinterest)|share\s+this\s+(?:article|story)|copy\s+link|link\s+copied|listen\s+to\s+this\s+article|accept\s+all(?:\s+cookies)?|reject\s+all|manage\s+(?:preferences|cookies|consent|settings)|cookie\s+settings|privacy\s+policy|terms\s+of\s+(?:service|use)|reuse\s+this\s+content)\.?",
    r"(?:[1-9] |[1-9][0-9] )(?i:min(?:ute)?s?) (?i:read)",
    r"(?i:we\s+use\s+cookies)[^\n]{0,300}(?i:accept|consent|brows|experience|continu|settings|agree)[^\n]{0,200}",
    r"(?i:sign\s+up\s+(?:for|to)\s+)[^\n]{0,60}(?i:newsletters?)[^\n]{0,100}",
    r"(?i:sign\s+up\s+to\s+receive\s+our)[^\n]{0,100}",
    r"(?i:get\s+our\s+)[^\n]{0,40}(?i:newsletters?)\.?",
    // `Follow AP's coverage of the Ukraine crisis at https://…`: a link to the outlet's own page.
    r"(?i:follow\s+)[^\n]{1,100}\s(?:at|on)\s+https?://\S+\.?",
    r"(?i:click\s+here\s+to\s+subscribe)[^\n]{0,100}",
    // `This article was originally published on Reuters.com`, `… first appeared in The
    // Conversation`: a source's name only (not "first published on Monday and updated …").
    r"(?i:this\s+(?:article|story)\s+(?:was\s+)?(?:originally|first)\s+(?:published|appeared)\s+(?:on|in|at|by))\s+(?:[Tt]he\s+)?\p{Lu}[\p{L}\p{N}.'’&-]*(?:\s+\p{Lu}[\p{L}\p{N}.'’&-]*)*\.?",
    // `Source: Al Jazeera and news agencies`: capitalised words only after the label.
    r"Sources?\s*:\s*(?:\p{Lu}[\p{L}.'’&-]*|and|news|agencies|wires)(?:[\s,/]+(?:\p{Lu}[\p{L}.'’&-]*|and|news|agencies|wires))*\.?",
    // A scraped BBC page's `Image caption, …` and `Image source, EPA`; without the comma in
    // older pages (`Image caption Olaf Scholz in Berlin`, `Image copyright Getty Images`), where
    // the label is in sentence case and the caption opens with a capital.
    r"(?i:image|picture|photo)\s+(?i:caption|source|copyright)\s*[,:]\s*[^\n]{1,300}",
    r"(?:Image|Picture|Photo)\s+(?:caption|source|copyright)\s+[\p{Lu}\p{N}(\x22“][^\n]{0,299}",
    // Wire copy's filing lines: AFP's `AFP 031604 GMT FEB 22`, Reuters' `Keywords: RUSSIA-UKRAINE/
    // KREMLIN` and the reporter's contact in double brackets.
    r"AFP\s+\d{6}\s+GMT\s+[A-Z]{3}\s+\d{2}",
    r"Keywords\s*:\s*[A-Z0-9][A-Z0-9/ ,.&-]*",
    r"\(\([^()]*@[^()]*\)\)",
    // Wire copy's markers: `MORE`, `ENDS`, `-0-`, `(END)`, and AP's `___` rule. (`More` in title
    // case only as the last paragraph: `drop_credits`.)
    r"(?:MORE|ENDS?|-0-(?:\s+ENDS?)?|\((?:END|MORE)\)|#{3}|_{3,})",
];

/// The compiled `drop_lines`.
#[derive(Debug)]
pub struct Boilerplate {
    matcher: Matcher,
    /// The paragraph openings that can match, when the patterns tell (the defaults do).
    openings: Option<Openings>,
}

/// How the patterns are matched.
#[derive(Debug)]
enum Matcher {
    /// All of them as one forward lazy DFA ([`WholeMatch`]): on the default patterns 6 ms to
    /// build where the regex crate's set took 12, and 42 ns a short paragraph where the set took
    /// 1.6 µs.
    Whole(WholeMatch),
    /// Patterns no lazy DFA can search (a Unicode `\b`), or too many for one: the regex crate's
    /// set.
    Set(RegexSet),
}

impl Matcher {
    /// Whether some pattern matches all of `paragraph`.
    fn is_match(&self, paragraph: &str) -> bool {
        match self {
            Matcher::Whole(whole) => whole.is_match(paragraph),
            Matcher::Set(set) => set.is_match(paragraph),
        }
    }
}

impl Boilerplate {
    /// Compiles `patterns`, each anchored to match a whole paragraph. The errors name every
    /// pattern that does not compile.
    #[cfg(test)]
    fn new<S: AsRef<str>>(patterns: &[S]) -> Result<Self, Vec<OptionError>> {
        Self::from_lists(&[("drop_lines", patterns)])
    }

    /// Compiles the patterns of every list as one set, each anchored to match a whole paragraph.
    /// The errors name every pattern that does not compile by its list's key and its place in it
    /// (`extra_drop_lines[2]`).
    pub fn from_lists<S: AsRef<str>>(lists: &[(&str, &[S])]) -> Result<Self, Vec<OptionError>> {
        let named: Vec<(String, &str)> = lists
            .iter()
            .flat_map(|(key, patterns)| {
                patterns.iter().enumerate().map(move |(i, p)| (format!("{key}[{i}]"), p.as_ref()))
            })
            .collect();
        // Each pattern must be a regex on its own: made a whole-paragraph pattern, `a)|(b` would
        // be one too (`^(?:a)|(b)$`), with a meaning no one wrote.
        // (An error as its message: regex_syntax's error is large.)
        let parsed: Vec<Result<Hir, String>> = named
            .iter()
            .map(|(_, p)| regex_syntax::Parser::new().parse(p).map(whole).map_err(|err| err.to_string()))
            .collect();
        if parsed.iter().any(Result::is_err) {
            // Every pattern that does not parse, and every other that does not compile.
            return Err(named
                .iter()
                .zip(&parsed)
                .filter_map(|((key, pattern), hir)| match hir {
                    Err(err) => Some(invalid(key, pattern, err)),
                    Ok(_) => Some(invalid(key, pattern, &Regex::new(&anchored(pattern)).err()?)),
                })
                .collect());
        }
        let parsed: Vec<Hir> = parsed.into_iter().flatten().collect();
        let openings = Openings::of(&parsed);
        if parsed.iter().all(can_search)
            && let Some(whole) = WholeMatch::new(&parsed)
        {
            return Ok(Boilerplate { matcher: Matcher::Whole(whole), openings });
        }
        let anchored: Vec<String> = named.iter().map(|(_, p)| anchored(p)).collect();
        // The set names the patterns that do not compile, or takes what no lazy DFA can search.
        let set = RegexSet::new(&anchored).map_err(|set_err| {
            // Name each pattern that fails on its own; else the patterns only fail together.
            let each: Vec<OptionError> = named
                .iter()
                .zip(&anchored)
                .filter_map(|((key, pattern), regex)| Some(invalid(key, pattern, &Regex::new(regex).err()?)))
                .collect();
            if each.is_empty() {
                let message = format!("patterns do not compile together: {}", last_line(&set_err));
                vec![OptionError::new(
                    lists.first().map_or("drop_lines", |(key, _)| key).to_string(),
                    message,
                )]
            } else {
                each
            }
        })?;
        Ok(Boilerplate { matcher: Matcher::Set(set), openings })
    }

    pub fn is_boilerplate(&self, paragraph: &str) -> bool {
        if self.openings.as_ref().is_some_and(|o| !o.may_open(paragraph.as_bytes())) {
            return false;
        }
        self.matcher.is_match(paragraph)
    }

    /// Where a trailer that line unwrapping ran into the end of `paragraph` starts ("… for
    /// semiconductors. REUTER...", a sign-off at the start of a line in Reuters-21578): the
    /// paragraph's last sentence, if that alone is boilerplate.
    pub fn run_in_trailer(&self, paragraph: &str) -> Option<usize> {
        let at = last_sentence_start(paragraph)?;
        self.is_boilerplate(&paragraph[at..]).then_some(at)
    }
}

/// What may stand between a sentence's mark and the space after it.
const CLOSERS: [char; 5] = ['"', '\'', ')', '\u{201d}', '\u{2019}'];

/// Where the last sentence of a paragraph of several starts: after the last ". ", "? " or "! "
/// (a closing quote or bracket may follow the mark). `None` for a paragraph of one sentence.
/// Found from the marks back, which are few, rather than from every space back (that search
/// was 4% of normalize's samples on the bench news).
fn last_sentence_start(paragraph: &str) -> Option<usize> {
    memchr::memrchr3_iter(b'.', b'?', b'!', paragraph.as_bytes()).find_map(|mark| {
        // The marks are ASCII, so the byte after one starts a character.
        let after = paragraph[mark + 1..].trim_start_matches(CLOSERS);
        after.starts_with(' ').then(|| paragraph.len() - after.len() + 1)
    })
}

/// The first bytes (up to four) a match of some pattern can start with: most paragraphs are
/// ruled out by their opening, without the regex set's per-call cost. Four rather than two,
/// because the furniture of scraped pages ("This article was originally published…", "We use
/// cookies…") opens like many sentences do ("The", "We").
#[derive(Debug)]
struct Openings {
    /// Per length 1 to 4, the openings of that length as big-endian integers, sorted.
    by_len: [Vec<u32>; 4],
}

impl Openings {
    /// From the literal prefixes of the whole-paragraph `patterns`; `None` when some pattern has
    /// no finite set of them, or can match the empty string.
    fn of(patterns: &[Hir]) -> Option<Openings> {
        let mut by_len: [Vec<u32>; 4] = Default::default();
        let mut extractor = Extractor::new();
        // Short literals keep the sets small and finite even for case-insensitive alternations.
        extractor.kind(ExtractKind::Prefix).limit_literal_len(4).limit_class(256).limit_total(4096);
        for pattern in patterns {
            for literal in extractor.extract(pattern).literals()? {
                let bytes = literal.as_bytes();
                if !(1..=4).contains(&bytes.len()) {
                    return None;
                }
                by_len[bytes.len() - 1].push(key(bytes));
            }
        }
        for keys in &mut by_len {
            keys.sort_unstable();
            keys.dedup();
        }
        Some(Openings { by_len })
    }

    fn may_open(&self, paragraph: &[u8]) -> bool {
        self.by_len.iter().enumerate().any(|(i, keys)| {
            !keys.is_empty() && paragraph.len() > i && keys.binary_search(&key(&paragraph[..=i])).is_ok()
        })
    }
}

/// Up to four bytes as one integer.
fn key(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0, |key, &b| key << 8 | u32::from(b))
}

/// `pattern` as the regex crate's whole-paragraph pattern.
fn anchored(pattern: &str) -> String {
    format!("^(?:{pattern})$")
}

/// The problem of the pattern at `key` (`drop_lines[3]`), which `err` says is not valid.
fn invalid(key: &str, pattern: &str, err: &impl std::fmt::Display) -> OptionError {
    let i = key.rsplit('[').next().unwrap_or_default().trim_end_matches(']');
    OptionError::new(key, format!("pattern {i} `{pattern}` is not a valid regex: {}", last_line(err)))
}

/// regex's syntax errors draw the pattern with a caret over several lines; the last line says
/// what is wrong.
fn last_line(err: &impl std::fmt::Display) -> String {
    let text = err.to_string();
    let line = text.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or_default();
    line.trim().trim_start_matches("error: ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The last sentence's start as first written: from every space back, the first with a mark
    /// before it (closers aside).
    fn last_sentence_start_by_spaces(paragraph: &str) -> Option<usize> {
        paragraph.rmatch_indices(' ').map(|(i, _)| i).find_map(|i| {
            let before = paragraph[..i].trim_end_matches(CLOSERS);
            before.ends_with(['.', '?', '!']).then_some(i + 1)
        })
    }

    #[test]
    fn the_last_sentence_starts_after_the_last_mark_and_space() {
        let paragraphs = [
            "One sentence only",
            "First one. Second one",
            "He said \"no.\" Then left.",
            "Rates rose 3.5 pct. REUTER...",
            "Why? Because!  Two spaces.",
            "It ended.’) Next (with wires)",
            "Ends with a mark and space. ",
            ". Opens with one",
            "U.S. officials said. Then 1.5.",
            "Quoted ”close.” ’odd’ ! x",
            "",
            " ",
            ".",
            "No space after.Here",
            "Façade é. Zürich ü? Ωmega! ok",
        ];
        for paragraph in paragraphs {
            assert_eq!(
                last_sentence_start(paragraph),
                last_sentence_start_by_spaces(paragraph),
                "{paragraph:?}"
            );
        }
        assert_eq!(last_sentence_start("First one. Second one"), Some(11));
        assert_eq!(last_sentence_start("One sentence only"), None);
    }

    fn check(paragraph: &str, dropped: bool) {
        static DEFAULTS: std::sync::LazyLock<Boilerplate> =
            std::sync::LazyLock::new(|| Boilerplate::new(DEFAULT_PATTERNS).unwrap());
        assert_eq!(DEFAULTS.is_boilerplate(paragraph), dropped, "{paragraph:?}");
    }

    #[test]
    fn drops_boilerplate() {
        for paragraph in [
            "Photo: AP",
            "Image: Reuters",
            "Photo credit: Getty Images",
            "PHOTO: Russian troops at a training ground in Rostov, January 26, 2022. (AP)",
            "(File photo: AFP)",
            "AP Photo/Evan Vucci",
            "Reuters/Gleb Garanich",
            "Reuters/Piroschka van de Wouw",
            "Getty Images/iStockphoto",
            "This story first appeared in The Conversation.",
            "Getty Images / Jean-Marc O’Neil Jr.",
            "Getty Images",
            "Reuter",
            "REUTER...",
            "REUTERS…",
            "(with wires)",
            "(With inputs from agencies)",
            "With inputs from PTI.",
            "(With inputs from Reuters and AFP)",
            "(Reporting by Andrew Osborn and Dmitry Antonov in Moscow; Editing by Mark Trevelyan)",
            "Reporting by Andrew Osborn; Editing by Mark Trevelyan",
            "Additional reporting by Jean-Yves O'Neil in Paris",
            "(Writing by Matthias Williams; editing by Alex Richardson)",
            "Photo: © AFP",
            "Photo: iStock",
            "Photo: courtesy of the family",
            "(Photo: [AP])",
            "(With reporting by Reuters)",
            "(With additional reporting by Jane Doe in Kyiv)",
            "By Jane Doe; Editing by John Smith",
            "By Jane Doe and John Roe; Editing by Mark Trevelyan",
            "— AFP",
            "- PTI",
            "— Agencies",
            "(AFP)",
            "(Reuters).",
            "(Agencies)",
            "— with wires",
            "- with wires",
            "— with agency inputs",
            "Inputs from agencies",
            "burs-jh/dl",
            "str/jh",
            "Image caption Olaf Scholz in Berlin",
            "Image copyright Getty Images",
            "Written by John Smith",
            "Copyright 2022 The Associated Press. All rights reserved.",
            "Copyright © 2022 Bloomberg L.P.",
            "© 2022 Thomson Reuters",
            "All rights reserved.",
            "Read more: Why Romania matters to Nato",
            "READ ALSO: Macron to visit Moscow",
            // Scraped pages' and agencies' furniture (a walkthrough's cases).
            "© Agence France-Presse",
            "Copyright 2022 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed without permission.",
            "Our Standards: The Thomson Reuters Trust Principles.",
            "Read more",
            "Read more:",
            "Related articles",
            "More on this story:",
            "Most read",
            "RELATED: Russia says some troops returning to bases",
            "SEE ALSO: What is Nato's tripwire force?",
            "Skip to main content",
            "Advertisement",
            "Advertisement · Scroll to continue",
            "Share on Facebook",
            "Copy link",
            "4 minute read",
            "3 min read",
            "We use cookies to improve your experience on our site. By continuing to browse you agree.",
            "Accept all",
            "Sign up for our daily newsletter",
            "Click here to subscribe to our YouTube channel",
            "This article was originally published on Reuters.com",
            "Source: Al Jazeera and news agencies",
            "Image caption, US President Joe Biden spoke to Emmanuel Macron on Wednesday",
            "Image source, EPA",
            "MORE",
            "reuter",
            "-0- ENDS",
            "___",
            "AFP 031604 GMT FEB 22",
            "Credit: Reuters",
            "Sign up to First Edition, our free daily newsletter — every weekday morning at 7am GMT",
            "Sign up to receive our free daily briefing.",
            "Get our Europe newsletter",
            "Follow AP's coverage of the Ukraine crisis at https://apnews.com/hub/russia-ukraine",
            "Credits: AFP/Getty Images",
            "Keywords: UKRAINE-CRISIS/RUSSIA KREMLIN",
            "((maria.tsvetkova@thomsonreuters.com; +7 495 775 1242; Reuters Messaging: maria.tsvetkova.thomsonreuters.com@reuters.net))",
        ] {
            check(paragraph, true);
        }
    }

    #[test]
    fn keeps_real_sentences() {
        for paragraph in [
            "Photographs of the deployment were published on Thursday.",
            "Reporting by the BBC suggested that the troops had already moved.",
            "Reporting by Reuters showed that the company had lied.",
            "Copyright 2022 was a record year for lawsuits.",
            "Copyright law in Romania is strict.",
            "With inputs from agencies, the ministry compiled a report on the troops and sent it to Nato allies.",
            "With inputs from agencies, the ministry acted.",
            "With wires cut, the town went dark.",
            "Reuters reported that troops were moving.",
            "Reuters... said the deal was off.",
            "All rights reserved, the company said in a statement.",
            "Read more about it on Thursday.",
            "The picture: grim, according to analysts.",
            "Pictures: thousands of homes were flooded and roads were closed across the region.",
            "Video: what happened in the first hours of the storm",
            "By Jane Doe's account, the talks failed; editing by the censors followed.",
            "— AFP reported that the talks failed.",
            "Macron could visit Russia",
            // A poll's name, not a photographer's credit.
            "Reuters/Ipsos polling found most voters agree.",
            "AP Photo/Evan Vucci of the White House press corps",
            "Read more about the talks on our live page.",
            "Related companies rose too.",
            "Watch what happens next, he said.",
            "Most read the statement as a threat.",
            "Advertisement spending fell 4% last year.",
            "We use cookies as an example, the regulator said.",
            // (A reviewer's cases.)
            "We use cookies to show you ads based on what you read, a company document seen by Reuters said, adding that users could not opt out.",
            "Watch: investors will focus on Federal Reserve Chair Jerome Powell's testimony to Congress at 10 a.m. ET.",
            "This story was first published on Monday and has been updated with the death toll and comments from the mayor.",
            "Source: the defence ministry said troops had left.",
            "More than 3,000 troops will go.",
            "3 minutes later, the talks ended.",
            "© 2022 was a good year for the company, its chief said.",
            "Keywords: the ministry listed three in its statement.",
            "Credit: the bank's rating was cut.",
            "Sign up to the pact, the minister urged his neighbours, and the rest will follow.",
            "Follow the money, the prosecutor said.",
            "Credit Suisse said it would cut 3,000 jobs.",
            "AFP 2022 GMT",
            "Inputs from suppliers rose 3% in March.",
            "Inputs from China and India",
            "Image copyright law is strict, the court said.",
            "strong/weak",
            "(AFP) - The talks failed.",
        ] {
            check(paragraph, false);
        }
    }

    #[test]
    fn the_opening_filter_keeps_every_pattern_reachable() {
        let defaults = Boilerplate::new(DEFAULT_PATTERNS).unwrap();
        let openings = defaults.openings.as_ref().expect("the defaults have literal prefixes");
        for start in [
            "Photo",
            "photo",
            "PHOTO",
            "(File photo",
            "(with wires)",
            "AP",
            "Getty",
            "with",
            "WITH",
            "Reporting",
            "©",
            "All rights",
            "read more",
            "Our Standards",
            "Skip to",
            "4 mi",
            "This article",
            "MORE",
            "-0-",
            "___",
        ] {
            assert!(openings.may_open(start.as_bytes()), "{start}");
        }
        for start in ["The ", "A ", "Wh", "Ch", "1", "", "\u{201c}"] {
            assert!(!openings.may_open(start.as_bytes()), "{start}");
        }
        // A pattern that can start anywhere, or match the empty string, turns the filter off.
        for patterns in [&["Sponsored", ".*ad"][..], &["x?"]] {
            assert!(Boilerplate::new(patterns).unwrap().openings.is_none(), "{patterns:?}");
        }
        // Openings shorter than four bytes are kept at their length.
        let short = Boilerplate::new(&["Sponsored", "x", "AP"]).unwrap();
        assert!(short.is_boilerplate("x") && short.is_boilerplate("AP") && short.is_boilerplate("Sponsored"));
        assert!(!short.is_boilerplate("y") && !short.is_boilerplate("Spo"));
        assert!(Boilerplate::new(&["x"]).unwrap().is_boilerplate("x"));
        assert!(Boilerplate::new(&["(?i)sponsored"]).unwrap().is_boilerplate("SPONSORED"));
    }

    #[test]
    fn every_bad_pattern_is_named() {
        // A pattern made valid only by the wrapping around it (`^(?:a)|(b)$`) is not one.
        let errs = Boilerplate::new(&["Sponsored)|(Ad"]).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].message, "pattern 0 `Sponsored)|(Ad` is not a valid regex: unopened group");
        // With one that does not parse, one too large to compile is named too.
        let huge = r"(?:\p{L}{100}){100}";
        let errs = Boilerplate::new(&["(unclosed", huge]).unwrap_err();
        let keys: Vec<_> = errs.iter().map(|e| e.key.as_deref()).collect();
        assert_eq!(keys, [Some("drop_lines[0]"), Some("drop_lines[1]")], "{errs:?}");
        assert!(errs[1].message.contains("exceeds size limit"), "{}", errs[1].message);
        let errs = Boilerplate::new(&["Photo: .*", "(unclosed", "ok", "[b"]).unwrap_err();
        let found: Vec<(Option<&str>, &str)> =
            errs.iter().map(|e| (e.key.as_deref(), e.message.as_str())).collect();
        assert_eq!(
            found,
            [
                (Some("drop_lines[1]"), "pattern 1 `(unclosed` is not a valid regex: unclosed group"),
                (Some("drop_lines[3]"), "pattern 3 `[b` is not a valid regex: unclosed character class"),
            ]
        );
        // A second list's patterns are named by its own key.
        let errs =
            Boilerplate::from_lists(&[("drop_lines", &["ok"][..]), ("extra_drop_lines", &["x", "(y"])])
                .unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].key.as_deref(), Some("extra_drop_lines[1]"), "{}", errs[0].message);
        let both = Boilerplate::from_lists(&[
            ("drop_lines", DEFAULT_PATTERNS),
            ("extra_drop_lines", &["Sponsored"]),
        ])
        .unwrap();
        assert!(both.is_boilerplate("Sponsored") && both.is_boilerplate("(with wires)"));
    }

    /// Every line and paragraph of the seeds, and lines made to come close to the patterns, in
    /// ASCII and beyond.
    fn paragraphs_to_try() -> Vec<String> {
        let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/../../seeds");
        let mut paragraphs = Vec::new();
        for entry in std::fs::read_dir(seeds).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            paragraphs.extend(text.split("\n\n").map(|p| p.trim().to_string()));
            paragraphs.extend(text.lines().map(|l| l.trim().to_string()));
        }
        for made in [
            "Photo: AFP/Getty Images",
            "Photo: Ștefan Ciocan",
            "Photo:",
            "Credits: Agence France-Presse/Олег",
            "Reuters/Ödön von Horváth",
            "(With inputs from ÉFE)",
            "Reporting by Zoë Ménard in Zürich; Editing by Łukasz Kowalski",
            "© 2022 Société Générale",
            "Source: Україна and news agencies",
            "We use cookies to give you the best experience, café included",
            "Read more: Macron’s visit",
            "Image caption, Ukrainian soldiers near Donetsk",
            "Keywords: RUSSIA-UKRAINE/KREMLIN",
            "Keywords: russia",
            "((Reporting by x@y.com))",
            "___",
            "-0- ENDS",
        ] {
            paragraphs.push(made.to_string());
            paragraphs.push(format!("{made}."));
            paragraphs.push(format!(" {made}"));
        }
        paragraphs
    }

    /// `patterns` as the regex crate's set, each made a whole-paragraph pattern.
    fn regex_set(patterns: &[&str]) -> RegexSet {
        RegexSet::new(patterns.iter().map(|p| anchored(p))).unwrap()
    }

    #[test]
    fn the_lazy_dfa_answers_as_the_regex_set_would() {
        let defaults = Boilerplate::new(DEFAULT_PATTERNS).unwrap();
        assert!(matches!(defaults.matcher, Matcher::Whole(_)), "the defaults make one forward DFA");
        let set = regex_set(DEFAULT_PATTERNS);
        let paragraphs = paragraphs_to_try();
        let mut matched = 0;
        for paragraph in &paragraphs {
            let expected = set.is_match(paragraph);
            assert_eq!(defaults.matcher.is_match(paragraph), expected, "{paragraph:?}");
            matched += usize::from(expected);
        }
        // Both answers are asked for, not one of them only.
        assert!(matched >= 20 && matched * 2 < paragraphs.len(), "{matched} of {}", paragraphs.len());
        // Patterns as users write them: flags, anchors of their own, alternations, a pattern
        // that matches the empty paragraph, ASCII word boundaries.
        let users = [
            "(?m)^Sponsored$",
            "(?i)sponsored content",
            "(?s)Advert.*",
            "Follow us.*$",
            "\\AAd\\z",
            "",
            "A|B|Photo: .{1,5}",
            "(?-u:\\b)Sponsored(?-u:\\b).*",
            "(?i)(?:ſ|s)ponsored",
            "[^\\n]{0,10}",
        ];
        let mine = Boilerplate::new(&users).unwrap();
        assert!(matches!(mine.matcher, Matcher::Whole(_)));
        let users_set = regex_set(&users);
        let mut tried: Vec<String> = paragraphs.clone();
        tried.extend(
            ["", "Sponsored", "SPONSORED CONTENT", "Advert\nment", "Ad", "A", "Photo: ab", "ſponsored"]
                .map(String::from),
        );
        for paragraph in &tried {
            assert_eq!(mine.matcher.is_match(paragraph), users_set.is_match(paragraph), "{paragraph:?}");
        }
        // From threads at once (each takes a cache of its own).
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    for paragraph in &paragraphs {
                        assert_eq!(defaults.matcher.is_match(paragraph), set.is_match(paragraph));
                    }
                });
            }
        });
    }

    #[test]
    fn a_pattern_no_lazy_dfa_can_search_goes_to_the_regex_set() {
        // A Unicode word boundary: the lazy DFA would have to stop at every non-ASCII byte.
        let boilerplate = Boilerplate::new(&[r"Sponsored\b.*", "Photo: .*"]).unwrap();
        assert!(matches!(boilerplate.matcher, Matcher::Set(_)));
        assert!(boilerplate.is_boilerplate("Sponsored by Société Générale"));
        assert!(boilerplate.is_boilerplate("Photo: Ștefan Ciocan"));
        assert!(!boilerplate.is_boilerplate("Sponsoredé content"));
        assert!(!boilerplate.is_boilerplate("Sponsoreds"));
        // An ASCII one is a DFA's.
        let ascii = Boilerplate::new(&[r"(?-u:\b)Sponsored(?-u:\b).*"]).unwrap();
        assert!(matches!(ascii.matcher, Matcher::Whole(_)));
        assert!(ascii.is_boilerplate("Sponsored content") && !ascii.is_boilerplate("Sponsoreds"));
    }

    #[test]
    fn patterns_match_whole_paragraphs_only() {
        let boilerplate = Boilerplate::new(&["Sponsored"]).unwrap();
        assert!(boilerplate.is_boilerplate("Sponsored"));
        assert!(!boilerplate.is_boilerplate("Sponsored content pays for this site."));
        assert!(!Boilerplate::new::<&str>(&[]).unwrap().is_boilerplate("anything"));
    }
}
