//! `concord doctor` on a PostgreSQL store: the store's own invariants, checked from its rows.
//!
//! PostgreSQL looks after its pages itself (`amcheck`, checksums, `pg_dump`); what it cannot
//! know is what concord's rows promise each other, and SQL run by hand (or a half-restored
//! dump) can break that. So doctor checks, reading only:
//!
//! - the schema version (`concord_schema`): this concord's, or older (migrated first unless
//!   `--check-only`, which writes nothing), never newer (refused, as on connect);
//! - every unit's segments: a unit owns the variant ids from its first to its last, each of
//!   them and no other; every row's reference points to a row (variant → unit, unit →
//!   batch, posting → token);
//! - every unit's hash is the hash of its segments as stored (text edited in place leaves
//!   it stale), and no two units hold the same segments (duplicates by hash);
//! - every segment's tokens, recomputed from its text with the store's vocabulary, are the
//!   ones stored with it; each token's posting list holds exactly the segments whose tokens
//!   hold it, in order, and its document frequency counts them; each language's segment
//!   count is right;
//! - the glossary: one version row (`glossary_state`); its rows, loaded into a replica as
//!   every command loads them, keep SQLite's foreign keys (PostgreSQL's copy has none, the
//!   replica enforces them); its terms' match keys are those their text gives; and its
//!   packed fuzzy index and plural answers stored in PostgreSQL are those a rebuild from its
//!   terms gives.
//!
//! Nothing is rebuilt: the memory's index is the store's largest part, written by imports
//! that take turns, so a rebuild in place would hold every import back for its duration; a
//! damaged store is moved to a file and back instead (`concord migrate`), which rebuilds
//! every index from the rows.

use std::collections::BTreeMap;
use std::path::PathBuf;

use postgres::fallible_iterator::FallibleIterator;
use rustc_hash::FxHashMap;

use super::{DoctorReport, LISTED};
use crate::error::{Error, Result};
use crate::memory::index::{self, Tokenizer};
use crate::pg::{self, PgStore};
use crate::store::Store;
use crate::store::derived;
use crate::store::health::{self, Orphans};
use crate::text::LangTag;

/// Why a PostgreSQL store's derived data is never rebuilt by doctor.
pub const NOT_REBUILT: &str = "on PostgreSQL doctor only checks: to rebuild the memory's index, move the store to a file and back (concord migrate)";

/// Checks the PostgreSQL store at `url`; `rebuild` (not `--check-only`) lets an older schema
/// be migrated first. A database without a concord store, or with a newer concord's, is an
/// error; problems found inside one are the report.
pub fn run(url: &str, rebuild: bool) -> Result<DoctorReport> {
    let (mut pg, found) = PgStore::connect_unchanged(url)?;
    let Some(schema_version) = found else {
        return Err(Error::Schema {
            path: pg::redacted(url).into(),
            message: "holds no concord store yet (concord init, or the first command that uses it, makes one)".into(),
        });
    };
    let current = pg::schema_version();
    let upgraded = schema_version < current && rebuild;
    if upgraded {
        pg = PgStore::connect(url)?;
    }
    let at = if upgraded { current } else { schema_version };
    let mut problems = Problems::default();
    let mut foreign_keys = orphans(&pg)?;
    memory(&pg, &mut problems)?;
    let mut counts = None;
    // Version 2 brought the glossary.
    if at >= 2
        && let Some((orphans, held)) = glossary(&mut pg, &mut problems)?
    {
        foreign_keys.extend(orphans);
        counts = Some(held);
    }
    let read_only: bool = !pg
        .client()
        .query_one("SELECT has_table_privilege('unit', 'INSERT')", &[])?
        .get::<_, bool>(0);
    let units = pg.stats()?.units;
    let report = DoctorReport {
        store: "postgresql",
        database: PathBuf::from(pg.name()),
        marked: true,
        application_id: 0,
        schema_version,
        current_schema_version: current,
        read_only,
        integrity: problems.lines(),
        foreign_keys,
        stale: Vec::new(),
        upgraded,
        rebuilt: Vec::new(),
        not_rebuilt: Some(NOT_REBUILT.into()),
        concepts: counts.map(|c| c.0),
        terms: counts.map(|c| c.1),
        units: Some(units),
    };
    Ok(report)
}

/// Problems of one kind each: how many, and the first ids.
#[derive(Default)]
struct Problems(BTreeMap<&'static str, (u64, Vec<i64>)>);

impl Problems {
    fn add(&mut self, what: &'static str, id: i64) {
        let (n, first) = self.0.entry(what).or_default();
        *n += 1;
        if first.len() < LISTED {
            first.push(id);
        }
    }

    fn lines(&self) -> Vec<String> {
        self.0
            .iter()
            .map(|(what, (n, first))| format!("{n} {what} (first: {first:?})"))
            .collect()
    }
}

/// Rows whose reference points to no row: PostgreSQL's foreign keys forbid them, unless they
/// were dropped or bypassed (`session_replication_role`, a partial restore).
fn orphans(pg: &PgStore) -> Result<Vec<Orphans>> {
    const CHECKS: &[(&str, &str, &str)] = &[
        (
            "variant",
            "unit",
            "SELECT c.id FROM variant c LEFT JOIN unit p ON p.id = c.unit WHERE p.id IS NULL ORDER BY c.id",
        ),
        (
            "unit",
            "batch",
            "SELECT c.id FROM unit c LEFT JOIN batch p ON p.id = c.batch WHERE p.id IS NULL ORDER BY c.id",
        ),
        (
            "tm_posting",
            "tm_token",
            "SELECT c.token::bigint FROM tm_posting c LEFT JOIN tm_token p ON p.id = c.token WHERE p.id IS NULL ORDER BY c.token",
        ),
    ];
    let mut out = Vec::new();
    let mut client = pg.client();
    for (table, parent, sql) in CHECKS {
        let ids: Vec<i64> = client.query(*sql, &[])?.iter().map(|r| r.get(0)).collect();
        if !ids.is_empty() {
            out.push(Orphans {
                table: table.to_string(),
                parent: parent.to_string(),
                rows: ids.len() as u64,
                first: ids.into_iter().take(LISTED).collect(),
            });
        }
    }
    Ok(out)
}

/// What the segments say each token's posting list holds: how many segments, and a sum of
/// their postings mixed (so that a list holding other segments, as many, differs).
#[derive(Default, Clone, Copy, PartialEq, Eq)]
struct Expected {
    count: i64,
    mixed: u64,
}

impl Expected {
    fn add(&mut self, posting: u64) {
        self.count += 1;
        self.mixed = self.mixed.wrapping_add(mix(posting));
    }
}

/// SplitMix64's finaliser: a posting's bits spread over the word.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The memory's checks; see the module's notes.
fn memory(pg: &PgStore, problems: &mut Problems) -> Result<()> {
    let mut client = pg.client();
    // Every unit owns exactly the variants from its first to its last.
    for r in client.query(
        "SELECT u.id FROM unit u LEFT JOIN (SELECT unit, count(*) AS n, min(id) AS lo, max(id) AS hi FROM variant GROUP BY unit) v ON v.unit = u.id
         WHERE v.n IS NULL OR v.lo <> u.first_variant OR v.hi <> u.last_variant OR v.n <> u.last_variant - u.first_variant + 1
         ORDER BY u.id",
        &[],
    )? {
        problems.add(
            "unit(s) whose segments are not the variants from its first to its last",
            r.get(0),
        );
    }
    let mut tokenizer = Tokenizer::from_known(
        client
            .query("SELECT id, lang, token FROM tm_token", &[])?
            .into_iter()
            .map(|r| (r.get::<_, i32>(0) as u32, r.get(1), r.get(2))),
    );
    let mut expected: FxHashMap<u32, Expected> = FxHashMap::default();
    let mut langs: BTreeMap<String, i64> = BTreeMap::new();
    let mut hashes: FxHashMap<[u8; 16], i64> = FxHashMap::default();
    // The segments in unit order, each unit's together: its hash is checked when it ends.
    let mut unit: Option<(i64, Vec<u8>)> = None;
    let mut parts: Vec<(String, String, String)> = Vec::new();
    let mut end_unit = |unit: Option<(i64, Vec<u8>)>,
                        parts: &mut Vec<(String, String, String)>,
                        problems: &mut Problems| {
        if let Some((id, stored)) = unit {
            let hash = crate::memory::db::hash_of(
                parts
                    .iter()
                    .map(|(l, t, m)| (l.as_str(), t.as_str(), m.as_str())),
            );
            if stored != hash {
                problems.add("unit(s) whose hash is not that of its segments", id);
            }
            if hashes.insert(hash, id).is_some() {
                problems.add(
                    "unit(s) holding the same segments as an earlier one (duplicates)",
                    id,
                );
            }
        }
        parts.clear();
    };
    let mut rows = client.query_raw(
        "SELECT v.id, v.unit, u.hash, v.lang, v.text, coalesce(v.markup, ''), v.toks FROM variant v JOIN unit u ON u.id = v.unit ORDER BY v.unit, v.id",
        std::iter::empty::<i64>(),
    )?;
    let mut stored_ids = Vec::new();
    while let Some(r) = rows.next()? {
        let (variant, owner): (i64, i64) = (r.get(0), r.get(1));
        if unit.as_ref().is_none_or(|(u, _)| *u != owner) {
            end_unit(unit.take(), &mut parts, problems);
            unit = Some((owner, r.get(2)));
        }
        let (lang, text): (String, String) = (r.get(3), r.get(4));
        let toks: Option<Vec<u8>> = r.get(6);
        *langs.entry(lang.clone()).or_default() += 1;
        let tag = LangTag::parse(&lang).unwrap_or_else(|_| LangTag::any());
        let recomputed = tokenizer.tokens(&tag, &text);
        match &toks {
            None => problems.add("segment(s) without their tokens", variant),
            Some(t) if *t != recomputed.seq => {
                problems.add("segment(s) whose stored tokens are not its text's", variant)
            }
            Some(_) => {}
        }
        if let Some(t) = &toks {
            // The postings the import made of the stored tokens.
            stored_ids.clear();
            index::varints(t, |id| stored_ids.push(id as u32));
            let posting = index::pack(variant, stored_ids.len());
            stored_ids.sort_unstable();
            stored_ids.dedup();
            for id in &stored_ids {
                expected.entry(*id).or_default().add(posting);
            }
        }
        parts.push((lang, text, r.get(5)));
    }
    end_unit(unit.take(), &mut parts, problems);
    drop(rows);
    // Each token's posting list, against what the segments say.
    let mut found: FxHashMap<u32, Expected> = FxHashMap::default();
    let mut rows = client.query_raw(
        "SELECT token, data FROM tm_posting ORDER BY token, chunk",
        std::iter::empty::<i64>(),
    )?;
    let (mut list, mut current) = (Vec::new(), None::<u32>);
    let mut end_list = |token: Option<u32>, list: &mut Vec<u64>, problems: &mut Problems| {
        if let Some(token) = token {
            if list.windows(2).any(|w| w[0] >= w[1]) {
                problems.add("posting list(s) out of order", token as i64);
            }
            let f = found.entry(token).or_default();
            for p in list.iter() {
                f.add(*p);
            }
        }
        list.clear();
    };
    while let Some(r) = rows.next()? {
        let token = r.get::<_, i32>(0) as u32;
        if current != Some(token) {
            end_list(current, &mut list, problems);
            current = Some(token);
        }
        index::decode_into(r.get(1), &mut list);
    }
    end_list(current, &mut list, problems);
    drop(rows);
    for r in client.query("SELECT id, df FROM tm_token ORDER BY id", &[])? {
        let id = r.get::<_, i32>(0) as u32;
        let want = expected.remove(&id).unwrap_or_default();
        if found.remove(&id).unwrap_or_default() != want {
            problems.add(
                "token(s) whose posting list is not the segments holding it",
                id as i64,
            );
        }
        if r.get::<_, i64>(1) != want.count {
            problems.add(
                "token(s) whose document frequency is not its segments' count",
                id as i64,
            );
        }
    }
    // Tokens a segment holds that the vocabulary lacks (postings without a token are the
    // orphans above).
    let mut missing: Vec<u32> = expected.into_keys().collect();
    missing.sort_unstable();
    for id in missing {
        problems.add(
            "token id(s) in segments' tokens but not in the vocabulary",
            id as i64,
        );
    }
    let stored: BTreeMap<String, i64> = client
        .query("SELECT lang, segments FROM tm_lang", &[])?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .filter(|(_, n): &(String, i64)| *n != 0)
        .collect();
    if stored != langs {
        problems.add(
            "language segment count(s) (tm_lang) not the segments'",
            stored.len() as i64,
        );
    }
    Ok(())
}

/// A glossary's concepts and terms.
type Counts = (i64, i64);

/// The glossary's checks; returns the rows of its replica whose reference points to no row,
/// and its counts of concepts and terms; `None` when it cannot be loaded.
fn glossary(pg: &mut PgStore, problems: &mut Problems) -> Result<Option<(Vec<Orphans>, Counts)>> {
    let states: i64 = pg
        .client()
        .query_one("SELECT count(*) FROM glossary_state", &[])?
        .get(0);
    if states != 1 {
        problems.add("glossary version row(s) where there must be one", states);
        // The replica cannot be loaded without its version.
        return Ok(None);
    }
    let replica = pg.glossary()?;
    let orphans = health::foreign_key_problems(replica.conn())?;
    for id in crate::glossary::db::terms_with_stale_keys(replica.conn())? {
        problems.add(
            "glossary term(s) whose match keys are not those their text gives",
            id,
        );
    }
    // A copy, its derived data rebuilt from its terms, against the rows PostgreSQL holds.
    let rebuilt = Store::from_image(&replica.image()?)?;
    let index = crate::glossary::db::DERIVED;
    derived::mark_stale(rebuilt.conn(), index.name)?;
    derived::refresh(rebuilt.conn(), &[index])?;
    for (table, key) in [("term_fuzzy", "list"), ("term_singular", "word")] {
        let rows =
            |store: &Store| -> Result<Vec<(rusqlite::types::Value, rusqlite::types::Value)>> {
                let sql = format!("SELECT * FROM {table} ORDER BY {key}");
                let mut stmt = store.conn().prepare(&sql)?;
                let out = stmt
                    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()?;
                Ok(out)
            };
        let (kept, fresh) = (rows(replica)?, rows(&rebuilt)?);
        if kept != fresh {
            let differ = kept.iter().zip(&fresh).take_while(|(a, b)| a == b).count();
            problems.add(
                if table == "term_fuzzy" {
                    "glossary fuzzy index list(s) not those its terms give (first differing position)"
                } else {
                    "glossary plural answer(s) not those its terms give (first differing position)"
                },
                differ as i64,
            );
        }
    }
    Ok(Some((orphans, crate::glossary::counts(replica)?)))
}
