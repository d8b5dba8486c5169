//! `copydesk explain-dup ID_A ID_B [OUTPUT]`: why dedup did (or did not) put two articles
//! together. Reads a run's `articles.jsonl` (OUTPUT is the run's directory or the file itself),
//! prints each article's dedup annotation, their exact scores, and the passages they share.
//! An id that is not among the articles is looked up in the run's `duplicates.jsonl` and
//! `rejects.jsonl` beside it, to say where it went.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use copydesk_core::Document;

pub fn run(a: &str, b: &str, output: &Path, size: usize) -> Result<()> {
    if a == b {
        bail!("give two different ids (both are `{a}`)");
    }
    if size == 0 {
        bail!("--shingle-size must be at least 1");
    }
    let file: PathBuf = if output.is_dir() { output.join("articles.jsonl") } else { output.to_path_buf() };
    let text = std::fs::read_to_string(&file).with_context(|| {
        format!("cannot read {} (run a pipeline first, or name its output)", file.display())
    })?;
    let (mut doc_a, mut doc_b) = (None, None);
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let doc: Document = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not an article", file.display(), n + 1))?;
        if doc.id == a && doc_a.is_none() {
            doc_a = Some(doc);
        } else if doc.id == b && doc_b.is_none() {
            doc_b = Some(doc);
        }
    }
    let find = |doc: Option<Document>, id: &str| match doc {
        Some(doc) => Ok(doc),
        None => bail!("{}", missing(&file, id)),
    };
    let (doc_a, doc_b) = (find(doc_a, a)?, find(doc_b, b)?);
    let scores = copydesk_dedup::text_scores(&doc_a.text, &doc_b.text, size);
    for doc in [&doc_a, &doc_b] {
        let words = doc.word_count();
        match &doc.dedup {
            Some(info) => println!(
                "{}: {words} words, cluster {}{}",
                doc.id,
                info.cluster,
                info.duplicate_of.as_ref().map(|r| format!(", duplicate of {r}")).unwrap_or_default()
            ),
            None => println!("{}: {words} words, not deduplicated", doc.id),
        }
    }
    let verdict = match (&doc_a.dedup, &doc_b.dedup) {
        (Some(x), Some(y)) if x.cluster == y.cluster => "same cluster",
        (Some(_), Some(_)) => "different clusters",
        _ => "not both deduplicated",
    };
    println!(
        "{} {}: jaccard {:.4}, containment {:.4}, overlap of the longer {:.4} ({size}-word shingles, whole texts); {}",
        a, b, scores.jaccard, scores.containment, scores.overlap, verdict
    );
    let passages = copydesk_dedup::shared_passages(&doc_a.text, &doc_b.text, size);
    let shared: usize = passages.iter().map(|p| p.words).sum();
    println!("{} shared passages, {shared} words of {a}:", passages.len());
    for p in &passages {
        println!(
            "\n[{a} bytes {}..{}, {b} bytes {}..{}, {} words]",
            p.a.start, p.a.end, p.b.start, p.b.end, p.words
        );
        println!("{}", doc_a.text[p.a.clone()].replace("\n\n", " ¶ "));
    }
    Ok(())
}

/// Why `id` is not in `articles` (a run's export): dropped as a duplicate or rejected, as the
/// run's `duplicates.jsonl` or `rejects.jsonl` beside it says, or not in the run at all.
fn missing(articles: &Path, id: &str) -> String {
    let dir = articles.parent().unwrap_or(Path::new("."));
    let find = |name: &str| -> Option<serde_json::Value> {
        let text = std::fs::read_to_string(dir.join(name)).ok()?;
        text.lines().filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok()).find(|v| v["id"] == id)
    };
    if let Some(dropped) = find("duplicates.jsonl") {
        let of = dropped["duplicate_of"].as_str().unwrap_or("?");
        let similarity =
            dropped["similarity"].as_f64().map(|s| format!(", similarity {s:.4}")).unwrap_or_default();
        return format!(
            "`{id}` was dropped by `{}` as a duplicate of `{of}`{similarity} ({}); a run with dedup \
             `mode: drop` keeps no text of it to compare: run with `mode: mark` to see the passages",
            dropped["stage"].as_str().unwrap_or("dedup"),
            dir.join("duplicates.jsonl").display()
        );
    }
    if let Some(rejected) = find("rejects.jsonl") {
        return format!(
            "`{id}` was rejected by `{}`: {} ({})",
            rejected["stage"].as_str().unwrap_or("?"),
            rejected["reason"].as_str().unwrap_or("?"),
            dir.join("rejects.jsonl").display()
        );
    }
    format!("no article `{id}` in {}", articles.display())
}
