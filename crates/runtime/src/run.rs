//! Running a plan: one thread for the source, `workers` threads per document stage, a bounded
//! crossbeam channel into each stage. A full channel blocks its senders, so a slow stage
//! throttles everything before it and memory stays bounded whatever the input size. When the
//! last stage has one worker, one more thread (`spent`) frees the documents it lets go.
//!
//! Shutdown cascades by dropping senders: when the source returns, its sender goes; when every
//! worker of a stage has drained its input and finished, theirs go; and so on. A fatal error or
//! a panic in any stage (or Ctrl-C) sets the quit flag: the source stops at its next document,
//! workers stop at their next packet without calling `finish`, so no stage writes final output
//! from a broken run, and nothing hangs.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use copydesk_core::{
    Built, Commit, Document, Dropped, Output, Reject, Source, SourceOutput, Stage, StopSignal, Stopped,
};
use crossbeam_channel::{Receiver, Sender, bounded};

use crate::config::OnError;
use crate::plan::{Plan, PlannedStage};
use crate::records::{Records, Spool};
use crate::reorder::{Packet, Reorder};
use crate::report::{Report, RunError};
use crate::stats::{StageInfo, WorkerStats};

/// Shared between the runtime and whoever drives it (the CLI's Ctrl-C handler and progress bar).
#[derive(Debug, Default)]
pub struct RunControl {
    /// Set to stop the run early (Ctrl-C). The runtime sets it itself on a fatal error. Shared
    /// with the stages' [`Output`]s, whose end-of-stream work checks it.
    pub quit: Arc<AtomicBool>,
    /// Documents read so far (accepted and rejected).
    pub read: AtomicU64,
    /// Documents that reached the end of the pipeline so far.
    pub exported: AtomicU64,
    /// A stage whose first `finish` call is running (dedup's end-of-stream work), for the
    /// progress line: no document moves meanwhile.
    finishing: std::sync::Mutex<Option<Arc<str>>>,
    /// Set when the last stage's `finish` starts (export renaming its files into place) and
    /// cleared by [`RunControl::output_placed`] once the run's report is written: an exit in
    /// between would leave the output directory half old, half new.
    placing_output: AtomicBool,
    /// Set by [`RunControl::exit_when_placed`]: the last stage then does not start putting the
    /// output in place.
    exiting: AtomicBool,
}

impl RunControl {
    pub fn stop(&self) {
        self.quit.store(true, Ordering::SeqCst);
    }

    fn stopping(&self) -> bool {
        self.quit.load(Ordering::Relaxed)
    }

    /// The stage whose end-of-stream work is running, if one is.
    pub fn finishing(&self) -> Option<Arc<str>> {
        self.finishing.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn set_finishing(&self, stage: Option<Arc<str>>) {
        *self.finishing.lock().unwrap_or_else(|e| e.into_inner()) = stage;
    }

    /// Whether the run's output is being put in place: from the start of the last stage's
    /// `finish` until [`RunControl::output_placed`]. A hard exit (a second Ctrl-C) waits for it.
    pub fn placing_output(&self) -> bool {
        self.placing_output.load(Ordering::SeqCst)
    }

    /// The run's output is all in place, or will not be (the run failed): see
    /// [`RunControl::placing_output`].
    pub fn output_placed(&self) {
        self.placing_output.store(false, Ordering::SeqCst);
    }

    /// For a hard exit (a second Ctrl-C): waits, up to `limit`, while the output is being put
    /// in place, and makes sure it does not start meanwhile. True when the output directory is
    /// whole (this run's files or the last run's), false when the limit ran out.
    pub fn exit_when_placed(&self, limit: std::time::Duration) -> bool {
        // Both sides store, then load (all SeqCst): either this sees the last stage's flag and
        // waits, or the last stage sees this one and does not start.
        self.exiting.store(true, Ordering::SeqCst);
        let started = std::time::Instant::now();
        while self.placing_output() {
            if started.elapsed() > limit {
                return false;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        true
    }
}

/// Batches a channel holds per worker of the receiving stage: enough to keep workers busy,
/// small enough that memory stays flat.
const CHANNEL_SLOTS_PER_WORKER: usize = 4;

/// Batches any channel holds at least. A stage of one worker next to a parallel one (in the
/// default pipeline normalize before the tag stage's two workers, fingerprint after them) takes
/// its input and passes on its output in bursts: with four slots the cores went idle now and
/// then while the stream ran (some 3% of a gazetteer-only run on the bench news, measured in
/// turn, near the spread of such runs). This also gives dedup's and export's channels eight
/// slots where they had four: with long documents, four more of them in flight on each.
const MIN_CHANNEL_SLOTS: usize = 8;

/// Packets per channel message. One document per message costs a wake-up of the receiving
/// thread per document, which at news-article sizes was a fifth of the run; batches amortise it.
const BATCH: usize = 32;

/// Text bytes (a document's text and original) after which a batch is sent short of
/// [`BATCH`] packets: channels hold batches, so with large documents (transcripts, whole feeds
/// in one record) a batch of [`BATCH`] would hold tens of megabytes, and memory would follow
/// the documents' size. News articles (a few KB) fill whole batches as before.
const BATCH_BYTES: usize = 1 << 20;

/// What travels on a channel: packets in sequence order (per sender).
type Batch = Vec<Packet>;

/// The bytes of text a packet carries, for [`BATCH_BYTES`].
fn text_bytes(packet: &Packet) -> usize {
    packet.docs.iter().map(|d| d.text.len() + d.original.len()).sum()
}

/// How many of `packets`, from the first, make the next batch: up to [`BATCH`], fewer once
/// they carry [`BATCH_BYTES`] (always at least one).
fn batch_len(packets: &[Packet]) -> usize {
    let mut bytes = 0;
    for (i, packet) in packets.iter().take(BATCH).enumerate() {
        bytes += text_bytes(packet);
        if bytes >= BATCH_BYTES {
            return i + 1;
        }
    }
    packets.len().min(BATCH)
}

/// The first fatal error of a run, with the stage it happened in.
#[derive(Default)]
struct Failure(Mutex<Option<(String, String)>>);

impl Failure {
    fn set(&self, control: &RunControl, stage: &str, message: String) {
        let mut slot = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if slot.is_none() {
            // Returned to the caller, which says it once: a log line here printed it twice.
            tracing::debug!(stage, "{message}");
            *slot = Some((stage.to_string(), message));
        }
        control.stop();
    }

    fn take(&self) -> Option<(String, String)> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).take()
    }
}

/// What a thread hands back when it ends.
#[derive(Default)]
struct ThreadResult {
    stats: WorkerStats,
    /// The source of the document being processed (a buffer reused, not a copy per document),
    /// for the message when the stage panics or fails on it.
    current: String,
    /// Its id, the same way.
    current_id: String,
    rejects: Spool<Reject>,
    dropped: Spool<Dropped>,
    exported: u64,
    /// The thread did all its work: the source read everything, the stage's `finish` is done.
    completed: bool,
    /// What the stage left for the end of a completed run: output files to put in place, and
    /// commits.
    places: Vec<(tempfile::NamedTempFile, std::path::PathBuf)>,
    commits: Vec<Commit>,
    /// The sums of the [`copydesk_core::seq_mark`]s of the documents the worker was given and
    /// of those that left it: with the counts, whether each left once.
    marks: [u64; 2],
}

impl ThreadResult {
    /// A thread's result whose records of refused and dropped documents spill into `dir` (the
    /// run's output directory: checked writable at the start, and the run's own).
    fn spilling_in(dir: &std::path::Path) -> Self {
        ThreadResult { rejects: Spool::in_dir(dir), dropped: Spool::in_dir(dir), ..ThreadResult::default() }
    }
}

/// A thread named after its stage (`dedup`; `tag-1`, `tag-2` for a stage with workers), so
/// that `top -H`, profilers and panic messages say which stage a thread runs. Linux keeps 15
/// bytes of a thread's name.
fn named(stage: &str, worker: usize, workers: usize) -> std::thread::Builder {
    let name = if workers > 1 { format!("{stage}-{}", worker + 1) } else { stage.to_string() };
    std::thread::Builder::new().name(name)
}

/// What a run produced besides the exported documents: the report, and the records of the
/// documents refused and dropped as duplicates, written in input order by
/// [`Records::write_in_order`].
#[derive(Debug)]
pub struct Outcome {
    pub report: Report,
    pub rejects: Records<Reject>,
    pub dropped: Records<Dropped>,
    /// The output files the stages left to put in place ([`Output::on_place`]), in stage
    /// order: renamed by the caller once the run's own files are written to temporaries, with
    /// them, all or none.
    pub places: Vec<(tempfile::NamedTempFile, std::path::PathBuf)>,
    /// What the stages left for the end of the completed run ([`Output::on_commit`]): run by
    /// the caller after the output and report are in place, so a failure there leaves a stale
    /// index beside a whole new output, never a new index beside an old report.
    pub commits: Commits,
}

/// The stages' [`Commit`]s, in stage order, with the id of the stage that left each.
#[derive(Debug, Default)]
pub struct Commits(Vec<(Arc<str>, Commit)>);

impl Commits {
    /// Runs them in stage order, once `report`'s run has put its output in place; a failure
    /// stops there and carries the report, for the caller to show beside the error.
    pub fn run(self, report: Report) -> Result<Report, RunError> {
        for (stage, commit) in self.0 {
            if let Err(err) = commit.run() {
                let (stage, message) = (stage.to_string(), err.to_string());
                let mut report = report;
                report.failed_after_output =
                    Some(crate::report::FailedAfterOutput { stage: stage.clone(), error: message.clone() });
                if let Err(e) = report.rewrite() {
                    tracing::warn!("cannot write report.json again with the failure: {e}");
                }
                return Err(RunError::AfterOutput { stage, message, report: Box::new(report) });
            }
        }
        Ok(report)
    }
}

/// Runs `plan` to the end, or until stopped. The report, rejects and dropped duplicates are
/// written by the caller via [`Report::write`]; this returns them.
pub fn execute(plan: Plan, control: &RunControl) -> Result<Outcome, RunError> {
    let started = Instant::now();
    let usage_at_start = crate::report::usage();
    let Plan { config_path, output, stages, .. } = plan;
    let failure = Failure::default();
    let mut stages = stages.into_iter();
    let Some(source) = stages.next() else { return Err(RunError::Config("no stages to run".into())) };
    let transforms: Vec<PlannedStage> = stages.collect();

    let channels: Vec<(Sender<Batch>, Receiver<Batch>)> = transforms
        .iter()
        .map(|s| bounded((CHANNEL_SLOTS_PER_WORKER * s.workers).max(MIN_CHANNEL_SLOTS)))
        .collect();

    // Documents that leave the pipeline through a last stage of one worker (export) are freed on
    // a thread of their own: an article is many small allocations, and at the end of a run that
    // worker is the one every other thread waits on. The workers of a parallel last stage free
    // their own, as one thread could not keep up with them.
    let spent =
        transforms.last().is_some_and(|s| s.workers == 1).then(|| bounded::<Batch>(CHANNEL_SLOTS_PER_WORKER));

    let mut results: Vec<(usize, ThreadResult)> = Vec::new();
    // Where the records of refused and dropped documents spill (`records.rs`).
    let spill_dir: &std::path::Path = &output;
    let failures_logged: Vec<AtomicU64> = transforms.iter().map(|_| AtomicU64::new(0)).collect();
    // Before any worker starts: no panic meets the hooks' change.
    if transforms.iter().any(|s| s.on_error == OnError::Reject) {
        copydesk_core::install_quiet_hook();
    }
    std::thread::scope(|scope| {
        let spent = spent.map(|(spent, freed)| {
            std::thread::Builder::new()
                .name("spent".into())
                .spawn_scoped(scope, move || freed.iter().for_each(drop))
                .expect("cannot start a thread");
            spent
        });
        // Every worker's instance, made before the source starts: what they read decides what
        // the source's documents carry.
        let mut instances: Vec<Vec<Box<dyn Stage>>> = transforms
            .iter()
            .map(|stage| {
                let Built::Stage(make) = &stage.built else {
                    unreachable!("plan checks that only the first stage is a source")
                };
                (0..stage.workers).map(|_| make()).collect()
            })
            .collect();
        // Each takes what it must have to itself before anything is read (`Stage::start`).
        for (stage, instances) in transforms.iter().zip(instances.iter_mut()) {
            for instance in instances.iter_mut() {
                if let Err(err) = instance.start() {
                    failure.set(control, &stage.id, err.to_string());
                    return;
                }
            }
        }
        let reader = transforms.iter().zip(&instances).find(|(_, i)| i.iter().any(|s| s.reads_original()));
        if let Some((stage, _)) = reader {
            tracing::info!(stage = %stage.id, "documents keep their original text: this stage reads it");
        }
        let keep_original = reader.is_some();
        let mut handles = Vec::new();
        let Built::Source(mut producer) = source.built else {
            unreachable!("plan checks that the first stage is a source")
        };
        let tx = channels.first().map(|(tx, _)| tx.clone());
        let (id, failure) = (&source.id, &failure);
        let thread = named(id, 0, 1)
            .spawn_scoped(scope, move || {
                run_source(id, producer.as_mut(), tx, control, failure, spill_dir, keep_original)
            })
            .expect("cannot start a thread");
        handles.push((0, thread));

        for (index, (stage, instances)) in transforms.iter().zip(instances).enumerate() {
            for (worker_index, instance) in instances.into_iter().enumerate() {
                let rx = channels[index].1.clone();
                let tx = channels.get(index + 1).map(|(tx, _)| tx.clone());
                let failure = &failure;
                let spent = if tx.is_none() { spent.clone() } else { None };
                let worker = Worker {
                    id: stage.id.clone(),
                    rx,
                    tx,
                    spent,
                    control,
                    failure,
                    ordered: stage.workers == 1,
                    output: spill_dir,
                    on_error: stage.on_error,
                    parallel: stage.parallel,
                    failures_logged: &failures_logged[index],
                };
                let thread = named(&stage.id, worker_index, stage.workers)
                    .spawn_scoped(scope, move || worker.run(instance))
                    .expect("cannot start a thread");
                handles.push((index + 1, thread));
            }
        }
        // Only the threads hold channel ends now, so closing cascades as they finish.
        drop(channels);
        drop(spent);
        for (index, handle) in handles {
            match handle.join() {
                Ok(result) => results.push((index, result)),
                Err(panic) => {
                    let id = if index == 0 { &source.id } else { &transforms[index - 1].id };
                    failure.set(
                        control,
                        id,
                        format!("worker thread {}", copydesk_core::panic_description(&*panic, None)),
                    );
                }
            }
        }
    });

    if let Some((stage, message)) = failure.take() {
        return Err(RunError::Stage { stage, message });
    }
    // A stop asked for after every stage had finished (export has renamed its files into
    // place) comes too late to stop anything: the report and rejects are still written, so
    // the output directory is never half old, half new.
    if control.stopping() && !results.iter().all(|(_, r)| r.completed) {
        return Err(RunError::Interrupted);
    }
    // Every stage completed: what they left for a completed run goes back to the caller.
    let (mut places, mut commits) = (Vec::new(), Commits::default());
    for (index, result) in &mut results {
        let id = if *index == 0 { &source.id } else { &transforms[*index - 1].id };
        places.append(&mut result.places);
        commits.0.extend(std::mem::take(&mut result.commits).into_iter().map(|c| (id.clone(), c)));
    }

    let mut per_stage: Vec<WorkerStats> = vec![WorkerStats::default(); transforms.len() + 1];
    let (mut rejects, mut dropped) = (Records::default(), Records::default());
    let mut exported = 0;
    for (index, result) in results {
        per_stage[index].merge(result.stats);
        rejects.0.push((index, result.rejects));
        dropped.0.push((index, result.dropped));
        exported += result.exported;
    }

    // (The source's build went to its thread: its fields are named one by one.)
    let mut stage_list = vec![StageInfo {
        id: &source.id,
        kind: &source.kind,
        workers: 1,
        on_error: OnError::Stop,
        options: &source.options,
    }];
    stage_list.extend(transforms.iter().map(|s| StageInfo {
        id: &s.id,
        kind: &s.kind,
        workers: s.workers,
        on_error: s.on_error,
        options: &s.options,
    }));
    let report =
        Report::new(config_path, output, &stage_list, per_stage, exported, started.elapsed(), usage_at_start);
    Ok(Outcome { report, rejects, dropped, places, commits })
}

/// Runs the source, numbering its documents and sending them on in batches. Without
/// `keep_original` (no stage after it reads [`Document::original`]) each document's `original`
/// is emptied as it leaves.
fn run_source(
    id: &Arc<str>,
    source: &mut dyn Source,
    tx: Option<Sender<Batch>>,
    control: &RunControl,
    failure: &Failure,
    output: &std::path::Path,
    keep_original: bool,
) -> ThreadResult {
    let started = Instant::now();
    let mut result = ThreadResult::spilling_in(output);
    let mut waiting = Duration::ZERO;
    let mut seq = 0u64;
    let mut batch: Batch = Vec::with_capacity(BATCH);
    let mut batch_bytes = 0;
    // Sends the batch on (or, with no stage after the source, counts it as exported).
    let flush =
        |batch: &mut Batch, result: &mut ThreadResult, waiting: &mut Duration| -> Result<(), Stopped> {
            let batch = std::mem::replace(batch, Vec::with_capacity(BATCH));
            match &tx {
                Some(tx) => {
                    let sent = Instant::now();
                    let ok = tx.send(batch).is_ok();
                    *waiting += sent.elapsed();
                    if ok { Ok(()) } else { Err(Stopped) }
                }
                None => {
                    let n: u64 = batch.iter().map(|p| p.docs.len() as u64).sum();
                    result.exported += n;
                    control.exported.fetch_add(n, Ordering::Relaxed);
                    Ok(())
                }
            }
        };
    let mut deliver = |item: Result<Document, Reject>| -> Result<(), Stopped> {
        if control.stopping() {
            return Err(Stopped);
        }
        let packet = match item {
            Ok(mut doc) => {
                if !keep_original {
                    doc.original = String::new();
                }
                doc.set_seq(seq);
                result.stats.docs_out += 1;
                result.stats.bytes_in += doc.text.len() as u64;
                Packet { seq, docs: vec![doc] }
            }
            Err(mut reject) => {
                reject.seq = seq;
                result.stats.rejected += 1;
                result.rejects.push(reject);
                Packet { seq, docs: Vec::new() }
            }
        };
        seq += 1;
        control.read.fetch_add(1, Ordering::Relaxed);
        batch_bytes += text_bytes(&packet);
        batch.push(packet);
        if batch.len() >= BATCH || batch_bytes >= BATCH_BYTES {
            batch_bytes = 0;
            flush(&mut batch, &mut result, &mut waiting)
        } else {
            Ok(())
        }
    };
    let mut out = SourceOutput::new(id.clone(), &mut deliver);
    let ran = catch_unwind(AssertUnwindSafe(|| source.run(&mut out)));
    let counters = out.counters().clone();
    drop(out);
    match failure_message(&ran) {
        // A source also returns normally when told to stop: it completed only if no stop was
        // asked for by the time everything it read is sent.
        None if !control.stopping() => {
            result.completed = batch.is_empty() || flush(&mut batch, &mut result, &mut waiting).is_ok();
        }
        None => {}
        Some(message) => failure.set(control, id, message),
    }
    result.stats.counters = counters;
    result.stats.docs_in = result.stats.docs_out + result.stats.rejected;
    result.stats.busy = started.elapsed().saturating_sub(waiting);
    result
}

struct Worker<'a> {
    id: Arc<str>,
    rx: Receiver<Batch>,
    tx: Option<Sender<Batch>>,
    /// For a last stage of one worker: where its documents go to be freed, once counted.
    spent: Option<Sender<Batch>>,
    control: &'a RunControl,
    failure: &'a Failure,
    /// Restore input order first (single-worker stages: dedup and export depend on it).
    ordered: bool,
    /// The run's output directory, where the records of refused and dropped documents spill.
    output: &'a std::path::Path,
    /// What a failed call of `process` does (the stage's `on_error`).
    on_error: OnError,
    /// The stage is parallel-safe, so it may have `on_error: reject`.
    parallel: bool,
    /// The failures the stage's workers have logged, with `on_error: reject` (the first few are).
    failures_logged: &'a AtomicU64,
}

impl Worker<'_> {
    fn run(self, mut stage: Box<dyn Stage>) -> ThreadResult {
        let mut result = ThreadResult::spilling_in(self.output);
        let mut out = Output::new(self.id.clone()).with_stop(StopSignal::new(self.control.quit.clone()));
        let mut reorder = Reorder::default();
        let mut ready = Vec::new();
        let mut outgoing = Vec::with_capacity(BATCH);
        for batch in self.rx.iter() {
            if self.control.stopping() {
                return result;
            }
            for packet in batch {
                if self.ordered {
                    reorder.push(packet, &mut ready);
                } else {
                    ready.push(packet);
                }
                for packet in ready.drain(..) {
                    if !self.handle(stage.as_mut(), packet, &mut out, &mut result, &mut outgoing) {
                        return result;
                    }
                }
            }
            if !self.send(&mut outgoing, &mut result) {
                return result;
            }
        }
        if self.control.stopping() {
            return result;
        }
        if reorder.waiting() > 0 {
            tracing::warn!(stage = %self.id, waiting = reorder.waiting(), "input ended with gaps in sequence");
        }
        for packet in reorder.drain() {
            if !self.handle(stage.as_mut(), packet, &mut out, &mut result, &mut outgoing) {
                return result;
            }
        }
        let mut first = true;
        loop {
            if first {
                self.control.set_finishing(Some(self.id.clone()));
                if self.tx.is_none() {
                    // The last stage: its end-of-stream work puts the output in place, unless a
                    // hard exit is on its way (see `exit_when_placed`).
                    self.control.placing_output.store(true, Ordering::SeqCst);
                    if self.control.exiting.load(Ordering::SeqCst) {
                        return result;
                    }
                }
            }
            let started = Instant::now();
            let finished = catch_unwind(AssertUnwindSafe(|| stage.finish(&mut out)));
            let elapsed = started.elapsed();
            result.stats.busy += elapsed;
            result.stats.in_finish += elapsed;
            if std::mem::take(&mut first) {
                self.control.set_finishing(None);
            }
            // A stage may give up its work with an error when the run is stopping: that is
            // no failure of the run's. Another error then (a full disk) is still said.
            if self.control.stopping()
                && let Some(message) = failure_message(&finished)
            {
                if !matches!(&finished, Ok(Err(err)) if err.is_stop()) {
                    tracing::warn!(stage = %self.id, "after the stop: {message}");
                }
                break;
            }
            if !self.check(finished, None) || !self.route(&mut out, None, &mut result, &mut outgoing) {
                break;
            }
            if !self.send(&mut outgoing, &mut result) {
                break;
            }
            if !stage.more_to_finish() {
                result.completed = true;
                break;
            }
            if self.control.stopping() {
                break;
            }
        }
        // Every document a worker is given leaves it once: passed on, rejected or dropped as a
        // duplicate. One that did not (a filter returning without a word, a stage emitting a
        // document twice) would break the run's accounting only at the end, after the export
        // was in place; failing here, before this worker's output ends, stops the export first.
        let stats = &result.stats;
        // (Not when the run is stopping: a stage that holds documents may give up its work then
        // without releasing them, and the run is reported as interrupted.)
        if result.completed
            && !self.control.stopping()
            && let Some(message) = copydesk_core::unaccounted(
                stats.docs_in,
                stats.docs_out,
                stats.rejected,
                stats.duplicates,
                result.marks,
            )
        {
            result.completed = false;
            // (The run counts; a test through `testing::run_stage` keeps each document's id.)
            let message = format!(
                "{message}; `copydesk_core::testing::run_stage` names such documents: run the stage over them \
                 in a test (as `cargo xtask new-stage` writes one)"
            );
            self.failure.set(self.control, &self.id, message);
        }
        result.stats.counters = out.take_counters();
        result.stats.files = out.take_files();
        result.places = out.take_places();
        result.stats.file_bytes = (result.places.iter())
            .filter(|(_, path)| result.stats.files.contains(path))
            .filter_map(|(file, path)| Some((path.clone(), file.as_file().metadata().ok()?.len())))
            .collect();
        result.commits = out.take_commits();
        result
    }

    /// Sends the packets produced so far downstream, in batches; false if downstream is gone.
    /// With no stage after this one, they leave the pipeline: counted as exported.
    fn send(&self, outgoing: &mut Vec<Packet>, result: &mut ThreadResult) -> bool {
        if outgoing.is_empty() {
            return true;
        }
        let Some(tx) = &self.tx else {
            let n: u64 = outgoing.iter().map(|p| p.docs.len() as u64).sum();
            result.exported += n;
            self.control.exported.fetch_add(n, Ordering::Relaxed);
            match &self.spent {
                Some(spent) => {
                    // If the freeing thread is gone, the batch is freed here, as it comes back.
                    let _ = spent.send(std::mem::replace(outgoing, Vec::with_capacity(BATCH)));
                }
                None => outgoing.clear(),
            }
            return true;
        };
        // A stage that held everything (dedup) releases it all from `finish`, and a batch of
        // large documents is sent a few at a time: keep batches small.
        loop {
            let len = batch_len(outgoing);
            if len == outgoing.len() {
                return tx.send(std::mem::replace(outgoing, Vec::with_capacity(BATCH))).is_ok();
            }
            let rest = outgoing.split_off(len);
            let batch = std::mem::replace(outgoing, rest);
            if tx.send(batch).is_err() {
                return false;
            }
        }
    }

    /// Processes one packet; false when the run must stop.
    fn handle(
        &self,
        stage: &mut dyn Stage,
        packet: Packet,
        out: &mut Output,
        result: &mut ThreadResult,
        outgoing: &mut Vec<Packet>,
    ) -> bool {
        let seq = packet.seq;
        let empty = packet.docs.is_empty();
        for doc in packet.docs {
            result.stats.docs_in += 1;
            result.marks[0] = result.marks[0].wrapping_add(copydesk_core::seq_mark(doc.seq()));
            result.stats.bytes_in += doc.text.len() as u64;
            result.current.clear();
            result.current.push_str(&doc.source);
            result.current_id.clear();
            result.current_id.push_str(&doc.id);
            let started = Instant::now();
            out.set_input(Some(seq));
            let processed = if self.on_error == OnError::Reject {
                let (id, source) = (&result.current_id, &result.current);
                match copydesk_core::process_rejecting(stage, doc, out, id, source) {
                    Ok(failure) => {
                        if let Some(failure) = failure {
                            self.log_failure(&failure, result);
                        }
                        Ok(Ok(()))
                    }
                    // A stop: no failure of the document's.
                    Err(stop) => Ok(Err(stop)),
                }
            } else {
                catch_unwind(AssertUnwindSafe(|| stage.process(doc, out)))
            };
            out.set_input(None);
            result.stats.busy += started.elapsed();
            if !self.check(processed, Some((&result.current_id, &result.current))) {
                return false;
            }
        }
        self.route(out, Some((seq, empty)), result, outgoing)
    }

    /// `on_error: reject`: a document the stage failed on was rejected
    /// ([`copydesk_core::process_rejecting`]); it is counted, and the stage's first few logged.
    fn log_failure(&self, failure: &str, result: &mut ThreadResult) {
        const LOGGED: u64 = 5;
        result.stats.failed += 1;
        // The first few to happen (with several workers, not always the first in input order).
        let logged = self.failures_logged.fetch_add(1, Ordering::Relaxed) + 1;
        if logged <= LOGGED {
            let (id, source) = (&result.current_id, &result.current);
            let rejects = self.output.join(copydesk_core::RUN_FILES[0]);
            let more = if logged == LOGGED {
                format!(" (any further ones are only in {})", rejects.display())
            } else {
                String::new()
            };
            tracing::warn!(stage = %self.id, "failed on document `{id}` from {source}, rejected it: {failure}{more}");
        }
    }

    /// Records a fatal error or panic, naming the document (id and source) when it came from
    /// processing one; true if the call went well.
    fn check(
        &self,
        outcome: std::thread::Result<Result<(), copydesk_core::StageError>>,
        document: Option<(&str, &str)>,
    ) -> bool {
        let Some(message) = failure_message(&outcome) else { return true };
        let message = match document {
            // A stage that may reject such a document says how (not for a stop: no failure).
            Some((id, source)) if self.parallel && !matches!(&outcome, Ok(Err(e)) if e.is_stop()) => format!(
                "{message} (while processing the document `{id}` from {source}; with `on_error: reject`, the \
                 stage would reject it and the run would go on)"
            ),
            Some((id, source)) => format!("{message} (while processing the document `{id}` from {source})"),
            None => message,
        };
        self.failure.set(self.control, &self.id, message);
        false
    }

    /// Queues what the stage produced for sending, one packet per sequence number. A number
    /// whose documents were all rejected or dropped (or arrived empty) is released with an empty
    /// packet; a number the stage holds back is sent when the stage emits it.
    fn route(
        &self,
        out: &mut Output,
        input: Option<(u64, bool)>,
        result: &mut ThreadResult,
        outgoing: &mut Vec<Packet>,
    ) -> bool {
        let (docs, rejects, duplicates) = out.take();
        // Only from `finish`: in `process` a document without a number takes the processed one's.
        if let Some(message) = copydesk_core::unnumbered(&docs, &rejects, &duplicates) {
            self.failure.set(self.control, &self.id, message);
            return false;
        }
        result.stats.docs_out += docs.len() as u64;
        result.stats.rejected += rejects.len() as u64;
        result.stats.duplicates += duplicates.len() as u64;
        result.marks[1] = result.marks[1].wrapping_add(copydesk_core::marks_of(&docs, &rejects, &duplicates));
        let start = outgoing.len();
        for doc in docs {
            match outgoing[start..].last_mut() {
                Some(last) if last.seq == doc.seq() => last.docs.push(doc),
                _ => outgoing.push(Packet { seq: doc.seq(), docs: vec![doc] }),
            }
        }
        let released = rejects.iter().map(|r| r.seq).chain(duplicates.iter().map(|d| d.seq));
        let arrived_empty = input.filter(|&(_, empty)| empty).map(|(seq, _)| seq);
        for seq in released.chain(arrived_empty) {
            if !outgoing[start..].iter().any(|p| p.seq == seq) {
                outgoing.push(Packet { seq, docs: Vec::new() });
            }
        }
        result.rejects.extend(rejects);
        result.dropped.extend(duplicates);
        true
    }
}

/// What went wrong in a call to a stage (its error, or its panic), if anything did.
fn failure_message(outcome: &std::thread::Result<Result<(), copydesk_core::StageError>>) -> Option<String> {
    match outcome {
        Ok(Ok(())) => None,
        Ok(Err(err)) => Some(err.to_string()),
        Err(panic) => Some(copydesk_core::panic_description(&**panic, None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn packets(sizes: &[usize]) -> Vec<Packet> {
        let doc = |n: usize| Document::new("d", "s", "x".repeat(n));
        sizes.iter().enumerate().map(|(seq, &n)| Packet { seq: seq as u64, docs: vec![doc(n)] }).collect()
    }

    #[test]
    fn batches_hold_up_to_32_packets_and_fewer_of_large_documents() {
        assert_eq!(batch_len(&packets(&[5_000; 100])), BATCH);
        assert_eq!(batch_len(&packets(&[5_000; 7])), 7);
        // A document's text and original count: two of 300 KB (600 KB each) pass a megabyte.
        let large = packets(&[300_000; 10]);
        assert_eq!(large[0].docs[0].original.len(), 300_000);
        assert_eq!(batch_len(&large), 2);
        // One document over the limit still makes a batch of its own.
        assert_eq!(batch_len(&packets(&[15 << 20, 10])), 1);
        assert_eq!(batch_len(&[]), 0);
    }
}
