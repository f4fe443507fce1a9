//! The translation memory: units of aligned text, their storage, import and search.

pub mod analyze;
pub mod concordance;
pub mod db;
pub mod import;
pub mod index;
pub mod model;
pub mod search;

pub use import::{MemoryImport, MemoryImportReport};
pub use model::{Meta, Prop, Unit, Variant};
