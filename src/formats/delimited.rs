//! CSV and TSV glossaries (placeholder: being written).

use super::{GlossaryRead, GlossaryReader, ReadOptions, Source};
use crate::error::{Error, Result};

pub struct DelimitedReader {
    pub delimiter: u8,
}

impl GlossaryReader for DelimitedReader {
    fn read(&self, src: &Source, _opts: &ReadOptions) -> Result<GlossaryRead> {
        Err(Error::input(
            &src.name,
            0,
            "CSV/TSV import is not implemented yet",
        ))
    }
}

/// Writes concepts as CSV/TSV (placeholder: being written).
pub fn write_delimited<W: std::io::Write>(
    _out: W,
    _delimiter: u8,
    _concepts: &[crate::glossary::StoredConcept],
) -> Result<()> {
    Err(Error::Invalid("CSV export is not implemented yet".into()))
}
