//! `lookup` against the shipped glossary (seeded once per process into an in-memory store):
//! exact, normalised and fuzzy matching of any query. The first byte picks the fuzzy threshold
//! and the languages.
#![no_main]

use libfuzzer_sys::fuzz_target;

use concord::glossary::{self, LookupQuery};
use concord::text::LangTag;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, data)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let tag = |t: &str| Some(LangTag::parse(t).unwrap());
    let q = LookupQuery {
        text: text.to_string(),
        from: match sel & 3 {
            1 => tag("en"),
            2 => tag("zh"),
            _ => None,
        },
        to: if sel & 4 == 4 { tag("zh-CN") } else { None },
        limit: 10,
        fuzzy_min: [100, 90, 80, 60, 40, 0][(sel as usize >> 3) % 6],
    };
    concord_fuzz::with_seeded_store(|store| {
        let _ = glossary::lookup(store, &q);
    });
});
