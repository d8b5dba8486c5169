//! `cargo xtask bench`: the benchmarks, each writing a table to stdout and JSON to target/bench/.

use anyhow::{Result, bail};

pub fn run(args: &[String]) -> Result<()> {
    match args.split_first() {
        Some((what, rest)) if what == "tag" => crate::bench_tag::run(rest),
        Some((what, rest)) if what == "dedup" => crate::bench_dedup::run(rest),
        Some((what, rest)) if what == "compare" => crate::bench_compare::run(rest),
        Some((what, rest)) if what == "micro" => {
            // Criterion's own harness: target/criterion/ keeps the history for comparisons.
            let mut bench = crate::cargo();
            bench.args(["bench", "--package", "copydesk-microbench", "--"]).args(rest);
            crate::status(bench)
        }
        Some((what, _)) if !what.starts_with('-') => {
            bail!(
                "usage: cargo xtask bench [tag | dedup | micro] [--quick], or cargo xtask bench compare (OLD [NEW] | --keep NAME)"
            )
        }
        _ => crate::bench_pipeline::run(args),
    }
}

/// How fast this machine is right now, by a fixed workload no copydesk change moves
/// (`crates/microbench/examples/machine_reference.rs`: dependent random reads in a 64 MiB
/// table, a hash over 16 MiB): a VM's speed moves by a third from one day to the next, so
/// figures from different days compare only through it.
pub fn machine_reference() -> Result<serde_json::Value> {
    let reference = crate::json_output(crate::release_example("copydesk-microbench", "machine_reference")?)?;
    eprintln!(
        "machine reference: {} random reads/µs, {} MB/s hashing",
        reference["random_reads_per_us"], reference["mix_mb_per_s"]
    );
    Ok(reference)
}
