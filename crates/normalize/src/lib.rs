//! copydesk normalize stage: Unicode, whitespace, quotes, boilerplate, dateline, date, title, language
//!
//! Turns ingest's raw article body into clean text: NFC with plain spaces, paragraphs separated
//! by exactly one blank line, ASCII quotes and one dash, no captions or agency trailers; and
//! fills `published` (`YYYY-MM-DD`), `dateline`, `title` and `lang` from what the text holds.
//! `original` is never touched.

mod boilerplate;
mod credits;
mod date;
mod dateline;
mod escapes;
mod front;
mod html;
mod lang;
mod mojibake;
mod paragraphs;
mod punctuation;
mod title;
mod unicode;
mod whole;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use copydesk_core::{BuildContext, Document, OptionError, Output, Registry, Stage, StageError, StageOptions};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::boilerplate::Boilerplate;

pub use crate::boilerplate::DEFAULT_PATTERNS as DEFAULT_DROP_LINES;

const NO_TEXT: &str = "no text left after normalization";

pub fn register(registry: &mut Registry) {
    registry.add_stage::<NormalizeOptions, Normalize, _>(
        "normalize",
        "clean text (Unicode, paragraphs, quotes, boilerplate) and fill dateline, published, title, lang",
        true,
        build,
    );
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NormalizeOptions {
    pub strip_html: bool,
    pub clean_unicode: bool,
    pub unwrap_lines: bool,
    pub unify_punctuation: bool,
    pub drop_lines: Vec<String>,
    pub extra_drop_lines: Vec<String>,
    pub drop_credits: bool,
    pub extract_byline: bool,
    pub extract_dateline: bool,
    pub normalize_published: bool,
    pub extract_title: bool,
    pub max_title_words: usize,
    pub detect_language: bool,
    pub language_sample: usize,
}

impl Default for NormalizeOptions {
    fn default() -> Self {
        NormalizeOptions {
            strip_html: true,
            clean_unicode: true,
            unwrap_lines: true,
            unify_punctuation: true,
            drop_lines: DEFAULT_DROP_LINES.iter().map(|p| p.to_string()).collect(),
            extra_drop_lines: Vec::new(),
            drop_credits: true,
            extract_byline: true,
            extract_dateline: true,
            normalize_published: true,
            extract_title: true,
            max_title_words: 20,
            detect_language: true,
            language_sample: 2000,
        }
    }
}

impl StageOptions for NormalizeOptions {
    const HELP: &'static [(&'static str, &'static str)] = &[
        (
            "strip_html",
            "drop HTML markup feeds leave in text and titles (`<b>`, `<a href=…>`; `<p>` and `<br>` become breaks) and \
             decode its &amp;-references; bracketed stock tickers (`<GM>`, `<P>` with no closing tag) stay",
        ),
        (
            "clean_unicode",
            "repair UTF-8 once read as Windows-1252 (`â€™` to `’`, counted as mojibake_repaired), decode the JSON \
             escapes of a text encoded twice (no line break of its own, a literal `\\n` after a sentence's end or \
             before another, and the whole text reads as a JSON string's inside; counted as double_escaped), \
             NFC-normalize, drop zero-width and control characters (a form feed breaks the paragraph, a vertical \
             tab the line), turn NBSP and other spaces into plain spaces",
        ),
        (
            "unwrap_lines",
            "rejoin hard-wrapped lines (Reuters style) into paragraphs; false keeps every line a paragraph",
        ),
        (
            "unify_punctuation",
            "curly quotes and primes to ASCII ' and \", dashes used as punctuation (— – ― --) to a spaced em dash, and contractions a tokenizer split off joined back (`isn 't`, `country 's`)",
        ),
        (
            "drop_lines",
            "regexes; a paragraph matching one as a whole is dropped and listed in fields.boilerplate, and so is the last \
             sentence of the last paragraph (a trailer that line unwrapping ran in); setting this replaces the defaults \
             (`copydesk stages --json` lists them): extra_drop_lines adds to them instead",
        ),
        ("extra_drop_lines", "more regexes like drop_lines', used beside them (the defaults kept)"),
        (
            "drop_credits",
            "drop photo captions that end in their credit (`… REUTERS/Gleb Garanich`, `(AFP via Getty Images)`, \
             `Photograph: …`), contributor lines (`Lorne Cook contributed from Brussels.`) and a last \
             paragraph `More` (a wire's continuation marker), listed in fields.boilerplate",
        ),
        (
            "extract_byline",
            "move a byline above the story (`By Jane Doe, Reuters`) to fields.byline, and drop time stamps and reading \
             times there (`Updated 3:04 PM ET, Feb 3, 2022`, `3 min read`; listed in fields.boilerplate; a publication \
             stamp's date, not an update's, fills a missing `published` when normalize_published is on), so the dateline under them is found",
        ),
        (
            "extract_dateline",
            "move an opening dateline (`MOSCOW:`, `LONDON, Feb 3 (Reuters) -`) to `dateline`, its agency and date to fields.agency and fields.dateline_date (a source alone, `AP - `, is the agency) (a date with a year fills a missing `published` when normalize_published is on)",
        ),
        (
            "normalize_published",
            "rewrite `published` as YYYY-MM-DD (unreadable: None, raw in fields.published_raw); if missing, take a date line opening the text",
        ),
        ("extract_title", "when `title` is empty, move a headline-like first paragraph to it"),
        ("max_title_words", "longest first paragraph, in words, still taken as a headline"),
        ("detect_language", "set `lang` to the ISO 639-3 code whatlang reliably detects, else None"),
        ("language_sample", "bytes from the start of the text given to the language detector"),
    ];
}

/// The normalize stage. Cloned once per worker; the compiled patterns are shared.
#[derive(Clone, Debug)]
pub struct Normalize {
    config: Arc<Config>,
}

#[derive(Debug)]
struct Config {
    options: NormalizeOptions,
    boilerplate: Boilerplate,
}

pub fn build(options: NormalizeOptions, _ctx: &BuildContext<'_>) -> Result<Normalize, Vec<OptionError>> {
    let mut problems = Vec::new();
    // A one-word opener is taken for a label (`Analysis`), never a headline; see title.rs.
    if options.max_title_words < 2 {
        let message = "must be at least 2 (set extract_title: false to never take a title)";
        problems.push(OptionError::new("max_title_words", message));
    }
    if options.language_sample == 0 {
        let message = "must be at least 1 (set detect_language: false to skip detection)";
        problems.push(OptionError::new("language_sample", message));
    }
    let lists =
        [("drop_lines", &options.drop_lines[..]), ("extra_drop_lines", &options.extra_drop_lines[..])];
    // The built-in patterns the options call for are compiled beside the boilerplate list, not
    // by the first document's worker while the stages after it wait (each takes milliseconds).
    let boilerplate = std::thread::scope(|scope| {
        scope.spawn(|| {
            date::compile_patterns();
            if options.extract_dateline {
                dateline::compile_patterns();
            }
            if options.drop_credits {
                credits::compile_patterns();
            }
        });
        Boilerplate::from_lists(&lists)
    });
    let boilerplate = boilerplate.map_err(|errs| problems.extend(errs));
    match boilerplate {
        Ok(boilerplate) if problems.is_empty() => {
            Ok(Normalize { config: Arc::new(Config { options, boilerplate }) })
        }
        _ => Err(problems),
    }
}

impl Stage for Normalize {
    /// The order of the steps, and why:
    /// 1. `published` first: it reads no text, and a missing one lets step 6 look for a date line.
    /// 2. Unicode cleanup on the whole text, so every later step sees NFC, plain spaces and `\n`.
    /// 3. Paragraphs, so every later step works on whole trimmed paragraphs.
    /// 4. Punctuation before all pattern matching, so boilerplate patterns (the user's too),
    ///    dateline and title see one spelling of quotes and dashes (the built-in patterns still
    ///    accept every form, for `unify_punctuation: false`).
    /// 5. Boilerplate before the openers, so a caption on top is neither a title nor a dateline.
    /// 6. A date line on top before the title: `February 3, 2022` would look like a headline
    ///    (and once more after a title is taken, for a date line under the headline).
    /// 7. Front matter (bylines, time stamps) on top, and again under a title taken in step 8:
    ///    `Updated 3:04 PM ET` would look like a headline, and both hide the dateline.
    /// 8. Title before dateline: a headline comes before the dateline paragraph.
    /// 9. Dateline, on what is then the first paragraph (its date may fill `published`).
    /// 10. Language last, on the cleanest text.
    fn process(&mut self, mut doc: Document, out: &mut Output) -> Result<(), StageError> {
        if doc.text.trim().is_empty() {
            out.reject(doc, NO_TEXT);
            return Ok(());
        }
        let config = &*self.config;
        let options = &config.options;
        // The fields the document came with (the input's own, ingest's notes) are put aside:
        // the stage's notes are made apart and joined to them at the end, never replacing one.
        let given = std::mem::take(&mut doc.fields);

        if options.normalize_published {
            normalize_published(&mut doc);
        }
        // A text encoded as JSON twice has its escapes decoded first: its `\n` are breaks. Its
        // title, most likely encoded as it was, too, if it reads as a JSON string.
        let unescaped = options.clean_unicode.then(|| escapes::double_escaped(&doc.text)).flatten();
        if unescaped.is_some() {
            out.count("double_escaped", 1);
            if let Some(title) = doc.title.as_mut()
                && title.contains('\\')
                && let Some(decoded) = escapes::decoded(title)
            {
                *title = decoded;
            }
        }
        if let Some(title) = doc.title.take() {
            doc.title = clean_title(options, &title);
        }

        let mut paragraphs = {
            let raw = unescaped.as_deref().unwrap_or(&doc.text);
            let (stripped, markup) =
                if options.strip_html { html::strip_told(raw) } else { (Cow::Borrowed(raw), false) };
            if markup {
                out.count("html_markup", 1);
            }
            let text = if options.clean_unicode {
                let (text, repaired) = unicode_cleaned(&stripped);
                if repaired > 0 {
                    out.count("mojibake_repaired", repaired as u64);
                }
                text
            } else {
                Cow::Borrowed(&*stripped)
            };
            paragraphs::split(&text, options.unwrap_lines)
        };
        if options.unify_punctuation {
            for paragraph in &mut paragraphs {
                if let Cow::Owned(unified) = punctuation::unify(paragraph) {
                    *paragraph = unified;
                }
                if let Cow::Owned(joined) = punctuation::rejoin_contractions(paragraph) {
                    *paragraph = joined;
                }
            }
        }

        let mut dropped = Vec::new();
        // Credit lines with their editors' (`By Jane Doe; Editing by John Smith`) and writers'
        // (`Written by Jane Doe`), as (paragraphs kept before it, its index in `dropped`): looked
        // at below, for a byline above the story.
        let (mut credit_lines, mut paragraphs_kept) = (Vec::new(), 0);
        paragraphs.retain_mut(|p| {
            let keep =
                !(config.boilerplate.is_boilerplate(p) || options.drop_credits && credits::is_credit(p));
            if !keep {
                if options.extract_byline && (p.contains(';') || p.starts_with("Written by")) {
                    credit_lines.push((paragraphs_kept, dropped.len()));
                }
                dropped.push(Value::String(std::mem::take(p)));
            } else {
                paragraphs_kept += 1;
            }
            keep
        });
        // One above the story (only a headline, a date line or front matter before it) is
        // boilerplate whose byline is kept.
        for (kept_before, at) in credit_lines {
            let above_the_story = || {
                paragraphs[..kept_before].iter().enumerate().all(|(i, p)| {
                    i == 0 && title::is_headline(p, options.max_title_words)
                        || front::classify(p).is_some()
                        || date::parse_line(p).is_some()
                })
            };
            let Value::String(credit) = &dropped[at] else { continue };
            let head = credit.split_once(';').map_or(credit.as_str(), |(head, _)| head);
            let head = head.trim_start_matches('(').trim_end();
            // `Written by Jane Doe` reads as the byline `By Jane Doe`.
            let written = head
                .strip_prefix("Written")
                .and_then(|rest| rest.trim_start().strip_prefix("by "))
                .map(|names| format!("By {names}"));
            if let Some(front::Front::Byline(names)) = front::classify(written.as_deref().unwrap_or(head))
                && above_the_story()
            {
                add_byline(&mut doc, names);
            }
        }
        if let Some(last) = paragraphs.last_mut()
            && let Some(at) = config.boilerplate.run_in_trailer(last)
        {
            dropped.push(Value::String(last.split_off(at)));
            last.truncate(last.trim_end().len());
        }
        // A wire's continuation marker in title case ends a story ("More"); elsewhere the word
        // alone may be a line of dialogue.
        if options.drop_credits && paragraphs.last().is_some_and(|p| p == "More") {
            dropped.extend(paragraphs.pop().map(Value::String));
        }
        if options.unwrap_lines {
            paragraphs::join_broken_sentences(&mut paragraphs);
        }

        if options.normalize_published {
            take_date_line(&mut doc, &mut paragraphs);
        }
        if options.extract_byline {
            take_front_matter(&mut doc, &mut paragraphs, &mut dropped, options.normalize_published);
        }
        // A wire slug where the headline would be: kept in fields.slug, the headline under it.
        if options.extract_title {
            if doc.title.as_deref().is_some_and(title::is_slug) {
                let slug = doc.title.take().unwrap_or_default();
                doc.fields.insert("slug".to_string(), Value::String(slug));
            } else if doc.title.is_none() && paragraphs.len() >= 3 && title::is_slug(&paragraphs[0]) {
                doc.fields.insert("slug".to_string(), Value::String(paragraphs.remove(0)));
            }
        }
        if options.extract_title
            && doc.title.is_none()
            && paragraphs.len() >= 2
            && title::is_headline(&paragraphs[0], options.max_title_words)
        {
            doc.title = Some(paragraphs.remove(0));
            // The date line, byline and stamps may stand under the headline instead.
            if options.normalize_published {
                take_date_line(&mut doc, &mut paragraphs);
            }
            if options.extract_byline {
                take_front_matter(&mut doc, &mut paragraphs, &mut dropped, options.normalize_published);
            }
        }
        if !dropped.is_empty() {
            doc.fields.insert("boilerplate".to_string(), Value::Array(dropped));
        }

        // A wire label ("UPDATE 2-") and a site's name ("| World News") are no part of the
        // headline: kept in fields.
        if let Some(title) = &mut doc.title
            && options.extract_byline
            && let Some((headline, names)) = title::trailing_byline(title)
        {
            let (names, headline_len) = (names.to_string(), headline.len());
            doc.fields.entry("byline".to_string()).or_insert(Value::String(names));
            title.truncate(headline_len);
        }
        if let Some(title) = &doc.title {
            let (headline, label, site) = title::split_furniture(title);
            if headline.len() < title.len() {
                for (key, value) in [("title_label", label), ("title_site", site)] {
                    if let Some(value) = value {
                        doc.fields.insert(key.to_string(), Value::String(value.to_string()));
                    }
                }
                doc.title = Some(headline.to_string());
            }
        }

        if options.extract_dateline
            && let Some(first) = paragraphs.first_mut()
        {
            take_dateline(&mut doc, first, options.normalize_published, options.extract_byline);
        }

        doc.text = paragraphs.join("\n\n");
        // Nothing left, or nothing of an article: refused, with the fields joined all the same.
        let refused = if doc.text.is_empty() { Some(no_text(&doc.fields)) } else { stub(&doc.text, options) };
        join_notes(&mut doc, given);
        if let Some(reason) = refused {
            tracing::debug!(id = %doc.id, "{reason}");
            out.reject(doc, reason);
            return Ok(());
        }
        if options.detect_language {
            doc.lang = lang::detect(&doc.text, options.language_sample).map(str::to_string);
        }
        out.emit(doc);
        Ok(())
    }

    /// Works on `text` alone (which ingest made from the text as read); `original` is never read.
    fn reads_original(&self) -> bool {
        false
    }
}

/// Why a text that is no article is refused: all that is left of it is one line that only
/// opens or points to one (a feed's cut item, `LONDON (Reuters) -`; `By Jane Doe`; a bare
/// link), which tagging and dedup would take for a story. `None` for anything longer.
fn stub(text: &str, options: &NormalizeOptions) -> Option<String> {
    const LONGEST: usize = 160;
    if text.len() > LONGEST || text.contains('\n') {
        return None;
    }
    let what = if !text.contains(char::is_whitespace)
        && ["http://", "https://", "www."].iter().any(|p| text.len() > p.len() && text.starts_with(p))
    {
        "a link"
    } else if options.extract_byline
        && match front::classify(text) {
            Some(front::Front::Stamp(_)) => true,
            // Not the `Name Name | Outlet` form, which a headline in title case can take
            // (`Oil Prices Rise | Reuters`).
            Some(front::Front::Byline(_)) => text.starts_with("By ") || text.starts_with("BY "),
            None => false,
        }
    {
        "a byline or time stamp"
    } else if options.extract_dateline
        // A dateline ends in its separator or agency (`-`, `—`, `:`, `(AP)`, `/PRNewswire/`),
        // and the pattern wants the story's first letter after it.
        && text.ends_with(['-', '—', '–', '―', ':', ')', '/'])
        && dateline::find(&format!("{text} A")).is_some_and(|d| d.rest == "A")
    {
        "a dateline"
    } else {
        return None;
    };
    Some(format!("no article text: only {what} (`{text}`)"))
}

/// Why a text is refused when nothing is left of it, by the stage's `notes`: the lines dropped
/// as boilerplate, when they were all of it (`Photo: AFP`), so that the reject says which
/// pattern to look at.
fn no_text(notes: &BTreeMap<String, Value>) -> String {
    const SHOWN: usize = 3;
    let Some(Value::Array(dropped)) = notes.get("boilerplate") else { return NO_TEXT.to_string() };
    let mut lines: Vec<String> = dropped
        .iter()
        .take(SHOWN)
        .filter_map(Value::as_str)
        .map(|line| match line.char_indices().nth(60) {
            Some((end, _)) => format!("`{}…`", &line[..end]),
            None => format!("`{line}`"),
        })
        .collect();
    if dropped.len() > SHOWN {
        lines.push(format!("{} more", dropped.len() - SHOWN));
    }
    format!("{NO_TEXT}: all of it was boilerplate ({})", lines.join(", "))
}

/// Joins the stage's notes (`doc.fields`, made apart) to the fields the document came with
/// (`given`). A given field is never replaced: a note that says otherwise goes beside it, its
/// name ending in `_found` (a feed's `agency: Reuters` stays, and a text that opens `PARIS (AFP)
/// -` adds `agency_found: AFP`); one that says the same is not repeated.
fn join_notes(doc: &mut Document, mut given: BTreeMap<String, Value>) {
    if given.is_empty() {
        return;
    }
    for (name, note) in std::mem::take(&mut doc.fields) {
        match given.get(&name) {
            None => {
                given.insert(name, note);
            }
            Some(value) if *value == note => {}
            Some(_) => {
                given.entry(format!("{name}_found")).or_insert(note);
            }
        }
    }
    doc.fields = given;
}

fn normalize_published(doc: &mut Document) {
    let Some(raw) = doc.published.take() else { return };
    match date::parse(&raw) {
        Some(date) => doc.published = Some(date),
        None if raw.trim().is_empty() => {}
        None => {
            doc.fields.insert("published_raw".to_string(), Value::String(raw));
        }
    }
}

/// [`unicode::clean`] after [`mojibake::repair`]: the text, and how many characters were put
/// back.
fn unicode_cleaned(text: &str) -> (Cow<'_, str>, usize) {
    match mojibake::repair(text) {
        Some((repaired, count)) => (Cow::Owned(unicode::clean(&repaired).into_owned()), count),
        None => (unicode::clean(text), 0),
    }
}

/// A title from the input gets the same cleanup as the text; an empty one becomes None.
fn clean_title(options: &NormalizeOptions, title: &str) -> Option<String> {
    let title = if options.strip_html { html::strip(title) } else { Cow::Borrowed(title) };
    let text = if options.clean_unicode { unicode_cleaned(&title).0 } else { Cow::Borrowed(&*title) };
    let collapsed = paragraphs::collapse(&text);
    let title = match options.unify_punctuation {
        true => punctuation::rejoin_contractions(&punctuation::unify(&collapsed)).into_owned(),
        false => collapsed,
    };
    (!title.is_empty()).then_some(title)
}

/// When `published` is unknown, a first paragraph that is nothing but a date gives it.
fn take_date_line(doc: &mut Document, paragraphs: &mut Vec<String>) {
    if doc.published.is_some() {
        return;
    }
    if let Some(published) = paragraphs.first().and_then(|p| date::parse_line(p)) {
        doc.published = Some(published);
        paragraphs.remove(0);
    }
}

/// Adds `names` to fields.byline (`; ` between two), unless it holds them already.
fn add_byline(doc: &mut Document, names: &str) {
    match doc.fields.get_mut("byline") {
        Some(Value::String(byline)) => {
            if !byline.contains(names) {
                byline.push_str("; ");
                byline.push_str(names);
            }
        }
        _ => {
            doc.fields.insert("byline".to_string(), Value::String(names.to_string()));
        }
    }
}

/// The most paragraphs of front matter taken above a story (a byline, a stamp or two, a
/// reading time).
const MAX_FRONT: usize = 8;

/// Moves the bylines over the text to fields.byline (`; ` between two) and its time stamps to
/// `dropped`; a publication stamp's date fills `published` if unknown and `fill_published`. One paragraph
/// is always left, as is the text under at most [`MAX_FRONT`] of them.
fn take_front_matter(
    doc: &mut Document,
    paragraphs: &mut Vec<String>,
    dropped: &mut Vec<Value>,
    fill_published: bool,
) {
    for _ in 0..MAX_FRONT {
        if paragraphs.is_empty() {
            return;
        }
        // A paragraph of its own, when the story has another.
        let whole = if paragraphs.len() >= 2 { front::classify(&paragraphs[0]) } else { None };
        match whole {
            Some(front::Front::Byline(names)) => add_byline(doc, names),
            Some(front::Front::Stamp(date)) => {
                if fill_published && doc.published.is_none() {
                    doc.published = date;
                }
                dropped.push(Value::String(std::mem::take(&mut paragraphs[0])));
            }
            None => {
                // A byline as the first sentence (`By Lee Bowman. The ability to run…`).
                let Some((names, rest)) = front::byline_sentence(&paragraphs[0]) else { return };
                add_byline(doc, names);
                paragraphs[0].drain(..rest);
                continue;
            }
        }
        paragraphs.remove(0);
    }
}

/// Moves the dateline opening `first` to the document: place, agency, date (and `published`
/// from that date when it has a year, none was known and `published` is being normalized).
fn take_dateline(doc: &mut Document, first: &mut String, fill_published: bool, take_byline: bool) {
    // A byline run into it (`By LAURAN NEERGAARD WASHINGTON (AP) --`); a place that opens with
    // "By" is no place.
    let byline = if take_byline { dateline::after_byline(first) } else { None };
    let mut found = match byline {
        Some((names, found)) => {
            doc.fields.entry("byline".to_string()).or_insert(Value::String(names.to_string()));
            found
        }
        None => {
            let found = dateline::find(first)
                .or_else(|| dateline::opening_source(first, doc.title.as_deref()))
                .or_else(|| dateline::run_on(first));
            match found {
                Some(found)
                    if !(take_byline
                        && (found.place.starts_with("By ") || found.place.starts_with("BY "))) =>
                {
                    found
                }
                _ => return,
            }
        }
    };
    // A date and its agency alone (`Feb 3 (Reuters) -`), or the text's source: alone (from
    // `opening_source`, with neither place nor date) or where the place would be (`AP - …`,
    // `PC World - …`).
    let date_alone = found.place.is_empty() && found.date.is_some();
    let source = found.date.is_none()
        && (found.place.is_empty()
            || found.agency.is_none() && dateline::is_source(found.place, doc.title.as_deref()));
    if source && !found.place.is_empty() {
        found.agency = Some(found.place);
        found.place = "";
    }
    let mut place = found.place;
    // A date and agency alone may stand before the place (`SEPTEMBER 27, 2004 (COMPUTERWORLD) -
    // CHICAGO — Microsoft's …`), and so may a source (`Canadian Press - VANCOUVER (CP) - …`,
    // `SPACE.com - TORONTO, Canada — …`; not a label, `AP - NEW APPROACH: A study…`).
    if let Some(inner) = dateline::find(found.rest).filter(|d| {
        !d.place.is_empty()
            && (date_alone && d.agency.is_none() || source && d.separator != ":" && dateline::wire_place(d))
    }) {
        place = inner.place;
        found.date = found.date.or(inner.date);
        found.rest = inner.rest;
    }
    doc.dateline = (!place.is_empty()).then(|| place.to_string());
    if let Some(agency) = found.agency {
        doc.fields.insert("agency".to_string(), Value::String(agency.to_string()));
        // The same source in brackets after the headline (`… Study Peptides (AP)`) is the
        // title's furniture.
        if let Some(title) = &mut doc.title
            && dateline::title_source(title) == Some(agency)
        {
            let headline_len = title.len() - agency.len() - 3;
            title.truncate(headline_len);
            doc.fields.entry("title_site".to_string()).or_insert(Value::String(agency.to_string()));
        }
    }
    if let Some(date) = found.date {
        // Kept as printed (it often has no year); a full date gives `published` if unknown.
        doc.fields.insert("dateline_date".to_string(), Value::String(date.to_string()));
        if fill_published && doc.published.is_none() {
            doc.published = date::parse_line(date);
        }
    }
    let start = first.len() - found.rest.len();
    first.drain(..start);
}

#[cfg(test)]
mod tests;
