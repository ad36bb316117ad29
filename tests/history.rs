//! Saving and history with real Git repositories: one commit per save, conflicts, restore,
//! renames followed by the log, blame, a locked repository, and vaults inside larger repos.

mod common;

use hikitsugi::history::History;
use hikitsugi::store::{Base, StoreError};
use hikitsugi::workspace::{Workspace, WorkspaceError};

fn head_files(dir: &std::path::Path) -> Vec<String> {
    let repo = git2::Repository::discover(dir).expect("repo");
    let tree = repo.head().expect("head").peel_to_tree().expect("tree");
    let mut out = Vec::new();
    tree.walk(git2::TreeWalkMode::PreOrder, |root, e| {
        if e.kind() == Some(git2::ObjectType::Blob) {
            out.push(format!("{root}{}", e.name().unwrap_or("")));
        }
        git2::TreeWalkResult::Ok
    })
    .expect("walk");
    out
}

#[test]
fn every_save_is_one_commit_of_that_file_even_in_an_empty_repo() {
    let (dir, vault) = common::vault();
    common::write(dir.path(), "untracked.md", "not mine to commit");
    let mut ws = Workspace::open(vault);
    let first = ws
        .save("a/手順.md", "一版目\n".as_bytes(), Base::New, None)
        .expect("save");
    assert!(first.created && first.commit.is_some());
    let second = ws
        .save(
            "a/手順.md",
            "二版目\n".as_bytes(),
            Base::Hash(&first.hash),
            Some("二版目に更新"),
        )
        .expect("save");
    assert_ne!(first.commit, second.commit);
    assert_eq!(head_files(dir.path()), vec!["a/手順.md"]);
    let log = ws
        .history()
        .expect("history")
        .file_log("a/手順.md", 10)
        .expect("log");
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].message, "二版目に更新");
    assert_eq!(log[1].message, "Create a/手順.md");
    assert_eq!(log[0].author, "テスト 太郎");
    // Once the index update that follows each commit is done, the repository index agrees
    // with HEAD for the saved file.
    ws.history().expect("history").settle();
    let repo = git2::Repository::open(dir.path()).expect("repo");
    let statuses = repo.statuses(None).expect("status");
    assert!(statuses.iter().all(|s| s.path().ok() != Some("a/手順.md")));
}

#[test]
fn saving_unchanged_text_makes_no_commit() {
    let (_dir, vault) = common::vault();
    let mut ws = Workspace::open(vault);
    let a = ws.save("a.md", b"x", Base::Any, None).expect("save");
    let b = ws.save("a.md", b"x", Base::Any, None).expect("save");
    assert!(a.commit.is_some());
    assert_eq!(b.commit, None);
    assert!(!b.not_committed);
}

#[test]
fn conflict_when_the_file_changed_on_disk() {
    let (dir, vault) = common::vault();
    let mut ws = Workspace::open(vault);
    let saved = ws.save("a.md", b"mine v1", Base::New, None).expect("save");
    common::write(dir.path(), "a.md", "theirs, edited in another editor");
    let err = ws
        .save("a.md", b"mine v2", Base::Hash(&saved.hash), None)
        .expect_err("conflict");
    assert!(
        matches!(
            err,
            WorkspaceError::Store(StoreError::Conflict {
                disk_hash: Some(_),
                ..
            })
        ),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.md")).expect("read"),
        "theirs, edited in another editor"
    );
    // Creating over an existing file is a conflict too.
    assert!(ws.save("a.md", b"new", Base::New, None).is_err());
    // A deleted file is a conflict for an editor that still has it open.
    std::fs::remove_file(dir.path().join("a.md")).expect("rm");
    let err = ws
        .save("a.md", b"mine v2", Base::Hash(&saved.hash), None)
        .expect_err("deleted");
    assert!(matches!(
        err,
        WorkspaceError::Store(StoreError::Conflict {
            disk_hash: None,
            ..
        })
    ));
}

#[test]
fn restore_writes_a_new_commit_and_keeps_history() {
    let (dir, vault) = common::vault();
    let mut ws = Workspace::open(vault);
    ws.save("a.md", "版1\n".as_bytes(), Base::Any, None)
        .expect("v1");
    ws.save("a.md", "版2\n".as_bytes(), Base::Any, None)
        .expect("v2");
    let log = ws.history().expect("h").file_log("a.md", 10).expect("log");
    let restored = ws.restore("a.md", &log[1].short_id).expect("restore");
    assert!(restored.commit.is_some());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.md")).expect("read"),
        "版1\n"
    );
    let log = ws.history().expect("h").file_log("a.md", 10).expect("log");
    assert_eq!(log.len(), 3);
    assert!(
        log[0].message.starts_with("Restore a.md to "),
        "{}",
        log[0].message
    );
    assert!(ws.restore("a.md", "no-such-rev").is_err());
}

#[test]
fn log_follows_renames_and_show_finds_old_names() {
    let (_dir, vault) = common::vault();
    let mut ws = Workspace::open(vault);
    let body = "# VPN\n\n".to_string() + &"手順の行です。\n".repeat(20);
    ws.save("vpn.md", body.as_bytes(), Base::Any, None)
        .expect("v1");
    ws.save(
        "vpn.md",
        format!("{body}追記\n").as_bytes(),
        Base::Any,
        None,
    )
    .expect("v2");
    ws.rename("vpn.md", "network/vpn-setup.md").expect("rename");
    ws.save(
        "network/vpn-setup.md",
        format!("{body}追記\n再追記\n").as_bytes(),
        Base::Any,
        None,
    )
    .expect("v3");
    let history = ws.history().expect("h");
    let log = history.file_log("network/vpn-setup.md", 10).expect("log");
    let paths: Vec<&str> = log.iter().map(|e| e.paths[0].as_str()).collect();
    assert_eq!(
        paths,
        vec![
            "network/vpn-setup.md",
            "network/vpn-setup.md",
            "vpn.md",
            "vpn.md"
        ]
    );
    let oldest = history
        .show("network/vpn-setup.md", &log[3].id)
        .expect("show");
    assert_eq!(String::from_utf8(oldest).expect("utf8"), body);
}

#[test]
fn delete_is_restorable_from_history() {
    let (dir, vault) = common::vault();
    let mut ws = Workspace::open(vault);
    ws.save(
        "gone.md",
        "# 消える手順\n\nkeep me\n".as_bytes(),
        Base::Any,
        None,
    )
    .expect("save");
    ws.delete("gone.md").expect("delete");
    assert!(!dir.path().join("gone.md").exists());
    let log = ws.history().expect("h").vault_log(10).expect("log");
    assert!(log[0].message.starts_with("Delete gone.md"));

    // The deleted file's own log: the deletion first, then its versions.
    let file_log = ws
        .history()
        .expect("h")
        .file_log("gone.md", 10)
        .expect("log");
    assert_eq!(file_log.len(), 2, "{file_log:?}");
    assert!(file_log[0].deleted && file_log[0].message.starts_with("Delete gone.md"));
    assert!(!file_log[1].deleted);

    // The list of deleted runbooks names it, with its title and the revision to restore.
    let deleted = ws.deleted(10).expect("deleted");
    assert_eq!(deleted.len(), 1);
    assert_eq!(deleted[0].path, "gone.md");
    assert_eq!(deleted[0].title, "消える手順");
    assert_eq!(deleted[0].deleted_by.id, log[0].id);
    assert_eq!(deleted[0].last_rev, log[1].id);

    ws.restore_deleted("gone.md", &deleted[0].last_rev)
        .expect("restore");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("gone.md")).expect("read"),
        "# 消える手順\n\nkeep me\n"
    );
    assert!(ws.deleted(10).expect("deleted").is_empty());
    // Restored, its log still reaches back past the deletion to the first version.
    let file_log = ws
        .history()
        .expect("h")
        .file_log("gone.md", 10)
        .expect("log");
    let kinds: Vec<(bool, &str)> = file_log
        .iter()
        .map(|e| (e.deleted, e.message.split(' ').next().unwrap_or("")))
        .collect();
    assert_eq!(
        kinds,
        vec![(false, "Restore"), (true, "Delete"), (false, "Create")],
        "{file_log:?}"
    );
}

#[test]
fn deleted_list_leaves_out_renamed_recreated_and_other_files() {
    let (dir, vault) = common::vault();
    let mut ws = Workspace::open(vault);
    let body = "# 名前が変わる\n\n".to_string() + &"手順の行です。\n".repeat(20);
    ws.save("moved.md", body.as_bytes(), Base::Any, None)
        .expect("save");
    ws.save("back.md", b"# back", Base::Any, None)
        .expect("save");
    ws.save("old/first.md", b"# first", Base::Any, None)
        .expect("save");
    common::write(dir.path(), "notes.txt", "not a runbook");
    ws.history()
        .expect("h")
        .commit_paths(&["notes.txt"], "Add notes")
        .expect("commit");
    ws.rename("moved.md", "new/moved.md").expect("rename");
    ws.delete("back.md").expect("delete");
    ws.save("back.md", b"# back again", Base::Any, None)
        .expect("save again");
    ws.delete("old/first.md").expect("delete");
    std::fs::remove_file(dir.path().join("notes.txt")).expect("rm");
    ws.history()
        .expect("h")
        .commit_paths(&["notes.txt"], "Remove notes")
        .expect("commit");
    // The folder is gone too, as in a fresh clone: restoring makes it again.
    std::fs::remove_dir(dir.path().join("old")).expect("rmdir");

    let deleted = ws.deleted(10).expect("deleted");
    let paths: Vec<&str> = deleted.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths, vec!["old/first.md"]);

    // A file that appeared at the path since is never overwritten by a restore.
    common::write(dir.path(), "old/first.md", "# 新しく書いたもの");
    let err = ws
        .restore_deleted("old/first.md", &deleted[0].last_rev)
        .expect_err("exists");
    assert!(matches!(err, WorkspaceError::Exists(_)), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("old/first.md")).expect("read"),
        "# 新しく書いたもの"
    );
    std::fs::remove_dir_all(dir.path().join("old")).expect("rm");
    ws.restore_deleted("old/first.md", &deleted[0].last_rev)
        .expect("restore");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("old/first.md")).expect("read"),
        "# first"
    );
}

#[test]
fn rename_re_points_links_in_the_same_commit() {
    let (dir, vault) = common::vault();
    let mut ws = Workspace::open(vault);
    let files = [
        ("printers/mfp.md", "# 紙詰まり\n\n[印刷できない](cannot-print.md) ![図](../attachments/mfp.png)\n"),
        ("printers/cannot-print.md", "# 印刷できない\n\n紙詰まりは [こちら](mfp.md#手順)。\n"),
        ("start.md", "---\ntitle: 入口\nrelated: [printers/mfp.md, printers/cannot-print.md]\n---\n[紙詰まり](printers/mfp.md) `[code](printers/mfp.md)`\n"),
        ("notes.md", "# 関係ない\n\nmfp.md という名前だけ出てくる\n"),
    ];
    for (path, text) in files {
        ws.save(path, text.as_bytes(), Base::Any, None)
            .expect("save");
    }
    let saved = ws
        .rename("printers/mfp.md", "office/mfp.md")
        .expect("rename");
    let mut updated = saved.links_updated.clone();
    updated.sort();
    assert_eq!(
        updated,
        vec!["office/mfp.md", "printers/cannot-print.md", "start.md"]
    );
    let read = |p: &str| std::fs::read_to_string(dir.path().join(p)).expect("read");
    assert_eq!(
        read("office/mfp.md"),
        "# 紙詰まり\n\n[印刷できない](../printers/cannot-print.md) ![図](../attachments/mfp.png)\n"
    );
    assert_eq!(
        read("printers/cannot-print.md"),
        "# 印刷できない\n\n紙詰まりは [こちら](../office/mfp.md#手順)。\n"
    );
    assert_eq!(read("start.md"), "---\ntitle: 入口\nrelated: [office/mfp.md, printers/cannot-print.md]\n---\n[紙詰まり](office/mfp.md) `[code](printers/mfp.md)`\n");
    assert_eq!(read("notes.md"), files[3].1);
    // One commit: the rename and every re-pointed link; nothing left uncommitted (but the
    // .gitignore that `Vault::init` writes and leaves to the user).
    let log = ws.history().expect("h").vault_log(1).expect("log");
    assert!(
        log[0]
            .message
            .starts_with("Rename printers/mfp.md to office/mfp.md\n\nLinks updated in "),
        "{}",
        log[0].message
    );
    let mut paths = log[0].paths.clone();
    paths.sort();
    assert_eq!(
        paths,
        vec![
            "office/mfp.md",
            "printers/cannot-print.md",
            "printers/mfp.md",
            "start.md"
        ]
    );
    ws.history().expect("h").settle();
    let repo = git2::Repository::open(dir.path()).expect("repo");
    let statuses = repo.statuses(None).expect("status");
    let dirty: Vec<String> = statuses
        .iter()
        .filter(|s| !s.status().is_ignored() && s.path() != Ok(".gitignore"))
        .map(|s| format!("{:?} {}", s.status(), s.path().unwrap_or("")))
        .collect();
    assert!(dirty.is_empty(), "{dirty:?}");
    assert_eq!(
        saved.hash,
        hikitsugi::store::content_hash(read("office/mfp.md").as_bytes())
    );
}

#[test]
fn rename_follows_percent_encoded_links() {
    let (dir, vault) = common::vault();
    let mut ws = Workspace::open(vault);
    ws.save(
        "servers/停止手順.md",
        "# 停止手順\n".as_bytes(),
        Base::Any,
        None,
    )
    .expect("save");
    // Encoded as a browser or another editor writes it: the name itself is not in the text.
    let link = "[停止](%E5%81%9C%E6%AD%A2%E6%89%8B%E9%A0%86.md)\n";
    ws.save("servers/index.md", link.as_bytes(), Base::Any, None)
        .expect("save");
    let saved = ws
        .rename("servers/停止手順.md", "servers/shutdown.md")
        .expect("rename");
    assert_eq!(saved.links_updated, vec!["servers/index.md"]);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("servers/index.md")).expect("read"),
        "[停止](shutdown.md)\n"
    );
}

#[test]
fn renaming_in_the_sample_vault_leaves_no_broken_link() {
    let (_dir, vault) = common::sample_vault();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let broken = |v: &hikitsugi::vault::Vault| {
        hikitsugi::check::check_vault(v, today)
            .expect("check")
            .problems
            .into_iter()
            .filter(|p| format!("{:?}", p.kind).starts_with("Broken"))
            .map(|p| format!("{}: {}", p.path, p.message))
            .collect::<Vec<_>>()
    };
    let before = broken(&vault);
    let check_vault = hikitsugi::vault::Vault::open(vault.root()).expect("vault");
    let mut ws = Workspace::open(vault);
    let saved = ws
        .rename(
            "printers/mfp-paper-jam.md",
            "office/devices/mfp-paper-jam.md",
        )
        .expect("rename");
    assert!(saved.links_updated.len() >= 2, "{:?}", saved.links_updated);
    assert_eq!(broken(&check_vault), before);
}

#[test]
fn diff_and_blame() {
    let (dir, vault) = common::vault();
    let mut ws = Workspace::open(vault);
    ws.save("a.md", "一行目\n二行目\n".as_bytes(), Base::Any, None)
        .expect("v1");
    ws.save("a.md", "一行目\n二行目を修正\n".as_bytes(), Base::Any, None)
        .expect("v2");
    common::write(dir.path(), "a.md", "一行目\n二行目を修正\n未保存の行\n");
    let h = ws.history().expect("h");
    let old = h.show("a.md", "HEAD~1").expect("show");
    let new = h.show("a.md", "HEAD").expect("show");
    let diff = History::unified_diff(&old, &new, "a.md (HEAD~1)", "a.md (HEAD)").expect("diff");
    assert!(
        diff.contains("-二行目\n") && diff.contains("+二行目を修正\n"),
        "{diff}"
    );
    let working = std::fs::read(dir.path().join("a.md")).expect("read");
    let blame = h.blame("a.md", Some(&working)).expect("blame");
    assert_eq!(blame.len(), 3);
    assert_eq!(blame[0].author, "テスト 太郎");
    assert_ne!(blame[0].commit, blame[1].commit);
    assert!(blame[2].commit.is_empty(), "uncommitted line");
}

/// Text that never reached history — an edit made outside the app, a runbook never committed —
/// is committed before the deletion, so restoring brings back exactly what was deleted; with
/// the repository locked nothing is deleted at all.
#[test]
fn delete_keeps_uncommitted_text_in_history() {
    let (dir, vault) = common::vault();
    let mut ws = Workspace::open(vault);
    ws.save(
        "edited.md",
        "# 手順\n\n一版目\n".as_bytes(),
        Base::Any,
        None,
    )
    .expect("save");
    common::write(dir.path(), "edited.md", "# 手順\n\n外で書き足した行\n");
    common::write(dir.path(), "never.md", "# コミットされていない手順\n");

    for (path, text) in [
        ("edited.md", "# 手順\n\n外で書き足した行\n"),
        ("never.md", "# コミットされていない手順\n"),
    ] {
        let deleted = ws.delete(path).expect("delete");
        assert!(!dir.path().join(path).exists());
        let commit = deleted.commit.expect("deletion committed");
        // What the app's Undo does: restore the version before the deletion.
        ws.restore_deleted(path, &format!("{commit}~1"))
            .expect("restore");
        assert_eq!(
            std::fs::read_to_string(dir.path().join(path)).expect("read"),
            text
        );
    }

    std::fs::write(dir.path().join(".git/index.lock"), "").expect("lock");
    common::write(dir.path(), "edited.md", "# 手順\n\nロック中に書いた行\n");
    let err = ws.delete("edited.md").expect_err("locked");
    assert!(err.to_string().contains("index.lock"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("edited.md")).expect("still there"),
        "# 手順\n\nロック中に書いた行\n"
    );
    let err = ws.delete("missing.md").expect_err("missing");
    assert!(
        matches!(err, WorkspaceError::Store(StoreError::NotFound { .. })),
        "{err}"
    );
}

#[test]
fn locked_repository_keeps_the_edit_on_disk() {
    let (dir, vault) = common::vault();
    let mut ws = Workspace::open(vault);
    ws.save("a.md", b"v1", Base::Any, None).expect("v1");
    std::fs::write(dir.path().join(".git/index.lock"), "").expect("lock");
    let saved = ws
        .save("a.md", "大事な変更".as_bytes(), Base::Any, None)
        .expect("written despite the lock");
    assert!(saved.not_committed);
    assert!(
        saved.warnings[0].contains("index.lock") && saved.warnings[0].contains("save again"),
        "{:?}",
        saved.warnings
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.md")).expect("read"),
        "大事な変更"
    );
    // Once the lock is gone, saving again commits the text.
    std::fs::remove_file(dir.path().join(".git/index.lock")).expect("unlock");
    let again = ws
        .save("a.md", "大事な変更".as_bytes(), Base::Any, None)
        .expect("save");
    assert!(again.commit.is_some());
}

#[test]
fn vault_inside_a_larger_repository_commits_only_its_file() {
    let dir = tempfile::tempdir().expect("tmp");
    let repo = git2::Repository::init(dir.path()).expect("repo");
    common::set_identity(dir.path());
    common::write(dir.path(), "infra/main.tf", "resource {}");
    let mut index = repo.index().expect("index");
    index
        .add_path(std::path::Path::new("infra/main.tf"))
        .expect("stage");
    index.write().expect("write index");
    let vault = hikitsugi::vault::Vault::init(dir.path().join("runbooks")).expect("vault");
    let mut ws = Workspace::open(vault);
    ws.save("vpn.md", b"# VPN", Base::Any, None).expect("save");
    assert_eq!(head_files(dir.path()), vec!["runbooks/vpn.md"]);
    // The user's staged change is still staged, not committed.
    let index = repo.index().expect("index");
    assert!(index
        .get_path(std::path::Path::new("infra/main.tf"), 0)
        .is_some());
    let log = ws.history().expect("h").file_log("vpn.md", 5).expect("log");
    assert_eq!(log[0].paths, vec!["vpn.md"]);
}

#[test]
fn folder_without_git_saves_and_says_it_did_not_commit() {
    let dir = tempfile::tempdir().expect("tmp");
    let vault = hikitsugi::vault::Vault::open(dir.path()).expect("open");
    let mut ws = Workspace::open(vault);
    let saved = ws.save("a.md", b"text", Base::Any, None).expect("save");
    assert!(saved.not_committed);
    assert!(
        saved.warnings[0].contains("hikitsugi init"),
        "{:?}",
        saved.warnings
    );
    assert_eq!(
        std::fs::read(dir.path().join("a.md")).expect("read"),
        b"text"
    );
}

#[test]
fn paths_outside_the_vault_are_refused_for_writes() {
    let (dir, vault) = common::vault();
    let mut ws = Workspace::open(vault);
    for bad in [
        "../escape.md",
        "/tmp/escape.md",
        ".git/hooks/pre-commit.md",
        "notes.txt",
    ] {
        assert!(ws.save(bad, b"x", Base::Any, None).is_err(), "{bad}");
    }
    assert!(!dir
        .path()
        .parent()
        .expect("parent")
        .join("escape.md")
        .exists());
}

/// The repository index is rewritten after each commit on a thread of its own; saves in
/// quick succession wait for it instead of finding its `index.lock`, and once the workspace
/// is gone the index agrees with HEAD and no lock is left.
#[test]
fn quick_saves_wait_for_the_index_update_of_the_one_before() {
    let (dir, vault) = common::vault();
    let mut ws = Workspace::open(vault);
    for i in 0..20 {
        let saved = ws
            .save(
                &format!("notes/n{}.md", i % 4),
                format!("# メモ {i}\n").as_bytes(),
                Base::Any,
                None,
            )
            .expect("save");
        assert!(saved.warnings.is_empty(), "save {i}: {:?}", saved.warnings);
        assert!(saved.commit.is_some());
    }
    drop(ws);
    assert!(!dir.path().join(".git/index.lock").exists());
    let repo = git2::Repository::open(dir.path()).expect("repo");
    let statuses = repo.statuses(None).expect("status");
    let dirty: Vec<String> = statuses
        .iter()
        .filter_map(|s| s.path().ok().map(str::to_string))
        .filter(|p| p.starts_with("notes/"))
        .collect();
    assert!(dirty.is_empty(), "{dirty:?}");
}

#[test]
fn a_pasted_image_is_committed_in_attachments_and_its_link_shows_it_in_the_preview() {
    let (dir, vault) = common::sample_vault();
    let mut ws = Workspace::open(vault);
    let rb = "printers/mfp-paper-jam.md";
    let png = std::fs::read(dir.path().join("attachments/mfp-jam-locations.png")).expect("png");
    let now = chrono::NaiveDate::from_ymd_opt(2026, 12, 4)
        .and_then(|d| d.and_hms_opt(10, 0, 0))
        .expect("time");
    let first = ws.attach(rb, Some("image.png"), &png, now).expect("attach");
    assert_eq!(
        first.saved.path,
        "attachments/mfp-paper-jam-20261204-100000.png"
    );
    assert_eq!(
        first.link,
        "../attachments/mfp-paper-jam-20261204-100000.png"
    );
    assert!(first.saved.commit.is_some() && first.saved.warnings.is_empty());
    // The same name again: a new file, the first one untouched.
    let second = ws
        .attach(rb, None, b"\x89PNG\r\n\x1a\nx", now)
        .expect("attach");
    assert_eq!(
        second.saved.path,
        "attachments/mfp-paper-jam-20261204-100000-2.png"
    );
    let history = ws.history().expect("history");
    let log = history.file_log(&first.saved.path, 10).expect("log");
    assert_eq!(log.len(), 1);
    assert_eq!(
        log[0].message,
        "Add attachments/mfp-paper-jam-20261204-100000.png for printers/mfp-paper-jam.md"
    );
    assert_eq!(
        std::fs::read(dir.path().join(&first.saved.path)).expect("read"),
        png
    );
    // The link as the editor inserts it renders as the image.
    let md = format!("# 紙詰まり\n\n![エラー画面]({})\n", first.link);
    let html = hikitsugi::render::render(&md, rb, &hikitsugi::workspace::VaultImages(ws.vault()));
    assert!(html.contains("src=\"data:image/png;base64,"), "{html}");
    // A runbook that does not exist, not an image, a path out of the vault, a folder: refused,
    // nothing written.
    for (runbook, bytes) in [
        ("printers/no-such-runbook.md", &png[..]),
        (rb, &b"<svg onload=alert(1)>"[..]),
        ("../x.md", &png[..]),
        ("printers", &png[..]),
    ] {
        assert!(ws.attach(runbook, None, bytes, now).is_err(), "{runbook}");
    }
    assert_eq!(
        std::fs::read_dir(dir.path().join("attachments"))
            .expect("dir")
            .count(),
        6
    );
}
