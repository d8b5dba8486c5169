//! A `BuildHasher` for keys that are already hashes (dedup's text, paragraph and shingle
//! hashes) or numbers whose low bits vary (fingerprint numbers, normalize's packed short
//! words): one multiply spreads them over the table instead of SipHash's rounds. Tables keyed
//! this way are only looked up, never iterated into output, so their order cannot reach the
//! output.

use std::hash::{BuildHasherDefault, Hasher};

pub type HashKey = BuildHasherDefault<KeyHasher>;

#[derive(Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        // hashbrown takes the bucket from the low bits and a tag from the top 7: the multiply
        // fills the top bits from the whole of a 32-bit key, and the low bits from its low bits
        // (which vary, in hashes and in numbers alike). A 64-bit key (a pair of numbers) has its
        // high half folded in first, or the low bits of the product would come from the low half
        // alone.
        (self.0 ^ self.0 >> 32).wrapping_mul(0x9e37_79b9_7f4a_7c15)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8 | u64::from(b)).rotate_left(5);
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n);
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}
