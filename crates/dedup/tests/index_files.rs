//! Saving the dedup index at the end of a run (`index_out`) and loading it in the next
//! (`index_in`): cross-run duplicates, and every way an index file can be wrong.

use copydesk_core::testing::run_stage;
use copydesk_core::{Built, Document, Registry};
use serde_json::json;

const STORY: &str = "The central bank raised its main interest rate by half a percentage point on Tuesday, the largest increase in more than two decades, as policymakers moved to tame inflation that has climbed to a forty-year high.\n\nOfficials said in a statement that further increases would likely be appropriate in the coming months, and that the bank would begin shrinking its balance sheet of bonds and mortgage securities from the start of June.";
const OTHER: &str = "Rescue teams searched through the night for survivors after a powerful earthquake struck the mountainous border region early on Sunday, flattening villages and cutting roads to several remote valleys.";

fn doc(id: &str, date: &str, text: &str) -> Document {
    let mut d = Document::new(id, format!("{id}.txt"), text);
    d.published = Some(date.into());
    d
}

fn stage(options: serde_json::Value, dir: &std::path::Path) -> Result<Built, String> {
    let mut registry = Registry::new();
    copydesk_dedup::register(&mut registry);
    // (The run's output directory apart from the index's: an index there is refused.)
    let out_dir = dir.join("out");
    let ctx = copydesk_core::BuildContext {
        stage_id: "dedup",
        base_dir: dir,
        out_dir: &out_dir,
        workers: 1,
        earlier: &[],
        later: &[],
    };
    registry.get("dedup").unwrap().build(&ctx, options).map_err(|e| e[0].message.clone())
}

/// `id -> cluster` per emitted document.
fn run(built: &Built, docs: Vec<Document>) -> Vec<String> {
    let docs = docs.into_iter().enumerate().map(|(i, mut d)| (d.set_seq(i as u64), d).1).collect();
    run_stage(built, docs)
        .docs
        .iter()
        .map(|d| format!("{} -> {}", d.id, d.dedup.as_ref().unwrap().cluster))
        .collect()
}

#[test]
fn a_copy_of_an_earlier_runs_document_points_at_it() {
    let dir = tempfile::tempdir().unwrap();
    let yesterday = stage(json!({"index_out": "index.bin"}), dir.path()).unwrap();
    let edited = STORY.replace("Tuesday", "Wednesday");
    assert_eq!(
        run(&yesterday, vec![doc("y-story", "2024-05-01", STORY), doc("y-other", "2024-05-01", OTHER)]),
        ["y-story -> y-story", "y-other -> y-other"]
    );
    // Today: an edited copy dated earlier still points at yesterday's representative, which
    // is not emitted again; the index is read and rewritten in place.
    let today = stage(json!({"index_in": "index.bin", "index_out": "index.bin"}), dir.path()).unwrap();
    assert_eq!(
        run(
            &today,
            vec![
                doc("t-copy", "2024-04-30", &edited),
                doc(
                    "t-new",
                    "2024-05-02",
                    "Something else entirely happened today in the city council, officials said."
                )
            ]
        ),
        ["t-copy -> y-story", "t-new -> t-new"]
    );
    // The day after: both earlier runs' entries are there.
    let next = stage(json!({"index_in": "index.bin"}), dir.path()).unwrap();
    assert_eq!(
        run(&next, vec![doc("n-other", "2024-05-03", OTHER), doc("n-copy", "2024-05-03", &edited)]),
        ["n-other -> y-other", "n-copy -> y-story"]
    );
}

#[test]
fn a_copy_of_an_earlier_runs_chained_text_points_at_it() {
    // Yesterday `y-story` was chained into the cluster of `y-other` (through `y-both`, which
    // holds both) and headed a part of its own. Today its exact copy is its duplicate, as it
    // would be in one run, and not a new story: the parts are not in the index.
    let dir = tempfile::tempdir().unwrap();
    let yesterday = stage(json!({"index_out": "index.bin"}), dir.path()).unwrap();
    let other = format!(
        "{OTHER}\n\nLocal officials said at least forty people had been killed and hundreds injured, and \
         warned that the toll was expected to rise."
    );
    let both = format!("{STORY}\n\n{other}");
    assert_eq!(
        run(
            &yesterday,
            vec![
                doc("y-other", "2024-04-30", &other),
                doc("y-both", "2024-05-01", &both),
                doc("y-story", "2024-05-01", STORY)
            ]
        ),
        ["y-other -> y-other", "y-both -> y-other", "y-story -> y-story"]
    );
    let today = stage(json!({"index_in": "index.bin"}), dir.path()).unwrap();
    assert_eq!(run(&today, vec![doc("t-copy", "2024-05-02", STORY)]), ["t-copy -> y-story"]);
}

/// The error building (or, for a damaged body, running) a stage with `index_in` = a file
/// holding `bytes`.
fn load_error(bytes: &[u8], options: serde_json::Value) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.bin"), bytes).unwrap();
    let mut options = options;
    options["index_in"] = json!("bad.bin");
    // Every damage is found when the stage is built (by `validate`, and by a run before it
    // reads anything), not at the first document.
    match stage(options, dir.path()) {
        Err(message) => message.replace(&dir.path().display().to_string(), "DIR"),
        Ok(_) => panic!("built with a damaged index"),
    }
}

fn saved_index() -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let built = stage(json!({"index_out": "index.bin"}), dir.path()).unwrap();
    run(&built, vec![doc("a", "2024-01-01", STORY), doc("b", "2024-01-01", OTHER)]);
    std::fs::read(dir.path().join("index.bin")).unwrap()
}

#[test]
fn damaged_index_files_are_errors_naming_the_file() {
    let good = saved_index();
    let check = |bytes: &[u8], options: serde_json::Value, expect: &str| {
        let got = load_error(bytes, options);
        assert_eq!(got, expect, "{got}");
    };
    check(b"", json!({}), "dedup index DIR/bad.bin: is not a copydesk dedup index (too short)");
    check(
        b"{\"id\": \"not an index\", \"text\": \"\"}\n",
        json!({}),
        "dedup index DIR/bad.bin: is not a copydesk dedup index",
    );
    let mut version = good.clone();
    version[21] = 9;
    check(
        &version,
        json!({}),
        "dedup index DIR/bad.bin: has format version 9; this copydesk reads versions 2 to 3",
    );
    check(
        &good,
        json!({"shingle_size": 5}),
        "dedup index DIR/bad.bin: was made with shingle_size 4, num_perm 80, bands 40, rows 2, but this stage uses \
         shingle_size 5, num_perm 80, bands 40, rows 2: use the same options or a new index",
    );
    let damaged = "dedup index DIR/bad.bin: is truncated or corrupt (checksum mismatch); delete it (or name another \
                   file in index_in) to start a new index";
    check(&good[..good.len() - 100], json!({}), damaged);
    check(
        &good[..40],
        json!({}),
        "dedup index DIR/bad.bin: is truncated; delete it (or name another file in index_in) to start a new index",
    );
    let mut flipped = good.clone();
    let at = good.len() - 20;
    flipped[at] ^= 1;
    check(&flipped, json!({}), damaged);
    let mut longer = good.clone();
    longer.push(0);
    check(&longer, json!({}), damaged);
}

#[test]
fn a_missing_index_file_is_an_option_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = stage(json!({"index_in": "nowhere.bin"}), dir.path()).err().unwrap();
    assert!(
        err.starts_with(&format!("dedup index {}/nowhere.bin: cannot be read", dir.path().display())),
        "{err}"
    );
}

#[test]
fn one_file_for_both_starts_empty_on_the_first_run() {
    let dir = tempfile::tempdir().unwrap();
    let both = json!({"index_in": "index.bin", "index_out": "index.bin"});
    let first = stage(both.clone(), dir.path()).expect("no index yet is an empty one");
    assert_eq!(run(&first, vec![doc("a", "2024-05-01", STORY)]), ["a -> a"]);
    assert!(dir.path().join("index.bin").exists(), "saved for the next run");
    let second = stage(both, dir.path()).unwrap();
    assert_eq!(run(&second, vec![doc("b", "2024-05-02", STORY)]), ["b -> a"]);
}

#[test]
fn an_index_out_in_a_missing_directory_is_an_option_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = stage(json!({"index_out": "nowhere/index.bin"}), dir.path()).err().unwrap();
    assert!(err.contains("nowhere does not exist: make it"), "{err}");
    // Nor one in a directory that cannot be written (under /proc nothing can be, even by root).
    let err = stage(json!({"index_out": "/proc/copydesk-index.bin"}), dir.path()).err().unwrap();
    assert!(err.contains("directory /proc cannot be written"), "{err}");
    // The run's output directory is made before anything is read: an index there is fine on the
    // first run, when it does not exist yet ("./out" and "out" alike), but not under the name
    // of one of the run's own files.
    assert!(!dir.path().join("out").exists());
    for index in ["out/dedup.index", "./out/dedup.index"] {
        stage(json!({"index_in": index, "index_out": index}), dir.path())
            .unwrap_or_else(|e| panic!("{index}: {e}"));
    }
    let err = stage(json!({"index_out": "out/report.json"}), dir.path()).err().unwrap();
    assert!(err.contains("one of the files the run writes"), "{err}");
}

/// The spool goes where `spool_dir` says (relative to the config's directory); a folder that
/// does not exist or cannot be written is an option error, found before any document.
#[test]
fn the_spool_goes_to_spool_dir() {
    let dir = tempfile::tempdir().unwrap();
    let err = stage(json!({"spool_dir": "nowhere"}), dir.path()).err().unwrap();
    assert!(err.contains("nowhere does not exist"), "{err}");
    let err = stage(json!({"spool_dir": "/proc"}), dir.path()).err().unwrap();
    assert!(err.contains("folder /proc cannot be written"), "{err}");
    std::fs::create_dir(dir.path().join("spool")).unwrap();
    let built = stage(json!({"spool_dir": "spool"}), dir.path()).unwrap();
    assert_eq!(
        run(&built, vec![doc("a", "2024-05-01", STORY), doc("b", "2024-05-01", STORY)]),
        ["a -> a", "b -> a"]
    );
}

/// A press release: a short body of its own and a long footer every release repeats, which
/// the boilerplate step leaves out of its set.
fn release(n: usize) -> String {
    let footer = "About the company: Acme Industrial Holdings designs, manufactures and services \
                  precision equipment for the energy, mining and transport sectors in more than forty \
                  countries, with regional offices in Houston, Rotterdam, Perth and Singapore and a \
                  workforce of some twelve thousand engineers, technicians and support staff. Forward \
                  looking statements in this release are subject to risks and uncertainties described \
                  in the annual report filed with the securities regulator.";
    format!(
        "Acme announced contract number {n} with customer {n} for delivery of unit batch {n} next quarter.\n\n{footer}"
    )
}

/// The number of entries a saved index holds (after magic, version and four options).
fn entries(dir: &std::path::Path) -> u64 {
    let bytes = std::fs::read(dir.join("index.bin")).unwrap();
    u64::from_le_bytes(bytes[41..49].try_into().unwrap())
}

#[test]
fn a_re_sent_text_is_a_copy_even_when_its_saved_set_cannot_tell() {
    let dir = tempfile::tempdir().unwrap();
    let both = json!({"index_in": "index.bin", "index_out": "index.bin"});
    // Yesterday: twelve releases (their footer is boilerplate, so each saved set is its short
    // body alone), and a text of no words (no set at all).
    let mut docs: Vec<Document> =
        (0..12).map(|n| doc(&format!("pr-{n}"), "2024-05-01", &release(n))).collect();
    docs.push(doc("dash", "2024-05-01", "—"));
    let yesterday = stage(both.clone(), dir.path()).unwrap();
    let emitted = run(&yesterday, docs);
    assert!(emitted.iter().all(|line| line.split(" -> ").all(|id| id == line.split(" -> ").next().unwrap())));
    assert_eq!(entries(dir.path()), 13);
    // Today the same texts come again, alone: the footer is no longer boilerplate, and the whole
    // text's set is far from the saved one. They are still copies, and the index keeps one
    // entry for each text.
    let today = stage(both.clone(), dir.path()).unwrap();
    assert_eq!(
        run(&today, vec![doc("pr-0-again", "2024-05-02", &release(0)), doc("dash-again", "2024-05-02", "—")]),
        ["pr-0-again -> pr-0", "dash-again -> dash"]
    );
    assert_eq!(entries(dir.path()), 13);
    // Re-sent under its own id, it is dropped in drop mode: nothing is exported twice.
    let drop = stage(json!({"index_in": "index.bin", "mode": "drop"}), dir.path()).unwrap();
    let docs = vec![doc("pr-3", "2024-05-01", &release(3))];
    let result = run_stage(&drop, docs.into_iter().map(|mut d| (d.set_seq(0), d).1).collect());
    assert!(result.docs.is_empty(), "{:?}", result.docs.iter().map(|d| &d.id).collect::<Vec<_>>());
}

/// An index of format version 2 (no text hashes) from a version 3 one: the same entries with
/// the version, the hash field and the "hash known" flag taken out, and the checksum redone.
fn as_version_2(v3: &[u8]) -> Vec<u8> {
    let u32_at = |at: usize| u32::from_le_bytes(v3[at..at + 4].try_into().unwrap()) as usize;
    let mut out = v3[..49].to_vec();
    out[21..25].copy_from_slice(&2u32.to_le_bytes());
    let mut at = 49;
    for _ in 0..u64::from_le_bytes(v3[41..49].try_into().unwrap()) {
        out.extend_from_slice(&v3[at..at + 4]); // cluster
        out.extend_from_slice(&((u32_at(at + 4) & 1) as u32).to_le_bytes()); // flags
        out.extend_from_slice(&v3[at + 8..at + 12]); // date
        at += 20; // past the text hash
        let start = at;
        at += 4 + u32_at(at); // id
        at += 4 + 4 * u32_at(at); // paragraph keys
        at += 4 + 4 * u32_at(at); // shingles
        out.extend_from_slice(&v3[start..at]);
    }
    assert_eq!(at, v3.len() - 8, "the whole version 3 file was walked");
    let checksum = xxhash_rust::xxh3::xxh3_64(&out);
    out.extend_from_slice(&checksum.to_le_bytes());
    out
}

#[test]
fn an_index_of_version_2_is_still_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.bin"), as_version_2(&saved_index())).unwrap();
    // Its entries match as before (by their sets), and an index saved from it is version 3.
    let both = json!({"index_in": "index.bin", "index_out": "index.bin"});
    let next = stage(both, dir.path()).unwrap();
    assert_eq!(run(&next, vec![doc("c", "2024-01-02", STORY)]), ["c -> a"]);
    let saved = std::fs::read(dir.path().join("index.bin")).unwrap();
    assert_eq!(u32::from_le_bytes(saved[21..25].try_into().unwrap()), 3);
    // A version 2 entry has no text hash: its copy was found by its set, as before, and is an
    // entry of its own, with its hash. From then on that text is known.
    assert_eq!(entries(dir.path()), 3);
    let both = json!({"index_in": "index.bin", "index_out": "index.bin"});
    let again = stage(both, dir.path()).unwrap();
    assert_eq!(run(&again, vec![doc("d", "2024-01-03", STORY)]), ["d -> a"]);
    assert_eq!(entries(dir.path()), 3);
}

/// Two runs saving one index at once would each save only their own documents, the last rename
/// winning: the second is refused while the first holds the index's lock. The lock also makes
/// it safe to remove what a run killed while saving left beside the index.
#[test]
fn an_index_in_use_by_another_run_is_refused_and_a_killed_runs_temporary_removed() {
    let dir = tempfile::tempdir().unwrap();
    let held = copydesk_core::lock::hold(&dir.path().join(".index.bin.lock")).unwrap().expect("free");
    let built = stage(json!({"index_out": "index.bin"}), dir.path()).unwrap();
    let Built::Stage(make) = &built else { panic!("a stage") };
    // Refused before the run reads anything (`start`), and, for a stage driven without it, at
    // its first document.
    let err = make().start().expect_err("the index is in use");
    assert!(err.to_string().contains("another run is using it"), "{err}");
    let mut dedup = make();
    let mut out = copydesk_core::Output::new("dedup");
    let err = dedup.process(doc("a", "2022-02-01", STORY), &mut out).expect_err("the index is in use");
    assert!(err.to_string().contains("another run is using it"), "{err}");
    drop(held);
    // Taken in `start`, the lock is the run's: another stage saving the index cannot have it.
    let mut first = make();
    first.start().unwrap();
    assert!(make().start().is_err(), "held by the first");
    drop(first);
    make().start().expect("let go with the stage");
    let leftover = dir.path().join(".index.bin.Ab3xYz");
    std::fs::write(&leftover, "half an index").unwrap();
    run(&built, vec![doc("a", "2022-02-01", STORY)]);
    assert!(!leftover.exists(), "a killed run's temporary index is removed");
    assert!(dir.path().join("index.bin").exists());
}

/// The lock is held until the saved index is in place, not only while dedup runs: the index is
/// renamed into place at the end of the run (after export and the report), and a second run
/// taking the lock in between would remove the first's saved index as a killed run's leftover.
#[test]
fn the_index_lock_is_held_until_the_saved_index_is_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let built = stage(json!({"index_out": "index.bin"}), dir.path()).unwrap();
    let Built::Stage(make) = &built else { panic!("a stage") };
    let mut dedup = make();
    let mut out = copydesk_core::Output::new("dedup");
    let mut story = doc("a", "2022-02-01", STORY);
    story.set_seq(0);
    out.set_input(Some(0));
    dedup.process(story, &mut out).unwrap();
    out.set_input(None);
    loop {
        dedup.finish(&mut out).unwrap();
        if !dedup.more_to_finish() {
            break;
        }
    }
    // Dedup's thread is over; the run has yet to put its output and the index in place.
    drop(dedup);
    let lock = dir.path().join(".index.bin.lock");
    assert!(copydesk_core::lock::hold(&lock).unwrap().is_none(), "still held by the pending commit");
    copydesk_core::place::place_all(out.take_places()).unwrap();
    for commit in out.take_commits() {
        commit.run().unwrap();
    }
    assert!(dir.path().join("index.bin").exists());
    assert!(copydesk_core::lock::hold(&lock).unwrap().is_some(), "let go once the index is in place");
}

/// A document with the id of an earlier run's different text (ids numbered by line, reused
/// every day) is counted, and said in a warning: its cluster and duplicate_of would name two
/// texts by one id. A re-sent text under its id, and a new id, are no such document.
#[test]
fn an_earlier_runs_id_for_another_text_and_copies_of_earlier_texts_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    let yesterday = stage(json!({"index_out": "index.bin"}), dir.path()).unwrap();
    let docs = vec![doc("wire:1", "2024-05-01", STORY), doc("wire:2", "2024-05-01", OTHER)];
    let first = run_stage(
        &yesterday,
        docs.into_iter().enumerate().map(|(i, mut d)| (d.set_seq(i as u64), d).1).collect(),
    );
    assert_eq!(first.counters.get("ids_of_earlier_texts"), None, "no earlier index");
    let today = stage(json!({"index_in": "index.bin"}), dir.path()).unwrap();
    let docs = vec![
        doc("wire:1", "2024-05-02", "The city council approved a new budget for road repairs on Monday."),
        doc("wire:2", "2024-05-02", OTHER),
        doc("wire:3", "2024-05-02", STORY),
    ];
    let second = run_stage(
        &today,
        docs.into_iter().enumerate().map(|(i, mut d)| (d.set_seq(i as u64), d).1).collect(),
    );
    assert_eq!(second.counters.get("ids_of_earlier_texts"), Some(&1));
    // The re-sent `wire:2` and `wire:3`, yesterday's `wire:1`, are duplicates of earlier runs'.
    assert_eq!(second.counters.get("duplicates"), Some(&2));
    assert_eq!(second.counters.get("duplicates_of_earlier_runs"), Some(&2));
    // Each says so, as `articles.jsonl` and `duplicates.jsonl` write it; today's new text not.
    let of_earlier: Vec<(&str, Option<&str>, bool)> = second
        .docs
        .iter()
        .map(|d| {
            let info = d.dedup.as_ref().expect("annotated");
            (d.id.as_str(), info.duplicate_of.as_deref(), info.of_earlier_run)
        })
        .collect();
    assert_eq!(
        of_earlier,
        [("wire:1", None, false), ("wire:2", Some("wire:2"), true), ("wire:3", Some("wire:1"), true)]
    );
    let written = serde_json::to_value(second.docs[2].dedup.as_ref().unwrap()).unwrap();
    assert_eq!(written["of_earlier_run"], true);
    let written = serde_json::to_value(second.docs[0].dedup.as_ref().unwrap()).unwrap();
    assert!(written.get("of_earlier_run").is_none(), "written only when true: {written}");
    assert_eq!(first.counters.get("duplicates"), Some(&0));
    assert_eq!(first.counters.get("duplicates_of_earlier_runs"), None, "no earlier index");
}
