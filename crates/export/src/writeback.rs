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

use std::fs::File;
use std::io::{self, Write};
use std::thread::JoinHandle;

use crossbeam_channel::Sender;
use tempfile::NamedTempFile;

/// How much is written before the kernel is asked to start writing it back.
pub(crate) const CHUNK: u64 = 8 << 20;

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
        let file = self.file.as_file();
        match self.flusher.get_or_insert_with(|| Flusher::start(file)) {
            Some(flusher) if flusher.send(range) => {}
            _ => write_back(file, range),
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
    /// The thread; it returns how many bytes it handed on.
    thread: Option<JoinHandle<u64>>,
}

impl Flusher {
    /// A flusher with a handle of its own on `file`; `None` elsewhere than Linux, or if either
    /// cannot be had.
    fn start(file: &File) -> Option<Flusher> {
        if !cfg!(target_os = "linux") {
            return None;
        }
        let file = file.try_clone().ok()?;
        let (ranges, asked) = crossbeam_channel::unbounded();
        let thread = std::thread::Builder::new()
            .name("export-writeback".into())
            .spawn(move || {
                asked
                    .iter()
                    .map(|range| {
                        write_back(&file, range);
                        range.1
                    })
                    .sum()
            })
            .ok()?;
        Some(Flusher { ranges: Some(ranges), thread: Some(thread) })
    }

    /// Asks the thread to hand `range` on; false if it has stopped.
    fn send(&self, range: (u64, u64)) -> bool {
        self.ranges.as_ref().is_some_and(|ranges| ranges.send(range).is_ok())
    }

    /// Waits until the thread has handed on every range it was asked to; how many bytes they
    /// held.
    fn stop(&mut self) -> u64 {
        drop(self.ranges.take());
        // The thread only makes calls whose errors it ignores: it does not panic.
        self.thread.take().map_or(0, |thread| thread.join().unwrap_or(0))
    }
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

    #[test]
    fn writes_every_byte_in_order_and_hands_chunks_to_the_kernel() {
        let mut out = Writeback::new(NamedTempFile::new().unwrap());
        let line: Vec<u8> = (0..=255u8).cycle().take(1 << 16).collect();
        let times = (CHUNK as usize * 2 + 4096) / line.len() + 1;
        for _ in 0..times {
            out.write_all(&line).unwrap();
        }
        let total = (times * line.len()) as u64;
        assert_eq!(out.written, total);
        // Two whole chunks (and a little) handed on; what is left waits for the final sync.
        assert!(out.started >= 2 * CHUNK && out.started <= total, "{} of {total}", out.started);
        assert!(total - out.started < CHUNK);
        // On Linux every chunk handed on went through the file's thread, all of them by the
        // time it stops.
        let handed = out.flusher.take().flatten().map(|mut flusher| flusher.stop());
        assert_eq!(handed, cfg!(target_os = "linux").then_some(out.started));
        let mut file = out.into_inner();
        file.as_file().sync_data().unwrap();
        file.seek(SeekFrom::Start(0)).unwrap();
        let mut back = Vec::new();
        file.read_to_end(&mut back).unwrap();
        assert_eq!(back.len() as u64, total);
        assert!(back.chunks(line.len()).all(|chunk| chunk == &line[..]));
    }
}
