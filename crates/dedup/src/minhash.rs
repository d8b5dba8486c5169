//! MinHash signatures: `num_perm` minima of random hash functions over a shingle set, so that
//! two signatures agree at a position with probability equal to the sets' Jaccard similarity.
//!
//! Each hash function is a multiply-add-shift `(a·x + b) mod 2^64 >> 32` over the 32-bit shingle
//! hash (Dietzfelbinger's strongly universal family): one multiply and one add per shingle and
//! function, no modulo. The parameters come from a fixed seed, so signatures (and so LSH
//! candidates) are the same on every run and machine.

/// The fixed seed of the hash functions' parameters. Changing it changes which borderline pairs
/// LSH finds, so it is a constant, not an option.
const SEED: u64 = 0x636f_7079_6465_736b; // "copydesk"

#[derive(Clone, Debug)]
pub struct MinHasher {
    a: Vec<u64>,
    b: Vec<u64>,
}

impl MinHasher {
    pub fn new(num_perm: usize) -> Self {
        let mut state = SEED;
        let mut a = Vec::with_capacity(num_perm);
        let mut b = Vec::with_capacity(num_perm);
        for _ in 0..num_perm {
            a.push(splitmix64(&mut state) | 1); // odd: the map x -> a·x stays injective
            b.push(splitmix64(&mut state));
        }
        MinHasher { a, b }
    }

    pub fn len(&self) -> usize {
        self.a.len()
    }

    /// Replace `sig` with the signature of `shingles`. An empty set gives all `u32::MAX`; callers
    /// keep such documents out of the LSH index.
    pub fn signature(&self, shingles: &[u32], sig: &mut Vec<u32>) {
        sig.clear();
        sig.resize(self.a.len(), u32::MAX);
        // Shingles outer, functions inner: the inner loop walks three arrays in step, which the
        // compiler unrolls, and `sig` stays in L1.
        for &shingle in shingles {
            let x = u64::from(shingle);
            for ((min, &a), &b) in sig.iter_mut().zip(&self.a).zip(&self.b) {
                let h = (a.wrapping_mul(x).wrapping_add(b) >> 32) as u32;
                *min = (*min).min(h);
            }
        }
    }
}

/// Steele, Lea and Flood's SplitMix64: a tiny, well-mixed generator for fixed parameters.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
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

    #[test]
    fn agreement_estimates_jaccard() {
        let hasher = MinHasher::new(512);
        // Pseudo-random shingles: 600 shared, 400 only in a, 400 only in b → Jaccard 600/1400.
        let mut state = 7;
        let mut next = || splitmix64(&mut state) as u32;
        let shared: Vec<u32> = (0..600).map(|_| next()).collect();
        let mut a: Vec<u32> = shared.iter().copied().chain((0..400).map(|_| next())).collect();
        let mut b: Vec<u32> = shared.iter().copied().chain((0..400).map(|_| next())).collect();
        a.sort_unstable();
        b.sort_unstable();
        let (sa, sb) = (signature(&hasher, &a), signature(&hasher, &b));
        let agree = sa.iter().zip(&sb).filter(|(x, y)| x == y).count() as f64 / 512.0;
        assert!((agree - 600.0 / 1400.0).abs() < 0.07, "agreement {agree}");
    }

    #[test]
    fn signatures_are_fixed() {
        let hasher = MinHasher::new(4);
        assert_eq!(signature(&hasher, &[]), vec![u32::MAX; 4]);
        assert_eq!(signature(&hasher, &[1, 2, 3]), signature(&MinHasher::new(4), &[3, 2, 1]));
    }
}
