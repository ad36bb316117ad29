//! The runbook model: YAML front matter plus a Markdown body, parsed once from the exact text
//! on disk. The original text is kept verbatim, so writing an unchanged runbook gives identical
//! bytes, and [`set_front_matter_field`] edits one key's line in place, keeping every other key,
//! comment, its order and the body byte for byte.
//!
//! Malformed front matter never blocks anything: the runbook still parses, with a
//! [`FrontMatterProblem`] to show the user, and the text is saved as typed. Reading bytes is
//! where the hard refusals live: invalid UTF-8, binary files and files too large to edit.

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;
use serde_yaml_ng::Value;

/// Files larger than this are refused for editing (they stay untouched on disk).
pub const MAX_FILE_BYTES: usize = 32 * 1024 * 1024;
/// Files larger than this get a warning that the editor may be slow.
pub const LARGE_FILE_BYTES: usize = 4 * 1024 * 1024;

/// Why bytes cannot be edited as a runbook.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RunbookError {
    #[error("{path}: not valid UTF-8 text (first invalid byte at offset {offset}); the file was left untouched — convert it to UTF-8 in another editor to edit it here")]
    InvalidUtf8 { path: String, offset: usize },
    #[error("{path}: looks like a binary file (contains NUL bytes); it was left untouched")]
    Binary { path: String },
    #[error("{path}: {size} bytes is too large to edit here (limit {limit} bytes); it was left untouched")]
    TooLarge {
        path: String,
        size: usize,
        limit: usize,
    },
}

/// A problem in the front matter. The runbook still opens and saves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FrontMatterProblem {
    /// 1-based line in the file, when known.
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for FrontMatterProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "front matter, line {line}: {}", self.message),
            None => write!(f, "front matter: {}", self.message),
        }
    }
}

/// The known front matter keys, parsed leniently. Unknown keys stay in the text only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FrontMatter {
    pub title: Option<String>,
    pub system: Option<String>,
    pub kind: Option<String>,
    pub tags: Vec<String>,
    pub owner: Option<String>,
    pub reviewed: Option<NaiveDate>,
    pub review_every: Option<ReviewInterval>,
}

/// The kinds of runbook the templates and the navigator know.
pub const KINDS: &[&str] = &[
    "procedure",
    "system",
    "incident",
    "contact",
    "policy",
    "note",
];

/// `review_every`: a count of days, weeks, months or years (`180d`, `2w`, `6m`, `1y`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
pub struct ReviewInterval {
    pub count: u32,
    pub unit: IntervalUnit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntervalUnit {
    Days,
    Weeks,
    Months,
    Years,
}

impl ReviewInterval {
    /// Parses `180d`, `26w`, `6m`, `1y` (spaces allowed, unit case-insensitive).
    pub fn parse(text: &str) -> Option<ReviewInterval> {
        let text = text.trim();
        let split = text.find(|c: char| !c.is_ascii_digit())?;
        let count: u32 = text[..split].parse().ok()?;
        let unit = match text[split..].trim().to_ascii_lowercase().as_str() {
            "d" => IntervalUnit::Days,
            "w" => IntervalUnit::Weeks,
            "m" => IntervalUnit::Months,
            "y" => IntervalUnit::Years,
            _ => return None,
        };
        (count > 0).then_some(ReviewInterval { count, unit })
    }

    /// The date one interval after `from`; `None` on calendar overflow.
    pub fn after(&self, from: NaiveDate) -> Option<NaiveDate> {
        match self.unit {
            IntervalUnit::Days => from.checked_add_days(chrono::Days::new(self.count.into())),
            IntervalUnit::Weeks => {
                from.checked_add_days(chrono::Days::new(u64::from(self.count) * 7))
            }
            IntervalUnit::Months => from.checked_add_months(Months::new(self.count)),
            IntervalUnit::Years => {
                from.checked_add_months(Months::new(self.count.checked_mul(12)?))
            }
        }
    }
}

impl From<ReviewInterval> for String {
    fn from(i: ReviewInterval) -> String {
        let unit = match i.unit {
            IntervalUnit::Days => 'd',
            IntervalUnit::Weeks => 'w',
            IntervalUnit::Months => 'm',
            IntervalUnit::Years => 'y',
        };
        format!("{}{unit}", i.count)
    }
}

/// A parsed runbook. Cheap to build; holds the full original text.
#[derive(Debug, Clone)]
pub struct Runbook {
    text: String,
    /// Byte range of the YAML between the delimiters, when a closed block exists.
    yaml: Option<std::ops::Range<usize>>,
    body_start: usize,
    front_matter: FrontMatter,
    problem: Option<FrontMatterProblem>,
}

impl Runbook {
    /// Checks raw bytes from disk and parses them. `path` is only used in error messages.
    pub fn from_bytes(path: &str, bytes: Vec<u8>) -> Result<Runbook, RunbookError> {
        check_editable(path, &bytes)?;
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Runbook::parse(text)),
            Err(e) => Err(RunbookError::InvalidUtf8 {
                path: path.to_string(),
                offset: e.utf8_error().valid_up_to(),
            }),
        }
    }

    /// Parses text. Never fails: problems in the front matter are reported by
    /// [`Runbook::problem`] and the whole text stays available.
    pub fn parse(text: String) -> Runbook {
        let Some(block) = find_front_matter(&text) else {
            return Runbook {
                body_start: 0,
                yaml: None,
                front_matter: FrontMatter::default(),
                problem: unterminated_problem(&text),
                text,
            };
        };
        let yaml_text = &text[block.yaml.clone()];
        let (front_matter, problem) = match serde_yaml_ng::from_str::<Value>(yaml_text) {
            Ok(Value::Mapping(map)) => extract_known(&map),
            Ok(Value::Null) => (FrontMatter::default(), None),
            Ok(_) => (
                FrontMatter::default(),
                Some(FrontMatterProblem {
                    line: Some(2),
                    message: "expected `key: value` lines".into(),
                }),
            ),
            Err(e) => (
                FrontMatter::default(),
                Some(FrontMatterProblem {
                    // +1: the opening `---` line precedes the YAML.
                    line: e.location().map(|l| l.line() + 1),
                    message: yaml_message(&e.to_string()),
                }),
            ),
        };
        Runbook {
            body_start: block.body_start,
            yaml: Some(block.yaml),
            front_matter,
            problem,
            text,
        }
    }

    /// The exact text, as read.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The Markdown after the front matter (the whole text when there is none).
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// Byte offset where the body starts in [`Runbook::text`].
    pub fn body_offset(&self) -> usize {
        self.body_start
    }

    /// The raw YAML between the delimiters, if any.
    pub fn yaml(&self) -> Option<&str> {
        self.yaml.clone().map(|r| &self.text[r])
    }

    pub fn front_matter(&self) -> &FrontMatter {
        &self.front_matter
    }

    /// The front matter problem to show, if any.
    pub fn problem(&self) -> Option<&FrontMatterProblem> {
        self.problem.as_ref()
    }

    /// Display title: front matter `title`, else the first heading, else the file name
    /// without `.md`.
    pub fn title(&self, path: &str) -> String {
        if let Some(t) = self
            .front_matter
            .title
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            return t.to_string();
        }
        if let Some(h) = first_heading(self.body()) {
            return h;
        }
        file_stem(path)
    }

    /// The date the next review is due, when both `reviewed` and `review_every` are set.
    pub fn review_due(&self) -> Option<NaiveDate> {
        let fm = &self.front_matter;
        fm.review_every?.after(fm.reviewed?)
    }

    /// True when the review is due strictly before `today`.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.review_due().is_some_and(|due| due < today)
    }
}

/// Where the body starts in `text`, without parsing the YAML (cheap: for snippets).
pub fn body_offset_of(text: &str) -> usize {
    find_front_matter(text).map_or(0, |b| b.body_start)
}

/// Refuses binary and oversized content before any parsing.
pub fn check_editable(path: &str, bytes: &[u8]) -> Result<(), RunbookError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(RunbookError::TooLarge {
            path: path.to_string(),
            size: bytes.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    if bytes.contains(&0) {
        return Err(RunbookError::Binary {
            path: path.to_string(),
        });
    }
    Ok(())
}

/// A warning for content that is editable but large enough to be slow.
pub fn size_warning(len: usize) -> Option<String> {
    (len > LARGE_FILE_BYTES).then(|| {
        format!(
            "this runbook is {:.1} MB; editing and preview may be slow",
            len as f64 / 1_048_576.0
        )
    })
}

struct Block {
    yaml: std::ops::Range<usize>,
    body_start: usize,
}

/// Finds `---\n ... \n---\n` (or `...` as the closing line) at the very start, after an
/// optional UTF-8 BOM. CRLF line endings are accepted.
fn find_front_matter(text: &str) -> Option<Block> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    let first_len = if rest.starts_with("---\n") {
        4
    } else if rest.starts_with("---\r\n") {
        5
    } else {
        return None;
    };
    let yaml_start = start + first_len;
    let mut pos = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        let trimmed = line.trim_end_matches(['\n', '\r']);
        if trimmed == "---" || trimmed == "..." {
            return Some(Block {
                yaml: yaml_start..pos,
                body_start: pos + line.len(),
            });
        }
        pos += line.len();
    }
    None
}

/// Whether `text` opens a front matter with `---` (after an optional BOM).
fn opens_front_matter(text: &str) -> bool {
    let t = text.strip_prefix('\u{feff}').unwrap_or(text);
    t.starts_with("---\n") || t.starts_with("---\r\n")
}

/// Whether `text` opens a front matter that does not close within it: for a prefix of a
/// file, more of the file is needed to read the front matter.
pub fn front_matter_unclosed(text: &str) -> bool {
    opens_front_matter(text) && find_front_matter(text).is_none()
}

fn unterminated_problem(text: &str) -> Option<FrontMatterProblem> {
    opens_front_matter(text).then(|| FrontMatterProblem {
        line: Some(1),
        message: "the front matter opened with `---` is never closed; the whole file is treated as the body".into(),
    })
}

fn extract_known(map: &serde_yaml_ng::Mapping) -> (FrontMatter, Option<FrontMatterProblem>) {
    let mut fm = FrontMatter::default();
    let mut problems = Vec::new();
    let get = |key: &str| map.get(Value::String(key.into()));
    fm.title = get("title").and_then(scalar_string);
    fm.system = get("system").and_then(scalar_string);
    fm.owner = get("owner").and_then(scalar_string);
    fm.kind = get("kind").and_then(scalar_string);
    if let Some(kind) = &fm.kind {
        if !KINDS.contains(&kind.as_str()) {
            problems.push(format!(
                "unknown kind `{kind}` (expected one of {})",
                KINDS.join(", ")
            ));
        }
    }
    match get("tags") {
        None | Some(Value::Null) => {}
        Some(Value::Sequence(items)) => {
            fm.tags = items.iter().filter_map(scalar_string).collect();
        }
        Some(other) => {
            if let Some(s) = scalar_string(other) {
                fm.tags = s
                    .split(',')
                    .map(|t| t.trim().to_string())
                    .filter(|t| !t.is_empty())
                    .collect();
            }
        }
    }
    if let Some(v) = get("reviewed") {
        match scalar_string(v).map(|s| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")) {
            Some(Ok(d)) => fm.reviewed = Some(d),
            Some(Err(_)) | None if !v.is_null() => {
                problems.push("`reviewed` should be a date like 2026-10-01".into());
            }
            _ => {}
        }
    }
    if let Some(v) = get("review_every") {
        match scalar_string(v).and_then(|s| ReviewInterval::parse(&s)) {
            Some(i) => fm.review_every = Some(i),
            None if !v.is_null() => {
                problems.push("`review_every` should look like 180d, 26w, 6m or 1y".into());
            }
            None => {}
        }
    }
    let problem = (!problems.is_empty()).then(|| FrontMatterProblem {
        line: None,
        message: problems.join("; "),
    });
    (fm, problem)
}

fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The parser's message without its own "at line X column Y" (YAML-relative, not file lines).
fn yaml_message(s: &str) -> String {
    let mut msg = s.lines().next().unwrap_or(s).to_string();
    while let Some(i) = msg.find(" at line ") {
        let rest = &msg[i + 9..];
        let skip = rest
            .find(" column ")
            .map(|j| {
                j + 8
                    + rest[j + 8..]
                        .chars()
                        .take_while(char::is_ascii_digit)
                        .count()
            })
            .unwrap_or(0);
        msg = format!("{}{}", &msg[..i], &rest[skip..]);
    }
    msg
}

/// The texts of the ATX headings outside fenced code, in order, without trailing `#`s
/// (empty headings skipped). Used for the title fallback and the search index's headings.
pub fn headings(body: &str) -> impl Iterator<Item = &str> + '_ {
    let mut fence: Option<&'static str> = None;
    body.lines().filter_map(move |line| {
        let t = line.trim_start();
        if let Some(f) = fence {
            if t.starts_with(f) {
                fence = None;
            }
            return None;
        }
        if t.starts_with("```") {
            fence = Some("```");
            return None;
        }
        if t.starts_with("~~~") {
            fence = Some("~~~");
            return None;
        }
        let hashes = t.chars().take_while(|&c| c == '#').count();
        if (1..=6).contains(&hashes) && t[hashes..].starts_with([' ', '\t']) {
            let h = t[hashes..].trim().trim_end_matches('#').trim();
            return (!h.is_empty()).then_some(h);
        }
        None
    })
}

/// The text of the first ATX heading outside fenced code, without trailing `#`s.
pub fn first_heading(body: &str) -> Option<String> {
    headings(body).next().map(str::to_string)
}

/// The file name without folder and `.md`.
pub fn file_stem(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rsplit_once('.') {
        Some((stem, ext)) if ext.eq_ignore_ascii_case("md") && !stem.is_empty() => stem.to_string(),
        _ => name.to_string(),
    }
}

/// Why a front matter field could not be set.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FieldEditError {
    #[error("the front matter is malformed ({0}); fix it in the text first")]
    Malformed(String),
    #[error("`{0}` is not a simple top-level key")]
    BadKey(String),
}

/// Returns `text` with top-level `key` set to `value` (a YAML scalar or flow value, written as
/// given) in the front matter. Only that key's line changes (a multi-line value's continuation
/// lines are replaced too); a missing key is appended as the last line of the block; a file
/// without front matter gets one. Every other byte is kept.
pub fn set_front_matter_field(
    text: &str,
    key: &str,
    value: &str,
) -> Result<String, FieldEditError> {
    if key.is_empty()
        || !key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    {
        return Err(FieldEditError::BadKey(key.to_string()));
    }
    let runbook = Runbook::parse(text.to_string());
    if let Some(p) = runbook.problem() {
        if runbook.yaml.is_none() || p.line.is_some() {
            return Err(FieldEditError::Malformed(p.to_string()));
        }
    }
    // Follow the front matter's own line ending (the opening `---` line's).
    let newline = if text.trim_start_matches('\u{feff}').starts_with("---\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let new_line = format!("{key}: {value}{newline}");
    let Some(yaml) = runbook.yaml.clone() else {
        let bom = if text.starts_with('\u{feff}') {
            "\u{feff}"
        } else {
            ""
        };
        let rest = &text[bom.len()..];
        return Ok(format!("{bom}---{newline}{new_line}---{newline}{rest}"));
    };
    let mut out = String::with_capacity(text.len() + new_line.len());
    out.push_str(&text[..yaml.start]);
    let mut replaced = false;
    let mut skipping_continuation = false;
    for line in text[yaml.clone()].split_inclusive('\n') {
        if skipping_continuation {
            // Continuation of the replaced value: indented lines, or a block sequence's
            // `- item` lines, which YAML allows at column 0.
            if line.starts_with([' ', '\t']) || line.starts_with("- ") || line.trim_end() == "-" {
                continue;
            }
            skipping_continuation = false;
        }
        if !replaced && line_key(line) == Some(key) {
            out.push_str(&new_line);
            replaced = true;
            skipping_continuation = true;
            continue;
        }
        out.push_str(line);
    }
    if !replaced {
        if !out.ends_with('\n') && out.len() > yaml.start {
            out.push_str(newline);
        }
        out.push_str(&new_line);
    }
    out.push_str(&text[yaml.end..]);
    Ok(out)
}

/// The top-level key of a YAML line (`key: ...` at column 0).
fn line_key(line: &str) -> Option<&str> {
    if line.starts_with([' ', '\t', '#', '-']) {
        return None;
    }
    let (key, _) = line.split_once(':')?;
    let key = key.trim_end().trim_matches(['"', '\'']);
    (!key.is_empty()).then_some(key)
}

/// Today's date as a YAML value for `reviewed:`.
pub fn date_value(date: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "---\ntitle: 複合機の紙詰まり対応\nsystem: 複合機\nkind: procedure\ntags: [printer, 総務]\nowner: 山田 太郎\nvendor: ミナト事務機 # comment kept\nreviewed: 2026-10-01\nreview_every: 180d\n---\n# 見出し\n本文\n";

    #[test]
    fn parses_known_keys() {
        let rb = Runbook::parse(SAMPLE.into());
        let fm = rb.front_matter();
        assert_eq!(fm.title.as_deref(), Some("複合機の紙詰まり対応"));
        assert_eq!(fm.tags, vec!["printer", "総務"]);
        assert_eq!(fm.reviewed, NaiveDate::from_ymd_opt(2026, 10, 1));
        assert_eq!(rb.review_due(), NaiveDate::from_ymd_opt(2027, 3, 30));
        assert_eq!(rb.body(), "# 見出し\n本文\n");
        assert!(rb.problem().is_none());
    }

    #[test]
    fn title_falls_back_to_heading_then_file_name() {
        assert_eq!(
            Runbook::parse("```\n# not\n```\n## 見出し ##\n".into()).title("a/b.md"),
            "見出し"
        );
        assert_eq!(
            Runbook::parse("本文のみ".into()).title("a/vpn-setup.md"),
            "vpn-setup"
        );
        assert_eq!(Runbook::parse(String::new()).title("x.md"), "x");
    }

    #[test]
    fn malformed_front_matter_keeps_text_and_reports_line() {
        let text = "---\ntitle: [unclosed\nsystem: x\n---\n本文\n";
        let rb = Runbook::parse(text.into());
        let p = rb.problem().cloned();
        assert!(p.is_some());
        assert_eq!(rb.text(), text);
        assert_eq!(rb.body(), "本文\n");
    }

    #[test]
    fn unterminated_front_matter_is_body() {
        let rb = Runbook::parse("---\ntitle: x\n本文".into());
        assert_eq!(rb.body(), "---\ntitle: x\n本文");
        assert!(rb.problem().is_some());
    }

    #[test]
    fn front_matter_only_and_crlf_and_bom() {
        let rb = Runbook::parse("\u{feff}---\r\ntitle: T\r\n---\r\n".into());
        assert_eq!(rb.front_matter().title.as_deref(), Some("T"));
        assert_eq!(rb.body(), "");
    }

    #[test]
    fn set_field_changes_one_line_only() {
        let out = set_front_matter_field(SAMPLE, "reviewed", "2026-11-25");
        assert_eq!(
            out,
            Ok(SAMPLE.replace("reviewed: 2026-10-01", "reviewed: 2026-11-25"))
        );
        let out = set_front_matter_field(SAMPLE, "status", "draft");
        assert_eq!(
            out,
            Ok(SAMPLE.replace(
                "review_every: 180d\n",
                "review_every: 180d\nstatus: draft\n"
            ))
        );
        let out = set_front_matter_field("本文\n", "title", "T");
        assert_eq!(out, Ok("---\ntitle: T\n---\n本文\n".to_string()));
    }

    #[test]
    fn set_field_replaces_block_values() {
        let text = "---\ntags:\n  - a\n  - b\nowner: x\n---\nbody";
        let out = set_front_matter_field(text, "tags", "[c]");
        assert_eq!(out, Ok("---\ntags: [c]\nowner: x\n---\nbody".to_string()));
    }

    #[test]
    fn set_field_refuses_malformed() {
        assert!(set_front_matter_field("---\na: [\n---\n", "title", "x").is_err());
    }

    #[test]
    fn refuses_binary_invalid_utf8_and_huge() {
        assert!(matches!(
            Runbook::from_bytes("a.md", vec![0x89, b'P', 0, 1]),
            Err(RunbookError::Binary { .. })
        ));
        assert_eq!(
            Runbook::from_bytes("a.md", vec![b'a', 0xff, b'b']).err(),
            Some(RunbookError::InvalidUtf8 {
                path: "a.md".into(),
                offset: 1
            })
        );
        assert!(matches!(
            Runbook::from_bytes("a.md", vec![b'a'; MAX_FILE_BYTES + 1]),
            Err(RunbookError::TooLarge { .. })
        ));
    }

    #[test]
    fn review_interval_units() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap_or_default();
        assert_eq!(
            ReviewInterval::parse("1m").and_then(|i| i.after(d)),
            NaiveDate::from_ymd_opt(2026, 2, 28)
        );
        assert_eq!(
            ReviewInterval::parse("2w").and_then(|i| i.after(d)),
            NaiveDate::from_ymd_opt(2026, 2, 14)
        );
        assert_eq!(
            ReviewInterval::parse("1y").and_then(|i| i.after(d)),
            NaiveDate::from_ymd_opt(2027, 1, 31)
        );
        assert!(ReviewInterval::parse("0d").is_none());
        assert!(ReviewInterval::parse("soon").is_none());
    }
}
