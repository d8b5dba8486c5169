//! Putting a run's output files in place, all or none. Each file is complete and synced under a
//! hidden temporary name beside its place; renaming them one by one could stop halfway (a file
//! of another user's in a shared directory, a directory where a file was, a read-only file
//! system), leaving some files of this run beside others of the last, and a report of this run
//! or the last describing articles that are not there. So every file that is already there
//! gets a second name first (a hard link, hidden like the temporaries); when a rename fails,
//! the files renamed before it are put back from those links, and the error says the output is
//! the last run's still. The place of a file is never empty meanwhile: a run killed halfway
//! leaves each file old or new, and its links, which the next run removes as temporaries
//! ([`crate::lock::remove_stale_temporaries`]): the run's own and export's as it starts, those
//! beside a stage's own file once its output is in place.

use std::io;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

/// Why the files could not all be put in place.
#[derive(Debug)]
pub struct PlaceError {
    /// The file that could not be put in place.
    pub path: PathBuf,
    pub source: io::Error,
    /// The files this run had put in place already and could not put back: none unless a
    /// file system gives no hard links, or fails again while the last run's files are put back.
    pub left_replaced: Vec<PathBuf>,
}

impl std::fmt::Display for PlaceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot put {} in place: {}", self.path.display(), self.source)?;
        if self.left_replaced.is_empty() {
            write!(f, "; no file of this run was put in place, the last run's are as they were")
        } else {
            let replaced: Vec<String> = self.left_replaced.iter().map(|p| p.display().to_string()).collect();
            write!(f, "; {} could not be put back as the last run left them", replaced.join(", "))
        }
    }
}

impl std::error::Error for PlaceError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// What was at a file's place before.
enum Before {
    Nothing,
    /// The last run's file, under a second name.
    Linked(NamedTempFile<()>),
    /// A file that could not be given a second name (no hard links here): it cannot be put
    /// back.
    Unsaved,
}

/// Renames each complete temporary file to its place, in order, or none of them: see the
/// module's comment.
pub fn place_all(files: Vec<(NamedTempFile, PathBuf)>) -> Result<(), PlaceError> {
    let before: Vec<Before> = files.iter().map(|(_, path)| second_name(path)).collect();
    for (i, (file, path)) in files.iter().enumerate() {
        if let Err(source) = std::fs::rename(file.path(), path) {
            let mut left_replaced = Vec::new();
            for ((_, placed), before) in files[..i].iter().zip(&before).rev() {
                let put_back = match before {
                    // (Gone already if two files had one place.)
                    Before::Nothing => match std::fs::remove_file(placed) {
                        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
                        removed => removed,
                    },
                    Before::Linked(link) => std::fs::rename(link.path(), placed),
                    Before::Unsaved => Err(io::Error::other("no second name")),
                };
                if put_back.is_err() {
                    left_replaced.push(placed.clone());
                }
            }
            // The temporaries not renamed, and the links left, are removed as they drop.
            return Err(PlaceError { path: path.clone(), source, left_replaced });
        }
    }
    // Renamed: the temporaries' names are gone, and nothing is to be removed under them.
    for (file, _) in files {
        let _ = file.into_temp_path().keep();
    }
    Ok(())
}

/// A hidden second name for the file at `path`, if there is one.
fn second_name(path: &Path) -> Before {
    match std::fs::symlink_metadata(path) {
        Err(_) => return Before::Nothing,
        // A directory where the file goes: the rename fails. (A symbolic link is linked itself,
        // not what it points to, and put back as it was.)
        Ok(meta) if !meta.is_file() && !meta.is_symlink() => return Before::Unsaved,
        Ok(_) => {}
    }
    let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else {
        return Before::Unsaved;
    };
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    tempfile::Builder::new()
        .prefix(&crate::lock::temporary_prefix(name))
        .rand_bytes(6)
        .make_in(dir, |link| std::fs::hard_link(path, link))
        .map_or(Before::Unsaved, Before::Linked)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temporary(dir: &Path, name: &str, text: &str) -> (NamedTempFile, PathBuf) {
        let file =
            tempfile::Builder::new().prefix(&crate::lock::temporary_prefix(name)).tempfile_in(dir).unwrap();
        std::fs::write(file.path(), text).unwrap();
        (file, dir.join(name))
    }

    fn listing(dir: &Path) -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| {
                let text = std::fs::read_to_string(e.path()).unwrap_or_else(|_| "<dir>".into());
                (e.file_name().to_string_lossy().into_owned(), text)
            })
            .collect();
        files.sort();
        files
    }

    #[test]
    fn every_file_is_put_in_place() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.jsonl"), "old b").unwrap();
        let files =
            vec![temporary(dir.path(), "a.jsonl", "new a"), temporary(dir.path(), "b.jsonl", "new b")];
        place_all(files).unwrap();
        let want = [("a.jsonl".to_string(), "new a".to_string()), ("b.jsonl".into(), "new b".into())];
        assert_eq!(listing(dir.path()), want, "no temporary or second name left");
    }

    /// A directory where the third file goes: the two files renamed before it are the last
    /// run's again (one of them new to this run, removed), nothing else is left, and the error
    /// names the place and says so.
    #[test]
    fn a_failed_rename_puts_the_last_runs_files_back() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.jsonl"), "old a").unwrap();
        std::fs::create_dir(dir.path().join("report.json")).unwrap();
        let before = listing(dir.path());
        let files = vec![
            temporary(dir.path(), "a.jsonl", "new a"),
            temporary(dir.path(), "b.csv", "new b"),
            temporary(dir.path(), "report.json", "new report"),
        ];
        let err = place_all(files).unwrap_err();
        assert_eq!(err.path, dir.path().join("report.json"));
        assert!(err.left_replaced.is_empty(), "{err}");
        assert!(
            err.to_string()
                .ends_with("no file of this run was put in place, the last run's are as they were"),
            "{err}"
        );
        assert_eq!(listing(dir.path()), before);
    }

    /// A symbolic link at a file's place is put back as it was, pointing where it did.
    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_put_back() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("kept.jsonl"), "old a").unwrap();
        std::os::unix::fs::symlink("kept.jsonl", dir.path().join("a.jsonl")).unwrap();
        std::fs::create_dir(dir.path().join("report.json")).unwrap();
        let files =
            vec![temporary(dir.path(), "a.jsonl", "new a"), temporary(dir.path(), "report.json", "new")];
        let err = place_all(files).unwrap_err();
        assert!(err.left_replaced.is_empty(), "{err}");
        let link = std::fs::read_link(dir.path().join("a.jsonl")).expect("a symbolic link still");
        assert_eq!(link, Path::new("kept.jsonl"));
        assert_eq!(std::fs::read_to_string(dir.path().join("kept.jsonl")).unwrap(), "old a");
        assert_eq!(listing(dir.path()).len(), 3, "{:?}", listing(dir.path()));
    }

    /// Two files with one place, new to this run: putting back removes it once, and says no
    /// file was left replaced.
    #[test]
    fn one_place_twice_is_put_back_once() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("report.json")).unwrap();
        let files = vec![
            temporary(dir.path(), "a.jsonl", "first"),
            temporary(dir.path(), "a.jsonl", "second"),
            temporary(dir.path(), "report.json", "new"),
        ];
        let err = place_all(files).unwrap_err();
        assert!(err.left_replaced.is_empty(), "{err}");
        assert_eq!(listing(dir.path()), [("report.json".to_string(), "<dir>".to_string())]);
    }
}
