//! The `fingerprint` stage: the parallel half of deduplication. It computes a document's shingle
//! set and MinHash signature (the expensive part) on as many workers as the pipeline gives it, and
//! leaves them on the document under `fields.dedup_fingerprint`; the single-worker `dedup` stage
//! after it reads them instead of computing them, and removes the field. Without a fingerprint
//! stage in front, dedup computes the same thing itself.
//!
//! The field is a string,
//! `v3:<shingle_size>:<num_perm>:<signature>:<paragraph keys>:<shingles>`, so it costs no JSON
//! structure and dedup can tell a fingerprint made with other options. The signature and the
//! paragraph keys are base64 (standard alphabet, no padding) of their little-endian bytes; the
//! shingles are base64 of the sorted hashes' LEB128 gaps, the very bytes the spool stores, so
//! the single dedup worker decodes ~2.2 KB of base64 a document (hex was 4 KB, parsed digit by
//! digit) and writes the gaps to the spool as they are: the parallel workers do the encoding.
//! The paragraph keys are there so the single dedup worker need not read the words again to
//! count boilerplate paragraphs.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use copydesk_core::{BuildContext, Document, OptionError, Output, Stage, StageError, StageOptions};

use crate::minhash::MinHasher;
use crate::shingle::{MAX_SHINGLE_SIZE, Shingler};
use crate::spool::{decode_gaps, encode_gaps};

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
        self.shingler.shingles_and_paragraphs(text, &mut fp.shingles, &mut fp.paragraphs);
        fp.signature.clear();
        if !fp.shingles.is_empty() {
            self.minhasher.signature(&fp.shingles, &mut fp.signature);
        }
        fp.gaps.clear();
        encode_gaps(&fp.shingles, &mut fp.gaps);
    }

    pub fn encode(&self, fp: &Fingerprint) -> String {
        let bytes = 4 * (fp.signature.len() + fp.paragraphs.len()) + fp.gaps.len();
        let mut s = format!("v3:{}:{}:", self.shingle_size, self.minhasher.len());
        s.reserve(bytes * 4 / 3 + 8);
        push_base64(&mut s, fp.signature.iter().flat_map(|v| v.to_le_bytes()));
        s.push(':');
        push_base64(&mut s, fp.paragraphs.iter().flat_map(|v| v.to_le_bytes()));
        s.push(':');
        push_base64(&mut s, fp.gaps.iter().copied());
        s
    }

    /// Read a fingerprint made by the `fingerprint` stage. `Err` says what is wrong with it.
    pub fn decode(&self, field: &str, fp: &mut Fingerprint) -> Result<(), String> {
        let mut parts = field.split(':');
        let mut next = || parts.next();
        let (Some("v3"), Some(size), Some(perm), Some(sig), Some(paragraphs), Some(shingles), None) =
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
        read_base64(shingles, &mut fp.gaps).ok_or("has malformed shingles")?;
        decode_gaps(&fp.gaps, &mut fp.shingles).map_err(|_| "has malformed shingles")?;
        if !fp.shingles.windows(2).all(|w| w[0] < w[1]) {
            return Err("has malformed shingles".into());
        }
        read_u32s(sig, &mut fp.signature).ok_or("has a malformed signature")?;
        read_u32s(paragraphs, &mut fp.paragraphs).ok_or("has malformed paragraph keys")?;
        if !(fp.signature.is_empty() && fp.shingles.is_empty() || fp.signature.len() == self.minhasher.len())
        {
            return Err("has a signature of the wrong length".into());
        }
        Ok(())
    }
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// `bytes` as base64 without padding.
fn push_base64(s: &mut String, bytes: impl Iterator<Item = u8>) {
    let mut out = Vec::with_capacity(s.capacity() - s.len());
    let (mut acc, mut bits) = (0u32, 0u32);
    for byte in bytes {
        acc = acc << 8 | u32::from(byte);
        bits += 8;
        while bits >= 6 {
            bits -= 6;
            out.push(BASE64[(acc >> bits & 63) as usize]);
        }
    }
    if bits > 0 {
        out.push(BASE64[(acc << (6 - bits) & 63) as usize]);
    }
    s.push_str(std::str::from_utf8(&out).unwrap_or_default());
}

/// What [`push_base64`] wrote, into `out` (cleared first). The single dedup worker decodes
/// ~2 KB a document, so this is a table lookup per character.
fn read_base64(s: &str, out: &mut Vec<u8>) -> Option<()> {
    const BAD: u8 = 0xff;
    const TABLE: [u8; 256] = {
        let mut t = [BAD; 256];
        let mut i = 0;
        while i < 64 {
            t[BASE64[i] as usize] = i as u8;
            i += 1;
        }
        t
    };
    out.clear();
    if s.len() % 4 == 1 {
        return None;
    }
    out.reserve(s.len() * 3 / 4);
    let b = s.as_bytes();
    let mut quads = b.chunks_exact(4);
    for q in quads.by_ref() {
        let d = [TABLE[q[0] as usize], TABLE[q[1] as usize], TABLE[q[2] as usize], TABLE[q[3] as usize]];
        if (d[0] | d[1] | d[2] | d[3]) & 0xc0 != 0 {
            return None;
        }
        let v = u32::from(d[0]) << 18 | u32::from(d[1]) << 12 | u32::from(d[2]) << 6 | u32::from(d[3]);
        out.extend_from_slice(&v.to_be_bytes()[1..]);
    }
    let rest = quads.remainder();
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in rest {
        let d = TABLE[c as usize];
        if d == BAD {
            return None;
        }
        acc = acc << 6 | u32::from(d);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    // Leftover bits are padding and must be zero, so each value has one spelling.
    (acc & ((1 << bits) - 1) == 0).then_some(())
}

/// Little-endian `u32`s from base64.
fn read_u32s(s: &str, out: &mut Vec<u32>) -> Option<()> {
    let mut bytes = Vec::new();
    read_base64(s, &mut bytes)?;
    if bytes.len() % 4 != 0 {
        return None;
    }
    out.clear();
    out.extend(bytes.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])));
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
        assert!(f.decode("v3:2:4:zz::", &mut back).is_err(), "a signature of the wrong length");
        assert!(f.decode("v3:2:4::AAAA*A:", &mut back).is_err(), "not base64");
        assert!(f.decode("v3:2:4:::B", &mut back).is_err(), "a lone character");
        assert!(f.decode("v3:2:4:::Ag", &mut back).is_err(), "shingles without a signature");
        assert!(f.decode("v2:2:4::", &mut back).is_err(), "the old format");
        assert!(f.decode("junk", &mut back).is_err());
    }
}
