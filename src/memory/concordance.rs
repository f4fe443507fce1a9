//! Concordance: every past use of a phrase, as a true substring (case-insensitive), not a
//! fuzzy guess.
//!
//! Queries of three or more characters go through SQLite FTS5's trigram index. Shorter ones,
//! which trigrams cannot serve (产品, 市长, 中), go through the fuzzy index's token postings:
//! one Han character is one token, so a one- or two-character Chinese query is the
//! intersection of at most two posting lists. A one- or two-letter query in a spaced language
//! (AI, US) matches whole words that way, not parts of words. Every candidate is verified in
//! the original text, which also gives the hit's position.

use rusqlite::Connection;
use serde::Serialize;

use super::index;
use super::search::{Segment, memory_languages};
use crate::error::{Error, Result};
use crate::text::{LangTag, key, token};

/// Which segments of a unit to look in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The unit's source-language segment (its `srclang`, else its first segment).
    Source,
    /// Every other segment.
    Target,
    Both,
}

#[derive(Clone, Debug)]
pub struct ConcordanceQuery {
    pub text: String,
    pub side: Side,
    /// Only segments in this language range.
    pub lang: Option<LangTag>,
    pub limit: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct ConcordanceHit {
    pub unit: i64,
    /// The segment that holds the phrase.
    pub segment: Segment,
    /// Where the phrase starts in the segment, in characters (0-based), and its length.
    pub start: usize,
    pub len: usize,
    /// The unit's other segments.
    pub translations: Vec<Segment>,
    pub origin: String,
}

/// Finds `needle` in `hay` ignoring case, character by character, and returns its char
/// offset and length in `hay`.
pub fn find_folded(hay: &str, needle: &str) -> Option<(usize, usize)> {
    let h: Vec<char> = hay.chars().collect();
    let n: Vec<char> = needle.chars().collect();
    if n.is_empty() || n.len() > h.len() {
        return None;
    }
    let eq = |a: char, b: char| a == b || a.to_lowercase().eq(b.to_lowercase());
    (0..=h.len() - n.len())
        .find(|&i| n.iter().enumerate().all(|(j, &c)| eq(h[i + j], c)))
        .map(|i| (i, n.len()))
}

/// Candidate segment ids, newest first.
fn candidates(conn: &Connection, text: &str, want: usize) -> Result<Vec<i64>> {
    if text.chars().count() >= 3 {
        let phrase = format!("\"{}\"", text.replace('"', "\"\""));
        let mut stmt = conn.prepare_cached(
            "SELECT rowid FROM variant_fts WHERE variant_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?2",
        )?;
        let ids = stmt
            .query_map(rusqlite::params![phrase, want as i64], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        return Ok(ids);
    }
    let k = key::fuzzy_key(text);
    let toks = token::tokens(&k);
    let mut result: Option<Vec<i64>> = None;
    for t in toks {
        let mut ids: Vec<i64> = Vec::new();
        for (lang, _) in memory_languages(conn)? {
            let mut buf = Vec::new();
            index::postings(conn, index::gram(&lang, t), &mut buf)?;
            ids.extend(buf.into_iter().map(|p| index::unpack(p).0));
        }
        ids.sort_unstable();
        ids.dedup();
        result = Some(match result {
            None => ids,
            Some(prev) => prev
                .into_iter()
                .filter(|id| ids.binary_search(id).is_ok())
                .collect(),
        });
    }
    let mut ids = result.unwrap_or_default();
    ids.reverse();
    Ok(ids)
}

/// `concord tm concord`: the segments that contain the phrase, newest first.
pub fn concordance(conn: &Connection, q: &ConcordanceQuery) -> Result<Vec<ConcordanceHit>> {
    if q.text.trim().is_empty() {
        return Err(Error::Invalid("the phrase to look for is empty".into()));
    }
    if memory_languages(conn)?.is_empty() {
        return Err(Error::Invalid(
            "the memory is empty: import some pairs first (concord tm import)".into(),
        ));
    }
    let mut want = (q.limit * 4).max(64);
    loop {
        let ids = candidates(conn, &q.text, want)?;
        let exhausted = ids.len() < want;
        let mut hits = Vec::new();
        for id in ids {
            if let Some(hit) = verify(conn, id, q)? {
                hits.push(hit);
                if hits.len() == q.limit {
                    return Ok(hits);
                }
            }
        }
        if exhausted {
            return Ok(hits);
        }
        want *= 4;
    }
}

fn verify(conn: &Connection, id: i64, q: &ConcordanceQuery) -> Result<Option<ConcordanceHit>> {
    let row = conn
        .prepare_cached(
            "SELECT v.unit, v.lang, v.text, u.srclang, (SELECT min(id) FROM variant WHERE unit = v.unit), b.origin
             FROM variant v JOIN unit u ON u.id = v.unit JOIN batch b ON b.id = u.batch WHERE v.id = ?1",
        )?
        .query_row([id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
    let (unit, lang, text, srclang, first, origin) = row;
    let Ok(lang) = LangTag::parse(&lang) else {
        return Ok(None);
    };
    if q.lang.as_ref().is_some_and(|r| !r.selects(&lang)) {
        return Ok(None);
    }
    let is_source = match srclang.and_then(|s| LangTag::parse(&s).ok()) {
        Some(src) => src.selects(&lang),
        None => first == id,
    };
    match (q.side, is_source) {
        (Side::Source, false) | (Side::Target, true) => return Ok(None),
        _ => {}
    }
    let Some((start, len)) = find_folded(&text, &q.text) else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT lang, text FROM variant WHERE unit = ?1 AND id != ?2 ORDER BY id",
    )?;
    let translations = stmt
        .query_map(rusqlite::params![unit, id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?
        .filter_map(|row| row.ok())
        .filter_map(|(l, text)| LangTag::parse(&l).ok().map(|lang| Segment { lang, text }))
        .collect();
    Ok(Some(ConcordanceHit {
        unit,
        segment: Segment { lang, text },
        start,
        len,
        translations,
        origin,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::{MemoryImport, Unit, Variant};
    use crate::store::Store;

    fn store() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        let tx = store.transaction().unwrap();
        let mut imp = MemoryImport::new(&tx, "t", "tsv").unwrap();
        for (en, zh) in [
            (
                "The Mayor of Nanjing opened the bridge.",
                "南京市长江大桥通车了。",
            ),
            ("Mayor Gong met the delegation.", "龚正市长会见了代表团。"),
            ("They discussed new products.", "他们讨论了新产品。"),
        ] {
            imp.add(Unit {
                variants: vec![
                    Variant::plain(LangTag::parse("en").unwrap(), en),
                    Variant::plain(LangTag::parse("zh-CN").unwrap(), zh),
                ],
                srclang: Some(LangTag::parse("en").unwrap()),
                ..Unit::default()
            })
            .unwrap();
        }
        imp.finish(Vec::new()).unwrap();
        tx.commit().unwrap();
        store
    }

    fn q(text: &str, side: Side) -> ConcordanceQuery {
        ConcordanceQuery {
            text: text.into(),
            side,
            lang: None,
            limit: 10,
        }
    }

    #[test]
    fn short_chinese_queries_are_served() {
        let s = store();
        let hits = concordance(s.conn(), &q("市长", Side::Both)).unwrap();
        // A concordance is a substring search: 南京市长江大桥 does contain 市长 as characters.
        assert_eq!(hits.len(), 2);
        assert_eq!((hits[0].start, hits[0].len), (2, 2));
        assert_eq!(
            hits[0].translations[0].text,
            "Mayor Gong met the delegation."
        );
        assert_eq!(
            concordance(s.conn(), &q("产品", Side::Target))
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            concordance(s.conn(), &q("产", Side::Source)).unwrap().len(),
            0
        );
    }

    #[test]
    fn long_queries_use_trigrams_case_insensitively() {
        let s = store();
        let hits = concordance(s.conn(), &q("mayor of nan", Side::Both)).unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(&hits[0].segment.text[4..16], "Mayor of Nan");
        assert_eq!(hits[0].start, 4);
        assert_eq!(
            concordance(s.conn(), &q("Mayor", Side::Target))
                .unwrap()
                .len(),
            0
        );
        assert_eq!(
            concordance(s.conn(), &q("代表团", Side::Both))
                .unwrap()
                .len(),
            1
        );
    }
}
