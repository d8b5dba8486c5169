//! Union-find over fingerprint numbers: near-duplicate pairs joined into clusters, so a copy of a
//! copy lands with the original even when the two are not similar enough on their own.
//!
//! 4 bytes a fingerprint (a parent, no rank or size): the smaller root becomes the parent, which
//! keeps the structure the same for any order of unions, and path halving keeps the paths short.

#[derive(Clone, Debug, Default)]
pub struct UnionFind {
    parent: Vec<u32>,
}

impl UnionFind {
    /// Add a new singleton; returns its number.
    pub fn push(&mut self) -> u32 {
        let id = self.parent.len() as u32;
        self.parent.push(id);
        id
    }

    pub fn len(&self) -> usize {
        self.parent.len()
    }

    pub fn find(&mut self, mut x: u32) -> u32 {
        // Path halving: every other node on the way points to its grandparent afterwards.
        while self.parent[x as usize] != x {
            let grandparent = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grandparent;
            x = grandparent;
        }
        x
    }

    /// Point every element straight at its root, and return each element's root (valid until
    /// the next union): lets several threads ask "one set already?" without changing anything.
    pub fn flatten(&mut self) -> &[u32] {
        for x in 0..self.parent.len() {
            let parent = self.parent[x] as usize;
            // Roots are smaller than their members, so the parent's root is already final.
            self.parent[x] = self.parent[parent];
        }
        &self.parent
    }

    /// Each element's root, as [`UnionFind::flatten`] left them (valid until the next union).
    pub fn roots(&self) -> &[u32] {
        &self.parent
    }

    /// Join the sets of `a` and `b`; false if they were already one.
    pub fn union(&mut self, a: u32, b: u32) -> bool {
        let (a, b) = (self.find(a), self.find(b));
        if a == b {
            return false;
        }
        let (root, child) = if a < b { (a, b) } else { (b, a) };
        self.parent[child as usize] = root;
        true
    }

    pub fn heap_bytes(&self) -> usize {
        self.parent.capacity() * 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unions_are_transitive() {
        let mut sets = UnionFind::default();
        (0..5).for_each(|_| _ = sets.push());
        assert!(sets.union(0, 1));
        assert!(sets.union(3, 1));
        assert!(!sets.union(0, 3));
        assert_eq!(sets.find(0), sets.find(3));
        assert_eq!(sets.find(3), 0, "the smallest number is the root");
        assert_ne!(sets.find(0), sets.find(2));
        assert_ne!(sets.find(2), sets.find(4));
        assert!(sets.union(4, 3));
        let roots = sets.flatten().to_vec();
        assert_eq!(roots, vec![0, 0, 2, 0, 0]);
    }
}
