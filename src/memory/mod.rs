//! The translation memory: units of aligned text, their storage, import, search and export.
//! The functions at this level, taking a [`Store`], are the front doors every front end
//! calls; the submodules hold the work.

pub mod analyze;
pub mod concordance;
pub mod db;
pub mod export;
pub mod import;
pub mod index;
pub mod read;
pub mod search;
pub mod suggest;

pub use crate::model::memory::{Meta, Prop, Segment, Unit, Variant};
pub use analyze::Analysis;
pub use concordance::{ConcordanceHit, ConcordanceQuery};
pub use db::{MemoryStats, StoredUnit};
pub use export::{ExportRequest, ExportSummary, export};
pub use import::{MemoryImport, MemoryImportReport};
pub use search::{FuzzyHit, SearchQuery};
pub use suggest::{SuggestQuery, Suggestions};

use serde::Serialize;

use crate::error::Result;
use crate::store::Store;
use crate::text::LangTag;
use read::MemoryRead;

/// Fuzzy matches for a query, best first (the score is a contract: see [`mod@search`]).
pub fn search(store: &Store, q: &SearchQuery) -> Result<Vec<FuzzyHit>> {
    search::search(store.conn(), q)
}

/// Segments that contain a text, newest first.
pub fn concordance(store: &Store, q: &ConcordanceQuery) -> Result<Vec<ConcordanceHit>> {
    concordance::concordance(store.conn(), q)
}

/// The renderings of a term the memory attests, best first (the method is a contract: see
/// [`mod@suggest`]).
pub fn suggest(store: &Store, q: &SuggestQuery) -> Result<Suggestions> {
    suggest::suggest(store.conn(), store.conn(), q)
}

/// The memory's evidence for a term and the renderings a glossary gives it (see
/// [`suggest::evidence`]).
pub fn evidence(
    store: &Store,
    req: &suggest::EvidenceRequest,
) -> Result<Option<suggest::Evidence>> {
    suggest::evidence(store.conn(), store.conn(), req)
}

/// Units per language pair and per origin.
pub fn stats(store: &Store) -> Result<MemoryStats> {
    db::stats(store.conn())
}

/// A document's analysis against the memory, with the language it was analysed in.
#[derive(Clone, Debug, Serialize)]
pub struct AnalysisReport {
    pub lang: LangTag,
    /// The translations' language the matches were counted for; `None` counts every unit.
    pub to: Option<LangTag>,
    pub analysis: Analysis,
}

/// Analyses a document's segments against the memory: in `from`, else in the memory's
/// language that fits the segments' script; with `to`, only units translated into `to` count.
pub fn analyze(
    store: &Store,
    segments: &[String],
    from: Option<&LangTag>,
    to: Option<&LangTag>,
) -> Result<AnalysisReport> {
    analyze_in(store.conn(), segments, from, to)
}

/// [`analyze`] on any store.
pub fn analyze_in<R: MemoryRead>(
    mem: &R,
    segments: &[String],
    from: Option<&LangTag>,
    to: Option<&LangTag>,
) -> Result<AnalysisReport> {
    if let Some(to) = to {
        search::require_target(mem, to)?;
    }
    let sample: String = segments
        .iter()
        .take(50)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ");
    let lang = search::source_range(mem, &sample, from)?;
    let analysis = analyze::analyze(mem, segments.iter().map(String::as_str), &lang, to)?;
    Ok(AnalysisReport {
        lang,
        to: to.cloned(),
        analysis,
    })
}

/// A store whose memory holds these English-Chinese pairs, one unit each, for unit tests.
#[cfg(test)]
pub(crate) fn test_store(pairs: &[(&str, &str)]) -> Store {
    let lang = |s: &str| LangTag::parse(s).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let tx = store.transaction().unwrap();
    let mut imp = MemoryImport::new(&tx, "test", "tsv").unwrap();
    for (i, (en, zh)) in pairs.iter().enumerate() {
        imp.add(Unit {
            variants: vec![
                Variant::plain(lang("en"), *en),
                Variant::plain(lang("zh-CN"), *zh),
            ],
            line: i as u64 + 1,
            ..Unit::default()
        })
        .unwrap();
    }
    imp.finish(Vec::new()).unwrap();
    tx.commit().unwrap();
    store
}
