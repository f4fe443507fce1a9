//! Two line-aligned files read in step (`tm import --parallel a.en b.zh`), parse-only: the
//! input is split at its first NUL byte into the two files.
#![no_main]

use libfuzzer_sys::fuzz_target;

use concord::formats::parallel::read_parallel;
use concord::text::LangTag;

fuzz_target!(|data: &[u8]| {
    let (a, b) = concord_fuzz::split_at_byte(data, 0);
    let (Some(a), Some(b)) = (concord_fuzz::input(a), concord_fuzz::input(b)) else {
        return;
    };
    let langs = [
        LangTag::parse("en").unwrap(),
        LangTag::parse("zh-CN").unwrap(),
    ];
    let _ = read_parallel(a, b, langs, &mut |unit| {
        concord_fuzz::assert_unit_storable(&unit);
        Ok(())
    });
});
