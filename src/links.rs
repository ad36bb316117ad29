//! The runbooks a runbook links to: its relative Markdown links (inline and reference) and
//! the vault paths in its front matter (`related: [contacts/vendors.md]`), resolved to
//! vault-relative paths. The search index keeps them, so "what links here" is one lookup even
//! in a large vault.
//!
//! Only links to `.md` files count; URLs, `mailto:`, images and in-page `#anchors` do not, and
//! a link to the runbook itself is left out.

use pulldown_cmark::{Event, Options, Parser, Tag};
use serde_yaml_ng::Value;

use crate::render::resolve_relative;
use crate::runbook::Runbook;

/// The vault-relative paths of the runbooks `rb` (at `path`) links to, sorted, each once.
pub fn outgoing(path: &str, rb: &Runbook) -> Vec<String> {
    let mut out = Vec::new();
    let body = rb.body();
    // Skip the parse when no link can be there (a reference link needs its `[label]:`).
    if body.contains("](") || body.contains("]:") {
        let parser = Parser::new_ext(body, Options::all());
        // Reference definitions count even when unused: a rename re-points them too.
        let defined: Vec<String> = parser
            .reference_definitions()
            .iter()
            .filter_map(|(_, def)| link_target(path, &def.dest))
            .collect();
        out.extend(defined);
        for event in parser {
            if let Event::Start(Tag::Link { dest_url, .. }) = event {
                if let Some(target) = link_target(path, &dest_url) {
                    out.push(target);
                }
            }
        }
    }
    if let Some(yaml) = rb.yaml().filter(|y| y.contains(".md")) {
        if let Ok(value) = serde_yaml_ng::from_str::<Value>(yaml) {
            front_matter_paths(&value, &mut out);
        }
    }
    out.retain(|t| t != path);
    out.sort();
    out.dedup();
    out
}

/// The vault paths of the other files `rb` (at `path`) shows or links to: relative images and
/// links to anything that is not a runbook (`attachments/manual.pdf`). An export copies them.
pub fn files_used(path: &str, rb: &Runbook) -> Vec<String> {
    let mut out = Vec::new();
    for event in Parser::new_ext(rb.body(), Options::all()) {
        let dest = match event {
            Event::Start(Tag::Image { dest_url, .. })
            | Event::Start(Tag::Link { dest_url, .. }) => dest_url,
            _ => continue,
        };
        let dest = dest.trim();
        if dest.starts_with('#') || dest.contains(':') || dest.starts_with("//") {
            continue;
        }
        let target = dest.split_once('#').map_or(dest, |(t, _)| t);
        let Ok(decoded) = percent_encoding::percent_decode_str(target).decode_utf8() else {
            continue;
        };
        if !decoded.is_empty() && !is_runbook_path(&decoded) {
            out.extend(resolve_relative(path, &decoded));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The runbook a link destination points at, as a vault path.
fn link_target(path: &str, dest: &str) -> Option<String> {
    let dest = dest.trim();
    if dest.starts_with('#') || dest.contains("://") || dest.starts_with("//") {
        return None;
    }
    let target = dest.split_once('#').map_or(dest, |(t, _)| t);
    if target.contains(':') && !target.contains('/') {
        return None; // mailto:, tel: and other schemes
    }
    let decoded = percent_encoding::percent_decode_str(target)
        .decode_utf8()
        .ok()?;
    is_runbook_path(&decoded)
        .then(|| resolve_relative(path, &decoded))
        .flatten()
}

/// Every string value of the front matter that names a runbook by its vault path.
fn front_matter_paths(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => {
            let s = s.trim();
            if is_runbook_path(s) && !s.contains("://") {
                if let Some(p) = resolve_relative("", s) {
                    out.push(p);
                }
            }
        }
        Value::Sequence(items) => items.iter().for_each(|v| front_matter_paths(v, out)),
        Value::Mapping(map) => map.values().for_each(|v| front_matter_paths(v, out)),
        Value::Tagged(tagged) => front_matter_paths(&tagged.value, out),
        _ => {}
    }
}

fn is_runbook_path(s: &str) -> bool {
    s.len() > 3 && s.to_ascii_lowercase().ends_with(".md") && !s.contains('\n')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(path: &str, text: &str) -> Vec<String> {
        outgoing(path, &Runbook::parse(text.to_string()))
    }

    #[test]
    fn relative_reference_and_front_matter_links() {
        let text = "---\ntitle: 紙詰まり\nrelated: [contacts/vendors.md, 'https://example.com/a.md']\nsee:\n  first: printers/scan.md\n---\n\
            [印刷できない](cannot-print.md#手順) [上](../start-here.md) [同じ](./cannot-print.md)\n\
            [参照][r] [自分](mfp.md) [web](https://example.com/x.md) [mail](mailto:a@b.c) [ここ](#x)\n\
            ![図](../attachments/a.png) [画像へ](../attachments/a.png) [空白](新しい%20手順.md)\n\n\
            [r]: ../servers/nas.md \"題\"\n[unused]: ../unused.md\n\n`[code](code.md)`\n";
        assert_eq!(
            links("printers/mfp.md", text),
            [
                "contacts/vendors.md",
                "printers/cannot-print.md",
                "printers/scan.md",
                "printers/新しい 手順.md",
                "servers/nas.md",
                "start-here.md",
                "unused.md",
            ]
        );
    }

    #[test]
    fn images_and_other_files_used() {
        let text = "![図](../attachments/a.png) [PDF](../attachments/手順%20書.pdf#p2) [r](b.md) ![web](https://x/y.png) [m](mailto:a@b) ![上](../../x.png)\n";
        assert_eq!(
            files_used("printers/mfp.md", &Runbook::parse(text.to_string())),
            ["attachments/a.png", "attachments/手順 書.pdf"]
        );
    }

    #[test]
    fn nothing_outside_the_vault_or_unparseable() {
        assert!(links("a.md", "[up](../../x.md) [b](<>)").is_empty());
        assert!(
            links("a.md", "---\nrelated: [b.md\n---\n[c](c.md)\n").contains(&"c.md".to_string())
        );
        assert!(links("a.md", "no links here").is_empty());
    }
}
