//! Tauri build script. The app manifest lists our commands, so each needs an explicit
//! permission in `capabilities/default.json`: the webview can call nothing else.

fn main() {
    let commands = &[
        "vault_info",
        "open_vault",
        "list_runbooks",
        "read_runbook",
        "render_markdown",
        "save_runbook",
        "create_runbook",
        "rename_runbook",
        "add_attachment",
        "paste_clipboard_image",
        "delete_runbook",
        "search",
        "backlinks",
        "index_status",
        "history_log",
        "last_change",
        "history_show",
        "history_diff",
        "history_restore",
        "vault_log",
        "deleted_runbooks",
        "restore_deleted",
        "history_blame",
        "check_vault",
        "open_external",
        "export_vault",
        "open_export",
        "get_settings",
        "set_settings",
        "set_zoom",
        "print_page",
        "runbook_opened",
        "save_draft",
        "list_drafts",
        "discard_draft",
    ];
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(commands)),
    )
    .expect("tauri build");
}
