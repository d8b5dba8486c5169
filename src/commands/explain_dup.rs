//! `copydesk explain-dup ID_A ID_B [OUTPUT]`: why dedup did (or did not) put two articles
//! together. Reads a run's `articles.jsonl` (OUTPUT is the file, or the run's output directory,
//! whose report says where an export with a `dir:` of its own wrote it), prints each article's
//! dedup annotation, their exact scores, and the passages they share. An id that is not among
//! the articles is looked up in the run's `duplicates.jsonl` and `rejects.jsonl`, to say where
//! it went.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use copydesk_core::Document;

/// `shingle_size`: the command line's, else the run's (its report's), else dedup's default.
/// `earlier`: the output directories (or exports) of earlier runs, where an article this run's
/// dedup found in its index (`index_in`) is looked for.
pub fn run(a: &str, b: &str, output: &Path, shingle_size: Option<usize>, earlier: &[PathBuf]) -> Result<()> {
    // `explain-dup out A B`: the output directory given first.
    if Path::new(a).is_dir() && !output.exists() {
        bail!(
            "`{a}` is a directory and `{}` is no file: the two ids come first, the run's output last \
             (copydesk explain-dup ID_A ID_B [OUTPUT])",
            output.display()
        );
    }
    let file = super::articles_file(output)?;
    // The run's own files (duplicates.jsonl, rejects.jsonl, report.json) are in its output
    // directory.
    let run_dir = if output.is_dir() { output } else { output.parent().unwrap_or(Path::new(".")) };
    let report = super::run_report(run_dir);
    let rule = RunRule::of(report.as_ref());
    let size = shingle_size.unwrap_or(rule.options.shingle_size);
    // Scores by another size than the rule's are not what the run judged.
    let size_note = if size == rule.options.shingle_size {
        String::new()
    } else if rule.from_run {
        format!(", not the run's {}", rule.options.shingle_size)
    } else {
        format!(", not dedup's default {}", rule.options.shingle_size)
    };
    if a == b {
        if re_sent(&file, run_dir, a) {
            bail!(
                "`{a}` is marked a duplicate of `{a}`: it was sent again, a copy of the article an earlier run \
                 exported under the same id, which dedup's index (`index_in`) remembers without its text; \
                 that run's export has it"
            );
        }
        bail!("give two different ids (both are `{a}`)");
    }
    let mut docs = [None, None];
    scan(&file, [a, b], &mut docs, true)?;
    // What this run's index found in earlier runs: their exports, when given.
    let mut from_earlier = [None, None];
    for dir in earlier {
        if docs.iter().all(Option::is_some) {
            break;
        }
        let earlier_file = super::articles_file(dir)?;
        let filled = scan(&earlier_file, [a, b], &mut docs, false)?;
        for (from, filled) in from_earlier.iter_mut().zip(filled) {
            if filled {
                *from = Some(earlier_file.clone());
            }
        }
    }
    let [doc_a, doc_b] = docs;
    // An id the other document points to but this run did not export: an article of an
    // earlier run, which dedup's index remembers (without its text).
    let of_earlier_run = |doc: Option<&Document>, id: &str, other: &str| {
        let info = doc?.dedup.as_ref()?;
        (info.duplicate_of.as_deref() == Some(id) || info.cluster == id).then(|| {
            let look = if earlier.is_empty() {
                "its text is in that run's export (`--earlier DIR` reads it there)".to_string()
            } else {
                let shown: Vec<String> = earlier.iter().map(|d| d.display().to_string()).collect();
                format!("its text is in that run's export, and not in {}", shown.join(" nor "))
            };
            format!(
                "`{id}` is not in this run ({}): `{other}` was marked a duplicate of it, an article of an earlier \
                 run that dedup's index (`index_in`) remembers without its text; {look}",
                file.display()
            )
        })
    };
    // Where this run's own files say it went, and whether the other points to it as an earlier
    // run's article: both may hold (an article re-sent today and rejected).
    let find = |doc: Option<Document>, id: &str, other: Option<&Document>, other_id: &str| match doc {
        Some(doc) => Ok(doc),
        None => match (went(run_dir, id), of_earlier_run(other, id, other_id)) {
            // Both: an article sent again today (and refused) that an earlier run also had.
            (Some(went), Some(earlier)) => bail!("{went}; and {earlier}"),
            (Some(message), None) | (None, Some(message)) => bail!("{message}"),
            (None, None) => bail!("{}", missing(&file, run_dir, id)),
        },
    };
    let found_a = find(doc_a, a, doc_b.as_ref(), b);
    let found_b = find(doc_b, b, found_a.as_ref().ok(), a);
    let (doc_a, doc_b) = match (found_a, found_b) {
        (Ok(doc_a), Ok(doc_b)) => (doc_a, doc_b),
        (Err(err), Ok(_)) | (Ok(_), Err(err)) => return Err(err),
        // Both missing: say where each went.
        (Err(err_a), Err(err_b)) => bail!("{err_a}\n{err_b}"),
    };
    let mut out = super::Output::stdout();
    let scores = copydesk_dedup::text_scores(&doc_a.text, &doc_b.text, size);
    for (doc, from) in [&doc_a, &doc_b].into_iter().zip(&from_earlier) {
        // Counted as the shared passages are below (runs of letters and digits), so the shared
        // words never outnumber a text's own.
        let words = copydesk_dedup::shingle_words(&doc.text);
        let place =
            from.as_ref().map(|f| format!(" (an earlier run's: {})", f.display())).unwrap_or_default();
        match &doc.dedup {
            Some(info) => writeln!(
                out,
                "{}: {}, cluster {}{}{place}",
                doc.id,
                count(words, "word"),
                info.cluster,
                info.duplicate_of.as_ref().map(|r| format!(", duplicate of {r}")).unwrap_or_default()
            )?,
            None => writeln!(out, "{}: {}, not deduplicated{place}", doc.id, count(words, "word"))?,
        }
    }
    let (verdict, apart) = match (&doc_a.dedup, &doc_b.dedup) {
        (Some(x), Some(y)) if x.cluster == y.cluster => ("same cluster", false),
        (Some(_), Some(_)) => ("different clusters", true),
        _ => ("not both deduplicated", false),
    };
    writeln!(
        out,
        "{} {}: jaccard {:.4}, containment {:.4}, overlap of the longer {:.4} ({size}-word shingles{size_note}, whole texts); {}",
        a, b, scores.jaccard, scores.containment, scores.overlap, verdict
    )?;
    // The run's own scores of the pair, when one is the other's duplicate: on the texts without
    // the boilerplate paragraphs dedup found, which whole texts keep.
    let recorded = [(&doc_a, b), (&doc_b, a)].into_iter().find_map(|(doc, other)| {
        let info = doc.dedup.as_ref()?;
        (info.duplicate_of.as_deref() == Some(other)).then_some((info.jaccard?, info.containment?))
    });
    let rounded = copydesk_dedup::round;
    if let Some((j, c)) = recorded
        && size == rule.options.shingle_size
        && (rounded(j) != rounded(scores.jaccard) || rounded(c) != rounded(scores.containment))
    {
        writeln!(
            out,
            "the run scored them jaccard {j:.4}, containment {c:.4}: dedup compares texts without the \
             boilerplate paragraphs it found across the run (lines many other articles share), which these \
             whole texts keep"
        )?;
    }
    let other_figures = copydesk_dedup::Figures::differ(&doc_a.text, &doc_b.text).map(|(only_a, only_b)| {
        let listed =
            |figures: Vec<String>| if figures.is_empty() { "none".to_string() } else { figures.join(", ") };
        format!(
            "both are short (under {} words) and their figures disagree (only in {a}: {}; only in {b}: {}): \
             two reports of one template",
            copydesk_dedup::SHORT_WORDS,
            listed(only_a),
            listed(only_b)
        )
    });
    writeln!(out, "{}", rule.judge(&scores, other_figures.as_deref()))?;
    // (A pair kept apart by its figures alone was compared: no miss limit is to blame.)
    if apart && !(other_figures.is_some() && rule.options.rule().is_duplicate(&scores)) {
        let spent = texts_at_miss_limit(report.as_ref());
        if spent > 0 {
            writeln!(
                out,
                "(in this run {spent} texts reached dedup's max_misses and were checked further only against \
                 texts sharing many of their LSH bands: a pair of them may not have been compared)"
            )?;
        }
    }
    let passages = copydesk_dedup::shared_passages(&doc_a.text, &doc_b.text, size);
    let shared: usize = passages.iter().map(|p| p.words).sum();
    let ends = if passages.is_empty() { "." } else { ":" };
    writeln!(out, "{}, {} of {a}{ends}", count(passages.len(), "shared passage"), count(shared, "word"))?;
    for p in &passages {
        writeln!(
            out,
            "\n[{a} bytes {}..{}, {b} bytes {}..{}, {}]",
            p.a.start,
            p.a.end,
            p.b.start,
            p.b.end,
            count(p.words, "word")
        )?;
        writeln!(out, "{}", doc_a.text[p.a.clone()].replace("\n\n", " ¶ "))?;
    }
    out.flush()?;
    Ok(())
}

/// The rule the run's dedup stage judged by: its `jaccard`, `containment` and
/// `containment_overlap` (and `shingle_size`) as the run's report records them (those its
/// config left out at dedup's defaults), else dedup's defaults (a report from before reports
/// recorded options, or none beside the articles).
struct RunRule {
    options: copydesk_dedup::DedupOptions,
    /// Whether they are the run's own.
    from_run: bool,
}

impl RunRule {
    fn of(report: Option<&serde_json::Value>) -> RunRule {
        let mut options = copydesk_dedup::DedupOptions::default();
        let recorded = report.and_then(|report| {
            let stages = report["stages"].as_array()?;
            // The last dedup stage's: the one whose annotation the export wrote.
            stages
                .iter()
                .rfind(|s| s["type"] == "dedup")
                .map(|s| s["options"].clone())
                .filter(|o| o.is_object())
        });
        let Some(recorded) = recorded else { return RunRule { options, from_run: false } };
        let number = |key: &str, default: f64| recorded[key].as_f64().unwrap_or(default);
        options.jaccard = number("jaccard", options.jaccard);
        options.containment = number("containment", options.containment);
        options.containment_overlap = number("containment_overlap", options.containment_overlap);
        if let Some(size) = recorded["shingle_size"].as_u64().filter(|&n| n >= 1) {
            options.shingle_size = (size as usize).min(copydesk_dedup::MAX_SHINGLE_SIZE);
        }
        RunRule { options, from_run: true }
    }

    /// What the rule makes of the whole texts' scores, and which of its parts decides: a pair
    /// with a high containment but a short text inside a long one is kept apart by the overlap
    /// floor, which the scores alone do not say. (Dedup also scores the texts without the
    /// boilerplate paragraphs it found.) `figures`: why the texts' figures keep them apart, when
    /// they do.
    fn judge(&self, s: &copydesk_dedup::Scores, figures: Option<&str>) -> String {
        let rule = &self.options;
        let (j, c, o) = (rule.jaccard, rule.containment, rule.containment_overlap);
        // What passes the rule by the texts' words, if anything does.
        let passing = if s.jaccard >= j {
            Some(format!("jaccard {:.4} ≥ {j}", s.jaccard))
        } else if s.containment >= c && s.overlap >= o {
            Some(format!(
                "containment {:.4} ≥ {c}, sharing {:.4} of the longer ≥ {o}",
                s.containment, s.overlap
            ))
        } else {
            None
        };
        let verdict = if let Some(passing) = passing {
            match figures {
                Some(why) => format!("not duplicates: {passing} by their words, but {why}"),
                None => format!("duplicates: {passing}"),
            }
        } else if s.containment >= c {
            format!(
                "not duplicates: jaccard {:.4} < {j}, and containment {:.4} ≥ {c} but sharing only {:.4} of the \
                 longer (< {o}: a short text inside a long one, such as a brief pasted into a story, is kept apart)",
                s.jaccard, s.containment, s.overlap
            )
        } else {
            format!(
                "not duplicates: jaccard {:.4} < {j} and containment {:.4} < {c}",
                s.jaccard, s.containment
            )
        };
        let whose = if self.from_run { "by this run's dedup rule" } else { "by dedup's default rule" };
        format!(
            "{whose} (jaccard ≥ {j}, or containment ≥ {c} sharing at least {o} of the longer text; \
             for two short texts, figures that agree): {verdict}"
        )
    }
}

/// "1 word", "2 words".
fn count(n: usize, what: &str) -> String {
    if n == 1 { format!("1 {what}") } else { format!("{n} {what}s") }
}

/// Where `id` went in the run whose output directory is `dir`, as its `duplicates.jsonl` or
/// `rejects.jsonl` says: dropped as a duplicate, or rejected.
fn went(dir: &Path, id: &str) -> Option<String> {
    let find = |name: &str| record_of(&dir.join(name), id);
    if let Some(dropped) = find("duplicates.jsonl") {
        let of = dropped["duplicate_of"].as_str().unwrap_or("?");
        let similarity =
            dropped["similarity"].as_f64().map(|s| format!(", similarity {s:.4}")).unwrap_or_default();
        // `mode: annotate` would keep its text, but not the earlier run's article's: dedup's
        // index remembers that one without its text.
        let then = if dropped["of_earlier_run"] == true {
            format!(
                "`{of}` is an article of an earlier run, which dedup's index (`index_in`) remembers without \
                 its text: compare the two in that run's export and this run's input"
            )
        } else {
            "run with `mode: annotate` to see the passages".to_string()
        };
        return Some(format!(
            "`{id}` was dropped by `{}` as a duplicate of `{of}`{similarity} ({}); a run with dedup \
             `mode: drop` keeps no text of it to compare: {then}",
            dropped["stage"].as_str().unwrap_or("dedup"),
            dir.join("duplicates.jsonl").display()
        ));
    }
    let rejected = find("rejects.jsonl")?;
    Some(format!(
        "`{id}` was rejected by `{}`: {} ({})",
        rejected["stage"].as_str().unwrap_or("?"),
        rejected["reason"].as_str().unwrap_or("?"),
        dir.join("rejects.jsonl").display()
    ))
}

/// The articles `ids` of the export `file` into the empty slots of `docs`, streamed a line at a
/// time with only the wanted lines parsed whole (a large run's export does not fit in memory).
/// `this_run`: the file is the run's own export (an earlier run's is named as given). Which
/// slots it filled.
fn scan(file: &Path, ids: [&str; 2], docs: &mut [Option<Document>; 2], this_run: bool) -> Result<[bool; 2]> {
    let reader = BufReader::new(File::open(file).with_context(|| {
        let hint = if this_run { " (run a pipeline first, or name its output)" } else { "" };
        format!("cannot read {}{hint}", file.display())
    })?);
    #[derive(serde::Deserialize)]
    struct Id<'a> {
        #[serde(borrow)]
        id: std::borrow::Cow<'a, str>,
    }
    let mut filled = [false; 2];
    for (n, line) in reader.lines().enumerate() {
        let at = || format!("{}:{}", file.display(), n + 1);
        let line = line.with_context(at)?;
        if line.trim().is_empty() {
            continue;
        }
        let id = serde_json::from_str::<Id>(&line).with_context(|| format!("{}: not an article", at()))?.id;
        let Some(slot) = (0..2).find(|&i| docs[i].is_none() && id == ids[i]) else { continue };
        let doc: Document =
            serde_json::from_str(&line).with_context(|| format!("{}: not an article", at()))?;
        docs[slot] = Some(doc);
        filled[slot] = true;
        if docs.iter().all(Option::is_some) {
            break;
        }
    }
    Ok(filled)
}

/// Whether `id` is marked a duplicate of itself, in the export `articles` or in the run's
/// `duplicates.jsonl` in `dir`: an article sent again under its id, a copy of an earlier run's.
fn re_sent(articles: &Path, dir: &Path, id: &str) -> bool {
    record_of(articles, id).is_some_and(|v| v["dedup"]["duplicate_of"] == id)
        || record_of(&dir.join("duplicates.jsonl"), id).is_some_and(|v| v["duplicate_of"] == id)
}

/// The first record of the JSON-lines file at `path` whose `id` is `id`, if the file is there.
/// Only the lines that hold the id are parsed: an export may be gigabytes.
fn record_of(path: &Path, id: &str) -> Option<serde_json::Value> {
    BufReader::new(File::open(path).ok()?)
        .lines()
        .map_while(Result::ok)
        .filter(|l| l.contains(id))
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(&l).ok())
        .find(|v| v["id"] == id)
}

/// Why an id is in neither `articles` (a run's export) nor its run's other files in `dir`.
fn missing(articles: &Path, dir: &Path, id: &str) -> String {
    let looked = if ["duplicates.jsonl", "rejects.jsonl"].iter().any(|name| dir.join(name).exists()) {
        String::new()
    } else {
        // Given an export file in a directory of its own: the run's files are elsewhere.
        format!(
            " (no duplicates.jsonl or rejects.jsonl in {} to say where it went: name the run's output directory)",
            dir.display()
        )
    };
    format!("no article `{id}` in {}{looked}", articles.display())
}

/// How many texts reached dedup's `max_misses` in the run, as its `report.json` counts them (0
/// when there is none).
fn texts_at_miss_limit(report: Option<&serde_json::Value>) -> u64 {
    let stages = report.and_then(|r| r["stages"].as_array());
    stages.into_iter().flatten().filter_map(|s| s["counters"]["texts_at_miss_limit"].as_u64()).sum()
}

#[cfg(test)]
mod tests {
    use super::RunRule;
    use copydesk_dedup::Scores;

    /// Each part of the rule, and the overlap floor that keeps a contained short text apart.
    #[test]
    fn the_rule_says_which_part_decides() {
        let rule = RunRule::of(None);
        let said =
            |jaccard, containment, overlap| rule.judge(&Scores { jaccard, containment, overlap }, None);
        assert!(said(0.385, 0.608, 0.385).starts_with("by dedup's default rule (jaccard ≥ 0.36,"));
        assert!(said(0.385, 0.608, 0.385).ends_with("duplicates: jaccard 0.3850 ≥ 0.36"));
        assert!(
            said(0.30, 0.95, 0.40)
                .ends_with("duplicates: containment 0.9500 ≥ 0.9, sharing 0.4000 of the longer ≥ 0.3")
        );
        let apart = said(0.1585, 1.0, 0.1585);
        assert!(
            apart.contains("not duplicates")
                && apart.contains("but sharing only 0.1585 of the longer (< 0.3"),
            "{apart}"
        );
        assert!(
            said(0.05, 0.13, 0.05)
                .ends_with("not duplicates: jaccard 0.0500 < 0.36 and containment 0.1300 < 0.9")
        );
        // Two short reports whose figures disagree.
        let why = "both are short";
        let scores = Scores { jaccard: 0.6, containment: 0.7, overlap: 0.6 };
        assert!(
            rule.judge(&scores, Some(why))
                .ends_with("not duplicates: jaccard 0.6000 ≥ 0.36 by their words, but both are short"),
            "{}",
            rule.judge(&scores, Some(why))
        );
        // Figures do not make copies of texts whose words do not.
        assert!(
            rule.judge(&Scores { jaccard: 0.05, ..scores }, Some(why))
                .contains("not duplicates: jaccard 0.0500 <")
        );
    }

    /// The run's recorded options, each key on its own; what a report leaves out stays dedup's
    /// default.
    #[test]
    fn the_runs_rule_is_read_from_its_report() {
        let report = serde_json::json!({"stages": [
            {"type": "ingest", "options": {"jaccard": 0.1}},
            {"type": "dedup", "options": {"jaccard": 0.5, "containment_overlap": 0.6, "shingle_size": 5}},
        ]});
        let rule = RunRule::of(Some(&report));
        assert!(rule.from_run);
        let o = &rule.options;
        assert_eq!((o.jaccard, o.containment, o.containment_overlap, o.shingle_size), (0.5, 0.9, 0.6, 5));
        let said = rule.judge(&Scores { jaccard: 0.45, containment: 0.95, overlap: 0.5 }, None);
        assert!(said.starts_with(
            "by this run's dedup rule (jaccard ≥ 0.5, or containment ≥ 0.9 sharing at least 0.6"
        ));
        assert!(said.contains("but sharing only 0.5000 of the longer (< 0.6"), "{said}");
        // A report without options: the defaults, said to be.
        let old = serde_json::json!({"stages": [{"type": "dedup", "counters": {}}]});
        assert!(!RunRule::of(Some(&old)).from_run);
    }
}
