//! Writing the memory out: TMX 1.4b (everything, markup and metadata included), or CSV/TSV
//! in concord's own layout (`formats::pairs`: text and markup, a column per exact language
//! tag). Units stream from one statement to the writer, so an export of any size runs in
//! constant memory.

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;

use super::db::{LangUse, StoredUnit};
use super::read::MemoryRead;
use crate::error::{Error, Result};
use crate::formats::{MemoryFormat, pairs::PairsWriter, tmx::TmxWriter};
use crate::model::memory::Variant;
use crate::store::Store;
use crate::text::LangTag;

#[derive(Clone, Debug)]
pub struct ExportRequest {
    pub format: MemoryFormat,
    /// Only units with a variant in each of these ranges (for TMX, the first is the header's
    /// source language). CSV/TSV: the columns are the memory's exact tags these ranges
    /// select, in this order; when empty, every language of the memory.
    pub langs: Vec<LangTag>,
    /// Only units imported from this origin (as the import recorded it).
    pub origin: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExportSummary {
    pub format: &'static str,
    pub units: u64,
    /// Units written without some of their segments: those in languages outside the columns
    /// `langs` chose (CSV/TSV only; TMX writes every unit whole).
    pub incomplete: u64,
    /// The segments left out of those units, per language.
    pub left_out: BTreeMap<String, u64>,
}

/// Whether the unit has a variant in each wanted language range.
fn selected(u: &StoredUnit, langs: &[LangTag]) -> bool {
    langs
        .iter()
        .all(|range| u.unit.variants.iter().any(|v| range.selects(&v.lang)))
}

/// The columns of a delimited export, each with whether it has a markup column: every exact
/// tag of the memory the ranges select (all of them without ranges), in the ranges' order, as
/// many columns of a tag as one unit has segments in it.
fn delimited_columns(
    used: &BTreeMap<LangTag, LangUse>,
    ranges: &[LangTag],
) -> Vec<(LangTag, bool)> {
    let mut tags: Vec<(&LangTag, &LangUse)> = Vec::new();
    if ranges.is_empty() {
        tags.extend(used);
    }
    for range in ranges {
        for (tag, u) in used.iter().filter(|(tag, _)| range.selects(tag)) {
            if !tags.iter().any(|(t, _)| *t == tag) {
                tags.push((tag, u));
            }
        }
    }
    tags.iter()
        .flat_map(|(tag, u)| std::iter::repeat_n(((*tag).clone(), u.markup), u.most))
        .collect()
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
    export_from(store.conn(), req, out)
}

/// [`export`] from any store: the same bytes from each.
pub fn export_from<R: MemoryRead>(
    mem: &R,
    req: &ExportRequest,
    out: &mut dyn Write,
) -> Result<ExportSummary> {
    writes(req.format)?;
    let origin = req.origin.as_deref();
    let mut summary = ExportSummary {
        format: req.format.name(),
        units: 0,
        incomplete: 0,
        left_out: BTreeMap::new(),
    };
    mem.snapshot(|| {
        match req.format {
            MemoryFormat::Tmx => {
                let mut w = TmxWriter::new(&mut *out, req.langs.first())?;
                mem.each_unit(origin, &mut |u| {
                    if selected(&u, &req.langs) {
                        w.write_unit(&u.unit)?;
                        summary.units += 1;
                    }
                    Ok(())
                })?;
                w.finish()?;
            }
            MemoryFormat::Csv | MemoryFormat::Tsv | MemoryFormat::Xliff => {
                let columns = delimited_columns(&mem.lang_use(origin)?, &req.langs);
                let delimiter = if req.format == MemoryFormat::Csv {
                    b','
                } else {
                    b'\t'
                };
                let mut w = PairsWriter::new(&mut *out, delimiter, &columns)?;
                mem.each_unit(origin, &mut |u| {
                    if !selected(&u, &req.langs) {
                        return Ok(());
                    }
                    let mut row: Vec<Option<&Variant>> = vec![None; columns.len()];
                    let mut whole = true;
                    for v in &u.unit.variants {
                        // The first free column of the segment's tag: a unit's second segment
                        // in a language takes the second column of that tag.
                        match (0..columns.len())
                            .find(|&i| row[i].is_none() && columns[i].0 == v.lang)
                        {
                            Some(i) => row[i] = Some(v),
                            None => {
                                whole = false;
                                *summary.left_out.entry(v.lang.to_string()).or_default() += 1;
                            }
                        }
                    }
                    w.write_row(&row)?;
                    summary.units += 1;
                    summary.incomplete += u64::from(!whole);
                    Ok(())
                })?;
                w.finish()?;
            }
        }
        Ok(())
    })?;
    out.flush().map_err(|e| Error::io("export output", e))?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(t: &str) -> LangTag {
        LangTag::parse(t).unwrap()
    }

    #[test]
    fn columns_are_exact_tags_in_the_ranges_order_as_many_as_a_unit_needs() {
        let used: BTreeMap<LangTag, LangUse> = [
            ("en", 1, false),
            ("en-US", 2, true),
            ("fr", 1, false),
            ("zh-CN", 1, true),
        ]
        .into_iter()
        .map(|(t, most, markup)| (tag(t), LangUse { most, markup }))
        .collect();
        let names = |cols: Vec<(LangTag, bool)>| -> Vec<String> {
            cols.into_iter()
                .map(|(l, m)| format!("{l}{}", if m { "+" } else { "" }))
                .collect()
        };
        assert_eq!(
            names(delimited_columns(&used, &[])),
            ["en", "en-US+", "en-US+", "fr", "zh-CN+"]
        );
        // `en-US` is selected by both ranges and is written once, where the first put it.
        assert_eq!(
            names(delimited_columns(
                &used,
                &[tag("zh"), tag("en"), tag("en-US")]
            )),
            ["zh-CN+", "en", "en-US+", "en-US+"]
        );
        assert!(delimited_columns(&used, &[tag("ja")]).is_empty());
    }
}
