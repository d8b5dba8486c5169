//! Reading ahead of a walk's files: many small files not yet in the page cache cost a wait on
//! the disk each when read one at a time. A helper thread asks the kernel for the next files'
//! first bytes (`posix_fadvise(WILLNEED)`, which queues the reads and returns), a bounded
//! number of files ahead of the reader, so that their reads overlap and the reader finds them
//! cached. It opens files and reads the first byte of those it looks at (whether the cache
//! holds it): what is read, and in what order, stays the reader's. Elsewhere than on Linux the
//! files are read as they come.
//!
//! 100,000 articles in 1,000 folders from a cold cache (session 75): `cat` over them took 6.1
//! s one at a time, 2.4 s behind such a helper; a gazetteer-only run over them 8.2-8.4 s
//! before it (docs/performance.md).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::files::InputFile;

/// How many files the helper goes ahead of the reader.
const AHEAD: usize = 256;

/// How much of each file it asks for: a large file (a JSON-lines feed) is read ahead by the
/// kernel once its reader starts on it, and asking for all of it could push out what is next.
#[cfg(target_os = "linux")]
const BYTES: libc::off_t = 1 << 20;

/// Where the reader is: the number of the file it reads next.
#[derive(Default)]
pub(crate) struct Position {
    reading: AtomicUsize,
    done: AtomicBool,
}

impl Position {
    /// The reader has reached file `index` of the list.
    pub(crate) fn at(&self, index: usize) {
        self.reading.store(index, Ordering::Relaxed);
    }
}

/// Says the reader is done however it leaves `read` (a panic included), so that the helper,
/// which the scope waits for, stops.
struct Done<'a>(&'a Position);

impl Drop for Done<'_> {
    fn drop(&mut self) {
        self.0.done.store(true, Ordering::Relaxed);
    }
}

/// Runs `read` over `files` (it tells `Position::at` which file it is on) with a helper thread
/// reading ahead of it, where there is more than one file and the platform has one.
pub(crate) fn reading_ahead<R>(files: &[InputFile], read: impl FnOnce(&Position) -> R) -> R {
    let position = Position::default();
    if !cfg!(target_os = "linux") || files.len() < 2 {
        return read(&position);
    }
    std::thread::scope(|scope| {
        // Without a thread (the system refuses one), the files are read as they come.
        let helper = std::thread::Builder::new()
            .name("ingest-readahead".into())
            .spawn_scoped(scope, || ask_ahead(files, &position));
        let done = Done(&position);
        let result = read(&position);
        drop(done);
        if let Ok(helper) = helper {
            helper.thread().unpark();
        }
        result
    })
}

/// After how many files in a row found cached the helper only looks at one file in
/// [`SAMPLE`], and asks for the rest again once one of those is not cached: over files the page
/// cache holds, opening each cost a run over 100,000 of them a twentieth of its time.
const SETTLED: usize = 64;
const SAMPLE: usize = 32;

/// The helper: asks for each file in turn, at most [`AHEAD`] files ahead of the reader,
/// skipping those the reader has passed, until the reader is done.
fn ask_ahead(files: &[InputFile], position: &Position) {
    let mut cached_in_a_row = 0;
    // Whether the file system can say what it caches (tmpfs, NFS and FUSE often cannot): if
    // not, every file is asked for.
    let mut probing = true;
    for (index, file) in files.iter().enumerate() {
        loop {
            if position.done.load(Ordering::Relaxed) {
                return;
            }
            let reading = position.reading.load(Ordering::Relaxed);
            if index < reading {
                break; // read already
            }
            if index < reading + AHEAD {
                if cached_in_a_row < SETTLED || index % SAMPLE == 0 {
                    cached_in_a_row = match advise(file, probing) {
                        Cache::Held => cached_in_a_row + 1,
                        Cache::Asked => 0,
                        Cache::Unknown => {
                            probing = false;
                            0
                        }
                    };
                }
                break;
            }
            // Far enough ahead: the reader takes some tens of microseconds a file once they
            // are cached, so a millisecond's wait lets it use up a tenth of the lead or less.
            std::thread::park_timeout(std::time::Duration::from_millis(1));
        }
    }
}

/// Whether a file's start was in the page cache already.
#[derive(Debug, PartialEq)]
enum Cache {
    Held,
    Asked,
    /// Asked for, the file system not saying whether it held it.
    Unknown,
}

/// Asks the kernel to read the file's first [`BYTES`] into the page cache, without waiting,
/// unless (`probe`) its first byte is there already. A file that cannot be opened is left to
/// the reader, whose reject says why.
#[cfg(target_os = "linux")]
fn advise(file: &InputFile, probe: bool) -> Cache {
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::OpenOptionsExt;
    // Not blocking on a named pipe that has taken a listed file's place.
    let Ok(handle) = std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(&file.path)
    else {
        return Cache::Asked;
    };
    let fd = handle.as_raw_fd();
    let mut byte = 0u8;
    let iov = libc::iovec { iov_base: (&raw mut byte).cast(), iov_len: 1 };
    // SAFETY: `fd` is open for both calls (`handle` is dropped after them); `iov` points at one
    // byte of ours, alive for the call. A read that would wait on the disk fails at once with
    // `RWF_NOWAIT` (`EAGAIN`); a file system or kernel that cannot say refuses the flag.
    let held = probe.then(|| unsafe { libc::preadv2(fd, &iov, 1, 0, libc::RWF_NOWAIT) });
    let told = match held {
        Some(n) if n >= 0 => return Cache::Held,
        Some(_) => std::io::Error::last_os_error().raw_os_error() == Some(libc::EAGAIN),
        None => false,
    };
    // SAFETY: as above.
    unsafe { libc::posix_fadvise(fd, 0, BYTES, libc::POSIX_FADV_WILLNEED) };
    if told { Cache::Asked } else { Cache::Unknown }
}

#[cfg(not(target_os = "linux"))]
fn advise(_: &InputFile, _: bool) -> Cache {
    Cache::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn inputs(paths: &[PathBuf]) -> Vec<InputFile> {
        let input = |path: &PathBuf| InputFile {
            path: path.clone(),
            display: path.display().to_string(),
            canonical: path.clone(),
            id_path: path.display().to_string(),
        };
        paths.iter().map(input).collect()
    }

    /// The reader's result comes back; a reader that panics or stops early ends the helper
    /// (the scope waits for it: were it not told, the call would never return).
    #[test]
    fn the_helper_ends_with_the_reader() {
        let files =
            inputs(&(0..1000).map(|i| PathBuf::from(format!("/nonexistent/{i}.txt"))).collect::<Vec<_>>());
        let read = reading_ahead(&files, |position| {
            for index in 0..files.len() {
                position.at(index);
            }
            files.len()
        });
        assert_eq!(read, 1000);
        assert_eq!(reading_ahead(&files, |_| "stopped at once"), "stopped at once");
        let panicked = std::panic::catch_unwind(|| reading_ahead::<()>(&files, |_| panic!("a reader's bug")));
        assert!(panicked.is_err());
    }

    /// A file whose start the page cache holds is not asked for again (a file just written is
    /// there), where the file system can say so (not tmpfs); a file that cannot be opened is
    /// left to the reader.
    #[cfg(target_os = "linux")]
    #[test]
    fn cached_files_are_told_apart() {
        let path = std::env::temp_dir().join(format!("copydesk-readahead-{}.txt", std::process::id()));
        std::fs::write(&path, "An article.").unwrap();
        let files = inputs(&[path.clone(), PathBuf::from("/nonexistent/story.txt")]);
        let held = advise(&files[0], true);
        assert!(matches!(held, Cache::Held | Cache::Unknown), "{held:?}");
        assert_eq!(advise(&files[0], false), Cache::Unknown);
        assert_eq!(advise(&files[1], true), Cache::Asked);
        std::fs::remove_file(&path).unwrap();
    }
}
