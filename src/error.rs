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

    /// The database is newer than this program, or otherwise not one of ours.
    #[error("database {path}: {message}")]
    Schema { path: PathBuf, message: String },

    /// Not `#[source]`: rusqlite's own source repeats its message ("Error code 26: file is not
    /// a database"), which a printed chain would say twice.
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Sqlite(e)
    }
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
}
