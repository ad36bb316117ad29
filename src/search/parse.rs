//! Parses what a person types into a search box: words, `"phrases"`, `-excluded` words and
//! `system:` `tag:` `owner:` `kind:` filters. Never fails: an unbalanced quote runs to the end
//! of the input, unknown `field:` prefixes are plain words, and Lucene-style syntax (`AND`,
//! `OR`, `+`, `*`, brackets) is treated as text.

/// A filter on a metadata field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterField {
    System,
    Tag,
    Owner,
    Kind,
}

impl FilterField {
    fn from_prefix(prefix: &str) -> Option<FilterField> {
        match prefix.to_lowercase().as_str() {
            "system" | "sys" | "システム" => Some(FilterField::System),
            "tag" | "tags" | "タグ" => Some(FilterField::Tag),
            "owner" | "担当" | "担当者" => Some(FilterField::Owner),
            "kind" | "種類" => Some(FilterField::Kind),
            _ => None,
        }
    }
}

/// The parsed query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// Words the results should contain (as typed, one entry per space-separated chunk).
    pub words: Vec<String>,
    /// Quoted phrases that must appear as written.
    pub phrases: Vec<String>,
    /// Words or phrases that must not appear.
    pub excluded: Vec<String>,
    pub filters: Vec<(FilterField, String)>,
}

impl ParsedQuery {
    /// True when nothing searchable and no filter was given.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty() && self.filters.is_empty()
    }
}

/// Splits a query. Full-width spaces separate words like ASCII spaces; full-width quotes
/// (“” ＂ 「」 are not quotes: they are common in Japanese text) — only `"` and `＂` quote.
pub fn parse(input: &str) -> ParsedQuery {
    let mut q = ParsedQuery::default();
    let chars: Vec<char> = input.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let negate =
            (c == '-' || c == '－') && i + 1 < chars.len() && !chars[i + 1].is_whitespace();
        if negate {
            i += 1;
        }
        let (token, quoted, next) = read_token(&chars, i);
        i = next;
        let token = token.trim().to_string();
        if token.is_empty() {
            continue;
        }
        if !quoted {
            if let Some((prefix, value)) = token.split_once([':', '：']) {
                if let Some(field) = FilterField::from_prefix(prefix) {
                    let value = value.trim_matches(['"', '＂']).trim();
                    if !value.is_empty() {
                        q.filters.push((field, value.to_string()));
                        continue;
                    }
                }
            }
        }
        match (negate, quoted) {
            (true, _) => q.excluded.push(token),
            (false, true) => q.phrases.push(token),
            (false, false) => q.words.push(token),
        }
    }
    q
}

/// Reads one token starting at `i`: a quoted phrase (possibly after `field:`) or a run of
/// non-space characters. Returns (text, was_quoted, next index).
fn read_token(chars: &[char], start: usize) -> (String, bool, usize) {
    let is_quote = |c: char| c == '"' || c == '＂';
    if is_quote(chars[start]) {
        let mut j = start + 1;
        let mut s = String::new();
        while j < chars.len() && !is_quote(chars[j]) {
            s.push(chars[j]);
            j += 1;
        }
        return (s, true, (j + 1).min(chars.len()));
    }
    let mut j = start;
    let mut s = String::new();
    while j < chars.len() && !chars[j].is_whitespace() {
        if is_quote(chars[j]) {
            // `system:"Synology NAS"`: the quoted value belongs to this token.
            let (inner, _, next) = read_token(chars, j);
            s.push('"');
            s.push_str(&inner);
            s.push('"');
            j = next;
            continue;
        }
        s.push(chars[j]);
        j += 1;
    }
    (s, false, j)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_phrases_excludes_filters() {
        let q = parse(
            "VPN　繋がらない \"error 809\" -テスト system:\"Synology NAS\" tag:printer 担当:佐藤",
        );
        assert_eq!(q.words, vec!["VPN", "繋がらない"]);
        assert_eq!(q.phrases, vec!["error 809"]);
        assert_eq!(q.excluded, vec!["テスト"]);
        assert_eq!(
            q.filters,
            vec![
                (FilterField::System, "Synology NAS".to_string()),
                (FilterField::Tag, "printer".to_string()),
                (FilterField::Owner, "佐藤".to_string())
            ]
        );
    }

    #[test]
    fn odd_input_never_fails() {
        for s in [
            "",
            "   ",
            "\"",
            "\"unclosed phrase",
            "-",
            "- -",
            "a:b",
            "system:",
            "((a OR b) AND c*)~2^3",
            "\\\"",
            "：：",
            "＂全角",
        ] {
            let _ = parse(s);
        }
        assert_eq!(parse("\"unclosed phrase").phrases, vec!["unclosed phrase"]);
        assert_eq!(parse("a:b").words, vec!["a:b"]);
        assert!(parse("system:").filters.is_empty());
        let long = "あ".repeat(10_000);
        assert_eq!(parse(&long).words.len(), 1);
    }
}
