//! How the statistical model and the other proposers share the work. The model decides where
//! names are and which of the four CoNLL types they have; the gazetteer then supplies the
//! canonical name, the id and GPE vs LOC for the spans it knows, and the rules and dates fill
//! in what the model does not cover:
//!
//! - a gazetteer match with exactly the model's span, or containing it, is taken as is: with a
//!   compatible type ("eastern Europe" around "Europe"), or longer whatever the types, since
//!   the model then tagged a piece of a name the tables know ("Seven" of "Group of Seven",
//!   "Standard" of "Standard and Poor's Corp"), unless the longer name also runs into another
//!   model span without holding it;
//! - otherwise the model's span is kept with its type: PER → PERSON, ORG → ORG, LOC → the
//!   gazetteer's type for that spelling if it knows one, else LOC for names ending in a
//!   landform word ("Lake Geneva", "Sahel Desert") and GPE for the rest; MISC → NORP when the
//!   gazetteer knows it as a nationality or group, and otherwise left out of the entities
//!   (events, products, languages have no type here) but kept for `tag-conll`;
//! - a single-word PERSON that is a weekday or month is dropped, and so is a stopword that
//!   opens a sentence ("Such", "However": capitals say nothing there); an award ("won an
//!   Oscar") becomes MISC; a storm ("Hurricane Ivan") is dropped; inside a sentence a capitalised stopword the model calls a person
//!   is a surname ("off-spinner Such"), unless it is a pronoun ("On grain, He said"); a
//!   one-word person right after capitalised words that is an organisation's last word
//!   ("General Motors", "Attorney General's Office": the model read the first word as a
//!   title) becomes that organisation, and one that is a law or a vote ("the Finance Bill",
//!   "the General Election") is dropped;
//! - a name followed by a phrase that says what it is ("Leo, a subsidiary of Pharmacia AB",
//!   "Bandarlapalle is a village in …") takes the phrase's type, and so do the document's other
//!   spans of the same words (`retype_defined`, before the rules above);
//! - before all this, a name that runs into a weekday after it ("President Reagan Friday
//!   announced") ends before it, unless a given name precedes the weekday ("Mike Friday") or
//!   the tables know the whole name (`trim_trailing_weekdays`); a name that runs into a
//!   legislator's letters ("Labour MPs", "the Glasgow MP") ends before them, a seat's name
//!   the tables know then a place (`trim_legislators`); and a span of another type that ends in a person's name after an office is
//!   split into the person and, after an organisation's word, the organisation ("Exchequer Nigel
//!   Lawson", "Securities and Exchange Commission John Shad"; `split_office_holders`, which
//!   `combine` runs first);
//! - gazetteer matches that tile the model's span, or leave only lower-case words of it
//!   ("Nato alliance"), replace it when one of them has the model's type and they split it
//!   at spaces into names of different types or one name and common words (see `splits`);
//! - "East", "West" and names ending in a landform word or a street's, square's or building's
//!   ("Wall Street", "Stamford Bridge") are LOC; a US state's abbreviation
//!   after a town ("Stamford, Conn") is GPE whatever the model's type;
//! - a gazetteer person or organisation matching exactly the model's span wins even when the
//!   types disagree ("Macron" in a headline, "the Kremlin"), and so do a known acronym of
//!   any type ("the US and NATO" is no organisation) and a state's formal name ("People's
//!   Republic of China", not on a sports page); other disagreements go the
//!   model's way ("Barcelona" the football club is no city);
//! - every other candidate that overlaps a kept model span is dropped; those that do not overlap
//!   one stay (dates, gazetteer names the model missed, untyped spans that only survive if
//!   linking gives them a type).

use copydesk_core::EntityKind;

use crate::dates::{NEWSPAPER_WORDS, is_month, is_weekday, names_a_holiday, without_ordinal_suffix};
use crate::definitions::{TITLE_SMALL_WORDS, defined_kind, defined_subjects};
use crate::gazetteer::Gazetteer;
use crate::lexicon::{
    COMPANY_HEADS, LAWS_AND_VOTES, OFFICES, ORG_WORDS, STOPWORDS, STOPWORDS_OPENING_NAMES,
    in_ratings_sentence, is_belief_or_script, is_company_suffix, is_credit_grade, is_event_or_prize,
    is_given_name_of_a_place, is_org_or_company_word, is_place_initialism, is_roman_numeral, is_table_word,
    is_title_or_honorific, is_us_state_name, party_designation, party_state, reads_as_sports, us_state,
    word_before_name, written_with_legal_form,
};
use crate::proposer::{Candidate, Label};
use crate::resolve::initials;
use crate::text::{
    WordMap, WordSet, has_word, is_all_caps, is_initial, is_word_bounded, opens_sentence, word_a_space_after,
    word_a_space_before,
};

/// Confidence of a model span: above every rule, so an equally long rule span never wins.
pub(crate) const CONFIDENCE_MODEL: u8 = 4;

/// A span the model proposed: byte range and CoNLL type (0 PER, 1 ORG, 2 LOC, 3 MISC).
#[derive(Clone, Copy, Debug)]
pub(crate) struct ModelSpan {
    pub start: usize,
    pub end: usize,
    pub kind: u8,
}

/// The CoNLL type (a [`ModelSpan`]'s `kind`: 0 PER, 1 ORG, 2 LOC, 3 MISC) of an entity type;
/// `None` for a date.
pub(crate) fn conll_kind(kind: EntityKind) -> Option<u8> {
    match kind {
        EntityKind::Person => Some(0),
        EntityKind::Org => Some(1),
        EntityKind::Gpe | EntityKind::Loc => Some(2),
        EntityKind::Norp => Some(3),
        EntityKind::Date => None,
    }
}

const LANDFORMS: &[&str] = &[
    "Basin",
    "Bay",
    "Canal",
    "Channel",
    "Coast",
    "Desert",
    "Gulf",
    "Island",
    "Islands",
    "Lake",
    "Mountain",
    "Mountains",
    "Ocean",
    "Peninsula",
    "Plain",
    "Plains",
    "River",
    "Sea",
    "Strait",
    "Valley",
];

/// Whether the gazetteer names inside a model span are evidence that the span is really
/// several names (or one name and common words): some of them have a type other than the
/// model's ("British-ruled Northern Ireland"), or a single one leaves only whole lower-case
/// words beside it ("Nato alliance"). Names of the model's own type that run together
/// ("Iraqi Kurds", "U.N. Security Council", "Santiago de Cuba") are one name, and so are a
/// hyphenated word ("Arab-Israeli", "Kurdish-controlled") and a company's national arm
/// ("Texaco Canada").
fn splits(text: &str, span: &ModelSpan, inside: &[&Candidate]) -> bool {
    let whole_words = |c: &Candidate| {
        let before = text[..c.start].chars().next_back();
        let after = text[c.end..].chars().next();
        (c.start == span.start || before.is_some_and(char::is_whitespace))
            && (c.end == span.end || after.is_some_and(char::is_whitespace))
    };
    if !inside.iter().all(|c| whole_words(c)) {
        return false;
    }
    // A company's arm named after its country or its region is one organisation: "Texaco
    // Canada", "IBM Canada", "MTV Asia" (the company, then the place, and nothing else).
    // (Next to each other, or joined by "of": "Volkswagen of America"; "European Community and
    // Canada" is two names.)
    if span.kind == 1 && inside.len() == 2 {
        let (first, last) =
            if inside[0].start < inside[1].start { (inside[0], inside[1]) } else { (inside[1], inside[0]) };
        let company_then_country = first.start == span.start
            && first.kind == Some(EntityKind::Org)
            && last.end == span.end
            && matches!(last.kind, Some(EntityKind::Gpe | EntityKind::Loc))
            && matches!(text.get(first.end..last.start), Some(" " | " of " | " do " | " de " | " du "));
        // A US state's body is the state's, not the tables' body of that name: "the Ohio
        // Senate", not the US Senate.
        let states_body = first.start == span.start
            && last.end == span.end
            && last.kind == Some(EntityKind::Org)
            && text.get(first.end..last.start) == Some(" ")
            && is_us_state_name(&text[first.start..first.end]);
        if company_then_country || states_body {
            return false;
        }
    }
    let mixed = inside.iter().any(|c| !c.kind.is_some_and(|k| compatible(span.kind, k)));
    mixed || inside.len() == 1
}

/// "US", "UK", "UAE": a known acronym means what the tables say, whatever its neighbours.
fn is_acronym(surface: &str) -> bool {
    (2..=3).contains(&surface.len()) && surface.chars().all(|c| c.is_ascii_uppercase())
}

/// A state's formal name, "People's Republic of China", "Russian Federation", "United Arab
/// Emirates": when the tables know it exactly, it names the state whatever type the model gave
/// it (it had read "The People's Republic of China objected" as an organisation's); but on a
/// sports page "Republic of Ireland" is the team.
fn is_formal_state_name(surface: &str) -> bool {
    const WORDS: &[&str] = &[
        "Commonwealth",
        "Confederation",
        "Duchy",
        "Emirates",
        "Federation",
        "Kingdom",
        "Principality",
        "Republic",
    ];
    surface.contains(' ') && surface.split(' ').any(|w| WORDS.contains(&w))
}

fn compatible(model: u8, kind: EntityKind) -> bool {
    matches!(
        (model, kind),
        (0, EntityKind::Person)
            | (1, EntityKind::Org)
            | (2, EntityKind::Gpe | EntityKind::Loc)
            | (3, EntityKind::Norp)
    )
}

/// Awards named like people ("an Oscar", "two Grammys"); singular, they are names too
/// ("Vicente and Oscar scored").
const AWARDS: &[&str] = &["Bafta", "Emmy", "Grammy", "Nobel", "Oscar", "Pulitzer"];

/// Words before an award's name, within two, that make it the prize: "won an Oscar", "the best
/// actor Oscar", "her first Grammy".
const AWARD_CUES: &[&str] = &[
    "a", "an", "the", "his", "her", "their", "its", "best", "first", "second", "honorary", "won", "win",
    "wins",
];

/// Words after an award's name that make it the prize: "Oscar nominee", "Oscar hopefuls", "the
/// Bafta ceremony".
const AWARD_NOUNS: &[&str] = &[
    "best",
    "best-picture",
    "categories",
    "category",
    "ceremony",
    "contender",
    "contenders",
    "coverage",
    "favorite",
    "favourite",
    "glory",
    "hope",
    "hopeful",
    "hopefuls",
    "hopes",
    "host",
    "hosts",
    "night",
    "nod",
    "nods",
    "nominee",
    "nominees",
    "nomination",
    "nominations",
    "presenter",
    "presenters",
    "race",
    "statuette",
    "statuettes",
    "voters",
    "win",
    "winner",
    "winners",
    "winning",
    "wins",
];

/// Whether the one-word name at `start` is an award: a plural ("Oscars") always, a singular
/// after a cue word or before a noun of its own ("Oscar nominee").
fn is_award(text: &str, start: usize, surface: &str) -> bool {
    if surface.strip_suffix('s').is_some_and(|singular| AWARDS.contains(&singular)) {
        return true;
    }
    let cue = |w: &str| AWARD_CUES.iter().any(|c| c.eq_ignore_ascii_case(w));
    let noun_after = || {
        let after = text[start + surface.len()..].split_whitespace().next().unwrap_or_default();
        AWARD_NOUNS.contains(&after.trim_end_matches([',', '.', ';', ':']))
    };
    AWARDS.contains(&surface) && (text[..start].split_whitespace().rev().take(2).any(cue) || noun_after())
}

/// A nationality that names an award is no nationality: "Brit" of "the Brit Awards" had been
/// "British" 26 times on the bench news, and "Brits" (the ceremony, "Brits success") 22 times.
/// In a document that names the awards ("Brit Awards", "a Brit award"), every such word is the
/// awards'; elsewhere "Brits abroad" stay British, and so does "British" beside "a British award".
pub(crate) fn drop_award_demonyms(gazetteer: &Gazetteer, text: &str, candidates: &mut Vec<Candidate>) {
    // (One search for both cases, with vector instructions: this runs on every text.)
    static AWARD: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("ward"));
    let bytes = text.as_bytes();
    if !AWARD
        .find_iter(bytes)
        .any(|at| at >= 2 && bytes[at - 2] == b' ' && matches!(bytes[at - 1], b'A' | b'a'))
    {
        return;
    }
    // The text writes the word before "Award" in capitals, or before "award" when it is an
    // informal name ("Brit", not "a British award for bravery"). Read in the text, not from the
    // candidates: `combine` may have left that one out inside a longer name.
    let names_an_award = |form: &str, canonical: &str| {
        text.match_indices(form).any(|(at, _)| {
            text[at + form.len()..].strip_prefix(' ').is_some_and(|rest| {
                rest.starts_with("Award") || rest.starts_with("award") && canonical != form
            })
        })
    };
    let mut awards: Vec<&str> = Vec::new();
    // Each form searched for once: a long document names the same nationality thousands of
    // times (searching the text for each took 18 s on 4 MB of Reuters bodies in one line).
    let mut searched: std::collections::HashMap<(&str, bool), bool> = std::collections::HashMap::new();
    for c in candidates.iter().filter(|c| c.kind == Some(EntityKind::Norp)) {
        let canonical = match c.label {
            Label::Entry(e) => gazetteer.entry(e).canonical.as_str(),
            _ => "",
        };
        for form in forms(&text[c.start..c.end]) {
            let named =
                *searched.entry((form, canonical == form)).or_insert_with(|| names_an_award(form, canonical));
            if named && !awards.contains(&form) {
                awards.push(form);
            }
        }
    }
    if awards.is_empty() {
        return;
    }
    candidates.retain(|c| {
        c.kind != Some(EntityKind::Norp) || !forms(&text[c.start..c.end]).any(|f| awards.contains(&f))
    });
}

/// A nationality's word and its singular ("Brits", "Brit").
fn forms(surface: &str) -> impl Iterator<Item = &str> {
    [Some(surface), surface.strip_suffix('s')].into_iter().flatten()
}

/// Nouns that name a work by the title right after them: "the film Vera Drake", "the album
/// Hot Fuss", "the musical Thou Shalt Not", "the comedy drama Desperate Housewives", "Oliver
/// Stone's epic Alexander" (see also [`NAMED_AFTER_AN_ARTICLE`]). Not "hit", "play" or "show",
/// which are verbs as often ("hit New Zealand", "play England", "figures show China"), nor
/// "book", "track" or "programme", which a writer's, a singer's or a minister's name follows as
/// often ("the book Smith wrote", "every track Robbie has released", "the programme Blunkett
/// announced"). For "game" and "series" see [`SPORTS_WORK_NOUNS`].
const WORK_NOUNS: &[&str] = &[
    "album",
    "biopic",
    "documentary",
    "film",
    "movie",
    "musical",
    "novel",
    "opera",
    "poem",
    "sitcom",
    "single",
    "soap",
    "song",
    "thriller",
];

/// Work nouns (added 2026-12-03) that an actor's or a director's name follows after an article
/// as often as a title ("In the new drama Kidman plays", "The epic Gibson directed"): a title
/// after them but for [`opens_clause`] after "the", "a" or "new".
const NAMED_AFTER_AN_ARTICLE: &[&str] =
    &["adaptation", "blockbuster", "cartoon", "comedy", "drama", "epic", "sequel"];

/// Kinds of product a product's name follows ("the antiulcer drug Zantac", "the withdrawn
/// painkiller Vioxx", "web browser Safari", "the network worm Sasser"): CoNLL's MISC, no entity
/// here, but a company's name, with its legal form there ("a drug Upjohn Co has sold") or
/// elsewhere in the text ("two other drugs Enzon is developing", "Enzon Inc said").
const PRODUCT_NOUNS: &[&str] = &[
    "antidepressant",
    "browser",
    "drug",
    "drugs",
    "medicine",
    "painkiller",
    "painkillers",
    "vaccine",
    "worm",
];

/// Articles, in either case, before a noun that a name follows.
const ARTICLES: &[&str] = &["the", "The", "a", "A", "an", "An"];

/// Whether a word in lower case follows the name ending at `end`: "the drama Kidman plays",
/// "the charity Geldof founded" open a clause, whose subject is a person as often as not.
fn opens_clause(text: &str, end: usize) -> bool {
    text[end..].strip_prefix(' ').is_some_and(|rest| rest.starts_with(char::is_lowercase))
}

/// Kinds of game ("the board game Cluedo", "the console game Rising Sun", "the lottery game Hot
/// Lotto"): after any other word a name after "game" is as often a player's ("After a tough
/// game Federer said").
const GAME_KINDS: &[&str] = &[
    "arcade", "board", "card", "computer", "console", "handheld", "lottery", "mobile", "online", "puzzle",
    "racing", "rhythm", "strategy", "video",
];

/// Work nouns that a sports page uses for a match or a run of them, before a team or a player:
/// "the board game Cluedo", "the TV series Soldier Soldier", but "the Group B game Cameroon's"
/// and "the end of the game Andre Nzame III was on target". Titles only where the text reads as
/// no sports page, and "game" only after one of [`GAME_KINDS`]: a tennis brief too short for
/// sports words writes "the teenage queen of the game Sharapova".
const SPORTS_WORK_NOUNS: &[&str] = &["game", "series"];

/// Work nouns that a title the model missed may follow ([`missed_titles`]): those of
/// [`WORK_NOUNS`] that are no adjective too ("a single European currency", "musical
/// instruments", "soap opera").
const TITLE_NOUNS: &[&str] = &[
    "album",
    "biopic",
    "documentary",
    "film",
    "movie",
    "novel",
    "opera",
    "poem",
    "sitcom",
    "song",
    "thriller",
];

/// Nouns of bands, labels and singers that a name the model missed follows ([`missed_titles`]),
/// typed as the defining phrases type them ([`crate::definitions::noun_kind`]). (Not
/// "songwriter": the automaton meets "song" in it first.)
const NAME_NOUNS: &[&str] = &["band", "bassist", "drummer", "guitarist", "label", "rapper", "singer"];

/// Titles the model missed right after a work's noun, and a comma or an opening quote between
/// or not: "their sophomore album, A Beautiful Lie, was released", "the song Gloomy Sunday",
/// "their second album Some Kind Of Fever was released" (a title that opens with "A" or runs
/// on with small words the model, trained on news, reads as no name). The words from the
/// first, capitalised or a number, to the last capitalised one, small words of a title
/// between; each a MISC span. Not where a span starts already, a name the tables know, a
/// name before "'s", nor one word, or a given name and more, before a word in lower case ("the
/// album Madonna released", "the film Steven Spielberg directed"). A title of several words is
/// the work wherever else the text writes it, as words outside every span ("Because A
/// Beautiful Lie was leaked"). So are a band's, a label's or a singer's names after their nouns
/// ([`NAME_NOUNS`]: "the industrial band Killing Joke", "supporting the band The Stands", "the
/// France-born singer Nâdiy"), as an organisation or a person, their words all capitalised
/// but for a "The" that opens a band's.
fn missed_titles(
    gazetteer: &Gazetteer,
    text: &str,
    spans: &mut Vec<ModelSpan>,
    is_given_name: impl Fn(&str) -> bool,
) {
    // (Leftmost-first, the automaton searches with vector instructions, many bytes at a time:
    // the standard one, which this ran over every text with, took 14 instructions a byte.)
    static NOUNS: std::sync::LazyLock<aho_corasick::AhoCorasick> = std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(TITLE_NOUNS.iter().chain(NAME_NOUNS))
            .expect("the title nouns make an automaton")
    });
    let before = spans.len();
    for found in NOUNS.find_iter(text) {
        // A word: "album " or "album,", not "photoalbum " nor "albums".
        if !word_starts_at(text, found.start()) || !text[found.end()..].starts_with([' ', ',']) {
            continue;
        }
        let kind = NAME_NOUNS
            .get(found.pattern().as_usize().wrapping_sub(TITLE_NOUNS.len()))
            .map_or(3, |noun| crate::definitions::noun_kind(noun).unwrap_or(1));
        // (A name follows its noun a space after it, its words capitalised.)
        if kind != 3 && !text[found.end()..].starts_with(' ') {
            continue;
        }
        let rest = &text[found.end()..];
        let opened = rest.trim_start_matches([',', '"', '\u{201C}', '\u{2018}', ' ']);
        let start = text.len() - opened.len();
        // (A title ends with its line.)
        let opened = opened.split('\n').next().unwrap_or_default();
        // The title's words, up to the last capitalised one.
        let mut end = start;
        let mut at = start;
        for word in opened.split(' ') {
            let bare =
                word.trim_end_matches([',', '.', ';', ':', '!', '?', '"', '\u{201D}', '\u{2019}', ')']);
            let capital = bare.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
            let small = end > start && kind == 3 && TITLE_SMALL_WORDS.contains(&bare);
            if bare.is_empty() || !(capital || small) || kind == 0 && bare == "The" {
                break;
            }
            // A full stop of an abbreviation or an initial ends no title: "the album U.S.
            // sales", "the film, Mr. Smith".
            let abbreviated = word.ends_with('.')
                && (bare.contains('.') || bare.chars().count() == 1 || is_title_or_honorific(bare));
            if abbreviated {
                end = start;
                break;
            }
            if capital {
                end = at + bare.len();
            }
            if bare.len() < word.len() || bare.contains('\'') {
                break;
            }
            at += word.len() + 1;
        }
        if end == start {
            continue;
        }
        let title = &text[start..end];
        let one_word = !title.contains(' ');
        // (Not a day, a month or initials: "the film Friday", "the album NME chose".)
        if one_word && (is_weekday(title) || is_month(title) || is_acronym(title)) {
            continue;
        }
        let personal = || title.split(' ').next().is_some_and(&is_given_name);
        if text[end..].starts_with("'s")
            || text[end..].starts_with("\u{2019}s")
            || (one_word || personal()) && opens_clause(text, end)
            || gazetteer.lookup_name(title).is_some()
            || overlaps(&spans[..before], start, end)
            || spans[before..].last().is_some_and(|last| last.end > start)
        {
            continue;
        }
        spans.push(ModelSpan { start, end, kind });
    }
    if spans.len() == before {
        return;
    }
    let titles: Vec<(&str, u8)> = spans[before..]
        .iter()
        .map(|s| (&text[s.start..s.end], s.kind))
        .filter(|(title, _)| title.contains(' '))
        .collect();
    spans.sort_unstable_by_key(|s| s.start);
    name_elsewhere(text, &titles, spans);
}

/// Nouns of works and releases a title in quotation marks follows: [`TITLE_NOUNS`], and those
/// that only a quotation mark after them makes a title's (`a single "Angels"`, not "a single
/// European currency"; `the hit "Toxic"`, not "hit New Zealand").
const QUOTED_TITLE_NOUNS: &[&str] =
    &["anthem", "ballad", "hit", "hits", "single", "singles", "songs", "track", "tracks"];

/// A title in quotation marks right after a work's noun, or after "called", "titled" or
/// "entitled" after one, is a work's, whole (CoNLL's MISC), whatever its words: `their debut
/// single "Wha Gives You The Idea That You're So Amazing, Baby?"`, `the hit singles "Chaque
/// fois" and "J'ai confiance en toi"`, `a holiday song called "Santa Through the Back Door"`,
/// where the model, reading small words as no name's, had found a person or nothing (in the
/// pipeline too, unlike `tag-conll`'s quoted titles that nothing tagged). Up to
/// twelve words on one line that open with a capital or a digit; a name of the model's inside
/// goes, one that runs out of the quotation marks keeps the title from being one. Another
/// title in quotation marks right after "and" joins the first.
fn quoted_work_titles(text: &str, spans: &mut Vec<ModelSpan>) {
    let mut titles: Vec<ModelSpan> = Vec::new();
    let mut from = 0;
    // (The marks' bytes found by memchr: '"', and the first byte of '“' and '‘'.)
    let bytes = text.as_bytes();
    for open in memchr::memchr2_iter(b'"', 0xE2, bytes) {
        let quote = match bytes[open..] {
            _ if open < from => continue,
            [b'"', ..] => 1,
            [0xE2, 0x80, 0x9C | 0x98, ..] => 3,
            _ => continue,
        };
        // Marks pair in order on a line: past this pair whatever it holds (a closing mark is
        // no opening one: 'a "hit" Zentrix said on "Monday"'); an opening mark alone on its line
        // (a quotation running on into the next paragraph) pairs with none.
        let inside_at = open + quote;
        let line = text[inside_at..].split('\n').next().unwrap_or_default();
        let Some(close) = line.find(CLOSING_QUOTES) else {
            from = inside_at;
            continue;
        };
        from = inside_at + close + line[close..].chars().next().map_or(1, char::len_utf8);
        let before = text[..open].trim_end_matches(' ');
        let noun_end = ["called", "titled", "entitled"]
            .iter()
            .find_map(|w| {
                before.strip_suffix(w).filter(|b| b.ends_with(' ')).map(|b| b.trim_end_matches(' '))
            })
            .unwrap_or(before);
        let noun = noun_end.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or_default();
        let after_and = titles.last().is_some_and(|t| {
            text[t.end..open]
                .trim_matches(|c: char| matches!(c, ' ' | ',' | '.') || CLOSING_QUOTES.contains(&c))
                == "and"
        });
        if !(after_and || TITLE_NOUNS.contains(&noun) || QUOTED_TITLE_NOUNS.contains(&noun)) {
            continue;
        }
        let content = &line[..close];
        let trimmed = content.trim_end_matches([' ', ',', '.']);
        let start = inside_at + (content.len() - content.trim_start_matches(' ').len());
        let end = inside_at + trimmed.len();
        if end <= start
            || text[start..end].split(' ').count() > 12
            || !text[start..].starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
            // (A closing mark that is an apostrophe inside a word: "Rock 'n' Roll".)
            || line[close..].starts_with('\u{2019}') && line[close..].chars().nth(1).is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        let i = spans.partition_point(|s| s.end <= start);
        if spans[i..].iter().take_while(|s| s.start < end).any(|s| s.start < start || s.end > end) {
            continue;
        }
        titles.push(ModelSpan { start, end, kind: 3 });
    }
    if titles.is_empty() {
        return;
    }
    spans.retain(|s| !titles.iter().any(|t| s.start >= t.start && s.end <= t.end));
    spans.extend(titles);
    spans.sort_unstable_by_key(|s| s.start);
}

/// A name that opens a sentence saying what it names, as an article about it opens, is of the
/// kind that says: "Darkness Death Doom is the sixth album by Runemagick", "Bullocks to Stan is
/// an episode of" (a work, CoNLL's MISC); "Crazyhead are an English punk rock band", "883JIA
/// FM is a Chinese radio station" (an organisation); "Bank Hey is a suburb of Blackburn",
/// "Circuit Park Zandvoort is a motorsport race track" (a place); the model had read another
/// kind in it, or nothing. The name is the subject before "is", "was", "are" or "were" as a
/// defining phrase's is read (`definitions::before_parenthesis` and `subject_start`: up to
/// eight title words back to the sentence's start, a bracket right before the verb left out,
/// none ending in a comma or a full stop, "Admin EDP, of Sydney", "U.S. Steel"), its first no
/// sentence's opener ("Although") and none a compound adjective ("Chicago-based"); after
/// the verb an article, then up to seven words but no preposition ("the author of the novel"
/// says what a person is), then a noun of [`said_kind`] heading the phrase: a preposition, a
/// participle, "that", "which" or a mark after it ("an international film and television
/// distributor" is a company). A model's span inside goes; one that runs out of the name keeps
/// it from being one, and so does one that opens after a body's or a place's first word.
fn names_said_to_be(text: &str, spans: &mut Vec<ModelSpan>) {
    // (Words that end the phrase after its noun: a preposition, a relative or a participle.)
    const STOP: &[&str] = &[
        "about", "at", "based", "by", "for", "founded", "from", "in", "located", "of", "on", "that", "to",
        "which", "who", "whose", "with",
    ];
    // (Words of the next clause, past which the phrase does not run: "the principal donor nation
    // and has pressed the bank".)
    const CLAUSE: &[&str] = &["had", "has", "have", "is", "said", "says", "was", "will", "would"];
    // (memmem's vector search for each verb: a space opens each, too common a byte for one
    // automaton's prefilter.)
    static VERBS: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 4]> =
        std::sync::LazyLock::new(|| [" is ", " was ", " are ", " were "].map(memchr::memmem::Finder::new));
    let mut names: Vec<ModelSpan> = Vec::new();
    let hits = VERBS
        .iter()
        .flat_map(|verb| verb.find_iter(text.as_bytes()).map(|at| (at, at + verb.needle().len())));
    for (at, verb_end) in hits {
        let Some(rest) = ["a ", "an ", "the "].iter().find_map(|a| text[verb_end..].strip_prefix(a)) else {
            continue;
        };
        // (The next nine words, on the stack: this runs at every "is a" of every text.)
        let mut after = [""; 9];
        for (slot, word) in after.iter_mut().zip(rest.split(' ')) {
            *slot = word;
        }
        // (Up to a preposition, and within the sentence.)
        let within = after.iter().take(8).scan(false, |ended, w| {
            let this = (!*ended && !STOP.contains(w) && !CLAUSE.contains(w)).then_some(w);
            *ended |= w.ends_with(['.', '!', '?']);
            this
        });
        let said = within.enumerate().find_map(|(k, w)| {
            let noun = w.trim_end_matches([',', '.']);
            let next = after[k + 1];
            let heads = noun.len() < w.len()
                || next.is_empty()
                || STOP.contains(&next)
                || matches!(next, "and" | "or" | "starring" | "(")
                || next.len() > 4 && next.ends_with("ed");
            let before = k.checked_sub(1).map_or("", |k| after[k]);
            // (A work's noun before "and" qualifies another: "a film and television distributor".)
            heads
                .then(|| said_kind(noun, before))
                .flatten()
                .filter(|&kind| kind != 3 || !matches!(next, "and" | "or"))
        });
        let Some(kind) = said else { continue };
        // The name: the sentence's subject as a defining phrase's (`definitions::subject_start`:
        // title words back to the sentence's start, a bracket right before the verb and a
        // leading article left out, not across an initial's full stop or a comma; a comma
        // before the verb ends it, "883JIA FM, is a radio station"), but a work's article is its
        // title's ("The Kill is a single", "A Portuguesa is the national anthem").
        let end = crate::definitions::before_parenthesis(text, at);
        let end = text[..end].trim_end_matches([' ', ',']).len();
        let Some(start) = crate::definitions::subject_start(text, end, kind == 3) else { continue };
        let name = &text[start..end];
        let words = || name.split(' ');
        if words().next().is_some_and(|first| {
            crate::lexicon::STOPWORDS.binary_search(&first).is_ok() && !matches!(first, "A" | "An" | "The")
        }) || name.contains(['<', '>'])
            || words().any(|w| compound_head(w).is_some())
        {
            continue;
        }
        // (A body's or a place's name opens where the model's first span in it does:
        // "Nevertheless Franz Ferdinand were the only UK band".)
        let i = spans.partition_point(|s| s.end <= start);
        let inside = || spans[i..].iter().take_while(|s| s.start < end);
        // (Nor one the model read so already: its span, and the links made of it, stay.)
        if inside().any(|s| s.start < start || s.end > end)
            || kind != 3 && inside().next().is_some_and(|s| s.start != start)
            || inside().next().is_some_and(|s| s.start == start && s.end == end && s.kind == kind)
        {
            continue;
        }
        names.push(ModelSpan { start, end, kind });
    }
    if names.is_empty() {
        return;
    }
    // (Two hits in one sentence may find names that overlap, "The Foo" and "Foo is an EP by
    // Bar": the first, the longest at a start, is kept.)
    names.sort_unstable_by_key(|n| (n.start, std::cmp::Reverse(n.end)));
    let mut kept_end = 0;
    names.retain(|n| {
        let apart = n.start >= kept_end;
        if apart {
            kept_end = n.end;
        }
        apart
    });
    spans.retain(|s| !names.iter().any(|n| s.start >= n.start && s.end <= n.end));
    spans.extend(names);
    spans.sort_unstable_by_key(|s| s.start);
}

/// The kind of name (the model's: 1 an organisation, 2 a place, 3 CoNLL's MISC) that a noun
/// says a name is, `before` the word before it: a work ([`TITLE_NOUNS`], "EP", "episode",
/// "single"); a body, a place, a building or a track; a station a radio's or a television's
/// (else a railway's, a place), a district a school's (else a place); else the defining
/// phrases' nouns (`definitions::noun_kind`: "band", "firm", "village", "language"), but for a
/// person's.
fn said_kind(noun: &str, before: &str) -> Option<u8> {
    // (Beyond the defining phrases' nouns, `definitions::noun_kind`.)
    const BODIES: &[&str] = &[
        "agency",
        "alliance",
        "association",
        "broadcaster",
        "consultancy",
        "duo",
        "federation",
        "institute",
        "network",
        "partnership",
        "party",
        "quartet",
        "trio",
        "trust",
        "union",
    ];
    const PLACES: &[&str] = &[
        "airport",
        "arena",
        "circuit",
        "dock",
        "halt",
        "lake",
        "mountain",
        "peninsula",
        "prison",
        "region",
        "stadium",
        "track",
        "valley",
    ];
    match noun {
        "station" => Some(if matches!(before, "radio" | "television" | "TV") { 1 } else { 2 }),
        "district" => Some(if before == "school" { 1 } else { 2 }),
        _ if TITLE_NOUNS.contains(&noun) || matches!(noun, "EP" | "episode" | "single") => Some(3),
        _ if BODIES.contains(&noun) => Some(1),
        _ if PLACES.contains(&noun) => Some(2),
        // (Not a person's noun: a person's name is the model's best read.)
        _ => crate::definitions::noun_kind(noun).filter(|&kind| kind != 0),
    }
}

/// Whether a span of `sorted` (by start, and apart) overlaps bytes `start..end`.
fn overlaps(sorted: &[ModelSpan], start: usize, end: usize) -> bool {
    let i = sorted.partition_point(|s| s.end <= start);
    sorted.get(i).is_some_and(|s| s.start < end)
}

/// A span of each of `names`' types wherever `text` writes one of them as words outside every
/// span of `spans` (sorted by start, and apart; so left). One pass over the text for all the
/// names, whatever their number: a long text may define or title thousands.
fn name_elsewhere(text: &str, names: &[(&str, u8)], spans: &mut Vec<ModelSpan>) {
    if names.is_empty() {
        return;
    }
    let Ok(automaton) = aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(names.iter().map(|&(name, _)| name))
    else {
        return;
    };
    let found: Vec<ModelSpan> = automaton
        .find_iter(text)
        .filter(|m| {
            word_starts_at(text, m.start())
                && !text[m.end()..].starts_with(|c: char| c.is_alphanumeric())
                && !overlaps(spans, m.start(), m.end())
        })
        .map(|m| ModelSpan { start: m.start(), end: m.end(), kind: names[m.pattern().as_usize()].1 })
        .collect();
    if !found.is_empty() {
        spans.extend(found);
        spans.sort_unstable_by_key(|s| s.start);
    }
}

/// Words that give a product the name right after them: "the console, codenamed Xenon",
/// "Windows, code-named Longhorn". Not "dubbed", which news gives people and places ("dubbed
/// Red Ken", "the area dubbed Silicon Glen").
const WORK_NAMERS: &[&str] = &["codenamed", "code-named"];

/// The titles of works in the document: the model's spans right after a [`WORK_NOUNS`] word
/// ("the film Ray") or a [`WORK_NAMERS`] one ("codenamed Xenon"), which the model took for persons ("Vera Drake" 41 times on the bench news,
/// "Ray" 37), companies ("Million Dollar Baby" 28) or places ("Closer" 11). Every span of the
/// document with the same words is that work too: the other mentions of "Vera Drake" name no
/// work noun before them. Not a name the tables know ("a single European currency"), nor an
/// acronym ("movie NEC is showing", where a full stop is missing), nor a name before "'s" ("a
/// musical Rubik's cube"). Each title with the start of a span found after its noun, sorted.
fn work_titles<'a>(gazetteer: &Gazetteer, text: &'a str, spans: &[ModelSpan]) -> Vec<(&'a str, usize)> {
    let sports = std::cell::OnceCell::new();
    // Whether a name is written with a legal form, by name: it scans the whole text.
    let mut companies: std::collections::HashMap<&str, bool> = std::collections::HashMap::new();
    let mut titles = spans
        .iter()
        .filter(|s| {
            // (In quotation marks too: 'the single "Angels"', and 'the single " Angels "' as a
            // CoNLL file's tokens are joined.)
            let opened = text[..s.start]
                .strip_suffix(' ')
                .unwrap_or(&text[..s.start])
                .strip_suffix(['"', '“', '‘'])
                .unwrap_or(&text[..s.start]);
            let before = word_a_space_before(text, opened.len());
            // The word before the work's noun.
            let second = |at: usize| word_a_space_before(text, at).map_or("", |(_, w)| w);
            // "the film Ray"; "codenamed Xenon"; "the board game Cluedo"; "the drug Zantac"; not
            // "the drama Kidman plays".
            before.is_some_and(|(at, word)| {
                WORK_NOUNS.contains(&word)
                    || NAMED_AFTER_AN_ARTICLE.contains(&word)
                        && !((ARTICLES.contains(&second(at)) || second(at) == "new")
                            && opens_clause(text, s.end))
                    || WORK_NAMERS.contains(&word)
                    || PRODUCT_NOUNS.contains(&word)
                        && !text[s.start..s.end].rsplit(' ').next().is_some_and(is_company_suffix)
                        && !*companies
                            .entry(&text[s.start..s.end])
                            .or_insert_with_key(|name| written_with_legal_form(text, name))
                    || SPORTS_WORK_NOUNS.contains(&word)
                        && (word != "game" || GAME_KINDS.contains(&second(at)))
                        && !*sports.get_or_init(|| reads_as_sports(text))
            }) && !text[s.end..].starts_with("'s")
                && !is_acronym(&text[s.start..s.end])
                && gazetteer.lookup_name(&text[s.start..s.end]).is_none()
        })
        .map(|s| (&text[s.start..s.end], s.start))
        .collect::<Vec<_>>();
    // (Sorted, to be asked of every span by binary search: a long text may name thousands.)
    titles.sort_unstable();
    titles
}

/// Words that name a storm after them ("Hurricane Ivan", "tropical storm Jeanne").
const STORM_WORDS: &[&str] = &["hurricane", "typhoon", "cyclone", "storm"];

/// Whether the person span `surface` at `start` names a storm: it opens with a storm word
/// ("Typhoon Nanmadol"), or is one word right after one ("hurricane Ivan": the model knows
/// "Ivan" as a given name). A storm's name is one word: "Cyclone Adam Haluska" is a basketball
/// player.
fn is_storm(text: &str, start: usize, surface: &str) -> bool {
    let storm = |w: &str| STORM_WORDS.iter().any(|s| s.eq_ignore_ascii_case(w));
    match surface.split_once(' ') {
        Some((first, _)) => storm(first),
        None => storm(surface) || storm(word_before(text, start)),
    }
}

/// The one-word names `text` gives storms, so that a storm named again alone ("Ivan could cause
/// damage") is no person either: after "Hurricane", "Typhoon" or "Cyclone", in either case, or
/// "Tropical Storm" ("Hurricane Ivan", "hurricane Ivan", "Tropical Storm Jeanne"); and listed
/// after a plural, the last after "and" ("hurricanes Charley and Frances", "the losses of
/// Hurricanes Charley and Frances", "typhoons Haitang, Matsa and Talim"; a list without its
/// "and" gives its first name only). A name with a capitalised word right after it is a
/// person's ("Cyclone Adam Haluska", a basketball player); "Storm" alone opens given names
/// ("Storm Thorgerson") as often, and "Hurricanes" after a capitalised word a team's name
/// ("Carolina Hurricanes").
pub(crate) fn storm_names(text: &str) -> Vec<&str> {
    // (Built once: `memmem::find` builds its searcher on every call, and this runs for most
    // texts with a one-word person.)
    static STORM_FINDERS: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 5]> =
        std::sync::LazyLock::new(|| {
            ["urricane", "yphoon", "yclone", "ropical Storm", "ropical storm"]
                .map(memchr::memmem::Finder::new)
        });
    let mut names = Vec::new();
    if !STORM_FINDERS.iter().any(|finder| finder.find(text.as_bytes()).is_some()) {
        return names;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let name_at = |i: usize| -> Option<&str> {
        let word = *words.get(i)?;
        let name = word.trim_end_matches([',', '.', ';', ':', '\'', '’']);
        let name = name.strip_suffix("'s").or_else(|| name.strip_suffix("’s")).unwrap_or(name);
        let run_on =
            name == word && words.get(i + 1).is_some_and(|next| next.starts_with(char::is_uppercase));
        (name.starts_with(char::is_uppercase) && name.chars().all(char::is_alphabetic) && !run_on)
            .then_some(name)
    };
    for (i, &word) in words.iter().enumerate() {
        let singular =
            matches!(word, "Hurricane" | "hurricane" | "Typhoon" | "typhoon" | "Cyclone" | "cyclone")
                || matches!(word, "Storm" | "storm")
                    && i > 0
                    && matches!(words[i - 1], "Tropical" | "tropical");
        if singular {
            names.extend(name_at(i + 1));
            continue;
        }
        // (In capitals after a capitalised word, a team's name: "Carolina Hurricanes".)
        let team = || {
            i > 0 && words[i - 1].starts_with(char::is_uppercase) && !words[i - 1].ends_with(['.', '!', '?'])
        };
        match word {
            "hurricanes" | "typhoons" | "cyclones" => {}
            "Hurricanes" | "Typhoons" | "Cyclones" if !team() => {}
            _ => continue,
        }
        let Some(first) = name_at(i + 1) else { continue };
        let (mut list, mut at) = (vec![first], i + 1);
        while words[at].ends_with(',')
            && let Some(name) = name_at(at + 1)
        {
            list.push(name);
            at += 1;
        }
        let and = !words[at].ends_with(',') && matches!(words.get(at + 1), Some(&("and" | "&")));
        match name_at(at + 2).filter(|_| and) {
            Some(last) => {
                names.extend(list);
                names.push(last);
            }
            None => names.push(first),
        }
    }
    names
}

/// The word before byte `start` of `text` (punctuation included), or "" at the start. Read
/// from the 64 bytes before it at most: a text with no spaces (Chinese, Japanese) would have
/// each call read back to its start. (A longer word comes back cut, and equals no word asked
/// for.)
fn word_before(text: &str, start: usize) -> &str {
    let mut from = start.saturating_sub(64);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    text[from..start].split_whitespace().next_back().unwrap_or_default()
}

/// Where the name that one-word person span at `start` ends would begin, when the words right
/// before it (single spaces apart, capitalised, not stopwords; up to three, the nearest may
/// end in "'s") are part of it: the model takes "General" in "General Motors" for a title, as
/// CoNLL would in "General Smith", and leaves a person "Motors". `None` when no such word comes
/// before, or when the nearest is a title or honorific ("Mr Mills", "Lord Steel", "President
/// Mills"): then it is a person. "General" is the exception, the title that opens company names,
/// and so is a possessive title ("the U.S. Trade Representative's Office").
fn name_before(text: &str, start: usize) -> Option<usize> {
    let mut first = None;
    let mut at = start;
    for nearest in [true, false, false] {
        let Some(before) = text[..at].strip_suffix(' ') else { break };
        let word =
            before.rsplit(char::is_whitespace).next().unwrap_or(before).trim_start_matches(['<', '(', '"']);
        let bare = if nearest { word.strip_suffix("'s").unwrap_or(word) } else { word };
        // A title's office is an organisation ("the Attorney General's Office"), the titled
        // person's name a person.
        let possessive = bare.len() < word.len();
        if nearest && !possessive && bare != "General" && is_title_or_honorific(bare) {
            return None;
        }
        let capitalised = bare.chars().next().is_some_and(char::is_uppercase);
        if !capitalised || !bare.chars().all(|c| c.is_alphanumeric() || c == '-') || STOPWORDS.contains(&bare)
        {
            break;
        }
        at = before.len() - word.len();
        first = Some(at);
    }
    first
}

/// Never a person's name, wherever they stand and however they are written.
const PRONOUNS: &[&str] = &[
    "he", "her", "hers", "him", "his", "i", "it", "its", "me", "my", "our", "she", "their", "them", "they",
    "us", "we", "you", "your",
];

/// Last words of places and buildings named after people, no part of a person's name
/// ("President Kennedy Airport", "Ambassador Hotel", "Brown Deer Park Golf Course").
const FACILITIES: &[&str] = &[
    "Airport",
    "Arena",
    "Bridge",
    "Center",
    "Centre",
    "College",
    "Course",
    "Gym",
    "Hall",
    "Hospital",
    "Hotel",
    "Museum",
    "Palace",
    "Park",
    "Playfield",
    "Racecourse",
    "Raceway",
    "Road",
    "School",
    "Speedway",
    "Square",
    "Stadium",
    "Station",
    "Street",
    "Theater",
    "Theatre",
    "Tower",
];

/// Whether `word` is one of [`FACILITIES`] ("Museum", "Stadium").
pub(crate) fn is_facility_word(word: &str) -> bool {
    FACILITIES.contains(&word)
}

/// Of [`FACILITIES`], the institutions (an organisation in CoNLL's scheme, as a university is),
/// where the others are places: "Roosevelt Hospital", "Williams High School".
const INSTITUTIONS: &[&str] = &["Center", "Centre", "College", "Hospital", "Hotel", "Museum", "School"];

/// Last words of organisations' names that end no place's ("Ottawa Hockey Club", "Atlantic City
/// Hospital"), for a name the model reads as a place's. (Not "Union" nor "Front": "the Soviet
/// Union", "the Western Front" are places in CoNLL's scheme; nor "Agency", also a region of
/// Pakistan's tribal areas: "Kurram Agency".)
const ORGANISATION_NOT_PLACE: &[&str] = &[
    "Association",
    "Authority",
    "Bureau",
    "Club",
    "College",
    "Commission",
    "Committee",
    "Company",
    "Corporation",
    "Council",
    "Department",
    "Foundation",
    "Hospital",
    "Hotel",
    "Institute",
    "League",
    "Ministry",
    "Museum",
    "Party",
    "School",
    "Society",
    "University",
];

/// Last words of firms' names that the model reads as places' after "an analyst at"
/// ("Citigroup Global Markets", "Capital Economics", "Midland Bank"), asked with the tables and
/// a bank's sides by [`names_a_firm`].
const FIRM_LAST_WORDS: &[&str] = &[
    "Advisers",
    "Advisors",
    "Associates",
    "Bancorp",
    "Bank",
    "Brokers",
    "Capital",
    "Economics",
    "Holdings",
    "Investments",
    "Markets",
    "Partners",
    "Securities",
];

/// Last words of organisations' names that no person's name ends with, wherever they stand:
/// a record label, a band or orchestra, a society, works, a club, a trust, a university
/// ("Virgin Records", "Jimmy Manopo Band", "John Birch Society", "Hinkley Locomotive Works",
/// "Harris Trust", "Steinhardt Partners", "George Washington University", which the model had
/// read as persons), and the company's words of [`COMPANY_HEADS`] that are no surname ("Getty
/// Oil", "Norsk Hydro": not "Steel" nor "Mills", "David Steel", "Hayley Mills").
const ORGANISATION_LAST_WORDS: &[&str] = &[
    "Airlines",
    "Airways",
    "Bancorp",
    "Band",
    "Chemical",
    "Chemicals",
    "Club",
    "Commodities",
    "Communications",
    "Composites",
    "Design",
    "Designs",
    "Dynamics",
    "Electric",
    "Electronics",
    "Enterprises",
    "Entertainment",
    "Films",
    "Foods",
    "Gas",
    "Group",
    "Hotels",
    "Hydro",
    "Industries",
    "Institute",
    "Instruments",
    "Insurance",
    "International",
    "Laboratories",
    "Lines",
    "Markets",
    "Mining",
    "Motor",
    "Motors",
    "Networks",
    "Oil",
    "Orchestra",
    "Partners",
    "Petroleum",
    "Pharmaceuticals",
    "Pictures",
    "Productions",
    "Publishing",
    "Railroad",
    "Railway",
    "Records",
    "Securities",
    "Society",
    "Software",
    "Studios",
    "Technologies",
    "Telegraph",
    "Telephone",
    "Tire",
    "Transport",
    "Trust",
    "University",
    "Utilities",
    "Works",
];

/// Of [`FACILITIES`], the words that are surnames too: after one name they are a person's
/// ("Fawn Hall", "Grace Park", "Wayne Bridge", "Bruce Arena"; the given-name list is too short to
/// tell them from "Carnegie Hall", which stays a person's), after two or more a place's
/// ("George Washington Bridge"; a person of three names, "Mary Ann Park", is taken for one).
const SURNAME_FACILITIES: &[&str] = &["Arena", "Bridge", "Hall", "Park", "Road", "Square", "Street", "Tower"];

/// Whether `word` is one of [`FACILITIES`] that no surname is ("Theatre", "College", "Hotel";
/// not "Hall" nor "Park": "Fawn Hall", "Grace Park").
pub(crate) fn is_building_word(word: &str) -> bool {
    FACILITIES.contains(&word) && !SURNAME_FACILITIES.contains(&word)
}

/// Words that end the name of a natural place besides [`LANDFORMS`]: "Beaver Creek", "Golan
/// Heights", "Hancock Pond", and a railway's junction ("Bridgton Junction").
const MORE_LANDFORMS: &[&str] = &[
    "Brook",
    "Creek",
    "Dock",
    "Harbor",
    "Harbour",
    "Heights",
    "Hills",
    "Junction",
    "Plateau",
    "Pond",
    "Reservoir",
];

/// Words that end the name of an administrative area: "Washoe County", "Anbar Province",
/// "Orleans Parish", "Clinton Township", "Ilocos Region", "Osaka Prefecture". (Not "District":
/// "the Dover Area School District" is a body.)
const AREAS: &[&str] =
    &["County", "Governorate", "Oblast", "Parish", "Prefecture", "Province", "Region", "Township"];

/// Words that end a street's or a square's name: "Red Square", "Barrack Street", "Cromwell
/// Road", "Madison Avenue". (Not "Lane" nor "Bridge": "Nathan Lane", "Dominion Bridge" are a
/// person's and a company's more often.)
const STREETS: &[&str] = &["Avenue", "Boulevard", "Plaza", "Road", "Square", "Street"];

/// Of the place words, those that are surnames too: "Michael Bay", "Mike Lake", "Peter Brook",
/// "Robert Parish", "Carla Anderson Hills", "Frank Ocean", "George Strait", "David Harbour".
const SURNAME_PLACES: &[&str] =
    &["Bay", "Brook", "Harbor", "Harbour", "Hills", "Lake", "Ocean", "Parish", "Road", "Strait", "Street"];

/// Whether the words after a name end at `end` make it an oil or gas field's: "field",
/// "fields" or "oilfield", after "oil", "gas", "offshore" or "oil and gas" or at once, and then
/// no word that makes the field something else ("field goal", "field office", "field trip").
/// A name joined by "and" to the next one before those words counts too: "the Miller and
/// Bruce oil fields", "Upper and Lower Zakum fields". A bare "field" in a text that writes
/// neither "oil" nor "gas" (`oil_or_gas`, asked only then) is a sports field or a field of
/// study's.
fn names_a_field(text: &str, end: usize, oil_or_gas: impl FnOnce() -> bool) -> bool {
    const QUALIFIERS: &[&str] = &["oil and gas ", "offshore ", "oil ", "gas "];
    const FIELDS: &[&str] = &["fields", "field", "oilfields", "oilfield", "gasfields", "gasfield"];
    const OTHER_THINGS: &[&str] = &[
        "day",
        "goal",
        "goals",
        "hospital",
        "marshal",
        "office",
        "offices",
        "officer",
        "officers",
        "operations",
        "staff",
        "study",
        "test",
        "testing",
        "tests",
        "trip",
        "trips",
        "work",
        "worker",
        "workers",
    ];
    let Some(mut rest) = text[end..].strip_prefix(' ') else { return false };
    // "Miller and Bruce": past " and " and the capitalised words of the next name (four at most).
    if let Some(next) = rest.strip_prefix("and ") {
        let mut words = 0;
        rest = next;
        while words < 4 && rest.starts_with(|c: char| c.is_uppercase()) {
            let Some((_, after)) = rest.split_once(' ') else { return false };
            rest = after;
            words += 1;
        }
        if words == 0 {
            return false;
        }
    }
    let qualified = QUALIFIERS.iter().find_map(|q| rest.strip_prefix(q));
    let Some(after) = FIELDS.iter().find_map(|f| qualified.unwrap_or(rest).strip_prefix(f)) else {
        return false;
    };
    if after.starts_with(|c: char| c.is_alphanumeric() || c == '-') {
        return false;
    }
    let next = after.trim_start_matches(' ').split([' ', ',', '.', ';', ':']).next().unwrap_or_default();
    // "Spencer Abraham fields questions": a verb, with its object after it.
    if rest.starts_with("fields ") && matches!(next, "questions" | "calls" | "queries" | "a" | "an" | "the") {
        return false;
    }
    // ("oilfield" and "gasfield" say what field they are.)
    !OTHER_THINGS.contains(&next) && (qualified.is_some() || rest.starts_with(['o', 'g']) || oil_or_gas())
}

/// The type of a name the model took for a person's that ends in a building's word, "Kennedy
/// Airport", "Ethel Barrymore Theatre", "Graduate School" (none of them a mention of a person,
/// and linked to one as "Kennedy" would be): an institution is an organisation, anything else
/// a place. `None` when it is no such name, or may be a person's after all (see
/// [`SURNAME_FACILITIES`]; initials do not count as names), but for a street or road after a
/// house number ("at 340 Hay Street"): `after_number`, asked only then. An organisation's last
/// word ([`ORGANISATION_LAST_WORDS`]) makes an organisation, and so does "Press", which ends a
/// person's name too ("Frank Press"), where no given name opens the name ("Jiji Press",
/// "Outback Press"): `opens_with_given_name`, asked only then.
fn facility_kind(
    surface: &str,
    after_number: impl FnOnce() -> bool,
    opens_with_given_name: impl FnOnce() -> bool,
) -> Option<EntityKind> {
    let (rest, last) = surface.rsplit_once(' ')?;
    if ORGANISATION_LAST_WORDS.contains(&last) || last == "Press" && !opens_with_given_name() {
        return Some(EntityKind::Org);
    }
    if !FACILITIES.contains(&last) {
        return None;
    }
    let names = rest.split(' ').filter(|w| !(w.len() == 2 && w.ends_with('.'))).count();
    if names < 2
        && SURNAME_FACILITIES.contains(&last)
        && !(matches!(last, "Street" | "Road") && after_number())
    {
        None
    } else if INSTITUTIONS.contains(&last) {
        Some(EntityKind::Org)
    } else {
        Some(EntityKind::Loc)
    }
}

/// The type of a name made of a place's word, "of" and a name: a landform's ("Bay of Bengal",
/// "Isle of Sheppey", "Gulf of Gabes") is a place, an area's ("City of Brampton", "Kingdom of
/// Belgium") a political entity, as CoNLL has them (its "City of Jerusalem" is a place), where
/// the model had read an organisation (a city's council, a kingdom's government). The name
/// after "of" is one to three capitalised words, none in capitals nor an organisation's
/// ("City of Plymouth AC", "Port of Singapore Authority", "Isle of Man TT" are no places).
/// Not "State of": a state's government is sued and sues ("the State of California").
fn place_of(surface: &str) -> Option<EntityKind> {
    const LANDFORMS_OF: &[&str] =
        &["Bay", "Cape", "Gulf", "Isle", "Lake", "Mount", "Sea", "Strait", "Straits"];
    const AREAS_OF: &[&str] =
        &["Borough", "City", "County", "Kingdom", "Province", "Republic", "Town", "Village"];
    let (head, name) = surface.split_once(" of ").or_else(|| surface.split_once(" Of "))?;
    let words = || name.split(' ');
    let named = (1..=3).contains(&words().count())
        && words().all(|w| w.starts_with(char::is_uppercase) && !(w.len() > 1 && is_all_caps(w)))
        && !words().any(|w| is_org_or_company_word(w) || is_company_suffix(w));
    if !named {
        return None;
    }
    if LANDFORMS_OF.contains(&head) {
        Some(EntityKind::Loc)
    } else if AREAS_OF.contains(&head) {
        Some(EntityKind::Gpe)
    } else {
        None
    }
}

/// The type of a name the model took for a person's that ends in a landform's or an
/// administrative area's or a street's word, or is a US state's of two words: "Cooper Basin", "Beaver
/// Creek", "Washoe County", "North Dakota". An area or a state is a political entity, a
/// landform a place. `None` when it is no such name; when a word of it is in lower case
/// ("Beyond the Sea" is a song's title); when it ends in a word that is a surname too
/// ([`SURNAME_PLACES`]) and opens with a given name ("Mike Lake", "Carla Anderson Hills"); and
/// for "Channel", which ends a television channel's name more often ("Discovery Channel").
fn place_kind(surface: &str, is_given_name: impl Fn(&str) -> bool) -> Option<EntityKind> {
    // Every place word, with the type it gives: one hashed lookup, as this is asked about every
    // name of two words or more the model takes for a person's.
    static PLACE_WORDS: std::sync::LazyLock<WordMap<EntityKind>> = std::sync::LazyLock::new(|| {
        let landforms = LANDFORMS.iter().chain(MORE_LANDFORMS).chain(STREETS).filter(|w| **w != "Channel");
        let places = landforms.map(|w| (*w, EntityKind::Loc));
        places.chain(AREAS.iter().map(|w| (*w, EntityKind::Gpe))).collect()
    });
    let (rest, last) = surface.rsplit_once(' ')?;
    let kind = if is_us_state_name(surface) { EntityKind::Gpe } else { *PLACE_WORDS.get(last)? };
    if rest.split(' ').any(|w| w.starts_with(char::is_lowercase)) {
        return None;
    }
    let first = rest.split(' ').next().unwrap_or_default();
    (!(SURNAME_PLACES.contains(&last) && is_given_name(first))).then_some(kind)
}

/// Words after a state's name that make it the place: "Texas lawmakers", "the Rhode Island
/// legislature", "Texas' oil industry", "a Texas jury" (and "real estate", two words).
const STATE_NOUNS: &[&str] = &[
    "attorney",
    "authorities",
    "bank",
    "banking",
    "banks",
    "border",
    "coast",
    "corn",
    "cotton",
    "counties",
    "county",
    "court",
    "courts",
    "crop",
    "crops",
    "economy",
    "farmers",
    "gas",
    "governor",
    "judge",
    "jury",
    "law",
    "lawmakers",
    "laws",
    "legislators",
    "legislature",
    "officials",
    "oil",
    "ranch",
    "regulators",
    "residents",
    "senator",
    "state",
    "utilities",
    "voters",
    "wells",
    "wheat",
];

/// Words before a state's name that make it the place: "northwest Texas", "interior Rhode
/// Island".
const STATE_DIRECTIONS: &[&str] = &[
    "central",
    "coastal",
    "downstate",
    "east",
    "eastern",
    "interior",
    "north",
    "northeast",
    "northeastern",
    "northern",
    "northwest",
    "northwestern",
    "rural",
    "south",
    "southeast",
    "southeastern",
    "southern",
    "southwest",
    "southwestern",
    "upstate",
    "west",
    "western",
];

/// Whether the state's name at `start..end` reads as the place, by the word before it or the
/// word after it (past a possessive, when `possessive`: "Washington's attorney" is more often a
/// person's than the state's).
fn reads_as_state(text: &str, start: usize, end: usize, possessive: bool) -> bool {
    let before = word_before(text, start);
    let after = &text[end..];
    let past = ["'s", "’s", "'", "’"].iter().find_map(|p| after.strip_prefix(p));
    if past.is_some() && !possessive {
        return false;
    }
    let after = past.unwrap_or(after);
    let mut words = after.strip_prefix(' ').unwrap_or_default().split([' ', ',', '.', '\n']);
    let next = words.next().unwrap_or_default();
    STATE_DIRECTIONS.iter().any(|d| d.eq_ignore_ascii_case(before))
        || STATE_NOUNS.contains(&next)
        || next == "real" && words.next() == Some("estate")
}

/// Answers about a name that scan the whole text ([`opens_company_name`],
/// [`written_with_legal_form`], [`in_longer_name`]), kept by name for one text: asked once per
/// span, they had made a long document that repeats a name thousands of times quadratic.
#[derive(Default)]
struct PerName<'t>(std::cell::RefCell<std::collections::HashMap<&'t str, bool>>);

impl<'t> PerName<'t> {
    fn get(&self, name: &'t str, answer: impl FnOnce() -> bool) -> bool {
        if let Some(&known) = self.0.borrow().get(name) {
            return known;
        }
        let known = answer();
        self.0.borrow_mut().insert(name, known);
        known
    }
}

/// Whether `text` writes `name` somewhere as the start of a company's name: with a legal form or
/// a company's word after it ("James River Corp", "Hudson Bay Industries"), or up to two more
/// capitalised words and then a legal form ("Giant Bay Resources Ltd", "Echo Bay Mines Ltd"):
/// then a bare "James River" is the company's short name, which linking gives it, not a place.
/// (Not any organisation's word: "the Washoe County Board" leaves "Washoe County" a place.)
fn opens_company_name(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(at, _)| {
        let after = &text[at + name.len()..];
        let Some(rest) = after.strip_prefix(' ') else { return false };
        let mut words = rest.split([' ', ',', '\n']);
        let head = |word: &str| {
            is_company_suffix(word) || COMPANY_HEADS.contains(&word.trim_end_matches(['.', ',']))
        };
        let Some(first) = words.next() else { return false };
        if head(first) {
            return true;
        }
        // Capitalised words, then a legal form.
        let mut word = first;
        for next in words.take(2) {
            if !word.starts_with(char::is_uppercase) {
                return false;
            }
            if is_company_suffix(next) {
                return true;
            }
            word = next;
        }
        false
    })
}

/// Offices whose last word is the model's span's first ("Secretary of State", "Chancellor of
/// the Exchequer").
const OFFICES_AFTER_OF: &[&str] = &["Exchequer", "State"];

/// Split the model's spans of other types that end in a person's name after an office or an
/// organisation: "Exchequer Nigel Lawson" is the person "Nigel Lawson", "Securities and Exchange
/// Commission John Shad" the commission and the person "John Shad". The name is the last two or
/// three words, capitalised, none of them an organisation's, office's, building's or place's
/// word, and holding no place or organisation the tables know. After an office ([`OFFICES`])
/// that is enough, and the words before it are left out ("Conservative MP"). After an
/// organisation's word the name must open with a given name and the document must say it is a
/// person's: the gazetteer knows it as one, or the model tags the name or the surname alone as
/// a person's elsewhere ("Shad added"); the words before it stay a span of the model's type. A
/// title opening a three-word name stays out of it ("Sir Teddy Taylor").
fn split_office_holders(
    text: &str,
    spans: &mut Vec<ModelSpan>,
    entries: &EntriesByStart<'_>,
    is_given_name: impl Fn(&str) -> bool,
) {
    // Words no person's name holds ("Premier League Aston Villa", "Director General Motors
    // Europe", "President Kennedy Airport"), in one set: it is asked about every word of the
    // document's longer names.
    static NO_NAME_WORDS: std::sync::LazyLock<WordSet<&'static str>> = std::sync::LazyLock::new(|| {
        [ORG_WORDS, COMPANY_HEADS, LANDFORMS, FACILITIES, OFFICES, STOPWORDS]
            .into_iter()
            .flatten()
            .copied()
            .collect()
    });
    let no_name_word = |w: &str| NO_NAME_WORDS.contains(w);
    let name_word = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().all(|c| c.is_alphabetic() || matches!(c, '-' | '.' | '\''))
            && !w.ends_with("'s")
            && !no_name_word(w)
            // ("Cardinal Health Inc.": a legal form with its full stop.)
            && !is_company_suffix(w)
    };
    // Whether the tables have an entry of exactly `start..end` whose kind passes `kind`.
    let entry_at = |start: usize, end: usize, kind: fn(EntityKind) -> bool| {
        entries.starting_in(start, start + 1).any(|(_, c)| c.end == end && c.kind.is_some_and(kind))
    };
    // A place or organisation the tables know exactly at `start..end` ("Jordan", "Chase").
    let known_other = |start: usize, end: usize| entry_at(start, end, |k| k != EntityKind::Person);
    // The document's person names, gathered only if a name after an organisation's word asks.
    let persons = std::cell::OnceCell::new();
    let person_named = |name: &str| {
        persons
            .get_or_init(|| {
                spans
                    .iter()
                    .filter(|o| o.kind == 0)
                    .map(|o| &text[o.start..o.end])
                    .collect::<std::collections::HashSet<&str>>()
            })
            .contains(name)
    };
    // Where the person's name starts, and where the organisation before it ends if it stays.
    let person_at = |span: &ModelSpan| -> Option<(usize, Option<usize>)> {
        let surface = &text[span.start..span.end];
        if span.kind == 0 || surface.bytes().filter(|&b| b == b' ').count() < 2 {
            return None;
        }
        let surname = surface.rsplit(' ').next()?;
        if surname.len() < 2 || !name_word(surname) {
            return None;
        }
        let words: Vec<(usize, &str)> = surface
            .split(' ')
            .scan(span.start, |at, word| {
                let start = *at;
                *at += word.len() + 1;
                Some((start, word))
            })
            .collect();
        for n in [2, 3] {
            if words.len() <= n {
                break;
            }
            let name = &words[words.len() - n..];
            // "Sir Teddy Taylor": the title stays out of the name.
            let first = usize::from(n == 3 && is_title_or_honorific(name[0].1));
            let person_start = name[first].0;
            // A known place or organisation of more than a word ("Kuala Lumpur") is no one's
            // name; one word of it may be a surname ("Tom Jordan").
            let place_inside = entries.starting_in(person_start, span.end).any(|(_, c)| {
                c.end <= span.end
                    && c.kind.is_some_and(|k| k != EntityKind::Person)
                    && text[c.start..c.end].contains(' ')
            });
            if !name[first..].iter().all(|&(_, w)| name_word(w)) || place_inside {
                continue;
            }
            let office = words[words.len() - n - 1].1;
            // "State" and "Exchequer" end offices only after "Secretary of", "Chancellor of
            // the": many names hold them ("State Street Research", "the Exchequer Borrowing
            // Requirement").
            // The tables or the document know the name as a person's: the whole name, or the
            // surname alone ("Shad added"; not "Gordon Brown" for "Alex Brown").
            let full = &text[person_start..span.end];
            let known = || entry_at(person_start, span.end, |k| k == EntityKind::Person);
            let person_elsewhere = || person_named(full) || person_named(surname);
            let whole_office = if OFFICES_AFTER_OF.contains(&office) {
                words.len() == n + 1 && {
                    let before = text[..span.start].trim_end();
                    let before =
                        before.strip_suffix(" the").or_else(|| before.strip_suffix(" The")).unwrap_or(before);
                    before.ends_with(" of") && is_title_or_honorific(word_before(before, before.len() - 3))
                }
            } else {
                // (A rank too, in a span the model took for an organisation's: "Texas Coach
                // Darrell Royal"; not in a MISC one, "the Singer World Series", a sponsor's.)
                // ("Justice" opens bodies' names too, "the County Justice Information System":
                // after it the name opens with a given name.)
                // (A clergy's title only before a given name or a name the document knows as a
                // person's: it names schools, "Cardinal Hayes High", "Bishop Loughlin Memorial".)
                (OFFICES.contains(&office) && (office != "Justice" || is_given_name(name[first].1)))
                    || span.kind == 1
                        && (crate::lexicon::RANKS.contains(&office)
                            || crate::lexicon::is_clergy_title(office)
                                && (is_given_name(name[first].1) || known() || person_elsewhere()))
            };
            if whole_office {
                return Some((person_start, None));
            }
            // After an organisation's word, the name must open with a given name, and the
            // tables or the document must know it as a person's.
            if ORG_WORDS.contains(&office) && is_given_name(name[first].1) && (known() || person_elsewhere())
            {
                let front_end = text[..name[0].0].trim_end().len();
                return Some((person_start, Some(front_end)));
            }
        }
        None
    };
    if !spans.iter().any(|s| person_at(s).is_some()) {
        return;
    }
    let mut split = Vec::with_capacity(spans.len() + 1);
    // The split persons' surnames, with the type of the span each came from.
    let mut surnames: Vec<(&str, u8)> = Vec::new();
    for span in spans.iter() {
        match person_at(span) {
            Some((person_start, front_end)) => {
                if let Some(end) = front_end {
                    split.push(ModelSpan { end, ..*span });
                }
                split.push(ModelSpan { start: person_start, kind: 0, ..*span });
                surnames.extend(text[person_start..span.end].rsplit(' ').next().map(|s| (s, span.kind)));
            }
            None => split.push(*span),
        }
    }
    // The surname alone is that person too, when the model gave it the type it gave the whole
    // span (its second pass does: "Lawson" an organisation after "Exchequer Nigel Lawson"), and
    // the tables know no place or organisation of that name ("Jordan", "Chase").
    for span in &mut split {
        let word = &text[span.start..span.end];
        if span.kind != 0
            && surnames.iter().any(|&(surname, kind)| surname == word && kind == span.kind)
            && !known_other(span.start, span.end)
        {
            span.kind = 0;
        }
    }
    *spans = split;
}

/// Words a Roman numeral numbers when it is no person's ("Level IV", "Article III").
const NUMBERED_THINGS: &[&str] = &[
    "Act", "Annex", "Article", "Book", "Category", "Chapter", "Class", "Grade", "Level", "Part", "Phase",
    "Round", "Schedule", "Section", "Stage", "Tier", "Title", "Type", "Volume",
];

/// "said Reagan Friday", "the Texas Rangers Friday": news drops the "on" before a weekday, and
/// the model then runs the name into it. A name of two words or more ending in a weekday loses
/// the weekday (which the date rule tags), unless the word before it is a given name ("Mike
/// Friday") or the tables know the whole name ("Sheffield Wednesday").
fn trim_trailing_weekdays(
    gazetteer: &Gazetteer,
    text: &str,
    spans: &mut [ModelSpan],
    is_given_name: &impl Fn(&str) -> bool,
) {
    for span in spans.iter_mut().filter(|s| s.kind != 3) {
        let surface = &text[span.start..span.end];
        let Some((rest, last)) = surface.rsplit_once(' ') else { continue };
        let rest = rest.trim_end_matches([' ', ',']);
        let before = rest.rsplit(' ').next().unwrap_or(rest);
        if is_weekday(last)
            && !rest.is_empty()
            && !is_given_name(before)
            && gazetteer.lookup_name(surface).is_none()
        {
            span.end = span.start + rest.len();
        }
    }
}

/// A legislator's letters after a party's, a seat's or a person's name: "Labour MPs", "a
/// Conservative MP", "UKIP MEPs", "the Liberal-Labour MPP for Kenora", "Margaret Moran MP". The
/// model runs the name into them (on the bench news "Labour MP" was an organisation 10 times,
/// "Labour MPs" 9). The name loses them and keeps its type, except a seat's: a name the tables
/// know as a place, or one opening with such a place and ending in a compass word ("the Glasgow
/// MP", "the Manchester Central MP"), is a place. A name that opens with a place and goes on
/// otherwise keeps the model's type ("Ulster Unionist MP", a party's); so does a seat the
/// tables do not know ("Bolton West MP").
fn trim_legislators(gazetteer: &Gazetteer, text: &str, spans: &mut [ModelSpan]) {
    const LETTERS: &[&str] =
        &["MEP", "MEPs", "MK", "MKs", "MLA", "MLAs", "MP", "MPP", "MPPs", "MPs", "MSP", "MSPs", "TD", "TDs"];
    const COMPASS: &[&str] = &["Central", "East", "North", "South", "West"];
    for span in spans.iter_mut() {
        let surface = &text[span.start..span.end];
        let Some((rest, last)) = surface.rsplit_once(' ') else { continue };
        if !LETTERS.contains(&last) {
            continue;
        }
        span.end = span.start + rest.len();
        if span.kind != 0 {
            let first = rest.split(' ').next().unwrap_or(rest);
            let seat = gazetteer.place_entry(rest).is_some()
                || (rest.rsplit(' ').next().is_some_and(|w| COMPASS.contains(&w))
                    && gazetteer.place_entry(first).is_some());
            if seat {
                span.kind = 2;
            }
        }
    }
}

/// The combining forms of nationalities before a hyphen and initials ("the Franco-U.S. CFM
/// engines", "the first Sino-U.S. joint venture": the tokenizer splits the hyphen there; a word
/// after it stays joined, "Sino-Soviet") name no one: the model had read "Franco" as an
/// organisation.
fn drop_combining_forms(text: &str, spans: &mut Vec<ModelSpan>) {
    const FORMS: &[&str] = &["Afro", "Anglo", "Austro", "Franco", "Greco", "Indo", "Italo", "Russo", "Sino"];
    spans.retain(|s| !(text[s.end..].starts_with('-') && FORMS.contains(&&text[s.start..s.end])));
}

/// A nationality's adjective the model read as an organisation or a place before a common
/// noun is the nationality: "the Philippine delegation", "West German journalists", "North
/// American sales", "Central American coffee producers" (43 mentions of the bench news).
/// Not before a verb or a word that may go on with the name ("American said", "North American
/// reported", "American and United", "the Welsh Assembly"): the next word must be in lower
/// case, of three letters or more, no past form (ending in "ed"), and none of [`NOT_NOUNS`]
/// ("party" among them: "the Christian Democratic party" names one). Not a plural either, a
/// party's name as often as its members' ("The Social Democrats held 57 seats").
fn nationalities_before_nouns(entries: &EntriesByStart, text: &str, spans: &mut [ModelSpan]) {
    for span in spans.iter_mut().filter(|s| matches!(s.kind, 1 | 2)) {
        let Some(next) = word_a_space_after(text, span.end) else { continue };
        let surface = &text[span.start..span.end];
        if next.len() >= 3
            && next.starts_with(|c: char| c.is_ascii_lowercase())
            && !next.ends_with("ed")
            && !NOT_NOUNS.contains(&next)
            && (!surface.ends_with('s') || surface.ends_with("ss"))
            // (The tables' match right there, found already: no name to look up.)
            && entries
                .starting_in(span.start, span.start + 1)
                .any(|(_, c)| c.end == span.end && c.kind == Some(EntityKind::Norp))
        {
            span.kind = 3;
        }
    }
}

/// Lower-case words after a name that are no common noun it qualifies: verbs of saying, being
/// and having, modals, and function words ([`nationalities_before_nouns`]).
const NOT_NOUNS: &[&str] = &[
    "added", "adds", "also", "and", "are", "but", "can", "could", "did", "does", "for", "from", "had", "has",
    "have", "into", "its", "may", "might", "must", "nor", "not", "now", "parties", "party", "said", "says",
    "shall", "should", "than", "that", "the", "then", "this", "told", "too", "was", "were", "which", "who",
    "will", "with", "would",
];

/// "the U.S. Market", "the U.K. Economy", "21.6 H.K. Cents": Reuters capitalised the word after
/// a country's initials, and the model runs the place into it (about 230 places of the bench
/// news: "U.S. Market" 25 times, "U.S. Economy" 15, "U.K. Base" lending rates 10). A place span
/// of the initials and one more word keeps the initials alone, unless the word names a region
/// ("U.S. Gulf", "U.S. Midwest") or is a legal form ("U.S. Inc"), or the tables know the whole
/// name ("US Sprint"). (Organisations, "U.S. Navy" or "US Airways", are not places and stay
/// whole.)
fn trim_country_initials(gazetteer: &Gazetteer, text: &str, spans: &mut [ModelSpan]) {
    const INITIALS: &[&str] = &["U.S.", "U.K.", "H.K.", "US", "UK"];
    const REGIONS: &[&str] = &[
        "Gulf",
        "Midwest",
        "Northeast",
        "Northwest",
        "Southeast",
        "Southwest",
        "South",
        "North",
        "East",
        "West",
        "Plains",
        "Rockies",
        "Sunbelt",
    ];
    for span in spans.iter_mut().filter(|s| s.kind == 2) {
        let surface = &text[span.start..span.end];
        let Some((initials, word)) = surface.split_once(' ') else { continue };
        if INITIALS.contains(&initials)
            && !word.contains(' ')
            && !REGIONS.contains(&word)
            && !is_company_suffix(word)
            && gazetteer.lookup_name(surface).is_none()
        {
            span.end = span.start + initials.len();
        }
    }
}

/// Whether the span `start..end` (`surface`) is a list's label: one word opening a line or a
/// sentence, then a number and a colon ("Milepost 12.1: South Bridgton", "Chapter 3: The
/// Return", "Update 2: ..."). The model reads such a word, capitalised where a name would be, as
/// one (24 "Milepost" organisations in one wikigold article).
fn is_numbered_label(text: &str, start: usize, end: usize, surface: &str) -> bool {
    if surface.contains(' ') || !opens_sentence(text, start) {
        return false;
    }
    let rest = text[end..].strip_prefix(' ').unwrap_or_default();
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.').len();
    // The colon ends the label: not a time or a score ("Villeneuve 1:17.211", "Spartak 2:1",
    // "Spartak 2 : 1 Dinamo").
    let colon = rest[digits..].trim_start_matches(' ').strip_prefix(':');
    digits > 0
        && rest.as_bytes()[0].is_ascii_digit()
        && colon.is_some_and(|after| {
            after.chars().next().is_none_or(char::is_whitespace)
                && !after.trim_start_matches(' ').starts_with(|c: char| c.is_ascii_digit())
        })
}

/// Whether the one word `surface` at `start..end` of `text`, which the model read as a person
/// or an organisation, names no one: a title or an office alone before "of" ("the Catholic
/// Bishop of Nueva Segovia", "the 2nd Bishop of the Diocese of Sioux City"; but a ruler's
/// names its holder: "the Prince of Wales", "the King of Spain", "the Emir of Qatar"), the noun
/// of a numbered thing ("Coach #18", "RPO # 25 was damaged"), a rank or calling alone after an
/// article or a word that counts ("The DJ admitted", "not one DJ could fill Peel's boots"), or
/// a direction opening a sentence ("Westward, the line leads to Fareham").
fn names_no_one(text: &str, start: usize, end: usize, surface: &str) -> bool {
    const DIRECTIONS: &[&str] = &[
        "Eastward",
        "Eastwards",
        "Northward",
        "Northwards",
        "Southward",
        "Southwards",
        "Westward",
        "Westwards",
    ];
    if surface.contains(' ') {
        return false;
    }
    let after = &text[end..];
    let title = || {
        after.starts_with(" of ")
            && !matches!(
                surface,
                "King"
                    | "Queen"
                    | "Prince"
                    | "Princess"
                    | "Duke"
                    | "Duchess"
                    | "Emperor"
                    | "Empress"
                    | "Emir"
                    | "Sheikh"
                    | "Sultan"
                    | "Shah"
            )
            && (is_title_or_honorific(surface)
                || crate::lexicon::is_clergy_title(surface)
                || crate::lexicon::is_office_or_rank(surface))
    };
    let numbered = || {
        after
            .trim_start_matches(' ')
            .strip_prefix('#')
            .is_some_and(|n| n.trim_start_matches(' ').starts_with(|c: char| c.is_ascii_digit()))
    };
    let direction = || DIRECTIONS.contains(&surface) && after.starts_with(',') && opens_sentence(text, start);
    let calling = || {
        crate::lexicon::RANKS.contains(&surface) && {
            let before = word_before(text, start);
            ARTICLES.contains(&before) || matches!(before, "one" | "every" | "another")
        }
    };
    title() || numbered() || direction() || calling()
}

/// Whether `word` has both letters and digits, and is no ordinal ("S40", "Ez2DJ", "F-16"; not
/// "5th" or "62d").
fn mixes_letters_and_digits(word: &str) -> bool {
    word.bytes().any(|b| b.is_ascii_digit())
        && word.bytes().any(|b| b.is_ascii_alphabetic())
        && ordinal_digits(word).is_none()
}

/// The digits of an ordinal written in figures: "5th", "21st", and the army's "62d" (and not
/// "S40th" or "d").
fn ordinal_digits(word: &str) -> Option<&str> {
    without_ordinal_suffix(word)
        .or_else(|| word.strip_suffix('d'))
        .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

/// One capital letter and a full stop: "B.", "F.".
fn is_lone_initial(surface: &str) -> bool {
    matches!(surface.as_bytes(), [letter, b'.'] if letter.is_ascii_uppercase())
}

/// Whether the name at `start..end` of `text` is an initialism ("BT", "NYMEX", "S4C") among
/// words in lower case, or a ticker ("<MD>"): one that the tables do not know as a place and
/// that is no state's postal code or other place's initials ([`is_place_initialism`]) is far
/// likelier a company or a body than a place ("BT wants lighter regulation", "HP declined to
/// comment", "the SMC board"), which is what the model, trained on "US" and "UK", makes of it.
/// Not in a line of capitals ("ST. LOUIS, Missouri"), beside a table's figures alone, or as a
/// dateline's town, opening a paragraph before a comma and a capital ("NAJAF, Iraq :").
fn is_initialism_in_prose(text: &str, start: usize, end: usize) -> bool {
    let surface = &text[start..end];
    if !(2..=5).contains(&surface.len())
        || !surface.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        || surface.bytes().filter(u8::is_ascii_uppercase).count() < 2
    {
        return false;
    }
    if text[..start].ends_with('<') {
        return true;
    }
    if is_place_initialism(surface) {
        return false;
    }
    let lettered = |w: &&str| w.contains(char::is_alphabetic);
    let before = text[..start].split_whitespace().rev().take(2).find(lettered);
    let after = text[end..].split_whitespace().take(2).find(lettered);
    let lower = |w: &str| w.contains(char::is_lowercase);
    let dateline = (start == 0 || text[..start].ends_with('\n'))
        && text[end..].strip_prefix(", ").is_some_and(|r| r.starts_with(char::is_uppercase));
    // A neighbour in lower case, and none in capitals.
    (before.is_some_and(lower) || after.is_some_and(lower))
        && before.is_none_or(lower)
        && after.is_none_or(lower)
        && !dateline
}

/// "Sen. Patrick Leahy (D-Vt.)", "Rep. Tom DeLay, R-Texas,": a politician's party and state
/// ([`party_designation`]). The model's spans over one give way to a place span over the state
/// alone, which the state's name then canonicalises ("Vt" is Vermont), and so do the tables'
/// entries there ("Georgia" is the state, not the country).
fn party_states(text: &str, spans: &mut Vec<ModelSpan>, candidates: &mut Vec<Candidate>) {
    // (start, end, the state's name) of each designation: in order and apart.
    let found: Vec<(usize, usize, std::ops::Range<usize>)> = text
        .match_indices('-')
        .filter_map(|(dash, _)| {
            party_designation(text, dash).map(|(state, close, _)| (dash - 1, close, state))
        })
        .collect();
    if found.is_empty() {
        return;
    }
    let overlaps = |start: usize, end: usize| {
        let next = found.partition_point(|d| d.1 <= start);
        found.get(next).is_some_and(|d| d.0 < end)
    };
    spans.retain(|s| !overlaps(s.start, s.end));
    candidates.retain(|c| !overlaps(c.start, c.end));
    spans.extend(found.into_iter().map(|(_, _, state)| ModelSpan {
        start: state.start,
        end: state.end,
        kind: 2,
    }));
    spans.sort_unstable_by_key(|s| s.start);
}

/// The second parts of compound adjectives made from a name: "Boston-based", "World
/// Bank-led", "New York-area", "Janet Jackson-style", "Japan-bashing".
const COMPOUND_HEADS: &[&str] = &[
    "affiliated",
    "appointed",
    "area",
    "backed",
    "based",
    "bashing",
    "born",
    "brokered",
    "built",
    "controlled",
    "dominated",
    "flag",
    "funded",
    "headquartered",
    "led",
    "linked",
    "listed",
    "made",
    "ordered",
    "owned",
    "registered",
    "run",
    "sponsored",
    "style",
    "type",
    "wide",
];

/// Words before a place that a work's title does not follow: "at The Oval", "near The Dalles".
/// (Not "in", "to", "on" or "from": "starred in The Aviator", "lost to The Aviator", "appeared
/// on The Apprentice", "a scene from The Godfather"; so "to The Woodlands" goes too.)
const PLACE_PREPOSITIONS: &[&str] = &["at", "near", "outside"];

/// Nouns next to a name that write it as a place's: "the Kyushu coast", "Sunderland station",
/// "the city of Invercargill".
const PLACE_NOUNS: &[&str] = &[
    "airport",
    "area",
    "border",
    "borough",
    "city",
    "coast",
    "county",
    "district",
    "hamlet",
    "island",
    "islands",
    "municipality",
    "parish",
    "port",
    "province",
    "region",
    "state",
    "station",
    "suburb",
    "town",
    "valley",
    "village",
];

/// Whether the name at `start..end` of `text` is written as a place's there: after "in",
/// "from" and the like, or after "at" but on a sports page (`sports`, asked only then: "the
/// games at Newcastle" are the club's); after a place's noun and "of" ("the parish of
/// Heydour") or a trade's term of delivery ("cif Ghent", "fob Santos"); before a place's noun
/// ("the Kyushu coast", "at Sunderland station"); or before a comma and a country or a state
/// the tables know ("NICE, France", a dateline's town). A "the" after "across" and the like
/// counts for nothing ("across the North Atlantic").
fn written_as_a_place(
    gazetteer: &Gazetteer,
    text: &str,
    start: usize,
    end: usize,
    sports: impl FnOnce() -> bool,
) -> bool {
    const ACROSS: &[&str] = &["across", "around", "throughout"];
    const IN_A_PLACE: &[&str] = &["across", "around", "from", "in", "near", "outside", "throughout"];
    const DELIVERED: &[&str] = &["cif", "fob", "CIF", "FOB"];
    // The word before, past a "the" after a preposition of wide places ("across the North
    // Atlantic"; "in the Lords" is the House).
    let before = match word_a_space_before(text, start) {
        Some((at, "the")) if ACROSS.contains(&word_before(text, at)) => word_before(text, at),
        _ => word_before(text, start),
    };
    let of_a_place = || {
        before == "of"
            && word_a_space_before(text, start)
                .and_then(|(at, _)| word_a_space_before(text, at))
                .is_some_and(|(_, noun)| PLACE_NOUNS.contains(&noun))
    };
    IN_A_PLACE.iter().any(|p| before.eq_ignore_ascii_case(p))
        || DELIVERED.contains(&before)
        || of_a_place()
        || text[end..].strip_prefix(' ').is_some_and(|rest| {
            PLACE_NOUNS
                .iter()
                .any(|n| rest.starts_with(n) && !rest[n.len()..].starts_with(char::is_alphanumeric))
        })
        || before.eq_ignore_ascii_case("at") && !sports()
        // (" , ": CoNLL's spaced tokens.)
        || [", ", " , "].iter().find_map(|comma| text[end..].strip_prefix(comma)).is_some_and(|rest| {
            // The capitalised words after the comma, up to a mark or a lower-case word (and 40
            // bytes, longer than a place's name): "France" of "NICE, France 1996-08-30", "New
            // South Wales" of "Sydney, New South Wales"; not "Arkansas" of "Mississippi Power,
            // Arkansas Power".
            let mut len = 0;
            for word in rest.split(' ') {
                let bare = word.trim_end_matches(|c: char| !c.is_alphanumeric());
                if !bare.starts_with(char::is_uppercase) {
                    break;
                }
                len += usize::from(len > 0) + bare.len();
                if bare.len() < word.len() || len > 40 {
                    break;
                }
            }
            let name = &rest[..len];
            // (Not a list of names: "title rivals Essex, Derbyshire and Surrey" are clubs, and so
            // are "Essex, Derbyshire, Surrey and Kent": capitalised words a comma apart up to
            // "and" and one more.)
            let listed = || {
                let mut after = rest[len..].trim_start_matches(' ');
                for _ in 0..8 {
                    if let Some(next) = after.strip_prefix("and ") {
                        return next.starts_with(char::is_uppercase);
                    }
                    let Some(next) = after.strip_prefix(',').map(|n| n.trim_start_matches(' ')) else {
                        return false;
                    };
                    if !next.starts_with(char::is_uppercase) {
                        return false;
                    }
                    let word = next.find([' ', ',']).unwrap_or(next.len());
                    after = next[word..].trim_start_matches(' ');
                }
                false
            };
            len > 0
                && !listed()
                && (is_us_state_name(name)
                    || gazetteer.lookup_name(name).is_some_and(|e| gazetteer.entry(e).kind == EntityKind::Gpe))
        })
}

/// Prefixes written before a name with a hyphen: "non-OPEC", "ex-Downing Street". (Not "sub",
/// "trans" or "pan": "sub-Saharan Africa" is Africa, "Pan-American" and "TransCanada" names.)
const NAME_PREFIXES: &[&str] = &["anti", "ex", "mid", "non", "post", "pre", "pro"];

/// The head of `word` when it is a compound adjective made from a name ("based" of
/// "Boston-based"; not "Jaguar X-type", whose "X" is no name).
pub(crate) fn compound_head(word: &str) -> Option<&str> {
    let (name, head) = word.rsplit_once('-')?;
    (name.len() > 1 && name.starts_with(char::is_uppercase) && COMPOUND_HEADS.contains(&head)).then_some(head)
}

/// A nationality the model reads as a name of its own (MISC) right before an organisation that
/// ends in a legal form or an organisation's word is the organisation's first word: "American
/// Barrick Resources Corp", "Brazilian Coffee Institute", "Swiss Volksbank" had been a
/// nationality and "Barrick Resources", "Coffee Institute" (271 pairs on the bench news, the
/// organisation under a name no one writes). The nationality span is emptied (dropped after)
/// and the organisation's starts at it.
fn join_nationality_to_company(gazetteer: &Gazetteer, text: &str, spans: &mut [ModelSpan]) {
    for k in 1..spans.len() {
        let (misc, org) = (spans[k - 1], spans[k]);
        if misc.kind != 3 || org.kind != 1 || text.get(misc.end..org.start) != Some(" ") {
            continue;
        }
        let nationality = &text[misc.start..misc.end];
        let last = text[org.start..org.end].rsplit(' ').next().unwrap_or_default();
        let ends_as_organisation = is_company_suffix(last) || is_org_or_company_word(last);
        let is_nationality = !nationality.contains(' ') && gazetteer.is_nationality(nationality);
        if ends_as_organisation && is_nationality {
            spans[k].start = misc.start;
            spans[k - 1].end = misc.start;
        }
    }
}

/// The common nouns of trades that companies are named for, two at a time ("Tire and Rubber",
/// "Savings and Loan").
const TRADES: &[&str] = &[
    "Banking",
    "Cable",
    "Chemical",
    "Chemicals",
    "Company",
    "Development",
    "Electric",
    "Exploration",
    "Gas",
    "Insurance",
    "Investment",
    "Light",
    "Loan",
    "Manufacturing",
    "Mining",
    "Power",
    "Refining",
    "Rubber",
    "Savings",
    "Sons",
    "Steel",
    "Telegraph",
    "Trust",
];

/// A company named for two trades, or for a founder "and Sons": "Goodyear Tire and Rubber Co",
/// "Pennsylvania Power and Light Co", "Harken Oil and Gas Inc", "Alex. Brown and Sons Inc". The
/// model reads the name as two, the first often a person or a place ("Pennsylvania Power") and
/// the second a company of one common noun ("Rubber Co"), which a ticker after it then names.
/// A span that is one such noun and legal forms right after a span and " and " is one company
/// with it, when the span before ends in no legal form of its own ("Dainippon Inc and Chemicals
/// Inc" stay two). A company's own name is never one of these nouns, so "Ford and Chrysler
/// Corp" stay two.
fn join_trades_to_company(text: &str, spans: &mut [ModelSpan], candidates: &[Candidate]) {
    for k in 1..spans.len() {
        let (first, company) = (spans[k - 1], spans[k]);
        if text.get(first.end..company.start) != Some(" and ") || first.start == first.end {
            continue;
        }
        let mut words = text[company.start..company.end].split(' ');
        let trade = words.next().unwrap_or_default();
        let mut forms = words.peekable();
        if !TRADES.contains(&trade) || forms.peek().is_none() || !forms.all(is_company_suffix) {
            continue;
        }
        let last = text[first.start..first.end].rsplit(' ').next().unwrap_or_default();
        // A name the tables know as a person's or a place's is one: "President Reagan and
        // Power Corp officials" (not one the rules guess from a given name: "Alex Brown").
        let named_otherwise = candidates.iter().any(|c| {
            (c.start, c.end) == (first.start, first.end)
                && matches!(c.label, Label::Entry(_))
                && c.kind.is_some_and(|kind| kind != EntityKind::Org)
        });
        if is_company_suffix(last) || !last.starts_with(char::is_uppercase) || named_otherwise {
            continue;
        }
        // (A word the model left out before, "General" of "General Tire and Rubber Co", is
        // `extend_company_start`'s.)
        spans[k] = ModelSpan { start: first.start, end: company.end, kind: 1 };
        spans[k - 1].end = first.start;
    }
}

/// Spans sorted by start, and the furthest end reached by each and those before it.
type SpansAndReach = (Vec<(usize, usize)>, Vec<usize>);

/// The tables' and rules' names other than organisations' in a document (its candidates of
/// another type), which the passes that lengthen a company's name must not run into: sorted,
/// with the furthest end reached by each and those before it, built when first asked, once a
/// document (a scan of them all for each word asked about was quadratic in a long document).
pub(crate) struct OtherNames<'c> {
    candidates: &'c [Candidate],
    index: std::cell::OnceCell<SpansAndReach>,
}

impl<'c> OtherNames<'c> {
    pub(crate) fn new(candidates: &'c [Candidate]) -> Self {
        OtherNames { candidates, index: std::cell::OnceCell::new() }
    }

    fn index(&self) -> &SpansAndReach {
        self.index.get_or_init(|| {
            let mut spans: Vec<(usize, usize)> = self
                .candidates
                .iter()
                .filter(|c| c.kind.is_some_and(|kind| kind != EntityKind::Org))
                .map(|c| (c.start, c.end))
                .collect();
            spans.sort_unstable();
            let reach = spans
                .iter()
                .scan(0, |furthest, &(_, end)| {
                    *furthest = end.max(*furthest);
                    Some(*furthest)
                })
                .collect();
            (spans, reach)
        })
    }

    /// Whether one of them overlaps `from..to`.
    fn overlaps(&self, from: usize, to: usize) -> bool {
        let (spans, reach) = self.index();
        let starting_before = spans.partition_point(|&(start, _)| start < to);
        starting_before > 0 && reach[starting_before - 1] > from
    }

    /// Whether one of them is exactly `start..end`.
    fn holds(&self, start: usize, end: usize) -> bool {
        self.index().0.binary_search(&(start, end)).is_ok()
    }
}

/// A person's name followed by a stock ticker in Reuters' angle brackets is a company's: "two
/// new McDonnell Douglas <MD> MD-83 jets", "Diamond Shamrock <DIA>" (people have no tickers);
/// so is a place's the tables do not know ("Atlantic Richfield <ARC>").
fn firms_by_tickers(gazetteer: &Gazetteer, text: &str, spans: &mut [ModelSpan]) {
    for span in spans.iter_mut().filter(|s| matches!(s.kind, 0 | 2)) {
        let surface = &text[span.start..span.end];
        // ("Standard Oil Co of the U.S. <SRD>": the tables know "U.S.", so it stays.)
        let unknown =
            || gazetteer.lookup_name(surface).is_none() && gazetteer.lookup_spelling(surface).is_none();
        if crate::lexicon::ticker_follows(text, span.end) && (span.kind == 0 || unknown()) {
            span.kind = 1;
        }
    }
}

/// Whether a place span's name `surface` is a firm's by its last word ("Capital Economics",
/// "Midland Bank"): two words or more, the last a firm's, and no place the tables know. Two
/// words ending in "Markets" name a kind of market as often ("Export Markets", "Emerging
/// Markets"), and a bank is a river's or a shoal's after a side's word or where its last two
/// words are a place the tables know ("Left Bank", "South Bank", "Israeli-occupied West Bank").
pub(crate) fn names_a_firm(gazetteer: &Gazetteer, surface: &str) -> bool {
    const SIDES: &[&str] = &["North", "South", "East", "West", "Left", "Right"];
    let Some((first, last)) = surface.rsplit_once(' ') else { return false };
    let before = first.rsplit([' ', '-']).next().unwrap_or(first);
    let a_bank_by_a_place = || {
        SIDES.contains(&before)
            || gazetteer.place_entry(&surface[surface.len() - before.len() - " Bank".len()..]).is_some()
    };
    FIRM_LAST_WORDS.contains(&last)
        && (last != "Markets" || first.contains(' '))
        && !(last == "Bank" && a_bank_by_a_place())
        && gazetteer.place_entry(surface).is_none()
}

/// A name the model reads as CoNLL's MISC and, more often in the same document, as an
/// organisation's takes that type: "causing Moulinex stock to drop" beside five "Moulinex" an
/// organisation (the model reads a company's name before "stock" or "shares" as an
/// adjective's; a MISC span is no entity, so the mention was lost). Not before a product's
/// noun ("the Cabir virus", "the Blu-ray format", "the first Macintosh computer", where the
/// MISC is right and the organisations elsewhere wrong), nor for a person's or a place's
/// majority: on the bench news those were as often works ("a Titanic", "Halo") as names.
fn misc_typed_elsewhere(text: &str, spans: &mut [ModelSpan]) {
    const PRODUCT_KINDS: &[&str] = &[
        "brand",
        "computer",
        "computers",
        "console",
        "consoles",
        "format",
        "game",
        "games",
        "program",
        "programs",
        "software",
        "system",
        "technology",
        "variant",
        "virus",
        "worm",
    ];
    if !spans.iter().any(|s| s.kind == 3) {
        return;
    }
    let mut kinds: std::collections::HashMap<
        &str,
        [u32; 2],
        std::hash::BuildHasherDefault<crate::text::WordHasher>,
    > = std::collections::HashMap::default();
    for span in spans.iter().filter(|s| s.kind == 1 || s.kind == 3) {
        kinds.entry(&text[span.start..span.end]).or_default()[usize::from(span.kind == 3)] += 1;
    }
    for span in spans.iter_mut().filter(|s| s.kind == 3) {
        let [organisation, misc] = kinds[&text[span.start..span.end]];
        let next = text[span.end..].strip_prefix(' ').and_then(|r| r.split([' ', ',', '.']).next());
        if organisation > misc && !next.is_some_and(|w| PRODUCT_KINDS.contains(&w)) {
            span.kind = 1;
        }
    }
}

/// A name that ends in a bourse's, a broadcaster's, a paper's or a league's word is an
/// organisation's, whatever place or person opens it: "Paris Bourse", "Tehran Radio", "Japan
/// Times", "Atlantic Coast Conference" (the model read 40 such names on the bench news as
/// places or persons: the place's name inside decides it). So is a person's that "said in its"
/// report or review: "Comissaria Smith said in its weekly review", "Gill and Duffus said in its
/// April cocoa market report" (a trading house; all eight such persons on the bench news).
/// A league "of" something is a body, not a sports competition, whatever the nationality or
/// place that opens it: "Australian League of Rights", "New Zealand League of Rights", "League
/// of Women Voters" (the model, trained where "American League" is baseball's, read them as
/// MISC or places), and so is one "for" something ("the National League for Democracy"). A
/// league named for its sport is its body too, as CoNLL writes "National Football League":
/// "Major League Baseball", "the West Australian Football League" (but "the Major League
/// Baseball Draft" is an event, "the American League" stays CoNLL's competition, and so does a
/// league's name alone on a line, the title of its results).
fn organisations_by_their_words(text: &str, spans: &mut [ModelSpan]) {
    const SPORTS: &[&str] = &["Baseball", "Basketball", "Football", "Hockey", "Rugby", "Soccer"];
    for span in spans.iter_mut() {
        let surface = &text[span.start..span.end];
        let last_word = matches!(span.kind, 0 | 2)
            && surface
                .rsplit_once(' ')
                .is_some_and(|(_, last)| matches!(last, "Bourse" | "Radio" | "Times" | "Conference"));
        let said = span.kind == 0 && text[span.end..].starts_with(" said in its ");
        let alone_on_a_line = || {
            let before = text[..span.start].trim_end_matches(' ');
            let after = text[span.end..].trim_start_matches(' ');
            (before.is_empty() || before.ends_with('\n')) && (after.is_empty() || after.starts_with('\n'))
        };
        let sports_body = || {
            let mut words = surface.split(' ');
            surface.contains("League")
                && !alone_on_a_line()
                && words.clone().any(|w| SPORTS.contains(&w))
                && words.next_back().is_some_and(|last| last == "League" || SPORTS.contains(&last))
        };
        if last_word
            || said
            || surface.contains("League of ")
            || surface.contains("League for ")
            || span.kind != 1 && sports_body()
        {
            span.kind = 1;
        }
    }
}

/// Plurals that end a place's name ("Cayman Islands", "Niagara Falls", "Golan Heights",
/// "Yorkshire Dales", "Florida Everglades") or an event's ("Sydney Olympics", "Oslo Accords",
/// "Iowa Caucuses"), or a party's members of a state ("Texas Democrats"): no team's, for
/// [`teams_named_for_places`].
const PLACE_PLURALS: &[&str] = &[
    "Accords",
    "Acres",
    "Alps",
    "Antilles",
    "Awards",
    "Banks",
    "Baths",
    "Bays",
    "Caucuses",
    "Championships",
    "Cliffs",
    "Commons",
    "Conventions",
    "Dales",
    "Democrats",
    "Docklands",
    "Docks",
    "Downs",
    "Dunes",
    "Emirates",
    "Estates",
    "Everglades",
    "Falls",
    "Fens",
    "Fields",
    "Flats",
    "Forks",
    "Games",
    "Gardens",
    "Glades",
    "Grounds",
    "Heights",
    "Highlands",
    "Hills",
    "Islands",
    "Isles",
    "Keys",
    "Lakes",
    "Lowlands",
    "Marathons",
    "Marches",
    "Marshes",
    "Masters",
    "Meadows",
    "Mills",
    "Moors",
    "Mountains",
    "Narrows",
    "Oaks",
    "Olympics",
    "Palms",
    "Papers",
    "Paralympics",
    "Pines",
    "Plains",
    "Primaries",
    "Provinces",
    "Rapids",
    "Reefs",
    "Republicans",
    "Ridges",
    "Riots",
    "Rivers",
    "Rocks",
    "Sands",
    "Sevens",
    "Shoals",
    "Springs",
    "States",
    "Straits",
    "Talks",
    "Territories",
    "Times",
    "Towers",
    "Trials",
    "Valleys",
    "Waters",
    "Wells",
    "Woods",
];

/// What joins two items of a list: a comma, "and" or "or" after one, as news writes it (", ")
/// or as a CoNLL file's tokens are joined (" , and "); whether "and" or "or" ends the list
/// there.
fn joins_list_items(between: &str) -> Option<bool> {
    let bare = between.trim_matches(' ');
    let rest = bare.strip_prefix(',').map_or(bare, |rest| rest.trim_start_matches(' '));
    match rest {
        "" if bare == "," => Some(false),
        "and" | "or" => Some(true),
        _ => None,
    }
}

/// A list of three names or more, joined by commas then "and" or "or" ("A, B and C"), whose
/// names are all of one type but one: that one is of the others' type ("producing credits
/// include Orgy, Velvet Revolver, and Linkin Park", "tournaments in Walsall, Melbourne, Luton
/// and London", "Sao Paulo, Rio de Janeiro and Porto Alegre"). A list names things of one
/// kind. Names joined by commas alone are no such list: an address ("Salt Publishing,
/// Cambridge, UK"), an apposition ("INSEE, Marais said") or a team sheet. A name the tables
/// know counts with their type, and keeps it. Not MISC either way ("Microsoft, Apple and
/// Windows"); not an organisation that a word of its name says is one ("the U.S. Navy,
/// Australia and Spain"); not a person's name that opens with a given name or a title, or
/// follows a title; a person's name among persons only as one word ("Clinton, Dole and
/// Perot"), since a company's name may stand among its people; and not in a firm's name that
/// lists its partners before its legal form ("Salomon, Levin and Elstein Ltd", "Ladenburg,
/// Thalmann and Co").
fn lists_of_one_kind(
    gazetteer: &Gazetteer,
    entries: &EntriesByStart<'_>,
    text: &str,
    spans: &mut [ModelSpan],
    is_given_name: impl Fn(&str) -> bool,
) {
    // The CoNLL type a name counts with: the tables' where they match it ("U.S." too) or know
    // it (and None, "keep it").
    let table_kind = |span: &ModelSpan| {
        let matched = entries.starting_in(span.start, span.start + 1).find(|(_, c)| c.end == span.end);
        let kind = match matched {
            Some((_, c)) => c.kind,
            None => gazetteer.lookup_name(&text[span.start..span.end]).map(|e| gazetteer.entry(e).kind),
        };
        kind.map(|kind| conll_kind(kind).unwrap_or(3))
    };
    let mut first = 0;
    while first < spans.len() {
        // The list runs on by commas until "and" or "or" joins its last name.
        let mut last = first;
        let mut ended = false;
        while let Some(next) = spans.get(last + 1)
            && let Some(and) = text.get(spans[last].end..next.start).and_then(joins_list_items)
        {
            last += 1;
            if and {
                ended = true;
                break;
            }
        }
        let list = first..=last;
        first = last + 1;
        // A firm named for its partners or a club for its towns ("Ealing, Southall and
        // Middlesex AC"), or a last name that runs on past the list ("Reagan, Greenspan, and
        // Treasury Secretary James Baker", "Cable and Wireless and U.S.-based Pacific Telesis").
        let runs_on = || {
            let name = &text[spans[last].start..spans[last].end];
            let after = word_a_space_after(text, spans[last].end).unwrap_or_default();
            let last_word = name.rsplit(' ').next().unwrap_or_default();
            is_company_suffix(last_word)
                || last_word == "AC"
                || is_org_or_company_word(last_word) && name.contains(' ')
                || is_company_suffix(after.trim_end_matches([',', '.']))
                || after.starts_with(char::is_uppercase)
                || text[spans[last].end..].starts_with(['-', '\''])
                || text[spans[last].end..].starts_with(" and Co")
        };
        if !ended || last - list.start() < 2 || runs_on() {
            continue;
        }
        let kinds: Vec<(u8, bool)> = spans[list.clone()]
            .iter()
            .map(|s| table_kind(s).map_or((s.kind, false), |k| (k, true)))
            .collect();
        let Some(odd) = (0..kinds.len()).find(|&i| {
            let other = kinds[(i + 1) % kinds.len()].0;
            kinds[i].0 != other && kinds.iter().enumerate().all(|(j, k)| j == i || k.0 == other)
        }) else {
            continue;
        };
        let kind = kinds[(odd + 1) % kinds.len()].0;
        let span = spans[list.start() + odd];
        let name = &text[span.start..span.end];
        let first_word = name.split(' ').next().unwrap_or_default();
        let keeps = kind == 3
            || span.kind == 3
            || kinds[odd].1
            || span.kind == 1 && name.split(' ').any(is_org_or_company_word)
            || span.kind == 0
                && (is_given_name(first_word)
                    || is_title_or_honorific(first_word.trim_end_matches('.'))
                    || is_title_or_honorific(word_before_name(text, span.start)))
            || kind == 0 && name.contains(' ')
            // (A person among persons only where another of them is one by a given name or
            // the tables: one-word names the model reads as persons are as often firms named
            // for a partner, products or towns, "Woodhouse, Drake and Carey", "Jeep Comanche,
            // Cherokee and Wagoneer".)
            || kind == 0
                && !kinds.iter().zip(&spans[list.clone()]).enumerate().any(|(j, (k, s))| {
                    j != odd && (k.1 || is_given_name(text[s.start..s.end].split(' ').next().unwrap_or_default()))
                })
            // (An organisation of three words or more is a name the model read whole.)
            || span.kind == 1 && name.split(' ').count() > 2;
        if !keeps {
            spans[list.start() + odd].kind = kind;
        }
    }
}

/// A place's name and a plural after it, as one place's span of the model's, is a team named
/// for the place: "the Chicago Bulls", "the Texas Longhorns", "the Ottawa 67s" (the model
/// typed the whole by the place it opens with). Only where the tables know the words before
/// the plural as a place, and not the whole name ("Cayman Islands"); not a plural that ends
/// places' or events' names ([`PLACE_PLURALS`]); and only after "the" or on a sports page ("scored
/// Chad Curtis" is no team). A number's plural after a place's span the model left it out of
/// ("Ottawa 67s"), or after a place it read as a team ("Philadelphia 76ers"), is taken in, the
/// number's own span with it, and so is a place's first word the model left out of a team's
/// name ("Bowling Green Falcons").
fn teams_named_for_places(gazetteer: &Gazetteer, text: &str, spans: &mut [ModelSpan]) {
    let sports = std::cell::OnceCell::new();
    let sports = || *sports.get_or_init(|| reads_as_sports(text));
    let is_place = |name: &str| gazetteer.place_entry(name).is_some();
    // "67s", "76ers", "49ers": two digits, not a decade ("the 90s") nor a tournament's ("the Hong
    // Kong 7s").
    let numbered = |word: &str| {
        let letters = word.trim_start_matches(|c: char| c.is_ascii_digit());
        let decade = word.as_bytes().get(1) == Some(&b'0');
        word.len() - letters.len() == 2 && (letters == "ers" || letters == "s" && !decade)
    };
    // A place's first word the model left out of a team's name: "the Bowling Green Falcons" read
    // as "Green Falcons" ("bowling" is a common word).
    for k in 0..spans.len() {
        let span = spans[k];
        // (Or of a person's, where the name ends in a plural: "Green Falcons".)
        let plural = || text[span.start..span.end].ends_with('s');
        let Some((at, word)) =
            word_a_space_before(text, span.start).filter(|_| span.kind == 1 || span.kind == 0 && plural())
        else {
            continue;
        };
        let first = text[span.start..span.end].split(' ').next().unwrap_or_default();
        if word.starts_with(char::is_uppercase)
            && STOPWORDS.binary_search(&word).is_err()
            && at >= end_before(spans, k)
            && span.end > span.start + first.len()
            && is_place(&text[at..span.start + first.len()])
        {
            spans[k].start = at;
            spans[k].kind = 1;
        }
    }
    for k in 0..spans.len() {
        if !matches!(spans[k].kind, 1 | 2) {
            continue;
        }
        let span = &spans[k];
        let after = text[span.end..]
            .strip_prefix(' ')
            .and_then(|rest| rest.split([' ', ',', '.', ';', ':', ')']).next());
        if let Some(word) = after.filter(|w| numbered(w))
            && is_place(&text[span.start..span.end])
        {
            // The number's own span, if the model gave it one, is taken in (emptied); one that
            // goes on past it stays, and so does the place.
            let to = span.end + 1 + word.len();
            match spans.get(k + 1) {
                Some(next) if next.start < to && next.end > to => continue,
                Some(next) if next.start < to => {
                    spans[k + 1] = ModelSpan { start: to, end: to, kind: next.kind }
                }
                _ => {}
            }
            spans[k].end = to;
            spans[k].kind = 1;
            continue;
        }
        let span = &mut spans[k];
        // (The model may have taken in an article that opens a sentence: "The San Diego
        // Chargers finally reached".)
        let whole = &text[span.start..span.end];
        let surface = whole.strip_prefix("The ").unwrap_or(whole);
        let Some((place, plural)) = surface.rsplit_once(' ').filter(|_| span.kind == 2) else { continue };
        // (Not a surname's ending: "scored Chad Curtis".)
        let team = plural.len() > 3
            && plural.ends_with('s')
            && !["ss", "is", "us"].iter().any(|e| plural.ends_with(e))
            && plural.starts_with(char::is_uppercase)
            && plural.chars().all(char::is_alphabetic)
            && !PLACE_PLURALS.contains(&plural)
            || numbered(plural);
        let after_the =
            || surface.len() < whole.len() || matches!(word_before(text, span.start), "the" | "The");
        if team
            && is_place(place)
            && gazetteer.lookup_name(surface).is_none()
            && !is_place(plural)
            && (after_the() || sports())
        {
            span.kind = 1;
        }
    }
}

/// A nationality's empire or republic is a place (a state, as "Czech Republic" is), not the
/// MISC the nationality makes the model read: "the former Russian Empire", "the old Ottoman
/// Empire", "the new Portuguese Republic".
fn empires_are_places(gazetteer: &Gazetteer, text: &str, spans: &mut [ModelSpan]) {
    const DYNASTIES: &[&str] = &["Byzantine", "Holy Roman", "Mughal", "Ottoman", "Roman"];
    for span in spans.iter_mut().filter(|s| s.kind == 3) {
        let surface = &text[span.start..span.end];
        let Some(people) = surface.strip_suffix(" Empire").or_else(|| surface.strip_suffix(" Republic"))
        else {
            continue;
        };
        if DYNASTIES.contains(&people) || gazetteer.is_nationality(people) {
            span.kind = 2;
        }
    }
}

/// A nationality and the words of an organisation's kind after it, as a MISC span, are a
/// national body or company, not the MISC the nationality makes the model read: "the Brazilian
/// Association of Citrus Juice Industries", "Argentine Army Chief of Staff", "the Australian
/// National Socialist Party", "a group of Canadian Tire dealers", "the Bulgarian Academy of
/// Sciences" ([`is_org_or_company_word`] or an academy, confederation, institution or society,
/// before any "of"). Not a league, baseball's "American League" in CoNLL's MISC; and only a
/// span of capitalised words with no capitalised word but an article, "and" or "&" before it,
/// as the model may have started inside a name or run on past one ("Pan American World
/// Airways", "Smith Kline and French Laboratories", "Council of Ministers approves").
fn national_bodies(gazetteer: &Gazetteer, text: &str, spans: &mut [ModelSpan]) {
    for span in spans.iter_mut().filter(|s| s.kind == 3) {
        let surface = &text[span.start..span.end];
        let Some((first, rest)) = surface.split_once(' ') else { continue };
        let kind_word = crate::text::last_word_before_of(rest);
        let written_as_a_name = || {
            surface.split(' ').all(|w| w.starts_with(char::is_uppercase) || TITLE_SMALL_WORDS.contains(&w))
                && word_a_space_before(text, span.start).is_none_or(|(_, w)| {
                    (ARTICLES.contains(&w) || !w.starts_with(char::is_uppercase)) && w != "and" && w != "&"
                })
        };
        // (Bodies' words the tables' list leaves out, which alone may end a title or a
        // game's name: "Fame Academy", "Racing Academy".)
        let body_word = || matches!(kind_word, "Academy" | "Confederation" | "Institution" | "Society");
        if kind_word != "League"
            && (is_org_or_company_word(kind_word) || body_word())
            && gazetteer.is_nationality(first)
            && written_as_a_name()
        {
            span.kind = 1;
        }
    }
}

/// A body's kind word alone after "the", as a MISC span, is the organisation the document names
/// in full with it: "The League was formed", "associated with the League" after "the Australian
/// League of Rights" (the model reads a lone "League" as baseball's), "the Fund forecasts".
/// Only a word of [`is_org_or_company_word`] that an organisation's span of the text has after
/// its first word; not one the model split from its name ("Home Office", "the Premier League
/// club": the tables' name stands).
fn bodies_named_short(text: &str, spans: &mut [ModelSpan]) {
    let short = |span: &ModelSpan| {
        if span.kind != 3 {
            return None;
        }
        let surface = &text[span.start..span.end];
        let word = match surface.strip_prefix("The ") {
            Some(word) => word,
            None if matches!(word_before(text, span.start), "the" | "The") => surface,
            None => return None,
        };
        (!word.contains(' ') && is_org_or_company_word(word)).then_some(word)
    };
    if !spans.iter().any(|s| short(s).is_some()) {
        return;
    }
    // The organisations' words after their first, gathered once (a long text has thousands).
    let words: WordSet<&str> =
        spans.iter().filter(|o| o.kind == 1).flat_map(|o| text[o.start..o.end].split(' ').skip(1)).collect();
    for span in spans.iter_mut() {
        if short(span).is_some_and(|word| words.contains(word)) {
            span.kind = 1;
        }
    }
}

/// A peer named by title and surname is a person, whatever type the model gave the name: "Lord
/// Kinnock was accompanied by…", "the senior judge, Lord Woolf", "adviser Baroness Morgan" (the
/// model read 35 such names on the BBC pages as places or organisations; the peer's name is
/// often a place's). Also a peerage's "Lord Irvine of Lairg". Not an office ("Lord Chancellor",
/// "Lord Chief Justice", "Lord Mayor") nor a god ("Lord Krishna").
fn peers_are_persons(text: &str, spans: &mut [ModelSpan]) {
    const NOT_SURNAMES: &[&str] = &[
        "Advocate",
        "Chamberlain",
        "Chancellor",
        "Chief",
        "Commissioner",
        "God",
        "High",
        "Justice",
        "Lieutenant",
        "Mayor",
        "President",
        "Privy",
        "Protector",
        "Provost",
        "Rector",
        "Speaker",
        "Steward",
        "Warden",
    ];
    for span in spans.iter_mut().filter(|s| s.kind != 0) {
        let surface = &text[span.start..span.end];
        // The title in the span or right before it ("Lord [Irvine] of Lairg").
        let rest = match surface.split_once(' ') {
            Some(("Lord" | "Baroness", rest)) => rest,
            _ if matches!(word_before_name(text, span.start), "Lord" | "Baroness") => surface,
            _ => continue,
        };
        let surname = crate::text::split_at_of(rest).map_or(rest, |(surname, _)| surname);
        // (After "Mc", "Mac" or "O'" a second capital: "Lord McAlpine", "Lord O'Donnell".)
        let tail = ["Mc", "Mac", "O'"]
            .iter()
            .find_map(|p| surname.strip_prefix(p).filter(|t| t.starts_with(|c: char| c.is_uppercase())))
            .map_or(surname.get(1..).unwrap_or_default(), |t| t.get(1..).unwrap_or_default());
        if !surname.contains(' ')
            && surname.starts_with(|c: char| c.is_ascii_uppercase())
            && tail.chars().all(|c| c.is_lowercase() || c == '-' || c == '\'')
            && !NOT_SURNAMES.contains(&surname)
            && !crate::lexicon::GODS.contains(&surname)
        {
            span.kind = 0;
        }
    }
}

/// A company's name the model began a word or more late, leaving out a capitalised word it
/// took for a title or a common one: "General Dynamics Corp" read as "Dynamics Corp", "First
/// Albany Corp." as "Albany Corp.", "Great Western Financial Corp", "May Petroleum Inc",
/// "First Interstate Bancorp" as "Bancorp". A span of an organisation or a person that ends in
/// a legal form (a person's is a firm's), or is a company's word alone ("Bancorp"),
/// starts at up to three capitalised words right before it (a space apart) that no other span
/// holds and no table or rule names as anything but an organisation: none a sentence opener
/// (but "First", "Northern" and the like), a title (but "General"), a weekday, a month (but
/// "May" after no word of time: "in May"), a word of Reuters's tables ("Shr Royal Dutch
/// Petroleum Co") or the end of a longer word ("3M"). The span is then an organisation's.
fn extend_company_start(text: &str, spans: &mut [ModelSpan], others: &OtherNames) {
    let mut title_case = TitleCaseLines::default();
    // What a company is, written before its name at a sentence's start: "Publisher Harcourt
    // Brace Jovanovich Inc", "Underwriter Moseley Holding Corp".
    const COMPANY_ROLES: &[&str] = &[
        "Airline",
        "Automaker",
        "Brewer",
        "Broker",
        "Brokerage",
        "Carmaker",
        "Carrier",
        "Chipmaker",
        "Conglomerate",
        "Distributor",
        "Drugmaker",
        "Firm",
        "Insurer",
        "Investor",
        "Lender",
        "Maker",
        "Miner",
        "Packer",
        "Parent",
        "Partner",
        "Publisher",
        "Refiner",
        "Retailer",
        "Rival",
        "Subsidiary",
        "Underwriter",
        "Unit",
        "Utility",
    ];
    const TIME_WORDS: &[&str] =
        &["by", "early", "from", "in", "In", "last", "late", "mid", "next", "since", "this", "until"];
    for k in 0..spans.len() {
        let span = spans[k];
        let surface = &text[span.start..span.end];
        let last = surface.rsplit_once(' ').map(|(_, last)| last);
        // Or a company's word alone: "First Interstate Bancorp" read as "Bancorp".
        let head_alone = !surface.contains(' ') && COMPANY_HEADS.contains(&surface);
        if span.kind > 1 || !(last.is_some_and(is_company_suffix) || head_alone) {
            continue;
        }
        // (Past the spans an earlier pass emptied: `join_trades_to_company` leaves one at the
        // start of the company it joins.)
        let floor = end_before(spans, k);
        let mut start = span.start;
        for _ in 0..3 {
            let Some(before) = text[..start].strip_suffix(' ') else { break };
            let word = before.rsplit(|c: char| !(c.is_alphabetic() || c == '-')).next().unwrap_or_default();
            let word_start = before.len() - word.len();
            // Not part of a longer word or of initials ("3M Document Products Inc", "I.P. Sharp
            // Associates", "Pay 'N Pak Stores Inc", "AT&T Wireless"), nor an initial.
            let part = !word_starts_at(text, word_start) || is_initial(word);
            // An adjective made with a hyphen ("Milwaukee-based", "Privately-held", "B-minus").
            let adjective = word.split('-').skip(1).any(|part| !part.starts_with(char::is_uppercase))
                || is_credit_grade(word)
                || word == "Based";
            let time_before = || TIME_WORDS.contains(&word_before(text, word_start));
            let opener = STOPWORDS.binary_search(&word).is_ok() && !STOPWORDS_OPENING_NAMES.contains(&word);
            // A table's or a rule's name other than an organisation's ("in May", "Canada").
            let named_otherwise = others.overlaps(word_start, before.len());
            if !word.starts_with(char::is_uppercase)
                || word_start < floor
                || part
                || adjective
                || COMPANY_ROLES.contains(&word)
                || opener
                || named_otherwise
                || is_table_word(word)
                || (word != "General" && is_title_or_honorific(word))
                || is_weekday(word)
                || (is_month(word) && (word != "May" || time_before()))
            {
                break;
            }
            start = word_start;
        }
        if start < span.start && !title_case.ask(text, span.start) {
            spans[k] = ModelSpan { start, end: span.end, kind: 1 };
        }
    }
}

/// A company's short name the model began a word late where the document names the company in
/// full: "First Federal share" beside "<First Federal Savings Bank>", "King World said" beside
/// "King World Productions Inc", "Canadian Imperial still plans" beside "Canadian Imperial Bank
/// of Commerce". A span (of any type but MISC) whose word right before it (a space apart,
/// capitalised, no sentence opener but "First" and the like, no title but "General", no
/// initial nor the end of a longer word) makes with it the start of a longer organisation's
/// name written elsewhere in the document starts at that word, and is an organisation's,
/// unless the two words are a place the tables know ("New England"). The
/// longer names are the model's organisations of two words or more, the tables' and the
/// names in Reuters' angle brackets; not in capitals ("THE WON WAS"), nor in a line in title
/// case.
fn extend_to_named_company(
    text: &str,
    spans: &mut [ModelSpan],
    candidates: &[Candidate],
    others: &OtherNames,
) {
    let mut title_case = TitleCaseLines::default();
    // The longer names, by name, for the names a short one opens (a binary search, not a scan of
    // them all for each span: a document of megabytes has thousands of both); gathered when a
    // span first has a word before it to ask about.
    let names = std::cell::OnceCell::new();
    let longer_names = |spans: &[ModelSpan]| {
        let mut names: Vec<(usize, &str)> = spans
            .iter()
            .filter(|s| s.kind == 1)
            .map(|s| (s.start, &text[s.start..s.end]))
            .chain(
                candidates
                    .iter()
                    .filter(|c| c.kind == Some(EntityKind::Org) && matches!(c.label, Label::Entry(_)))
                    .map(|c| (c.start, &text[c.start..c.end])),
            )
            .chain(crate::text::angle_bracketed(text))
            .filter(|(_, name)| name.contains(' ') && name.chars().any(char::is_lowercase))
            .collect();
        names.sort_unstable_by(|a, b| a.1.cmp(b.1).then(a.0.cmp(&b.0)));
        names.dedup();
        names
    };
    for k in 0..spans.len() {
        let span = spans[k];
        if span.kind == 3 || span.start == span.end {
            continue;
        }
        let Some(before) = text[..span.start].strip_suffix(' ') else { continue };
        let word = before
            .rsplit(|c: char| !(c.is_alphanumeric() || c == '-' || c == '&'))
            .next()
            .unwrap_or_default();
        let word_start = before.len() - word.len();
        let floor = end_before(spans, k);
        if word_start < floor
            || !word.starts_with(char::is_uppercase)
            || !word.chars().any(char::is_lowercase) && word.len() > 3
            || !word_starts_at(text, word_start)
            || is_initial(word)
            || STOPWORDS.binary_search(&word).is_ok() && !STOPWORDS_OPENING_NAMES.contains(&word)
            || word != "General" && is_title_or_honorific(word)
        {
            continue;
        }
        let names: &Vec<(usize, &str)> = names.get_or_init(|| longer_names(spans));
        let short = &text[word_start..span.end];
        // (A longer name: one as short may be the model's same mistake elsewhere, "Accounting
        // Office" of "General Accounting Office".)
        let first = names.partition_point(|&(_, name)| name < short);
        let named = names[first..]
            .iter()
            .take_while(|&&(_, name)| name.starts_with(short))
            .any(|&(start, name)| start != word_start && name[short.len()..].starts_with([' ', ',']));
        // A place the tables know is one still: "a strong New England economy" beside "New
        // England Electric System".
        let place = || others.holds(word_start, span.end);
        if named && !place() && !title_case.ask(text, span.start) {
            spans[k] = ModelSpan { start: word_start, end: span.end, kind: 1 };
        }
    }
}

/// Whether `name` has two words or more and ends in a building's, an area's or an
/// organisation's word ([`FACILITIES`], [`AREAS`], [`ORGANISATION_NOT_PLACE`]): a name whole.
/// Not a hotel's, which names its other halls after an "and" ("Oak Brook Hills Hotel and
/// Conference Center").
fn ends_in_a_head(name: &str) -> bool {
    name.rsplit_once(' ').is_some_and(|(_, last)| {
        last != "Hotel"
            && (FACILITIES.contains(&last) || AREAS.contains(&last) || ORGANISATION_NOT_PLACE.contains(&last))
    })
}

/// Whether `name` is a generic word and a building's or an institution's ("Research Centre",
/// "Concert Hall", "Conference Center"): after "and", a hall of the name before it, one
/// institution ("Lilavati Hospital and Research Centre", "the Rainbow Theatre and Concert Hall").
fn names_a_hall(name: &str) -> bool {
    const GENERIC: &[&str] = &[
        "Concert",
        "Conference",
        "Convention",
        "Cultural",
        "Education",
        "Exhibition",
        "Heritage",
        "Leisure",
        "Medical",
        "Research",
        "Sports",
        "Training",
        "Visitor",
        "Visitors",
    ];
    name.split_once(' ').is_some_and(|(first, rest)| GENERIC.contains(&first) && !rest.contains(' '))
}

/// Two names the model ran into one across "and": "Citibank and Chase Manhattan", "Standard
/// Chartered Bank and Union Bancorp", "Reagan and Nakasone", "Tories and Lib Dems". A span "A
/// and B" is two, A and B, when the document names each of them on its own elsewhere (a span of
/// the model's or a table's name, not joined to another by "and"), or when each is a name of
/// the tables right there ("United Nations and Organisation of African Unity"), or when each
/// ends in a word that ends a whole name ([`ends_in_a_head`]). A firm named for two founders is written whole
/// wherever it is named ("Rohm and Haas", "Young and Rubicam", "Reynolds and Reynolds"), so it
/// stays one. Each part takes the type the model gave it where it stands alone, else the
/// span's.
///
/// So, too, across a comma ("an interview on Cable News Network, Baker said", "the
/// Bundesbank, Poehl said"): a span "A, B" is two where B is the surname of a person the
/// document names in full ("James Baker"), who B then is, or where the document names each
/// on its own. Firms named for partners are written with the comma wherever they are named
/// ("Kidder, Peabody", "Goldman, Sachs"), and a legal form after it is the name's ("Cargill,
/// Inc."): they stay one.
fn split_joined_names(text: &str, spans: &mut Vec<ModelSpan>, candidates: &[Candidate]) {
    const AND: &str = " and ";
    const COMMA: &str = ", ";
    // (By searchers built once: every span of every document is asked.)
    static AND_FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(AND));
    static COMMA_FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(COMMA));
    if !spans.iter().any(|s| {
        let bytes = &text.as_bytes()[s.start..s.end];
        AND_FINDER.find(bytes).is_some() || COMMA_FINDER.find(bytes).is_some()
    }) {
        return;
    }
    let whole = std::mem::take(spans);
    // The names of the document, the model's and the tables', by their words: where each is
    // written, and the model's type of its first; the tables' types by place. (Looked up, not
    // searched for in the text for each span: a document of megabytes has thousands of them.)
    let mut named: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    let mut model_kind: std::collections::HashMap<&str, u8> = std::collections::HashMap::new();
    for o in whole.iter().filter(|o| o.start < o.end) {
        named.entry(&text[o.start..o.end]).or_default().push(o.start);
        model_kind.entry(&text[o.start..o.end]).or_insert(o.kind);
    }
    let mut entries: std::collections::HashMap<(usize, usize), Vec<EntityKind>> =
        std::collections::HashMap::new();
    for c in candidates.iter().filter(|c| matches!(c.label, Label::Entry(_)) && c.start < c.end) {
        named.entry(&text[c.start..c.end]).or_default().push(c.start);
        entries.entry((c.start, c.end)).or_default().extend(c.kind);
    }
    let table_name_at = |at: usize, end: usize| {
        entries.get(&(at, end)).is_some_and(|kinds| kinds.iter().any(|&kind| kind != EntityKind::Norp))
    };
    // Where `name` is a name on its own, the model's or the tables', but at `skip`, not joined
    // to another by "and".
    let alone = |name: &str, skip: usize, beside: &dyn Fn(usize) -> bool| {
        named.get(name).is_some_and(|starts| starts.iter().any(|&at| at != skip && !beside(at)))
    };
    // A company's legal form ("J.P. Morgan and Co Inc") or a trade ("United Savings and Loan
    // Association", "House Ways and Means Committee") makes the two one name.
    let one_name = |first: &str, second: &str| {
        let last = first.rsplit(' ').next().unwrap_or_default();
        let next = second.split(' ').next().unwrap_or_default();
        is_company_suffix(next) || TRADES.contains(&last) || TRADES.contains(&next) || last == "Ways"
    };
    // The last words of the persons the model names in full: "Baker" of "James Baker".
    let surnames: std::collections::HashSet<&str> = whole
        .iter()
        .filter(|o| o.kind == 0)
        .filter_map(|o| text[o.start..o.end].rsplit_once(' ').map(|(_, last)| last))
        .filter(|last| !crate::lexicon::is_name_suffix(last))
        .collect();
    for span in &whole {
        let surface = &text[span.start..span.end];
        // The two parts, and whether the second is a person by its surname.
        let parts = if let Some((first, second)) = surface.split_once(AND) {
            let second_start = span.start + first.len() + AND.len();
            let apart = first != second
                && !second.contains(AND)
                && first.starts_with(char::is_uppercase)
                && second.starts_with(char::is_uppercase)
                && !one_name(first, second)
                && (alone(first, span.start, &|at| text[at + first.len()..].starts_with(AND))
                    && alone(second, second_start, &|at| text[..at].ends_with(AND))
                    // Or each part a name of the tables right there: "United Nations and
                    // Organisation of African Unity".
                    || table_name_at(span.start, span.start + first.len()) && table_name_at(second_start, span.end)
                    // Or each part of two words or more ending in a building's, an area's or an
                    // organisation's word: "Aabenraa County and Sonderborg County", "Ohio State
                    // University and Michigan State University"; not where the second is a hall of
                    // the first ("Lilavati Hospital and Research Centre").
                    || ends_in_a_head(first) && ends_in_a_head(second) && !names_a_hall(second));
            apart.then_some((first, second, second_start, false))
        } else if let Some((first, second)) = surface.split_once(COMMA) {
            let second_start = span.start + first.len() + COMMA.len();
            // (A partners' firm of one word each is no organisation and a surname: "Goldman,
            // Sachs" where "Jeffrey Sachs" is named.)
            let person = !second.contains(' ') && first.contains(' ') && surnames.contains(second);
            let apart = !second.contains(COMMA)
                && first.starts_with(char::is_uppercase)
                && second.starts_with(char::is_uppercase)
                && !is_company_suffix(second.split(' ').next().unwrap_or_default())
                && !table_name_at(span.start, span.end)
                && (person
                    || alone(first, span.start, &|at| text[at + first.len()..].starts_with(COMMA))
                        && alone(second, second_start, &|at| text[..at].ends_with(COMMA)));
            apart.then_some((first, second, second_start, person))
        } else {
            None
        };
        let Some((first, second, second_start, person)) = parts else {
            spans.push(*span);
            continue;
        };
        // The model's type where the part stands alone, else the tables' type of it right
        // there ("Group of Five and Canada": Canada a place), else the span's.
        let kind_alone = |name: &str, at: usize| {
            let tables = || {
                entries
                    .get(&(at, at + name.len()))?
                    .iter()
                    .find_map(|&kind| conll_kind(kind).filter(|&k| k < 3))
            };
            model_kind.get(name).copied().or_else(tables).unwrap_or(span.kind)
        };
        spans.push(ModelSpan {
            start: span.start,
            end: span.start + first.len(),
            kind: kind_alone(first, span.start),
        });
        let second_kind = if person { 0 } else { kind_alone(second, second_start) };
        spans.push(ModelSpan { start: second_start, end: span.end, kind: second_kind });
    }
}

/// A company whose name ends in a possessive: "Scotty's Inc", "Heck's", "Lloyd's", "Chili's".
/// The model ends its span before the "'s" and reads what is left as a person's or a place's
/// name ("Scotty's said sales rose": a person "Scotty"). The "'s" is the name's, and the name a
/// company's, where a legal form follows it ("Scotty's Inc": the forms are taken in too);
/// wherever the text writes the same name with a legal form after its "'s" (every "Heck's" of a
/// text about "Heck's Inc": a company's possessive is written the same way); and where a verb
/// of saying follows it ("Lloyd's said", "Heck's added": no possessive is followed by a verb),
/// unless the name may be a person's, whose "'s" is then "has" ("Mourinho's said he will
/// stay"): a person's name of more than one word, a given name, a name after a title, or the
/// surname of a person the text names in full; and wherever the text writes the same name so
/// ("which became Macy's in 2006", in a text where "Macy's said"), unless it also writes the
/// name without the "'s" ("Wainoco said"). An institution named with a possessive
/// ([`POSSESSIVE_INSTITUTIONS`]: "by Lloyd's and some of Lloyd's underwriters") is one
/// wherever its "'s" follows, unless the text names a person with the name's word in full
/// ("Lloyd Bentsen", "Linford Christie").
fn join_possessive_company_names(
    text: &str,
    spans: &mut Vec<ModelSpan>,
    is_given_name: impl Fn(&str) -> bool,
) {
    const POSSESSIVES: [&str; 2] = ["'s", "\u{2019}s"];
    const SAYING: &[&str] = &["added", "adds", "said", "says", "told"];
    let possessive =
        |end: usize| POSSESSIVES.iter().find(|p| text[end..].starts_with(**p)).map(|p| end + p.len());
    // Where the legal forms right after byte `at` end ("Scotty's| Co Ltd"), if any follow.
    let forms_end = |at: usize| {
        let mut end = at;
        while let Some(rest) = text[end..].strip_prefix(' ') {
            let word = rest
                .split(|c: char| !(c.is_alphanumeric() || matches!(c, '.' | '/')))
                .next()
                .unwrap_or_default();
            if word.is_empty() || !is_company_suffix(word) {
                break;
            }
            end += 1 + word.len();
        }
        // Not a form before a name ("Sweden's AB Volvo").
        let name_after =
            text[end..].strip_prefix(' ').is_some_and(|rest| rest.starts_with(char::is_uppercase));
        (end > at && !name_after).then_some(end)
    };
    // The spans a possessive follows, with where it ends ("Scotty|'s|").
    let followed: Vec<(usize, usize)> = spans
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let after = possessive(s.end)?;
            let next = text[after..].chars().next();
            (next.is_none_or(|c| !c.is_alphanumeric())
                && text[s.start..s.end].starts_with(char::is_uppercase))
            .then_some((i, after))
        })
        .collect();
    if followed.is_empty() {
        return;
    }
    // The names written with a legal form after their "'s", by the model's spans of them whole
    // ("Heck's Inc") or cut before the "'s" ("Scotty").
    let mut companies: WordSet<&str> = WordSet::default();
    for s in spans.iter() {
        let surface = &text[s.start..s.end];
        if let Some((name, forms)) = ["'s ", "\u{2019}s "].iter().find_map(|p| surface.split_once(p))
            && !forms.is_empty()
            && forms.split(' ').all(is_company_suffix)
        {
            companies.insert(name);
        }
    }
    for &(i, after) in &followed {
        if forms_end(after).is_some() {
            companies.insert(&text[spans[i].start..spans[i].end]);
        }
    }
    // The surnames of the persons the model named in full.
    let surnames: WordSet<&str> = spans
        .iter()
        .filter(|s| s.kind == 0)
        .filter_map(|s| text[s.start..s.end].rsplit_once(' ').map(|(_, last)| last))
        .collect();
    // The institutions' names a person the text names in full has ("Lloyd Bentsen").
    let persons_institutions: Vec<&str> = if followed
        .iter()
        .any(|&(i, _)| POSSESSIVE_INSTITUTIONS.contains(&&text[spans[i].start..spans[i].end]))
    {
        let persons = spans.iter().filter(|s| s.kind == 0).map(|s| &text[s.start..s.end]);
        let words = persons.filter(|name| name.contains(' ')).flat_map(|name| name.split(' '));
        words.filter(|w| POSSESSIVE_INSTITUTIONS.contains(w)).collect()
    } else {
        Vec::new()
    };
    // A name with its "'s" before a verb of saying, and not one a person may have.
    let says = |i: usize, after: usize| {
        let span = spans[i];
        let name = &text[span.start..span.end];
        let verb = text[after..].strip_prefix(' ').is_some_and(|rest| {
            SAYING.iter().any(|v| rest.starts_with(*v) && !rest[v.len()..].starts_with(char::is_alphanumeric))
        });
        let may_be_a_person = span.kind == 0
            && (name.contains(' ')
                || is_given_name(name)
                || surnames.contains(name)
                || is_title_or_honorific(word_before_name(text, span.start)));
        verb && !may_be_a_person
    };
    // (The names so written are the company's wherever their "'s" follows: "which became
    // Macy's in 2006", then "Macy's said". Not a name the text also writes without it, whose
    // "'s" is a possessive's or a slip: "Wainoco said", "Wainoco's said", "Wainoco's net
    // income".)
    let saying: Vec<bool> = followed.iter().map(|&(i, after)| says(i, after)).collect();
    let bare: WordSet<&str> =
        spans.iter().filter(|s| possessive(s.end).is_none()).map(|s| &text[s.start..s.end]).collect();
    let said_names = followed.iter().zip(&saying).filter(|&(_, &said)| said);
    companies.extend(
        said_names.map(|(&(i, _), _)| &text[spans[i].start..spans[i].end]).filter(|n| !bare.contains(n)),
    );
    let mut changed = false;
    for ((i, after), said) in followed.into_iter().zip(saying) {
        let span = spans[i];
        let name = &text[span.start..span.end];
        let end = if let Some(end) = forms_end(after) {
            end
        } else if said
            || companies.contains(name)
            || POSSESSIVE_INSTITUTIONS.contains(&name)
                && !persons_institutions.contains(&name)
                && !is_title_or_honorific(word_before_name(text, span.start))
        {
            after
        } else {
            continue;
        };
        spans[i] = ModelSpan { start: span.start, end, kind: 1 };
        changed = true;
    }
    if changed {
        // A span the longer name now runs over ("Inc" alone) goes.
        let mut last_end = 0;
        spans.retain(|s| {
            let keep = s.start >= last_end;
            if keep {
                last_end = s.end;
            }
            keep
        });
    }
}

/// Institutions named with a possessive whose name alone is a person's: Lloyd's (the
/// insurance market: the model read "Lloyd's underwriters" and "by Lloyd's" as the person
/// "Lloyd" 14 times in the bench news) and the auction houses.
const POSSESSIVE_INSTITUTIONS: &[&str] = &["Christie", "Lloyd", "Sotheby"];

/// A body named for its members, with a plural possessive: "French Maize Producers'
/// Association", "Transport and General Workers' Union", "Australian Waterside Workers'
/// Federation", "British Bankers' Association of Japan". The model breaks it at the apostrophe
/// ("Workers" a person, "Union" alone, "Transport" a place). The capitalised words before
/// "s'" (with "and", "of" or "&" between two of them; no sentence opener but "First" and the
/// like), the head after it and an "of" with its capitalised words are one organisation; the
/// model's spans inside it go. A possessive before any other word is a possessive ("National
/// Amusements' Arsenal Holdings").
fn join_plural_possessive_names(text: &str, spans: &mut Vec<ModelSpan>) {
    const HEADS: &[&str] = &[
        "Alliance",
        "Association",
        "Associations",
        "Coalition",
        "Confederation",
        "Congress",
        "Co-operative",
        "Cooperative",
        "Council",
        "Federation",
        "Forum",
        "Front",
        "Guild",
        "Institute",
        "League",
        "Party",
        "Society",
        "Syndicate",
        "Union",
    ];
    let capitalised = |w: &str| {
        w.starts_with(char::is_uppercase)
            && w.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '.')
            && (STOPWORDS.binary_search(&w).is_err() || STOPWORDS_OPENING_NAMES.contains(&w))
    };
    let mut names: Vec<(usize, usize)> = Vec::new();
    // (`memmem` searches with vector instructions, its searchers built once: this runs over
    // every text.)
    static APOSTROPHES: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 2]> =
        std::sync::LazyLock::new(|| {
            [memchr::memmem::Finder::new("s' "), memchr::memmem::Finder::new("s\u{2019} ")]
        });
    for finder in &*APOSTROPHES {
        for at in finder.find_iter(text.as_bytes()) {
            let after = at + finder.needle().len();
            let head =
                text[after..].split(|c: char| !(c.is_alphanumeric() || c == '-')).next().unwrap_or_default();
            if !HEADS.contains(&head) {
                continue;
            }
            let mut end = after + head.len();
            // "… Association of Japan": an "of" and up to three capitalised words, to a title
            // ("… of Japan Chairman Kaneo Nakamura said").
            if let Some(rest) = text[end..].strip_prefix(" of ") {
                let words: Vec<&str> = rest
                    .split(' ')
                    .take(3)
                    .take_while(|w| capitalised(w) && !is_title_or_honorific(w.trim_end_matches(['.', ','])))
                    .collect();
                if let Some(last) = words.last() {
                    let len = words.iter().map(|w| w.len() + 1).sum::<usize>() - 1;
                    end += 4 + len - (last.len() - last.trim_end_matches(['.', ',']).len());
                }
            }
            // The words before, back to the first that is not part of the name.
            let member = text[..at + 1].rsplit(' ').next().unwrap_or_default();
            if !capitalised(member) {
                continue;
            }
            let mut start = at + 1 - member.len();
            for _ in 0..5 {
                let Some(before) = text[..start].strip_suffix(' ') else { break };
                let word = before.rsplit(' ').next().unwrap_or_default();
                let word_start = before.len() - word.len();
                let joins = matches!(word, "and" | "of" | "&");
                if !(capitalised(word) || joins) || word.ends_with('.') {
                    break;
                }
                if joins {
                    // Only between two capitalised words: "Transport and General".
                    let Some(earlier) = text[..word_start].strip_suffix(' ') else { break };
                    let previous = earlier.rsplit(' ').next().unwrap_or_default();
                    if !capitalised(previous) || previous.ends_with('.') {
                        break;
                    }
                }
                start = word_start;
            }
            // Not a name opening with "and" or "of" ("of Bankers' Association").
            while let Some(join) = ["and ", "of ", "& "].iter().find(|j| text[start..].starts_with(**j)) {
                start += join.len();
            }
            names.push((start, end));
        }
    }
    if names.is_empty() {
        return;
    }
    names.sort_unstable();
    // A name stays when no span of the model's runs across its start or end (one that does
    // holds more than it: "… Workers' Union Building Fund"), nor an earlier name kept; the
    // spans inside a kept name go, and all others stay as they were.
    let crosses = |&(start, end): &(usize, usize)| {
        let first = spans.partition_point(|o| o.end <= start);
        spans[first..]
            .iter()
            .take_while(|o| o.start < end)
            .any(|o| o.start < end && start < o.end && !(start <= o.start && o.end <= end))
    };
    let mut kept: Vec<(usize, usize)> = Vec::new();
    for name in names {
        if !crosses(&name) && kept.last().is_none_or(|last| last.1 <= name.0) {
            kept.push(name);
        }
    }
    if kept.is_empty() {
        return;
    }
    let inside = |o: &ModelSpan| {
        let k = kept.partition_point(|&(_, end)| end <= o.start);
        kept.get(k).is_some_and(|&(start, end)| start <= o.start && o.end <= end)
    };
    let mut joined: Vec<ModelSpan> = spans.iter().filter(|o| !inside(o)).copied().collect();
    joined.extend(kept.iter().map(|&(start, end)| ModelSpan { start, end, kind: 1 }));
    joined.sort_by_key(|o| (o.start, o.end));
    *spans = joined;
}

/// Whether a word starts at byte `at` of `text` and does not go on from before it: the text
/// starts there, or has a space, a line break, an opening bracket or a quotation mark (straight
/// or curly) before it. Not "M" of "3M", "T" of "AT&T".
fn word_starts_at(text: &str, at: usize) -> bool {
    text[..at].is_empty() || text[..at].ends_with([' ', '\n', '(', '<', '"', '\u{201c}', '\u{2018}'])
}

/// Whether the line around a byte of a text is written in title case, as a headline in a
/// text's body ("Wall Street Analysts Cut Acme Corp Rating"): four words or more, each
/// capitalised but small words ("of", "and", "the"). A capital there says nothing of a name.
/// The answer for the last line asked about is kept: the spans of a text are asked about in
/// order, and a line of megabytes holds thousands of them (each had scanned the whole line: a
/// line of 4.8 MB of capitalised words took 22 s).
#[derive(Default)]
struct TitleCaseLines {
    /// The last line's start and end, and its answer.
    last: Option<(usize, usize, bool)>,
}

impl TitleCaseLines {
    fn ask(&mut self, text: &str, at: usize) -> bool {
        if let Some((start, end, answer)) = self.last
            && start <= at
            && at <= end
        {
            return answer;
        }
        let start = memchr::memrchr(b'\n', &text.as_bytes()[..at]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |i| at + i);
        let mut words = text[start..end].split_whitespace().filter(|w| w.starts_with(char::is_alphabetic));
        let mut count = 0;
        let all = words.all(|w| {
            count += 1;
            w.starts_with(char::is_uppercase) || TITLE_SMALL_WORDS.contains(&w)
        });
        let answer = all && count >= 4;
        self.last = Some((start, end, answer));
        answer
    }
}

/// "Crobar / Suite & Snatch / Amika": names listed with spaced slashes between them, which the
/// model runs into one span, are a span each, of its type, when each opens with a capital.
fn split_at_slashes(text: &str, spans: &mut Vec<ModelSpan>) {
    const SLASH: &str = " / ";
    if !spans.iter().any(|s| memchr::memchr(b'/', &text.as_bytes()[s.start..s.end]).is_some()) {
        return;
    }
    let whole = std::mem::take(spans);
    for span in whole {
        let surface = &text[span.start..span.end];
        if !surface.contains(SLASH) || !surface.split(SLASH).all(|part| part.starts_with(char::is_uppercase))
        {
            spans.push(span);
            continue;
        }
        let mut start = span.start;
        for part in surface.split(SLASH) {
            spans.push(ModelSpan { start, end: start + part.len(), kind: span.kind });
            start += part.len() + SLASH.len();
        }
    }
}

/// "About ten miles from Bandarlapalle the Deccan Plateau ends", "said Reuters the House of
/// Representatives": two names the model ran into one organisation's or place's span across a
/// lower-case "the", which a name holds only after a small word ("Bank of the West") or before
/// an epithet ("Alexander the Great", a person's, one word). A span each, of its type, where a
/// capitalised word comes before "the" and two or more words after it, the first capitalised,
/// and the words before it are a name of their own: the tables' or one the document writes as
/// a span by itself (not "the Elect the Lords Campaign", "Is Google the Next Netscape?" is).
fn split_at_the(gazetteer: &Gazetteer, text: &str, spans: &mut Vec<ModelSpan>) {
    const THE: &str = " the ";
    // The spans' names, gathered once if a span asks: a scan of them all for each would be
    // quadratic in a long document.
    let names: std::cell::OnceCell<std::collections::HashSet<&str>> = std::cell::OnceCell::new();
    let splits = |span: &ModelSpan, spans: &[ModelSpan]| -> Option<usize> {
        if !matches!(span.kind, 1 | 2) {
            return None;
        }
        let surface = &text[span.start..span.end];
        let at = memchr::memmem::find(surface.as_bytes(), THE.as_bytes())?;
        let first = &surface[..at];
        let before = first.rsplit(' ').next().unwrap_or_default();
        let after = &surface[at + THE.len()..];
        (before.starts_with(char::is_uppercase)
            && after.starts_with(char::is_uppercase)
            && after.contains(' ')
            && (gazetteer.lookup_name(first).is_some()
                || names
                    .get_or_init(|| spans.iter().map(|o| &text[o.start..o.end]).collect())
                    .contains(first)))
        .then_some(span.start + at)
    };
    if !spans.iter().any(|s| splits(s, spans).is_some()) {
        return;
    }
    let whole = std::mem::take(spans);
    for span in &whole {
        let span = *span;
        match splits(&span, &whole) {
            Some(at) => {
                spans.push(ModelSpan { end: at, ..span });
                spans.push(ModelSpan { start: at + THE.len(), ..span });
            }
            None => spans.push(span),
        }
    }
}

/// The text within 8 KB of `start..end`, where a check that searches the text for a name asked
/// once per span looks: in a long document a search of the whole text for each span would be
/// quadratic (a company's legal form is written near its name).
fn around(text: &str, start: usize, end: usize) -> &str {
    const REACH: usize = 8 * 1024;
    let from = crate::text::floor_char_boundary(text, start.saturating_sub(REACH));
    let mut to = (end + REACH).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    &text[from..to]
}

/// A given name, a middle initial and a surname the model typed an organisation's or a place's
/// are a person's: "Ivan F. Boesky", "Randolph W. Lenz", "Israel G. Grossman", "Frederick H.
/// Collier" (the model reads a name it does not know in a company's news as a company's). Not
/// a company so named: one the text writes with a legal form or more words after the name
/// ("Sanford C. Bernstein and Co", "Alfred C. Toepfer International"), or before a company's
/// noun ("Yale E. Key unit", "Arthur D. Little consultancy"); nor a name the tables know, nor
/// one whose last word is a legal form, an organisation's word or two letters ("Circle K
/// Corp", "Alfa K Technology", "Toys R Us").
fn initialled_persons(gazetteer: &Gazetteer, text: &str, spans: &mut [ModelSpan]) {
    let initialled = |surface: &str| {
        let mut words = surface.split(' ');
        let (Some(first), Some(initial), Some(last), None) =
            (words.next(), words.next(), words.next(), words.next())
        else {
            return false;
        };
        let name_word = |w: &str| {
            let mut chars = w.chars();
            chars.next().is_some_and(char::is_uppercase)
                && w.len() >= 3
                && chars.all(|c| c.is_lowercase() || c == '\'' || c == '-')
        };
        let letter = initial.strip_suffix('.').unwrap_or(initial);
        name_word(first)
            && letter.len() == 1
            && letter.starts_with(|c: char| c.is_ascii_uppercase())
            && name_word(last)
            && !is_company_suffix(last)
            && !is_org_or_company_word(last)
    };
    for span in spans.iter_mut().filter(|s| matches!(s.kind, 1 | 2)) {
        let surface = &text[span.start..span.end];
        if !initialled(surface) {
            continue;
        }
        let next = text[span.end..]
            .strip_prefix(' ')
            .map(|rest| &rest[..rest.find(|c: char| !c.is_alphabetic()).unwrap_or(rest.len())]);
        let company_noun_after = next.is_some_and(|w| {
            crate::rules::COMPANY_NOUNS.contains(&w)
                || ["unit", "units", "consultancy", "subsidiary", "affiliate", "division"].contains(&w)
        });
        // ("Sanford C. Bernstein and Co": a partnership's form; "analysts at Robert W. Baird":
        // a firm's place of work.)
        let near = around(text, span.start, span.end);
        let partners = || {
            near.match_indices(surface).any(|(at, _)| {
                let rest = &near[at + surface.len()..];
                [" and Co", " & Co", " and Sons", " & Sons"].iter().any(|form| rest.starts_with(form))
            })
        };
        let at_a_firm = word_a_space_before(text, span.start).is_some_and(|(_, w)| w == "at");
        if !company_noun_after
            && !at_a_firm
            && !opens_company_name(near, surface)
            && !partners()
            && gazetteer.lookup_name(surface).is_none()
        {
            span.kind = 0;
        }
    }
}

/// "Boston-based FMR Corp", "San Francisco-based", "World Bank-led": the model runs a name into
/// the compound adjective made from it, or a company's name into the adjective before it. The
/// span keeps the name alone: it loses an adjective it opens with, and the end of one it
/// closes with (the place freed is left to the tables: "Boston"). So with a rating's grade
/// before or after a name: "rated A-minus Bay State Gas Co's debt", "by Moody's Investors and
/// B-minus by S and P".
fn trim_compound_adjectives(text: &str, spans: &mut [ModelSpan]) {
    // (Not a MISC span: CoNLL's MISC "Bergamo-based" is the adjective, no entity here anyway.)
    for span in spans.iter_mut().filter(|s| s.kind != 3) {
        let surface = &text[span.start..span.end];
        if !surface.contains('-') {
            continue;
        }
        // An adjective on a place of up to three words ("New York-based Mutual Shares Corp"),
        // or a grade in a sentence of ratings ("to A-minus Bay State Gas Co's debt"; not
        // "A-1 Steel Corp said").
        let mut at = 0;
        for (n, word) in surface.split(' ').take(3).enumerate() {
            let rest = &surface[(at + word.len() + 1).min(surface.len())..];
            if rest.is_empty() || !word.starts_with(char::is_uppercase) {
                break;
            }
            let grade = n == 0 && is_credit_grade(word) && in_ratings_sentence(text, span.start, span.end);
            if let Some(head) = compound_head(word).filter(|_| !grade) {
                span.start = span.end - rest.len();
                // What a place's firm or body is: "Atlanta-based Delta", "Peking-owned China
                // International Trust" (the model typed the whole by the place it opens with).
                if span.kind == 2 && ORGANISATION_HEADS.contains(&head) {
                    span.kind = 1;
                }
                // And who was born there is a person: "New York-born Aguilera".
                if span.kind == 2 && head == "born" {
                    span.kind = 0;
                }
                break;
            }
            if grade {
                span.start = span.end - rest.len();
                break;
            }
            at += word.len() + 1;
        }
        // "non-OPEC", "Non-OPEC", "ex-Downing Street", "non-U.S.": the name after a prefix. When
        // only a letter is left ("U" of "non-U.S.", which the model cuts at the point), the span
        // goes, and the tables' name there stands ("U.S."). A prefix in capitals other than
        // "Non" opens a name of its own: "Pre-Paid Legal Services", "Mid-Atlantic", "Ex-Cell-O".
        let surface = &text[span.start..span.end];
        if let Some((prefix, name)) = surface.split_once('-')
            && (NAME_PREFIXES.contains(&prefix) || prefix == "Non")
            && name.starts_with(char::is_uppercase)
        {
            span.start = span.end - name.len();
            if name.len() == 1 {
                span.end = span.start;
            }
        }
        let surface = &text[span.start..span.end];
        let last_at = surface.rfind(' ').map_or(0, |i| i + 1);
        if let Some(head) = compound_head(&surface[last_at..]) {
            span.end = span.start + surface.rfind('-').unwrap_or(surface.len());
            // "Utah-based" alone: the place ("a Los Angeles-based broker").
            if PLACE_HEADS.contains(&head) && span.kind != 0 {
                span.kind = 2;
            }
        } else if last_at > 0
            && is_credit_grade(&surface[last_at..])
            && in_ratings_sentence(text, span.start, span.end)
        {
            // "Moody's Investors and B-minus": the grade, and the "and" before it.
            let head = surface[..last_at].trim_end();
            let head = head.strip_suffix(" and").unwrap_or(head).trim_end_matches([' ', ',']);
            span.end = span.start + head.len();
        }
    }
}

/// Lower-case particles that open a family name ("bin Laden", "de Klerk", "van Gogh", "da
/// Vinci"), and those that only follow another ("von der Leyen", "van den Broek", "de la
/// Madrid"): "den", "der" and "la" alone are English or article words.
const NAME_PARTICLES: &[&str] =
    &["bin", "bint", "da", "de", "del", "della", "di", "dos", "du", "ibn", "le", "van", "von"];
const SECOND_PARTICLES: &[&str] = &["den", "der", "la", "los"];

/// Where the lower-case particles right before byte `at` start: "bin " or "von der ".
fn particles_before(text: &str, at: usize) -> Option<usize> {
    let (start, word) = word_a_space_before(text, at)?;
    if NAME_PARTICLES.contains(&word) {
        return Some(start);
    }
    if !SECOND_PARTICLES.contains(&word) {
        return None;
    }
    let (start, word) = word_a_space_before(text, start)?;
    NAME_PARTICLES.contains(&word).then_some(start)
}

/// Words that open sentences before a name and are none: "Meanwhile de Klerk said".
const SENTENCE_ADVERBS: &[&str] =
    &["Meanwhile", "Later", "Now", "Then", "Still", "Earlier", "Yesterday", "Today", "Tonight", "Instead"];

/// A person the model found after a lower-case particle, which it leaves out ("Laden" of "bin
/// Laden", "Vinci" of "da Vinci"): the span opens with the particles, and with the name before
/// them when there is one ("Osama bin Laden"): a person span ending there, which is joined to
/// it, or a capitalised word: a given name, or one that is no title, stopword, weekday, month,
/// verb's form or a sentence's opening adverb ("President de Klerk", "In bin Laden's",
/// "Capturing bin Laden", "Pakistan Says bin Laden", "Meanwhile de Klerk").
fn join_name_particles(text: &str, spans: &mut [ModelSpan], is_given_name: impl Fn(&str) -> bool) {
    for k in 0..spans.len() {
        let span = spans[k];
        if span.kind != 0 || !text[span.start..].starts_with(char::is_uppercase) {
            continue;
        }
        let Some(particles) = particles_before(text, span.start) else { continue };
        let mut start = particles;
        let previous = k
            .checked_sub(1)
            .filter(|&j| text[..particles].strip_suffix(' ').map(str::len) == Some(spans[j].end));
        match previous {
            // Not "Prince Abdullah" and "Abdul Aziz" of "Prince Abdullah bin Abdul Aziz": the
            // document's "the Prince" links to the titled name as it stands.
            Some(j)
                if spans[j].kind == 0
                    && text[spans[j].start..].split(' ').next().is_some_and(is_title_or_honorific) =>
            {
                continue;
            }
            Some(j) if spans[j].kind == 0 => {
                start = spans[j].start;
                spans[j].end = spans[j].start;
            }
            Some(_) => {}
            None => {
                if let Some((at, word)) = word_a_space_before(text, particles) {
                    let capitalised =
                        word.starts_with(char::is_uppercase) && word.chars().all(char::is_alphabetic);
                    // Not a verb's form ("Capturing bin Laden remains the goal", a headline's
                    // "Pakistan Says bin Laden Alive") nor, opening a sentence, an adverb
                    // ("Meanwhile de Klerk said").
                    let verb_like = word.ends_with("ing")
                        || word.ends_with("ed")
                        || word.ends_with('s') && !word.ends_with("ss");
                    let adverb = word.ends_with("ly") || SENTENCE_ADVERBS.contains(&word);
                    let no_name = verb_like
                        || adverb && opens_sentence(text, at)
                        || STOPWORDS.contains(&word)
                        || is_title_or_honorific(word)
                        || is_weekday(word)
                        || is_month(word);
                    let name = is_given_name(word) || !no_name;
                    if capitalised && name {
                        start = at;
                    }
                }
            }
        }
        spans[k].start = start;
    }
}

/// Heads after which the name that follows is an organisation's: "Boston-based FMR Corp".
const ORGANISATION_HEADS: &[&str] =
    &["backed", "based", "controlled", "funded", "headquartered", "listed", "owned", "registered", "run"];

/// Heads whose name alone is a place: "a Los Angeles-based broker", "New York-area banks".
const PLACE_HEADS: &[&str] = &["area", "based", "born", "headquartered", "registered", "wide"];

/// Last words of a military unit's name, which a number or an ordinal opens ("65th Air
/// Division", "4 Air Defense Wing", "Fourth Air Force").
const MILITARY_UNITS: &[&str] =
    &["Battalion", "Brigade", "Corps", "Division", "Fleet", "Force", "Regiment", "Squadron", "Wing"];

/// Ordinals written out that open a unit's name.
const ORDINALS: &[&str] = &[
    "First",
    "Second",
    "Third",
    "Fourth",
    "Fifth",
    "Sixth",
    "Seventh",
    "Eighth",
    "Ninth",
    "Tenth",
    "Eleventh",
    "Twelfth",
    "Thirteenth",
    "Fourteenth",
    "Fifteenth",
    "Sixteenth",
    "Seventeenth",
    "Eighteenth",
    "Nineteenth",
    "Twentieth",
];

/// The end of the last of `spans` before index `k` that no pass has emptied (0 if none): where
/// a span at `k` may start from.
fn end_before(spans: &[ModelSpan], k: usize) -> usize {
    spans[..k].iter().rev().find(|s| s.start < s.end).map_or(0, |s| s.end)
}

/// The start of the first of `spans` after index `k` that no pass has emptied: where a span
/// at `k` must end by.
fn start_after(spans: &[ModelSpan], k: usize) -> Option<usize> {
    spans[k + 1..].iter().find(|s| s.start < s.end).map(|s| s.start)
}

/// A person's nickname in quotation marks between the given name and the surname is part of
/// the name: `Roberto "Hands of Stone" Duran`, `Hector "Macho" Camacho`, `William Mailes
/// "Cowboy" Cowley` (one person; the model read the nickname as a name of its own and the
/// surname as another). The first part is a person's span or opens with a given name; the
/// nickname is one to four words on the line, the first capitalised, with no sentence's mark
/// (a quotation is no nickname); the surname is the model's one-word span or person right
/// after the closing mark, or a capitalised word that is no stopword, weekday or month, and no
/// name the tables know as anything but a person's (`Hillary Clinton "Yes" Reuters reported`,
/// `Smith "Great" Britain`). The closing mark is looked for within 64 bytes, as far as a
/// nickname goes (a text of opening marks alone had been read to each line's end from each).
fn join_nicknames(
    gazetteer: &Gazetteer,
    text: &str,
    spans: &mut [ModelSpan],
    is_given_name: impl Fn(&str) -> bool,
) {
    for k in 0..spans.len() {
        let first = spans[k];
        // (The opening mark first: it passes over most spans without a look-up of a given name.)
        let Some(inner) = text[first.end..].strip_prefix(' ').and_then(|r| r.strip_prefix(['"', '\u{201c}']))
        else {
            continue;
        };
        if first.start == first.end
            || !(first.kind == 0
                || text[first.start..first.end].split(' ').next().is_some_and(&is_given_name))
        {
            continue;
        }
        let window = crate::text::floor_char_boundary(inner, 64);
        let Some(close) = inner[..window].find(['"', '\u{201d}', '\n']) else { continue };
        let nickname = inner[..close].trim_matches(' ');
        if nickname.is_empty()
            || nickname.split(' ').count() > 4
            || !nickname.starts_with(char::is_uppercase)
            || nickname.contains([',', '.', '!', '?', ':', ';'])
        {
            continue;
        }
        let after_close = &inner[close..];
        let Some(surname) = after_close.strip_prefix(['"', '\u{201d}']).and_then(|r| r.strip_prefix(' '))
        else {
            continue;
        };
        let surname_start = text.len() - surname.len();
        // The model's spans from the first part on: inside the marks, then maybe the surname's.
        let later = &spans[k + 1..];
        let inside = later.partition_point(|o| o.start < surname_start);
        // (The model's person may run from the nickname on: `Burkhard "Bobby" Junger`.)
        let across = later[..inside].last().filter(|o| o.end > surname_start);
        let (end, taken) = match (across, later.get(inside).filter(|o| o.start == surname_start)) {
            (Some(o), _) if o.kind == 0 => (o.end, inside),
            (Some(_), _) => continue,
            (None, Some(o)) if o.kind == 0 || !text[o.start..o.end].contains(' ') => (o.end, inside + 1),
            (None, Some(_)) => continue,
            (None, None) => {
                let len = surname.find(|c: char| !c.is_alphabetic() && c != '-').unwrap_or(surname.len());
                let word = &surname[..len];
                if len < 2
                    || !word.starts_with(char::is_uppercase)
                    || STOPWORDS.contains(&word)
                    || is_weekday(word)
                    || is_month(word)
                {
                    continue;
                }
                (surname_start + len, inside)
            }
        };
        let surname = &text[surname_start..end];
        let other_name =
            gazetteer.lookup_name(surname).is_some_and(|e| gazetteer.entry(e).kind != EntityKind::Person);
        // (Nor into a span the surname's word runs into: "Duran-Smith" read as "Smith".)
        if other_name || start_after(spans, k + taken).is_some_and(|next| next < end) {
            continue;
        }
        for o in &mut spans[k + 1..k + 1 + taken] {
            o.end = o.start;
        }
        spans[k].end = end;
        spans[k].kind = 0;
    }
}

/// A machine's designation and its name are one name, CoNLL's MISC: "F-16 Fighting Falcon",
/// "P-51 Mustang", "B-25 Mitchell bombers" (the model read "Mustang" and "Mitchell" as
/// persons, or left the name out). A designation is one to three capital letters, a hyphen and
/// two to four digits, maybe with one more capital ("F-15E"), after no letter, digit or hyphen
/// ("G-20" is a group of countries and "I-95" a road, no designations); the name is the one to
/// three title-case words right after it that are no stopword, weekday or month. Not where a
/// name word is an organisation's, a rank's or an office's ("the F-35 Program Office", "U-21
/// Coach Gareth Southgate"), or a model span starts inside the name but at its first word or
/// runs past it. (A headline's capitalised words are taken: "MH-17 Crash Investigation"; a
/// check of the line's case lost wikigold's lists of aircraft, "P-38 Lightning, 1944; P-47
/// Thunderbolt".)
fn designated_machines(text: &str, spans: &mut Vec<ModelSpan>) {
    let bytes = text.as_bytes();
    let mut found: Vec<ModelSpan> = Vec::new();
    for hyphen in memchr::memchr_iter(b'-', bytes) {
        let letters = bytes[..hyphen].iter().rev().take_while(|b| b.is_ascii_uppercase()).count();
        let start = hyphen - letters;
        let digits = bytes[hyphen + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
        if !(1..=3).contains(&letters)
            || !(2..=4).contains(&digits)
            || matches!(&bytes[start..hyphen], b"G" | b"I")
            || text[..start].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '-')
        {
            continue;
        }
        let mut end = hyphen + 1 + digits;
        if bytes.get(end).is_some_and(u8::is_ascii_uppercase) {
            end += 1;
        }
        let designation_end = end;
        for _ in 0..3 {
            let Some(word) = word_a_space_after(text, end) else { break };
            let len = word.len();
            let title_case = word.starts_with(|c: char| c.is_ascii_uppercase())
                && word.len() > 1
                && word[1..].chars().all(char::is_lowercase);
            if !title_case || STOPWORDS.contains(&word) || is_weekday(word) || is_month(word) {
                break;
            }
            end += 1 + len;
        }
        let name = &text[designation_end..end];
        let not_a_name =
            |w: &str| is_org_or_company_word(w) || crate::lexicon::RANKS.contains(&w) || OFFICES.contains(&w);
        let first = spans.partition_point(|o| o.end <= start);
        let name_start = designation_end + 1;
        if end == designation_end
            || name.split(' ').any(not_a_name)
            || spans[first..]
                .iter()
                .take_while(|o| o.start < end)
                .any(|o| o.start < start || o.end > end || o.start != start && o.start != name_start)
        {
            continue;
        }
        found.push(ModelSpan { start, end, kind: 3 });
    }
    if found.is_empty() {
        return;
    }
    // (`found` is sorted and apart: the one that may hold a span is found by binary search.)
    spans.retain(|o| {
        let at = found.partition_point(|f| f.end <= o.start);
        found.get(at).is_none_or(|f| !(f.start <= o.start && o.end <= f.end))
    });
    spans.extend(found);
    spans.sort_unstable_by_key(|o| o.start);
}

/// A military unit called by its ordinal alone, as a unit's history does once it has named it:
/// "The 139th was formed at Camp Howe", "the 65th participated in the assaults", "The 139th
/// along with its brigade". "The" or "the", an ordinal in digits ("139th", "62d"), then a verb
/// of the past or one of a few words a subject takes ("was", "also", "along"; not "seeded" or
/// "ranked": "the 25th seeded American"); and only in a text that names a unit
/// ([`names_units`], or the same ordinal before a capitalised word, [`ordinal_before_a_name`]:
/// "the 15th was a Monday" in a text of the Air Force is a day).
fn units_by_their_ordinal(text: &str, spans: &mut Vec<ModelSpan>) {
    const AFTER: &[&str] = &[
        "along", "also", "became", "fought", "had", "has", "is", "left", "lost", "saw", "took", "was",
        "went", "were", "won",
    ];
    // (memmem's vector search: this runs over every text, and few have a unit in them.)
    static THE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("he "));
    let mut found = Vec::new();
    for at in THE.find_iter(text.as_bytes()) {
        if !text.as_bytes().get(at + 3).is_some_and(u8::is_ascii_digit) {
            continue;
        }
        // (By bytes: the byte before "he " may be the last of a character of several.)
        let Some(start) = at.checked_sub(1).filter(|&t| matches!(text.as_bytes()[t], b'T' | b't')) else {
            continue;
        };
        if start > 0 && text[..start].ends_with(char::is_alphanumeric) {
            continue;
        }
        let rest = &text[at + 3..];
        let len = rest.find(' ').unwrap_or(rest.len());
        let ordinal = &rest[..len];
        if ordinal_digits(ordinal).is_none_or(|d| d.len() > 3) {
            continue;
        }
        let next = rest[len..].trim_start_matches(' ').split([' ', ',', '.']).next().unwrap_or_default();
        let verb = next.len() > 4
            && next.ends_with("ed")
            && next.starts_with(|c: char| c.is_ascii_lowercase())
            && !matches!(next, "seeded" | "ranked" | "placed" | "rated");
        if verb || AFTER.contains(&next) {
            found.push(ModelSpan { start: at + 3, end: at + 3 + len, kind: 1 });
        }
    }
    if found.is_empty() {
        return;
    }
    let units = names_units(text);
    found.retain(|f| units || ordinal_before_a_name(text, &text[f.start..f.end]));
    found.retain(|f| !overlaps(spans, f.start, f.end));
    if !found.is_empty() {
        spans.extend(found);
        spans.sort_unstable_by_key(|o| o.start);
    }
}

/// A name right after a person's, an organisation's or a place's noun of the defining phrases
/// ([`crate::definitions::noun_kind`]) is of that kind, whatever the model read: "actor Tyrone
/// Power" (an organisation's "Power"), "the investment firm Multico", "its subsidiary Smith
/// Barney" (a person's), "the nature park Kopački Rit" (a person's). A work after its noun is
/// the model's to say, and an organisation's or a place's noun retypes only a person, and not
/// a person's name that opens a clause after an article and the noun ("the firm John Smith
/// founded", "a company Cross is forming", "the city Smith loved"), a given name alone ("the
/// economist team Jim and Margaret Cuthbert") or a word of a longer person's name of the
/// document ("told the company Pickens' offer was inadequate").
fn typed_by_the_noun_before(text: &str, spans: &mut [ModelSpan], is_given_name: impl Fn(&str) -> bool) {
    // The words of the model's persons of several words, gathered once when first needed; the
    // new types are set after the scan, so that none of them changes what the others see.
    let mut persons_words: Option<WordSet<&str>> = None;
    let mut retyped: Vec<(usize, u8)> = Vec::new();
    for (k, span) in spans.iter().enumerate() {
        if span.kind > 2 {
            continue;
        }
        let Some((at, noun)) = word_a_space_before(text, span.start) else { continue };
        // (An organisation's or a place's noun retypes only a person: "the team Brazil" is the
        // country, as CoNLL writes a national team, and "the county Board of Supervisors" a
        // body.)
        let Some(kind) = crate::definitions::noun_kind(noun)
            .filter(|&kind| kind <= 2 && kind != span.kind && (kind == 0 || span.kind == 0))
        else {
            continue;
        };
        let name = &text[span.start..span.end];
        // A person's name that opens a clause after an article and a body's or a place's noun
        // is the clause's subject ("the firm John Smith founded"); after a person's noun it is
        // the person either way ("the rapper Kano came third").
        if kind != 0 {
            let clause = word_a_space_before(text, at).is_some_and(|(_, w)| ARTICLES.contains(&w))
                && opens_clause(text, span.end);
            if clause || !name.contains(' ') && is_given_name(name) {
                continue;
            }
            let persons = persons_words.get_or_insert_with(|| {
                spans
                    .iter()
                    .filter(|o| o.kind == 0)
                    .map(|o| &text[o.start..o.end])
                    .filter(|other| other.contains(' '))
                    .flat_map(|other| other.split(' '))
                    .collect()
            });
            if !name.contains(' ') && persons.contains(name) {
                continue;
            }
        }
        retyped.push((k, kind));
    }
    for (k, kind) in retyped {
        spans[k].kind = kind;
    }
}

/// A corps named by its Roman numeral is an organisation, as the army it is part of: "the VI
/// Corps", "the IV Corps of the Army of the Potomac" (the model read some as MISC and missed
/// others). Not "I Corps": a pronoun before a capitalised word too often.
fn corps_by_their_numeral(text: &str, spans: &mut Vec<ModelSpan>) {
    // (memmem's vector search: this runs over every text, and few have a corps in them.)
    static CORPS: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(" Corps"));
    let mut found = Vec::new();
    for at in CORPS.find_iter(text.as_bytes()) {
        let end = at + " Corps".len();
        if text[end..].starts_with(char::is_alphanumeric) {
            continue;
        }
        let numeral = text[..at].rsplit([' ', '\n', '(']).next().unwrap_or_default();
        if !is_roman_numeral(numeral) {
            continue;
        }
        let start = at - numeral.len();
        let k = spans.partition_point(|s| s.end <= start);
        match spans.get_mut(k).filter(|s| s.start < end) {
            Some(s) if (s.start, s.end) == (start, end) => s.kind = 1,
            Some(_) => {}
            None => found.push(ModelSpan { start, end, kind: 1 }),
        }
    }
    if !found.is_empty() {
        spans.extend(found);
        spans.sort_unstable_by_key(|o| o.start);
    }
}

/// Whether `text` writes `ordinal` before a capitalised word somewhere ("the 65th Air
/// Division"), which names the unit an ordinal alone stands for where the text names no
/// regiment, brigade or the like ([`names_units`]). Not a force, a wing, a division, a fleet or
/// a corps alone, words of news at large ("The Air Force said it would act. The 15th was a
/// Monday").
fn ordinal_before_a_name(text: &str, ordinal: &str) -> bool {
    text.match_indices(ordinal).any(|(at, _)| {
        let after = &text[at + ordinal.len()..];
        after.strip_prefix(' ').is_some_and(|w| w.starts_with(|c: char| c.is_ascii_uppercase()))
            && !text[..at].ends_with(char::is_alphanumeric)
    })
}

/// Whether `text` has a regiment's, a brigade's, a battalion's, a squadron's or the infantry's
/// word in it, in any case (asked only of texts with a unit's ordinal in them: the search runs
/// through its automaton byte by byte).
fn names_units(text: &str) -> bool {
    // (One pass over the text for all the words, as most texts name none.)
    static UNITS: std::sync::LazyLock<aho_corasick::AhoCorasick> = std::sync::LazyLock::new(|| {
        let words = ["regiment", "brigade", "battalion", "squadron", "infantry"];
        aho_corasick::AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .build(words)
            .expect("the units' words make an automaton")
    });
    UNITS.is_match(text)
}

/// An ordinal and initials name a unit in a text that names units: "the 62d NY, 93d PVI, 98th
/// PVI and the 102d PVI" (New York's and Pennsylvania's volunteer regiments), an organisation
/// the model had left out or read as the state's initials. Two to five capital letters; a span
/// of the model's inside the name goes, one that runs past it keeps the words as they were.
fn units_by_their_initials(text: &str, spans: &mut Vec<ModelSpan>) {
    let bytes = text.as_bytes();
    let word_end = |from: usize| {
        from + bytes[from..].iter().position(|&b| b == b' ' || b == b'\n').unwrap_or(bytes.len() - from)
    };
    let mut found = Vec::new();
    let mut at = 0;
    // The words that open with a digit, then the word after each (the cheap test first: asked of
    // every text, the units' words are looked for only where an ordinal and initials stand).
    while let Some(digit) = bytes[at..].iter().position(u8::is_ascii_digit) {
        let start = at + digit;
        let end = word_end(start);
        at = (end + 1).min(bytes.len());
        if start > 0 && !matches!(bytes[start - 1], b' ' | b'\n' | b'(') || bytes.get(end) != Some(&b' ') {
            continue;
        }
        let word = &text[start..end];
        if ordinal_digits(word).is_none_or(|d| d.len() > 3) {
            continue;
        }
        let next_end = word_end(end + 1);
        let next = &text[end + 1..next_end];
        let initials = next.trim_end_matches([',', '.', ';', ')']);
        if !(2..=5).contains(&initials.len()) || !initials.bytes().all(|b| b.is_ascii_uppercase()) {
            continue;
        }
        // The name ends with the initials: at a mark, a list's "and" or the line's end ("the
        // 93d PVI, 98th PVI and"; not "the 12th EU sanctions", "the 101st US Airborne").
        let after = (bytes.get(next_end) == Some(&b' ')).then(|| &text[next_end + 1..word_end(next_end + 1)]);
        if initials.len() == next.len() && after.is_some_and(|w| !matches!(w, "and" | "or" | "&")) {
            continue;
        }
        let end = end + 1 + initials.len();
        let first = spans.partition_point(|s| s.end <= start);
        let inside = spans[first..].iter().take_while(|s| s.start < end);
        if inside.clone().all(|s| start <= s.start && s.end <= end) {
            found.push((first, ModelSpan { start, end, kind: 1 }));
        }
    }
    if found.is_empty() || !names_units(text) {
        return;
    }
    for &(first, unit) in &found {
        for s in spans[first..].iter_mut().take_while(|s| s.start < unit.end) {
            *s = ModelSpan { start: s.end, ..*s };
        }
    }
    spans.extend(found.into_iter().map(|(_, unit)| unit));
    spans.retain(|s| s.start < s.end);
    spans.sort_unstable_by_key(|o| o.start);
}

/// An organisation the model found that ends in a military unit's word takes in the number or
/// ordinal right before it: "65th Air Division", "4 Air Defense Wing", "Fourth Air Force" (the
/// model had left the number out: "Air Division"). A bare number (one or two digits) only
/// before a numbered unit's name: before a service's it is a count ("12 Air Force jets", "some
/// 300 Marine Corps troops"), and a year is no unit's number ("the 1997 Air Force budget"); nor
/// is a number another span holds, nor a bare number before a one-word name ("25 Fleet
/// branches"; "21st Brigade" takes its ordinal).
fn number_military_units(text: &str, spans: &mut [ModelSpan]) {
    /// Units that a bare number names ("3 Air Division", "65 Fighter Wing").
    const NUMBERED: &[&str] = &["Battalion", "Brigade", "Division", "Regiment", "Squadron", "Wing"];
    for k in 0..spans.len() {
        let span = spans[k];
        let surface = &text[span.start..span.end];
        let (one_word, last) = surface.rsplit_once(' ').map_or((true, surface), |(_, last)| (false, last));
        if span.kind != 1 || !MILITARY_UNITS.contains(&last) {
            continue;
        }
        let Some((at, word)) = word_a_space_before(text, span.start) else { continue };
        let ordinal = without_ordinal_suffix(word);
        let digits = ordinal.unwrap_or(word);
        let numeric = !digits.is_empty() && digits.len() <= 3 && digits.bytes().all(|b| b.is_ascii_digit());
        let number =
            numeric && (ordinal.is_some() || digits.len() <= 2 && NUMBERED.contains(&last) && !one_word);
        let held = k > 0 && spans[k - 1].end > at;
        if (number || ORDINALS.contains(&word)) && !held {
            spans[k].start = at;
        }
    }
}

/// The acronym that opens `rest` (the text after an opening bracket) and that a closing bracket
/// ends, right after it or a space apart (CoNLL's spaced tokens): two to eight capital letters
/// or digits, the first a letter.
fn bracketed_acronym(rest: &str) -> Option<&str> {
    let len = rest.bytes().take_while(|b| b.is_ascii_uppercase() || b.is_ascii_digit()).count();
    let acronym = &rest[..len];
    ((2..=8).contains(&len)
        && acronym.starts_with(|c: char| c.is_ascii_uppercase())
        && (rest[len..].starts_with(')') || rest[len..].starts_with(" )")))
    .then_some(acronym)
}

/// An organisation's name the model missed, right before the acronym in brackets that spells it:
/// "The Brain Injury Rehabilitation Trust (BIRT) is a provider". The name is the capitalised
/// words back to the one the acronym's first letter opens (with "of", "for", "and", "&", "the"
/// or "on" between them: "Bank for International Settlements (BIS)"), ending in an
/// organisation's word: a concept defined so is no organisation ("Gross Domestic Product
/// (GDP)", "Liquefied Natural Gas (LNG)"). Not where a span of the model's is, nor an acronym
/// of fewer than three letters. The acronym itself is then [`acronyms_in_brackets`]'s.
fn missed_acronym_definitions(text: &str, spans: &mut Vec<ModelSpan>) {
    const SMALL: &[&str] = &["of", "for", "and", "&", "the", "on"];
    // (Bodies' words beside those of the lists, which open or end other names too.)
    const BODIES: &[&str] = &[
        "Academy",
        "Club",
        "Coalition",
        "College",
        "Conference",
        "Consortium",
        "Institution",
        "School",
        "Secretariat",
        "Society",
        "Trust",
    ];
    let mut found: Vec<ModelSpan> = Vec::new();
    for open in memchr::memchr_iter(b'(', text.as_bytes()) {
        let rest = &text[open + 1..];
        // (" ( ": CoNLL's spaced tokens.)
        let Some(acronym) = bracketed_acronym(rest.strip_prefix(' ').unwrap_or(rest)).filter(|a| a.len() > 2)
        else {
            continue;
        };
        let Some(name_end) = text[..open].strip_suffix(' ').map(str::len) else { continue };
        let last = text[..name_end].rsplit(' ').next().unwrap_or_default();
        if !is_org_or_company_word(last) && !BODIES.contains(&last) {
            continue;
        }
        let first = acronym.as_bytes()[0];
        // Back over the words, one space apart, from the last.
        let mut word_end = name_end;
        let mut start = None;
        for _ in 0..10 {
            let from = text[..word_end].rfind(' ').map_or(0, |i| i + 1);
            let word = &text[from..word_end];
            let capitalised = word.starts_with(|c: char| c.is_uppercase())
                && word.chars().all(|c| c.is_alphabetic() || c == '-')
                && word != "The";
            if !capitalised && !SMALL.contains(&word) {
                break;
            }
            if capitalised
                && word.as_bytes()[0] == first
                && crate::resolve::is_acronym_of(acronym, &text[from..name_end])
            {
                start = Some(from);
                break;
            }
            if from == 0 {
                break;
            }
            word_end = from - 1;
        }
        let Some(start) = start else { continue };
        // (Sorted and apart, the spans that could hold the name are the last ones before its
        // end, back to the first that ends before it; the names found so far come in order.)
        let before = spans.partition_point(|s| s.start < name_end);
        let held = spans[..before].iter().rev().take_while(|s| s.end > start).any(|s| s.start < s.end)
            || found.last().is_some_and(|f| f.end > start);
        if !held {
            found.push(ModelSpan { start, end: name_end, kind: 1 });
        }
    }
    if !found.is_empty() {
        spans.extend(found);
        spans.sort_unstable_by_key(|o| o.start);
    }
}

/// The acronym in brackets right after an organisation's name: "the Multi-State Lottery
/// Association (MUSL)", "The Very High Readiness Joint Task Force (VJTF)". Two things of it:
/// the model's organisation that the acronym's first letter does not open takes in the
/// capitalised words before it that the acronym spells ("Task Force" of "Very High Readiness
/// Joint Task Force", which a sentence's opening "The" made the model cut short), so that the
/// acronym links to the whole name; and an acronym the model left out is the organisation's
/// (its short name, whatever letters it has: "MUSL", "the National Foreign Trade Council
/// (CONEX)"), unless it is an officer's or a currency's code ("Acme Corp (CEO)", "(EUR)"), the
/// tables know it (they type it: "Acme Holdings (UK)") or it has two letters only (a word as
/// often: "Intelligent Network (IN) products"). An acronym is two to eight capital letters or
/// digits, the first a letter, with the closing bracket right after.
fn acronyms_in_brackets(gazetteer: &Gazetteer, text: &str, spans: &mut Vec<ModelSpan>) {
    // (Codes in brackets that name no organisation: an officer's, a currency's.)
    const CODES: &[&str] = &["AUD", "CAD", "CEO", "CFO", "CHF", "COO", "CTO", "EUR", "GBP", "JPY", "USD"];
    let mut found: Vec<ModelSpan> = Vec::new();
    for k in 0..spans.len() {
        let span = spans[k];
        if span.kind != 1 || span.start == span.end {
            continue;
        }
        // (" ( ": CoNLL's spaced tokens.)
        let Some(rest) = [" ( ", " ("].iter().find_map(|open| text[span.end..].strip_prefix(open)) else {
            continue;
        };
        let Some(acronym) = bracketed_acronym(rest) else { continue };
        let len = acronym.len();
        let first = acronym.as_bytes()[0];
        if text.as_bytes()[span.start] != first {
            // Back over capitalised words, to the one the acronym's first letter opens.
            let held = end_before(spans, k);
            let mut at = span.start;
            for _ in 0..6 {
                let Some((start, word)) = word_a_space_before(text, at) else { break };
                if start < held
                    || word == "The"
                    || !word.starts_with(|c: char| c.is_uppercase())
                    || !word.chars().all(|c| c.is_alphabetic() || c == '-')
                {
                    break;
                }
                at = start;
                if word.as_bytes()[0] == first && crate::resolve::is_acronym_of(acronym, &text[at..span.end])
                {
                    spans[k].start = at;
                    break;
                }
            }
        }
        let acronym_start = text.len() - rest.len();
        let tagged = start_after(spans, k).is_some_and(|next| next < acronym_start + len);
        if !tagged && len > 2 && !CODES.contains(&acronym) && gazetteer.lookup_name(acronym).is_none() {
            found.push(ModelSpan { start: acronym_start, end: acronym_start + len, kind: 1 });
        }
    }
    if !found.is_empty() {
        spans.extend(found);
        spans.sort_unstable_by_key(|o| o.start);
    }
}

/// A school's, an institute's or a ministry's name goes on after "of" or "for" into what it
/// studies, serves or is of, which the model split off as a name of its own: "Watson School of
/// Biological Sciences", "Emil Touma Institute for Palestinian Studies", "Carnegie Institution
/// of Washington". Only a span of the model's organisations or persons (no person's name ends
/// in these words: "Emil Touma Institute" read as one) that ends in one of these words, and the
/// model's span right after the "of" or "for" that is no person's (a subject's is often MISC,
/// "Palestinian Studies"; not after a club's, a party's or a
/// company's: "Victoria Hockey Club of Montreal", "Liberal Party of Nova Scotia", "Standard
/// Oil Company of New York" are CoNLL's organisation and place), nor a place after "for" ("he
/// left Harvard University for Paris").
fn join_bodies_of(text: &str, spans: &mut [ModelSpan]) {
    const BODIES: &[&str] = &[
        "Academy",
        "Center",
        "Centre",
        "College",
        "Department",
        "Faculty",
        "Institute",
        "Institution",
        "Ministry",
        "Museum",
        "School",
        "University",
    ];
    for k in 1..spans.len() {
        let (body, of) = (spans[k - 1], spans[k]);
        let between = text.get(body.end..of.start);
        if matches!(body.kind, 0 | 1)
            && of.kind != 0
            && body.start < body.end
            && of.start < of.end
            && (between == Some(" of ") || between == Some(" for ") && of.kind != 2)
            && BODIES.contains(&text[body.start..body.end].rsplit(' ').next().unwrap_or_default())
        {
            spans[k] = ModelSpan { start: body.start, end: of.end, kind: 1 };
            spans[k - 1].end = body.start;
        }
    }
}

/// A railway named for the two places it joins is one organisation: "Norfolk and Western
/// Railway Co", "Pittsburgh and West Virginia Railroad", "Bridgton and Saco River Railroad". The
/// model reads the first place as a name of its own, a place or an organisation ("Norfolk", a
/// place, and "Western Railway Co"); on the bench news every such name was split so. A model
/// span of one to three capitalised words (no legal form, and none in capitals: "CSX and Norfolk
/// Southern Railway" are two), " and ", and a model span that ends
/// in "Railroad", "Railway" or "Railways" (a legal form after it allowed) become one
/// organisation, and so do the places of such spans a comma apart before them ("Atchison,
/// Topeka and Santa Fe Railway Co", "Chicago, Missouri and Western Railway").
fn join_railways(text: &str, spans: &mut [ModelSpan]) {
    const RAILWAYS: &[&str] = &["Railroad", "Railway", "Railways"];
    let a_place = |span: &ModelSpan| {
        let words = || text[span.start..span.end].split(' ');
        span.start < span.end
            && words().count() <= 3
            && words().all(|w| {
                w.starts_with(char::is_uppercase) && !is_company_suffix(w) && !is_all_caps(w) && w != "And"
            })
    };
    for k in 1..spans.len() {
        let railway = spans[k];
        if railway.start >= railway.end
            || text.get(spans[k - 1].end..railway.start) != Some(" and ")
            || !a_place(&spans[k - 1])
        {
            continue;
        }
        let ends_in_railway = text[railway.start..railway.end]
            .split(' ')
            .rev()
            .find(|w| !is_company_suffix(w))
            .is_some_and(|w| RAILWAYS.contains(&w));
        if !ends_in_railway {
            continue;
        }
        let mut first = k - 1;
        while first > 0
            && text.get(spans[first - 1].end..spans[first].start) == Some(", ")
            && a_place(&spans[first - 1])
        {
            first -= 1;
        }
        let start = spans[first].start;
        for span in &mut spans[first..k] {
            span.end = span.start;
        }
        spans[k] = ModelSpan { start, end: railway.end, kind: 1 };
    }
}

/// Words of a road's name before its number.
const ROADS: &[&str] = &["Highway", "Interstate", "Interstates", "Route"];

/// A road named by its number is a place, the number and all: "Interstate 95", "Highway 1",
/// "State Route 267" (the model read "Interstate" as an organisation and left the number out).
/// A model span (no MISC one: "The Highway 61 Revisited album") ending in a road's word, right
/// before a number of up to three digits (a letter may open or end it: "A1", "95E"; four
/// digits are a year's: "Interstate 2021 Act") that no capitalised word but a compass point
/// follows, takes the number in; a stopword opening a sentence that the model took in is left
/// out ("According Route 9").
fn numbered_roads(text: &str, spans: &mut [ModelSpan]) {
    for k in 0..spans.len() {
        let span = spans[k];
        let surface = &text[span.start..span.end];
        if span.start == span.end
            || span.kind == 3
            || !ROADS.contains(&surface.rsplit(' ').next().unwrap_or_default())
        {
            continue;
        }
        let Some(rest) = text[span.end..].strip_prefix(' ') else { continue };
        let len = rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len());
        let number = &rest[..len];
        let digits = number.trim_start_matches(|c: char| c.is_ascii_uppercase());
        let digits = digits.trim_end_matches(|c: char| c.is_ascii_uppercase());
        let lettered = number.len() - digits.len();
        // (A capitalised word after the number makes it a title's: "Highway 61 Revisited",
        // "Highway 2 Hell"; a compass point is the road's direction.)
        let titled = rest[len..].strip_prefix(' ').is_some_and(|after| {
            after.starts_with(char::is_uppercase)
                && !["North", "South", "East", "West"].iter().any(|point| after.starts_with(point))
        });
        if !(1..=3).contains(&digits.len())
            || !digits.bytes().all(|b| b.is_ascii_digit())
            || lettered > 1
            || titled
        {
            continue;
        }
        let end = span.end + 1 + len;
        let start = match surface.split_once(' ') {
            Some((first, rest)) if STOPWORDS.contains(&first) => span.end - rest.len(),
            _ => span.start,
        };
        if start_after(spans, k).is_none_or(|next| next >= end) {
            spans[k] = ModelSpan { start, end, kind: 2 };
        }
    }
}

/// Where a war's number after the name `text[start..end]` of a war ends: "World War I", "World
/// War Two", which the model cut before the number (it took the "I" for the pronoun). "I" only
/// after "World War": after another war it is the pronoun ("During the Vietnam War I served").
fn war_number_end(text: &str, start: usize, end: usize) -> Option<usize> {
    let name = &text[start..end];
    if !name.ends_with(" War") {
        return None;
    }
    let number = word_a_space_after(text, end)?;
    let numbered = match number {
        "I" => name.ends_with("World War"),
        "One" | "Two" => true,
        _ => is_roman_numeral(number),
    };
    numbered.then_some(end + 1 + number.len())
}

/// A sovereign's, a pope's or an heir's number after the name, which the model left out of the
/// person's span: "Pope John Paul II", "Henry VIII", "T. Boone Pickens III"; "I" only after a
/// sovereign's or a pope's title and not before a first person's verb ("King Carlos I"; "Smith
/// I think", "King Abdullah I would" are the pronoun). Not where another span starts there, nor
/// after a numeral.
fn regnal_numbers(text: &str, spans: &mut [ModelSpan]) {
    const SOVEREIGNS: &[&str] =
        &["Emperor", "Empress", "King", "Pope", "Queen", "Tsar", "Czar", "Kaiser", "Sultan"];
    // A first person's verbs: "I" before one is the pronoun ("I told King Abdullah I would
    // support him").
    const PRONOUNS_VERBS: &[&str] = &[
        "am", "believe", "can", "could", "did", "do", "feel", "guess", "had", "have", "hope", "know", "mean",
        "must", "said", "should", "suppose", "think", "told", "want", "was", "will", "would",
    ];
    for k in 0..spans.len() {
        let span = spans[k];
        if span.kind != 0 || span.start == span.end {
            continue;
        }
        let Some(number) = word_a_space_after(text, span.end) else { continue };
        let end = span.end + 1 + number.len();
        let numbered = if number == "I" {
            let after = &text[end..];
            let next = after.strip_prefix(' ').and_then(|r| r.split(|c: char| !c.is_alphabetic()).next());
            SOVEREIGNS.contains(&word_before(text, span.start))
                && !after.starts_with(['\'', '\u{2019}'])
                && !next.is_some_and(|w| PRONOUNS_VERBS.contains(&w))
        } else {
            is_roman_numeral(number)
        };
        // (Not a table's numerals the model read as a name: "reserve number I II III IV".)
        let ends_in_numeral = text[span.start..span.end].rsplit(' ').next().is_some_and(is_roman_numeral);
        if numbered && !ends_in_numeral && start_after(spans, k).is_none_or(|next| next >= end) {
            spans[k].end = end;
        }
    }
}

/// A battle or a siege named by its place is the event, CoNLL's MISC, where the model found the
/// place alone: "the Battle of Fredericksburg", "the 2nd Battle of Fredericksburg", "the Siege
/// of Petersburg" (no place inside it, as [`is_event_or_prize`] has it). The span takes in the
/// words before it, and an ordinal before them; not where another span holds them. A war's
/// span takes in its number ([`war_number_end`]).
fn battles_of_places(text: &str, spans: &mut [ModelSpan]) {
    const OPENINGS: &[&str] = &["Battle of ", "Battles of ", "Siege of "];
    for k in 0..spans.len() {
        let span = spans[k];
        if span.kind != 0
            && let Some(end) = war_number_end(text, span.start, span.end)
            && start_after(spans, k).is_none_or(|next| next >= end)
        {
            spans[k].end = end;
            continue;
        }
        let before = &text[..span.start];
        let Some(opening) = OPENINGS.iter().find(|o| before.ends_with(*o)) else { continue };
        let mut start = span.start - opening.len();
        if span.start == span.end || text[..start].ends_with(char::is_alphanumeric) {
            continue;
        }
        let ordinal = |word: &str| {
            ORDINALS.contains(&word)
                || without_ordinal_suffix(word)
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        };
        if let Some((at, word)) = word_a_space_before(text, start)
            && ordinal(word)
        {
            start = at;
        }
        if end_before(spans, k) <= start {
            spans[k] = ModelSpan { start, end: span.end, kind: 3 };
        }
    }
}

/// A place, a nationality or a sponsor the model ended before the word that makes the name an
/// event's is that event, whole: "the Hong Kong Open", "the Italian Grand Prix", "the Greater
/// Milwaukee Open" (CoNLL's MISC: no place or nationality inside it, as with "Battle of
/// Gettysburg"; see `is_event_or_prize`). The span takes in the model's span of the event's
/// word right after it, or the one or two capitalised words after it that make it an event.
fn join_event_names(text: &str, spans: &mut [ModelSpan]) {
    for k in 0..spans.len() {
        let span = spans[k];
        // (Not a person's: "the Peter Sellers Award" names the prize after him.)
        if span.kind == 0 || span.start == span.end || !text[span.end..].starts_with(' ') {
            continue;
        }
        let next = spans.get(k + 1).copied().filter(|n| n.start == span.end + 1);
        let end = match next {
            Some(n) if n.end - n.start <= "Grand Prix".len() => n.end,
            Some(_) => continue,
            None => {
                // The capitalised words after it, up to two.
                let mut end = span.end;
                for _ in 0..2 {
                    let Some(word) = word_a_space_after(text, end) else { break };
                    let len = word.len();
                    if len == 0 || !word.starts_with(char::is_uppercase) {
                        break;
                    }
                    end += 1 + len;
                    if is_event_or_prize(&text[span.start..end], |_| false) {
                        break;
                    }
                }
                end
            }
        };
        // The model's spans of the words taken in ("Festival" of "Berlin Film Festival") are
        // emptied; one that goes on past them keeps the name as the model had it.
        let covered = k + 1 + spans[k + 1..].partition_point(|n| n.start < end);
        let name = &text[span.start..end];
        if end > span.end
            && spans[k + 1..covered].iter().all(|n| n.end <= end)
            && is_event_or_prize(name, |n| written_with_legal_form(text, n))
        {
            spans[k] = ModelSpan { start: span.start, end, kind: 3 };
            for n in &mut spans[k + 1..covered] {
                *n = ModelSpan { start: n.end, end: n.end, kind: n.kind };
            }
        }
    }
}

/// A name written after a capital "The" inside a sentence takes it in ("the drummer of The
/// Zutons", "a division of The Disabilities Trust", "at The Oval"): CoNLL-2003 and wikigold both
/// count such a "The" as the name's (4 times of 4 in eng.testa, 53 of 54 in wikigold), where the
/// model, trained on text whose "The" mostly opens a sentence, leaves it out. Not where "The"
/// opens a sentence, a line or a quotation (`opens_sentence`: "- The United States won", a quote's
/// "The Fed's stance"), unless the quotation closes right after the name (a title: "his novel
/// \"The Collapse\""); not right after another name, and not before a person's name. A
/// nationality so written before a mark or "newspaper" is a newspaper's name ("quoted by The
/// Australian newspaper", "The Australian, Antipodes"); before other words it is left as the
/// model had it ("<The Australian Gas Light Co>", the start of a longer name the model split).
fn take_in_the(gazetteer: &Gazetteer, text: &str, spans: &mut [ModelSpan]) {
    for k in 0..spans.len() {
        let span = spans[k];
        if span.start == span.end {
            continue;
        }
        if let Some(rest) = text[span.start..span.end].strip_prefix("The ")
            && sentence_the(text, span, rest)
        {
            spans[k].start += "The ".len();
            continue;
        }
        let Some(at) = span.start.checked_sub(4).filter(|_| text[..span.start].ends_with("The ")) else {
            continue;
        };
        let a_word = text[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        // Not right after another name, the model's or a capitalised word inside the sentence:
        // "KATMANDU, Nepal The Nepali capital", a dateline run into its text. ("At The Oval"
        // opening a sentence takes it.)
        let free = (k == 0 || spans[k - 1].end + 1 < at)
            && word_a_space_before(text, at).is_none_or(|(start, word)| {
                !word.starts_with(char::is_uppercase) || opens_sentence(text, start)
            });
        // A quotation's "The" is a title's when the quotation closes right after the name
        // ("his novels \"The Collapse\" and", "\"The Knot,\""), and a sentence's otherwise
        // ("\"The Fed's stance is"): eng.testa and wikigold write it so 13 times of 14.
        let opening_quote = text[..at].trim_end().ends_with(OPENING_QUOTES);
        let title = opening_quote && {
            let after = text[span.end..].trim_start_matches(' ');
            let after = after.strip_prefix([',', '.', '!', '?']).unwrap_or(after).trim_start_matches(' ');
            after.starts_with(CLOSING_QUOTES)
        };
        let opens = if opening_quote { !title } else { opens_sentence(text, at) };
        if span.kind == 0 || !a_word || !free || opens {
            continue;
        }
        let surface = &text[span.start..span.end];
        let nationality = span.kind == 3 && gazetteer.is_nationality(surface);
        if nationality {
            let after = text[span.end..].trim_start_matches(' ');
            let word = after.split(|c: char| !c.is_alphabetic()).next().unwrap_or_default();
            if !matches!(word, "" | "newspaper" | "daily" | "weekly" | "paper") {
                continue;
            }
            spans[k].kind = 1;
        }
        spans[k].start = at;
    }
}

/// Quotation marks that open a quotation, and those that close one.
const OPENING_QUOTES: [char; 3] = ['"', '\u{201C}', '\u{2018}'];
const CLOSING_QUOTES: [char; 3] = ['"', '\u{201D}', '\u{2019}'];

/// Whether the model's organisation `span`, "The" and `rest`, took in a "The" that opens a
/// sentence before a name that says what kind of organisation it is ("The Commerce Department
/// said", "The University of Michigan's index", "The League was formed"): the sentence's "The",
/// which both sets leave out of the name (eng.testa 3 times, wikigold 6, where the model took it
/// in). Not a newspaper's ("The Sunday Telegraph quoted", which eng.testa writes with it) nor a
/// title's in quotes.
fn sentence_the(text: &str, span: ModelSpan, rest: &str) -> bool {
    let kind_word = crate::text::last_word_before_of(rest);
    let before = text[..span.start].trim_end();
    span.kind == 1
        && opens_sentence(text, span.start)
        && !before.ends_with(OPENING_QUOTES)
        && !before.ends_with('\'')
        && is_org_or_company_word(kind_word)
        && !NEWSPAPER_WORDS.contains(&kind_word)
        && kind_word != "News"
}

/// A name that a phrase after it defines ("Bandarlapalle is a village in …", "Caloi, a
/// Brazilian bicycle manufacturer"; [`defined_kind`]) takes the type the phrase gives, and so do
/// the document's other spans of the same words; a sentence's subject so defined that the model
/// missed is a span of that type ([`defined_subjects`]), and so are its words elsewhere in the
/// text that no span holds. Not a name the tables know: "Beijing, a
/// spokesman for the ministry, confirmed" and "Jordan, a footballer for Liverpool" would make
/// every Beijing and Jordan of the text a person. (Of two definitions of the same words, the
/// first counts.) Whether a MISC span took another type, and the names defined as a person's,
/// an organisation's or a place's, sorted.
fn retype_defined<'a>(
    gazetteer: &Gazetteer,
    text: &'a str,
    spans: &mut Vec<ModelSpan>,
    is_given_name: impl Fn(&str) -> bool,
) -> (bool, Vec<&'a str>) {
    let unknown = |start: usize, end: usize| gazetteer.lookup_name(&text[start..end]).is_none();
    let longer = PerName::default();
    // (By name, the first definition of each: a long document defines many.)
    let mut defined: std::collections::HashMap<&'a str, u8> = std::collections::HashMap::new();
    let listed = listed_as_bands(text, spans, &is_given_name);
    for (k, span) in spans.iter().enumerate() {
        // (No person is founded or formed: "Caloi was founded in 1898", "Deadsy were formed in
        // Los Angeles" are an organisation's, a band's.)
        // Not a name at the end of a longer subject ("a trust in memory of Stephen Lawrence was
        // founded"), nor a person's after an organisation's noun, who may open a clause ("the
        // newspaper Rupert Murdoch bought").
        let subject =
            || !word_a_space_before(text, span.start).is_some_and(|(_, w)| SUBJECT_ENDS.contains(&w));
        let personal = || text[span.start..span.end].split(" ").next().is_some_and(&is_given_name);
        // A company held in shares is one by its own name: not a person's name the document
        // writes inside a longer one ("Eli Lilly", "Barnett Banks"), which linking takes to that
        // company as it stands; nor a name that opens with a country or initials ("a takeover
        // of U.S. Regional carrier Air Atlanta": a company of initials is one the model reads
        // as one), nor one before a possessive, which is the owned thing's owner ("a stake in
        // Stanley Ho's latest gambling project").
        let owned_alone = || {
            let surface = &text[span.start..span.end];
            let first = surface.split(' ').next().unwrap_or_default();
            !is_all_caps(first)
                && !gazetteer.lookup_name(first).is_some_and(|e| gazetteer.entry(e).country)
                && (span.kind != 0 || !longer.get(surface, || in_longer_name(text, surface)))
                && !text[span.end..].starts_with(['\'', '\u{2019}'])
        };
        let kind = defined_kind(text, span.start, span.end)
            .or_else(|| (span.kind == 0 && founded_after(text, span.end) && subject()).then_some(1))
            .or_else(|| (after_organisation_noun(text, span.start, span.end) && !personal()).then_some(1))
            .or_else(|| {
                (listed.binary_search(&k).is_ok()
                    || band_apposition(text, span.start, span.end) && !personal())
                .then_some(1)
            })
            .or_else(|| {
                (owned_after(text, span.start, span.kind) && !personal() && owned_alone()).then_some(1)
            });
        if let Some(kind) = kind
            && unknown(span.start, span.end)
        {
            defined.entry(&text[span.start..span.end]).or_insert(kind);
        }
    }
    let mut misc_retyped = false;
    if !defined.is_empty() {
        for span in spans.iter_mut() {
            let surface = &text[span.start..span.end];
            if let Some(&kind) = defined.get(surface) {
                misc_retyped |= span.kind == 3 && kind != 3;
                span.kind = kind;
            }
        }
    }
    // A sentence's subject that the model missed ("Digilogue is a music album").
    let mut subjects = Vec::new();
    defined_subjects(text, &mut subjects);
    let before = spans.len();
    // (The subjects come sorted by start, as the spans before them are.)
    for (start, end, kind) in subjects {
        if !overlaps(&spans[..before], start, end)
            && spans[before..].last().is_none_or(|last| last.end <= start)
            && unknown(start, end)
        {
            spans.push(ModelSpan { start, end, kind });
        }
    }
    let mut names: Vec<&str> =
        defined.into_iter().filter(|&(_, kind)| kind != 3).map(|(name, _)| name).collect();
    if spans.len() > before {
        let mut subjects: Vec<(&str, u8)> =
            spans[before..].iter().map(|s| (&text[s.start..s.end], s.kind)).collect();
        names.extend(subjects.iter().filter(|&&(_, kind)| kind != 3).map(|&(name, _)| name));
        spans.sort_unstable_by_key(|s| s.start);
        // The same words elsewhere in the text, as words and outside every span, are the same
        // name: "30 Seconds to Mars won Fuse's Best of 2007", once the text has defined the band.
        // Not a name that ends in a number, a match's or a model's as often as the name's
        // ("Game 7 was a series of upsets").
        subjects.retain(|(name, _)| {
            !name.rsplit(' ').next().is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit()))
        });
        name_elsewhere(text, &subjects, spans);
    }
    names.sort_unstable();
    (misc_retyped, names)
}

/// Nouns that make the name right after them an organisation's: "the band Deadsy", "the
/// newspaper Le Monde", "the airline Virgin Blue", "Swiss drugmaker Novartis", "mortgage lender
/// Abbey", "the charity Mencap". Not "vendor" or "carrier", a street vendor's and an aircraft
/// carrier's names; nor "firm", "company" or "group", whose chairman's name may follow; nor
/// "brewer", "broadcaster", "developer", "publisher", "producer" or "maker", which news writes
/// before people as often ("Australian brewer Alan Bond", "film maker Steven Spielberg"), nor
/// "website" ("told the BBC News website Ford did not deserve"). (A work's nouns make a title:
/// [`WORK_NOUNS`].) See also [`NAMED_AFTER_THE`].
const ORGANISATION_NOUNS: &[&str] =
    &["airline", "band", "distributor", "label", "magazine", "newspaper", "retailer"];

/// Organisations' nouns (added 2026-12-03) that a person's name follows after an article as
/// often as a company's ("the charity Geldof founded", "the bank Wolfensohn leads"): an
/// organisation after them but for [`opens_clause`] after "the" or "a" ("the charity Mencap,"
/// and "Swiss drugmaker Novartis has" are companies).
const NAMED_AFTER_THE: &[&str] = &[
    "automaker",
    "bank",
    "bookmaker",
    "carmaker",
    "charity",
    "chipmaker",
    "conglomerate",
    "drugmaker",
    "group",
    "housebuilder",
    "insurer",
    "lender",
    "outfit",
    "studio",
];

/// Whether the words right before byte `start` say that what follows is owned in shares:
/// "Shares in Wimpey were up 6%", "2.25 shares of Barnett common stock", "a 19 pct stake in Novo
/// Astro", "its takeover of Cirex"; as only a company is. For a name the model took for a
/// place's (`kind` 2), only "shares of", "stock of", "its takeover of" and a stake of a size
/// or an owner ("a 20% stake in Sina", "Turkcell's stake in Irancell", "its stake in Fuso"):
/// news writes "shares in" before where shares are listed ("list its shares in Frankfurt"),
/// and a takeover or a stake of a town is a militia's or an investor's ("the rebels' takeover
/// of Bunia", "a big stake in Gibraltar").
fn owned_after(text: &str, start: usize, kind: u8) -> bool {
    const OWNED: &[&str] =
        &["shares in ", "Shares in ", "shares of ", "Shares of ", "stake in ", "stock of ", "takeover of "];
    let before = &text[..start];
    match kind {
        0 => OWNED.iter().any(|w| before.ends_with(w)),
        2 => {
            ["shares of ", "Shares of ", "stock of "].iter().any(|w| before.ends_with(w))
                || before.ends_with(" its takeover of ")
                || before.strip_suffix(" stake in ").is_some_and(|b| {
                    let size = b.rsplit(' ').next().unwrap_or_default();
                    size.ends_with('%')
                        || size.ends_with("'s")
                        || ["pct", "percent", "cent", "its", "their", "his", "her"].contains(&size)
                })
        }
        _ => false,
    }
}

/// Whether `text` writes `name` somewhere as part of a longer name: right after a capitalised
/// word ("Eli Lilly") or right before one ("XP System VOF"), a single space between.
fn in_longer_name(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(at, _)| {
        let end = at + name.len();
        is_word_bounded(text, at, end)
            && (word_a_space_before(text, at).is_some_and(|(_, w)| {
                w.starts_with(char::is_uppercase) && !w.ends_with(['.', ',', ';', ':'])
            }) || text[end..].strip_prefix(' ').is_some_and(|rest| rest.starts_with(char::is_uppercase)))
    })
}

/// The indexes of the `spans` (sorted by start) that a text lists as bands: after "bands like",
/// "bands such as" or "bands including" ("bands like Talking Heads, Joy Division and New Order")
/// and before "and other bands" ("Head Automatica, Cobra Starship, and several other bands"),
/// as long as the list goes on: spans with nothing between them but ", ", " and " or ", and ".
/// News and Wikipedia alike list bands whose names read as persons'; CoNLL-2003 types a band an
/// organisation.
fn listed_as_bands(text: &str, spans: &[ModelSpan], is_given_name: impl Fn(&str) -> bool) -> Vec<usize> {
    const OPENERS: [&str; 3] = ["bands like ", "bands such as ", "bands including "];
    const CLOSERS: [&str; 3] = [" and other bands", " and several other bands", " and many other bands"];
    // (Tokenised text, as CoNLL files write it, has a space before a comma.)
    let joins = |gap: &str| ["", ",", "and", ", and"].contains(&gap.trim_matches(' '));
    let mut listed = Vec::new();
    // (One search of the text for what every opener and closer holds: most texts name no band.)
    if memchr::memmem::find(text.as_bytes(), b"bands").is_none() {
        return listed;
    }
    // (A person's name ends the list: "bands like Oasis, and John Smith said".)
    let personal =
        |span: &ModelSpan| text[span.start..span.end].split(' ').next().is_some_and(&is_given_name);
    for opener in OPENERS {
        for (at, _) in text.match_indices(opener) {
            // (A word of its own: not "husbands like".)
            if text[..at].ends_with(|c: char| c.is_alphanumeric()) {
                continue;
            }
            let mut from = at + opener.len();
            let mut k = spans.partition_point(|s| s.start < from);
            while let Some(span) = spans.get(k)
                && text.get(from..span.start).is_some_and(joins)
                && !personal(span)
            {
                listed.push(k);
                from = span.end;
                k += 1;
            }
        }
    }
    for closer in CLOSERS {
        for (at, _) in text.match_indices(closer) {
            let mut to = text[..at].trim_end_matches([' ', ',']).len();
            let mut k = spans.partition_point(|s| s.end <= to);
            while k > 0 && text.get(spans[k - 1].end..to).is_some_and(joins) && !personal(&spans[k - 1]) {
                k -= 1;
                listed.push(k);
                to = spans[k].start;
            }
        }
    }
    listed.sort_unstable();
    listed.dedup();
    listed
}

/// Whether a name from byte `start` to `end` is a band's set off by commas after the word:
/// "his other band, Fightstar." (not "Introducing the band, Springsteen mocked Bono", where a
/// clause goes on after the name).
fn band_apposition(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].trim_end_matches(' ');
    let after = text[end..].trim_start_matches(' ');
    before.strip_suffix(',').is_some_and(|b| b.trim_end_matches(' ').ends_with(" band"))
        && (after.is_empty() || after.starts_with(['.', ',', ';', '\n']))
}

/// Whether the word right before byte `start` is one of [`ORGANISATION_NOUNS`], or of
/// [`NAMED_AFTER_THE`] unless an article comes before it and a clause after the name ending at
/// `end`.
fn after_organisation_noun(text: &str, start: usize, end: usize) -> bool {
    word_a_space_before(text, start).is_some_and(|(at, word)| {
        ORGANISATION_NOUNS.contains(&word)
            || NAMED_AFTER_THE.contains(&word)
                && !(word_a_space_before(text, at).is_some_and(|(_, w)| ARTICLES.contains(&w))
                    && opens_clause(text, end))
    })
}

/// Whether `surface` is a prize's category: "Best" and a category's word ("Best Actress", "Best
/// Rock Video", "Best International Newcomer"), not a company ("Best Buy", "Best Products").
fn is_award_category(surface: &str) -> bool {
    const WORDS: &[&str] = &[
        "Act",
        "Actor",
        "Actress",
        "Album",
        "Animated",
        "Artist",
        "British",
        "Director",
        "Directorial",
        "Documentary",
        "Female",
        "Film",
        "First",
        "Foreign",
        "Group",
        "International",
        "Male",
        "Newcomer",
        "Original",
        "Picture",
        "Pop",
        "Rock",
        "Screenplay",
        "Single",
        "Solo",
        "Song",
        "Supporting",
        "Urban",
        "Video",
    ];
    surface
        .strip_prefix("Best ")
        .and_then(|rest| rest.split(' ').next())
        .is_some_and(|word| WORDS.contains(&word))
}

/// Words after which a name ends a longer subject: "in memory of", "named after", "set up by".
const SUBJECT_ENDS: &[&str] = &["after", "by", "for", "of", "to", "with"];

/// Whether the words after byte `end` say that what comes before was founded or formed ("was
/// founded in 1898", "were formed by"), as only an organisation is.
fn founded_after(text: &str, end: usize) -> bool {
    let Some(rest) = text[end..].strip_prefix(" was ").or_else(|| text[end..].strip_prefix(" were ")) else {
        return false;
    };
    let rest = rest.strip_prefix("originally ").unwrap_or(rest);
    ["founded ", "formed "].iter().any(|verb| {
        rest.strip_prefix(verb)
            .is_some_and(|after| ["in ", "by ", "on ", "at ", "as "].iter().any(|p| after.starts_with(p)))
    })
}

/// Merge `spans` into `candidates` (in place), after splitting office holders off `spans`. Model MISC spans that become no entity are
/// pushed to `misc`, for CoNLL output.
pub(crate) fn combine(
    gazetteer: &Gazetteer,
    text: &str,
    spans: &mut Vec<ModelSpan>,
    candidates: &mut Vec<Candidate>,
    misc: &mut Vec<(usize, usize)>,
    is_given_name: impl Fn(&str) -> bool,
) {
    party_states(text, spans, candidates);
    let entries = EntriesByStart::new(candidates);
    designated_machines(text, spans);
    missed_acronym_definitions(text, spans);
    acronyms_in_brackets(gazetteer, text, spans);
    trim_trailing_weekdays(gazetteer, text, spans, &is_given_name);
    trim_legislators(gazetteer, text, spans);
    drop_combining_forms(text, spans);
    nationalities_before_nouns(&entries, text, spans);
    trim_compound_adjectives(text, spans);
    split_at_slashes(text, spans);
    split_at_the(gazetteer, text, spans);
    initialled_persons(gazetteer, text, spans);
    trim_country_initials(gazetteer, text, spans);
    join_plural_possessive_names(text, spans);
    join_possessive_company_names(text, spans, &is_given_name);
    join_nationality_to_company(gazetteer, text, spans);
    join_trades_to_company(text, spans, candidates);
    firms_by_tickers(gazetteer, text, spans);
    peers_are_persons(text, spans);
    misc_typed_elsewhere(text, spans);
    organisations_by_their_words(text, spans);
    bodies_named_short(text, spans);
    empires_are_places(gazetteer, text, spans);
    teams_named_for_places(gazetteer, text, spans);
    national_bodies(gazetteer, text, spans);
    let others = OtherNames::new(candidates);
    extend_company_start(text, spans, &others);
    extend_to_named_company(text, spans, candidates, &others);
    split_joined_names(text, spans, candidates);
    join_name_particles(text, spans, &is_given_name);
    join_nicknames(gazetteer, text, spans, &is_given_name);
    number_military_units(text, spans);
    units_by_their_ordinal(text, spans);
    corps_by_their_numeral(text, spans);
    units_by_their_initials(text, spans);
    battles_of_places(text, spans);
    regnal_numbers(text, spans);
    join_bodies_of(text, spans);
    join_railways(text, spans);
    numbered_roads(text, spans);
    join_event_names(text, spans);
    take_in_the(gazetteer, text, spans);
    spans.retain(|s| s.start < s.end);
    lists_of_one_kind(gazetteer, &entries, text, spans, &is_given_name);
    split_office_holders(text, spans, &entries, &is_given_name);
    let (misc_retyped, defined) = retype_defined(gazetteer, text, spans, &is_given_name);
    quoted_work_titles(text, spans);
    names_said_to_be(text, spans);
    typed_by_the_noun_before(text, spans, &is_given_name);
    missed_titles(gazetteer, text, spans, &is_given_name);
    if misc_retyped {
        // A MISC span the trimming passed over is a name now: "Ontario-based Tricil, a company".
        trim_compound_adjectives(text, spans);
    }
    let spans: &[ModelSpan] = spans;
    let works = work_titles(gazetteer, text, spans);
    let mut added: Vec<Candidate> = Vec::with_capacity(spans.len());
    // The spans that became candidates; dropped ones (MISC, weekdays) leave the others alone.
    let mut kept: Vec<ModelSpan> = Vec::with_capacity(spans.len());
    // The names the text gives storms, found when first asked.
    let mut storms: Option<Vec<&str>> = None;
    // MISC spans of several capitalised words (see the end).
    let mut named: Vec<ModelSpan> = Vec::new();
    // The initials of the events, shows and prizes found ("CES" of "Consumer Electronics
    // Show"; see the end).
    let mut event_initials: Vec<String> = Vec::new();
    debug_assert!(spans.windows(2).all(|w| w[0].end <= w[1].start), "model spans sorted, apart");
    // Whether the text is a sports page, asked only of the few names that need it, once.
    let sports = std::cell::OnceCell::new();
    let sports = || *sports.get_or_init(|| reads_as_sports(text));
    // Whether it writes oil or gas (for a bare "field"), likewise.
    let oil_or_gas = std::cell::OnceCell::new();
    let oil_or_gas =
        || *oil_or_gas.get_or_init(|| ["oil", "Oil", "gas", "Gas"].iter().any(|w| has_word(text, w)));
    let company_openers = PerName::default();
    let opens_company = |name| company_openers.get(name, || opens_company_name(text, name));
    let events = PerName::default();
    // A street's name that opens with a company's ("Saks Fifth Avenue", "Chrysler Fifth Avenue"
    // is a car) or with a prefix ("Ex-Downing Street"): what the model made of it.
    let company_street = |start: usize, end: usize| {
        text[start..end].rsplit_once(' ').is_some_and(|(rest, last)| {
            let first = rest.split(' ').next().unwrap_or_default();
            STREETS.contains(&last)
                && (rest.contains('-')
                    || gazetteer
                        .lookup_name(first)
                        .is_some_and(|e| gazetteer.entry(e).kind == EntityKind::Org)
                    || opens_company_name(around(text, start, end), first))
        })
    };
    // The words of the model's persons of several words or after a title, asked only of the
    // few spans that need them, gathered once.
    let person_words: std::cell::OnceCell<WordSet<&str>> = std::cell::OnceCell::new();
    // (Gathered once: asked for each such span, a scan of every span was quadratic in a long
    // document.)
    let a_persons_word = |word: &str| {
        person_words
            .get_or_init(|| {
                // (And a one-word person after a title: "Mr. Jordan said", then "Jordan added".)
                spans
                    .iter()
                    .filter(|o| o.kind == 0)
                    .map(|o| (o.start, &text[o.start..o.end]))
                    .filter(|&(start, name)| {
                        name.contains(' ') || is_title_or_honorific(word_before_name(text, start))
                    })
                    .flat_map(|(_, name)| name.split(' '))
                    .collect()
            })
            .contains(word)
    };
    // The names the model reads as an organisation's in the document at least as often as a
    // place's, gathered once likewise.
    let organisations: std::cell::OnceCell<WordSet<&str>> = std::cell::OnceCell::new();
    let more_often_an_organisation = |name: &str| {
        organisations
            .get_or_init(|| {
                let mut counts: std::collections::HashMap<
                    &str,
                    (u32, u32),
                    std::hash::BuildHasherDefault<crate::text::WordHasher>,
                > = Default::default();
                for o in spans.iter().filter(|o| matches!(o.kind, 1 | 2)) {
                    let count = counts.entry(&text[o.start..o.end]).or_default();
                    if o.kind == 1 { count.0 += 1 } else { count.1 += 1 }
                }
                counts
                    .into_iter()
                    .filter(|&(_, (org, place))| org > 0 && org >= place)
                    .map(|(name, _)| name)
                    .collect()
            })
            .contains(name)
    };
    for span in spans {
        let surface = &text[span.start..span.end];
        // (Not a name the text defines as a band, a place or a person, but where a work's noun
        // names it: "30 Seconds to Mars is a rock band", whose first album is "30 Seconds to
        // Mars".)
        let from = works.partition_point(|&(title, _)| title < surface);
        let titled = &works[from..from + works[from..].partition_point(|&(title, _)| title == surface)];
        if !titled.is_empty()
            && (titled.iter().any(|&(_, at)| at == span.start) || defined.binary_search(&surface).is_err())
        {
            // A work's title (CoNLL's MISC), not a person, a company or a place, and no name
            // inside it ("Britain" of "Little Britain", "American" of "American Dad").
            misc.push((span.start, span.end));
            kept.push(*span);
            continue;
        }
        // A battle, a war, a prize, a sports event or a festival (CoNLL's MISC), whatever type
        // the model gave it, and no place inside it ("Gettysburg" of "Battle of Gettysburg");
        // but a person named Masters is one ("Edgar Lee Masters").
        if span.kind != 3
            && is_event_or_prize(surface, |name| events.get(name, || written_with_legal_form(text, name)))
            && !(span.kind == 0 && surface.ends_with(" Masters"))
        {
            misc.push((span.start, span.end));
            event_initials.extend(initials(surface));
            // A law's initials may leave its "Act" out ("the Racketeer Influenced and Corrupt
            // Organization Act (RICO)").
            event_initials.extend(surface.strip_suffix(" Act").and_then(initials));
            kept.push(*span);
            continue;
        }
        // A prize's category ("Best Urban Act", "Best Actress"): no name, and no name inside;
        // unless a person's name or a legal form follows the category in the model's span
        // ("Best Actress Hilary Swank", "Best International Group Ltd").
        if span.kind != 3
            && is_award_category(surface)
            && !surface.split(' ').skip(2).any(|w| is_given_name(w) || is_company_suffix(w))
        {
            kept.push(*span);
            continue;
        }
        // "by Easter": a date, whatever the model's type (a MISC one stays MISC for CoNLL);
        // not a person's surname the document names in full ("Taha Yassin Ramadan", then
        // "Ramadan said") or after a title ("Mr Christmas").
        let surname_here = || {
            span.kind == 0
                && spans.iter().any(|o| {
                    o.kind == 0
                        && text[o.start..o.end].strip_suffix(surface).is_some_and(|r| r.ends_with(' '))
                })
        };
        // A religion or a script (CoNLL's MISC), whatever type the model gave it; not a
        // surname ("Mohammed Islam", then "Islam").
        if span.kind != 3 && is_belief_or_script(surface) && !surname_here() {
            misc.push((span.start, span.end));
            kept.push(*span);
            continue;
        }
        // (With its possessive and "Day" where the model took the name alone: "Valentine's
        // Day", "Veterans' Day".)
        let holiday_end = ["", "'s Day", "' Day", " Day"].iter().find_map(|rest| {
            let end = span.end + rest.len();
            (text[span.end..].starts_with(rest) && names_a_holiday(text, span.start, &text[span.start..end]))
                .then_some(end)
        });
        if let Some(end) = holiday_end
            && !surname_here()
        {
            let span = &ModelSpan { end, ..*span };
            if span.kind == 3 {
                misc.push((span.start, span.end));
            }
            added.push(Candidate {
                kind: Some(EntityKind::Date),
                label: Label::Date(text[span.start..end].into()),
                confidence: CONFIDENCE_MODEL,
                ..model_candidate(span, EntityKind::Date)
            });
            kept.push(*span);
            continue;
        }
        // A longer name that runs into another model span without holding it ("Washington,
        // D.C." in "the Bank of Washington, D.C.") is not evidence against either. (A final
        // point does not count: the model's "Poor's Corp." is held by "Standard and Poor's Corp".)
        let reaches_another = |c: &Candidate| {
            let first = spans.partition_point(|o| o.end <= c.start);
            spans[first..].iter().take_while(|o| o.start < c.end).any(|o| {
                let end = o.end - usize::from(text[o.start..o.end].ends_with('.'));
                o.start < c.start || c.end < end
            })
        };
        // A table's organisation that the model cut short at its start, keeping only the rest
        // and a legal form ("Boston Corp." of "First Boston Corp.": Boston is a place the model
        // knows), is the whole name.
        let cut_short = entries
            .starting_in(span.start.saturating_sub(entries.longest), span.start)
            .filter(|(_, c)| {
                span.kind == 1
                    && c.kind == Some(EntityKind::Org)
                    && span.start < c.end
                    && c.end < span.end
                    && text[c.end..span.end].split_whitespace().all(is_company_suffix)
            })
            .min_by_key(|&(i, _)| i)
            .map(|(_, c)| c);
        if let Some(c) = cut_short {
            added.push(Candidate { end: span.end, ..c.clone() });
            kept.push(ModelSpan { start: c.start, ..*span });
            continue;
        }
        // The people and organisation tables are curated: their match of exactly this span wins
        // whatever the model's type ("Macron" in a headline is the person, not a place), as does
        // a group's over a place's ("the Visigoths", "Texans": a people is no place), and so
        // does any table's longer name around it, unless it runs into another model span.
        // (The first in the candidates' order that qualifies, as a scan of them all would find.)
        // (Not a table's company named with a possessive around the surname of a person the
        // document names in full: "Actor William H. Macy starred. Macy's role was small.")
        let persons_possessive = |c: &Candidate| {
            span.kind == 0
                && c.start == span.start
                && ["'s", "\u{2019}s"].iter().any(|p| text[span.end..c.end] == **p)
                && spans.iter().any(|o| {
                    o.kind == 0
                        && text[o.start..o.end].strip_suffix(surface).is_some_and(|r| r.ends_with(' '))
                })
        };
        let covering = entries
            .starting_in(span.end.saturating_sub(entries.longest), span.start + 1)
            .filter(|(_, c)| {
                c.start <= span.start
                    && span.end <= c.end
                    && !persons_possessive(c)
                    && (c.kind.is_some_and(|k| compatible(span.kind, k))
                        || (c.end - c.start > span.end - span.start && !reaches_another(c))
                        || ((c.start, c.end) == (span.start, span.end)
                            && (matches!(c.kind, Some(EntityKind::Person | EntityKind::Org))
                                || c.kind == Some(EntityKind::Norp) && span.kind == 2
                                || is_acronym(surface)
                                || (c.kind == Some(EntityKind::Gpe)
                                    && is_formal_state_name(surface)
                                    && !sports()))))
            })
            .min_by_key(|&(i, _)| i)
            .map(|(_, c)| c);
        if let Some(c) = covering {
            added.push(c.clone());
            kept.push(*span);
            continue;
        }
        // A place the tables know by this one word, or a US state's name, read by the model as
        // a person's name, is the place when no person of the document is named with the word
        // ("while Korea is the seventh largest", "Light Louisiana was raised 50 cts", "Jordan
        // will receive two loans"); not a given name ("Sydney", "Virginia"), after a title
        // ("Lord Kingston", "Rep. Washington"), before a possessive ("Washington's attorney
        // said": the model's cue for a person), nor on a sports page, whose team sheets list
        // players by surnames that are towns ("Kingston"). So is a place the tables know by
        // several words ("Nova Scotia became the sixth province", "Abu Dhabi's offshore
        // field", "SAO PAULO STATE"), possessive or not, and not after a title; the check for a
        // person named with the word is one word's, and passes over it.
        let one_word = !surface.contains(' ');
        if span.kind == 0
            && (!one_word
                || !is_given_name(surface)
                    && !is_given_name_of_a_place(surface)
                    && !text[span.end..].starts_with(['\'', '\u{2019}']))
            && !is_title_or_honorific(word_before_name(text, span.start))
        {
            let place = || {
                entries
                    .starting_in(span.start, span.start + 1)
                    .filter(|(_, c)| {
                        c.end == span.end && matches!(c.kind, Some(EntityKind::Gpe | EntityKind::Loc))
                    })
                    .min_by_key(|&(i, _)| i)
                    .map(|(_, c)| c.clone())
                    .or_else(|| is_us_state_name(surface).then(|| model_candidate(span, EntityKind::Gpe)))
            };
            if let Some(c) = place().filter(|_| !a_persons_word(surface) && !sports()) {
                added.push(c);
                kept.push(*span);
                continue;
            }
        }
        // Gazetteer names that fill the span but for lower-case words ("Nato alliance") or
        // that tile it ("Eastern European Nato") are better evidence than the model's span.
        let mut inside: Vec<&Candidate> =
            entries.starting_in(span.start, span.end).map(|(_, c)| c).filter(|c| c.end <= span.end).collect();
        // In the candidates' order, as a scan of them all would meet them: they are one slice,
        // so their addresses are in that order.
        inside.sort_unstable_by_key(|c| std::ptr::from_ref(*c) as usize);
        if inside.iter().any(|c| c.kind.is_some_and(|k| compatible(span.kind, k)))
            && splits(text, span, &inside)
        {
            let mut residual_capital = false;
            let mut at = span.start;
            for c in inside.iter().map(|c| (c.start, c.end)).chain([(span.end, span.end)]) {
                if c.0 > at {
                    residual_capital |= text[at..c.0]
                        .split_whitespace()
                        .any(|w| w.chars().next().is_some_and(char::is_uppercase));
                }
                at = at.max(c.1);
            }
            if !residual_capital {
                continue;
            }
        }
        let known = || gazetteer.lookup_name(surface).map(|e| gazetteer.entry(e).kind);
        let listed_place = || {
            known().is_none()
                && crate::rules::is_listed_place(surface)
                && !word_before(text, span.start).eq_ignore_ascii_case("from")
                && !word_a_space_before(text, span.start).is_some_and(|(at, word)| {
                    word == "in"
                        && matches!(word_before(text, at), "stake" | "shares" | "interest" | "holding")
                })
                && !text[span.end..].starts_with(['\'', '’'])
                && !crate::rules::is_common_word(surface)
        };
        // "Stamford, Conn", "(D-Vt.)": a state, whatever the model made of the abbreviation.
        let state =
            || us_state(text, span.start, span.end).or_else(|| party_state(text, span.start, span.end));
        if span.kind != 3 && state().is_some() {
            added.push(model_candidate(span, EntityKind::Gpe));
            kept.push(*span);
            continue;
        }
        // "the Terra Nova oil field", "Norway's Draugen field", "the Miller and Bruce oil
        // fields": an oil or gas field is a place, whatever the model made of its name (a
        // company's or a person's, out of its domain); not a name the tables know or a US
        // state's ("California oil fields" are the state's), nor a company's the text writes
        // with a legal form, nor on a sports page ("a Vinatieri field goal").
        if span.kind != 3
            && names_a_field(text, span.end, oil_or_gas)
            && known().is_none()
            && !is_us_state_name(surface)
            && !opens_company(surface)
            && !sports()
        {
            added.push(model_candidate(span, EntityKind::Loc));
            kept.push(*span);
            continue;
        }
        // A letter and a full stop alone name no one and nowhere: a rating ("cut to B-3 from
        // C."), a unit ("degrees F."), a series ("series A."), the end of "S and P." or "D-R.I.",
        // which the model reads as a name's initial; nor does "N.A." (not available, or a
        // bank's "National Association"). After a title the initial is someone kept anonymous:
        // "Mrs A. told the court".
        if matches!(span.kind, 0 | 2)
            && (is_lone_initial(surface) && !is_title_or_honorific(word_before(text, span.start))
                || surface == "N.A.")
        {
            continue;
        }
        // Nor is a Roman numeral alone an organisation or a place ("Reserves I, II and III have
        // matured", "a phase III study"); a letter alone may be one ("X", the company).
        if matches!(span.kind, 1 | 2) && surface.len() > 1 && is_roman_numeral(surface) {
            continue;
        }
        if is_numbered_label(text, span.start, span.end, surface) && known().is_none() {
            continue;
        }
        if matches!(span.kind, 0 | 1)
            && names_no_one(text, span.start, span.end, surface)
            && known().is_none()
        {
            continue;
        }
        // "Nine Mths", "H.K. Dlrs", "Start Stcks": a table's words, no one's name nor a body's
        // (but a company's with a word in capitals: "CTS Corp", then "CTS said").
        if (span.kind == 0 || span.kind == 1 && surface.split(' ').all(|w| !is_all_caps(w)))
            && surface.split(' ').any(is_table_word)
            && known().is_none()
        {
            continue;
        }
        let kind = match span.kind {
            0 => {
                let single = !surface.contains(' ');
                let opener = STOPWORDS.contains(&surface)
                    && (opens_sentence(text, span.start)
                        || PRONOUNS.contains(&surface.to_ascii_lowercase().as_str()));
                // (A month after a title or an office is a surname: "Lord Justice May".)
                let month = || {
                    is_month(surface) && {
                        let before = word_before(text, span.start);
                        !is_title_or_honorific(before) && !crate::lexicon::is_office_or_rank(before)
                    }
                };
                if single && (is_weekday(surface) || month() || opener) {
                    continue;
                }
                // A number is no one's name: "IV" alone, and "Level V" of a grain table, or
                // "Article III". After a name it is a person's ("Noland III", "King Olav V").
                let (first, last) = surface.rsplit_once(' ').unwrap_or(("", surface));
                if is_roman_numeral(last) && (first.is_empty() || NUMBERED_THINGS.contains(&first)) {
                    continue;
                }
                if is_storm(text, span.start, surface)
                    || single && storms.get_or_insert_with(|| storm_names(text)).contains(&surface)
                {
                    continue;
                }
                if single && is_award(text, span.start, surface) {
                    // "won the best actor Oscar": an award (CoNLL's MISC), not a person.
                    misc.push((span.start, span.end));
                    continue;
                }
                let name_start = if single { name_before(text, span.start) } else { None };
                // "the Finance Bill", "a Bill", "this Act": a law or a vote, not a person ("that
                // Bill had left" is one).
                let determiner = || {
                    let before = word_before(text, span.start);
                    ["the", "this", "a", "an"].iter().any(|d| d.eq_ignore_ascii_case(before))
                };
                if single && LAWS_AND_VOTES.contains(&surface) && (name_start.is_some() || determiner()) {
                    continue;
                }
                // "the Trust distributed", "the Club's own project": an organisation's word
                // after "the" is no person. Nor does a foreign firm's first word open a
                // person's name ("Banque Paribas", "Credito Italiano").
                let firm_opener = crate::lexicon::after_firm_opener(surface).is_some();
                if single
                    && (ORGANISATION_LAST_WORDS.contains(&surface) || is_org_or_company_word(surface))
                    && determiner()
                    || firm_opener
                {
                    added.push(model_candidate(span, EntityKind::Org));
                    kept.push(*span);
                    continue;
                }
                let place = || place_kind(surface, &is_given_name).filter(|_| !opens_company(surface));
                // (A house number, not a year before a person: "In 1996 John Street was elected".)
                let opens_with_given_name = || surface.split(' ').next().is_some_and(&is_given_name);
                let after_number = || {
                    word_before(text, span.start).starts_with(|c: char| c.is_ascii_digit())
                        && !opens_with_given_name()
                };
                if let Some(kind) = facility_kind(surface, after_number, opens_with_given_name).or_else(place)
                {
                    added.push(model_candidate(span, kind));
                    kept.push(*span);
                    continue;
                }
                // "Illinois banks", "the Illinois legislature": the state, not a person.
                if single && is_us_state_name(surface) && reads_as_state(text, span.start, span.end, false) {
                    added.push(model_candidate(span, EntityKind::Gpe));
                    kept.push(*span);
                    continue;
                }
                if let Some(name_start) = name_start
                    && is_org_or_company_word(surface)
                {
                    // The whole name is the organisation: "General Motors", "Attorney
                    // General's Office".
                    let whole = ModelSpan { start: name_start, kind: 1, ..*span };
                    added.push(model_candidate(&whole, EntityKind::Org));
                    kept.push(whole);
                    continue;
                }
                // A group the tables name in these words ("Christian Democrats", "Free
                // Democrats"): theirs, with its entry, not a person.
                if !single && known() == Some(EntityKind::Norp) {
                    continue;
                }
                // A word of letters and digits is no one's name: a product's ("Volvo S40",
                // "Sterling M3", "Ez2DJ"), CoNLL's MISC; a maker the tables know inside it
                // stays ("Volvo").
                if surface.split(' ').any(mixes_letters_and_digits) {
                    misc.push((span.start, span.end));
                    continue;
                }
                EntityKind::Person
            }
            // "Texas lawmakers", "northwest Texas": the state, whatever the model made of it
            // (on sports pages a state names a team: "Texas beat Kansas", "Florida manager").
            1 if is_us_state_name(surface) && reads_as_state(text, span.start, span.end, true) => {
                EntityKind::Gpe
            }
            // "the Bay of Bengal", "the Isle of Sheppey", "the City of Brampton": a place (not on
            // a sports page: "Republic of Ireland beat Wales" is the team).
            1 if place_of(surface).is_some() && !sports() => place_of(surface).unwrap_or(EntityKind::Gpe),
            // A town the tables know, written as a place ("a singer from Liverpool", "wheat
            // traded in Liverpool"), is the town, though the model, taught on sports results,
            // reads a club there; not on a sports page ("signed from Liverpool"), nor a
            // company's name, nor after "at", where a club plays on pages that read as no
            // sports page ("arriving at Liverpool from Valencia"). So is a town of one word
            // that only the model's name lists hold (GeoNames': "a suburb of Blackburn",
            // "divisions in Cleveland"), but neither after "from" (a transfer's: "a bid from
            // Tottenham", on pages with too few of the sports words) or a holding's "in" ("its
            // stake in Imperial", a company), nor before a possessive
            // ("Northampton's defeat", "Hitachi's laboratory"), nor a common word ("Federal",
            // "Imperial", "Commonwealth": places too).
            // (`|| true`: "at" counts for nothing here, as on a sports page.)
            1 if (matches!(known(), Some(EntityKind::Gpe | EntityKind::Loc)) || listed_place())
                && written_as_a_place(gazetteer, text, span.start, span.end, || true)
                && !sports()
                && !opens_company(surface) =>
            {
                known().unwrap_or(EntityKind::Gpe)
            }
            // "Aabenraa County", "Hancock Brook", "Lincoln Reservoir": an organisation's name
            // ends in no landform's or area's word, unless the text also writes it as the
            // start of a company's ("Giant Bay Resources Ltd", then "Giant Bay"), or it is a
            // team's: on a sports page ("Tampa Bay", "Green Bay"), or before a score or a
            // table's figures ("Ross County 3", "Notts County 0 York 1").
            // The tables' type of the name wins ("Ivory Coast" is a country).
            1 => (!is_us_state_name(surface))
                .then(|| place_kind(surface, &is_given_name))
                .flatten()
                .filter(|_| {
                    let before_a_number = text[span.end..]
                        .strip_prefix(' ')
                        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
                    // ("Downing Street" is the tables' organisation: the British government.)
                    !before_a_number
                        && !opens_company(surface)
                        && !sports()
                        && known() != Some(EntityKind::Org)
                        && !company_street(span.start, span.end)
                })
                .map(|kind| match known() {
                    Some(k @ (EntityKind::Gpe | EntityKind::Loc)) => k,
                    _ => kind,
                })
                .unwrap_or(EntityKind::Org),
            2 => match known() {
                Some(k @ (EntityKind::Gpe | EntityKind::Loc)) => k,
                // "Rhode Island" is a state, not an island.
                _ if is_us_state_name(surface) => EntityKind::Gpe,
                // "Ottawa Hockey Club", "Atlantic City Hospital": an organisation's last word
                // ends no place's name; nor does a firm's, "Capital Economics", "Midland Bank".
                _ if surface
                    .rsplit_once(' ')
                    .is_some_and(|(_, last)| ORGANISATION_NOT_PLACE.contains(&last))
                    || names_a_firm(gazetteer, surface) =>
                {
                    EntityKind::Org
                }
                // A landform, or a street, a square, a stadium: a place, but no political entity;
                // so is a landform of somewhere ("Gulf of Bothnia", "Bay of Biscay"), and a road
                // by its number ("Interstate 95": [`numbered_roads`]).
                _ if surface
                    .rsplit(' ')
                    .next()
                    .is_some_and(|w| LANDFORMS.contains(&w) || FACILITIES.contains(&w) || w == "Avenue")
                    || surface.split_once(" of ").is_some_and(|(first, _)| LANDFORMS.contains(&first))
                    || surface.rsplit(' ').nth(1).is_some_and(|w| ROADS.contains(&w))
                        && surface.ends_with(|c: char| c.is_ascii_alphanumeric()) =>
                {
                    EntityKind::Loc
                }
                // A country's region by its compass point or its kind of land.
                _ if matches!(
                    surface,
                    "East"
                        | "West"
                        | "North"
                        | "South"
                        | "Midwest"
                        | "Northeast"
                        | "Northwest"
                        | "Southeast"
                        | "Southwest"
                        | "Pacific Northwest"
                        | "Deep South"
                        | "Midlands"
                        | "Highlands"
                        | "West Country"
                        | "Corn Belt"
                        | "Farm Belt"
                        | "Sun Belt"
                ) =>
                {
                    EntityKind::Loc
                }
                _ if is_initialism_in_prose(text, span.start, span.end) => EntityKind::Org,
                // "The Aviator", "The Sims", "The Godfather": a place the tables do not know
                // named with "The" is a work's title far more often than a place ("The Hague"
                // and "The Netherlands" are the tables'): CoNLL's MISC, no entity here, nor any
                // name inside it ("England" of "The New England Journal of Medicine"). Unless
                // it reads as a place ("at The Oval", "(The Oval)") or ends in a legal form ("The
                // Broken Hill Pty Co Ltd", which is a company's).
                _ if surface.starts_with("The ")
                    && !surface.rsplit(' ').next().is_some_and(is_company_suffix)
                    && !PLACE_PREPOSITIONS
                        .iter()
                        .any(|p| word_before(text, span.start).eq_ignore_ascii_case(p))
                    && !text[..span.start].trim_end().ends_with('(') =>
                {
                    misc.push((span.start, span.end));
                    kept.push(*span);
                    continue;
                }
                // A name no table knows as a place that the model reads as an organisation's in
                // the document at least as often as a place's is an organisation's here too
                // ("suspended by Delta", "the sale of Conrail", "Investors had piled into
                // Cairn": a company's name in a place's position); not one it reads as a place
                // more often ("at Davos", then "the Davos meeting"), nor one written as a place
                // here ([`written_as_a_place`]: "health officials in Powys", "the Kyushu
                // coast").
                _ if more_often_an_organisation(surface)
                    && place_kind(surface, &is_given_name).is_none()
                    && !a_persons_word(surface)
                    && !written_as_a_place(gazetteer, text, span.start, span.end, sports) =>
                {
                    EntityKind::Org
                }
                _ => EntityKind::Gpe,
            },
            _ => match known() {
                Some(EntityKind::Norp) => EntityKind::Norp,
                _ => {
                    misc.push((span.start, span.end));
                    // "British Open", "European Currency Unit": a name (an event, a product)
                    // that opens with a nationality, which is then none.
                    if surface.contains(' ')
                        && surface.split(' ').skip(1).all(|w| w.starts_with(char::is_uppercase))
                    {
                        named.push(*span);
                    }
                    continue;
                }
            },
        };
        added.push(model_candidate(span, kind));
        kept.push(*span);
    }
    // An event's initials name the event where the model found them ("the Consumer Electronics
    // Show (CES)", then "at CES"): no organisation either, unless the tables know the letters
    // ("the National Book Awards", then "the NBA"). (Their span stays kept: no table's entry
    // for the letters stands there.)
    if !event_initials.is_empty() {
        event_initials.sort_unstable();
        event_initials.dedup();
        added.retain(|c| {
            let letters = &text[c.start..c.end];
            let event = event_initials.binary_search_by(|i| i.as_str().cmp(letters)).is_ok()
                && gazetteer.lookup_name(letters).is_none();
            if event {
                misc.push((c.start, c.end));
            }
            !event
        });
    }
    // Drop the candidates that overlap a kept span: by start, with the furthest end of the
    // kept spans so far, one search per candidate.
    kept.sort_unstable_by_key(|s| s.start);
    let furthest: Vec<usize> = kept
        .iter()
        .scan(0, |end, s| {
            *end = (*end).max(s.end);
            Some(*end)
        })
        .collect();
    candidates.retain(|c| {
        let before = kept.partition_point(|s| s.start < c.end);
        before == 0 || furthest[before - 1] <= c.start
    });
    // A nationality that opens a MISC name of capitalised words is part of it: 1,100 of the
    // bench news's nationalities had been cut from "British Open", "European Currency Unit",
    // "European Indoor Championships" and the like. (Only nationalities: the places in "the
    // Iran-Iraq war" stay.)
    if !named.is_empty() {
        candidates.retain(|c| {
            c.kind != Some(EntityKind::Norp) || !named.iter().any(|s| s.start == c.start && c.end < s.end)
        });
    }
    candidates.extend(added);
    bracketed_names(text, candidates);
}

/// Reuters writes a company's name in angle brackets ("<Peter Miller Apparel Group Inc>",
/// "<Hunter Helicopter of Nevada, Inc>", "<Canadian Home Shopping Network Ltd>"): the whole name
/// is one organisation, longer than whatever the model and the tables found inside it (a
/// person, a state, a nationality), so it wins over them. Not a ticker ("<GT>", "<FIAT.M>",
/// with no lower-case letter), and only a name on one line, of at most 80 bytes, that opens
/// with a capital; without a possessive ("<Siemens AG's>") or an apposition ("<Nova, an
/// Alberta Corp>") after it. A company the tables know that is the whole name but for legal
/// forms ("<Siemens AG>", "<Fiat S.p.A.>") is left to them, with its id; one that only opens it
/// is not ("AP" of "<AP Precision Hydraulics>" is no Associated Press).
fn bracketed_names(text: &str, candidates: &mut Vec<Candidate>) {
    for (start, inner) in crate::text::angle_bracketed(text) {
        // Reuters writes the name against its brackets: "If A < B and C > D" is no name, nor is
        // an address or markup ("<john@example.com>", "<a href=...>").
        if inner.starts_with(char::is_whitespace)
            || inner.ends_with(char::is_whitespace)
            || inner.contains(['@', '=', '"'])
        {
            continue;
        }
        let mut name = inner;
        for apposition in [", a ", ", an ", ", A ", ", An "] {
            name = name.split_once(apposition).map_or(name, |(name, _)| name);
        }
        if let Some(head) = ["'s", "\u{2019}s", "'", "\u{2019}"].iter().find_map(|p| name.strip_suffix(p)) {
            name = head;
        }
        let name = name.trim_end_matches([' ', ',']);
        // The name without its legal forms, which a table's company may cover: "Siemens" of
        // "<Siemens AG>" (not "AP" of "<AP Precision Hydraulics>").
        let core = crate::resolve::without_legal_form(name);
        let known = || {
            candidates.iter().any(|c| {
                c.start == start
                    && c.end >= start + core.len()
                    && c.kind == Some(EntityKind::Org)
                    && matches!(c.label, Label::Entry(_))
            })
        };
        if !name.starts_with(char::is_uppercase)
            || !name.chars().any(char::is_lowercase)
            || is_company_suffix(name)
            || known()
        {
            continue;
        }
        candidates.push(Candidate {
            start,
            end: start + name.len(),
            kind: Some(EntityKind::Org),
            label: Label::Surface,
            // (Above the model's: its type for the same words, "GPE Nova", loses.)
            confidence: CONFIDENCE_MODEL + 1,
        });
    }
}

/// The table entries among the candidates, by start, for the searches `combine` makes around
/// every model span (scanning all candidates for each span was quadratic: a document of a few
/// megabytes of names took minutes).
struct EntriesByStart<'c> {
    candidates: &'c [Candidate],
    /// (start, index) of each entry, sorted.
    order: Vec<(usize, usize)>,
    /// The longest entry, in bytes.
    longest: usize,
}

impl<'c> EntriesByStart<'c> {
    fn new(candidates: &'c [Candidate]) -> Self {
        let entry = |c: &Candidate| matches!(c.label, Label::Entry(_));
        let mut order: Vec<(usize, usize)> =
            candidates.iter().enumerate().filter(|(_, c)| entry(c)).map(|(i, c)| (c.start, i)).collect();
        order.sort_unstable();
        let longest = candidates.iter().filter(|c| entry(c)).map(|c| c.end - c.start).max().unwrap_or(0);
        EntriesByStart { candidates, order, longest }
    }

    /// The entries that start in `from..to`, by start, each with its place among the
    /// candidates (for callers that must pick as a scan of them all in order would).
    fn starting_in(
        &self,
        from: usize,
        to: usize,
    ) -> impl Iterator<Item = (usize, &'c Candidate)> + use<'_, 'c> {
        let lo = self.order.partition_point(|&(start, _)| start < from);
        let hi = self.order.partition_point(|&(start, _)| start < to).max(lo);
        let candidates = self.candidates;
        self.order[lo..hi].iter().map(move |&(_, i)| (i, &candidates[i]))
    }
}

fn model_candidate(span: &ModelSpan, kind: EntityKind) -> Candidate {
    Candidate {
        start: span.start,
        end: span.end,
        kind: Some(kind),
        label: Label::Surface,
        confidence: CONFIDENCE_MODEL,
    }
}

#[cfg(test)]
mod tests {
    use super::{
        EntriesByStart, ModelSpan, acronyms_in_brackets, battles_of_places, bodies_named_short, combine,
        corps_by_their_numeral, designated_machines, empires_are_places, extend_company_start, founded_after,
        is_award, is_award_category, join_bodies_of, join_event_names, join_nicknames, join_railways,
        join_trades_to_company, lists_of_one_kind, misc_typed_elsewhere, missed_titles, name_before,
        name_elsewhere, names_said_to_be, national_bodies, number_military_units, numbered_roads,
        organisations_by_their_words, overlaps, owned_after, quoted_work_titles, regnal_numbers,
        split_at_the, typed_by_the_noun_before, units_by_their_initials, units_by_their_ordinal,
    };
    use crate::proposer::{Candidate, Label};
    use copydesk_core::EntityKind;

    /// The model's spans of `names` in `text`, each at its first occurrence.
    fn spans_of(text: &str, names: &[(&str, u8)]) -> Vec<ModelSpan> {
        names
            .iter()
            .map(|&(name, kind)| {
                let start = text.find(name).unwrap();
                ModelSpan { start, end: start + name.len(), kind }
            })
            .collect()
    }

    /// A MISC span of a name the model reads as an organisation's more often in the document
    /// becomes an organisation's; not before a product's noun, nor for a place's majority.
    #[test]
    fn a_misc_name_typed_an_organisation_elsewhere_is_one() {
        let text = "Moulinex said profits fell. Moulinex said so. Causing Moulinex stock to drop. \
                    Cabir said so. Cabir fell. The Cabir virus spread. Devon rose. Devon fell. A Devon cottage.";
        let names = [
            ("Moulinex", 1),
            ("Moulinex", 1),
            ("Moulinex", 3),
            ("Cabir", 1),
            ("Cabir", 1),
            ("Cabir", 3),
            ("Devon", 2),
            ("Devon", 2),
            ("Devon", 3),
        ];
        let mut spans = spans_in_order(text, &names);
        misc_typed_elsewhere(text, &mut spans);
        let kinds: Vec<u8> = spans.iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [1, 1, 1, 1, 1, 3, 2, 2, 3]);
    }

    /// The model's spans of `names` in `text`, each at its first occurrence after the name
    /// before it ("Jordan Peterson" then "Jordan": the second "Jordan").
    fn spans_in_order(text: &str, names: &[(&str, u8)]) -> Vec<ModelSpan> {
        let mut at = 0;
        names
            .iter()
            .map(|&(name, kind)| {
                let start = at + text[at..].find(name).unwrap();
                at = start + name.len();
                ModelSpan { start, end: at, kind }
            })
            .collect()
    }

    #[test]
    fn a_name_said_to_be_of_a_kind() {
        let said = |text: &str, names: &[(&str, u8)]| after(text, names, names_said_to_be);
        assert_eq!(
            said(
                "Darkness Death Doom is the sixth album by Runemagick.",
                &[("Darkness Death Doom", 1), ("Runemagick", 2)]
            ),
            ["Darkness Death Doom/3", "Runemagick/2"]
        );
        assert_eq!(
            said("It sold well. Bullocks to Stan is an episode of the show.", &[("Stan", 0)]),
            ["Bullocks to Stan/3"]
        );
        assert_eq!(
            said("Blue Winds Dancing (1938) was a film directed by him.", &[("Blue Winds", 0)]),
            ["Blue Winds Dancing/3"]
        );
        // A band or a firm; a place (its "The" left out).
        assert_eq!(
            said("Crazyhead are an English punk rock / garage rock band from Leicester.", &[]),
            ["Crazyhead/1"]
        );
        assert_eq!(said("Gabelli is an investment firm in New York.", &[("Gabelli", 0)]), ["Gabelli/1"]);
        assert_eq!(
            said("The Clarence Dock is a dock on the Mersey.", &[("Clarence Dock", 1)]),
            ["Clarence Dock/2"]
        );
        assert_eq!(
            said("Bank Hey (also Sunnybower) is a suburb of Blackburn.", &[("Bank Hey", 1)]),
            ["Bank Hey/2"]
        );
        // Not what a person or a company is said to be, nor a pronoun, nor words before a name
        // the model found, nor a name with a comma or a compound adjective in it.
        for (text, names) in [
            ("John Smith is the author of the novel.", &[("John Smith", 0)][..]),
            ("Telcom is an international film and television distributor.", &[("Telcom", 1)]),
            ("It is a very true film.", &[]),
            (
                "Morgan Spurlock is a really likeable guy. It is a very accessible film.",
                &[("Morgan Spurlock", 0)],
            ),
            ("Nevertheless Franz Ferdinand were the only UK band to win.", &[("Franz Ferdinand", 0)]),
            ("Admin EDP, of Sydney, is a software firm.", &[("Admin EDP", 1), ("Sydney", 2)]),
            ("Chicago-based VMS Realty is a development firm.", &[("VMS Realty", 1)]),
            ("U.S. Steel is a company based in Pittsburgh.", &[("U.S. Steel", 1)]),
            ("Note: Company is a subsidiary of Bayer AG.", &[]),
            (
                "The United States is the principal donor nation and has pressed the bank.",
                &[("United States", 2)],
            ),
        ] {
            assert_eq!(said(text, names), as_given(names), "{text}");
        }
    }

    #[test]
    fn a_unit_called_by_its_ordinal() {
        let units = |text: &str, names: &[(&str, u8)]| after(text, names, units_by_their_ordinal);
        let history = "The 139th was formed at Camp Howe. The regiment then fought, and the 62d \
                       along with the 139th supported Sheridan.";
        assert_eq!(
            units(history, &[("Camp Howe", 2), ("Sheridan", 0)]),
            ["139th/1", "Camp Howe/2", "62d/1", "139th/1", "Sheridan/0"]
        );
        // A character of several bytes before "he " (no "the") is passed over.
        assert!(units("Ühe 5th was. The regiment marched.", &[]).is_empty());
        // Not in a text that names no unit, nor before a noun or a seeding.
        assert_eq!(units("The 15th was a Monday.", &[("Monday", 3)]), ["Monday/3"]);
        assert!(units("The Air Force said it would act. The 15th was a Monday.", &[]).is_empty());
        // A text that writes the ordinal before a unit's name names it.
        assert_eq!(units("The 65th Air Division moved. The 65th also controlled it.", &[]), ["65th/1"]);
        assert!(units("The 27th seed from Israel lost. The regiment marched.", &[]).is_empty());
        assert!(units("The regiment marched on the 15th day.", &[]).is_empty());
    }

    #[test]
    fn names_typed_by_the_noun_before() {
        let rules = crate::rules::Rules::new();
        let typed = |text: &str, names: &[(&str, u8)]| {
            after(text, names, |text, spans| {
                typed_by_the_noun_before(text, spans, |w| rules.is_given_name(w))
            })
        };
        assert_eq!(typed("music for actor Tyrone Power's hands", &[("Tyrone Power", 1)]), ["Tyrone Power/0"]);
        assert_eq!(typed("the rapper Kano came third", &[("Kano", 2)]), ["Kano/0"]);
        assert_eq!(typed("Dutch metals company Billiton said", &[("Billiton", 0)]), ["Billiton/1"]);
        assert_eq!(
            typed("accountancy firm Grant Thornton said", &[("Grant Thornton", 0)]),
            ["Grant Thornton/1"]
        );
        // A given name alone, or a word of a longer person's name, stays a person's.
        let team = [("Jim", 0), ("Margaret Cuthbert", 0)];
        assert_eq!(typed("the economist team Jim and Margaret Cuthbert", &team), as_given(&team));
        let owner = [("Theodore Cross", 0), ("Cross", 0)];
        assert_eq!(
            typed("Theodore Cross said. It joins a company Cross is forming.", &owner),
            as_given(&owner)
        );
        // A place's noun makes a place, but of a person's name that opens a clause.
        assert_eq!(typed("the nature park Kopački Rit in Baranja", &[("Kopački Rit", 0)]), ["Kopački Rit/2"]);
        assert_eq!(typed("the town Reading, in Berkshire", &[("Reading", 0)]), ["Reading/2"]);
        // Nor a body after a place's noun.
        let board = [("Board of Supervisors", 1)];
        assert_eq!(typed("the county Board of Supervisors met", &board), as_given(&board));
        assert_eq!(typed("the city Smith loved", &[("Smith", 0)]), ["Smith/0"]);
        // A work after its noun, and a place after an organisation's, stay the model's.
        assert_eq!(typed("the actor Paris Hilton", &[("Paris Hilton", 3)]), ["Paris Hilton/3"]);
        assert_eq!(typed("the team Brazil won", &[("Brazil", 2)]), ["Brazil/2"]);
    }

    #[test]
    fn a_unit_called_by_its_ordinal_and_initials() {
        let units = |text: &str, names: &[(&str, u8)]| after(text, names, units_by_their_initials);
        let brigade = "The brigade included the 62d NY, 93d PVI, 98th PVI and the 102d PVI.";
        assert_eq!(units(brigade, &[("NY", 2)]), ["62d NY/1", "93d PVI/1", "98th PVI/1", "102d PVI/1"]);
        // A span that runs past the name stays; not in a text that names no unit, nor before a
        // word that is no initials.
        let longer = [("PVI and", 1)];
        assert_eq!(units("The regiment: 98th PVI and more", &longer), as_given(&longer));
        assert!(units("The 62d NY was late.", &[]).is_empty());
        // A number that ends the text, or its line, is read to its end.
        assert!(units("The regiment lost 1862", &[]).is_empty());
        assert_eq!(units("The regiment: 98th PVI\n102d", &[]), ["98th PVI/1"]);
        assert!(units("The regiment's 62d Street and 3rd A-Team", &[]).is_empty());
        // Nor initials a word goes on after: another name's.
        assert!(units("The brigade backed the 12th EU sanctions and the 101st US Airborne.", &[]).is_empty());
    }

    #[test]
    fn a_corps_called_by_its_numeral() {
        let corps = |text: &str, names: &[(&str, u8)]| after(text, names, corps_by_their_numeral);
        // The model's MISC is an organisation; a corps it missed is added, with the spans
        // around it kept apart and in order.
        assert_eq!(corps("It joined the VI Corps in 1862.", &[("VI Corps", 3)]), ["VI Corps/1"]);
        assert_eq!(
            corps(
                "Couch's Division of the IV Corps of the Army of the Potomac",
                &[("Army of the Potomac", 1)]
            ),
            ["IV Corps/1", "Army of the Potomac/1"]
        );
        // A longer span of the model's stays as it is.
        let longer = [("IV Corps of the Army of the Potomac", 1)];
        assert_eq!(corps("the IV Corps of the Army of the Potomac", &longer), as_given(&longer));
        // Not a pronoun, a word ending in a numeral's letters, or a longer word than "Corps".
        assert!(corps("Then I Corps moved.", &[]).is_empty());
        assert!(corps("the MIX Corps and the VI Corpsman", &[]).is_empty());
    }

    /// The model's spans of `names` in `text` ([`spans_in_order`]) as `pass` leaves them, as
    /// "text/kind".
    fn after(text: &str, names: &[(&str, u8)], pass: impl Fn(&str, &mut Vec<ModelSpan>)) -> Vec<String> {
        let mut spans = spans_in_order(text, names);
        pass(text, &mut spans);
        rendered(text, spans)
    }

    /// The model's spans of `names` as "text/kind", as a pass that changes nothing leaves them.
    fn as_given(names: &[(&str, u8)]) -> Vec<String> {
        names.iter().map(|(n, k)| format!("{n}/{k}")).collect()
    }

    /// `spans` as "text/kind", the emptied ones left out, once checked sorted and apart.
    fn rendered(text: &str, mut spans: Vec<ModelSpan>) -> Vec<String> {
        spans.retain(|s| s.start < s.end);
        assert!(spans.windows(2).all(|w| w[0].end <= w[1].start), "sorted, apart: {spans:?}");
        spans.iter().map(|s| format!("{}/{}", &text[s.start..s.end], s.kind)).collect()
    }

    /// The model's spans of `names` in `text` (each its first occurrence), as `pass` leaves
    /// them, as "text/kind".
    fn passed(
        text: &str,
        names: &[(&str, u8)],
        candidates: &[Candidate],
        pass: fn(&str, &mut [ModelSpan], &[Candidate]),
    ) -> Vec<String> {
        let mut spans = spans_of(text, names);
        pass(text, &mut spans, candidates);
        rendered(text, spans)
    }

    /// `extend_company_start` over `candidates`, as `combine` runs it.
    fn extended_start(text: &str, spans: &mut [ModelSpan], candidates: &[Candidate]) {
        extend_company_start(text, spans, &super::OtherNames::new(candidates));
    }

    /// A table's entry of `kind` at `name` in `text`.
    fn a(kind: EntityKind, text: &str, name: &str) -> Candidate {
        let start = text.find(name).unwrap();
        Candidate { start, end: start + name.len(), kind: Some(kind), label: Label::Entry(0), confidence: 0 }
    }

    #[test]
    fn bracketed_names_guards() {
        let names = |text: &str, known: &[Candidate]| {
            let mut candidates = known.to_vec();
            super::bracketed_names(text, &mut candidates);
            candidates[known.len()..].iter().map(|c| text[c.start..c.end].to_string()).collect::<Vec<_>>()
        };
        assert_eq!(
            names("It bought <Peter Miller Apparel Group Inc>.", &[]),
            ["Peter Miller Apparel Group Inc"]
        );
        assert_eq!(names("A unit of <Nova, an Alberta Corp>.", &[]), ["Nova"]);
        assert_eq!(
            names("The offer of <Zico Investment Holding Inc's> failed.", &[]),
            ["Zico Investment Holding Inc"]
        );
        assert_eq!(names("Shares of <Bangkok Bank Ltd,> rose.", &[]), ["Bangkok Bank Ltd"]);
        let long = "It bought <Acme Widgets Corporation of the Greater Metropolitan Area of North Western Ontario Ltd>.";
        for text in [
            "Shares of <GT> and <HD.N> rose.",
            "The unit of <Inc> said.",
            "It said <a lower thing> rose.",
            "If A < B and C > D then stop.",
            "Write to <John.Smith@Example.com> or <a href=x>.",
            "It bought <Acme\nWidgets Corp> today.",
            "It bought < Acme Corp> today.",
            "It bought <Acme Corp",
            "<<<",
            "<>",
            long,
        ] {
            assert!(names(text, &[]).is_empty(), "{text}: {:?}", names(text, &[]));
        }
        // A table's company that is the whole name but for legal forms keeps it; one that only
        // opens it does not.
        let text = "Shares of <Siemens AG> rose.";
        assert!(names(text, &[a(EntityKind::Org, text, "Siemens")]).is_empty());
        let text = "It bought <AP Precision Hydraulics>.";
        assert_eq!(names(text, &[a(EntityKind::Org, text, "AP")]), ["AP Precision Hydraulics"]);
    }

    #[test]
    fn other_names_answer_overlap_and_exact_place() {
        let text = "In Paris and New York the Acme Corp met.";
        let candidates = [
            a(EntityKind::Gpe, text, "New York"),
            a(EntityKind::Gpe, text, "Paris"),
            a(EntityKind::Org, text, "Acme Corp"),
        ];
        let others = super::OtherNames::new(&candidates);
        let at = |name: &str| (text.find(name).unwrap(), text.find(name).unwrap() + name.len());
        let (paris, york, acme) = (at("Paris"), at("New York"), at("Acme Corp"));
        assert!(others.holds(paris.0, paris.1) && others.holds(york.0, york.1));
        // Not an organisation's, nor a part of a place.
        assert!(!others.holds(acme.0, acme.1) && !others.holds(york.0, york.0 + 3));
        assert!(others.overlaps(york.0 + 4, york.1 + 2) && others.overlaps(paris.0 - 1, paris.0 + 1));
        assert!(!others.overlaps(paris.1, york.0) && !others.overlaps(acme.0, acme.1));
    }

    #[test]
    fn a_short_name_in_a_title_case_line_stays_as_it_is() {
        let extend = |text: &str, names: &[(&str, u8)]| {
            let mut spans = spans_of(text, names);
            super::extend_to_named_company(text, &mut spans, &[], &super::OtherNames::new(&[]));
            rendered(text, spans)
        };
        let text = "Analysts say buy First Toronto now.\nFirst Toronto Capital Corp said.";
        assert_eq!(extend(text, &[("Toronto", 2), ("First Toronto Capital Corp", 1)])[0], "First Toronto/1");
        let text = "Analysts Say Buy First Toronto Now\nFirst Toronto Capital Corp said.";
        assert_eq!(extend(text, &[("Toronto", 2), ("First Toronto Capital Corp", 1)])[0], "Toronto/2");
    }

    #[test]
    fn a_company_named_with_a_possessive_takes_it_in() {
        let given = |w: &str| ["Jose", "Lloyd"].contains(&w);
        let join = |text: &str, names: &[(&str, u8)]| {
            let mut spans = spans_in_order(text, names);
            super::join_possessive_company_names(text, &mut spans, given);
            rendered(text, spans)
        };
        // A legal form after the "'s" (taken in, the span of it alone gone), and every other
        // "Scotty's" of the text then.
        let text = "Scotty's Inc said sales rose. Later Scotty's sales fell.";
        assert_eq!(join(text, &[("Scotty", 0), ("Inc", 1), ("Scotty", 0)]), ["Scotty's Inc/1", "Scotty's/1"]);
        let text = "Heck's Inc said banks want payment. Heck's, which did not say, is talking to them.";
        assert_eq!(join(text, &[("Heck's Inc", 1), ("Heck", 2)]), ["Heck's Inc/1", "Heck's/1"]);
        assert_eq!(join("It bought Denny\u{2019}s Co Ltd.", &[("Denny", 0)]), ["Denny\u{2019}s Co Ltd./1"]);
        // A verb of saying after it.
        assert_eq!(join("Sales rose, Albertson's said.", &[("Albertson", 0)]), ["Albertson's/1"]);
        assert_eq!(join("Pantera's added it would buy.", &[("Pantera", 2)]), ["Pantera's/1"]);
        // And wherever else its "'s" follows the name, unless the text writes it without.
        let text = "It became Macy's in 2006. Shoppers at Macy's said prices rose.";
        assert_eq!(join(text, &[("Macy", 0), ("Macy", 1)]), ["Macy's/1", "Macy's/1"]);
        let text = "Wainoco said so. Wainoco's said no. Wainoco's net income rose.";
        assert_eq!(
            join(text, &[("Wainoco", 1), ("Wainoco", 1), ("Wainoco", 1)]),
            ["Wainoco/1", "Wainoco's/1", "Wainoco/1"]
        );
        // An institution named with a possessive, whatever follows.
        assert_eq!(join("A payment by Lloyd's and its brokers.", &[("Lloyd", 0)]), ["Lloyd's/1"]);
        // A possessive, a legal form before a name, or a person's "has".
        for (text, names) in [
            ("Sweden's AB Volvo said.", &[("Sweden", 2), ("AB Volvo", 1)][..]),
            ("Albertson's stores said.", &[("Albertson", 0)]),
            ("Albertson's saidx.", &[("Albertson", 0)]),
            (
                "Jose Mourinho is happy. Mourinho's said he will stay.",
                &[("Jose Mourinho", 0), ("Mourinho", 0)],
            ),
            ("Jose's said he will stay.", &[("Jose", 0)]),
            ("Lloyd Bentsen spoke. Lloyd's bill passed.", &[("Lloyd Bentsen", 0), ("Lloyd", 0)]),
            ("Mr Houston's said he will go.", &[("Houston", 0)]),
            ("Gordon Brown's said no.", &[("Gordon Brown", 0)]),
        ] {
            let before = rendered(text, spans_in_order(text, names));
            assert_eq!(join(text, names), before, "{text}");
        }
    }

    #[test]
    fn plural_possessive_names_take_the_spans_inside() {
        let join = |text: &str, names: &[(&str, u8)]| {
            let mut spans = spans_of(text, names);
            super::join_plural_possessive_names(text, &mut spans);
            rendered(text, spans)
        };
        let text = "Amato of the Sao Paulo State Industries' Federation (FIESP) and Brazil's Funaro met.";
        assert_eq!(
            join(
                text,
                &[
                    ("Amato", 0),
                    ("Sao Paulo State Industries", 2),
                    ("Federation", 1),
                    ("FIESP", 1),
                    ("Funaro", 0)
                ]
            ),
            ["Amato/0", "Sao Paulo State Industries' Federation/1", "FIESP/1", "Funaro/0"]
        );
        // With no span inside, and with a curly apostrophe; "of" and its words after the head.
        let text = "The Musicians\u{2019} Union and the British Bankers' Association of Japan agreed.";
        assert_eq!(join(text, &[]), ["Musicians\u{2019} Union/1", "British Bankers' Association of Japan/1"]);
        // A span of the model's that runs past the name holds more than it: it stays, and so do
        // the spans inside the name, which is not taken.
        let text = "Coffee Growers' Federation Building Fund said.";
        assert_eq!(join(text, &[("Federation Building Fund", 1)]), ["Federation Building Fund/1"]);
        let text = "The Transport and General Workers' Union Building Fund said.";
        assert_eq!(
            join(text, &[("Transport", 2), ("Workers", 0), ("Union Building Fund", 1)]),
            ["Transport/2", "Workers/0", "Union Building Fund/1"]
        );
        // The "of" and its words stop at a title.
        let text = "The Bankers' Association of Japan President Said rates would fall.";
        assert_eq!(join(text, &[]), ["Bankers' Association of Japan/1"]);
        // No head after the possessive, or a lower-case word before it.
        let text = "Anheuser-Busch Cos' Metal Container Corp and the farmers' Union said.";
        assert_eq!(join(text, &[("Metal Container Corp", 1)]), ["Metal Container Corp/1"]);
    }

    #[test]
    fn split_joined_names_needs_each_part_named_alone() {
        // The model's spans: each (name, kind) at its next occurrence after the last.
        let split = |text: &str, names: &[(&str, u8)]| {
            let mut from = 0;
            let mut spans: Vec<ModelSpan> = names
                .iter()
                .map(|&(name, kind)| {
                    let start = from + text[from..].find(name).unwrap();
                    from = start + name.len();
                    ModelSpan { start, end: from, kind }
                })
                .collect();
            super::split_joined_names(text, &mut spans, &[]);
            rendered(text, spans)
        };
        let text = "Citibank rose. Chase Manhattan fell. Citibank and Chase Manhattan lead.";
        assert_eq!(
            split(text, &[("Citibank", 1), ("Chase Manhattan", 1), ("Citibank and Chase Manhattan", 1)]),
            ["Citibank/1", "Chase Manhattan/1", "Citibank/1", "Chase Manhattan/1"]
        );
        // Each part takes its type where it stands alone.
        let text = "Reagan met Nakasone. Reagan and Nakasone agreed.";
        assert_eq!(
            split(text, &[("Reagan", 0), ("Nakasone", 0), ("Reagan and Nakasone", 1)]),
            ["Reagan/0", "Nakasone/0", "Reagan/0", "Nakasone/0"]
        );
        // A firm named for two founders: its parts stand alone only where the model cut the
        // name ("Rohm" and "Haas" before "and"), which is no evidence.
        // A part beside "and" where it stands alone is no evidence either.
        let text = "Rohm and Haas said. Rohm and Haas rose.";
        assert_eq!(
            split(text, &[("Rohm and Haas", 1), ("Rohm", 1), ("Haas", 1)]),
            ["Rohm and Haas/1", "Rohm/1", "Haas/1"]
        );
        let text = "Rohm and Haas Co said. Rohm and Haas rose.";
        assert_eq!(
            split(text, &[("Rohm and Haas Co", 1), ("Rohm", 1), ("Haas", 1)]),
            ["Rohm and Haas Co/1", "Rohm/1", "Haas/1"]
        );
        // Written alone as a word but no name there; one part never alone; the same name twice;
        // a legal form or a trade after "and".
        let text = "Black and White sold well. It was black. White said so.";
        assert_eq!(split(text, &[("Black and White", 1)]), ["Black and White/1"]);
        let text = "Tiffany said. Co rose. Tiffany and Co agreed.";
        assert_eq!(
            split(text, &[("Tiffany", 1), ("Co", 1), ("Tiffany and Co", 1)]),
            ["Tiffany/1", "Co/1", "Tiffany and Co/1"]
        );
        let text = "Reynolds said. Reynolds and Reynolds rose.";
        assert_eq!(
            split(text, &[("Reynolds", 1), ("Reynolds and Reynolds", 1)]),
            ["Reynolds/1", "Reynolds and Reynolds/1"]
        );
        let text = "United Savings fell. Loan Association rose. United Savings and Loan Association said.";
        assert_eq!(
            split(
                text,
                &[("United Savings", 1), ("Loan Association", 1), ("United Savings and Loan Association", 1)]
            ),
            ["United Savings/1", "Loan Association/1", "United Savings and Loan Association/1"]
        );
        // Never named alone, but each part ends in a word that ends a whole name; not after a
        // hotel's name, nor a part of one word.
        for (text, joined, parts) in [
            (
                "filings with the Federal Trade Commission and Justice Department on March 11",
                "Federal Trade Commission and Justice Department",
                &["Federal Trade Commission/1", "Justice Department/1"][..],
            ),
            (
                "Aabenraa County and Sonderborg County merged in 1932",
                "Aabenraa County and Sonderborg County",
                &["Aabenraa County/1", "Sonderborg County/1"],
            ),
            (
                "its Oak Brook Hills Hotel and Conference Center will open",
                "Oak Brook Hills Hotel and Conference Center",
                &["Oak Brook Hills Hotel and Conference Center/1"],
            ),
            (
                "admitted to Lilavati Hospital and Research Centre in Mumbai",
                "Lilavati Hospital and Research Centre",
                &["Lilavati Hospital and Research Centre/1"],
            ),
            (
                "the St. Louis Art Museum and Science Center",
                "St. Louis Art Museum and Science Center",
                &["St. Louis Art Museum/1", "Science Center/1"],
            ),
            (
                "the Ways and Means Committee said",
                "Ways and Means Committee",
                &["Ways and Means Committee/1"],
            ),
        ] {
            assert_eq!(split(text, &[(joined, 1)]), parts, "{text}");
        }
        // Across a comma: a surname of a person the document names in full, or two names the
        // document names on their own; not a firm named for partners, nor a legal form.
        let text = "James Baker spoke. In an interview on Cable News Network, Baker said so.";
        assert_eq!(
            split(text, &[("James Baker", 0), ("Cable News Network, Baker", 1)]),
            ["James Baker/0", "Cable News Network/1", "Baker/0"]
        );
        let text = "Bankers Trust rose. Chemical Bank fell. Bankers Trust, Chemical Bank led.";
        assert_eq!(
            split(text, &[("Bankers Trust", 1), ("Chemical Bank", 1), ("Bankers Trust, Chemical Bank", 1)]),
            ["Bankers Trust/1", "Chemical Bank/1", "Bankers Trust/1", "Chemical Bank/1"]
        );
        let text = "Goldman, Sachs rose. Goldman, Sachs said. Sachs is a name.";
        assert_eq!(
            split(text, &[("Goldman, Sachs", 1), ("Goldman, Sachs", 1)]),
            ["Goldman, Sachs/1", "Goldman, Sachs/1"]
        );
        let text = "Cargill rose. Cargill, Inc said so. Inc is a word.";
        assert_eq!(split(text, &[("Cargill", 1), ("Cargill, Inc", 1)]), ["Cargill/1", "Cargill, Inc/1"]);
        let text = "Jeffrey Sachs rose. Goldman, Sachs said so.";
        assert_eq!(
            split(text, &[("Jeffrey Sachs", 0), ("Goldman, Sachs", 1)]),
            ["Jeffrey Sachs/0", "Goldman, Sachs/1"]
        );
        let text = "Sammy Davis Jr. sang. Martin Luther King, Jr. spoke.";
        assert_eq!(
            split(text, &[("Sammy Davis Jr.", 0), ("Martin Luther King, Jr.", 0)]),
            ["Sammy Davis Jr./0", "Martin Luther King, Jr./0"]
        );
    }

    #[test]
    fn a_company_named_for_two_trades_is_one_span() {
        let join = |text: &str, names: &[(&str, u8)]| passed(text, names, &[], join_trades_to_company);
        let text = "It said Goodyear Tire and Rubber Co <GT> agreed.";
        assert_eq!(join(text, &[("Goodyear Tire", 1), ("Rubber Co", 1)]), ["Goodyear Tire and Rubber Co/1"]);
        let text = "Utilities such as Pennsylvania Power and Light Co raised rates.";
        assert_eq!(
            join(text, &[("Pennsylvania Power", 2), ("Light Co", 1)]),
            ["Pennsylvania Power and Light Co/1"]
        );
        // "General", which the model takes for a title, opens it, as `combine` runs the passes
        // (the late start is `extend_company_start`'s); not when a span holds it.
        let both = |text: &str, names: &[(&str, u8)]| {
            passed(text, names, &[], |text, spans, candidates| {
                join_trades_to_company(text, spans, candidates);
                extended_start(text, spans, candidates);
            })
        };
        let text = "The company, formerly General Tire and Rubber Co, agreed.";
        assert_eq!(join(text, &[("Tire", 1), ("Rubber Co", 1)]), ["Tire and Rubber Co/1"]);
        assert_eq!(both(text, &[("Tire", 1), ("Rubber Co", 1)]), ["General Tire and Rubber Co/1"]);
        let text = "Acme General Tire and Rubber Co agreed.";
        assert_eq!(
            both(text, &[("Acme General", 1), ("Tire", 1), ("Rubber Co", 1)]),
            ["Acme General/1", "Tire and Rubber Co/1"]
        );
        // A legal form ends the first; a company's own name is no trade.
        let text = "Dainippon Inc and Chemicals Inc agreed.";
        assert_eq!(
            join(text, &[("Dainippon Inc", 1), ("Chemicals Inc", 1)]),
            ["Dainippon Inc/1", "Chemicals Inc/1"]
        );
        let text = "Ford and Chrysler Corp cut prices.";
        assert_eq!(join(text, &[("Ford", 1), ("Chrysler Corp", 1)]), ["Ford/1", "Chrysler Corp/1"]);
        // A person or a place the tables name stays one.
        let text = "He met President Reagan and Power Corp officials.";
        let reagan = [a(EntityKind::Person, text, "Reagan")];
        assert_eq!(
            passed(text, &[("Reagan", 0), ("Power Corp", 1)], &reagan, join_trades_to_company),
            ["Reagan/0", "Power Corp/1"]
        );
    }

    #[test]
    fn a_company_the_model_began_late_starts_at_its_first_word() {
        let extend = |text: &str, name: &str, kind: u8| passed(text, &[(name, kind)], &[], extended_start);
        // "General", a title elsewhere; a sentence's "First"; a line's first word; a person's
        // span that ends in a legal form (a firm's); "May" after no word of time; up to three
        // words.
        for (text, name, kind, whole) in [
            ("parts of General Dynamics Corp for jets", "Dynamics Corp", 1, "General Dynamics Corp"),
            ("He said First Albany Corp. and others", "Albany Corp.", 1, "First Albany Corp."),
            (
                "Great Western Financial Corp said so.",
                "Western Financial Corp",
                1,
                "Great Western Financial Corp",
            ),
            ("Shares of General Mills Inc rose.", "Mills Inc", 0, "General Mills Inc"),
            ("Energy said May Petroleum Inc agreed.", "Petroleum Inc", 1, "May Petroleum Inc"),
            (
                "said Very Competitive Computer Products Corp rose",
                "Products Corp",
                1,
                "Very Competitive Computer Products Corp",
            ),
            ("said Zeta Alpha Beta Gamma Delta Corp rose", "Delta Corp", 1, "Alpha Beta Gamma Delta Corp"),
        ] {
            assert_eq!(extend(text, name, kind), [format!("{whole}/1")], "{text}");
        }
        // None of these.
        for (text, name) in [
            ("Sales rose in May Petroleum Inc said", "Petroleum Inc"),
            ("It said March Acme Corp rose", "Acme Corp"),
            ("It said Monday Acme Corp rose", "Acme Corp"),
            ("Also Acme Corp said so", "Acme Corp"),
            ("The deal with 3M Document Products Inc closed", "Document Products Inc"),
            ("The deal with I.P. Sharp Associates Ltd closed", "Sharp Associates Ltd"),
            ("Shares of Milwaukee-based Marine Corp rose", "Marine Corp"),
            ("It rated B-minus Hyponex Corp debt", "Hyponex Corp"),
            ("Publisher Harcourt Brace Jovanovich Inc said so", "Harcourt Brace Jovanovich Inc"),
            ("Shr Royal Dutch Petroleum Co 1.20", "Royal Dutch Petroleum Co"),
            ("He met Minister Acme Corp officials", "Acme Corp"),
            ("Wall Street Analysts Cut Acme Corp Rating", "Acme Corp"),
            ("Sales of Acme Corp rose", "Acme Corp"),
        ] {
            assert_eq!(extend(text, name, 1), [format!("{name}/1")], "{text}");
        }
        // Nor over another span, or a place the tables name.
        let text = "Smith General Dynamics Corp rose";
        assert_eq!(
            passed(text, &[("Smith General", 0), ("Dynamics Corp", 1)], &[], extended_start),
            ["Smith General/0", "Dynamics Corp/1"]
        );
        let text = "It said Canada Acme Corp rose";
        let canada = [a(EntityKind::Gpe, text, "Canada")];
        assert_eq!(passed(text, &[("Acme Corp", 1)], &canada, extended_start), ["Acme Corp/1"]);
    }
    use crate::gazetteer::Gazetteer;
    use crate::text::opens_sentence;

    #[test]
    fn a_units_number_opens_its_name() {
        let number = |text: &str, unit: &str| {
            let start = text.find(unit).unwrap();
            let mut spans = [ModelSpan { start, end: start + unit.len(), kind: 1 }];
            number_military_units(text, &mut spans);
            text[spans[0].start..spans[0].end].to_string()
        };
        assert_eq!(number("served with the 65th Air Division", "Air Division"), "65th Air Division");
        assert_eq!(number("the 4 Air Defense Wing was", "Air Defense Wing"), "4 Air Defense Wing");
        assert_eq!(number("the Fourth Air Force", "Air Force"), "Fourth Air Force");
        // Not before another kind of name, nor after a word.
        assert_eq!(number("the 65 Acme Corp", "Acme Corp"), "Acme Corp");
        assert_eq!(number("the Royal Air Force", "Air Force"), "Air Force");
        // A year or a count is no unit's number; a one-word name takes none.
        assert_eq!(number("the 1997 Air Force budget", "Air Force"), "Air Force");
        assert_eq!(number("some 300 Marine Corps troops", "Marine Corps"), "Marine Corps");
        assert_eq!(number("flew 12 Air Force jets", "Air Force"), "Air Force");
        assert_eq!(number("will buy 25 Fleet branches", "Fleet"), "Fleet");
        assert_eq!(number("the 21st Brigade moved", "Brigade"), "21st Brigade");
        assert_eq!(number("the 21 Brigade moved", "Brigade"), "Brigade");
        // A number another span holds stays its.
        let text = "a World War 2 Air Division veteran";
        let (war, unit) = (text.find("World").unwrap(), text.find("Air").unwrap());
        let mut spans = [
            ModelSpan { start: war, end: war + "World War 2".len(), kind: 3 },
            ModelSpan { start: unit, end: unit + "Air Division".len(), kind: 1 },
        ];
        number_military_units(text, &mut spans);
        assert_eq!(&text[spans[1].start..spans[1].end], "Air Division");
    }

    #[test]
    fn sentence_openings() {
        let check = |text: &str, word: &str| opens_sentence(text, text.find(word).unwrap());
        assert!(check("Such is life", "Such"));
        assert!(check("It rained. Such is life", "Such"));
        assert!(check("He said:\n\"Such", "Such"));
        assert!(!check("off-spinner Such had scuttled", "Such"));
        assert!(!check("Hussain and Peter Such gave", "Such"));
    }

    #[test]
    fn awards_need_a_cue_unless_plural() {
        let award = |text: &str, word: &str| is_award(text, text.rfind(word).unwrap(), word);
        assert!(award("won the best actor Oscar", "Oscar"));
        assert!(award("her first Grammy", "Grammy"));
        assert!(award("Two Grammys", "Grammys"));
        // Singular and without a cue, the same word is a name.
        assert!(!award("Chelsea midfielder Oscar", "Oscar"));
        assert!(!award("Vicente and Oscar", "Oscar"));
        assert!(!award("the Color of Money", "Money"));
        // Or a noun of its own after it.
        assert!(award("Oscar voters will see it", "Oscar"));
        assert!(!award("Oscar scored twice", "Oscar"));
    }

    /// The candidates left when the model proposes `name` (its last occurrence in `text`) with
    /// CoNLL type `kind`, beside the gazetteer's matches, as "Kind text".
    fn tidy(text: &str, name: &str, kind: u8) -> Vec<String> {
        let start = text.rfind(name).unwrap();
        combined(text, vec![ModelSpan { start, end: start + name.len(), kind }])
    }

    /// The candidates `combine` leaves of the model's `spans` and the gazetteer's matches in
    /// `text`, by start, as "Kind text".
    fn combined(text: &str, mut spans: Vec<ModelSpan>) -> Vec<String> {
        use crate::proposer::SpanProposer;
        let gazetteer = Gazetteer::load(&[]).unwrap();
        let mut words = Vec::new();
        crate::text::scan_words(text, &mut words);
        let mut candidates = Vec::new();
        gazetteer.propose(&crate::text::Scan { text, words: &words }, &mut candidates);
        let rules = crate::rules::Rules::new();
        combine(&gazetteer, text, &mut spans, &mut candidates, &mut Vec::new(), |w| rules.is_given_name(w));
        candidates.sort_by_key(|c| c.start);
        candidates.iter().map(|c| format!("{:?} {}", c.kind.unwrap(), &text[c.start..c.end])).collect()
    }

    /// A title alone before "of", a numbered thing's noun and a direction opening a sentence
    /// name no one; a royal title before "of" names its holder.
    #[test]
    fn words_that_name_no_one() {
        for (text, name, kind) in [
            ("He became the 2nd Bishop of the Diocese of Sioux City.", "Bishop", 1),
            ("It was said by the Chief Operating Officer of Sony.", "Officer", 0),
            ("Coach #18 was bought in 1911.", "Coach", 0),
            ("The first consisted of baggage # 10, RPO # 25, and a coach.", "RPO", 1),
            ("Westward, the line through Cosham leads to Fareham.", "Westward", 0),
            ("The DJ admitted that his tour was long.", "DJ", 0),
            ("Not one DJ could fill his boots.", "DJ", 0),
        ] {
            assert!(!tidy(text, name, kind).iter().any(|c| c.ends_with(name)), "{text}");
        }
        has(tidy("The Prince of Wales spoke.", "Prince", 0), "Person Prince");
        has(tidy("He met the Emir of Qatar.", "Emir", 0), "Person Emir");
        // A title not before "of", a noun before no number, a direction inside a sentence.
        has(tidy("He met Bishop on Monday.", "Bishop", 0), "Person Bishop");
        has(tidy("He met Coach and left.", "Coach", 0), "Person Coach");
        has(tidy("He met Singer and left.", "Singer", 0), "Person Singer");
        // A table's words: a row's label, whatever the model's type; not a company in capitals.
        for (name, kind) in [("Start Stcks", 1), ("Start Stcks", 0), ("Bu-Sorghum Cwt", 0)] {
            let text = format!("WHEAT\n\n{name} 5.17 5.28 2.89 2.89");
            assert!(!tidy(&text, name, kind).iter().any(|c| c.ends_with(name)), "{text}");
        }
        has(tidy("Dynamics Corp bid for CTS, which said no.", "CTS", 1), "Org CTS");
        has(tidy("Dynamics Corp bid for CTS Corp, which said no.", "CTS Corp", 1), "Org CTS Corp");
        has(tidy("He looked Westward, then left.", "Westward", 0), "Person Westward");
    }

    /// A language is no entity whatever type the model gave it (the end-to-end test in
    /// `tests.rs` passes as well if the model tags none).
    #[test]
    fn languages_are_no_entities() {
        for (name, kind) in [("Hindi", 2), ("Aramaic", 1), ("Konkani", 0)] {
            let text = format!("The film was shot in {name} and English.");
            assert!(!tidy(&text, name, kind).iter().any(|c| c.ends_with(name)), "{name}");
        }
    }

    /// A person's span with a word of letters and digits is a product's (MISC, no entity); a
    /// company's word after it still makes a company.
    #[test]
    fn products_are_no_persons() {
        for (text, name) in [
            ("The Rolls-Royce RB211-535E4 engines would be fitted.", "Rolls-Royce RB211-535E4"),
            ("Broad money, Sterling M3, rose 1.1 pct.", "Sterling M3"),
            ("HL2 does not waste energy.", "HL2"),
        ] {
            assert!(!tidy(text, name, 0).iter().any(|c| c.starts_with("Person")), "{text}");
        }
        has(
            tidy("Small firms such as Enfish X1 Technologies offer tools", "Enfish X1 Technologies", 0),
            "Org Enfish X1 Technologies",
        );
        has(tidy("Mr Smith 2nd said", "Smith 2nd", 0), "Person Smith 2nd");
    }

    /// A person's span of the model's that ends in a company's word is the company named for
    /// its founder or its place, unless a given name opens it or the word is a surname too.
    #[test]
    fn persons_ending_in_a_companys_word() {
        for (text, name, found) in [
            ("Cesaroni Design specializes in industrial design.", "Cesaroni Design", "Org Cesaroni Design"),
            (
                "It is operated by Veolia Transport under contract.",
                "Veolia Transport",
                "Org Veolia Transport",
            ),
            ("He sold the rights to Aero Composites in 1986.", "Aero Composites", "Org Aero Composites"),
            ("Jiji Press quoted the governor.", "Jiji Press", "Org Jiji Press"),
            ("David Steel said so.", "David Steel", "Person David Steel"),
            ("Martin Steel said so.", "Martin Steel", "Person Martin Steel"),
            ("Hayley Mills starred.", "Hayley Mills", "Person Hayley Mills"),
            ("Susan Press said so.", "Susan Press", "Person Susan Press"),
        ] {
            assert_eq!(tidy(text, name, 0), [found], "{text}");
        }
    }

    /// A team named for a place, from the model's spans given by hand: a number's own span is
    /// taken in, never overlapped; events and a state's party members are no teams.
    #[test]
    fn teams_named_for_places_from_given_spans() {
        let spans = spans_of;
        for (text, names) in [
            ("the Philadelphia 76ers won", &[("Philadelphia", 1), ("76ers", 1)][..]),
            ("the Philadelphia 76ers won", &[("Philadelphia", 2), ("76ers", 3)][..]),
            ("He joined the Ottawa 67s in 1990", &[("Ottawa", 2), ("67s", 1)][..]),
            ("He joined the Ottawa 67s in 1990", &[("Ottawa", 2)][..]),
        ] {
            let team =
                text.split(' ').skip_while(|w| *w != "the").skip(1).take(2).collect::<Vec<_>>().join(" ");
            assert_eq!(combined(text, spans(text, names)), [format!("Org {team}")], "{text} {names:?}");
        }
        for (text, name) in [
            ("Tourists flock to the Florida Everglades each winter", "Florida Everglades"),
            ("ahead of the Iowa Caucuses next month", "Iowa Caucuses"),
            ("the Texas Democrats met in Austin", "Texas Democrats"),
        ] {
            assert!(
                !combined(text, spans(text, &[(name, 2)])).iter().any(|c| c.starts_with("Org")),
                "{text}"
            );
        }
        // A tournament's or a decade's number is no team's.
        let text = "The Hong Kong 7s rugby tournament began";
        assert!(
            !combined(text, spans(text, &[("Hong Kong", 2)])).iter().any(|c| c.starts_with("Org")),
            "{text}"
        );
    }

    /// A legislator's letters leave the name the model ran into them; a seat's name is a place.
    #[test]
    fn a_name_ends_before_a_legislators_letters() {
        for (text, name, kind, found) in [
            ("Up to 30 Labour MPs could oppose it.", "Labour MPs", 1, "Org Labour"),
            ("A Conservative MP has defected.", "Conservative MP", 1, "Org Conservative"),
            ("His fellow UKIP MEPs left.", "UKIP MEPs", 1, "Org UKIP"),
            ("He was the Liberal-Labour MPP for Kenora.", "Liberal-Labour MPP", 1, "Org Liberal-Labour"),
            ("Fellow guest Ruth Kelly MP was hit.", "Ruth Kelly MP", 0, "Person Ruth Kelly"),
            (
                "Tony Lloyd, the Manchester Central MP, said",
                "Manchester Central MP",
                1,
                "Gpe Manchester Central",
            ),
            ("The Glasgow MP said", "Glasgow MP", 1, "Gpe Glasgow"),
            // A place and more, not a compass word: a party's.
            ("The Ulster Unionist MP said", "Ulster Unionist MP", 1, "Org Ulster Unionist"),
        ] {
            assert!(combined(text, spans_of(text, &[(name, kind)])).contains(&found.to_string()), "{text}");
        }
    }

    /// A nationality's combining form before a hyphen names no one.
    #[test]
    fn combining_forms_name_no_one() {
        let text = "Airbus chose the Franco-U.S. CFM engines.";
        assert!(!combined(text, spans_of(text, &[("Franco", 1)])).iter().any(|c| c.contains("Franco")));
        // A name of the same word is one ("Franco said").
        let text = "Franco said so.";
        assert_eq!(combined(text, spans_of(text, &[("Franco", 0)])), ["Person Franco"]);
    }

    /// A nationality's adjective before a common noun is the nationality, whatever the model's
    /// type; not before a verb or "party", nor a plural.
    #[test]
    fn a_nationality_before_a_noun_is_one() {
        for (text, name) in [
            ("sources close to the Philippine delegation said.", "Philippine"),
            ("He was speaking to West German journalists.", "West German"),
        ] {
            for kind in [1, 2] {
                assert_eq!(tidy(text, name, kind), [format!("Norp {name}")], "{text}");
            }
        }
        for (text, name) in [
            ("North American said profits rose.", "North American"),
            ("North American reported a loss.", "North American"),
            ("the ruling Christian Democratic party said.", "Christian Democratic"),
            ("The Social Democrats held 57 seats.", "Social Democrats"),
        ] {
            assert!(tidy(text, name, 1).contains(&format!("Org {name}")), "{text}");
        }
    }

    /// A state's formal name the tables know names the state whatever the model's type; but a
    /// sports page's "Republic of Ireland" is the team.
    #[test]
    fn a_states_formal_name_is_the_state() {
        for (text, name) in [
            ("The People's Republic of China objected.", "People's Republic of China"),
            ("Iran, the United Arab Emirates and Kuwait are cheating.", "United Arab Emirates"),
        ] {
            assert!(combined(text, spans_of(text, &[(name, 1)])).contains(&format!("Gpe {name}")), "{text}");
        }
        let text = "Republic of Ireland beat Wales 2-1 in the World Cup qualifier: the striker scored \
                    once in each half.";
        let found = combined(text, spans_of(text, &[("Republic of Ireland", 1)]));
        assert!(found.contains(&"Org Republic of Ireland".to_string()), "{found:?}");
    }

    #[test]
    fn a_place_the_model_reads_as_an_organisation_more_often_is_one() {
        // The model's spans of every "Cairn" of `text`, an organisation's but at `places`.
        let kinds = |text: &str, name: &str, places: &[usize]| {
            let spans = text
                .match_indices(name)
                .enumerate()
                .map(|(i, (start, _))| ModelSpan {
                    start,
                    end: start + name.len(),
                    kind: if places.contains(&i) { 2 } else { 1 },
                })
                .collect();
            combined(text, spans)
        };
        let text = "Investors had piled into Cairn. Cairn said its finds were big. Cairn shares rose.";
        assert_eq!(kinds(text, "Cairn", &[0]), ["Org Cairn", "Org Cairn", "Org Cairn"]);
        // As often a place's as an organisation's: the place.
        assert_eq!(kinds(text, "Cairn", &[0, 1]), ["Gpe Cairn", "Gpe Cairn", "Org Cairn"]);
        // Written as a place's where the model read it so.
        for (text, name) in [
            ("Health officials in Cairn said. Cairn council met. Cairn voted.", "Cairn"),
            ("Ships sailed along the Cairn coast. Cairn said. Cairn voted.", "Cairn"),
            ("The hamlet is in the parish of Cairn. Cairn said. Cairn voted.", "Cairn"),
            ("Wheat at 202 dlrs cif Cairn. Cairn said. Cairn voted.", "Cairn"),
            ("Varna, Bulgaria, 1996-08-30. Varna won. Varna lost.", "Varna"),
            ("Trains ran to Cairn County. Cairn County said. Cairn County voted.", "Cairn County"),
            ("Trade across the Cairn fell. Cairn said. Cairn voted.", "Cairn"),
            ("Li Wen, of Cairn, Texas, said. Cairn said. Cairn voted.", "Cairn"),
            ("He came from Cairn, New South Wales. Cairn said. Cairn voted.", "Cairn"),
        ] {
            assert!(kinds(text, name, &[0])[0].starts_with("Gpe "), "{text}: {:?}", kinds(text, name, &[0]));
        }
        // A state's name that opens another name is no place's.
        let text = "Bonds of Cairn, Texas Power and others rose. Cairn said. Cairn voted.";
        assert_eq!(kinds(text, "Cairn", &[0])[0], "Org Cairn");
        // A person's surname ("Danny Cairn") is no organisation, whatever the model made of it.
        let text = "Danny Cairn scored. Then Cairn ran. Cairn said. Cairn voted.";
        let spans = spans_in_order(text, &[("Danny Cairn", 0), ("Cairn", 2), ("Cairn", 1), ("Cairn", 1)]);
        assert_eq!(combined(text, spans)[1], "Gpe Cairn");
        // A name the tables know as a place stays theirs.
        let text = "He lives in Paris. Paris said it would bid. Paris won the vote.";
        assert_eq!(kinds(text, "Paris", &[0])[0], "Gpe Paris");
    }

    #[test]
    fn a_person_the_model_split_off_a_company_or_a_law_is_neither() {
        let tidy = |text: &str, word: &str| tidy(text, word, 0);
        assert_eq!(tidy("Shares of General Foods rose.", "Foods"), ["Org General Foods"]);
        assert_eq!(tidy("the Attorney General's Office said", "Office"), ["Org Attorney General's Office"]);
        assert!(tidy("The Finance Bill will pass.", "Bill").is_empty());
        assert!(tidy("before the General Election.", "Election").is_empty());
        assert!(tidy("MPs voted for the Bill on Monday.", "Bill").is_empty());
        assert_eq!(tidy("\"Bill, just don't pay,\" she said.", "Bill"), ["Person Bill"]);
        assert_eq!(tidy("He said that Bill had left.", "Bill"), ["Person Bill"]);
        assert!(tidy("MPs passed a Bill to curb strikes.", "Bill").is_empty());
        // A title before a surname stays out of the person's name.
        assert_eq!(tidy("General Smith said.", "Smith"), ["Person Smith"]);
        assert_eq!(tidy("President Bush said.", "Bush"), ["Person Bush"]);
    }

    #[test]
    fn a_lists_numbered_label_is_no_name() {
        for (text, name, kind) in [
            ("Milepost 12.1: South Bridgton", "Milepost", 1),
            ("The line.\nMilepost 0 : Bridgton Junction", "Milepost", 1),
            ("Chapter 3: The Return", "Chapter", 0),
        ] {
            assert!(tidy(text, name, kind).is_empty(), "{text}");
        }
        // Not a name before a score or a time, a name mid-sentence, nor one the tables know.
        assert_eq!(tidy("Qualifying times:\nVilleneuve 1:17.211", "Villeneuve", 1), ["Org Villeneuve"]);
        assert_eq!(tidy("Results:\nSpartak 2:1 Dinamo", "Spartak", 1), ["Org Spartak"]);
        assert_eq!(tidy("Results:\nSpartak 2 : 1 Dinamo", "Spartak", 1), ["Org Spartak"]);
        assert_eq!(tidy("Kickoff times:\nWatford 15:00", "Watford", 1), ["Org Watford"]);
        assert_eq!(tidy("Arsenal 3 Chelsea 1", "Arsenal", 1), ["Org Arsenal", "Org Chelsea"]);
        assert_eq!(tidy("beaten by Ajax 2: a shock", "Ajax", 1), ["Org Ajax"]);
        assert_eq!(tidy("Reuters 2: the story", "Reuters", 1), ["Org Reuters"]);
    }

    #[test]
    fn a_states_name_the_model_made_an_organisation_is_the_state_where_it_reads_as_one() {
        for (text, name) in [
            ("said Texas lawmakers approved it", "Texas"),
            ("the Rhode Island legislature", "Rhode Island"),
            ("to revitalize Texas' oil industry", "Texas"),
            ("the collapse in oil and Texas real estate prices", "Texas"),
            ("posted over northwest Texas through", "Texas"),
            ("a flood warning for interior Rhode Island", "Rhode Island"),
        ] {
            assert!(tidy(text, name, 1).contains(&format!("Gpe {name}")), "{text}");
        }
        // A team on a sports page.
        for (text, name) in [
            ("to rally No. 6 Texas past Kansas", "Texas"),
            ("Florida manager John Boles", "Florida"),
            ("St Louis defeated Colorado for", "Colorado"),
            ("Texas' real test comes next week", "Texas"),
        ] {
            // (The other state or town there is the tables', which the model may type the
            // team.)
            let found = tidy(text, name, 1);
            assert!(found.contains(&format!("Org {name}")), "{text}: {found:?}");
        }
        // So is one the model took for a person's name.
        assert_eq!(tidy("Current Illinois law limits it", "Illinois", 0), ["Gpe Illinois"]);
        assert_eq!(tidy("said Virginia, his wife", "Virginia", 0), ["Person Virginia"]);
        // Not after a person's possessive: "Washington's attorney" is Denzel Washington's.
        assert_eq!(tidy("Washington's attorney said", "Washington", 0), ["Person Washington"]);
        // A state's or a tables' place's one word the model read as a person's is the place,
        // unless the document names a person with it, it is a given name or a title comes
        // before it, or the text is a sports page.
        assert_eq!(
            tidy("Colorado gained eight and Louisiana was up by four.", "Louisiana", 0),
            ["Gpe Colorado", "Gpe Louisiana"]
        );
        assert_eq!(tidy("Korea is the seventh largest.", "Korea", 0), ["Gpe Korea"]);
        assert_eq!(tidy("Jordan will receive two loans.", "Jordan", 0), ["Gpe Jordan"]);
        assert_eq!(
            combined(
                "Bill Montana said. Montana said no.",
                vec![ModelSpan { start: 0, end: 12, kind: 0 }, ModelSpan { start: 19, end: 26, kind: 0 }]
            ),
            ["Person Bill Montana", "Person Montana"]
        );
        assert_eq!(tidy("said Lord Kingston on Monday.", "Kingston", 0), ["Person Kingston"]);
        assert_eq!(tidy("said Rep. Washington on Monday.", "Washington", 0), ["Person Washington"]);
        // Nor a given name of a longer person's, nor a one-word person after a title elsewhere.
        let text = "Jordan Peterson gave a lecture. Jordan said so.";
        assert_eq!(
            combined(text, spans_in_order(text, &[("Jordan Peterson", 0), ("Jordan", 0)])),
            ["Person Jordan Peterson", "Person Jordan"]
        );
        let text = "Mr. Jordan said the talks would resume. Jordan added that prices rose.";
        assert_eq!(
            combined(text, spans_in_order(text, &[("Jordan", 0), ("Jordan", 0)])),
            ["Person Jordan", "Person Jordan"]
        );
        assert_eq!(tidy("Sydney told the court.", "Sydney", 0), ["Person Sydney"]);
        assert_eq!(tidy("said Georgia, his wife.", "Georgia", 0), ["Person Georgia"]);
        let sheet = "Subs not used: Kingston, Gray. The striker scored twice in the league match and the \
                     goalkeeper saved a penalty.";
        assert_eq!(tidy(sheet, "Kingston", 0), ["Person Kingston"]);
        assert_eq!(tidy("Subs not used: Kingston, Gray.", "Kingston", 0), ["Gpe Kingston"]);
        // A tables' place of several words likewise, possessive or not; not after a title.
        assert_eq!(tidy("Nova Scotia became the sixth province.", "Nova Scotia", 0), ["Gpe Nova Scotia"]);
        assert_eq!(tidy("Abu Dhabi's offshore field was hit.", "Abu Dhabi", 0), ["Gpe Abu Dhabi"]);
        assert_eq!(tidy("said Mr. Abu Dhabi on Monday.", "Abu Dhabi", 0), ["Person Abu Dhabi"]);
        // As a place the model typed, a state is a political entity, not an island.
        assert_eq!(tidy("newspapers in Rhode Island.", "Rhode Island", 2), ["Gpe Rhode Island"]);
    }

    #[test]
    fn a_person_named_like_a_landform_or_an_area_is_a_place() {
        let tidy = |text: &str, name: &str| tidy(text, name, 0);
        for (text, name, expected) in [
            ("drilling in the Cooper Basin began", "Cooper Basin", "Loc Cooper Basin"),
            ("at Beaver Creek in the Rockies", "Beaver Creek", "Loc Beaver Creek"),
            ("the Charles River flooded", "Charles River", "Loc Charles River"),
            ("Noto Peninsula was hit", "Noto Peninsula", "Loc Noto Peninsula"),
            ("in Washoe County, Nev.", "Washoe County", "Gpe Washoe County"),
            ("in Anbar Province", "Anbar Province", "Gpe Anbar Province"),
            ("the Ilocos Region did not include it", "Ilocos Region", "Gpe Ilocos Region"),
            ("in Osaka Prefecture", "Osaka Prefecture", "Gpe Osaka Prefecture"),
            // A surname-like word after a name that is no given name.
            ("in Orleans Parish", "Orleans Parish", "Gpe Orleans Parish"),
            ("across Cook Strait", "Cook Strait", "Loc Cook Strait"),
            // A building's word, with a particle in the name.
            (
                "diverted to Charles de Gaulle Airport",
                "Charles de Gaulle Airport",
                "Loc Charles de Gaulle Airport",
            ),
        ] {
            assert_eq!(tidy(text, name), [expected], "{text}");
        }
        // A surname that is also a place's word, after a given name; a title with a word in lower
        // case; a television channel no table knows: still the model's.
        for (text, name) in [
            ("Michael Bay directed it", "Michael Bay"),
            ("said Mike Lake, an analyst", "Mike Lake"),
            ("Robert Parish scored", "Robert Parish"),
            ("The singer Frank Ocean said", "Frank Ocean"),
            ("George Strait sang", "George Strait"),
            ("Carla Anderson Hills, the trade representative", "Carla Anderson Hills"),
            ("sang Beyond the Sea", "Beyond the Sea"),
            ("watch Animal Planet Channel", "Animal Planet Channel"),
        ] {
            assert_eq!(tidy(text, name), [format!("Person {name}")], "{text}");
        }
        // A channel the tables know is their organisation, no place.
        assert_eq!(tidy("watch Discovery Channel", "Discovery Channel"), ["Org Discovery Channel"]);
        // A state's name is a state.
        assert_eq!(tidy("a company in Rhode Island", "Rhode Island"), ["Gpe Rhode Island"]);
        // A company's short name; not an organisation's.
        let text = "James River Corp said it would buy a mill. James River said";
        assert_eq!(tidy(text, "James River"), ["Person James River"]);
        let text = "the Washoe County Board met. Washoe County said";
        assert!(tidy(text, "Washoe County").contains(&"Gpe Washoe County".to_string()), "{text}");
    }

    #[test]
    fn an_organisation_the_model_finds_that_ends_in_a_place_word() {
        has(tidy("reflecting the decline of the Bass Strait fields", "Bass Strait", 1), "Loc Bass Strait");
        // The tables' type wins: a country.
        has(tidy("cocoa exports from Ivory Coast rose", "Ivory Coast", 1), "Gpe Ivory Coast");
        // A results line's team, a sports page's, and a company's short name stay organisations.
        has(tidy("Ross County 3 Alloa 1", "Ross County", 1), "Org Ross County");
        has(
            tidy("The striker scored twice in the NFL and NBA roundup. Tampa Bay lost.", "Tampa Bay", 1),
            "Org Tampa Bay",
        );
        has(tidy("Giant Bay Resources Ltd said gold rose. Giant Bay said", "Giant Bay", 1), "Org Giant Bay");
    }

    #[test]
    fn shares_and_stakes_are_a_companys() {
        let owned = |text: &str, name: &str, kind: u8| owned_after(text, text.find(name).unwrap(), kind);
        assert!(owned("Shares in Wimpey were up", "Wimpey", 0));
        assert!(owned("converted into 2.25 shares of Barnett common stock", "Barnett", 0));
        assert!(owned("a 19 pct stake in Novo Astro, a private company", "Novo Astro", 2));
        assert!(owned("its takeover of Cirex, a Philippine firm", "Cirex", 0));
        // Where shares are listed or bought is a place; a spokesman speaks for people too; a
        // town taken or held without a stake's size is the town.
        assert!(owned("a 9.8 pct stake in Healthvest", "Healthvest", 2));
        assert!(!owned("The rebels' takeover of Bunia was complete", "Bunia", 2));
        assert!(!owned("Spain wants a big stake in Gibraltar", "Gibraltar", 2));
        assert!(!owned("plans to list its shares in Frankfurt", "Frankfurt", 2));
        assert!(!owned("A spokesman for Yeutter said", "Yeutter", 0));
        assert!(!owned("Shares in Wimpey were up", "Wimpey", 1));
    }

    #[test]
    fn a_clause_after_a_noun_is_no_name_of_its_kind() {
        // A company's noun, a work's noun, a game: a person's name that opens a clause after
        // "the" stays the person's; with a comma after it, or no article, it is the company.
        has(tidy("the charity Geldof founded in 1985 gave", "Geldof", 0), "Person Geldof");
        has(tidy("an exhibition in aid of the charity Mencap, with photographs", "Mencap", 2), "Org Mencap");
        has(tidy("Swiss drugmaker Novartis has announced a deal", "Novartis", 0), "Org Novartis");
        has(tidy("while Leeds group Kaiser Chiefs came fifth", "Kaiser Chiefs", 0), "Org Kaiser Chiefs");
        has(tidy("the group Geldof founded in 1985 gave", "Geldof", 0), "Person Geldof");
        has(tidy("In the new drama Kidman plays a nurse", "Kidman", 0), "Person Kidman");
        has(tidy("After a tough game Federer said he was tired", "Federer", 0), "Person Federer");
        assert!(tidy("Clue was based on the board game Cluedo.", "Cluedo", 0).is_empty());
    }

    #[test]
    fn a_name_with_a_middle_initial_is_a_persons() {
        has(
            tidy("Coca-Cola Co said Eugene V. Amoroso has resigned", "Eugene V. Amoroso", 1),
            "Person Eugene V. Amoroso",
        );
        has(
            tidy("Israel G. Grossman, 34, who had been", "Israel G. Grossman", 2),
            "Person Israel G. Grossman",
        );
        has(tidy("Forrest J Ackerman and others came", "Forrest J Ackerman", 1), "Person Forrest J Ackerman");
        // A company so named: before a company's noun, written with a legal form elsewhere, or
        // ending in one or in two letters.
        has(tidy("the sale of its Yale E. Key unit", "Yale E. Key", 1), "Org Yale E. Key");
        let text = "Sanford C. Bernstein and Co said. An analyst at Sanford C. Bernstein said";
        has(tidy(text, "Sanford C. Bernstein", 1), "Org Sanford C. Bernstein");
        has(tidy("Toys R Us has posted gains", "Toys R Us", 1), "Org Toys R Us");
        has(tidy("Circle K Corp said", "Circle K Corp", 1), "Org Circle K Corp");
        has(tidy("Analysts at Robert W. Baird said", "Robert W. Baird", 1), "Org Robert W. Baird");
    }

    #[test]
    fn streets_and_squares_are_places() {
        has(tidy("performed next to the Red Square in Moscow", "Red Square", 1), "Loc Red Square");
        has(
            tidy("the cost of moving from Fleet Street to new offices", "Fleet Street", 1),
            "Loc Fleet Street",
        );
        has(tidy("the crowd at Lansdowne Road, Dublin", "Lansdowne Road", 0), "Loc Lansdowne Road");
        // A person named Street, the tables' Downing Street (the government), a company's
        // street ("Saks Fifth Avenue", the tables', "Chrysler Fifth Avenue", a car) and one
        // after a prefix stay what they were.
        has(tidy("John Street said he would stay", "John Street", 0), "Person John Street");
        has(tidy("Downing Street said the talks would go on", "Downing Street", 1), "Org Downing Street");
        has(
            tidy("eight Saks Fifth Avenue stores will close", "Saks Fifth Avenue", 1),
            "Org Saks Fifth Avenue",
        );
        has(
            tidy("the price of its Chrysler Fifth Avenue sedan", "Chrysler Fifth Avenue", 1),
            "Org Chrysler Fifth Avenue",
        );
        has(
            tidy("Ex-Downing Street media chief Alastair Campbell", "Ex-Downing Street", 1),
            "Org Ex-Downing Street",
        );
    }

    #[test]
    fn bands_named_in_a_list_or_set_off_by_commas() {
        let people = [("Talking Heads", 0), ("Joy Division", 0), ("New Order", 2)];
        let listed =
            tidy_all("a sound like bands like Talking Heads, Joy Division and New Order had", &people);
        assert_eq!(listed, ["Org Talking Heads", "Org Joy Division", "Org New Order"]);
        // CoNLL's tokens, a comma apart, before "and several other bands".
        let before = [("Head Automatica", 0), ("Cobra Starship", 0)];
        let listed =
            tidy_all("on tour with Head Automatica , Cobra Starship , and several other bands .", &before);
        assert_eq!(listed, ["Org Head Automatica", "Org Cobra Starship"]);
        // The list ends where a name is not joined to the one before it.
        let broken = [("Gentle Giant", 0), ("Tim Smith", 0)];
        let listed = tidy_all("bands such as Gentle Giant, and the drummer Tim Smith said", &broken);
        assert_eq!(listed, ["Org Gentle Giant", "Person Tim Smith"]);
        has(tidy("working with his other band, Fightstar. However", "Fightstar", 2), "Org Fightstar");
        has(tidy("released by American rock band , Eels .", "Eels", 0), "Org Eels");
        // A clause after the name: the band's introducer; a member set off by commas; "husbands
        // like"; a person's name ending a list.
        has(tidy("Introducing the band, Springsteen mocked Bono", "Springsteen", 0), "Person Springsteen");
        has(
            tidy("The lead singer of the band, John Lennon, was shot", "John Lennon", 0),
            "Person John Lennon",
        );
        let wives = [("John Smith", 0), ("Peter Jones", 0)];
        let listed =
            tidy_all("Wives whose husbands including John Smith and Peter Jones were killed", &wives);
        assert_eq!(listed, ["Person John Smith", "Person Peter Jones"]);
        let oasis = tidy_all("bands like Oasis, and John Smith said", &[("Oasis", 0), ("John Smith", 0)]);
        assert_eq!(oasis, ["Org Oasis", "Person John Smith"]);
    }

    #[test]
    fn oil_and_gas_fields_are_places() {
        has(
            tidy("two wells at the Terra Nova oil field offshore Newfoundland", "Terra Nova", 1),
            "Loc Terra Nova",
        );
        has(tidy("the crown scheme for Norway's Draugen oil field", "Draugen", 0), "Loc Draugen");
        has(tidy("astride the Rostam offshore oilfield", "Rostam", 1), "Loc Rostam");
        has(tidy("output from the Kittiwake field. Oil prices rose", "Kittiwake", 1), "Loc Kittiwake");
        // Both names of a pair before the field's word.
        let pair = tidy_all("the larger Miller and Bruce oil fields", &[("Miller", 0), ("Bruce", 0)]);
        assert_eq!(pair, ["Loc Miller", "Loc Bruce"]);
        // A field goal, a field office, a bare "field" where no oil or gas is written, a US
        // state's fields and a company's short name are what the model made of them.
        has(tidy("Crude oil fell. A Vinatieri field goal won it", "Vinatieri", 0), "Person Vinatieri");
        has(tidy("the Smith field office in Denver", "Smith", 0), "Person Smith");
        has(tidy("Crude oil rose. Secretary Abraham fields questions", "Abraham", 0), "Person Abraham");
        has(tidy("the Kittiwake field was muddy after the rain", "Kittiwake", 1), "Org Kittiwake");
        assert!(
            !tidy("output of California oil fields fell", "California", 2).contains(&"Loc California".into())
        );
        has(tidy("Alpha Resources Ltd said oil flowed. The Alpha field holds gas", "Alpha", 1), "Org Alpha");
    }

    #[test]
    fn shows_and_bowls_are_events_and_so_are_their_initials() {
        assert!(tidy("the opening of the Geneva Motor Show on Thursday", "Geneva Motor Show", 1).is_empty());
        assert!(
            tidy("an invitation to play in the Motor City Bowl on Dec. 27", "Motor City Bowl", 1).is_empty()
        );
        assert!(tidy("guests of the Oprah Winfrey Show", "Oprah Winfrey Show", 0).is_empty());
        let show = tidy_all(
            "Gates opened the Consumer Electronics Show (CES) in Las Vegas. CES runs until Sunday.",
            &[("Consumer Electronics Show", 1), ("CES", 1), ("Las Vegas", 2), ("CES", 1)],
        );
        assert_eq!(show, ["Gpe Las Vegas"]);
    }

    #[test]
    fn events_and_people_named_masters() {
        assert!(tidy("He won the Madrid Masters on Sunday", "Madrid Masters", 2).is_empty());
        assert_eq!(
            tidy("the poet Edgar Lee Masters wrote", "Edgar Lee Masters", 0),
            ["Person Edgar Lee Masters"]
        );
    }

    /// The candidates left when the model proposes `names` (each at its first occurrence after
    /// the previous one), office holders split off first, as "Kind text".
    fn tidy_all(text: &str, names: &[(&str, u8)]) -> Vec<String> {
        combined(text, spans_in_order(text, names))
    }

    /// Asserts that `found` (a [`combined`] rendering) holds `want`.
    fn has(found: Vec<String>, want: &str) {
        assert!(found.iter().any(|c| c == want), "{want}: {found:?}");
    }

    #[test]
    fn an_office_holder_is_no_part_of_the_office() {
        // The office's last word opens the model's span; the surname alone follows the person.
        assert_eq!(
            tidy_all(
                "Chancellor of the Exchequer Nigel Lawson said so. Lawson added",
                &[("Exchequer Nigel Lawson", 1), ("Lawson", 1)]
            ),
            ["Person Nigel Lawson", "Person Lawson"]
        );
        assert_eq!(
            tidy_all("Secretary of State George Shultz left", &[("State George Shultz", 1)]),
            ["Person George Shultz"]
        );
        assert_eq!(
            tidy_all("Labour MP George Galloway said", &[("Labour MP George Galloway", 1)]),
            ["Org Labour", "Person George Galloway"]
        );
        // A rank in an organisation's span; not in a MISC one (a sponsor's event).
        let royal = tidy_all("Texas Coach Darrell Royal called him", &[("Texas Coach Darrell Royal", 1)]);
        assert!(royal.contains(&"Person Darrell Royal".to_string()), "{royal:?}");
        let series = tidy_all("the third match of the Singer World Series", &[("Singer World Series", 3)]);
        assert!(!series.iter().any(|c| c.starts_with("Person")), "{series:?}");
        let taylor =
            tidy_all("Conservative MP Sir Teddy Taylor said", &[("Conservative MP Sir Teddy Taylor", 1)]);
        assert!(taylor.contains(&"Person Teddy Taylor".to_string()), "{taylor:?}");
        // After an organisation's word, a given name that is a person elsewhere.
        assert_eq!(
            tidy_all(
                "Securities and Exchange Commission John Shad said. Shad added",
                &[("Securities and Exchange Commission John Shad", 1), ("Shad", 0)]
            ),
            ["Org Securities and Exchange Commission", "Person John Shad", "Person Shad"]
        );
        // The surname alone follows only where the model gave it the span's type, and not where
        // the tables know it as something else.
        assert_eq!(
            tidy_all(
                "Labour MP Tom Jordan said the deal was bad. Jordan and Syria signed a pact.",
                &[("Labour MP Tom Jordan", 1), ("Jordan", 2)]
            ),
            ["Org Labour", "Person Tom Jordan", "Gpe Jordan", "Gpe Syria"]
        );
        // A title inside stays out of both.
        assert_eq!(
            tidy_all(
                "Midland Bank Sir John Smith said. Smith added",
                &[("Midland Bank Sir John Smith", 1), ("Smith", 0)]
            ),
            ["Org Midland Bank", "Person John Smith", "Person Smith"]
        );
        // Another person of that surname is no evidence.
        assert_eq!(
            tidy_all(
                "Deutsche Bank Alex Brown said. Gordon Brown said",
                &[("Deutsche Bank Alex Brown", 1), ("Gordon Brown", 0)]
            ),
            ["Org Deutsche Bank Alex Brown", "Person Gordon Brown"]
        );
        // Names that hold an office's word, or end in a word no surname is, stay whole.
        for (text, name, kind) in [
            ("in the Premier League Aston Villa won", "Premier League Aston Villa", 1),
            ("as Director General Motors Europe", "Director General Motors Europe", 1),
            ("at President Kennedy Airport", "President Kennedy Airport", 2),
        ] {
            let kept = tidy_all(text, &[(name, kind)]);
            assert!(!kept.iter().any(|c| c.starts_with("Person")), "{text}: {kept:?}");
        }
        for (text, name) in [
            ("the Exchequer Borrowing Requirement rose", "Exchequer Borrowing Requirement"),
            ("State Street Research said", "State Street Research"),
            ("at Queen Elizabeth College", "Queen Elizabeth College"),
            ("Deutsche Bank Capital Markets said. Markets fell", "Deutsche Bank Capital Markets"),
        ] {
            assert_eq!(tidy_all(text, &[(name, 1)]), [format!("Org {name}")], "{text}");
        }
        // Without a person elsewhere, a name after an organisation's word is left to the model.
        assert_eq!(
            tidy_all(
                "Coffee Trade Association John Smith said",
                &[("Coffee Trade Association John Smith", 1)]
            ),
            ["Org Coffee Trade Association John Smith"]
        );
    }

    #[test]
    fn a_companys_national_arm_is_one_organisation() {
        assert_eq!(tidy("Texaco Canada said so.", "Texaco Canada", 1), ["Org Texaco Canada"]);
        // A country before the company, or a model span that is no organisation, still splits.
        assert_eq!(tidy("the Canada Texaco deal", "Canada Texaco", 1), ["Gpe Canada", "Org Texaco"]);
        assert_eq!(tidy("Texaco Canada said so.", "Texaco Canada", 2), ["Org Texaco", "Gpe Canada"]);
        // Only next to each other.
        assert_eq!(
            tidy("the European Community and Canada agreed", "European Community and Canada", 1),
            ["Org European Community", "Gpe Canada"]
        );
    }

    /// A place span of a country's initials and a capitalised common word keeps the initials.
    #[test]
    fn a_countrys_initials_do_not_take_the_next_word() {
        let place = |text: &str, name: &str| tidy(text, name, 2);
        assert_eq!(place("the trend is toward the U.S. Market, he said", "U.S. Market"), ["Gpe U.S."]);
        assert_eq!(place("Shr 21.6 H.K. Cents vs 12", "H.K. Cents"), ["Gpe H.K."]);
        // A region, a legal form, a name the tables know, or an organisation stay whole.
        assert_eq!(place("delivery into the U.S. Gulf at a price", "U.S. Gulf"), ["Loc U.S. Gulf"]);
        assert_eq!(place("Separately, US Sprint told the judge", "US Sprint"), ["Org US Sprint"]);
        assert_eq!(tidy("a U.S. Navy contract", "U.S. Navy", 1), ["Org U.S. Navy"]);
    }

    /// A list of names of one type but one: that one is of the others' type, unless the tables
    /// know it, a word of it or a given name says what it is, or the list is none.
    #[test]
    fn a_list_names_things_of_one_kind() {
        let gazetteer = Gazetteer::load(&[]).unwrap();
        let rules = crate::rules::Rules::new();
        let entries = EntriesByStart::new(&[]);
        let spans = |text, names| {
            after(text, names, |text, spans| {
                lists_of_one_kind(&gazetteer, &entries, text, spans, |w| rules.is_given_name(w))
            })
        };
        let text = "won tournaments in Walsall, Melbourne, Luton and London";
        let names = [("Walsall", 2), ("Melbourne", 2), ("Luton", 1), ("London", 2)];
        assert_eq!(spans(text, &names), ["Walsall/2", "Melbourne/2", "Luton/2", "London/2"]);
        // As a CoNLL file's tokens are joined, and with "or" and a comma before it.
        // A person among persons where another is one by a given name.
        let text = "beating Kylie Minogue, Anastacia and Natasha Bedingfield";
        let names = [("Kylie Minogue", 0), ("Anastacia", 2), ("Natasha Bedingfield", 0)];
        assert_eq!(spans(text, &names), ["Kylie Minogue/0", "Anastacia/0", "Natasha Bedingfield/0"]);
        let text = "bands like New Order , Interpol , or Joy Division .";
        let names = [("New Order", 1), ("Interpol", 1), ("Joy Division", 0)];
        assert_eq!(spans(text, &names), ["New Order/1", "Interpol/1", "Joy Division/1"]);
        // A list ends at its "and": the name after it is none of it.
        let text = "Anthony Walker and Nicholas Jeffries, and Railtrack managers";
        let names = [("Anthony Walker", 0), ("Nicholas Jeffries", 0), ("Railtrack", 1)];
        assert_eq!(spans(text, &names), as_given(&names));
        for (text, names) in [
            // Commas alone: an address, an apposition.
            (
                "Tremors (Salt Publishing, Cambridge, UK, 2008)",
                &[("Salt Publishing", 1), ("Cambridge", 2), ("UK", 2)][..],
            ),
            ("by INSEE, Marais, Dupont said", &[("INSEE", 1), ("Marais", 0), ("Dupont", 1)]),
            // Two names.
            ("both Farrell and Wigan", &[("Farrell", 0), ("Wigan", 1)]),
            // A name the tables know, a word that makes an organisation, a given name or a title.
            ("Hitachi, Japan and Toshiba", &[("Hitachi", 1), ("Japan", 2), ("Toshiba", 1)]),
            ("for the U.S. Navy, Australia and Spain", &[("U.S. Navy", 1), ("Australia", 2), ("Spain", 2)]),
            ("Bush, Clinton and John Smith", &[("Bush", 1), ("Clinton", 1), ("John Smith", 0)]),
            ("Walsall, Leeds and Lord Woolf", &[("Walsall", 2), ("Leeds", 2), ("Lord Woolf", 0)]),
            ("Walsall, Leeds and Mr Woolf", &[("Walsall", 2), ("Leeds", 2), ("Woolf", 0)]),
            // A person among persons none of whom a given name says is one: a firm named for
            // its partners, products, towns.
            ("trader Woodhouse, Drake and Carey said", &[("Woodhouse", 2), ("Drake", 0), ("Carey", 0)]),
            // A last name that runs on past the list; a club named for its towns.
            (
                "with Reagan, Greenspan, and Treasury Secretary Baker",
                &[("Reagan", 0), ("Greenspan", 0), ("Treasury", 1)],
            ),
            ("Ealing, Southall and Middlesex AC", &[("Ealing", 2), ("Southall", 2), ("Middlesex AC", 1)]),
            ("Sony, Philips and Acme-owned units", &[("Sony", 1), ("Philips", 1), ("Acme", 2)]),
            // An organisation of three words or more.
            (
                "Paris, Tokyo and Houston TVX Broadcast",
                &[("Paris", 2), ("Tokyo", 2), ("Houston TVX Broadcast", 1)],
            ),
            // Persons are one word apart from a company's name of more.
            ("Gates, Ballmer and Acme Widgets", &[("Gates", 0), ("Ballmer", 0), ("Acme Widgets", 1)]),
            // MISC either way.
            ("PalmOS, Symbian and Windows", &[("PalmOS", 1), ("Symbian", 1), ("Windows", 3)]),
            // A firm named for its partners.
            ("led by Salomon, Levin and Elstein Ltd.", &[("Salomon", 0), ("Levin", 1), ("Elstein", 1)]),
            ("and Ladenburg, Thalmann and Co will", &[("Ladenburg", 2), ("Thalmann", 1), ("Co", 1)]),
        ] {
            assert_eq!(spans(text, names), as_given(names), "{text}");
        }
    }

    /// A title in quotation marks after a work's noun is the work's, whole, whatever its words.
    #[test]
    fn a_quoted_title_after_a_work_noun_is_one_work() {
        let spans = |text, names| after(text, names, quoted_work_titles);
        assert_eq!(
            spans(
                "a holiday song called \"Santa Through the Back Door\".",
                &[("Santa Through", 0), ("Door", 3)]
            ),
            ["Santa Through the Back Door/3"]
        );
        // Two titles joined by "and", in CoNLL's spacing; curly marks, a comma inside them.
        assert_eq!(
            spans("the French hit singles \" Chaque fois \" and \" J'ai confiance en toi \" .", &[]),
            ["Chaque fois/3", "J'ai confiance en toi/3"]
        );
        assert_eq!(
            spans("the singles \"Hey Jude,\" and \"Let It Be.\"", &[("Hey Jude", 0)]),
            ["Hey Jude/3", "Let It Be/3"]
        );
        assert_eq!(
            spans(
                "the Interscope album \u{201C}How to Dismantle an Atomic Bomb,\u{201D} due",
                &[("Atomic Bomb", 0)]
            ),
            ["How to Dismantle an Atomic Bomb/3"]
        );
        for (text, names) in [
            // No work's noun before the marks, or a phrase in lower case.
            ("a scheme called \"Blair Babes\" by critics", &[("Blair Babes", 0)][..]),
            ("what he called \"cowboy capitalism\"", &[]),
            ("the song \"lost\" its way", &[]),
            // A closing mark opens no title: the words up to the next mark are none.
            (
                "Critics called the album a \"hit\" Zentrix Molbaug said on \"Monday\"",
                &[("Zentrix Molbaug", 1)],
            ),
            // A name of the model's that runs out of the marks, or a title on two lines.
            ("the single \"Angels\" Robbie Williams sang", &[("Angels\" Robbie Williams", 0)]),
            ("the single \"Angels\nof\" here", &[]),
            ("the single \" \" here", &[]),
        ] {
            assert_eq!(spans(text, names), as_given(names), "{text}");
        }
    }

    /// A place or nationality the model ended before an event's word is the event, whole.
    #[test]
    fn an_event_named_after_a_place_is_one_name() {
        let spans = |text, names| after(text, names, |text, spans| join_event_names(text, spans));
        // The model's span of the event's word after it, or the words themselves.
        assert_eq!(
            spans("won the Hong Kong Open semifinal", &[("Hong Kong", 2), ("Open", 3)]),
            ["Hong Kong Open/3"]
        );
        assert_eq!(spans("won the Hong Kong Open semifinal", &[("Hong Kong", 2)]), ["Hong Kong Open/3"]);
        assert_eq!(spans("in the Italian Grand Prix on Sunday", &[("Italian", 3)]), ["Italian Grand Prix/3"]);
        assert_eq!(
            spans("the Greater Milwaukee Open", &[("Greater Milwaukee", 2)]),
            ["Greater Milwaukee Open/3"]
        );
        // The model's span of a word taken in, not next to the place's, goes with it (it had
        // stayed, overlapping the event, and become a place: "Festival").
        assert_eq!(
            spans("applause at Berlin Film Festival.", &[("Berlin", 2), ("Festival", 2)]),
            ["Berlin Film Festival/3"]
        );
        assert_eq!(
            spans("at the Venice Economic Summit in", &[("Venice", 2), ("Summit", 2)]),
            ["Venice Economic Summit/3"]
        );
        // Not a person's name (a prize named after someone), nor words that make no event.
        assert_eq!(spans("won the Peter Sellers Award", &[("Peter Sellers", 0)]), ["Peter Sellers/0"]);
        assert_eq!(spans("the Hong Kong Stock Exchange", &[("Hong Kong", 2)]), ["Hong Kong/2"]);
        assert_eq!(spans("in Hong Kong. Open markets", &[("Hong Kong", 2)]), ["Hong Kong/2"]);
    }

    /// A name a sentence defines is that name wherever the text writes it, but after a work's
    /// noun: the band's first album is named after it.
    #[test]
    fn a_defined_name_is_the_same_name_elsewhere() {
        let text = "30 Seconds to Mars (or Thirty Seconds to Mars) is an American rock band. Their \
                    album 30 Seconds to Mars sold well. In 2007, 30 Seconds to Mars won an award. \
                    Not 30 Seconds to Marsh.";
        let album = text.find("album ").unwrap() + "album ".len();
        let end = album + "30 Seconds to Mars".len();
        // (The album, MISC, is no candidate.)
        assert_eq!(
            combined(text, vec![ModelSpan { start: album, end, kind: 1 }]),
            ["Org 30 Seconds to Mars", "Norp American", "Org 30 Seconds to Mars"]
        );
        // Without the definition, the one name is the album's, a work's.
        let text = text.replace(" is an American rock band", " played");
        let album = text.find("album ").unwrap() + "album ".len();
        let end = album + "30 Seconds to Mars".len();
        assert_eq!(combined(&text, vec![ModelSpan { start: album, end, kind: 1 }]), [] as [&str; 0]);
    }

    /// A people a phrase defines is CoNLL's MISC (no entity of the stage's) wherever the text
    /// names it, though the model read a place.
    #[test]
    fn a_people_defined_is_no_place() {
        let text =
            "She ruled the Azna, a pagan people in the region. After the Azna had dispersed, Voulet left.";
        let spans: Vec<ModelSpan> =
            text.match_indices("Azna").map(|(at, _)| ModelSpan { start: at, end: at + 4, kind: 2 }).collect();
        assert!(!combined(text, spans).iter().any(|c| c.ends_with("Azna")));
    }

    /// A title the model missed after a work's noun is a work's, and so are its words elsewhere.
    #[test]
    fn titles_after_a_works_noun() {
        let (gazetteer, rules) = (Gazetteer::load(&[]).unwrap(), crate::rules::Rules::new());
        let titles = |text, names| {
            after(text, names, |text, spans| {
                missed_titles(&gazetteer, text, spans, |w| rules.is_given_name(w))
            })
        };
        assert_eq!(
            titles(
                "Their sophomore album, A Beautiful Lie, was released by Virgin. Because A Beautiful \
                 Lie was leaked, A Beautiful Liar was not.",
                &[("Virgin", 1)]
            ),
            ["A Beautiful Lie/3", "Virgin/1", "A Beautiful Lie/3"]
        );
        assert_eq!(
            titles("their second album Some Kind Of Fever was released", &[]),
            ["Some Kind Of Fever/3"]
        );
        assert_eq!(titles("the song \u{201C}Gloomy Sunday\u{201D} is sad", &[]), ["Gloomy Sunday/3"]);
        assert_eq!(titles("his latest album, Home, and pictured", &[]), ["Home/3"]);
        // Nor a person who made it, a name the tables know, a possessive, a span, a noun
        // inside a word, or an adjective.
        assert_eq!(titles("the album Madonna released", &[]), [] as [&str; 0]);
        assert_eq!(titles("the film Steven Spielberg directed", &[]), [] as [&str; 0]);
        assert_eq!(titles("a film Britain made", &[]), [] as [&str; 0]);
        assert_eq!(titles("the movie Rubik's cube", &[]), [] as [&str; 0]);
        assert_eq!(titles("the film Vera Drake won", &[("Vera Drake", 0)]), ["Vera Drake/0"]);
        assert_eq!(titles("a photoalbum Bestseller", &[]), [] as [&str; 0]);
        assert_eq!(titles("a single European currency", &[]), [] as [&str; 0]);
        // Nor an abbreviation, an initial, a day or a month; a title ends with its line.
        assert_eq!(titles("After the album U.S. sales fell.", &[]), [] as [&str; 0]);
        assert_eq!(titles("In the film, Mr. Smith plays a judge", &[]), [] as [&str; 0]);
        assert_eq!(titles("He watched the film Friday.", &[]), [] as [&str; 0]);
        assert_eq!(titles("the album Thriller\nand left", &[]), ["Thriller/3"]);
        // A band's, a label's or a singer's name after its noun, its words capitalised (a band's
        // "The" with them); a name written again is the same band's.
        assert_eq!(
            titles("by UK post punk industrial band Killing Joke. Killing Joke toured.", &[]),
            ["Killing Joke/1", "Killing Joke/1"]
        );
        assert_eq!(titles("the frontman of now defunct band The Stands and", &[]), ["The Stands/1"]);
        assert_eq!(titles("the France-born singer Nadiy. The album", &[]), ["Nadiy/0"]);
        assert_eq!(titles("while US rapper 50 Cent topped it", &[]), ["50 Cent/0"]);
        // Not one word that opens a clause, nor a singer's "The", nor a noun's comma.
        assert_eq!(titles("they signed to independent label Food later that year", &[]), [] as [&str; 0]);
        assert_eq!(titles("the singer The Band backed", &[]), [] as [&str; 0]);
        assert_eq!(titles("his band, Wings, and", &[]), [] as [&str; 0]);
    }

    /// Names found again as words outside the spans, the longest first, the spans kept sorted.
    #[test]
    fn names_elsewhere_in_the_text() {
        let text = "Acme Rock and Acme played; Acme Rocks, Acmes and Acme Rock again; Bo. Acme";
        let mut spans = spans_in_order(text, &[("Acme Rock", 1), ("Bo", 0)]);
        name_elsewhere(text, &[("Acme", 2), ("Acme Rock", 1)], &mut spans);
        // (Of "Acme Rocks" the longest name is no word, and the shorter one is not tried.)
        assert_eq!(rendered(text, spans), ["Acme Rock/1", "Acme/2", "Acme Rock/1", "Bo/0", "Acme/2"]);
        let spans = spans_in_order(text, &[("Acme Rock", 1), ("played", 3), ("Bo", 0)]);
        assert!(overlaps(&spans, 0, 1) && overlaps(&spans, 8, 12) && overlaps(&spans, 13, 30));
        assert!(!overlaps(&spans, 9, 13) && !overlaps(&spans, 30, 40) && !overlaps(&[], 0, 5));
    }

    #[test]
    fn a_place_of_a_name_is_the_place() {
        for (text, name, kind) in [
            ("The cyclone moved into the Bay of Bengal on Monday.", "Bay of Bengal", "Loc"),
            ("The ferry ran aground off the Isle of Sheppey.", "Isle of Sheppey", "Loc"),
            ("He was elected for the City of Brampton, Ontario.", "City of Brampton", "Gpe"),
            ("The Kingdom of Belgium issued the bonds.", "Kingdom of Belgium", "Gpe"),
        ] {
            assert!(tidy(text, name, 1).contains(&format!("{kind} {name}")), "{text}");
        }
        // Not a club or an authority named for a place, nor a state's government.
        for (text, name) in [
            ("He joined City of Plymouth AC in 1990.", "City of Plymouth AC"),
            ("The Port of Singapore Authority said it would expand.", "Port of Singapore Authority"),
            ("The State of California sued the company.", "State of California"),
            ("The City of Westminster Council approved the plan.", "City of Westminster Council"),
        ] {
            assert!(
                tidy(text, name, 1).contains(&format!("Org {name}")),
                "{text}: {:?}",
                tidy(text, name, 1)
            );
        }
    }

    #[test]
    fn a_town_written_as_a_place_is_the_town() {
        // The model's club, on no sports page, after "from" or "in", before a place's noun.
        for text in [
            "The singer-songwriter from Liverpool signed as a solo artist.",
            "Denaturable wheat traded in Liverpool at 129.50 stg per tonne.",
            "Prices rose, particularly in the Liverpool area.",
        ] {
            assert_eq!(tidy(text, "Liverpool", 1), ["Gpe Liverpool"], "{text}");
        }
        // Not after "at" (a club's ground), nor on a sports page, nor a company the text names.
        for text in [
            "Benitez hopes to win a trophy since arriving at Liverpool from Valencia.",
            "The striker, signed from Liverpool, scored twice as the football club won 2-1.",
            "Liverpool Holdings Ltd said sales rose. Profits at the group from Liverpool fell.",
        ] {
            assert!(tidy(text, "Liverpool", 1).contains(&"Org Liverpool".to_string()), "{text}");
        }
        // A town only GeoNames' list holds is read so too, but not after "from" or a holding's
        // "in", nor before a possessive, nor a common word.
        for (text, name) in [
            ("He was a controller at the compressor division in Cleveland.", "Cleveland"),
            ("The unit bought a firm of Blackburn, Lancashire, England.", "Blackburn"),
        ] {
            assert!(tidy(text, name, 1).contains(&format!("Gpe {name}")), "{text}");
        }
        for (text, name) in [
            ("Forest have received a bid from Tottenham for the two players.", "Tottenham"),
            ("Gulf said it sold its remaining stake in Imperial for 74 mln stg.", "Imperial"),
            ("He criticised the referee's performance in Northampton's defeat.", "Northampton"),
            ("Hilton said it received approval in Federal court.", "Federal"),
        ] {
            assert!(tidy(text, name, 1).contains(&format!("Org {name}")), "{text}");
        }
    }

    #[test]
    fn a_nickname_is_part_of_the_name() {
        let gazetteer = Gazetteer::load(&[]).unwrap();
        let is_given_name = |w: &str| matches!(w, "Roberto" | "Burkhard");
        let joined = |text, names| {
            after(text, names, |text, spans| join_nicknames(&gazetteer, text, spans, is_given_name))
        };
        // Straight or curly marks, CoNLL's spaced ones; the model's spans inside and after go.
        assert_eq!(
            joined(
                "boxing legend Roberto \"Hands of Stone\" Duran climbs in",
                &[("Roberto", 1), ("Hands", 0), ("Duran", 0)]
            ),
            ["Roberto \"Hands of Stone\" Duran/0"]
        );
        assert_eq!(
            joined(
                "against Hector \u{201c}Macho\u{201d} Camacho.",
                &[("Hector", 0), ("Macho", 3), ("Camacho", 1)]
            ),
            ["Hector \u{201c}Macho\u{201d} Camacho/0"]
        );
        assert_eq!(
            joined("William Mailes \" Cowboy \" Cowley ( born", &[("William Mailes", 0), ("Cowboy", 1)]),
            ["William Mailes \" Cowboy \" Cowley/0"]
        );
        // The model's person running from the nickname on.
        assert_eq!(
            joined("fired its chief, Burkhard \"Bobby\" Junger.", &[("Burkhard", 0), ("Bobby\" Junger", 0)]),
            ["Burkhard \"Bobby\" Junger/0"]
        );
        // Not a quotation, a weekday after it, a first part that is no person's, an
        // organisation of several words after it, a name the tables know as no person's, nor
        // a word the model's next span starts inside; no closing mark within reach.
        let far = format!("Smith \"{0} {0}\" Jones", "Supercalifragilisticexpialidocious");
        for (text, names) in [
            ("Smith \"No, never\" Jones said", &[("Smith", 0), ("Jones", 0)][..]),
            ("told Smith \"Yes\" Monday", &[("Smith", 0)]),
            ("Acme \"Rocket\" Jones said", &[("Acme", 1), ("Jones", 0)]),
            ("Smith \"Lucky\" Acme Rocks said", &[("Smith", 0), ("Acme Rocks", 1)]),
            (
                "\"I love it,\" Hillary Clinton \"Yes\" Reuters reported",
                &[("Hillary Clinton", 0), ("Reuters", 1)],
            ),
            ("said Smith \"Great\" Britain", &[("Smith", 0), ("Britain", 2)]),
            ("Roberto \"Hands\" Duran-Smith won", &[("Roberto", 0), ("Smith", 0)]),
            (far.as_str(), &[("Smith", 0)]),
        ] {
            assert_eq!(joined(text, names), as_given(names), "{text}");
        }
    }

    #[test]
    fn a_machines_designation_and_name_are_one_name() {
        let machines = |text, names| after(text, names, designated_machines);
        assert_eq!(
            machines(
                "it flew the P-38 Lightning, 1944; F-102 Delta Dagger and B-25 Mitchell bombers; F-15E Strike Eagle",
                &[("Delta Dagger", 0), ("Mitchell", 0)]
            ),
            ["P-38 Lightning/3", "F-102 Delta Dagger/3", "B-25 Mitchell/3", "F-15E Strike Eagle/3"]
        );
        // Not a group of countries or a road, a code inside a word or after a digit, a name a
        // span runs past or starts inside, an organisation's, a rank's or an office's word, a
        // lower-case or upper-case word, a stopword or a month, nor a headline's line.
        for (text, names) in [
            ("the G-20 Summit met on I-95 South", &[][..]),
            ("the WXYZ-16 Falcon and 3F-16 Falcon and \u{15e}A-12 Falcon", &[]),
            ("the F-16 Fighting Falcon Aircraft Corp said", &[("Fighting Falcon Aircraft Corp", 1)]),
            ("The England U-21 Coach Gareth Southgate named", &[("England", 2), ("Gareth Southgate", 0)]),
            ("The F-35 Program Office said", &[]),
            ("F-16 jets, F-16 USA and F-16 The and the F-16 March", &[]),
        ] {
            assert_eq!(machines(text, names), as_given(names), "{text}");
        }
    }

    #[test]
    fn an_acronym_in_brackets_is_the_organisations() {
        let gazetteer = Gazetteer::load(&[]).unwrap();
        let acronyms =
            |text, names| after(text, names, |text, spans| acronyms_in_brackets(&gazetteer, text, spans));
        // The name the acronym spells, back over capitalised words; an acronym left out.
        assert_eq!(
            acronyms("The Very High Readiness Joint Task Force (VJTF) moved.", &[("Task Force", 1)]),
            ["Very High Readiness Joint Task Force/1", "VJTF/1"]
        );
        assert_eq!(
            acronyms(
                "the Multi-State Lottery Association ( MUSL ) , it",
                &[("Multi-State Lottery Association", 1)]
            ),
            ["Multi-State Lottery Association/1", "MUSL/1"]
        );
        // Not back past another span or over a lower-case word.
        assert_eq!(
            acronyms("Acme Rocks Task Force (ARTF) said", &[("Acme Rocks", 1), ("Task Force", 1)]),
            ["Acme Rocks/1", "Task Force/1", "ARTF/1"]
        );
        assert_eq!(
            acronyms("the Acme and Task Force (ATF) said", &[("Task Force", 1)]),
            ["Task Force/1", "ATF/1"]
        );
        // Not an acronym of two letters, an officer's or a currency's code, one the tables
        // know, one tagged already, or one the bracket does not close at.
        for (text, names) in [
            ("Intelligent Network (IN) products", &[("Intelligent Network", 1)][..]),
            ("Acme Corp (EUR) and Acme Corp (CEO)", &[("Acme Corp", 1), ("Acme Corp", 1)]),
            ("Acme Holdings (UK) said", &[("Acme Holdings", 1)]),
            ("Acme Holdings (AHL) said", &[("Acme Holdings", 1), ("AHL", 2)]),
            ("Acme Holdings (AHL is big) said", &[("Acme Holdings", 1)]),
        ] {
            assert_eq!(acronyms(text, names), as_given(names), "{text}");
        }
    }

    #[test]
    fn two_names_run_together_across_the_are_two() {
        let gazetteer = Gazetteer::load(&[]).unwrap();
        let split = |text, names| after(text, names, |text, spans| split_at_the(&gazetteer, text, spans));
        // The tables know the first name, or the document writes it alone.
        assert_eq!(
            split(
                "sources told Reuters the House of Representatives would",
                &[("Reuters the House of Representatives", 1)]
            ),
            ["Reuters/1", "House of Representatives/1"]
        );
        let deccan = [("Bandarlapalle", 2), ("Bandarlapalle the Deccan Plateau", 1)];
        let text = "Bandarlapalle is a village. From Bandarlapalle the Deccan Plateau ends";
        assert_eq!(split(text, &deccan), ["Bandarlapalle/2", "Bandarlapalle/1", "Deccan Plateau/1"]);
        // A name that holds "the": after a small word, before an epithet, a person's, one
        // whose first words are no name of their own.
        for (text, names) in [
            ("the Bank of the West said", &[("Bank of the West", 1)][..]),
            ("Jack the Ripper struck", &[("Jack the Ripper", 0)]),
            ("Catherine the Great of Russia", &[("Catherine the Great", 2)]),
            ("The Elect the Lords Campaign said", &[("Elect the Lords Campaign", 1)]),
        ] {
            assert_eq!(split(text, names), as_given(names), "{text}");
        }
    }

    #[test]
    fn a_schools_name_goes_on_after_of_or_for() {
        let text = "the Watson School of Biological Sciences and the Emil Touma Institute for Palestinian Studies; \
                    the Carnegie Institution of Washington";
        let names = [
            ("Watson School", 1),
            ("Biological Sciences", 1),
            ("Emil Touma Institute", 0),
            ("Palestinian Studies", 3),
            ("Carnegie Institution", 1),
            ("Washington", 2),
        ];
        assert_eq!(
            after(text, &names, |text, spans| join_bodies_of(text, spans)),
            [
                "Watson School of Biological Sciences/1",
                "Emil Touma Institute for Palestinian Studies/1",
                "Carnegie Institution of Washington/1"
            ]
        );
        // Not a club, a party or a company of a place, nor a body of a person, nor across
        // other words.
        for (text, names) in [
            ("the Victoria Hockey Club of Montreal", &[("Victoria Hockey Club", 1), ("Montreal", 2)][..]),
            ("the Liberal Party of Nova Scotia", &[("Liberal Party", 1), ("Nova Scotia", 2)]),
            ("the Acme Institute of John Smith", &[("Acme Institute", 1), ("John Smith", 0)]),
            ("the Acme Institute and one of Texas", &[("Acme Institute", 1), ("Texas", 2)]),
            ("He left Harvard University for Paris", &[("Harvard University", 1), ("Paris", 2)]),
        ] {
            assert_eq!(
                after(text, names, |text, spans| join_bodies_of(text, spans)),
                as_given(names),
                "{text}"
            );
        }
    }

    #[test]
    fn a_railway_named_for_two_places_is_one() {
        let text = "the Norfolk and Western Railway Co and the Pittsburgh and West Virginia Railroad; \
                    the Atchison, Topeka and Santa Fe Railway";
        let names = [
            ("Norfolk", 2),
            ("Western Railway Co", 1),
            ("Pittsburgh", 1),
            ("West Virginia Railroad", 1),
            ("Atchison", 2),
            ("Topeka", 2),
            ("Santa Fe Railway", 1),
        ];
        assert_eq!(
            after(text, &names, |text, spans| join_railways(text, spans)),
            [
                "Norfolk and Western Railway Co/1",
                "Pittsburgh and West Virginia Railroad/1",
                "Atchison, Topeka and Santa Fe Railway/1"
            ]
        );
        // Not a company before a railway, nor two names apart by more than "and", nor a railway
        // that is no railway's last word.
        for (text, names) in [
            ("Acme Corp and Union Pacific Railroad", &[("Acme Corp", 1), ("Union Pacific Railroad", 1)][..]),
            ("Norfolk, and Western Railway", &[("Norfolk", 2), ("Western Railway", 1)]),
            ("Norfolk and Railway Express Agency", &[("Norfolk", 2), ("Railway Express Agency", 1)]),
            ("CSX and Norfolk Southern Railway", &[("CSX", 1), ("Norfolk Southern Railway", 1)]),
        ] {
            assert_eq!(
                after(text, names, |text, spans| join_railways(text, spans)),
                as_given(names),
                "{text}"
            );
        }
    }

    #[test]
    fn a_road_by_its_number_is_a_place() {
        let roads = |text, names| after(text, names, |text, spans| numbered_roads(text, spans));
        assert_eq!(
            roads(
                "traffic on Interstate 95, Interstates 80 and 90, Highway A1 and According Route 9",
                &[("Interstate", 1), ("Interstates", 1), ("Highway", 1), ("According Route", 1)]
            ),
            ["Interstate 95/2", "Interstates 80/2", "Highway A1/2", "Route 9/2"]
        );
        // Not before a number of four digits or more, a code of letters, a number another span
        // holds or a title's capitalised word follows, nor a MISC span.
        assert_eq!(roads("north on Interstate 95 South", &[("Interstate", 1)]), ["Interstate 95/2"]);
        for (text, names) in [
            ("the Route 12345 sign and the Interstate 2021 Act", &[("Route", 1), ("Interstate", 1)][..]),
            ("the Route AB1 sign", &[("Route", 1)]),
            ("the Highway 9 Partners fund", &[("Highway", 1), ("9 Partners", 1)]),
            ("the Highway 2 Hell tour", &[("Highway", 1)]),
            ("The Highway 61 Revisited album", &[("Highway", 3)]),
        ] {
            assert_eq!(roads(text, names), as_given(names), "{text}");
        }
        assert_eq!(tidy("Barbara Patten stood on Route 1 in Lynnfield.", "Route 1", 2), ["Loc Route 1"]);
    }

    #[test]
    fn a_sovereigns_number_is_the_name_s() {
        let text = "Pope John Paul II met King Carlos I, and Frederick S. Moseley III, not Smith I think.";
        let names = [("John Paul", 0), ("Carlos", 0), ("Frederick S. Moseley", 0), ("Smith", 0)];
        assert_eq!(
            after(text, &names, |text, spans| regnal_numbers(text, spans)),
            ["John Paul II/0", "Carlos I/0", "Frederick S. Moseley III/0", "Smith/0"]
        );
        // Not into another span, nor after a numeral, nor the pronoun before its verb.
        let text = "by reserve number I II III IV";
        assert_eq!(
            after(text, &[("II III", 0), ("IV", 1)], |text, spans| regnal_numbers(text, spans)),
            ["II III/0", "IV/1"]
        );
        assert_eq!(after(text, &[("II III", 0)], |text, spans| regnal_numbers(text, spans)), ["II III/0"]);
        let text = "I told King Abdullah I would support him.";
        assert_eq!(
            after(text, &[("Abdullah", 0)], |text, spans| regnal_numbers(text, spans)),
            ["Abdullah/0"]
        );
        let text = "Henry VIII Ltd";
        assert_eq!(
            after(text, &[("Henry", 0), ("VIII Ltd", 1)], |text, spans| regnal_numbers(text, spans)),
            ["Henry/0", "VIII Ltd/1"]
        );
    }

    #[test]
    fn a_battle_named_by_its_place_is_the_event() {
        let text = "In the Battle of Britain, the 2nd Battle of Ypres and the Siege of Sarajevo.";
        assert_eq!(
            after(text, &[("Britain", 2), ("Ypres", 2), ("Sarajevo", 2)], |text, spans| {
                battles_of_places(text, spans)
            }),
            ["Battle of Britain/3", "2nd Battle of Ypres/3", "Siege of Sarajevo/3"]
        );
        let text = "the end of World War I, of World War Two and of the Gulf War II.";
        assert_eq!(
            after(text, &[("World War", 3), ("World War", 3), ("Gulf War", 3)], |text, spans| {
                battles_of_places(text, spans)
            }),
            ["World War I/3", "World War Two/3", "Gulf War II/3"]
        );
        // Not the pronoun after another war than the World War, nor a person's "War".
        for (text, names) in [
            ("During the Vietnam War I served", &[("Vietnam War", 3)][..]),
            ("Sam War II said", &[("Sam War", 0)]),
        ] {
            assert_eq!(after(text, names, |text, spans| battles_of_places(text, spans)), as_given(names));
        }
        // Not into a span before it, past one an earlier pass emptied.
        let text = "Soprano Kathleen \"Kathy\" Battle of Britain fame sang.";
        let at = |name: &str| text.find(name).unwrap();
        let person = ModelSpan { start: at("Kathleen"), end: at(" of"), kind: 0 };
        let emptied = ModelSpan { start: at("Kathy"), end: at("Kathy"), kind: 1 };
        let mut spans = vec![person, emptied, ModelSpan { start: at("Britain"), end: at(" fame"), kind: 2 }];
        battles_of_places(text, &mut spans);
        assert_eq!(rendered(text, spans), ["Kathleen \"Kathy\" Battle/0", "Britain/2"]);
        // Not a word that ends in "Battle", nor where another span holds the words before.
        let text = "the GunBattle of Ypres; Acme Battle of Ypres";
        let kept = after(text, &[("Ypres", 2), ("Acme Battle", 1), ("Ypres", 2)], |text, spans| {
            battles_of_places(text, spans)
        });
        assert_eq!(kept, ["Ypres/2", "Acme Battle/1", "Ypres/2"]);
    }

    #[test]
    fn a_nationalitys_body_is_an_organisation() {
        let gazetteer = Gazetteer::load(&[]).unwrap();
        let kinds = |text, names| after(text, names, |text, spans| national_bodies(&gazetteer, text, spans));
        assert_eq!(
            kinds(
                "the Brazilian Association of Citrus Juice Industries said; Argentine Army Chief; \
                 The Bulgarian Academy of Sciences",
                &[
                    ("Brazilian Association of Citrus Juice Industries", 3),
                    ("Argentine Army", 3),
                    ("Bulgarian Academy of Sciences", 3)
                ]
            ),
            [
                "Brazilian Association of Citrus Juice Industries/1",
                "Argentine Army/1",
                "Bulgarian Academy of Sciences/1"
            ]
        );
        // Not a league, a span the model began inside a name or ran on past one, nor a
        // nationality's other things.
        assert_eq!(
            kinds(
                "the American League title; Pan American World Airways; if the European Community's \
                 Council of Ministers approves; a British Airways flight; Russian Davis Cup team",
                &[
                    ("American League", 3),
                    ("American World Airways", 3),
                    ("European Community's Council of Ministers approves", 3),
                    ("Russian Davis Cup", 3)
                ]
            ),
            [
                "American League/3",
                "American World Airways/3",
                "European Community's Council of Ministers approves/3",
                "Russian Davis Cup/3"
            ]
        );
    }

    #[test]
    fn a_nationalitys_empire_or_republic_is_a_place() {
        let gazetteer = Gazetteer::load(&[]).unwrap();
        let kinds =
            |text, names| after(text, names, |text, spans| empires_are_places(&gazetteer, text, spans));
        assert_eq!(
            kinds(
                "across the former Russian Empire and the Ottoman Empire, by the Portuguese Republic",
                &[("Russian Empire", 3), ("Ottoman Empire", 3), ("Portuguese Republic", 3)]
            ),
            ["Russian Empire/2", "Ottoman Empire/2", "Portuguese Republic/2"]
        );
        // Not another word's empire, nor a span of another type.
        assert_eq!(
            kinds("the Galactic Empire and the Trump Empire", &[("Galactic Empire", 3), ("Trump Empire", 1)]),
            ["Galactic Empire/3", "Trump Empire/1"]
        );
    }

    /// A league "of" something is an organisation, and so is a body's kind word alone after
    /// "the" when an organisation of the text has it; not a word the model split from its name.
    #[test]
    fn leagues_of_and_bodies_named_short() {
        let kinds = |text, names| {
            after(text, names, |text, spans| {
                organisations_by_their_words(text, spans);
                bodies_named_short(text, spans);
            })
        };
        assert_eq!(
            kinds(
                "The Australian League of Rights is a party. The League was formed by the League's founder.",
                &[("Australian League of Rights", 3), ("The League", 3), ("League", 3)]
            ),
            ["Australian League of Rights/1", "The League/1", "League/1"]
        );
        assert_eq!(
            kinds("the New Zealand League of Rights", &[("New Zealand League of Rights", 2)]),
            ["New Zealand League of Rights/1"]
        );
        // The sentence's "The" then goes ([`sentence_the`]).
        has(
            tidy_all(
                "The Australian League of Rights is a party. The League was formed.",
                &[("Australian League of Rights", 3), ("The League", 3)],
            ),
            "Org League",
        );
        // A league "for" something, or named for its sport, is a body; not as the title of a
        // results table, alone on its line, nor an event of its name.
        assert_eq!(
            kinds(
                "members of the National League for Democracy and of Major League Baseball",
                &[("National League for Democracy", 3), ("Major League Baseball", 3)]
            ),
            ["National League for Democracy/1", "Major League Baseball/1"]
        );
        let table = [("Major League Baseball", 3), ("Major League Baseball Draft", 3)];
        assert_eq!(kinds("Major League Baseball\nthe Major League Baseball Draft", &table), as_given(&table));
        // Baseball's league stays MISC, and so does a word after a word of its own name.
        assert_eq!(
            kinds(
                "won the American League pennant, the League said",
                &[("American League", 3), ("League", 3)]
            ),
            ["American League/3", "League/3"]
        );
        assert_eq!(
            kinds(
                "the Bank of England Office said. Home Office figures",
                &[("Bank of England Office", 1), ("Office", 3)]
            ),
            ["Bank of England Office/1", "Office/3"]
        );
    }

    /// A name after a capital "The" inside a sentence takes it in; not a sentence's, a line's or
    /// a quotation's opening "The", a person's, or a nationality that opens a longer name.
    #[test]
    fn a_capital_the_inside_a_sentence_is_the_names() {
        let org = |text: &str, name: &str| tidy(text, name, 1);
        assert_eq!(org("he is the drummer of The Zutons.", "Zutons"), ["Org The Zutons"]);
        assert_eq!(
            org("a division of The Disabilities Trust, which", "Disabilities Trust"),
            ["Org The Disabilities Trust"]
        );
        assert_eq!(org("Pawn Shop / The Forge / Club BED", "Forge"), ["Org The Forge"]);
        assert_eq!(tidy("the court in The Hague ruled", "Hague", 2), ["Gpe The Hague"]);
        // Where "The" opens a sentence, a line or a quotation, or is part of a word, it is not.
        assert_eq!(org("The Zutons played.", "Zutons"), ["Org Zutons"]);
        assert_eq!(org("It rose. The Zutons played.", "Zutons"), ["Org Zutons"]);
        assert_eq!(org("rose\nThe Zutons played.", "Zutons"), ["Org Zutons"]);
        assert_eq!(org("he said: \"The Zutons played.", "Zutons"), ["Org Zutons"]);
        assert_eq!(org("he said \u{201C}The Zutons played.", "Zutons"), ["Org Zutons"]);
        // A title in quotes takes it, in straight or curly quotes, a mark before the closing
        // quote or not.
        fn misc<'a>(text: &'a str, name: &str) -> Vec<&'a str> {
            let start = text.rfind(name).unwrap();
            let mut spans = vec![ModelSpan { start, end: start + name.len(), kind: 3 }];
            let gazetteer = Gazetteer::load(&[]).unwrap();
            combine(&gazetteer, text, &mut spans, &mut Vec::new(), &mut Vec::new(), |_| false);
            spans.iter().map(|s| &text[s.start..s.end]).collect()
        }
        assert_eq!(misc("his novels \"The Collapse\" (1964)", "Collapse"), ["The Collapse"]);
        assert_eq!(misc("followed by \"The Knot,\" a play", "Knot"), ["The Knot"]);
        assert_eq!(misc("the film \u{201C}The Kill\u{201D}.", "Kill"), ["The Kill"]);
        assert_eq!(misc("he said \"The Kill is near", "Kill"), ["Kill"]);
        assert_eq!(org("they said sayThe Zutons", "Zutons"), ["Org Zutons"]);
        // Not a person's name.
        assert_eq!(tidy("wrestler Dwayne The Rock Johnson", "Rock Johnson", 0), ["Person Rock Johnson"]);
        // A nationality that ends the name is a newspaper's; one before more capitalised words
        // is left as the model had it.
        assert_eq!(tidy("quoted by The Australian newspaper", "Australian", 3), ["Org The Australian"]);
        assert_eq!(tidy("sold to The Australian Gas Light Co", "Australian", 3), ["Norp Australian"]);
        assert_eq!(tidy("a dig at The Australian, and", "Australian", 3), ["Org The Australian"]);
        assert_eq!(tidy("reports said The French government", "French", 3), ["Norp French"]);
        // Not right after another name (a dateline run into its text).
        let spans =
            vec![ModelSpan { start: 10, end: 15, kind: 2 }, ModelSpan { start: 20, end: 26, kind: 3 }];
        assert_eq!(combined("KATMANDU, Nepal The Nepali capital", spans), ["Gpe Nepal", "Norp Nepali"]);
        assert_eq!(org("KATMANDU, Nepal The Zutons played", "Zutons"), ["Gpe Nepal", "Org Zutons"]);
        assert_eq!(org("At The Oval yesterday", "Oval"), ["Org The Oval"]);
        // The model's own "The" opening a sentence before an organisation's kind is the
        // sentence's; not a newspaper's, a title's in quotes or a name of no such kind.
        assert_eq!(
            org("The Commerce Department said.", "The Commerce Department"),
            ["Org Commerce Department"]
        );
        assert_eq!(
            org("Rates rose. The University of Michigan's index", "The University of Michigan"),
            ["Org University of Michigan"]
        );
        assert_eq!(
            org("The Sunday Telegraph quoted him.", "The Sunday Telegraph"),
            ["Org The Sunday Telegraph"]
        );
        assert_eq!(org("he said \"The League is", "The League"), ["Org The League"]);
        assert_eq!(org("The Zutons played.", "The Zutons"), ["Org The Zutons"]);
    }

    /// A person after lower-case particles opens with them, and with the name before them.
    #[test]
    fn a_surname_keeps_its_particles() {
        let person = |text: &str, name: &str| tidy(text, name, 0);
        assert_eq!(person("Officials said bin Laden had fled.", "Laden"), ["Person bin Laden"]);
        assert_eq!(person("Officials blamed Osama bin Laden.", "Laden"), ["Person Osama bin Laden"]);
        assert_eq!(
            person("Economy Minister Barend du Plessis said.", "Plessis"),
            ["Person Barend du Plessis"]
        );
        assert_eq!(person("said Cor van der Klugt, the chairman.", "Klugt"), ["Person Cor van der Klugt"]);
        assert_eq!(
            person("under Miguel de la Madrid, prices rose", "Madrid"),
            ["Person Miguel de la Madrid"]
        );
        // Not a title, a stopword, a date, a verb's form or an adverb before the particles;
        // not an article alone.
        assert_eq!(person("Osama bin Laden was blamed.", "Laden"), ["Person Osama bin Laden"]);
        assert_eq!(person("Meanwhile bin Laden was blamed.", "Laden"), ["Person bin Laden"]);
        assert_eq!(person("Capturing bin Laden remains the goal.", "Laden"), ["Person bin Laden"]);
        assert_eq!(person("Pakistan Says bin Laden Alive", "Laden"), ["Gpe Pakistan", "Person bin Laden"]);
        assert_eq!(person("President de Klerk said.", "Klerk"), ["Person de Klerk"]);
        assert_eq!(person("On Tuesday de Klerk said.", "Klerk"), ["Person de Klerk"]);
        assert_eq!(person("In bin Laden's words", "Laden"), ["Person bin Laden"]);
        assert_eq!(person("the la Smith affair", "Smith"), ["Person Smith"]);
        // A person span before them is joined, unless it is titled.
        let spans = |text: &str, names: &[&str]| {
            let spans = names
                .iter()
                .map(|n| {
                    let start = text.find(n).unwrap();
                    ModelSpan { start, end: start + n.len(), kind: 0 }
                })
                .collect();
            combined(text, spans)
        };
        assert_eq!(spans("Leonardo da Vinci painted", &["Leonardo", "Vinci"]), ["Person Leonardo da Vinci"]);
        assert_eq!(
            spans("Prince Abdullah bin Abdul Aziz met him", &["Prince Abdullah", "Abdul Aziz"]),
            ["Person Prince Abdullah", "Person Abdul Aziz"]
        );
    }

    #[test]
    fn the_name_before_a_one_word_span() {
        fn check<'a>(text: &'a str, word: &str) -> Option<&'a str> {
            name_before(text, text.rfind(word).unwrap()).map(|i| &text[i..])
        }
        assert_eq!(check("shares of General Motors", "Motors"), Some("General Motors"));
        assert_eq!(
            check("the Attorney General's Office said", "Office"),
            Some("Attorney General's Office said")
        );
        assert_eq!(check("<General Partners>", "Partners"), Some("General Partners>"));
        assert_eq!(check("The Finance Bill", "Bill"), Some("Finance Bill"));
        // Not over a stopword, a sentence end, lower case or a second space.
        assert_eq!(check("The Motors", "Motors"), None);
        assert_eq!(check("it fell. Motors", "Motors"), None);
        assert_eq!(check("the general Motors", "Motors"), None);
        assert_eq!(check("General  Motors", "Motors"), None);
        assert_eq!(check("Motors", "Motors"), None);
        // A title or honorific before it makes a person.
        assert_eq!(check("Mr Mills said", "Mills"), None);
        assert_eq!(check("Ghana's President Mills", "Mills"), None);
        assert_eq!(check("Lord Steel", "Steel"), None);
        assert_eq!(
            check("the Trade Representative's Office", "Office"),
            Some("Trade Representative's Office")
        );
        // A space that is not ASCII is no word boundary to slice at.
        assert_eq!(check("as\u{a0}President Bush met", "Bush"), None);
        assert_eq!(check("the\u{2009}General Motors", "Motors"), Some("General Motors"));
    }

    #[test]
    fn prize_categories_are_no_names() {
        for category in ["Best Urban Act", "Best Actress for Million Dollar Baby", "Best Rock Video"] {
            assert!(is_award_category(category), "{category}");
        }
        for name in ["Best Buy", "Best Products Co Inc", "Best", "Bestfoods Inc", "Best Friend"] {
            assert!(!is_award_category(name), "{name}");
        }
        let found = tidy_all("She won Best Urban Act at the Brit Awards.", &[("Best Urban Act", 1)]);
        assert!(!found.iter().any(|c| c.contains("Best")), "{found:?}");
    }

    #[test]
    fn a_company_ending_a_persons_span_makes_it_a_company() {
        assert_eq!(
            tidy_all("Shares of Sybari Software rose.", &[("Sybari Software", 0)]),
            ["Org Sybari Software"]
        );
        assert_eq!(tidy_all("Margaret Court won.", &[("Margaret Court", 0)]), ["Person Margaret Court"]);
    }

    #[test]
    fn a_codenamed_name_is_a_products() {
        assert!(tidy_all("The console, codenamed Xenon, is due in May.", &[("Xenon", 0)]).is_empty());
        // "Dubbed" names people and places too.
        assert_eq!(tidy_all("The tabloids dubbed Beckham a hero.", &[("Beckham", 0)]), ["Person Beckham"]);
        // A work's title hides the names inside it.
        assert!(tidy_all("The sitcom Little Britain won.", &[("Little Britain", 1)]).is_empty());
    }

    #[test]
    fn a_prize_category_keeps_a_person_after_it() {
        assert!(tidy_all("Best Urban Act went to Joss Stone.", &[("Best Urban Act", 1)]).is_empty());
        let both = tidy_all("Best Actress Jane Smith posed.", &[("Best Actress Jane Smith", 1)]);
        assert!(!both.is_empty(), "{both:?}");
    }

    #[test]
    fn founded_or_formed_is_an_organisations() {
        let after = |text: &str, name: &str| founded_after(text, text.find(name).unwrap() + name.len());
        assert!(after("Caloi was founded in 1898 by Luigi Caloi.", "Caloi"));
        assert!(after("Deadsy were formed by Elijah Blue.", "Deadsy"));
        assert!(after("Acme was originally founded as a mill.", "Acme"));
        assert!(!after("Smith was founder of the firm.", "Smith"));
        assert!(!after("Smith was formed up with the troops", "Smith"));
        assert!(!after("Smith founded Acme in 1990.", "Smith"));
        // The end of a longer subject is no organisation ("a trust in memory of …").
        let found = tidy_all(
            "A trust in memory of Stephen Lawrence was founded in 1998.",
            &[("Stephen Lawrence", 0)],
        );
        assert_eq!(found, ["Person Stephen Lawrence"]);
        // Nor a person after an organisation's noun.
        let found = tidy_all("The newspaper John Smith bought in 1981 grew.", &[("John Smith", 0)]);
        assert_eq!(found, ["Person John Smith"]);
    }
}
