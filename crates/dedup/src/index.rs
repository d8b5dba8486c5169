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

use crate::lsh::LshIndex;
use crate::minhash::MinHasher;
use crate::shingle::Shingler;
use crate::unionfind::UnionFind;

/// How similar two fingerprints are, on their exact shingle sets.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scores {
    pub jaccard: f64,
    /// `|A ∩ B| / min(|A|, |B|)`: 1.0 when the smaller text is wholly inside the larger.
    pub containment: f64,
}

impl Scores {
    const SAME: Scores = Scores { jaccard: 1.0, containment: 1.0 };
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
    shingler: Shingler,
    minhasher: Arc<MinHasher>,
    signature: Vec<u32>,
    scratch: Vec<u32>,
    /// xxh3 of a text → its fingerprint. Only looked up, never iterated, so its random seed
    /// cannot reach the output.
    exact: HashMap<u64, u32>,
    /// Fingerprint `i`'s shingles are `shingles[offsets[i]..offsets[i + 1]]`.
    offsets: Vec<usize>,
    shingles: Vec<u32>,
    lsh: LshIndex,
    sets: UnionFind,
}

impl Index {
    pub fn new(shingle_size: usize, minhasher: Arc<MinHasher>, bands: usize, rows: usize) -> Self {
        Index {
            shingler: Shingler::new(shingle_size),
            minhasher,
            signature: Vec::new(),
            scratch: Vec::new(),
            exact: HashMap::new(),
            offsets: vec![0],
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

    /// Add a new fingerprint for `text`; `text_hash` is remembered for [`Index::lookup_exact`]
    /// unless `None` (the hash collided with a different text).
    pub fn insert(&mut self, text: &str, text_hash: Option<u64>) -> u32 {
        let fp = self.sets.push();
        if let Some(hash) = text_hash {
            self.exact.insert(hash, fp);
        }
        self.shingler.shingles(text, &mut self.scratch);
        self.shingles.extend_from_slice(&self.scratch);
        self.offsets.push(self.shingles.len());
        // A text without words has no shingles: it can only be an exact copy.
        if !self.scratch.is_empty() {
            self.minhasher.signature(&self.scratch, &mut self.signature);
            self.lsh.insert(fp, &self.signature);
        }
        fp
    }

    /// Join every LSH candidate pair whose exact Jaccard or containment reaches its threshold.
    pub fn join_similar(&mut self, jaccard: f64, containment: f64) -> ClusterStats {
        let mut stats = ClusterStats::default();
        let Index { lsh, sets, shingles, offsets, .. } = self;
        lsh.for_each_candidate(|a, b| {
            // Already one cluster (true copies share many bands): joining again changes nothing.
            if sets.find(a) == sets.find(b) {
                return;
            }
            stats.checked += 1;
            let scores = scores_of(set(shingles, offsets, a), set(shingles, offsets, b));
            if scores.jaccard >= jaccard || scores.containment >= containment {
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
        self.offsets.len() - 1
    }

    /// Exact scores of two fingerprints.
    pub fn scores(&self, a: u32, b: u32) -> Scores {
        if a == b {
            return Scores::SAME;
        }
        scores_of(set(&self.shingles, &self.offsets, a), set(&self.shingles, &self.offsets, b))
    }

    /// Bytes held by the index, for the log line at the end of a run.
    pub fn heap_bytes(&self) -> usize {
        self.shingles.capacity() * 4
            + self.offsets.capacity() * 8
            + self.lsh.heap_bytes()
            + self.len() * 8
            + self.exact.capacity() * 16
    }
}

fn set<'a>(shingles: &'a [u32], offsets: &[usize], fp: u32) -> &'a [u32] {
    &shingles[offsets[fp as usize]..offsets[fp as usize + 1]]
}

/// Jaccard and containment of two sorted, distinct shingle lists. Two empty lists score 0: texts
/// without words are only ever equal as exact copies, which never get here.
pub fn scores_of(a: &[u32], b: &[u32]) -> Scores {
    if a.is_empty() || b.is_empty() {
        return Scores { jaccard: 0.0, containment: 0.0 };
    }
    let common = intersection_len(a, b);
    let union = a.len() + b.len() - common;
    Scores { jaccard: common as f64 / union as f64, containment: common as f64 / a.len().min(b.len()) as f64 }
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
        let check = |a: &[u32], b: &[u32], jaccard: f64, containment: f64| {
            assert_eq!(scores_of(a, b), Scores { jaccard, containment }, "{a:?} {b:?}");
            assert_eq!(scores_of(b, a), Scores { jaccard, containment }, "{b:?} {a:?}");
        };
        check(&[1, 2, 3, 4], &[1, 2, 3, 4], 1.0, 1.0);
        check(&[1, 2, 3, 4], &[3, 4, 5, 6], 2.0 / 6.0, 0.5);
        check(&[1, 2], &[1, 2, 3, 4, 5, 6, 7, 8], 0.25, 1.0);
        check(&[1, 2], &[3, 4], 0.0, 0.0);
        check(&[], &[1], 0.0, 0.0);
        check(&[], &[], 0.0, 0.0);
    }
}
