//! A memory import into an in-memory store: read, tokenised, de-duplicated, stored and
//! indexed, in a transaction rolled back after each run. The first byte picks the format (TMX,
//! XLIFF, TSV, CSV), the second the read options.
#![no_main]

use libfuzzer_sys::fuzz_target;

use concord::memory::MemoryImport;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, data)) = data.split_first() else {
        return;
    };
    let format = concord_fuzz::memory_format(sel);
    let (opts, data) = concord_fuzz::options(data);
    let Some(input) = concord_fuzz::input(data) else {
        return;
    };
    concord_fuzz::with_empty_store(|store| {
        let tx = store.transaction().expect("a transaction");
        let Ok(mut import) = MemoryImport::new(&tx, concord_fuzz::NAME, format.name()) else {
            return;
        };
        let mut stored = true;
        let read = format.reader().read(input, &opts, &mut |unit| {
            concord_fuzz::assert_unit_storable(&unit);
            let added = import.add(unit);
            stored = added.is_ok();
            added
        });
        if let (Ok(skips), true) = (read, stored) {
            let _ = import.finish(skips);
        }
        // The transaction is dropped: rolled back.
    });
});
