//! A problem found in the config: what is wrong, and where (file, line, stage id, key).

use std::fmt;
use std::path::PathBuf;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub file: Option<PathBuf>,
    pub line: Option<usize>,
    pub stage: Option<String>,
    pub key: Option<String>,
    pub message: String,
}

impl Problem {
    pub(crate) fn file(message: impl Into<String>) -> Self {
        Problem { file: None, line: None, stage: None, key: None, message: message.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.line) {
            (Some(file), Some(line)) => write!(f, "{}:{line}: ", file.display())?,
            (Some(file), None) => write!(f, "{}: ", file.display())?,
            (None, Some(line)) => write!(f, "line {line}: ")?,
            (None, None) => {}
        }
        if let Some(stage) = &self.stage {
            write!(f, "stage `{stage}`: ")?;
        }
        if let Some(key) = &self.key {
            write!(f, "key `{key}`: ")?;
        }
        f.write_str(&self.message)
    }
}

/// Every problem found in one config, or the one that kept it from being read.
#[derive(Debug, Clone, thiserror::Error)]
pub struct ConfigError {
    pub problems: Vec<Problem>,
    /// The file could not be read at all (missing, a directory, no permission): nothing in
    /// it was found wrong, so the message says so instead of calling the config invalid.
    pub unreadable: bool,
}

impl ConfigError {
    /// Problems in file order (those without a line last), so a reader can walk the file once.
    pub fn new(mut problems: Vec<Problem>) -> Self {
        problems.sort_by_key(|p| p.line.unwrap_or(usize::MAX));
        ConfigError { problems, unreadable: false }
    }

    /// The config file at `path` could not be read.
    pub(crate) fn unreadable(path: &std::path::Path, error: &std::io::Error) -> Self {
        let problem = Problem { file: Some(path.to_path_buf()), ..Problem::file(error.to_string()) };
        ConfigError { problems: vec![problem], unreadable: true }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        // A problem of `--output` or `--input` is the command line's, not the config's.
        let of_command_line = |p: &Problem| p.file.is_none() && p.message.starts_with("--");
        let what = match self.problems.iter().filter(|p| of_command_line(p)).count() {
            0 => "pipeline config",
            k if k == n => "command line",
            _ => "pipeline config and command line",
        };
        if self.unreadable {
            writeln!(f, "cannot read the pipeline config:")?;
        } else {
            writeln!(f, "invalid {what} ({n} problem{}):", if n == 1 { "" } else { "s" })?;
        }
        for problem in &self.problems {
            writeln!(f, "  {problem}")?;
        }
        Ok(())
    }
}
