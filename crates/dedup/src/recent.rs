//! Exact checks while documents stream past, for pairs of texts close together in the stream.
//!
//! Syndicated copies arrive close together (a wire story is reprinted within hours), so most
//! duplicate pairs are two texts a few thousand fingerprints apart. For those, the dedup stage
//! has both shingle sets in memory at the time the second one arrives: this window keeps the
//! sets and band keys of the last `WINDOW` texts and checks every LSH candidate pair inside it
//! right away, so `finish` reads shingle sets back from the spool only for pairs further apart
//! (and for texts whose boilerplate was left out at the end, which it rechecks).
//!
//! It changes no result: a pair is a candidate here exactly when it is one for the LSH index
//! (same band keys), it is checked with the same sets and rule, and `finish` skips exactly the
//! pairs settled here (see [`Recent::settles`]). Joined pairs are recorded, not joined yet,
//! because boilerplate is only known at end of stream.
//!
//! A candidate already linked to the new text through pairs joined here is not checked: a story
//! reprinted a thousand times would otherwise check each copy against every copy in the window.
//! The links are kept in a union-find of their own (`links`). Such a pair is settled only while
//! the joins that link it stand, so `finish` checks it after all when a text of its linked group
//! had its set replaced (boilerplate left out), which can undo a join.
//!
//! Memory is fixed, not per document, but for the links (4 bytes a text, and 4 more for a text
//! left out for its length, see [`MAX_SET`]): `WINDOW` shingle sets
//! (~2 KB each for a news article), the band keys, the previous fingerprint and the skip per
//! (text, band), and per band a table of `BUCKETS` chain heads (13 MB in all with 40 bands, most
//! of it the sets).
//!
//! Texts with a band key are found by chains: per band, the key's low bits pick a bucket whose
//! head is the latest text in it, and each text links to the text before it in the same bucket.
//! A chain runs back in stream order, so it is followed until it leaves the window, and a text
//! whose key differs (it shares only the bucket) is passed over. No hashing, no deleting: a
//! head or link pointing out of the window simply ends the chain.

use copydesk_core::hint::prefetch;

use crate::index::Rule;
use crate::misses::Misses;
use crate::unionfind::UnionFind;

/// Texts kept: a power of two. 4,096 covers a day of a large outlet's wire intake.
pub const WINDOW: u32 = 4096;

/// The largest shingle set the window keeps (~50 KB of text; a long news feature has a few
/// thousand). A longer text is left out of the window, and its pairs are checked at end of
/// stream: `WINDOW` transcripts of a megabyte each would otherwise hold gigabytes here.
pub const MAX_SET: usize = 8192;

const NONE: u32 = u32::MAX;

/// Chain heads per band: four times the window, so a chain holds ~1.25 texts of the window.
const BUCKET_BITS: u32 = 14;
const BUCKETS: usize = 1 << BUCKET_BITS;

/// A pair checked in the window that passed the rule, with the scores `finish` reports when one
/// of them represents the other's cluster (as computed: the output must not depend on whether a
/// pair's scores come from here or from the spool, and `f32` rounded 0.86875 to 0.8687).
#[derive(Clone, Copy, Debug)]
pub struct Joined {
    pub a: u32,
    pub b: u32,
    pub jaccard: f64,
    pub containment: f64,
}

#[derive(Clone, Debug)]
pub struct Recent {
    bands: usize,
    /// The first fingerprint put in the window (entries loaded from an earlier run come before
    /// and are never in it).
    first: u32,
    /// The next fingerprint expected.
    next: u32,
    /// Per band and bucket, the latest fingerprint whose key falls in it, or `NONE`.
    heads: Vec<u32>,
    /// Per window slot and band, the fingerprint before it in the same bucket, or `NONE`.
    previous: Vec<u32>,
    /// Per window slot and band, the first fingerprint before it in the same bucket that was not
    /// linked to it when it came, or `NONE`: a chain walk jumps there past a text already linked
    /// to the new one, so a thousand copies of one story cost one step, not a thousand.
    skip: Vec<u32>,
    /// Per window slot and band, its band key.
    keys: Vec<u32>,
    /// Per window slot, its text's set, allocated to its exact size: a slot that kept the
    /// capacity of the longest text it ever held made the window grow with the stream (51 MB at
    /// a million documents).
    sets: Vec<Box<[u32]>>,
    /// Per window slot, the last fingerprint that checked it (a candidate sharing several bands
    /// is checked once).
    seen: Vec<u32>,
    /// The texts linked by pairs joined here, numbered from `first`.
    links: UnionFind,
    /// Per linked group (its root in `links`), whether a text of it had its set replaced: set at
    /// end of stream by [`Recent::settle`].
    unsettled: Vec<bool>,
    /// The largest set kept: [`MAX_SET`] (smaller in tests).
    pub(crate) max_set: usize,
    /// Texts left out of the window for their size (`max_set`), in stream order.
    left_out: Vec<u32>,
    /// Pairs checked here that passed the rule, in the order found, with their scores.
    pub joined: Vec<Joined>,
    pub checked: u64,
}

impl Recent {
    pub fn new(bands: usize) -> Self {
        Recent {
            bands,
            first: NONE,
            next: 0,
            heads: vec![NONE; bands * BUCKETS],
            previous: vec![NONE; WINDOW as usize * bands],
            skip: vec![NONE; WINDOW as usize * bands],
            keys: vec![0; WINDOW as usize * bands],
            sets: vec![Box::default(); WINDOW as usize],
            seen: vec![NONE; WINDOW as usize],
            links: UnionFind::default(),
            unsettled: Vec::new(),
            max_set: MAX_SET,
            left_out: Vec::new(),
            joined: Vec::new(),
            checked: 0,
        }
    }

    /// Whether the pair `a < b` was checked here, as far as the window knows: both in it at the
    /// same time. The caller also asks that neither set changed since.
    pub fn covers(&self, a: u32, b: u32) -> bool {
        let kept = |fp: u32| self.left_out.binary_search(&fp).is_err();
        self.first != NONE && a >= self.first && b - a < WINDOW && kept(a) && kept(b)
    }

    /// Whether the pair `a < b` (neither set replaced) is settled here: checked, left unchecked
    /// because a text had spent its misses (which the end of stream would leave it for too: a
    /// spent text stays spent), or linked by joined pairs none of whose texts had its set
    /// replaced. Valid after [`Recent::settle`], which flattened the links.
    pub fn settles(&self, a: u32, b: u32) -> bool {
        if !self.covers(a, b) {
            return false;
        }
        let links = self.links.roots();
        let (ra, rb) = (links[(a - self.first) as usize], links[(b - self.first) as usize]);
        ra != rb || !self.unsettled[ra as usize]
    }

    /// At end of stream: mark the linked groups holding a text whose set was replaced, whose
    /// unchecked pairs are no longer settled.
    pub fn settle(&mut self, replaced: impl Fn(u32) -> bool) {
        let links = self.links.flatten();
        self.unsettled = vec![false; links.len()];
        if self.first == NONE {
            return;
        }
        for (i, &root) in links.iter().enumerate() {
            if replaced(self.first + i as u32) {
                self.unsettled[root as usize] = true;
            }
        }
    }

    /// Check text `fp` (the next fingerprint) against the window, then add it. `keys` are its
    /// band keys (0: none, a text without words). A text of more than [`MAX_SET`] shingles
    /// takes its place in the stream but is neither checked nor kept: as a text without band
    /// keys, and [`Recent::covers`] none of its pairs.
    /// A candidate is not checked when either text has spent its `misses` (which counts the
    /// checks that fail), unless the two share many bands.
    pub fn push(&mut self, fp: u32, keys: &[u32], shingles: &[u32], rule: &Rule, misses: &mut Misses) {
        if shingles.len() > self.max_set {
            self.left_out.push(fp);
            return self.check_and_keep(fp, &vec![0; keys.len()], &[], rule, misses);
        }
        self.check_and_keep(fp, keys, shingles, rule, misses)
    }

    fn check_and_keep(&mut self, fp: u32, keys: &[u32], shingles: &[u32], rule: &Rule, misses: &mut Misses) {
        if self.first == NONE {
            self.first = fp;
        }
        debug_assert_eq!(fp, self.next.max(self.first));
        self.next = fp + 1;
        let linked = self.links.push();
        let slot = (fp % WINDOW) as usize;
        let joined_before = self.joined.len();
        let Recent {
            bands,
            first,
            heads,
            previous,
            skip,
            keys: band_keys,
            sets,
            seen,
            links,
            joined,
            checked,
            ..
        } = self;
        // Each band's chain head, and then the band key of the text it names, is a read at a
        // random place (`heads` is 2.6 MB with 40 bands): all of a text's are asked for before
        // any chain is followed, so that those reads overlap instead of waiting one after another.
        // (A chain never reaches this text's own slot, so taking every band's head first changes
        // nothing the walks read.)
        let head_of = |band: usize, key: u32| band * BUCKETS + (key as usize & (BUCKETS - 1));
        for (band, &key) in keys.iter().enumerate() {
            if key != 0 {
                prefetch(&heads[head_of(band, key)]);
            }
        }
        for (band, &key) in keys.iter().enumerate() {
            let at = slot * *bands + band;
            band_keys[at] = key;
            previous[at] =
                if key == 0 { NONE } else { std::mem::replace(&mut heads[head_of(band, key)], fp) };
            let other = previous[at];
            if other != NONE && fp - other < WINDOW {
                prefetch(&band_keys[(other % WINDOW) as usize * *bands + band]);
            }
        }
        // This text's linked group, as it grows.
        let mut root = links.find(linked);
        for (band, &key) in keys.iter().enumerate() {
            let at = slot * *bands + band;
            if key == 0 {
                continue;
            }
            let mut other = previous[at];
            // Follow the chain while it stays in the window: a slot is reused only by a
            // fingerprint `WINDOW` later, which is outside it.
            while other != NONE && fp - other < WINDOW {
                let other_slot = (other % WINDOW) as usize;
                let at = other_slot * *bands + band;
                // Linked already through pairs joined here (copies of one story)?
                let mut linked_already = links.find(other - *first) == root;
                // If not: same key, and not checked yet (it may share several bands)?
                if !linked_already && band_keys[at] == key && seen[other_slot] != fp {
                    seen[other_slot] = fp;
                    // A text that spent its misses is still checked against a candidate
                    // sharing many of its bands: a copy re-sent after its original spent them.
                    let other_keys = &band_keys[other_slot * *bands..][..*bands];
                    let shared = || keys.iter().zip(other_keys).filter(|&(x, y)| x == y && *x != 0).count();
                    if !misses.may_check(fp, other, shared, keys.len()) {
                        other = previous[at];
                        continue;
                    }
                    *checked += 1;
                    if let Some(scores) = rule.judge(&sets[other_slot], shingles) {
                        links.union(other - *first, linked);
                        root = links.find(linked);
                        linked_already = true;
                        joined.push(Joined {
                            a: other,
                            b: fp,
                            jaccard: scores.jaccard,
                            containment: scores.containment,
                        });
                    } else {
                        misses.miss(other, fp);
                    }
                }
                // Everything from here to its skip was linked to it when it came, and links
                // only grow: linked to the new text too when it is.
                other = if linked_already { skip[at] } else { previous[at] };
            }
        }
        // This text's skips: past the texts before it that are linked to it now.
        for band in 0..*bands {
            let at = slot * *bands + band;
            let before = previous[at];
            skip[at] = if before != NONE && fp - before < WINDOW && links.find(before - *first) == root {
                skip[(before % WINDOW) as usize * *bands + band]
            } else {
                before
            };
        }
        // Kept sorted by `b`, then `a`, for `Index::joined_scores`.
        joined[joined_before..].sort_unstable_by_key(|j| j.a);
        self.sets[slot] = shingles.into();
    }

    /// How many texts were left out of the window for their size.
    #[cfg(test)]
    pub(crate) fn left_out(&self) -> usize {
        self.left_out.len()
    }

    /// Bytes of the fixed-size window: not per document.
    pub fn window_bytes(&self) -> usize {
        (self.heads.capacity()
            + self.keys.capacity()
            + self.previous.capacity()
            + self.skip.capacity()
            + self.seen.capacity())
            * 4
            + self.sets.iter().map(|s| s.len() * 4 + 16).sum::<usize>()
            + self.left_out.capacity() * 4
    }

    /// Bytes of the joined pairs and the links, which grow with the stream (~0.3 pairs and one
    /// link a document in news).
    pub fn joined_bytes(&self) -> usize {
        self.joined.capacity() * std::mem::size_of::<Joined>() + self.links.heap_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Miss counts for the fingerprints the tests use, with no limit.
    fn no_limit() -> Misses {
        let mut misses = Misses::new(0);
        (0..2 * WINDOW + 16).for_each(|_| misses.push());
        misses
    }

    #[test]
    fn pairs_sharing_a_band_in_the_window_are_checked() {
        let rule = Rule { jaccard: 0.5, containment: 1.0, containment_overlap: 1.0 };
        let mut misses = no_limit();
        let mut recent = Recent::new(2);
        // (band keys, set): 0 and 2 share band 0 and a set; 1 shares band 1 with 2 but not a set.
        let texts: [([u32; 2], &[u32]); 3] =
            [([7, 8], &[1, 2, 3]), ([9, 5], &[4, 5, 6]), ([7, 5], &[1, 2, 3])];
        for (fp, (keys, set)) in texts.iter().enumerate() {
            recent.push(10 + fp as u32, keys, set, &rule, &mut misses);
        }
        let joined: Vec<(u32, u32)> = recent.joined.iter().map(|j| (j.a, j.b)).collect();
        assert_eq!((joined, recent.checked), (vec![(10, 12)], 2));
        assert!(recent.covers(10, 12) && !recent.covers(5, 12) && !recent.covers(10, 10 + WINDOW));
    }

    #[test]
    fn a_text_linked_already_is_not_checked_again() {
        let rule = Rule { jaccard: 0.5, containment: 1.0, containment_overlap: 1.0 };
        let mut misses = no_limit();
        let mut recent = Recent::new(3);
        // A thousand copies of one story, sharing all three bands: each is checked once, against
        // the latest copy, and the chains are walked past the rest.
        for fp in 0..1000 {
            recent.push(fp, &[5, 6, 7], &[1, 2, 3, 4], &rule, &mut misses);
        }
        assert_eq!((recent.checked, recent.joined.len()), (999, 999));
        // A text sharing a band with them but not their words is checked against each: it may
        // match any of them.
        recent.push(1000, &[5, 9, 9], &[8, 9], &rule, &mut misses);
        assert_eq!(recent.checked, 999 + 1000);
        // Every pair of copies is settled (linked), unless a set was replaced.
        recent.settle(|_| false);
        assert!(recent.settles(0, 999) && recent.settles(3, 1000));
        recent.settle(|fp| fp == 500);
        assert!(!recent.settles(0, 999), "linked through a replaced text");
        assert!(recent.settles(3, 1000), "checked, and in other groups");
    }

    #[test]
    fn a_text_too_long_for_the_window_is_left_to_the_end() {
        let rule = Rule { jaccard: 0.5, containment: 1.0, containment_overlap: 1.0 };
        let mut misses = no_limit();
        let mut recent = Recent::new(1);
        let empty = recent.window_bytes();
        let long: Vec<u32> = (0..MAX_SET as u32 + 1).collect();
        recent.push(0, &[7], &long, &rule, &mut misses);
        recent.push(1, &[7], &long, &rule, &mut misses);
        recent.push(2, &[7], &[1, 2, 3], &rule, &mut misses);
        recent.push(3, &[7], &[1, 2, 3], &rule, &mut misses);
        // The long copies were neither checked nor kept; the short ones were.
        assert_eq!((recent.checked, recent.joined.len()), (1, 1));
        // No long set is held (one would be 32 KB): the two short ones and the left-out list.
        assert!(recent.window_bytes() - empty < 1024, "{} over {empty}", recent.window_bytes());
        assert!(!recent.covers(0, 1) && !recent.covers(1, 2) && recent.covers(2, 3));
        recent.settle(|_| false);
        assert!(!recent.settles(0, 1) && recent.settles(2, 3));
    }

    #[test]
    fn a_shared_bucket_is_not_a_shared_key_and_chains_end_at_the_window() {
        let rule = Rule { jaccard: 0.5, containment: 1.0, containment_overlap: 1.0 };
        let mut misses = no_limit();
        let mut recent = Recent::new(1);
        let set: &[u32] = &[1, 2, 3];
        recent.push(0, &[7], set, &rule, &mut misses);
        recent.push(1, &[7 + BUCKETS as u32], set, &rule, &mut misses);
        assert_eq!(recent.checked, 0, "same bucket, other key");
        recent.push(2, &[7], set, &rule, &mut misses);
        assert_eq!(recent.joined.iter().map(|j| (j.a, j.b)).collect::<Vec<_>>(), vec![(0, 2)]);
        for fp in 3..WINDOW + 2 {
            recent.push(fp, &[fp + 100], &[fp], &rule, &mut misses);
        }
        recent.push(WINDOW + 2, &[7], set, &rule, &mut misses);
        assert_eq!(recent.checked, 1, "2 is out of the window, and 0 with it");
        recent.push(WINDOW + 3, &[7], set, &rule, &mut misses);
        assert_eq!(recent.joined.last().map(|j| (j.a, j.b)), Some((WINDOW + 2, WINDOW + 3)));
    }
}
