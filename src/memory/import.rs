//! Importing translation units: one transaction per command (the caller's), duplicates
//! counted, unusable units skipped with their line and reason, counts per language pair.

use std::collections::BTreeMap;
use std::sync::mpsc::{self, Receiver, SyncSender};

use rusqlite::Transaction;
use serde::Serialize;

use super::db;
use super::index::{PostingBatch, Postings, SegmentTokens, Tokenizer};
use crate::error::{Error, Result};
use crate::formats::Skip;
use crate::model::memory::Unit;
use crate::store;
use crate::text::NamedLang;

#[derive(Clone, Debug, Default, Serialize)]
pub struct MemoryImportReport {
    pub origin: String,
    pub format: String,
    pub imported: u64,
    /// Units already in the memory, or repeated within the file.
    pub duplicates: u64,
    /// Units passed over, with line and reason (the reader's and the importer's).
    pub skipped: Vec<Skip>,
    /// Imported units per language pair ("en / zh-CN").
    pub by_pair: BTreeMap<String, u64>,
    /// Language names the file carried in place of tags, and the tags they were read as.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub languages_named: Vec<NamedLang>,
}

/// Receives units from a reader and stores them in the caller's transaction, indexing each
/// new segment for fuzzy search and concordance as it goes: there is no rebuild step.
///
/// [`MemoryImport::add`] does all the work on the caller's thread; [`MemoryImport::run`] reads
/// the file, tokenises its segments and collects the postings of those stored on a second
/// thread, while this one writes rows. The two halves cost about the same, so an import
/// takes about half the time on two cores.
pub struct MemoryImport<'a, 'conn> {
    tx: &'a Transaction<'conn>,
    units: db::UnitWriter<'a>,
    batch: i64,
    tokenizer: Tokenizer,
    postings: Postings,
    langs: BTreeMap<String, i64>,
    report: MemoryImportReport,
    /// Told how many units have been processed, after each batch stored (a progress report).
    counted: Option<Box<dyn Fn(u64) + Send + 'a>>,
}

/// A unit with what storing it needs worked out in advance: its identity, its segments'
/// tokens (none when it cannot be stored), its language pair's name, and why it cannot be
/// stored.
struct PreparedUnit {
    unit: Unit,
    hash: [u8; 16],
    tokens: Vec<SegmentTokens>,
    pair: String,
    unusable: Option<String>,
}

impl PreparedUnit {
    /// A duplicate is tokenised too (it is found out only when stored), which gives the
    /// vocabulary nothing its original did not.
    fn new(unit: Unit, tokenizer: &mut Tokenizer) -> PreparedUnit {
        let unusable = unusable(&unit);
        let (hash, tokens) = match unusable {
            Some(_) => ([0; 16], Vec::new()),
            None => (
                db::unit_hash(&unit),
                unit.variants
                    .iter()
                    .map(|v| tokenizer.tokens(&v.lang, &v.text))
                    .collect(),
            ),
        };
        PreparedUnit {
            pair: db::pair_name(unit.variants.iter().map(|v| v.lang.as_str())),
            unit,
            hash,
            tokens,
            unusable,
        }
    }

    /// Adds the segments of a stored unit, whose first variant got id `first`, to `postings`.
    fn index(&self, first: i64, postings: &mut Postings) {
        for (i, tokens) in self.tokens.iter().enumerate() {
            postings.add(first + i as i64, tokens);
        }
    }
}

/// What the reading thread hands the storing thread.
enum ToStore {
    Units(Vec<PreparedUnit>),
    Postings(PostingBatch),
}

/// Units the storing thread has handled, going back to the reading thread with each one's
/// first variant id (`None` for a duplicate or a skip): there they are indexed, and freed where
/// they were allocated (a free from another thread cost the storing thread a twentieth of its
/// time).
type Stored = (Vec<PreparedUnit>, Vec<Option<i64>>);

/// The reading thread's half of [`MemoryImport::run`].
struct ReadingSide {
    tokenizer: Tokenizer,
    postings: Postings,
    units: Vec<PreparedUnit>,
    /// Batches sent and not back yet.
    in_flight: usize,
    send: SyncSender<ToStore>,
    stored: Receiver<Stored>,
}

impl ReadingSide {
    const UNITS: usize = 512;

    fn push(&mut self, unit: Unit) -> Result<()> {
        self.units
            .push(PreparedUnit::new(unit, &mut self.tokenizer));
        if self.units.len() == Self::UNITS {
            self.hand_over()?;
        }
        Ok(())
    }

    fn hand_over(&mut self) -> Result<()> {
        while let Ok(stored) = self.stored.try_recv() {
            self.index(stored)?;
        }
        // The postings of these units are added only when they come back, so their new tokens
        // are learned first.
        self.postings.learn(self.tokenizer.take_new());
        let units = std::mem::take(&mut self.units);
        self.send(ToStore::Units(units))?;
        self.in_flight += 1;
        Ok(())
    }

    fn index(&mut self, (units, firsts): Stored) -> Result<()> {
        self.in_flight -= 1;
        for (p, first) in units.iter().zip(firsts) {
            if let Some(first) = first {
                p.index(first, &mut self.postings);
            }
        }
        if let Some(batch) = self.postings.take_due() {
            self.send(ToStore::Postings(batch))?;
        }
        Ok(())
    }

    /// Hands over the last units, waits for every batch to come back, and hands over the
    /// postings still held.
    fn finish(mut self) -> Result<()> {
        self.hand_over()?;
        while self.in_flight > 0 {
            let stored = self.stored.recv().map_err(|_| stopped())?;
            self.index(stored)?;
        }
        let batch = self.postings.take();
        self.send(ToStore::Postings(batch))
    }

    fn send(&self, what: ToStore) -> Result<()> {
        self.send.send(what).map_err(|_| stopped())
    }
}

/// The reading thread's error when the storing thread has stopped (which reports its own).
fn stopped() -> Error {
    Error::Invalid("the import stopped".into())
}

impl<'a, 'conn> MemoryImport<'a, 'conn> {
    pub fn new(tx: &'a Transaction<'conn>, origin: &str, format: &str) -> Result<Self> {
        // The batch row first: writing takes the database's write lock, so the vocabulary and
        // the last variant id read next cannot change under the import (the writer numbers
        // new tokens and variants from them).
        let batch = store::new_batch(tx, "memory", origin, Some(format))?;
        let tokenizer = Tokenizer::load(tx)?;
        Ok(MemoryImport {
            tx,
            units: db::UnitWriter::new(tx)?,
            batch,
            postings: Postings::default(),
            tokenizer,
            langs: BTreeMap::new(),
            report: MemoryImportReport {
                origin: origin.to_string(),
                format: format.to_string(),
                ..MemoryImportReport::default()
            },
            counted: None,
        })
    }

    /// Tells `count` how many units have been processed (stored, duplicates and skipped, as
    /// [`MemoryImport::seen`] counts them) after each batch [`MemoryImport::run`] stores.
    pub fn counting(mut self, count: impl Fn(u64) + Send + 'a) -> Self {
        self.counted = Some(Box::new(count));
        self
    }

    /// Stores one unit, or counts it as a duplicate or a skip.
    pub fn add(&mut self, unit: Unit) -> Result<()> {
        let p = PreparedUnit::new(unit, &mut self.tokenizer);
        self.postings.learn(self.tokenizer.take_new());
        if let Some(first) = self.store(&p)? {
            p.index(first, &mut self.postings);
            if let Some(batch) = self.postings.take_due() {
                batch.write(self.tx)?;
            }
        }
        Ok(())
    }

    /// Imports what `read` hands its sink, reading (and tokenising and collecting postings) on
    /// a second thread, and ends the import as [`MemoryImport::finish`] does. An error of
    /// either thread stops both; a storing error is reported before the reading error it
    /// causes.
    pub fn run<R>(mut self, read: R) -> Result<MemoryImportReport>
    where
        R: FnOnce(&mut dyn FnMut(Unit) -> Result<()>) -> Result<Vec<Skip>> + Send,
    {
        let (send, receive) = mpsc::sync_channel::<ToStore>(4);
        let (give_back, stored) = mpsc::channel::<Stored>();
        let mut side = ReadingSide {
            tokenizer: std::mem::take(&mut self.tokenizer),
            postings: std::mem::take(&mut self.postings),
            units: Vec::new(),
            in_flight: 0,
            send,
            stored,
        };
        std::thread::scope(|scope| {
            let reader = scope.spawn(move || {
                let skips = read(&mut |unit| side.push(unit))?;
                side.finish()?;
                Ok(skips)
            });
            let stored = (|| -> Result<()> {
                // Owned here, so that a storing error ends the reader's wait for stored units.
                let give_back = give_back;
                for what in receive {
                    match what {
                        ToStore::Units(units) => {
                            let firsts = units
                                .iter()
                                .map(|p| self.store(p))
                                .collect::<Result<Vec<_>>>()?;
                            if let Some(count) = &self.counted {
                                count(self.seen());
                            }
                            // The reader may be gone (a reading error): then they are freed here.
                            let _ = give_back.send((units, firsts));
                        }
                        ToStore::Postings(batch) => batch.write(self.tx)?,
                    }
                }
                Ok(())
            })();
            let read: Result<Vec<Skip>> = reader
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            stored?;
            self.finish(read?)
        })
    }

    /// Stores a unit's rows; returns its first variant id, or `None` for a duplicate or a skip.
    fn store(&mut self, p: &PreparedUnit) -> Result<Option<i64>> {
        if let Some(reason) = &p.unusable {
            self.report.skipped.push(Skip {
                line: p.unit.line,
                reason: reason.clone(),
            });
            return Ok(None);
        }
        let Some(first) = self.units.insert(self.batch, &p.unit, &p.hash, &p.tokens)? else {
            self.report.duplicates += 1;
            return Ok(None);
        };
        for v in &p.unit.variants {
            match self.langs.get_mut(v.lang.as_str()) {
                Some(n) => *n += 1,
                None => {
                    self.langs.insert(v.lang.to_string(), 1);
                }
            }
        }
        self.report.imported += 1;
        match self.report.by_pair.get_mut(&p.pair) {
            Some(n) => *n += 1,
            None => {
                self.report.by_pair.insert(p.pair.clone(), 1);
            }
        }
        Ok(Some(first))
    }

    /// Units processed so far, for progress bars.
    pub fn seen(&self) -> u64 {
        self.report.imported + self.report.duplicates + self.report.skipped.len() as u64
    }

    /// Ends the import: writes the last postings and merges in what the reader skipped
    /// (sorted by line).
    pub fn finish(mut self, reader_skips: Vec<Skip>) -> Result<MemoryImportReport> {
        self.postings.take().write(self.tx)?;
        let mut lang = self.tx.prepare_cached(
            "INSERT INTO tm_lang (lang, segments) VALUES (?1, ?2) ON CONFLICT (lang) DO UPDATE SET segments = segments + excluded.segments",
        )?;
        for (l, n) in &self.langs {
            lang.execute(rusqlite::params![l, n])?;
        }
        self.report.skipped.extend(reader_skips);
        self.report.skipped.sort_by_key(|s| s.line);
        Ok(self.report)
    }
}

/// Why a unit cannot go into a memory: every format's readers check their own rules, and
/// this is the rule they all share.
pub(crate) fn unusable(u: &Unit) -> Option<String> {
    let filled: Vec<_> = u
        .variants
        .iter()
        .filter(|v| !v.text.trim().is_empty())
        .collect();
    if u.variants.len() < 2 {
        return Some("only one language".into());
    }
    if let Some(empty) = u.variants.iter().find(|v| v.text.trim().is_empty()) {
        return Some(format!("empty {} segment", empty.lang));
    }
    if filled.iter().all(|v| v.lang == filled[0].lang) {
        return Some(format!("every segment is {}", filled[0].lang));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::Variant;
    use crate::store::Store;
    use crate::text::LangTag;

    fn unit(line: u64, en: &str, zh: &str) -> Unit {
        Unit {
            variants: vec![
                Variant::plain(LangTag::parse("en").unwrap(), en),
                Variant::plain(LangTag::parse("zh-CN").unwrap(), zh),
            ],
            line,
            ..Unit::default()
        }
    }

    #[test]
    fn counts_imports_duplicates_and_skips() {
        let mut store = Store::open_in_memory().unwrap();
        let tx = store.transaction().unwrap();
        let mut imp = MemoryImport::new(&tx, "f.tsv", "tsv").unwrap();
        imp.add(unit(1, "Hi.", "嗨。")).unwrap();
        imp.add(unit(2, "Hi.", "嗨。")).unwrap();
        imp.add(unit(3, "Bye.", " ")).unwrap();
        let r = imp
            .finish(vec![Skip {
                line: 2,
                reason: "reader".into(),
            }])
            .unwrap();
        assert_eq!((r.imported, r.duplicates), (1, 1));
        assert_eq!(
            r.skipped
                .iter()
                .map(|s| (s.line, s.reason.as_str()))
                .collect::<Vec<_>>(),
            [(2, "reader"), (3, "empty zh-CN segment")]
        );
        assert_eq!(r.by_pair["en / zh-CN"], 1);
    }

    fn units() -> Vec<Unit> {
        let mut us: Vec<Unit> = (1..=2000)
            .map(|i| {
                unit(
                    i,
                    &format!("Line {i} of the file."),
                    &format!("文件第{i}行。"),
                )
            })
            .collect();
        us.push(unit(2001, "Line 7 of the file.", "文件第7行。"));
        us.push(unit(2002, "Only English.", ""));
        us
    }

    /// The store's memory rows and index, in a form to compare.
    fn contents(tx: &Transaction) -> Vec<String> {
        let mut out = Vec::new();
        for sql in [
            "SELECT id || ' ' || unit || ' ' || lang || ' ' || text FROM variant ORDER BY id",
            "SELECT id || ' ' || lang || ' ' || token || ' ' || df FROM tm_token ORDER BY id",
            "SELECT token || ' ' || chunk || ' ' || hex(data) FROM tm_posting ORDER BY token, chunk",
            "SELECT id || ' ' || hex(toks) FROM variant ORDER BY id",
        ] {
            let mut stmt = tx.prepare(sql).unwrap();
            let rows = stmt.query_map([], |r| r.get::<_, String>(0)).unwrap();
            out.extend(rows.map(|r| r.unwrap()));
        }
        out
    }

    #[test]
    fn reading_on_a_second_thread_stores_what_one_thread_stores() {
        let mut one = Store::open_in_memory().unwrap();
        let tx1 = one.transaction().unwrap();
        let mut imp = MemoryImport::new(&tx1, "f.tsv", "tsv").unwrap();
        for u in units() {
            imp.add(u).unwrap();
        }
        let r1 = imp.finish(Vec::new()).unwrap();
        assert_eq!((r1.imported, r1.duplicates, r1.skipped.len()), (2000, 1, 1));

        // Once with every list written at the end; once with lists due at a few bytes, and once
        // with a budget of a few hundred bytes, so that batches are written between units while
        // the reader goes on.
        for (budget, chunk) in [(usize::MAX, usize::MAX), (usize::MAX, 8), (300, usize::MAX)] {
            let mut two = Store::open_in_memory().unwrap();
            let tx2 = two.transaction().unwrap();
            let mut imp = MemoryImport::new(&tx2, "f.tsv", "tsv").unwrap();
            imp.postings = Postings::with_limits(budget, chunk);
            let r2 = imp
                .run(|sink| {
                    for u in units() {
                        sink(u)?;
                    }
                    Ok(Vec::new())
                })
                .unwrap();
            assert_eq!(
                (r2.imported, r2.duplicates, r2.skipped.len()),
                (r1.imported, r1.duplicates, r1.skipped.len())
            );
            let (a, b) = (contents(&tx1), contents(&tx2));
            let first_difference = a.iter().zip(&b).find(|(x, y)| x != y);
            assert_eq!(first_difference, None, "budget {budget}, chunk {chunk}");
            assert_eq!(a.len(), b.len(), "budget {budget}, chunk {chunk}");
        }
    }

    #[test]
    fn a_reading_error_ends_the_import_with_its_line() {
        let mut store = Store::open_in_memory().unwrap();
        let tx = store.transaction().unwrap();
        let err = MemoryImport::new(&tx, "f.tsv", "tsv")
            .unwrap()
            .run(|sink| {
                for u in units().into_iter().take(1500) {
                    sink(u)?;
                }
                Err(crate::Error::input("f.tsv", 1501, "a broken line"))
            })
            .unwrap_err();
        assert_eq!(err.to_string(), "f.tsv:1501: a broken line");
    }

    #[test]
    fn a_storing_error_stops_the_reading_and_is_the_one_reported() {
        let mut store = Store::open_in_memory().unwrap();
        let tx = store.transaction().unwrap();
        let imp = MemoryImport::new(&tx, "f.tsv", "tsv").unwrap();
        // Storing fails from the first unit on: the variant table is gone.
        tx.execute_batch("DROP TABLE variant").unwrap();
        let mut offered = 0;
        let err = imp
            .run(|sink| {
                for u in std::iter::repeat_with(|| unit(1, "Again.", "又一次。")) {
                    offered += 1;
                    sink(u)?;
                }
                Ok(Vec::new())
            })
            .unwrap_err();
        assert!(err.to_string().contains("variant"), "{err}");
        assert!(offered < 100_000, "reading went on for {offered} units");
    }
}
