//! Connection settings changed for a while and put back when the guard drops, whatever the
//! outcome: the only place outside `Store::open` that sets a pragma.

use std::time::Duration;

use rusqlite::Connection;

use crate::error::Result;

/// SQLite's page cache raised to `kib` KiB while it lives. A bulk write whose indexes outgrow
/// the default 2 MB evicts a dirty page and reads another back on nearly every insert.
pub struct LargerCache<'c> {
    conn: &'c Connection,
    before: i64,
}

impl<'c> LargerCache<'c> {
    pub fn raise(conn: &'c Connection, kib: i64) -> Result<LargerCache<'c>> {
        let before = conn.pragma_query_value(None, "cache_size", |r| r.get(0))?;
        // A negative cache_size is in KiB.
        conn.pragma_update(None, "cache_size", -kib)?;
        Ok(LargerCache { conn, before })
    }
}

impl Drop for LargerCache<'_> {
    fn drop(&mut self) {
        // Only speed depends on it; a failure here must not mask the caller's own result.
        let _ = self.conn.pragma_update(None, "cache_size", self.before);
    }
}

/// A busy timeout for a while: how long a statement waits for another connection's lock.
pub struct BusyTimeout<'c> {
    conn: &'c Connection,
    before: Duration,
}

impl<'c> BusyTimeout<'c> {
    pub fn set(conn: &'c Connection, wait: Duration) -> Result<BusyTimeout<'c>> {
        let ms: i64 = conn.pragma_query_value(None, "busy_timeout", |r| r.get(0))?;
        conn.busy_timeout(wait)?;
        Ok(BusyTimeout {
            conn,
            before: Duration::from_millis(ms.max(0) as u64),
        })
    }
}

impl Drop for BusyTimeout<'_> {
    fn drop(&mut self) {
        let _ = self.conn.busy_timeout(self.before);
    }
}

/// No waiting for another connection's lock while it lives: for writes that are only a cache,
/// which are better skipped than waited for.
pub struct NoWait<'c> {
    _timeout: BusyTimeout<'c>,
}

impl<'c> NoWait<'c> {
    pub fn new(conn: &'c Connection) -> Result<NoWait<'c>> {
        Ok(NoWait {
            _timeout: BusyTimeout::set(conn, Duration::ZERO)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pragma(c: &Connection, name: &str) -> i64 {
        c.pragma_query_value(None, name, |r| r.get(0)).unwrap()
    }

    #[test]
    fn settings_come_back_when_the_guard_drops() {
        let c = Connection::open_in_memory().unwrap();
        c.busy_timeout(Duration::from_millis(1500)).unwrap();
        let cache = pragma(&c, "cache_size");
        {
            let _big = LargerCache::raise(&c, 1024).unwrap();
            let _now = NoWait::new(&c).unwrap();
            assert_eq!(pragma(&c, "cache_size"), -1024);
            assert_eq!(pragma(&c, "busy_timeout"), 0);
        }
        assert_eq!(pragma(&c, "cache_size"), cache);
        assert_eq!(pragma(&c, "busy_timeout"), 1500);
    }
}
