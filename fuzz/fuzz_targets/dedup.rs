//! Up to 64 documents from any bytes: the parts between '|', a part "#n" a copy of part n (so
//! that exact copies are common), through fingerprint and dedup with two-word shingles. Neither
//! may panic or lose a document (`testing::run_stage` checks), and dedup's `drop` mode must keep
//! exactly the documents its `annotate` mode makes representatives, in order.
#![no_main]

use copydesk_core::{Built, Document, Registry, testing};
use libfuzzer_sys::fuzz_target;
use serde_json::json;

struct Stages {
    fingerprint: Built,
    annotate: Built,
    drop: Built,
}

thread_local! {
    static STAGES: Stages = {
        let mut registry = Registry::new();
        copydesk_dedup::register(&mut registry);
        let dir = std::env::temp_dir().join(format!("copydesk-fuzz-dedup-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let build = |kind: &str, options| testing::build(&registry, kind, options, &dir);
        Stages {
            fingerprint: build("fingerprint", json!({"shingle_size": 2})),
            annotate: build("dedup", json!({"shingle_size": 2})),
            drop: build("dedup", json!({"shingle_size": 2, "mode": "drop"})),
        }
    };
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts: Vec<String> = Vec::new();
    for part in text.split('|').take(64) {
        let copy = part.strip_prefix('#').and_then(|n| n.parse::<usize>().ok()).and_then(|n| parts.get(n));
        parts.push(copy.cloned().unwrap_or_else(|| part.to_string()));
    }
    let docs = parts.iter().enumerate().map(|(i, text)| Document::new(format!("d{i}"), "fuzz", text.clone()));
    STAGES.with(|stages| {
        let fingerprinted = testing::run_stage(&stages.fingerprint, docs.collect()).docs;
        let annotated = testing::run_stage(&stages.annotate, fingerprinted.clone()).docs;
        let kept = testing::run_stage(&stages.drop, fingerprinted).docs;
        let representatives =
            annotated.iter().filter(|d| d.dedup.as_ref().is_none_or(|i| i.duplicate_of.is_none()));
        let representatives: Vec<&str> = representatives.map(|d| d.id.as_str()).collect();
        assert_eq!(representatives, kept.iter().map(|d| d.id.as_str()).collect::<Vec<_>>());
    });
});
