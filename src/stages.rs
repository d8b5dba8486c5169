//! The one explicit list of stage crates this binary knows. `cargo xtask new-stage` adds a line
//! above the marker; a stage crate that is not listed here cannot be used in pipeline.yaml.

use copydesk_core::Registry;

pub fn registry() -> Registry {
    let mut registry = Registry::new();
    copydesk_ingest::register(&mut registry);
    copydesk_normalize::register(&mut registry);
    copydesk_tag::register(&mut registry);
    copydesk_dedup::register(&mut registry);
    copydesk_export::register(&mut registry);
    copydesk_wordcount::register(&mut registry);
    // new stages are registered above this line
    registry
}
