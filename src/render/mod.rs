//! Markdown to sanitized HTML: pulldown-cmark (tables, task lists, strikethrough, footnotes)
//! with heading ids, internal links and attachment images rewritten for the app, and the
//! result cleaned by ammonia with an allowlist.
//!
//! The sanitizer is the security boundary: whatever the Markdown contains (raw HTML, event
//! handlers, `javascript:` links, SVG, iframes, forms, styles), only allowlisted tags,
//! attributes and URL schemes survive. The frontend inserts nothing but this output.
//! This module reads image files only through [`ImageSource`], which the caller provides.

mod blocks;

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

/// Prefix ammonia puts before every `id` (headings, footnotes), so rendered ids can never
/// clobber the app's own element ids or globals.
pub const ID_PREFIX: &str = "hk-";

/// How images in `attachments/` (any relative image) are given to the page.
pub trait ImageSource {
    /// The bytes of the vault-relative image `path`, or `None` to leave the relative URL.
    fn load(&self, path: &str) -> Option<Vec<u8>>;
}

/// Leaves relative image URLs as they are (CLI output, export next to the files).
pub struct RelativeImages;

impl ImageSource for RelativeImages {
    fn load(&self, _path: &str) -> Option<Vec<u8>> {
        None
    }
}

/// Largest image inlined as a `data:` URL.
pub const MAX_INLINE_IMAGE_BYTES: usize = 8 * 1024 * 1024;

/// Renders `markdown` (a runbook body, or a whole file: front matter is skipped) of the
/// runbook at vault-relative `doc_path` to sanitized HTML.
pub fn render(markdown: &str, doc_path: &str, images: &dyn ImageSource) -> String {
    render_with(markdown, doc_path, images, Links::App)
}

/// Where internal links lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// As written, marked with `data-hk-path` / `data-hk-fragment` for the app to follow.
    App,
    /// To the `.html` page of the runbook and its `#hk-` heading id: an exported vault,
    /// read in a browser.
    StaticHtml,
}

/// [`render`] with internal links in the given style.
pub fn render_with(
    markdown: &str,
    doc_path: &str,
    images: &dyn ImageSource,
    links: Links,
) -> String {
    let body = crate::runbook::Runbook::parse(markdown.to_string());
    let raw = to_html(body.body(), doc_path, images, links);
    sanitize(&raw)
}

/// [`render`] split into its top-level blocks (see [`blocks`]): the app's preview compares them
/// with what it shows and parses only the blocks that changed.
pub fn render_blocks(markdown: &str, doc_path: &str, images: &dyn ImageSource) -> Vec<String> {
    blocks::top_level(&render(markdown, doc_path, images))
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// GitHub's Markdown: tables, task lists, strikethrough, footnotes and its alerts
/// (`> [!WARNING]`, rendered as `<blockquote class="markdown-alert-warning">`; the style sheets
/// give them their colour and title).
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_GFM
}

/// The unsanitized HTML, with our rewrites applied.
fn to_html(markdown: &str, doc_path: &str, images: &dyn ImageSource, links: Links) -> String {
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, options()).collect();
    let mut slugs = Slugger::default();
    let mut out_events: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut i = 0;
    let mut link_stack: Vec<bool> = Vec::new();
    let mut footnotes: HashMap<String, usize> = HashMap::new();
    let mut tasks = 0usize;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                // Collect the heading's text to make its id.
                let mut text = String::new();
                let mut j = i + 1;
                while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                    if let Event::Text(t) | Event::Code(t) = &events[j] {
                        text.push_str(t);
                    }
                    j += 1;
                }
                let slug = match id {
                    Some(explicit) => slugs.unique(explicit),
                    None => slugs.unique(&slugify(&text)),
                };
                out_events.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(slug)),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
            }
            Event::Start(Tag::Link {
                dest_url, title, ..
            }) => {
                let html = link_open(dest_url, title, doc_path, links);
                link_stack.push(html.is_some());
                match html {
                    Some(h) => out_events.push(Event::InlineHtml(CowStr::from(h))),
                    None => out_events.push(events[i].clone()),
                }
            }
            Event::End(TagEnd::Link) => {
                if link_stack.pop() == Some(true) {
                    out_events.push(Event::InlineHtml(CowStr::from("</a>")));
                } else {
                    out_events.push(events[i].clone());
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let url = image_url(dest_url, doc_path, images);
                out_events.push(Event::Start(Tag::Image {
                    link_type: *link_type,
                    dest_url: CowStr::from(url),
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
            // Task list boxes as text: no <input> element may reach the page. In the app each
            // box carries its place among the runbook's boxes, which a click in the preview
            // ticks in the text.
            Event::TaskListMarker(done) => {
                let mark = if *done { "☑" } else { "☐" };
                out_events.push(match links {
                    Links::App => Event::InlineHtml(CowStr::from(format!(
                        "<span class=\"task-box\" data-hk-task=\"{tasks}\">{mark}</span> "
                    ))),
                    Links::StaticHtml => Event::Text(CowStr::from(format!("{mark} "))),
                });
                tasks += 1;
            }
            Event::FootnoteReference(name) => {
                let next = footnotes.len() + 1;
                let number = *footnotes.entry(name.to_string()).or_insert(next);
                let id = escape_attr(&format!("{ID_PREFIX}{name}"));
                out_events.push(Event::InlineHtml(CowStr::from(format!(
                    "<sup class=\"footnote-reference\"><a href=\"#{id}\" data-hk-fragment=\"{id}\">{number}</a></sup>"
                ))));
            }
            other => out_events.push(other.clone()),
        }
        i += 1;
    }
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out_events.into_iter());
    html
}

/// For a relative link to a Markdown file or a `#fragment`, the opening `<a>` with
/// `data-hk-path` / `data-hk-fragment`; `None` leaves the link to pulldown-cmark.
fn link_open(dest: &str, title: &str, doc_path: &str, links: Links) -> Option<String> {
    let dest = dest.trim();
    if has_scheme(dest) || dest.starts_with("//") {
        return None;
    }
    let (path_part, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    let id = fragment
        .filter(|f| !f.is_empty())
        .map(|f| format!("{ID_PREFIX}{}", slugify(&percent_decode(f))));
    let href = match links {
        Links::App => dest.to_string(),
        Links::StaticHtml => {
            // `name.md` as written (relative, perhaps percent-encoded) becomes `name.html`.
            let page = path_part
                .rsplit_once('.')
                .map_or(path_part.to_string(), |(stem, _)| format!("{stem}.html"));
            let page = if path_part.is_empty() {
                String::new()
            } else {
                page
            };
            match &id {
                Some(id) => format!("{page}#{id}"),
                None => page,
            }
        }
    };
    let mut attrs = format!("href=\"{}\"", escape_attr(&href));
    if !path_part.is_empty() {
        let decoded = percent_decode(path_part);
        let target = resolve_relative(doc_path, &decoded)?;
        if !crate::vault::is_markdown(&target) {
            return None;
        }
        attrs.push_str(&format!(" data-hk-path=\"{}\"", escape_attr(&target)));
    }
    if let Some(id) = &id {
        attrs.push_str(&format!(" data-hk-fragment=\"{}\"", escape_attr(id)));
    }
    if !title.is_empty() {
        attrs.push_str(&format!(" title=\"{}\"", escape_attr(title)));
    }
    Some(format!("<a {attrs}>"))
}

fn image_url(dest: &str, doc_path: &str, images: &dyn ImageSource) -> String {
    let dest_trim = dest.trim();
    if has_scheme(dest_trim) || dest_trim.starts_with("//") {
        return dest.to_string();
    }
    let Some(target) = resolve_relative(doc_path, &percent_decode(dest_trim)) else {
        return dest.to_string();
    };
    let Some(mime) = raster_mime(&target) else {
        return dest.to_string();
    };
    match images.load(&target) {
        Some(bytes) if bytes.len() <= MAX_INLINE_IMAGE_BYTES => {
            format!("data:{mime};base64,{}", BASE64.encode(&bytes))
        }
        _ => dest.to_string(),
    }
}

/// Raster image types allowed as `data:` URLs. SVG is not: it can carry script.
fn raster_mime(path: &str) -> Option<&'static str> {
    let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        _ => return None,
    })
}

/// Whether `url` starts with a URL scheme (`https:`, `mailto:`, `javascript:`, also spelt with
/// spaces or control characters inside): never a path in the vault.
pub(crate) fn has_scheme(url: &str) -> bool {
    match url.find(':') {
        Some(pos) => {
            let scheme = &url[..pos];
            !scheme.is_empty()
                && !scheme.contains('/')
                && scheme.chars().all(|c| {
                    c.is_ascii_alphanumeric()
                        || "+-.".contains(c)
                        || c.is_whitespace()
                        || c.is_control()
                })
        }
        None => false,
    }
}

/// Resolves `target` (relative to the folder of `doc_path`, or vault-absolute with a leading
/// `/`) to a vault-relative path. `None` when it climbs above the vault root.
pub fn resolve_relative(doc_path: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        let mut p: Vec<&str> = doc_path.split('/').collect();
        p.pop();
        p
    };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

pub(crate) fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_escaped(&mut out, c);
    }
    out
}

/// Appends `c` escaped for HTML text or a quoted attribute value.
pub(crate) fn push_escaped(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '"' => out.push_str("&quot;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '\'' => out.push_str("&#39;"),
        c => out.push(c),
    }
}

/// GitHub-style heading slug that keeps Japanese: lowercase, spaces to `-`, punctuation
/// dropped.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "section".to_string()
    } else {
        out
    }
}

/// Makes heading slugs unique within a document the way they are rendered (`x`, `x-1`, ...).
#[derive(Default)]
pub struct Slugger {
    seen: HashMap<String, usize>,
}

impl Slugger {
    pub fn unique(&mut self, slug: &str) -> String {
        let n = self.seen.entry(slug.to_string()).or_insert(0);
        *n += 1;
        if *n == 1 {
            slug.to_string()
        } else {
            format!("{slug}-{}", *n - 1)
        }
    }
}

/// GitHub's alert kinds and their classes in the rendered HTML (pulldown-cmark's names).
pub const ALERTS: [(&str, &str); 5] = [
    ("note", "markdown-alert-note"),
    ("tip", "markdown-alert-tip"),
    ("important", "markdown-alert-important"),
    ("warning", "markdown-alert-warning"),
    ("caution", "markdown-alert-caution"),
];

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.add_tags([
        "del",
        "s",
        "sup",
        "sub",
        "section",
        "mark",
        "details",
        "summary",
        "figure",
        "figcaption",
    ]);
    b.add_tag_attributes("a", ["data-hk-path", "data-hk-fragment"]);
    b.add_tag_attributes("span", ["data-hk-task"]);
    for h in [
        "h1", "h2", "h3", "h4", "h5", "h6", "div", "sup", "li", "section",
    ] {
        b.add_tag_attributes(h, ["id"]);
    }
    b.add_tag_attributes("th", ["style"]);
    b.add_tag_attributes("td", ["style"]);
    b.id_prefix(Some(ID_PREFIX));
    b.allowed_classes(HashMap::from([
        ("div", HashSet::from(["footnote-definition"])),
        (
            "sup",
            HashSet::from(["footnote-reference", "footnote-definition-label"]),
        ),
        ("code", code_classes()),
        ("ul", HashSet::from(["contains-task-list"])),
        ("li", HashSet::from(["task-list-item"])),
        ("span", HashSet::from(["task-box"])),
        ("blockquote", HashSet::from(ALERTS.map(|(_, class)| class))),
    ]));
    b.url_schemes(HashSet::from(["http", "https", "mailto", "data"]));
    b.url_relative(ammonia::UrlRelative::PassThrough);
    b.link_rel(Some("noopener noreferrer"));
    b.attribute_filter(|element, attribute, value| {
        let lower = value.trim().to_ascii_lowercase();
        match (element, attribute) {
            // Only tables' alignment survives as style.
            ("th" | "td", "style") => [
                "text-align: left",
                "text-align: center",
                "text-align: right",
            ]
            .contains(&lower.as_str())
            .then(|| value.into()),
            ("img", "src") if lower.starts_with("data:") => {
                let raster = [
                    "data:image/png;",
                    "data:image/jpeg;",
                    "data:image/gif;",
                    "data:image/webp;",
                ];
                raster
                    .iter()
                    .any(|p| lower.starts_with(p))
                    .then(|| value.into())
            }
            (_, _) if lower.starts_with("data:") => None,
            ("span", "data-hk-task") => (!lower.is_empty()
                && lower.bytes().all(|c| c.is_ascii_digit()))
            .then(|| value.into()),
            _ => Some(value.into()),
        }
    });
    b
});

fn code_classes() -> HashSet<&'static str> {
    static LANGS: &[&str] = &[
        "language-bash",
        "language-sh",
        "language-shell",
        "language-console",
        "language-powershell",
        "language-ps1",
        "language-bat",
        "language-cmd",
        "language-text",
        "language-json",
        "language-yaml",
        "language-toml",
        "language-ini",
        "language-sql",
        "language-python",
        "language-rust",
        "language-js",
        "language-javascript",
        "language-ts",
        "language-typescript",
        "language-html",
        "language-xml",
        "language-css",
        "language-diff",
        "language-markdown",
        "language-md",
        "language-conf",
        "language-nginx",
        "language-apache",
        "language-dockerfile",
    ];
    LANGS.iter().copied().collect()
}

/// Cleans arbitrary HTML with the runbook allowlist.
pub fn sanitize(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(md: &str) -> String {
        render(md, "network/vpn.md", &RelativeImages)
    }

    #[test]
    fn headings_get_prefixed_unique_ids() {
        let html = r("## 手順\n## 手順\n## Step 1: Reboot!\n");
        assert!(html.contains("<h2 id=\"hk-手順\">"), "{html}");
        assert!(html.contains("<h2 id=\"hk-手順-1\">"), "{html}");
        assert!(html.contains("<h2 id=\"hk-step-1-reboot\">"), "{html}");
    }

    #[test]
    fn internal_links_are_marked() {
        let html =
            r("[a](../accounts/reset.md#手順) [b](#概要) [c](https://example.com) [d](other.md)");
        assert!(
            html.contains("data-hk-path=\"accounts/reset.md\""),
            "{html}"
        );
        assert!(html.contains("data-hk-fragment=\"hk-手順\""), "{html}");
        assert!(html.contains("data-hk-fragment=\"hk-概要\""), "{html}");
        assert!(html.contains("data-hk-path=\"network/other.md\""), "{html}");
        assert!(html.contains("href=\"https://example.com\""), "{html}");
    }

    #[test]
    fn github_alerts_keep_their_kind_and_nothing_else() {
        let html = r("> [!WARNING]\n> 本番で実行する前に **スナップショット** を取る\n\n> [!tip]\n> 小文字でもよい\n\n> [!WARNING] 題名つき\n> は GitHub と同じく普通の引用\n\n<blockquote class=\"markdown-alert-note evil\" style=\"x\">手書き</blockquote>\n");
        assert!(
            html.contains("<blockquote class=\"markdown-alert-warning\">\n<p>本番で実行する前に <strong>スナップショット</strong> を取る</p>"),
            "{html}"
        );
        assert!(
            html.contains("<blockquote class=\"markdown-alert-tip\">"),
            "{html}"
        );
        assert!(html.contains("<p>[!WARNING] 題名つき"), "{html}");
        // Written as HTML, only the allowed class survives.
        assert!(
            html.contains("<blockquote class=\"markdown-alert-note\">手書き"),
            "{html}"
        );
        assert!(!html.contains("evil") && !html.contains("style"), "{html}");
    }

    #[test]
    fn dangerous_links_are_removed() {
        let html = r("[x](javascript:alert(1)) <a href=\"JaVaScRiPt:alert(1)\">y</a> [z](data:text/html,<script>)");
        assert!(!html.to_ascii_lowercase().contains("javascript"), "{html}");
        assert!(!html.contains("data:text"), "{html}");
    }

    #[test]
    fn task_lists_tables_footnotes() {
        let html = r(
            "- [x] done\n- [ ] todo\n\n|a|b|\n|:-|-:|\n|1|2|\n\n注[^1]\n\n[^1]: 脚注\n\n~~old~~",
        );
        assert!(
            html.contains(r#"<span class="task-box" data-hk-task="0">☑</span> done"#)
                && html.contains(r#"<span class="task-box" data-hk-task="1">☐</span> todo"#),
            "{html}"
        );
        // Exported pages have no app to tick them: the boxes are text.
        let page = render_with(
            "- [x] done\n- [ ] todo\n",
            "a.md",
            &RelativeImages,
            Links::StaticHtml,
        );
        assert!(page.contains("☑ done") && page.contains("☐ todo"), "{page}");
        // A box written as HTML in the text keeps no number that is not a number.
        for forged in [r#"data-hk-task="1 onclick=x""#, r#"data-hk-task="""#] {
            let html = r(&format!(r#"<span class="task-box" {forged}>☐</span>"#));
            assert!(!html.contains("data-hk-task"), "{html}");
        }
        assert!(!html.contains("<input"), "{html}");
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("footnote-reference"), "{html}");
        assert!(html.contains("<del>old</del>"), "{html}");
    }

    #[test]
    fn resolve_relative_paths() {
        assert_eq!(
            resolve_relative("a/b.md", "../c.md").as_deref(),
            Some("c.md")
        );
        assert_eq!(
            resolve_relative("a/b.md", "./x/y.md").as_deref(),
            Some("a/x/y.md")
        );
        assert_eq!(
            resolve_relative("a/b.md", "/top.md").as_deref(),
            Some("top.md")
        );
        assert_eq!(resolve_relative("b.md", "../../etc/passwd"), None);
    }
}
