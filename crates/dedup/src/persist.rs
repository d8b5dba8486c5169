//! Saving the index at the end of a run (`index_out`) and loading it at the start of the next
//! (`index_in`), so today's articles are checked against yesterday's.
//!
//! What is saved: every distinct text of the run (and every entry loaded from earlier runs), each
//! with its cluster, id, published date, paragraph keys and shingle set — enough to rebuild its
//! LSH keys and run exact checks, not the document itself. A loaded entry is not a document of
//! the new run: it is never emitted, only compared against.
//!
//! Representatives across runs: an earlier run's entry always ranks before this run's documents,
//! so a cluster that reaches back to yesterday keeps yesterday's representative, and today's
//! copy gets `duplicate_of` = that earlier id (ids already published do not change meaning).
//! Each saved text carries the id and date of its cluster's representative when it holds it
//! (and a flag saying so), else of its first document; among earlier entries the flagged ones
//! rank first, so a cluster keeps its earlier representative, and when today's document bridges
//! two earlier clusters the earlier of their representatives (by date, then id) represents
//! both. Boilerplate counts are per run.
//!
//! Format (little-endian), version 3 (version 2, still read, had no text hash; version 1 hashed
//! shingles differently):
//!
//! ```text
//! "copydesk dedup index\n" | version u32 | shingle_size u32 | num_perm u32 | bands u32 | rows u32
//! | entries u64 | entries × (cluster u32 | flags u32 | date u32 | text_hash u64 | id_len u32 | id
//!   | paragraphs u32 | keys | shingles u32 | hashes) | xxh3-64 of everything before, u64
//! ```
//!
//! `cluster` is the number of the cluster's first entry; flag 1 marks its representative, flag 2
//! a known `text_hash`: the 64-bit xxh3 of the whole text, by which a later run knows a re-sent
//! copy even when the saved set cannot tell (boilerplate left out can leave it short or empty;
//! a text of no words has none). The file is written under a temporary
//! name in its directory and renamed, so a crash never leaves half an index under the real name;
//! a truncated or corrupt file (checksum), another format version or other shingle/MinHash
//! options are an error naming the file.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::Path;

use copydesk_core::{StageError, StopSignal, Stopped};
use xxhash_rust::xxh3::Xxh3;

use crate::chunked::Chunked;
use crate::options::DedupOptions;
use crate::spool::Spool;
use crate::{Index, State};

const MAGIC: &[u8; 21] = b"copydesk dedup index\n";
/// Entry flags: the entry represented its cluster; its text hash is known.
const REPRESENTATIVE: u32 = 1;
const HASHED: u32 = 2;
/// Bump when the layout or the signature scheme changes: an old index would silently miss.
pub const VERSION: u32 = 3;
/// The oldest version read: version 2 is version 3 without text hashes.
const OLDEST: u32 = 2;

#[derive(Debug, thiserror::Error)]
#[error("dedup index {path}: {problem}")]
pub struct PersistError {
    path: String,
    problem: String,
    /// Saving gave up because the run is stopping.
    stopped: bool,
}

fn error(path: &Path, problem: impl Into<String>) -> PersistError {
    PersistError { path: path.display().to_string(), problem: problem.into(), stopped: false }
}

impl From<PersistError> for StageError {
    fn from(err: PersistError) -> Self {
        if err.stopped {
            StageError::from(Stopped).context(format!("dedup index {}", err.path))
        } else {
            StageError::new(err.to_string())
        }
    }
}

fn io_problem(e: &io::Error) -> String {
    if e.kind() == io::ErrorKind::UnexpectedEof {
        format!("is truncated; {START_AFRESH}")
    } else {
        e.to_string()
    }
}

/// The folder of the index file `path` (`.` for a bare name).
fn folder(path: &Path) -> &Path {
    path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// How the temporary files of an index being saved are named: `.NAME.` and six characters.
fn temp_prefix(path: &Path) -> String {
    format!(".{}.", path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default())
}

/// A lock on the saved index `path` (`.NAME.lock` beside it), held to the end of the run: two
/// runs saving one index at once would each save only their own documents, and whichever
/// renamed last would win, the other's lost without a word (a walkthrough's overlapping daily
/// jobs). The second is refused instead. Holding it, the temporary files a run killed while
/// saving left beside the index (each as large as the index) are removed.
pub fn lock(path: &Path) -> Result<File, PersistError> {
    let prefix = temp_prefix(path);
    let lock = folder(path).join(format!("{prefix}lock"));
    let held = match copydesk_core::lock::hold(&lock) {
        Ok(Some(held)) => held,
        Ok(None) => {
            return Err(error(
                path,
                format!("another run is using it (it holds {}); wait for it to end", lock.display()),
            ));
        }
        Err(e) => return Err(error(path, format!("cannot lock {}: {e}", lock.display()))),
    };
    for entry in std::fs::read_dir(folder(path)).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.strip_prefix(&prefix).is_some_and(|rest| rest.len() == 6) {
            match std::fs::remove_file(entry.path()) {
                Ok(()) => {
                    tracing::info!(path = %entry.path().display(), "removed a temporary index a killed run left")
                }
                Err(e) => {
                    tracing::warn!(path = %entry.path().display(), "cannot remove a killed run's temporary index: {e}")
                }
            }
        }
    }
    Ok(held)
}

/// Hashes what passes through, for the trailing checksum.
struct Hashing<T> {
    inner: T,
    hash: Xxh3,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn params(options: &DedupOptions) -> [u32; 4] {
    [options.shingle_size, options.num_perm, options.bands, options.rows].map(|n| n as u32)
}

fn read_u32(r: &mut impl Read) -> io::Result<u32> {
    let mut b = [0; 4];
    r.read_exact(&mut b)?;
    Ok(u32::from_le_bytes(b))
}

fn read_u64(r: &mut impl Read) -> io::Result<u64> {
    let mut b = [0; 8];
    r.read_exact(&mut b)?;
    Ok(u64::from_le_bytes(b))
}

fn read_u32s(r: &mut impl Read, n: usize, out: &mut Vec<u32>) -> io::Result<()> {
    let mut b = vec![0u8; 4 * n];
    r.read_exact(&mut b)?;
    out.clear();
    out.extend(b.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])));
    Ok(())
}

/// Read and check the header; returns the format version and the number of entries.
fn header(r: &mut impl Read, path: &Path, options: &DedupOptions) -> Result<(u32, u64), PersistError> {
    let mut magic = [0u8; MAGIC.len()];
    r.read_exact(&mut magic).map_err(|e| match e.kind() {
        io::ErrorKind::UnexpectedEof => error(path, "is not a copydesk dedup index (too short)"),
        _ => error(path, e.to_string()),
    })?;
    if &magic != MAGIC {
        return Err(error(path, "is not a copydesk dedup index"));
    }
    let version = read_u32(r).map_err(|e| error(path, io_problem(&e)))?;
    if !(OLDEST..=VERSION).contains(&version) {
        return Err(error(
            path,
            format!("has format version {version}; this copydesk reads versions {OLDEST} to {VERSION}"),
        ));
    }
    let mut saved = [0u32; 4];
    for v in &mut saved {
        *v = read_u32(r).map_err(|e| error(path, io_problem(&e)))?;
    }
    let want = params(options);
    if saved != want {
        let show =
            |p: [u32; 4]| format!("shingle_size {}, num_perm {}, bands {}, rows {}", p[0], p[1], p[2], p[3]);
        return Err(error(
            path,
            format!(
                "was made with {}, but this stage uses {}: use the same options or a new index",
                show(saved),
                show(want)
            ),
        ));
    }
    let mut n = [0u8; 8];
    r.read_exact(&mut n).map_err(|e| error(path, io_problem(&e)))?;
    Ok((version, u64::from_le_bytes(n)))
}

/// Check that `path` opens and has a header for `options` (at build time).
pub fn check_header(path: &Path, options: &DedupOptions) -> Result<(), PersistError> {
    let file = File::open(path).map_err(|e| error(path, format!("cannot be read: {e}")))?;
    header(&mut BufReader::new(file), path, options).map(|_| ())
}

/// What to do about a damaged index: no run can use it.
const START_AFRESH: &str = "delete it (or name another file in index_in) to start a new index";

/// [`check_header`], then the whole file against its checksum: what `validate` and a run's
/// start do, so a truncated or damaged index is a config error before anything is read (its
/// entries are read again when the stream starts; reading and hashing a 300 MB index takes a
/// fraction of a second).
pub fn check(path: &Path, options: &DedupOptions) -> Result<(), PersistError> {
    check_header(path, options)?;
    let mut file = File::open(path).map_err(|e| error(path, format!("cannot be read: {e}")))?;
    let len = file.metadata().map_err(|e| error(path, format!("cannot be read: {e}")))?.len();
    let Some(body) = len.checked_sub(8) else {
        return Err(error(path, format!("is truncated; {START_AFRESH}")));
    };
    let mut hash = Xxh3::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut left = body;
    let fail = |e: io::Error| error(path, io_problem(&e));
    while left > 0 {
        let n = (left as usize).min(buf.len());
        file.read_exact(&mut buf[..n]).map_err(fail)?;
        hash.update(&buf[..n]);
        left -= n as u64;
    }
    let mut trailer = [0u8; 8];
    file.read_exact(&mut trailer).map_err(fail)?;
    if u64::from_le_bytes(trailer) != hash.digest() {
        return Err(error(path, format!("is truncated or corrupt (checksum mismatch); {START_AFRESH}")));
    }
    Ok(())
}

/// Load the entries of `path` into `index` (their sets into `spool`, their text hashes into
/// `text_hashes` when given, 0 for unknown, and the hashes of their ids and texts into `ids`);
/// returns, per entry, whether it was its cluster's representative.
pub fn load(
    path: &Path,
    options: &DedupOptions,
    index: &mut Index,
    spool: &mut Spool,
    mut text_hashes: Option<&mut Chunked<u64>>,
    ids: &mut Vec<(u64, u64)>,
) -> Result<Vec<bool>, PersistError> {
    let file = File::open(path).map_err(|e| error(path, format!("cannot be read: {e}")))?;
    let mut r = Hashing { inner: BufReader::with_capacity(1 << 20, file), hash: Xxh3::new() };
    let (version, entries) = header(&mut r, path, options)?;
    let (mut paragraphs, mut shingles, mut signature) = (Vec::new(), Vec::new(), Vec::new());
    let (mut clusters, mut reps) = (Vec::new(), Vec::new());
    let mut gaps = Vec::new();
    let minhasher = crate::minhash::MinHasher::new(options.num_perm);
    let fail = |e: io::Error| error(path, io_problem(&e));
    for n in 0..entries {
        if n > u64::from(u32::MAX / 2) {
            return Err(error(path, "has too many entries"));
        }
        let cluster = read_u32(&mut r).map_err(fail)?;
        let flags = read_u32(&mut r).map_err(fail)?;
        let date = read_u32(&mut r).map_err(fail)?;
        let text_hash = if version >= 3 { read_u64(&mut r).map_err(fail)? } else { 0 };
        let text_hash = (flags & HASHED != 0).then_some(text_hash);
        let id_len = read_u32(&mut r).map_err(fail)? as usize;
        let mut id = vec![0u8; id_len.min(1 << 20)];
        r.read_exact(&mut id).map_err(fail)?;
        let id = String::from_utf8(id).map_err(|_| error(path, "is corrupt (an id is not UTF-8)"))?;
        let count = read_u32(&mut r).map_err(fail)? as usize;
        read_u32s(&mut r, count.min(1 << 24), &mut paragraphs).map_err(fail)?;
        let count = read_u32(&mut r).map_err(fail)? as usize;
        read_u32s(&mut r, count.min(1 << 26), &mut shingles).map_err(fail)?;
        if cluster as u64 > n || !shingles.windows(2).all(|w| w[0] < w[1]) {
            return Err(error(path, "is corrupt (an entry is out of order)"));
        }
        signature.clear();
        if !shingles.is_empty() {
            minhasher.signature(&shingles, &mut signature);
        }
        gaps.clear();
        crate::spool::encode_gaps(&shingles, &mut gaps);
        let offset = spool.append(n, &paragraphs, &gaps, &id, None).map_err(fail)?;
        index.push_earlier(offset, date, &signature, shingles.len(), text_hash);
        if let Some(hashes) = text_hashes.as_deref_mut() {
            hashes.push(text_hash.unwrap_or(0));
        }
        ids.push((xxhash_rust::xxh3::xxh3_64(id.as_bytes()), text_hash.unwrap_or(0)));
        clusters.push(cluster);
        reps.push(flags & REPRESENTATIVE != 0);
    }
    let computed = r.hash.digest();
    let mut trailer = [0u8; 8];
    r.inner.read_exact(&mut trailer).map_err(fail)?;
    if u64::from_le_bytes(trailer) != computed {
        return Err(error(path, format!("is corrupt (checksum mismatch); {START_AFRESH}")));
    }
    if r.inner.read(&mut [0u8; 1]).map_err(fail)? != 0 {
        return Err(error(path, "is corrupt (data after the checksum)"));
    }
    for (n, &cluster) in clusters.iter().enumerate() {
        index.union(n as u32, cluster);
    }
    spool.flush().map_err(fail)?;
    Ok(reps)
}

/// Write every entry of `state` (after clustering), for `path`, into a temporary file beside
/// it; [`Saved::commit`] puts it in place, atomically.
pub fn save(
    path: &Path,
    options: &DedupOptions,
    state: &mut State,
    stop: &StopSignal,
) -> Result<Saved, PersistError> {
    let dir = folder(path);
    let mut builder = tempfile::Builder::new();
    // Named after the index, hidden: what an abort (a second Ctrl-C, a kill) leaves is
    // recognisable, and removed by the next run that takes the lock (`lock`).
    let prefix = temp_prefix(path);
    builder.prefix(&prefix);
    // tempfile's default mode is owner-only; an index is an ordinary file (umask applies).
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let temp = builder
        .tempfile_in(dir)
        .map_err(|e| error(path, format!("cannot be written in {}: {e}", dir.display())))?;
    let fail = |e: io::Error| error(path, format!("cannot be written: {e}"));
    let file = temp.as_file().try_clone().map_err(fail)?;
    let mut w = Hashing { inner: BufWriter::with_capacity(1 << 20, file), hash: Xxh3::new() };
    w.write_all(MAGIC).map_err(fail)?;
    for v in std::iter::once(VERSION).chain(params(options)) {
        w.write_all(&v.to_le_bytes()).map_err(fail)?;
    }
    let entries = state.index.len();
    w.write_all(&(entries as u64).to_le_bytes()).map_err(fail)?;
    // The representative document of each cluster, by the fingerprint holding it.
    let release = state.release.as_ref().expect("saved after clustering");
    let mut rep_of_fp = std::collections::HashMap::new();
    for rep in release.reps.values() {
        rep_of_fp.insert(state.index.doc(rep.doc as usize).fp, rep.doc);
    }
    let (mut paragraphs, mut shingles) = (Vec::new(), Vec::new());
    for fp in 0..entries as u32 {
        // A stopped run drops the temporary file: a second of writing need not hold it up.
        if fp % 16_384 == 0 {
            stop.check().map_err(|e| PersistError { stopped: true, ..error(path, e.to_string()) })?;
        }
        let doc = rep_of_fp.get(&fp).copied().unwrap_or(state.index.first_doc(fp));
        let meta = state.index.doc(doc as usize);
        let id = state.spool.id(meta.offset).map_err(fail)?;
        state
            .spool
            .paragraphs(state.index.doc(state.index.first_doc(fp) as usize).offset, &mut paragraphs)
            .map_err(fail)?;
        state.spool.shingles(state.index.record(fp), &mut shingles).map_err(fail)?;
        let cluster = state.index.root(fp);
        let is_rep = rep_of_fp.contains_key(&fp) || release.size[cluster as usize] == 1;
        let text_hash = state.text_hashes.as_ref().map_or(0, |h| h.get(fp as usize));
        let flags = if is_rep { REPRESENTATIVE } else { 0 } | if text_hash != 0 { HASHED } else { 0 };
        for v in [cluster, flags, meta.date] {
            w.write_all(&v.to_le_bytes()).map_err(fail)?;
        }
        w.write_all(&text_hash.to_le_bytes()).map_err(fail)?;
        w.write_all(&(id.len() as u32).to_le_bytes()).map_err(fail)?;
        w.write_all(id.as_bytes()).map_err(fail)?;
        for list in [&paragraphs, &shingles] {
            w.write_all(&(list.len() as u32).to_le_bytes()).map_err(fail)?;
            for v in list.iter() {
                w.write_all(&v.to_le_bytes()).map_err(fail)?;
            }
        }
    }
    let checksum = w.hash.digest();
    let mut inner = w.inner;
    inner.write_all(&checksum.to_le_bytes()).map_err(fail)?;
    inner.into_inner().map_err(|e| fail(e.into_error()))?;
    temp.as_file().sync_all().map_err(fail)?;
    Ok(Saved { temp, path: path.to_path_buf() })
}

/// A saved index not yet in place: renamed to its path by [`Saved::commit`] once the run has
/// completed, so that a run stopped before its export is written leaves the last index as it
/// was (the next run would otherwise take this run's documents for ones already exported and
/// drop them). Dropped uncommitted, the temporary file is deleted.
#[derive(Debug)]
pub struct Saved {
    temp: tempfile::NamedTempFile,
    path: std::path::PathBuf,
}

impl Saved {
    pub fn commit(self) -> Result<(), PersistError> {
        let path = self.path;
        self.temp.persist(&path).map_err(|e| error(&path, format!("cannot be written: {}", e.error)))?;
        Ok(())
    }
}
