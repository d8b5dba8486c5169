//! copydesk normalize stage: Unicode, whitespace, quotes, boilerplate, dateline, date, title, language

use copydesk_core::Registry;

pub fn register(_registry: &mut Registry) {}
