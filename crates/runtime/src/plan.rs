//! From config to a runnable plan: every stage looked up in the registry and built by its
//! factory. Every problem is collected before failing, so `copydesk validate` shows them all.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use copydesk_core::{BuildContext, Built, OptionError, Registry, Role, own_dir};

use crate::config::{OnError, PipelineConfig, STAGE_KEYS};
use crate::problems::{ConfigError, Problem};

/// A stage ready to run.
pub struct PlannedStage {
    pub id: Arc<str>,
    pub kind: String,
    pub workers: usize,
    pub parallel: bool,
    pub on_error: OnError,
    pub built: Built,
    /// Its options as the config writes them (not `id`, `type`, `workers` nor `on_error`): what
    /// the run report records. The others are the version's defaults.
    pub options: serde_json::Value,
}

/// A validated pipeline: a source, then document stages in order.
pub struct Plan {
    pub config_path: PathBuf,
    pub output: PathBuf,
    pub stages: Vec<PlannedStage>,
    /// The directories of stages that write files of their own (their `dir:` option, resolved,
    /// by stage id): made and checked, like `output`, before any input is read.
    pub stage_dirs: Vec<(Arc<str>, PathBuf)>,
    /// What planning found allowed but probably not meant (see [`Plan::warnings`]).
    notes: Vec<String>,
}

impl Plan {
    /// What is allowed but probably not meant, for `validate` and `run` to say.
    pub fn warnings(&self) -> Vec<String> {
        let mut warnings = self.notes.clone();
        if !self.stages.iter().any(|s| s.kind == EXPORT) {
            warnings.push(
                "no `export` stage: the documents that reach the end are counted as exported, but nothing \
                 writes them"
                    .to_string(),
            );
        }
        warnings
    }
}

/// Builds every stage of `config`, or reports every problem found.
pub fn plan(config: &PipelineConfig, config_text: &str, registry: &Registry) -> Result<Plan, ConfigError> {
    plan_with(config, config_text, registry, Vec::new(), None)
}

/// Plans `config`, adding the problems to those already found while parsing it.
fn plan_with(
    config: &PipelineConfig,
    config_text: &str,
    registry: &Registry,
    mut problems: Vec<Problem>,
    output_option: Option<&Path>,
) -> Result<Plan, ConfigError> {
    // `./out` reads worse than `out` in messages and the report.
    let out_dir = if config.base_dir == Path::new(".") {
        config.output.clone()
    } else {
        config.base_dir.join(&config.output)
    };
    let written = output_option.is_none().then(|| config.output.to_string_lossy());
    let problem = written_output_problem(written.as_deref(), &out_dir);
    if let Some(message) = problem {
        problems.push(if let Some(given) = output_option {
            // Not the config's fault: say which option it was, as typed.
            let message = format!("--output {}: {message}", given.display());
            Problem { file: None, line: None, stage: None, key: None, message }
        } else {
            Problem {
                file: Some(config.path.clone()),
                line: config_text.lines().position(|l| l.starts_with("output:")).map(|i| i + 1),
                stage: None,
                key: Some("output".into()),
                message,
            }
        });
    }
    // Each stage's options as it reads them, for the other stages' checks and the notes below.
    let read: Vec<serde_json::Value> = config
        .stages
        .iter()
        .map(|s| {
            registry.get(&s.kind).and_then(|t| t.options_as_read(&s.options)).unwrap_or(s.options.clone())
        })
        .collect();
    let read = &read;
    // Every stage is built at once, each on a thread of its own: builds read no other stage's
    // result, and some take tens of milliseconds (compiling patterns, loading the model and
    // the gazetteer), which the run would otherwise wait for one after another.
    let mut builds: Vec<Option<Result<Built, Vec<OptionError>>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..config.stages.len())
            .map(|index| {
                let stage = &config.stages[index];
                let kind = registry.get(&stage.kind)?;
                let out_dir = &out_dir;
                Some(scope.spawn(move || {
                    let kinds_and_options =
                        |range: std::ops::Range<usize>| -> Vec<(&str, &serde_json::Value)> {
                            range.map(|i| (config.stages[i].kind.as_str(), &read[i])).collect()
                        };
                    let earlier = kinds_and_options(0..index);
                    let later = kinds_and_options(index + 1..config.stages.len());
                    let ctx = BuildContext {
                        stage_id: &stage.id,
                        base_dir: &config.base_dir,
                        out_dir,
                        workers: stage.workers,
                        earlier: &earlier,
                        later: &later,
                    };
                    kind.build(&ctx, stage.options.clone())
                }))
            })
            .collect();
        let joined =
            handles.into_iter().map(|h| h.map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))));
        joined.collect()
    });
    let mut seen: HashMap<&str, Option<usize>> = HashMap::new();
    // Each `index_out` by the dedup that saves it: two saving one file would each lock it, and
    // the second would stop the run at its first document, saying another run holds it.
    let mut indexes: HashMap<std::path::PathBuf, &str> = HashMap::new();
    let mut stages = Vec::new();
    for (index, stage) in config.stages.iter().enumerate() {
        let problem = |key: Option<&str>, message: String| Problem {
            file: Some(config.path.clone()),
            line: key.and_then(|k| stage.key_line(config_text, k)).or(stage.line),
            stage: Some(stage.id.clone()),
            key: key.map(str::to_string),
            message,
        };
        if let Some(first) = seen.insert(&stage.id, stage.line) {
            let at = first.map(|l| format!(" (first used on line {l})")).unwrap_or_default();
            let message = if stage.id_given {
                format!("duplicate stage id{at}")
            } else {
                format!(
                    "duplicate stage id `{}`{at}: a stage without an `id` is known by its type; give it an `id` of its own",
                    stage.id
                )
            };
            problems.push(problem(Some("id"), message));
        }
        if stage.kind == DEDUP
            && let Some(index_out) = stage.options.get("index_out").and_then(|v| v.as_str())
        {
            let path = copydesk_core::paths::resolved(&config.base_dir.join(index_out));
            if let Some(other) = indexes.insert(path, &stage.id) {
                let message =
                    format!("`{index_out}` is the index stage `{other}` saves too: give each dedup its own");
                problems.push(problem(Some("index_out"), message));
            }
        }
        let Some(kind) = registry.get(&stage.kind) else {
            let known: Vec<&str> = registry.types().map(|t| t.name).collect();
            let mut message =
                format!("unknown stage type `{}`; known types: {}", stage.kind, known.join(", "));
            match nearest(&stage.kind, known.iter().map(|k| k.to_string())) {
                Some(near) => message.push_str(&format!("; did you mean `{near}`?")),
                // A stage crate of one's own that compiles but was never registered is known
                // to no one: the README's "Adding a stage".
                None => message.push_str(
                    "; a stage crate of your own is known once it is registered in `src/stages.rs` \
                     (`cargo xtask new-stage` does it)",
                ),
            }
            problems.push(problem(Some("type"), message));
            continue;
        };
        // A stage item left out for want of a `type` shifts the others: their order is only
        // judged once every item is a stage.
        match (index, kind.role) {
            _ if !config.complete => {}
            (0, Role::Transform) => problems.push(problem(
                Some("type"),
                format!("the first stage must be a source (such as `ingest`), not `{}`", kind.name),
            )),
            (1.., Role::Source) => problems.push(problem(
                Some("type"),
                format!("`{}` is a source and can only be the first stage", kind.name),
            )),
            _ => {}
        }
        // The report counts what leaves the last stage as exported: a stage after `export`
        // would reject or drop documents that are already written.
        if config.complete && kind.name == EXPORT && index + 1 < config.stages.len() {
            // Name what follows it: that is the stage the user put in the wrong place.
            let after: Vec<String> = config.stages[index + 1..]
                .iter()
                .map(|s| match s.line {
                    Some(line) => format!("`{}` (line {line})", s.id),
                    None => format!("`{}`", s.id),
                })
                .collect();
            let message = format!(
                "`export` must be the last stage, but {} {} after it: what a later stage rejected or \
                 dropped would be written already, and counted as not exported",
                after.join(", "),
                if after.len() == 1 { "comes" } else { "come" }
            );
            problems.push(problem(Some("type"), message));
        }
        // Entities are byte offsets into the text as `tag` saw it: a later `normalize` would
        // move the text under them (export refuses such documents; this says so up front).
        if kind.name == NORMALIZE && config.stages[..index].iter().any(|s| s.kind == TAG) {
            let message =
                "`normalize` changes the text, so it must come before `tag`: the entities' positions \
                           would point into the old text"
                    .to_string();
            problems.push(problem(Some("type"), message));
        }
        if stage.workers > 1 && !kind.parallel {
            let message = format!("`{}` is not safe to run on several workers; use `workers: 1`", kind.name);
            problems.push(problem(Some("workers"), message));
        }
        // What a failed call of a parallel-safe stage made for its document is taken back and the
        // document rejected; a source, a stage that holds documents to its end (dedup), or one
        // that has written them (export) could not take back what it did before failing.
        if stage.on_error == OnError::Reject && !kind.parallel {
            let message = format!(
                "`on_error: reject` is only for parallel-safe stages (those that can run on several \
                 workers), and `{}` is not one: what a failed call of it did could not be taken back",
                kind.name
            );
            problems.push(problem(Some("on_error"), message));
        }
        match builds[index].take().expect("every stage of a known type was built") {
            Ok(built) => stages.push(PlannedStage {
                id: stage.id.as_str().into(),
                kind: kind.name.to_string(),
                workers: stage.workers,
                parallel: kind.parallel,
                on_error: stage.on_error,
                built,
                options: stage.options.clone(),
            }),
            Err(errs) => {
                let known = || kind.options().into_iter().map(|o| o.key).chain(STAGE_KEYS.map(String::from));
                for err in errs {
                    // The line is the option's own: `paths[1]` and `x.y` stand on `paths:` and `x:`.
                    let key = err.key.as_deref().map(|k| k.split(['[', '.']).next().unwrap_or(k));
                    let mut message = err.message;
                    // A short key one edit from a key every stage has (`idd`, `tpye`) scores
                    // under `nearest`'s cut, so it is looked for first.
                    let one_edit = |k: &str| {
                        STAGE_KEYS
                            .iter()
                            .find(|s| strsim::damerau_levenshtein(k, s) == 1)
                            .map(|s| s.to_string())
                    };
                    if let Some(near) = key
                        .filter(|_| message.starts_with("unknown field"))
                        .and_then(|k| one_edit(k).or_else(|| nearest(k, known())))
                    {
                        // The list before it is the stage's own options: say why it is not there.
                        let every =
                            if STAGE_KEYS.contains(&near.as_str()) { ", a key every stage has" } else { "" };
                        // serde names a stage's only option itself ("expected `word`").
                        if !message.ends_with(&format!("expected `{near}`")) {
                            message.push_str(&format!("; did you mean `{near}`{every}?"));
                        }
                    }
                    let mut found = problem(key, message);
                    found.key = err.key;
                    problems.push(found);
                }
            }
        }
        // A directory of the stage's own that the run could not make or write (unless the stage
        // said what is wrong with it already), whatever else is wrong with the stage.
        let said = problems
            .iter()
            .any(|p| p.stage.as_deref() == Some(stage.id.as_str()) && p.key.as_deref() == Some("dir"));
        if !said
            && let Some(dir) = own_dir(&stage.options, &config.base_dir)
            && let Some(message) =
                written_output_problem(stage.options.get("dir").and_then(|d| d.as_str()), &dir)
        {
            problems.push(problem(Some("dir"), message));
        }
    }
    if problems.is_empty() {
        let stage_dirs = config
            .stages
            .iter()
            .filter_map(|s| Some((Arc::from(s.id.as_str()), own_dir(&s.options, &config.base_dir)?)))
            .collect();
        let mut notes = saved_index_before_filters(config);
        notes.extend(export_options_without_effect(config, read));
        notes.extend(fingerprints_without_a_dedup_after(config));
        Ok(Plan { config_path: config.path.clone(), output: out_dir, stages, stage_dirs, notes })
    } else {
        Err(ConfigError::new(problems))
    }
}

/// What is wrong with an output directory that the config writes as `written` (`None` when it
/// was given on the command line, where a shell expands `~`) and the run makes at `dir`: a path
/// starting with `~` (the run would make a folder named `~` beside the config, which `rm -rf ~`
/// in a shell would not remove, but the home folder in its place), or what
/// [`output_dir_problem`] finds.
fn written_output_problem(written: Option<&str>, dir: &Path) -> Option<String> {
    use copydesk_core::paths::{TILDE, starts_with_tilde};
    if let Some(written) = written.filter(|w| starts_with_tilde(w)) {
        return Some(format!("`{written}`: {TILDE} (or `./{written}` for a folder of that name)"));
    }
    Some(format!("output directory {}: {}", dir.display(), output_dir_problem(dir)?))
}

/// Why `dir`, a directory the run will make (if missing) and write, cannot be one, found
/// without making it: it is a file, or its nearest existing folder is a file or cannot be
/// written (a file is made and removed there). `None` when it can be.
fn output_dir_problem(dir: &Path) -> Option<String> {
    // A link to nothing is there too (`exists` follows it), and no directory.
    let there = |a: &Path| a.as_os_str().is_empty() || a.symlink_metadata().is_ok();
    let existing = dir.ancestors().find(|a| there(a))?;
    let existing = if existing.as_os_str().is_empty() { Path::new(".") } else { existing };
    let itself = existing == dir;
    if !existing.is_dir() {
        let what = if existing.exists() { "a file" } else { "a link to nothing" };
        return Some(match itself {
            true => format!("is {what}, not a directory"),
            false => format!("cannot be created: {} is {what}", existing.display()),
        });
    }
    let e = copydesk_core::lock::write_test(existing).err()?;
    Some(match itself {
        true => format!("cannot be written: {e}"),
        false => format!("cannot be created in {}: {e}", existing.display()),
    })
}

/// The built-in stage types that reject no document by rule, only on a fault (a dedup drops
/// duplicates, listed in duplicates.jsonl, and rejects none).
const NEVER_REJECT: [&str; 4] = [EXPORT, TAG, DEDUP, FINGERPRINT];

/// The stage type that writes the run's output, which must come last.
const EXPORT: &str = "export";
const DEDUP: &str = "dedup";
const FINGERPRINT: &str = "fingerprint";

/// A dedup that drops duplicates, followed by a stage that may reject (any but
/// [`NEVER_REJECT`]'s): a cluster's representative rejected there takes its story out
/// of the export, its copies having been dropped (they are only in `duplicates.jsonl`); and when
/// the dedup saves its index, the rejected document stays in it, so its copies in later runs are
/// dropped as duplicates of a document that was never exported.
fn saved_index_before_filters(config: &PipelineConfig) -> Vec<String> {
    let mut notes = Vec::new();
    for (index, stage) in config.stages.iter().enumerate() {
        let option = |key: &str| stage.options.get(key).filter(|v| !v.is_null());
        if stage.kind != DEDUP || option("mode").and_then(|m| m.as_str()) != Some("drop") {
            continue;
        }
        let filters: Vec<String> = config.stages[index + 1..]
            .iter()
            .filter(|s| !NEVER_REJECT.contains(&s.kind.as_str()))
            .map(|s| format!("`{}`", s.id))
            .collect();
        if filters.is_empty() {
            continue;
        }
        let saved = if option("index_out").is_some() {
            " It saves its index too: the rejected document stays in it, and its copies in later runs are \
             dropped as duplicates of a document never exported."
        } else {
            ""
        };
        notes.push(format!(
            "{} after `{}`, which drops duplicates: a cluster's representative rejected there takes its story out \
             of the export, its copies dropped (listed only in duplicates.jsonl).{saved} Put stages that reject \
             before the dedup",
            filters.join(", "),
            stage.id
        ));
    }
    notes
}

/// A `fingerprint` stage with no `dedup` after it: what it computes is for a dedup to read, so
/// it costs time and changes nothing (a dedup computes them itself without one before it).
fn fingerprints_without_a_dedup_after(config: &PipelineConfig) -> Vec<String> {
    let mut notes = Vec::new();
    for (index, stage) in config.stages.iter().enumerate().filter(|(_, s)| s.kind == FINGERPRINT) {
        if config.stages[index + 1..].iter().any(|s| s.kind == DEDUP) {
            continue;
        }
        let before = match config.stages[..index].iter().rfind(|s| s.kind == DEDUP) {
            Some(dedup) => format!(" (`{}` comes before it, and computes them itself)", dedup.id),
            None => String::new(),
        };
        notes.push(format!(
            "`{}`: a fingerprint stage's signatures are for a `dedup` stage after it, and none comes after it{before}: \
             it costs time and changes nothing",
            stage.id
        ));
    }
    notes
}

/// Export options that change nothing in this pipeline: `include_original` without the JSON
/// lines that would hold it, and `mentions.csv` with no `tag` stage before to find mentions.
/// Only `formats` as written: the default's mentions.csv beside a pipeline without a tagger is
/// not worth a word. `read` holds each stage's options as it reads them (`formats: csv` is
/// `[csv]`).
fn export_options_without_effect(config: &PipelineConfig, read: &[serde_json::Value]) -> Vec<String> {
    let mut notes = Vec::new();
    for (index, stage) in config.stages.iter().enumerate().filter(|(_, s)| s.kind == EXPORT) {
        let options = &read[index];
        if stage.options.get("formats").is_none() {
            continue;
        }
        let Some(formats) = options.get("formats").and_then(|f| f.as_array()) else { continue };
        let has = |format: &str| formats.iter().any(|f| f.as_str() == Some(format));
        if options.get("include_original").and_then(|v| v.as_bool()) == Some(true) && !has("jsonl") {
            notes.push(format!(
                "`{}`: `include_original` is written in articles.jsonl only, and `formats` leaves `jsonl` out",
                stage.id
            ));
        }
        if has("mentions") && !config.stages[..index].iter().any(|s| s.kind == TAG) {
            notes.push(format!(
                "`{}`: mentions.csv lists the entities a `tag` stage found, and no `tag` stage comes before it: \
                 it will hold its header alone",
                stage.id
            ));
        }
    }
    notes
}

/// The stage type that rewrites the text, and the one that finds entities in it (by offsets):
/// the first must not come after the second.
const NORMALIZE: &str = "normalize";
const TAG: &str = "tag";

/// The known key `key` is most likely a misspelling of, if any is close: at most three edits
/// in ten ("workrs", "lang_sample"; not "normalise_quotes" for `normalize_published`).
pub(crate) fn nearest(key: &str, known: impl Iterator<Item = String>) -> Option<String> {
    known
        .map(|k| (strsim::normalized_damerau_levenshtein(key, &k), k))
        .filter(|(score, _)| *score >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// What the command line puts in place of a config's settings (`copydesk run`'s options),
/// each path taken as given, relative to the working directory.
#[derive(Debug, Default, Clone, Copy)]
pub struct Overrides<'a> {
    /// `--output`: the output directory, instead of the config's `output:`.
    pub output: Option<&'a Path>,
    /// `--input`: what the source reads, instead of its `paths` (files, directories, globs).
    pub inputs: &'a [PathBuf],
}

/// Loads, parses and plans a config file.
pub fn load_plan(path: &Path, registry: &Registry, overrides: Overrides<'_>) -> Result<Plan, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError::unreadable(path, &e))?;
    let (config, mut problems) = crate::config::parse_lenient(&text, path);
    let Some(mut config) = config else { return Err(ConfigError::new(problems)) };
    if let Some(output) = overrides.output {
        // A command-line output directory is taken as given (relative to the working directory).
        config.output = std::path::absolute(output).unwrap_or_else(|_| output.to_path_buf());
    }
    let mut replaced = None;
    if !overrides.inputs.is_empty() {
        match replace_inputs(&mut config, registry, overrides.inputs) {
            Ok(source) => replaced = source,
            Err(problem) => problems.push(problem),
        }
    }
    plan_with(&config, &text, registry, problems, overrides.output).map_err(|mut e| {
        // A problem with a path given on the command line is not the config's: no line of it,
        // and the path as typed.
        let Some(Replaced { source, paths }) = &replaced else { return e };
        for p in e.problems.iter_mut().filter(|p| p.stage.as_ref() == Some(source)) {
            if p.key.as_deref().is_some_and(|k| k == "paths" || k.starts_with("paths[")) {
                (p.file, p.line, p.key) = (None, None, None);
                for (written, typed) in paths {
                    p.message = p.message.replace(&format!("`{written}`"), &format!("`{typed}`"));
                }
                p.message = format!("--input: {}", p.message);
            }
        }
        ConfigError::new(e.problems)
    })
}

/// `inputs` (relative to the working directory) as the source's `paths` (relative to the
/// config's folder): the source's id and each path as written there and as typed, or `None`
/// when the first stage is not a source the registry knows (planning says what is wrong with
/// it), or the problem when the source takes no `paths` or a path is not UTF-8.
fn replace_inputs(
    config: &mut PipelineConfig,
    registry: &Registry,
    inputs: &[PathBuf],
) -> Result<Option<Replaced>, Problem> {
    let Some(source) = config.stages.first_mut() else { return Ok(None) };
    let Some(kind) = registry.get(&source.kind).filter(|k| k.role == Role::Source) else { return Ok(None) };
    let problem = |message: String| Problem { stage: Some(source.id.clone()), ..Problem::file(message) };
    if !kind.options().iter().any(|o| o.key == "paths") {
        return Err(problem(format!(
            "--input stands for the source's `paths`, but a `{}` source takes none",
            source.kind
        )));
    }
    // Inside the config's folder, relative to it, as the config would write it (the documents'
    // `source` and `ids: path` ids read the same as from the config's own paths); else absolute.
    // The folders are resolved (links, `..`), so that a path below the config's resolved folder
    // is below the folder itself and the relative path reaches the same file; an input's own
    // name is kept (a link `today.jsonl` is read under that name, as the config would read it).
    let config_dir = config.base_dir.canonicalize().ok();
    let mut paths = Vec::with_capacity(inputs.len());
    for input in inputs {
        let absolute = std::path::absolute(input).unwrap_or_else(|_| input.clone());
        let absolute = match (absolute.parent(), absolute.file_name()) {
            (Some(folder), Some(name)) => {
                folder.canonicalize().map_or_else(|_| absolute.clone(), |f| f.join(name))
            }
            _ => absolute.canonicalize().unwrap_or(absolute),
        };
        let inside = config_dir.as_deref().and_then(|dir| absolute.strip_prefix(dir).ok());
        let path = match inside {
            Some(relative) if relative.as_os_str().is_empty() => Path::new("."),
            Some(relative) => relative,
            None => &absolute,
        };
        let Some(path) = path.to_str() else {
            return Err(problem(format!("--input {}: a path must be UTF-8", input.display())));
        };
        paths.push((path.to_string(), input.display().to_string()));
    }
    source.options["paths"] = paths.iter().map(|(path, _)| serde_json::Value::from(path.as_str())).collect();
    Ok(Some(Replaced { source: source.id.clone(), paths }))
}

/// The source whose `paths` `--input` replaced, and each path as written there and as typed.
struct Replaced {
    source: String,
    paths: Vec<(String, String)>,
}
