//! A query wrapper whose scorer is only ever moved forward. tantivy 0.27's `Exclude` asks its
//! exclusion scorer whether it holds a document through `seek_danger`, even for a document
//! before the one that scorer already stands on; the phrase scorer asserts against that in
//! debug builds and seeks its postings backwards in release builds. Excluded words become
//! phrase queries here (bigram chains), so every exclusion is wrapped: DocSet's default
//! `seek_danger`, which the wrapper keeps, seeks only when the target lies ahead.

use std::fmt;

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term};

/// `query`, with a scorer that is never sought backwards.
pub struct ForwardOnly(Box<dyn Query>);

impl ForwardOnly {
    pub fn new(query: Box<dyn Query>) -> ForwardOnly {
        ForwardOnly(query)
    }
}

impl Clone for ForwardOnly {
    fn clone(&self) -> Self {
        ForwardOnly(self.0.box_clone())
    }
}

impl fmt::Debug for ForwardOnly {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "ForwardOnly({:?})", self.0)
    }
}

impl Query for ForwardOnly {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(ForwardOnlyWeight(self.0.weight(enable_scoring)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor);
    }
}

struct ForwardOnlyWeight(Box<dyn Weight>);

impl Weight for ForwardOnlyWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(ForwardOnlyScorer(self.0.scorer(reader, boost)?)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.0.explain(reader, doc)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.0.count(reader)
    }
}

struct ForwardOnlyScorer(Box<dyn Scorer>);

impl DocSet for ForwardOnlyScorer {
    fn advance(&mut self) -> DocId {
        self.0.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.0.seek(target)
    }

    fn doc(&self) -> DocId {
        self.0.doc()
    }

    fn size_hint(&self) -> u32 {
        self.0.size_hint()
    }

    fn cost(&self) -> u64 {
        self.0.cost()
    }
}

impl Scorer for ForwardOnlyScorer {
    fn score(&mut self) -> Score {
        self.0.score()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::DocSetCollector;
    use tantivy::doc;
    use tantivy::query::{AllQuery, BooleanQuery, Occur, PhraseQuery};

    #[test]
    fn excluding_a_phrase_that_first_matches_after_the_first_document() -> tantivy::Result<()> {
        let (index, body, mut writer) = crate::search::body_index()?;
        writer.add_document(doc!(body => "disk check"))?;
        writer.add_document(doc!(body => "disk full again"))?;
        writer.add_document(doc!(body => "full disk"))?;
        writer.commit()?;
        let searcher = index.reader()?.searcher();
        let phrase = PhraseQuery::new(vec![
            Term::from_field_text(body, "disk"),
            Term::from_field_text(body, "full"),
        ]);
        let query = BooleanQuery::new(vec![
            (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
            (Occur::MustNot, Box::new(ForwardOnly::new(Box::new(phrase)))),
        ]);
        let mut docs: Vec<DocId> = searcher
            .search(&query, &DocSetCollector)?
            .into_iter()
            .map(|a| a.doc_id)
            .collect();
        docs.sort_unstable();
        assert_eq!(docs, vec![0, 2]);
        Ok(())
    }
}
