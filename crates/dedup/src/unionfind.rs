//! Union-find over fingerprint numbers: near-duplicate pairs joined into clusters, so a copy of a
//! copy lands with the original even when the two are not similar enough on their own.

#[derive(Clone, Debug, Default)]
pub struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl UnionFind {
    /// Add a new singleton; returns its number.
    pub fn push(&mut self) -> u32 {
        let id = self.parent.len() as u32;
        self.parent.push(id);
        self.size.push(1);
        id
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

    /// Join the sets of `a` and `b`; false if they were already one.
    pub fn union(&mut self, a: u32, b: u32) -> bool {
        let (mut a, mut b) = (self.find(a), self.find(b));
        if a == b {
            return false;
        }
        if self.size[a as usize] < self.size[b as usize] {
            std::mem::swap(&mut a, &mut b);
        }
        self.parent[b as usize] = a;
        self.size[a as usize] += self.size[b as usize];
        true
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
        assert_ne!(sets.find(0), sets.find(2));
        assert_ne!(sets.find(2), sets.find(4));
    }
}
