//! The dedup benchmark harness, run by `cargo xtask bench dedup`: N news-length documents made
//! by seeded edits of real BBC articles, through the fingerprint stage on two threads and the
//! dedup stage on a third, concurrently, as the runtime runs `workers: 2` and `workers: 1`
//! (dedup gets the documents in input order, spools them, and releases them from `finish` in
//! chunks, which are dropped here in place of export). Timed in-process.
//!
//! ```text
//! cargo run --release -p copydesk-dedup --example bench_dedup -- BBC.jsonl N [SEED] [--stories K]
//! ```
//!
//! With `--stories K`, every document is instead an edited copy of one of K stories (a word
//! changed in one to three places, and a new lead, a dropped paragraph or a trimmed end in some):
//! a wire story reprinted thousands of times, which must cost about one check a copy.
//!
//! BBC.jsonl holds the BBC articles (`cargo xtask bench dedup` writes it from ../shared/data).
//! Each generated document is either a new story — a BBC article whose word types are mostly
//! swapped for other words of the corpus (75% of types, fixed per story), so stories are as
//! different from each other as real ones while keeping real lengths and word frequencies — or
//! (30%) an edited copy of one of the last 1,000 stories: a new lead, a dropped paragraph, a
//! trimmed end, or an inserted paragraph. Generation is not timed (documents are made a batch at a
//! time, between timed runs of the stages). Prints one JSON line; `index_bytes_per_doc` is the
//! stage's own count of its in-memory index (`Dedup::index_bytes`: allocated capacity of the LSH
//! columns, union-find, per-document metadata, exact-text map and boilerplate counts) before
//! `finish`, over N.

use std::time::{Duration, Instant};

use copydesk_core::{Document, Output, Stage};
use copydesk_dedup::{Dedup, DedupOptions};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let stories = match args.iter().position(|a| a == "--stories") {
        Some(at) => {
            let k = args.get(at + 1).and_then(|k| k.parse::<usize>().ok()).filter(|&k| k > 0);
            args.drain(at..(at + 2).min(args.len()));
            Some(k.unwrap_or_else(|| {
                eprintln!("--stories takes a number of stories");
                std::process::exit(2);
            }))
        }
        None => None,
    };
    let (Some(path), Some(n)) = (args.first(), args.get(1).and_then(|n| n.parse::<usize>().ok())) else {
        eprintln!("usage: bench_dedup BBC.jsonl N [SEED] [--stories K]");
        std::process::exit(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(42u64);
    let articles: Vec<Vec<String>> = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("BBC.jsonl line is not JSON");
            v["text"].as_str().unwrap_or_default().split("\n\n").map(str::to_string).collect()
        })
        .collect();
    let vocabulary: Vec<&str> = {
        let mut words: Vec<&str> = articles.iter().flatten().flat_map(|p| p.split_whitespace()).collect();
        words.sort_unstable();
        words.dedup();
        words
    };

    let registry = {
        let mut r = copydesk_core::Registry::new();
        copydesk_dedup::register(&mut r);
        r
    };
    let fingerprint = copydesk_core::testing::build(
        &registry,
        "fingerprint",
        serde_json::json!({}),
        std::path::Path::new("."),
    );
    let copydesk_core::Built::Stage(make) = &fingerprint else { unreachable!() };
    let mut workers = [make(), make()];
    let mut dedup = Dedup::new(DedupOptions::default());

    let mut rng = Rng(seed);
    let mut recent: Vec<String> = Vec::new();
    let syndicated: Vec<String> =
        (0..stories.unwrap_or(0)).map(|_| story(&mut rng, &articles, &vocabulary)).collect();
    let (mut generating, mut working) = (Duration::ZERO, Duration::ZERO);
    // Processor time of the timed parts, all threads: what the stage costs whatever else the
    // machine is doing (generation runs between timed parts, on the main thread).
    let mut cpu = 0.0;
    let mut bytes = 0usize;
    // Time each thread spent in its stage (not waiting on a channel): fingerprint workers, dedup.
    let mut busy = Busy::default();
    const BATCH: usize = 16384;
    let mut made = 0;
    while made < n {
        let started = Instant::now();
        let batch: Vec<Document> = (made..n.min(made + BATCH))
            .map(|i| {
                let text = if syndicated.is_empty() {
                    next_text(&mut rng, &articles, &vocabulary, &mut recent)
                } else {
                    reprint(&mut rng, &syndicated, &vocabulary)
                };
                bytes += text.len();
                let mut doc = Document::new(format!("doc{i:07}"), "bench", text);
                doc.set_seq(i as u64);
                doc
            })
            .collect();
        made += batch.len();
        generating += started.elapsed();

        let started = Instant::now();
        let cpu_before = cpu_seconds();
        pipeline(&mut workers, &mut dedup, batch, &mut busy);
        cpu += cpu_seconds() - cpu_before;
        working += started.elapsed();
    }
    let index_bytes = dedup.index_bytes();
    let spool_bytes = dedup.spool_bytes();
    let window_bytes = dedup.window_bytes();
    let rss_before_finish = peak_rss_kb();
    let started = Instant::now();
    let cpu_before = cpu_seconds();
    let mut out = Output::new("dedup");
    let (mut released, mut duplicates) = (0, 0);
    loop {
        dedup.finish(&mut out).expect("finish failed");
        let (docs, _, _) = out.take();
        released += docs.len();
        duplicates +=
            docs.iter().filter(|d| d.dedup.as_ref().is_some_and(|i| i.duplicate_of.is_some())).count();
        if !dedup.more_to_finish() {
            break;
        }
    }
    working += started.elapsed();
    let finish_cpu = cpu_seconds() - cpu_before;
    cpu += finish_cpu;
    assert_eq!(released, n, "every document comes back");
    let counters = out.take_counters();
    let stats = dedup.cluster_stats();
    println!(
        "{}",
        serde_json::json!({
            "documents": n,
            "mean_words": bytes as f64 / n as f64 / 6.0,
            "seconds": working.as_secs_f64(),
            "finish_seconds": started.elapsed().as_secs_f64(),
            "docs_per_second": n as f64 / working.as_secs_f64(),
            "generate_seconds": generating.as_secs_f64(),
            "cpu_seconds": cpu,
            "finish_cpu_seconds": finish_cpu,
            "cpu_microseconds_per_doc": cpu * 1e6 / n as f64,
            "fingerprint_busy_seconds": [busy.fingerprint[0].as_secs_f64(), busy.fingerprint[1].as_secs_f64()],
            "dedup_busy_seconds_before_finish": busy.dedup.as_secs_f64(),
            "duplicates": duplicates,
            "boilerplate_texts": counters.get("boilerplate_texts").copied().unwrap_or(0),
            "candidate_pairs_reported": stats.reported,
            "candidate_pairs_checked": stats.checked,
            "pairs_joined": stats.joined,
            "largest_bucket": stats.largest_bucket,
            "finish_boilerplate_checks_representatives_seconds": stats.seconds,
            "buckets_by_size_log2": stats.buckets,
            "index_bytes_per_doc": index_bytes as f64 / n as f64,
            "spool_bytes_per_doc": spool_bytes as f64 / n as f64,
            "window_mb": window_bytes as f64 / 1e6,
            "candidate_pairs_checked_in_window": stats.checked_in_window,
            "peak_rss_mb_before_finish": rss_before_finish / 1024,
            "peak_rss_mb": peak_rss_kb() / 1024,
        })
    );
}

#[derive(Default)]
struct Busy {
    fingerprint: [Duration; 2],
    dedup: Duration,
}

/// One batch through fingerprint (two threads, alternate chunks) and dedup (a third thread,
/// taking the chunks back in order), concurrently, over bounded channels as in the runtime.
fn pipeline(workers: &mut [Box<dyn Stage>; 2], dedup: &mut Dedup, batch: Vec<Document>, busy: &mut Busy) {
    const CHUNK: usize = 64;
    let mut chunks: [Vec<Vec<Document>>; 2] = [Vec::new(), Vec::new()];
    let mut docs = batch.into_iter().peekable();
    let mut k = 0;
    while docs.peek().is_some() {
        chunks[k % 2].push(docs.by_ref().take(CHUNK).collect());
        k += 1;
    }
    let total = k;
    let [w0, w1] = workers;
    let Busy { fingerprint: [b0, b1], dedup: dedup_busy } = busy;
    std::thread::scope(|s| {
        let mut receivers = Vec::new();
        for ((worker, chunks), busy) in [w0, w1].into_iter().zip(chunks).zip([b0, b1]) {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Document>>(8);
            receivers.push(rx);
            let worker_thread = std::thread::Builder::new().name("fingerprint".into());
            _ = worker_thread.spawn_scoped(s, move || {
                for chunk in chunks {
                    let started = Instant::now();
                    let done = run(worker.as_mut(), chunk);
                    *busy += started.elapsed();
                    if tx.send(done).is_err() {
                        return;
                    }
                }
            });
        }
        // Named, so a profiler can tell the dedup thread from the fingerprint workers.
        let dedup_thread = std::thread::Builder::new().name("dedup".into());
        _ = dedup_thread.spawn_scoped(s, move || {
            let mut out = Output::new("dedup");
            for k in 0..total {
                let chunk = receivers[k % 2].recv().expect("a fingerprint worker died");
                let started = Instant::now();
                for doc in chunk {
                    dedup.process(doc, &mut out).expect("dedup failed");
                }
                *dedup_busy += started.elapsed();
            }
        });
    });
}

fn run(stage: &mut dyn Stage, docs: Vec<Document>) -> Vec<Document> {
    let mut out = Output::new("fingerprint");
    for doc in docs {
        stage.process(doc, &mut out).expect("fingerprint failed");
    }
    out.take().0
}

fn next_text(
    rng: &mut Rng,
    articles: &[Vec<String>],
    vocabulary: &[&str],
    recent: &mut Vec<String>,
) -> String {
    if !recent.is_empty() && rng.below(10) < 3 {
        let base = &recent[rng.below(recent.len())];
        let mut paragraphs: Vec<String> = base.split("\n\n").map(str::to_string).collect();
        match rng.below(4) {
            0 => paragraphs.insert(0, "Updated with reaction from officials.".to_string()),
            1 if paragraphs.len() > 2 => _ = paragraphs.remove(rng.below(paragraphs.len())),
            2 => paragraphs.truncate((paragraphs.len() * 2).div_ceil(3)),
            _ => {
                let other = &articles[rng.below(articles.len())];
                let at = rng.below(paragraphs.len() + 1);
                paragraphs.insert(at, other[rng.below(other.len())].clone());
            }
        }
        return paragraphs.join("\n\n");
    }
    let text = story(rng, articles, vocabulary);
    if recent.len() == 1000 {
        recent[rng.below(1000)] = text.clone();
    } else {
        recent.push(text.clone());
    }
    text
}

/// A new story: a BBC article with most of its word types swapped for other words of the corpus.
fn story(rng: &mut Rng, articles: &[Vec<String>], vocabulary: &[&str]) -> String {
    let article = &articles[rng.below(articles.len())];
    let story = rng.next();
    article
        .iter()
        .map(|p| {
            p.split_whitespace()
                .map(|w| {
                    let h = xxhash_rust::xxh3::xxh3_64_with_seed(w.as_bytes(), story);
                    if h.is_multiple_of(4) { w } else { vocabulary[(h >> 8) as usize % vocabulary.len()] }
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// A reprint of one of `stories`, as outlets edit a wire story: a word changed in one to three
/// places, and in some a new lead, a dropped paragraph or a trimmed end.
fn reprint(rng: &mut Rng, stories: &[String], vocabulary: &[&str]) -> String {
    let mut paragraphs: Vec<Vec<&str>> =
        stories[rng.below(stories.len())].split("\n\n").map(|p| p.split(' ').collect()).collect();
    for _ in 0..1 + rng.below(3) {
        let p = rng.below(paragraphs.len());
        let at = rng.below(paragraphs[p].len());
        paragraphs[p][at] = vocabulary[rng.below(vocabulary.len())];
    }
    match rng.below(8) {
        0 => paragraphs[0] = vec!["Updated", "with", "reaction", "from", "officials."],
        1 if paragraphs.len() > 2 => _ = paragraphs.remove(rng.below(paragraphs.len())),
        2 => paragraphs.truncate((paragraphs.len() * 2).div_ceil(3)),
        _ => {}
    }
    paragraphs.iter().map(|p| p.join(" ")).collect::<Vec<_>>().join("\n\n")
}

/// Processor time this process has used (user + system, all threads), in seconds; 0 where
/// /proc is absent. Clock ticks are 1/100 s on Linux.
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // The fields after the command name (which is in parentheses and may hold spaces).
            let fields: Vec<&str> = s.rsplit_once(')')?.1.split_whitespace().collect();
            let ticks = |i: usize| fields.get(i)?.parse::<f64>().ok();
            Some((ticks(11)? + ticks(12)?) / 100.0)
        })
        .unwrap_or(0.0)
}

/// Peak resident memory of this process (VmHWM), in KiB; 0 where /proc is absent.
fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}
