//! The ways work runs inside transactions, in one place. Writes go through
//! [`Store::transaction`](super::Store::transaction) or
//! [`Store::import_transaction`](super::Store::import_transaction), both rolled back when
//! dropped uncommitted; everything else is one of these:
//!
//! - [`read_snapshot`]: many statements that must see one moment of the database;
//! - [`savepoint`]: a write that nests in the caller's transaction, or is one, and is undone
//!   whole if it fails;
//! - [`cache_snapshot`]: reads that may also keep a cache (compiled matchers), which is
//!   dropped, not reported, when it cannot be committed.

use rusqlite::Connection;

use crate::error::Result;

/// Runs `f` inside one read transaction unless the caller already holds one: a query made of
/// hundreds of statements then takes the database lock and checks the WAL once, not per
/// statement, and sees one consistent snapshot.
pub fn read_snapshot<T>(conn: &Connection, f: impl FnOnce() -> Result<T>) -> Result<T> {
    if !conn.is_autocommit() {
        return f();
    }
    let tx = conn.unchecked_transaction()?;
    let out = f()?;
    tx.commit()?;
    Ok(out)
}

/// Runs `f` inside a savepoint, which nests in a caller's transaction or is one when there
/// is none, and undoes what it wrote if it fails.
pub fn savepoint<T>(conn: &Connection, f: impl FnOnce() -> Result<T>) -> Result<T> {
    conn.execute_batch("SAVEPOINT concord")?;
    let out = f();
    if out.is_ok() {
        conn.execute_batch("RELEASE concord")?;
    } else {
        conn.execute_batch("ROLLBACK TO concord; RELEASE concord")?;
    }
    out
}

/// Like [`read_snapshot`], for reads that may also write a cache: when the commit fails (the
/// file is read only, or another writer got there first), what was cached is rolled back and
/// the answer stands. SQLite lets no transaction write on a snapshot older than the database,
/// so a cache computed from rows another process has changed since is never kept.
pub fn cache_snapshot<T>(conn: &Connection, f: impl FnOnce() -> Result<T>) -> Result<T> {
    if !conn.is_autocommit() {
        return f();
    }
    conn.execute_batch("BEGIN")?;
    let out = f();
    if out.is_err() || conn.execute_batch("COMMIT").is_err() {
        conn.execute_batch("ROLLBACK").ok();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn() -> Connection {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch("CREATE TABLE t (x INTEGER)").unwrap();
        c
    }

    fn count(c: &Connection) -> i64 {
        c.query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn a_failing_savepoint_undoes_only_its_own_writes() {
        let c = conn();
        c.execute_batch("BEGIN; INSERT INTO t VALUES (1)").unwrap();
        let failed: Result<()> = savepoint(&c, || {
            c.execute("INSERT INTO t VALUES (2)", [])?;
            Err(crate::Error::Invalid("no".into()))
        });
        assert!(failed.is_err());
        savepoint(&c, || Ok(c.execute("INSERT INTO t VALUES (3)", [])?)).unwrap();
        c.execute_batch("COMMIT").unwrap();
        assert_eq!(count(&c), 2);
    }

    #[test]
    fn snapshots_join_the_callers_transaction_and_end_their_own() {
        let c = conn();
        let inside = read_snapshot(&c, || Ok(c.is_autocommit())).unwrap();
        assert!(!inside);
        assert!(c.is_autocommit());
        cache_snapshot(&c, || Ok(c.execute("INSERT INTO t VALUES (1)", [])?)).unwrap();
        assert_eq!(count(&c), 1);
        let e: Result<()> = cache_snapshot(&c, || {
            c.execute("INSERT INTO t VALUES (2)", [])?;
            Err(crate::Error::Invalid("no".into()))
        });
        assert!(e.is_err() && c.is_autocommit());
        assert_eq!(count(&c), 1);
    }
}
