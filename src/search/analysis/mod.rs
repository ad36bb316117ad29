//! Text analysis for the index and for queries: two tantivy analyzers over the same
//! normalised text (see [`normalize`]).
//!
//! - [`JA`]: Japanese morphological words (lindera with IPADIC, base forms of verbs and
//!   adjectives, particles, auxiliary verbs and symbols dropped) and English words (lowercase,
//!   stemmed). Precise words for ranking.
//! - [`BIGRAM`]: overlapping CJK character bigrams (a lone CJK character is kept as a unigram)
//!   and the same English words, with positions for phrase queries. Recall when the
//!   dictionary splits a word differently in the query and in the document.
//!
//! Token offsets always point into the original text, so highlights mark the characters the
//! user wrote (full-width, half-width, long-vowel variants included).

mod bigram;
pub mod dictionary;
mod japanese;
pub mod normalize;
mod words;

pub use bigram::BigramTokenizer;
pub use japanese::{words as japanese_words, JapaneseTokenizer};

/// Name of the morphological analyzer, as registered on the index.
pub const JA: &str = "hk_ja";
/// Name of the bigram analyzer, as registered on the index.
pub const BIGRAM: &str = "hk_bigram";

/// Registers both analyzers. Call on every open, not only on create, or queries silently
/// fall back to tantivy's default tokenizer.
pub fn register_analyzers(index: &tantivy::Index) {
    index.tokenizers().register(
        JA,
        tantivy::tokenizer::TextAnalyzer::from(JapaneseTokenizer),
    );
    index.tokenizers().register(
        BIGRAM,
        tantivy::tokenizer::TextAnalyzer::from(BigramTokenizer),
    );
}

/// The normalised form of `text`, for plain substring matching against normalised text.
pub fn normalize_for_match(text: &str) -> String {
    normalize::normalize(text).text
}

/// Whether `c` is a Japanese character (kanji, kana), as the analyzers classify it.
pub fn is_japanese(c: char) -> bool {
    words::classify(c) == words::Class::Cjk
}

/// Whether `text` is written mostly in Japanese: at least one letter in five is Japanese (a
/// Japanese character carries a word's worth of meaning where a Latin letter carries a
/// fraction, and Japanese runbooks are full of commands and product names). Looks at the
/// first 64 KB only.
pub fn mostly_japanese(text: &str) -> bool {
    let (mut ja, mut latin) = (0usize, 0usize);
    for c in text.chars().take(64 * 1024) {
        if is_japanese(c) {
            ja += 1;
        } else if c.is_alphabetic() {
            latin += 1;
        }
    }
    ja > 0 && ja * 4 >= latin
}
