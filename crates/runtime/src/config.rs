//! Reading `pipeline.yaml`. This is the only module that knows YAML (serde_yaml is archived
//! upstream; keeping it here lets us move to a maintained fork in one place). It turns the
//! file into a [`PipelineConfig`] of untyped stage options, remembering the line where each
//! stage and key stands so that problems can point at it.

use std::path::{Path, PathBuf};

use serde_yaml::Value;

use crate::problems::Problem;

/// `pipeline.yaml`, with each stage's options still untyped.
#[derive(Debug, Clone)]
pub struct PipelineConfig {
    /// The config file, as given.
    pub path: PathBuf,
    /// Directory relative paths are resolved against: the config file's.
    pub base_dir: PathBuf,
    /// Where reports, rejects and (by default) exports go. `output:`, default `out`.
    pub output: PathBuf,
    pub stages: Vec<StageConfig>,
    /// Whether every stage item could be read as a stage (one without a `type` is left out of
    /// `stages`, so the others' positions say nothing of the file's order).
    pub complete: bool,
}

#[derive(Debug, Clone)]
pub struct StageConfig {
    /// The stage's name in messages and the report: its `id`, or, without one, its type.
    pub id: String,
    /// Whether the config gave the `id` (else it is the type's name).
    pub id_given: bool,
    pub kind: String,
    pub workers: usize,
    /// What a document whose `process` call fails (an error or a panic) does to the run.
    pub on_error: OnError,
    /// Everything but `id`, `type`, `workers` and `on_error`, as JSON (stages never see YAML).
    pub options: serde_json::Value,
    /// 1-based line of the stage's item in the file.
    pub line: Option<usize>,
    /// The stage item's lines, for finding the line of a key.
    lines: std::ops::Range<usize>,
}

/// A stage's `on_error`: what a call of `process` that fails (returns an error or panics) on
/// one document does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OnError {
    /// The run stops, naming the stage and the document (the default).
    Stop,
    /// The document is rejected with the error as its reason, what the failed call made for it
    /// taken back, and the run goes on. Only for parallel-safe stages (the planner refuses it
    /// for others).
    Reject,
}

impl OnError {
    /// Every value, in the order the messages name them.
    pub const ALL: [OnError; 2] = [OnError::Stop, OnError::Reject];

    /// The value a config's `name` stands for.
    fn from_name(name: &str) -> Option<OnError> {
        OnError::ALL.into_iter().find(|v| v.name() == name)
    }

    /// The value as a config writes it.
    pub fn name(self) -> &'static str {
        match self {
            OnError::Stop => "stop",
            OnError::Reject => "reject",
        }
    }
}

/// The most workers a stage may have.
pub const MAX_WORKERS: usize = 256;

const TOP_LEVEL_KEYS: &[&str] = &["stages", "output"];

/// The keys every stage item has besides its options.
pub(crate) const STAGE_KEYS: [&str; 4] = ["id", "type", "workers", "on_error"];

/// Reads and parses the config, collecting every structural problem (options are checked
/// later, by each stage's factory).
pub fn load(path: &Path) -> Result<PipelineConfig, Vec<Problem>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| vec![Problem::file(format!("cannot read {}: {e}", path.display()))])?;
    parse(&text, path)
}

pub fn parse(text: &str, path: &Path) -> Result<PipelineConfig, Vec<Problem>> {
    match parse_lenient(text, path) {
        (Some(config), problems) if problems.is_empty() => Ok(config),
        (_, problems) => Err(problems),
    }
}

/// Parses as much as can be parsed: the config (when the file is YAML with a stage list) with
/// every stage whose `type` could be read, and every problem found on the way. The
/// planner carries on from here, so one `validate` shows all the problems of a file.
pub fn parse_lenient(text: &str, path: &Path) -> (Option<PipelineConfig>, Vec<Problem>) {
    let (config, mut problems) = match parse_text(text, path) {
        Ok((config, problems)) => (Some(config), problems),
        Err(problems) => (None, problems),
    };
    for problem in &mut problems {
        problem.file = Some(path.to_path_buf());
    }
    (config, problems)
}

fn parse_text(text: &str, path: &Path) -> Result<(PipelineConfig, Vec<Problem>), Vec<Problem>> {
    // A byte-order mark, as Windows editors save "UTF-8 with BOM": serde_yaml would take the
    // file for two documents.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut value: Value = serde_yaml::from_str(text).map_err(|e| {
        let at = e.location().map(|l| (l.line(), l.column()));
        let mut message = e.to_string();
        // serde_yaml reports a repeated key where its mapping starts; the line to fix is the
        // repeat's, and the message says both.
        let mut line = at.map(|(line, _)| line);
        if let Some((key, first, repeat)) = duplicate_key(text, &message, at) {
            let path = message.split_once("duplicate entry").map_or("", |(path, _)| path);
            message = format!("{path}key `{key}` is given twice (first on line {first})");
            line = Some(repeat);
        }
        // A tab where the error is: YAML indents with spaces only, which its message never says.
        let tab = at.is_some_and(|(line, column)| {
            text.lines()
                .nth(line.saturating_sub(1))
                .is_some_and(|l| l.chars().nth(column.saturating_sub(1)) == Some('\t'))
        });
        if tab && !message.contains("tab") {
            message.push_str(" (a tab: YAML indents with spaces only)");
        }
        vec![Problem { line, ..Problem::file(format!("not valid YAML: {message}")) }]
    })?;
    // Merge keys ("<<: *defaults"): a stage's options taken from an anchor, its own after them.
    value.apply_merge().map_err(|e| vec![Problem::file(format!("not valid YAML: {e}"))])?;
    let lines = SourceLines::new(text);
    let mut problems = Vec::new();
    let Value::Mapping(top) = value else {
        return Err(vec![Problem::file("expected a mapping with a `stages:` list")]);
    };
    for key in top.keys() {
        let name = key_name(key);
        // `x-…` keys are the file's own, a place for anchors ("x-defaults: &defaults"), as in
        // Compose files.
        if !TOP_LEVEL_KEYS.contains(&name.as_str()) && !name.starts_with("x-") {
            let mut message = format!("unknown top-level key, expected one of {}", TOP_LEVEL_KEYS.join(", "));
            match crate::plan::nearest(&name, TOP_LEVEL_KEYS.iter().map(|k| k.to_string())) {
                Some(near) => message.push_str(&format!("; did you mean `{near}`?")),
                // A key every stage has, written once for all (`workers: 2`, `on_error: reject`).
                None if matches!(name.as_str(), "workers" | "on_error") => message.push_str(&format!(
                    "; `{name}` is a key of a stage, given to each stage item under `stages` (or to several \
                     through an `x-` anchor: the README's pipeline.yaml)"
                )),
                None => message.push_str(" (a key of your own, to hold anchors, starts with `x-`)"),
            }
            problems.push(Problem {
                key: Some(name.clone()),
                line: lines.top_key(&name),
                ..Problem::file(message)
            });
        }
    }
    let output = match top.get("output") {
        None => PathBuf::from("out"),
        Some(Value::String(s)) if !s.is_empty() => PathBuf::from(s),
        Some(_) => {
            let line = lines.top_key("output");
            problems.push(Problem {
                key: Some("output".into()),
                line,
                ..Problem::file("expected a directory path")
            });
            PathBuf::from("out")
        }
    };
    let stages_problem = |message: &str| Problem {
        key: Some("stages".into()),
        line: lines.top_key("stages"),
        ..Problem::file(message)
    };
    let items = match top.get("stages") {
        Some(Value::Sequence(items)) if !items.is_empty() => items.as_slice(),
        Some(Value::Sequence(_)) => {
            problems.push(stages_problem("`stages:` is empty: a pipeline needs at least a source"));
            &[]
        }
        Some(_) => {
            problems.push(stages_problem("`stages:` must be a list of stages"));
            &[]
        }
        None => {
            problems.push(Problem::file("no `stages:` list"));
            &[]
        }
    };
    let spans = lines.stage_items();
    let mut stages = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let span = spans.get(index).cloned().unwrap_or(0..0);
        let (stage, mut found) = stage(index, item, span, &lines);
        stages.extend(stage);
        problems.append(&mut found);
    }
    let complete = stages.len() == items.len();
    let base_dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let base_dir = if base_dir.as_os_str().is_empty() { PathBuf::from(".") } else { base_dir };
    Ok((PipelineConfig { path: path.to_path_buf(), base_dir, output, stages, complete }, problems))
}

/// A YAML value as a message quotes it: a scalar as written (`0`, `"two"`), else its kind.
fn shown(value: &Value) -> String {
    match value {
        Value::Number(n) => format!("`{n}`"),
        // Escaped, and cut short: a block scalar would break the message's one line.
        Value::String(s) if s.chars().count() > 40 => {
            format!("`{:?}…`", s.chars().take(40).collect::<String>())
        }
        Value::String(s) => format!("`{s:?}`"),
        Value::Bool(b) => format!("`{b}`"),
        Value::Null => "an empty value".into(),
        Value::Sequence(_) => "a list".into(),
        Value::Mapping(_) => "a mapping".into(),
        Value::Tagged(t) => shown(&t.value),
    }
}

/// One stage item: the stage (if its `type` could be read) and the problems found in it.
fn stage(
    index: usize,
    item: &Value,
    span: std::ops::Range<usize>,
    lines: &SourceLines,
) -> (Option<StageConfig>, Vec<Problem>) {
    let line = (!span.is_empty()).then_some(span.start + 1);
    let fallback_id = format!("#{}", index + 1);
    let Value::Mapping(map) = item else {
        let message = "a stage must be a mapping with a `type` (and an `id`, when the type is used twice)";
        return (None, vec![Problem { stage: Some(fallback_id), line, ..Problem::file(message) }]);
    };
    let mut problems = Vec::new();
    let text_of = |key: &str| match map.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(Some(s.clone())),
        None => Ok(None),
        Some(_) => Err(()),
    };
    // A key one letter away from a required one (`idd:`, `typ:`, `tpye:`), for the hint.
    let misspelt = |wanted: &str| {
        map.keys().map(key_name).find(|k| k != wanted && strsim::damerau_levenshtein(k, wanted) == 1)
    };
    let hint = |wanted: &str| {
        misspelt(wanted).map(|k| format!("; did you mean `{wanted}` for `{k}`?")).unwrap_or_default()
    };
    let kind = text_of("type");
    // Without an `id` a stage is known by its type (`plan` asks for one where a type is used
    // twice); a stage with neither is `#N`, its position.
    let (id, id_given) = match (text_of("id"), &kind) {
        (Ok(Some(id)), _) => (id, true),
        (Ok(None), Ok(Some(kind))) => (kind.clone(), false),
        (Ok(None), _) => (fallback_id.clone(), false),
        (Err(()), _) => {
            let message =
                "`id` must be a non-empty string (or left out: the stage is then known by its type)";
            problems.push(Problem {
                stage: Some(fallback_id.clone()),
                key: Some("id".into()),
                line: lines.key_in(&span, "id").or(line),
                ..Problem::file(message)
            });
            (fallback_id, false)
        }
    };
    let problem = |key: &str, message: &str| Problem {
        stage: Some(id.clone()),
        key: Some(key.into()),
        line: lines.key_in(&span, key).or(line),
        ..Problem::file(message)
    };
    let kind = match kind {
        Ok(Some(kind)) => kind,
        Ok(None) | Err(()) => {
            // A stage without a type has its options checked by none, so a misspelt `id`
            // (`idd:`) is named here.
            if !map.contains_key("id")
                && let Some(k) = misspelt("id")
            {
                problems.push(problem(&k, "unknown key; did you mean `id`?"));
            }
            let message = format!("every stage needs a `type` (see `copydesk stages`){}", hint("type"));
            // At the misspelt key, when there is one.
            let at = misspelt("type").and_then(|k| lines.key_in(&span, &k));
            problems.push(Problem { line: at.or(line), ..problem("type", &message) });
            String::new()
        }
    };
    let workers = match map.get("workers") {
        None => 1,
        Some(Value::Number(n)) if n.as_u64().is_some_and(|w| (1..=MAX_WORKERS as u64).contains(&w)) => {
            n.as_u64().unwrap_or(1) as usize
        }
        Some(given) => {
            let message =
                format!("`workers` must be a whole number from 1 to {MAX_WORKERS}, not {}", shown(given));
            problems.push(problem("workers", &message));
            1
        }
    };
    let on_error = match map.get("on_error").map(|given| (given, given.as_str().and_then(OnError::from_name)))
    {
        None => OnError::Stop,
        Some((_, Some(value))) => value,
        Some((given, None)) => {
            let mut message = format!(
                "`on_error` must be `stop` (a document the stage fails on stops the run; the default) or \
                 `reject` (that document is rejected with the error as its reason, and the run goes on), not {}",
                shown(given)
            );
            if let Value::String(s) = given
                && let Some(near) =
                    OnError::ALL.map(OnError::name).into_iter().find(|k| k.eq_ignore_ascii_case(s.trim()))
            {
                message.push_str(&format!("; did you mean `{near}`?"));
            }
            problems.push(problem("on_error", &message));
            OnError::Stop
        }
    };
    let mut options = serde_json::Map::new();
    for (key, value) in map {
        let name = key_name(key);
        if STAGE_KEYS.contains(&name.as_str()) {
            continue;
        }
        match serde_json::to_value(value) {
            Ok(json) => {
                options.insert(name, json);
            }
            Err(e) => problems.push(problem(&name, &format!("cannot be read: {e}"))),
        }
    }
    let stage = (!kind.is_empty()).then_some(StageConfig {
        id,
        id_given,
        kind,
        workers,
        on_error,
        options: serde_json::Value::Object(options),
        line,
        lines: span,
    });
    (stage, problems)
}

impl StageConfig {
    /// The line of `key` within this stage's item, if it can be found.
    pub fn key_line(&self, config_text: &str, key: &str) -> Option<usize> {
        SourceLines::new(config_text).key_in(&self.lines, key)
    }
}

fn key_name(key: &Value) -> String {
    match key {
        Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other).unwrap_or_default().trim().to_string(),
    }
}

/// Line lookups in the raw YAML. serde_yaml's `Value` keeps no positions, so these scan the
/// text: good for the block style pipeline.yaml is written in, silent (None) otherwise.
struct SourceLines<'a> {
    lines: Vec<&'a str>,
}

impl<'a> SourceLines<'a> {
    fn new(text: &'a str) -> Self {
        SourceLines { lines: text.lines().collect() }
    }

    fn top_key(&self, key: &str) -> Option<usize> {
        self.lines
            .iter()
            .position(|l| key_of(l) == Some(key) && !l.starts_with([' ', '\t', '-']))
            .map(|i| i + 1)
    }

    /// The 0-based line ranges of the items of the top-level `stages:` list.
    fn stage_items(&self) -> Vec<std::ops::Range<usize>> {
        // `stages:`, perhaps with a comment after it (the README's example has one).
        let opens_list = |l: &str| {
            l.strip_prefix("stages:")
                .is_some_and(|rest| rest.trim().is_empty() || rest.trim_start().starts_with('#'))
        };
        let Some(start) = self.lines.iter().position(|l| opens_list(l)) else { return vec![] };
        let mut items: Vec<std::ops::Range<usize>> = Vec::new();
        let mut indent = None;
        for (i, line) in self.lines.iter().enumerate().skip(start + 1) {
            let trimmed = line.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let depth = line.len() - trimmed.len();
            if depth == 0 && !trimmed.starts_with('-') {
                break; // the next top-level key
            }
            if trimmed.starts_with("- ") || trimmed == "-" {
                if indent.is_none() {
                    indent = Some(depth);
                }
                if Some(depth) == indent {
                    if let Some(last) = items.last_mut() {
                        last.end = i;
                    }
                    items.push(i..i + 1);
                    continue;
                }
            }
            if let Some(last) = items.last_mut() {
                last.end = i + 1;
            }
        }
        items
    }

    fn key_in(&self, span: &std::ops::Range<usize>, key: &str) -> Option<usize> {
        (span.start..span.end.min(self.lines.len()))
            .find(|&i| key_of(self.lines[i]) == Some(key))
            .map(|i| i + 1)
    }
}

/// The key, and the lines (1-based) of its first and second `key:`, of a mapping that
/// serde_yaml reports as having a duplicate key, given where it says the mapping starts (the
/// top level when it gives no place): the lines of the mapping's keys, at the mapping's
/// indentation, that name the key.
fn duplicate_key<'m>(
    text: &str,
    message: &'m str,
    at: Option<(usize, usize)>,
) -> Option<(&'m str, usize, usize)> {
    let rest = message.split("duplicate entry with key \"").nth(1)?;
    let key = &rest[..rest.find('"')?];
    let (start, indent) =
        at.map_or((0, 0), |(line, column)| (line.saturating_sub(1), column.saturating_sub(1)));
    let mut seen = None;
    for (i, line) in text.lines().enumerate().skip(start) {
        let trimmed = line.trim_start();
        // Blank lines and comments, at any indentation, are no part of the mapping's layout.
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let lead = line.len() - trimmed.len();
        let key_here = if i == start {
            // The mapping's first line may open a list item (`  - id: …`): its key is where the
            // mapping starts.
            line.get(indent..).and_then(key_of)
        } else if lead < indent {
            return None; // less indented than the mapping's keys: the mapping has ended
        } else if lead > indent {
            continue; // a nested value
        } else {
            key_of(trimmed)
        };
        if key_here == Some(key) {
            if let Some(first) = seen {
                return Some((key, first, i + 1));
            }
            seen = Some(i + 1);
        }
    }
    None
}

/// The mapping key a YAML line starts with (`  - id: x` → `id`).
fn key_of(line: &str) -> Option<&str> {
    let trimmed = line.trim_start().trim_start_matches("- ").trim_start();
    let colon = trimmed.find(':')?;
    let key = trimmed[..colon].trim_matches(['"', '\'']);
    (!key.is_empty() && !key.contains(' ')).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "# comment\noutput: results\nstages:\n  - id: read\n    type: ingest\n    paths: [seeds]\n\n  - id: clean\n    type: normalize\n    workers: 2\n";

    #[test]
    fn stages_keep_their_lines_and_options() {
        let config = parse(YAML, Path::new("dir/pipeline.yaml")).unwrap();
        assert_eq!(config.output, PathBuf::from("results"));
        assert_eq!(config.base_dir, PathBuf::from("dir"));
        let summary: Vec<_> =
            config.stages.iter().map(|s| (s.id.as_str(), s.kind.as_str(), s.workers, s.line)).collect();
        assert_eq!(summary, [("read", "ingest", 1, Some(4)), ("clean", "normalize", 2, Some(8))]);
        assert_eq!(config.stages[0].options, serde_json::json!({"paths": ["seeds"]}));
        assert_eq!(config.stages[1].key_line(YAML, "workers"), Some(10));
    }

    #[test]
    fn a_stage_without_an_id_is_known_by_its_type() {
        let yaml = "stages:\n  - type: ingest\n    paths: [seeds]\n  - id: clean\n    type: normalize\n  - type: export\n";
        let config = parse(yaml, Path::new("p.yaml")).unwrap();
        let ids: Vec<_> = config.stages.iter().map(|s| (s.id.as_str(), s.id_given)).collect();
        assert_eq!(ids, [("ingest", false), ("clean", true), ("export", false)]);
        // Its options are its own still: `type` is not one of them.
        assert_eq!(config.stages[0].options, serde_json::json!({"paths": ["seeds"]}));
    }

    /// A byte-order mark (Windows' "UTF-8 with BOM"), merge keys and `x-` keys holding anchors:
    /// what editors and YAML habits bring.
    #[test]
    fn a_byte_order_mark_merge_keys_and_anchor_keys_are_read() {
        let with_mark = format!("\u{feff}{YAML}");
        let config = parse(&with_mark, Path::new("p.yaml")).unwrap();
        assert_eq!(config.stages.len(), 2);
        assert_eq!(config.stages[1].line, Some(8));
        let merged = "x-defaults: &two\n  workers: 2\noutput: out\nstages:\n  - id: read\n    type: ingest\n  - <<: *two\n    id: clean\n    type: normalize\n  - <<: *two\n    id: tag\n    type: tag\n    workers: 1\n";
        let config = parse(merged, Path::new("p.yaml")).unwrap();
        let workers: Vec<_> = config.stages.iter().map(|s| (s.id.as_str(), s.workers)).collect();
        assert_eq!(workers, [("read", 1), ("clean", 2), ("tag", 1)], "a stage's own key wins");
        // A stage's key written at the top says where it goes.
        let top = "on_error: reject\nstages:\n  - id: read\n    type: ingest\n";
        let said = parse(top, Path::new("p.yaml")).unwrap_err()[0].to_string();
        assert!(
            said.contains("key `on_error`: unknown top-level key") && said.contains("is a key of a stage"),
            "{said}"
        );
        let said = parse("stages:\n  - {id: read, type: ingest, on_error: Reject}\n", Path::new("p.yaml"))
            .unwrap_err()[0]
            .to_string();
        assert!(said.ends_with("not `\"Reject\"`; did you mean `reject`?"), "{said}");
        // Other unknown top-level keys are still refused.
        let unknown = "defaults: &two\n  workers: 2\noutput: out\nstages:\n  - id: read\n    type: ingest\n";
        let said = parse(unknown, Path::new("p.yaml")).unwrap_err()[0].to_string();
        assert!(said.ends_with("key `defaults`: unknown top-level key, expected one of stages, output (a key of your own, to hold anchors, starts with `x-`)"), "{said}");
    }

    #[test]
    fn a_comment_after_stages_keeps_the_lines() {
        let yaml =
            "output: out\nstages:   # in order\n  - id: read\n    type: ingest\n  - id: b\n    workers: 0\n";
        let problems = parse(yaml, Path::new("p.yaml")).unwrap_err();
        let lines: Vec<Option<usize>> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [Some(5), Some(6)], "{problems:?}");
    }

    #[test]
    fn a_repeated_key_is_reported_at_the_repeat() {
        let line = |yaml: &str| parse(yaml, Path::new("p.yaml")).unwrap_err()[0].line;
        let in_stage = "output: out\nstages:\n  - id: read\n    type: ingest\n    # workers: 1\n    paths: [seeds]\n    nested:\n      paths: 1\n    paths: [more]\n";
        assert_eq!(line(in_stage), Some(9));
        assert_eq!(line("output: out\nstages:\n  - id: a\n    type: ingest\n\noutput: out2\n"), Some(6));
        let first_key = "stages:\n  - id: a\n    type: ingest\n    id: b\n";
        assert_eq!(line(first_key), Some(4));
        // An empty line, and a comment at the margin, inside the stage (a reviewer's cases).
        let gaps = "output: out\nstages:\n  - id: read\n    type: ingest\n    paths: [seeds]\n\n# note\n    paths: [more]\n";
        assert_eq!(line(gaps), Some(8));
        // The message names the key and its first line, not where the mapping starts.
        let said = parse(in_stage, Path::new("p.yaml")).unwrap_err()[0].to_string();
        assert_eq!(said, "p.yaml:9: not valid YAML: stages[0]: key `paths` is given twice (first on line 6)");
    }

    #[test]
    fn a_tab_in_the_indentation_is_named() {
        let said = |yaml: &str| parse(yaml, Path::new("p.yaml")).unwrap_err()[0].to_string();
        let tabbed = said("stages:\n\t- {id: ingest, type: ingest}\n");
        assert!(tabbed.starts_with("p.yaml:2: not valid YAML: "), "{tabbed}");
        assert!(tabbed.ends_with(" (a tab: YAML indents with spaces only)"), "{tabbed}");
        // Not where the parser says so itself, nor for another character.
        let named = said("stages:\n  - id: a\n    type: ingest\n\tpaths: [x]\n");
        assert!(named.contains("tab character") && !named.contains("(a tab"), "{named}");
        assert!(!said("stages:\n@ - {id: a}\n").contains("tab"));
    }

    #[test]
    fn structural_problems_are_all_reported() {
        let yaml = "stage:\n  - id: x\nstages:\n  - id: \"\"\n    type: ingest\n  - id: b\n    workers: 0\n  - idd: c\n    typ: d\n";
        let problems = parse(yaml, Path::new("p.yaml")).unwrap_err();
        let rendered: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            rendered,
            [
                "p.yaml:1: key `stage`: unknown top-level key, expected one of stages, output; did you mean `stages`?",
                "p.yaml:4: stage `#1`: key `id`: `id` must be a non-empty string (or left out: the stage is then known by its type)",
                "p.yaml:6: stage `b`: key `type`: every stage needs a `type` (see `copydesk stages`)",
                "p.yaml:7: stage `b`: key `workers`: `workers` must be a whole number from 1 to 256, not `0`",
                "p.yaml:8: stage `#3`: key `idd`: unknown key; did you mean `id`?",
                "p.yaml:9: stage `#3`: key `type`: every stage needs a `type` (see `copydesk stages`); did you mean `type` for `typ`?",
            ]
        );
        // The value given is quoted back, and a bad `stages:` is found at its line.
        let said = |yaml: &str| -> Vec<String> {
            parse(yaml, Path::new("p.yaml")).unwrap_err().iter().map(|p| p.to_string()).collect()
        };
        assert_eq!(
            said("stages:\n  - id: a\n    type: ingest\n    workers: two\n"),
            [
                "p.yaml:4: stage `a`: key `workers`: `workers` must be a whole number from 1 to 256, not `\"two\"`"
            ]
        );
        assert_eq!(
            said("stages:\n  - id: a\n    type: ingest\n    workers: |\n      two\n      lines\n"),
            [
                "p.yaml:4: stage `a`: key `workers`: `workers` must be a whole number from 1 to 256, not `\"two\\nlines\\n\"`"
            ]
        );
        assert_eq!(
            said("output: out\nstages: []\n"),
            ["p.yaml:2: key `stages`: `stages:` is empty: a pipeline needs at least a source"]
        );
        assert_eq!(
            said("output: out\nstages:\n  id: a\n"),
            ["p.yaml:2: key `stages`: `stages:` must be a list of stages"]
        );
    }
}
