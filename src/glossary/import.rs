//! Importing a glossary file: one transaction, validated first, merged concept by concept,
//! with a report of what was added, merged, skipped as duplicate or passed over.

use serde::Serialize;

use super::cells::{self, Split};
use super::db::{self, Merge};
use crate::error::{Error, Result};
use crate::formats::{GlossaryRead, Skip, limits};
use rusqlite::Transaction;

use crate::store;
use crate::store::guard::LargerCache;
use crate::text::NamedLang;

/// The page cache an import may use, in KiB: it only grows as pages are used.
const IMPORT_CACHE_KIB: i64 = 256 * 1024;

#[derive(Clone, Debug, Default, Serialize)]
pub struct ImportReport {
    pub origin: String,
    pub format: String,
    pub concepts_read: usize,
    pub added: usize,
    pub merged: usize,
    pub duplicates: usize,
    pub terms_added: usize,
    /// Records the reader passed over, with line and reason.
    pub skipped: Vec<Skip>,
    /// Line by line, which incoming concepts were merged into or duplicated existing ones.
    pub merges: Vec<MergeNote>,
    /// Cells of a spreadsheet glossary that held more than a term (an acronym in parentheses,
    /// alternatives, a note), and the terms they were stored as ([`cells`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub split: Vec<Split>,
    /// Language names the file carried in place of tags, and the tags they were read as.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub languages_named: Vec<NamedLang>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MergeNote {
    pub line: u64,
    #[serde(flatten)]
    pub merge: Merge,
}

/// Imports what a reader produced, inside the caller's transaction: the caller commits, or
/// drops the transaction for a dry run, so that several files land together or not at all.
/// Nothing is written unless every concept is valid.
///
/// The term matchers are not compiled here: a command that imports several files compiles
/// them once, after the last, with [`super::compiled::refresh`] (compiling them per file cost a
/// whole compile of the glossary each time).
pub fn import(
    tx: &Transaction<'_>,
    origin: &str,
    format: &str,
    mut read: GlossaryRead,
) -> Result<ImportReport> {
    // Only spreadsheet cells are written by hand with annotations in them: a TBX term, a
    // CC-CEDICT headword are terms and nothing else.
    let split = if matches!(format, "csv" | "tsv") {
        cells::split_concepts(&mut read.concepts)
    } else {
        Vec::new()
    };
    for c in &read.concepts {
        c.validate(origin)?;
        if let Some(why) = c.terms.iter().find_map(|t| limits::long_term(&t.text)) {
            return Err(Error::input(origin, c.line, why));
        }
    }
    let batch = store::new_batch(tx, "glossary", origin, Some(format))?;
    let mut report = ImportReport {
        origin: origin.to_string(),
        format: format.to_string(),
        concepts_read: read.concepts.len(),
        skipped: read.skipped,
        split,
        ..ImportReport::default()
    };
    // The default 2 MB page cache holds a sliver of a dictionary's term indexes: past it,
    // every insert evicts a dirty page to the WAL and reads another back (most of the time of
    // a CC-CEDICT import, in profiles).
    let _cache = LargerCache::raise(tx, IMPORT_CACHE_KIB)?;
    let incoming: usize = read.concepts.iter().map(|c| c.terms.len()).sum();
    let set_aside = SetAside::indexes(tx, incoming)?;
    let mut writer = db::Writer::new(tx)?;
    if set_aside.is_some() {
        writer.remember_heads()?;
    }
    for c in &read.concepts {
        let merge = writer.merge_concept(Some(batch), c)?;
        match merge {
            Merge::Added { .. } => {
                report.added += 1;
                report.terms_added += c.terms.len();
            }
            Merge::Merged { terms_added, .. } => {
                report.merged += 1;
                report.terms_added += terms_added;
                report.merges.push(MergeNote {
                    line: c.line,
                    merge,
                });
            }
            Merge::Duplicate { .. } => {
                report.duplicates += 1;
                report.merges.push(MergeNote {
                    line: c.line,
                    merge,
                });
            }
        }
    }
    writer.finish()?;
    if let Some(indexes) = set_aside {
        indexes.restore(tx)?;
    }
    Ok(report)
}

/// The indexes of the glossary's tables, dropped for an import that brings at least as many
/// terms as the glossary holds and built again at its end. Inserting a dictionary's keys one
/// by one at random places in B-trees took most of a CC-CEDICT import; SQLite builds the same
/// index from sorted keys several times faster. The import reads none of them meanwhile: the
/// writer finds concepts by their heads in memory ([`db::Writer::remember_heads`]), and the
/// unique constraint that keeps a concept's terms apart is not one of them. They are read
/// back from the schema, so whatever a migration made them is what is remade.
struct SetAside(Vec<String>);

impl SetAside {
    /// Below this many incoming terms, the rebuild would cost more than it saves.
    const MIN_TERMS: usize = 20_000;

    fn indexes(conn: &rusqlite::Connection, incoming: usize) -> Result<Option<SetAside>> {
        let held: i64 =
            conn.query_row("SELECT coalesce(max(id), 0) FROM term", [], |r| r.get(0))?;
        if incoming < Self::MIN_TERMS || (incoming as i64) < held {
            return Ok(None);
        }
        let mut stmt = conn.prepare(
            "SELECT name, sql FROM sqlite_schema
             WHERE type = 'index' AND tbl_name IN ('term', 'concept') AND sql IS NOT NULL",
        )?;
        let indexes: Vec<(String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (name, _) in &indexes {
            conn.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
        }
        Ok(Some(SetAside(
            indexes.into_iter().map(|(_, sql)| sql).collect(),
        )))
    }

    fn restore(self, conn: &rusqlite::Connection) -> Result<()> {
        for sql in self.0 {
            conn.execute_batch(&sql)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{Concept, Term};
    use crate::store::Store;
    use crate::text::LangTag;

    fn schema(conn: &rusqlite::Connection) -> Vec<String> {
        conn.prepare(
            "SELECT sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
    }

    /// A file large enough for its import to set the indexes aside, with its last concept
    /// repeated.
    fn dictionary() -> GlossaryRead {
        let (en, zh) = (
            LangTag::parse("en").unwrap(),
            LangTag::parse("zh-CN").unwrap(),
        );
        let mut concepts: Vec<Concept> = (0..SetAside::MIN_TERMS / 2 + 1)
            .map(|i| Concept {
                terms: vec![
                    Term::new(en.clone(), format!("term {i}")),
                    Term::new(zh.clone(), format!("术语{i}")),
                ],
                ..Concept::default()
            })
            .collect();
        concepts.push(concepts[concepts.len() - 1].clone());
        GlossaryRead {
            concepts,
            skipped: Vec::new(),
        }
    }

    #[test]
    fn a_large_import_rebuilds_the_indexes_it_set_aside_and_still_merges() {
        let mut store = Store::open_in_memory().unwrap();
        let before = schema(store.conn());
        let cache_size = |s: &Store| -> i64 {
            s.conn()
                .pragma_query_value(None, "cache_size", |r| r.get(0))
                .unwrap()
        };
        let cache_before = cache_size(&store);
        let tx = store.transaction().unwrap();
        let first = import(&tx, "big.tsv", "tsv", dictionary()).unwrap();
        tx.commit().unwrap();
        assert_eq!(schema(store.conn()), before);
        assert_eq!(
            (first.added, first.duplicates),
            (SetAside::MIN_TERMS / 2 + 1, 1)
        );
        let tx = store.transaction().unwrap();
        let again = import(&tx, "big.tsv", "tsv", dictionary()).unwrap();
        tx.commit().unwrap();
        assert_eq!((again.added, again.duplicates), (0, first.concepts_read));
        assert_eq!(
            cache_size(&store),
            cache_before,
            "the page cache is set back"
        );
        let plan: String = store
            .conn()
            .query_row(
                "EXPLAIN QUERY PLAN SELECT id FROM concept WHERE fingerprint = 'x'",
                [],
                |r| r.get(3),
            )
            .unwrap();
        assert!(plan.contains("concept_fingerprint"), "{plan}");
    }
}
