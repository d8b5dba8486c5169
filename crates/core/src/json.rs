//! JSON as copydesk writes its JSON-lines files: serde_json's, with the three line breaks other
//! than `\n` that JSON lets stand raw in a string (U+0085, U+2028, U+2029) escaped, so that a
//! file splits into its records whatever a reader takes for a line (Python's `str.splitlines`
//! breaks at all three; JavaScript before ES2019 refused the last two in a string). Normalize
//! turns them into `\n` in a text and title; an input's own fields, ids and the original text
//! keep them.

use std::io;

use serde::Serialize;

/// Writes `value` as one line's JSON (without the `\n`).
pub fn to_writer<W: io::Write, T: ?Sized + Serialize>(writer: W, value: &T) -> serde_json::Result<()> {
    value.serialize(&mut serde_json::Serializer::with_formatter(writer, LineSafe))
}

/// `value` as one line's JSON (without the `\n`).
pub fn to_string<T: ?Sized + Serialize>(value: &T) -> serde_json::Result<String> {
    let mut bytes = Vec::with_capacity(128);
    to_writer(&mut bytes, value)?;
    // serde_json writes UTF-8, and the escapes are ASCII.
    Ok(String::from_utf8(bytes).expect("serde_json writes UTF-8"))
}

/// serde_json's compact form, the three line breaks escaped in strings.
struct LineSafe;

impl serde_json::ser::Formatter for LineSafe {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let bytes = fragment.as_bytes();
        // Most of a news text is ASCII, told at a word a step with no call into memchr, whose
        // setup cost more than its search over serde_json's short fragments (a paragraph each).
        if bytes.is_ascii() {
            return writer.write_all(bytes);
        }
        let mut written = 0;
        // Their UTF-8 begins with C2 or E2, which are only ever a character's first byte.
        for at in memchr::memchr2_iter(0xC2, 0xE2, bytes) {
            let (len, escape) = match bytes[at..] {
                [0xC2, 0x85, ..] => (2, "\\u0085"),
                [0xE2, 0x80, 0xA8, ..] => (3, "\\u2028"),
                [0xE2, 0x80, 0xA9, ..] => (3, "\\u2029"),
                _ => continue,
            };
            writer.write_all(&bytes[written..at])?;
            writer.write_all(escape.as_bytes())?;
            written = at + len;
        }
        writer.write_all(&bytes[written..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_but_newline_are_escaped_and_read_back() {
        let value = serde_json::json!({
            "text": "a\u{2028}b\u{2029}c\u{0085}d\ne “quoted” — Zürich ×",
            "list": ["\u{2028}", "plain"],
        });
        let line = to_string(&value).unwrap();
        assert_eq!(
            line,
            r#"{"list":["\u2028","plain"],"text":"a\u2028b\u2029c\u0085d\ne “quoted” — Zürich ×"}"#
        );
        assert_eq!(line.lines().count(), 1);
        assert_eq!(serde_json::from_str::<serde_json::Value>(&line).unwrap(), value);
        // Everything else is serde_json's own compact form.
        let plain = serde_json::json!({"n": 1.5, "s": "tab\there \"q\" \u{1}", "none": null});
        assert_eq!(to_string(&plain).unwrap(), serde_json::to_string(&plain).unwrap());
    }
}
