//! `cargo xtask bench options [--rounds N]`: what the options that trade output for speed buy.
//! The default `pipeline.yaml` over the bench news with each set of [`OPTION_SETS`], every set
//! once a round, in an order that moves on by one each round (so that no set always runs after
//! the same one), and for each the median wall time with its range, MB/s, and the median
//! processor time and peak RSS from the run reports; a table, and `target/bench/options.json`.
//! The README's "Speed and what it costs" table is this one, with what each set costs in output.

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use crate::bench::{Spread, median};
use crate::bench_pipeline::{
    FIRST_PASS_ONLY, GAZETTEER_ONLY, Setting, Variant, processor_seconds, run_binary,
};

/// Rounds by default: a run moves by 10-20% with the hour; nine put a median beside its range.
const ROUNDS: usize = 9;

const NO_LINKING: Setting = Setting { stage: "tag", key: "link_mentions", value: "false" };
const JSON_LINES_ONLY: Setting = Setting { stage: "export", key: "formats", value: r#"["jsonl"]"# };
const NO_LANGUAGE: Setting = Setting { stage: "normalize", key: "detect_language", value: "false" };

/// The sets measured, each with the label the table gives it: the default, each option that
/// trades output for speed alone, and with the tagger gazetteer-only, the options that still
/// save time there, alone and together.
const OPTION_SETS: &[(&str, &[Setting])] = &[
    ("none (the default)", &[]),
    ("export formats: [jsonl]", &[JSON_LINES_ONLY]),
    ("tag link_mentions: false", &[NO_LINKING]),
    ("tag second_pass: false", &[FIRST_PASS_ONLY]),
    ("tag second_pass: false, link_mentions: false", &[FIRST_PASS_ONLY, NO_LINKING]),
    ("tag model: false (gazetteer-only)", &[GAZETTEER_ONLY]),
    ("gazetteer-only, normalize detect_language: false", &[GAZETTEER_ONLY, NO_LANGUAGE]),
    ("gazetteer-only, export formats: [jsonl]", &[GAZETTEER_ONLY, JSON_LINES_ONLY]),
    ("gazetteer-only, link_mentions: false", &[GAZETTEER_ONLY, NO_LINKING]),
    (
        "gazetteer-only, link_mentions: false, formats: [jsonl]",
        &[GAZETTEER_ONLY, NO_LINKING, JSON_LINES_ONLY],
    ),
    (
        "gazetteer-only, link_mentions: false, formats: [jsonl], detect_language: false",
        &[GAZETTEER_ONLY, NO_LINKING, JSON_LINES_ONLY, NO_LANGUAGE],
    ),
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

/// The sets in the order round `round` runs them: from set `round` on, round the list.
fn order(round: usize, sets: usize) -> impl Iterator<Item = usize> {
    (0..sets).map(move |k| (round + k) % sets)
}

pub fn run(args: &[String]) -> Result<()> {
    let rounds = parse(args)?;
    let bench = crate::root().join("target/bench");
    // The corpus first: without ../shared/data this stops, with its message, before a build.
    let inputs: Vec<_> =
        crate::corpus::write_all(&bench.join("corpus"))?.into_iter().map(|(path, _)| path).collect();
    let binary = crate::build_release_binary()?;
    let name = |k: usize| format!("options-{k}");
    let mut runs: Vec<Vec<(Value, f64)>> = OPTION_SETS.iter().map(|_| Vec::with_capacity(rounds)).collect();
    for round in 0..rounds {
        for k in order(round, OPTION_SETS.len()) {
            runs[k].push(run_binary(&binary, &bench, &name(k), &inputs, Variant::Options(OPTION_SETS[k].1))?);
        }
    }
    let measured: Vec<Measured> =
        OPTION_SETS.iter().zip(&runs).map(|((label, _), runs)| Measured::of(label, runs)).collect();
    for k in 0..OPTION_SETS.len() {
        // Some 100 MB of output a set: the reports stay.
        crate::bench_pipeline::remove_files(
            &bench.join(format!("run-{}/out", name(k))),
            Some("report.json"),
        )?;
    }

    let environment = crate::bench::environment();
    println!("{}", crate::bench::environment_line(&environment));
    println!("{rounds} rounds in turn on the bench news (Reuters + BBC + AG News)");
    println!(
        "{:<80} {:>20} {:>7} {:>11} {:>8}",
        "options", "wall s (min-max)", "MB/s", "processor s", "peak MB"
    );
    for m in &measured {
        println!("{}", m.row());
    }
    let sets: Vec<Value> = OPTION_SETS
        .iter()
        .zip(&measured)
        .map(|((_, settings), m)| {
            let options: Vec<Value> =
                settings.iter().map(|s| json!({"stage": s.stage, "key": s.key, "value": s.value})).collect();
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
    Ok(())
}

/// One set's runs, summed up.
#[derive(Debug, PartialEq)]
struct Measured {
    label: &'static str,
    wall: Spread,
    /// The MB of text read (the source's bytes).
    mb: f64,
    /// Medians of the runs' reports; NaN where they do not give it.
    processor: f64,
    peak_rss_mb: f64,
}

impl Measured {
    fn of(label: &'static str, runs: &[(Value, f64)]) -> Measured {
        let of_reports = |value: &dyn Fn(&Value) -> Option<f64>| {
            median(&runs.iter().map(|(report, _)| value(report).unwrap_or(f64::NAN)).collect::<Vec<_>>())
        };
        Measured {
            label,
            wall: Spread::of(&runs.iter().map(|(_, wall)| *wall).collect::<Vec<_>>()),
            mb: of_reports(&|r| r["stages"][0]["bytes"].as_f64().map(|b| b / 1e6)),
            processor: of_reports(&processor_seconds),
            peak_rss_mb: of_reports(&|r| r["totals"]["peak_rss_mb"].as_f64()),
        }
    }

    fn mb_per_second(&self) -> f64 {
        self.mb / self.wall.median
    }

    fn row(&self) -> String {
        format!(
            "{:<80} {:>20} {:>7.1} {:>11.2} {:>8.0}",
            self.label,
            self.wall.text(2),
            self.mb_per_second(),
            self.processor,
            self.peak_rss_mb
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

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
    fn each_round_runs_every_set_once_starting_one_further() {
        for round in 0..5 {
            let mut order: Vec<usize> = order(round, 4).collect();
            assert_eq!(order[0], round % 4);
            order.sort_unstable();
            assert_eq!(order, [0, 1, 2, 3]);
        }
    }

    /// Every set applies to the default pipeline.yaml: each of its options set on the stage of
    /// its type, the rest of the configuration as the default's.
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
                assert_ne!(
                    stage.options.get(s.key),
                    Some(&serde_json::from_str::<Value>(s.value).unwrap()),
                    "{label}: {} is the default",
                    s.key
                );
                stage.options[s.key] = serde_json::from_str(s.value).unwrap();
            }
            let got = parsed(crate::bench_pipeline::config(&inputs, Variant::Options(settings)).unwrap());
            let view = |stages: &[copydesk_runtime::StageConfig]| -> Vec<_> {
                stages.iter().map(|s| (s.id.clone(), s.kind.clone(), s.workers, s.options.clone())).collect()
            };
            assert_eq!(view(&got), view(&expected), "{label}");
        }
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
        // A report without processor time (an OS that does not tell) gives NaN, not a panic.
        let bare = [(json!({"stages": [{"bytes": 1e6}], "totals": {}}), 1.0)];
        assert!(Measured::of("y", &bare).processor.is_nan());
    }
}
