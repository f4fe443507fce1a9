//! The CC-CEDICT reader, parse-only: `Traditional Simplified [pin1 yin1] /gloss/gloss/` lines.
#![no_main]

use libfuzzer_sys::fuzz_target;

use concord::formats::{GlossaryFormat, ReadOptions};

fuzz_target!(|data: &[u8]| {
    concord_fuzz::read_glossary(GlossaryFormat::Cedict, data, &ReadOptions::default());
});
