//! Japanese morphological analysis with lindera and the IPADIC dictionary that `build.rs`
//! compiles from Debian's mecab-ipadic and embeds in the binary: a user needs nothing
//! installed at run time. The dictionary is loaded once, on first use (zero-copy over the
//! embedded bytes, a few milliseconds).

use std::borrow::Cow;
use std::sync::LazyLock;

use lindera::mode::Mode;
use lindera::segmenter::Segmenter;

use crate::search::pages::{self, Release};

mod embedded {
    lindera_dictionary::embedded_dictionary!("/ipadic", EmbeddedIpadicLoader);

    /// The embedded dictionary's tables, which the segmenter reads in place.
    pub(super) fn tables() -> [&'static [u8]; 6] {
        [
            CONNECTION_DATA,
            TRIE_DATA,
            VALS_IDX_DATA,
            VALS_DATA,
            WORDS_IDX_DATA,
            WORDS_DATA,
        ]
    }
}

/// Coarse part of speech, from IPADIC's first column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pos {
    Noun,
    Verb,
    Adjective,
    Adverb,
    Particle,
    AuxVerb,
    Symbol,
    Prefix,
    Other,
}

impl Pos {
    fn from_ipadic(pos: &str) -> Pos {
        match pos {
            "名詞" => Pos::Noun,
            "動詞" => Pos::Verb,
            "形容詞" => Pos::Adjective,
            "副詞" => Pos::Adverb,
            "助詞" => Pos::Particle,
            "助動詞" => Pos::AuxVerb,
            "記号" => Pos::Symbol,
            "接頭詞" => Pos::Prefix,
            _ => Pos::Other,
        }
    }
}

/// One word of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Morpheme<'a> {
    /// Byte range in the input.
    pub start: usize,
    pub end: usize,
    pub surface: &'a str,
    /// Dictionary form (原形); the surface when the dictionary has none (unknown words).
    pub base: Cow<'a, str>,
    pub pos: Pos,
}

/// `None` if the embedded dictionary could not be loaded (it is checked by the tests and by
/// [`warm_up`]; analysis then degrades to no Japanese words, bigrams still work).
static SEGMENTER: LazyLock<Option<Segmenter>> = LazyLock::new(|| {
    embedded::load()
        .ok()
        .map(|dictionary| Segmenter::new(Mode::Normal, dictionary, None))
});

/// Loads the dictionary now; `false` if it cannot be loaded.
pub fn warm_up() -> bool {
    SEGMENTER.is_some()
}

/// Lets the operating system reclaim the dictionary pages read so far. The dictionary is read
/// in place from the binary's read-only pages (about 45 MB of them after a first index of a
/// large vault); they are clean file pages, so giving them back costs nothing but a page-in
/// of the few a later query or save reads again. Call it after bulk indexing. Linux only;
/// elsewhere (and on kernels before 5.4, which do not know the hint) it does nothing.
pub fn release_pages() {
    release_tables(Release::PageOut);
}

/// Drops this process's mapping of the dictionary pages read so far but leaves them in the
/// page cache: for a pause between searches, which soon read some of them again.
pub fn unmap_pages() {
    release_tables(Release::Unmap);
}

fn release_tables(how: Release) {
    for table in embedded::tables() {
        pages::release(table, how);
    }
}

/// Splits `text` into words. Empty for empty input or when the dictionary is unavailable.
pub fn segment(text: &str) -> Vec<Morpheme<'_>> {
    let Some(segmenter) = SEGMENTER.as_ref() else {
        return Vec::new();
    };
    let Ok(tokens) = segmenter.segment(Cow::Borrowed(text)) else {
        return Vec::new();
    };
    tokens
        .into_iter()
        .filter_map(|mut t| {
            let (start, end) = (t.byte_start, t.byte_end);
            let surface = text.get(start..end)?;
            let pos = Pos::from_ipadic(t.get_detail(0).unwrap_or(""));
            let base = match t.get_detail(6) {
                Some(b) if b != "*" && !b.is_empty() && b != surface => Cow::Owned(b.to_string()),
                _ => Cow::Borrowed(surface),
            };
            Some(Morpheme {
                start,
                end,
                surface,
                base,
                pos,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<(String, String, Pos)> {
        segment(s)
            .into_iter()
            .map(|m| (m.surface.to_string(), m.base.into_owned(), m.pos))
            .collect()
    }

    #[test]
    fn segmenting_works_after_the_pages_are_released() {
        let before = words("サーバーを再起動した");
        release_pages();
        assert_eq!(words("サーバーを再起動した"), before);
        assert!(
            before.iter().any(|(_, base, _)| base == "する"),
            "{before:?}"
        );
    }

    #[test]
    fn dictionary_loads() {
        assert!(warm_up());
    }

    #[test]
    fn verbs_get_base_forms() {
        let w = words("パスワードを忘れた");
        assert_eq!(w[0], ("パスワード".into(), "パスワード".into(), Pos::Noun));
        assert_eq!(w[1].2, Pos::Particle);
        assert_eq!((w[2].1.as_str(), w[2].2), ("忘れる", Pos::Verb));
        assert_eq!(w[3].2, Pos::AuxVerb);
        let w = words("繋がらない");
        assert_eq!((w[0].1.as_str(), w[0].2), ("繋がる", Pos::Verb));
    }

    #[test]
    fn offsets_slice_the_input() {
        let s = "サーバールームの鍵を借りる。VPN error 809";
        for m in segment(s) {
            assert_eq!(&s[m.start..m.end], m.surface);
        }
        assert!(segment("").is_empty());
        assert!(words("鍵").iter().any(|w| w.0 == "鍵"));
        let long = "日本語の文章です。".repeat(1_200);
        assert!(segment(&long).len() > 1_000);
    }
}
