//! copydesk's developer commands, run as `cargo xtask <command>`. They shell out to cargo and to
//! the copydesk binary rather than linking the stages (rust-analyzer's xtask pattern).

mod bench;
mod bench_compare;
mod bench_dedup;
mod bench_options;
mod bench_pipeline;
mod bench_tag;
mod corpus;
mod disk;
mod enlarge;
mod eval_dedup;
mod fuzz;
mod ner;
mod new_stage;
mod pgo;
mod python;
mod review;

use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, Result, bail};

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  pipeline [--config FILE] [copydesk run options…]
                      build copydesk in release mode and run the pipeline (default pipeline.yaml);
                      the options of `copydesk run` go on to it (-o DIR, -q: `copydesk run --help`)
  new-stage NAME      create crates/NAME: a stage crate registered in the binary, with a snapshot test
  review [--accept | --reject]
                      show pending snapshot changes (*.snap.new) as diffs; accept or reject them all
  fuzz [documents | ingest | dedup]… [--seconds N]
                      coverage-guided fuzzing of the stages (fuzz/; needs `cargo install cargo-fuzz`),
                      each target 120 s by default, its corpus seeded from seeds/

commands that read the development data in ../shared/data (not part of the repository):
  corpus [--out DIR] [--enlarged MB]
                      convert the Reuters-21578, BBC and AG News texts to JSONL (default target/corpus/);
                      --enlarged: also the bench's enlarged corpus of that size
  train-ner [--lists] [--clusters]
                      train the tagger's statistical model from CoNLL-2003 and write it into the repo
                      (--lists, --clusters: first rebuild its name lists or word clusters)
  eval-ner [--no-model] [FILE…]
                      precision, recall and F1 per type of the tagger on CoNLL files
                      (--no-model: the gazetteer-only mode)
  eval-dedup FILE     adjusted Rand index and pairwise precision/recall of dedup on a labelled JSONL file
  bench [--quick]     the whole pipeline on real and enlarged news (1×, 2×, 4×, 1 GB; 1 vs 2 tag workers):
                      about 8 minutes and 7.8 GB of free disk (10.2 GB the first time; checked
                      first); --quick about a minute
  bench (tag | dedup) [--quick]
                      one stage's benchmark; all write to target/bench/
  bench micro         Criterion micro-benchmarks of the hot paths (on seeds/; needs no data)
  bench compare --keep NAME
                      build the working tree's release binary and keep a copy as NAME
  bench compare OLD [NEW] [--rounds N] [--gazetteer-only | --model-only] [--enlarged MB]
                      two binaries (kept names or paths; NEW defaults to the working tree's
                      build) on the bench news (or the bench's enlarged corpus of MB) in turn,
                      7 rounds by default: median times, rounds won, same output or not
  bench options [--rounds N]
                      the default pipeline on the bench news with each set of the options that
                      trade output for speed, in turn (9 rounds by default, about 3 minutes):
                      MB/s, processor time and peak RSS of each; target/bench/options.json
  pgo                 profile the pipeline on the real news and write xtask/pgo/copydesk.profdata, the
                      profile xtask's release builds are optimised with (needs llvm-profdata)
";

fn main() {
    if let Err(err) = run() {
        eprintln!("error: {err:#}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        print!("{USAGE}");
        return Ok(());
    };
    if let Some(help) = rest.iter().any(|a| a == "--help" || a == "-h").then(|| help_for(command)).flatten() {
        print!("{help}");
        return Ok(());
    }
    match command.as_str() {
        "pipeline" => pipeline(rest),
        "new-stage" => match rest {
            [name] => new_stage::create(&root(), name),
            _ => bail!("usage: cargo xtask new-stage NAME"),
        },
        "review" => review::run(&root(), rest),
        "fuzz" => fuzz::run(&root(), rest),
        "corpus" => corpus_command(rest),
        "train-ner" => ner::train(rest),
        "eval-ner" => ner::eval(rest),
        "eval-dedup" => eval_dedup::run(rest).map(|_| ()),
        "bench" => bench::run(rest),
        "pgo" => pgo::run(rest),
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(())
        }
        other => bail!("unknown command `{other}`\n\n{USAGE}"),
    }
}

/// `cargo xtask COMMAND --help`: the usage's entries for `command` (`bench` has several), or
/// `None` for a command the usage does not list.
fn help_for(command: &str) -> Option<String> {
    let mut help = String::new();
    let mut in_entry = false;
    for line in USAGE.lines() {
        // An entry opens with two spaces and the command; its further lines are indented more.
        if let Some(entry) = line.strip_prefix("  ").filter(|rest| !rest.starts_with(' ')) {
            in_entry = entry.split_whitespace().next() == Some(command);
        } else if !line.starts_with("   ") {
            in_entry = false;
        }
        if in_entry {
            help.push_str(line);
            help.push('\n');
        }
    }
    (!help.is_empty()).then(|| format!("cargo xtask {command}:\n{help}"))
}

/// The workspace root (xtask lives one level below it): of the checkout `cargo xtask` was typed
/// in, which cargo names at run time. The path compiled in is only a fallback: two checkouts
/// sharing a `CARGO_TARGET_DIR` share one `xtask` binary, built in either of them.
pub fn root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    manifest_dir.parent().expect("xtask sits inside the workspace").to_path_buf()
}

/// Cargo's target directory for this workspace, where `cargo build` puts the binaries: `target/`
/// unless `CARGO_TARGET_DIR` or a cargo config says otherwise (asked of `cargo metadata`).
pub fn target_dir() -> PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let asked = cargo()
            .args(["metadata", "--format-version", "1", "--no-deps"])
            .current_dir(root())
            .output()
            .ok()
            .filter(|output| output.status.success())
            .and_then(|output| serde_json::from_slice::<serde_json::Value>(&output.stdout).ok())
            .and_then(|metadata| metadata["target_directory"].as_str().map(PathBuf::from));
        asked.unwrap_or_else(|| root().join("target"))
    })
    .clone()
}

/// The committed profile of copydesk's hot paths that release builds are optimised with
/// (profile-guided optimisation; `cargo xtask pgo` writes it).
pub fn pgo_profile() -> PathBuf {
    root().join("xtask/pgo/copydesk.profdata")
}

/// Whether xtask's release builds use the profile: it is there and is an indexed LLVM profile,
/// and `COPYDESK_PGO=0` does not turn it off (to measure a plain build against it). Decided once
/// per command, so the build, the binary's path and the bench's record all agree.
pub fn uses_pgo() -> bool {
    static USES: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *USES.get_or_init(|| {
        std::env::var_os("COPYDESK_PGO").is_none_or(|v| v != "0") && is_indexed_profile(&pgo_profile())
    })
}

/// Whether `path` begins as an indexed LLVM profile does (its magic number).
fn is_indexed_profile(path: &std::path::Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 8];
    std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut head)).is_ok() && head == *b"\xfflprofi\x81"
}

/// Where xtask's release builds go: `target/pgo/` when they use the profile, so that they and a
/// plain `cargo build --release` (other compiler flags) do not rebuild each other's files.
fn release_dir() -> PathBuf {
    if uses_pgo() { target_dir().join("pgo/release") } else { target_dir().join("release") }
}

/// `cargo build --release` as xtask builds the binaries it runs: with the profile when
/// [`uses_pgo`] (the rest of the command's arguments are the caller's).
pub fn release_build() -> Command {
    let mut build = cargo();
    build.args(["build", "--release", "--quiet"]);
    if uses_pgo() {
        let flag = format!("-Cprofile-use={}", pgo_profile().display());
        build.env("CARGO_TARGET_DIR", target_dir().join("pgo"));
        with_rustflag(&mut build, &flag);
    }
    build
}

/// Runs a release build; one with the profile that fails says how to build without it (a
/// compiler whose LLVM is older than the profile's cannot read it). LLVM warns once for every
/// function whose code has changed since the profile was made (and builds it without its
/// counts); those warnings become one note, so that a user's first `cargo xtask pipeline` is
/// not a page of them, and the developer who changed the code still learns to make it again.
fn release_status(mut build: Command) -> Result<()> {
    use std::io::{BufRead, IsTerminal, Write};
    if !uses_pgo() {
        return status(build);
    }
    build.current_dir(root()).stderr(std::process::Stdio::piped());
    // Cargo colours what it prints only to a terminal, and its stderr is now a pipe.
    if std::io::stderr().is_terminal() && std::env::var_os("CARGO_TERM_COLOR").is_none() {
        build.env("CARGO_TERM_COLOR", "always");
    }
    let shown = format!("{build:?}");
    let mut child = build.spawn().with_context(|| format!("cannot start {shown}"))?;
    let stderr = child.stderr.take().context("the build's stderr")?;
    let mut stale = ProfileWarnings::default();
    let mut read_error = None;
    for line in std::io::BufReader::new(stderr).split(b'\n') {
        match line {
            Ok(line) => {
                if let Some(line) = stale.pass(&String::from_utf8_lossy(&line)) {
                    // A closed stderr (`cargo xtask bench 2>&1 | head`) is no reason to stop.
                    let _ = writeln!(std::io::stderr().lock(), "{line}");
                }
            }
            Err(err) => {
                read_error = Some(err);
                let _ = child.kill();
                break;
            }
        }
    }
    let status = child.wait().with_context(|| format!("cannot wait for {shown}"))?;
    if let Some(err) = read_error {
        return Err(err).with_context(|| format!("cannot read the output of {shown}"));
    }
    if stale.functions > 0 {
        eprintln!(
            "note: {} function(s) changed since the profile {} was made and were built without their counts; \
             `cargo xtask pgo` makes it again",
            stale.functions,
            pgo_profile().display()
        );
    }
    if !status.success() {
        bail!(
            "{shown} failed ({status})\nthe release build used the profile {} (COPYDESK_PGO=0 builds without it)",
            pgo_profile().display()
        );
    }
    Ok(())
}

/// Counts LLVM's warnings that a function no longer matches the profile, each a line and the
/// blank line after it, and passes every other line of a build's stderr through.
#[derive(Default)]
struct ProfileWarnings {
    functions: usize,
    after_one: bool,
}

impl ProfileWarnings {
    fn pass<'a>(&mut self, line: &'a str) -> Option<&'a str> {
        let after_one = std::mem::take(&mut self.after_one);
        if line.contains("function control flow change detected (hash mismatch)") {
            self.functions += 1;
            self.after_one = true;
            return None;
        }
        (!(after_one && is_blank(line))).then_some(line)
    }
}

/// Whether a line is empty but for white space and terminal colour codes (`ESC [ … m`).
fn is_blank(line: &str) -> bool {
    let mut rest = line;
    while let Some(at) = rest.find('\x1b') {
        if !rest[..at].trim().is_empty() {
            return false;
        }
        rest = rest[at..].find('m').map_or("", |m| &rest[at + m + 1..]);
    }
    rest.trim().is_empty()
}

/// Adds a compiler flag to those the environment asks for (`CARGO_ENCODED_RUSTFLAGS`, else
/// `RUSTFLAGS`), as the encoded form, which keeps a path with spaces whole.
pub fn with_rustflag(command: &mut Command, flag: &str) {
    let encoded = std::env::var("CARGO_ENCODED_RUSTFLAGS").ok();
    let plain = std::env::var("RUSTFLAGS").ok();
    command.env("CARGO_ENCODED_RUSTFLAGS", rustflags_with(encoded, plain, flag)).env_remove("RUSTFLAGS");
}

/// The encoded flags (separated by 0x1f) of `encoded`, else of `plain` (separated by spaces),
/// and `flag`, as cargo reads `CARGO_ENCODED_RUSTFLAGS`.
fn rustflags_with(encoded: Option<String>, plain: Option<String>, flag: &str) -> String {
    let mut flags: Vec<String> = match (encoded, plain) {
        (Some(encoded), _) => encoded.split('\x1f').filter(|f| !f.is_empty()).map(String::from).collect(),
        (None, plain) => plain.unwrap_or_default().split_whitespace().map(String::from).collect(),
    };
    flags.push(flag.to_string());
    flags.join("\x1f")
}

/// The release build of the `copydesk` binary (see [`build_release_binary`]).
pub fn release_binary() -> PathBuf {
    release_dir().join("copydesk")
}

/// Builds the `copydesk` binary in release mode (with the profile, [`release_build`]) and
/// returns its path.
pub fn build_release_binary() -> Result<PathBuf> {
    let mut build = release_build();
    build.args(["--package", "copydesk"]);
    release_status(build)?;
    Ok(release_binary())
}

/// What `command` printed on stdout, trimmed, if it started and succeeded.
pub fn stdout_of(mut command: Command) -> Option<String> {
    let output = command.output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// What rustc (`$RUSTC`, else `rustc`) prints for `args`, if it runs and succeeds.
pub fn rustc_output(args: &[&str]) -> Option<String> {
    let mut rustc = Command::new(std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into()));
    rustc.args(args);
    stdout_of(rustc)
}

pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Runs a command in the workspace root, failing if it fails.
pub fn status(mut command: Command) -> Result<()> {
    command.current_dir(root());
    succeed(command)
}

/// Runs a command where it is set to run, failing if it fails.
fn succeed(mut command: Command) -> Result<()> {
    let shown = format!("{command:?}");
    let status = command.status().with_context(|| format!("cannot start {shown}"))?;
    if !status.success() {
        bail!("{shown} failed ({status})");
    }
    Ok(())
}

/// Builds `example` of `package` with the release profile (on its own, so its features are the
/// package's, not the workspace's union) and returns a command that runs it.
pub fn release_example(package: &str, example: &str) -> Result<Command> {
    let mut build = release_build();
    build.args(["-p", package, "--example", example]);
    release_status(build)?;
    Ok(Command::new(release_dir().join("examples").join(example)))
}

/// Runs a benchmark program that prints one JSON object on stdout, and parses it.
pub fn json_output(mut command: Command) -> Result<serde_json::Value> {
    let shown = format!("{command:?}");
    let output = command.output().with_context(|| format!("cannot start {shown}"))?;
    if !output.status.success() {
        // The end of what it said: Python programs (the peers) log a great deal before failing.
        let stderr = String::from_utf8_lossy(&output.stderr);
        let lines: Vec<&str> = stderr.lines().collect();
        bail!("{shown} failed: {}", lines[lines.len().saturating_sub(12)..].join("\n"));
    }
    serde_json::from_slice(&output.stdout).with_context(|| format!("{shown} printed no JSON object"))
}

fn pipeline(args: &[String]) -> Result<()> {
    // The default config is the workspace's; a config given is found from where the command
    // was typed, and the run starts there too, so `-o DIR` means what it means to `copydesk run`.
    const USAGE: &str = "usage: cargo xtask pipeline [CONFIG | --config CONFIG] [-o DIR] [-i PATH…] [-q]";
    let mut config = root().join("pipeline.yaml");
    let mut given = false;
    let mut passthrough = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        // `--config=x.yaml`; `--output=DIR` and `-oDIR` go on as they are.
        if let Some(file) = arg.strip_prefix("--config=") {
            if given {
                bail!("one config only\n{USAGE}");
            }
            (config, given) = (PathBuf::from(file), true);
            continue;
        }
        if arg.starts_with("--output=")
            || arg.starts_with("-o") && arg.len() > 2
            || arg.starts_with("--input=")
        {
            passthrough.push(arg.clone());
            continue;
        }
        match arg.as_str() {
            "--config" | "-c" if given => bail!("one config only\n{USAGE}"),
            "--config" | "-c" => {
                config =
                    PathBuf::from(args.next().with_context(|| format!("--config needs a file\n{USAGE}"))?);
                given = true;
            }
            "-o" | "--output" => {
                passthrough.push(arg.clone());
                passthrough
                    .push(args.next().with_context(|| format!("{arg} needs a directory\n{USAGE}"))?.clone());
            }
            // Every path after it, as `copydesk run` takes them.
            "-i" | "--input" => {
                passthrough.push(arg.clone());
                let mut paths = args.clone().take_while(|a| !a.starts_with('-')).peekable();
                if paths.peek().is_none() {
                    bail!("{arg} needs a path\n{USAGE}");
                }
                for path in paths {
                    passthrough.push(path.clone());
                    args.next();
                }
            }
            "-q" | "--quiet" | "-h" | "--help" => passthrough.push(arg.clone()),
            // `cargo xtask pipeline other.yaml`, as `copydesk run other.yaml`.
            other if !other.starts_with('-') && !given => {
                config = PathBuf::from(other);
                given = true;
            }
            other => bail!("unknown argument `{other}`\n{USAGE}"),
        }
    }
    // The first build takes a few minutes: say so rather than sit silent.
    if !release_binary().exists() {
        eprintln!("building the release binary (the first time takes a few minutes)…");
    }
    let binary = build_release_binary()?;
    let mut run = Command::new(&binary);
    run.arg("run").arg(&config).args(&passthrough);
    // Where the binary is, to run it again without cargo's build check.
    if !passthrough.iter().any(|a| a == "-q" || a == "--quiet") {
        eprintln!("{} run {} {}", binary.display(), config.display(), passthrough.join(" "));
    }
    // The run replaces this process: Ctrl-C and SIGTERM reach copydesk itself (a waiting xtask
    // died at the first one and left copydesk running), and its exit code (2 an invalid config,
    // 130 stopped, 1 failed) is the command's.
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let err = run.exec();
        Err(err).with_context(|| format!("cannot start {}", binary.display()))
    }
    #[cfg(not(unix))]
    {
        let status = run.status().with_context(|| format!("cannot start {}", binary.display()))?;
        std::process::exit(status.code().unwrap_or(1));
    }
}

fn corpus_command(args: &[String]) -> Result<()> {
    const USAGE: &str = "usage: cargo xtask corpus [--out DIR] [--enlarged MB]";
    let (mut out, mut enlarged) = (root().join("target/corpus"), None);
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let Some(value) = args.next() else { bail!("{USAGE}") };
        match flag.as_str() {
            "--out" => out = PathBuf::from(value),
            "--enlarged" => match value.parse::<u64>() {
                Ok(mb) if mb > 0 => enlarged = Some(mb),
                _ => bail!("--enlarged takes a size in MB, not `{value}`\n{USAGE}"),
            },
            _ => bail!("{USAGE}"),
        }
    }
    let mut all = Vec::new();
    for (path, articles) in corpus::write_all(&out)? {
        let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
        println!("{}: {} articles, {:.1} MB of text", path.display(), articles.len(), bytes as f64 / 1e6);
        all.extend(articles);
    }
    if let Some(mb) = enlarged {
        // The bench's enlarged corpus of that size, byte for byte.
        let path = out.join(enlarge::file_name(mb));
        let (docs, bytes) = enlarge::write(&path, &all, mb * 1_000_000, enlarge::BENCH_SEED)?;
        println!("{}: {docs} articles, {:.1} MB of text", path.display(), bytes as f64 / 1e6);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_commands_help_is_its_entries_in_the_usage() {
        let bench = help_for("bench").unwrap();
        for entry in
            ["bench [--quick]", "bench micro", "bench compare --keep NAME", "bench options [--rounds N]"]
        {
            assert!(bench.contains(entry), "{entry} missing from\n{bench}");
        }
        // Continuation lines come with their entry; other commands' entries do not.
        assert!(bench.contains("7 rounds by default"), "{bench}");
        assert!(!bench.contains("pgo") && !bench.contains("eval-dedup"), "{bench}");
        let review = help_for("review").unwrap();
        assert!(review.contains("--accept | --reject") && review.contains("show pending snapshot changes"));
        assert!(!review.contains("commands that read"), "{review}");
        assert_eq!(help_for("nonsense"), None);
    }

    #[test]
    fn a_flag_joins_the_flags_the_environment_asks_for() {
        let flag = "-Cprofile-use=/a dir/copydesk.profdata";
        assert_eq!(rustflags_with(None, None, flag), flag);
        assert_eq!(
            rustflags_with(None, Some(" -Ctarget-cpu=native  -g ".into()), flag),
            format!("-Ctarget-cpu=native\x1f-g\x1f{flag}")
        );
        // The encoded form wins over RUSTFLAGS, as it does for cargo.
        assert_eq!(
            rustflags_with(Some("-Ca=1 b\x1f-g".into()), Some("-Cignored".into()), flag),
            format!("-Ca=1 b\x1f-g\x1f{flag}")
        );
    }

    #[test]
    fn profile_mismatch_warnings_become_a_count() {
        // Abridged from what rustc 1.95 printed for 2a5c1dc's normalize against the profile made
        // before it (the symbols and hashes cut short).
        let stderr = "warning: copydesk_normalize.b4a9-cgu.0: function control flow change detected (hash mismatch) _ZN4fold17h4dbE Hash = 732\n\
                      \n\
                      warning: copydesk_normalize.b4a9-cgu.3: function control flow change detected (hash mismatch) _ZN5build17he97E Hash = 87 up to 16 count discarded\n\
                      \n\
                      error[E0425]: cannot find value `x` in this scope\n\
                      \n\
                      warning: unused variable: `y`\n\
                      \x1b[1m\x1b[33mwarning\x1b[0m\x1b[1m: copydesk_normalize.b4a9-cgu.0: function control flow change detected (hash mismatch) _ZN4fold17h9ddE Hash = 576\x1b[0m\n\
                      \x1b[0m \n\
                      \x1b[1mdone\x1b[0m";
        let mut warnings = ProfileWarnings::default();
        let kept: Vec<&str> = stderr.lines().filter_map(|line| warnings.pass(line)).collect();
        assert_eq!(warnings.functions, 3);
        // Every other line stays, blank lines not after a mismatch among them; with
        // `CARGO_TERM_COLOR=always` the same, colour codes and all.
        assert_eq!(
            kept,
            [
                "error[E0425]: cannot find value `x` in this scope",
                "",
                "warning: unused variable: `y`",
                "\x1b[1mdone\x1b[0m"
            ]
        );
        assert!(is_blank("\x1b[0m \x1b[1m\x1b[0m") && is_blank("") && !is_blank("\x1b[1mx\x1b[0m"));
    }

    #[test]
    fn the_committed_profile_is_an_indexed_llvm_profile() {
        // xtask's release builds use it only if it is one: a damaged or missing file would make
        // them quietly plain.
        assert!(
            is_indexed_profile(&pgo_profile()),
            "{} is not an indexed LLVM profile",
            pgo_profile().display()
        );
        assert!(!is_indexed_profile(&root().join("Cargo.toml")));
    }
}
