//! The morphological analyzer: lindera (IPADIC) words of the normalised text. Verbs and
//! adjectives become their base form (繋がらない → 繋がる), particles, auxiliary verbs and
//! symbols are dropped; runs of other scripts become lowercase stemmed words.

use tantivy::tokenizer::{Token, Tokenizer};

use super::dictionary::{segment, Pos};
use super::normalize::normalize;
use super::words::{push, runs, VecTokenStream};

#[derive(Debug, Clone, Copy, Default)]
pub struct JapaneseTokenizer;

impl Tokenizer for JapaneseTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        VecTokenStream::new(japanese_tokens(text))
    }
}

/// The tokens of `text`, offsets in `text`.
pub fn japanese_tokens(text: &str) -> Vec<Token> {
    words(text).into_iter().map(|w| w.token).collect()
}

/// A token of the morphological analyzer and whether it is a verb: in a query, verbs say
/// what to do (消す, 取る, 切る) and runbooks often say it with other words (削除, 取得).
pub struct Word {
    pub token: Token,
    pub verb: bool,
}

/// The words of `text` as the morphological analyzer indexes them.
pub fn words(text: &str) -> Vec<Word> {
    let n = normalize(text);
    let mut tokens = Vec::new();
    let mut verbs = Vec::new();
    runs(text, &n, &mut tokens, |tokens, start, end| {
        for m in segment(&n.text[start..end]) {
            if matches!(m.pos, Pos::Particle | Pos::AuxVerb | Pos::Symbol) {
                continue;
            }
            let term = match m.pos {
                Pos::Verb | Pos::Adjective => normalize(&m.base).text,
                _ => m.surface.to_string(),
            };
            if term.trim().is_empty() {
                continue;
            }
            let (a, b) = n.original_range(start + m.start, start + m.end);
            if m.pos == Pos::Verb {
                verbs.push(tokens.len());
            }
            push(tokens, term, a, b);
        }
    });
    tokens
        .into_iter()
        .enumerate()
        .map(|(i, token)| Word {
            token,
            verb: verbs.binary_search(&i).is_ok(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        japanese_tokens(s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn base_forms_and_dropped_particles() {
        assert_eq!(texts("パスワードを忘れた"), vec!["パスワド", "忘れる"]);
        assert!(texts("VPN 繋がらない").contains(&"繋がる".to_string()));
        assert!(texts("VPN 繋がらない").contains(&"vpn".to_string()));
        assert_eq!(texts("鍵"), vec!["鍵"]);
    }

    #[test]
    fn variants_meet() {
        assert_eq!(texts("ＶＰＮ"), texts("vpn"));
        assert_eq!(texts("ﾊﾟｽﾜｰﾄﾞ"), texts("パスワード"));
        assert_eq!(texts("サーバー"), texts("サーバ"));
        assert_eq!(texts("コンピューター"), texts("コンピュータ"));
        assert_eq!(texts("restarted"), texts("restarting"));
    }

    #[test]
    fn odd_input() {
        assert!(texts("").is_empty());
        assert!(texts(" \n").is_empty());
        assert!(texts("。、！？「」").is_empty());
        assert!(!texts(&"日本語のテキスト".repeat(1_250)).is_empty());
    }

    #[test]
    fn offsets_point_at_original_text() {
        let s = "ﾊﾟｽﾜｰﾄﾞを忘れた";
        let toks = japanese_tokens(s);
        assert_eq!(&s[toks[0].offset_from..toks[0].offset_to], "ﾊﾟｽﾜｰﾄﾞ");
        assert_eq!(&s[toks[1].offset_from..toks[1].offset_to], "忘れ");
    }
}
