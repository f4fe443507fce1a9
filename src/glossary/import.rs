//! Importing a glossary file: one transaction, validated first, merged concept by concept,
//! with a report of what was added, merged, skipped as duplicate or passed over.

use serde::Serialize;

use super::db::{self, Merge};
use crate::error::Result;
use crate::formats::{GlossaryRead, Skip};
use rusqlite::Transaction;

use crate::store;

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
pub fn import(
    tx: &Transaction<'_>,
    origin: &str,
    format: &str,
    read: GlossaryRead,
) -> Result<ImportReport> {
    for c in &read.concepts {
        db::validate(c, origin)?;
    }
    let batch = store::new_batch(tx, "glossary", origin, Some(format))?;
    let mut report = ImportReport {
        origin: origin.to_string(),
        format: format.to_string(),
        concepts_read: read.concepts.len(),
        skipped: read.skipped,
        ..ImportReport::default()
    };
    let mut writer = db::Writer::new(tx)?;
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
    Ok(report)
}
