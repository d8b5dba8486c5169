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
    pub fn push(&mut self, mut packet: Packet, ready: &mut Vec<Packet>) {
        if packet.seq != self.next {
            // A number that came twice (documents of one input from two calls) keeps them all.
            match self.pending.entry(packet.seq) {
                std::collections::btree_map::Entry::Occupied(mut waiting) => {
                    waiting.get_mut().docs.append(&mut packet.docs)
                }
                std::collections::btree_map::Entry::Vacant(slot) => {
                    slot.insert(packet);
                }
            }
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

    /// Documents of one number that arrive in two packets are all kept (none overwritten).
    #[test]
    fn a_number_that_comes_twice_keeps_both_packets_documents() {
        let mut reorder = Reorder::default();
        let mut ready = Vec::new();
        for id in ["a", "b"] {
            reorder.push(Packet { seq: 1, docs: vec![Document::new(id, "s", "t")] }, &mut ready);
        }
        reorder.push(Packet { seq: 0, docs: vec![] }, &mut ready);
        let ids: Vec<&str> = ready.iter().flat_map(|p| p.docs.iter().map(|d| d.id.as_str())).collect();
        assert_eq!(ids, ["a", "b"]);
    }

    #[test]
    fn releases_in_order() {
        assert_eq!(check(&[0, 1, 2]), [vec![0], vec![1], vec![2]]);
        assert_eq!(check(&[2, 0, 3, 1]), [vec![], vec![0], vec![], vec![1, 2, 3]]);
    }
}
