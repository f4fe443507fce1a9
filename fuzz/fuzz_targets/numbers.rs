//! The number scanner of the `number-mismatch` check: digits and separators, Chinese numerals
//! (二十三, 1.5万, 两千), English number words and scales. The input is split at its first TAB
//! into a source and a target, each scanned, then compared.
#![no_main]

use libfuzzer_sys::fuzz_target;

use concord::check::numbers;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (source, target) = text.split_once('\t').unwrap_or((text, ""));
    let (s, t) = (numbers::extract(source), numbers::extract(target));
    let _ = numbers::compare_numbers(s, t);
});
