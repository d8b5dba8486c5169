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
use crate::stats::{StageInfo, StageReport, WorkerStats, round};

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("{0}")]
    Config(String),
    #[error("stage `{stage}` failed: {message}")]
    Stage { stage: String, message: String },
    #[error(
        "interrupted: the run was stopped before the end; none of its output was put in place (the output \
         directory holds what it held before)"
    )]
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
    /// What a stage left for after the output is in place ([`copydesk_core::Output::on_commit`]:
    /// dedup saving its index) failed: the output directory holds this run's files, which
    /// `report` (the one written there) describes.
    #[error("stage `{stage}` failed once the output was in place: {message}")]
    AfterOutput { stage: String, message: String, report: Box<Report> },
}

impl RunError {
    /// What to say after the error of a run that started and stopped before any of its output
    /// was in place: how far it got and, unless the error says it already, that the output
    /// directory holds what it held before. `None` for an error before the run started (a
    /// config error, a busy directory) or once the output was in place.
    pub fn how_far(&self, read: u64, elapsed: Duration) -> Option<String> {
        let documents = if read == 1 { "document" } else { "documents" };
        let got =
            format!("the run stopped after reading {read} {documents} in {:.1} s", elapsed.as_secs_f64());
        match self {
            Self::Stage { .. } | Self::Output { .. } | Self::Accounting(_) => Some(format!(
                "{got}; none of its output was put in place (the output directory holds what it held before)"
            )),
            // Their own messages say what became of the output.
            Self::Interrupted | Self::Place(_) => Some(got),
            Self::Config(_) | Self::Busy(_) | Self::AfterOutput { .. } => None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The copydesk version that ran: with each stage's `options`, what made the output.
    pub version: String,
    pub config: String,
    pub output: String,
    pub stages: Vec<StageReport>,
    pub totals: Totals,
    /// What a stage left for after the output was in place failed (dedup saving its index):
    /// that stage's `files` may not be in place. The report is written again with this, so that a
    /// job reading only `report.json` learns of it too.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failed_after_output: Option<FailedAfterOutput>,
}

/// The stage whose work after the output failed, and the error.
#[derive(Debug, Clone, Serialize)]
pub struct FailedAfterOutput {
    pub stage: String,
    pub error: String,
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
    /// Processor time the process took over the span of `elapsed_seconds`, in its own code and
    /// in the kernel's on its behalf (system calls, page faults), in seconds: the stages' build
    /// before it is not counted, and anything else the process does meanwhile (another run in
    /// the same process) is. Over `elapsed_seconds`, the cores the run kept busy (Unix; absent
    /// elsewhere).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_seconds: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system_seconds: Option<f64>,
    /// Page faults the process took over that span (memory touched for the first time, mostly;
    /// Unix).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_faults: Option<u64>,
}

impl Totals {
    /// Whether the run exported nothing and rejected some of what it read: its output holds no
    /// document, most likely for a wrong option or a feed whose format changed, and the
    /// binary exits with code 3 so that a scheduled job stops before it passes the output on.
    pub fn exported_nothing(&self) -> bool {
        self.exported == 0 && self.rejected > 0
    }
}

impl Report {
    pub(crate) fn new(
        config: PathBuf,
        output: PathBuf,
        stages: &[StageInfo],
        stats: Vec<WorkerStats>,
        exported: u64,
        elapsed: Duration,
        usage_at_start: Option<Usage>,
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
        // Over the same span as `elapsed`: the stages' build before it is not counted.
        let usage = usage().zip(usage_at_start).map(|(now, then)| now.since(then));
        let per_sec = |n: f64| if secs > 0.0 { round(n / secs) } else { 0.0 };
        let stages =
            stages.iter().zip(stats).map(|(stage, stats)| StageReport::new(stage, stats, &output)).collect();
        Report {
            version: env!("CARGO_PKG_VERSION").to_string(),
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
                user_seconds: usage.map(|u| round(u.user)),
                system_seconds: usage.map(|u| round(u.system)),
                page_faults: usage.map(|u| u.page_faults),
            },
            failed_after_output: None,
        }
    }

    /// Writes `report.json` again, in place (a temporary beside it, renamed over it).
    pub(crate) fn rewrite(&self) -> Result<(), RunError> {
        let path = Path::new(&self.output).join(copydesk_core::RUN_FILES[2]);
        let written = write_temporary(&path, |w| self.write_json(w))?;
        copydesk_core::place::place_all(vec![written]).map_err(RunError::Place)
    }

    fn write_json(&self, w: &mut impl std::io::Write) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut *w, self)?;
        w.write_all(b"\n")
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
            write_temporary(&dir.join(report_file), |w| self.write_json(w))?,
        ]))
    }

    /// The summary table printed on stderr at the end of a run.
    pub fn table(&self) -> String {
        let id_width = self.stages.iter().map(|s| s.id.len()).max().unwrap_or(0).max(5);
        let kind_width = self.stages.iter().map(|s| s.kind.len()).max().unwrap_or(0).max(4);
        let mut s = String::new();
        // ("dropped": duplicates dropped; dedup's `mode: annotate` marks them and drops none.)
        let _ = writeln!(
            s,
            "{:<id_width$} {:<kind_width$} {:>3} {:>9} {:>9} {:>8} {:>7} {:>8} {:>8} {:>11} {:>8}",
            "stage", "type", "w", "in", "out", "rejected", "dropped", "busy s", "finish s", "docs/s", "MB/s"
        );
        for st in &self.stages {
            let _ = writeln!(
                s,
                "{:<id_width$} {:<kind_width$} {:>3} {:>9} {:>9} {:>8} {:>7} {:>8.3} {:>8.3} {:>11.0} {:>8.2}",
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
            "total: {} document{} in {:.3} s ({:.0} docs/s, {:.2} MB/s){}{}; {}",
            t.read,
            if t.read == 1 { "" } else { "s" },
            t.elapsed_seconds,
            t.docs_per_second,
            t.mb_per_second,
            t.peak_rss_mb.map(|mb| format!(", peak memory {mb:.0} MB")).unwrap_or_default(),
            processor(t),
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

/// ", processor 3.70 s (1.93 cores, 5% in the kernel)" for the summary line, when known.
fn processor(t: &Totals) -> String {
    let (Some(user), Some(system)) = (t.user_seconds, t.system_seconds) else { return String::new() };
    let (cores, kernel) = cores_and_kernel_share(user, system, t.elapsed_seconds);
    let cores = cores.map(|cores| format!("{cores:.2} cores, ")).unwrap_or_default();
    format!(", processor {:.2} s ({cores}{:.0}% in the kernel)", user + system, 100.0 * kernel.unwrap_or(0.0))
}

/// From a report's `user_seconds`, `system_seconds` and `elapsed_seconds`: the cores the run
/// kept busy (none without elapsed time) and the kernel's share of its processor time (none
/// without processor time). The summary line's figures, and the bench's.
pub fn cores_and_kernel_share(user: f64, system: f64, elapsed: f64) -> (Option<f64>, Option<f64>) {
    let total = user + system;
    ((elapsed > 0.0).then(|| total / elapsed), (total > 0.0).then(|| system / total))
}

/// The process's processor time and page faults so far.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Usage {
    user: f64,
    system: f64,
    page_faults: u64,
}

impl Usage {
    /// What was used between `then` and `self`.
    fn since(self, then: Usage) -> Usage {
        Usage {
            user: (self.user - then.user).max(0.0),
            system: (self.system - then.system).max(0.0),
            page_faults: self.page_faults.saturating_sub(then.page_faults),
        }
    }
}

/// [`Usage`] from `getrusage`, where there is one.
pub(crate) fn usage() -> Option<Usage> {
    #[cfg(unix)]
    {
        let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
        // SAFETY: `getrusage` writes one `rusage` into the memory it is given, which is ours and
        // of that type; it reads nothing of ours.
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) } != 0 {
            return None;
        }
        // SAFETY: the call succeeded, so it filled the struct (which was zeroed before anyway).
        let usage = unsafe { usage.assume_init() };
        let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
        Some(Usage {
            user: seconds(usage.ru_utime),
            system: seconds(usage.ru_stime),
            page_faults: (usage.ru_minflt as u64).saturating_add(usage.ru_majflt as u64),
        })
    }
    #[cfg(not(unix))]
    None
}

/// The process's peak resident set size (`VmHWM`), where the OS tells it.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(round(kb / 1024.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_run_s_usage_is_what_was_used_since_it_started() {
        let then = usage();
        // Some work of this thread's own, for the clock to see.
        let mut x = 0u64;
        for i in 0..20_000_000u64 {
            x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(i));
        }
        let touched = vec![1u8; 8 << 20];
        std::hint::black_box((x, &touched));
        let now = usage();
        assert_eq!(now.is_some(), cfg!(unix), "getrusage answers on Unix");
        let (Some(then), Some(now)) = (then, now) else { return };
        let used = now.since(then);
        // The loop's time, and the 8 MB's first touch (2,048 pages of fresh memory).
        assert!(used.user > 0.0 && used.page_faults > 0, "{used:?} of {now:?}");
        // Never negative, whichever way round.
        let none = then.since(now);
        assert!(none.user == 0.0 && none.system == 0.0 && none.page_faults == 0, "{none:?}");
    }

    #[test]
    fn the_summary_gives_the_cores_and_the_kernel_s_share() {
        let totals = |user, system, elapsed| Totals {
            read: 1,
            exported: 1,
            duplicates_dropped: 0,
            rejected: 0,
            accounting: String::new(),
            balanced: true,
            elapsed_seconds: elapsed,
            docs_per_second: 0.0,
            mb_per_second: 0.0,
            peak_rss_mb: None,
            user_seconds: user,
            system_seconds: system,
            page_faults: None,
        };
        assert_eq!(
            processor(&totals(Some(3.5), Some(0.2), 2.0)),
            ", processor 3.70 s (1.85 cores, 5% in the kernel)"
        );
        assert_eq!(processor(&totals(Some(0.0), Some(0.0), 0.0)), ", processor 0.00 s (0% in the kernel)");
        assert_eq!(processor(&totals(None, None, 2.0)), "");
    }
}
