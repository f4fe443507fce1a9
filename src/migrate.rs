//! `concord migrate --from FILE.db --to postgres://…`: moves a SQLite file's memory into an
//! empty PostgreSQL store, in one transaction, then checks the move: the counts (units,
//! segments, per language pair, per origin) and a sample of fuzzy searches must answer alike
//! on both stores, or the command fails.
//!
//! The glossary moves too, as a glossary write (see `pg::glossary`): its rows with their ids,
//! then its counts and a sample of lookups are checked on both stores. It moves in a
//! transaction of its own, after the memory's: a move that fails after the memory is in says
//! so, and the store is to be emptied before moving again.
//!
//! And back: `--from postgres://… --to NEW.db` makes a new file (never one that exists)
//! holding the store's memory and glossary, checked the same way; a move that fails removes
//! the file it made.

use std::path::Path;

use serde::Serialize;

use crate::database::{self, Location};
use crate::error::{Error, Result};
use crate::import::JobReader;
use crate::memory::{self, MemoryStats, SearchQuery};
use crate::pg::{self, PgStore};
use crate::store::Store;

/// Units whose first segment the check searches for in both stores.
const SAMPLE: usize = 50;

/// What a move did.
// Fields in alphabetical order, as the other answers'.
#[derive(Debug, Serialize)]
pub struct MigrateReport {
    /// Import batches moved (each keeps its origin).
    pub batches: usize,
    /// Searches and lookups answered alike by both stores after the move.
    pub checked: usize,
    /// Glossary concepts moved.
    pub concepts: i64,
    pub from: String,
    pub segments: i64,
    /// Glossary terms moved.
    pub terms: i64,
    pub to: String,
    pub units: i64,
}

/// Moves the memory from one store to the other; see the module's documentation.
pub fn migrate(from: &Location, to: &Location) -> Result<MigrateReport> {
    match (from, to) {
        (Location::File(path), Location::Postgres(url)) => to_postgres(path, url),
        (Location::Postgres(url), Location::File(path)) => to_file(url, path),
        _ => Err(Error::Invalid(
            "migrate moves a store between a SQLite file and PostgreSQL: give one of each (--from FILE.db --to postgres://...)".into(),
        )),
    }
}

/// An import batch's units: a run of unit ids (an import's units are numbered in a row).
struct Run {
    origin: String,
    format: Option<String>,
    first: i64,
    last: i64,
}

fn to_postgres(path: &Path, url: &str) -> Result<MigrateReport> {
    if !path.is_file() {
        return Err(Error::NotFound(format!(
            "{}: no such database file",
            path.display()
        )));
    }
    // Opened as every command opens it: its index brought up to date, so that the check's
    // searches on it are right.
    let source = database::open(path)?;
    let before = memory::stats(&source)?;
    let mut dest = PgStore::connect(url)?;
    let there = dest.stats()?.units;
    let (there_concepts, _) = crate::glossary::counts(dest.glossary()?)?;
    if there > 0 || there_concepts > 0 {
        return Err(Error::Invalid(format!(
            "{}: the PostgreSQL store holds {} already, and {}; migrate moves into an empty store, so that the counts after the move can be checked",
            pg::redacted(url),
            crate::text::counted(there, "unit"),
            crate::text::counted(there_concepts, "glossary concept")
        )));
    }
    let mut stmt = source.conn().prepare(
        "SELECT u.batch, b.origin, b.format, u.id FROM unit u JOIN batch b ON b.id = u.batch ORDER BY u.id",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    drop(stmt);
    let runs = runs(rows);
    let jobs = runs.iter().map(|run| {
        Ok(JobReader {
            origin: run.origin.clone(),
            format: format_name(run.format.as_deref()),
            tracker: None,
            // The reading runs on a thread of its own, with a connection of its own.
            read: Box::new(move |sink| {
                let conn = Store::open_read_only(path)?;
                memory::db::for_each_unit_between(conn.conn(), run.first..=run.last, |u| {
                    sink(u.unit)
                })?;
                Ok(Vec::new())
            }),
        })
    });
    pg::import::import_readers(&dest, jobs, &Vec::new, false)?;
    let moved = (|| {
        dest.glossary_write(|replica| copy_glossary(replica.conn(), path, "other", "main", 0))?;
        let after = dest.stats()?;
        let searched = check(&source, &dest, &before, &after)?;
        let (concepts, terms) = check_glossary(&source, dest.glossary()?)?;
        Ok((after, searched, concepts, terms))
    })();
    let (after, searched, concepts, terms) = moved.map_err(|e: Error| {
        Error::Invalid(format!(
            "{e}: the PostgreSQL store holds what was moved; empty it before moving again"
        ))
    })?;
    let report = MigrateReport {
        batches: runs.len(),
        checked: searched + SAMPLE.min(concepts as usize),
        concepts,
        from: path.display().to_string(),
        segments: after.variants,
        terms,
        to: pg::redacted(url),
        units: after.units,
    };
    Ok(report)
}

/// The batches' runs of unit ids, from each unit's (batch, origin, format, id) in id order:
/// moved in that order, the units keep their relative order, and so search breaks ties
/// between them as before.
fn runs(units: Vec<pg::UnitBatch>) -> Vec<Run> {
    let mut runs: Vec<(i64, Run)> = Vec::new();
    for (batch, origin, format, id) in units {
        match runs.last_mut() {
            Some((b, run)) if *b == batch => run.last = id,
            _ => runs.push((
                batch,
                Run {
                    origin,
                    format,
                    first: id,
                    last: id,
                },
            )),
        }
    }
    runs.into_iter().map(|(_, run)| run).collect()
}

fn to_file(url: &str, path: &Path) -> Result<MigrateReport> {
    if path.exists() {
        return Err(Error::Invalid(format!(
            "{}: the file exists; migrate moves into a new file, never over one",
            path.display()
        )));
    }
    let mut source = PgStore::connect(url)?;
    let before = source.stats()?;
    let runs = runs(source.unit_batches()?);
    let moved = (|| {
        let mut dest = crate::shipped::create(path, true)?;
        let tx = dest.import_transaction(0)?;
        for run in &runs {
            // Read on the import's reading thread, with a connection of its own.
            let read = move |sink: &mut dyn FnMut(crate::memory::Unit) -> Result<()>| {
                PgStore::connect(url)?.for_each_unit_between(run.first..=run.last, sink)?;
                Ok(Vec::new())
            };
            memory::MemoryImport::new(&tx, &run.origin, format_name(run.format.as_deref()))?
                .run(read)?;
        }
        tx.commit()?;
        // The glossary's batches follow the memory's: on PostgreSQL each kind numbers its own.
        let offset: i64 =
            dest.conn()
                .query_row("SELECT coalesce(max(id), 0) FROM batch", [], |r| r.get(0))?;
        let replica = source.glossary()?;
        copy_glossary(replica.conn(), path, "main", "other", offset)?;
        let after = memory::stats(&dest)?;
        let searched = check(&dest, &source, &before, &after)?;
        let (concepts, terms) = check_glossary(&dest, source.glossary()?)?;
        Ok(MigrateReport {
            batches: runs.len(),
            checked: searched + SAMPLE.min(concepts as usize),
            concepts,
            from: pg::redacted(url),
            segments: after.variants,
            terms,
            to: path.display().to_string(),
            units: after.units,
        })
    })();
    if moved.is_err() {
        // The file is this move's own: a failed move leaves none behind.
        for end in ["", "-wal", "-shm", "-journal"] {
            let mut p = path.as_os_str().to_owned();
            p.push(end);
            let _ = std::fs::remove_file(p);
        }
    }
    moved
}

/// Copies the glossary's rows, ids kept, from schema `from` to schema `to` of `conn`, which
/// has the file at `file` attached as `other` for the copy; the glossary's import batches are
/// numbered `offset` further on. Both are at this concord's schema (the file was opened by
/// `database::open` or made by `shipped::create`), and the receiving glossary is empty.
fn copy_glossary(
    conn: &rusqlite::Connection,
    file: &Path,
    from: &str,
    to: &str,
    offset: i64,
) -> Result<()> {
    let name = file
        .to_str()
        .ok_or_else(|| Error::Invalid(format!("{}: not a UTF-8 path", file.display())))?;
    conn.execute("ATTACH DATABASE ?1 AS other", [name])?;
    let copied = crate::store::tx::savepoint(conn, || {
        conn.execute_batch(&format!(
            "INSERT INTO {to}.batch (id, kind, origin, format, imported_at)
                 SELECT id + {offset}, kind, origin, format, imported_at FROM {from}.batch WHERE kind = 'glossary';
             INSERT INTO {to}.concept (id, ext_id, subject, definition, note, fingerprint, batch, line)
                 SELECT id, ext_id, subject, definition, note, fingerprint, batch + {offset}, line FROM {from}.concept;
             INSERT INTO {to}.term (id, concept, lang, text, status, type, pos, context, source, note, case_sensitive, norm, infl, simp, klen, batch)
                 SELECT id, concept, lang, text, status, type, pos, context, source, note, case_sensitive, norm, infl, simp, klen, batch + {offset} FROM {from}.term;
             INSERT INTO {to}.term_fuzzy (list, data) SELECT list, data FROM {from}.term_fuzzy;
             INSERT INTO {to}.term_singular (word, singular) SELECT word, singular FROM {from}.term_singular;"
        ))?;
        Ok(())
    });
    conn.execute_batch("DETACH DATABASE other")?;
    copied
}

/// The glossary's counts equal on both stores, and lookups of a sample of its terms
/// answered alike: the counts, or an error saying what differs.
fn check_glossary(a: &Store, b: &Store) -> Result<(i64, i64)> {
    let counts = crate::glossary::counts(a)?;
    if counts != crate::glossary::counts(b)? {
        return Err(Error::Invalid(format!(
            "the glossary's counts differ after the move ({:?} and {:?} concepts and terms)",
            counts,
            crate::glossary::counts(b)?
        )));
    }
    let ids = crate::glossary::db::concept_ids(a.conn(), None)?;
    let step = (ids.len() / SAMPLE).max(1);
    for &id in ids.iter().step_by(step).take(SAMPLE) {
        let Some(c) = crate::glossary::db::get_concept(a.conn(), id)? else {
            continue;
        };
        let Some(t) = c.concept.terms.first() else {
            continue;
        };
        let q = crate::glossary::LookupQuery::new(t.text.clone());
        let json = |s: &Store| {
            serde_json::to_string(&crate::glossary::lookup(s, &q)?)
                .map_err(|e| Error::Invalid(e.to_string()))
        };
        if json(a)? != json(b)? {
            return Err(Error::Invalid(format!(
                "after the move, a lookup of {:?} answers differently on the two stores",
                t.text
            )));
        }
    }
    Ok(counts)
}

/// A batch's format as the import names formats (a report's `format`).
fn format_name(stored: Option<&str>) -> &'static str {
    const KNOWN: &[&str] = &["tmx", "xliff", "csv", "tsv", "parallel"];
    KNOWN
        .iter()
        .find(|k| Some(**k) == stored)
        .copied()
        .unwrap_or("moved")
}

/// Counts equal, and a sample of searches (the first segment of units spread over the
/// memory) answered alike, unit numbers aside (each store numbers its own): the number of
/// searches compared, or an error saying what differs. `before` is the source's counts.
fn check(file: &Store, pg: &PgStore, before: &MemoryStats, after: &MemoryStats) -> Result<usize> {
    let counts =
        |s: &MemoryStats| serde_json::to_value(s).map_err(|e| Error::Invalid(e.to_string()));
    if counts(before)? != counts(after)? {
        return Err(Error::Invalid(format!(
            "the move's counts differ (before {} units, {} segments; after {} units, {} segments)",
            before.units, before.variants, after.units, after.variants
        )));
    }
    let ids = memory::db::unit_ids(file.conn(), None)?;
    let step = (ids.len() / SAMPLE).max(1);
    let mut checked = 0;
    for &id in ids.iter().step_by(step).take(SAMPLE) {
        let Some(u) = memory::db::get_unit(file.conn(), id)? else {
            continue;
        };
        let Some(first) = u.unit.variants.first() else {
            continue;
        };
        let q = SearchQuery {
            from: Some(first.lang.clone()),
            ..SearchQuery::new(first.text.clone())
        };
        let a = without_units(crate::answer::search(file, &q)?)?;
        let b = without_units(crate::answer::search_in(pg, &q)?)?;
        if a != b {
            return Err(Error::Invalid(format!(
                "after the move, a search for {:?} answers differently on the two stores",
                first.text
            )));
        }
        checked += 1;
    }
    Ok(checked)
}

fn without_units(a: crate::answer::SearchAnswer) -> Result<serde_json::Value> {
    let mut v = serde_json::to_value(a).map_err(|e| Error::Invalid(e.to_string()))?;
    if let Some(hits) = v["hits"].as_array_mut() {
        for h in hits {
            if let Some(o) = h.as_object_mut() {
                o.remove("unit");
            }
        }
    }
    Ok(v)
}
