//! The glossary reader of TSV files (language columns, status and note columns), parse-only.
//! The first byte picks the options.
#![no_main]

use libfuzzer_sys::fuzz_target;

use concord::formats::GlossaryFormat;

fuzz_target!(|data: &[u8]| {
    let (opts, data) = concord_fuzz::options(data);
    concord_fuzz::read_glossary(GlossaryFormat::Tsv, data, &opts);
});
