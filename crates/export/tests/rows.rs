//! The CSV files are written on a thread of export's own, in batches, while the stage's worker
//! writes the JSON lines: every file must still hold every document once, in input order, and
//! every document must leave the stage once.

use copydesk_core::testing::{Run, build, run_stage};
use copydesk_core::{Document, Entity, EntityKind, Registry};

fn registry() -> Registry {
    let mut registry = Registry::new();
    copydesk_export::register(&mut registry);
    registry
}

/// `n` documents, the `i`th naming `i % 3` places; every seventh one's offsets made stale, so
/// it is rejected between exported ones.
fn documents(n: usize) -> Vec<Document> {
    (0..n)
        .map(|i| {
            let mut doc =
                Document::new(format!("doc-{i}"), "test", format!("Story {i}: Kyiv, Kyiv and Kyiv."));
            let first = format!("Story {i}: ").len();
            for m in 0..i % 3 {
                let start = first + 6 * m;
                let shift = usize::from(i % 7 == 6);
                doc.entities.push(Entity {
                    kind: EntityKind::Gpe,
                    text: "Kyiv".into(),
                    start: start + shift,
                    end: start + 4 + shift,
                    canonical: "Kyiv".into(),
                    entity_id: "Q1899".into(),
                });
            }
            doc
        })
        .collect()
}

fn export(formats: &[&str], docs: Vec<Document>) -> (tempfile::TempDir, Run) {
    let dir = tempfile::tempdir().unwrap();
    let options = serde_json::json!({"dir": dir.path().display().to_string(), "formats": formats});
    let built = build(&registry(), "export", options, dir.path());
    let run = run_stage(&built, docs);
    (dir, run)
}

/// A CSV file's column, by its header's name (as a reader should: a release may add columns).
fn csv_column(path: &std::path::Path, name: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let column = reader.headers().unwrap().iter().position(|h| h == name).expect("a column of that name");
    reader.records().map(|r| r.unwrap()[column].to_string()).collect()
}

#[test]
fn every_file_holds_every_document_once_in_input_order() {
    // Several of the CSV thread's batches (64 documents), and a part batch at the end.
    let n = 333;
    let (dir, run) = export(&["jsonl", "csv", "mentions"], documents(n));
    let exported: Vec<String> =
        (0..n).filter(|i| i % 7 != 6 || i % 3 == 0).map(|i| format!("doc-{i}")).collect();
    let rejected: Vec<String> =
        (0..n).filter(|i| i % 7 == 6 && i % 3 != 0).map(|i| format!("doc-{i}")).collect();

    assert_eq!(run.docs.iter().map(|d| d.id.clone()).collect::<Vec<_>>(), exported);
    assert_eq!(run.rejects.iter().map(|r| r.id.clone()).collect::<Vec<_>>(), rejected);

    let jsonl = std::fs::read_to_string(dir.path().join("articles.jsonl")).unwrap();
    let ids: Vec<String> = jsonl
        .lines()
        .map(|line| {
            serde_json::from_str::<serde_json::Value>(line).unwrap()["id"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(ids, exported);
    assert_eq!(csv_column(&dir.path().join("articles.csv"), "id"), exported);
    let entities = csv_column(&dir.path().join("articles.csv"), "entities");
    let expected: Vec<String> =
        exported.iter().map(|id| (id[4..].parse::<usize>().unwrap() % 3).to_string()).collect();
    assert_eq!(entities, expected, "each row's entity count is its own document's");

    let mentions = csv_column(&dir.path().join("mentions.csv"), "id");
    let expected: Vec<String> = exported
        .iter()
        .flat_map(|id| std::iter::repeat_n(id.clone(), id[4..].parse::<usize>().unwrap() % 3))
        .collect();
    assert_eq!(mentions, expected);
    // Nothing left under a temporary name.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");
}

#[test]
fn one_format_alone_is_written_whole() {
    for (format, file) in [("jsonl", "articles.jsonl"), ("csv", "articles.csv"), ("mentions", "mentions.csv")]
    {
        let (dir, run) = export(&[format], documents(130));
        assert_eq!(run.docs.len() + run.rejects.len(), 130, "{format}");
        let written: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(written, [file], "{format}");
        let lines = std::fs::read_to_string(dir.path().join(file)).unwrap().lines().count();
        let rows = match format {
            "jsonl" => run.docs.len(),
            "csv" => run.docs.len() + 1,
            _ => run.docs.iter().map(|d| d.entities.len()).sum::<usize>() + 1,
        };
        assert_eq!(lines, rows, "{format}");
    }
}

/// An input's field, id or original text with a line break other than `\n` in it (U+2028,
/// U+2029, U+0085, which JSON lets stand raw) stays on its one line, escaped, and reads back.
#[test]
fn every_record_is_one_line_whatever_its_strings_hold() {
    let mut doc = Document::new("wire\u{2028}1", "feed.jsonl:1", "Kyiv.");
    doc.original = "Kyiv.\u{2029}".into();
    doc.fields.insert("note".into(), serde_json::json!("one\u{0085}two"));
    let dir = tempfile::tempdir().unwrap();
    let options = serde_json::json!({"dir": dir.path().display().to_string(), "formats": ["jsonl"],
        "include_original": true});
    let run = run_stage(&build(&registry(), "export", options, dir.path()), vec![doc.clone()]);
    assert_eq!(run.docs.len(), 1);
    let jsonl = std::fs::read_to_string(dir.path().join("articles.jsonl")).unwrap();
    let breaks = ['\n', '\r', '\u{2028}', '\u{2029}', '\u{0085}'];
    assert_eq!(jsonl.matches(breaks).count(), 1, "{jsonl}");
    assert!(jsonl.contains(r"wire\u20281") && jsonl.contains(r"one\u0085two"), "{jsonl}");
    let read: serde_json::Value = serde_json::from_str(&jsonl).unwrap();
    assert_eq!(
        (&read["id"], &read["original"], &read["fields"]["note"]),
        (&serde_json::json!(doc.id), &serde_json::json!(doc.original), &doc.fields["note"])
    );
}

#[test]
fn a_stage_dropped_before_its_end_leaves_no_file() {
    // A stopped run drops its stages without calling `finish`: the CSV thread ends and its
    // temporary files go with the worker's.
    let dir = tempfile::tempdir().unwrap();
    let built = build(
        &registry(),
        "export",
        serde_json::json!({"dir": dir.path().display().to_string()}),
        dir.path(),
    );
    let copydesk_core::Built::Stage(make) = &built else { panic!("not a document stage") };
    let mut stage = make();
    let mut out = copydesk_core::Output::new("export");
    for mut doc in documents(200) {
        doc.set_seq(0);
        out.set_input(Some(0));
        stage.process(doc, &mut out).unwrap();
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3, "three temporary files while writing");
    drop(stage);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn csv_fields_are_columns_of_their_own_after_the_articles_own() {
    let dir = tempfile::tempdir().unwrap();
    let options = serde_json::json!({
        "dir": dir.path().display().to_string(),
        "csv_fields": ["agency", "reading_minutes", "tags", "missing"],
    });
    let built = build(&registry(), "export", options, dir.path());
    let mut docs = documents(3);
    docs[0].fields.insert("agency".into(), "AFP".into());
    docs[0].fields.insert("reading_minutes".into(), serde_json::json!(2.5));
    docs[0].fields.insert("tags".into(), serde_json::json!(["a", "b, c"]));
    docs[1].fields.insert("agency".into(), serde_json::Value::Null);
    docs[2].fields.insert("reading_minutes".into(), serde_json::json!(true));
    let run = run_stage(&built, docs);
    assert_eq!(run.docs.len(), 3);
    let path = dir.path().join("articles.csv");
    let header: Vec<String> =
        csv::Reader::from_path(&path).unwrap().headers().unwrap().iter().map(String::from).collect();
    let own: Vec<&str> = copydesk_export::ARTICLE_COLUMNS.to_vec();
    assert_eq!(header[..own.len()], own[..], "the article's own columns first, as always");
    assert_eq!(header[own.len()..], ["agency", "reading_minutes", "tags", "missing"]);
    assert_eq!(csv_column(&path, "agency"), ["AFP", "", ""]);
    assert_eq!(csv_column(&path, "reading_minutes"), ["2.5", "", "true"]);
    assert_eq!(csv_column(&path, "tags"), [r#"["a","b, c"]"#, "", ""]);
    assert_eq!(csv_column(&path, "missing"), ["", "", ""]);
    assert_eq!(csv_column(&path, "id"), ["doc-0", "doc-1", "doc-2"]);
}

#[test]
fn csv_fields_must_name_new_columns_of_a_csv_written() {
    let registry = registry();
    let export = registry.get("export").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let problem = |options: serde_json::Value| {
        let ctx = copydesk_core::BuildContext {
            stage_id: "export",
            base_dir: dir.path(),
            out_dir: dir.path(),
            workers: 1,
            earlier: &[],
            later: &[],
        };
        match export.build(&ctx, options) {
            Ok(_) => "accepted".to_string(),
            Err(errors) => format!("{errors:?}"),
        }
    };
    assert_eq!(problem(serde_json::json!({"csv_fields": ["byline"]})), "accepted");
    assert!(
        problem(serde_json::json!({"csv_fields": ["title"]})).contains("one of articles.csv's own columns")
    );
    assert!(problem(serde_json::json!({"csv_fields": ["agency", "agency"]})).contains("named twice"));
    assert!(problem(serde_json::json!({"csv_fields": [" "]})).contains("must not be empty"));
    assert!(problem(serde_json::json!({"csv_fields": [" agency"]})).contains("spaces around it"));
    assert!(
        problem(serde_json::json!({"formats": ["jsonl"], "csv_fields": ["agency"]}))
            .contains("add `csv` to `formats`")
    );
}
