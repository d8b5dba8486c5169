//! The `fingerprint` stage: the parallel half of deduplication. It computes a document's shingle
//! set and MinHash signature (the expensive part) on as many workers as the pipeline gives it, and
//! leaves them on the document as the attachment `dedup_fingerprint` (binary, in memory only:
//! see `Document::attachments`); the single-worker `dedup` stage after it reads them instead of
//! computing them, and removes the attachment. Without a fingerprint stage in front, dedup
//! computes the same thing itself.
//!
//! The attachment is little-endian `u32`s: a magic number (the format's version), shingle size
//! and `num_perm` (so dedup can tell a fingerprint made with other options), the lengths of the
//! five parts, then the signature, the paragraph keys, the paragraphs' rests (see
//! [`Shingler::shingles_and_paragraphs`]), the sorted shingle hashes, and the shingles' LEB128
//! gaps, the very bytes the spool stores. The parallel workers do all the
//! encoding; the single dedup worker copies the parts out (it was decoding 2 KB of base64 a
//! document when the fingerprint travelled as a JSON string field, two thirds of its own work).
//! The paragraph keys and rests are there so the dedup worker need not read the words again to
//! count boilerplate paragraphs.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use copydesk_core::{BuildContext, Document, OptionError, Output, Stage, StageError, StageOptions};

use crate::minhash::MinHasher;
use crate::shingle::{MAX_SHINGLE_SIZE, Shingler};
use crate::spool::encode_gaps;

/// The document attachment the fingerprint travels in.
pub const ATTACHMENT: &str = "dedup_fingerprint";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FingerprintOptions {
    pub shingle_size: usize,
    pub num_perm: usize,
}

impl Default for FingerprintOptions {
    fn default() -> Self {
        let d = crate::DedupOptions::default();
        FingerprintOptions { shingle_size: d.shingle_size, num_perm: d.num_perm }
    }
}

impl StageOptions for FingerprintOptions {
    const HELP: &'static [(&'static str, &'static str)] = &[
        ("shingle_size", "must equal the dedup stage's shingle_size"),
        ("num_perm", "must equal the dedup stage's num_perm"),
    ];
}

/// A document's shingle set (sorted, distinct), MinHash signature, and paragraph keys and rests
/// (in text order, see `boilerplate`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fingerprint {
    pub shingles: Vec<u32>,
    pub signature: Vec<u32>,
    pub paragraphs: Vec<u32>,
    pub rests: Vec<u32>,
    /// `shingles` as the spool stores them (see [`crate::spool::encode_gaps`]).
    pub gaps: Vec<u8>,
}

/// Computes fingerprints; holds the reusable buffers.
#[derive(Clone, Debug)]
pub struct Fingerprinter {
    shingler: Shingler,
    minhasher: Arc<MinHasher>,
    shingle_size: usize,
}

impl Fingerprinter {
    pub fn new(shingle_size: usize, minhasher: Arc<MinHasher>) -> Self {
        Fingerprinter { shingler: Shingler::new(shingle_size), minhasher, shingle_size }
    }

    /// Fill `fp` for `text`. A text without words gets no shingles and an empty signature.
    pub fn compute(&mut self, text: &str, fp: &mut Fingerprint) {
        self.shingler.shingles_and_paragraphs(text, &mut fp.shingles, &mut fp.paragraphs, &mut fp.rests);
        fp.signature.clear();
        if !fp.shingles.is_empty() {
            self.minhasher.signature(&fp.shingles, &mut fp.signature);
        }
        fp.gaps.clear();
        encode_gaps(&fp.shingles, &mut fp.gaps);
    }

    /// `fp` as the attachment the `fingerprint` stage leaves on a document (see the module
    /// comment for the layout).
    pub fn encode(&self, fp: &Fingerprint) -> Vec<u8> {
        let counts =
            [fp.signature.len(), fp.paragraphs.len(), fp.rests.len(), fp.shingles.len(), fp.gaps.len()];
        let mut b =
            Vec::with_capacity(HEADER + 4 * (counts[0] + counts[1] + counts[2] + counts[3]) + counts[4]);
        let header = [MAGIC, self.shingle_size as u32, self.minhasher.len() as u32];
        for v in header.into_iter().chain(counts.map(|n| n as u32)) {
            b.extend_from_slice(&v.to_le_bytes());
        }
        for values in [&fp.signature, &fp.paragraphs, &fp.rests, &fp.shingles] {
            b.extend(values.iter().flat_map(|v| v.to_le_bytes()));
        }
        b.extend_from_slice(&fp.gaps);
        b
    }

    /// Read a fingerprint made by the `fingerprint` stage. `Err` says what is wrong with it.
    pub fn decode(&self, b: &[u8], fp: &mut Fingerprint) -> Result<(), String> {
        let u32_at = |i: usize| b.get(4 * i..4 * i + 4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]));
        if u32_at(0) != Some(MAGIC) || b.len() < HEADER {
            return Err("is not a fingerprint this version of copydesk writes".into());
        }
        let (size, perm) = (u32_at(1).unwrap_or(0), u32_at(2).unwrap_or(0));
        if size as usize != self.shingle_size || perm as usize != self.minhasher.len() {
            return Err(format!(
                "was made with shingle_size {size} and num_perm {perm}, but dedup uses {} and {}: \
                 give the fingerprint stage the same options",
                self.shingle_size,
                self.minhasher.len()
            ));
        }
        let counts = [3, 4, 5, 6, 7].map(|i| u32_at(i).unwrap_or(0) as usize);
        let words = counts[0] + counts[1] + counts[2] + counts[3];
        if b.len() != HEADER + 4 * words + counts[4] || counts[1] != counts[2] {
            return Err("is damaged (its parts do not add up to its length)".into());
        }
        let mut rest = &b[HEADER..];
        let parts = [&mut fp.signature, &mut fp.paragraphs, &mut fp.rests, &mut fp.shingles];
        for (values, n) in parts.into_iter().zip(counts) {
            values.clear();
            values
                .extend(rest[..4 * n].chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])));
            rest = &rest[4 * n..];
        }
        fp.gaps.clear();
        fp.gaps.extend_from_slice(rest);
        if !fp.shingles.windows(2).all(|w| w[0] < w[1]) {
            return Err("has malformed shingles".into());
        }
        if !(fp.signature.is_empty() && fp.shingles.is_empty() || fp.signature.len() == self.minhasher.len())
        {
            return Err("has a signature of the wrong length".into());
        }
        Ok(())
    }
}

/// `"CDF6"`: the attachment's format. Bump it when the layout or the hashing changes.
const MAGIC: u32 = u32::from_le_bytes(*b"CDF6");
/// Magic, shingle size, MinHash functions, and the five counts.
const HEADER: usize = 4 * 8;

/// The `fingerprint` stage.
#[derive(Clone, Debug)]
pub struct FingerprintStage {
    fingerprinter: Fingerprinter,
    scratch: Fingerprint,
}

pub fn build(options: FingerprintOptions, _ctx: &BuildContext<'_>) -> Result<FingerprintStage, OptionError> {
    if !(1..=MAX_SHINGLE_SIZE).contains(&options.shingle_size) {
        return Err(OptionError::new("shingle_size", format!("must be 1 to {MAX_SHINGLE_SIZE}")));
    }
    if !(1..=1024).contains(&options.num_perm) {
        return Err(OptionError::new("num_perm", "must be 1 to 1024"));
    }
    let minhasher = Arc::new(MinHasher::new(options.num_perm));
    Ok(FingerprintStage {
        fingerprinter: Fingerprinter::new(options.shingle_size, minhasher),
        scratch: Fingerprint::default(),
    })
}

impl Stage for FingerprintStage {
    fn process(&mut self, mut doc: Document, out: &mut Output) -> Result<(), StageError> {
        self.fingerprinter.compute(&doc.text, &mut self.scratch);
        doc.attachments.insert(ATTACHMENT.to_string(), self.fingerprinter.encode(&self.scratch));
        out.emit(doc);
        Ok(())
    }

    /// Never reads `original`.
    fn reads_original(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_survive_the_attachment() {
        let mut f = Fingerprinter::new(2, Arc::new(MinHasher::new(4)));
        for text in ["The Kremlin urged the US to stop.\n\nSecond paragraph.", "", "one"] {
            let mut fp = Fingerprint::default();
            f.compute(text, &mut fp);
            let mut back = Fingerprint::default();
            f.decode(&f.encode(&fp), &mut back).unwrap();
            assert_eq!(back, fp, "{text:?}");
        }
        let mut back = Fingerprint::default();
        let other = Fingerprinter::new(3, Arc::new(MinHasher::new(4)));
        let err = f.decode(&other.encode(&Fingerprint::default()), &mut back).unwrap_err();
        assert!(err.contains("shingle_size 3"), "{err}");
        let one = fp_of(&mut f, "one two three");
        let good = f.encode(&one);
        let mut bad = good.clone();
        bad.pop();
        assert!(f.decode(&bad, &mut back).unwrap_err().contains("damaged"), "truncated");
        let mut bad = good.clone();
        bad[12..16].copy_from_slice(&3u32.to_le_bytes());
        bad.truncate(bad.len() - 4);
        assert!(f.decode(&bad, &mut back).unwrap_err().contains("wrong length"), "a short signature");
        let mut bad = good.clone();
        let shingles_at = HEADER + 4 * (4 + 1 + 1);
        for k in 0..4 {
            bad.swap(shingles_at + k, shingles_at + 4 + k);
        }
        assert!(f.decode(&bad, &mut back).unwrap_err().contains("malformed"), "unsorted shingles");
        let mut old = good.clone();
        old[..4].copy_from_slice(b"CDF5");
        assert!(f.decode(&old, &mut back).is_err(), "an old format");
        assert!(f.decode(b"junk", &mut back).is_err());
    }

    fn fp_of(f: &mut Fingerprinter, text: &str) -> Fingerprint {
        let mut fp = Fingerprint::default();
        f.compute(text, &mut fp);
        fp
    }
}
