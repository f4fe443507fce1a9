//! The data concord ships: the curated glossary in `glossary/` and the aligned seed article in
//! `memory/`, compiled into the binary so a new database is useful with nothing else to
//! install.

use std::path::Path;

use crate::error::Result;
use crate::formats::{
    GlossaryReader, Input, MemoryReader, ReadOptions, Source, delimited::DelimitedReader,
    pairs::PairsReader,
};
use crate::glossary::{self, ImportReport};
use crate::memory::{MemoryImport, MemoryImportReport};
use crate::store::Store;

/// Where the shipped files live in the repository; their batches record these origins.
pub const GLOSSARY_PATH: &str = "glossary/concord.tsv";
pub const GLOSSARY: &str = include_str!("../glossary/concord.tsv");
pub const MEMORY_PATH: &str = "memory/seed-article.tsv";
pub const MEMORY: &str = include_str!("../memory/seed-article.tsv");

/// Loads the shipped glossary and memory into a store, in one transaction.
pub fn seed(store: &mut Store) -> Result<(ImportReport, MemoryImportReport)> {
    let src = Source::from_text(format!("shipped:{GLOSSARY_PATH}"), GLOSSARY);
    let read = DelimitedReader { delimiter: b'\t' }.read(&src, &ReadOptions::default())?;
    let tx = store.transaction()?;
    let glossary = glossary::import(&tx, &src.name, "tsv", read)?;
    let origin = format!("shipped:{MEMORY_PATH}");
    let mut import = MemoryImport::new(&tx, &origin, "tsv")?;
    let input = Input::from_reader(origin.clone(), std::io::Cursor::new(MEMORY.as_bytes()))?;
    let skips =
        PairsReader { delimiter: b'\t' }
            .read(input, &ReadOptions::default(), &mut |u| import.add(u))?;
    let memory = import.finish(skips)?;
    tx.commit()?;
    Ok((glossary, memory))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_memory_imports_whole() {
        let mut store = Store::open_in_memory().unwrap();
        let tx = store.transaction().unwrap();
        let mut import = MemoryImport::new(&tx, "m", "tsv").unwrap();
        let input = Input::from_reader("m", std::io::Cursor::new(MEMORY.as_bytes())).unwrap();
        let skips = PairsReader { delimiter: b'\t' }
            .read(input, &ReadOptions::default(), &mut |u| import.add(u))
            .unwrap();
        let r = import.finish(skips).unwrap();
        assert!(r.skipped.is_empty(), "{:?}", r.skipped);
        assert_eq!(
            r.imported as usize,
            MEMORY.lines().filter(|l| !l.starts_with('#')).count() - 1
        );
    }
}
