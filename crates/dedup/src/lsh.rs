//! LSH banding over MinHash signatures: a signature is cut into `bands` bands of `rows` values,
//! and two documents become a candidate pair when they agree on every value of some band. A pair
//! of Jaccard similarity `s` is found with probability `1 - (1 - s^rows)^bands`.
//!
//! The index is append-only and has no hash map: each band is a `Vec<u64>` of entries
//! `band_key << 32 | fingerprint`, sorted once at the end so equal keys sit in runs. That costs
//! 8 bytes per band per document, gives candidates in a fixed order whatever the input order, and
//! suits a stream (nothing is looked up while documents arrive). The band key is a 32-bit hash of
//! the band's values: a false key collision only adds a candidate, which the exact check rejects,
//! and even at a million documents that is a few thousand extra checks per band.

use xxhash_rust::xxh3::xxh3_64_with_seed;

/// The most rows a band may have; it bounds the stack buffer a band is hashed from.
pub const MAX_ROWS: usize = 64;

#[derive(Clone, Debug)]
pub struct LshIndex {
    rows: usize,
    bands: Vec<Vec<u64>>,
}

impl LshIndex {
    pub fn new(bands: usize, rows: usize) -> Self {
        assert!((1..=MAX_ROWS).contains(&rows), "rows {rows} out of range");
        LshIndex { rows, bands: vec![Vec::new(); bands] }
    }

    /// Index fingerprint `fp` by its signature (`bands × rows` values).
    pub fn insert(&mut self, fp: u32, signature: &[u32]) {
        debug_assert_eq!(signature.len(), self.rows * self.bands.len());
        let mut bytes = [0u8; 4 * MAX_ROWS];
        for (band, (entries, values)) in
            self.bands.iter_mut().zip(signature.chunks_exact(self.rows)).enumerate()
        {
            for (slot, value) in bytes.chunks_exact_mut(4).zip(values) {
                slot.copy_from_slice(&value.to_le_bytes());
            }
            // Seeding with the band number keeps equal values in different bands apart.
            let key = xxh3_64_with_seed(&bytes[..4 * self.rows], band as u64) >> 32;
            entries.push(key << 32 | u64::from(fp));
        }
    }

    /// Call `f(a, b)` (with `a < b`) for every pair sharing a band key, band by band, in key
    /// order. A pair sharing several bands is reported once per band: callers skip pairs they
    /// already joined. Sorts the index in place; inserting afterwards is allowed.
    pub fn for_each_candidate(&mut self, mut f: impl FnMut(u32, u32)) {
        for entries in &mut self.bands {
            entries.sort_unstable();
            for run in entries.chunk_by(|x, y| x >> 32 == y >> 32) {
                for (i, &x) in run.iter().enumerate() {
                    for &y in &run[i + 1..] {
                        f(x as u32, y as u32);
                    }
                }
            }
        }
    }

    /// Bytes held by the index (for the memory note in the logs).
    pub fn heap_bytes(&self) -> usize {
        self.bands.iter().map(|b| b.capacity() * 8).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidates(bands: usize, rows: usize, signatures: &[&[u32]]) -> Vec<(u32, u32)> {
        let mut index = LshIndex::new(bands, rows);
        for (fp, sig) in signatures.iter().enumerate() {
            index.insert(fp as u32, sig);
        }
        let mut out = Vec::new();
        index.for_each_candidate(|a, b| out.push((a, b)));
        out
    }

    #[test]
    fn pairs_sharing_a_whole_band_are_candidates() {
        // Band 0 is [1, 2] for fps 0 and 2; band 1 is [7, 8] for fps 1 and 2; [1, 9] matches nothing.
        let out = candidates(2, 2, &[&[1, 2, 3, 4], &[5, 6, 7, 8], &[1, 2, 7, 8], &[1, 9, 3, 5]]);
        assert_eq!(out, vec![(0, 2), (1, 2)]);
    }

    #[test]
    fn equal_values_in_different_bands_do_not_match() {
        assert_eq!(candidates(2, 2, &[&[1, 2, 3, 4], &[3, 4, 1, 2]]), vec![]);
    }
}
