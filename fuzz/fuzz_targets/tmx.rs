//! The TMX reader, parse-only: any bytes, with or without a declared encoding or a BOM.
#![no_main]

use libfuzzer_sys::fuzz_target;

use concord::formats::{MemoryFormat, ReadOptions};

fuzz_target!(|data: &[u8]| {
    concord_fuzz::read_memory(MemoryFormat::Tmx, data, &ReadOptions::default());
});
