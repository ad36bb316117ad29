//! Text normalisation shared by indexing, queries and snippets: NFKC, lowercase, and
//! katakana long-vowel folding, with a map from every output byte back to the original text.
//!
//! - NFKC makes full-width `ＡＢＣ１２３` plain ASCII and half-width `ﾊﾟｽﾜｰﾄﾞ` ordinary
//!   `パスワード`; a base character and the combining marks after it (including the half-width
//!   sound marks `ﾞ` `ﾟ`) are normalised as one unit, so the map stays exact.
//! - Long vowels: inside a katakana word of two or more kana, every `ー` is dropped, so
//!   `サーバー`, `サーバ`, `コンピューター`, `インタフェース` and `インターフェース` meet. Short
//!   words (`キー`, `ルー`) keep theirs.
//! - Okurigana variants from `okurigana.tsv` (`申し込み`, `申込み` → `申込`) are folded, so
//!   either spelling finds the other.

use std::collections::HashMap;
use std::sync::LazyLock;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::UnicodeNormalization;

const LONG_VOWEL: char = 'ー';

/// Normalised text and, for each of its bytes, the byte offset in the original text where
/// the character it came from starts. `map.len() == text.len() + 1`; the last entry is the
/// original length, so `map[end]` is a valid exclusive end.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Normalized {
    pub text: String,
    pub map: Vec<usize>,
}

impl Normalized {
    /// The original byte range of the normalised range `start..end`.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        let last = self.map.len().saturating_sub(1);
        (self.map[start.min(last)], self.map[end.min(last)])
    }
}

fn is_katakana(c: char) -> bool {
    ('\u{30A1}'..='\u{30FA}').contains(&c)
}

/// Characters NFKC leaves alone whatever follows them (when no combining mark follows):
/// hiragana, katakana, common kanji.
fn nfkc_stable(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | '\u{30FC}' | '\u{4E00}'..='\u{9FFF}')
}

fn is_combining(c: char) -> bool {
    // Nothing below U+0300 combines, nor do the kanji: most characters skip the table.
    if c < '\u{300}' || ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        return false;
    }
    c == '\u{FF9E}' || c == '\u{FF9F}' || canonical_combining_class(c) != 0
}

/// Normalises `text` (see the module documentation).
pub fn normalize(text: &str) -> Normalized {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    let mut chars = text.char_indices().peekable();
    let mut unit = String::new();
    while let Some((start, c)) = chars.next() {
        let followed_by_mark = chars.peek().is_some_and(|&(_, n)| is_combining(n));
        if c.is_ascii() && !followed_by_mark {
            out.push(c.to_ascii_lowercase());
            map.push(start);
            continue;
        }
        if nfkc_stable(c) && !followed_by_mark {
            out.push(c);
            map.extend(std::iter::repeat_n(start, c.len_utf8()));
            continue;
        }
        unit.clear();
        unit.push(c);
        while let Some(&(_, n)) = chars.peek() {
            if !is_combining(n) {
                break;
            }
            unit.push(n);
            chars.next();
        }
        for n in unit.nfkc() {
            for l in n.to_lowercase() {
                out.push(l);
                map.extend(std::iter::repeat_n(start, l.len_utf8()));
            }
        }
    }
    map.push(text.len());
    fold_okurigana(fold_long_vowels(Normalized { text: out, map }))
}

/// (variant, canonical) pairs.
type Variants = Vec<(&'static str, &'static str)>;

/// Variant → canonical spelling, grouped by the variant's first character and sorted by it:
/// every character of every indexed text is looked up, and a binary search over a few
/// hundred characters costs less than hashing each one.
static OKURIGANA: LazyLock<Vec<(char, Variants)>> = LazyLock::new(|| {
    let mut map: HashMap<char, Variants> = HashMap::new();
    for line in include_str!("okurigana.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let mut words = line.split('\t').map(str::trim);
        let Some(canonical) = words.next() else {
            continue;
        };
        for variant in words {
            if let Some(first) = variant.chars().next() {
                map.entry(first).or_default().push((variant, canonical));
            }
        }
    }
    let mut table: Vec<(char, Variants)> = map.into_iter().collect();
    for (_, variants) in &mut table {
        // Longest first, so 申し込み wins over 申し込.
        variants.sort_by_key(|(v, _)| std::cmp::Reverse(v.len()));
    }
    table.sort_by_key(|(c, _)| *c);
    table
});

/// The okurigana variants starting with `c`, longest first.
fn okurigana_variants(c: char) -> Option<&'static [(&'static str, &'static str)]> {
    if c.is_ascii() {
        return None;
    }
    let table = &*OKURIGANA;
    table
        .binary_search_by_key(&c, |(first, _)| *first)
        .ok()
        .map(|i| table[i].1.as_slice())
}

/// Replaces okurigana variants by their canonical spelling. Each canonical character maps
/// to the start of the variant, and the variant's end is the next character's start, so a
/// match on the canonical form highlights the whole variant as written.
fn fold_okurigana(n: Normalized) -> Normalized {
    let needs = n.text.chars().any(|c| okurigana_variants(c).is_some());
    if !needs {
        return n;
    }
    let mut text = String::with_capacity(n.text.len());
    let mut map = Vec::with_capacity(n.map.len());
    let mut pos = 0;
    while pos < n.text.len() {
        let rest = &n.text[pos..];
        let Some(c) = rest.chars().next() else { break };
        let hit = okurigana_variants(c).and_then(|vs| vs.iter().find(|(v, _)| rest.starts_with(v)));
        if let Some((variant, canonical)) = hit {
            let origin = n.map[pos];
            text.push_str(canonical);
            map.extend(std::iter::repeat_n(origin, canonical.len()));
            pos += variant.len();
        } else {
            text.push(c);
            map.extend_from_slice(&n.map[pos..pos + c.len_utf8()]);
            pos += c.len_utf8();
        }
    }
    map.push(*n.map.last().unwrap_or(&0));
    Normalized { text, map }
}

/// Drops `ー` after a katakana character inside katakana words of two or more kana.
fn fold_long_vowels(n: Normalized) -> Normalized {
    if !n.text.contains(LONG_VOWEL) {
        return n;
    }
    let mut text = String::with_capacity(n.text.len());
    let mut map = Vec::with_capacity(n.map.len());
    let chars: Vec<(usize, char)> = n.text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if !is_katakana(c) {
            text.push(c);
            map.extend_from_slice(&n.map[pos..pos + c.len_utf8()]);
            i += 1;
            continue;
        }
        // A katakana word: katakana and long-vowel marks.
        let mut j = i;
        while j < chars.len() && (is_katakana(chars[j].1) || chars[j].1 == LONG_VOWEL) {
            j += 1;
        }
        let kana = chars[i..j].iter().filter(|(_, c)| *c != LONG_VOWEL).count();
        for &(p, ch) in &chars[i..j] {
            if ch == LONG_VOWEL && kana >= 2 {
                continue;
            }
            text.push(ch);
            map.extend_from_slice(&n.map[p..p + ch.len_utf8()]);
        }
        i = j;
    }
    map.push(*n.map.last().unwrap_or(&0));
    Normalized { text, map }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        normalize(s).text
    }

    #[test]
    fn width_case_and_kana() {
        assert_eq!(norm("ＶＰＮ　Ｅｒｒｏｒ１２３"), "vpn error123");
        assert_eq!(norm("ﾊﾟｽﾜｰﾄﾞ"), norm("パスワード"));
        assert_eq!(norm("ﾊﾟｽﾜｰﾄﾞ"), "パスワド");
        assert_eq!(norm("㈱みなと"), "(株)みなと");
    }

    #[test]
    fn long_vowels_fold_inside_words_only() {
        assert_eq!(norm("サーバー"), norm("サーバ"));
        assert_eq!(norm("コンピューター"), norm("コンピュータ"));
        assert_eq!(norm("ブラウザー"), norm("ブラウザ"));
        assert_eq!(norm("インターフェース"), norm("インタフェース"));
        assert_eq!(norm("キー"), "キー");
        assert_eq!(norm("ー"), "ー");
        assert_eq!(norm("サーバーの鍵"), "サバの鍵");
    }

    #[test]
    fn map_points_at_original_characters() {
        for s in [
            "ﾊﾟｽﾜｰﾄﾞを忘れた",
            "ＶＰＮ 繋がらない",
            "サーバー室",
            "",
            "a\u{301}b",
            "㈱ＡＢＣ",
        ] {
            let n = normalize(s);
            assert_eq!(n.map.len(), n.text.len() + 1, "{s}");
            for (i, _) in n.text.char_indices() {
                assert!(s.is_char_boundary(n.map[i]), "{s}: {i}");
            }
        }
        let s = "社内ﾊﾟｽﾜｰﾄﾞ変更";
        let n = normalize(s);
        let start = n.text.find("パスワド").unwrap_or(0);
        let (a, b) = n.original_range(start, start + "パスワド".len());
        assert_eq!(&s[a..b], "ﾊﾟｽﾜｰﾄﾞ");
        let s = "サーバーの鍵";
        let n = normalize(s);
        let (a, b) = n.original_range(0, "サバ".len());
        assert_eq!(&s[a..b], "サーバー");
    }

    #[test]
    fn okurigana_variants_fold() {
        assert_eq!(norm("申し込み"), "申込");
        assert_eq!(norm("申込み"), "申込");
        assert_eq!(norm("お問い合わせ先"), "お問合せ先");
        let s = "VPNの申し込み方法";
        let n = normalize(s);
        let start = n.text.find("申込").unwrap_or(0);
        let (a, b) = n.original_range(start, start + "申込".len());
        assert_eq!(&s[a..b], "申し込み");
    }

    #[test]
    fn long_input_and_odd_input() {
        let long = "あ".repeat(10_000);
        assert_eq!(normalize(&long).text, long);
        assert_eq!(
            norm("\u{301}\u{301}"),
            "\u{301}\u{301}".nfkc().collect::<String>()
        );
    }
}
