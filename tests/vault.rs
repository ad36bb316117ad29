//! Vaults: init, listing, and path validation against traversal and symlinks.

mod common;

use hikitsugi::vault::{Vault, VaultError};
use proptest::prelude::*;

#[test]
fn init_creates_repository_and_ignores_state() {
    let dir = tempfile::tempdir().expect("tmp");
    let root = dir.path().join("new-vault");
    let vault = Vault::init(&root).expect("init");
    assert!(root.join(".git").is_dir());
    assert_eq!(
        std::fs::read_to_string(root.join(".gitignore")).expect("gitignore"),
        ".hikitsugi/\n"
    );
    assert!(vault.root().join(".hikitsugi/.gitignore").exists());
    // Idempotent: a second init keeps everything.
    common::write(&root, "a.md", "x");
    Vault::init(&root).expect("init again");
    assert!(root.join("a.md").exists());
}

#[test]
fn init_inside_a_larger_repository_does_not_nest() {
    let dir = tempfile::tempdir().expect("tmp");
    git2::Repository::init(dir.path()).expect("outer repo");
    let vault = Vault::init(dir.path().join("runbooks")).expect("init");
    assert!(!vault.root().join(".git").exists());
    assert!(
        !dir.path().join(".gitignore").exists(),
        "the outer repo's files are not touched"
    );
}

#[test]
fn listing_skips_state_git_and_node_modules() {
    let (dir, vault) = common::vault();
    for p in [
        "a.md",
        "sub/b.MD",
        "sub/deep/c.md",
        "node_modules/x.md",
        ".hikitsugi/y.md",
        "notes.txt",
        "attachments/i.png",
    ] {
        common::write(dir.path(), p, "x");
    }
    let paths: Vec<String> = vault
        .list()
        .expect("list")
        .into_iter()
        .map(|f| f.path)
        .collect();
    assert_eq!(paths, vec!["a.md", "sub/b.MD", "sub/deep/c.md"]);
}

#[test]
fn traversal_and_absolute_paths_are_refused() {
    let (_dir, vault) = common::vault();
    for bad in [
        "../outside.md",
        "a/../../x.md",
        "/etc/passwd",
        ".git/config",
        ".git/hooks/pre-commit",
        ".hikitsugi/index/meta.json",
        "a\\..\\b.md",
        "",
    ] {
        let err = vault.resolve(bad).expect_err(bad);
        assert!(
            matches!(
                err,
                VaultError::OutsideVault(_) | VaultError::InvalidPath { .. }
            ),
            "{bad}: {err}"
        );
        assert!(!err.to_string().is_empty());
    }
    assert!(vault.resolve_runbook("notes.txt").is_err());
    assert_eq!(vault.resolve("./a//b.md").expect("ok").0, "a/b.md");
}

#[cfg(unix)]
#[test]
fn symlinks_leading_outside_are_refused() {
    let (dir, vault) = common::vault();
    let outside = tempfile::tempdir().expect("outside");
    common::write(outside.path(), "secret.md", "secret");
    std::os::unix::fs::symlink(outside.path(), dir.path().join("link-dir")).expect("symlink dir");
    std::os::unix::fs::symlink(outside.path().join("secret.md"), dir.path().join("link.md"))
        .expect("symlink file");
    std::os::unix::fs::symlink(dir.path().join("inside.md"), dir.path().join("ok-link.md"))
        .expect("symlink in");
    common::write(dir.path(), "inside.md", "x");
    assert!(matches!(
        vault.resolve("link-dir/secret.md"),
        Err(VaultError::OutsideVault(_))
    ));
    assert!(matches!(
        vault.resolve("link-dir/new.md"),
        Err(VaultError::OutsideVault(_))
    ));
    assert!(matches!(
        vault.resolve("link.md"),
        Err(VaultError::OutsideVault(_))
    ));
    assert!(vault.resolve("ok-link.md").is_ok());
    // Listing does not follow links out of the vault.
    let paths: Vec<String> = vault
        .list()
        .expect("list")
        .into_iter()
        .map(|f| f.path)
        .collect();
    assert_eq!(paths, vec!["inside.md"]);
}

proptest! {
    #[test]
    fn resolved_paths_never_leave_the_root(segments in proptest::collection::vec("(\\.\\.|\\.|[a-z]{1,3}|/|\\\\|~|\\.git|%2e%2e|\u{30C6})", 1..8)) {
        let (_dir, vault) = common::vault();
        let rel = segments.join("/");
        if let Ok((normalized, abs)) = vault.resolve(&rel) {
            prop_assert!(abs.starts_with(vault.root()));
            prop_assert!(!normalized.split('/').any(|p| p == ".." || p == "." || p.is_empty() || p == ".git"));
        }
    }
}

/// The listing reads only the top of each file, but never cuts a front matter in half (LF or
/// CRLF) and never reports a character split at the cut as invalid text.
#[test]
fn listing_reads_whole_front_matter_and_whole_characters() {
    let (_dir, vault) = common::vault();
    let root = vault.root().to_path_buf();
    let padding = "# ".to_string() + &"x".repeat(80) + "\n";
    for (name, nl) in [("lf.md", "\n"), ("crlf.md", "\r\n")] {
        // A front matter longer than what the listing reads first; the title comes last.
        let mut text = format!("---{nl}");
        for _ in 0..300 {
            text.push_str(&padding.replace('\n', nl));
        }
        text.push_str(&format!("title: 長い前書きの手順書{nl}---{nl}本文{nl}"));
        common::write(&root, name, &text);
    }
    // A body whose multi-byte characters straddle the point where the listing stops reading.
    let mut text = "---\ntitle: 鍵の管理\n---\nx".to_string();
    assert_ne!(
        (16 * 1024 - text.len()) % 3,
        0,
        "the cut must fall inside a character"
    );
    text.push_str(&"鍵".repeat(40_000));
    common::write(&root, "kana.md", &text);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
    let list = hikitsugi::workspace::list_summaries(&vault, today).expect("list");
    let find = |p: &str| list.iter().find(|s| s.path == p).expect(p);
    for p in ["lf.md", "crlf.md"] {
        assert_eq!(find(p).title, "長い前書きの手順書", "{p}");
        assert_eq!(find(p).warning, None, "{p}");
    }
    assert_eq!(find("kana.md").title, "鍵の管理");
    assert_eq!(find("kana.md").warning, None);
}
