//! `cargo xtask bench dedup [--quick]`: the dedup stage's speed and memory at scale, and
//! datatrove's MinHash dedup beside ours on the labelled dev set.
//!
//! 1. Writes the BBC articles of ../shared/data/news to target/bench/bbc.jsonl and runs
//!    `examples/bench_dedup.rs` (fingerprint on two threads + dedup, in-process) at 100,000 and
//!    1,000,000 generated documents (10,000 and 100,000 with `--quick`), and at 30,000 reprints
//!    of 5 stories, each edited a little (6,000 with `--quick`).
//! 2. Runs our pipeline on ../shared/data/dedup/bbc-syndicated.jsonl (`cargo xtask eval-dedup`).
//! 3. Runs datatrove's MinHash dedup with its defaults on the same file (`bench_dedup.py`,
//!    from a virtual environment that `python.rs` makes the first time), and prints how many
//!    times faster our run is.
//!
//! Results go to stdout and target/bench/dedup.json.

use anyhow::{Result, bail};

pub fn run(args: &[String]) -> Result<()> {
    let quick = match args {
        [] => false,
        [flag] if flag == "--quick" => true,
        _ => bail!("usage: cargo xtask bench dedup [--quick]"),
    };
    let bench = crate::root().join("target/bench");
    std::fs::create_dir_all(&bench)?;
    let bbc = bench.join("bbc.jsonl");
    crate::corpus::write_jsonl(&bbc, &crate::corpus::bbc()?)?;

    let sizes: &[usize] = if quick { &[10_000, 100_000] } else { &[100_000, 1_000_000] };
    let mut runs = Vec::new();
    // The harness (`crates/dedup/examples/bench_dedup.rs`) on the BBC articles; its JSON line.
    let harness = |args: &[String]| -> Result<serde_json::Value> {
        let mut example = crate::release_example("copydesk-dedup", "bench_dedup")?;
        example.arg(&bbc).args(args);
        crate::json_output(example)
    };
    for &n in sizes {
        let run = harness(&[n.to_string()])?;
        println!(
            "{n:>9} documents: {:>8.0} docs/s ({:.1} s, finish {:.1} s; {:.1} µs of CPU a document), index {:.0} bytes/doc, peak RSS {} MB ({} MB before finish)",
            run["docs_per_second"].as_f64().unwrap_or_default(),
            run["seconds"].as_f64().unwrap_or_default(),
            run["finish_seconds"].as_f64().unwrap_or_default(),
            run["cpu_microseconds_per_doc"].as_f64().unwrap_or_default(),
            run["index_bytes_per_doc"].as_f64().unwrap_or_default(),
            run["peak_rss_mb"],
            run["peak_rss_mb_before_finish"],
        );
        runs.push(run);
    }
    let time = |r: &serde_json::Value| r["seconds"].as_f64().unwrap_or(f64::NAN);
    let growth = time(&runs[1]) / time(&runs[0]);
    println!("time grows {growth:.1}x for 10x the documents");

    // One wire story reprinted thousands of times, each copy edited a little: about one exact
    // check a copy, not one a pair of copies.
    let (copies, stories) = if quick { (6_000, 5) } else { (30_000, 5) };
    let syndicated = harness(&[copies.to_string(), "7".into(), "--stories".into(), stories.to_string()])?;
    let number = |key: &str| syndicated[key].as_f64().unwrap_or(f64::NAN);
    let checks = number("candidate_pairs_checked") + number("candidate_pairs_checked_in_window");
    println!(
        "{copies:>9} reprints of {stories} stories: {:.1} s (finish {:.2} s), {} clusters, {checks:.0} exact checks ({:.2} a document), peak RSS {} MB",
        number("seconds"),
        number("finish_seconds"),
        copies as f64 - number("duplicates"),
        checks / copies as f64,
        syndicated["peak_rss_mb"],
    );

    let dev = crate::corpus::data_path("dedup/bbc-syndicated.jsonl")?;
    println!("\nours on {}:", dev.display());
    let ours = crate::eval_dedup::run(&[dev.display().to_string()])?;

    let datatrove = match crate::python::datatrove(&dev, &bench.join("datatrove"), 0) {
        Ok(result) => {
            let seconds = result["seconds"].as_f64().unwrap_or(f64::NAN);
            println!(
                "\ndatatrove MinHash (defaults: {}): ARI {:.4}  precision {:.4}  recall {:.4}  F1 {:.4}  time {seconds:.2} s; our whole run is {:.0}× faster",
                result["config"].as_str().unwrap_or_default(),
                result["ari"].as_f64().unwrap_or_default(),
                result["precision"].as_f64().unwrap_or_default(),
                result["recall"].as_f64().unwrap_or_default(),
                result["f1"].as_f64().unwrap_or_default(),
                seconds / ours,
            );
            result
        }
        Err(err) => {
            println!("\ndatatrove comparison skipped: {err:#}");
            serde_json::Value::Null
        }
    };
    let json = serde_json::json!({
        "environment": crate::bench::environment(), "runs": runs, "growth": growth, "syndicated": syndicated,
        "datatrove": datatrove,
    });
    std::fs::write(bench.join("dedup.json"), serde_json::to_string_pretty(&json)?)?;
    Ok(())
}
