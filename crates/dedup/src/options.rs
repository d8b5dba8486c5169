//! The dedup stage's options, their defaults and their validation.
//!
//! Why these defaults. They are for news, not web crawls: syndicated wire copy comes back with a
//! new lead, extra or dropped paragraphs, a trimmed end and restyled quotes, so copies of one
//! story often share only a third of their shingles, while different articles on the same event
//! share almost none. Measured with `examples/eval_bbc.rs` (word shingles, exact scores):
//! - seeds/ 002 and 004 (one AFP story in two outlets), after ingest and normalize, score
//!   Jaccard 0.385 / containment 0.608 with 4-word shingles (0.352 / 0.568 with 5); 000 and 003
//!   (same event, different articles) 0.055 / 0.133; every other seed pair is below 0.02
//!   (tests/snapshots/seeds__seeds.snap has the table).
//! - On the labelled dev set bbc-syndicated (4,279 articles), 4- and 5-word shingles rank the
//!   same; plain 5-gram Jaccard >= 0.5 gives ARI 0.942; Jaccard >= 0.33 OR containment >= 0.9
//!   gives 0.951 with 4-grams (0.961 through LSH, which misses a few bridging pairs).
//!   Containment below 0.9 costs a lot there (0.5-0.6: ARI 0.82-0.86): an outlet that pastes a whole
//!   short article into another story makes a pair that is "contained" but not a copy, and
//!   union-find then merges two stories. So containment is kept for its real job, a trimmed copy
//!   that is nearly all inside the wire story, and Jaccard does the rest.
//!
//! - `shingle_size: 4`: the 002/004 pair keeps a wider margin over the Jaccard threshold than
//!   with 5 (0.385 vs 0.352) while unrelated pairs stay near 0, at the same dev-set quality.
//! - `jaccard: 0.36`: the best single 4-gram threshold on the dev set (exact, all pairs:
//!   ARI 0.975); 0.025 under the 002/004 pair, far over 000/003 (0.055).
//! - `containment: 0.9` with `containment_overlap: 0.3`: a trimmed copy that keeps at least 30% of
//!   the story is a duplicate whatever its Jaccard; the overlap floor is what keeps a short
//!   article pasted into a long one apart (through `cargo xtask eval-dedup`: overlap 0.2 → ARI
//!   0.969, 0.25 → 0.971, 0.3 → 0.973).
//! - `boilerplate_contexts: 10`: see `boilerplate.rs`; on the dev set it changes little (exact,
//!   all pairs: 0.9750 with it, 0.9741 without), its job is outlet blurbs the dev set lacks.
//! - `max_misses: 1000`: see `misses.rs`. The most checks a text of the bench news failed with
//!   no limit is 165; the bench's 1 GB corpus (1.2 M documents, ~42 edited printings of each
//!   story) has texts that fail 3,351, yet its output is the same byte for byte at 1,000 (601
//!   texts reach it), while at 400, 31 documents change cluster.
//! - `bands: 40, rows: 2` (`num_perm: 80`): a pair is a candidate with probability
//!   1 - (1 - J^2)^40: 99.5% at Jaccard 0.36, 99% at 0.33, 97.7% at 0.3, 92% at 0.25 (trimmed copies), while a
//!   pair of unrelated articles (J ~0.01) is a candidate 0.4% of the time, and each candidate
//!   costs one merge of two sorted lists. More rows per band would cut candidates but lose the
//!   low-Jaccard copies news is full of.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use copydesk_core::{OptionError, StageOptions};

use crate::boilerplate::MAX_CONTEXTS;
use crate::index::Rule;
use crate::lsh::MAX_ROWS;
use crate::shingle::MAX_SHINGLE_SIZE;

/// The default `max_misses`: see the module's notes for why.
const MAX_MISSES_DEFAULT: u32 = 1000;

/// What happens to a duplicate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Emit every document, with its cluster in `dedup`.
    #[default]
    Annotate,
    /// Emit representatives only; the other members are counted as duplicates.
    Drop,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DedupOptions {
    pub mode: Mode,
    pub shingle_size: usize,
    pub num_perm: usize,
    pub bands: usize,
    pub rows: usize,
    pub jaccard: f64,
    pub containment: f64,
    pub containment_overlap: f64,
    pub boilerplate_contexts: u32,
    /// Failed exact checks after which a text is not checked again (0: no limit).
    pub max_misses: u32,
    /// An index saved by an earlier run, to check this run's documents against.
    pub index_in: Option<PathBuf>,
    /// Where to save the index at the end of the run (may be the same file as `index_in`).
    pub index_out: Option<PathBuf>,
    /// The folder of the spool of the documents held until the end (default: the system's
    /// temporary folder, `TMPDIR`).
    pub spool_dir: Option<PathBuf>,
}

impl Default for DedupOptions {
    fn default() -> Self {
        DedupOptions {
            mode: Mode::Annotate,
            shingle_size: 4,
            num_perm: 80,
            bands: 40,
            rows: 2,
            jaccard: 0.36,
            containment: 0.9,
            containment_overlap: 0.3,
            boilerplate_contexts: 10,
            max_misses: MAX_MISSES_DEFAULT,
            index_in: None,
            index_out: None,
            spool_dir: None,
        }
    }
}

impl StageOptions for DedupOptions {
    const HELP: &'static [(&'static str, &'static str)] = &[
        (
            "mode",
            "annotate: emit every document with its cluster; drop: emit only each cluster's representative",
        ),
        (
            "shingle_size",
            "words per shingle (1-16); 4 keeps edited wire copies (new lead, restyled quotes) well above \
             the threshold while unrelated articles share almost none; shorter texts get one shingle of all their words",
        ),
        ("num_perm", "MinHash functions per document; must equal bands x rows"),
        (
            "bands",
            "LSH bands; with rows 2, 40 bands find a pair of Jaccard 0.33 with 99% probability (0.25: 92%)",
        ),
        (
            "rows",
            "MinHash values per LSH band; more rows mean fewer candidate pairs but miss low-Jaccard copies",
        ),
        (
            "jaccard",
            "a pair is a duplicate if its exact shingle Jaccard reaches this (0-1]; 0.36 sits below syndicated \
             copies with a new lead and extra paragraphs (~0.38) and far above same-event articles (~0.05)",
        ),
        (
            "containment",
            "...or if |A and B| / min(|A|, |B|) reaches this (0-1] (a trimmed copy inside the full story), \
             together with containment_overlap",
        ),
        (
            "containment_overlap",
            "...and |A and B| / max(|A|, |B|) reaches this [0-1]: 0.3 keeps a short article pasted whole \
             into a long one (contained, but a small part of it) from counting as a copy",
        ),
        (
            "boilerplate_contexts",
            "a paragraph found under this many different articles (a newsletter blurb, a copyright line), none \
             of them often, is left out of the comparison (a text left with under 10 words must match whole \
             too); 0 turns this off; at most 24",
        ),
        (
            "max_misses",
            "a text that failed this many exact checks is checked again only against texts sharing a fifth \
             of its LSH bands (0: no limit, at most 65535): it bounds the work on many texts from one \
             template (earnings briefs, results) whose shared sentences make every pair a candidate; news \
             without such floods never reaches it",
        ),
        (
            "index_in",
            "an index saved by an earlier run (index_out), relative to the config's directory: this run's documents \
             are checked against its entries too, and a copy of an earlier document gets duplicate_of = its id",
        ),
        (
            "index_out",
            "save the index here at the end of the run (written under a temporary name, then renamed), for the \
             next run's index_in; may name the same file",
        ),
        (
            "spool_dir",
            "the folder for the spool of the documents dedup holds until the end of the stream (as large as \
             they are; removed when the run ends), relative to the config's directory; default the system's \
             temporary folder (TMPDIR): name a disk with room where that is small or in memory (tmpfs)",
        ),
    ];
}

impl DedupOptions {
    /// The rule a pair of texts is judged by, from `jaccard`, `containment` and
    /// `containment_overlap`.
    pub fn rule(&self) -> Rule {
        Rule {
            jaccard: self.jaccard,
            containment: self.containment,
            containment_overlap: self.containment_overlap,
        }
    }

    /// Check every option, reporting each problem found with its key.
    pub fn validate(&self) -> Result<(), Vec<OptionError>> {
        let mut problems = Vec::new();
        let mut check = |ok: bool, key: &str, message: String| {
            if !ok {
                problems.push(OptionError::new(key, message));
            }
        };
        let size = self.shingle_size;
        check(
            (1..=MAX_SHINGLE_SIZE).contains(&size),
            "shingle_size",
            format!("must be 1 to {MAX_SHINGLE_SIZE}, not {size}"),
        );
        check(
            (1..=1024).contains(&self.num_perm),
            "num_perm",
            format!("must be 1 to 1024, not {}", self.num_perm),
        );
        check(self.bands > 0, "bands", "must be at least 1".into());
        check(
            (1..=MAX_ROWS).contains(&self.rows),
            "rows",
            format!("must be 1 to {MAX_ROWS}, not {}", self.rows),
        );
        // Only once each of the three is sound on its own: one bad value is one problem. It is
        // put on a key changed from its default (num_perm first: bands and rows follow it).
        let (bands, rows, perm) = (self.bands, self.rows, self.num_perm);
        let defaults = DedupOptions::default();
        let blamed = if perm != defaults.num_perm {
            "num_perm"
        } else if rows != defaults.rows {
            "rows"
        } else {
            "bands"
        };
        check(
            bands == 0
                || rows == 0
                || rows > MAX_ROWS
                || !(1..=1024).contains(&perm)
                || bands.checked_mul(rows) == Some(perm),
            blamed,
            format!("bands × rows must equal num_perm: {bands} × {rows} is not {perm}"),
        );
        let contexts = self.boilerplate_contexts;
        check(
            contexts <= MAX_CONTEXTS,
            "boilerplate_contexts",
            format!("must be 0 to {MAX_CONTEXTS}, not {contexts}"),
        );
        check(
            self.max_misses <= u32::from(u16::MAX),
            "max_misses",
            format!("must be 0 (no limit) to {}, not {}", u16::MAX, self.max_misses),
        );
        let overlap = self.containment_overlap;
        check(
            (0.0..=1.0).contains(&overlap),
            "containment_overlap",
            format!("must be 0 to 1, not {overlap}"),
        );
        for (key, value) in [("jaccard", self.jaccard), ("containment", self.containment)] {
            // `!(x > 0)` also refuses NaN.
            check(value > 0.0 && value <= 1.0, key, format!("must be above 0 and at most 1, not {value}"));
        }
        if problems.is_empty() { Ok(()) } else { Err(problems) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(options: serde_json::Value) -> Result<(), Vec<OptionError>> {
        let mut value = serde_json::to_value(DedupOptions::default()).unwrap();
        for (key, v) in options.as_object().unwrap() {
            value[key] = v.clone();
        }
        serde_json::from_value::<DedupOptions>(value).unwrap().validate()
    }

    fn error_key(options: serde_json::Value) -> String {
        let errs = check(options).unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:?}");
        errs[0].key.clone().unwrap()
    }

    #[test]
    fn defaults_are_valid_and_documented() {
        assert_eq!(check(serde_json::json!({})), Ok(()));
        let value = serde_json::to_value(DedupOptions::default()).unwrap();
        let keys: Vec<&str> = value.as_object().unwrap().keys().map(String::as_str).collect();
        let mut help: Vec<&str> = DedupOptions::HELP.iter().map(|(k, _)| *k).collect();
        help.sort_unstable();
        assert_eq!(keys, help);
    }

    #[test]
    fn bad_options_name_their_key() {
        assert_eq!(error_key(serde_json::json!({"shingle_size": 0})), "shingle_size");
        assert_eq!(error_key(serde_json::json!({"shingle_size": 17})), "shingle_size");
        assert_eq!(error_key(serde_json::json!({"num_perm": 0})), "num_perm");
        assert_eq!(error_key(serde_json::json!({"bands": 0})), "bands");
        assert_eq!(error_key(serde_json::json!({"rows": 0})), "rows");
        assert_eq!(error_key(serde_json::json!({"bands": 30})), "bands");
        // The cross-key check names a key that was changed.
        assert_eq!(error_key(serde_json::json!({"num_perm": 81})), "num_perm");
        assert_eq!(error_key(serde_json::json!({"rows": 5})), "rows");
        assert_eq!(error_key(serde_json::json!({"jaccard": 0.0})), "jaccard");
        assert_eq!(error_key(serde_json::json!({"containment": 1.5})), "containment");
        assert_eq!(error_key(serde_json::json!({"containment_overlap": -0.1})), "containment_overlap");
        assert_eq!(error_key(serde_json::json!({"boilerplate_contexts": 25})), "boilerplate_contexts");
        assert_eq!(error_key(serde_json::json!({"max_misses": 65536})), "max_misses");
        assert_eq!(check(serde_json::json!({"bands": 20, "rows": 4})), Ok(()));
        assert_eq!(error_key(serde_json::json!({"bands": usize::MAX})), "bands", "no overflow");
        let errs = check(serde_json::json!({"shingle_size": 0, "rows": 0, "jaccard": 2.0})).unwrap_err();
        let keys: Vec<&str> = errs.iter().filter_map(|e| e.key.as_deref()).collect();
        assert_eq!(keys, ["shingle_size", "rows", "jaccard"], "every problem, and none twice");
        assert_eq!(
            check(serde_json::json!({"num_perm": 64, "bands": 16, "rows": 4, "jaccard": 1.0})),
            Ok(())
        );
    }
}
