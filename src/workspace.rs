//! Operations that combine the modules: save (atomic write, then commit, then index update),
//! create, rename, delete, restore and mark-reviewed. Each is the one core call a CLI command
//! or a Tauri command makes.
//!
//! Order matters for data safety: the file is written first, so a failing commit (locked
//! repository, no repository) or a failing index update never loses the user's text; those
//! failures come back as warnings in [`Saved`], not as errors.

use chrono::NaiveDate;
use serde::Serialize;

use crate::attachments::{self, AttachmentError};
use crate::history::{History, HistoryError, LogEntry};
use crate::relink::Move;
use crate::runbook::{set_front_matter_field, size_warning, FieldEditError, Runbook, RunbookError};
use crate::search::SearchIndex;
use crate::secrets;
use crate::store::{self, Base, StoreError};
use crate::template::{self, Lang};
use crate::vault::{Vault, VaultError};

#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error(transparent)]
    Vault(#[from] VaultError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Content(#[from] RunbookError),
    #[error(transparent)]
    History(#[from] HistoryError),
    #[error(transparent)]
    Field(#[from] FieldEditError),
    #[error(transparent)]
    Attachment(#[from] AttachmentError),
    #[error("{0} already exists")]
    Exists(String),
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

type Result<T> = std::result::Result<T, WorkspaceError>;

/// A runbook as the editor loads it.
#[derive(Debug, Clone)]
pub struct Document {
    pub path: String,
    pub hash: String,
    pub runbook: Runbook,
    /// Large-file or front matter warning to show.
    pub warning: Option<String>,
}

/// The outcome of a write. `commit` is the new commit id (`None` when nothing changed or the
/// commit failed); `warnings` says what did not happen (not committed, not indexed) and why.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Saved {
    pub path: String,
    pub hash: String,
    pub commit: Option<String>,
    pub created: bool,
    pub warnings: Vec<String>,
    /// True when the commit failed: the text is on disk but not in history yet.
    pub not_committed: bool,
    /// Runbooks whose links were re-pointed at a renamed runbook (in the same commit).
    pub links_updated: Vec<String>,
}

impl Saved {
    /// A write of `path` before its commit: nothing committed, nothing to warn about yet.
    fn new(path: String, hash: String, created: bool) -> Saved {
        Saved {
            path,
            hash,
            commit: None,
            created,
            warnings: Vec::new(),
            not_committed: false,
            links_updated: Vec::new(),
        }
    }
}

/// A vault with its history and (optionally) its search index.
pub struct Workspace {
    vault: Vault,
    history: Option<History>,
    index: Option<SearchIndex>,
}

impl Workspace {
    /// Opens a vault. History is optional (a folder without Git still opens and saves; each
    /// save then warns that it was not committed). The search index is attached separately
    /// with [`Workspace::attach_index`].
    pub fn open(vault: Vault) -> Workspace {
        let history = History::open(&vault).ok();
        Workspace {
            vault,
            history,
            index: None,
        }
    }

    pub fn vault(&self) -> &Vault {
        &self.vault
    }

    pub fn history(&self) -> std::result::Result<&History, HistoryError> {
        self.history
            .as_ref()
            .ok_or_else(|| HistoryError::NotARepository(self.vault.root().to_path_buf()))
    }

    pub fn attach_index(&mut self, index: SearchIndex) {
        self.index = Some(index);
    }

    pub fn index(&self) -> Option<&SearchIndex> {
        self.index.as_ref()
    }

    pub fn index_mut(&mut self) -> Option<&mut SearchIndex> {
        self.index.as_mut()
    }

    /// Loads a runbook for editing. Invalid UTF-8, binary and oversized files are refused
    /// with an error naming the path; the file is not touched.
    pub fn read(&self, rel: &str) -> Result<Document> {
        let loaded = store::read(&self.vault, rel)?;
        let len = loaded.bytes.len();
        let runbook = Runbook::from_bytes(&loaded.path, loaded.bytes)?;
        let warning = [runbook.problem().map(|p| p.to_string()), size_warning(len)]
            .into_iter()
            .flatten()
            .reduce(|a, b| format!("{a}; {b}"));
        Ok(Document {
            path: loaded.path,
            hash: loaded.hash,
            runbook,
            warning,
        })
    }

    /// Writes `text` to `rel` (checked against `base`), commits just that file and updates
    /// the index. `message` defaults to "Update <path>" / "Create <path>".
    pub fn save(
        &mut self,
        rel: &str,
        text: &[u8],
        base: Base<'_>,
        message: Option<&str>,
    ) -> Result<Saved> {
        let written = store::write_runbook(&self.vault, rel, text, base)?;
        let default_message = if written.created {
            format!("Create {}", written.path)
        } else {
            format!("Update {}", written.path)
        };
        let message = message
            .filter(|m| !m.trim().is_empty())
            .unwrap_or(&default_message);
        let mut saved = Saved::new(written.path.clone(), written.hash, written.created);
        self.commit(&[&written.path], message, &mut saved);
        self.reindex(&[&written.path], &mut saved);
        Ok(saved)
    }

    /// The passwords, keys and tokens that saving `text` to `rel` would add to what is on disk
    /// (all of them when the file is new or unreadable), so that a caller can ask first.
    pub fn secrets_added(&self, rel: &str, text: &[u8]) -> Vec<secrets::Finding> {
        let before = store::read(&self.vault, rel)
            .map(|l| String::from_utf8_lossy(&l.bytes).into_owned())
            .unwrap_or_default();
        secrets::added(&before, &String::from_utf8_lossy(text))
    }

    fn commit(&self, paths: &[&str], message: &str, saved: &mut Saved) {
        let result = self.history().and_then(|h| h.commit_paths(paths, message));
        match result {
            Ok(id) => saved.commit = id,
            Err(e) => {
                saved.not_committed = true;
                saved
                    .warnings
                    .push(format!("saved to disk but not committed: {e}"));
            }
        }
    }

    fn reindex(&mut self, paths: &[&str], saved: &mut Saved) {
        let Some(index) = self.index.as_mut() else {
            return;
        };
        for p in paths {
            if let Err(e) = index.update_path(&self.vault, p) {
                saved
                    .warnings
                    .push(format!("search index not updated for {p}: {e}"));
            }
        }
        if let Err(e) = index.commit() {
            saved
                .warnings
                .push(format!("search index not updated: {e}"));
        }
    }

    /// Creates a runbook from the template for `kind` in `folder` (vault-relative, may be
    /// empty) and commits it. A name already taken gets `-2`, `-3`... Returns the outcome.
    pub fn create(
        &mut self,
        title: &str,
        system: Option<&str>,
        kind: Option<&str>,
        folder: Option<&str>,
        today: NaiveDate,
        lang: Lang,
    ) -> Result<Saved> {
        let kind = kind.unwrap_or("procedure");
        let text = template::new_runbook(title, system, kind, None, today, lang);
        let folder = folder
            .map(|f| f.trim_matches('/'))
            .filter(|f| !f.is_empty());
        let file = template::file_name_for(title);
        let stem = file.trim_end_matches(".md").to_string();
        for n in 1..1000 {
            let name = if n == 1 {
                file.clone()
            } else {
                format!("{stem}-{n}.md")
            };
            let rel = match folder {
                Some(f) => format!("{f}/{name}"),
                None => name,
            };
            match self.save(&rel, text.as_bytes(), Base::New, None) {
                Err(WorkspaceError::Store(StoreError::Conflict { .. })) => continue,
                other => return other,
            }
        }
        Err(WorkspaceError::Exists(file))
    }

    /// Renames (moves) a runbook and commits the rename as one commit.
    pub fn rename(&mut self, from: &str, to: &str) -> Result<Saved> {
        let (from_rel, from_abs) = self.vault.resolve_runbook(from)?;
        let (to_rel, to_abs) = self.vault.resolve_runbook(to)?;
        if !from_abs.exists() {
            return Err(StoreError::NotFound { path: from_rel }.into());
        }
        if to_abs.exists() {
            return Err(WorkspaceError::Exists(to_rel));
        }
        if let Some(parent) = to_abs.parent() {
            std::fs::create_dir_all(parent).map_err(|source| WorkspaceError::Io {
                path: to_rel.clone(),
                source,
            })?;
        }
        std::fs::rename(&from_abs, &to_abs).map_err(|source| WorkspaceError::Io {
            path: from_rel.clone(),
            source,
        })?;
        let mut saved = Saved::new(to_rel.clone(), String::new(), false);
        let moved = Move {
            from: &from_rel,
            to: &to_rel,
        };
        self.relink(moved, &mut saved);
        saved.hash = store::disk_hash(&self.vault, &to_rel)?.unwrap_or_default();
        let others: Vec<String> = saved
            .links_updated
            .iter()
            .filter(|p| **p != to_rel)
            .cloned()
            .collect();
        let mut paths = vec![from_rel.as_str(), to_rel.as_str()];
        paths.extend(others.iter().map(String::as_str));
        let mut message = format!("Rename {from_rel} to {to_rel}");
        if !others.is_empty() {
            message.push_str(&format!("\n\nLinks updated in {}", others.join(", ")));
        }
        self.commit(&paths, &message, &mut saved);
        self.reindex(&paths, &mut saved);
        Ok(saved)
    }

    /// After `moved`, re-points the links of every runbook that mentions the moved file, and
    /// the moved runbook's own relative links (see [`crate::relink`]). With an index, only the
    /// runbooks it lists as linking to the moved one, and those changed since they were
    /// indexed, are read; without one, every runbook is. Files that cannot be read as text are
    /// left alone; a failed write is a warning, never a lost file.
    fn relink(&self, moved: Move<'_>, saved: &mut Saved) {
        let name = moved.from.rsplit('/').next().unwrap_or(moved.from);
        let files = match self.vault.list() {
            Ok(files) => files,
            Err(e) => {
                saved.warnings.push(format!("links not updated: {e}"));
                return;
            }
        };
        let candidates = self
            .index
            .as_ref()
            .and_then(|index| index.may_link_to(&self.vault, &files, moved.from));
        for f in files {
            if candidates
                .as_ref()
                .is_some_and(|c| !c.contains(&f.path) && f.path != moved.to)
            {
                continue;
            }
            let abs = self.vault.root().join(&f.path);
            let Ok(text) = std::fs::read_to_string(&abs) else {
                continue;
            };
            // Only a file that names the moved one (or is it) can link to it, perhaps with the
            // name percent-encoded in any style.
            let names_it = || {
                text.contains(name)
                    || (text.contains('%')
                        && percent_encoding::percent_decode_str(&text)
                            .decode_utf8_lossy()
                            .contains(name))
            };
            if f.path != moved.to && !names_it() {
                continue;
            }
            let Some((new, _)) = crate::relink::relink(&text, &f.path, moved) else {
                continue;
            };
            match store::write_atomic(&abs, new.as_bytes()) {
                Ok(()) => saved.links_updated.push(f.path),
                Err(e) => saved
                    .warnings
                    .push(format!("links in {} not updated: {e}", f.path)),
            }
        }
    }

    /// Deletes a runbook and commits the deletion; it stays restorable from history.
    pub fn delete(&mut self, rel: &str) -> Result<Saved> {
        let (path, abs) = self.vault.resolve_runbook(rel)?;
        if !abs.is_file() {
            return Err(StoreError::NotFound { path }.into());
        }
        // What is on disk goes into history first (a runbook never committed, or edited
        // outside the app since its last commit), so that restoring the deletion brings back
        // exactly this text. When that cannot be recorded (no repository, a locked one),
        // nothing is deleted.
        self.history()?.commit_paths(
            &[&path],
            &format!("Keep {path} as it was before deleting it"),
        )?;
        std::fs::remove_file(&abs).map_err(|source| match source.kind() {
            std::io::ErrorKind::NotFound => {
                WorkspaceError::Store(StoreError::NotFound { path: path.clone() })
            }
            _ => WorkspaceError::Io {
                path: path.clone(),
                source,
            },
        })?;
        let mut saved = Saved::new(path.clone(), String::new(), false);
        self.commit(&[&path], &format!("Delete {path}"), &mut saved);
        self.reindex(&[&path], &mut saved);
        Ok(saved)
    }

    /// Writes the content `rel` had at `rev` back as a new commit. History is not rewritten.
    pub fn restore(&mut self, rel: &str, rev: &str) -> Result<Saved> {
        let (path, _) = self.vault.resolve_runbook(rel)?;
        let history = self.history()?;
        let content = history.show(&path, rev)?;
        let full = history.resolve(rev)?;
        let short: String = full.chars().take(8).collect();
        self.save(
            &path,
            &content,
            Base::Any,
            Some(&format!("Restore {path} to {short}")),
        )
    }

    /// Brings a deleted runbook back from `rev` (see [`Workspace::deleted`]) as a new commit.
    /// Refuses when a file has appeared at its path since: that file is never overwritten.
    pub fn restore_deleted(&mut self, rel: &str, rev: &str) -> Result<Saved> {
        let (path, abs) = self.vault.resolve_runbook(rel)?;
        if abs.symlink_metadata().is_ok() {
            return Err(WorkspaceError::Exists(path));
        }
        self.restore(&path, rev)
    }

    /// Runbooks deleted from the vault and not there again, most recently deleted first, each
    /// with the title it had and the revision to [`restore`](Workspace::restore) it from.
    pub fn deleted(&self, limit: usize) -> Result<Vec<DeletedRunbook>> {
        let history = self.history()?;
        let files = history.deleted_files(limit, crate::vault::is_listed)?;
        Ok(files
            .into_iter()
            .map(|f| {
                let title = history
                    .show(&f.path, &f.last_rev)
                    .ok()
                    .and_then(|bytes| Runbook::from_bytes(&f.path, bytes).ok())
                    .map_or_else(
                        || crate::runbook::file_stem(&f.path),
                        |rb| rb.title(&f.path),
                    );
                DeletedRunbook {
                    title,
                    path: f.path,
                    deleted_by: f.deleted_by,
                    last_rev: f.last_rev,
                }
            })
            .collect())
    }

    /// Stores an image pasted or dropped into the runbook `runbook` in `attachments/` (see
    /// [`attachments::store`]) and commits it. `hint` is the name the image came with.
    pub fn attach(
        &mut self,
        runbook: &str,
        hint: Option<&str>,
        bytes: &[u8],
        now: chrono::NaiveDateTime,
    ) -> Result<Attached> {
        let (runbook, abs) = self.vault.resolve_runbook(runbook)?;
        if !abs.is_file() {
            return Err(StoreError::NotFound { path: runbook }.into());
        }
        let stored = attachments::store(&self.vault, &runbook, hint, bytes, now)?;
        let mut saved = Saved::new(stored.path.clone(), store::content_hash(bytes), true);
        let message = format!("Add {} for {runbook}", stored.path);
        self.commit(&[&stored.path], &message, &mut saved);
        Ok(Attached {
            saved,
            link: stored.link,
        })
    }

    /// Sets `reviewed:` to `today`, keeping every other byte, and commits.
    pub fn mark_reviewed(&mut self, rel: &str, today: NaiveDate) -> Result<Saved> {
        let doc = self.read(rel)?;
        let text = set_front_matter_field(
            doc.runbook.text(),
            "reviewed",
            &crate::runbook::date_value(today),
        )?;
        self.save(
            &doc.path,
            text.as_bytes(),
            Base::Hash(&doc.hash),
            Some(&format!("Mark {} as reviewed on {today}", doc.path)),
        )
    }
}

/// An image stored by [`Workspace::attach`]: the write's outcome, and the link to put in the
/// runbook (relative to its folder).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Attached {
    #[serde(flatten)]
    pub saved: Saved,
    pub link: String,
}

/// A deleted runbook as the app and `hikitsugi log --deleted` list it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeletedRunbook {
    pub path: String,
    /// Its title in the last version that had it.
    pub title: String,
    /// The commit that deleted it.
    pub deleted_by: LogEntry,
    /// The last revision that had it: what restoring it brings back.
    pub last_rev: String,
}

/// Today's date in local time.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// What the navigator and `hikitsugi list` show for a runbook.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunbookSummary {
    pub path: String,
    pub title: String,
    pub system: Option<String>,
    pub kind: Option<String>,
    pub tags: Vec<String>,
    pub owner: Option<String>,
    pub reviewed: Option<NaiveDate>,
    pub review_due: Option<NaiveDate>,
    pub overdue: bool,
    /// Front matter problem or why the file cannot be edited.
    pub warning: Option<String>,
}

/// How much of each file the listing reads: front matter and the first heading are at the
/// top, so a 20,000-file vault lists in a fraction of the time a full read takes.
const SUMMARY_PREFIX: u64 = 16 * 1024;

/// A summary of every runbook, sorted by path. Unreadable files are listed with a warning.
/// Only the first [`SUMMARY_PREFIX`] bytes of each file are read (more when the front matter
/// is longer); a problem further down is reported when the runbook is opened.
pub fn list_summaries(
    vault: &Vault,
    today: NaiveDate,
) -> std::result::Result<Vec<RunbookSummary>, VaultError> {
    let files = vault.list()?;
    Ok(files
        .into_iter()
        .map(|f| {
            let parsed = read_prefix(&vault.root().join(&f.path), f.size)
                .and_then(|b| Runbook::from_bytes(&f.path, b).map_err(|e| e.to_string()));
            match parsed {
                Ok(rb) => {
                    let fm = rb.front_matter().clone();
                    RunbookSummary {
                        title: rb.title(&f.path),
                        review_due: rb.review_due(),
                        overdue: rb.is_overdue(today),
                        warning: rb.problem().map(ToString::to_string),
                        system: fm.system,
                        kind: fm.kind,
                        tags: fm.tags,
                        owner: fm.owner,
                        reviewed: fm.reviewed,
                        path: f.path,
                    }
                }
                Err(e) => RunbookSummary {
                    title: crate::runbook::file_stem(&f.path),
                    system: None,
                    kind: None,
                    tags: Vec::new(),
                    owner: None,
                    reviewed: None,
                    review_due: None,
                    overdue: false,
                    warning: Some(e),
                    path: f.path,
                },
            }
        })
        .collect())
}

/// The start of a file: [`SUMMARY_PREFIX`] bytes, extended to the whole file when the front
/// matter does not close within them, cut back to a whole UTF-8 character.
fn read_prefix(path: &std::path::Path, size: u64) -> std::result::Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut bytes = Vec::with_capacity(SUMMARY_PREFIX.min(size) as usize);
    file.take(SUMMARY_PREFIX)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if (bytes.len() as u64) < size {
        if crate::runbook::front_matter_unclosed(&String::from_utf8_lossy(&bytes)) {
            return std::fs::read(path).map_err(|e| e.to_string());
        }
        // Drop a character cut in half at the end.
        if let Err(e) = std::str::from_utf8(&bytes) {
            if e.error_len().is_none() {
                bytes.truncate(e.valid_up_to());
            }
        }
    }
    Ok(bytes)
}

/// Gives the renderer the vault's images (validated paths, raster types only, size-capped)
/// so the app can show them as `data:` URLs without any filesystem access of its own.
pub struct VaultImages<'a>(pub &'a Vault);

impl crate::render::ImageSource for VaultImages<'_> {
    fn load(&self, path: &str) -> Option<Vec<u8>> {
        let (_, abs) = self.0.resolve(path).ok()?;
        let meta = std::fs::metadata(&abs).ok()?;
        if !meta.is_file() || meta.len() > crate::render::MAX_INLINE_IMAGE_BYTES as u64 {
            return None;
        }
        std::fs::read(abs).ok()
    }
}
