//! Turning the configured `paths` into a sorted list of input files.

use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobMatcher};

/// One input file and the name it goes by in documents and rejects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputFile {
    pub path: PathBuf,
    /// The path as the user would write it: relative to the config's directory when inside it.
    pub display: String,
    /// The path with links resolved: one file reached by two paths is read once.
    pub canonical: PathBuf,
    /// The path ids are made of: `display`, or for a file outside the config's directory, its
    /// path from the folder that holds the walked one (`bbc/entertainment/001.txt`), not an
    /// absolute path that changes with the machine.
    pub id_path: String,
}

impl InputFile {
    /// `path`, found by walking `walked` (a directory, a glob's folder, or the file itself),
    /// as the config names it (`place`), its links resolved (`canonical`).
    fn new(path: PathBuf, canonical: PathBuf, place: &Place<'_>, walked: &Path) -> Self {
        let display = place.show(&path, &canonical);
        let id_path = if canonical.starts_with(place.base) {
            display.clone()
        } else {
            let from = walked.parent().unwrap_or(walked);
            path_text(path.strip_prefix(from).unwrap_or(&path)).replace('\\', "/")
        };
        InputFile { path, display, canonical, id_path }
    }

    /// The name without `.gz`/`.zst` and the format extension: the document id of a text file.
    pub fn stem(&self) -> String {
        let name = self.path.file_name().map(|n| path_text(Path::new(n))).unwrap_or_default();
        without_extension(uncompressed(&name).0).to_string()
    }

    /// The path without `.gz`/`.zst` and the format extension ("2022-01-01/story"; see
    /// [`InputFile::id_path`]): the id of a text file whose stem an earlier file took.
    pub fn path_id(&self) -> String {
        without_extension(uncompressed(&self.id_path).0).to_string()
    }

    /// [`InputFile::path_id`] told apart from the file's name when the file is at the top of the
    /// config's folder (`./story`): what a file's made-up ids go by when an earlier file of its
    /// name took them.
    pub fn distinct_path_id(&self) -> String {
        told_from_a_name(self.path_id())
    }

    /// The path as written, extensions and all (`in/x.txt.zst`), `./` before a file at the top
    /// of the config's folder: what a file's made-up ids go by under `ids: name` when earlier
    /// files took those of its name and of its path without extensions (`in/x.txt`, then
    /// `in/x.txt.gz`).
    pub fn distinct_written_id(&self) -> String {
        told_from_a_name(self.id_path.clone())
    }

    /// How the file is compressed, by its last extension.
    pub fn compression(&self) -> Option<Compression> {
        uncompressed(&self.path.to_string_lossy()).1
    }

    /// Whether the file is JSON lines by its extension: `.jsonl`, `.ndjson`, and `.json`, as
    /// Spark, BigQuery and most exporters name JSON lines (a JSON array or one pretty-printed
    /// object is then rejected as no JSON lines, rather than read as an article's text).
    pub fn is_jsonl(&self) -> bool {
        self.is_json() || {
            let name = self.path.to_string_lossy().to_ascii_lowercase();
            let name = uncompressed(&name).0;
            name.ends_with(".jsonl") || name.ends_with(".ndjson")
        }
    }

    /// The format the file's extension names, when it is a text format ingest does not read
    /// (`CSV` for `x.csv` or `x.csv.gz`): under `format: auto` such a file, named on its own or
    /// by a glob, is rejected rather than read as one article of its markup (a directory's walk
    /// passes over it, as over every extension not in `extensions`).
    /// An extension the config lists among those to read (`extensions: [txt, xml]`) is read.
    pub fn unread_format(&self, read: &[String]) -> Option<&'static str> {
        let name = self.path.to_string_lossy().to_ascii_lowercase();
        let (_, ext) = uncompressed(&name).0.rsplit_once('.')?;
        if read.iter().any(|r| r.eq_ignore_ascii_case(ext)) {
            return None;
        }
        UNREAD_FORMATS.iter().find(|(e, _)| *e == ext).map(|(_, format)| *format)
    }

    /// Whether the file is named `.json` (compressed or not).
    pub fn is_json(&self) -> bool {
        let name = self.path.to_string_lossy().to_ascii_lowercase();
        uncompressed(&name).0.ends_with(".json")
    }
}

/// Extensions of text formats whose files are not articles as they are (tables, other markup),
/// and the format's name. (Binary ones, archives and office documents among them, are told by
/// their bytes, with how to unpack an archive: `decode::binary_reason`.)
const UNREAD_FORMATS: &[(&str, &str)] =
    &[("csv", "CSV"), ("tsv", "TSV"), ("xml", "XML"), ("yaml", "YAML"), ("yml", "YAML")];

/// A compressed input's format, read on the fly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    /// `.gz`: gzip, several members read as one stream (as `zcat` does).
    Gzip,
    /// `.zst`: Zstandard, several frames read as one stream (as `zstdcat` does).
    Zstd,
}

impl Compression {
    pub fn name(self) -> &'static str {
        match self {
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
        }
    }
}

/// A path at the top of the config's folder, which is only a name, as `./name`: told apart
/// from a file's name as its id.
fn told_from_a_name(path: String) -> String {
    if path.contains('/') { path } else { format!("./{path}") }
}

/// `name` without a final `.gz`, `.zst` or `.zstd` (in any case), and the compression it names.
fn uncompressed(name: &str) -> (&str, Option<Compression>) {
    let (rest, suffix) = copydesk_core::paths::without_compression(name);
    (rest, suffix.map(|s| if s == ".gz" { Compression::Gzip } else { Compression::Zstd }))
}

/// `name` without its last extension (not a leading dot, not one before a `/`).
fn without_extension(name: &str) -> &str {
    match name.rfind('.') {
        Some(dot) if dot > 0 && !name[dot..].contains('/') && !name[..dot].ends_with('/') => &name[..dot],
        _ => name,
    }
}

use copydesk_core::paths::is_glob;

/// Whether `pattern`, resolved to `root`, is read as a glob: it has a glob's marks and names
/// no file or folder as written. An existing `feed[1]/` or `x[1].jsonl` is read as itself: a
/// glob cannot name a bracket, and one matches no folder.
fn reads_as_glob(pattern: &str, root: &Path) -> bool {
    is_glob(pattern) && std::fs::symlink_metadata(root).is_err()
}

/// Checks a configured path before the run: a glob must parse, and the path (for a glob, the
/// directory it starts from) must exist. `root` is `pattern` resolved against the config's
/// directory `base_dir`. What it matches is read at run time.
pub(crate) fn check_pattern(pattern: &str, root: &Path, base_dir: &Path) -> Result<(), String> {
    if pattern.trim().is_empty() {
        // It would name the config's own directory, last run's output included.
        return Err("an input path must not be empty (write `.` for the config's directory)".into());
    }
    let glob = reads_as_glob(pattern, root);
    let start = if glob { glob_parts(base_dir, pattern)?.0 } else { root.to_path_buf() };
    match std::fs::metadata(&start) {
        Ok(meta) if glob && !meta.is_dir() => {
            Err(format!("the directory of glob `{pattern}` is not a directory: {}", start.display()))
        }
        Ok(meta) if !meta.is_file() && !meta.is_dir() => {
            Err(format!("input path `{pattern}` is {NOT_A_FILE}"))
        }
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let what = if glob { "the directory of glob" } else { "input path" };
            // Relative paths are resolved against the config's directory, not the working one.
            let looked = if Path::new(pattern).is_absolute() || start.starts_with(".") {
                String::new()
            } else {
                format!(" (looked for {})", start.display())
            };
            let tilde = if copydesk_core::paths::starts_with_tilde(pattern) {
                format!(" ({})", copydesk_core::paths::TILDE)
            } else {
                String::new()
            };
            Err(format!("{what} `{pattern}` does not exist{looked}{tilde}"))
        }
        Err(e) => Err(format!("cannot read input path `{pattern}`: {e}")),
    }
}

/// `path` resolved, or, when it cannot be (a dangling link), its folder.
fn resolved(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| resolved_folder(path))
}

/// Resolves the walk's files folder by folder: a file that is not a link is where its folder
/// resolves to, under its own name, so the folder is resolved once for all its files rather
/// than every file's path component by component (a `readlink` for each: six for
/// `/data/wires/2022/02/03/story.txt`, a third of the walk's time over 100,000 files).
#[derive(Default)]
struct Folders {
    resolved: std::collections::HashMap<PathBuf, Option<PathBuf>>,
}

impl Folders {
    /// `path` resolved, as [`resolved`] does; `is_link`: whether the entry itself is a link.
    fn file(&mut self, path: &Path, is_link: bool) -> PathBuf {
        let (Some(dir), Some(name), false) = (path.parent(), path.file_name(), is_link) else {
            return resolved(path);
        };
        let folder = self.resolved.entry(dir.to_path_buf()).or_insert_with(|| dir.canonicalize().ok());
        match folder {
            Some(folder) => folder.join(name),
            None => resolved(path),
        }
    }
}

/// `path` with its folder resolved and its own name kept: a dangling link cannot be resolved
/// itself, and a link is named where it is, not by where it leads (a loop's link would show as
/// the folder it points back to, and two such links as one).
fn resolved_folder(path: &Path) -> PathBuf {
    match (path.parent().and_then(|p| p.canonicalize().ok()), path.file_name()) {
        (Some(dir), Some(name)) => dir.join(name),
        _ => path.to_path_buf(),
    }
}

/// Where a path pattern of the config leads from: the config's directory, resolved (`base`) and
/// as given (`base_dir`, which the walked paths start with), and whether the pattern is absolute.
struct Place<'a> {
    base: &'a Path,
    base_dir: &'a Path,
    absolute: bool,
}

impl Place<'_> {
    /// How a walked `path` (resolved: `resolved`) is shown, the same whatever directory the run
    /// was started from: relative to the config's directory when it resolves inside it; else as
    /// the config reaches it: by its absolute path when the pattern is one, otherwise from the
    /// config's directory (`../data/x.jsonl`, or `feed/x.jsonl` through a linked folder).
    fn show(&self, path: &Path, resolved: &Path) -> String {
        let shown = match resolved.strip_prefix(self.base) {
            Ok(relative) => relative.to_path_buf(),
            Err(_) if self.absolute => path.to_path_buf(),
            Err(_) => match path.strip_prefix(self.base_dir) {
                Ok(rest) => {
                    rest.components().filter(|c| !matches!(c, std::path::Component::CurDir)).collect()
                }
                Err(_) => path.to_path_buf(),
            },
        };
        path_text(&shown).replace('\\', "/")
    }
}

/// `path` as text, a byte that is not UTF-8 written `%E9`, as in a URL (on Unix, where a name is
/// bytes; not `\xE9`, whose backslash ids and paths shown turn into a slash): two names that
/// differ only there stay two ids, and the name shown says which bytes it holds
/// (`to_string_lossy` made the Latin-1 names `caf\xE7.txt` and `caf\xE9.txt` both
/// `caf\u{FFFD}.txt`, and the second a duplicate id).
fn path_text(path: &Path) -> std::borrow::Cow<'_, str> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = path.as_os_str().as_bytes();
        if let Ok(text) = std::str::from_utf8(bytes) {
            return text.into();
        }
        let mut text = String::with_capacity(bytes.len() + 8);
        for chunk in bytes.utf8_chunks() {
            text.push_str(chunk.valid());
            for byte in chunk.invalid() {
                text.push_str(&format!("%{byte:02X}"));
            }
        }
        text.into()
    }
    #[cfg(not(unix))]
    path.to_string_lossy()
}

/// Why a named pipe, socket or device is not read.
pub const NOT_A_FILE: &str = "not a regular file (a named pipe, socket or device)";

// The files a run writes into its output directory are not read back when the output
// directory is walked as input.
use copydesk_core::OUTPUT_FILES;

/// What a path pattern names: its files, and the entries below it that could not be read.
#[derive(Debug, Default)]
pub struct Listing {
    pub files: Vec<InputFile>,
    /// Each unreadable entry (a dangling link, a directory without read permission) as its
    /// display path and the reason: the walk goes on past it.
    pub problems: Vec<(String, String)>,
    /// Links to a folder the walk is in (`in/a/up -> ..`), not followed: what they lead to is
    /// read once, from that folder.
    pub loops: Vec<String>,
    /// Files in a directory that were not read: not of the configured `extensions` (hidden
    /// files aside), said so the user knows; as their display paths and resolved paths.
    pub skipped: Vec<(String, PathBuf)>,
    /// Named pipes, sockets and devices the walk found among the wanted files: each is a
    /// reject ([`NOT_A_FILE`]), not read (a pipe would block the run).
    pub not_files: Vec<InputFile>,
    /// The run's output directory (or, when it is the walked directory, one of the run's
    /// files in it), if the walk met it: not read, being the last run's output, not input.
    pub output_skipped: Option<String>,
}

/// The files `pattern` names: the file itself, every matching file below a directory (in name
/// order, so runs are reproducible), or every file matching a glob. One unreadable entry below
/// a directory does not hide the others: it is listed in [`Listing::problems`]. The directories
/// the run writes into, `outputs` (its output directory, an export's own `dir:`), are not
/// walked into (`paths: [.]` beside `output: out`).
pub fn expand(
    root: &Path,
    pattern: &str,
    extensions: &[String],
    base_dir: &Path,
    outputs: &[PathBuf],
) -> Result<Listing, String> {
    let base = base_dir.canonicalize().unwrap_or_else(|_| base_dir.to_path_buf());
    let place = Place { base: &base, base_dir, absolute: Path::new(pattern).is_absolute() };
    // One that does not exist yet (before the first run) holds nothing to skip.
    let outputs: Vec<PathBuf> = outputs.iter().filter_map(|o| o.canonicalize().ok()).collect();
    let is_output = |path: &Path| path.canonicalize().is_ok_and(|p| outputs.contains(&p));
    let mut listing = Listing::default();
    let mut folders = Folders::default();
    // `reach`: whether an entry the walk could not read (and whether it is missing: a dangling
    // link) could hold or be a wanted file (a glob without `**` cannot see past its own depth);
    // `depth`: how deep the walk need go; `skip_outputs`: whether the run's output directories
    // are left out (not when a glob names files in one).
    let mut walk = |dir: &Path,
                    wanted: &dyn Fn(&Path) -> bool,
                    reach: &dyn Fn(&Path, bool) -> bool,
                    depth: usize,
                    hidden: bool,
                    skip_outputs: bool| {
        let mut output_skipped = None;
        let entries =
            walkdir::WalkDir::new(dir).follow_links(true).max_depth(depth).sort_by_file_name().into_iter();
        // Walking the output directory itself (`output: .` beside `paths: [.]`): its own files
        // are left out, the rest is input.
        let root_is_output = skip_outputs && is_output(dir);
        let entries = entries.filter_entry(|entry| {
            // Hidden files and folders (`.git/`, an editor's `.story.txt.swp`, a run's temporary
            // `.articles.jsonl.*`) are not input, as in a shell's glob, unless a glob names them.
            if !hidden && entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.') {
                return false;
            }
            let is_output = skip_outputs
                && entry.depth() > 0
                && if entry.file_type().is_dir() {
                    is_output(entry.path())
                } else {
                    root_is_output
                        && entry.depth() == 1
                        && OUTPUT_FILES.contains(&entry.file_name().to_string_lossy().as_ref())
                };
            if is_output {
                output_skipped = Some(place.show(entry.path(), &resolved(entry.path())));
            }
            !is_output
        });
        for entry in entries {
            match entry {
                Ok(entry) if entry.file_type().is_file() && wanted(entry.path()) => {
                    let canonical = folders.file(entry.path(), entry.path_is_symlink());
                    listing.files.push(InputFile::new(entry.into_path(), canonical, &place, dir));
                }
                Ok(entry) if entry.file_type().is_file() => {
                    let canonical = folders.file(entry.path(), entry.path_is_symlink());
                    listing.skipped.push((place.show(entry.path(), &canonical), canonical));
                }
                Ok(entry) if !entry.file_type().is_dir() && wanted(entry.path()) => {
                    let canonical = folders.file(entry.path(), entry.path_is_symlink());
                    listing.not_files.push(InputFile::new(entry.into_path(), canonical, &place, dir));
                }
                Ok(_) => {}
                Err(e) if e.loop_ancestor().is_some() => {
                    let at = e.path().unwrap_or(dir);
                    listing.loops.push(place.show(at, &resolved_folder(at)));
                }
                Err(e) => {
                    let at = e.path().unwrap_or(dir);
                    let missing = e.io_error().is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound);
                    if !reach(at, missing) {
                        continue;
                    }
                    // Named as its source is, not as the walk reached it ("./in/locked").
                    let shown = place.show(at, &resolved_folder(at));
                    let reason = match e.io_error() {
                        Some(io) => format!("cannot read {shown}: {io}"),
                        None => format!("cannot read {shown}: {e}"),
                    };
                    listing.problems.push((shown, reason));
                }
            }
        }
        listing.output_skipped = output_skipped;
    };
    if reads_as_glob(pattern, root) {
        let (dir, matcher, names_hidden, depth) = glob_parts(base_dir, pattern)?;
        let wanted = |path: &Path| path.strip_prefix(&dir).is_ok_and(|rest| matcher.is_match(rest));
        // An entry the glob names, or an unreadable folder it may have to go through; not a
        // dangling link it does not name, nor anything in a folder it cannot reach
        // (`in/*.jsonl` beside `in/sub/broken`).
        let reach = |path: &Path, missing: bool| {
            wanted(path)
                || !missing && path.strip_prefix(&dir).is_ok_and(|rest| rest.components().count() < depth)
        };
        // A glob that names files in an output directory (`out/*.jsonl`: the last run's export,
        // read on purpose) reads them.
        let in_output = dir.canonicalize().is_ok_and(|d| outputs.iter().any(|o| d.starts_with(o)));
        walk(&dir, &wanted, &reach, depth, names_hidden, !in_output);
        // A glob says which files it wants: the others are not worth a word.
        listing.skipped.clear();
        if listing.files.is_empty() && listing.problems.is_empty() {
            return Err(format!("no input files match `{pattern}`"));
        }
    } else if root.is_dir() {
        walk(root, &|path| has_extension(path, extensions), &|_, _| true, usize::MAX, false, true);
        if listing.files.is_empty() && listing.problems.is_empty() {
            let exts = extensions.join(", ");
            return Err(format!("no input files (extensions {exts}, optionally .gz or .zst) in `{pattern}`"));
        }
    } else if root.is_file() {
        listing.files.push(InputFile::new(root.to_path_buf(), resolved(root), &place, root));
    } else if root.exists() {
        return Err(format!("input path `{pattern}` is {NOT_A_FILE}"));
    } else {
        return Err(format!("input path `{pattern}` does not exist"));
    }
    Ok(listing)
}

/// Whether the file name ends in `.ext` (or `.ext.gz`, `.ext.zst`) for one of `extensions`, in
/// any case (`STORY.TXT`, `Feed.JSONL`).
fn has_extension(path: &Path, extensions: &[String]) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    let name = uncompressed(&name).0;
    extensions.iter().any(|ext| {
        name.len() > ext.len() + 1
            && name.as_bytes()[name.len() - ext.len() - 1] == b'.'
            && name[name.len() - ext.len()..].eq_ignore_ascii_case(ext)
    })
}

/// Splits `dir/sub/**/*.txt` into the literal directory to walk (resolved against `base_dir`)
/// and a matcher for the rest, which is matched against paths below that directory: so the
/// names of the directories above it (the config's own, say) are never read as glob syntax.
/// The flag: whether the rest names hidden entries (`.*.txt`, `*/.cache/*.txt`), which a walk
/// then lets the matcher judge instead of leaving them out. The number: how many folders deep
/// below the directory a match can be (unbounded with `**`).
fn glob_parts(base_dir: &Path, pattern: &str) -> Result<(PathBuf, GlobMatcher, bool, usize), String> {
    let (dir, rest) = copydesk_core::paths::glob_split(pattern);
    // `*` and `?` stay within one folder, as in a shell; `**` crosses folders.
    let matcher = GlobBuilder::new(&rest.join("/"))
        .literal_separator(true)
        .build()
        .map_err(|e| format!("bad glob `{pattern}`: {e}"))?
        .compile_matcher();
    let names_hidden = rest.iter().any(|part| part.starts_with('.') && part != "." && part != "..");
    // How deep below `dir` a match can be: as many folders as the rest has parts, unless `**`.
    let depth = if rest.iter().any(|part| part.contains("**")) { usize::MAX } else { rest.len() };
    Ok((base_dir.join(dir), matcher, names_hidden, depth))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh directory for one test (`name` tells them apart), with the folders `folders`.
    fn scratch(name: &str, folders: &[&str]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("copydesk-files-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for folder in folders {
            std::fs::create_dir_all(dir.join(folder)).unwrap();
        }
        dir
    }

    #[test]
    fn stems_drop_compression_and_format_extension() {
        let input = |p: &str| InputFile {
            path: PathBuf::from(p),
            display: p.into(),
            canonical: PathBuf::from(p),
            id_path: p.into(),
        };
        assert_eq!(input("a/000_x.txt").stem(), "000_x");
        assert_eq!(input("a/feed.jsonl.gz").stem(), "feed");
        assert!(input("a/feed.jsonl.gz").is_jsonl());
        assert_eq!(input("a/feed.jsonl.gz").compression(), Some(Compression::Gzip));
        assert_eq!(input("a/feed.jsonl.zst").stem(), "feed");
        assert!(input("a/feed.ndjson.zstd").is_jsonl());
        assert_eq!(input("a/feed.jsonl.zst").compression(), Some(Compression::Zstd));
        assert_eq!(input("a/x.txt").compression(), None);
        assert!(!input("a/x.txt").is_jsonl());
        // Any case; the path id keeps the folders.
        assert_eq!(input("a/STORY.TXT.GZ").stem(), "STORY");
        assert!(
            input("a/FEED.JSONL").is_jsonl() && input("a/x.txt.GZ").compression() == Some(Compression::Gzip)
        );
        assert_eq!(input("a/x.TXT.ZST").compression(), Some(Compression::Zstd));
        // One layer of compression is undone: a zstd archive of a gzip file is read as gzip
        // bytes (and rejected as binary).
        assert_eq!(input("a/x.gz.zst").compression(), Some(Compression::Zstd));
        assert_eq!(input("2022-01-01/story.txt").path_id(), "2022-01-01/story");
        assert_eq!(input("v1.2/story").path_id(), "v1.2/story");
        // A file at the top of the config's folder: its path told apart from its name.
        assert_eq!(input("2022-01-01/story.txt").distinct_path_id(), "2022-01-01/story");
        assert_eq!(input("story.txt").distinct_path_id(), "./story");
        // And as written, extensions and all.
        assert_eq!(input("in/x.txt.gz").distinct_written_id(), "in/x.txt.gz");
        assert_eq!(input("x.txt.gz").distinct_written_id(), "./x.txt.gz");
        assert_eq!(input(".hidden").stem(), ".hidden");
    }

    /// The walk resolves a file by its folder unless it is a link itself: each file comes out
    /// as `canonicalize` has it, through a linked folder, a link to a file, and a dangling link
    /// (which keeps its own name in its resolved folder).
    #[cfg(unix)]
    #[test]
    fn files_resolve_as_canonicalize_has_them() {
        use std::os::unix::fs::symlink;
        let dir = scratch("resolved", &["in/a", "elsewhere"]);
        std::fs::write(dir.join("in/a/story.txt"), "x").unwrap();
        std::fs::write(dir.join("elsewhere/far.txt"), "x").unwrap();
        symlink(dir.join("elsewhere"), dir.join("in/linked")).unwrap();
        symlink(dir.join("in/a/story.txt"), dir.join("in/same.txt")).unwrap();
        symlink(dir.join("nowhere.txt"), dir.join("in/dangling.txt")).unwrap();
        let exts = vec!["txt".to_string()];
        let listing = expand(&dir.join("in"), "in", &exts, &dir, &[]).unwrap();
        let resolved: Vec<(String, PathBuf)> =
            listing.files.iter().map(|f| (f.display.clone(), f.canonical.clone())).collect();
        let base = dir.canonicalize().unwrap();
        assert_eq!(
            resolved,
            [
                ("in/a/story.txt".to_string(), base.join("in/a/story.txt")),
                ("elsewhere/far.txt".to_string(), base.join("elsewhere/far.txt")),
                ("in/a/story.txt".to_string(), base.join("in/a/story.txt")),
            ]
        );
        assert_eq!(listing.problems.len(), 1, "{:?}", listing.problems);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn extensions_match_whole_suffixes() {
        let exts = vec!["txt".to_string()];
        assert!(has_extension(Path::new("a.txt"), &exts));
        assert!(has_extension(Path::new("a.txt.gz"), &exts));
        assert!(!has_extension(Path::new("atxt"), &exts));
        assert!(!has_extension(Path::new("a.text"), &exts));
        assert!(has_extension(Path::new("A.TXT"), &exts) && has_extension(Path::new("a.Txt.GZ"), &exts));
        assert!(has_extension(Path::new("a.txt.zst"), &exts) && !has_extension(Path::new("a.zst"), &exts));
    }

    /// A name that is not UTF-8 keeps its bad bytes, escaped: two such files are two ids.
    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_stay_apart() {
        use std::os::unix::ffi::OsStrExt;
        let dir = scratch("latin1-names", &[]);
        for name in [&b"caf\xe7.txt"[..], b"caf\xe9.txt"] {
            std::fs::write(dir.join(std::ffi::OsStr::from_bytes(name)), "x").unwrap();
        }
        let exts = vec!["txt".to_string()];
        let listing = expand(&dir, ".", &exts, &dir, &[dir.join("out")]).unwrap();
        let stems: Vec<String> = listing.files.iter().map(InputFile::stem).collect();
        assert_eq!(stems, ["caf%E7", "caf%E9"]);
        let shown: Vec<&str> = listing.files.iter().map(|f| f.display.as_str()).collect();
        assert_eq!(shown, ["caf%E7.txt", "caf%E9.txt"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A file or a folder whose name has a glob's marks is read by its name; a glob still
    /// matches files.
    #[test]
    fn a_path_with_a_globs_marks_that_exists_is_read_as_itself() {
        let dir = scratch("brackets", &["feed[1]", "a{b,c}"]);
        for name in ["x[1].jsonl", "x1.jsonl", "feed[1]/in.txt", "a{b,c}/in.txt"] {
            std::fs::write(dir.join(name), "x").unwrap();
        }
        let exts = vec!["txt".to_string(), "jsonl".to_string()];
        let names = |pattern: &str| {
            check_pattern(pattern, &dir.join(pattern), &dir).unwrap();
            let listing = expand(&dir.join(pattern), pattern, &exts, &dir, &[dir.join("out")]).unwrap();
            listing.files.iter().map(|f| f.display.clone()).collect::<Vec<_>>()
        };
        assert_eq!(names("x[1].jsonl"), ["x[1].jsonl"]);
        assert_eq!(names("feed[1]"), ["feed[1]/in.txt"]);
        assert_eq!(names("a{b,c}"), ["a{b,c}/in.txt"]);
        assert_eq!(names("x[0-9].jsonl"), ["x1.jsonl"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn files_a_directory_walk_leaves_out_are_listed() {
        let dir = scratch("skipped", &[]);
        for name in ["a.txt", "B.JSONL", "notes.csv", ".DS_Store"] {
            std::fs::write(dir.join(name), "x").unwrap();
        }
        let exts = vec!["txt".to_string(), "jsonl".to_string()];
        let listing = expand(&dir, ".", &exts, &dir, &[dir.join("out")]).unwrap();
        let files: Vec<&str> = listing.files.iter().map(|f| f.display.as_str()).collect();
        assert_eq!(files, ["B.JSONL", "a.txt"]);
        assert_eq!(
            listing.skipped.iter().map(|(shown, _)| shown.as_str()).collect::<Vec<_>>(),
            ["notes.csv"]
        );
        // A glob chooses its files: the rest is not reported.
        let listing = expand(&dir.join("*.txt"), "*.txt", &exts, &dir, &[dir.join("out")]).unwrap();
        assert!(listing.skipped.is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// `paths: [.]` with `output: out` beside it: the last run's output is not read again as
    /// input, by a directory walk or a glob; a file in it named on its own still is.
    #[test]
    fn the_runs_output_directory_is_not_input() {
        let dir = scratch("output", &["out", "feeds"]);
        for name in ["a.txt", "out/articles.jsonl", "feeds/b.jsonl"] {
            std::fs::write(dir.join(name), "x").unwrap();
        }
        let exts = vec!["txt".to_string(), "jsonl".to_string()];
        let out = dir.join("out");
        let listing = expand(&dir, ".", &exts, &dir, std::slice::from_ref(&out)).unwrap();
        let files: Vec<&str> = listing.files.iter().map(|f| f.display.as_str()).collect();
        assert_eq!(files, ["a.txt", "feeds/b.jsonl"]);
        assert_eq!(listing.output_skipped.as_deref(), Some("out"));
        let listing =
            expand(&dir.join("**/*.jsonl"), "**/*.jsonl", &exts, &dir, std::slice::from_ref(&out)).unwrap();
        let files: Vec<&str> = listing.files.iter().map(|f| f.display.as_str()).collect();
        assert_eq!(files, ["feeds/b.jsonl"]);
        let named = dir.join("out/articles.jsonl");
        let listing = expand(&named, "out/articles.jsonl", &exts, &dir, std::slice::from_ref(&out)).unwrap();
        assert_eq!(listing.files.len(), 1);
        // So are the files a glob names in it.
        let listing =
            expand(&dir.join("out/*.jsonl"), "out/*.jsonl", &exts, &dir, std::slice::from_ref(&out)).unwrap();
        let files: Vec<&str> = listing.files.iter().map(|f| f.display.as_str()).collect();
        assert_eq!(files, ["out/articles.jsonl"]);
        // The output directory walked as the input root: the run's own files are left out.
        std::fs::write(dir.join("out/report.json"), "{}").unwrap();
        std::fs::write(dir.join("out/wire.jsonl"), "x").unwrap();
        let listing = expand(&out, ".", &exts, &out, std::slice::from_ref(&out)).unwrap();
        let files: Vec<&str> = listing.files.iter().map(|f| f.display.as_str()).collect();
        assert_eq!(files, ["wire.jsonl"]);
        std::fs::remove_file(dir.join("out/wire.jsonl")).unwrap();
        // Another output directory: `out` is input like any other.
        let listing = expand(&dir, ".", &exts, &dir, &[dir.join("elsewhere")]).unwrap();
        assert_eq!(listing.files.len(), 3);
        assert_eq!(listing.output_skipped, None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
