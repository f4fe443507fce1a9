//! The data concord ships: the curated glossary in `glossary/`, compiled into the binary so
//! a new database is useful with nothing else to install.

use std::path::Path;

use crate::error::Result;
use crate::formats::{GlossaryReader, ReadOptions, Source, delimited::DelimitedReader};
use crate::glossary::{self, ImportReport};
use crate::store::Store;

/// Where the shipped glossary lives in the repository, and the origin its batch records.
pub const GLOSSARY_PATH: &str = "glossary/concord.tsv";
pub const GLOSSARY: &str = include_str!("../glossary/concord.tsv");

/// Loads the shipped glossary into a store, as one import batch.
pub fn seed(store: &mut Store) -> Result<ImportReport> {
    let src = Source::from_text(format!("shipped:{GLOSSARY_PATH}"), GLOSSARY);
    let read = DelimitedReader { delimiter: b'\t' }.read(&src, &ReadOptions::default())?;
    let tx = store.transaction()?;
    let report = glossary::import(&tx, &src.name, "tsv", read)?;
    tx.commit()?;
    Ok(report)
}

/// Opens a database, creating and seeding it on first use: the behaviour every command but
/// `init --empty` wants.
pub fn open_seeded(path: &Path) -> Result<Store> {
    let (mut store, created) = Store::open(path)?;
    if created && let Err(e) = seed(&mut store) {
        // A database that missed its seed would stay unseeded for good (seeding happens on
        // creation only), so an unseeded new file is removed rather than left behind.
        drop(store);
        for suffix in ["", "-wal", "-shm"] {
            let mut p = path.as_os_str().to_owned();
            p.push(suffix);
            let _ = std::fs::remove_file(p);
        }
        return Err(e);
    }
    Ok(store)
}
