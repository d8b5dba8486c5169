//! Train the tag stage's statistical model: `cargo xtask train-ner` runs this with the
//! CoNLL-2003 files from the development data (not part of the repository).
//!
//! usage: train_ner TRAIN DEV OUT [--epochs N] [--extra WNUT_FILE]... [--extra-weight W]
//!
//! `--extra` adds a file of the WNUT-2017 data (CC BY 4.0; its types mapped to CoNLL's, each
//! tweet a document) to the training set, its updates weighted by `--extra-weight` (default 0.4).
//!
//! For experiments, environment variables: `FOLDS` (0: the first pass only), `SECOND_EPOCHS`,
//! `FIRST_PASS` (a version-1 model file to use as the first pass instead of training one),
//! `JACKKNIFE_CACHE` (a file keeping the jackknifed first-pass tags between runs), `GOLD_EPOCHS`,
//! `MIN_WEIGHT` (the weakest feature kept, in steps of the file's scale; default 128),
//! and the feature dropout shares `WORD_DROPOUT`, `LIST_DROPOUT`, `GAZETTEER_DROPOUT` (0 to 1;
//! none helped on eng.testa or out of domain, so they are off).

use copydesk_tag::ner::{conll, train};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    const USAGE: &str =
        "usage: train_ner TRAIN DEV OUT [--epochs N] [--extra WNUT_FILE]... [--extra-weight W]";
    let [train_path, dev_path, out, rest @ ..] = args.as_slice() else {
        eprintln!("{USAGE}");
        std::process::exit(2);
    };
    let mut options = train::Options::default();
    let mut extra = Vec::new();
    for pair in rest.chunks(2) {
        match pair {
            [flag, n] if flag == "--epochs" => options.epochs = n.parse().expect("--epochs takes a number"),
            [flag, path] if flag == "--extra" => extra.push(path.clone()),
            [flag, w] if flag == "--extra-weight" => {
                options.extra_weight = w.parse().expect("--extra-weight takes a number")
            }
            _ => {
                eprintln!("{USAGE}");
                std::process::exit(2);
            }
        }
    }
    if let Ok(n) = std::env::var("GOLD_EPOCHS") {
        options.gold_epochs = n.parse().unwrap();
    }
    if let Ok(n) = std::env::var("MIN_WEIGHT") {
        options.min_weight = n.parse().expect("MIN_WEIGHT takes a number of steps (1 to 32767)");
    }
    // Knobs for experiments: fold count (0: first pass only), second-pass epochs, a first pass
    // already trained (a version-1 model file), a cache of the jackknifed tags.
    if let Ok(n) = std::env::var("FOLDS") {
        options.folds = n.parse().unwrap();
    }
    if let Ok(n) = std::env::var("SECOND_EPOCHS") {
        options.second_epochs = n.parse().unwrap();
    }
    if let Ok(path) = std::env::var("FIRST_PASS") {
        options.first_pass = Some(std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}")));
    }
    for (name, share) in [
        ("WORD_DROPOUT", &mut options.word_dropout),
        ("LIST_DROPOUT", &mut options.list_dropout),
        ("GAZETTEER_DROPOUT", &mut options.gazetteer_dropout),
    ] {
        if let Ok(p) = std::env::var(name) {
            *share = p.parse().unwrap_or_else(|_| panic!("{name} takes a share (0 to 1)"));
        }
    }
    if let Ok(path) = std::env::var("JACKKNIFE_CACHE") {
        options.jackknife_cache = Some(path.into());
    }
    let read = |path: &str| {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
        conll::parse(&text)
    };
    let started = std::time::Instant::now();
    let (mut train_docs, dev_docs) = (read(train_path), read(dev_path));
    for path in &extra {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
        train_docs.extend(conll::parse_wnut(&text));
    }
    let (bytes, score) = train::train(&train_docs, &dev_docs, &options, |line| {
        eprintln!("[{:6.1} s] {line}", started.elapsed().as_secs_f64());
    })
    .unwrap_or_else(|e| panic!("training failed: {e}"));
    std::fs::write(out, &bytes).unwrap_or_else(|e| panic!("cannot write {out}: {e}"));
    eprintln!(
        "wrote {out}: {:.1} MB; best dev F1 {:.2} (P {:.2}, R {:.2}); {:.1} s",
        bytes.len() as f64 / 1e6,
        score.f1,
        score.precision,
        score.recall,
        started.elapsed().as_secs_f64()
    );
}
