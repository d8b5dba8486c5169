//! An example custom stage, and the shape `cargo xtask new-stage` generates: counts the words of
//! each document into a field, and rejects documents shorter than `min_words`.
//!
//! A stage crate is this small: typed options with defaults and help, a factory that checks
//! them, a `Stage` impl, and a `register` function the binary calls.

use copydesk_core::{BuildContext, Document, OptionError, Output, Registry, Stage, StageError, StageOptions};
use serde::{Deserialize, Serialize};

pub fn register(registry: &mut Registry) {
    registry.add_stage::<WordCountOptions, WordCount, _>(
        "wordcount",
        "counts words into a field; rejects documents shorter than min_words",
        true,
        build,
    );
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WordCountOptions {
    pub field: String,
    pub min_words: usize,
}

impl Default for WordCountOptions {
    fn default() -> Self {
        WordCountOptions { field: "word_count".into(), min_words: 0 }
    }
}

impl StageOptions for WordCountOptions {
    const HELP: &'static [(&'static str, &'static str)] = &[
        ("field", "name of the field that receives the count"),
        ("min_words", "reject documents with fewer words than this (0 keeps all)"),
    ];
}

#[derive(Clone, Debug)]
pub struct WordCount {
    options: WordCountOptions,
}

fn build(options: WordCountOptions, _ctx: &BuildContext<'_>) -> Result<WordCount, OptionError> {
    if options.field.trim().is_empty() {
        return Err(OptionError::new("field", "must not be empty"));
    }
    Ok(WordCount { options })
}

impl Stage for WordCount {
    fn process(&mut self, mut doc: Document, out: &mut Output) -> Result<(), StageError> {
        let words = doc.word_count();
        if words < self.options.min_words {
            out.reject(doc, format!("{words} words, fewer than min_words ({})", self.options.min_words));
            return Ok(());
        }
        doc.fields.insert(self.options.field.clone(), words.into());
        out.emit(doc);
        Ok(())
    }

    /// Never reads `original`.
    fn reads_original(&self) -> bool {
        false
    }
}
