//! Opening the database the way commands want it: created and seeded with the shipped data on
//! first use; or created explicitly by `init`, seeded or empty.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::shipped;
use crate::store::{self, Store};

/// Where the database lives when the user does not say: the user's data folder.
pub fn default_path() -> Result<PathBuf> {
    store::default_path()
}

/// Opens the database, creating and seeding it on first use: the behaviour every command
/// but `init --empty` wants.
pub fn open(path: &Path) -> Result<Store> {
    shipped::open_seeded(path)
}

/// What `init` made.
#[derive(Clone, Debug, Serialize)]
pub struct InitReport {
    pub database: PathBuf,
    pub schema_version: i64,
    pub seeded: bool,
    pub concepts: i64,
    pub terms: i64,
    pub units: i64,
}

/// Creates a new database, seeded with the shipped glossary and memory unless `empty`. An
/// existing file is left alone and is an error.
pub fn init(path: &Path, empty: bool) -> Result<InitReport> {
    if path.exists() {
        return Err(Error::Invalid(format!(
            "{} already exists; remove it first to start over",
            path.display()
        )));
    }
    let (mut store, _) = Store::open(path)?;
    if !empty {
        shipped::seed(&mut store)?;
    }
    let (concepts, terms) = crate::glossary::counts(&store)?;
    Ok(InitReport {
        database: path.to_path_buf(),
        schema_version: store.schema_version()?,
        seeded: !empty,
        concepts,
        terms,
        units: crate::memory::stats(&store)?.units,
    })
}
