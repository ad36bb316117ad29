//! The synonym table for everyday IT vocabulary (`synonyms.tsv`, compiled in). A query word
//! found in a group is expanded to the group's other words at a lower weight (see `query`).

const TABLE: &str = include_str!("synonyms.tsv");

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

#[cfg(test)]
mod tests {
    use super::*;

    fn same_group(a: &str, b: &str) -> bool {
        groups()
            .iter()
            .any(|g| g.iter().any(|w| w == a) && g.iter().any(|w| w == b))
    }

    #[test]
    fn everyday_pairs_share_a_group() {
        for (a, b) in [
            ("追加", "作成"),
            ("消す", "削除"),
            ("pc", "パソコン"),
            ("止める", "停止"),
            ("見る", "表示"),
            ("変える", "変更"),
        ] {
            assert!(same_group(a, b), "{a} ≈ {b}");
        }
        assert!(!groups().iter().flatten().any(|w| w == "存在しない語"));
    }

    #[test]
    fn table_has_no_duplicate_words_across_groups_that_would_merge_meanings() {
        let mut seen = std::collections::HashMap::new();
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
