//! `copydesk init`: the default pipeline config written out, for a copydesk run away from its
//! repository (whose `pipeline.yaml` reads the sample articles in `seeds/`).

use std::io::Write as _;
use std::path::Path;

use anyhow::Context;

/// The repository's pipeline.yaml, built in.
const DEFAULT: &str = include_str!("../../pipeline.yaml");

/// What `DEFAULT` says of its own input, and what the written config says instead.
const EDITS: [(&str, &str); 2] = [
    (
        "# The default copydesk pipeline: the sample articles in seeds/ to out/.\n",
        "# A copydesk pipeline (`copydesk init` wrote it): the articles in input/ to out/.\n",
    ),
    (
        "    paths: [seeds]\n",
        "    paths: [input]     # files, directories or globs (`copydesk run --input PATH…` reads others)\n",
    ),
];

/// The default config as `init` writes it: reading `input/` beside it instead of `seeds/`.
pub fn config_text() -> String {
    EDITS.iter().fold(DEFAULT.to_string(), |text, (from, to)| text.replacen(from, to, 1))
}

/// Writes [`config_text`] to `path`, which must not exist yet: whole or not at all (written
/// under a hidden name beside it, then linked into place, which fails if a file took the name).
pub fn run(path: &Path) -> anyhow::Result<()> {
    let exists = || {
        anyhow::anyhow!(
            "{} exists: `copydesk init` does not replace a config (name another: `copydesk init other.yaml`)",
            path.display()
        )
    };
    if path.symlink_metadata().is_ok() {
        return Err(exists());
    }
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = folder.join(format!(".{name}.copydesk-init-{}", std::process::id()));
    let written = std::fs::File::create(&temporary)
        .and_then(|mut file| file.write_all(config_text().as_bytes()).and_then(|()| file.sync_all()))
        .and_then(|()| std::fs::hard_link(&temporary, path));
    let _ = std::fs::remove_file(&temporary);
    match written {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(exists()),
        Err(e) => return Err(e).with_context(|| format!("cannot write {}", path.display())),
    }
    let shown = path.display();
    let mut out = super::Output::stdout();
    writeln!(
        out,
        "wrote {shown}: put the articles in input/ beside it, or run `copydesk run {shown} --input PATH…`; \
         `copydesk stages` lists every stage's options"
    )?;
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The edits still find what they change in the repository's pipeline.yaml, and the config
    /// written is that pipeline but for what it reads.
    #[test]
    fn the_written_config_is_the_default_reading_input() {
        for (from, _) in EDITS {
            assert_eq!(
                DEFAULT.matches(from).count(),
                1,
                "pipeline.yaml no longer has {from:?}: update EDITS"
            );
        }
        let parse = |text: &str| copydesk_runtime::parse(text, Path::new("pipeline.yaml")).unwrap();
        let (default, written) = (parse(DEFAULT), parse(&config_text()));
        assert_eq!(written.output, default.output);
        assert_eq!(written.stages.len(), default.stages.len());
        for (w, d) in written.stages.iter().zip(&default.stages) {
            assert_eq!((&w.id, &w.kind, w.workers, w.on_error), (&d.id, &d.kind, d.workers, d.on_error));
            if w.kind == "ingest" {
                assert_eq!(w.options, serde_json::json!({"paths": ["input"]}));
            } else {
                assert_eq!(w.options, d.options);
            }
        }
    }
}
