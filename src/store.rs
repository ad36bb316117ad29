//! Safe storage of runbook files: content hashes, atomic writes and conflict detection
//! against what is on disk.
//!
//! A write goes to a temporary file in the same folder, is fsynced, renamed over the target
//! and the folder is fsynced, so a crash leaves the old or the new file, never a torn one. A
//! failed write (full disk, permissions) leaves the original untouched and removes the
//! temporary file. This module does not commit; [`crate::workspace`] commits after a write.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use crate::runbook::{check_editable, RunbookError};
use crate::vault::{Vault, VaultError};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Vault(#[from] VaultError),
    #[error(transparent)]
    Content(#[from] RunbookError),
    #[error("{path}: not found")]
    NotFound { path: String },
    #[error("{path} was changed on disk since it was opened; nothing was written")]
    Conflict {
        path: String,
        /// Hash of the version on disk now; `None` when the file was deleted.
        disk_hash: Option<String>,
    },
    #[error("{path}: could not write ({source}); the file on disk was left as it was")]
    Write {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error("{path}: could not read ({source})")]
    Read {
        path: String,
        #[source]
        source: io::Error,
    },
}

/// The content hash the editor and `--base` use: BLAKE3, lowercase hex.
pub fn content_hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// A file's bytes with their hash.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub path: String,
    pub bytes: Vec<u8>,
    pub hash: String,
}

/// Reads a runbook's bytes (path validated). No content checks: callers decide.
pub fn read(vault: &Vault, rel: &str) -> Result<Loaded, StoreError> {
    let (path, abs) = vault.resolve(rel)?;
    let bytes = fs::read(&abs).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => StoreError::NotFound { path: path.clone() },
        _ => StoreError::Read {
            path: path.clone(),
            source: e,
        },
    })?;
    let hash = content_hash(&bytes);
    Ok(Loaded { path, bytes, hash })
}

/// Hash of the file on disk, `None` if it does not exist.
pub fn disk_hash(vault: &Vault, rel: &str) -> Result<Option<String>, StoreError> {
    match read(vault, rel) {
        Ok(l) => Ok(Some(l.hash)),
        Err(StoreError::NotFound { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// What a successful [`write_runbook`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub path: String,
    pub hash: String,
    pub created: bool,
}

/// What `base` means in [`write_runbook`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base<'a> {
    /// Overwrite whatever is there (the CLI without `--base`).
    Any,
    /// The file must not exist yet.
    New,
    /// The file on disk must still have this hash.
    Hash(&'a str),
}

/// Writes `bytes` to the runbook `rel` atomically after checking `base` against the disk.
/// Refuses binary or oversized content. Creates parent folders for new files.
pub fn write_runbook(
    vault: &Vault,
    rel: &str,
    bytes: &[u8],
    base: Base<'_>,
) -> Result<Written, StoreError> {
    let (path, abs) = vault.resolve_runbook(rel)?;
    check_editable(&path, bytes)?;
    let current = disk_hash(vault, &path)?;
    let ok = match (base, current.as_deref()) {
        (Base::Any, _) => true,
        (Base::New, None) => true,
        (Base::New, Some(_)) => false,
        (Base::Hash(want), Some(have)) => want == have,
        (Base::Hash(_), None) => false,
    };
    if !ok {
        return Err(StoreError::Conflict {
            path,
            disk_hash: current,
        });
    }
    if let Some(parent) = abs.parent() {
        fs::create_dir_all(parent).map_err(|e| StoreError::Write {
            path: path.clone(),
            source: e,
        })?;
    }
    write_atomic(&abs, bytes).map_err(|e| StoreError::Write {
        path: path.clone(),
        source: e,
    })?;
    Ok(Written {
        hash: content_hash(bytes),
        created: current.is_none(),
        path,
    })
}

/// Temp file in the same folder, fsync, rename, fsync the folder. The temp file is removed on
/// any error (tempfile deletes it on drop). Keeps the target's permissions when it exists.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let (dir, tmp) = temp_beside(target, bytes)?;
    if let Ok(meta) = fs::metadata(target) {
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(target).map_err(|e| e.error)?;
    sync_dir(dir)
}

/// Like [`write_atomic`] for a file that must not exist yet: fails with
/// [`io::ErrorKind::AlreadyExists`] (and writes nothing) when it does, even if it appeared a
/// moment ago.
pub fn write_new_atomic(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let (dir, tmp) = temp_beside(target, bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist_noclobber(target).map_err(|e| e.error)?;
    sync_dir(dir)
}

/// `bytes` in a new temporary file in `target`'s folder, and the folder.
fn temp_beside<'a>(
    target: &'a Path,
    bytes: &[u8],
) -> io::Result<(&'a Path, tempfile::NamedTempFile)> {
    let dir = target
        .parent()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no parent folder"))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".hikitsugi-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.flush()?;
    Ok((dir, tmp))
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    // Windows has no directory fsync; the rename is durable once the file was synced.
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_stable_hex() {
        let h = content_hash(b"abc");
        assert_eq!(h.len(), 64);
        assert_eq!(h, content_hash(b"abc"));
        assert_ne!(h, content_hash(b"abd"));
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let target = dir.path().join("a.md");
        fs::write(&target, "old")?;
        write_atomic(&target, "新しい".as_bytes())?;
        assert_eq!(fs::read_to_string(&target)?, "新しい");
        assert_eq!(fs::read_dir(dir.path())?.count(), 1);
        Ok(())
    }
}
