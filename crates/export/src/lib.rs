//! copydesk export stage: JSONL, CSV of documents and of entity mentions

use copydesk_core::Registry;

pub fn register(_registry: &mut Registry) {}
