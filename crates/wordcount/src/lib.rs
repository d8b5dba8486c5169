//! example custom copydesk stage: counts words and rejects documents below a minimum

use copydesk_core::Registry;

pub fn register(_registry: &mut Registry) {}
