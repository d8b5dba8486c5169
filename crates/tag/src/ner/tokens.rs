//! Tokens and sentences as the statistical model sees them: CoNLL-2003 style, so that text in
//! the pipeline looks like the text the model was trained on. Punctuation marks are tokens of
//! their own, "'s" and "n't" split off, numbers keep their inner commas and points ("1,200",
//! "3.5"), initials and abbreviations keep their full stop ("U.S.", "Mr.", "Corp."), hyphenated
//! words stay whole ("Jean-Yves") but before ASCII initials with points ("Japan - U.S."). A
//! sentence ends after ". ! ?" before a capital, a quote or a bracket, and at every line break.
//! Nothing here allocates per token.

use std::ops::Range;

/// One token: a byte range of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: u32,
    pub end: u32,
}

impl Token {
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// Abbreviations that keep their full stop (lower-cased comparison is not needed: the forms
/// are the ones news copy writes).
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Lt", "Col", "Capt", "Sgt", "Adm", "Gov", "Sen", "Rep", "St",
    "Jr", "Sr", "Inc", "Corp", "Co", "Ltd", "Bros", "No", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug",
    "Sep", "Sept", "Oct", "Nov", "Dec", "vs", "Mt", "Ft", "Ave", "Dept", "Univ", "approx", "etc",
];

/// Fill `tokens` and `sentences` (token index ranges) from `text`.
pub fn tokenize(text: &str, tokens: &mut Vec<Token>, sentences: &mut Vec<Range<usize>>) {
    tokens.clear();
    sentences.clear();
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut sentence_start = 0;
    let mut break_before = false;
    while i < bytes.len() {
        // ASCII spaces, most of the gaps, without decoding a character.
        if bytes[i] == b' ' {
            i += 1;
            continue;
        }
        let c = char_at(text, i);
        if c.is_whitespace() {
            if c == '\n' {
                break_before = true;
            }
            i += c.len_utf8();
            continue;
        }
        let end = token_end(text, i, c);
        if break_before && tokens.len() > sentence_start {
            sentences.push(sentence_start..tokens.len());
            sentence_start = tokens.len();
        }
        break_before = false;
        tokens.push(Token { start: i as u32, end: end as u32 });
        let token = &text[i..end];
        if matches!(token, "." | "!" | "?") && sentence_ends_after(text, end)
            || token.len() > 1 && token.ends_with('.') && abbreviation_ends_sentence(text, tokens, end)
        {
            break_before = true;
        }
        i = end;
    }
    if tokens.len() > sentence_start {
        sentences.push(sentence_start..tokens.len());
    }
}

fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or(' ')
}

/// After a sentence-final mark: the next non-space character opens a sentence.
fn sentence_ends_after(text: &str, at: usize) -> bool {
    let rest = &text[at..];
    let next = rest.trim_start_matches([' ', '"', '\'', ')']).chars().next();
    match next {
        None => true,
        Some(c) => c.is_uppercase() || c == '\n' || c == '(' || c.is_numeric(),
    }
}

/// After a token that keeps its full stop ("Corp.", "Bros.", "U.S."), which the usual rule
/// never sees: a sentence ends when the next word, on the same line, is a sentence opener
/// ("The", "However"), unless the token is a title or an initial before another, which a name
/// goes on after ("Sgt. First Class", "J. A. Smith"); or after a company's legal form ("Corp.") when the
/// next word is capitalised and no legal form itself ("Co. Ltd.", "& Co. KGaA", "L.P."). Names
/// used to run on into the next sentence ("Standard and Poor's Corp. The", "Warner Bros.
/// However").
fn abbreviation_ends_sentence(text: &str, tokens: &[Token], at: usize) -> bool {
    let rest = text[at..].trim_start_matches(' ');
    let next: &str = rest.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    if !next.starts_with(char::is_uppercase) {
        return false;
    }
    let last = tokens.last().map_or("", |t| &text[t.range()]).trim_end_matches('.');
    // A title, or an initial before another ("J. A. Smith"; but "rated A. The", "Phase I. The").
    let name_goes_on = crate::lexicon::ABBREVIATIONS.contains(&last)
        || last.chars().count() == 1 && next.chars().count() == 1;
    // Openers that also begin names ("First Class", "Northern Command").
    let names_too = crate::lexicon::STOPWORDS_OPENING_NAMES.contains(&next);
    let opener = !name_goes_on && !names_too && crate::lexicon::STOPWORDS.binary_search(&next).is_ok();
    // Another legal form ("& Co. KGaA", "Co. Limited", "& Co. L.P."): its letters alone, or the
    // next word whole, with its dots ("S.A.") or without them ("L.L.C.").
    let word = rest.split([' ', ',', '\n']).next().unwrap_or("");
    let mut bare = [0u8; 8];
    let bare = dotless(word, &mut bare).unwrap_or("");
    let more_form = [next, word, bare]
        .iter()
        .any(|w| crate::lexicon::is_company_suffix(w) || MORE_LEGAL_FORMS.contains(w));
    opener || ends_with_legal_form(text, tokens) && !more_form
}

/// `word` without its full stops, in `buf` (no allocation: this runs at every full stop before a
/// capital), when it is that short.
fn dotless<'b>(word: &str, buf: &'b mut [u8; 8]) -> Option<&'b str> {
    let mut len = 0;
    for &b in word.as_bytes().iter().filter(|&&b| b != b'.') {
        *buf.get_mut(len)? = b;
        len += 1;
    }
    std::str::from_utf8(&buf[..len]).ok()
}

/// Legal forms that may follow another besides the ones the tagger's lexicon knows, which are
/// not a name's last word there ("Pty" of "Pty Ltd"; "SE" also ends product names, "KG" is also
/// Kyrgyzstan's code, which a lone "Co. KG" the tag stage drops would leave behind).
const MORE_LEGAL_FORMS: &[&str] = &["KG", "Pty", "SE"];

/// Whether the last token is a legal form with its full stop ("Corp.") after a company's name
/// ("Acme", "Poor 's", "Johnson &"): where a sentence often ends too ("… said Acme Corp. The
/// company …"); not "Co." before a county ("in Co. Antrim", "Ballymena, Co. Antrim").
fn ends_with_legal_form(text: &str, tokens: &[Token]) -> bool {
    let [.., before, last] = tokens else { return false };
    let before = &text[before.range()];
    crate::lexicon::is_company_suffix(&text[last.range()])
        && (before.starts_with(|c: char| c.is_uppercase() || c.is_numeric())
            || before == "&"
            || before.starts_with('\''))
}

/// The end of the token that starts at `start` with character `c`.
fn token_end(text: &str, start: usize, c: char) -> usize {
    let bytes = text.as_bytes();
    if !c.is_alphanumeric() {
        // "n't" never starts here; a lone apostrophe before "s" is the possessive "'s".
        if (c == '\'' || c == '\u{2019}') && word_is(text, start + c.len_utf8(), "s") {
            return start + c.len_utf8() + 1;
        }
        return start + c.len_utf8();
    }
    if text[start..].starts_with("n't")
        && !text[start + 3..].chars().next().is_some_and(char::is_alphanumeric)
    {
        return start + 3;
    }
    let mut end = start + c.len_utf8();
    loop {
        // A run of ASCII letters and digits, most of a word, a byte at a time.
        end += bytes[end..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        let Some(next) = text[end..].chars().next() else { break };
        if next.is_alphanumeric() {
            end += next.len_utf8();
            continue;
        }
        let after = text[end + next.len_utf8()..].chars().next();
        let joins = match next {
            // Not before initials written with points: "Japan-U.S. trade" is "Japan", "-",
            // "U.S." (as "U.S.-Japan" is), where "U" alone had left "S." an initial.
            '-' => after.is_some_and(char::is_alphanumeric) && !dotted_initials_at(bytes, end + 1),
            '&' => after.is_some_and(char::is_alphanumeric),
            // Inside numbers: "1,200", "3.5".
            ',' | '.' if bytes[end - 1].is_ascii_digit() => after.is_some_and(|a| a.is_ascii_digit()),
            // "U.S.": a single letter before the point and a letter after it.
            '.' => {
                let single = end - start == 1 || bytes.get(end.wrapping_sub(2)) == Some(&b'.');
                single
                    && after.is_some_and(|a| {
                        // The character after that letter (which may be more than a byte: "J.É.").
                        let after2 = text[end + 1 + a.len_utf8()..].chars().next();
                        a.is_alphabetic() && after2.is_none_or(|x| !x.is_alphanumeric() || x == '.')
                    })
            }
            '\'' | '\u{2019}' => {
                // "O'Brien" joins, "Putin's" and "don't" split.
                after.is_some_and(char::is_alphanumeric)
                    && !word_is(text, end + next.len_utf8(), "s")
                    && !word_is(text, end + next.len_utf8(), "t")
            }
            _ => false,
        };
        if !joins {
            break;
        }
        end += next.len_utf8();
    }
    // A final point stays on initials ("U.S.", "J.") and known abbreviations ("Corp.").
    if bytes.get(end) == Some(&b'.') {
        let word = &text[start..end];
        let initial = word.len() == 1 && c.is_uppercase() || word.contains('.');
        if initial || ABBREVIATIONS.contains(&word) {
            return end + 1;
        }
    }
    // "don't" → "do" + "n't".
    if text[..end].ends_with('n') && text[end..].starts_with("'t") && end - start > 1 {
        return end - 1;
    }
    end
}

/// Whether `bytes` hold two capitals or more at `at`, each with a point after it ("U.S.",
/// "U.K.").
fn dotted_initials_at(bytes: &[u8], at: usize) -> bool {
    matches!(bytes.get(at..at + 4), Some([a, b'.', b, b'.']) if a.is_ascii_uppercase() && b.is_ascii_uppercase())
}

/// Whether the word at `at` is exactly `word` (followed by no letter or digit).
fn word_is(text: &str, at: usize, word: &str) -> bool {
    text.get(at..).is_some_and(|rest| {
        rest.starts_with(word) && !rest[word.len()..].chars().next().is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> String {
        let (mut tokens, mut sentences) = (Vec::new(), Vec::new());
        tokenize(text, &mut tokens, &mut sentences);
        sentences
            .iter()
            .map(|s| tokens[s.clone()].iter().map(|t| &text[t.range()]).collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>()
            .join(" | ")
    }

    #[test]
    fn conll_style_tokens() {
        assert_eq!(check("Putin's U.S. trip, don't."), "Putin 's U.S. trip , do n't .");
        assert_eq!(
            check("Jean-Yves Le Drian paid $1,200.50 (Corp.)"),
            "Jean-Yves Le Drian paid $ 1,200.50 ( Corp. )"
        );
        assert_eq!(
            check("He left. Then Mr. Smith came!\nHEADLINE"),
            "He left . | Then Mr. Smith came ! | HEADLINE"
        );
        assert_eq!(check("O'Brien — in 2022. e.g. x"), "O'Brien — in 2022 . e.g. x");
        // A company's legal form ends a sentence before a capitalised word, unless another
        // legal form follows or it is no company's ("in Co. Antrim").
        assert_eq!(
            check("rated by Standard and Poor's Corp. The agency and Samsung Co. Ltd. said"),
            "rated by Standard and Poor 's Corp. | The agency and Samsung Co. Ltd. said"
        );
        assert_eq!(check("born in Co. Antrim, Acme Corp. said"), "born in Co. Antrim , Acme Corp. said");
        assert_eq!(check("Ballymena, Co. Antrim"), "Ballymena , Co. Antrim");
        assert_eq!(
            check("Henkel AG & Co. KGaA and KKR & Co. L.P. said"),
            "Henkel AG & Co. KGaA and KKR & Co. L.P. said"
        );
        // A title, or an initial before another, goes on into a name, whatever the word;
        // a lone initial ends a sentence like any word.
        assert_eq!(check("J. A. Smith and Sgt. First Class Jones"), "J. A. Smith and Sgt. First Class Jones");
        assert_eq!(check("rated A. The agency"), "rated A. | The agency");
        assert_eq!(
            check("from Warner Bros. However, Warner Bros. Pictures and the U.S. The end"),
            "from Warner Bros. | However , Warner Bros. Pictures and the U.S. | The end"
        );
        assert_eq!(check(""), "");
        assert_eq!(check("習近平 said"), "習近平 said");
        // Letters of more than one byte after an initial's point, and ASCII runs beside
        // non-ASCII letters, tabs and no-break spaces.
        assert_eq!(check("Paris, J.Émile and J.É. Dupont"), "Paris , J. Émile and J.É. Dupont");
        assert_eq!(check("Zürich-based\tnaïve\u{a0}café's"), "Zürich-based naïve café 's");
        // A hyphen before initials with points splits, as one after them does.
        assert_eq!(
            check("Japan-U.S. trade and U.S.-Japan talks, non-U.S. firms, Coca-Cola and X-Ray"),
            "Japan - U.S. trade and U.S. - Japan talks , non - U.S. firms , Coca-Cola and X-Ray"
        );
    }

    #[test]
    fn any_text_gives_ordered_tokens_on_character_boundaries() {
        // Random mixes of the characters the rules look at, one or more bytes long.
        let alphabet = "aZ9.,'’-&()\"“” \n\t:;!?É習😀\u{a0}\u{2028}\u{301}ǅ—…\r";
        let pieces: Vec<&str> = alphabet.split("").filter(|p| !p.is_empty()).collect();
        let (mut tokens, mut sentences) = (Vec::new(), Vec::new());
        for text in copydesk_core::testing::random_texts(0x9e37_79b9_7f4a_7c15, 3000, 40, &pieces) {
            tokenize(&text, &mut tokens, &mut sentences);
            let mut at = 0;
            for t in &tokens {
                let (start, end) = (t.start as usize, t.end as usize);
                assert!(at <= start && start < end && end <= text.len(), "{text:?}");
                assert!(text.is_char_boundary(start) && text.is_char_boundary(end), "{text:?}");
                assert!(!text[start..end].contains(char::is_whitespace), "{text:?}");
                at = end;
            }
            assert_eq!(sentences.iter().map(|s| s.len()).sum::<usize>(), tokens.len(), "{text:?}");
        }
    }
}
