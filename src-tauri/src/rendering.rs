//! How the webview draws. WebKitGTK composites pages through OpenGL by default; a document
//! editor gains nothing from that, and on machines without a GPU (virtual desktops, the thin
//! clients many small offices use, CI) the GL path runs on Mesa's software rasterizer: about
//! 80 MB more in the web process and slower frames while typing. So the app draws without
//! compositing, and then also keeps the UI process from opening OpenGL at all: GTK's GLX
//! probe and WebKit's EGL display (opened only to ask Mesa which GPU device to hand to the web
//! process, for the DMA-BUF renderer that compositing would use) each load Mesa, whose driver
//! links LLVM: ~22 MB of the UI process. The web process still opens its own EGL display.
//!
//! Every variable is a default: a user who sets one keeps their choice, and one who turns
//! compositing back on (`WEBKIT_DISABLE_COMPOSITING_MODE=0`) gets WebKit's defaults for the
//! rest. Programs the app starts (the browser for a link) get the environment the app was
//! started with.

use std::process::Command;
use std::sync::OnceLock;

const COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
const DMABUF: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";
const GDK_GL: &str = "GDK_GL";
/// The GPU device WebKit passes to the web process for the DMA-BUF renderer. With that
/// renderer off the device is never opened, but naming one spares WebKit the EGL display it
/// would open to find it.
const RENDER_DEVICE: &str = "WEBKIT_WEB_RENDER_DEVICE_FILE";

/// The variables this process set itself.
static SET: OnceLock<Vec<&'static str>> = OnceLock::new();

/// Sets the rendering defaults. Must run first thing in `main`, before any thread exists.
pub fn prefer_software_rendering() {
    let mut set = Vec::new();
    if cfg!(target_os = "linux") && !is_zero(COMPOSITING) {
        let mut default = |name: &'static str, value: &str| {
            if std::env::var_os(name).is_none() {
                // No other thread exists yet (see above).
                std::env::set_var(name, value);
                set.push(name);
            }
        };
        default(COMPOSITING, "1");
        default(GDK_GL, "disable");
        if !is_zero(DMABUF) {
            default(DMABUF, "1");
            default(RENDER_DEVICE, "/dev/null");
        }
    }
    let _ = SET.set(set);
}

/// Removes the variables set by [`prefer_software_rendering`] from `command`'s environment.
pub fn without_defaults(command: &mut Command) {
    for name in SET.get().into_iter().flatten() {
        command.env_remove(name);
    }
}

fn is_zero(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| v == "0")
}
