//! The shared vocabulary of copydesk: the [`Document`] that flows through the pipeline, the
//! [`Stage`] and [`Source`] traits a stage crate implements, and the [`Registry`] that maps the
//! `type:` names of `pipeline.yaml` to stage factories.
//!
//! This crate does no I/O and knows nothing of YAML, threads or channels: the runtime owns
//! those. A stage crate depends on this crate only.

mod document;
mod failures;
pub mod hashing;
pub mod hint;
pub mod json;
pub mod lock;
pub mod months;
pub mod paths;
pub mod place;
mod registry;
mod stage;
pub mod testing;

pub use document::{DedupInfo, Document, Entity, EntityKind, is_iso_date, word_count};
pub use failures::{install_quiet_hook, panic_description, process_rejecting};

/// The files export writes, one a format: the articles as JSON lines and as CSV, the mentions.
pub const EXPORT_FILES: [&str; 3] = ["articles.jsonl", "articles.csv", "mentions.csv"];

/// The files of the run itself in its output directory: rejects, duplicates, the report.
pub const RUN_FILES: [&str; 3] = ["rejects.jsonl", "duplicates.jsonl", "report.json"];

/// The files a run writes into its output directory ([`EXPORT_FILES`] and [`RUN_FILES`]):
/// never read back as input, and no other file a stage writes may take their names there.
pub const OUTPUT_FILES: [&str; 6] = {
    let mut all = [""; 6];
    let mut i = 0;
    while i < 3 {
        all[i] = EXPORT_FILES[i];
        all[i + 3] = RUN_FILES[i];
        i += 1;
    }
    all
};

/// The extensions ingest reads in a directory unless its `extensions` option says otherwise
/// (a compressed file's `.gz` or `.zst` after them).
pub const INPUT_EXTENSIONS: &[&str] = &["txt", "jsonl", "ndjson"];
pub use registry::{
    BuildContext, Built, OptionError, OptionHelp, Registry, Role, StageOptions, StageType, own_dir,
};
pub use stage::{
    Checkpoint, Commit, Counters, Dropped, Output, Reject, Source, SourceOutput, Stage, StageError,
    StopSignal, Stopped, marks_of, seq_mark, unaccounted, unnumbered,
};
