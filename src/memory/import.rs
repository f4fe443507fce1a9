//! Importing translation units: one transaction per command (the caller's), duplicates
//! counted, unusable units skipped with their line and reason, counts per language pair.

use std::collections::BTreeMap;

use rusqlite::Transaction;
use serde::Serialize;

use super::db;
use super::index::IndexBuilder;
use super::model::Unit;
use crate::error::Result;
use crate::formats::Skip;
use crate::store;

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
}

/// Receives units from a reader and stores them in the caller's transaction, indexing each
/// new segment for fuzzy search and concordance as it goes: there is no rebuild step.
pub struct MemoryImport<'a, 'conn> {
    tx: &'a Transaction<'conn>,
    batch: i64,
    index: IndexBuilder,
    langs: BTreeMap<String, i64>,
    report: MemoryImportReport,
}

impl<'a, 'conn> MemoryImport<'a, 'conn> {
    pub fn new(tx: &'a Transaction<'conn>, origin: &str, format: &str) -> Result<Self> {
        Ok(MemoryImport {
            tx,
            batch: store::new_batch(tx, "memory", origin, Some(format))?,
            index: IndexBuilder::default(),
            langs: BTreeMap::new(),
            report: MemoryImportReport {
                origin: origin.to_string(),
                format: format.to_string(),
                ..MemoryImportReport::default()
            },
        })
    }

    /// Stores one unit, or counts it as a duplicate or a skip.
    pub fn add(&mut self, unit: Unit) -> Result<()> {
        if let Some(reason) = unusable(&unit) {
            self.report.skipped.push(Skip {
                line: unit.line,
                reason,
            });
            return Ok(());
        }
        match db::insert_unit(self.tx, self.batch, &unit)? {
            Some((_, variant_ids)) => {
                for (id, v) in variant_ids.into_iter().zip(&unit.variants) {
                    self.index.add(self.tx, id, &v.lang, &v.text)?;
                    *self.langs.entry(v.lang.to_string()).or_default() += 1;
                }
                self.report.imported += 1;
                let pair = db::pair_name(unit.variants.iter().map(|v| v.lang.as_str()));
                *self.report.by_pair.entry(pair).or_default() += 1;
            }
            None => self.report.duplicates += 1,
        }
        Ok(())
    }

    /// Units processed so far, for progress bars.
    pub fn seen(&self) -> u64 {
        self.report.imported + self.report.duplicates + self.report.skipped.len() as u64
    }

    /// Ends the import: writes the last postings and merges in what the reader skipped
    /// (sorted by line).
    pub fn finish(mut self, reader_skips: Vec<Skip>) -> Result<MemoryImportReport> {
        self.index.flush(self.tx)?;
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
fn unusable(u: &Unit) -> Option<String> {
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
}
