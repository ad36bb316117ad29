//! The system clipboard's image, for the paste a page cannot read: WebKitGTK gives a paste
//! event no data at all when the clipboard holds only an image (what a screenshot tool
//! leaves there), so the app reads it through GTK instead.

use tauri::AppHandle;

/// The clipboard's image as PNG bytes, or `None` when it holds none. GTK's clipboard is read
/// on the main thread; this waits for it.
pub fn image_png(app: &AppHandle) -> Result<Option<Vec<u8>>, String> {
    let (tx, rx) = std::sync::mpsc::channel();
    app.run_on_main_thread(move || {
        let _ = tx.send(read());
    })
    .map_err(|e| e.to_string())?;
    rx.recv().map_err(|e| e.to_string())
}

#[cfg(target_os = "linux")]
fn read() -> Option<Vec<u8>> {
    let clipboard = gtk::Clipboard::get(&gtk::gdk::SELECTION_CLIPBOARD);
    clipboard.wait_for_image()?.save_to_bufferv("png", &[]).ok()
}

/// Elsewhere the webview hands the page a pasted image as a file.
#[cfg(not(target_os = "linux"))]
fn read() -> Option<Vec<u8>> {
    None
}
