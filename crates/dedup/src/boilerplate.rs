//! Outlet boilerplate: paragraphs an outlet repeats under many different articles (newsletter
//! blurbs, "related articles", copyright lines). They are left out of the shingle sets the exact
//! check compares, so two different articles sharing a blurb are not duplicates.
//!
//! A paragraph is boilerplate when it follows `min_contexts` different paragraphs in the stream
//! (the first paragraph of a text counts as one context). Counting documents would not do: a wire
//! story reprinted twenty times repeats every paragraph twenty times, but mostly after the same
//! neighbour, while a blurb sits under a different article each time. Paragraphs are compared by
//! their words (case and punctuation folded), like shingles.
//!
//! Memory: one entry per distinct (paragraph, previous paragraph) pair and one per distinct
//! paragraph; only known at end of stream, so the stage applies it in `finish`.

use std::collections::{HashMap, HashSet};

use xxhash_rust::xxh3::xxh3_64;

use crate::shingle::for_each_word;

#[derive(Clone, Debug, Default)]
pub struct Boilerplate {
    seen: HashSet<(u64, u64)>,
    contexts: HashMap<u64, u32>,
    word: Vec<u8>,
}

/// The paragraphs of a text: blank-line separated, as normalize writes them.
pub fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty())
}

impl Boilerplate {
    /// Count the contexts of every paragraph of `text` (one text once, however many copies).
    pub fn observe(&mut self, text: &str) {
        let mut previous = 0u64;
        for paragraph in paragraphs(text) {
            let key = self.key(paragraph);
            if key == 0 {
                continue;
            }
            if self.seen.insert((key, previous)) {
                *self.contexts.entry(key).or_default() += 1;
            }
            previous = key;
        }
    }

    /// `text` without its boilerplate paragraphs, or `None` when it has none (or is nothing but
    /// boilerplate: then it is compared whole, so that its exact copies still match).
    pub fn strip(&mut self, text: &str, min_contexts: u32) -> Option<String> {
        let mut kept = Vec::new();
        let mut dropped = false;
        for paragraph in paragraphs(text) {
            let key = self.key(paragraph);
            if key != 0 && self.contexts.get(&key).is_some_and(|&n| n >= min_contexts) {
                dropped = true;
            } else {
                kept.push(paragraph);
            }
        }
        (dropped && !kept.is_empty()).then(|| kept.join("\n\n"))
    }

    /// A paragraph's key: a hash of its folded words; 0 for a paragraph without words.
    fn key(&mut self, paragraph: &str) -> u64 {
        let mut hash = 0u64;
        for_each_word(paragraph, &mut self.word, |w| {
            hash = xxh3_64(w) ^ hash.rotate_left(5).wrapping_mul(31)
        });
        hash
    }

    pub fn heap_bytes(&self) -> usize {
        self.seen.capacity() * 17 + self.contexts.capacity() * 13
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paragraph_under_many_articles_is_boilerplate() {
        let blurb = "Sign up for our morning newsletter.";
        let mut b = Boilerplate::default();
        for i in 0..3 {
            b.observe(&format!("Story number {i} about something.\n\n{blurb}"));
        }
        // A wire paragraph reprinted after the same lead is not.
        for _ in 0..5 {
            b.observe("The lead of the wire story.\n\nThe second paragraph of it.");
        }
        let check = |b: &mut Boilerplate, text: &str, min: u32| b.strip(text, min);
        assert_eq!(
            check(&mut b, &format!("Another story.\n\n{blurb}"), 3).as_deref(),
            Some("Another story.")
        );
        assert_eq!(check(&mut b, &format!("Another story.\n\n{blurb}"), 4), None);
        assert_eq!(check(&mut b, "The lead of the wire story.\n\nThe second paragraph of it.", 3), None);
        assert_eq!(check(&mut b, "sign up, for our MORNING newsletter\n\nX y.", 3).as_deref(), Some("X y."));
        assert_eq!(check(&mut b, blurb, 3), None, "nothing but boilerplate: compared whole");
    }
}
