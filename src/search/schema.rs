//! The tantivy schema: field names, how each is analysed, and the schema version stored next
//! to the index (a mismatch means the index is rebuilt).
//!
//! Every text field is indexed twice: `*_ja` with Japanese morphological tokens (base forms,
//! content words) and `*_bi` with CJK bigrams plus Latin words. Morphological tokens give
//! precise matches and ranking; bigrams catch words the dictionary splits differently and
//! carry positions for `"phrase"` queries.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};

use super::analysis::{BIGRAM, JA};

/// Bump when the schema or the analyzers change: old indexes are rebuilt automatically.
pub const SCHEMA_VERSION: u32 = 6;

/// The `lang` term of runbooks written mostly in Japanese.
pub const JAPANESE: &str = "ja";

/// Boosts of the text fields: title > headings > metadata > body.
pub const TITLE_BOOST: f32 = 3.0;
pub const HEADINGS_BOOST: f32 = 2.0;
pub const META_BOOST: f32 = 1.5;
pub const BODY_BOOST: f32 = 1.0;

/// One searchable text, indexed with both analyzers.
#[derive(Debug, Clone, Copy)]
pub struct TextPair {
    pub ja: Field,
    pub bi: Field,
    pub boost: f32,
}

/// Handles to every field.
#[derive(Debug, Clone)]
pub struct Fields {
    /// Vault-relative path; the document's identity (raw term, stored).
    pub path: Field,
    /// Display title (stored only; searched through `title`).
    pub title_stored: Field,
    pub title: TextPair,
    pub headings: TextPair,
    /// system, kind, tags and owner as searchable text.
    pub meta: TextPair,
    pub body: TextPair,
    /// Filter fields: normalised text with bigrams and positions, so `system:nas` matches
    /// "Synology NAS". Stored for display.
    pub system: Field,
    pub kind: Field,
    pub tags: Field,
    pub owner: Field,
    pub reviewed: Field,
    /// [`JAPANESE`] for a runbook written mostly in Japanese: a Japanese query prefers those.
    pub lang: Field,
    /// The vault paths of the runbooks this one links to (raw terms): "what links here".
    pub links: Field,
    /// Reconciliation keys: file size, modification time (ns) and content hash.
    pub size: Field,
    pub mtime: Field,
    pub hash: Field,
}

fn text(analyzer: &str, positions: bool) -> TextOptions {
    let record = if positions {
        IndexRecordOption::WithFreqsAndPositions
    } else {
        IndexRecordOption::WithFreqs
    };
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(record),
    )
}

/// Builds the schema and its field handles.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    // Morphological fields need no positions (phrases run on bigrams): a smaller index.
    let pair = |b: &mut tantivy::schema::SchemaBuilder, name: &str, boost: f32| TextPair {
        ja: b.add_text_field(&format!("{name}_ja"), text(JA, false)),
        bi: b.add_text_field(&format!("{name}_bi"), text(BIGRAM, true)),
        boost,
    };
    let path = b.add_text_field("path", STRING | STORED);
    let title_stored = b.add_text_field("title_display", STORED);
    let title = pair(&mut b, "title", TITLE_BOOST);
    let headings = pair(&mut b, "headings", HEADINGS_BOOST);
    let meta = pair(&mut b, "meta", META_BOOST);
    let body = pair(&mut b, "body", BODY_BOOST);
    let filter = || text(BIGRAM, true).set_stored();
    let system = b.add_text_field("system", filter());
    let kind = b.add_text_field("kind", filter());
    let tags = b.add_text_field("tags", filter());
    let owner = b.add_text_field("owner", filter());
    let reviewed = b.add_text_field("reviewed", STORED);
    let lang = b.add_text_field("lang", STRING);
    let links = b.add_text_field("links", STRING);
    let size = b.add_u64_field("size", STORED | FAST);
    let mtime = b.add_u64_field("mtime", STORED | FAST);
    let hash = b.add_text_field("hash", STORED);
    let fields = Fields {
        path,
        title_stored,
        title,
        headings,
        meta,
        body,
        system,
        kind,
        tags,
        owner,
        reviewed,
        lang,
        links,
        size,
        mtime,
        hash,
    };
    (b.build(), fields)
}

impl Fields {
    /// The text pairs in ranking order.
    pub fn text_pairs(&self) -> [TextPair; 4] {
        [self.title, self.headings, self.meta, self.body]
    }
}
