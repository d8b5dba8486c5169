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

fn paragraphs(text: &str) -> Vec<String> {
    let parts: Vec<String> =
        text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(String::from).collect();
    if parts.len() > 1 { parts } else { text.split(". ").map(|s| s.trim().to_string()).collect() }
}

fn edited(article: &Article, base: &[Article], rng: &mut Rng, n: usize) -> Article {
    let mut paras = paragraphs(&article.text);
    let other = |rng: &mut Rng| paragraphs(&base[rng.below(base.len())].text);
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
    let mut text = paras.join("\n\n");
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
}
