//! Output files written back to disk as they grow, not all at the end.
//!
//! Export syncs each file before the runtime renames it into place. Left to the kernel, a
//! file's pages stay dirty in memory until then (the kernel starts writing only once a tenth
//! of memory is dirty, or after half a minute), so that one `fdatasync` waits for the whole
//! file: 40 ms for the bench news' 96 MB of output on this machine's disk, longer on a slower one, at
//! the very end of the run with nothing else left to do. [`Writeback`] asks the kernel to start
//! writing each [`CHUNK`] as soon as it is written (`sync_file_range` with
//! `SYNC_FILE_RANGE_WRITE`, which starts the writes and does not wait for them to finish), so
//! the final sync finds little left. The call is made on a thread of the file's own
//! ([`Flusher`]): it does the file system's part of starting the writes and waits while the
//! disk's queue is throttled, 15-25 ms a run on the bench news, once 160 ms at one go, which on
//! the writer's thread held up the whole end of the run. It changes no byte of any file, and
//! durability still comes from that final sync alone: the early writes are a head start, not
//! a promise. Elsewhere than Linux it only counts.

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
    /// The thread that hands them on, once the first chunk is written.
    flusher: Option<Flusher>,
}

impl Writeback {
    pub(crate) fn new(file: NamedTempFile) -> Writeback {
        Writeback { file, written: 0, started: 0, flusher: None }
    }

    /// The file, once everything has been written to it (and every range asked for has been
    /// handed to the kernel).
    pub(crate) fn into_inner(mut self) -> NamedTempFile {
        if let Some(flusher) = self.flusher.take() {
            flusher.stop();
        }
        self.file
    }

    fn start_writeback(&mut self) {
        let range = (self.started, self.written - self.started);
        self.started = self.written;
        if self.flusher.is_none() {
            self.flusher = Flusher::start(self.file.as_file());
        }
        match &self.flusher {
            Some(flusher) => {
                flusher.ranges.send(range).unwrap_or_else(|_| write_back(self.file.as_file(), range))
            }
            None => write_back(self.file.as_file(), range),
        }
    }
}

/// Hands a file's ranges to the kernel to write back, on a thread of its own. The call does
/// the file system's part of starting the writes (allocating the blocks, reading the
/// allocation bitmaps from disk to do so, queueing the writes) and waits while the disk's
/// queue is throttled. Behind dedup, export writes at the end of a run, alone: made on its
/// own threads, the calls held it up (once for 160 ms at one go, on the CSV thread, which
/// export then waited on, and dedup's release on export).
struct Flusher {
    ranges: Sender<(u64, u64)>,
    thread: JoinHandle<()>,
}

impl Flusher {
    /// A flusher with a handle of its own on `file`; `None` if either cannot be had (the
    /// writer then hands its ranges on itself).
    fn start(file: &File) -> Option<Flusher> {
        if !cfg!(target_os = "linux") {
            return None;
        }
        let file = file.try_clone().ok()?;
        let (ranges, asked) = crossbeam_channel::unbounded();
        let thread = std::thread::Builder::new()
            .name("export-writeback".into())
            .spawn(move || {
                for range in asked {
                    write_back(&file, range);
                }
            })
            .ok()?;
        Some(Flusher { ranges, thread })
    }

    /// Waits until every range asked for has been handed on.
    fn stop(self) {
        drop(self.ranges);
        // The thread only makes calls whose errors it ignores: it does not panic.
        let _ = self.thread.join();
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
        // Two whole chunks (and a little) handed on, by a thread of the file's own on Linux;
        // what is left waits for the final sync.
        assert!(out.started >= 2 * CHUNK && out.started <= total, "{} of {total}", out.started);
        assert!(total - out.started < CHUNK);
        assert_eq!(out.flusher.is_some(), cfg!(target_os = "linux"));
        let mut file = out.into_inner();
        file.as_file().sync_data().unwrap();
        file.seek(SeekFrom::Start(0)).unwrap();
        let mut back = Vec::new();
        file.read_to_end(&mut back).unwrap();
        assert_eq!(back.len() as u64, total);
        assert!(back.chunks(line.len()).all(|chunk| chunk == &line[..]));
    }
}
