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
    let reported = std::fs::read(output.join("report.json"))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
        .and_then(|report| {
            let stages = report["stages"].as_array()?.iter();
            let files = stages.flat_map(|s| s["files"].as_array().into_iter().flatten());
            files.filter_map(|f| f.as_str()).find(|f| f.ends_with("articles.jsonl")).map(|f| output.join(f))
        });
    reported.unwrap_or_else(|| output.join("articles.jsonl"))
}
