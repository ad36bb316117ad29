//! Command definitions (clap) and dispatch: each command calls one core function and prints
//! its result.

mod output;

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use hikitsugi::history::History;
use hikitsugi::search::{FilterField, SearchIndex, SearchOptions};
use hikitsugi::store::{self, Base};
use hikitsugi::template::Lang;
use hikitsugi::vault::Vault;
use hikitsugi::workspace::{self, today, Workspace, WorkspaceError};

pub const EXIT_ERROR: u8 = 1;
/// `save --base` found the file changed on disk; nothing was written.
pub const EXIT_CONFLICT: u8 = 3;
/// The file was written but could not be committed (e.g. a locked repository).
pub const EXIT_NOT_COMMITTED: u8 = 4;
/// `check` found problems.
pub const EXIT_PROBLEMS: u8 = 5;

/// Whether `e` is a write to stdout after its reader went away (`hikitsugi search … | head`):
/// the reader got what it asked for, so this is not an error (ripgrep does the same).
pub fn closed_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

#[derive(Parser)]
#[command(
    name = "hikitsugi",
    version,
    about = "Git-versioned Markdown runbooks with instant Japanese and English search",
    long_about = "Hikitsugi (引き継ぎ) keeps an IT department's runbooks as Markdown files in a Git repository and searches them in Japanese and English.\n\nExit codes: 0 success, 1 error, 2 usage error, 3 conflict (save --base), 4 saved but not committed, 5 check found problems."
)]
struct Cli {
    /// The vault folder [default: $HIKITSUGI_VAULT, else the current folder]
    #[arg(long, global = true, env = "HIKITSUGI_VAULT", value_name = "DIR")]
    vault: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Make DIR (default: the vault folder) a vault: Git repository, .hikitsugi/ ignored
    Init { dir: Option<PathBuf> },
    /// List runbooks with their titles and review state
    List {
        #[arg(long)]
        json: bool,
    },
    /// Create a runbook from the template for its kind; prints its path
    New {
        #[arg(long)]
        title: String,
        #[arg(long)]
        system: Option<String>,
        /// procedure | system | incident | contact | policy | note
        #[arg(long, default_value = "procedure", value_parser = clap::builder::PossibleValuesParser::new(hikitsugi::runbook::KINDS))]
        kind: String,
        /// Folder inside the vault
        #[arg(long)]
        folder: Option<String>,
        /// Template language
        #[arg(long, default_value = "ja", value_parser = ["ja", "en"])]
        lang: String,
    },
    /// Write stdin to PATH atomically and commit it (warns when it adds a password or key)
    Save {
        path: String,
        /// Commit message
        #[arg(long, short)]
        message: Option<String>,
        /// Refuse if the file on disk no longer has this content hash (see `hikitsugi hash`)
        #[arg(long)]
        base: Option<String>,
    },
    /// Print the content hash of PATH as `save --base` expects it
    Hash { path: String },
    /// Print the sanitized HTML of a runbook (`-` reads Markdown from stdin)
    Render { path: String },
    /// Commits that changed PATH (following renames, and back past its deletion), or the
    /// whole vault; with --deleted, the runbooks deleted and not restored
    Log {
        path: Option<String>,
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = 100)]
        limit: usize,
        /// List deleted runbooks with the revision to restore each from
        /// (`hikitsugi restore PATH REV`)
        #[arg(long, conflicts_with = "path")]
        deleted: bool,
    },
    /// Unified diff of PATH: HEAD→working file, REV→working file, or REV→REV
    Diff {
        path: String,
        rev: Option<String>,
        rev2: Option<String>,
    },
    /// Write PATH's content at REV back as a new commit (history is never rewritten)
    Restore { path: String, rev: String },
    /// Author, date and commit of every line of PATH
    Blame {
        path: String,
        #[arg(long)]
        json: bool,
    },
    /// Set `reviewed:` of PATH to today and commit
    Reviewed { path: String },
    /// Rename (move) a runbook as one commit; links to it in other runbooks follow it
    Mv { from: String, to: String },
    /// Store IMAGE (PNG, JPEG, GIF or WebP) in attachments/ as one commit and print the
    /// Markdown that shows it in RUNBOOK
    Attach { runbook: String, image: PathBuf },
    /// Malformed front matter, broken links, overdue reviews and passwords or keys written
    /// into runbooks, values masked (exit code 5 if any)
    Check {
        #[arg(long)]
        json: bool,
    },
    /// Runbooks that link to PATH (the index is brought up to date first)
    Backlinks {
        path: String,
        #[arg(long)]
        json: bool,
    },
    /// Write every runbook as static HTML pages into DIR (an index page, the images and files
    /// they use; no scripts), readable in any browser without the app
    Export {
        dir: PathBuf,
        /// Language of the index page and labels
        #[arg(long, default_value = "ja", value_parser = ["ja", "en"])]
        lang: String,
    },
    /// Rebuild the search index from the files
    Index,
    /// Search the vault (the index is brought up to date first)
    Search {
        query: Vec<String>,
        #[arg(long)]
        json: bool,
        /// One query per line on stdin, one JSON line per query (needs --json)
        #[arg(long, requires = "json")]
        batch: bool,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[arg(long)]
        system: Option<String>,
        #[arg(long)]
        tag: Option<String>,
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        owner: Option<String>,
    },
    /// Create (if needed) the demo vault, a copy of the sample runbooks, and print its path
    Demo {
        /// The sample folder to copy
        #[arg(long)]
        sample: Option<PathBuf>,
    },
}

pub fn run() -> Result<ExitCode> {
    let cli = Cli::parse();
    let vault_dir = match cli.vault {
        Some(v) => v,
        None => std::env::current_dir().context("cannot read the current folder")?,
    };
    match cli.command {
        Command::Init { dir } => {
            let dir = dir.unwrap_or(vault_dir);
            let vault = Vault::init(&dir)?;
            println!("{}", vault.root().display());
            eprintln!("vault ready: {}", vault.root().display());
        }
        Command::List { json } => {
            let vault = Vault::open(&vault_dir)?;
            let list = workspace::list_summaries(&vault, today())?;
            if json {
                output::json(&list)?;
            } else {
                output::summaries(&list)?;
            }
        }
        Command::New {
            title,
            system,
            kind,
            folder,
            lang,
        } => {
            let mut ws = Workspace::open(Vault::open(&vault_dir)?);
            let lang = if lang == "en" { Lang::En } else { Lang::Ja };
            let saved = ws.create(
                &title,
                system.as_deref(),
                Some(&kind),
                folder.as_deref(),
                today(),
                lang,
            )?;
            println!("{}", saved.path);
            return Ok(report_saved(&saved));
        }
        Command::Save {
            path,
            message,
            base,
        } => {
            let mut text = Vec::new();
            std::io::stdin()
                .read_to_end(&mut text)
                .context("cannot read stdin")?;
            let mut ws = Workspace::open(Vault::open(&vault_dir)?);
            attach_index_quietly(&mut ws);
            let base = base.as_deref().map_or(Base::Any, Base::Hash);
            let secrets = ws.secrets_added(&path, &text);
            match ws.save(&path, &text, base, message.as_deref()) {
                Ok(saved) => {
                    println!("{}", saved.hash);
                    for f in &secrets {
                        eprintln!("hikitsugi: warning: {path}:{}: {f}", f.line);
                    }
                    if !secrets.is_empty() {
                        eprintln!("hint: it is now in Git history; keep passwords in a password manager and write where they are kept");
                    }
                    return Ok(report_saved(&saved));
                }
                Err(WorkspaceError::Store(e @ store::StoreError::Conflict { .. })) => {
                    eprintln!("hikitsugi: conflict: {e}");
                    eprintln!("hint: read the current file, merge your change into it, and save with its new hash (`hikitsugi hash {path}`)");
                    return Ok(ExitCode::from(EXIT_CONFLICT));
                }
                Err(e) => return Err(e.into()),
            }
        }
        Command::Hash { path } => {
            let vault = Vault::open(&vault_dir)?;
            println!("{}", store::read(&vault, &path)?.hash);
        }
        Command::Render { path } => {
            let html = if path == "-" {
                let mut text = String::new();
                std::io::stdin()
                    .read_to_string(&mut text)
                    .context("stdin is not valid UTF-8 text")?;
                hikitsugi::render::render(&text, "stdin.md", &hikitsugi::render::RelativeImages)
            } else {
                let ws = Workspace::open(Vault::open(&vault_dir)?);
                let doc = ws.read(&path)?;
                if let Some(w) = &doc.warning {
                    eprintln!("hikitsugi: warning: {}: {w}", doc.path);
                }
                hikitsugi::render::render(
                    doc.runbook.text(),
                    &doc.path,
                    &hikitsugi::render::RelativeImages,
                )
            };
            std::io::stdout().write_all(html.as_bytes())?;
        }
        Command::Log {
            json,
            limit,
            deleted: true,
            ..
        } => {
            let ws = Workspace::open(Vault::open(&vault_dir)?);
            let deleted = ws.deleted(limit)?;
            if json {
                output::json(&deleted)?;
            } else {
                output::deleted(&deleted)?;
            }
        }
        Command::Log {
            path, json, limit, ..
        } => {
            let vault = Vault::open(&vault_dir)?;
            let history = History::open(&vault)?;
            let entries = match &path {
                Some(p) => {
                    let (p, _) = vault.resolve(p)?;
                    history.file_log(&p, limit)?
                }
                None => history.vault_log(limit)?,
            };
            if json {
                output::json(&entries)?;
            } else {
                output::log(&entries, path.is_none())?;
            }
        }
        Command::Diff { path, rev, rev2 } => {
            let vault = Vault::open(&vault_dir)?;
            let history = History::open(&vault)?;
            let (path, abs) = vault.resolve(&path)?;
            let (old_rev, new_rev) = match (rev, rev2) {
                (None, _) => ("HEAD".to_string(), None),
                (Some(a), b) => (a, b),
            };
            let old = match history.show(&path, &old_rev) {
                Ok(b) => b,
                Err(hikitsugi::history::HistoryError::NotInRevision { .. }) => Vec::new(),
                Err(e) => return Err(e.into()),
            };
            let (new, new_label) = match &new_rev {
                Some(r) => (history.show(&path, r)?, format!("{path} ({r})")),
                None => (
                    std::fs::read(&abs).unwrap_or_default(),
                    format!("{path} (working file)"),
                ),
            };
            let diff =
                History::unified_diff(&old, &new, &format!("{path} ({old_rev})"), &new_label)?;
            std::io::stdout().write_all(diff.as_bytes())?;
        }
        Command::Restore { path, rev } => {
            let mut ws = Workspace::open(Vault::open(&vault_dir)?);
            attach_index_quietly(&mut ws);
            let saved = ws.restore(&path, &rev)?;
            return Ok(report_saved(&saved));
        }
        Command::Blame { path, json } => {
            let vault = Vault::open(&vault_dir)?;
            let history = History::open(&vault)?;
            let (path, abs) = vault.resolve(&path)?;
            let working = std::fs::read(&abs).ok();
            let lines = history.blame(&path, working.as_deref())?;
            if json {
                output::json(&lines)?;
            } else {
                output::blame(&lines)?;
            }
        }
        Command::Mv { from, to } => {
            let mut ws = Workspace::open(Vault::open(&vault_dir)?);
            attach_index_quietly(&mut ws);
            let saved = ws.rename(&from, &to)?;
            for p in saved.links_updated.iter().filter(|p| **p != saved.path) {
                eprintln!("links updated in {p}");
            }
            return Ok(report_saved(&saved));
        }
        Command::Attach { runbook, image } => {
            let mut bytes = Vec::new();
            // One byte over the limit is enough to refuse an oversized file without reading it all.
            std::fs::File::open(&image)
                .and_then(|f| {
                    f.take(hikitsugi::render::MAX_INLINE_IMAGE_BYTES as u64 + 1)
                        .read_to_end(&mut bytes)
                })
                .with_context(|| format!("cannot read {}", image.display()))?;
            let mut ws = Workspace::open(Vault::open(&vault_dir)?);
            let name = image.file_name().map(|n| n.to_string_lossy().into_owned());
            let attached = ws.attach(
                &runbook,
                name.as_deref(),
                &bytes,
                chrono::Local::now().naive_local(),
            )?;
            let alt = name
                .as_deref()
                .map_or("", |n| n.rsplit_once('.').map_or(n, |(stem, _)| stem))
                .replace(['[', ']', '\\'], "");
            println!("![{alt}]({})", attached.link);
            return Ok(report_saved(&attached.saved));
        }
        Command::Reviewed { path } => {
            let mut ws = Workspace::open(Vault::open(&vault_dir)?);
            attach_index_quietly(&mut ws);
            let saved = ws.mark_reviewed(&path, today())?;
            return Ok(report_saved(&saved));
        }
        Command::Check { json } => {
            let vault = Vault::open(&vault_dir)?;
            let report = hikitsugi::check::check_vault(&vault, today())?;
            let printed = if json {
                output::json(&report)
            } else {
                output::check(&report)
            };
            // `check | head` still says, by its exit code, whether there were problems.
            match printed {
                Err(e) if !closed_pipe(&e) => return Err(e),
                _ => {}
            }
            if !report.problems.is_empty() {
                return Ok(ExitCode::from(EXIT_PROBLEMS));
            }
        }
        Command::Index => {
            let vault = Vault::open(&vault_dir)?;
            let started = std::time::Instant::now();
            let mut index = SearchIndex::recreate(&vault, "rebuild requested")?;
            let bar = output::progress_bar();
            let report = index.reconcile(&vault, &mut |done, total| {
                bar.set_length(total as u64);
                bar.set_position(done as u64);
            })?;
            bar.finish_and_clear();
            for p in &report.problems {
                eprintln!("hikitsugi: warning: {p}");
            }
            println!(
                "indexed {} documents ({:.1} MB) in {:.1} s; index size {:.1} MB",
                report.indexed + report.unchanged,
                report.bytes as f64 / 1_048_576.0,
                started.elapsed().as_secs_f64(),
                index.size_on_disk() as f64 / 1_048_576.0
            );
        }
        Command::Search {
            query,
            json,
            batch,
            limit,
            system,
            tag,
            kind,
            owner,
        } => {
            let vault = Vault::open(&vault_dir)?;
            let index = open_fresh_index(&vault)?;
            let mut filters = Vec::new();
            for (field, value) in [
                (FilterField::System, system),
                (FilterField::Tag, tag),
                (FilterField::Kind, kind),
                (FilterField::Owner, owner),
            ] {
                if let Some(v) = value {
                    filters.push((field, v));
                }
            }
            let opts = SearchOptions {
                limit,
                filters,
                no_snippets: false,
            };
            if batch {
                if !query.is_empty() {
                    bail!(
                        "--batch reads queries from stdin; do not give a query on the command line"
                    );
                }
                let stdin = std::io::stdin();
                let mut out = std::io::BufWriter::new(std::io::stdout().lock());
                let mut line = String::new();
                let mut reader = std::io::BufReader::new(stdin.lock());
                loop {
                    line.clear();
                    if std::io::BufRead::read_line(&mut reader, &mut line)? == 0 {
                        break;
                    }
                    let q = line.trim_end_matches(['\n', '\r']);
                    let results = index.search(&vault, q, &opts)?;
                    serde_json::to_writer(&mut out, &results).map_err(std::io::Error::from)?;
                    out.write_all(b"\n")?;
                }
                out.flush()?;
            } else {
                let q = query.join(" ");
                let results = index.search(&vault, &q, &opts)?;
                if json {
                    output::json(&results)?;
                } else {
                    output::search(&results)?;
                }
            }
        }
        Command::Backlinks { path, json } => {
            let vault = Vault::open(&vault_dir)?;
            let (path, _) = vault.resolve(&path)?;
            let index = open_fresh_index(&vault)?;
            let (total, runbooks) = index.linking_to(&path, usize::MAX)?;
            if json {
                output::json(
                    &serde_json::json!({ "path": path, "total": total, "runbooks": runbooks }),
                )?;
            } else {
                output::backlinks(&runbooks)?;
            }
        }
        Command::Export { dir, lang } => {
            let vault = Vault::open(&vault_dir)?;
            let lang = if lang == "en" { Lang::En } else { Lang::Ja };
            let report = hikitsugi::export::export_html(&vault, &dir, lang, today())?;
            for s in &report.skipped {
                eprintln!("hikitsugi: warning: not exported: {s}");
            }
            for p in &report.with_secrets {
                eprintln!("hikitsugi: warning: {p} looks like it holds a password or key, and so does its page (`hikitsugi check` shows where)");
            }
            println!(
                "{}",
                std::path::absolute(&dir)?.join(&report.index).display()
            );
            eprintln!(
                "exported {} runbooks and {} files they use",
                report.pages, report.files
            );
        }
        Command::Demo { sample } => {
            let sample = sample
                .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("runbooks"));
            let dest = hikitsugi::demo::default_location()?;
            let vault = hikitsugi::demo::ensure_demo_vault(&sample, &dest)?;
            println!("{}", vault.root().display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints what a write did to stderr and picks the exit code.
fn report_saved(saved: &workspace::Saved) -> ExitCode {
    for w in &saved.warnings {
        eprintln!("hikitsugi: warning: {w}");
    }
    match &saved.commit {
        Some(c) => eprintln!("saved {} (commit {})", saved.path, &c[..c.len().min(8)]),
        None if !saved.not_committed => eprintln!("saved {} (no changes to commit)", saved.path),
        None => {}
    }
    if saved.not_committed {
        ExitCode::from(EXIT_NOT_COMMITTED)
    } else {
        ExitCode::SUCCESS
    }
}

/// Opens the index and reconciles it with the files, saying on stderr when it has to be
/// rebuilt. If another process holds the index writer, searches what is there.
fn open_fresh_index(vault: &Vault) -> Result<SearchIndex> {
    let mut index = SearchIndex::open(vault)?;
    if let Some(reason) = index.rebuild_reason() {
        eprintln!("hikitsugi: rebuilding the search index: {reason}");
    }
    let bar = output::progress_bar();
    let result = index.reconcile(vault, &mut |done, total| {
        if total > 200 {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    });
    bar.finish_and_clear();
    match result {
        Ok(report) => {
            for p in &report.problems {
                eprintln!("hikitsugi: warning: {p}");
            }
        }
        Err(hikitsugi::search::SearchError::Busy) => {
            eprintln!(
                "hikitsugi: warning: {}",
                hikitsugi::search::SearchError::Busy
            );
        }
        Err(e) => return Err(e.into()),
    }
    Ok(index)
}

/// Attaches the index when it can be opened, so saves update it; a failure only warns
/// (the next search reconciles anyway).
fn attach_index_quietly(ws: &mut Workspace) {
    let dir = ws
        .vault()
        .root()
        .join(hikitsugi::vault::STATE_DIR)
        .join("index");
    if !dir.exists() {
        return;
    }
    match SearchIndex::open(ws.vault()) {
        Ok(index) if index.rebuild_reason().is_none() => ws.attach_index(index),
        Ok(_) => {}
        Err(e) => eprintln!("hikitsugi: warning: search index not updated: {e}"),
    }
}

pub fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}
