//! Text articles in the seeds' format: an optional leading `date YYYY-MM-DD` header (on the
//! same line as the article's start, or on a line of its own), then the article. One file is
//! one document whose id is the file stem (or, with `ids: path`, its path without extensions).

use copydesk_core::{Document, SourceOutput, Stopped};

use crate::decode::{self, Decoded, mark_legacy};
use crate::files::InputFile;
use crate::{Emit, IdFrom, IngestOptions, reject_file};

pub(crate) fn read(
    input: &InputFile,
    options: &IngestOptions,
    out: &mut SourceOutput<'_>,
    emit: &mut Emit<'_>,
) -> Result<(), Stopped> {
    let id = options.ids.stem(input);
    let bytes = match decode::read_all(input, options.max_bytes) {
        Ok((bytes, tail)) => {
            decode::note_padding(input, &tail, out);
            bytes
        }
        Err(reason) => return reject_file(out, id, &input.display, reason),
    };
    // UTF-16 text is half NUL bytes: it is judged binary or not once decoded.
    let utf16 = decode::utf16_bom(&bytes).is_some();
    if !utf16 && decode::looks_binary(&bytes) {
        return reject_file(out, id, &input.display, decode::binary_reason(&bytes, "text"));
    }
    let decoded = if utf16 {
        decode::decode_utf16_file(&bytes, options.invalid_utf8)
    } else {
        decode::decode(bytes, options.invalid_utf8, options.legacy)
    };
    let (original, decoded) = match decoded {
        Ok(decoded) => decoded,
        Err(reason) => return out.reject(id, &input.display, reason),
    };
    let lossy = decoded == Decoded::Lossy;
    // Data that only starts like UTF-16 decodes into controls, or into lone surrogates (one
    // code unit in 32 of random bytes), which real text hardly has.
    let broken = || original.chars().filter(|&c| c == char::REPLACEMENT_CHARACTER).count() * 100;
    if utf16 && (decode::looks_binary(original.as_bytes()) || lossy && broken() > original.chars().count()) {
        return reject_file(out, id, &input.display, "binary file (not text)");
    }
    if original.trim().is_empty() {
        let reason = if original.is_empty() { "empty file" } else { "blank file (only whitespace)" };
        return out.reject(id, &input.display, reason);
    }
    let (published, body) = split_header(&original);
    if body.trim().is_empty() {
        return out.reject(id, &input.display, "no article text after the date header");
    }
    let mut doc = Document::new(id, input.display.clone(), body);
    doc.published = published.map(str::to_string);
    doc.original = original;
    if lossy {
        let encoding = if utf16 { "UTF-16" } else { "UTF-8" };
        tracing::warn!(file = %input.display, "invalid {encoding} replaced with U+FFFD");
        doc.fields.insert("utf8_lossy".into(), true.into());
        out.count("utf8_lossy", 1);
    }
    if let Decoded::Legacy(encoding) = decoded {
        tracing::info!(file = %input.display, "not UTF-8: read as {}", encoding.name());
        mark_legacy(&mut doc, encoding, out);
    }
    emit(doc, IdFrom::FileName, out)
}

/// Splits off a leading `date <value>` header: returns the date value and the article body.
fn split_header(text: &str) -> (Option<&str>, &str) {
    let trimmed = text.trim_start();
    let Some(rest) = trimmed.strip_prefix("date") else { return (None, text) };
    let rest = rest.trim_start_matches([' ', '\t']);
    let end = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
    let value = &rest[..end];
    // Only a date-looking value makes this a header; "date palms grow…" is an article.
    let datelike = value.len() >= 8
        && value.starts_with(|c: char| c.is_ascii_digit())
        && value.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | '/' | '.' | ':' | 'T' | 'Z' | '+'));
    if !datelike {
        return (None, text);
    }
    (Some(value), rest[end..].trim_start())
}

#[cfg(test)]
mod tests {
    use super::split_header;

    fn check(input: &str, date: Option<&str>, body: &str) {
        assert_eq!(split_header(input), (date, body), "input: {input:?}");
    }

    #[test]
    fn date_headers() {
        check(" date 2022-02-03 Bucharest — France", Some("2022-02-03"), "Bucharest — France");
        check("date 2022-02-03\nThe Kremlin", Some("2022-02-03"), "The Kremlin");
        check("French President Emmanuel Macron", None, "French President Emmanuel Macron");
        check("date palms grow in Iraq", None, "date palms grow in Iraq");
        check("dated 2022-02-03 memo", None, "dated 2022-02-03 memo");
    }
}
