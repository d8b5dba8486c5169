//! Commands beyond running a pipeline: evaluation and inspection tools.

pub mod entities;
pub mod explain_dup;
pub mod init;
pub mod tag_conll;

use std::path::{Path, PathBuf};

/// Where an inspection command writes: standard output or a file, buffered, whose failed
/// writes (a full device) name it, so they end the command with an error rather than the
/// panic of `println!`. Flush it at the end: a `BufWriter` dropped unflushed loses its last
/// error.
pub struct Output {
    inner: std::io::BufWriter<Box<dyn std::io::Write>>,
    name: String,
}

impl Output {
    pub fn stdout() -> Self {
        Output {
            inner: std::io::BufWriter::new(Box::new(std::io::stdout().lock())),
            name: "standard output".into(),
        }
    }

    pub fn create(path: &Path) -> anyhow::Result<Self> {
        use anyhow::Context as _;
        let file =
            std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
        Ok(Output { inner: std::io::BufWriter::new(Box::new(file)), name: path.display().to_string() })
    }

    fn named(&self, err: std::io::Error) -> std::io::Error {
        std::io::Error::new(err.kind(), format!("cannot write to {}: {err}", self.name))
    }
}

impl std::io::Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.inner.write(buf).map_err(|e| self.named(e))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush().map_err(|e| self.named(e))
    }
}

/// A run's exported articles, from what the user named: a file is itself; in a run's output
/// directory, where its `report.json` says an export wrote `articles.jsonl` (its own `dir:`
/// included), else `DIR/articles.jsonl` (an older run's, or for the error).
pub fn articles_file(output: &Path) -> anyhow::Result<PathBuf> {
    if !output.is_dir() {
        return Ok(output.to_path_buf());
    }
    // The run's report lists the files it wrote: an `articles.jsonl` it does not list is an
    // earlier run's (this one's export left the format out), not this run's articles.
    // (A report from before reports listed files says nothing either way.)
    let report = run_report(output)
        .filter(|r| r["stages"].as_array().is_some_and(|s| s.iter().any(|s| s["files"].is_array())));
    let Some(report) = report else { return Ok(output.join("articles.jsonl")) };
    // The file named `articles.jsonl` a stage wrote, with its size as written where the report
    // gives sizes: then only a file the runtime put in place (not a saved dedup index that
    // happens to have the name).
    let stages = report["stages"].as_array().into_iter().flatten();
    let sized = stages.clone().any(|s| s["file_bytes"].is_object());
    let mut named = stages.flat_map(|s| {
        let files = s["files"].as_array().into_iter().flatten().filter_map(|f| f.as_str());
        files
            .filter(|f| Path::new(f).file_name().is_some_and(|n| n == "articles.jsonl"))
            .map(|f| (f, s["file_bytes"][f].as_u64()))
    });
    match named.find(|(_, written)| written.is_some() || !sized) {
        Some((file, written)) => {
            let path = output.join(file);
            // Another run's file in its place (one whose export has the same `dir:`): read, it
            // would be taken for this run's.
            let now = std::fs::metadata(&path).map(|m| m.len());
            if let (Some(written), Ok(now)) = (written, now)
                && written != now
            {
                anyhow::bail!(
                    "{} is not the articles.jsonl of the last run in {}: that run wrote {written} bytes, \
                     the file holds {now}: it was replaced since (by a later run whose export has the same `dir:`?)",
                    path.display(),
                    output.display()
                );
            }
            Ok(path)
        }
        None => anyhow::bail!(
            "the last run in {} exported no articles.jsonl (its report lists the files it wrote): add `jsonl` to \
             its export's formats{}",
            output.display(),
            if output.join("articles.jsonl").exists() {
                "; the articles.jsonl there is an earlier run's"
            } else {
                ""
            }
        ),
    }
}

/// The `report.json` of the run whose output directory is `dir`, if it has a readable one.
pub fn run_report(dir: &Path) -> Option<serde_json::Value> {
    let bytes = std::fs::read(dir.join("report.json")).ok()?;
    serde_json::from_slice(&bytes).ok()
}
