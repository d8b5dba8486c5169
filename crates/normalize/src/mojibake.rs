//! Mojibake: UTF-8 text that was once read as Windows-1252 (or Latin-1) and written out again,
//! as scraped pages and old feeds deliver it: `Zelenskyâ€™s` for `Zelensky’s`, `cafÃ©` for
//! `café`, `Ã‰tat` for `État`, `Ð¡Ð¨Ð` for Cyrillic. Each such character is two or three
//! characters whose Windows-1252 bytes are its UTF-8 bytes; they are put back.
//!
//! Only sequences that ordinary text does not have are repaired: a first character that opens
//! a UTF-8 sequence of the Latin-1 supplement, Latin Extended-A, Greek, Cyrillic (`Â Ã Ä Å Î
//! Ï Ð Ñ`) or general punctuation (`â`), followed by characters that stand for continuation
//! bytes (`€ ‚ ’ “ ” – — ™ ©…`, U+0080-U+00BF). Letters such as `É`, `Ö` or `ß` before a
//! closing quote (`CAFÉ”`, `Straße“`) are no such opening and stay. A capital that opens one
//! before a closing quote, an ellipsis or a superscript ends many a word in capitals (`NÅ»`,
//! `TÄSSÄ”`, `AMANHÃ»`, `Å²`): a text is repaired only when some sequence in it is no such
//! pair.

use crate::html::WINDOWS_1252_C1;

/// The characters that open a repaired sequence, and how many continuation bytes follow.
fn opening(c: char) -> Option<usize> {
    match c {
        'Â' | 'Ã' | 'Ä' | 'Å' | 'Î' | 'Ï' | 'Ð' | 'Ñ' => Some(1),
        'â' => Some(2),
        _ => None,
    }
}

/// The continuation byte (0x80-0xBF) `c` stands for, read as Windows-1252 or Latin-1.
fn continuation(c: char) -> Option<u8> {
    match c {
        '\u{80}'..='\u{BF}' => Some(c as u8),
        _ => WINDOWS_1252_C1.iter().position(|&w| w == c && w != '\0').map(|i| 0x80 + i as u8),
    }
}

/// `text` with its mojibake repaired, and how many characters were put back; `None` when it
/// has none (checked by one byte search: every opening character is `0xC3` and one more byte).
/// Text mis-read twice ("Ã¢â‚¬â„¢") is repaired again, up to three times.
pub fn repair(text: &str) -> Option<(String, usize)> {
    let (mut repaired, mut count) = repair_once(text)?;
    for _ in 0..2 {
        match repair_once(&repaired) {
            Some((again, more)) => (repaired, count) = (again, count + more),
            None => break,
        }
    }
    Some((repaired, count))
}

/// Characters that end a word as readily as they stand for a continuation byte: after a
/// capital that opens a sequence, at a word's end, they are no evidence ("NÅ»", "SÅ”",
/// "AMANHÃ»", "Å² per").
const AMBIGUOUS: &[char] =
    &['»', '«', '”', '“', '„', '‘', '’', '‚', '…', '‹', '›', '²', '³', '¹', '·', '°', '\u{a0}', '\u{ad}'];

fn repair_once(text: &str) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    let may_have = memchr::memchr_iter(0xC3, bytes)
        .any(|i| bytes.get(i + 1).is_some_and(|b| matches!(b, 0x82..=0x85 | 0x8E..=0x91 | 0xA2)));
    if !may_have {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let (mut count, mut evidence) = (0, false);
    let mut rest = text;
    let mut before = ' ';
    while let Some(c) = rest.chars().next() {
        let len = c.len_utf8();
        if let Some((repaired, used)) = opening(c).and_then(|n| sequence(c, n, &rest[len..])) {
            // A three-byte sequence ("â€™"), a continuation no word ends with, one inside a word
            // ("WrocÅ‚aw") or after a lower-case letter ("ZoÃ«") proves the text mis-read; a
            // capital and a closing quote, a no-break space or a soft hyphen at a word's end
            // ("NÅ»", "PÅ\u{a0}MANDAG") does not.
            let after = &rest[len + used..];
            let spacing = rest[len..].starts_with(['\u{a0}', '\u{ad}']);
            evidence |= c == 'â'
                || !rest[len..].starts_with(AMBIGUOUS)
                || !spacing && after.starts_with(char::is_alphanumeric)
                || before.is_lowercase();
            before = repaired;
            out.push(repaired);
            count += 1;
            rest = &rest[len + used..];
        } else {
            before = c;
            out.push(c);
            rest = &rest[len..];
        }
    }
    (count > 0 && evidence).then_some((out, count))
}

/// The character that `first` and the `n` characters at the start of `rest` encode, and how
/// many bytes of `rest` they take.
fn sequence(first: char, n: usize, rest: &str) -> Option<(char, usize)> {
    let mut utf8 = [first as u8, 0, 0];
    let mut used = 0;
    for (i, c) in rest.chars().take(n).enumerate() {
        utf8[i + 1] = continuation(c)?;
        used += c.len_utf8();
    }
    let decoded = std::str::from_utf8(utf8.get(..=n)?).ok()?;
    let c = decoded.chars().next()?;
    (decoded.chars().count() == 1).then_some((c, used))
}

#[cfg(test)]
mod tests {
    use super::repair;

    #[test]
    fn utf8_read_as_windows_1252_is_put_back() {
        for (broken, fixed, count) in [
            ("Zelenskyâ€™s offer", "Zelensky’s offer", 1),
            ("â€œWe are readyâ€\u{9d} â€” he said", "“We are ready” — he said", 3),
            ("cafÃ© in MÃ¼nchen, Ã‰tat, SÃ£o Paulo", "café in München, État, São Paulo", 4),
            ("costs Â£5 â‚¬6", "costs £5 €6", 2),
            ("ÐœÐ¾Ñ\u{81}ÐºÐ²Ð°", "Москва", 6),
            ("WrocÅ‚aw", "Wrocław", 1),
            // After a lower-case letter, at a word's end too (a reviewer's cases).
            ("ZoÃ« Kravitz", "Zoë Kravitz", 1),
            ("llegÃ³ ayer", "llegó ayer", 1),
            // Mis-read twice.
            ("ZelenskyÃ¢â‚¬â„¢s", "Zelensky’s", 4),
            // Beside a sure one, a capital before a quote is repaired too.
            ("Ã‰tat and â€œNÃ”", "État and “NÔ", 3),
        ] {
            assert_eq!(repair(broken), Some((fixed.to_string(), count)), "{broken}");
        }
    }

    #[test]
    fn ordinary_text_stays() {
        for text in [
            "Zelensky’s offer",
            "SÃO PAULO and NÃO",
            "pâte, âme, Âge",
            "CAFÉ” and Straße“ and JOSÉ’S",
            "ÖSTERREICH”",
            // Words in capitals before a closing quote, and ångströms (a reviewer's cases).
            "«VI MÅ HANDLE NÅ»",
            "”VI MÅSTE GÖRA SÅ”",
            "”EI NÄIN, VAAN TÄSSÄ”",
            "«A DECISÃO SAI AMANHÃ»",
            "MAÇÃ…",
            "„ÞETTA ER ÞAГ",
            "2.1 Å² per molecule",
            "VI SES PÅ\u{a0}MANDAG",
            "GESCHÄ\u{ad}FTE",
            "plain ASCII",
            "",
        ] {
            assert_eq!(repair(text), None, "{text}");
        }
    }
}
