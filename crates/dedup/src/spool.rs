//! The spool: documents the dedup stage holds until `finish`, in an anonymous temporary file
//! (deleted by the OS when the stage drops it, even on a crash), so memory stays flat however
//! long the stream is. Only the compact index (`index.rs`) stays in memory.
//!
//! One record a document, appended in input order, little-endian:
//!
//! ```text
//! seq u64 | paragraphs u32 | shingle_bytes u32 | id_len u32 | json_len u32
//! | id (UTF-8) | paragraph keys (u32 each) | shingle hashes (LEB128 deltas) | document
//! ```
//!
//! Bytes written matter more than anything else here: past a few GB of dirty page cache the
//! kernel makes every write expensive (measured: 1M documents at 8 KB a record spent a fifth of
//! the run copying into the page cache, and a 1M run took 20× the time of a 100k one). So the
//! sorted shingle hashes are stored as variable-length gaps (~3.3 bytes instead of 4), and an
//! `original` equal to the text is not written twice.
//!
//! The document (everything but its id) is its string fields as `u32 length + UTF-8` (length
//! `u32::MAX` for `None`), then its entities (count u32; each a kind byte, start and end u32
//! (an offset of 4 GB or more, which no text has: `u32::MAX`, then the offset as u64), text,
//! canonical name and entity id as `u32 length + UTF-8`, the text written as a mark when it is
//! the document's text from start to end, as a tagger's always is, and the canonical name when
//! it is the entity's text: 43 bytes an entity instead of 67 on the bench news), then its dedup
//! annotation and
//! fields as one serde_json array: the text, the original and the entities, most of the bytes,
//! are copied, not escaped, unescaped and matched by field name (serde_json for the whole
//! document made releasing it the slowest part of `finish`).
//!
//! The shingle set is stored beside the document so the exact checks at the end read 2 KB of
//! numbers instead of parsing and re-shingling the text; the id is stored apart from the JSON so
//! choosing representatives does not parse documents. The id and the paragraph keys come right
//! after the header, so one positioned read of [`PREFIX`] bytes usually gets header, id and keys
//! (`finish` reads ids and keys of a million records: one system call each instead of two). `seq` is `#[serde(skip)]` in `Document`,
//! so it is stored here and restored. Entries loaded from an earlier run's index have no
//! document (`json_len` 0). Reads are positioned (`pread`), so they need no seeking and can
//! come while the file is still being appended to (after a flush).

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::os::unix::fs::FileExt;
use std::path::Path;

use crossbeam_channel::Receiver;

use crate::figures::Figures;
use copydesk_core::{Document, Entity, EntityKind};

const HEADER: usize = 24;
/// Bytes read at once when a record's header and what follows it are wanted.
const PREFIX: usize = 512;
/// Bytes read at once when a record's shingle set is wanted: header, id, paragraph keys and the
/// set of a text of up to about 350 words (19 news texts in 20; the bench news's median is 71
/// words), so longer ones take a second read. The checks at the end of the stream read hundreds
/// of thousands of sets: at 4 KB a read, most of the bytes copied were the document after its
/// set, and the copies were most of the stage's system time.
const SHINGLES_PREFIX: usize = 1536;

#[derive(Debug)]
pub struct Spool {
    writer: BufWriter<File>,
    reader: File,
    len: u64,
    scratch: Vec<u8>,
}

/// A record's header.
#[derive(Clone, Copy, Debug)]
pub struct Header {
    pub seq: u64,
    paragraphs: u32,
    shingle_bytes: u32,
    id_len: u32,
    json_len: u32,
}

impl Header {
    fn parse(b: &[u8]) -> Header {
        let u32_at = |i: usize| u32::from_le_bytes(b[i..i + 4].try_into().unwrap_or_default());
        Header {
            seq: u64::from_le_bytes(b[..8].try_into().unwrap_or_default()),
            paragraphs: u32_at(8),
            shingle_bytes: u32_at(12),
            id_len: u32_at(16),
            json_len: u32_at(20),
        }
    }

    fn paragraphs_at(&self) -> usize {
        HEADER + self.id_len as usize
    }

    fn shingles_at(&self) -> usize {
        self.paragraphs_at() + 4 * self.paragraphs as usize
    }

    fn body_len(&self) -> usize {
        4 * self.paragraphs as usize
            + self.shingle_bytes as usize
            + self.id_len as usize
            + self.json_len as usize
    }
}

/// One record read back whole.
#[derive(Debug, Default)]
#[allow(dead_code)] // a whole record, for tests and tools; the stage reads some fields
pub struct Record {
    pub seq: u64,
    pub paragraphs: Vec<u32>,
    pub shingles: Vec<u32>,
    pub id: String,
    pub doc: Option<Document>,
}

impl Spool {
    /// A spool in the folder `dir`: an unnamed file, gone when the run ends however it ends.
    pub fn new(dir: &Path) -> io::Result<Spool> {
        let file = tempfile::tempfile_in(dir)?;
        let reader = file.try_clone()?;
        Ok(Spool { writer: BufWriter::with_capacity(1 << 20, file), reader, len: 0, scratch: Vec::new() })
    }

    /// Bytes written so far.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Append a record; returns its offset. `doc` is `None` for an earlier run's entry.
    pub fn append(
        &mut self,
        seq: u64,
        paragraphs: &[u32],
        shingle_gaps: &[u8],
        id: &str,
        doc: Option<&Document>,
    ) -> io::Result<u64> {
        let offset = self.len;
        let b = &mut self.scratch;
        b.clear();
        b.extend_from_slice(&[0; HEADER]);
        b.extend_from_slice(id.as_bytes());
        for v in paragraphs {
            b.extend_from_slice(&v.to_le_bytes());
        }
        b.extend_from_slice(shingle_gaps);
        let shingle_bytes = shingle_gaps.len();
        let json_start = b.len();
        if let Some(doc) = doc {
            encode(doc, b)?;
        }
        let json_len = b.len() - json_start;
        let lens = [paragraphs.len(), shingle_bytes, id.len(), json_len];
        b[..8].copy_from_slice(&seq.to_le_bytes());
        for (i, n) in lens.into_iter().enumerate() {
            let n = u32::try_from(n).map_err(|_| io::Error::other("a document over 4 GB"))?;
            b[8 + 4 * i..12 + 4 * i].copy_from_slice(&n.to_le_bytes());
        }
        self.writer.write_all(b)?;
        self.len += b.len() as u64;
        Ok(offset)
    }

    /// Make everything appended readable.
    pub fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }

    fn header(&self, offset: u64) -> io::Result<Header> {
        let mut b = [0u8; HEADER];
        self.reader.read_exact_at(&mut b, offset)?;
        Ok(Header::parse(&b))
    }

    /// The header of the record at `offset` and how many of the record's first bytes from its
    /// start (header included) are in `buf`, as `n` asks: one read when they fit in `size` bytes,
    /// else two. `buf` is only grown, never cleared, so a caller that keeps it pays for neither.
    fn prefix(
        &self,
        offset: u64,
        size: usize,
        n: impl Fn(&Header) -> usize,
        buf: &mut Vec<u8>,
    ) -> io::Result<(Header, usize)> {
        if buf.len() < size {
            buf.resize(size, 0);
        }
        let mut got = 0;
        while got < HEADER {
            match self.reader.read_at(&mut buf[got..size], offset + got as u64)? {
                0 => return Err(io::ErrorKind::UnexpectedEof.into()),
                k => got += k,
            }
        }
        let h = Header::parse(&buf[..HEADER]);
        let want = n(&h);
        if want > got {
            if buf.len() < want {
                buf.resize(want, 0);
            }
            self.reader.read_exact_at(&mut buf[got..want], offset + got as u64)?;
        }
        Ok((h, want))
    }

    /// The shingle set of the record at `offset` (after [`Spool::flush`]).
    pub fn shingles(&self, offset: u64, out: &mut Vec<u32>) -> io::Result<()> {
        self.shingles_with(offset, out, &mut Vec::new())
    }

    /// [`Spool::shingles`], read through `scratch`: a caller that reads many sets (the checks
    /// at the end of the stream read hundreds of thousands) keeps one buffer instead of
    /// allocating and zeroing [`SHINGLES_PREFIX`] bytes for each.
    pub fn shingles_with(&self, offset: u64, out: &mut Vec<u32>, scratch: &mut Vec<u8>) -> io::Result<()> {
        let (h, end) =
            self.prefix(offset, SHINGLES_PREFIX, |h| h.shingles_at() + h.shingle_bytes as usize, scratch)?;
        decode_gaps(&scratch[h.shingles_at()..end], out)
    }

    /// The paragraph keys of the record at `offset`.
    pub fn paragraphs(&self, offset: u64, out: &mut Vec<u32>) -> io::Result<()> {
        let mut b = Vec::new();
        let (h, end) = self.prefix(offset, PREFIX, Header::shingles_at, &mut b)?;
        out.clear();
        out.extend(
            b[h.paragraphs_at()..end]
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes(c.try_into().unwrap_or_default())),
        );
        Ok(())
    }

    /// The id of the record at `offset`.
    pub fn id(&self, offset: u64) -> io::Result<String> {
        let mut b = Vec::new();
        let (_, end) = self.prefix(offset, PREFIX, Header::paragraphs_at, &mut b)?;
        b.truncate(end);
        String::from_utf8(b.split_off(HEADER)).map_err(io::Error::other)
    }

    /// The text of the record's document at `offset` (`None` for an earlier run's entry), without
    /// reading its shingles or decoding the rest of the document.
    pub fn text(&self, offset: u64) -> io::Result<Option<String>> {
        let h = self.header(offset)?;
        if h.json_len == 0 {
            return Ok(None);
        }
        let mut doc = vec![0u8; h.json_len as usize];
        self.reader.read_exact_at(&mut doc, offset + (h.shingles_at() + h.shingle_bytes as usize) as u64)?;
        let mut fields = StringFields(&doc);
        for _ in 0..TEXT {
            fields.next()?;
        }
        Ok(Some(fields.next()?.unwrap_or_default().to_string()))
    }

    /// The whole record at `offset`.
    pub fn record(&self, offset: u64) -> io::Result<Record> {
        let h = self.header(offset)?;
        let mut body = vec![0u8; h.body_len()];
        self.reader.read_exact_at(&mut body, offset + HEADER as u64)?;
        parse_body(h, &body)
    }

    /// Records in file order from `offset` on, read through one buffer (for releasing documents).
    pub fn sequential(&self, offset: u64) -> io::Result<Sequential> {
        let file = self.reader.try_clone()?;
        let mut reader = BufReader::with_capacity(1 << 20, file);
        io::Seek::seek(&mut reader, io::SeekFrom::Start(offset))?;
        Ok(Sequential { reader, body: Vec::new() })
    }
}

/// The paragraph keys of each new text of a run, in fingerprint order, in a temporary file of
/// their own (`count u32 | keys`): finding the texts that hold boilerplate paragraphs at the
/// end is one sequential read of ~60 bytes a text, not a positioned read of every record.
#[derive(Debug)]
pub struct KeyLog {
    writer: BufWriter<File>,
}

impl KeyLog {
    pub fn new(dir: &Path) -> io::Result<KeyLog> {
        Ok(KeyLog { writer: BufWriter::with_capacity(1 << 16, tempfile::tempfile_in(dir)?) })
    }

    /// Append the next text's keys.
    pub fn push(&mut self, keys: &[u32]) -> io::Result<()> {
        let n = u32::try_from(keys.len()).map_err(|_| io::Error::other("over 4G paragraphs"))?;
        self.writer.write_all(&n.to_le_bytes())?;
        for k in keys {
            self.writer.write_all(&k.to_le_bytes())?;
        }
        Ok(())
    }

    /// A reader from the first text on, of everything pushed so far.
    pub fn reader(&mut self) -> io::Result<KeyLogReader> {
        self.writer.flush()?;
        let mut file = self.writer.get_ref().try_clone()?;
        io::Seek::seek(&mut file, io::SeekFrom::Start(0))?;
        Ok(KeyLogReader(BufReader::with_capacity(1 << 16, file)))
    }
}

pub struct KeyLogReader(BufReader<File>);

impl KeyLogReader {
    /// The next text's keys, into `out` (cleared first).
    pub fn next(&mut self, out: &mut Vec<u32>) -> io::Result<()> {
        let mut word = [0u8; 4];
        self.0.read_exact(&mut word)?;
        out.clear();
        for _ in 0..u32::from_le_bytes(word) {
            self.0.read_exact(&mut word)?;
            out.push(u32::from_le_bytes(word));
        }
        Ok(())
    }
}

/// Documents read back in file order and decoded on a thread of their own, a batch ahead of the
/// caller, each with its text's [`Figures`]: releasing a million documents is mostly reading and
/// decoding them, and when dedup's `finish` runs the stages before it are done, so a core is free
/// for it.
#[derive(Debug)]
pub struct Prefetch {
    batches: Receiver<io::Result<Vec<Released>>>,
    batch: std::vec::IntoIter<Released>,
}

/// A record's document as [`Prefetch`] reads it (none for an earlier run's entry), with its
/// text's figures.
type Released = (Option<Document>, Figures);

impl Prefetch {
    /// Read `count` records from `reader` ahead. The thread stops when they are read, at the
    /// first error (passed on), or when the `Prefetch` is dropped. `clustered` has a bit set for
    /// each record (counted from the first) whose document is in a cluster of two or more: only
    /// theirs get figures (a document alone is no one's copy).
    pub fn new(mut reader: Sequential, count: usize, clustered: Vec<u64>) -> io::Result<Prefetch> {
        // Up to 256 documents a batch, fewer once they hold 4 MB of text (long documents).
        const BATCH: usize = 256;
        const BATCH_BYTES: usize = 4 << 20;
        let (send, batches) = crossbeam_channel::bounded(4);
        std::thread::Builder::new().name("dedup-release".into()).spawn(move || {
            let mut left = count;
            let mut k = 0usize;
            while left > 0 {
                let (mut batch, mut bytes) = (Vec::with_capacity(left.min(BATCH)), 0);
                let mut failed = None;
                while batch.len() < left.min(BATCH) && bytes < BATCH_BYTES {
                    match reader.next_document() {
                        Ok(doc) => {
                            bytes += doc.as_ref().map_or(0, |d| d.text.len() + d.original.len());
                            let wanted = clustered.get(k / 64).is_some_and(|bits| bits >> (k % 64) & 1 == 1);
                            k += 1;
                            let figures = match &doc {
                                Some(d) if wanted => Figures::of(&d.text),
                                _ => Figures::default(),
                            };
                            batch.push((doc, figures));
                        }
                        Err(err) => {
                            failed = Some(err);
                            break;
                        }
                    }
                }
                left -= batch.len();
                let sent = match failed {
                    Some(err) => Err(err),
                    None => Ok(batch),
                };
                let failed = sent.is_err();
                if send.send(sent).is_err() || failed {
                    return;
                }
            }
        })?;
        Ok(Prefetch { batches, batch: Vec::new().into_iter() })
    }

    /// The next record's document, as [`Sequential::next_document`] gives it, with its text's
    /// figures (none for an earlier run's entry).
    pub fn next_document(&mut self) -> io::Result<Released> {
        if let Some(doc) = self.batch.next() {
            return Ok(doc);
        }
        match self.batches.recv() {
            Ok(batch) => {
                self.batch = batch?.into_iter();
                Ok(self.batch.next().unwrap_or_default())
            }
            Err(_) => Err(io::Error::other("more documents were asked for than the spool holds")),
        }
    }
}

/// Reads records one after another.
#[derive(Debug)]
pub struct Sequential {
    reader: BufReader<File>,
    body: Vec<u8>,
}

impl Sequential {
    #[cfg(test)]
    pub fn next_record(&mut self) -> io::Result<Record> {
        let h = self.next_body()?;
        parse_body(h, &self.body)
    }

    /// The next record's document (`None` for an earlier run's entry), without decoding its
    /// shingle set: releasing documents needs only them.
    pub fn next_document(&mut self) -> io::Result<Option<Document>> {
        let h = self.next_body()?;
        let json_at = h.shingles_at() - HEADER + h.shingle_bytes as usize;
        document(h, &self.body[..h.id_len as usize], &self.body[json_at..])
    }

    fn next_body(&mut self) -> io::Result<Header> {
        let mut b = [0u8; HEADER];
        self.reader.read_exact(&mut b)?;
        let h = Header::parse(&b);
        self.body.resize(h.body_len(), 0);
        self.reader.read_exact(&mut self.body)?;
        Ok(h)
    }
}

fn parse_body(h: Header, body: &[u8]) -> io::Result<Record> {
    let id_len = h.id_len as usize;
    let id = std::str::from_utf8(&body[..id_len]).map_err(io::Error::other)?.to_string();
    let shingles_at = id_len + 4 * h.paragraphs as usize;
    let paragraphs = body[id_len..shingles_at]
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes(c.try_into().unwrap_or_default()))
        .collect();
    let json_at = shingles_at + h.shingle_bytes as usize;
    let mut shingles = Vec::new();
    decode_gaps(&body[shingles_at..json_at], &mut shingles)?;
    let doc = document(h, id.as_bytes(), &body[json_at..])?;
    Ok(Record { seq: h.seq, paragraphs, shingles, id, doc })
}

fn document(h: Header, id: &[u8], json: &[u8]) -> io::Result<Option<Document>> {
    if json.is_empty() {
        return Ok(None);
    }
    let mut doc = decode(json)?;
    doc.id = std::str::from_utf8(id).map_err(io::Error::other)?.to_string();
    doc.set_seq(h.seq);
    Ok(Some(doc))
}

fn encode(doc: &Document, b: &mut Vec<u8>) -> io::Result<()> {
    let strings = [Some(&doc.source), doc.published.as_ref(), doc.dateline.as_ref(), doc.title.as_ref()];
    let more = [doc.lang.as_ref(), Some(&doc.text), Some(&doc.original)];
    for (i, s) in strings.into_iter().chain(more).enumerate() {
        if i == 6 && doc.original == doc.text {
            b.extend_from_slice(&SAME_AS_TEXT.to_le_bytes());
            continue;
        }
        match s {
            Some(s) => {
                let n = u32::try_from(s.len()).ok().filter(|&n| n < SAME_AS_TEXT);
                b.extend_from_slice(&n.ok_or_else(|| io::Error::other("a field over 4 GB"))?.to_le_bytes());
                b.extend_from_slice(s.as_bytes());
            }
            None => b.extend_from_slice(&u32::MAX.to_le_bytes()),
        }
    }
    let count = u32::try_from(doc.entities.len()).map_err(|_| io::Error::other("over 4G entities"))?;
    b.extend_from_slice(&count.to_le_bytes());
    for e in &doc.entities {
        b.push(kind_code(e.kind));
        for offset in [e.start, e.end] {
            // An offset past any text (a stage's own entity gone wrong, which export then
            // rejects with its reason) is written whole after a mark.
            match u32::try_from(offset).ok().filter(|&n| n != u32::MAX) {
                Some(n) => b.extend_from_slice(&n.to_le_bytes()),
                None => {
                    b.extend_from_slice(&u32::MAX.to_le_bytes());
                    b.extend_from_slice(&(offset as u64).to_le_bytes());
                }
            }
        }
        let marks = [doc.text.get(e.start..e.end) == Some(e.text.as_str()), e.canonical == e.text, false];
        for (s, same) in [&e.text, &e.canonical, &e.entity_id].into_iter().zip(marks) {
            if same {
                b.extend_from_slice(&SAME_AS_TEXT.to_le_bytes());
                continue;
            }
            let n = u32::try_from(s.len()).ok().filter(|&n| n < SAME_AS_TEXT);
            b.extend_from_slice(&n.ok_or_else(|| io::Error::other("an entity over 4 GB"))?.to_le_bytes());
            b.extend_from_slice(s.as_bytes());
        }
    }
    serde_json::to_writer(b, &(&doc.dedup, &doc.fields)).map_err(io::Error::other)
}

/// An entity kind as one byte in the spool (its JSON name cost a parse each): its place in
/// [`EntityKind::ALL`].
fn kind_code(kind: EntityKind) -> u8 {
    EntityKind::ALL.iter().position(|k| *k == kind).expect("EntityKind::ALL lists every kind") as u8
}

/// The document's leading string fields, in the order [`encode`] writes them.
struct StringFields<'a>(&'a [u8]);

impl<'a> StringFields<'a> {
    /// The next field: `None` for a missing one, or for `original` when it equals the text.
    fn next(&mut self) -> io::Result<Option<&'a str>> {
        let n = self.u32()?;
        if n == u32::MAX || n == SAME_AS_TEXT {
            return Ok(None);
        }
        let s = self.bytes(n as usize)?;
        std::str::from_utf8(s).map(Some).map_err(|_| damaged())
    }

    /// The next entity of the document whose text is `text`, as [`encode`] writes it.
    fn entity(&mut self, text: &str) -> io::Result<Entity> {
        let kind = *EntityKind::ALL.get(self.bytes(1)?[0] as usize).ok_or_else(damaged)?;
        let mut offset = || match self.u32()? {
            u32::MAX => {
                Ok::<_, io::Error>(u64::from_le_bytes(self.bytes(8)?.try_into().map_err(|_| damaged())?))
            }
            n => Ok(u64::from(n)),
        };
        let (start, end) = (offset()? as usize, offset()? as usize);
        // `same`: what a mark in place of the string stands for.
        let mut string = |same: Option<&str>| match self.u32()? {
            SAME_AS_TEXT => same.map(str::to_string).ok_or_else(damaged),
            n => std::str::from_utf8(self.bytes(n as usize)?).map(str::to_string).map_err(|_| damaged()),
        };
        let mention = string(text.get(start..end))?;
        let canonical = string(Some(&mention))?;
        Ok(Entity { kind, start, end, text: mention, canonical, entity_id: string(None)? })
    }

    fn bytes(&mut self, n: usize) -> io::Result<&'a [u8]> {
        let (s, rest) = self.0.split_at_checked(n).ok_or_else(damaged)?;
        self.0 = rest;
        Ok(s)
    }

    fn u32(&mut self) -> io::Result<u32> {
        Ok(u32::from_le_bytes(self.bytes(4)?.try_into().map_err(|_| damaged())?))
    }
}

fn damaged() -> io::Error {
    io::Error::other("a spooled document is damaged")
}

/// The position of `text` among the string fields.
const TEXT: usize = 5;

fn decode(b: &[u8]) -> io::Result<Document> {
    let mut fields = StringFields(b);
    let mut string = || fields.next().map(|s| s.map(str::to_string));
    let source = string()?.unwrap_or_default();
    let (published, dateline, title, lang) = (string()?, string()?, string()?, string()?);
    let text = string()?.unwrap_or_default();
    let original = string()?;
    let original = original.unwrap_or_else(|| text.clone());
    let count = fields.u32()? as usize;
    // Each entity takes at least 21 bytes: a corrupt count cannot make a huge allocation.
    let mut entities = Vec::with_capacity(count.min(fields.0.len() / 21));
    for _ in 0..count {
        entities.push(fields.entity(&text)?);
    }
    let (dedup, fields) = serde_json::from_slice(fields.0).map_err(io::Error::other)?;
    let mut doc = Document::default();
    (doc.source, doc.text, doc.original) = (source, text, original);
    (doc.published, doc.dateline, doc.title, doc.lang) = (published, dateline, title, lang);
    (doc.entities, doc.dedup, doc.fields) = (entities, dedup, fields);
    Ok(doc)
}

/// The length written in place of `original` when it equals the text.
const SAME_AS_TEXT: u32 = u32::MAX - 1;

/// Sorted, distinct values as LEB128 gaps from the previous value (the first from 0), appended
/// to `b`: how the spool stores shingle sets and the fingerprint field carries them.
pub fn encode_gaps(values: &[u32], b: &mut Vec<u8>) {
    let mut previous = 0u32;
    for &v in values {
        let mut gap = v.wrapping_sub(previous);
        previous = v;
        while gap >= 0x80 {
            b.push(gap as u8 | 0x80);
            gap >>= 7;
        }
        b.push(gap as u8);
    }
}

/// The values [`encode_gaps`] wrote, into `out` (cleared first).
pub fn decode_gaps(b: &[u8], out: &mut Vec<u32>) -> io::Result<()> {
    out.clear();
    out.reserve(b.len() / 3);
    let (mut value, mut gap, mut shift) = (0u32, 0u32, 0u32);
    for &byte in b {
        if shift > 28 {
            return Err(io::Error::other("a spooled shingle set is damaged"));
        }
        gap |= u32::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            value = value.wrapping_add(gap);
            out.push(value);
            (gap, shift) = (0, 0);
        } else {
            shift += 7;
        }
    }
    if shift != 0 {
        return Err(io::Error::other("a spooled shingle set is damaged"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gaps(values: &[u32]) -> Vec<u8> {
        let mut b = Vec::new();
        encode_gaps(values, &mut b);
        b
    }

    #[test]
    fn records_come_back_as_written() {
        let mut spool = Spool::new(&std::env::temp_dir()).unwrap();
        let mut doc = Document::new("a", "a.txt", "Some text.\n\nMore.");
        doc.published = Some("2024-01-02".into());
        doc.fields.insert("agency".into(), serde_json::json!("AFP"));
        for (i, kind) in EntityKind::ALL.into_iter().enumerate() {
            doc.entities.push(Entity {
                kind,
                text: "Some".into(),
                start: i,
                end: i + 4,
                canonical: "Sóme \"quoted\"".into(),
                entity_id: format!("Q{i}"),
            });
        }
        doc.set_seq(7);
        let first = spool.append(7, &[1, 2], &gaps(&[3, 4, 5]), "a", Some(&doc)).unwrap();
        let second = spool.append(9, &[], &gaps(&[6, 200, 1 << 20, u32::MAX]), "ghost", None).unwrap();
        spool.flush().unwrap();

        let mut v = Vec::new();
        spool.shingles(first, &mut v).unwrap();
        assert_eq!(v, [3, 4, 5]);
        spool.paragraphs(first, &mut v).unwrap();
        assert_eq!(v, [1, 2]);
        assert_eq!(spool.id(second).unwrap(), "ghost");
        let back = spool.record(first).unwrap().doc.unwrap();
        assert_eq!((back.seq(), &back), (7, &doc));
        let mut edited = doc.clone();
        edited.original = "Some  text.\n\nMore.".into();
        let third = spool.append(7, &[], &[], "a", Some(&edited)).unwrap();
        spool.flush().unwrap();
        assert_eq!(spool.record(third).unwrap().doc.unwrap(), edited, "an original unlike the text");
        let mut all = spool.sequential(0).unwrap();
        assert_eq!(all.next_record().unwrap().seq, 7);
        let ghost = all.next_record().unwrap();
        assert_eq!(
            (ghost.seq, ghost.doc.is_none(), ghost.shingles),
            (9, true, vec![6, 200, 1 << 20, u32::MAX])
        );
    }

    /// An entity's text is spooled as a mark when it is the document's text at its offsets, and
    /// its canonical name when it is the entity's text; anything else as written (a stage of
    /// one's own may set what it likes), and an original the run emptied comes back empty.
    #[test]
    fn entities_come_back_as_written_whether_marked_or_not() {
        let mut spool = Spool::new(&std::env::temp_dir()).unwrap();
        let entity = |text: &str, start, end, canonical: &str| Entity {
            kind: EntityKind::Person,
            text: text.into(),
            start,
            end,
            canonical: canonical.into(),
            entity_id: "cd:1".into(),
        };
        let mut doc = Document::new("a", "a.txt", "Zelenskyy met Mr Sóme.");
        doc.original = String::new();
        let marked = [entity("Zelenskyy", 0, 9, "Zelenskyy"), entity("Sóme", 17, 22, "Volodymyr Zelenskyy")];
        let unmarked = [
            entity("Zelensky", 0, 9, "Zelensky"),
            entity("S", 18, 19, "S"),
            entity("beyond", 40, 46, "beyond"),
            entity("", 5, 2, ""),
            entity("far", u32::MAX as usize, 1 << 40, "far"),
        ];
        doc.entities = marked.iter().chain(&unmarked).cloned().collect();
        doc.set_seq(1);
        let at = spool.append(1, &[], &[], "a", Some(&doc)).unwrap();
        spool.flush().unwrap();
        assert_eq!(spool.record(at).unwrap().doc.unwrap(), doc);
        // A mark takes the place of each string of the marked ones but the ids.
        let mut size = |entities: &[Entity]| {
            let mut doc = doc.clone();
            doc.entities = entities.to_vec();
            let at = spool.append(1, &[], &[], "a", Some(&doc)).unwrap();
            spool.len() - at
        };
        let as_written =
            [entity("Zelenskyz", 0, 9, "Zelenskyy"), entity("Sómf", 17, 22, "Volodymyr Zelenskyy")];
        assert_eq!(
            size(&as_written) - size(&marked),
            ("Zelenskyz".len() + "Zelenskyy".len() + "Sómf".len()) as u64
        );
    }

    #[test]
    fn sets_read_through_one_buffer_are_each_records_own() {
        // Sets shorter and longer than one read's prefix (a long one takes a second read), read
        // in turn through one kept buffer: a long set's bytes left in it must not leak into the
        // next, shorter one's.
        let mut spool = Spool::new(&std::env::temp_dir()).unwrap();
        let long: Vec<u32> = (0..3_000).map(|i| i * 7_919).collect();
        let sets = [vec![1, 2, 3], long.clone(), vec![5], Vec::new(), long, vec![9, 1 << 30]];
        let offsets: Vec<u64> = sets
            .iter()
            .enumerate()
            .map(|(i, set)| spool.append(i as u64, &[], &gaps(set), "x", None).unwrap())
            .collect();
        spool.flush().unwrap();
        let (mut scratch, mut got) = (Vec::new(), Vec::new());
        for _ in 0..2 {
            for (set, &offset) in sets.iter().zip(&offsets) {
                spool.shingles_with(offset, &mut got, &mut scratch).unwrap();
                assert_eq!(&got, set);
            }
        }
        assert_eq!(spool.id(offsets[1]).unwrap(), "x");
    }
}
