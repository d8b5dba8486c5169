//! Free disk space, checked before a bench writes gigabytes, so that a full disk stops it at
//! the start with the figures instead of minutes in with `No space left on device`.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

/// What a run will write into a directory, in bytes, and why (for the message).
pub struct Need<'a> {
    pub dir: PathBuf,
    pub bytes: u64,
    pub what: &'a str,
}

/// Fails, naming every shortfall, unless each file system has room for what the `needs` on it
/// will write together (two directories on one disk add up). A directory whose space cannot be
/// read is not checked.
pub fn ensure_room(needs: &[Need], hint: &str) -> Result<()> {
    let mut disks: Vec<(u64, u64, Vec<&Need>)> = Vec::new();
    for need in needs {
        let Some((device, free)) = device_and_free(&need.dir) else { continue };
        match disks.iter_mut().find(|(d, ..)| *d == device) {
            Some((_, _, on_it)) => on_it.push(need),
            None => disks.push((device, free, vec![need])),
        }
    }
    let short: Vec<String> = disks
        .iter()
        .filter_map(|(_, free, on_it)| {
            let needed: u64 = on_it.iter().map(|n| n.bytes).sum();
            (needed > *free).then(|| {
                let what: Vec<String> =
                    on_it.iter().map(|n| format!("{} in {}", n.what, n.dir.display())).collect();
                format!("{} needed, {} free: {}", gb(needed), gb(*free), what.join("; "))
            })
        })
        .collect();
    if !short.is_empty() {
        bail!("not enough disk space: {}\n{hint}", short.join("\n"));
    }
    Ok(())
}

/// The nearest existing ancestor's file system: its device and the bytes free to this user.
fn device_and_free(dir: &Path) -> Option<(u64, u64)> {
    let existing = dir.ancestors().find(|d| d.exists())?;
    let device = std::fs::metadata(existing).ok()?.dev();
    let stat = rustix::fs::statvfs(existing).ok()?;
    Some((device, stat.f_bavail.saturating_mul(stat.f_frsize)))
}

fn gb(bytes: u64) -> String {
    format!("{:.1} GB", bytes as f64 / 1e9)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needs_on_one_disk_add_up() {
        let dir = std::env::temp_dir();
        let (_, free) = device_and_free(&dir).expect("the temporary folder's disk");
        let need = |dir: &Path, bytes| Need { dir: dir.to_path_buf(), bytes, what: "test" };
        ensure_room(&[need(&dir, free / 4)], "").expect("a quarter of the free space fits");
        // Two halves and a bit, one of them under a folder not made yet, on the same disk.
        let later = dir.join("copydesk-disk-test-not-made/deeper");
        let err = ensure_room(&[need(&dir, free / 2 + 1), need(&later, free / 2 + 1)], "try --quick")
            .expect_err("more than the free space in all");
        let message = format!("{err:#}");
        assert!(message.contains("not enough disk space") && message.ends_with("try --quick"), "{message}");
        assert!(message.contains(&later.display().to_string()), "{message}");
    }
}
