//! Outlet boilerplate: paragraphs an outlet repeats under many different articles (newsletter
//! blurbs, "related articles", copyright lines). They are left out of the shingle sets the exact
//! check compares, so two different articles sharing a blurb are not duplicates.
//!
//! A paragraph is boilerplate when it follows `min_contexts` different paragraphs in the stream
//! (the first paragraph of a text counts as one context), none of them often. Counting documents would not do: a wire story reprinted twenty times repeats every
//! paragraph twenty times, but mostly after the same neighbour, while a blurb sits under a
//! different article each time. Counting different neighbours alone would not do either: a story
//! reprinted a thousand times, each copy with a word changed here and there or a new opening,
//! puts its paragraphs after hundreds of slightly different neighbours, and all of it would be
//! boilerplate (each copy then compared on what was edited in it alone: a 5-story test of 30,000
//! copies took minutes). Such a paragraph still mostly follows its own neighbour, which a blurb
//! does not. Paragraphs are compared by their words (case and punctuation folded), like shingles;
//! the fingerprint stage computes their keys ([`crate::shingle::paragraph_key`]).
//!
//! Memory: 16 bytes (plus the hash table's slack) per distinct paragraph — its 32-bit key, a
//! 32-bit linear-counting sketch of the paragraphs it followed (bit `hash(previous) mod 32`), and
//! the two neighbours it followed most often with their counts (16 bits each). The number of contexts is estimated from the bits set, `-32 ln(1 - bits/32)`:
//! exact while the contexts land on different bits, within about one of the truth at 10, and
//! saturating near 100 (far above any useful threshold; the option is capped at 24). Keeping every
//! distinct (paragraph, previous) pair instead, as an exact count would, cost more than the whole
//! LSH index. Only known at end of stream, so the stage applies it in `finish`.

use std::collections::{HashMap, HashSet};

use crate::hashing::HashKey;

/// The largest `boilerplate_contexts` the 32-bit sketch counts reliably.
pub const MAX_CONTEXTS: u32 = 24;

#[derive(Clone, Debug, Default)]
pub struct Boilerplate {
    contexts: HashMap<u32, Contexts, HashKey>,
}

/// What is known of the paragraphs one paragraph followed.
#[derive(Clone, Copy, Debug, Default)]
struct Contexts {
    /// The linear-counting sketch: bit `hash(previous) mod 32`.
    bits: u32,
    /// The two most frequent neighbours (16-bit hashes) as a Misra-Gries summary counts them: each
    /// count is at most a third of the paragraph's occurrences below the true one. Two, not one:
    /// a story printed by two outlets has its paragraphs after two different openings.
    frequent: [(u16, u16); 2],
}

impl Contexts {
    fn add(&mut self, previous: u32) {
        // A multiplicative hash of the previous key picks the bit; its top 5 bits are the best
        // mixed. The summary uses another one.
        self.bits |= 1 << (previous.wrapping_mul(0x9e37_79b1) >> 27);
        let tag = (previous.wrapping_mul(0x85eb_ca6b) >> 16) as u16;
        if let Some(slot) = self.frequent.iter_mut().find(|(t, n)| *t == tag && *n > 0) {
            slot.1 = slot.1.saturating_add(1);
        } else if let Some(slot) = self.frequent.iter_mut().find(|(_, n)| *n == 0) {
            *slot = (tag, 1);
        } else {
            self.frequent.iter_mut().for_each(|slot| slot.1 -= 1);
        }
    }

    /// At least `min` different neighbours, and none of them counted a quarter as often as there
    /// are neighbours (a blurb's are all counted once or twice): a paragraph that often follows
    /// one or two neighbours is part of a story, however many edited neighbours its copies also
    /// gave it.
    fn is_boilerplate(&self, min: u32) -> bool {
        let contexts = estimate(self.bits);
        let most = self.frequent.iter().map(|&(_, n)| n).max().unwrap_or(0);
        // A full sketch estimates infinity: some hundred neighbours at least.
        contexts >= f64::from(min) - 0.5 && f64::from(most) * 4.0 < contexts.min(100.0)
    }
}

/// The paragraphs of a text: blank-line separated, as normalize writes them.
pub fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty())
}

impl Boilerplate {
    /// Count the contexts of every paragraph of a text, given its paragraph keys in order (one
    /// text once, however many exact copies).
    pub fn observe(&mut self, keys: &[u32]) {
        let mut previous = 0u32;
        for &key in keys {
            self.contexts.entry(key).or_default().add(previous);
            previous = key;
        }
    }

    /// True when paragraph `key` followed at least `min_contexts` different paragraphs, none
    /// of them mostly.
    pub fn is_boilerplate(&self, key: u32, min_contexts: u32) -> bool {
        self.contexts.get(&key).is_some_and(|c| c.is_boilerplate(min_contexts))
    }

    /// The boilerplate paragraphs' keys, for [`any`]: usually a handful, so looking a text's
    /// paragraphs up in it is much cheaper than estimating each paragraph's count.
    pub fn keys(&self, min_contexts: u32) -> HashSet<u32, HashKey> {
        self.contexts.keys().copied().filter(|&k| self.is_boilerplate(k, min_contexts)).collect()
    }

    /// `text` without its boilerplate paragraphs, or `None` when it has none (or is nothing but
    /// boilerplate).
    pub fn strip(&self, text: &str, min_contexts: u32) -> Option<String> {
        let mut kept = Vec::new();
        let mut dropped = false;
        let mut buf = Vec::new();
        for paragraph in paragraphs(text) {
            let key = crate::shingle::paragraph_key(paragraph, &mut buf);
            if key != 0 && self.is_boilerplate(key, min_contexts) {
                dropped = true;
            } else {
                kept.push(paragraph);
            }
        }
        (dropped && !kept.is_empty()).then(|| kept.join("\n\n"))
    }

    pub fn heap_bytes(&self) -> usize {
        // hashbrown: 16 bytes of entry and 1 control byte per bucket.
        self.contexts.capacity() * 17
    }
}

/// True when any of `keys` is in `boilerplate` (see [`Boilerplate::keys`]), and not all of them:
/// a text that is nothing but boilerplate is compared whole, so its exact copies still match.
pub fn any(boilerplate: &HashSet<u32, HashKey>, keys: &[u32]) -> bool {
    let n = keys.iter().filter(|k| boilerplate.contains(k)).count();
    n > 0 && n < keys.len()
}

/// Linear counting: the expected number of distinct contexts that set `bits` of 32 bits.
fn estimate(bits: u32) -> f64 {
    let set = f64::from(bits.count_ones());
    if set >= 32.0 { f64::INFINITY } else { -32.0 * (1.0 - set / 32.0).ln() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn observe(b: &mut Boilerplate, text: &str) {
        let mut buf = Vec::new();
        let keys: Vec<u32> = paragraphs(text).map(|p| crate::shingle::paragraph_key(p, &mut buf)).collect();
        b.observe(&keys);
    }

    #[test]
    fn a_paragraph_under_many_articles_is_boilerplate() {
        let blurb = "Sign up for our morning newsletter.";
        let mut b = Boilerplate::default();
        for i in 0..3 {
            observe(&mut b, &format!("Story number {i} about something.\n\n{blurb}"));
        }
        // A wire paragraph reprinted after the same lead is not.
        for _ in 0..5 {
            observe(&mut b, "The lead of the wire story.\n\nThe second paragraph of it.");
        }
        let check = |text: &str, min: u32| b.strip(text, min);
        assert_eq!(check(&format!("Another story.\n\n{blurb}"), 3).as_deref(), Some("Another story."));
        assert_eq!(check(&format!("Another story.\n\n{blurb}"), 4), None);
        assert_eq!(check("The lead of the wire story.\n\nThe second paragraph of it.", 3), None);
        assert_eq!(check("sign up, for our MORNING newsletter\n\nX y.", 3).as_deref(), Some("X y."));
        assert_eq!(check(blurb, 3), None, "nothing but boilerplate: compared whole");
    }

    #[test]
    fn the_sketch_counts_contexts_closely() {
        let random = |i: u32| xxhash_rust::xxh3::xxh3_64(&i.to_le_bytes()) as u32 | 1;
        let mut b = Boilerplate::default();
        for i in 0..40u32 {
            // Paragraph 9 after 40 different paragraphs (random keys, as real ones are); 7 after
            // 40 others too, and after 5 as often.
            b.observe(&[random(i), 9]);
            b.observe(&[random(i + 100), 7]);
            b.observe(&[5, 7]);
        }
        let estimate = estimate(b.contexts[&9].bits);
        assert!((25.0..70.0).contains(&estimate), "{estimate}");
        assert!(b.is_boilerplate(9, MAX_CONTEXTS));
        assert!(!b.is_boilerplate(7, 10), "half the time after one paragraph");
        assert!(!b.is_boilerplate(5, 2), "one context");
    }

    #[test]
    fn a_story_reprinted_with_edits_is_not_boilerplate() {
        // A five-paragraph story printed by two outlets, each with its own opening, a thousand
        // times over, a paragraph edited (a word changed: a key of its own) in a third of the
        // copies: its paragraphs follow hundreds of different paragraphs, but mostly their own.
        let mut b = Boilerplate::default();
        let mut edits = 1000u32;
        for copy in 0..1000u32 {
            let mut keys = vec![1 + copy % 2, 10, 11, 12, 13];
            if copy % 3 == 0 {
                edits += 1;
                keys[1 + copy as usize % 4] = edits;
            }
            b.observe(&keys);
            // A blurb under an article of its own every tenth copy.
            if copy % 10 == 0 {
                b.observe(&[100_000 + copy, 99]);
            }
        }
        assert!((10..14).all(|k| !b.is_boilerplate(k, 10)));
        assert!(b.is_boilerplate(99, 10));
    }
}
