//! Canonical keys and stable entity ids: the normal form that makes spelling variants of one
//! name collide ("Zelenskiy"/"Zelensky", "NATO"/"Nato", "U.S."/"US") without any shared state
//! between documents or workers.

use copydesk_core::EntityKind;

/// The comparison form of a name: case-folded, diacritics stripped, punctuation dropped, a
/// leading "the" removed, and transliteration endings unified per word. Never shown to users.
pub(crate) fn key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    key_into(name, &mut out);
    out
}

/// [`key`] into `out` (cleared first), so a caller that only looks the key up can keep one
/// buffer: this runs several times for every name the tag stage meets.
pub(crate) fn key_into(name: &str, out: &mut String) {
    out.clear();
    // Words are runs of letters and digits, built in `out` one at a time: `start` is where the
    // current one began, `words` how many have ended (a first "the" included).
    let (mut start, mut words, mut in_word) = (0, 0, false);
    for c in name.chars() {
        match c {
            // "U.S." and "US", "O'Brien" and "OBrien" are the same name.
            '.' | '\'' | '\u{2019}' => {}
            // "Securities & Exchange Commission" and "Securities and Exchange Commission",
            // "AT&T" and "AT and T" are the same name.
            '&' => {
                if in_word {
                    end_word(out, start, words);
                    (words, in_word) = (words + 1, false);
                }
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str("and");
                words += 1;
            }
            c if c.is_alphanumeric() => {
                if !in_word {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    (start, in_word) = (out.len(), true);
                }
                if c.is_ascii() {
                    // Most names are ASCII: no case tables, no diacritics.
                    out.push(c.to_ascii_lowercase());
                } else {
                    for lower in c.to_lowercase() {
                        fold_diacritic(lower, out);
                    }
                }
            }
            _ if in_word => {
                end_word(out, start, words);
                (words, in_word) = (words + 1, false);
            }
            _ => {}
        }
    }
    if in_word {
        end_word(out, start, words);
    }
}

/// The word at `out[start..]` has ended: a leading "the" goes (with the space before it, if
/// any), other words get their transliteration endings unified.
fn end_word(out: &mut String, start: usize, words: usize) {
    if words == 0 && &out[start..] == "the" {
        out.truncate(start.saturating_sub(1));
        return;
    }
    transliterate_end(out, start);
}

/// Slavic names reach English through several romanisations; the endings differ in ways a
/// reader never notices: Zelenskyy/Zelenskiy/Zelenskii/Zelensky, Dmitriy/Dmitry, Sergei/Sergey.
/// The word is `out[start..]`.
fn transliterate_end(out: &mut String, start: usize) {
    if out.len() - start < 5 {
        return;
    }
    for (ending, replacement) in [
        ("skiy", "sky"),
        ("skyy", "sky"),
        ("skii", "sky"),
        ("skyi", "sky"),
        ("ski", "sky"),
        ("iy", "y"),
        ("yy", "y"),
        ("ii", "y"),
        ("yi", "y"),
        ("ei", "ey"),
    ] {
        if out[start..].ends_with(ending) {
            out.truncate(out.len() - ending.len());
            out.push_str(replacement);
            return;
        }
    }
}

/// Latin letters with diacritics as their base letters; other characters pass through.
fn fold_diacritic(c: char, out: &mut String) {
    let base = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'þ' => "th",
        c => {
            out.push(c);
            return;
        }
    };
    out.push_str(base);
}

/// The id of an entity without a known QID: "cd:" and 16 hex digits of xxh3 over
/// "TYPE\0key". The type is part of it so "Georgia" the country and a person never collide.
pub(crate) fn hashed_id(kind: EntityKind, canonical: &str) -> String {
    thread_local!(static KEY: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) });
    let hash = KEY.with_borrow_mut(|key| {
        key_into(canonical, key);
        let mut hasher = xxhash_rust::xxh3::Xxh3Default::new();
        hasher.update(kind.as_str().as_bytes());
        hasher.update(&[0]);
        hasher.update(key.as_bytes());
        hasher.digest()
    });
    let mut id = String::with_capacity(19);
    id.push_str("cd:");
    for shift in (0..16).rev() {
        id.push(char::from_digit((hash >> (4 * shift) & 0xf) as u32, 16).unwrap_or('0'));
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(pairs: &[(&str, &str)]) {
        for (name, expected) in pairs {
            assert_eq!(key(name), *expected, "key of {name:?}");
        }
    }

    #[test]
    fn keys_unify_spelling_variants() {
        check(&[
            ("Zelensky", "zelensky"),
            ("Zelenskiy", "zelensky"),
            ("Zelenskyy", "zelensky"),
            ("Zelenskii", "zelensky"),
            ("Volodymyr Zelenskiy", "volodymyr zelensky"),
            ("NATO", "nato"),
            ("Nato", "nato"),
            ("U.S.", "us"),
            ("Dmitriy Peskov", "dmitry peskov"),
            ("Sergei Lavrov", "sergey lavrov"),
            ("Recep Tayyip Erdoğan", "recep tayyip erdogan"),
            ("Jean-Yves Le Drian", "jean yves le drian"),
            ("the Kremlin", "kremlin"),
            // Only a first "the" goes; separators of any kind and length are one space.
            (" The  Hague ", "hague"),
            ("The the", "the"),
            ("Theodore Roosevelt", "theodore roosevelt"),
            ("the", ""),
            ("--Kyiv,  (Kiev)", "kyiv kiev"),
            ("Washington, D.C.", "washington dc"),
            // An ampersand is "and", however spaced.
            ("Securities & Exchange Commission", "securities and exchange commission"),
            ("AT&T", "at and t"),
            ("AT & T", "at and t"),
            ("& Co", "and co"),
        ]);
        assert_eq!(key("Smith & Wesson"), key("Smith and Wesson"));
        assert_eq!(key("S&P"), key("S and P"));
    }

    #[test]
    fn hashed_ids_depend_on_type_and_key() {
        let a = hashed_id(EntityKind::Person, "Alexander Grushko");
        assert_eq!(a, hashed_id(EntityKind::Person, "alexander  GRUSHKO"));
        assert_ne!(a, hashed_id(EntityKind::Org, "Alexander Grushko"));
        assert!(a.starts_with("cd:") && a.len() == 19, "{a}");
    }
}
