//! TMX (placeholder: being written).

use super::{Input, MemoryReader, ReadOptions, Skip};
use crate::error::{Error, Result};
use crate::memory::Unit;
use crate::text::LangTag;

pub struct TmxReader;

impl MemoryReader for TmxReader {
    fn read(
        &self,
        input: Input,
        _opts: &ReadOptions,
        _sink: &mut dyn FnMut(Unit) -> Result<()>,
    ) -> Result<Vec<Skip>> {
        Err(Error::input(
            &input.name,
            0,
            "TMX import is not implemented yet",
        ))
    }
}

pub struct TmxWriter<W: std::io::Write> {
    _out: W,
}

impl<W: std::io::Write> TmxWriter<W> {
    pub fn new(_out: W, _srclang: Option<&LangTag>) -> Result<Self> {
        Err(Error::Invalid("TMX export is not implemented yet".into()))
    }
    pub fn write_unit(&mut self, _unit: &Unit) -> Result<()> {
        Ok(())
    }
    pub fn finish(self) -> Result<W> {
        Ok(self._out)
    }
}
