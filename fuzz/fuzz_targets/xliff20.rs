//! The XLIFF reader, parse-only, seeded with XLIFF 2.0 files (`<unit>`, `<segment>`, `<pc>`,
//! `<ph>`), which it tells from 1.2 by the root's version. The first byte picks the options.
#![no_main]

use libfuzzer_sys::fuzz_target;

use concord::formats::MemoryFormat;

fuzz_target!(|data: &[u8]| {
    let (opts, data) = concord_fuzz::options(data);
    concord_fuzz::read_memory(MemoryFormat::Xliff, data, &opts);
});
