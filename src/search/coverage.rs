//! The loose query's "any of these words" that also says which documents contain all of them.
//!
//! A query of several words is ranked loosely (documents with more of its words first), but
//! when every hit shown contains every word it is reported as an all-words search, with the
//! number of documents that contain every word. Finding that out afterwards with the strict
//! query meant evaluating the words' postings twice more (once to check the hits, once to
//! count), which took as long as the ranking itself: tantivy's union scorer fills a window of
//! 4,096 documents on every long seek, so even checking ten documents walks whole segments.
//! [`CoverageQuery`] is the union the ranking needs anyway; while it moves from document to
//! document it notes the one it is on when every clause matches there, and
//! [`FullMatches`] collects the documents it is given that were so noted. Both share
//! [`Marks`], one cell per segment.

use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::index::SegmentId;
use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocAddress, DocId, DocSet, Score, SegmentOrdinal, SegmentReader, Term, TERMINATED};

/// Per segment, the document a [`CoverageQuery`] scorer is on if every clause matches it
/// (`TERMINATED` otherwise).
#[derive(Default)]
pub struct Marks {
    cells: Mutex<HashMap<SegmentId, Arc<AtomicU32>>>,
}

impl Marks {
    fn cell(&self, reader: &SegmentReader) -> Arc<AtomicU32> {
        let mut cells = self.cells.lock().unwrap_or_else(|e| e.into_inner());
        cells
            .entry(reader.segment_id())
            .or_insert_with(|| Arc::new(AtomicU32::new(TERMINATED)))
            .clone()
    }
}

/// Matches documents matched by at least one clause, scored by the sum of the clauses that
/// match; notes in `marks` the documents matched by all of them.
pub struct CoverageQuery {
    clauses: Vec<Box<dyn Query>>,
    marks: Arc<Marks>,
}

impl CoverageQuery {
    pub fn new(clauses: Vec<Box<dyn Query>>, marks: Arc<Marks>) -> CoverageQuery {
        CoverageQuery { clauses, marks }
    }
}

impl Clone for CoverageQuery {
    fn clone(&self) -> Self {
        CoverageQuery {
            clauses: self.clauses.iter().map(|q| q.box_clone()).collect(),
            marks: self.marks.clone(),
        }
    }
}

impl fmt::Debug for CoverageQuery {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "Coverage({:?})", self.clauses)
    }
}

impl Query for CoverageQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self
            .clauses
            .iter()
            .map(|q| q.weight(enable_scoring))
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(CoverageWeight {
            weights,
            marks: self.marks.clone(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for q in &self.clauses {
            q.query_terms(visitor);
        }
    }
}

struct CoverageWeight {
    weights: Vec<Box<dyn Weight>>,
    marks: Arc<Marks>,
}

impl Weight for CoverageWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let scorers = self
            .weights
            .iter()
            .map(|w| w.scorer(reader, boost))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let mut scorer = CoverageScorer {
            scorers,
            doc: TERMINATED,
            mark: self.marks.cell(reader),
        };
        scorer.settle();
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        let mut e = Explanation::new("coverage", scorer.score());
        for w in &self.weights {
            if let Ok(detail) = w.explain(reader, doc) {
                e.add_detail(detail);
            }
        }
        Ok(e)
    }
}

struct CoverageScorer {
    scorers: Vec<Box<dyn Scorer>>,
    doc: DocId,
    mark: Arc<AtomicU32>,
}

impl CoverageScorer {
    /// Moves onto the smallest document any clause is on and notes whether all are on it.
    fn settle(&mut self) -> DocId {
        self.doc = self
            .scorers
            .iter()
            .map(|s| s.doc())
            .min()
            .unwrap_or(TERMINATED);
        let all = self.doc != TERMINATED && self.scorers.iter().all(|s| s.doc() == self.doc);
        self.mark
            .store(if all { self.doc } else { TERMINATED }, Ordering::Relaxed);
        self.doc
    }
}

impl DocSet for CoverageScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        for s in &mut self.scorers {
            if s.doc() == self.doc {
                s.advance();
            }
        }
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for s in &mut self.scorers {
            if s.doc() < target {
                s.seek(target);
            }
        }
        self.settle()
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.scorers
            .iter()
            .map(|s| s.size_hint())
            .max()
            .unwrap_or(0)
    }

    fn cost(&self) -> u64 {
        self.scorers.iter().map(|s| s.cost()).sum()
    }
}

impl Scorer for CoverageScorer {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        self.scorers
            .iter_mut()
            .filter(|s| s.doc() == doc)
            .map(|s| s.score())
            .sum()
    }
}

/// Collects the documents the search yields that its [`CoverageQuery`] noted as matched by
/// every clause: they are what the strict (all words) query would find.
pub struct FullMatches {
    marks: Arc<Marks>,
}

impl FullMatches {
    pub fn new(marks: Arc<Marks>) -> FullMatches {
        FullMatches { marks }
    }
}

/// The documents matched by every clause, sorted.
pub struct Matched(Vec<DocAddress>);

impl Matched {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn contains(&self, doc: &DocAddress) -> bool {
        self.0.binary_search(doc).is_ok()
    }
}

impl Collector for FullMatches {
    type Fruit = Matched;
    type Child = FullMatchesSegment;

    fn for_segment(
        &self,
        segment_ord: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<FullMatchesSegment> {
        Ok(FullMatchesSegment {
            segment_ord,
            mark: self.marks.cell(reader),
            docs: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        // Scoring runs the query through `Weight::for_each`, which visits every document
        // with the whole scorer on it (the no-score path may hand documents over in blocks).
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<DocAddress>>) -> tantivy::Result<Matched> {
        let mut all: Vec<DocAddress> = fruits.into_iter().flatten().collect();
        all.sort();
        Ok(Matched(all))
    }
}

pub struct FullMatchesSegment {
    segment_ord: SegmentOrdinal,
    mark: Arc<AtomicU32>,
    docs: Vec<DocAddress>,
}

impl SegmentCollector for FullMatchesSegment {
    type Fruit = Vec<DocAddress>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if self.mark.load(Ordering::Relaxed) == doc {
            self.docs.push(DocAddress::new(self.segment_ord, doc));
        }
    }

    fn harvest(self) -> Vec<DocAddress> {
        self.docs
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::doc;
    use tantivy::query::{BooleanQuery, Occur, PhraseQuery, TermQuery};
    use tantivy::schema::IndexRecordOption;

    /// Over several segments, with deletions, and inside an intersection that seeks it: the
    /// documents collected as full matches are exactly those the all-clauses query finds, and
    /// ranking is the same as tantivy's own union of the clauses.
    #[test]
    fn full_matches_are_what_the_strict_query_finds() -> tantivy::Result<()> {
        let (index, body, mut writer) = crate::search::body_index()?;
        let texts = [
            "disk full on the backup server",
            "disk quota",
            "the backup job failed",
            "disk full and a failed backup",
            "full disk, failed backup",
            "network down",
            "backup disk full again",
        ];
        for round in 0..3 {
            for (i, t) in texts.iter().enumerate() {
                writer.add_document(doc!(body => format!("{t} round{round} n{i}")))?;
            }
            writer.commit()?;
        }
        writer.delete_term(Term::from_field_text(body, "round1"));
        writer.commit()?;
        let searcher = index.reader()?.searcher();
        assert!(searcher.segment_readers().len() > 1);
        let term = |w: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(body, w),
                IndexRecordOption::WithFreqs,
            ))
        };
        let phrase = |a: &str, b: &str| -> Box<dyn Query> {
            Box::new(PhraseQuery::new(vec![
                Term::from_field_text(body, a),
                Term::from_field_text(body, b),
            ]))
        };
        let clauses = || vec![term("disk"), term("backup"), phrase("disk", "full")];
        for required in [None, Some(term("failed")), Some(term("again"))] {
            let marks = Arc::new(Marks::default());
            let any: Box<dyn Query> = Box::new(CoverageQuery::new(clauses(), marks.clone()));
            let mut loose = vec![(Occur::Must, any)];
            let mut strict: Vec<(Occur, Box<dyn Query>)> =
                clauses().into_iter().map(|c| (Occur::Must, c)).collect();
            let mut union: Vec<(Occur, Box<dyn Query>)> = vec![(
                Occur::Must,
                Box::new(BooleanQuery::new(
                    clauses().into_iter().map(|c| (Occur::Should, c)).collect(),
                )),
            )];
            if let Some(r) = &required {
                loose.push((Occur::Must, r.box_clone()));
                strict.push((Occur::Must, r.box_clone()));
                union.push((Occur::Must, r.box_clone()));
            }
            let (total, top, full) = searcher.search(
                &BooleanQuery::new(loose),
                &(
                    Count,
                    TopDocs::with_limit(100).order_by_score(),
                    FullMatches::new(marks),
                ),
            )?;
            let strict_docs = searcher.search(
                &BooleanQuery::new(strict),
                &TopDocs::with_limit(100).order_by_score(),
            )?;
            let mut want: Vec<DocAddress> = strict_docs.iter().map(|(_, a)| *a).collect();
            want.sort();
            assert_eq!(full.0, want, "required {required:?}");
            assert!(!want.is_empty());
            let tantivy_union = searcher.search(
                &BooleanQuery::new(union),
                &TopDocs::with_limit(100).order_by_score(),
            )?;
            assert_eq!(total, tantivy_union.len());
            for ((s, a), (t, b)) in top.iter().zip(&tantivy_union) {
                assert!((s - t).abs() < 1e-4, "{a:?} {s} vs {b:?} {t}");
            }
        }
        Ok(())
    }
}
