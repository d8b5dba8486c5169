//! Scores the dedup stage against a labelled near-duplicate set (JSON lines with `id`, `text`
//! and `cluster`): adjusted Rand index and pairwise precision/recall of the clusters.
//!
//! ```text
//! cargo run --release -p copydesk-dedup --example eval_bbc -- [--exact] [OPTIONS_JSON] [PATH]
//! ```
//!
//! PATH defaults to `../shared/data/dedup/bbc-syndicated.jsonl` beside the repository, a
//! development set that is not part of it and is absent on most machines; point PATH at your
//! own copy. With `--exact`, every pair is also scored exactly (no LSH), which shows what LSH
//! misses, and a table of how many same-story and different-story pairs each threshold lets
//! through.

use std::collections::BTreeMap;
use std::time::Instant;

use copydesk_core::testing::{build, run_stage};
use copydesk_core::{Document, Registry};
use copydesk_dedup::DedupOptions;

const DEFAULT_PATH: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/dedup/bbc-syndicated.jsonl");

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let exact = args.iter().position(|a| a == "--exact").map(|i| args.remove(i)).is_some();
    let options: serde_json::Value =
        serde_json::from_str(args.first().map_or("{}", String::as_str)).expect("OPTIONS_JSON is not JSON");
    let path = args.get(1).map_or(DEFAULT_PATH, String::as_str);
    let Ok(data) = std::fs::read_to_string(path) else {
        eprintln!(
            "eval_bbc: cannot read {path}: this labelled set is not part of the repository; \
             pass the path of a JSON-lines file with id, text and cluster fields"
        );
        std::process::exit(2);
    };
    let (docs, truth) = parse(&data);
    println!("{} documents, {} true clusters, options {options}", docs.len(), distinct(&truth));

    let mut registry = Registry::new();
    copydesk_dedup::register(&mut registry);
    let stage = build(&registry, "dedup", options.clone(), std::path::Path::new("."));
    let started = Instant::now();
    let run = run_stage(&stage, docs.clone());
    let elapsed = started.elapsed().as_secs_f64();
    let predicted: Vec<String> = run.docs.iter().map(|d| d.dedup.as_ref().unwrap().cluster.clone()).collect();
    println!("stage: {:.0} docs/s ({elapsed:.2} s, one thread)", docs.len() as f64 / elapsed);
    report("stage (LSH)", &truth, &predicted);

    if exact {
        let mut opts = serde_json::to_value(DedupOptions::default()).unwrap();
        for (k, v) in options.as_object().into_iter().flatten() {
            opts[k] = v.clone();
        }
        let opts: DedupOptions = serde_json::from_value(opts).unwrap();
        all_pairs(&docs, &truth, &opts);
    }
}

fn parse(data: &str) -> (Vec<Document>, Vec<String>) {
    let mut docs = Vec::new();
    let mut truth = Vec::new();
    for (i, line) in data.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("line {}: {e}", i + 1));
        let text = |key: &str| match &v[key] {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let mut doc = Document::new(text("id"), format!("line {}", i + 1), text("text"));
        doc.set_seq(i as u64);
        docs.push(doc);
        truth.push(text("cluster"));
    }
    (docs, truth)
}

fn distinct(labels: &[String]) -> usize {
    labels.iter().collect::<std::collections::BTreeSet<_>>().len()
}

fn pairs(n: u64) -> f64 {
    (n * n.saturating_sub(1) / 2) as f64
}

/// ARI and pairwise precision/recall from the contingency table of the two labelings.
fn report(name: &str, truth: &[String], predicted: &[String]) {
    let mut cells: BTreeMap<(&str, &str), u64> = BTreeMap::new();
    let mut rows: BTreeMap<&str, u64> = BTreeMap::new();
    let mut cols: BTreeMap<&str, u64> = BTreeMap::new();
    for (t, p) in truth.iter().zip(predicted) {
        *cells.entry((t, p)).or_default() += 1;
        *rows.entry(t).or_default() += 1;
        *cols.entry(p).or_default() += 1;
    }
    let same_both: f64 = cells.values().map(|&n| pairs(n)).sum();
    let same_truth: f64 = rows.values().map(|&n| pairs(n)).sum();
    let same_pred: f64 = cols.values().map(|&n| pairs(n)).sum();
    let expected = same_truth * same_pred / pairs(truth.len() as u64);
    let ari = (same_both - expected) / (0.5 * (same_truth + same_pred) - expected);
    println!(
        "{name}: ARI {ari:.4}, pairwise precision {:.4}, recall {:.4} ({} predicted clusters)",
        same_both / same_pred,
        same_both / same_truth,
        cols.len()
    );
}

/// Every pair scored exactly: clusters without LSH, and pairs let through per threshold.
fn all_pairs(docs: &[Document], truth: &[String], opts: &DedupOptions) {
    let sets: Vec<Vec<u32>> =
        docs.iter().map(|d| copydesk_dedup::shingles(&d.text, opts.shingle_size)).collect();
    let grid = [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8];
    // [threshold][same story?] counts, for Jaccard and for containment.
    let mut jaccard = vec![[0u64; 2]; grid.len()];
    let mut containment = vec![[0u64; 2]; grid.len()];
    let mut parent: Vec<usize> = (0..docs.len()).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for i in 0..docs.len() {
        for j in i + 1..docs.len() {
            let s = copydesk_dedup::scores(&sets[i], &sets[j]);
            let same = usize::from(truth[i] == truth[j]);
            for (k, &t) in grid.iter().enumerate() {
                jaccard[k][same] += u64::from(s.jaccard >= t);
                containment[k][same] += u64::from(s.containment >= t);
            }
            if s.jaccard >= opts.jaccard || s.containment >= opts.containment {
                let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                parent[a] = b;
            }
        }
    }
    let predicted: Vec<String> = (0..docs.len()).map(|i| find(&mut parent, i).to_string()).collect();
    report("all pairs (no LSH)", truth, &predicted);
    println!("threshold | jaccard: same-story / other pairs passing | containment: same-story / other");
    for (k, t) in grid.iter().enumerate() {
        println!(
            "{t:>9} | {:>7} / {:<7} | {:>7} / {:<7}",
            jaccard[k][1], jaccard[k][0], containment[k][1], containment[k][0]
        );
    }
}
