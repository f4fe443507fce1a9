//! Opening the database the way commands want it: created and seeded with the shipped data on
//! first use; or created explicitly by `init`, seeded or empty.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::answer::{self, ConcordanceAnswer, LookupAnswer, SearchAnswer};
use crate::error::{Error, Result};
use crate::extract::{ExtractRequest, Extraction};
use crate::glossary::LookupQuery;
use crate::import::{MemorySettings, Progress};
use crate::memory::{
    AnalysisReport, ConcordanceQuery, ExportRequest, ExportSummary, MemoryImportReport,
    MemoryStats, SearchQuery, SuggestQuery, Suggestions,
};
use crate::pg::{self, PgStore};
use crate::shipped;
use crate::store::derived::{self, Derived};
use crate::store::{self, Store};
use crate::text::LangTag;

/// Where the database lives when the user does not say: the user's data folder.
pub fn default_path() -> Result<PathBuf> {
    store::default_path()
}

/// Every set of derived data, with its rebuilder (see [`store::derived`]).
/// In order: the language rebuilders mark the indexes after them stale when tags change.
pub const DERIVED: &[Derived] = &[
    crate::memory::db::LANGUAGES,
    crate::memory::index::DERIVED,
    crate::glossary::db::LANGUAGES,
    crate::glossary::db::DERIVED,
];

/// Opens the database, creating and seeding it on first use: the behaviour every command
/// but `init --empty` wants. Derived data a migration left stale is rebuilt first.
///
/// A file that is not concord's (another application's SQLite file, or not SQLite at all),
/// or one from a newer concord, is refused and left untouched. A file this process may not
/// write, or in a folder it may not write, is opened for reading: lookups, searches and
/// checks work, and whatever would write (an import, an edit, a cache) says it cannot.
pub fn open(path: &Path) -> Result<Store> {
    let store = shipped::open_seeded(path)?;
    derived::refresh(store.conn(), DERIVED).map_err(|e| e.in_file(path))?;
    Ok(store)
}

/// Where the data lives, as `--db` (or `CONCORD_DB`) names it: a SQLite file, or a
/// PostgreSQL database by its URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    File(PathBuf),
    Postgres(String),
}

impl Location {
    /// A `postgres://` or `postgresql://` URL names a PostgreSQL database; anything else a file.
    pub fn new(db: PathBuf) -> Location {
        match db.to_str() {
            Some(url) if pg::is_url(url) => Location::Postgres(url.to_string()),
            _ => Location::File(db),
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Location::Postgres(_))
    }
}

impl From<PathBuf> for Location {
    fn from(db: PathBuf) -> Location {
        Location::new(db)
    }
}

impl From<&str> for Location {
    fn from(db: &str) -> Location {
        Location::new(db.into())
    }
}

/// What a store that is not SQLite says of a command it cannot answer yet: a wrong or empty
/// answer would be worse than none.
pub fn not_on_postgres(what: &str) -> Error {
    Error::Unsupported(format!(
        "{what} is not yet supported on PostgreSQL: every other command is, and every route of serve; use a SQLite file (--db FILE.db) for this one"
    ))
}

/// An opened store, whichever it is: the one place that chooses between SQLite and
/// PostgreSQL. The memory's front doors answer through it on both, and the glossary's
/// through [`Opened::glossary`] and [`Opened::glossary_write`]; everything else asks for
/// [`Opened::sqlite`], which PostgreSQL refuses with [`Error::Unsupported`].
pub enum Opened {
    Sqlite(Store),
    /// Boxed: a connection with its statements is several times a SQLite store's size.
    Postgres(Box<PgStore>),
}

impl Opened {
    /// Opens a file as [`open`] does, or connects to PostgreSQL and migrates its schema.
    pub fn open(at: &Location) -> Result<Opened> {
        Ok(match at {
            Location::File(path) => Opened::Sqlite(open(path)?),
            Location::Postgres(url) => Opened::Postgres(Box::new(PgStore::connect(url)?)),
        })
    }

    /// The SQLite store, for the work only it can do yet.
    pub fn sqlite(&mut self, what: &str) -> Result<&mut Store> {
        match self {
            Opened::Sqlite(s) => Ok(s),
            Opened::Postgres(_) => Err(not_on_postgres(what)),
        }
    }

    /// The glossary, to read: the store itself, or on PostgreSQL this connection's replica
    /// of its glossary, made current first (see [`pg::glossary`]). Glossary reads
    /// (`glossary::lookup`, `list`, `show`, `export`, `check::run`) take it unchanged.
    pub fn glossary(&mut self) -> Result<&Store> {
        Ok(self.glossary_cache()?)
    }

    /// [`Opened::glossary`], for reads that may keep a cache in it (a check keeps the term
    /// matchers it compiles): on PostgreSQL that cache stays in the replica.
    pub fn glossary_cache(&mut self) -> Result<&mut Store> {
        match self {
            Opened::Sqlite(s) => Ok(s),
            Opened::Postgres(pg) => pg.glossary(),
        }
    }

    /// Runs a glossary write (`glossary::add`, `edit`, `remove`,
    /// `import::import_glossary`): on SQLite on the store; on PostgreSQL on the replica,
    /// with what it changed written to PostgreSQL in one transaction, taking turns with
    /// every other writer (see [`pg::glossary`]). A failure changes nothing.
    pub fn glossary_write<T>(&mut self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        match self {
            Opened::Sqlite(s) => f(s),
            Opened::Postgres(pg) => pg.glossary_write(f),
        }
    }

    /// `tm import`: the files' units in one transaction; one report per file.
    pub fn import_memory(
        &mut self,
        s: &MemorySettings,
        progress: &dyn Progress,
    ) -> Result<Vec<MemoryImportReport>> {
        match self {
            Opened::Sqlite(store) => crate::import::import_memory(store, s, progress),
            Opened::Postgres(pg) => pg::import_memory(pg, s, progress),
        }
    }

    /// `tm search`'s answer.
    pub fn search(&self, q: &SearchQuery) -> Result<SearchAnswer> {
        match self {
            Opened::Sqlite(store) => answer::search(store, q),
            Opened::Postgres(pg) => answer::search_in(pg.as_ref(), q),
        }
    }

    /// `tm concord`'s answer.
    pub fn concordance(&self, q: &ConcordanceQuery) -> Result<ConcordanceAnswer> {
        match self {
            Opened::Sqlite(store) => answer::concordance(store, q),
            Opened::Postgres(pg) => answer::concordance_in(pg.as_ref(), q),
        }
    }

    /// `tm stats`: units per language pair and per origin.
    pub fn memory_stats(&self) -> Result<MemoryStats> {
        match self {
            Opened::Sqlite(store) => crate::memory::stats(store),
            Opened::Postgres(pg) => pg.stats(),
        }
    }

    /// `lookup`: the glossary's matches with the memory's evidence.
    pub fn lookup(&mut self, q: &LookupQuery) -> Result<LookupAnswer> {
        match self {
            Opened::Sqlite(store) => answer::lookup(store, q),
            Opened::Postgres(pg) => {
                let (mem, glossary) = pg.with_glossary()?;
                answer::lookup_in(mem, glossary, q)
            }
        }
    }

    /// `glossary extract`: candidate entries from the memory, the glossary's terms left out.
    pub fn extract(&mut self, req: &ExtractRequest) -> Result<Extraction> {
        match self {
            Opened::Sqlite(store) => crate::extract::extract(store, req),
            Opened::Postgres(pg) => {
                let (mem, glossary) = pg.with_glossary()?;
                crate::extract::extract_in(mem, glossary, req)
            }
        }
    }

    /// `suggest`: the renderings of a term the memory attests, the glossary's renderings of
    /// the sentences' other words masked (on PostgreSQL, its replica's).
    pub fn suggest(&mut self, q: &SuggestQuery) -> Result<Suggestions> {
        match self {
            Opened::Sqlite(store) => crate::memory::suggest(store, q),
            Opened::Postgres(pg) => {
                let (mem, glossary) = pg.with_glossary()?;
                crate::memory::suggest::suggest(mem, glossary.conn(), q)
            }
        }
    }

    /// `analyze`: a document's segments against the memory.
    pub fn analyze(
        &self,
        segments: &[String],
        from: Option<&LangTag>,
        to: Option<&LangTag>,
    ) -> Result<AnalysisReport> {
        match self {
            Opened::Sqlite(store) => crate::memory::analyze(store, segments, from, to),
            Opened::Postgres(pg) => crate::memory::analyze_in(pg.as_ref(), segments, from, to),
        }
    }

    /// `tm export`: the memory written to `out`, the same bytes from either store.
    pub fn export_memory(&self, req: &ExportRequest, out: &mut dyn Write) -> Result<ExportSummary> {
        match self {
            Opened::Sqlite(store) => crate::memory::export(store, req, out),
            Opened::Postgres(pg) => crate::memory::export::export_from(pg.as_ref(), req, out),
        }
    }

    /// Whether the connection can serve another request: a PostgreSQL connection the server
    /// closed (a restart, an idle timeout) cannot, and is dropped rather than pooled.
    pub fn is_usable(&self) -> bool {
        match self {
            Opened::Sqlite(_) => true,
            Opened::Postgres(pg) => !pg.is_closed(),
        }
    }
}

/// What `init` made.
#[derive(Clone, Debug, Serialize)]
pub struct InitReport {
    pub database: PathBuf,
    pub schema_version: i64,
    pub seeded: bool,
    pub concepts: i64,
    pub terms: i64,
    pub units: i64,
}

/// Creates a new database, seeded with the shipped glossary and memory unless `empty`. An
/// existing file is left alone and is an error.
pub fn init(path: &Path, empty: bool) -> Result<InitReport> {
    if path.exists() {
        return Err(Error::Invalid(format!(
            "{} already exists; remove it first to start over",
            path.display()
        )));
    }
    let store = shipped::create(path, empty)?;
    let (concepts, terms) = crate::glossary::counts(&store)?;
    Ok(InitReport {
        database: path.to_path_buf(),
        schema_version: store.schema_version()?,
        seeded: !empty,
        concepts,
        terms,
        units: crate::memory::stats(&store)?.units,
    })
}

/// `init` wherever `--db` points: a new file as [`init`] makes it, or a PostgreSQL store as
/// [`init_postgres`] seeds it.
pub fn init_at(at: &Location, empty: bool) -> Result<InitReport> {
    match at {
        Location::File(path) => init(path, empty),
        Location::Postgres(url) => init_postgres(url, empty),
    }
}

/// `init` on PostgreSQL: the schema made (by the connect), then, unless `empty`, the shipped
/// glossary and memory, each in one transaction of its own (the glossary's a glossary write,
/// the memory's an import), so a failure leaves that part as it was.
///
/// The database itself is the team's to create (with its owner and encoding), so an empty one
/// is what `init` expects, as a path where no file is yet on SQLite; one that holds units or
/// concepts of its own is refused and left as it is. A seed cut short (the glossary in, the
/// memory not) is finished rather than refused: a store that holds nothing but part of the
/// shipped data gets the part it lacks. Two `init`s at once both succeed: the memory's units
/// are unique by their hash, and the glossary's import merges concepts it holds already.
///
/// Only `init` seeds a PostgreSQL store: any other command's first use makes the schema and
/// nothing more, since a team brings its own termbase and memory, and a server's first
/// request is no moment to write the shipped data into the team's store.
pub fn init_postgres(url: &str, empty: bool) -> Result<InitReport> {
    let mut pg = PgStore::connect(url)?;
    let held = Held::of(&mut pg)?;
    if held.own_units > 0 || held.own_concepts > 0 || (empty && held.any()) {
        return Err(Error::Invalid(format!(
            "{}: the store holds {} and {} already; init sets up a new store: give it an empty database (CREATE DATABASE ... ENCODING 'UTF8')",
            pg.name(),
            crate::text::counted(held.own_units + held.shipped_units, "unit"),
            crate::text::counted(
                held.own_concepts + held.shipped_concepts,
                "glossary concept"
            ),
        )));
    }
    if !empty && held.shipped_units > 0 && held.shipped_concepts > 0 {
        return Err(Error::Invalid(format!(
            "{}: the store is set up already, with the shipped glossary and memory",
            pg.name()
        )));
    }
    if !empty && held.shipped_concepts == 0 {
        pg.glossary_write(|store| {
            let tx = store.transaction()?;
            let report = shipped::glossary_in(&tx)?;
            tx.commit()?;
            Ok(report)
        })?;
    }
    if !empty && held.shipped_units == 0 {
        let opts = crate::formats::ReadOptions::default();
        let job = shipped::memory_job(&opts);
        pg::import::import_readers(&pg, std::iter::once(Ok(job)), &Vec::new, false)?;
    }
    let (concepts, terms) = crate::glossary::counts(pg.glossary()?)?;
    Ok(InitReport {
        database: pg.name().into(),
        schema_version: pg::schema_version(),
        seeded: !empty,
        concepts,
        terms,
        units: pg.stats()?.units,
    })
}

/// What a PostgreSQL store holds, the shipped seed told from the rest by its batches' origins.
struct Held {
    shipped_units: i64,
    own_units: i64,
    shipped_concepts: i64,
    own_concepts: i64,
}

impl Held {
    fn of(pg: &mut PgStore) -> Result<Held> {
        let stats = pg.stats()?;
        let shipped_units = stats
            .by_origin
            .get(&shipped::memory_origin())
            .copied()
            .unwrap_or(0);
        let (shipped_concepts, all_concepts): (i64, i64) = pg.glossary()?.conn().query_row(
            "SELECT count(*) FILTER (WHERE b.origin IS ?1), count(*) FROM concept c LEFT JOIN batch b ON b.id = c.batch",
            [shipped::glossary_origin()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(Held {
            shipped_units,
            own_units: stats.units - shipped_units,
            shipped_concepts,
            own_concepts: all_concepts - shipped_concepts,
        })
    }

    fn any(&self) -> bool {
        self.shipped_units + self.own_units + self.shipped_concepts + self.own_concepts > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::file::Access;
    use crate::store::testing::{file_at_version, unfilled_at_version, version_creating};

    /// The renderings `lookup Mayor` gives.
    fn mayor(store: &Store) -> Vec<String> {
        let found =
            crate::glossary::lookup(store, &crate::glossary::LookupQuery::new("Mayor")).unwrap();
        found
            .iter()
            .flat_map(|m| m.terms.iter().map(|t| t.term.text.clone()))
            .collect()
    }

    #[test]
    fn an_interrupted_first_use_is_seeded_by_the_next_lookup() {
        // As an older concord left a file when killed between creating its tables and
        // committing the seed: schema, no rows, no mark.
        let (_dir, path) = unfilled_at_version(store::SCHEMA_VERSION as usize);
        assert!(mayor(&open(&path).unwrap()).contains(&"市长".to_string()));
        // An existing empty file given as --db, or one with only the header SQLite writes
        // when WAL is switched on.
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.db");
        std::fs::File::create(&empty).unwrap();
        let header = dir.path().join("header.db");
        rusqlite::Connection::open(&header)
            .unwrap()
            .pragma_update(None, "journal_mode", "WAL")
            .unwrap();
        for path in [empty, header] {
            assert!(mayor(&open(&path).unwrap()).contains(&"市长".to_string()));
        }
    }

    #[test]
    fn a_database_opened_read_only_answers_and_refuses_writes_clearly() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        drop(open(&path).unwrap());
        // What a read-only folder gives (see `store::file::access`): this test may run as
        // root, whom permissions do not stop, so the access is chosen here.
        let (mut store, _) =
            Store::open_file(&path, Access::ReadOnly { immutable: true }, &|_| Ok(())).unwrap();
        assert!(store.is_read_only());
        derived::refresh(store.conn(), DERIVED).unwrap();
        assert!(mayor(&store).contains(&"市长".to_string()));
        assert!(crate::memory::stats(&store).unwrap().units > 0);
        let e = store.transaction().err().unwrap().to_string();
        assert!(e.contains("opened for reading only"), "{e}");
        // A stale index cannot be rebuilt there: said, not answered from.
        drop(store);
        let conn = rusqlite::Connection::open(&path).unwrap();
        derived::mark_stale(&conn, store::MEMORY_INDEX).unwrap();
        drop(conn);
        let (store, _) =
            Store::open_file(&path, Access::ReadOnly { immutable: true }, &|_| Ok(())).unwrap();
        let e = derived::refresh(store.conn(), DERIVED)
            .unwrap_err()
            .to_string();
        assert!(e.contains("read only") && e.contains("c.db"), "{e}");
    }

    #[test]
    fn a_version_3_memory_is_reindexed_when_opened() {
        // A file as version 3 left it: its own index tables (FTS5, hashed grams) hold nothing
        // the new layout can use.
        let (_dir, path) = file_at_version(
            3,
            "INSERT INTO variant (unit, lang, text) VALUES
                 (1, 'en', 'The two sides signed a memorandum of understanding.'),
                 (1, 'zh-CN', '双方签署了谅解备忘录。');
             INSERT INTO tm_lang VALUES ('en', 1), ('zh-CN', 1);",
        );
        let store = open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), store::SCHEMA_VERSION);
        let q = crate::memory::SearchQuery::new("双方签署了谅解备忘录。");
        let hits = crate::memory::search(&store, &q).unwrap();
        assert_eq!((hits.len(), hits[0].score), (1, 100));
        assert_eq!(
            hits[0].targets[0].text,
            "The two sides signed a memorandum of understanding."
        );
        assert!(!derived::is_stale(store.conn(), store::MEMORY_INDEX).unwrap());
    }

    #[test]
    fn a_glossary_from_before_the_packed_index_is_rebuilt_on_first_use() {
        let (_dir, path) = file_at_version(
            version_creating("term_fuzzy"),
            "INSERT INTO concept (id, fingerprint) VALUES (1, 'en\u{1f}Governor');
             INSERT INTO term (concept, lang, text, status, norm, infl, simp, klen)
                 VALUES (1, 'en', 'Governors', 'preferred', 'governors', 'governor', 'governors', 9);
             INSERT INTO term_gram (gram, term) VALUES ('go', 1);",
        );
        // Opened by the store alone, the index is marked stale and left so...
        let (store, _) = Store::open(&path).unwrap();
        assert!(derived::is_stale(store.conn(), "glossary-index").unwrap());
        // ... until the glossary first needs it.
        let found =
            crate::glossary::lookup(&store, &crate::glossary::LookupQuery::new("governers"))
                .unwrap();
        assert_eq!(found[0].matched_term, "Governors");
        assert!(!derived::is_stale(store.conn(), "glossary-index").unwrap());
        let singulars: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM term_singular", [], |r| r.get(0))
            .unwrap();
        assert_eq!(singulars, 1, "rebuilt once, with the plural rules' answer");
    }

    #[test]
    fn tags_an_older_concord_stored_are_made_canonical_and_repeats_fold() {
        // Version 9 took `xml:lang="Chinese"` for a tag and kept `iw`; unit 2 repeats unit 1
        // once its tags are canonical (its hash is the one an import gave it).
        let tag = |s| crate::text::LangTag::parse(s).unwrap();
        let variant = |lang, text: &str| crate::model::memory::Variant {
            lang: tag(lang),
            text: text.to_string(),
            markup: None,
            meta: Default::default(),
        };
        let unit2 = crate::model::memory::Unit {
            variants: vec![
                variant("en", "The Mayor spoke."),
                variant("zh", "市长讲话了。"),
            ],
            ..Default::default()
        };
        let hash: String = crate::memory::db::unit_hash(&unit2)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let (_dir, path) = file_at_version(
            9,
            &format!("UPDATE unit SET first_variant = 1, last_variant = 2, srclang = 'english' WHERE id = 1;
             INSERT INTO unit (id, hash, batch, first_variant, last_variant) VALUES (2, x'{hash}', 1, 3, 4);
             INSERT INTO variant (id, unit, lang, text) VALUES
                 (1, 1, 'english', 'The Mayor spoke.'), (2, 1, 'chinese', '市长讲话了。'),
                 (3, 2, 'en', 'The Mayor spoke.'), (4, 2, 'zh', '市长讲话了。');
             INSERT INTO tm_lang VALUES ('english', 1), ('chinese', 1), ('en', 1), ('zh', 1);
             INSERT INTO batch (id, kind, origin) VALUES (2, 'glossary', 'g.csv');
             INSERT INTO concept (id, fingerprint, batch) VALUES (1, 'en\u{1f}Ambassador\u{1e}zh-CN\u{1f}大使', 2), (2, 'iw\u{1f}שגריר', 2);
             INSERT INTO term (concept, lang, text, status, norm, infl, simp, klen) VALUES
                 (1, 'en', 'Ambassador', 'preferred', 'ambassador', 'ambassador', 'ambassador', 10),
                 (1, 'zh-CN', '大使', 'preferred', '大使', '大使', '大使', 2),
                 (2, 'iw', 'שגריר', 'preferred', 'שגריר', 'שגריר', 'שגריר', 5);"
            ),
        );
        let mut store = open(&path).unwrap();
        let langs: Vec<String> = store
            .conn()
            .prepare("SELECT lang FROM variant ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(langs, ["en", "zh"], "the repeated unit goes");
        let (units, old_srclang): (i64, i64) = store
            .conn()
            .query_row(
                "SELECT count(*), count(*) FILTER (WHERE srclang = 'english') FROM unit",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((units, old_srclang), (1, 0));
        let tm_langs: Vec<(String, i64)> = store
            .conn()
            .prepare("SELECT lang, segments FROM tm_lang ORDER BY lang")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(tm_langs, [("en".to_string(), 2), ("zh".to_string(), 2)]);
        let hits =
            crate::memory::search(&store, &crate::memory::SearchQuery::new("The Mayor spoke."))
                .unwrap();
        assert_eq!(hits.len(), 1);
        let mut q = crate::glossary::LookupQuery::new("שגריר");
        q.from = Some(crate::text::LangTag::parse("he").unwrap());
        assert_eq!(crate::glossary::lookup(&store, &q).unwrap().len(), 1);
        // A `zh` spreadsheet row now meets the `zh-CN` concept instead of making another.
        let settings = crate::import::GlossarySettings::new(
            &[write(&path, "a.csv", "English,Chinese\nAmbassador,大使\n")],
            None,
            vec![],
            false,
        )
        .unwrap();
        let reports = crate::import::import_glossary(&mut store, &settings).unwrap();
        assert_eq!(
            (reports[0].added, reports[0].merged + reports[0].duplicates),
            (0, 1)
        );
        assert_eq!(reports[0].languages_named.len(), 2);
    }

    fn write(beside: &Path, name: &str, text: &str) -> std::path::PathBuf {
        let path = beside.with_file_name(name);
        std::fs::write(&path, text).unwrap();
        path
    }
}
