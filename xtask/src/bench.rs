//! `cargo xtask bench`: the benchmarks, each writing a table to stdout and JSON to target/bench/.

use anyhow::{Result, bail};

pub fn run(args: &[String]) -> Result<()> {
    match args.split_first() {
        Some((what, rest)) if what == "tag" => crate::bench_tag::run(rest),
        Some((what, rest)) if what == "dedup" => crate::bench_dedup::run(rest),
        Some((what, rest)) if what == "micro" => {
            // Criterion's own harness: target/criterion/ keeps the history for comparisons.
            let mut bench = crate::cargo();
            bench.args(["bench", "--package", "copydesk-microbench", "--"]).args(rest);
            crate::status(bench)
        }
        Some((what, _)) if !what.starts_with('-') => {
            bail!("usage: cargo xtask bench [tag | dedup | micro] [--quick]")
        }
        _ => crate::bench_pipeline::run(args),
    }
}
