//! Snapshots of what ingest makes of the seeds and of the folder of broken inputs.

use std::path::{Path, PathBuf};

use copydesk_core::testing::{Run, build, run_source};
use copydesk_core::{BuildContext, Document, Registry};
use serde_json::json;

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn registry() -> Registry {
    let mut registry = Registry::new();
    copydesk_ingest::register(&mut registry);
    registry
}

/// Runs ingest with `options` (paths relative to the repository root).
fn ingest(options: serde_json::Value) -> Run {
    ingest_from(repo(), options)
}

/// Runs ingest with `options`, paths relative to `base_dir`.
fn ingest_from(base_dir: &Path, options: serde_json::Value) -> Run {
    run_source(build(&registry(), "ingest", options, base_dir))
}

/// A fresh, empty directory for one test: `name` tells the tests apart.
fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("copydesk-ingest-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A document as the snapshot shows it: the original only by length, since the text is there.
fn summary(doc: &Document) -> serde_json::Value {
    json!({
        "id": doc.id,
        "source": doc.source,
        "published": doc.published,
        "title": doc.title,
        "text": doc.text,
        "original_bytes": doc.original.len(),
        "fields": doc.fields,
    })
}

fn render(run: &Run) -> serde_json::Value {
    json!({
        "documents": run.docs.iter().map(summary).collect::<Vec<_>>(),
        "rejects": run.rejects,
    })
}

#[test]
fn seeds() {
    let run = ingest(json!({"paths": ["seeds"]}));
    assert_eq!(run.docs.len(), 5);
    for doc in &run.docs {
        let file = repo().join(&doc.source);
        assert_eq!(doc.original, std::fs::read_to_string(file).unwrap(), "original kept byte for byte");
    }
    insta::assert_yaml_snapshot!(render(&run));
}

#[test]
fn bad_inputs() {
    let run = ingest(json!({"paths": ["tests/bad-inputs"]}));
    insta::assert_yaml_snapshot!(render(&run));
}

#[test]
fn bad_inputs_with_strict_utf8_and_a_size_limit() {
    let run = ingest(
        json!({"paths": ["tests/bad-inputs/*.txt"], "invalid_utf8": "reject", "legacy_encoding": "none", "max_bytes": 150}),
    );
    let reasons: Vec<String> = run.rejects.iter().map(|r| format!("{}: {}", r.source, r.reason)).collect();
    insta::assert_yaml_snapshot!(reasons);
}

#[test]
fn a_glob_that_matches_nothing_is_a_reject() {
    let run = ingest(json!({"paths": ["seeds/*.nothing", "seeds/000_129b3bfcffd9dbf4.txt"]}));
    assert_eq!(run.docs.len(), 1);
    let reasons: Vec<&str> = run.rejects.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(reasons, ["no input files match `seeds/*.nothing`"]);
}

#[test]
fn missing_paths_are_config_errors_naming_each_key() {
    let registry = registry();
    let ctx = BuildContext {
        stage_id: "ingest",
        base_dir: repo(),
        out_dir: repo(),
        workers: 1,
        earlier: &[],
        later: &[],
    };
    let paths = [
        "seeds",
        "no/such/dir",
        "nowhere/*.jsonl",
        "[bad",
        "",
        "seeds/000_129b3bfcffd9dbf4.txt/*.txt",
        "~/news",
    ];
    let options =
        json!({ "paths": paths, "max_bytes": 0, "extensions": ["txt", ".jsonl", ""], "id_field": "text" });
    let Err(errs) = registry.get("ingest").unwrap().build(&ctx, options) else { panic!("accepted") };
    let found: Vec<String> =
        errs.iter().map(|e| format!("{}: {}", e.key.as_deref().unwrap(), e.message)).collect();
    let looked = |p: &str| repo().join(p).display().to_string();
    assert_eq!(
        found,
        [
            "extensions[1]: write it without the dot: `jsonl`".to_string(),
            "extensions[2]: must not be empty".to_string(),
            "max_bytes: must be at least 1".to_string(),
            format!(
                "paths[1]: input path `no/such/dir` does not exist (looked for {})",
                looked("no/such/dir")
            ),
            format!(
                "paths[2]: the directory of glob `nowhere/*.jsonl` does not exist (looked for {})",
                looked("nowhere")
            ),
            "paths[3]: bad glob `[bad`: error parsing glob '[bad': unclosed character class; missing ']'"
                .to_string(),
            "paths[4]: an input path must not be empty (write `.` for the config's directory)".to_string(),
            format!(
                "paths[5]: the directory of glob `seeds/000_129b3bfcffd9dbf4.txt/*.txt` is not a directory: {}",
                looked("seeds/000_129b3bfcffd9dbf4.txt")
            ),
            format!(
                "paths[6]: input path `~/news` does not exist (looked for {}) (`~` is not expanded here: write \
                 the full path)",
                looked("~/news")
            ),
            "id_field: names the field `text`, as `text_field` does: the id needs a field of its own"
                .to_string(),
        ]
    );
}

#[test]
fn glob_characters_in_the_config_directory_are_not_glob_syntax() {
    let dir = scratch_dir("[x]{y}");
    std::fs::create_dir_all(dir.join("in")).unwrap();
    std::fs::write(dir.join("in/a.txt"), "Troops moved to Romania on Thursday, officials said.\n").unwrap();
    let run = ingest_from(&dir, json!({"paths": ["in/*.txt"]}));
    assert_eq!(run.docs.len(), 1, "{:?}", run.rejects);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_unreadable_entry_does_not_hide_the_rest_of_a_directory() {
    let dir = scratch_dir("walk");
    std::fs::write(dir.join("a.txt"), "Troops moved to Romania on Thursday, officials said.\n").unwrap();
    std::fs::write(dir.join("c.txt"), "More troops followed on Friday.\n").unwrap();
    // A dangling link between them: the walk must go on past it.
    std::os::unix::fs::symlink(dir.join("nowhere.txt"), dir.join("b.txt")).unwrap();
    for pattern in [dir.display().to_string(), format!("{}/*.txt", dir.display())] {
        let run = ingest(json!({ "paths": [pattern] }));
        let texts: Vec<&str> = run.docs.iter().map(|d| d.text.trim()).collect();
        assert_eq!(
            texts,
            ["Troops moved to Romania on Thursday, officials said.", "More troops followed on Friday."],
            "{pattern}"
        );
        assert_eq!(run.rejects.len(), 1, "{pattern}: {:?}", run.rejects);
        assert!(run.rejects[0].source.ends_with("b.txt"), "{:?}", run.rejects[0]);
        assert!(run.rejects[0].reason.starts_with("cannot read "), "{:?}", run.rejects[0]);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A link back to a folder above it is not followed: what it leads to is read once, from that
/// folder. It is no document, so no reject: each link is counted, by where it is (not by the
/// folder it leads to, which both links below would have shown as, and so been counted once).
#[test]
fn links_back_up_the_tree_are_counted_not_rejected() {
    let dir = scratch_dir("loops");
    std::fs::create_dir_all(dir.join("in/a")).unwrap();
    std::fs::create_dir_all(dir.join("in/b")).unwrap();
    std::fs::write(dir.join("in/a/one.txt"), "Troops moved to Romania on Thursday, officials said.\n")
        .unwrap();
    std::os::unix::fs::symlink("..", dir.join("in/a/up")).unwrap();
    std::os::unix::fs::symlink("../..", dir.join("in/b/top")).unwrap();
    // Walked, or through a glob that crosses folders (which matches no link's name).
    for pattern in ["in", "in/**/*.txt"] {
        let run = ingest_from(&dir, json!({"paths": [pattern]}));
        assert_eq!(run.docs.len(), 1, "{pattern}");
        assert!(run.rejects.is_empty(), "{pattern}: {:?}", run.rejects);
        assert_eq!(run.counters.get("link_loops"), Some(&2), "{pattern}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_unreadable_entry_is_one_reject_and_only_for_patterns_that_reach_it() {
    let dir = scratch_dir("reach");
    std::fs::create_dir_all(dir.join("in/sub")).unwrap();
    std::fs::write(dir.join("in/a.txt"), "Troops moved to Romania on Thursday, officials said.\n").unwrap();
    std::os::unix::fs::symlink(dir.join("nowhere.txt"), dir.join("in/sub/broken.txt")).unwrap();
    // The folder twice (the second time as `./in`), and a glob that matches nothing: its `*`
    // cannot reach `sub/`, so the link is no problem of its, and it says it matched nothing.
    let run = ingest_from(&dir, json!({"paths": ["in", "./in", "in/nomatch*.txt"]}));
    assert_eq!(run.docs.len(), 1);
    let rejects: Vec<(&str, &str)> = run.rejects.iter().map(|r| (r.id.as_str(), r.reason.as_str())).collect();
    assert_eq!(rejects.len(), 2, "{rejects:?}");
    assert!(rejects[0].0 == "in/sub/broken.txt" && rejects[0].1.starts_with("cannot read "), "{rejects:?}");
    assert_eq!(rejects[1], ("in/nomatch*.txt", "no input files match `in/nomatch*.txt`"));
    // A glob that names it reports it; one that reaches its folder but not its name does not.
    let run = ingest_from(&dir, json!({"paths": ["in/**/*.txt"]}));
    assert_eq!((run.docs.len(), run.rejects.len()), (1, 1), "{:?}", run.rejects);
    let run = ingest_from(&dir, json!({"paths": ["in/**/*.jsonl", "in/a.txt"]}));
    let rejects: Vec<&str> = run.rejects.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(rejects, ["in/**/*.jsonl"], "no match, and no word of the link");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_exports_own_directory_is_not_read_back() {
    // `paths: [.]`, the output elsewhere, and an export with `dir: exp` that a first run filled.
    let dir = scratch_dir("export-dir");
    std::fs::create_dir_all(dir.join("exp")).unwrap();
    std::fs::create_dir_all(dir.join("feeds")).unwrap();
    std::fs::write(dir.join("feeds/a.jsonl"), "{\"id\": \"a\", \"text\": \"Troops moved on Thursday.\"}\n")
        .unwrap();
    std::fs::write(
        dir.join("exp/articles.jsonl"),
        "{\"id\": \"a\", \"text\": \"Troops moved on Thursday.\"}\n",
    )
    .unwrap();
    let export = json!({"dir": "exp", "formats": ["jsonl"]});
    let later = [("export", &export)];
    let ctx = BuildContext {
        stage_id: "ingest",
        base_dir: &dir,
        out_dir: &dir.join("out2"),
        workers: 1,
        earlier: &[],
        later: &later,
    };
    let built = registry().get("ingest").unwrap().build(&ctx, json!({"paths": ["."]})).unwrap();
    let run = run_source(built);
    let sources: Vec<&str> = run.docs.iter().map(|d| d.source.as_str()).collect();
    assert_eq!(sources, ["feeds/a.jsonl:1"], "{:?}", run.rejects);
    assert!(run.rejects.is_empty(), "{:?}", run.rejects);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_star_stays_in_its_folder_and_two_stars_cross_folders() {
    let dir = scratch_dir("globs");
    for (path, text) in [
        ("top.txt", "Top."),
        ("2024-01/a.txt", "A."),
        ("2024-01/sub/deep.txt", "Deep."),
        ("2024-02/b.txt", "B."),
    ] {
        std::fs::create_dir_all(dir.join(path).parent().unwrap()).unwrap();
        std::fs::write(dir.join(path), text).unwrap();
    }
    let read = |pattern: &str| {
        let run = ingest(json!({ "paths": [dir.join(pattern).display().to_string()] }));
        assert!(run.rejects.is_empty(), "{pattern}: {:?}", run.rejects);
        let mut texts: Vec<String> = run.docs.iter().map(|d| d.text.trim().to_string()).collect();
        texts.sort();
        texts
    };
    assert_eq!(read("*.txt"), ["Top."]);
    assert_eq!(read("2024-01/*.txt"), ["A."]);
    assert_eq!(read("2024-0?/*.txt"), ["A.", "B."]);
    assert_eq!(read("*/*.txt"), ["A.", "B."]);
    assert_eq!(read("**/*.txt"), ["A.", "B.", "Deep.", "Top."]);
    assert_eq!(read("2024-01/**/*.txt"), ["A.", "Deep."]);
    // Hidden entries only when the glob names them.
    std::fs::create_dir_all(dir.join("2024-01/.cache")).unwrap();
    std::fs::write(dir.join("2024-01/.cache/c.txt"), "Cached.").unwrap();
    std::fs::write(dir.join(".draft.txt"), "Draft.").unwrap();
    assert_eq!(read("**/*.txt"), ["A.", "B.", "Deep.", "Top."]);
    assert_eq!(read(".*.txt"), ["Draft."]);
    assert_eq!(read("*/.cache/*.txt"), ["Cached."]);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A file the folder's walk passes over for its extension but another path names on its own, or
/// a glob matches, is read from there, and not counted (nor said) as a file not read.
#[test]
fn a_file_named_on_its_own_is_not_said_to_be_skipped() {
    let dir = scratch_dir("named");
    std::fs::create_dir_all(dir.join("in")).unwrap();
    std::fs::write(dir.join("in/a.txt"), "A.").unwrap();
    std::fs::write(dir.join("in/b.json"), "{\"id\": \"b\", \"text\": \"B.\"}\n").unwrap();
    std::fs::write(dir.join("in/notes.csv"), "x,y\n").unwrap();
    let folder = dir.join("in").display().to_string();
    let alone = ingest(json!({ "paths": [folder] }));
    assert_eq!(alone.counters.get("skipped_files"), Some(&2));
    let both = ingest(json!({ "paths": [folder, dir.join("in/b.json").display().to_string()] }));
    assert_eq!(both.counters.get("skipped_files"), Some(&1));
    let texts: Vec<&str> = both.docs.iter().map(|d| d.text.trim()).collect();
    assert_eq!(texts, ["A.", "B."]);
    let globbed = ingest(json!({ "paths": [folder, dir.join("in/*.csv").display().to_string()] }));
    assert_eq!(globbed.counters.get("skipped_files"), Some(&1));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A table or other non-article format named on its own (or by a glob) is rejected with what
/// to do, not read as one article of its markup; `format: text` reads it as one.
#[test]
fn a_table_named_on_its_own_is_rejected_not_read_as_an_article() {
    let dir = scratch_dir("table");
    std::fs::write(dir.join("agnews.csv"), "class,title,description\n3,Wall St.,Bears claw back\n").unwrap();
    std::fs::write(dir.join("notes.txt"), "Notes.").unwrap();
    let paths = [dir.join("agnews.csv"), dir.join("notes.txt")].map(|p| p.display().to_string());
    let auto = ingest(json!({ "paths": paths }));
    let texts: Vec<&str> = auto.docs.iter().map(|d| d.text.trim()).collect();
    assert_eq!(texts, ["Notes."]);
    assert_eq!(auto.rejects.len(), 1);
    assert_eq!(auto.rejects[0].id, "agnews");
    assert!(
        auto.rejects[0].reason.starts_with("a CSV file: ingest reads text files"),
        "{}",
        auto.rejects[0].reason
    );
    assert!(auto.rejects[0].reason.contains("`format: text`"), "{}", auto.rejects[0].reason);
    let text = ingest(json!({ "paths": paths, "format": "text" }));
    assert_eq!(text.docs.len(), 2);
    assert!(text.docs[0].text.starts_with("class,title,description"));
    // Listed among the extensions to read, it is read (as text), in a folder too.
    let listed = ingest(json!({ "paths": [dir.display().to_string()], "extensions": ["txt", "csv"] }));
    assert_eq!((listed.docs.len(), listed.rejects.len()), (2, 0));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn hidden_entries_pipes_and_files_reached_twice() {
    let dir = scratch_dir("special");
    for (path, text) in
        [("in/a.txt", "A."), (".git/notes.txt", "Hidden folder."), ("in/.draft.txt", "Hidden file.")]
    {
        std::fs::create_dir_all(dir.join(path).parent().unwrap()).unwrap();
        std::fs::write(dir.join(path), text).unwrap();
    }
    std::fs::rename(dir.join(".git"), dir.join("in/.git")).unwrap();
    // A link to the folder beside it: its files are reached twice and read once.
    std::os::unix::fs::symlink(dir.join("in"), dir.join("link")).unwrap();
    let fifo = dir.join("in/pipe.txt");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let run = ingest(
        json!({ "paths": [dir.join("in").display().to_string(), dir.join("link").display().to_string()] }),
    );
    let texts: Vec<&str> = run.docs.iter().map(|d| d.text.trim()).collect();
    assert_eq!(texts, ["A."]);
    let reasons: Vec<(&str, &str)> =
        run.rejects.iter().map(|r| (r.source.as_str(), r.reason.as_str())).collect();
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert!(
        reasons[0].0.ends_with("pipe.txt") && reasons[0].1.starts_with("not a regular file"),
        "{reasons:?}"
    );
    // Named on its own, a pipe is a config error (the run would wait on it for ever).
    let registry = registry();
    let ctx = BuildContext {
        stage_id: "ingest",
        base_dir: &dir,
        out_dir: &dir,
        workers: 1,
        earlier: &[],
        later: &[],
    };
    let Err(errs) =
        registry.get("ingest").unwrap().build(&ctx, json!({ "paths": [fifo.display().to_string()] }))
    else {
        panic!("a pipe accepted as input")
    };
    assert!(errs[0].message.ends_with("is not a regular file (a named pipe, socket or device)"), "{errs:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn jsonl_edge_cases() {
    let dir = scratch_dir("jsonl");
    let file = |name: &str, body: &str| {
        std::fs::write(dir.join(name), body).unwrap();
        ingest(json!({ "paths": [dir.join(name).display().to_string()] }))
    };
    // One malformed line is one reject (not also an "empty file").
    let run = file("bad.jsonl", "garbage\n");
    let reasons: Vec<&str> = run.rejects.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert!(reasons[0].starts_with("malformed JSON"), "{reasons:?}");
    // Python's NaN is named as the fault; a record nested deeper than its export could be read
    // back is refused; the records beside them are read.
    let deep = format!(
        "{{\"id\":\"deep\",\"text\":\"Putin met Biden.\",\"x\":{}{}}}",
        "[".repeat(70),
        "]".repeat(70)
    );
    let body = format!(
        "{{\"id\":\"nan\",\"text\":\"Putin met Biden.\",\"score\":NaN}}\n{deep}\n{{\"id\":\"ok\",\"text\":\"Biden met Putin.\",\"x\":[[1]]}}\n"
    );
    let run = file("producers.jsonl", &body);
    let found: Vec<(&str, &str)> = run.rejects.iter().map(|r| (r.id.as_str(), r.reason.as_str())).collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].1.starts_with("malformed JSON") && found[0].1.contains("NaN and Infinity are not JSON"),
        "{found:?}"
    );
    assert_eq!(found[1], ("deep", "a value nests more than 64 levels deep"));
    assert_eq!(run.docs.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), ["ok"]);
    // Records broken by carriage returns alone are one line, and the reason says how to break
    // them.
    let run = file("mac.jsonl", "{\"text\":\"Putin met Biden.\"}\r{\"text\":\"Biden met Putin.\"}\r");
    let reasons: Vec<&str> = run.rejects.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert!(reasons[0].starts_with("malformed JSON: trailing characters at column"), "{reasons:?}");
    assert!(reasons[0].ends_with("(records broken by carriage returns alone, as old Mac tools end lines, are one line: `tr '\\r' '\\n'` breaks them as JSON lines are)"), "{reasons:?}");
    // A `.json` file is JSON lines, as Spark and BigQuery write them; a JSON array is no JSON
    // lines, and is rejected as such, not read as an article's text.
    let run = file(
        "part-00000.json",
        "{\"id\":\"s1\",\"text\":\"Putin met Biden.\"}\n{\"id\":\"s2\",\"text\":\"Biden met Putin.\"}\n",
    );
    assert_eq!(run.docs.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), ["s1", "s2"]);
    let run = file("array.json", "[\n  {\"id\": \"s1\",\n   \"text\": \"Putin met Biden.\"}\n]\n");
    let found: Vec<(&str, &str)> = run.rejects.iter().map(|r| (r.id.as_str(), r.reason.as_str())).collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0],
        ("array", "a JSON array, not JSON lines: `jq -c '.[]'` writes its records one a line")
    );
    // A text article named .jsonl: one reject for the file, not one a paragraph; lines before
    // the first object are rejected one by one once an object shows it is JSON lines.
    let run =
        file("article.jsonl", "KYIV — Troops moved.\n\nMore troops followed.\n\nThen more.\n\nAnd more.\n");
    let found: Vec<(&str, &str)> = run.rejects.iter().map(|r| (r.id.as_str(), r.reason.as_str())).collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].0 == "article" && found[0].1.starts_with("not JSON lines: none of its 4 lines"),
        "{found:?}"
    );
    // Three bad lines first, then records: JSON lines with a damaged start. Every record is
    // read, and each bad line is a reject of its own (a walkthrough lost 100 records here). A
    // line too long for max_bytes among them is rejected once, not again when the file is
    // read a second time.
    let records: String =
        (0..100).map(|i| format!("{{\"id\": \"r{i}\", \"text\": \"Story {i}.\"}}\n")).collect();
    // A paragraph that opens with a brace is no JSON object: still one reject for the file.
    let run = file("braces.jsonl", "KYIV — Troops moved.\n\nMore.\n\nThen more.\n\n{sic} And more.\n");
    let found: Vec<&str> = run.rejects.iter().map(|r| r.reason.as_str()).collect();
    assert!(found.len() == 1 && found[0].starts_with("not JSON lines: none of its 4 lines"), "{found:?}");
    // The same when the brace comes among the first three lines.
    let run = file("early-braces.jsonl", "KYIV — Troops moved.\n\nMore.\n\n{sic} And more.\n");
    let found: Vec<&str> = run.rejects.iter().map(|r| r.reason.as_str()).collect();
    assert!(found.len() == 1 && found[0].starts_with("not JSON lines: none of its 3 lines"), "{found:?}");
    let run = file("damaged.jsonl", &format!("junk\n<html>\n\nmore junk\n{records}"));
    let found: Vec<&str> = run.rejects.iter().map(|r| r.source.as_str()).collect();
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(
        found.iter().zip([":1", ":2", ":4"]).all(|(s, n)| s.ends_with(&format!("damaged.jsonl{n}"))),
        "{found:?}"
    );
    assert_eq!(run.docs.len(), 100);
    let long = "x".repeat(2_000);
    std::fs::write(dir.join("long.jsonl"), format!("{long}\njunk\njunk\n{records}")).unwrap();
    let run = ingest(json!({ "paths": [dir.join("long.jsonl").display().to_string()], "max_bytes": 1_000 }));
    let found: Vec<&str> = run.rejects.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found[0].starts_with("line longer than max_bytes"), "{found:?}");
    assert_eq!(run.docs.len(), 100);
    let run = file("late.jsonl", "garbage\n\n{\"id\": \"a\", \"text\": \"One.\"}\n");
    let found: Vec<&str> = run.rejects.iter().map(|r| r.source.as_str()).collect();
    assert!(found.len() == 1 && found[0].ends_with("late.jsonl:1"), "{found:?}");
    assert_eq!(run.docs.len(), 1);
    // A damaged archive after lines held back: they are rejected too, before the damage.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, b"one\ntwo\n").unwrap();
    std::io::Write::flush(&mut gz).unwrap();
    let whole_lines = gz.get_ref().len();
    let noise: String =
        (0..20_000u32).map(|i| char::from(b'a' + (i.wrapping_mul(2_654_435_761) >> 27) as u8 % 26)).collect();
    std::io::Write::write_all(&mut gz, format!("{{\"text\": \"{noise}\"}}\n").as_bytes()).unwrap();
    let gz = gz.finish().unwrap();
    std::fs::write(dir.join("cut.jsonl.gz"), &gz[..whole_lines + (gz.len() - whole_lines) / 2]).unwrap();
    let run = ingest(json!({ "paths": [dir.join("cut.jsonl.gz").display().to_string()] }));
    let found: Vec<(&str, &str)> = run.rejects.iter().map(|r| (r.id.as_str(), r.reason.as_str())).collect();
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(
        found[0].0 == "cut:1" && found[1].0 == "cut:2" && found[2].1.starts_with("truncated gzip data"),
        "{found:?}"
    );
    // Only blank lines, however many: an empty file.
    let run = file("blank.jsonl", "\n \n\t\n\n");
    let reasons: Vec<&str> = run.rejects.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(reasons, ["empty file"]);
    // A compressed file of no bytes is empty too, text or JSON lines (not "truncated").
    for name in ["none.txt.gz", "none.jsonl.gz", "none.txt.zst"] {
        std::fs::write(dir.join(name), b"").unwrap();
        let run = ingest(json!({ "paths": [dir.join(name).display().to_string()] }));
        let reasons: Vec<&str> = run.rejects.iter().map(|r| r.reason.as_str()).collect();
        assert_eq!(reasons, ["empty file"], "{name}");
    }
    // A byte-order mark before the first line, and an empty id (the file and line stand in).
    let run = file(
        "bom.jsonl",
        "\u{feff}{\"id\": \"a\", \"text\": \"One.\"}\n{\"id\": \"\", \"text\": \"Two.\"}\n",
    );
    assert!(run.rejects.is_empty(), "{:?}", run.rejects);
    let ids: Vec<&str> = run.docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["a", "bom:2"]);
    // Numeric ids as written; one too large to keep exactly is refused, not rounded into a
    // collision (two ids past 64 bits had become one float). A title or date that is an object
    // (a converter's `{"#text": …}`) is no title or date, and stays among the fields; a date as
    // MongoDB exports one (`{"$date": …}`) is its value.
    let run = file(
        "numbers.jsonl",
        "{\"id\": 42, \"text\": \"One.\"}\n{\"id\": -7, \"text\": \"Two.\"}\n\
         {\"id\": 123456789012345678901, \"text\": \"Three.\"}\n{\"id\": 1.5, \"text\": \"Four.\"}\n\
         {\"id\": \"t\", \"title\": {\"#text\": \"T\"}, \"published\": {\"when\": 1}, \"text\": \"Five.\"}\n\
         {\"id\": \"m\", \"published\": {\"$date\": \"2022-02-03T10:00:00Z\"}, \"text\": \"Six.\"}\n\
         {\"id\": \"n\", \"published\": {\"$date\": {\"$numberLong\": \"1643882400000\"}}, \"text\": \"Seven.\"}\n\
         {\"id\": \"o\", \"published\": {\"$date\": {\"$numberLong\": \"-86400000\"}}, \"text\": \"Eight.\"}\n\
         {\"id\": 5.0, \"text\": \"Nine.\"}\n{\"id\": 1e2, \"text\": \"Ten.\"}\n{\"id\": -3.0, \"text\": \"Eleven.\"}\n",
    );
    // A whole number is an integer's id however written (an id column pandas wrote as floats).
    let ids: Vec<&str> = run.docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["42", "-7", "1.5", "t", "m", "n", "o", "5", "100", "-3"]);
    let dates: Vec<Option<&str>> = run.docs[4..7].iter().map(|d| d.published.as_deref()).collect();
    assert_eq!(dates, [Some("2022-02-03T10:00:00Z"), Some("2022-02-03"), Some("1969-12-31")]);
    assert!(run.docs[4..7].iter().all(|d| !d.fields.contains_key("published")));
    let reasons: Vec<&str> = run.rejects.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(
        reasons,
        [
            "field `id` is the number 1.2345678901234567e+20, too large to be kept exactly: write the id as a string"
        ]
    );
    let t = &run.docs[3];
    assert_eq!((&t.title, &t.published), (&None, &None));
    assert_eq!((&t.fields["title"], &t.fields["published"]), (&json!({"#text": "T"}), &json!({"when": 1})));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn utf16_text_is_read_and_bytes_that_only_start_like_it_are_binary() {
    let dir = scratch_dir("utf16");
    let utf16 = |text: &str| -> Vec<u8> {
        [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect()
    };
    std::fs::write(dir.join("good.txt"), utf16("date 2022-02-03 Nato allies met in Brussels.\r\n")).unwrap();
    std::fs::write(dir.join("nul.txt"), utf16("a\0b\0c\0d\0e\0f\0")).unwrap();
    // A byte-order mark, then noise: lone surrogates and anything else.
    let mut noise = vec![0xFF, 0xFE];
    let mut x = 12345u32;
    for _ in 0..4000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        noise.push((x >> 16) as u8);
    }
    std::fs::write(dir.join("noise.txt"), noise).unwrap();
    std::fs::write(dir.join("utf32.txt"), [0xFF, 0xFE, 0, 0, b'h', 0, 0, 0]).unwrap();
    let run = ingest(json!({ "paths": [dir.display().to_string()] }));
    let ids: Vec<&str> = run.docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["good"]);
    assert_eq!(run.docs[0].text, "Nato allies met in Brussels.\r\n");
    assert_eq!(run.docs[0].published.as_deref(), Some("2022-02-03"));
    let reasons: Vec<(&str, &str)> = run.rejects.iter().map(|r| (r.id.as_str(), r.reason.as_str())).collect();
    assert_eq!(
        reasons,
        [
            ("noise", "binary file (not text)"),
            ("nul", "binary file (not text)"),
            ("utf32", "UTF-32 text: convert it to UTF-8 (e.g. `iconv -f UTF-32 -t UTF-8`)"),
        ]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A scratch directory with `2022-02-02/story.txt` and `2022-02-03/story.txt`.
fn two_days_of_one_story(name: &str) -> PathBuf {
    let dir = scratch_dir(name);
    for day in ["2022-02-02", "2022-02-03"] {
        std::fs::create_dir_all(dir.join(day)).unwrap();
        std::fs::write(dir.join(day).join("story.txt"), format!("Troops moved on {day}.")).unwrap();
    }
    dir
}

#[test]
fn text_files_of_one_name_in_different_folders_are_both_read() {
    // Date-partitioned archives: the later file goes by its path.
    // One at the top of the config's folder, read after them, is `./story` (its path is its name).
    let dir = two_days_of_one_story("same-name");
    std::fs::write(dir.join("story.txt"), "Troops moved again.").unwrap();
    let run = ingest_from(&dir, json!({"paths": ["."]}));
    let ids: Vec<&str> = run.docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["story", "2022-02-03/story", "./story"]);
    assert!(run.rejects.is_empty(), "{:?}", run.rejects);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn json_lines_without_ids_in_files_of_one_name_in_different_folders_are_all_read() {
    // Partitioned exports ("2022-02-02/part-0.jsonl", "2022-02-03/part-0.jsonl") whose records
    // have no id: the later file's made-up ids go by its path. A record's own id that an earlier
    // record has is still a duplicate.
    let dir = scratch_dir("same-name-jsonl");
    for day in ["2022-02-02", "2022-02-03"] {
        std::fs::create_dir_all(dir.join(day)).unwrap();
        let lines = format!(
            "{{\"text\": \"Troops moved on {day}.\"}}\n{{\"text\": \"Talks resumed on {day}.\"}}\n\
             {{\"id\": \"brief-1\", \"text\": \"A brief of {day}.\"}}\n"
        );
        std::fs::write(dir.join(day).join("part-0.jsonl"), lines).unwrap();
    }
    // And one at the top of the config's folder, read last.
    std::fs::write(dir.join("part-0.jsonl"), "{\"text\": \"Talks ended.\"}\n").unwrap();
    let run = ingest_from(&dir, json!({"paths": ["."]}));
    let ids: Vec<&str> = run.docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        ["part-0:1", "part-0:2", "brief-1", "2022-02-03/part-0:1", "2022-02-03/part-0:2", "./part-0:1"]
    );
    let rejects: Vec<(&str, &str)> = run.rejects.iter().map(|r| (r.id.as_str(), r.reason.as_str())).collect();
    assert_eq!(
        rejects,
        [(
            "brief-1",
            "duplicate document id `brief-1` (first read from 2022-02-02/part-0.jsonl:3); under `ids: name` a \
             record's id is its `id` field, and two files give this one (`ids: path` names records by their \
             file's path too)"
        )]
    );
    // Under `ids: path` each file's record is its own.
    let run = ingest_from(&dir, json!({"paths": ["."], "ids": "path"}));
    assert!(run.rejects.is_empty(), "{:?}", run.rejects);
    assert!(run.docs.iter().any(|d| d.id == "2022-02-03/part-0:brief-1"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn files_that_differ_only_in_extensions_have_ids_of_their_own_by_name_and_clash_by_path() {
    // `x.txt`, `x.txt.gz` and `x.txt.zst` in one folder have one name and one path without
    // their extensions: under `ids: name` the later ones go by their path, then by their path
    // as written. Under `ids: path` the ids stay what they are whatever else is read: the clash
    // is a reject that says why.
    let dir = scratch_dir("compressed-forms");
    std::fs::create_dir_all(dir.join("in")).unwrap();
    std::fs::write(dir.join("in/x.txt"), "Troops moved.").unwrap();
    std::fs::write(dir.join("in/x.txt.gz"), gzip(b"Talks resumed.")).unwrap();
    std::fs::write(dir.join("in/x.txt.zst"), zstd::encode_all(&b"Talks ended."[..], 0).unwrap()).unwrap();
    let lines = "{\"text\": \"Markets fell.\"}\n{\"id\": 7, \"text\": \"Oil rose.\"}\n";
    std::fs::write(dir.join("in/y.jsonl"), lines).unwrap();
    std::fs::write(dir.join("in/y.jsonl.gz"), gzip(lines.replace(".\"", " again.\"").as_bytes())).unwrap();
    std::fs::write(dir.join("in/y.ndjson"), "{\"text\": \"Gold fell.\"}\n").unwrap();
    // A made-up id that a record of its own file took first goes by the path too.
    std::fs::write(
        dir.join("in/z.jsonl"),
        "{\"id\": \"z:2\", \"text\": \"Gold rose.\"}\n{\"text\": \"Oil fell.\"}\n",
    )
    .unwrap();
    let ids_of = |ids: &str| {
        let run = ingest_from(&dir, json!({"paths": ["in"], "ids": ids}));
        let rejects: Vec<(String, String)> =
            run.rejects.iter().map(|r| (r.id.clone(), r.reason.clone())).collect();
        (run.docs.into_iter().map(|d| d.id).collect::<Vec<_>>(), rejects)
    };
    let (name_ids, rejects) = ids_of("name");
    assert_eq!(
        name_ids,
        ["x", "in/x", "in/x.txt.zst", "y:1", "7", "in/y:1", "in/y.ndjson:1", "z:2", "in/z:2"]
    );
    // A record's own id is its own: repeated, it is a duplicate.
    assert_eq!(rejects.len(), 1);
    assert_eq!(rejects[0].0, "7");
    assert!(
        rejects[0]
            .1
            .starts_with("duplicate document id `7` (first read from in/y.jsonl:2); under `ids: name`")
    );
    let (path_ids, rejects) = ids_of("path");
    assert_eq!(path_ids, ["in/x", "in/y#1", "in/y:7", "in/z:z:2", "in/z#2"]);
    let rejected: Vec<&str> = rejects.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(rejected, ["in/x", "in/x", "in/y#1", "in/y:7", "in/y#1"]);
    assert!(rejects.iter().all(|(_, reason)| reason.contains("`ids: path` names a file by its path without its extensions")));
    assert!(
        rejects[0].1.starts_with("duplicate document id `in/x` (first read from in/x.txt); `ids: path` names a file by its path without its extensions, which in/x.txt.gz shares"),
        "{rejects:?}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_folder_outside_the_configs_gives_ids_from_its_own_name_not_the_machines_path() {
    // A corpus kept elsewhere (`paths: [/data/news]`): the later file goes by its path from the
    // folder holding the walked one, as it would with the config beside that folder.
    let dir = two_days_of_one_story("outside");
    let config_dir = scratch_dir("outside-config");
    let run = ingest_from(&config_dir, json!({"paths": [dir.to_string_lossy()]}));
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let ids: Vec<&str> = run.docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["story".to_string(), format!("{name}/2022-02-03/story")]);
    // The source stays the file's full path, for finding it.
    assert!(run.docs[1].source.starts_with('/'), "{}", run.docs[1].source);
    // Named by a relative path, the source is relative to the config's directory (not
    // `./../…` or the path the run was started from).
    let relative = format!("../{name}");
    let run = ingest_from(&config_dir, json!({"paths": [relative]}));
    assert_eq!(run.docs[1].source, format!("../{name}/2022-02-03/story.txt"));
    // Through a link in the config's directory, as the config names it (not where it leads).
    std::os::unix::fs::symlink(&dir, config_dir.join("feed")).unwrap();
    let run = ingest_from(&config_dir, json!({"paths": ["feed"]}));
    assert_eq!(run.docs[1].source, "feed/2022-02-03/story.txt");
    // An unreadable entry below an absolute path is named by its absolute path too.
    std::os::unix::fs::symlink(dir.join("nowhere.txt"), dir.join("dangling.txt")).unwrap();
    let run = ingest_from(&config_dir, json!({"paths": [dir.to_string_lossy()]}));
    assert_eq!(run.rejects.len(), 1);
    assert_eq!(run.rejects[0].id, dir.join("dangling.txt").to_string_lossy());
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(&config_dir).unwrap();
}

#[test]
fn ids_by_path_are_the_same_whatever_else_is_read_and_unique_across_feeds() {
    let dir = two_days_of_one_story("ids-path");
    // Two feeds that number their records alike, each with a record without an id on line 2 and
    // one whose id is 2.
    for feed in ["wire-a", "wire-b"] {
        let lines = format!(
            "{{\"id\": 1, \"text\": \"{feed} one.\"}}\n{{\"text\": \"{feed} two.\"}}\n{{\"id\": \"2\", \"text\": \"{feed} three.\"}}\n"
        );
        std::fs::write(dir.join(format!("{feed}.jsonl")), lines).unwrap();
    }
    let ids = |paths: serde_json::Value| {
        let run = ingest_from(&dir, json!({"paths": paths, "ids": "path"}));
        assert!(run.rejects.is_empty(), "{:?}", run.rejects);
        run.docs.iter().map(|d| d.id.clone()).collect::<Vec<_>>()
    };
    assert_eq!(
        ids(json!(["."])),
        [
            "2022-02-02/story",
            "2022-02-03/story",
            "wire-a:1",
            "wire-a#2",
            "wire-a:2",
            "wire-b:1",
            "wire-b#2",
            "wire-b:2"
        ]
    );
    // The second day's story read alone keeps its id (by name it would be `story`).
    assert_eq!(ids(json!(["2022-02-03"])), ["2022-02-03/story"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn json_lines_from_an_older_system_are_read_in_their_encoding() {
    let dir = scratch_dir("legacy-jsonl");
    let mut bytes =
        b"{\"id\": \"a\", \"text\": \"Caf\xE9 owners in Z\xFCrich \x93cautious\x94.\"}\n".to_vec();
    // A line of UTF-8 with a broken byte is not Latin-1.
    bytes.extend_from_slice(&["{\"id\": \"b\", \"text\": \"Zürich ".as_bytes(), b"\xFF\"}\n"].concat());
    std::fs::write(dir.join("feed.jsonl"), bytes).unwrap();
    let run = ingest_from(&dir, json!({"paths": ["feed.jsonl"]}));
    let got: Vec<(&str, &str, Option<&serde_json::Value>, Option<&serde_json::Value>)> = run
        .docs
        .iter()
        .map(|d| {
            (d.id.as_str(), d.text.as_str(), d.fields.get("legacy_encoding"), d.fields.get("utf8_lossy"))
        })
        .collect();
    let (cp1252, lossy) = (json!("windows-1252"), json!(true));
    assert_eq!(
        got,
        vec![
            ("a", "Café owners in Zürich “cautious”.", Some(&cp1252), None),
            ("b", "Zürich \u{FFFD}", None, Some(&lossy)),
        ]
    );
    let run = ingest_from(&dir, json!({"paths": ["feed.jsonl"], "legacy_encoding": "none"}));
    assert_eq!(run.docs[0].text, "Caf\u{FFFD} owners in Z\u{FFFD}rich \u{FFFD}cautious\u{FFFD}.");
    std::fs::remove_dir_all(dir).unwrap();
}

/// A flipped bit in a gzip or zstd stream decodes to wrong text without an error until the
/// checksum at the stream's end: such a file is refused whole, before any line of it is read,
/// where a truncated one is read up to the cut (every line before it is right).
#[test]
fn corrupt_compressed_jsonl_is_refused_whole() {
    let dir = scratch_dir("corrupt");
    let records: String = (0..4000)
        .map(|i| {
            format!(
                "{{\"id\": \"a{i}\", \"text\": \"Article {i} tells its story at some length. {}\"}}\n",
                "Words. ".repeat(30)
            )
        })
        .collect();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, records.as_bytes()).unwrap();
    let gz = gz.finish().unwrap();
    // With a checksum, as the zstd tool writes by default (the library's default has none, and
    // then nothing can tell damage from text).
    let mut zst = zstd::stream::Encoder::new(Vec::new(), 3).unwrap();
    zst.include_checksum(true).unwrap();
    std::io::Write::write_all(&mut zst, records.as_bytes()).unwrap();
    let zst = zst.finish().unwrap();
    for (name, bytes) in [("feed.jsonl.gz", gz), ("feed.jsonl.zst", zst)] {
        let path = dir.join(name);
        let mut flipped = bytes.clone();
        let middle = flipped.len() / 2;
        flipped[middle] ^= 0x10;
        std::fs::write(&path, &flipped).unwrap();
        let run = ingest(json!({ "paths": [path.display().to_string()] }));
        assert!(run.docs.is_empty(), "{name}: {} documents read from corrupt data", run.docs.len());
        let reasons: Vec<&str> = run.rejects.iter().map(|r| r.reason.as_str()).collect();
        assert_eq!(reasons.len(), 1, "{name}: {reasons:?}");
        assert!(
            reasons[0].starts_with("corrupt ") && reasons[0].contains("none of the file is read"),
            "{reasons:?}"
        );
        // Cut short instead: the whole lines before the cut are read, then one reject.
        std::fs::write(&path, &bytes[..middle]).unwrap();
        let run = ingest(json!({ "paths": [path.display().to_string()] }));
        assert!(!run.docs.is_empty() && run.docs.len() < 4000, "{name}: {}", run.docs.len());
        assert!(run.docs.iter().enumerate().all(|(i, d)| d.id == format!("a{i}")), "{name}");
        let reasons: Vec<&str> = run.rejects.iter().map(|r| r.reason.as_str()).collect();
        assert!(
            reasons.len() == 1 && reasons[0].starts_with("truncated ") && reasons[0].contains("stops short"),
            "{name}: {reasons:?}"
        );
        // Zero padding after the data, which `gzip -dc` leaves unread: every record, no reject,
        // and the file counted.
        std::fs::write(&path, [&bytes[..], &[0u8; 100][..]].concat()).unwrap();
        let run = ingest(json!({ "paths": [path.display().to_string()] }));
        assert_eq!((run.docs.len(), run.rejects.len()), (4000, 0), "{name} + zeros");
        assert_eq!(run.counters.get("compressed_padding"), Some(&1), "{name} + zeros");
        // Other bytes may be a damaged member or frame: every record before them, then a reject
        // that says data may be lost.
        for tail in [&b"\x1fjunk"[..], b"(junk", b"\x00\x00junk"] {
            // Even junk whose first byte is a magic byte's (gzip's 1f, zstd's 28).
            std::fs::write(&path, [&bytes[..], tail].concat()).unwrap();
            let run = ingest(json!({ "paths": [path.display().to_string()] }));
            assert_eq!((run.docs.len(), run.rejects.len()), (4000, 1), "{name} + {tail:?}");
            let reason = &run.rejects[0].reason;
            assert!(
                reason.starts_with("bytes after the last") && reason.contains("lost"),
                "{name}: {reason}"
            );
            assert_eq!(run.counters.get("compressed_padding"), None);
        }
        // A plain file named as compressed, and an empty one.
        for (body, reason) in [(&records.as_bytes()[..200], "not "), (&b""[..], "empty file")] {
            std::fs::write(&path, body).unwrap();
            let run = ingest(json!({ "paths": [path.display().to_string()] }));
            let reasons: Vec<&str> = run.rejects.iter().map(|r| r.reason.as_str()).collect();
            assert!(reasons.len() == 1 && reasons[0].starts_with(reason), "{name}: {reasons:?}");
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A compressed text article is one document as its plain file is: zero padding after its data
/// is left unread (the article is whole); damage, junk after it or a cut refuses it.
#[test]
fn a_compressed_text_article_is_read_as_gzip_dc_reads_it() {
    let dir = scratch_dir("compressed-text");
    let article = "date 2022-02-03 The Kremlin on Thursday urged calm. ".repeat(200);
    let gz = gzip(article.as_bytes());
    let path = dir.join("story.txt.gz");
    let read = |bytes: &[u8]| {
        std::fs::write(&path, bytes).unwrap();
        ingest(json!({ "paths": [path.display().to_string()] }))
    };
    let whole = read(&gz);
    assert_eq!((whole.docs.len(), whole.rejects.len()), (1, 0));
    let padded = read(&[&gz[..], &[0u8; 512][..]].concat());
    assert_eq!((padded.docs.len(), padded.rejects.len()), (1, 0));
    assert_eq!(padded.docs[0].text, whole.docs[0].text);
    assert_eq!(padded.counters.get("compressed_padding"), Some(&1));
    // Junk after it may be a damaged member: the article may be incomplete.
    let junk = read(&[&gz[..], b"junk"].concat());
    assert!(junk.docs.is_empty() && junk.rejects[0].reason.starts_with("bytes after the last gzip member"));
    let mut flipped = gz.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x10;
    for (bytes, reason) in [(&flipped[..], "corrupt gzip data"), (&gz[..middle], "truncated gzip data")] {
        let run = read(bytes);
        let reasons: Vec<&str> = run.rejects.iter().map(|r| r.reason.as_str()).collect();
        assert!(run.docs.is_empty() && reasons.len() == 1 && reasons[0].starts_with(reason), "{reasons:?}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A lone UTF-16 surrogate escape (half an emoji, as JavaScript can write it) is broken text,
/// not malformed JSON: replaced like invalid UTF-8, or refused as such with `invalid_utf8:
/// reject`. A pair, and an escaped backslash before a `u`, are left alone.
#[test]
fn a_lone_surrogate_escape_is_broken_text() {
    let dir = scratch_dir("surrogate");
    std::fs::write(
        dir.join("feed.jsonl"),
        concat!(
            r#"{"id": "lone", "text": "Fans cheered \ud83d in Kyiv"}"#,
            "\n",
            r#"{"id": "pair", "text": "Fans cheered \ud83d\ude00 in Kyiv"}"#,
            "\n",
            r#"{"id": "low", "text": "A path C:\\udcfe and \udc00 alone"}"#,
            "\n",
            r#"{"id": "both", "text": "Half \ud83d and a trailing comma",}"#,
            "\n",
            // A line that ends in a backslash, with no line break after it.
            r#"Notes saved in C:\"#,
        ),
    )
    .unwrap();
    let run = ingest_from(&dir, json!({"paths": ["feed.jsonl"]}));
    let reasons: Vec<(&str, &str)> = run.rejects.iter().map(|r| (r.id.as_str(), r.reason.as_str())).collect();
    assert!(
        reasons.len() == 2 && reasons.iter().all(|(_, r)| r.starts_with("malformed JSON")),
        "a line with another fault, and the backslash line: {reasons:?}"
    );
    let got: Vec<(&str, &str, bool)> = run
        .docs
        .iter()
        .map(|d| (d.id.as_str(), d.text.as_str(), d.fields.contains_key("utf8_lossy")))
        .collect();
    assert_eq!(
        got,
        [
            ("lone", "Fans cheered \u{FFFD} in Kyiv", true),
            ("pair", "Fans cheered \u{1F600} in Kyiv", false),
            ("low", "A path C:\\udcfe and \u{FFFD} alone", true),
        ]
    );
    let run = ingest_from(&dir, json!({"paths": ["feed.jsonl"], "invalid_utf8": "reject"}));
    let reasons: Vec<(&str, &str)> = run
        .rejects
        .iter()
        .filter(|r| r.reason.contains("lone UTF-16 surrogate"))
        .map(|r| (r.id.as_str(), r.reason.as_str()))
        .collect();
    let ids: Vec<&str> = reasons.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, ["lone", "low"], "refused under their own ids: {reasons:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// JSON-lines files joined with `cat` keep each one's byte-order mark: every line's is dropped.
/// A line of zero bytes (a file preallocated or cut short) is refused as such, not as JSON.
#[test]
fn byte_order_marks_on_any_line_and_zero_padding() {
    let dir = scratch_dir("bom");
    let mut bytes = b"\xEF\xBB\xBF{\"id\": \"a\", \"text\": \"First.\"}\n".to_vec();
    bytes.extend_from_slice(b"\xEF\xBB\xBF{\"id\": \"b\", \"text\": \"Second.\"}\n");
    bytes.extend_from_slice(&[0; 40]);
    bytes.push(b'\n');
    std::fs::write(dir.join("joined.jsonl"), bytes).unwrap();
    let run = ingest_from(&dir, json!({"paths": ["joined.jsonl"]}));
    let ids: Vec<&str> = run.docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["a", "b"], "{:?}", run.rejects);
    assert_eq!(run.rejects.len(), 1);
    assert!(run.rejects[0].reason.contains("zero bytes"), "{:?}", run.rejects);
    assert!(run.rejects[0].source.ends_with("joined.jsonl:3"), "{:?}", run.rejects);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `max_bytes` counts a JSON line's bytes without its line break, "\r\n" or "\n": a line of
/// exactly the limit is read either way, and one byte more is refused without losing the next.
#[test]
fn a_lines_break_does_not_count_against_max_bytes() {
    let dir = scratch_dir("crlf");
    let line = |id: &str, pad: usize| format!("{{\"id\": \"{id}\", \"text\": \"{}\"}}", "x".repeat(pad));
    let limit = line("a", 20).len();
    let text = format!("{}\r\n{}\r\n{}\n{}\r\n", line("a", 20), line("b", 21), line("c", 20), line("d", 19));
    std::fs::write(dir.join("crlf.jsonl"), text).unwrap();
    let run = ingest_from(&dir, json!({"paths": ["crlf.jsonl"], "max_bytes": limit}));
    let ids: Vec<&str> = run.docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["a", "c", "d"], "{:?}", run.rejects);
    assert_eq!(run.rejects.len(), 1);
    assert!(run.rejects[0].source.ends_with("crlf.jsonl:2"), "{:?}", run.rejects);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `bytes` as a gzip file.
fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, bytes).unwrap();
    gz.finish().unwrap()
}
