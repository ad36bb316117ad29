//! Turns a [`ParsedQuery`] into tantivy queries.
//!
//! Each space-separated word is analysed into content words ("concepts"): Japanese base
//! forms from the morphological analyzer, English stems. A concept matches when its
//! morphological term or its bigram phrase appears in the title, headings, metadata or body
//! (boosted in that order); its synonyms count at a lower weight. The strict query requires
//! every concept. The loose query ranks documents by how many concepts they contain, each
//! counted by how well BM25 rates its match (saturated, so no single word outweighs another),
//! then by BM25; results come from it whenever there are several concepts, and they are a
//! strict (all words) result when every hit shown contains every concept. Runbooks in
//! Japanese get a bonus when the query is in Japanese. Fillers (する, 方法, how to...) are
//! never required; neither are verbs when the query also names a thing (バックアップ取りたい:
//! the runbook says 取得 or nothing at all), though they still rank. A compound no document contains as one word
//! (パケットキャプチャ) is split into the words the index knows.

use std::sync::Arc;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhraseQuery, Query,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::{TextAnalyzer, Token};
use tantivy::{Index, Searcher, Term};

use super::analysis::{self, BIGRAM, JA};
use super::coverage::{CoverageQuery, Marks};
use super::forward::ForwardOnly;
use super::parse::{FilterField, ParsedQuery};
use super::saturate::SaturatedQuery;
use super::schema::{Fields, TextPair};
use super::synonyms;

/// The most a matched concept adds in the loose query: dominates BM25 so that documents with
/// more of the query's words rank first.
const CONCEPT_WEIGHT: f32 = 300.0;
/// The BM25 score at which a word earns half its [`CONCEPT_WEIGHT`] in the loose query.
const SATURATION_HALF: f32 = 5.0;
/// The least share of [`CONCEPT_WEIGHT`] a very common word keeps.
const MIN_CONCEPT_SHARE: f32 = 0.25;
/// Score added per concept found in the title or a heading: a runbook whose title names what
/// was asked for beats one that mentions it somewhere in a long body.
const TITLE_CONCEPT_WEIGHT: f32 = 60.0;
/// Score added to runbooks written mostly in Japanese when the query is in Japanese: people
/// who type Japanese want the Japanese runbook first, though an English one can still win.
const LANGUAGE_WEIGHT: f32 = 60.0;
/// Weight of synonyms and of the bigram alternative relative to the term itself.
const SYNONYM_WEIGHT: f32 = 0.5;
const BIGRAM_WEIGHT: f32 = 0.8;
/// Caps that keep absurd input cheap.
const MAX_QUERY_CHARS: usize = 1_000;
const MAX_CONCEPTS: usize = 24;

/// Words people add to say what they want to do with the thing ("check", "setting"): the
/// runbook often says it differently, so they only add to the score, never required.
const WEAK: &[&str] = &[
    "確認",
    "設定",
    "手順",
    "一覧",
    "使う",
    "使用",
    "調べる",
    "見る",
    "表示",
    "対応",
    "作業",
    "操作",
    "実行",
    "check",
    "setup",
    "use",
    "show",
    "list",
];

/// Words that say how, not what: never required, never counted.
const FILLERS: &[&str] = &[
    "する",
    "ある",
    "いる",
    "なる",
    "できる",
    "やる",
    "れる",
    "られる",
    "せる",
    "させる",
    "くる",
    "おく",
    "みる",
    "しまう",
    "方法",
    "やり方",
    "仕方",
    "こと",
    "もの",
    "とき",
    "時",
    "ため",
    "場合",
    "よう",
    "感じ",
    "どう",
    "どうやる",
    "何",
    "なに",
    "教える",
    "知る",
    "分かる",
    "わかる",
    "ほしい",
    "欲しい",
    "たい",
    "ない",
    "の",
    "ん",
    "さ",
    "お願い",
    "下さる",
    "くださる",
    "how",
    "to",
    "the",
    "a",
    "an",
    "is",
    "are",
    "do",
    "does",
    "i",
    "my",
    "can",
    "what",
    "where",
    "why",
    "when",
    "for",
    "of",
    "in",
    "on",
    "with",
    "please",
    "and",
    "or",
    "not",
    "it",
    "be",
];

/// One content word of the query, as two queries: matched anywhere, and matched in the title
/// or headings (a strong sign the runbook is about it).
struct Concept {
    any: Box<dyn Query>,
    title: Box<dyn Query>,
    /// How rare the word is (BM25 idf of its morphological term, 0 when unknown): in the loose
    /// query a rare word (sysctl) counts for more than a common one (make, ファイル).
    idf: f32,
}

impl Concept {
    /// BM25 over all fields plus a constant bonus when the title or a heading matches.
    fn scored(&self) -> Box<dyn Query> {
        self.with_title_bonus(self.any.box_clone())
    }

    /// `any` (this concept matched anywhere, scored somehow) plus the title bonus.
    fn with_title_bonus(&self, any: Box<dyn Query>) -> Box<dyn Query> {
        Box::new(BooleanQuery::new(vec![
            (Occur::Must, any),
            (
                Occur::Should,
                Box::new(ConstScoreQuery::new(
                    self.title.box_clone(),
                    TITLE_CONCEPT_WEIGHT,
                )),
            ),
        ]))
    }
}

pub(crate) struct QueryPlan {
    /// One entry per content word.
    concepts: Vec<Concept>,
    /// Weak words: scored when present, never required.
    weak: Vec<Concept>,
    /// MUST clauses besides concepts: phrases and filters.
    musts: Vec<Box<dyn Query>>,
    excluded: Vec<Box<dyn Query>>,
    /// A bonus for runbooks in the query's language (Japanese), when it has one.
    language: Option<Box<dyn Query>>,
    /// Normalised strings to mark in snippets.
    pub highlight_terms: Vec<String>,
    pub note: Option<String>,
}

impl QueryPlan {
    pub fn build(
        index: &Index,
        searcher: &Searcher,
        fields: &Fields,
        parsed: &ParsedQuery,
    ) -> QueryPlan {
        let mut ja = analyzer(index, JA);
        let mut bi = analyzer(index, BIGRAM);
        let mut plan = QueryPlan {
            concepts: Vec::new(),
            weak: Vec::new(),
            musts: Vec::new(),
            excluded: Vec::new(),
            language: None,
            highlight_terms: Vec::new(),
            note: None,
        };
        if parsed
            .words
            .iter()
            .any(|w| w.chars().any(analysis::is_japanese))
        {
            plan.language = Some(Box::new(ConstScoreQuery::new(
                Box::new(TermQuery::new(
                    Term::from_field_text(fields.lang, super::schema::JAPANESE),
                    IndexRecordOption::Basic,
                )),
                LANGUAGE_WEIGHT,
            )));
        }
        let mut budget = MAX_QUERY_CHARS;
        let mut fillers = Vec::new();
        let mut verbs = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for word in &parsed.words {
            let word = take_chars(word, &mut budget);
            if word.is_empty() {
                plan.note = Some(format!(
                    "the query was shortened to its first {MAX_QUERY_CHARS} characters"
                ));
                break;
            }
            let tokens: Vec<(String, String, bool)> = analysis::japanese_words(word)
                .into_iter()
                .map(|w| (w.token.text.clone(), surface(word, &w.token), w.verb))
                .flat_map(|(term, surface, verb)| {
                    if !analyzed_synonyms(&mut ja, &term).is_empty() {
                        return vec![(term, surface, verb)];
                    }
                    match split_compound(searcher, fields, &term) {
                        Some(parts) => parts.into_iter().map(|p| (p.clone(), p, verb)).collect(),
                        None => vec![(term, surface, verb)],
                    }
                })
                .collect();
            if tokens.is_empty() {
                // Nothing the morphological analyzer keeps (e.g. a lone particle): bigrams.
                if let Some(any) = bigram_query(&mut bi, word, &text_fields(fields), 1.0) {
                    let title = bigram_query(&mut bi, word, &title_fields(fields), 1.0)
                        .unwrap_or_else(|| Box::new(EmptyQuery));
                    plan.concepts.push(Concept {
                        any,
                        title,
                        idf: 0.0,
                    });
                    plan.highlight_terms
                        .push(analysis::normalize_for_match(word));
                }
                continue;
            }
            for (term, surface, verb) in tokens {
                if !seen.insert(term.clone()) {
                    continue;
                }
                let q = Concept {
                    any: concept_query(&mut ja, &mut bi, &fields.text_pairs(), &term, &surface),
                    title: concept_query(
                        &mut ja,
                        &mut bi,
                        &[fields.title, fields.headings],
                        &term,
                        &surface,
                    ),
                    idf: idf(searcher, fields, &term),
                };
                plan.highlight_terms
                    .push(analysis::normalize_for_match(&surface));
                plan.highlight_terms.push(term.clone());
                if FILLERS.contains(&term.as_str()) {
                    fillers.push(q);
                } else if WEAK.contains(&term.as_str()) {
                    plan.weak.push(q);
                } else if verb {
                    verbs.push(q);
                } else {
                    plan.concepts.push(q);
                }
            }
        }
        if plan.concepts.is_empty() {
            plan.concepts = std::mem::take(&mut verbs);
        } else {
            plan.weak.append(&mut verbs);
        }
        if plan.concepts.is_empty() {
            // Only weak words or fillers: search for them after all.
            plan.concepts = if plan.weak.is_empty() {
                fillers
            } else {
                std::mem::take(&mut plan.weak)
            };
        }
        if plan.concepts.len() > MAX_CONCEPTS {
            plan.concepts.truncate(MAX_CONCEPTS);
            plan.note = Some("only the first words of this long query were used".to_string());
        }
        for phrase in &parsed.phrases {
            let phrase = take_chars(phrase, &mut budget);
            if let Some(q) = bigram_query(&mut bi, phrase, &text_fields(fields), 1.0) {
                plan.musts.push(q);
                plan.highlight_terms
                    .push(analysis::normalize_for_match(phrase));
            }
        }
        for (field, value) in &parsed.filters {
            let f = match field {
                FilterField::System => fields.system,
                FilterField::Tag => fields.tags,
                FilterField::Owner => fields.owner,
                FilterField::Kind => fields.kind,
            };
            // A filter that analyses to nothing cannot match anything.
            let q = bigram_query(&mut bi, value, &[(f, 1.0)], 1.0)
                .unwrap_or_else(|| Box::new(EmptyQuery));
            plan.musts.push(q);
        }
        for ex in &parsed.excluded {
            if let Some(q) = bigram_query(&mut bi, ex, &text_fields(fields), 1.0) {
                plan.excluded.push(q);
            }
        }
        plan.highlight_terms.retain(|t| !t.is_empty());
        plan.highlight_terms
            .sort_by_key(|t| std::cmp::Reverse(t.len()));
        plan.highlight_terms.dedup();
        plan
    }

    /// True when there is nothing to search for.
    pub fn is_empty(&self) -> bool {
        self.concepts.is_empty() && self.musts.is_empty()
    }

    fn with_constraints(&self, mut clauses: Vec<(Occur, Box<dyn Query>)>) -> Box<dyn Query> {
        for w in &self.weak {
            clauses.push((Occur::Should, w.scored()));
        }
        for m in &self.musts {
            clauses.push((Occur::Must, m.box_clone()));
        }
        for e in &self.excluded {
            clauses.push((Occur::MustNot, Box::new(ForwardOnly::new(e.box_clone()))));
        }
        if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        if let Some(language) = &self.language {
            clauses.push((Occur::Should, language.box_clone()));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// Every concept required.
    pub fn strict(&self) -> Box<dyn Query> {
        let clauses = self
            .concepts
            .iter()
            .map(|c| (Occur::Must, c.scored()))
            .collect();
        self.with_constraints(clauses)
    }

    /// Whether results are ranked by the loose query (there are several words to count).
    pub fn ranks_loosely(&self) -> bool {
        self.concepts.len() >= 2
    }

    /// At least one concept; each matched concept adds up to [`CONCEPT_WEIGHT`] (times its
    /// rarity share), more the better BM25 rates the match, so that a runbook with more of
    /// the query's words ranks first, but a word mentioned once in a long manual counts for
    /// less than the same word in a short runbook about it. The marks say which documents
    /// matched every concept (collect them with [`FullMatches`](super::coverage::FullMatches)).
    pub fn loose(&self) -> (Box<dyn Query>, Arc<Marks>) {
        let max_idf = self.concepts.iter().map(|c| c.idf).fold(0.0, f32::max);
        let counted: Vec<Box<dyn Query>> = self
            .concepts
            .iter()
            .map(|c| {
                // The rarest word counts fully; a word with no idf (unknown or bigram-only)
                // too, since nothing says it is common.
                let share = if c.idf > 0.0 && max_idf > 0.0 {
                    (c.idf / max_idf).max(MIN_CONCEPT_SHARE)
                } else {
                    1.0
                };
                c.with_title_bonus(Box::new(SaturatedQuery::new(
                    c.any.box_clone(),
                    CONCEPT_WEIGHT * share,
                    SATURATION_HALF,
                )))
            })
            .collect();
        let marks = Arc::new(Marks::default());
        let any: Box<dyn Query> = Box::new(CoverageQuery::new(counted, marks.clone()));
        (self.with_constraints(vec![(Occur::Must, any)]), marks)
    }
}

/// BM25's inverse document frequency of `term` in the body, 0 when no document has it.
fn idf(searcher: &Searcher, fields: &Fields, term: &str) -> f32 {
    let n = searcher.num_docs() as f32;
    let df = searcher
        .doc_freq(&Term::from_field_text(fields.body.ja, term))
        .unwrap_or(0) as f32;
    if df == 0.0 {
        return 0.0;
    }
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// Documents containing `term` in any morphological field.
fn doc_freq(searcher: &Searcher, fields: &Fields, term: &str) -> u64 {
    fields
        .text_pairs()
        .iter()
        .map(|p| {
            searcher
                .doc_freq(&Term::from_field_text(p.ja, term))
                .unwrap_or(0)
        })
        .sum()
}

/// Longest compound the splitter tries (in characters): longer words are rare in queries and
/// the search costs a term lookup per substring.
const MAX_COMPOUND_CHARS: usize = 16;

/// Splits a Japanese compound that no document contains as one word (パケットキャプチャ, which
/// the dictionary does not know) into the words the index does know (パケット + キャプチャ):
/// as few characters as possible left in unknown parts, then the fewest parts; neighbouring
/// unknown characters stay together. `None` when the word is found as it is, is not Japanese,
/// or no part of it is known.
fn split_compound(searcher: &Searcher, fields: &Fields, term: &str) -> Option<Vec<String>> {
    let chars: Vec<char> = term.chars().collect();
    let n = chars.len();
    if !(4..=MAX_COMPOUND_CHARS).contains(&n)
        || !chars.iter().all(|&c| analysis::is_japanese(c))
        || doc_freq(searcher, fields, term) > 0
    {
        return None;
    }
    // A known part is a real word, not a syllable that happens to be indexed: two characters,
    // three when all katakana (プチ is a word, but not inside キャプチャ).
    let is_word = |part: &[char]| {
        let min = if part.iter().all(|c| ('\u{30A0}'..='\u{30FF}').contains(c)) {
            3
        } else {
            2
        };
        part.len() >= min && doc_freq(searcher, fields, &part.iter().collect::<String>()) > 0
    };
    // best[i]: (unknown characters, parts, start of the last part, last part known) for
    // chars[..i].
    let mut best: Vec<Option<(usize, usize, usize, bool)>> = vec![None; n + 1];
    best[0] = Some((0, 0, 0, true));
    for end in 1..=n {
        for start in 0..end {
            let Some((unknown, parts, _, _)) = best[start] else {
                continue;
            };
            let known = is_word(&chars[start..end]);
            let cost = (
                unknown + if known { 0 } else { end - start },
                parts + 1,
                start,
                known,
            );
            if best[end].is_none_or(|b| (cost.0, cost.1) < (b.0, b.1)) {
                best[end] = Some(cost);
            }
        }
    }
    let (unknown, _, _, _) = best[n]?;
    if unknown == n {
        return None;
    }
    let mut spans = Vec::new();
    let mut end = n;
    while end > 0 {
        let (_, _, start, known) = best[end]?;
        spans.push((start, end, known));
        end = start;
    }
    spans.reverse();
    let mut out: Vec<(String, bool)> = Vec::new();
    for (start, end, known) in spans {
        let text: String = chars[start..end].iter().collect();
        match out.last_mut() {
            Some((last, false)) if !known => last.push_str(&text),
            _ => out.push((text, known)),
        }
    }
    (out.len() > 1).then(|| out.into_iter().map(|(text, _)| text).collect())
}

fn analyzer(index: &Index, name: &str) -> TextAnalyzer {
    index
        .tokenizers()
        .get(name)
        .unwrap_or_else(|| TextAnalyzer::from(tantivy::tokenizer::SimpleTokenizer::default()))
}

fn take_chars<'a>(s: &'a str, budget: &mut usize) -> &'a str {
    let end = s.char_indices().nth(*budget).map_or(s.len(), |(i, _)| i);
    *budget = budget.saturating_sub(s[..end].chars().count());
    &s[..end]
}

/// The original text a token was made from (`ﾊﾟｽﾜｰﾄﾞ` for the term パスワド).
fn surface(text: &str, token: &Token) -> String {
    text.get(token.offset_from..token.offset_to)
        .unwrap_or(&token.text)
        .to_string()
}

/// The indexed terms of `text`.
fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    analyzer
        .token_stream(text)
        .process(&mut |t| out.push(t.text.clone()));
    out
}

fn title_fields(fields: &Fields) -> Vec<(Field, f32)> {
    [fields.title, fields.headings]
        .iter()
        .map(|p| (p.bi, p.boost))
        .collect()
}

fn text_fields(fields: &Fields) -> Vec<(Field, f32)> {
    fields
        .text_pairs()
        .iter()
        .map(|p| (p.bi, p.boost))
        .collect()
}

/// A term or phrase over the bigram fields, boosted per field; `None` if `text` has no tokens.
fn bigram_query(
    bi: &mut TextAnalyzer,
    text: &str,
    fields: &[(Field, f32)],
    weight: f32,
) -> Option<Box<dyn Query>> {
    let toks = terms(bi, text);
    if toks.is_empty() {
        return None;
    }
    let per_field: Vec<(Occur, Box<dyn Query>)> = fields
        .iter()
        .map(|&(field, boost)| {
            let q: Box<dyn Query> = if toks.len() == 1 {
                Box::new(TermQuery::new(
                    Term::from_field_text(field, &toks[0]),
                    IndexRecordOption::WithFreqs,
                ))
            } else {
                Box::new(PhraseQuery::new(
                    toks.iter()
                        .map(|t| Term::from_field_text(field, t))
                        .collect(),
                ))
            };
            (
                Occur::Should,
                Box::new(BoostQuery::new(q, boost * weight)) as Box<dyn Query>,
            )
        })
        .collect();
    Some(Box::new(BooleanQuery::new(per_field)))
}

/// One concept: the morphological term in every field, its bigram phrase, and its synonyms.
fn concept_query(
    ja: &mut TextAnalyzer,
    bi: &mut TextAnalyzer,
    pairs: &[TextPair],
    term: &str,
    surface: &str,
) -> Box<dyn Query> {
    let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let bi_fields: Vec<(Field, f32)> = pairs.iter().map(|p| (p.bi, p.boost)).collect();
    let ja_term = |term: &str, weight: f32| -> Vec<(Occur, Box<dyn Query>)> {
        pairs
            .iter()
            .map(|p| {
                let q = TermQuery::new(
                    Term::from_field_text(p.ja, term),
                    IndexRecordOption::WithFreqs,
                );
                (
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(q), p.boost * weight)) as Box<dyn Query>,
                )
            })
            .collect()
    };
    alternatives.extend(ja_term(term, 1.0));
    if let Some(q) = bigram_query(bi, surface, &bi_fields, BIGRAM_WEIGHT) {
        alternatives.push((Occur::Should, q));
    }
    for syn in analyzed_synonyms(ja, term) {
        match &syn.term {
            Some(t) => alternatives.extend(ja_term(t, SYNONYM_WEIGHT)),
            // A synonym the analyzer splits into several words is matched as a bigram phrase.
            None => {
                if let Some(q) = bigram_query(bi, &syn.raw, &bi_fields, SYNONYM_WEIGHT) {
                    alternatives.push((Occur::Should, q));
                }
            }
        }
    }
    Box::new(BooleanQuery::new(alternatives))
}

/// A synonym as the index sees it: its single morphological term, or its raw text when the
/// analyzer splits it into several words.
struct Synonym {
    term: Option<String>,
    raw: String,
}

/// The synonym table keyed by analysed terms, built once (analysing ~100 words per query
/// would cost more than the query itself).
fn analyzed_synonyms<'a>(ja: &mut TextAnalyzer, term: &str) -> &'a [Synonym] {
    static TABLE: std::sync::OnceLock<std::collections::HashMap<String, Vec<Synonym>>> =
        std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut map: std::collections::HashMap<String, Vec<Synonym>> =
            std::collections::HashMap::new();
        for group in synonyms::groups() {
            let analysed: Vec<(Option<String>, &String)> = group
                .iter()
                .map(|w| {
                    let t = terms(ja, w);
                    ((t.len() == 1).then(|| t[0].clone()), w)
                })
                .collect();
            for (key, _) in &analysed {
                let Some(key) = key else { continue };
                let entry = map.entry(key.clone()).or_default();
                for (t, raw) in &analysed {
                    if t.as_ref() != Some(key) {
                        entry.push(Synonym {
                            term: t.clone(),
                            raw: (*raw).clone(),
                        });
                    }
                }
            }
        }
        // Analysing the table's few hundred words reads dictionary pages all over its 50 MB
        // (20+ MB of them mapped); queries need few of those again.
        super::analysis::dictionary::release_pages();
        map
    });
    table.get(term).map(Vec::as_slice).unwrap_or(&[])
}
