//! The copydesk command line: `run`, `validate` and `stages`. This is the only place that
//! installs a tracing subscriber, handles Ctrl-C and draws progress.

mod commands;
mod stages;

use std::io::{IsTerminal, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use clap::{Parser, Subcommand};
use copydesk_core::Role;
use copydesk_runtime::{MAX_WORKERS, OnError, Overrides, RunControl, RunError};

/// Documents are allocated on one stage's thread and freed on another's. The C library's
/// allocator takes the owning arena's lock for most such frees; jemalloc gathers them in its
/// thread caches and returns them in batches, which saves 5-12% of the pipeline's wall time
/// on the bench news (docs/performance.md, "The allocator").
#[cfg(all(feature = "jemalloc", not(target_env = "msvc")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, read before `main`: memory freed is handed back to the system once it
/// has been unused for a second instead of ten (checked as the allocator is used; there is no
/// background thread). Peak memory is then no higher than with the C library's allocator (its
/// default keeps a run's freed pages ten seconds: 15% more). `_RJEM_MALLOC_CONF` in the
/// environment is read after this and overrides it. (Were `tikv-jemalloc-sys` ever built
/// unprefixed, the symbol would be `malloc_conf` and this setting silently unread.)
#[cfg(all(feature = "jemalloc", not(target_env = "msvc")))]
#[unsafe(export_name = "_rjem_malloc_conf")]
static JEMALLOC_OPTIONS: &[u8; 20] = b"dirty_decay_ms:1000\0";

#[derive(Parser)]
#[command(
    name = "copydesk",
    version,
    about = "Turns raw news articles into clean, tagged, deduplicated data"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a pipeline: ingest → … → export, as pipeline.yaml says
    Run {
        /// The pipeline config
        #[arg(default_value = "pipeline.yaml")]
        config: PathBuf,
        /// Write reports, rejects and exports here instead of the config's `output:`
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Read these files, directories or globs instead of the source's `paths` (it takes
        /// every path that follows it: give the config before it)
        #[arg(long, short, num_args = 1.., value_name = "PATH")]
        input: Vec<PathBuf>,
        /// No progress bar and no summary table
        #[arg(long, short)]
        quiet: bool,
    },
    /// Check a pipeline config and print every problem found
    Validate {
        #[arg(default_value = "pipeline.yaml")]
        config: PathBuf,
        /// Check it with this output directory, as `run --output` would run it
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Check it with these inputs, as `run --input` would run it (give the config before it)
        #[arg(long, short, num_args = 1.., value_name = "PATH")]
        input: Vec<PathBuf>,
    },
    /// Write the default pipeline config (reading `input/`), to edit or to run with --input
    Init {
        /// The file to write; an existing one is not replaced
        #[arg(default_value = "pipeline.yaml")]
        config: PathBuf,
    },
    /// List every stage type with its options and defaults
    Stages {
        /// As JSON
        #[arg(long)]
        json: bool,
    },
    /// Tag a CoNLL column file: every token line is written back with a predicted IOB tag appended
    TagConll {
        /// The CoNLL file (`-` for standard input)
        file: PathBuf,
        /// Write here instead of stdout
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Without the statistical model: the tag stage's gazetteer-only mode (`model: false`)
        #[arg(long)]
        no_model: bool,
    },
    /// The top entities of a run, with mention and document counts
    Entities {
        /// An exported articles.jsonl (or the output directory holding it)
        #[arg(default_value = "out/articles.jsonl")]
        file: PathBuf,
        /// How many entities to list (0: all of them)
        #[arg(long, default_value_t = 25)]
        top: usize,
        /// Only this type
        #[arg(long = "type", value_parser = ["PERSON", "ORG", "GPE", "LOC", "NORP", "DATE"], ignore_case = true)]
        kind: Option<String>,
        /// One JSON object a line (type, canonical, entity_id, mentions, documents, spellings
        /// with their counts), in the table's order, instead of the table
        #[arg(long)]
        json: bool,
        /// Leave out the articles dedup marked duplicates, so a story reprinted ten times counts
        /// once (mentions and documents are otherwise counted in every copy)
        #[arg(long)]
        no_duplicates: bool,
        /// Only the articles published on or after this date (YYYY-MM-DD); undated ones are left out
        #[arg(long, value_name = "DATE", value_parser = commands::entities::iso_date)]
        from: Option<String>,
        /// Only the articles published on or before this date (YYYY-MM-DD); undated ones are left out
        #[arg(long, value_name = "DATE", value_parser = commands::entities::iso_date)]
        to: Option<String>,
    },
    /// Why two documents are duplicates: their scores and the passages they share
    ExplainDup {
        a: String,
        b: String,
        /// An exported articles.jsonl (or the output directory holding it)
        #[arg(default_value = "out")]
        output: PathBuf,
        /// Words a shingle [default: the run's dedup `shingle_size`, as its report.json records it, else 4]
        #[arg(
            long,
            value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=copydesk_dedup::MAX_SHINGLE_SIZE as u64),
        )]
        shingle_size: Option<usize>,
        /// An earlier run's output (or its articles.jsonl), where an article of that run that
        /// this run's dedup found in its index (`index_in`) is read; give several to look in each
        #[arg(long, value_name = "OUTPUT")]
        earlier: Vec<PathBuf>,
    },
}

/// Writes to standard error and ignores a closed one: a log reader that goes away (`2>&1 |
/// head`, a log shipper that dies) must not fail a run or lose its output. `eprint!` panics
/// then.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

/// [`say!`] with a line break.
macro_rules! sayln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// The log's writer: standard error, a closed one ignored as by [`say!`] (the log's own
/// writer would report its failure on standard error, and that report panics).
struct LogWriter;

impl std::io::Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let _ = std::io::stderr().write_all(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let _ = std::io::stderr().flush();
        Ok(())
    }
}

fn main() -> ExitCode {
    let matches = <Cli as clap::CommandFactory>::command().get_matches();
    let cli = <Cli as clap::FromArgMatches>::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    // Whether `run` or `validate` was given no config (see `config_after_input`).
    let config_defaulted = matches.subcommand().is_some_and(|(_, m)| {
        m.try_get_raw("config").is_ok()
            && m.value_source("config") == Some(clap::parser::ValueSource::DefaultValue)
    });
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(|| LogWriter)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    if matches!(
        cli.command,
        Command::Validate { .. }
            | Command::Stages { .. }
            | Command::Entities { .. }
            | Command::ExplainDup { .. }
            | Command::TagConll { .. }
    ) {
        end_quietly_on_a_closed_pipe();
    }
    match cli.command {
        Command::Run { config, output, input, quiet } => {
            let overrides = Overrides { output: output.as_deref(), inputs: &input };
            config_after_input("run", config_defaulted, overrides)
                .unwrap_or_else(|| run(&config, overrides, quiet))
        }
        Command::Validate { config, output, input } => {
            let overrides = Overrides { output: output.as_deref(), inputs: &input };
            config_after_input("validate", config_defaulted, overrides)
                .unwrap_or_else(|| validate(&config, overrides))
        }
        Command::Init { config } => report(commands::init::run(&config)),
        Command::Stages { json } => list_stages(json),
        Command::TagConll { file, output, no_model } => {
            report(commands::tag_conll::run(&file, output.as_deref(), !no_model))
        }
        Command::Entities { file, top, kind, json, no_duplicates, from, to } => {
            let published = commands::entities::Published { from: from.as_deref(), to: to.as_deref() };
            report(commands::entities::run(&file, top, kind.as_deref(), json, no_duplicates, published))
        }
        Command::ExplainDup { a, b, output, shingle_size, earlier } => {
            report(commands::explain_dup::run(&a, &b, &output, shingle_size, &earlier))
        }
    }
}

/// The inspection commands print to standard output; piped into `head`, they end quietly when
/// the reader goes away, as Unix tools do, instead of panicking in `println!`. (Rust ignores
/// SIGPIPE; this restores the default. Not for `run`, which must clean up when stopped, nor
/// `tag-conll`, which reports a closed output itself.)
fn end_quietly_on_a_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to its default, before any other thread runs.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Exit status of a command that returns an error message.
fn report(result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            sayln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// `--input` takes every path after it, a config written after it too, which would then be
/// read as an input and the default config used instead: said, with the command's exit code,
/// when no config was given before it and an input is named like one.
fn config_after_input(command: &str, config_defaulted: bool, overrides: Overrides<'_>) -> Option<ExitCode> {
    let yaml = |p: &&PathBuf| {
        p.extension().is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
    };
    let yaml = overrides.inputs.iter().find(yaml).filter(|_| config_defaulted)?;
    sayln!(
        "error: `{}` is given as an --input, which takes every path after it: give the config before \
         --input (`copydesk {command} {} --input …`)",
        yaml.display(),
        yaml.display()
    );
    Some(ExitCode::from(2))
}

fn run(config: &Path, overrides: Overrides<'_>, quiet: bool) -> ExitCode {
    let registry = stages::registry();
    let control = Arc::new(RunControl::default());
    let handler_control = control.clone();
    // When the first stop was asked for: a second signal within `SAME_REQUEST` is the same
    // request, not the user's second Ctrl-C (`timeout -s INT` and supervisors signal the process
    // and then its group, two signals microseconds apart).
    const SAME_REQUEST: Duration = Duration::from_millis(500);
    let mut first_signal: Option<std::time::Instant> = None;
    // Held while a stop is asked for and said, and while the end of the run looks whether one
    // was: "stopping" comes before what the run says of it.
    static STOP_SAID: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let installed = ctrlc::set_handler(move || {
        if first_signal.is_some_and(|at| at.elapsed() < SAME_REQUEST) {
            return;
        }
        let _said = STOP_SAID.lock().unwrap_or_else(|e| e.into_inner());
        first_signal.get_or_insert_with(std::time::Instant::now);
        if handler_control.quit.swap(true, Ordering::SeqCst) {
            // A second Ctrl-C: the user wants out now. The output files being written are
            // temporary ones, never renamed into place; the last run's output stands. Unless
            // they are being renamed into place: an exit then would leave the directory half
            // old, half new, so it waits the moment that takes.
            let waited = handler_control.placing_output();
            if waited {
                sayln!("the output is being put in place; exiting once it is whole");
            }
            if !handler_control.exit_when_placed(Duration::from_secs(60)) {
                sayln!("aborted after a minute of waiting: the output directory may hold files of two runs");
            } else if waited {
                sayln!(
                    "aborted: the output directory holds one run's files (this run's, if it got that far)"
                );
            } else {
                sayln!(
                    "aborted: the last run's output is untouched; hidden temporary files of this run \
                     (.articles.jsonl.* and the like) may remain in the output directory"
                );
            }
            std::process::exit(130);
        }
        sayln!("\nstopping: finishing the documents in flight (a second Ctrl-C or TERM aborts)");
    });
    if let Err(err) = installed {
        tracing::warn!("cannot install the Ctrl-C handler: {err}");
    }
    let progress = (!quiet && std::io::stderr().is_terminal()).then(|| spawn_progress(control.clone()));
    let started = std::time::Instant::now();
    let result = copydesk_runtime::run_pipeline(config, overrides, &registry, &control);
    if let Some((bar, handle)) = progress {
        bar.finish_and_clear();
        let _ = handle.join();
    }
    match result {
        Ok(report) => {
            if !quiet {
                say_table(&report);
            }
            // A Ctrl-C that came once every document was through stopped nothing: say so, since
            // "stopping" was said.
            if control.quit.load(Ordering::SeqCst) {
                // After the handler's own line: it holds the lock while it says it.
                let _said = STOP_SAID.lock().unwrap_or_else(|e| e.into_inner());
                sayln!(
                    "the stop came after every document was through: the run completed and its output is in place"
                );
            }
            // Its warning said why: a run whose output holds no document for its rejects.
            if report.totals.exported_nothing() { ExitCode::from(3) } else { ExitCode::SUCCESS }
        }
        Err(RunError::Config(message)) => {
            say!("error: {message}");
            if let Some(hint) = missing_config_hint(config) {
                sayln!("{hint}");
            }
            ExitCode::from(2)
        }
        Err(err) => {
            // The output is in place, and only what a stage left for after it failed: the
            // run's table first, as for a run that succeeded.
            if let (RunError::AfterOutput { report, .. }, false) = (&err, quiet) {
                say_table(report);
            }
            sayln!("error: {err}");
            if let Some(how_far) = err.how_far(control.read.load(Ordering::Relaxed), started.elapsed()) {
                sayln!("{how_far}");
            }
            if matches!(err, RunError::Interrupted) { ExitCode::from(130) } else { ExitCode::FAILURE }
        }
    }
}

/// A run's table, and where it wrote.
fn say_table(report: &copydesk_runtime::Report) {
    say!("{}", report.table());
    sayln!("wrote {}", report.output);
}

/// A spinner with counts, redrawn a few times a second; only on a terminal.
fn spawn_progress(control: Arc<RunControl>) -> (indicatif::ProgressBar, std::thread::JoinHandle<()>) {
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    let shown = bar.clone();
    let handle = std::thread::spawn(move || {
        while !shown.is_finished() {
            let read = control.read.load(Ordering::Relaxed);
            let exported = control.exported.load(Ordering::Relaxed);
            let mut message = format!("read {read} documents, {exported} through the pipeline");
            if let Some(stage) = control.finishing() {
                message.push_str(&format!("; `{stage}` doing its end-of-stream work"));
            } else if exported == 0 && read > 0 {
                // Dedup holds every document until the input ends: the run is not stuck.
                message.push_str(" (none yet: a stage such as dedup may hold them until the input ends)");
            }
            shown.set_message(message);
            shown.tick();
            std::thread::sleep(Duration::from_millis(120));
        }
    });
    (bar, handle)
}

fn validate(config: &Path, overrides: Overrides<'_>) -> ExitCode {
    let registry = stages::registry();
    printed(|out| match copydesk_runtime::load_plan(config, &registry, overrides) {
        Ok(plan) => {
            let chain: Vec<String> = plan
                .stages
                .iter()
                .map(|s| {
                    let times = if s.workers > 1 { format!(" ×{}", s.workers) } else { String::new() };
                    // A stage named after its type (as one without an `id` is) shows the name once.
                    if *s.id == *s.kind {
                        format!("{}{times}", s.id)
                    } else {
                        format!("{} ({}{times})", s.id, s.kind)
                    }
                })
                .collect();
            writeln!(out, "{}: ok: {}", config.display(), chain.join(" → "))?;
            for warning in plan.warnings() {
                writeln!(out, "{}: warning: {warning}", config.display())?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(err) => {
            write!(out, "{err}")?;
            if let Some(hint) = missing_config_hint(config) {
                writeln!(out, "{hint}")?;
            }
            Ok(ExitCode::from(2))
        }
    })
}

/// For a config that is not there: how to have one.
fn missing_config_hint(config: &Path) -> Option<String> {
    let missing = matches!(config.symlink_metadata(), Err(e) if e.kind() == std::io::ErrorKind::NotFound);
    let init = if config == Path::new("pipeline.yaml") {
        "copydesk init".to_string()
    } else {
        format!("copydesk init {}", config.display())
    };
    missing.then(|| format!("  (`{init}` writes the default pipeline there; or name another config)"))
}

/// Runs `print` on standard output and flushes it; a failed write (a full device) is reported
/// as an error, and the command fails.
fn printed(print: impl FnOnce(&mut commands::Output) -> std::io::Result<ExitCode>) -> ExitCode {
    let mut out = commands::Output::stdout();
    match print(&mut out).and_then(|code| out.flush().map(|()| code)) {
        Ok(code) => code,
        Err(err) => {
            sayln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn list_stages(json: bool) -> ExitCode {
    let registry = stages::registry();
    printed(|out| {
        if json {
            let list: Vec<serde_json::Value> = registry
                .types()
                .map(|t| {
                    // The keys every stage takes beside its options, as this type takes them.
                    let (workers, on_error) = if t.parallel {
                        (format!("threads for this stage (parallel-safe: 1 to {MAX_WORKERS})"), &OnError::ALL[..])
                    } else {
                        ("threads for this stage: 1 only (not parallel-safe)".to_string(), &OnError::ALL[..1])
                    };
                    let on_error: Vec<&str> = on_error.iter().map(|v| v.name()).collect();
                    serde_json::json!({
                        "type": t.name,
                        "summary": t.summary,
                        "role": match t.role { Role::Source => "source", Role::Transform => "stage" },
                        "parallel": t.parallel,
                        "options": t.options(),
                        "stage_keys": [
                            {"key": "id", "default": t.name,
                             "help": "the stage's name in messages and the report; give one when the type is used twice"},
                            {"key": "workers", "default": 1, "help": workers},
                            {"key": "on_error", "default": OnError::Stop.name(), "values": on_error,
                             "help": "stop: a document the stage fails on stops the run; reject (parallel-safe \
                                      stages only): it is rejected with the error as its reason, and the run goes on"},
                        ],
                    })
                })
                .collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&list).unwrap_or_default())?;
            return Ok(ExitCode::SUCCESS);
        }
        for t in registry.types() {
            let role = match t.role {
                Role::Source => "source",
                Role::Transform if t.parallel => "stage, parallel-safe (workers: N)",
                Role::Transform => "stage, one worker",
            };
            writeln!(out, "{} — {}\n  ({role})", t.name, t.summary)?;
            // Columns as wide as the type's longest key and default (up to a limit), so the help
            // lines start together; a longer default (normalize's `drop_lines`) has its line to
            // itself, and its help goes on the next line, in the help column.
            const MAX_DEFAULT: usize = 28;
            let options = t.options();
            let defaults: Vec<String> = options.iter().map(|o| o.default.to_string()).collect();
            let key_width = options.iter().map(|o| o.key.chars().count()).max().unwrap_or(0);
            let fits = |d: &&String| d.chars().count() <= MAX_DEFAULT;
            let default_width = defaults.iter().filter(fits).map(|d| d.chars().count()).max().unwrap_or(0);
            for (option, default) in options.iter().zip(&defaults) {
                if fits(&default) {
                    writeln!(
                        out,
                        "  {:<key_width$} default {default:<default_width$}  {}",
                        option.key, option.help
                    )?;
                } else {
                    writeln!(out, "  {:<key_width$} default {default}", option.key)?;
                    writeln!(out, "  {:key_width$}         {:default_width$}  {}", "", "", option.help)?;
                }
            }
            writeln!(out)?;
        }
        writeln!(
            out,
            "Every stage takes `type`, `id` (its name in messages and the report; the type's name when left out,\n\
             so a type used twice needs one), `workers` (default 1; more only on a parallel-safe one) and `on_error`\n\
             (`stop`, the default: a document the stage fails on stops the run; `reject`, on a parallel-safe one\n\
             only: that document is rejected with the error as its reason, and the run goes on)."
        )?;
        Ok(ExitCode::SUCCESS)
    })
}
