//! LSH banding over MinHash signatures, laid out for a stream of millions of documents.
//!
//! A signature of `bands × rows` values is cut into bands; two documents are candidates when all
//! rows of some band agree. Each band is reduced to a 32-bit key and stored in one column per
//! band, indexed by fingerprint number: 4 bytes per band per document and nothing else — no hash
//! tables, no per-entry pointers. Candidates are found at end of stream, one band at a time:
//! that band's `(key, fingerprint)` pairs are gathered into a scratch vector (8 bytes per
//! document, for one band only), sorted, and equal keys sit in runs. Sorting gives candidates in a fixed order
//! whatever the input order, and suits a stream (nothing is looked up while documents arrive).
//! A false key collision only adds a candidate, which the exact check rejects: at a million
//! documents about a hundred per band. Key 0 marks "no entry" (a text without words), so real
//! keys are never 0.

use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::chunked::Chunked;

/// The most rows a band may have; it bounds the stack buffer a band is hashed from.
pub const MAX_ROWS: usize = 64;

/// Write the band keys of `signature` (`bands × rows` values) into `out` (`bands` slots).
fn band_keys(signature: &[u32], rows: usize, out: &mut [u32]) {
    debug_assert_eq!(signature.len(), rows * out.len());
    let mut bytes = [0u8; 4 * MAX_ROWS];
    for (band, (key, values)) in out.iter_mut().zip(signature.chunks_exact(rows)).enumerate() {
        for (slot, value) in bytes.chunks_exact_mut(4).zip(values) {
            slot.copy_from_slice(&value.to_le_bytes());
        }
        // Seeding with the band number keeps equal values in different bands apart.
        *key = ((xxh3_64_with_seed(&bytes[..4 * rows], band as u64) >> 32) as u32).max(1);
    }
}

/// The band keys of every fingerprint, a column per band.
#[derive(Clone, Debug)]
pub struct LshIndex {
    rows: usize,
    columns: Vec<Chunked<u32>>,
    /// More `(key, fp)` entries per band: sets re-indexed without their boilerplate paragraphs.
    /// In blocks like the columns: half a million re-indexed texts in a `Vec` that had just
    /// doubled held 335 MB for 168 MB of entries (the 1 GB bench's peak went from 530 to 603 MB
    /// when a normalize change moved the count past 2^19).
    extra: Vec<Chunked<[u32; 2]>>,
    scratch: Vec<u32>,
}

impl LshIndex {
    pub fn new(bands: usize, rows: usize) -> Self {
        assert!((1..=MAX_ROWS).contains(&rows), "rows {rows} out of range");
        LshIndex {
            rows,
            columns: vec![Chunked::default(); bands],
            extra: vec![Chunked::default(); bands],
            scratch: vec![0; bands],
        }
    }

    /// Index the next fingerprint (number `len()`) by its signature; an empty signature (a text
    /// without words) gets no entries.
    /// Returns its band keys (all 0 for an empty signature).
    pub fn push(&mut self, signature: &[u32]) -> &[u32] {
        if signature.is_empty() {
            self.scratch.iter_mut().for_each(|k| *k = 0);
        } else {
            band_keys(signature, self.rows, &mut self.scratch);
        }
        for (column, &key) in self.columns.iter_mut().zip(&self.scratch) {
            column.push(key);
        }
        &self.scratch
    }

    /// Index fingerprint `fp` under a second signature too (its set without boilerplate). The old
    /// entries stay: a stale candidate costs one exact check, which runs on the new set.
    pub fn add(&mut self, fp: u32, signature: &[u32]) {
        if signature.is_empty() {
            return;
        }
        band_keys(signature, self.rows, &mut self.scratch);
        for (extra, &key) in self.extra.iter_mut().zip(&self.scratch) {
            extra.push([key, fp]);
        }
    }

    pub fn bands(&self) -> usize {
        self.columns.len()
    }

    /// Call `f(a, b)` (with `a < b`) for every pair of fingerprints sharing a key in some band,
    /// band by band, in key order. A pair sharing several bands is reported once per band:
    /// callers skip pairs they already joined.
    #[cfg(test)]
    pub fn for_each_candidate(&self, mut f: impl FnMut(u32, u32)) {
        let mut scratch = BandScratch::default();
        for band in 0..self.bands() {
            self.band_runs(band, &mut scratch, |run| pairs_of(run, &mut f));
        }
    }

    /// Call `f` with every run of two or more fingerprints sharing a key in band `band`, in key
    /// order, each run ascending (as `key << 32 | fp` entries), with `scratch` for the band's
    /// sorted entries: every pair in a run is a candidate.
    pub fn band_runs(&self, band: usize, scratch: &mut BandScratch, f: impl FnMut(&[u64])) {
        // The band's entries are sorted a key range at a time, so the buffers hold at most
        // ~256k entries whatever the stream's length (at a million texts they were 16 MB a
        // thread); ranges are in key order, so the runs come in the same order as one sort.
        self.band_runs_in_parts(band, 1 << 18, scratch, f);
    }

    fn band_runs_in_parts(
        &self,
        band: usize,
        part_size: usize,
        scratch: &mut BandScratch,
        mut f: impl FnMut(&[u64]),
    ) {
        let BandScratch { entries, spare, counts } = scratch;
        let column = &self.columns[band];
        let extra = &self.extra[band];
        let parts = (column.len() + extra.len()).div_ceil(part_size).next_power_of_two().min(1 << 16) as u64;
        let width = (1u64 << 32) / parts;
        for part in 0..parts {
            let (lo, hi) = (part * width, (part + 1) * width);
            let in_part = |k: u32| (lo..hi).contains(&u64::from(k));
            entries.clear();
            entries.extend(
                column
                    .iter()
                    .enumerate()
                    .filter(|&(_, k)| k != 0 && in_part(k))
                    .map(|(fp, k)| u64::from(k) << 32 | fp as u64),
            );
            entries.extend(
                extra.iter().filter(|e| in_part(e[0])).map(|e| u64::from(e[0]) << 32 | u64::from(e[1])),
            );
            sort_by_key(entries, spare, counts);
            entries.dedup();
            for run in entries.chunk_by(|x, y| x >> 32 == y >> 32) {
                if run.len() > 1 {
                    f(run);
                }
            }
        }
    }

    /// Whether `a` and `b` share a key in one of the bands before `band`: then every pair of
    /// them was a candidate in that band already (the extra entries aside, which only make more).
    pub fn collided_before(&self, band: usize, a: u32, b: u32) -> bool {
        self.columns[..band].iter().any(|column| {
            let key = column.get(a as usize);
            key != 0 && key == column.get(b as usize)
        })
    }

    /// `fp`'s key in `band` (0 for none; the extra entries aside).
    pub fn key(&self, band: usize, fp: u32) -> u32 {
        self.columns[band].get(fp as usize)
    }

    /// How many bands `a` and `b` share a key in (the extra entries aside).
    pub fn shared_bands(&self, a: u32, b: u32) -> usize {
        self.columns
            .iter()
            .filter(|column| {
                let key = column.get(a as usize);
                key != 0 && key == column.get(b as usize)
            })
            .count()
    }

    pub fn heap_bytes(&self) -> usize {
        self.columns.iter().map(Chunked::heap_bytes).sum::<usize>()
            + self.extra.iter().map(Chunked::heap_bytes).sum::<usize>()
    }
}

/// Call `f(a, b)` for every pair of a run from [`LshIndex::band_runs`], `a < b`, in order.
pub fn pairs_of(run: &[u64], mut f: impl FnMut(u32, u32)) {
    for (i, &x) in run.iter().enumerate() {
        for &y in &run[i + 1..] {
            f(x as u32, y as u32);
        }
    }
}

/// Buffers for searching one band, kept from one band to the next (the searches run on threads
/// started for each group of bands: buffers of their own would be new memory each time).
#[derive(Default)]
pub struct BandScratch {
    entries: Vec<u64>,
    spare: Vec<u64>,
    /// The radix sort's digit counts.
    counts: Vec<usize>,
}

/// Fewer entries than this are sorted by `sort_unstable`: the radix sort's two passes each clear
/// and sum 65,536 counts.
const RADIX_MIN: usize = 1 << 13;

/// Sort `(key << 32 | fp)` entries as `sort_unstable` would, in a fraction of its time: a stable
/// radix sort on the key (two 16-bit digits) keeps the fingerprints of one key in the order
/// they came, which is ascending but for the few re-indexed entries at the end, so only runs
/// holding those are sorted again. At a million entries a band, this was most of the candidate
/// search. Below [`RADIX_MIN`] entries, clearing the digit counts costs more than the sort saves,
/// so a small band (a small run's) is sorted as a whole.
fn sort_by_key(entries: &mut Vec<u64>, spare: &mut Vec<u64>, counts: &mut Vec<usize>) {
    if entries.len() < RADIX_MIN {
        entries.sort_unstable();
        return;
    }
    spare.clear();
    spare.resize(entries.len(), 0);
    counts.resize(1 << 16, 0);
    for shift in [32, 48] {
        counts.fill(0);
        for &e in entries.iter() {
            counts[(e >> shift) as usize & 0xffff] += 1;
        }
        let mut at = 0;
        for c in counts.iter_mut() {
            (*c, at) = (at, at + *c);
        }
        for &e in entries.iter() {
            let digit = (e >> shift) as usize & 0xffff;
            spare[counts[digit]] = e;
            counts[digit] += 1;
        }
        std::mem::swap(entries, spare);
    }
    for run in entries.chunk_by_mut(|x, y| x >> 32 == y >> 32) {
        if !run.is_sorted() {
            run.sort_unstable();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidates(bands: usize, rows: usize, signatures: &[&[u32]]) -> Vec<(u32, u32)> {
        let mut index = LshIndex::new(bands, rows);
        for sig in signatures {
            _ = index.push(sig);
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
    fn the_radix_sort_sorts() {
        let mut x: u64 = 7;
        let mut entries: Vec<u64> = (0..2 * RADIX_MIN as u64)
            .map(|fp| {
                x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                (x >> 40) << 32 | fp
            })
            .chain([3 << 32 | 9, 3 << 32 | 2, 1 << 48 | 7])
            .collect();
        let mut expect = entries.clone();
        expect.sort_unstable();
        sort_by_key(&mut entries, &mut Vec::new(), &mut Vec::new());
        assert_eq!(entries, expect);
    }

    #[test]
    fn key_ranges_give_the_pairs_of_one_sort() {
        let mut index = LshIndex::new(1, 1);
        let mut x = 3u64;
        for _ in 0..3000 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            _ = index.push(&[(x >> 56) as u32]);
        }
        index.add(5, &[7]);
        let pairs = |part_size: usize| {
            let mut out = Vec::new();
            index.band_runs_in_parts(0, part_size, &mut BandScratch::default(), |run| {
                pairs_of(run, |a, b| out.push((a, b)))
            });
            out
        };
        let whole = pairs(usize::MAX);
        assert!(whole.len() > 10_000, "{}", whole.len());
        assert_eq!(pairs(100), whole);
        assert_eq!(pairs(1), whole);
    }

    #[test]
    fn equal_values_in_different_bands_do_not_match() {
        assert_eq!(candidates(2, 2, &[&[1, 2, 3, 4], &[3, 4, 1, 2]]), vec![]);
    }

    #[test]
    fn added_signatures_and_empty_ones() {
        // fp 1 has no words; fp 2 is re-indexed with fp 0's signature.
        let mut index = LshIndex::new(2, 2);
        for sig in [&[1, 2, 3, 4][..], &[], &[5, 6, 7, 8]] {
            _ = index.push(sig);
        }
        index.add(2, &[1, 2, 3, 4]);
        let mut out = Vec::new();
        index.for_each_candidate(|a, b| out.push((a, b)));
        assert_eq!(out, vec![(0, 2), (0, 2)], "once per band");
    }
}
