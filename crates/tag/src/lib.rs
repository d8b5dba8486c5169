//! copydesk tag stage: gazetteer and rule-based entity tagging with canonical names.
//!
//! Proposers ([`proposer::SpanProposer`]: the gazetteer, capitalisation rules, date rules)
//! suggest spans; [`resolve`] picks among them, links mentions within the document and gives
//! every entity a canonical name and an id that is the same for every spelling of it.

mod canonical;
mod combine;
mod currency;
mod dates;
mod definitions;
mod gazetteer;
mod lexicon;
pub mod ner;
mod proposer;
mod resolve;
mod rules;
mod text;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use copydesk_core::{
    BuildContext, Document, EntityKind, OptionError, Output, Registry, Stage, StageError, StageOptions,
};
use serde::{Deserialize, Serialize};

use crate::combine::{ModelSpan, combine};
use crate::dates::Dates;
use crate::gazetteer::Gazetteer;
use crate::ner::tokens::Token;
use crate::ner::{NerModel, features};
use crate::proposer::{Candidate, Label, SpanProposer};
use crate::resolve::Resolution;
use crate::rules::Rules;
use crate::text::{Scan, Word, scan_words};

pub fn register(registry: &mut Registry) {
    registry.add_stage::<TagOptions, Tagger, _>(
        "tag",
        "tag PERSON, ORG, GPE, LOC, NORP and DATE mentions with canonical names and stable ids",
        true,
        build,
    );
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TagOptions {
    /// Entity types to emit.
    pub types: Vec<String>,
    /// A directory of extra alias tables (`*.tsv`, same columns as the built-in ones).
    pub gazetteer_dir: Option<PathBuf>,
    /// Tag names the gazetteer does not know by capitalisation and context.
    pub rules: bool,
    /// Link short mentions ("Putin") to full names in the same document.
    pub link_mentions: bool,
    /// Find names with the statistical model (trained on CoNLL-2003); off: gazetteer and rules only.
    pub model: bool,
    /// Run the model's second pass (document-level aggregation of the first pass's labels);
    /// off: the first pass alone, a quarter less tagging time and about 0.4 F1 less on eng.testa.
    pub second_pass: bool,
    /// The languages (ISO 639-3, as normalize detects them) whose documents are tagged: the
    /// model and tables are English. Others pass through untagged; empty: tag every document.
    pub languages: Vec<String>,
}

impl Default for TagOptions {
    fn default() -> Self {
        TagOptions {
            types: EntityKind::ALL.iter().map(|k| k.as_str().to_string()).collect(),
            gazetteer_dir: None,
            rules: true,
            link_mentions: true,
            model: true,
            second_pass: true,
            languages: vec!["eng".to_string()],
        }
    }
}

impl StageOptions for TagOptions {
    const HELP: &'static [(&'static str, &'static str)] = &[
        ("types", "entity types to emit: PERSON, ORG, GPE, LOC, NORP, DATE"),
        (
            "gazetteer_dir",
            "directory of extra alias tables (*.tsv: canonical, type, qid, aliases separated by |); \
             their aliases override the built-in ones. An `eras.tsv` there (canonical name, year \
             from which an entry is used) and a `dated.tsv` (name, canonical name, first year, last \
             year: the entry a name is in a document of those years) replace the built-in rows \
             for what they name",
        ),
        ("rules", "tag unknown names by capitalisation, titles, given names and organisation words"),
        (
            "link_mentions",
            "link short mentions (\"Putin\", \"President Zelensky\") to full names in the same document",
        ),
        ("model", "find names with the statistical model (averaged perceptron trained on CoNLL-2003)"),
        (
            "second_pass",
            "run the model's second pass, which reads how the first labelled each word elsewhere in the \
             document; off: a quarter less tagging time, slightly less accurate",
        ),
        (
            "languages",
            "tag only documents in these languages (ISO 639-3 codes, as normalize detects them; the model and \
             tables are English); documents in another detected language pass through untagged and are \
             counted as other_language; documents with no detected language are tagged; [] tags all",
        ),
    ];
}

/// Everything built once and shared by every worker.
struct Model {
    gazetteer: Gazetteer,
    rules: Rules,
    dates: Dates,
    use_rules: bool,
    link_mentions: bool,
    emit: [bool; 6],
    /// [`TagOptions::languages`].
    languages: Vec<String>,
    ner: Option<Arc<NerModel>>,
    second_pass: bool,
}

/// The tag stage. Cloned once per worker: the model is shared, the scratch buffers are not.
#[derive(Clone)]
pub struct Tagger {
    model: Arc<Model>,
    words: Vec<Word>,
    candidates: Vec<Candidate>,
    scratch: NerBuffers,
}

/// A worker's buffers for the statistical model.
#[derive(Clone, Default)]
struct NerBuffers {
    scratch: ner::Scratch,
    tokens: Vec<Token>,
    sentences: Vec<std::ops::Range<usize>>,
    codes: Vec<u8>,
    tags: Vec<u8>,
    spans: Vec<(usize, usize, u8)>,
    model_spans: Vec<ModelSpan>,
    misc: Vec<(usize, usize)>,
    /// The gazetteer's matches the model sees as features ([`Gazetteer::scan`]).
    features: Vec<(usize, usize, u8)>,
}

/// The built-in model, loaded once per process and shared by every tagger.
fn builtin_model() -> Result<Arc<NerModel>, String> {
    static MODEL: std::sync::OnceLock<Result<Arc<NerModel>, String>> = std::sync::OnceLock::new();
    MODEL.get_or_init(|| NerModel::builtin().map(Arc::new)).clone()
}

fn build(options: TagOptions, ctx: &BuildContext<'_>) -> Result<Tagger, Vec<OptionError>> {
    let mut emit = [false; 6];
    let mut problems = Vec::new();
    for (i, name) in options.types.iter().enumerate() {
        match name.parse::<EntityKind>() {
            Ok(kind) => emit[kind as usize] = true,
            Err(err) => problems.push(OptionError::new(format!("types[{i}]"), err)),
        }
    }
    for (i, lang) in options.languages.iter().enumerate() {
        if lang.len() != 3 || !lang.bytes().all(|b| b.is_ascii_lowercase()) {
            let message =
                format!("`{lang}` is not an ISO 639-3 code (three lower-case letters, such as `eng`)");
            problems.push(OptionError::new(format!("languages[{i}]"), message));
        }
    }
    // The gazetteer directory is checked too before any problem is reported, every table that
    // can be read row by row: all at once.
    let extra = match &options.gazetteer_dir {
        Some(dir) => {
            let (tables, unreadable) = read_tables(&ctx.resolve(dir));
            problems.extend(unreadable);
            tables
        }
        None => Vec::new(),
    };
    let gazetteer = match Gazetteer::load(&extra) {
        Ok(gazetteer) if problems.is_empty() => gazetteer,
        Ok(_) => return Err(problems),
        Err(rows) => {
            problems.extend(table_problems(rows));
            return Err(problems);
        }
    };
    tracing::debug!(entries = gazetteer.len(), "tag gazetteer built");
    let ner = if options.model {
        Some(builtin_model().map_err(|err| OptionError::new("model", err))?).filter(|m| !m.is_empty())
    } else {
        None
    };
    let model = Model {
        ner,
        second_pass: options.second_pass,
        gazetteer,
        rules: Rules::new(),
        dates: Dates,
        use_rules: options.rules,
        languages: options.languages,
        link_mentions: options.link_mentions,
        emit,
    };
    Ok(Tagger {
        model: Arc::new(model),
        words: Vec::new(),
        candidates: Vec::new(),
        scratch: NerBuffers::default(),
    })
}

/// The problems of the gazetteer's tables as the config's, each naming its file and line: the
/// first [`TABLE_PROBLEMS_SHOWN`], then how many more (a table of another format would have one
/// a row).
fn table_problems(problems: Vec<gazetteer::TableError>) -> Vec<OptionError> {
    let more = problems.len().saturating_sub(TABLE_PROBLEMS_SHOWN);
    let mut shown: Vec<OptionError> = problems
        .into_iter()
        .take(TABLE_PROBLEMS_SHOWN)
        .map(|problem| OptionError::new("gazetteer_dir", problem.0))
        .collect();
    if more > 0 {
        let problems = if more == 1 { "problem" } else { "problems" };
        shown.push(OptionError::new("gazetteer_dir", format!("and {more} more {problems} in the tables")));
    }
    shown
}

/// The problems in the gazetteer's tables listed one by one.
const TABLE_PROBLEMS_SHOWN: usize = 20;

/// The year of a `published` date as normalize writes it (`2022-02-03`; a year alone, `2022`),
/// else none: the first four characters of an epoch or another format are no year.
fn published_year(published: &str) -> Option<i32> {
    let year = published.get(..4).filter(|y| y.bytes().all(|b| b.is_ascii_digit()))?;
    matches!(published.as_bytes().get(4), None | Some(b'-')).then(|| year.parse().ok())?
}

/// Every `*.tsv` in `dir` (the extension in any case), by file name, as (path, contents), a
/// byte-order mark at a table's start left out; and a problem for each that cannot be read (a
/// table saved in Latin-1 by a spreadsheet, by the line its first such byte is on; a folder
/// named `x.tsv`), the others read all the same, so that one check lists them all.
fn read_tables(dir: &std::path::Path) -> (Vec<(String, String)>, Vec<OptionError>) {
    let problem = |message: String| OptionError::new("gazetteer_dir", message);
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => return (Vec::new(), vec![problem(format!("{}: {err}", dir.display()))]),
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("tsv")))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return (Vec::new(), vec![problem(format!("{}: no *.tsv tables", dir.display()))]);
    }
    let (mut tables, mut problems) = (Vec::new(), Vec::new());
    for path in paths {
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(err) => {
                problems.push(problem(format!("{}: {err}", path.display())));
                continue;
            }
        };
        match String::from_utf8(bytes) {
            Ok(contents) => {
                let contents = contents.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(contents);
                tables.push((path.display().to_string(), contents));
            }
            Err(err) => {
                let bad = err.utf8_error().valid_up_to();
                let line = 1 + err.as_bytes()[..bad].iter().filter(|&&b| b == b'\n').count();
                problems.push(problem(format!(
                    "{}:{line}: not UTF-8 (byte {:#04x}): save the table as UTF-8",
                    path.display(),
                    err.as_bytes()[bad]
                )));
            }
        }
    }
    (tables, problems)
}

impl Tagger {
    /// The entities of `text`, sorted by start, whenever it was published.
    #[cfg(test)]
    fn tag(&mut self, text: &str) -> Vec<copydesk_core::Entity> {
        self.tag_published(text, None)
    }

    /// The entities of `text` published in `year` (if known), sorted by start.
    fn tag_published(&mut self, text: &str, year: Option<i32>) -> Vec<copydesk_core::Entity> {
        // The model's tokens are needed by the model only: gazetteer and rules work on words.
        if self.model.ner.is_some() {
            let b = &mut self.scratch;
            ner::tokens::tokenize(text, &mut b.tokens, &mut b.sentences);
        }
        self.tag_tokens(text, year)
    }

    /// The entities of `text` tokenised into `self.scratch.tokens` and `.sentences`. Model
    /// MISC spans that are no entity are left in `self.scratch.misc`.
    fn tag_tokens(&mut self, text: &str, year: Option<i32>) -> Vec<copydesk_core::Entity> {
        let model = &*self.model;
        scan_words(text, &mut self.words);
        let scan = Scan { text, words: &self.words };
        self.candidates.clear();
        let b = &mut self.scratch;
        b.features.clear();
        model.gazetteer.scan(text, &mut self.candidates, &mut b.features);
        // The tables' entries of a later year than the text's name something else then
        // (`eras.tsv`), and a market's name before "average" or "index" names its stock index:
        // the model's span there, if any, stands (a MISC one is no entity, but CoNLL's MISC).
        // (The model's features are the tables' as trained, whatever the year.)
        let gazetteer = &model.gazetteer;
        self.candidates.retain(|c| match c.label {
            Label::Entry(e) => gazetteer.current(e, year) && !lexicon::is_stock_index(text, c.start, c.end),
            _ => true,
        });
        b.misc.clear();
        if let Some(ner) = &model.ner {
            features::gazetteer_codes(&b.tokens, b.features.iter().copied(), &mut b.codes);
            if model.second_pass {
                ner.tag(text, &b.tokens, &b.sentences, &b.codes, &mut b.scratch, &mut b.tags);
            } else {
                ner.tag_first(text, &b.tokens, &b.sentences, &b.codes, &mut b.scratch, &mut b.tags);
            }
        }
        model.dates.propose(&scan, &mut self.candidates);
        if model.use_rules {
            model.rules.propose(&scan, &mut self.candidates);
        }
        if model.ner.is_some() {
            ner::spans(&b.tags, &mut b.spans);
            take_in_brackets(text, &b.tokens, &mut b.spans);
            join_company_suffixes(text, &b.tokens, &mut b.spans);
            join_club_marks(text, &b.tokens, &mut b.spans);
            join_and_company(text, &b.tokens, &mut b.spans, &model.gazetteer);
            join_firm_names(text, &b.tokens, &mut b.spans, &model.gazetteer, year, |w| {
                model.rules.is_given_name(w)
            });
            split_listed_names(text, &b.tokens, &mut b.spans, &model.gazetteer);
            b.model_spans.clear();
            // A name neither starts nor ends with a punctuation token, other than a bracket
            // that opens or closes it ("Mladost (L)" is a club's name): the model sometimes
            // runs a span on over the slash of "European/Mediterranean".
            let word = |t: &Token| text[t.range()].chars().any(char::is_alphanumeric);
            let opens = |t: &&Token| word(t) || matches!(&text[t.range()], "(" | "[");
            let closes = |t: &&Token| word(t) || matches!(&text[t.range()], ")" | "]");
            // Nor does a person's name start with an honorific ("Mr. Greenspan" is Greenspan,
            // who can then be linked to "Alan Greenspan"), or hold an office or a rank
            // ("Treasurer Paul Keating", "Gen Musharraf", "Carnegie Mellon Professor Raj
            // Reddy"): the model sometimes takes them in.
            let honorific = |t: &Token| lexicon::is_honorific(&text[t.range()]);
            let office = |t: &Token| lexicon::is_office_or_rank(&text[t.range()]);
            // A place's compass word ("West Germany", "East Timor") that opens a sentence is left
            // out of the model's span there, as sentence openers are: it is taken back in when
            // nothing that could be a name comes before it (not "Mae West Hollywood films").
            let compass = |t: &Token| {
                matches!(
                    &text[t.range()],
                    "East" | "West" | "North" | "South" | "Eastern" | "Western" | "Northern" | "Southern"
                )
            };
            b.model_spans.extend(b.spans.iter().enumerate().filter_map(|(i, &(first, last, kind))| {
                // (Not out of the span before: spans hold tokens `first..last`.)
                let free = i == 0 || b.spans[i - 1].1 < first;
                let clear_before = |at: usize| {
                    at == 0 || {
                        let word = &text[b.tokens[at - 1].range()];
                        !word.starts_with(char::is_uppercase)
                            || lexicon::STOPWORDS.binary_search(&word).is_ok()
                    }
                };
                let first = match first.checked_sub(1).map(|i| &b.tokens[i]) {
                    Some(before)
                        if kind == 2
                            && free
                            && compass(before)
                            && text[before.end as usize..].starts_with(' ')
                            && clear_before(first - 1) =>
                    {
                        first - 1
                    }
                    _ => first,
                };
                let mut tokens = &b.tokens[first..last];
                // An honorific alone is no name ("Fr. Michael Kelly", where the full stop ended
                // the model's span; "Fr 100"); before a given name it opens a person's, whatever
                // type the model gave it ("Fr Francisco Sousa"), not a brand's ("Dr Pepper").
                if tokens.len() == 1 && honorific(&tokens[0]) {
                    return None;
                }
                let kind = if kind != 0
                    && tokens.len() > 1
                    && honorific(&tokens[0])
                    && model.rules.is_given_name(&text[tokens[1].range()])
                {
                    0
                } else {
                    kind
                };
                // (Not where only a suffix is left: "Tom Sheriff Jr.", "John Marshal III". A
                // "DJ" only before a full name or a given name, "DJ Howard Stern": it opens
                // stage names of one word, "DJ Shadow", "DJ AM".)
                if kind == 0
                    && let Some(at) = tokens[..tokens.len().saturating_sub(1)].iter().rposition(office)
                    && !tokens[at + 1..].iter().all(|t| lexicon::is_name_suffix(&text[t.range()]))
                    && (&text[tokens[at].range()] != "DJ"
                        || tokens.len() > at + 2
                        || model.rules.is_given_name(&text[tokens[at + 1].range()]))
                {
                    tokens = &tokens[at + 1..];
                    // What is left is an office too: the span named no one ("the Lord Chief
                    // Justice"). (An office the model found alone may be a surname: "Bruce
                    // Judge", then "Judge's offer".)
                    if tokens.len() == 1 && office(&tokens[0]) {
                        return None;
                    }
                }
                // An office alone right after another office or "General" names no one either
                // ("The Chief Justice ruled", "its General Counsel"); after an honorific it is a
                // surname ("Mr Judge"). Nor does an office after "Vice" ("Vice President", "Vice
                // Chairman of Nikko"; "Vice" before another word is a name's: "Vice City").
                if kind == 0
                    && tokens.len() == 1
                    && office(&tokens[0])
                    && first.checked_sub(1).is_some_and(|before| {
                        office(&b.tokens[before]) || &text[b.tokens[before].range()] == "General"
                    })
                {
                    return None;
                }
                if kind == 0
                    && let [vice, holder] = tokens
                    && &text[vice.range()] == "Vice"
                    && office(holder)
                {
                    return None;
                }
                // A clergy's title opens no name, before a full name ("Rabbi Marvin Hier",
                // "Pope John Paul II") or a given name; before one other word it
                // may be the given name ("Pastor Maldonado", "Bishop Sankey"), and it names
                // places and bodies ("the Bishop Museum", "Bishop Gorman High School").
                let clergy_before_name = |tokens: &[Token]| {
                    let rest = &tokens[1..];
                    lexicon::is_clergy_title(&text[tokens[0].range()])
                        && match rest {
                            [] => false,
                            [one] => model.rules.is_given_name(&text[one.range()]),
                            _ => !rest.iter().any(|t| {
                                let word = &text[t.range()];
                                lexicon::is_org_or_company_word(word)
                                    || crate::combine::is_facility_word(word)
                            }),
                        }
                };
                while kind == 0 && tokens.len() > 1 && (honorific(&tokens[0]) || clergy_before_name(tokens)) {
                    tokens = &tokens[1..];
                }
                // Nor does a name start with a drop cap's "THE" (AG News: "THE Football
                // Association yesterday insisted…"), where the name is not in capitals ("THE
                // HAGUE" is the name).
                if tokens.len() > 1
                    && &text[tokens[0].range()] == "THE"
                    && text[tokens[1].range()].chars().any(char::is_lowercase)
                {
                    tokens = &tokens[1..];
                }
                let (tokens, kind) = trim_run_on(text, tokens, kind);
                let start = tokens.iter().find(opens)?.start as usize;
                let end = tokens.iter().rfind(closes)?.end as usize;
                Some(ModelSpan { start, end, kind })
            }));
            combine(&model.gazetteer, text, &mut b.model_spans, &mut self.candidates, &mut b.misc, |w| {
                model.rules.is_given_name(w)
            });
        }
        combine::drop_award_demonyms(&model.gazetteer, text, &mut self.candidates);
        let resolution = Resolution {
            gazetteer: &model.gazetteer,
            rules: &model.rules,
            link_mentions: model.link_mentions,
            year,
        };
        let mut entities = resolution.resolve(text, &mut self.candidates);
        currency::drop_currencies(&model.gazetteer, text, &mut entities);
        resolve::towns_before_states(text, &mut entities, |w| model.rules.is_given_name(w));
        resolve::persons_read_as_organisations(text, &mut entities, &model.gazetteer);
        resolve::persons_of_common_words(text, &mut entities, &model.gazetteer, |w| {
            model.rules.is_given_name(w)
        });
        resolve::firms_after_their_first_word(&mut entities);
        resolve::given_names_read_as_places(text, &mut entities, &model.gazetteer, |w| {
            model.rules.is_given_name(w)
        });
        // A table's name may open with "the" for its match ("the Caribbean": "Caribbean" alone
        // is an adjective too); the mention is the name after it, as CoNLL has it. (The model's
        // features, trained with the tables, still see the whole match.)
        for e in entities.iter_mut().filter(|e| e.kind != EntityKind::Date) {
            if let Some(name) = e.text.strip_prefix("the ") {
                e.text = name.to_string();
                e.start += "the ".len();
            }
        }
        entities.retain(|e| !lexicon::INSTRUMENTS.contains(&e.text.as_str()));
        // (Filtered last: which type a name takes does not hang on which types are emitted.)
        entities.retain(|e| model.emit[e.kind as usize]);
        entities
    }
}

/// The model runs a span on past the name. A name does not end in "of" or another function
/// word, with or without words in lower case or figures after it ("the Paris Club of western
/// creditor governments", "accusing the West of letting", "the Citizens and Canal Banks of the
/// 1800s"), nor in a common noun for what the name is, written in lower case ("its Data Systems
/// division"). `tokens` are a span's, `kind` its type; a family's name is a person's ("the
/// Bass family").
fn trim_run_on<'t>(text: &str, mut tokens: &'t [Token], mut kind: u8) -> (&'t [Token], u8) {
    // The name ends before the first function word of its last words without a capital,
    // where a word in lower case or nothing comes after it (figures alone are a name's: "the
    // Group of 77", "Committee of 100").
    let capital = |t: &Token| text[t.range()].starts_with(char::is_uppercase);
    let tail = tokens.iter().rposition(capital).map_or(0, |at| at + 1);
    if let Some(at) = tokens[tail..].iter().position(|t| {
        matches!(
            &text[t.range()],
            "of" | "the"
                | "and"
                | "for"
                | "in"
                | "on"
                | "at"
                | "to"
                | "by"
                | "with"
                | "from"
                | "a"
                | "an"
                | "or"
        )
    }) && tail + at > 0
        && (tail + at + 1 == tokens.len()
            || tokens[tail + at + 1..].iter().any(|t| text[t.range()].starts_with(char::is_lowercase)))
    {
        tokens = &tokens[..tail + at];
    }
    // ("the Blue Gene/L machine", "Time magazine", "Michigan State football".)
    while let [rest @ .., last] = tokens
        && !rest.is_empty()
    {
        match &text[last.range()] {
            "division" | "divisions" | "unit" | "subsidiary" | "machine" | "magazine" | "football"
            | "team" | "affair" | "common" | "audit" | "audits" => {}
            "family" => kind = 0,
            _ => break,
        }
        tokens = rest;
    }
    (tokens, kind)
}

/// The model sometimes ends a company's name before its legal suffix: "Jefferies" + "and Co
/// Inc", "Industrial Equity" + "(Pacific) Ltd", "Jardine Fleming" + "(Securities) Ltd". A span
/// of suffixes alone ("Co Inc", "Ltd"), or of a bracketed word or three and suffixes
/// ("(Securities) Ltd"), is joined, as one organisation, to the span that ends where the name
/// before it must end: before "and" or "&", or before the brackets (any span inside them goes
/// into it), or, for a name that took the brackets in already, right before the suffixes
/// ("Sumitomo Finance (Asia)" + "Ltd"). Alone it is no name and is dropped. `spans` are (first
/// token, last token + 1, type) as [`ner::spans`] gives them, brackets already taken in
/// ([`take_in_brackets`]).
fn join_company_suffixes(text: &str, tokens: &[Token], spans: &mut Vec<(usize, usize, u8)>) {
    let word = |i: usize| &text[tokens[i].range()];
    let suffix = |i: usize| lexicon::is_company_suffix(word(i));
    // In place: the spans kept so far are `spans[..kept]`.
    let mut kept = 0;
    for i in 0..spans.len() {
        let (first, last, _) = spans[i];
        let bracketed = word(first) == "(";
        // Where the suffixes start: the span's start, or after its bracketed words.
        let suffixes = if bracketed {
            (first + 1..last).find(|&i| word(i) == ")").map(|close| close + 1).filter(|&s| s < last)
        } else {
            Some(first)
        };
        if !suffixes.is_some_and(|s| (s..last).all(suffix)) {
            spans[kept] = spans[i];
            kept += 1;
            continue;
        }
        // Where the name before the suffixes must end: never across a line break, and past
        // one pair of brackets with words in it ("(Pacific)"), not "( ) )".
        let is_bracket = |i: usize| matches!(word(i), "(" | ")");
        let name_end = match first.checked_sub(1).map(word) {
            _ if bracketed => Some(first),
            Some("and" | "&") => Some(first - 1),
            Some(")") => (first.saturating_sub(5)..first - 1)
                .rev()
                .find(|&i| word(i) == "(")
                .filter(|&i| i + 2 < first && !(i + 1..first - 1).any(is_bracket)),
            _ => None,
        };
        let Some(name_end) = name_end else { continue };
        let crosses_a_line =
            |from: usize| text[tokens[from].start as usize..tokens[first].start as usize].contains('\n');
        if name_end > 0 && crosses_a_line(name_end - 1) {
            continue;
        }
        // Drop the spans inside the brackets; join the one that ends at the name's end, or
        // after the brackets it took in.
        while kept > 0 && spans[kept - 1].0 >= name_end {
            kept -= 1;
        }
        let took_brackets = |end: usize| end == first && word(first - 1) == ")";
        if kept > 0 && (spans[kept - 1].1 == name_end || took_brackets(spans[kept - 1].1)) {
            spans[kept - 1] = (spans[kept - 1].0, last, 1);
        }
    }
    spans.truncate(kept);
}

/// A football club's mark: "Sydney FC", "Valencia CF", "AFC Ajax", "FC Lausanne-Sport" (not
/// "SC", a state's, nor "AC", a current's).
const CLUB_MARKS: &[&str] = &["AFC", "CF", "FC"];

/// A club's mark right after a span or right before one, a space apart, or inside one at
/// either end, makes one club's span of them, an organisation: the model reads "Perth Glory
/// lost to Sydney FC" as the place Sydney and an organisation "FC", and "FC Lausanne-Sport" as
/// "FC" and a place, or as a person. The mark's own span, if any, is taken in. `spans` are
/// (first token, last token + 1, type).
fn join_club_marks(text: &str, tokens: &[Token], spans: &mut Vec<(usize, usize, u8)>) {
    let mark = |i: usize| tokens.get(i).is_some_and(|t| CLUB_MARKS.contains(&&text[t.range()]));
    let a_space_apart = |i: usize| text[tokens[i].end as usize..tokens[i + 1].start as usize] == *" ";
    let mut kept = 0;
    for i in 0..spans.len() {
        let (mut first, mut last, mut kind) = spans[i];
        let alone = |first: usize, last: usize| last == first + 1 && mark(first);
        if alone(first, last) {
            // Taken in already by the span before ("Valencia" + "CF").
            if kept > 0 && spans[kept - 1].1 > first {
                continue;
            }
            // The mark's own span joins the span before it, if right before ("Sydney FC").
            if kept > 0 && spans[kept - 1].1 == first && a_space_apart(first - 1) {
                spans[kept - 1] = (spans[kept - 1].0, last, 1);
                continue;
            }
        } else {
            // A club's name the model found with its mark, whatever type it gave it ("FC
            // Lausanne-Sport" as a person's).
            if mark(first) || mark(last - 1) {
                kind = 1;
            }
            // (Not a mark that opens the next span: "Sydney FC Barcelona".)
            let next_free = spans.get(i + 1).is_none_or(|next| next.0 > last);
            if last < tokens.len() && mark(last) && a_space_apart(last - 1) && next_free {
                last += 1;
                kind = 1;
            }
            // (Not a mark the span before took in: "Sydney FC Barcelona".)
            let free = |at: usize| {
                kept == 0 || spans[kept - 1].1 <= at || alone(spans[kept - 1].0, spans[kept - 1].1)
            };
            if first > 0 && mark(first - 1) && a_space_apart(first - 1) && free(first - 1) {
                first -= 1;
                kind = 1;
                // Its own span, right before, is taken in ("FC" + "Lausanne-Sport").
                if kept > 0 && spans[kept - 1].0 == first && alone(spans[kept - 1].0, spans[kept - 1].1) {
                    kept -= 1;
                }
            }
        }
        spans[kept] = (first, last, kind);
        kept += 1;
    }
    spans.truncate(kept);
}

/// Whether the capitalised word that is token `at` is a common noun, not a firm's first name:
/// the text writes it in lower case too ("Investors and Merrill Lynch ... investors").
fn common_noun_at(text: &str, tokens: &[Token], at: usize) -> bool {
    crate::text::has_word(text, &text[tokens[at].range()].to_lowercase())
}

/// Whether token `at` is a plural opening a sentence or a line, a common noun there
/// ("Shareholders and Texaco Inc <TX>"; a firm's name too may end so, "Jefferies and Co").
fn plural_opening_sentence(text: &str, tokens: &[Token], at: usize) -> bool {
    let word = &text[tokens[at].range()];
    let opens_sentence = || {
        at == 0 || {
            let before = &text[tokens[at - 1].range()];
            text[tokens[at - 1].end as usize..tokens[at].start as usize].contains('\n')
                || matches!(before, "." | "!" | "?" | ":" | "\"")
        }
    };
    word.ends_with('s') && !word.ends_with("ss") && opens_sentence()
}

/// "<a name> and Co" names a firm, whatever the model made of the name before it or of the
/// words after: "Edward D. Jones and Co.", "Touche Ross and Co", "analyst at Pershing and Co",
/// "Bowne and Co Inc said". The model often leaves "and Co" out, at a sentence's end above all;
/// where no span holds the connector and the firm's word after it ("Co", "Company", "Sons",
/// "Associates", "Partners", and the legal forms after them), the span that ends right before
/// the connector, or a capitalised word there that none holds, becomes the firm's span with
/// them, as an organisation, and takes in a capitalised word before it across a comma
/// ("Birr, Wilson and Co", "Dillon, Read and Co Inc") where the word before that is none. Not
/// "Co-backed" or "Co-partners", nor "Carr, Sons and Co" (a firm's word before the connector).
/// `spans` are (first token, last token + 1, type), legal forms already joined
/// ([`join_company_suffixes`]).
fn join_and_company(
    text: &str,
    tokens: &[Token],
    spans: &mut Vec<(usize, usize, u8)>,
    gazetteer: &Gazetteer,
) {
    const ORG: u8 = 1;
    let word = |i: usize| &text[tokens[i].range()];
    let firm_word = |i: usize| {
        matches!(
            word(i).trim_end_matches('.'),
            "Co" | "Cos" | "Company" | "Son" | "Sons" | "Associates" | "Partners"
        )
    };
    let between = |a: usize, b: usize| &text[tokens[a].end as usize..tokens[b].start as usize];
    let spaced = |a: usize| between(a, a + 1) == " ";
    let hyphened = |i: usize| text[tokens[i].end as usize..].starts_with('-');
    let is_initial = |i: usize| {
        let w = word(i).trim_end_matches('.');
        w.len() == 1 && w.bytes().all(|b| b.is_ascii_uppercase())
    };
    // (A stop word too after a comma: "Dillon, Read and Co".)
    let capitalised = |i: usize| {
        let w = word(i);
        w.chars().count() >= 2
            && w.starts_with(char::is_uppercase)
            && w.chars().all(char::is_alphabetic)
            && (lexicon::STOPWORDS.binary_search(&w).is_err() || i > 0 && word(i - 1) == ",")
            && !lexicon::is_company_suffix(w)
            && !firm_word(i)
    };
    // A name opens at `at`: the text's or a line's start, or a word before that is no
    // capitalised one.
    let opens = |at: usize| {
        at == 0 || between(at - 1, at).contains('\n') || !word(at - 1).starts_with(char::is_uppercase)
    };
    let mut k = 1;
    while k + 1 < tokens.len() {
        let connector = k;
        k += 1;
        if !matches!(word(connector), "and" | "&") || !firm_word(connector + 1) || hyphened(connector + 1) {
            continue;
        }
        if !spaced(connector - 1) || !spaced(connector) {
            continue;
        }
        let mut end = connector + 2;
        while end < tokens.len() && spaced(end - 1) && lexicon::is_company_suffix(word(end)) && !hyphened(end)
        {
            end += 1;
        }
        // Nothing holds the connector or the words after it already.
        let at = spans.partition_point(|&(first, _, _)| first < connector);
        if at > 0 && spans[at - 1].1 > connector || spans.get(at).is_some_and(|&(first, _, _)| first < end) {
            continue;
        }
        // The name: the span that ends at the connector, or a capitalised word there that opens
        // a name and is no common noun, before "Co" or "Company" ("Mothers and Sons", "Smith
        // and Partners of the firm" need the model's or the tables' word).
        let company = matches!(word(connector + 1).trim_end_matches('.'), "Co" | "Cos" | "Company");
        let (mut start, one_word) = match at.checked_sub(1).map(|i| spans[i]) {
            Some((first, last, _)) if last == connector => (first, last - first == 1),
            // (After initials, they open it: "C Itoh and Co", "A C Goode and Co Ltd".)
            _ if company && capitalised(connector - 1) && !common_noun_at(text, tokens, connector - 1) => {
                let mut first = connector - 1;
                while first > 0 && is_initial(first - 1) && between(first - 1, first) == " " {
                    first -= 1;
                }
                if !opens(first) {
                    continue;
                }
                (first, first == connector - 1)
            }
            _ => continue,
        };
        if one_word && start >= 2 && word(start - 1) == "," && between(start - 1, start) == " " {
            let before = start - 2;
            // Not a name the tables know ("in Houston, Bowne and Co said", "Goldman, Jones and
            // Co"), nor one of a longer span; the model's person or place of one word may be a
            // partner's name ("Mabon, Nugent and Co", "Marwick, Mitchell and Co").
            let free = spans.iter().all(|&(first, last, kind)| {
                last <= before || first > before || (first, last) == (before, before + 1) && kind != ORG
            }) && gazetteer.lookup_name(word(before)).is_none();
            if capitalised(before) && between(before, before + 1).is_empty() && opens(before) && free {
                start = before;
            }
        }
        spans.retain(|&(first, last, _)| last <= start || end <= first);
        let at = spans.partition_point(|&(first, _, _)| first < start);
        spans.insert(at, (start, end, ORG));
        k = end;
    }
}

/// Firms named after people, which the model reads as a person and a company ("Jones", then
/// "Vining Inc" after "and"; "Clayton and Dubilier Inc", "Kleinwort and Benson Ltd"), and firms
/// named with a given name's possessive ("Wendy", then "International Inc" after "'s";
/// "Claire's Stores Inc"). A
/// person's span of one word is joined to the organisation's span right after it, as one
/// organisation, across "and" (or "&") when that organisation is one word and legal forms,
/// and across "'s" when the organisation ends in a legal form and either the person's word is
/// a given name or the organisation's other words are a shop's or a chain's
/// ([`lexicon::is_shop_word`]): a surname's possessive is mostly an owner's ("Icahn's
/// Transworld Airlines Inc", "Murdoch's News Corp Ltd"). The firm's
/// other mentions in the document without the legal form, "Jones and Vining said" or "Wendy's
/// shares", are the firm too, whatever the model made of them. `spans` are (first token, last
/// token + 1, type), legal forms already joined ([`join_company_suffixes`]).
fn join_firm_names(
    text: &str,
    tokens: &[Token],
    spans: &mut Vec<(usize, usize, u8)>,
    gazetteer: &Gazetteer,
    year: Option<i32>,
    is_given_name: impl Fn(&str) -> bool,
) {
    const PER: u8 = 0;
    const ORG: u8 = 1;
    let word = |i: usize| &text[tokens[i].range()];
    let possessive = |i: usize| matches!(word(i), "'s" | "\u{2019}s");
    let and = |i: usize| matches!(word(i), "and" | "&");
    // ("&" and "and" are one connector: the later mention is then one span, though its id is
    // its own spelling's.)
    let same_connector = |a: usize, b: usize| possessive(a) && possessive(b) || and(a) && and(b);
    let between = |a: usize, b: usize| &text[tokens[a].end as usize..tokens[b].start as usize];
    let one_line = |from: usize, to: usize| (from..to - 1).all(|k| !between(k, k + 1).contains('\n'));
    // The name starts with the person's word: a sentence or line starts there, or the word
    // before is no capitalised one ("General" of "General Tire and Rubber Co").
    let opens_name = |at: usize| {
        at == 0 || {
            let before = word(at - 1);
            // (Not the full stop of "Mr." or of an initial.)
            let abbreviation = before
                .strip_suffix('.')
                .is_some_and(|w| w.chars().count() == 1 || lexicon::ABBREVIATIONS.contains(&w));
            between(at - 1, at).contains('\n')
                || before.ends_with(['.', '!', '?', ':']) && !abbreviation
                || !before.starts_with(char::is_uppercase)
                || lexicon::STOPWORDS.binary_search(&before).is_ok()
        }
    };
    // A person the tables know ("Trump and Resorts Inc", "Trump's Enterprises Inc"): a person
    // and a company, or an owner's company. So is the possessive of a person the document names
    // in full ("Lee Thomas", then "Thomas's Industries Inc"); but a firm is often named after
    // a person the story names ("David D. Halbert, president of Halbert and Associates Inc").
    // (The surnames are gathered once, when a candidate firm first asks: most texts have none.
    // The spans of several words this pass joins are organisations', so they stay the same.)
    let surnames: std::cell::OnceCell<HashSet<&str>> = std::cell::OnceCell::new();
    let a_person = |spans: &[(usize, usize, u8)], w: &str, connector: usize| {
        possessive(connector)
            && surnames
                .get_or_init(|| {
                    spans
                        .iter()
                        .filter(|&&(first, last, kind)| kind == PER && last - first >= 2)
                        .map(|&(_, last, _)| word(last - 1))
                        .collect()
                })
                .contains(w)
            || gazetteer
                .lookup_name(w)
                .is_some_and(|e| gazetteer.entry(e).kind == EntityKind::Person && gazetteer.current(e, year))
    };
    // The firms found, as (first token, connector, end), each name once.
    let mut firms: Vec<(usize, usize, usize)> = Vec::new();
    let mut named: HashSet<&str> = HashSet::new();
    let mut add_firm = |firms: &mut Vec<(usize, usize, usize)>,
                        (first, connector, end): (usize, usize, usize)| {
        if named.insert(&text[tokens[first].start as usize..tokens[end - 1].end as usize]) {
            firms.push((first, connector, end));
        }
    };
    // A firm's name before a stock ticker, "<word> and <a company's name and legal form>
    // <TICKER>" ("Gulf and Western Inc <GW>", "Lomas and Nettleton Financial Corp <LNF>"), or
    // of two words and legal forms, "<word> and <word> <legal forms>" ("Bell and Howell Co",
    // "Bausch and Lomb Inc", "Turner and Newall Plc"), where the model read the first word as a
    // place or as nothing. Two companies listed would have a ticker each ("Compaq <CPQ> and
    // Apple Computer Inc <AAPL>"), or a longer name, so the word before "and" opens the name,
    // whatever a table made of it ("Gulf", a sea), unless the model or the tables name it an
    // organisation or a person ("IBM and Hitachi Ltd") or a country, a state or a town ("Texas
    // and Texaco Inc"), the tables know the company after "and" by itself ("Ford and General
    // Motors Corp <GM>": a later mention of two firms needs no second ticker), or the word is a
    // common noun: the text writes it in lower case too, or it is a plural opening a sentence
    // ("Shareholders and Texaco Inc"). (A person's span of one word is joined below.) Two
    // firms listed without a ticker read as one ("Shares of Kodak and Xerox Corp rose"), even
    // where the text writes the first alone later: so does a firm's short name ("Turner and
    // Newall Plc", then "Turner said"), the more common case on the bench news.
    // Whether the tables, the document or its case make a word no firm's first word, asked
    // once per word, of the words of the text and the first words of the model's organisations
    // gathered once: a document of thousands of such names scans neither for each.
    let mut asked: HashMap<&str, bool> = HashMap::new();
    let text_words: std::cell::OnceCell<HashSet<&str>> = std::cell::OnceCell::new();
    let organisations_first_words: std::cell::OnceCell<HashSet<&str>> = std::cell::OnceCell::new();
    // A span this pass has joined into the next, to go at the end (removing each at once moved
    // the rest of the spans each time).
    const JOINED: u8 = u8::MAX;
    let mut j = 0;
    while j < spans.len() {
        let (next, end, kind) = spans[j];
        j += 1;
        let named = kind == ORG
            && next >= 2
            && and(next - 1)
            && end - next >= 2
            && lexicon::is_company_suffix(word(end - 1))
            && !lexicon::is_company_suffix(word(next))
            && (lexicon::ticker_follows(text, tokens[end - 1].end as usize)
                || (next + 1..end).all(|k| lexicon::is_company_suffix(word(k))));
        if !named {
            continue;
        }
        let at = next - 2;
        let first = word(at);
        let capitalised = first.chars().count() >= 2
            && first.starts_with(char::is_uppercase)
            && first.chars().all(char::is_alphabetic)
            && lexicon::STOPWORDS.binary_search(&first).is_err();
        // The span before, if it holds the word: the word's own, a place's or a name of another kind.
        let own = j >= 2 && spans[j - 2].2 != JOINED && spans[j - 2].1 > at;
        let clear =
            !own || spans[j - 2] == (at, at + 1, spans[j - 2].2) && !matches!(spans[j - 2].2, ORG | PER);
        if !(capitalised && clear && opens_name(at) && one_line(at, end)) {
            continue;
        }
        let company =
            resolve::without_legal_form(&text[tokens[next].start as usize..tokens[end - 1].end as usize]);
        if gazetteer.lookup_name(company).is_some_and(|e| gazetteer.entry(e).kind == EntityKind::Org) {
            continue;
        }
        let blocked = *asked.entry(first).or_insert_with(|| {
            let known = gazetteer.lookup_name(first).is_some_and(|e| {
                let e = gazetteer.entry(e);
                e.country || matches!(e.kind, EntityKind::Org | EntityKind::Person | EntityKind::Gpe)
            });
            // Nor where the document names an organisation of its own with the word ("Snyder
            // Exploration", then "at Snyder and PaineWebber Group Inc <PWJ>"). (The model's
            // spans: those this pass joins have "and" second.)
            let named_alone = || {
                organisations_first_words
                    .get_or_init(|| {
                        spans
                            .iter()
                            .filter(|&&(from, to, kind)| kind == ORG && to - from >= 2 && !and(from + 1))
                            .map(|&(from, _, _)| word(from))
                            .collect()
                    })
                    .contains(first)
            };
            // (`common_noun_at`, of the text's words gathered once: the word is alphabetic, so
            // it is a word of the text where it is one of its runs of letters and digits.)
            let common_noun = || {
                text_words
                    .get_or_init(|| {
                        text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect()
                    })
                    .contains(first.to_lowercase().as_str())
            };
            known || named_alone() || common_noun()
        });
        if !blocked && !plural_opening_sentence(text, tokens, at) {
            spans[j - 1] = (at, end, ORG);
            if own {
                spans[j - 2].2 = JOINED;
            }
            add_firm(&mut firms, (at, next - 1, end));
        }
    }
    spans.retain(|&(_, _, kind)| kind != JOINED);
    let mut i = 0;
    while i + 1 < spans.len() {
        let ((first, last, kind), (next, end, next_kind)) = (spans[i], spans[i + 1]);
        let joined = kind == PER
            && next_kind == ORG
            && last - first == 1
            && next == last + 1
            && end - next >= 2
            && lexicon::is_company_suffix(word(end - 1))
            && !lexicon::is_company_suffix(word(next))
            && one_line(first, end)
            && opens_name(first)
            && (if and(last) {
                (next + 1..end).all(|k| lexicon::is_company_suffix(word(k)))
            } else {
                possessive(last)
                    && (is_given_name(word(first))
                        || (next..end - 1)
                            .all(|k| lexicon::is_shop_word(word(k)) || lexicon::is_company_suffix(word(k))))
            })
            && !a_person(spans, word(first), last);
        if joined {
            spans[i] = (first, end, ORG);
            spans[i + 1].2 = JOINED;
            add_firm(&mut firms, (first, last, end));
            i += 1;
        }
        i += 1;
    }
    spans.retain(|&(_, _, kind)| kind != JOINED);
    if firms.is_empty() {
        return;
    }
    // The firm's other mentions: its first word, its connector and as many of its following
    // words as match ("Jones and Vining", "Wendy's", "Claire's Stores"), whatever spans were on
    // them, become one span.
    // (The firms by their first word: a token is compared with the firms it could open only.)
    let mut by_first: HashMap<&str, Vec<(usize, usize, usize)>> = HashMap::new();
    for &firm in &firms {
        by_first.entry(word(firm.0)).or_default().push(firm);
    }
    let mut mentions: Vec<(usize, usize)> = Vec::new();
    for at in 0..tokens.len().saturating_sub(1) {
        let Some(opened) = by_first.get(word(at)) else { continue };
        let longest = opened
            .iter()
            .filter(|&&(_, connector, _)| same_connector(at + 1, connector))
            .map(|&(_, connector, end)| {
                let matching = (connector + 1..end)
                    .zip(at + 2..tokens.len())
                    .take_while(|&(a, b)| word(a) == word(b))
                    .count();
                // "and" needs the word after it ("Jones and Vining"), "'s" does not ("Wendy's").
                if and(connector) && matching == 0 { 0 } else { at + 2 + matching }
            })
            .max();
        if let Some(end) = longest.filter(|&end| end > 0 && one_line(at, end)) {
            mentions.push((at, end));
        }
    }
    // Not where a span runs on past its words: a longer name ("Jones and Vining Inc" itself,
    // "Kennedy and Gardner Capital Corp", "General Tire and Rubber Co"). (The spans are in
    // order and apart: those around `from..to` are found by a search, and the spans are
    // rebuilt once, however many mentions.)
    let runs_past = |spans: &[(usize, usize, u8)], from: usize, to: usize| {
        let at = spans.partition_point(|&(first, _, _)| first < from);
        let before = at.checked_sub(1).map(|i| spans[i]).filter(|&(_, last, _)| last > from);
        before
            .into_iter()
            .chain(spans[at..].iter().copied().take_while(|&(first, _, _)| first < to))
            .any(|(first, last, _)| first < from || to < last)
    };
    mentions.retain(|&(from, to)| opens_name(from) && !runs_past(spans, from, to));
    // (In order of their start; one overlapping the one before is left out.)
    let mut last_end = 0;
    mentions.retain(|&(from, to)| {
        let apart = from >= last_end;
        if apart {
            last_end = to;
        }
        apart
    });
    if mentions.is_empty() {
        return;
    }
    // Every span a mention overlaps lies within it (`runs_past`): those go, the mentions come in.
    let within = |first: usize| {
        let at = mentions.partition_point(|&(from, _)| from <= first);
        at > 0 && first < mentions[at - 1].1
    };
    spans.retain(|&(first, _, _)| !within(first));
    spans.extend(mentions.iter().map(|&(from, to)| (from, to, ORG)));
    spans.sort_unstable_by_key(|&(first, _, _)| first);
}

/// The model takes two organisations joined by "and" (or "&") for one: "Sanwa Bank and Sumitomo
/// Bank", "International Monetary Fund and World Bank", "Ranger Oil Co and Ranger Inc". An
/// organisation's span is cut in two at the first "and" where the name before it is complete:
/// it ends in a legal form ("Co", "Inc"), or both names end in the same organisation's word
/// ("Bank", "Committee"), or the tables know both names. Each side has two words or more, so
/// "Cable and Wireless", "Securities and Exchange Commission", "Candlewood Bank and Trust Co"
/// and "Merrill Lynch and Co" stay whole.
fn split_listed_names(
    text: &str,
    tokens: &[Token],
    spans: &mut Vec<(usize, usize, u8)>,
    gazetteer: &Gazetteer,
) {
    let word = |i: usize| &text[tokens[i].range()];
    let surface = |from: usize, to: usize| &text[tokens[from].start as usize..tokens[to - 1].end as usize];
    let known = |from: usize, to: usize| {
        gazetteer.lookup_name(surface(from, to)).is_some_and(|e| gazetteer.entry(e).kind == EntityKind::Org)
    };
    let mut i = 0;
    while i < spans.len() {
        let (first, last, kind) = spans[i];
        i += 1;
        if kind != 1 {
            continue;
        }
        let and = |k: usize| matches!(word(k), "and" | "&");
        let cut = (first + 2..last.saturating_sub(2)).filter(|&k| and(k)).find(|&k| {
            // The second name runs to the next "and", if any ("Sanwa Bank and Trust Co and Fuji
            // Bank": "Trust Co" is no name of its own).
            let end = (k + 1..last).find(|&j| and(j)).unwrap_or(last);
            let (head_a, head_b) = (word(k - 1), word(end - 1));
            end - k > 2
                && (lexicon::is_company_suffix(head_a)
                    || (head_a == head_b && lexicon::is_org_or_company_word(head_a))
                    || (known(first, k) && known(k + 1, end)))
        });
        if let Some(k) = cut {
            // The second name is looked at next: it may list another.
            spans[i - 1] = (first, k, kind);
            spans.insert(i, (k + 1, last, kind));
        }
    }
}

/// A span that closes a bracket it does not open takes the opening bracket just before it in,
/// and one that opens a bracket it does not close, the closing bracket just after it (and the
/// legal suffixes after that, as an organisation): the model tags "International Monetary )
/// Fund" in Reuters' "the (International Monetary) Fund" and "Sumitomo Finance ( Asia" in
/// "Sumitomo Finance (Asia) Ltd", never the outer bracket. Where the bracket is not next to
/// the span, the span is cut at it instead ("Nakasone" of "(Prime Minister Yasuhiro)
/// Nakasone", "Tiago" of a line-up's "Tiago (Bridge 45)"), or, when nothing would be left on
/// that side, loses it ("Yasuhiro" of "(Prime Minister Yasuhiro)"). A name with half a bracket
/// pair reads wrong. The gazetteer's keys ignore brackets, so a known name still links: "(World)
/// Bank" is the World Bank. A span never grows into the next one.
fn take_in_brackets(text: &str, tokens: &[Token], spans: &mut [(usize, usize, u8)]) {
    let word = |i: usize| &text[tokens[i].range()];
    for k in 0..spans.len() {
        let previous_end = if k > 0 { spans[k - 1].1 } else { 0 };
        let next_start = spans.get(k + 1).map_or(tokens.len(), |s| s.0);
        let (first, last, kind) = &mut spans[k];
        // The last bracket closed without being opened in the span, and the bracket that opens
        // the group still open at its end.
        let (mut unopened, mut open, mut outer) = (None, 0usize, None);
        for i in *first..*last {
            match word(i) {
                "(" => {
                    if open == 0 {
                        outer = Some(i);
                    }
                    open += 1;
                }
                ")" if open == 0 => unopened = Some(i),
                ")" => open -= 1,
                _ => {}
            }
        }
        if let Some(close) = unopened {
            if *first > previous_end && word(*first - 1) == "(" {
                *first -= 1;
            } else if close + 1 < *last {
                *first = close + 1;
            } else if close > *first {
                *last = close;
            }
        }
        if let Some(open_at) = outer.filter(|_| open > 0) {
            if *last < next_start && word(*last) == ")" {
                *last += 1;
                while *last < next_start && lexicon::is_company_suffix(word(*last)) {
                    *last += 1;
                    *kind = 1;
                }
            } else if open_at > *first {
                *last = open_at;
            } else if open_at + 1 < *last {
                *first = open_at + 1;
            }
        }
    }
}

impl Stage for Tagger {
    fn process(&mut self, mut doc: Document, out: &mut Output) -> Result<(), StageError> {
        let _span = tracing::trace_span!("tag", id = %doc.id).entered();
        let languages = &self.model.languages;
        if let Some(lang) = doc.lang.as_deref()
            && !languages.is_empty()
            && !languages.iter().any(|l| l == lang)
        {
            // An English model reads German as names everywhere ("Die Schweizerische", "März").
            out.count("other_language", 1);
            out.emit(doc);
            return Ok(());
        }
        let year = doc.published.as_deref().and_then(published_year);
        doc.entities = self.tag_published(&doc.text, year);
        if let Some(published) = doc.published.as_deref() {
            dates::anchor(&mut doc.entities, &doc.text, published);
        }
        dates::scope_relative(&mut doc.entities, &doc.id, &doc.text);
        resolve::georgia_before_independence(&mut doc.entities, &doc.text, year);
        resolve::gulf_of_us_grain(&mut doc.entities, &doc.text);
        resolve::community_of_the_document(&mut doc.entities);
        out.emit(doc);
        Ok(())
    }

    /// Never reads `original`.
    fn reads_original(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests;

/// The tag stage over pre-tokenised text, reporting CoNLL types: what `copydesk tag-conll`
/// runs. The whole stage runs (model, gazetteer, rules, linking); its types map to CoNLL's as
/// PERSON → PER, ORG → ORG, GPE and LOC → LOC, NORP → MISC, plus the model's other MISC spans;
/// dates are not CoNLL entities and are left out, but for holidays ("Thanksgiving", "Memorial
/// Day"), which CoNLL's guidelines make MISC.
pub struct ConllTagger {
    tagger: Tagger,
    text: String,
}

impl ConllTagger {
    /// The tag stage with its default options.
    pub fn new() -> Result<ConllTagger, String> {
        ConllTagger::with_model(true)
    }

    /// The tag stage with its default options, or without the statistical model (the
    /// gazetteer-only mode, `model: false`).
    pub fn with_model(model: bool) -> Result<ConllTagger, String> {
        let ctx = BuildContext {
            stage_id: "tag",
            base_dir: std::path::Path::new("."),
            out_dir: std::path::Path::new("."),
            workers: 1,
            earlier: &[],
            later: &[],
        };
        let tagger = build(TagOptions { model, ..TagOptions::default() }, &ctx)
            .map_err(|errs| errs.into_iter().map(|e| e.message).collect::<Vec<_>>().join("; "))?;
        Ok(ConllTagger { tagger, text: String::new() })
    }

    /// IOB2 tags (`O`, `B-PER`, `I-LOC`, …) for every token of every sentence of one document.
    pub fn tag_document(&mut self, sentences: &[Vec<String>]) -> Vec<Vec<&'static str>> {
        let b = &mut self.tagger.scratch;
        ner::join_tokens(
            sentences.iter().map(Vec::as_slice),
            true,
            &mut self.text,
            &mut b.tokens,
            &mut b.sentences,
        );
        let entities = self.tagger.tag_tokens(&self.text, None);
        let b = &self.tagger.scratch;
        let mut tags = vec![0u8; b.tokens.len()];
        let typed = entities.iter().filter_map(|e| {
            let kind = match e.kind {
                EntityKind::Date if dates::is_holiday(&e.text) => 3,
                kind => combine::conll_kind(kind)?,
            };
            Some((e.start, e.end, kind))
        });
        for (start, end, kind) in typed.chain(b.misc.iter().map(|&(s, e)| (s, e, 3))) {
            let first = b.tokens.partition_point(|t| (t.start as usize) < start);
            let mut last = b.tokens.partition_point(|t| (t.end as usize) <= end);
            // A full stop the text runs into a name ("the U.K." ending a sentence) is a token
            // of its own in CoNLL, never part of the name.
            if last > first + 1 && &self.text[b.tokens[last - 1].range()] == "." {
                last -= 1;
            }
            for (i, tag) in tags.iter_mut().enumerate().take(last).skip(first) {
                *tag = 1 + 2 * kind + (i > first) as u8;
            }
        }
        quoted_titles(&self.text, &b.tokens, &b.sentences, &mut tags);
        split_sentences(sentences, &tags)
    }

    /// The statistical model's own IOB2 tags for the document last passed to
    /// [`ConllTagger::tag_document`], before the gazetteer and rules had their say (for
    /// comparing the two).
    pub fn model_tags(&self, sentences: &[Vec<String>]) -> Vec<Vec<&'static str>> {
        split_sentences(sentences, &self.tagger.scratch.tags)
    }

    /// The statistical model's first pass alone on the document last passed to
    /// [`ConllTagger::tag_document`] (the same as [`ConllTagger::model_tags`] for a model without
    /// a second pass).
    pub fn first_pass_tags(&mut self, sentences: &[Vec<String>]) -> Vec<Vec<&'static str>> {
        let b = &mut self.tagger.scratch;
        let mut tags = Vec::new();
        if let Some(ner) = &self.tagger.model.ner {
            ner.tag_first(&self.text, &b.tokens, &b.sentences, &b.codes, &mut b.scratch, &mut tags);
        } else {
            tags.resize(b.tokens.len(), 0);
        }
        split_sentences(sentences, &tags)
    }
}

/// A title in quotation marks that nothing else tagged ("A Beautiful Lie", "Sisters of
/// Heresy": songs, albums, books, episodes) is CoNLL's MISC: one to eight words within one
/// sentence, the first capitalised, each capitalised, a number, a punctuation mark or one of
/// [`definitions::TITLE_SMALL_WORDS`] (a full stop, comma or "!" before the closing mark is left
/// out). Speech in quotation marks has words in lower case; one word of speech ("No", "Thanks")
/// is a stopword or an interjection, and a nickname stands between capitalised names (Roberto
/// "Hands of Stone" Duran, part of his name). Marks pair in order; a curly closing mark opens
/// no pair. For `tag-conll` only: MISC is no entity type of the pipeline.
fn quoted_titles(text: &str, tokens: &[Token], sentences: &[std::ops::Range<usize>], tags: &mut [u8]) {
    let word = |i: usize| &text[tokens[i].range()];
    let misc = |begins: bool| 1 + 2 * 3 + u8::from(!begins);
    let capitalised = |i: usize| word(i).starts_with(char::is_uppercase);
    for sentence in sentences {
        let marks: Vec<usize> = sentence.clone().filter(|&i| matches!(word(i), "\"" | "“" | "”")).collect();
        for pair in marks.chunks_exact(2) {
            let (open, mut close) = (pair[0], pair[1]);
            if word(open) == "”" || word(close) == "“" {
                continue;
            }
            let nickname = open > sentence.start
                && capitalised(open - 1)
                && close + 1 < sentence.end
                && capitalised(close + 1);
            while close > open + 1 && matches!(word(close - 1), "." | "," | "!") {
                close -= 1;
            }
            let inside = open + 1..close;
            let title_word = |w: &str| {
                w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                    || definitions::TITLE_SMALL_WORDS.contains(&w)
                    || !w.starts_with(char::is_alphanumeric)
            };
            // A title that reads as a phrase takes in the names in it ("Anarchy in Tokyo",
            // "Lawrence of Arabia", "A Portuguesa"): a small word after its first, or "A" or "The"
            // first, names that leave a word of it untagged ("The Phantom Horns", a band, is one
            // name) and none that runs on out of the quotation marks.
            let phrase_title = |inside: std::ops::Range<usize>| {
                let small = |i: usize| definitions::TITLE_SMALL_WORDS.contains(&word(i));
                (inside.clone().skip(1).any(small) || matches!(word(inside.start), "A" | "The"))
                    && inside.len() >= 2
                    && inside.clone().any(|i| tags[i] == 0)
                    && tags[open] == 0
                    && tags[close] == 0
            };
            let speech = |w: &str| {
                lexicon::STOPWORDS.binary_search(&w).is_ok()
                    || matches!(w, "Yes" | "OK" | "Okay" | "Thanks" | "Hello" | "Goodbye" | "Sorry" | "Wow")
            };
            if nickname
                || !(1..=8).contains(&inside.len())
                || inside.len() == 1 && speech(word(inside.start))
                || inside.clone().any(|i| !title_word(word(i)))
                || inside.clone().any(|i| tags[i] != 0) && !phrase_title(inside.clone())
                || !capitalised(open + 1)
                || inside.clone().all(|i| {
                    definitions::TITLE_SMALL_WORDS.iter().any(|small| small.eq_ignore_ascii_case(word(i)))
                })
            {
                continue;
            }
            for i in inside.clone() {
                tags[i] = misc(i == inside.start);
            }
        }
    }
}

fn split_sentences(sentences: &[Vec<String>], tags: &[u8]) -> Vec<Vec<&'static str>> {
    let mut at = 0;
    sentences
        .iter()
        .map(|s| {
            let out = tags[at..at + s.len()].iter().map(|&t| ner::TAGS[t as usize]).collect();
            at += s.len();
            out
        })
        .collect()
}
