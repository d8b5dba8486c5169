//! The dedup stage driven through the registry, as the runtime drives it: documents in, one
//! `finish`, annotated documents out. Each test lists documents and the clusters it expects.

use copydesk_core::testing::{Run, build, run_stage};
use copydesk_core::{Built, Document, Output, Registry};

/// A wire story, paragraph by paragraph.
const STORY: [&str; 6] = [
    "The central bank raised its main interest rate by half a percentage point on Tuesday, the largest increase in more than two decades, as policymakers moved to tame inflation that has climbed to a forty-year high.",
    "Officials said in a statement that further increases would likely be appropriate in the coming months, and that the bank would begin shrinking its balance sheet of bonds and mortgage securities from the start of June.",
    "Markets had widely expected the move, and stocks rallied after the governor told reporters that a larger three-quarter point increase was not something the committee was actively considering at this stage.",
    "Consumer prices rose by more than eight per cent in the year to March, driven by higher costs for fuel, food and housing, while wages have failed to keep pace for most workers across the country.",
    "Economists warned that the rapid tightening could tip the economy into a recession next year, pointing to slowing factory orders, a cooling housing market and weaker demand from the main trading partners abroad.",
    "The governor said the labour market remained very strong, with unemployment close to its lowest level in half a century, and argued that the economy was well placed to handle tighter financial conditions.",
];

/// An unrelated story.
const OTHER: [&str; 3] = [
    "Rescue teams searched through the night for survivors after a powerful earthquake struck the mountainous border region early on Sunday, flattening villages and cutting roads to several remote valleys.",
    "Local officials said at least forty people had been killed and hundreds injured, and warned that the toll was expected to rise as crews reached communities that had been cut off by landslides.",
    "Aid agencies appealed for tents, blankets and clean water as temperatures fell below freezing, and the government declared three days of national mourning for the victims of the disaster.",
];

fn story(paragraphs: &[&str]) -> String {
    paragraphs.join("\n\n")
}

fn doc(id: &str, published: Option<&str>, text: &str) -> Document {
    let mut doc = Document::new(id, format!("{id}.txt"), text);
    doc.published = published.map(str::to_string);
    doc
}

fn built(options: serde_json::Value) -> Built {
    let mut registry = Registry::new();
    copydesk_dedup::register(&mut registry);
    build(&registry, "dedup", options, std::path::Path::new("."))
}

/// The default stage's maker, for a test that drives its calls by hand.
fn maker() -> Box<dyn Fn() -> Box<dyn copydesk_core::Stage> + Send + Sync> {
    let Built::Stage(make) = built(serde_json::json!({})) else { panic!("dedup is a document stage") };
    make
}

fn run(options: serde_json::Value, docs: Vec<Document>) -> Run {
    let docs = docs.into_iter().enumerate().map(|(i, mut d)| (d.set_seq(i as u64), d).1).collect();
    run_stage(&built(options), docs)
}

/// One line per emitted document: `id -> cluster` and, for a duplicate, its scores against the
/// representative; then the dropped duplicates.
fn render(run: &Run) -> String {
    let mut lines: Vec<String> = run
        .docs
        .iter()
        .map(|doc| {
            let info = doc.dedup.as_ref().expect("every emitted document is annotated");
            match &info.duplicate_of {
                None => {
                    assert!(
                        info.similarity.is_none() && info.jaccard.is_none() && info.containment.is_none()
                    );
                    format!("{} -> {}", doc.id, info.cluster)
                }
                Some(rep) => {
                    assert_eq!(&info.cluster, rep);
                    let (j, c) = (info.jaccard.unwrap(), info.containment.unwrap());
                    assert_eq!(info.similarity, Some(j.max(c)));
                    format!("{} -> {} (jaccard {j}, containment {c})", doc.id, info.cluster)
                }
            }
        })
        .collect();
    if !run.dropped.is_empty() {
        lines.push(format!("dropped: {}", run.duplicates().join(", ")));
    }
    lines.join("\n")
}

#[track_caller]
fn check(docs: Vec<Document>, expect: &str) {
    check_with(serde_json::json!({}), docs, expect);
}

#[track_caller]
fn check_with(options: serde_json::Value, docs: Vec<Document>, expect: &str) {
    let got = render(&run(options, docs));
    assert_eq!(got, expect.trim(), "\n--- got ---\n{got}\n");
}

#[test]
fn exact_copies_share_a_cluster() {
    let text = story(&STORY);
    check(
        vec![doc("a", None, &text), doc("b", None, &text), doc("c", None, &story(&OTHER))],
        "
a -> a
b -> a (jaccard 1, containment 1)
c -> c",
    );
}

#[test]
fn case_and_punctuation_do_not_matter() {
    let restyled = story(&STORY).to_uppercase().replace(',', "").replace('.', " --");
    check(
        vec![doc("a", None, &story(&STORY)), doc("b", None, &restyled)],
        "
a -> a
b -> a (jaccard 1, containment 1)",
    );
}

#[test]
fn trimmed_copy_is_caught_by_containment() {
    // The first 75 words under a three-word lead: too little of the story for Jaccard, nearly
    // all inside it, and over 30% of it. Without dates, `copy` represents (the smaller id).
    let wire = story(&STORY);
    let first: Vec<&str> = wire.split_whitespace().take(75).collect();
    let copy = format!("Borrowing costs jumped.\n\n{}", first.join(" "));
    // One paragraph of the story quoted inside another article is contained too, but it is a
    // small part of the story (containment_overlap): not a copy.
    let quoting = format!("{}\n\n{}", story(&OTHER), STORY[3]);
    check(
        vec![doc("wire", None, &wire), doc("copy", None, &copy), doc("quoting", None, &quoting)],
        "
wire -> copy (jaccard 0.3527, containment 0.9605)
copy -> copy
quoting -> quoting",
    );
}

#[test]
fn boilerplate_paragraphs_do_not_make_duplicates() {
    // Eighteen different short items (the first and last 12 words of nine paragraphs) under one
    // outlet's blurb: the blurb is most of each text, yet it follows eighteen different
    // paragraphs, so it is left out and the items stay apart.
    let blurb = "Sign up to our morning newsletter for the day's top stories, delivered to your inbox before breakfast, and follow us on social media for breaking news alerts all day long.";
    let mut items = Vec::new();
    for paragraph in STORY.iter().chain(&OTHER) {
        let words: Vec<&str> = paragraph.split_whitespace().collect();
        for part in [&words[..12], &words[words.len() - 12..]] {
            let id = format!("item{:02}", items.len());
            items.push(doc(&id, None, &format!("{}\n\n{blurb}", part.join(" "))));
        }
    }
    let expect: Vec<String> = (0..18).map(|i| format!("item{i:02} -> item{i:02}")).collect();
    check(items.clone(), &expect.join("\n"));
    // With the detection off, the blurb makes them all one cluster.
    let got = render(&run(serde_json::json!({"boilerplate_contexts": 0}), items));
    assert_eq!(got.matches("-> item00").count(), 18, "{got}");
}

#[test]
fn unrelated_articles_stay_apart() {
    // Same topic, different words: one shared phrase is not a copy.
    let similar = "The central bank raised its main interest rate by a quarter point, a smaller step than traders had bet on, and said it would watch wages closely before deciding on its next move.";
    check(
        vec![doc("a", None, &story(&STORY)), doc("b", None, &story(&OTHER)), doc("c", None, similar)],
        "
a -> a
b -> b
c -> c",
    );
}

#[test]
fn representative_is_earliest_date_then_smallest_id() {
    let text = story(&STORY);
    let check_rep = |docs: Vec<Document>, expect: &str| check(docs, expect);
    check_rep(
        vec![doc("b", Some("2022-02-04"), &text), doc("a", Some("2022-02-05"), &text), doc("c", None, &text)],
        "
b -> b
a -> b (jaccard 1, containment 1)
c -> b (jaccard 1, containment 1)",
    );
    check_rep(
        vec![doc("c", Some("2022-02-04"), &text), doc("b", Some("2022-02-04"), &text), doc("a", None, &text)],
        "
c -> b (jaccard 1, containment 1)
b -> b
a -> b (jaccard 1, containment 1)",
    );
    // No dates at all: smallest id. A malformed date counts as missing.
    check_rep(
        vec![doc("z", Some("Feb 3"), &text), doc("y", None, &text)],
        "
z -> y (jaccard 1, containment 1)
y -> y",
    );
    // Ties and wins in every order (the stage keeps the best member's id as it goes).
    let docs = [("m", None), ("k", None), ("z", Some("2022-01-02")), ("y", Some("2022-01-02"))];
    let more = [("x", None), ("w", Some("2022-01-03")), ("b", Some("2022-01-02")), ("c", Some("2022-01-02"))];
    check_rep(
        docs.iter().chain(&more).map(|&(id, date)| doc(id, date, &text)).collect(),
        "
m -> b (jaccard 1, containment 1)
k -> b (jaccard 1, containment 1)
z -> b (jaccard 1, containment 1)
y -> b (jaccard 1, containment 1)
x -> b (jaccard 1, containment 1)
w -> b (jaccard 1, containment 1)
b -> b
c -> b (jaccard 1, containment 1)",
    );
}

#[test]
fn scores_are_against_the_representative() {
    // `mid` overlaps both ends; `late` only reaches `early` through it (0.32 and 0.50 are under
    // the default thresholds), yet its scores are against `early`.
    let early = story(&STORY[..4]);
    let mid = story(&STORY[1..5]);
    let late = story(&STORY[2..6]);
    check(
        vec![
            doc("late", Some("2022-03-03"), &late),
            doc("mid", Some("2022-03-02"), &mid),
            doc("early", Some("2022-03-01"), &early),
        ],
        "
late -> early (jaccard 0.3186, containment 0.4962)
mid -> early (jaccard 0.5906, containment 0.7537)
early -> early",
    );
}

#[test]
fn drop_mode_emits_representatives_only() {
    let text = story(&STORY);
    check_with(
        serde_json::json!({"mode": "drop"}),
        vec![
            doc("b", None, &text),
            doc("a", None, &text),
            doc("c", None, &story(&OTHER)),
            doc("d", None, &text),
        ],
        "
a -> a
c -> c
dropped: b, d",
    );
}

#[test]
fn short_documents_match_only_the_same_words() {
    check(
        vec![
            doc("empty", None, ""),
            doc("empty2", None, ""),
            doc("dashes", None, " -- "),
            doc("caption", None, "Photo: AP"),
            doc("caption2", None, "photo, AP"),
            doc("caption3", None, "Photo: Reuters"),
            doc("one", None, "Breaking"),
            doc("story", None, &format!("Photo: AP\n\n{}", story(&STORY))),
        ],
        "
empty -> empty
empty2 -> empty (jaccard 1, containment 1)
dashes -> dashes
caption -> caption
caption2 -> caption (jaccard 1, containment 1)
caption3 -> caption3
one -> one
story -> story",
    );
}

#[test]
fn clusters_do_not_depend_on_input_order() {
    let copy = format!("Borrowing costs jumped again.\n\n{}", story(&STORY[..3]));
    let docs = vec![
        doc("wire", Some("2022-01-02"), &story(&STORY)),
        doc("copy", Some("2022-01-01"), &copy),
        doc("exact", None, &story(&STORY)),
        doc("other", None, &story(&OTHER)),
        doc("other2", Some("2022-01-05"), &story(&OTHER[1..])),
        doc("tail", None, &story(&STORY[2..])),
    ];
    let by_id = |run: Run| {
        let mut lines: Vec<String> = render(&run).lines().map(str::to_string).collect();
        lines.sort();
        lines
    };
    let expect = by_id(run(serde_json::json!({}), docs.clone()));
    // Every rotation and the reverse of the input give the same annotations.
    for shift in 0..docs.len() {
        let mut shuffled = docs.clone();
        shuffled.rotate_left(shift);
        assert_eq!(by_id(run(serde_json::json!({}), shuffled.clone())), expect, "rotated by {shift}");
        shuffled.reverse();
        assert_eq!(by_id(run(serde_json::json!({}), shuffled)), expect, "rotated by {shift}, reversed");
    }
    assert_eq!(expect.iter().filter(|l| l.contains("-> copy")).count(), 4, "{expect:#?}");
}

#[test]
fn output_keeps_the_input_order() {
    let ids = ["q", "b", "z", "a"];
    let docs = ids.iter().map(|id| doc(id, None, &story(&STORY))).collect();
    let out: Vec<String> = run(serde_json::json!({}), docs).docs.into_iter().map(|d| d.id).collect();
    assert_eq!(out, ids);
}

#[test]
fn bad_options_are_refused_with_their_key() {
    let mut registry = Registry::new();
    copydesk_dedup::register(&mut registry);
    let stage = registry.get("dedup").unwrap();
    assert!(!stage.parallel, "one worker must see the whole stream");
    let base = std::path::Path::new(".");
    let ctx = copydesk_core::BuildContext {
        stage_id: "dedup",
        base_dir: base,
        out_dir: base,
        workers: 1,
        earlier: &[],
        later: &[],
    };
    let check = |options: serde_json::Value| stage.build(&ctx, options).err().and_then(|e| e[0].key.clone());
    assert_eq!(check(serde_json::json!({"treshold": 0.5})).as_deref(), Some("treshold"));
    assert_eq!(check(serde_json::json!({"mode": "delete"})).as_deref(), Some("mode"));
    assert_eq!(check(serde_json::json!({"bands": 20})).as_deref(), Some("bands"));
    assert_eq!(check(serde_json::json!({"jaccard": 0})).as_deref(), Some("jaccard"));
    assert_eq!(check(serde_json::json!({"mode": "drop", "bands": 20, "rows": 4})), None);
}

/// Long documents are released a few at a time, not a thousand at once: a thousand documents of
/// 300 KB held in one `finish` call were 600 MB.
#[test]
fn long_documents_are_released_a_few_megabytes_at_a_time() {
    let make = maker();
    let mut stage = make();
    let mut out = Output::new("dedup");
    // Forty documents of ~300 KB, of words of their own.
    for i in 0..40u64 {
        let words: String = (0..40_000).map(|w| format!("w{} ", (w * 7 + i * 13) % 50_000)).collect();
        let mut doc = doc(&format!("long-{i}"), None, &words);
        doc.set_seq(i);
        stage.process(doc, &mut out).unwrap();
    }
    let mut released = Vec::new();
    loop {
        stage.finish(&mut out).unwrap();
        let (docs, _, _) = out.take();
        released.push(docs.len());
        if !stage.more_to_finish() {
            break;
        }
    }
    assert_eq!(released.iter().sum::<usize>(), 40);
    // Text and original (~600 KB a document): 16 MB is reached within thirty.
    assert!(released.len() >= 2 && released.iter().all(|&n| n < 40), "{released:?}");
}

/// The report's `spool_bytes` is the spool's size: an original unlike the text adds its bytes;
/// one equal to the text, or emptied (no stage of the run reads it), adds none. (Driven by hand:
/// `run_stage` would empty the originals, as dedup does not read them.)
#[test]
fn the_spools_size_is_counted() {
    let make = maker();
    let texts = [story(&STORY), story(&OTHER), story(&STORY[1..])];
    let spooled = |original: &dyn Fn(&str) -> String| {
        let (mut stage, mut out) = (make(), Output::new("dedup"));
        for (i, text) in texts.iter().enumerate() {
            let mut doc = doc(&format!("d{i}"), None, text);
            doc.original = original(text);
            doc.set_seq(i as u64);
            stage.process(doc, &mut out).unwrap();
        }
        stage.finish(&mut out).unwrap();
        assert!(!stage.more_to_finish());
        out.take_counters()["spool_bytes"]
    };
    let same = spooled(&|text| text.to_string());
    let text_bytes: u64 = texts.iter().map(|t| t.len() as u64).sum();
    assert!(same > text_bytes, "{same} bytes spooled for {text_bytes} of text");
    assert_eq!(spooled(&|_| String::new()), same);
    let trailer = "\n\n(with wires)";
    let unlike = spooled(&|text| format!("{text}{trailer}"));
    assert_eq!(unlike - same, text_bytes + 3 * trailer.len() as u64);
}

#[test]
fn a_story_pasted_whole_into_another_does_not_chain_that_ones_copies_to_it() {
    // `long` is a story with a short one pasted in whole: the short one is inside it, a
    // trimmed copy by containment. `copy` is the long story without it. The three are one
    // cluster, but `copy` shares nothing with `a-short`, which represents it: it heads a part of
    // its own, and is never dropped as a copy of a story it has no passage of.
    let long = format!("{}\n\n{}", story(&STORY[..4]), story(&OTHER));
    let docs = || {
        vec![
            doc("a-short", None, &story(&OTHER)),
            doc("b-long", None, &long),
            doc("c-copy", None, &story(&STORY[..4])),
            doc("d-copy", None, &story(&STORY[..4]).replace("Tuesday", "Wednesday")),
        ]
    };
    let annotated = run(serde_json::json!({}), docs());
    assert_eq!(annotated.counters.get("chained_texts"), Some(&2));
    let found = render(&annotated);
    assert!(found.starts_with("a-short -> a-short\nb-long -> a-short (jaccard"), "{found}");
    assert!(found.contains("\nc-copy -> c-copy\nd-copy -> c-copy (jaccard"), "{found}");
    let dropped = run(serde_json::json!({"mode": "drop"}), docs());
    assert_eq!(dropped.duplicates(), ["b-long", "d-copy"]);
}

#[test]
fn each_copy_gets_its_own_scores_across_release_chunks() {
    // Stories of words of their own, each sent four times: the original, one without the last
    // 1 to 17 words of its last paragraph, one with the first 1 to 13 words of its first
    // paragraph rewritten, and an exact copy; a round of every story at a time. 2,800
    // documents, released over many chunks, whose copies' scores are worked out before the
    // release: neighbouring stories' copies have different scores, so a copy given another's
    // scores shows. Each must carry the scores of its own text against its representative's, as
    // scoring the two texts directly gives them, in both modes.
    let stories = 700;
    let words = |k: usize, p: usize| -> Vec<String> { (0..24).map(|w| format!("s{k}p{p}w{w}")).collect() };
    let text = |k: usize, variant: usize| -> String {
        let mut paragraphs: Vec<Vec<String>> = (0..4).map(|p| words(k, p)).collect();
        match variant {
            1 => paragraphs[3].truncate(24 - (1 + k % 17)),
            2 => paragraphs[0].iter_mut().take(1 + k % 13).for_each(|w| w.push('x')),
            _ => {}
        }
        paragraphs.iter().map(|p| p.join(" ") + ".").collect::<Vec<_>>().join("\n\n")
    };
    let mut docs = Vec::new();
    for variant in 0..4 {
        for k in 0..stories {
            let published = format!("2022-03-0{}", variant + 1);
            docs.push(doc(&format!("s{k}-{variant}"), Some(&published), &text(k, variant)));
        }
    }
    let texts: std::collections::HashMap<String, String> =
        docs.iter().map(|d| (d.id.clone(), d.text.clone())).collect();
    let round = |x: f64| (x * 10_000.0).round() / 10_000.0;
    let expect = |copy: &str, rep: &str| {
        let story = copy.split('-').next().unwrap();
        assert_eq!(rep, format!("{story}-0"), "{copy}: the earliest is the representative");
        let scores = copydesk_dedup::text_scores(&texts[copy], &texts[rep], 4);
        (round(scores.jaccard), round(scores.containment))
    };
    let annotated = run(serde_json::json!({}), docs.clone());
    let mut copies = 0;
    for doc in &annotated.docs {
        let info = doc.dedup.as_ref().expect("annotated");
        let Some(rep) = &info.duplicate_of else { continue };
        copies += 1;
        let (jaccard, containment) = expect(&doc.id, rep);
        assert_eq!((info.jaccard, info.containment), (Some(jaccard), Some(containment)), "{}", doc.id);
    }
    assert_eq!(copies, 3 * stories, "every copy is found");
    // Dropped, each copy's record gives the larger of its two scores.
    let dropped = run(serde_json::json!({ "mode": "drop" }), docs);
    assert_eq!((dropped.docs.len(), dropped.dropped.len()), (stories, 3 * stories));
    for copy in &dropped.dropped {
        let (jaccard, containment) = expect(&copy.id, copy.duplicate_of.as_deref().expect("a copy"));
        assert_eq!(copy.similarity, Some(jaccard.max(containment)), "{}", copy.id);
    }
}

/// Short reports of one template (dividend briefs) share most of their shingles and pass the rule,
/// but each is news of its own: their figures tell them apart (`figures_differ`), while a copy of
/// one, which keeps its figures, is still its duplicate. A long text is not judged by figures.
/// Two dividend briefs of one template, with other dates (Reuters prints thousands).
const BRIEF_JUNE: &str = "Qtly div 17-1/2 cts vs 17-1/2 cts prior\n\nPay June 5\n\nRecord May 22";
const BRIEF_APRIL: &str = "Qtly div 17-1/2 cts vs 17-1/2 cts prior\n\nPay April 20\n\nRecord April 2.";

#[test]
fn short_reports_with_other_figures_are_not_copies() {
    let (cooper, newhall) = (BRIEF_JUNE, BRIEF_APRIL);
    let copy = BRIEF_JUNE.replace("Qtly", "Quarterly");
    // The shingles alone make them copies.
    assert!(copydesk_dedup::text_scores(cooper, newhall, 4).jaccard >= 0.36);
    let docs = vec![
        doc("cooper", Some("1987-03-26"), cooper),
        doc("newhall", Some("1987-03-27"), newhall),
        doc("cooper-again", Some("1987-03-28"), &copy),
        doc("newhall-again", Some("1987-03-29"), newhall),
    ];
    let out = run(serde_json::json!({}), docs);
    assert_eq!(
        render(&out),
        "cooper -> cooper\nnewhall -> newhall\ncooper-again -> cooper (jaccard 0.8667, containment 0.9286)\n\
         newhall-again -> newhall (jaccard 1, containment 1)"
    );
    assert_eq!(out.counters.get("figures_differ"), Some(&2), "{:?}", out.counters);
    // Long texts with other figures are copies still (an updated toll in a reprinted story).
    let toll = |dead: u32| format!("At least {dead} people were killed and {} injured.", dead * 3);
    let figures = |text: &str| copydesk_dedup::Figures::of(text);
    assert!(!figures(&toll(40)).agree(&figures(&toll(52))), "short, they would not be copies");
    let long = |dead: u32| format!("{}\n\n{}", story(&STORY), toll(dead));
    assert!(figures(&long(40)).is_long());
    check(
        vec![doc("first", Some("2022-01-01"), &long(40)), doc("update", Some("2022-01-02"), &long(52))],
        "first -> first\nupdate -> first (jaccard 0.9452, containment 0.9718)",
    );
}

/// Reports split off for their figures join the part of their own figures, and the
/// representative's figures are read back from the spool when it comes after its members (it is
/// the earliest published, last in the input here).
#[test]
fn reports_split_by_figures_join_the_part_of_their_figures() {
    let (a, b) = (BRIEF_JUNE, BRIEF_APRIL);
    let docs = vec![
        doc("b1", Some("1987-03-27"), b),
        doc("a1", Some("1987-03-28"), a),
        doc("b2", Some("1987-03-29"), b),
        doc("a2", Some("1987-03-26"), a),
    ];
    let out = run(serde_json::json!({}), docs);
    assert_eq!(
        render(&out),
        "b1 -> b1\na1 -> a2 (jaccard 1, containment 1)\nb2 -> b1 (jaccard 1, containment 1)\na2 -> a2"
    );
    assert_eq!(out.counters.get("figures_differ"), Some(&2), "{:?}", out.counters);
}
