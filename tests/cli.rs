//! End-to-end tests of the copydesk binary: the seeds through the default pipeline, config
//! validation, broken inputs, determinism across worker counts, and fatal errors.

mod common;

use common::{copydesk, copydesk_logging, repo};

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::{Value, json};

/// Runs `config` with output to a fresh temporary directory; returns it and the process output.
fn run(config: &Path) -> (tempfile::TempDir, Output) {
    let out = tempfile::tempdir().unwrap();
    let output = copydesk(
        repo(),
        &["run", "--quiet", config.to_str().unwrap(), "--output", out.path().to_str().unwrap()],
    );
    (out, output)
}

fn read_jsonl(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
        .lines()
        .map(|line| serde_json::from_str(line).expect("every line is JSON"))
        .collect()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The report without what varies from run to run (timings, paths).
fn report_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    for field in ["busy_seconds", "finish_seconds", "docs_per_busy_second", "mb_per_busy_second"] {
        settings.add_redaction(&format!(".stages[].{field}"), "[timing]");
    }
    for field in ["elapsed_seconds", "docs_per_second", "mb_per_second", "user_seconds", "system_seconds"] {
        settings.add_redaction(&format!(".totals.{field}"), "[timing]");
    }
    for field in ["peak_rss_mb", "page_faults"] {
        settings.add_redaction(&format!(".totals.{field}"), "[memory]");
    }
    settings.add_redaction(".stages[].counters.index_bytes", "[memory]");
    settings.add_redaction(".stages[].counters.window_bytes", "[memory]");
    // Moves with every byte of every document dedup holds (an entity more or less).
    settings.add_redaction(".stages[].counters.spool_bytes", "[bytes]");
    settings.add_redaction(".config", "[path]");
    settings.add_redaction(".output", "[path]");
    settings
}

#[test]
fn seeds_through_the_default_pipeline() {
    let (out, output) = run(Path::new("pipeline.yaml"));
    assert!(output.status.success(), "{}", stderr(&output));
    let articles = read_jsonl(&out.path().join("articles.jsonl"));
    insta::assert_yaml_snapshot!("articles", articles);
    let report: Value =
        serde_json::from_slice(&std::fs::read(out.path().join("report.json")).unwrap()).unwrap();
    report_settings().bind(|| insta::assert_yaml_snapshot!("report", report));
    // What the snapshot redacts: the run's processor time and page faults, where the OS tells
    // them.
    if cfg!(unix) {
        let totals = &report["totals"];
        assert!(totals["user_seconds"].as_f64().is_some_and(|user| user > 0.0), "{totals}");
        assert!(totals["system_seconds"].is_f64(), "{totals}");
        assert!(totals["page_faults"].as_u64().unwrap() > 0, "{totals}");
    }
    let rejects = std::fs::read_to_string(out.path().join("rejects.jsonl")).unwrap();
    assert_eq!(
        rejects, "",
        "the default pipeline rejects none of the seeds (a filter added to pipeline.yaml?)"
    );
    for name in ["articles.csv", "mentions.csv"] {
        let csv = std::fs::read_to_string(out.path().join(name)).unwrap();
        assert!(csv.lines().count() > 5, "{name} has a header and rows");
    }
}

#[test]
fn syndicated_copies_cluster_and_variants_share_entities() {
    let (out, output) = run(Path::new("pipeline.yaml"));
    assert!(output.status.success(), "{}", stderr(&output));
    let articles = read_jsonl(&out.path().join("articles.jsonl"));
    let by_id = |prefix: &str| {
        articles.iter().find(|a| a["id"].as_str().unwrap().starts_with(prefix)).unwrap_or_else(|| {
            panic!("no seed {prefix}_… among the exported articles (a filter added to pipeline.yaml?)")
        })
    };
    let cluster = |prefix: &str| by_id(prefix)["dedup"]["cluster"].as_str().unwrap().to_string();
    assert_eq!(cluster("002"), cluster("004"), "the two printings of the AFP story are one cluster");
    assert_eq!(by_id("004")["dedup"]["duplicate_of"], by_id("002")["id"]);
    for (a, b) in
        [("000", "001"), ("000", "002"), ("000", "003"), ("001", "002"), ("001", "003"), ("002", "003")]
    {
        assert_ne!(cluster(a), cluster(b), "{a} and {b} are different articles");
    }
    let entity_id = |prefix: &str, text: &str| {
        let entities = by_id(prefix)["entities"].as_array().unwrap();
        let found =
            entities.iter().find(|e| e["text"] == text).unwrap_or_else(|| panic!("{text} in {prefix}"));
        (found["canonical"].clone(), found["entity_id"].clone())
    };
    assert_eq!(entity_id("003", "Zelensky"), entity_id("004", "Zelenskiy"));
    assert_eq!(entity_id("000", "Nato"), entity_id("004", "NATO"));
    assert_eq!(entity_id("000", "US"), entity_id("002", "United States"));
    for article in &articles {
        let text = article["text"].as_str().unwrap();
        for entity in article["entities"].as_array().unwrap() {
            let (start, end) =
                (entity["start"].as_u64().unwrap() as usize, entity["end"].as_u64().unwrap() as usize);
            assert_eq!(&text[start..end], entity["text"], "offsets are byte offsets into text");
        }
    }
}

#[test]
fn dropped_duplicates_are_listed_with_what_they_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("drop.yaml");
    let seeds = repo().join("seeds");
    let yaml = format!(
        "stages:\n  - {{id: ingest, type: ingest, paths: [{seeds:?}]}}\n  - {{id: normalize, type: normalize}}\n  - {{id: dedup, type: dedup, mode: drop}}\n  - {{id: export, type: export}}\n"
    );
    std::fs::write(&config, yaml).unwrap();
    let (out, output) = run(&config);
    assert!(output.status.success(), "{}", stderr(&output));
    let articles = read_jsonl(&out.path().join("articles.jsonl"));
    let dropped = read_jsonl(&out.path().join("duplicates.jsonl"));
    assert_eq!(articles.len() + dropped.len(), 5, "every seed is exported or listed as dropped");
    let [copy] = &dropped[..] else { panic!("one copy dropped: {dropped:?}") };
    assert!(copy["id"].as_str().unwrap().starts_with("004"), "{copy}");
    assert!(copy["duplicate_of"].as_str().unwrap().starts_with("002"), "{copy}");
    assert_eq!(copy["stage"], "dedup");
    assert!(copy["source"].as_str().unwrap().ends_with(".txt"), "{copy}");
    assert!(copy["similarity"].as_f64().unwrap() > 0.36, "{copy}");
    // A run that drops nothing writes it empty.
    let (out, output) = run(Path::new("pipeline.yaml"));
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(read_jsonl(&out.path().join("duplicates.jsonl")).is_empty());
}

#[test]
fn output_is_the_same_for_any_worker_count() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = repo().join("seeds");
    let mut outputs = Vec::new();
    for workers in [1, 4] {
        let config = dir.path().join(format!("workers-{workers}.yaml"));
        let yaml = format!(
            "stages:\n  - {{id: ingest, type: ingest, paths: [{seeds:?}]}}\n  - {{id: normalize, type: normalize, workers: {workers}}}\n  - {{id: tag, type: tag, workers: {workers}}}\n  - {{id: words, type: wordcount, workers: {workers}}}\n  - {{id: dedup, type: dedup}}\n  - {{id: export, type: export}}\n"
        );
        std::fs::write(&config, yaml).unwrap();
        let (out, output) = run(&config);
        assert!(output.status.success(), "{}", stderr(&output));
        let files: Vec<Vec<u8>> = ["articles.jsonl", "articles.csv", "mentions.csv", "rejects.jsonl"]
            .iter()
            .map(|name| std::fs::read(out.path().join(name)).unwrap())
            .collect();
        outputs.push(files);
    }
    assert!(!outputs[0][0].is_empty());
    assert!(outputs[0] == outputs[1], "workers: 1 and workers: 4 give the same bytes");
}

#[test]
fn broken_inputs_are_rejected_with_reasons_and_accounted_for() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("bad.yaml");
    let inputs = repo().join("tests/bad-inputs");
    let yaml = format!(
        "stages:\n  - {{id: ingest, type: ingest, paths: [{inputs:?}]}}\n  - {{id: normalize, type: normalize}}\n  - {{id: tag, type: tag}}\n  - {{id: dedup, type: dedup}}\n  - {{id: export, type: export}}\n"
    );
    std::fs::write(&config, yaml).unwrap();
    let (out, output) = run(&config);
    assert!(output.status.success(), "{}", stderr(&output));
    // Paths are absolute here (the config lives in a temporary directory): keep the file names.
    let prefix = format!("{}/", inputs.display());
    let rejects: Vec<Value> = std::fs::read_to_string(out.path().join("rejects.jsonl"))
        .unwrap()
        .replace(&prefix, "")
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    insta::assert_yaml_snapshot!("bad_input_rejects", rejects);
    let report: Value =
        serde_json::from_slice(&std::fs::read(out.path().join("report.json")).unwrap()).unwrap();
    let totals = &report["totals"];
    assert_eq!(totals["balanced"], true);
    assert_eq!(totals["read"].as_u64(), Some(articles_and_rejects(&out)));
}

/// A file whose documents the run cannot read (cut or damaged compressed data, binary data,
/// an archive, another format) is said on stderr, naming the file, since one reject may hide a
/// thousand records; an empty or blank file, which holds nothing, is only a reject.
#[test]
fn files_lost_whole_are_warned_of() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = repo().join("tests/bad-inputs");
    // An archive given by name (a directory's zip would not be read, by its extension).
    std::fs::write(dir.path().join("wires.zip"), b"PK\x03\x04\x14\x00\x00\x00\x08\x00story.txt\x00\x01\x02")
        .unwrap();
    let yaml = format!(
        "output: out\nstages:\n  - {{id: ingest, type: ingest, paths: [{inputs:?}, wires.zip]}}\n  - {{id: export, type: export}}\n"
    );
    std::fs::write(dir.path().join("p.yaml"), yaml).unwrap();
    let output = copydesk_logging(dir.path(), &["run", "--quiet", "p.yaml"], "warn");
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stderr(&output);
    let warned = |file: &str| said.lines().any(|line| line.contains("WARN") && line.contains(file));
    for file in
        ["truncated.txt.gz", "truncated.jsonl.zst:", "binary.txt", "article-named.jsonl", "utf16.jsonl"]
    {
        assert!(warned(file), "{file} warned of:\n{said}");
    }
    assert!(said.contains("a zip archive, not text: copydesk reads text and JSON lines files"), "{said}");
    for file in ["empty.txt", "blank.txt"] {
        assert!(!warned(file), "{file} not warned of:\n{said}");
    }
}

fn articles_and_rejects(out: &tempfile::TempDir) -> u64 {
    (read_jsonl(&out.path().join("articles.jsonl")).len()
        + read_jsonl(&out.path().join("rejects.jsonl")).len()) as u64
}

#[test]
fn validate_reports_every_problem() {
    insta::glob!("configs/*.yaml", |path| {
        let name = path.file_name().unwrap().to_str().unwrap();
        let output = copydesk(path.parent().unwrap(), &["validate", name]);
        let shown = format!(
            "exit: {}\n{}{}",
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        insta::assert_snapshot!(shown);
    });
}

#[test]
fn run_refuses_an_invalid_config_before_reading_anything() {
    let out = tempfile::tempdir().unwrap();
    let output = copydesk(
        &repo().join("tests/configs"),
        &["run", "--quiet", "unknown-type.yaml", "--output", out.path().to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output)
            .contains("unknown-type.yaml:6: stage `dedup`: key `type`: unknown stage type `dedupe`")
    );
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0, "nothing written");
}

/// A config that cannot be read is not called invalid: the message says it could not be
/// read, with the file and the system's reason, from `run` (on standard error) and `validate`
/// (on standard output, its report) alike.
#[test]
fn a_missing_config_is_unreadable_not_invalid() {
    let dir = tempfile::tempdir().unwrap();
    let said = |output: &Output| format!("{}{}", String::from_utf8_lossy(&output.stdout), stderr(output));
    for command in ["run", "validate"] {
        let output = copydesk(dir.path(), &[command, "missing.yaml"]);
        assert_eq!(output.status.code(), Some(2), "{command}");
        let message = said(&output);
        assert!(message.contains("cannot read the pipeline config:"), "{command}: {message}");
        assert!(message.contains("missing.yaml: No such file or directory"), "{command}: {message}");
        assert!(!message.contains("invalid"), "{command}: {message}");
    }
    // A directory given as the config.
    let output = copydesk(dir.path(), &["validate", "."]);
    assert_eq!(output.status.code(), Some(2));
    assert!(said(&output).contains("cannot read the pipeline config:"), "{}", said(&output));
}

/// A field named in the config that no record or document has (a misspelling, the wrong case)
/// is warned of, not left to make empty titles, dates and columns without a word; the fields
/// as written are not.
#[test]
fn fields_named_in_the_config_that_nothing_has_are_warned_of() {
    let dir = tempfile::tempdir().unwrap();
    let feed = "{\"url\": \"u1\", \"headline\": \"Talks\", \"body\": \"Talks went on.\", \"pubDate\": \"2022-02-03\", \"desk\": \"world\"}\n\
                {\"url\": \"u2\", \"headline\": \"Vote\", \"body\": \"The vote came.\", \"pubDate\": \"2022-02-04\"}\n";
    std::fs::write(dir.path().join("feed.jsonl"), feed).unwrap();
    let run = |title: &str, date: &str, field: &str| {
        let yaml = format!(
            "stages:\n  - {{type: ingest, paths: [feed.jsonl], id_field: url, text_field: body, title_field: {title}, \
             date_field: {date}}}\n  - {{type: export, formats: [csv], csv_fields: [{field}]}}\n"
        );
        std::fs::write(dir.path().join("p.yaml"), yaml).unwrap();
        let output = copydesk_logging(dir.path(), &["run", "--quiet", "p.yaml"], "warn");
        assert!(output.status.success(), "{}", stderr(&output));
        stderr(&output)
    };
    let said = run("heading", "pubdate", "Desk");
    assert!(
        said.contains("`title_field: heading`: none of the 2 JSON records read has a `heading` field"),
        "{said}"
    );
    assert!(
        said.contains("`date_field: pubdate`: none of the 2 JSON records read has a `pubdate` field"),
        "{said}"
    );
    assert!(said.contains("`csv_fields`: none of the 2 articles has a `Desk` field"), "{said}");
    // As the records write them: titles, dates and a column one article fills; nothing said.
    let said = run("headline", "pubDate", "desk");
    assert!(!said.contains("none of the"), "{said}");
    let csv = std::fs::read_to_string(dir.path().join("out/articles.csv")).unwrap();
    assert!(csv.contains(",Talks,") && csv.contains("2022-02-03") && csv.contains(",world\n"), "{csv}");
}

/// `copydesk init` writes the default pipeline reading `input/`, for a directory away from the
/// repository, and does not replace a config; a missing config's error says how to have one.
#[test]
fn init_writes_the_default_pipeline_reading_input() {
    let dir = tempfile::tempdir().unwrap();
    let output = copydesk(dir.path(), &["run", "--quiet"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("(`copydesk init` writes the default pipeline there"),
        "{}",
        stderr(&output)
    );
    let output = copydesk(dir.path(), &["init"]);
    assert!(output.status.success(), "{}", stderr(&output));
    // Its input goes in input/: the AFP pair of the seeds.
    let input = dir.path().join("input");
    std::fs::create_dir(&input).unwrap();
    for seed in ["002_7b080f9ad804409b.txt", "004_e0681172dd10158b.txt"] {
        std::fs::copy(repo().join("seeds").join(seed), input.join(seed)).unwrap();
    }
    let output = copydesk(dir.path(), &["run", "--quiet"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let articles = read_jsonl(&dir.path().join("out/articles.jsonl"));
    assert_eq!(articles.len(), 2);
    assert_eq!(articles[1]["dedup"]["duplicate_of"], "002_7b080f9ad804409b", "the default pipeline's dedup");
    assert!(!articles[0]["entities"].as_array().unwrap().is_empty(), "and its tagger");
    // A second `init` leaves the config as it is.
    let config = dir.path().join("pipeline.yaml");
    let before = std::fs::read(&config).unwrap();
    let output = copydesk(dir.path(), &["init"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("pipeline.yaml exists"), "{}", stderr(&output));
    assert_eq!(std::fs::read(&config).unwrap(), before);
}

/// `--input` reads what it names instead of the source's `paths`, relative to where the command
/// runs (the config's own paths are relative to the config); a problem with one of its paths is
/// said as the command line's, not at a line of the config.
#[test]
fn input_replaces_the_sources_paths() {
    let dir = tempfile::tempdir().unwrap();
    let two = dir.path().join("two");
    std::fs::create_dir(&two).unwrap();
    for seed in ["000_129b3bfcffd9dbf4.txt", "003_77eebedf5d19106a.txt"] {
        std::fs::copy(repo().join("seeds").join(seed), two.join(seed)).unwrap();
    }
    let seeds = repo().join("seeds");
    let yaml = format!(
        "stages:\n  - type: ingest\n    paths: [{seeds:?}]\n  - type: export\n    formats: [jsonl]\n"
    );
    std::fs::write(dir.path().join("p.yaml"), yaml).unwrap();
    let output = copydesk(dir.path(), &["run", "--quiet", "p.yaml", "--input", "two", "--output", "out"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let ids: Vec<Value> =
        read_jsonl(&dir.path().join("out/articles.jsonl")).iter().map(|a| a["id"].clone()).collect();
    assert_eq!(ids, [json!("000_129b3bfcffd9dbf4"), json!("003_77eebedf5d19106a")]);
    let report: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/report.json")).unwrap()).unwrap();
    // As the config would write it, relative to its folder: the documents' `source` too.
    assert_eq!(report["stages"][0]["options"]["paths"], json!(["two"]));
    assert_eq!(
        read_jsonl(&dir.path().join("out/articles.jsonl"))[0]["source"],
        "two/000_129b3bfcffd9dbf4.txt"
    );
    // Run from elsewhere, the same paths: the config's folder is not the working directory.
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let output = copydesk(&elsewhere, &["run", "--quiet", "../p.yaml", "--input", "../two", "-o", "../out2"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out2/report.json")).unwrap()).unwrap();
    assert_eq!(report["stages"][0]["options"]["paths"], json!(["two"]));
    // Outside the config's folder: absolute.
    let outside = tempfile::tempdir().unwrap();
    let seed = repo().join("seeds/001_01419d6f0f3b40fd.txt");
    std::fs::copy(&seed, outside.path().join("001_01419d6f0f3b40fd.txt")).unwrap();
    let output = copydesk(
        outside.path(),
        &["run", "--quiet", &format!("{}", dir.path().join("p.yaml").display()), "--input", ".", "-o", "out"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let report: Value =
        serde_json::from_slice(&std::fs::read(outside.path().join("out/report.json")).unwrap()).unwrap();
    let resolved = outside.path().canonicalize().unwrap();
    assert_eq!(report["stages"][0]["options"]["paths"], json!([resolved.to_str().unwrap()]));

    let first_report = std::fs::read(dir.path().join("out/report.json")).unwrap();
    // Several paths after one flag (a shell's glob), one of them missing.
    let output =
        copydesk(dir.path(), &["run", "--quiet", "p.yaml", "--input", "two", "nowhere", "-o", "out"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("stage `ingest`: --input: input path `nowhere` does not exist"), "{message}");
    assert!(!message.contains("p.yaml:"), "not the config's line: {message}");
    assert!(message.contains("invalid command line (1 problem)"), "the config is sound: {message}");
    // `validate` checks a command line as `run` would run it.
    let output = copydesk(dir.path(), &["validate", "p.yaml", "--input", "two", "nowhere"]);
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(said.contains("stage `ingest`: --input: input path"), "{said}");
    let output = copydesk(dir.path(), &["validate", "p.yaml", "--input", "two"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stdout));

    // A link is read under its own name, as the config would read it: ids without an id field
    // go by it, not by the file it points to.
    #[cfg(unix)]
    {
        std::fs::create_dir(dir.path().join("archive")).unwrap();
        std::fs::write(dir.path().join("archive/2022-02-07.jsonl"), "{\"text\": \"Talks went on.\"}\n")
            .unwrap();
        std::os::unix::fs::symlink("archive/2022-02-07.jsonl", dir.path().join("today.jsonl")).unwrap();
        let output =
            copydesk(dir.path(), &["run", "--quiet", "p.yaml", "--input", "today.jsonl", "-o", "linked"]);
        assert!(output.status.success(), "{}", stderr(&output));
        let ids: Vec<Value> =
            read_jsonl(&dir.path().join("linked/articles.jsonl")).iter().map(|a| a["id"].clone()).collect();
        assert_eq!(ids, [json!("today:1")]);
    }

    // The config after `--input` would be read as an input, and the default config run.
    let output = copydesk(dir.path(), &["run", "--input", "two", "p.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("give the config before --input"), "{}", stderr(&output));
    let output = copydesk(dir.path(), &["validate", "--input", "two", "P.YML"]);
    assert!(stderr(&output).contains("give the config before --input"), "{}", stderr(&output));
    // With the config given first, an input named like one is only an input.
    std::fs::write(dir.path().join("two/feeds.yaml"), "a: 1\n").unwrap();
    let output = copydesk(dir.path(), &["validate", "p.yaml", "--input", "two/feeds.yaml"]);
    assert!(output.status.success(), "{}{}", String::from_utf8_lossy(&output.stdout), stderr(&output));
    // The refused runs wrote nothing: `out` is still the first run's.
    assert_eq!(std::fs::read(dir.path().join("out/report.json")).unwrap(), first_report);
}

#[test]
fn an_unwritable_output_stops_the_run_before_anything_is_read() {
    let blocker = tempfile::NamedTempFile::new().unwrap();
    let output_dir: PathBuf = blocker.path().join("out"); // a directory inside a file: cannot exist
    let output =
        copydesk(repo(), &["run", "--quiet", "pipeline.yaml", "--output", output_dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains(&format!("output directory {}: cannot be created", output_dir.display())),
        "{message}"
    );
    // An export `dir:` inside a file is a config error of that key.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("p.yaml");
    let seeds = repo().join("seeds");
    let yaml = format!(
        "stages:\n  - {{id: ingest, type: ingest, paths: [{seeds:?}]}}\n  - {{id: export, type: export, dir: {:?}}}\n",
        output_dir
    );
    std::fs::write(&config, yaml).unwrap();
    let output = copydesk(dir.path(), &["validate", "p.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    let message = format!("{}{}", String::from_utf8_lossy(&output.stdout), stderr(&output));
    assert!(message.contains("key `dir`") && message.contains("is a file, not a directory"), "{message}");
    // An export `dir:` that cannot be made (here under /proc, where nothing can be) is found by
    // validate without making anything, and stops the run before anything is read, both naming
    // the stage and key.
    let yaml = format!(
        "stages:\n  - {{id: ingest, type: ingest, paths: [{seeds:?}]}}\n  - {{id: export, type: export, dir: /proc/copydesk-nope}}\n"
    );
    std::fs::write(&config, yaml).unwrap();
    let output = copydesk(dir.path(), &["validate", "p.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    let message = String::from_utf8_lossy(&output.stdout);
    assert!(
        message.contains(
            "stage `export`: key `dir`: output directory /proc/copydesk-nope: cannot be created in /proc"
        ),
        "{message}"
    );
    assert!(!dir.path().join("out").exists(), "validate makes no directory");
    // Named whatever else is wrong with the stage; and a link to nothing is no directory.
    std::os::unix::fs::symlink("/nonexistent/target", dir.path().join("dangling")).unwrap();
    let yaml = format!(
        "output: dangling\nstages:\n  - {{id: ingest, type: ingest, paths: [{seeds:?}]}}\n  - {{id: export, type: export, formats: [xml], dir: /proc/copydesk-nope}}\n"
    );
    std::fs::write(&config, yaml).unwrap();
    let output = copydesk(dir.path(), &["validate", "p.yaml"]);
    let message = String::from_utf8_lossy(&output.stdout);
    assert!(
        message.contains("p.yaml:1: key `output`: output directory dangling: is a link to nothing")
            && message.contains("key `formats[0]`")
            && message.contains("key `dir`: output directory /proc/copydesk-nope"),
        "{message}"
    );
    let out = dir.path().join("out");
    let output = copydesk(dir.path(), &["run", "--quiet", "p.yaml", "--output", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message
            .contains("stage `export`: key `dir`: output directory /proc/copydesk-nope: cannot be created"),
        "{message}"
    );
    assert!(!message.contains("while processing"), "{message}");
}

#[test]
fn stages_lists_every_type_with_options() {
    let output = copydesk(repo(), &["stages", "--json"]);
    assert!(output.status.success());
    let list: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    let names: Vec<&str> = list.iter().map(|t| t["type"].as_str().unwrap()).collect();
    // The built-in types, in name order; a stage added with `cargo xtask new-stage` joins them.
    assert!(names.is_sorted(), "{names:?}");
    for builtin in ["dedup", "export", "fingerprint", "ingest", "normalize", "tag", "wordcount"] {
        assert!(names.contains(&builtin), "{builtin} in {names:?}");
    }
    // The keys every stage takes, as each type takes them: `on_error: reject` and several
    // workers only on a parallel-safe one.
    for t in &list {
        let keys = t["stage_keys"].as_array().unwrap();
        let key = |k: &str| keys.iter().find(|o| o["key"] == k).unwrap_or_else(|| panic!("{k} in {keys:?}"));
        assert_eq!(key("id")["default"], t["type"], "a stage without an id is known by its type");
        assert_eq!(key("workers")["default"], 1);
        assert_eq!(key("on_error")["default"], "stop");
        let values = if t["parallel"] == true { json!(["stop", "reject"]) } else { json!(["stop"]) };
        assert_eq!(key("on_error")["values"], values, "{}", t["type"]);
    }
    let tag = list.iter().find(|t| t["type"] == "tag").unwrap();
    let on_error = tag["stage_keys"].as_array().unwrap().iter().find(|k| k["key"] == "on_error").unwrap();
    assert_eq!(on_error["values"], json!(["stop", "reject"]));
    // Every option a type's options struct has is listed, with a help line: one left out of
    // the struct's `HELP` is listed with none, and fails here.
    for t in &list {
        for option in t["options"].as_array().unwrap() {
            let (kind, key) = (&t["type"], &option["key"]);
            assert!(!option["help"].as_str().unwrap().is_empty(), "{kind} option {key} has no HELP line");
        }
    }
    // The plain listing: within a type, each option's help starts in the same column, however
    // long its key ("boilerplate_contexts") or default.
    let output = copydesk(repo(), &["stages"]);
    let text = String::from_utf8(output.stdout).unwrap();
    for (block, t) in text.split("\n\n").zip(&list) {
        let columns: Vec<usize> = t["options"]
            .as_array()
            .unwrap()
            .iter()
            .map(|option| {
                let help = option["help"].as_str().unwrap();
                let line = block.lines().find(|l| l.ends_with(help)).expect("a line per option");
                line.chars().count() - help.chars().count()
            })
            .collect();
        assert!(columns.windows(2).all(|w| w[0] == w[1]), "{}: help columns {columns:?}", t["type"]);
    }
}

#[test]
fn a_terminated_run_writes_nothing() {
    // SIGTERM (what `timeout`, systemd and docker send) stops a run like Ctrl-C: exit 130, and no
    // output file, not even export's hidden temporary ones.
    let dir = tempfile::tempdir().unwrap();
    let mut input = String::new();
    for i in 0..20_000 {
        input.push_str(&format!(
            "{{\"id\": \"n{i}\", \"text\": \"President Emmanuel Macron met Chancellor Olaf Scholz in Berlin on Monday, \
             officials said. Talks covered energy prices and troop deployments in Romania, story {i}.\"}}\n"
        ));
    }
    std::fs::write(dir.path().join("in.jsonl"), input).unwrap();
    let config = dir.path().join("run.yaml");
    std::fs::write(
        &config,
        "output: out\nstages:\n  - {id: ingest, type: ingest, paths: [in.jsonl]}\n  - {id: normalize, type: normalize}\n  \
         - {id: tag, type: tag}\n  - {id: export, type: export}\n",
    )
    .unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["run", "--quiet", config.to_str().unwrap()])
        .current_dir(dir.path())
        .env("RUST_LOG", "error")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Inside the run: once export has its first documents (its hidden temporary files exist),
    // not after a fixed time, which a release build on a fast machine outruns.
    let out = dir.path().join("out");
    let started = std::time::Instant::now();
    let underway = || {
        std::fs::read_dir(&out)
            .map(|d| {
                d.flatten().any(|e| e.file_name().to_string_lossy().starts_with(".articles.jsonl.copydesk-"))
            })
            .unwrap_or(false)
    };
    while !underway() {
        assert!(started.elapsed().as_secs() < 120, "export wrote nothing in two minutes");
        assert!(child.try_wait().unwrap().is_none(), "the run ended before export began");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let killed =
        std::process::Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let stopped = child.wait_with_output().unwrap();
    assert_eq!(stopped.status.code(), Some(130), "{:?}", stopped.status);
    // Not "no output was written", which reads as an emptied directory.
    let said = stderr(&stopped);
    assert!(
        said.contains("none of its output was put in place (the output directory holds what it held before)"),
        "{said}"
    );
    let left: Vec<_> =
        std::fs::read_dir(&out).map(|d| d.flatten().map(|e| e.file_name()).collect()).unwrap_or_default();
    assert!(left.is_empty(), "{left:?}");
}

/// A run whose standard error nobody reads any more (`copydesk run … 2>&1 | head -n 1`) runs
/// to its end and writes its output: its warnings and its table go nowhere.
#[test]
fn a_closed_standard_error_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a.txt", "b.txt"] {
        std::fs::copy(repo().join("tests/bad-inputs/broken-utf8.txt"), dir.path().join(name)).unwrap();
    }
    std::fs::copy(repo().join("seeds/000_129b3bfcffd9dbf4.txt"), dir.path().join("c.txt")).unwrap();
    let config = dir.path().join("run.yaml");
    std::fs::write(
        &config,
        "output: out\nstages:\n  - {id: ingest, type: ingest, paths: ['a.txt', 'b.txt', 'c.txt']}\n  \
         - {id: normalize, type: normalize}\n  - {id: export, type: export}\n",
    )
    .unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["run", config.to_str().unwrap()])
        .current_dir(dir.path())
        .env("RUST_LOG", "warn")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before the run writes a word.
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    let out = dir.path().join("out");
    // (The two broken files are read with their bad bytes replaced, and warned about.)
    assert_eq!(read_jsonl(&out.join("articles.jsonl")).len(), 3);
    assert!(out.join("report.json").exists());
}

/// The inspection commands print to a full device (`/dev/full`) as to any file they cannot
/// write: an error naming where they wrote and a failed status, not a panic.
#[cfg(target_os = "linux")]
#[test]
fn an_inspection_command_on_a_full_device_fails_with_an_error() {
    let stages = "stages:\n  - {id: ingest, type: ingest, paths: [.]}\n  - {id: normalize, type: normalize}\n  - {id: tag, type: tag}\n  - {id: dedup, type: dedup}\n  - {id: export, type: export}\n";
    let (_inputs, out) = run_on_the_afp_pair(&[], stages);
    let out_dir = out.path().to_str().unwrap();
    let conll = "tests/tag-conll/sample.conll";
    let commands: [&[&str]; 6] = [
        &["stages"],
        &["stages", "--json"],
        &["validate", "pipeline.yaml"],
        &["explain-dup", "002_7b080f9ad804409b", "004_e0681172dd10158b", out_dir],
        &["entities", out_dir],
        &["tag-conll", conll],
    ];
    for args in commands {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .args(args)
            .current_dir(repo())
            .stdout(full)
            .output()
            .unwrap();
        let said = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {said}");
        assert!(
            said.contains("error: cannot write to standard output: No space left on device"),
            "{args:?}: {said}"
        );
    }
    let output = copydesk(repo(), &["tag-conll", conll, "--output", "/dev/full"]);
    let said = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(said.contains("error: cannot write to /dev/full: No space left on device"), "{said}");
}

/// A run of the pipeline `stages` (YAML, reading `paths: [.]`) over the two printings of the
/// AFP story in `seeds/` and the `extra` files beside them: the input directory (the config's)
/// and the run's output directory.
/// `entities --no-duplicates` counts a story once: the names only the AFP pair's later copy
/// has (004, a duplicate of 002) are left out with it.
#[test]
fn entities_can_leave_out_duplicates() {
    let stages = "stages:\n  - {id: ingest, type: ingest, paths: [.]}\n  - {id: normalize, type: normalize}\n  - {id: tag, type: tag}\n  - {id: dedup, type: dedup}\n  - {id: export, type: export}\n";
    let (_inputs, out) = run_on_the_afp_pair(&[], stages);
    let out_dir = out.path().to_str().unwrap();
    let persons = |extra: &[&str]| {
        let args = [&["entities", out_dir, "--top", "0", "--type", "PERSON", "--json"][..], extra].concat();
        let listed = copydesk(repo(), &args);
        assert!(listed.status.success(), "{}", stderr(&listed));
        let rows: Vec<Value> = String::from_utf8_lossy(&listed.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        (rows, stderr(&listed))
    };
    let (all, _) = persons(&[]);
    let (once, said) = persons(&["--no-duplicates"]);
    let names = |rows: &[Value]| {
        rows.iter().map(|r| r["canonical"].as_str().unwrap().to_string()).collect::<Vec<_>>()
    };
    assert!(names(&all).contains(&"Xi Jinping".to_string()), "{all:?}");
    assert!(!names(&once).contains(&"Xi Jinping".to_string()), "{once:?}");
    let putin = |rows: &[Value]| {
        rows.iter().find(|r| r["canonical"] == "Vladimir Putin").unwrap()["documents"].clone()
    };
    assert_eq!((putin(&all), putin(&once)), (serde_json::json!(2), serde_json::json!(1)));
    assert!(said.contains("counted over 1 of 2 articles, 1 duplicate left out"), "{said}");
}

/// `explain-dup OUT A B`, the output directory first, says the ids come first.
#[test]
fn explain_dup_with_its_output_first_says_the_order() {
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().to_str().unwrap();
    let said = copydesk(repo(), &["explain-dup", out_dir, "a", "b"]);
    assert_eq!(said.status.code(), Some(1));
    assert!(stderr(&said).contains("the two ids come first, the run's output last"), "{}", stderr(&said));
}

fn run_on_the_afp_pair(extra: &[(&str, &str)], stages: &str) -> (tempfile::TempDir, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    for seed in ["002_7b080f9ad804409b.txt", "004_e0681172dd10158b.txt"] {
        std::fs::copy(repo().join("seeds").join(seed), dir.path().join(seed)).unwrap();
    }
    for (name, text) in extra {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let config = dir.path().join("pipeline.yaml");
    std::fs::write(&config, stages).unwrap();
    let (out, output) = run(&config);
    assert!(output.status.success(), "{}", stderr(&output));
    (dir, out)
}

/// Export's `include_original` writes each text as read, through a dedup that spools it; and
/// without it no stage reads the originals, which the run then drops at the source: dedup's
/// spool is smaller by their bytes.
#[test]
fn originals_are_exported_as_read_when_asked() {
    let spool_bytes = |out: &Path| {
        let report: Value = serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
        let stages = report["stages"].as_array().unwrap();
        stages.iter().find(|s| s["type"] == "dedup").unwrap()["counters"]["spool_bytes"].as_u64().unwrap()
    };
    let stages = |export: &str| {
        format!(
            "stages:\n  - {{id: ingest, type: ingest, paths: [.]}}\n  - {{id: normalize, type: normalize}}\n  \
             - {{id: fingerprint, type: fingerprint}}\n  - {{id: dedup, type: dedup}}\n  - {export}\n"
        )
    };
    let (dir, out) = run_on_the_afp_pair(&[], &stages("{id: export, type: export, include_original: true}"));
    let articles = read_jsonl(&out.path().join("articles.jsonl"));
    assert_eq!(articles.len(), 2);
    let mut original_bytes = 0;
    for article in &articles {
        let id = article["id"].as_str().unwrap();
        let read = std::fs::read_to_string(dir.path().join(format!("{id}.txt"))).unwrap();
        assert_eq!(article["original"].as_str(), Some(read.as_str()), "{id}");
        assert_ne!(article["text"], article["original"], "{id} is normalized");
        original_bytes += read.len() as u64;
    }
    let (_, without) = run_on_the_afp_pair(&[], &stages("{id: export, type: export}"));
    let articles = read_jsonl(&without.path().join("articles.jsonl"));
    assert!(articles.len() == 2 && articles.iter().all(|a| a.get("original").is_none()), "{articles:?}");
    assert_eq!(spool_bytes(out.path()) - spool_bytes(without.path()), original_bytes);
}

#[test]
fn explain_dup_gives_the_scores_the_export_gives() {
    // The two printings of the AFP story, and two identical texts with no words (an exact
    // copy with no shingles: the export calls them Jaccard 1, and so must explain-dup).
    let stages = "stages:\n  - {id: ingest, type: ingest, paths: [.]}\n  - {id: normalize, type: normalize}\n  - {id: dedup, type: dedup}\n  - {id: export, type: export}\n";
    let dots = "* * *\n\n— … —\n";
    let (_inputs, out) = run_on_the_afp_pair(&[("dots-a.txt", dots), ("dots-b.txt", dots)], stages);
    let articles = read_jsonl(&out.path().join("articles.jsonl"));
    let jaccard_of_copy = |id: &str| {
        let article = articles.iter().find(|a| a["id"] == id).unwrap_or_else(|| panic!("{id} exported"));
        article["dedup"]["jaccard"].as_f64().unwrap_or_else(|| panic!("{id} is a copy: {article}"))
    };
    let out_dir = out.path().to_str().unwrap();
    for (a, b) in [("002_7b080f9ad804409b", "004_e0681172dd10158b"), ("dots-a", "dots-b")] {
        let explained = copydesk(repo(), &["explain-dup", a, b, out_dir]);
        assert!(explained.status.success(), "{}", stderr(&explained));
        let shown = String::from_utf8_lossy(&explained.stdout);
        let expected = format!("{a} {b}: jaccard {:.4},", jaccard_of_copy(b));
        assert!(shown.contains(&expected), "{expected} in:\n{shown}");
        assert!(shown.contains("same cluster"), "{shown}");
        assert!(
            shown.contains("by this run's dedup rule (jaccard ≥ 0.36,")
                && shown.contains("): duplicates: jaccard"),
            "{shown}"
        );
    }
}

#[test]
fn explain_dup_follows_the_runs_shingle_size_and_says_when_there_was_no_dedup() {
    let stages = "stages:\n  - {id: ingest, type: ingest, paths: [.]}\n  - {id: normalize, type: normalize}\n  - {id: fingerprint, type: fingerprint, shingle_size: 3}\n  - {id: dedup, type: dedup, shingle_size: 3}\n  - {id: export, type: export}\n";
    let (_inputs, out) = run_on_the_afp_pair(&[], stages);
    let articles = read_jsonl(&out.path().join("articles.jsonl"));
    let copy = articles.iter().find(|a| a["id"] == "004_e0681172dd10158b").unwrap();
    let (a, b, out_dir) = ("002_7b080f9ad804409b", "004_e0681172dd10158b", out.path().to_str().unwrap());
    let expected = format!("jaccard {:.4},", copy["dedup"]["jaccard"].as_f64().unwrap());
    // Given, or as the run's report records it.
    for given in [&["--shingle-size", "3"][..], &[]] {
        let explained = copydesk(repo(), &[&["explain-dup", a, b, out_dir][..], given].concat());
        let shown = String::from_utf8_lossy(&explained.stdout);
        assert!(shown.contains(&expected) && shown.contains("3-word shingles,"), "{expected} in:\n{shown}");
    }
    // Another size than the run's is said to be.
    let explained = copydesk(repo(), &["explain-dup", a, b, out_dir, "--shingle-size", "5"]);
    let shown = String::from_utf8_lossy(&explained.stdout);
    assert!(shown.contains("(5-word shingles, not the run's 3, whole texts)"), "{shown}");
    // A report without options (from before reports recorded them): the default, 4 words.
    let report_path = out.path().join("report.json");
    let mut report: Value = serde_json::from_slice(&std::fs::read(&report_path).unwrap()).unwrap();
    for stage in report["stages"].as_array_mut().unwrap() {
        stage.as_object_mut().unwrap().remove("options");
    }
    std::fs::write(&report_path, serde_json::to_vec(&report).unwrap()).unwrap();
    let explained = copydesk(repo(), &["explain-dup", a, b, out_dir]);
    let shown = String::from_utf8_lossy(&explained.stdout);
    assert!(shown.contains("4-word shingles") && shown.contains("by dedup's default rule"), "{shown}");
    // Dedup's range: beyond it an error, not a panic.
    let refused = copydesk(repo(), &["explain-dup", a, b, out_dir, "--shingle-size", "17"]);
    let said = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(2), "{said}");
    assert!(said.contains("17 is not in 1..=16"), "{said}");

    let (_inputs, out) = run_on_the_afp_pair(
        &[],
        "stages:\n  - {id: ingest, type: ingest, paths: [.]}\n  - {id: export, type: export}\n",
    );
    let explained = copydesk(repo(), &["explain-dup", a, b, out.path().to_str().unwrap()]);
    let shown = String::from_utf8_lossy(&explained.stdout);
    assert!(shown.contains("not both deduplicated") && !shown.contains("same cluster"), "{shown}");
}

#[test]
fn explain_dup_judges_by_the_runs_own_rule() {
    // A run that asks for near-identical texts only keeps the two printings apart, and
    // explain-dup says so by that run's thresholds, not dedup's defaults.
    let stages = "stages:\n  - {id: ingest, type: ingest, paths: [.]}\n  - {id: normalize, type: normalize}\n  - {id: fingerprint, type: fingerprint}\n  - {id: dedup, type: dedup, jaccard: 0.95, containment: 0.99}\n  - {id: export, type: export}\n";
    let (_inputs, out) = run_on_the_afp_pair(&[], stages);
    let (a, b) = ("002_7b080f9ad804409b", "004_e0681172dd10158b");
    let explained = copydesk(repo(), &["explain-dup", a, b, out.path().to_str().unwrap()]);
    assert!(explained.status.success(), "{}", stderr(&explained));
    let shown = String::from_utf8_lossy(&explained.stdout);
    assert!(shown.contains("different clusters"), "{shown}");
    assert!(
        shown
            .contains("by this run's dedup rule (jaccard ≥ 0.95, or containment ≥ 0.99 sharing at least 0.3")
            && shown.contains("): not duplicates: jaccard"),
        "{shown}"
    );
}

#[test]
fn explain_dup_says_where_a_dropped_or_rejected_article_went() {
    let stages = "stages:\n  - {id: ingest, type: ingest, paths: [.]}\n  - {id: normalize, type: normalize}\n  - {id: dedup, type: dedup, mode: drop}\n  - {id: export, type: export}\n";
    let (_inputs, out) = run_on_the_afp_pair(&[("empty.txt", "")], stages);
    let out_dir = out.path().to_str().unwrap();
    let explained =
        copydesk(repo(), &["explain-dup", "002_7b080f9ad804409b", "004_e0681172dd10158b", out_dir]);
    assert_eq!(explained.status.code(), Some(1));
    let said = stderr(&explained);
    assert!(
        said.contains(
            "`004_e0681172dd10158b` was dropped by `dedup` as a duplicate of `002_7b080f9ad804409b`"
        ) && said.contains("mode: annotate"),
        "{said}"
    );
    let explained = copydesk(repo(), &["explain-dup", "empty", "002_7b080f9ad804409b", out_dir]);
    let said = stderr(&explained);
    assert!(said.contains("`empty` was rejected by `ingest`: empty file"), "{said}");
    let explained = copydesk(repo(), &["explain-dup", "nowhere", "002_7b080f9ad804409b", out_dir]);
    assert!(stderr(&explained).contains("no article `nowhere` in"), "{}", stderr(&explained));
    // Neither there: each is accounted for.
    let explained = copydesk(repo(), &["explain-dup", "nowhere", "empty", out_dir]);
    let said = stderr(&explained);
    assert!(
        said.contains("no article `nowhere` in") && said.contains("`empty` was rejected by `ingest`"),
        "{said}"
    );
}

/// A daily job's first run, its index in the output directory the run makes: said, and not
/// again; an index in a folder that is not there is an error saying so, with no such word.
#[test]
fn a_daily_jobs_first_index_is_said() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::copy(repo().join("seeds/002_7b080f9ad804409b.txt"), dir.path().join("in/a.txt")).unwrap();
    let run = |index: &str| {
        let yaml = format!(
            "stages:\n  - {{type: ingest, paths: [in]}}\n  - {{type: dedup, index_in: {index}, index_out: {index}}}\n  - {{type: export}}\n"
        );
        std::fs::write(dir.path().join("p.yaml"), yaml).unwrap();
        copydesk_logging(dir.path(), &["run", "--quiet", "p.yaml"], "warn")
    };
    let first = run("out/dedup.index");
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("no index at ./out/dedup.index yet: a run of this config starts a new one"),
        "{}",
        stderr(&first)
    );
    let second = run("out/dedup.index");
    assert!(second.status.success() && !stderr(&second).contains("no index at"), "{}", stderr(&second));
    let missing = run("state/dedup.index");
    assert_eq!(missing.status.code(), Some(2));
    let said = stderr(&missing);
    assert!(
        said.contains("directory ./state does not exist: make it") && !said.contains("no index at"),
        "{said}"
    );
}

#[test]
fn explain_dup_says_when_the_other_article_is_an_earlier_runs() {
    // Yesterday's run saw 002; today's sees 004, the other printing, against yesterday's index.
    let dir = tempfile::tempdir().unwrap();
    for (day, seed) in [("yesterday", "002_7b080f9ad804409b.txt"), ("today", "004_e0681172dd10158b.txt")] {
        std::fs::create_dir(dir.path().join(day)).unwrap();
        std::fs::copy(repo().join("seeds").join(seed), dir.path().join(day).join(seed)).unwrap();
        let config = dir.path().join(format!("{day}.yaml"));
        let stages = format!(
            "output: out-{day}\nstages:\n  - {{id: ingest, type: ingest, paths: [{day}]}}\n  - {{id: normalize, type: normalize}}\n  - {{id: dedup, type: dedup, index_in: index.bin, index_out: index.bin}}\n  - {{id: export, type: export}}\n"
        );
        std::fs::write(&config, stages).unwrap();
        let output = copydesk(dir.path(), &["run", "--quiet", config.to_str().unwrap()]);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let today = dir.path().join("out-today");
    // The saved index is among the files the run's report lists.
    let report: Value = serde_json::from_slice(&std::fs::read(today.join("report.json")).unwrap()).unwrap();
    let dedup = report["stages"].as_array().unwrap().iter().find(|s| s["id"] == "dedup").unwrap();
    let listed = dedup["files"][0].as_str().unwrap();
    assert!(Path::new(listed).is_absolute() && listed.ends_with("/index.bin"), "{dedup}");
    let articles = read_jsonl(&today.join("articles.jsonl"));
    assert_eq!(articles[0]["dedup"]["duplicate_of"], "002_7b080f9ad804409b", "{}", articles[0]);
    assert_eq!(articles[0]["dedup"]["of_earlier_run"], true, "{}", articles[0]);
    // And in the CSV, where `duplicate_of` names no row of the file.
    let mut csv = csv::Reader::from_path(today.join("articles.csv")).unwrap();
    let columns = csv.headers().unwrap().clone();
    let column = |name: &str| columns.iter().position(|c| c == name).unwrap();
    let row = csv.records().next().unwrap().unwrap();
    assert_eq!(
        (&row[column("duplicate_of")], &row[column("of_earlier_run")]),
        ("002_7b080f9ad804409b", "true"),
        "{row:?}"
    );
    for pair in
        [["004_e0681172dd10158b", "002_7b080f9ad804409b"], ["002_7b080f9ad804409b", "004_e0681172dd10158b"]]
    {
        let explained = copydesk(dir.path(), &["explain-dup", pair[0], pair[1], today.to_str().unwrap()]);
        assert_eq!(explained.status.code(), Some(1));
        let said = stderr(&explained);
        assert!(
            said.contains("`002_7b080f9ad804409b` is not in this run")
                && said.contains(
                    "`004_e0681172dd10158b` was marked a duplicate of it, an article of an earlier run"
                )
                && said.contains("(`--earlier DIR` reads it there)"),
            "{said}"
        );
        // With yesterday's output named, its article is read there, and the two compared.
        let yesterday = dir.path().join("out-yesterday");
        let args = [
            "explain-dup",
            pair[0],
            pair[1],
            today.to_str().unwrap(),
            "--earlier",
            yesterday.to_str().unwrap(),
        ];
        let explained = copydesk(dir.path(), &args);
        assert!(explained.status.success(), "{}", stderr(&explained));
        let shown = String::from_utf8_lossy(&explained.stdout);
        assert!(shown.contains("002_7b080f9ad804409b: ") && shown.contains("(an earlier run's: "), "{shown}");
        assert!(shown.contains("jaccard") && shown.contains("same cluster"), "{shown}");
        // Named, but not there: said so.
        let args =
            ["explain-dup", pair[0], pair[1], today.to_str().unwrap(), "--earlier", today.to_str().unwrap()];
        let said = stderr(&copydesk(dir.path(), &args));
        assert!(said.contains("its text is in that run's export, and not in"), "{said}");
    }
    // Sent again the day after under its id, 002 is a duplicate of itself, yesterday's: asked
    // about it twice, explain-dup says so (not only "give two different ids").
    let config = dir.path().join("yesterday.yaml");
    std::fs::write(&config, std::fs::read_to_string(&config).unwrap().replace("out-yesterday", "out-again"))
        .unwrap();
    let output = copydesk(dir.path(), &["run", "--quiet", config.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let again = dir.path().join("out-again");
    let id = "002_7b080f9ad804409b";
    let explained = copydesk(dir.path(), &["explain-dup", id, id, again.to_str().unwrap()]);
    let said = stderr(&explained);
    assert!(said.contains(&format!("`{id}` is marked a duplicate of `{id}`: it was sent again")), "{said}");
    let explained = copydesk(dir.path(), &["explain-dup", id, id, today.to_str().unwrap()]);
    assert!(stderr(&explained).contains("give two different ids"), "{}", stderr(&explained));
    // Dropped, it is listed in duplicates.jsonl as a copy of an earlier run's article.
    let config = dir.path().join("drop.yaml");
    let stages = std::fs::read_to_string(dir.path().join("yesterday.yaml")).unwrap();
    let stages = stages.replace("out-again", "out-dropped").replace("index_in:", "mode: drop, index_in:");
    std::fs::write(&config, &stages).unwrap();
    let output = copydesk(dir.path(), &["run", "--quiet", config.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let dropped = read_jsonl(&dir.path().join("out-dropped").join("duplicates.jsonl"));
    assert_eq!(dropped.len(), 1, "{dropped:?}");
    assert_eq!(
        (dropped[0]["duplicate_of"].as_str(), dropped[0]["of_earlier_run"].as_bool()),
        (Some(id), Some(true))
    );
    // A copy under a new name, dropped: `mode: annotate` would not show the passages, as the
    // earlier run's text is not in the index. explain-dup says where it is instead.
    std::fs::create_dir(dir.path().join("later")).unwrap();
    std::fs::copy(repo().join("seeds/004_e0681172dd10158b.txt"), dir.path().join("later/copy.txt")).unwrap();
    let stages = stages.replace("out-dropped", "out-later").replace("paths: [yesterday]", "paths: [later]");
    std::fs::write(&config, stages).unwrap();
    let output = copydesk(dir.path(), &["run", "--quiet", config.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let later = dir.path().join("out-later");
    let dropped = read_jsonl(&later.join("duplicates.jsonl"));
    let of = dropped[0]["duplicate_of"].as_str().unwrap().to_string();
    assert_eq!((dropped.len(), dropped[0]["of_earlier_run"].as_bool()), (1, Some(true)), "{dropped:?}");
    let explained = copydesk(dir.path(), &["explain-dup", "copy", &of, later.to_str().unwrap()]);
    let said = stderr(&explained);
    assert!(
        said.contains(&format!("`{of}` is an article of an earlier run")) && !said.contains("mode: annotate"),
        "{said}"
    );
}

#[test]
fn the_inspection_commands_find_an_export_with_a_directory_of_its_own() {
    // Export writes to `exported/` beside the config; the run's own files (report, duplicates,
    // rejects) go to the run's output directory, whose report says where the articles went.
    let stages = "stages:\n  - {id: ingest, type: ingest, paths: ['*.txt']}\n  - {id: normalize, type: normalize}\n  - {id: tag, type: tag}\n  - {id: dedup, type: dedup, mode: drop}\n  - {id: export, type: export, dir: exported}\n";
    let (_inputs, out) = run_on_the_afp_pair(&[], stages);
    assert!(!out.path().join("articles.jsonl").exists());
    let report: Value =
        serde_json::from_slice(&std::fs::read(out.path().join("report.json")).unwrap()).unwrap();
    let export = report["stages"].as_array().unwrap().iter().find(|s| s["id"] == "export").unwrap();
    let files: Vec<&str> = export["files"].as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect();
    assert_eq!(files.len(), 3, "{files:?}");
    assert!(files.iter().all(|f| Path::new(f).is_absolute() && Path::new(f).exists()), "{files:?}");
    assert!(files[0].ends_with("exported/articles.jsonl"), "{files:?}");
    let out_dir = out.path().to_str().unwrap();

    let explained =
        copydesk(repo(), &["explain-dup", "002_7b080f9ad804409b", "004_e0681172dd10158b", out_dir]);
    let said = stderr(&explained);
    assert!(said.contains("`004_e0681172dd10158b` was dropped by `dedup`"), "{said}");
    // An older run's articles.jsonl left in the output directory is not what the report names.
    std::fs::write(out.path().join("articles.jsonl"), "{\"id\": \"stale\"}\n").unwrap();
    let listed = copydesk(repo(), &["entities", out_dir]);
    assert!(listed.status.success(), "{}", stderr(&listed));
    assert!(String::from_utf8_lossy(&listed.stdout).contains("Vladimir Putin"), "{}", stderr(&listed));
    // Given the export file itself, the run's duplicates.jsonl is not beside it: it says so.
    let explained =
        copydesk(repo(), &["explain-dup", "002_7b080f9ad804409b", "004_e0681172dd10158b", files[0]]);
    let said = stderr(&explained);
    assert!(
        said.contains("no article `004_e0681172dd10158b`")
            && said.contains("name the run's output directory"),
        "{said}"
    );
    // The report gives each file's size as written; another run's export into the same
    // `dir:` replaces the articles, and the run's directory no longer leads to them.
    for file in &files {
        assert_eq!(
            export["file_bytes"][file].as_u64(),
            Some(std::fs::metadata(file).unwrap().len()),
            "{file}"
        );
    }
    let articles = std::fs::read_to_string(files[0]).unwrap();
    std::fs::write(files[0], articles.lines().next().unwrap()).unwrap();
    for command in [
        &["entities", out_dir][..],
        &["explain-dup", "002_7b080f9ad804409b", "004_e0681172dd10158b", out_dir],
    ] {
        let refused = copydesk(repo(), command);
        let said = stderr(&refused);
        assert!(!refused.status.success(), "{command:?}: {said}");
        assert!(
            said.contains("is not the articles.jsonl of the last run in")
                && said.contains(&format!("that run wrote {} bytes", articles.len())),
            "{command:?}: {said}"
        );
    }
}

/// An `articles.jsonl` in the output directory that is a link (to a file kept elsewhere) is
/// replaced by the run's own file, and the report names that file, not where the link led; a
/// saved dedup index that happens to be named `articles.jsonl` is not taken for the articles.
#[test]
fn the_tools_find_the_runs_articles_not_a_link_it_replaced_nor_an_index_of_that_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join("seeds/000_129b3bfcffd9dbf4.txt"), dir.path().join("a.txt")).unwrap();
    for folder in ["out", "kept", "state"] {
        std::fs::create_dir(dir.path().join(folder)).unwrap();
    }
    let kept = "{\"id\": \"old\", \"text\": \"x\", \"entities\": []}\n";
    std::fs::write(dir.path().join("kept/articles.jsonl"), kept).unwrap();
    std::os::unix::fs::symlink("../kept/articles.jsonl", dir.path().join("out/articles.jsonl")).unwrap();
    let config = "output: out\nstages:\n  - {id: ingest, type: ingest, paths: [a.txt]}\n  - {id: tag, type: tag, model: false}\n  \
                  - {id: dedup, type: dedup, index_out: state/articles.jsonl}\n  - {id: export, type: export, formats: [jsonl]}\n";
    std::fs::write(dir.path().join("p.yaml"), config).unwrap();
    let output = copydesk_logging(dir.path(), &["run", "--quiet", "p.yaml"], "warn");
    let said = stderr(&output);
    assert!(output.status.success() && !said.contains("left from an earlier run"), "{said}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("kept/articles.jsonl")).unwrap(),
        kept,
        "the link's file"
    );
    let report: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/report.json")).unwrap()).unwrap();
    let export = report["stages"].as_array().unwrap().iter().find(|s| s["id"] == "export").unwrap();
    assert_eq!(export["files"], serde_json::json!(["articles.jsonl"]), "{export}");
    let listed = copydesk(dir.path(), &["entities", "out"]);
    assert!(listed.status.success(), "{}", stderr(&listed));
    assert!(String::from_utf8_lossy(&listed.stdout).contains("Romania"), "{}", stderr(&listed));
}

/// A run saving a dedup index another run holds stops before it reads anything, saying so,
/// and the output directory keeps what it held.
#[test]
fn a_run_saving_an_index_another_run_holds_stops_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join("seeds/000_129b3bfcffd9dbf4.txt"), dir.path().join("a.txt")).unwrap();
    let config = "output: out\nstages:\n  - {id: ingest, type: ingest, paths: [a.txt]}\n  \
                  - {id: dedup, type: dedup, index_out: index.bin}\n  - {id: export, type: export}\n";
    std::fs::write(dir.path().join("p.yaml"), config).unwrap();
    let held = copydesk_core::lock::hold(&dir.path().join(".index.bin.lock")).unwrap().expect("free");
    let output = copydesk(dir.path(), &["run", "--quiet", "p.yaml"]);
    let said = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(
        said.contains("error: stage `dedup` failed: dedup index ./index.bin: another run is using it")
            && !said.contains("while processing")
            && said.contains("the run stopped after reading 0 documents"),
        "{said}"
    );
    assert!(!dir.path().join("out/articles.jsonl").exists());
    drop(held);
    let output = copydesk(dir.path(), &["run", "--quiet", "p.yaml"]);
    assert!(output.status.success() && dir.path().join("index.bin").exists(), "{}", stderr(&output));
}

#[test]
fn a_pipeline_without_export_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("no-export.yaml");
    let seeds = repo().join("seeds");
    std::fs::write(&config, format!("stages:\n  - {{id: ingest, type: ingest, paths: [{seeds:?}]}}\n  - {{id: words, type: wordcount}}\n")).unwrap();
    let output = copydesk(repo(), &["validate", config.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(said.contains("warning: no `export` stage"), "{said}");
}

/// A run that exports nothing for its rejects (every document, by a wrong `text_field`; or
/// those left after dropped duplicates) puts its empty output in place, says so with the first
/// reason, and exits with code 3, so that a scheduled job stops there; not when some document
/// is exported.
#[test]
fn a_run_that_exports_nothing_for_its_rejects_says_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("feed.jsonl"), "{\"body\": \"One.\"}\n{\"body\": \"Two.\"}\n").unwrap();
    let run = |field: &str| {
        let yaml = format!(
            "output: out\nstages:\n  - {{id: read, type: ingest, paths: [feed.jsonl], text_field: {field}}}\n  \
             - {{id: export, type: export}}\n"
        );
        std::fs::write(dir.path().join("p.yaml"), yaml).unwrap();
        let output = copydesk_logging(dir.path(), &["run", "--quiet", "p.yaml"], "warn");
        (output.status.code(), stderr(&output))
    };
    // Exit code 3: the output is in place, and holds no document.
    let (code, said) = run("text");
    assert_eq!(code, Some(3), "{said}");
    assert!(
        said.contains(
            "nothing was exported: of 2 read, 2 were rejected (2 by `read`); out/rejects.jsonl gives each one's \
             reason (the first: feed.jsonl:1: no `text` field"
        ),
        "{said}"
    );
    assert_eq!(read_jsonl(&dir.path().join("out/rejects.jsonl")).len(), 2);
    let (code, said) = run("body");
    assert_eq!(code, Some(0), "{said}");
    assert!(!said.contains("nothing was exported"));
    // Some dropped as duplicates, the others rejected: said too.
    std::fs::write(
        dir.path().join("feed.jsonl"),
        "{\"text\": \"Troops moved on Monday.\"}\n{\"text\": \"Troops moved on Monday.\"}\n{\"text\": \"Talks.\"}\n",
    )
    .unwrap();
    let yaml = "output: out\nstages:\n  - {id: read, type: ingest, paths: [feed.jsonl]}\n  - {id: dedup, type: dedup, mode: drop}\n  \
                - {id: words, type: wordcount, min_words: 1000}\n  - {id: export, type: export}\n";
    std::fs::write(dir.path().join("p.yaml"), yaml).unwrap();
    let output = copydesk_logging(dir.path(), &["run", "--quiet", "p.yaml"], "warn");
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(
            "nothing was exported: of 3 read, 2 were rejected (2 by `words`) and 1 dropped as a duplicate"
        ),
        "{}",
        stderr(&output)
    );
}

/// `copydesk validate` of a config in `dir` that reads the seeds and has `stages` (YAML list
/// items) after its ingest: what it says on standard output, the config being valid.
fn validate_after_the_seeds(dir: &Path, stages: &str) -> String {
    let config = dir.join("run.yaml");
    let seeds = repo().join("seeds");
    std::fs::write(
        &config,
        format!("stages:\n  - {{id: ingest, type: ingest, paths: [{seeds:?}]}}\n{stages}"),
    )
    .unwrap();
    let output = copydesk(repo(), &["validate", config.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A fingerprint stage with no dedup after it does work nothing reads: warned about, with the
/// dedup before it named; not when a dedup follows it.
#[test]
fn a_fingerprint_without_a_dedup_after_it_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let validate = |stages: &str| validate_after_the_seeds(dir.path(), stages);
    let said =
        validate("  - {id: d, type: dedup}\n  - {id: fp, type: fingerprint}\n  - {id: out, type: export}\n");
    assert!(
        said.contains(
            "warning: `fp`: a fingerprint stage's signatures are for a `dedup` stage after it, and none comes \
             after it (`d` comes before it, and computes them itself): it costs time and changes nothing"
        ),
        "{said}"
    );
    let said = validate("  - {id: fp, type: fingerprint}\n  - {id: out, type: export}\n");
    assert!(
        said.contains("warning: `fp`: a fingerprint stage's signatures") && !said.contains("comes before"),
        "{said}"
    );
    let said =
        validate("  - {id: fp, type: fingerprint}\n  - {id: d, type: dedup}\n  - {id: out, type: export}\n");
    assert!(!said.contains("warning"), "{said}");
}

/// Export options that would write nothing are warned about: the original text with no JSON
/// lines to hold it, mentions with no `tag` stage to find them; not when they can.
#[test]
fn export_options_without_effect_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let validate = |stages: &str| validate_after_the_seeds(dir.path(), stages);
    let said = validate("  - {id: out, type: export, formats: [csv, mentions], include_original: true}\n");
    assert!(said.contains("warning: `out`: `include_original` is written in articles.jsonl only"), "{said}");
    assert!(said.contains("warning: `out`: mentions.csv lists the entities a `tag` stage found"), "{said}");
    // One format written alone, read as a list of one.
    let said = validate("  - {id: out, type: export, formats: csv, include_original: true}\n");
    assert!(said.contains("warning: `out`: `include_original` is written in articles.jsonl only"), "{said}");
    let said = validate(
        "  - {id: tag, type: tag, model: false}\n  - {id: out, type: export, formats: [jsonl, mentions], include_original: true}\n",
    );
    assert!(!said.contains("warning"), "{said}");
}

/// A filter after a dedup that drops duplicates and saves its index would lose later copies of
/// what it rejected (a walkthrough's case): allowed, but warned about; not with dedup last.
#[test]
fn a_filter_after_a_saved_dropping_dedup_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = repo().join("seeds");
    let write = |name: &str, filter: &str| {
        let config = dir.path().join(name);
        let text = format!(
            "stages:\n  - {{id: ingest, type: ingest, paths: [{seeds:?}]}}\n  - {{id: fingerprint, type: fingerprint}}\n  \
             - {{id: dedup, type: dedup, mode: drop, index_out: index.bin}}\n{filter}  - {{id: export, type: export}}\n"
        );
        std::fs::write(&config, text).unwrap();
        config
    };
    let warned = write("filter.yaml", "  - {id: words, type: wordcount, min_words: 360}\n");
    let output = copydesk(repo(), &["validate", warned.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        said.contains("warning: `words` after `dedup`, which drops duplicates: a cluster's representative")
            && said.contains("It saves its index too"),
        "{said}"
    );
    // Without a saved index, the story is still lost from the export.
    let unsaved = dir.path().join("unsaved.yaml");
    std::fs::write(&unsaved, std::fs::read_to_string(&warned).unwrap().replace(", index_out: index.bin", ""))
        .unwrap();
    let output = copydesk(repo(), &["validate", unsaved.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(said.contains("warning: `words` after `dedup`, which drops duplicates:"), "{said}");
    assert!(!said.contains("It saves its index"), "{said}");
    // Not with nothing after the dedup but export, nor with `tag`, which rejects nothing.
    // Nor with a fingerprint or another dedup after it, which reject nothing by rule.
    for (name, after) in [
        ("plain.yaml", ""),
        ("tagged.yaml", "  - {id: tag, type: tag}\n"),
        ("near.yaml", "  - {id: fp2, type: fingerprint}\n  - {id: near, type: dedup}\n"),
    ] {
        let config = write(name, after);
        let output = copydesk(repo(), &["validate", config.to_str().unwrap()]);
        assert!(output.status.success(), "{name}: {}", stderr(&output));
        assert!(!String::from_utf8_lossy(&output.stdout).contains("warning"), "{name}: {}", stderr(&output));
    }
}

/// More refused documents than a thread holds (4,096) spill to a temporary file in the run's
/// output directory, not the system's temporary folder, which may be small or missing; they
/// come out in input order, and nothing of the spill is left behind.
#[test]
fn many_rejects_spill_beside_the_output_in_input_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = String::new();
    for i in 0..10_000 {
        if i % 3 == 0 {
            lines.push_str(&format!("{{\"id\": \"ok{i}\", \"text\": \"Story number {i} was filed.\"}}\n"));
        } else {
            lines.push_str(&format!("{{broken {i}\n"));
        }
    }
    std::fs::write(dir.path().join("feed.jsonl"), lines).unwrap();
    std::fs::write(
        dir.path().join("p.yaml"),
        "output: out\nstages:\n  - {id: ingest, type: ingest, paths: [feed.jsonl]}\n  - {id: export, type: export}\n",
    )
    .unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["run", "--quiet", "p.yaml"])
        .current_dir(dir.path())
        .env("RUST_LOG", "error")
        .env("TMPDIR", dir.path().join("no-such-folder"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let rejects = read_jsonl(&dir.path().join("out/rejects.jsonl"));
    assert_eq!(rejects.len(), 6_666);
    let lines: Vec<u64> = rejects
        .iter()
        .map(|r| r["source"].as_str().unwrap().rsplit(':').next().unwrap().parse().unwrap())
        .collect();
    assert!(lines.windows(2).all(|w| w[0] < w[1]), "in input order");
    let left: Vec<_> =
        std::fs::read_dir(dir.path().join("out")).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(left.len(), 6, "{left:?}");
}

/// The hidden temporaries a killed run left in the output directory go at the next run's
/// start: the run's own (rejects, duplicates, the report) and export's of every format, also
/// one this run does not write; nothing else there.
#[test]
fn a_killed_runs_temporaries_go_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("out")).unwrap();
    let stale = [
        ".rejects.jsonl.copydesk-AbC123",
        ".duplicates.jsonl.copydesk-xYz789",
        ".report.json.copydesk-Q1w2E3",
        ".mentions.csv.copydesk-zz0099",
    ];
    // (A user's backup has six letters after the name too.)
    let kept = [".notes.txt.copydesk-AbC123", ".rejects.jsonl.copydesk-seven77", ".report.json.backup"];
    for name in stale.iter().chain(&kept) {
        std::fs::write(dir.path().join("out").join(name), "left").unwrap();
    }
    std::fs::copy(repo().join("seeds/000_129b3bfcffd9dbf4.txt"), dir.path().join("a.txt")).unwrap();
    std::fs::write(
        dir.path().join("p.yaml"),
        "output: out\nstages:\n  - {id: ingest, type: ingest, paths: [a.txt]}\n  - {id: export, type: export, formats: [jsonl]}\n",
    )
    .unwrap();
    let output = copydesk(dir.path(), &["run", "--quiet", "p.yaml"]);
    assert!(output.status.success(), "{}", stderr(&output));
    for name in stale {
        assert!(!dir.path().join("out").join(name).exists(), "{name}");
    }
    for name in kept {
        assert!(dir.path().join("out").join(name).exists(), "{name}");
    }
}

/// A run whose files cannot all be put in place (here a directory where its rejects go; a file
/// of another user's in a shared directory does the same) puts none: the articles it renamed
/// before are the last run's again, the error says so, and no hidden file is left.
#[test]
fn a_file_that_cannot_be_put_in_place_leaves_the_last_runs_output_whole() {
    let dir = tempfile::tempdir().unwrap();
    for seed in ["000_129b3bfcffd9dbf4.txt", "001_01419d6f0f3b40fd.txt"] {
        std::fs::copy(repo().join("seeds").join(seed), dir.path().join(seed)).unwrap();
    }
    std::fs::write(
        dir.path().join("p.yaml"),
        "output: out\nstages:\n  - {id: ingest, type: ingest, paths: ['*.txt']}\n  - {id: export, type: export, formats: [jsonl, csv]}\n",
    )
    .unwrap();
    let output = copydesk(dir.path(), &["run", "--quiet", "p.yaml"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = dir.path().join("out");
    std::fs::remove_file(out.join("rejects.jsonl")).unwrap();
    std::fs::create_dir(out.join("rejects.jsonl")).unwrap();
    let listing = || {
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&out)
            .unwrap()
            .flatten()
            .map(|e| {
                (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap_or_default())
            })
            .collect();
        files.sort();
        files
    };
    let before = listing();
    std::fs::remove_file(dir.path().join("001_01419d6f0f3b40fd.txt")).unwrap();
    let output = copydesk(dir.path(), &["run", "--quiet", "p.yaml"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let said = stderr(&output);
    assert!(
        said.contains("rejects.jsonl in place")
            && said.contains("no file of this run was put in place, the last run's are as they were")
            && said.contains("the run stopped after reading 1 document in "),
        "{said}"
    );
    assert_eq!(listing(), before, "the last run's output, and nothing left beside it");
}

/// A saved dedup index written over the run's own files or where the run reads its input
/// destroys them, or is read back as a document: a config error naming the key, before
/// anything is read. An index beside them is fine.
#[test]
fn an_index_over_the_runs_files_or_its_input_is_a_config_error() {
    let dir = tempfile::tempdir().unwrap();
    for folder in ["in", "out", "feeds", "seeds"] {
        std::fs::create_dir(dir.path().join(folder)).unwrap();
    }
    std::fs::copy(repo().join("seeds/000_129b3bfcffd9dbf4.txt"), dir.path().join("in/a.txt")).unwrap();
    std::fs::copy(repo().join("seeds/001_01419d6f0f3b40fd.txt"), dir.path().join("feeds/b.txt")).unwrap();
    std::fs::copy(repo().join("seeds/002_7b080f9ad804409b.txt"), dir.path().join("seeds/c.txt")).unwrap();
    // `paths` as a list, as one string (read as a list of one), or left out (`seeds`).
    let validate = |paths: &str, index: &str| {
        let paths = if paths.is_empty() { String::new() } else { format!(", paths: {paths}") };
        let yaml = format!(
            "output: out\nstages:\n  - {{id: ingest, type: ingest{paths}}}\n  - {{id: normalize, type: normalize}}\n  \
             - {{id: dedup, type: dedup, index_out: {index}}}\n  - {{id: export, type: export}}\n"
        );
        std::fs::write(dir.path().join("p.yaml"), yaml).unwrap();
        let output = copydesk(dir.path(), &["validate", "p.yaml"]);
        (output.status.code(), format!("{}{}", String::from_utf8_lossy(&output.stdout), stderr(&output)))
    };
    for (paths, index, said) in [
        ("[in]", "out/report.json", "is one of the files the run writes"),
        ("[in]", "./out/articles.jsonl", "is one of the files the run writes"),
        ("[in]", "in/a.txt", "would be read by the run as input"),
        ("[in]", "in/index.jsonl", "would be read by the run as input"),
        ("['feeds/*']", "feeds/dedup.bin", "would be read by the run as input"),
        ("[in/a.txt]", "in/a.txt", "would be read by the run as input"),
        ("in", "in/index.jsonl", "would be read by the run as input"),
        ("in/a.txt", "in/a.txt", "would be read by the run as input"),
        ("'feeds/*'", "feeds/dedup.bin", "would be read by the run as input"),
        ("", "seeds/index.jsonl", "would be read by the run as input"),
    ] {
        let (code, all) = validate(paths, index);
        assert_eq!(code, Some(2), "{paths} {index}: {all}");
        assert!(all.contains("index_out") && all.contains(said), "{paths} {index}: {all}");
    }
    for (paths, index) in [
        ("[in]", "out/dedup.index"),
        ("[in]", "in/dedup.index"),
        ("[in]", "in/.dedup.jsonl"),
        ("[.]", "dedup.index"),
        ("['feeds/*.txt']", "feeds/dedup.bin"),
        ("[in]", "index.bin"),
        ("in", "in/dedup.index"),
        ("", "in/index.jsonl"),
    ] {
        let (code, all) = validate(paths, index);
        assert_eq!(code, Some(0), "{paths} {index}: {all}");
    }
    // The input file is untouched.
    assert_eq!(
        std::fs::read(dir.path().join("in/a.txt")).unwrap(),
        std::fs::read(repo().join("seeds/000_129b3bfcffd9dbf4.txt")).unwrap()
    );
}

/// Two dedups saving one index (as written or with "./") is a config error naming both, found by
/// `validate`: the run had stopped at its first document, saying another run held the file.
#[test]
fn two_dedups_saving_one_index_is_a_config_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join("seeds/000_129b3bfcffd9dbf4.txt"), dir.path().join("a.txt")).unwrap();
    let config = dir.path().join("run.yaml");
    std::fs::write(
        &config,
        "stages:\n  - {id: ingest, type: ingest, paths: [a.txt]}\n  - {id: first, type: dedup, index_out: x.index}\n  \
         - {id: second, type: dedup, index_out: ./x.index}\n  - {id: export, type: export}\n",
    )
    .unwrap();
    let output = copydesk(repo(), &["validate", config.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(2), "{said}");
    assert!(
        said.contains("stage `second`: key `index_out`: `./x.index` is the index stage `first` saves too"),
        "{said}"
    );
    // Written once relative, once absolute, with the config named relative to where it runs.
    let absolute = dir.path().join("out/x.index");
    std::fs::write(
        &config,
        format!(
            "output: out\nstages:\n  - {{id: ingest, type: ingest, paths: [a.txt]}}\n  - {{id: first, type: dedup, index_out: out/x.index}}\n  \
             - {{id: second, type: dedup, index_out: {absolute:?}}}\n  - {{id: export, type: export}}\n"
        ),
    )
    .unwrap();
    let output = copydesk(dir.path(), &["validate", "run.yaml"]);
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(said.contains("is the index stage `first` saves too"), "{said}");
    // One dedup saving its index by an absolute path into the output directory the run has not
    // made yet: fine, from a config named relative or absolute.
    std::fs::write(
        &config,
        format!(
            "output: out\nstages:\n  - {{id: ingest, type: ingest, paths: [a.txt]}}\n  - {{id: first, type: dedup, index_out: {absolute:?}}}\n  \
             - {{id: export, type: export}}\n"
        ),
    )
    .unwrap();
    for config in ["run.yaml", config.to_str().unwrap()] {
        let output = copydesk(dir.path(), &["validate", config]);
        assert!(output.status.success(), "{config}: {}", String::from_utf8_lossy(&output.stdout));
    }
}

#[test]
fn an_output_that_is_a_file_is_a_config_error_before_anything_is_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("afile"), "not a directory").unwrap();
    let seeds = repo().join("seeds");
    let config = dir.path().join("p.yaml");
    let yaml = format!(
        "output: afile\nstages:\n  - {{id: ingest, type: ingest, paths: [{seeds:?}]}}\n  - {{id: export, type: export}}\n"
    );
    std::fs::write(&config, yaml).unwrap();
    for command in ["validate", "run"] {
        let output = copydesk(dir.path(), &[command, "p.yaml"]);
        assert_eq!(output.status.code(), Some(2), "{command}: {}", stderr(&output));
        let said = format!("{}{}", String::from_utf8_lossy(&output.stdout), stderr(&output));
        assert!(
            said.contains("p.yaml:1: key `output`:") && said.contains("is a file, not a directory"),
            "{said}"
        );
    }
    // Given on the command line, the option is named, not the config's key.
    let output = copydesk(dir.path(), &["run", "p.yaml", "-o", "afile"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let said = stderr(&output);
    assert!(said.contains("--output") && !said.contains("key `output`"), "{said}");
}

/// An output path starting with `~` in the config is refused before anything is made: no shell
/// expands it there, and the run would make a folder named `~` (which `rm -rf ~` in a shell
/// would not remove, but the home folder in its place). `./~x` is such a folder, meant.
#[test]
fn an_output_path_starting_with_a_tilde_is_a_config_error() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = repo().join("seeds");
    let write = |output: &str, dir_option: &str| {
        let yaml = format!(
            "output: {output}\nstages:\n  - {{id: ingest, type: ingest, paths: [{seeds:?}]}}\n  \
             - {{id: export, type: export{dir_option}}}\n"
        );
        std::fs::write(dir.path().join("p.yaml"), yaml).unwrap();
    };
    write("~/out", ", dir: '~alice/files'");
    for command in ["validate", "run"] {
        let output = copydesk(dir.path(), &[command, "p.yaml"]);
        assert_eq!(output.status.code(), Some(2), "{command}: {}", stderr(&output));
        let said = format!("{}{}", String::from_utf8_lossy(&output.stdout), stderr(&output));
        assert!(
            said.contains(
                "p.yaml:1: key `output`: `~/out`: `~` is not expanded here: write the full path (or `./~/out` for \
                 a folder of that name)"
            ),
            "{said}"
        );
        assert!(
            said.contains("stage `export`: key `dir`: `~alice/files`: `~` is not expanded here"),
            "{said}"
        );
    }
    assert!(!dir.path().join("~").exists() && !dir.path().join("~alice").exists());
    write("./~x", "");
    let output = copydesk(dir.path(), &["validate", "p.yaml"]);
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn entities_refuses_files_that_are_no_article_export() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("rejects.jsonl"),
        "{\"id\":\"a\",\"source\":\"in/a.txt\",\"reason\":\"empty file\"}\n",
    )
    .unwrap();
    let output = copydesk(dir.path(), &["entities", "rejects.jsonl"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("rejects.jsonl:1: not an article of an exported articles.jsonl"),
        "{}",
        stderr(&output)
    );
    // The run's CSV file given instead: said what to give.
    std::fs::write(dir.path().join("articles.csv"), "id,source,published\na,in/a.txt,\n").unwrap();
    let output = copydesk(dir.path(), &["entities", "articles.csv"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("(a CSV file: give the run's articles.jsonl"), "{}", stderr(&output));
    let output = copydesk(dir.path(), &["entities", "--type", "FOO", "rejects.jsonl"]);
    assert_eq!(output.status.code(), Some(2), "a usage error");
}

/// `entities --from/--to` counts the articles published in that window (both days included),
/// leaving out the undated: "the top people this week".
#[test]
fn entities_counts_a_window_of_publication_dates() {
    let dir = tempfile::tempdir().unwrap();
    let article = |id: &str, published: Value, name: &str| {
        json!({"id": id, "published": published, "text": name, "entities": [
            {"type": "PERSON", "text": name, "start": 0, "end": name.len(), "canonical": name, "entity_id": format!("cd:{id}")}
        ]})
        .to_string()
    };
    let lines = [
        article("a", json!("2022-02-01"), "Ann Early"),
        article("b", json!("2022-02-05"), "Ben Later"),
        article("c", Value::Null, "Cy Undated"),
        article("d", json!("Mon, 07 Feb 2022"), "Di Unread"),
    ];
    std::fs::write(dir.path().join("articles.jsonl"), lines.join("\n") + "\n").unwrap();
    let names = |args: &[&str]| {
        let output = copydesk(dir.path(), &[&["entities", "articles.jsonl", "--json"][..], args].concat());
        assert!(output.status.success(), "{}", stderr(&output));
        let names: Vec<String> = String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap()["canonical"].as_str().unwrap().to_string())
            .collect();
        (names, stderr(&output))
    };
    assert_eq!(names(&[]).0.len(), 4);
    // A date not written YYYY-MM-DD is no date here: left out with the undated.
    let (late, said) = names(&["--from", "2022-02-02"]);
    assert_eq!(late, ["Ben Later"]);
    assert!(
        said.contains(
            "counted over 1 of 4 articles, 3 left out as not published on or after 2022-02-02 (or undated)"
        ),
        "{said}"
    );
    assert_eq!(names(&["--to", "2022-02-01"]).0, ["Ann Early"]);
    let (both, _) = names(&["--from", "2022-02-01", "--to", "2022-02-05"]);
    assert_eq!(both.len(), 2, "both days included, the undated left out: {both:?}");
    let output =
        copydesk(dir.path(), &["entities", "articles.jsonl", "--from", "2022-02-05", "--to", "2022-02-01"]);
    assert!(stderr(&output).contains("--from 2022-02-05 is after --to 2022-02-01"), "{}", stderr(&output));
    let output = copydesk(dir.path(), &["entities", "articles.jsonl", "--from", "2022-2-1"]);
    assert_eq!(output.status.code(), Some(2), "a usage error");
    assert!(stderr(&output).contains("is no date written YYYY-MM-DD"), "{}", stderr(&output));
}

/// One id's row shows the canonical name most of its mentions carry, not the first one's (a
/// headline's "GORDON BROWN"), and its spellings commonest first.
#[test]
fn entities_shows_the_commonest_name_of_an_id() {
    let dir = tempfile::tempdir().unwrap();
    let mention = |text: &str, canonical: &str| {
        format!(
            "{{\"type\":\"PERSON\",\"text\":\"{text}\",\"canonical\":\"{canonical}\",\"entity_id\":\"cd:1\"}}"
        )
    };
    let lines = [
        format!("{{\"id\":\"a\",\"entities\":[{}]}}", mention("GORDON BROWN", "GORDON BROWN")),
        format!(
            "{{\"id\":\"b\",\"entities\":[{},{},{}]}}",
            mention("Gordon Brown", "Gordon Brown"),
            mention("Brown", "Gordon Brown"),
            mention("Brown", "Gordon Brown")
        ),
    ];
    std::fs::write(dir.path().join("articles.jsonl"), lines.join("\n") + "\n").unwrap();
    let output = copydesk(dir.path(), &["entities", "articles.jsonl"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let table = String::from_utf8_lossy(&output.stdout);
    let row = table.lines().nth(1).unwrap_or_default();
    assert!(row.starts_with("PERSON   Gordon Brown "), "{table}");
    assert!(row.ends_with("  Brown (2), GORDON BROWN (1), Gordon Brown (1)"), "{table}");
}

/// A run locks each directory it writes once: an export whose `dir:` is the run's output
/// directory is no second run (a first version of the lock refused its own run).
#[test]
fn an_export_into_the_runs_own_output_directory_runs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join("seeds/002_7b080f9ad804409b.txt"), dir.path().join("a.txt")).unwrap();
    let stages = "output: out\nstages:\n  - {id: ingest, type: ingest, paths: [a.txt]}\n  - {id: export, type: export, dir: out}\n";
    std::fs::write(dir.path().join("p.yaml"), stages).unwrap();
    let output = copydesk(dir.path(), &["run", "--quiet", "p.yaml"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(dir.path().join("out/articles.jsonl").exists() && dir.path().join("out/report.json").exists());
}

/// A run whose export leaves `jsonl` out, into the directory of one that wrote it: its
/// report lists the files it wrote, and `entities` and `explain-dup` go by it rather than read
/// the earlier run's articles as this run's (which stay: export deletes nothing of a format it
/// does not write, which may be a user's own file).
#[test]
fn tools_read_the_last_runs_articles_only_if_it_wrote_them() {
    let stages = "stages:\n  - {id: ingest, type: ingest, paths: [.]}\n  - {id: export, type: export}\n";
    let (inputs, out) = run_on_the_afp_pair(&[], stages);
    let out_dir = out.path().to_str().unwrap();
    // (A run without `tag` has no entities: the command says so, and prints no empty table.)
    let listed = copydesk(repo(), &["entities", out_dir]);
    assert!(listed.status.success() && stderr(&listed).contains("did the run have a `tag` stage?"));
    assert!(listed.stdout.is_empty(), "{}", String::from_utf8_lossy(&listed.stdout));
    // (An export of no articles says that instead.)
    let empty = out.path().join("empty.jsonl");
    std::fs::write(&empty, "").unwrap();
    let listed = copydesk(repo(), &["entities", empty.to_str().unwrap()]);
    let said = stderr(&listed);
    assert!(
        listed.status.success() && said.contains("no articles in") && !said.contains("`tag` stage"),
        "{said}"
    );
    let config = inputs.path().join("csv.yaml");
    let csv_only = "stages:\n  - {id: ingest, type: ingest, paths: [.]}\n  - {id: export, type: export, formats: [csv]}\n";
    std::fs::write(&config, csv_only).unwrap();
    let rerun = copydesk(repo(), &["run", "--quiet", config.to_str().unwrap(), "--output", out_dir]);
    assert!(rerun.status.success(), "{}", stderr(&rerun));
    assert!(out.path().join("articles.jsonl").exists(), "the earlier run's file is left alone");
    for args in [
        vec!["entities", out_dir],
        vec!["explain-dup", "002_7b080f9ad804409b", "004_e0681172dd10158b", out_dir],
    ] {
        let refused = copydesk(repo(), &args);
        let said = stderr(&refused);
        assert_eq!(refused.status.code(), Some(1), "{args:?}: {said}");
        assert!(said.contains("exported no articles.jsonl") && said.contains("an earlier run's"), "{said}");
    }
}

/// Many briefs from one template, none a copy of another, and one copy re-sent later: with a
/// small `max_misses` the run says how many texts reached it, still finds the copy (it shares
/// most band keys with its original) and merges no two briefs.
#[test]
fn a_template_flood_is_bounded_and_said_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut state = 0x9e37_79b9_u64;
    let mut next = |n: u64| {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % n
    };
    let syllables = [
        "al", "ber", "cor", "dan", "fin", "gar", "hol", "jen", "kor", "mar", "nov", "pel", "ros", "tar",
        "ven",
    ];
    let mut lines = Vec::new();
    for i in 0..300 {
        // A name of its own (15 × 15 × 15 of them).
        let company: String = [i % 15, i / 15 % 15, i / 225].iter().map(|&k| syllables[k]).collect();
        let text = format!(
            "{company} Corp said on Tuesday its quarterly net income rose to {} million dollars, or {} cents a \
             share, from {} million dollars a year earlier. Revenue rose {} percent to {} million dollars. \
             Analysts had expected earnings of {} cents a share on revenue of {} million dollars. Shares of \
             {company} rose {} cents to {} dollars in afternoon trading on the exchange.",
            next(900) + 10,
            next(90) + 10,
            next(900) + 10,
            next(30) + 2,
            next(900) + 10,
            next(90) + 10,
            next(900) + 10,
            next(90) + 10,
            next(90) + 10
        );
        lines.push(serde_json::json!({"id": format!("brief-{i:03}"), "text": text}));
    }
    let mut copy = lines[10].clone();
    copy["id"] = "brief-010-again".into();
    copy["text"] = copy["text"].as_str().unwrap().replace("Tuesday", "Wednesday").into();
    lines.push(copy);
    let input = dir.path().join("briefs.jsonl");
    std::fs::write(&input, lines.iter().map(|l| format!("{l}\n")).collect::<String>()).unwrap();
    let config = dir.path().join("briefs.yaml");
    let yaml = format!(
        "stages:\n  - {{id: ingest, type: ingest, paths: [{input:?}]}}\n  - {{id: dedup, type: dedup, mode: drop, max_misses: 5}}\n  - {{id: export, type: export, formats: [jsonl]}}\n"
    );
    std::fs::write(&config, yaml).unwrap();
    let out = tempfile::tempdir().unwrap();
    // With warnings, which `copydesk()` leaves out.
    let args = ["run", "--quiet", config.to_str().unwrap(), "--output", out.path().to_str().unwrap()];
    let output = copydesk_logging(repo(), &args, "warn");
    assert!(output.status.success(), "{}", stderr(&output));
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("report.json")).unwrap()).unwrap();
    let spent = report["stages"][1]["counters"]["texts_at_miss_limit"].as_u64().unwrap();
    assert!(spent > 100, "{}", report["stages"][1]);
    assert!(
        stderr(&output).contains(&format!("{spent} texts failed `max_misses` (5)")),
        "{}",
        stderr(&output)
    );
    let dropped = read_jsonl(&out.path().join("duplicates.jsonl"));
    let [copy] = &dropped[..] else { panic!("the one copy dropped: {dropped:?}") };
    assert_eq!(
        (copy["id"].as_str(), copy["duplicate_of"].as_str()),
        (Some("brief-010-again"), Some("brief-010"))
    );
    assert_eq!(read_jsonl(&out.path().join("articles.jsonl")).len(), 300);
    // explain-dup says so for two briefs in different clusters.
    let output = copydesk(repo(), &["explain-dup", "brief-001", "brief-002", out.path().to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(said.contains(&format!("in this run {spent} texts reached dedup's max_misses")), "{said}");
}

/// Export files an earlier run left in the output directory, of formats this run leaves out,
/// are named in a warning: they hold that run's documents.
#[test]
fn an_earlier_runs_export_files_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join("seeds/000_129b3bfcffd9dbf4.txt"), dir.path().join("a.txt")).unwrap();
    let config = dir.path().join("run.yaml");
    let write = |formats: &str| {
        let text = format!(
            "output: out\nstages:\n  - {{id: ingest, type: ingest, paths: [a.txt]}}\n  - {{id: export, type: export, formats: {formats}}}\n"
        );
        std::fs::write(&config, text).unwrap();
    };
    let run = || copydesk_logging(dir.path(), &["run", "--quiet", config.to_str().unwrap()], "warn");
    write("[jsonl, csv, mentions]");
    let first = run();
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(!stderr(&first).contains("left from an earlier run"), "{}", stderr(&first));
    write("[jsonl]");
    let second = run();
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(
        stderr(&second).contains("articles.csv, mentions.csv left from an earlier run"),
        "{}",
        stderr(&second)
    );
    // An export into the output directory named as its `dir:` too ("./out") writes its own
    // files there, not an earlier run's; an export moved to a `dir:` of its own leaves the
    // output directory's, which are said.
    let text = "output: out\nstages:\n  - {id: ingest, type: ingest, paths: [a.txt]}\n  - {id: export, type: export, dir: ./out, formats: [jsonl, csv, mentions]}\n";
    std::fs::write(&config, text).unwrap();
    let third = copydesk_logging(dir.path(), &["run", "--quiet", "run.yaml"], "warn");
    assert!(third.status.success(), "{}", stderr(&third));
    assert!(!stderr(&third).contains("left from an earlier run"), "{}", stderr(&third));
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out/report.json")).unwrap()).unwrap();
    assert_eq!(report["stages"][1]["files"][0], "articles.jsonl", "relative to the output directory");
    std::fs::write(&config, text.replace("dir: ./out", "dir: elsewhere")).unwrap();
    let fourth = copydesk_logging(dir.path(), &["run", "--quiet", "run.yaml"], "warn");
    assert!(
        stderr(&fourth).contains("out: articles.jsonl, articles.csv, mentions.csv left from an earlier run"),
        "{}",
        stderr(&fourth)
    );
}
