//! The statistical entity tagger: an averaged perceptron over hashed features with greedy
//! left-to-right decoding (Ratinov & Roth 2009), trained here on CoNLL-2003 (`train`) and
//! shipped as `model/ner.bin`. It predicts the four CoNLL types (PER, ORG, LOC, MISC) in IOB2;
//! the tag stage turns its spans into typed, canonical entities with the gazetteer's help.
//!
//! Two passes (Ratinov & Roth's two-stage prediction aggregation): the first tags the document;
//! the second has extra features saying how the first labelled the same word elsewhere in the
//! document (counts per label, longer names it is part of) and the token's own first-pass
//! label and its neighbours'. The second pass runs only on sentences where it has something to
//! go on — a capitalised word labelled otherwise elsewhere, or part of a longer name there (a
//! quarter of the tokens of news text); elsewhere the first pass's tags stand.
//!
//! Speed comes from splitting the features: word features depend on one word only, so their
//! weight sums (for each of the five offsets around a token) are computed once per distinct
//! word and cached per worker (the second pass's sums when it first meets the word); per token
//! only the context features (previous tags, gazetteer codes, document history, the first
//! pass's labels) are added. Most of those read inputs that take few values (the tags before,
//! the word classes and codes around): their sums are kept per worker by those inputs
//! ([`ContextSums`]), and only the word-pair and run features (three to eight keys) are looked
//! up each time, in a hash table of 80,000-odd keys a pass. A new word's keys are looked up
//! together, their memory reads asked for ahead (see `word_scores`). And
//! outside a name, a word that cannot open one (punctuation, lower-case words other than
//! surname particles: three tokens in four of news text) is tagged O without being scored.
//! Scoring them had given about one in 23,000 of them a name tag, nearly always wrongly ("the
//! Transportation Department", "interior ministry"). Sentences with no capital letter at all
//! are scored in full.

pub mod conll;
pub(crate) mod features;
pub mod tokens;
pub mod train;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use copydesk_core::hint::prefetch;
use xxhash_rust::xxh3::xxh3_64_with_seed;

pub use self::features::TAGS;
use self::features::{
    BOS, Context, EOS, Lexicon, NUM_TAGS, Parts, START, WordFacts, WordFeature, allowed, context_features,
    is_context_key, name_runs, tag_type, word_class, word_feature_values,
};
use self::tokens::Token;

/// The model shipped with the crate.
const MODEL: &[u8] = include_bytes!("../../model/ner.bin");
/// One set of weights (version 1, the first pass alone).
const MAGIC: &[u8; 8] = b"CDNER01\n";
/// Two sets: the first pass's and the second pass's (length of the first, then both).
const MAGIC_TWO_PASS: &[u8; 8] = b"CDNER02\n";

/// Keys are already hashes: the table only needs to spread them.
#[derive(Default, Clone)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("only u64 keys")
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub(crate) type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

/// One pass's weights, in the tables built from the file's sorted keys and quantised weights
/// at load.
struct Pass {
    /// The word features' weights.
    words: Table,
    /// The context features' weights (a hash map: most context keys asked for are not in the
    /// model, and its control bytes, which say so, fit in the core's cache where the word
    /// table's index would not).
    context: IdMap<Weights>,
}

/// Word-feature weights by key: an open-addressing index over records of key and weights.
/// Probing the index is two memory reads where a binary search over the sorted keys was
/// seventeen, and new words' features (a hundred-odd keys each) are a third of the tagger's
/// time.
struct Table {
    /// 0 for an empty slot; else the record's number + 1 in the bits of [`Table::numbers`]
    /// and, above them, bits of its key ([`key_bits`]): a probe passes over a slot whose bits
    /// differ without reading its record, a read at a random place in memory. (Without them,
    /// the records of slots a probe passed over were two in five of the records read on the
    /// bench news.)
    index: Vec<u32>,
    /// The mask of the low bits of an index slot, which hold the record's number + 1, and
    /// how many they are (where [`key_bits`] puts the key's bits).
    numbers: u32,
    number_bits: u32,
    /// The keys and weights side by side, one feature a 32-byte aligned record: a found key's
    /// weights are in the cache line its key was read from (in the file they are apart, so a
    /// hit cost two or three lines).
    records: Vec<Record>,
}

/// A feature's key and stored weights (see [`Table::records`]).
#[derive(Clone, Copy)]
#[repr(C, align(32))]
struct Record {
    key: u64,
    weights: Weights,
}

/// A feature's weights as stored: integers, all of a pass's times one scale (the file's).
type Weights = [i16; NUM_TAGS];

/// Sums of stored weights. Scores are compared, never shown, and every weight of a pass has
/// the same scale, so they are summed as integers: exactly, in any order.
type Sums = [i32; NUM_TAGS];

impl Pass {
    fn from_bytes(bytes: &[u8]) -> Result<Pass, String> {
        if bytes.len() < 16 || &bytes[..8] != MAGIC {
            return Err("not a copydesk NER model (bad header)".into());
        }
        let n = u32::from_le_bytes(bytes[8..12].try_into().unwrap()) as usize;
        // Bytes 12..16 are the weights' scale: the tagger only compares sums, so it needs none.
        if bytes.len() != 16 + n * 8 + n * NUM_TAGS * 2 {
            return Err(format!("NER model is truncated ({} bytes for {n} features)", bytes.len()));
        }
        let key = |i: usize| u64::from_le_bytes(bytes[16 + i * 8..24 + i * 8].try_into().unwrap());
        let weights = |i: usize| -> Weights {
            let b = &bytes[16 + n * 8 + i * NUM_TAGS * 2..];
            std::array::from_fn(|k| i16::from_le_bytes([b[2 * k], b[2 * k + 1]]))
        };
        let record = |i: usize| Record { key: key(i), weights: weights(i) };
        // Context keys have the top bit set, so they are the tail of the sorted keys.
        let n_word = (0..n).find(|&i| is_context_key(key(i))).unwrap_or(n);
        let context = (n_word..n).map(|i| (key(i), weights(i))).collect();
        Ok(Pass { words: Table::new((0..n_word).map(record)), context })
    }
}

impl Table {
    fn new(records: impl Iterator<Item = Record>) -> Table {
        let records: Vec<Record> = records.collect();
        let mut index = vec![0u32; (2 * records.len()).next_power_of_two().max(2)];
        let mask = index.len() - 1;
        let number_bits = u32::BITS - (records.len() as u32).leading_zeros();
        let numbers = u32::MAX.checked_shr(u32::BITS - number_bits).unwrap_or(0);
        for (i, record) in records.iter().enumerate() {
            let mut slot = slot_of(record.key, mask);
            while index[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            index[slot] = key_bits(record.key, number_bits) | (i as u32 + 1);
        }
        Table { index, numbers, number_bits, records }
    }

    /// The weights of `key`, if the table has it.
    #[cfg(test)]
    fn get(&self, key: u64) -> Option<Weights> {
        let (slot, entry) = self.candidate(key, slot_of(key, self.index.len() - 1));
        self.weights_at(key, slot, entry)
    }

    /// `key` about to be looked up, for the sums at `offset`: its home slot in the index, whose
    /// memory read is asked for now (see [`Table::add_found`]).
    fn probe(&self, key: u64, offset: u8) -> Probe {
        let slot = slot_of(key, self.index.len() - 1);
        prefetch(&self.index[slot]);
        Probe { key, slot, entry: 0, offset }
    }

    /// Add the weights of each of `probes`' keys the table has to the sums at its offset.
    /// One key's reads do not depend on another's: so each probe first finds its slot in the
    /// index (the first whose bits match its key's, or an empty one) and asks for that slot's
    /// record, and only then is any record read: the reads overlap instead of waiting one
    /// after another.
    fn add_found(&self, probes: &mut [Probe], sums: &mut [Sums]) {
        for probe in probes.iter_mut() {
            (probe.slot, probe.entry) = self.candidate(probe.key, probe.slot);
            if probe.entry != 0 {
                prefetch(&self.records[((probe.entry & self.numbers) - 1) as usize]);
            }
        }
        for probe in probes.iter() {
            if let Some(w) = self.weights_at(probe.key, probe.slot, probe.entry) {
                add(&mut sums[probe.offset as usize], &w);
            }
        }
    }

    /// The first slot from `slot` on that is empty or whose key bits are `key`'s, and what it
    /// holds.
    fn candidate(&self, key: u64, mut slot: usize) -> (usize, u32) {
        let (bits, mask) = (key_bits(key, self.number_bits), self.index.len() - 1);
        loop {
            let e = self.index[slot];
            if e == 0 || e & !self.numbers == bits {
                return (slot, e);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// The weights of `key`, probing the index from `slot`, a [`Table::candidate`] slot that
    /// holds `entry`.
    fn weights_at(&self, key: u64, mut slot: usize, mut entry: u32) -> Option<Weights> {
        let mask = self.index.len() - 1;
        while entry != 0 {
            let record = &self.records[((entry & self.numbers) - 1) as usize];
            if record.key == key {
                return Some(record.weights);
            }
            (slot, entry) = self.candidate(key, (slot + 1) & mask);
        }
        None
    }
}

/// The bits of `key` an index slot holds above the record's number (its low `number_bits`):
/// key bits 20 to 31, which do not choose its home slot ([`slot_of`]) in an index of up to
/// 2^20 slots; fewer of them in a table of over 2^20 records, none from 2^31.
fn key_bits(key: u64, number_bits: u32) -> u32 {
    (key as u32 >> 20).checked_shl(number_bits).unwrap_or(0)
}

/// One word-feature key being looked up: its slot in the table's index (its home slot, then
/// the first there or after it that may hold it: see [`Table::add_found`]), and the offset
/// (0..5) whose sum it adds to.
#[derive(Clone, Copy, Debug)]
struct Probe {
    key: u64,
    slot: usize,
    /// What `slot` holds, once [`Table::add_found`] has found its candidate slot.
    entry: u32,
    offset: u8,
}

/// A feature key's home slot in an index of `mask + 1` slots (keys are hashes: their bits are
/// already mixed).
fn slot_of(key: u64, mask: usize) -> usize {
    (key ^ key >> 32) as usize & mask
}

/// A trained model: the first pass's weights and, optionally, the second pass's, whose extra
/// features are what the first pass said about the same word elsewhere in the document.
pub struct NerModel {
    lex: Lexicon,
    first: Pass,
    second: Option<Pass>,
    size: usize,
}

impl NerModel {
    /// The model compiled into the crate.
    pub fn builtin() -> Result<NerModel, String> {
        NerModel::from_bytes(MODEL)
    }

    /// A model from the bytes `train` writes: one pass (version 1) or two (version 2).
    pub fn from_bytes(bytes: &[u8]) -> Result<NerModel, String> {
        let size = bytes.len();
        let (first, second) = if bytes.len() >= 16 && &bytes[..8] == MAGIC_TWO_PASS {
            let n = u64::from_le_bytes(bytes[8..16].try_into().unwrap()) as usize;
            if bytes.len() < 16 + n {
                return Err("NER model is truncated (first pass)".into());
            }
            (Pass::from_bytes(&bytes[16..16 + n])?, Some(Pass::from_bytes(&bytes[16 + n..])?))
        } else {
            (Pass::from_bytes(bytes)?, None)
        };
        Ok(NerModel { lex: Lexicon::new(), first, second, size })
    }

    /// The bytes of a two-pass model from the bytes of its two passes.
    pub(crate) fn two_pass_bytes(first: &[u8], second: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + first.len() + second.len());
        out.extend_from_slice(MAGIC_TWO_PASS);
        out.extend_from_slice(&(first.len() as u64).to_le_bytes());
        out.extend_from_slice(first);
        out.extend_from_slice(second);
        out
    }

    /// Whether the model has any features (an empty placeholder model tags nothing).
    pub fn is_empty(&self) -> bool {
        self.first.words.records.is_empty() && self.first.context.is_empty()
    }

    /// Whether the model has a second pass.
    pub fn has_second_pass(&self) -> bool {
        self.second.is_some()
    }

    /// The size of the model file in bytes.
    pub fn size(&self) -> usize {
        self.size
    }

    /// The cached entry of `word` (in a headline sentence or not), computing it on first use.
    fn entry(&self, word: &str, headline: bool, s: &mut Scratch) -> u32 {
        let hash = features::mix(xxh3_64_with_seed(word.as_bytes(), 0), headline as u64);
        if let Some(&slot) = s.cache.get(&hash) {
            return slot;
        }
        // A word that cannot open a name is scored itself only inside one (or in a lower-case
        // sentence): its own-position sums, the costliest (character n-grams, affixes), wait
        // until then.
        let class = word_class(word);
        let opens = features::may_open_name(word, class);
        let mut scores = [[0; NUM_TAGS]; 5];
        self.word_scores(&self.first, word, headline, first_offsets(opens), &mut scores, s);
        let facts = WordFacts::of(&self.lex, word, &mut s.scratch);
        s.scratch.clear();
        features::push_lower(&mut s.scratch, word);
        let lower = features::lower_hash(&s.scratch);
        let slot = s.entries.len() as u32;
        let run_class = self.lex.run_class(word);
        s.entries.push(Entry {
            scores,
            second: NONE,
            class,
            lower,
            facts,
            run_class,
            opens,
            own: [opens, false],
        });
        s.cache.insert(hash, slot);
        slot
    }

    /// The own-position sums of the entry `slot` of `word`, if they wait ([`Entry::own`]).
    /// Under the first (`pass` 0) or second (1) pass's weights.
    fn own_scores(&self, pass: usize, slot: u32, word: &str, headline: bool, s: &mut Scratch) {
        let entry = &s.entries[slot as usize];
        if entry.own[pass] {
            return;
        }
        let (weights, mut scores) = match pass {
            0 => (&self.first, entry.scores),
            _ => (self.second.as_ref().expect("second pass"), s.second_scores[entry.second as usize]),
        };
        self.word_scores(weights, word, headline, &[2], &mut scores, s);
        let entry = &mut s.entries[slot as usize];
        entry.own[pass] = true;
        match pass {
            0 => entry.scores = scores,
            _ => s.second_scores[entry.second as usize] = scores,
        }
    }

    /// The word-feature sums of `word` under `pass`'s weights at the `offsets` (0..5 for -2..=2).
    fn word_scores(
        &self,
        pass: &Pass,
        word: &str,
        headline: bool,
        offsets: &[usize],
        scores: &mut [Sums; 5],
        s: &mut Scratch,
    ) {
        // The word's features are worked out once, then keyed at each offset.
        let own = offsets.contains(&2);
        word_feature_values(&self.lex, word, headline, own, &mut s.scratch, &mut s.values);
        // A new word's hundred-odd keys each cost a few reads at random places in the model:
        // their home slots are all asked for first (`offsets` are distinct, so each key's
        // weights are added once to its offset's sum).
        s.probes.clear();
        for &k in offsets {
            let offset = k as i8 - 2;
            s.probes.extend(
                s.values.iter().filter_map(|f| f.key(offset)).map(|key| pass.words.probe(key, k as u8)),
            );
        }
        for &k in offsets {
            scores[k] = [0; NUM_TAGS];
        }
        pass.words.add_found(&mut s.probes, scores);
    }

    /// Fill in the second pass's word-feature sums of the entry `slot` of `word` (most words
    /// never meet the second pass, so they are computed when it first needs them).
    fn second_scores(&self, slot: u32, word: &str, headline: bool, s: &mut Scratch) {
        if s.entries[slot as usize].second != NONE {
            return;
        }
        let pass = self.second.as_ref().expect("second pass");
        if s.second_scores.capacity() == 0 {
            // Taken at once, as the entries' ([`NerModel::tag_first`]).
            s.second_scores.reserve_exact(CACHE_LIMIT);
        }
        let mut scores = [[0; NUM_TAGS]; 5];
        let opens = s.entries[slot as usize].opens;
        self.word_scores(pass, word, headline, first_offsets(opens), &mut scores, s);
        let entry = &mut s.entries[slot as usize];
        entry.own[1] = opens;
        entry.second = s.second_scores.len() as u32;
        s.second_scores.push(scores);
    }

    /// Tag one document: `tags` gets one IOB2 tag index (into [`TAGS`]) per token.
    /// `gazetteer` holds each token's gazetteer code (see `features::gazetteer_codes`).
    pub(crate) fn tag(
        &self,
        text: &str,
        tokens: &[Token],
        sentences: &[Range<usize>],
        gazetteer: &[u8],
        s: &mut Scratch,
        tags: &mut Vec<u8>,
    ) {
        self.tag_first(text, tokens, sentences, gazetteer, s, tags);
        if self.second.is_some() && !tags.is_empty() {
            self.tag_second(text, tokens, sentences, gazetteer, s, tags);
        }
    }

    /// The first pass alone (what the second pass's features are made of).
    pub(crate) fn tag_first(
        &self,
        text: &str,
        tokens: &[Token],
        sentences: &[Range<usize>],
        gazetteer: &[u8],
        s: &mut Scratch,
        tags: &mut Vec<u8>,
    ) {
        tags.clear();
        tags.resize(tokens.len(), 0);
        s.history.clear();
        if self.is_empty() {
            return;
        }
        // The cache's room is taken at once, for as many entries as it keeps between documents
        // (one long document may add more): address space until entries fill it, where
        // growing by doubling copied every entry at each step (15 MB a worker on the bench
        // news) and touched twice the memory it kept.
        if s.entries.capacity() == 0 {
            s.entries.reserve_exact(CACHE_LIMIT);
        }
        // Start the word cache over between documents only: slots of this document must stay valid.
        if s.entries.len() >= CACHE_LIMIT {
            s.cache.clear();
            s.entries.clear();
            s.second_scores.clear();
        }
        for sums in &mut s.context_sums {
            sums.bound();
        }
        let word = |i: usize| &text[tokens[i].range()];
        // The whole document first: word entries, and what each word looks like elsewhere.
        s.doc_slots.clear();
        s.first.clear();
        s.headlines.clear();
        for sentence in sentences {
            let headline = features::is_headline(sentence.clone().map(word));
            s.headlines.push(headline);
            for i in sentence.clone() {
                let slot = self.entry(word(i), headline, s);
                s.doc_slots.push(slot);
                s.first.push(i == sentence.start);
            }
        }
        s.history_keys.clear();
        s.history_keys.extend(s.doc_slots.iter().map(|&slot| s.entries[slot as usize].facts.history()));
        let (entries, slots) = (&s.entries, &s.doc_slots);
        features::document_flags(
            |i| entries[slots[i] as usize].facts,
            &s.first,
            &mut s.flag_map,
            &mut s.flags,
        );
        for (k, sentence) in sentences.iter().enumerate() {
            self.decode(0, text, tokens, sentence.clone(), s.headlines[k], gazetteer, s, tags);
        }
    }

    /// The second pass: sentences where a capitalised word is labelled otherwise elsewhere in
    /// the document (or is part of a longer name there) are tagged again by the second pass's
    /// weights; the others keep the first pass's tags, which the second pass would mostly
    /// repeat (running it everywhere scores no better on eng.testa and is a quarter slower). Its
    /// label history (how a word was labelled earlier) is the first pass's, as in training.
    fn tag_second(
        &self,
        text: &str,
        tokens: &[Token],
        sentences: &[Range<usize>],
        gazetteer: &[u8],
        s: &mut Scratch,
        tags: &mut [u8],
    ) {
        s.lower.clear();
        s.lower.extend(s.doc_slots.iter().map(|&slot| s.entries[slot as usize].lower));
        s.capital.clear();
        s.capital.extend(s.history_keys.iter().map(|&k| k != 0));
        features::first_pass(
            tags,
            &s.lower,
            &s.capital,
            sentences,
            &mut s.tally,
            &mut s.spans,
            &mut s.passes,
        );
        debug_assert_eq!(s.passes.len(), tokens.len());
        s.history.clear();
        for (k, sentence) in sentences.iter().enumerate() {
            if s.passes[sentence.clone()].iter().any(|p| p.disputed()) {
                self.decode(1, text, tokens, sentence.clone(), s.headlines[k], gazetteer, s, tags);
            } else {
                for i in sentence.clone() {
                    let key = s.history_keys[i];
                    if let Some(kind) = tag_type(s.passes[i].tags[1]).filter(|_| key != 0) {
                        s.history.insert(key, kind);
                    }
                }
            }
        }
    }

    /// Greedy decoding of one sentence with the first (`pass` 0) or second (1) pass's weights.
    #[allow(clippy::too_many_arguments)]
    fn decode(
        &self,
        pass: usize,
        text: &str,
        tokens: &[Token],
        sentence: Range<usize>,
        headline: bool,
        gazetteer: &[u8],
        s: &mut Scratch,
        tags: &mut [u8],
    ) {
        let weights = if pass == 0 { &self.first } else { self.second.as_ref().expect("second pass") };
        let bos = self.entry(BOS, headline, s);
        let eos = self.entry(EOS, headline, s);
        s.slots.clear();
        s.slots.extend([bos, bos]);
        s.slots.extend_from_slice(&s.doc_slots[sentence.clone()]);
        s.slots.extend([eos, eos]);
        // The second pass's sums of a word are worked out when a word beside it is first scored
        // (most words of a sentence are not: see below).
        if pass == 1 {
            self.second_scores(bos, BOS, headline, s);
            self.second_scores(eos, EOS, headline, s);
        }
        // The sentence's entries are read at random places of a large cache: ask for all of
        // their sums (180 bytes, three or four cache lines) at once, so those reads overlap.
        for &slot in &s.slots {
            let entry = &s.entries[slot as usize];
            let sums = match pass {
                0 => &entry.scores,
                _ if entry.second == NONE => continue,
                _ => &s.second_scores[entry.second as usize],
            };
            let ints = sums.as_flattened();
            for i in (0..ints.len()).step_by(16).chain([ints.len() - 1]) {
                prefetch(&ints[i]);
            }
        }
        let n = sentence.len();
        s.run_class.clear();
        s.run_lower.clear();
        // In a sentence written in lower case (a source's slip), any word may be a name.
        let mut cased = false;
        for &slot in &s.slots[2..n + 2] {
            let entry = &s.entries[slot as usize];
            s.run_class.push(entry.run_class);
            s.run_lower.push(entry.lower);
            cased |= features::is_cased(entry.class);
        }
        name_runs(&s.run_class, &s.run_lower, &mut s.runs);
        let (mut prev, mut prev2) = (START, START);
        for j in 0..n {
            let i = sentence.start + j;
            if cased && !s.entries[s.slots[j + 2] as usize].opens && (prev == 0 || prev == START) {
                // Outside a name, a word that cannot open one is O: no need to score it.
                tags[i] = 0;
                (prev2, prev) = (prev, 0);
                continue;
            }
            if pass == 1 {
                for k in j..j + 5 {
                    self.second_scores(s.slots[k], slot_word(text, tokens, &sentence, k), headline, s);
                }
            }
            self.own_scores(pass, s.slots[j + 2], &text[tokens[i].range()], headline, s);
            let current = &s.entries[s.slots[j + 2] as usize];
            let mut scores: Sums = [0; NUM_TAGS];
            for k in 0..5 {
                let entry = &s.entries[s.slots[j + k] as usize];
                let sums = if pass == 0 { &entry.scores } else { &s.second_scores[entry.second as usize] };
                add(&mut scores, &sums[k]);
            }
            let class_at = |dj: isize| -> u8 {
                let p = j as isize + dj;
                if p < 0 || p >= n as isize { 10 } else { s.entries[s.slots[p as usize + 2] as usize].class }
            };
            let gaz_at = |dj: isize| -> u8 {
                let p = j as isize + dj;
                if p < 0 || p >= n as isize { 0 } else { gazetteer[sentence.start + p as usize] }
            };
            let lower_at = |dj: isize| -> u64 {
                let p = j as isize + dj;
                if p < 0 || p >= n as isize { 0 } else { s.entries[s.slots[p as usize + 2] as usize].lower }
            };
            let history_key = current.facts.history();
            let history = if history_key == 0 { 0 } else { s.history.get(&history_key).map_or(0, |t| t + 1) };
            let context = Context {
                prev,
                prev2,
                class: [class_at(-1), current.class, class_at(1)],
                first: j == 0,
                headline,
                gaz: [gaz_at(-1), gaz_at(0), gaz_at(1)],
                history,
                elsewhere: s.flags[i],
                lower: [lower_at(-1), lower_at(0), lower_at(1)],
                run: s.runs[j],
            };
            let sums = &mut s.context_sums[pass];
            let mut context_scores = sums.place(&context, &weights.context, &mut s.keys);
            add(&mut context_scores, &sums.tags(&context, &weights.context, &mut s.keys));
            if pass == 1 {
                add(&mut context_scores, &sums.second(&s.passes[i], &context, &weights.context, &mut s.keys));
            }
            s.keys.clear();
            context_features(&context, Parts::WORDS, &mut s.keys);
            add_context(&mut context_scores, &weights.context, &s.keys);
            // In debug builds (the tests), the sums kept by key are checked against the sum of
            // every context feature training would see.
            #[cfg(debug_assertions)]
            {
                let mut all = Vec::new();
                context_features(&context, Parts::ALL, &mut all);
                if pass == 1 {
                    features::second_pass_features(&s.passes[i], prev, context.class[1], j == 0, &mut all);
                }
                let mut direct = [0; NUM_TAGS];
                add_context(&mut direct, &weights.context, &all);
                debug_assert_eq!(context_scores, direct, "pass {pass}: {context:?}");
            }
            add(&mut scores, &context_scores);
            let tag = best(&scores, prev);
            tags[i] = tag;
            let seen = if pass == 1 { s.passes[i].tags[1] } else { tag };
            if let Some(kind) = tag_type(seen).filter(|_| history_key != 0) {
                s.history.insert(history_key, kind);
            }
            prev2 = prev;
            prev = tag;
        }
    }
}

/// The word at `slot` of a sentence's `Scratch::slots` (two of padding at each end).
fn slot_word<'t>(text: &'t str, tokens: &[Token], sentence: &Range<usize>, slot: usize) -> &'t str {
    match slot.checked_sub(2) {
        None => BOS,
        Some(j) if j >= sentence.len() => EOS,
        Some(j) => &text[tokens[sentence.start + j].range()],
    }
}

/// The word-feature offsets (0..5 for -2..=2) whose sums a new entry gets at once: all of them
/// for a word that may open a name, the neighbours' alone for one that cannot (its own wait
/// until it is scored itself, [`Entry::own`]).
fn first_offsets(opens: bool) -> &'static [usize] {
    if opens { &[0, 1, 2, 3, 4] } else { &[0, 1, 3, 4] }
}

/// No second-pass sums yet.
const NONE: u32 = u32::MAX;

/// Entries kept per worker before the cache starts over.
const CACHE_LIMIT: usize = 1 << 18;

/// Sums kept in each of a [`ContextSums`]' tables before it starts over (the bench news fill
/// some thousands; text of another kind might fill more).
const CONTEXT_SUMS_LIMIT: usize = 1 << 16;

/// Add stored weights ([`Weights`]) or sums of them ([`Sums`]) to `sum`.
fn add<T: Copy + Into<i32>>(sum: &mut Sums, w: &[T; NUM_TAGS]) {
    for (a, &b) in sum.iter_mut().zip(w) {
        *a += b.into();
    }
}

/// A pass's sums of the context features whose inputs take few values ([`Parts::PLACE`],
/// [`Parts::TAGS`], the second pass's own), by their packed inputs: a scored token's dozen-odd lookups of those
/// features (and the hashing of their keys) become one lookup in a table of some thousands.
/// The sums are of integers, so they are exactly what summing the features each time gives.
#[derive(Clone, Default)]
struct ContextSums {
    place: IdMap<Sums>,
    tags: IdMap<Sums>,
    /// The second pass's own features' ([`features::second_pass_features`]).
    second: IdMap<Sums>,
}

impl ContextSums {
    /// The sum of `weights` over the place features of `c`.
    fn place(&mut self, c: &Context, weights: &IdMap<Weights>, keys: &mut Vec<u64>) -> Sums {
        cached_sum(&mut self.place, c.place_key(), weights, keys, |keys| {
            context_features(c, Parts::PLACE, keys)
        })
    }

    /// The sum of `weights` over the tag features of `c`.
    fn tags(&mut self, c: &Context, weights: &IdMap<Weights>, keys: &mut Vec<u64>) -> Sums {
        cached_sum(&mut self.tags, c.tag_key(), weights, keys, |keys| context_features(c, Parts::TAGS, keys))
    }

    /// The sum of `weights` over the second pass's features of a token whose first pass is
    /// `first`, in the context `c`.
    fn second(
        &mut self,
        first: &features::FirstPass,
        c: &Context,
        weights: &IdMap<Weights>,
        keys: &mut Vec<u64>,
    ) -> Sums {
        let key = features::second_pass_key(first, c.prev, c.class[1], c.first);
        cached_sum(&mut self.second, key, weights, keys, |keys| {
            features::second_pass_features(first, c.prev, c.class[1], c.first, keys)
        })
    }

    /// Start over if a table is full ([`CONTEXT_SUMS_LIMIT`]).
    fn bound(&mut self) {
        if [&self.place, &self.tags, &self.second].iter().any(|t| t.len() >= CONTEXT_SUMS_LIMIT) {
            self.place.clear();
            self.tags.clear();
            self.second.clear();
        }
    }
}

/// The sum of `weights` over the context keys `features` writes, kept in `cache` under `key`
/// (spread by [`features::mix`], a one-to-one function, for the table's sake).
fn cached_sum(
    cache: &mut IdMap<Sums>,
    key: u64,
    weights: &IdMap<Weights>,
    keys: &mut Vec<u64>,
    features: impl FnOnce(&mut Vec<u64>),
) -> Sums {
    *cache.entry(features::mix(key, 0)).or_insert_with(|| {
        keys.clear();
        features(keys);
        let mut sum = [0; NUM_TAGS];
        add_context(&mut sum, weights, keys);
        sum
    })
}

/// Add the weights of those of the context `keys` the model has to `sum`.
fn add_context(sum: &mut Sums, weights: &IdMap<Weights>, keys: &[u64]) {
    for key in keys {
        if let Some(w) = weights.get(key) {
            add(sum, w);
        }
    }
}

/// The best tag allowed after `prev` (the first of equals).
pub(crate) fn best<T: PartialOrd + Copy>(scores: &[T; NUM_TAGS], prev: u8) -> u8 {
    let mut best: Option<(u8, T)> = None;
    for (tag, &score) in scores.iter().enumerate() {
        if allowed(prev, tag as u8) && best.is_none_or(|(_, top)| score > top) {
            best = Some((tag as u8, score));
        }
    }
    best.map_or(0, |(tag, _)| tag)
}

/// Word-feature sums of one word at the five offsets, its class and its history key.
#[derive(Clone)]
struct Entry {
    /// The first pass's sums, per offset -2..=2.
    scores: [Sums; 5],
    /// Where the second pass's sums are in `Scratch::second_scores` ([`NONE`]: not computed yet).
    second: u32,
    class: u8,
    lower: u64,
    /// What the document flags need of the word, and its history key
    /// ([`WordFacts::history`]: 0 for a word that is not capitalised).
    facts: WordFacts,
    /// The class the capitalised-run features see (titles count as lower case).
    run_class: u8,
    /// Whether the word may open a name ([`features::may_open_name`]).
    opens: bool,
    /// Whether the first pass's and the second's sums hold the word's own-position (offset 0)
    /// sums: words that cannot open a name get them when first scored themselves.
    own: [bool; 2],
}

/// A worker's reusable buffers and caches. The caches hold sums of one model's weights: a
/// `Scratch` serves one model all its life.
#[derive(Clone, Default)]
pub(crate) struct Scratch {
    cache: IdMap<u32>,
    entries: Vec<Entry>,
    second_scores: Vec<[Sums; 5]>,
    history: IdMap<u8>,
    /// Each pass's [`ContextSums`].
    context_sums: [ContextSums; 2],
    keys: Vec<u64>,
    /// The word features of the word being summed ([`word_feature_values`]).
    values: Vec<WordFeature>,
    /// Their keys at each offset, being looked up.
    probes: Vec<Probe>,
    scratch: String,
    slots: Vec<u32>,
    doc_slots: Vec<u32>,
    first: Vec<bool>,
    history_keys: Vec<u64>,
    flag_map: IdMap<u8>,
    flags: Vec<u8>,
    headlines: Vec<bool>,
    lower: Vec<u64>,
    capital: Vec<bool>,
    tally: IdMap<features::WordTally>,
    spans: Vec<(usize, usize, u8)>,
    passes: Vec<features::FirstPass>,
    run_class: Vec<u8>,
    run_lower: Vec<u64>,
    runs: Vec<features::Run>,
}

/// Spans of an IOB2 tag sequence: (first token, last token + 1, type 0..4).
pub(crate) fn spans(tags: &[u8], out: &mut Vec<(usize, usize, u8)>) {
    out.clear();
    let mut open: Option<(usize, u8)> = None;
    for (i, &tag) in tags.iter().enumerate() {
        let kind = tag_type(tag);
        let continues = features::is_inside(tag) && open.is_some_and(|(_, k)| Some(k) == kind);
        if continues {
            continue;
        }
        if let Some((start, k)) = open.take() {
            out.push((start, i, k));
        }
        if let Some(k) = kind {
            open = Some((i, k));
        }
    }
    if let Some((start, k)) = open {
        out.push((start, tags.len(), k));
    }
}

/// Lay pre-tokenised sentences out as one text (sentences joined by line breaks), so the
/// gazetteer and the pipeline's code paths see ordinary text. Tokens are a space apart, or with
/// `as_written` as running text writes them: no space before a comma, a full stop, a colon or
/// semicolon, a mark of exclamation or question, a closing bracket, a per cent sign, a
/// possessive or a contraction, nor after an opening bracket ("Paxton, Illinois",
/// "People's Republic", "(Chicago)"), so rules that read the text around a name see what they
/// see in the pipeline. Training lays its text out the first way, as the committed model was
/// trained; `tag-conll` the second.
pub(crate) fn join_tokens<'a>(
    sentences: impl Iterator<Item = &'a [String]>,
    as_written: bool,
    text: &mut String,
    tokens: &mut Vec<Token>,
    ranges: &mut Vec<Range<usize>>,
) {
    text.clear();
    tokens.clear();
    ranges.clear();
    for sentence in sentences {
        if !text.is_empty() {
            text.push('\n');
        }
        let first = tokens.len();
        for (i, token) in sentence.iter().enumerate() {
            if i > 0 && !(as_written && glued(&sentence[i - 1], token)) {
                text.push(' ');
            }
            let start = text.len() as u32;
            text.push_str(token);
            tokens.push(Token { start, end: text.len() as u32 });
        }
        ranges.push(first..tokens.len());
    }
}

/// Whether `token` is written against `before` in running text: punctuation that closes, a
/// possessive or contraction, after an opening bracket.
fn glued(before: &str, token: &str) -> bool {
    const CLOSING: &[&str] =
        &[",", ".", ";", ":", "!", "?", ")", "]", "%", "'s", "'S", "n't", "'re", "'ve", "'ll", "'d", "'m"];
    CLOSING.contains(&token) || matches!(before, "(" | "[")
}

/// Gazetteer codes of `tokens` from the gazetteer's candidates over `text`.
pub(crate) fn gazetteer_codes(
    gazetteer: &crate::gazetteer::Gazetteer,
    text: &str,
    tokens: &[Token],
    candidates: &mut Vec<crate::proposer::Candidate>,
    codes: &mut Vec<u8>,
) {
    candidates.clear();
    let mut matches = Vec::new();
    gazetteer.scan(text, candidates, &mut matches);
    features::gazetteer_codes(tokens, matches.into_iter(), codes);
}
