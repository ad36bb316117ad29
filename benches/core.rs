//! Benchmarks of the foundation budgets (run with `cargo bench --bench core`):
//! - save → on disk → committed, for a 10 KB runbook in a 20,000-file repository (≤ 30 ms);
//! - a rename in that repository, with the links of 20 runbooks following it (no budget);
//! - render of a 100 KB runbook;
//! - what the app adds before each save: looking for passwords the save would add (10 KB),
//!   and the same scan over a 1 MB runbook and over one 1.9 MB line full of passwords.

mod common;

use hikitsugi::store::Base;
use hikitsugi::vault::Vault;
use hikitsugi::workspace::Workspace;

fn runbook_text(bytes: usize, salt: usize) -> String {
    let para = "## 手順\n\n1. サーバールームの UPS の表示を確認する。\n2. `ping 192.168.10.1` で疎通を確認する。\n\n| 項目 | 値 |\n|---|---|\n| 担当 | 佐藤 |\n\nThe NAS restarted after the update. [VPN](../network/vpn.md)\n\n";
    let mut s = format!(
        "---\ntitle: ベンチマーク {salt}\nsystem: NAS\nkind: procedure\n---\n# 見出し {salt}\n\n"
    );
    while s.len() < bytes {
        s.push_str(para);
    }
    s
}

fn main() {
    println!("machine: {}", common::machine());
    // A 20,000-file repository, committed.
    let dir = tempfile::tempdir().expect("tmp");
    let vault = Vault::init(dir.path()).expect("init");
    for i in 0..20_000 {
        let p = dir.path().join(format!("d{:03}/r{i:05}.md", i % 200));
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        // One runbook in a thousand links to the one the rename bench moves.
        let link = if i % 1000 == 0 {
            "\n[対象](../d007/target.md)\n"
        } else {
            ""
        };
        std::fs::write(p, format!("---\ntitle: 文書 {i}\n---\n本文 {i}\n{link}")).expect("write");
    }
    let setup = std::time::Instant::now();
    hikitsugi::history::History::open(&vault)
        .expect("history")
        .commit_all("20k files")
        .expect("commit");
    println!(
        "setup: 20,000 files committed in {:.1} s",
        setup.elapsed().as_secs_f64()
    );

    let mut ws = Workspace::open(vault);
    let samples = common::time_n(200, |i| {
        let text = runbook_text(10 * 1024, i);
        let saved = ws
            .save("d007/target.md", text.as_bytes(), Base::Any, None)
            .expect("save");
        assert!(saved.commit.is_some());
    });
    println!("save_commit_10kb_in_20k_repo: {}", common::stats(samples));

    let samples = common::time_n(200, |i| {
        let text = runbook_text(10 * 1024, i + 1) + "\n初期パスワード：Welcome2026!\n";
        assert_eq!(ws.secrets_added("d007/target.md", text.as_bytes()).len(), 1);
    });
    println!("secrets_added_10kb: {}", common::stats(samples));
    let big = runbook_text(1024 * 1024, 0);
    let samples = common::time_n(50, |_| {
        assert!(hikitsugi::secrets::find(&big).is_empty());
    });
    println!("secrets_find_1mb: {}", common::stats(samples));
    // One 1.9 MB line holding 100,000 passwords: each is looked at once, not with the rest of
    // its line (that first version took 21 s here).
    let line = "password: Abc#1234 ".repeat(100_000);
    let samples = common::time_n(5, |_| {
        assert_eq!(hikitsugi::secrets::find(&line).len(), 100_000);
    });
    println!("secrets_find_one_long_line: {}", common::stats(samples));
    // One 1.2 MB line of commands that name a password option without a value: every command
    // pattern reads the line once.
    let line = "mysql -h db01 -u app --password curl -u admin sshpass ".repeat(20_000);
    let samples = common::time_n(5, |_| {
        assert!(hikitsugi::secrets::find(&line).is_empty());
    });
    println!("secrets_find_commands_line: {}", common::stats(samples));

    // A rename reads every runbook that names the file and re-points its links (here 20),
    // all in one commit.
    let samples = common::time_n(20, |i| {
        let (from, to) = if i % 2 == 0 {
            ("d007/target.md", "d008/moved/target.md")
        } else {
            ("d008/moved/target.md", "d007/target.md")
        };
        let saved = ws.rename(from, to).expect("rename");
        assert_eq!(saved.links_updated.len(), 21, "{:?}", saved.links_updated);
    });
    println!(
        "rename_relinking_20_in_20k_repo: {}",
        common::stats(samples)
    );

    let doc = runbook_text(100 * 1024, 0);
    let samples = common::time_n(200, |_| {
        let html = hikitsugi::render::render(&doc, "a/b.md", &hikitsugi::render::RelativeImages);
        assert!(html.len() > 100_000);
    });
    println!("render_100kb: {}", common::stats(samples));
}
