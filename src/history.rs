//! Git history of a vault through git2: one commit per save, per-file log following renames,
//! unified diffs, blame, and reading old versions.
//!
//! Functions take vault-relative paths and return this module's own types, never git2's.
//! The vault may be a subfolder of a larger repository: commits then touch only the named
//! files, built from HEAD's tree with just those entries replaced, so whatever else the user
//! has staged or changed in the repository is left alone. No hooks run. History is never
//! rewritten: restoring an old version is a new commit ([`crate::workspace`] does that).

use std::path::{Path, PathBuf};

use git2::{ErrorCode, ObjectType, Oid, Repository, Signature};
use serde::Serialize;

use crate::vault::Vault;

/// Fallback identity for machines with no Git `user.name` / `user.email`.
pub const DEFAULT_AUTHOR_NAME: &str = "Hikitsugi";
pub const DEFAULT_AUTHOR_EMAIL: &str = "hikitsugi@localhost";

#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("{0} is not inside a Git repository; run `hikitsugi init` to start keeping history")]
    NotARepository(PathBuf),
    #[error("the Git repository is busy or locked ({detail}). The file is saved on disk but not committed yet: close the other Git program (or delete a stale .git/index.lock) and save again")]
    Busy { detail: String },
    #[error("{path} has no committed history yet")]
    NoHistory { path: String },
    #[error("revision `{rev}` not found")]
    RevNotFound { rev: String },
    #[error("{path} does not exist in revision {rev}")]
    NotInRevision { path: String, rev: String },
    #[error("{path}: {message}")]
    Git { path: String, message: String },
}

impl HistoryError {
    fn git(path: &str, e: git2::Error) -> HistoryError {
        if e.code() == ErrorCode::Locked {
            HistoryError::Busy {
                detail: e.message().to_string(),
            }
        } else {
            HistoryError::Git {
                path: path.to_string(),
                message: e.message().to_string(),
            }
        }
    }
}

type Result<T> = std::result::Result<T, HistoryError>;

/// One commit that touched a file (or the vault).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogEntry {
    pub id: String,
    pub short_id: String,
    pub author: String,
    pub email: String,
    /// Seconds since the Unix epoch.
    pub time: i64,
    pub message: String,
    /// Vault-relative paths this commit changed (for a file log: the file's path at that time).
    pub paths: Vec<String>,
    /// In a file log: this commit deleted the file (there is no content at it to show).
    #[serde(skip_serializing_if = "is_false")]
    pub deleted: bool,
}

fn is_false(b: &bool) -> bool {
    !b
}

/// A file deleted from the vault and not there again, as the history remembers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeletedFile {
    /// Vault-relative path it had.
    pub path: String,
    /// The commit that deleted it.
    pub deleted_by: LogEntry,
    /// The last commit that had it (its parent): the revision to restore.
    pub last_rev: String,
}

/// How far back [`History::deleted_files`] looks, in commits.
const DELETED_SEARCH_DEPTH: usize = 10_000;

/// Who last changed one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BlameLine {
    pub line: usize,
    pub text: String,
    /// Empty for lines not committed yet.
    pub commit: String,
    pub short_id: String,
    pub author: String,
    pub time: i64,
}

/// The repository holding a vault.
pub struct History {
    repo: Repository,
    /// The vault root relative to the repository's work tree, with a trailing `/` (or empty).
    prefix: String,
    /// The `.git/index` update that follows the last commit, written on its own thread:
    /// rewriting the index of a 20,000-file repository takes longer than the commit itself,
    /// and only `git status` needs it. Waited for before the next commit, in
    /// [`History::settle`] and on drop.
    index_update: std::sync::Mutex<IndexUpdate>,
}

/// The repository handle that writes the index (kept between updates, so its parsed index is
/// reused instead of read and checksummed again), or the update running with it.
enum IndexUpdate {
    Idle(Option<Repository>),
    Running(std::thread::JoinHandle<Option<Repository>>),
}

impl Drop for History {
    fn drop(&mut self) {
        self.settle();
    }
}

impl History {
    /// Finds the repository containing the vault (the vault itself or a parent folder).
    pub fn open(vault: &Vault) -> Result<History> {
        let repo = Repository::discover(vault.root())
            .map_err(|_| HistoryError::NotARepository(vault.root().to_path_buf()))?;
        let workdir = repo
            .workdir()
            .and_then(|w| std::fs::canonicalize(w).ok())
            .ok_or_else(|| HistoryError::NotARepository(vault.root().to_path_buf()))?;
        let rel = vault
            .root()
            .strip_prefix(&workdir)
            .map_err(|_| HistoryError::NotARepository(vault.root().to_path_buf()))?;
        let mut prefix = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if !prefix.is_empty() {
            prefix.push('/');
        }
        Ok(History {
            repo,
            prefix,
            index_update: std::sync::Mutex::new(IndexUpdate::Idle(None)),
        })
    }

    /// Waits until the repository index reflects every commit made so far (the update runs
    /// in the background after [`History::commit_paths`]). Call before the process exits.
    pub fn settle(&self) {
        let mut update = self.lock_index_update();
        let repo = finish(&mut update);
        *update = IndexUpdate::Idle(repo);
    }

    fn lock_index_update(&self) -> std::sync::MutexGuard<'_, IndexUpdate> {
        self.index_update
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn repo_path(&self, rel: &str) -> String {
        format!("{}{rel}", self.prefix)
    }

    fn vault_path<'a>(&self, repo_path: &'a str) -> Option<&'a str> {
        repo_path.strip_prefix(&self.prefix)
    }

    fn signature(&self) -> Result<Signature<'static>> {
        self.repo
            .signature()
            .or_else(|_| Signature::now(DEFAULT_AUTHOR_NAME, DEFAULT_AUTHOR_EMAIL))
            .map_err(|e| HistoryError::git("", e))
    }

    fn head_commit(&self) -> Option<git2::Commit<'_>> {
        self.repo.head().ok().and_then(|h| h.peel_to_commit().ok())
    }

    fn ensure_not_locked(&self) -> Result<()> {
        let lock = self.repo.path().join("index.lock");
        if lock.exists() {
            return Err(HistoryError::Busy {
                detail: format!("{} exists", lock.display()),
            });
        }
        Ok(())
    }

    /// Commits the current on-disk state of exactly these vault-relative paths (a path that
    /// no longer exists on disk is committed as deleted). Returns `None` when nothing changed
    /// against HEAD. Works in an empty repository (first commit). Updates the repository index
    /// for these paths only, right after, on a thread of its own (see [`History::settle`]).
    pub fn commit_paths(&self, paths: &[&str], message: &str) -> Result<Option<String>> {
        self.settle();
        self.ensure_not_locked()?;
        let workdir = self
            .repo
            .workdir()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let head = self.head_commit();
        let base_tree = match &head {
            Some(c) => c.tree().map_err(|e| HistoryError::git("", e))?,
            None => {
                let empty = self
                    .repo
                    .treebuilder(None)
                    .and_then(|b| b.write())
                    .map_err(|e| HistoryError::git("", e))?;
                self.repo
                    .find_tree(empty)
                    .map_err(|e| HistoryError::git("", e))?
            }
        };
        let mut update = git2::build::TreeUpdateBuilder::new();
        for rel in paths {
            let full = self.repo_path(rel);
            let abs = workdir.join(&full);
            match std::fs::read(&abs) {
                Ok(bytes) => {
                    let blob = self
                        .repo
                        .blob(&bytes)
                        .map_err(|e| HistoryError::git(rel, e))?;
                    update.upsert(&full, blob, git2::FileMode::Blob);
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    update.remove(&full);
                }
                Err(e) => {
                    return Err(HistoryError::Git {
                        path: rel.to_string(),
                        message: e.to_string(),
                    })
                }
            }
        }
        let tree_id = update
            .create_updated(&self.repo, &base_tree)
            .map_err(|e| HistoryError::git("", e))?;
        if tree_id == base_tree.id() && head.is_some() {
            return Ok(None);
        }
        let id = self.commit_tree(tree_id, head.as_ref(), message)?;
        self.sync_index_in_background(paths);
        Ok(Some(id))
    }

    /// Records `tree_id` as a new commit on HEAD (whose parent is `head`, if any).
    fn commit_tree(
        &self,
        tree_id: Oid,
        head: Option<&git2::Commit<'_>>,
        message: &str,
    ) -> Result<String> {
        let tree = self
            .repo
            .find_tree(tree_id)
            .map_err(|e| HistoryError::git("", e))?;
        let sig = self.signature()?;
        let parents: Vec<&git2::Commit<'_>> = head.into_iter().collect();
        let oid = self
            .repo
            .commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
            .map_err(|e| HistoryError::git("", e))?;
        Ok(oid.to_string())
    }

    /// Brings the repository index in line with the new commit for `paths`, so `git status`
    /// shows them clean, on a thread of its own (with its own handle on the repository). Other
    /// index entries are untouched. A failure (another Git process holding `index.lock`)
    /// leaves the index as it was: the commit is made, and `git status` shows the file as
    /// changed against the index until the next save of it.
    fn sync_index_in_background(&self, paths: &[&str]) {
        let git_dir = self.repo.path().to_path_buf();
        let workdir = self
            .repo
            .workdir()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let entries: Vec<String> = paths.iter().map(|rel| self.repo_path(rel)).collect();
        let mut update = self.lock_index_update();
        let kept = finish(&mut update);
        *update = IndexUpdate::Running(std::thread::spawn(move || {
            let repo = match kept {
                Some(repo) => repo,
                None => Repository::open(&git_dir).ok()?,
            };
            let _ = sync_index(&repo, &workdir, &entries);
            Some(repo)
        }));
    }

    /// Commits every file in the vault folder (used to create the demo vault's first commit).
    pub fn commit_all(&self, message: &str) -> Result<Option<String>> {
        self.settle();
        self.ensure_not_locked()?;
        let mut index = self.repo.index().map_err(|e| HistoryError::git("", e))?;
        // The background update of the last commit wrote the file behind this handle's back.
        index.read(false).map_err(|e| HistoryError::git("", e))?;
        let spec = if self.prefix.is_empty() {
            "*".to_string()
        } else {
            format!("{}*", self.prefix)
        };
        index
            .add_all([spec.as_str()], git2::IndexAddOption::DEFAULT, None)
            .map_err(|e| HistoryError::git("", e))?;
        index.write().map_err(|e| HistoryError::git("", e))?;
        let tree_id = index.write_tree().map_err(|e| HistoryError::git("", e))?;
        let head = self.head_commit();
        if head.as_ref().is_some_and(|h| h.tree_id() == tree_id) {
            return Ok(None);
        }
        self.commit_tree(tree_id, head.as_ref(), message).map(Some)
    }

    fn resolve_commit(&self, rev: &str) -> Result<git2::Commit<'_>> {
        self.repo
            .revparse_single(rev)
            .and_then(|o| o.peel_to_commit())
            .map_err(|_| HistoryError::RevNotFound {
                rev: rev.to_string(),
            })
    }

    fn entry_id(tree: &git2::Tree<'_>, repo_path: &str) -> Option<Oid> {
        tree.get_path(Path::new(repo_path)).ok().map(|e| e.id())
    }

    /// Commits that changed `rel`, newest first, following renames back through history.
    /// A file deleted (and perhaps restored since) keeps its history: the commit that deleted
    /// it is listed (marked `deleted`), then the versions before. `limit` caps the number of
    /// entries.
    pub fn file_log(&self, rel: &str, limit: usize) -> Result<Vec<LogEntry>> {
        let mut out = Vec::new();
        let Some(head) = self.head_commit() else {
            return Ok(out);
        };
        let mut current = self.repo_path(rel);
        let mut commit = Some(head);
        while let Some(c) = commit {
            if out.len() >= limit {
                break;
            }
            let tree = c.tree().map_err(|e| HistoryError::git(rel, e))?;
            let parent = c.parent(0).ok();
            let parent_tree = parent.as_ref().and_then(|p| p.tree().ok());
            let now = Self::entry_id(&tree, &current);
            let before = parent_tree
                .as_ref()
                .and_then(|t| Self::entry_id(t, &current));
            let display = |current: &str| self.vault_path(current).unwrap_or(current).to_string();
            if now.is_some() && now != before {
                out.push(self.entry(&c, vec![display(&current)]));
                if before.is_none() {
                    if let Some(old) = parent_tree
                        .as_ref()
                        .and_then(|pt| self.renamed(pt, &tree, |_, new| new == current))
                    {
                        current = old.0;
                    }
                    // Otherwise created here; an earlier life under this name (deleted,
                    // then restored) is looked for further back.
                }
            } else if now.is_none() && before.is_some() {
                let renamed_away = parent_tree
                    .as_ref()
                    .and_then(|pt| self.renamed(pt, &tree, |old, _| old == current))
                    .is_some();
                if renamed_away {
                    break;
                }
                let mut entry = self.entry(&c, vec![display(&current)]);
                entry.deleted = true;
                out.push(entry);
            }
            commit = parent;
        }
        Ok(out)
    }

    /// Files deleted from the vault that are not there again, most recently deleted first,
    /// each with the commit that deleted it and the last revision that had it. A file
    /// renamed away is not listed (it still exists under its new name). Looks back through
    /// the last [`DELETED_SEARCH_DEPTH`] commits along first parents.
    /// Only paths for which `keep` (given the vault-relative path) is true are listed.
    pub fn deleted_files(
        &self,
        limit: usize,
        keep: impl Fn(&str) -> bool,
    ) -> Result<Vec<DeletedFile>> {
        let mut out = Vec::new();
        let Some(head) = self.head_commit() else {
            return Ok(out);
        };
        let head_tree = head.tree().map_err(|e| HistoryError::git("", e))?;
        let mut decided = std::collections::HashSet::new();
        let mut c = head;
        for _ in 0..DELETED_SEARCH_DEPTH {
            if out.len() >= limit {
                break;
            }
            let Ok(parent) = c.parent(0) else { break };
            let tree = c.tree().map_err(|e| HistoryError::git("", e))?;
            let parent_tree = parent.tree().map_err(|e| HistoryError::git("", e))?;
            let mut opts = git2::DiffOptions::new();
            if !self.prefix.is_empty() {
                opts.pathspec(&self.prefix);
            }
            let mut diff = self
                .repo
                .diff_tree_to_tree(Some(&parent_tree), Some(&tree), Some(&mut opts))
                .map_err(|e| HistoryError::git("", e))?;
            let deltas = || diff.deltas().map(|d| d.status());
            if deltas().any(|s| s == git2::Delta::Deleted)
                && deltas().any(|s| s == git2::Delta::Added)
            {
                let mut find = git2::DiffFindOptions::new();
                find.renames(true);
                diff.find_similar(Some(&mut find))
                    .map_err(|e| HistoryError::git("", e))?;
            }
            for d in diff.deltas() {
                let Some(old) = d.old_file().path().and_then(|p| p.to_str()) else {
                    continue;
                };
                if !decided.insert(old.to_string()) || d.status() != git2::Delta::Deleted {
                    continue;
                }
                let Some(path) = self.vault_path(old).filter(|p| keep(p)) else {
                    continue;
                };
                if head_tree.get_path(Path::new(old)).is_ok() {
                    continue;
                }
                let mut deleted_by = self.entry(&c, vec![path.to_string()]);
                deleted_by.deleted = true;
                out.push(DeletedFile {
                    path: path.to_string(),
                    deleted_by,
                    last_rev: parent.id().to_string(),
                });
            }
            c = parent;
        }
        out.truncate(limit);
        Ok(out)
    }

    /// The first rename from `old_tree` to `new_tree` for which `wanted(old, new)` holds, as
    /// (old path, new path).
    fn renamed(
        &self,
        old_tree: &git2::Tree<'_>,
        new_tree: &git2::Tree<'_>,
        wanted: impl Fn(&str, &str) -> bool,
    ) -> Option<(String, String)> {
        let mut diff = self
            .repo
            .diff_tree_to_tree(Some(old_tree), Some(new_tree), None)
            .ok()?;
        let mut opts = git2::DiffFindOptions::new();
        opts.renames(true);
        diff.find_similar(Some(&mut opts)).ok()?;
        diff.deltas().find_map(|d| {
            let old = d.old_file().path()?.to_str()?;
            let new = d.new_file().path()?.to_str()?;
            (d.status() == git2::Delta::Renamed && wanted(old, new))
                .then(|| (old.to_string(), new.to_string()))
        })
    }

    /// Commits that changed anything in the vault, newest first, with the paths they changed.
    pub fn vault_log(&self, limit: usize) -> Result<Vec<LogEntry>> {
        let mut out = Vec::new();
        let Some(head) = self.head_commit() else {
            return Ok(out);
        };
        let mut commit = Some(head);
        while let Some(c) = commit {
            if out.len() >= limit {
                break;
            }
            let tree = c.tree().map_err(|e| HistoryError::git("", e))?;
            let parent = c.parent(0).ok();
            let parent_tree = parent.as_ref().and_then(|p| p.tree().ok());
            let mut opts = git2::DiffOptions::new();
            if !self.prefix.is_empty() {
                opts.pathspec(&self.prefix);
            }
            let diff = self
                .repo
                .diff_tree_to_tree(parent_tree.as_ref(), Some(&tree), Some(&mut opts))
                .map_err(|e| HistoryError::git("", e))?;
            let paths: Vec<String> = diff
                .deltas()
                .filter_map(|d| d.new_file().path().or(d.old_file().path()))
                .filter_map(|p| p.to_str())
                .filter_map(|p| self.vault_path(p).map(str::to_string))
                .collect();
            if !paths.is_empty() {
                out.push(self.entry(&c, paths));
            }
            commit = parent;
        }
        Ok(out)
    }

    fn entry(&self, c: &git2::Commit<'_>, paths: Vec<String>) -> LogEntry {
        let id = c.id().to_string();
        let author = c.author();
        LogEntry {
            short_id: id.chars().take(8).collect(),
            id,
            author: author.name().unwrap_or("?").to_string(),
            email: author.email().unwrap_or("").to_string(),
            time: c.time().seconds(),
            message: c.message().unwrap_or("").trim_end().to_string(),
            paths,
            deleted: false,
        }
    }

    /// The content of `rel` at `rev`. If the file had another name then (it was renamed
    /// since), that name is found through the file's log.
    pub fn show(&self, rel: &str, rev: &str) -> Result<Vec<u8>> {
        let commit = self.resolve_commit(rev)?;
        let tree = commit.tree().map_err(|e| HistoryError::git(rel, e))?;
        let mut repo_path = self.repo_path(rel);
        if tree.get_path(Path::new(&repo_path)).is_err() {
            let id = commit.id().to_string();
            if let Some(e) = self
                .file_log(rel, usize::MAX)?
                .into_iter()
                .find(|e| e.id == id)
            {
                if let Some(p) = e.paths.first() {
                    repo_path = self.repo_path(p);
                }
            }
        }
        let entry =
            tree.get_path(Path::new(&repo_path))
                .map_err(|_| HistoryError::NotInRevision {
                    path: rel.to_string(),
                    rev: rev.to_string(),
                })?;
        let obj = entry
            .to_object(&self.repo)
            .map_err(|e| HistoryError::git(rel, e))?;
        if obj.kind() != Some(ObjectType::Blob) {
            return Err(HistoryError::NotInRevision {
                path: rel.to_string(),
                rev: rev.to_string(),
            });
        }
        let blob = obj.peel_to_blob().map_err(|e| HistoryError::git(rel, e))?;
        Ok(blob.content().to_vec())
    }

    /// Full id of a revision (`HEAD`, a short id, `HEAD~2`, a branch name...).
    pub fn resolve(&self, rev: &str) -> Result<String> {
        Ok(self.resolve_commit(rev)?.id().to_string())
    }

    /// Unified diff of `rel` from `old` (content at a revision) to `new`. `labels` name both sides.
    pub fn unified_diff(
        old: &[u8],
        new: &[u8],
        old_label: &str,
        new_label: &str,
    ) -> Result<String> {
        let mut opts = git2::DiffOptions::new();
        opts.context_lines(3);
        let patch = git2::Patch::from_buffers(
            old,
            Some(Path::new(old_label)),
            new,
            Some(Path::new(new_label)),
            Some(&mut opts),
        )
        .map_err(|e| HistoryError::git(old_label, e))?;
        let buf = patch_to_string(patch)?;
        Ok(buf)
    }

    /// Who last changed each line. With `working`, lines of that text not yet committed are
    /// reported with an empty commit id.
    pub fn blame(&self, rel: &str, working: Option<&[u8]>) -> Result<Vec<BlameLine>> {
        if self.head_commit().is_none() {
            return Err(HistoryError::NoHistory {
                path: rel.to_string(),
            });
        }
        let repo_path = self.repo_path(rel);
        let blame = self
            .repo
            .blame_file(Path::new(&repo_path), None)
            .map_err(|e| match e.code() {
                ErrorCode::NotFound => HistoryError::NoHistory {
                    path: rel.to_string(),
                },
                _ => HistoryError::git(rel, e),
            })?;
        let committed;
        let (blame, content) = match working {
            Some(text) => (
                blame
                    .blame_buffer(text)
                    .map_err(|e| HistoryError::git(rel, e))?,
                text,
            ),
            None => {
                committed = self.show(rel, "HEAD")?;
                (blame, committed.as_slice())
            }
        };
        let text = String::from_utf8_lossy(content);
        let mut out = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let hunk = blame.get_line(i + 1);
            let (commit, author, time) = match hunk {
                Some(h) if !h.final_commit_id().is_zero() => {
                    let sig = h.final_signature();
                    (
                        h.final_commit_id().to_string(),
                        sig.as_ref()
                            .and_then(|s| s.name().ok())
                            .unwrap_or("?")
                            .to_string(),
                        sig.as_ref().map_or(0, |s| s.when().seconds()),
                    )
                }
                _ => (String::new(), String::new(), 0),
            };
            out.push(BlameLine {
                line: i + 1,
                text: line.to_string(),
                short_id: commit.chars().take(8).collect(),
                commit,
                author,
                time,
            });
        }
        Ok(out)
    }
}

fn patch_to_string(mut patch: git2::Patch<'_>) -> Result<String> {
    let buf = patch.to_buf().map_err(|e| HistoryError::git("", e))?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// Waits for a running index update and takes the repository handle it kept (or the idle
/// one), leaving `update` idle without a handle.
fn finish(update: &mut IndexUpdate) -> Option<Repository> {
    match std::mem::replace(update, IndexUpdate::Idle(None)) {
        IndexUpdate::Idle(repo) => repo,
        IndexUpdate::Running(handle) => handle.join().ok().flatten(),
    }
}

/// Updates the repository index entries of `entries` (repository paths) from the work tree.
fn sync_index(
    repo: &Repository,
    workdir: &Path,
    entries: &[String],
) -> std::result::Result<(), git2::Error> {
    let mut index = repo.index()?;
    // Picks up changes other Git processes made since this handle last wrote it.
    index.read(false)?;
    for full in entries {
        if workdir.join(full).exists() {
            index.add_path(Path::new(full))?;
        } else {
            index.remove_path(Path::new(full))?;
        }
    }
    index.write()
}
