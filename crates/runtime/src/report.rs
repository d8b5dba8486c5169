//! The run report: per-stage counts and speeds, totals, and the accounting check that every
//! document read was exported, dropped as a duplicate, or rejected. Written atomically, with
//! the rejects, to the output directory.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use copydesk_core::{Dropped, Reject};
use serde::Serialize;

use crate::records::Records;
use crate::stats::{StageReport, WorkerStats, round};

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("{0}")]
    Config(String),
    #[error("stage `{stage}` failed: {message}")]
    Stage { stage: String, message: String },
    #[error("interrupted: the run was stopped before the end; no output was written")]
    Interrupted,
    #[error("cannot write {}: {source}", path.display())]
    Output { path: PathBuf, source: std::io::Error },
    #[error("{0}")]
    Place(copydesk_core::place::PlaceError),
    #[error("documents unaccounted for: {0}")]
    Accounting(String),
    /// Another run holds the output directory.
    #[error("{0}")]
    Busy(String),
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub config: String,
    pub output: String,
    pub stages: Vec<StageReport>,
    pub totals: Totals,
}

#[derive(Debug, Clone, Serialize)]
pub struct Totals {
    pub read: u64,
    pub exported: u64,
    pub duplicates_dropped: u64,
    pub rejected: u64,
    /// `read = exported + duplicates dropped + rejected`, with the numbers.
    pub accounting: String,
    pub balanced: bool,
    pub elapsed_seconds: f64,
    pub docs_per_second: f64,
    pub mb_per_second: f64,
    /// Peak resident memory of the process, in MB (Linux; absent elsewhere).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peak_rss_mb: Option<f64>,
}

impl Report {
    pub(crate) fn new(
        config: PathBuf,
        output: PathBuf,
        stages: &[(&str, &str, usize)],
        stats: Vec<WorkerStats>,
        exported: u64,
        elapsed: Duration,
    ) -> Self {
        let read = stats.first().map_or(0, |s| s.docs_in);
        let bytes = stats.first().map_or(0, |s| s.bytes_in);
        let rejected = stats.iter().map(|s| s.rejected).sum();
        let duplicates_dropped = stats.iter().map(|s| s.duplicates).sum();
        let balanced = read == exported + duplicates_dropped + rejected;
        let sign = if balanced { "=" } else { "≠" };
        let accounting = format!(
            "read {read} {sign} exported {exported} + duplicates dropped {duplicates_dropped} + rejected {rejected}"
        );
        let secs = elapsed.as_secs_f64();
        let per_sec = |n: f64| if secs > 0.0 { round(n / secs) } else { 0.0 };
        let stages = stages
            .iter()
            .zip(stats)
            .map(|(&(id, kind, workers), stats)| StageReport::new(id, kind, workers, stats, &output))
            .collect();
        Report {
            config: config.display().to_string(),
            output: output.display().to_string(),
            stages,
            totals: Totals {
                read,
                exported,
                duplicates_dropped,
                rejected,
                accounting,
                balanced,
                elapsed_seconds: round(secs),
                docs_per_second: per_sec(read as f64),
                mb_per_second: per_sec(bytes as f64 / 1e6),
                peak_rss_mb: peak_rss_mb(),
            },
        }
    }

    /// Fails when the numbers do not add up: some stage lost documents.
    pub fn check(&self) -> Result<(), RunError> {
        if self.totals.balanced { Ok(()) } else { Err(RunError::Accounting(self.totals.accounting.clone())) }
    }

    /// Writes `report.json`, `rejects.jsonl` and `duplicates.jsonl` into the output directory, each
    /// atomically.
    /// Writes the run's own files, rejects, duplicates and the report, to temporaries beside
    /// them, synced: [`Written::place`] renames them, the report last.
    pub fn write(&self, rejects: Records<Reject>, dropped: Records<Dropped>) -> Result<Written, RunError> {
        let dir = Path::new(&self.output);
        let [rejects_file, duplicates_file, report_file] = copydesk_core::RUN_FILES;
        Ok(Written(vec![
            write_temporary(&dir.join(rejects_file), |w| rejects.write_in_order(w))?,
            write_temporary(&dir.join(duplicates_file), |w| dropped.write_in_order(w))?,
            write_temporary(&dir.join(report_file), |w| {
                serde_json::to_writer_pretty(&mut *w, self)?;
                w.write_all(b"\n")
            })?,
        ]))
    }

    /// The summary table printed on stderr at the end of a run.
    pub fn table(&self) -> String {
        let id_width = self.stages.iter().map(|s| s.id.len()).max().unwrap_or(0).max(5);
        let kind_width = self.stages.iter().map(|s| s.kind.len()).max().unwrap_or(0).max(4);
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{:<id_width$} {:<kind_width$} {:>3} {:>9} {:>9} {:>8} {:>6} {:>8} {:>8} {:>11} {:>8}",
            "stage", "type", "w", "in", "out", "rejected", "dups", "busy s", "finish s", "docs/s", "MB/s"
        );
        for st in &self.stages {
            let _ = writeln!(
                s,
                "{:<id_width$} {:<kind_width$} {:>3} {:>9} {:>9} {:>8} {:>6} {:>8.3} {:>8.3} {:>11.0} {:>8.2}",
                st.id,
                st.kind,
                st.workers,
                st.docs_in,
                st.docs_out,
                st.rejected,
                st.duplicates_dropped,
                st.busy_seconds,
                st.finish_seconds,
                st.docs_per_busy_second,
                st.mb_per_busy_second
            );
        }
        let t = &self.totals;
        let _ = writeln!(
            s,
            "total: {} documents in {:.3} s ({:.0} docs/s, {:.2} MB/s){}; {}",
            t.read,
            t.elapsed_seconds,
            t.docs_per_second,
            t.mb_per_second,
            t.peak_rss_mb.map(|mb| format!(", peak memory {mb:.0} MB")).unwrap_or_default(),
            t.accounting
        );
        s
    }
}

/// Files written under temporary names, to be renamed into place, in order
/// ([`copydesk_core::place::place_all`]).
#[must_use = "the files are put in place only by `place_all`"]
pub struct Written(pub Vec<(tempfile::NamedTempFile, std::path::PathBuf)>);

/// `path`'s contents written, flushed and synced to a temporary file beside it (hidden, so a
/// reader never sees a half-written file, and dropped by a run that dies).
fn write_temporary(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<&mut tempfile::NamedTempFile>) -> std::io::Result<()>,
) -> Result<(tempfile::NamedTempFile, std::path::PathBuf), RunError> {
    let fail = |source| RunError::Output { path: path.to_path_buf(), source };
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(fail)?;
    let mut file = temp_file(dir, path).map_err(fail)?;
    {
        let mut writer = std::io::BufWriter::new(&mut file);
        write(&mut writer).map_err(fail)?;
        writer.flush().map_err(fail)?;
    }
    file.as_file().sync_data().map_err(fail)?;
    Ok((file, path.to_path_buf()))
}

/// A hidden temporary file beside `path`, readable like any file the user creates (tempfile's
/// default is owner-only, which would leak into the renamed output).
fn temp_file(dir: &Path, path: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let prefix = copydesk_core::lock::temporary_prefix(&name);
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix);
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    builder.tempfile_in(dir)
}

/// The process's peak resident set size (`VmHWM`), where the OS tells it.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(round(kb / 1024.0))
}
