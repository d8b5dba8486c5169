//! How many exact checks each text failed, and the limit past which it is not checked again.
//!
//! Why a limit. Texts from one template that are not copies of each other (earnings briefs,
//! sports results, weather: one set of sentences, names and figures changed) share most of
//! their shingles' minimum hashes, so most band keys of such a text are shared by thousands of
//! others, and every one of those pairs is a candidate that fails the exact check: the work grew
//! with the square of their number (10,000 such briefs took 43 s, 5,000 took 9.6 s). A copy of a
//! story passes its checks and is then passed over as linked (see `recent`); only texts that
//! keep failing spend their budget. With a limit, a text is checked against its nearest
//! candidates in the stream (the window walks back from the newest) until it has failed
//! `limit` checks. The work is then about `limit` failed checks a text (at the end of stream a
//! batch of checks may take a text a batch past it), plus the pairs sharing many bands below.
//!
//! A pair sharing many band keys (see [`many_bands`]) is checked anyway: a copy of a templated
//! text re-sent after its original spent its misses shares most bands with it, two texts of
//! the template a few. Such a pair is found in the window, and at the end from any band whose
//! key few texts share (a copy's own words make most of its keys; a template's keys are shared
//! by thousands, and those large runs leave spent texts out). A template whose texts come near
//! the rule's threshold makes many such pairs, which the window bounds (4,096 a text) and the
//! limit does not. A text whose set is replaced at the end (boilerplate left out) starts
//! counting again.
//!
//! What it costs: a pair is not checked when either text spent its misses before the pair came
//! up and the two share few bands: a heavily edited copy of a templated text, or a trimmed copy
//! that matches by containment (its Jaccard, and so its shared bands, can be low). In news
//! without such floods no text comes near the default (measured: see `DedupOptions`), so the
//! clusters are those of checking every candidate; `max_misses: 0` turns the limit off.
//!
//! Counts are kept as `u16` per fingerprint (2 bytes a distinct text), saturating. Where checks
//! run in parallel (end of stream), counts are updated after each batch in pair order, so the
//! result never depends on the number of threads.

use crate::chunked::Chunked;

/// Whether a pair sharing `shared` of `bands` band keys shares many: a fifth or more (8 of 40,
/// at least 2). With 2 rows a band, a pair of Jaccard 0.7 shares about 20 of 40 and one of
/// 0.2 (two texts of one template) about 1.6, 8 or more once in ~6,000 pairs. Such a pair is
/// checked whatever its texts' misses: a copy re-sent after its original spent its own.
pub fn many_bands(shared: usize, bands: usize) -> bool {
    shared >= (bands / 5).max(2)
}

#[derive(Clone, Debug)]
pub struct Misses {
    counts: Chunked<u16>,
    limit: u32,
}

impl Misses {
    /// `limit` failed checks a text (0: no limit).
    pub fn new(limit: u32) -> Self {
        Misses { counts: Chunked::default(), limit: if limit == 0 { u32::MAX } else { limit } }
    }

    /// Count the next fingerprint, with no misses.
    pub fn push(&mut self) {
        self.counts.push(0);
    }

    /// Whether `fp` failed `limit` checks: it is not checked again.
    pub fn spent(&self, fp: u32) -> bool {
        u32::from(self.counts.get(fp as usize)) >= self.limit
    }

    /// Whether the pair `a`, `b` may be checked: neither spent its misses, or they share many
    /// of their `bands` band keys (`shared` counts them, asked only when one is spent).
    pub fn may_check(&self, a: u32, b: u32, shared: impl FnOnce() -> usize, bands: usize) -> bool {
        (!self.spent(a) && !self.spent(b)) || many_bands(shared(), bands)
    }

    /// `a` and `b` failed a check.
    pub fn miss(&mut self, a: u32, b: u32) {
        for fp in [a as usize, b as usize] {
            self.counts.set(fp, self.counts.get(fp).saturating_add(1));
        }
    }

    /// `fp` has a new set: its failures were the old one's.
    pub fn reset(&mut self, fp: u32) {
        self.counts.set(fp as usize, 0);
    }

    /// How many texts reached the limit.
    pub fn spent_texts(&self) -> u64 {
        let limit = self.limit;
        self.counts.iter().filter(|&c| u32::from(c) >= limit).count() as u64
    }

    /// The most checks one text failed (`u16::MAX` at most).
    pub fn most(&self) -> u16 {
        self.counts.iter().max().unwrap_or(0)
    }

    pub fn heap_bytes(&self) -> usize {
        self.counts.heap_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_spent_at_the_limit_and_zero_is_none() {
        let mut misses = Misses::new(2);
        (0..3).for_each(|_| misses.push());
        misses.miss(0, 1);
        assert!(!misses.spent(0) && !misses.spent(2));
        misses.miss(0, 2);
        assert!(misses.spent(0) && !misses.spent(1));
        assert_eq!((misses.spent_texts(), misses.most()), (1, 2));
        misses.reset(0);
        assert!(!misses.spent(0), "a new set counts again");
        let mut unlimited = Misses::new(0);
        (0..2).for_each(|_| unlimited.push());
        (0..70_000).for_each(|_| unlimited.miss(0, 1));
        assert!(!unlimited.spent(0), "saturates below the no-limit limit");
        assert_eq!(unlimited.most(), u16::MAX);
    }
}
