//! Turning the configured `paths` into a sorted list of input files.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobMatcher};

/// One input file and the name it goes by in documents and rejects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputFile {
    pub path: PathBuf,
    /// The path as the user would write it: relative to the config's directory when inside it.
    pub display: String,
}

impl InputFile {
    /// The name without `.gz` and the format extension: the document id of a text file.
    pub fn stem(&self) -> String {
        let name = self.path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        match name.rfind('.') {
            Some(dot) if dot > 0 => name[..dot].to_string(),
            _ => name.to_string(),
        }
    }

    pub fn is_gzip(&self) -> bool {
        self.path.extension().is_some_and(|e| e == "gz")
    }

    pub fn is_jsonl(&self) -> bool {
        let name = self.path.to_string_lossy();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        name.ends_with(".jsonl") || name.ends_with(".ndjson")
    }
}

fn is_glob(pattern: &str) -> bool {
    pattern.contains(['*', '?', '[', '{'])
}

pub(crate) fn check_pattern(pattern: &str) -> Result<(), String> {
    if is_glob(pattern) {
        Glob::new(pattern).map_err(|e| format!("bad glob `{pattern}`: {e}"))?;
    }
    Ok(())
}

/// The files `pattern` names: the file itself, every matching file below a directory (in name
/// order, so runs are reproducible), or every file matching a glob.
pub fn expand(
    root: &Path,
    pattern: &str,
    extensions: &[String],
    base_dir: &Path,
) -> Result<Vec<InputFile>, String> {
    let mut paths = Vec::new();
    if is_glob(pattern) {
        let (dir, matcher) = glob_parts(root)?;
        for entry in walkdir::WalkDir::new(&dir).follow_links(true).sort_by_file_name() {
            let entry = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
            if entry.file_type().is_file() && matcher.is_match(entry.path()) {
                paths.push(entry.into_path());
            }
        }
        if paths.is_empty() {
            return Err(format!("no input files match `{pattern}`"));
        }
    } else if root.is_dir() {
        for entry in walkdir::WalkDir::new(root).follow_links(true).sort_by_file_name() {
            let entry = entry.map_err(|e| format!("cannot read {}: {e}", root.display()))?;
            if entry.file_type().is_file() && has_extension(entry.path(), extensions) {
                paths.push(entry.into_path());
            }
        }
        if paths.is_empty() {
            let exts = extensions.join(", ");
            return Err(format!("no input files (extensions {exts}, optionally .gz) in `{pattern}`"));
        }
    } else if root.is_file() {
        paths.push(root.to_path_buf());
    } else {
        return Err(format!("input path `{pattern}` does not exist"));
    }
    let base = base_dir.canonicalize().unwrap_or_else(|_| base_dir.to_path_buf());
    Ok(paths.into_iter().map(|path| InputFile { display: display(&path, &base), path }).collect())
}

fn has_extension(path: &Path, extensions: &[String]) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    extensions.iter().any(|ext| {
        name.len() > ext.len() + 1 && name.ends_with(ext.as_str()) && {
            name.as_bytes()[name.len() - ext.len() - 1] == b'.'
        }
    })
}

/// Splits `dir/sub/**/*.txt` into the literal directory to walk and a matcher for the rest.
fn glob_parts(root: &Path) -> Result<(PathBuf, GlobMatcher), String> {
    let text = root.to_string_lossy();
    let matcher = Glob::new(&text).map_err(|e| format!("bad glob `{text}`: {e}"))?.compile_matcher();
    let mut dir = PathBuf::new();
    for part in root.components() {
        if is_glob(&part.as_os_str().to_string_lossy()) {
            break;
        }
        dir.push(part);
    }
    Ok((dir, matcher))
}

fn display(path: &Path, base: &Path) -> String {
    let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    canonical.strip_prefix(base).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_drop_gz_and_format_extension() {
        let input = |p: &str| InputFile { path: PathBuf::from(p), display: p.into() };
        assert_eq!(input("a/000_x.txt").stem(), "000_x");
        assert_eq!(input("a/feed.jsonl.gz").stem(), "feed");
        assert!(input("a/feed.jsonl.gz").is_jsonl());
        assert!(input("a/feed.jsonl.gz").is_gzip());
        assert!(!input("a/x.txt").is_jsonl());
    }

    #[test]
    fn extensions_match_whole_suffixes() {
        let exts = vec!["txt".to_string()];
        assert!(has_extension(Path::new("a.txt"), &exts));
        assert!(has_extension(Path::new("a.txt.gz"), &exts));
        assert!(!has_extension(Path::new("atxt"), &exts));
        assert!(!has_extension(Path::new("a.text"), &exts));
    }
}
