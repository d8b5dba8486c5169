//! copydesk tag stage: gazetteer and rule-based entity tagging with canonical names

use copydesk_core::Registry;

pub fn register(_registry: &mut Registry) {}
