//! Commands beyond running a pipeline: evaluation and inspection tools.

pub mod entities;
pub mod explain_dup;
pub mod tag_conll;

use std::path::{Path, PathBuf};

/// A run's exported articles, from what the user named: a file is itself; in a run's output
/// directory, where its `report.json` says an export wrote `articles.jsonl` (its own `dir:`
/// included), else `DIR/articles.jsonl` (an older run's, or for the error).
pub fn articles_file(output: &Path) -> PathBuf {
    if !output.is_dir() {
        return output.to_path_buf();
    }
    let reported = run_report(output).and_then(|report| {
        let stages = report["stages"].as_array()?.iter();
        let files = stages.flat_map(|s| s["files"].as_array().into_iter().flatten());
        files.filter_map(|f| f.as_str()).find(|f| f.ends_with("articles.jsonl")).map(|f| output.join(f))
    });
    reported.unwrap_or_else(|| output.join("articles.jsonl"))
}

/// The `report.json` of the run whose output directory is `dir`, if it has a readable one.
pub fn run_report(dir: &Path) -> Option<serde_json::Value> {
    let bytes = std::fs::read(dir.join("report.json")).ok()?;
    serde_json::from_slice(&bytes).ok()
}
