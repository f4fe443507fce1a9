//! concord: a translation memory and a controlled glossary in one SQLite file.
//!
//! The library does the work; the `concord` binary is a thin CLI over it. Modules, in the
//! order data flows through them:
//! - [`formats`]: readers and writers for TBX, CSV/TSV, CC-CEDICT (and later TMX, XLIFF);
//! - [`text`]: language tags and the match keys every matcher shares;
//! - [`store`]: the SQLite file, its pragmas and migrations;
//! - [`glossary`]: concepts and terms, import with de-duplication, lookup;
//! - [`memory`]: translation units, their import and search;
//! - [`shipped`]: the curated glossary compiled into the binary, seeded into new databases.

pub mod check;
pub mod database;
pub mod document;
pub mod error;
pub mod formats;
pub mod glossary;
pub mod import;
pub mod memory;
pub mod model;
pub mod shipped;
pub mod store;
pub mod text;

pub use error::{Error, Result};
