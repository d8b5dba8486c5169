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
    /// Where the document comes from: 0 the main training set, 1 extra data ([`parse_wnut`]),
    /// whose updates training may weigh less and whose names the name lists already hold.
    pub source: u8,
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

/// The WNUT-2017 emerging-entities data (tweets, CC BY 4.0) with CoNLL types: person → PER,
/// location → LOC, group and corporation → ORG, product and creative-work → MISC. Each tweet
/// is a document of its own (source 1), so that no document feature links two tweets. A title
/// that opens a person's name ("Mr . Smithson", "Dr Who") is left out of it, as CoNLL does.
pub fn parse_wnut(text: &str) -> Vec<Document> {
    let mut docs = parse(text);
    let map = |tag: &str| -> String {
        let Some((prefix, kind)) = tag.split_once('-') else { return "O".into() };
        let kind = match kind {
            "person" => "PER",
            "location" => "LOC",
            "group" | "corporation" => "ORG",
            "product" | "creative-work" => "MISC",
            _ => return "O".into(),
        };
        format!("{prefix}-{kind}")
    };
    let sentences = docs.drain(..).flat_map(|d| d.sentences);
    sentences
        .map(|mut s| {
            s.tags = s.tags.iter().map(|t| map(t)).collect();
            for i in 0..s.tokens.len() {
                let title = crate::lexicon::TITLES.contains(&s.tokens[i].trim_end_matches('.'));
                if s.tags[i] != "B-PER" || !title {
                    continue;
                }
                s.tags[i] = "O".into();
                let mut next = i + 1;
                if s.tokens.get(next).is_some_and(|t| t == ".") && s.tags[next] == "I-PER" {
                    s.tags[next] = "O".into();
                    next += 1;
                }
                if s.tags.get(next).is_some_and(|t| t == "I-PER") {
                    s.tags[next] = "B-PER".into();
                }
            }
            Document { sentences: vec![s], source: 1 }
        })
        .collect()
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

    #[test]
    fn wnut_types() {
        let docs = parse_wnut(
            "Go\tO\nNew\tB-location\nYork\tI-location\n\nApple\tB-corporation\nx\tB-thing\n\n\
             Mr\tB-person\n.\tI-person\nBean\tI-person\nLee\tI-person\n",
        );
        assert_eq!(docs.len(), 3);
        assert_eq!(docs[0].sentences[0].tags, ["O", "B-LOC", "I-LOC"]);
        assert_eq!(docs[1].sentences[0].tags, ["B-ORG", "O"]);
        assert_eq!(docs[2].sentences[0].tags, ["O", "O", "B-PER", "I-PER"]);
        assert_eq!(docs[1].source, 1);
    }
}
