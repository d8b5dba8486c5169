//! `cargo xtask bench`: the benchmarks, each writing a table to stdout and JSON to target/bench/.

use anyhow::{Result, bail};

pub fn run(args: &[String]) -> Result<()> {
    match args.split_first() {
        Some((what, rest)) if what == "tag" => crate::bench_tag::run(rest),
        Some((what, rest)) if what == "dedup" => crate::bench_dedup::run(rest),
        Some((what, rest)) if what == "compare" => crate::bench_compare::run(rest),
        Some((what, rest)) if what == "options" => crate::bench_options::run(rest),
        Some((what, rest)) if what == "micro" => {
            // Criterion's own harness: target/criterion/ keeps the history for comparisons.
            let mut bench = crate::cargo();
            bench.args(["bench", "--package", "copydesk-microbench", "--"]).args(rest);
            crate::status(bench)
        }
        Some((what, _)) if !what.starts_with('-') => {
            bail!(
                "usage: cargo xtask bench [tag | dedup | micro] [--quick], cargo xtask bench compare (OLD [NEW] | --keep NAME), \
                 or cargo xtask bench options [--rounds N]"
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

/// What a bench's figures were measured with, for its JSON: the commit and whether the tree
/// had changes beyond it, the compiler, whether the build used the committed profile, the
/// processor and how many threads the process may use. Each part is null where it cannot be
/// found (no git, no /proc).
pub fn environment() -> serde_json::Value {
    let git = |args: &[&str]| {
        let mut git = std::process::Command::new("git");
        git.args(args).current_dir(crate::root());
        crate::stdout_of(git)
    };
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    serde_json::json!({
        "commit": git(&["rev-parse", "HEAD"]),
        "uncommitted_changes": git(&["status", "--porcelain", "--untracked-files=no"]).map(|s| !s.is_empty()),
        "rustc": crate::rustc_output(&["--version"]),
        "pgo": crate::uses_pgo(),
        "cpu": cpu_model(&cpuinfo),
        "threads": std::thread::available_parallelism().ok().map(|n| n.get()),
    })
}

/// [`environment`] in one line, for a bench's printout.
pub fn environment_line(env: &serde_json::Value) -> String {
    let text = |key: &str| env[key].as_str().unwrap_or("unknown").to_string();
    let short = env["commit"].as_str().map(|c| &c[..c.len().min(12)]);
    let commit = match (short, env["uncommitted_changes"].as_bool()) {
        (Some(c), Some(true)) => format!("{c} with uncommitted changes"),
        (Some(c), _) => c.to_string(),
        (None, _) => "no git commit".into(),
    };
    let profile =
        if env["pgo"].as_bool() == Some(true) { "with the committed profile" } else { "without a profile" };
    let threads = env["threads"].as_u64().map_or("unknown".into(), |n| n.to_string());
    format!("{commit}, {}, {profile}; {}, {threads} threads", text("rustc"), text("cpu"))
}

/// The median (of the two middle values when there are an even number); NaN of none.
pub(crate) fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// `value` to `places` places, or "n/a" for a figure the run reports did not give (NaN).
pub(crate) fn figure(value: f64, places: usize) -> String {
    if value.is_nan() { "n/a".into() } else { format!("{value:.places$}") }
}

/// Times of runs in turn, summed up: their median and range.
#[derive(Debug, PartialEq)]
pub(crate) struct Spread {
    pub median: f64,
    pub min: f64,
    pub max: f64,
}

impl Spread {
    pub(crate) fn of(values: &[f64]) -> Spread {
        let min = values.iter().copied().fold(f64::INFINITY, f64::min);
        let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        Spread { median: median(values), min, max }
    }

    /// "median (min-max)", in seconds to `places` places.
    pub(crate) fn text(&self, places: usize) -> String {
        format!("{:.places$} ({:.places$}-{:.places$})", self.median, self.min, self.max)
    }

    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::json!({"median": self.median, "min": self.min, "max": self.max})
    }
}

/// The first `model name` of /proc/cpuinfo's text.
fn cpu_model(cpuinfo: &str) -> Option<&str> {
    cpuinfo.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        (key.trim() == "model name").then(|| value.trim())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_processor_is_cpuinfos_first_model_name() {
        let text =
            "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\nmodel name\t: other\n";
        assert_eq!(cpu_model(text), Some("AMD EPYC 7B13"));
        assert_eq!(cpu_model("processor\t: 0\n"), None);
    }

    #[test]
    fn the_environment_names_the_commit_compiler_and_threads() {
        let env = environment();
        // A commit where the sources are a git checkout (null in an unpacked archive).
        match env["commit"].as_str() {
            Some(commit) => {
                assert!(commit.len() == 40 && commit.bytes().all(|b| b.is_ascii_hexdigit()), "{commit}");
                assert!(env["uncommitted_changes"].is_boolean());
            }
            None => assert!(env["commit"].is_null() && env["uncommitted_changes"].is_null()),
        }
        assert!(env["rustc"].as_str().is_some_and(|v| v.starts_with("rustc ")), "{env}");
        assert!(env["threads"].as_u64().is_some_and(|n| n >= 1));
    }

    #[test]
    fn the_environment_reads_as_one_line() {
        let env = serde_json::json!({
            "commit": "0123456789abcdef0123456789abcdef01234567", "uncommitted_changes": true,
            "rustc": "rustc 1.95.0", "pgo": true, "cpu": "AMD EPYC", "threads": 2,
        });
        assert_eq!(
            environment_line(&env),
            "0123456789ab with uncommitted changes, rustc 1.95.0, with the committed profile; AMD EPYC, 2 threads"
        );
        let bare = serde_json::json!({"commit": null, "uncommitted_changes": null, "rustc": null, "pgo": false,
            "cpu": null, "threads": null});
        assert_eq!(
            environment_line(&bare),
            "no git commit, unknown, without a profile; unknown, unknown threads"
        );
    }
}
