//! The synonym table for everyday IT vocabulary (`synonyms.tsv`, compiled in). A query word
//! found in a group is expanded to the group's other words at a lower weight.

use std::collections::HashMap;
use std::sync::LazyLock;

const TABLE: &str = include_str!("synonyms.tsv");

static GROUPS: LazyLock<HashMap<String, Vec<String>>> = LazyLock::new(|| parse_table(TABLE));

fn parse_table(table: &str) -> HashMap<String, Vec<String>> {
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    for line in table.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let words: Vec<String> = line
            .split('\t')
            .map(|w| w.trim().to_string())
            .filter(|w| !w.is_empty())
            .collect();
        for w in &words {
            let entry = map.entry(w.clone()).or_default();
            for other in &words {
                if other != w && !entry.contains(other) {
                    entry.push(other.clone());
                }
            }
        }
    }
    map
}

/// The groups of the table, each a list of words that mean the same.
pub fn groups() -> Vec<Vec<String>> {
    TABLE
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            l.split('\t')
                .map(|w| w.trim().to_string())
                .filter(|w| !w.is_empty())
                .collect()
        })
        .collect()
}

/// The synonyms of `word` as written in the table, or an empty slice.
pub fn synonyms(word: &str) -> &'static [String] {
    GROUPS.get(word).map(Vec::as_slice).unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_symmetric() {
        assert!(synonyms("追加").iter().any(|s| s == "作成"));
        assert!(synonyms("作成").iter().any(|s| s == "追加"));
        assert!(synonyms("消す").iter().any(|s| s == "削除"));
        assert!(synonyms("pc").iter().any(|s| s == "パソコン"));
        assert!(synonyms("止める").iter().any(|s| s == "停止"));
        assert!(synonyms("見る").iter().any(|s| s == "表示"));
        assert!(synonyms("変える").iter().any(|s| s == "変更"));
        assert!(synonyms("存在しない語").is_empty());
    }

    #[test]
    fn table_has_no_duplicate_words_across_groups_that_would_merge_meanings() {
        let mut seen = HashMap::new();
        for (n, line) in TABLE
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        {
            for w in line.split('\t') {
                if let Some(prev) = seen.insert(w.trim().to_string(), n) {
                    assert_eq!(
                        prev, n,
                        "`{w}` appears in two groups (lines {prev} and {n})"
                    );
                }
            }
        }
    }
}
