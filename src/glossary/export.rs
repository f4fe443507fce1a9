//! Writing the glossary out: TBX, CSV or TSV, every concept or only some languages' terms.

use std::io::Write;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::formats::{GlossaryFormat, delimited, tbx};
use crate::store::Store;
use crate::text::LangTag;

#[derive(Clone, Debug)]
pub struct ExportRequest {
    pub format: GlossaryFormat,
    /// Only terms in these language ranges (and concepts that keep a term); empty: all.
    pub langs: Vec<LangTag>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExportSummary {
    pub format: &'static str,
    pub concepts: usize,
    pub terms: usize,
}

/// Writes the glossary to `out`.
pub fn export(store: &Store, req: &ExportRequest, out: &mut dyn Write) -> Result<ExportSummary> {
    if req.format == GlossaryFormat::Cedict {
        return Err(Error::Invalid(
            "concord does not write CC-CEDICT; export to tbx, csv or tsv".into(),
        ));
    }
    let mut concepts = super::list(store, None, None)?;
    if !req.langs.is_empty() {
        for sc in &mut concepts {
            sc.concept
                .terms
                .retain(|t| req.langs.iter().any(|r| r.selects(&t.lang)));
        }
        concepts.retain(|sc| !sc.concept.terms.is_empty());
    }
    match req.format {
        GlossaryFormat::Tbx => tbx::write_tbx(&mut *out, &concepts, req.langs.first())?,
        GlossaryFormat::Csv => delimited::write_delimited(&mut *out, b',', &concepts)?,
        GlossaryFormat::Tsv | GlossaryFormat::Cedict => {
            delimited::write_delimited(&mut *out, b'\t', &concepts)?
        }
    }
    Ok(ExportSummary {
        format: req.format.name(),
        concepts: concepts.len(),
        terms: concepts.iter().map(|c| c.concept.terms.len()).sum(),
    })
}
