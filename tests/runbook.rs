//! Runbooks: byte-exact round trips, field edits that keep everything else, and every kind of
//! bad input giving a clear answer instead of a panic.

mod common;

use hikitsugi::runbook::{set_front_matter_field, Runbook, RunbookError};
use hikitsugi::store::Base;
use hikitsugi::workspace::{Workspace, WorkspaceError};
use proptest::prelude::*;

#[test]
fn unchanged_runbook_is_saved_byte_for_byte() {
    let (dir, vault) = common::vault();
    let text =
        "\u{feff}---\r\ntitle: 複合機\r\n# comment\r\nx-custom: {a: 1}\r\n---\r\n本文\r\n\r\n";
    common::write(dir.path(), "a.md", text);
    let mut ws = Workspace::open(vault);
    let doc = ws.read("a.md").expect("read");
    ws.save(
        "a.md",
        doc.runbook.text().as_bytes(),
        Base::Hash(&doc.hash),
        None,
    )
    .expect("save");
    assert_eq!(
        std::fs::read(dir.path().join("a.md")).expect("read back"),
        text.as_bytes()
    );
}

#[test]
fn malformed_front_matter_still_opens_and_saves_as_typed() {
    let (dir, vault) = common::vault();
    let text = "---\ntitle: [broken\nowner: 佐藤\n---\n# 本文の見出し\n大事なメモ\n";
    common::write(dir.path(), "bad.md", text);
    let mut ws = Workspace::open(vault);
    let doc = ws.read("bad.md").expect("opens");
    let warning = doc.warning.clone().expect("warning");
    assert!(warning.contains("front matter, line 3"), "{warning}");
    assert!(!warning.contains("column"), "{warning}");
    assert_eq!(doc.runbook.title("bad.md"), "本文の見出し");
    let edited = format!("{text}追記\n");
    let saved = ws
        .save("bad.md", edited.as_bytes(), Base::Hash(&doc.hash), None)
        .expect("saves");
    assert!(saved.commit.is_some());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("bad.md")).expect("read"),
        edited
    );
}

#[test]
fn invalid_utf8_is_refused_and_left_untouched() {
    let (dir, vault) = common::vault();
    let bytes = b"---\ntitle: x\n---\n\x82\xa0Shift_JIS\n".to_vec();
    std::fs::write(dir.path().join("sjis.md"), &bytes).expect("write");
    let ws = Workspace::open(vault);
    let err = ws.read("sjis.md").expect_err("refused");
    assert!(
        matches!(
            err,
            WorkspaceError::Content(RunbookError::InvalidUtf8 { offset: 17, .. })
        ),
        "{err}"
    );
    assert!(
        err.to_string().contains("sjis.md") && err.to_string().contains("UTF-8"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(dir.path().join("sjis.md")).expect("read"),
        bytes
    );
}

#[test]
fn binary_content_is_refused_for_saving() {
    let (dir, vault) = common::vault();
    common::write(dir.path(), "a.md", "original");
    let mut ws = Workspace::open(vault);
    let err = ws
        .save("a.md", b"\x89PNG\r\n\x1a\n\0\0", Base::Any, None)
        .expect_err("binary");
    assert!(err.to_string().contains("binary"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.md")).expect("read"),
        "original"
    );
}

#[test]
fn ten_megabyte_runbook_opens_with_a_warning_and_saves() {
    let (dir, vault) = common::vault();
    let line = "サーバーのログを確認する。The NAS restarted.\n";
    let text = format!(
        "---\ntitle: 大きい\n---\n{}",
        line.repeat(10 * 1024 * 1024 / line.len())
    );
    common::write(dir.path(), "big.md", &text);
    let mut ws = Workspace::open(vault);
    let doc = ws.read("big.md").expect("opens");
    assert!(
        doc.warning.as_deref().is_some_and(|w| w.contains("MB")),
        "{:?}",
        doc.warning
    );
    let saved = ws
        .save(
            "big.md",
            format!("{text}end\n").as_bytes(),
            Base::Hash(&doc.hash),
            None,
        )
        .expect("saves");
    assert!(saved.commit.is_some());
}

#[test]
fn empty_and_front_matter_only_files() {
    let empty = Runbook::parse(String::new());
    assert_eq!(empty.title("dir/empty.md"), "empty");
    assert!(empty.problem().is_none());
    let only = Runbook::parse("---\ntitle: 見出しだけ\n---\n".into());
    assert_eq!(only.title("x.md"), "見出しだけ");
    assert_eq!(only.body(), "");
    let only_unclosed = Runbook::parse("---\ntitle: x".into());
    assert!(only_unclosed.problem().is_some());
}

#[test]
fn changing_one_field_keeps_other_keys_order_and_body() {
    let text = "---\ntitle: VPN\nvendor: ミナト通信  # keep me\nsystem: FortiGate\ntags:\n  - vpn\n  - リモート\nrelated: [a.md, b.md]\nreviewed: 2026-01-10\nreview_every: 6m\n---\n# VPN\n本文\n";
    let out = set_front_matter_field(text, "reviewed", "2026-11-25").expect("edit");
    assert_eq!(
        out,
        text.replace("reviewed: 2026-01-10", "reviewed: 2026-11-25")
    );
    let out = set_front_matter_field(text, "tags", "[vpn]").expect("edit");
    assert_eq!(
        out,
        text.replace("tags:\n  - vpn\n  - リモート\n", "tags: [vpn]\n")
    );
    let rb = Runbook::parse(out);
    assert_eq!(rb.front_matter().tags, vec!["vpn"]);
    assert_eq!(rb.body(), "# VPN\n本文\n");
}

fn yaml_key() -> impl Strategy<Value = String> {
    "[a-z][a-z_]{0,8}".prop_filter("not a known key", |k| k != "title")
}

fn yaml_scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ]{0,12}",
        "[ぁ-ん]{1,6}",
        "[ァ-ヴ]{1,6}",
        "\"[^\"\\\\\n]{0,10}\""
    ]
}

proptest! {
    /// Setting `title` on any front matter of simple keys keeps every other line as it was.
    #[test]
    fn set_field_round_trip(pairs in proptest::collection::vec((yaml_key(), yaml_scalar()), 0..6),
                            body in "[^\u{0}]{0,80}", title in "[ぁ-んa-z]{1,10}") {
        let mut seen = std::collections::HashSet::new();
        let lines: Vec<String> = pairs.iter().filter(|(k, _)| seen.insert(k.clone())).map(|(k, v)| format!("{k}: {v}")).collect();
        let text = format!("---\n{}{}---\n{body}", lines.join("\n"), if lines.is_empty() { "" } else { "\n" });
        let rb = Runbook::parse(text.clone());
        prop_assume!(rb.problem().is_none());
        let out = set_front_matter_field(&text, "title", &title).expect("edit");
        let expected = format!("---\n{}{}title: {title}\n---\n{body}", lines.join("\n"), if lines.is_empty() { "" } else { "\n" });
        prop_assert_eq!(&out, &expected);
        let again = Runbook::parse(out);
        prop_assert_eq!(again.front_matter().title.as_deref(), Some(title.as_str()));
        prop_assert_eq!(again.body(), body.as_str());
    }

    /// Parsing never panics and always keeps the exact text.
    #[test]
    fn parse_keeps_text(text in "(---\n)?[^\u{0}]{0,200}(\n---\n)?[^\u{0}]{0,50}") {
        let rb = Runbook::parse(text.clone());
        prop_assert_eq!(rb.text(), text.as_str());
        prop_assert!(text.ends_with(rb.body()));
    }
}
