//! `cargo xtask bench compare`: two copydesk binaries over the bench news (or, with `--enlarged
//! MB`, the bench's enlarged corpus of that size), taking turns round by round, with their median
//! times and whether they wrote the same files.
//!
//! This machine's speed moves by a fifth within an hour, so a change is judged by runs of the old
//! and the new binary in turn, never by two benches an hour apart: each round runs both, the
//! order swapped every round (old, new; new, old; …) so that neither always runs first after the
//! other has warmed the page cache. The runs are those of `cargo xtask bench` (the default
//! `pipeline.yaml`, gazetteer-only and with the model, `sync` before each), and after the last
//! round the two runs' files are compared byte for byte: a speed change is only worth reading
//! beside "same output".

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use crate::bench_pipeline::{Variant, run_binary};

const USAGE: &str = "usage: cargo xtask bench compare --keep NAME\n       \
                     cargo xtask bench compare OLD [NEW] [--rounds N] [--gazetteer-only | --model-only] [--enlarged MB]";
/// Rounds by default: one run moves by 10-20%, and seven in turn put a median beside its spread.
const ROUNDS: usize = 7;

/// What `bench compare` was asked to do.
#[derive(Debug, PartialEq)]
enum Request {
    /// Build the working tree's binary and keep a copy by this name.
    Keep(String),
    Compare(Comparison),
}

/// Two binaries to run in turn, and on what.
#[derive(Debug, PartialEq)]
struct Comparison {
    old: String,
    /// None: the working tree's release build.
    new: Option<String>,
    rounds: usize,
    variants: Vec<Which>,
    /// The bench's enlarged corpus of this many MB instead of the bench news.
    enlarged: Option<u64>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Which {
    GazetteerOnly,
    WithModel,
}

impl Which {
    fn label(self) -> &'static str {
        match self {
            Which::GazetteerOnly => "gazetteer-only",
            Which::WithModel => "with the model",
        }
    }

    fn variant(self) -> Variant {
        match self {
            Which::GazetteerOnly => Variant::GazetteerOnly,
            Which::WithModel => Variant::Default,
        }
    }

    fn run_name(self, side: &str) -> String {
        let which = match self {
            Which::GazetteerOnly => "gazetteer",
            Which::WithModel => "model",
        };
        format!("compare-{side}-{which}")
    }
}

fn parse(args: &[String]) -> Result<Request> {
    let mut positional = Vec::new();
    let mut rounds = ROUNDS;
    let mut keep = None;
    let mut variants = vec![Which::GazetteerOnly, Which::WithModel];
    let mut enlarged = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--rounds" => {
                let value = args.next().with_context(|| format!("--rounds needs a number\n{USAGE}"))?;
                rounds = value
                    .parse()
                    .ok()
                    .filter(|&n| n > 0)
                    .with_context(|| format!("--rounds must be a whole number above 0, not `{value}`"))?;
            }
            "--keep" => {
                keep = Some(args.next().with_context(|| format!("--keep needs a name\n{USAGE}"))?.clone());
            }
            "--enlarged" => {
                let value = args.next().with_context(|| format!("--enlarged needs a size in MB\n{USAGE}"))?;
                let mb = value.parse::<u64>().ok().filter(|&mb| mb > 0);
                enlarged = Some(
                    mb.with_context(|| format!("--enlarged takes a size in MB above 0, not `{value}`"))?,
                );
            }
            "--gazetteer-only" => variants = vec![Which::GazetteerOnly],
            "--model-only" => variants = vec![Which::WithModel],
            other if other.starts_with('-') => bail!("unknown option `{other}`\n{USAGE}"),
            _ => positional.push(arg.clone()),
        }
    }
    match (keep, positional.as_slice()) {
        (Some(name), []) => {
            if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
                bail!("--keep takes a plain name (no `/`, not starting with `.`), not `{name}`");
            }
            Ok(Request::Keep(name))
        }
        (Some(_), _) => bail!("--keep takes no binaries to compare\n{USAGE}"),
        (None, [old, new @ ..]) if new.len() <= 1 => Ok(Request::Compare(Comparison {
            old: old.clone(),
            new: new.first().cloned(),
            rounds,
            variants,
            enlarged,
        })),
        (None, _) => bail!("name one or two binaries to compare\n{USAGE}"),
    }
}

/// Where kept binaries live.
fn kept_dir() -> PathBuf {
    crate::root().join("target/bench/binaries")
}

/// `name` as a binary: a path to a file, else a binary kept by that name.
fn resolve(name: &str, kept: &Path) -> Result<PathBuf> {
    let path = Path::new(name);
    if path.is_file() {
        return Ok(path.to_path_buf());
    }
    let in_kept = kept.join(name);
    if !name.contains('/') && in_kept.is_file() {
        return Ok(in_kept);
    }
    let mut names: Vec<String> = std::fs::read_dir(kept)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let kept_list = if names.is_empty() { "none".to_string() } else { names.join(", ") };
    bail!(
        "`{name}` is neither a file nor a kept binary (kept in {}: {kept_list}); keep the working \
         tree's build with `cargo xtask bench compare --keep NAME`",
        kept.display()
    )
}

pub fn run(args: &[String]) -> Result<()> {
    let Comparison { old, new, rounds, variants, enlarged } = match parse(args)? {
        Request::Keep(name) => {
            let built = crate::build_release_binary()?;
            std::fs::create_dir_all(kept_dir())?;
            let kept = kept_dir().join(&name);
            std::fs::copy(&built, &kept)
                .with_context(|| format!("cannot copy {} to {}", built.display(), kept.display()))?;
            println!("kept {} as {}", built.display(), kept.display());
            return Ok(());
        }
        Request::Compare(comparison) => comparison,
    };
    let old = resolve(&old, &kept_dir())?;
    let new = new.map(|new| resolve(&new, &kept_dir())).transpose()?;
    // The corpus first: without ../shared/data this stops, with its message, before a build.
    let bench = crate::root().join("target/bench");
    let inputs = corpus(&bench, enlarged)?;
    let new = match new {
        Some(new) => new,
        None => crate::build_release_binary()?,
    };
    let binaries = [&old, &new];
    let mut results = Vec::new();
    for which in variants {
        let mut times: [Vec<Sample>; 2] = [Vec::new(), Vec::new()];
        for round in 0..rounds {
            for side in turn_order(round) {
                let name = which.run_name(["old", "new"][side]);
                let (report, wall) = run_binary(binaries[side], &bench, &name, &inputs, which.variant())?;
                let totals = &report["totals"];
                let processor = totals["user_seconds"].as_f64().unwrap_or(f64::NAN)
                    + totals["system_seconds"].as_f64().unwrap_or(f64::NAN);
                times[side].push(Sample { wall, processor });
            }
        }
        let differing = differing_files(
            &bench.join(format!("run-{}/out", which.run_name("old"))),
            &bench.join(format!("run-{}/out", which.run_name("new"))),
        )?;
        results.push(Compared::new(which, &times[0], &times[1], differing));
        if enlarged.is_some() {
            // An enlarged corpus's output is hundreds of MB a run: its reports stay.
            for side in ["old", "new"] {
                crate::bench_pipeline::remove_files(
                    &bench.join(format!("run-{}/out", which.run_name(side))),
                    Some("report.json"),
                )?;
            }
        }
    }

    let on = match enlarged {
        Some(mb) => format!("the bench's enlarged corpus of {mb} MB"),
        None => "the bench news (Reuters + BBC + AG News)".into(),
    };
    let plural = if rounds == 1 { "" } else { "s" };
    println!("old: {}\nnew: {}\n{rounds} round{plural} in turn on {on}", old.display(), new.display());
    println!(
        "{:<16} {:>22} {:>22} {:>8} {:>11} {:>20}  output",
        "run", "old s (min-max)", "new s (min-max)", "change", "new faster", "processor s old→new"
    );
    for r in &results {
        println!("{}", r.row(rounds));
    }
    let out = json!({
        "old": old.display().to_string(),
        "new": new.display().to_string(),
        "rounds": rounds,
        "corpus_mb": enlarged,
        "runs": results.iter().map(Compared::json).collect::<Vec<Value>>(),
    });
    std::fs::write(bench.join("compare.json"), serde_json::to_string_pretty(&out)? + "\n")?;
    println!("written to {}", bench.join("compare.json").display());
    Ok(())
}

/// The bench news's three files, or the bench's enlarged corpus of `enlarged` MB (made from
/// them as `cargo xtask bench` makes it, if it is not there yet).
fn corpus(bench: &Path, enlarged: Option<u64>) -> Result<Vec<PathBuf>> {
    let dir = bench.join("corpus");
    let written = crate::corpus::write_all(&dir)?;
    let Some(mb) = enlarged else {
        return Ok(written.into_iter().map(|(path, _)| path).collect());
    };
    let path = dir.join(crate::enlarge::file_name(mb));
    if !path.exists() {
        let base: Vec<crate::corpus::Article> =
            written.into_iter().flat_map(|(_, articles)| articles).collect();
        crate::enlarge::write(&path, &base, mb * 1_000_000, crate::enlarge::BENCH_SEED)?;
    }
    Ok(vec![path])
}

/// Which binary runs first in `round` (0 old, 1 new): old first in even rounds, new first in odd.
fn turn_order(round: usize) -> [usize; 2] {
    if round.is_multiple_of(2) { [0, 1] } else { [1, 0] }
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Sample {
    wall: f64,
    processor: f64,
}

/// One variant's runs, summed up.
#[derive(Debug, PartialEq)]
struct Compared {
    which: Which,
    old: Spread,
    new: Spread,
    old_processor: f64,
    new_processor: f64,
    /// In how many rounds the new binary took less wall time than the old.
    new_faster: usize,
    /// The output files that differ (by name), empty when every file is the same.
    differing: Vec<String>,
}

#[derive(Debug, PartialEq)]
struct Spread {
    median: f64,
    min: f64,
    max: f64,
}

/// The median (of the two middle values when there are an even number); NaN of none.
fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

impl Spread {
    fn of(values: &[f64]) -> Spread {
        let min = values.iter().copied().fold(f64::INFINITY, f64::min);
        let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        Spread { median: median(values), min, max }
    }
}

impl Compared {
    fn new(which: Which, old: &[Sample], new: &[Sample], differing: Vec<String>) -> Compared {
        let walls = |s: &[Sample]| s.iter().map(|s| s.wall).collect::<Vec<_>>();
        let processor = |s: &[Sample]| median(&s.iter().map(|s| s.processor).collect::<Vec<_>>());
        Compared {
            which,
            old: Spread::of(&walls(old)),
            new: Spread::of(&walls(new)),
            old_processor: processor(old),
            new_processor: processor(new),
            new_faster: old.iter().zip(new).filter(|(o, n)| n.wall < o.wall).count(),
            differing,
        }
    }

    fn change(&self) -> f64 {
        self.new.median / self.old.median - 1.0
    }

    fn output(&self) -> String {
        if self.differing.is_empty() {
            "same".into()
        } else {
            format!("DIFFERS: {}", self.differing.join(", "))
        }
    }

    fn row(&self, rounds: usize) -> String {
        let spread = |s: &Spread| format!("{:.3} ({:.3}-{:.3})", s.median, s.min, s.max);
        format!(
            "{:<16} {:>22} {:>22} {:>+7.1}% {:>11} {:>20}  {}",
            self.which.label(),
            spread(&self.old),
            spread(&self.new),
            100.0 * self.change(),
            format!("{} of {rounds}", self.new_faster),
            format!("{:.2} → {:.2}", self.old_processor, self.new_processor),
            self.output()
        )
    }

    fn json(&self) -> Value {
        let spread = |s: &Spread| json!({"median": s.median, "min": s.min, "max": s.max});
        json!({
            "run": self.which.label(),
            "old_wall_seconds": spread(&self.old),
            "new_wall_seconds": spread(&self.new),
            "change": self.change(),
            "new_faster_rounds": self.new_faster,
            "old_processor_seconds": self.old_processor,
            "new_processor_seconds": self.new_processor,
            "same_output": self.differing.is_empty(),
            "differing_files": self.differing,
        })
    }
}

/// The files of two runs' output directories that are not the same bytes (or are in one only),
/// by name, sorted; the run report (its timings differ every run) is left out.
fn differing_files(a: &Path, b: &Path) -> Result<Vec<String>> {
    let names = |dir: &Path| -> Result<Vec<String>> {
        let mut names = Vec::new();
        for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.file_type()?.is_file() && name != "report.json" {
                names.push(name);
            }
        }
        Ok(names)
    };
    let mut all = names(a)?;
    all.extend(names(b)?);
    all.sort();
    all.dedup();
    let mut differing = Vec::new();
    for name in all {
        if !same_bytes(&a.join(&name), &b.join(&name)) {
            differing.push(name);
        }
    }
    Ok(differing)
}

/// Whether two files hold the same bytes, read a megabyte at a time (an enlarged corpus's files
/// are hundreds of MB); false if either cannot be read.
fn same_bytes(a: &Path, b: &Path) -> bool {
    use std::io::Read;
    let (Ok(mut x), Ok(mut y)) = (std::fs::File::open(a), std::fs::File::open(b)) else {
        return false;
    };
    match (x.metadata(), y.metadata()) {
        (Ok(m), Ok(n)) if m.len() == n.len() => {}
        _ => return false,
    }
    let (mut p, mut q) = (vec![0; 1 << 20], vec![0; 1 << 20]);
    loop {
        let Ok(n) = x.read(&mut p) else { return false };
        if n == 0 {
            // The lengths are the same, so `y` is at its end too.
            return true;
        }
        if y.read_exact(&mut q[..n]).is_err() || p[..n] != q[..n] {
            return false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("copydesk-compare-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn the_arguments_name_one_or_two_binaries_or_a_binary_to_keep() {
        let both = vec![Which::GazetteerOnly, Which::WithModel];
        assert_eq!(
            parse(&args(&["before"])).unwrap(),
            Request::Compare(Comparison {
                old: "before".into(),
                new: None,
                rounds: ROUNDS,
                variants: both,
                enlarged: None
            })
        );
        assert_eq!(
            parse(&args(&["--rounds", "5", "a", "/tmp/b", "--gazetteer-only", "--enlarged", "100"])).unwrap(),
            Request::Compare(Comparison {
                old: "a".into(),
                new: Some("/tmp/b".into()),
                rounds: 5,
                variants: vec![Which::GazetteerOnly],
                enlarged: Some(100)
            })
        );
        assert_eq!(parse(&args(&["--keep", "before"])).unwrap(), Request::Keep("before".into()));
        for (bad, says) in [
            (&["a", "--rounds", "0"][..], "above 0"),
            (&["a", "--rounds"][..], "needs a number"),
            (&["a", "--fast"][..], "unknown option `--fast`"),
            (&["a", "--enlarged", "1GB"][..], "size in MB above 0, not `1GB`"),
            (&[][..], "one or two binaries"),
            (&["a", "b", "c"][..], "one or two binaries"),
            (&["--keep", "x", "a"][..], "no binaries"),
            (&["--keep", "../x"][..], "plain name"),
        ] {
            let err = parse(&args(bad)).unwrap_err().to_string();
            assert!(err.contains(says), "{bad:?}: {err}");
        }
    }

    #[test]
    fn the_binaries_take_turns_first_round_by_round() {
        let order: Vec<[usize; 2]> = (0..4).map(turn_order).collect();
        assert_eq!(order, [[0, 1], [1, 0], [0, 1], [1, 0]]);
    }

    #[test]
    fn a_binary_is_a_path_or_a_kept_name() {
        let kept = temp("kept");
        std::fs::write(kept.join("before"), "binary").unwrap();
        assert_eq!(resolve("before", &kept).unwrap(), kept.join("before"));
        let path = kept.join("before").display().to_string();
        assert_eq!(resolve(&path, &kept).unwrap(), kept.join("before"));
        let err = resolve("after", &kept).unwrap_err().to_string();
        assert!(
            err.contains("`after` is neither a file nor a kept binary") && err.contains(": before)"),
            "{err}"
        );
        std::fs::remove_dir_all(&kept).unwrap();
    }

    #[test]
    fn the_summary_gives_medians_spreads_and_rounds_won() {
        let old = [3.0, 1.0, 2.0].map(|wall| Sample { wall, processor: 2.0 * wall });
        let new = [1.5, 1.5, 0.5].map(|wall| Sample { wall, processor: 2.0 * wall });
        let c = Compared::new(Which::GazetteerOnly, &old, &new, Vec::new());
        assert_eq!(c.old, Spread { median: 2.0, min: 1.0, max: 3.0 });
        assert_eq!(c.new, Spread { median: 1.5, min: 0.5, max: 1.5 });
        assert_eq!((c.old_processor, c.new_processor), (4.0, 3.0));
        // Rounds 1 and 3 went to the new binary, round 2 (1.0 against 1.5) to the old.
        assert_eq!(c.new_faster, 2);
        assert!((c.change() + 0.25).abs() < 1e-12);
        assert!(c.row(3).contains("-25.0%") && c.row(3).contains("2 of 3") && c.row(3).ends_with("same"));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
        assert!(median(&[]).is_nan());
    }

    #[test]
    fn outputs_compare_byte_for_byte_but_the_report() {
        let (a, b) = (temp("a"), temp("b"));
        for dir in [&a, &b] {
            std::fs::write(dir.join("articles.jsonl"), "same\n").unwrap();
            std::fs::write(dir.join("report.json"), format!("{{\"elapsed\": \"{}\"}}", dir.display()))
                .unwrap();
        }
        assert!(differing_files(&a, &b).unwrap().is_empty());
        std::fs::write(b.join("articles.jsonl"), "other\n").unwrap();
        std::fs::write(a.join("mentions.csv"), "only here\n").unwrap();
        assert_eq!(differing_files(&a, &b).unwrap(), ["articles.jsonl", "mentions.csv"]);
        // Longer than one read, the same length, one byte apart at the end.
        let long: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(a.join("long"), &long).unwrap();
        std::fs::write(b.join("long"), &long).unwrap();
        assert!(same_bytes(&a.join("long"), &b.join("long")));
        let mut other = long.clone();
        *other.last_mut().unwrap() ^= 1;
        std::fs::write(b.join("long"), &other).unwrap();
        assert!(!same_bytes(&a.join("long"), &b.join("long")));
        std::fs::remove_file(a.join("long")).unwrap();
        std::fs::remove_file(b.join("long")).unwrap();
        let c = Compared::new(Which::WithModel, &[], &[], differing_files(&a, &b).unwrap());
        assert_eq!(c.output(), "DIFFERS: articles.jsonl, mentions.csv");
        for dir in [a, b] {
            std::fs::remove_dir_all(dir).unwrap();
        }
    }
}
