//! CC-CEDICT (placeholder: being written).

use super::{GlossaryRead, GlossaryReader, ReadOptions, Source};
use crate::error::{Error, Result};

pub struct CedictReader;

impl GlossaryReader for CedictReader {
    fn read(&self, src: &Source, _opts: &ReadOptions) -> Result<GlossaryRead> {
        Err(Error::input(
            &src.name,
            0,
            "CC-CEDICT import is not implemented yet",
        ))
    }
}
