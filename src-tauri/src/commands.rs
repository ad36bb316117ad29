//! Tauri commands: each validates nothing itself and calls one core function (paths are
//! checked by the core's `vault` module), mapping errors to [`CommandError`].

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use hikitsugi::check::{self, Report};
use hikitsugi::history::{BlameLine, History, LogEntry};
use hikitsugi::render::render_blocks;
use hikitsugi::search::{FilterField, LinkingRunbook, SearchOptions, SearchResults};
use hikitsugi::store::{self, Base, StoreError};
use hikitsugi::template::Lang;
use hikitsugi::workspace::{
    list_summaries, today, Attached, DeletedRunbook, RunbookSummary, Saved, VaultImages,
    WorkspaceError,
};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, State};

use crate::error::{CommandError, CommandResult};
use crate::idle::IdleRelease;
use crate::settings::Settings;
use crate::state::{self, lock, AppState, IndexStatus};

type AppStateRef<'a> = State<'a, Arc<AppState>>;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VaultInfo {
    root: String,
    name: String,
    is_demo: bool,
    recent: Vec<String>,
    /// The runbooks opened last in this vault, newest first.
    opened: Vec<String>,
    /// Where an export goes unless the user picks another folder.
    export_dir: String,
}

fn vault_info_of(state: &AppState) -> CommandResult<VaultInfo> {
    let guard = lock(&state.workspace);
    let ws = guard.as_ref().ok_or_else(CommandError::no_vault)?;
    let root = ws.vault().root().display().to_string();
    let settings = lock(&state.settings);
    Ok(VaultInfo {
        name: ws.vault().name(),
        is_demo: *lock(&state.is_demo),
        recent: settings.recent.clone(),
        opened: settings.opened_in(&root),
        root,
        export_dir: default_export_dir(&ws.vault().name()).display().to_string(),
    })
}

/// `~/Documents/<vault>-html` (the documents folder of the user's locale), else in the home
/// folder.
fn default_export_dir(vault: &str) -> PathBuf {
    let base = dirs::document_dir()
        .filter(|d| d.is_dir())
        .or_else(dirs::home_dir)
        .unwrap_or_else(std::env::temp_dir);
    base.join(format!("{vault}-html"))
}

#[tauri::command]
pub async fn vault_info(state: AppStateRef<'_>) -> CommandResult<VaultInfo> {
    vault_info_of(&state)
}

#[tauri::command]
pub async fn open_vault(
    app: AppHandle,
    state: AppStateRef<'_>,
    path: String,
    init_git: bool,
) -> CommandResult<VaultInfo> {
    let root = PathBuf::from(&path);
    if !root.is_dir() {
        return Err(CommandError::new(
            "not_found",
            format!("{path} is not a folder"),
        ));
    }
    if git2_repo_missing(&root) {
        if !init_git {
            return Err(CommandError::new(
                "not_git",
                format!("{path} is not a Git repository"),
            ));
        }
        hikitsugi::vault::Vault::init(&root)?;
    }
    state::open_vault(&app, &state, &root, false)?;
    vault_info_of(&state)
}

fn git2_repo_missing(root: &std::path::Path) -> bool {
    hikitsugi::vault::Vault::open(root)
        .ok()
        .is_none_or(|v| History::open(&v).is_err())
}

#[tauri::command]
pub async fn list_runbooks(state: AppStateRef<'_>) -> CommandResult<Vec<RunbookSummary>> {
    let vault = state.vault()?;
    let list = list_summaries(&vault, today())?;
    state.listed();
    crate::state::return_freed_memory_after_listing(list.len());
    Ok(list)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunbookDoc {
    path: String,
    text: String,
    hash: String,
    /// The rendered, sanitized runbook, by top-level block.
    blocks: Vec<String>,
    warning: Option<String>,
}

#[tauri::command]
pub async fn read_runbook(state: AppStateRef<'_>, path: String) -> CommandResult<RunbookDoc> {
    state.with_ws(|ws| {
        let doc = ws.read(&path)?;
        let blocks = render_blocks(doc.runbook.text(), &doc.path, &VaultImages(ws.vault()));
        Ok(RunbookDoc {
            text: doc.runbook.text().to_string(),
            path: doc.path,
            hash: doc.hash,
            blocks,
            warning: doc.warning,
        })
    })
}

#[tauri::command]
pub async fn render_markdown(
    state: AppStateRef<'_>,
    path: String,
    text: String,
) -> CommandResult<Vec<String>> {
    let vault = state.vault()?;
    Ok(render_blocks(&text, &path, &VaultImages(&vault)))
}

/// Remembers what we wrote so the watcher does not report it, and turns a conflict into an
/// error carrying the disk version for the conflict dialog.
fn saved(
    state: &AppState,
    result: Result<Saved, WorkspaceError>,
    path: &str,
) -> CommandResult<Saved> {
    match result {
        Ok(s) => {
            state.remember_write(&s.path, &s.hash);
            Ok(s)
        }
        Err(WorkspaceError::Store(e @ StoreError::Conflict { .. })) => {
            let mut err = CommandError::new("conflict", e.to_string());
            let theirs = state
                .with_ws(|ws| Ok(store::read(ws.vault(), path).ok()))
                .ok()
                .flatten();
            err.theirs_hash = Some(theirs.as_ref().map(|l| l.hash.clone()));
            err.theirs = Some(theirs.map(|l| String::from_utf8_lossy(&l.bytes).into_owned()));
            Err(err)
        }
        Err(e) => Err(e.into()),
    }
}

#[tauri::command]
pub async fn save_runbook(
    state: AppStateRef<'_>,
    path: String,
    text: String,
    base_hash: Option<String>,
    message: Option<String>,
    allow_secrets: Option<bool>,
) -> CommandResult<Saved> {
    let result = state.with_ws(|ws| {
        if allow_secrets != Some(true) {
            let found = ws.secrets_added(&path, text.as_bytes());
            if !found.is_empty() {
                let mut err = CommandError::new(
                    "secrets",
                    "the text holds passwords or keys it did not hold before",
                );
                err.secrets = Some(found);
                return Err(err);
            }
        }
        let base = base_hash.as_deref().map_or(Base::New, Base::Hash);
        let r = ws.save(&path, text.as_bytes(), base, message.as_deref());
        if r.is_ok() {
            let _ = hikitsugi::drafts::discard(ws.vault(), &path);
        }
        Ok(r)
    })?;
    saved(&state, result, &path)
}

#[tauri::command]
pub async fn create_runbook(
    state: AppStateRef<'_>,
    title: String,
    system: Option<String>,
    kind: Option<String>,
    folder: Option<String>,
) -> CommandResult<Saved> {
    // The template in the language the UI shows, also when that follows the system ("auto").
    let lang = if lock(&state.settings).ui_language() == "en" {
        Lang::En
    } else {
        Lang::Ja
    };
    let result = state.with_ws(|ws| {
        Ok(ws.create(
            &title,
            system.as_deref(),
            kind.as_deref(),
            folder.as_deref(),
            today(),
            lang,
        ))
    })?;
    saved(&state, result, "")
}

#[tauri::command]
pub async fn rename_runbook(
    state: AppStateRef<'_>,
    from: String,
    to: String,
) -> CommandResult<Saved> {
    let result = state.with_ws(|ws| Ok(ws.rename(&from, &to)))?;
    state.remember_write(&from, "");
    if let Ok(s) = &result {
        // The runbooks whose links followed the rename changed on disk by our hand too.
        let written = state
            .with_ws(|ws| {
                Ok(s.links_updated
                    .iter()
                    .map(|p| {
                        let hash = store::disk_hash(ws.vault(), p).ok().flatten();
                        (p.clone(), hash.unwrap_or_default())
                    })
                    .collect::<Vec<_>>())
            })
            .unwrap_or_default();
        for (path, hash) in written {
            state.remember_write(&path, &hash);
        }
    }
    saved(&state, result, &to)
}

/// Stores an image pasted or dropped into the runbook named by the `x-runbook` header
/// (percent-encoded, as are all non-ASCII headers) in `attachments/` and commits it. The body
/// is the image's raw bytes; `x-file-name` is the name it came with, if any.
#[tauri::command]
pub async fn add_attachment(
    state: AppStateRef<'_>,
    request: tauri::ipc::Request<'_>,
) -> CommandResult<Attached> {
    let tauri::ipc::InvokeBody::Raw(bytes) = request.body() else {
        return Err(CommandError::new(
            "other",
            "the image must be sent as raw bytes",
        ));
    };
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|v| {
                percent_encoding::percent_decode_str(v)
                    .decode_utf8_lossy()
                    .into_owned()
            })
    };
    let runbook = header("x-runbook")
        .ok_or_else(|| CommandError::new("invalid_path", "no runbook given for the image"))?;
    let name = header("x-file-name").filter(|n| !n.is_empty());
    let now = chrono::Local::now().naive_local();
    state.with_ws(|ws| Ok(ws.attach(&runbook, name.as_deref(), bytes, now)?))
}

/// The image on the system clipboard, stored as [`add_attachment`] does, for a paste the page
/// got no data for; `None` when the clipboard holds no image.
#[tauri::command]
pub async fn paste_clipboard_image(
    app: AppHandle,
    state: AppStateRef<'_>,
    runbook: String,
) -> CommandResult<Option<Attached>> {
    let png = crate::clipboard::image_png(&app).map_err(|e| CommandError::new("other", e))?;
    let Some(png) = png else { return Ok(None) };
    let now = chrono::Local::now().naive_local();
    state.with_ws(|ws| Ok(Some(ws.attach(&runbook, None, &png, now)?)))
}

#[tauri::command]
pub async fn delete_runbook(state: AppStateRef<'_>, path: String) -> CommandResult<Saved> {
    state.remember_write(&path, "");
    let result = state.with_ws(|ws| Ok(ws.delete(&path)))?;
    saved(&state, result, &path)
}

#[derive(Deserialize, Default)]
pub struct Filters {
    system: Option<String>,
    tag: Option<String>,
    kind: Option<String>,
    owner: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TimedResults {
    #[serde(flatten)]
    results: SearchResults,
    elapsed_ms: f64,
}

#[tauri::command]
pub async fn search(
    state: AppStateRef<'_>,
    idle: State<'_, IdleRelease>,
    query: String,
    filters: Option<Filters>,
    limit: Option<usize>,
) -> CommandResult<TimedResults> {
    let started = Instant::now();
    let f = filters.unwrap_or_default();
    let mut opts = SearchOptions {
        limit: limit.unwrap_or(20),
        ..Default::default()
    };
    for (field, value) in [
        (FilterField::System, f.system),
        (FilterField::Tag, f.tag),
        (FilterField::Kind, f.kind),
        (FilterField::Owner, f.owner),
    ] {
        if let Some(v) = value.filter(|v| !v.trim().is_empty()) {
            opts.filters.push((field, v));
        }
    }
    let results = state.with_ws(|ws| {
        let index = ws.index().ok_or_else(|| {
            CommandError::new(
                "search",
                "the search index is still being opened; try again in a moment",
            )
        })?;
        Ok(index.search(ws.vault(), &query, &opts)?)
    });
    idle.searched();
    let results = results?;
    Ok(TimedResults {
        results,
        elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
    })
}

/// The runbooks that link to one, from the index (so, of a large vault being indexed, those
/// indexed so far).
#[derive(Serialize)]
pub struct Backlinks {
    total: usize,
    runbooks: Vec<LinkingRunbook>,
}

/// Most backlinks listed; `total` says how many there are.
const BACKLINKS_LIMIT: usize = 500;

#[tauri::command]
pub async fn backlinks(
    state: AppStateRef<'_>,
    idle: State<'_, IdleRelease>,
    path: String,
) -> CommandResult<Backlinks> {
    let result = state.with_ws(|ws| {
        let (path, _) = ws.vault().resolve(&path)?;
        let index = ws.index().ok_or_else(|| {
            CommandError::new(
                "search",
                "the search index is still being opened; try again in a moment",
            )
        })?;
        let (total, runbooks) = index.linking_to(&path, BACKLINKS_LIMIT)?;
        Ok(Backlinks { total, runbooks })
    });
    idle.searched();
    result
}

#[tauri::command]
pub async fn index_status(state: AppStateRef<'_>) -> CommandResult<IndexStatus> {
    Ok(lock(&state.status).clone())
}

#[tauri::command]
pub async fn history_log(state: AppStateRef<'_>, path: String) -> CommandResult<Vec<LogEntry>> {
    state.with_ws(|ws| {
        let (path, _) = ws.vault().resolve(&path)?;
        Ok(ws.history()?.file_log(&path, 500)?)
    })
}

/// The last commit that changed `path`: who changed it and when, under its title. None before
/// its first commit. Walks back only as far as that commit.
#[tauri::command]
pub async fn last_change(state: AppStateRef<'_>, path: String) -> CommandResult<Option<LogEntry>> {
    state.with_ws(|ws| {
        let (path, _) = ws.vault().resolve(&path)?;
        Ok(ws.history()?.file_log(&path, 1)?.into_iter().next())
    })
}

#[tauri::command]
pub async fn history_show(
    state: AppStateRef<'_>,
    path: String,
    rev: String,
) -> CommandResult<String> {
    state.with_ws(|ws| {
        let (path, _) = ws.vault().resolve(&path)?;
        Ok(String::from_utf8_lossy(&ws.history()?.show(&path, &rev)?).into_owned())
    })
}

/// The diff of `path` from `from_rev` (HEAD if none) to `to_rev`, or, without one, to the
/// working text: `text` when the editor sends its own (unsaved edits included), else the file.
#[tauri::command]
pub async fn history_diff(
    state: AppStateRef<'_>,
    path: String,
    from_rev: Option<String>,
    to_rev: Option<String>,
    text: Option<String>,
) -> CommandResult<String> {
    state.with_ws(|ws| {
        let (path, abs) = ws.vault().resolve(&path)?;
        let history = ws.history()?;
        let from = from_rev.unwrap_or_else(|| "HEAD".into());
        let old = history.show(&path, &from).unwrap_or_default();
        let (new, label) = match &to_rev {
            Some(r) => (history.show(&path, r)?, r.clone()),
            None => (
                text.map(String::into_bytes)
                    .unwrap_or_else(|| std::fs::read(abs).unwrap_or_default()),
                "working".into(),
            ),
        };
        Ok(History::unified_diff(
            &old,
            &new,
            &format!("{path} ({from})"),
            &format!("{path} ({label})"),
        )?)
    })
}

#[tauri::command]
pub async fn history_restore(
    state: AppStateRef<'_>,
    path: String,
    rev: String,
) -> CommandResult<Saved> {
    let result = state.with_ws(|ws| Ok(ws.restore(&path, &rev)))?;
    saved(&state, result, &path)
}

/// How many commits the vault's recent changes show, and how many paths of each are sent
/// (the first commit of a 20,000-file vault touches every file).
const RECENT_LIMIT: usize = 100;
const RECENT_PATHS: usize = 50;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecentChange {
    #[serde(flatten)]
    entry: LogEntry,
    /// How many paths the commit touched (`entry.paths` holds the first few).
    total_paths: usize,
}

#[tauri::command]
pub async fn vault_log(state: AppStateRef<'_>) -> CommandResult<Vec<RecentChange>> {
    let entries = state.with_ws(|ws| Ok(ws.history()?.vault_log(RECENT_LIMIT)?))?;
    Ok(entries
        .into_iter()
        .map(|mut entry| {
            let total_paths = entry.paths.len();
            entry.paths.truncate(RECENT_PATHS);
            RecentChange { entry, total_paths }
        })
        .collect())
}

/// How many deleted runbooks the list shows.
const DELETED_LIMIT: usize = 500;

#[tauri::command]
pub async fn deleted_runbooks(state: AppStateRef<'_>) -> CommandResult<Vec<DeletedRunbook>> {
    state.with_ws(|ws| Ok(ws.deleted(DELETED_LIMIT)?))
}

#[tauri::command]
pub async fn restore_deleted(
    state: AppStateRef<'_>,
    path: String,
    rev: String,
) -> CommandResult<Saved> {
    let result = state.with_ws(|ws| Ok(ws.restore_deleted(&path, &rev)))?;
    saved(&state, result, &path)
}

#[tauri::command]
pub async fn history_blame(state: AppStateRef<'_>, path: String) -> CommandResult<Vec<BlameLine>> {
    state.with_ws(|ws| {
        let (path, abs) = ws.vault().resolve(&path)?;
        let working = std::fs::read(abs).ok();
        Ok(ws.history()?.blame(&path, working.as_deref())?)
    })
}

/// The vault's health: malformed front matter, broken links and images, overdue reviews.
/// Reads every runbook, so it runs off the async runtime's threads and without the workspace
/// lock: saves go on meanwhile.
#[tauri::command]
pub async fn check_vault(state: AppStateRef<'_>) -> CommandResult<Report> {
    let vault = state.vault()?;
    let report = tauri::async_runtime::spawn_blocking(move || check::check_vault(&vault, today()))
        .await
        .map_err(|e| CommandError::new("other", format!("the check stopped: {e}")))??;
    crate::state::return_freed_memory_after_listing(report.files);
    Ok(report)
}

/// Opens an http(s) URL in the system browser (or in `HIKITSUGI_OPENER`, a program given the
/// URL as its only argument). Every other scheme is refused.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Exported {
    index: String,
    pages: usize,
    files: usize,
    skipped: Vec<String>,
    with_secrets: Vec<String>,
}

/// Writes the vault as static HTML into `dest` (an absolute folder), off the async runtime's
/// threads: a large vault takes a while, and the app goes on meanwhile.
#[tauri::command]
pub async fn export_vault(
    state: AppStateRef<'_>,
    dest: String,
    lang: String,
) -> CommandResult<Exported> {
    let dest = PathBuf::from(dest.trim());
    if !dest.is_absolute() {
        return Err(CommandError::new(
            "invalid_path",
            format!(
                "give the whole path of the folder to export to: {}",
                dest.display()
            ),
        ));
    }
    let vault = state.vault()?;
    let lang = if lang == "en" { Lang::En } else { Lang::Ja };
    let target = dest.clone();
    let report = tauri::async_runtime::spawn_blocking(move || {
        hikitsugi::export::export_html(&vault, &target, lang, today())
    })
    .await
    .map_err(|e| CommandError::new("other", format!("the export stopped: {e}")))??;
    let index = dest.join(&report.index);
    *lock(&state.last_export) = Some(index.clone());
    Ok(Exported {
        index: index.display().to_string(),
        pages: report.pages,
        files: report.files,
        skipped: report.skipped,
        with_secrets: report.with_secrets,
    })
}

/// Opens the index page of the last export in the system browser.
#[tauri::command]
pub async fn open_export(state: AppStateRef<'_>) -> CommandResult<()> {
    let index = lock(&state.last_export)
        .clone()
        .ok_or_else(|| CommandError::new("not_found", "nothing has been exported yet"))?;
    open_in_browser(&index)
}

#[tauri::command]
pub async fn open_external(url: String) -> CommandResult<()> {
    let lower = url.trim_start().to_ascii_lowercase();
    let safe = (lower.starts_with("https://") || lower.starts_with("http://"))
        && !url.chars().any(|c| c.is_control() || c.is_whitespace());
    if !safe {
        return Err(CommandError::new(
            "invalid_path",
            format!("only http and https links can be opened: {url}"),
        ));
    }
    open_in_browser(&url)
}

/// Opens `target` (a URL or a file) in the system browser, or with `HIKITSUGI_OPENER` when set
/// (the e2e tests record what would open).
fn open_in_browser(target: impl AsRef<std::ffi::OsStr>) -> CommandResult<()> {
    let target = target.as_ref();
    let launchers = match std::env::var_os("HIKITSUGI_OPENER") {
        Some(program) => {
            let mut command = std::process::Command::new(program);
            command.arg(target);
            vec![command]
        }
        None => open::commands(target),
    };
    launch(launchers)
        .map_err(|e| CommandError::new("io", format!("could not open the browser: {e}")))
}

/// Starts the first launcher that works (`xdg-open`, `gio open`, ... as the `open` crate lists
/// them) with the environment the app was started with: a browser it starts must not inherit
/// the app's rendering settings. A launcher that fails within a second makes way for the next.
fn launch(launchers: Vec<std::process::Command>) -> std::io::Result<()> {
    use std::process::Stdio;
    const GRACE: std::time::Duration = std::time::Duration::from_secs(1);
    let mut error = std::io::Error::new(std::io::ErrorKind::NotFound, "no launcher found");
    for mut command in launchers {
        crate::rendering::without_defaults(&mut command);
        command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let mut child = match command.spawn() {
            Ok(child) => child,
            Err(e) => {
                error = e;
                continue;
            }
        };
        let started = Instant::now();
        loop {
            match child.try_wait()? {
                Some(status) if status.success() => return Ok(()),
                Some(status) => {
                    error = std::io::Error::other(format!(
                        "{} failed ({status})",
                        command.get_program().to_string_lossy()
                    ));
                    break;
                }
                None if started.elapsed() >= GRACE => {
                    // Still running (a browser started in the foreground): reap it later.
                    std::thread::spawn(move || child.wait());
                    return Ok(());
                }
                None => std::thread::sleep(std::time::Duration::from_millis(20)),
            }
        }
    }
    Err(error)
}

/// Remembers that the runbook `path` of the open vault was opened (see `Settings::opened`).
#[tauri::command]
pub async fn runbook_opened(state: AppStateRef<'_>, path: String) -> CommandResult<()> {
    let root = state.with_ws(|ws| {
        ws.vault().resolve_runbook(&path)?;
        Ok(ws.vault().root().display().to_string())
    })?;
    state.update_settings(|s| s.note_opened(&root, &path))
}

#[tauri::command]
pub async fn get_settings(state: AppStateRef<'_>) -> CommandResult<Settings> {
    Ok(lock(&state.settings).clone())
}

#[tauri::command]
pub async fn set_settings(state: AppStateRef<'_>, settings: Settings) -> CommandResult<()> {
    let new = settings.sanitized();
    state.update_settings(|current| {
        current.language = new.language;
        current.theme = new.theme;
    })
}

/// Zooms the page to `percent` of its normal size (kept within the allowed range) and
/// remembers it for the next start. Returns the zoom applied.
#[tauri::command]
pub async fn set_zoom(
    webview: tauri::Webview,
    state: AppStateRef<'_>,
    percent: u32,
) -> CommandResult<u32> {
    let percent = crate::settings::clamp_zoom(percent);
    webview
        .set_zoom(crate::settings::zoom_factor(percent))
        .map_err(|e| CommandError::new("other", format!("the page could not be zoomed: {e}")))?;
    state.update_settings(|s| s.zoom = percent)?;
    Ok(percent)
}

/// Opens the system's print dialog for the page. The style sheet's print rules lay out the
/// open runbook alone (title, review line, the preview), without the app around it.
#[tauri::command]
pub async fn print_page(webview: tauri::Webview) -> CommandResult<()> {
    webview
        .print()
        .map_err(|e| CommandError::new("other", format!("the print dialog could not open: {e}")))
}

#[tauri::command]
pub async fn save_draft(state: AppStateRef<'_>, path: String, text: String) -> CommandResult<()> {
    state.with_ws(|ws| Ok(hikitsugi::drafts::save(ws.vault(), &path, &text)?))
}

#[tauri::command]
pub async fn list_drafts(state: AppStateRef<'_>) -> CommandResult<Vec<hikitsugi::drafts::Draft>> {
    state.with_ws(|ws| Ok(hikitsugi::drafts::list(ws.vault())?))
}

#[tauri::command]
pub async fn discard_draft(state: AppStateRef<'_>, path: String) -> CommandResult<()> {
    state.with_ws(|ws| Ok(hikitsugi::drafts::discard(ws.vault(), &path)?))
}
