//! `copydesk entities [FILE]`: the top entities of a run, from its articles.jsonl: one row per
//! entity id with its type, canonical name, mentions, documents and the spellings seen; with
//! `--json`, one JSON object a line, for programs.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};

#[derive(Default)]
struct Tally {
    kind: String,
    /// Each canonical name the id's mentions carry (one id folds case and spelling variants:
    /// "GORDON BROWN" in a headline, "Gordon Brown" in the text): how often, and when first seen.
    canonicals: BTreeMap<String, (usize, usize)>,
    mentions: usize,
    documents: BTreeSet<String>,
    spellings: BTreeMap<String, usize>,
}

impl Tally {
    /// The canonical name most of the mentions carry (the first seen of equals).
    fn canonical(&self) -> &str {
        self.canonicals
            .iter()
            .max_by_key(|(_, (count, first))| (*count, std::cmp::Reverse(*first)))
            .map_or("", |(name, _)| name.as_str())
    }
}

/// One entity of `--json`, its fields in the table's order.
#[derive(serde::Serialize)]
struct Row<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    canonical: &'a str,
    entity_id: &'a str,
    mentions: usize,
    documents: usize,
    spellings: Vec<Spelling<'a>>,
}

#[derive(serde::Serialize)]
struct Spelling<'a> {
    text: &'a str,
    count: usize,
}

/// An id's spellings with their counts, the commonest first.
fn spellings_of(t: &Tally) -> Vec<(&str, usize)> {
    let mut spellings: Vec<(&str, usize)> = t.spellings.iter().map(|(s, n)| (s.as_str(), *n)).collect();
    spellings.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    spellings
}

/// `map`'s value for `key`, a default one put in first if it has none: a key is copied into a
/// string once, not for each of its mentions.
fn entry_of<'m, V: Default>(map: &'m mut BTreeMap<String, V>, key: &str) -> &'m mut V {
    if !map.contains_key(key) {
        map.insert(key.to_string(), V::default());
    }
    map.get_mut(key).expect("put in above")
}

/// The articles counted by their `published` date: those from `from` to `to`, both included
/// (`YYYY-MM-DD`, either end open); with either set, undated articles are left out.
#[derive(Clone, Copy, Default)]
pub struct Published<'a> {
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
}

impl Published<'_> {
    fn is_open(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }

    /// Whether an article published on `date` (`YYYY-MM-DD`, as normalize writes it; anything
    /// else counts as undated) is counted.
    fn holds(&self, date: Option<&str>) -> bool {
        let Some(day) = date.filter(|d| copydesk_core::is_iso_date(d)) else { return self.is_open() };
        self.from.is_none_or(|from| day >= from) && self.to.is_none_or(|to| day <= to)
    }

    /// The window as the messages say it.
    fn shown(&self) -> String {
        match (self.from, self.to) {
            (Some(from), Some(to)) if from == to => format!("published on {from}"),
            (Some(from), Some(to)) => format!("published {from} to {to}"),
            (Some(from), None) => format!("published on or after {from}"),
            (None, Some(to)) => format!("published on or before {to}"),
            (None, None) => String::new(),
        }
    }
}

/// `clap`'s check of `--from` and `--to`: a date written `YYYY-MM-DD`, as `published` is.
pub fn iso_date(s: &str) -> std::result::Result<String, String> {
    let number = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
    let ok = copydesk_core::is_iso_date(s)
        && (1..=12).contains(&number(5..7))
        && (1..=31).contains(&number(8..10));
    if ok { Ok(s.to_string()) } else { Err(format!("`{s}` is no date written YYYY-MM-DD")) }
}

/// `no_duplicates`: leave out the articles dedup marked duplicates (`dedup.duplicate_of` set), so
/// that a story reprinted ten times counts once; `published`: only the articles of that window.
pub fn run(
    file: &Path,
    top: usize,
    kind: Option<&str>,
    json: bool,
    no_duplicates: bool,
    published: Published<'_>,
) -> Result<()> {
    if let (Some(from), Some(to)) = (published.from, published.to)
        && from > to
    {
        bail!("--from {from} is after --to {to}: no article could be counted");
    }
    let path = super::articles_file(file)?;
    let kind = kind.map(str::to_ascii_uppercase);
    if let Some(k) = &kind
        && !["PERSON", "ORG", "GPE", "LOC", "NORP", "DATE"].contains(&k.as_str())
    {
        bail!("unknown entity type `{k}` (PERSON, ORG, GPE, LOC, NORP, DATE)");
    }
    let opened = std::fs::File::open(&path).with_context(|| {
        let dir = path.parent();
        let csv_only = dir.is_some_and(|dir| dir.join("mentions.csv").exists());
        let report_only = dir.is_some_and(|dir| dir.join("report.json").exists());
        let hint = if csv_only {
            " (the run exported no `jsonl`: add it to the export's formats)"
        } else if report_only {
            " (a run wrote report.json here but no articles: its pipeline has no export stage, or its \
             export writes to another `dir:`, which report.json's `files` lists)"
        } else {
            ""
        };
        format!("cannot open {}{hint}", path.display())
    })?;
    let reader = std::io::BufReader::new(opened);
    let mut by_id: BTreeMap<String, Tally> = BTreeMap::new();
    let (mut articles, mut duplicates, mut outside) = (0usize, 0usize, 0usize);
    for (n, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("{}:{}", path.display(), n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let not_articles = || {
            // The CSV files are the run's too, but hold no entity of an article in a line.
            let csv = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
            let hint = if csv {
                " (a CSV file: give the run's articles.jsonl, or its output directory)"
            } else {
                ""
            };
            format!("{}:{}: not an article of an exported articles.jsonl{hint}", path.display(), n + 1)
        };
        let doc: serde_json::Value = serde_json::from_str(&line).with_context(not_articles)?;
        // Every exported article has its entities, if only `[]`: a JSON line without them is
        // some other file (rejects.jsonl, a report).
        if !doc["entities"].is_array() {
            bail!("{} (no `entities`)", not_articles());
        }
        articles += 1;
        if !published.holds(doc["published"].as_str()) {
            outside += 1;
            continue;
        }
        // A copy of an earlier run's article is this output's only copy of its story.
        if no_duplicates && doc["dedup"]["duplicate_of"].is_string() && doc["dedup"]["of_earlier_run"] != true
        {
            duplicates += 1;
            continue;
        }
        let id = doc["id"].as_str().unwrap_or_default();
        for e in doc["entities"].as_array().into_iter().flatten() {
            let t = e["type"].as_str().unwrap_or_default();
            if kind.as_deref().is_some_and(|k| k != t) {
                continue;
            }
            let tally = entry_of(&mut by_id, e["entity_id"].as_str().unwrap_or_default());
            if tally.mentions == 0 {
                tally.kind = t.to_string();
            }
            let canonical = entry_of(&mut tally.canonicals, e["canonical"].as_str().unwrap_or_default());
            if canonical.0 == 0 {
                canonical.1 = tally.mentions;
            }
            canonical.0 += 1;
            tally.mentions += 1;
            if !tally.documents.contains(id) {
                tally.documents.insert(id.to_string());
            }
            *entry_of(&mut tally.spellings, e["text"].as_str().unwrap_or_default()) += 1;
        }
    }
    if by_id.is_empty() {
        // An empty table alone would leave the reader guessing why.
        let why = match &kind {
            _ if articles == 0 => format!("no articles in {}: the run exported none", path.display()),
            _ if articles == outside => {
                format!(
                    "no article in {} was {} (undated ones are left out)",
                    path.display(),
                    published.shown()
                )
            }
            _ if articles == duplicates + outside => {
                let of = if published.is_open() { String::new() } else { format!(" {}", published.shown()) };
                format!("every article in {}{of} is a duplicate", path.display())
            }
            Some(k) => format!("no {k} entity in {}", path.display()),
            None => format!("no entities in {} (did the run have a `tag` stage?)", path.display()),
        };
        eprintln!("{why}");
        return Ok(());
    }
    if no_duplicates || !published.is_open() {
        let counted = articles - duplicates - outside;
        let mut left_out = Vec::new();
        if !published.is_open() {
            left_out.push(format!("{outside} left out as not {} (or undated)", published.shown()));
        }
        if no_duplicates {
            let n =
                if duplicates == 1 { "1 duplicate".to_string() } else { format!("{duplicates} duplicates") };
            left_out.push(format!("{n} left out"));
        }
        eprintln!("counted over {counted} of {articles} articles, {}", left_out.join(", "));
    }
    let mut rows: Vec<(&String, &Tally)> = by_id.iter().collect();
    rows.sort_by(|a, b| {
        b.1.mentions.cmp(&a.1.mentions).then(b.1.documents.len().cmp(&a.1.documents.len())).then(a.0.cmp(b.0))
    });
    let total = rows.len();
    let shown = if top == 0 { total } else { top.min(total) };
    let rows: Vec<(&String, &Tally)> = rows.into_iter().take(shown).collect();
    let mut out = super::Output::stdout();
    if json {
        for (id, t) in rows {
            let spellings =
                spellings_of(t).into_iter().map(|(text, count)| Spelling { text, count }).collect();
            let row = Row {
                kind: &t.kind,
                canonical: t.canonical(),
                entity_id: id,
                mentions: t.mentions,
                documents: t.documents.len(),
                spellings,
            };
            copydesk_core::json::to_writer(&mut out, &row)?;
            writeln!(out)?;
        }
        out.flush()?;
        if shown < total {
            eprintln!("{shown} of {total} entities listed (--top N for more, --top 0 for all)");
        }
        return Ok(());
    }
    // The canonical column as wide as the longest name shown ("Organisation for Economic
    // Co-operation and Development"), at least as wide as its heading.
    let width = rows.iter().map(|(_, t)| t.canonical().chars().count()).max().unwrap_or(0).max(30);
    writeln!(
        out,
        "{:<8} {:<width$} {:<20} {:>8} {:>5}  spellings",
        "type", "canonical", "entity_id", "mentions", "docs"
    )?;
    for (id, t) in rows {
        let spellings: Vec<String> = spellings_of(t).iter().map(|(s, n)| format!("{s} ({n})")).collect();
        writeln!(
            out,
            "{:<8} {:<width$} {:<20} {:>8} {:>5}  {}",
            t.kind,
            t.canonical(),
            id,
            t.mentions,
            t.documents.len(),
            spellings.join(", ")
        )?;
    }
    out.flush()?;
    if shown < total {
        eprintln!("{shown} of {total} entities shown (--top N for more, --top 0 for all)");
    }
    Ok(())
}
