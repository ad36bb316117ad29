//! Search on a copy of the sample vault with a real tantivy index on disk: the queries people
//! type find the right runbook, odd input never crashes, saves are searchable at once, changes
//! made behind the app's back are reconciled, and a damaged index is rebuilt.

mod common;

use hikitsugi::search::{FilterField, SearchIndex, SearchOptions, SearchResults};
use hikitsugi::store::Base;
use hikitsugi::vault::Vault;
use hikitsugi::workspace::Workspace;

fn open(vault: &Vault) -> SearchIndex {
    let mut index = SearchIndex::open(vault).expect("open index");
    index.reconcile(vault, &mut |_, _| {}).expect("reconcile");
    index
}

fn search(index: &SearchIndex, vault: &Vault, q: &str, n: usize) -> SearchResults {
    index
        .search(
            vault,
            q,
            &SearchOptions {
                limit: n,
                ..Default::default()
            },
        )
        .expect("search")
}

fn top(index: &SearchIndex, vault: &Vault, q: &str, n: usize) -> Vec<String> {
    search(index, vault, q, n)
        .hits
        .into_iter()
        .map(|h| h.path)
        .collect()
}

fn assert_top(index: &SearchIndex, vault: &Vault, q: &str, n: usize, want: &str) {
    let got = top(index, vault, q, n);
    assert!(
        got.iter().any(|p| p == want),
        "`{q}`: expected {want} in the top {n}, got {got:?}"
    );
}

#[test]
fn people_find_the_right_runbook() {
    let (_dir, vault) = common::sample_vault();
    let index = open(&vault);
    let cases = [
        ("パスワード忘れた", 3, "accounts/password-reset.md"),
        ("パスワードを忘れた", 3, "accounts/password-reset.md"),
        ("ﾊﾟｽﾜｰﾄﾞ", 5, "accounts/password-reset.md"),
        ("プリンター紙詰まり", 3, "printers/mfp-paper-jam.md"),
        ("VPN 繋がらない", 3, "network/vpn-troubleshooting.md"),
        ("ＶＰＮ", 10, "network/utm-fortigate.md"),
        ("vpn", 10, "network/vpn-troubleshooting.md"),
        ("鍵", 3, "security/key-management.md"),
        ("サーバー 停止 順番", 3, "servers/server-restart-order.md"),
        ("サーバ 停止 順番", 3, "servers/server-restart-order.md"),
        ("コンピュータ 資産台帳", 5, "endpoints/asset-inventory.md"),
        (
            "The trust relationship between this workstation and the primary domain failed",
            3,
            "endpoints/trust-relationship-failed.md",
        ),
        (
            "Unable to establish the VPN connection",
            3,
            "network/vpn-troubleshooting.md",
        ),
        (
            "destination is unreachable",
            3,
            "backup/hyper-backup-failed.md",
        ),
        ("restarting", 10, "endpoints/trust-relationship-failed.md"),
        ("退職者のアカウント消す", 3, "accounts/leaver.md"),
        ("印刷できない", 3, "printers/cannot-print.md"),
        ("申し込み", 10, "licenses/domain-ssl-renewal.md"),
        ("申込", 10, "licenses/license-renewal.md"),
    ];
    let mut failures = Vec::new();
    for (q, n, want) in cases {
        let got = top(&index, &vault, q, n);
        if !got.iter().any(|p| p == want) {
            failures.push(format!(
                "`{q}`: expected {want} in the top {n}, got {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Vocabulary the runbook and the query do not share: verbs the runbook never uses, compounds
/// the dictionary does not know, identifiers written in camel case.
#[test]
fn queries_in_other_words_still_find_the_runbook() {
    let (_dir, vault) = common::vault();
    let root = vault.root().to_path_buf();
    // Many runbooks mention backups and "取る" in passing; the one about backups does not.
    for i in 0..15 {
        common::write(
            &root,
            &format!("misc/note-{i:02}.md"),
            &format!("# 作業メモ {i}\n\n作業の前にはバックアップを取る。連絡を取る相手は総務。\n"),
        );
    }
    common::write(
        &root,
        "backup/nas-backup.md",
        "# NAS のバックアップ手順\n\nHyper Backup のジョブを実行し、完了通知を確認する。\n",
    );
    common::write(
        &root,
        "network/tcpdump.md",
        "# 通信の調査\n\ntcpdump でパケットを保存し、Wireshark でキャプチャを開く。\n",
    );
    common::write(
        &root,
        "alerts/ceph.md",
        "# CephClusterNearFull\n\nThe storage cluster is above 75% of its capacity.\n",
    );
    let index = open(&vault);
    assert_top(
        &index,
        &vault,
        "バックアップ取りたい",
        1,
        "backup/nas-backup.md",
    );
    // パケットキャプチャ is one unknown word to the dictionary: before the compound was split
    // it found nothing at all.
    assert_top(
        &index,
        &vault,
        "パケットキャプチャ",
        1,
        "network/tcpdump.md",
    );
    assert_top(&index, &vault, "ceph near full", 1, "alerts/ceph.md");
    assert_top(&index, &vault, "CephClusterNearFull", 1, "alerts/ceph.md");
    assert_top(&index, &vault, "\"cluster near full\"", 1, "alerts/ceph.md");
}

/// When no runbook has every word, the rare word decides: a dozen notes that say "make",
/// "change" and "permanent" must not bury the one runbook about sysctl.
#[test]
fn rare_words_count_for_more_when_not_every_word_matches() {
    let (_dir, vault) = common::vault();
    let root = vault.root().to_path_buf();
    for i in 0..12 {
        common::write(
            &root,
            &format!("notes/change-{i:02}.md"),
            &format!("# Change note {i}\n\nMake the change permanent only after review.\n"),
        );
    }
    common::write(
        &root,
        "servers/kernel-parameters.md",
        "# Kernel parameters with sysctl\n\nPut the setting in /etc/sysctl.d/ so that it survives a reboot.\n",
    );
    let index = open(&vault);
    assert_top(
        &index,
        &vault,
        "make sysctl change permanent",
        1,
        "servers/kernel-parameters.md",
    );
}

/// A long manual that mentions every word once, in passing, must not bury the short runbook
/// that is about the thing asked for, even though that runbook lacks one of the words. The
/// result says the ranking was loose; when every hit has every word, it is a strict search.
#[test]
fn a_runbook_about_the_thing_beats_one_that_mentions_every_word_in_passing() {
    let (_dir, vault) = common::vault();
    let root = vault.root().to_path_buf();
    let filler = "この章ではシステムの一般的な事項を説明する。\n".repeat(400);
    for i in 0..12 {
        common::write(
            &root,
            &format!("manuals/shell-{i:02}.md"),
            &format!("# 総合マニュアル {i}\n\n{filler}\nデフォルトの動作を変更できる。\n\n{filler}\nログインシェルも選べる。\n"),
        );
    }
    common::write(
        &root,
        "accounts/chsh.md",
        "# ログインシェルを変更する\n\nchsh でユーザーのログインシェルを変更する。\n",
    );
    let index = open(&vault);
    let res = search(&index, &vault, "デフォルトシェル変更", 5);
    assert_eq!(res.hits[0].path, "accounts/chsh.md", "{:?}", res.hits);
    assert_eq!(res.mode, "loose");
    let all = search(&index, &vault, "ログインシェル 変更", 5);
    assert_eq!(all.hits[0].path, "accounts/chsh.md");
    // Every manual has both words too: all 13 match every word.
    assert_eq!(all.mode, "strict");
    assert_eq!(all.total, 13);
}

/// Someone who types Japanese wants the Japanese runbook first when an English document
/// matches the same words; an English query has no such preference.
#[test]
fn japanese_queries_prefer_japanese_runbooks() {
    let (_dir, vault) = common::vault();
    let root = vault.root().to_path_buf();
    common::write(
        &root,
        "en/dns-errors.md",
        "# DNS errors\n\nThe DNS server returns errors. Check the DNS configuration and the DNS pods.\n",
    );
    common::write(
        &root,
        "ja/resolver.md",
        "# レゾルバの設定\n\n/etc/resolv.conf に DNS サーバーを書く。名前解決の順序は nsswitch.conf で決まる。\n",
    );
    let index = open(&vault);
    assert_top(&index, &vault, "DNS設定", 1, "ja/resolver.md");
    assert_top(&index, &vault, "dns errors", 1, "en/dns-errors.md");
}

#[test]
fn phrases_exclusions_and_filters() {
    let (_dir, vault) = common::sample_vault();
    let index = open(&vault);
    assert_top(
        &index,
        &vault,
        "\"the destination is unreachable\"",
        3,
        "backup/hyper-backup-failed.md",
    );
    let with = top(&index, &vault, "VPN", 50);
    let without = top(&index, &vault, "VPN -FortiClient", 50);
    assert!(without.len() < with.len(), "{with:?} vs {without:?}");
    assert!(!without.contains(&"network/vpn-troubleshooting.md".to_string()));
    let res = index
        .search(
            &vault,
            "バックアップ",
            &SearchOptions {
                limit: 50,
                filters: vec![(FilterField::Kind, "policy".into())],
                no_snippets: true,
            },
        )
        .expect("search");
    assert!(!res.hits.is_empty());
    assert!(
        res.hits.iter().all(|h| h.kind.as_deref() == Some("policy")),
        "{:?}",
        res.hits.iter().map(|h| &h.path).collect::<Vec<_>>()
    );
    let by_tag = top(&index, &vault, "tag:printer", 50);
    assert!(
        by_tag.contains(&"printers/mfp-paper-jam.md".to_string()),
        "{by_tag:?}"
    );
    let none = top(&index, &vault, "パスワード system:存在しないシステム", 10);
    assert!(none.is_empty(), "{none:?}");
}

#[test]
fn snippets_mark_the_original_characters() {
    let (_dir, vault) = common::sample_vault();
    let index = open(&vault);
    let res = search(&index, &vault, "パスワード リセット 依頼書", 5);
    let hit = res
        .hits
        .iter()
        .find(|h| h.path == "accounts/password-reset.md")
        .expect("hit");
    assert!(hit.snippet.contains("<mark>"), "{}", hit.snippet);
    assert!(hit.line.is_some());
    let res = index
        .search(
            &vault,
            "ＶＰＮ",
            &SearchOptions {
                limit: 20,
                ..Default::default()
            },
        )
        .expect("search");
    let hit = res
        .hits
        .iter()
        .find(|h| h.path == "network/utm-fortigate.md")
        .expect("hit");
    assert!(
        hit.snippet.contains("<mark>ＶＰＮ</mark>") || hit.snippet.contains("<mark>VPN</mark>"),
        "{}",
        hit.snippet
    );
}

/// Resident kilobytes of this process's mappings of files under `dir`, and how many such
/// mappings there are, from /proc/self/smaps.
#[cfg(target_os = "linux")]
fn resident_kb_under(dir: &std::path::Path) -> (u64, u64) {
    let dir = dir.canonicalize().expect("index dir").display().to_string();
    let smaps = std::fs::read_to_string("/proc/self/smaps").expect("smaps");
    let mut inside = false;
    let (mut kb, mut mappings) = (0, 0);
    for line in smaps.lines() {
        let mut words = line.split_whitespace();
        let first = words.next().unwrap_or("");
        if first.contains('-') && !first.ends_with(':') {
            inside = words.nth(4).is_some_and(|path| path.starts_with(&dir));
            mappings += u64::from(inside);
        } else if inside && first == "Rss:" {
            kb += words
                .next()
                .and_then(|n| n.parse::<u64>().ok())
                .unwrap_or(0);
        }
    }
    (kb, mappings)
}

#[cfg(target_os = "linux")]
#[test]
fn an_idle_index_hands_back_its_pages_and_searches_the_same_afterwards() {
    let (_dir, vault) = common::sample_vault();
    let index = open(&vault);
    let queries = [
        "VPN 繋がらない",
        "パスワード忘れた",
        "プリンター紙詰まり",
        "backup restore",
    ];
    let before: Vec<Vec<String>> = queries.iter().map(|q| top(&index, &vault, q, 10)).collect();
    let (read, mappings) = resident_kb_under(index.dir());
    index.release_pages();
    let (kept, _) = resident_kb_under(index.dir());
    // Only the last page of each file, which it shares with nothing but is not whole, stays.
    assert!(
        kept <= 4 * mappings && kept < read,
        "{read} KB resident in {mappings} mappings before, {kept} KB after"
    );
    let after: Vec<Vec<String>> = queries.iter().map(|q| top(&index, &vault, q, 10)).collect();
    assert_eq!(after, before);
    assert!(before.iter().all(|hits| !hits.is_empty()), "{before:?}");
}

#[test]
fn any_query_string_is_answered() {
    let (_dir, vault) = common::sample_vault();
    let index = open(&vault);
    let long = "サーバー".repeat(2_500);
    let odd = [
        "",
        " ",
        "\"",
        "\"\"",
        "-",
        "--",
        "!!!",
        "。、・",
        "(a OR b) AND c*",
        "title:x^2~3",
        "system:",
        "tag:\"",
        "\\",
        "%",
        "*",
        "[[]]",
        "{}",
        "a:b:c",
        "-\"phrase",
        "\u{0}",
        "\u{200b}",
        "🙂",
        long.as_str(),
        "NOT",
        "+required -",
        "ｶﾀｶﾅ ＡＢＣ",
    ];
    for q in odd {
        let res = index.search(
            &vault,
            q,
            &SearchOptions {
                limit: 10,
                ..Default::default()
            },
        );
        let res = res
            .unwrap_or_else(|e| panic!("`{}` failed: {e}", q.chars().take(20).collect::<String>()));
        if res.hits.is_empty() && res.total == 0 && q.trim().is_empty() {
            assert!(res.message.is_some(), "empty query explains itself");
        }
    }
}

#[test]
fn saves_are_searchable_at_once_and_outside_changes_are_reconciled() {
    let (dir, vault) = common::vault();
    common::write(dir.path(), "a.md", "# 最初\n古い内容 ZQXOLD\n");
    let index = open(&vault);
    let mut ws = Workspace::open(vault.clone());
    ws.attach_index(index);
    ws.save(
        "new/ups.md",
        "# UPS 交換\nバッテリーの型番は ZQX-7788\n".as_bytes(),
        Base::New,
        None,
    )
    .expect("save");
    let idx = ws.index().expect("index");
    assert_eq!(top(idx, &vault, "ZQX-7788", 5), vec!["new/ups.md"]);
    ws.rename("new/ups.md", "servers/ups.md").expect("rename");
    assert_eq!(
        top(ws.index().expect("index"), &vault, "ZQX-7788", 5),
        vec!["servers/ups.md"]
    );
    ws.delete("servers/ups.md").expect("delete");
    assert!(top(ws.index().expect("index"), &vault, "ZQX-7788", 5).is_empty());

    // Behind the app's back: add, change, delete, rename.
    drop(ws);
    common::write(
        dir.path(),
        "added.md",
        "# 追加\n外部エディタで追加した ZQXADDED\n",
    );
    std::thread::sleep(std::time::Duration::from_millis(20));
    common::write(dir.path(), "a.md", "# 最初\n新しい内容 ZQXCHANGED\n");
    std::fs::create_dir_all(dir.path().join("moved")).expect("mkdir");
    std::fs::rename(
        dir.path().join("added.md"),
        dir.path().join("moved/added.md"),
    )
    .expect("mv");
    let index = open(&vault);
    assert_eq!(top(&index, &vault, "ZQXADDED", 5), vec!["moved/added.md"]);
    assert_eq!(top(&index, &vault, "ZQXCHANGED", 5), vec!["a.md"]);
    assert!(top(&index, &vault, "ZQXOLD", 5).is_empty());
    // One writer per index: the first handle must go before the next opens.
    drop(index);
    std::fs::remove_file(dir.path().join("moved/added.md")).expect("rm");
    let index = open(&vault);
    assert!(top(&index, &vault, "ZQXADDED", 5).is_empty());
}

#[test]
fn a_plan_from_an_earlier_listing_keeps_runbooks_saved_since() {
    // The app lists the vault without holding the index, then plans: a runbook saved in
    // between is in the index but not in the listing, and must not be deleted from it.
    let (dir, vault) = common::vault();
    common::write(dir.path(), "old.md", "# 古い\n本文 ZQXKEPTOLD\n");
    common::write(dir.path(), "gone.md", "# 消える\n本文 ZQXGONE\n");
    let index = open(&vault);
    let mut ws = Workspace::open(vault.clone());
    ws.attach_index(index);
    std::fs::remove_file(dir.path().join("gone.md")).expect("rm");
    let listing = vault.list().expect("list");
    ws.save(
        "saved-since.md",
        "# 後から保存\n本文 ZQXSAVEDSINCE\n".as_bytes(),
        Base::New,
        None,
    )
    .expect("save");
    let plan = ws.index().expect("index").plan_listed(&vault, listing);
    assert_eq!(plan.to_delete, vec!["gone.md"]);
    assert!(plan.to_index.is_empty(), "{:?}", plan.to_index);
}

/// A vault of 120 runbooks indexed as the app indexes a new vault: bulk batches of 20, each
/// committed (the merges they start may still be running).
fn bulk_indexed() -> (tempfile::TempDir, Vault, SearchIndex) {
    let (dir, vault) = common::vault();
    for i in 0..120 {
        common::write(
            dir.path(),
            &format!("bulk/{i:03}.md"),
            &format!("# 文書 {i}\n本文 ZQXBULK{i}\n"),
        );
    }
    let mut index = SearchIndex::open(&vault).expect("open");
    let plan = index.plan(&vault).expect("plan");
    let mut report = hikitsugi::search::IndexReport::default();
    for chunk in plan.to_index.chunks(20) {
        index.apply(&vault, chunk, &[], &mut report).expect("apply");
        index.commit().expect("commit");
    }
    (dir, vault, index)
}

#[test]
fn a_save_while_the_first_index_merges_waits_for_the_merges_and_lands() {
    // As the app indexes a new vault: commits of bulk batches, then the merges they started
    // finish on another thread while saves go on.
    let (dir, vault, mut index) = bulk_indexed();
    let merging = index.take_merging_writer().expect("the bulk writer");
    let merges = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(300));
        merging.wait()
    });
    common::write(dir.path(), "late.md", "# 後から\n保存した ZQXLATE\n");
    index
        .update_path(&vault, "late.md")
        .expect("the save waits for the merging writer instead of failing");
    index.commit().expect("commit");
    assert_eq!(top(&index, &vault, "ZQXLATE", 5), vec!["late.md"]);
    merges.join().expect("merge thread").expect("merges");
    index.reload().expect("reload");
    assert_eq!(index.num_docs(), 121);
    assert_eq!(top(&index, &vault, "ZQXBULK7", 5), vec!["bulk/007.md"]);
    assert_eq!(top(&index, &vault, "ZQXLATE", 5), vec!["late.md"]);
}

#[test]
fn a_bulk_index_ends_in_one_segment_and_a_later_bulk_update_leaves_it_alone() {
    let (dir, vault, mut index) = bulk_indexed();
    index.finish_merges().expect("merges");
    let first = index.num_docs() as u32;
    assert_eq!(index.segment_sizes(), vec![first]);
    assert_eq!(top(&index, &vault, "ZQXBULK7", 5), vec!["bulk/007.md"]);

    for i in 0..20 {
        common::write(
            dir.path(),
            &format!("more/{i:02}.md"),
            &format!("# 追加 {i}\n本文 ZQXMORE{i}\n"),
        );
    }
    index
        .reconcile(&vault, &mut |_, _| {})
        .expect("bulk update");
    let sizes = index.segment_sizes();
    assert!(
        sizes.contains(&first),
        "the large segment is not rewritten: {sizes:?}"
    );
    assert_eq!(sizes.iter().sum::<u32>(), first + 20);
    assert_eq!(top(&index, &vault, "ZQXMORE3", 5), vec!["more/03.md"]);
    assert_eq!(top(&index, &vault, "ZQXBULK7", 5), vec!["bulk/007.md"]);
}

#[test]
fn damaged_or_old_indexes_are_rebuilt() {
    let (dir, vault) = common::vault();
    common::write(dir.path(), "a.md", "# 鍵の管理\nサーバールームの鍵\n");
    drop(open(&vault));
    let index_dir = dir.path().join(".hikitsugi/index");

    // Garbage meta.json.
    std::fs::write(index_dir.join("meta.json"), "{ not json").expect("write");
    let mut index = SearchIndex::open(&vault).expect("open");
    assert!(
        index
            .rebuild_reason()
            .is_some_and(|r| r.contains("damaged")),
        "{:?}",
        index.rebuild_reason()
    );
    index.reconcile(&vault, &mut |_, _| {}).expect("reconcile");
    assert_eq!(top(&index, &vault, "鍵", 5), vec!["a.md"]);
    drop(index);

    // A truncated segment file.
    let seg = std::fs::read_dir(&index_dir)
        .expect("ls")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "idx" || x == "term"))
        .max_by_key(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
        .expect("a segment file");
    let len = std::fs::metadata(&seg).expect("meta").len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&seg)
        .expect("open")
        .set_len(len / 2)
        .expect("truncate");
    let mut index = SearchIndex::open(&vault).expect("open");
    assert!(
        index.rebuild_reason().is_some(),
        "truncated segment must be detected"
    );
    index.reconcile(&vault, &mut |_, _| {}).expect("reconcile");
    assert_eq!(top(&index, &vault, "鍵", 5), vec!["a.md"]);
    drop(index);

    // An index from another schema version.
    std::fs::write(
        index_dir.join("hikitsugi-schema.json"),
        "{\"schema_version\": 0}",
    )
    .expect("write");
    let index = SearchIndex::open(&vault).expect("open");
    assert!(index
        .rebuild_reason()
        .is_some_and(|r| r.contains("another version")));
    drop(index);

    // A missing index.
    std::fs::remove_dir_all(&index_dir).expect("rm");
    let index = open(&vault);
    assert_eq!(top(&index, &vault, "鍵", 5), vec!["a.md"]);
}

#[test]
fn cli_search_json_batch_and_index() {
    let (dir, _vault) = common::sample_vault();
    let cli = common::Cli::new();
    let o = cli.run(dir.path(), &["index"], b"");
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert!(
        common::stdout(&o).starts_with("indexed "),
        "{}",
        common::stdout(&o)
    );
    let o = cli.run(
        dir.path(),
        &["search", "--json", "--limit", "3", "パスワード忘れた"],
        b"",
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["query"], "パスワード忘れた");
    assert!(v["total"].as_u64().is_some_and(|t| t >= 1));
    let hit = &v["hits"][0];
    for key in ["path", "title", "score", "snippet"] {
        assert!(hit.get(key).is_some(), "{key}");
    }
    let o = cli.run(
        dir.path(),
        &["search", "--json", "--batch", "--limit", "2"],
        "鍵\nVPN 繋がらない\n\n\"unbalanced\n".as_bytes(),
    );
    assert!(o.status.success(), "{}", common::stderr(&o));
    let lines: Vec<serde_json::Value> = common::stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["query"], "鍵");
    assert_eq!(
        lines[1]["hits"][0]["path"],
        "network/vpn-troubleshooting.md"
    );
    assert_eq!(lines[2]["total"], 0);
    let o = cli.run(
        dir.path(),
        &["search", "--system", "複合機", "紙詰まり"],
        b"",
    );
    assert!(
        common::stdout(&o).contains("printers/mfp-paper-jam.md"),
        "{}",
        common::stdout(&o)
    );
}

#[test]
fn backlinks_come_from_the_index_and_follow_saves_renames_and_deletes() {
    let (dir, vault) = common::sample_vault();
    let index = open(&vault);
    let linking = |index: &SearchIndex, path: &str| -> Vec<String> {
        let (total, list) = index.linking_to(path, 100).expect("backlinks");
        assert_eq!(total, list.len());
        list.into_iter().map(|r| r.path).collect()
    };
    // The sample's own links: the same two runbooks `check` would follow to it.
    assert_eq!(
        linking(&index, "printers/cannot-print.md"),
        ["printers/mfp-paper-jam.md", "start-here.md"]
    );
    // Titles come with the paths.
    let (_, from_start) = index
        .linking_to("notes/handover-backlog.md", 100)
        .expect("backlinks");
    let start = from_start
        .iter()
        .find(|r| r.path == "start-here.md")
        .expect("start-here links it in related:");
    assert_eq!(start.title, "後任者へ：最初に読むページ");

    let mut ws = Workspace::open(vault.clone());
    ws.attach_index(index);
    ws.save(
        "notes/printer-memo.md",
        "# メモ\n[印刷](../printers/cannot-print.md#手順) と [図](../attachments/x.png)\n"
            .as_bytes(),
        Base::New,
        None,
    )
    .expect("save");
    let idx = ws.index().expect("index");
    assert_eq!(
        linking(idx, "printers/cannot-print.md"),
        [
            "notes/printer-memo.md",
            "printers/mfp-paper-jam.md",
            "start-here.md"
        ]
    );
    assert!(
        linking(idx, "attachments/x.png").is_empty(),
        "images are not backlinks"
    );
    // A rename re-points the links, and the index lists them under the new name.
    ws.rename("printers/cannot-print.md", "printers/print-trouble.md")
        .expect("rename");
    let idx = ws.index().expect("index");
    assert!(linking(idx, "printers/cannot-print.md").is_empty());
    assert_eq!(linking(idx, "printers/print-trouble.md").len(), 3);
    ws.delete("notes/printer-memo.md").expect("delete");
    assert_eq!(
        linking(ws.index().expect("index"), "printers/print-trouble.md"),
        ["printers/mfp-paper-jam.md", "start-here.md"]
    );
    // A link written in another editor is found after reconciling.
    drop(ws);
    common::write(dir.path(), "outside.md", "[t](printers/print-trouble.md)\n");
    let index = open(&vault);
    assert_eq!(linking(&index, "printers/print-trouble.md").len(), 3);
}

#[test]
fn a_rename_with_an_index_still_finds_links_written_behind_its_back() {
    let (dir, vault) = common::sample_vault();
    let index = open(&vault);
    let mut ws = Workspace::open(vault.clone());
    ws.attach_index(index);
    // Written in another editor after the index was brought up to date: the index has not
    // seen these links, so the rename must read these files itself.
    common::write(
        dir.path(),
        "notes/outside.md",
        "# 外で書いた\n[印刷](../printers/cannot-print.md)\n\n[未使用]: ../printers/cannot-print.md\n",
    );
    let jam = dir.path().join("printers/mfp-paper-jam.md");
    let before = std::fs::read_to_string(&jam).expect("read");
    std::fs::write(&jam, format!("{before}\n[もう一度](./cannot-print.md)\n")).expect("write");
    let saved = ws
        .rename("printers/cannot-print.md", "printers/print-trouble.md")
        .expect("rename");
    assert!(saved.warnings.is_empty(), "{:?}", saved.warnings);
    let mut updated = saved.links_updated.clone();
    updated.sort();
    assert_eq!(
        updated,
        [
            "notes/outside.md",
            "printers/mfp-paper-jam.md",
            "start-here.md"
        ]
    );
    let outside = std::fs::read_to_string(dir.path().join("notes/outside.md")).expect("read");
    assert_eq!(
        outside,
        "# 外で書いた\n[印刷](../printers/print-trouble.md)\n\n[未使用]: ../printers/print-trouble.md\n"
    );
    let jam = std::fs::read_to_string(&jam).expect("read");
    assert!(
        !jam.contains("cannot-print.md") && jam.ends_with("[もう一度](print-trouble.md)\n"),
        "{jam}"
    );
    let report =
        hikitsugi::check::check_vault(&vault, hikitsugi::workspace::today()).expect("check");
    assert!(
        !report
            .problems
            .iter()
            .any(|p| p.message.contains("cannot-print")),
        "{:?}",
        report.problems
    );
}
