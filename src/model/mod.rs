//! The records every layer passes around: concepts and terms, units and variants. They sit
//! below both the file formats that produce them and the domain modules that store them, so
//! neither has to import the other.

pub mod glossary;
pub mod memory;

pub use glossary::{Concept, Status, Term, TermType};
pub use memory::{Meta, Prop, Segment, Unit, Variant};
