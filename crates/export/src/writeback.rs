//! Output files written back to disk as they grow, not all at the end.
//!
//! Export syncs each file before the runtime renames it into place. Left to the kernel, a
//! file's pages stay dirty in memory until then (the kernel starts writing only once a tenth
//! of memory is dirty, or after half a minute), so that one `fdatasync` waits for the whole
//! file: 40 ms for the bench news' 96 MB of output on this machine's disk, longer on a slower one, at
//! the very end of the run with nothing else left to do. [`Writeback`] asks the kernel to start
//! writing each [`CHUNK`] as soon as it is written (`sync_file_range` with
//! `SYNC_FILE_RANGE_WRITE`, which starts the writes and does not wait for them to finish; it
//! may wait for room in the disk's queue, as any writer would then), so the final
//! sync finds little left. It changes no byte of any file, and durability still comes from
//! that final sync alone: the early writes are a head start, not a promise. Elsewhere than
//! Linux it only counts.

use std::io::{self, Write};

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
}

impl Writeback {
    pub(crate) fn new(file: NamedTempFile) -> Writeback {
        Writeback { file, written: 0, started: 0 }
    }

    /// The file, once everything has been written to it.
    pub(crate) fn into_inner(self) -> NamedTempFile {
        self.file
    }

    fn start_writeback(&mut self) {
        let (from, len) = (self.started, self.written - self.started);
        self.started = self.written;
        #[cfg(target_os = "linux")]
        {
            use std::os::fd::AsRawFd;
            let fd = self.file.as_file().as_raw_fd();
            // SAFETY: `fd` is this open file's descriptor, borrowed for the call; the call reads
            // no memory of ours. An error (an old kernel, a file system that cannot) only means
            // no head start: the final `fdatasync` reports real write errors.
            let _ = unsafe {
                libc::sync_file_range(
                    fd,
                    from as libc::off64_t,
                    len as libc::off64_t,
                    libc::SYNC_FILE_RANGE_WRITE,
                )
            };
        }
        #[cfg(not(target_os = "linux"))]
        let _ = (from, len);
    }
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
        let mut file = out.into_inner();
        file.as_file().sync_data().unwrap();
        file.seek(SeekFrom::Start(0)).unwrap();
        let mut back = Vec::new();
        file.read_to_end(&mut back).unwrap();
        assert_eq!(back.len() as u64, total);
        assert!(back.chunks(line.len()).all(|chunk| chunk == &line[..]));
    }
}
