//! `cargo xtask fuzz`: coverage-guided fuzzing of the stages (the targets in `fuzz/`, run by
//! cargo-fuzz and libFuzzer), each target's corpus first seeded from the sample articles in
//! `seeds/`, so that the fuzzer starts from news rather than from nothing.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, anyhow, bail};

/// The targets of `fuzz/Cargo.toml`.
const TARGETS: [&str; 3] = ["documents", "ingest", "dedup"];

/// The longest input the fuzzer makes (libFuzzer's `-max_len`): news articles fit, and so does
/// every seed (libFuzzer would cut a longer one).
const MAX_LEN: usize = 16384;

const USAGE: &str = "usage: cargo xtask fuzz [documents | ingest | dedup]… [--seconds N]";

pub fn run(root: &Path, args: &[String]) -> Result<()> {
    let mut targets = Vec::new();
    let mut seconds = 120u64;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seconds" => {
                let n = args.next().with_context(|| format!("--seconds needs a number\n{USAGE}"))?;
                seconds =
                    n.parse().ok().filter(|&s| s > 0).ok_or_else(|| {
                        anyhow!("--seconds {n}: not a whole number of seconds over 0\n{USAGE}")
                    })?;
            }
            t if TARGETS.contains(&t) => targets.push(t),
            other => bail!("unknown target or option `{other}`\n{USAGE}"),
        }
    }
    if targets.is_empty() {
        targets = TARGETS.to_vec();
    }
    // cargo-fuzz runs cargo itself: the toolchain it uses is the one `cargo` on the path picks,
    // not the one that runs xtask.
    let fuzz = || {
        let mut command = Command::new("cargo");
        command.env_remove("CARGO").env_remove("RUSTUP_TOOLCHAIN").current_dir(root);
        command
    };
    let found = fuzz().args(["fuzz", "--version"]).output().is_ok_and(|o| o.status.success());
    if !found {
        bail!(
            "`cargo fuzz` is not installed: fuzzing is optional, not part of the two commands; \
             `cargo install cargo-fuzz` installs it"
        );
    }
    for target in targets {
        let corpus = root.join("fuzz/corpus").join(target);
        let seeded = seed(root, target, &corpus)?;
        if seeded > 0 {
            println!("seeded {} with {seeded} inputs from seeds/", corpus.display());
        }
        println!("fuzzing `{target}` for {seconds} s");
        let artifacts = root.join("fuzz/artifacts").join(target);
        let failures = || artifacts.read_dir().map_or(0, |entries| entries.count());
        let before = failures();
        let status = fuzz()
            .args(["fuzz", "run", "--fuzz-dir", "fuzz", "--sanitizer", "none", target])
            .arg(&corpus)
            .arg("--")
            .arg(format!("-max_len={MAX_LEN}"))
            .args(["-timeout=30", "-print_final_stats=1"])
            .arg(format!("-max_total_time={seconds}"))
            .status()
            .context("cannot start `cargo fuzz`")?;
        if !status.success() {
            if failures() > before {
                bail!(
                    "`{target}` failed on an input, kept in {}: `cargo fuzz run --fuzz-dir fuzz \
                     --sanitizer none {target} FILE` runs it again",
                    artifacts.display()
                );
            }
            bail!("`cargo fuzz` failed ({status}): see above");
        }
    }
    Ok(())
}

/// Seed `corpus` for `target` from the sample articles, unless it has inputs already; how many
/// it wrote.
fn seed(root: &Path, target: &str, corpus: &Path) -> Result<usize> {
    if corpus.read_dir().is_ok_and(|mut entries| entries.next().is_some()) {
        return Ok(0);
    }
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join("seeds"))
        .context("reading seeds/")?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    paths.sort();
    let articles: Vec<Vec<u8>> = paths.iter().map(std::fs::read).collect::<Result<_, _>>()?;
    // Each target reads its first byte as a mode (see its file in fuzz/fuzz_targets/).
    let with_mode = |mode: &[u8], bytes: &[u8]| [mode, bytes].concat();
    let inputs: Vec<Vec<u8>> = match target {
        "documents" => articles.iter().flat_map(|a| (0..4).map(|mode| with_mode(&[mode], a))).collect(),
        "ingest" => {
            let lines: Vec<u8> = articles
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    serde_json::json!({"id": i, "text": String::from_utf8_lossy(a)}).to_string() + "\n"
                })
                .collect::<String>()
                .into_bytes();
            // After the mode, how much of a compressed file to keep: 255, all of it. JSON
            // lines plain, gzip'd, and with invalid UTF-8 rejected; an article zstd'd; and
            // each article as text.
            let mut inputs = vec![
                with_mode(&[0, 255], &lines),
                with_mode(&[2, 255], &lines),
                with_mode(&[4, 255], &lines),
                with_mode(&[3, 255], &articles[0]),
            ];
            inputs.extend(articles.iter().map(|a| with_mode(&[1, 255], a)));
            inputs
        }
        _ => {
            // Three articles, two of them the same story as two outlets printed it (the seeds'
            // 002 and 004, when there are five), an exact copy of the first ("#0") and its
            // first half (a shorter copy, which containment finds).
            let mut parts: Vec<Vec<u8>> = articles.iter().step_by(2).cloned().collect();
            parts.push(b"#0".to_vec());
            parts.push(articles[0][..articles[0].len() / 2].to_vec());
            vec![parts.join(&b'|')]
        }
    };
    if let Some(long) = inputs.iter().find(|input| input.len() > MAX_LEN) {
        bail!("a seed of `{target}` is {} bytes, over the fuzzer's {MAX_LEN}", long.len());
    }
    std::fs::create_dir_all(corpus)?;
    for (i, input) in inputs.iter().enumerate() {
        std::fs::write(corpus.join(format!("seed-{i}")), input)?;
    }
    Ok(inputs.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_target_is_seeded_from_the_sample_articles_once() {
        // (`seed` refuses a seed over `MAX_LEN`, which libFuzzer would cut: the unwraps check it.)
        let root = crate::root();
        let dir = crate::target_dir().join(format!("fuzz-seed-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let articles = std::fs::read_dir(root.join("seeds")).unwrap().count();
        let read = |target: &str| -> Vec<Vec<u8>> {
            let mut files: Vec<PathBuf> =
                std::fs::read_dir(dir.join(target)).unwrap().map(|e| e.unwrap().path()).collect();
            files.sort();
            files.iter().map(|f| std::fs::read(f).unwrap()).collect()
        };
        // Every article in each of the four modes.
        assert_eq!(seed(&root, "documents", &dir.join("documents")).unwrap(), 4 * articles);
        let documents = read("documents");
        assert!(documents.iter().all(|d| d[0] < 4 && d.len() > 1000), "a mode byte, then an article");
        // JSON lines plain, gzip'd and with invalid UTF-8 rejected (modes 0, 2, 4), an
        // article zstd'd (3), then each article as text (1); compressed files kept whole.
        assert_eq!(seed(&root, "ingest", &dir.join("ingest")).unwrap(), 4 + articles);
        let ingest = read("ingest");
        let modes: Vec<u8> = ingest.iter().map(|d| d[0]).collect();
        assert_eq!(modes.iter().filter(|&&m| m == 1).count(), articles, "{modes:?}");
        assert!([0, 2, 3, 4].iter().all(|m| modes.contains(m)), "{modes:?}");
        assert!(ingest.iter().all(|d| d[1] == 255));
        let lines = String::from_utf8(ingest.iter().find(|d| d[0] == 0).unwrap()[2..].to_vec()).unwrap();
        assert_eq!(lines.lines().count(), articles);
        assert!(
            lines.lines().all(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["text"].is_string())
        );
        // One input of every other article, an exact copy and a half article: `|`-separated.
        assert_eq!(seed(&root, "dedup", &dir.join("dedup")).unwrap(), 1);
        let dedup = read("dedup");
        assert_eq!(dedup[0].split(|&b| b == b'|').count(), articles.div_ceil(2) + 2);
        // A corpus with inputs already is left as it is.
        assert_eq!(seed(&root, "documents", &dir.join("documents")).unwrap(), 0);
        assert_eq!(read("documents"), documents);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
