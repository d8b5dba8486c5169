//! Tests of the model's parts that need no training: what the second pass sees of the first
//! pass, and the model file's two versions.

use super::features::{FirstPass, WordFacts, first_pass, lower_hash};
use super::*;

/// Each token's [`FirstPass`] as "word tag counts(O PER ORG LOC MISC) longer disputed" for a
/// document given as sentences of "word/TAG" (IOB2, TAG among those in [`TAGS`], O bare).
fn check(sentences: &[&str]) -> String {
    let mut words = Vec::new();
    let mut tags = Vec::new();
    let mut ranges = Vec::new();
    for sentence in sentences {
        let start = words.len();
        for item in sentence.split(' ') {
            let (word, tag) = item.split_once('/').unwrap_or((item, "O"));
            words.push(word);
            tags.push(TAGS.iter().position(|t| *t == tag).expect("known tag") as u8);
        }
        ranges.push(start..words.len());
    }
    let lower: Vec<u64> = words.iter().map(|w| lower_hash(&w.to_lowercase())).collect();
    let capital: Vec<bool> = words.iter().map(|w| w.chars().next().is_some_and(char::is_uppercase)).collect();
    let mut passes = Vec::new();
    first_pass(&tags, &lower, &capital, &ranges, &mut IdMap::default(), &mut Vec::new(), &mut passes);
    let show = |p: &FirstPass| {
        let counts: Vec<String> = p.counts.iter().map(u8::to_string).collect();
        format!("{} {:04b}{}", counts.join(""), p.longer, if p.disputed() { " disputed" } else { "" })
    };
    words
        .iter()
        .zip(&passes)
        .filter(|(_, p)| p.capital)
        .map(|(w, p)| format!("{w} {} {}\n", TAGS[p.tags[1] as usize], show(p)))
        .collect()
}

#[test]
fn first_pass_counts_other_occurrences_and_longer_names() {
    assert_eq!(
        check(&[
            "Bill/B-PER Clinton/I-PER met Smith/B-PER .",
            "Clinton/B-LOC said smith was in Clinton/B-LOC .",
            "Smith/B-PER left ."
        ]),
        // Counts: O PER ORG LOC MISC, other occurrences only, 2 meaning two or more. "Clinton"
        // is PER inside "Bill Clinton" (bit 0 of `longer`) and LOC twice elsewhere.
        "Bill B-PER 00000 0000\n\
         Clinton I-PER 00020 0000 disputed\n\
         Smith B-PER 11000 0000 disputed\n\
         Clinton B-LOC 01010 0001 disputed\n\
         Clinton B-LOC 01010 0001 disputed\n\
         Smith B-PER 11000 0000 disputed\n"
    );
    // Agreement everywhere: nothing for the second pass to do.
    assert_eq!(
        check(&["Reuters/B-ORG said .", "Reuters/B-ORG added ."]),
        "Reuters B-ORG 00100 0000\nReuters B-ORG 00100 0000\n"
    );
}

#[test]
fn model_files_of_one_and_two_passes() {
    let builtin = NerModel::builtin().expect("the built-in model loads");
    assert!(builtin.has_second_pass());
    let first = &MODEL[16..16 + u64::from_le_bytes(MODEL[8..16].try_into().unwrap()) as usize];
    let one = NerModel::from_bytes(first).expect("a version-1 file loads");
    assert!(!one.has_second_pass() && !one.is_empty());
    let two = NerModel::two_pass_bytes(first, &MODEL[16 + first.len()..]);
    assert_eq!(two, MODEL);
    assert!(NerModel::from_bytes(&two[..two.len() - 1]).is_err());
    assert!(NerModel::from_bytes(b"CDNER02\n\xff\xff\xff\xff\0\0\0\0").is_err());
    assert!(NerModel::from_bytes(b"not a model at all").is_err());
}

#[test]
fn the_tables_find_every_stored_feature_and_nothing_else() {
    let model = NerModel::builtin().expect("the built-in model loads");
    let n_first = u64::from_le_bytes(MODEL[8..16].try_into().unwrap()) as usize;
    let files = [&MODEL[16..16 + n_first], &MODEL[16 + n_first..]];
    let passes = [&model.first, model.second.as_ref().expect("two passes")];
    for (bytes, pass) in files.into_iter().zip(passes) {
        let n = u32::from_le_bytes(bytes[8..12].try_into().unwrap()) as usize;
        let key = |i: usize| u64::from_le_bytes(bytes[16 + 8 * i..24 + 8 * i].try_into().unwrap());
        let keys: Vec<u64> = (0..n).map(key).collect();
        let weights = |i: usize| -> Weights {
            let at = 16 + 8 * n + 2 * NUM_TAGS * i;
            std::array::from_fn(|k| i16::from_le_bytes([bytes[at + 2 * k], bytes[at + 2 * k + 1]]))
        };
        let get = |key: u64| {
            if is_context_key(key) { pass.context.get(&key).copied() } else { pass.words.get(key) }
        };
        for (i, &key) in keys.iter().enumerate() {
            assert_eq!(get(key), Some(weights(i)), "key {i}");
        }
        let absent = (1..).map(|k: u64| k.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        for key in absent.filter(|k| keys.binary_search(k).is_err()).take(2000) {
            assert_eq!(get(key), None);
        }
    }
}

/// Keys made to crowd the index, in tables of several sizes: half of them have home slot 0
/// and half the last slot (whose probes wrap round to the first), and they fall in three
/// groups with the same key bits in the index ([`key_bits`]), so a probe must pass over slots
/// whose bits match another key's, and stop at an empty slot for an absent key with the same
/// bits and home.
#[test]
fn a_table_finds_keys_whose_slots_and_bits_collide() {
    for n in [0u64, 1, 2, 3, 255, 256, 300] {
        let mask = (2 * n).next_power_of_two().max(2) - 1;
        // Key bits 20 to 31 say the group; bits 52 on tell keys apart, and (as bits 20 on) do
        // not move the home slot, which bits 0 to 9 choose.
        let key = |i: u64| ((i % 2) * mask) | ((i % 3) << 20) | (i << 52);
        assert!((0..2 * n).all(|i| slot_of(key(i), mask as usize) == ((i % 2) * mask) as usize));
        let weights = |i: u64| -> Weights { std::array::from_fn(|k| (i * 10 + k as u64) as i16) };
        let table = Table::new((0..n).map(|i| Record { key: key(i), weights: weights(i) }));
        for i in 0..n {
            assert_eq!(table.get(key(i)), Some(weights(i)), "{n} records: key {i}");
        }
        for i in n..2 * n + 3 {
            assert_eq!(table.get(key(i)), None, "{n} records: absent key {i}");
        }
        // `add_found` sums the same weights at each probe's offset.
        let mut probes: Vec<Probe> = (0..2 * n).map(|i| table.probe(key(i), (i % 5) as u8)).collect();
        let mut sums = [[0; NUM_TAGS]; 5];
        table.add_found(&mut probes, &mut sums);
        let mut want = [[0; NUM_TAGS]; 5];
        for i in 0..n {
            add(&mut want[(i % 5) as usize], &weights(i));
        }
        assert_eq!(sums, want, "{n} records");
    }
}

#[test]
fn words_that_may_open_a_name() {
    let opens = |w: &str| features::may_open_name(w, word_class(w));
    for word in ["Smith", "NATO", "eBay", "1860", "F-16", "de", "van", "al"] {
        assert!(opens(word), "{word}");
    }
    for word in ["the", "said", "of", "for", ",", "(", "—", "'s"] {
        assert!(!opens(word), "{word}");
    }
}

#[test]
fn lower_case_sentences_are_scored_in_full() {
    // Outside a name, a word that cannot open one is O without being scored, but in a sentence
    // with no capital letter at all (a source typed in lower case) every word is scored.
    let model = NerModel::builtin().expect("builtin model");
    let names = |text: &str| -> Vec<String> {
        let (mut tokens, mut sentences) = (Vec::new(), Vec::new());
        tokens::tokenize(text, &mut tokens, &mut sentences);
        let codes = vec![0u8; tokens.len()];
        let (mut tags, mut found) = (Vec::new(), Vec::new());
        model.tag(text, &tokens, &sentences, &codes, &mut Scratch::default(), &mut tags);
        spans(&tags, &mut found);
        found
            .iter()
            .map(|&(a, b, _)| text[tokens[a].start as usize..tokens[b - 1].end as usize].to_string())
            .collect()
    };
    assert_eq!(names("Talks between Britain and Japan ended, he said."), ["Britain", "Japan"]);
    let lower = "prime minister edward seaga said jamaica would cut its foreign debt this year.";
    // Scored in full, the lower-case given name opens a name. (The shipped model's span; one
    // retraining on 2026-11-30 took "edward" alone.)
    assert_eq!(names(lower), ["edward seaga"]);
    // One capital in the sentence, and lower-case words are O again.
    let cased = names(&lower.replace("jamaica", "Jamaica"));
    assert!(cased.iter().any(|name| name == "Jamaica"), "{cased:?}");
    assert!(cased.iter().all(|name| !name.starts_with(char::is_lowercase)), "{cased:?}");
}

/// The document flags of each capitalised token, for a document of sentences split at spaces.
fn flags_of(sentences: &[&str]) -> Vec<(String, u8)> {
    let lex = Lexicon::new();
    let mut scratch = String::new();
    let mut words = Vec::new();
    let mut first = Vec::new();
    for sentence in sentences {
        for (k, word) in sentence.split(' ').enumerate() {
            words.push(word);
            first.push(k == 0);
        }
    }
    let facts: Vec<WordFacts> = words.iter().map(|w| WordFacts::of(&lex, w, &mut scratch)).collect();
    let mut flags = Vec::new();
    features::document_flags(|i| facts[i], &first, &mut IdMap::default(), &mut flags);
    words
        .iter()
        .zip(flags)
        .filter(|(w, _)| w.starts_with(char::is_uppercase))
        .map(|(w, f)| (w.to_string(), f))
        .collect()
}

#[test]
fn document_flags_gather_every_occurrence_of_a_word() {
    let flags =
        flags_of(&["John Smith met Smith in Paris .", "smith is a word ; Acme Corp hired Mr Jones ."]);
    let bits = |list: &[u8]| list.iter().fold(0u8, |all, b| all | 1 << b);
    // "Smith" twice: after a given name and a capitalised word, inside a sentence; "smith"
    // also in lower case. Both occurrences carry every occurrence's flags.
    let smith = bits(&[0, 1, 2, 5]);
    let expected = [
        ("John", bits(&[6])),
        ("Smith", smith),
        ("Smith", smith),
        ("Paris", bits(&[1, 7])),
        ("Acme", bits(&[1, 4, 6])),
        ("Corp", bits(&[1, 5])),
        ("Mr", bits(&[1, 6])),
        ("Jones", bits(&[1, 3, 5])),
    ];
    let expected: Vec<(String, u8)> = expected.iter().map(|(w, f)| (w.to_string(), *f)).collect();
    assert_eq!(flags, expected);
    // A sentence's first word has no word before it; the last has none after.
    assert_eq!(flags_of(&["Paris", "Smith"]), [("Paris".to_string(), 0), ("Smith".to_string(), 0)]);
}

/// The document flags as they were worked out before the word cache held each word's facts:
/// from the words themselves (kept here to check the cached way against).
fn document_flags_from_words(lex: &Lexicon, words: &[&str], first: &[bool]) -> Vec<u8> {
    let mut scratch = String::new();
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let keys: Vec<u64> =
        words.iter().map(|w| if capital(w) { features::history_key(w, &mut scratch) } else { 0 }).collect();
    let mut map: IdMap<u8> = IdMap::default();
    for i in 0..keys.len() {
        let w = words[i];
        if keys[i] == 0 {
            if w.chars().next().is_some_and(char::is_lowercase) {
                *map.entry(features::history_key(w, &mut scratch)).or_insert(0) |= 1;
            }
            continue;
        }
        let prev = (!first[i]).then(|| words[i - 1]);
        let next = (i + 1 < keys.len() && !first[i + 1]).then(|| words[i + 1]);
        let mut flags = 0u8;
        flags |= (!first[i] as u8) << 1;
        flags |= (prev.is_some_and(|p| lex.is_given(p)) as u8) << 2;
        flags |= (prev.is_some_and(|p| lex.is_title_or_role(p)) as u8) << 3;
        flags |= (next.is_some_and(|n| lex.is_org_word(n)) as u8) << 4;
        flags |= (prev.is_some_and(capital) as u8) << 5;
        flags |= (next.is_some_and(capital) as u8) << 6;
        flags |= (prev.is_some_and(|p| matches!(p, "in" | "at" | "from")) as u8) << 7;
        *map.entry(keys[i]).or_insert(0) |= flags;
    }
    keys.iter().map(|k| if *k == 0 { 0 } else { map.get(k).copied().unwrap_or(0) }).collect()
}

#[test]
fn document_flags_from_the_word_cache_are_the_words_own() {
    let lex = Lexicon::new();
    let vocabulary = [
        "John",
        "Mary",
        "Smith",
        "smith",
        "SMITH",
        "Paris",
        "paris",
        "Acme",
        "Corp",
        "Bank",
        "Mr",
        "President",
        "in",
        "at",
        "from",
        "the",
        "said",
        ".",
        ",",
        "3",
        "Éric",
        "éric",
        "Östen",
        "Ministry",
        "ministry",
    ];
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state as usize
    };
    let mut scratch = String::new();
    for _ in 0..300 {
        let n = 1 + next() % 40;
        let words: Vec<&str> = (0..n).map(|_| vocabulary[next() % vocabulary.len()]).collect();
        let first: Vec<bool> = (0..n).map(|i| i == 0 || next() % 6 == 0).collect();
        let facts: Vec<WordFacts> = words.iter().map(|w| WordFacts::of(&lex, w, &mut scratch)).collect();
        let mut flags = Vec::new();
        features::document_flags(|i| facts[i], &first, &mut IdMap::default(), &mut flags);
        assert_eq!(flags, document_flags_from_words(&lex, &words, &first), "{words:?} {first:?}");
    }
}

#[test]
fn context_sums_kept_by_key_are_the_sums_of_the_features() {
    // The tagger sums the features of few-valued inputs once per key (`ContextSums`): for
    // contexts drawn at random from small ranges (so that keys repeat), the sum it gives is
    // the sum over all the context features that training sees, and contexts whose keys agree
    // have the same features.
    let model = NerModel::builtin().expect("the built-in model loads");
    let weights = &model.second.as_ref().expect("two passes").context;
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n) as u8
    };
    let direct = |keys: &[u64]| {
        let mut sum = [0; NUM_TAGS];
        add_context(&mut sum, weights, keys);
        sum
    };
    let (mut sums, mut keys) = (ContextSums::default(), Vec::new());
    let mut seen: [HashMap<u64, Vec<u64>>; 3] = Default::default();
    for _ in 0..20_000 {
        let c = Context {
            prev: next(10),
            prev2: next(10),
            class: [next(11), next(11), next(11)],
            first: next(2) == 1,
            headline: next(5) == 0,
            gaz: [next(10), next(10), next(10)],
            history: next(5),
            elsewhere: next(4) << next(7),
            lower: [u64::from(next(3)), u64::from(next(3)), u64::from(next(3))],
            run: features::Run {
                code: if next(3) == 0 { next(5) << 3 | next(5) } else { 0 },
                head: u64::from(next(3)),
                first: u64::from(next(3)),
                before: u64::from(next(3)),
                after: u64::from(next(3)),
            },
        };
        let pass = FirstPass {
            tags: [next(10), next(10), next(10)],
            counts: [next(3), next(3), next(3), next(3), next(3)],
            longer: next(16),
            capital: next(2) == 1,
        };
        let mut all = Vec::new();
        context_features(&c, Parts::ALL, &mut all);
        features::second_pass_features(&pass, c.prev, c.class[1], c.first, &mut all);
        let mut words = Vec::new();
        context_features(&c, Parts::WORDS, &mut words);
        let mut kept = sums.place(&c, weights, &mut keys);
        add(&mut kept, &sums.tags(&c, weights, &mut keys));
        add(&mut kept, &sums.second(&pass, &c, weights, &mut keys));
        add(&mut kept, &direct(&words));
        assert_eq!(kept, direct(&all), "{c:?} {pass:?}");

        let part = |parts: Parts| {
            let mut out = Vec::new();
            context_features(&c, parts, &mut out);
            out
        };
        let mut second = Vec::new();
        features::second_pass_features(&pass, c.prev, c.class[1], c.first, &mut second);
        let second_key = features::second_pass_key(&pass, c.prev, c.class[1], c.first);
        for (k, (key, features)) in
            [(c.place_key(), part(Parts::PLACE)), (c.tag_key(), part(Parts::TAGS)), (second_key, second)]
                .into_iter()
                .enumerate()
        {
            let before = seen[k].entry(key).or_insert_with(|| features.clone());
            assert_eq!(*before, features, "part {k}, key {key:x}");
        }
    }
    assert!(seen.iter().all(|keys| keys.len() > 100), "keys repeat and vary");
}

#[test]
fn context_sums_start_over_when_a_table_is_full() {
    let mut sums = ContextSums::default();
    sums.tags.insert(1, [1; NUM_TAGS]);
    sums.second.extend((0..CONTEXT_SUMS_LIMIT as u64 - 1).map(|k| (k, [0; NUM_TAGS])));
    sums.bound();
    assert_eq!((sums.tags.len(), sums.second.len()), (1, CONTEXT_SUMS_LIMIT - 1), "not full yet");
    sums.second.insert(u64::MAX, [0; NUM_TAGS]);
    sums.bound();
    assert!(sums.place.is_empty() && sums.tags.is_empty() && sums.second.is_empty());
}
