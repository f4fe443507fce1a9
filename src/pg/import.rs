//! `tm import` into PostgreSQL: the files' units in one transaction (a killed import leaves
//! nothing), written with COPY, indexed as SQLite's import indexes them.
//!
//! A second thread reads the files and tokenises their segments (the costly half), as for
//! SQLite; this one drops duplicates, numbers what is new and writes it. Imports take turns
//! on a transaction-scoped advisory lock, because each numbers new tokens and variants from
//! what is stored when it begins; the unique unit hash refuses a duplicate even so.

use std::collections::{BTreeMap, HashSet};
use std::sync::mpsc;

use postgres::Transaction;
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::Type;
use rustc_hash::FxHashMap;

use super::{IMPORT_LOCK, PgStore};
use crate::error::{Error, Result};
use crate::formats::Skip;
use crate::import::{JobReader, MemorySettings, Progress, job_reader};
use crate::memory::MemoryImportReport;
use crate::memory::db::{meta_json, pair_name, unit_hash};
use crate::memory::import::unusable;
use crate::memory::index::{NewToken, Postings, SegmentTokens, Tokenizer};
use crate::model::memory::Unit;

/// Units the reading thread hands over at a time.
const UNITS: usize = 1024;
/// Units held before their rows are copied in.
const FLUSH: usize = 16 * 1024;
/// Stored units up to which an import reads all their hashes once (16 bytes each, 16 MiB at
/// most) instead of asking which of each batch's are stored.
const READ_WHOLE: i64 = 1 << 20;

/// A unit read and tokenised, with its identity; `unusable` says why it cannot be stored.
struct Prepared {
    unit: Unit,
    hash: [u8; 16],
    tokens: Vec<SegmentTokens>,
    unusable: Option<String>,
}

fn prepare(unit: Unit, tokenizer: &mut Tokenizer) -> Prepared {
    let unusable = unusable(&unit);
    let (hash, tokens) = match unusable {
        Some(_) => ([0; 16], Vec::new()),
        None => (
            unit_hash(&unit),
            unit.variants
                .iter()
                .map(|v| tokenizer.tokens(&v.lang, &v.text))
                .collect(),
        ),
    };
    Prepared {
        unit,
        hash,
        tokens,
        unusable,
    }
}

/// Imports memory files into a PostgreSQL store in one transaction; one report per file.
pub fn import_memory(
    pg: &PgStore,
    s: &MemorySettings,
    progress: &dyn Progress,
) -> Result<Vec<MemoryImportReport>> {
    let jobs = s.jobs.iter().map(|job| job_reader(job, &s.read, progress));
    import_readers(pg, jobs, &|| s.read.names.take(), s.dry_run)
}

/// Imports what each reader reads into a PostgreSQL store in one transaction, committed
/// unless `dry_run`: `tm import`'s files, or another store's units (`concord migrate`).
/// `named` says, after each job, the language names its file used, for its report.
pub(crate) fn import_readers<'a>(
    pg: &PgStore,
    jobs: impl Iterator<Item = Result<JobReader<'a>>>,
    named: &dyn Fn() -> Vec<crate::text::NamedLang>,
    dry_run: bool,
) -> Result<Vec<MemoryImportReport>> {
    let mut client = pg.client();
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&IMPORT_LOCK])?;
    let known = tx
        .query("SELECT id, lang, token FROM tm_token", &[])?
        .into_iter()
        .map(|r| (r.get::<_, i32>(0) as u32, r.get(1), r.get(2)));
    // Asking the unit table which of each batch's hashes it holds was, with the COPYs, the
    // storing thread's time: 977 queries, 6.3 s of the server's at 1,000,000 pairs, each
    // probing a random-ordered index 1,024 times. A store of up to a million units gives its
    // hashes in one read instead. Imports take turns on the lock taken above, so no other
    // adds units until this one commits; the unique hash refuses a duplicate even so.
    let bounded = "SELECT count(*) FROM (SELECT 1 FROM unit LIMIT $1) u";
    let stored_units: i64 = tx.query_one(bounded, &[&(READ_WHOLE + 1)])?.get(0);
    // `CONCORD_PG_READ_WHOLE` lowers the bound, so that tests take the other way too.
    let read_whole = std::env::var("CONCORD_PG_READ_WHOLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(READ_WHOLE);
    let stored = if stored_units <= read_whole {
        let rows = tx.query("SELECT hash FROM unit", &[])?;
        Some(
            rows.iter()
                .map(|r| r.get::<_, &[u8]>(0).try_into())
                .collect::<std::result::Result<HashSet<[u8; 16]>, _>>()
                .map_err(|_| Error::Invalid("a stored unit's hash is not 16 bytes".into()))?,
        )
    } else {
        None
    };
    // Each batch asks which of its units' hashes are stored already. The planner, costing a
    // table that grows by the import it is in without statistics of it, scanned the whole
    // unit table for each batch rather than probe its unique index 1,024 times: 37% of a
    // 300,000-pair import, growing with the square of its size. Only this
    // transaction, and after the vocabulary is read whole.
    tx.batch_execute("SET LOCAL enable_seqscan = off")?;
    let mut w = Writer {
        tokenizer: Some(Tokenizer::from_known(known)),
        next_unit: next_id(&mut tx, "SELECT coalesce(max(id), 0) + 1 FROM unit")?,
        next_variant: next_id(&mut tx, "SELECT coalesce(max(id), 0) + 1 FROM variant")?,
        postings: Postings::default(),
        held: HashSet::new(),
        stored,
        units: Vec::new(),
        variants: Vec::new(),
        df: FxHashMap::default(),
        langs: BTreeMap::new(),
    };
    let mut reports = Vec::new();
    for job in jobs {
        let report = w.job(&mut tx, job?)?;
        reports.push(MemoryImportReport {
            languages_named: named(),
            ..report
        });
    }
    w.finish(&mut tx)?;
    if !dry_run {
        tx.commit()?;
    }
    Ok(reports)
}

fn next_id(tx: &mut Transaction<'_>, sql: &str) -> Result<i64> {
    Ok(tx.query_one(sql, &[])?.get(0))
}

/// A unit row and a variant row as they are copied in.
type UnitRow = (
    i64,
    [u8; 16],
    i64,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
    i64,
);
type VariantRow = (
    i64,
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
    Vec<u8>,
);

/// The storing side of an import, across its files.
struct Writer {
    /// Lent to each file's reading thread, and back after it.
    tokenizer: Option<Tokenizer>,
    next_unit: i64,
    next_variant: i64,
    postings: Postings,
    /// Hashes of units not yet copied in (those copied are found in the table).
    held: HashSet<[u8; 16]>,
    /// Every stored unit's hash, this import's copied ones too, when the store held few
    /// enough at its start (see [`READ_WHOLE`]); else each batch asks.
    stored: Option<HashSet<[u8; 16]>>,
    units: Vec<UnitRow>,
    variants: Vec<VariantRow>,
    /// Postings added per token: its document frequency grows by that much.
    df: FxHashMap<u32, i64>,
    /// Segments added per language tag.
    langs: BTreeMap<String, i64>,
}

impl Writer {
    fn job(&mut self, tx: &mut Transaction<'_>, job: JobReader<'_>) -> Result<MemoryImportReport> {
        let batch: i64 = tx
            .query_one(
                "INSERT INTO batch (kind, origin, format) VALUES ('memory', $1, $2) RETURNING id",
                &[&job.origin, &job.format],
            )?
            .get(0);
        let mut report = MemoryImportReport {
            origin: job.origin.clone(),
            format: job.format.to_string(),
            ..MemoryImportReport::default()
        };
        let mut tokenizer = self.tokenizer.take().unwrap_or_default();
        // Room for two flushes' units: the reading thread goes on tokenising while this one
        // waits for a COPY to finish, instead of stopping four batches in.
        let (send, receive) =
            mpsc::sync_channel::<(Vec<Prepared>, Vec<NewToken>)>(2 * FLUSH / UNITS);
        let (read, tracker) = (job.read, job.tracker);
        let (read, stored) = std::thread::scope(|scope| {
            let reader = scope.spawn(move || {
                let mut units = Vec::with_capacity(UNITS);
                let stopped = || Error::Invalid("the import stopped".into());
                let skips = read(&mut |unit| {
                    units.push(prepare(unit, &mut tokenizer));
                    if units.len() == UNITS {
                        let full = std::mem::replace(&mut units, Vec::with_capacity(UNITS));
                        send.send((full, tokenizer.take_new()))
                            .map_err(|_| stopped())?;
                    }
                    Ok(())
                });
                if skips.is_ok() {
                    send.send((units, tokenizer.take_new()))
                        .map_err(|_| stopped())?;
                }
                skips.map(|s| (s, tokenizer))
            });
            let stored = (|| -> Result<()> {
                for (units, new) in receive {
                    self.postings.learn(new);
                    self.store(tx, batch, units, &mut report)?;
                    // Units processed so far, as SQLite's import tells its tracker.
                    if let Some(t) = &tracker {
                        t.units(report.imported + report.duplicates + report.skipped.len() as u64);
                    }
                }
                Ok(())
            })();
            let read = reader
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (read, stored)
        });
        if let Some(t) = &tracker {
            t.finish();
        }
        // A storing error first: it is the cause of the reader's "stopped".
        stored?;
        let (skips, tokenizer) = read?;
        self.tokenizer = Some(tokenizer);
        report.skipped.extend(skips);
        report.skipped.sort_by_key(|s| s.line);
        Ok(report)
    }

    /// Drops the duplicates among `units` (already stored, or met earlier in this import),
    /// numbers the rest and holds their rows, copying them in when enough are held.
    fn store(
        &mut self,
        tx: &mut Transaction<'_>,
        batch: i64,
        units: Vec<Prepared>,
        report: &mut MemoryImportReport,
    ) -> Result<()> {
        let ask: Vec<&[u8]> = units
            .iter()
            .filter(|p| p.unusable.is_none() && !self.held.contains(&p.hash))
            .map(|p| &p.hash[..])
            .collect();
        let stored: HashSet<Vec<u8>> = if ask.is_empty() || self.stored.is_some() {
            HashSet::new()
        } else {
            tx.query("SELECT hash FROM unit WHERE hash = ANY($1)", &[&ask])?
                .into_iter()
                .map(|r| r.get(0))
                .collect()
        };
        for p in units {
            if let Some(reason) = p.unusable {
                report.skipped.push(Skip {
                    line: p.unit.line,
                    reason,
                });
                continue;
            }
            let known = self.stored.as_ref().is_some_and(|s| s.contains(&p.hash));
            if known || stored.contains(&p.hash[..]) || !self.held.insert(p.hash) {
                report.duplicates += 1;
                continue;
            }
            let (id, first) = (self.next_unit, self.next_variant);
            let n = p.unit.variants.len() as i64;
            self.next_unit += 1;
            self.next_variant += n;
            let u = &p.unit;
            self.units.push((
                id,
                p.hash,
                batch,
                u.line as i64,
                u.srclang.as_ref().map(|l| l.to_string()),
                u.state.clone(),
                meta_json(&u.meta),
                first,
                first + n - 1,
            ));
            for (i, (v, tokens)) in u.variants.iter().zip(&p.tokens).enumerate() {
                let variant = first + i as i64;
                self.postings.add(variant, tokens);
                *self.langs.entry(v.lang.to_string()).or_default() += 1;
                self.variants.push((
                    variant,
                    id,
                    v.lang.to_string(),
                    v.text.clone(),
                    v.markup.clone(),
                    meta_json(&v.meta),
                    tokens.seq.clone(),
                ));
            }
            report.imported += 1;
            *report
                .by_pair
                .entry(pair_name(u.variants.iter().map(|v| v.lang.as_str())))
                .or_default() += 1;
        }
        if self.units.len() >= FLUSH {
            self.copy_rows(tx)?;
        }
        if let Some(due) = self.postings.take_due() {
            self.copy_postings(tx, due)?;
        }
        Ok(())
    }

    /// Copies the held unit and variant rows in.
    fn copy_rows(&mut self, tx: &mut Transaction<'_>) -> Result<()> {
        if self.units.is_empty() {
            return Ok(());
        }
        let sink = tx.copy_in(
            "COPY unit (id, hash, batch, line, srclang, state, meta, first_variant, last_variant) FROM STDIN BINARY",
        )?;
        let mut w = BinaryCopyInWriter::new(
            sink,
            &[
                Type::INT8,
                Type::BYTEA,
                Type::INT8,
                Type::INT8,
                Type::TEXT,
                Type::TEXT,
                Type::TEXT,
                Type::INT8,
                Type::INT8,
            ],
        );
        for (id, hash, batch, line, srclang, state, meta, first, last) in self.units.drain(..) {
            w.write(&[
                &id,
                &&hash[..],
                &batch,
                &line,
                &srclang,
                &state,
                &meta,
                &first,
                &last,
            ])?;
        }
        w.finish()?;
        let sink = tx
            .copy_in("COPY variant (id, unit, lang, text, markup, meta, toks) FROM STDIN BINARY")?;
        let mut w = BinaryCopyInWriter::new(
            sink,
            &[
                Type::INT8,
                Type::INT8,
                Type::TEXT,
                Type::TEXT,
                Type::TEXT,
                Type::TEXT,
                Type::BYTEA,
            ],
        );
        for (id, unit, lang, text, markup, meta, toks) in self.variants.drain(..) {
            w.write(&[&id, &unit, &lang, &text, &markup, &meta, &toks])?;
        }
        w.finish()?;
        // What is copied in is found by the next batches' query, or kept with the hashes
        // read at the start.
        match &mut self.stored {
            Some(stored) => stored.extend(self.held.drain()),
            None => self.held.clear(),
        }
        Ok(())
    }

    /// Copies in the new tokens and appends each list's postings as a chunk.
    fn copy_postings(
        &mut self,
        tx: &mut Transaction<'_>,
        batch: crate::memory::index::PostingBatch,
    ) -> Result<()> {
        let (new, lists) = batch.into_chunks();
        if !new.is_empty() {
            let sink = tx.copy_in("COPY tm_token (id, lang, token, df) FROM STDIN BINARY")?;
            let mut w =
                BinaryCopyInWriter::new(sink, &[Type::INT4, Type::TEXT, Type::TEXT, Type::INT8]);
            for (id, lang, token) in &new {
                w.write(&[&(*id as i32), lang, token, &0i64])?;
            }
            w.finish()?;
        }
        if !lists.is_empty() {
            // The chunk numbers come from the sequence, in row order: a list's chunks keep the
            // order of its segments across imports, as imports take turns.
            let sink = tx.copy_in("COPY tm_posting (token, data) FROM STDIN BINARY")?;
            let mut w = BinaryCopyInWriter::new(sink, &[Type::INT4, Type::BYTEA]);
            for (token, count, data) in &lists {
                w.write(&[&(*token as i32), data])?;
                *self.df.entry(*token).or_default() += count;
            }
            w.finish()?;
        }
        Ok(())
    }

    /// Copies in what is held and adds the document frequencies and language counts.
    fn finish(&mut self, tx: &mut Transaction<'_>) -> Result<()> {
        self.copy_rows(tx)?;
        let last = self.postings.take();
        self.copy_postings(tx, last)?;
        let (ids, counts): (Vec<i32>, Vec<i64>) =
            self.df.drain().map(|(id, n)| (id as i32, n)).unzip();
        tx.execute(
            "UPDATE tm_token t SET df = t.df + d.n FROM unnest($1::int4[], $2::int8[]) AS d(id, n) WHERE t.id = d.id",
            &[&ids, &counts],
        )?;
        for (lang, n) in &self.langs {
            tx.execute(
                "INSERT INTO tm_lang (lang, segments) VALUES ($1, $2) ON CONFLICT (lang) DO UPDATE SET segments = tm_lang.segments + excluded.segments",
                &[lang, n],
            )?;
        }
        Ok(())
    }
}
