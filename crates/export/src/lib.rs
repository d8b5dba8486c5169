//! The export stage: the pipeline's sink. Writes every document it receives to
//! `articles.jsonl` (one document a line), `articles.csv` (one row a document) and
//! `mentions.csv` (one row an entity mention), in input order. Files are written to temporary
//! names, synced in `finish`, and renamed into place by the runtime with the run's own files
//! only at the end of a complete run (`Output::on_place`), so an interrupted run never leaves a
//! half-written file and a full disk never half a new output.

mod record;

use std::fs;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use copydesk_core::{BuildContext, Document, OptionError, Output, Registry, Stage, StageError, StageOptions};
use serde::{Deserialize, Serialize};
use tempfile::NamedTempFile;

pub use record::{ARTICLE_COLUMNS, MENTION_COLUMNS, Record};

pub fn register(registry: &mut Registry) {
    registry.add_stage::<ExportOptions, Export, _>(
        "export",
        "writes articles.jsonl, articles.csv and mentions.csv (written atomically at the end of the run)",
        false,
        build,
    );
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ExportOptions {
    pub dir: Option<String>,
    pub formats: Vec<FileFormat>,
    pub include_original: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            dir: None,
            formats: vec![FileFormat::Jsonl, FileFormat::Csv, FileFormat::Mentions],
            include_original: false,
        }
    }
}

impl StageOptions for ExportOptions {
    const HELP: &'static [(&'static str, &'static str)] = &[
        ("dir", "output directory (default: the pipeline's `output:` directory)"),
        ("formats", "any of jsonl (articles.jsonl), csv (articles.csv), mentions (mentions.csv)"),
        ("include_original", "also write the text as read, before normalization, as `original` in the JSONL"),
    ];
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileFormat {
    Jsonl,
    Csv,
    Mentions,
}

impl FileFormat {
    fn file_name(self) -> &'static str {
        match self {
            FileFormat::Jsonl => "articles.jsonl",
            FileFormat::Csv => "articles.csv",
            FileFormat::Mentions => "mentions.csv",
        }
    }
}

fn build(options: ExportOptions, ctx: &BuildContext<'_>) -> Result<Export, OptionError> {
    if options.formats.is_empty() {
        return Err(OptionError::new("formats", "no formats given: nothing would be written"));
    }
    let dir = match &options.dir {
        Some(dir) if dir.trim().is_empty() => return Err(OptionError::new("dir", "must not be empty")),
        Some(dir) => ctx.resolve(dir.as_ref()),
        None => ctx.out_dir.to_path_buf(),
    };
    // Export opens its files when its first document comes, after dedup has held them all:
    // a directory that cannot be one would cost the whole run.
    if options.dir.is_some()
        && let Some(file) = dir.ancestors().find(|a| a.exists()).filter(|a| !a.is_dir())
    {
        return Err(OptionError::new("dir", format!("{} is a file, not a directory", file.display())));
    }
    Ok(Export { options, dir, files: None })
}

pub struct Export {
    options: ExportOptions,
    dir: PathBuf,
    /// Opened on the first document (a factory has no side effects).
    files: Option<Files>,
}

impl Clone for Export {
    fn clone(&self) -> Self {
        Export { options: self.options.clone(), dir: self.dir.clone(), files: None }
    }
}

struct Files {
    jsonl: Option<Target<BufWriter<NamedTempFile>>>,
    csv: Option<Target<csv::Writer<NamedTempFile>>>,
    mentions: Option<Target<csv::Writer<NamedTempFile>>>,
}

struct Target<W> {
    path: PathBuf,
    writer: W,
}

impl Export {
    fn open(&self) -> Result<Files, StageError> {
        fs::create_dir_all(&self.dir).map_err(|e| {
            StageError::new(format!("cannot create output directory {}: {e}", self.dir.display()))
        })?;
        self.remove_stale_temporaries();
        let temp = |format: FileFormat| -> Result<Option<(PathBuf, NamedTempFile)>, StageError> {
            if !self.options.formats.contains(&format) {
                return Ok(None);
            }
            let path = self.dir.join(format.file_name());
            let prefix = format!(".{}.", format.file_name());
            let mut builder = tempfile::Builder::new();
            builder.prefix(&prefix);
            // tempfile's default mode is owner-only; exports are ordinary files (umask applies).
            #[cfg(unix)]
            builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
            let file = builder
                .tempfile_in(&self.dir)
                .map_err(|e| StageError::new(format!("cannot write {}: {e}", path.display())))?;
            Ok(Some((path, file)))
        };
        let csv_target = |target: Option<(PathBuf, NamedTempFile)>, header: &[&str]| {
            target
                .map(|(path, file)| {
                    let mut writer = csv::Writer::from_writer(file);
                    writer.write_record(header).map_err(|e| write_error(&path, e))?;
                    Ok::<_, StageError>(Target { path, writer })
                })
                .transpose()
        };
        Ok(Files {
            jsonl: temp(FileFormat::Jsonl)?
                .map(|(path, file)| Target { path, writer: BufWriter::with_capacity(1 << 20, file) }),
            csv: csv_target(temp(FileFormat::Csv)?, ARTICLE_COLUMNS)?,
            mentions: csv_target(temp(FileFormat::Mentions)?, MENTION_COLUMNS)?,
        })
    }
}

impl Export {
    /// Removes the temporary files (`.articles.jsonl.XXXXXX`) a killed or aborted run left in
    /// the directory: hidden, they would otherwise pile up unseen (70 MB a run on 5,000 texts).
    /// The run holds the directory's lock from its start (`copydesk_runtime`'s `lock_output`,
    /// which locks an export's `dir:` too), so no other run is writing them.
    fn remove_stale_temporaries(&self) {
        let Ok(entries) = fs::read_dir(&self.dir) else { return };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let ours = self.options.formats.iter().any(|f| {
                name.strip_prefix(&format!(".{}.", f.file_name())).is_some_and(|rest| rest.len() == 6)
            });
            if !ours {
                continue;
            }
            let path = entry.path();
            match fs::remove_file(&path) {
                Ok(()) => {
                    tracing::info!(path = %path.display(), "removed a temporary file a stopped run left")
                }
                Err(e) => tracing::warn!(path = %path.display(), "cannot remove a stale temporary file: {e}"),
            }
        }
    }
}

impl Stage for Export {
    fn process(&mut self, doc: Document, out: &mut Output) -> Result<(), StageError> {
        if self.files.is_none() {
            self.files = Some(self.open()?);
        }
        let Some(files) = self.files.as_mut() else { unreachable!() };
        // Every entity's offsets slice its text out of the document's: a stage after `tag` that
        // changed the text would otherwise export positions that point elsewhere.
        let stale = doc.entities.iter().find(|e| doc.text.get(e.start..e.end) != Some(e.text.as_str()));
        if let Some(e) = stale {
            let reason = format!(
                "entity `{}` at bytes {}..{} no longer matches the text there: a stage after `tag` changed the text",
                e.text, e.start, e.end
            );
            out.reject(doc, reason);
            return Ok(());
        }
        let record = Record::new(&doc, self.options.include_original);
        if let Some(t) = &mut files.jsonl {
            serde_json::to_writer(&mut t.writer, &record).map_err(|e| write_error(&t.path, e))?;
            t.writer.write_all(b"\n").map_err(|e| write_error(&t.path, e))?;
        }
        if let Some(t) = &mut files.csv {
            t.writer
                .write_record(record.article_row().iter().map(|f| f.as_bytes()))
                .map_err(|e| write_error(&t.path, e))?;
        }
        if let Some(t) = &mut files.mentions {
            record
                .for_each_mention_row(|row| t.writer.write_record(row))
                .map_err(|e| write_error(&t.path, e))?;
        }
        out.emit(doc);
        Ok(())
    }

    fn finish(&mut self, out: &mut Output) -> Result<(), StageError> {
        // A run with no documents still writes (empty) files, so out/ never shows stale ones.
        let files = match self.files.take() {
            Some(files) => files,
            None => self.open()?,
        };
        // Every file complete and synced under its temporary name first; the runtime renames
        // them with the run's own files once all are written (a full disk then fails the run
        // with the last run's output whole).
        let mut complete = Vec::new();
        if let Some(t) = files.jsonl {
            complete.push((t.writer.into_inner().map_err(|e| write_error(&t.path, e.error()))?, t.path));
        }
        for t in [files.csv, files.mentions].into_iter().flatten() {
            complete.push((t.writer.into_inner().map_err(|e| write_error(&t.path, e.error()))?, t.path));
        }
        for (file, path) in complete {
            file.as_file().sync_data().map_err(|e| write_error(&path, e))?;
            out.wrote(&path);
            out.on_place(move || file.persist(&path).map(drop).map_err(|e| write_error(&path, e.error)));
        }
        Ok(())
    }
}

fn write_error(path: &std::path::Path, err: impl std::fmt::Display) -> StageError {
    StageError::new(format!("cannot write {}: {err}", path.display()))
}
