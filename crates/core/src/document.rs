//! The document model: one news article as it moves through the stages.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One article. Ingest fills `id`, `source`, `original` and `text`; later stages refine `text`
/// and fill the other fields. Field order here is the order of the exported JSON.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Stable id: the file stem for text files, the id field (or `stem:line`) for JSONL.
    pub id: String,
    /// Where the document came from: a path, with `:line` for JSONL records.
    pub source: String,
    /// Publication date as `YYYY-MM-DD`, when known.
    #[serde(default)]
    pub published: Option<String>,
    /// The dateline that opened the article (`Bucharest`, `MOSCOW`), when it had one.
    #[serde(default)]
    pub dateline: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    /// Detected language, ISO 639-3 (`eng`).
    #[serde(default)]
    pub lang: Option<String>,
    /// The working text: the article body, cleaned by normalize. Entity offsets point into it.
    pub text: String,
    /// The text exactly as read (after decoding), kept for audit. Empty once the document has
    /// left the source when no stage of the run reads it ([`Stage::reads_original`]: export
    /// only with `include_original`), so that a run neither carries nor spools a second copy
    /// of every text it need not write.
    ///
    /// [`Stage::reads_original`]: crate::Stage::reads_original
    #[serde(default)]
    pub original: String,
    #[serde(default)]
    pub entities: Vec<Entity>,
    #[serde(default)]
    pub dedup: Option<DedupInfo>,
    /// Anything else: extra input fields, and notes stages leave (`utf8_lossy`, `boilerplate`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, serde_json::Value>,
    /// Binary data a stage leaves for a later stage of the same run (the `fingerprint` stage's
    /// work for `dedup`): passed along in memory, never exported or serialized.
    #[serde(skip)]
    pub attachments: BTreeMap<String, Vec<u8>>,
    /// Position in the input stream, set by the runtime; it orders output and rejects.
    #[serde(skip)]
    pub(crate) seq: Seq,
}

/// A document's position in the input stream: [`Document::NO_SEQ`] until the runtime gives it
/// one (a document a stage builds, or reads back from JSON, has none of its own).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Seq(pub(crate) u64);

impl Default for Seq {
    fn default() -> Self {
        Seq(Document::NO_SEQ)
    }
}

/// Whether `s` has the shape of a date as [`Document::published`] holds one, `YYYY-MM-DD`
/// (digits and two dashes; whether the day exists is not asked).
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
}

impl Document {
    /// Words in the text: runs of non-whitespace, as `str::split_whitespace` counts them (a
    /// byte loop unless the text holds whitespace beyond ASCII; every stage that reports a word
    /// count uses this).
    pub fn word_count(&self) -> usize {
        word_count(&self.text)
    }

    pub fn new(id: impl Into<String>, source: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        Document { id: id.into(), source: source.into(), original: text.clone(), text, ..Document::default() }
    }

    /// The sequence number of a document that has none yet: one a stage built
    /// ([`Document::new`]) or read back from JSON. The runtime gives a document a stage emits
    /// while processing another that one's number (see [`Output::emit`](crate::Output::emit)).
    pub const NO_SEQ: u64 = u64::MAX;

    /// The document's position in the input stream ([`Document::NO_SEQ`] until it has one).
    pub fn seq(&self) -> u64 {
        self.seq.0
    }

    /// For runtimes and tests that drive stages by hand, and for a stage that releases a
    /// document it built from `finish`: the number of the input document it stands for.
    pub fn set_seq(&mut self, seq: u64) {
        self.seq = Seq(seq);
    }
}

/// One entity mention. `start..end` are byte offsets into [`Document::text`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    #[serde(rename = "type")]
    pub kind: EntityKind,
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// The entity's canonical name: the same for every spelling of one entity.
    pub canonical: String,
    /// Stable id: a Wikidata QID where known, otherwise a hash of type and canonical key.
    pub entity_id: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityKind {
    Person,
    Org,
    /// Geo-political entity: countries, cities, states.
    Gpe,
    /// Non-political locations: regions, seas, mountains.
    Loc,
    /// Nationalities, religious and political groups.
    Norp,
    Date,
}

impl EntityKind {
    pub const ALL: [EntityKind; 6] = [
        EntityKind::Person,
        EntityKind::Org,
        EntityKind::Gpe,
        EntityKind::Loc,
        EntityKind::Norp,
        EntityKind::Date,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "PERSON",
            EntityKind::Org => "ORG",
            EntityKind::Gpe => "GPE",
            EntityKind::Loc => "LOC",
            EntityKind::Norp => "NORP",
            EntityKind::Date => "DATE",
        }
    }
}

impl std::fmt::Display for EntityKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for EntityKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        EntityKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown entity type `{s}`"))
    }
}

/// What dedup found out about a document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DedupInfo {
    /// The cluster's id: the id of its representative.
    pub cluster: String,
    /// The representative this document duplicates; `None` for the representative itself.
    pub duplicate_of: Option<String>,
    /// Whether `duplicate_of` is an article of an earlier run (dedup's `index_in`), exported
    /// then, not now. Written only when true.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub of_earlier_run: bool,
    /// The score that made it a duplicate (the larger of Jaccard and containment).
    pub similarity: Option<f64>,
    #[serde(default)]
    pub jaccard: Option<f64>,
    #[serde(default)]
    pub containment: Option<f64>,
}

/// Runs of non-whitespace in `text`, as `str::split_whitespace` counts them: the places where
/// a non-space follows a space or the start.
///
/// Counted a byte at a time: in UTF-8 no byte of a character beyond ASCII is an ASCII space, so
/// only ASCII spaces need telling apart, unless the text holds one of the few whitespace
/// characters beyond ASCII (a no-break space, say), which [`has_wide_space`] finds by their
/// first bytes; such a text is counted a character at a time. (When every text not in plain
/// ASCII was counted a character at a time, those texts, an eighth of the normalized bench
/// news's bytes, took half of the time.)
pub fn word_count(text: &str) -> usize {
    let bytes = text.as_bytes();
    if has_wide_space(bytes) {
        let mut count = 0;
        let mut after_space = true;
        for c in text.chars() {
            let space = c.is_whitespace();
            count += usize::from(after_space && !space);
            after_space = space;
        }
        return count;
    }
    // `char::is_whitespace` on ASCII: space, \t, \n, vertical tab, form feed, \r (\t to \r
    // are 9 to 13). Branch-free, and nothing carried from byte to byte: the loop vectorises.
    let space = |b: u8| (b == b' ') | (b.wrapping_sub(b'\t') < 5);
    let first = usize::from(bytes.first().is_some_and(|&b| !space(b)));
    let (before, after) =
        (bytes.get(..bytes.len().saturating_sub(1)).unwrap_or_default(), bytes.get(1..).unwrap_or_default());
    // In u8 lanes, 255 pairs at a time so that they cannot overflow: four times as many a vector
    // as u32 lanes.
    let starts = before.chunks(255).zip(after.chunks(255)).map(|(before, after)| {
        let starts = before.iter().zip(after).map(|(&a, &b)| u8::from(space(a) & !space(b)));
        usize::from(starts.sum::<u8>())
    });
    first + starts.sum::<usize>()
}

/// Whether `bytes` (UTF-8) hold a whitespace character beyond ASCII: U+0085, U+00A0, U+1680,
/// U+2000 to U+200A, U+2028, U+2029, U+202F, U+205F or U+3000, found by their first bytes.
fn has_wide_space(bytes: &[u8]) -> bool {
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    memchr::memchr3_iter(0xC2, 0xE2, 0xE3, bytes).any(|i| match bytes[i] {
        0xC2 => matches!(at(i + 1), 0x85 | 0xA0),
        0xE2 => matches!((at(i + 1), at(i + 2)), (0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF) | (0x81, 0x9F)),
        _ => (at(i + 1), at(i + 2)) == (0x80, 0x80),
    }) || memchr::memchr_iter(0xE1, bytes).any(|i| (at(i + 1), at(i + 2)) == (0x9A, 0x80))
}

#[cfg(test)]
mod tests {
    use super::word_count;

    #[test]
    fn counts_words_as_split_whitespace_does() {
        for text in [
            "",
            " ",
            "one",
            " two  words\n",
            "a\x0Bb\x0Cc\rd\te",
            "caf\u{e9} \u{2003}em\u{a0}space",
            "x\u{85}y",
            "\u{e9}t\u{e9} \u{201c}quoted\u{201d} \u{2014} dash\u{2026}",
            "\u{3000}x\u{1680}y\u{205f}z\u{202f}w\u{2028}v\u{2029}",
        ] {
            assert_eq!(word_count(text), text.split_whitespace().count(), "{text:?}");
        }
    }

    /// The most words a run of bytes can hold, one a byte pair, across many of the 255-pair
    /// blocks the byte count sums in one byte each.
    #[test]
    fn counts_words_one_every_other_byte() {
        for text in
            ["a ".repeat(600), " a".repeat(600), "\u{e9} ".repeat(400), format!("x{}", " y".repeat(1_000))]
        {
            assert_eq!(word_count(&text), text.split_whitespace().count(), "{text:?}");
        }
    }

    /// Every character that opens with a byte a whitespace character beyond ASCII opens with
    /// (and every other one up to U+FFFF), between words and alone: the byte count and the
    /// character count agree with `split_whitespace`, and the long texts cross the 255-byte
    /// blocks the byte count sums in.
    #[test]
    fn counts_words_around_every_character() {
        for c in (0..0x1_0000).filter_map(char::from_u32) {
            for text in [
                format!("a{c}b"),
                format!("{c}"),
                format!(" {c} x{c}"),
                format!("{c}{}", "ab cd ".repeat(100)),
            ] {
                assert_eq!(
                    word_count(&text),
                    text.split_whitespace().count(),
                    "U+{:04X} in {text:?}",
                    c as u32
                );
            }
        }
    }
}
