//! Text encoded as a JSON string twice: a feed that serialised an already serialised article
//! hands over `talks.\n\nOfficials said` with a backslash and an `n` where the line breaks
//! were, and `\"` for quotes. Read as it is, the paragraphs run into one and the tagger and dedup
//! see words glued to escapes.
//!
//! A text counts as such when it has no line break of its own and a `\n` follows a sentence's
//! end or another `\n` (`talks.\n\nOfficials`): a path (`D:\new folder`) or a lone backslash
//! does not. Its JSON escapes are then decoded (`\n`, `\t`, `\"`, `\\`, `\/`, `\uXXXX` with
//! surrogate pairs; `\r` dropped, as `\r\n` is one break); any other backslash stays as written.

use memchr::memmem;

/// `text` with its JSON escapes decoded, if it was encoded twice (see the module comment).
pub fn double_escaped(text: &str) -> Option<String> {
    if text.contains('\n') || !looks_escaped(text) {
        return None;
    }
    Some(decode(text))
}

/// Whether a `\n` in `text` follows a sentence's end or comes before another `\n`.
fn looks_escaped(text: &str) -> bool {
    memmem::find_iter(text.as_bytes(), br"\n").any(|at| {
        let before = text[..at].chars().next_back();
        before.is_some_and(|c| matches!(c, '.' | '!' | '?' | '"' | '\'' | '”' | '’' | ')' | '…'))
            || text[at + 2..].starts_with(r"\n")
    })
}

fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let escape = &rest[at..];
        let (decoded, len) = match escape.as_bytes().get(1) {
            Some(b'n') => (Some('\n'), 2),
            Some(b't') => (Some('\t'), 2),
            Some(b'r') => (None, 2),
            Some(b'"') => (Some('"'), 2),
            Some(b'\\') => (Some('\\'), 2),
            Some(b'/') => (Some('/'), 2),
            Some(b'u') => match unicode_escape(escape) {
                Some((c, len)) => (Some(c), len),
                None => {
                    out.push('\\');
                    rest = &escape[1..];
                    continue;
                }
            },
            _ => {
                out.push('\\');
                rest = &escape[1..];
                continue;
            }
        };
        out.extend(decoded);
        rest = &escape[len..];
    }
    out.push_str(rest);
    out
}

/// The character of a `\uXXXX` escape at the start of `escape` (a surrogate pair is two
/// escapes), and the bytes it takes; `None` for one that is no character.
fn unicode_escape(escape: &str) -> Option<(char, usize)> {
    let unit = |at: usize| {
        let hex = escape.get(at..at + 6)?.strip_prefix(r"\u")?;
        u16::from_str_radix(hex, 16).ok()
    };
    let first = unit(0)?;
    if (0xD800..0xDC00).contains(&first) {
        let second = unit(6).filter(|u| (0xDC00..0xE000).contains(u))?;
        let c = char::from_u32(0x10000 + ((u32::from(first) - 0xD800) << 10) + (u32::from(second) - 0xDC00))?;
        return Some((c, 12));
    }
    Some((char::from_u32(u32::from(first))?, 6))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_encoded_twice_is_decoded() {
        let text = r#"MOSCOW (Reuters) - The Kremlin said it was \"ready\".\n\nOfficials said so.\nNo date was set."#;
        assert_eq!(
            double_escaped(text).as_deref(),
            Some(
                "MOSCOW (Reuters) - The Kremlin said it was \"ready\".\n\nOfficials said so.\nNo date was set."
            )
        );
        // Escapes of every kind, a surrogate pair among them, and a backslash that is no escape.
        let text = r"Caf\u00e9 \ud83d\ude00 a\/b \\ c\tdone.\r\n\nNext \x stays.";
        assert_eq!(double_escaped(text).as_deref(), Some("Café 😀 a/b \\ c\tdone.\n\nNext \\x stays."));
        // A broken \u escape stays as written.
        assert_eq!(
            double_escaped(r"End.\n\nBad \u12 and \udc00x.").as_deref(),
            Some("End.\n\nBad \\u12 and \\udc00x.")
        );
    }

    #[test]
    fn other_backslashes_are_left_alone() {
        // A path, a text with line breaks of its own, a `\n` inside a word.
        for text in [
            r"Files were saved to D:\new folder and C:\Users\data.",
            "First line.\nSecond line with a literal \\n. \\n\\n in it.",
            r"The escape \n is a newline in C.",
            r"dwindling\band of ultra-cynics",
        ] {
            assert_eq!(double_escaped(text), None, "{text}");
        }
    }
}
