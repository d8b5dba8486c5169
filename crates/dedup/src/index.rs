//! The dedup index: one fingerprint per distinct text (its shingles, its LSH band keys, its
//! union-find node), filled while documents stream in and clustered once at end of stream.
//!
//! Memory per distinct text, for an article of `w` words with the default 40 bands:
//! 4·w bytes of shingle hashes (sorted `u32`s in one flat arena), 8 for its arena offset,
//! 8·40 = 320 for its LSH entries, 8 for union-find and about 20 for the exact-text map entry:
//! some 2.8 KB for a 600-word article. An exact copy costs only its map lookup. The shingle
//! arena dominates; it is kept because every candidate pair gets an exact check (MinHash
//! estimates are too noisy near the thresholds). The held documents themselves are the
//! stage's, not the index's.

use std::collections::HashMap;
use std::sync::Arc;

use crate::fingerprint::{Fingerprint, Fingerprinter};
use crate::lsh::LshIndex;
use crate::minhash::MinHasher;
use crate::unionfind::UnionFind;

/// How similar two fingerprints are, on their exact shingle sets.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scores {
    pub jaccard: f64,
    /// `|A ∩ B| / min(|A|, |B|)`: 1.0 when the smaller text is wholly inside the larger.
    pub containment: f64,
    /// `|A ∩ B| / max(|A|, |B|)`: how much of the larger text the pair shares. A short article
    /// pasted whole into a long one is "contained" but shares little of the long one.
    pub overlap: f64,
}

impl Scores {
    const SAME: Scores = Scores { jaccard: 1.0, containment: 1.0, overlap: 1.0 };
}

/// What clustering did, for the logs and the evaluation example.
#[derive(Clone, Copy, Debug, Default)]
pub struct ClusterStats {
    /// Candidate pairs LSH reported that were not already in one cluster.
    pub checked: u64,
    /// Checked pairs that passed a threshold.
    pub joined: u64,
}

#[derive(Clone, Debug)]
pub struct Index {
    fingerprinter: Fingerprinter,
    scratch: Fingerprint,
    /// xxh3 of a text → its fingerprint. Only looked up, never iterated, so its random seed
    /// cannot reach the output.
    exact: HashMap<u64, u32>,
    /// Fingerprint `i`'s shingles are `shingles[start..start + len]` for `spans[i] = (start, len)`;
    /// a span can be replaced (boilerplate removed at end of stream) by appending a new set.
    spans: Vec<(usize, u32)>,
    shingles: Vec<u32>,
    lsh: LshIndex,
    sets: UnionFind,
}

impl Index {
    pub fn new(shingle_size: usize, minhasher: Arc<MinHasher>, bands: usize, rows: usize) -> Self {
        Index {
            fingerprinter: Fingerprinter::new(shingle_size, minhasher),
            scratch: Fingerprint::default(),
            exact: HashMap::new(),
            spans: Vec::new(),
            shingles: Vec::new(),
            lsh: LshIndex::new(bands, rows),
            sets: UnionFind::default(),
        }
    }

    /// The fingerprint already holding a text with this hash, if any. The caller confirms the
    /// texts are equal: a 64-bit collision is unlikely, not impossible.
    pub fn lookup_exact(&self, text_hash: u64) -> Option<u32> {
        self.exact.get(&text_hash).copied()
    }

    /// The fingerprinter, for decoding the `fingerprint` stage's field.
    pub fn fingerprinter(&self) -> &Fingerprinter {
        &self.fingerprinter
    }

    /// Add a new fingerprint: `given` (from the fingerprint stage) or computed from `text`.
    /// `text_hash` is remembered for [`Index::lookup_exact`] unless `None` (the hash collided
    /// with a different text).
    pub fn insert(&mut self, text: &str, given: Option<&Fingerprint>, text_hash: Option<u64>) -> u32 {
        let fp = self.sets.push();
        if let Some(hash) = text_hash {
            self.exact.insert(hash, fp);
        }
        let mut scratch = std::mem::take(&mut self.scratch);
        let fingerprint = match given {
            Some(given) => given,
            None => {
                self.fingerprinter.compute(text, &mut scratch);
                &scratch
            }
        };
        self.spans.push((self.shingles.len(), fingerprint.shingles.len() as u32));
        self.shingles.extend_from_slice(&fingerprint.shingles);
        if !fingerprint.signature.is_empty() {
            self.lsh.insert(fp, &fingerprint.signature);
        }
        self.scratch = scratch;
        fp
    }

    /// Replace the shingles of `fp` with those of `text` (the same text without its boilerplate
    /// paragraphs) and index them in LSH too. The old LSH entries stay: a stale candidate costs
    /// one exact check, which now runs on the new set.
    pub fn replace(&mut self, fp: u32, text: &str) {
        self.fingerprinter.compute(text, &mut self.scratch);
        self.spans[fp as usize] = (self.shingles.len(), self.scratch.shingles.len() as u32);
        self.shingles.extend_from_slice(&self.scratch.shingles);
        // A text without words has no shingles: it can only be an exact copy.
        if !self.scratch.signature.is_empty() {
            self.lsh.insert(fp, &self.scratch.signature);
        }
    }

    /// Join every LSH candidate pair whose exact Jaccard or containment reaches its threshold.
    pub fn join_similar(&mut self, rule: &Rule) -> ClusterStats {
        let mut stats = ClusterStats::default();
        let Index { lsh, sets, shingles, spans, .. } = self;
        lsh.for_each_candidate(|a, b| {
            // Already one cluster (true copies share many bands): joining again changes nothing.
            if sets.find(a) == sets.find(b) {
                return;
            }
            stats.checked += 1;
            let scores = scores_of(set(shingles, spans, a), set(shingles, spans, b));
            if rule.is_duplicate(&scores) {
                sets.union(a, b);
                stats.joined += 1;
            }
        });
        stats
    }

    /// The cluster `fp` belongs to, as a fingerprint number (valid after [`Index::join_similar`]).
    pub fn root(&mut self, fp: u32) -> u32 {
        self.sets.find(fp)
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Exact scores of two fingerprints.
    pub fn scores(&self, a: u32, b: u32) -> Scores {
        if a == b {
            return Scores::SAME;
        }
        scores_of(set(&self.shingles, &self.spans, a), set(&self.shingles, &self.spans, b))
    }

    /// Bytes held by the index, for the log line at the end of a run.
    pub fn heap_bytes(&self) -> usize {
        self.shingles.capacity() * 4
            + self.spans.capacity() * 16
            + self.lsh.heap_bytes()
            + self.len() * 8
            + self.exact.capacity() * 16
    }
}

fn set<'a>(shingles: &'a [u32], spans: &[(usize, u32)], fp: u32) -> &'a [u32] {
    let (start, len) = spans[fp as usize];
    &shingles[start..start + len as usize]
}

/// When a checked pair is a duplicate: see `options` for the defaults and why.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    pub jaccard: f64,
    pub containment: f64,
    /// For the containment test, the shared shingles must also be this share of the larger set.
    pub containment_overlap: f64,
}

impl Rule {
    pub fn is_duplicate(&self, s: &Scores) -> bool {
        s.jaccard >= self.jaccard
            || (s.containment >= self.containment && s.overlap >= self.containment_overlap)
    }
}

/// Jaccard and containment of two sorted, distinct shingle lists. Two empty lists score 0: texts
/// without words are only ever equal as exact copies, which never get here.
pub fn scores_of(a: &[u32], b: &[u32]) -> Scores {
    if a.is_empty() || b.is_empty() {
        return Scores { jaccard: 0.0, containment: 0.0, overlap: 0.0 };
    }
    let common = intersection_len(a, b) as f64;
    let union = (a.len() + b.len()) as f64 - common;
    Scores {
        jaccard: common / union,
        containment: common / a.len().min(b.len()) as f64,
        overlap: common / a.len().max(b.len()) as f64,
    }
}

fn intersection_len(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_of_sets() {
        let check = |a: &[u32], b: &[u32], jaccard: f64, containment: f64, overlap: f64| {
            let expect = Scores { jaccard, containment, overlap };
            assert_eq!(scores_of(a, b), expect, "{a:?} {b:?}");
            assert_eq!(scores_of(b, a), expect, "{b:?} {a:?}");
        };
        check(&[1, 2, 3, 4], &[1, 2, 3, 4], 1.0, 1.0, 1.0);
        check(&[1, 2, 3, 4], &[3, 4, 5, 6], 2.0 / 6.0, 0.5, 0.5);
        check(&[1, 2], &[1, 2, 3, 4, 5, 6, 7, 8], 0.25, 1.0, 0.25);
        check(&[1, 2], &[3, 4], 0.0, 0.0, 0.0);
        check(&[], &[1], 0.0, 0.0, 0.0);
        check(&[], &[], 0.0, 0.0, 0.0);
    }
}
