//! Snapshot of the normalize stage over the seeds: `ingest` then `normalize`, every document
//! field but `original` (ingest's snapshot pins that), rejects included. The text is shown as its
//! list of paragraphs.

use std::path::Path;

use copydesk_core::Registry;
use copydesk_core::testing::{build, run_source, run_stage};
use serde_json::{Value, json};

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../seeds");

#[test]
fn seeds() {
    let mut registry = Registry::new();
    copydesk_ingest::register(&mut registry);
    copydesk_normalize::register(&mut registry);
    let base = Path::new(SEEDS);

    let ingested = run_source(build(&registry, "ingest", json!({"paths": [SEEDS]}), base));
    assert!(ingested.rejects.is_empty(), "ingest rejected seeds: {:?}", ingested.rejects);
    let normalize = build(&registry, "normalize", json!({}), base);
    let normalized = run_stage(&normalize, ingested.docs);

    // Normalized text is a fixed point: a second pass changes nothing.
    let again = run_stage(&normalize, normalized.docs.clone());
    assert_eq!(again.docs, normalized.docs, "normalize is not idempotent on the seeds");

    let docs: Vec<Value> = normalized
        .docs
        .iter()
        .map(|doc| {
            let mut value = serde_json::to_value(doc).expect("document serializes");
            let fields = value.as_object_mut().expect("document is an object");
            fields.remove("original");
            // Sources are absolute paths; the file name is what identifies a seed.
            if let Some(Value::String(source)) = fields.get_mut("source") {
                *source = source.rsplit('/').next().unwrap_or_default().to_string();
            }
            // One YAML line per paragraph reads far better than one escaped string; the
            // separators themselves are checked here.
            let paragraphs: Vec<&str> = doc.text.split("\n\n").collect();
            for paragraph in &paragraphs {
                assert!(!paragraph.is_empty() && !paragraph.contains('\n'), "{}: {paragraph:?}", doc.id);
                assert_eq!(paragraph.trim(), *paragraph, "{}: untrimmed paragraph", doc.id);
                assert!(!paragraph.contains("  "), "{}: doubled space in {paragraph:?}", doc.id);
            }
            fields.insert("text".to_string(), json!(paragraphs));
            value
        })
        .collect();
    let rejects: Vec<Value> =
        normalized.rejects.iter().map(|r| json!({"id": r.id, "reason": r.reason})).collect();
    insta::assert_yaml_snapshot!(json!({"documents": docs, "rejects": rejects}));
}
