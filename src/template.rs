//! Built-in templates for new runbooks, one per kind, in Japanese or English, and the file
//! name a new runbook gets from its title.

use chrono::NaiveDate;

use crate::runbook::{date_value, KINDS};

/// Template language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Ja,
    En,
}

/// Default review interval per kind.
fn review_every(kind: &str) -> &'static str {
    match kind {
        "contact" | "procedure" | "incident" => "180d",
        "system" | "policy" => "1y",
        _ => "1y",
    }
}

fn sections(kind: &str, lang: Lang) -> &'static [&'static str] {
    match (kind, lang) {
        ("procedure", Lang::Ja) => &[
            "概要",
            "前提・必要なもの",
            "手順",
            "確認方法",
            "うまくいかない時",
            "関連",
        ],
        ("procedure", Lang::En) => &[
            "Overview",
            "Before you start",
            "Steps",
            "How to verify",
            "If it fails",
            "Related",
        ],
        ("system", Lang::Ja) => &[
            "概要",
            "構成",
            "アクセス方法",
            "日常の運用",
            "障害時の連絡先",
            "契約・ライセンス",
        ],
        ("system", Lang::En) => &[
            "Overview",
            "Components",
            "How to access",
            "Routine operations",
            "Who to call",
            "Contracts and licences",
        ],
        ("incident", Lang::Ja) => &[
            "症状",
            "影響範囲",
            "最初の 15 分",
            "復旧手順",
            "エスカレーション",
            "事後対応",
        ],
        ("incident", Lang::En) => &[
            "Symptoms",
            "Impact",
            "First 15 minutes",
            "Recovery",
            "Escalation",
            "Afterwards",
        ],
        ("contact", Lang::Ja) => &[
            "連絡先",
            "契約内容",
            "問い合わせ時に伝えること",
            "営業時間外",
        ],
        ("contact", Lang::En) => &["Contacts", "Contract", "What to tell them", "Out of hours"],
        ("policy", Lang::Ja) => &["目的", "対象", "ルール", "例外と承認", "改訂履歴"],
        ("policy", Lang::En) => &["Purpose", "Scope", "Rules", "Exceptions", "Revisions"],
        (_, Lang::Ja) => &["メモ"],
        (_, Lang::En) => &["Notes"],
    }
}

/// The text of a new runbook. Values are quoted as YAML strings.
pub fn new_runbook(
    title: &str,
    system: Option<&str>,
    kind: &str,
    owner: Option<&str>,
    today: NaiveDate,
    lang: Lang,
) -> String {
    let kind = if KINDS.contains(&kind) { kind } else { "note" };
    let mut out = String::from("---\n");
    out.push_str(&format!("title: {}\n", yaml_string(title)));
    if let Some(s) = system.filter(|s| !s.trim().is_empty()) {
        out.push_str(&format!("system: {}\n", yaml_string(s)));
    }
    out.push_str(&format!("kind: {kind}\n"));
    out.push_str("tags: []\n");
    if let Some(o) = owner.filter(|o| !o.trim().is_empty()) {
        out.push_str(&format!("owner: {}\n", yaml_string(o)));
    }
    out.push_str(&format!("reviewed: {}\n", date_value(today)));
    out.push_str(&format!("review_every: {}\n", review_every(kind)));
    out.push_str("---\n");
    out.push_str(&format!("# {title}\n"));
    for s in sections(kind, lang) {
        out.push_str(&format!("\n## {s}\n\n"));
        if *s == "手順" || *s == "Steps" || *s == "復旧手順" || *s == "Recovery" {
            out.push_str("1. \n");
        }
    }
    out
}

/// A YAML double-quoted string.
pub fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{}\"", s.replace('"', "'")))
}

/// A file name for a title: the title with path separators, characters Windows forbids and
/// white space replaced by `-`, Japanese kept, at most 80 characters, plus `.md`.
pub fn file_name_for(title: &str) -> String {
    let mut out = String::new();
    for c in title.trim().chars() {
        if c.is_control() || "/\\:*?\"<>|#%".contains(c) || c.is_whitespace() {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push(c);
        }
        if out.chars().count() >= 80 {
            break;
        }
    }
    let stem = out.trim_matches(['-', '.']).to_string();
    let stem = if stem.is_empty() {
        "untitled".to_string()
    } else {
        stem
    };
    format!("{stem}.md")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_keep_japanese_and_drop_separators() {
        assert_eq!(
            file_name_for("VPN 接続手順 / FortiClient"),
            "VPN-接続手順-FortiClient.md"
        );
        assert_eq!(file_name_for("../../etc"), "etc.md");
        assert_eq!(file_name_for("   "), "untitled.md");
    }

    #[test]
    fn template_parses_back() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_default();
        let text = new_runbook(
            "複合機: \"紙詰まり\"",
            Some("複合機"),
            "procedure",
            None,
            d,
            Lang::Ja,
        );
        let rb = crate::runbook::Runbook::parse(text);
        assert!(rb.problem().is_none());
        assert_eq!(
            rb.front_matter().title.as_deref(),
            Some("複合機: \"紙詰まり\"")
        );
        assert!(rb.body().contains("## 手順"));
    }
}
