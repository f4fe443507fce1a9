//! `concord doctor`: whether a database file is sound, and the rebuild of what can be rebuilt
//! from its rows.
//!
//! The checks come first and write nothing: SQLite's integrity check (every page, every index
//! against its table), its foreign key check, concord's mark and schema version. Only a sound
//! file is then opened as any command opens it (upgraded and marked if it is an older
//! concord's) and has its derived data (see [`crate::store::derived`]) rebuilt from the rows.
//! A damaged file is left exactly as it was: writing into it could spread the damage.

pub mod pg;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::database::{self, DERIVED, Location};
use crate::error::{Error, Result};
use crate::store::health::{self, Orphans};
use crate::store::{self, Found, SCHEMA_VERSION, Store, derived};
use crate::text::counted;

/// Ids listed per kind of problem.
const LISTED: usize = 5;

/// What `doctor` does besides checking.
#[derive(Clone, Copy, Debug)]
pub struct DoctorOptions {
    /// Rebuild the derived data of a sound file (the default); without it nothing is written.
    pub rebuild: bool,
}

impl Default for DoctorOptions {
    fn default() -> Self {
        DoctorOptions { rebuild: true }
    }
}

/// What `doctor` found and did.
#[derive(Clone, Debug, Serialize)]
pub struct DoctorReport {
    /// "sqlite" (a file) or "postgresql" (see [`pg`]).
    pub store: &'static str,
    pub database: PathBuf,
    /// Whether the file carries concord's mark (`PRAGMA application_id`,
    /// [`store::APPLICATION_ID`]); an older concord's file is recognised by its tables and
    /// marked when it is next written.
    pub marked: bool,
    pub application_id: i32,
    /// The schema version the file had, and this concord's.
    pub schema_version: i64,
    pub current_schema_version: i64,
    /// Whether this process may write the file and its folder.
    pub read_only: bool,
    /// SQLite's integrity check: its first problems, none when the file is sound.
    pub integrity: Vec<String>,
    /// Rows whose reference points to no row.
    pub foreign_keys: Vec<Orphans>,
    /// Derived data a migration had marked for a rebuild.
    pub stale: Vec<String>,
    /// Whether the file was upgraded to the current schema and marked as concord's.
    pub upgraded: bool,
    /// The derived data rebuilt from the rows.
    pub rebuilt: Vec<String>,
    /// Why nothing was rebuilt, when nothing was.
    pub not_rebuilt: Option<String>,
    pub concepts: Option<i64>,
    pub terms: Option<i64>,
    pub units: Option<i64>,
}

impl DoctorReport {
    /// No problem found: the exit code is 0, else 1.
    pub fn healthy(&self) -> bool {
        self.integrity.is_empty() && self.foreign_keys.is_empty()
    }
}

/// `doctor` wherever `--db` points: a file as [`run`] checks it, a PostgreSQL store as
/// [`pg::run`] does.
pub fn run_at(at: &Location, opts: &DoctorOptions) -> Result<DoctorReport> {
    match at {
        Location::File(path) => run(path, opts),
        Location::Postgres(url) => pg::run(url, opts.rebuild),
    }
}

/// Checks the database at `path` and, if it is sound and `opts` says so, rebuilds its derived
/// data. A file that cannot be opened as a concord database (missing, not SQLite, another
/// application's, a newer concord's) is an error; problems found inside one are the report.
pub fn run(path: &Path, opts: &DoctorOptions) -> Result<DoctorReport> {
    let (store, found) = Store::open_unchanged(path)?;
    let (schema_version, marked) = match found {
        Found::Concord { version, marked } => (version, marked),
        Found::Nothing => {
            return Err(Error::Schema {
                path: path.to_path_buf(),
                message:
                    "holds no concord database yet (the first command that uses it creates one)"
                        .into(),
            });
        }
    };
    let read_only = store::file::access(path)? != store::file::Access::ReadWrite;
    let conn = store.conn();
    let mut integrity = health::integrity_problems(conn).map_err(|e| e.in_file(path))?;
    let foreign_keys = match health::foreign_key_problems(conn) {
        Ok(f) => f,
        Err(e) => {
            integrity.push(e.to_string());
            Vec::new()
        }
    };
    let mut stale: Vec<String> = DERIVED
        .iter()
        .filter(|d| derived::is_stale(conn, d.name).unwrap_or(false))
        .map(|d| d.name.to_string())
        .collect();
    // Keys a sound file of this version can hold stale: SQL run by hand on a term's text.
    // An older file's are rebuilt with its upgrade anyway.
    if integrity.is_empty() && schema_version == SCHEMA_VERSION {
        let ids = crate::glossary::db::terms_with_stale_keys(conn).map_err(|e| e.in_file(path))?;
        if !ids.is_empty() {
            stale.push(format!(
                "match keys of {} not those its text gives (first: {:?})",
                counted(ids.len(), "term"),
                &ids[..ids.len().min(LISTED)]
            ));
        }
    }
    let mut report = DoctorReport {
        store: "sqlite",
        database: path.to_path_buf(),
        marked,
        application_id: conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .map_err(|e| Error::from(e).in_file(path))?,
        schema_version,
        current_schema_version: SCHEMA_VERSION,
        read_only,
        integrity,
        foreign_keys,
        stale,
        upgraded: false,
        rebuilt: Vec::new(),
        not_rebuilt: None,
        concepts: None,
        terms: None,
        units: None,
    };
    let why_not = if !report.healthy() {
        Some("the file is damaged; it was left as it was")
    } else if !opts.rebuild {
        Some("not asked to")
    } else if read_only {
        Some("the file or its folder is read only")
    } else {
        None
    };
    let store = match why_not {
        Some(why) => {
            report.not_rebuilt = Some(why.into());
            store
        }
        None => {
            drop(store);
            let mut store = database::open(path)?;
            report.upgraded = !marked || schema_version < SCHEMA_VERSION;
            rebuild(&mut store).map_err(|e| e.in_file(path))?;
            report.rebuilt = DERIVED.iter().map(|d| d.name.to_string()).collect();
            store
        }
    };
    if (report.healthy() && schema_version == SCHEMA_VERSION) || report.upgraded {
        let (concepts, terms) = crate::glossary::counts(&store)?;
        report.concepts = Some(concepts);
        report.terms = Some(terms);
        report.units = Some(crate::memory::stats(&store)?.units);
    }
    Ok(report)
}

/// Rebuilds every set of derived data from the rows, in one transaction.
fn rebuild(store: &mut Store) -> Result<()> {
    let tx = store.transaction()?;
    for d in DERIVED {
        derived::rebuild(&tx, d)?;
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sound_database_is_healthy_and_its_derived_data_rebuilt() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        let sentence = crate::shipped::MEMORY
            .lines()
            .nth(4)
            .unwrap()
            .split('\t')
            .next()
            .unwrap();
        let query = crate::memory::SearchQuery::new(sentence);
        let found = |path: &Path| {
            let store = database::open(path).unwrap();
            format!("{:?}", crate::memory::search(&store, &query).unwrap())
        };
        let before = found(&path);
        let r = run(&path, &DoctorOptions::default()).unwrap();
        assert!(r.healthy(), "{r:?}");
        assert!(r.marked && !r.upgraded && !r.read_only);
        assert_eq!(
            r.rebuilt,
            [
                "memory-languages",
                "memory-index",
                "glossary-languages",
                "glossary-index"
            ]
        );
        assert!(r.concepts.unwrap() > 0 && r.units.unwrap() > 0);
        // The rebuilt index answers as the one the import wrote.
        assert!(before.contains("score: 100"), "{before}");
        assert_eq!(found(&path), before);
    }

    #[test]
    fn a_missing_file_cannot_be_opened_and_is_not_made() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("none.db");
        assert!(run(&path, &DoctorOptions::default()).is_err());
        assert!(!path.exists());
    }
}
