//! Shared pieces of both analyzers: character classes, English stemming and a token stream
//! over a prepared vector of tokens.

use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};
use tantivy::tokenizer::{Token, TokenStream};

static ENGLISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// How a (normalised) character is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Kanji, hiragana, katakana and the marks used inside Japanese words.
    Cjk,
    /// Letters and digits of other scripts (Latin, Greek, Hangul...): words.
    Word,
    /// Spaces and punctuation.
    Separator,
}

pub fn classify(c: char) -> Class {
    match c {
        '\u{3041}'..='\u{309F}' // hiragana
        | '\u{30A0}'..='\u{30FF}' // katakana incl. ー and ・? (・ is excluded below)
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified
        | '\u{F900}'..='\u{FAFF}' // compatibility ideographs
        | '\u{20000}'..='\u{2FA1F}'
        | '々' | '〆' | '〇' => {
            if c == '・' || c == '゠' {
                Class::Separator
            } else {
                Class::Cjk
            }
        }
        c if c.is_alphanumeric() => Class::Word,
        _ => Class::Separator,
    }
}

/// Splits normalised text into maximal runs of one [`Class`] (separators skipped) and calls
/// `f(class, start, end)` with byte offsets into `text`. Latin words are pushed as stemmed
/// tokens here, since both analyzers treat them the same; CJK runs go to `f`.
pub fn runs(
    original: &str,
    n: &super::normalize::Normalized,
    tokens: &mut Vec<Token>,
    mut cjk: impl FnMut(&mut Vec<Token>, usize, usize),
) {
    let text = &n.text;
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let class = classify(c);
        let mut end = start + c.len_utf8();
        while let Some(&(p, next)) = chars.peek() {
            if classify(next) != class {
                break;
            }
            end = p + next.len_utf8();
            chars.next();
        }
        match class {
            Class::Separator => {}
            Class::Word => {
                let (a, b) = n.original_range(start, end);
                push(tokens, stem(&text[start..end]), a, b);
                let parts = camel_case_parts(original.get(a..b).unwrap_or(""));
                if parts.len() > 1 {
                    for (from, to) in parts {
                        let part = original[a + from..a + to].to_ascii_lowercase();
                        push(tokens, stem(&part), a + from, a + to);
                    }
                }
            }
            Class::Cjk => cjk(tokens, start, end),
        }
    }
}

/// The byte ranges of the words inside an ASCII camel-case identifier (`etcdHighFsyncDurations`
/// → etcd, High, Fsync, Durations; `CoreDNSErrorsHigh` → Core, DNS, Errors, High), so that
/// alert and class names match the words they are made of. One range for anything else.
pub fn camel_case_parts(word: &str) -> Vec<(usize, usize)> {
    let b = word.as_bytes();
    if !word.is_ascii() || b.is_empty() {
        return vec![(0, b.len())];
    }
    let mut parts = Vec::new();
    let mut start = 0;
    for i in 1..b.len() {
        let lower_to_upper = b[i - 1].is_ascii_lowercase() && b[i].is_ascii_uppercase();
        let acronym_end = b[i - 1].is_ascii_uppercase()
            && b[i].is_ascii_uppercase()
            && b.get(i + 1).is_some_and(u8::is_ascii_lowercase);
        if lower_to_upper || acronym_end {
            parts.push((start, i));
            start = i;
        }
    }
    parts.push((start, b.len()));
    parts
}

/// The English stem of a lowercase word (`restarting` → `restart`); digits and short words
/// are returned as they are.
pub fn stem(word: &str) -> String {
    if word.len() < 4 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_string();
    }
    ENGLISH.stem(word).into_owned()
}

/// A token stream over tokens computed up front.
pub struct VecTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl VecTokenStream {
    pub fn new(tokens: Vec<Token>) -> Self {
        VecTokenStream { tokens, next: 0 }
    }
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// Pushes a token with the next position.
pub fn push(tokens: &mut Vec<Token>, text: String, from: usize, to: usize) {
    let position = tokens.len();
    tokens.push(Token {
        offset_from: from,
        offset_to: to,
        position,
        text,
        position_length: 1,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_english_inflections() {
        assert_eq!(stem("restarting"), "restart");
        assert_eq!(stem("restarted"), "restart");
        assert_eq!(stem("restarts"), "restart");
        assert_eq!(stem("vpn"), "vpn");
        assert_eq!(stem("809"), "809");
    }

    #[test]
    fn camel_case_identifiers_split_into_words() {
        let words = |w: &str| -> Vec<String> {
            camel_case_parts(w)
                .into_iter()
                .map(|(a, b)| w[a..b].to_string())
                .collect()
        };
        assert_eq!(
            words("etcdHighFsyncDurations"),
            ["etcd", "High", "Fsync", "Durations"]
        );
        assert_eq!(
            words("CoreDNSErrorsHigh"),
            ["Core", "DNS", "Errors", "High"]
        );
        assert_eq!(words("KubeNodeNotReady"), ["Kube", "Node", "Not", "Ready"]);
        for plain in ["restart", "VPN", "ipv6", "NAS01", "ＶＰＮ", ""] {
            assert_eq!(camel_case_parts(plain).len(), 1, "{plain}");
        }
    }

    #[test]
    fn classes() {
        assert_eq!(classify('鍵'), Class::Cjk);
        assert_eq!(classify('ー'), Class::Cjk);
        assert_eq!(classify('・'), Class::Separator);
        assert_eq!(classify('a'), Class::Word);
        assert_eq!(classify('。'), Class::Separator);
    }
}
