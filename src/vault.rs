//! A vault is a folder of Markdown runbooks. This module opens and initialises vaults, lists
//! their runbooks, and turns caller-supplied relative paths into filesystem paths that are
//! guaranteed to stay inside the vault root.
//!
//! It does not read or write runbook contents ([`crate::store`] does) and does not commit
//! ([`crate::history`] does); [`Vault::init`] is the one place that creates a Git repository.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::time::SystemTime;

/// Folder at the vault root that holds the index and local state. Never committed.
pub const STATE_DIR: &str = ".hikitsugi";

/// Folder names skipped when listing runbooks.
const SKIPPED_DIRS: &[&str] = &[".git", STATE_DIR, "node_modules"];

/// Errors of vault handling. Every variant names the path it is about.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("vault folder {0} does not exist")]
    NotFound(PathBuf),
    #[error("{0} is not a folder")]
    NotADirectory(PathBuf),
    #[error("path `{path}` is not allowed: {reason}")]
    InvalidPath { path: String, reason: &'static str },
    #[error("path `{0}` leads outside the vault")]
    OutsideVault(String),
    #[error("`{0}` is not a Markdown runbook (.md)")]
    NotMarkdown(String),
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error("could not initialise Git in {path}: {message}")]
    GitInit { path: PathBuf, message: String },
}

impl VaultError {
    pub(crate) fn io(path: impl Into<String>, source: io::Error) -> Self {
        VaultError::Io {
            path: path.into(),
            source,
        }
    }
}

/// An opened vault: a canonical root folder.
#[derive(Debug, Clone)]
pub struct Vault {
    root: PathBuf,
}

/// One Markdown file found in a vault listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VaultFile {
    /// Vault-relative path with `/` separators.
    pub path: String,
    pub size: u64,
    /// Modification time in nanoseconds since the Unix epoch (0 when unknown).
    pub mtime_ns: u128,
}

impl Vault {
    /// Opens an existing folder as a vault. Does not require Git: callers that need history
    /// ask [`crate::history`], which says clearly when there is no repository.
    pub fn open(root: impl AsRef<Path>) -> Result<Vault, VaultError> {
        let root = root.as_ref();
        let meta = fs::metadata(root).map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => VaultError::NotFound(root.to_path_buf()),
            _ => VaultError::io(root.display().to_string(), e),
        })?;
        if !meta.is_dir() {
            return Err(VaultError::NotADirectory(root.to_path_buf()));
        }
        let root =
            fs::canonicalize(root).map_err(|e| VaultError::io(root.display().to_string(), e))?;
        Ok(Vault { root })
    }

    /// Makes `root` a vault: creates the folder, initialises a Git repository unless the folder
    /// is already inside one (a `runbooks/` folder of an infra repository stays part of it), and
    /// makes sure `.hikitsugi/` is ignored. Existing files and history are left alone.
    pub fn init(root: impl AsRef<Path>) -> Result<Vault, VaultError> {
        let root = root.as_ref();
        fs::create_dir_all(root).map_err(|e| VaultError::io(root.display().to_string(), e))?;
        let vault = Vault::open(root)?;
        if git2::Repository::discover(&vault.root).is_err() {
            git2::Repository::init(&vault.root).map_err(|e| VaultError::GitInit {
                path: vault.root.clone(),
                message: e.message().to_string(),
            })?;
            let gitignore = vault.root.join(".gitignore");
            if !gitignore.exists() {
                fs::write(&gitignore, format!("{STATE_DIR}/\n"))
                    .map_err(|e| VaultError::io(".gitignore", e))?;
            }
        }
        vault.ensure_state_dir()?;
        Ok(vault)
    }

    /// The canonical root folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// A short display name: the root folder's name.
    pub fn name(&self) -> String {
        self.root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.root.display().to_string())
    }

    /// `<root>/.hikitsugi`, created on demand with a `.gitignore` of `*` inside, so that it is
    /// ignored even in repositories whose own `.gitignore` we must not touch.
    pub fn ensure_state_dir(&self) -> Result<PathBuf, VaultError> {
        let dir = self.root.join(STATE_DIR);
        fs::create_dir_all(&dir).map_err(|e| VaultError::io(STATE_DIR, e))?;
        let ignore = dir.join(".gitignore");
        if !ignore.exists() {
            fs::write(&ignore, "*\n").map_err(|e| VaultError::io(STATE_DIR, e))?;
        }
        Ok(dir)
    }

    /// Checks a caller-supplied vault-relative path and returns its absolute location.
    ///
    /// Refused: empty paths, absolute paths, backslashes, NUL, `..`, anything inside `.git` or
    /// `.hikitsugi`, and paths whose existing part resolves (through symlinks) outside the
    /// root. The file itself need not exist. Returns the normalised relative path too.
    pub fn resolve(&self, rel: &str) -> Result<(String, PathBuf), VaultError> {
        let normalized = normalize_relative(rel)?;
        let abs = self.root.join(&normalized);
        // Resolve the longest existing ancestor (the file itself, if it exists) through symlinks.
        let mut existing = abs.as_path();
        loop {
            match fs::symlink_metadata(existing) {
                Ok(_) => break,
                Err(_) => match existing.parent() {
                    Some(parent) => existing = parent,
                    None => break,
                },
            }
        }
        let real = fs::canonicalize(existing).map_err(|e| VaultError::io(rel, e))?;
        if !real.starts_with(&self.root) {
            return Err(VaultError::OutsideVault(rel.to_string()));
        }
        Ok((normalized, abs))
    }

    /// Like [`Vault::resolve`], and the path must name a `.md` file.
    pub fn resolve_runbook(&self, rel: &str) -> Result<(String, PathBuf), VaultError> {
        let (normalized, abs) = self.resolve(rel)?;
        if !is_markdown(&normalized) {
            return Err(VaultError::NotMarkdown(rel.to_string()));
        }
        Ok((normalized, abs))
    }

    /// Every `.md` file below the root, sorted by path, skipping `.git`, `.hikitsugi` and
    /// `node_modules`. Symlinks are not followed. Unreadable entries are skipped: a listing
    /// must not fail because of one bad folder.
    pub fn list(&self) -> Result<Vec<VaultFile>, VaultError> {
        let mut files = Vec::new();
        let walker = walkdir::WalkDir::new(&self.root)
            .follow_links(false)
            .into_iter()
            .filter_entry(|e| {
                !(e.file_type().is_dir()
                    && e.depth() > 0
                    && SKIPPED_DIRS.iter().any(|s| e.file_name() == *s))
            });
        for entry in walker.filter_map(Result::ok) {
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(&self.root) else {
                continue;
            };
            let Some(rel) = path_to_slash(rel) else {
                continue;
            };
            if !is_markdown(&rel) {
                continue;
            }
            let Ok(meta) = entry.metadata() else {
                continue;
            };
            files.push(VaultFile {
                path: rel,
                size: meta.len(),
                mtime_ns: mtime_ns(&meta),
            });
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }
}

/// Modification time of a file in nanoseconds since the epoch, 0 when the platform has none.
pub fn mtime_ns(meta: &fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

/// True for a vault-relative path [`Vault::list`] would list: a `.md` file outside the
/// skipped folders.
pub fn is_listed(rel: &str) -> bool {
    is_markdown(rel)
        && !rel
            .split('/')
            .rev()
            .skip(1)
            .any(|dir| SKIPPED_DIRS.contains(&dir))
}

/// True for paths ending in `.md` (any case).
pub fn is_markdown(path: &str) -> bool {
    path.rsplit_once('.')
        .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("md"))
}

/// Converts a relative filesystem path to a `/`-separated string; `None` for non-UTF-8 names.
fn path_to_slash(rel: &Path) -> Option<String> {
    let mut out = String::new();
    for comp in rel.components() {
        let Component::Normal(part) = comp else {
            return None;
        };
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str(part.to_str()?);
    }
    Some(out)
}

/// Validates and normalises a vault-relative path (drops `.` components and empty segments).
fn normalize_relative(rel: &str) -> Result<String, VaultError> {
    let invalid = |reason| VaultError::InvalidPath {
        path: rel.to_string(),
        reason,
    };
    if rel.trim().is_empty() {
        return Err(invalid("the path is empty"));
    }
    if rel.contains('\0') {
        return Err(invalid("the path contains a NUL character"));
    }
    if rel.contains('\\') {
        return Err(invalid("use `/` as the separator"));
    }
    if rel.starts_with('/') || has_drive_prefix(rel) {
        return Err(invalid(
            "absolute paths are not allowed; give a path relative to the vault",
        ));
    }
    let mut parts = Vec::new();
    for part in rel.split('/') {
        match part {
            "" | "." => continue,
            ".." => return Err(VaultError::OutsideVault(rel.to_string())),
            _ => {}
        }
        if part == ".git" || part == STATE_DIR {
            return Err(invalid("files inside .git and .hikitsugi are off limits"));
        }
        parts.push(part);
    }
    if parts.is_empty() {
        return Err(invalid("the path names the vault root itself"));
    }
    Ok(parts.join("/"))
}

fn has_drive_prefix(rel: &str) -> bool {
    let b = rel.as_bytes();
    b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_dot_segments() {
        assert_eq!(
            normalize_relative("./a//b/./c.md").ok().as_deref(),
            Some("a/b/c.md")
        );
    }

    #[test]
    fn refuses_traversal_absolute_and_git() {
        for bad in [
            "../x.md",
            "a/../../x.md",
            "/etc/passwd",
            "C:/x.md",
            "a\\b.md",
            "",
            " ",
            ".git/config",
            "x/.hikitsugi/a",
            "a\0b",
            ".",
        ] {
            assert!(normalize_relative(bad).is_err(), "{bad:?} must be refused");
        }
    }

    #[test]
    fn markdown_extension_is_case_insensitive() {
        assert!(is_markdown("a/B.MD"));
        assert!(!is_markdown("a/b.markdown.txt"));
        assert!(!is_markdown("md"));
    }
}
