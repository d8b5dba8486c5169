//! The exported form of a document: the JSONL schema (documented in the README) and the CSV
//! rows derived from it.

use std::borrow::Cow;
use std::collections::BTreeMap;

use copydesk_core::{DedupInfo, Document, Entity};
use serde::Serialize;

/// One line of `articles.jsonl`. Field order is the schema's.
#[derive(Serialize)]
pub struct Record<'a> {
    pub id: &'a str,
    pub source: &'a str,
    pub published: Option<&'a str>,
    pub dateline: Option<&'a str>,
    pub title: Option<&'a str>,
    pub lang: Option<&'a str>,
    pub text: &'a str,
    pub entities: &'a [Entity],
    pub dedup: Option<&'a DedupInfo>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: &'a BTreeMap<String, serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original: Option<&'a str>,
}

pub const ARTICLE_COLUMNS: &[&str] = &[
    "id",
    "source",
    "published",
    "dateline",
    "title",
    "lang",
    "cluster",
    "duplicate_of",
    "of_earlier_run",
    "similarity",
    "entities",
    "words",
    "text",
];

pub const MENTION_COLUMNS: &[&str] = &["id", "type", "text", "start", "end", "canonical", "entity_id"];

impl<'a> Record<'a> {
    pub fn new(doc: &'a Document, include_original: bool) -> Self {
        Record {
            id: &doc.id,
            source: &doc.source,
            published: doc.published.as_deref(),
            dateline: doc.dateline.as_deref(),
            title: doc.title.as_deref(),
            lang: doc.lang.as_deref(),
            text: &doc.text,
            entities: &doc.entities,
            dedup: doc.dedup.as_ref(),
            fields: &doc.fields,
            original: include_original.then_some(doc.original.as_str()),
        }
    }

    /// The `articles.csv` row: the document's strings borrowed, only numbers formatted.
    pub fn article_row(&self) -> [Cow<'a, str>; 13] {
        let opt = |s: Option<&'a str>| Cow::Borrowed(s.unwrap_or_default());
        let dedup = self.dedup;
        [
            self.id.into(),
            self.source.into(),
            opt(self.published),
            opt(self.dateline),
            opt(self.title),
            opt(self.lang),
            opt(dedup.map(|d| d.cluster.as_str())),
            opt(dedup.and_then(|d| d.duplicate_of.as_deref())),
            // As the JSON lines write it: `true` only (`duplicate_of` is an earlier run's article,
            // not a row of this file).
            Cow::Borrowed(if dedup.is_some_and(|d| d.of_earlier_run) { "true" } else { "" }),
            dedup.and_then(|d| d.similarity).map_or(Cow::Borrowed(""), |s| s.to_string().into()),
            self.entities.len().to_string().into(),
            copydesk_core::word_count(self.text).to_string().into(),
            self.text.into(),
        ]
    }

    /// Calls `row` with each `mentions.csv` row, one an entity: strings borrowed as in
    /// [`Record::article_row`], offsets formatted in place (two allocations a mention were a
    /// tenth of the run's allocations).
    pub fn for_each_mention_row<E>(&self, mut row: impl FnMut([&str; 7]) -> Result<(), E>) -> Result<(), E> {
        let (mut start, mut end) = (itoa::Buffer::new(), itoa::Buffer::new());
        for e in self.entities {
            row([
                self.id,
                e.kind.as_str(),
                &e.text,
                start.format(e.start),
                end.format(e.end),
                &e.canonical,
                &e.entity_id,
            ])?;
        }
        Ok(())
    }
}
