//! The vault as a folder of static HTML pages, for reading without the app: a successor's PC
//! where nothing can be installed, an outsourced helpdesk that gets a copy, a printout for the
//! server room. One page per runbook (the same sanitized HTML as the app's preview), an index
//! by folder with titles, systems, owners and review state, and the images and files the
//! runbooks use. Pages carry no script at all and a CSP that forbids any, so they are safe to
//! open from a file share.
//!
//! The export is written into a new folder next to the destination and moved into place at
//! the end, so a failure (a full disk) leaves the previous export as it was. A destination
//! that already holds other files is refused; one made by an earlier export is replaced.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::render::{escape_attr as escape, render_with, Links, RelativeImages, ALERTS};
use crate::runbook::Runbook;
use crate::template::Lang;
use crate::vault::{Vault, VaultError};

/// The file that marks a folder as made by an export (and so replaceable by the next one).
pub const MARKER: &str = ".hikitsugi-export";
const STYLE: &str = include_str!("export.css");
/// The alerts' rules, shared with the app's preview.
const ALERT_STYLE: &str = include_str!("render/alerts.css");
/// Largest file copied along (images, PDFs); a bigger one is left out and reported.
const MAX_COPIED_FILE: u64 = 64 * 1024 * 1024;
/// No scripts, no plugins, no remote anything: styles and images from the export itself.
const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot export into the vault itself ({0}): choose a folder outside it")]
    InsideVault(PathBuf),
    #[error("{0} holds the vault; choose a folder outside it")]
    ContainsVault(PathBuf),
    #[error("{0} already holds other files; choose an empty or new folder (an earlier export there is replaced)")]
    NotEmpty(PathBuf),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Vault(#[from] VaultError),
}

type Result<T> = std::result::Result<T, ExportError>;

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ExportError + '_ {
    move |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// What an export wrote, and what it left out.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ExportReport {
    /// The overview page, relative to the export: `index.html`, unless the vault has a
    /// runbook `index.md` at its top (whose page that is).
    pub index: String,
    pub pages: usize,
    pub files: usize,
    /// Runbooks or files not exported, each with the reason.
    pub skipped: Vec<String>,
    /// Runbooks exported with what looks like a password or key in them ([`crate::secrets`]):
    /// whoever is given the pages can read it too.
    pub with_secrets: Vec<String>,
}

/// Texts of the pages.
struct Labels {
    runbooks: &'static str,
    system: &'static str,
    owner: &'static str,
    reviewed: &'static str,
    overdue: &'static str,
    exported: &'static str,
    top: &'static str,
    count: &'static str,
    /// The titles of GitHub's alerts, in the order of `render::ALERTS`.
    alerts: [&'static str; 5],
}

fn labels(lang: Lang) -> Labels {
    match lang {
        Lang::Ja => Labels {
            runbooks: "手順書一覧",
            system: "システム",
            owner: "担当",
            reviewed: "最終確認",
            overdue: "要レビュー",
            exported: "Hikitsugi から書き出し",
            top: "トップ",
            count: "件",
            alerts: ["メモ", "ヒント", "重要", "警告", "注意"],
        },
        Lang::En => Labels {
            runbooks: "Runbooks",
            system: "System",
            owner: "Owner",
            reviewed: "Reviewed",
            overdue: "Review due",
            exported: "Exported from Hikitsugi",
            top: "Top",
            count: "runbooks",
            alerts: ["Note", "Tip", "Important", "Warning", "Caution"],
        },
    }
}

struct Page {
    path: String,
    title: String,
    system: Option<String>,
    owner: Option<String>,
    reviewed: Option<NaiveDate>,
    overdue: bool,
}

/// Exports every runbook of `vault` into `out` as static HTML (see the module docs).
pub fn export_html(
    vault: &Vault,
    out: &Path,
    lang: Lang,
    today: NaiveDate,
) -> Result<ExportReport> {
    let out = check_destination(vault, out)?;
    let parent = out.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(io(parent))?;
    let staging = tempfile::Builder::new()
        .prefix(".hikitsugi-export-")
        .tempdir_in(parent)
        .map_err(io(parent))?;
    let report = write_export(vault, staging.path(), lang, today)?;
    if out.exists() {
        std::fs::remove_dir_all(&out).map_err(io(&out))?;
    }
    let staged = staging.keep();
    std::fs::rename(&staged, &out).map_err(io(&out))?;
    Ok(report)
}

/// `out` made absolute, once it is known not to be in the vault and not to hold anything but
/// an earlier export.
fn check_destination(vault: &Vault, out: &Path) -> Result<PathBuf> {
    let out = std::path::absolute(out).map_err(io(out))?;
    // The deepest part of `out` that exists, resolved (symlinks included).
    let mut existing = out.as_path();
    while !existing.exists() {
        existing = existing.parent().unwrap_or(Path::new("/"));
    }
    let resolved = existing.canonicalize().map_err(io(existing))?;
    let root = vault.root();
    if resolved.starts_with(root) {
        return Err(ExportError::InsideVault(out));
    }
    if existing == out && root.starts_with(&resolved) {
        return Err(ExportError::ContainsVault(out));
    }
    if out.exists() {
        let mut entries = std::fs::read_dir(&out).map_err(io(&out))?;
        if entries.next().is_some() && !out.join(MARKER).is_file() {
            return Err(ExportError::NotEmpty(out));
        }
    }
    Ok(out)
}

fn write_export(vault: &Vault, dir: &Path, lang: Lang, today: NaiveDate) -> Result<ExportReport> {
    let l = labels(lang);
    let files = vault.list()?;
    let index = if files.iter().any(|f| html_path(&f.path) == "index.html") {
        "hikitsugi-index.html"
    } else {
        "index.html"
    };
    let mut report = ExportReport {
        index: index.to_string(),
        ..Default::default()
    };
    let mut pages = Vec::new();
    let mut used = BTreeSet::new();
    let commit = crate::history::History::open(vault)
        .ok()
        .and_then(|h| h.vault_log(1).ok())
        .and_then(|log| log.into_iter().next());
    let stamp = match &commit {
        Some(c) => format!("{} · {today} · Git {}", l.exported, c.short_id),
        None => format!("{} · {today}", l.exported),
    };
    for f in files {
        let abs = vault.root().join(&f.path);
        let bytes = match std::fs::read(&abs) {
            Ok(b) => b,
            Err(e) => {
                report.skipped.push(format!("{}: {e}", f.path));
                continue;
            }
        };
        let rb = match Runbook::from_bytes(&f.path, bytes) {
            Ok(rb) => rb,
            Err(e) => {
                report.skipped.push(e.to_string());
                continue;
            }
        };
        used.extend(crate::links::files_used(&f.path, &rb));
        if !crate::secrets::find(rb.text()).is_empty() {
            report.with_secrets.push(f.path.clone());
        }
        let fm = rb.front_matter();
        let page = Page {
            title: rb.title(&f.path),
            system: fm.system.clone(),
            owner: fm.owner.clone(),
            reviewed: fm.reviewed,
            overdue: rb.is_overdue(today),
            path: f.path.clone(),
        };
        let body = render_with(rb.text(), &f.path, &RelativeImages, Links::StaticHtml);
        let html = runbook_page(&page, &body, &l, &stamp, index, lang);
        write(dir, &html_path(&f.path), html.as_bytes())?;
        report.pages += 1;
        pages.push(page);
    }
    for rel in used {
        match copy_used(vault, dir, &rel) {
            Ok(true) => report.files += 1,
            Ok(false) => {}
            Err(reason) => report.skipped.push(format!("{rel}: {reason}")),
        }
    }
    write(
        dir,
        index,
        index_page(&pages, &l, &stamp, &vault.name(), lang).as_bytes(),
    )?;
    write(dir, "style.css", style(&l).as_bytes())?;
    write(
        dir,
        MARKER,
        b"Written by `hikitsugi export`; the next export into this folder replaces all of it.\n",
    )?;
    Ok(report)
}

/// `a/b.md` → `a/b.html`.
fn html_path(path: &str) -> String {
    let stem = path.rsplit_once('.').map_or(path, |(s, _)| s);
    format!("{stem}.html")
}

/// `../` as many times as `path` has folders: from its page back to the export's top.
fn to_top(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

fn write(dir: &Path, rel: &str, bytes: &[u8]) -> Result<()> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io(parent))?;
    }
    std::fs::write(&path, bytes).map_err(io(&path))
}

/// Copies a file a runbook uses; false when it does not exist (a broken link, for `check`).
fn copy_used(vault: &Vault, dir: &Path, rel: &str) -> std::result::Result<bool, String> {
    let (rel, abs) = vault.resolve(rel).map_err(|e| e.to_string())?;
    let Ok(meta) = std::fs::metadata(&abs) else {
        return Ok(false);
    };
    if !meta.is_file() {
        return Ok(false);
    }
    if meta.len() > MAX_COPIED_FILE {
        return Err(format!(
            "larger than {} MB, not copied",
            MAX_COPIED_FILE >> 20
        ));
    }
    let dest = dir.join(&rel);
    if let Some(parent) = dest.parent() {
        std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
    }
    std::fs::copy(&abs, &dest).map_err(|e| e.to_string())?;
    Ok(true)
}

/// The style sheet, with the alerts' titles in the export's language (the pages' CSP allows no
/// inline style).
fn style(l: &Labels) -> String {
    let mut css = format!("{STYLE}{ALERT_STYLE}");
    css.push_str(":root {");
    for ((kind, _), title) in ALERTS.iter().zip(l.alerts) {
        let _ = write!(css, " --hk-alert-{kind}: \"{title}\";");
    }
    css.push_str(" }\n");
    css
}

fn head(out: &mut String, title: &str, top: &str, lang: Lang) {
    let lang = if lang == Lang::Ja { "ja" } else { "en" };
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<link rel=\"stylesheet\" href=\"{top}style.css\">\n</head>\n",
        escape(title)
    );
}

fn meta_line(p: &Page, l: &Labels) -> String {
    let mut parts = Vec::new();
    if let Some(s) = &p.system {
        parts.push(format!("{}: {}", l.system, escape(s)));
    }
    if let Some(o) = &p.owner {
        parts.push(format!("{}: {}", l.owner, escape(o)));
    }
    if let Some(r) = p.reviewed {
        parts.push(format!("{}: {r}", l.reviewed));
    }
    let mut line = parts.join(" · ");
    if p.overdue {
        let _ = write!(line, " <span class=\"overdue\">{}</span>", l.overdue);
    }
    line
}

fn runbook_page(p: &Page, body: &str, l: &Labels, stamp: &str, index: &str, lang: Lang) -> String {
    let top = to_top(&p.path);
    let mut out = String::with_capacity(body.len() + 2048);
    head(&mut out, &p.title, &top, lang);
    let _ = write!(
        out,
        "<body>\n<nav class=\"crumbs\"><a href=\"{top}{index}\">{}</a> / {}</nav>\n\
         <header><div class=\"meta\">{}</div></header>\n<main class=\"markdown-body\">\n{body}\n</main>\n\
         <footer>{} · {}</footer>\n</body>\n</html>\n",
        l.top,
        escape(&p.path),
        meta_line(p, l),
        escape(&p.path),
        escape(stamp),
    );
    out
}

fn index_page(pages: &[Page], l: &Labels, stamp: &str, vault: &str, lang: Lang) -> String {
    let mut out = String::new();
    let title = format!("{} — {vault}", l.runbooks);
    head(&mut out, &title, "", lang);
    let _ = write!(
        out,
        "<body>\n<main class=\"index\">\n<h1>{}</h1>\n",
        escape(&title)
    );
    let mut sorted: Vec<&Page> = pages.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let folder_of = |p: &Page| {
        p.path
            .rsplit_once('/')
            .map_or(String::new(), |(f, _)| f.to_string())
    };
    let mut current: Option<String> = None;
    for p in sorted {
        let folder = folder_of(p);
        if current.as_ref() != Some(&folder) {
            if current.is_some() {
                out.push_str("</ul>\n");
            }
            let count = pages.iter().filter(|q| folder_of(q) == folder).count();
            let name = if folder.is_empty() {
                "/"
            } else {
                folder.as_str()
            };
            let _ = write!(
                out,
                "<h2>{} <span class=\"count\">{count} {}</span></h2>\n<ul>\n",
                escape(name),
                l.count
            );
            current = Some(folder);
        }
        let _ = writeln!(
            out,
            "<li><a href=\"{}\">{}</a> <span class=\"meta\">{}</span></li>",
            escape(&html_path(&p.path)),
            escape(&p.title),
            meta_line(p, l)
        );
    }
    if current.is_some() {
        out.push_str("</ul>\n");
    }
    let _ = write!(
        out,
        "</main>\n<footer>{}</footer>\n</body>\n</html>\n",
        escape(stamp)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_paths() {
        assert_eq!(html_path("a/b.md"), "a/b.html");
        assert_eq!(html_path("top.md"), "top.html");
        assert_eq!(to_top("top.md"), "");
        assert_eq!(to_top("a/b/c.md"), "../../");
    }
}
