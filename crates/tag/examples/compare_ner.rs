//! Where the whole tag stage gains and loses against the statistical model alone on a CoNLL
//! file: prints both scores and every span the two disagree on, with the gold span. With
//! `--passes`, compares the model's first pass with its second instead.
//!
//! usage: compare_ner FILE [--passes] [--write OUT]
//!
//! `--write OUT` also writes the whole stage's tags as `copydesk tag-conll` does (token, gold
//! tag in IOB2, predicted tag), for error analysis.

use std::collections::HashSet;

use copydesk_tag::ConllTagger;
use copydesk_tag::ner::conll;

type Span = (usize, usize, String);

fn chunks(tags: &[&str], base: usize, out: &mut Vec<Span>) {
    let mut open: Option<(usize, &str)> = None;
    for (i, tag) in tags.iter().enumerate() {
        let (prefix, kind) = if *tag == "O" { ("O", "") } else { tag.split_once('-').unwrap_or(("I", tag)) };
        if prefix == "I" && open.is_some_and(|(_, k)| k == kind) {
            continue;
        }
        if let Some((s, k)) = open.take() {
            out.push((base + s, base + i, k.to_string()));
        }
        if prefix != "O" {
            open = Some((i, kind));
        }
    }
    if let Some((s, k)) = open {
        out.push((base + s, base + tags.len(), k.to_string()));
    }
}

fn f1(found: &[Span], gold: &HashSet<&Span>) -> f64 {
    let correct = found.iter().filter(|s| gold.contains(s)).count() as f64;
    let (p, r) = (correct / found.len().max(1) as f64, correct / gold.len().max(1) as f64);
    200.0 * p * r / (p + r).max(1e-9)
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: compare_ner FILE [--passes]");
    let args: Vec<String> = std::env::args().skip(2).collect();
    let passes = args.iter().any(|a| a == "--passes");
    let write = args.iter().position(|a| a == "--write").and_then(|i| args.get(i + 1));
    let mut written = String::new();
    let docs = conll::parse(&std::fs::read_to_string(&path).expect("readable file"));
    let mut tagger = ConllTagger::new().expect("tagger");
    let (mut gold, mut whole, mut model, mut words) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut first = Vec::new();
    for doc in &docs {
        let sentences: Vec<Vec<String>> = doc.sentences.iter().map(|s| s.tokens.clone()).collect();
        let tags = tagger.tag_document(&sentences);
        let own = tagger.model_tags(&sentences);
        let first_tags = tagger.first_pass_tags(&sentences);
        for (k, s) in doc.sentences.iter().enumerate() {
            let base = words.len();
            let iob2: Vec<&str> =
                conll::to_iob2(&s.tags).iter().map(|&t| copydesk_tag::ner::TAGS[t as usize]).collect();
            chunks(&iob2, base, &mut gold);
            chunks(&tags[k], base, &mut whole);
            chunks(&own[k], base, &mut model);
            chunks(&first_tags[k], base, &mut first);
            if write.is_some() {
                for (j, token) in s.tokens.iter().enumerate() {
                    written += &format!("{token} {} {}\n", iob2[j], tags[k][j]);
                }
                written.push('\n');
            }
            words.extend(s.tokens.iter().cloned());
        }
    }
    if let Some(out) = write {
        std::fs::write(out, &written).unwrap_or_else(|e| panic!("cannot write {out}: {e}"));
    }
    let gold_set: HashSet<&Span> = gold.iter().collect();
    println!(
        "first pass alone F1 {:.2}; model alone (both passes) F1 {:.2}; whole stage F1 {:.2}",
        f1(&first, &gold_set),
        f1(&model, &gold_set),
        f1(&whole, &gold_set)
    );
    for (name, found) in [("first pass", &first), ("model", &model), ("whole stage", &whole)] {
        let by_type: Vec<String> = ["PER", "ORG", "LOC", "MISC"]
            .iter()
            .map(|kind| {
                let of = |spans: &[Span]| spans.iter().filter(|s| s.2 == *kind).cloned().collect::<Vec<_>>();
                let gold_of = of(&gold);
                format!("{kind} {:.2}", f1(&of(found), &gold_of.iter().collect()))
            })
            .collect();
        println!("{name}: {}", by_type.join(", "));
    }
    let (whole, model) = if passes { (model, first) } else { (whole, model) };
    let (ws, ms): (HashSet<&Span>, HashSet<&Span>) = (whole.iter().collect(), model.iter().collect());
    let show = |s: &Span| format!("{} [{}]", words[s.0..s.1].join(" "), s.2);
    for s in &whole {
        if !ms.contains(s) {
            let mark = if gold_set.contains(s) { "GAIN" } else { "new-wrong" };
            println!("{mark}\t{}", show(s));
        }
    }
    for s in &model {
        if !ws.contains(s) {
            let mark = if gold_set.contains(s) { "LOSS" } else { "fixed" };
            let gold_here: Vec<String> = gold.iter().filter(|g| g.0 < s.1 && s.0 < g.1).map(show).collect();
            println!("{mark}\t{}\tgold: {}", show(s), gold_here.join("; "));
        }
    }
}
