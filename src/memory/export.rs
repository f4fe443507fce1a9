//! Writing the memory out: TMX 1.4b (everything, markup and metadata included), or CSV/TSV
//! columns of chosen languages. Units stream from one statement to the writer, so an export
//! of any size runs in constant memory.

use std::io::Write;

use serde::Serialize;

use super::db::{self, StoredUnit};
use crate::error::{Error, Result};
use crate::formats::{MemoryFormat, tmx::TmxWriter};
use crate::model::memory::Variant;
use crate::store::{Store, read_snapshot};
use crate::text::LangTag;

#[derive(Clone, Debug)]
pub struct ExportRequest {
    pub format: MemoryFormat,
    /// TMX: only units with a variant in each of these ranges (the first is the header's
    /// source language). CSV/TSV: the columns, in order; when empty, the memory's one
    /// language pair.
    pub langs: Vec<LangTag>,
    /// Only units imported from this origin (as the import recorded it).
    pub origin: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExportSummary {
    pub format: &'static str,
    pub units: u64,
    /// Units left out because the format cannot carry their text (a TAB or line break in TSV).
    pub passed_over: u64,
}

/// Picks, for each wanted language range, the unit's first variant in it; `None` when the
/// unit lacks one.
fn columns<'u>(u: &'u StoredUnit, langs: &[LangTag]) -> Option<Vec<&'u Variant>> {
    langs
        .iter()
        .map(|range| u.unit.variants.iter().find(|v| range.selects(&v.lang)))
        .collect()
}

/// The columns of a delimited export: the ones asked for, or the memory's only pair.
fn delimited_columns(store: &Store, langs: &[LangTag]) -> Result<Vec<LangTag>> {
    if !langs.is_empty() {
        return Ok(langs.to_vec());
    }
    let pairs = db::stats(store.conn())?.by_pair;
    match pairs.keys().collect::<Vec<_>>().as_slice() {
        [one] => one.split(" / ").map(LangTag::parse).collect(),
        _ => Err(Error::Invalid(
            "the memory holds several language pairs; choose the TSV columns with --langs en,zh-CN"
                .into(),
        )),
    }
}

/// Whether concord writes this format: a caller checks before it creates an output file.
pub fn writes(format: MemoryFormat) -> Result<()> {
    match format {
        MemoryFormat::Xliff => Err(Error::Invalid(
            "concord does not write XLIFF; export to tmx, csv or tsv".into(),
        )),
        _ => Ok(()),
    }
}

/// Writes the memory to `out`.
pub fn export(store: &Store, req: &ExportRequest, out: &mut dyn Write) -> Result<ExportSummary> {
    writes(req.format)?;
    let conn = store.conn();
    let origin = req.origin.as_deref();
    let (mut units, mut passed_over) = (0u64, 0u64);
    let io = |e: std::io::Error| Error::io("export output", e);
    read_snapshot(conn, || {
        match req.format {
            MemoryFormat::Tmx => {
                let mut w = TmxWriter::new(&mut *out, req.langs.first())?;
                db::for_each_unit(conn, origin, |u| {
                    if req.langs.is_empty() || columns(&u, &req.langs).is_some() {
                        w.write_unit(&u.unit)?;
                        units += 1;
                    }
                    Ok(())
                })?;
                w.finish()?;
            }
            MemoryFormat::Csv => {
                let langs = delimited_columns(store, &req.langs)?;
                let csv_err = |e: csv::Error| Error::Invalid(format!("writing CSV: {e}"));
                let mut w = csv::Writer::from_writer(&mut *out);
                w.write_record(langs.iter().map(|l| l.as_str()))
                    .map_err(csv_err)?;
                db::for_each_unit(conn, origin, |u| {
                    if let Some(cols) = columns(&u, &langs) {
                        w.write_record(cols.iter().map(|v| v.text.as_str()))
                            .map_err(csv_err)?;
                        units += 1;
                    }
                    Ok(())
                })?;
                w.flush().map_err(io)?;
            }
            MemoryFormat::Tsv | MemoryFormat::Xliff => {
                let langs = delimited_columns(store, &req.langs)?;
                let header: Vec<&str> = langs.iter().map(|l| l.as_str()).collect();
                writeln!(out, "{}", header.join("\t")).map_err(io)?;
                db::for_each_unit(conn, origin, |u| {
                    let Some(cols) = columns(&u, &langs) else {
                        return Ok(());
                    };
                    // TSV has no quoting: text with a TAB or a line break cannot be written
                    // without changing it, so it is left out and counted.
                    if cols.iter().any(|v| v.text.contains(['\t', '\n', '\r'])) {
                        passed_over += 1;
                        return Ok(());
                    }
                    let texts: Vec<&str> = cols.iter().map(|v| v.text.as_str()).collect();
                    writeln!(out, "{}", texts.join("\t")).map_err(io)?;
                    units += 1;
                    Ok(())
                })?;
            }
        }
        Ok(())
    })?;
    out.flush().map_err(io)?;
    Ok(ExportSummary {
        format: req.format.name(),
        units,
        passed_over,
    })
}
