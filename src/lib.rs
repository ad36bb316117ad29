//! Hikitsugi core: Git-versioned Markdown runbooks with Japanese and English search.
//!
//! This crate has no GUI and no Tauri dependency. The CLI (`src/main.rs`) and the desktop
//! shell (`src-tauri/`) are thin layers over it. One module per job:
//!
//! - [`vault`]: open or initialise a vault, list runbooks, validate every path.
//! - [`runbook`]: front matter + body, parsed once, edited without losing bytes.
//! - [`render`]: Markdown to sanitized HTML.
//! - [`attachments`]: images pasted or dropped into a runbook, kept in `attachments/`.
//! - [`store`]: atomic writes, content hashes, conflict detection.
//! - [`history`]: Git commits, log, diff, restore and blame through git2.
//! - [`links`]: the runbooks a runbook links to.
//! - [`relink`]: links that follow a renamed runbook.
//! - [`search`]: the tantivy index and its queries.
//! - [`check`]: malformed front matter, broken links, overdue reviews, secrets.
//! - [`secrets`]: passwords, private keys and tokens written into a runbook.
//! - [`export`]: the vault as static HTML pages, readable without the app.
//! - [`template`]: new runbooks from a template per kind.
//! - [`drafts`]: unsaved editor text kept for crash recovery.
//! - [`demo`]: the demo vault, a copy of the sample runbooks in the user's data folder.
//! - [`workspace`]: the operations that combine the modules above (save = write + commit + index).
#![deny(clippy::unwrap_used, clippy::panic)]

pub mod attachments;
pub mod check;
pub mod demo;
pub mod drafts;
pub mod export;
pub mod history;
pub mod links;
pub mod relink;
pub mod render;
pub mod runbook;
pub mod search;
pub mod secrets;
pub mod store;
pub mod template;
pub mod vault;
pub mod workspace;
