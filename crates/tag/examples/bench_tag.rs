//! Throughput of the tag stage (model, gazetteer, rules, linking, canonical ids), as
//! `cargo xtask bench tag` runs it: the documents of a JSONL file (`text` field) are split
//! between THREADS threads, each with its own clone of the stage, as the runtime runs workers.
//! Prints one JSON line: tokens (the model's tokens), seconds, tokens/s, peak RSS.
//!
//! usage: bench_tag FILE.jsonl THREADS [ROUNDS]
//!
//! `BENCH_TAG_OPTIONS` sets the stage's options as JSON (`{"model": false}` for the
//! gazetteer-only mode); the output also gives MB/s per thread.

use std::io::BufRead;
use std::path::Path;

use copydesk_core::{Document, Output, Registry};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (file, threads, rounds) = match args.as_slice() {
        [f, t] => (f, t.parse::<usize>().expect("THREADS"), 1),
        [f, t, r] => (f, t.parse().expect("THREADS"), r.parse::<usize>().expect("ROUNDS")),
        _ => {
            eprintln!("usage: bench_tag FILE.jsonl THREADS [ROUNDS]");
            std::process::exit(2);
        }
    };
    let reader = std::io::BufReader::new(std::fs::File::open(file).unwrap_or_else(|e| panic!("{file}: {e}")));
    let texts: Vec<String> = reader
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(&l.expect("line")).expect("JSON");
            v["text"].as_str().unwrap_or("").to_string()
        })
        .collect();
    let (mut tokens, mut sentences) = (Vec::new(), Vec::new());
    let mut total_tokens = 0usize;
    for t in &texts {
        copydesk_tag::ner::tokens::tokenize(t, &mut tokens, &mut sentences);
        total_tokens += tokens.len();
    }
    let options: serde_json::Value = std::env::var("BENCH_TAG_OPTIONS")
        .map(|o| serde_json::from_str(&o).expect("BENCH_TAG_OPTIONS is JSON"))
        .unwrap_or_else(|_| serde_json::json!({}));
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut registry = Registry::new();
    copydesk_tag::register(&mut registry);
    let built = copydesk_core::testing::build(&registry, "tag", options, Path::new("."));
    let copydesk_core::Built::Stage(make) = built else { panic!("tag is a stage") };
    let started = std::time::Instant::now();
    let mut entities = 0usize;
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|w| {
                let texts = &texts;
                let mut worker = make();
                scope.spawn(move || {
                    let mut out = Output::new("tag");
                    let mut found = 0;
                    for _ in 0..rounds {
                        for text in texts.iter().skip(w).step_by(threads) {
                            worker.process(Document::new("d", "bench", text.as_str()), &mut out).unwrap();
                            let (docs, _, _) = out.take();
                            found += docs.iter().map(|d| d.entities.len()).sum::<usize>();
                        }
                    }
                    found
                })
            })
            .collect();
        entities = handles.into_iter().map(|h| h.join().unwrap()).sum();
    });
    let seconds = started.elapsed().as_secs_f64();
    let tokens = total_tokens * rounds;
    let peak_kb = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.split_whitespace().nth(1).unwrap_or("0").parse::<u64>().unwrap_or(0))
        })
        .unwrap_or(0);
    println!(
        "{}",
        serde_json::json!({
            "threads": threads, "documents": texts.len() * rounds, "tokens": tokens, "entities": entities,
            "seconds": seconds, "tokens_per_second": tokens as f64 / seconds, "peak_rss_mb": peak_kb as f64 / 1024.0,
            "mb_per_second_per_thread": (bytes * rounds) as f64 / 1e6 / seconds / threads as f64,
        })
    );
}
