//! Word clusters for the statistical tagger, learned from unlabelled news text:
//! `cargo xtask train-ner` runs this over the Reuters-21578, BBC and AG News texts (JSONL from
//! `cargo xtask corpus`; not part of the repository) and writes `model/clusters.tsv`.
//!
//! Each frequent word is described by the distribution of its left and right neighbours (the
//! 600 most frequent words, plus a spelling class for the rest), square-rooted (Hellinger) and
//! normalised; bisecting spherical k-means then splits the vocabulary in two, recursively, to a
//! depth of 16, so each word gets a bit path whose prefixes are coarser clusters, as Brown
//! clusters' paths are. Deterministic: no random initialisation, ties broken by frequency rank.
//!
//! usage: word_clusters OUT FILE.jsonl…

use std::collections::HashMap;
use std::io::BufRead;

use copydesk_tag::ner::tokens::tokenize;

const VOCABULARY: usize = 60_000;
const MIN_COUNT: u32 = 3;
const CONTEXTS: usize = 600;
const CLASSES: usize = 8;
const DEPTH: usize = 16;

fn class(word: &str) -> usize {
    let first = word.chars().next().unwrap_or(' ');
    if first.is_ascii_digit() {
        0
    } else if !first.is_alphanumeric() {
        1
    } else if word.chars().all(|c| !c.is_lowercase()) {
        2
    } else if first.is_uppercase() {
        3
    } else if word.contains('-') {
        4
    } else {
        5
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [out, files @ ..] = args.as_slice() else {
        eprintln!("usage: word_clusters OUT FILE.jsonl…");
        std::process::exit(2);
    };
    let started = std::time::Instant::now();
    // Sentences as token strings interned to ids.
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut words: Vec<String> = Vec::new();
    let mut counts: Vec<u32> = Vec::new();
    let mut corpus: Vec<u32> = Vec::new(); // u32::MAX separates sentences
    let (mut tokens, mut sentences) = (Vec::new(), Vec::new());
    for file in files {
        let reader =
            std::io::BufReader::new(std::fs::File::open(file).unwrap_or_else(|e| panic!("{file}: {e}")));
        for line in reader.lines() {
            let line = line.expect("readable JSONL");
            let value: serde_json::Value = serde_json::from_str(&line).expect("JSON lines");
            let text = value["text"].as_str().unwrap_or("");
            tokenize(text, &mut tokens, &mut sentences);
            for sentence in &sentences {
                for t in &tokens[sentence.clone()] {
                    let w = &text[t.range()];
                    let id = *ids.entry(w.to_string()).or_insert_with(|| {
                        words.push(w.to_string());
                        counts.push(0);
                        words.len() as u32 - 1
                    });
                    counts[id as usize] += 1;
                    corpus.push(id);
                }
                corpus.push(u32::MAX);
            }
        }
    }
    eprintln!("{} tokens, {} types ({:.1} s)", corpus.len(), words.len(), started.elapsed().as_secs_f64());

    // Frequency rank, ties by spelling, for determinism.
    let mut rank: Vec<u32> = (0..words.len() as u32).collect();
    rank.sort_by(|&a, &b| {
        counts[b as usize].cmp(&counts[a as usize]).then(words[a as usize].cmp(&words[b as usize]))
    });
    let vocab: Vec<u32> =
        rank.iter().copied().filter(|&w| counts[w as usize] >= MIN_COUNT).take(VOCABULARY).collect();
    let mut row = vec![u32::MAX; words.len()];
    for (r, &w) in vocab.iter().enumerate() {
        row[w as usize] = r as u32;
    }
    let mut context = vec![usize::MAX; words.len()];
    for (c, &w) in rank.iter().take(CONTEXTS).enumerate() {
        context[w as usize] = c;
    }
    let width = CONTEXTS + CLASSES;
    let dims = 2 * width + 2;
    let mut vectors = vec![0f32; vocab.len() * dims];
    let context_of = |w: u32| -> usize {
        if w == u32::MAX {
            width - 1
        } else if context[w as usize] != usize::MAX {
            context[w as usize]
        } else {
            CONTEXTS + class(&words[w as usize])
        }
    };
    for i in 0..corpus.len() {
        let w = corpus[i];
        if w == u32::MAX || row[w as usize] == u32::MAX {
            continue;
        }
        let base = row[w as usize] as usize * dims;
        let left = if i == 0 { u32::MAX } else { corpus[i - 1] };
        let right = corpus.get(i + 1).copied().unwrap_or(u32::MAX);
        vectors[base + context_of(left)] += 1.0;
        vectors[base + width + context_of(right)] += 1.0;
    }
    for v in vectors.chunks_mut(dims) {
        let total: f32 = v.iter().sum::<f32>().max(1.0);
        for x in v.iter_mut() {
            *x = (*x / total).sqrt();
        }
        normalise(v);
    }
    eprintln!("{} words, {} dimensions ({:.1} s)", vocab.len(), dims, started.elapsed().as_secs_f64());

    // Bisecting spherical k-means, breadth first.
    let mut paths = vec![String::new(); vocab.len()];
    let mut groups: Vec<Vec<usize>> = vec![(0..vocab.len()).collect()];
    for depth in 0..DEPTH {
        let mut next = Vec::new();
        for group in groups {
            if group.len() < 2 {
                continue;
            }
            let (a, b) = split(&vectors, dims, &group);
            for &m in &a {
                paths[m].push('0');
            }
            for &m in &b {
                paths[m].push('1');
            }
            next.push(a);
            next.push(b);
        }
        groups = next;
        eprintln!("depth {} ({:.1} s)", depth + 1, started.elapsed().as_secs_f64());
    }
    let mut text = String::from(
        "# word<TAB>cluster bit path: bisecting k-means over neighbour distributions in the news corpora\n",
    );
    for (r, &w) in vocab.iter().enumerate() {
        text.push_str(&words[w as usize]);
        text.push('\t');
        text.push_str(&paths[r]);
        text.push('\n');
    }
    std::fs::write(out, text).unwrap_or_else(|e| panic!("{out}: {e}"));
    eprintln!("wrote {out} ({:.1} s)", started.elapsed().as_secs_f64());
}

fn normalise(v: &mut [f32]) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-9);
    for x in v.iter_mut() {
        *x /= norm;
    }
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Split `group` (rows, in frequency order) in two with spherical k-means: seeds are the most
/// frequent member and the member least similar to it.
fn split(vectors: &[f32], dims: usize, group: &[usize]) -> (Vec<usize>, Vec<usize>) {
    let v = |m: usize| &vectors[m * dims..(m + 1) * dims];
    let first = group[0];
    let far = *group
        .iter()
        .min_by(|&&a, &&b| dot(v(a), v(first)).total_cmp(&dot(v(b), v(first))).then(a.cmp(&b)))
        .unwrap();
    let mut centres = [v(first).to_vec(), v(far).to_vec()];
    let mut side = vec![false; group.len()];
    for _ in 0..6 {
        for (k, &m) in group.iter().enumerate() {
            side[k] = dot(v(m), &centres[1]) > dot(v(m), &centres[0]);
        }
        if side.iter().all(|&s| s) || side.iter().all(|&s| !s) {
            // Degenerate: split by rank so the tree still deepens.
            for (k, s) in side.iter_mut().enumerate() {
                *s = k % 2 == 1;
            }
            break;
        }
        for (c, centre) in centres.iter_mut().enumerate() {
            centre.iter_mut().for_each(|x| *x = 0.0);
            for (k, &m) in group.iter().enumerate() {
                if side[k] == (c == 1) {
                    for (x, y) in centre.iter_mut().zip(v(m)) {
                        *x += y;
                    }
                }
            }
            normalise(centre);
        }
    }
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for (k, &m) in group.iter().enumerate() {
        if side[k] { b.push(m) } else { a.push(m) }
    }
    (a, b)
}
