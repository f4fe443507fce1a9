//! The translation memory: units of aligned text, their storage, import and search.

pub mod model;

pub use model::{Meta, Prop, Unit, Variant};
