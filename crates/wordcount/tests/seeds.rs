//! The stage's output on the seeds, as the pipeline feeds it (after ingest).

use std::path::Path;

use copydesk_core::Registry;
use copydesk_core::testing::{build, run_source, run_stage_as};
use serde_json::json;

fn check(options: serde_json::Value) -> serde_json::Value {
    let repo = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    let mut registry = Registry::new();
    copydesk_ingest::register(&mut registry);
    copydesk_wordcount::register(&mut registry);
    let docs = run_source(build(&registry, "ingest", json!({"paths": ["seeds"]}), repo)).docs;
    let run = run_stage_as("wordcount", &build(&registry, "wordcount", options, repo), docs);
    json!({
        "documents": run.docs.iter().map(|d| json!({"id": d.id, "fields": d.fields})).collect::<Vec<_>>(),
        "rejects": run.rejects,
    })
}

#[test]
fn seeds() {
    insta::assert_yaml_snapshot!(check(json!({"min_words": 400})));
}
