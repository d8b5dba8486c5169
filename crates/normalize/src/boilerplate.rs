//! Boilerplate paragraphs (photo captions, agency trailers, copyright lines) recognised by a
//! configurable list of regexes, each matched against a whole paragraph.

use regex::{Regex, RegexSet};
use regex_syntax::hir::literal::{ExtractKind, Extractor};

use copydesk_core::OptionError;

/// The default `drop_lines`. Each must match a whole paragraph, and each is written so that an
/// ordinary sentence cannot match: names after "Reporting by" must be capitalised words,
/// copyright holders too, captions need their `Label:` form.
pub const DEFAULT_PATTERNS: &[&str] = &[
    // Captions and credits: `Photo: AP`, `Image: Reuters`, `Photo credit: Getty Images`, `(File photo: AFP)`.
    r"\(?(?i:file\s+)?(?i:photo(?:graph)?s?|images?|pictures?|pic|video|graphic)(?i:\s+credits?)?\s*:\s*[^\n]{1,200}",
    // A bare agency credit: `AP Photo/Evan Vucci`, `Getty Images`, `Reuters`, `REUTER` and
    // `REUTER...` (Reuters-21578's sign-offs). The name after the slash is one to five
    // capitalised words, so that `Reuters/Ipsos polling found…` stays.
    r"(?:AP|AFP|EPA|Reuters|REUTERS?|Reuter|Getty Images|Getty|Bloomberg)(?:\s+(?:Photo|Images))?(?:\s*/\s*\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,4})?(?:\.\.\.|…)?",
    // `(with wires)`, `(With inputs from agencies)`, `With inputs from PTI.`
    r"\(?(?i:with)\s+(?:(?i:wires|agency\s+inputs)|(?i:inputs?\s+from)\s+(?:agencies|wires|(?:our\s+)?correspondents|\p{Lu}[\p{L}.&-]*(?:(?:\s*,\s*|\s+and\s+|\s*&\s*|\s+)\p{Lu}[\p{L}.&-]*)*))\.?\)?\.?",
    // `(Reporting by X; Editing by Y)`, `Reporting by X in Moscow`, `Additional reporting by X`,
    // `(Writing by X; Editing by Y and Z)`: only names, places and the credit words may follow.
    r"\(?(?:(?:Additional\s+)?[Rr]eporting|Writing|Editing|Compiled|Edited)\s+by(?:[\s,;&]+(?:\p{Lu}[\p{L}'’.-]*|and|in|from|by|[Aa]dditional|reporting|[Ee]diting|[Ww]riting|[Cc]ompiled|[Ee]dited))+\s*\.?\)?",
    // `Copyright 2022 The Associated Press. All rights reserved.`, `© 2022 Thomson Reuters`.
    r"(?:Copyright\s*(?:©|\([cC]\))?|©)\s*\d{4}(?:\s*[-–]\s*\d{4})?,?(?:\s+(?:\p{Lu}[\p{L}\p{N}&.'’-]*|&|and|of))*\s*\.?(?:\s*All\s+[Rr]ights\s+[Rr]eserved\.?)?",
    r"All\s+[Rr]ights\s+[Rr]eserved\.?",
    // `Read more: ...`, `READ ALSO: ...`, `Also read: ...`
    r"(?i:read\s+(?:more|also)|also\s+read)\s*:\s*[^\n]{1,200}",
];

/// The compiled `drop_lines`.
#[derive(Debug)]
pub struct Boilerplate {
    set: RegexSet,
    /// The paragraph openings that can match, when the patterns tell (the defaults do).
    openings: Option<Openings>,
}

impl Boilerplate {
    /// Compiles `patterns`, each anchored to match a whole paragraph. The errors name every
    /// pattern that does not compile.
    pub fn new<S: AsRef<str>>(patterns: &[S]) -> Result<Self, Vec<OptionError>> {
        let anchored: Vec<String> = patterns.iter().map(|p| format!("^(?:{})$", p.as_ref())).collect();
        let set = RegexSet::new(&anchored).map_err(|set_err| {
            // Name each pattern that fails on its own; else the patterns only fail together.
            let each: Vec<OptionError> = patterns
                .iter()
                .zip(&anchored)
                .enumerate()
                .filter_map(|(i, (pattern, regex))| {
                    let err = Regex::new(regex).err()?;
                    let message = format!(
                        "pattern {i} `{}` is not a valid regex: {}",
                        pattern.as_ref(),
                        last_line(&err)
                    );
                    Some(OptionError::new(format!("drop_lines[{i}]"), message))
                })
                .collect();
            if each.is_empty() {
                let message = format!("patterns do not compile together: {}", last_line(&set_err));
                vec![OptionError::new("drop_lines", message)]
            } else {
                each
            }
        })?;
        Ok(Boilerplate { set, openings: Openings::of(&anchored) })
    }

    pub fn is_boilerplate(&self, paragraph: &str) -> bool {
        if self.openings.as_ref().is_some_and(|o| !o.may_open(paragraph.as_bytes())) {
            return false;
        }
        !self.set.is_empty() && self.set.is_match(paragraph)
    }

    /// Where a trailer that line unwrapping ran into the end of `paragraph` starts ("… for
    /// semiconductors. REUTER...", a sign-off at the start of a line in Reuters-21578): the
    /// paragraph's last sentence, if that alone is boilerplate.
    pub fn run_in_trailer(&self, paragraph: &str) -> Option<usize> {
        let at = last_sentence_start(paragraph)?;
        self.is_boilerplate(&paragraph[at..]).then_some(at)
    }
}

/// Where the last sentence of a paragraph of several starts: after the last ". ", "? " or "! "
/// (a closing quote or bracket may follow the mark). `None` for a paragraph of one sentence.
fn last_sentence_start(paragraph: &str) -> Option<usize> {
    paragraph.rmatch_indices(' ').map(|(i, _)| i).find_map(|i| {
        let before = paragraph[..i].trim_end_matches(['"', '\'', ')', '\u{201d}', '\u{2019}']);
        before.ends_with(['.', '?', '!']).then_some(i + 1)
    })
}

/// The first two bytes a match of some pattern can start with, as a bit set: most paragraphs
/// are ruled out by their opening, without the regex set's per-call cost.
#[derive(Debug)]
struct Openings {
    pairs: Box<[u64; 1024]>,
}

impl Openings {
    /// From the literal prefixes of the anchored `patterns`; `None` when some pattern has no
    /// finite set of them, or can match the empty string or a single byte.
    fn of(patterns: &[String]) -> Option<Openings> {
        let mut pairs = Box::new([0u64; 1024]);
        let mut extractor = Extractor::new();
        // Only two bytes are wanted: short literals keep the sets small and finite even for
        // case-insensitive alternations.
        extractor.kind(ExtractKind::Prefix).limit_literal_len(2).limit_class(256).limit_total(4096);
        for pattern in patterns {
            let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
            for literal in extractor.extract(&hir).literals()? {
                let &[first, second] = literal.as_bytes() else { return None };
                let pair = usize::from(first) << 8 | usize::from(second);
                pairs[pair / 64] |= 1 << (pair % 64);
            }
        }
        Some(Openings { pairs })
    }

    fn may_open(&self, paragraph: &[u8]) -> bool {
        let &[first, second, ..] = paragraph else { return false };
        let pair = usize::from(first) << 8 | usize::from(second);
        self.pairs[pair / 64] & 1 << (pair % 64) != 0
    }
}

/// regex's syntax errors draw the pattern with a caret over several lines; the last line says
/// what is wrong.
fn last_line(err: &regex::Error) -> String {
    let text = err.to_string();
    let line = text.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or_default();
    line.trim().trim_start_matches("error: ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

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
            "Copyright 2022 The Associated Press. All rights reserved.",
            "Copyright © 2022 Bloomberg L.P.",
            "© 2022 Thomson Reuters",
            "All rights reserved.",
            "Read more: Why Romania matters to Nato",
            "READ ALSO: Macron to visit Moscow",
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
            "Macron could visit Russia",
            // A poll's name, not a photographer's credit.
            "Reuters/Ipsos polling found most voters agree.",
            "AP Photo/Evan Vucci of the White House press corps",
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
            "(F",
            "(w",
            "AP",
            "Getty",
            "with",
            "WITH",
            "Reporting",
            "©",
            "All",
            "read",
        ] {
            assert!(openings.may_open(start.as_bytes()), "{start}");
        }
        for start in ["The", "A ", "Wh", "Ch", "1", "", "\u{201c}"] {
            assert!(!openings.may_open(start.as_bytes()), "{start}");
        }
        // A pattern that can start anywhere, or match less than two bytes, turns the filter off.
        for patterns in [&["Sponsored", ".*ad"][..], &["x?"], &["Sponsored", "x"]] {
            assert!(Boilerplate::new(patterns).unwrap().openings.is_none(), "{patterns:?}");
        }
        assert!(Boilerplate::new(&["x"]).unwrap().is_boilerplate("x"));
        assert!(Boilerplate::new(&["(?i)sponsored"]).unwrap().is_boilerplate("SPONSORED"));
    }

    #[test]
    fn every_bad_pattern_is_named() {
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
    }

    #[test]
    fn patterns_match_whole_paragraphs_only() {
        let boilerplate = Boilerplate::new(&["Sponsored"]).unwrap();
        assert!(boilerplate.is_boilerplate("Sponsored"));
        assert!(!boilerplate.is_boilerplate("Sponsored content pays for this site."));
        assert!(!Boilerplate::new::<&str>(&[]).unwrap().is_boilerplate("anything"));
    }
}
