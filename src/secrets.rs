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
//! placeholder or a reference. Commands copied from a terminal are the other way one gets in
//! (`mysql -pS3cret`, `net user tanaka Welcome1!`), so those are read as commands.

use std::collections::HashSet;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
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
    fn describe(self) -> &'static str {
        match self {
            SecretKind::Password => "password",
            SecretKind::PrivateKey => "private key",
            SecretKind::Token => "access token",
            SecretKind::UrlCredentials => "password in a URL",
        }
    }
}

/// One secret found, for showing: the value itself is masked in `excerpt`.
///
/// Displays as what it looks like: "looks like a password: `パスワード：We**********`".
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

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "looks like a {}: `{}`",
            self.kind.describe(),
            self.excerpt
        )
    }
}

/// Keys after which a value is a password. ASCII keys must not follow a letter or digit, so
/// `PGPASSWORD` and `mypassword` are not keys but `DB_PASSWORD` is; Japanese keys may follow
/// anything (`管理者パスワード`).
/// `token` and `secret` alone name too many other things in manuals (IPv6 tokens, strtok,
/// Kubernetes secret names); only their compounds are keys.
const KEYS: &str = r"password|passwd|passphrase|passcode|pwd|pw|pin|psk|pre[ _-]?shared[ _-]?key|事前共有キー|事前共有鍵|(?:api|アクセス|シークレット)キー|(?:api|アクセス)トークン|client[ _-]?secret|secret[ _-]?key|api[ _-]?key|access[ _-]?key|(?:api|access|auth|bearer)[ _-]?token|パスワード|暗証番号|パスフレーズ|パスコード|ＰＷ";

static ASSIGNMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:^|[^a-z0-9])(?P<key>{KEYS})\s*(?:[(（][^)）\n]{{0,20}}[)）])?(?:\s*(?:\*\*)?[ \t]*(?:[:=：＝]|は|が)[ \t　]*|(?P<space>[ \t　]+))(?P<value>[^\s　]+)"
    ))
    .expect("valid pattern")
});

/// What every key contains, found far faster than the keys themselves.
const KEY_HINTS: &[&str] = &[
    "pass",
    "pw",
    "pin",
    "psk",
    "キー",
    "トークン",
    "共有キー",
    "共有鍵",
    "secret",
    "key",
    "token",
    "パスワード",
    "暗証番号",
    "パスフレーズ",
    "パスコード",
    "ＰＷ",
];

/// What the command lines of [`COMMANDS`] contain ("pass" is in sshpass, chpasswd,
/// `passwd --stdin`, `pass:`, htpasswd and `--…pass…`, and is a key hint already).
const COMMAND_HINTS: &[&str] = &[
    "pass",
    "mysql",
    "mariadb",
    "curl",
    "smbclient",
    "net use",
    "cmdkey",
    "securestring",
    "ldap",
];

fn hints(patterns: &[&str]) -> AhoCorasick {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(patterns)
        .expect("valid patterns")
}

static KEY_HINT: LazyLock<AhoCorasick> = LazyLock::new(|| hints(KEY_HINTS));
static COMMAND_HINT: LazyLock<AhoCorasick> = LazyLock::new(|| hints(COMMAND_HINTS));
/// Either kind of hint: lines without any are not looked at further, so a long manual with no
/// password costs one pass of this.
static LINE_HINT: LazyLock<AhoCorasick> =
    LazyLock::new(|| hints(&[KEY_HINTS, COMMAND_HINTS].concat()));

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
    Regex::new(r"(?i)[a-z][a-z0-9+.-]*://(?P<user>[\w.%+-]+):(?P<value>[^\s/@]+)@[^\s/@]")
        .expect("valid pattern")
});

/// Command lines that carry a password as an argument, each with its value as `value`:
/// runbooks are full of commands copied from a terminal, and these are how a password ends up
/// in one. Options written `--password=…` are already `key=value` lines ([`ASSIGNMENT`]).
static COMMANDS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        // mysql -uroot -pS3cret (the value is glued to -p; `-p` alone asks for it)
        r"\b(?:mysql|mysqldump|mysqladmin|mysqlcheck|mysqlimport|mariadb|mariadb-dump)\b[^\n]*?\s-p(?P<value>[^\s;|&]+)",
        r"\bsshpass\s+(?:-\w+\s+)*-p\s*(?P<value>[^\s;|&]+)",
        // curl -u user:pass, wget --user user (the password itself is `--password=`)
        r"\bcurl\b[^\n]*?\s(?:-u|--user)\s*['\x22]?[^\s:'\x22]+:(?P<value>[^\s'\x22]+)",
        r"\bsmbclient\b[^\n]*?\s(?:-U|--user)[ =]?['\x22]?[^\s%'\x22]+%(?P<value>[^\s'\x22]+)",
        // Windows: net user NAME PASS, net use X: \\srv\share PASS, cmdkey /pass:PASS
        r"(?i)\bnet\s+user\s+[^\s/]+\s+(?P<value>[^\s/]+)",
        r"(?i)\bnet\s+use\s+(?:[a-z]:\s+)?\\\\\S+\s+(?P<value>[^\s/]+)",
        r"(?i)\bcmdkey\b[^\n]*?/pass:(?P<value>\S+)",
        r"(?i)\bConvertTo-SecureString\s+(?:-String\s+)?['\x22](?P<value>[^'\x22]+)['\x22]",
        // echo 'user:PASS' | chpasswd, echo PASS | passwd --stdin user
        r"\becho\s+['\x22]?[^\s:'\x22]+:(?P<value>[^\s'\x22|]+)['\x22]?\s*\|\s*(?:sudo\s+)?chpasswd",
        r"\becho\s+['\x22]?(?P<value>[^\s'\x22|]+)['\x22]?\s*\|\s*(?:sudo\s+)?passwd\s+--stdin",
        // openssl … -passin pass:PASS, ldapsearch … -w PASS, htpasswd -b FILE USER PASS
        r"\s-pass(?:in|out)?\s+['\x22]?pass:(?P<value>[^\s'\x22]+)",
        r"\bldap\w+\b[^\n]*?\s-w\s*['\x22]?(?P<value>[^\s'\x22]+)",
        r"\bhtpasswd\s+(?:-[A-Za-z]+\s+)*-[A-Za-z]*b[A-Za-z]*\s+(?:-[A-Za-z]+\s+)*\S+\s+\S+\s+(?P<value>\S+)",
        // --password PASS, --db-pass PASS (a space instead of `=`)
        r"(?:^|\s)--[\w-]*pass(?:word|wd)?\s+['\x22]?(?P<value>[^\s'\x22]+)",
    ]
    .iter()
    .map(|p| Regex::new(p).expect("valid pattern"))
    .collect()
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
    url_credentials(text, &mut found);
    passwords(text, &mut found);
    found.sort_by_key(|f| f.line);
    found
}

/// `scheme://user:password@host`, looked for only in lines with `://` and `@` in them.
fn url_credentials(text: &str, found: &mut Vec<Finding>) {
    let mut lines = LineIndex::new(text);
    let mut done = 0;
    for (at, _) in text.match_indices("://") {
        if at < done {
            continue;
        }
        let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        done = end;
        let line = &text[start..end];
        if !line.contains('@') {
            continue;
        }
        let line_no = lines.line_of(start);
        for c in URL_CREDENTIALS.captures_iter(line) {
            let (Some(user), Some(value)) = (c.name("user"), c.name("value")) else {
                continue;
            };
            if looks_like_password(value.as_str(), false) {
                found.push(Finding {
                    line: line_no,
                    kind: SecretKind::UrlCredentials,
                    excerpt: format!("{}:{}@", user.as_str(), mask(value.as_str(), 0)),
                    value: value.as_str().to_string(),
                });
            }
        }
    }
}

/// A password given to a command as an argument ([`COMMANDS`]) in `line`; whether there was one.
fn command_password(line: &str, line_no: usize, found: &mut Vec<Finding>) -> bool {
    if !COMMAND_HINT.is_match(line) {
        return false;
    }
    for c in COMMANDS.iter().filter_map(|r| r.captures(line)) {
        let (Some(command), Some(value)) = (c.get(0), c.name("value")) else {
            continue;
        };
        let v = clean(value.as_str());
        if looks_like_password(v, false) {
            // The command up to the value, shortened from the left: `… -uroot -p`.
            let head = line[command.start()..value.start()].trim_start();
            let cut = head.char_indices().rev().nth(29).map_or(0, |(i, _)| i);
            let ellipsis = if cut > 0 { "…" } else { "" };
            found.push(password(line_no, &format!("{ellipsis}{}", &head[cut..]), v));
            return true; // one finding per line is enough to send the writer there
        }
    }
    false
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

/// `key: value` anywhere in a line, passwords given to commands, and table rows: a value in
/// the cell beside a key cell, or in the column under a key cell. Only lines with a hint in
/// them are looked at (and the rows of a table below such a line).
fn passwords(text: &str, found: &mut Vec<Finding>) {
    let mut lines = LineIndex::new(text);
    let mut done = 0; // where the lines already looked at end
    for m in LINE_HINT.find_iter(text) {
        if m.start() < done {
            continue;
        }
        let start = text[..m.start()].rfind('\n').map_or(0, |i| i + 1);
        let line_no = lines.line_of(start);
        let mut rows = text[start..].lines();
        let first = rows.next().unwrap_or_default();
        done = start + first.len() + 1;
        // A command line is read as one: `$pw = ConvertTo-SecureString '…'` is not `pw = …`.
        if !command_password(first, line_no, found) {
            line_passwords(first, line_no, &[], found);
        }
        let columns = if is_row(first) {
            key_cells(first)
        } else {
            Vec::new()
        };
        if columns.is_empty() {
            continue;
        }
        // The rows below a row of keys: their values are in the keys' columns.
        for (k, row) in rows.take_while(|r| is_row(r)).enumerate() {
            done += row.len() + 1;
            line_passwords(row, line_no + 1 + k, &columns, found);
        }
    }
}

/// The passwords in one line: `key: value`, or when there is none and the line is a table row,
/// a value beside a key cell or in one of `columns`.
fn line_passwords(
    line: &str,
    line_no: usize,
    columns: &[(usize, String)],
    found: &mut Vec<Finding>,
) {
    let before = found.len();
    let hinted = KEY_HINT.is_match(line);
    for c in ASSIGNMENT.captures_iter(line).filter(|_| hinted) {
        let (Some(key), Some(value)) = (c.name("key"), c.name("value")) else {
            continue;
        };
        // `パスワード Abc#123`: a space alone is a separator after a Japanese key only.
        if c.name("space").is_some() && key.as_str().is_ascii() {
            continue;
        }
        let v = clean(value.as_str());
        // What follows the value on its line, up to 40 characters (not the whole rest of a long
        // line for each value in it).
        let rest = &line[value.end()..];
        let rest = rest
            .char_indices()
            .nth(40)
            .map_or(rest, |(end, _)| &rest[..end]);
        if looks_like_password(v, is_pin(key.as_str()))
            && !REFERENCE_WORDS.iter().any(|w| rest.contains(w))
        {
            found.push(password(line_no, &line[key.start()..value.start()], v));
        }
    }
    if found.len() > before || !is_row(line) {
        return;
    }
    let cells = cells(line.trim());
    if cells
        .iter()
        .all(|c| c.chars().all(|ch| "-:| ".contains(ch)))
    {
        return; // the |---|---| line
    }
    let beside = key_cells(line).into_iter().map(|(j, k)| (j + 1, k));
    for (at, key) in beside.chain(columns.iter().cloned()) {
        let Some(cell) = cells.get(at) else { continue };
        let v = clean(cell.trim());
        if !v.contains(char::is_whitespace) && looks_like_password(v, is_pin(&key)) {
            found.push(password(line_no, &format!("{key} | "), v));
            return;
        }
    }
}

fn is_row(line: &str) -> bool {
    line.trim_start().starts_with('|')
}

/// The cells of a table row that name a password: (column, key).
fn key_cells(row: &str) -> Vec<(usize, String)> {
    if !KEY_HINT.is_match(row) {
        return Vec::new();
    }
    cells(row.trim())
        .into_iter()
        .enumerate()
        .map(|(j, c)| (j, clean_cell(c)))
        .filter(|(_, c)| KEY_CELL.is_match(c))
        .map(|(j, c)| (j, c.to_string()))
        .collect()
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

/// What identifies a key: its block's first 260 characters (the BEGIN line and the start of the
/// key material).
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
                    DB_PASSWORD=s3cretPass\n| 管理者パスワード | P@ssw0rd |\nキーボックスの暗証番号: 4721\n\
                    - ID: admin / PW: Nas01pass\n- 事前共有キー：Minato-VPN-2026\n\
                    ゲスト Wi-Fi のパスワード minato2026guest\nAPIキー：AbCdEf123456\n";
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
                (8, SecretKind::Password, "PW: Na*******".into()),
                (
                    9,
                    SecretKind::Password,
                    "事前共有キー：Mi************".into()
                ),
                (10, SecretKind::Password, "パスワード mi************".into()),
                (11, SecretKind::Password, "APIキー：Ab**********".into()),
            ]
        );
    }

    #[test]
    fn finds_passwords_given_to_commands() {
        let text = "\
mysql -pS3cret#2026 -h db01 -uroot sales
sshpass -p 'Fw-Adm1n!' ssh admin@10.0.0.1
curl -u admin:Nas01pass https://nas01/api
smbclient //fs01/share -U scan%Sc4nPass
net user tanaka Welcome2026! /add
net use Z: \\\\fs01\\share Kanri#77 /user:CORP\\adm
cmdkey /add:fs01 /user:CORP\\adm /pass:Kanri#77
$pw = ConvertTo-SecureString 'P@ssw0rd1' -AsPlainText -Force
echo 'tanaka:Init#0401' | sudo chpasswd
echo Init#0401 | passwd --stdin tanaka
openssl pkcs12 -export -in a.crt -passout pass:Exp0rt!pw -out a.p12
ldapsearch -x -D cn=admin,dc=corp -w Ld4p#adm -b dc=corp
htpasswd -bc /etc/nginx/.htpasswd admin Adm1n#web
backup-tool --db-pass Bk#up2026 --host db01
";
        let found = kinds(text);
        assert_eq!(
            found.iter().map(|f| f.0).collect::<Vec<_>>(),
            (1..=14).collect::<Vec<_>>(),
            "{found:#?}"
        );
        assert_eq!(found[0].2, "mysql -pS3*********");
        assert_eq!(found[4].2, "net user tanaka We**********");
        assert!(found.iter().all(|f| f.1 == SecretKind::Password));
    }

    #[test]
    fn leaves_commands_that_ask_for_the_password_alone() {
        let text = "\
mysql -u root -p
mysql -u root -p sales < dump.sql
mysqldump -uroot -p\"$MYSQL_PWD\" --all-databases
mysql -P3306 -h db01 -u app -p
sshpass -p \"$PASS\" ssh host
sshpass -f ~/.pw ssh host
curl -u admin https://nas01/api
curl -u \"$USER:$PASS\" https://nas01/api
smbclient //fs01/share -U scan
net user tanaka * /add
net user tanaka /delete
net use Z: \\\\fs01\\share /user:CORP\\adm /persistent:yes
echo 'user:password' | chpasswd
openssl enc -aes256 -pass pass:$KEY -in a
ldapsearch -x -D cn=admin -W -b dc=corp
htpasswd -c /etc/nginx/.htpasswd admin
--password PASSWORD
--passphrase-fd 0
";
        assert_eq!(kinds(text), vec![]);
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
password prompt1 and passwd Abc123
パスワード 変更の手順 / パスワード Manager / トークンは FortiToken Mobile
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
