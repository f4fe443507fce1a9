//! The memory on PostgreSQL (first slice of the team store): connect, migrate, import, and
//! the reads search, concordance and stats make, behind the same seam as SQLite
//! ([`MemoryRead`]), so both stores give the same exact scores and top k.
//!
//! The driver is `postgres`, the synchronous face of tokio-postgres: the library's front
//! doors are synchronous (the server runs them on blocking threads), so an async driver would
//! need a runtime of its own under every call; `postgres` keeps exactly that, inside.
//!
//! The layout mirrors SQLite's (see `memory::index`): a vocabulary (`tm_token`, with each
//! token's document frequency), each segment's token ids as a varint sequence
//! (`variant.toks`), and each token's posting list, delta- and varint-coded, in chunks
//! (`tm_posting`). An import appends a chunk per list instead of rewriting the last one, so
//! the rows it writes go through COPY. Token and variant ids are numbered by the importing
//! process, so imports take turns (a transaction-scoped advisory lock); readers never wait.
//! A unit's hash is unique, so no unit is stored twice whatever a client does.

pub mod glossary;
pub mod import;

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};

use postgres::error::SqlState;
use postgres::{Client, NoTls, Statement, types::ToSql};

use crate::error::{Error, Result};
use crate::memory::MemoryStats;
use crate::memory::db::{LangUse, StoredUnit, meta_from, pair_name};
use crate::memory::index;
use crate::memory::read::{Candidate, HitRows, MemoryRead, UnitHead};
use crate::model::memory::{Segment, Unit, Variant};
use crate::text::LangTag;

pub use import::import_memory;

/// Whether a `--db` value names a PostgreSQL database rather than a file.
pub fn is_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// A URL as reports and messages show it: without its password, if it has one.
pub fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority = &rest[..rest.find('/').unwrap_or(rest.len())];
    if let Some(at) = authority.rfind('@')
        && let Some((user, _)) = authority[..at].split_once(':')
    {
        return format!("{scheme}://{user}:***@{}", &rest[at + 1..]);
    }
    url.to_string()
}

/// The schema, one migration per version, applied in order on connect. Never edit one that
/// has shipped: add the next.
const MIGRATIONS: &[&str] = &[
    // 1: the memory.
    r#"
    CREATE TABLE batch (
        id bigserial PRIMARY KEY,
        kind text NOT NULL,
        origin text NOT NULL,
        format text,
        time timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE unit (
        id bigint PRIMARY KEY,
        hash bytea NOT NULL UNIQUE,
        batch bigint NOT NULL REFERENCES batch (id),
        line bigint,
        srclang text,
        state text,
        meta text,
        first_variant bigint NOT NULL,
        last_variant bigint NOT NULL
    );
    CREATE TABLE variant (
        id bigint PRIMARY KEY,
        unit bigint NOT NULL REFERENCES unit (id),
        lang text NOT NULL,
        text text NOT NULL,
        markup text,
        meta text,
        toks bytea
    );
    -- "C": tokens compare byte by byte, as SQLite's do, so a prefix is a range of the index.
    CREATE TABLE tm_token (
        id integer PRIMARY KEY,
        lang text COLLATE "C" NOT NULL,
        token text COLLATE "C" NOT NULL,
        df bigint NOT NULL,
        UNIQUE (token, lang)
    );
    CREATE TABLE tm_posting (
        token integer NOT NULL,
        chunk bigserial,
        data bytea NOT NULL,
        PRIMARY KEY (token, chunk)
    );
    CREATE TABLE tm_lang (
        lang text PRIMARY KEY,
        segments bigint NOT NULL
    );
    "#,
    // 2: the glossary (see `glossary`).
    glossary::MIGRATION,
    // 3: the memory's rows without foreign keys. Their per-row checks (a trigger querying the
    // parent for each variant and each unit) were 60-70% of the COPY of the unit and variant
    // rows, the bulk of a large import. The only writers of these rows are the import and
    // `migrate`, which make each row's parent in the same transaction, as SQLite's import,
    // which turns its foreign keys off, does; `doctor` names any orphan that SQL run by hand
    // leaves, as it does for `tm_posting.token`, which never had a foreign key.
    r#"
    ALTER TABLE variant DROP CONSTRAINT IF EXISTS variant_unit_fkey;
    ALTER TABLE unit DROP CONSTRAINT IF EXISTS unit_batch_fkey;
    "#,
];

/// The advisory lock keys: one for migrating, one for importing (any two distinct numbers
/// another application is unlikely to take).
const MIGRATE_LOCK: i64 = 0x636f_6e63_6f72_6401;
pub(crate) const IMPORT_LOCK: i64 = 0x636f_6e63_6f72_6402;

/// A unit's import batch, the batch's origin and format, and the unit's id.
pub type UnitBatch = (i64, String, Option<String>, i64);

/// A connection to a PostgreSQL store, migrated. Reads go through [`MemoryRead`].
pub struct PgStore {
    client: RefCell<Client>,
    /// Prepared statements by their SQL: each is prepared once per connection.
    statements: RefCell<HashMap<&'static str, Statement>>,
    /// Nesting depth of [`MemoryRead::snapshot`]: only the outermost opens a transaction.
    depth: Cell<u32>,
    /// Round trips to the server made through the reads (see [`PgStore::round_trips`]).
    trips: Cell<u64>,
    /// Sequences read ahead by [`MemoryRead::prefetch_sequences`].
    sequences: RefCell<Sequences>,
    /// Segments to score read ahead by [`MemoryRead::prefetch_candidates`] (`None`: no such
    /// segment). Like `sequences`, kept only for the snapshot that read them.
    candidates: RefCell<HashMap<i64, Option<Candidate>>>,
    /// Posting chunks already read, kept across searches (see [`Chunks`]).
    chunks: RefCell<Chunks>,
    /// The chunk keys of tokens' lists read by [`MemoryRead::token_ids_to_search`], kept only
    /// for the snapshot that read them (another snapshot may see other chunks).
    keys: RefCell<HashMap<u32, Vec<ChunkKey>>>,
    /// This connection's replica of the glossary, once it is used (see [`glossary`]).
    glossary: Option<glossary::Replica>,
    /// The URL without its password, and the wait limit set: what [`PgStore::busy_if_locked`]
    /// tells.
    name: String,
    wait_limit: Option<std::time::Duration>,
}

impl PgStore {
    /// Connects and brings the schema up to date (in one transaction, one migrating process
    /// at a time).
    pub fn connect(url: &str) -> Result<PgStore> {
        let mut client = reach(url)?;
        migrate(&mut client)?;
        Ok(PgStore::with(url, client))
    }

    /// Connects without writing anything, not even a migration (`serve --read-only`): the
    /// schema must be this concord's, else a clear error; and the session's transactions are
    /// read only, so that PostgreSQL itself refuses any write made through it.
    pub fn connect_read_only(url: &str) -> Result<PgStore> {
        let mut client = reach(url)?;
        client.batch_execute("SET default_transaction_read_only = on")?;
        let version = stored_version(&mut client)?;
        let known = MIGRATIONS.len() as i32;
        let refused = |message: String| Error::Schema {
            path: redacted(url).into(),
            message,
        };
        match version {
            None => Err(refused(
                "no concord store here (no concord_schema table); read only, concord creates nothing: run a command without --read-only once to set it up (concord --db URL tm stats)".into(),
            )),
            Some(v) if v < known => Err(refused(format!(
                "the store is at schema version {v}, older than this concord's ({known}); read only, concord does not migrate it: run a command without --read-only once (concord --db URL tm stats), or serve with the concord that wrote it"
            ))),
            Some(v) if v > known => Err(refused(newer(v, known))),
            Some(_) => Ok(PgStore::with(url, client)),
        }
    }

    /// Connects without migrating or writing anything (`doctor --check-only`), and says
    /// which schema version the database holds: `None` when it holds no concord store. A
    /// store from a newer concord is refused, as on connect.
    pub fn connect_unchanged(url: &str) -> Result<(PgStore, Option<i64>)> {
        let mut client = reach(url)?;
        let version = stored_version(&mut client)?;
        let known = MIGRATIONS.len() as i32;
        if let Some(v) = version.filter(|&v| v > known) {
            return Err(Error::Invalid(newer(v, known)));
        }
        Ok((PgStore::with(url, client), version.map(i64::from)))
    }

    /// The URL as reports show it, without its password.
    pub fn name(&self) -> &str {
        &self.name
    }

    fn with(url: &str, client: Client) -> PgStore {
        PgStore {
            client: RefCell::new(client),
            statements: RefCell::new(HashMap::new()),
            depth: Cell::new(0),
            trips: Cell::new(0),
            sequences: RefCell::new(Sequences::default()),
            candidates: RefCell::new(HashMap::new()),
            chunks: RefCell::new(Chunks::default()),
            keys: RefCell::new(HashMap::new()),
            glossary: None,
            name: redacted(url),
            wait_limit: None,
        }
    }

    /// How long this connection waits for a lock (another import's) before its statement
    /// fails, as SQLite's `set_wait_limit`: a server's write must fail before its request
    /// times out, or it would be made after the client was told it failed.
    pub fn set_wait_limit(&mut self, wait: std::time::Duration) -> Result<()> {
        let sql = format!("SET lock_timeout = {}", wait.as_millis());
        self.client.get_mut().batch_execute(&sql)?;
        self.wait_limit = Some(wait);
        Ok(())
    }

    /// `e` as [`Error::Busy`] when it is PostgreSQL giving up on a lock after the wait limit
    /// (another import held it), as SQLite's is: a server answers 503 and "try again", not a
    /// 500.
    pub fn busy_if_locked(&self, e: Error) -> Error {
        match e {
            Error::Postgres(pe) if pe.code() == Some(&SqlState::LOCK_NOT_AVAILABLE) => {
                Error::Busy {
                    path: self.name.clone().into(),
                    waited: self.wait_limit.unwrap_or_default(),
                }
            }
            e => e,
        }
    }

    /// Whether the connection to the server is gone.
    pub fn is_closed(&self) -> bool {
        self.client.borrow().is_closed()
    }

    /// The connection, for the import (which runs its own transaction).
    pub(crate) fn client(&self) -> std::cell::RefMut<'_, Client> {
        self.client.borrow_mut()
    }

    /// How many round trips to the server this connection's reads have made (statements
    /// prepared, queries, and the snapshot's BEGIN and COMMIT): a cost of a search that, unlike
    /// its time, the load of a shared machine does not change, for benchmarks and tests.
    pub fn round_trips(&self) -> u64 {
        self.trips.get()
    }

    fn trip(&self) {
        self.trips.set(self.trips.get() + 1);
    }

    fn statement(&self, sql: &'static str) -> Result<Statement> {
        if let Some(s) = self.statements.borrow().get(sql) {
            return Ok(s.clone());
        }
        self.trip();
        let s = self.client.borrow_mut().prepare(sql)?;
        self.statements.borrow_mut().insert(sql, s.clone());
        Ok(s)
    }

    fn query(
        &self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<postgres::Row>> {
        let stmt = self.statement(sql)?;
        self.trip();
        Ok(self.client.borrow_mut().query(&stmt, params)?)
    }

    fn query_opt(
        &self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<postgres::Row>> {
        let stmt = self.statement(sql)?;
        self.trip();
        Ok(self.client.borrow_mut().query_opt(&stmt, params)?)
    }

    fn query_one(
        &self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<postgres::Row> {
        let stmt = self.statement(sql)?;
        self.trip();
        Ok(self.client.borrow_mut().query_one(&stmt, params)?)
    }

    /// Every unit's import batch, origin, format and id, in id order (for a move to a file).
    pub fn unit_batches(&self) -> Result<Vec<UnitBatch>> {
        Ok(self
            .query(
                "SELECT u.batch, b.origin, b.format, u.id FROM unit u JOIN batch b ON b.id = u.batch ORDER BY u.id",
                &[],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect())
    }

    /// Calls `f` with every unit whose id lies in `ids`, in id order, each with its segments,
    /// as `memory::db::for_each_unit_between` reads a file's: streamed, never held whole.
    pub fn for_each_unit_between(
        &self,
        ids: std::ops::RangeInclusive<i64>,
        mut f: impl FnMut(Unit) -> Result<()>,
    ) -> Result<()> {
        self.units_where(
            "SELECT u.id, u.line, u.srclang, u.state, u.meta, b.origin, v.lang, v.text, v.markup, v.meta FROM unit u JOIN batch b ON b.id = u.batch JOIN variant v ON v.unit = u.id WHERE u.id BETWEEN $1 AND $2 ORDER BY u.id, v.id",
            &[ids.start(), ids.end()],
            &mut |u| f(u.unit),
        )
    }

    /// Streams the rows of a unit-ordered query (unit id, line, srclang, state, meta, origin,
    /// then each segment's lang, text, markup, meta) to `f` a unit at a time, as SQLite's
    /// `memory::db` gathers them.
    fn units_where(
        &self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
        f: &mut dyn FnMut(StoredUnit) -> Result<()>,
    ) -> Result<()> {
        let stmt = self.statement(sql)?;
        self.trip();
        let mut client = self.client.borrow_mut();
        let mut rows = client.query_raw(&stmt, params.iter().copied())?;
        let mut current: Option<StoredUnit> = None;
        while let Some(r) = postgres::fallible_iterator::FallibleIterator::next(&mut rows)? {
            let id: i64 = r.get(0);
            if current.as_ref().is_some_and(|c| c.id != id)
                && let Some(done) = current.take()
            {
                f(done)?;
            }
            let unit = current.get_or_insert_with(|| StoredUnit {
                id,
                unit: Unit {
                    variants: Vec::new(),
                    srclang: r
                        .get::<_, Option<String>>(2)
                        .and_then(|s| LangTag::parse(&s).ok()),
                    state: r.get(3),
                    meta: meta_from(r.get(4)),
                    line: r.get::<_, Option<i64>>(1).unwrap_or(0) as u64,
                },
                origin: r.get(5),
            });
            let lang: String = r.get(6);
            unit.unit.variants.push(Variant {
                lang: LangTag::parse(&lang).unwrap_or_else(|_| LangTag::any()),
                text: r.get(7),
                markup: r.get(8),
                meta: meta_from(r.get(9)),
            });
        }
        if let Some(done) = current {
            f(done)?;
        }
        Ok(())
    }

    /// `tm stats`: units per language pair and per origin, as [`crate::memory::stats`].
    /// The keys of the chunks of `tokens`' lists this snapshot sees, each token's in chunk
    /// order: those [`MemoryRead::token_ids_to_search`] read in this snapshot, else read now
    /// (from the index and the heap, no data: cheap).
    fn chunk_keys(&self, tokens: &[u32]) -> Result<HashMap<u32, Vec<ChunkKey>>> {
        {
            let known = self.keys.borrow();
            if self.depth.get() > 0 && tokens.iter().all(|t| known.contains_key(t)) {
                return Ok(tokens.iter().map(|t| (*t, known[t].clone())).collect());
            }
        }
        let ids: Vec<i32> = tokens.iter().map(|&t| t as i32).collect();
        let mut keys: HashMap<u32, Vec<ChunkKey>> = HashMap::new();
        for r in self.query(
            "SELECT token, chunk, xmin::text::bigint FROM tm_posting WHERE token = ANY($1) ORDER BY token, chunk",
            &[&ids],
        )? {
            keys.entry(r.get::<_, i32>(0) as u32)
                .or_default()
                .push((r.get(1), r.get(2)));
        }
        Ok(keys)
    }

    /// Each chunk of `tokens`' lists, passed to `f` with the token's place in `tokens`: the
    /// tokens in the order asked, each token's chunks in order (a list's postings come out
    /// sorted). The data of chunks not read before comes in one query; the rest from
    /// [`Chunks`].
    fn each_chunk(&self, tokens: &[u32], mut f: impl FnMut(usize, &[u8])) -> Result<()> {
        let keys = self.chunk_keys(tokens)?;
        let missing: Vec<(i32, i64)> = {
            let cache = self.chunks.borrow();
            keys.iter()
                .flat_map(|(&t, ks)| ks.iter().map(move |k| (t, k)))
                .filter(|(_, k)| !cache.data.contains_key(k))
                .map(|(t, &(c, _))| (t as i32, c))
                .collect()
        };
        let mut fresh: HashMap<ChunkKey, Vec<u8>> = HashMap::new();
        if !missing.is_empty() {
            let (ts, cs): (Vec<i32>, Vec<i64>) = missing.into_iter().unzip();
            for r in self.query(
                "SELECT chunk, xmin::text::bigint, data FROM tm_posting WHERE token = ANY($1) AND chunk = ANY($2)",
                &[&ts, &cs],
            )? {
                fresh.insert((r.get(0), r.get(1)), r.get(2));
            }
        }
        let mut cache = self.chunks.borrow_mut();
        for (i, t) in tokens.iter().enumerate() {
            for key in keys.get(t).map_or(&[][..], Vec::as_slice) {
                match fresh.get(key).or_else(|| cache.data.get(key)) {
                    Some(data) => f(i, data),
                    // Rewritten between the two reads (outside a snapshot; a rewrite gives
                    // the row a new xmin): an error, never a list made of two versions.
                    None => {
                        return Err(Error::Invalid(format!(
                            "posting chunk {} changed while it was read",
                            key.0
                        )));
                    }
                }
            }
        }
        // Kept only once used: the budget never drops a chunk this read still needs.
        for (key, data) in fresh {
            cache.keep(key, data);
        }
        Ok(())
    }

    pub fn stats(&self) -> Result<MemoryStats> {
        let mut s = MemoryStats::default();
        let row = self.query_one(
            "SELECT (SELECT count(*) FROM unit), (SELECT count(*) FROM variant)",
            &[],
        )?;
        (s.units, s.variants) = (row.get(0), row.get(1));
        for row in self.query(
            "SELECT langs, count(*) FROM (SELECT string_agg(DISTINCT lang, ',') AS langs FROM variant GROUP BY unit) p GROUP BY langs",
            &[],
        )? {
            let langs: String = row.get(0);
            *s.by_pair.entry(pair_name(langs.split(','))).or_default() += row.get::<_, i64>(1);
        }
        for row in self.query(
            "SELECT b.origin, count(*) FROM unit u JOIN batch b ON b.id = u.batch GROUP BY b.origin",
            &[],
        )? {
            *s.by_origin.entry(row.get(0)).or_default() += row.get::<_, i64>(1);
        }
        Ok(s)
    }
}

/// Connects and checks the database's encoding.
fn reach(url: &str) -> Result<Client> {
    let mut client = Client::connect(url, NoTls)?;
    // concord's reads are index lookups: compiling one (JIT, past a cost PostgreSQL guesses
    // for a batch of ids) takes longer than running it.
    client.batch_execute("SET jit = off")?;
    let encoding: String = client.query_one("SHOW server_encoding", &[])?.get(0);
    if encoding != "UTF8" {
        return Err(Error::Invalid(format!(
            "the PostgreSQL database's encoding is {encoding}; concord needs UTF8 (CREATE DATABASE ... ENCODING 'UTF8')"
        )));
    }
    Ok(client)
}

/// The schema version this concord migrates a PostgreSQL store to.
pub fn schema_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// The schema version the database holds, read without writing: `None` when it holds no
/// concord store (no `concord_schema` table, or one without its row).
fn stored_version(client: &mut Client) -> Result<Option<i32>> {
    match client.query_opt("SELECT version FROM concord_schema", &[]) {
        Ok(row) => Ok(row.map(|r| r.get::<_, i32>(0))),
        Err(e) if e.code() == Some(&SqlState::UNDEFINED_TABLE) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

fn newer(version: i32, known: i32) -> String {
    format!(
        "the PostgreSQL store is at schema version {version}, newer than this concord knows ({known}): upgrade concord"
    )
}

/// Applies the migrations the database lacks, recording the version reached.
fn migrate(client: &mut Client) -> Result<()> {
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATE_LOCK])?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS concord_schema (version integer NOT NULL)")?;
    let version: i32 = match tx.query_opt("SELECT version FROM concord_schema", &[])? {
        Some(row) => row.get(0),
        None => {
            tx.execute("INSERT INTO concord_schema (version) VALUES (0)", &[])?;
            0
        }
    };
    let known = MIGRATIONS.len() as i32;
    if version > known {
        return Err(Error::Invalid(newer(version, known)));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        tx.batch_execute(sql)?;
        tx.execute("UPDATE concord_schema SET version = $1", &[&(i as i32 + 1)])?;
    }
    tx.commit()?;
    Ok(())
}

impl MemoryRead for PgStore {
    fn snapshot<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        let outer = self.depth.get() == 0;
        if outer {
            self.trip();
            self.client
                .borrow_mut()
                .batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")?;
        }
        self.depth.set(self.depth.get() + 1);
        let out = f();
        self.depth.set(self.depth.get() - 1);
        if outer {
            self.sequences.borrow_mut().clear();
            self.candidates.borrow_mut().clear();
            self.keys.borrow_mut().clear();
            let end = if out.is_ok() { "COMMIT" } else { "ROLLBACK" };
            self.trip();
            self.client.borrow_mut().batch_execute(end)?;
        }
        out
    }

    fn languages(&self) -> Result<Vec<(String, i64)>> {
        Ok(self
            .query(
                "SELECT lang, segments FROM tm_lang ORDER BY segments DESC",
                &[],
            )?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect())
    }

    fn token_id(&self, lang: &str, token: &str) -> Result<Option<(u32, u64)>> {
        Ok(self
            .query_opt(
                "SELECT id, df FROM tm_token WHERE token = $1 AND lang = $2",
                &[&token, &lang],
            )?
            .map(|r| id_df(&r)))
    }

    fn tokens_equal(&self, token: &str) -> Result<Vec<(u32, u64)>> {
        Ok(self
            .query("SELECT id, df FROM tm_token WHERE token = $1", &[&token])?
            .iter()
            .map(id_df)
            .collect())
    }

    fn tokens_prefixed(&self, prefix: &str) -> Result<Vec<(u32, u64)>> {
        // Byte order ("C"), as SQLite's: U+10FFFF sorts after every other character.
        let end = format!("{prefix}\u{10FFFF}");
        Ok(self
            .query(
                "SELECT id, df FROM tm_token WHERE token >= $1 AND token < $2",
                &[&prefix, &end],
            )?
            .iter()
            .map(id_df)
            .collect())
    }

    fn tokens_containing(
        &self,
        part: &str,
        keep: &mut dyn FnMut(&str) -> bool,
    ) -> Result<Vec<(u32, u64)>> {
        Ok(self
            .query(
                "SELECT id, df, token FROM tm_token WHERE strpos(token, $1) > 0",
                &[&part],
            )?
            .iter()
            .filter(|r| keep(r.get(2)))
            .map(id_df)
            .collect())
    }

    fn postings(&self, token: u32, out: &mut Vec<u64>) -> Result<()> {
        out.extend(self.postings_of(&[token])?.remove(0));
        Ok(())
    }

    fn postings_of(&self, tokens: &[u32]) -> Result<Vec<Vec<u64>>> {
        let mut lists = vec![Vec::new(); tokens.len()];
        self.each_chunk(tokens, |i, data| {
            // A posting takes at least a byte: room for all of them at once, not a copy of
            // a long list each time it doubles (pages never written are never touched).
            lists[i].reserve(data.len());
            index::decode_into(data, &mut lists[i])
        })?;
        Ok(lists)
    }

    fn each_posting_of<F: FnMut(u64)>(&self, tokens: &[u32], mut f: F) -> Result<()> {
        self.each_chunk(tokens, |_, data| index::decode_each(data, &mut f))
    }

    fn token_ids_to_search(&self, lang: &str, tokens: &[&str]) -> Result<Vec<Option<(u32, u64)>>> {
        if self.depth.get() == 0 {
            return self.token_ids(lang, tokens);
        }
        // The chunk keys of every token with the ids, in the same round trip: the search's
        // reads of posting lists then need no round trip of their own for the keys, and none
        // at all for chunks this connection has read before.
        let rows = self.query(
            "SELECT t.token, t.id, t.df, k.chunks, k.xmins FROM tm_token t CROSS JOIN LATERAL (SELECT array_agg(p.chunk ORDER BY p.chunk) AS chunks, array_agg(p.xmin::text::bigint ORDER BY p.chunk) AS xmins FROM tm_posting p WHERE p.token = t.id) k WHERE t.lang = $1 AND t.token = ANY($2)",
            &[&lang, &tokens],
        )?;
        let mut found: HashMap<String, (u32, u64)> = HashMap::new();
        let mut keys = self.keys.borrow_mut();
        for r in rows {
            let (id, df) = (r.get::<_, i32>(1) as u32, r.get::<_, i64>(2) as u64);
            let chunks: Vec<i64> = r.get::<_, Option<Vec<i64>>>(3).unwrap_or_default();
            let xmins: Vec<i64> = r.get::<_, Option<Vec<i64>>>(4).unwrap_or_default();
            keys.insert(id, chunks.into_iter().zip(xmins).collect());
            found.insert(r.get(0), (id, df));
        }
        Ok(tokens.iter().map(|t| found.get(*t).copied()).collect())
    }

    fn reads_ahead(&self) -> bool {
        true
    }

    /// The memory only grows, an import at a time (each takes the import lock before its
    /// batch row, so batch ids follow commit order): the newest batch and the transaction that
    /// wrote it, which a store dropped and made anew at the same address does not share.
    fn memory_stamp(&self) -> Result<Option<(i64, i64)>> {
        let rows = self.query(
            "SELECT id, xmin::text::bigint FROM batch ORDER BY id DESC LIMIT 1",
            &[],
        )?;
        Ok(Some(rows.first().map_or((0, 0), |r| (r.get(0), r.get(1)))))
    }

    fn postings_newest_first(
        &self,
        token: u32,
        f: &mut dyn FnMut(&[u64]) -> Result<bool>,
    ) -> Result<()> {
        // The chunks' keys first, then one chunk at a time: a common token's newest chunk is
        // often all a concordance needs.
        let chunks = self.query(
            "SELECT chunk FROM tm_posting WHERE token = $1 ORDER BY chunk DESC",
            &[&(token as i32)],
        )?;
        let mut buf = Vec::new();
        for c in chunks {
            let chunk: i64 = c.get(0);
            let row = self.query_one(
                "SELECT data FROM tm_posting WHERE token = $1 AND chunk = $2",
                &[&(token as i32), &chunk],
            )?;
            buf.clear();
            index::decode_into(row.get(0), &mut buf);
            if !f(&buf)? {
                break;
            }
        }
        Ok(())
    }

    fn prefetch_sequences(&self, variants: &[i64]) -> Result<()> {
        let want: Vec<i64> = {
            let have = self.sequences.borrow();
            variants
                .iter()
                .copied()
                .filter(|v| !have.at.contains_key(v))
                .collect()
        };
        if want.is_empty() {
            return Ok(());
        }
        if self.depth.get() > 0 && want.len() <= ROWS_WITH_SEQUENCES {
            // Few: with each segment's row to score, which the search asks for next, in the
            // same round trip (the two are one heap row; the text costs the server little).
            let rows = self.query(
                "SELECT id, toks, unit, lang, text, markup IS NOT NULL FROM variant WHERE id = ANY($1)",
                &[&want],
            )?;
            let mut have = self.sequences.borrow_mut();
            let mut candidates = self.candidates.borrow_mut();
            for r in rows {
                let id: i64 = r.get(0);
                have.put(id, r.get(1));
                candidates.insert(
                    id,
                    Some(Candidate {
                        unit: r.get(2),
                        lang: r.get(3),
                        text: r.get(4),
                        has_markup: r.get(5),
                    }),
                );
            }
            // Known absent, as a read of them one at a time would find them.
            for id in want {
                have.at.entry(id).or_insert(None);
                candidates.entry(id).or_insert(None);
            }
            return Ok(());
        }
        let rows = self.query("SELECT id, toks FROM variant WHERE id = ANY($1)", &[&want])?;
        let mut have = self.sequences.borrow_mut();
        for row in rows {
            have.put(row.get(0), row.get(1));
        }
        Ok(())
    }

    fn sequence<F: Fn(u32) -> u32>(&self, variant: i64, out: &mut Vec<u32>, f: F) -> Result<bool> {
        out.clear();
        // Decoded where it lies: a search reads thousands of sequences, a copy each was a
        // good part of its time.
        if let Some(cached) = self.sequences.borrow().get(variant) {
            let Some(data) = cached else {
                return Ok(false);
            };
            index::varints(data, |id| out.push(f(id as u32)));
            return Ok(true);
        }
        let toks: Option<Vec<u8>> = self
            .query_opt("SELECT toks FROM variant WHERE id = $1", &[&variant])?
            .and_then(|r| r.get(0));
        let Some(data) = toks else {
            return Ok(false);
        };
        index::varints(&data, |id| out.push(f(id as u32)));
        Ok(true)
    }

    fn prefetch_candidates(&self, variants: &[i64]) -> Result<()> {
        // Outside a snapshot nothing would clear what is read: read nothing ahead.
        if self.depth.get() == 0 {
            return Ok(());
        }
        let want = not_read(&self.candidates, variants);
        if want.is_empty() {
            return Ok(());
        }
        let found = self.candidates(&want)?;
        self.candidates
            .borrow_mut()
            .extend(want.into_iter().zip(found));
        Ok(())
    }

    fn candidate(&self, variant: i64) -> Result<Option<Candidate>> {
        if let Some(c) = self.candidates.borrow().get(&variant) {
            return Ok(c.clone());
        }
        Ok(self
            .query_opt(
                "SELECT unit, lang, text, markup IS NOT NULL FROM variant WHERE id = $1",
                &[&variant],
            )?
            .map(|r| Candidate {
                unit: r.get(0),
                lang: r.get(1),
                text: r.get(2),
                has_markup: r.get(3),
            }))
    }

    fn each_candidate(&self, f: &mut dyn FnMut(i64, Candidate) -> Result<()>) -> Result<()> {
        // Streamed: the whole memory is never held. `f` scores, it does not read the store.
        let stmt =
            self.statement("SELECT id, unit, lang, text, markup IS NOT NULL FROM variant")?;
        self.trip();
        let mut client = self.client.borrow_mut();
        let mut rows = client.query_raw(&stmt, std::iter::empty::<i64>())?;
        while let Some(r) = postgres::fallible_iterator::FallibleIterator::next(&mut rows)? {
            let (id, c) = id_candidate(&r);
            f(id, c)?;
        }
        Ok(())
    }

    fn variant_ids_newest_first(&self) -> Result<Vec<i64>> {
        Ok(self
            .query("SELECT id FROM variant ORDER BY id DESC", &[])?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }

    fn unit_head(&self, unit: i64) -> Result<UnitHead> {
        let r = self.query_one(
            "SELECT u.srclang, u.first_variant, b.origin FROM unit u JOIN batch b ON b.id = u.batch WHERE u.id = $1",
            &[&unit],
        )?;
        Ok(UnitHead {
            srclang: r.get(0),
            first_variant: r.get(1),
            origin: r.get(2),
        })
    }

    fn source_with_origin(&self, variant: i64) -> Result<(String, String, String)> {
        let r = self.query_one(
            "SELECT v.lang, v.text, b.origin FROM variant v JOIN unit u ON u.id = v.unit JOIN batch b ON b.id = u.batch WHERE v.id = $1",
            &[&variant],
        )?;
        Ok((r.get(0), r.get(1), r.get(2)))
    }

    fn sources_with_origin(&self, variants: &[i64]) -> Result<Vec<(String, String, String)>> {
        let found: HashMap<i64, (String, String, String)> = self
            .query(
                "SELECT v.id, v.lang, v.text, b.origin FROM variant v JOIN unit u ON u.id = v.unit JOIN batch b ON b.id = u.batch WHERE v.id = ANY($1)",
                &[&variants],
            )?
            .iter()
            .map(|r| (r.get(0), (r.get(1), r.get(2), r.get(3))))
            .collect();
        // As the one-at-a-time read, a segment the memory lacks is an error, not a gap.
        variants
            .iter()
            .map(|v| found.get(v).cloned().ok_or_else(|| gone(*v)))
            .collect()
    }

    fn other_segments(&self, unit: i64, except: i64) -> Result<Vec<Segment>> {
        Ok(self
            .query(
                "SELECT v.lang, v.text FROM unit u CROSS JOIN LATERAL (SELECT id, lang, text FROM variant WHERE id BETWEEN u.first_variant AND u.last_variant OFFSET 0) v WHERE u.id = $1 AND v.id <> $2 ORDER BY v.id",
                &[&unit, &except],
            )?
            .iter()
            .filter_map(|r| {
                let lang: String = r.get(0);
                LangTag::parse(&lang).ok().map(|lang| Segment {
                    lang,
                    text: r.get(1),
                })
            })
            .collect())
    }

    fn candidates(&self, variants: &[i64]) -> Result<Vec<Option<Candidate>>> {
        let mut found: HashMap<i64, Candidate> = self
            .query(
                "SELECT id, unit, lang, text, markup IS NOT NULL FROM variant WHERE id = ANY($1)",
                &[&variants],
            )?
            .iter()
            .map(id_candidate)
            .collect();
        Ok(variants.iter().map(|v| found.remove(v)).collect())
    }

    fn sources_and_others(&self, wanted: &[(i64, i64)]) -> Result<Vec<HitRows>> {
        let units: Vec<i64> = wanted.iter().map(|&(u, _)| u).collect();
        // Every segment of the units with their origin: each hit's own row is among them.
        // (`OFFSET 0`: see `other_segments_of`.)
        type Segments = Vec<(i64, String, String)>;
        let mut of_unit: HashMap<i64, (String, Segments)> = HashMap::new();
        for r in self.query(
            "SELECT u.id, b.origin, v.id, v.lang, v.text FROM unit u JOIN batch b ON b.id = u.batch CROSS JOIN LATERAL (SELECT id, lang, text FROM variant WHERE id BETWEEN u.first_variant AND u.last_variant OFFSET 0) v WHERE u.id = ANY($1) ORDER BY v.id",
            &[&units],
        )? {
            of_unit
                .entry(r.get(0))
                .or_insert_with(|| (r.get(1), Vec::new()))
                .1
                .push((r.get(2), r.get(3), r.get(4)));
        }
        wanted
            .iter()
            .map(|(unit, variant)| {
                let (origin, segments) = of_unit.get(unit).ok_or_else(|| gone(*variant))?;
                let (_, lang, text) = segments
                    .iter()
                    .find(|(id, ..)| id == variant)
                    .ok_or_else(|| gone(*variant))?;
                let others = segments
                    .iter()
                    .filter(|(id, ..)| id != variant)
                    .filter_map(|(_, lang, text)| {
                        LangTag::parse(lang).ok().map(|lang| Segment {
                            lang,
                            text: text.clone(),
                        })
                    })
                    .collect();
                Ok(((lang.clone(), text.clone(), origin.clone()), others))
            })
            .collect()
    }

    fn other_segments_of(&self, wanted: &[(i64, i64)]) -> Result<Vec<Vec<Segment>>> {
        let units: Vec<i64> = wanted.iter().map(|&(u, _)| u).collect();
        // Every segment of the units, in their order; each pair then leaves its own out.
        // The segments by id range in a subquery the planner may not flatten (`OFFSET 0`, as
        // in every point read of a unit's segments): flattened, it guesses a tenth of the
        // segment table per unit, scans the unit table in parallel and compiles it (JIT):
        // 100 ms at 500,000 units, where an index lookup per unit takes a tenth of a
        // millisecond.
        let mut of_unit: HashMap<i64, Vec<(i64, String, String)>> = HashMap::new();
        for r in self.query(
            "SELECT u.id, v.id, v.lang, v.text FROM unit u CROSS JOIN LATERAL (SELECT id, lang, text FROM variant WHERE id BETWEEN u.first_variant AND u.last_variant OFFSET 0) v WHERE u.id = ANY($1) ORDER BY v.id",
            &[&units],
        )? {
            of_unit
                .entry(r.get(0))
                .or_default()
                .push((r.get(1), r.get(2), r.get(3)));
        }
        Ok(wanted
            .iter()
            .map(|(unit, except)| {
                of_unit
                    .get(unit)
                    .into_iter()
                    .flatten()
                    .filter(|(id, ..)| id != except)
                    .filter_map(|(_, lang, text)| {
                        LangTag::parse(lang).ok().map(|lang| Segment {
                            lang,
                            text: text.clone(),
                        })
                    })
                    .collect()
            })
            .collect())
    }

    fn token_ids(&self, lang: &str, tokens: &[&str]) -> Result<Vec<Option<(u32, u64)>>> {
        let found: HashMap<String, (u32, u64)> = self
            .query(
                "SELECT token, id, df FROM tm_token WHERE lang = $1 AND token = ANY($2)",
                &[&lang, &tokens],
            )?
            .iter()
            .map(|r| {
                (
                    r.get(0),
                    (r.get::<_, i32>(1) as u32, r.get::<_, i64>(2) as u64),
                )
            })
            .collect();
        Ok(tokens.iter().map(|t| found.get(*t).copied()).collect())
    }

    fn each_segment(&self, f: &mut dyn FnMut(i64, &str, &str) -> Result<()>) -> Result<()> {
        let stmt = self.statement(
            "SELECT u.id, v.lang, v.text FROM unit u JOIN variant v ON v.id BETWEEN u.first_variant AND u.last_variant ORDER BY u.id, v.id",
        )?;
        self.trip();
        let mut client = self.client.borrow_mut();
        let mut rows = client.query_raw(&stmt, std::iter::empty::<i64>())?;
        while let Some(r) = postgres::fallible_iterator::FallibleIterator::next(&mut rows)? {
            f(r.get(0), r.get(1), r.get(2))?;
        }
        Ok(())
    }

    fn each_unit(
        &self,
        origin: Option<&str>,
        f: &mut dyn FnMut(StoredUnit) -> Result<()>,
    ) -> Result<()> {
        self.units_where(
            "SELECT u.id, u.line, u.srclang, u.state, u.meta, b.origin, v.lang, v.text, v.markup, v.meta FROM unit u JOIN batch b ON b.id = u.batch JOIN variant v ON v.id BETWEEN u.first_variant AND u.last_variant WHERE $1::text IS NULL OR b.origin = $1 ORDER BY u.id, v.id",
            &[&origin],
            f,
        )
    }

    fn lang_use(&self, origin: Option<&str>) -> Result<BTreeMap<LangTag, LangUse>> {
        // Per stored tag: the most segments a unit has in it, and whether one has markup;
        // then by parsed tag, as SQLite's reader folds them.
        let mut out: BTreeMap<LangTag, LangUse> = BTreeMap::new();
        for r in self.query(
            "SELECT lang, max(n), bool_or(markup) FROM (
                 SELECT v.unit, v.lang, count(*) AS n, bool_or(v.markup IS NOT NULL) AS markup
                 FROM unit u JOIN batch b ON b.id = u.batch
                 JOIN variant v ON v.id BETWEEN u.first_variant AND u.last_variant
                 WHERE $1::text IS NULL OR b.origin = $1
                 GROUP BY v.unit, v.lang) per_unit
             GROUP BY lang",
            &[&origin],
        )? {
            let lang: String = r.get(0);
            let tag = LangTag::parse(&lang).unwrap_or_else(|_| LangTag::any());
            let u = out.entry(tag).or_default();
            u.most = u.most.max(r.get::<_, i64>(1) as usize);
            u.markup |= r.get::<_, bool>(2);
        }
        Ok(out)
    }

    fn unit(&self, id: i64) -> Result<Option<StoredUnit>> {
        let mut found = None;
        self.units_where(
            "SELECT u.id, u.line, u.srclang, u.state, u.meta, b.origin, v.lang, v.text, v.markup, v.meta FROM unit u JOIN batch b ON b.id = u.batch CROSS JOIN LATERAL (SELECT id, lang, text, markup, meta FROM variant WHERE id BETWEEN u.first_variant AND u.last_variant OFFSET 0) v WHERE u.id = $1 ORDER BY v.id",
            &[&id],
            &mut |u| {
                found = Some(u);
                Ok(())
            },
        )?;
        Ok(found)
    }
}

/// Sequences read ahead, kept for the snapshot that read them: their bytes in one buffer and
/// each segment's span of it (`None`: no stored sequence), so that a read of thousands of rows
/// makes no allocation a row (one each was a good part of a search at min 50).
#[derive(Default)]
struct Sequences {
    at: HashMap<i64, Option<(usize, usize)>>,
    bytes: Vec<u8>,
}

impl Sequences {
    fn put(&mut self, variant: i64, toks: Option<&[u8]>) {
        let span = toks.map(|t| {
            let start = self.bytes.len();
            self.bytes.extend_from_slice(t);
            (start, self.bytes.len())
        });
        self.at.insert(variant, span);
    }

    /// `None`: not read ahead; `Some(None)`: read, and the segment has no sequence.
    fn get(&self, variant: i64) -> Option<Option<&[u8]>> {
        self.at
            .get(&variant)
            .map(|span| span.map(|(a, b)| &self.bytes[a..b]))
    }

    fn clear(&mut self) {
        self.at.clear();
        self.bytes.clear();
    }
}

/// A posting chunk's key and its row version (`xmin`): an import only appends chunks, but
/// should a row ever be rewritten, its new version is a new key, never the old data.
type ChunkKey = (i64, i64);

/// Posting chunks read by this connection, kept across searches: the data of a common token's
/// list is most of what a search reads, and a chunk never changes once written, so each
/// search reads only the keys of the chunks it sees (cheap: no TOAST) and the data of those
/// it has not read before. At most [`Chunks::BUDGET`] bytes; the oldest go first.
#[derive(Default)]
struct Chunks {
    data: HashMap<ChunkKey, Vec<u8>>,
    order: std::collections::VecDeque<ChunkKey>,
    bytes: usize,
}

impl Chunks {
    /// 64 MiB a connection: the whole index of 1,000,000 generated pairs fits in about as
    /// much.
    const BUDGET: usize = 64 << 20;

    fn keep(&mut self, key: ChunkKey, data: Vec<u8>) {
        let len = data.len();
        if self.data.insert(key, data).is_none() {
            self.order.push_back(key);
            self.bytes += len;
        }
        while self.bytes > Self::BUDGET {
            let Some(old) = self.order.pop_front() else {
                break;
            };
            if let Some(d) = self.data.remove(&old) {
                self.bytes -= d.len();
            }
        }
    }
}

/// At most this many segments' sequences are read with their rows to score (see
/// [`MemoryRead::prefetch_sequences`]): the rows a search scores are a few of those whose
/// sequences it reads, so past a few thousand the text read for nothing would cost more than
/// the round trip it saves.
const ROWS_WITH_SEQUENCES: usize = 2048;

/// A hit whose segment is no longer in the memory.
fn gone(variant: i64) -> Error {
    Error::Invalid(format!("segment {variant} is no longer in the memory"))
}

/// The ids of `variants` that `read` holds nothing for yet.
fn not_read<V>(read: &RefCell<HashMap<i64, V>>, variants: &[i64]) -> Vec<i64> {
    let have = read.borrow();
    variants
        .iter()
        .copied()
        .filter(|v| !have.contains_key(v))
        .collect()
}

/// A row of (id, unit, lang, text, has markup).
fn id_candidate(r: &postgres::Row) -> (i64, Candidate) {
    (
        r.get(0),
        Candidate {
            unit: r.get(1),
            lang: r.get(2),
            text: r.get(3),
            has_markup: r.get(4),
        },
    )
}

fn id_df(r: &postgres::Row) -> (u32, u64) {
    (r.get::<_, i32>(0) as u32, r.get::<_, i64>(1) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_is_never_shown() {
        assert_eq!(
            redacted("postgres://team:s3cret@db.example:5432/tm"),
            "postgres://team:***@db.example:5432/tm"
        );
        assert_eq!(
            redacted("postgres://team@%2Frun%2Fpg/tm"),
            "postgres://team@%2Frun%2Fpg/tm"
        );
        // An @ in the database name is not the end of a password.
        assert_eq!(redacted("postgres://h/a@b"), "postgres://h/a@b");
    }
}
