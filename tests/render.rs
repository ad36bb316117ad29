//! Rendering: a snapshot of the HTML for a realistic runbook, and a fixture of known XSS
//! payloads of which nothing dangerous may survive.

mod common;

use hikitsugi::render::{render, ImageSource, RelativeImages};

const RUNBOOK: &str = r#"---
title: 複合機の紙詰まり対応
system: 複合機
---
# 複合機の紙詰まり対応

## 手順
1. 電源を**切らずに**前面カバーを開ける
2. 図の位置を確認する ![詰まり位置](../attachments/jam.png "位置")
3. [トナー交換](toner.md#手順) も参照

| 表示 | 意味 |
|:---|---:|
| J-1 | 給紙部 |

- [x] 紙を取り除いた
- [ ] テスト印刷[^1]

~~古い手順~~ <kbd>Ctrl</kbd>

```powershell
Get-Printer -Name "MFP-2F"
```

[^1]: 2 階の複合機のみ。

[外部](https://example.com/manual?a=1&b=2) [メール](mailto:it@example.invalid) [目次](#手順)
"#;

#[test]
fn rich_runbook_snapshot() {
    insta::assert_snapshot!(render(RUNBOOK, "printers/jam.md", &RelativeImages));
}

struct OnePixel;
impl ImageSource for OnePixel {
    fn load(&self, path: &str) -> Option<Vec<u8>> {
        (path == "attachments/jam.png").then(|| b"\x89PNG fake".to_vec())
    }
}

#[test]
fn attachment_images_become_data_urls_for_the_app() {
    let html = render(RUNBOOK, "printers/jam.md", &OnePixel);
    assert!(
        html.contains("src=\"data:image/png;base64,iVBORyBmYWtl\""),
        "{html}"
    );
}

/// Lower-cased output must contain none of these.
const FORBIDDEN: &[&str] = &[
    "<script",
    "</script",
    "<iframe",
    "<object",
    "<embed",
    "<form",
    "<input",
    "<textarea",
    "<select",
    "<button",
    "<svg",
    "<math",
    "<style",
    "<link",
    "<meta",
    "<base",
    "<body",
    "<video",
    "<source",
    "<marquee",
    "<template",
    "<noscript",
    "javascript:",
    "vbscript:",
    "data:text",
    "data:image/svg",
    "expression(",
    "formaction",
    "srcdoc",
    "onerror",
    "onload",
    "onclick",
    "onfocus",
    "ontoggle",
    "onbegin",
    "onstart",
    "style=\"background",
    "style=\"width",
];

#[test]
fn xss_payloads_do_not_survive() {
    let md = std::fs::read_to_string(common::project_root().join("tests/fixtures/xss.md"))
        .expect("fixture");
    let payloads = md
        .lines()
        .filter(|l| {
            l.contains("alert(")
                || l.contains("msgbox(")
                || l.contains("clobber")
                || l.contains("attributes")
        })
        .count();
    assert!(payloads >= 30, "fixture has {payloads} payloads");
    let html = render(&md, "xss.md", &RelativeImages).to_lowercase();
    for bad in FORBIDDEN {
        assert!(!html.contains(bad), "`{bad}` survived in:\n{html}");
    }
    // Any attribute starting with "on", whatever its name, is gone.
    for (i, _) in html.match_indices(" on") {
        let name: String = html[i + 3..]
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        assert!(
            !html[i + 3 + name.len()..].starts_with('='),
            "event handler `on{name}` survived:\n{html}"
        );
    }
    // Ids are prefixed so that content cannot clobber globals or the app's elements.
    assert!(!html.contains("id=\"__proto__\""), "{html}");
    assert!(!html.contains("id=\"test\""), "{html}");
}

#[test]
fn each_payload_alone_is_neutralised() {
    let md = std::fs::read_to_string(common::project_root().join("tests/fixtures/xss.md"))
        .expect("fixture");
    for line in md.lines().filter(|l| l.contains("alert(")) {
        let html = render(line, "x.md", &RelativeImages).to_lowercase();
        for bad in FORBIDDEN {
            assert!(
                !html.contains(bad),
                "`{bad}` survived from `{line}`:\n{html}"
            );
        }
    }
}
