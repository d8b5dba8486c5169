//! Training: an averaged perceptron with greedy decoding, trained on its own predicted history
//! (previous tags and document history come from what the model predicted, as at run time).
//! Deterministic: documents are shuffled by a fixed-seed generator and every map is keyed by
//! feature hashes, never iterated in hash order. After each epoch the averaged weights are
//! written out, loaded back as a [`NerModel`] and scored on the development set through the
//! same code path the tag stage uses; the best epoch is kept.
//!
//! The second pass is trained the same way on the first pass's tags of the training set,
//! jackknifed (each quarter tagged by a first pass trained on the other three) so that they
//! have the errors of unseen text. Its label history is the first pass's: were it its own,
//! training (where its predictions are nearly perfect) would teach it to trust the history
//! more than it deserves, and one wrong label would spread to every later mention.

use std::ops::Range;

use super::conll::{self, Document};
use super::features::{
    BOS, Context, EOS, FeatureGroups, FirstPass, Lexicon, NUM_TAGS, Parts, START, WordFacts,
    context_features, first_pass, is_headline, name_runs, second_pass_features, tag_type, word_class,
    word_features,
};
use super::tokens::Token;
use super::{IdMap, NerModel, Scratch, best, gazetteer_codes, join_tokens, spans};
use crate::gazetteer::Gazetteer;

/// Training settings.
#[derive(Clone, Debug)]
pub struct Options {
    pub epochs: usize,
    pub seed: u64,
    /// Keep at most this many features (the strongest), to bound the model's size.
    pub max_features: usize,
    /// Write only features whose largest weight rounds to at least this many steps of its
    /// pass's integer scale (a step is that pass's strongest weight / 32767; 1 keeps every feature
    /// with a weight that does not round to 0; 1 to 32767). At 128 a fifth of the features
    /// go, and with them 1.5-2% of the tag stage's time, for no loss on eng.testa or
    /// wikigold. A `first_pass` given is written as it is.
    pub min_weight: u16,
    /// Epochs that train on gold history before switching to predicted history.
    pub gold_epochs: usize,
    /// How many models (shuffle seeds `seed`, `seed + 1`, …) to train and average.
    pub seeds: usize,
    /// Folds of the training set for the second pass's first-pass tags (jackknifing: each fold
    /// tagged by a first pass trained on the others); 0 trains the first pass only.
    pub folds: usize,
    /// First-pass runs (seeds) averaged per fold.
    pub fold_seeds: usize,
    /// How many second-pass models to train and average (seeds `seed`, `seed + 1`, …).
    pub second_seeds: usize,
    /// Epochs of the second pass.
    pub second_epochs: usize,
    /// For experiments: a first pass already trained (its bytes), and a file that keeps the
    /// jackknifed first-pass tags of the training set between runs.
    pub first_pass: Option<Vec<u8>>,
    pub jackknife_cache: Option<std::path::PathBuf>,
    /// Feature dropout (for robustness out of domain): the share of training tokens, drawn
    /// anew each epoch, whose word identity (as written and lower case, at every offset and in
    /// the bigram features) is hidden from the features of every token that sees them, so that
    /// the model leans on shape, affixes, clusters and context.
    pub word_dropout: f64,
    /// The share of tokens whose name-list memberships (given names, GeoNames, WNUT) are hidden.
    pub list_dropout: f64,
    /// The share of tokens whose gazetteer codes are hidden.
    pub gazetteer_dropout: f64,
    /// The size of the perceptron's updates on documents of source 1 (extra data such as
    /// WNUT-2017; the main training set's are 1). 0.4 scored best on eng.testa (0.2 about the
    /// same, 0.7 and 1 lower).
    pub extra_weight: f32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            epochs: 20,
            seed: 2003,
            max_features: 900_000,
            min_weight: 128,
            gold_epochs: usize::MAX,
            seeds: 4,
            folds: 4,
            fold_seeds: 1,
            second_seeds: 8,
            second_epochs: 20,
            first_pass: None,
            jackknife_cache: None,
            word_dropout: 0.0,
            list_dropout: 0.0,
            gazetteer_dropout: 0.0,
            extra_weight: 0.4,
        }
    }
}

/// One training document with everything that does not depend on the weights precomputed.
struct Prepared {
    /// The size of this document's updates.
    weight: f32,
    gold: Vec<u8>,
    sentences: Vec<Range<usize>>,
    headline: Vec<bool>,
    gazetteer: Vec<u8>,
    class: Vec<u8>,
    /// [`Lexicon::run_class`] of each token.
    run_class: Vec<u8>,
    history: Vec<u64>,
    flags: Vec<u8>,
    lower: Vec<u64>,
    /// What the first pass said about each token (empty when training the first pass).
    passes: Vec<FirstPass>,
    /// Word-feature indices of token i: `features[starts[i]..starts[i + 1]]`.
    starts: Vec<u32>,
    features: Vec<u32>,
    /// Per feature, what dropout may hide it: 0 nothing, else group << 3 | (offset + 2) (see
    /// [`FeatureGroups`]).
    groups: Vec<u8>,
}

/// A trained model's averaged weights by feature key.
type Averaged = Vec<(u64, [f32; NUM_TAGS])>;

/// Averaged-perceptron weights with lazy averaging.
#[derive(Default)]
struct Weights {
    index: IdMap<u32>,
    keys: Vec<u64>,
    w: Vec<f32>,
    total: Vec<f64>,
    stamp: Vec<u32>,
}

impl Weights {
    fn intern(&mut self, key: u64) -> u32 {
        if let Some(&i) = self.index.get(&key) {
            return i;
        }
        let i = self.keys.len() as u32;
        self.index.insert(key, i);
        self.keys.push(key);
        self.w.extend([0.0; NUM_TAGS]);
        self.total.extend([0.0; NUM_TAGS]);
        self.stamp.extend([0; NUM_TAGS]);
        i
    }

    fn update(&mut self, feature: u32, tag: u8, delta: f32, now: u32) {
        let at = feature as usize * NUM_TAGS + tag as usize;
        self.total[at] += (now - self.stamp[at]) as f64 * self.w[at] as f64;
        self.stamp[at] = now;
        self.w[at] += delta;
    }

    fn averaged(&self, feature: usize, now: u32) -> [f32; NUM_TAGS] {
        let mut out = [0.0; NUM_TAGS];
        for (tag, o) in out.iter_mut().enumerate() {
            let at = feature * NUM_TAGS + tag;
            let total = self.total[at] + (now - self.stamp[at]) as f64 * self.w[at] as f64;
            *o = (total / now.max(1) as f64) as f32;
        }
        out
    }

    /// The averaged weights of every feature, by key.
    fn averaged_all(&self, now: u32) -> Vec<(u64, [f32; NUM_TAGS])> {
        (0..self.keys.len()).map(|f| (self.keys[f], self.averaged(f, now))).collect()
    }
}

/// The floor of the models training uses itself (see [`encode`]): every feature whose weight
/// does not round to 0.
const EVERY_FEATURE: u16 = 1;

/// A model as bytes: header, sorted keys, i16 weights; the features whose largest weight is
/// written as at least `min_weight` (1..=32767) steps, at most `max_features` (the strongest).
/// Only the two passes written out drop features under [`Options::min_weight`]: every model
/// training uses (those that choose epochs, tag the jackknife's folds, or give the second pass
/// its first-pass tags) keeps all ([`EVERY_FEATURE`]), so training goes as it did before the
/// floor and the file is that model without its weakest features.
fn encode(weights: &[(u64, [f32; NUM_TAGS])], max_features: usize, min_weight: u16) -> Vec<u8> {
    let strength = |w: &[f32; NUM_TAGS]| w.iter().fold(0.0f32, |m, x| m.max(x.abs()));
    let max = weights.iter().map(|(_, w)| strength(w)).fold(0.0f32, f32::max).max(1e-6);
    let scale = max / 32767.0;
    // The steps a feature's strongest weight is written as (below), compared as such.
    let steps = |w: &[f32; NUM_TAGS]| (strength(w) / scale).round();
    let floor = f32::from(min_weight);
    let mut keep: Vec<usize> = (0..weights.len()).filter(|&f| steps(&weights[f].1) >= floor).collect();
    if keep.len() > max_features {
        keep.sort_by(|&a, &b| strength(&weights[b].1).total_cmp(&strength(&weights[a].1)).then(a.cmp(&b)));
        keep.truncate(max_features);
    }
    keep.sort_by_key(|&f| weights[f].0);
    let mut out = Vec::with_capacity(16 + keep.len() * (8 + 2 * NUM_TAGS));
    out.extend_from_slice(super::MAGIC);
    out.extend_from_slice(&(keep.len() as u32).to_le_bytes());
    out.extend_from_slice(&scale.to_le_bytes());
    for &f in &keep {
        out.extend_from_slice(&weights[f].0.to_le_bytes());
    }
    for &f in &keep {
        for w in weights[f].1 {
            out.extend_from_slice(&((w / scale).round().clamp(-32767.0, 32767.0) as i16).to_le_bytes());
        }
    }
    out
}

/// A small deterministic generator for the shuffles.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// What one epoch's model scored on the development set.
#[derive(Clone, Copy, Debug)]
pub struct Score {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// Run `jobs` two at a time (the machine has two cores; each job is one training run).
fn in_pairs<T: Send>(jobs: Vec<Box<dyn FnOnce() -> T + Send + '_>>) -> Vec<T> {
    let mut out = Vec::new();
    let mut jobs = jobs.into_iter().peekable();
    while jobs.peek().is_some() {
        let pair: Vec<_> = jobs.by_ref().take(2).collect();
        std::thread::scope(|scope| {
            let handles: Vec<_> = pair.into_iter().map(|job| scope.spawn(job)).collect();
            out.extend(handles.into_iter().map(|h| h.join().expect("training thread")));
        });
    }
    out
}

/// The average of several runs' weights (every run's keys are sorted).
fn average(runs: &[Averaged]) -> Averaged {
    let mut sum: std::collections::BTreeMap<u64, [f32; NUM_TAGS]> = std::collections::BTreeMap::new();
    for run in runs {
        for (key, w) in run {
            let at = sum.entry(*key).or_insert([0.0; NUM_TAGS]);
            for (a, b) in at.iter_mut().zip(w) {
                *a += b / runs.len() as f32;
            }
        }
    }
    sum.into_iter().collect()
}

/// Train one model per seed (`options.seeds` of them, two at a time), each keeping the epoch
/// that scores best on `dev`, and average their weights: the shuffle order moves a single
/// perceptron's score by a few tenths, and the average of several is steadier and better than
/// a typical one. That is the first pass. With `options.folds`, a second pass is trained the
/// same way on features of the first pass's tags (Ratinov and Roth's two-stage aggregation):
/// the training set's first-pass tags come from jackknifing (each fold tagged by a first pass
/// trained on the other folds, one seed each), the development set's from the full first pass.
/// Returns the model bytes and the development score. `log` gets one line per epoch.
pub fn train(
    train: &[Document],
    dev: &[Document],
    options: &Options,
    log: impl Fn(&str) + Sync,
) -> Result<(Vec<u8>, Score), String> {
    if !(1..=32767).contains(&options.min_weight) {
        return Err(format!("min_weight is {}; it must be 1 to 32767 steps", options.min_weight));
    }
    let gazetteer = Gazetteer::for_training()
        .map_err(|problems| problems.into_iter().map(|p| p.0).collect::<Vec<_>>().join("\n"))?;
    let seeds: Vec<u64> = (0..options.seeds.max(1) as u64).map(|k| options.seed + k).collect();
    let (log, gazetteer) = (&log, &gazetteer);
    // The first pass the second trains with, all its features kept, and the one written (with
    // its score, once worked out).
    let (first, written_first, first_score) = match &options.first_pass {
        Some(bytes) => (bytes.clone(), bytes.clone(), None),
        None => {
            let (averaged, written, score) = first_pass_model(train, dev, options, &seeds, gazetteer, log)?;
            (encode(&averaged, options.max_features, EVERY_FEATURE), written, Some(score))
        }
    };
    if options.folds < 2 {
        let score = match first_score {
            Some(score) => score,
            None => evaluate(&NerModel::from_bytes(&written_first)?, dev, gazetteer),
        };
        return Ok((written_first, score));
    }
    let train_tags = match options.jackknife_cache.as_ref().and_then(|p| std::fs::read(p).ok()) {
        Some(cached) => {
            let mut at = 0;
            train
                .iter()
                .map(|d| {
                    let n = d.sentences.iter().map(|s| s.tokens.len()).sum::<usize>();
                    at += n;
                    cached[at - n..at].to_vec()
                })
                .collect()
        }
        None => {
            let tags = jackknife(train, dev, options, gazetteer, log)?;
            if let Some(path) = &options.jackknife_cache {
                std::fs::write(path, tags.concat()).map_err(|e| e.to_string())?;
            }
            tags
        }
    };
    let first_ref = first.as_slice();
    let train_tags = &train_tags;
    let second_seeds: Vec<u64> = (0..options.second_seeds.max(1) as u64).map(|k| options.seed + k).collect();
    let jobs = second_seeds
        .iter()
        .map(|&seed| {
            Box::new(move || {
                train_one(
                    train,
                    Some(train_tags),
                    dev,
                    options,
                    options.second_epochs,
                    seed,
                    gazetteer,
                    Some(first_ref),
                    |l| log(&format!("second pass, seed {seed}: {l}")),
                )
            }) as Box<dyn FnOnce() -> _ + Send>
        })
        .collect();
    let runs = in_pairs(jobs).into_iter().collect::<Result<Vec<_>, String>>()?;
    let second = encode(&average(&runs), options.max_features, options.min_weight);
    let bytes = NerModel::two_pass_bytes(&written_first, &second);
    let model = NerModel::from_bytes(&bytes)?;
    let two = evaluate(&model, dev, gazetteer);
    log(&averaged("second", runs.len(), &second, &two));
    Ok((bytes, two))
}

/// The first pass: one model per seed, averaged; its weights, the file written of them (under
/// [`Options::min_weight`]) and that file's score (logged).
fn first_pass_model(
    train: &[Document],
    dev: &[Document],
    options: &Options,
    seeds: &[u64],
    gazetteer: &Gazetteer,
    log: &(impl Fn(&str) + Sync),
) -> Result<(Averaged, Vec<u8>, Score), String> {
    let jobs = seeds
        .iter()
        .map(|&seed| {
            Box::new(move || {
                train_one(train, None, dev, options, options.epochs, seed, gazetteer, None, |l| {
                    log(&format!("seed {seed}: {l}"))
                })
            }) as Box<dyn FnOnce() -> _ + Send>
        })
        .collect();
    let runs = in_pairs(jobs).into_iter().collect::<Result<Vec<_>, String>>()?;
    let averaged_runs = average(&runs);
    let first = encode(&averaged_runs, options.max_features, options.min_weight);
    let model = NerModel::from_bytes(&first)?;
    let score = evaluate(&model, dev, gazetteer);
    log(&averaged("first", runs.len(), &first, &score));
    Ok((averaged_runs, first, score))
}

/// The log line of an averaged pass: its size and its score on the dev set.
fn averaged(pass: &str, runs: usize, bytes: &[u8], score: &Score) -> String {
    format!(
        "{pass} pass, average of {runs} runs: {} features, {:.1} MB; dev P {:.2} R {:.2} F1 {:.2}",
        (bytes.len() - 16) / (8 + 2 * NUM_TAGS),
        bytes.len() as f64 / 1e6,
        score.precision,
        score.recall,
        score.f1
    )
}

/// Jackknifed first-pass tags of the training set: each fold tagged by a first pass (one seed)
/// trained on the other folds, so that the tags have the errors of unseen text.
fn jackknife(
    train: &[Document],
    dev: &[Document],
    options: &Options,
    gazetteer: &Gazetteer,
    log: &(impl Fn(&str) + Sync),
) -> Result<Vec<Vec<u8>>, String> {
    let folds = options.folds;
    let per_fold = options.fold_seeds.max(1);
    let rests: Vec<Vec<Document>> = (0..folds)
        .map(|fold| {
            train.iter().enumerate().filter(|(d, _)| d % folds != fold).map(|(_, d)| d.clone()).collect()
        })
        .collect();
    let rests = &rests;
    let jobs = (0..folds * per_fold)
        .map(|job| {
            let (fold, k) = (job / per_fold, job % per_fold);
            Box::new(move || {
                let seed = options.seed + 100 + job as u64;
                train_one(&rests[fold], None, dev, options, options.epochs, seed, gazetteer, None, |l| {
                    log(&format!("fold {fold}, run {k}: {l}"))
                })
            }) as Box<dyn FnOnce() -> Result<Averaged, String> + Send>
        })
        .collect();
    let runs = in_pairs(jobs).into_iter().collect::<Result<Vec<_>, String>>()?;
    let mut train_tags = vec![Vec::new(); train.len()];
    for (fold, runs) in runs.chunks(per_fold).enumerate() {
        let model = NerModel::from_bytes(&encode(&average(runs), options.max_features, EVERY_FEATURE))?;
        // One scratch for the fold's documents: its caches are the model's (and take their room
        // once).
        let mut scratch = Scratch::default();
        for d in (fold..train.len()).step_by(folds) {
            train_tags[d] = first_pass_tags(&model, &train[d], gazetteer, &mut scratch);
        }
    }
    Ok(train_tags)
}

/// `doc`'s sentences as one text, its tokens a space apart, as the committed model was trained
/// (`tag-conll` lays them out as running text writes them: [`join_tokens`]).
fn lay_out(doc: &Document, text: &mut String, tokens: &mut Vec<Token>, sentences: &mut Vec<Range<usize>>) {
    join_tokens(doc.sentences.iter().map(|s| s.tokens.as_slice()), false, text, tokens, sentences);
}

/// The first pass's tags of one document.
fn first_pass_tags(
    model: &NerModel,
    doc: &Document,
    gazetteer: &Gazetteer,
    scratch: &mut Scratch,
) -> Vec<u8> {
    let (mut text, mut tokens, mut sentences) = (String::new(), Vec::new(), Vec::new());
    lay_out(doc, &mut text, &mut tokens, &mut sentences);
    let mut codes = Vec::new();
    gazetteer_codes(gazetteer, &text, &tokens, &mut Vec::new(), &mut codes);
    let mut tags = Vec::new();
    model.tag_first(&text, &tokens, &sentences, &codes, scratch, &mut tags);
    tags
}

/// One averaged perceptron trained with shuffle seed `seed`: the averaged weights of the epoch
/// that scores best on `dev`, sorted by key.
/// For the second pass, `first_tags` holds the first pass's tags of every training document and
/// `first` the first pass's bytes (the development score is the two passes').
#[allow(clippy::too_many_arguments)]
fn train_one(
    train: &[Document],
    first_tags: Option<&[Vec<u8>]>,
    dev: &[Document],
    options: &Options,
    epochs: usize,
    seed: u64,
    gazetteer: &Gazetteer,
    first: Option<&[u8]>,
    log: impl Fn(&str),
) -> Result<Vec<(u64, [f32; NUM_TAGS])>, String> {
    let lex = Lexicon::new();
    let mut weights = Weights::default();
    let docs: Vec<Prepared> = train
        .iter()
        .enumerate()
        .map(|(d, doc)| {
            let mut prepared =
                prepare(doc, first_tags.map(|t| t[d].as_slice()), gazetteer, &lex, &mut weights);
            if doc.source != 0 {
                prepared.weight = options.extra_weight;
            }
            prepared
        })
        .collect();
    log(&format!(
        "{} documents, {} tokens, {} word features",
        docs.len(),
        docs.iter().map(|d| d.gold.len()).sum::<usize>(),
        weights.keys.len()
    ));
    let mut rng = SplitMix(seed);
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let mut now: u32 = 1;
    let mut best_model: Option<(Averaged, Score)> = None;
    let mut keys = Vec::new();
    let mut history: IdMap<u8> = IdMap::default();
    let mut dropout = SplitMix(seed ^ 0xD809_0D7E);
    let mut draw = |p: f64| p > 0.0 && (dropout.next() >> 11) as f64 / (1u64 << 53) as f64 <= p;
    // Per token of the sentence: bit 0 word identity hidden, 1 name lists, 2 gazetteer codes.
    let mut hidden: Vec<u8> = Vec::new();
    let mut runs = Vec::new();
    for epoch in 1..=epochs {
        for i in (1..order.len()).rev() {
            order.swap(i, (rng.next() % (i as u64 + 1)) as usize);
        }
        let (mut errors, mut total) = (0usize, 0usize);
        for &d in &order {
            let doc = &docs[d];
            history.clear();
            for (s, sentence) in doc.sentences.iter().enumerate() {
                let (mut prev, mut prev2) = (START, START);
                let n = sentence.len();
                hidden.clear();
                hidden.extend((0..n).map(|_| {
                    draw(options.word_dropout) as u8
                        | (draw(options.list_dropout) as u8) << 1
                        | (draw(options.gazetteer_dropout) as u8) << 2
                }));
                name_runs(&doc.run_class[sentence.clone()], &doc.lower[sentence.clone()], &mut runs);
                let hidden_at = |p: isize, bit: u8| p >= 0 && p < n as isize && hidden[p as usize] & bit != 0;
                for (j, &run) in runs.iter().enumerate() {
                    let i = sentence.start + j;
                    let class_at = |dj: isize| {
                        let p = j as isize + dj;
                        if p < 0 || p >= n as isize { 10 } else { doc.class[sentence.start + p as usize] }
                    };
                    let gaz_at = |dj: isize| {
                        let p = j as isize + dj;
                        if p < 0 || p >= n as isize || hidden_at(p, 4) {
                            0
                        } else {
                            doc.gazetteer[sentence.start + p as usize]
                        }
                    };
                    let lower_at = |dj: isize| {
                        let p = j as isize + dj;
                        if p < 0 || p >= n as isize || hidden_at(p, 1) {
                            0
                        } else {
                            doc.lower[sentence.start + p as usize]
                        }
                    };
                    let hkey = doc.history[i];
                    let hist = if hkey == 0 { 0 } else { history.get(&hkey).map_or(0, |t| t + 1) };
                    let context = Context {
                        prev,
                        prev2,
                        class: [class_at(-1), doc.class[i], class_at(1)],
                        first: j == 0,
                        headline: doc.headline[s],
                        gaz: [gaz_at(-1), gaz_at(0), gaz_at(1)],
                        history: hist,
                        elsewhere: doc.flags[i],
                        lower: [lower_at(-1), lower_at(0), lower_at(1)],
                        run,
                    };
                    keys.clear();
                    context_features(&context, Parts::ALL, &mut keys);
                    if let Some(pass) = doc.passes.get(i) {
                        second_pass_features(pass, prev, doc.class[i], j == 0, &mut keys);
                    }
                    let range = doc.starts[i] as usize..doc.starts[i + 1] as usize;
                    let mut features: Vec<u32> = doc.features[range.clone()]
                        .iter()
                        .zip(&doc.groups[range])
                        .filter(|&(_, &g)| g == 0 || !hidden_at(j as isize + (g & 7) as isize - 2, g >> 3))
                        .map(|(&f, _)| f)
                        .collect();
                    features.extend(keys.iter().map(|&k| weights.intern(k)));
                    let mut scores = [0.0f32; NUM_TAGS];
                    for &f in &features {
                        let row = &weights.w[f as usize * NUM_TAGS..(f as usize + 1) * NUM_TAGS];
                        for (s, w) in scores.iter_mut().zip(row) {
                            *s += w;
                        }
                    }
                    let predicted = best(&scores, prev);
                    let gold = doc.gold[i];
                    if predicted != gold {
                        errors += 1;
                        for &f in &features {
                            weights.update(f, gold, doc.weight, now);
                            weights.update(f, predicted, -doc.weight, now);
                        }
                    }
                    total += 1;
                    now += 1;
                    let used = if epoch <= options.gold_epochs { gold } else { predicted };
                    // The second pass's history is the first pass's (see `NerModel::tag_second`).
                    let seen = doc.passes.get(i).map_or(used, |p| p.tags[1]);
                    if let Some(kind) = tag_type(seen).filter(|_| hkey != 0) {
                        history.insert(hkey, kind);
                    }
                    prev2 = prev;
                    prev = used;
                }
            }
        }
        let averaged = weights.averaged_all(now);
        let bytes = encode(&averaged, options.max_features, EVERY_FEATURE);
        let model = match first {
            Some(first) => NerModel::from_bytes(&NerModel::two_pass_bytes(first, &bytes))?,
            None => NerModel::from_bytes(&bytes)?,
        };
        let score = evaluate(&model, dev, gazetteer);
        log(&format!(
            "epoch {epoch:2}: training errors {:.2}%, {} features, {:.1} MB; dev P {:.2} R {:.2} F1 {:.2}",
            100.0 * errors as f64 / total as f64,
            (bytes.len() - 16) / (8 + 2 * NUM_TAGS),
            bytes.len() as f64 / 1e6,
            score.precision,
            score.recall,
            score.f1
        ));
        if best_model.as_ref().is_none_or(|(_, b)| score.f1 > b.f1) {
            let mut sorted = averaged;
            sorted.sort_unstable_by_key(|(key, _)| *key);
            best_model = Some((sorted, score));
        }
    }
    best_model.map(|(w, _)| w).ok_or_else(|| "no epochs".to_string())
}

fn prepare(
    doc: &Document,
    first_tags: Option<&[u8]>,
    gazetteer: &Gazetteer,
    lex: &Lexicon,
    weights: &mut Weights,
) -> Prepared {
    let (mut text, mut tokens, mut sentences) = (String::new(), Vec::<Token>::new(), Vec::new());
    lay_out(doc, &mut text, &mut tokens, &mut sentences);
    let mut codes = Vec::new();
    gazetteer_codes(gazetteer, &text, &tokens, &mut Vec::new(), &mut codes);
    let gold: Vec<u8> = doc.sentences.iter().flat_map(|s| conll::to_iob2(&s.tags)).collect();
    let word = |i: usize| &text[tokens[i].range()];
    let mut headline = Vec::new();
    let mut starts = vec![0u32];
    let mut features = Vec::new();
    let mut groups = Vec::new();
    let (mut keys, mut scratch, mut values) = (Vec::new(), String::new(), Vec::new());
    for sentence in &sentences {
        let head = is_headline(sentence.clone().map(word));
        headline.push(head);
        for i in sentence.clone() {
            keys.clear();
            for k in -2i8..=2 {
                let p = i as isize + k as isize;
                let w = if p < sentence.start as isize {
                    BOS
                } else if p >= sentence.end as isize {
                    EOS
                } else {
                    word(p as usize)
                };
                let from = keys.len();
                word_features(lex, w, head, k, &mut scratch, &mut values, &mut keys);
                let droppable = FeatureGroups::new(w, k);
                groups.extend(keys[from..].iter().map(|&key| match droppable.group(key) {
                    0 => 0,
                    g => g << 3 | (k + 2) as u8,
                }));
            }
            features.extend(keys.iter().map(|&k| weights.intern(k)));
            starts.push(features.len() as u32);
        }
    }
    let class = (0..tokens.len()).map(|i| word_class(word(i))).collect();
    let run_class = (0..tokens.len()).map(|i| lex.run_class(word(i))).collect();
    let words: Vec<&str> = (0..tokens.len()).map(word).collect();
    let facts: Vec<WordFacts> = words.iter().map(|w| WordFacts::of(lex, w, &mut scratch)).collect();
    let history: Vec<u64> = facts.iter().map(|f| f.history()).collect();
    let first: Vec<bool> = (0..tokens.len()).map(|i| sentences.iter().any(|s| s.start == i)).collect();
    let mut flags = Vec::new();
    super::features::document_flags(|i| facts[i], &first, &mut IdMap::default(), &mut flags);
    let lower: Vec<u64> = words
        .iter()
        .map(|w| super::features::lower_hash(&w.chars().flat_map(char::to_lowercase).collect::<String>()))
        .collect();
    let mut passes = Vec::new();
    if let Some(tags) = first_tags {
        let capital: Vec<bool> = history.iter().map(|&k| k != 0).collect();
        first_pass(tags, &lower, &capital, &sentences, &mut IdMap::default(), &mut Vec::new(), &mut passes);
    }
    // The name lists hold extra data's own names (WNUT-2017): there, they would be given away.
    if doc.source != 0 {
        for (f, g) in features.iter_mut().zip(&mut groups) {
            if *g >> 3 == 2 {
                *f = u32::MAX;
                *g = 0;
            }
        }
        let mut k = 0;
        let mut kept_starts = vec![0u32];
        let (mut kept, mut kept_groups) = (Vec::new(), Vec::new());
        for i in 0..starts.len() - 1 {
            for at in starts[i] as usize..starts[i + 1] as usize {
                if features[at] != u32::MAX {
                    kept.push(features[at]);
                    kept_groups.push(groups[at]);
                    k += 1;
                }
            }
            kept_starts.push(k);
        }
        (features, groups, starts) = (kept, kept_groups, kept_starts);
    }
    Prepared {
        weight: 1.0,
        gold,
        sentences,
        headline,
        gazetteer: codes,
        class,
        run_class,
        history,
        flags,
        lower,
        passes,
        starts,
        features,
        groups,
    }
}

/// Exact-span precision, recall and F1 of `model` on `docs` (conlleval's rules).
pub(crate) fn evaluate(model: &NerModel, docs: &[Document], gazetteer: &Gazetteer) -> Score {
    let (mut text, mut tokens, mut sentences) = (String::new(), Vec::new(), Vec::new());
    let (mut codes, mut candidates, mut tags) = (Vec::new(), Vec::new(), Vec::new());
    let mut scratch = Scratch::default();
    let (mut gold_spans, mut predicted_spans) = (Vec::new(), Vec::new());
    let (mut correct, mut found, mut expected) = (0usize, 0usize, 0usize);
    for doc in docs {
        lay_out(doc, &mut text, &mut tokens, &mut sentences);
        gazetteer_codes(gazetteer, &text, &tokens, &mut candidates, &mut codes);
        model.tag(&text, &tokens, &sentences, &codes, &mut scratch, &mut tags);
        let gold: Vec<u8> = doc.sentences.iter().flat_map(|s| conll::to_iob2(&s.tags)).collect();
        spans(&gold, &mut gold_spans);
        spans(&tags, &mut predicted_spans);
        found += predicted_spans.len();
        expected += gold_spans.len();
        correct += predicted_spans.iter().filter(|s| gold_spans.binary_search(s).is_ok()).count();
    }
    let precision = 100.0 * correct as f64 / found.max(1) as f64;
    let recall = 100.0 * correct as f64 / expected.max(1) as f64;
    let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
    Score { precision, recall, f1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys `encode` wrote, in the file's order.
    fn written_keys(bytes: &[u8]) -> Vec<u64> {
        let n = u32::from_le_bytes(bytes[8..12].try_into().unwrap()) as usize;
        (0..n).map(|i| u64::from_le_bytes(bytes[16 + i * 8..24 + i * 8].try_into().unwrap())).collect()
    }

    #[test]
    fn the_written_model_drops_features_whose_weights_round_under_the_floor() {
        // The strongest weight is 32767 steps, so a step is 1.0: a weight rounds as written.
        let feature = |key: u64, w: f32| {
            let mut weights = [0.0; NUM_TAGS];
            weights[key as usize % NUM_TAGS] = w;
            (key, weights)
        };
        let weights = vec![
            feature(7, 0.4),
            feature(2, 32767.0),
            feature(5, 127.4),
            feature(3, -127.5),
            feature(9, 0.5),
            feature(4, -200.0),
        ];
        assert_eq!(written_keys(&encode(&weights, 100, 1)), [2, 3, 4, 5, 9], "only 0.4 rounds to 0");
        assert_eq!(written_keys(&encode(&weights, 100, 128)), [2, 3, 4], "127.5 rounds to 128, 127.4 not");
        assert_eq!(written_keys(&encode(&weights, 2, 128)), [2, 4], "the strongest two");
        let model = NerModel::from_bytes(&encode(&weights, 100, 128)).unwrap();
        assert_eq!(model.first.words.get(4).map(|w| w[4]), Some(-200));
        assert_eq!(model.first.words.get(3).map(|w| w[3]), Some(-128), "kept as written: 128 steps");
        assert_eq!(model.first.words.get(5), None);

        // Steps of another size: the strongest weight 3.0, a step 3/32767.
        let step = 3.0 / 32767.0;
        let weights = vec![feature(2, 3.0), feature(5, 127.4 * step), feature(3, 127.6 * step)];
        assert_eq!(written_keys(&encode(&weights, 100, 128)), [2, 3]);
        assert_eq!(written_keys(&encode(&weights, 100, 127)), [2, 3, 5]);
    }

    #[test]
    fn training_refuses_a_floor_outside_the_written_steps() {
        for min_weight in [0, 32768, u16::MAX] {
            let options = Options { min_weight, ..Options::default() };
            let error = train(&[], &[], &options, |_| {}).unwrap_err();
            assert_eq!(error, format!("min_weight is {min_weight}; it must be 1 to 32767 steps"));
        }
    }
}
