//! Passwords, private keys and access tokens written into a runbook.
//!
//! A runbook is committed to Git on every save, kept in history for good and handed to
//! successors, outsourced helpdesks and exported pages. A password typed into one is hard to
//! take back, so the check lists what looks like one, and the app asks before a save adds one.
//!
//! Written by hand: secret scanners (gitleaks, trufflehog, detect-secrets) are Go or Python
//! programs with rules for source code and English. What a Japanese runbook holds is a line
//! such as `初期パスワード：Welcome2026!` or a table row `| 管理者パスワード | P@ssw0rd |`, next to
//! many lines that only say where a password is kept (`パスワードは Bitwarden「FortiGate」`). The
//! rules below are tuned for that: a value must look like a password, not a word, a name, a
//! placeholder or a reference.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SecretKind {
    /// `password: …`, `パスワード：…`, `DB_PASSWORD=…`, or a table cell under or beside one.
    Password,
    /// A PEM private key block.
    PrivateKey,
    /// An access token or API key in a well-known format (AWS, GitHub, Slack, Google…).
    Token,
    /// `scheme://user:password@host`.
    UrlCredentials,
}

impl SecretKind {
    /// What it is, in a sentence: "looks like a …".
    pub fn describe(self) -> &'static str {
        match self {
            SecretKind::Password => "password",
            SecretKind::PrivateKey => "private key",
            SecretKind::Token => "access token",
            SecretKind::UrlCredentials => "password in a URL",
        }
    }
}

/// One secret found, for showing: the value itself is masked in `excerpt`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// 1-based line in the text scanned.
    pub line: usize,
    pub kind: SecretKind,
    /// The key and the masked value, e.g. `パスワード：We**********`.
    pub excerpt: String,
    #[serde(skip)]
    value: String,
}

/// Keys after which a value is a password. ASCII keys must not follow a letter or digit, so
/// `PGPASSWORD` and `mypassword` are not keys but `DB_PASSWORD` is; Japanese keys may follow
/// anything (`管理者パスワード`).
/// `token` and `secret` alone name too many other things in manuals (IPv6 tokens, strtok,
/// Kubernetes secret names); only their compounds are keys.
const KEYS: &str = r"password|passwd|passphrase|passcode|pwd|pw|pin|client[ _-]?secret|secret[ _-]?key|api[ _-]?key|access[ _-]?key|(?:api|access|auth|bearer)[ _-]?token|パスワード|暗証番号|パスフレーズ|パスコード|ＰＷ";

static ASSIGNMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:^|[^a-z0-9])(?P<key>{KEYS})\s*(?:[(（][^)）\n]{{0,20}}[)）])?\s*(?:\*\*)?[ \t]*(?:[:=：＝]|は|が)[ \t　]*(?P<value>[^\s　]+)"
    ))
    .expect("valid pattern")
});

/// A table cell that names a password (its whole text ends with a key).
static KEY_CELL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)(?:^|[^a-z0-9])(?:{KEYS})$")).expect("valid pattern")
});

static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\b(?:(?:AKIA|ASIA)[0-9A-Z]{16}",   // AWS access key id
        r"|gh[pousr]_[A-Za-z0-9]{36,}",      // GitHub
        r"|github_pat_[A-Za-z0-9_]{50,}",    // GitHub fine-grained
        r"|glpat-[A-Za-z0-9_-]{20,}",        // GitLab
        r"|xox[abposr]-[A-Za-z0-9-]{10,}",   // Slack
        r"|AIza[0-9A-Za-z_-]{35}",           // Google API key
        r"|sk-(?:proj-)?[A-Za-z0-9_-]{32,}", // OpenAI-style secret keys
        r"|hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]{16,}", // Slack webhook
        r")",
    ))
    .expect("valid pattern")
});

static PEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----").expect("valid pattern")
});

static URL_CREDENTIALS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b[a-z][a-z0-9+.-]*://(?P<user>[\w.%+-]+):(?P<value>[^\s/@]+)@[^\s/@]")
        .expect("valid pattern")
});

/// Places that keep passwords: a value naming one is a reference, not a password.
const KEEPERS: &[&str] = &[
    "bitwarden",
    "1password",
    "keepass",
    "keepassxc",
    "lastpass",
    "laps",
    "keeper",
    "dashlane",
    "vault",
];

/// Parts of the example values manuals show (`--root-password=password123`, `your_token`).
const PLACEHOLDER_WORDS: &[&str] = &[
    "password", "passwd", "secret", "example", "sample", "dummy", "your", "hoge", "changeme",
];

/// Words after a value that say it is where a password is kept, not the password.
const REFERENCE_WORDS: &[&str] = &["参照", "保管", "管理", "記載", "別紙", "保存", "金庫"];

/// Every secret in `text`, in order.
pub fn find(text: &str) -> Vec<Finding> {
    let mut found = Vec::new();
    let mut lines = LineIndex::new(text);
    for m in PEM.find_iter(text) {
        if pem_has_body(&text[m.end()..]) {
            found.push(Finding {
                line: lines.line_of(m.start()),
                kind: SecretKind::PrivateKey,
                excerpt: m.as_str().to_string(),
                value: key_body(&text[m.start()..]),
            });
        }
    }
    lines = LineIndex::new(text);
    for m in TOKEN.find_iter(text) {
        let value = m.as_str();
        if value.ends_with("EXAMPLE") {
            continue; // AWS's documented example key
        }
        found.push(Finding {
            line: lines.line_of(m.start()),
            kind: SecretKind::Token,
            excerpt: mask(value, 4),
            value: value.to_string(),
        });
    }
    lines = LineIndex::new(text);
    for c in URL_CREDENTIALS.captures_iter(text) {
        let (Some(all), Some(user), Some(value)) = (c.get(0), c.name("user"), c.name("value"))
        else {
            continue;
        };
        if !looks_like_password(value.as_str(), false) {
            continue;
        }
        found.push(Finding {
            line: lines.line_of(all.start()),
            kind: SecretKind::UrlCredentials,
            excerpt: format!("{}:{}@", user.as_str(), mask(value.as_str(), 0)),
            value: value.as_str().to_string(),
        });
    }
    passwords(text, &mut found);
    found.sort_by_key(|f| f.line);
    found
}

/// The secrets in `after` that `before` did not have: what a save from `before` to `after`
/// would add to history.
pub fn added(before: &str, after: &str) -> Vec<Finding> {
    let known: HashSet<(SecretKind, String)> = find(before)
        .into_iter()
        .map(|f| (f.kind, f.value))
        .collect();
    find(after)
        .into_iter()
        .filter(|f| !known.contains(&(f.kind, f.value.clone())))
        .collect()
}

/// `key: value` anywhere in a line, and table rows: a value in the cell beside a key cell, or
/// in the column under a key cell of the table's first row.
fn passwords(text: &str, found: &mut Vec<Finding>) {
    // The key cells of the table's first row: (column, key).
    let mut columns: Vec<(usize, String)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let before = found.len();
        for c in ASSIGNMENT.captures_iter(line) {
            let (Some(key), Some(value)) = (c.name("key"), c.name("value")) else {
                continue;
            };
            let v = clean(value.as_str());
            let rest = &line[value.end()..];
            if looks_like_password(v, is_pin(key.as_str()))
                && !REFERENCE_WORDS.iter().any(|w| rest.contains(w))
            {
                found.push(password(line_no, &line[key.start()..value.start()], v));
            }
        }
        let trimmed = line.trim();
        if !trimmed.starts_with('|') {
            columns.clear();
            continue;
        }
        let cells = cells(trimmed);
        if cells
            .iter()
            .all(|c| c.chars().all(|ch| "-:| ".contains(ch)))
        {
            continue; // the |---|---| line
        }
        let keys: Vec<(usize, String)> = (0..cells.len())
            .map(|j| (j, clean_cell(cells[j])))
            .filter(|(_, c)| KEY_CELL.is_match(c))
            .map(|(j, c)| (j, c.to_string()))
            .collect();
        // A value beside its key in this row, or under its key in the first row.
        let mut candidates: Vec<(usize, String)> =
            keys.iter().map(|(j, k)| (j + 1, k.clone())).collect();
        if columns.is_empty() {
            columns = keys;
        } else {
            candidates.extend(columns.iter().cloned());
        }
        if found.len() > before {
            continue; // the line's `key: value` already reported it
        }
        for (at, key) in candidates {
            let Some(cell) = cells.get(at) else { continue };
            let v = clean(cell.trim());
            if !v.contains(char::is_whitespace) && looks_like_password(v, is_pin(&key)) {
                found.push(password(line_no, &format!("{key} | "), v));
                break;
            }
        }
    }
}

fn password(line: usize, key: &str, value: &str) -> Finding {
    Finding {
        line,
        kind: SecretKind::Password,
        excerpt: format!("{}{}", key.trim_start(), mask(value, 2)),
        value: value.to_string(),
    }
}

fn cells(row: &str) -> Vec<&str> {
    let inner = row.strip_prefix('|').unwrap_or(row);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    inner.split('|').collect()
}

fn clean_cell(cell: &str) -> &str {
    cell.trim().trim_matches('*').trim()
}

/// The value without the quotes, emphasis or punctuation written around it.
fn clean(value: &str) -> &str {
    value
        .trim_start_matches(['`', '"', '\'', '*', '「', '『', '“'])
        .trim_end_matches([
            '`', '"', '\'', '*', '」', '』', '”', ',', ';', ':', '。', '、', '）', ')', '.',
        ])
}

fn is_pin(key: &str) -> bool {
    let k = key.to_lowercase();
    ["pin", "passcode", "暗証番号", "パスコード"]
        .iter()
        .any(|p| k.ends_with(p))
}

/// A value a person would set as a password: mixed kinds of characters, not a word, a name, a
/// path, a placeholder or a reference. Digits alone count for PINs.
fn looks_like_password(value: &str, pin: bool) -> bool {
    let len = value.chars().count();
    if !(4..=128).contains(&len) {
        return false;
    }
    if value.chars().any(|c| c >= '\u{2E80}') {
        return false; // Japanese words: "Bitwarden の値", "絶対に書かない"
    }
    // Code (`pwd = getpwnam(name);`), formats (`password:GID:user_list`), markup and
    // placeholders (`<pass>`, `${PW}`, `xxxx`).
    if value.starts_with(['<', '$', '%', '/', '~', '-', '#'])
        || value.contains(['(', ')', '[', ']', '{', '}', '\\', '*', ':'])
        || value.contains("->")
        || value.contains("...")
    {
        return false;
    }
    let first = value.chars().next().unwrap_or(' ');
    if value.chars().all(|c| c == first) {
        return false;
    }
    let lower = value.to_lowercase();
    if KEEPERS
        .iter()
        .any(|k| lower.trim_end_matches(['!', '.']) == *k)
        || PLACEHOLDER_WORDS.iter().any(|w| lower.contains(w))
        || lower.contains("xxx")
    {
        return false;
    }
    // ROOT_PASSWORD, PAGE_TOKEN: a name standing for the value.
    if !value
        .chars()
        .any(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    {
        return false;
    }
    if value.chars().all(|c| c.is_ascii_digit()) {
        return pin;
    }
    let classes = [
        value.chars().any(|c| c.is_ascii_lowercase()),
        value.chars().skip(1).any(|c| c.is_ascii_uppercase()),
        value.chars().any(|c| c.is_ascii_digit()),
        value
            .chars()
            .any(|c| c.is_ascii_punctuation() && !"-_.:/".contains(c)),
    ];
    classes.iter().filter(|&&c| c).count() >= 2
}

/// `value` with all but its first `shown` characters starred (at most 12 stars, so the length
/// is not told either).
fn mask(value: &str, shown: usize) -> String {
    let n = value.chars().count();
    let shown = if n <= 6 { shown.min(1) } else { shown };
    let head: String = value.chars().take(shown).collect();
    format!("{head}{}", "*".repeat((n - shown.min(n)).clamp(4, 12)))
}

/// Whether a BEGIN line is followed by key material (base64), not by prose or an ellipsis as in
/// manuals that show what a key file starts with.
fn pem_has_body(after: &str) -> bool {
    let after = after.trim_start_matches([' ', '\t']);
    if let Some(inline) = after.strip_prefix("\\n") {
        return base64_run(inline) >= 40;
    }
    after
        .lines()
        .skip(1)
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.contains(':'))
        .is_some_and(|l| base64_run(l) >= 40)
}

fn base64_run(s: &str) -> usize {
    s.chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "+/=".contains(*c))
        .count()
}

/// What identifies a key: its first 200 characters of material.
fn key_body(block: &str) -> String {
    block.chars().take(260).collect()
}

/// Line numbers of byte offsets visited in increasing order.
struct LineIndex<'a> {
    text: &'a str,
    at: usize,
    line: usize,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        LineIndex {
            text,
            at: 0,
            line: 1,
        }
    }

    fn line_of(&mut self, offset: usize) -> usize {
        self.line += self.text.as_bytes()[self.at..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.at = offset;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(usize, SecretKind, String)> {
        find(text)
            .into_iter()
            .map(|f| (f.line, f.kind, f.excerpt))
            .collect()
    }

    #[test]
    fn finds_passwords_written_as_people_write_them() {
        let text = "# 初期設定\n\n初期パスワード：Welcome2026!\n- root のパスワードは `Tk9#mQ2x` です\n\
                    DB_PASSWORD=s3cretPass\n| 管理者パスワード | P@ssw0rd |\nキーボックスの暗証番号: 4721\n";
        assert_eq!(
            kinds(text),
            vec![
                (3, SecretKind::Password, "パスワード：We**********".into()),
                (4, SecretKind::Password, "パスワードは Tk******".into()),
                (5, SecretKind::Password, "PASSWORD=s3********".into()),
                (
                    6,
                    SecretKind::Password,
                    "管理者パスワード | P@******".into()
                ),
                (7, SecretKind::Password, "暗証番号: 4****".into()),
            ]
        );
    }

    #[test]
    fn finds_a_password_column_in_a_table() {
        let text = "| アカウント | ID | パスワード |\n|---|---|---|\n| NAS | admin | Nas#2024x |\n| UTM | adm | — |\n\n| x | y |\n| a | Zz9!zz9! |\n";
        let found = find(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, 3);
        assert_eq!(found[0].excerpt, "パスワード | Na*******");
    }

    #[test]
    fn leaves_references_words_and_placeholders_alone() {
        // Lines from the sample runbooks and from manuals: where a password is kept, rules
        // about passwords, placeholders and option names.
        let text = "\
- パスワードは**絶対に書かない**。「どこに保管しているか」だけ書く
- 管理者アカウント：`adm-k.sato`（個人）。パスワードは Bitwarden「FortiGate」
   - ユーザー名：`svc-scan@corp.example`、パスワード：Bitwarden の値
- パスワードは 16 文字以上
パスワード: 1Password の「VPN」項目を参照
password: <your password>
password: ${DB_PASSWORD}
password: ********
password_file: /etc/secret.txt
PasswordAuthentication no
token: xxxxxxxx
secret: openshift-monitoring-secret
pwd: /home/user
Enter your password: (typed, not shown)
| 認証 | ユーザー名入力（`t.yamada` の形）、パスワードは保存しない |
| キーボックス（暗証番号式） | — | 暗証番号は Bitwarden「キーボックス」 |
mysql://user:password@localhost/db
AKIAIOSFODNN7EXAMPLE
a password: prompt):
pwd = getpwnam(name); pw = getpwuid(uid)
password:GID:user_list
Token=eui64
secret = pass:1234-5678-1234-567
token = strtok(str, \" \");
--root-password=password123 --page-token**=*PAGE_TOKEN*
password=PASSWORD(%p)
http://\\[\\[user\\]\\[:pass\\]@\\]host
パスワードは crypt() を使用して暗号化され
";
        assert_eq!(kinds(text), vec![]);
    }

    #[test]
    fn finds_keys_tokens_and_urls_with_passwords() {
        let key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n";
        let text = format!(
            "鍵:\n\n```\n{key}```\nAKIAZ7Q3LJ5WUNMBXKQA\nghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789\nsmb://scan:Sc4n-2024@10.10.30.5/scan\n"
        );
        assert_eq!(
            kinds(&text),
            vec![
                (
                    4,
                    SecretKind::PrivateKey,
                    "-----BEGIN OPENSSH PRIVATE KEY-----".into()
                ),
                (8, SecretKind::Token, "AKIA************".into()),
                (9, SecretKind::Token, "ghp_************".into()),
                (10, SecretKind::UrlCredentials, "scan:*********@".into()),
            ]
        );
        // A manual showing what a key file starts with is not a key.
        assert_eq!(
            kinds("The file starts with\n-----BEGIN RSA PRIVATE KEY-----\n...\n"),
            vec![]
        );
    }

    #[test]
    fn added_is_what_a_save_would_bring_into_history() {
        let before = "パスワード: Old#Pass1\n";
        let after = "パスワード: Old#Pass1\n\n仮パスワード: New#Pass2\n";
        let added = added(before, after);
        assert_eq!(added.len(), 1);
        assert_eq!(added[0].line, 3);
        assert!(super::added(after, after).is_empty());
        assert!(super::added(after, before).is_empty());
    }

    #[test]
    fn the_mask_never_shows_the_value() {
        for f in find("password: Abcdefgh1234!\nPIN: 9876\nAKIAZ7Q3LJ5WUNMBXKQA\n") {
            assert!(!f.excerpt.contains(&f.value[2..]), "{f:?}");
        }
    }
}
