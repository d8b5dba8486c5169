//! The stage contract: what a stage crate implements and what the runtime hands it.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};

use crate::Document;

/// When a stage given `given` documents passed on `out`, rejected `rejected` and dropped
/// `dropped` of them, which do not add up, or do but not one each (`marks`: the sums of the
/// [`seq_mark`]s of the documents given and of those that left, which differ when one left twice
/// and another never): what went wrong, as the runtime's failure and
/// [`crate::testing::run_stage`] say it. `None` when every document left exactly once.
pub fn unaccounted(given: u64, out: u64, rejected: u64, dropped: u64, marks: [u64; 2]) -> Option<String> {
    const RULE: &str = "a stage must pass on (`out.emit`), reject (`out.reject`, with a reason, which is how a \
                        filter leaves a document out) or drop (`out.drop_duplicate`) each document it is given, \
                        exactly once";
    if given != out + rejected + dropped {
        return Some(format!(
            "it was given {given} documents but passed on {out}, rejected {rejected} and dropped {dropped} as \
             duplicates: {RULE}"
        ));
    }
    (marks[0] != marks[1]).then(|| {
        format!(
            "it was given {given} documents and as many left it, but not each once: one left twice or more (the \
             same document emitted twice?) and another not at all; {RULE}"
        )
    })
}

/// A document's sequence number mixed into 64 bits (splitmix64's finish): summed (wrapping)
/// over the documents a stage is given and over those that leave it, the two sums are equal
/// when each left once, and differ, but with odds of 2⁻⁶⁴, when one left twice and another
/// never, which counts alone cannot tell.
pub fn seq_mark(seq: u64) -> u64 {
    let mut z = seq.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The sum (wrapping) of the [`seq_mark`]s of what a stage passed on, rejected and dropped: set
/// against the sum over what it was given by [`unaccounted`].
pub fn marks_of(docs: &[Document], rejects: &[Reject], dropped: &[Dropped]) -> u64 {
    let seqs = docs
        .iter()
        .map(Document::seq)
        .chain(rejects.iter().map(|r| r.seq))
        .chain(dropped.iter().map(|d| d.seq));
    seqs.map(seq_mark).fold(0, u64::wrapping_add)
}

/// When a stage released, among what it passed on, rejected or dropped, a document it built in
/// `finish` without the sequence number of the input document it stands for (it has no place
/// in the output order): what went wrong, as the runtime's failure and
/// [`crate::testing::run_stage`] say it.
pub fn unnumbered(docs: &[Document], rejects: &[Reject], dropped: &[Dropped]) -> Option<String> {
    let seqs = docs.iter().map(|d| (&d.id, d.seq()));
    let mut seqs =
        seqs.chain(rejects.iter().map(|r| (&r.id, r.seq))).chain(dropped.iter().map(|d| (&d.id, d.seq)));
    let (id, _) = seqs.find(|&(_, seq)| seq == Document::NO_SEQ)?;
    Some(format!(
        "it released document `{id}` from `finish` with no sequence number: a document a stage builds \
         (`Document::new`, or read back from JSON) in `finish` must be given the number of the input document it \
         stands for (`doc.set_seq(original.seq())`); in `process` it takes the processed document's"
    ))
}

/// A processing stage: takes one document at a time and passes it on, changed or not.
///
/// Every document a stage is given leaves it exactly once, so that a run's report can prove
/// that nothing was lost: passed on with [`Output::emit`], refused with [`Output::reject`] and a
/// reason (which is also how a filter leaves a document out), or dropped with
/// [`Output::drop_duplicate`]. It may leave in a later call (dedup holds every document back
/// until `finish`). A worker that ends having passed on, rejected and dropped more or fewer
/// documents than it was given, or as many but not each once ([`seq_mark`]), fails the run before any stage after it finishes (so before an
/// export puts its files in place); not when the run was stopped.
///
/// The runtime builds one instance per worker thread (by cloning the instance the factory built)
/// and calls `process` for every document of the stream, then `finish` once per instance when
/// the input is exhausted. A stage does not spawn threads or touch channels: the runtime gives
/// the cores out. (Dedup's `finish` and export's CSV writer, which work after every stage
/// before them is done, are the exceptions; see ARCHITECTURE.md.)
///
/// A document that cannot be processed is data, not a failure: hand it to [`Output::reject`]
/// with a reason. Return `Err` only when the run cannot go on (an unwritable output file);
/// the runtime then stops every stage and reports the error under this stage's id, unless the
/// config gives the stage `on_error: reject` (parallel-safe stages only): then an `Err` or a
/// panic in `process` rejects that document with the error as its reason, and the run goes on.
pub trait Stage: Send {
    /// Called once on every worker's instance before the source reads anything, on the
    /// runtime's thread: take here what the run must have to itself (dedup's lock on its saved
    /// index), so that a run that cannot have it stops before any document is read, with the
    /// stage's error and no document's name. Keep it quick: the stream waits for it.
    fn start(&mut self) -> Result<(), StageError> {
        Ok(())
    }

    fn process(&mut self, doc: Document, out: &mut Output) -> Result<(), StageError>;

    /// Called once at end of stream, on every worker. A stage that holds documents back (dedup)
    /// emits them here. Not called when the run is being stopped. Long work here should check
    /// [`Output::stop_signal`] now and then and, once it is set, return an error: an error
    /// after a stop is not reported as a failure.
    fn finish(&mut self, out: &mut Output) -> Result<(), StageError> {
        let _ = out;
        Ok(())
    }

    /// Asked after each `finish`: true when the stage has more to emit. The runtime then sends
    /// what `finish` emitted downstream and calls `finish` again, so a stage that held the whole
    /// stream (dedup) can release it in chunks instead of all at once in memory.
    fn more_to_finish(&self) -> bool {
        false
    }

    /// Whether this stage reads a document's [`original`](Document::original), the text as
    /// read. When no stage after the source does, the runtime empties `original` as each
    /// document leaves the source: the run then carries one copy of each text, not two (nor
    /// does dedup's spool). `true`, the default, is right for any stage; answer `false`
    /// only when `process` and `finish` never look at it (passing it on untouched, as dedup
    /// does, is not reading it; writing the whole document out, as a JSON line, is). The
    /// runtime asks each worker's instance once, before the source starts. The test helper
    /// [`run_stage`](crate::testing::run_stage) gives a stage that answers `false` its documents
    /// without `original`, so that its tests show what it then gets.
    fn reads_original(&self) -> bool {
        true
    }
}

/// A source produces the documents of a run (the ingest stage). It runs on one thread.
pub trait Source: Send {
    /// Emit every document; return when done or when `out` answers [`Stopped`].
    fn run(&mut self, out: &mut SourceOutput<'_>) -> Result<(), StageError>;
}

/// A fatal stage failure. The runtime adds the stage id to the message.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct StageError {
    message: String,
    stopped: bool,
}

impl StageError {
    pub fn new(message: impl Into<String>) -> Self {
        StageError { message: message.into(), stopped: false }
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    /// The stage gave up its work because the run is stopping ([`Stopped`]): no failure of
    /// its own.
    pub fn is_stop(&self) -> bool {
        self.stopped
    }

    /// The same error, with what was being done put first ("dedup spool: …"); a stop stays one.
    pub fn context(mut self, what: impl std::fmt::Display) -> Self {
        self.message = format!("{what}: {}", self.message);
        self
    }
}

impl From<Stopped> for StageError {
    fn from(stopped: Stopped) -> Self {
        StageError { message: stopped.to_string(), stopped: true }
    }
}

/// An `Interrupted` error carrying [`Stopped`] (see its `io::Error` conversion) stays a stop.
impl From<std::io::Error> for StageError {
    fn from(err: std::io::Error) -> Self {
        let stopped = err.get_ref().is_some_and(|inner| inner.is::<Stopped>());
        StageError { message: err.to_string(), stopped }
    }
}

/// The run is stopping (Ctrl-C, or another stage failed): a source should return promptly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the run is stopping")]
pub struct Stopped;

/// For long end-of-stream work done with `std::io` (dedup's): a stop is an `Interrupted` error.
impl From<Stopped> for std::io::Error {
    fn from(stopped: Stopped) -> Self {
        std::io::Error::new(std::io::ErrorKind::Interrupted, stopped)
    }
}

/// A document that a stage refused, with the reason. Written to `rejects.jsonl`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reject {
    pub stage: String,
    pub id: String,
    pub source: String,
    pub reason: String,
    #[serde(skip)]
    pub seq: u64,
}

/// A document that a stage dropped as a duplicate, with what it duplicates (from its
/// `dedup`). Written to `duplicates.jsonl`, so a dropped document can be traced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dropped {
    pub stage: String,
    pub id: String,
    pub source: String,
    pub duplicate_of: Option<String>,
    /// Whether `duplicate_of` is an article of an earlier run ([`DedupInfo::of_earlier_run`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub of_earlier_run: bool,
    pub similarity: Option<f64>,
    #[serde(skip)]
    pub seq: u64,
}

/// Removes the items of `items` from `from` on that `drop` picks, the others kept in order.
fn drop_since<T>(items: &mut Vec<T>, from: usize, drop: impl Fn(&T) -> bool) {
    let tail = items.split_off(from);
    items.extend(tail.into_iter().filter(|item| !drop(item)));
}

/// How much an [`Output`] held at one moment ([`Output::checkpoint`]).
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct Checkpoint {
    docs: usize,
    rejects: usize,
    duplicates: usize,
}

/// Where a stage puts what it produces for one call of `process` or `finish`.
#[derive(Debug)]
pub struct Output {
    stage: Arc<str>,
    docs: Vec<Document>,
    rejects: Vec<Reject>,
    duplicates: Vec<Dropped>,
    counters: Counters,
    stop: StopSignal,
    places: Vec<(tempfile::NamedTempFile, PathBuf)>,
    commits: Vec<Commit>,
    files: Vec<PathBuf>,
    /// The sequence number of the document being processed, if a call of `process` is on.
    input: Option<u64>,
}

/// Work a stage leaves for the end of a run that completed, after its output files are in place
/// ([`Output::on_place`]): what must exist only if the run's output does (dedup's saved index:
/// [`Output::on_commit`]). Once every stage has finished, the runtime writes its own files
/// (rejects, duplicates, the report) to temporaries, then puts every stage's output files and
/// its own in place, all or none ([`crate::place::place_all`]), then runs the commits; a run
/// that is stopped or fails, or whose counts do not add up, drops them all.
pub struct Commit(Box<dyn FnOnce() -> Result<(), StageError> + Send>);

impl Commit {
    pub fn run(self) -> Result<(), StageError> {
        (self.0)()
    }
}

impl std::fmt::Debug for Commit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Commit")
    }
}

/// Set once the run is being stopped (Ctrl-C, or another stage failed), for a stage whose
/// `finish` works long (dedup's clustering) to check between steps. A stage's `process` need
/// not look: the runtime stops between documents.
#[derive(Clone, Debug, Default)]
pub struct StopSignal(Option<Arc<AtomicBool>>);

impl StopSignal {
    /// A signal that is set when `flag` is.
    pub fn new(flag: Arc<AtomicBool>) -> Self {
        StopSignal(Some(flag))
    }

    /// Whether the run is being stopped.
    pub fn is_set(&self) -> bool {
        self.0.as_ref().is_some_and(|flag| flag.load(Ordering::Relaxed))
    }

    /// [`Stopped`] once the run is being stopped: `signal.check()?` between steps.
    pub fn check(&self) -> Result<(), Stopped> {
        if self.is_set() { Err(Stopped) } else { Ok(()) }
    }
}

/// Named counts a stage keeps beside documents in/out (`utf8_lossy`, `boilerplate_lines`);
/// the run report lists them under the stage.
pub type Counters = BTreeMap<&'static str, u64>;

impl Output {
    pub fn new(stage: impl Into<Arc<str>>) -> Self {
        Output {
            stage: stage.into(),
            docs: Vec::new(),
            rejects: Vec::new(),
            duplicates: Vec::new(),
            counters: Counters::new(),
            stop: StopSignal::default(),
            places: Vec::new(),
            commits: Vec::new(),
            files: Vec::new(),
            input: None,
        }
    }

    /// Set by the runtime around each call of `process`: the sequence number of the document
    /// processed, which documents built in the call take; `None` in `finish`.
    pub fn set_input(&mut self, seq: Option<u64>) {
        self.input = seq;
    }

    /// A document's sequence number, or, for one built in this call of `process` (it has
    /// none), the processed document's.
    fn seq_of(&self, doc: &mut Document) -> u64 {
        if doc.seq() == Document::NO_SEQ
            && let Some(seq) = self.input
        {
            doc.set_seq(seq);
        }
        doc.seq()
    }

    /// Record that the stage wrote the output file `path`: the run report lists it under the
    /// stage, so tools reading a run (`copydesk entities`, `explain-dup`) find an export that
    /// went to a directory of its own.
    pub fn wrote(&mut self, path: impl Into<PathBuf>) {
        self.files.push(path.into());
    }

    /// The files recorded so far; the runtime drains them.
    pub fn take_files(&mut self) -> Vec<PathBuf> {
        std::mem::take(&mut self.files)
    }

    /// Leave the putting in place of an output file for the end of the run, if it completes
    /// (see [`Commit`]): write and sync the file under a hidden temporary name beside `path`
    /// in `finish` ([`crate::lock::temporary_prefix`]), and leave only its rename here, so that
    /// a full disk fails the run before any file of it is in place, and the files are renamed
    /// all or none, the last run's output staying whole ([`crate::place::place_all`]).
    pub fn on_place(&mut self, file: tempfile::NamedTempFile, path: impl Into<PathBuf>) {
        self.places.push((file, path.into()));
    }

    /// The output files left to put in place so far; the runtime drains them.
    pub fn take_places(&mut self) -> Vec<(tempfile::NamedTempFile, PathBuf)> {
        std::mem::take(&mut self.places)
    }

    /// Leave `work` for the end of the run, if it completes, after its output is in place
    /// (see [`Commit`]).
    pub fn on_commit(&mut self, work: impl FnOnce() -> Result<(), StageError> + Send + 'static) {
        self.commits.push(Commit(Box::new(work)));
    }

    /// The work left for the end of the run so far; the runtime drains it.
    pub fn take_commits(&mut self) -> Vec<Commit> {
        std::mem::take(&mut self.commits)
    }

    /// The output of a stage whose run is stopped through `stop` (the runtime's workers).
    pub fn with_stop(mut self, stop: StopSignal) -> Self {
        self.stop = stop;
        self
    }

    /// Set once the run is being stopped (see [`StopSignal`]).
    pub fn stop_signal(&self) -> StopSignal {
        self.stop.clone()
    }

    /// Add `n` to the stage's counter `name` in the run report.
    pub fn count(&mut self, name: &'static str, n: u64) {
        *self.counters.entry(name).or_default() += n;
    }

    /// The counters kept so far; the runtime drains them.
    pub fn take_counters(&mut self) -> Counters {
        std::mem::take(&mut self.counters)
    }

    /// Pass a document on to the next stage. A document the stage built in this call of
    /// `process` ([`Document::new`], or read back from JSON) takes the processed document's
    /// place in the input order; one built in `finish` must be given the number of the input
    /// document it stands for ([`Document::set_seq`]), or the run fails naming the stage.
    pub fn emit(&mut self, mut doc: Document) {
        self.seq_of(&mut doc);
        self.docs.push(doc);
    }

    /// Refuse a document; it leaves the pipeline and is listed in the rejects with `reason`.
    pub fn reject(&mut self, mut doc: Document, reason: impl Into<String>) {
        let seq = self.seq_of(&mut doc);
        self.rejects.push(Reject {
            stage: self.stage.to_string(),
            id: doc.id,
            source: doc.source,
            reason: reason.into(),
            seq,
        });
    }

    /// Drop a document as a duplicate of another; it is counted and listed in
    /// `duplicates.jsonl` (with its `dedup.duplicate_of` and `similarity`), not exported.
    pub fn drop_duplicate(&mut self, mut doc: Document) {
        let seq = self.seq_of(&mut doc);
        let (duplicate_of, of_earlier_run, similarity) =
            doc.dedup.map_or((None, false, None), |d| (d.duplicate_of, d.of_earlier_run, d.similarity));
        self.duplicates.push(Dropped {
            stage: self.stage.to_string(),
            id: doc.id,
            source: doc.source,
            duplicate_of,
            of_earlier_run,
            similarity,
            seq,
        });
    }

    pub fn stage(&self) -> &str {
        &self.stage
    }

    pub fn docs(&self) -> &[Document] {
        &self.docs
    }

    pub fn rejects(&self) -> &[Reject] {
        &self.rejects
    }

    /// The documents dropped as duplicates.
    pub fn duplicates(&self) -> &[Dropped] {
        &self.duplicates
    }

    /// Where the output stands, for [`Output::reject_failed`]: the runtime takes one before each
    /// call of `process` on a stage with `on_error: reject`.
    #[doc(hidden)]
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint { docs: self.docs.len(), rejects: self.rejects.len(), duplicates: self.duplicates.len() }
    }

    /// The runtime's, for a stage with `on_error: reject` whose call of `process` failed with
    /// `failure` (its error, or its panic's message): what the call emitted, rejected or dropped
    /// since `at` for the document it was given goes (a document the call released for another,
    /// one a stage had held, stays), and that document (`id`, `source`) is rejected, its reason
    /// naming the stage and the failure. (The stage's counters stay as the call left them.)
    #[doc(hidden)]
    pub fn reject_failed(&mut self, at: Checkpoint, id: String, source: String, failure: &str) {
        let seq = self.input.expect("reject_failed is called for the document being processed");
        drop_since(&mut self.docs, at.docs, |d| d.seq() == seq);
        drop_since(&mut self.rejects, at.rejects, |r| r.seq == seq);
        drop_since(&mut self.duplicates, at.duplicates, |d| d.seq == seq);
        let reason = format!("stage `{}` failed on it: {failure}", self.stage);
        self.rejects.push(Reject { stage: self.stage.to_string(), id, source, reason, seq });
    }

    /// Take everything emitted so far, leaving the output empty for the next call.
    pub fn take(&mut self) -> (Vec<Document>, Vec<Reject>, Vec<Dropped>) {
        (
            std::mem::take(&mut self.docs),
            std::mem::take(&mut self.rejects),
            std::mem::take(&mut self.duplicates),
        )
    }
}

/// Where a [`Source`] puts documents. Every call can answer [`Stopped`].
pub struct SourceOutput<'a> {
    stage: Arc<str>,
    deliver: &'a mut dyn FnMut(Result<Document, Reject>) -> Result<(), Stopped>,
    counters: Counters,
}

impl<'a> SourceOutput<'a> {
    pub fn new(
        stage: impl Into<Arc<str>>,
        deliver: &'a mut dyn FnMut(Result<Document, Reject>) -> Result<(), Stopped>,
    ) -> Self {
        SourceOutput { stage: stage.into(), deliver, counters: Counters::new() }
    }

    /// Add `n` to the stage's counter `name` in the run report.
    pub fn count(&mut self, name: &'static str, n: u64) {
        *self.counters.entry(name).or_default() += n;
    }

    pub fn counters(&self) -> &Counters {
        &self.counters
    }

    pub fn emit(&mut self, doc: Document) -> Result<(), Stopped> {
        (self.deliver)(Ok(doc))
    }

    /// Report an input that could not become a document (an empty file, a malformed line).
    /// It counts as read, and as rejected.
    pub fn reject(
        &mut self,
        id: impl Into<String>,
        source: impl Into<String>,
        reason: impl Into<String>,
    ) -> Result<(), Stopped> {
        let reject = Reject {
            stage: self.stage.to_string(),
            id: id.into(),
            source: source.into(),
            reason: reason.into(),
            seq: 0,
        };
        (self.deliver)(Err(reject))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The runtime tells a stage giving up at a stop from a real failure by this flag, so it
    /// must survive the `io::Error` that dedup's end-of-stream work carries it in, and context.
    #[test]
    fn a_stop_stays_a_stop_through_io_and_context() {
        let from_io = StageError::from(std::io::Error::from(Stopped)).context("dedup spool");
        assert!(from_io.is_stop());
        assert_eq!(from_io.to_string(), "dedup spool: the run is stopping");
        let other = StageError::from(std::io::Error::new(std::io::ErrorKind::Interrupted, "signal"));
        assert!(!other.is_stop(), "an interrupted system call is no stop of the run");
        assert!(!StageError::new("the run is stopping").is_stop(), "the words alone are not a stop");
    }
}
