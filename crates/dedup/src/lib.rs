//! copydesk dedup stage: exact and near-duplicate detection with MinHash and LSH

use copydesk_core::Registry;

pub fn register(_registry: &mut Registry) {}
