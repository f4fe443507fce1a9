//! The memory reader of TSV pairs (`en<TAB>zh-CN` header, or header-less with `--langs`),
//! parse-only. The first byte picks the options.
#![no_main]

use libfuzzer_sys::fuzz_target;

use concord::formats::MemoryFormat;

fuzz_target!(|data: &[u8]| {
    let (opts, data) = concord_fuzz::options(data);
    concord_fuzz::read_memory(MemoryFormat::Tsv, data, &opts);
});
