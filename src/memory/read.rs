//! The store seam: every read that fuzzy search and concordance make of a memory, behind one
//! trait, so the same algorithm (and so the same exact score and top k) runs on SQLite here
//! and on PostgreSQL (`crate::pg`). The algorithm stays in `search` and `concordance`; a store
//! only hands over rows. Search and concordance are generic over the store, so SQLite's path
//! is compiled as before, with no indirect calls.
//!
//! Suggest, analyze, export and glossary extract read the memory through it too; the glossary
//! they consult (suggest's masks, extract's known terms) is not the memory's and is passed
//! apart.
//!
//! The SQLite implementation below holds the SQL that search and concordance used to run
//! themselves.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::db::{self, LangUse, StoredUnit};
use super::index;
use crate::error::Result;
use crate::model::memory::Segment;
use crate::text::LangTag;

/// A segment as fuzzy search scores it.
#[derive(Clone)]
pub struct Candidate {
    pub unit: i64,
    pub lang: String,
    pub text: String,
    pub has_markup: bool,
}

/// A segment read with [`MemoryRead::candidates_in_units`]: its unit's other segments, in the
/// unit's order, when it was kept (those whose tag no longer parses left out).
pub struct InUnit {
    pub candidate: Candidate,
    pub others: Option<Vec<Segment>>,
}

/// What a hit is shown with: its segment (lang as stored, text) and its unit's origin, then
/// the unit's other segments.
pub type HitRows = ((String, String, String), Vec<Segment>);

/// What a concordance hit needs of its unit: the source language it declares, its first
/// segment's id (the source when it declares none), and where it came from.
pub struct UnitHead {
    pub srclang: Option<String>,
    pub first_variant: i64,
    pub origin: String,
}

/// The reads of a memory that search and concordance make. Ids and token ids are the store's
/// own; postings are packed as [`index::pack`] packs them, in variant order.
pub trait MemoryRead {
    /// Runs `f` on one consistent view of the memory.
    fn snapshot<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T>;

    /// The languages of the memory's segments (tags as stored), with their segment counts,
    /// most first.
    fn languages(&self) -> Result<Vec<(String, i64)>>;

    /// A token's id and document frequency in a language (primary subtag).
    fn token_id(&self, lang: &str, token: &str) -> Result<Option<(u32, u64)>>;

    /// Tokens of any language equal to `token`: (id, df).
    fn tokens_equal(&self, token: &str) -> Result<Vec<(u32, u64)>>;

    /// Tokens of any language that begin with `prefix`: (id, df).
    fn tokens_prefixed(&self, prefix: &str) -> Result<Vec<(u32, u64)>>;

    /// Tokens of any language that contain `part` and pass `keep`: (id, df).
    fn tokens_containing(
        &self,
        part: &str,
        keep: &mut dyn FnMut(&str) -> bool,
    ) -> Result<Vec<(u32, u64)>>;

    /// A token's whole posting list, appended to `out` in variant order.
    fn postings(&self, token: u32, out: &mut Vec<u64>) -> Result<()>;

    /// [`MemoryRead::postings`] of several tokens, in the order asked. A store across a
    /// network reads them in one round trip.
    fn postings_of(&self, tokens: &[u32]) -> Result<Vec<Vec<u64>>> {
        tokens
            .iter()
            .map(|&t| {
                let mut list = Vec::new();
                self.postings(t, &mut list)?;
                Ok(list)
            })
            .collect()
    }

    /// Each posting of several tokens' lists, passed to `f`: the lists in the order asked,
    /// each in variant order, as [`MemoryRead::postings_of`] returns them, but with no list
    /// in between (a count needs each posting once, not a copy of the list). A store across
    /// a network reads them in one round trip.
    fn each_posting_of<F: FnMut(u64)>(&self, tokens: &[u32], mut f: F) -> Result<()> {
        for list in self.postings_of(tokens)? {
            list.iter().for_each(|&p| f(p));
        }
        Ok(())
    }

    /// [`MemoryRead::token_ids`] for a search that goes on to read the postings of some of
    /// these tokens: a store across a network may read what it needs to read those lists in
    /// the same round trip. The answer is [`MemoryRead::token_ids`]'s.
    fn token_ids_to_search(&self, lang: &str, tokens: &[&str]) -> Result<Vec<Option<(u32, u64)>>> {
        self.token_ids(lang, tokens)
    }

    /// Whether a read costs a round trip across a network, so that a search reads a few
    /// posting lists ahead in one call rather than each when it needs it. SQLite reads in
    /// place: no.
    fn reads_ahead(&self) -> bool {
        false
    }

    /// Read inside a snapshot: a value that differs between any two snapshots whose memories
    /// differ, so that what was counted from one may serve the other when the stamps are
    /// equal. `None` (the default): no such stamp, nothing is kept across snapshots.
    fn memory_stamp(&self) -> Result<Option<(i64, i64)>> {
        Ok(None)
    }

    /// A token's posting list a stored chunk at a time, newest chunk first, each decoded into
    /// the buffer `f` gets; `f` returns false to stop.
    fn postings_newest_first(
        &self,
        token: u32,
        f: &mut dyn FnMut(&[u64]) -> Result<bool>,
    ) -> Result<()>;

    /// A segment's token ids in order, mapped through `f`, into `out`; false if the segment
    /// has no stored sequence.
    fn sequence<F: Fn(u32) -> u32>(&self, variant: i64, out: &mut Vec<u32>, f: F) -> Result<bool>;

    /// Says which segments' sequences [`MemoryRead::sequence`] is about to be asked for, so
    /// that a store across a network can read them in one round trip. SQLite reads in place
    /// and ignores it.
    fn prefetch_sequences(&self, _variants: &[i64]) -> Result<()> {
        Ok(())
    }

    /// One segment to score.
    fn candidate(&self, variant: i64) -> Result<Option<Candidate>>;

    /// Every segment: (variant id, unit, lang, text, has markup), in no set order.
    fn each_candidate(&self, f: &mut dyn FnMut(i64, Candidate) -> Result<()>) -> Result<()>;

    /// Every segment id, highest first.
    fn variant_ids_newest_first(&self) -> Result<Vec<i64>>;

    /// A unit's srclang, first variant and origin.
    fn unit_head(&self, unit: i64) -> Result<UnitHead>;

    /// A hit's segment with its unit's origin: (lang as stored, text, origin).
    fn source_with_origin(&self, variant: i64) -> Result<(String, String, String)>;

    /// A unit's segments but one, in the unit's order (those whose tag no longer parses left
    /// out).
    fn other_segments(&self, unit: i64, except: i64) -> Result<Vec<Segment>>;

    /// Several segments to score, in the order asked (`None` for an id the memory lacks). A
    /// store across a network reads them in one round trip.
    fn candidates(&self, variants: &[i64]) -> Result<Vec<Option<Candidate>>> {
        variants.iter().map(|&v| self.candidate(v)).collect()
    }

    /// [`MemoryRead::candidates`], and for each that `keep` takes, its unit's other segments
    /// ([`MemoryRead::other_segments`]): what suggest reads of each unit holding a term. A
    /// store across a network reads the segments, then the units of those kept, in two round
    /// trips.
    fn candidates_in_units(
        &self,
        variants: &[i64],
        keep: &mut dyn FnMut(&Candidate) -> bool,
    ) -> Result<Vec<Option<InUnit>>> {
        let found = self.candidates(variants)?;
        let mut wanted = Vec::new();
        let mut out: Vec<Option<InUnit>> = Vec::with_capacity(found.len());
        for (&id, c) in variants.iter().zip(found) {
            out.push(c.map(|c| {
                let kept = keep(&c);
                if kept {
                    wanted.push((c.unit, id));
                }
                InUnit {
                    candidate: c,
                    others: kept.then(Vec::new),
                }
            }));
        }
        let mut others = self.other_segments_of(&wanted)?.into_iter();
        for o in out.iter_mut().flatten() {
            if let Some(segments) = o.others.as_mut() {
                *segments = others.next().unwrap_or_default();
            }
        }
        Ok(out)
    }

    /// Says which segments [`MemoryRead::candidate`] is about to be asked for, as
    /// [`MemoryRead::prefetch_sequences`] does for sequences. SQLite ignores it.
    fn prefetch_candidates(&self, _variants: &[i64]) -> Result<()> {
        Ok(())
    }

    /// [`MemoryRead::source_with_origin`] of several hits, in the order asked.
    fn sources_with_origin(&self, variants: &[i64]) -> Result<Vec<(String, String, String)>> {
        variants
            .iter()
            .map(|&v| self.source_with_origin(v))
            .collect()
    }

    /// [`MemoryRead::other_segments`] of several (unit, segment) pairs, in the order asked.
    fn other_segments_of(&self, wanted: &[(i64, i64)]) -> Result<Vec<Vec<Segment>>> {
        wanted
            .iter()
            .map(|&(unit, except)| self.other_segments(unit, except))
            .collect()
    }

    /// [`MemoryRead::sources_with_origin`] and [`MemoryRead::other_segments_of`] of several
    /// (unit, segment) pairs, in the order asked: what a hit is shown with. A store across a
    /// network reads both in one round trip.
    fn sources_and_others(&self, wanted: &[(i64, i64)]) -> Result<Vec<HitRows>> {
        let variants: Vec<i64> = wanted.iter().map(|&(_, v)| v).collect();
        let sources = self.sources_with_origin(&variants)?;
        let others = self.other_segments_of(wanted)?;
        Ok(sources.into_iter().zip(others).collect())
    }

    /// [`MemoryRead::token_id`] of several tokens of one language, in the order asked.
    fn token_ids(&self, lang: &str, tokens: &[&str]) -> Result<Vec<Option<(u32, u64)>>> {
        tokens.iter().map(|t| self.token_id(lang, t)).collect()
    }

    /// Every segment in unit order (then the unit's own): its unit, its language tag as
    /// stored, its text. Streamed; `f` must not read the store.
    fn each_segment(&self, f: &mut dyn FnMut(i64, &str, &str) -> Result<()>) -> Result<()>;

    /// Every unit whole, in id order (only those imported from `origin`, when given).
    /// Streamed; `f` must not read the store.
    fn each_unit(
        &self,
        origin: Option<&str>,
        f: &mut dyn FnMut(StoredUnit) -> Result<()>,
    ) -> Result<()>;

    /// How the units (only those from `origin`, when given) use each language, by tag.
    fn lang_use(&self, origin: Option<&str>) -> Result<BTreeMap<LangTag, LangUse>>;

    /// One unit whole, with its origin.
    fn unit(&self, id: i64) -> Result<Option<StoredUnit>>;
}

impl MemoryRead for Connection {
    fn snapshot<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        crate::store::read_snapshot(self, f)
    }

    fn languages(&self) -> Result<Vec<(String, i64)>> {
        let mut stmt =
            self.prepare_cached("SELECT lang, segments FROM tm_lang ORDER BY segments DESC")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn token_id(&self, lang: &str, token: &str) -> Result<Option<(u32, u64)>> {
        index::token_id(self, lang, token)
    }

    fn tokens_equal(&self, token: &str) -> Result<Vec<(u32, u64)>> {
        Ok(self
            .prepare_cached("SELECT id, df FROM tm_token WHERE token = ?1")?
            .query_map([token], id_df)?
            .collect::<rusqlite::Result<_>>()?)
    }

    fn tokens_prefixed(&self, prefix: &str) -> Result<Vec<(u32, u64)>> {
        // The (token, lang) index serves the range; U+10FFFF sorts after every other char.
        Ok(self
            .prepare_cached("SELECT id, df FROM tm_token WHERE token >= ?1 AND token < ?2")?
            .query_map([prefix, &format!("{prefix}\u{10FFFF}")], id_df)?
            .collect::<rusqlite::Result<_>>()?)
    }

    fn tokens_containing(
        &self,
        part: &str,
        keep: &mut dyn FnMut(&str) -> bool,
    ) -> Result<Vec<(u32, u64)>> {
        let mut stmt =
            self.prepare_cached("SELECT id, df, token FROM tm_token WHERE instr(token, ?1) > 0")?;
        let mut rows = stmt.query([part])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let t = r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?;
            if keep(t) {
                out.push(id_df(r)?);
            }
        }
        Ok(out)
    }

    fn postings(&self, token: u32, out: &mut Vec<u64>) -> Result<()> {
        index::postings(self, token, out)
    }

    fn each_posting_of<F: FnMut(u64)>(&self, tokens: &[u32], mut f: F) -> Result<()> {
        for &t in tokens {
            index::each_posting(self, t, &mut f)?;
        }
        Ok(())
    }

    fn postings_newest_first(
        &self,
        token: u32,
        f: &mut dyn FnMut(&[u64]) -> Result<bool>,
    ) -> Result<()> {
        let mut stmt = self
            .prepare_cached("SELECT data FROM tm_posting WHERE token = ?1 ORDER BY chunk DESC")?;
        let mut rows = stmt.query([token])?;
        let mut buf = Vec::new();
        while let Some(row) = rows.next()? {
            buf.clear();
            index::decode_into(
                row.get_ref(0)?.as_blob().map_err(rusqlite::Error::from)?,
                &mut buf,
            );
            if !f(&buf)? {
                break;
            }
        }
        Ok(())
    }

    fn sequence<F: Fn(u32) -> u32>(&self, variant: i64, out: &mut Vec<u32>, f: F) -> Result<bool> {
        index::sequence(self, variant, out, f)
    }

    fn candidate(&self, variant: i64) -> Result<Option<Candidate>> {
        Ok(self
            .prepare_cached(
                "SELECT unit, lang, text, markup IS NOT NULL FROM variant WHERE id = ?1",
            )?
            .query_row([variant], |r| {
                Ok(Candidate {
                    unit: r.get(0)?,
                    lang: r.get(1)?,
                    text: r.get(2)?,
                    has_markup: r.get(3)?,
                })
            })
            .optional()?)
    }

    fn each_candidate(&self, f: &mut dyn FnMut(i64, Candidate) -> Result<()>) -> Result<()> {
        let mut stmt =
            self.prepare_cached("SELECT id, unit, lang, text, markup IS NOT NULL FROM variant")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            f(
                r.get(0)?,
                Candidate {
                    unit: r.get(1)?,
                    lang: r.get(2)?,
                    text: r.get(3)?,
                    has_markup: r.get(4)?,
                },
            )?;
        }
        Ok(())
    }

    fn variant_ids_newest_first(&self) -> Result<Vec<i64>> {
        Ok(self
            .prepare_cached("SELECT id FROM variant ORDER BY id DESC")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    fn unit_head(&self, unit: i64) -> Result<UnitHead> {
        Ok(self
            .prepare_cached(
                "SELECT u.srclang, u.first_variant, b.origin
                 FROM unit u JOIN batch b ON b.id = u.batch WHERE u.id = ?1",
            )?
            .query_row([unit], |r| {
                Ok(UnitHead {
                    srclang: r.get(0)?,
                    first_variant: r.get(1)?,
                    origin: r.get(2)?,
                })
            })?)
    }

    fn source_with_origin(&self, variant: i64) -> Result<(String, String, String)> {
        Ok(self
            .prepare_cached("SELECT v.lang, v.text, b.origin FROM variant v JOIN unit u ON u.id = v.unit JOIN batch b ON b.id = u.batch WHERE v.id = ?1")?
            .query_row(params![variant], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?)
    }

    fn other_segments(&self, unit: i64, except: i64) -> Result<Vec<Segment>> {
        db::other_segments(self, unit, except)
    }

    // A unit's segments are consecutive ids (`unit.first_variant..=last_variant`), and most
    // units hold two: one seek at the id before the segment reads that one, the segment and
    // those after it, where reading the segment, then the unit's row, then its segments took
    // three B-tree descents a unit (a quarter of a lookup's evidence at 1,000,000 pairs).
    fn candidates_in_units(
        &self,
        variants: &[i64],
        keep: &mut dyn FnMut(&Candidate) -> bool,
    ) -> Result<Vec<Option<InUnit>>> {
        let mut around = self.prepare_cached(
            "SELECT id, unit, lang, text, markup IS NOT NULL FROM variant WHERE id >= ?1 ORDER BY id",
        )?;
        let mut before = self.prepare_cached(
            "SELECT unit, lang, text FROM variant WHERE id < ?1 ORDER BY id DESC",
        )?;
        let segment = |lang: String, text: String| {
            LangTag::parse(&lang)
                .ok()
                .map(|lang| Segment { lang, text })
        };
        let mut out = Vec::with_capacity(variants.len());
        for &id in variants {
            let mut rows = around.query([id.saturating_sub(1)])?;
            let mut row = rows.next()?;
            // The unit of the segment just before, when there is one.
            let mut prev_unit = None;
            if let Some(r) = row
                && r.get::<_, i64>(0)? < id
            {
                prev_unit = Some(r.get::<_, i64>(1)?);
                row = rows.next()?;
            }
            let Some(r) = row.filter(|r| r.get::<_, i64>(0).is_ok_and(|v| v == id)) else {
                out.push(None);
                continue;
            };
            let candidate = Candidate {
                unit: r.get(1)?,
                lang: r.get(2)?,
                text: r.get(3)?,
                has_markup: r.get(4)?,
            };
            if !keep(&candidate) {
                out.push(Some(InUnit {
                    candidate,
                    others: None,
                }));
                continue;
            }
            let unit = candidate.unit;
            let mut others = Vec::new();
            if prev_unit == Some(unit) {
                let mut rows = before.query([id])?;
                while let Some(r) = rows.next()? {
                    if r.get::<_, i64>(0)? != unit {
                        break;
                    }
                    others.extend(segment(r.get(1)?, r.get(2)?));
                }
                others.reverse();
            }
            while let Some(r) = rows.next()? {
                if r.get::<_, i64>(1)? != unit {
                    break;
                }
                others.extend(segment(r.get(2)?, r.get(3)?));
            }
            out.push(Some(InUnit {
                candidate,
                others: Some(others),
            }));
        }
        Ok(out)
    }

    fn each_segment(&self, f: &mut dyn FnMut(i64, &str, &str) -> Result<()>) -> Result<()> {
        db::for_each_segment(self, f)
    }

    fn each_unit(
        &self,
        origin: Option<&str>,
        f: &mut dyn FnMut(StoredUnit) -> Result<()>,
    ) -> Result<()> {
        db::for_each_unit(self, origin, f)
    }

    fn lang_use(&self, origin: Option<&str>) -> Result<BTreeMap<LangTag, LangUse>> {
        db::lang_use(self, origin)
    }

    fn unit(&self, id: i64) -> Result<Option<StoredUnit>> {
        db::get_unit(self, id)
    }
}

fn id_df(r: &rusqlite::Row) -> rusqlite::Result<(u32, u64)> {
    Ok((r.get::<_, i64>(0)? as u32, r.get::<_, i64>(1)? as u64))
}
