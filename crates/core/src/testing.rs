//! Helpers for driving stages by hand in tests: one stage over a list of documents, on one
//! thread, with the same contract the runtime keeps (sequence numbers, `finish` at the end).

use std::path::Path;

use crate::{BuildContext, Built, Document, OptionError, Output, Registry, Reject, SourceOutput};

/// What a stage produced: the documents it emitted and the documents it rejected.
#[derive(Debug, Default)]
pub struct Run {
    pub docs: Vec<Document>,
    pub rejects: Vec<Reject>,
    /// The records of the documents dropped as duplicates, as `duplicates.jsonl` lists them.
    pub dropped: Vec<crate::Dropped>,
    /// The stage's counters ([`Output::count`]), as the run's report would list them.
    pub counters: crate::Counters,
}

impl Run {
    /// The ids of the documents dropped as duplicates, in the order they were dropped.
    pub fn duplicates(&self) -> Vec<&str> {
        self.dropped.iter().map(|d| d.id.as_str()).collect()
    }
}

/// Build stage `kind` from `registry` with `options` (a JSON object), as stage id `kind`,
/// resolving relative paths against `base_dir`. Panics on options the stage refuses (see
/// [`try_build`]).
pub fn build(registry: &Registry, kind: &str, options: serde_json::Value, base_dir: &Path) -> Built {
    match try_build(registry, kind, options, base_dir) {
        Ok(built) => built,
        Err(err) => panic!("stage `{kind}` options rejected: {err:?}"),
    }
}

/// [`build`], or every problem the stage found in `options`, each with its key: for a test of
/// what the stage refuses, as `copydesk validate` would show it.
pub fn try_build(
    registry: &Registry,
    kind: &str,
    options: serde_json::Value,
    base_dir: &Path,
) -> Result<Built, Vec<OptionError>> {
    let stage = registry.get(kind).unwrap_or_else(|| panic!("no stage type `{kind}` registered"));
    let ctx = BuildContext {
        stage_id: kind,
        base_dir,
        out_dir: &base_dir.join("out"),
        workers: 1,
        earlier: &[],
        later: &[],
    };
    stage.build(&ctx, options)
}

/// Run a built source to the end, with its counters.
pub fn run_source(built: Built) -> Run {
    let Built::Source(mut source) = built else { panic!("not a source") };
    let mut run = Run::default();
    let mut seq = 0;
    let mut deliver = |item: Result<Document, Reject>| {
        match item {
            Ok(mut doc) => {
                doc.set_seq(seq);
                run.docs.push(doc);
            }
            Err(mut reject) => {
                reject.seq = seq;
                run.rejects.push(reject);
            }
        }
        seq += 1;
        Ok(())
    };
    let mut out = SourceOutput::new("source", &mut deliver);
    source.run(&mut out).expect("source failed");
    let counters = out.counters().clone();
    drop(out);
    run.counters = counters;
    run
}

/// Run a built document stage over `docs` (in order, one worker), then `finish`, then what it
/// left for the end of a completed run ([`Output::on_commit`]). Panics, as the runtime fails the
/// run, when the stage did not pass on, reject or drop each document exactly once. Its rejects
/// name the stage `stage`; [`run_stage_as`] names it as a pipeline would.
pub fn run_stage(built: &Built, docs: Vec<Document>) -> Run {
    run_stage_as("stage", built, docs)
}

/// [`run_stage`], the rejects naming the stage `stage_id`, as a run's rejects.jsonl does.
///
/// A stage that says it does not read [`Document::original`] ([`crate::Stage::reads_original`])
/// gets its documents without it, as in a run where no stage reads it, so that a test shows
/// what such a run does; the documents it passes on get theirs back, by input number, for the
/// stages a test runs after it.
pub fn run_stage_as(stage_id: &str, built: &Built, docs: Vec<Document>) -> Run {
    run_in(stage_id, built, docs, false)
}

/// [`run_stage`] as a run with the stage's `on_error: reject` goes, through the runtime's own
/// [`crate::process_rejecting`]: a document whose call of `process` returns an error or
/// panics is rejected with it (``stage `stage` failed on it: …``, a panic's with where it
/// panicked, not printed), what the call passed on for it taken back, and the stage goes on.
pub fn run_stage_rejecting(built: &Built, docs: Vec<Document>) -> Run {
    run_stage_rejecting_as("stage", built, docs)
}

/// [`run_stage_rejecting`], the rejects naming the stage `stage_id`.
pub fn run_stage_rejecting_as(stage_id: &str, built: &Built, docs: Vec<Document>) -> Run {
    crate::install_quiet_hook();
    run_in(stage_id, built, docs, true)
}

fn run_in(stage_id: &str, built: &Built, docs: Vec<Document>, reject: bool) -> Run {
    let Built::Stage(make) = built else { panic!("not a document stage") };
    let mut stage = make();
    stage.start().expect("stage start failed");
    let mut out = Output::new(stage_id);
    let mut run = Run::default();
    let given = docs.len();
    let mut marks_given = 0u64;
    let blind = !stage.reads_original();
    let mut originals = std::collections::HashMap::new();
    // Each document's id by its number, to name the ones that did not leave once.
    let mut ids = std::collections::BTreeMap::new();
    for (i, mut doc) in docs.into_iter().enumerate() {
        // As the runtime numbers a source's documents.
        if doc.seq() == Document::NO_SEQ {
            doc.set_seq(i as u64);
        }
        marks_given = marks_given.wrapping_add(crate::seq_mark(doc.seq()));
        // A run gives each document its own number; two with one (the outputs of two sources'
        // runs put together) would be told apart by nothing.
        if let Some(other) = ids.insert(doc.seq(), doc.id.clone()) {
            panic!(
                "run_stage: documents `{other}` and `{}` were given the same number, {}: a run numbers each \
                 document once; leave the numbers unset (as `Document::new` does) for run_stage to number \
                 them in order, or set each its own",
                doc.id,
                doc.seq()
            );
        }
        if blind {
            originals.insert(doc.seq(), std::mem::take(&mut doc.original));
        }
        out.set_input(Some(doc.seq()));
        let (id, source) = (doc.id.clone(), doc.source.clone());
        if reject {
            crate::process_rejecting(stage.as_mut(), doc, &mut out, &id, &source).unwrap_or_else(|err| {
                panic!("the stage gave up on `{id}` as if the run were stopping: {err}")
            });
        } else if let Err(err) = stage.process(doc, &mut out) {
            panic!(
                "the stage failed on the document `{id}` (from {source}): {err} (in a run, that stops it; with \
                 `on_error: reject`, the document is rejected: `run_stage_rejecting` tests that)"
            );
        }
    }
    out.set_input(None);
    loop {
        stage.finish(&mut out).expect("stage finish failed");
        if !stage.more_to_finish() {
            break;
        }
    }
    crate::place::place_all(out.take_places()).expect("the stage's files could not be put in place");
    for commit in out.take_commits() {
        commit.run().expect("stage commit failed");
    }
    run.counters = out.take_counters();
    let (docs, rejects, duplicates) = out.take();
    if let Some(message) = crate::unnumbered(&docs, &rejects, &duplicates) {
        panic!("the stage: {message}");
    }
    run.docs = docs;
    for doc in run.docs.iter_mut().filter(|d| d.original.is_empty()) {
        if let Some(original) = originals.get(&doc.seq()) {
            doc.original.clone_from(original);
        }
    }
    run.rejects = rejects;
    run.dropped = duplicates;
    let counts = [given, run.docs.len(), run.rejects.len(), run.dropped.len()].map(|n| n as u64);
    let marks = [marks_given, crate::marks_of(&run.docs, &run.rejects, &run.dropped)];
    if let Some(message) = crate::unaccounted(counts[0], counts[1], counts[2], counts[3], marks) {
        let left = run.docs.iter().map(Document::seq);
        let left = left.chain(run.rejects.iter().map(|r| r.seq)).chain(run.dropped.iter().map(|d| d.seq));
        panic!("the stage: {message}{}", which_documents(&ids, left));
    }
    run
}

/// The documents (by id, five of each at most) that never left a stage, those that left it more
/// than once, and (by number) any that left under a number it was not given, given the ids of
/// those it was given by number and the numbers of those that left.
fn which_documents(ids: &std::collections::BTreeMap<u64, String>, left: impl Iterator<Item = u64>) -> String {
    let mut times: std::collections::BTreeMap<u64, usize> = ids.keys().map(|&seq| (seq, 0)).collect();
    for seq in left {
        *times.entry(seq).or_default() += 1;
    }
    let name = |pick: &dyn Fn(u64, usize) -> bool| {
        let picked: Vec<String> = times
            .iter()
            .filter(|&(&seq, &n)| pick(seq, n))
            .map(|(seq, _)| ids.get(seq).map_or(format!("#{seq}"), |id| format!("`{id}`")))
            .collect();
        let more = picked.len().saturating_sub(5);
        let mut list = picked.into_iter().take(5).collect::<Vec<_>>().join(", ");
        if more > 0 {
            list.push_str(&format!(" and {more} more"));
        }
        list
    };
    let given = |seq: u64| ids.contains_key(&seq);
    let never = name(&|seq, n| given(seq) && n == 0);
    let twice = name(&|seq, n| given(seq) && n > 1);
    let not_given = name(&|seq, _| !given(seq));
    let mut out = String::new();
    if !never.is_empty() {
        out.push_str(&format!("; never left it: {never}"));
    }
    if !twice.is_empty() {
        out.push_str(&format!("; left it more than once: {twice}"));
    }
    if !not_given.is_empty() {
        out.push_str(&format!("; left it under a number it was not given: {not_given}"));
    }
    out
}

/// `count` texts of up to `max_pieces - 1` pieces each, drawn from `pieces` by a fixed xorshift
/// sequence from `seed` (not 0): the same texts on every run, for tests that throw odd input at
/// a stage and check what must hold whatever the text.
pub fn random_texts<'a>(
    seed: u64,
    count: usize,
    max_pieces: usize,
    pieces: &'a [&'a str],
) -> impl Iterator<Item = String> + 'a {
    let mut state = seed;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state as usize
    };
    (0..count).map(move |_| (0..next() % max_pieces).map(|_| pieces[next() % pieces.len()]).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Stage, StageError};

    /// Leaves out every second document without a word: what a stage must not do.
    struct Forgets;
    impl Stage for Forgets {
        fn process(&mut self, doc: Document, out: &mut Output) -> Result<(), StageError> {
            if doc.id.ends_with(['1', '3', '5', '7', '9']) {
                return Ok(());
            }
            out.emit(doc);
            Ok(())
        }
    }

    #[test]
    #[should_panic(expected = "exactly once; never left it: `d1`, `d3`")]
    fn a_stage_that_loses_documents_fails_its_test() {
        let built = Built::Stage(Box::new(|| Box::new(Forgets)));
        let docs = (0..4).map(|i| Document::new(format!("d{i}"), "t", "text")).collect();
        run_stage(&built, docs);
    }

    /// Leaves out the first document and passes on the second twice.
    struct Swaps;
    impl Stage for Swaps {
        fn process(&mut self, doc: Document, out: &mut Output) -> Result<(), StageError> {
            match doc.id.as_str() {
                "d0" => {}
                "d1" => {
                    out.emit(doc.clone());
                    out.emit(doc);
                }
                _ => out.emit(doc),
            }
            Ok(())
        }
    }

    /// Passes every document on.
    struct Passes;
    impl Stage for Passes {
        fn process(&mut self, doc: Document, out: &mut Output) -> Result<(), StageError> {
            out.emit(doc);
            Ok(())
        }
    }

    /// Fails on `d1` with an error and panics on `d2`, after passing a copy of each on.
    struct Fails;
    impl Stage for Fails {
        fn process(&mut self, doc: Document, out: &mut Output) -> Result<(), StageError> {
            if doc.id == "d1" || doc.id == "d2" {
                out.emit(doc.clone());
            }
            match doc.id.as_str() {
                "d1" => Err(StageError::new("cannot read d1")),
                "d2" => panic!("no room for d2"),
                _ => {
                    out.emit(doc);
                    Ok(())
                }
            }
        }
    }

    #[test]
    fn a_stage_rejecting_its_failures_is_tested_as_a_run_would_go() {
        let built = Built::Stage(Box::new(|| Box::new(Fails)));
        let docs = || (0..4).map(|i| Document::new(format!("d{i}"), "t", "text")).collect::<Vec<_>>();
        let run = run_stage_rejecting(&built, docs());
        let ids: Vec<&str> = run.docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["d0", "d3"]);
        let reasons: Vec<(&str, &str)> =
            run.rejects.iter().map(|r| (r.id.as_str(), r.reason.as_str())).collect();
        assert_eq!(reasons[0], ("d1", "stage `stage` failed on it: cannot read d1"));
        assert_eq!(reasons[1].0, "d2");
        assert!(
            reasons[1].1.starts_with("stage `stage` failed on it: panicked at crates/core/src/testing.rs:")
        );
        assert!(reasons[1].1.ends_with(": no room for d2"), "{}", reasons[1].1);
        // Without it, the first failure fails the test, naming the document.
        let stopped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run_stage(&built, docs())))
            .expect_err("the stage failed");
        let message = crate::panic_description(&*stopped, None);
        assert!(
            message.starts_with("panicked: the stage failed on the document `d1` (from t): cannot read d1"),
            "{message}"
        );
    }

    #[test]
    #[should_panic(expected = "documents `a0` and `b0` were given the same number, 0")]
    fn documents_given_one_number_are_refused() {
        let built = Built::Stage(Box::new(|| Box::new(Passes)));
        // As two sources' runs number theirs: each from 0.
        let docs = ["a", "b"].iter().flat_map(|prefix| {
            (0..3).map(move |i: u64| {
                let mut doc = Document::new(format!("{prefix}{i}"), "t", "text");
                doc.set_seq(i);
                doc
            })
        });
        run_stage(&built, docs.collect());
    }

    #[test]
    #[should_panic(expected = "exactly once; never left it: `d0`; left it more than once: `d1`")]
    fn a_stage_that_swaps_a_document_for_another_fails_its_test() {
        let built = Built::Stage(Box::new(|| Box::new(Swaps)));
        let docs = (0..4).map(|i| Document::new(format!("d{i}"), "t", "text")).collect();
        run_stage(&built, docs);
    }

    #[test]
    fn the_documents_not_left_once_are_named_five_at_most() {
        let ids: std::collections::BTreeMap<u64, String> = (0..9).map(|i| (i, format!("d{i}"))).collect();
        // d0 left twice, d1-d7 never, d8 once; and a number never given (#20).
        let left = [0, 0, 8, 20].into_iter();
        assert_eq!(
            which_documents(&ids, left),
            "; never left it: `d1`, `d2`, `d3`, `d4`, `d5` and 2 more; left it more than once: `d0`; left it \
             under a number it was not given: #20"
        );
        assert_eq!(which_documents(&ids, 0..9), "");
    }

    /// Builds a new document for each it is given: in `process`, or held for `finish`.
    struct Rebuilds(bool, Vec<Document>);
    impl Stage for Rebuilds {
        fn process(&mut self, doc: Document, out: &mut Output) -> Result<(), StageError> {
            let rebuilt = Document::new(doc.id, doc.source, doc.text);
            if self.0 {
                self.1.push(rebuilt)
            } else {
                out.emit(rebuilt)
            }
            Ok(())
        }
        fn finish(&mut self, out: &mut Output) -> Result<(), StageError> {
            self.1.drain(..).for_each(|doc| out.emit(doc));
            Ok(())
        }
    }

    /// Notes the `original` of each document it is given in its text; says it does not read it
    /// when `blind`.
    struct Notes(bool);
    impl Stage for Notes {
        fn process(&mut self, mut doc: Document, out: &mut Output) -> Result<(), StageError> {
            doc.text = format!("saw {:?}", doc.original);
            out.emit(doc);
            Ok(())
        }
        fn reads_original(&self) -> bool {
            !self.0
        }
    }

    /// A stage that says it does not read originals is given none, as in a run where no stage
    /// does, and what it passes on has them back for the stages a test runs next; a stage that
    /// reads them gets them.
    #[test]
    fn a_stage_that_does_not_read_originals_gets_none() {
        let docs = || (0..3).map(|i| Document::new(format!("d{i}"), "t", format!("text {i}"))).collect();
        for blind in [true, false] {
            let built = Built::Stage(Box::new(move || Box::new(Notes(blind))));
            let run = run_stage(&built, docs());
            let seen: Vec<(&str, &str)> =
                run.docs.iter().map(|d| (d.text.as_str(), d.original.as_str())).collect();
            if blind {
                assert_eq!(seen, [("saw \"\"", "text 0"), ("saw \"\"", "text 1"), ("saw \"\"", "text 2")]);
            } else {
                assert_eq!(
                    seen,
                    [
                        ("saw \"text 0\"", "text 0"),
                        ("saw \"text 1\"", "text 1"),
                        ("saw \"text 2\"", "text 2")
                    ]
                );
            }
        }
    }

    /// As in a run: a document built in `process` takes the given one's number; one built in
    /// `finish` without a number fails the test (it would fail the run).
    #[test]
    fn documents_built_by_a_stage_are_numbered_as_in_a_run() {
        let docs = || (0..3).map(|i| Document::new(format!("d{i}"), "t", "text")).collect::<Vec<_>>();
        let built = Built::Stage(Box::new(|| Box::new(Rebuilds(false, Vec::new()))));
        let run = run_stage(&built, docs());
        assert_eq!(run.docs.iter().map(Document::seq).collect::<Vec<_>>(), [0, 1, 2]);
        let built = Built::Stage(Box::new(|| Box::new(Rebuilds(true, Vec::new()))));
        let failed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run_stage(&built, docs())))
            .expect_err("no numbers");
        let message = failed.downcast_ref::<String>().expect("a message");
        assert!(
            message.contains("released document `d0` from `finish` with no sequence number"),
            "{message}"
        );
    }
}
