//! Text encoded as a JSON string twice: a feed that serialised an already serialised article
//! hands over `talks.\n\nOfficials said` with a backslash and an `n` where the line breaks
//! were, and `\"` for quotes. Read as it is, the paragraphs run into one and the tagger and dedup
//! see words glued to escapes.
//!
//! A text counts as such when it has no line break of its own, a `\n` comes after a sentence's
//! end (`.`, `!`, `?` or `…`, with the closing quotes and brackets after it) or before another
//! `\n`, and the whole text reads as the inside of a JSON string: every quote escaped, every
//! backslash a JSON escape. Text that quotes code (`print adds "\n"`, `printf("Done!\n")`), a
//! path (`D:\new folder`) or a lone backslash does not; serde_json decodes the ones that do.

use memchr::memmem;

/// `text` with its JSON escapes decoded, if it was encoded twice (see the module comment).
pub fn double_escaped(text: &str) -> Option<String> {
    if text.contains('\n') || !breaks_after_sentences(text) {
        return None;
    }
    decoded(text)
}

/// `text` read as the inside of a JSON string, if it is one.
pub fn decoded(text: &str) -> Option<String> {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    quoted.push_str(text);
    quoted.push('"');
    serde_json::from_str(&quoted).ok()
}

/// Whether a `\n` in `text` follows a sentence's end or comes before another `\n`.
fn breaks_after_sentences(text: &str) -> bool {
    memmem::find_iter(text.as_bytes(), br"\n").any(|at| {
        // (A backslash is one byte: `at` and `at + 2` are character boundaries.)
        let before = text[..at].trim_end_matches(['"', '\\', '\'', '”', '’', ')']);
        before.ends_with(['.', '!', '?', '…']) || text[at + 2..].starts_with(r"\n")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_encoded_twice_is_decoded() {
        let text = r#"MOSCOW (Reuters) - The Kremlin said it was \"ready.\"\n\nOfficials said so.\nNo date was set."#;
        assert_eq!(
            double_escaped(text).as_deref(),
            Some(
                "MOSCOW (Reuters) - The Kremlin said it was \"ready.\"\n\nOfficials said so.\nNo date was set."
            )
        );
        // Escapes of every kind JSON has, a surrogate pair among them.
        let text = r"Caf\u00e9 \ud83d\ude00 a\/b \\ c\tdone.\r\n\nNext\f\b.";
        assert_eq!(double_escaped(text).as_deref(), Some("Café 😀 a/b \\ c\tdone.\r\n\nNext\u{c}\u{8}."));
    }

    #[test]
    fn other_backslashes_are_left_alone() {
        for text in [
            // a path, a lone backslash, a `\n` in the middle of a sentence
            r"Files were saved to D:\new folder and C:\Users\data.",
            r"dwindling\band of ultra-cynics",
            r"The escape \n is a newline in C.",
            // text with line breaks of its own
            "First line.\nSecond line with a literal \\n. \\n\\n in it.",
            // code quoted in one line: a bare quote, an escape JSON does not have
            r#"print adds "\n" by default. \n\nSo does echo."#,
            r#"Call printf("Done!\n") and exit.\n\nThen stop."#,
            r"The regex (\d+)\n matches. \n\nIt is used.",
            // a broken escape: no JSON string
            r"End.\n\nBad \u12 here.",
            r"End.\n\nA lone \ud83d surrogate.",
            r"Trailing.\n\nbackslash\",
        ] {
            assert_eq!(double_escaped(text), None, "{text}");
        }
    }
}
