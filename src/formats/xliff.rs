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

/// The source segments of an XLIFF document, translated or not (placeholder: being written).
pub fn sources(name: &str, _text: &str) -> Result<Vec<String>> {
    Err(Error::input(
        name,
        0,
        "XLIFF analysis is not implemented yet",
    ))
}
