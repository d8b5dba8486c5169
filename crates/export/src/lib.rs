//! The export stage: the pipeline's sink. Writes every document it receives to
//! `articles.jsonl` (one document a line), `articles.csv` (one row a document) and
//! `mentions.csv` (one row an entity mention), in input order. Files are written to temporary
//! names, synced in `finish`, and renamed into place by the runtime with the run's own files
//! only at the end of a complete run (`Output::on_place`), so an interrupted run never leaves a
//! half-written file and a full disk never half a new output.
//!
//! The two CSV files are written on a thread of the stage's own while its worker writes the
//! JSON lines: behind dedup, which holds every document until the stream ends, export does all
//! its work at the end of a run, alone, and on one thread it would leave the other core idle
//! then. (Without dedup the thread competes with the other stages, for work the worker would
//! otherwise do.)

mod record;
mod writeback;

use std::fs;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::thread::JoinHandle;

use copydesk_core::{BuildContext, Document, OptionError, Output, Registry, Stage, StageError, StageOptions};
use serde::{Deserialize, Serialize};
use tempfile::NamedTempFile;
use writeback::Writeback;

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
    /// Fields of `doc.fields` written as columns of their own after `articles.csv`'s own.
    pub csv_fields: Vec<String>,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            dir: None,
            formats: vec![FileFormat::Jsonl, FileFormat::Csv, FileFormat::Mentions],
            include_original: false,
            csv_fields: Vec::new(),
        }
    }
}

impl StageOptions for ExportOptions {
    const HELP: &'static [(&'static str, &'static str)] = &[
        ("dir", "output directory (default: the pipeline's `output:` directory)"),
        ("formats", "any of jsonl (articles.jsonl), csv (articles.csv), mentions (mentions.csv)"),
        ("include_original", "also write the text as read, before normalization, as `original` in the JSONL"),
        (
            "csv_fields",
            "fields of a document's `fields` (normalize's `agency`, `byline`, a stage's own) written as \
             columns of their own after articles.csv's, in this order; a field a document lacks is empty",
        ),
    ];
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileFormat {
    // (Numbered: each is its file's place in `copydesk_core::EXPORT_FILES`.)
    Jsonl = 0,
    Csv = 1,
    Mentions = 2,
}

impl FileFormat {
    /// Its file: [`copydesk_core::EXPORT_FILES`] at the format's number.
    fn file_name(self) -> &'static str {
        copydesk_core::EXPORT_FILES[self as usize]
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
    let mut seen = std::collections::HashSet::new();
    for (i, name) in options.csv_fields.iter().enumerate() {
        let key = format!("csv_fields[{i}]");
        if name.trim().is_empty() {
            return Err(OptionError::new(key, "must not be empty"));
        }
        if name.trim() != name {
            return Err(OptionError::new(
                key,
                format!("`{name}` has spaces around it: no field is named so"),
            ));
        }
        if ARTICLE_COLUMNS.contains(&name.as_str()) {
            return Err(OptionError::new(
                key,
                format!("`{name}` is one of articles.csv's own columns already"),
            ));
        }
        if !seen.insert(name) {
            return Err(OptionError::new(key, format!("`{name}` is named twice")));
        }
    }
    if !options.csv_fields.is_empty() && !options.formats.contains(&FileFormat::Csv) {
        return Err(OptionError::new(
            "csv_fields",
            "is for articles.csv, which `formats` leaves out: add `csv` to `formats`",
        ));
    }
    // Export opens its files when its first document comes, after dedup has held them all:
    // a directory that cannot be one would cost the whole run.
    if options.dir.is_some()
        && let Some(file) = dir.ancestors().find(|a| a.exists()).filter(|a| !a.is_dir())
    {
        return Err(OptionError::new("dir", format!("{} is a file, not a directory", file.display())));
    }
    Ok(Export { options, dir, files: None })
}

/// A field's `articles.csv` cell: a string as it is, a number or `true`/`false` as JSON writes
/// it, a list or object as its JSON text; empty when the document has no such field (or null).
fn field_cell(value: Option<&serde_json::Value>) -> std::borrow::Cow<'_, str> {
    match value {
        None | Some(serde_json::Value::Null) => "".into(),
        Some(serde_json::Value::String(s)) => s.as_str().into(),
        Some(other) => other.to_string().into(),
    }
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
    jsonl: Option<Target<BufWriter<Writeback>>>,
    /// The CSV files' thread, when either is asked for.
    rows: Option<RowThread>,
}

/// `articles.csv` and `mentions.csv`.
struct Rows {
    csv: Option<Target<csv::Writer<Writeback>>>,
    mentions: Option<Target<csv::Writer<Writeback>>>,
    /// `csv_fields`: written after `articles.csv`'s own columns.
    fields: Vec<String>,
    /// Of `fields`, how many rows had each (for [`Rows::complete`]'s warning), and the rows.
    found: Vec<u64>,
    rows: u64,
}

impl Rows {
    fn write(&mut self, doc: &Document) -> Result<(), StageError> {
        let record = Record::new(doc, false);
        if let Some(t) = &mut self.csv {
            // A cell at a time, `csv_fields`' after the file's own, then the record's end.
            self.rows += 1;
            let extra = self.fields.iter().zip(&mut self.found).map(|(name, found)| {
                let value = doc.fields.get(name);
                *found += u64::from(value.is_some());
                field_cell(value)
            });
            record
                .article_row()
                .into_iter()
                .chain(extra)
                .try_for_each(|cell| t.writer.write_field(cell.as_bytes()))
                .and_then(|()| t.writer.write_record(None::<&[u8]>))
                .map_err(|e| write_error(&t.path, e))?;
        }
        if let Some(t) = &mut self.mentions {
            record
                .for_each_mention_row(|row| t.writer.write_record(row))
                .map_err(|e| write_error(&t.path, e))?;
        }
        Ok(())
    }

    /// Flushes both files and syncs them to disk: ready to be put in place.
    fn complete(self) -> Result<Vec<Written>, StageError> {
        // A field no document has (a misspelling, or the wrong case) would be a silent empty
        // column.
        for (name, _) in self.fields.iter().zip(&self.found).filter(|(_, n)| **n == 0 && self.rows > 0) {
            tracing::warn!(
                "`csv_fields`: none of the {} articles has a `{name}` field, so its column in articles.csv is \
                 empty (a field is named as articles.jsonl's `fields` write it, case and all)",
                self.rows
            );
        }
        [self.csv, self.mentions]
            .into_iter()
            .flatten()
            .map(|t| {
                let file = t.writer.into_inner().map_err(|e| write_error(&t.path, e.error()))?;
                synced(file.into_inner(), t.path)
            })
            .collect()
    }
}

/// A complete output file under its temporary name, and the name it is to take.
type Written = (NamedTempFile, PathBuf);

fn synced(file: NamedTempFile, path: PathBuf) -> Result<Written, StageError> {
    file.as_file().sync_data().map_err(|e| write_error(&path, e))?;
    Ok((file, path))
}

/// What the CSV thread is asked to do.
enum Job {
    Write(Vec<Document>),
    /// No more documents: complete the files.
    Complete,
}

/// Documents go to the CSV thread in batches of this many (or fewer, once their texts hold
/// [`ROW_BATCH_BYTES`]), and come back from it to be passed on once their rows are written.
const ROW_BATCH: usize = 64;
/// Text bytes (a document's text and original) that close a batch short of [`ROW_BATCH`], as
/// the runtime's batches do: what export holds (four batches at most: one filling, two
/// waiting, one being written) does not grow with the documents' size.
const ROW_BATCH_BYTES: usize = 1 << 20;

/// The thread that writes [`Rows`]: it takes batches of documents in input order, writes their
/// rows, and hands each batch back (or the error that stopped it). At most two batches wait
/// for it, so the worker slows to its pace rather than queueing more. At the end it syncs its
/// files while the worker syncs the JSON lines.
struct RowThread {
    to: Option<crossbeam_channel::Sender<Job>>,
    back: crossbeam_channel::Receiver<Result<Vec<Document>, StageError>>,
    thread: Option<JoinHandle<Result<Vec<Written>, StageError>>>,
    batch: Vec<Document>,
    batch_bytes: usize,
}

impl RowThread {
    fn start(mut rows: Rows) -> Result<RowThread, StageError> {
        let (to, jobs) = crossbeam_channel::bounded(2);
        // Unbounded: the thread never waits on the worker to hand a batch back, so dropping
        // the worker's end always lets it finish.
        let (done, back) = crossbeam_channel::unbounded();
        let thread = std::thread::Builder::new()
            .name("export-csv".into())
            .spawn(move || {
                for job in jobs {
                    let docs = match job {
                        Job::Write(docs) => docs,
                        Job::Complete => return rows.complete(),
                    };
                    let written = docs.iter().try_for_each(|doc| rows.write(doc));
                    let failed = written.is_err();
                    if done.send(written.map(|()| docs)).is_err() || failed {
                        break;
                    }
                }
                // Stopped (or failed, which the worker hears of): the files are dropped unused.
                Ok(Vec::new())
            })
            .map_err(|e| StageError::new(format!("cannot start the CSV writer's thread: {e}")))?;
        Ok(RowThread {
            to: Some(to),
            back,
            thread: Some(thread),
            batch: Vec::with_capacity(ROW_BATCH),
            batch_bytes: 0,
        })
    }

    /// Queues `doc` for its rows; passes on the documents whose rows are written.
    fn push(&mut self, doc: Document, out: &mut Output) -> Result<(), StageError> {
        self.batch_bytes += doc.text.len() + doc.original.len();
        self.batch.push(doc);
        if self.batch.len() >= ROW_BATCH || self.batch_bytes >= ROW_BATCH_BYTES {
            self.send(out)?;
        }
        while let Ok(written) = self.back.try_recv() {
            pass_on(written, out)?;
        }
        Ok(())
    }

    fn send(&mut self, out: &mut Output) -> Result<(), StageError> {
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(ROW_BATCH));
        self.batch_bytes = 0;
        self.ask(Job::Write(batch), out)
    }

    fn ask(&mut self, job: Job, out: &mut Output) -> Result<(), StageError> {
        if self.to.as_ref().is_some_and(|to| to.send(job).is_ok()) {
            return Ok(());
        }
        // The thread stopped: on a write error, the last thing it handed back.
        for written in self.back.iter() {
            pass_on(written, out)?;
        }
        self.join()?;
        Err(StageError::new("the CSV writer's thread has stopped"))
    }

    /// Waits for the thread's end; its panic, if it panicked, goes on here with its message.
    fn join(&mut self) -> Result<Vec<Written>, StageError> {
        let thread =
            self.thread.take().ok_or_else(|| StageError::new("the CSV writer's thread has stopped"))?;
        thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    }

    /// Sends the rest and asks for the files to be completed.
    fn complete(&mut self, out: &mut Output) -> Result<(), StageError> {
        if !self.batch.is_empty() {
            self.send(out)?;
        }
        self.ask(Job::Complete, out)?;
        self.to = None;
        Ok(())
    }

    /// Passes every document on, once written, and returns the completed files.
    fn finish(mut self, out: &mut Output) -> Result<Vec<Written>, StageError> {
        for written in self.back.iter() {
            pass_on(written, out)?;
        }
        self.join()
    }
}

/// Passes on a batch the CSV thread has written, or returns the error that stopped it.
fn pass_on(written: Result<Vec<Document>, StageError>, out: &mut Output) -> Result<(), StageError> {
    written?.into_iter().for_each(|doc| out.emit(doc));
    Ok(())
}

impl Drop for RowThread {
    /// A run stopped before `finish`: the thread ends once it has the batches it was sent, and
    /// its temporary files are removed as it drops them.
    fn drop(&mut self) {
        self.to = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
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
            let prefix = copydesk_core::lock::temporary_prefix(format.file_name());
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
                    let mut writer = csv::Writer::from_writer(Writeback::new(file));
                    writer.write_record(header).map_err(|e| write_error(&path, e))?;
                    Ok::<_, StageError>(Target { path, writer })
                })
                .transpose()
        };
        let jsonl = temp(FileFormat::Jsonl)?.map(|(path, file)| Target {
            path,
            writer: BufWriter::with_capacity(1 << 20, Writeback::new(file)),
        });
        let header: Vec<&str> = ARTICLE_COLUMNS
            .iter()
            .copied()
            .chain(self.options.csv_fields.iter().map(String::as_str))
            .collect();
        let rows = Rows {
            csv: csv_target(temp(FileFormat::Csv)?, &header)?,
            mentions: csv_target(temp(FileFormat::Mentions)?, MENTION_COLUMNS)?,
            fields: self.options.csv_fields.clone(),
            found: vec![0; self.options.csv_fields.len()],
            rows: 0,
        };
        let rows =
            if rows.csv.is_some() || rows.mentions.is_some() { Some(RowThread::start(rows)?) } else { None };
        Ok(Files { jsonl, rows })
    }
}

impl Export {
    /// Removes the temporary files (`.articles.jsonl.copydesk-XXXXXX`) a killed or aborted run left in
    /// the directory, of every format (a run since may write fewer): hidden, they would
    /// otherwise pile up unseen (70 MB a run on 5,000 texts). The run holds the directory's lock
    /// from its start (`copydesk_runtime`'s `lock_output`, which locks an export's `dir:` too),
    /// so no other run is writing them.
    fn remove_stale_temporaries(&self) {
        copydesk_core::lock::remove_stale_temporaries(&self.dir, &copydesk_core::EXPORT_FILES);
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
        if let Some(t) = &mut files.jsonl {
            let record = Record::new(&doc, self.options.include_original);
            copydesk_core::json::to_writer(&mut t.writer, &record).map_err(|e| write_error(&t.path, e))?;
            t.writer.write_all(b"\n").map_err(|e| write_error(&t.path, e))?;
        }
        match &mut files.rows {
            Some(rows) => rows.push(doc, out),
            None => {
                out.emit(doc);
                Ok(())
            }
        }
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
        let Files { jsonl, mut rows } = files;
        if let Some(rows) = &mut rows {
            rows.complete(out)?;
        }
        let mut complete = Vec::new();
        if let Some(t) = jsonl {
            let file = t.writer.into_inner().map_err(|e| write_error(&t.path, e.error()))?;
            complete.push(synced(file.into_inner(), t.path)?);
        }
        if let Some(rows) = rows {
            complete.extend(rows.finish(out)?);
        }
        for (file, path) in complete {
            out.wrote(&path);
            out.on_place(file, path);
        }
        Ok(())
    }

    /// Only to write it in the JSON lines (`include_original`, with `jsonl` among the formats).
    fn reads_original(&self) -> bool {
        self.options.include_original && self.options.formats.contains(&FileFormat::Jsonl)
    }
}

fn write_error(path: &std::path::Path, err: impl std::fmt::Display) -> StageError {
    StageError::new(format!("cannot write {}: {err}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Export reads originals only to write them: with `include_original` and the JSON lines.
    #[test]
    fn export_reads_originals_only_to_write_them() {
        let reads = |formats: Vec<FileFormat>, include_original: bool| {
            Export {
                options: ExportOptions { formats, include_original, ..ExportOptions::default() },
                dir: PathBuf::new(),
                files: None,
            }
            .reads_original()
        };
        assert!(reads(vec![FileFormat::Jsonl, FileFormat::Csv], true));
        assert!(!reads(vec![FileFormat::Jsonl, FileFormat::Csv], false));
        assert!(!reads(vec![FileFormat::Csv, FileFormat::Mentions], true));
    }

    /// Rows whose `articles.csv` cannot be written: its file is open for reading only.
    fn unwritable(dir: &std::path::Path) -> Rows {
        let path = dir.join("articles.csv");
        std::fs::write(&path, "").unwrap();
        let file = NamedTempFile::from_parts(
            std::fs::File::open(&path).unwrap(),
            tempfile::TempPath::try_from_path(&path).unwrap(),
        );
        Rows {
            csv: Some(Target { path, writer: csv::Writer::from_writer(Writeback::new(file)) }),
            mentions: None,
            fields: Vec::new(),
            found: Vec::new(),
            rows: 0,
        }
    }

    /// Queues `docs` documents of 10 KB (the CSV writer's buffer fills on each), then completes.
    fn write(mut rows: RowThread, docs: u64, out: &mut Output) -> Result<Vec<Written>, StageError> {
        for seq in 0..docs {
            let mut doc = Document::new(format!("doc-{seq}"), "test", "word ".repeat(2000));
            doc.set_seq(seq);
            rows.push(doc, out)?;
        }
        rows.complete(out)?;
        rows.finish(out)
    }

    #[test]
    fn a_csv_write_error_stops_the_stage_and_names_the_file() {
        // In a full batch, found while queueing the next; or in the last, found at the end.
        for docs in [500, 3] {
            let dir = tempfile::tempdir().unwrap();
            let mut out = Output::new("export");
            let err = write(RowThread::start(unwritable(dir.path())).unwrap(), docs, &mut out).unwrap_err();
            let message = err.message();
            assert!(message.starts_with("cannot write") && message.contains("articles.csv"), "{message}");
            // No document whose row was not written is passed on.
            assert!(out.take().0.is_empty());
        }
    }
}
