//! The app's shared state: the open workspace, index progress, the file watcher, and the
//! hashes of our own recent writes (so the watcher does not report them as outside changes).
//!
//! Opening a vault shows it at once; the index is reconciled in the background in small
//! batches, each under the workspace lock for a short time, so searches run between batches
//! on what is indexed so far.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use hikitsugi::search::{IndexReport, SearchIndex};
use hikitsugi::vault::Vault;
use hikitsugi::workspace::Workspace;
use serde::Serialize;
use tauri::{AppHandle, Emitter};

use crate::error::{CommandError, CommandResult};
use crate::settings::Settings;

/// Files indexed per batch in the background.
const INDEX_BATCH: usize = 250;
/// How long the file watcher and the reconciliation of a newly opened vault wait for its
/// runbook list to be read (see [`open_vault`]).
const LIST_FIRST_WAIT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IndexStatus {
    pub indexed: usize,
    pub total: usize,
    pub running: bool,
    pub message: Option<String>,
}

#[derive(Default)]
pub struct AppState {
    pub workspace: Mutex<Option<Workspace>>,
    pub status: Mutex<IndexStatus>,
    pub settings: Mutex<Settings>,
    /// path → hash of what we last wrote there.
    pub own_writes: Mutex<HashMap<String, String>>,
    pub watcher: Mutex<Option<notify::RecommendedWatcher>>,
    /// Bumped on every vault switch, so a stale background indexer stops.
    pub generation: AtomicU64,
    /// The generation whose runbook list was last read (see [`AppState::listed`]).
    listed: Mutex<u64>,
    listed_changed: Condvar,
    pub is_demo: Mutex<bool>,
    /// The index page of the last export, the one file `open_export` may open.
    pub last_export: Mutex<Option<std::path::PathBuf>>,
}

/// Locks a mutex, recovering the data if a previous holder panicked (the data is still
/// consistent: every update to it is a single assignment).
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl AppState {
    /// Runs `f` with the open workspace.
    pub fn with_ws<T>(
        &self,
        f: impl FnOnce(&mut Workspace) -> CommandResult<T>,
    ) -> CommandResult<T> {
        let mut guard = lock(&self.workspace);
        let ws = guard.as_mut().ok_or_else(CommandError::no_vault)?;
        f(ws)
    }

    /// The open vault, for work done without holding the workspace lock.
    pub fn vault(&self) -> CommandResult<hikitsugi::vault::Vault> {
        self.with_ws(|ws| Ok(ws.vault().clone()))
    }

    /// Changes the settings with `change` and writes them to the settings file.
    pub fn update_settings(&self, change: impl FnOnce(&mut Settings)) -> CommandResult<()> {
        let mut settings = lock(&self.settings);
        change(&mut settings);
        settings
            .save()
            .map_err(|e| CommandError::new("io", format!("settings not saved: {e}")))
    }

    /// Hands back the index and dictionary pages searches read and the allocator's free
    /// memory (see [`crate::idle`]). Waits for an indexing batch in progress.
    pub fn release_search_memory(&self) {
        if let Some(index) = lock(&self.workspace).as_ref().and_then(Workspace::index) {
            index.release_pages();
        }
        return_freed_memory();
    }

    /// Notes that the runbook list of the open vault has been read: a first index of a large
    /// vault waits for it (see [`background_index`]).
    pub fn listed(&self) {
        *lock(&self.listed) = self.generation.load(Ordering::SeqCst);
        self.listed_changed.notify_all();
    }

    /// Whether vault `generation` is still the open one (a switch makes its threads stop).
    pub fn is_current(&self, generation: u64) -> bool {
        self.generation.load(Ordering::SeqCst) == generation
    }

    /// Waits until the list of vault `generation` has been read, at most `timeout`.
    fn wait_for_list(&self, generation: u64, timeout: Duration) {
        let guard = lock(&self.listed);
        let _ = self
            .listed_changed
            .wait_timeout_while(guard, timeout, |listed| *listed < generation);
    }

    pub fn remember_write(&self, path: &str, hash: &str) {
        lock(&self.own_writes).insert(path.to_string(), hash.to_string());
    }
}

/// Opens `root` as the current vault. The workspace (files and history) is ready when this
/// returns; the search index is opened and reconciled on a background thread, so a large
/// vault shows its window at once and searches work on what is indexed so far.
///
/// The file watcher and the reconciliation start once the window has read the runbook list
/// (at most [`LIST_FIRST_WAIT`]): setting up the watches stats every file (~0.3 s for 20,000),
/// planning walks the vault again, and a first index takes all the processor; on two cores
/// each of them slowed the window's start and the list (a first index made the list take
/// 6–14 s instead of 2–3 s). Searches meanwhile run on the index as it was left.
pub fn open_vault(
    app: &AppHandle,
    state: &Arc<AppState>,
    root: &Path,
    is_demo: bool,
) -> CommandResult<Vault> {
    let vault = Vault::open(root)?;
    let generation = state.generation.fetch_add(1, Ordering::SeqCst) + 1;
    *lock(&state.workspace) = Some(Workspace::open(vault.clone()));
    *lock(&state.is_demo) = is_demo;
    *lock(&state.status) = IndexStatus {
        running: true,
        ..Default::default()
    };
    lock(&state.own_writes).clear();
    {
        let mut settings = lock(&state.settings);
        settings.remember_vault(&vault.root().display().to_string());
        let _ = settings.save();
    }
    *lock(&state.watcher) = None;
    let (app2, state2, vault2) = (app.clone(), state.clone(), vault.clone());
    std::thread::spawn(move || {
        let message = match SearchIndex::open(&vault2) {
            Ok(index) => {
                let reason = index.rebuild_reason().map(str::to_string);
                let mut guard = lock(&state2.workspace);
                if !state2.is_current(generation) {
                    return;
                }
                if let Some(ws) = guard.as_mut() {
                    ws.attach_index(index);
                }
                reason
            }
            Err(e) => Some(e.to_string()),
        };
        lock(&state2.status).message = message;
        state2.wait_for_list(generation, LIST_FIRST_WAIT);
        // Watching before reconciling: a change made while the watches are being set up is
        // seen by the reconciliation.
        let watcher =
            crate::watcher::watch(app2.clone(), state2.clone(), vault2.clone(), generation);
        {
            let mut slot = lock(&state2.watcher);
            if !state2.is_current(generation) {
                return;
            }
            *slot = watcher;
        }
        background_index(&app2, &state2, &vault2, generation);
    });
    Ok(vault)
}

fn emit_status(app: &AppHandle, state: &AppState) {
    let status = lock(&state.status).clone();
    let _ = app.emit("index-progress", status);
}

/// Reconciles the index with the files in batches, emitting `index-progress`.
fn background_index(app: &AppHandle, state: &AppState, vault: &Vault, generation: u64) {
    // The walk (a stat of every file) outside the workspace lock: the window's first commands
    // and searches must not wait for it.
    let files = match vault.list() {
        Ok(files) => files,
        Err(e) => {
            lock(&state.status).message = Some(e.to_string());
            emit_status(app, state);
            return;
        }
    };
    let plan = {
        let guard = lock(&state.workspace);
        match guard.as_ref().and_then(Workspace::index) {
            Some(index) => index.plan_listed(vault, files),
            None => return,
        }
    };
    {
        let mut s = lock(&state.status);
        s.total = plan.to_index.len();
        s.indexed = 0;
        s.running = !plan.is_empty();
    }
    emit_status(app, state);
    let bulk = plan.to_index.len() > INDEX_BATCH;
    let _allocation = bulk.then(BulkAllocation::start);
    let mut report = IndexReport::default();
    let mut step = |files: &[hikitsugi::vault::VaultFile], deletes: &[String]| -> bool {
        if !state.is_current(generation) {
            return false;
        }
        let mut guard = lock(&state.workspace);
        let Some(index) = guard.as_mut().and_then(Workspace::index_mut) else {
            return false;
        };
        let result = index
            .apply(vault, files, deletes, &mut report)
            .and_then(|()| index.commit());
        drop(guard);
        let mut s = lock(&state.status);
        s.indexed += files.len();
        if let Err(e) = result {
            s.message = Some(e.to_string());
        }
        drop(s);
        emit_status(app, state);
        true
    };
    if !step(&[], &plan.to_delete) {
        return;
    }
    for chunk in plan.to_index.chunks(INDEX_BATCH) {
        if !step(chunk, &[]) {
            return;
        }
    }
    if state.is_current(generation) {
        finish_merges(state);
        return_freed_memory();
        if !bulk {
            // A bulk index ran with a low trim threshold throughout.
            trim_own_arena();
        }
        hikitsugi::search::analysis::dictionary::release_pages();
        let mut s = lock(&state.status);
        s.running = false;
        if s.message.as_deref().is_some_and(|m| !m.contains("error")) {
            s.message = None;
        }
        drop(s);
        emit_status(app, state);
    }
}

/// The folder to open at start: `HIKITSUGI_VAULT`, else the last vault, else the demo vault
/// (created from the sample carried in the binary on first launch).
pub fn startup_vault(settings: &Settings) -> Result<(PathBuf, bool), String> {
    if let Some(v) = std::env::var_os("HIKITSUGI_VAULT") {
        return Ok((PathBuf::from(v), false));
    }
    if let Some(last) = settings
        .last_vault
        .as_ref()
        .filter(|p| Path::new(p).is_dir())
    {
        let demo = hikitsugi::demo::default_location().ok();
        let is_demo = demo.as_deref() == Some(Path::new(last));
        return Ok((PathBuf::from(last), is_demo));
    }
    let dest = hikitsugi::demo::default_location().map_err(|e| e.to_string())?;
    let files = crate::sample::files();
    hikitsugi::demo::ensure_demo_vault_from(files.iter().map(|(p, b)| (p.as_str(), *b)), &dest)
        .map_err(|e| e.to_string())?;
    Ok((dest, true))
}

/// Lets the segment merges the last bulk commits started finish (searches then run over a
/// few merged segments instead of a dozen) without holding the workspace meanwhile: a save
/// in that time waits inside the core for the index lock. The indexing writer goes with it;
/// its memory is not needed between saves (a save opens a small one).
fn finish_merges(state: &AppState) {
    let taken = lock(&state.workspace)
        .as_mut()
        .and_then(Workspace::index_mut)
        .and_then(SearchIndex::take_merging_writer);
    let Some(merging) = taken else {
        return;
    };
    let result = merging.wait().and_then(|()| {
        match lock(&state.workspace)
            .as_mut()
            .and_then(Workspace::index_mut)
        {
            Some(index) => index.reload(),
            None => Ok(()),
        }
    });
    if let Err(e) = result {
        lock(&state.status).message = Some(e.to_string());
    }
}

/// How long the watcher waits for more events before reporting a batch of changes.
pub const DEBOUNCE: Duration = Duration::from_millis(250);

/// Listings at least this long leave enough freed memory behind to be worth returning.
const LARGE_LISTING: usize = 2_000;

/// Returns the memory a large listing used once Tauri has sent it to the webview (the list
/// is serialised after the command returns): about 8 MB for 24,000 runbooks.
pub fn return_freed_memory_after_listing(len: usize) {
    if len >= LARGE_LISTING {
        return_freed_memory_later(&[2]);
    }
}

/// Returns freed memory to the OS after each of `delays` (seconds from now).
fn return_freed_memory_later(delays: &'static [u64]) {
    std::thread::spawn(move || {
        let mut waited = 0;
        for &at in delays {
            std::thread::sleep(Duration::from_secs(at.saturating_sub(waited)));
            waited = at;
            return_freed_memory();
        }
    });
}

/// While it lives, freed memory goes back to the operating system as it is freed: after a
/// 20,000-file first index the app kept ~80 MB of free memory in the arenas of the indexing
/// threads. A 1 MB trim threshold and blocks over 128 KB in mappings of their own (unmapped
/// when freed) prevent that, but make large allocations slower, so they only hold during bulk
/// indexing: a launch on a kept index was ~0.4 s slower and opening a 1 MB runbook ~0.8 s
/// slower with them on for good.
pub struct BulkAllocation(());

impl BulkAllocation {
    pub fn start() -> BulkAllocation {
        set_allocator_thresholds(128 * 1024, 1 << 20);
        BulkAllocation(())
    }
}

impl Drop for BulkAllocation {
    fn drop(&mut self) {
        settle_allocator();
    }
}

/// Where glibc's own adjustment ends up after large blocks were freed: big blocks from the
/// heap, and its top trimmed past 64 MB. (Lower trim thresholds made opening a 1 MB runbook
/// ~0.2 s slower: its rendering's blocks were given back and faulted in again each time.)
fn settle_allocator() {
    set_allocator_thresholds(32 << 20, 64 << 20);
}

fn set_allocator_thresholds(mmap: i32, trim: i32) {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes the allocator's tuning parameters; it takes no pointers.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, mmap);
        libc::mallopt(libc::M_TRIM_THRESHOLD, trim);
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    let _ = (mmap, trim);
}

/// Gives memory freed after bulk indexing back to the operating system. glibc keeps freed
/// heap pages mapped, so without this a 20,000-file first index leaves the app ~400 MB larger
/// than it needs to be.
fn return_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free heap memory; it takes no pointers.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Gives back the free top of the calling thread's arena, which `malloc_trim` leaves: a free
/// of a large block trims it when it is over the trim threshold, so the threshold is lowered
/// for one such free. The thread that opened and reconciled the index of the 24,250-file vault
/// kept 9 MB of free memory resident otherwise. Leaves the allocator settled.
fn trim_own_arena() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes the allocator's tuning parameters; it takes no pointers.
    unsafe {
        libc::mallopt(libc::M_TRIM_THRESHOLD, 1 << 20);
    }
    drop(std::hint::black_box(Vec::<u8>::with_capacity(256 << 10)));
    settle_allocator();
}
