//! How a run names its input files, shared by the stage that reads them (ingest) and the
//! stages that must not write where it reads (dedup's `index_out`): glob syntax and
//! compression suffixes.

use std::path::{Path, PathBuf};

/// Whether `pattern` has a glob's marks.
pub fn is_glob(pattern: &str) -> bool {
    pattern.contains(['*', '?', '[', '{'])
}

/// A glob `pattern` split into the folders before its first mark and the rest, one part a
/// folder ("data/2022/*/x?.jsonl": "data/2022" and ["*", "x?.jsonl"]): the names of the folders
/// above the glob are never read as glob syntax.
pub fn glob_split(pattern: &str) -> (PathBuf, Vec<String>) {
    let mut dir = PathBuf::new();
    let mut rest: Vec<String> = Vec::new();
    for part in Path::new(pattern).components() {
        let text = part.as_os_str().to_string_lossy();
        if rest.is_empty() && !is_glob(&text) {
            dir.push(part);
        } else {
            rest.push(text.into_owned());
        }
    }
    (dir, rest)
}

/// The suffixes of compressed input (`.gz` for gzip, `.zst` and `.zstd` for Zstandard).
pub const COMPRESSION_SUFFIXES: [&str; 3] = [".gz", ".zst", ".zstd"];

/// `name` without a final compression suffix (in any case), and the suffix.
pub fn without_compression(name: &str) -> (&str, Option<&'static str>) {
    for suffix in COMPRESSION_SUFFIXES {
        if let Some(at) = name.len().checked_sub(suffix.len())
            && name.is_char_boundary(at)
            && name[at..].eq_ignore_ascii_case(suffix)
        {
            return (&name[..at], Some(suffix));
        }
    }
    (name, None)
}

#[cfg(test)]
mod tests {
    use super::{glob_split, is_glob, without_compression};
    use std::path::PathBuf;

    #[test]
    fn globs_split_at_their_first_mark_and_suffixes_come_off_in_any_case() {
        assert!(is_glob("a/*.txt") && is_glob("x[1]") && is_glob("{a,b}") && !is_glob("a/b.txt"));
        let (dir, rest) = glob_split("data/2022/*/x?.jsonl");
        assert_eq!((dir, rest), (PathBuf::from("data/2022"), vec!["*".to_string(), "x?.jsonl".to_string()]));
        assert_eq!(without_compression("a.jsonl.GZ"), ("a.jsonl", Some(".gz")));
        assert_eq!(without_compression("a.txt.zstd"), ("a.txt", Some(".zstd")));
        assert_eq!(without_compression("a.txt"), ("a.txt", None));
        assert_eq!(without_compression("é"), ("é", None));
    }
}
