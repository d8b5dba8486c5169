//! A growable array in fixed blocks: the index's per-document columns grow to millions of
//! entries, and a `Vec` that doubles would hold up to twice the memory it uses (and copy it all
//! at each doubling). Blocks waste at most one block per column.

const BLOCK: usize = 1 << 14;

#[derive(Clone, Debug)]
pub struct Chunked<T> {
    blocks: Vec<Box<[T]>>,
    len: usize,
}

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Chunked { blocks: Vec::new(), len: 0 }
    }
}

impl<T: Copy + Default> Chunked<T> {
    pub fn push(&mut self, value: T) {
        if self.len == self.blocks.len() * BLOCK {
            self.blocks.push(vec![T::default(); BLOCK].into_boxed_slice());
        }
        self.blocks[self.len / BLOCK][self.len % BLOCK] = value;
        self.len += 1;
    }

    pub fn get(&self, i: usize) -> T {
        self.blocks[i / BLOCK][i % BLOCK]
    }

    pub fn set(&mut self, i: usize, value: T) {
        assert!(i < self.len, "index {i} out of {}", self.len);
        self.blocks[i / BLOCK][i % BLOCK] = value;
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// The values in order.
    pub fn iter(&self) -> impl Iterator<Item = T> + '_ {
        self.blocks.iter().flat_map(|b| b.iter().copied()).take(self.len)
    }

    pub fn heap_bytes(&self) -> usize {
        self.blocks.len() * BLOCK * std::mem::size_of::<T>() + self.blocks.capacity() * 16
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_survive_block_boundaries() {
        let mut c = Chunked::default();
        for i in 0..(BLOCK as u32 * 2 + 5) {
            c.push(i);
        }
        assert_eq!(
            (c.len(), c.get(BLOCK - 1), c.get(BLOCK), c.get(2 * BLOCK + 4)),
            (2 * BLOCK + 5, BLOCK as u32 - 1, BLOCK as u32, 2 * BLOCK as u32 + 4)
        );
        assert_eq!(c.iter().count(), c.len());
    }
}
