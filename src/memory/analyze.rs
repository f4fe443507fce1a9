//! Job analysis, as a project manager prices a job (Trados "Analyze Files", memoQ
//! statistics): the segments, words and characters of a document by how well the memory
//! already covers them.
//!
//! Bands, by each segment's best final score ([`mod@super::search`]): 100%, 95-99%, 85-94%,
//! 75-84%, 50-74%, and no match. A segment whose match key equals an earlier segment's in the
//! same document is a repetition, counted apart (it will be translated once); its first
//! occurrence is analysed like any other.
//!
//! Words: word tokens of spaced languages, and each Han or kana character (the CAT tools'
//! convention for Chinese and Japanese). Characters: every character but white space.

use std::collections::HashSet;

use serde::Serialize;

use super::read::MemoryRead;
use super::search::{PreparedQuery, top_k, top_kept, translated_into};
use crate::error::Result;
use crate::text::{LangTag, key, token};

#[derive(Clone, Debug, Default, Serialize)]
pub struct Band {
    pub name: &'static str,
    pub segments: u64,
    pub words: u64,
    pub characters: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Analysis {
    pub total: Band,
    /// In the order: repetitions, 100%, 95-99%, 85-94%, 75-84%, 50-74%, no match.
    pub bands: Vec<Band>,
}

const NAMES: [&str; 7] = [
    "repetitions",
    "100%",
    "95-99%",
    "85-94%",
    "75-84%",
    "50-74%",
    "no match",
];

/// Word and character counts of a segment.
pub fn counts(text: &str) -> (u64, u64) {
    let k = key::normalize(text, true);
    let words = token::tokens(&k)
        .iter()
        .filter(|t| t.chars().any(|c| c.is_alphanumeric()))
        .count() as u64;
    let chars = text.chars().filter(|c| !c.is_whitespace()).count() as u64;
    (words, chars)
}

fn band_of(score: Option<u8>) -> usize {
    match score {
        Some(100) => 1,
        Some(95..=99) => 2,
        Some(85..=94) => 3,
        Some(75..=84) => 4,
        Some(50..=74) => 5,
        _ => 6,
    }
}

/// Analyses segments in the language range `range` against the memory; with `to`, only the
/// units translated into `to` count as matches (a unit in English and French is no leverage
/// for a translation into Chinese).
pub fn analyze<'a, R: MemoryRead>(
    conn: &R,
    segments: impl IntoIterator<Item = &'a str>,
    range: &LangTag,
    to: Option<&LangTag>,
) -> Result<Analysis> {
    let gram_lang = LangTag::parse(range.primary())?;
    let mut bands: Vec<Band> = NAMES
        .iter()
        .map(|&name| Band {
            name,
            ..Band::default()
        })
        .collect();
    let mut total = Band {
        name: "total",
        ..Band::default()
    };
    let mut seen = HashSet::new();
    for seg in segments {
        if seg.trim().is_empty() {
            continue;
        }
        let (words, characters) = counts(seg);
        let band = if !seen.insert(key::fuzzy_key(seg)) {
            0
        } else {
            let q = PreparedQuery::new(seg, gram_lang.clone());
            let best = match to {
                None => top_k(conn, &q, range, 50, 1, false)?,
                Some(to) => top_kept(conn, &q, range, 50, 1, |hits| {
                    translated_into(conn, hits, to)
                })?,
            };
            band_of(best.first().map(|s| s.score))
        };
        for b in [&mut bands[band], &mut total] {
            b.segments += 1;
            b.words += words;
            b.characters += characters;
        }
    }
    Ok(Analysis { total, bands })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::{MemoryImport, Unit, Variant};
    use crate::store::Store;

    #[test]
    fn bands_and_repetitions() {
        let mut store = Store::open_in_memory().unwrap();
        let en = LangTag::parse("en").unwrap();
        let tx = store.transaction().unwrap();
        let mut imp = MemoryImport::new(&tx, "t", "tsv").unwrap();
        imp.add(Unit {
            variants: vec![
                Variant::plain(en.clone(), "The mayor met the governor on Sunday."),
                Variant::plain(LangTag::parse("zh").unwrap(), "市长周日会见了州长。"),
            ],
            ..Unit::default()
        })
        .unwrap();
        imp.finish(Vec::new()).unwrap();
        tx.commit().unwrap();
        let doc = [
            "The mayor met the governor on Sunday.",
            "The mayor met the governor on Monday.",
            "Completely unrelated words here.",
            "The mayor met the governor on Sunday.",
        ];
        let a = analyze(store.conn(), doc, &en, None).unwrap();
        let segs: Vec<u64> = a.bands.iter().map(|b| b.segments).collect();
        // 8 tokens, one differs: 87, in 85-94.
        assert_eq!(segs, [1, 1, 0, 1, 0, 0, 1]);
        assert_eq!(a.total.segments, 4);
        assert_eq!(a.total.words, 7 + 7 + 4 + 7);
        assert_eq!(counts("上海市长龚正。"), (6, 7));
    }
}
