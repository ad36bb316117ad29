//! Snippets: the passage of a runbook with the most distinct query terms, HTML-escaped, with
//! `<mark>` around the matches. Matching runs on normalised text and maps back to the
//! original characters, so `ﾊﾟｽﾜｰﾄﾞ` or `ＶＰＮ` in the file are highlighted as written.
//!
//! Large bodies are scanned in slices: the first slice with the best possible passage wins,
//! and at most [`MAX_SCAN`] bytes are looked at, so a 300 KB manual page costs no more than a
//! short runbook.

use std::borrow::Cow;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use aho_corasick::AhoCorasick;

use super::analysis::normalize::normalize;
use super::markup::{self, Shown};

/// Length of a snippet's passage, in characters of the original text.
const PASSAGE_CHARS: usize = 120;
/// Characters shown before the first match of the passage.
const LEAD_CHARS: usize = 30;
const SLICE: usize = 32 * 1024;
const MAX_SCAN: usize = 128 * 1024;
/// Bytes of the passage's line read before and after it to tell its markup.
const CONTEXT_BYTES: usize = 512;
/// Bytes normalised around a raw match on the fast path.
const REGION_BEFORE: usize = 300;
const REGION_AFTER: usize = 900;

/// Byte ranges of matches, sorted and not overlapping.
type Ranges = Vec<(usize, usize)>;

pub struct Snippet {
    pub html: String,
    pub line: Option<usize>,
}

pub struct Highlighter {
    terms: Vec<String>,
    /// The terms as written, ASCII case ignored: finds raw occurrences in one pass over the
    /// original text. `None` without terms.
    raw: Option<AhoCorasick>,
}

struct Match {
    start: usize,
    end: usize,
    term: usize,
}

impl Highlighter {
    /// `terms` are normalised strings (longest first is best: overlapping shorter matches
    /// inside a longer one are skipped).
    pub fn new(terms: &[String]) -> Highlighter {
        let terms: Vec<String> = terms
            .iter()
            .filter(|t| !t.trim().is_empty())
            .cloned()
            .collect();
        let raw = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(&terms)
            .ok()
            .filter(|_| !terms.is_empty());
        Highlighter { terms, raw }
    }

    /// The snippet of `text` (a whole file) whose body starts at `body_offset`.
    pub fn snippet(&self, text: &str, body_offset: usize) -> Snippet {
        let body = &text[body_offset.min(text.len())..];
        let (best, region_start) = match self.raw_candidate(body) {
            // Fast path: a term occurs as written (ASCII case aside); normalise only the
            // region around the best passage.
            Some(centre) => {
                let start = super::floor_char_boundary(body, centre.saturating_sub(REGION_BEFORE));
                let end = super::floor_char_boundary(body, centre + REGION_AFTER);
                let end = body[end..].find('\n').map_or(body.len(), |nl| end + nl);
                (self.best_in(&body[start..end]).map(|(_, r)| r), start)
            }
            None => (self.scan_slices(body), 0),
        };
        match best {
            Some(ranges) => {
                let ranges: Vec<(usize, usize)> = ranges
                    .iter()
                    .map(|&(a, b)| (a + region_start, b + region_start))
                    .collect();
                let line = text[..body_offset + ranges[0].0].matches('\n').count() + 1;
                Snippet {
                    html: render_passage(body, &ranges),
                    line: Some(line),
                }
            }
            None => Snippet {
                html: render_passage(body, &[]),
                line: None,
            },
        }
    }

    /// The byte offset of the densest cluster of raw (un-normalised) term occurrences, if any
    /// term occurs as written. ASCII lowercasing keeps byte offsets, so this is exact.
    fn raw_candidate(&self, body: &str) -> Option<usize> {
        let raw = self.raw.as_ref()?;
        let mut per_term = vec![0usize; self.terms.len()];
        let mut hits: Vec<(usize, usize)> = Vec::new();
        for m in raw.find_overlapping_iter(body) {
            let ti = m.pattern().as_usize();
            if per_term[ti] < 64 {
                per_term[ti] += 1;
                hits.push((m.start(), ti));
            }
        }
        if hits.is_empty() {
            return None;
        }
        hits.sort_unstable();
        let window = PASSAGE_CHARS * 3;
        let mut best = (0usize, 0usize);
        for i in 0..hits.len() {
            let mut seen: Vec<usize> = Vec::new();
            for h in hits[i..].iter().take_while(|h| h.0 - hits[i].0 <= window) {
                if !seen.contains(&h.1) {
                    seen.push(h.1);
                }
            }
            if seen.len() > best.0 {
                best = (seen.len(), hits[i].0);
            }
        }
        Some(best.1)
    }

    /// Slow path: normalise the body slice by slice (up to [`MAX_SCAN`] bytes).
    fn scan_slices(&self, body: &str) -> Option<Vec<(usize, usize)>> {
        // (distinct terms, match ranges) of the best slice so far.
        let mut best: Option<(usize, Ranges)> = None;
        let mut offset = 0;
        while offset < body.len() && offset < MAX_SCAN {
            let mut end = super::floor_char_boundary(body, offset + SLICE);
            // Cut at a line end so that a character and its combining marks stay together.
            if end < body.len() {
                if let Some(nl) = body[offset..end].rfind('\n') {
                    if nl > 0 {
                        end = offset + nl + 1;
                    }
                }
            }
            if end <= offset {
                end = body.len();
            }
            if let Some((score, ranges)) = self.best_in(&body[offset..end]) {
                let shifted: Vec<(usize, usize)> = ranges
                    .iter()
                    .map(|&(a, b)| (a + offset, b + offset))
                    .collect();
                if best.as_ref().is_none_or(|(s, _)| score > *s) {
                    best = Some((score, shifted));
                }
                if score >= self.terms_distinct_cap() {
                    break;
                }
            }
            offset = end;
        }
        best.map(|(_, ranges)| ranges)
    }

    fn terms_distinct_cap(&self) -> usize {
        self.terms.len().min(4)
    }

    /// The best passage in `part`: (distinct terms, match ranges in `part`).
    fn best_in(&self, part: &str) -> Option<(usize, Vec<(usize, usize)>)> {
        let n = normalize(part);
        let mut matches: Vec<Match> = Vec::new();
        for (ti, term) in self.terms.iter().enumerate() {
            for (pos, _) in n.text.match_indices(term.as_str()).take(64) {
                let end = extend_word(&n.text, pos + term.len(), term);
                if matches.iter().any(|m| pos < m.end && end > m.start) {
                    continue;
                }
                matches.push(Match {
                    start: pos,
                    end,
                    term: ti,
                });
            }
        }
        if matches.is_empty() {
            return None;
        }
        matches.sort_by_key(|m| m.start);
        // Slide a window of PASSAGE_CHARS*3 bytes (roughly) over the matches.
        let window = PASSAGE_CHARS * 3;
        let mut best = (0usize, 0usize, 0usize); // (distinct, count, first index)
        for i in 0..matches.len() {
            let mut seen = Vec::new();
            let mut count = 0;
            for m in matches[i..]
                .iter()
                .take_while(|m| m.end - matches[i].start <= window)
            {
                if !seen.contains(&m.term) {
                    seen.push(m.term);
                }
                count += 1;
            }
            if (seen.len(), count) > (best.0, best.1) {
                best = (seen.len(), count, i);
            }
        }
        let first = &matches[best.2];
        let ranges = matches[best.2..]
            .iter()
            .take_while(|m| m.end - first.start <= window)
            .map(|m| n.original_range(m.start, m.end))
            .collect();
        Some((best.0, ranges))
    }
}

/// The snippets of the files at `paths` (relative to `root`), in order; `None` for a file
/// that cannot be read. Two threads share the work when there is more than a little of it:
/// the top hits are often long manuals, and their snippets are most of a query's time.
pub fn for_files(highlighter: &Highlighter, root: &Path, paths: &[&str]) -> Vec<Option<Snippet>> {
    let one = |path: &str| -> Option<Snippet> {
        let bytes = std::fs::read(root.join(path)).ok()?;
        // Valid UTF-8 (nearly always) is checked on the fast path, with SIMD: the top hits
        // are often manuals of a hundred kilobytes.
        let text = match simdutf8::basic::from_utf8(&bytes) {
            Ok(t) => Cow::Borrowed(t),
            Err(_) => String::from_utf8_lossy(&bytes),
        };
        Some(highlighter.snippet(&text, crate::runbook::body_offset_of(&text)))
    };
    let parallel = std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
    if !parallel || paths.len() < 4 {
        return paths.iter().map(|p| one(p)).collect();
    }
    // Both threads take the next file until none is left.
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(path) = paths.get(i) else {
                return done;
            };
            done.push((i, one(path)));
        }
    };
    let mut out: Vec<Option<Snippet>> = (0..paths.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let helper = scope.spawn(work);
        let mine = work();
        for (i, s) in mine.into_iter().chain(helper.join().unwrap_or_default()) {
            out[i] = s;
        }
    });
    out
}

/// Extends an ASCII match to the end of its word (`restart` → `restarted`), and any match over
/// trailing long-vowel marks that normalisation kept.
fn extend_word(text: &str, mut end: usize, term: &str) -> usize {
    if term
        .bytes()
        .last()
        .is_some_and(|b| b.is_ascii_alphanumeric())
    {
        while end < text.len() && text.as_bytes()[end].is_ascii_alphanumeric() {
            end += 1;
        }
    }
    end
}

/// The passage of `body` around `ranges` (sorted, non-overlapping), escaped, marked, on one line.
fn render_passage(body: &str, ranges: &[(usize, usize)]) -> String {
    let anchor = ranges.first().map_or(0, |r| r.0);
    let start = back_chars(body, anchor, LEAD_CHARS);
    let end = forward_chars(body, start, PASSAGE_CHARS)
        .max(ranges.last().map_or(0, |r| r.1).min(body.len()));
    let passage = &body[start..end];
    // Markup is told from its line: a table's pipes, or a link that starts before the passage
    // or ends after it. Read from the line's start (when near) to its end (or a bit further).
    let line_begin = body[..start].rfind('\n').map_or(0, |n| n + 1);
    let (context, line_start) = if start - line_begin <= CONTEXT_BYTES {
        (line_begin, true)
    } else {
        (start, false)
    };
    let line_end = body[end..].find('\n').map_or(body.len(), |n| end + n);
    let ahead = super::floor_char_boundary(body, line_end.min(end + CONTEXT_BYTES)).max(end);
    let shown = markup::shown(&body[context..ahead], line_start);
    let shown = &shown[start - context..];
    let mut marks = ranges
        .iter()
        .filter(|&&(a, b)| a >= start && b <= end)
        .map(|&(a, b)| (a - start, b - start))
        .peekable();
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut open = false;
    for (i, c) in passage.char_indices() {
        while let Some(&(_, b)) = marks.peek() {
            if i < b {
                break;
            }
            if open {
                out.push_str("</mark>");
                open = false;
            }
            marks.next();
        }
        let c = match shown[i] {
            Shown::Hidden => continue,
            Shown::Space => ' ',
            Shown::Text => c,
        };
        if !open && marks.peek().is_some_and(|&(a, _)| i >= a) {
            out.push_str("<mark>");
            open = true;
        }
        push_plain(&mut out, c);
    }
    if open {
        out.push_str("</mark>");
    }
    if end < body.len() {
        out.push('…');
    }
    out.trim().to_string()
}

fn back_chars(s: &str, from: usize, n: usize) -> usize {
    let before = &s[..from];
    // Prefer starting at the beginning of the line when it is close.
    if let Some(nl) = before.rfind('\n') {
        if before[nl + 1..].chars().count() <= n {
            return nl + 1;
        }
    }
    before
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

fn forward_chars(s: &str, from: usize, n: usize) -> usize {
    s[from..]
        .char_indices()
        .nth(n)
        .map_or(s.len(), |(i, _)| from + i)
}

/// Escapes HTML and folds runs of white space (and Markdown line structure) into one space.
fn push_plain(out: &mut String, c: char) {
    if c.is_whitespace() {
        if !out.ends_with(' ') {
            out.push(' ');
        }
        return;
    }
    crate::render::push_escaped(out, c);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snip(terms: &[&str], text: &str) -> String {
        let terms: Vec<String> = terms
            .iter()
            .map(|t| crate::search::analysis::normalize_for_match(t))
            .collect();
        Highlighter::new(&terms).snippet(text, 0).html
    }

    #[test]
    fn marks_original_characters() {
        assert!(snip(&["パスワード"], "社内のﾊﾟｽﾜｰﾄﾞを変更").contains("<mark>ﾊﾟｽﾜｰﾄﾞ</mark>"));
        assert!(snip(&["vpn"], "ＶＰＮに接続").contains("<mark>ＶＰＮ</mark>"));
        assert!(snip(&["サーバ"], "ファイルサーバーを再起動").contains("<mark>サーバー</mark>"));
        assert!(snip(&["restart"], "then restarted it").contains("<mark>restarted</mark>"));
    }

    #[test]
    fn reads_as_text_without_markdown_markup() {
        let s = snip(
            &["パスワード"],
            "## 関連\n\n- **急ぎ**: [パスワードを忘れた時](../accounts/password-reset.md) を見る\n",
        );
        assert_eq!(s, "…急ぎ: <mark>パスワード</mark>を忘れた時 を見る");
        let s = snip(
            &["10.10.30.21"],
            "| MFP-2F | 本社 2F | 10.10.30.21 |\n|---|---|---|\n",
        );
        assert_eq!(s, "MFP-2F 本社 2F <mark>10.10.30.21</mark>");
        // A table row and a link cut by the passage's start or end.
        let row = format!(
            "| 打刻でログインできない | {} → [パスワードを忘れた時](x.md) |\n",
            "長い説明".repeat(40)
        );
        let s = snip(&["パスワード"], &row);
        assert!(s.contains("→ <mark>パスワード</mark>を忘れた時"), "{s}");
        assert!(
            !s.contains('|') && !s.contains('[') && !s.contains("x.md"),
            "{s}"
        );
        let link = format!(
            "{}[パスワードを忘れた時の{}手順](../accounts/password-reset.md)",
            "前置き".repeat(10),
            "とても長い".repeat(30)
        );
        let s = snip(&["パスワード"], &link);
        assert!(
            s.contains("前置き<mark>パスワード</mark>を忘れた時の"),
            "{s}"
        );
        assert!(!s.contains('[') && !s.contains("password-reset"), "{s}");
        // A highlight inside a code span: the marked characters, without the backticks.
        let s = snip(&["svc-scan"], "アカウント `svc-scan` を使う");
        assert_eq!(s, "アカウント <mark>svc-scan</mark> を使う");
    }

    #[test]
    fn escapes_html() {
        let s = snip(&["script"], "<script>alert(1)</script> & more");
        assert!(!s.contains("<script>"), "{s}");
        assert!(s.contains("&lt;<mark>script</mark>&gt;"), "{s}");
    }

    #[test]
    fn picks_passage_with_most_terms_and_reports_line() {
        let text = format!(
            "vpn only here\n{}\nvpn and 証明書 together\n",
            "filler line\n".repeat(50)
        );
        let terms = vec!["vpn".to_string(), "証明書".to_string()];
        let s = Highlighter::new(&terms).snippet(&text, 0);
        assert!(s.html.contains("<mark>証明書</mark>"), "{}", s.html);
        assert_eq!(s.line, Some(53));
    }

    #[test]
    fn snippets_of_many_files_come_back_in_order() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut paths = Vec::new();
        for i in 0..7 {
            let name = format!("r{i}.md");
            std::fs::write(
                dir.path().join(&name),
                format!("# r{i}\n本文 ZQX{i} です\n"),
            )
            .expect("write");
            paths.push(name);
        }
        paths.insert(3, "missing.md".to_string());
        let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
        let h = Highlighter::new(&["zqx".to_string()]);
        let got = for_files(&h, dir.path(), &refs);
        assert_eq!(got.len(), 8);
        assert!(got[3].is_none());
        for (path, s) in refs.iter().zip(&got).filter(|(p, _)| **p != "missing.md") {
            let n = &path[1..2];
            let html = &s.as_ref().expect("snippet").html;
            assert!(
                html.contains(&format!("<mark>ZQX{n}</mark>")),
                "{path}: {html}"
            );
        }
    }

    #[test]
    fn no_match_gives_start_of_body() {
        let s = Highlighter::new(&["zzz".to_string()]).snippet("---\ntitle: x\n---\n本文です", 17);
        assert_eq!(s.html, "本文です");
        assert_eq!(s.line, None);
    }
}
