//! Watches the vault for changes made by other programs. Events are debounced; each changed
//! runbook is re-indexed and reported to the UI as `vault-changed { paths }`, except writes
//! the app made itself (same content hash as our last write).

use std::collections::BTreeSet;
use std::sync::mpsc;
use std::sync::Arc;

use hikitsugi::vault::Vault;
use notify::{RecursiveMode, Watcher};
use serde::Serialize;
use tauri::{AppHandle, Emitter};

use crate::state::{lock, AppState, DEBOUNCE};

#[derive(Clone, Serialize)]
struct VaultChanged {
    paths: Vec<String>,
}

/// Starts watching; `None` if the platform watcher cannot start (the app still works; outside
/// changes are then picked up at the next start).
pub fn watch(
    app: AppHandle,
    state: Arc<AppState>,
    vault: Vault,
    generation: u64,
) -> Option<notify::RecommendedWatcher> {
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(tx).ok()?;
    watcher.watch(vault.root(), RecursiveMode::Recursive).ok()?;
    std::thread::spawn(move || {
        while let Ok(first) = rx.recv() {
            let mut events = vec![first];
            while let Ok(e) = rx.recv_timeout(DEBOUNCE) {
                events.push(e);
            }
            if !state.is_current(generation) {
                return;
            }
            let paths = changed_runbooks(&vault, events);
            let outside: Vec<String> = paths
                .into_iter()
                .filter(|p| !is_own_write(&state, &vault, p))
                .collect();
            if outside.is_empty() {
                continue;
            }
            {
                let mut guard = lock(&state.workspace);
                if let Some(index) = guard.as_mut().and_then(|w| w.index_mut()) {
                    for p in &outside {
                        let _ = index.update_path(&vault, p);
                    }
                    let _ = index.commit();
                }
            }
            let _ = app.emit("vault-changed", VaultChanged { paths: outside });
        }
    });
    Some(watcher)
}

fn changed_runbooks(vault: &Vault, events: Vec<notify::Result<notify::Event>>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for event in events.into_iter().flatten() {
        if matches!(event.kind, notify::EventKind::Access(_)) {
            continue;
        }
        let created = matches!(event.kind, notify::EventKind::Create(_));
        for path in event.paths {
            // A new folder's files may be written before the watch on it is in place: take
            // every runbook in it.
            if created && path.is_dir() && path != vault.root() {
                for file in walkdir_md(&path) {
                    if let Some(rel) = file
                        .strip_prefix(vault.root())
                        .ok()
                        .and_then(|r| r.to_str())
                    {
                        out.insert(rel.replace('\\', "/"));
                    }
                }
                continue;
            }
            let Ok(rel) = path.strip_prefix(vault.root()) else {
                continue;
            };
            let Some(rel) = rel.to_str().map(|r| r.replace('\\', "/")) else {
                continue;
            };
            if rel.starts_with(".git/")
                || rel.starts_with(".hikitsugi/")
                || rel.contains("/.hikitsugi-")
                || !hikitsugi::vault::is_markdown(&rel)
            {
                continue;
            }
            out.insert(rel);
        }
    }
    out
}

fn is_own_write(state: &AppState, vault: &Vault, rel: &str) -> bool {
    let disk = hikitsugi::store::disk_hash(vault, rel).ok().flatten();
    let own = lock(&state.own_writes).get(rel).cloned();
    match (own, disk) {
        (Some(own), Some(disk)) => own == disk,
        (Some(own), None) => own.is_empty(),
        _ => false,
    }
}

/// The `.md` files below `dir` (not following links).
fn walkdir_md(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let Ok(ty) = e.file_type() else { continue };
            if ty.is_dir() {
                stack.push(e.path());
            } else if ty.is_file() && e.path().to_str().is_some_and(hikitsugi::vault::is_markdown) {
                out.push(e.path());
            }
        }
    }
    out
}
