//! `cargo xtask new-stage NAME`: a new stage crate that builds and passes its test at once.
//! It creates crates/NAME (a working stage that counts paragraphs into a field, to be edited
//! into the real thing), adds it to the root Cargo.toml, registers it in src/stages.rs, and
//! runs its snapshot test once to record the first snapshot, which it prints for review.

use std::path::Path;

use anyhow::{Context, Result, bail};

const REGISTER_MARKER: &str = "    // new stages are registered above this line";

pub fn create(root: &Path, name: &str) -> Result<()> {
    check_name(name)?;
    if registered_types(root)?.iter().any(|t| t == name) {
        bail!("stage type `{name}` is already registered; choose another name");
    }
    let dir = root.join("crates").join(name);
    if dir.exists() {
        bail!("{} already exists", dir.display());
    }
    let names = Names::new(name);
    let manifest = root.join("Cargo.toml");
    let stages = root.join("src/stages.rs");
    // Kept as read, to be written back if making the crate fails.
    let old_manifest = std::fs::read_to_string(&manifest)?;
    let old_stages = std::fs::read_to_string(&stages)?;
    if !old_stages.contains(REGISTER_MARKER) {
        bail!("src/stages.rs has lost its marker line `{}`", REGISTER_MARKER.trim());
    }
    let manifest_text = add_dependency(&old_manifest, &names)?;
    let stages_text = old_stages.replace(
        REGISTER_MARKER,
        &format!("    {}::register(&mut registry);\n{REGISTER_MARKER}", names.ident),
    );

    let made = (|| -> Result<()> {
        std::fs::create_dir_all(dir.join("src"))?;
        std::fs::create_dir_all(dir.join("tests"))?;
        std::fs::write(dir.join("Cargo.toml"), names.fill(CARGO_TOML))?;
        std::fs::write(dir.join("src/lib.rs"), names.fill(LIB_RS))?;
        std::fs::write(dir.join("tests/seeds.rs"), names.fill(TEST_RS))?;
        std::fs::write(&manifest, manifest_text)?;
        std::fs::write(&stages, stages_text)?;
        // The templates are laid out for short names; let rustfmt fit them to this one.
        let mut fmt = crate::cargo();
        fmt.args(["fmt", "--package", &names.package]);
        crate::status(fmt)?;
        let mut test = crate::cargo();
        test.args(["test", "--quiet", "--package", &names.package]).env("INSTA_UPDATE", "always");
        crate::status(test).context("the new stage's test failed")
    })();
    if let Err(e) = made {
        // A half-made crate would break the workspace's build (`crates/*` are members).
        std::fs::write(&manifest, old_manifest)?;
        std::fs::write(&stages, old_stages)?;
        let _ = std::fs::remove_dir_all(&dir);
        return Err(e.context(format!(
            "nothing was added: crates/{name}, Cargo.toml and src/stages.rs are as before"
        )));
    }
    println!("created crates/{name} (package {}), added to Cargo.toml and src/stages.rs", names.package);
    let snapshot = dir.join("tests/snapshots/seeds__seeds.snap");
    let recorded = std::fs::read_to_string(&snapshot).context("the test recorded no snapshot")?;
    println!("\nfirst snapshot, {}:\n{recorded}", snapshot.strip_prefix(root).unwrap_or(&snapshot).display());
    println!(
        "next: edit crates/{name}/src/lib.rs, add the stage to a pipeline config (pipeline.yaml, or a copy of it \
         for a stage that leaves documents out or rewrites their text: the README's Adding a stage, step 2) as\n\n  \
         - type: {name}\n\n\
         and run `cargo test -p {}`; review snapshot changes with `cargo xtask review`.",
        names.package
    );
    Ok(())
}

fn check_name(name: &str) -> Result<()> {
    let ok = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.ends_with('-')
        && !name.contains("--");
    if !ok {
        bail!(
            "stage name `{name}` must be lower-case letters, digits and single dashes, starting with a letter"
        );
    }
    if ["copydesk", "core", "runtime", "xtask"].contains(&name) {
        bail!("`{name}` is taken by the workspace itself");
    }
    // The stage's type is named after it; these names the generated code already uses.
    const TAKEN: &[&str] = &[
        "BuildContext",
        "Clone",
        "Debug",
        "Default",
        "Deserialize",
        "Document",
        "Err",
        "None",
        "Ok",
        "Option",
        "OptionError",
        "Output",
        "Registry",
        "Result",
        "Self",
        "Serialize",
        "Some",
        "Stage",
        "StageError",
        "StageOptions",
        "String",
        "Vec",
    ];
    let camel = Names::new(name).camel;
    if TAKEN.contains(&camel.as_str()) {
        bail!(
            "stage name `{name}` would name its type `{camel}`, which the generated code uses already; choose another"
        );
    }
    Ok(())
}

/// The stage type names the workspace's crates register: the first string after each
/// `add_stage::<…>(` or `add_source::<…>(` in their `src/lib.rs` (a crate's directory need
/// not carry its stage's name: `fingerprint` lives in `crates/dedup`).
fn registered_types(root: &Path) -> Result<Vec<String>> {
    let mut types = Vec::new();
    for entry in std::fs::read_dir(root.join("crates"))? {
        let Ok(text) = std::fs::read_to_string(entry?.path().join("src/lib.rs")) else { continue };
        types.extend(types_in(&text));
    }
    Ok(types)
}

fn types_in(text: &str) -> Vec<String> {
    let mut types = Vec::new();
    for call in ["add_stage::<", "add_source::<"] {
        for (at, _) in text.match_indices(call) {
            let rest = &text[at..];
            let name = rest.find('(').and_then(|open| {
                let args = &rest[open..];
                let start = args.find('"')? + 1;
                let len = args[start..].find('"')?;
                Some(args[start..start + len].to_string())
            });
            types.extend(name);
        }
    }
    types
}

struct Names {
    stage: String,
    package: String,
    ident: String,
    camel: String,
}

impl Names {
    fn new(name: &str) -> Self {
        let camel = name
            .split('-')
            .map(|part| {
                let mut chars = part.chars();
                chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
            })
            .collect();
        Names {
            stage: name.to_string(),
            package: format!("copydesk-{name}"),
            ident: format!("copydesk_{}", name.replace('-', "_")),
            camel,
        }
    }

    fn fill(&self, template: &str) -> String {
        template
            .replace("{{stage}}", &self.stage)
            .replace("{{package}}", &self.package)
            .replace("{{ident}}", &self.ident)
            .replace("{{Camel}}", &self.camel)
    }
}

/// Adds the crate to `[workspace.dependencies]` and to the binary's `[dependencies]`, after the
/// last copydesk crate in each.
fn add_dependency(manifest: &str, names: &Names) -> Result<String> {
    let mut lines: Vec<String> = manifest.lines().map(str::to_string).collect();
    let path_line = format!("{} = {{ path = \"crates/{}\" }}", names.package, names.stage);
    let dep_line = format!("{}.workspace = true", names.package);
    let last = |lines: &[String], pred: &dyn Fn(&str) -> bool| lines.iter().rposition(|l| pred(l));
    let at = last(&lines, &|l| l.starts_with("copydesk-") && l.contains("{ path = \"crates/"))
        .context("no `copydesk-… = { path = … }` line in [workspace.dependencies] of Cargo.toml")?;
    lines.insert(at + 1, path_line);
    let at = last(&lines, &|l| l.starts_with("copydesk-") && l.ends_with(".workspace = true"))
        .context("no `copydesk-….workspace = true` line in [dependencies] of Cargo.toml")?;
    lines.insert(at + 1, dep_line);
    Ok(lines.join("\n") + "\n")
}

const CARGO_TOML: &str = r#"[package]
name = "{{package}}"
version = "0.1.0"
description = "copydesk stage `{{stage}}`"
edition.workspace = true
license.workspace = true
rust-version.workspace = true

[dependencies]
copydesk-core.workspace = true
serde.workspace = true
serde_json.workspace = true

[dev-dependencies]
copydesk-ingest.workspace = true
copydesk-normalize.workspace = true
insta.workspace = true
"#;

const LIB_RS: &str = r#"//! The `{{stage}}` stage. Generated by `cargo xtask new-stage`: it counts the paragraphs of each
//! document into a field. Replace `process` with what the stage should do.

use copydesk_core::{BuildContext, Document, OptionError, Output, Registry, Stage, StageError, StageOptions};
use serde::{Deserialize, Serialize};

pub fn register(registry: &mut Registry) {
    // `true`: safe to run on several workers (`workers: N` in pipeline.yaml).
    registry.add_stage::<{{Camel}}Options, {{Camel}}, _>("{{stage}}", "counts paragraphs into a field", true, build);
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct {{Camel}}Options {
    pub field: String,
}

impl Default for {{Camel}}Options {
    fn default() -> Self {
        {{Camel}}Options { field: "paragraphs".into() }
    }
}

impl StageOptions for {{Camel}}Options {
    const HELP: &'static [(&'static str, &'static str)] = &[("field", "name of the field that receives the count")];
}

#[derive(Clone, Debug)]
pub struct {{Camel}} {
    options: {{Camel}}Options,
}

/// Checks the options (no side effects) and builds the stage; the runtime clones it per worker.
fn build(options: {{Camel}}Options, _ctx: &BuildContext<'_>) -> Result<{{Camel}}, OptionError> {
    if options.field.trim().is_empty() {
        return Err(OptionError::new("field", "must not be empty"));
    }
    Ok({{Camel}} { options })
}

impl Stage for {{Camel}} {
    fn process(&mut self, mut doc: Document, out: &mut Output) -> Result<(), StageError> {
        // A document the stage cannot handle goes to `out.reject(doc, "reason")`, not a panic.
        let paragraphs = doc.text.split("\n\n").filter(|p| !p.trim().is_empty()).count();
        doc.fields.insert(self.options.field.clone(), paragraphs.into());
        out.emit(doc);
        Ok(())
    }

    /// This stage never looks at `doc.original` (the text as read): saying so lets a run that
    /// writes no originals drop them early. Remove this if the stage reads it.
    fn reads_original(&self) -> bool {
        false
    }
}
"#;

const TEST_RS: &str = r#"//! The stage's output on the seeds, fed as the pipeline would: read by ingest, cleaned by normalize.

use std::path::Path;

use copydesk_core::Registry;
use copydesk_core::testing::{build, run_source, run_stage, run_stage_as, try_build};
use serde_json::json;

/// What `build` refuses, each problem with the key it names (as `copydesk validate` shows it).
#[test]
fn options_are_checked() {
    let repo = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    let mut registry = Registry::new();
    {{ident}}::register(&mut registry);
    let Err(problems) = try_build(&registry, "{{stage}}", json!({"field": " "}), repo) else {
        panic!("an empty `field` is refused");
    };
    assert_eq!(problems[0].key.as_deref(), Some("field"), "{problems:?}");
    assert!(try_build(&registry, "{{stage}}", json!({"field": "paragraphs"}), repo).is_ok());
}

#[test]
fn seeds() {
    let repo = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    let mut registry = Registry::new();
    copydesk_ingest::register(&mut registry);
    copydesk_normalize::register(&mut registry);
    {{ident}}::register(&mut registry);
    let docs = run_source(build(&registry, "ingest", json!({"paths": ["seeds"]}), repo)).docs;
    let docs = run_stage(&build(&registry, "normalize", json!({}), repo), docs).docs;
    let run = run_stage_as("{{stage}}", &build(&registry, "{{stage}}", json!({}), repo), docs);
    // Every document as the stage left it (its text, title, date, language, fields …), less
    // the raw text ingest read, which no stage changes: a change to any of it shows in review.
    let shown: Vec<_> = run
        .docs
        .iter()
        .map(|d| {
            let mut d = serde_json::to_value(d).unwrap();
            d.as_object_mut().unwrap().remove("original");
            d
        })
        .collect();
    insta::assert_yaml_snapshot!(json!({"documents": shown, "rejects": run.rejects}));
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_manifest_edits() {
        let names = Names::new("lang-filter");
        assert_eq!(
            (names.package.as_str(), names.ident.as_str(), names.camel.as_str()),
            ("copydesk-lang-filter", "copydesk_lang_filter", "LangFilter")
        );
        let manifest = "[workspace.dependencies]\ncopydesk-core = { path = \"crates/core\" }\nclap = \"4\"\n\n[dependencies]\ncopydesk-core.workspace = true\nclap.workspace = true\n";
        let edited = add_dependency(manifest, &names).unwrap();
        assert_eq!(
            edited,
            "[workspace.dependencies]\ncopydesk-core = { path = \"crates/core\" }\ncopydesk-lang-filter = { path = \"crates/lang-filter\" }\nclap = \"4\"\n\n[dependencies]\ncopydesk-core.workspace = true\ncopydesk-lang-filter.workspace = true\nclap.workspace = true\n"
        );
        assert!(check_name("Bad_Name").is_err());
        // Two dashes make `copydesk_x__y`, a crate name clippy refuses.
        assert!(check_name("x--y").is_err());
        assert!(check_name("core").is_err());
        assert!(check_name("dedup2").is_ok());
        assert!(check_name("copydesk").is_err());
        // Names whose type would clash with what the generated code imports or uses.
        for taken in ["output", "self", "document", "stage", "result", "string"] {
            let err = check_name(taken).expect_err(taken).to_string();
            assert!(err.contains("which the generated code uses already"), "{err}");
        }
        assert!(check_name("outputs").is_ok());
    }

    #[test]
    fn registered_types_are_found_in_every_crate() {
        let found = registered_types(&crate::root()).unwrap();
        for name in ["ingest", "normalize", "tag", "fingerprint", "dedup", "export", "wordcount"] {
            assert!(found.iter().any(|t| t == name), "{name} in {found:?}");
        }
    }
}
