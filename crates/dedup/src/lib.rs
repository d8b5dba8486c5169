//! copydesk dedup stage: exact and near-duplicate detection with MinHash and LSH.
//!
//! `process` fingerprints each document and holds it; `finish` clusters the whole stream and
//! emits every document in the order received, annotated with its cluster (or, in drop mode,
//! drops all but each cluster's representative). One worker must see the whole stream, so the
//! stage is not parallel-safe.
//!
//! Exact copies share one fingerprint (xxh3 of the text). Near copies are found by word-shingle
//! MinHash with LSH banding, and every LSH candidate pair is then checked exactly on its shingle
//! sets: a pair is a duplicate if its Jaccard or its containment reaches its threshold. Pairs
//! are joined with union-find, so clusters do not depend on the order documents arrive in.
//! Defaults and why: see [`options`].

mod boilerplate;
mod chunked;
mod explain;
mod figures;
mod fingerprint;
mod index;
mod lsh;
mod minhash;
mod misses;
pub mod options;
mod parallel;
mod persist;
mod recent;
mod shingle;
mod spool;
mod unionfind;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use copydesk_core::paths::resolved;
use copydesk_core::{
    BuildContext, DedupInfo, Document, OptionError, Output, Registry, Stage, StageError, StopSignal,
};
use xxhash_rust::xxh3::xxh3_64;

use crate::boilerplate::Boilerplate;
use crate::chunked::Chunked;
pub use crate::explain::{Passage, shared_passages, shingle_words};
pub use crate::figures::{Figures, SHORT_WORDS};
pub use crate::fingerprint::ATTACHMENT as FINGERPRINT_ATTACHMENT;
use crate::fingerprint::{Fingerprint, FingerprintOptions, FingerprintStage, Fingerprinter};
pub use crate::index::{ClusterStats, Rule, Scores};
use crate::index::{DocMeta, Index};
use crate::minhash::MinHasher;
pub use crate::options::{DedupOptions, Mode};
pub use crate::shingle::MAX_SHINGLE_SIZE;
use crate::spool::{KeyLog, Prefetch, Spool};
use copydesk_core::hashing::HashKey;

/// The sorted, distinct shingle hashes of `text` with shingles of `shingle_size` words (1 to 16),
/// as the stage computes them. For tests and evaluation tools that score pairs directly.
pub fn shingles(text: &str, shingle_size: usize) -> Vec<u32> {
    let mut out = Vec::new();
    shingle::Shingler::new(shingle_size).shingles(text, &mut out);
    out
}

/// Exact Jaccard and containment of two results of [`shingles`].
pub fn scores(a: &[u32], b: &[u32]) -> Scores {
    index::scores_of(a, b)
}

/// Two whole texts' scores: identical texts are exact copies (all scores 1, as the export
/// reports them) even when they have no words to make shingles of; other texts are scored on
/// their shingle sets. (The stage itself leaves boilerplate paragraphs out of the sets.)
pub fn text_scores(a: &str, b: &str, shingle_size: usize) -> Scores {
    if a == b {
        return Scores::SAME;
    }
    scores(&shingles(a, shingle_size), &shingles(b, shingle_size))
}

pub fn register(registry: &mut Registry) {
    registry.add_stage::<FingerprintOptions, FingerprintStage, _>(
        "fingerprint",
        "compute dedup's shingles and MinHash signature on several workers, for a dedup stage after it",
        true,
        fingerprint::build,
    );
    registry.add_stage::<DedupOptions, Dedup, _>(
        "dedup",
        "cluster exact and near-duplicate articles (MinHash + LSH, exact Jaccard/containment check)",
        false,
        build,
    );
}

/// Why the index saved at `path` (in the existing directory `dir`) would destroy the run's
/// own files or its input, if it would: one of the files a run writes into a directory it
/// writes (its output directory, export's `dir:`; "index_out: out/report.json"), or a file the
/// run reads, which the next run would then read as a document: one its `paths` name, one a
/// glob of them matches, or one of the extensions it reads, not hidden, below a directory they
/// name. (Any other file beside the output, "out/dedup.index", is fine.)
fn clashes_with_the_run(path: &Path, dir: &Path, ctx: &BuildContext<'_>) -> Option<String> {
    let dir = resolved(dir);
    let name = path.file_name()?.to_str()?;
    if copydesk_core::OUTPUT_FILES.contains(&name)
        && let Some(out) = ctx.output_dirs().iter().find(|out| resolved(out) == dir)
    {
        return Some(format!(
            "{} is one of the files the run writes into its output directory {}: name another file",
            path.display(),
            out.display()
        ));
    }
    let file = dir.join(name);
    // As the stages read their options: `paths: in` is `[in]`, and left out, `[seeds]`.
    for (_, options) in ctx.earlier {
        let Some(paths) = options.get("paths").and_then(|p| p.as_array()) else { continue };
        let extensions: Vec<String> = match options.get("extensions").and_then(|e| e.as_array()) {
            Some(list) => list.iter().filter_map(|e| e.as_str()).map(|e| e.to_ascii_lowercase()).collect(),
            None => copydesk_core::INPUT_EXTENSIONS.iter().map(|e| e.to_string()).collect(),
        };
        for pattern in paths.iter().filter_map(|p| p.as_str()) {
            if reads(&file, pattern, &extensions, ctx) {
                return Some(format!(
                    "{} would be read by the run as input (`{pattern}`): the next run would read the index \
                     as a document",
                    path.display()
                ));
            }
        }
    }
    None
}

/// Whether an input `pattern` (resolved against the config's directory) reaches `file`: as
/// the file itself, by a glob ("feeds/*"), or below a directory it names, with one of
/// `extensions` and no hidden part.
fn reads(file: &Path, pattern: &str, extensions: &[String], ctx: &BuildContext<'_>) -> bool {
    use copydesk_core::paths;
    let root = ctx.resolve(Path::new(pattern));
    if std::fs::symlink_metadata(&root).is_ok() || !paths::is_glob(pattern) {
        if !root.is_dir() {
            return resolved(&root) == file;
        }
        let Ok(below) = file.strip_prefix(resolved(&root)) else { return false };
        let hidden = below.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
        let name = below.to_string_lossy().to_ascii_lowercase();
        let extension = paths::without_compression(&name).0.rsplit_once('.').map(|(_, e)| e);
        return !hidden && extension.is_some_and(|e| extensions.iter().any(|x| x == e));
    }
    // A glob: the folders before its first mark, and the rest matched below them.
    let (base, rest) = paths::glob_split(pattern);
    let Ok(below) = file.strip_prefix(resolved(&ctx.resolve(&base))) else { return false };
    globset::GlobBuilder::new(&rest.join("/"))
        .literal_separator(true)
        .build()
        .is_ok_and(|glob| glob.compile_matcher().is_match(below))
}

fn build(options: DedupOptions, ctx: &BuildContext<'_>) -> Result<Dedup, Vec<OptionError>> {
    // Every problem at once: a value out of range does not hide the checks below.
    let mut problems = options.validate().err().unwrap_or_default();
    let index_out = options.index_out.as_deref().map(|p| ctx.resolve(p));
    let mut index_in = options.index_in.as_deref().map(|p| ctx.resolve(p));
    // A daily job names one file for both: on its first run there is none yet, and the index
    // starts empty. Said (below, once `index_out` is found sound), as a misspelt or moved path
    // would start one too.
    let first_run =
        index_in.is_some() && index_in == index_out && index_in.as_deref().is_some_and(|p| !p.exists());
    if first_run {
        index_in = None;
    }
    // The fingerprint stage before it must make what this stage reads: a mismatch would stop
    // the run at the first document.
    if let Some((_, written)) = ctx.earlier.iter().rev().find(|(kind, _)| *kind == "fingerprint") {
        let made: FingerprintOptions = serde_json::from_value((*written).clone()).unwrap_or_default();
        for (key, theirs, ours) in [
            ("shingle_size", made.shingle_size, options.shingle_size),
            ("num_perm", made.num_perm, options.num_perm),
        ] {
            if theirs != ours {
                problems.push(OptionError::new(
                    key,
                    format!(
                        "{ours} here, but the fingerprint stage before it uses {theirs}: they must be equal"
                    ),
                ));
            }
        }
    }
    if let Some(path) = &index_in {
        // A wrong, truncated or damaged file is a config problem; the entries are read when the
        // stream starts.
        if let Err(e) = persist::check(path, &options) {
            problems.push(OptionError::new("index_in", e.to_string()));
        }
    }
    if let Some(path) = &index_out {
        // Found at the end of the run, a missing directory would cost the whole run.
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        if path.is_dir() {
            problems.push(OptionError::new(
                "index_out",
                format!("{} is a directory, not a file", path.display()),
            ));
        } else if !dir.is_dir() && ctx.output_dirs().iter().any(|out| resolved(out) == resolved(dir)) {
            // An output directory the run makes before it reads anything (and checks it can
            // write): `out/dedup.index` on a daily job's first run.
            if let Some(problem) = clashes_with_the_run(path, dir, ctx) {
                problems.push(OptionError::new("index_out", problem));
            }
        } else if !dir.is_dir() {
            let message = format!(
                "directory {} does not exist: make it (the run makes only its output directory), or keep the \
                 index there ({})",
                dir.display(),
                ctx.out_dir.join("dedup.index").display()
            );
            problems.push(OptionError::new("index_out", message));
        } else if let Err(e) = copydesk_core::lock::write_test(dir) {
            // Nor can the index (or its lock beside it) be written into a read-only directory.
            problems.push(OptionError::new(
                "index_out",
                format!("directory {} cannot be written: {e}", dir.display()),
            ));
        } else if let Some(problem) = clashes_with_the_run(path, dir, ctx) {
            problems.push(OptionError::new("index_out", problem));
        }
    }
    if let Some(path) = index_out.as_deref().filter(|_| first_run)
        && !problems.iter().any(|p| p.key.as_deref() == Some("index_out"))
    {
        tracing::warn!(
            "dedup: no index at {} yet: a run of this config starts a new one there (as on a daily job's first run)",
            path.display()
        );
    }
    // The spool is as large as the documents: a folder that cannot take it is found now, named
    // by the key that moves it, not at the first document.
    let spool_dir = options.spool_dir.as_deref().map_or_else(std::env::temp_dir, |p| ctx.resolve(p));
    let problem = if options.spool_dir.as_deref().is_some_and(|p| p.as_os_str().is_empty()) {
        Some("must not be empty".to_string())
    } else if spool_dir.exists() && !spool_dir.is_dir() {
        Some(format!("{} is a file, not a folder", spool_dir.display()))
    } else if !spool_dir.is_dir() {
        Some(format!("folder {} does not exist", spool_dir.display()))
    } else {
        copydesk_core::lock::write_test(&spool_dir)
            .err()
            .map(|e| format!("folder {} cannot be written: {e}", spool_dir.display()))
    };
    if let Some(problem) = problem {
        let default = options.spool_dir.is_none().then_some(" (the system's temporary folder, TMPDIR)");
        problems.push(OptionError::new("spool_dir", format!("{problem}{}", default.unwrap_or_default())));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Dedup { options, index_in, index_out, spool_dir, state: None, index_lock: None })
}

/// The dedup stage. Spools every document until `finish`, keeping only the index in memory.
#[derive(Debug)]
pub struct Dedup {
    options: DedupOptions,
    index_in: Option<PathBuf>,
    index_out: Option<PathBuf>,
    /// The folder of the spool (`spool_dir`, resolved, or the system's temporary folder).
    spool_dir: PathBuf,
    /// Made at the first document: a stage is built and cloned before any I/O happens.
    state: Option<State>,
    /// The lock on `index_out`, taken in `start` (before the run reads anything), until the
    /// state takes it over.
    index_lock: Option<std::fs::File>,
}

impl Clone for Dedup {
    /// A fresh stage with the same options: the runtime clones the built stage once per worker
    /// before the stream starts, so there is no state to copy.
    fn clone(&self) -> Self {
        Dedup {
            options: self.options.clone(),
            index_in: self.index_in.clone(),
            index_out: self.index_out.clone(),
            spool_dir: self.spool_dir.clone(),
            state: None,
            index_lock: None,
        }
    }
}

#[derive(Debug)]
struct State {
    index: Index,
    spool: Spool,
    /// This run's new texts' paragraph keys, for the boilerplate step (when it is on).
    keys: KeyLog,
    boilerplate: Boilerplate,
    /// Reused buffer for fingerprints decoded from the fingerprint stage's field.
    given: Fingerprint,
    /// Entries loaded from an earlier run's index: documents 0..earlier, fingerprints 0..earlier.
    earlier: usize,
    /// Per earlier entry, whether it represented its cluster (it ranks first: see `persist`).
    earlier_reps: Vec<bool>,
    /// Per fingerprint, its text's 64-bit xxh3 (0: unknown, from an index of version 2): kept
    /// only to be saved (`index_out`), so the next run knows a re-sent text for a copy.
    text_hashes: Option<Chunked<u64>>,
    /// The earlier entries' ids and texts, as (xxh3 of the id, xxh3 of the text; 0: unknown),
    /// sorted: to find today's documents that carry an earlier run's id for another text.
    earlier_ids: Vec<(u64, u64)>,
    /// Today's documents with an earlier entry's id and a different text, and the first one's id.
    reused_ids: u64,
    first_reused_id: Option<String>,
    release: Option<Release>,
    /// What clustering did (after `finish` first ran).
    stats: ClusterStats,
    /// The lock on `index_out` (see `persist::lock`), held until the saved index is in place:
    /// let go when dedup's thread ends, the saved index still under its temporary name, a
    /// second run could take the lock and remove that file as a killed run's.
    index_lock: Option<std::fs::File>,
}

/// Releasing documents from `finish`, a chunk a call, in input order.
#[derive(Debug)]
struct Release {
    documents: Prefetch,
    next: usize,
    /// Documents per cluster, by root fingerprint.
    size: Vec<u32>,
    /// Each cluster's representative, for clusters of two or more.
    reps: Reps,
    /// The scores of each member against its representative, in release order
    /// ([`State::rep_scores`]), taken as the members are released.
    rep_scores: std::vec::IntoIter<(f64, f64)>,
    /// The members chained into a cluster that share too little with its representative and
    /// head a part of their own (see [`CHAINED_BELOW`]), in release order.
    parts: Vec<Rep>,
    /// The parts by their heads' LSH band keys (every other band), with their cluster: a chained
    /// member looks up the parts it shares a key with, not every part of a large cluster.
    part_keys: HashMap<u64, u32, HashKey>,
    /// What a chained member's scores against the parts' heads are read into.
    buffers: index::SetBuffers,
    /// The figures of each part's head (see [`figures`]), by part.
    part_figures: Vec<Figures>,
    /// Representatives' figures by document, read from the spool when a short member first
    /// asks: one read a cluster, not one a member (at most one entry a cluster, a long text's
    /// without figures).
    rep_figures: HashMap<u32, Figures, HashKey>,
    duplicates: usize,
    /// Members released so far that were chained into their cluster.
    chained: usize,
}

/// A member of a cluster whose similarity to the representative is below this shares next to
/// nothing with it: it was chained in through a third text (a short story pasted whole into
/// another article, so that the article contains it). It is released as a duplicate of the first
/// part of its cluster it does share this much with, else as the head of a part of its own:
/// never as a copy of a story it has no passage of. Copies linked through others share far more
/// (on the labelled syndication set, every member shares 0.55 or more with its representative,
/// or nothing).
const CHAINED_BELOW: f64 = 0.1;

/// Each cluster's representative, by root fingerprint (clusters of two or more). Looked up once
/// a document at the release, and iterated only where order does not matter (a sum, a saved
/// index's map): keyed by number, hashed by one multiply.
type Reps = HashMap<u32, Rep, HashKey>;

#[derive(Debug)]
struct Rep {
    doc: u32,
    id: String,
}

/// Documents released per `finish` call: enough to amortize the call, and for news-sized
/// documents half of what the channel to the next stage holds (the runtime sends them on in
/// batches of 32, and a channel to a stage of one worker holds eight batches), so that sending
/// them seldom waits: the next call's work goes on while the next stage takes them. With 1,024 a
/// call, dedup waited for export to take three quarters of them, then export waited for dedup's
/// next call: at 1 GB the release took 10.7-12.3 s, with 128 8.4-10.1 s. Fewer once their texts
/// hold [`CHUNK_BYTES`] (long documents, which the runtime sends in batches of fewer than 32 as
/// well).
const CHUNK: usize = 128;
const CHUNK_BYTES: usize = 16 << 20;

impl Dedup {
    /// A stage with `options`, which must have passed [`DedupOptions::validate`]; no index files.
    pub fn new(options: DedupOptions) -> Self {
        Dedup {
            options,
            index_in: None,
            index_out: None,
            spool_dir: std::env::temp_dir(),
            state: None,
            index_lock: None,
        }
    }

    fn state(&mut self) -> Result<&mut State, StageError> {
        if self.state.is_none() {
            let fingerprinter = Fingerprinter::new(
                self.options.shingle_size,
                Arc::new(MinHasher::new(self.options.num_perm)),
            );
            let rule = self.options.rule();
            let index_lock = match self.index_lock.take() {
                Some(lock) => Some(lock),
                None => self.index_out.as_deref().map(persist::lock).transpose()?,
            };
            let place = spool_place(&self.spool_dir);
            let spool = Spool::new(&self.spool_dir)
                .map_err(|e| StageError::from(e).context(format!("cannot create {place}")))?;
            let keys = KeyLog::new(&self.spool_dir)
                .map_err(|e| StageError::from(e).context(format!("cannot create {place}")))?;
            let mut state = State {
                index: Index::new(
                    fingerprinter,
                    self.options.bands,
                    self.options.rows,
                    rule,
                    self.options.max_misses,
                ),
                spool,
                keys,
                boilerplate: Boilerplate::default(),
                given: Fingerprint::default(),
                earlier: 0,
                earlier_reps: Vec::new(),
                text_hashes: self.index_out.is_some().then(Chunked::default),
                earlier_ids: Vec::new(),
                reused_ids: 0,
                first_reused_id: None,
                release: None,
                stats: ClusterStats::default(),
                index_lock,
            };
            if let Some(path) = &self.index_in {
                state.earlier_reps = persist::load(
                    path,
                    &self.options,
                    &mut state.index,
                    &mut state.spool,
                    state.text_hashes.as_mut(),
                    &mut state.earlier_ids,
                )?;
                state.earlier_ids.sort_unstable();
                state.earlier = state.earlier_reps.len();
            }
            self.state = Some(state);
        }
        Ok(self.state.as_mut().expect("made above"))
    }

    /// Bytes held by the index and the boilerplate counts (not the spooled documents).
    pub fn index_bytes(&self) -> usize {
        self.state.as_ref().map_or(0, |s| {
            s.index.heap_bytes()
                + s.boilerplate.heap_bytes()
                + s.text_hashes.as_ref().map_or(0, |h| h.heap_bytes())
                + s.earlier_ids.capacity() * std::mem::size_of::<(u64, u64)>()
        })
    }

    /// Bytes of the fixed-size window of recent texts' shingle sets (not per document).
    pub fn window_bytes(&self) -> usize {
        self.state.as_ref().map_or(0, |s| s.index.window_bytes())
    }

    /// Bytes written to the spool file so far (documents, shingle sets, paragraph keys).
    pub fn spool_bytes(&self) -> u64 {
        self.state.as_ref().map_or(0, |s| s.spool.len())
    }

    /// What clustering did: candidate pairs and bucket sizes (zero until `finish` has run).
    pub fn cluster_stats(&self) -> ClusterStats {
        self.state.as_ref().map_or_else(ClusterStats::default, |s| s.stats)
    }

    /// Everything before the first release: boilerplate, clusters, representatives.
    fn prepare(&mut self, out: &mut Output) -> Result<(), StageError> {
        out.count("window_bytes", self.window_bytes() as u64);
        let options = self.options.clone();
        let place = spool_place(&self.spool_dir);
        let state = self.state()?;
        if state.earlier > 0 {
            out.count("ids_of_earlier_texts", state.reused_ids);
        }
        if let Some(first) = &state.first_reused_id {
            let which = match state.reused_ids {
                1 => format!("1 document (`{first}`) has"),
                n => format!("{n} documents (the first `{first}`) have"),
            };
            tracing::warn!(
                "dedup: {which} the id of a different text in the earlier runs' index (`index_in`): an \
                 edited re-send, or ids that are not stable across runs (a JSON-lines file without ids is \
                 numbered by line); their `cluster` and `duplicate_of`, and those naming the earlier \
                 text, then name two texts by one id. Give each text its own id when runs share an index"
            );
        }
        let io = |e: std::io::Error| StageError::from(e).context(place.clone());
        state.spool.flush().map_err(io)?;
        let stop = out.stop_signal();
        let started = std::time::Instant::now();
        let stripped = state.strip_boilerplate(options.boilerplate_contexts, &stop).map_err(io)?;
        out.count("boilerplate_texts", stripped);
        // The disk the spool takes (in `spool_dir`): the documents held, their sets, and the
        // sets the boilerplate pass made again.
        out.count("spool_bytes", state.spool.len());
        let boilerplate_seconds = started.elapsed().as_secs_f64();
        let started = std::time::Instant::now();
        let stats = state.index.join_similar(&state.spool, &stop).map_err(io)?;
        out.count("texts_at_miss_limit", stats.spent_texts);
        if stats.spent_texts > 0 {
            tracing::warn!(
                "dedup: {} texts failed `max_misses` ({}) exact checks each and were checked further only \
                 against texts sharing many of their LSH bands, as many texts from one template do; a copy \
                 of one of them that shares few words with it beyond the template may be missed \
                 (`max_misses: 0` checks every candidate)",
                stats.spent_texts,
                options.max_misses
            );
        }
        let checks_seconds = started.elapsed().as_secs_f64();
        let started = std::time::Instant::now();
        let (size, reps) = state.representatives(&stop).map_err(io)?;
        let representatives_seconds = started.elapsed().as_secs_f64();
        let started = std::time::Instant::now();
        let (rep_scores, clustered) = state.rep_scores(&reps, &stop).map_err(io)?;
        let scores_seconds = started.elapsed().as_secs_f64();
        // Memory that grows with the input, at its largest (boilerplate texts re-indexed, the
        // clusters' table made, the members' scores worked out), reported so a run's peak can
        // be read "index aside".
        let reps_bytes = size.capacity() * 4
            + reps.capacity() * (1 + 4 + std::mem::size_of::<Rep>())
            + reps.values().map(|r| r.id.capacity()).sum::<usize>()
            + rep_scores.capacity() * std::mem::size_of::<(f64, f64)>();
        let index_bytes = state.index.heap_bytes()
            + state.boilerplate.heap_bytes()
            + reps_bytes
            + state.earlier_ids.capacity() * std::mem::size_of::<(u64, u64)>();
        out.count("index_bytes", index_bytes as u64);
        let first = if state.index.docs() > state.earlier {
            state.index.doc(state.earlier).offset
        } else {
            state.spool.len()
        };
        let reader = state.spool.sequential(first).map_err(io)?;
        let documents = Prefetch::new(reader, state.index.docs() - state.earlier, clustered).map_err(io)?;
        tracing::info!(
            documents = state.index.docs() - state.earlier,
            earlier_entries = state.earlier,
            distinct_texts = state.index.len(),
            candidate_pairs_reported = stats.reported,
            candidate_pairs_checked_in_window = stats.checked_in_window,
            candidate_pairs_checked = stats.checked,
            largest_bucket = stats.largest_bucket,
            texts_at_miss_limit = stats.spent_texts,
            most_misses = stats.most_misses,
            pairs_joined = stats.joined,
            index_bytes,
            boilerplate_seconds,
            checks_seconds,
            representatives_seconds,
            scores_seconds,
            "dedup clustered"
        );
        state.release = Some(Release {
            documents,
            next: state.earlier,
            size,
            reps,
            rep_scores: rep_scores.into_iter(),
            parts: Vec::new(),
            part_keys: HashMap::default(),
            buffers: Default::default(),
            part_figures: Vec::new(),
            rep_figures: HashMap::default(),
            duplicates: 0,
            chained: 0,
        });
        state.stats =
            ClusterStats { seconds: [boilerplate_seconds, checks_seconds, representatives_seconds], ..stats };
        Ok(())
    }
}

impl State {
    /// Re-index every text holding boilerplate paragraphs without them; returns how many.
    fn strip_boilerplate(&mut self, min: u32, stop: &StopSignal) -> std::io::Result<u64> {
        if min == 0 {
            return Ok(0);
        }
        let boilerplate = self.boilerplate.keys(min);
        if boilerplate.is_empty() {
            return Ok(0);
        }

        // Which texts hold boilerplate (from the key log, in fingerprint order), then their
        // fingerprints without it on every core, a batch of texts at a time (a batch's new
        // fingerprints are held in memory until appended): up to 2,048 texts, fewer once they
        // hold 65,536 paragraphs, so that long texts (a megabyte each) do not take gigabytes.
        const BATCH: usize = 2_048;
        const BATCH_PARAGRAPHS: usize = 65_536;
        let mut log = self.keys.reader()?;
        let mut keys = Vec::new();
        let mut changed = 0;
        // Earlier runs' entries were compared as they were then: only this run's texts.
        let mut n = self.earlier as u32;
        while n < self.index.len() as u32 {
            stop.check()?;
            let mut records = Vec::with_capacity(BATCH);
            let mut paragraphs = 0;
            while n < self.index.len() as u32 && records.len() < BATCH && paragraphs < BATCH_PARAGRAPHS {
                log.next(&mut keys)?;
                if boilerplate::any(&boilerplate, &keys) {
                    records.push((n, self.index.record(n)));
                    paragraphs += keys.len();
                }
                n += 1;
            }
            let (spool, texts, fingerprinter) = (&self.spool, &self.boilerplate, self.index.fingerprinter());
            let stripped = parallel::map_parts(&records, |part| {
                let mut out = Vec::new();
                let mut fingerprinter = fingerprinter.clone();
                for &(n, record) in part {
                    let Some(text) = spool.text(record)? else { continue };
                    let Some((stripped, short)) = texts.strip(&text, min) else { continue };
                    let mut fp = Fingerprint::default();
                    fingerprinter.compute(&stripped, &mut fp);
                    out.push((n, fp, short));
                }
                Ok(out)
            })?;
            for (n, fp, short) in stripped {
                let offset = self.spool.append(u64::MAX, &fp.paragraphs, &fp.gaps, "", None)?;
                self.index.replace(n, offset, &fp.signature, fp.shingles.len(), short);
                changed += 1;
            }
        }
        self.spool.flush()?;
        Ok(changed)
    }

    /// Per root fingerprint the cluster's size, and the representative of every cluster of two
    /// or more: the first in representative order (see [`date_of`]).
    fn representatives(&mut self, stop: &StopSignal) -> std::io::Result<(Vec<u32>, Reps)> {
        let mut size = vec![0u32; self.index.len()];
        let mut best = vec![u32::MAX; self.index.len()];
        // The id of each cluster's best document so far, once it was needed: every other member
        // then costs one id read, not two.
        let mut best_id: HashMap<u32, String, HashKey> = HashMap::default();
        for i in 0..self.index.docs() {
            if i % 65_536 == 0 {
                stop.check()?;
            }
            let root = self.index.root(self.index.doc(i).fp);
            size[root as usize] += 1;
            let current = best[root as usize];
            if current == u32::MAX {
                best[root as usize] = i as u32;
            } else {
                let (first, ids) = self.before(i, current as usize, best_id.get(&root))?;
                if first {
                    best[root as usize] = i as u32;
                }
                match ids {
                    Some((a, b)) => _ = best_id.insert(root, if first { a } else { b }),
                    None if first => _ = best_id.remove(&root),
                    None => {}
                }
            }
        }
        let mut reps = Reps::default();
        for (root, (&n, &doc)) in size.iter().zip(&best).enumerate() {
            if n >= 2 {
                let id = match best_id.remove(&(root as u32)) {
                    Some(id) => id,
                    None => self.spool.id(self.index.doc(doc as usize).offset)?,
                };
                reps.insert(root as u32, Rep { doc, id });
            }
        }
        Ok((size, reps))
    }

    /// The scores against its representative of every document of this run (from `earlier` on)
    /// that [`rep_of`] gives one, in release order: exactly those [`State::release`] takes.
    /// Each is two shingle sets read back from the spool and compared, unless the window joined
    /// the pair (an exact copy's are 1 without a read). Worked out here on every core, with the
    /// stream over: one after another as the documents went out, they held the release back
    /// (on the 100 MB bench corpus, gazetteer-only, seven documents in ten copies, the release
    /// took 1.4-1.5 s with them and 0.9-1.0 s without them), the release keeping both cores busy
    /// only in part. Also which documents, counted from `earlier`, are in a cluster of two or
    /// more (a bit each): only theirs need figures at the release.
    #[allow(clippy::type_complexity)]
    fn rep_scores(&mut self, reps: &Reps, stop: &StopSignal) -> std::io::Result<(Vec<(f64, f64)>, Vec<u64>)> {
        const CHUNK: usize = 1 << 16;
        let mut scores = Vec::new();
        let mut clustered = vec![0u64; (self.index.docs() - self.earlier).div_ceil(64)];
        let mut pairs = Vec::with_capacity(CHUNK);
        let mut i = self.earlier;
        while i < self.index.docs() {
            stop.check()?;
            pairs.clear();
            while i < self.index.docs() && pairs.len() < CHUNK {
                let fp = self.index.doc(i).fp;
                if let Some(rep) = reps.get(&self.index.root(fp)) {
                    clustered[(i - self.earlier) / 64] |= 1 << ((i - self.earlier) % 64);
                    // Every member but the representative itself (see [`rep_of`]).
                    if rep.doc as usize != i {
                        pairs.push((fp, rep.doc));
                    }
                }
                i += 1;
            }
            let (index, spool) = (&self.index, &self.spool);
            scores.extend(parallel::map_parts(&pairs, |part| {
                let mut buffers = Default::default();
                part.iter().map(|&(fp, doc)| pair_scores(index, spool, fp, doc, &mut buffers)).collect()
            })?);
        }
        Ok((scores, clustered))
    }

    /// Whether document `a` ranks before `b` (see [`date_of`]), given `b`'s id if known, and
    /// both ids when they were compared. Ids and texts are read back only on a tie of what memory
    /// holds.
    #[allow(clippy::type_complexity)]
    fn before(
        &self,
        a: usize,
        b: usize,
        b_id: Option<&String>,
    ) -> std::io::Result<(bool, Option<(String, String)>)> {
        let (ma, mb) = (self.index.doc(a), self.index.doc(b));
        let key =
            |i: usize, m: DocMeta| (i >= self.earlier, !self.earlier_reps.get(i).unwrap_or(&true), m.date);
        if key(a, ma) != key(b, mb) {
            return Ok((key(a, ma) < key(b, mb), None));
        }
        let ida = self.spool.id(ma.offset)?;
        let idb = match b_id {
            Some(id) => id.clone(),
            None => self.spool.id(mb.offset)?,
        };
        let first = if ida != idb {
            id_order(&ida, &idb).is_lt()
        } else {
            let text = |m: DocMeta| -> std::io::Result<String> {
                Ok(self.spool.record(m.offset)?.doc.map(|d| d.text).unwrap_or_default())
            };
            (text(ma)?, a) < (text(mb)?, b)
        };
        Ok((first, Some((ida, idb))))
    }

    /// The next chunk of documents, annotated, into `out`; true when all are out.
    fn release(&mut self, mode: Mode, out: &mut Output) -> std::io::Result<bool> {
        let release = self.release.as_mut().expect("prepared");
        let last = (release.next + CHUNK).min(self.index.docs());
        let (mut bytes, mut end) = (0, release.next);
        let (mut chained, mut other_figures, mut duplicates, mut of_earlier) = (0, 0, 0, 0);
        while end < last && bytes < CHUNK_BYTES {
            let i = end;
            end += 1;
            let (Some(mut doc), figures) = release.documents.next_document()? else {
                return Err(std::io::Error::other("a spooled document is missing"));
            };
            bytes += doc.text.len() + doc.original.len();
            let fp = self.index.doc(i).fp;
            let root = self.index.root(fp);
            let earlier = self.earlier;
            let duplicate_of = |rep: &Rep, (jaccard, containment): (f64, f64)| {
                let (jaccard, containment) = (round(jaccard), round(containment));
                DedupInfo {
                    cluster: rep.id.clone(),
                    duplicate_of: Some(rep.id.clone()),
                    of_earlier_run: (rep.doc as usize) < earlier,
                    similarity: Some(jaccard.max(containment)),
                    jaccard: Some(jaccard),
                    containment: Some(containment),
                }
            };
            let found = match rep_of(&release.reps, root, i) {
                Some(rep) => {
                    let scores = release.rep_scores.next().expect("scores worked out for every member");
                    // A short text whose figures are not its representative's is another report of
                    // one template: released as a chained member is, into a part of its figures.
                    // (The member's figures were worked out as it was read back, on the thread that
                    // reads the spool ahead; the representative's are read once a cluster.)
                    let chained_in = similarity(scores) < CHAINED_BELOW;
                    let of_rep = if chained_in || figures.is_long() {
                        None
                    } else {
                        let read = (&self.index, &self.spool, self.earlier);
                        rep_figures(&mut release.rep_figures, read, rep.doc)?
                    };
                    let agree = chained_in || of_rep.is_none_or(|of_rep| of_rep.agree(&figures));
                    if !chained_in && agree {
                        Some(duplicate_of(rep, scores))
                    } else {
                        if chained_in {
                            chained += 1;
                        } else {
                            other_figures += 1;
                        }
                        let found = chained_part(
                            &self.index,
                            &self.spool,
                            self.earlier,
                            release,
                            (root, i),
                            &doc.id,
                            (figures, !chained_in),
                        )?;
                        found.map(|(rep, scores)| duplicate_of(&rep, scores))
                    }
                }
                None => {
                    // A representative read before its members leaves its figures for them.
                    if release.reps.get(&root).is_some_and(|rep| rep.doc as usize == i) {
                        release.rep_figures.entry(i as u32).or_insert(figures);
                    }
                    None
                }
            };
            let info = match found {
                Some(info) => {
                    duplicates += 1;
                    of_earlier += usize::from(info.of_earlier_run);
                    info
                }
                None => DedupInfo {
                    cluster: doc.id.clone(),
                    duplicate_of: None,
                    of_earlier_run: false,
                    similarity: None,
                    jaccard: None,
                    containment: None,
                },
            };
            debug_assert!(release.size[root as usize] >= 1);
            let is_duplicate = info.duplicate_of.is_some();
            doc.dedup = Some(info);
            if is_duplicate && mode == Mode::Drop {
                out.drop_duplicate(doc);
            } else {
                out.emit(doc);
            }
        }
        release.next = end;
        release.chained += chained;
        release.duplicates += duplicates;
        out.count("chained_texts", chained as u64);
        out.count("figures_differ", other_figures as u64);
        // Marked or dropped alike (`mode`), and of those the copies of an earlier run's article.
        out.count("duplicates", duplicates as u64);
        if self.earlier > 0 {
            out.count("duplicates_of_earlier_runs", of_earlier as u64);
        }
        let done = end == self.index.docs();
        if done {
            debug_assert_eq!(release.rep_scores.len(), 0, "every member's scores taken");
            // The parts chained members head, made while releasing, are index too: they grow with
            // the input, beside the index, to the end (added to the clusters' table counted above).
            let parts_bytes = release.parts.capacity() * std::mem::size_of::<Rep>()
                + release.parts.iter().map(|p| p.id.capacity()).sum::<usize>()
                + release.part_figures.capacity() * std::mem::size_of::<Figures>()
                + release.part_figures.iter().map(|f| f.len() * 8).sum::<usize>()
                + release.rep_figures.capacity() * (1 + 4 + std::mem::size_of::<Figures>())
                + release.rep_figures.values().map(|f| f.len() * 8).sum::<usize>()
                + release.part_keys.capacity() * (1 + 8 + 4);
            out.count("index_bytes", parts_bytes as u64);
        }
        Ok(done)
    }
}

impl Stage for Dedup {
    /// The lock on `index_out` before the run reads anything: a second run saving the same
    /// index stops at once, not at its first document here.
    fn start(&mut self) -> Result<(), StageError> {
        if let Some(path) = &self.index_out
            && self.state.is_none()
            && self.index_lock.is_none()
        {
            self.index_lock = Some(persist::lock(path)?);
        }
        Ok(())
    }

    fn process(&mut self, doc: Document, _out: &mut Output) -> Result<(), StageError> {
        let boilerplate = self.options.boilerplate_contexts > 0;
        let state = self.state()?;
        if state.index.docs() >= u32::MAX as usize {
            return Err(StageError::new(
                "more than 4,294,967,295 documents: too many to deduplicate in one run",
            ));
        }
        let mut doc = doc;
        let mut fp = std::mem::take(&mut state.given);
        let given = doc.attachments.remove(fingerprint::ATTACHMENT);
        if let Some(bytes) = &given
            && let Err(problem) = state.index.fingerprinter().decode(bytes, &mut fp)
        {
            state.given = fp;
            return Err(StageError::new(format!(
                "document `{}`: the `{}` attachment {problem}",
                doc.id,
                fingerprint::ATTACHMENT
            )));
        }
        let compute_here = given.is_none();
        let result = state.hold(doc, &mut fp, compute_here, boilerplate);
        state.given = fp;
        result.map_err(|e| StageError::from(e).context(spool_place(&self.spool_dir)))
    }

    fn finish(&mut self, out: &mut Output) -> Result<(), StageError> {
        if self.state.as_ref().is_none_or(|s| s.release.is_none()) {
            self.prepare(out)?;
        }
        let mode = self.options.mode;
        let index_out = self.index_out.clone();
        let options = self.options.clone();
        let place = spool_place(&self.spool_dir);
        let state = self.state()?;
        let done = state.release(mode, out).map_err(|e| StageError::from(e).context(place))?;
        if done {
            let release = state.release.as_ref().expect("prepared");
            tracing::info!(duplicates = release.duplicates, chained = release.chained, "dedup finished");
            if let Some(path) = index_out {
                // In place only once the run has completed (export's files written).
                let saved = persist::save(&path, &options, state, &out.stop_signal())?;
                // The lock goes with the commit: held until it has run, or the run has failed
                // and dropped it (and the saved index's temporary file with it).
                let lock = state.index_lock.take();
                // Listed in the report with the run's other output files.
                out.wrote(&path);
                out.on_commit(move || {
                    let committed = saved.commit().map_err(StageError::from);
                    drop(lock);
                    committed
                });
            }
        }
        Ok(())
    }

    fn more_to_finish(&self) -> bool {
        self.state
            .as_ref()
            .and_then(|s| s.release.as_ref())
            .is_some_and(|r| r.next < self.state.as_ref().map_or(0, |s| s.index.docs()))
    }

    /// Spools `original` with the rest of the document and gives it back unread.
    fn reads_original(&self) -> bool {
        false
    }
}

impl State {
    /// Counts a document whose id an earlier run's entry has for another text (an edited
    /// re-send, or ids that are not stable across runs, such as a file's line numbers): its
    /// `cluster` and `duplicate_of`, and those that name the earlier entry, name one id for
    /// two texts. An earlier text whose hash is unknown (an index of version 2) is not compared.
    fn check_id(&mut self, id: &str, text_hash: u64) {
        let key = xxh3_64(id.as_bytes());
        let from = self.earlier_ids.partition_point(|&(k, _)| k < key);
        // Entries of an index of version 2 have no text hash: they cannot tell, and do not hide a
        // clash with those of the id that have one.
        let mut known = self.earlier_ids[from..]
            .iter()
            .take_while(|&&(k, _)| k == key)
            .filter(|&&(_, t)| t != 0)
            .peekable();
        if known.peek().is_some() && known.all(|&(_, text)| text != text_hash) {
            self.reused_ids += 1;
            if self.first_reused_id.is_none() {
                self.first_reused_id = Some(id.to_string());
            }
        }
    }

    /// Spool one document and index it.
    fn hold(
        &mut self,
        doc: Document,
        fp: &mut Fingerprint,
        compute: bool,
        boilerplate: bool,
    ) -> std::io::Result<()> {
        if compute {
            self.index.fingerprinter_mut().compute(&doc.text, fp);
        }
        let full = xxh3_64(doc.text.as_bytes());
        let hash = (full ^ full >> 32) as u32;
        let date = date_of(&doc);
        if !self.earlier_ids.is_empty() {
            self.check_id(&doc.id, full);
        }
        if self.earlier > 0
            && let Some(known) = self.index.lookup_earlier(full)
        {
            // A copy of a text an earlier run saved (that run's entry holds its set): a re-sent
            // article is that entry's duplicate, and the index does not grow by it.
            let offset = self.spool.append(doc.seq(), &[], &[], &doc.id, Some(&doc))?;
            self.index.push_copy(offset, known, date);
            return Ok(());
        }
        let mut remember = Some(hash);
        if let Some(known) = self.index.lookup_exact(hash) {
            self.spool.flush()?;
            let first = self.spool.text(self.index.record(known))?;
            if first.is_some_and(|text| text == doc.text) {
                // An exact copy: its set is the first copy's, so the record holds none.
                let offset = self.spool.append(doc.seq(), &[], &[], &doc.id, Some(&doc))?;
                self.index.push_copy(offset, known, date);
                return Ok(());
            }
            remember = None; // a hash collision: keep the first text's entry
        }
        let offset = self.spool.append(doc.seq(), &fp.paragraphs, &fp.gaps, &doc.id, Some(&doc))?;
        self.index.push_streamed(offset, date, &fp.signature, &fp.shingles, remember);
        if let Some(hashes) = &mut self.text_hashes {
            hashes.push(full);
        }
        if boilerplate {
            self.boilerplate.observe(&fp.paragraphs, &fp.rests);
            self.keys.push(&fp.paragraphs)?;
        }
        Ok(())
    }
}

/// Representative order: an earlier run's entry first (see `persist`), then the earliest
/// well-formed `published` date (a missing or malformed one sorts after every date), then the
/// smallest id ([`id_order`]), then the text and the input position, which only matter for
/// documents sharing an id. Dates are kept as `yyyymmdd` numbers; see [`State::before`].
fn date_of(doc: &Document) -> u32 {
    match doc.published.as_deref().filter(|d| copydesk_core::is_iso_date(d)) {
        Some(d) => d.bytes().filter(u8::is_ascii_digit).fold(0, |n, c| n * 10 + u32::from(c - b'0')),
        None => u32::MAX,
    }
}

/// Ids in representative order: the numbers in them as numbers (`reuters-4` before
/// `reuters-16`, as a numbered feed's records go; of one day's copies, the one numbered first),
/// the rest as text, and two equal so (`a7`, `a007`) as text.
fn id_order(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let digits = |s: &[u8]| s.iter().take_while(|c| c.is_ascii_digit()).count();
    let number = |s: &[u8]| s.len() - s.iter().take_while(|&&c| c == b'0').count();
    let (mut x, mut y) = (a.as_bytes(), b.as_bytes());
    loop {
        match (x.first(), y.first()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let (m, n) = (digits(x), digits(y));
                // The digits without their leading zeros: the longer the larger, else by digit.
                let (p, q) = (&x[m - number(&x[..m])..m], &y[n - number(&y[..n])..n]);
                let order = p.len().cmp(&q.len()).then_with(|| p.cmp(q));
                if order.is_ne() {
                    return order;
                }
                (x, y) = (&x[m..], &y[n..]);
            }
            (Some(c), Some(d)) if c != d => return c.cmp(d),
            _ => (x, y) = (&x[1..], &y[1..]),
        }
    }
}

/// Where the spool is, for its errors: a full disk there is a full folder, which `spool_dir`
/// moves.
fn spool_place(dir: &Path) -> String {
    format!("dedup spool (a temporary file in {}; spool_dir moves it)", dir.display())
}

/// Where a member chained into its cluster goes (see [`CHAINED_BELOW`]), or one whose figures
/// are not its representative's (see [`figures`]): the part it is a duplicate of, with its scores
/// against the part's head, or none when it heads a part of its own (then recorded in
/// `release`). `(root, i)`: its cluster and document number; `figures`, its text's, and whether
/// it was split off for them (not chained in): such a member joins only a part whose head is
/// short too, as a short brief shares a tenth of its words with many a long story it is no copy
/// of.
fn chained_part(
    index: &Index,
    spool: &Spool,
    earlier: usize,
    release: &mut Release,
    (root, i): (u32, usize),
    id: &str,
    (figures, for_figures): (Figures, bool),
) -> std::io::Result<Option<(Rep, (f64, f64))>> {
    let fp = index.doc(i).fp;
    // An exact copy of an earlier run's text is a copy of that text, as in one run (that run's
    // parts are not kept in the index).
    let first = index.first_doc(fp) as usize;
    if first < earlier {
        let id = spool.id(index.doc(first).offset)?;
        return Ok(Some((Rep { doc: first as u32, id }, (1.0, 1.0))));
    }
    // The first part of the cluster it shares enough with, among those whose head shares a
    // band key with it; else the head of a new part.
    let key = |band: usize| -> Option<u64> {
        let key = index.band_key(band, fp);
        (key != 0).then(|| u64::from(root) << 32 | u64::from(key ^ (band as u32).wrapping_mul(0x9e37_79b1)))
    };
    let mut candidates: Vec<u32> = (0..index.bands())
        .step_by(2)
        .filter_map(|band| release.part_keys.get(&key(band)?).copied())
        .collect();
    candidates.sort_unstable();
    candidates.dedup();
    for head in candidates {
        let of_head = &release.part_figures[head as usize];
        if !of_head.agree(&figures) || for_figures && of_head.is_long() {
            continue;
        }
        let head = &release.parts[head as usize];
        let scores = pair_scores(index, spool, fp, head.doc, &mut release.buffers)?;
        if similarity(scores) >= CHAINED_BELOW {
            return Ok(Some((Rep { doc: head.doc, id: head.id.clone() }, scores)));
        }
    }
    let head = release.parts.len() as u32;
    release.parts.push(Rep { doc: i as u32, id: id.to_string() });
    release.part_figures.push(figures);
    for band in (0..index.bands()).step_by(2) {
        if let Some(key) = key(band) {
            release.part_keys.entry(key).or_insert(head);
        }
    }
    Ok(None)
}

/// Exact (Jaccard, containment) of fingerprint `fp` and document `doc`'s: from the window's
/// record of the pair when it was joined there, else from their sets in the spool.
fn pair_scores(
    index: &Index,
    spool: &Spool,
    fp: u32,
    doc: u32,
    buffers: &mut index::SetBuffers,
) -> std::io::Result<(f64, f64)> {
    let other = index.doc(doc as usize).fp;
    if let Some(known) = index.joined_scores(fp, other) {
        return Ok(known);
    }
    let scores = index.scores(fp, other, spool, buffers)?;
    Ok((scores.jaccard, scores.containment))
}

/// The figures of representative `doc`'s text, from the spool through `cache`; `None` for an
/// earlier run's entry, whose text the index does not keep.
fn rep_figures<'c>(
    cache: &'c mut HashMap<u32, Figures, HashKey>,
    (index, spool, earlier): (&Index, &Spool, usize),
    doc: u32,
) -> std::io::Result<Option<&'c Figures>> {
    if (doc as usize) < earlier {
        return Ok(None);
    }
    if let std::collections::hash_map::Entry::Vacant(slot) = cache.entry(doc) {
        let text = spool.text(index.doc(doc as usize).offset)?.unwrap_or_default();
        slot.insert(Figures::of(&text));
    }
    Ok(cache.get(&doc))
}

/// The representative a document `i` of the cluster `root` is released against: the cluster's,
/// unless it is the one.
fn rep_of(reps: &Reps, root: u32, i: usize) -> Option<&Rep> {
    reps.get(&root).filter(|rep| rep.doc as usize != i)
}

/// The larger of a pair's two scores, as `similarity` reports it.
fn similarity((jaccard, containment): (f64, f64)) -> f64 {
    jaccard.max(containment)
}

/// A score as the run records it: four decimals, so the exported bytes do not depend on float
/// formatting of long fractions.
pub fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::id_order;

    /// Numbers in ids as numbers, the rest as text: a numbered feed's first record first.
    #[test]
    fn ids_order_with_their_numbers_as_numbers() {
        let mut ids = ["reuters-16", "reuters-4", "ag-545", "ag-1219", "b", "a10b", "a9c", "a007", "a7", "a"];
        ids.sort_by(|a, b| id_order(a, b));
        assert_eq!(
            ids,
            ["a", "a007", "a7", "a9c", "a10b", "ag-545", "ag-1219", "b", "reuters-4", "reuters-16"]
        );
        // A total order: each pair the same both ways, equal only to itself, and transitive.
        let more = ["a-1", "a-01", "a-1x", "a--1", "a1-", "9", "10", "09a", "é1", "e1"];
        let all: Vec<&str> = ids.iter().chain(&more).copied().collect();
        for &a in &all {
            for &b in &all {
                assert_eq!(id_order(a, b), id_order(b, a).reverse(), "{a} {b}");
                assert_eq!(id_order(a, b).is_eq(), a == b, "{a} {b}");
                for &c in &all {
                    if id_order(a, b).is_le() && id_order(b, c).is_le() {
                        assert!(id_order(a, c).is_le(), "{a} {b} {c}");
                    }
                }
            }
        }
    }
}
