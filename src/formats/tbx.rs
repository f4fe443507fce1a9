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
