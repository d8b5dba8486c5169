//! Capitalisation rules for names the gazetteer does not know. A run of capitalised words
//! becomes a PERSON after a title or role word or when it opens with a known given name, an
//! ORG when it ends with an organisation word, and otherwise an untyped candidate that
//! survives only if resolution links it to something typed. Guessing a type from shape alone
//! is what makes rule taggers noisy, so the rules would rather miss than guess.

use std::ops::Range;

use copydesk_core::EntityKind;

use crate::dates::{is_month, is_weekday};
use crate::lexicon::{
    ABBREVIATIONS, COMPANY_HEADS, LAWS_AND_VOTES, ORG_WORDS, PARTICLES, ROLE_WORDS, STOPWORDS,
    TITLE_COMPLEMENTS, TITLES, is_company_suffix,
};
use crate::proposer::{CONFIDENCE_RULE, CONFIDENCE_SHAPE, Candidate, Label, SpanProposer};
use crate::text::{Scan, WordSet, starts_upper};

const GIVEN_NAMES: &str = include_str!("../data/given_names.txt");

/// Last words of places' and things' names that open with a given name, which the rules take
/// for no person's ("Myrtle Beach", "Myra Falls", "Tracey Island", "Clarence House", "Willa
/// Mine"); buildings are [`crate::combine::is_building_word`], events, prizes and shows
/// [`crate::lexicon::is_event_or_prize`] ("Doris Day Show").
/// Not words that are surnames too ("Mike Lake", "Andy Grove", "Michael Bay").
const NAMED_THINGS: &[&str] = &[
    "Beach", "Canyon", "Creek", "Falls", "Heights", "House", "Island", "Islands", "Mine", "Oaks", "Pavilion",
    "Rally", "River", "Springs", "Valley",
];

/// Nouns for what a company or an organisation is, which news writes right before its name:
/// "phone company Qwest", "search firm Blinkx", "oil giant Shell", "mobile operator Vodafone".
pub(crate) const COMPANY_NOUNS: &[&str] = &[
    "airline",
    "automaker",
    "bank",
    "carmaker",
    "chain",
    "charity",
    "chipmaker",
    "company",
    "conglomerate",
    "distributor",
    "drugmaker",
    "firm",
    "giant",
    "group",
    "insurer",
    "lender",
    "operator",
    "retailer",
];

/// Offices "General" completes, whose holder's surname follows: "Attorney General Sessions",
/// "Inspector General Fine", "Major General Wood".
const GENERAL_OFFICES: &[&str] = &[
    "Accountant",
    "Adjutant",
    "Advocate",
    "Attorney",
    "Auditor",
    "Brigadier",
    "Comptroller",
    "Consul",
    "Director",
    "Governor",
    "Inspector",
    "Lieutenant",
    "Major",
    "Paymaster",
    "Postmaster",
    "Procurator",
    "Quartermaster",
    "Registrar",
    "Secretary",
    "Solicitor",
    "Surgeon",
    "Vicar",
];

/// Whether `word` is the whole name of a town or a place in the model's name lists
/// (`names.tsv`, GeoNames' places: "Blackburn", "Bridgeton"), read once a process when first
/// asked (of an organisation's one-word name the text writes as a place's).
pub(crate) fn is_listed_place(word: &str) -> bool {
    // (The mask's bit 0: a place's whole name.)
    static PLACES: std::sync::LazyLock<WordSet<&'static str>> =
        std::sync::LazyLock::new(|| name_list_words(0b1));
    PLACES.contains(word)
}

/// The words of the model's name lists (`names.tsv`) whose mask has one of the bits of `bits`.
fn name_list_words(bits: u16) -> WordSet<&'static str> {
    crate::ner::features::NAMES
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .filter(|(_, mask)| mask.parse::<u16>().is_ok_and(|m| m & bits != 0))
        .map(|(word, _)| word)
        .collect()
}

/// Whether `word` is a common word: one the news the model's word clusters were learnt from
/// writes in lower case (`clusters.tsv`, 18,125 words: "agreement", "staff", not "reagan"), and
/// no word of a person's name in the model's name lists (`names.tsv`, WNUT-2017's persons:
/// "Grant", "Brown", "Young"; "General Grant" is the general). Both sets are read from the
/// files compiled in once a process, when first asked (after "General", and of a person's name
/// in [`crate::resolve::persons_of_common_words`]).
pub(crate) fn is_common_word(word: &str) -> bool {
    static COMMON: std::sync::LazyLock<WordSet<&'static str>> = std::sync::LazyLock::new(|| {
        crate::ner::features::CLUSTERS
            .lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
            .filter_map(|l| l.split_once('\t').map(|(word, _)| word))
            .collect()
    });
    // (The mask's bits 2 and 3: a person's whole name, or part of one.)
    static PERSON_WORDS: std::sync::LazyLock<WordSet<&'static str>> =
        std::sync::LazyLock::new(|| name_list_words(0b1100));
    if PERSON_WORDS.contains(word) {
        return false;
    }
    // Lowered on the stack when ASCII and short, as nearly every word is (asked of a person's
    // name in most documents).
    let mut buffer = [0u8; 32];
    match buffer.get_mut(..word.len()).filter(|_| word.is_ascii()) {
        Some(lower) => {
            lower.copy_from_slice(word.as_bytes());
            lower.make_ascii_lowercase();
            std::str::from_utf8(lower).is_ok_and(|lower| COMMON.contains(lower))
        }
        None => COMMON.contains(word.to_lowercase().as_str()),
    }
}

/// Longest name a title or given name may introduce, in words.
const MAX_PERSON_WORDS: usize = 4;
const MAX_UNTYPED_WORDS: usize = 5;

pub(crate) struct Rules {
    /// Given names: `given_names.txt` (also a model feature) and the US Census Bureau's common
    /// ones (`given_names_census.txt`, the rules' alone: `cargo xtask train-ner --lists`).
    given: WordSet<&'static str>,
    stop: WordSet<&'static str>,
    titles: WordSet<&'static str>,
    complements: WordSet<&'static str>,
    roles: WordSet<&'static str>,
    org_words: WordSet<&'static str>,
    particles: WordSet<&'static str>,
    abbreviations: WordSet<&'static str>,
}

impl Rules {
    pub fn new() -> Rules {
        let set = |words: &[&'static str]| words.iter().copied().collect::<WordSet<_>>();
        let given = GIVEN_NAMES
            .lines()
            .chain(include_str!("../data/given_names_census.txt").lines())
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        Rules {
            given,
            stop: set(STOPWORDS),
            titles: set(TITLES),
            complements: set(TITLE_COMPLEMENTS),
            roles: set(ROLE_WORDS),
            org_words: set(ORG_WORDS),
            particles: set(PARTICLES),
            abbreviations: set(ABBREVIATIONS),
        }
    }

    /// Whether `word` opens with a known given name ("Jean" in "Jean-Yves").
    pub fn is_given_name(&self, word: &str) -> bool {
        self.given.contains(word) || word.split_once('-').is_some_and(|(first, _)| self.given.contains(first))
    }

    /// A word that can be part of a name: capitalised, not a number, not a stopword, month or
    /// weekday.
    fn is_name_word(&self, word: &str) -> bool {
        starts_upper(word) && !self.stop.contains(word) && !is_weekday(word) && !is_month(word)
    }

    /// Whether the name continues from word `i` to word `i + 1`: a single space, or a full
    /// stop after an initial or abbreviation ("J. Smith", "Mr. Smith").
    fn joins(&self, scan: &Scan<'_>, i: usize) -> bool {
        match scan.gap_after(i) {
            " " => true,
            ". " => {
                let word = scan.word(i);
                (word.len() == 1 && starts_upper(word)) || self.abbreviations.contains(word)
            }
            _ => false,
        }
    }

    /// Classify one run of name words `first..=last` (word indices).
    fn classify(&self, scan: &Scan<'_>, first: usize, last: usize, out: &mut Vec<Candidate>) {
        let before = (first > 0 && scan.gap_after(first - 1) == " ").then(|| scan.word(first - 1));
        let after_role = before.is_some_and(|w| self.roles.contains(w));
        // A name no other rule types, of three words or fewer, right after a company's noun:
        // "US phone company Qwest has raised its bid", "oil giant Shell", "supermarket chain
        // Tesco" (which the model, out of its domain, often leaves untagged). Not a given name
        // ("the firm John Smith founded": a person), a title, nor a letter ("offered by company
        // N/A"), nor a compound adjective ("the company New York-based Acme").
        if before.is_some_and(|w| COMPANY_NOUNS.contains(&w))
            && last + 1 - first <= 3
            && scan.word(first).len() > 1
            && !self.is_given_name(scan.word(first))
            && (first..=last).all(|i| {
                let word = scan.word(i);
                self.is_name_word(word)
                    && !self.titles.contains(word)
                    && crate::combine::compound_head(word).is_none()
            })
        {
            out.push(candidate(scan, first, last, Some(EntityKind::Org), CONFIDENCE_RULE));
            return;
        }
        self.classify_segment(scan, first..last + 1, after_role, out);
    }

    /// `seg` is a range of word indices.
    fn classify_segment(
        &self,
        scan: &Scan<'_>,
        seg: Range<usize>,
        after_role: bool,
        out: &mut Vec<Candidate>,
    ) {
        // Never start or end on a particle or connector.
        let upper = |i: &usize| starts_upper(scan.word(*i));
        let Some(first) = seg.clone().find(upper) else { return };
        let Some(last) = seg.clone().rev().find(upper) else { return };
        let len = last + 1 - first;

        if len >= 2 && self.org_words.contains(scan.word(last)) {
            // "Co Inc" alone is a legal form, not a company ("Jefferies and Co Inc").
            if !(first..=last).all(|i| is_company_suffix(scan.word(i))) {
                out.push(candidate(scan, first, last, Some(EntityKind::Org), CONFIDENCE_RULE));
            }
            return;
        }

        let is_title = |i: &usize| self.titles.contains(scan.word(*i));
        let title_end =
            (first..=last).rev().find(|i| is_title(i) || self.complements.contains(scan.word(*i)));
        if let Some(j) = title_end
            && (first..=j).any(|i| is_title(&i))
        {
            // "Director of Intelligence", "Commissioner for Refugees": the office's domain; "the
            // General Election" is a vote; "General Motors" a company ("General" is the title
            // that opens company names; "Lord Steel" is a person), and so is "General" before
            // a common word that is no given name ("General Acquisition", "the Turkish General
            // Staff", "the General Agreement on Tariffs": persons "Acquisition", "Staff",
            // "Agreement" 41 times on the bench news; "General Musharraf" and "General Grant"
            // are persons). Not after an office that "General" completes ("Attorney General
            // Sessions", "Inspector General Fine", "Major General Wood"): a person's surname.
            let one_word = j + 1 == last;
            // (And a meeting, a strike or an admission: "the Annual General Meeting", "the
            // General Strike of 1926".)
            let vote = one_word
                && (LAWS_AND_VOTES.contains(&scan.word(last))
                    || matches!(scan.word(last), "Admission" | "Meeting" | "Strike"));
            let office_general = j > first && GENERAL_OFFICES.contains(&scan.word(j - 1));
            let firm_word = |word: &str| {
                COMPANY_HEADS.contains(&word)
                    || !office_general && !self.is_given_name(word) && is_common_word(word)
            };
            if one_word && scan.word(j) == "General" && !vote {
                // (An office after it names no one: "FECSA's General Manager".)
                if crate::lexicon::is_office_or_rank(scan.word(last)) {
                    return;
                }
                if firm_word(scan.word(last)) {
                    out.push(candidate(scan, j, last, Some(EntityKind::Org), CONFIDENCE_RULE));
                    return;
                }
            }
            if j < last && !matches!(scan.word(j), "of" | "for") && !vote {
                self.person(scan, j + 1, last, out);
            }
            return;
        }

        // "of"/"for" belong inside organisation names only; elsewhere they separate names.
        if let Some(split) = (first..=last).find(|i| matches!(scan.word(*i), "of" | "for")) {
            self.classify_segment(scan, first..split, after_role, out);
            self.classify_segment(scan, split + 1..last + 1, false, out);
            return;
        }

        // "told Parliament", "in Cabinet": a country's legislature or government, alone (the
        // tagger names it with the country, `qualify_bodies`). The model had left 150 of the
        // bench news's "Parliament" untagged, where "Congress" and "Senate" are the tables'.
        if len == 1 && crate::lexicon::BARE_BODIES.contains(&scan.word(first)) {
            out.push(candidate(scan, first, last, Some(EntityKind::Org), CONFIDENCE_RULE));
            return;
        }
        // (A given name opens the names of places, buildings, events and shows too: "Myrtle
        // Beach", "Clare College", "Colin McRae Rally", "Doris Day Show"; and the "U" of "U.S."
        // ends no person's name: "Beatrice U.S. Food Corp".)
        let named_thing = || {
            let end = scan.word(last);
            let at_end = &scan.text[scan.words[last].start..];
            NAMED_THINGS.contains(&end)
                || crate::combine::is_building_word(end)
                || crate::lexicon::is_event_or_prize(
                    &scan.text[scan.words[first].start..scan.words[last].end],
                    |_| false,
                )
                || ["U.S.", "U.K.", "U.N."].iter().any(|a| at_end.starts_with(a))
        };
        let given = len >= 2 && self.is_given_name(scan.word(first)) && !named_thing();
        if (after_role || given) && len <= MAX_PERSON_WORDS {
            self.person(scan, first, last, out);
        } else if len <= MAX_UNTYPED_WORDS {
            out.push(candidate(scan, first, last, None, CONFIDENCE_SHAPE));
        }
    }

    fn person(&self, scan: &Scan<'_>, first: usize, last: usize, out: &mut Vec<Candidate>) {
        if last + 1 - first <= MAX_PERSON_WORDS && starts_upper(scan.word(first)) {
            out.push(candidate(scan, first, last, Some(EntityKind::Person), CONFIDENCE_RULE));
        }
    }
}

fn candidate(
    scan: &Scan<'_>,
    first: usize,
    last: usize,
    kind: Option<EntityKind>,
    confidence: u8,
) -> Candidate {
    Candidate {
        start: scan.words[first].start,
        end: scan.words[last].end,
        kind,
        label: Label::Surface,
        confidence,
    }
}

impl SpanProposer for Rules {
    fn propose(&self, scan: &Scan<'_>, out: &mut Vec<Candidate>) {
        let n = scan.words.len();
        let mut i = 0;
        while i < n {
            // Lower-case words are most words and start no name: skip them before slicing.
            if scan.text.as_bytes()[scan.words[i].start].is_ascii_lowercase() {
                i += 1;
                continue;
            }
            if !self.is_name_word(scan.word(i)) || scan.word(i).bytes().all(|b| b.is_ascii_digit()) {
                i += 1;
                continue;
            }
            // Nor does a name start inside a dotted abbreviation: the "S" of "the U.S. Internal
            // Revenue Service" had made "S. Internal Revenue Service" an organisation.
            if i > 0 && scan.gap_after(i - 1) == "." {
                i += 1;
                continue;
            }
            let first = i;
            let mut last = i;
            'extend: while self.joins(scan, last) && last + 1 < n {
                // Up to two lower-case particles may sit between capitalised words ("von der").
                let mut next = last + 1;
                for _ in 0..3 {
                    let word = scan.word(next);
                    if self.is_name_word(word) {
                        last = next;
                        continue 'extend;
                    }
                    if !self.particles.contains(word) || !self.joins(scan, next) || next + 1 >= n {
                        break;
                    }
                    next += 1;
                }
                break;
            }
            self.classify(scan, first, last, out);
            i = last + 1;
        }
        call_signs(scan, out);
    }
}

/// A radio station's call sign, in a text about radio: a digit and two capitals ("6PR", "3AW",
/// "4BC", Australia's AM stations), an organisation the model did not know (22 times unfound
/// in one wikigold article). Only where "radio" is written, and never a unit's letters ("2GB",
/// "5MB", "3KW", "4PM" are sizes, powers and times), as "3D" or "4WD" are other things too.
fn call_signs(scan: &Scan<'_>, out: &mut Vec<Candidate>) {
    const UNITS: &[&str] =
        &["AM", "DS", "GB", "GL", "GW", "HP", "KB", "KW", "MB", "MW", "PB", "PM", "TB", "WD"];
    // (Read as bytes, by its length first: this is asked of every word.)
    let is_call_sign = |i: usize| {
        let w = scan.words[i];
        let b = &scan.text.as_bytes()[w.start..w.end];
        b.len() == 3
            && matches!(b[0], b'1'..=b'9')
            && b[1..].iter().all(u8::is_ascii_uppercase)
            && !UNITS.contains(&&scan.text[w.start + 1..w.end])
    };
    // (The text is searched for "radio" only once a word looks like a call sign: few do.)
    let about_radio = std::cell::OnceCell::new();
    for i in 0..scan.words.len() {
        if is_call_sign(i)
            && *about_radio.get_or_init(|| scan.text.contains("radio") || scan.text.contains("Radio"))
        {
            out.push(candidate(scan, i, i, Some(EntityKind::Org), CONFIDENCE_RULE));
        }
    }
}
