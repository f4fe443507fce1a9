//! Data derived from the stored rows that SQL alone cannot build (the memory's posting
//! lists, the glossary's packed fuzzy index and plural-rule answers), kept in step by the
//! code that writes the rows. When a migration changes such a layout, it cannot convert it in
//! SQL: it marks the set stale by name instead, and the set is rebuilt from the rows by the
//! rebuilder its domain module registers ([`Derived`]), the next time the database is opened
//! for work (`database::open`) or the domain first needs it.
//!
//! The compiled term matchers are not derived data in this sense but a cache: each carries
//! the stamp of the code that compiled it and is compiled again when the stamp differs
//! (see `glossary::compiled`).

use rusqlite::{Connection, OptionalExtension};

use super::tx::savepoint;
use crate::error::{Error, Result};

/// A set of derived data and how to rebuild it from the rows.
#[derive(Clone, Copy)]
pub struct Derived {
    /// The name a migration marks it stale by.
    pub name: &'static str,
    /// Rebuilds it from scratch, inside the caller's transaction.
    pub rebuild: fn(&Connection) -> Result<()>,
}

/// Marks a set stale: the next [`refresh`] that knows it rebuilds it.
pub fn mark_stale(conn: &Connection, name: &str) -> Result<()> {
    conn.prepare_cached("INSERT OR IGNORE INTO derived_stale (name) VALUES (?1)")?
        .execute([name])?;
    Ok(())
}

pub fn is_stale(conn: &Connection, name: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM derived_stale WHERE name = ?1")?
        .query_row([name], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Rebuilds every stale set among `sets`, each in a savepoint with the removal of its mark,
/// so that a failed rebuild leaves it marked. Cheap when nothing is stale: one lookup a set.
///
/// A database opened read only cannot be rebuilt, and answers from stale data would be
/// wrong: a stale set there is an error that says so.
pub fn refresh(conn: &Connection, sets: &[Derived]) -> Result<()> {
    for d in sets {
        if is_stale(conn, d.name)? {
            if conn.is_readonly(rusqlite::MAIN_DB)? {
                return Err(Error::Invalid(format!(
                    "database {}: its {} must be rebuilt after an upgrade, but it is opened read only; open it once where it can be written (`concord doctor` rebuilds it)",
                    conn.path().unwrap_or("?"),
                    d.name
                )));
            }
            rebuild(conn, d)?;
        }
    }
    Ok(())
}

/// Rebuilds one set whether or not it is stale, in a savepoint with the removal of its mark.
pub fn rebuild(conn: &Connection, d: &Derived) -> Result<()> {
    savepoint(conn, || {
        (d.rebuild)(conn)?;
        conn.prepare_cached("DELETE FROM derived_stale WHERE name = ?1")?
            .execute([d.name])?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn fill(conn: &Connection) -> Result<()> {
        conn.execute_batch("CREATE TABLE IF NOT EXISTS t (x); INSERT INTO t VALUES (1);")?;
        Ok(())
    }

    fn fail(_: &Connection) -> Result<()> {
        Err(crate::Error::Invalid("cannot".into()))
    }

    #[test]
    fn a_stale_set_is_rebuilt_once_and_a_failed_rebuild_stays_marked() {
        let store = Store::open_in_memory().unwrap();
        let c = store.conn();
        let sets = [Derived {
            name: "t",
            rebuild: fill,
        }];
        refresh(c, &sets).unwrap();
        assert!(
            c.query_row("SELECT count(*) FROM t", [], |_| Ok(()))
                .is_err()
        );
        mark_stale(c, "t").unwrap();
        mark_stale(c, "t").unwrap();
        refresh(c, &sets).unwrap();
        refresh(c, &sets).unwrap();
        let n: i64 = c
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
        mark_stale(c, "u").unwrap();
        assert!(
            refresh(
                c,
                &[Derived {
                    name: "u",
                    rebuild: fail
                }]
            )
            .is_err()
        );
        assert!(is_stale(c, "u").unwrap());
    }
}
