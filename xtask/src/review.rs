//! `cargo xtask review`: pending snapshot changes as diffs, for machines without cargo-insta.
//! insta writes a failed snapshot assertion's new value beside the old as `*.snap.new`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use similar::{ChangeTag, TextDiff};

pub fn run(root: &Path, args: &[String]) -> Result<()> {
    // Read through a pager or `head` that is quit early: a closed pipe ends the listing quietly.
    // (Accepting and rejecting go on past it: their lines are only a record.)
    match review(root, args) {
        Err(err)
            if err
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            Ok(())
        }
        other => other,
    }
}

fn review(root: &Path, args: &[String]) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let action = match args {
        [] => Action::Show,
        [a] if a == "--accept" => Action::Accept,
        [a] if a == "--reject" => Action::Reject,
        _ => bail!("usage: cargo xtask review [--accept | --reject]"),
    };
    let mut pending = Vec::new();
    find(root, &mut pending)?;
    pending.sort();
    if pending.is_empty() {
        writeln!(out, "no pending snapshot changes")?;
        return Ok(());
    }
    let color = std::io::stdout().is_terminal();
    for new in &pending {
        let old = new.with_extension(""); // x.snap.new -> x.snap
        let shown = old.strip_prefix(root).unwrap_or(&old).display().to_string();
        match action {
            Action::Show => {
                let before = std::fs::read_to_string(&old).unwrap_or_default();
                let after =
                    std::fs::read_to_string(new).with_context(|| format!("cannot read {}", new.display()))?;
                writeln!(out, "{}", header(&shown, before.is_empty(), color))?;
                if body(&before) == body(&after) {
                    writeln!(out, "  (same content; only insta's metadata differs)")?;
                } else {
                    write!(out, "{}", diff(body(&before), body(&after), color))?;
                }
            }
            Action::Accept => {
                // As insta saves an accepted snapshot: without the header's `assertion_line`,
                // which `.snap.new` carries for review only (else each accept adds it, and a
                // moved assertion changes every snapshot of its test).
                let text =
                    std::fs::read_to_string(new).with_context(|| format!("cannot read {}", new.display()))?;
                if let Some(kept) = for_persistence(&text) {
                    std::fs::write(new, kept).with_context(|| format!("cannot accept {shown}"))?;
                }
                std::fs::rename(new, &old).with_context(|| format!("cannot accept {shown}"))?;
                let _ = writeln!(out, "accepted {shown}");
            }
            Action::Reject => {
                std::fs::remove_file(new).with_context(|| format!("cannot reject {shown}"))?;
                let _ = writeln!(out, "rejected {shown}");
            }
        }
    }
    if action == Action::Show {
        writeln!(
            out,
            "\n{} pending snapshot change(s). Read every diff; then `cargo xtask review --accept` or --reject \
             (or `cargo insta review` to decide one by one).",
            pending.len()
        )?;
    }
    Ok(())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Action {
    Show,
    Accept,
    Reject,
}

fn find(dir: &Path, found: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if entry.file_type()?.is_dir() {
            if name != "target" && !name.starts_with('.') {
                find(&path, found)?;
            }
        } else if name.ends_with(".snap.new") {
            found.push(path);
        } else if name.ends_with(".pending-snap") {
            eprintln!("note: {} holds inline snapshot changes; review them with cargo insta", path.display());
        }
    }
    Ok(())
}

/// `snapshot` without the `assertion_line` of its metadata header, as insta saves a `.snap`
/// (`MetaData::trim_for_persistence`); `None` when it has none.
fn for_persistence(snapshot: &str) -> Option<String> {
    let rest = snapshot.strip_prefix("---\n")?;
    let end = rest.find("\n---\n")? + 1;
    let (header, body) = rest.split_at(end);
    let kept: Vec<&str> = header.lines().filter(|l| !l.starts_with("assertion_line:")).collect();
    (kept.len() < header.lines().count()).then(|| format!("---\n{}\n{body}", kept.join("\n")))
}

/// A snapshot file without insta's metadata header.
fn body(snapshot: &str) -> &str {
    let Some(rest) = snapshot.strip_prefix("---\n") else { return snapshot };
    match rest.find("\n---\n") {
        Some(end) => &rest[end + 5..],
        None => snapshot,
    }
}

fn header(name: &str, new: bool, color: bool) -> String {
    let text = if new { format!("━━ {name} (new snapshot)") } else { format!("━━ {name}") };
    if color { format!("\x1b[1m{text}\x1b[0m") } else { text }
}

fn diff(before: &str, after: &str, color: bool) -> String {
    let mut out = String::new();
    let diff = TextDiff::from_lines(before, after);
    for group in diff.grouped_ops(3) {
        for op in group {
            for change in diff.iter_changes(&op) {
                let (sign, on) = match change.tag() {
                    ChangeTag::Delete => ("-", "\x1b[31m"),
                    ChangeTag::Insert => ("+", "\x1b[32m"),
                    ChangeTag::Equal => (" ", ""),
                };
                let line = change.value().trim_end_matches('\n');
                if color && !on.is_empty() {
                    out.push_str(&format!("{on}{sign}{line}\x1b[0m\n"));
                } else {
                    out.push_str(&format!("{sign}{line}\n"));
                }
            }
        }
        out.push_str("  …\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_accepted_snapshot_is_saved_without_its_assertion_line() {
        let new = "---\nsource: a.rs\nassertion_line: 9\nexpression: x\n---\n- a\nassertion_line: 3\n";
        assert_eq!(
            for_persistence(new).as_deref(),
            Some("---\nsource: a.rs\nexpression: x\n---\n- a\nassertion_line: 3\n"),
            "the header's only"
        );
        assert_eq!(for_persistence("---\nsource: a.rs\nexpression: x\n---\n- a\n"), None);
        assert_eq!(for_persistence("no header\n"), None);
    }

    #[test]
    fn diffs_ignore_the_metadata_header() {
        let old = "---\nsource: a.rs\nexpression: x\n---\n- a\n- b\n";
        let new = "---\nsource: a.rs\nassertion_line: 9\nexpression: x\n---\n- a\n- c\n";
        assert_eq!(diff(body(old), body(new), false), " - a\n-- b\n+- c\n  …\n");
    }
}
