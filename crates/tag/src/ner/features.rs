//! The model's features, shared by training and tagging so both compute exactly the same keys.
//!
//! Word features depend on one word (and whether its sentence is an all-caps headline) and on
//! its offset from the tagged token (-2..=2): the word itself, lower case, shape, prefixes and
//! suffixes, word-cluster paths, and membership of the tag crate's word lists. Because they
//! depend on nothing else, the tagger sums their weights once per distinct word and caches the
//! sums. Context features depend on the position: the two previous predicted tags, word
//! classes around the token, sentence position, headline, gazetteer matches, how the same word
//! was labelled earlier in the document, and the run of capitalised words the token is part of
//! ([`name_runs`]: its length, the token's place in it, its first and last words and the words
//! just outside it, which say much about a name's type and extent in any kind of text); for
//! the second pass, also what the first pass said about the token and its word ([`FirstPass`]). Every feature is a 64-bit hash of its
//! template and value; word features have the top bit clear, context features set.

use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::lexicon::{ORG_WORDS, PARTICLES, ROLE_WORDS, STOPWORDS, TITLES};
use crate::text::{WordMap, WordSet};

/// O, then B- and I- for PER, ORG, LOC, MISC (IOB2).
pub const TAGS: [&str; NUM_TAGS] =
    ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"];
pub const NUM_TAGS: usize = 9;
/// The previous-tag value before the first token of a sentence.
pub(crate) const START: u8 = NUM_TAGS as u8;

/// The entity type of a tag (0 PER, 1 ORG, 2 LOC, 3 MISC), `None` for O.
pub(crate) fn tag_type(tag: u8) -> Option<u8> {
    (tag != 0 && tag < START).then(|| (tag - 1) / 2)
}

pub(crate) fn is_inside(tag: u8) -> bool {
    tag != 0 && tag < START && tag.is_multiple_of(2)
}

/// Whether `tag` may follow `prev` (I-X only after B-X or I-X).
pub(crate) fn allowed(prev: u8, tag: u8) -> bool {
    !is_inside(tag) || tag_type(prev) == tag_type(tag)
}

const TOP: u64 = 1 << 63;
/// The pseudo-words before the first and after the last token of a sentence.
pub(crate) const BOS: &str = "<s>";
pub(crate) const EOS: &str = "</s>";

/// Combine a hash with a small tag. (Not xxh3's seed: for inputs of 1-3 bytes, seeds that
/// differ by little give colliding hashes for different inputs.) For a given tag it is
/// one-to-one (splitmix64's finaliser: each step can be undone), which the tagger's caches of
/// context sums rely on.
pub(crate) fn mix(hash: u64, tag: u64) -> u64 {
    let mut z = hash ^ tag.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn word_key(template: u8, offset: i8, value: &[u8]) -> u64 {
    word_key_of_hash(xxh3_64_with_seed(value, 0), template, offset)
}

/// [`word_key`] of a value already hashed.
fn word_key_of_hash(hash: u64, template: u8, offset: i8) -> u64 {
    mix(hash, (template as u64) << 8 | (offset + 2) as u64) & !TOP
}

fn context_key(template: u8, value: &[u8]) -> u64 {
    mix(xxh3_64_with_seed(value, 0), 0x1_0000 | template as u64) | TOP
}

/// Append `word` lower-cased (Unicode's rules) to `out`; ASCII words, nearly all of them, by a
/// copy and a byte-wise lower-casing instead of a character at a time.
pub(crate) fn push_lower(out: &mut String, word: &str) {
    if word.is_ascii() {
        let start = out.len();
        out.push_str(word);
        out[start..].make_ascii_lowercase();
    } else {
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
}

pub(crate) fn is_context_key(key: u64) -> bool {
    key & TOP != 0
}

/// Word lists and clusters the features consult: looked up for every new word, so they hash
/// with the crate's fast word hasher, not SipHash (they are never iterated).
pub(crate) struct Lexicon {
    given: WordSet<&'static str>,
    lists: [WordSet<&'static str>; 5],
    /// Lower-cased word → cluster bit path ("0110…").
    clusters: WordMap<&'static str>,
    /// Capitalised word → which name lists (GeoNames, WNUT-2017) it is in, whole or in part.
    names: WordMap<u16>,
}

const GIVEN_NAMES: &str = include_str!("../../data/given_names.txt");
pub(crate) const CLUSTERS: &str = include_str!("../../model/clusters.tsv");
pub(crate) const NAMES: &str = include_str!("../../model/names.tsv");
impl Lexicon {
    pub fn new() -> Lexicon {
        let set = |words: &[&'static str]| words.iter().copied().collect::<WordSet<_>>();
        let given =
            GIVEN_NAMES.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
        let clusters =
            CLUSTERS.lines().filter(|l| !l.starts_with('#')).filter_map(|l| l.split_once('\t')).collect();
        let names = NAMES
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .filter_map(|(w, mask)| Some((w, mask.parse().ok()?)))
            .collect();
        Lexicon {
            names,
            given,
            lists: [
                set(TITLES),
                set(ORG_WORDS),
                set(ROLE_WORDS),
                set(STOPWORDS),
                crate::dates::WEEKDAYS.iter().chain(&crate::dates::MONTHS).copied().collect(),
            ],
            clusters,
        }
    }
    /// Whether `word` is a given name.
    pub(crate) fn is_given(&self, word: &str) -> bool {
        self.given.contains(word)
    }

    /// Whether `word` is a title or a role word.
    pub(crate) fn is_title_or_role(&self, word: &str) -> bool {
        self.lists[0].contains(word) || self.lists[2].contains(word)
    }

    /// Whether `word` is an organisation word.
    pub(crate) fn is_org_word(&self, word: &str) -> bool {
        self.lists[1].contains(word)
    }

    /// The cluster path of `word`: as written, else in title case (headlines), else lower case.
    fn cluster(&self, word: &str, lower: &str) -> Option<&'static str> {
        if let Some(path) = self.clusters.get(word) {
            return Some(path);
        }
        let mut chars = lower.chars();
        let title: String = chars.next().into_iter().flat_map(char::to_uppercase).chain(chars).collect();
        self.clusters.get(title.as_str()).or_else(|| self.clusters.get(lower)).copied()
    }

    /// The word class [`name_runs`] sees: a title ("Mr.", "President") is no part of a name,
    /// so it counts as a lower-case word there.
    pub(crate) fn run_class(&self, word: &str) -> u8 {
        if self.lists[0].contains(word.trim_end_matches('.')) { 2 } else { word_class(word) }
    }

    /// The name-list mask of `word`: as written, else in title case (headlines).
    fn names(&self, word: &str, lower: &str) -> u16 {
        if let Some(&mask) = self.names.get(word) {
            return mask;
        }
        if !word.chars().any(char::is_lowercase) && word.chars().count() > 1 {
            let mut chars = lower.chars();
            let title: String = chars.next().into_iter().flat_map(char::to_uppercase).chain(chars).collect();
            return self.names.get(title.as_str()).copied().unwrap_or(0);
        }
        0
    }

    fn particle(word: &str) -> bool {
        PARTICLES.contains(&word)
    }
}

/// A coarse class of a word's spelling.
pub(crate) fn word_class(word: &str) -> u8 {
    let (mut upper, mut lower, mut digit, mut other, mut letters) = (0, 0, 0, 0, 0);
    for c in word.chars() {
        if c.is_uppercase() {
            upper += 1;
            letters += 1;
        } else if c.is_lowercase() {
            lower += 1;
            letters += 1;
        } else if c.is_ascii_digit() {
            digit += 1;
        } else if c.is_alphabetic() {
            letters += 1;
        } else {
            other += 1;
        }
    }
    let first_upper = word.chars().next().is_some_and(char::is_uppercase);
    match () {
        _ if letters == 0 && digit == 0 => 0,
        _ if letters == 0 => 1,
        _ if digit > 0 => 7,
        _ if upper == 0 && lower == 0 => 9,
        _ if upper == 0 => 2,
        _ if lower == 0 && other > 0 => 8,
        _ if lower == 0 && upper == 1 => 5,
        _ if lower == 0 => 4,
        _ if first_upper && upper == 1 => 3,
        _ => 6,
    }
}

/// Whether a word of class `class` ([`word_class`]) may open a name. Punctuation and
/// lower-case words do not, except the particles that open surnames ("de Klerk", "van Gogh");
/// the model gave a name tag to about one in 23,000 of them in news text, nearly always
/// wrongly ("venezuela" as a person, "—"), so decoding gives them O without scoring them.
pub(crate) fn may_open_name(word: &str, class: u8) -> bool {
    !matches!(class, 0 | 2) || Lexicon::particle(word) && !matches!(word, "of" | "for")
}

/// Whether words of class `class` ([`word_class`]) have a capital letter.
pub(crate) fn is_cased(class: u8) -> bool {
    matches!(class, 3..=6 | 8)
}

/// Whether a sentence is written in capitals (a headline or a dateline line).
pub(crate) fn is_headline<'a>(words: impl Iterator<Item = &'a str>) -> bool {
    let mut caps_words = 0;
    for word in words {
        if word.chars().any(char::is_lowercase) {
            return false;
        }
        if word.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
            caps_words += 1;
        }
    }
    caps_words > 0
}

/// Templates of word features.
mod t {
    pub const WORD: u8 = 1;
    pub const LOWER: u8 = 2;
    pub const SHAPE: u8 = 3;
    pub const LONG_SHAPE: u8 = 4;
    pub const PREFIX: u8 = 5; // + length 1..=4
    pub const SUFFIX: u8 = 10; // + length 1..=4
    pub const LIST: u8 = 15; // + list index
    pub const GIVEN: u8 = 21;
    pub const PARTICLE: u8 = 22;
    pub const CLUSTER: u8 = 23; // + prefix length index
    pub const HEAD_LOWER: u8 = 30;
    pub const HEAD_SHAPE: u8 = 31;
    pub const CLASS: u8 = 32;
    pub const NGRAM: u8 = 33;
    pub const NAMES: u8 = 34;
}

const CLUSTER_PREFIXES: [usize; 4] = [4, 8, 12, 16];

/// Where a word feature applies, by the word's offset from the tagged token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reach {
    /// At every offset (-2..=2).
    All,
    /// On the tagged token and next to it (-1..=1).
    Near,
    /// Next to the tagged token only (-1, 1).
    Beside,
    /// On the tagged token only.
    Own,
}

/// One word feature of a word before the offset it is seen at is known: its key at an offset
/// is its value's hash mixed with the template and the offset, so the value is hashed once for
/// all five offsets.
#[derive(Clone, Copy, Debug)]
pub(crate) struct WordFeature {
    hash: u64,
    template: u8,
    reach: Reach,
    /// The offset the key is made with when it is not the word's own (character n-grams put
    /// their length there).
    fixed: Option<i8>,
}

impl WordFeature {
    fn new(template: u8, reach: Reach, value: &[u8]) -> WordFeature {
        WordFeature { hash: xxh3_64_with_seed(value, 0), template, reach, fixed: None }
    }

    fn applies(&self, offset: i8) -> bool {
        match self.reach {
            Reach::All => true,
            Reach::Near => offset.abs() <= 1,
            Reach::Beside => offset.abs() == 1,
            Reach::Own => offset == 0,
        }
    }

    /// The feature's key if it applies at `offset`.
    pub(crate) fn key(&self, offset: i8) -> Option<u64> {
        let at = self.fixed.unwrap_or(offset);
        self.applies(offset).then(|| word_key_of_hash(self.hash, self.template, at))
    }
}

/// The word features of `word` at every offset ([`WordFeature::key`] gives the keys at one);
/// with `own`, also those it has only as the tagged token itself (character n-grams, affixes,
/// long shape: most of a word's features).
pub(crate) fn word_feature_values(
    lex: &Lexicon,
    word: &str,
    headline: bool,
    own: bool,
    scratch: &mut String,
    out: &mut Vec<WordFeature>,
) {
    out.clear();
    let mut push =
        |template: u8, reach: Reach, value: &[u8]| out.push(WordFeature::new(template, reach, value));
    scratch.clear();
    push_lower(scratch, word);
    let lower = scratch.as_str();
    push(t::LOWER, Reach::All, lower.as_bytes());
    let mut shape = [0u8; 12];
    let mut len = 0;
    let mut long = [0u8; 12];
    let mut long_len = 0;
    for c in word.chars() {
        let s = if c.is_uppercase() {
            b'X'
        } else if c.is_lowercase() {
            b'x'
        } else if c.is_ascii_digit() {
            b'd'
        } else if c.is_alphabetic() {
            b'a'
        } else if c.is_ascii() {
            c as u8
        } else {
            b'?'
        };
        if long_len < long.len() {
            long[long_len] = s;
            long_len += 1;
        }
        if (len == 0 || shape[len - 1] != s) && len < shape.len() {
            shape[len] = s;
            len += 1;
        }
    }
    push(t::SHAPE, Reach::All, &shape[..len]);
    let class = word_class(word);
    push(t::CLASS, Reach::All, &[class]);
    if headline {
        push(t::HEAD_LOWER, Reach::All, lower.as_bytes());
        push(t::HEAD_SHAPE, Reach::All, &shape[..len]);
    }
    for (i, list) in lex.lists.iter().enumerate() {
        if list.contains(word) {
            push(t::LIST + i as u8, Reach::All, b"");
        }
    }
    if lex.given.contains(word) || word.split_once('-').is_some_and(|(first, _)| lex.given.contains(first)) {
        push(t::GIVEN, Reach::All, b"");
    }
    let mask = lex.names(word, lower);
    for bit in (0..16u8).filter(|b| mask & (1 << b) != 0) {
        push(t::NAMES, Reach::Near, &[bit]);
    }
    if Lexicon::particle(word) {
        push(t::PARTICLE, Reach::All, b"");
    }
    if let Some(path) = lex.cluster(word, lower) {
        for (i, &n) in CLUSTER_PREFIXES.iter().enumerate() {
            let reach = if i == 1 { Reach::All } else { Reach::Near };
            push(t::CLUSTER + i as u8, reach, path.as_bytes().get(..n).unwrap_or(path.as_bytes()));
            if path.len() <= n {
                break;
            }
        }
    }
    push(t::WORD, Reach::Near, word.as_bytes());
    let tail = lower.char_indices().rev().nth(2).map_or(0, |(i, _)| i);
    push(t::SUFFIX, Reach::Beside, &lower.as_bytes()[tail..]);
    if !own {
        return;
    }
    // Character n-grams (2 to 5) of the word with boundary marks, as Stanford's tagger uses.
    let mut marked = [0u8; 66];
    if word.len() <= 64 {
        marked[0] = b'<';
        marked[1..=word.len()].copy_from_slice(word.as_bytes());
        marked[word.len() + 1] = b'>';
        let marked = &marked[..word.len() + 2];
        // Every n-gram of an ASCII word is whole characters; others skip those that split one.
        let ascii = word.is_ascii();
        for n in 2..=5usize {
            for start in 0..marked.len().saturating_sub(n - 1) {
                let gram = &marked[start..start + n];
                if ascii || std::str::from_utf8(gram).is_ok() {
                    let fixed = Some(n as i8 - 2);
                    out.push(WordFeature { fixed, ..WordFeature::new(t::NGRAM, Reach::Own, gram) });
                }
            }
        }
    }
    let mut push = |template: u8, value: &[u8]| out.push(WordFeature::new(template, Reach::Own, value));
    push(t::LONG_SHAPE, &long[..long_len]);
    let mut ends = [0usize; 5];
    let mut n = 0;
    for (i, c) in word.char_indices() {
        if n >= 4 {
            break;
        }
        ends[n] = i + c.len_utf8();
        n += 1;
    }
    for (k, &end) in ends[..n].iter().enumerate() {
        if end < word.len() || k == 0 {
            push(t::PREFIX + k as u8 + 1, &word.as_bytes()[..end]);
        }
    }
    let mut starts = [0usize; 4];
    let mut m = 0;
    for (i, _) in lower.char_indices().rev() {
        if m >= 4 {
            break;
        }
        starts[m] = i;
        m += 1;
    }
    for (k, &start) in starts[..m].iter().enumerate() {
        if start > 0 || k == 0 {
            push(t::SUFFIX + k as u8 + 1, &lower.as_bytes()[start..]);
        }
    }
}

/// The word features of `word` seen at `offset` from the tagged token, as keys (`values` is
/// scratch space).
pub(crate) fn word_features(
    lex: &Lexicon,
    word: &str,
    headline: bool,
    offset: i8,
    scratch: &mut String,
    values: &mut Vec<WordFeature>,
    out: &mut Vec<u64>,
) {
    word_feature_values(lex, word, headline, offset == 0, scratch, values);
    out.extend(values.iter().filter_map(|f| f.key(offset)));
}

/// Which droppable group a word feature of `word` at `offset` belongs to, for feature dropout
/// in training: 1 the word's identity (as written or lower case), 2 name-list membership
/// (given names, GeoNames and WNUT-2017 lists), 0 anything else (shape, affixes, clusters).
pub(crate) struct FeatureGroups {
    identity: [u64; 2],
    lists: Vec<u64>,
}

impl FeatureGroups {
    pub fn new(word: &str, offset: i8) -> FeatureGroups {
        let lower: String = word.chars().flat_map(char::to_lowercase).collect();
        let mut lists = vec![word_key(t::GIVEN, offset, b"")];
        lists.extend((0..16u8).map(|bit| word_key(t::NAMES, offset, &[bit])));
        FeatureGroups {
            identity: [
                word_key(t::WORD, offset, word.as_bytes()),
                word_key(t::LOWER, offset, lower.as_bytes()),
            ],
            lists,
        }
    }

    pub fn group(&self, key: u64) -> u8 {
        if self.identity.contains(&key) {
            1
        } else if self.lists.contains(&key) {
            2
        } else {
            0
        }
    }
}

/// What the context features of one position look at.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Context {
    pub prev: u8,
    pub prev2: u8,
    /// Word classes of the previous, current and next word (10 = none).
    pub class: [u8; 3],
    pub first: bool,
    pub headline: bool,
    /// Gazetteer codes of the previous, current and next token.
    pub gaz: [u8; 3],
    /// How the same word was labelled earlier in the document: 0 never, 1 + entity type.
    pub history: u8,
    /// What the other occurrences of the word in the document look like ([`document_flags`]).
    pub elsewhere: u8,
    /// Hashes of the lower-cased previous, current and next word (0 past the sentence).
    pub lower: [u64; 3],
    /// The run of capitalised words the token is part of ([`name_runs`]).
    pub run: Run,
}

/// A run of capitalised words, possibly joined by connecting words ("Bank of America",
/// "Church of the Holy Sepulchre"): a likely name, whose last word says most about its type
/// ("… Records", "… University", "… Festival") and whose first word about where it starts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Run {
    /// 0 outside a run; else the run's length (up to 4) << 3 | the token's place in it
    /// (1 alone, 2 first, 3 inside, 4 last).
    pub code: u8,
    /// Lower-case hashes ([`lower_hash`]) of the run's last and first words, and of the words
    /// just before and after it (0 past the sentence).
    pub head: u64,
    pub first: u64,
    pub before: u64,
    pub after: u64,
}

/// Words that may join capitalised words into one name.
const CONNECTORS: [&str; 12] = ["of", "the", "and", "de", "for", "&", "du", "del", "la", "von", "van", "der"];

fn connector_hashes() -> &'static [u64; CONNECTORS.len()] {
    static HASHES: std::sync::OnceLock<[u64; CONNECTORS.len()]> = std::sync::OnceLock::new();
    HASHES.get_or_init(|| CONNECTORS.map(lower_hash))
}

/// The [`Run`] of each token of a sentence, from its words' classes ([`Lexicon::run_class`])
/// and lower-case hashes. A run starts at a capitalised word and takes in the capitalised words
/// after it, and up to two connecting words when a capitalised word follows them.
pub(crate) fn name_runs(class: &[u8], lower: &[u64], out: &mut Vec<Run>) {
    let n = class.len();
    out.clear();
    out.resize(n, Run::default());
    let connectors = connector_hashes();
    let capital = |c: u8| matches!(c, 3..=6 | 8);
    let mut i = 0;
    while i < n {
        if !capital(class[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        loop {
            if end < n && capital(class[end]) {
                end += 1;
                continue;
            }
            let mut k = end;
            while k < n && k < end + 2 && connectors.contains(&lower[k]) {
                k += 1;
            }
            if k > end && k < n && capital(class[k]) {
                end = k + 1;
                continue;
            }
            break;
        }
        let len = end - start;
        for (k, run) in out[start..end].iter_mut().enumerate() {
            let place = match () {
                _ if len == 1 => 1,
                _ if k == 0 => 2,
                _ if k == len - 1 => 4,
                _ => 3,
            };
            *run = Run {
                code: (len.min(4) as u8) << 3 | place,
                head: lower[end - 1],
                first: lower[start],
                before: if start > 0 { lower[start - 1] } else { 0 },
                after: lower.get(end).copied().unwrap_or(0),
            };
        }
        i = end;
    }
}

/// The hash of a lower-cased word that bigram features use.
pub(crate) fn lower_hash(lower: &str) -> u64 {
    xxh3_64_with_seed(lower.as_bytes(), 11)
}

/// Which of a position's context features [`context_features`] writes.
#[derive(Clone, Copy)]
pub(crate) struct Parts(u8);

impl Parts {
    /// Those of the position alone: the word classes, gazetteer codes, history and flags
    /// around it, whether it opens the sentence, whether that is a headline
    /// ([`Context::place_key`] says all they read).
    pub const PLACE: Parts = Parts(1);
    /// Those of the tags before it, with the word's class, code and history
    /// ([`Context::tag_key`]).
    pub const TAGS: Parts = Parts(2);
    /// Those of the words around it: their lower-case hashes (one also with the tag before)
    /// and the capitalised run.
    pub const WORDS: Parts = Parts(4);
    /// All of them (as training sees them).
    pub const ALL: Parts = Parts(7);

    fn has(self, part: Parts) -> bool {
        self.0 & part.0 != 0
    }
}

impl Context {
    /// What the [`Parts::PLACE`] features read, packed into one number (different numbers for
    /// different inputs): they take few values (some thousands in a corpus), so the tagger
    /// keeps their weights' sums by this key instead of looking up a dozen features a token.
    pub fn place_key(&self) -> u64 {
        let [cp, c0, cn] = self.class;
        debug_assert!(cp < 16 && c0 < 16 && cn < 16, "word classes take four bits");
        let [gp, g0, gn] = self.gaz;
        u64::from(cp)
            | u64::from(c0) << 4
            | u64::from(cn) << 8
            | u64::from(self.first) << 12
            | u64::from(self.headline) << 13
            | u64::from(gp) << 16
            | u64::from(g0) << 24
            | u64::from(gn) << 32
            | u64::from(self.history) << 40
            | u64::from(self.elsewhere) << 48
    }

    /// What the [`Parts::TAGS`] features read, packed into one number (see [`Self::place_key`]).
    pub fn tag_key(&self) -> u64 {
        u64::from(self.prev)
            | u64::from(self.prev2) << 8
            | u64::from(self.class[1]) << 16
            | u64::from(self.gaz[1]) << 24
            | u64::from(self.history) << 32
    }
}

/// The context features of a position: those of `parts`. Training takes them all, in this
/// order; the tagger sums the [`Parts::PLACE`] and [`Parts::TAGS`] ones once per value of
/// their keys ([`Context::place_key`], [`Context::tag_key`]), and looks up the others.
pub(crate) fn context_features(c: &Context, parts: Parts, out: &mut Vec<u64>) {
    let [cp, c0, cn] = c.class;
    let first = c.first as u8;
    let head = c.headline as u8;
    let (place, tags) = (parts.has(Parts::PLACE), parts.has(Parts::TAGS));
    if place {
        out.push(context_key(1, b""));
    }
    if tags {
        out.push(context_key(2, &[c.prev]));
        out.push(context_key(3, &[c.prev2, c.prev]));
        out.push(context_key(4, &[c.prev, c0]));
    }
    if place {
        out.push(context_key(5, &[first, head, c0]));
        out.push(context_key(6, &[cp, c0, cn]));
        out.push(context_key(7, &[c.gaz[1]]));
        out.push(context_key(8, &[c.gaz[1], c0, first]));
        out.push(context_key(9, &[c.gaz[0], c.gaz[1], c.gaz[2]]));
    }
    if tags {
        out.push(context_key(10, &[c.gaz[1], c.prev]));
    }
    if place {
        out.push(context_key(11, &[c.history]));
        out.push(context_key(12, &[c.history, first, c0]));
    }
    if tags {
        out.push(context_key(13, &[c.history, c.prev]));
    }
    if place {
        for bit in 0..8 {
            if c.elsewhere & (1 << bit) != 0 {
                out.push(context_key(14 + bit, &[c0, c.first as u8]));
            }
        }
        out.push(context_key(22, &[c.elsewhere, c.first as u8]));
    }
    if !parts.has(Parts::WORDS) {
        return;
    }
    let [lp, l0, ln] = c.lower;
    let pair = |a: u64, b: u64| {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&a.to_le_bytes());
        bytes[8..].copy_from_slice(&b.to_le_bytes());
        bytes
    };
    out.push(context_key(23, &pair(lp, l0)));
    out.push(context_key(24, &pair(l0, ln)));
    out.push(context_key(25, &pair(c.prev as u64, l0)));
    let run = c.run;
    if run.code != 0 {
        out.push(context_key(26, &[run.code, first, head]));
        if run.code >> 3 >= 2 {
            let place = (run.code & 7) as u64;
            out.push(context_key(27, &pair(run.head, place)));
            out.push(context_key(28, &pair(run.first, place)));
        }
        let code = run.code as u64;
        out.push(context_key(29, &pair(run.before, code)));
        out.push(context_key(30, &pair(run.after, code)));
    }
}

/// The key under which a word's occurrences in a document meet, whatever their case: the hash
/// of the word lower-cased, with the low bit set (0 means "no key"). A word already in
/// lower-case ASCII, as most are, is hashed as it is, without a copy.
pub(crate) fn history_key(word: &str, scratch: &mut String) -> u64 {
    let lower = if word.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        word
    } else {
        scratch.clear();
        push_lower(scratch, word);
        scratch.as_str()
    };
    history_hash(lower)
}

/// [`history_key`] of a word already lower-cased.
pub(crate) fn history_hash(lower: &str) -> u64 {
    xxh3_64_with_seed(lower.as_bytes(), 7) | 1
}

/// What [`document_flags`] needs of a word, the same wherever it occurs: worked out once per
/// distinct word (the tagger keeps it in its word cache), so that the flags cost no string
/// hashing per token.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct WordFacts {
    /// [`history_key`] of the word (whatever its case).
    pub folded: u64,
    /// [`WordFacts`]'s bits: `LOWER` … `PLACE_PREPOSITION`.
    pub bits: u8,
}

impl WordFacts {
    /// Its first letter is lower case.
    const LOWER: u8 = 1;
    /// Its first letter is upper case.
    const CAPITAL: u8 = 2;
    /// A given name.
    const GIVEN: u8 = 4;
    /// A title or a role word.
    const TITLE_OR_ROLE: u8 = 8;
    /// An organisation word.
    const ORG_WORD: u8 = 16;
    /// "in", "at" or "from".
    const PLACE_PREPOSITION: u8 = 32;

    pub(crate) fn of(lex: &Lexicon, word: &str, scratch: &mut String) -> WordFacts {
        let first = word.chars().next();
        let bits = [
            (first.is_some_and(char::is_lowercase), Self::LOWER),
            (first.is_some_and(char::is_uppercase), Self::CAPITAL),
            (lex.is_given(word), Self::GIVEN),
            (lex.is_title_or_role(word), Self::TITLE_OR_ROLE),
            (lex.is_org_word(word), Self::ORG_WORD),
            (matches!(word, "in" | "at" | "from"), Self::PLACE_PREPOSITION),
        ];
        let bits = bits.iter().filter(|(on, _)| *on).fold(0, |all, (_, bit)| all | bit);
        WordFacts { folded: history_key(word, scratch), bits }
    }

    fn is(self, bit: u8) -> bool {
        self.bits & bit != 0
    }

    /// The key a capitalised word's labels are remembered by in the document (its history
    /// key); 0 for a word that is not capitalised.
    pub(crate) fn history(self) -> u64 {
        if self.is(Self::CAPITAL) { self.folded } else { 0 }
    }
}

/// Per capitalised word, what its occurrences in the whole document look like (Ratinov and
/// Roth's context aggregation, from the text alone): bit 0 it also appears in lower case,
/// 1 capitalised inside a sentence, 2 after a given name, 3 after a title or role word,
/// 4 before an organisation word, 5 after another capitalised word, 6 before one,
/// 7 after "in", "at" or "from". `facts(i)` is token `i`'s [`WordFacts`]; `first[i]` whether
/// it opens a sentence.
pub(crate) fn document_flags(
    facts: impl Fn(usize) -> WordFacts,
    first: &[bool],
    map: &mut super::IdMap<u8>,
    out: &mut Vec<u8>,
) {
    map.clear();
    let n = first.len();
    // The capitalised words first; then a word in lower case marks the capitalised word it is
    // a form of, if there is one (the others are never asked for).
    for i in 0..n {
        let here = facts(i);
        if !here.is(WordFacts::CAPITAL) {
            continue;
        }
        let prev = (!first[i]).then(|| facts(i - 1));
        let next = (i + 1 < n && !first[i + 1]).then(|| facts(i + 1));
        let prev_is = |bit| prev.is_some_and(|p| p.is(bit));
        let next_is = |bit| next.is_some_and(|n| n.is(bit));
        let mut flags = 0u8;
        flags |= (!first[i] as u8) << 1;
        flags |= (prev_is(WordFacts::GIVEN) as u8) << 2;
        flags |= (prev_is(WordFacts::TITLE_OR_ROLE) as u8) << 3;
        flags |= (next_is(WordFacts::ORG_WORD) as u8) << 4;
        flags |= (prev_is(WordFacts::CAPITAL) as u8) << 5;
        flags |= (next_is(WordFacts::CAPITAL) as u8) << 6;
        flags |= (prev_is(WordFacts::PLACE_PREPOSITION) as u8) << 7;
        *map.entry(here.folded).or_insert(0) |= flags;
    }
    for i in 0..n {
        let here = facts(i);
        if here.is(WordFacts::LOWER)
            && let Some(flags) = map.get_mut(&here.folded)
        {
            *flags |= 1;
        }
    }
    out.clear();
    out.extend((0..n).map(|i| {
        let here = facts(i);
        if here.is(WordFacts::CAPITAL) { map.get(&here.folded).copied().unwrap_or(0) } else { 0 }
    }));
}

/// The gazetteer code of each token: 0 outside any match, else 1 + 2 × kind (+1 when inside
/// rather than at the start of the match).
pub(crate) fn gazetteer_codes(
    tokens: &[super::tokens::Token],
    matches: impl Iterator<Item = (usize, usize, u8)>,
    codes: &mut Vec<u8>,
) {
    codes.clear();
    codes.resize(tokens.len(), 0);
    let mut first = 0;
    let mut sorted: Vec<(usize, usize, u8)> = matches.collect();
    sorted.sort_unstable();
    for (start, end, kind) in sorted {
        while first < tokens.len() && (tokens[first].end as usize) <= start {
            first += 1;
        }
        let mut i = first;
        while i < tokens.len() && (tokens[i].start as usize) < end {
            let inside = (tokens[i].start as usize) > start;
            codes[i] = 1 + 2 * kind + inside as u8;
            i += 1;
        }
    }
}

/// What the first pass said about one token and about its word elsewhere in the document: the
/// second pass's extra context (Ratinov and Roth's two-stage prediction aggregation).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct FirstPass {
    /// The first-pass tag of the token, of the token before and of the one after (`START` past
    /// the sentence).
    pub tags: [u8; 3],
    /// Other occurrences of the case-folded word labelled O, PER, ORG, LOC, MISC by the first
    /// pass, quantised to 0, 1, 2 (two or more).
    pub counts: [u8; 5],
    /// Entity types (bit 0 PER … 3 MISC) of the longer first-pass spans the word is part of
    /// elsewhere in the document.
    pub longer: u8,
    /// Whether the token is capitalised (only then are `counts` and `longer` used).
    pub capital: bool,
}

impl FirstPass {
    /// The most frequent entity type among the word's other occurrences: 0 none, 1 + type.
    fn majority(&self) -> u8 {
        let mut best = (0u8, 0u8);
        for t in 0..4 {
            if self.counts[t + 1] > best.1 {
                best = (t as u8 + 1, self.counts[t + 1]);
            }
        }
        best.0
    }

    /// Whether the second pass has anything to add here: the word is labelled otherwise
    /// elsewhere in the document, or is part of a longer name there.
    pub fn disputed(&self) -> bool {
        if !self.capital {
            return false;
        }
        let own = tag_type(self.tags[1]).map_or(0, |t| t as usize + 1);
        self.longer != 0 || (0..5).any(|k| k != own && self.counts[k] > 0)
    }
}

/// Per-word tallies of the first pass over a document: label counts and longer-span types.
#[derive(Clone, Copy, Default)]
pub(crate) struct WordTally {
    counts: [u16; 5],
    longer: [u16; 4],
}

/// Fill `out` with each token's [`FirstPass`] from the first pass's `tags` over a document.
/// `lower` holds the tokens' case-folded word hashes, `capital` whether each is capitalised.
pub(crate) fn first_pass(
    tags: &[u8],
    lower: &[u64],
    capital: &[bool],
    sentences: &[std::ops::Range<usize>],
    map: &mut super::IdMap<WordTally>,
    spans: &mut Vec<(usize, usize, u8)>,
    out: &mut Vec<FirstPass>,
) {
    map.clear();
    super::spans(tags, spans);
    // Which longer span (type) each token lies in, if any.
    let in_longer = |i: usize| -> Option<u8> {
        let at = spans.partition_point(|s| s.1 <= i);
        spans.get(at).filter(|s| s.0 <= i && s.1 - s.0 >= 2).map(|s| s.2)
    };
    // Only capitalised words get tallies; their other occurrences are counted in any case.
    for i in (0..tags.len()).filter(|&i| capital[i]) {
        map.entry(lower[i]).or_default();
    }
    for i in 0..tags.len() {
        let Some(tally) = map.get_mut(&lower[i]) else { continue };
        tally.counts[tag_type(tags[i]).map_or(0, |t| t as usize + 1)] += 1;
        if let Some(t) = in_longer(i) {
            tally.longer[t as usize] += 1;
        }
    }
    out.clear();
    for sentence in sentences {
        for i in sentence.clone() {
            let at = |p: usize| if sentence.contains(&p) { tags[p] } else { START };
            let mut pass = FirstPass {
                tags: [at(i.wrapping_sub(1)), tags[i], at(i + 1)],
                capital: capital[i],
                ..FirstPass::default()
            };
            if capital[i] {
                let tally = map[&lower[i]];
                let own = tag_type(tags[i]).map_or(0, |t| t as usize + 1);
                for (k, q) in pass.counts.iter_mut().enumerate() {
                    *q = (tally.counts[k] - (k == own) as u16).min(2) as u8;
                }
                let own_longer = in_longer(i);
                for t in 0..4 {
                    if tally.longer[t] > (own_longer == Some(t as u8)) as u16 {
                        pass.longer |= 1 << t;
                    }
                }
            }
            out.push(pass);
        }
    }
}

/// What [`second_pass_features`] read, packed into one number (different numbers for
/// different inputs): they take few values, so the tagger keeps their weights' sums by it.
pub(crate) fn second_pass_key(p: &FirstPass, prev: u8, c0: u8, first: bool) -> u64 {
    debug_assert!(p.counts.iter().all(|&c| c < 4) && c0 < 16, "counts take two bits, classes four");
    let counts = p.counts.iter().enumerate().fold(0u64, |k, (t, &c)| k | u64::from(c) << (2 * t));
    u64::from(p.tags[0])
        | u64::from(p.tags[1]) << 8
        | u64::from(p.tags[2]) << 16
        | counts << 24
        | u64::from(p.longer) << 34
        | u64::from(p.capital) << 42
        | u64::from(prev) << 43
        | u64::from(c0) << 51
        | u64::from(first) << 55
}

/// The second pass's own context features: what the first pass said (see [`FirstPass`]).
pub(crate) fn second_pass_features(p: &FirstPass, prev: u8, c0: u8, first: bool, out: &mut Vec<u64>) {
    let [tp, t0, tn] = p.tags;
    let own = tag_type(t0).map_or(0, |t| t + 1);
    out.push(context_key(40, &[t0]));
    out.push(context_key(41, &[tp, t0, tn]));
    out.push(context_key(42, &[t0, prev]));
    if !p.capital {
        return;
    }
    let [q0, q1, q2, q3, q4] = p.counts;
    let majority = p.majority();
    out.push(context_key(43, &[q0, q1, q2, q3, q4]));
    out.push(context_key(44, &[q0, q1, q2, q3, q4, own]));
    out.push(context_key(45, &[majority, own]));
    out.push(context_key(46, &[majority, first as u8, c0]));
    out.push(context_key(47, &[p.longer, own]));
    out.push(context_key(48, &[p.longer, prev]));
    for t in 1..5 {
        if p.counts[t] > 0 {
            out.push(context_key(48 + t as u8, &[p.counts[t], own, first as u8]));
        }
    }
}
