//! The memory reader of CSV pairs (quoted fields, a language header or `--langs`), parse-only.
//! The first byte picks the options.
#![no_main]

use libfuzzer_sys::fuzz_target;

use concord::formats::MemoryFormat;

fuzz_target!(|data: &[u8]| {
    let (opts, data) = concord_fuzz::options(data);
    concord_fuzz::read_memory(MemoryFormat::Csv, data, &opts);
});
