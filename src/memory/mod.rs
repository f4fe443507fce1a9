//! The translation memory: units of aligned text, their storage, import and search.

pub mod db;
pub mod import;
pub mod index;
pub mod model;

pub use import::{MemoryImport, MemoryImportReport};
pub use model::{Meta, Prop, Unit, Variant};
