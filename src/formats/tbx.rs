//! TBX glossaries (placeholder: being written).

use super::{GlossaryRead, GlossaryReader, ReadOptions, Source};
use crate::error::{Error, Result};

pub struct TbxReader;

impl GlossaryReader for TbxReader {
    fn read(&self, src: &Source, _opts: &ReadOptions) -> Result<GlossaryRead> {
        Err(Error::input(
            &src.name,
            0,
            "TBX import is not implemented yet",
        ))
    }
}

/// Writes concepts as TBX (placeholder: being written).
pub fn write_tbx<W: std::io::Write>(
    _out: W,
    _concepts: &[crate::glossary::StoredConcept],
    _source_lang: Option<&crate::text::LangTag>,
) -> Result<()> {
    Err(Error::Invalid("TBX export is not implemented yet".into()))
}
