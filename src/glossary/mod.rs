//! The controlled glossary: its rows in the store, importing, editing, exporting and looking
//! up. The functions at this level, taking a [`Store`], are the front doors every front end
//! calls; the submodules hold the work.

pub mod browse;
pub mod cells;
pub mod compiled;
pub mod db;
pub mod edit;
pub mod export;
pub mod import;
pub mod index;
pub mod lookup;
pub mod matcher;

pub use crate::model::glossary::{Concept, ConceptRef, Status, StoredConcept, Term, TermType};
pub use browse::{BrowsePage, BrowseQuery, Order, browse};
pub use edit::{
    AddOutcome, AddRequest, AlsoIn, EditOutcome, EditRequest, RemoveOutcome, TermSpec, add, edit,
    remove,
};
pub use export::{ExportRequest, ExportSummary, export};
pub use import::{ImportReport, import};
pub use lookup::{LookupMatch, LookupQuery};

use crate::error::{Error, Result};
use crate::store::{Store, read_snapshot};
use crate::text::LangTag;

/// The concepts that match a query, best first (see [`lookup::lookup`] for the ranking).
pub fn lookup(store: &Store, q: &LookupQuery) -> Result<Vec<LookupMatch>> {
    lookup::lookup(store.conn(), q)
}

/// Concepts in id order, optionally only those with a term in a language range, at most
/// `limit` of them.
pub fn list(
    store: &Store,
    lang: Option<&LangTag>,
    limit: Option<usize>,
) -> Result<Vec<StoredConcept>> {
    let conn = store.conn();
    read_snapshot(conn, || {
        let mut ids = db::concept_ids(conn, lang)?;
        if let Some(n) = limit {
            ids.truncate(n);
        }
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.extend(db::get_concept(conn, id)?);
        }
        Ok(out)
    })
}

/// One concept with its terms, named by its number or text id; [`Error::NotFound`] when
/// there is none.
pub fn show(store: &Store, concept: &ConceptRef) -> Result<StoredConcept> {
    let id = resolve(store, concept)?;
    db::get_concept(store.conn(), id)?
        .ok_or_else(|| Error::NotFound(format!("there is no concept {concept}")))
}

/// The database id of a concept named by its number or its text id (`mayor`);
/// [`Error::NotFound`] when there is none.
pub fn resolve(store: &Store, concept: &ConceptRef) -> Result<i64> {
    db::resolve(store.conn(), concept)
}

/// How many concepts and terms the glossary holds.
pub fn counts(store: &Store) -> Result<(i64, i64)> {
    db::counts(store.conn())
}
