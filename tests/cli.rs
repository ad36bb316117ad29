//! The `hikitsugi` binary as scripts use it: exit codes, stdin/stdout, JSON shapes, and
//! bad input (conflicts, locked repository, full disk, paths outside the vault).

mod common;

use common::{stderr, stdout, Cli};
use serde_json::Value;

fn json(o: &std::process::Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("bad JSON ({e}): {}", stdout(o)))
}

fn init(cli: &Cli) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    let o = cli.run(dir.path(), &["init"], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    dir
}

#[test]
fn save_hash_log_diff_restore_blame_round_trip() {
    let cli = Cli::new();
    let dir = init(&cli);
    let v = dir.path();
    let o = cli.run(
        v,
        &["save", "net/vpn.md", "-m", "VPN 手順を追加"],
        "# VPN\n接続手順\n".as_bytes(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let hash1 = stdout(&o).trim().to_string();
    assert_eq!(hash1.len(), 64);
    let o = cli.run(v, &["hash", "net/vpn.md"], b"");
    assert_eq!(stdout(&o).trim(), hash1);

    let o = cli.run(
        v,
        &["save", "net/vpn.md", "--base", &hash1],
        "# VPN\n接続手順（改訂）\n".as_bytes(),
    );
    assert!(o.status.success(), "{}", stderr(&o));

    let log = json(&cli.run(v, &["log", "net/vpn.md", "--json"], b""));
    let entries = log.as_array().expect("array");
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[1]["message"], "VPN 手順を追加");
    // No Git identity anywhere (HOME is empty): the clear default is used.
    assert_eq!(entries[0]["author"], "Hikitsugi");
    for key in [
        "id", "shortId", "author", "email", "time", "message", "paths",
    ] {
        assert!(entries[0].get(key).is_some(), "{key}");
    }

    let o = cli.run(v, &["diff", "net/vpn.md", "HEAD~1", "HEAD"], b"");
    assert!(
        stdout(&o).contains("-接続手順\n+接続手順（改訂）"),
        "{}",
        stdout(&o)
    );
    std::fs::write(v.join("net/vpn.md"), "# VPN\n作業中\n").expect("edit");
    let o = cli.run(v, &["diff", "net/vpn.md"], b"");
    assert!(stdout(&o).contains("+作業中"), "{}", stdout(&o));

    let first = entries[1]["shortId"].as_str().expect("id").to_string();
    let o = cli.run(v, &["restore", "net/vpn.md", &first], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(v.join("net/vpn.md")).expect("read"),
        "# VPN\n接続手順\n"
    );

    let blame = json(&cli.run(v, &["blame", "net/vpn.md", "--json"], b""));
    assert_eq!(blame.as_array().expect("array").len(), 2);
    assert_eq!(blame[1]["text"], "接続手順");
    let o = cli.run(v, &["blame", "net/vpn.md"], b"");
    assert!(stdout(&o).contains("|"), "{}", stdout(&o));
}

#[test]
fn deleted_runbooks_are_listed_and_restored() {
    let cli = Cli::new();
    let dir = init(&cli);
    let v = dir.path();
    let o = cli.run(v, &["save", "net/vpn.md"], "# VPN 接続\n手順\n".as_bytes());
    assert!(o.status.success(), "{}", stderr(&o));
    let o = cli.run(v, &["log", "--deleted"], b"");
    assert_eq!(stdout(&o).trim(), "no deleted runbooks");
    // Deleted as the app deletes: the file removed and the removal committed.
    let mut ws =
        hikitsugi::workspace::Workspace::open(hikitsugi::vault::Vault::open(v).expect("vault"));
    ws.delete("net/vpn.md").expect("delete");
    drop(ws);

    let list = json(&cli.run(v, &["log", "--deleted", "--json"], b""));
    assert_eq!(list.as_array().expect("array").len(), 1);
    assert_eq!(list[0]["path"], "net/vpn.md");
    assert_eq!(list[0]["title"], "VPN 接続");
    assert_eq!(list[0]["deletedBy"]["deleted"], true);
    assert_eq!(list[0]["deletedBy"]["message"], "Delete net/vpn.md");
    let rev = list[0]["lastRev"].as_str().expect("rev").to_string();
    let o = cli.run(v, &["log", "--deleted"], b"");
    assert!(
        stdout(&o).contains("net/vpn.md\tVPN 接続\n")
            && stdout(&o).contains(&format!(
                "restore: hikitsugi restore net/vpn.md {}",
                &rev[..8]
            )),
        "{}",
        stdout(&o)
    );

    // The file's own log reaches past the deletion; only the deletion is marked.
    let log = json(&cli.run(v, &["log", "net/vpn.md", "--json"], b""));
    assert_eq!(log[0]["deleted"], true);
    assert_eq!(log[1]["id"], rev.as_str());
    assert!(log[1].get("deleted").is_none());
    let o = cli.run(v, &["log", "net/vpn.md"], b"");
    assert!(
        stdout(&o).contains("(deleted) Delete net/vpn.md"),
        "{}",
        stdout(&o)
    );
    let o = cli.run(v, &["log", "--deleted", "net/vpn.md"], b"");
    assert_eq!(o.status.code(), Some(2), "--deleted takes no path");

    let o = cli.run(v, &["restore", "net/vpn.md", &rev[..8]], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(v.join("net/vpn.md")).expect("read"),
        "# VPN 接続\n手順\n"
    );
    let o = cli.run(v, &["log", "--deleted"], b"");
    assert_eq!(stdout(&o).trim(), "no deleted runbooks");
}

#[test]
fn save_with_stale_base_is_refused_and_changes_nothing() {
    let cli = Cli::new();
    let dir = init(&cli);
    let v = dir.path();
    cli.run(v, &["save", "a.md"], b"v1");
    let stale = cli.run(v, &["hash", "a.md"], b"");
    std::fs::write(v.join("a.md"), "edited elsewhere").expect("write");
    let o = cli.run(
        v,
        &["save", "a.md", "--base", stdout(&stale).trim()],
        b"mine",
    );
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("changed on disk"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(v.join("a.md")).expect("read"),
        "edited elsewhere"
    );
}

#[test]
fn locked_repository_exits_4_and_keeps_the_text() {
    let cli = Cli::new();
    let dir = init(&cli);
    let v = dir.path();
    std::fs::write(v.join(".git/index.lock"), "").expect("lock");
    let o = cli.run(v, &["save", "a.md"], "消えてはいけない".as_bytes());
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    assert!(stderr(&o).contains("not committed"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(v.join("a.md")).expect("read"),
        "消えてはいけない"
    );
}

#[test]
fn a_password_saved_is_warned_about_and_listed_by_check() {
    let cli = Cli::new();
    let dir = init(&cli);
    let v = dir.path();
    let clean = "# NAS\n\n管理者パスワードは Bitwarden「NAS01」\n";
    let o = cli.run(v, &["save", "nas.md"], clean.as_bytes());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    let o = cli.run(v, &["check", "--json"], b"");
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));

    // Saved all the same (the CLI is for scripts), with a warning that never shows the value.
    let leaky = format!("{clean}\n| アカウント | パスワード |\n|---|---|\n| admin | Nas#2024x |\n");
    let o = cli.run(v, &["save", "nas.md"], leaky.as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("nas.md:7: looks like a password") && err.contains("Git history"),
        "{err}"
    );
    assert!(!err.contains("Nas#2024x"), "{err}");
    assert_eq!(
        std::fs::read_to_string(v.join("nas.md")).expect("read"),
        leaky
    );
    // Saving it again adds nothing new: no warning.
    let o = cli.run(v, &["save", "nas.md"], format!("{leaky}追記\n").as_bytes());
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));

    let o = cli.run(v, &["check", "--json"], b"");
    assert_eq!(o.status.code(), Some(5));
    let report = json(&o);
    let p = &report["problems"][0];
    assert_eq!(
        (
            &p["kind"],
            &p["secret"],
            &p["path"],
            &p["line"],
            &p["excerpt"]
        ),
        (
            &"secret".into(),
            &"password".into(),
            &"nas.md".into(),
            &7.into(),
            &"パスワード | Na*******".into()
        )
    );
    assert!(!stdout(&o).contains("Nas#2024x"), "{}", stdout(&o));
}

#[cfg(unix)]
#[test]
fn full_disk_leaves_the_old_file_and_no_temp_files() {
    let cli = Cli::new();
    let dir = init(&cli);
    let v = dir.path();
    cli.run(v, &["save", "a.md"], "元の内容".as_bytes());
    // RLIMIT_FSIZE makes writes past 1 KiB fail with EFBIG, as a full disk would.
    let big = "あ".repeat(10_000);
    let script = "trap '' XFSZ; ulimit -f 1; exec \"$0\" --vault \"$1\" save a.md";
    let mut sh = std::process::Command::new("sh");
    sh.arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_hikitsugi"))
        .arg(v)
        .env("HOME", cli.home.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut proc = sh.spawn().expect("sh");
    std::io::Write::write_all(&mut proc.stdin.take().expect("stdin"), big.as_bytes())
        .expect("stdin");
    let o = proc.wait_with_output().expect("wait");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("could not write") && stderr(&o).contains("left as it was"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(v.join("a.md")).expect("read"),
        "元の内容"
    );
    let leftovers: Vec<_> = std::fs::read_dir(v)
        .expect("ls")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn bad_paths_and_bad_vaults_give_clear_errors() {
    let cli = Cli::new();
    let dir = init(&cli);
    let v = dir.path();
    cli.run(v, &["save", "a.md"], b"x");
    for (args, needle) in [
        (vec!["save", "../x.md"], "outside the vault"),
        (vec!["save", "/etc/x.md"], "absolute paths are not allowed"),
        (vec!["save", ".git/hooks/post-commit.md"], "off limits"),
        (vec!["save", "notes.txt"], "not a Markdown runbook"),
        (vec!["hash", "missing.md"], "not found"),
        (vec!["restore", "missing.md", "HEAD"], "missing.md"),
    ] {
        let o = cli.run(v, &args, b"x");
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(stderr(&o).contains(needle), "{args:?}: {}", stderr(&o));
    }
    let o = cli.run(&v.join("no-such-folder"), &["list"], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("does not exist"), "{}", stderr(&o));
    let o = cli.run(v, &["frobnicate"], b"");
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn invalid_utf8_file_is_reported_not_rendered() {
    let cli = Cli::new();
    let dir = init(&cli);
    std::fs::write(
        dir.path().join("sjis.md"),
        b"\x83\x70\x83\x58\x83\x8f\x81\x5b\x83\x68",
    )
    .expect("write");
    let o = cli.run(dir.path(), &["render", "sjis.md"], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not valid UTF-8"), "{}", stderr(&o));
    let o = cli.run(dir.path(), &["list", "--json"], b"");
    assert!(json(&o)[0]["warning"]
        .as_str()
        .is_some_and(|w| w.contains("UTF-8")));
}

#[test]
fn new_list_check_render() {
    let cli = Cli::new();
    let dir = init(&cli);
    let v = dir.path();
    let o = cli.run(
        v,
        &[
            "new",
            "--title",
            "UPS の交換",
            "--system",
            "UPS",
            "--kind",
            "procedure",
            "--folder",
            "servers",
        ],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let path = stdout(&o).trim().to_string();
    assert_eq!(path, "servers/UPS-の交換.md");
    let text = std::fs::read_to_string(v.join(&path)).expect("read");
    assert!(
        text.contains("## 手順") && text.contains("system: \"UPS\""),
        "{text}"
    );
    let o = cli.run(
        v,
        &[
            "new",
            "--title",
            "UPS の交換",
            "--folder",
            "servers",
            "--lang",
            "en",
            "--kind",
            "incident",
        ],
        b"",
    );
    assert_eq!(stdout(&o).trim(), "servers/UPS-の交換-2.md");
    assert!(std::fs::read_to_string(v.join("servers/UPS-の交換-2.md"))
        .expect("read")
        .contains("## First 15 minutes"));

    cli.run(v, &["save", "old.md"], "---\ntitle: 古い\nreviewed: 2020-01-01\nreview_every: 1y\n---\n[壊れた](nope.md) [ok](servers/UPS-の交換.md#手順) [bad anchor](servers/UPS-の交換.md#ない) [js](javascript:alert(1)) [tel](tel:0312345678)\n".as_bytes());
    cli.run(v, &["save", "broken.md"], b"---\ntitle: [oops\n---\nbody\n");
    // Not text: listed as unreadable, and the check goes on past it.
    std::fs::write(v.join("binary.md"), [0xFF, 0xFE, 0x00, 0x01, 0x89]).expect("write");
    let list = json(&cli.run(v, &["list", "--json"], b""));
    let old = list
        .as_array()
        .expect("array")
        .iter()
        .find(|e| e["path"] == "old.md")
        .expect("old");
    assert_eq!(old["overdue"], true);
    assert_eq!(old["reviewDue"], "2021-01-01");
    let o = cli.run(v, &["check", "--json"], b"");
    assert_eq!(o.status.code(), Some(5));
    let report = json(&o);
    let kinds: Vec<&str> = report["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| p["kind"].as_str().unwrap_or(""))
        .collect();
    assert!(
        kinds.contains(&"overdue")
            && kinds.contains(&"broken_link")
            && kinds.contains(&"front_matter")
            && kinds.contains(&"broken_anchor")
            && kinds.contains(&"unreadable"),
        "{kinds:?}"
    );
    assert_eq!(
        kinds.iter().filter(|k| **k == "broken_link").count(),
        1,
        "{kinds:?}"
    );
    // What the app's check panel shows beside the message: the link as written, the due date.
    let of_kind = |kind: &str| {
        report["problems"]
            .as_array()
            .expect("problems")
            .iter()
            .find(|p| p["kind"] == kind)
            .cloned()
            .expect(kind)
    };
    let link = of_kind("broken_link");
    assert_eq!(
        (&link["path"], &link["line"], &link["target"]),
        (&"old.md".into(), &6.into(), &"nope.md".into())
    );
    assert_eq!(
        of_kind("broken_anchor")["target"],
        "servers/UPS-の交換.md#ない"
    );
    let overdue = of_kind("overdue");
    assert_eq!(overdue["due"], "2021-01-01");
    assert!(overdue.get("target").is_none(), "{overdue}");

    let o = cli.run(
        v,
        &["render", "-"],
        b"# Hi\n\n<script>x()</script>\n\n[a](javascript:x())",
    );
    let html = stdout(&o);
    assert!(
        html.contains("<h1 id=\"hk-hi\">Hi</h1>")
            && !html.contains("<script")
            && !html.contains("href=\"javascript"),
        "{html}"
    );

    let o = cli.run(v, &["reviewed", "old.md"], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(v.join("old.md")).expect("read");
    assert!(
        !text.contains("2020-01-01") && text.contains("review_every: 1y\n---\n[壊れた]"),
        "{text}"
    );
}

#[test]
fn backlinks_lists_the_runbooks_linking_to_a_path() {
    let cli = Cli::new();
    let dir = init(&cli);
    let v = dir.path();
    for (path, text) in [
        ("net/vpn.md", "# VPN 接続\n"),
        ("start.md", "---\nrelated: [net/vpn.md]\n---\n# はじめに\n"),
        ("net/faq.md", "# よくある質問\n[VPN](vpn.md#手順)\n"),
    ] {
        let o = cli.run(v, &["save", path], text.as_bytes());
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let o = cli.run(v, &["backlinks", "net/vpn.md"], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "net/faq.md\tよくある質問\nstart.md\tはじめに\n");
    let j = json(&cli.run(v, &["backlinks", "--json", "./net/vpn.md"], b""));
    assert_eq!(j["path"], "net/vpn.md");
    assert_eq!(j["total"], 2);
    assert_eq!(j["runbooks"][0]["title"], "よくある質問");
    let o = cli.run(v, &["backlinks", "start.md"], b"");
    assert_eq!(stdout(&o).trim(), "no runbook links here");
    // `mv` renames as one commit, and the links follow.
    let o = cli.run(v, &["mv", "net/vpn.md", "vpn/setup.md"], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("links updated in net/faq.md"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(v.join("net/faq.md")).expect("read"),
        "# よくある質問\n[VPN](../vpn/setup.md#手順)\n"
    );
    let j = json(&cli.run(v, &["backlinks", "--json", "vpn/setup.md"], b""));
    assert_eq!(j["total"], 2);
    let o = cli.run(v, &["mv", "vpn/setup.md", "start.md"], b"");
    assert_eq!(
        o.status.code(),
        Some(1),
        "an existing file is never overwritten"
    );
    let o = cli.run(v, &["backlinks", "../outside.md"], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("outside the vault"), "{}", stderr(&o));
}

#[test]
fn attach_stores_an_image_as_a_commit_and_prints_its_link() {
    let cli = Cli::new();
    let dir = init(&cli);
    let v = dir.path();
    common::write(v, "printers/jam.md", "# 紙詰まり\n");
    let files = tempfile::tempdir().expect("tmp");
    let image = files.path().join("エラー画面 [1].png");
    std::fs::write(&image, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").expect("write");
    let img = image.to_str().expect("utf-8");
    let o = cli.run(v, &["attach", "printers/jam.md", img], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "![エラー画面 1](../attachments/エラー画面-1.png)\n"
    );
    assert!(
        stderr(&o).contains("saved attachments/エラー画面-1.png (commit "),
        "{}",
        stderr(&o)
    );
    assert!(v.join("attachments/エラー画面-1.png").is_file());
    // The same file again gets a new name; nothing is overwritten.
    let o = cli.run(v, &["attach", "printers/jam.md", img], b"");
    assert_eq!(
        stdout(&o),
        "![エラー画面 1](../attachments/エラー画面-1-2.png)\n"
    );
    // Not an image, and a runbook path out of the vault: clear errors, nothing written.
    let text = files.path().join("notes.txt");
    std::fs::write(&text, "not an image").expect("write");
    let o = cli.run(
        v,
        &["attach", "printers/jam.md", text.to_str().expect("utf-8")],
        b"",
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("not an image the preview can show"),
        "{}",
        stderr(&o)
    );
    let o = cli.run(v, &["attach", "../x.md", img], b"");
    assert!(stderr(&o).contains("outside the vault"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_dir(v.join("attachments"))
            .expect("dir")
            .count(),
        2
    );
}

#[test]
fn help_lists_every_command() {
    let cli = Cli::new();
    let o = cli.run(std::path::Path::new("."), &["--help"], b"");
    let help = stdout(&o);
    for cmd in [
        "init",
        "list",
        "new",
        "save",
        "hash",
        "render",
        "log",
        "diff",
        "restore",
        "blame",
        "check",
        "index",
        "search",
        "backlinks",
        "reviewed",
        "attach",
        "demo",
    ] {
        assert!(help.contains(cmd), "{cmd} missing from --help");
    }
}

#[test]
fn demo_vault_is_a_separate_repository_in_the_data_folder() {
    let cli = Cli::new();
    let o = cli.run(std::path::Path::new("."), &["demo"], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let path = std::path::PathBuf::from(stdout(&o).trim());
    assert!(path.starts_with(cli.home.path()), "{}", path.display());
    assert!(path.join(".git").is_dir() && path.join("start-here.md").exists());
    let repo = git2::Repository::open(&path).expect("repo");
    assert_eq!(
        repo.revwalk()
            .map(|mut w| {
                w.push_head().ok();
                w.count()
            })
            .unwrap_or(0),
        1
    );
    // The project's own repository is untouched: the demo is not inside it.
    assert!(!path.starts_with(common::project_root()));
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    // `hikitsugi search … | head -1`: the reader closes the pipe after the first line. The
    // command stops quietly with success, not with "Broken pipe" and exit code 1.
    let cli = Cli::new();
    let dir = init(&cli);
    for i in 0..1500 {
        common::write(
            dir.path(),
            &format!("servers/s{i:04}.md"),
            &format!("---\ntitle: サーバー {i} の再起動手順\nsystem: サーバー\n---\n\nサーバーを再起動する前に、利用者へ連絡する。[連絡先](contacts/c{i}.md)\n"),
        );
    }
    for args in [
        &["list", "--json"][..],
        &["search", "--json", "--limit", "1500", "サーバー"][..],
        &["check"][..],
    ] {
        let mut child = cli
            .command(dir.path())
            .args(args)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut first = [0u8; 16];
        std::io::Read::read_exact(&mut child.stdout.take().expect("stdout"), &mut first)
            .expect("some output");
        // stdout is dropped here: the pipe is closed with most of the output unread.
        let o = child.wait_with_output().expect("wait");
        let err = stderr(&o);
        assert!(
            !err.contains("Broken pipe") && !err.contains("panicked"),
            "{args:?}: {err}"
        );
        // check exits 5 for what it found (every runbook links to a missing contact page).
        let expected = if args[0] == "check" { 5 } else { 0 };
        assert_eq!(o.status.code(), Some(expected), "{args:?}: {err}");
    }
}
