//! The stage registry: `type:` names in `pipeline.yaml` mapped to factories.
//!
//! Each stage crate exposes `pub fn register(registry: &mut Registry)`; the binary calls them
//! from one explicit list. A factory turns the stage's untyped options into its typed
//! `#[serde(deny_unknown_fields, default)]` options struct, validates them without side
//! effects, and builds the stage.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{Source, Stage};

/// A stage's typed options. `Default` gives the defaults `copydesk stages` shows. The struct
/// must be `#[serde(deny_unknown_fields, default)]`: every key may be left out (the registry
/// reads each key on its own to report every bad one), and a misspelt one is refused.
pub trait StageOptions: DeserializeOwned + Serialize + Default + 'static {
    /// One line of help per option key, in the order `copydesk stages` lists them.
    const HELP: &'static [(&'static str, &'static str)];
}

/// What a factory may know while building a stage.
#[derive(Clone, Copy, Debug)]
pub struct BuildContext<'a> {
    /// The stage's `id:` in `pipeline.yaml`.
    pub stage_id: &'a str,
    /// The directory relative paths in options are resolved against (the config file's).
    pub base_dir: &'a Path,
    /// The run's output directory (`output:` in `pipeline.yaml`).
    pub out_dir: &'a Path,
    /// How many worker threads will run this stage.
    pub workers: usize,
    /// The stages before this one, as (type, options as the stage reads them:
    /// [`StageType::options_as_read`], every key there, with its default when left out; as
    /// written when they do not read), for checks across stages (dedup's options must match the
    /// fingerprint stage's; its `index_out` must not be among ingest's `paths`).
    pub earlier: &'a [(&'a str, &'a serde_json::Value)],
    /// The stages after this one, likewise (a source learns from them where the run writes).
    pub later: &'a [(&'a str, &'a serde_json::Value)],
}

impl BuildContext<'_> {
    /// `path` resolved against the config file's directory.
    pub fn resolve(&self, path: &Path) -> std::path::PathBuf {
        resolve_in(self.base_dir, path)
    }

    /// The directories the run writes into: its output directory, and the `dir:` of every later
    /// stage that has one (export's own directory; a stage writing files of its own takes their
    /// directory as a `dir:` option, by this convention), resolved. A source does not read
    /// them back as input.
    pub fn output_dirs(&self) -> Vec<std::path::PathBuf> {
        let dirs = self.later.iter().filter_map(|(_, options)| own_dir(options, self.base_dir));
        std::iter::once(self.out_dir.to_path_buf()).chain(dirs).collect()
    }
}

/// A stage's own output directory, by the convention that a stage writing files of its own
/// names their directory with a `dir:` option (export's): that option of `options`, resolved
/// against the config's directory `base_dir`, when it is a non-empty string.
pub fn own_dir(options: &serde_json::Value, base_dir: &Path) -> Option<std::path::PathBuf> {
    let dir = options.get("dir")?.as_str().filter(|d| !d.trim().is_empty())?;
    Some(resolve_in(base_dir, Path::new(dir)))
}

/// `path` resolved against `base_dir`: itself when absolute.
fn resolve_in(base_dir: &Path, path: &Path) -> std::path::PathBuf {
    if path.is_absolute() { path.to_path_buf() } else { base_dir.join(path) }
}

/// A problem with a stage's options. `key` names the offending option where one is to blame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionError {
    pub key: Option<String>,
    pub message: String,
}

impl OptionError {
    pub fn new(key: impl Into<String>, message: impl Into<String>) -> Self {
        OptionError { key: Some(key.into()), message: message.into() }
    }
}

/// A factory may report one problem or all it found (`copydesk validate` shows every one), and
/// `?` turns a single [`OptionError`] into the list.
impl From<OptionError> for Vec<OptionError> {
    fn from(err: OptionError) -> Self {
        vec![err]
    }
}

/// A built stage, ready for the runtime.
pub enum Built {
    Source(Box<dyn Source>),
    /// Makes one instance per worker thread.
    Stage(Box<dyn Fn() -> Box<dyn Stage> + Send + Sync>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Produces the documents (first in the pipeline).
    Source,
    /// Takes documents and emits documents (every later stage, sinks included).
    Transform,
}

/// One option as `copydesk stages` shows it.
#[derive(Clone, Debug, Serialize)]
pub struct OptionHelp {
    pub key: String,
    pub default: serde_json::Value,
    pub help: String,
}

type Factory = dyn Fn(&BuildContext<'_>, serde_json::Value) -> Result<Built, Vec<OptionError>> + Send + Sync;

/// A registered stage type.
pub struct StageType {
    pub name: &'static str,
    pub summary: &'static str,
    pub role: Role,
    /// Whether several workers may run it at once (`workers: N` with N > 1).
    pub parallel: bool,
    options: fn() -> Vec<OptionHelp>,
    read: fn(serde_json::Value) -> Option<serde_json::Value>,
    factory: Box<Factory>,
}

impl StageType {
    /// `written` (a stage's options as its config writes them) as the stage reads them: every
    /// key, those left out at their defaults, one value given for a list as a list of one
    /// (`paths: seeds`), a bad value at its default. `None` when they do not read at all (not
    /// a mapping). What other stages' builds see of this one ([`BuildContext::earlier`]).
    pub fn options_as_read(&self, written: &serde_json::Value) -> Option<serde_json::Value> {
        (self.read)(written.clone())
    }

    /// Every option with its default and help line.
    pub fn options(&self) -> Vec<OptionHelp> {
        (self.options)()
    }

    /// Check `options` and build the stage, or report every problem found (at least one).
    /// Has no side effects beyond reading data files.
    pub fn build(
        &self,
        ctx: &BuildContext<'_>,
        options: serde_json::Value,
    ) -> Result<Built, Vec<OptionError>> {
        (self.factory)(ctx, options)
    }
}

#[derive(Default)]
pub struct Registry {
    types: BTreeMap<&'static str, StageType>,
}

impl Registry {
    pub fn new() -> Self {
        Registry::default()
    }

    /// Register a document-to-document stage. `build` gets the typed options and returns the
    /// stage or its problems (an [`OptionError`], or a `Vec` of them to report several at once);
    /// the stage is cloned once per worker.
    pub fn add_stage<O, S, E>(
        &mut self,
        name: &'static str,
        summary: &'static str,
        parallel: bool,
        build: fn(O, &BuildContext<'_>) -> Result<S, E>,
    ) where
        O: StageOptions,
        S: Stage + Clone + Sync + 'static,
        E: Into<Vec<OptionError>> + 'static,
    {
        let factory = move |ctx: &BuildContext<'_>, value: serde_json::Value| {
            let stage = check_and_build(value, ctx, build)?;
            let make = move || Box::new(stage.clone()) as Box<dyn Stage>;
            Ok(Built::Stage(Box::new(make)))
        };
        self.insert(StageType {
            name,
            summary,
            role: Role::Transform,
            parallel,
            options: option_help::<O>,
            read: read_options::<O>,
            factory: Box::new(factory),
        });
    }

    /// Register a source stage.
    pub fn add_source<O, S, E>(
        &mut self,
        name: &'static str,
        summary: &'static str,
        build: fn(O, &BuildContext<'_>) -> Result<S, E>,
    ) where
        O: StageOptions,
        S: Source + 'static,
        E: Into<Vec<OptionError>> + 'static,
    {
        let factory = move |ctx: &BuildContext<'_>, value: serde_json::Value| {
            let source = check_and_build(value, ctx, build)?;
            Ok(Built::Source(Box::new(source)))
        };
        self.insert(StageType {
            name,
            summary,
            role: Role::Source,
            parallel: false,
            options: option_help::<O>,
            read: read_options::<O>,
            factory: Box::new(factory),
        });
    }

    fn insert(&mut self, stage: StageType) {
        let name = stage.name;
        let previous = self.types.insert(name, stage);
        assert!(previous.is_none(), "stage type `{name}` registered twice");
    }

    pub fn get(&self, name: &str) -> Option<&StageType> {
        self.types.get(name)
    }

    /// Every registered type, by name.
    pub fn types(&self) -> impl Iterator<Item = &StageType> {
        self.types.values()
    }
}

/// Options as [`parse_options`] reads them, written out again (see [`StageType::options_as_read`]).
fn read_options<O: StageOptions>(value: serde_json::Value) -> Option<serde_json::Value> {
    serde_json::to_value(parse_options::<O>(value).options?).ok()
}

/// Options read from an untyped value, and what went wrong.
struct Parsed<O> {
    /// The typed options, with any bad key at its default; `None` when not even that reads
    /// (options that are not a mapping).
    options: Option<O>,
    problems: Vec<OptionError>,
    /// The keys that were written and read well.
    good: Vec<String>,
}

/// Typed options from an untyped value (an absent value, no options given, means defaults).
/// Serde stops at the first bad key; the others are then found by reading each key on its own,
/// so that every unknown key and wrong value is reported at once. The options come back even
/// then, with the bad keys at their defaults, so that the stage can still check the rest.
fn parse_options<O: StageOptions>(value: serde_json::Value) -> Parsed<O> {
    let value = if value.is_null() { serde_json::Value::Object(Default::default()) } else { value };
    let value = lists_for_single_values::<O>(value);
    let keys = || value.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default();
    let first = match deserialize::<O>(value.clone()) {
        Ok(options) => return Parsed { options: Some(options), problems: Vec::new(), good: keys() },
        Err(err) => err,
    };
    let Some(object) = value.as_object() else {
        return Parsed { options: None, problems: vec![first], good: Vec::new() };
    };
    let mut good = serde_json::Map::new();
    let mut problems = Vec::new();
    for (key, v) in object {
        let alone = serde_json::Value::Object([(key.clone(), v.clone())].into_iter().collect());
        match deserialize::<O>(alone) {
            Ok(_) => {
                good.insert(key.clone(), v.clone());
            }
            Err(err) => problems.push(err),
        }
    }
    let good_keys = good.keys().cloned().collect();
    match deserialize::<O>(serde_json::Value::Object(good)) {
        Ok(options) if !problems.is_empty() => Parsed { options: Some(options), problems, good: good_keys },
        // The good keys fail together (no options struct does this today): report what the keys
        // alone showed, or serde's first error if they showed nothing.
        _ if !problems.is_empty() => Parsed { options: None, problems, good: good_keys },
        _ => Parsed { options: None, problems: vec![first], good: good_keys },
    }
}

/// Parses `value` and builds the stage with `build`, or returns every problem: those of the
/// keys, and then those the stage's own checks find in the keys that were written and read
/// well. (A misspelt `path` leaves `paths` at its default, which is not the user's mistake; a
/// check across keys may still speak of a bad key's default.)
fn check_and_build<O: StageOptions, S, E: Into<Vec<OptionError>>>(
    value: serde_json::Value,
    ctx: &BuildContext<'_>,
    build: fn(O, &BuildContext<'_>) -> Result<S, E>,
) -> Result<S, Vec<OptionError>> {
    let Parsed { options, mut problems, good } = parse_options::<O>(value);
    let Some(options) = options else { return Err(problems) };
    let read_well = |key: &str| good.iter().any(|g| g == key.split(['[', '.']).next().unwrap_or(key));
    match build(options, ctx) {
        Ok(stage) if problems.is_empty() => Ok(stage),
        Ok(_) => Err(problems),
        Err(more) if problems.is_empty() => Err(more.into()),
        Err(more) => {
            problems.extend(more.into().into_iter().filter(|e| e.key.as_deref().is_some_and(read_well)));
            Err(problems)
        }
    }
}

/// `value` with each key that holds one string or number where the options want a list
/// (`paths: seeds`, `formats: jsonl`) given it as a list of one, as YAML users write it.
fn lists_for_single_values<O: StageOptions>(mut value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    let Some(object) = value.as_object_mut() else { return value };
    for (key, v) in object.iter_mut() {
        if !(v.is_string() || v.is_number()) {
            continue;
        }
        let alone = |v: Value| Value::Object([(key.clone(), v)].into_iter().collect());
        // As a list of one, a bad value is then reported for what it is (`formats: xlsx`:
        // "unknown variant `xlsx`" at `formats[0]`, not "expected a list").
        if deserialize::<O>(alone(v.clone())).is_err_and(|e| e.message.ends_with(EXPECTED_LIST)) {
            *v = Value::Array(vec![v.take()]);
        }
    }
    value
}

const EXPECTED_LIST: &str = "expected a list such as [a, b]";

/// serde's message in the words of a config's reader: "expected usize" is "expected a whole
/// number, 0 or more", "expected a boolean" (after a `yes`) "expected true or false".
fn plain_message(message: String) -> String {
    const NAMES: [(&str, &str); 11] = [
        // YAML 1.2 reads `yes`, `no`, `on` and `off` as strings.
        ("expected a boolean", "expected true or false"),
        ("expected u8", "expected a whole number from 0 to 255"),
        ("expected u16", "expected a whole number from 0 to 65535"),
        ("expected u32", "expected a whole number, 0 or more"),
        ("expected u64", "expected a whole number, 0 or more"),
        ("expected usize", "expected a whole number, 0 or more"),
        ("expected i32", "expected a whole number"),
        ("expected i64", "expected a whole number"),
        ("expected f32", "expected a number"),
        ("expected f64", "expected a number"),
        ("expected a sequence", EXPECTED_LIST),
    ];
    for (serde, plain) in NAMES {
        if let Some(rest) = message.strip_suffix(serde) {
            return format!("{rest}{plain}");
        }
    }
    message
}

fn deserialize<O: StageOptions>(value: serde_json::Value) -> Result<O, OptionError> {
    serde_path_to_error::deserialize(value).map_err(|err| {
        let path = err.path().to_string();
        let inner = plain_message(err.into_inner().to_string());
        // serde names an unknown key only inside its message: "unknown field `x`, expected ..."
        let key = if path == "." { backticked(&inner) } else { Some(path) };
        OptionError { key, message: inner }
    })
}

fn backticked(message: &str) -> Option<String> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(message[start..start + len].to_string())
}

/// Every option in `O::HELP` order, then any option missing from `HELP`, with an empty help
/// line (`copydesk stages` still lists it, and the workspace's test of that listing fails).
fn option_help<O: StageOptions>() -> Vec<OptionHelp> {
    let defaults = serde_json::to_value(O::default()).unwrap_or_default();
    let mut options: Vec<OptionHelp> = O::HELP
        .iter()
        .map(|(key, help)| OptionHelp {
            key: key.to_string(),
            default: defaults.get(key).cloned().unwrap_or(serde_json::Value::Null),
            help: help.to_string(),
        })
        .collect();
    if let Some(defaults) = defaults.as_object() {
        for (key, default) in defaults {
            if !O::HELP.iter().any(|(k, _)| k == key) {
                options.push(OptionHelp { key: key.clone(), default: default.clone(), help: String::new() });
            }
        }
    }
    options
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Default, Serialize, Deserialize)]
    #[serde(deny_unknown_fields, default)]
    struct Opts {
        threshold: f64,
        names: Vec<String>,
    }
    impl StageOptions for Opts {
        const HELP: &'static [(&'static str, &'static str)] = &[("threshold", "t"), ("names", "n")];
    }

    fn check(value: serde_json::Value) -> Result<Opts, OptionError> {
        match parse_options::<Opts>(value) {
            Parsed { options: Some(options), problems, .. } if problems.is_empty() => Ok(options),
            Parsed { mut problems, .. } => {
                assert_eq!(problems.len(), 1, "{problems:?}");
                Err(problems.remove(0))
            }
        }
    }

    /// An option left out of `HELP` is still listed, with no help line (which the workspace's
    /// test of `copydesk stages` refuses).
    #[test]
    fn an_option_missing_from_help_is_listed_without_help() {
        #[derive(Debug, Default, Serialize, Deserialize)]
        #[serde(deny_unknown_fields, default)]
        struct Half {
            threshold: f64,
            names: Vec<String>,
        }
        impl StageOptions for Half {
            const HELP: &'static [(&'static str, &'static str)] = &[("threshold", "t")];
        }
        let listed: Vec<(String, String)> =
            option_help::<Half>().into_iter().map(|o| (o.key, o.help)).collect();
        assert_eq!(
            listed,
            [("threshold".to_string(), "t".to_string()), ("names".to_string(), String::new())]
        );
        assert_eq!(option_help::<Opts>().len(), 2);
    }

    #[test]
    fn options_errors_name_the_key() {
        let err = check(serde_json::json!({"thresold": 0.5})).unwrap_err();
        assert_eq!(err.key.as_deref(), Some("thresold"));
        assert!(err.message.contains("expected `threshold` or `names`"), "{}", err.message);

        let err = check(serde_json::json!({"threshold": "high"})).unwrap_err();
        assert_eq!(err.key.as_deref(), Some("threshold"));

        let err = check(serde_json::json!({"names": ["a", 3]})).unwrap_err();
        assert_eq!(err.key.as_deref(), Some("names[1]"));
    }

    #[test]
    fn every_bad_key_is_reported() {
        let parsed =
            parse_options::<Opts>(serde_json::json!({"names": true, "thresold": 1, "threshold": "high"}));
        let keys: Vec<&str> = parsed.problems.iter().filter_map(|e| e.key.as_deref()).collect();
        assert_eq!(keys, ["names", "threshold", "thresold"]);
        assert!(parsed.good.is_empty());
        // The good keys are read, so the stage can check them too.
        let parsed = parse_options::<Opts>(serde_json::json!({"names": ["a"], "threshold": "high"}));
        assert_eq!(parsed.options.unwrap().names, ["a"]);
        assert_eq!((parsed.problems.len(), parsed.good), (1, vec!["names".to_string()]));
        assert!(parse_options::<Opts>(serde_json::json!(["not", "a", "mapping"])).options.is_none());
        let parsed = parse_options::<Opts>(serde_json::json!({"names": ["a"], "threshold": 1.5}));
        assert!(parsed.options.is_some() && parsed.problems.is_empty());
    }

    #[test]
    fn one_value_stands_for_a_list_of_one_and_types_are_named_plainly() {
        #[derive(Debug, Default, Serialize, Deserialize)]
        #[serde(deny_unknown_fields, default)]
        struct Counted {
            names: Vec<String>,
            sizes: Vec<u32>,
            label: String,
            count: usize,
        }
        impl StageOptions for Counted {
            const HELP: &'static [(&'static str, &'static str)] =
                &[("names", "n"), ("sizes", "s"), ("label", "l"), ("count", "c")];
        }
        let parsed =
            parse_options::<Counted>(serde_json::json!({"names": "seeds", "sizes": 3, "label": "x"}));
        let options = parsed.options.unwrap();
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        assert_eq!(
            (options.names, options.sizes, options.label),
            (vec!["seeds".to_string()], vec![3], "x".into())
        );
        // Not a value the list's items can be: it is reported as the list's first item.
        let parsed =
            parse_options::<Counted>(serde_json::json!({"sizes": "big", "count": -1, "names": {"a": 1}}));
        let problems: Vec<String> =
            parsed.problems.iter().map(|e| format!("{}: {}", e.key.as_deref().unwrap(), e.message)).collect();
        assert_eq!(
            problems,
            [
                "count: invalid value: integer `-1`, expected a whole number, 0 or more",
                "names: invalid type: map, expected a list such as [a, b]",
                "sizes[0]: invalid type: string \"big\", expected a whole number, 0 or more",
            ]
        );
        // As other stages' checks see them: one value a list of one, every key left out at its
        // default, a bad value at its default; nothing for options that are no mapping.
        assert_eq!(
            read_options::<Counted>(serde_json::json!({"names": "seeds", "count": -1})),
            Some(serde_json::json!({"names": ["seeds"], "sizes": [], "label": "", "count": 0}))
        );
        assert_eq!(read_options::<Counted>(serde_json::json!(["seeds"])), None);
    }

    #[test]
    fn absent_options_mean_defaults() {
        assert_eq!(check(serde_json::Value::Null).unwrap().threshold, 0.0);
        let help = option_help::<Opts>();
        assert_eq!(help[0].key, "threshold");
        assert_eq!(help[0].default, serde_json::json!(0.0));
    }
}
