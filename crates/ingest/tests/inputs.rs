//! Snapshots of what ingest makes of the seeds and of the folder of broken inputs.

use std::path::Path;

use copydesk_core::testing::{Run, build, run_source};
use copydesk_core::{Document, Registry};
use serde_json::json;

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// Runs ingest with `options` (paths relative to the repository root).
fn ingest(options: serde_json::Value) -> Run {
    let mut registry = Registry::new();
    copydesk_ingest::register(&mut registry);
    run_source(build(&registry, "ingest", options, repo()))
}

/// A document as the snapshot shows it: the original only by length, since the text is there.
fn summary(doc: &Document) -> serde_json::Value {
    json!({
        "id": doc.id,
        "source": doc.source,
        "published": doc.published,
        "title": doc.title,
        "text": doc.text,
        "original_bytes": doc.original.len(),
        "fields": doc.fields,
    })
}

fn render(run: &Run) -> serde_json::Value {
    json!({
        "documents": run.docs.iter().map(summary).collect::<Vec<_>>(),
        "rejects": run.rejects,
    })
}

#[test]
fn seeds() {
    let run = ingest(json!({"paths": ["seeds"]}));
    assert_eq!(run.docs.len(), 5);
    for doc in &run.docs {
        let file = repo().join(&doc.source);
        assert_eq!(doc.original, std::fs::read_to_string(file).unwrap(), "original kept byte for byte");
    }
    insta::assert_yaml_snapshot!(render(&run));
}

#[test]
fn bad_inputs() {
    let run = ingest(json!({"paths": ["tests/bad-inputs"]}));
    insta::assert_yaml_snapshot!(render(&run));
}

#[test]
fn bad_inputs_with_strict_utf8_and_a_size_limit() {
    let run =
        ingest(json!({"paths": ["tests/bad-inputs/*.txt"], "invalid_utf8": "reject", "max_bytes": 150}));
    let reasons: Vec<String> = run.rejects.iter().map(|r| format!("{}: {}", r.source, r.reason)).collect();
    insta::assert_yaml_snapshot!(reasons);
}

#[test]
fn missing_paths_are_rejects_not_crashes() {
    let run = ingest(json!({"paths": ["no/such/dir", "seeds/*.nothing"]}));
    assert!(run.docs.is_empty());
    let reasons: Vec<&str> = run.rejects.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(
        reasons,
        ["input path `no/such/dir` does not exist", "no input files match `seeds/*.nothing`"]
    );
}
