//! Outlet boilerplate: paragraphs an outlet repeats under many different articles (newsletter
//! blurbs, "related articles", copyright lines). They are left out of the shingle sets the exact
//! check compares, so two different articles sharing a blurb are not duplicates.
//!
//! A paragraph is boilerplate when it appears in `min_contexts` different contexts in the
//! stream, none of them often. Its context in a text is the rest of that text, told by one
//! MinHash value of the shingles outside the paragraph (`rests`, from the fingerprint stage):
//! the same for two copies of one story as often as the copies' Jaccard similarity, different
//! for two different articles. Counting documents would not do: a wire story reprinted twenty
//! times repeats every paragraph twenty times, but always under the same story, while a blurb
//! sits under a different article each time. Counting different contexts alone would not do
//! either: a story reprinted a thousand times with edits gives each of its paragraphs a hundred
//! contexts, and all of it would be boilerplate (each copy then compared on what is left, its
//! edits: a 5-story test of 30,000 copies took a minute and 1.9 GB). But most of those copies
//! still give it the same context, which a blurb's articles do not. (Until 2026-12 the context
//! was the paragraph before, which an edit in it, a new opening or a dropped paragraph changes
//! as surely as another article does.) Paragraphs are compared by their words (case and
//! punctuation folded), like shingles; the fingerprint stage computes their keys
//! ([`crate::shingle::paragraph_key`]).
//!
//! Memory: 16 bytes (plus the hash table's slack) per distinct paragraph — its 32-bit key, a
//! 32-bit linear-counting sketch of its contexts (bit `hash(context) mod 32`), the two contexts
//! it came in most often (8-bit hashes) with their counts, and its occurrences (16 bits each). The counts
//! depend on the order texts come in (the sketch does not), so the same texts in another order
//! may find a borderline paragraph boilerplate or not; any one order gives one answer. The number of contexts is
//! estimated from the bits set, `-32 ln(1 - bits/32)`: exact while the contexts land on
//! different bits, within about one of the truth at 10, and saturating near 100 (far above any
//! useful threshold; the option is capped at 24). Keeping every distinct (paragraph, context)
//! pair instead, as an exact count would, cost more than the whole LSH index. Only known at end
//! of stream, so the stage applies it in `finish`.

use std::collections::{HashMap, HashSet};

use copydesk_core::hashing::HashKey;

/// The largest `boilerplate_contexts` the 32-bit sketch counts reliably.
pub const MAX_CONTEXTS: u32 = 24;

/// The fewest words a text without its boilerplate must keep to be compared so alone: fewer
/// make a handful of shingles, which unrelated texts share.
pub const MIN_KEPT_WORDS: usize = 10;

#[derive(Clone, Debug, Default)]
pub struct Boilerplate {
    contexts: HashMap<u32, Contexts, HashKey>,
}

/// What is known of the contexts one paragraph came in: 12 bytes.
#[derive(Clone, Copy, Debug, Default)]
struct Contexts {
    /// The linear-counting sketch: bit `hash(context) mod 32`.
    bits: u32,
    /// The two most frequent contexts (8-bit hashes: two contexts that share one are counted
    /// as one, which a blurb's hundreds of contexts spread over 256 survive) and their counts,
    /// as a Misra-Gries summary keeps them: each count is at most a third of the paragraph's
    /// occurrences below the true one. Two, not one: a story printed by two outlets, each a
    /// thousand times over, has two.
    tags: [u8; 2],
    counts: [u16; 2],
    /// Occurrences (saturating): what the counts are a share of.
    seen: u16,
}

impl Contexts {
    fn add(&mut self, context: u32) {
        // A multiplicative hash of the context picks the bit; its top 5 bits are the best
        // mixed. The summary uses another one.
        self.bits |= 1 << (context.wrapping_mul(0x9e37_79b1) >> 27);
        self.seen = self.seen.saturating_add(1);
        let tag = (context.wrapping_mul(0x85eb_ca6b) >> 24) as u8;
        if let Some(i) = (0..2).find(|&i| self.tags[i] == tag && self.counts[i] > 0) {
            self.counts[i] = self.counts[i].saturating_add(1);
        } else if let Some(i) = (0..2).find(|&i| self.counts[i] == 0) {
            (self.tags[i], self.counts[i]) = (tag, 1);
        } else {
            self.counts.iter_mut().for_each(|n| *n -= 1);
        }
    }

    /// At least `min` different contexts, and none of them counted in an eighth of its
    /// occurrences or more (beyond the one every context has): a paragraph that often comes in
    /// one or two contexts is part of a story, however many others the edits of its copies also
    /// gave it, while a blurb under thousands of articles stays one even when thirty of them are
    /// versions of one.
    fn is_boilerplate(&self, min: u32) -> bool {
        let most = self.counts[0].max(self.counts[1]);
        estimate(self.bits) >= f64::from(min) - 0.5
            && u32::from(most.saturating_sub(1)) * 8 < u32::from(self.seen)
    }
}

/// The paragraphs of a text: blank-line separated, as normalize writes them.
pub fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty())
}

impl Boilerplate {
    /// Count the context of every paragraph of a text, given its paragraph keys and their rests
    /// (one text once, however many exact copies).
    pub fn observe(&mut self, keys: &[u32], rests: &[u32]) {
        debug_assert_eq!(keys.len(), rests.len());
        for (&key, &rest) in keys.iter().zip(rests) {
            self.contexts.entry(key).or_default().add(rest);
        }
    }

    /// True when paragraph `key` came in at least `min_contexts` different contexts, none of
    /// them often.
    pub fn is_boilerplate(&self, key: u32, min_contexts: u32) -> bool {
        self.contexts.get(&key).is_some_and(|c| c.is_boilerplate(min_contexts))
    }

    /// The boilerplate paragraphs' keys, for [`any`]: usually a handful, so looking a text's
    /// paragraphs up in it is much cheaper than estimating each paragraph's count.
    pub fn keys(&self, min_contexts: u32) -> HashSet<u32, HashKey> {
        self.contexts.keys().copied().filter(|&k| self.is_boilerplate(k, min_contexts)).collect()
    }

    /// `text` without its boilerplate paragraphs, and whether what is left is short: under
    /// [`MIN_KEPT_WORDS`] words, a handful of shingles, too few to judge a pair by alone (the
    /// dedup stage then asks the whole texts to match too). `None` when it has none, or is
    /// nothing but boilerplate.
    ///
    /// Both kinds of short text need it. A templated brief, "Qtly div 11 cts vs 11 cts prior /
    /// Pay April 17 / Record March 20", has its date lines under many other briefs: without
    /// them every company paying 11 cents is the same story. A brief of a few words under a long
    /// newsletter blurb is the other way round: whole, the blurb makes all such briefs one.
    pub fn strip(&self, text: &str, min_contexts: u32) -> Option<(String, bool)> {
        let mut kept = Vec::new();
        let mut dropped = false;
        let mut buf = Vec::new();
        let mut words = 0;
        for paragraph in paragraphs(text) {
            let key = crate::shingle::paragraph_key(paragraph, &mut buf);
            if key != 0 && self.is_boilerplate(key, min_contexts) {
                dropped = true;
            } else {
                kept.push(paragraph);
                crate::shingle::for_each_word(paragraph, &mut buf, |_| words += 1);
            }
        }
        (dropped && words > 0).then(|| (kept.join("\n\n"), words < MIN_KEPT_WORDS))
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
        let (mut shingles, mut keys, mut rests) = (Vec::new(), Vec::new(), Vec::new());
        crate::shingle::Shingler::new(4).shingles_and_paragraphs(text, &mut shingles, &mut keys, &mut rests);
        b.observe(&keys, &rests);
    }

    #[test]
    fn a_paragraph_under_many_articles_is_boilerplate() {
        let blurb = "Sign up for our morning newsletter.";
        let mut b = Boilerplate::default();
        for i in 0..3 {
            observe(&mut b, &format!("Story number {i} about something.\n\n{blurb}"));
        }
        // A wire paragraph reprinted under the same lead is not.
        for _ in 0..5 {
            observe(&mut b, "The lead of the wire story.\n\nThe second paragraph of it.");
        }
        // Nor is a blurb at the top under copies of one story, edited or not.
        for i in 0..5 {
            observe(
                &mut b,
                &format!("Read our live blog.\n\nThe lead of a story, once more told {i} times."),
            );
            observe(&mut b, "Read our live blog.\n\nThe lead of a story, once more told 0 times.");
        }
        let check = |text: &str, min: u32| {
            b.strip(text, min).map(|(text, short)| if short { format!("{text} (short)") } else { text })
        };
        let another = "Another story, long enough to be compared on its own.";
        assert_eq!(check(&format!("{another}\n\n{blurb}"), 3).as_deref(), Some(another));
        assert_eq!(check(&format!("{another}\n\n{blurb}"), 4), None);
        assert_eq!(check("The lead of the wire story.\n\nThe second paragraph of it.", 3), None);
        let rest = "A story of its own, told in ten words or more.";
        let stripped = Some(rest);
        assert_eq!(check(&format!("sign up, for our MORNING newsletter\n\n{rest}"), 3).as_deref(), stripped);
        let short = check(&format!("Another story.\n\n{blurb}"), 3);
        assert_eq!(short.as_deref(), Some("Another story. (short)"), "too little left to judge by alone");
        assert_eq!(check(blurb, 3), None, "nothing but boilerplate: compared whole");
        assert_eq!(check(&format!("Read our live blog.\n\n{rest}"), 3), None);
    }

    #[test]
    fn a_blurb_at_the_top_of_articles_is_boilerplate() {
        let mut b = Boilerplate::default();
        for i in 0..12 {
            observe(
                &mut b,
                &format!("Follow our live coverage.\n\nArticle {i} about a thing of its own, {i}."),
            );
        }
        let rest = "A story of its own, told in ten words or more.";
        let stripped = b.strip(&format!("Follow our live coverage.\n\n{rest}"), 10);
        assert_eq!(stripped, Some((rest.to_string(), false)));
    }

    #[test]
    fn the_sketch_counts_contexts_closely() {
        let random = |i: u32| xxhash_rust::xxh3::xxh3_64(&i.to_le_bytes()) as u32 | 1;
        let mut b = Boilerplate::default();
        for i in 0..40u32 {
            // Paragraph 9 in 40 different contexts (random, as MinHash values are); 7 in 40
            // others too, and in one context as often.
            b.observe(&[9], &[random(i)]);
            b.observe(&[7], &[random(i + 100)]);
            b.observe(&[7, 5], &[5, 7]);
        }
        let estimate = estimate(b.contexts[&9].bits);
        assert!((25.0..70.0).contains(&estimate), "{estimate}");
        assert!(b.is_boilerplate(9, MAX_CONTEXTS));
        assert!(!b.is_boilerplate(7, 10), "half the time in one context");
        assert!(!b.is_boilerplate(5, 2), "one context");
    }

    #[test]
    fn an_entry_is_sixteen_bytes() {
        assert_eq!(std::mem::size_of::<(u32, Contexts)>(), 16);
    }

    #[test]
    fn a_blurb_stays_one_when_an_article_under_it_has_many_versions() {
        // A trailer under 300 articles, 30 of them versions of one (a live story re-sent), which
        // come last; and a blurb under 12 articles with no versions.
        let random = |i: u32| xxhash_rust::xxh3::xxh3_64(&i.to_le_bytes()) as u32 | 1;
        let mut b = Boilerplate::default();
        for i in 0..270 {
            b.observe(&[9], &[random(i)]);
        }
        for _ in 0..30 {
            b.observe(&[9], &[random(1_000)]);
        }
        for i in 0..12 {
            b.observe(&[8], &[random(2_000 + i)]);
        }
        assert!(b.is_boilerplate(9, 10) && b.is_boilerplate(8, 10));
    }

    #[test]
    fn a_story_reprinted_with_edits_is_not_boilerplate() {
        // A three-paragraph story printed by two outlets, each with its own opening, five hundred
        // times over, a word changed somewhere in every copy: each paragraph's rest differs from
        // copy to copy now and then, but is mostly one of the two printings'.
        let mut b = Boilerplate::default();
        let words: Vec<String> = (0..60).map(|i| format!("w{i}")).collect();
        for copy in 0..1000usize {
            let mut w = words.clone();
            w[copy * 7 % 60] = format!("edit{copy}");
            let opening =
                if copy % 2 == 0 { "Outlet one opens this way." } else { "Outlet two has another opening." };
            let text = format!(
                "{opening}\n\n{}\n\n{}\n\n{}",
                w[..20].join(" "),
                w[20..40].join(" "),
                w[40..].join(" ")
            );
            observe(&mut b, &text);
            // A blurb under an article of its own every tenth copy.
            if copy % 10 == 0 {
                observe(
                    &mut b,
                    &format!("An article about thing {copy} and more.\n\nSign up for our newsletter."),
                );
            }
        }
        let key = |p: &str| crate::shingle::paragraph_key(p, &mut Vec::new());
        for paragraph in [words[20..40].join(" "), "Outlet one opens this way.".into()] {
            assert!(!b.is_boilerplate(key(&paragraph), 10), "{paragraph}");
        }
        assert!(b.is_boilerplate(key("Sign up for our newsletter."), 10));
    }
}
