//! Language detection (whatlang) on the start of the cleaned text.

use std::sync::LazyLock;

/// ISO 639-3 code of `text`'s language, judged on its first `sample` bytes, when whatlang calls
/// the result reliable.
pub fn detect(text: &str, sample: usize) -> Option<&'static str> {
    // The start of an article is enough to tell its language, and detection cost grows with length.
    let mut end = sample.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    if plainly_english(sample) {
        return Some("eng");
    }
    let info = whatlang::detect(sample)?;
    info.is_reliable().then(|| info.lang().code())
}

/// English function words: in English prose they are about 40% of the words; in other
/// languages written in Latin script almost none of them occur.
const ENGLISH_FUNCTION_WORDS: &[&str] = &[
    "a", "and", "are", "as", "at", "be", "by", "for", "from", "had", "has", "have", "he", "his", "in", "is",
    "it", "its", "of", "on", "said", "that", "the", "their", "they", "this", "to", "was", "were", "which",
    "will", "with",
];

/// The words of English wire-service tables (earnings, dividends, prices: "Shr 45 cts vs 58
/// cts", "Net 1.1 mln vs 829,000"), which have almost no function words and which whatlang
/// mostly calls unreliable or French.
pub(crate) const ENGLISH_TABLE_WORDS: &[&str] = &[
    "avg", "cts", "div", "dlr", "dlrs", "mln", "mths", "net", "oper", "pct", "qtly", "qtr", "revs", "shr",
    "shrs", "vs",
];

/// Function words that are words of no other language written in Latin script (unlike "of",
/// "to", "for" or "had": Dutch, Czech, Danish, Dutch again), for the short-text rule.
const ENGLISH_ONLY: &[&str] =
    &["and", "from", "have", "his", "its", "said", "that", "their", "they", "this", "were", "which", "with"];

/// The longest word in either list.
const MAX_WORD: usize = 5;

/// A word of at most [`MAX_WORD`] ASCII letters, lower-cased, as one integer: comparing
/// integers is cheaper than comparing strings, and this runs on every word of the sample.
fn key(word: &[u8]) -> u64 {
    word.iter().fold(0, |key, b| key << 8 | u64::from(b.to_ascii_lowercase()))
}

/// A word list as sorted keys, for a binary search.
fn keys(words: &[&str]) -> Vec<u64> {
    let mut keys: Vec<u64> = words.iter().map(|w| key(w.as_bytes())).collect();
    keys.sort_unstable();
    keys
}

static FUNCTION_KEYS: LazyLock<Vec<u64>> = LazyLock::new(|| keys(ENGLISH_FUNCTION_WORDS));
static TABLE_KEYS: LazyLock<Vec<u64>> = LazyLock::new(|| keys(ENGLISH_TABLE_WORDS));
static ENGLISH_ONLY_KEYS: LazyLock<Vec<u64>> = LazyLock::new(|| keys(ENGLISH_ONLY));

/// A fast answer for the common case: most news is English, and whatlang's trigram scoring
/// over every Latin-script profile is most of this stage's time. Text whose first hundred words
/// are at least a fifth English function words is English beyond doubt, and so is a wire table:
/// eight words or more, at least three of them table words, and a quarter of them table or
/// function words. So is a short or headline-style text (eight words or more, a sixth of them
/// function words) with "the" and one of [`ENGLISH_ONLY`] among them, or without "the" a
/// quarter function words and one of [`ENGLISH_ONLY`] ("Vitronics Corp said it plans to
/// establish a plant in Plymouth, England", which whatlang called French): other languages have
/// "in", "is", "a", "was" or "will" as words of their own, and "the" in an English title ("Il
/// quotidiano The Guardian ha scritto…"), but not these. Wire briefs and headline-style blurbs
/// have fewer function words than prose: on the bench news this takes 433 of whatlang's 1,611
/// calls, texts it called English or could not tell (English on reading). Anything else goes
/// to whatlang.
fn plainly_english(sample: &str) -> bool {
    let mut words = 0;
    let mut function = 0;
    let mut table = 0;
    let (mut the, mut english_only) = (false, false);
    let (function_keys, table_keys, english_only_keys) = (&*FUNCTION_KEYS, &*TABLE_KEYS, &*ENGLISH_ONLY_KEYS);
    for_each_short_word(sample, SAMPLE_WORDS, |key| {
        words += 1;
        let Some(key) = key else { return true };
        if function_keys.binary_search(&key).is_ok() {
            function += 1;
            the |= key == THE;
            english_only |= english_only_keys.binary_search(&key).is_ok();
        } else if table_keys.binary_search(&key).is_ok() {
            table += 1;
        }
        // A fifth of the whole sample are function words already, however many words follow:
        // English (prose reaches this about halfway through its hundred words).
        !(words >= 20 && function * 5 >= SAMPLE_WORDS)
    });
    words >= 20 && function * 5 >= words
        || words >= 8 && the && english_only && function * 6 >= words
        || words >= 8 && english_only && function * 4 >= words
        || words >= 8 && table >= 3 && (function + table) * 4 >= words
}

/// The words [`plainly_english`] reads.
const SAMPLE_WORDS: usize = 100;

/// Calls `word` for each of the first `limit` words of `text` (runs of alphabetic characters),
/// with its [`key`] when it is at most [`MAX_WORD`] ASCII letters, else `None`, until it
/// returns false. One pass over
/// the bytes, decoding only the characters outside ASCII: this runs on the start of every text,
/// and splitting it into `&str` words on `char::is_alphabetic` was a tenth of the stage's time.
fn for_each_short_word(text: &str, limit: usize, mut word: impl FnMut(Option<u64>) -> bool) {
    let bytes = text.as_bytes();
    let (mut words, mut i) = (0, 0);
    // The current word: its key so far, its length in bytes, whether it is all ASCII.
    let mut current: Option<(u64, usize, bool)> = None;
    while i < bytes.len() && words < limit {
        let b = bytes[i];
        let (letter, width) = if b.is_ascii() {
            (b.is_ascii_alphabetic(), 1)
        } else {
            let c = text[i..].chars().next().unwrap_or_default();
            (c.is_alphabetic(), c.len_utf8())
        };
        if letter {
            let (key, len, ascii) = current.get_or_insert((0, 0, true));
            *key = *key << 8 | u64::from(b.to_ascii_lowercase());
            *len += width;
            *ascii &= b.is_ascii();
        } else if let Some((key, len, ascii)) = current.take() {
            if !word((ascii && len <= MAX_WORD).then_some(key)) {
                return;
            }
            words += 1;
        }
        i += width;
    }
    if let Some((key, len, ascii)) = current.filter(|_| words < limit) {
        word((ascii && len <= MAX_WORD).then_some(key));
    }
}

/// The key of "the" (any case).
const THE: u64 = (b't' as u64) << 16 | (b'h' as u64) << 8 | b'e' as u64;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_reliable_languages_only() {
        let english = "The US said on Wednesday it will send 3,000 extra troops to Poland and Romania to reinforce \
                       Eastern European Nato allies in the face of what Washington describes as a Russian threat.";
        let french = "La France a proposé d'envoyer des troupes en Roumanie dans le cadre d'une future mission de \
                      l'Otan, afin de rassurer ce pays de la mer Noire face aux tensions avec la Russie.";
        assert_eq!(detect(english, 2000), Some("eng"));
        assert_eq!(detect(french, 2000), Some("fra"));
        assert_eq!(detect("ok", 2000), None);
        assert_eq!(detect("", 2000), None);
        // a sample cut inside a multi-byte character backs off to a boundary
        assert_eq!(detect("é", 1), None);
    }

    #[test]
    fn short_words_are_the_alphabetic_runs() {
        // As `str::split` on `char::is_alphabetic` finds them, whatever the bytes between.
        let texts = [
            "The US said on Wednesday it will send 3,000 extra troops",
            "Russia’s “reply” — a café in Zürich, naïve façade; ÉTÉ été",
            "Shr 45 cts vs 58 cts\n\nNet 1.1 mln vs 829,000",
            "Αθήνα και Μόσχα: 北京 and the 東京 office",
            "",
            "...",
            "word",
            "abcdefghijklmnop short",
        ];
        for text in texts {
            for limit in [0, 1, 3, 100] {
                let expected: Vec<Option<u64>> = text
                    .split(|c: char| !c.is_alphabetic())
                    .filter(|w| !w.is_empty())
                    .take(limit)
                    .map(|w| (w.len() <= MAX_WORD && w.is_ascii()).then(|| key(w.as_bytes())))
                    .collect();
                let mut found = Vec::new();
                for_each_short_word(text, limit, |key| {
                    found.push(key);
                    true
                });
                assert_eq!(found, expected, "{text:?}, limit {limit}");
            }
        }
    }

    #[test]
    fn the_english_shortcut_takes_only_english() {
        let english = "The Kremlin on Thursday urged the United States to stop inflaming tensions after Washington                        sent several thousand troops to bolster Nato forces in eastern Europe amid the Ukraine crisis.";
        let german = "Der Kreml hat die Vereinigten Staaten am Donnerstag aufgefordert, die Spannungen nicht weiter                       anzuheizen, nachdem Washington mehrere tausend Soldaten nach Osteuropa geschickt hatte.";
        let dutch = "Het Kremlin heeft de Verenigde Staten donderdag opgeroepen de spanningen niet verder op te                      voeren nadat Washington enkele duizenden soldaten naar Oost-Europa had gestuurd in de crisis.";
        assert!(plainly_english(english));
        assert!(!plainly_english(german));
        assert!(!plainly_english(dutch));
        assert_eq!(detect(german, 2000), Some("deu"));
        assert_eq!(detect(dutch, 2000), Some("nld"));
        assert!(ENGLISH_ONLY.iter().all(|w| ENGLISH_FUNCTION_WORDS.contains(w)));
        for list in [ENGLISH_FUNCTION_WORDS, ENGLISH_TABLE_WORDS] {
            assert!(list.iter().all(|w| w.len() <= MAX_WORD && w.bytes().all(|b| b.is_ascii_lowercase())));
        }
        // Distinct keys: no two words of the lists share one.
        assert!(FUNCTION_KEYS.windows(2).all(|w| w[0] < w[1]) && TABLE_KEYS.windows(2).all(|w| w[0] < w[1]));
        // Short texts: a wire brief and a headline-style blurb are English; short texts in other
        // Latin-script languages, even with words the function list has ("in", "is", "a", "of"),
        // are not.
        assert!(plainly_english(
            "Thai coffee exports rose to 22,068 tonnes in 1986 from 20,430 a year earlier, the Customs Department said."
        ));
        assert!(plainly_english(
            "AP - Southern California's smog-fighting agency went after emissions of the bovine variety Friday, adopting the nation's first rules to reduce air pollution from dairy cow manure."
        ));
        // No "the", but "said" and a quarter function words (whatlang had called it French).
        assert!(plainly_english(
            "Vitronics Corp said it plans to establish a plant in Plymouth, England, to serve European customers."
        ));
        for short in [
            "Het kabinet is in de nacht van maandag op dinsdag akkoord gegaan met het plan.",
            "Die Regierung hat in Berlin am Montag einen neuen Plan für die Armee vorgestellt.",
            "Le gouvernement a annoncé lundi un plan pour renforcer la présence de l'armée à l'est.",
            "El gobierno anunció el lunes un plan para reforzar la presencia del ejército en el este.",
            "O governo anunciou na segunda-feira um plano para reforçar a presença do exército no leste.",
            "Il governo ha annunciato lunedì un piano per rafforzare la presenza dell'esercito a est.",
            // "the" in an English title, beside words the function list has.
            "Il quotidiano The Guardian ha scritto che il governo in carica è in crisi a Roma.",
            "Der Sänger will in London auftreten, was The Sun als Sensation feiert, in der Arena.",
            "Volgens The Times is de minister in de nacht van maandag op dinsdag afgetreden.",
        ] {
            assert!(!plainly_english(short), "{short}");
        }
        assert_eq!(THE, key(b"the"));
        let table = "Shr 45 cts vs 58 cts\n\nNet 1.1 mln vs 829,000\n\nSales 7.9 mln vs 9.4 mln\n\nAvg shrs 2,332,397 vs 1,428,000";
        assert!(plainly_english(table));
        assert!(!plainly_english("Net 1.1 mln"), "too short to tell");
    }
}
