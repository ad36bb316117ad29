//! Shared helpers for the benchmarks: percentiles, timing, and locating the corpus.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Latency statistics of a list of samples.
pub struct Stats {
    pub n: usize,
    pub p50: Duration,
    pub p95: Duration,
    pub p99: Duration,
    pub max: Duration,
    pub mean: Duration,
}

pub fn stats(mut samples: Vec<Duration>) -> Stats {
    samples.sort();
    let n = samples.len().max(1);
    let pick = |q: f64| {
        samples
            .get(
                ((n as f64 * q).ceil() as usize)
                    .saturating_sub(1)
                    .min(n - 1),
            )
            .copied()
            .unwrap_or_default()
    };
    let total: Duration = samples.iter().sum();
    Stats {
        n: samples.len(),
        p50: pick(0.50),
        p95: pick(0.95),
        p99: pick(0.99),
        max: samples.last().copied().unwrap_or_default(),
        mean: total / n as u32,
    }
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

impl std::fmt::Display for Stats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "n={} p50={:.3} ms p95={:.3} ms p99={:.3} ms max={:.3} ms mean={:.3} ms",
            self.n,
            ms(self.p50),
            ms(self.p95),
            ms(self.p99),
            ms(self.max),
            ms(self.mean)
        )
    }
}

/// Runs `f` `n` times and returns the durations.
pub fn time_n(n: usize, mut f: impl FnMut(usize)) -> Vec<Duration> {
    (0..n)
        .map(|i| {
            let t = Instant::now();
            f(i);
            t.elapsed()
        })
        .collect()
}

/// The shared corpus (`HIKITSUGI_CORPUS`, else `../shared/corpus` beside the project), if present.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("HIKITSUGI_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    dir.join("SOURCES.txt").exists().then_some(dir)
}

/// Copies every file below `from` into `to` (benchmarks work on copies: the index lives in
/// the vault folder and the corpus is read-only).
pub fn copy_tree(from: &Path, to: &Path) -> u64 {
    let mut bytes = 0;
    for e in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = e.path().strip_prefix(from).unwrap_or(e.path());
        let target = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).ok();
        } else if e.file_type().is_file() {
            if let Some(p) = target.parent() {
                std::fs::create_dir_all(p).ok();
            }
            bytes += std::fs::copy(e.path(), &target).unwrap_or(0);
        }
    }
    bytes
}

/// Markdown bytes below a folder.
pub fn markdown_bytes(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .filter(|e| !e.path().components().any(|c| c.as_os_str() == ".hikitsugi"))
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}

/// Judged queries: (query, expected paths).
pub fn judged(file: &Path) -> Vec<(String, Vec<String>)> {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let (q, e) = l.split_once('\t')?;
            Some((
                q.to_string(),
                e.split('|')
                    .map(|p| p.trim().to_string())
                    .filter(|p| !p.is_empty())
                    .collect(),
            ))
        })
        .collect()
}

/// A machine description line for reports.
pub fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_default();
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    format!("{cores} cores, {cpu}")
}
