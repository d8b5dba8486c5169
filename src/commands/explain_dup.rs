//! `copydesk explain-dup ID_A ID_B [OUTPUT]`: why dedup did (or did not) put two articles
//! together. Reads a run's `articles.jsonl` (OUTPUT is the file, or the run's output directory,
//! whose report says where an export with a `dir:` of its own wrote it), prints each article's
//! dedup annotation, their exact scores, and the passages they share. An id that is not among
//! the articles is looked up in the run's `duplicates.jsonl` and `rejects.jsonl`, to say where
//! it went.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};
use copydesk_core::Document;

pub fn run(a: &str, b: &str, output: &Path, size: usize) -> Result<()> {
    let file = super::articles_file(output)?;
    // The run's own files (duplicates.jsonl, rejects.jsonl) are in its output directory.
    let run_dir = if output.is_dir() { output } else { output.parent().unwrap_or(Path::new(".")) };
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
    let reader = BufReader::new(File::open(&file).with_context(|| {
        format!("cannot read {} (run a pipeline first, or name its output)", file.display())
    })?);
    // Streamed, a line at a time, and only the two wanted lines parsed whole: a large run's
    // export does not fit in memory.
    #[derive(serde::Deserialize)]
    struct Id<'a> {
        #[serde(borrow)]
        id: std::borrow::Cow<'a, str>,
    }
    let (mut doc_a, mut doc_b) = (None, None);
    for (n, line) in reader.lines().enumerate() {
        let at = || format!("{}:{}", file.display(), n + 1);
        let line = line.with_context(at)?;
        if line.trim().is_empty() {
            continue;
        }
        let id = serde_json::from_str::<Id>(&line).with_context(|| format!("{}: not an article", at()))?.id;
        let slot = if id == a && doc_a.is_none() {
            &mut doc_a
        } else if id == b && doc_b.is_none() {
            &mut doc_b
        } else {
            continue;
        };
        let doc: Document =
            serde_json::from_str(&line).with_context(|| format!("{}: not an article", at()))?;
        *slot = Some(doc);
        if doc_a.is_some() && doc_b.is_some() {
            break;
        }
    }
    // An id the other document points to but this run did not export: an article of an
    // earlier run, which dedup's index remembers (without its text).
    let earlier = |doc: Option<&Document>, id: &str, other: &str| {
        let info = doc?.dedup.as_ref()?;
        (info.duplicate_of.as_deref() == Some(id) || info.cluster == id).then(|| {
            format!(
                "`{id}` is not in this run ({}): `{other}` was marked a duplicate of it, an article of an earlier \
                 run that dedup's index (`index_in`) remembers without its text; its text is in that run's export",
                file.display()
            )
        })
    };
    // Where this run's own files say it went, and whether the other points to it as an earlier
    // run's article: both may hold (an article re-sent today and rejected).
    let find = |doc: Option<Document>, id: &str, other: Option<&Document>, other_id: &str| match doc {
        Some(doc) => Ok(doc),
        None => match (went(run_dir, id), earlier(other, id, other_id)) {
            // Both: an article sent again today (and refused) that an earlier run also had.
            (Some(went), Some(earlier)) => bail!("{went}; and {earlier}"),
            (Some(message), None) | (None, Some(message)) => bail!("{message}"),
            (None, None) => bail!("{}", missing(&file, run_dir, id)),
        },
    };
    let doc_a = find(doc_a, a, doc_b.as_ref(), b)?;
    let doc_b = find(doc_b, b, Some(&doc_a), a)?;
    let mut out = super::Output::stdout();
    let scores = copydesk_dedup::text_scores(&doc_a.text, &doc_b.text, size);
    for doc in [&doc_a, &doc_b] {
        // Counted as the shared passages are below (runs of letters and digits), so the shared
        // words never outnumber a text's own.
        let words = copydesk_dedup::shingle_words(&doc.text);
        match &doc.dedup {
            Some(info) => writeln!(
                out,
                "{}: {}, cluster {}{}",
                doc.id,
                count(words, "word"),
                info.cluster,
                info.duplicate_of.as_ref().map(|r| format!(", duplicate of {r}")).unwrap_or_default()
            )?,
            None => writeln!(out, "{}: {}, not deduplicated", doc.id, count(words, "word"))?,
        }
    }
    let (verdict, apart) = match (&doc_a.dedup, &doc_b.dedup) {
        (Some(x), Some(y)) if x.cluster == y.cluster => ("same cluster", false),
        (Some(_), Some(_)) => ("different clusters", true),
        _ => ("not both deduplicated", false),
    };
    writeln!(
        out,
        "{} {}: jaccard {:.4}, containment {:.4}, overlap of the longer {:.4} ({size}-word shingles, whole texts); {}",
        a, b, scores.jaccard, scores.containment, scores.overlap, verdict
    )?;
    writeln!(out, "{}", by_the_rule(&scores))?;
    if apart {
        let spent = texts_at_miss_limit(run_dir);
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

/// What dedup's default rule makes of the whole texts' scores, and which of its parts decides:
/// a pair with a high containment but a short text inside a long one is kept apart by the
/// overlap floor, which the scores alone do not say. (A run with other `jaccard`, `containment`
/// or `containment_overlap` options judges by those; dedup also scores the texts without the
/// boilerplate paragraphs it found.)
fn by_the_rule(s: &copydesk_dedup::Scores) -> String {
    let rule = copydesk_dedup::DedupOptions::default();
    let (j, c, o) = (rule.jaccard, rule.containment, rule.containment_overlap);
    let verdict = if s.jaccard >= j {
        format!("duplicates: jaccard {:.4} ≥ {j}", s.jaccard)
    } else if s.containment >= c && s.overlap >= o {
        format!(
            "duplicates: containment {:.4} ≥ {c}, sharing {:.4} of the longer ≥ {o}",
            s.containment, s.overlap
        )
    } else if s.containment >= c {
        format!(
            "not duplicates: jaccard {:.4} < {j}, and containment {:.4} ≥ {c} but sharing only {:.4} of the longer \
             (< {o}: a short text inside a long one, such as a brief pasted into a story, is kept apart)",
            s.jaccard, s.containment, s.overlap
        )
    } else {
        format!("not duplicates: jaccard {:.4} < {j} and containment {:.4} < {c}", s.jaccard, s.containment)
    };
    format!(
        "by dedup's default rule (jaccard ≥ {j}, or containment ≥ {c} sharing at least {o} of the longer text): \
         {verdict}"
    )
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

/// How many texts reached dedup's `max_misses` in the run whose output directory is `dir`, as
/// its `report.json` counts them (0 when there is none).
fn texts_at_miss_limit(dir: &Path) -> u64 {
    let report = super::run_report(dir);
    let stages = report.as_ref().and_then(|r| r["stages"].as_array());
    stages.into_iter().flatten().filter_map(|s| s["counters"]["texts_at_miss_limit"].as_u64()).sum()
}

#[cfg(test)]
mod tests {
    use super::by_the_rule;
    use copydesk_dedup::Scores;

    /// Each part of the rule, and the overlap floor that keeps a contained short text apart.
    #[test]
    fn the_rule_says_which_part_decides() {
        let said = |jaccard, containment, overlap| by_the_rule(&Scores { jaccard, containment, overlap });
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
    }
}
