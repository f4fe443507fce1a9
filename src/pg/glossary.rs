//! The glossary on PostgreSQL. PostgreSQL holds its rows and is the truth; each connection
//! works on a replica of them in an in-memory SQLite store, so that every glossary function
//! (lookup, the checker's matchers, add, edit, remove, import, export) runs unchanged and
//! answers exactly as it does on a file.
//!
//! - Reading: one `SELECT` of the glossary's version before each use; a replica loaded at
//!   another version is replaced. That is how an edit made through one server is seen by
//!   every other at its next request: no server keeps state another needs, the replica is a
//!   cache of PostgreSQL's rows. A process keeps the latest version's image (the replica's
//!   bytes, `sqlite3_serialize`), so its other connections copy bytes instead of loading
//!   rows again.
//! - Writing ([`PgStore::glossary_write`]): one PostgreSQL transaction holding an advisory
//!   lock ([`GLOSSARY_LOCK`]), so writers from any process take turns; the replica is made
//!   current under the lock, the library's function runs on it, SQLite triggers record which
//!   rows it changed, and those rows are written to PostgreSQL (deleted, then copied in as
//!   they now are), with the version raised, in the same transaction. Anything failing rolls
//!   PostgreSQL back and drops the replica: never a half-written glossary, nor a replica
//!   PostgreSQL does not hold.
//!
//! Why triggers rather than SQLite's session extension: a session borrows the connection for
//! its whole life, while the library's writers need the store mutably (`&mut Store`); the
//! triggers record the same (table, key) set, for tables without rowid too.
//!
//! What is mirrored ([`MIRRORED`]): the concepts, terms, their import batches, and the data
//! derived from the terms that costs more to rebuild than to copy (the packed fuzzy index,
//! the plural rules' answers). Not mirrored: the compiled matchers (`term_matcher`), a cache
//! stamped with the code that compiled it, which each process compiles for itself as it
//! would for a file it may not write; and `derived_stale`, since a write leaves nothing stale.
//!
//! Import batches: on PostgreSQL the memory's batches are numbered by a sequence, by imports
//! that do not take the glossary's lock, while the replica numbers the glossary's as SQLite
//! does (the largest plus one). Sharing one table would let the two collide, so the
//! glossary's live in `glossary_batch`, numbered by the glossary's writers alone.

use std::sync::{Arc, Mutex};

use postgres::binary_copy::BinaryCopyInWriter;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{ToSql, Type};
use postgres::{GenericClient, IsolationLevel, Transaction};
use rusqlite::types::Value;

use super::PgStore;
use crate::error::Result;
use crate::store::Store;
use crate::store::derived::{self, Derived};

/// The advisory lock glossary writers take turns on (beside `IMPORT_LOCK`).
pub(crate) const GLOSSARY_LOCK: i64 = 0x636f_6e63_6f72_6403;

/// The glossary's derived data, made fresh in a replica before its rows are read.
const DERIVED: &[Derived] = &[crate::glossary::db::LANGUAGES, crate::glossary::db::DERIVED];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Int,
    Text,
    Blob,
}

/// A table of the replica and its PostgreSQL copy: the columns, in the SQLite table's order,
/// the first being the primary key.
struct Mirror {
    sqlite: &'static str,
    pg: &'static str,
    columns: &'static [(&'static str, Kind)],
}

use Kind::{Blob, Int, Text};

/// In the order a load inserts them, referenced tables first.
const MIRRORED: &[Mirror] = &[
    Mirror {
        sqlite: "batch",
        pg: "glossary_batch",
        columns: &[
            ("id", Int),
            ("kind", Text),
            ("origin", Text),
            ("format", Text),
            ("imported_at", Text),
        ],
    },
    Mirror {
        sqlite: "concept",
        pg: "concept",
        columns: &[
            ("id", Int),
            ("ext_id", Text),
            ("subject", Text),
            ("definition", Text),
            ("note", Text),
            ("fingerprint", Text),
            ("batch", Int),
            ("line", Int),
        ],
    },
    Mirror {
        sqlite: "term",
        pg: "term",
        columns: &[
            ("id", Int),
            ("concept", Int),
            ("lang", Text),
            ("text", Text),
            ("status", Text),
            ("type", Text),
            ("pos", Text),
            ("context", Text),
            ("source", Text),
            ("note", Text),
            ("case_sensitive", Int),
            ("norm", Text),
            ("infl", Text),
            ("simp", Text),
            ("klen", Int),
            ("batch", Int),
        ],
    },
    Mirror {
        sqlite: "term_fuzzy",
        pg: "term_fuzzy",
        columns: &[("list", Int), ("data", Blob)],
    },
    Mirror {
        sqlite: "term_singular",
        pg: "term_singular",
        columns: &[("word", Text), ("singular", Text)],
    },
];

/// PostgreSQL migration 2 (see `pg::MIGRATIONS`): the mirrored tables, without foreign keys
/// (the replica enforces them; a write's rows arrive in any order), and the glossary's
/// version with the store's identity, which tells a process's kept image of one database
/// from another's.
pub(super) const MIGRATION: &str = r#"
    CREATE TABLE glossary_batch (
        id bigint PRIMARY KEY,
        kind text NOT NULL,
        origin text NOT NULL,
        format text,
        imported_at text NOT NULL
    );
    CREATE TABLE concept (
        id bigint PRIMARY KEY,
        ext_id text,
        subject text,
        definition text,
        note text,
        fingerprint text NOT NULL,
        batch bigint,
        line bigint
    );
    CREATE TABLE term (
        id bigint PRIMARY KEY,
        concept bigint NOT NULL,
        lang text NOT NULL,
        text text NOT NULL,
        status text NOT NULL,
        type text,
        pos text,
        context text,
        source text,
        note text,
        case_sensitive bigint NOT NULL,
        norm text NOT NULL,
        infl text NOT NULL,
        simp text NOT NULL,
        klen bigint NOT NULL,
        batch bigint
    );
    CREATE TABLE term_fuzzy (
        list bigint PRIMARY KEY,
        data bytea NOT NULL
    );
    CREATE TABLE term_singular (
        word text COLLATE "C" PRIMARY KEY,
        singular text NOT NULL
    );
    CREATE TABLE glossary_state (
        store text NOT NULL,
        version bigint NOT NULL
    );
    INSERT INTO glossary_state (store, version) VALUES (md5(random()::text || clock_timestamp()::text), 0);
"#;

/// A connection's replica of the glossary and the version it holds.
pub(crate) struct Replica {
    store: Store,
    at: State,
    /// Whether its triggers that record changed rows are in place.
    tracking: bool,
}

/// The store's identity and its glossary's version.
#[derive(Clone, Debug, PartialEq, Eq)]
struct State {
    store: String,
    version: i64,
}

/// The latest image this process holds, per store.
struct Image {
    at: State,
    bytes: Arc<Vec<u8>>,
}

static IMAGES: Mutex<Vec<Image>> = Mutex::new(Vec::new());
/// One load from PostgreSQL at a time in a process: a server's connections all wanting a
/// new version at once then load it once, the others copying its image.
static LOADING: Mutex<()> = Mutex::new(());

fn image_at(at: &State) -> Option<Arc<Vec<u8>>> {
    let images = IMAGES.lock().unwrap_or_else(|p| p.into_inner());
    images
        .iter()
        .find(|i| i.at == *at)
        .map(|i| Arc::clone(&i.bytes))
}

/// Keeps `store`'s image as the one for `at`, unless a newer version's is kept already.
fn keep_image(at: &State, store: &Store) -> Result<()> {
    let mut images = IMAGES.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(i) = images.iter_mut().find(|i| i.at.store == at.store) {
        if i.at.version < at.version {
            *i = Image {
                at: at.clone(),
                bytes: Arc::new(store.image()?),
            };
        }
        return Ok(());
    }
    images.push(Image {
        at: at.clone(),
        bytes: Arc::new(store.image()?),
    });
    Ok(())
}

fn state(client: &mut impl GenericClient) -> Result<State> {
    let row = client.query_one("SELECT store, version FROM glossary_state", &[])?;
    Ok(State {
        store: row.get(0),
        version: row.get(1),
    })
}

fn columns(m: &Mirror) -> String {
    m.columns
        .iter()
        .map(|(c, _)| *c)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads the glossary's rows into a new in-memory store, with its derived data fresh.
fn load(client: &mut impl GenericClient) -> Result<Store> {
    let store = Store::open_in_memory()?;
    let conn = store.conn();
    // The rows come whole and consistent; checking each reference would only slow the load.
    conn.pragma_update(None, "foreign_keys", false)?;
    let tx = conn.unchecked_transaction()?;
    for m in MIRRORED {
        // The table's own indexes are made again after its rows are in: building an index
        // from all the rows at once takes a fraction of keeping it up row by row.
        let indexes: Vec<(String, String)> = tx
            .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL")?
            .query_map([m.sqlite], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (name, _) in &indexes {
            tx.execute_batch(&format!("DROP INDEX main.\"{name}\""))?;
        }
        let cols = columns(m);
        let marks = vec!["?"; m.columns.len()].join(", ");
        let mut insert = tx.prepare(&format!(
            "INSERT INTO main.{} ({cols}) VALUES ({marks})",
            m.sqlite
        ))?;
        // In key order: the rows go in at the end of the table's B-tree, as an import's did.
        let select = format!("SELECT {cols} FROM {} ORDER BY {}", m.pg, m.columns[0].0);
        let mut rows = client.query_raw(select.as_str(), std::iter::empty::<i64>())?;
        let mut values = Vec::with_capacity(m.columns.len());
        while let Some(r) = rows.next()? {
            values.clear();
            for (i, (_, kind)) in m.columns.iter().enumerate() {
                values.push(match kind {
                    Int => r
                        .get::<_, Option<i64>>(i)
                        .map_or(Value::Null, Value::Integer),
                    Text => r
                        .get::<_, Option<String>>(i)
                        .map_or(Value::Null, Value::Text),
                    Blob => r
                        .get::<_, Option<Vec<u8>>>(i)
                        .map_or(Value::Null, Value::Blob),
                });
            }
            insert.execute(rusqlite::params_from_iter(values.iter()))?;
        }
        for (_, sql) in &indexes {
            tx.execute_batch(sql)?;
        }
    }
    tx.commit()?;
    conn.pragma_update(None, "foreign_keys", true)?;
    derived::refresh(conn, DERIVED)?;
    Ok(store)
}

/// The SQL that makes a replica record the keys of the rows a write changes, in
/// `temp.glossary_touched`; temporary, so never part of an image.
fn tracking_sql() -> String {
    let mut sql = String::from(
        "CREATE TEMP TABLE IF NOT EXISTS glossary_touched (tbl TEXT NOT NULL, key NOT NULL, PRIMARY KEY (tbl, key)) WITHOUT ROWID;",
    );
    for m in MIRRORED {
        let (t, pk) = (m.sqlite, m.columns[0].0);
        let record = |row: &str| {
            format!("INSERT OR IGNORE INTO glossary_touched VALUES ('{t}', {row}.{pk});")
        };
        sql.push_str(&format!(
            "CREATE TEMP TRIGGER IF NOT EXISTS touched_{t}_insert AFTER INSERT ON main.{t} BEGIN {} END;
             CREATE TEMP TRIGGER IF NOT EXISTS touched_{t}_update AFTER UPDATE ON main.{t} BEGIN {} {} END;
             CREATE TEMP TRIGGER IF NOT EXISTS touched_{t}_delete AFTER DELETE ON main.{t} BEGIN {} END;",
            record("NEW"),
            record("OLD"),
            record("NEW"),
            record("OLD"),
        ));
    }
    sql
}

/// Writes the rows the replica's write changed into PostgreSQL: each changed key's row
/// deleted, then the rows those keys have now copied in. Returns how many keys changed.
fn apply(tx: &mut Transaction<'_>, conn: &rusqlite::Connection) -> Result<usize> {
    let mut changed = 0;
    for m in MIRRORED {
        let (pk, kind) = m.columns[0];
        let mut keys = conn.prepare_cached("SELECT key FROM glossary_touched WHERE tbl = ?1")?;
        let keys: Vec<Value> = keys
            .query_map([m.sqlite], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if keys.is_empty() {
            continue;
        }
        changed += keys.len();
        let delete = format!("DELETE FROM {} WHERE {pk} = ANY($1)", m.pg);
        if kind == Int {
            let ks: Vec<i64> = keys
                .iter()
                .filter_map(|k| match k {
                    Value::Integer(i) => Some(*i),
                    _ => None,
                })
                .collect();
            tx.execute(delete.as_str(), &[&ks])?;
        } else {
            let ks: Vec<String> = keys
                .iter()
                .filter_map(|k| match k {
                    Value::Text(s) => Some(s.clone()),
                    _ => None,
                })
                .collect();
            tx.execute(delete.as_str(), &[&ks])?;
        }
        let cols = columns(m);
        let types: Vec<Type> = m
            .columns
            .iter()
            .map(|(_, k)| match k {
                Int => Type::INT8,
                Text => Type::TEXT,
                Blob => Type::BYTEA,
            })
            .collect();
        let sink = tx.copy_in(&format!("COPY {} ({cols}) FROM STDIN BINARY", m.pg))?;
        let mut w = BinaryCopyInWriter::new(sink, &types);
        let mut rows = conn.prepare(&format!(
            "SELECT {cols} FROM main.{} WHERE {pk} IN (SELECT key FROM glossary_touched WHERE tbl = ?1)",
            m.sqlite
        ))?;
        let mut rows = rows.query([m.sqlite])?;
        let mut values: Vec<Box<dyn ToSql + Sync>> = Vec::with_capacity(m.columns.len());
        while let Some(r) = rows.next()? {
            values.clear();
            for (i, (_, kind)) in m.columns.iter().enumerate() {
                values.push(match kind {
                    Int => Box::new(r.get::<_, Option<i64>>(i)?),
                    Text => Box::new(r.get::<_, Option<String>>(i)?),
                    Blob => Box::new(r.get::<_, Option<Vec<u8>>>(i)?),
                });
            }
            let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v.as_ref()).collect();
            w.write(&refs)?;
        }
        w.finish()?;
    }
    Ok(changed)
}

impl Replica {
    fn from_image(at: State, bytes: &[u8]) -> Result<Replica> {
        Ok(Replica {
            store: Store::from_image(bytes)?,
            at,
            tracking: false,
        })
    }
}

/// Makes `slot` hold the glossary at `at`: kept, copied from this process's image, or loaded
/// by `load_rows` (and its image kept for the process's other connections).
fn make_current(
    slot: &mut Option<Replica>,
    at: State,
    load_rows: impl FnOnce() -> Result<(State, Store)>,
) -> Result<()> {
    if slot.as_ref().is_some_and(|r| r.at == at) {
        return Ok(());
    }
    *slot = None;
    if let Some(bytes) = image_at(&at) {
        *slot = Some(Replica::from_image(at, &bytes)?);
        return Ok(());
    }
    let (loaded_at, store) = load_rows()?;
    keep_image(&loaded_at, &store)?;
    *slot = Some(Replica {
        store,
        at: loaded_at,
        tracking: false,
    });
    Ok(())
}

impl PgStore {
    /// The glossary, as a store to read (and to keep caches in, such as the compiled
    /// matchers): this connection's replica, made current first.
    pub fn glossary(&mut self) -> Result<&mut Store> {
        let client = self.client.get_mut();
        let at = state(client)?;
        let slot = &mut self.glossary;
        make_current(slot, at.clone(), || {
            let _one = LOADING.lock().unwrap_or_else(|p| p.into_inner());
            // Another connection of this process may have loaded it meanwhile.
            if let Some(bytes) = image_at(&at) {
                let r = Replica::from_image(at.clone(), &bytes)?;
                return Ok((r.at, r.store));
            }
            let mut tx = client
                .build_transaction()
                .isolation_level(IsolationLevel::RepeatableRead)
                .read_only(true)
                .start()?;
            let at = state(&mut tx)?;
            let store = load(&mut tx)?;
            tx.commit()?;
            Ok((at, store))
        })?;
        Ok(&mut slot.as_mut().expect("made current above").store)
    }

    /// The memory and the glossary's replica, made current, to read side by side (lookup's
    /// evidence and suggest's masks read both).
    pub fn with_glossary(&mut self) -> Result<(&PgStore, &Store)> {
        self.glossary()?;
        let this: &PgStore = self;
        let replica = this.glossary.as_ref().expect("made current above");
        Ok((this, &replica.store))
    }

    /// Runs a glossary write (`glossary::add`, `edit`, `remove`, `import::import_glossary`)
    /// on the replica and writes what it changed to PostgreSQL, in one transaction that
    /// waits for other writers (see the module's notes). A failure leaves PostgreSQL's
    /// glossary and version as they were.
    pub fn glossary_write<T>(&mut self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        let out = self.write_replica(f);
        if out.is_err() {
            self.glossary = None;
        }
        out
    }

    fn write_replica<T>(&mut self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        let client = self.client.get_mut();
        let mut tx = client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&GLOSSARY_LOCK])?;
        // Read under the lock: every earlier writer has committed.
        let at = state(&mut tx)?;
        let slot = &mut self.glossary;
        make_current(slot, at.clone(), || Ok((at.clone(), load(&mut tx)?)))?;
        let replica = slot.as_mut().expect("made current above");
        let conn = replica.store.conn();
        if !replica.tracking {
            conn.execute_batch(&tracking_sql())?;
            replica.tracking = true;
        }
        conn.execute("DELETE FROM glossary_touched", [])?;
        let out = f(&mut replica.store)?;
        let conn = replica.store.conn();
        derived::refresh(conn, DERIVED)?;
        if apply(&mut tx, conn)? == 0 {
            tx.commit()?;
            return Ok(out);
        }
        let version: i64 = tx
            .query_one(
                "UPDATE glossary_state SET version = version + 1 RETURNING version",
                &[],
            )?
            .get(0);
        tx.commit()?;
        conn.execute("DELETE FROM glossary_touched", [])?;
        replica.at.version = version;
        // The process's other connections copy this rather than load the rows again.
        keep_image(&replica.at, &replica.store)?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mirrored_columns_are_the_sqlite_tables_columns_in_order() {
        let store = Store::open_in_memory().unwrap();
        for m in MIRRORED {
            let cols: Vec<String> = store
                .conn()
                .prepare(&format!(
                    "SELECT name FROM pragma_table_info('{}')",
                    m.sqlite
                ))
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            let mirrored: Vec<&str> = m.columns.iter().map(|(c, _)| *c).collect();
            assert_eq!(cols, mirrored, "{}", m.sqlite);
        }
    }

    #[test]
    fn the_triggers_record_every_changed_key_cascades_included() {
        let mut store = Store::open_in_memory().unwrap();
        store.conn().execute_batch(&tracking_sql()).unwrap();
        let req = crate::glossary::AddRequest::new(vec![
            crate::glossary::TermSpec::parse("en=Mayor").unwrap(),
            crate::glossary::TermSpec::parse("zh-CN=市长").unwrap(),
        ]);
        let added = crate::glossary::add(&mut store, &req).unwrap();
        let touched = |store: &Store, tbl: &str| -> i64 {
            store
                .conn()
                .query_row(
                    "SELECT count(*) FROM glossary_touched WHERE tbl = ?1",
                    [tbl],
                    |r| r.get(0),
                )
                .unwrap()
        };
        assert_eq!(touched(&store, "concept"), 1);
        assert_eq!(touched(&store, "term"), 2);
        assert!(touched(&store, "term_fuzzy") > 0);
        store
            .conn()
            .execute("DELETE FROM glossary_touched", [])
            .unwrap();
        let concept = crate::glossary::ConceptRef::Id(added.concept);
        crate::glossary::remove(&mut store, &concept, &[]).unwrap();
        // The terms go by the foreign key's cascade: recorded all the same.
        assert_eq!(touched(&store, "term"), 2);
    }
}
