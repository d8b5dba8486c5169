//! Commands beyond running a pipeline: evaluation and inspection tools.

pub mod entities;
pub mod explain_dup;
pub mod tag_conll;
