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
/// read-only place fails the run at its start, not after hours.
pub fn write_test(dir: &Path) -> std::io::Result<()> {
    let path = dir.join(format!(".copydesk-write-test-{}", std::process::id()));
    OpenOptions::new().write(true).create(true).truncate(true).open(&path)?;
    std::fs::remove_file(&path)
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
}
