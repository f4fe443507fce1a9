//! The XLIFF reader, parse-only, seeded with XLIFF 1.2 files; the first byte picks the options
//! (with the untranslated units or not, as `analyze` and `check` read them).
#![no_main]

use libfuzzer_sys::fuzz_target;

use concord::formats::MemoryFormat;

fuzz_target!(|data: &[u8]| {
    let (opts, data) = concord_fuzz::options(data);
    concord_fuzz::read_memory(MemoryFormat::Xliff, data, &opts);
});
