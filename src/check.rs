//! Vault health check: malformed front matter, unreadable files, broken internal links and
//! images, overdue reviews, and passwords or keys written into a runbook. One bad file never
//! stops the run: every problem is collected with its vault-relative path and line.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use pulldown_cmark::{Event, Parser, Tag};
use serde::Serialize;

use crate::render::{has_scheme, resolve_relative, slugify, Slugger, ID_PREFIX};
use crate::runbook::Runbook;
use crate::secrets::{self, SecretKind};
use crate::vault::{Vault, VaultError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    FrontMatter,
    Unreadable,
    BrokenLink,
    BrokenImage,
    BrokenAnchor,
    Overdue,
    /// A password, private key or token in the text ([`crate::secrets`]).
    Secret,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub path: String,
    pub kind: ProblemKind,
    /// 1-based line, when it points at one.
    pub line: Option<usize>,
    pub message: String,
    /// The link or image destination as written (link problems).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// When the review was due (overdue reviews).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// What kind of secret was found (secrets).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<SecretKind>,
    /// What was found, its value masked (secrets).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub files: usize,
    pub problems: Vec<Problem>,
}

/// Checks every runbook in the vault as of `today`.
///
/// Files are read one at a time and only their heading ids and links to other runbooks'
/// headings are kept until the end, so a vault of 150 MB is checked in a few MB of memory.
pub fn check_vault(vault: &Vault, today: NaiveDate) -> Result<Report, VaultError> {
    let files = vault.list()?;
    let mut problems = Vec::new();
    let mut anchors: HashMap<String, HashSet<String>> = HashMap::with_capacity(files.len());
    let mut fragments = Vec::new();
    for f in &files {
        let read = std::fs::read(vault.root().join(&f.path))
            .map_err(|e| e.to_string())
            .and_then(|bytes| Runbook::from_bytes(&f.path, bytes).map_err(|e| e.to_string()));
        let rb = match read {
            Ok(rb) => rb,
            Err(message) => {
                problems.push(problem(&f.path, ProblemKind::Unreadable, None, message));
                continue;
            }
        };
        let path = &f.path;
        if let Some(p) = rb.problem() {
            problems.push(problem(
                path,
                ProblemKind::FrontMatter,
                p.line,
                p.message.clone(),
            ));
        }
        if let Some(due) = rb.review_due() {
            if due < today {
                let reviewed = rb
                    .front_matter()
                    .reviewed
                    .map(|d| d.to_string())
                    .unwrap_or_default();
                problems.push(Problem {
                    due: Some(due),
                    ..problem(
                        path,
                        ProblemKind::Overdue,
                        None,
                        format!("review was due on {due} (last reviewed {reviewed})"),
                    )
                });
            }
        }
        for found in secrets::find(rb.text()) {
            problems.push(Problem {
                secret: Some(found.kind),
                excerpt: Some(found.excerpt.clone()),
                ..problem(
                    path,
                    ProblemKind::Secret,
                    Some(found.line),
                    found.to_string(),
                )
            });
        }
        check_links(vault, path, &rb, &mut problems, &mut fragments);
        anchors.insert(path.clone(), heading_ids(rb.body()));
    }
    for link in fragments {
        let Some(ids) = anchors.get(&link.target) else {
            continue;
        };
        let frag = percent_encoding::percent_decode_str(&link.fragment).decode_utf8_lossy();
        if !ids.contains(&slugify(frag.trim_start_matches(ID_PREFIX))) {
            let message = format!("`{}`: no heading `#{frag}` in {}", link.dest, link.target);
            problems.push(link_problem(
                &link.path,
                ProblemKind::BrokenAnchor,
                Some(link.line),
                &link.dest,
                message,
            ));
        }
    }
    // Each file's problems together, in the order of the listing: its own first, then its
    // links by line.
    let order: HashMap<&str, usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.path.as_str(), i))
        .collect();
    problems.sort_by_key(|p| {
        let is_link = matches!(
            p.kind,
            ProblemKind::BrokenLink | ProblemKind::BrokenImage | ProblemKind::BrokenAnchor
        );
        (
            order.get(p.path.as_str()).copied(),
            is_link,
            is_link.then_some(p.line),
        )
    });
    Ok(Report {
        files: files.len(),
        problems,
    })
}

/// A link to a heading of a runbook that exists, checked once every runbook's headings are known.
struct FragmentLink {
    path: String,
    line: usize,
    dest: String,
    target: String,
    fragment: String,
}

fn problem(path: &str, kind: ProblemKind, line: Option<usize>, message: String) -> Problem {
    Problem {
        path: path.to_string(),
        kind,
        line,
        message,
        target: None,
        due: None,
        secret: None,
        excerpt: None,
    }
}

fn link_problem(
    path: &str,
    kind: ProblemKind,
    line: Option<usize>,
    dest: &str,
    message: String,
) -> Problem {
    Problem {
        target: Some(dest.to_string()),
        ..problem(path, kind, line, message)
    }
}

fn heading_ids(body: &str) -> HashSet<String> {
    let mut ids = HashSet::new();
    let mut slugs = Slugger::default();
    let mut text = String::new();
    let mut in_heading = false;
    for ev in Parser::new(body) {
        match ev {
            Event::Start(Tag::Heading { .. }) => {
                in_heading = true;
                text.clear();
            }
            Event::End(pulldown_cmark::TagEnd::Heading(_)) => {
                in_heading = false;
                ids.insert(slugs.unique(&slugify(&text)));
            }
            Event::Text(t) | Event::Code(t) if in_heading => text.push_str(&t),
            _ => {}
        }
    }
    ids
}

fn check_links(
    vault: &Vault,
    path: &str,
    rb: &Runbook,
    problems: &mut Vec<Problem>,
    fragments: &mut Vec<FragmentLink>,
) {
    let body = rb.body();
    // Lines are counted on from the last link, not from the top for each one.
    let (mut counted, mut line) = (0, rb.text()[..rb.body_offset()].matches('\n').count() + 1);
    let mut line_of = |offset: usize| {
        line += body[counted..offset].matches('\n').count();
        counted = offset;
        line
    };
    for (ev, range) in Parser::new_ext(body, pulldown_cmark::Options::all()).into_offset_iter() {
        let (dest, is_image) = match ev {
            Event::Start(Tag::Link { dest_url, .. }) => (dest_url, false),
            Event::Start(Tag::Image { dest_url, .. }) => (dest_url, true),
            _ => continue,
        };
        let dest = dest.trim();
        // Only paths inside the vault are checked: not URLs of any scheme (http, mailto, and
        // javascript:, which the preview blocks and no file can satisfy).
        if dest.is_empty() || has_scheme(dest) || dest.starts_with("//") {
            continue;
        }
        let (target_part, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest, None),
        };
        let decoded = percent_encoding::percent_decode_str(target_part).decode_utf8_lossy();
        let line = line_of(range.start);
        let target = if target_part.is_empty() {
            path.to_string()
        } else {
            match resolve_relative(path, &decoded) {
                Some(t) => t,
                None => {
                    problems.push(link_problem(
                        path,
                        ProblemKind::BrokenLink,
                        Some(line),
                        dest,
                        format!("`{dest}` points outside the vault"),
                    ));
                    continue;
                }
            }
        };
        if !target_part.is_empty() {
            let exists = vault
                .resolve(&target)
                .map(|(_, abs)| abs.exists())
                .unwrap_or(false);
            if !exists {
                let kind = if is_image {
                    ProblemKind::BrokenImage
                } else {
                    ProblemKind::BrokenLink
                };
                problems.push(link_problem(
                    path,
                    kind,
                    Some(line),
                    dest,
                    format!("`{dest}`: {target} does not exist"),
                ));
                continue;
            }
        }
        if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
            fragments.push(FragmentLink {
                path: path.to_string(),
                line,
                dest: dest.to_string(),
                target,
                fragment: fragment.to_string(),
            });
        }
    }
}
