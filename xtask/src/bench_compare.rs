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

use crate::bench::{Spread, figure, median};
use crate::bench_pipeline::{Variant, run_binary};

const USAGE: &str = "usage: cargo xtask bench compare --keep NAME\n       \
                     cargo xtask bench compare OLD [NEW] [--rounds N] [--gazetteer-only | --model-only] [--enlarged MB]";
/// Rounds by default: one run moves by 10-20%, and seven in turn put a median beside its spread.
const ROUNDS: usize = 7;
/// The largest enlarged corpus asked for: the bench's largest, 1 GB (two runs' outputs of it
/// take some 10 GB at once).
const MAX_ENLARGED_MB: u64 = 1000;

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
    let (mut rounds, mut keep, mut variants, mut enlarged) = (None, None, None, None);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        // An option's value: the next argument, unless it is missing or another option.
        let mut value = |what: &str| -> Result<&String> {
            args.next()
                .filter(|v| !v.starts_with('-'))
                .with_context(|| format!("{arg} needs {what}\n{USAGE}"))
        };
        match arg.as_str() {
            "--rounds" => {
                let v = value("a number of rounds")?;
                let n = v.parse::<usize>().ok().filter(|&n| n > 0);
                rounds =
                    Some(n.with_context(|| format!("--rounds takes a whole number above 0, not `{v}`"))?);
            }
            "--keep" => keep = Some(value("a name")?.clone()),
            "--enlarged" => {
                let v = value("a size in MB")?;
                let mb = v.parse::<u64>().ok().filter(|mb| (1..=MAX_ENLARGED_MB).contains(mb));
                enlarged = Some(mb.with_context(|| {
                    format!("--enlarged takes a size in MB from 1 to {MAX_ENLARGED_MB}, not `{v}`")
                })?);
            }
            "--gazetteer-only" | "--model-only" => {
                if variants.is_some() {
                    bail!("give --gazetteer-only or --model-only, not both (without either: both runs)");
                }
                variants =
                    Some(vec![if arg == "--model-only" { Which::WithModel } else { Which::GazetteerOnly }]);
            }
            other if other.starts_with('-') => bail!("unknown option `{other}`\n{USAGE}"),
            _ => positional.push(arg.clone()),
        }
    }
    if let Some(name) = keep {
        if !positional.is_empty() || rounds.is_some() || variants.is_some() || enlarged.is_some() {
            bail!("--keep NAME takes nothing else: keep first, then compare\n{USAGE}");
        }
        if name.contains(['/', '\\']) || name.starts_with('.') {
            bail!("--keep takes a plain name (no `/`, not starting with `.`), not `{name}`");
        }
        return Ok(Request::Keep(name));
    }
    match positional.as_slice() {
        [old, new @ ..] if new.len() <= 1 => Ok(Request::Compare(Comparison {
            old: old.clone(),
            new: new.first().cloned(),
            rounds: rounds.unwrap_or(ROUNDS),
            variants: variants.unwrap_or_else(|| vec![Which::GazetteerOnly, Which::WithModel]),
            enlarged,
        })),
        _ => bail!("name one or two binaries to compare\n{USAGE}"),
    }
}

/// Where kept binaries live.
fn kept_dir() -> PathBuf {
    crate::root().join("target/bench/binaries")
}

/// `name` as a binary, as an absolute path: a binary kept by that name, else a file at that
/// path (relative to the current directory). Absolute, as a bare name given to a command is
/// looked up on `$PATH`, not here.
fn resolve(name: &str, kept: &Path) -> Result<PathBuf> {
    let in_kept = kept.join(name);
    if !name.contains('/') && in_kept.is_file() {
        return Ok(std::path::absolute(in_kept)?);
    }
    let path = Path::new(name);
    if path.is_file() {
        return Ok(std::path::absolute(path)?);
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
            let replaced = if kept.exists() { ", in place of the one kept by that name before" } else { "" };
            std::fs::copy(&built, &kept)
                .with_context(|| format!("cannot copy {} to {}", built.display(), kept.display()))?;
            println!("kept {} as {}{replaced}", built.display(), kept.display());
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
        None => {
            // The build writes over the last one: an OLD that is that file would become NEW.
            let build = crate::release_binary().canonicalize().ok();
            if build.is_some() && old.canonicalize().ok() == build {
                bail!(
                    "OLD is the working tree's own build ({}), which building NEW replaces: keep it \
                     first (`cargo xtask bench compare --keep NAME`) and compare with NAME",
                    old.display()
                );
            }
            crate::build_release_binary()?
        }
    };
    let binaries = [&old, &new];
    let mut results = Vec::new();
    for which in variants {
        let mut times: [Vec<Sample>; 2] = [Vec::new(), Vec::new()];
        for round in 0..rounds {
            for side in turn_order(round) {
                let name = which.run_name(["old", "new"][side]);
                let (report, wall) = run_binary(binaries[side], &bench, &name, &inputs, which.variant())?;
                // NaN where the report has no processor time (binaries before 93ff3bf).
                let processor = crate::bench_pipeline::processor_seconds(&report).unwrap_or(f64::NAN);
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
    let environment = crate::bench::environment();
    // The commit and profile are the working tree's (what NEW is, when it is built here).
    println!("working tree: {}", crate::bench::environment_line(&environment));
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
        "environment": environment,
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
        eprintln!("making {} (kept for later runs)", path.display());
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
        format!(
            "{:<16} {:>22} {:>22} {:>+7.1}% {:>11} {:>20}  {}",
            self.which.label(),
            self.old.text(3),
            self.new.text(3),
            100.0 * self.change(),
            format!("{} of {rounds}", self.new_faster),
            format!("{} → {}", figure(self.old_processor, 2), figure(self.new_processor, 2)),
            self.output()
        )
    }

    fn json(&self) -> Value {
        json!({
            "run": self.which.label(),
            "old_wall_seconds": self.old.json(),
            "new_wall_seconds": self.new.json(),
            "change": self.change(),
            "new_faster_rounds": self.new_faster,
            "old_processor_seconds": self.old_processor,
            "new_processor_seconds": self.new_processor,
            "same_output": self.differing.is_empty(),
            "differing_files": self.differing,
        })
    }
}

/// The files of two runs' output directories (`old`, `new`) that are not the same bytes, by
/// name, sorted, with "(only in old)" or "(only in new)" after one the other run did not write;
/// the run report (its timings differ every run) is left out.
fn differing_files(old: &Path, new: &Path) -> Result<Vec<String>> {
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
    let (in_old, in_new) = (names(old)?, names(new)?);
    let mut all: Vec<&String> = in_old.iter().chain(&in_new).collect();
    all.sort();
    all.dedup();
    let mut differing = Vec::new();
    for name in all {
        if !in_new.contains(name) {
            differing.push(format!("{name} (only in old)"));
        } else if !in_old.contains(name) {
            differing.push(format!("{name} (only in new)"));
        } else if !same_bytes(&old.join(name), &new.join(name))? {
            differing.push(name.clone());
        }
    }
    Ok(differing)
}

/// Whether two files hold the same bytes, read a megabyte at a time (an enlarged corpus's files
/// are hundreds of MB).
fn same_bytes(a: &Path, b: &Path) -> Result<bool> {
    use std::io::Read;
    let open =
        |path: &Path| std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()));
    let (mut x, mut y) = (open(a)?, open(b)?);
    let (length, other) = (x.metadata()?.len(), y.metadata()?.len());
    if length != other {
        return Ok(false);
    }
    let (mut p, mut q) = (vec![0; 1 << 20], vec![0; 1 << 20]);
    let mut left = length;
    while left > 0 {
        let n = left.min(p.len() as u64) as usize;
        x.read_exact(&mut p[..n]).with_context(|| format!("cannot read {}", a.display()))?;
        y.read_exact(&mut q[..n]).with_context(|| format!("cannot read {}", b.display()))?;
        if p[..n] != q[..n] {
            return Ok(false);
        }
        left -= n as u64;
    }
    Ok(true)
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
            (&["a", "--rounds", "0"][..], "above 0, not `0`"),
            (&["a", "--rounds"][..], "--rounds needs a number"),
            (&["--rounds", "--gazetteer-only", "a"][..], "--rounds needs a number"),
            (&["a", "--fast"][..], "unknown option `--fast`"),
            (&["a", "--enlarged", "1GB"][..], "from 1 to 1000, not `1GB`"),
            (&["a", "--enlarged", "18446744073709551"][..], "from 1 to 1000"),
            (&["a", "--gazetteer-only", "--model-only"][..], "not both"),
            (&[][..], "one or two binaries"),
            (&["a", "b", "c"][..], "one or two binaries"),
            (&["--keep", "x", "a"][..], "takes nothing else"),
            (&["--keep", "x", "--rounds", "3"][..], "takes nothing else"),
            (&["--keep", "--rounds"][..], "--keep needs a name"),
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
    fn a_binary_is_a_kept_name_or_a_path_made_absolute() {
        let kept = temp("kept");
        std::fs::write(kept.join("before"), "binary").unwrap();
        assert_eq!(resolve("before", &kept).unwrap(), kept.join("before"));
        let path = kept.join("before").display().to_string();
        assert_eq!(resolve(&path, &kept).unwrap(), kept.join("before"));
        // A relative path comes back absolute, so that running it does not look it up on $PATH.
        let here = std::env::current_dir().unwrap();
        assert_eq!(resolve("Cargo.toml", &kept).unwrap(), here.join("Cargo.toml"));
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
        // Reports without processor time (binaries before 93ff3bf) say so.
        let unknown = [Sample { wall: 1.0, processor: f64::NAN }];
        assert!(Compared::new(Which::WithModel, &unknown, &unknown, Vec::new()).row(1).contains("n/a → n/a"));
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
        std::fs::write(b.join("rejects.jsonl"), "").unwrap();
        assert_eq!(
            differing_files(&a, &b).unwrap(),
            ["articles.jsonl", "mentions.csv (only in old)", "rejects.jsonl (only in new)"]
        );
        // Longer than one read, the same length, one byte apart at the end.
        let long: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(a.join("long"), &long).unwrap();
        std::fs::write(b.join("long"), &long).unwrap();
        assert!(same_bytes(&a.join("long"), &b.join("long")).unwrap());
        let mut other = long.clone();
        *other.last_mut().unwrap() ^= 1;
        std::fs::write(b.join("long"), &other).unwrap();
        assert!(!same_bytes(&a.join("long"), &b.join("long")).unwrap());
        std::fs::write(b.join("long"), &long[1..]).unwrap();
        assert!(!same_bytes(&a.join("long"), &b.join("long")).unwrap());
        assert!(same_bytes(&a.join("long"), &b.join("missing")).is_err());
        std::fs::remove_file(a.join("long")).unwrap();
        std::fs::remove_file(b.join("long")).unwrap();
        let c = Compared::new(Which::WithModel, &[], &[], differing_files(&a, &b).unwrap());
        assert_eq!(
            c.output(),
            "DIFFERS: articles.jsonl, mentions.csv (only in old), rejects.jsonl (only in new)"
        );
        for dir in [a, b] {
            std::fs::remove_dir_all(dir).unwrap();
        }
    }
}
