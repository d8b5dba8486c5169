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
    let mut key = KeyBuilder { out, start: 0, words: 0, in_word: false };
    key.out.clear();
    for c in name.chars() {
        if c.is_alphanumeric() {
            key.letter(c);
        } else {
            key.other(c);
        }
    }
    key.finish();
}

/// A key being built in `out`: words are runs of letters and digits, built one at a time;
/// `start` is where the current one began, `words` how many have ended (a first "the"
/// included).
struct KeyBuilder<'a> {
    out: &'a mut String,
    start: usize,
    words: usize,
    in_word: bool,
}

impl KeyBuilder<'_> {
    fn open_word(&mut self) {
        if !self.in_word {
            if !self.out.is_empty() {
                self.out.push(' ');
            }
            (self.start, self.in_word) = (self.out.len(), true);
        }
    }

    /// A letter or digit.
    fn letter(&mut self, c: char) {
        self.open_word();
        if c.is_ascii() {
            self.out.push(c.to_ascii_lowercase());
        } else {
            for lower in c.to_lowercase() {
                fold_diacritic(lower, self.out);
            }
        }
    }

    /// A character that is no letter or digit.
    fn other(&mut self, c: char) {
        match c {
            // "U.S." and "US", "O'Brien" and "OBrien" are the same name.
            '.' | '\'' | '\u{2019}' => {}
            // "Securities & Exchange Commission" and "Securities and Exchange Commission",
            // "AT&T" and "AT and T" are the same name.
            '&' => {
                self.finish();
                if !self.out.is_empty() {
                    self.out.push(' ');
                }
                self.out.push_str("and");
                self.words += 1;
            }
            _ => self.finish(),
        }
    }

    /// Ends the current word, if any.
    fn finish(&mut self) {
        if self.in_word {
            end_word(self.out, self.start, self.words);
            (self.words, self.in_word) = (self.words + 1, false);
        }
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
    // Every ending below ends in "y" or "i"; most words end otherwise.
    if out.len() - start < 5 || !out.ends_with(['y', 'i']) {
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

    /// `key_into`'s rules as they were written before `KeyBuilder`, a character at a time (its
    /// shortcut for ASCII letters aside, which gave the same characters).
    fn reference_key(name: &str) -> String {
        let mut out = String::new();
        let (mut start, mut words, mut in_word) = (0, 0, false);
        for c in name.chars() {
            match c {
                '.' | '\'' | '\u{2019}' => {}
                '&' => {
                    if in_word {
                        end_word(&mut out, start, words);
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
                    for lower in c.to_lowercase() {
                        fold_diacritic(lower, &mut out);
                    }
                }
                _ if in_word => {
                    end_word(&mut out, start, words);
                    (words, in_word) = (words + 1, false);
                }
                _ => {}
            }
        }
        if in_word {
            end_word(&mut out, start, words);
        }
        out
    }

    #[test]
    fn keys_are_those_of_a_character_at_a_time() {
        let text = "The U.S. & Co. said O'Brien's AT&T, S & P 500 and Zelenskiy met the Dmitriy-Peskov \
                    of Zürich’s Société Générale (NATO) in 2022; the the & &&  Ó Súilleabháin \
                    Lukashenko's \"Belaruskali\" -- Jean-Yves Le Drian, the Kremlin.";
        let words: Vec<&str> = text.split(' ').collect();
        for len in 1..=5 {
            for window in words.windows(len) {
                let name = window.join(" ");
                assert_eq!(key(&name), reference_key(&name), "{name:?}");
            }
        }
        for name in ["", " ", "&", "the", "The", "THE Kremlin", "ski", "Kowalski", "Ğ.", "3M", "a.b.c."] {
            assert_eq!(key(name), reference_key(name), "{name:?}");
        }
    }

    #[test]
    fn hashed_ids_depend_on_type_and_key() {
        let a = hashed_id(EntityKind::Person, "Alexander Grushko");
        assert_eq!(a, hashed_id(EntityKind::Person, "alexander  GRUSHKO"));
        assert_ne!(a, hashed_id(EntityKind::Org, "Alexander Grushko"));
        assert!(a.starts_with("cd:") && a.len() == 19, "{a}");
    }
}
