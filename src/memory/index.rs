//! The fuzzy index: for every language, the segments each token occurs in.
//!
//! A token (a word, or one Han character) is hashed with its language into a 64-bit gram
//! id. Each gram's posting list holds the segments (variant ids) that contain it, in id order,
//! each packed with the segment's token count (capped at 255) so the length filter costs
//! nothing; lists are delta- and varint-coded into blobs of at most [`CHUNK_BYTES`], appended
//! as units are imported. `tm_gram` keeps each gram's document frequency, so a search can
//! probe the rarest tokens first.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};
use xxhash_rust::xxh3::Xxh3;

use crate::error::Result;
use crate::text::{LangTag, key, token};

/// A posting blob grows to about this size, then a new chunk starts.
pub const CHUNK_BYTES: usize = 64 * 1024;
/// Token counts at or above this are stored as this: "long".
pub const LEN_CAP: usize = 255;

/// The gram id of a token in a language; the language's primary subtag only, so `zh-CN`
/// and `zh-TW` segments share postings.
pub fn gram(lang: &LangTag, token: &str) -> i64 {
    let mut h = Xxh3::new();
    h.update(lang.primary().as_bytes());
    h.update(&[0]);
    h.update(token.as_bytes());
    h.digest() as i64
}

pub fn pack(variant: i64, len: usize) -> u64 {
    ((variant as u64) << 8) | len.min(LEN_CAP) as u64
}

pub fn unpack(p: u64) -> (i64, usize) {
    ((p >> 8) as i64, (p & 0xFF) as usize)
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Decodes a chunk's deltas, appending the postings to `out`.
pub fn decode_into(data: &[u8], out: &mut Vec<u64>) {
    let (mut acc, mut cur, mut shift) = (0u64, 0u64, 0u32);
    for &b in data {
        cur |= ((b & 0x7F) as u64) << shift;
        if b & 0x80 == 0 {
            acc += cur;
            out.push(acc);
            cur = 0;
            shift = 0;
        } else {
            shift += 7;
        }
    }
}

/// The distinct grams of a segment and its token count.
pub fn segment_grams(lang: &LangTag, text: &str) -> (Vec<i64>, usize) {
    let k = key::fuzzy_key(text);
    let toks = token::tokens(&k);
    let mut grams: Vec<i64> = toks.iter().map(|t| gram(lang, t)).collect();
    grams.sort_unstable();
    grams.dedup();
    (grams, toks.len())
}

/// Collects postings in memory during an import and writes them out in batches, so memory
/// stays bounded however large the file.
#[derive(Default)]
pub struct IndexBuilder {
    pending: HashMap<i64, Vec<u64>>,
    count: usize,
}

impl IndexBuilder {
    /// Postings held before a flush: about 80 MB.
    const FLUSH_AT: usize = 10_000_000;

    /// Indexes one segment. Variant ids must grow from call to call (they do: SQLite hands
    /// them out in order during an import).
    pub fn add(
        &mut self,
        conn: &Connection,
        variant: i64,
        lang: &LangTag,
        text: &str,
    ) -> Result<()> {
        let (grams, len) = segment_grams(lang, text);
        let p = pack(variant, len);
        for g in grams {
            self.pending.entry(g).or_default().push(p);
            self.count += 1;
        }
        if self.count >= Self::FLUSH_AT {
            self.flush(conn)?;
        }
        Ok(())
    }

    /// Appends the pending postings to their lists.
    pub fn flush(&mut self, conn: &Connection) -> Result<()> {
        let mut last_chunk = conn.prepare_cached(
            "SELECT chunk, last, data FROM tm_posting WHERE gram = ?1 ORDER BY chunk DESC LIMIT 1",
        )?;
        let mut update = conn.prepare_cached(
            "UPDATE tm_posting SET last = ?3, data = ?4 WHERE gram = ?1 AND chunk = ?2",
        )?;
        let mut insert = conn.prepare_cached(
            "INSERT INTO tm_posting (gram, chunk, last, data) VALUES (?1, ?2, ?3, ?4)",
        )?;
        let mut df = conn.prepare_cached(
            "INSERT INTO tm_gram (gram, df) VALUES (?1, ?2) ON CONFLICT (gram) DO UPDATE SET df = df + excluded.df",
        )?;
        let mut grams: Vec<(i64, Vec<u64>)> = self.pending.drain().collect();
        grams.sort_unstable_by_key(|(g, _)| *g);
        for (g, postings) in grams {
            let tail: Option<(i64, i64, Vec<u8>)> = last_chunk
                .query_row([g], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()?;
            let (chunk, mut prev, mut data, fresh) = match tail {
                Some((c, last, data)) if data.len() < CHUNK_BYTES => (c, last as u64, data, false),
                Some((c, _, _)) => (c + 1, 0, Vec::new(), true),
                None => (0, 0, Vec::new(), true),
            };
            for p in &postings {
                put_varint(&mut data, p - prev);
                prev = *p;
            }
            if fresh {
                insert.execute(params![g, chunk, prev as i64, data])?;
            } else {
                update.execute(params![g, chunk, prev as i64, data])?;
            }
            df.execute(params![g, postings.len() as i64])?;
        }
        self.count = 0;
        Ok(())
    }
}

/// How many segments hold a gram.
pub fn df(conn: &Connection, gram: i64) -> Result<u64> {
    Ok(conn
        .prepare_cached("SELECT df FROM tm_gram WHERE gram = ?1")?
        .query_row([gram], |r| r.get::<_, i64>(0))
        .optional()?
        .unwrap_or(0) as u64)
}

/// A gram's whole posting list, in variant order.
pub fn postings(conn: &Connection, gram: i64, out: &mut Vec<u64>) -> Result<()> {
    let mut stmt =
        conn.prepare_cached("SELECT data FROM tm_posting WHERE gram = ?1 ORDER BY chunk")?;
    let mut rows = stmt.query([gram])?;
    while let Some(row) = rows.next()? {
        let data = row.get_ref(0)?.as_blob().map_err(rusqlite::Error::from)?;
        decode_into(data, out);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn postings_survive_chunking_and_appends() {
        let store = Store::open_in_memory().unwrap();
        let en = LangTag::parse("en").unwrap();
        let mut b = IndexBuilder::default();
        // Enough segments sharing "the" to fill a chunk past its size (2 bytes a posting), so
        // the third flush starts a new one; the second appends to the first.
        for v in 1..=40_000 {
            b.add(
                store.conn(),
                v,
                &en,
                if v % 2 == 0 { "the cat" } else { "the dog sat" },
            )
            .unwrap();
            if v == 10_000 || v == 35_000 {
                b.flush(store.conn()).unwrap();
            }
        }
        b.flush(store.conn()).unwrap();
        let the = gram(&en, "the");
        let mut out = Vec::new();
        postings(store.conn(), the, &mut out).unwrap();
        assert_eq!(out.len(), 40_000);
        assert_eq!(unpack(out[0]), (1, 3));
        assert_eq!(unpack(out[39_999]), (40_000, 2));
        assert!(out.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(df(store.conn(), the).unwrap(), 40_000);
        let chunks: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM tm_posting WHERE gram = ?1",
                [the],
                |r| r.get(0),
            )
            .unwrap();
        assert!(chunks > 1, "{chunks} chunk(s)");
        assert_eq!(df(store.conn(), gram(&en, "cat")).unwrap(), 20_000);
    }

    #[test]
    fn languages_do_not_share_grams_but_regions_do() {
        let (en, de) = (LangTag::parse("en").unwrap(), LangTag::parse("de").unwrap());
        assert_ne!(gram(&en, "die"), gram(&de, "die"));
        assert_eq!(
            gram(&LangTag::parse("zh-CN").unwrap(), "市"),
            gram(&LangTag::parse("zh-TW").unwrap(), "市")
        );
    }
}
