//! copydesk tag stage: gazetteer and rule-based entity tagging with canonical names.
//!
//! Proposers ([`proposer::SpanProposer`]: the gazetteer, capitalisation rules, date rules)
//! suggest spans; [`resolve`] picks among them, links mentions within the document and gives
//! every entity a canonical name and an id that is the same for every spelling of it.

mod canonical;
mod dates;
mod gazetteer;
mod lexicon;
mod proposer;
mod resolve;
mod rules;
mod text;

use std::path::PathBuf;
use std::sync::Arc;

use copydesk_core::{
    BuildContext, Document, EntityKind, OptionError, Output, Registry, Stage, StageError, StageOptions,
};
use serde::{Deserialize, Serialize};

use crate::dates::Dates;
use crate::gazetteer::Gazetteer;
use crate::proposer::{Candidate, SpanProposer};
use crate::resolve::Resolution;
use crate::rules::Rules;
use crate::text::{Scan, Word, scan_words};

pub fn register(registry: &mut Registry) {
    registry.add_stage::<TagOptions, Tagger>(
        "tag",
        "tag PERSON, ORG, GPE, LOC, NORP and DATE mentions with canonical names and stable ids",
        true,
        build,
    );
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TagOptions {
    /// Entity types to emit.
    pub types: Vec<String>,
    /// A directory of extra alias tables (`*.tsv`, same columns as the built-in ones).
    pub gazetteer_dir: Option<PathBuf>,
    /// Tag names the gazetteer does not know by capitalisation and context.
    pub rules: bool,
    /// Link short mentions ("Putin") to full names in the same document.
    pub link_mentions: bool,
}

impl Default for TagOptions {
    fn default() -> Self {
        TagOptions {
            types: EntityKind::ALL.iter().map(|k| k.as_str().to_string()).collect(),
            gazetteer_dir: None,
            rules: true,
            link_mentions: true,
        }
    }
}

impl StageOptions for TagOptions {
    const HELP: &'static [(&'static str, &'static str)] = &[
        ("types", "entity types to emit: PERSON, ORG, GPE, LOC, NORP, DATE"),
        (
            "gazetteer_dir",
            "directory of extra alias tables (*.tsv: canonical, type, qid, aliases separated by |); \
             their aliases override the built-in ones",
        ),
        ("rules", "tag unknown names by capitalisation, titles, given names and organisation words"),
        (
            "link_mentions",
            "link short mentions (\"Putin\", \"President Zelensky\") to full names in the same document",
        ),
    ];
}

/// Everything built once and shared by every worker.
struct Model {
    gazetteer: Gazetteer,
    rules: Rules,
    dates: Dates,
    use_rules: bool,
    link_mentions: bool,
    emit: [bool; 6],
}

/// The tag stage. Cloned once per worker: the model is shared, the scratch buffers are not.
#[derive(Clone)]
pub struct Tagger {
    model: Arc<Model>,
    words: Vec<Word>,
    candidates: Vec<Candidate>,
}

fn build(options: TagOptions, ctx: &BuildContext<'_>) -> Result<Tagger, OptionError> {
    let mut emit = [false; 6];
    for (i, name) in options.types.iter().enumerate() {
        let kind: EntityKind = name.parse().map_err(|err| OptionError::new(format!("types[{i}]"), err))?;
        emit[kind as usize] = true;
    }
    let extra = match &options.gazetteer_dir {
        Some(dir) => read_tables(&ctx.resolve(dir))?,
        None => Vec::new(),
    };
    let gazetteer = Gazetteer::load(&extra).map_err(|err| OptionError::new("gazetteer_dir", err.0))?;
    tracing::debug!(entries = gazetteer.len(), "tag gazetteer built");
    let model = Model {
        gazetteer,
        rules: Rules::new(),
        dates: Dates,
        use_rules: options.rules,
        link_mentions: options.link_mentions,
        emit,
    };
    Ok(Tagger { model: Arc::new(model), words: Vec::new(), candidates: Vec::new() })
}

/// Every `*.tsv` in `dir`, by file name, as (path, contents).
fn read_tables(dir: &std::path::Path) -> Result<Vec<(String, String)>, OptionError> {
    let error = |err: std::io::Error| OptionError::new("gazetteer_dir", format!("{}: {err}", dir.display()));
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(error)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "tsv"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(OptionError::new("gazetteer_dir", format!("{}: no *.tsv tables", dir.display())));
    }
    paths
        .into_iter()
        .map(|path| {
            let contents = std::fs::read_to_string(&path)
                .map_err(|err| OptionError::new("gazetteer_dir", format!("{}: {err}", path.display())))?;
            Ok((path.display().to_string(), contents))
        })
        .collect()
}

impl Tagger {
    /// The entities of `text`, sorted by start.
    fn tag(&mut self, text: &str) -> Vec<copydesk_core::Entity> {
        let model = &*self.model;
        scan_words(text, &mut self.words);
        let scan = Scan { text, words: &self.words };
        self.candidates.clear();
        model.gazetteer.propose(&scan, &mut self.candidates);
        model.dates.propose(&scan, &mut self.candidates);
        if model.use_rules {
            model.rules.propose(&scan, &mut self.candidates);
        }
        let resolution =
            Resolution { gazetteer: &model.gazetteer, link_mentions: model.link_mentions, emit: model.emit };
        resolution.resolve(text, &mut self.candidates)
    }
}

impl Stage for Tagger {
    fn process(&mut self, mut doc: Document, out: &mut Output) -> Result<(), StageError> {
        let _span = tracing::trace_span!("tag", id = %doc.id).entered();
        doc.entities = self.tag(&doc.text);
        out.emit(doc);
        Ok(())
    }
}

#[cfg(test)]
mod tests;
