//! Unsaved drafts for crash recovery: while a runbook has unsaved changes the editor stores
//! its text in `<vault>/.hikitsugi/drafts/`; after a crash the drafts are offered back. A
//! draft is removed when the runbook is saved or the user discards it. Drafts are local state,
//! never committed.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::store::write_atomic;
use crate::vault::{Vault, VaultError};

#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    #[error(transparent)]
    Vault(#[from] VaultError),
    #[error("draft of {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// A stored draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Draft {
    pub path: String,
    pub text: String,
    /// Seconds since the Unix epoch.
    pub saved_at: i64,
}

fn dir(vault: &Vault) -> Result<PathBuf, VaultError> {
    Ok(vault.ensure_state_dir()?.join("drafts"))
}

fn file_for(vault: &Vault, path: &str) -> Result<PathBuf, VaultError> {
    Ok(dir(vault)?.join(format!("{}.json", blake3::hash(path.as_bytes()).to_hex())))
}

/// Stores (replaces) the draft of the runbook `rel`.
pub fn save(vault: &Vault, rel: &str, text: &str) -> Result<(), DraftError> {
    let (path, _) = vault.resolve_runbook(rel)?;
    let file = file_for(vault, &path)?;
    let io = |source| DraftError::Io {
        path: path.clone(),
        source,
    };
    std::fs::create_dir_all(dir(vault)?).map_err(io)?;
    let draft = Draft {
        path: path.clone(),
        text: text.to_string(),
        saved_at: chrono::Utc::now().timestamp(),
    };
    let json = serde_json::to_vec(&draft).map_err(|e| io(std::io::Error::other(e)))?;
    write_atomic(&file, &json).map_err(io)
}

/// Every stored draft, oldest first. Unreadable draft files are skipped.
pub fn list(vault: &Vault) -> Result<Vec<Draft>, DraftError> {
    let dir = dir(vault)?;
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(Vec::new());
    };
    let mut drafts: Vec<Draft> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .filter_map(|e| std::fs::read(e.path()).ok())
        .filter_map(|b| serde_json::from_slice(&b).ok())
        .collect();
    drafts.sort_by_key(|d| d.saved_at);
    Ok(drafts)
}

/// Removes the draft of `rel`, if any.
pub fn discard(vault: &Vault, rel: &str) -> Result<(), DraftError> {
    let (path, _) = vault.resolve_runbook(rel)?;
    match std::fs::remove_file(file_for(vault, &path)?) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(DraftError::Io { path, source: e })
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_list_discard() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let vault = Vault::open(dir.path())?;
        save(&vault, "a/手順.md", "書きかけ")?;
        save(&vault, "a/手順.md", "書きかけ2")?;
        let drafts = list(&vault)?;
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].text, "書きかけ2");
        assert!(save(&vault, "../x.md", "x").is_err());
        discard(&vault, "a/手順.md")?;
        assert!(list(&vault)?.is_empty());
        Ok(())
    }
}
