//! The data concord ships: the curated glossary in `glossary/` and the aligned seed article in
//! `memory/`, compiled into the binary so a new database is useful with nothing else to
//! install.

use std::path::Path;

use rusqlite::Transaction;

use crate::error::Result;
use crate::formats::{GlossaryFormat, Input, MemoryFormat, ReadOptions, Source};
use crate::glossary::{self, ImportReport};
use crate::import::{JobReader, memory_input};
use crate::memory::MemoryImportReport;
use crate::store::Store;

/// Where the shipped files live in the repository; their batches record these origins.
pub const GLOSSARY_PATH: &str = "glossary/concord.tsv";
pub const GLOSSARY: &str = include_str!("../glossary/concord.tsv");
pub const MEMORY_PATH: &str = "memory/seed-article.tsv";
pub const MEMORY: &str = include_str!("../memory/seed-article.tsv");

/// Loads the shipped glossary and memory into a store, in one transaction, through the same
/// import path as any user's files.
pub fn seed(store: &mut Store) -> Result<(ImportReport, MemoryImportReport)> {
    let tx = store.transaction()?;
    let reports = seed_in(&tx)?;
    tx.commit()?;
    Ok(reports)
}

/// Loads the shipped glossary and memory inside the caller's transaction.
fn seed_in(tx: &Transaction<'_>) -> Result<(ImportReport, MemoryImportReport)> {
    let glossary = glossary_in(tx)?;
    let origin = memory_origin();
    let open = || open_memory(&origin);
    let memory = memory_input(
        tx,
        &origin,
        MemoryFormat::Tsv,
        open,
        &ReadOptions::default(),
    )?;
    glossary::compiled::refresh(tx)?;
    Ok((glossary, memory))
}

/// The import batch origins of the shipped data: what tells a store's shipped rows from its
/// users' (`init` on PostgreSQL finishes a seed cut short by them).
pub fn glossary_origin() -> String {
    format!("shipped:{GLOSSARY_PATH}")
}

pub fn memory_origin() -> String {
    format!("shipped:{MEMORY_PATH}")
}

/// Loads the shipped glossary alone inside the caller's transaction: the glossary half of a
/// seed, for a store whose memory lives elsewhere (PostgreSQL's glossary replica).
pub fn glossary_in(tx: &Transaction<'_>) -> Result<ImportReport> {
    let src = Source::from_text(glossary_origin(), GLOSSARY);
    let read = GlossaryFormat::Tsv
        .reader()
        .read(&src, &ReadOptions::default())?;
    glossary::import(tx, &src.name, GlossaryFormat::Tsv.name(), read)
}

fn open_memory(origin: &str) -> Result<Input> {
    Input::from_reader(origin, std::io::Cursor::new(MEMORY.as_bytes()))
}

/// The shipped memory as an import job, for a store that imports through [`JobReader`]s
/// (PostgreSQL's).
pub fn memory_job(opts: &ReadOptions) -> JobReader<'_> {
    JobReader {
        origin: memory_origin(),
        format: MemoryFormat::Tsv.name(),
        tracker: None,
        read: Box::new(move |sink| {
            MemoryFormat::Tsv
                .reader()
                .read(open_memory(&memory_origin())?, opts, sink)
        }),
    }
}

/// Opens a database, creating and seeding it on first use: the behaviour every command but
/// `init --empty` wants. The seed is written in the transaction that creates the tables, so
/// an interrupted first use (a kill, a full disk) leaves a file that the next use seeds.
pub fn open_seeded(path: &Path) -> Result<Store> {
    let (store, _) = Store::open_filling(path, &|tx| seed_in(tx).map(drop))?;
    Ok(store)
}

/// Creates a database at `path`, seeded unless `empty`, in one transaction.
pub fn create(path: &Path, empty: bool) -> Result<Store> {
    let fill = |tx: &Transaction<'_>| if empty { Ok(()) } else { seed_in(tx).map(drop) };
    let (store, _) = Store::open_filling(path, &fill)?;
    Ok(store)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The glossary's README states its size; the statement must stay true as terms are added.
    #[test]
    fn the_glossary_readme_states_the_shipped_counts() {
        let readme = include_str!("../glossary/README.md");
        let mut store = Store::open_in_memory().unwrap();
        let (g, _) = seed(&mut store).unwrap();
        let terms = GLOSSARY
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .count()
            - 1;
        let said = format!("{} concepts, {terms} terms.", g.added);
        assert!(
            readme
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .contains(&said),
            "glossary/README.md should say \"{said}\""
        );
        assert_eq!(g.terms_added, terms);
    }

    #[test]
    fn the_shipped_data_imports_whole() {
        let mut store = Store::open_in_memory().unwrap();
        let (g, m) = seed(&mut store).unwrap();
        assert!(g.skipped.is_empty() && m.skipped.is_empty(), "{g:?} {m:?}");
        assert_eq!(g.added, g.concepts_read);
        assert_eq!(
            m.imported as usize,
            MEMORY.lines().filter(|l| !l.starts_with('#')).count() - 1
        );
    }
}
