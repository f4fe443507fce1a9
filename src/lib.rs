//! concord: a translation memory and a controlled glossary in one SQLite file.
//!
//! The library does the work; the `concord` binary is a thin CLI over it, and any other front
//! end calls the same front doors: [`database::open`], [`glossary::lookup()`],
//! [`import::import_memory`], [`memory::search()`], [`check::run()`] and their neighbours. The
//! modules, lowest layer first (each imports only from those before it; see
//! `docs/ARCHITECTURE.md`):
//! - [`error`]: the typed error, carrying file and line;
//! - [`text`]: language tags, scripts, the match keys every matcher shares, tokens;
//! - [`model`]: the records (concepts and terms, units and variants);
//! - [`store`]: the SQLite file: pragmas, migrations, transactions, derived data, codecs;
//! - [`formats`]: readers and writers for TMX, XLIFF, TBX, CSV/TSV, CC-CEDICT, parallel text;
//! - [`glossary`]: concepts and terms: import with de-duplication, lookup, edit, export;
//! - [`memory`]: translation units: import, index, fuzzy search, concordance, analysis, export;
//! - [`check`]: a draft against the glossary, one module per check;
//! - [`extract`]: candidate glossary entries from the memory (terms by C-value, renderings by
//!   [`memory::suggest()`]);
//! - [`answer`]: the answers the CLI's `--json` and the server's API both give, composed once;
//! - [`document`], [`import`]: what front ends read and import, in one place;
//! - [`shipped`], [`database`]: the data seeded into new databases, and opening one;
//! - [`doctor`]: whether a database file is sound, and the rebuild of its derived data;
//! - [`serve`]: the JSON API and the lookup page over HTTP, answering as the CLI does.

pub mod answer;
pub mod check;
pub mod database;
pub mod doctor;
pub mod document;
pub mod error;
pub mod extract;
pub mod formats;
pub mod glossary;
pub mod import;
pub mod memory;
pub mod migrate;
pub mod model;
pub mod pg;
pub mod serve;
pub mod shipped;
pub mod store;
pub mod text;

pub use error::{Error, Result};
