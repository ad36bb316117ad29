//! The demo vault: a copy of the sample `runbooks/` folder in the user's data folder, made
//! its own Git repository on first use, so that trying the app never commits into the
//! project's (or anyone's) repository.

use std::fs;
use std::path::{Path, PathBuf};

use crate::history::{History, HistoryError};
use crate::vault::{Vault, VaultError};

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("sample runbooks not found at {0}")]
    NoSample(PathBuf),
    #[error("no user data folder could be found (set HOME or XDG_DATA_HOME)")]
    NoDataDir,
    #[error("could not copy the sample runbooks to {path}: {source}")]
    Copy {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Vault(#[from] VaultError),
    #[error(transparent)]
    History(#[from] HistoryError),
}

/// `<data dir>/hikitsugi/demo-vault` (e.g. `~/.local/share/hikitsugi/demo-vault`).
pub fn default_location() -> Result<PathBuf, DemoError> {
    Ok(dirs::data_dir()
        .ok_or(DemoError::NoDataDir)?
        .join("hikitsugi")
        .join("demo-vault"))
}

/// Returns `dest` as a vault, creating it from `sample` first if it does not exist yet.
/// An existing demo vault is used as it is (the user's edits there are kept).
pub fn ensure_demo_vault(sample: &Path, dest: &Path) -> Result<Vault, DemoError> {
    if dest.join(".git").exists() {
        return Ok(Vault::open(dest)?);
    }
    if !sample.is_dir() {
        return Err(DemoError::NoSample(sample.to_path_buf()));
    }
    copy_tree(sample, dest).map_err(|source| DemoError::Copy {
        path: dest.to_path_buf(),
        source,
    })?;
    let vault = Vault::init(dest)?;
    History::open(&vault)?.commit_all("Create the demo vault from the sample runbooks")?;
    Ok(vault)
}

/// Like [`ensure_demo_vault`], with the sample given as (vault-relative path, bytes) pairs,
/// for a program that carries the sample inside its binary.
pub fn ensure_demo_vault_from<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    dest: &Path,
) -> Result<Vault, DemoError> {
    if dest.join(".git").exists() {
        return Ok(Vault::open(dest)?);
    }
    let copy = |source| DemoError::Copy {
        path: dest.to_path_buf(),
        source,
    };
    for (rel, bytes) in files {
        if rel.split('/').any(|p| p == ".." || p.is_empty()) {
            continue;
        }
        let target = dest.join(rel);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(copy)?;
        }
        fs::write(&target, bytes).map_err(copy)?;
    }
    let vault = Vault::init(dest)?;
    History::open(&vault)?.commit_all("Create the demo vault from the sample runbooks")?;
    Ok(vault)
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if name == ".git" || name == crate::vault::STATE_DIR {
            continue;
        }
        let ty = entry.file_type()?;
        let target = to.join(&name);
        if ty.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else if ty.is_file() {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
