//! The controlled glossary: its model, its rows in the store, importing and looking up.

pub mod compiled;
pub mod db;
pub mod import;
pub mod index;
pub mod lookup;
pub mod matcher;

pub use crate::model::glossary::{Concept, Status, StoredConcept, Term, TermType};
pub use import::{ImportReport, import};
pub use lookup::{LookupMatch, LookupQuery, lookup};
