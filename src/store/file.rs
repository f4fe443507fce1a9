//! What a file given as the database is, found out before anything is written to it: whether
//! its folder exists and is a folder, whether this process may write it, and whether it is
//! concord's, someone else's, or nothing yet.
//!
//! concord's files carry [`APPLICATION_ID`] in their header, set in the transaction that
//! creates their tables (or, for a file an older concord made, in the first transaction that
//! writes it after it is recognised by its tables). A file that is neither empty nor concord's
//! is refused without a byte written: not even the switch to WAL, which rewrites the header.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};

/// `PRAGMA application_id` of a concord database: "CNCD" in ASCII. SQLite keeps a register of
/// these numbers (its `magic.txt`); this one is in no use there.
pub const APPLICATION_ID: i32 = 0x434E_4344;

/// What the file at the path holds, as far as concord is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found {
    /// No tables, no version, no mark: a new or empty file, or one whose creation never
    /// committed. concord makes it its own.
    Nothing,
    /// A concord database at a schema version; `marked` when it carries [`APPLICATION_ID`]
    /// (an older concord's file is recognised by its tables instead).
    Concord { version: i64, marked: bool },
}

/// How a database file may be opened by this process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    ReadWrite,
    /// The file or its folder cannot be written: reads only. `immutable` when SQLite must be
    /// told that nothing changes the file, because its folder is read only and has no WAL
    /// index (`-shm`) to share with writers: no writer can exist then.
    ReadOnly {
        immutable: bool,
    },
}

/// Refuses a path that cannot be a database file, before SQLite says something less clear
/// ("File exists", "unable to open database file").
pub fn check_path(path: &Path) -> Result<()> {
    if path.is_dir() {
        return Err(invalid(format!(
            "{} is a folder; give the database's file name",
            path.display()
        )));
    }
    if path.exists() {
        return Ok(());
    }
    let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) else {
        return Ok(());
    };
    // The nearest existing ancestor says whether a folder is missing or a file stands where
    // a folder should (`/etc/hostname/x.db`).
    let mut up = Some(dir);
    while let Some(d) = up {
        if d.exists() {
            if !d.is_dir() {
                return Err(invalid(format!(
                    "cannot create {}: {} is a file, not a folder",
                    path.display(),
                    d.display()
                )));
            }
            break;
        }
        up = d.parent().filter(|p| !p.as_os_str().is_empty());
    }
    if !dir.is_dir() {
        // A folder that does not exist is more likely a typo than a wish: it is not made.
        return Err(invalid(format!(
            "the folder {} does not exist",
            dir.display()
        )));
    }
    Ok(())
}

fn invalid(message: String) -> Error {
    Error::Invalid(message)
}

/// The file's path with a suffix: its `-wal`, `-shm` or `-journal`.
pub fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// Whether this process may write the existing file and create its journal beside it.
pub fn access(path: &Path) -> Result<Access> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if writable(path) && writable(dir) {
        return Ok(Access::ReadWrite);
    }
    if writable(dir) {
        // SQLite makes the WAL index beside a read-only file itself.
        return Ok(Access::ReadOnly { immutable: false });
    }
    let wal = sibling(path, "-wal");
    let shm = sibling(path, "-shm");
    let journal = sibling(path, "-journal");
    if journal.exists() || (wal.exists() && !shm.exists()) {
        // A write that never finished: its journal must be rolled back (or its log read
        // through an index) before the file can be trusted, and neither can be done here.
        return Err(Error::Schema {
            path: path.to_path_buf(),
            message: format!(
                "a write to it never finished and its folder {} is read only: make the folder writable once so that it can be completed or undone",
                dir.display()
            ),
        });
    }
    // Committed pages still in the log are read through the existing index; with no log,
    // nothing can change the file while its folder stays read only.
    Ok(Access::ReadOnly {
        immutable: !wal.exists(),
    })
}

#[cfg(unix)]
fn writable(p: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = std::ffi::CString::new(p.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: `c` is a NUL-terminated path that outlives the call; access(2) only reads it.
    // It answers for this process's user (root may write anything), which the mode bits
    // alone do not.
    unsafe { libc::access(c.as_ptr(), libc::W_OK) == 0 }
}

#[cfg(not(unix))]
fn writable(p: &Path) -> bool {
    std::fs::metadata(p).is_ok_and(|m| !m.permissions().readonly())
}

/// Opens a connection to an existing or new file as `access` allows. Nothing is written.
pub fn connect(path: &Path, access: Access) -> Result<Connection> {
    // NO_MUTEX: a rusqlite connection is never shared between threads (it is not Sync), so
    // SQLite's per-connection mutex only costs: a lock and an unlock around every bind and
    // step, a tenth of an import's storing time.
    let no_mutex = OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = match access {
        Access::ReadWrite => Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | no_mutex,
        ),
        Access::ReadOnly { immutable } => {
            let mut uri = format!("file:{}?mode=ro", uri_path(path));
            if immutable {
                uri.push_str("&immutable=1");
            }
            Connection::open_with_flags(
                uri,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | no_mutex,
            )
        }
    };
    conn.map_err(|e| at(path, e))
}

/// A path as the path of a `file:` URI: every byte but unreserved ones and `/` escaped.
fn uri_path(path: &Path) -> String {
    #[cfg(unix)]
    let bytes = {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes().to_vec()
    };
    #[cfg(not(unix))]
    let bytes = path.to_string_lossy().replace('\\', "/").into_bytes();
    let mut out = String::with_capacity(bytes.len());
    for b in bytes {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A SQLite error met while opening the file, said as what it means for the user.
pub fn at(path: &Path, e: rusqlite::Error) -> Error {
    let message = match e.sqlite_error_code() {
        // SQLite's words in brackets, as in every SQLite error concord reports.
        Some(rusqlite::ErrorCode::NotADatabase) => format!(
            "not a concord database: it is not a SQLite file ({}); concord left it untouched",
            crate::error::sqlite_words(&e)
        ),
        _ => return Error::Sqlite(e).in_file(path),
    };
    Error::Schema {
        path: path.to_path_buf(),
        message,
    }
}

/// The tables (and indexes) each schema version has, by name, computed by running the
/// migrations on an empty in-memory database: an older concord's file, which carries no
/// [`APPLICATION_ID`], is recognised by these.
fn names_at(migrations: &[&str], version: usize) -> Result<Vec<String>> {
    let conn = Connection::open_in_memory()?;
    for m in &migrations[..version] {
        conn.execute_batch(m)?;
    }
    names(&conn)
}

fn names(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'index')
             AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )?;
    let names = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(names)
}

/// Reads what the file holds, writing nothing; refuses a file that is not concord's or is
/// from a newer concord.
pub fn inspect(conn: &Connection, path: &Path, migrations: &[&str]) -> Result<Found> {
    let refuse = |message: String| Error::Schema {
        path: path.to_path_buf(),
        message,
    };
    let read = |e| at(path, e);
    let id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(read)?;
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(read)?;
    let present = names(conn).map_err(|e| match e {
        Error::Sqlite(e) => read(e),
        e => e,
    })?;
    let ours = migrations.len() as i64;
    if id != APPLICATION_ID && id != 0 {
        return Err(refuse(format!(
            "not a concord database: it belongs to another application (application id {id:#010x}); concord left it untouched"
        )));
    }
    if version > ours {
        return Err(refuse(format!(
            "made by a newer concord (schema version {version}; this concord knows up to {ours}): upgrade concord to use it"
        )));
    }
    if version < 0 {
        return Err(refuse(format!(
            "not a concord database, or a damaged one: its schema version is {version}; concord left it untouched"
        )));
    }
    if id == APPLICATION_ID {
        if version == 0 {
            return Err(refuse(
                "marked as concord's but has no schema version: it is damaged".into(),
            ));
        }
        return Ok(Found::Concord {
            version,
            marked: true,
        });
    }
    if present.is_empty() && version == 0 {
        return Ok(Found::Nothing);
    }
    // Unmarked: an older concord's file has exactly the tables of its version. (Extra ones
    // are allowed, but every one of concord's must be there: a file that merely shares a name
    // or two is someone else's.)
    let expected = if version > 0 {
        names_at(migrations, version as usize)?
    } else {
        Vec::new()
    };
    if version > 0 && expected.iter().all(|n| present.binary_search(n).is_ok()) {
        return Ok(Found::Concord {
            version,
            marked: false,
        });
    }
    let mut shown: Vec<&str> = present.iter().map(String::as_str).take(5).collect();
    if present.len() > shown.len() {
        shown.push("…");
    }
    Err(refuse(format!(
        "not a concord database: it holds tables of another application ({}); concord left it untouched",
        shown.join(", ")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_under_a_file_says_the_file_is_not_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("hostname");
        std::fs::write(&file, "h\n").unwrap();
        let e = check_path(&file.join("x.db")).unwrap_err().to_string();
        assert!(e.contains("is a file, not a folder"), "{e}");
        let e = check_path(&file.join("deeper").join("x.db"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("is a file, not a folder"), "{e}");
        let e = check_path(dir.path()).unwrap_err().to_string();
        assert!(e.contains("is a folder"), "{e}");
    }

    #[test]
    fn uri_paths_escape_what_a_uri_would_read_as_syntax() {
        assert_eq!(
            uri_path(Path::new("/a b/c?d#e%f/数.db")),
            "/a%20b/c%3Fd%23e%25f/%E6%95%B0.db"
        );
    }
}
