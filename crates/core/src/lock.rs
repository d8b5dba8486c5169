//! Locks that keep two runs from writing one output directory or one dedup index at once:
//! whichever renamed last would win, and the other run's output or index entries would be lost
//! without a word. And the write test a run makes of the places it will write, before it reads
//! anything.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

/// An exclusive lock on the file `lock` (created, empty, if missing), held while the returned
/// file is open; the OS releases it when the process ends, however it ends, so a killed run
/// leaves no stale lock (the empty file stays). `Ok(None)` when another process holds it.
pub fn hold(lock: &Path) -> std::io::Result<Option<File>> {
    try_lock(OpenOptions::new().create(true).truncate(false).write(true).open(lock)?)
}

/// An exclusive lock on the directory `dir` itself, held while the returned handle is open (no
/// file is left in it). `Ok(None)` when another process holds it.
pub fn hold_dir(dir: &Path) -> std::io::Result<Option<File>> {
    try_lock(File::open(dir)?)
}

/// Whether a file can be made in the directory `dir`, as a run will (its output, an index and
/// the lock beside it): one is made and removed at once. Checked before any input is read, so a
/// read-only place fails the run at its start, not after hours. The file is new, under a name of
/// this call's own (stages are built on several threads): never one that is there already, nor
/// a link, whose target opening it could truncate.
pub fn write_test(dir: &Path) -> std::io::Result<()> {
    static CALLS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    loop {
        let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = dir.join(format!(".copydesk-write-test-{}-{call}", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(_) => return std::fs::remove_file(&path),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// The name's start of the hidden temporary file a run writes `name` under before renaming it
/// into place (`.articles.jsonl.copydesk-` and tempfile's six random letters and digits): a
/// mark no one else writes, so that [`remove_stale_temporaries`] takes no file of the user's
/// (`.report.json.backup` has six letters after the name too).
pub fn temporary_prefix(name: &str) -> String {
    format!(".{name}.copydesk-")
}

/// Removes from `dir` the hidden temporary files of the files `names` that a killed or aborted
/// run left there ([`temporary_prefix`]): hidden, they would pile up unseen. Only for a
/// directory whose lock ([`hold_dir`]) the caller holds: no other run is writing them.
pub fn remove_stale_temporaries(dir: &Path, names: &[&str]) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let prefixes: Vec<String> = names.iter().map(|n| temporary_prefix(n)).collect();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(name) = file_name.to_str() else { continue };
        let stale = prefixes.iter().any(|p| {
            name.strip_prefix(p.as_str())
                .is_some_and(|random| random.len() == 6 && random.bytes().all(|b| b.is_ascii_alphanumeric()))
        });
        if !stale {
            continue;
        }
        let path = entry.path();
        match std::fs::remove_file(&path) {
            Ok(()) => tracing::info!(path = %path.display(), "removed a temporary file a stopped run left"),
            Err(e) => tracing::warn!(path = %path.display(), "cannot remove a stale temporary file: {e}"),
        }
    }
}

fn try_lock(file: File) -> std::io::Result<Option<File>> {
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(TryLockError::WouldBlock) => Ok(None),
        Err(TryLockError::Error(e)) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_held_lock_is_refused_until_released() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".lock");
        let first = super::hold(&path).unwrap().expect("free");
        assert!(super::hold(&path).unwrap().is_none(), "held by the first");
        drop(first);
        assert!(super::hold(&path).unwrap().is_some(), "released");
        let held = super::hold_dir(dir.path()).unwrap().expect("free");
        assert!(super::hold_dir(dir.path()).unwrap().is_none(), "held");
        drop(held);
        assert!(super::hold_dir(dir.path()).unwrap().is_some(), "released");
    }

    /// The write test never opens what is there already: a link named as its file would have
    /// had its target truncated.
    #[test]
    fn the_write_test_makes_a_new_file_and_follows_no_link() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, "precious").unwrap();
        let shared = dir.path().join("shared");
        std::fs::create_dir(&shared).unwrap();
        for call in 0..200 {
            let name = format!(".copydesk-write-test-{}-{call}", std::process::id());
            std::os::unix::fs::symlink(&victim, shared.join(name)).unwrap();
        }
        super::write_test(&shared).unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        assert_eq!(std::fs::read_dir(&shared).unwrap().count(), 200, "its own file removed, the links left");
        assert!(super::write_test(&dir.path().join("missing")).is_err());
    }
}
