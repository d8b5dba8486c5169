//! Snapshot of the dedup stage over seeds/, after the stages that run before it (ingest,
//! normalize, tag), plus the pairwise scores of the seeds that the defaults were chosen by.

use copydesk_core::testing::{build, run_source, run_stage};
use copydesk_core::{Document, Registry};
use copydesk_dedup::DedupOptions;
use serde_json::json;

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../seeds");

/// The seeds as dedup sees them in the default pipeline.
fn normalized_seeds() -> Vec<Document> {
    let mut registry = Registry::new();
    copydesk_ingest::register(&mut registry);
    copydesk_normalize::register(&mut registry);
    copydesk_tag::register(&mut registry);
    let base = std::path::Path::new(SEEDS);
    let ingested = run_source(build(&registry, "ingest", json!({"paths": [SEEDS]}), base));
    assert!(ingested.rejects.is_empty(), "{:?}", ingested.rejects);
    let normalized = run_stage(&build(&registry, "normalize", json!({}), base), ingested.docs);
    assert!(normalized.rejects.is_empty(), "{:?}", normalized.rejects);
    run_stage(&build(&registry, "tag", json!({}), base), normalized.docs).docs
}

fn dedup(docs: Vec<Document>) -> Vec<Document> {
    let mut registry = Registry::new();
    copydesk_dedup::register(&mut registry);
    let run = run_stage(&build(&registry, "dedup", json!({}), std::path::Path::new(SEEDS)), docs);
    assert!(run.rejects.is_empty() && run.dropped.is_empty());
    run.docs
}

/// Exact Jaccard and containment of every pair of seeds, with the default shingle size.
fn pair_scores(docs: &[Document]) -> Vec<serde_json::Value> {
    let size = DedupOptions::default().shingle_size;
    let sets: Vec<Vec<u32>> = docs.iter().map(|d| copydesk_dedup::shingles(&d.text, size)).collect();
    let round = |x: f64| (x * 10_000.0).round() / 10_000.0;
    let mut pairs = Vec::new();
    for i in 0..docs.len() {
        for j in i + 1..docs.len() {
            let s = copydesk_dedup::scores(&sets[i], &sets[j]);
            pairs.push(json!({
                "pair": format!("{} {}", &docs[i].id[..3], &docs[j].id[..3]),
                "jaccard": round(s.jaccard),
                "containment": round(s.containment),
            }));
        }
    }
    pairs
}

#[test]
fn seeds() {
    let input = normalized_seeds();
    assert_eq!(input.len(), 5);
    let pairs = pair_scores(&input);
    let docs = dedup(input);

    // What the defaults promise, checked outright as well as in the snapshot.
    let cluster_of = |prefix: &str| {
        let doc = docs.iter().find(|d| d.id.starts_with(prefix)).unwrap();
        doc.dedup.as_ref().unwrap().cluster.clone()
    };
    assert_eq!(cluster_of("002"), docs[2].id);
    assert_eq!(cluster_of("004"), docs[2].id);
    for prefix in ["000", "001", "003"] {
        assert!(cluster_of(prefix).starts_with(prefix), "{prefix} is alone");
    }

    let documents: Vec<serde_json::Value> =
        docs.iter().map(|d| json!({"id": d.id, "dedup": d.dedup})).collect();
    insta::assert_yaml_snapshot!(json!({"documents": documents, "pairs": pairs}));
}
