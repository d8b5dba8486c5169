//! copydesk dedup stage: exact and near-duplicate detection with MinHash and LSH.
//!
//! `process` fingerprints each document and holds it; `finish` clusters the whole stream and
//! emits every document in the order received, annotated with its cluster (or, in drop mode,
//! drops all but each cluster's representative). One worker must see the whole stream, so the
//! stage is not parallel-safe.
//!
//! Exact copies share one fingerprint (xxh3 of the text). Near copies are found by word-shingle
//! MinHash with LSH banding, and every LSH candidate pair is then checked exactly on its shingle
//! sets: a pair is a duplicate if its Jaccard or its containment reaches its threshold. Pairs
//! are joined with union-find, so clusters do not depend on the order documents arrive in.
//! Defaults and why: see [`options`].

mod boilerplate;
mod explain;
mod fingerprint;
mod index;
mod lsh;
mod minhash;
pub mod options;
mod shingle;
mod unionfind;

use std::sync::Arc;

use copydesk_core::{BuildContext, DedupInfo, Document, OptionError, Output, Registry, Stage, StageError};
use xxhash_rust::xxh3::xxh3_64;

use crate::boilerplate::Boilerplate;
pub use crate::explain::{Passage, shared_passages};
pub use crate::fingerprint::FIELD as FINGERPRINT_FIELD;
use crate::fingerprint::{Fingerprint, FingerprintOptions, FingerprintStage};
pub use crate::index::Scores;
use crate::index::{Index, Rule};
use crate::minhash::MinHasher;
pub use crate::options::{DedupOptions, Mode};

/// The sorted, distinct shingle hashes of `text` with shingles of `shingle_size` words (1 to 16),
/// as the stage computes them. For tests and evaluation tools that score pairs directly.
pub fn shingles(text: &str, shingle_size: usize) -> Vec<u32> {
    let mut out = Vec::new();
    shingle::Shingler::new(shingle_size).shingles(text, &mut out);
    out
}

/// Exact Jaccard and containment of two results of [`shingles`].
pub fn scores(a: &[u32], b: &[u32]) -> Scores {
    index::scores_of(a, b)
}

pub fn register(registry: &mut Registry) {
    registry.add_stage::<FingerprintOptions, FingerprintStage>(
        "fingerprint",
        "compute dedup's shingles and MinHash signature on several workers, for a dedup stage after it",
        true,
        fingerprint::build,
    );
    registry.add_stage::<DedupOptions, Dedup>(
        "dedup",
        "cluster exact and near-duplicate articles (MinHash + LSH, exact Jaccard/containment check)",
        false,
        build,
    );
}

fn build(options: DedupOptions, _ctx: &BuildContext<'_>) -> Result<Dedup, OptionError> {
    options.validate()?;
    Ok(Dedup::new(options))
}

/// The dedup stage. Holds every document until `finish`.
#[derive(Clone, Debug)]
pub struct Dedup {
    options: DedupOptions,
    index: Index,
    held: Vec<Held>,
    /// Per fingerprint, the first held document with that text (to confirm exact matches).
    first_doc: Vec<u32>,
    boilerplate: Boilerplate,
    /// Reused buffer for fingerprints decoded from the fingerprint stage's field.
    given: Fingerprint,
}

#[derive(Clone, Debug)]
struct Held {
    doc: Document,
    fp: u32,
}

impl Dedup {
    /// A stage with `options`, which must have passed [`DedupOptions::validate`].
    pub fn new(options: DedupOptions) -> Self {
        // Built once here, shared by the clones the runtime makes.
        let minhasher = Arc::new(MinHasher::new(options.num_perm));
        let index = Index::new(options.shingle_size, minhasher, options.bands, options.rows);
        Dedup {
            options,
            index,
            held: Vec::new(),
            first_doc: Vec::new(),
            boilerplate: Boilerplate::default(),
            given: Fingerprint::default(),
        }
    }

    fn fingerprint(&mut self, text: &str, given: Option<&Fingerprint>) -> u32 {
        let hash = xxh3_64(text.as_bytes());
        let mut remember = Some(hash);
        if let Some(fp) = self.index.lookup_exact(hash) {
            if self.held[self.first_doc[fp as usize] as usize].doc.text == text {
                return fp;
            }
            remember = None; // a hash collision: keep the first text's entry
        }
        let fp = self.index.insert(text, given, remember);
        self.first_doc.push(self.held.len() as u32);
        if self.options.boilerplate_contexts > 0 {
            self.boilerplate.observe(text);
        }
        fp
    }

    /// Re-shingle every distinct text that holds boilerplate paragraphs without them; returns how
    /// many texts changed.
    fn strip_boilerplate(&mut self) -> u64 {
        let min = self.options.boilerplate_contexts;
        if min == 0 {
            return 0;
        }
        let mut changed = 0;
        for fp in 0..self.index.len() as u32 {
            let text = &self.held[self.first_doc[fp as usize] as usize].doc.text;
            if let Some(stripped) = self.boilerplate.strip(text, min) {
                self.index.replace(fp, &stripped);
                changed += 1;
            }
        }
        changed
    }

    /// Bytes held by the index and the boilerplate counts (not the held documents).
    pub fn index_bytes(&self) -> usize {
        self.index.heap_bytes() + self.boilerplate.heap_bytes() + self.first_doc.capacity() * 4
    }

    /// Each document's dedup annotation, in the order held.
    fn annotations(&mut self) -> Vec<DedupInfo> {
        let fps = self.index.len();
        let roots: Vec<u32> = self.held.iter().map(|h| self.index.root(h.fp)).collect();
        // Per cluster (root fingerprint): its representative and its size.
        let mut representative = vec![u32::MAX; fps];
        let mut size = vec![0u32; fps];
        for (i, &root) in roots.iter().enumerate() {
            let rep = &mut representative[root as usize];
            if *rep == u32::MAX || rank(&self.held[i].doc) < rank(&self.held[*rep as usize].doc) {
                *rep = i as u32;
            }
            size[root as usize] += 1;
        }
        roots
            .iter()
            .enumerate()
            .map(|(i, &root)| {
                let rep = &self.held[representative[root as usize] as usize];
                let held = &self.held[i];
                if size[root as usize] == 1 || representative[root as usize] as usize == i {
                    return DedupInfo {
                        cluster: held.doc.id.clone(),
                        duplicate_of: None,
                        similarity: None,
                        jaccard: None,
                        containment: None,
                    };
                }
                // Against the representative even when the member joined through another one.
                let scores = self.index.scores(held.fp, rep.fp);
                let (jaccard, containment) = (round(scores.jaccard), round(scores.containment));
                DedupInfo {
                    cluster: rep.doc.id.clone(),
                    duplicate_of: Some(rep.doc.id.clone()),
                    similarity: Some(jaccard.max(containment)),
                    jaccard: Some(jaccard),
                    containment: Some(containment),
                }
            })
            .collect()
    }
}

impl Stage for Dedup {
    fn process(&mut self, doc: Document, _out: &mut Output) -> Result<(), StageError> {
        if self.held.len() >= u32::MAX as usize {
            return Err(StageError::new(
                "more than 4,294,967,295 documents: too many to deduplicate in one run",
            ));
        }
        let mut doc = doc;
        let given = match doc.fields.remove(fingerprint::FIELD) {
            Some(serde_json::Value::String(field)) => {
                let mut scratch = std::mem::take(&mut self.given);
                if let Err(problem) = self.index.fingerprinter().decode(&field, &mut scratch) {
                    return Err(StageError::new(format!(
                        "document `{}`: field `{}` {problem}",
                        doc.id,
                        fingerprint::FIELD
                    )));
                }
                Some(scratch)
            }
            Some(_) => {
                return Err(StageError::new(format!(
                    "document `{}`: field `{}` is not a string",
                    doc.id,
                    fingerprint::FIELD
                )));
            }
            None => None,
        };
        let fp = self.fingerprint(&doc.text, given.as_ref());
        if let Some(given) = given {
            self.given = given;
        }
        self.held.push(Held { doc, fp });
        Ok(())
    }

    fn finish(&mut self, out: &mut Output) -> Result<(), StageError> {
        let documents = self.held.len();
        let stripped = self.strip_boilerplate();
        out.count("boilerplate_texts", stripped);
        let rule = Rule {
            jaccard: self.options.jaccard,
            containment: self.options.containment,
            containment_overlap: self.options.containment_overlap,
        };
        let stats = self.index.join_similar(&rule);
        let annotations = self.annotations();
        let mut duplicates = 0usize;
        for (held, info) in std::mem::take(&mut self.held).into_iter().zip(annotations) {
            let mut doc = held.doc;
            let is_duplicate = info.duplicate_of.is_some();
            doc.dedup = Some(info);
            if is_duplicate {
                duplicates += 1;
            }
            if is_duplicate && self.options.mode == Mode::Drop {
                out.drop_duplicate(doc);
            } else {
                out.emit(doc);
            }
        }
        tracing::info!(
            documents,
            distinct_texts = self.index.len(),
            candidate_pairs_checked = stats.checked,
            pairs_joined = stats.joined,
            duplicates,
            index_bytes = self.index_bytes(),
            "dedup finished"
        );
        Ok(())
    }
}

/// Representative order: earliest well-formed `published` date (a missing or malformed one
/// sorts after every date), then smallest id, then the text and the input position, which only
/// matter for documents sharing an id.
fn rank(doc: &Document) -> (bool, &str, &str, &str, u64) {
    let date = doc.published.as_deref().filter(|d| is_iso_date(d));
    (date.is_none(), date.unwrap_or(""), &doc.id, &doc.text, doc.seq())
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
}

/// Four decimals, so the exported bytes do not depend on float formatting of long fractions.
fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}
