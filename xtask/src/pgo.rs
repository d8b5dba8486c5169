//! `cargo xtask pgo`: profile-guided optimisation. Builds copydesk with counters in every branch
//! (`-Cprofile-generate`), runs the default pipeline on the real news (Reuters-21578, BBC, AG
//! News) with the statistical tagger and again gazetteer-only, runs the tag stage's benchmark
//! (`bench_tag`, the program `cargo xtask bench tag` times) the same two ways on the Reuters
//! texts, and merges the counts into `xtask/pgo/copydesk.profdata`. (The benchmark needs counts
//! of its own: an example of the tag crate compiles that crate apart from the copydesk binary,
//! with other features of its dependencies, so its functions have other symbols and the
//! binary's counts do not reach them. Without counts of its own it ran the tag crate as
//! unprofiled, about 9% slower than with them.) xtask's release builds (`cargo xtask pipeline`,
//! `bench`, `eval-ner` …) compile with that profile (`-Cprofile-use`), so the compiler lays out
//! and inlines the hot paths by how the pipeline really runs; the output is the same byte for
//! byte.
//!
//! The profile is committed: users need neither the news nor LLVM's tools. Making it needs
//! `llvm-profdata` of LLVM 19 or later (`$LLVM_PROFDATA`, rustup's `llvm-tools` component, or
//! Debian's `llvm-19` package). Code changed since the profile was made is compiled as without
//! one, so a profile goes stale slowly; run this again after changes to hot code.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::bench_pipeline::{Variant, config};
use crate::corpus;

const USAGE: &str = "usage: cargo xtask pgo\n  \
    profiles the default pipeline, and the tag stage's benchmark (bench_tag), on the real news in \
    ../shared/data and writes xtask/pgo/copydesk.profdata (needs llvm-profdata of LLVM 19 or later: set LLVM_PROFDATA, or \
    `rustup component add llvm-tools`, or `apt-get install llvm-19`)";

pub fn run(args: &[String]) -> Result<()> {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return Ok(());
    }
    if let Some(other) = args.first() {
        bail!("unknown argument `{other}`\n{USAGE}");
    }
    let merge = llvm_profdata()?;
    let inputs: Vec<PathBuf> = corpus::write_all(&crate::target_dir().join("bench/corpus"))?
        .into_iter()
        .map(|(path, _)| path)
        .collect();
    let work = crate::target_dir().join("pgo-generate");
    let raw = work.join("raw");
    eprintln!("building copydesk and bench_tag with counters (release builds of their own: a few minutes)…");
    let build_with_counters = |target: &[&str]| {
        let mut build = crate::cargo();
        build.args(["build", "--release", "--quiet"]).args(target).env("CARGO_TARGET_DIR", &work);
        crate::with_rustflag(&mut build, &format!("-Cprofile-generate={}", raw.display()));
        crate::status(build)
    };
    build_with_counters(&["--package", "copydesk"])?;
    let binary = work.join("release/copydesk");
    // The tag stage's benchmark, built on its own as `cargo xtask bench tag` builds it (built
    // with copydesk in one command, features unified across both would change the binary's
    // symbols too).
    build_with_counters(&["--package", "copydesk-tag", "--example", "bench_tag"])?;
    let bench_tag = work.join("release/examples/bench_tag");
    // Only the runs' counts: the build's scripts, built with counters too, wrote theirs here.
    if raw.exists() {
        std::fs::remove_dir_all(&raw).with_context(|| format!("cannot clear {}", raw.display()))?;
    }
    std::fs::create_dir_all(&raw)?;

    for (name, variant) in [("default", Variant::Default), ("gazetteer-only", Variant::GazetteerOnly)] {
        let config_path = work.join(format!("{name}.yaml"));
        std::fs::write(&config_path, config(&inputs, variant)?)?;
        let started = std::time::Instant::now();
        let mut run = Command::new(&binary);
        run.arg("run").arg("--quiet").arg(&config_path).arg("--output").arg(work.join(format!("out-{name}")));
        crate::status(run)?;
        eprintln!("profiled the {name} pipeline on the real news: {:.1} s", started.elapsed().as_secs_f64());
    }

    // The tag stage alone, in the modes `cargo xtask bench tag` times: the model on two threads,
    // and gazetteer-only on one (one round each; the bench runs three, and the model on one
    // thread as well; the JSON each prints is only checked). Each run must leave counts (a new
    // file, or the program's file of the run before written again): a program that cannot
    // write them only warns on its standard error, which a good run's JSON hides.
    let newest_profile = || -> Result<Option<std::time::SystemTime>> {
        let mut newest = None;
        for path in profiles_in(&raw)? {
            newest = newest.max(Some(std::fs::metadata(&path)?.modified()?));
        }
        Ok(newest)
    };
    let reuters = inputs.iter().find(|p| p.ends_with("reuters.jsonl")).context("no Reuters texts written")?;
    for (threads, options) in [("2", None), ("1", Some(r#"{"model": false}"#))] {
        let started = std::time::Instant::now();
        let mut run = Command::new(&bench_tag);
        run.arg(reuters).args([threads, "1"]);
        if let Some(options) = options {
            run.env("BENCH_TAG_OPTIONS", options);
        }
        let before = newest_profile()?;
        crate::json_output(run)?;
        if newest_profile()? <= before {
            bail!("{} wrote no counts into {}", bench_tag.display(), raw.display());
        }
        let mode = if options.is_some() { "gazetteer-only" } else { "default" };
        eprintln!(
            "profiled the {mode} tag stage on the Reuters texts: {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }

    let profiles = profiles_in(&raw)?;
    if profiles.is_empty() {
        bail!("the profiled runs wrote no counts into {}", raw.display());
    }
    let out = crate::pgo_profile();
    std::fs::create_dir_all(out.parent().expect("a file in xtask/pgo"))?;
    // Written beside the profile and renamed over it: a failed merge leaves the old one whole.
    let partial = out.with_extension("profdata.partial");
    let mut run = Command::new(&merge);
    run.arg("merge").arg("--sparse").arg("-o").arg(&partial).args(&profiles);
    if let Err(err) = crate::status(run) {
        let _ = std::fs::remove_file(&partial);
        return Err(err.context(format!(
            "{} could not merge the counts: it must not be older than the LLVM of this rustc \
             (`rustc -vV`)",
            merge.display()
        )));
    }
    std::fs::rename(&partial, &out)?;
    let size = std::fs::metadata(&out)?.len();
    println!(
        "wrote {} ({:.1} MB); `cargo xtask bench` now measures the build it optimises \
         (COPYDESK_PGO=0: the same without it)",
        out.display(),
        size as f64 / 1e6
    );
    Ok(())
}

/// The raw profiles (`.profraw`) the runs wrote into `dir`.
fn profiles_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let paths =
        std::fs::read_dir(dir)?.map(|entry| entry.map(|e| e.path())).collect::<std::io::Result<Vec<_>>>()?;
    Ok(paths.into_iter().filter(|path| path.extension().is_some_and(|e| e == "profraw")).collect())
}

/// `llvm-profdata` of LLVM 19 or later (older ones cannot read the counts of today's rustc):
/// `$LLVM_PROFDATA`, else rustup's `llvm-tools` of the toolchain that builds, else Debian's LLVM
/// packages (newest first), else the one on the `PATH`. Checked before the long build and runs.
fn llvm_profdata() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("LLVM_PROFDATA") {
        let path = PathBuf::from(path);
        return match llvm_version(&path) {
            Some(version) if version >= 19 => Ok(path),
            Some(version) => bail!("LLVM_PROFDATA={} is of LLVM {version}\n{USAGE}", path.display()),
            None => bail!("LLVM_PROFDATA={} says no LLVM version (`--version`)\n{USAGE}", path.display()),
        };
    }
    let mut candidates = Vec::new();
    if let Some(sysroot) = crate::rustc_output(&["--print", "sysroot"]) {
        let host = crate::rustc_output(&["--print", "host-tuple"]).unwrap_or_default();
        candidates.push(Path::new(&sysroot).join("lib/rustlib").join(host).join("bin/llvm-profdata"));
    }
    for version in (19..=30).rev() {
        candidates.push(PathBuf::from(format!("/usr/lib/llvm-{version}/bin/llvm-profdata")));
    }
    candidates.push(PathBuf::from("llvm-profdata"));
    candidates
        .into_iter()
        .find(|path| llvm_version(path).is_some_and(|version| version >= 19))
        .with_context(|| format!("no llvm-profdata of LLVM 19 or later found\n{USAGE}"))
}

/// The LLVM major version `tool --version` reports, if it runs and says.
fn llvm_version(tool: &Path) -> Option<u32> {
    let output = Command::new(tool).arg("--version").output().ok()?;
    llvm_major(&String::from_utf8_lossy(&output.stdout))
}

/// The major version in a tool's `--version` text ("Debian LLVM version 19.1.7").
fn llvm_major(text: &str) -> Option<u32> {
    let (_, after) = text.split_once("LLVM version ")?;
    after.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_llvm_major_version_is_read_from_version_text() {
        assert_eq!(llvm_major("Debian LLVM version 19.1.7\n  Optimized build.\n"), Some(19));
        assert_eq!(
            llvm_major("LLVM (http://llvm.org/):\n  LLVM version 22.1.2-rust-1.95.0-stable\n"),
            Some(22)
        );
        // LLVM 14's llvm-profdata has no --version: what it prints is no version.
        assert_eq!(llvm_major("llvm-profdata: Unknown command!\n"), None);
    }
}
