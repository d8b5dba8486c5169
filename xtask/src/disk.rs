//! Free disk space, checked before a bench writes gigabytes, so that a full disk stops it at
//! the start with the figures instead of minutes in with `No space left on device`.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

/// What a run will write into a directory, in bytes, and what it is (for the message).
pub struct Need {
    pub dir: PathBuf,
    pub bytes: u64,
    pub what: String,
}

/// Fails, naming every shortfall, unless each file system has room for what the `needs` on it
/// will write together (two directories on one disk add up). A directory whose space cannot be
/// read (or on a system without `statvfs`) is not checked.
pub fn ensure_room(needs: &[Need], hint: &str) -> Result<()> {
    let short = shortfalls(needs, device_and_free);
    if !short.is_empty() {
        bail!("not enough disk space:\n{}\n{hint}", short.join("\n"));
    }
    Ok(())
}

/// One line for each disk (`disk_of` gives a directory's device and free bytes) that has less
/// free than its needs add up to.
fn shortfalls(needs: &[Need], disk_of: impl Fn(&Path) -> Option<(u64, u64)>) -> Vec<String> {
    let mut disks: Vec<(u64, u64, Vec<&Need>)> = Vec::new();
    for need in needs {
        let Some((device, free)) = disk_of(&need.dir) else { continue };
        match disks.iter_mut().find(|(d, ..)| *d == device) {
            Some((_, _, on_it)) => on_it.push(need),
            None => disks.push((device, free, vec![need])),
        }
    }
    disks
        .iter()
        .filter_map(|(_, free, on_it)| {
            let needed: u64 = on_it.iter().map(|n| n.bytes).sum();
            (needed > *free).then(|| {
                let what: Vec<String> = on_it
                    .iter()
                    .map(|n| format!("{} for {} in {}", gb(n.bytes), n.what, n.dir.display()))
                    .collect();
                format!("  {} needed, {} free on one disk: {}", gb(needed), gb(*free), what.join("; "))
            })
        })
        .collect()
}

/// The nearest existing ancestor's file system: its device and the bytes free to this user.
#[cfg(unix)]
fn device_and_free(dir: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let existing = dir.ancestors().find(|d| d.exists())?;
    let device = std::fs::metadata(existing).ok()?.dev();
    let stat = rustix::fs::statvfs(existing).ok()?;
    Some((device, stat.f_bavail.saturating_mul(stat.f_frsize)))
}

#[cfg(not(unix))]
fn device_and_free(_dir: &Path) -> Option<(u64, u64)> {
    None
}

fn gb(bytes: u64) -> String {
    format!("{:.1} GB", bytes as f64 / 1e9)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn need(dir: &str, gigabytes: u64, what: &'static str) -> Need {
        Need { dir: dir.into(), bytes: gigabytes * 1_000_000_000, what: what.into() }
    }

    /// Two made-up disks: /big with 10 GB free, /small (and /tmp) with 3 GB.
    fn disk_of(dir: &Path) -> Option<(u64, u64)> {
        let gb = 1_000_000_000;
        match dir.components().nth(1)?.as_os_str().to_str()? {
            "big" => Some((1, 10 * gb)),
            "small" | "tmp" => Some((2, 3 * gb)),
            _ => None,
        }
    }

    #[test]
    fn needs_on_one_disk_add_up() {
        assert!(
            shortfalls(&[need("/big/out", 6, "output"), need("/small/spool", 3, "spool")], disk_of)
                .is_empty()
        );
        // 2 + 2 on the small disk's two folders is more than its 3 GB; the big one has room.
        let short = shortfalls(
            &[need("/big/out", 6, "output"), need("/small/spool", 2, "spool"), need("/tmp/x", 2, "corpora")],
            disk_of,
        );
        assert_eq!(
            short,
            [
                "  4.0 GB needed, 3.0 GB free on one disk: 2.0 GB for spool in /small/spool; 2.0 GB for corpora in /tmp/x"
            ]
        );
        // A folder whose disk cannot be read is not checked.
        assert!(shortfalls(&[need("/elsewhere", 1000, "output")], disk_of).is_empty());
    }

    #[test]
    fn the_temporary_folder_has_a_disk() {
        let (_, free) = device_and_free(&std::env::temp_dir().join("not/made/yet")).expect("its disk");
        assert!(free > 0);
    }
}
