//! Output files written back to disk as they grow, not all at the end.
//!
//! Export syncs each file before the runtime renames it into place. Left to the kernel, a
//! file's pages stay dirty in memory until then (the kernel starts writing only once a tenth
//! of memory is dirty, or after half a minute), so that one `fdatasync` waits for the whole
//! file: 40 ms for the bench news' 96 MB of output on this machine's disk, longer on a slower one, at
//! the very end of the run with nothing else left to do. [`Writeback`] asks the kernel to start
//! writing each [`CHUNK`] as soon as it is written (`sync_file_range` with
//! `SYNC_FILE_RANGE_WRITE`, which starts the writes and does not wait for them to finish; it
//! may wait for room in the disk's queue), so the final sync finds little left. On Linux the
//! calls are made on a thread of the file's own ([`Flusher`]) from its first chunk on, so the
//! writer never waits in them (on the writer's thread if that thread cannot be started). It
//! changes no byte of any file, and durability still comes from that final sync alone: the
//! early writes are a head start, not a promise. Elsewhere than Linux it only counts.
//!
//! On Linux the flusher also lets go of what is on disk already: once a chunk [`KEEP`] chunks
//! behind the newest has been written back, it waits for those writes (on its own thread, so
//! the writer does not) and tells the kernel it needs the chunk's pages no more
//! (`posix_fadvise(POSIX_FADV_DONTNEED)`). A file's pages in the page cache then stay at a few
//! chunks however large the file grows (while the disk keeps up), and the next chunks are
//! written into the pages just freed. Its waits are on an open file of its own, so that a write
//! error is still the final sync's to report. A run's output no longer pushes out of the page
//! cache what is in it (the input, the user's other files) to keep gigabytes no stage reads
//! again. It is also faster where memory not used for a while is slow to take up again: on this
//! project's benchmark machine (a virtual machine that hands free memory back to its host),
//! writing 3 GB took 5.3-6.3 s of processor time into the page cache and 0.7-0.8 s with the
//! written chunks let go. Someone who reads a large file right after the run reads all but its
//! last few chunks from the disk.

use std::fs::File;
use std::io::{self, Write};
use std::thread::JoinHandle;

use crossbeam_channel::Sender;
use tempfile::NamedTempFile;

/// How much is written before the kernel is asked to start writing it back.
pub(crate) const CHUNK: u64 = 8 << 20;

/// How many chunks, the newest handed on included, a file keeps in the page cache: older ones
/// are let go once written back. Two chunks of lag, so that a chunk's writes have mostly ended
/// by the time the flusher waits for them.
const KEEP: usize = 3;

/// A temporary output file whose written bytes are sent on to the disk a [`CHUNK`] at a time.
pub(crate) struct Writeback {
    file: NamedTempFile,
    /// Bytes written so far.
    written: u64,
    /// Bytes already handed to the kernel to write back.
    started: u64,
    /// The thread that hands them on: `None` before the first chunk, `Some(None)` if it could
    /// not be started (or elsewhere than Linux), and the writer hands them on itself.
    flusher: Option<Option<Flusher>>,
}

impl Writeback {
    pub(crate) fn new(file: NamedTempFile) -> Writeback {
        Writeback { file, written: 0, started: 0, flusher: None }
    }

    /// The file, once everything has been written to it, and every chunk handed to the
    /// kernel (the flusher's end is waited for).
    pub(crate) fn into_inner(self) -> NamedTempFile {
        let Writeback { file, flusher, .. } = self;
        drop(flusher);
        file
    }

    fn start_writeback(&mut self) {
        let range = (self.started, self.written - self.started);
        self.started = self.written;
        let file = &self.file;
        match self.flusher.get_or_insert_with(|| Flusher::start(file)) {
            Some(flusher) if flusher.send(range) => {}
            _ => write_back(file.as_file(), range),
        }
    }
}

/// Hands a file's chunks to the kernel to write back, on a thread of its own. The call does
/// the file system's part of starting the writes (allocating the blocks, on ext4 reading an
/// allocation bitmap from disk to do so, queueing the writes) and waits while the disk's queue
/// is throttled. Made on the writers' threads (export's worker and its CSV thread), the calls
/// took 15-25 ms a run on the bench news and once 160 ms at one go, while the stages before
/// export, behind dedup at the end of a run, waited on it. Dropped, it waits for the thread to
/// hand on what it was asked to.
struct Flusher {
    ranges: Option<Sender<(u64, u64)>>,
    /// The thread; it returns how many bytes it handed on, and how many of them it let go.
    thread: Option<JoinHandle<Handed>>,
}

impl Flusher {
    /// A flusher with a handle of its own on `file`; `None` elsewhere than Linux, or if either
    /// cannot be had. The handle is the file opened again, not a copy of the writer's: the
    /// kernel (Linux 4.13 and later) tells each open file of a write error once, to the first
    /// call that waits for the writes, and the flusher's waits (in [`let_go`]) must leave the
    /// error for the writer's final sync to report.
    fn start(file: &NamedTempFile) -> Option<Flusher> {
        if !cfg!(target_os = "linux") {
            return None;
        }
        let file = match open_again(file) {
            Ok(file) => file,
            Err(err) => {
                tracing::debug!(
                    "{}: not opened again ({err}): written back from the writer's thread, its pages kept",
                    file.path().display()
                );
                return None;
            }
        };
        let (ranges, asked) = crossbeam_channel::unbounded();
        let thread = std::thread::Builder::new()
            .name("export-writeback".into())
            .spawn(move || {
                let mut kept = std::collections::VecDeque::with_capacity(KEEP + 1);
                let mut handed = Handed::default();
                for range in asked {
                    write_back(&file, range);
                    handed.written_back += range.1;
                    kept.push_back(range);
                    if kept.len() > KEEP
                        && let Some(old) = kept.pop_front()
                    {
                        let_go(&file, old);
                        handed.let_go += old.1;
                    }
                }
                handed
            })
            .ok()?;
        Some(Flusher { ranges: Some(ranges), thread: Some(thread) })
    }

    /// Asks the thread to hand `range` on; false if it has stopped.
    fn send(&self, range: (u64, u64)) -> bool {
        self.ranges.as_ref().is_some_and(|ranges| ranges.send(range).is_ok())
    }

    /// Waits until the thread has handed on every range it was asked to; how many bytes they
    /// held, and how many of those it let go.
    fn stop(&mut self) -> Handed {
        drop(self.ranges.take());
        // The thread only makes calls whose errors it ignores: it does not panic.
        self.thread.take().map_or(Handed::default(), |thread| thread.join().unwrap_or_default())
    }
}

/// `file` opened again, for reading: the calls the flusher makes need no more, and a file
/// whose mode a strict umask left without the owner's write bit still opens. Refused if the
/// path no longer names that file.
fn open_again(file: &NamedTempFile) -> io::Result<File> {
    let again = File::open(file.path())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let (a, b) = (file.as_file().metadata()?, again.metadata()?);
        if (a.dev(), a.ino()) != (b.dev(), b.ino()) {
            return Err(io::Error::other("the path names another file now"));
        }
    }
    Ok(again)
}

/// What a [`Flusher`] did: bytes it asked the kernel to write back, and of those the bytes it
/// let go of once they were.
#[derive(Debug, Default, PartialEq)]
struct Handed {
    written_back: u64,
    let_go: u64,
}

impl Drop for Flusher {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Asks the kernel to start writing `file`'s bytes `from..from + len` back to disk.
fn write_back(file: &File, (from, len): (u64, u64)) {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: the descriptor is `file`'s, open for the length of the call; the call reads
        // no memory of ours. An error (an old kernel, a file system that cannot) only means
        // no head start: the final `fdatasync` reports real write errors.
        let _ = unsafe {
            libc::sync_file_range(
                file.as_raw_fd(),
                from as libc::off64_t,
                len as libc::off64_t,
                libc::SYNC_FILE_RANGE_WRITE,
            )
        };
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (file, from, len);
}

/// Waits until `file`'s bytes `from..from + len` are written back, then drops their pages from
/// the page cache. Only for ranges handed to [`write_back`] before: the wait is then for writes
/// already under way.
fn let_go(file: &File, (from, len): (u64, u64)) {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let fd = file.as_raw_fd();
        // SAFETY: as in `write_back`. Errors are ignored for the same reason: the pages stay
        // cached, and the final `fdatasync` reports real write errors (on the writer's own open
        // file, which this wait on another does not use up: see `Flusher::start`). A page written
        // again meanwhile (none is: the file only grows) would stay, dirty, as `DONTNEED` leaves
        // such.
        let waited = unsafe {
            libc::sync_file_range(
                fd,
                from as libc::off64_t,
                len as libc::off64_t,
                libc::SYNC_FILE_RANGE_WAIT_BEFORE
                    | libc::SYNC_FILE_RANGE_WRITE
                    | libc::SYNC_FILE_RANGE_WAIT_AFTER,
            )
        };
        // (`off_t` is 32 bits on some targets: past that the pages stay.)
        if waited == 0
            && let (Ok(from), Ok(len)) = (libc::off_t::try_from(from), libc::off_t::try_from(len))
        {
            // SAFETY: as above.
            unsafe { libc::posix_fadvise(fd, from, len, libc::POSIX_FADV_DONTNEED) };
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (file, from, len);
}

impl Write for Writeback {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.written += n as u64;
        if self.written - self.started >= CHUNK {
            self.start_writeback();
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Seek, SeekFrom, Write};

    use super::*;

    /// The flusher's waits must not use up a write error the writer's final sync is to report:
    /// its handle is an open file of its own (a copy of the writer's would share its offset),
    /// and a path that names another file by then is refused.
    #[test]
    fn the_flusher_opens_the_file_again() {
        let mut file = NamedTempFile::new().unwrap();
        file.write_all(b"0123456789").unwrap();
        let mut again = open_again(&file).unwrap();
        assert_eq!(again.stream_position().unwrap(), 0);
        let mut first = [0u8; 4];
        again.read_exact(&mut first).unwrap();
        assert_eq!(&first, b"0123");
        assert_eq!(file.as_file_mut().stream_position().unwrap(), 10);
        if cfg!(unix) {
            std::fs::remove_file(file.path()).unwrap();
            std::fs::write(file.path(), b"another").unwrap();
            assert!(open_again(&file).is_err());
        }
    }

    #[test]
    fn writes_every_byte_in_order_and_hands_chunks_to_the_kernel() {
        let mut out = Writeback::new(NamedTempFile::new().unwrap());
        let line: Vec<u8> = (0..=255u8).cycle().take(1 << 16).collect();
        let chunks = KEEP + 2;
        let times = (CHUNK as usize * chunks + 4096) / line.len() + 1;
        for _ in 0..times {
            out.write_all(&line).unwrap();
        }
        let total = (times * line.len()) as u64;
        assert_eq!(out.written, total);
        // The whole chunks (and a little) handed on; what is left waits for the final sync.
        let whole = chunks as u64 * CHUNK;
        assert!(out.started >= whole && out.started <= total, "{} of {total}", out.started);
        assert!(total - out.started < CHUNK);
        // On Linux every chunk handed on went through the file's thread, all of them by the
        // time it stops, and all but the last `KEEP` were let go once written back.
        let handed = out.flusher.take().flatten().map(|mut flusher| flusher.stop());
        let expected = Handed { written_back: out.started, let_go: (chunks - KEEP) as u64 * CHUNK };
        assert_eq!(handed, cfg!(target_os = "linux").then_some(expected));
        let mut file = out.into_inner();
        file.as_file().sync_data().unwrap();
        file.seek(SeekFrom::Start(0)).unwrap();
        let mut back = Vec::new();
        file.read_to_end(&mut back).unwrap();
        assert_eq!(back.len() as u64, total);
        assert!(back.chunks(line.len()).all(|chunk| chunk == &line[..]));
    }
}
