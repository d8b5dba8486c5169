//! The dedup index: what the stage keeps in memory while documents stream past, per distinct
//! text ("fingerprint") and per document. The documents themselves and their shingle sets are in
//! the spool (`spool.rs`); the exact checks read them back from there.
//!
//! Bytes in memory (blocks of 16K entries, so no doubling slack):
//! - per fingerprint: 4 × bands of LSH band keys (160 with 40 bands), 4 of union-find parent,
//!   4 for the number of its first document (whose spool record holds its shingles), 4 for
//!   its set's size (`set_lens`), 2 for the checks it failed (`misses`), and one
//!   entry of the exact-text map (32-bit text hash → fingerprint: 9 bytes a bucket, ~10-20; an
//!   earlier run's entry has a 64-bit hash: 13 bytes a bucket); with `index_out`, 8 more for
//!   the text's 64-bit hash, which the saved index keeps;
//! - per document: its spool offset (8), fingerprint (4) and published date (4);
//!
//! so some 205 bytes for a distinct article, 16 for an exact copy.

use std::collections::{HashMap, HashSet};
use std::io;

use copydesk_core::StopSignal;

use crate::chunked::Chunked;
use crate::fingerprint::Fingerprinter;
use crate::lsh::{BandScratch, LshIndex, pairs_of};
use crate::misses::{Misses, many_bands};
use crate::parallel::Crew;
use crate::recent::Recent;
use crate::spool::Spool;
use crate::unionfind::UnionFind;
use copydesk_core::hashing::HashKey;

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
    pub const SAME: Scores = Scores { jaccard: 1.0, containment: 1.0, overlap: 1.0 };

    /// The scores of two sets of `a` and `b` values (neither 0) that share `common`.
    fn of_counts(common: usize, a: usize, b: usize) -> Scores {
        let common = common as f64;
        let (a, b) = (a as f64, b as f64);
        Scores {
            jaccard: common / (a + b - common),
            containment: common / a.min(b),
            overlap: common / a.max(b),
        }
    }
}

/// What clustering did, for the logs.
#[derive(Clone, Copy, Debug, Default)]
pub struct ClusterStats {
    /// Distinct candidate pairs checked at the end (not checked in the window, and not already
    /// in one cluster by the window's pairs).
    pub checked: u64,
    /// Checked pairs that passed a threshold (in the window or at the end).
    pub joined: u64,
    /// Candidate pairs checked in the window as documents arrived (see `recent`).
    pub checked_in_window: u64,
    /// Every pair LSH reported (a pair sharing several bands once per band).
    pub reported: u64,
    /// The most fingerprints sharing one band key.
    pub largest_bucket: u64,
    /// Texts that failed `max_misses` checks, checked further only against texts sharing many
    /// bands (see `misses`).
    pub spent_texts: u64,
    /// The most checks one text failed.
    pub most_misses: u16,
    /// Buckets (band keys shared by two or more fingerprints) by size: 2, 3-4, 5-8, ...
    pub buckets: [u64; 16],
    /// Wall time of the end-of-stream steps: boilerplate texts re-fingerprinted, the exact
    /// checks left, representatives chosen.
    pub seconds: [f64; 3],
}

/// A held document: where its record is, which text it has, when it was published
/// (`yyyymmdd`, `u32::MAX` when missing or malformed).
#[derive(Clone, Copy, Debug, Default)]
pub struct DocMeta {
    pub offset: u64,
    pub fp: u32,
    pub date: u32,
}

#[derive(Clone, Debug)]
pub struct Index {
    fingerprinter: Fingerprinter,
    /// 32 bits of a text's xxh3 → its fingerprint. Only looked up, never iterated, so it cannot
    /// reach the output; a hit is confirmed against the spooled text.
    exact: HashMap<u32, u32, HashKey>,
    /// The whole 64-bit xxh3 of an earlier run's text (an entry loaded from `index_in`) → its
    /// fingerprint. That text is not in the spool, so a hit is a copy on the hash alone.
    earlier: HashMap<u64, u32, HashKey>,
    lsh: LshIndex,
    sets: UnionFind,
    first_doc: Chunked<u32>,
    /// Record of a fingerprint's set when it was replaced (boilerplate left out) at end of stream.
    replaced: Replaced,
    docs: Chunked<DocMeta>,
    /// This run's recent texts, checked as they arrive (see `recent`).
    recent: Recent,
    rule: Rule,
    misses: Misses,
    /// The number of shingles in each fingerprint's (current) set: a pair whose sizes alone
    /// rule it out is not read back from the spool (see [`Rule::may_pass`]).
    set_lens: Chunked<u32>,
}

impl Index {
    /// `max_misses`: failed checks after which a text is not checked again (0: no limit).
    pub fn new(fingerprinter: Fingerprinter, bands: usize, rows: usize, rule: Rule, max_misses: u32) -> Self {
        Index {
            fingerprinter,
            exact: HashMap::default(),
            earlier: HashMap::default(),
            lsh: LshIndex::new(bands, rows),
            sets: UnionFind::default(),
            first_doc: Chunked::default(),
            replaced: Replaced::default(),
            docs: Chunked::default(),
            recent: Recent::new(bands),
            rule,
            misses: Misses::new(max_misses),
            set_lens: Chunked::default(),
        }
    }

    /// The fingerprinter, for decoding the `fingerprint` stage's field.
    pub fn fingerprinter(&self) -> &Fingerprinter {
        &self.fingerprinter
    }

    pub fn fingerprinter_mut(&mut self) -> &mut Fingerprinter {
        &mut self.fingerprinter
    }

    /// The fingerprint already holding a text with this hash, if any. The caller confirms the
    /// texts are equal.
    pub fn lookup_exact(&self, text_hash: u32) -> Option<u32> {
        self.exact.get(&text_hash).copied()
    }

    /// Add a document with a text seen before (fingerprint `fp`).
    pub fn push_copy(&mut self, offset: u64, fp: u32, date: u32) {
        self.docs.push(DocMeta { offset, fp, date });
    }

    /// The entry of an earlier run whose text has this 64-bit xxh3, if any.
    pub fn lookup_earlier(&self, text_hash: u64) -> Option<u32> {
        self.earlier.get(&text_hash).copied()
    }

    /// Add an entry loaded from an earlier run's index, whose set has `set_len` shingles; its
    /// `text_hash` (64-bit xxh3, unknown in an index of version 2) is remembered for
    /// [`Index::lookup_earlier`]. Returns the new fingerprint.
    pub fn push_earlier(
        &mut self,
        offset: u64,
        date: u32,
        signature: &[u32],
        set_len: usize,
        text_hash: Option<u64>,
    ) -> u32 {
        let fp = self.sets.push();
        self.set_lens.push(set_len as u32);
        if let Some(hash) = text_hash {
            self.earlier.entry(hash).or_insert(fp);
        }
        self.first_doc.push(self.docs.len() as u32);
        self.misses.push();
        _ = self.lsh.push(signature);
        self.docs.push(DocMeta { offset, fp, date });
        fp
    }

    /// Add a document with a new text of this run, whose shingle set is at hand: it is also
    /// checked against the recent texts (see `recent`). `text_hash` is remembered for
    /// [`Index::lookup_exact`] unless `None` (it collided with a different text). Returns the new
    /// fingerprint.
    pub fn push_streamed(
        &mut self,
        offset: u64,
        date: u32,
        signature: &[u32],
        shingles: &[u32],
        text_hash: Option<u32>,
    ) -> u32 {
        let fp = self.sets.push();
        self.set_lens.push(shingles.len() as u32);
        if let Some(hash) = text_hash {
            self.exact.insert(hash, fp);
        }
        self.first_doc.push(self.docs.len() as u32);
        self.misses.push();
        let keys = self.lsh.push(signature);
        self.recent.push(fp, keys, shingles, &self.rule, &mut self.misses);
        self.docs.push(DocMeta { offset, fp, date });
        fp
    }

    /// Scores of a pair joined in the window, when `a` and `b` are one (either order): saves
    /// reading both sets back to annotate a copy against its representative.
    pub fn joined_scores(&self, a: u32, b: u32) -> Option<(f64, f64)> {
        let (a, b) = (a.min(b), a.max(b));
        if !self.recent.covers(a, b) {
            return None;
        }
        // Sorted by `b`, then `a` (pairs are recorded as `b` arrives, its candidates in order).
        let joined = &self.recent.joined;
        let at = joined.partition_point(|j| (j.b, j.a) < (b, a));
        joined
            .get(at)
            .filter(|j| (j.a, j.b) == (a, b) && !self.replaced.contains(a) && !self.replaced.contains(b))
            .map(|j| (j.jaccard, j.containment))
    }

    /// Replace the set of `fp` by the one of `set_len` shingles in the record at `offset` (its
    /// text without boilerplate), and index its signature too. A `short` one is too small to
    /// judge a pair by alone: such a pair must match on the whole texts too.
    /// Its misses start again: they were failures of the old set.
    pub fn replace(&mut self, fp: u32, offset: u64, signature: &[u32], set_len: usize, short: bool) {
        self.replaced.insert(fp, offset, short);
        self.set_lens.set(fp as usize, set_len as u32);
        self.lsh.add(fp, signature);
        self.misses.reset(fp);
    }

    pub fn docs(&self) -> usize {
        self.docs.len()
    }

    pub fn doc(&self, i: usize) -> DocMeta {
        self.docs.get(i)
    }

    pub fn len(&self) -> usize {
        self.sets.len()
    }

    /// The record holding the (current) shingle set of `fp`.
    pub fn record(&self, fp: u32) -> u64 {
        record_of(&self.replaced, &self.first_doc, &self.docs, fp)
    }

    /// Join every LSH candidate pair whose exact scores pass the rule: the pairs the window
    /// joined (unless a set changed since), then the rest, reading sets from `spool`.
    /// Stops with an error of kind `Interrupted` once `stop` is set.
    pub fn join_similar(&mut self, spool: &Spool, stop: &StopSignal) -> io::Result<ClusterStats> {
        let mut stats = ClusterStats { checked_in_window: self.recent.checked, ..ClusterStats::default() };
        for j in &self.recent.joined {
            if !self.replaced.contains(j.a) && !self.replaced.contains(j.b) {
                self.sets.union(j.a, j.b);
                stats.joined += 1;
            }
        }
        let rule = self.rule;
        let Index { lsh, sets, replaced, first_doc, docs, recent, misses, set_lens, .. } = self;
        let set_lens: &Chunked<u32> = set_lens;
        recent.settle(|fp| replaced.contains(fp));
        let (lsh, replaced, recent): (&LshIndex, &Replaced, &Recent) = (lsh, replaced, recent);
        let record = |fp: u32| record_of(replaced, first_doc, docs, fp);
        let original = |fp: u32| docs.get(first_doc.get(fp as usize) as usize).offset;
        // Settled in the window as the later one arrived, on the same sets.
        let settled = |a: u32, b: u32| !replaced.contains(a) && !replaced.contains(b) && recent.settles(a, b);
        // Spent texts are left out wherever pairs are gathered, but for pairs sharing many bands
        // (from runs of at most `LARGE_RUN`: a template's keys make the large ones).
        let shares_many = |a: u32, b: u32| many_bands(lsh.shared_bands(a, b), lsh.bands());
        let may_check =
            |misses: &Misses, a: u32, b: u32| misses.may_check(a, b, || lsh.shared_bands(a, b), lsh.bands());
        // The pairs left to check: not settled in the window, and not one cluster already
        // (true copies share many bands). They are gathered a chunk at a time, then checked on
        // every core (sets read from the spool) and joined in pair order, so memory stays
        // bounded however many candidates boilerplate-heavy input makes.
        const CHUNK: usize = 1 << 18;
        let mut pairs: Vec<u64> = Vec::with_capacity(CHUNK);
        // One set cache a thread, kept from one batch of checks to the next.
        let caches: std::sync::Mutex<Vec<SetCache>> = std::sync::Mutex::default();
        // Whether each pair of a part is a duplicate.
        let check_part = |part: &[u64]| -> io::Result<Vec<bool>> {
            let mut out = Vec::with_capacity(part.len());
            let (mut a_whole, mut b_whole) = (Vec::new(), Vec::new());
            let mut cache = caches.lock().unwrap_or_else(|e| e.into_inner()).pop().unwrap_or_default();
            for &pair in part {
                let (a, b) = unpack(pair);
                // About one pair in eight at scale (a brief and a long story sharing a
                // paragraph), and no read.
                if !rule.may_pass(set_lens.get(a as usize) as usize, set_lens.get(b as usize) as usize) {
                    out.push(false);
                    continue;
                }
                let (a_set, b_set) =
                    cache.pair(a, b, |fp, set, scratch| spool.shingles_with(record(fp), set, scratch))?;
                debug_assert_eq!(
                    (a_set.len(), b_set.len()),
                    (set_lens.get(a as usize) as usize, set_lens.get(b as usize) as usize),
                    "the sizes kept are the spooled sets'"
                );
                let mut duplicate = rule.judge(a_set, b_set).is_some();
                // What is left of a short text without its boilerplate is too little to
                // judge by alone: the whole texts must match too.
                if duplicate && (replaced.is_short(a) || replaced.is_short(b)) {
                    spool.shingles(original(a), &mut a_whole)?;
                    spool.shingles(original(b), &mut b_whole)?;
                    duplicate = rule.judge(&a_whole, &b_whole).is_some();
                }
                out.push(duplicate);
            }
            caches.lock().unwrap_or_else(|e| e.into_inner()).push(cache);
            Ok(out)
        };
        // The checks come in hundreds of thousands of batches at scale, most of a few dozen pairs
        // at most (a large run's, a few hundred at most): threads kept for them (see `Crew`).
        std::thread::scope(|scope| {
            let mut crew = Crew::new(scope, &check_part);
            // The pairs gathered are checked once they are `at_least` (1: whatever is left), in
            // parallel; the miss counts are updated after, in pair order.
            let mut check = |pairs: &mut Vec<u64>,
                             at_least: usize,
                             sets: &mut UnionFind,
                             misses: &mut Misses|
             -> io::Result<()> {
                if pairs.len() < at_least.max(1) {
                    return Ok(());
                }
                stop.check()?;
                pairs.sort_unstable();
                pairs.dedup();
                pairs.retain(|&pair| {
                    let (a, b) = unpack(pair);
                    may_check(misses, a, b)
                });
                stats.checked += pairs.len() as u64;
                let results = crew.map_parts(pairs)?;
                for (&pair, duplicate) in pairs.iter().zip(results) {
                    let (a, b) = unpack(pair);
                    if duplicate {
                        sets.union(a, b);
                        stats.joined += 1;
                    } else {
                        misses.miss(a, b);
                    }
                }
                pairs.clear();
                Ok(())
            };
            // Bands are searched a group at a time, one band a thread, against the clusters as the
            // group starts; the pairs they find are then filtered again and checked in band order.
            let threads = crate::parallel::threads();
            let mut scratches: Vec<BandScratch> = (0..threads).map(|_| BandScratch::default()).collect();
            let bands: Vec<usize> = (0..lsh.bands()).collect();
            let mut run_pairs = Vec::new();
            // Pairs from large runs checked already: a copy too edited to match any other shares
            // keys with its story's thousands of copies in most bands, and is checked against them
            // once, not once a band. Bounded (a million pairs, ~17 MB); past that, checked again.
            let mut tried: HashSet<u64, HashKey> = HashSet::default();
            // Pairs sharing many bands that a spent text kept from being checked in the first band
            // they share (a large run leaves spent texts out): checked from a later band, once
            // (bounded the same way).
            let mut exempt_tried: HashSet<u64, HashKey> = HashSet::default();
            // The searches see the miss counts as their group starts and the checks the counts as
            // they run; a spent text stays spent, so what is checked does not depend on how many
            // bands a group has.
            for group in bands.chunks(threads) {
                stop.check()?;
                let roots = sets.flatten();
                let spent_then: &Misses = misses;
                let found: Vec<Found> = std::thread::scope(|s| {
                    let searches: Vec<_> = group
                        .iter()
                        .zip(scratches.iter_mut())
                        .map(|(&band, scratch)| {
                            s.spawn(move || {
                                let mut found = Found::default();
                                lsh.band_runs(band, scratch, |run| {
                                    let size = run.len();
                                    found.reported += (size * (size - 1) / 2) as u64;
                                    found.largest = found.largest.max(size as u64);
                                    let bucket =
                                        (usize::BITS - (size - 1).leading_zeros()).min(16) as usize - 1;
                                    found.buckets[bucket] += 1;
                                    if size > LARGE_RUN {
                                        let members = || {
                                            run.iter().map(|&e| e as u32).filter(|&fp| !spent_then.spent(fp))
                                        };
                                        // Nothing to do for a run that is one cluster already.
                                        let root = members().next().map(|fp| roots[fp as usize]);
                                        if members().any(|fp| Some(roots[fp as usize]) != root) {
                                            found.large.push(members().collect());
                                        }
                                        return;
                                    }
                                    let first = run[0] as u32;
                                    pairs_of(run, |a, b| {
                                        if roots[a as usize] == roots[b as usize] || settled(a, b) {
                                            return;
                                        }
                                        // A pair that shared an earlier band was dealt with there:
                                        // checked (or in the check queue), or one cluster already;
                                        // unless that band's run was large and one text spent.
                                        if !lsh.collided_before(band, a, b) {
                                            if may_check(spent_then, a, b) {
                                                let to = if a == first {
                                                    &mut found.first
                                                } else {
                                                    &mut found.pairs
                                                };
                                                to.push(pack(a, b));
                                            }
                                        } else if shares_many(a, b) {
                                            found.again.push(pack(a, b));
                                        }
                                    });
                                });
                                found
                            })
                        })
                        .collect();
                    let joined = searches.into_iter().map(|search| search.join());
                    joined
                        .map(|found| found.unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
                        .collect()
                });
                for (&band, found) in group.iter().zip(found) {
                    stats.reported += found.reported;
                    stats.largest_bucket = stats.largest_bucket.max(found.largest);
                    for (total, n) in stats.buckets.iter_mut().zip(found.buckets) {
                        *total += n;
                    }
                    // A band's small runs first: their pairs share a key few texts have, so they are
                    // likelier copies than a large run's, and they come to the checks before the
                    // large runs spend the texts' misses.
                    // Each run's texts against its first before the pairs among them: a story's
                    // copies mostly join the first, and their own pairs are then one cluster,
                    // not checked (a run of k copies checks k - 1 pairs, not k(k - 1)/2).
                    for (i, part) in [found.first, found.pairs].into_iter().enumerate() {
                        if i == 1 {
                            check(&mut pairs, 1, sets, misses)?;
                        }
                        for pair in part {
                            let (a, b) = unpack(pair);
                            if sets.find(a) != sets.find(b) && may_check(misses, a, b) {
                                if misses.spent(a) || misses.spent(b) {
                                    first_time(&mut exempt_tried, pair);
                                }
                                pairs.push(pair);
                                check(&mut pairs, CHUNK, sets, misses)?;
                            }
                        }
                    }
                    for pair in found.again {
                        let (a, b) = unpack(pair);
                        if sets.find(a) != sets.find(b)
                            && (misses.spent(a) || misses.spent(b))
                            && first_time(&mut exempt_tried, pair)
                        {
                            pairs.push(pair);
                            check(&mut pairs, CHUNK, sets, misses)?;
                        }
                    }
                    check(&mut pairs, 1, sets, misses)?;
                    // A large run's pair left to check: in two clusters, not settled in the window,
                    // sharing no earlier band, and not tried from another band (it is now).
                    let mut untried = |sets: &mut UnionFind, a: u32, b: u32| {
                        sets.find(a) != sets.find(b)
                            && !settled(a, b)
                            && !lsh.collided_before(band, a, b)
                            && first_time(&mut tried, pack(a, b))
                    };
                    for mut run in found.large {
                        run.retain(|&fp| !misses.spent(fp));
                        if run.len() < 2 {
                            continue;
                        }
                        // A large run is mostly one story's copies: each is checked against the
                        // run's first text before the pairs among them are, which mostly joins
                        // them all and leaves few pairs in different clusters (instead of all
                        // n(n-1)/2 of them).
                        let leader = run[0];
                        for &fp in &run[1..] {
                            if !misses.spent(leader) && !misses.spent(fp) && untried(sets, leader, fp) {
                                run_pairs.push(pack(leader, fp));
                                check(&mut run_pairs, SMALL_CHUNK, sets, misses)?;
                            }
                        }
                        check(&mut run_pairs, 1, sets, misses)?;
                        let mut by_cluster: Vec<(u32, u32)> =
                            run.iter().map(|&fp| (sets.find(fp), fp)).collect();
                        by_cluster.sort_unstable();
                        let clusters: Vec<&[(u32, u32)]> = by_cluster.chunk_by(|x, y| x.0 == y.0).collect();
                        // Checked a few hundred at a time: a copy too edited to match the first text
                        // mostly matches one of the next few, and once it does, its other pairs with
                        // that cluster are passed over (instead of thousands checked at once).
                        for (i, cluster) in clusters.iter().enumerate() {
                            for &(_, x) in *cluster {
                                // The leader's pairs were checked just now.
                                if x == leader {
                                    continue;
                                }
                                for &(_, y) in clusters[i + 1..].iter().flat_map(|c| c.iter()) {
                                    if misses.spent(x) {
                                        break;
                                    }
                                    let (a, b) = (x.min(y), x.max(y));
                                    if a != leader && !misses.spent(b) && untried(sets, a, b) {
                                        run_pairs.push(pack(a, b));
                                        check(&mut run_pairs, SMALL_CHUNK, sets, misses)?;
                                    }
                                }
                            }
                        }
                        check(&mut run_pairs, 1, sets, misses)?;
                    }
                }
            }
            stats.spent_texts = misses.spent_texts();
            stats.most_misses = misses.most();
            Ok(stats)
        })
    }

    /// The LSH bands, and `fp`'s key in `band` (0 for none).
    pub fn bands(&self) -> usize {
        self.lsh.bands()
    }

    pub fn band_key(&self, band: usize, fp: u32) -> u32 {
        self.lsh.key(band, fp)
    }

    /// Exact scores of two fingerprints, their sets read from `spool` through `buffers`.
    pub fn scores(&self, a: u32, b: u32, spool: &Spool, buffers: &mut SetBuffers) -> io::Result<Scores> {
        if a == b {
            return Ok(Scores::SAME);
        }
        // Members are scored against their representative, or a part's head, one after another,
        // and a member against one head after another: a set is often the one read last time
        // (a record's bytes never change).
        let SetBuffers { a: x, b: y, records, read } = buffers;
        for (k, (fp, set)) in [(a, &mut *x), (b, &mut *y)].into_iter().enumerate() {
            let record = self.record(fp);
            if records[k] != Some(record) {
                records[k] = None;
                spool.shingles_with(record, set, read)?;
                records[k] = Some(record);
            }
        }
        Ok(scores_of(x, y))
    }

    /// Put `a` and `b` in one cluster (entries loaded from an earlier run's index).
    pub fn union(&mut self, a: u32, b: u32) {
        self.sets.union(a, b);
    }

    /// The first document with the text of `fp`.
    pub fn first_doc(&self, fp: u32) -> u32 {
        self.first_doc.get(fp as usize)
    }

    /// The cluster `fp` belongs to, as a fingerprint number (valid after [`Index::join_similar`]).
    pub fn root(&mut self, fp: u32) -> u32 {
        self.sets.find(fp)
    }

    /// Bytes held by the index.
    pub fn heap_bytes(&self) -> usize {
        self.lsh.heap_bytes()
            + self.sets.heap_bytes()
            + self.first_doc.heap_bytes()
            + self.docs.heap_bytes()
            + self.exact.capacity() * 9
            + self.earlier.capacity() * 13
            + self.replaced.heap_bytes()
            + self.recent.joined_bytes()
            + self.misses.heap_bytes()
            + self.set_lens.heap_bytes()
    }

    /// Bytes of the fixed-size window of recent texts (not per document).
    pub fn window_bytes(&self) -> usize {
        self.recent.window_bytes()
    }
}

/// The shingle sets one thread of [`Index::join_similar`]'s checks read last: the first text of
/// the current pairs (a chunk's pairs are sorted, so runs share it), and a slot per fingerprint
/// for the second texts, which come back run after run (a story's versions are paired with each
/// other). Reading a set from the spool is a system call and a decode.
struct SetCache {
    first: (u32, Vec<u32>),
    slots: Vec<(u32, Vec<u32>)>,
    /// The bytes of the last set read ([`Spool::shingles_with`]).
    scratch: Vec<u8>,
}

impl Default for SetCache {
    fn default() -> Self {
        SetCache {
            first: (u32::MAX, Vec::new()),
            slots: vec![(u32::MAX, Vec::new()); SET_CACHE_SLOTS],
            scratch: Vec::new(),
        }
    }
}

/// Slots of a [`SetCache`]: at ~400 shingles a news text, a few MB a thread.
const SET_CACHE_SLOTS: usize = 2_048;

impl SetCache {
    /// The sets of `a` and `b`, read with `read` when not held.
    fn pair(
        &mut self,
        a: u32,
        b: u32,
        mut read: impl FnMut(u32, &mut Vec<u32>, &mut Vec<u8>) -> io::Result<()>,
    ) -> io::Result<(&[u32], &[u32])> {
        let slot = |fp: u32| fp as usize % SET_CACHE_SLOTS;
        if self.first.0 != a {
            self.first.0 = u32::MAX;
            match &self.slots[slot(a)] {
                (fp, set) if *fp == a => {
                    self.first.1.clear();
                    self.first.1.extend_from_slice(set);
                }
                _ => read(a, &mut self.first.1, &mut self.scratch)?,
            }
            self.first.0 = a;
        }
        let second = &mut self.slots[slot(b)];
        if second.0 != b {
            second.0 = u32::MAX;
            read(b, &mut second.1, &mut self.scratch)?;
            second.0 = b;
        }
        Ok((&self.first.1, &second.1))
    }
}

/// Whether `pair` is new to `seen`, which keeps a million pairs (~17 MB) at most; past that, a
/// pair not kept is new every time.
fn first_time(seen: &mut HashSet<u64, HashKey>, pair: u64) -> bool {
    if seen.len() < 1 << 20 { seen.insert(pair) } else { !seen.contains(&pair) }
}

/// A pair `a < b` as one sortable number, and back.
fn pack(a: u32, b: u32) -> u64 {
    u64::from(a) << 32 | u64::from(b)
}

fn unpack(pair: u64) -> (u32, u32) {
    ((pair >> 32) as u32, pair as u32)
}

fn record_of(replaced: &Replaced, first_doc: &Chunked<u32>, docs: &Chunked<DocMeta>, fp: u32) -> u64 {
    match replaced.get(fp) {
        Some(offset) => offset,
        None => docs.get(first_doc.get(fp as usize) as usize).offset,
    }
}

/// Runs of more texts than this (one band key) are checked from their first text out (see
/// [`Index::join_similar`]); smaller ones pair by pair.
const LARGE_RUN: usize = 8;

/// Pairs of a large run's clusters checked at a time.
const SMALL_CHUNK: usize = 256;

/// What one band's search found: the pairs left to check, the large runs (their fingerprints)
/// and the band's statistics.
#[derive(Default)]
struct Found {
    /// Pairs of small runs with the run's first text, checked first.
    first: Vec<u64>,
    /// The other pairs of small runs.
    pairs: Vec<u64>,
    /// Pairs of small runs that shared an earlier band and share many.
    again: Vec<u64>,
    large: Vec<Vec<u32>>,
    reported: u64,
    largest: u64,
    buckets: [u64; 16],
}

/// The fingerprints whose sets were replaced, with their new records; membership is a bit per
/// fingerprint, because the candidate search asks it of every pair LSH reports (millions).
#[derive(Clone, Debug, Default)]
struct Replaced {
    records: HashMap<u32, u64, HashKey>,
    bits: Vec<u64>,
    /// The replaced sets too short to judge by alone (see `Boilerplate::strip`).
    short: Vec<u64>,
}

impl Replaced {
    fn insert(&mut self, fp: u32, record: u64, short: bool) {
        let word = fp as usize / 64;
        if word >= self.bits.len() {
            self.bits.resize(word + 1, 0);
            self.short.resize(word + 1, 0);
        }
        self.bits[word] |= 1 << (fp % 64);
        if short {
            self.short[word] |= 1 << (fp % 64);
        }
        self.records.insert(fp, record);
    }

    fn contains(&self, fp: u32) -> bool {
        self.bits.get(fp as usize / 64).is_some_and(|w| w & 1 << (fp % 64) != 0)
    }

    fn is_short(&self, fp: u32) -> bool {
        self.short.get(fp as usize / 64).is_some_and(|w| w & 1 << (fp % 64) != 0)
    }

    fn get(&self, fp: u32) -> Option<u64> {
        if self.contains(fp) { self.records.get(&fp).copied() } else { None }
    }

    fn heap_bytes(&self) -> usize {
        self.records.capacity() * 13 + (self.bits.capacity() + self.short.capacity()) * 8
    }
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

    /// Whether two sets of `a` and `b` shingles could be duplicates at all, sharing every value
    /// of the smaller: `false` rules the pair out without its sets (with the default rule, a set
    /// under 0.3 of the other's size: wholly contained, it still shares too little of the larger).
    /// Sets with no shingles are for [`Rule::judge`].
    pub fn may_pass(&self, a: usize, b: usize) -> bool {
        a == 0 || b == 0 || self.is_duplicate(&Scores::of_counts(a.min(b), a, b))
    }

    /// The scores of two sorted, distinct shingle lists if they are duplicates, as
    /// `is_duplicate(&scores_of(a, b))` would say; `None` as soon as the values left to merge
    /// could no longer make them so. Every score grows with the values shared, so the merge
    /// stops once even all the values left in the shorter remainder would not be enough: most
    /// checked pairs are not copies and share few values, and stop about halfway.
    pub fn judge(&self, a: &[u32], b: &[u32]) -> Option<Scores> {
        if a.is_empty() || b.is_empty() {
            let scores = scores_of(a, b);
            return self.is_duplicate(&scores).then_some(scores);
        }
        // Merge steps between two looks at what is left (the first, before any step, is
        // `may_pass`).
        const BLOCK: usize = 64;
        let (mut i, mut j, mut common) = (0, 0, 0);
        while i < a.len() && j < b.len() {
            let best = common + (a.len() - i).min(b.len() - j);
            if !self.is_duplicate(&Scores::of_counts(best, a.len(), b.len())) {
                return None;
            }
            let ends = ((i + BLOCK).min(a.len()), (j + BLOCK).min(b.len()));
            common += merge((a, b), (&mut i, &mut j), ends);
        }
        let scores = Scores::of_counts(common, a.len(), b.len());
        self.is_duplicate(&scores).then_some(scores)
    }
}

/// Jaccard and containment of two sorted, distinct shingle lists. Two empty lists score 0: texts
/// without words are only ever equal as exact copies, which never get here.
pub fn scores_of(a: &[u32], b: &[u32]) -> Scores {
    if a.is_empty() || b.is_empty() {
        return Scores { jaccard: 0.0, containment: 0.0, overlap: 0.0 };
    }
    Scores::of_counts(intersection_len(a, b), a.len(), b.len())
}

/// What [`Index::scores`] reads two sets into: a caller scoring many pairs of one spool keeps
/// one.
#[derive(Debug, Default)]
pub struct SetBuffers {
    a: Vec<u32>,
    b: Vec<u32>,
    /// The spool records whose sets `a` and `b` hold.
    records: [Option<u64>; 2],
    read: Vec<u8>,
}

/// The number of values two sorted sets share: a merge whose steps are counted, not branched
/// on. Shingle hashes are random, so which set steps next cannot be predicted, and a branch on
/// it is often mispredicted; the exact checks at the end of the stream and in the window run
/// this loop for every pair (on the 100 MB corpus the branch-free loop took the checks from
/// 1.24 to 1.12 s).
fn intersection_len(a: &[u32], b: &[u32]) -> usize {
    merge((a, b), (&mut 0, &mut 0), (a.len(), b.len()))
}

/// The values `a[*i..]` and `b[*j..]` share, merged until either position reaches its end (`ends`,
/// each at most its set's length), the positions left where the merge stopped: the loop of
/// [`intersection_len`], and of [`Rule::judge`] a block at a time.
#[inline(always)]
fn merge(
    (a, b): (&[u32], &[u32]),
    (i, j): (&mut usize, &mut usize),
    (i_end, j_end): (usize, usize),
) -> usize {
    let mut common = 0;
    while *i < i_end && *j < j_end {
        let (x, y) = (a[*i], b[*j]);
        common += usize::from(x == y);
        *i += usize::from(x <= y);
        *j += usize::from(y <= x);
    }
    common
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::minhash::MinHasher;
    use crate::spool::encode_gaps;

    /// Pseudo-random values from `seed`, the same every run.
    fn xorshift(mut state: u64) -> impl FnMut() -> u32 {
        move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 32) as u32
        }
    }

    /// An empty index of 8 bands of 2 rows (16-value signatures, 4-word shingles) judging by
    /// Jaccard 0.5 or containment 0.9 (0.3 of the larger), no miss limit; its spool; the
    /// signatures' hasher; and its rule.
    fn small_index() -> (Index, Spool, MinHasher, Rule) {
        let rule = Rule { jaccard: 0.5, containment: 0.9, containment_overlap: 0.3 };
        let index = Index::new(Fingerprinter::new(4, Arc::new(MinHasher::new(16))), 8, 2, rule, 0);
        (index, Spool::new(&std::env::temp_dir()).unwrap(), MinHasher::new(16), rule)
    }

    /// Spool each of `sets` and index it, as the stream does, into an empty `index`.
    fn push_sets(index: &mut Index, spool: &mut Spool, minhasher: &MinHasher, sets: &[Vec<u32>]) {
        let (mut signature, mut gaps) = (Vec::new(), Vec::new());
        for (fp, set) in sets.iter().enumerate() {
            minhasher.signature(set, &mut signature);
            gaps.clear();
            encode_gaps(set, &mut gaps);
            let offset = spool.append(fp as u64, &[], &gaps, "", None).unwrap();
            assert_eq!(index.push_streamed(offset, 0, &signature, set, None), fp as u32);
        }
    }

    /// Replace the set of `fp` by `set` (as boilerplate does): a new record in the spool.
    fn replace_set(
        index: &mut Index,
        spool: &mut Spool,
        minhasher: &MinHasher,
        fp: u32,
        set: &[u32],
        short: bool,
    ) {
        let (mut signature, mut gaps) = (Vec::new(), Vec::new());
        minhasher.signature(set, &mut signature);
        encode_gaps(set, &mut gaps);
        let offset = spool.append(0, &[], &gaps, "", None).unwrap();
        index.replace(fp, offset, &signature, set.len(), short);
    }

    /// A shingle set: `base` with `changed` of its values swapped for fresh ones.
    fn variant(base: &[u32], changed: usize, next: &mut impl FnMut() -> u32) -> Vec<u32> {
        let mut set = base.to_vec();
        for _ in 0..changed {
            let at = next() as usize % set.len();
            set[at] = next();
        }
        set.sort_unstable();
        set.dedup();
        set
    }

    /// The window's shortcuts (a text linked to a candidate already is not checked against it,
    /// a chain walk jumps past linked texts, a large bucket is checked from its first text out)
    /// and the replaced sets that undo window joins change no cluster: the clusters equal those
    /// of checking every LSH candidate pair on the final sets.
    #[test]
    fn clusters_equal_checking_every_candidate_pair() {
        assert_eq!(clusters_equal_checking_every_candidate_pair_with(crate::recent::MAX_SET), 0);
        // Texts too long for the window (here, most of the stories' copies) are checked at end
        // of stream instead, with the same clusters.
        let left_out = clusters_equal_checking_every_candidate_pair_with(60);
        assert!(left_out > 1_000 && left_out < 4_000, "{left_out} of 5,096 texts left out of the window");
    }

    fn clusters_equal_checking_every_candidate_pair_with(max_set: usize) -> usize {
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15);
        let (mut index, mut spool, minhasher, rule) = small_index();
        index.recent.max_set = max_set;
        // Stories reprinted hundreds of times with more or fewer edits (many copies, some too
        // edited to match the first), among unrelated texts; more texts than the window holds.
        // Stories of 40 to 79 shingles, so some copies are longer than a small `max_set`.
        let stories: Vec<Vec<u32>> =
            (0..16).map(|_| (0..40 + next() % 40).map(|_| next()).collect()).collect();
        let mut sets = Vec::new();
        for _ in 0..(crate::recent::WINDOW as usize + 1_000) {
            let set = match next() % 20 {
                0 => (0..40).map(|_| next()).collect(),
                k => {
                    let changed = if next().is_multiple_of(8) { 20 + next() % 20 } else { next() % 12 };
                    variant(&stories[k as usize % 16], changed as usize, &mut next)
                }
            };
            let mut set = set;
            set.sort_unstable();
            set.dedup();
            sets.push(set);
        }
        push_sets(&mut index, &mut spool, &minhasher, &sets);
        // Some sets replaced at the end (as boilerplate does), each by a variant of its story or
        // of nothing; a third of those as too short to judge by alone (the whole sets must match
        // too).
        let whole = sets.clone();
        let mut short = vec![false; sets.len()];
        for (fp, set) in sets.iter_mut().enumerate() {
            if !next().is_multiple_of(16) {
                continue;
            }
            short[fp] = next().is_multiple_of(3);
            // A short one is one of three templates' few shingles, left of texts of any story
            // (a brief without its date lines): alike left, unlike whole.
            *set = if short[fp] {
                let template = next() % 3 * 1_000;
                (0..5).map(|k| template + k * 7).collect()
            } else {
                variant(set, next() as usize % 30, &mut next)
            };
            set.sort_unstable();
            replace_set(&mut index, &mut spool, &minhasher, fp as u32, set, short[fp]);
        }
        spool.flush().unwrap();
        let stats = index.join_similar(&spool, &StopSignal::default()).unwrap();
        assert!(stats.largest_bucket > 100, "large buckets are exercised: {stats:?}");

        let mut expect = UnionFind::default();
        sets.iter().for_each(|_| _ = expect.push());
        index.lsh.for_each_candidate(|a, b| {
            let (a, b) = (a as usize, b as usize);
            let by_whole = !(short[a] || short[b]) || rule.is_duplicate(&scores_of(&whole[a], &whole[b]));
            if rule.is_duplicate(&scores_of(&sets[a], &sets[b])) && by_whole {
                expect.union(a as u32, b as u32);
            }
        });
        let clusters = |sets: &mut UnionFind| sets.flatten().to_vec();
        let expect = clusters(&mut expect);
        assert!(expect.iter().enumerate().filter(|&(i, &r)| i as u32 == r).count() < sets.len() / 4);
        assert_eq!(clusters(&mut index.sets), expect);
        index.recent.left_out()
    }

    /// A small run of one story's copies, checked at the end of the stream: each against the
    /// run's first, after which they are one cluster and their own pairs are not checked (5
    /// checks, not 15).
    #[test]
    fn copies_in_a_small_run_are_checked_against_its_first() {
        let mut next = xorshift(0x2545_f491_4f6c_dd1d);
        let (mut index, mut spool, minhasher, _) = small_index();
        index.recent.max_set = 0;
        // Six printings of one story, word for word (a run in every band).
        let mut story: Vec<u32> = (0..60).map(|_| next()).collect();
        story.sort_unstable();
        let mut sets = vec![story; 6];
        // Unrelated texts between them.
        for _ in 0..20 {
            let mut set: Vec<u32> = (0..60).map(|_| next()).collect();
            set.sort_unstable();
            sets.push(set);
        }
        push_sets(&mut index, &mut spool, &minhasher, &sets);
        spool.flush().unwrap();
        let stats = index.join_similar(&spool, &StopSignal::default()).unwrap();
        assert_eq!((stats.checked, stats.joined), (5, 5), "{stats:?}");
        assert!((1..6).all(|fp| index.sets.find(fp) == index.sets.find(0)));
    }

    /// A pair whose sizes alone rule it out (a brief wholly inside a story ten times its
    /// length: contained, but sharing a tenth of the story) is a checked miss without its
    /// sets being read: here the brief's record is past the spool's end, and reading it fails.
    #[test]
    fn a_pair_ruled_out_by_size_is_not_read() {
        let mut next = xorshift(0x6a09_e667_f3bc_c908);
        let (mut index, mut spool, minhasher, rule) = small_index();
        let mut story: Vec<u32> = (0..200).map(|_| next()).collect();
        story.sort_unstable();
        push_sets(&mut index, &mut spool, &minhasher, &[story.clone(), story.clone()]);
        spool.flush().unwrap();
        let mut signature = Vec::new();
        minhasher.signature(&story, &mut signature);
        let brief: Vec<u32> = story.iter().copied().step_by(10).collect();
        index.replace(1, spool.len() + 4_096, &signature, brief.len(), false);
        let stats = index.join_similar(&spool, &StopSignal::default()).unwrap();
        assert_eq!((stats.checked, stats.joined), (1, 0), "{stats:?}");
        assert!(!rule.may_pass(brief.len(), story.len()) && rule.may_pass(story.len(), story.len()));
    }

    /// Many texts from one template (a third of each text's shingles shared by all, Jaccard
    /// ~0.2 between any two: none a copy): with no limit every candidate pair is checked, which
    /// grows with the square of their number; with `max_misses` the checks are at most that many
    /// a text, and a copy printed a while after its original is still found.
    #[test]
    fn a_template_flood_costs_at_most_the_miss_limit_a_text() {
        // `back`: how far before its copy an original is; `max_set`: the largest set the window
        // keeps (a smaller one than the texts' leaves every pair to the end of stream).
        let run = |max_misses: u32, texts: usize, back: usize, max_set: usize| {
            let mut next = xorshift(0x2545_f491_4f6c_dd1d);
            // The default bands: how many bands two texts of the template share matters here.
            let minhasher = MinHasher::new(80);
            let rule = Rule { jaccard: 0.5, containment: 0.9, containment_overlap: 0.3 };
            let mut index =
                Index::new(Fingerprinter::new(4, Arc::new(MinHasher::new(80))), 40, 2, rule, max_misses);
            index.recent.max_set = max_set;
            let mut spool = Spool::new(&std::env::temp_dir()).unwrap();
            let template: Vec<u32> = (0..40).map(|_| next()).collect();
            let (mut signature, mut gaps, mut copies) = (Vec::new(), Vec::new(), Vec::new());
            let mut sets: Vec<Vec<u32>> = Vec::new();
            for fp in 0..texts {
                // Every 500th text (after `back`) is a lightly edited copy of the one `back`
                // before it, which has spent its misses by then.
                let set = if fp % 500 == 499 && fp >= back {
                    copies.push(((fp - back) as u32, fp as u32));
                    variant(&sets[fp - back], 3, &mut next)
                } else {
                    let mut set: Vec<u32> = template.iter().copied().chain((0..80).map(|_| next())).collect();
                    set.sort_unstable();
                    set.dedup();
                    set
                };
                minhasher.signature(&set, &mut signature);
                gaps.clear();
                encode_gaps(&set, &mut gaps);
                let offset = spool.append(fp as u64, &[], &gaps, "", None).unwrap();
                index.push_streamed(offset, 0, &signature, &set, None);
                sets.push(set);
            }
            spool.flush().unwrap();
            let stats = index.join_similar(&spool, &StopSignal::default()).unwrap();
            let joined = copies.iter().filter(|&&(a, b)| index.root(a) == index.root(b)).count();
            (stats, joined, copies.len(), texts as u64)
        };
        let checks = |s: &ClusterStats| s.checked_in_window + s.checked;
        let window = crate::recent::MAX_SET;
        let (unlimited, joined, copies, texts) = run(0, 800, 300, window);
        assert_eq!((joined, unlimited.spent_texts), (copies, 0));
        assert!(checks(&unlimited) > texts * 100, "quadratic without a limit: {unlimited:?}");
        let (limited, joined, copies, texts) = run(20, 2_500, 300, window);
        // A failed check spends two texts' budgets, a passed one joins two clusters; a batch of
        // end-of-stream checks may overshoot by its size, and a pair sharing many bands is
        // checked anyway (two texts of the template share 8 of 40 once in ~6,000 pairs).
        assert!(checks(&limited) <= texts * 20 / 2 + texts + 256, "{limited:?}");
        assert!(limited.spent_texts > texts / 2, "{limited:?}");
        // Each copy shares most bands with its original, and is checked against it anyway.
        assert_eq!(joined, copies);
        // The same at the end of stream, where a spent text is left out of a large run (a
        // template's key) but paired again from a band that few texts share.
        let (end, joined, copies, texts) = run(20, 2_500, 1_500, 100);
        assert_eq!((end.checked_in_window, joined), (0, copies), "{end:?}");
        // At the end a text's pairs go to the checks a batch at a time, so it may fail a
        // batch's worth past its limit.
        assert!(end.checked <= texts * (20 + SMALL_CHUNK as u64) / 2, "{end:?}");
    }

    /// Ctrl-C during the end-of-stream checks: they give up with `Interrupted` at once.
    #[test]
    fn a_stopped_run_gives_up_joining() {
        let (mut index, mut spool, minhasher, _) = small_index();
        let (mut signature, mut gaps) = (Vec::new(), Vec::new());
        for fp in 0..10u32 {
            let set: Vec<u32> = (0..40).map(|k| k * 3 + fp).collect();
            minhasher.signature(&set, &mut signature);
            gaps.clear();
            encode_gaps(&set, &mut gaps);
            let offset = spool.append(u64::from(fp), &[], &gaps, "", None).unwrap();
            index.push_streamed(offset, 0, &signature, &set, None);
        }
        spool.flush().unwrap();
        let stop = StopSignal::new(Arc::new(std::sync::atomic::AtomicBool::new(true)));
        let err = index.join_similar(&spool, &stop).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::Interrupted);
    }

    #[test]
    fn intersections_count_the_shared_values() {
        // Against a count by lookup, on sorted sets of many sizes and overlaps, sharing values
        // at their starts, ends and throughout.
        let mut next = xorshift(7);
        for round in 0..300 {
            let (n_shared, n_a, n_b) = (next() % 50, next() % 400, next() % 400);
            let shared: Vec<u32> = (0..n_shared).map(|_| next() % 1_000).collect();
            let mut a: Vec<u32> = (0..n_a).map(|_| next() % 1_000).chain(shared.iter().copied()).collect();
            let mut b: Vec<u32> = (0..n_b).map(|_| next() % 1_000).chain(shared).collect();
            if round % 7 == 0 {
                b = a.clone();
            }
            for set in [&mut a, &mut b] {
                set.sort_unstable();
                set.dedup();
            }
            let in_b: HashSet<u32> = b.iter().copied().collect();
            let expected = a.iter().filter(|v| in_b.contains(v)).count();
            assert_eq!(intersection_len(&a, &b), expected);
            assert_eq!(intersection_len(&b, &a), expected);
        }
        assert_eq!(intersection_len(&[], &[1, 2]), 0);
        assert_eq!(intersection_len(&[u32::MAX], &[0, u32::MAX]), 1);
    }

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

    #[test]
    fn a_judged_pair_is_what_its_whole_scores_say() {
        // Pairs around each rule's thresholds: sizes from 1 to 900, a share of one set's
        // values in the other from none to all; the early stop must never change a verdict,
        // and a duplicate's scores are its whole merge's.
        let rules = [
            crate::DedupOptions::default().rule(),
            Rule { jaccard: 0.8, containment: 0.5, containment_overlap: 0.1 },
            Rule { jaccard: 1.0, containment: 1.0, containment_overlap: 1.0 },
            Rule { jaccard: 0.0, containment: 0.0, containment_overlap: 0.0 },
        ];
        let mut next = xorshift(0x5eed_f00d_c0de);
        let (mut passed, mut failed) = (0, 0);
        for round in 0..3_000 {
            let a_len = 1 + next() as usize % 900;
            let b_len = 1 + next() as usize % 900;
            let shared = (round % 101) as f64 / 100.0;
            let mut a: Vec<u32> = (0..a_len).map(|_| next()).collect();
            let mut b: Vec<u32> = (0..b_len).map(|_| next()).collect();
            let from_a = ((a_len.min(b_len) as f64) * shared) as usize;
            b[..from_a].copy_from_slice(&a[..from_a]);
            for set in [&mut a, &mut b] {
                set.sort_unstable();
                set.dedup();
            }
            for rule in &rules {
                let whole = scores_of(&a, &b);
                let expect = rule.is_duplicate(&whole).then_some(whole);
                assert_eq!(rule.judge(&a, &b), expect, "{a_len} {b_len} {shared} {rule:?}");
                assert_eq!(rule.judge(&b, &a), expect.map(|_| scores_of(&b, &a)));
                assert!(expect.is_none() || rule.may_pass(a.len(), b.len()), "{a_len} {b_len} {rule:?}");
                if expect.is_some() { passed += 1 } else { failed += 1 }
            }
        }
        assert!(passed > 2_000 && failed > 2_000, "{passed} {failed}");
        assert_eq!(rules[3].judge(&[], &[1]), Some(scores_of(&[], &[1])), "an empty set scores 0");
        assert_eq!(rules[0].judge(&[], &[]), None);
    }

    /// Scores read through one kept `SetBuffers` (which skips reading a set it holds already)
    /// are each pair's own, whatever came before: the same sets again, one side the same, the
    /// sides swapped, a replaced set (a new record for the same fingerprint, asked for on the
    /// side that holds its old one), a record that cannot be read (an error every time, not
    /// what the buffer held).
    #[test]
    fn scores_through_one_buffer_are_each_pairs_own() {
        let mut next = xorshift(0x5851_f42d_4c95_7f2d);
        let (mut index, mut spool, minhasher, _) = small_index();
        let base: Vec<u32> = (0..60).map(|_| next()).collect();
        let mut sets: Vec<Vec<u32>> = (0..4).map(|k| variant(&base, k * 15, &mut next)).collect();
        push_sets(&mut index, &mut spool, &minhasher, &sets);
        spool.flush().unwrap();
        let mut buffers = SetBuffers::default();
        let score = |index: &Index,
                     spool: &Spool,
                     buffers: &mut SetBuffers,
                     sets: &[Vec<u32>],
                     pairs: &[(u32, u32)]| {
            for &(a, b) in pairs {
                let got = index.scores(a, b, spool, buffers).unwrap();
                assert_eq!(got, scores_of(&sets[a as usize], &sets[b as usize]), "{a} {b}");
            }
        };
        score(&index, &spool, &mut buffers, &sets, &[(0, 1), (0, 1), (0, 2), (3, 2), (2, 3), (1, 0), (3, 0)]);
        // Set 0 replaced (as boilerplate does) while the buffer's second side holds its old
        // record: the new record is read.
        sets[0] = variant(&sets[3], 5, &mut next);
        replace_set(&mut index, &mut spool, &minhasher, 0, &sets[0], false);
        spool.flush().unwrap();
        score(&index, &spool, &mut buffers, &sets, &[(3, 0), (0, 3), (0, 1), (2, 0)]);
        // Set 2's record put past the spool's end: reading it fails, and fails again, rather
        // than the set read last time standing in for it; the other pairs stay right.
        index.replace(2, spool.len() + 4_096, &[0; 16], sets[2].len(), false);
        for _ in 0..2 {
            assert!(index.scores(1, 2, &spool, &mut buffers).is_err());
            assert!(index.scores(2, 1, &spool, &mut buffers).is_err());
        }
        score(&index, &spool, &mut buffers, &sets, &[(1, 3), (3, 1), (0, 1)]);
    }
}
