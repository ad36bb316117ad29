//! Keeps links working when a runbook moves: the relative Markdown links (inline links,
//! images and reference definitions) that point at the old path are re-pointed at the new
//! one, and the moved runbook's own relative links are rewritten for its new folder. Vault
//! paths listed in front matter (`related: [contacts/vendors.md]`) follow too.
//!
//! Only the link destinations change: every other byte of the file stays as it was. URLs,
//! `mailto:` and in-page `#anchors` are never touched; a destination's `#fragment` is kept.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::render::resolve_relative;

/// A runbook moved from `from` to `to` (vault-relative paths).
#[derive(Debug, Clone, Copy)]
pub struct Move<'a> {
    pub from: &'a str,
    pub to: &'a str,
}

/// `text` of the runbook at `path` with its links re-pointed after `moved`, and how many
/// changed; `None` when none did. `path` is where the file is now; for the moved runbook
/// itself that is `moved.to`, and its links are read as they were written, from `moved.from`.
pub fn relink(text: &str, path: &str, moved: Move<'_>) -> Option<(String, usize)> {
    let written_at = if path == moved.to { moved.from } else { path };
    let body_start = crate::runbook::body_offset_of(text);
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for raw in destinations(&text[body_start..]) {
        let range = raw.start + body_start..raw.end + body_start;
        if let Some(new) = repoint(&text[range.clone()], written_at, path, moved) {
            edits.push((range, new));
        }
    }
    front_matter_paths(&text[..body_start], moved, &mut edits);
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for (range, new) in &edits {
        out.push_str(&text[at..range.start]);
        out.push_str(new);
        at = range.end;
    }
    out.push_str(&text[at..]);
    Some((out, edits.len()))
}

/// The new destination for `raw` (as written in a file that was at `written_at` and is now at
/// `path`), or `None` when it stays as it is.
fn repoint(raw: &str, written_at: &str, path: &str, moved: Move<'_>) -> Option<String> {
    if raw.is_empty() || raw.starts_with('#') || raw.contains("://") || raw.starts_with("//") {
        return None;
    }
    if raw.contains(':') && !raw.contains('/') && !raw.ends_with(".md") {
        return None; // mailto:, tel: and other schemes
    }
    let (target, fragment) = match raw.split_once('#') {
        Some((t, f)) => (t, Some(f)),
        None => (raw, None),
    };
    let encoded = target.contains('%');
    let decoded = percent_encoding::percent_decode_str(target)
        .decode_utf8()
        .ok()?;
    let meant = resolve_relative(written_at, &decoded)?;
    let resolved = if meant == moved.from {
        moved.to.to_string()
    } else {
        meant
    };
    if resolve_relative(path, &decoded).as_deref() == Some(resolved.as_str()) {
        return None; // still points where it should
    }
    let new_target = if target.starts_with('/') {
        format!("/{resolved}")
    } else {
        relative_path(path, &resolved)
    };
    let mut new = encode(&new_target, encoded);
    if let Some(f) = fragment {
        new.push('#');
        new.push_str(f);
    }
    (new != raw).then_some(new)
}

/// A link from the runbook `from` to the vault file `target`, as a new link is written:
/// relative to `from`'s folder, with the characters that would break a link escaped.
pub(crate) fn link_to(from: &str, target: &str) -> String {
    encode(&relative_path(from, target), false)
}

/// The path of `target` relative to the folder of `from` (both vault-relative).
fn relative_path(from: &str, target: &str) -> String {
    let from_dir: Vec<&str> = from.split('/').collect::<Vec<_>>();
    let from_dir = &from_dir[..from_dir.len() - 1];
    let target_parts: Vec<&str> = target.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&target_parts)
        .take_while(|(a, b)| a == b)
        .count()
        .min(target_parts.len() - 1);
    let mut parts: Vec<&str> = vec![".."; from_dir.len() - common];
    parts.extend(&target_parts[common..]);
    parts.join("/")
}

/// A path as a link destination: characters that would end or break one are escaped, and
/// everything else too when the original was percent-encoded.
fn encode(path: &str, like_encoded: bool) -> String {
    const BREAKING: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
        .add(b' ')
        .add(b'(')
        .add(b')')
        .add(b'<')
        .add(b'>')
        .add(b'%');
    if like_encoded {
        return percent_encoding::utf8_percent_encode(path, BREAKING).to_string();
    }
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_ascii() {
            out.extend(percent_encoding::utf8_percent_encode(
                c.encode_utf8(&mut [0; 4]),
                BREAKING,
            ));
        } else {
            out.push(c);
        }
    }
    out
}

/// Byte ranges (in `body`) of the destinations of inline links, images and reference
/// definitions, as written.
fn destinations(body: &str) -> Vec<Range<usize>> {
    let events = Parser::new_ext(body, Options::all()).into_offset_iter();
    let mut out: Vec<Range<usize>> = events
        .reference_definitions()
        .iter()
        .filter_map(|(_, def)| definition_destination(body, def.span.clone()))
        .collect();
    for (event, range) in events {
        let dest = match event {
            Event::Start(Tag::Link {
                dest_url,
                link_type,
                ..
            })
            | Event::Start(Tag::Image {
                dest_url,
                link_type,
                ..
            }) if link_type == pulldown_cmark::LinkType::Inline => dest_url,
            _ => continue,
        };
        if let Some(r) = inline_destination(body, range, &dest) {
            out.push(r);
        }
    }
    out.sort_by_key(|r| r.start);
    out.dedup();
    out
}

/// In the source of an inline link (`[text](dest "title")`), the range of `dest`, checked
/// against what the parser read.
fn inline_destination(body: &str, link: Range<usize>, parsed: &str) -> Option<Range<usize>> {
    let source = &body[link.clone()];
    let mut search_end = source.len();
    while let Some(open) = source[..search_end].rfind("](") {
        if let Some(r) = destination_at(source, open + 2) {
            if unescape(&source[r.clone()]) == parsed {
                return Some(link.start + r.start..link.start + r.end);
            }
        }
        search_end = open;
    }
    None
}

/// In the source of a reference definition (`[label]: dest "title"`), the range of `dest`.
fn definition_destination(body: &str, span: Range<usize>) -> Option<Range<usize>> {
    let source = body.get(span.clone())?;
    let colon = source.find("]:")?;
    destination_at(source, colon + 2).map(|r| span.start + r.start..span.start + r.end)
}

/// The destination starting at `from` in `source` (after spaces; inside `<...>` or up to the
/// next space or closing parenthesis).
fn destination_at(source: &str, from: usize) -> Option<Range<usize>> {
    let rest = &source[from..];
    let skipped = rest.len() - rest.trim_start().len();
    let start = from + skipped;
    let rest = &source[start..];
    if let Some(inner) = rest.strip_prefix('<') {
        let end = inner.find('>')?;
        return Some(start + 1..start + 1 + end);
    }
    let mut depth = 0usize;
    let mut escaped = false;
    for (i, c) in rest.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '(' => depth += 1,
            ')' if depth == 0 => return Some(start..start + i),
            ')' => depth -= 1,
            c if c.is_whitespace() => return Some(start..start + i),
            _ => {}
        }
    }
    Some(start..start + rest.len())
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            continue;
        }
        out.push(c);
    }
    out
}

/// Mentions of `moved.from` as a whole value in the front matter (a list item or a scalar).
fn front_matter_paths(head: &str, moved: Move<'_>, edits: &mut Vec<(Range<usize>, String)>) {
    let is_edge = |c: Option<char>| {
        c.is_none_or(|c| c.is_whitespace() || matches!(c, '[' | ']' | ',' | '\'' | '"' | ':'))
    };
    let mut at = 0;
    while let Some(found) = head[at..].find(moved.from) {
        let start = at + found;
        let end = start + moved.from.len();
        let before = head[..start].chars().next_back();
        let after = head[end..].chars().next();
        if is_edge(before) && is_edge(after) && before != Some(':') {
            edits.push((start..end, moved.to.to_string()));
        }
        at = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOVE: Move<'static> = Move {
        from: "printers/mfp.md",
        to: "office/devices/mfp.md",
    };

    #[test]
    fn links_to_the_moved_runbook_follow_it() {
        let text = "# 印刷\n\n[紙詰まり](mfp.md#手順) と [同じ](./mfp.md) と ![図](../attachments/a.png)\n\n[ref]: mfp.md \"題\"\n[他]: cannot-print.md\n\n詳しくは [紙詰まり][ref]。\n";
        let (out, n) = relink(text, "printers/cannot-print.md", MOVE).expect("changed");
        assert_eq!(n, 3);
        assert_eq!(
            out,
            "# 印刷\n\n[紙詰まり](../office/devices/mfp.md#手順) と [同じ](../office/devices/mfp.md) と ![図](../attachments/a.png)\n\n[ref]: ../office/devices/mfp.md \"題\"\n[他]: cannot-print.md\n\n詳しくは [紙詰まり][ref]。\n"
        );
        let (out, _) = relink(
            "[x](printers/mfp.md) [y](/printers/mfp.md)",
            "start.md",
            MOVE,
        )
        .expect("changed");
        assert_eq!(
            out,
            "[x](office/devices/mfp.md) [y](/office/devices/mfp.md)"
        );
    }

    #[test]
    fn the_moved_runbook_keeps_its_own_links_working() {
        let text = "---\ntitle: 紙詰まり\nrelated: [printers/cannot-print.md]\n---\n[印刷できない](cannot-print.md) [連絡先](../contacts/vendors.md) [自分](#手順) [上](mfp.md#top) <https://example.com/x.md>\n";
        let (out, n) = relink(text, MOVE.to, MOVE).expect("changed");
        assert_eq!(n, 2);
        assert_eq!(
            out,
            "---\ntitle: 紙詰まり\nrelated: [printers/cannot-print.md]\n---\n[印刷できない](../../printers/cannot-print.md) [連絡先](../../contacts/vendors.md) [自分](#手順) [上](mfp.md#top) <https://example.com/x.md>\n"
        );
    }

    #[test]
    fn front_matter_paths_and_encoded_links() {
        let text = "---\nrelated: [printers/mfp.md, printers/mfp.md.bak, old/printers/mfp.md]\nsee:\n  - printers/mfp.md\n---\n[a](mfp%20old.md) [b](mfp.md) [c](<mfp.md>)\n";
        let (out, n) = relink(text, "printers/x.md", MOVE).expect("changed");
        assert_eq!(n, 4);
        assert_eq!(
            out,
            "---\nrelated: [office/devices/mfp.md, printers/mfp.md.bak, old/printers/mfp.md]\nsee:\n  - office/devices/mfp.md\n---\n[a](mfp%20old.md) [b](../office/devices/mfp.md) [c](<../office/devices/mfp.md>)\n"
        );
        let spaced = Move {
            from: "a/b.md",
            to: "c/新しい 手順.md",
        };
        let (out, _) = relink("[x](b.md) [y](b%2Emd)", "a/z.md", spaced).expect("changed");
        assert_eq!(
            out,
            "[x](../c/新しい%20手順.md) [y](../c/%E6%96%B0%E3%81%97%E3%81%84%20%E6%89%8B%E9%A0%86.md)"
        );
    }

    #[test]
    fn nothing_else_changes() {
        for text in [
            "no links at all",
            "[web](https://example.com/printers/mfp.md) [mail](mailto:a@b.c) [here](#x)",
            "`[code](mfp.md)`\n\n    [indented](mfp.md)\n",
            "[other](cannot-print.md) [broken](../../../../x.md)",
        ] {
            assert_eq!(relink(text, "printers/x.md", MOVE), None, "{text}");
        }
    }

    #[test]
    fn relative_paths() {
        assert_eq!(relative_path("a/b.md", "a/c.md"), "c.md");
        assert_eq!(relative_path("a/b.md", "c.md"), "../c.md");
        assert_eq!(relative_path("top.md", "a/b/c.md"), "a/b/c.md");
        assert_eq!(relative_path("a/b/c.md", "a/d/e.md"), "../d/e.md");
        assert_eq!(relative_path("a/a.md", "a.md"), "../a.md");
    }
}
