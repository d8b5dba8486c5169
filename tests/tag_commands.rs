//! End-to-end tests of the tag stage's own commands: `copydesk tag-conll` over a small
//! hand-written CoNLL file (tests/tag-conll/sample.conll, our own sentences, from no corpus),
//! and `copydesk entities` over the articles.jsonl of a pipeline run on articles written here.

mod common;

use common::{copydesk, repo};

use std::path::Path;
use std::process::Output;

fn stdout(output: &Output) -> String {
    assert!(output.status.success(), "copydesk failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn tag_conll_appends_one_iob2_tag_per_token_line() {
    let input = repo().join("tests/tag-conll/sample.conll");
    let output = stdout(&copydesk(repo(), &["tag-conll", input.to_str().unwrap()]));
    let lines_in: Vec<&str> = std::fs::read_to_string(&input).unwrap().leak().lines().collect();
    let lines_out: Vec<&str> = output.lines().collect();
    assert_eq!(lines_in.len(), lines_out.len(), "one output line per input line");
    let mut predicted = Vec::new();
    for (a, b) in lines_in.iter().zip(&lines_out) {
        if a.trim().is_empty() {
            assert!(b.trim().is_empty(), "blank lines stay blank: {b:?}");
            continue;
        }
        let (kept, tag) = b.rsplit_once(' ').expect("a tag column");
        assert_eq!(kept, *a, "the input line is kept as it was");
        let valid = tag == "O"
            || ["B-", "I-"]
                .iter()
                .any(|p| tag.strip_prefix(p).is_some_and(|t| ["PER", "ORG", "LOC", "MISC"].contains(&t)));
        assert!(valid, "not an IOB2 CoNLL tag: {tag:?}");
        if !a.starts_with("-DOCSTART-") {
            predicted.push((a.split(' ').next().unwrap(), tag));
        }
    }
    // IOB2: an I- tag continues an entity of its type.
    for w in predicted.windows(2) {
        if let Some(kind) = w[1].1.strip_prefix("I-") {
            assert!(w[0].1.ends_with(kind), "{:?} after {:?}", w[1], w[0]);
        }
    }
    let tag_of = |word: &str| predicted.iter().find(|(w, _)| *w == word).map(|(_, t)| *t).unwrap();
    assert_eq!(tag_of("Emmanuel"), "B-PER");
    assert_eq!(tag_of("Macron"), "I-PER");
    assert_eq!(tag_of("Berlin"), "B-LOC");
    assert_eq!(tag_of("Paris"), "B-LOC");
    assert_eq!(tag_of("United"), "B-ORG");
    assert_eq!(tag_of("Nations"), "I-ORG");
    assert_eq!(tag_of("Monday"), "O");
    assert_eq!(tag_of("Tuesday"), "O");
    assert_eq!(tag_of("Rain"), "O");

    // A byte-order mark before the first token (as Windows tools write) changes nothing.
    let dir = tempfile::tempdir().unwrap();
    let with_bom = dir.path().join("bom.conll");
    std::fs::write(&with_bom, format!("\u{feff}{}", std::fs::read_to_string(&input).unwrap())).unwrap();
    assert_eq!(stdout(&copydesk(repo(), &["tag-conll", with_bom.to_str().unwrap()])), output);

    // -o writes the same to a file.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sample.pred");
    stdout(&copydesk(repo(), &["tag-conll", input.to_str().unwrap(), "-o", out.to_str().unwrap()]));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), output);

    // A tab-separated file (WNUT's layout) gets its tag after a tab, and the same tags.
    let tabbed = dir.path().join("sample.tsv");
    std::fs::write(&tabbed, lines_in.iter().map(|l| l.replace(' ', "\t") + "\n").collect::<String>())
        .unwrap();
    let tabbed_out = stdout(&copydesk(repo(), &["tag-conll", tabbed.to_str().unwrap()]));
    assert_eq!(tabbed_out.replace('\t', " "), output);
    assert!(tabbed_out.lines().all(|l| l.is_empty() || l.contains('\t')), "{tabbed_out}");
    // In a tab-separated file a line without a label column still gets a tab, and a token may
    // hold a space.
    std::fs::write(&tabbed, "-DOCSTART-\n\nTalks\nin\tO\nNew York\tB-LOC\nended\tO\n").unwrap();
    let tabbed_out = stdout(&copydesk(repo(), &["tag-conll", tabbed.to_str().unwrap()]));
    let lines: Vec<&str> = tabbed_out.lines().collect();
    assert_eq!(lines[0], "-DOCSTART-\tO");
    assert_eq!(lines[2], "Talks\tO");
    assert_eq!(lines[4], "New York\tB-LOC\tB-LOC", "{tabbed_out}");
}

#[test]
fn tag_conll_writes_a_holiday_as_misc() {
    // The stage makes "Easter" a date; CoNLL's guidelines make holidays MISC.
    let tags = predicted_tags("Sales rose before Easter in Britain .", &[]);
    assert_eq!(tags, ["O", "O", "O", "B-MISC", "O", "B-LOC", "O"]);
}

/// `tag-conll`'s predicted tags, with `options`, for `sentence` written as a CoNLL file of one
/// token a line (its words split at spaces, each with a gold "O").
fn predicted_tags(sentence: &str, options: &[&str]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("sentence.conll");
    std::fs::write(&input, sentence.split(' ').map(|w| format!("{w} O\n")).collect::<String>()).unwrap();
    let mut args = vec!["tag-conll", input.to_str().unwrap()];
    args.extend_from_slice(options);
    let output = stdout(&copydesk(repo(), &args));
    output.lines().map(|l| l.rsplit(' ').next().unwrap().to_string()).collect()
}

/// `--no-model` tags with the gazetteer-only mode: a name no table or given name knows is left
/// out, where the model finds it.
#[test]
fn tag_conll_without_the_model_finds_the_tables_names_alone() {
    let sentence = "Zentrix Molbaug said profits rose in Berlin .";
    assert_eq!(predicted_tags(sentence, &["--no-model"]), ["O", "O", "O", "O", "O", "O", "B-LOC", "O"]);
    assert_eq!(predicted_tags(sentence, &[]), ["B-ORG", "I-ORG", "O", "O", "O", "O", "B-LOC", "O"]);
}

#[test]
fn tag_conll_reads_standard_input_as_dash() {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["tag-conll", "-"])
        .env("RUST_LOG", "error")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"Troops O\nleft O\nUkraine O\n. O\n").unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(stdout(&output), "Troops O O\nleft O O\nUkraine O B-LOC\n. O O\n");
}

#[test]
fn tag_conll_names_a_missing_file() {
    let output = copydesk(repo(), &["tag-conll", "no/such/file.conll"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("no/such/file.conll"));
}

/// An article given by mistake is refused with a message saying why, not tagged as one "token"
/// a paragraph (a walkthrough's case).
#[test]
fn tag_conll_refuses_running_text() {
    let output = copydesk(repo(), &["tag-conll", "seeds/000_129b3bfcffd9dbf4.txt"]);
    assert!(!output.status.success());
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("does not look like a CoNLL column file: line 1 holds"), "{said}");
    assert!(output.stdout.is_empty());
}

/// Four short articles: one person in two transliterations, a namesake with another first name.
const ARTICLES: &[(&str, &str)] = &[
    (
        "a1",
        "Dmitry Kowalsky, the mayor of Gdansk, met NATO officials in Brussels on Monday. Kowalsky said the talks went well.",
    ),
    ("a2", "Dmitriy Kowalskiy returned to Gdansk from Brussels. Kowalskiy told reporters NATO had listened."),
    ("a3", "Anna Kowalsky won the chess final in Warsaw. Kowalsky thanked her coach."),
    ("a4", "NATO ministers meet in Brussels next week."),
];

fn run_pipeline(dir: &Path) -> std::path::PathBuf {
    let input = dir.join("articles.in.jsonl");
    let lines: Vec<String> =
        ARTICLES.iter().map(|(id, text)| serde_json::json!({"id": id, "text": text}).to_string()).collect();
    std::fs::write(&input, lines.join("\n") + "\n").unwrap();
    let config = dir.join("pipeline.yaml");
    std::fs::write(
        &config,
        "output: out\nstages:\n  - id: ingest\n    type: ingest\n    paths: [articles.in.jsonl]\n  - id: tag\n    type: tag\n  - id: export\n    type: export\n    formats: [jsonl]\n",
    )
    .unwrap();
    let output = copydesk(dir, &["run", "--quiet", "pipeline.yaml"]);
    assert!(output.status.success(), "run failed: {}", String::from_utf8_lossy(&output.stderr));
    dir.join("out")
}

#[test]
fn entities_lists_top_entities_across_documents() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_pipeline(dir.path());
    let listing = stdout(&copydesk(dir.path(), &["entities", out.to_str().unwrap()]));
    let rows: Vec<&str> = listing.lines().collect();
    assert!(rows[0].starts_with("type"), "a header first: {listing}");
    let row = |canonical: &str| {
        rows.iter()
            .find(|r| r.split_whitespace().nth(1).is_some_and(|_| r.contains(canonical)))
            .unwrap_or_else(|| panic!("no row for {canonical}:\n{listing}"))
            .to_string()
    };
    // NATO in three documents and Brussels in three come first (most mentions).
    let nato = row("NATO");
    assert!(nato.starts_with("ORG"), "{nato}");
    assert!(nato.contains("Q7184"), "the gazetteer's QID: {nato}");
    // Dmitry Kowalsky: both spellings and both surname mentions under one id, in two documents.
    let dmitry = rows.iter().find(|r| r.contains("Dmitriy Kowalskiy")).expect(&listing);
    assert!(dmitry.starts_with("PERSON"), "{dmitry}");
    assert!(dmitry.contains("Dmitry Kowalsky (1)") && dmitry.contains("Kowalskiy (1)"), "{dmitry}");
    let counts: Vec<&str> = dmitry.split_whitespace().collect();
    assert!(counts.windows(2).any(|w| w == ["4", "2"]), "4 mentions in 2 documents: {dmitry}");
    // Anna Kowalsky is someone else.
    let anna = rows.iter().find(|r| r.contains("Anna Kowalsky")).expect(&listing);
    assert!(!anna.contains("Dmitr"), "{anna}");

    // --type filters by type; --top limits the rows.
    let people = stdout(&copydesk(dir.path(), &["entities", "out", "--type", "person"]));
    assert!(people.lines().skip(1).all(|r| r.starts_with("PERSON")), "{people}");
    assert_eq!(people.lines().count(), 3, "header and two people: {people}");
    let top = copydesk(dir.path(), &["entities", "out/articles.jsonl", "--top", "1"]);
    assert_eq!(stdout(&top).lines().count(), 2, "{}", stdout(&top));
    let all = stdout(&copydesk(dir.path(), &["entities", "out", "--top", "0"]));
    let count = all.lines().count() - 1;
    assert!(count > 2, "--top 0 lists them all: {all}");
    // A cut list says so, with the total.
    let note = String::from_utf8_lossy(&top.stderr);
    assert!(note.contains(&format!("1 of {count} entities shown")), "{note}");
    let bad = copydesk(dir.path(), &["entities", "out", "--type", "PLANET"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("PLANET"));

    // --json: the same rows in the same order, one object a line, spellings commonest first.
    let json = stdout(&copydesk(dir.path(), &["entities", "out", "--top", "0", "--json"]));
    let objects: Vec<serde_json::Value> =
        json.lines().map(|line| serde_json::from_str(line).expect("a JSON object a line")).collect();
    assert_eq!(objects.len(), count, "{json}");
    for (object, row) in objects.iter().zip(all.lines().skip(1)) {
        let id = object["entity_id"].as_str().unwrap();
        assert!(row.contains(id) && row.starts_with(object["type"].as_str().unwrap()), "{object} / {row}");
        let spellings = object["spellings"].as_array().unwrap();
        let counts: Vec<u64> = spellings.iter().map(|s| s["count"].as_u64().unwrap()).collect();
        assert_eq!(counts.iter().sum::<u64>(), object["mentions"].as_u64().unwrap(), "{object}");
        assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{object}");
    }
    let dmitry = objects.iter().find(|o| o["canonical"] == "Dmitry Kowalsky").expect(&json);
    assert!(json.lines().all(|line| line.starts_with("{\"type\":")), "the table's column order: {json}");
    assert_eq!((dmitry["mentions"].as_u64(), dmitry["documents"].as_u64()), (Some(4), Some(2)), "{dmitry}");
}
