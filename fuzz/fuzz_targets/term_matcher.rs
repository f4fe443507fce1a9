//! The term matcher. The first byte picks the mode: even, the shipped glossary's matcher
//! (English and Chinese, with jieba), compiled once per process, over a segment in English or
//! Chinese; odd, a matcher compiled from the input's own terms (English and French lines before
//! the first NUL: no jieba, whose dictionary takes a third of a second to load, so each run stays
//! fast) over the rest as a segment.
#![no_main]

use libfuzzer_sys::fuzz_target;

use std::sync::LazyLock;

use concord::glossary::matcher::{MatchTerm, TermMatcher};
use concord::model::Status;
use concord::text::LangTag;

static SHIPPED: LazyLock<TermMatcher> = LazyLock::new(|| {
    concord_fuzz::with_seeded_store(|store| {
        TermMatcher::from_store(store.conn(), None).expect("the shipped glossary compiles")
    })
});

fn exercise(m: &TermMatcher, segment: &str, lang: &LangTag) {
    // Hits and occurrences are in characters; `matched` must be the text they span.
    let mut at: Vec<usize> = segment.char_indices().map(|(i, _)| i).collect();
    at.push(segment.len());
    let span = |start: usize, len: usize| -> Option<&str> {
        Some(&segment[*at.get(start)?..*at.get(start.checked_add(len)?)?])
    };
    let prepared = m.prepare(segment, lang);
    let hits = prepared.find();
    for h in &hits {
        assert_eq!(
            span(h.start, h.len),
            Some(h.matched),
            "a hit's span is not its text: {h:?}"
        );
    }
    for h in hits.iter().take(4) {
        for (start, len) in prepared.occurrences(h.term) {
            assert!(
                span(start, len).is_some(),
                "an occurrence outside the segment: {start}+{len}"
            );
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, data)) = data.split_first() else {
        return;
    };
    if sel % 2 == 0 {
        let Ok(segment) = std::str::from_utf8(data) else {
            return;
        };
        let lang = LangTag::parse(if sel % 4 == 0 { "en" } else { "zh-CN" }).unwrap();
        exercise(&SHIPPED, segment, &lang);
        return;
    }
    let (terms, segment) = concord_fuzz::split_at_byte(data, 0);
    let (Ok(terms), Ok(segment)) = (std::str::from_utf8(terms), std::str::from_utf8(segment))
    else {
        return;
    };
    let langs = [LangTag::parse("en").unwrap(), LangTag::parse("fr").unwrap()];
    let terms: Vec<MatchTerm> = terms
        .lines()
        .take(64)
        .enumerate()
        .map(|(i, t)| MatchTerm {
            term_id: i as i64,
            concept: i as i64 / 2,
            lang: langs[i % 2].clone(),
            text: t.to_string(),
            status: if i % 3 == 2 {
                Status::Deprecated
            } else {
                Status::Preferred
            },
            case_sensitive: i % 5 == 4,
        })
        .collect();
    let m = TermMatcher::new(terms);
    exercise(&m, segment, &langs[(sel as usize / 2) % 2]);
});
