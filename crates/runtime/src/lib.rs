//! The copydesk runtime: reads `pipeline.yaml`, validates it (collecting every problem), builds
//! the stages from the registry, runs them on threads joined by bounded channels, and writes
//! the run report. Stage crates never depend on this crate.

mod config;
mod plan;
mod problems;
mod records;
mod reorder;
mod report;
mod run;
mod stats;

pub use config::{MAX_WORKERS, OnError, PipelineConfig, StageConfig, load, parse};
pub use plan::{Overrides, Plan, PlannedStage, load_plan, plan};
pub use problems::{ConfigError, Problem};
pub use records::{Record, Records};
pub use report::{Report, RunError, Totals, Written, cores_and_kernel_share};
pub use run::{Commits, Outcome, RunControl, execute};
pub use stats::StageReport;

use std::path::Path;

use copydesk_core::Registry;

/// Loads `config`, runs it, writes the report and rejects, and checks the accounting.
/// `overrides` puts the command line's output directory and inputs in place of the config's.
pub fn run_pipeline(
    config: &Path,
    overrides: Overrides<'_>,
    registry: &Registry,
    control: &RunControl,
) -> Result<Report, RunError> {
    let plan = load_plan(config, registry, overrides).map_err(|e| RunError::Config(e.to_string()))?;
    for warning in plan.warnings() {
        tracing::warn!(config = %config.display(), "{warning}");
    }
    // Held to the end of the run: a second run into the same directory is refused, not left to
    // replace this one's output (or have its own replaced) without a word.
    // (Each directory once: an export's `dir:` may be the run's output directory.)
    let mut locks: Vec<(std::path::PathBuf, std::fs::File)> = Vec::new();
    let stage_dirs = plan.stage_dirs.iter().map(|(stage, dir)| (dir, Some(stage)));
    for (dir, stage) in std::iter::once((&plan.output, None)).chain(stage_dirs) {
        prepare_output(dir, stage.map(|s| &**s))?;
        let resolved = dir.canonicalize().unwrap_or_else(|_| dir.clone());
        if !locks.iter().any(|(held, _)| *held == resolved) {
            locks.push((resolved, lock_output(dir)?));
        }
    }
    // The run's own files' temporaries a killed run left (export removes its own).
    copydesk_core::lock::remove_stale_temporaries(&plan.output, &copydesk_core::RUN_FILES);
    // From the last stage's `finish` (export renaming its files) to the report and commits,
    // the output is being put in place; this says when that is over, however the run ends.
    struct Placed<'a>(&'a RunControl);
    impl Drop for Placed<'_> {
        fn drop(&mut self) {
            self.0.output_placed();
        }
    }
    let _placed = Placed(control);
    let output_dirs: Vec<std::path::PathBuf> = std::iter::once(plan.output.clone())
        .chain(plan.stage_dirs.iter().map(|(_, dir)| dir.clone()))
        .collect();
    let Outcome { report, rejects, dropped, places, commits } = execute(plan, control)?;
    // Nothing is put in place unless all of it can be: the counts add up, and every file is
    // complete under its temporary name (a full disk fails here, the last run's output whole).
    report.check()?;
    let written = report.write(rejects, dropped)?;
    // The stages' files, then the run's own, the report last: all or none.
    let files: Vec<_> = places.into_iter().chain(written.0).collect();
    let placed: Vec<std::path::PathBuf> = files.iter().map(|(_, path)| path.clone()).collect();
    copydesk_core::place::place_all(files).map_err(RunError::Place)?;
    // A run killed while putting its output in place leaves links to the last run's files
    // beside them ([`copydesk_core::place`]): the run's own and export's are removed as a run
    // starts, a stage's own file's now, in a directory this run holds.
    for path in &placed {
        let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else {
            continue;
        };
        let dir = if dir.as_os_str().is_empty() { std::path::Path::new(".") } else { dir };
        if dir.canonicalize().is_ok_and(|dir| locks.iter().any(|(held, _)| *held == dir)) {
            copydesk_core::lock::remove_stale_temporaries(dir, &[name]);
        }
    }
    // (Said before the commits: the output they are about is in place whatever those do.)
    warn_of_earlier_exports(&report, &output_dirs);
    warn_of_failed_documents(&report);
    warn_if_nothing_exported(&report);
    commits.run(report)
}

/// Says how many documents each stage with `on_error: reject` failed on: they are rejected,
/// and the run went on, but each is a stage's bug or an input it cannot take.
fn warn_of_failed_documents(report: &Report) {
    for (stage, failed) in report.stages.iter().filter_map(|s| Some((s, s.failed.filter(|&n| n > 0)?))) {
        let rejects = Path::new(&report.output).join(copydesk_core::RUN_FILES[0]);
        let (documents, were) = if failed == 1 { ("document", "was") } else { ("documents", "were") };
        tracing::warn!(
            "stage `{}` failed on {failed} {documents}, which {were} rejected (`on_error: reject`); {} gives each \
             one's error",
            stage.id,
            rejects.display()
        );
    }
}

/// Says so when nothing was exported and some of what was read was rejected (a wrong
/// `text_field`, a feed whose format changed), with the first reject's reason: the run's
/// output is in place and holds no document, and the binary exits with code 3
/// ([`Totals::exported_nothing`]). (A run whose every document is a duplicate of an earlier
/// run's is not warned of.)
fn warn_if_nothing_exported(report: &Report) {
    let totals = &report.totals;
    if !totals.exported_nothing() {
        return;
    }
    let by: Vec<String> = report
        .stages
        .iter()
        .filter(|s| s.rejected > 0)
        .map(|s| format!("{} by `{}`", s.rejected, s.id))
        .collect();
    let were = if totals.rejected == 1 { "was" } else { "were" };
    let dropped = match totals.duplicates_dropped {
        0 => String::new(),
        1 => " and 1 dropped as a duplicate".to_string(),
        n => format!(" and {n} dropped as duplicates"),
    };
    let rejects = Path::new(&report.output).join(copydesk_core::RUN_FILES[0]);
    // The first reject, as written: often every one's reason ("no `body` field").
    let first = std::fs::File::open(&rejects)
        .ok()
        .and_then(|file| std::io::BufRead::lines(std::io::BufReader::new(file)).next()?.ok())
        .and_then(|line| serde_json::from_str::<copydesk_core::Reject>(&line).ok())
        .map_or(String::new(), |r| format!(" (the first: {}: {})", r.source, r.reason));
    tracing::warn!(
        "nothing was exported: of {} read, {} {were} rejected ({}){dropped}; {} gives each one's reason{first}",
        totals.read,
        totals.rejected,
        by.join(", "),
        rejects.display()
    );
}

/// Says which export files in the run's output directory, or in an export's own `dir:`, this
/// run did not write (an earlier run's, of formats this one leaves out or written elsewhere
/// now): a reader of `articles.csv` beside this run's `articles.jsonl` would read other
/// documents.
fn warn_of_earlier_exports(report: &Report, dirs: &[std::path::PathBuf]) {
    use copydesk_core::paths::{resolved, resolved_file};
    let output = Path::new(&report.output);
    // The files as the report lists them: relative to the output directory, or absolute.
    let written: Vec<std::path::PathBuf> =
        report.stages.iter().flat_map(|s| s.files.iter()).map(|f| resolved_file(&output.join(f))).collect();
    let mut seen = Vec::new();
    for dir in dirs {
        let place = resolved(dir);
        if seen.contains(&place) {
            continue;
        }
        let earlier: Vec<&str> = copydesk_core::EXPORT_FILES
            .into_iter()
            .filter(|name| place.join(name).exists() && !written.contains(&place.join(name)))
            .collect();
        if !earlier.is_empty() {
            tracing::warn!(
                "{}: {} left from an earlier run: this run did not write them there, and they hold that run's \
                 documents; report.json lists the files this run wrote",
                dir.display(),
                earlier.join(", ")
            );
        }
        seen.push(place);
    }
}

/// Makes sure an output directory (the run's, or a stage's own `dir:`) can be written before
/// any input is read: found at the end, after dedup has held every document, a read-only or
/// misnamed directory would cost the whole run.
fn prepare_output(dir: &Path, stage: Option<&str>) -> Result<(), RunError> {
    let problem = |message: String| RunError::Config(output_problem(dir, stage, &message));
    if dir.exists() && !dir.is_dir() {
        return Err(problem("is a file, not a directory".into()));
    }
    std::fs::create_dir_all(dir).map_err(|e| problem(format!("cannot be created: {e}")))?;
    copydesk_core::lock::write_test(dir).map_err(|e| problem(format!("cannot be written: {e}")))
}

/// A problem with an output directory, naming the key that gives it (`dir` of a stage, or
/// the run's `output`).
fn output_problem(dir: &Path, stage: Option<&str>, message: &str) -> String {
    let owner = stage.map(|s| format!("stage `{s}`: key `dir`: ")).unwrap_or_default();
    format!("{owner}output directory {}: {message}\n", dir.display())
}

/// The lock on an output directory, held while the handle is open: another run writing there
/// is refused.
fn lock_output(dir: &Path) -> Result<std::fs::File, RunError> {
    match copydesk_core::lock::hold_dir(dir) {
        Ok(Some(held)) => Ok(held),
        Ok(None) => Err(RunError::Busy(format!(
            "output directory {}: another run is writing it; wait for it to end, or give this run another \
             output directory",
            dir.display()
        ))),
        Err(e) => Err(RunError::Config(format!("output directory {}: cannot be locked: {e}", dir.display()))),
    }
}
