//! Hikitsugi desktop app: a thin Tauri 2 shell over the `hikitsugi` core. Opens the last
//! vault (or the demo vault on first launch, or `HIKITSUGI_VAULT`) and serves the UI in
//! `dist/`.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod clipboard;
mod commands;
mod error;
mod idle;
mod rendering;
mod sample;
mod settings;
mod state;
mod watcher;

use std::sync::Arc;

use tauri::Manager;

use state::{lock, AppState};

fn main() {
    rendering::prefer_software_rendering();
    let state = Arc::new(AppState::default());
    *lock(&state.settings) = settings::Settings::load().sanitized();
    let setup_state = state.clone();
    let exit_state = state.clone();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(idle::IdleRelease::start({
            let state = state.clone();
            move || state.release_search_memory()
        }))
        .manage(state)
        .setup(move |app| {
            // Warm the Japanese dictionary while the window comes up.
            std::thread::spawn(hikitsugi::search::analysis::dictionary::warm_up);
            let settings = lock(&setup_state.settings).clone();
            if settings.zoom != 100 {
                if let Some(window) = app.get_webview_window("main") {
                    let _ = window.set_zoom(crate::settings::zoom_factor(settings.zoom));
                }
            }
            match state::startup_vault(&settings) {
                Ok((root, is_demo)) => {
                    if let Err(e) = state::open_vault(app.handle(), &setup_state, &root, is_demo) {
                        eprintln!(
                            "hikitsugi: could not open {}: {}",
                            root.display(),
                            e.message
                        );
                    }
                }
                Err(e) => eprintln!("hikitsugi: no vault to open: {e}"),
            }
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::vault_info,
            commands::open_vault,
            commands::list_runbooks,
            commands::read_runbook,
            commands::render_markdown,
            commands::save_runbook,
            commands::create_runbook,
            commands::rename_runbook,
            commands::add_attachment,
            commands::paste_clipboard_image,
            commands::delete_runbook,
            commands::search,
            commands::backlinks,
            commands::index_status,
            commands::history_log,
            commands::last_change,
            commands::history_show,
            commands::history_diff,
            commands::history_restore,
            commands::vault_log,
            commands::deleted_runbooks,
            commands::restore_deleted,
            commands::history_blame,
            commands::check_vault,
            commands::open_external,
            commands::export_vault,
            commands::open_export,
            commands::get_settings,
            commands::set_settings,
            commands::set_zoom,
            commands::print_page,
            commands::runbook_opened,
            commands::save_draft,
            commands::list_drafts,
            commands::discard_draft,
        ])
        .build(tauri::generate_context!());
    let app = match result {
        Ok(app) => app,
        Err(e) => {
            eprintln!("hikitsugi: the app could not start: {e}");
            std::process::exit(1);
        }
    };
    app.run(move |_, event| {
        if let tauri::RunEvent::Exit = event {
            // The process ends without dropping the app state: finish the repository index
            // update of the last save first, so no `index.lock` is left behind.
            if let Some(history) = lock(&exit_state.workspace)
                .as_ref()
                .and_then(|ws| ws.history().ok())
            {
                history.settle();
            }
        }
    });
}
