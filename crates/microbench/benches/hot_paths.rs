//! The hot paths, one benchmark each, on the sample articles in seeds/ (normalized first, as the
//! pipeline feeds them): tokenising, gazetteer matching (the tag stage without its model),
//! feature extraction and scoring (the tag stage with its model), MinHash signatures (the
//! fingerprint stage), shingling, the normalize stage, and JSON writing (export's record).
//! Throughput is reported in bytes of article text.

use std::path::Path;

use copydesk_core::testing::{build, run_source, run_stage};
use copydesk_core::{Built, Document, Output, Registry};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use serde_json::json;

fn registry() -> Registry {
    let mut registry = Registry::new();
    copydesk_ingest::register(&mut registry);
    copydesk_normalize::register(&mut registry);
    copydesk_tag::register(&mut registry);
    copydesk_dedup::register(&mut registry);
    copydesk_export::register(&mut registry);
    registry
}

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// The seeds as ingest reads them, and as normalize leaves them.
fn seeds(registry: &Registry) -> (Vec<Document>, Vec<Document>) {
    let raw = run_source(build(registry, "ingest", json!({"paths": ["seeds"]}), repo())).docs;
    let normalized = run_stage(&build(registry, "normalize", json!({}), repo()), raw.clone()).docs;
    (raw, normalized)
}

fn text_bytes(docs: &[Document]) -> u64 {
    docs.iter().map(|d| d.text.len() as u64).sum()
}

/// One stage over all the documents, per iteration.
fn bench_stage(c: &mut Criterion, name: &str, built: &Built, docs: &[Document]) {
    let Built::Stage(make) = built else { panic!("{name} is not a document stage") };
    let mut stage = make();
    let mut group = c.benchmark_group("stage");
    group.throughput(Throughput::Bytes(text_bytes(docs)));
    group.bench_function(name, |b| {
        b.iter_batched(
            || docs.to_vec(),
            |docs| {
                let mut out = Output::new("bench");
                for doc in docs {
                    stage.process(doc, &mut out).expect("stage runs");
                }
                out.take()
            },
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

fn hot_paths(c: &mut Criterion) {
    let registry = registry();
    let (raw, normalized) = seeds(&registry);
    let texts: Vec<&str> = normalized.iter().map(|d| d.text.as_str()).collect();
    let bytes = text_bytes(&normalized);

    let mut group = c.benchmark_group("text");
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("tokenise", |b| {
        let (mut tokens, mut sentences) = (Vec::new(), Vec::new());
        b.iter(|| {
            for text in &texts {
                tokens.clear();
                sentences.clear();
                copydesk_tag::ner::tokens::tokenize(text, &mut tokens, &mut sentences);
            }
            tokens.len()
        })
    });
    group.bench_function("shingles", |b| {
        b.iter(|| texts.iter().map(|t| copydesk_dedup::shingles(t, 4).len()).sum::<usize>())
    });
    group.bench_function("json_record", |b| {
        let mut buffer = Vec::with_capacity(1 << 16);
        b.iter(|| {
            buffer.clear();
            for doc in &normalized {
                serde_json::to_writer(&mut buffer, &copydesk_export::Record::new(doc, false))
                    .expect("serializes");
            }
            buffer.len()
        })
    });
    group.finish();

    // The exact check of every pair of the seeds' shingle sets: the end of the stream's checks
    // judge hundreds of thousands of candidate pairs, most of them not copies.
    let sets: Vec<Vec<u32>> = texts.iter().map(|t| copydesk_dedup::shingles(t, 4)).collect();
    let rule = copydesk_dedup::DedupOptions::default().rule();
    let mut group = c.benchmark_group("dedup");
    group.throughput(Throughput::Elements((sets.len() * (sets.len() - 1) / 2) as u64));
    group.bench_function("exact_check", |b| {
        b.iter(|| {
            let mut duplicates = 0;
            for (i, x) in sets.iter().enumerate() {
                for y in &sets[i + 1..] {
                    duplicates += usize::from(rule.judge(x, y).is_some());
                }
            }
            duplicates
        })
    });
    group.finish();

    bench_stage(c, "normalize", &build(&registry, "normalize", json!({}), repo()), &raw);
    bench_stage(
        c,
        "tag_gazetteer_only",
        &build(&registry, "tag", json!({"model": false}), repo()),
        &normalized,
    );
    bench_stage(c, "tag_with_model", &build(&registry, "tag", json!({}), repo()), &normalized);
    bench_stage(c, "fingerprint_minhash", &build(&registry, "fingerprint", json!({}), repo()), &normalized);
}

criterion_group!(benches, hot_paths);
criterion_main!(benches);
