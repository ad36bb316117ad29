//! Human-readable and JSON printing for the CLI.

use std::io::Write;

use anyhow::Result;
use hikitsugi::check::Report;
use hikitsugi::history::{BlameLine, LogEntry};
use hikitsugi::search::{LinkingRunbook, SearchResults};
use hikitsugi::workspace::{DeletedRunbook, RunbookSummary};

pub fn json<T: serde::Serialize>(value: &T) -> Result<()> {
    let mut out = std::io::stdout().lock();
    // As an io::Error, so that a closed pipe is recognised as one (`closed_pipe`).
    serde_json::to_writer_pretty(&mut out, value).map_err(std::io::Error::from)?;
    out.write_all(b"\n")?;
    Ok(())
}

fn date(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|d| {
            d.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

pub fn summaries(list: &[RunbookSummary]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    for s in list {
        let flag = if s.overdue { "要レビュー " } else { "" };
        let warn = if s.warning.is_some() { " ⚠" } else { "" };
        writeln!(out, "{}\t{flag}{}{warn}", s.path, s.title)?;
    }
    Ok(())
}

pub fn backlinks(list: &[LinkingRunbook]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    if list.is_empty() {
        writeln!(out, "no runbook links here")?;
    }
    for r in list {
        writeln!(out, "{}\t{}", r.path, r.title)?;
    }
    Ok(())
}

pub fn log(entries: &[LogEntry], with_paths: bool) -> Result<()> {
    let mut out = std::io::stdout().lock();
    for e in entries {
        let first = e.message.lines().next().unwrap_or("");
        let deleted = if e.deleted { "(deleted) " } else { "" };
        writeln!(
            out,
            "{} {} {:<16} {deleted}{first}",
            e.short_id,
            date(e.time),
            e.author
        )?;
        if with_paths {
            for p in &e.paths {
                writeln!(out, "    {p}")?;
            }
        }
    }
    Ok(())
}

pub fn deleted(list: &[DeletedRunbook]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    if list.is_empty() {
        writeln!(out, "no deleted runbooks")?;
    }
    for d in list {
        let by = &d.deleted_by;
        let rev: String = d.last_rev.chars().take(8).collect();
        writeln!(out, "{}\t{}", d.path, d.title)?;
        writeln!(
            out,
            "    deleted {} by {} ({}); restore: hikitsugi restore {} {rev}",
            date(by.time),
            by.author,
            by.short_id,
            shell_word(&d.path)
        )?;
    }
    Ok(())
}

/// `s` quoted for a POSIX shell when it needs it.
fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| !c.is_ascii() || c.is_ascii_alphanumeric() || "-_./".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

pub fn blame(lines: &[BlameLine]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    for l in lines {
        let (id, who, when) = if l.commit.is_empty() {
            (
                "--------".to_string(),
                "(not committed)".to_string(),
                String::new(),
            )
        } else {
            (l.short_id.clone(), l.author.clone(), date(l.time))
        };
        writeln!(out, "{id} {who:<16} {when:<16} {:>4}| {}", l.line, l.text)?;
    }
    Ok(())
}

pub fn check(report: &Report) -> Result<()> {
    let mut out = std::io::stdout().lock();
    for p in &report.problems {
        let line = p.line.map(|l| format!(":{l}")).unwrap_or_default();
        let kind = serde_json::to_value(p.kind)?
            .as_str()
            .unwrap_or("")
            .to_string();
        writeln!(out, "{}{line}: {kind}: {}", p.path, p.message)?;
    }
    writeln!(
        out,
        "{} files checked, {} problems",
        report.files,
        report.problems.len()
    )?;
    Ok(())
}

pub fn search(results: &SearchResults) -> Result<()> {
    let mut out = std::io::stdout().lock();
    let tty = super::stdout_is_terminal();
    if let Some(m) = &results.message {
        writeln!(out, "({m})")?;
    }
    for (i, h) in results.hits.iter().enumerate() {
        writeln!(out, "{:>2}. {}  [{}]", i + 1, h.title, h.path)?;
        writeln!(out, "    {}", plain_snippet(&h.snippet, tty))?;
    }
    writeln!(
        out,
        "{} of {} results{}",
        results.hits.len(),
        results.total,
        if results.mode == "loose" {
            " (not every word matched)"
        } else {
            ""
        }
    )?;
    Ok(())
}

/// Snippet HTML as terminal text: marks become bold on a terminal, entities are decoded.
fn plain_snippet(html: &str, tty: bool) -> String {
    let (on, off) = if tty {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("", "")
    };
    html.replace("<mark>", on)
        .replace("</mark>", off)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// A progress bar on stderr, hidden when stderr is not a terminal.
pub fn progress_bar() -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files ({eta})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}
