//! How a run names its input files, shared by the stage that reads them (ingest) and the
//! stages that must not write where it reads (dedup's `index_out`): glob syntax and
//! compression suffixes.

use std::path::{Path, PathBuf};

/// Whether a path as a config writes it starts with `~` (`~/news`, `~alice/out`, `~`): no shell
/// expands it there, so it would name a folder called `~` beside the config.
pub fn starts_with_tilde(path: &str) -> bool {
    path.starts_with('~')
}

/// What to say of a path [`starts_with_tilde`] finds.
pub const TILDE: &str = "`~` is not expanded here: write the full path";

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

/// An output file's place: [`resolved`], but for its own name, which is not followed: a file
/// put in place by a rename replaces a link of its name, not the file the link led to.
pub fn resolved_file(path: &Path) -> PathBuf {
    match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) if !dir.as_os_str().is_empty() => resolved(dir).join(name),
        (Some(_), Some(name)) => resolved(Path::new(".")).join(name),
        _ => resolved(path),
    }
}

/// `path` as one place however it is written: absolute, its deepest existing folder with links
/// resolved, the rest (not made yet) as written, without "." parts and with ".." taken back.
/// "out/dedup.index", "./out/dedup.index" and "/abs/out/dedup.index" are one path before
/// `out` exists.
pub fn resolved(path: &Path) -> PathBuf {
    use std::path::Component;
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    // "." and ".." by their words first ("out/y/../x" is "out/x"), then links in what exists.
    let mut lexical = PathBuf::new();
    for part in absolute.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                lexical.pop();
            }
            other => lexical.push(other),
        }
    }
    let mut existing = lexical.as_path();
    let mut rest = Vec::new();
    while existing.symlink_metadata().is_err() {
        let (Some(parent), Some(name)) = (existing.parent(), existing.file_name()) else { break };
        rest.push(name);
        existing = parent;
    }
    let mut out = existing.canonicalize().unwrap_or_else(|_| existing.to_path_buf());
    out.extend(rest.iter().rev());
    out
}

#[cfg(test)]
mod tests {
    use super::{glob_split, is_glob, resolved, without_compression};
    use std::path::{Path, PathBuf};

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

    #[test]
    fn a_path_not_made_yet_is_one_place_however_written() {
        let here = std::env::current_dir().unwrap();
        let made = resolved(Path::new("no-such-dir/x.index"));
        assert_eq!(made, here.canonicalize().unwrap().join("no-such-dir/x.index"));
        assert_eq!(resolved(Path::new("./no-such-dir/./x.index")), made);
        assert_eq!(resolved(&here.join("no-such-dir/x.index")), made);
        assert_eq!(resolved(Path::new("no-such-dir/y/../x.index")), made);
    }
}
