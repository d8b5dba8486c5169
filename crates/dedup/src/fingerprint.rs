//! The `fingerprint` stage: the parallel half of deduplication. It computes a document's shingle
//! set and MinHash signature (the expensive part) on as many workers as the pipeline gives it, and
//! leaves them on the document under `fields.dedup_fingerprint`; the single-worker `dedup` stage
//! after it reads them instead of computing them, and removes the field. Without a fingerprint
//! stage in front, dedup computes the same thing itself.
//!
//! The field is a string,
//! `v2:<shingle_size>:<num_perm>:<signature hex>:<paragraph keys hex>:<shingles hex>`, so it
//! costs no JSON structure and dedup can tell a fingerprint made with other options. The
//! paragraph keys are there so the single dedup worker need not read the words again to count
//! boilerplate paragraphs.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use copydesk_core::{BuildContext, Document, OptionError, Output, Stage, StageError, StageOptions};

use crate::minhash::MinHasher;
use crate::shingle::{MAX_SHINGLE_SIZE, Shingler};

/// The document field the fingerprint travels in.
pub const FIELD: &str = "dedup_fingerprint";

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

/// A document's shingle set (sorted, distinct), MinHash signature and paragraph keys (in text
/// order, see `boilerplate`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fingerprint {
    pub shingles: Vec<u32>,
    pub signature: Vec<u32>,
    pub paragraphs: Vec<u32>,
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
        self.shingler.shingles_and_paragraphs(text, &mut fp.shingles, &mut fp.paragraphs);
        fp.signature.clear();
        if !fp.shingles.is_empty() {
            self.minhasher.signature(&fp.shingles, &mut fp.signature);
        }
    }

    pub fn encode(&self, fp: &Fingerprint) -> String {
        let values = fp.signature.len() + fp.paragraphs.len() + fp.shingles.len();
        let mut s = String::with_capacity(20 + 8 * values);
        s.push_str(&format!("v2:{}:{}:", self.shingle_size, self.minhasher.len()));
        push_hex(&mut s, &fp.signature);
        s.push(':');
        push_hex(&mut s, &fp.paragraphs);
        s.push(':');
        push_hex(&mut s, &fp.shingles);
        s
    }

    /// Read a fingerprint made by the `fingerprint` stage. `Err` says what is wrong with it.
    pub fn decode(&self, field: &str, fp: &mut Fingerprint) -> Result<(), String> {
        let mut parts = field.split(':');
        let mut next = || parts.next();
        let (Some("v2"), Some(size), Some(perm), Some(sig), Some(paragraphs), Some(shingles), None) =
            (next(), next(), next(), next(), next(), next(), next())
        else {
            return Err("is not a fingerprint this version of copydesk writes".into());
        };
        if size != self.shingle_size.to_string() || perm != self.minhasher.len().to_string() {
            return Err(format!(
                "was made with shingle_size {size} and num_perm {perm}, but dedup uses {} and {}: \
                 give the fingerprint stage the same options",
                self.shingle_size,
                self.minhasher.len()
            ));
        }
        read_hex(shingles, &mut fp.shingles).ok_or("has malformed shingles")?;
        read_hex(sig, &mut fp.signature).ok_or("has a malformed signature")?;
        read_hex(paragraphs, &mut fp.paragraphs).ok_or("has malformed paragraph keys")?;
        if !(fp.signature.is_empty() && fp.shingles.is_empty() || fp.signature.len() == self.minhasher.len())
        {
            return Err("has a signature of the wrong length".into());
        }
        Ok(())
    }
}

fn push_hex(s: &mut String, values: &[u32]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut bytes = vec![0u8; values.len() * 8];
    for (out, v) in bytes.chunks_exact_mut(8).zip(values) {
        for (i, digit) in out.iter_mut().enumerate() {
            *digit = DIGITS[(v >> (28 - 4 * i) & 0xf) as usize];
        }
    }
    s.push_str(std::str::from_utf8(&bytes).unwrap_or_default());
}

/// Lower-case hex digits as the fingerprint stage writes them; the single dedup worker decodes
/// ~500 values a document, so this is a table lookup, not `from_str_radix`.
fn read_hex(s: &str, out: &mut Vec<u32>) -> Option<()> {
    const BAD: u8 = 0xff;
    const TABLE: [u8; 256] = {
        let mut t = [BAD; 256];
        let mut i = 0;
        while i < 10 {
            t[b'0' as usize + i] = i as u8;
            i += 1;
        }
        let mut i = 0;
        while i < 6 {
            t[b'a' as usize + i] = 10 + i as u8;
            i += 1;
        }
        t
    };
    out.clear();
    if s.len() % 8 != 0 {
        return None;
    }
    out.reserve(s.len() / 8);
    for chunk in s.as_bytes().chunks_exact(8) {
        let mut value = 0u32;
        let mut bad = 0u8;
        for &c in chunk {
            let digit = TABLE[c as usize];
            bad |= digit & 0xf0;
            value = value << 4 | u32::from(digit & 0xf);
        }
        if bad != 0 {
            return None;
        }
        out.push(value);
    }
    Some(())
}

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
        let field = self.fingerprinter.encode(&self.scratch);
        doc.fields.insert(FIELD.to_string(), serde_json::Value::String(field));
        out.emit(doc);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_survive_the_field() {
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
        assert!(f.decode("v2:2:4:zz::", &mut back).is_err());
        assert!(f.decode("v2:2:4::0000000G:", &mut back).is_err());
        assert!(f.decode("v1:2:4::", &mut back).is_err(), "the old format");
        assert!(f.decode("junk", &mut back).is_err());
    }
}
