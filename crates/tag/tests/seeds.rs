//! Snapshot of the tag stage over the sample articles: ingest → normalize → tag on `seeds/`,
//! one snapshot per document with every entity. Read a changed snapshot line by line before
//! accepting it: a snapshot that pins a wrong entity is a bug in the tagger.

use std::path::Path;

use copydesk_core::Registry;
use copydesk_core::testing::{build, run_source, run_stage};
use serde::Serialize;

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../seeds");

#[derive(Serialize)]
struct Tagged<'a> {
    id: &'a str,
    entities: Vec<Mention<'a>>,
}

/// One entity with its fields in a fixed order, plus the text check the snapshot relies on.
#[derive(Serialize)]
struct Mention<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    text: &'a str,
    start: usize,
    end: usize,
    canonical: &'a str,
    entity_id: &'a str,
}

#[test]
fn seeds() {
    let mut registry = Registry::new();
    copydesk_ingest::register(&mut registry);
    copydesk_normalize::register(&mut registry);
    copydesk_tag::register(&mut registry);
    let base = Path::new(SEEDS);

    let ingested = run_source(build(&registry, "ingest", serde_json::json!({ "paths": [SEEDS] }), base));
    assert!(ingested.rejects.is_empty(), "{:?}", ingested.rejects);
    let normalized = run_stage(&build(&registry, "normalize", serde_json::json!({}), base), ingested.docs);
    let tagged = run_stage(&build(&registry, "tag", serde_json::json!({}), base), normalized.docs);
    assert!(tagged.rejects.is_empty(), "{:?}", tagged.rejects);
    assert_eq!(tagged.docs.len(), 5);

    for doc in &tagged.docs {
        let entities = doc
            .entities
            .iter()
            .map(|e| {
                assert_eq!(&doc.text[e.start..e.end], e.text, "{}: offsets of {e:?}", doc.id);
                Mention {
                    kind: e.kind.as_str(),
                    text: &e.text,
                    start: e.start,
                    end: e.end,
                    canonical: &e.canonical,
                    entity_id: &e.entity_id,
                }
            })
            .collect();
        insta::assert_yaml_snapshot!(doc.id.clone(), Tagged { id: &doc.id, entities });
    }
}
