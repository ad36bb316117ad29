//! `export::export_html` on a copy of the sample vault: one page per runbook with its links
//! pointing at the other pages, the images they use copied along, an index, no script
//! anywhere, and a destination that is never the vault and never someone else's folder. The
//! pages in a real browser: tests/export/export.test.mjs.

mod common;

use hikitsugi::export::{export_html, ExportError, MARKER};
use hikitsugi::template::Lang;
use hikitsugi::workspace::today;

fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_runbook_becomes_a_page_with_working_links_and_its_images() {
    let (dir, vault) = common::sample_vault();
    // A file that cannot be exported is reported, never fatal.
    std::fs::write(dir.path().join("broken.md"), b"\xff\xfe not utf-8").expect("write");
    // A runbook with a password in it is exported, and named so that the user can check it.
    std::fs::write(
        dir.path().join("notes/wifi-guest.md"),
        "# ゲスト Wi-Fi\n\nSSID: Guest-5G\nパスワード：Gst#2026wifi\n",
    )
    .expect("write");
    let out_parent = tempfile::tempdir().expect("tmp");
    let out = out_parent.path().join("site");
    let report = export_html(&vault, &out, Lang::Ja, today()).expect("export");
    let runbooks = vault.list().expect("list").len();
    assert_eq!(report.pages, runbooks - 1);
    assert_eq!(report.skipped.len(), 1, "{:?}", report.skipped);
    assert!(
        report.skipped[0].contains("broken.md"),
        "{:?}",
        report.skipped
    );
    assert_eq!(report.with_secrets, ["notes/wifi-guest.md"]);
    assert_eq!(report.files, 4, "the four attachment images");
    assert!(out.join("attachments/mfp-jam-locations.png").is_file());
    assert!(out.join(MARKER).is_file() && out.join("style.css").is_file());

    let jam = read(&out.join("printers/mfp-paper-jam.html"));
    assert!(
        jam.contains("<title>複合機（プリンター）の紙詰まり対応</title>"),
        "{jam}"
    );
    assert!(
        jam.contains("href=\"cannot-print.html\""),
        "links go to pages"
    );
    assert!(jam.contains("href=\"../contacts/vendors.html\""));
    assert!(jam.contains("src=\"../attachments/mfp-jam-locations.png\""));
    assert!(jam.contains("<a href=\"../index.html\">"));
    let outage = read(&out.join("incidents/power-outage.html"));
    assert!(
        outage.contains("href=\"../servers/server-restart-order.html#hk-停止順序\""),
        "a fragment points at the heading's id"
    );
    assert!(read(&out.join("servers/server-restart-order.html")).contains("id=\"hk-停止順序\""));
    // GitHub's alerts keep their kind; the style sheet titles them in the export's language.
    assert!(
        outage.contains("<blockquote class=\"markdown-alert-caution\">"),
        "{outage}"
    );
    assert!(read(&out.join("style.css")).contains("--hk-alert-caution: \"注意\";"));

    let index = read(&out.join("index.html"));
    assert!(index.contains(
        "<a href=\"printers/mfp-paper-jam.html\">複合機（プリンター）の紙詰まり対応</a>"
    ));
    assert!(index.contains("要レビュー"), "overdue reviews are marked");
    for entry in walk(&out) {
        if entry.extension().is_some_and(|e| e == "html") {
            let html = read(&entry);
            assert!(
                !html.to_ascii_lowercase().contains("<script"),
                "{}",
                entry.display()
            );
            assert!(html.contains("default-src 'none'"), "{}", entry.display());
        }
    }
}

#[test]
fn the_destination_is_never_the_vault_or_someone_elses_folder() {
    let (dir, vault) = common::sample_vault();
    let inside = dir.path().join("export");
    assert!(matches!(
        export_html(&vault, &inside, Lang::En, today()),
        Err(ExportError::InsideVault(_))
    ));
    assert!(!inside.exists());
    assert!(matches!(
        export_html(
            &vault,
            dir.path().parent().expect("parent"),
            Lang::En,
            today()
        ),
        Err(ExportError::ContainsVault(_))
    ));
    let other = tempfile::tempdir().expect("tmp");
    std::fs::write(other.path().join("mine.txt"), "keep me").expect("write");
    assert!(matches!(
        export_html(&vault, other.path(), Lang::En, today()),
        Err(ExportError::NotEmpty(_))
    ));
    assert_eq!(read(&other.path().join("mine.txt")), "keep me");

    // An earlier export is replaced whole: a runbook deleted since has no page left.
    let site = other.path().join("site");
    export_html(&vault, &site, Lang::En, today()).expect("export");
    assert!(read(&site.join("index.html")).contains("<h1>Runbooks — "));
    std::fs::remove_file(dir.path().join("printers/cannot-print.md")).expect("rm");
    export_html(&vault, &site, Lang::En, today()).expect("export again");
    assert!(!site.join("printers/cannot-print.html").exists());
    // A runbook `index.md` at the top keeps its page; the overview moves aside.
    std::fs::write(dir.path().join("index.md"), "# 目次ページ\n").expect("write");
    let report = export_html(&vault, &site, Lang::En, today()).expect("export");
    assert_eq!(report.index, "hikitsugi-index.html");
    assert!(read(&site.join("index.html")).contains("目次ページ"));
    assert!(read(&site.join("printers/mfp-paper-jam.html"))
        .contains("href=\"../hikitsugi-index.html\""));
    assert!(
        read(&site.join("hikitsugi-index.html")).contains("<a href=\"index.html\">目次ページ</a>")
    );
    assert!(site.join("printers/mfp-paper-jam.html").exists());
    let leftovers: Vec<_> = std::fs::read_dir(other.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(leftovers.len(), 2, "no staging folder left: {leftovers:?}");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("read dir") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
