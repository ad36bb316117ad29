//! Full-text search over a vault with tantivy: the index in `<vault>/.hikitsugi/index`,
//! Japanese and English analysis, incremental reconciliation with the files, queries and
//! snippets.
//!
//! The index is a cache. [`SearchIndex::open`] never fails because of the index itself: a
//! missing, corrupt or old-schema index is wiped and comes back empty with a
//! [`SearchIndex::rebuild_reason`], and the next [`SearchIndex::reconcile`] fills it from the
//! files. Only the vault folder itself being unusable is an error.

pub mod analysis;
mod compact;
mod coverage;
mod directory;
mod forward;
mod markup;
pub(crate) mod pages;
pub mod parse;
mod query;
mod saturate;
pub mod schema;
mod snippet;
pub mod synonyms;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::index::SegmentId;
use tantivy::schema::Value;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::runbook::Runbook;
use crate::vault::{Vault, VaultError, VaultFile};
use coverage::FullMatches;
use directory::CacheDirectory;
pub use parse::{parse, FilterField, ParsedQuery};
use schema::{Fields, SCHEMA_VERSION};

const INDEX_DIR: &str = "index";
const VERSION_FILE: &str = "hikitsugi-schema.json";
/// Indexing memory budget (split between the writer's threads).
const WRITER_MEMORY: usize = 64 * 1024 * 1024;
/// Memory budget of a writer opened for a few documents (a save): tantivy's minimum.
const SMALL_WRITER_MEMORY: usize = 15_000_000;
/// Updates of at most this many files open a small writer when none is open.
const SMALL_UPDATE: usize = 16;
/// How long opening a writer waits for another writer of this process to let the index go.
const WRITER_LOCK_WAIT: Duration = Duration::from_secs(120);
/// Largest body indexed; the rest of a bigger file is not searchable (its size is reported).
pub const MAX_INDEXED_BODY: usize = 4 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Vault(#[from] VaultError),
    #[error("the search index is being updated by another Hikitsugi process; results may be slightly out of date")]
    Busy,
    #[error("search index error: {0}")]
    Index(String),
    #[error("search index folder {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl From<tantivy::TantivyError> for SearchError {
    fn from(e: tantivy::TantivyError) -> Self {
        match e {
            tantivy::TantivyError::LockFailure(..) => SearchError::Busy,
            other => SearchError::Index(other.to_string()),
        }
    }
}

type Result<T> = std::result::Result<T, SearchError>;

/// What the index knows about a file, to tell whether it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Known {
    size: u64,
    mtime: u64,
    hash: String,
}

/// What [`SearchIndex::plan`] found to do.
#[derive(Debug, Clone, Default)]
pub struct ReconcilePlan {
    /// Files new or changed on disk (size or mtime differ from the index).
    pub to_index: Vec<VaultFile>,
    /// Indexed paths that no longer exist.
    pub to_delete: Vec<String>,
    /// Number of runbooks in the vault.
    pub total: usize,
}

impl ReconcilePlan {
    pub fn is_empty(&self) -> bool {
        self.to_index.is_empty() && self.to_delete.is_empty()
    }
}

/// A summary of an indexing run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexReport {
    pub indexed: usize,
    pub unchanged: usize,
    pub deleted: usize,
    pub bytes: u64,
    /// Files that could only be indexed by name (unreadable, not UTF-8, binary, too large).
    pub problems: Vec<String>,
}

/// One search result.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub path: String,
    pub title: String,
    pub score: f32,
    /// HTML: the best passage, escaped, with `<mark>` around matches.
    pub snippet: String,
    /// 1-based line of the first highlighted match in the file, when there is one.
    pub line: Option<usize>,
    pub system: Option<String>,
    pub kind: Option<String>,
    pub tags: Vec<String>,
    pub owner: Option<String>,
}

/// A runbook that links to another (see [`SearchIndex::linking_to`]).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LinkingRunbook {
    pub path: String,
    pub title: String,
}

/// Results of one query, in the CLI's JSON shape (extra fields are additions).
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    pub query: String,
    pub total: usize,
    pub hits: Vec<Hit>,
    /// `strict` (all words matched) or `loose` (ranked by how many words matched).
    pub mode: &'static str,
    /// A message for the user (empty query, query shortened...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// Search options beyond the query string.
#[derive(Debug, Clone, Default)]
pub struct SearchOptions {
    pub limit: usize,
    /// Extra filters (CLI flags, UI dropdowns), combined with the ones in the query.
    pub filters: Vec<(FilterField, String)>,
    /// Skip snippets (benchmarks of pure retrieval, batch scripts that need only paths).
    pub no_snippets: bool,
}

/// An index writer whose segment merges may still be running.
pub struct Merging {
    writer: Option<IndexWriter>,
    /// Set while this writer holds the index lock; shared with the index it came from.
    busy: Arc<AtomicBool>,
    /// For a bulk writer, the segments that were there before it: what it wrote is merged
    /// into one segment at the end (see [`compact`]).
    bulk_base: Option<HashSet<SegmentId>>,
}

impl Merging {
    /// Blocks until the merges are done and their result is committed, merges what a bulk
    /// run wrote into one segment, then lets the index lock go.
    pub fn wait(mut self) -> Result<()> {
        let Some(writer) = self.writer.take() else {
            return Ok(());
        };
        let index = writer.index().clone();
        writer.wait_merging_threads()?;
        if let Some(before) = &self.bulk_base {
            compact::compact(&index, before)?;
        }
        Ok(())
    }
}

impl Drop for Merging {
    fn drop(&mut self) {
        // The writer (and its lock) goes first, then writers of the index may be opened.
        self.writer = None;
        self.busy.store(false, Ordering::Release);
    }
}

/// An opened index.
pub struct SearchIndex {
    dir: PathBuf,
    index: Index,
    fields: Fields,
    reader: IndexReader,
    writer: Option<IndexWriter>,
    /// Whether `writer` was opened for bulk indexing.
    writer_is_bulk: bool,
    /// The segments there were when the bulk writer was opened.
    bulk_base: HashSet<SegmentId>,
    known: HashMap<String, Known>,
    rebuild_reason: Option<String>,
    dirty: bool,
    /// Whether a [`Merging`] writer taken from this index still holds the index lock.
    merging: Arc<AtomicBool>,
}

impl SearchIndex {
    /// Opens the vault's index, creating it if missing. A corrupt index or one of another
    /// schema version is wiped and recreated empty; [`SearchIndex::rebuild_reason`] says why.
    pub fn open(vault: &Vault) -> Result<SearchIndex> {
        let dir = vault.ensure_state_dir()?.join(INDEX_DIR);
        match Self::try_open_existing(&dir) {
            Ok(Some(index)) => Ok(index),
            Ok(None) => Self::create(&dir, Some("the search index did not exist yet".into())),
            Err(reason) => Self::create(&dir, Some(reason)),
        }
    }

    /// Deletes the index and creates an empty one (`hikitsugi index`).
    pub fn recreate(vault: &Vault, reason: &str) -> Result<SearchIndex> {
        let dir = vault.ensure_state_dir()?.join(INDEX_DIR);
        Self::create(&dir, Some(reason.to_string()))
    }

    /// `Ok(None)`: no index there. `Err(reason)`: unusable, must be rebuilt.
    fn try_open_existing(dir: &Path) -> std::result::Result<Option<SearchIndex>, String> {
        if !dir.join("meta.json").exists() {
            return Ok(None);
        }
        let version = std::fs::read_to_string(dir.join(VERSION_FILE))
            .ok()
            .and_then(|s| serde_json::from_str::<serde_json::Value>(&s).ok())
            .and_then(|v| v.get("schema_version").and_then(serde_json::Value::as_u64));
        if version != Some(u64::from(SCHEMA_VERSION)) {
            return Err(format!(
                "the search index was made by another version (schema {}, this version uses {SCHEMA_VERSION})",
                version.map_or("unknown".to_string(), |v| v.to_string())
            ));
        }
        // tantivy can panic on some kinds of damaged files; treat that as corruption too.
        let opened = std::panic::catch_unwind(|| Self::open_checked(dir));
        match opened {
            Ok(Ok(index)) => Ok(Some(index)),
            Ok(Err(e)) => Err(format!("the search index is damaged ({e})")),
            Err(_) => Err("the search index is damaged".to_string()),
        }
    }

    fn open_checked(dir: &Path) -> Result<SearchIndex> {
        let index = Index::open(CacheDirectory::open(dir).map_err(tantivy::TantivyError::from)?)?;
        let (schema, fields) = schema::build();
        if index.schema() != schema {
            return Err(SearchError::Index("schema differs".into()));
        }
        let damaged = index.validate_checksum()?;
        if !damaged.is_empty() {
            return Err(SearchError::Index(format!(
                "{} damaged file(s)",
                damaged.len()
            )));
        }
        let mut this = Self::with_index(dir, index, fields, None)?;
        this.load_known()?;
        this.release_store_pages();
        Ok(this)
    }

    /// Wraps an opened or new tantivy index: analyzers registered, a manually reloaded reader.
    fn with_index(
        dir: &Path,
        index: Index,
        fields: Fields,
        rebuild_reason: Option<String>,
    ) -> Result<SearchIndex> {
        analysis::register_analyzers(&index);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            dir: dir.to_path_buf(),
            index,
            fields,
            reader,
            writer: None,
            writer_is_bulk: false,
            bulk_base: HashSet::new(),
            known: HashMap::new(),
            rebuild_reason,
            dirty: false,
            merging: Arc::default(),
        })
    }

    fn create(dir: &Path, reason: Option<String>) -> Result<SearchIndex> {
        if dir.exists() {
            std::fs::remove_dir_all(dir).map_err(|source| SearchError::Io {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        std::fs::create_dir_all(dir).map_err(|source| SearchError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let (schema, fields) = schema::build();
        let index = Index::create(
            CacheDirectory::open(dir).map_err(tantivy::TantivyError::from)?,
            schema,
            tantivy::IndexSettings::default(),
        )?;
        std::fs::write(
            dir.join(VERSION_FILE),
            format!("{{\"schema_version\": {SCHEMA_VERSION}}}\n"),
        )
        .map_err(|source| SearchError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        Self::with_index(dir, index, fields, reason)
    }

    /// Why the index was (re)created empty at open, if it was: a message to show the user
    /// while [`SearchIndex::reconcile`] fills it.
    pub fn rebuild_reason(&self) -> Option<&str> {
        self.rebuild_reason.as_deref()
    }

    /// The index folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Number of documents searchable now.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Documents per searchable segment (deleted ones not counted).
    pub fn segment_sizes(&self) -> Vec<u32> {
        self.reader
            .searcher()
            .segment_readers()
            .iter()
            .map(|r| r.num_docs())
            .collect()
    }

    /// Size of the index on disk, in bytes.
    pub fn size_on_disk(&self) -> u64 {
        walkdir::WalkDir::new(&self.dir)
            .into_iter()
            .filter_map(std::result::Result::ok)
            .filter_map(|e| e.metadata().ok())
            .filter(|m| m.is_file())
            .map(|m| m.len())
            .sum()
    }

    /// Hands back the pages of the index files that searches have read — terms, postings,
    /// positions, norms and the stored fields of hits: 11 MB after 43 palette searches over a
    /// 24,250-document vault — and the dictionary pages their analysis read. For an app that
    /// has stopped searching for a while. The files stay in the page cache, so the next query
    /// maps what it needs again with minor faults, not reads.
    pub fn release_pages(&self) {
        use tantivy::index::SegmentComponent as C;
        self.release_components(&[
            C::Terms,
            C::Postings,
            C::Positions,
            C::FieldNorms,
            C::FastFields,
            C::Store,
        ]);
        analysis::dictionary::unmap_pages();
    }

    /// Lets go of the document store pages [`SearchIndex::load_known`] read (all of them: 3.3 MB
    /// of a 24,250-document index stayed resident in the app). Showing a hit reads back the
    /// little it needs from the page cache.
    fn release_store_pages(&self) {
        self.release_components(&[tantivy::index::SegmentComponent::Store]);
    }

    /// Drops this process's mapped pages of the given files of every searchable segment.
    fn release_components(&self, components: &[tantivy::index::SegmentComponent]) {
        let Ok(segments) = self.index.searchable_segments() else {
            return;
        };
        for segment in segments {
            for component in components {
                let file = segment.open_read(component.clone());
                if let Ok(Ok(bytes)) = file.map(|slice| slice.read_bytes()) {
                    pages::release(bytes.as_slice(), pages::Release::Unmap);
                }
            }
        }
    }

    fn load_known(&mut self) -> Result<()> {
        let searcher = self.reader.searcher();
        for segment in searcher.segment_readers() {
            let store = segment
                .get_store_reader(64)
                .map_err(|source| SearchError::Io {
                    path: self.dir.clone(),
                    source,
                })?;
            let alive = segment.alive_bitset();
            for doc in store.iter::<TantivyDocument>(alive) {
                let doc = doc.map_err(|e| SearchError::Index(e.to_string()))?;
                let get_str = |f| {
                    doc.get_first(f)
                        .and_then(|v| v.as_str())
                        .map(str::to_string)
                };
                let get_u64 = |f| doc.get_first(f).and_then(|v| v.as_u64());
                if let Some(path) = get_str(self.fields.path) {
                    let known = Known {
                        size: get_u64(self.fields.size).unwrap_or(0),
                        mtime: get_u64(self.fields.mtime).unwrap_or(0),
                        hash: get_str(self.fields.hash).unwrap_or_default(),
                    };
                    self.known.insert(path, known);
                }
            }
        }
        Ok(())
    }

    /// The open writer, or a new one: sized for bulk indexing, or for `bulk == false` a single
    /// thread with tantivy's smallest budget. Every commit starts new segment writers whose
    /// tables are allocated and cleared to the budget's size, so a save with a bulk-sized
    /// writer pays for clearing tens of megabytes.
    fn writer(&mut self, bulk: bool) -> Result<&mut IndexWriter> {
        if bulk && !self.writer_is_bulk && !self.dirty {
            // A small writer left by saves would index thousands of files on one thread.
            self.writer = None;
        }
        if self.writer.is_none() {
            self.writer_is_bulk = bulk;
            let (threads, memory) = if bulk {
                let threads = std::thread::available_parallelism()
                    .map(|n| n.get().min(4))
                    .unwrap_or(1);
                (threads, WRITER_MEMORY.max(threads * 16_000_000))
            } else {
                (1, SMALL_WRITER_MEMORY)
            };
            let writer = self.open_writer(threads, memory)?;
            if bulk {
                self.bulk_base = self.index.searchable_segment_ids()?.into_iter().collect();
            }
            self.writer = Some(writer);
        }
        self.writer
            .as_mut()
            .ok_or_else(|| SearchError::Index("no index writer".into()))
    }

    /// A new writer. While a [`Merging`] writer taken from this index finishes its merges it
    /// holds the index lock: wait for it (merges of a large first index take seconds). A
    /// writer of another process makes this fail at once.
    fn open_writer(&self, threads: usize, memory: usize) -> Result<IndexWriter> {
        let deadline = Instant::now() + WRITER_LOCK_WAIT;
        while self.merging.load(Ordering::Acquire) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        Ok(self.index.writer_with_num_threads(threads, memory)?)
    }

    /// Compares the index with the files: new or changed (size, mtime) files to index and
    /// vanished ones to delete. Reads no file contents.
    pub fn plan(&self, vault: &Vault) -> Result<ReconcilePlan> {
        Ok(self.plan_listed(vault, vault.list()?))
    }

    /// [`SearchIndex::plan`] for files listed by [`Vault::list`] earlier, so the listing (a walk
    /// of the whole vault) needs no access to the index. A runbook the index knows but the
    /// listing lacks is deleted only if it is still missing now: it may have been created after
    /// the listing.
    pub fn plan_listed(&self, vault: &Vault, files: Vec<VaultFile>) -> ReconcilePlan {
        let mut plan = ReconcilePlan {
            total: files.len(),
            ..Default::default()
        };
        let mut present = std::collections::HashSet::with_capacity(files.len());
        for f in files {
            present.insert(f.path.clone());
            match self.known.get(&f.path) {
                Some(k) if k.size == f.size && u128::from(k.mtime) == f.mtime_ns => {}
                _ => plan.to_index.push(f),
            }
        }
        plan.to_delete = self
            .known
            .keys()
            .filter(|p| !present.contains(*p) && !vault.root().join(p).exists())
            .cloned()
            .collect();
        plan.to_delete.sort();
        plan
    }

    /// Indexes the given files (reading each; a file whose content hash is unchanged only has
    /// its size and mtime refreshed) and deletes the given paths. Does not commit.
    pub fn apply(
        &mut self,
        vault: &Vault,
        files: &[VaultFile],
        deletes: &[String],
        report: &mut IndexReport,
    ) -> Result<()> {
        let bulk = files.len() + deletes.len() > SMALL_UPDATE;
        for path in deletes {
            let term = Term::from_field_text(self.fields.path, path);
            self.writer(bulk)?.delete_term(term);
            self.known.remove(path);
            self.dirty = true;
            report.deleted += 1;
        }
        for f in files {
            let abs = vault.root().join(&f.path);
            let bytes = match std::fs::read(&abs) {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    let term = Term::from_field_text(self.fields.path, &f.path);
                    self.writer(bulk)?.delete_term(term);
                    self.known.remove(&f.path);
                    self.dirty = true;
                    continue;
                }
                Err(e) => {
                    report.problems.push(format!("{}: {e}", f.path));
                    continue;
                }
            };
            let hash = crate::store::content_hash(&bytes);
            report.bytes += bytes.len() as u64;
            if self.known.get(&f.path).is_some_and(|k| k.hash == hash) {
                // Touched but not changed: refresh size/mtime so the next plan skips it.
                report.unchanged += 1;
            } else {
                report.indexed += 1;
            }
            let doc = self.document(&f.path, bytes, f, &hash, report);
            let term = Term::from_field_text(self.fields.path, &f.path);
            let writer = self.writer(bulk)?;
            writer.delete_term(term);
            writer.add_document(doc)?;
            self.known.insert(
                f.path.clone(),
                Known {
                    size: f.size,
                    mtime: u64::try_from(f.mtime_ns).unwrap_or(u64::MAX),
                    hash,
                },
            );
            self.dirty = true;
        }
        Ok(())
    }

    /// Waits for the segment merges the last commits started and, after a bulk run, merges
    /// what it wrote into one segment; then drops the writer and reloads the reader, so that
    /// searches run over the merged segments (a first index of 20,000 files leaves a dozen
    /// segments behind). Pending changes must be committed.
    pub fn finish_merges(&mut self) -> Result<()> {
        if let Some(merging) = self.take_merging_writer() {
            merging.wait()?;
        }
        self.reload()
    }

    /// The writer with its merges still running, taken out so that they can be waited for
    /// without holding this index (saves meanwhile wait for the writer lock; see
    /// [`Merging::wait`]). `None` when there are uncommitted changes or no writer.
    pub fn take_merging_writer(&mut self) -> Option<Merging> {
        if self.dirty {
            return None;
        }
        let writer = self.writer.take()?;
        self.merging.store(true, Ordering::Release);
        Some(Merging {
            writer: Some(writer),
            busy: self.merging.clone(),
            bulk_base: self
                .writer_is_bulk
                .then(|| std::mem::take(&mut self.bulk_base)),
        })
    }

    /// Makes the latest committed state searchable (after [`Merging::wait`]); segments
    /// replaced by merges are let go.
    pub fn reload(&mut self) -> Result<()> {
        self.reader.reload()?;
        Ok(())
    }

    /// Commits pending changes and makes them searchable. A no-op when nothing changed.
    pub fn commit(&mut self) -> Result<()> {
        if !self.dirty {
            return Ok(());
        }
        if let Some(w) = self.writer.as_mut() {
            w.commit()?;
        }
        self.reader.reload()?;
        self.dirty = false;
        self.rebuild_reason = None;
        Ok(())
    }

    /// Plans and applies everything, committing every `batch` files so that searches see
    /// progress, and calling `progress(done, total_to_index)` along the way.
    pub fn reconcile(
        &mut self,
        vault: &Vault,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<IndexReport> {
        let plan = self.plan(vault)?;
        let mut report = IndexReport::default();
        if plan.is_empty() {
            report.unchanged = plan.total;
            return Ok(report);
        }
        self.apply(vault, &[], &plan.to_delete, &mut report)?;
        let total = plan.to_index.len();
        progress(0, total);
        for (i, chunk) in plan.to_index.chunks(2_000).enumerate() {
            self.apply(vault, chunk, &[], &mut report)?;
            if (i + 1) * 2_000 < total {
                self.commit()?;
            }
            progress(((i + 1) * 2_000).min(total), total);
        }
        self.commit()?;
        if self.writer_is_bulk {
            self.finish_merges()?;
        }
        report.unchanged += plan.total - total;
        Ok(report)
    }

    /// Re-reads one file (after a save, rename or delete through the core). Call
    /// [`SearchIndex::commit`] afterwards.
    pub fn update_path(&mut self, vault: &Vault, rel: &str) -> Result<()> {
        let (path, abs) = vault.resolve(rel)?;
        match std::fs::metadata(&abs) {
            Ok(meta) => {
                let f = VaultFile {
                    path,
                    size: meta.len(),
                    mtime_ns: crate::vault::mtime_ns(&meta),
                };
                self.apply(vault, &[f], &[], &mut IndexReport::default())
            }
            Err(_) => self.apply(vault, &[], &[path], &mut IndexReport::default()),
        }
    }

    fn document(
        &self,
        path: &str,
        bytes: Vec<u8>,
        f: &VaultFile,
        hash: &str,
        report: &mut IndexReport,
    ) -> TantivyDocument {
        let fl = &self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(fl.path, path);
        doc.add_u64(fl.size, f.size);
        doc.add_u64(fl.mtime, u64::try_from(f.mtime_ns).unwrap_or(u64::MAX));
        doc.add_text(fl.hash, hash);
        let runbook = match Runbook::from_bytes(path, bytes) {
            Ok(rb) => rb,
            Err(e) => {
                report.problems.push(e.to_string());
                let title = crate::runbook::file_stem(path);
                doc.add_text(fl.title_stored, &title);
                doc.add_text(fl.title.ja, &title);
                doc.add_text(fl.title.bi, &title);
                return doc;
            }
        };
        let title = runbook.title(path);
        doc.add_text(fl.title_stored, &title);
        doc.add_text(fl.title.ja, &title);
        doc.add_text(fl.title.bi, &title);
        let body = runbook.body();
        let body = if body.len() > MAX_INDEXED_BODY {
            report.problems.push(format!(
                "{path}: only the first {} MB are searchable",
                MAX_INDEXED_BODY / 1_048_576
            ));
            &body[..floor_char_boundary(body, MAX_INDEXED_BODY)]
        } else {
            body
        };
        if analysis::mostly_japanese(&title) || analysis::mostly_japanese(body) {
            doc.add_text(fl.lang, schema::JAPANESE);
        }
        let headings = headings_text(body);
        doc.add_text(fl.headings.ja, &headings);
        doc.add_text(fl.headings.bi, &headings);
        doc.add_text(fl.body.ja, body);
        doc.add_text(fl.body.bi, body);
        let fm = runbook.front_matter();
        let mut meta = Vec::new();
        for (field, value) in [
            (fl.system, &fm.system),
            (fl.kind, &fm.kind),
            (fl.owner, &fm.owner),
        ] {
            if let Some(v) = value {
                doc.add_text(field, v);
                meta.push(v.clone());
            }
        }
        for t in &fm.tags {
            doc.add_text(fl.tags, t);
            meta.push(t.clone());
        }
        let meta = meta.join("\n");
        doc.add_text(fl.meta.ja, &meta);
        doc.add_text(fl.meta.bi, &meta);
        if let Some(r) = fm.reviewed {
            doc.add_text(fl.reviewed, r.to_string());
        }
        for target in crate::links::outgoing(path, &runbook) {
            doc.add_text(fl.links, &target);
        }
        doc
    }

    /// Of `files` (a listing of the vault), the ones that may link to `path`: those the index
    /// says do, and those changed since they were indexed (or never indexed), whose links it
    /// cannot know. `None` when that is not a short list, or when changes are not committed
    /// yet (then every file must be read).
    pub fn may_link_to(
        &self,
        vault: &Vault,
        files: &[VaultFile],
        path: &str,
    ) -> Option<HashSet<String>> {
        const MOST: usize = 2_000;
        if self.dirty {
            return None; // documents not committed yet: the searcher does not see their links
        }
        let plan = self.plan_listed(vault, files.to_vec());
        if plan.to_index.len() > MOST {
            return None;
        }
        let (total, linking) = self.linking_to(path, MOST).ok()?;
        if total > linking.len() {
            return None;
        }
        let mut out: HashSet<String> = linking.into_iter().map(|r| r.path).collect();
        out.extend(plan.to_index.into_iter().map(|f| f.path));
        Some(out)
    }

    /// The runbooks that link to `path` (by a Markdown link or a vault path in their front
    /// matter), sorted by path, at most `limit` (≤ 10,000) of them, and how many there are in
    /// all.
    pub fn linking_to(&self, path: &str, limit: usize) -> Result<(usize, Vec<LinkingRunbook>)> {
        let searcher = self.reader.searcher();
        let query = tantivy::query::TermQuery::new(
            Term::from_field_text(self.fields.links, path),
            tantivy::schema::IndexRecordOption::Basic,
        );
        let top = TopDocs::with_limit(limit.clamp(1, 10_000)).order_by_score();
        let (total, top) = searcher.search(&query, &(Count, top))?;
        let mut out = Vec::with_capacity(top.len());
        for (_, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let get = |f| stored_str(&doc, f);
            let path = get(self.fields.path).unwrap_or_default();
            out.push(LinkingRunbook {
                title: get(self.fields.title_stored).unwrap_or_else(|| path.clone()),
                path,
            });
        }
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Ok((total, out))
    }

    /// Runs a query. Never fails on the query text: empty or odd input gives an empty result
    /// with a message. The vault is read for snippets only.
    pub fn search(
        &self,
        vault: &Vault,
        query_text: &str,
        opts: &SearchOptions,
    ) -> Result<SearchResults> {
        let limit = opts.limit.clamp(1, 1000);
        let mut parsed = parse(query_text);
        parsed.filters.extend(opts.filters.iter().cloned());
        let mut results = SearchResults {
            query: query_text.to_string(),
            total: 0,
            hits: Vec::new(),
            mode: "strict",
            message: None,
        };
        let searcher = self.reader.searcher();
        let plan = query::QueryPlan::build(&self.index, &searcher, &self.fields, &parsed);
        if plan.is_empty() {
            results.message = Some(if parsed.is_empty() {
                "type a word to search".to_string()
            } else {
                "nothing searchable in this query (only punctuation or very common words)"
                    .to_string()
            });
            return Ok(results);
        }
        results.message = plan.note.clone();
        let top_docs = TopDocs::with_limit(limit).order_by_score();
        let (total, top) = if plan.ranks_loosely() {
            // Ranked by how many words match (a runbook missing one word but naming the others
            // in its title can beat one that mentions every word somewhere in a long text);
            // when every hit shown matches all words, this is still an all-words search, and
            // its total is the number of documents with all words.
            let (loose, marks) = plan.loose();
            let (loose_total, top, full) =
                searcher.search(&loose, &(Count, top_docs, FullMatches::new(marks)))?;
            if top.iter().all(|(_, addr)| full.contains(addr)) {
                (full.len(), top)
            } else {
                results.mode = "loose";
                (loose_total, top)
            }
        } else {
            searcher.search(plan.strict().as_ref(), &(Count, top_docs))?
        };
        results.total = total;
        let highlighter = snippet::Highlighter::new(&plan.highlight_terms);
        for (score, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let get = |f| stored_str(&doc, f);
            let path = get(self.fields.path).unwrap_or_default();
            let hit = Hit {
                title: get(self.fields.title_stored).unwrap_or_else(|| path.clone()),
                score,
                snippet: String::new(),
                line: None,
                system: get(self.fields.system),
                kind: get(self.fields.kind),
                tags: doc
                    .get_all(self.fields.tags)
                    .filter_map(|v| v.as_str())
                    .map(str::to_string)
                    .collect(),
                owner: get(self.fields.owner),
                path,
            };
            results.hits.push(hit);
        }
        if !opts.no_snippets {
            let paths: Vec<&str> = results.hits.iter().map(|h| h.path.as_str()).collect();
            let snippets = snippet::for_files(&highlighter, vault.root(), &paths);
            for (hit, s) in results.hits.iter_mut().zip(snippets) {
                if let Some(s) = s {
                    hit.snippet = s.html;
                    hit.line = s.line;
                }
            }
        }
        Ok(results)
    }
}

/// The first stored text of `field` in `doc`.
fn stored_str(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

/// The texts of all headings outside code fences, one per line.
pub fn headings_text(body: &str) -> String {
    crate::runbook::headings(body)
        .flat_map(|h| [h, "\n"])
        .collect()
}

/// The largest char boundary ≤ `max`.
pub fn floor_char_boundary(s: &str, max: usize) -> usize {
    let mut i = max.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// For unit tests of the custom queries: an in-memory index with one text field, `body`.
#[cfg(test)]
pub(crate) fn body_index() -> tantivy::Result<(Index, tantivy::schema::Field, IndexWriter)> {
    let mut schema = tantivy::schema::Schema::builder();
    let body = schema.add_text_field("body", tantivy::schema::TEXT);
    let index = Index::create_in_ram(schema.build());
    let writer = index.writer_with_num_threads(1, 15_000_000)?;
    Ok((index, body, writer))
}
