//! The library's error type. Every error that comes from a user's input carries the file and
//! line (or record) it was found at, so the CLI can print `file:line: problem` and exit 2.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// An input file is malformed at a known place. `line` is 1-based; 0 means "the whole file".
    #[error("{}", fmt_at(path, *line, message))]
    Input {
        path: String,
        line: u64,
        message: String,
    },

    /// A value given by the user (a language tag, a term, an option) is not acceptable.
    #[error("{0}")]
    Invalid(String),

    /// Something the user named does not exist (a concept id, a database).
    #[error("{0}")]
    NotFound(String),

    /// What the user would add is there already (a concept with the same head terms): a
    /// conflict with the stored data, which a server answers with 409, not a bad value.
    #[error("{0}")]
    Duplicate(String),

    /// The database is newer than this program, or otherwise not one of ours.
    #[error("database {path}: {message}")]
    Schema { path: PathBuf, message: String },

    /// Not `#[source]`: rusqlite's own source repeats its message ("Error code 26: file is not
    /// a database"), which a printed chain would say twice.
    #[error("{}", describe(.0))]
    Sqlite(rusqlite::Error),

    /// A SQLite error in a known database file (see [`Error::in_file`]).
    #[error("database {}: {}", path.display(), describe(error))]
    Database {
        path: PathBuf,
        error: rusqlite::Error,
    },

    /// Another connection held the database's lock for longer than concord waits for it.
    #[error(
        "database {}: another process (a concord import?) was still writing it after {} s; try again when it has finished",
        path.display(),
        waited.as_secs()
    )]
    Busy {
        path: PathBuf,
        waited: std::time::Duration,
    },

    /// What this store cannot do yet (the glossary on PostgreSQL): a server answers 501.
    #[error("{0}")]
    Unsupported(String),

    /// A PostgreSQL store's error: the server's own words (its message, detail and hint),
    /// or why it could not be reached.
    #[error("PostgreSQL: {}", describe_pg(.0))]
    Postgres(postgres::Error),
}

impl From<postgres::Error> for Error {
    fn from(e: postgres::Error) -> Self {
        Error::Postgres(e)
    }
}

/// The server's message with its detail and hint when it sent them; otherwise the driver's
/// text and its cause (a refused connection says which).
fn describe_pg(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        let mut s = db.message().to_string();
        if let Some(d) = db.detail() {
            s = format!("{s} ({d})");
        }
        if let Some(h) = db.hint() {
            s = format!("{s}; {h}");
        }
        return s;
    }
    match std::error::Error::source(e) {
        Some(cause) => format!("{e}: {cause}"),
        None => e.to_string(),
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Sqlite(e)
    }
}

/// A SQLite error as what it means for the user; SQLite's own words follow in brackets.
fn describe(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode as C;
    let said = sqlite_words(e);
    let meaning = match e.sqlite_error_code() {
        Some(C::DatabaseCorrupt) => "the file is damaged; `concord doctor` says where",
        Some(C::NotADatabase) => "not a SQLite database",
        Some(C::DiskFull) => "the disk is full",
        Some(C::ReadOnly) => "the file or its folder is read only",
        Some(C::DatabaseBusy | C::DatabaseLocked) => "another process is writing it",
        Some(C::SystemIoFailure) if is_shm_size(e) => {
            // SQLite says "disk I/O error" when it cannot grow the WAL index beside the file,
            // which on a full disk is the first write of all.
            "the disk is full: there is no room for the database's shared-memory file (-shm)"
        }
        _ => return format!("database error: {said}"),
    };
    format!("{meaning} ({said})")
}

/// What SQLite itself said, without rusqlite's "Error code N:".
pub fn sqlite_words(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(_, Some(m)) => m.clone(),
        rusqlite::Error::SqliteFailure(f, None) => f.to_string(),
        e => e.to_string(),
    }
}

fn is_shm_size(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _)
        if f.extended_code == rusqlite::ffi::SQLITE_IOERR_SHMSIZE)
}

fn fmt_at(path: &str, line: u64, message: &str) -> String {
    if line == 0 {
        format!("{path}: {message}")
    } else {
        format!("{path}:{line}: {message}")
    }
}

impl Error {
    pub fn input(path: impl Into<String>, line: u64, message: impl Into<String>) -> Self {
        Error::Input {
            path: path.into(),
            line,
            message: message.into(),
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// Names the database file in a SQLite error that does not yet.
    pub fn in_file(self, path: &std::path::Path) -> Self {
        match self {
            Error::Sqlite(error) => Error::Database {
                path: path.to_path_buf(),
                error,
            },
            e => e,
        }
    }

    /// The SQLite error underneath, if this is one.
    pub fn sqlite(&self) -> Option<&rusqlite::Error> {
        match self {
            Error::Sqlite(e) | Error::Database { error: e, .. } => Some(e),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(code: i32, message: &str) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), Some(message.into()))
    }

    #[test]
    fn a_disk_io_error_growing_the_wal_index_says_the_disk_is_full() {
        // What SQLite returns when opening a WAL database on a full disk (seen on a full
        // tmpfs): it cannot extend the -shm file.
        let e = failure(rusqlite::ffi::SQLITE_IOERR_SHMSIZE, "disk I/O error");
        let said = Error::from(e)
            .in_file(std::path::Path::new("n.db"))
            .to_string();
        assert!(
            said.starts_with("database n.db: the disk is full"),
            "{said}"
        );
        assert!(said.contains("(disk I/O error)"), "{said}");
        let full = Error::from(failure(
            rusqlite::ffi::SQLITE_FULL,
            "database or disk is full",
        ));
        assert!(full.to_string().starts_with("the disk is full"), "{full}");
    }
}
