//! `cargo xtask bench options [--rounds N]`: what the options that trade output for speed buy.
//! The default `pipeline.yaml` over the bench news with each set of [`OPTION_SETS`], every set
//! once a round, in a shuffled order that changes from round to round (so that the sets share
//! the machine's fast and slow spells, and no set always runs right after the same one), and for
//! each the median wall time with its range, MB/s, and the median processor time and peak RSS
//! from the run reports; a table, and `target/bench/options.json`. Every set's config is
//! checked by `copydesk validate` before the first run. The README's "Speed and what it costs"
//! table is this one, with what each set costs in output.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use crate::bench::{Spread, figure, median};
use crate::bench_pipeline::{
    FIRST_PASS_ONLY, GAZETTEER_ONLY, Setting, Variant, processor_seconds, run_binary,
};

/// Rounds by default: a run moves by 10-20% with the hour; nine put a median beside its range.
const ROUNDS: usize = 9;

const NO_LINKING: Setting = Setting { stage: "tag", key: "link_mentions", value: "false" };
const JSON_LINES_ONLY: Setting = Setting { stage: "export", key: "formats", value: r#"["jsonl"]"# };
const NO_LANGUAGE: Setting = Setting { stage: "normalize", key: "detect_language", value: "false" };

/// The sets measured, each with the label the table gives it (the JSON lists each set's
/// options in full): the default, each option that trades output for speed alone, and with the
/// tagger gazetteer-only the options that still save time there, alone and together.
const OPTION_SETS: &[(&str, &[Setting])] = &[
    ("default", &[]),
    ("formats [jsonl]", &[JSON_LINES_ONLY]),
    ("link_mentions false", &[NO_LINKING]),
    ("second_pass false", &[FIRST_PASS_ONLY]),
    ("second_pass, link_mentions false", &[FIRST_PASS_ONLY, NO_LINKING]),
    ("model false (gazetteer-only)", &[GAZETTEER_ONLY]),
    ("gaz-only, detect_language false", &[GAZETTEER_ONLY, NO_LANGUAGE]),
    ("gaz-only, formats [jsonl]", &[GAZETTEER_ONLY, JSON_LINES_ONLY]),
    ("gaz-only, link_mentions false", &[GAZETTEER_ONLY, NO_LINKING]),
    ("gaz-only, no linking, [jsonl]", &[GAZETTEER_ONLY, NO_LINKING, JSON_LINES_ONLY]),
    ("gaz-only, no linking, [jsonl], no lang", &[GAZETTEER_ONLY, NO_LINKING, JSON_LINES_ONLY, NO_LANGUAGE]),
];

const USAGE: &str = "usage: cargo xtask bench options [--rounds N]";

fn parse(args: &[String]) -> Result<usize> {
    match args {
        [] => Ok(ROUNDS),
        [flag, n] if flag == "--rounds" => n
            .parse::<usize>()
            .ok()
            .filter(|&n| n > 0)
            .with_context(|| format!("--rounds takes a whole number above 0, not `{n}`")),
        _ => bail!("{USAGE}"),
    }
}

/// The sets in the order round `round` runs them: a shuffle of `0..sets` seeded by the round
/// (Fisher-Yates with splitmix64), the same for the same round in every bench.
fn order(round: usize, sets: usize) -> Vec<usize> {
    let mut state = (round as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let mut next = || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let mut order: Vec<usize> = (0..sets).collect();
    for i in (1..sets).rev() {
        order.swap(i, (next() % (i as u64 + 1)) as usize);
    }
    order
}

pub fn run(args: &[String]) -> Result<()> {
    let rounds = parse(args)?;
    let bench = crate::root().join("target/bench");
    // The corpus first: without ../shared/data this stops, with its message, before a build.
    let inputs: Vec<PathBuf> =
        crate::corpus::write_all(&bench.join("corpus"))?.into_iter().map(|(path, _)| path).collect();
    let binary = crate::build_release_binary()?;
    validate(&binary, &bench, &inputs)?;
    let name = |k: usize| format!("options-{k}");
    eprintln!(
        "{} sets × {rounds} rounds = {} runs of one or two seconds, the sets in a shuffled order each round:",
        OPTION_SETS.len(),
        OPTION_SETS.len() * rounds
    );
    for (k, (label, _)) in OPTION_SETS.iter().enumerate() {
        eprintln!("  {}: {label}", name(k));
    }
    let mut runs: Vec<Vec<(Value, f64)>> = OPTION_SETS.iter().map(|_| Vec::with_capacity(rounds)).collect();
    for round in 0..rounds {
        for k in order(round, OPTION_SETS.len()) {
            runs[k].push(run_binary(&binary, &bench, &name(k), &inputs, Variant::Options(OPTION_SETS[k].1))?);
        }
    }
    let measured: Vec<Measured> =
        OPTION_SETS.iter().zip(&runs).map(|((label, _), runs)| Measured::of(label, runs)).collect();

    let environment = crate::bench::environment();
    println!("{}", crate::bench::environment_line(&environment));
    println!("{rounds} rounds in turn on the bench news (Reuters + BBC + AG News)");
    println!(
        "{:<40} {:>18} {:>6} {:>11} {:>8}",
        "options", "wall s (min-max)", "MB/s", "processor s", "peak MB"
    );
    for m in &measured {
        println!("{}", m.row());
    }
    let sets: Vec<Value> = OPTION_SETS
        .iter()
        .zip(&measured)
        .map(|((_, settings), m)| {
            let options: Vec<Value> = settings
                .iter()
                .map(|s| {
                    let value: Value = serde_json::from_str(s.value).unwrap_or(Value::Null);
                    json!({"stage": s.stage, "key": s.key, "value": value})
                })
                .collect();
            json!({
                "label": m.label,
                "options": options,
                "wall_seconds": m.wall.json(),
                "mb_per_second": m.mb_per_second(),
                "processor_seconds": m.processor,
                "peak_rss_mb": m.peak_rss_mb,
            })
        })
        .collect();
    let out = json!({"rounds": rounds, "environment": environment, "sets": sets});
    let path = bench.join("options.json");
    std::fs::write(&path, serde_json::to_string_pretty(&out)? + "\n")?;
    println!("written to {}", path.display());
    for k in 0..OPTION_SETS.len() {
        // Some 100 MB of output a set: the reports stay. (After the figures are written: a file
        // that cannot be removed costs disk, not the measurements.)
        let out = bench.join(format!("run-{}/out", name(k)));
        if let Err(err) = crate::bench_pipeline::remove_files(&out, Some("report.json")) {
            eprintln!("warning: cannot remove the output files in {}: {err:#}", out.display());
        }
    }
    Ok(())
}

/// Every set's config checked by `copydesk validate` before the first run: a set with an option
/// the binary does not know (renamed, or mistyped here) stops the bench at once, naming the set.
fn validate(binary: &Path, bench: &Path, inputs: &[PathBuf]) -> Result<()> {
    let dir = bench.join("run-options-validate");
    std::fs::create_dir_all(&dir)?;
    let config = dir.join("pipeline.yaml");
    for (label, settings) in OPTION_SETS {
        std::fs::write(&config, crate::bench_pipeline::config(inputs, Variant::Options(settings))?)?;
        let output = std::process::Command::new(binary)
            .arg("validate")
            .arg(&config)
            .output()
            .with_context(|| format!("cannot run {}", binary.display()))?;
        if !output.status.success() {
            bail!(
                "the set `{label}` is no valid pipeline for {}; update xtask/src/bench_options.rs:\n{}{}",
                binary.display(),
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
    Ok(())
}

/// One set's runs, summed up.
#[derive(Debug, PartialEq)]
struct Measured {
    label: &'static str,
    wall: Spread,
    /// The MB of text read ([`crate::bench_pipeline::mb`]; every run reads the same).
    mb: f64,
    /// Medians of the runs' reports; NaN where any report does not give it.
    processor: f64,
    peak_rss_mb: f64,
}

impl Measured {
    fn of(label: &'static str, runs: &[(Value, f64)]) -> Measured {
        // NaN when a report lacks the figure: a median of the others would be of fewer runs.
        let of_reports = |value: &dyn Fn(&Value) -> Option<f64>| {
            let values: Option<Vec<f64>> = runs.iter().map(|(report, _)| value(report)).collect();
            values.map_or(f64::NAN, |values| median(&values))
        };
        Measured {
            label,
            wall: Spread::of(&runs.iter().map(|(_, wall)| *wall).collect::<Vec<_>>()),
            mb: runs.first().map_or(f64::NAN, |(report, _)| crate::bench_pipeline::mb(report)),
            processor: of_reports(&processor_seconds),
            peak_rss_mb: of_reports(&|r| r["totals"]["peak_rss_mb"].as_f64()),
        }
    }

    fn mb_per_second(&self) -> f64 {
        self.mb / self.wall.median
    }

    fn row(&self) -> String {
        // "n/a" for a figure the reports did not give (an OS that does not tell).
        format!(
            "{:<40} {:>18} {:>6} {:>11} {:>8}",
            self.label,
            self.wall.text(2),
            figure(self.mb_per_second(), 1),
            figure(self.processor, 2),
            figure(self.peak_rss_mb, 0)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_rounds_are_nine_or_given() {
        assert_eq!(parse(&[]).unwrap(), ROUNDS);
        assert_eq!(parse(&args(&["--rounds", "3"])).unwrap(), 3);
        for bad in [&["--rounds", "0"][..], &["--rounds", "x"], &["--rounds"], &["--quick"]] {
            assert!(parse(&args(bad)).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn each_round_runs_every_set_once_in_an_order_of_its_own() {
        let sets = OPTION_SETS.len();
        let orders: Vec<Vec<usize>> = (0..ROUNDS).map(|round| order(round, sets)).collect();
        for o in &orders {
            let mut sorted = o.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, (0..sets).collect::<Vec<_>>());
        }
        // The same order for the same round; another from round to round; and no set always
        // right after the same one.
        assert_eq!(order(3, sets), order(3, sets));
        assert!(orders.windows(2).all(|w| w[0] != w[1]));
        for k in 0..sets {
            let before = |o: &Vec<usize>| {
                let at = o.iter().position(|&s| s == k).expect("every set");
                at.checked_sub(1).map(|p| o[p])
            };
            assert!(orders.iter().any(|o| before(o) != before(&orders[0])), "set {k}");
        }
        assert_eq!(order(0, 1), [0]);
        assert!(order(0, 0).is_empty());
    }

    /// Every set applies to the default pipeline.yaml: each of its options set on the stage of
    /// its type, to a value other than pipeline.yaml's, the rest of the configuration as the
    /// default's. (That the binary knows each option, `run` asks `copydesk validate`.)
    #[test]
    fn every_set_changes_only_its_options() {
        let inputs = [PathBuf::from("/data/news.jsonl")];
        let parsed = |text: String| copydesk_runtime::parse(&text, Path::new("bench.yaml")).unwrap().stages;
        let default = parsed(crate::bench_pipeline::config(&inputs, Variant::Default).unwrap());
        let mut labels = std::collections::HashSet::new();
        for (label, settings) in OPTION_SETS {
            assert!(labels.insert(label), "{label} twice");
            let mut expected = default.clone();
            for s in *settings {
                let stage =
                    expected.iter_mut().find(|stage| stage.kind == s.stage).expect("a stage of that type");
                let value: Value = serde_json::from_str(s.value).unwrap();
                assert_ne!(
                    stage.options.get(s.key),
                    Some(&value),
                    "{label}: pipeline.yaml sets {} so",
                    s.key
                );
                stage.options[s.key] = value;
            }
            let got = parsed(crate::bench_pipeline::config(&inputs, Variant::Options(settings)).unwrap());
            let view = |stages: &[copydesk_runtime::StageConfig]| -> Vec<_> {
                stages.iter().map(|s| (s.id.clone(), s.kind.clone(), s.workers, s.options.clone())).collect()
            };
            assert_eq!(view(&got), view(&expected), "{label}");
        }
    }

    #[test]
    fn a_setting_for_a_stage_the_pipeline_lacks_is_an_error_naming_it() {
        const NONE: Setting = Setting { stage: "render", key: "fast", value: "true" };
        let err =
            crate::bench_pipeline::config(&[PathBuf::from("/data/news.jsonl")], Variant::Options(&[NONE]))
                .unwrap_err()
                .to_string();
        assert!(err.contains("no longer has a render stage") && err.contains("bench_options.rs"), "{err}");
    }

    #[test]
    fn a_set_sums_up_its_runs_medians() {
        let report = |bytes: f64, user: f64, rss: f64| json!({"stages": [{"bytes": bytes}], "totals": {"user_seconds": user, "system_seconds": 0.1, "peak_rss_mb": rss}});
        let runs = [
            (report(22.1e6, 1.0, 60.0), 0.8),
            (report(22.1e6, 1.2, 58.0), 0.7),
            (report(22.1e6, 1.1, 59.0), 0.9),
        ];
        let m = Measured::of("x", &runs);
        assert_eq!(m.wall, Spread { median: 0.8, min: 0.7, max: 0.9 });
        assert!((m.mb_per_second() - 22.1 / 0.8).abs() < 1e-9);
        assert!((m.processor - 1.2).abs() < 1e-9);
        assert_eq!(m.peak_rss_mb, 59.0);
        assert!(m.row().starts_with("x ") && m.row().contains("0.80 (0.70-0.90)"), "{}", m.row());
        // A report without processor time (an OS that does not tell) gives NaN, shown as n/a,
        // and so does a mix: a median of the other runs would be of fewer runs.
        let bare = [(json!({"stages": [{"bytes": 1e6}], "totals": {}}), 1.0)];
        let m = Measured::of("y", &bare);
        assert!(m.processor.is_nan() && m.peak_rss_mb.is_nan());
        assert!(m.row().contains("n/a"), "{}", m.row());
        let mixed = [runs[0].clone(), bare[0].clone()];
        assert!(Measured::of("z", &mixed).processor.is_nan());
    }
}
