//! The seam between finding spans and deciding what they are. A proposer suggests candidate
//! spans with whatever it knows (a type, a gazetteer entry, a date); `resolve` then picks
//! among overlapping candidates, links mentions and assigns canonical names and ids. The
//! gazetteer, the capitalisation rules and the date rules are the first proposers; a
//! statistical model is meant to become another one without touching resolution.

use copydesk_core::EntityKind;

use crate::text::Scan;

/// What a proposer knows about the name behind a span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Label {
    /// A gazetteer entry (index into the gazetteer's entries).
    Entry(u32),
    /// A name found by shape or context: its canonical form comes from the text.
    Surface,
    /// A date with its canonical form already worked out.
    Date(Box<str>),
}

/// A span some proposer believes is an entity mention.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Candidate {
    pub start: usize,
    pub end: usize,
    /// `None`: shaped like a name but without evidence of its type. It survives only if
    /// resolution links it to a typed mention or a gazetteer entry.
    pub kind: Option<EntityKind>,
    pub label: Label,
    /// Breaks ties between equally long candidates: higher wins.
    pub confidence: u8,
}

/// Confidence levels of the built-in proposers.
pub(crate) const CONFIDENCE_GAZETTEER: u8 = 3;
pub(crate) const CONFIDENCE_DATE: u8 = 3;
pub(crate) const CONFIDENCE_RULE: u8 = 2;
pub(crate) const CONFIDENCE_SHAPE: u8 = 1;

/// Something that suggests entity spans in a document. Implementations are built once and
/// shared by every worker, so `propose` takes `&self` and must not panic on any input.
pub(crate) trait SpanProposer: Send + Sync {
    fn propose(&self, scan: &Scan<'_>, out: &mut Vec<Candidate>);
}
