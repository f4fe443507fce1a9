//! The TBX reader, parse-only (TBX-Basic, TBX 2008 and v3 dialects, legacy encodings).
#![no_main]

use libfuzzer_sys::fuzz_target;

use concord::formats::{GlossaryFormat, ReadOptions};

fuzz_target!(|data: &[u8]| {
    concord_fuzz::read_glossary(GlossaryFormat::Tbx, data, &ReadOptions::default());
});
