//! The passages two texts share, for `copydesk explain-dup`: runs of words covered by shingles
//! both texts have (the same words, case and punctuation folded, that dedup compares).

use std::collections::HashMap;
use std::ops::Range;

use xxhash_rust::xxh3::xxh3_64;

/// One shared passage: byte ranges in the first and the second text, and its length in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Passage {
    pub a: Range<usize>,
    pub b: Range<usize>,
    pub words: usize,
}

/// Words of `text` as (folded-word hash, byte range), folded like shingles.
fn words(text: &str) -> Vec<(u64, Range<usize>)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut buf = Vec::new();
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
            for lower in c.to_lowercase() {
                let mut utf8 = [0u8; 4];
                buf.extend_from_slice(lower.encode_utf8(&mut utf8).as_bytes());
            }
        } else if matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02bc}') && start.is_some() {
        } else if let Some(s) = start.take() {
            out.push((xxh3_64(&buf), s..i));
            buf.clear();
        }
    }
    out
}

/// The number of words of `text` as dedup reads them (runs of letters and digits: "U.S." and
/// "Anglo-French" are two), the unit [`shared_passages`] counts in.
pub fn shingle_words(text: &str) -> usize {
    words(text).len()
}

/// The passages of `a` that also appear in `b`, in the order of `a`: maximal runs of words
/// covered by `shingle_size`-word windows found in both, each mapped to where it starts in `b`.
pub fn shared_passages(a: &str, b: &str, shingle_size: usize) -> Vec<Passage> {
    let (wa, wb) = (words(a), words(b));
    let k = shingle_size.max(1);
    if wa.len() < k || wb.len() < k {
        return Vec::new();
    }
    let key = |w: &[(u64, Range<usize>)]| w.iter().fold(0u64, |h, (x, _)| h.rotate_left(7) ^ x);
    let mut in_b: HashMap<u64, usize> = HashMap::new();
    for (i, window) in wb.windows(k).enumerate() {
        in_b.entry(key(window)).or_insert(i);
    }
    let mut passages: Vec<Passage> = Vec::new();
    // A run: (start word in a, end word in a, start word in b, end word in b).
    let mut run: Option<(usize, usize, usize, usize)> = None;
    // Where the last window of a was found in b: a repeated phrase is first looked for right
    // after it, so that a run follows b in order rather than jumping to the phrase's first place.
    let mut last: Option<usize> = None;
    for (i, window) in wa.windows(k).enumerate() {
        let h = key(window);
        let next_in_b = last.map(|j| j + 1).filter(|&j| j + k <= wb.len() && key(&wb[j..j + k]) == h);
        let found = next_in_b.or_else(|| in_b.get(&h).copied());
        last = found;
        run = match (run, found) {
            (Some((sa, ea, sb, eb)), Some(j)) if i < ea && j <= eb => Some((sa, i + k, sb, (j + k).max(eb))),
            (current, found) => {
                let mut from = i;
                if let Some(done) = current {
                    passages.push(passage(&wa, &wb, done));
                    // Passages of a never overlap: a new one starts where the last ended.
                    from = from.max(done.1);
                }
                found.map(|j| (from, i + k, j + (from - i), j + k)).filter(|&(sa, ea, _, _)| sa < ea)
            }
        };
    }
    if let Some(done) = run {
        passages.push(passage(&wa, &wb, done));
    }
    passages
}

fn passage(
    wa: &[(u64, Range<usize>)],
    wb: &[(u64, Range<usize>)],
    (sa, ea, sb, eb): (usize, usize, usize, usize),
) -> Passage {
    Passage { a: wa[sa].1.start..wa[ea - 1].1.end, b: wb[sb].1.start..wb[eb - 1].1.end, words: ea - sa }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_runs_are_found_in_both_texts() {
        let a = "New lead here. The Kremlin urged the US to stop inflaming tensions, officials said.";
        let b =
            "\"the kremlin urged the US to stop inflaming tensions\" -- a trailer. Officials said nothing.";
        let got: Vec<(&str, &str, usize)> =
            shared_passages(a, b, 4).into_iter().map(|p| (&a[p.a], &b[p.b], p.words)).collect();
        assert_eq!(
            got,
            vec![(
                "The Kremlin urged the US to stop inflaming tensions",
                "the kremlin urged the US to stop inflaming tensions",
                9
            )]
        );
        assert!(shared_passages("a b c", "a b c", 4).is_empty());
        // A text with a repeated phrase, against itself: one passage, every word once.
        let twice = "one two three four five. one two three four six seven eight nine ten.";
        let got = shared_passages(twice, twice, 3);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(
            (got[0].a.clone(), got[0].b.clone(), got[0].words),
            (0..twice.len() - 1, 0..twice.len() - 1, 14)
        );
    }
}
