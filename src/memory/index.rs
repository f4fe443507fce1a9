//! The memory's index, built as units are imported: a vocabulary, every segment's token
//! sequence, and every token's posting list.
//!
//! - `tm_token`: each distinct token (a word, one Han character, a punctuation mark) of each
//!   language (its primary subtag, so `zh-CN` and `zh-TW` share tokens) gets a small integer
//!   id and its document frequency, so a search can probe the rarest tokens first and a
//!   concordance can find the words that contain a fragment.
//! - `variant.toks`: each segment's match key as a sequence of token ids (varints), so a fuzzy
//!   candidate is verified from a few bytes, without normalising and tokenising its text
//!   again. It lives in the variant row: a table of its own cost a B-tree insert per segment,
//!   a third of an import's storing time.
//! - `tm_posting`: for each token, the segments (variant ids) that contain it, in id order,
//!   each packed with the segment's token count (capped at 255) so the length filter costs
//!   nothing; delta- and varint-coded into blobs of at most [`CHUNK_BYTES`], appended as units
//!   are imported.

use rusqlite::{Connection, OptionalExtension, params};
use rustc_hash::FxHashMap;

use crate::error::Result;
pub use crate::store::codec::{decode_each, decode_into, put_varint, varints};
use crate::store::derived::Derived;
use crate::text::{LangTag, key, script, token};

/// A posting blob grows to about this size, then a new chunk starts.
pub const CHUNK_BYTES: usize = 64 * 1024;
/// Token counts at or above this are stored as this: "long".
pub const LEN_CAP: usize = 255;

pub fn pack(variant: i64, len: usize) -> u64 {
    ((variant as u64) << 8) | len.min(LEN_CAP) as u64
}

pub fn unpack(p: u64) -> (i64, usize) {
    ((p >> 8) as i64, (p & 0xFF) as usize)
}

/// A token's id and document frequency in a language (primary subtag), if the memory has it.
pub fn token_id(conn: &Connection, lang: &str, token: &str) -> Result<Option<(u32, u64)>> {
    Ok(conn
        .prepare_cached("SELECT id, df FROM tm_token WHERE token = ?1 AND lang = ?2")?
        .query_row(params![token, lang], |r| {
            Ok((r.get::<_, i64>(0)? as u32, r.get::<_, i64>(1)? as u64))
        })
        .optional()?)
}

/// A gram's whole posting list, in variant order.
pub fn postings(conn: &Connection, token: u32, out: &mut Vec<u64>) -> Result<()> {
    each_posting(conn, token, |p| out.push(p))
}

/// Each posting of a gram's list, in variant order, decoded straight from the stored chunks.
pub fn each_posting(conn: &Connection, token: u32, mut f: impl FnMut(u64)) -> Result<()> {
    let mut stmt =
        conn.prepare_cached("SELECT data FROM tm_posting WHERE token = ?1 ORDER BY chunk")?;
    let mut rows = stmt.query([token])?;
    while let Some(row) = rows.next()? {
        let data = row.get_ref(0)?.as_blob().map_err(rusqlite::Error::from)?;
        decode_each(data, &mut f);
    }
    Ok(())
}

/// A segment's token ids, in order, mapped through `f`; false if the segment is not indexed.
pub fn sequence(
    conn: &Connection,
    variant: i64,
    out: &mut Vec<u32>,
    f: impl Fn(u32) -> u32,
) -> Result<bool> {
    out.clear();
    let mut stmt = conn.prepare_cached("SELECT toks FROM variant WHERE id = ?1")?;
    let mut rows = stmt.query([variant])?;
    let Some(data) = rows
        .next()?
        .and_then(|row| row.get_ref(0).ok()?.as_blob().ok())
    else {
        return Ok(false);
    };
    varints(data, |id| out.push(f(id as u32)));
    Ok(true)
}

/// One language's tokens and their ids. Most tokens are short and kept inline in the table,
/// so a lookup (one per token of every imported segment) compares bytes in place instead of
/// chasing a pointer to a string somewhere on the heap; a Chinese token is one Han
/// character, and finds its id at its code point's place in an array.
#[derive(Default)]
struct Vocab {
    han: Vec<u32>,
    short: FxHashMap<[u8; 16], u32>,
    long: FxHashMap<Box<str>, u32>,
}

/// The Han blocks whose characters [`Vocab`] keeps in its array (CJK Extension A and the
/// unified ideographs: 27,648 slots).
const HAN_FIRST: u32 = 0x3400;
const HAN_LAST: u32 = 0x9FFF;

impl Vocab {
    /// The array slot of a one-character Han token.
    fn han_slot(token: &str) -> Option<usize> {
        let mut cs = token.chars();
        match (cs.next(), cs.next()) {
            (Some(c), None) if script::is_common_han(c) => Some((c as u32 - HAN_FIRST) as usize),
            _ => None,
        }
    }

    /// A token of at most 15 bytes, zero-padded, its length in the last byte.
    fn inline(token: &str) -> Option<[u8; 16]> {
        let b = token.as_bytes();
        (b.len() < 16).then(|| {
            let mut k = [0u8; 16];
            k[..b.len()].copy_from_slice(b);
            k[15] = b.len() as u8;
            k
        })
    }

    fn get(&self, token: &str) -> Option<u32> {
        if let Some(slot) = Self::han_slot(token) {
            return self.han.get(slot).copied().filter(|&id| id != 0);
        }
        match Self::inline(token) {
            Some(k) => self.short.get(&k).copied(),
            None => self.long.get(token).copied(),
        }
    }

    fn insert(&mut self, token: &str, id: u32) {
        if let Some(slot) = Self::han_slot(token) {
            if self.han.is_empty() {
                self.han = vec![0; (HAN_LAST - HAN_FIRST + 1) as usize];
            }
            self.han[slot] = id;
            return;
        }
        match Self::inline(token) {
            Some(k) => self.short.insert(k, id),
            None => self.long.insert(token.into(), id),
        };
    }
}

/// A token first met in this import: id, language (primary subtag), text.
pub type NewToken = (u32, String, String);

/// A segment's tokens as the index keeps them: the sequence of ids (varints) that goes into
/// its variant row, and the distinct ids whose posting lists it joins.
#[derive(Debug, Default)]
pub struct SegmentTokens {
    pub seq: Vec<u8>,
    distinct: Vec<u32>,
    count: usize,
}

/// Turns segments into token ids: the vocabulary half of the index, which needs no database
/// once loaded, so an import can run it on the thread that reads the file.
#[derive(Default)]
pub struct Tokenizer {
    /// Language (primary subtag) → its tokens' ids.
    vocab: FxHashMap<String, Vocab>,
    next_id: u32,
    /// Tokens first met since the last [`Tokenizer::take_new`].
    new: Vec<NewToken>,
}

impl Tokenizer {
    /// The memory's vocabulary as it stands.
    pub fn load(conn: &Connection) -> Result<Tokenizer> {
        let mut t = Tokenizer::default();
        let mut stmt = conn.prepare("SELECT id, lang, token FROM tm_token")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            t.know(
                r.get::<_, i64>(0)? as u32,
                r.get(1)?,
                r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?,
            );
        }
        t.next_id = t.next_id.max(1);
        Ok(t)
    }

    /// A vocabulary read from another store: (id, language, token) rows.
    pub fn from_known(rows: impl IntoIterator<Item = (u32, String, String)>) -> Tokenizer {
        let mut t = Tokenizer::default();
        for (id, lang, token) in rows {
            t.know(id, lang, &token);
        }
        t.next_id = t.next_id.max(1);
        t
    }

    /// Adds a stored token; new ones are numbered after the highest known.
    fn know(&mut self, id: u32, lang: String, token: &str) {
        self.vocab.entry(lang).or_default().insert(token, id);
        self.next_id = self.next_id.max(id + 1);
    }

    /// A segment's tokens, new ones given the next ids.
    pub fn tokens(&mut self, lang: &LangTag, text: &str) -> SegmentTokens {
        let (lang, key) = (lang.primary(), key::fuzzy_key(text));
        if !self.vocab.contains_key(lang) {
            self.vocab.insert(lang.to_string(), Vocab::default());
        }
        let vocab = self.vocab.get_mut(lang).expect("inserted above");
        let mut ids = Vec::with_capacity(key.len() / 3 + 1);
        token::each_token_span(&key, |s, e| {
            let token = &key[s..e];
            let id = vocab.get(token).unwrap_or_else(|| {
                let id = self.next_id;
                self.next_id += 1;
                vocab.insert(token, id);
                self.new.push((id, lang.to_string(), token.to_string()));
                id
            });
            ids.push(id);
        });
        let mut seq = Vec::with_capacity(ids.len() * 2);
        for &id in &ids {
            put_varint(&mut seq, id as u64);
        }
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        SegmentTokens {
            seq,
            distinct: ids,
            count,
        }
    }

    /// The tokens met for the first time since the last call, for [`Postings::learn`].
    pub fn take_new(&mut self) -> Vec<NewToken> {
        std::mem::take(&mut self.new)
    }
}

/// The postings half of the index, which needs no database either: collects each stored
/// segment's postings (its token sequence is stored with its variant row), delta-coded as
/// they come, and hands them over in batches ([`PostingBatch`]) to append to their lists.
///
/// An import runs it on the reading thread, which gets each stored batch of units back:
/// adding tens of millions of postings to 35,000 lists misses the cache at nearly every one,
/// and that was a tenth of the storing thread's time. A list is handed over as soon as it
/// fills a chunk, so the writing is spread over the import rather than left to its end; all
/// of them are when the postings held reach a memory budget, so memory stays bounded however
/// large the file.
pub struct Postings {
    /// Tokens the [`Tokenizer`] met, written with the next batch.
    new: Vec<NewToken>,
    /// Pending postings by token id; the ids that have some (possibly twice) and those whose
    /// list fills a chunk.
    lists: Vec<Pending>,
    touched: Vec<u32>,
    full: Vec<u32>,
    /// Bytes held in `lists`, and the budget that makes them all due.
    held: usize,
    budget: usize,
    /// The size at which a list is due on its own.
    chunk: usize,
}

/// One token's postings not yet handed over.
#[derive(Default)]
struct Pending {
    first: u64,
    last: u64,
    count: u32,
    /// The deltas after the first posting.
    rest: Vec<u8>,
}

impl Default for Postings {
    /// A budget of 48 MB of coded postings: some 30 million.
    fn default() -> Postings {
        Postings::with_limits(48 << 20, CHUNK_BYTES)
    }
}

impl Postings {
    /// Postings due all together when `budget` bytes are held, and a list on its own when it
    /// reaches `chunk` bytes.
    pub fn with_limits(budget: usize, chunk: usize) -> Postings {
        Postings {
            new: Vec::new(),
            lists: Vec::new(),
            touched: Vec::new(),
            full: Vec::new(),
            held: 0,
            budget,
            chunk,
        }
    }

    /// Takes the tokens the tokenizer met since it was last asked; they must come before the
    /// segments that use them are added.
    pub fn learn(&mut self, new: Vec<NewToken>) {
        self.new.extend(new);
    }

    /// Adds one segment to the posting lists of its tokens. Variant ids must grow from call to
    /// call (they do: an import numbers its variants in order, see `db::UnitWriter`).
    pub fn add(&mut self, variant: i64, tokens: &SegmentTokens) {
        let p = pack(variant, tokens.count);
        for &id in &tokens.distinct {
            let i = id as usize;
            if self.lists.len() <= i {
                self.lists.resize_with(i + 1, Pending::default);
            }
            let list = &mut self.lists[i];
            if list.count == 0 {
                self.touched.push(id);
                list.first = p;
            } else {
                let before = list.rest.len();
                put_varint(&mut list.rest, p - list.last);
                self.held += list.rest.len() - before;
                if before < self.chunk && list.rest.len() >= self.chunk {
                    self.full.push(id);
                }
            }
            list.last = p;
            list.count += 1;
        }
    }

    /// What is due for writing: every list when the budget is spent, else those that fill a
    /// chunk; `None` when nothing is.
    pub fn take_due(&mut self) -> Option<PostingBatch> {
        if self.held >= self.budget {
            Some(self.take())
        } else if !self.full.is_empty() {
            let mut ids = std::mem::take(&mut self.full);
            ids.sort_unstable();
            Some(self.take_lists(ids))
        } else {
            None
        }
    }

    /// The tokens learned and every list held, to write; holds nothing after.
    pub fn take(&mut self) -> PostingBatch {
        let mut ids = std::mem::take(&mut self.touched);
        ids.sort_unstable();
        ids.dedup();
        self.full.clear();
        self.take_lists(ids)
    }

    /// The tokens learned and the lists of `ids` (in order; those holding nothing are passed
    /// over).
    fn take_lists(&mut self, ids: Vec<u32>) -> PostingBatch {
        let mut batch = PostingBatch {
            new: Vec::with_capacity(self.new.len()),
            lists: Vec::with_capacity(ids.len()),
        };
        // A new token's document frequency is the count of its postings in this batch (it has
        // none elsewhere); the rest of them, if any, are added when they are written.
        let counts: FxHashMap<u32, u32> = ids
            .iter()
            .filter(|&&id| self.new.first().is_some_and(|n| id >= n.0))
            .map(|&id| (id, self.lists[id as usize].count))
            .collect();
        for (id, lang, token) in self.new.drain(..) {
            let df = counts.get(&id).copied().unwrap_or(0);
            batch.new.push((id, lang, token, df as i64));
        }
        for id in ids {
            let list = std::mem::take(&mut self.lists[id as usize]);
            if list.count == 0 {
                continue;
            }
            self.held -= list.rest.len();
            batch.lists.push(PostingList {
                token: id,
                first: list.first,
                last: list.last,
                count: list.count as i64,
                rest: list.rest,
            });
        }
        batch
    }
}

/// One list's postings as a chunk of its own: token, count of postings, coded data.
pub type Chunk = (u32, i64, Vec<u8>);

/// Postings to append to their lists, and the tokens new since the last batch.
pub struct PostingBatch {
    /// Id, language, token and document frequency.
    new: Vec<(u32, String, String, i64)>,
    /// At most one per token, in token order.
    lists: Vec<PostingList>,
}

/// One token's postings in a [`PostingBatch`]: the first posting is kept whole, as its delta
/// depends on the list's stored tail.
struct PostingList {
    token: u32,
    first: u64,
    last: u64,
    count: i64,
    rest: Vec<u8>,
}

impl PostingBatch {
    /// The batch for a store that appends each list as a chunk of its own rather than
    /// extending its last one: the new tokens (id, language, token), and each list as (token,
    /// its count of postings, the chunk coded from zero as [`decode_into`] reads it).
    pub fn into_chunks(self) -> (Vec<NewToken>, Vec<Chunk>) {
        let new = self
            .new
            .into_iter()
            .map(|(id, lang, token, _)| (id, lang, token))
            .collect();
        let lists = self
            .lists
            .into_iter()
            .map(|l| {
                let mut data = Vec::with_capacity(l.rest.len() + 9);
                put_varint(&mut data, l.first);
                data.extend_from_slice(&l.rest);
                (l.token, l.count, data)
            })
            .collect();
        (new, lists)
    }

    /// Writes the new tokens and appends the postings to their lists.
    pub fn write(self, conn: &Connection) -> Result<()> {
        // The tokenizer numbers tokens in the order it meets them, so every id from the first
        // new one on is a token with no row and no postings yet: it is written with its
        // document frequency, and its list starts without asking for a tail.
        let first_new = self.new.first().map_or(u32::MAX, |t| t.0);
        let mut new_token = conn
            .prepare_cached("INSERT INTO tm_token (id, lang, token, df) VALUES (?1, ?2, ?3, ?4)")?;
        for (id, lang, token, df) in &self.new {
            new_token.execute(params![id, lang, token, df])?;
        }
        // A tail chunk too large to append to is not read.
        let mut last_chunk = conn.prepare_cached(
            "SELECT chunk, last, CASE WHEN length(data) < ?2 THEN data END FROM tm_posting WHERE token = ?1 ORDER BY chunk DESC LIMIT 1",
        )?;
        let mut update = conn.prepare_cached(
            "UPDATE tm_posting SET last = ?3, data = ?4 WHERE token = ?1 AND chunk = ?2",
        )?;
        let mut insert = conn.prepare_cached(
            "INSERT INTO tm_posting (token, chunk, last, data) VALUES (?1, ?2, ?3, ?4)",
        )?;
        let mut df = conn.prepare_cached("UPDATE tm_token SET df = df + ?2 WHERE id = ?1")?;
        for list in &self.lists {
            let id = list.token;
            let tail: Option<(i64, i64, Option<Vec<u8>>)> = if id >= first_new {
                None
            } else {
                last_chunk
                    .query_row(params![id, CHUNK_BYTES as i64], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                    })
                    .optional()?
            };
            let (chunk, prev, mut data, fresh) = match tail {
                Some((c, last, Some(data))) => (c, last as u64, data, false),
                Some((c, _, None)) => (c + 1, 0, Vec::new(), true),
                None => (0, 0, Vec::new(), true),
            };
            put_varint(&mut data, list.first - prev);
            data.extend_from_slice(&list.rest);
            let params = params![id, chunk, list.last as i64, data];
            if fresh {
                insert.execute(params)?;
            } else {
                update.execute(params)?;
            }
            if id < first_new {
                df.execute(params![id, list.count])?;
            }
        }
        Ok(())
    }
}

/// Both halves on one thread: for rebuilding an index, and for tests.
pub struct IndexBuilder {
    tokenizer: Tokenizer,
    postings: Postings,
}

impl IndexBuilder {
    pub fn load(conn: &Connection) -> Result<IndexBuilder> {
        let tokenizer = Tokenizer::load(conn)?;
        Ok(IndexBuilder {
            tokenizer,
            postings: Postings::default(),
        })
    }

    pub fn add(
        &mut self,
        conn: &Connection,
        variant: i64,
        lang: &LangTag,
        text: &str,
    ) -> Result<()> {
        let tokens = self.tokenizer.tokens(lang, text);
        conn.prepare_cached("UPDATE variant SET toks = ?2 WHERE id = ?1")?
            .execute(params![variant, tokens.seq])?;
        self.postings.learn(self.tokenizer.take_new());
        self.postings.add(variant, &tokens);
        match self.postings.take_due() {
            Some(batch) => batch.write(conn),
            None => Ok(()),
        }
    }

    pub fn flush(&mut self, conn: &Connection) -> Result<()> {
        self.postings.take().write(conn)
    }
}

/// The index, derived from the stored segments; a migration marks it stale when its layout
/// changes (see the store's migrations).
pub const DERIVED: Derived = Derived {
    name: crate::store::MEMORY_INDEX,
    rebuild,
};

/// Indexes every segment of the memory anew: for a database whose index predates the
/// current layout. Runs in the caller's transaction.
pub fn rebuild(conn: &Connection) -> Result<()> {
    conn.execute_batch("DELETE FROM tm_posting; DELETE FROM tm_token;")?;
    let mut b = IndexBuilder::load(conn)?;
    let mut stmt = conn.prepare("SELECT id, lang, text FROM variant ORDER BY id")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let lang = LangTag::parse(&r.get::<_, String>(1)?).unwrap_or_else(|_| LangTag::any());
        b.add(conn, r.get(0)?, &lang, &r.get::<_, String>(2)?)?;
    }
    b.flush(conn)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn id(conn: &Connection, lang: &str, t: &str) -> (u32, u64) {
        token_id(conn, lang, t).unwrap().unwrap()
    }

    #[test]
    fn postings_survive_chunking_and_appends() {
        let store = Store::open_in_memory().unwrap();
        let en = LangTag::parse("en").unwrap();
        // The rows whose token sequences the builder writes.
        store
            .conn()
            .execute_batch(
                "INSERT INTO batch (id, kind, origin) VALUES (1, 'memory', 't');
                 INSERT INTO unit (id, hash, batch) VALUES (1, x'01', 1);
                 INSERT INTO variant (id, unit, lang, text) VALUES (3, 1, 'en', 'the dog sat');",
            )
            .unwrap();
        let mut b = IndexBuilder::load(store.conn()).unwrap();
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
        let (the, df) = id(store.conn(), "en", "the");
        assert_eq!(df, 40_000);
        let mut out = Vec::new();
        postings(store.conn(), the, &mut out).unwrap();
        assert_eq!(out.len(), 40_000);
        assert_eq!(unpack(out[0]), (1, 3));
        assert_eq!(unpack(out[39_999]), (40_000, 2));
        assert!(out.windows(2).all(|w| w[0] < w[1]));
        let chunks: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM tm_posting WHERE token = ?1",
                [the],
                |r| r.get(0),
            )
            .unwrap();
        assert!(chunks > 1, "{chunks} chunk(s)");
        assert_eq!(id(store.conn(), "en", "cat").1, 20_000);
        let mut seq = Vec::new();
        assert!(sequence(store.conn(), 3, &mut seq, |i| i).unwrap());
        let dog = id(store.conn(), "en", "dog").0;
        assert_eq!(seq[..2], [the, dog]);
    }

    #[test]
    fn a_second_import_extends_the_vocabulary() {
        let store = Store::open_in_memory().unwrap();
        let en = LangTag::parse("en").unwrap();
        let mut b = IndexBuilder::load(store.conn()).unwrap();
        b.add(store.conn(), 1, &en, "the mayor").unwrap();
        b.flush(store.conn()).unwrap();
        let mut b = IndexBuilder::load(store.conn()).unwrap();
        b.add(store.conn(), 2, &en, "the governor").unwrap();
        b.flush(store.conn()).unwrap();
        assert_eq!(id(store.conn(), "en", "the").1, 2);
        assert_ne!(
            id(store.conn(), "en", "mayor").0,
            id(store.conn(), "en", "governor").0
        );
    }

    #[test]
    fn languages_do_not_share_tokens_but_regions_do() {
        let store = Store::open_in_memory().unwrap();
        let mut b = IndexBuilder::load(store.conn()).unwrap();
        for (v, (lang, text)) in [
            ("en", "die"),
            ("de", "die"),
            ("zh-CN", "市"),
            ("zh-TW", "市"),
        ]
        .into_iter()
        .enumerate()
        {
            b.add(
                store.conn(),
                v as i64 + 1,
                &LangTag::parse(lang).unwrap(),
                text,
            )
            .unwrap();
        }
        b.flush(store.conn()).unwrap();
        assert_ne!(
            id(store.conn(), "en", "die").0,
            id(store.conn(), "de", "die").0
        );
        assert_eq!(id(store.conn(), "zh", "市").1, 2);
    }
}
