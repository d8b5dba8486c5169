//! Language detection on the start of the cleaned text: English by its words first (most news
//! is English, and whatlang is most of this stage's time), then whatlang.

use std::collections::{HashMap, HashSet};

use copydesk_core::hashing::HashKey;
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
    if plainly_english(sample) || english_by_vocabulary(sample) {
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

// What a short word is to [`plainly_english`], as flags: a function word, one of
// [`ENGLISH_ONLY`] too, or a table word.
const FUNCTION: u8 = 1;
const ONLY_ENGLISH: u8 = 2;
const TABLE: u8 = 4;

/// The words of the three lists by [`key`], each with what it is: one lookup a word, not a
/// binary search in each list.
static SHORT_WORDS: LazyLock<HashMap<u64, u8, HashKey>> = LazyLock::new(|| {
    let mut table = HashMap::default();
    let lists =
        [(ENGLISH_FUNCTION_WORDS, FUNCTION), (ENGLISH_ONLY, ONLY_ENGLISH), (ENGLISH_TABLE_WORDS, TABLE)];
    for (words, what) in lists {
        for word in words {
            *table.entry(key(word.as_bytes())).or_default() |= what;
        }
    }
    table
});

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
    let short_words = &*SHORT_WORDS;
    for_each_short_word(sample, SAMPLE_WORDS, |key| {
        words += 1;
        let Some(key) = key else { return true };
        let what = short_words.get(&key).copied().unwrap_or(0);
        if what & FUNCTION != 0 {
            function += 1;
            the |= key == THE;
            english_only |= what & ONLY_ENGLISH != 0;
        } else if what & TABLE != 0 {
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

/// English by its vocabulary, for the short texts [`plainly_english`] cannot judge (briefs,
/// blurbs, wire tables: too few function words) and whatlang mostly calls unreliable: of the
/// 1,026 bench news texts that reached whatlang, all English but a French press release, it
/// called 751 English, 273 unreliable and two French (the press release, and a Swiss table of
/// figures). A text is English when, of its first hundred words
/// written in lower case (all of them when the text is in capitals; capitalised words are
/// mostly names), at least four are judged and three in four of those are among
/// [`ENGLISH_WORDS`]. Words of one or two letters are judged only when English has no such word
/// ("de", "la", "il", "en" count against), and words that are as common in other languages as
/// in English ([`SHARED_WORDS`]: "per", "for", "men") are not judged. On the bench news it gave
/// 181 texts the language whatlang had not (the 180 it left without one and the Swiss table)
/// and took a sixth off the stage's time. On 320,511 program messages translated into 35 other
/// Latin-script languages (Debian's gettext catalogues) it changed whatlang's answer for 219:
/// 214 whatlang left without a language and five it called French or Portuguese, nearly all
/// untranslated English or command lines ("git merge-base [-a | --all] <commit>").
///
/// A title (three words in five or more capitalised, as most headlines are written) has too few
/// lower-case words for that, and whatlang, most of the time a title takes, leaves most of them
/// without a language. So a title is English, too, when its capitalised words are judged as well,
/// but only those that are English words or words English has not (short ones, [`FOREIGN_WORDS`]),
/// the others being possibly names, and when at least half of all its words are English words.
/// An initial ("U.S.") is no word. Of the 7,593 AG News test titles, 3,765 are then English
/// instead of 2,068, and normalize's time on them falls by a quarter (33 → 25 µs a title); of
/// 107,426 messages of Debian's catalogues in 45 other Latin-script languages, title-cased, 138
/// are called English instead of 53 (mostly English terms and names in them: "Caps Lock", "Free
/// Software Foundation, Inc.").
fn english_by_vocabulary(sample: &str) -> bool {
    let words = || sample.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).take(SAMPLE_WORDS);
    let (mut letters, mut capitals, mut count, mut capitalised) = (0, 0, 0, 0);
    for word in words() {
        count += 1;
        capitalised += usize::from(is_capitalised(word));
        for c in word.chars() {
            letters += 1;
            capitals += usize::from(c.is_uppercase());
        }
    }
    let in_capitals = capitals * 10 >= letters * 8;
    // A headline in title case: three words in five or more capitalised.
    let title_case = !in_capitals && capitalised * 5 >= count * 3;
    let english_words = &*ENGLISH_WORDS;
    // The words judged and those of them English: as the rule has it, and, in a title, its
    // capitalised words too.
    let (mut judged, mut english) = ([0; 2], [0; 2]);
    let mut lower = String::new();
    for word in words() {
        // Outside capitals only words already in lower case are judged, as they are; in capitals
        // each is lowered into one kept buffer. A capitalised word of a title may be a name:
        // judged only when it is an English word, or a word English has not (a short one, a
        // foreign function word), and only for the title's own rule.
        let lowered = |lower: &mut String| {
            lower.clear();
            lower.extend(word.chars().flat_map(char::to_lowercase));
        };
        let (word, title_only) = if in_capitals {
            lowered(&mut lower);
            (lower.as_str(), false)
        } else if word.chars().all(char::is_lowercase) {
            (word, false)
        } else if title_case && is_capitalised(word) {
            // An initial ("U" and "S" of "U.S."): no word.
            if word.chars().nth(1).is_none() {
                continue;
            }
            lowered(&mut lower);
            let lower = lower.as_str();
            let foreign =
                lower.len() < 3 && !ENGLISH_SHORT_WORDS.contains(&lower) || FOREIGN_WORDS.contains(&lower);
            if !english_words.contains(lower) && !foreign {
                continue;
            }
            (lower, true)
        } else {
            continue;
        };
        if word.len() < 3 && ENGLISH_SHORT_WORDS.contains(&word) || SHARED_WORDS.contains(&word) {
            continue;
        }
        let is_english = usize::from(english_words.contains(word));
        for k in usize::from(title_only)..2 {
            judged[k] += 1;
            english[k] += is_english;
        }
    }
    let by_rule = |k: usize| judged[k] >= 4 && english[k] * 4 >= judged[k] * 3;
    // A title's English words must be half its words at least: the rest, skipped, may be names.
    by_rule(0) || title_case && by_rule(1) && english[1] * 2 >= count
}

/// A word whose first letter is a capital and the others are not.
fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_lowercase)
}

/// The words of English news: the commonest lower-case words of three letters or more in the
/// bench news corpora (`data/english_words.txt`, from the tag model's word clusters), less
/// [`FOREIGN_WORDS`].
static ENGLISH_WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    ENGLISH_WORDS_FILE.lines().filter(|w| !w.starts_with('#') && !FOREIGN_WORDS.contains(w)).collect()
});

const ENGLISH_WORDS_FILE: &str = include_str!("../data/english_words.txt");

/// Function words of other Latin-script languages that English news prints often enough (in
/// names and quotations: "von", "des", "del") to be among its commonest words.
const FOREIGN_WORDS: &[&str] = &[
    "com", "con", "del", "den", "der", "des", "die", "dim", "door", "est", "lire", "los", "met", "non",
    "par", "pour", "solo", "und", "van", "von",
];

/// English words that are as common, as words of their own, in other Latin-script languages
/// ("for" in Danish, "men" in Swedish, "per" in Italian, "are" in Romanian): not judged.
const SHARED_WORDS: &[&str] = &[
    "all", "are", "bet", "care", "come", "date", "don", "for", "her", "men", "mere", "over", "per", "plus",
    "sea", "see", "son", "ten", "till", "tin", "under",
];

/// English words of one or two letters: not judged (other such words count against English).
const ENGLISH_SHORT_WORDS: &[&str] = &[
    "a", "am", "an", "as", "at", "be", "by", "do", "go", "he", "i", "if", "in", "is", "it", "me", "my", "no",
    "of", "oh", "ok", "on", "or", "so", "to", "up", "us", "we",
];

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

    /// The table says of every word of up to three letters, of each list's words and of their
    /// neighbours what the lists say.
    #[test]
    fn the_short_words_table_answers_as_the_lists() {
        let letters = || (b'a'..=b'z').map(|c| vec![c]);
        let mut words: Vec<Vec<u8>> = letters().collect();
        for _ in 0..2 {
            let longer: Vec<Vec<u8>> =
                words.iter().flat_map(|w| letters().map(move |c| [w.clone(), c].concat())).collect();
            words.extend(longer);
        }
        for list in [ENGLISH_FUNCTION_WORDS, ENGLISH_TABLE_WORDS] {
            for word in list {
                words.push(word.as_bytes().to_vec());
                words.extend(letters().map(|c| [word.as_bytes(), &c].concat()));
                words.extend(letters().map(|c| [&c, word.as_bytes()].concat()));
            }
        }
        words.push(b"THE".to_vec());
        let table = &*SHORT_WORDS;
        for word in words.iter().filter(|w| w.len() <= MAX_WORD) {
            let text = std::str::from_utf8(word).unwrap().to_ascii_lowercase();
            let is = |list: &[&str]| list.contains(&text.as_str());
            let flag = |list: &[&str], what: u8| if is(list) { what } else { 0 };
            let expected = flag(ENGLISH_FUNCTION_WORDS, FUNCTION)
                | flag(ENGLISH_ONLY, ONLY_ENGLISH)
                | flag(ENGLISH_TABLE_WORDS, TABLE);
            assert_eq!(table.get(&key(word)).copied().unwrap_or(0), expected, "{text}");
        }
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
        let mut keys: Vec<u64> =
            ENGLISH_FUNCTION_WORDS.iter().chain(ENGLISH_TABLE_WORDS).map(|w| key(w.as_bytes())).collect();
        keys.sort_unstable();
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
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

    #[test]
    fn short_english_is_known_by_its_words() {
        // Bench news texts whatlang left without a language (too short for it to be sure) or
        // called French.
        for english in [
            "Japan bought 5,000 tonnes of Canadian rapeseed overnight at an undisclosed price for April shipment, trade sources said.",
            "Hog prices were up 1.00 dlr, private sources said. Top 51.50 dlrs per cwt.",
            "But researchers say data based on analogue phone usage may not yield same results as digital phone usage.",
            "Parent Company net profit 12.8 mln Swiss francs vs 7.5 mln.\n\nOrders received 2.21 billion francs vs \
             2.61 billion.\n\nSales 2.25 billion francs vs 2.49 billion.\n\nGroup sales 13.83 billion francs vs 13.88 \
             billion.\n\nGroup orders 11.03 billion francs vs 13.00 billion.\n\nREUTE",
            "CLOSE CDT APRIL 7\n\nCENTS PER LB CHANGE\n\nBELLIES\n\n12-14 61-1/2 up 1-1/2",
        ] {
            assert!(!plainly_english(english), "the function words alone decide {english:?}");
            assert!(english_by_vocabulary(english), "{english:?}");
            assert_eq!(detect(english, 2000), Some("eng"), "{english:?}");
        }
        // Short texts in other languages, English words among them, are not English.
        for other in [
            "Die Regierung hat am Montag einen neuen Plan für die Armee vorgestellt.",
            "Setzt die Locale für die Formatierung von Zahlen.",
            "Le gouvernement a annoncé un plan pour renforcer la présence de l'armée.",
            "El gobierno anunció el lunes un plan para reforzar la presencia del ejército.",
            "Il governo ha annunciato un piano per il server del database nazionale.",
            "Het kabinet is akkoord gegaan met het plan van de minister.",
            "Regeringen presenterade en ny plan för armén på måndagen.",
            "O governo anunciou um plano para reforçar a presença do exército.",
            "Rząd przedstawił w poniedziałek nowy plan dla armii.",
            "Saisissez « help » pour l'aide.",
        ] {
            assert!(!english_by_vocabulary(other), "{other:?}");
        }
        // Too few words to judge.
        assert!(!english_by_vocabulary("Net loss 705,496 vs loss 182,766"));
        assert!(!english_by_vocabulary(""));
    }

    #[test]
    fn headlines_in_title_case_are_judged_by_their_capitalised_words() {
        // Too few lower-case words for the rule, and whatlang leaves most such titles without a
        // language: their capitalised English words count, the others may be names.
        for english in [
            "Oil Prices Rise as Storm Shuts Gulf Platforms",
            "Central Bank Holds Rates Steady Amid Inflation Fears",
            "Rebels Agree to Talks After Border Clashes (AP)",
            "Chip Maker Cuts Jobs, Shares Fall",
            "Scholz Says Germany Will Send More Troops to Lithuania",
        ] {
            assert!(english_by_vocabulary(english), "{english:?}");
            assert_eq!(detect(english, 2000), Some("eng"), "{english:?}");
        }
        // Titles in other languages, some with words English has ("Plan", "Bank", "Hat",
        // "Format", "Minister"), and short or foreign function words that count against.
        for other in [
            "Die Bank Hat Neue Pläne Für Das Jahr",
            "Regierung Stellt Neuen Plan Für Die Armee Vor",
            "Le Gouvernement Annonce Un Plan Pour La Défense",
            "El Gobierno Anuncia Un Plan Para El Ejército",
            "Il Governo Approva Il Piano Per La Difesa",
            "Het Kabinet Stemt In Met Het Plan Van De Minister",
            "Regeringen Presenterar En Ny Plan För Armén",
            "Rząd Przedstawił Nowy Plan Dla Armii",
            "Pemerintah Umumkan Rencana Baru Untuk Tentara",
        ] {
            assert!(!english_by_vocabulary(other), "{other:?}");
        }
        // Initials ("U.S.") are no words, for or against.
        for english in ["U.S. Stocks Rise as Oil Prices Fall", "Iraq Says U.S. Troops Killed Civilians"] {
            assert!(english_by_vocabulary(english), "{english:?}");
        }
        // Five words judged, all English, but names are most of the title: fewer than half its
        // words are English words, so its words do not tell.
        assert!(!english_by_vocabulary(
            "Kofi Annan Meets Iyad Allawi and Jalal Talabani Before Summit Talks in Baghdad"
        ));
        // Six English words of twelve, but five short or foreign function words against them.
        assert!(!english_by_vocabulary("Le Club Signe Un Plan Pour Le Budget Du Premier Match Final"));
        // The lower-case rule as before: a sentence with capitalised names is judged by its
        // lower-case words alone.
        assert!(english_by_vocabulary(
            "UN Secretary-General Kofi Annan meets with visiting Iraqi Prime Minister Iyad Allawi at UN \
             headquarters in New York"
        ));
    }

    #[test]
    fn the_english_word_list_is_the_clusters_commonest_words() {
        // data/english_words.txt as its header says it was made: the first 10,000 lower-case
        // ASCII words of three letters or more in the tag model's clusters.tsv, in its order.
        let clusters = include_str!("../../tag/model/clusters.tsv");
        let expected: Vec<&str> = clusters
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split('\t').next())
            .filter(|w| w.len() >= 3 && w.bytes().all(|b| b.is_ascii_lowercase()))
            .take(10_000)
            .collect();
        let listed: Vec<&str> = ENGLISH_WORDS_FILE.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(listed, expected);
        // The foreign words are in the list (else they need no taking out), and no word is both
        // taken out and left unjudged.
        assert!(FOREIGN_WORDS.iter().all(|w| listed.contains(w)), "a foreign word not in the list");
        assert!(FOREIGN_WORDS.iter().all(|w| !SHARED_WORDS.contains(w)));
        assert_eq!(ENGLISH_WORDS.len(), 10_000 - FOREIGN_WORDS.len());
    }
}
