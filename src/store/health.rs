//! Whether the file is sound, by SQLite's own checks: for `concord doctor`, and before an
//! import writes into it.

use rusqlite::Connection;
use serde::Serialize;

use super::Store;
use crate::error::{Error, Result};

/// How many problems of one kind are listed; the rest are counted.
pub const LISTED: usize = 20;

/// SQLite's full integrity check (every page, every index against its table): the problems it
/// finds, at most [`LISTED`], none when the file is sound. Reads the whole file.
pub fn integrity_problems(conn: &Connection) -> Result<Vec<String>> {
    match pragma_problems(conn, "integrity_check")? {
        // Damage bad enough stops the full check where it reads an index against its table;
        // the quick one, which does not, still says where the damage is.
        Problems::Stopped(why) => match pragma_problems(conn, "quick_check")? {
            Problems::Found(mut found) if !found.is_empty() => {
                found.push(why);
                Ok(found)
            }
            _ => Ok(vec![why]),
        },
        Problems::Found(found) => Ok(found),
    }
}

/// SQLite's quick check: every page and record, but not the indexes against their tables;
/// several times faster than [`integrity_problems`].
pub fn quick_problems(conn: &Connection) -> Result<Vec<String>> {
    Ok(match pragma_problems(conn, "quick_check")? {
        Problems::Found(found) => found,
        Problems::Stopped(why) => vec![why],
    })
}

enum Problems {
    /// What the check reported, one problem a line: none when sound.
    Found(Vec<String>),
    /// The check itself stopped at damage, with SQLite's message.
    Stopped(String),
}

fn pragma_problems(conn: &Connection, pragma: &str) -> Result<Problems> {
    let run = || -> rusqlite::Result<Vec<String>> {
        let mut stmt = conn.prepare(&format!("PRAGMA {pragma}({LISTED})"))?;
        stmt.query_map([], |r| r.get::<_, String>(0))?.collect()
    };
    match run() {
        Ok(rows) => Ok(Problems::Found(
            rows.iter()
                // A row may hold several lines, under a heading naming the schema.
                .flat_map(|r| r.lines())
                .filter(|l| *l != "ok" && !l.starts_with("*** in database"))
                .map(str::to_string)
                .collect(),
        )),
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
            Ok(Problems::Stopped(e.to_string()))
        }
        Err(e) => Err(e.into()),
    }
}

/// Rows whose reference points to no row, by table and the table referred to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Orphans {
    pub table: String,
    pub parent: String,
    pub rows: u64,
    /// The first few rows' ids.
    pub first: Vec<i64>,
}

/// SQLite's foreign key check over every table.
pub fn foreign_key_problems(conn: &Connection) -> Result<Vec<Orphans>> {
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let mut rows = stmt.query([])?;
    let mut out: Vec<Orphans> = Vec::new();
    while let Some(r) = rows.next()? {
        let table: String = r.get(0)?;
        let rowid: Option<i64> = r.get(1)?;
        let parent: String = r.get(2)?;
        let at = match out
            .iter()
            .position(|o| o.table == table && o.parent == parent)
        {
            Some(i) => i,
            None => {
                out.push(Orphans {
                    table,
                    parent,
                    rows: 0,
                    first: Vec::new(),
                });
                out.len() - 1
            }
        };
        let o = &mut out[at];
        o.rows += 1;
        if let Some(id) = rowid.filter(|_| o.first.len() < LISTED) {
            o.first.push(id);
        }
    }
    Ok(out)
}

/// Refuses to write into a damaged file, before an import begins: SQLite reports damage only
/// on the pages a statement reads, so an import could otherwise succeed on a file that
/// `lookup` then calls malformed. A quick check reads the whole file, about a second a
/// gigabyte from the page cache.
pub fn ensure_sound(store: &Store) -> Result<()> {
    let problems = quick_problems(store.conn())?;
    let Some(first) = problems.first() else {
        return Ok(());
    };
    let more = match problems.len() {
        1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    Err(Error::Schema {
        path: store.path().map(Into::into).unwrap_or_default(),
        message: format!(
            "the file is damaged: {first}{more}; nothing was written. `concord doctor` checks it in full"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sound_store_has_no_problems_and_an_orphan_is_found() {
        let store = Store::open_in_memory().unwrap();
        let c = store.conn();
        assert!(integrity_problems(c).unwrap().is_empty());
        assert!(quick_problems(c).unwrap().is_empty());
        ensure_sound(&store).unwrap();
        c.execute_batch(
            "PRAGMA foreign_keys = OFF;
             INSERT INTO unit (id, hash, batch) VALUES (7, x'07', 42);",
        )
        .unwrap();
        let found = foreign_key_problems(c).unwrap();
        assert_eq!(
            found,
            [Orphans {
                table: "unit".into(),
                parent: "batch".into(),
                rows: 1,
                first: vec![7],
            }]
        );
    }
}
