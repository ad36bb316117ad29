//! A query wrapper that adds to the wrapped query's score `s` a bonus that grows with it but
//! never past a ceiling: `s + weight · s / (s + half)`. The loose ranking counts how many of
//! the query's words a runbook contains; counting each word as a constant would let a 300 KB
//! manual that mentions every word once beat a short runbook that is about two of them. A
//! saturating bonus keeps BM25's judgement (frequency, field, document length) while no single
//! word can outweigh matching another one; the BM25 score itself still orders runbooks that
//! match equally many words. One pass over the postings gives both.

use std::fmt;

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term};

/// `s + weight · s / (s + half)` of the inner query's score `s`: half the bonus at `s = half`.
pub struct SaturatedQuery {
    query: Box<dyn Query>,
    weight: Score,
    half: Score,
}

impl SaturatedQuery {
    pub fn new(query: Box<dyn Query>, weight: Score, half: Score) -> SaturatedQuery {
        SaturatedQuery {
            query,
            weight,
            half: half.max(f32::EPSILON),
        }
    }
}

impl Clone for SaturatedQuery {
    fn clone(&self) -> Self {
        SaturatedQuery {
            query: self.query.box_clone(),
            weight: self.weight,
            half: self.half,
        }
    }
}

impl fmt::Debug for SaturatedQuery {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "Saturated(weight={}, half={}, query={:?})",
            self.weight, self.half, self.query
        )
    }
}

impl Query for SaturatedQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let inner = self.query.weight(enable_scoring)?;
        Ok(Box::new(SaturatedWeight {
            inner,
            weight: self.weight,
            half: self.half,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.query.query_terms(visitor);
    }
}

struct SaturatedWeight {
    inner: Box<dyn Weight>,
    weight: Score,
    half: Score,
}

impl Weight for SaturatedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(SaturatedScorer {
            inner: self.inner.scorer(reader, 1.0)?,
            weight: self.weight * boost,
            half: self.half,
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let inner = self.inner.explain(reader, doc)?;
        let s = inner.value();
        let mut e = Explanation::new("saturated", saturate(s, self.weight, self.half));
        e.add_detail(inner);
        Ok(e)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.inner.count(reader)
    }
}

fn saturate(s: Score, weight: Score, half: Score) -> Score {
    if s <= 0.0 {
        0.0
    } else {
        s + weight * s / (s + half)
    }
}

struct SaturatedScorer {
    inner: Box<dyn Scorer>,
    weight: Score,
    half: Score,
}

impl DocSet for SaturatedScorer {
    fn advance(&mut self) -> DocId {
        self.inner.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.inner.seek(target)
    }

    fn doc(&self) -> DocId {
        self.inner.doc()
    }

    fn size_hint(&self) -> u32 {
        self.inner.size_hint()
    }

    fn cost(&self) -> u64 {
        self.inner.cost()
    }
}

impl Scorer for SaturatedScorer {
    fn score(&mut self) -> Score {
        saturate(self.inner.score(), self.weight, self.half)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::doc;
    use tantivy::query::TermQuery;
    use tantivy::schema::IndexRecordOption;

    #[test]
    fn the_bonus_grows_with_the_inner_score_below_the_ceiling() {
        let bonus = |s: f32| saturate(s, 10.0, 2.0) - s;
        assert_eq!(saturate(0.0, 10.0, 2.0), 0.0);
        assert!((bonus(2.0) - 5.0).abs() < 1e-6);
        assert!(bonus(1.0) < bonus(4.0));
        assert!(bonus(1e3) < 10.0);
        assert!(saturate(1.0, 10.0, 2.0) < saturate(4.0, 10.0, 2.0));
    }

    #[test]
    fn ranks_like_the_inner_query_and_matches_the_same_documents() -> tantivy::Result<()> {
        let (index, body, mut writer) = crate::search::body_index()?;
        writer.add_document(doc!(body => "disk"))?;
        writer.add_document(doc!(body => "disk disk disk full"))?;
        writer.add_document(doc!(body => "network"))?;
        writer.add_document(doc!(body => "a very long text that mentions disk once among many other words of no interest"))?;
        writer.commit()?;
        let searcher = index.reader()?.searcher();
        let term = TermQuery::new(
            Term::from_field_text(body, "disk"),
            IndexRecordOption::WithFreqs,
        );
        let plain = searcher.search(&term, &TopDocs::with_limit(10).order_by_score())?;
        let sat = SaturatedQuery::new(Box::new(term), 100.0, 1.0);
        let top = searcher.search(&sat, &TopDocs::with_limit(10).order_by_score())?;
        let order =
            |v: &[(f32, tantivy::DocAddress)]| v.iter().map(|(_, a)| a.doc_id).collect::<Vec<_>>();
        assert_eq!(order(&top), order(&plain));
        assert_eq!(top.len(), 3);
        for ((s, a), (plain, b)) in top.iter().zip(&plain) {
            assert_eq!(a, b);
            assert!(*s > *plain && *s < plain + 100.0);
        }
        let explained = sat.explain(&searcher, top[0].1)?;
        assert!((explained.value() - top[0].0).abs() < 1e-4);
        Ok(())
    }
}
