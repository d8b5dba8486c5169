//! What a text says a name is: "Bandarlapalle is a village in Andhra Pradesh", "Caloi, a
//! Brazilian bicycle maker, …", "Jim Fielder, a bassist with …". Encyclopaedias open with such a
//! sentence, and news introduces names the same way in an apposition; a reader takes the type
//! from the noun, whatever the name looks like. The model, which reads a few words either side,
//! often calls an unknown village a person and a company by a surname a person.
//!
//! The pattern is a name, then "is a", "was an" (or "are", "were") or a comma and "a"/"an", then
//! at most six words, the last of them the noun that ends the phrase: the word before a
//! punctuation mark, the end of the paragraph or a word that starts what follows ("in", "of",
//! "that", "based" …).
//! "A company spokesman" ends in "spokesman" and says nothing of the company; "a party to the
//! talks" ends in "party" before "to", which does not end a phrase here. The nouns are a closed
//! list per type (below); a plural or anything else says nothing.

use std::sync::LazyLock;

use crate::lexicon::{STOPWORDS, STOPWORDS_OPENING_NAMES, is_org_or_company_word};
use crate::text::{WordMap, opens_sentence, word_a_space_before};

/// The CoNLL type (0 PER, 1 ORG, 2 LOC, 3 MISC) that a defining phrase's noun gives a name.
const NOUNS: &[(&str, u8)] = &[
    // People.
    ("actor", 0),
    ("actress", 0),
    ("author", 0),
    ("bassist", 0),
    ("businessman", 0),
    ("businesswoman", 0),
    ("coach", 0),
    ("composer", 0),
    ("cricketer", 0),
    ("defender", 0),
    ("diplomat", 0),
    ("director", 0),
    ("drummer", 0),
    ("economist", 0),
    ("emperor", 0),
    ("empress", 0),
    ("footballer", 0),
    ("goalkeeper", 0),
    ("guitarist", 0),
    ("historian", 0),
    ("journalist", 0),
    ("king", 0),
    ("lawmaker", 0),
    ("lawyer", 0),
    ("mathematician", 0),
    ("midfielder", 0),
    ("musician", 0),
    ("novelist", 0),
    ("painter", 0),
    ("philosopher", 0),
    ("physicist", 0),
    ("pianist", 0),
    ("pitcher", 0),
    ("poet", 0),
    ("politician", 0),
    ("prince", 0),
    ("princess", 0),
    ("quarterback", 0),
    ("queen", 0),
    ("rapper", 0),
    ("sculptor", 0),
    ("singer", 0),
    ("singer-songwriter", 0),
    ("songwriter", 0),
    ("spokesman", 0),
    ("spokeswoman", 0),
    ("striker", 0),
    ("violinist", 0),
    ("writer", 0),
    // Organisations.
    ("airline", 1),
    ("automaker", 1),
    ("band", 1),
    ("bank", 1),
    ("brewery", 1),
    ("carmaker", 1),
    ("chain", 1),
    ("charity", 1),
    ("club", 1),
    ("college", 1),
    ("company", 1),
    ("conglomerate", 1),
    ("corporation", 1),
    ("firm", 1),
    ("insurer", 1),
    ("label", 1),
    ("lender", 1),
    ("magazine", 1),
    ("manufacturer", 1),
    ("newspaper", 1),
    ("nightclub", 1),
    ("nonprofit", 1),
    ("organisation", 1),
    ("organization", 1),
    ("retailer", 1),
    ("school", 1),
    ("subsidiary", 1),
    ("supermarket", 1),
    ("team", 1),
    ("university", 1),
    // Places.
    ("borough", 2),
    ("cave", 2),
    ("city", 2),
    ("commune", 2),
    ("country", 2),
    ("county", 2),
    ("district", 2),
    ("hamlet", 2),
    ("island", 2),
    ("municipality", 2),
    ("neighborhood", 2),
    ("neighbourhood", 2),
    ("parish", 2),
    ("park", 2),
    ("province", 2),
    ("river", 2),
    ("settlement", 2),
    ("suburb", 2),
    ("town", 2),
    ("township", 2),
    ("village", 2),
    // Works, languages and peoples (CoNLL's MISC).
    ("album", 3),
    ("anthem", 3),
    ("film", 3),
    ("game", 3),
    ("language", 3),
    ("minority", 3),
    ("novel", 3),
    ("people", 3),
    ("series", 3),
    ("song", 3),
    ("tribe", 3),
];

/// Works' nouns of [`NOUNS`] that also qualify another noun ("a film and television
/// distributor", "a game and toy maker").
const QUALIFYING_NOUNS: &[&str] = &["album", "film", "game", "series", "song"];

/// The most words a defining phrase has, its noun included.
const MAX_WORDS: usize = 6;

/// Words that end the defining phrase before them.
const FOLLOWERS: &[&str] = &[
    "and", "at", "based", "by", "for", "founded", "from", "in", "located", "near", "of", "on", "owned",
    "situated", "spoken", "that", "which", "who", "whose", "with",
];

/// [`NOUNS`] as a map.
static NOUN_KINDS: LazyLock<WordMap<u8>> = LazyLock::new(|| NOUNS.iter().copied().collect());

/// The type [`NOUNS`] gives a name that a defining phrase ending in `noun` follows.
pub(crate) fn noun_kind(noun: &str) -> Option<u8> {
    NOUN_KINDS.get(noun).copied()
}

/// The type [`NOUNS`] gives the name at bytes `start..end` of `text`, if a defining phrase
/// follows it. Not for a name right after a capitalised word that does not open sentences
/// ("But", "The", "In"), which may be the end of a longer one the model cut ("General Tire, a
/// subsidiary of GenCorp" where the model took "Tire"; "First Toronto, an investment bank"); not, unless as
/// a place, for a name in apposition after "of", "in", "at", "from", "to" or "near" ("Mafina BV
/// of Voorburg, a subsidiary of Petrofina" says what Mafina is; "made by Hercon Laboratories, a
/// subsidiary of" is Hercon's); and never for a name after a preposition (and "the") that "is"
/// follows: "the owner of the Yankees is a businessman" says who the owner is.
pub(crate) fn defined_kind(text: &str, start: usize, end: usize) -> Option<u8> {
    // Most names are followed by none of the phrases: this runs for every name the model finds.
    let phrase = phrase_kind(text, end)?;
    let before = word_a_space_before(text, start);
    // A capitalised word that opens sentences, not names ("But Wrightson Economics, a research
    // firm"): not "First" of "First Toronto", "Eastern" of "Eastern Air Lines", "All" of "All
    // Nippon Airways".
    let opener = |word: &str| {
        STOPWORDS.binary_search(&word).is_ok() && !STOPWORDS_OPENING_NAMES.contains(&word) && word != "All"
    };
    let is_one_of = |words: &[&str], word: &str| words.iter().any(|w| w.eq_ignore_ascii_case(word));
    let preposition = |word: &str| is_one_of(PREPOSITIONS, word);
    // A word that ends a sentence or a clause is no part of the name: "Sales rose in Sweden.
    // Leo, a subsidiary of Pharmacia AB, said"; but an initial is ("J. Leo").
    let ends_clause = |word: &str| {
        word.ends_with([',', ';', ':', '!', '?', ')'])
            || word.ends_with('.') && word.trim_end_matches('.').chars().count() > 1
    };
    match before {
        Some((_, word)) if word.starts_with(char::is_uppercase) && !opener(word) && !ends_clause(word) => {
            return None;
        }
        Some((_, word)) if phrase.apposition && is_one_of(PLACE_PREPOSITIONS, word) && phrase.kind != LOC => {
            return None;
        }
        _ => {}
    }
    // The word before an article: "the owner of the Yankees".
    let governing = match before {
        Some((at, "the" | "The")) => word_a_space_before(text, at),
        _ => before,
    };
    if !phrase.apposition && governing.is_some_and(|(_, word)| preposition(word)) {
        return None;
    }
    Some(phrase.kind)
}

/// Prepositions whose name no "is a" after it defines.
const PREPOSITIONS: &[&str] = &["of", "in", "at", "from", "to", "near", "on", "for", "by", "with"];

/// Of [`PREPOSITIONS`], those that a name after them may be in apposition to what comes before
/// them ("of", "in", "at", "from", "to", "near").
const PLACE_PREPOSITIONS: &[&str] = PREPOSITIONS.split_at(6).0;

/// Names the model missed that open a sentence and a defining phrase: "Digilogue is a music
/// album of recordings", "Ervenik is a municipality in Croatia". The words before "is" or "was"
/// back to the sentence's start ("The" left out), one to eight, the first capitalised or a
/// number, the others too or small words of a title ("Dreams From A Dirt Nap"), as byte ranges
/// with the phrase's type; not a weekday, a month or a number alone. A short parenthesis before
/// the verb is no part of the name: "30 Seconds to Mars (or Thirty Seconds to Mars) is an
/// American rock band". (A name the model found is typed by [`defined_kind`].)
pub(crate) fn defined_subjects(text: &str, out: &mut Vec<(usize, usize, u8)>) {
    static VERBS: LazyLock<[memchr::memmem::Finder<'static>; 2]> =
        LazyLock::new(|| [memchr::memmem::Finder::new(" is a"), memchr::memmem::Finder::new(" was a")]);
    out.clear();
    for finder in VERBS.iter() {
        for end in finder.find_iter(text.as_bytes()) {
            let Some(Phrase { kind, apposition: false }) = phrase_kind(text, end) else { continue };
            let end = before_parenthesis(text, end);
            // (Not a day, a month or a number: "Sunday was a great game", "1999 is a song".)
            let dated = |word: &str| {
                crate::dates::is_weekday(word)
                    || crate::dates::is_month(word)
                    || word.bytes().all(|b| b.is_ascii_digit())
            };
            if let Some(start) = subject_start(text, end, false).filter(|&start| !dated(&text[start..end])) {
                out.push((start, end, kind));
            }
        }
    }
    out.sort_unstable();
}

/// Where the words before byte `end` of `text` end when a parenthesis of one line and at
/// most 80 bytes closes there ("Mars (or Thirty Seconds to Mars)" → "Mars"); else `end`.
pub(crate) fn before_parenthesis(text: &str, end: usize) -> usize {
    let Some(inside) = text[..end].trim_end().strip_suffix(')') else { return end };
    match inside.rfind(['(', ')', '\n']) {
        Some(open) if inside.as_bytes()[open] == b'(' && inside.len() - open <= 80 => {
            text[..open].trim_end_matches(' ').len()
        }
        _ => end,
    }
}

/// Where the sentence's subject that ends at `end` starts, if its words read as a name's; an
/// opening "The", "A" or "An" left out, unless `keep_article` (a work's title keeps it: "A
/// Portuguesa is the national anthem").
pub(crate) fn subject_start(text: &str, end: usize, keep_article: bool) -> Option<usize> {
    let mut start = end;
    for _ in 0..8 {
        let word_start = text[..start].rfind([' ', '\n']).map_or(0, |i| i + 1);
        let word = &text[word_start..start];
        // A subject of plain words: not "Foo Bar, is a company", nor across a sentence's end.
        if word.ends_with([',', ';', ':', '.', '!', '?', ')']) {
            return None;
        }
        // (Not "it", "is", "as": "Today it is a village".)
        let small = TITLE_SMALL_WORDS.contains(&word) && !matches!(word, "it" | "is" | "as");
        if !(word.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) || small) {
            return None;
        }
        if opens_sentence(text, word_start) {
            // "He is a singer", "It was a town", "Note: Company is a subsidiary of Bayer AG".
            let alone = word_start + word.len() == end;
            if small || alone && (STOPWORDS.binary_search(&word).is_ok() || is_org_or_company_word(word)) {
                return None;
            }
            // "The Ayalon Cave is a cave": the name is "Ayalon Cave". Not one word after "The":
            // "The Company is a leading maker" is the company itself.
            return match word {
                "The" | "A" | "An" if !keep_article => {
                    let name = &text[word_start + word.len() + 1..end];
                    name.contains(' ').then_some(end - name.len())
                }
                _ => Some(word_start),
            };
        }
        start = text[..word_start].strip_suffix(' ')?.len();
    }
    None
}

/// Words that a title or name may have in lower case ("Sisters of Heresy", "Let Us Begin";
/// French and Portuguese titles' articles too).
pub(crate) const TITLE_SMALL_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "by", "da", "de", "des", "du", "for", "from", "in", "is", "it", "la", "le",
    "les", "of", "on", "or", "the", "to", "with",
];

/// CoNLL's LOC in [`NOUNS`].
const LOC: u8 = 2;

/// A defining phrase's type, and whether it follows a comma.
struct Phrase {
    kind: u8,
    apposition: bool,
}

/// The defining phrase after byte `end` of `text`, if any.
fn phrase_kind(text: &str, end: usize) -> Option<Phrase> {
    // A comma, or a space and the verb's first letter.
    match text.as_bytes().get(end..end + 2)? {
        [b',', _] | [b' ', b'i' | b'w' | b'a' | b','] => {}
        _ => return None,
    }
    // A phrase ends with its paragraph. (Its first 200 bytes are plenty: the verb and six words.)
    let rest = &text[end..crate::text::floor_char_boundary(text, end + 200)];
    let rest = rest.split('\n').next().unwrap_or_default();
    let rest = rest.strip_prefix(' ').unwrap_or(rest);
    let (apposition, rest) = match rest.strip_prefix(',') {
        Some(rest) => (true, rest.trim_start_matches(' ')),
        None => (false, ["is ", "was ", "are ", "were "].iter().find_map(|verb| rest.strip_prefix(verb))?),
    };
    let rest = rest.strip_prefix("a ").or_else(|| rest.strip_prefix("an "))?;
    let mut words = rest.split(' ').peekable();
    for _ in 0..MAX_WORDS {
        let word = words.next()?;
        let bare = word.trim_end_matches(CLOSING);
        if bare.is_empty() {
            return None;
        }
        // "a U.S. company", "a Calif. company": an abbreviation's full stop ends nothing.
        let abbreviation =
            word.ends_with('.') && bare.len() + 1 == word.len() && bare.starts_with(char::is_uppercase);
        let closed = bare.len() < word.len() && !abbreviation
            || words.peek().is_none_or(|next| next.starts_with(CLOSING) || next.starts_with('('));
        if closed || words.peek().is_some_and(|next| FOLLOWERS.contains(next)) {
            // "…, a spokesman for the company said" after a name is whose words these are, not
            // what the name is: a comma's phrase that runs on must not end in a speech verb.
            // "an international film and television distributor": a work's noun before "and"
            // may be half of what another noun after it qualifies.
            if !closed && words.peek() == Some(&"and") && QUALIFYING_NOUNS.contains(&bare) {
                return None;
            }
            if apposition && !closed && said_in_clause(words) {
                return None;
            }
            return NOUN_KINDS.get(bare).map(|&kind| Phrase { kind, apposition });
        }
    }
    None
}

/// Marks that end a defining phrase after its noun.
const CLOSING: &[char] = &[',', '.', ';', ':', ')', '!', '?', '"', '\u{201d}', '\u{2014}'];

/// Whether a speech verb comes among `words` before a punctuation mark ends their clause.
fn said_in_clause<'a>(words: impl Iterator<Item = &'a str>) -> bool {
    for word in words {
        let bare = word.trim_end_matches(CLOSING);
        if matches!(bare, "said" | "says" | "told" | "added" | "reported" | "announced") {
            return true;
        }
        if bare.len() < word.len() {
            return false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The type given to the name between `[` and `|`.
    fn kind(text: &str) -> Option<u8> {
        let start = text.find('[').expect("a name's start");
        let end = text.find('|').expect("a name's end") - 1;
        defined_kind(&text.replacen(['[', '|'], "", 2), start, end)
    }

    #[test]
    fn the_noun_that_ends_the_phrase_gives_the_type() {
        assert_eq!(kind("[Bandarlapalle| is a village in Andhra Pradesh."), Some(2));
        assert_eq!(kind("[Bandarlapalle| , a village in Andhra Pradesh"), Some(2));
        assert_eq!(kind("[Caloi|, a Brazilian bicycle manufacturer, said"), Some(1));
        assert_eq!(kind("[Jim Fielder| was an American bassist."), Some(0));
        assert_eq!(kind("[Hindi| is an Indo-Aryan language"), Some(3));
        assert_eq!(kind("[Bilka| is a Danish chain of hypermarkets."), Some(1));
        assert_eq!(kind("[Bilka| is a Danish shopping mall"), None, "'mall' is not in the list");
        assert_eq!(kind("[EZ2DJ| is a series of music video games"), Some(3));
        assert_eq!(kind("[Racing Academy|, a massively multiplayer car racing game, which"), Some(3));
        assert_eq!(kind("[Angels| is a great song, but"), Some(3));
        assert_eq!(kind("[Telcom| is an international film and television distributor."), None);
    }

    fn subjects(text: &str) -> Vec<(&str, u8)> {
        let mut found = Vec::new();
        defined_subjects(text, &mut found);
        found.into_iter().map(|(start, end, kind)| (&text[start..end], kind)).collect()
    }

    #[test]
    fn a_sentence_that_defines_its_subject_names_it() {
        assert_eq!(subjects("Digilogue is a music album of recordings."), [("Digilogue", 3)]);
        assert_eq!(
            subjects("It sold. Dreams From A Dirt Nap is a compilation album by them."),
            [("Dreams From A Dirt Nap", 3)]
        );
        assert_eq!(
            subjects("The Ayalon Cave is a large underground limestone cave located near Ramla"),
            [("Ayalon Cave", 2)]
        );
        assert_eq!(
            subjects("Ervenik is a municipality in Croatia.\nAcme was a company."),
            [("Ervenik", 2), ("Acme", 1)]
        );
        assert_eq!(subjects("He is a singer."), []);
        assert_eq!(subjects("Today it is a village."), []);
        assert_eq!(subjects("Acme, which he founded, is a company."), []);
        assert_eq!(subjects("The town is a village."), []);
        assert_eq!(subjects("The Company is a leading manufacturer of valves."), []);
        assert_eq!(subjects("Note: Company is a subsidiary of Bayer AG."), []);
        assert_eq!(subjects("Foo Bar, is a company."), []);
        assert_eq!(
            subjects("30 Seconds to Mars (or Thirty Seconds to Mars) is an American rock band."),
            [("30 Seconds to Mars", 1)]
        );
        assert_eq!(subjects("Acme ( ACME ) is a company."), [("Acme", 1)]);
        assert_eq!(subjects("He said (with Acme) is a company."), []);
        assert_eq!(subjects("Acme\n(ACME) is a company."), [], "the parenthesis's line only");
        assert_eq!(subjects("Sunday was a great game. 1999 is a song by Prince."), []);
    }

    #[test]
    fn other_phrases_say_nothing() {
        assert_eq!(kind("said [Smith|, a company spokesman for"), Some(0));
        assert_eq!(kind("[Smith|, a company executive, said"), None);
        assert_eq!(kind("[Brown| was a party to the talks"), None);
        assert_eq!(kind("[Brown| was a village chief"), None);
        assert_eq!(kind("[Paris| is the city of light"), None, "only 'a' or 'an'");
        assert_eq!(kind("[Acme| said a town in Ohio"), None);
        assert_eq!(kind("[Acme| is a very large and old and famous company"), None);
        assert_eq!(kind("[Acme| is a very large old famous worldwide household company"), None, "too far");
        assert_eq!(
            kind("The [Ayalon Cave| is a large underground limestone cave located near Ramla"),
            Some(2)
        );
        assert_eq!(
            kind("[Chamicuro| is a critically endangered indigenous American language spoken by"),
            Some(3)
        );
        assert_eq!(
            kind("[Acme| is a\nvillage"),
            None,
            "a paragraph (or, in CoNLL text, a sentence) ends the phrase"
        );
        assert_eq!(kind("St George, [Utah|, an FDIC spokesman said.\n\nThe bank"), None);
        assert_eq!(kind("sales to [India|, a spokesman for the company said."), None);
        assert_eq!(kind("in [London|, a London-based spokeswoman for its headquarters told Reuters"), None);
        assert_eq!(kind("[General Tire|, a subsidiary of GenCorp, said"), Some(1));
        assert_eq!(kind("[First Toronto|, an investment bank, also said"), Some(1));
        assert_eq!(kind("General [Tire|, a subsidiary of GenCorp, said"), None, "maybe a name cut short");
        assert_eq!(kind("Mafina BV of [Voorburg|, a subsidiary of Petrofina"), None);
        assert_eq!(kind("the president of [Congo| was a journalist."), None);
        assert_eq!(kind("The owner of the [Yankees| is a businessman."), None);
        assert_eq!(kind("[First Toronto|, an investment bank"), Some(1));
        assert_eq!(kind("First [Toronto|, an investment bank"), None, "'First' may open the name");
        assert_eq!(kind("[Acme|, a U.S. company, said"), Some(1));
        assert_eq!(kind("[Acme|, a Calif. company."), Some(1));
        assert_eq!(kind("[Acme|, a company! It"), Some(1));
        assert_eq!(kind("says [Jo Flaherty|, a senior broadcaster with the CBS network"), None);
        assert_eq!(kind("made by [Hercon Laboratories|, a subsidiary of Health-Chem Corp"), Some(1));
        assert_eq!(kind("But [Wrightson Economics|, a U.S.-based research firm which"), Some(1));
        assert_eq!(kind("Sales rose in Sweden. [Leo|, a subsidiary of Pharmacia AB, said"), Some(1));
        assert_eq!(kind("Separately, [Leo|, a subsidiary of Pharmacia AB, said"), Some(1));
        assert_eq!(kind("J. [Leo|, a lawyer, said"), None, "an initial may open the name");
        assert_eq!(
            kind("a meeting of the [Northeast-Midwest Coalition|, an organization of legislators"),
            Some(1)
        );
        assert_eq!(kind("born in [Bandarlapalle|, a village in Andhra Pradesh"), Some(2));
    }
}
