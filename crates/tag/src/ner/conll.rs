//! CoNLL column files: one token a line (the token in the first column, the entity tag in the
//! last), a blank line between sentences, `-DOCSTART-` lines between documents. Tags may be
//! IOB1 (CoNLL-2003: B- only between two entities of one type) or IOB2; both read the same.

use super::features::{NUM_TAGS, TAGS};

/// One sentence: tokens and their gold tags as written.
#[derive(Clone, Debug, Default)]
pub struct Sentence {
    pub tokens: Vec<String>,
    pub tags: Vec<String>,
}

/// The sentences between two `-DOCSTART-` lines.
#[derive(Clone, Debug, Default)]
pub struct Document {
    pub sentences: Vec<Sentence>,
}

/// Whether a line is a document separator.
pub fn is_docstart(line: &str) -> bool {
    line.split_whitespace().next() == Some("-DOCSTART-")
}

/// Parse a CoNLL file into documents. A file without `-DOCSTART-` lines is one document.
pub fn parse(text: &str) -> Vec<Document> {
    let mut docs = vec![Document::default()];
    let mut sentence = Sentence::default();
    for line in text.lines() {
        let line = line.trim_end();
        let mut columns = line.split_whitespace();
        let Some(token) = columns.next() else {
            flush(&mut docs, &mut sentence);
            continue;
        };
        if token == "-DOCSTART-" {
            flush(&mut docs, &mut sentence);
            if !docs.last().is_some_and(|d| d.sentences.is_empty()) {
                docs.push(Document::default());
            }
            continue;
        }
        let tag = columns.next_back().unwrap_or("O");
        sentence.tokens.push(token.to_string());
        sentence.tags.push(tag.to_string());
    }
    flush(&mut docs, &mut sentence);
    docs.retain(|d| !d.sentences.is_empty());
    docs
}

fn flush(docs: &mut [Document], sentence: &mut Sentence) {
    if !sentence.tokens.is_empty() {
        docs.last_mut().expect("one document at least").sentences.push(std::mem::take(sentence));
    }
}

/// IOB1 or IOB2 tags as IOB2 tag indices into [`TAGS`]; unknown types become O.
pub fn to_iob2(tags: &[String]) -> Vec<u8> {
    let mut out = Vec::with_capacity(tags.len());
    let mut prev_type: Option<&str> = None;
    for tag in tags {
        let (prefix, kind) = tag.split_once('-').unwrap_or((tag.as_str(), ""));
        let index = TAGS.iter().position(|t| t.get(2..) == Some(kind)).map(|i| (i as u8 - 1) / 2);
        let Some(type_index) = index.filter(|_| prefix == "B" || prefix == "I") else {
            out.push(0);
            prev_type = None;
            continue;
        };
        let begins = prefix == "B" || prev_type != Some(kind);
        out.push(1 + 2 * type_index + (!begins) as u8);
        prev_type = Some(kind);
    }
    debug_assert!(out.iter().all(|&t| (t as usize) < NUM_TAGS));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iob1_becomes_iob2() {
        let tags: Vec<String> = ["I-PER", "I-PER", "B-PER", "O", "I-LOC", "I-ORG", "B-XYZ"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let names: Vec<&str> = to_iob2(&tags).iter().map(|&t| TAGS[t as usize]).collect();
        assert_eq!(names, ["B-PER", "I-PER", "B-PER", "O", "B-LOC", "B-ORG", "O"]);
    }

    #[test]
    fn documents_and_sentences() {
        let docs =
            parse("-DOCSTART- -X- O O\n\nEU NNP I-ORG\nrejects VBZ O\n\nPeter I-PER\n-DOCSTART- O\n\nA O\n");
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].sentences.len(), 2);
        assert_eq!(docs[0].sentences[0].tags, ["I-ORG", "O"]);
        assert_eq!(docs[1].sentences[0].tokens, ["A"]);
    }
}
