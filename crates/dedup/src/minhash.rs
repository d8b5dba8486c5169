//! MinHash signatures by one-permutation hashing (Li, Owen and Zhang 2012) with optimal
//! densification (Shrivastava 2017): `num_perm` values per document, so that two signatures
//! agree at a position with probability (close to) the Jaccard similarity of the shingle sets.
//!
//! Why not `num_perm` hash functions: a loop over 80 functions per shingle is 80 multiplies per
//! shingle and capped the stage at ~13,000 articles/s per core. Here each shingle is hashed once
//! to 64 bits; the high half picks its bin, the low half is its value, and each bin keeps its
//! minimum — one multiply-shift per shingle whatever `num_perm` is. A bin no shingle fell into
//! (likely only for texts with fewer shingles than bins) borrows the value of the first non-empty
//! bin along a probe sequence fixed by its own index, so two texts with the same shingles fill it
//! the same way and the agreement probability stays the Jaccard similarity. The hash has a fixed
//! seed, so signatures (and so LSH candidates) are the same on every run and machine.

/// The fixed seed of the shingle hash. Changing it changes which borderline pairs LSH finds, so
/// it is a constant, not an option.
const SEED: u64 = 0x636f_7079_6465_736b; // "copydesk"

/// A value no shingle gets (values are clamped below it): marks an empty bin.
const EMPTY: u32 = u32::MAX;

#[derive(Clone, Debug)]
pub struct MinHasher {
    bins: usize,
    /// Per empty bin `i` and bin `j`, the step of `i`'s probe sequence at which it first reaches
    /// `j` (`rank[i * bins + j]`; [`NEVER`] if not within `u16::MAX - 1` steps), for
    /// `bins <= MAX_RANKED` only: a text with a few filled bins then fills each empty one from
    /// the filled bin of the lowest rank, the bin probing would reach first, without probing.
    /// (A one-shingle headline probed ~`bins` steps for each of its `bins - 1` empty bins: 20 µs.)
    rank: std::sync::Arc<[u16]>,
}

/// The largest `num_perm` whose probe ranks are kept (2 MB of them).
const MAX_RANKED: usize = 1024;
const NEVER: u16 = u16::MAX;

impl MinHasher {
    pub fn new(num_perm: usize) -> Self {
        assert!(num_perm > 0, "num_perm must be at least 1");
        let bins = num_perm;
        let mut rank = Vec::new();
        if bins <= MAX_RANKED {
            rank = vec![NEVER; bins * bins];
            for i in 0..bins {
                let ranks = &mut rank[i * bins..(i + 1) * bins];
                let (mut state, mut seen) = (start(i), 0);
                for step in 0..NEVER {
                    let j = probe(&mut state, bins);
                    if ranks[j] == NEVER {
                        ranks[j] = step;
                        seen += 1;
                        if seen == bins {
                            break;
                        }
                    }
                }
            }
        }
        MinHasher { bins, rank: rank.into() }
    }

    pub fn len(&self) -> usize {
        self.bins
    }

    /// Replace `sig` with the signature of `shingles`. An empty set gives all `u32::MAX`; callers
    /// keep such documents out of the LSH index.
    pub fn signature(&self, shingles: &[u32], sig: &mut Vec<u32>) {
        sig.clear();
        sig.resize(self.bins, EMPTY);
        let bins = self.bins as u64;
        for &shingle in shingles {
            let h = mix(u64::from(shingle) ^ SEED);
            let bin = ((h >> 32) * bins) >> 32;
            let value = (h as u32).min(EMPTY - 1);
            let slot = &mut sig[bin as usize];
            *slot = (*slot).min(value);
        }
        if shingles.is_empty() || !sig.contains(&EMPTY) {
            return;
        }
        // Densify from the filled bins only (not from bins filled by borrowing), so the result
        // does not depend on the order empty bins are visited.
        let filled = sig.clone();
        let full: Vec<usize> = (0..self.bins).filter(|&j| filled[j] != EMPTY).collect();
        // Probing takes ~bins/|full| steps a bin; ranks take |full| reads: ranks when fewer.
        let ranked = !self.rank.is_empty() && full.len() * full.len() < self.bins;
        for (i, slot) in sig.iter_mut().enumerate().filter(|(_, v)| **v == EMPTY) {
            if ranked {
                let ranks = &self.rank[i * self.bins..(i + 1) * self.bins];
                let first = full.iter().copied().min_by_key(|&j| ranks[j]).filter(|&j| ranks[j] != NEVER);
                if let Some(j) = first {
                    *slot = filled[j];
                    continue;
                }
            }
            let mut state = start(i);
            loop {
                let j = probe(&mut state, self.bins);
                if filled[j] != EMPTY {
                    *slot = filled[j];
                    break;
                }
            }
        }
    }
}

/// The probe sequence of empty bin `i`: its start...
fn start(i: usize) -> u64 {
    (i as u64) << 32 ^ SEED
}

/// ...and its next bin.
fn probe(state: &mut u64, bins: usize) -> usize {
    *state = mix(state.wrapping_add(0x9e37_79b9_7f4a_7c15));
    (((*state >> 32) * bins as u64) >> 32) as usize
}

/// The SplitMix64 / Murmur3 finalizer: a bijection on 64 bits that mixes every input bit into
/// every output bit, cheap enough to run once per shingle.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signature(hasher: &MinHasher, shingles: &[u32]) -> Vec<u32> {
        let mut sig = Vec::new();
        hasher.signature(shingles, &mut sig);
        sig
    }

    fn random_set(state: &mut u64, n: usize) -> Vec<u32> {
        (0..n).map(|_| (mix(state.wrapping_add(1)) as u32, *state += 1).0).collect()
    }

    fn agreement(bins: usize, shared: usize, only: usize) -> f64 {
        let hasher = MinHasher::new(bins);
        let mut state = 7;
        let common = random_set(&mut state, shared);
        let mut a: Vec<u32> = common.iter().copied().chain(random_set(&mut state, only)).collect();
        let mut b: Vec<u32> = common.iter().copied().chain(random_set(&mut state, only)).collect();
        a.sort_unstable();
        b.sort_unstable();
        let (sa, sb) = (signature(&hasher, &a), signature(&hasher, &b));
        sa.iter().zip(&sb).filter(|(x, y)| x == y).count() as f64 / bins as f64
    }

    #[test]
    fn agreement_estimates_jaccard() {
        // (bins, shared, only in each): many shingles per bin, and fewer shingles than bins
        // (where densification fills most bins).
        for (bins, shared, only) in [(512, 600, 400), (512, 60, 40), (80, 300, 200), (1024, 30, 20)] {
            let jaccard = shared as f64 / (shared + 2 * only) as f64;
            let agree = agreement(bins, shared, only);
            assert!((agree - jaccard).abs() < 0.08, "{bins} bins, {shared}/{only}: {agree} vs {jaccard}");
        }
    }

    /// Filling empty bins from the probe ranks gives what probing gives, bin for bin.
    #[test]
    fn ranks_fill_empty_bins_as_probing_does() {
        let mut state = 11;
        for bins in [1, 2, 5, 80, 128, 300] {
            let ranked = MinHasher::new(bins);
            let probing = MinHasher { bins, rank: Vec::new().into() };
            for n in [1, 2, 3, 5, 9, 20, 60] {
                for _ in 0..20 {
                    let set = random_set(&mut state, n);
                    assert_eq!(
                        signature(&ranked, &set),
                        signature(&probing, &set),
                        "{bins} bins, {n} shingles"
                    );
                }
            }
        }
    }

    #[test]
    fn signatures_are_fixed_and_full() {
        let hasher = MinHasher::new(4);
        assert_eq!(signature(&hasher, &[]), vec![u32::MAX; 4]);
        assert_eq!(signature(&hasher, &[1, 2, 3]), signature(&MinHasher::new(4), &[3, 2, 1]));
        let one = signature(&MinHasher::new(16), &[42]);
        assert!(one.iter().all(|&v| v == one[0] && v != EMPTY), "{one:?}");
    }
}
