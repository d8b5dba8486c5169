//! `cargo xtask eval-dedup FILE.jsonl [--keep DIR]`: how well the dedup stage finds the clusters
//! of a labelled file (JSON lines with `id`, `title`, `text`, `cluster`).
//!
//! Runs the release binary over FILE with ingest → normalize → fingerprint → dedup → export, the
//! dedup options of the default pipeline (the stage defaults), then compares each article's
//! `dedup.cluster` with its `cluster` label: adjusted Rand index, pairwise precision, recall and
//! F1, and the time of the run and of the dedup stages (from report.json).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};

/// Returns the wall time of the run, seconds.
pub fn run(args: &[String]) -> Result<f64> {
    let (file, work) = match args {
        [file] => (PathBuf::from(file), crate::root().join("target/eval-dedup")),
        [file, flag, dir] if flag == "--keep" => (PathBuf::from(file), PathBuf::from(dir)),
        _ => bail!("usage: cargo xtask eval-dedup FILE.jsonl [--keep DIR]"),
    };
    let file = std::fs::canonicalize(&file).with_context(|| {
        format!(
            "cannot read {}: pass a labelled JSON-lines file (id, title, text, cluster); the development set \
             is ../shared/data/dedup/bbc-syndicated.jsonl, which is not part of the repository",
            file.display()
        )
    })?;
    let truth = labels(&file)?;
    std::fs::create_dir_all(&work)?;
    let config = work.join("pipeline.yaml");
    std::fs::write(&config, pipeline(&file))?;

    let binary = crate::build_release_binary()?;
    let started = Instant::now();
    let mut run = Command::new(binary);
    run.arg("run").arg(&config).arg("--quiet");
    crate::status(run)?;
    let seconds = started.elapsed().as_secs_f64();

    let mut ids = Vec::new();
    let mut predicted = Vec::new();
    let articles = work.join("out/articles.jsonl");
    for line in std::fs::read_to_string(&articles)
        .with_context(|| format!("cannot read {}", articles.display()))?
        .lines()
    {
        let doc: serde_json::Value = serde_json::from_str(line)?;
        let id = doc["id"].as_str().context("an article without id")?.to_string();
        predicted.push(doc["dedup"]["cluster"].as_str().unwrap_or(&id).to_string());
        ids.push(id);
    }
    let truth: Vec<&str> = ids
        .iter()
        .map(|id| truth.get(id).map(String::as_str).with_context(|| format!("article `{id}` has no label")))
        .collect::<Result<_>>()?;
    let predicted: Vec<&str> = predicted.iter().map(String::as_str).collect();
    let scores = Scores::of(&truth, &predicted);
    println!(
        "{}: {} articles, {} labelled clusters, {} predicted",
        file.display(),
        ids.len(),
        distinct(&truth),
        distinct(&predicted)
    );
    println!(
        "ARI {:.4}  pairwise precision {:.4}  recall {:.4}  F1 {:.4}",
        scores.ari, scores.precision, scores.recall, scores.f1
    );
    println!("time: {seconds:.2} s for the whole run{}", stage_times(&work.join("out/report.json")));
    Ok(seconds)
}

/// The eval pipeline: the default pipeline's normalize and dedup stages, without tagging (which
/// does not change what dedup sees).
fn pipeline(file: &Path) -> String {
    format!(
        "output: out\nstages:\n  - id: ingest\n    type: ingest\n    paths: [{}]\n  - id: normalize\n    type: normalize\n    workers: 2\n  - id: fingerprint\n    type: fingerprint\n    workers: 2\n  - id: dedup\n    type: dedup\n  - id: export\n    type: export\n    formats: [jsonl]\n",
        serde_json::to_string(&file.display().to_string()).unwrap_or_default()
    )
}

fn labels(file: &Path) -> Result<HashMap<String, String>> {
    let mut out = HashMap::new();
    for (n, line) in std::fs::read_to_string(file)?.lines().enumerate().filter(|(_, l)| !l.trim().is_empty())
    {
        let v: serde_json::Value =
            serde_json::from_str(line).with_context(|| format!("{}:{}: not JSON", file.display(), n + 1))?;
        let text = |key: &str| match &v[key] {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Null => None,
            other => Some(other.to_string()),
        };
        let id = text("id").with_context(|| format!("{}:{}: no `id`", file.display(), n + 1))?;
        let cluster =
            text("cluster").with_context(|| format!("{}:{}: no `cluster`", file.display(), n + 1))?;
        out.insert(id, cluster);
    }
    Ok(out)
}

/// Busy seconds of the fingerprint and dedup stages, from the run report.
fn stage_times(report: &Path) -> String {
    let Ok(text) = std::fs::read_to_string(report) else { return String::new() };
    let Ok(report) = serde_json::from_str::<serde_json::Value>(&text) else { return String::new() };
    let mut parts = Vec::new();
    for stage in report["stages"].as_array().into_iter().flatten() {
        let id = stage["id"].as_str().unwrap_or_default();
        if (id == "fingerprint" || id == "dedup")
            && let Some(busy) = stage["busy_seconds"].as_f64()
        {
            parts.push(format!("{id} {busy:.2} s busy"));
        }
    }
    if parts.is_empty() { String::new() } else { format!(" ({})", parts.join(", ")) }
}

fn distinct(labels: &[&str]) -> usize {
    labels.iter().collect::<std::collections::HashSet<_>>().len()
}

/// Pair-counting scores of a predicted clustering against the labels.
#[derive(Debug, PartialEq)]
pub struct Scores {
    pub ari: f64,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Scores {
    pub fn of(truth: &[&str], predicted: &[&str]) -> Scores {
        let pairs = |n: u64| (n * n.saturating_sub(1) / 2) as f64;
        let mut cells: HashMap<(&str, &str), u64> = HashMap::new();
        let mut rows: HashMap<&str, u64> = HashMap::new();
        let mut cols: HashMap<&str, u64> = HashMap::new();
        for (t, p) in truth.iter().zip(predicted) {
            *cells.entry((t, p)).or_default() += 1;
            *rows.entry(t).or_default() += 1;
            *cols.entry(p).or_default() += 1;
        }
        let both: f64 = cells.values().map(|&n| pairs(n)).sum();
        let same_truth: f64 = rows.values().map(|&n| pairs(n)).sum();
        let same_pred: f64 = cols.values().map(|&n| pairs(n)).sum();
        let expected = same_truth * same_pred / pairs(truth.len() as u64).max(1.0);
        let denominator = 0.5 * (same_truth + same_pred) - expected;
        let ari = if denominator == 0.0 { 1.0 } else { (both - expected) / denominator };
        let precision = if same_pred == 0.0 { 1.0 } else { both / same_pred };
        let recall = if same_truth == 0.0 { 1.0 } else { both / same_truth };
        let f1 =
            if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
        Scores { ari, precision, recall, f1 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pair_counting_scores() {
        let check = |truth: &[&str], predicted: &[&str], ari: f64, precision: f64, recall: f64| {
            let s = Scores::of(truth, predicted);
            let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
            assert!(close(s.ari, ari) && close(s.precision, precision) && close(s.recall, recall), "{s:?}");
        };
        check(&["a", "a", "b"], &["x", "x", "y"], 1.0, 1.0, 1.0);
        // The one true pair found, two false pairs added: precision 1/3, recall 1; chance
        // agreement 1 × 3 / 6 pairs gives ARI (1 - 0.5) / (2 - 0.5).
        check(&["a", "a", "b", "c"], &["x", "x", "x", "y"], 1.0 / 3.0, 1.0 / 3.0, 1.0);
        check(&["a", "a", "b", "b"], &["x", "y", "z", "w"], 0.0, 1.0, 0.0);
    }
}
