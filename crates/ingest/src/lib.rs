//! copydesk source stage: text files, JSONL and gzip inputs

use copydesk_core::Registry;

pub fn register(_registry: &mut Registry) {}
