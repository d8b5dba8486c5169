//! The records of the documents a run rejected or dropped as duplicates, written at its end to
//! `rejects.jsonl` and `duplicates.jsonl` in input order, without holding them all: a feed of
//! three million broken lines had kept 1 GB of them in memory. Each thread keeps up to
//! [`HELD`] records; beyond, it writes them out sorted, as one run of an unnamed temporary
//! file in the run's output directory (the OS removes it however the run ends; the directory
//! is the run's, checked writable at its start, where the system's temporary folder may be
//! small or missing), and the end of the run merges every thread's runs and what it still
//! holds.

use std::collections::BinaryHeap;
use std::io::{BufRead, BufReader, Read, Seek, Write};
use std::sync::Arc;

use copydesk_core::{Dropped, Reject};
use serde::Serialize;

/// How many records a thread holds before it writes them out (about 1.5 MB of rejects).
const HELD: usize = 4096;

/// A record with the input position of its document.
pub trait Record: Serialize {
    fn seq(&self) -> u64;
}

impl Record for Reject {
    fn seq(&self) -> u64 {
        self.seq
    }
}

impl Record for Dropped {
    fn seq(&self) -> u64 {
        self.seq
    }
}

/// One thread's records of one kind.
pub struct Spool<T> {
    held: Vec<T>,
    /// How many records it holds before writing them out (a test makes it small).
    limit: usize,
    /// The runs written out: one file, each run a byte range of it, lines `seq json`.
    file: Option<Arc<std::fs::File>>,
    runs: Vec<(u64, u64)>,
    /// Where the next run starts.
    written: u64,
    /// The first failure to write a run, reported when the records are written.
    error: Option<std::io::Error>,
    /// Where the runs' file goes (the system's temporary folder if none).
    dir: Option<std::path::PathBuf>,
}

impl<T> Default for Spool<T> {
    fn default() -> Self {
        Spool {
            held: Vec::new(),
            limit: HELD,
            file: None,
            runs: Vec::new(),
            written: 0,
            error: None,
            dir: None,
        }
    }
}

impl<T: Record> Spool<T> {
    /// A spool whose runs go into the directory `dir`.
    pub fn in_dir(dir: &std::path::Path) -> Self {
        Spool { dir: Some(dir.to_path_buf()), ..Spool::default() }
    }

    #[cfg(test)]
    fn with_limit(limit: usize) -> Self {
        Spool { limit, ..Spool::default() }
    }

    pub fn push(&mut self, record: T) {
        self.held.push(record);
        if self.held.len() >= self.limit {
            self.spill();
        }
    }

    pub fn extend(&mut self, records: impl IntoIterator<Item = T>) {
        for record in records {
            self.push(record);
        }
    }

    /// Writes what it holds out as one sorted run.
    fn spill(&mut self) {
        let held = std::mem::take(&mut self.held);
        if self.error.is_some() {
            return;
        }
        if let Err(e) = self.write_run(held) {
            // Named by where it went wrong: the error surfaces as one writing `rejects.jsonl`.
            let dir = self.dir.as_deref().map_or_else(std::env::temp_dir, |d| d.to_path_buf());
            let message = format!("cannot write a temporary file of records in {}: {e}", dir.display());
            self.error = Some(std::io::Error::new(e.kind(), message));
        }
    }

    fn write_run(&mut self, held: Vec<T>) -> std::io::Result<()> {
        let lines = sorted_lines(held)?;
        if self.file.is_none() {
            let file = match &self.dir {
                Some(dir) => tempfile::tempfile_in(dir)?,
                None => tempfile::tempfile()?,
            };
            self.file = Some(Arc::new(file));
        }
        let Some(file) = &self.file else { unreachable!() };
        let mut writer = std::io::BufWriter::new(&**file);
        for (seq, json) in &lines {
            writeln!(writer, "{seq} {json}")?;
        }
        writer.flush()?;
        drop(writer);
        // (The runs are written one after another and read with `read_at`, which leaves the
        // file's position at the end of the last run.)
        let end = (&**file).stream_position()?;
        self.runs.push((self.written, end));
        self.written = end;
        Ok(())
    }
}

/// `records` as JSON lines with their positions, sorted by position (stably: records of one
/// document keep their order).
fn sorted_lines<T: Record>(mut records: Vec<T>) -> std::io::Result<Vec<(u64, String)>> {
    records.sort_by_key(Record::seq);
    records.iter().map(|r| Ok((r.seq(), copydesk_core::json::to_string(r)?))).collect()
}

/// The records of every thread of a run, each with its stage's place in the pipeline.
pub struct Records<T>(pub(crate) Vec<(usize, Spool<T>)>);

impl<T> Default for Records<T> {
    fn default() -> Self {
        Records(Vec::new())
    }
}

impl<T> std::fmt::Debug for Records<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let held: usize = self.0.iter().map(|(_, s)| s.held.len()).sum();
        let runs: usize = self.0.iter().map(|(_, s)| s.runs.len()).sum();
        write!(f, "Records {{ threads: {}, held: {held}, runs: {runs} }}", self.0.len())
    }
}

/// Where the next line of one source comes from.
enum Lines {
    Held(std::vec::IntoIter<(u64, String)>),
    Run(BufReader<RangeReader>),
}

impl Lines {
    /// The next record, as its position and JSON.
    fn next(&mut self) -> std::io::Result<Option<(u64, String)>> {
        match self {
            Lines::Held(items) => Ok(items.next()),
            Lines::Run(reader) => {
                let mut line = String::new();
                if reader.read_line(&mut line)? == 0 {
                    return Ok(None);
                }
                let line = line.strip_suffix('\n').unwrap_or(&line);
                let (seq, json) =
                    line.split_once(' ').ok_or_else(|| broken("a line without its position"))?;
                let seq = seq.parse().map_err(|_| broken("a line without its position"))?;
                Ok(Some((seq, json.to_string())))
            }
        }
    }
}

fn broken(what: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, format!("spooled records: {what}"))
}

/// A byte range of a file, read without moving the file's own position (runs of one file are
/// read side by side).
struct RangeReader {
    file: Arc<std::fs::File>,
    at: u64,
    end: u64,
}

impl Read for RangeReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let want = buf.len().min((self.end - self.at) as usize);
        if want == 0 {
            return Ok(0);
        }
        #[cfg(unix)]
        let n = std::os::unix::fs::FileExt::read_at(&*self.file, &mut buf[..want], self.at)?;
        #[cfg(windows)]
        let n = std::os::windows::fs::FileExt::seek_read(&*self.file, &mut buf[..want], self.at)?;
        self.at += n as u64;
        Ok(n)
    }
}

impl<T: Record> Records<T> {
    /// Writes every record as a JSON line, in input order, then pipeline order: the same bytes
    /// whatever the threads' timing.
    pub fn write_in_order(self, out: &mut impl Write) -> std::io::Result<()> {
        // Each source with its stage's place; the heap holds each source's next record,
        // smallest (position, stage, source) first.
        let mut sources: Vec<(usize, Lines)> = Vec::new();
        for (stage, spool) in self.0 {
            let Spool { held, file, runs, error, .. } = spool;
            if let Some(e) = error {
                return Err(e);
            }
            if let Some(file) = file {
                for (at, end) in runs {
                    let reader = RangeReader { file: file.clone(), at, end };
                    sources.push((stage, Lines::Run(BufReader::with_capacity(8192, reader))));
                }
            }
            sources.push((stage, Lines::Held(sorted_lines(held)?.into_iter())));
        }
        let mut heap = BinaryHeap::with_capacity(sources.len());
        for (i, (stage, lines)) in sources.iter_mut().enumerate() {
            if let Some((seq, json)) = lines.next()? {
                heap.push(std::cmp::Reverse((seq, *stage, i, json)));
            }
        }
        while let Some(std::cmp::Reverse((_, stage, i, json))) = heap.pop() {
            out.write_all(json.as_bytes())?;
            out.write_all(b"\n")?;
            if let Some((seq, json)) = sources[i].1.next()? {
                heap.push(std::cmp::Reverse((seq, stage, i, json)));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{Records, Spool};
    use copydesk_core::Reject;

    fn reject(stage: &str, seq: u64) -> Reject {
        Reject {
            stage: stage.into(),
            id: format!("d{seq}"),
            source: format!("in.jsonl:{seq}"),
            reason: "malformed JSON: expected value at column 1".into(),
            seq,
        }
    }

    /// Threads' records, spilled in runs of `limit`, come out as one sort of them all would
    /// give them: by position, then stage, then as they came.
    #[test]
    fn spilled_runs_merge_into_input_order() {
        // Two threads of a stage take alternate positions, out of order within each; a later
        // stage rejects some of the same positions' documents (none, in fact, can be both; the
        // order says which would come first).
        let threads: Vec<(usize, Vec<u64>)> = vec![
            (0, (0..500).filter(|s| s % 2 == 0).rev().collect()),
            (0, (0..500).filter(|s| s % 2 == 1).collect()),
            (2, (0..500).filter(|s| s % 7 == 0).collect()),
        ];
        let expected = {
            let mut all: Vec<(u64, usize)> =
                threads.iter().flat_map(|(stage, seqs)| seqs.iter().map(move |&s| (s, *stage))).collect();
            all.sort();
            all.iter()
                .map(|&(s, stage)| serde_json::to_string(&reject(&format!("s{stage}"), s)).unwrap() + "\n")
                .collect::<String>()
        };
        for limit in [1, 3, 64, 10_000] {
            let records = Records(
                threads
                    .iter()
                    .map(|(stage, seqs)| {
                        let mut spool = Spool::with_limit(limit);
                        spool.extend(seqs.iter().map(|&s| reject(&format!("s{stage}"), s)));
                        (*stage, spool)
                    })
                    .collect(),
            );
            let mut out = Vec::new();
            records.write_in_order(&mut out).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), expected, "limit {limit}");
        }
    }
}
