//! The input of `check`: bytes to a draft, as `open_draft` reads a file. The first byte picks
//! the file name (and so the format: TSV, XLIFF, TMX, Markdown, text, or none, which makes the
//! content tell), the second the languages given.
#![no_main]

use libfuzzer_sys::fuzz_target;

use concord::check::Half;
use concord::document::{DraftOptions, open_draft_bytes};
use concord::text::LangTag;

const NAMES: [&str; 6] = ["d.tsv", "d.xlf", "d.tmx", "d.md", "d.txt", "<stdin>"];

fuzz_target!(|data: &[u8]| {
    let [sel, langs, data @ ..] = data else {
        return;
    };
    let name = NAMES[*sel as usize % NAMES.len()];
    let tag = |t: &str| Some(LangTag::parse(t).unwrap());
    let opts = DraftOptions {
        from: if langs & 1 == 1 { tag("en") } else { None },
        to: if langs & 2 == 2 { tag("zh-CN") } else { None },
        lang: if langs & 4 == 4 { tag("zh") } else { None },
        ..DraftOptions::default()
    };
    if let Ok(doc) = open_draft_bytes(name, data.to_vec(), &opts) {
        for s in &doc.segments {
            let _ = (s.offset(Half::Source), s.offset(Half::Target));
        }
    }
});
