//! Opening the database the way commands want it: created and seeded with the shipped data on
//! first use; or created explicitly by `init`, seeded or empty.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::shipped;
use crate::store::derived::{self, Derived};
use crate::store::{self, Store};

/// Where the database lives when the user does not say: the user's data folder.
pub fn default_path() -> Result<PathBuf> {
    store::default_path()
}

/// Every set of derived data, with its rebuilder (see [`store::derived`]).
pub const DERIVED: &[Derived] = &[crate::memory::index::DERIVED, crate::glossary::db::DERIVED];

/// Opens the database, creating and seeding it on first use: the behaviour every command
/// but `init --empty` wants. Derived data a migration left stale is rebuilt first.
pub fn open(path: &Path) -> Result<Store> {
    let store = shipped::open_seeded(path)?;
    derived::refresh(store.conn(), DERIVED)?;
    Ok(store)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::{file_at_version, version_creating};

    #[test]
    fn a_version_3_memory_is_reindexed_when_opened() {
        // A file as version 3 left it: its own index tables (FTS5, hashed grams) hold nothing
        // the new layout can use.
        let (_dir, path) = file_at_version(
            3,
            "INSERT INTO variant (unit, lang, text) VALUES
                 (1, 'en', 'The two sides signed a memorandum of understanding.'),
                 (1, 'zh-CN', '双方签署了谅解备忘录。');
             INSERT INTO tm_lang VALUES ('en', 1), ('zh-CN', 1);",
        );
        let store = open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), store::SCHEMA_VERSION);
        let q = crate::memory::SearchQuery::new("双方签署了谅解备忘录。");
        let hits = crate::memory::search(&store, &q).unwrap();
        assert_eq!((hits.len(), hits[0].score), (1, 100));
        assert_eq!(
            hits[0].targets[0].text,
            "The two sides signed a memorandum of understanding."
        );
        assert!(!derived::is_stale(store.conn(), store::MEMORY_INDEX).unwrap());
    }

    #[test]
    fn a_glossary_from_before_the_packed_index_is_rebuilt_on_first_use() {
        let (_dir, path) = file_at_version(
            version_creating("term_fuzzy"),
            "INSERT INTO concept (id, fingerprint) VALUES (1, 'en\u{1f}Governor');
             INSERT INTO term (concept, lang, text, status, norm, infl, simp, klen)
                 VALUES (1, 'en', 'Governors', 'preferred', 'governors', 'governor', 'governors', 9);
             INSERT INTO term_gram (gram, term) VALUES ('go', 1);",
        );
        // Opened by the store alone, the index is marked stale and left so...
        let (store, _) = Store::open(&path).unwrap();
        assert!(derived::is_stale(store.conn(), "glossary-index").unwrap());
        // ... until the glossary first needs it.
        let found =
            crate::glossary::lookup(&store, &crate::glossary::LookupQuery::new("governers"))
                .unwrap();
        assert_eq!(found[0].matched_term, "Governors");
        assert!(!derived::is_stale(store.conn(), "glossary-index").unwrap());
        let singulars: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM term_singular", [], |r| r.get(0))
            .unwrap();
        assert_eq!(singulars, 1, "rebuilt once, with the plural rules' answer");
    }
}
