//! The ingest stage: the source of a run. Reads text files in the seeds' format, JSONL files
//! and their `.gz` and `.zst` forms from files, directory trees and globs, and turns each article into a
//! [`Document`]. Inputs that cannot become a document are rejected with the file (and line).

mod decode;
mod files;
mod jsonl;
mod readahead;
mod text;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use copydesk_core::{
    BuildContext, Document, OptionError, Registry, Source, SourceOutput, StageError, StageOptions, Stopped,
};
use serde::{Deserialize, Serialize};

pub use files::{InputFile, expand};

pub fn register(registry: &mut Registry) {
    registry.add_source::<IngestOptions, Ingest, _>(
        "ingest",
        "reads .txt articles (optional `date YYYY-MM-DD` header), JSONL records, and their .gz and .zst forms",
        build,
    );
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct IngestOptions {
    pub paths: Vec<String>,
    pub format: Format,
    pub extensions: Vec<String>,
    pub id_field: String,
    pub text_field: String,
    pub title_field: String,
    pub date_field: String,
    pub max_bytes: u64,
    pub legacy_encoding: String,
    pub invalid_utf8: InvalidUtf8,
    pub ids: Ids,
    /// `legacy_encoding` resolved, once, when the stage is built.
    #[serde(skip)]
    pub(crate) legacy: Option<&'static encoding_rs::Encoding>,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            paths: vec!["seeds".into()],
            format: Format::Auto,
            extensions: copydesk_core::INPUT_EXTENSIONS.iter().map(|e| e.to_string()).collect(),
            id_field: "id".into(),
            text_field: "text".into(),
            title_field: "title".into(),
            date_field: "published".into(),
            max_bytes: 16 * 1024 * 1024,
            legacy_encoding: "windows-1252".into(),
            invalid_utf8: InvalidUtf8::Lossy,
            ids: Ids::Name,
            legacy: None, // set by `build` from `legacy_encoding`
        }
    }
}

impl StageOptions for IngestOptions {
    const HELP: &'static [(&'static str, &'static str)] = &[
        (
            "paths",
            "files, directories (read recursively, in name order) and globs such as `data/**/*.jsonl.gz`",
        ),
        (
            "format",
            "auto (by extension: .jsonl/.ndjson/.json are JSONL, .csv, .tsv, .xml, .yaml and .yml files, compressed or not, are rejected unless listed in `extensions`, anything else text), text, or jsonl",
        ),
        ("extensions", "file extensions read from directories; `.gz` and `.zst` forms of them are read too"),
        ("id_field", "JSONL: field holding the document id (string or number); else `file-stem:line`"),
        ("text_field", "JSONL: field holding the article text (required)"),
        ("title_field", "JSONL: field holding the title, if any"),
        ("date_field", "JSONL: field holding the publication date, if any"),
        (
            "max_bytes",
            "largest document accepted, in bytes (a text file, or a JSONL line); larger ones are rejected",
        ),
        (
            "legacy_encoding",
            "text that is not UTF-8 and looks like an older system's (its non-ASCII bytes mostly \
             alone, not UTF-8 with damage) is read in this encoding (a WHATWG label: windows-1252, \
             iso-8859-2, windows-1251...), marked in fields.legacy_encoding and counted as \
             legacy_encoding; none turns this off",
        ),
        ("invalid_utf8", "other invalid UTF-8: lossy (decode with U+FFFD, count as utf8_lossy) or reject"),
        (
            "ids",
            "name: a text file's id is its name without extension (a later file of the same name \
             goes by its path), a JSONL record's its id_field (without one `name:line`, by its path \
             in a later file of the same name); path: a text file's is its path \
             without extension, a JSONL record's `path:id` (`path#line` without an id): the same \
             across runs whatever else is read, and unique across feeds that number records alike, \
             but two files that differ only in their extensions (x.txt, x.txt.gz) clash, the later \
             one's documents rejected (under name, a file whose path is taken too goes by its path \
             as written)",
        ),
    ];
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Auto,
    Text,
    Jsonl,
}

/// How documents are named (see the `ids` option's help).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Ids {
    Name,
    Path,
}

impl Ids {
    /// What a file's documents are named after: its name, or its path (both without
    /// compression and format extensions).
    pub(crate) fn stem(self, input: &InputFile) -> String {
        match self {
            Ids::Name => input.stem(),
            Ids::Path => input.path_id(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InvalidUtf8 {
    Lossy,
    Reject,
}

pub struct Ingest {
    options: IngestOptions,
    roots: Vec<PathBuf>,
    base_dir: PathBuf,
    /// Where the run writes (see `BuildContext::output_dirs`): never read as input.
    out_dirs: Vec<PathBuf>,
}

fn build(mut options: IngestOptions, ctx: &BuildContext<'_>) -> Result<Ingest, Vec<OptionError>> {
    let mut problems = Vec::new();
    if options.paths.is_empty() {
        problems.push(OptionError::new("paths", "no input paths given"));
    }
    if options.extensions.is_empty() {
        problems.push(OptionError::new("extensions", "no extensions given: directories would give no files"));
    }
    for (i, ext) in options.extensions.iter().enumerate() {
        let problem = match ext.as_str() {
            "" => Some("must not be empty".to_string()),
            e if e.starts_with('.') => {
                Some(format!("write it without the dot: `{}`", e.trim_start_matches('.')))
            }
            e if e.contains(['/', '*']) => Some(format!("`{e}` is not a file extension")),
            _ => None,
        };
        if let Some(problem) = problem {
            problems.push(OptionError::new(format!("extensions[{i}]"), problem));
        }
    }
    if options.max_bytes == 0 {
        problems.push(OptionError::new("max_bytes", "must be at least 1"));
    }
    let roots: Vec<PathBuf> = options.paths.iter().map(|p| ctx.resolve(p.as_ref())).collect();
    // A misspelt path would otherwise make a run that reads nothing and replaces the last
    // run's output with empty files.
    for (i, (pattern, root)) in options.paths.iter().zip(&roots).enumerate() {
        if let Err(mut message) = files::check_pattern(pattern, root, ctx.base_dir) {
            if options.paths == IngestOptions::default().paths {
                // A config that leaves `paths` out reads `seeds`, which it never wrote; or one
                // copied from the repository's to another folder, where `seeds` is not.
                message.push_str(
                    " (`seeds` is also what `paths` reads when the key is left out; a relative path is \
                     read from the config file's folder)",
                );
            }
            problems.push(OptionError::new(format!("paths[{i}]"), message));
        }
    }
    match decode::legacy_encoding(&options.legacy_encoding) {
        Ok(encoding) => options.legacy = encoding,
        Err(message) => problems.push(OptionError::new("legacy_encoding", message)),
    }
    for (key, value) in [("id_field", &options.id_field), ("text_field", &options.text_field)] {
        if value.is_empty() {
            problems.push(OptionError::new(key, "must not be empty"));
        }
    }
    // Each field is taken out of the record as it is read: the id first, so "id_field: text"
    // refused every record for want of a text. (A title or a date field that is also the text's
    // is only missing; a headlines feed may set `text_field: title` and leave the title's
    // default.)
    if !options.id_field.is_empty() && options.id_field == options.text_field {
        problems.push(OptionError::new(
            "id_field",
            format!(
                "names the field `{}`, as `text_field` does: the id needs a field of its own",
                options.id_field
            ),
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Ingest { options, roots, base_dir: ctx.base_dir.to_path_buf(), out_dirs: ctx.output_dirs() })
}

impl Source for Ingest {
    fn run(&mut self, out: &mut SourceOutput<'_>) -> Result<(), StageError> {
        let mut ids = SeenIds::default();
        let mut found = FieldsFound::default();
        // Each file is read once, however many paths reach it (a link to a folder, a file
        // named on its own and in its folder).
        let mut read: HashSet<PathBuf> = HashSet::new();
        // Entries said once, however many path patterns reach them: unreadable ones (each a
        // reject) and links back up the tree (each counted).
        let mut reported: HashSet<String> = HashSet::new();
        // Every path's files first: a file another path reads, whatever its extension (named
        // on its own, or matched by a glob), is not said to be one a folder's walk passed over.
        let listings: Vec<Result<files::Listing, String>> = self
            .roots
            .iter()
            .zip(&self.options.paths)
            .map(|(root, pattern)| {
                files::expand(root, pattern, &self.options.extensions, &self.base_dir, &self.out_dirs)
            })
            .collect();
        let listed: HashSet<PathBuf> = if listings.iter().flatten().any(|l| !l.skipped.is_empty()) {
            listings.iter().flatten().flat_map(|l| l.files.iter().map(|f| f.canonical.clone())).collect()
        } else {
            HashSet::new()
        };
        for (listing, pattern) in listings.into_iter().zip(&self.options.paths) {
            let listing = match listing {
                Ok(listing) => listing,
                Err(reason) => {
                    tracing::warn!(path = %pattern, "{reason}");
                    if out.reject(pattern.clone(), pattern.clone(), reason).is_err() {
                        return Ok(());
                    }
                    continue;
                }
            };
            if let Some(output) = &listing.output_skipped {
                tracing::info!(path = %pattern, "the run's output directory {output} is not read as input");
            }
            let skipped: Vec<&str> = listing
                .skipped
                .iter()
                .filter(|(_, canonical)| !listed.contains(canonical))
                .map(|(shown, _)| shown.as_str())
                .collect();
            if !skipped.is_empty() {
                let n = skipped.len();
                let exts = self.options.extensions.join(", ");
                let kinds = skipped_kinds(&skipped);
                tracing::warn!(
                    path = %pattern,
                    "{n} file(s) not read (not {exts}, optionally .gz or .zst): {kinds}; ingest reads text files and JSON \
                     lines, so convert other formats to JSON lines (an object a line, with `id` and `text`), or add \
                     an extension of text files to `extensions`"
                );
                out.count("skipped_files", n as u64);
            }
            for path in listing.loops {
                // Not a document: a link back to a folder being read, whose files are read
                // once from there.
                if reported.insert(path.clone()) {
                    tracing::info!(%path, "a link to a folder it is in: not followed (its files are read once)");
                    out.count("link_loops", 1);
                }
            }
            for (path, reason) in listing.problems {
                // One reject for an unreadable entry, however many path patterns reach it.
                if !reported.insert(path.clone()) {
                    continue;
                }
                tracing::warn!(%path, "{reason}");
                if out.reject(path.clone(), path, reason).is_err() {
                    return Ok(());
                }
            }
            let mut reached_again = |input: &InputFile, out: &mut SourceOutput<'_>| {
                let again = !read.insert(input.canonical.clone());
                if again {
                    tracing::info!(path = %input.display, "read once: reached again through `{pattern}`");
                    out.count("files_reached_twice", 1);
                }
                again
            };
            for input in &listing.not_files {
                if !reached_again(input, out)
                    && out.reject(&input.display, &input.display, files::NOT_A_FILE).is_err()
                {
                    return Ok(());
                }
            }
            // The files are read in order, a helper thread asking for the next ones ahead.
            let stopped = readahead::reading_ahead(&listing.files, |position| {
                listing.files.iter().enumerate().any(|(index, input)| {
                    position.at(index);
                    !reached_again(input, out) && self.read_file(input, &mut ids, &mut found, out).is_err()
                })
            });
            if stopped {
                return Ok(());
            }
        }
        self.warn_of_fields_found_nowhere(&found);
        Ok(())
    }
}

impl Ingest {
    /// Reads one file's documents, each checked for an id read before.
    fn read_file(
        &self,
        input: &InputFile,
        ids: &mut SeenIds,
        found: &mut FieldsFound,
        out: &mut SourceOutput<'_>,
    ) -> Result<(), Stopped> {
        ids.files.push(input.display.clone());
        if self.options.format == Format::Auto
            && let Some(format) = input.unread_format(&self.options.extensions)
        {
            let reason = format!(
                "a {format} file: ingest reads text files (an article each) and JSON lines, so convert it to \
                 JSON lines (an object a line, with `id` and `text`), or give the stage `format: text` to read it \
                 as one article"
            );
            return reject_file(out, self.options.ids.stem(input), &input.display, reason);
        }
        let jsonl = match self.options.format {
            Format::Jsonl => true,
            Format::Text => false,
            Format::Auto => input.is_jsonl(),
        };
        let ids_by = self.options.ids;
        let mut emit = |mut doc: Document, from: IdFrom, out: &mut SourceOutput<'_>| {
            let Some(first) = ids.first_source(&doc) else { return out.emit(doc) };
            // Two files of one name ("2022-01-01/story.txt", "2022-01-02/story.txt";
            // "a/wire.jsonl", "b/wire.jsonl" without ids; "x.txt" beside "x.txt.gz"):
            // under `ids: name` the later one's made-up ids go by its path, then by its
            // path as written.
            for other in other_ids(input, from, ids_by, &doc.id) {
                let taken = std::mem::replace(&mut doc.id, other);
                if ids.first_source(&doc).is_none() {
                    return out.emit(doc);
                }
                doc.id = taken;
            }
            // Under `ids: path`, two files whose paths are one without their extensions
            // ("x.txt", "x.txt.gz"): the ids stay as they are, the same whatever else
            // is read, and the clash is said.
            let why = match (ids_by, from, first.same_file) {
                (Ids::Path, _, false) => format!(
                    "; `ids: path` names a file by its path without its extensions, which {} shares with \
                     the first (rename one, or read with `ids: name`)",
                    input.display
                ),
                // Two feeds that number their records alike: the whole later one would go.
                (Ids::Name, IdFrom::Record, false) => format!(
                    "; under `ids: name` a record's id is its `{}` field, and two files give this one \
                     (`ids: path` names records by their file's path too)",
                    self.options.id_field
                ),
                _ => String::new(),
            };
            let reason =
                format!("duplicate document id `{}` (first read from {}){why}", doc.id, first.source);
            out.reject(doc.id, doc.source, reason)
        };
        if jsonl {
            let mut counted = |doc: Document, from: IdFrom, out: &mut SourceOutput<'_>| {
                found.records += 1;
                found.titles += u64::from(doc.title.is_some());
                found.dates += u64::from(doc.published.is_some());
                emit(doc, from, out)
            };
            jsonl::read(input, &self.options, out, &mut counted)
        } else {
            text::read(input, &self.options, out, &mut emit)
        }
    }

    /// A `title_field` or `date_field` set to a field none of the run's JSON records has (a
    /// misspelling, or the wrong case: `pubdate` for `pubDate`) is said: the documents would
    /// otherwise go without titles or dates, and the run without a word. (The defaults are not:
    /// many feeds have no titles.)
    fn warn_of_fields_found_nowhere(&self, found: &FieldsFound) {
        let defaults = IngestOptions::default();
        let fields = [
            ("title_field", "title", &self.options.title_field, found.titles, &defaults.title_field),
            ("date_field", "date", &self.options.date_field, found.dates, &defaults.date_field),
        ];
        for (key, what, field, n, default) in fields {
            if found.records > 0 && n == 0 && field != default {
                tracing::warn!(
                    "`{key}: {field}`: none of the {} JSON records read has a `{field}` field (with a value), so \
                     none has its {what}; the option names a field as the records write it, case and all",
                    found.records
                );
            }
        }
    }
}

/// How many JSON records a run read and how many had a title and a date, for
/// [`Ingest::warn_of_fields_found_nowhere`].
#[derive(Default)]
struct FieldsFound {
    records: u64,
    titles: u64,
    dates: u64,
}

/// Ids already emitted, so a repeated id is a reject rather than a silent collision downstream.
///
/// It grows with the input, so it keeps 24 bytes an id rather than the id and its source: a
/// 128-bit hash of the id (two different ids collide with probability ~N²/2¹²⁹, nil for any
/// real corpus) and where it was first read (the input file's number and the line, packed).
/// The hash is two `u64`s, not a `u128`, whose 16-byte alignment would pad every entry to 32.
#[derive(Default)]
struct SeenIds {
    first: HashMap<[u64; 2], u64>,
    /// Input files in reading order; the last one is being read.
    files: Vec<String>,
}

/// Where a repeated id was first read.
struct FirstRead {
    /// The file, with `:line` for a JSON record.
    source: String,
    /// Whether that is the file being read.
    same_file: bool,
}

impl SeenIds {
    fn first_source(&mut self, doc: &Document) -> Option<FirstRead> {
        let file = self.files.len().saturating_sub(1);
        let display = self.files.last().map(String::as_str).unwrap_or_default();
        // JSONL documents come from `file:line`; text documents are the whole file (line 0).
        let line = doc.source.strip_prefix(display).and_then(|rest| rest.strip_prefix(':'));
        let line = line.and_then(|l| l.parse::<u32>().ok()).unwrap_or(0);
        let hash = xxhash_rust::xxh3::xxh3_128(doc.id.as_bytes());
        match self.first.entry([hash as u64, (hash >> 64) as u64]) {
            std::collections::hash_map::Entry::Occupied(seen) => {
                let (first_file, line) = ((*seen.get() >> 32) as usize, *seen.get() as u32);
                let name = &self.files[first_file];
                let source = if line == 0 { name.clone() } else { format!("{name}:{line}") };
                Some(FirstRead { source, same_file: first_file == file })
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert((file as u64) << 32 | u64::from(line));
                None
            }
        }
    }
}

/// The skipped files by extension, the commonest first, each with an example ("22 .sgm, such as
/// reut2-000.sgm; 1 .dtd, such as lewis.dtd").
fn skipped_kinds(skipped: &[&str]) -> String {
    let mut kinds: Vec<(String, usize, &str)> = Vec::new();
    for path in skipped {
        let name = path.rsplit('/').next().unwrap_or(path);
        let ext = match name.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() => format!(".{}", ext.to_ascii_lowercase()),
            _ => "without an extension".to_string(),
        };
        match kinds.iter_mut().find(|(e, ..)| *e == ext) {
            Some((_, n, _)) => *n += 1,
            None => kinds.push((ext, 1, path)),
        }
    }
    kinds.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    kinds
        .iter()
        .take(4)
        .map(|(ext, n, example)| format!("{n} {ext}, such as {example}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The ids a document read from `input` goes by, in turn, when its own (`id`, made as `ids`
/// says) was taken by another file's: under `ids: name`, a made-up one goes by the file's path
/// without its extensions, then as written (of `in/x.txt`, `in/x.txt.gz` and `in/x.txt.zst`,
/// read in that order: `x`, `in/x`, `in/x.txt.zst`).
/// None under `ids: path`, whose ids do not change with what else a run reads, nor for a
/// record's own id.
fn other_ids(input: &InputFile, from: IdFrom, ids: Ids, id: &str) -> Vec<String> {
    let others = match (from, ids) {
        (_, Ids::Path) | (IdFrom::Record, _) => return Vec::new(),
        (IdFrom::FileName, Ids::Name) => vec![input.distinct_path_id(), input.distinct_written_id()],
        (IdFrom::Line(line), Ids::Name) => {
            vec![
                format!("{}:{line}", input.distinct_path_id()),
                format!("{}:{line}", input.distinct_written_id()),
            ]
        }
    };
    others.into_iter().filter(|other| other != id).collect()
}

/// Rejects a whole input file, or the rest of one, whose documents the run cannot read
/// (damaged compressed data, a read error, binary data, a file of another format), and says so
/// on stderr: one such reject may hide a thousand records, where the run's table counts it as
/// one. An empty file, which holds nothing to lose, is only a reject.
/// `source` is the file, or the file and the line where its reading stopped.
pub(crate) fn reject_file(
    out: &mut SourceOutput<'_>,
    id: impl Into<String>,
    source: &str,
    reason: impl Into<String>,
) -> Result<(), Stopped> {
    let reason = reason.into();
    tracing::warn!(file = %source, "{reason}");
    out.reject(id, source, reason)
}

type Emit<'e> = dyn FnMut(Document, IdFrom, &mut SourceOutput<'_>) -> Result<(), Stopped> + 'e;

/// Where a document's id came from, for the check of repeated ids: one made up from a file's
/// name that a file read earlier took goes by the file's path instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IdFrom {
    /// The record's own id field.
    Record,
    /// A text file's name.
    FileName,
    /// A JSON record without an id: its file's name and its line.
    Line(u64),
}

#[cfg(test)]
mod tests {
    /// The warning about files not read names their kinds, the commonest first, so that a
    /// folder of SGML says so rather than showing its one DTD as the example.
    #[test]
    fn skipped_files_are_told_by_kind() {
        let skipped = ["r/lewis.dtd", "r/reut2-000.sgm", "r/reut2-001.sgm", "r/README", "r/.x"];
        assert_eq!(
            super::skipped_kinds(&skipped),
            "2 .sgm, such as r/reut2-000.sgm; 2 without an extension, such as r/README; 1 .dtd, such as r/lewis.dtd"
        );
    }
}
