//! Train the tag stage's statistical model: `cargo xtask train-ner` runs this with the
//! CoNLL-2003 files from the development data (not part of the repository).
//!
//! usage: train_ner TRAIN DEV OUT [--epochs N]
//!
//! For experiments, environment variables: `FOLDS` (0: the first pass only), `SECOND_EPOCHS`,
//! `FIRST_PASS` (a version-1 model file to use as the first pass instead of training one),
//! `JACKKNIFE_CACHE` (a file keeping the jackknifed first-pass tags between runs), `GOLD_EPOCHS`.

use copydesk_tag::ner::{conll, train};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [train_path, dev_path, out, rest @ ..] = args.as_slice() else {
        eprintln!("usage: train_ner TRAIN DEV OUT [--epochs N]");
        std::process::exit(2);
    };
    let mut options = train::Options::default();
    if let [flag, n] = rest
        && flag == "--epochs"
    {
        options.epochs = n.parse().expect("--epochs takes a number");
    }
    if let Ok(n) = std::env::var("GOLD_EPOCHS") {
        options.gold_epochs = n.parse().unwrap();
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
    if let Ok(path) = std::env::var("JACKKNIFE_CACHE") {
        options.jackknife_cache = Some(path.into());
    }
    let read = |path: &str| {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
        conll::parse(&text)
    };
    let started = std::time::Instant::now();
    let (train_docs, dev_docs) = (read(train_path), read(dev_path));
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
