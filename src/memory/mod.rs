//! The translation memory: units of aligned text, their storage, import and search.

pub mod analyze;
pub mod concordance;
pub mod db;
pub mod import;
pub mod index;
pub mod search;

pub use crate::model::memory::{Meta, Prop, Unit, Variant};
pub use import::{MemoryImport, MemoryImportReport};
