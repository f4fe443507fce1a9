//! A glossary import into an in-memory store: read, validated, merged concept by concept with
//! what the store holds, in a transaction rolled back after each run. The term matchers are not
//! compiled (a command compiles them once, after its last file). The first byte picks the format
//! (TBX, TSV, CSV, CC-CEDICT), the second the read options.
#![no_main]

use libfuzzer_sys::fuzz_target;

use concord::glossary;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, data)) = data.split_first() else {
        return;
    };
    let format = concord_fuzz::glossary_format(sel);
    let (opts, data) = concord_fuzz::options(data);
    let Some(read) = concord_fuzz::read_glossary(format, data, &opts) else {
        return;
    };
    concord_fuzz::with_empty_store(|store| {
        let tx = store.transaction().expect("a transaction");
        let _ = glossary::import(&tx, concord_fuzz::NAME, format.name(), read);
        // The transaction is dropped: rolled back.
    });
});
