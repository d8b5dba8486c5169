//! Restores input order in front of a single-worker stage: packets arrive by sequence number
//! in any order and leave in order. A stage that drops a document still sends an empty packet
//! for its number, so the buffer never waits for a number that will not come.

use std::collections::BTreeMap;

use copydesk_core::Document;

/// The documents that came from input document number `seq` (none if it was rejected).
#[derive(Debug)]
pub struct Packet {
    pub seq: u64,
    pub docs: Vec<Document>,
}

#[derive(Debug, Default)]
pub struct Reorder {
    next: u64,
    pending: BTreeMap<u64, Packet>,
}

impl Reorder {
    /// Accepts a packet and returns those now ready, in order.
    pub fn push(&mut self, packet: Packet, ready: &mut Vec<Packet>) {
        if packet.seq != self.next {
            self.pending.insert(packet.seq, packet);
            return;
        }
        self.next += 1;
        ready.push(packet);
        while let Some(packet) = self.pending.remove(&self.next) {
            self.next += 1;
            ready.push(packet);
        }
    }

    /// End of input: whatever is still waiting (only if an upstream stage never released a
    /// number), in order.
    pub fn drain(&mut self) -> impl Iterator<Item = Packet> + '_ {
        std::mem::take(&mut self.pending).into_values()
    }

    pub fn waiting(&self) -> usize {
        self.pending.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(arrivals: &[u64]) -> Vec<Vec<u64>> {
        let mut reorder = Reorder::default();
        arrivals
            .iter()
            .map(|&seq| {
                let mut ready = Vec::new();
                reorder.push(Packet { seq, docs: vec![] }, &mut ready);
                ready.iter().map(|p| p.seq).collect()
            })
            .collect()
    }

    #[test]
    fn releases_in_order() {
        assert_eq!(check(&[0, 1, 2]), [vec![0], vec![1], vec![2]]);
        assert_eq!(check(&[2, 0, 3, 1]), [vec![], vec![0], vec![], vec![1, 2, 3]]);
    }
}
