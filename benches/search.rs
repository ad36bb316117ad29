//! Search benchmarks (run with `cargo bench --bench search`), on copies in a temp folder:
//! - the sample vault and `../shared/corpus` (about 4,850 documents): index build time and
//!   size, query latency p50/p95 in process, recall@10 and MRR against the judged queries;
//! - a 20,000-file vault from `make-large.sh`: build time, size, p95, and save → searchable.
//!
//! Set `HIKITSUGI_BENCH_LARGE=0` to skip the 20,000-file part.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use hikitsugi::search::{SearchIndex, SearchOptions};
use hikitsugi::store::Base;
use hikitsugi::vault::Vault;
use hikitsugi::workspace::Workspace;

const REPEATS: usize = 20;

struct Quality {
    recall: f64,
    mrr: f64,
    misses: Vec<String>,
}

fn quality(
    index: &SearchIndex,
    vault: &Vault,
    judged: &[(String, Vec<String>)],
    prefix: &str,
) -> Quality {
    let opts = SearchOptions {
        limit: 10,
        ..Default::default()
    };
    let (mut found, mut expected, mut rr) = (0usize, 0usize, 0.0);
    let mut misses = Vec::new();
    for (q, want) in judged {
        let res = index.search(vault, q, &opts).expect("search");
        let paths: Vec<String> = res
            .hits
            .iter()
            .map(|h| format!("{prefix}{}", h.path))
            .collect();
        expected += want.len();
        let hit_count = want.iter().filter(|w| paths.contains(w)).count();
        found += hit_count;
        if hit_count < want.len() {
            misses.push(format!(
                "{q} → want {want:?}, got {:?}",
                &paths[..paths.len().min(3)]
            ));
        }
        if let Some(rank) = paths.iter().position(|p| want.contains(p)) {
            rr += 1.0 / (rank as f64 + 1.0);
        }
    }
    Quality {
        recall: found as f64 / expected.max(1) as f64,
        mrr: rr / judged.len().max(1) as f64,
        misses,
    }
}

/// When the index's pages are handed back before each query (as the app does once searching
/// pauses, see `SearchIndex::release_pages`).
#[derive(Clone, Copy, PartialEq)]
enum Pages {
    Kept,
    Released,
}

fn latencies(
    index: &SearchIndex,
    vault: &Vault,
    queries: &[String],
    snippets: bool,
    pages: Pages,
) -> common::Stats {
    let opts = SearchOptions {
        limit: 10,
        no_snippets: !snippets,
        ..Default::default()
    };
    // Warm up once.
    for q in queries {
        index.search(vault, q, &opts).expect("search");
    }
    let mut samples = Vec::with_capacity(queries.len() * REPEATS);
    for _ in 0..REPEATS {
        for q in queries {
            if pages == Pages::Released {
                index.release_pages();
            }
            let t = Instant::now();
            let res = index.search(vault, q, &opts).expect("search");
            samples.push(t.elapsed());
            std::hint::black_box(res);
        }
    }
    common::stats(samples)
}

fn build(vault: &Vault) -> (SearchIndex, Duration) {
    let t = Instant::now();
    let mut index = SearchIndex::recreate(vault, "benchmark").expect("create");
    index.reconcile(vault, &mut |_, _| {}).expect("index");
    (index, t.elapsed())
}

fn report_build(name: &str, dir: &Path, index: &SearchIndex, took: Duration) {
    let md = common::markdown_bytes(dir);
    let size = index.size_on_disk();
    println!(
        "{name}: indexed {} docs ({:.1} MB Markdown) in {:.2} s; index {:.1} MB = {:.2}x",
        index.num_docs(),
        md as f64 / 1_048_576.0,
        took.as_secs_f64(),
        size as f64 / 1_048_576.0,
        size as f64 / md as f64
    );
}

fn bench_vault(name: &str, dir: &Path, judged_file: &Path, prefix: &str) -> Vec<String> {
    let vault = Vault::open(dir).expect("vault");
    let (index, took) = build(&vault);
    report_build(name, dir, &index, took);
    let judged = common::judged(judged_file);
    let queries: Vec<String> = judged.iter().map(|(q, _)| q.clone()).collect();
    println!(
        "{name}: query latency with snippets    {}",
        latencies(&index, &vault, &queries, true, Pages::Kept)
    );
    println!(
        "{name}: query latency without snippets {}",
        latencies(&index, &vault, &queries, false, Pages::Kept)
    );
    println!(
        "{name}: query latency with snippets, pages handed back before each query {}",
        latencies(&index, &vault, &queries, true, Pages::Released)
    );
    let q = quality(&index, &vault, &judged, prefix);
    println!(
        "{name}: {} judged queries: recall@10 {:.3}, MRR {:.3}",
        judged.len(),
        q.recall,
        q.mrr
    );
    for m in &q.misses {
        println!("    miss: {m}");
    }
    queries
}

fn main() {
    println!("machine: {}", common::machine());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));

    let sample = tempfile::tempdir().expect("tmp");
    common::copy_tree(&root.join("runbooks"), sample.path());
    bench_vault(
        "sample vault",
        sample.path(),
        &root.join("benches/queries/vault.tsv"),
        "",
    );

    let Some(corpus) = common::corpus_dir() else {
        println!("corpus not found (set HIKITSUGI_CORPUS or put it at ../shared/corpus): skipping corpus benchmarks");
        return;
    };
    let copy = tempfile::tempdir().expect("tmp");
    common::copy_tree(&corpus, copy.path());
    let queries = bench_vault(
        "corpus",
        copy.path(),
        &root.join("benches/queries/corpus.tsv"),
        "",
    );

    if std::env::var("HIKITSUGI_BENCH_LARGE").as_deref() == Ok("0") {
        return;
    }
    let large_parent = tempfile::tempdir().expect("tmp");
    let large = large_parent.path().join("large");
    let status = std::process::Command::new("bash")
        .arg(corpus.join("make-large.sh"))
        .arg(&large)
        .status()
        .expect("make-large.sh");
    assert!(status.success());
    let vault = Vault::init(&large).expect("vault");
    let (index, took) = build(&vault);
    report_build("20k vault", &large, &index, took);
    println!(
        "20k vault: query latency with snippets    {}",
        latencies(&index, &vault, &queries, true, Pages::Kept)
    );
    println!(
        "20k vault: query latency without snippets {}",
        latencies(&index, &vault, &queries, false, Pages::Kept)
    );
    println!(
        "20k vault: query latency with snippets, pages handed back before each query {}",
        latencies(&index, &vault, &queries, true, Pages::Released)
    );

    // "Linked from" (the app asks for it each time a runbook opens): every 50th runbook.
    let files = vault.list().expect("list");
    let targets: Vec<&str> = files.iter().step_by(50).map(|f| f.path.as_str()).collect();
    let mut linked = 0;
    let samples = common::time_n(targets.len(), |i| {
        let (total, _) = index.linking_to(targets[i], 500).expect("backlinks");
        linked += usize::from(total > 0);
    });
    println!(
        "20k vault: backlinks lookup ({linked} of {} runbooks linked to) {}",
        targets.len(),
        common::stats(samples)
    );

    // save → on disk → committed → searchable, in a 20,000-file Git repository.
    let t = Instant::now();
    hikitsugi::history::History::open(&vault)
        .expect("history")
        .commit_all("large")
        .expect("commit");
    println!(
        "20k vault: initial commit of all files in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    // As in the app: the bulk indexing writer is gone once the vault is indexed (reconcile
    // waits for its merges and drops it), and saves open a small one.
    let mut ws = Workspace::open(vault.clone());
    ws.attach_index(index);
    let filler = "サーバールームの UPS を確認し、NAS のバックアップ結果を記録する。\n".repeat(120);
    let save = |ws: &mut Workspace, i: usize, word: &str| {
        let text = format!("---\ntitle: 保存ベンチ {i}\n---\n# 合言葉 {word}{i}\n{filler}");
        let saved = ws
            .save("bench/save-target.md", text.as_bytes(), Base::Any, None)
            .expect("save");
        assert!(saved.warnings.is_empty(), "{:?}", saved.warnings);
    };
    let samples = common::time_n(100, |i| save(&mut ws, i, "zqxbench"));
    let found = ws
        .index()
        .expect("index")
        .search(
            &vault,
            "zqxbench99",
            &SearchOptions {
                limit: 1,
                ..Default::default()
            },
        )
        .expect("search");
    assert_eq!(
        found.hits.first().map(|h| h.path.as_str()),
        Some("bench/save-target.md")
    );
    println!(
        "20k vault: save → committed → searchable (10 KB) {}",
        common::stats(samples)
    );
    // As a person saves: seconds apart, so the repository index update of the last save (on
    // its own thread) is done before the next one. 300 ms is enough for it here.
    let mut samples = Vec::new();
    for i in 0..30 {
        std::thread::sleep(Duration::from_millis(300));
        let t = Instant::now();
        save(&mut ws, i, "zqxpause");
        samples.push(t.elapsed());
    }
    println!(
        "20k vault: save → committed → searchable, saves 300 ms apart (10 KB) {}",
        common::stats(samples)
    );

    // A rename with the index attached (as in the app): only the runbooks the index lists as
    // linking to the moved one are read. The most linked-to page of the corpus, back and forth.
    let helper = "copy-1/en/openshift-runbooks/alerts/openshift-container-storage-operator/helpers/gatherLogs.md";
    let moved = "copy-1/gather-logs.md";
    let (linked, _) = ws
        .index()
        .expect("index")
        .linking_to(helper, 500)
        .expect("backlinks");
    let samples = common::time_n(20, |i| {
        let (from, to) = if i % 2 == 0 {
            (helper, moved)
        } else {
            (moved, helper)
        };
        let saved = ws.rename(from, to).expect("rename");
        assert_eq!(saved.links_updated.len(), linked, "{:?}", saved.warnings);
    });
    println!(
        "20k vault: rename with the links of {linked} runbooks following it, index attached {}",
        common::stats(samples)
    );
}
