//! The SQLite file that holds the glossary and the memory. Pragmas are set when a connection
//! opens; the schema version lives in `user_version`, concord's mark in `application_id` (see
//! [`file`]), and the forward-only migrations, with the first data of a new file, run in one
//! transaction: a file is either concord's and whole, or holds nothing of it.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};

use crate::error::{Error, Result};

pub mod codec;
pub mod derived;
pub mod file;
pub mod guard;
pub mod health;
pub mod tx;

pub use file::{APPLICATION_ID, Found};
pub use tx::{cache_snapshot, read_snapshot, savepoint};

/// The schema, one entry per version; entry `i` takes a database from version `i` to `i + 1`.
/// Never edit an entry that has shipped: add a new one.
const MIGRATIONS: &[&str] = &[
    // 1: import batches, the glossary and its fuzzy index.
    r#"
    CREATE TABLE batch (
        id          INTEGER PRIMARY KEY,
        kind        TEXT NOT NULL CHECK (kind IN ('glossary', 'memory')),
        origin      TEXT NOT NULL,
        format      TEXT,
        imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
    );
    CREATE TABLE concept (
        id          INTEGER PRIMARY KEY,
        ext_id      TEXT,
        subject     TEXT,
        definition  TEXT,
        note        TEXT,
        fingerprint TEXT NOT NULL,
        batch       INTEGER REFERENCES batch(id),
        line        INTEGER
    );
    CREATE INDEX concept_fingerprint ON concept(fingerprint);
    CREATE TABLE term (
        id             INTEGER PRIMARY KEY,
        concept        INTEGER NOT NULL REFERENCES concept(id) ON DELETE CASCADE,
        lang           TEXT NOT NULL,
        text           TEXT NOT NULL,
        status         TEXT NOT NULL,
        type           TEXT,
        pos            TEXT,
        context        TEXT,
        source         TEXT,
        note           TEXT,
        case_sensitive INTEGER NOT NULL DEFAULT 0,
        norm           TEXT NOT NULL,
        infl           TEXT NOT NULL,
        simp           TEXT NOT NULL,
        klen           INTEGER NOT NULL,
        batch          INTEGER REFERENCES batch(id),
        UNIQUE (concept, lang, text)
    );
    CREATE INDEX term_norm ON term(norm);
    CREATE INDEX term_infl ON term(infl);
    CREATE INDEX term_simp ON term(simp);
    CREATE TABLE term_gram (
        gram TEXT NOT NULL,
        term INTEGER NOT NULL REFERENCES term(id) ON DELETE CASCADE,
        PRIMARY KEY (gram, term)
    ) WITHOUT ROWID;
    CREATE INDEX term_gram_term ON term_gram(term);
    "#,
    // 2: the translation memory. A unit's hash is over its variants' languages and text, so
    // identical units are stored once whatever file they come from.
    r#"
    CREATE TABLE unit (
        id      INTEGER PRIMARY KEY,
        hash    BLOB NOT NULL UNIQUE,
        batch   INTEGER NOT NULL REFERENCES batch(id),
        line    INTEGER,
        srclang TEXT,
        state   TEXT,
        meta    TEXT
    );
    CREATE TABLE variant (
        id     INTEGER PRIMARY KEY,
        unit   INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
        lang   TEXT NOT NULL,
        text   TEXT NOT NULL,
        markup TEXT,
        meta   TEXT
    );
    CREATE INDEX variant_unit ON variant(unit);
    "#,
    // 3: the fuzzy index (token postings, see memory::index) and the concordance index.
    r#"
    CREATE TABLE tm_gram (
        gram INTEGER PRIMARY KEY,
        df   INTEGER NOT NULL
    );
    CREATE TABLE tm_posting (
        gram  INTEGER NOT NULL,
        chunk INTEGER NOT NULL,
        last  INTEGER NOT NULL,
        data  BLOB NOT NULL,
        PRIMARY KEY (gram, chunk)
    ) WITHOUT ROWID;
    CREATE VIRTUAL TABLE variant_fts USING fts5(text, content='variant', content_rowid='id', tokenize='trigram');
    CREATE TABLE tm_lang (
        lang     TEXT PRIMARY KEY,
        segments INTEGER NOT NULL
    );
    "#,
    // 4: the memory index keyed by a vocabulary of token ids, with each segment's token
    // sequence for verification; concordance runs on the token postings, so the FTS5 trigram
    // index (2.6x the text, more than half the import time) goes. The index is rebuilt from
    // the stored text (see `REINDEX_AT`).
    r#"
    DROP TABLE variant_fts;
    DROP TABLE tm_posting;
    DROP TABLE tm_gram;
    CREATE TABLE tm_token (
        id    INTEGER PRIMARY KEY,
        lang  TEXT NOT NULL,
        token TEXT NOT NULL,
        df    INTEGER NOT NULL,
        UNIQUE (token, lang)
    );
    CREATE TABLE tm_seq (
        variant INTEGER PRIMARY KEY,
        toks    BLOB NOT NULL
    );
    CREATE TABLE tm_posting (
        token INTEGER NOT NULL,
        chunk INTEGER NOT NULL,
        last  INTEGER NOT NULL,
        data  BLOB NOT NULL,
        PRIMARY KEY (token, chunk)
    ) WITHOUT ROWID;
    "#,
    // 5: the glossary's fuzzy index as one packed row per bigram (see glossary::index) instead
    // of one row per (bigram, term), and the plural rules' answers for the terms' words (see
    // glossary::db). SQL cannot pack postings or run the plural rules, so a database that
    // has terms is marked for a rebuild, which the first glossary write or fuzzy lookup does
    // (glossary::db::ensure_derived). The inflected and script-folded keys are indexed only
    // where they differ from the normalised one, which lookup searches for all three.
    r#"
    DROP INDEX term_gram_term;
    DROP TABLE term_gram;
    DROP INDEX term_infl;
    DROP INDEX term_simp;
    CREATE INDEX term_infl ON term(infl) WHERE infl <> norm;
    CREATE INDEX term_simp ON term(simp) WHERE simp <> norm;
    CREATE TABLE term_fuzzy (
        list INTEGER PRIMARY KEY,
        data BLOB NOT NULL
    );
    CREATE TABLE term_singular (
        word     TEXT PRIMARY KEY,
        singular TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE glossary_state (
        key   TEXT PRIMARY KEY,
        value TEXT
    ) WITHOUT ROWID;
    INSERT INTO glossary_state (key) SELECT 'rebuild' WHERE EXISTS (SELECT 1 FROM term);
    "#,
    // 6: each segment's token sequence moves into its variant row: a table of its own cost
    // an import one more B-tree insert per segment, a third of its storing time.
    r#"
    ALTER TABLE variant ADD COLUMN toks BLOB;
    UPDATE variant SET toks = (SELECT toks FROM tm_seq WHERE tm_seq.variant = variant.id);
    DROP TABLE tm_seq;
    "#,
    // 7: a unit's variants are consecutive rows (an import writes them one after the other),
    // so the unit records their first and last id, and the index on variant(unit), a
    // sixth of an import's storing time, goes.
    r#"
    ALTER TABLE unit ADD COLUMN first_variant INTEGER;
    ALTER TABLE unit ADD COLUMN last_variant INTEGER;
    UPDATE unit SET
        first_variant = (SELECT min(id) FROM variant WHERE variant.unit = unit.id),
        last_variant = (SELECT max(id) FROM variant WHERE variant.unit = unit.id);
    DROP INDEX variant_unit;
    "#,
    // 8: each language's compiled term matcher (see glossary::compiled), stamped with the
    // code that compiled it. Left empty here: the first check or import compiles it.
    r#"
    CREATE TABLE term_matcher (
        lang  TEXT PRIMARY KEY,
        stamp INTEGER NOT NULL,
        data  BLOB NOT NULL,
        short BLOB NOT NULL
    );
    "#,
    // 9: one way to mark derived data for a rebuild (see store::derived), in place of the
    // glossary's own flag and a rebuild the store called itself.
    r#"
    CREATE TABLE derived_stale (
        name TEXT PRIMARY KEY
    ) WITHOUT ROWID;
    INSERT INTO derived_stale (name) SELECT 'glossary-index' FROM glossary_state WHERE key = 'rebuild';
    DROP TABLE glossary_state;
    "#,
    // 10: one language model (see text::lang). Stored tags get their canonical CLDR form
    // (`iw` → `he`, a name such as `chinese` → `zh`), and concepts are identified by their
    // heads per language rather than per tag: both need Rust, so they are marked here and
    // done by the domains' rebuilders (glossary::db, memory::db).
    r#"
    INSERT OR IGNORE INTO derived_stale (name) SELECT 'glossary-languages' WHERE EXISTS (SELECT 1 FROM term);
    INSERT OR IGNORE INTO derived_stale (name) SELECT 'memory-languages' WHERE EXISTS (SELECT 1 FROM variant);
    "#,
    // 11: the glossary's languages read by a few index seeks (see glossary::db::languages)
    // instead of a scan of every term: a lookup that is not an exact hit asks for them, and
    // with CC-CEDICT's 438,125 terms the scan was 60 ms of each such lookup.
    r#"
    CREATE INDEX term_lang ON term(lang);
    "#,
];

/// A database older than this migration has its memory index marked stale (see [`derived`])
/// by the last migration, to be rebuilt from the stored text in the current layout: the
/// layout changed there in a way SQL alone cannot convert.
const REINDEX_AT: usize = 4;

/// The name the memory's index is marked stale by (`memory::index` registers its rebuilder).
pub const MEMORY_INDEX: &str = "memory-index";

/// The memory map and page cache a connection may use (SQLite's defaults are none and 2 MB).
const MMAP_BYTES: i64 = 1 << 30;
const CACHE_KIB: i64 = 64 * 1024;

pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Imports of at least this much input run under a rollback journal: see
/// [`Store::import_transaction`].
pub const ROLLBACK_JOURNAL_FROM: u64 = 32 << 20;

/// Whether SQLite said the file is busy or locked by another connection.
fn is_locked_sqlite(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

fn is_locked(e: &Error) -> bool {
    e.sqlite().is_some_and(is_locked_sqlite)
}

/// Whether an older concord's file holds nothing: its creation was cut short before the
/// shipped data was in (an older concord committed the tables first).
fn holds_nothing(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM batch) AND NOT EXISTS (SELECT 1 FROM concept)",
        [],
        |r| r.get(0),
    )?)
}

/// See [`Store::import_transaction`]. It rolls back when dropped, like any transaction.
pub struct ImportTransaction<'c> {
    conn: &'c Connection,
    tx: Option<Transaction<'c>>,
    /// Whether it runs under a rollback journal, so WAL is to be put back after it.
    rollback_journal: bool,
    /// The connection's memory map before it (none for an in-memory database, which has no
    /// file to map), put back after it.
    mmap_bytes: Option<i64>,
}

impl<'c> ImportTransaction<'c> {
    pub fn commit(mut self) -> Result<()> {
        if let Some(tx) = self.tx.take() {
            tx.commit()?;
        }
        Ok(())
    }
}

impl<'c> std::ops::Deref for ImportTransaction<'c> {
    type Target = Transaction<'c>;

    fn deref(&self) -> &Transaction<'c> {
        self.tx
            .as_ref()
            .expect("present until committed or dropped")
    }
}

impl Drop for ImportTransaction<'_> {
    fn drop(&mut self) {
        drop(self.tx.take());
        // Nothing to report to from a drop; a connection that cannot set a pragma has
        // failed in a way its next statement will report. WAL cannot come back while another
        // connection has the file open: then the next one to open it puts it back.
        let _ = self.conn.pragma_update(None, "foreign_keys", true);
        if let Some(bytes) = self.mmap_bytes {
            let _ = self.conn.pragma_update(None, "mmap_size", bytes);
        }
        if self.rollback_journal {
            let _ = set_journal(self.conn, "WAL");
            let _ = self.conn.pragma_update(None, "synchronous", "NORMAL");
        }
    }
}

/// Sets the journal mode; whether it took. It does not while another connection holds the
/// file (SQLite refuses to leave WAL while another connection has it open, and to enter WAL
/// while another's transaction under a rollback journal is under way), nor for an in-memory
/// database, whose journal stays in memory.
fn set_journal(conn: &Connection, mode: &str) -> Result<bool> {
    match conn.pragma_update_and_check(None, "journal_mode", mode, |r| r.get::<_, String>(0)) {
        Ok(now) => Ok(now.eq_ignore_ascii_case(mode)),
        Err(e) if is_locked_sqlite(&e) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// How long a command waits for another process's write lock (or, under a large import's
/// rollback journal, its read lock) before giving up with [`Error::Busy`]: a large import
/// holds it for minutes, and failing after a few seconds only makes the user start over.
pub const WAIT_LIMIT: Duration = Duration::from_secs(600);

/// How long a lock is waited for before [`on_wait`]'s notice: a glossary edit holds one for
/// milliseconds, which is not worth a word.
const QUIET_WAIT: Duration = Duration::from_secs(1);

static ON_WAIT: OnceLock<fn(&Path)> = OnceLock::new();

/// Sets what is told when a command starts waiting for another process that holds a
/// database's lock (the CLI prints a line). Process-wide, like a logger: where notices go is
/// the program's choice, made once; the first call wins.
pub fn on_wait(notice: fn(&Path)) {
    let _ = ON_WAIT.set(notice);
}

/// What [`Store::open_filling`] writes into a database it creates, inside the transaction
/// that creates the tables.
pub type Fill<'a> = &'a dyn Fn(&Transaction<'_>) -> Result<()>;

/// An open concord database.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    read_only: bool,
    wait_limit: Duration,
    /// The database's state when this connection last looked (`data_version`,
    /// `total_changes`): what a cache kept beside the database (`answer::evidence_cache`)
    /// compares to know whether anything was written since.
    last_seen: std::cell::Cell<Option<(i64, u64)>>,
}

impl Store {
    /// Opens the database at `path`, creating the file if needed (not its folder: a folder
    /// that does not exist is more likely a typo than a wish), and migrates it to the current
    /// schema. Returns whether the file held nothing of concord's and was made a database.
    pub fn open(path: &Path) -> Result<(Store, bool)> {
        Store::open_filling(path, &|_| Ok(()))
    }

    /// [`Store::open`], writing `fill` into a database it creates, in the same transaction as
    /// its tables: an interrupted first use leaves a file that holds nothing, which the next
    /// open creates again, never tables without their data. A file an older concord began and
    /// never filled (its tables, no batch and no concept) is filled too.
    ///
    /// A file that is not concord's, or from a newer concord, is refused before a byte of it
    /// is written. A file this process may not write (or whose folder it may not) is opened
    /// read only, when its schema is current.
    pub fn open_filling(path: &Path, fill: Fill) -> Result<(Store, bool)> {
        file::check_path(path)?;
        let existed = path.exists();
        let access = if existed {
            file::access(path)?
        } else {
            file::Access::ReadWrite
        };
        let opened = Store::open_file(path, access, fill);
        if opened.is_err() && !existed {
            // Nothing of it was committed (see above): what is left is an empty file and its
            // journal, which are litter, not a database.
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let _ = std::fs::remove_file(file::sibling(path, suffix));
            }
        }
        opened
    }

    pub(crate) fn open_file(
        path: &Path,
        access: file::Access,
        fill: Fill,
    ) -> Result<(Store, bool)> {
        let mut store = Store {
            conn: file::connect(path, access)?,
            path: Some(path.to_path_buf()),
            read_only: access != file::Access::ReadWrite,
            wait_limit: WAIT_LIMIT,
            last_seen: Default::default(),
        };
        store.conn.busy_timeout(WAIT_LIMIT)?;
        let found = store.waiting(|| file::inspect(&store.conn, path, MIGRATIONS))?;
        let current = matches!(found, Found::Concord { version, .. } if version == SCHEMA_VERSION);
        if store.read_only {
            if !current {
                let what = match found {
                    Found::Nothing => "holds no concord database yet".to_string(),
                    Found::Concord { version, .. } => format!(
                        "is at schema version {version} and must be upgraded to {SCHEMA_VERSION}"
                    ),
                };
                return Err(Error::Schema {
                    path: path.to_path_buf(),
                    message: format!(
                        "{what}, but this process may not write it or its folder: make them writable once"
                    ),
                });
            }
            store.configure()?;
            return Ok((store, false));
        }
        store.configure()?;
        let marked = matches!(found, Found::Concord { marked: true, .. });
        let created = if current && marked {
            false
        } else {
            if found != Found::Nothing {
                // Migrating (or only marking) a damaged file would write into it: checked
                // once, on the way from an older concord's file to this one's.
                health::ensure_sound(&store)?;
            }
            store.upgrade(fill).map_err(|e| e.in_file(path))?
        };
        Ok((store, created))
    }

    /// Opens an existing, current database for reading only, even when this process may
    /// write it (a server started `--read-only`): whatever would write (an edit, an import, a
    /// compiled matcher to keep) fails or is not kept, and the file is left as it was.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        file::check_path(path)?;
        if !path.exists() {
            return Err(Error::NotFound(format!(
                "{} does not exist",
                path.display()
            )));
        }
        let access = match file::access(path)? {
            file::Access::ReadWrite => file::Access::ReadOnly { immutable: false },
            read_only => read_only,
        };
        Ok(Store::open_file(path, access, &|_| Ok(()))?.0)
    }

    /// Opens an existing database as it is, for reading only: not created, not migrated, not
    /// marked, whatever this process may write. What it holds comes with it.
    pub fn open_unchanged(path: &Path) -> Result<(Store, Found)> {
        file::check_path(path)?;
        if !path.exists() {
            return Err(Error::NotFound(format!(
                "{} does not exist",
                path.display()
            )));
        }
        // Opened for writing when it may be, though nothing is written: a read-only
        // connection cannot remove the WAL files it makes when it closes.
        let store = Store {
            conn: file::connect(path, file::access(path)?)?,
            path: Some(path.to_path_buf()),
            read_only: true,
            wait_limit: WAIT_LIMIT,
            last_seen: Default::default(),
        };
        store.conn.busy_timeout(WAIT_LIMIT)?;
        let found = store.waiting(|| file::inspect(&store.conn, path, MIGRATIONS))?;
        Ok((store, found))
    }

    /// A private in-memory database, for tests and dry runs.
    pub fn open_in_memory() -> Result<Store> {
        let mut store = Store {
            conn: Connection::open_in_memory()?,
            path: None,
            read_only: false,
            wait_limit: WAIT_LIMIT,
            last_seen: Default::default(),
        };
        store.configure()?;
        store.upgrade(&|_| Ok(()))?;
        Ok(store)
    }

    /// A private in-memory database holding a copy of `image` (what [`Store::image`] gave):
    /// a copy of bytes, not a load of rows, so a process opens many of them cheaply.
    pub fn from_image(image: &[u8]) -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        conn.deserialize_read_exact(rusqlite::MAIN_DB, image, image.len(), false)?;
        let store = Store {
            conn,
            path: None,
            read_only: false,
            wait_limit: WAIT_LIMIT,
            last_seen: Default::default(),
        };
        if store.schema_version()? != SCHEMA_VERSION {
            return Err(Error::Invalid(
                "an in-memory image from another schema version".into(),
            ));
        }
        store.configure()?;
        Ok(store)
    }

    /// The whole database as bytes, for [`Store::from_image`].
    pub fn image(&self) -> Result<Vec<u8>> {
        Ok(self.conn.serialize(rusqlite::MAIN_DB)?.to_vec())
    }

    fn configure(&self) -> Result<()> {
        if self.path.is_some() && !self.read_only {
            // WAL lets a lookup read while an import writes; NORMAL is durable enough with WAL.
            // A large import runs under a rollback journal and holds the file meanwhile (see
            // `import_transaction`): then this connection works in that mode, waiting for the
            // import's locks like any reader of such a file, and WAL comes back after it.
            set_journal(&self.conn, "WAL")?;
            self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        }
        self.conn.pragma_update(None, "foreign_keys", true)?;
        // A search touches posting blobs and candidate rows all over the file: read them
        // through a memory map and keep a generous page cache, instead of one pread each.
        self.conn.pragma_update(None, "mmap_size", MMAP_BYTES)?;
        self.conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
        Ok(())
    }

    /// Creates or migrates the schema, marks the file as concord's, and fills a file that
    /// holds nothing yet, all in one transaction. Returns whether it filled it.
    fn upgrade(&mut self, fill: Fill) -> Result<bool> {
        let name = self.name();
        let tx = self.begin_write()?;
        // Read again under the write lock: another process may have created or upgraded the
        // file since it was first read.
        let (version, empty) = match file::inspect(&tx, &name, MIGRATIONS)? {
            Found::Nothing => (0, true),
            Found::Concord { version, marked } => (version, !marked && holds_nothing(&tx)?),
        };
        for sql in &MIGRATIONS[version as usize..] {
            tx.execute_batch(sql)?;
        }
        // A new database (version 0) has nothing to rebuild.
        if version > 0 && version < REINDEX_AT as i64 {
            derived::mark_stale(&tx, MEMORY_INDEX)?;
        }
        if empty {
            fill(&tx)?;
        }
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        tx.commit()?;
        Ok(empty)
    }

    /// The file's name for messages.
    fn name(&self) -> PathBuf {
        self.path
            .clone()
            .unwrap_or_else(|| PathBuf::from(":memory:"))
    }

    /// Runs `f`, which takes a lock: when another process holds it, first quietly for a
    /// moment, then, after [`on_wait`]'s notice, up to the wait limit; then a clear error.
    fn waiting<T>(&self, f: impl Fn() -> Result<T>) -> Result<T> {
        let quiet = guard::BusyTimeout::set(&self.conn, QUIET_WAIT.min(self.wait_limit))?;
        match f() {
            Err(e) if is_locked(&e) => {}
            done => return done,
        }
        drop(quiet);
        if let (Some(notice), Some(path)) = (ON_WAIT.get(), &self.path) {
            notice(path);
        }
        let _long = guard::BusyTimeout::set(&self.conn, self.wait_limit)?;
        match f() {
            Err(e) if is_locked(&e) => Err(Error::Busy {
                path: self.name(),
                waited: QUIET_WAIT.min(self.wait_limit) + self.wait_limit,
            }),
            done => done,
        }
    }

    /// A write transaction that holds the write lock from its start (waiting for it as
    /// [`Store::waiting`] says), so that it never fails half way for want of it.
    fn begin_write(&self) -> Result<Transaction<'_>> {
        if self.read_only {
            return Err(Error::Schema {
                path: self.name(),
                message: "this process may not write the file or its folder, so it was opened for reading only".into(),
            });
        }
        self.waiting(|| {
            Ok(Transaction::new_unchecked(
                &self.conn,
                TransactionBehavior::Immediate,
            )?)
        })
    }

    /// How long to wait for another process's lock (see [`WAIT_LIMIT`]).
    pub fn set_wait_limit(&mut self, limit: Duration) -> Result<()> {
        self.wait_limit = limit;
        self.conn.busy_timeout(limit)?;
        Ok(())
    }

    /// Whether it was opened for reading only (the file or its folder is read only).
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// A transaction that rolls back unless committed: one per import, so a failed import
    /// leaves the database exactly as it was.
    pub fn transaction(&mut self) -> Result<Transaction<'_>> {
        self.begin_write()
    }

    /// A transaction for an import that adds only rows whose references it makes itself (a
    /// memory import: each unit's batch, each variant's unit), of about `input_bytes` of
    /// files.
    ///
    /// Foreign keys go unchecked in it, which saves a B-tree search for every row, and are
    /// enforced again after it, whether it is committed or rolled back. It reads the file
    /// without the connection's memory map, which is put back after it too, so that its
    /// memory does not grow with the file.
    ///
    /// From [`ROLLBACK_JOURNAL_FROM`] on, it runs under a rollback journal (synchronous FULL),
    /// and WAL comes back after it. SQLite advises a rollback journal for transactions beyond
    /// a few dozen megabytes: WAL writes each page twice, to the log and then, at the
    /// checkpoint, to the database, and looks every page up in the log's index meanwhile. A
    /// rollback journal copies only the pages that were there before, which a new memory has
    /// none of: a million pairs import in about 20% less time. The price is that other
    /// connections wait for the import's locks, up to the busy timeout, instead of reading
    /// alongside it; when another connection has the file open, the import stays in WAL.
    pub fn import_transaction(&mut self, input_bytes: u64) -> Result<ImportTransaction<'_>> {
        let rollback_journal = input_bytes >= ROLLBACK_JOURNAL_FROM
            && self.path.is_some()
            && set_journal(&self.conn, "DELETE")?;
        let mut import = ImportTransaction {
            conn: &self.conn,
            tx: None,
            rollback_journal,
            mmap_bytes: self
                .conn
                .pragma_query_value(None, "mmap_size", |r| r.get(0))
                .optional()?,
        };
        if rollback_journal {
            self.conn.pragma_update(None, "synchronous", "FULL")?;
        }
        // The pragma is a no-op inside a transaction, so it is set before this one begins.
        self.conn.pragma_update(None, "foreign_keys", false)?;
        // Every page an import reads through the memory map stays in its resident set: with
        // the map, peak RSS grew with the file up to the map's 1 GiB (1.0 GB for 3M pairs).
        // Without it, the page cache bounds what the import holds of the file (0.22 GB for
        // 3M pairs and for 10M).
        if import.mmap_bytes.is_some() {
            self.conn.pragma_update(None, "mmap_size", 0)?;
        }
        // Should this fail, dropping `import` puts the pragmas back.
        import.tx = Some(self.begin_write()?);
        Ok(import)
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Names this database's file in a SQLite error that does not name it yet.
    pub fn in_file(&self, e: Error) -> Error {
        match &self.path {
            Some(p) => e.in_file(p),
            None => e,
        }
    }

    pub(crate) fn last_seen(&self) -> &std::cell::Cell<Option<(i64, u64)>> {
        &self.last_seen
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }
}

/// Records an import batch and returns its id: every concept and unit points to the batch
/// it came from, and so to its file and time.
pub fn new_batch(conn: &Connection, kind: &str, origin: &str, format: Option<&str>) -> Result<i64> {
    conn.prepare_cached("INSERT INTO batch (kind, origin, format) VALUES (?1, ?2, ?3)")?
        .execute((kind, origin, format))?;
    Ok(conn.last_insert_rowid())
}

/// Where the database lives when neither `--db` nor `CONCORD_DB` says: the user's data
/// folder (`~/.local/share/concord/concord.db` on Linux), which is created if need be.
pub fn default_path() -> Result<PathBuf> {
    let dir = dirs::data_dir().map(|d| d.join("concord")).ok_or_else(|| {
        Error::Invalid(
            "cannot find a data folder for the database; pass --db or set CONCORD_DB".into(),
        )
    })?;
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    Ok(dir.join("concord.db"))
}

/// Old database files, for the tests of migrations here and in the layers above.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// A database file built by the first `version` migrations, holding one memory unit (id
    /// 1) and the rows `sql` adds, not yet opened by this version.
    pub(crate) fn file_at_version(version: usize, sql: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        let conn = Connection::open(&path).unwrap();
        for m in &MIGRATIONS[..version] {
            conn.execute_batch(m).unwrap();
        }
        conn.pragma_update(None, "user_version", version as i64)
            .unwrap();
        conn.execute_batch(
            "INSERT INTO batch (id, kind, origin) VALUES (1, 'memory', 'old.tsv');
             INSERT INTO unit (id, hash, batch) VALUES (1, x'01', 1);",
        )
        .unwrap();
        conn.execute_batch(sql).unwrap();
        drop(conn);
        (dir, path)
    }

    /// A file as an older concord left it when its first use was cut short: the tables of
    /// `version`, committed, no rows, no mark.
    pub(crate) fn unfilled_at_version(version: usize) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        let conn = Connection::open(&path).unwrap();
        for m in &MIGRATIONS[..version] {
            conn.execute_batch(m).unwrap();
        }
        conn.pragma_update(None, "user_version", version as i64)
            .unwrap();
        (dir, path)
    }

    /// The migration that added a table, by its `CREATE TABLE` text.
    pub(crate) fn version_creating(table: &str) -> usize {
        MIGRATIONS
            .iter()
            .position(|m| m.contains(&format!("CREATE TABLE {table}")))
            .unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one number a query gives.
    fn number(store: &Store, sql: &str) -> i64 {
        store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
    }

    fn foreign_keys(store: &Store) -> i64 {
        store
            .conn()
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn migrates_a_new_database_to_the_current_version() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        assert_eq!(foreign_keys(&store), 1);
    }

    #[test]
    fn a_database_in_a_folder_that_does_not_exist_is_refused_not_made() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("typo").join("c.db");
        let e = Store::open(&path).err().unwrap().to_string();
        assert!(e.contains("does not exist"), "{e}");
        assert!(!dir.path().join("typo").exists());
    }

    #[test]
    fn reopening_does_not_migrate_twice_and_keeps_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        let (store, created) = Store::open(&path).unwrap();
        assert!(created);
        new_batch(store.conn(), "glossary", "test", None).unwrap();
        drop(store);
        let (store, created) = Store::open(&path).unwrap();
        assert!(!created);
        assert_eq!(number(&store, "SELECT count(*) FROM batch"), 1);
    }

    fn opened_from_version(version: usize, sql: &str) -> (tempfile::TempDir, Store) {
        let (dir, path) = testing::file_at_version(version, sql);
        let (store, _) = Store::open(&path).unwrap();
        (dir, store)
    }

    #[test]
    fn a_version_3_memory_is_marked_for_reindexing_and_a_new_file_is_not() {
        let (_dir, store) = opened_from_version(3, "");
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        assert!(derived::is_stale(store.conn(), MEMORY_INDEX).unwrap());
        let store = Store::open_in_memory().unwrap();
        assert!(!derived::is_stale(store.conn(), MEMORY_INDEX).unwrap());
    }

    #[test]
    fn a_version_5_memory_keeps_its_token_sequences_in_the_variant_rows() {
        let (_dir, store) = opened_from_version(
            5,
            "INSERT INTO variant (id, unit, lang, text) VALUES (1, 1, 'en', 'a b'), (2, 1, 'zh', '甲');
             INSERT INTO tm_seq VALUES (1, x'0102'), (2, x'03');",
        );
        let toks: Vec<Vec<u8>> = store
            .conn()
            .prepare("SELECT toks FROM variant ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(toks, [vec![1, 2], vec![3]]);
        let tables = number(
            &store,
            "SELECT count(*) FROM sqlite_master WHERE name = 'tm_seq'",
        );
        assert_eq!(tables, 0);
    }

    #[test]
    fn foreign_keys_are_enforced_again_after_an_import_transaction() {
        let mut store = Store::open_in_memory().unwrap();
        let orphan = "INSERT INTO variant (unit, lang, text) VALUES (99, 'en', 'x')";
        let tx = store.import_transaction(0).unwrap();
        tx.execute_batch(orphan).unwrap();
        drop(tx);
        assert_eq!(foreign_keys(&store), 1);
        let tx = store.import_transaction(0).unwrap();
        tx.execute_batch("INSERT INTO batch (kind, origin) VALUES ('memory', 'f')")
            .unwrap();
        tx.commit().unwrap();
        assert_eq!(foreign_keys(&store), 1);
        assert_eq!(number(&store, "SELECT count(*) FROM batch"), 1, "committed");
        assert!(store.conn().execute_batch(orphan).is_err());
    }

    fn journal_mode(conn: &Connection) -> String {
        conn.pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn a_large_import_runs_under_a_rollback_journal_and_wal_comes_back() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = Store::open(&dir.path().join("c.db")).unwrap();
        let batch = "INSERT INTO batch (kind, origin) VALUES ('memory', 'f')";
        let tx = store.import_transaction(1 << 20).unwrap();
        assert_eq!(journal_mode(&tx), "wal", "a small import");
        drop(tx);
        for commit in [false, true] {
            let tx = store.import_transaction(ROLLBACK_JOURNAL_FROM).unwrap();
            assert_eq!(journal_mode(&tx), "delete");
            tx.execute_batch(batch).unwrap();
            if commit {
                tx.commit().unwrap();
            } else {
                drop(tx);
            }
            assert_eq!(journal_mode(store.conn()), "wal", "commit {commit}");
            assert_eq!(number(&store, "PRAGMA synchronous"), 1, "NORMAL");
            assert_eq!(foreign_keys(&store), 1);
            let batches = number(&store, "SELECT count(*) FROM batch");
            assert_eq!(batches, commit as i64, "commit {commit}");
        }
    }

    #[test]
    fn an_import_reads_without_the_memory_map_which_comes_back_after_it() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = Store::open(&dir.path().join("c.db")).unwrap();
        assert_eq!(number(&store, "PRAGMA mmap_size"), MMAP_BYTES);
        for (input, commit) in [(0, true), (ROLLBACK_JOURNAL_FROM, true), (0, false)] {
            let tx = store.import_transaction(input).unwrap();
            let inside: i64 = tx
                .pragma_query_value(None, "mmap_size", |r| r.get(0))
                .unwrap();
            assert_eq!(inside, 0, "{input} bytes");
            if commit {
                tx.commit().unwrap();
            } else {
                drop(tx);
            }
            assert_eq!(
                number(&store, "PRAGMA mmap_size"),
                MMAP_BYTES,
                "{input} bytes, commit {commit}"
            );
        }
    }

    #[test]
    fn a_large_import_stays_in_wal_while_another_connection_has_the_file_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        let (mut store, _) = Store::open(&path).unwrap();
        let (other, _) = Store::open(&path).unwrap();
        let tx = store.import_transaction(ROLLBACK_JOURNAL_FROM).unwrap();
        assert_eq!(journal_mode(&tx), "wal");
        tx.execute_batch("INSERT INTO batch (kind, origin) VALUES ('memory', 'f')")
            .unwrap();
        tx.commit().unwrap();
        assert_eq!(number(&other, "SELECT count(*) FROM batch"), 1);
    }

    #[test]
    fn a_store_opens_and_reads_while_a_large_import_is_under_way() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        let (mut store, _) = Store::open(&path).unwrap();
        let tx = store.import_transaction(ROLLBACK_JOURNAL_FROM).unwrap();
        tx.execute_batch("INSERT INTO batch (kind, origin) VALUES ('memory', 'f')")
            .unwrap();
        // It cannot put WAL on the file now, and works in the import's mode.
        let (reader, _) = Store::open(&path).unwrap();
        assert_eq!(number(&reader, "SELECT count(*) FROM batch"), 0);
        tx.commit().unwrap();
        assert_eq!(number(&reader, "SELECT count(*) FROM batch"), 1);
        drop(reader);
        let (again, _) = Store::open(&path).unwrap();
        assert_eq!(journal_mode(again.conn()), "wal");
    }

    #[test]
    fn a_version_6_memory_finds_its_variants_by_range() {
        let (_dir, store) = opened_from_version(
            6,
            "INSERT INTO unit (id, hash, batch) VALUES (2, x'02', 1);
             INSERT INTO variant (id, unit, lang, text) VALUES
                 (1, 1, 'en', 'One.'), (2, 1, 'zh', '一。'),
                 (3, 2, 'en', 'Two.'), (4, 2, 'de', 'Zwei.'), (5, 2, 'zh', '二。');",
        );
        let ranges: Vec<(i64, i64)> = store
            .conn()
            .prepare("SELECT first_variant, last_variant FROM unit ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(ranges, [(1, 2), (3, 5)]);
        let texts: Vec<String> = store
            .conn()
            .prepare("SELECT v.text FROM unit u JOIN variant v ON v.id BETWEEN u.first_variant AND u.last_variant WHERE u.id = 2 ORDER BY v.id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(texts, ["Two.", "Zwei.", "二。"]);
    }

    #[test]
    fn refuses_a_newer_schema() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        drop(Store::open(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        drop(conn);
        let err = Store::open(&path).err().unwrap().to_string();
        assert!(err.contains("made by a newer concord"), "{err}");
    }

    #[test]
    fn a_dropped_transaction_rolls_back() {
        let mut store = Store::open_in_memory().unwrap();
        {
            let tx = store.transaction().unwrap();
            new_batch(&tx, "glossary", "x", None).unwrap();
        }
        assert_eq!(number(&store, "SELECT count(*) FROM batch"), 0);
    }

    fn application_id(conn: &Connection) -> i32 {
        conn.pragma_query_value(None, "application_id", |r| r.get(0))
            .unwrap()
    }

    fn batch_count(path: &Path) -> i64 {
        let (store, _) = Store::open(path).unwrap();
        number(&store, "SELECT count(*) FROM batch")
    }

    fn one_batch(tx: &Transaction<'_>) -> Result<()> {
        new_batch(tx, "glossary", "fill", None).map(drop)
    }

    #[test]
    fn an_interrupted_creation_leaves_nothing_and_the_next_open_fills_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let failing = |tx: &Transaction<'_>| {
            one_batch(tx)?;
            Err(Error::Invalid("the disk is full".into()))
        };
        // An existing empty file given as the database: it stays, holding nothing.
        let path = dir.path().join("empty.db");
        std::fs::File::create(&path).unwrap();
        assert!(Store::open_filling(&path, &failing).is_err());
        let (_, found) = Store::open_unchanged(&path).unwrap();
        assert_eq!(found, Found::Nothing, "no tables without their data");
        let (store, filled) = Store::open_filling(&path, &one_batch).unwrap();
        assert!(filled);
        assert_eq!(application_id(store.conn()), APPLICATION_ID);
        drop(store);
        assert_eq!(batch_count(&path), 1);
        let (_, filled) = Store::open_filling(&path, &one_batch).unwrap();
        assert!(!filled, "filled once");
        // A new file is not left behind.
        let path = dir.path().join("new.db");
        assert!(Store::open_filling(&path, &failing).is_err());
        assert!(!path.exists() && !file::sibling(&path, "-wal").exists());
    }

    #[test]
    fn a_file_an_older_concord_created_but_never_filled_is_filled_and_marked() {
        let (_dir, path) = testing::unfilled_at_version(SCHEMA_VERSION as usize);
        let (store, filled) = Store::open_filling(&path, &one_batch).unwrap();
        assert!(filled);
        assert_eq!(application_id(store.conn()), APPLICATION_ID);
        // An older file with data is marked, and its data left as they were.
        let (_dir, path) = testing::file_at_version(5, "");
        let (store, filled) = Store::open_filling(&path, &one_batch).unwrap();
        assert!(!filled);
        assert_eq!(application_id(store.conn()), APPLICATION_ID);
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        assert_eq!(number(&store, "SELECT count(*) FROM batch"), 1);
    }

    /// A hash of the file's bytes, and which of its journal files exist.
    fn snapshot(path: &Path) -> (u64, Vec<bool>) {
        let journals = ["-wal", "-shm", "-journal"]
            .iter()
            .map(|s| file::sibling(path, s).exists())
            .collect();
        let mut h = std::hash::DefaultHasher::new();
        std::hash::Hash::hash(&std::fs::read(path).unwrap(), &mut h);
        (std::hash::Hasher::finish(&h), journals)
    }

    #[test]
    fn another_applications_sqlite_file_is_refused_without_a_byte_written() {
        let dir = tempfile::tempdir().unwrap();
        let cases = [
            // Its tables clash with concord's.
            (
                "clash.db",
                "CREATE TABLE batch (x); CREATE TABLE notes (y);",
            ),
            (
                "tables.db",
                "CREATE TABLE notes (y); INSERT INTO notes VALUES (1);",
            ),
            ("marked.db", "PRAGMA application_id = 1196444487;"),
        ];
        for (name, sql) in cases {
            let path = dir.path().join(name);
            Connection::open(&path).unwrap().execute_batch(sql).unwrap();
            let before = snapshot(&path);
            let e = Store::open(&path).err().unwrap().to_string();
            assert!(
                e.contains(name) && e.contains("not a concord database"),
                "{name}: {e}"
            );
            assert!(
                e.len() < 300,
                "{name}: no migration SQL in the message: {e}"
            );
            assert_eq!(snapshot(&path), before, "{name}");
        }
    }

    #[test]
    fn a_negative_schema_version_is_refused_not_taken_for_a_current_one() {
        let dir = tempfile::tempdir().unwrap();
        for (name, tables) in [("blank.db", false), ("concord.db", true)] {
            let path = dir.path().join(name);
            if tables {
                drop(Store::open(&path).unwrap());
            }
            Connection::open(&path)
                .unwrap()
                .pragma_update(None, "user_version", -1)
                .unwrap();
            let before = snapshot(&path);
            let e = Store::open(&path).err().unwrap().to_string();
            assert!(e.contains("schema version is -1"), "{e}");
            assert_eq!(snapshot(&path), before);
        }
    }

    /// What the wait notice was given, in this test process.
    static NOTICES: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

    fn record(path: &Path) {
        NOTICES.lock().unwrap().push(path.to_path_buf());
    }

    #[test]
    fn a_writer_that_finds_another_writing_says_so_and_gives_up_after_its_limit() {
        on_wait(record);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        let (mut holder, _) = Store::open(&path).unwrap();
        let (mut second, _) = Store::open(&path).unwrap();
        second.set_wait_limit(Duration::from_millis(50)).unwrap();
        let held = holder.transaction().unwrap();
        let e = second.transaction().err().unwrap();
        assert!(matches!(e, Error::Busy { .. }), "{e:?}");
        let said = e.to_string();
        assert!(said.contains(&path.display().to_string()), "{said}");
        assert!(said.contains("still writing it"), "{said}");
        assert!(NOTICES.lock().unwrap().contains(&path));
        drop(held);
        second.transaction().unwrap().commit().unwrap();
    }
}
