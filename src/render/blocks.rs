//! The top-level nodes of the sanitizer's output, one string each, so that the app can compare a
//! re-render with what its preview shows block by block and hand only the changed blocks to the
//! page's HTML parser (parsing the whole preview of a 1 MB runbook again took the page 100–150 ms
//! after every pause in typing). The HTML is sanitized as one document first and split after,
//! so the split changes nothing about what is shown: raw HTML spanning Markdown blocks (a
//! `<details>` around a list) renders as before.
//!
//! The input is html5ever's serialization (ammonia's output), which this relies on: every `<`
//! outside an attribute value starts a tag (text escapes it as `&lt;`), attribute values are in
//! double quotes with `"` escaped as `&quot;`, void elements have no end tag, and no element
//! whose content is raw text (`<script>`, `<style>`, `<textarea>`) survives the allowlist.

/// Elements without an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Splits `html` into its top-level nodes: each element with everything inside it, and each run
/// of text between elements. Joined they are `html` again, byte for byte.
pub fn top_level(html: &str) -> Vec<&str> {
    let bytes = html.as_bytes();
    let mut blocks = Vec::new();
    let mut start = 0;
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        if depth == 0 && i > start {
            blocks.push(&html[start..i]);
            start = i;
        }
        let end = tag_end(html, i);
        let tag = &html[i..end];
        if tag.starts_with("</") {
            depth = depth.saturating_sub(1);
        } else if !tag.starts_with("<!") && !VOID.contains(&tag_name(tag)) {
            depth += 1;
        }
        i = end;
        if depth == 0 {
            blocks.push(&html[start..i]);
            start = i;
        }
    }
    if start < bytes.len() {
        blocks.push(&html[start..]);
    }
    blocks
}

/// The index just past the tag starting at `start` (a `>` outside double quotes, or the end of
/// a comment), or the end of the input.
fn tag_end(html: &str, start: usize) -> usize {
    if html[start..].starts_with("<!--") {
        return html[start + 4..]
            .find("-->")
            .map_or(html.len(), |i| start + 4 + i + 3);
    }
    let mut quoted = false;
    for (i, &b) in html.as_bytes().iter().enumerate().skip(start + 1) {
        match b {
            b'"' => quoted = !quoted,
            b'>' if !quoted => return i + 1,
            _ => {}
        }
    }
    html.len()
}

/// The element name of a start tag (`<h2 id="x">` → `h2`).
fn tag_name(tag: &str) -> &str {
    let rest = &tag[1..];
    let end = rest
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .unwrap_or(rest.len());
    &rest[..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{render, RelativeImages};

    #[test]
    fn splits_elements_and_the_text_between_them() {
        let html = "<h2 id=\"hk-a\">手順</h2>\n<p>a<br>b <code>x</code></p>\n<hr>\n<ul>\n<li><ul><li>in</li></ul></li>\n</ul>tail";
        assert_eq!(
            top_level(html),
            [
                "<h2 id=\"hk-a\">手順</h2>",
                "\n",
                "<p>a<br>b <code>x</code></p>",
                "\n",
                "<hr>",
                "\n",
                "<ul>\n<li><ul><li>in</li></ul></li>\n</ul>",
                "tail",
            ]
        );
        assert!(top_level("").is_empty());
        assert_eq!(
            top_level("<!-- a > b --><p>x</p>"),
            ["<!-- a > b -->", "<p>x</p>"]
        );
    }

    #[test]
    fn angle_brackets_in_attribute_values_do_not_end_a_tag() {
        let html = "<p><a title=\"a > b <p>\" href=\"x\">l</a></p><p>2</p>";
        assert_eq!(
            top_level(html),
            ["<p><a title=\"a > b <p>\" href=\"x\">l</a></p>", "<p>2</p>"]
        );
    }

    /// Every piece of a rendered runbook is whole: joined they are the rendering, and each one
    /// starts and ends at the top level on its own.
    #[test]
    fn a_rendered_runbook_splits_into_whole_blocks() {
        let md = "---\ntitle: t\n---\n# 題\n\n<details><summary>詳細</summary>\n\n- a\n- b\n\n</details>\n\n| a | b |\n|---|--:|\n| `x|y` | <b title=\"1 > 0\">2</b> |\n\n```sh\necho '<p>' \"&\"\n```\n\n> 引用\n>\n> 2 行目\n\n注[^1]\n\n[^1]: 脚注\n\n![img](attachments/a.png)\n\n<script>alert(1)</script><img src=x onerror=alert(1)>\n";
        let html = render(md, "a/b.md", &RelativeImages);
        let blocks = top_level(&html);
        assert_eq!(blocks.concat(), html);
        assert!(blocks.len() > 8, "{blocks:#?}");
        for block in &blocks {
            assert_eq!(top_level(block), [*block], "{html}");
        }
        assert!(blocks
            .iter()
            .any(|b| b.starts_with("<details>") && b.contains("<li>b</li>")));
    }
}
