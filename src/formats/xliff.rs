//! XLIFF (placeholder: being written).

use super::{Input, MemoryReader, ReadOptions, Skip};
use crate::error::{Error, Result};
use crate::memory::Unit;

pub struct XliffReader;

impl MemoryReader for XliffReader {
    fn read(
        &self,
        input: Input,
        _opts: &ReadOptions,
        _sink: &mut dyn FnMut(Unit) -> Result<()>,
    ) -> Result<Vec<Skip>> {
        Err(Error::input(
            &input.name,
            0,
            "XLIFF import is not implemented yet",
        ))
    }
}
