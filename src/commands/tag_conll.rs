//! `copydesk tag-conll FILE`: run the tag stage over a CoNLL column file and write every line
//! back with the predicted tag (IOB2: PER, ORG, LOC, MISC) appended as a last column, so the
//! output can be scored with conlleval's rules (gold tag second to last, prediction last).

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use copydesk_tag::ConllTagger;
use copydesk_tag::ner::conll::is_docstart;

/// `model`: false for the gazetteer-only mode.
pub fn run(file: &Path, output: Option<&Path>, model: bool) -> Result<()> {
    // `-` is standard input, as for most command-line tools.
    let text = if file == Path::new("-") {
        std::io::read_to_string(std::io::stdin()).context("cannot read standard input")?
    } else {
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?
    };
    // A byte-order mark (Windows tools write one) is no part of the first token.
    let lines: Vec<&str> = text.strip_prefix('\u{feff}').unwrap_or(&text).lines().collect();
    // A file whose columns are tab-separated (WNUT, many exports) keeps tabs: its token is its
    // first column, which may hold a space, and its tag is appended after a tab on every line.
    let tabbed = lines.iter().any(|l| l.trim_end().contains('\t'));
    let separator = if tabbed { '\t' } else { ' ' };
    let token_of = |line: &str| -> Option<String> {
        let token =
            if tabbed { line.split('\t').next().map(str::trim) } else { line.split_whitespace().next() };
        token.filter(|t| !t.is_empty()).map(str::to_string)
    };
    // Running text given by mistake (an article, a JSON line) would be tagged as one "token" a
    // line without a word of warning: a column file has a word and a few columns a line (a
    // tab-separated one, a token of a few words at most).
    let words = |line: &str| match tabbed {
        true => line.split('\t').next().map_or(0, |t| t.split_whitespace().count()),
        false => line.split_whitespace().count(),
    };
    let limit = if tabbed { 3 } else { 10 };
    let filled = lines.iter().filter(|l| !l.trim().is_empty()).count();
    let long = lines.iter().filter(|l| words(l) > limit).count();
    if let Some(i) = lines.iter().position(|l| words(l) > limit)
        && long * 10 > filled
    {
        anyhow::bail!(
            "{} does not look like a CoNLL column file: line {} holds {} words (a token a line, its tags \
             in columns after it, a blank line between sentences)",
            file.display(),
            i + 1,
            words(lines[i])
        );
    }
    let mut tagger = ConllTagger::with_model(model).map_err(anyhow::Error::msg)?;
    let mut predicted: Vec<Option<&'static str>> = vec![None; lines.len()];

    // Documents are the runs of lines between -DOCSTART- lines; sentences are separated by blanks.
    let mut start = 0;
    while start < lines.len() {
        let end = (start + 1..lines.len()).find(|&i| is_docstart(lines[i])).unwrap_or(lines.len());
        let mut sentences: Vec<Vec<String>> = Vec::new();
        let mut positions: Vec<Vec<usize>> = Vec::new();
        let mut current = (Vec::new(), Vec::new());
        for (i, line) in lines.iter().enumerate().take(end).skip(start) {
            match token_of(line) {
                Some(_) if is_docstart(line) => predicted[i] = Some("O"),
                Some(token) => {
                    current.0.push(token);
                    current.1.push(i);
                }
                None if !current.0.is_empty() => {
                    let (s, p) = std::mem::take(&mut current);
                    sentences.push(s);
                    positions.push(p);
                }
                None => {}
            }
        }
        if !current.0.is_empty() {
            sentences.push(current.0);
            positions.push(current.1);
        }
        for (tags, lines_of) in tagger.tag_document(&sentences).into_iter().zip(&positions) {
            for (tag, &i) in tags.into_iter().zip(lines_of) {
                predicted[i] = Some(tag);
            }
        }
        start = end;
    }

    let mut out = match output {
        Some(path) => super::Output::create(path)?,
        None => super::Output::stdout(),
    };
    for (line, tag) in lines.iter().zip(&predicted) {
        match tag {
            Some(tag) => writeln!(out, "{}{separator}{tag}", line.trim_end())?,
            None => writeln!(out)?,
        }
    }
    out.flush()?;
    Ok(())
}
