//! Enlarged corpora for scale runs: articles made by seeded edits of real ones, the way outlets
//! edit wire copy (a new lead, a paragraph dropped or inserted, house-style substitutions, a
//! trimmed end, changed figures). The same seed gives the same bytes on every machine.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use crate::corpus::Article;

/// SplitMix64: a tiny, fully specified generator, so generated corpora do not change when a
/// random-number crate changes its algorithms.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const STYLE: &[(&str, &str)] = &[
    (" United States ", " US "),
    (" per cent", "%"),
    (" said on Monday", " said Monday"),
    (" said on Tuesday", " said Tuesday"),
    (" NATO ", " Nato "),
    ("organisation", "organization"),
    ("\"", "\u{201C}"),
];

/// The seed of the bench's enlarged corpora.
pub const BENCH_SEED: u64 = 20_221_103;

/// The generator's version, in the corpora's file names: a bench finds an enlarged corpus by
/// its name and makes it only when missing, so a generator that writes other bytes must name
/// its files anew. Version 2 keeps Reuters paragraphs and whole sentences (see [`units`]).
const VERSION: u32 = 2;

/// The file name of the enlarged corpus of `mb` MB.
pub fn file_name(mb: u64) -> String {
    format!("enlarged-v{VERSION}-{mb}mb.jsonl")
}

/// The file names earlier generators gave the corpus of `mb` MB (to be removed: a 1 GB one
/// is a gigabyte of disk).
pub fn stale_file_names(mb: u64) -> impl Iterator<Item = String> {
    std::iter::once(format!("enlarged-{mb}mb.jsonl"))
        .chain((2..VERSION).map(move |v| format!("enlarged-v{v}-{mb}mb.jsonl")))
}

/// Writes JSONL articles made from `base` until the texts reach `target_bytes`.
pub fn write(path: &Path, base: &[Article], target_bytes: u64, seed: u64) -> Result<(usize, u64)> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    let mut rng = Rng::new(seed);
    let (mut count, mut bytes) = (0usize, 0u64);
    while bytes < target_bytes {
        let article = edited(&base[rng.below(base.len())], base, &mut rng, count);
        bytes += article.text.len() as u64;
        serde_json::to_writer(&mut out, &article)?;
        out.write_all(b"\n")?;
        count += 1;
    }
    out.flush()?;
    Ok((count, bytes))
}

/// The units an edit moves, and what joins them: the paragraphs (a blank line or, in Reuters
/// copy, an indented line starts one), or for a one-paragraph text (AG News) its sentences,
/// each keeping its full stop and joined by a space. A sentence ends at ". " before a capital,
/// unless the word before is an abbreviation ("U.S. President", "Mr. Smith"): cutting there
/// had made "U.S" and full stops lost, typos no outlet makes.
fn units(text: &str) -> (Vec<String>, &'static str) {
    let mut paras: Vec<String> = Vec::new();
    let mut open = false;
    for line in text.lines() {
        if line.trim().is_empty() {
            open = false;
            continue;
        }
        if open && !line.starts_with([' ', '\t']) {
            let last = paras.last_mut().expect("an open paragraph");
            last.push('\n');
            last.push_str(line.trim_end());
        } else {
            paras.push(line.trim().to_string());
        }
        open = true;
    }
    if paras.len() > 1 {
        return (paras, "\n\n");
    }
    let text = text.trim();
    let mut sentences = Vec::new();
    let mut start = 0;
    for (at, _) in text.match_indices(". ") {
        let word = text[start..at].rsplit(char::is_whitespace).next().unwrap_or("");
        let next_is_capital = text[at + 2..].starts_with(|c: char| c.is_uppercase());
        if next_is_capital && word.chars().count() > 2 && !word.contains('.') {
            sentences.push(text[start..=at].to_string());
            start = at + 2;
        }
    }
    sentences.push(text[start..].to_string());
    sentences.retain(|s| !s.is_empty());
    (sentences, " ")
}

fn edited(article: &Article, base: &[Article], rng: &mut Rng, n: usize) -> Article {
    let (mut paras, joiner) = units(&article.text);
    let other = |rng: &mut Rng| units(&base[rng.below(base.len())].text).0;
    if rng.chance(40) && !paras.is_empty() {
        let lead = other(rng).into_iter().next().unwrap_or_default();
        paras[0] = lead;
    }
    if rng.chance(30) && paras.len() > 2 {
        let at = rng.below(paras.len());
        paras.remove(at);
    }
    if rng.chance(30) {
        let extra = other(rng);
        if !extra.is_empty() {
            let pick = extra[rng.below(extra.len())].clone();
            let at = rng.below(paras.len() + 1);
            paras.insert(at, pick);
        }
    }
    if rng.chance(20) && paras.len() > 3 {
        let keep = paras.len() - 1 - rng.below(paras.len() / 2);
        paras.truncate(keep);
    }
    let mut text = paras.join(joiner);
    if rng.chance(50) {
        let (from, to) = STYLE[rng.below(STYLE.len())];
        text = text.replace(from, to);
    }
    if rng.chance(30) {
        // Changed figures: bump every digit 7 to 8, a cheap stand-in for updated numbers.
        text = text.replace('7', "8");
    }
    Article {
        id: format!("gen-{n}"),
        title: article.title.clone(),
        published: article.published.clone(),
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_is_seeded() {
        let base: Vec<Article> = (0..5)
            .map(|i| Article {
                id: format!("a{i}"),
                title: None,
                published: None,
                text: format!(
                    "Lead {i} said on Monday.\n\nSecond {i} paragraph.\n\nThird {i}.\n\nFourth {i} 1977."
                ),
            })
            .collect();
        let dir = std::env::temp_dir().join(format!("copydesk-enlarge-{}", std::process::id()));
        let (a, b) = (dir.join("a.jsonl"), dir.join("b.jsonl"));
        let first = write(&a, &base, 2_000, 7).unwrap();
        let second = write(&b, &base, 2_000, 7).unwrap();
        assert_eq!(first, second);
        assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
        assert!(first.1 >= 2_000);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn units_are_paragraphs_or_whole_sentences() {
        let reuters = "The U.S. Treasury said\non Monday it would sell bills.\n    Officials said so. Mr. Baker agreed.";
        let (paras, joiner) = units(reuters);
        assert_eq!(
            paras,
            [
                "The U.S. Treasury said\non Monday it would sell bills.",
                "Officials said so. Mr. Baker agreed."
            ]
        );
        assert_eq!(joiner, "\n\n");
        let (paras, _) = units("First one.\n\n\nSecond one.");
        assert_eq!(paras, ["First one.", "Second one."]);
        let (sentences, joiner) =
            units("U.S. officials met Mr. Smith in Washington. They agreed. Talks end Friday.");
        assert_eq!(
            sentences,
            ["U.S. officials met Mr. Smith in Washington.", "They agreed.", "Talks end Friday."]
        );
        assert_eq!(joiner, " ");
    }
}
