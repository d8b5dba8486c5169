//! Per-stage counts and timings, kept per worker thread and merged at the end.

use std::path::{Path, PathBuf};
use std::time::Duration;

use copydesk_core::Counters;
use serde::Serialize;

use crate::config::OnError;

#[derive(Debug, Default, Clone)]
pub struct WorkerStats {
    pub docs_in: u64,
    pub docs_out: u64,
    pub rejected: u64,
    pub duplicates: u64,
    /// Documents rejected because `process` failed on them (`on_error: reject`).
    pub failed: u64,
    pub bytes_in: u64,
    pub busy: Duration,
    /// The part of `busy` spent in `Stage::finish` calls (the stage's end-of-input work).
    pub in_finish: Duration,
    pub counters: Counters,
    /// Output files the stage wrote (see `Output::wrote`).
    pub files: Vec<PathBuf>,
    /// The size of each of `files` the stage left the runtime to put in place
    /// (`Output::on_place`), as written.
    pub file_bytes: Vec<(PathBuf, u64)>,
}

impl WorkerStats {
    pub fn merge(&mut self, other: WorkerStats) {
        self.docs_in += other.docs_in;
        self.docs_out += other.docs_out;
        self.rejected += other.rejected;
        self.duplicates += other.duplicates;
        self.failed += other.failed;
        self.bytes_in += other.bytes_in;
        self.busy += other.busy;
        self.in_finish += other.in_finish;
        for (name, n) in other.counters {
            *self.counters.entry(name).or_default() += n;
        }
        self.files.extend(other.files);
        self.file_bytes.extend(other.file_bytes);
    }
}

/// One stage's line in the report.
#[derive(Debug, Clone, Serialize)]
pub struct StageReport {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub workers: usize,
    /// `reject` when the config says so (`on_error`); not written for the default, `stop`.
    #[serde(skip_serializing_if = "is_stop")]
    pub on_error: OnError,
    /// Its options as the config writes them; those left out took the defaults of the report's
    /// `version` (`copydesk stages` lists them). With `version`, what made the output.
    pub options: serde_json::Value,
    #[serde(rename = "in")]
    pub docs_in: u64,
    #[serde(rename = "out")]
    pub docs_out: u64,
    pub rejected: u64,
    /// Of `rejected`, the documents `process` failed on; only with `on_error: reject`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failed: Option<u64>,
    pub duplicates_dropped: u64,
    /// Text bytes received (for a source: emitted).
    pub bytes: u64,
    /// Time spent inside the stage's own code, summed over its workers.
    pub busy_seconds: f64,
    /// The part of `busy_seconds` spent in the stage's `finish` calls, its end-of-input work,
    /// summed over its workers: dedup's boilerplate pass, clustering, release and index save;
    /// export's completing and syncing its files and waiting for its CSV thread; 0 for the
    /// source. (Documents a stage still processes after its input ended are not in it.)
    pub finish_seconds: f64,
    /// Documents per second of busy time: the stage's speed on one core.
    pub docs_per_busy_second: f64,
    pub mb_per_busy_second: f64,
    #[serde(skip_serializing_if = "Counters::is_empty")]
    pub counters: Counters,
    /// The output files the stage wrote (`Output::wrote`): relative to the run's output
    /// directory when inside it (`articles.jsonl`), otherwise absolute.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<String>,
    /// Bytes of each of `files` the runtime put in place, by the name `files` gives it: a tool
    /// reading the run's output (`copydesk entities`) tells this run's file from one of another
    /// size, which a later run whose export has the same `dir:` wrote.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub file_bytes: std::collections::BTreeMap<String, u64>,
}

impl StageReport {
    pub fn new(stage: &StageInfo, stats: WorkerStats, output: &Path) -> Self {
        let secs = stats.busy.as_secs_f64();
        let rate = |n: f64| if secs > 0.0 { round(n / secs) } else { 0.0 };
        StageReport {
            id: stage.id.to_string(),
            kind: stage.kind.to_string(),
            workers: stage.workers,
            on_error: stage.on_error,
            options: stage.options.clone(),
            docs_in: stats.docs_in,
            docs_out: stats.docs_out,
            rejected: stats.rejected,
            failed: (stage.on_error == OnError::Reject).then_some(stats.failed),
            duplicates_dropped: stats.duplicates,
            bytes: stats.bytes_in,
            busy_seconds: round(secs),
            finish_seconds: round(stats.in_finish.as_secs_f64()),
            docs_per_busy_second: rate(stats.docs_in.max(stats.docs_out) as f64),
            mb_per_busy_second: rate(stats.bytes_in as f64 / 1e6),
            counters: stats.counters,
            files: stats.files.iter().map(|f| shown(f, output)).collect(),
            file_bytes: stats.file_bytes.iter().map(|(f, bytes)| (shown(f, output), *bytes)).collect(),
        }
    }
}

/// What the report says of a stage besides its figures.
pub struct StageInfo<'a> {
    pub id: &'a str,
    pub kind: &'a str,
    pub workers: usize,
    pub on_error: OnError,
    pub options: &'a serde_json::Value,
}

fn is_stop(on_error: &OnError) -> bool {
    *on_error == OnError::Stop
}

/// `file` relative to `output` when inside it, otherwise absolute (as far as the working
/// directory allows): a run's output directory can be moved or read from elsewhere.
fn shown(file: &Path, output: &Path) -> String {
    // Both as one place however written: "./out/articles.jsonl" is in "out",
    // "out/../elsewhere/articles.jsonl" is not; outside it, the file's real path.
    // (The file's own name is not followed: one put in place over a link replaces the link.)
    let (file, output) = (copydesk_core::paths::resolved_file(file), copydesk_core::paths::resolved(output));
    match file.strip_prefix(&output) {
        Ok(inside) => inside.display().to_string(),
        Err(_) => file.display().to_string(),
    }
}

pub(crate) fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::shown;

    #[test]
    fn files_outside_the_output_directory_are_shown_whole() {
        let base = tempfile::tempdir().unwrap();
        let (out, elsewhere) = (base.path().join("out"), base.path().join("elsewhere"));
        std::fs::create_dir_all(&out).unwrap();
        std::fs::create_dir_all(&elsewhere).unwrap();
        assert_eq!(shown(&out.join("articles.jsonl"), &out), "articles.jsonl");
        let climbing = out.join("../elsewhere/articles.jsonl");
        let real = elsewhere.canonicalize().unwrap().join("articles.jsonl");
        assert_eq!(shown(&climbing, &out), real.display().to_string());
    }
}
