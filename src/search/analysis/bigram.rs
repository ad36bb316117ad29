//! The bigram analyzer: overlapping CJK character bigrams (a run of one CJK character is a
//! unigram) and lowercase stemmed words for other scripts, after normalisation.

use tantivy::tokenizer::{Token, Tokenizer};

use super::normalize::normalize;
use super::words::{push, runs, VecTokenStream};

#[derive(Debug, Clone, Copy, Default)]
pub struct BigramTokenizer;

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        VecTokenStream::new(bigram_tokens(text))
    }
}

/// The tokens of `text`, offsets in `text`.
pub fn bigram_tokens(text: &str) -> Vec<Token> {
    let n = normalize(text);
    let mut tokens = Vec::new();
    runs(text, &n, &mut tokens, |tokens, start, end| {
        let bounds: Vec<usize> = n.text[start..end]
            .char_indices()
            .map(|(i, _)| start + i)
            .chain([end])
            .collect();
        if bounds.len() == 2 {
            // A lone CJK character: a unigram.
            let (a, b) = n.original_range(start, end);
            push(tokens, n.text[start..end].to_string(), a, b);
            return;
        }
        for w in bounds.windows(3) {
            let (from, to) = (w[0], w[2]);
            let (a, b) = n.original_range(from, to);
            push(tokens, n.text[from..to].to_string(), a, b);
        }
    });
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        bigram_tokens(s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn bigrams_unigrams_and_words() {
        assert_eq!(texts("紙詰まり"), vec!["紙詰", "詰ま", "まり"]);
        assert_eq!(texts("鍵"), vec!["鍵"]);
        assert_eq!(
            texts("VPN 繋がらない"),
            vec!["vpn", "繋が", "がら", "らな", "ない"]
        );
        assert_eq!(texts("Restarting the NAS"), vec!["restart", "the", "nas"]);
        assert_eq!(texts("ＶＰＮ"), texts("vpn"));
        assert_eq!(texts("サーバー"), texts("サーバ"));
    }

    #[test]
    fn empty_and_punctuation() {
        assert!(texts("").is_empty());
        assert!(texts("   \n\t").is_empty());
        assert!(texts("!?。、「」・…").is_empty());
        assert_eq!(texts(&"鍵".repeat(10_000)).len(), 9_999);
    }

    #[test]
    fn offsets_point_at_original_text() {
        let s = "社内のﾊﾟｽﾜｰﾄﾞをＲｅｓｅｔ";
        for t in bigram_tokens(s) {
            let orig = &s[t.offset_from..t.offset_to];
            assert_eq!(super::super::normalize_for_match(orig), t.text, "{orig}");
        }
        let toks = bigram_tokens("サーバーの鍵");
        assert_eq!(
            &"サーバーの鍵"[toks[0].offset_from..toks[0].offset_to],
            "サーバー"
        );
    }
}
