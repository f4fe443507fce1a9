//! Memory rows in the store: units, their variants, and reading them back in order.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, Statement, params};
use serde::Serialize;
use xxhash_rust::xxh3::Xxh3;

use super::index::SegmentTokens;
use crate::error::Result;
use crate::model::memory::{Meta, Segment, Unit, Variant};
use crate::store::derived::Derived;
use crate::text::LangTag;

/// The identity of a unit: its variants' languages, text and markup, in a canonical order.
/// Metadata is left out on purpose: the same pair exported by two tools with different dates
/// is still one pair.
pub fn unit_hash(u: &Unit) -> [u8; 16] {
    hash_of(u.variants.iter().map(|v| {
        (
            v.lang.as_str(),
            v.text.as_str(),
            v.markup.as_deref().unwrap_or(""),
        )
    }))
}

/// [`unit_hash`] of a unit's segments as stored: (language tag, text, markup or "") each.
pub fn hash_of<'a>(segments: impl Iterator<Item = (&'a str, &'a str, &'a str)>) -> [u8; 16] {
    let mut parts: Vec<(&str, &str, &str)> = segments.collect();
    parts.sort();
    let mut h = Xxh3::new();
    for (lang, text, markup) in parts {
        for field in [lang, text, markup] {
            h.update(&(field.len() as u64).to_le_bytes());
            h.update(field.as_bytes());
        }
    }
    h.digest128().to_le_bytes()
}

pub(crate) fn meta_json(m: &Meta) -> Option<String> {
    (!m.is_empty()).then(|| serde_json::to_string(m).unwrap_or_default())
}

/// Metadata as stored (JSON, or nothing when there is none).
pub fn meta_from(json: Option<String>) -> Meta {
    json.and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default()
}

/// Stores units, with its two statements prepared once: looking a cached statement up and
/// clearing it again cost an import a tenth of its storing time.
///
/// A unit's variants get consecutive ids, which the unit records (`first_variant`,
/// `last_variant`): that range is how a unit finds its variants, without an index on
/// `variant(unit)`. The writer numbers the variants itself, so it must be the only one
/// adding variants while it lives (it is: it works inside the import's transaction).
pub struct UnitWriter<'c> {
    conn: &'c Connection,
    unit: Statement<'c>,
    variant: Statement<'c>,
    next_variant: i64,
}

impl<'c> UnitWriter<'c> {
    pub fn new(conn: &'c Connection) -> Result<UnitWriter<'c>> {
        Ok(UnitWriter {
            conn,
            unit: conn.prepare(
                "INSERT OR IGNORE INTO unit (hash, batch, line, srclang, state, meta, first_variant, last_variant) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?,
            variant: conn.prepare(
                "INSERT INTO variant (id, unit, lang, text, markup, meta, toks) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?,
            next_variant: conn.query_row(
                "SELECT coalesce(max(id), 0) + 1 FROM variant",
                [],
                |r| r.get(0),
            )?,
        })
    }

    /// Stores a unit unless an identical one is there. Returns the id of its first variant
    /// (the others follow it, in the unit's order), or `None` for a duplicate. `hash` is the
    /// unit's [`unit_hash`]; `tokens` the variants' tokens for the index, whose sequences go
    /// into the variant rows, or nothing when the caller indexes them afterwards.
    pub fn insert(
        &mut self,
        batch: i64,
        u: &Unit,
        hash: &[u8; 16],
        tokens: &[SegmentTokens],
    ) -> Result<Option<i64>> {
        let first = self.next_variant;
        let n = self.unit.execute(params![
            &hash[..],
            batch,
            u.line as i64,
            u.srclang.as_ref().map(|l| l.as_str()),
            u.state,
            meta_json(&u.meta),
            first,
            first + u.variants.len() as i64 - 1,
        ])?;
        if n == 0 {
            return Ok(None);
        }
        let id = self.conn.last_insert_rowid();
        for (i, v) in u.variants.iter().enumerate() {
            self.variant.execute(params![
                first + i as i64,
                id,
                v.lang.as_str(),
                v.text,
                v.markup,
                meta_json(&v.meta),
                tokens.get(i).map(|t| &t.seq)
            ])?;
        }
        self.next_variant = first + u.variants.len() as i64;
        Ok(Some(first))
    }
}

/// A unit as stored, with where it came from.
#[derive(Clone, Debug, Serialize)]
pub struct StoredUnit {
    pub id: i64,
    #[serde(flatten)]
    pub unit: Unit,
    pub origin: String,
}

/// Reads one unit with its variants.
pub fn get_unit(conn: &Connection, id: i64) -> Result<Option<StoredUnit>> {
    let head = conn
        .prepare_cached(
            "SELECT u.line, u.srclang, u.state, u.meta, b.origin FROM unit u JOIN batch b ON b.id = u.batch WHERE u.id = ?1",
        )?
        .query_row([id], |r| {
            Ok((
                r.get::<_, Option<i64>>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
            ))
        })
        .optional()?;
    let Some((line, srclang, state, meta, origin)) = head else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT v.lang, v.text, v.markup, v.meta FROM unit u JOIN variant v ON v.id BETWEEN u.first_variant AND u.last_variant WHERE u.id = ?1 ORDER BY v.id",
    )?;
    let variants = stmt
        .query_map([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })?
        .map(|row| {
            let (lang, text, markup, meta) = row?;
            Ok(Variant {
                lang: LangTag::parse(&lang).unwrap_or_else(|_| LangTag::any()),
                text,
                markup,
                meta: meta_from(meta),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Some(StoredUnit {
        id,
        unit: Unit {
            variants,
            srclang: srclang.and_then(|s| LangTag::parse(&s).ok()),
            state,
            meta: meta_from(meta),
            line: line.unwrap_or(0) as u64,
        },
        origin,
    }))
}

/// The memory's language tags in their canonical form (schema migration 10): an older
/// concord stored `iw` or, from a TMX that named its languages, `chinese`.
pub const LANGUAGES: Derived = Derived {
    name: "memory-languages",
    rebuild: canonicalise_languages,
};

fn canonicalise_languages(conn: &Connection) -> Result<()> {
    let stored: Vec<String> = conn
        .prepare("SELECT DISTINCT lang FROM variant UNION SELECT DISTINCT srclang FROM unit WHERE srclang IS NOT NULL")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let renamed: Vec<(String, LangTag)> = stored
        .into_iter()
        .filter_map(|old| LangTag::recanonicalised(&old).map(|new| (old, new)))
        .collect();
    if renamed.is_empty() {
        return Ok(());
    }
    let mut touched: Vec<i64> = Vec::new();
    for (old, new) in &renamed {
        let mut units = conn.prepare("SELECT DISTINCT unit FROM variant WHERE lang = ?1")?;
        for unit in units.query_map([old], |r| r.get(0))? {
            touched.push(unit?);
        }
        conn.execute(
            "UPDATE variant SET lang = ?2 WHERE lang = ?1",
            [old, new.as_str()],
        )?;
        conn.execute(
            "UPDATE unit SET srclang = ?2 WHERE srclang = ?1",
            [old, new.as_str()],
        )?;
        conn.execute(
            "INSERT INTO tm_lang (lang, segments) SELECT ?2, segments FROM tm_lang WHERE lang = ?1
             ON CONFLICT (lang) DO UPDATE SET segments = segments + excluded.segments",
            [old, new.as_str()],
        )?;
        conn.execute("DELETE FROM tm_lang WHERE lang = ?1", [old])?;
    }
    // A unit's identity covers its languages: hash it anew, and a unit that now repeats
    // another one is the duplicate an import would have refused.
    touched.sort_unstable();
    touched.dedup();
    for id in touched {
        let Some(stored) = get_unit(conn, id)? else {
            continue;
        };
        let hash = unit_hash(&stored.unit);
        let taken = conn
            .prepare_cached("SELECT 1 FROM unit WHERE hash = ?1 AND id <> ?2")?
            .exists(params![&hash[..], id])?;
        if taken {
            conn.execute(
                "DELETE FROM variant WHERE id BETWEEN (SELECT first_variant FROM unit WHERE id = ?1) AND (SELECT last_variant FROM unit WHERE id = ?1)",
                [id],
            )?;
            conn.execute("DELETE FROM unit WHERE id = ?1", [id])?;
        } else {
            conn.execute(
                "UPDATE unit SET hash = ?2 WHERE id = ?1",
                params![id, &hash[..]],
            )?;
        }
    }
    crate::store::derived::mark_stale(conn, crate::store::MEMORY_INDEX)
}

/// The variants of every unit (only those from origin `?1`, when not null), unit by unit in
/// id order: one statement streams the whole memory.
const VARIANTS_IN_UNIT_ORDER: &str = "FROM unit u JOIN batch b ON b.id = u.batch
    JOIN variant v ON v.id BETWEEN u.first_variant AND u.last_variant
    WHERE ?1 IS NULL OR b.origin = ?1
    ORDER BY u.id, v.id";
/// As [`VARIANTS_IN_UNIT_ORDER`], for the units whose ids lie between `?2` and `?3`.
const VARIANTS_OF_UNITS_BETWEEN: &str = "FROM unit u JOIN batch b ON b.id = u.batch
    JOIN variant v ON v.id BETWEEN u.first_variant AND u.last_variant
    WHERE (?1 IS NULL OR b.origin = ?1) AND u.id BETWEEN ?2 AND ?3
    ORDER BY u.id, v.id";

/// Calls `f` with every unit in id order, optionally only those from one origin, each with
/// its variants: one statement for the whole memory, read as it streams, instead of two
/// lookups per unit.
pub fn for_each_unit(
    conn: &Connection,
    origin: Option<&str>,
    f: impl FnMut(StoredUnit) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT u.id, u.line, u.srclang, u.state, u.meta, b.origin, v.lang, v.text, v.markup, v.meta {VARIANTS_IN_UNIT_ORDER}"
    ))?;
    units_of(stmt.query([origin])?, f)
}

/// As [`for_each_unit`], for the units whose ids lie in `ids` (a batch's, for a move to
/// another store).
pub fn for_each_unit_between(
    conn: &Connection,
    ids: std::ops::RangeInclusive<i64>,
    f: impl FnMut(StoredUnit) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT u.id, u.line, u.srclang, u.state, u.meta, b.origin, v.lang, v.text, v.markup, v.meta {VARIANTS_OF_UNITS_BETWEEN}"
    ))?;
    units_of(
        stmt.query(params![None::<&str>, ids.start(), ids.end()])?,
        f,
    )
}

/// Gathers rows of a unit-ordered variant query into units.
fn units_of(
    mut rows: rusqlite::Rows<'_>,
    mut f: impl FnMut(StoredUnit) -> Result<()>,
) -> Result<()> {
    let mut current: Option<StoredUnit> = None;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if current.as_ref().is_some_and(|c| c.id != id)
            && let Some(done) = current.take()
        {
            f(done)?;
        }
        let unit = match &mut current {
            Some(u) => u,
            None => current.insert(StoredUnit {
                id,
                unit: Unit {
                    variants: Vec::new(),
                    srclang: r
                        .get::<_, Option<String>>(2)?
                        .and_then(|s| LangTag::parse(&s).ok()),
                    state: r.get(3)?,
                    meta: meta_from(r.get(4)?),
                    line: r.get::<_, Option<i64>>(1)?.unwrap_or(0) as u64,
                },
                origin: r.get(5)?,
            }),
        };
        let lang: String = r.get(6)?;
        unit.unit.variants.push(Variant {
            lang: LangTag::parse(&lang).unwrap_or_else(|_| LangTag::any()),
            text: r.get(7)?,
            markup: r.get(8)?,
            meta: meta_from(r.get(9)?),
        });
    }
    if let Some(done) = current {
        f(done)?;
    }
    Ok(())
}

/// Calls `f` with every segment of the memory, in unit order: its unit, its language tag as
/// stored, and its text, borrowed from the row. For a pass over a whole memory that needs no
/// metadata: building a [`StoredUnit`] per unit cost `glossary extract` as much as counting
/// its words.
pub fn for_each_segment(
    conn: &Connection,
    mut f: impl FnMut(i64, &str, &str) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT u.id, v.lang, v.text FROM unit u
         JOIN variant v ON v.id BETWEEN u.first_variant AND u.last_variant
         ORDER BY u.id, v.id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let text = |i| r.get_ref(i)?.as_str().map_err(rusqlite::Error::from);
        f(r.get(0)?, text(1)?, text(2)?)?;
    }
    Ok(())
}

/// How the units use a language: the most segments one unit has in it, and whether any of
/// them has markup. What a CSV/TSV export must know before it writes its header.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LangUse {
    pub most: usize,
    pub markup: bool,
}

/// The languages of the memory's units (only those from `origin`, when given), by tag.
pub fn lang_use(conn: &Connection, origin: Option<&str>) -> Result<BTreeMap<LangTag, LangUse>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT u.id, v.lang, v.markup IS NOT NULL {VARIANTS_IN_UNIT_ORDER}"
    ))?;
    let mut rows = stmt.query([origin])?;
    let mut out: BTreeMap<LangTag, LangUse> = BTreeMap::new();
    // One unit's languages, with their segment counts.
    let mut unit: (i64, Vec<(String, usize)>) = (0, Vec::new());
    let fold = |langs: &mut Vec<(String, usize)>, out: &mut BTreeMap<LangTag, LangUse>| {
        for (lang, n) in langs.drain(..) {
            let tag = LangTag::parse(&lang).unwrap_or_else(|_| LangTag::any());
            let u = out.entry(tag).or_default();
            u.most = u.most.max(n);
        }
    };
    while let Some(r) = rows.next()? {
        let (id, lang, markup): (i64, String, bool) = (r.get(0)?, r.get(1)?, r.get(2)?);
        if id != unit.0 {
            fold(&mut unit.1, &mut out);
            unit.0 = id;
        }
        match unit.1.iter_mut().find(|(l, _)| *l == lang) {
            Some((_, n)) => *n += 1,
            None => unit.1.push((lang.clone(), 1)),
        }
        if markup {
            let tag = LangTag::parse(&lang).unwrap_or_else(|_| LangTag::any());
            out.entry(tag).or_default().markup = true;
        }
    }
    fold(&mut unit.1, &mut out);
    Ok(out)
}

/// A unit's segments but one (`except`, a variant id), in the unit's order: what a search or
/// concordance hit shows beside the segment it found. A segment whose language tag no longer
/// parses is left out.
pub fn other_segments(conn: &Connection, unit: i64, except: i64) -> Result<Vec<Segment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT v.lang, v.text FROM unit u JOIN variant v ON v.id BETWEEN u.first_variant AND u.last_variant WHERE u.id = ?1 AND v.id != ?2 ORDER BY v.id",
    )?;
    let mut out = Vec::new();
    for row in stmt.query_map(params![unit, except], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })? {
        let (lang, text) = row?;
        if let Ok(lang) = LangTag::parse(&lang) {
            out.push(Segment { lang, text });
        }
    }
    Ok(out)
}

/// Unit ids in order, optionally only those from one origin (as the batch recorded it).
pub fn unit_ids(conn: &Connection, origin: Option<&str>) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT u.id FROM unit u JOIN batch b ON b.id = u.batch WHERE ?1 IS NULL OR b.origin = ?1 ORDER BY u.id",
    )?;
    let ids = stmt
        .query_map([origin], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(ids)
}

/// The language pair of a unit as people write it: its languages, sorted, joined by " / ".
pub fn pair_name<'a>(langs: impl Iterator<Item = &'a str>) -> String {
    let mut langs: Vec<&str> = langs.collect();
    langs.sort();
    langs.dedup();
    langs.join(" / ")
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct MemoryStats {
    pub units: i64,
    pub variants: i64,
    pub by_pair: BTreeMap<String, i64>,
    pub by_origin: BTreeMap<String, i64>,
}

/// Units per language pair and per origin.
pub fn stats(conn: &Connection) -> Result<MemoryStats> {
    let mut s = MemoryStats::default();
    (s.units, s.variants) = conn.query_row(
        "SELECT (SELECT count(*) FROM unit), (SELECT count(*) FROM variant)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mut stmt = conn.prepare(
        "SELECT langs, count(*) FROM (SELECT group_concat(DISTINCT v.lang) AS langs FROM unit u JOIN variant v ON v.id BETWEEN u.first_variant AND u.last_variant GROUP BY u.id) GROUP BY langs",
    )?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
        let (langs, n) = row?;
        *s.by_pair.entry(pair_name(langs.split(','))).or_default() += n;
    }
    let mut stmt = conn.prepare(
        "SELECT b.origin, count(*) FROM unit u JOIN batch b ON b.id = u.batch GROUP BY b.origin",
    )?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
        let (origin, n) = row?;
        *s.by_origin.entry(origin).or_default() += n;
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Store, new_batch};

    fn unit(en: &str, zh: &str) -> Unit {
        Unit {
            variants: vec![
                Variant::plain(LangTag::parse("en").unwrap(), en),
                Variant::plain(LangTag::parse("zh-CN").unwrap(), zh),
            ],
            ..Unit::default()
        }
    }

    #[test]
    fn identical_units_are_stored_once_whatever_their_metadata() {
        let store = Store::open_in_memory().unwrap();
        let b = new_batch(store.conn(), "memory", "t", None).unwrap();
        let mut w = UnitWriter::new(store.conn()).unwrap();
        let mut store_unit = |u: &Unit| w.insert(b, u, &unit_hash(u), &[]).unwrap();
        let u = unit("Hello.", "你好。");
        assert!(store_unit(&u).is_some());
        let mut dated = u.clone();
        dated.meta.created_at = Some("20231030T000000Z".into());
        dated.variants.reverse();
        assert!(store_unit(&dated).is_none());
        assert!(store_unit(&unit("Hello.", "您好。")).is_some());
    }

    #[test]
    fn variants_are_numbered_after_the_last_one_and_duplicates_use_no_numbers() {
        let store = Store::open_in_memory().unwrap();
        let b = new_batch(store.conn(), "memory", "t", None).unwrap();
        let mut w = UnitWriter::new(store.conn()).unwrap();
        let one = unit("One.", "一。");
        let two = unit("Two.", "二。");
        assert_eq!(w.insert(b, &one, &unit_hash(&one), &[]).unwrap(), Some(1));
        assert_eq!(w.insert(b, &one, &unit_hash(&one), &[]).unwrap(), None);
        assert_eq!(w.insert(b, &two, &unit_hash(&two), &[]).unwrap(), Some(3));
        // A second writer (a second import) goes on from there.
        let three = unit("Three.", "三。");
        let mut w = UnitWriter::new(store.conn()).unwrap();
        assert_eq!(
            w.insert(b, &three, &unit_hash(&three), &[]).unwrap(),
            Some(5)
        );
        let back = get_unit(store.conn(), 2).unwrap().unwrap();
        assert_eq!(back.unit.variants[1].text, "二。");
    }

    #[test]
    fn a_unit_reads_back_exactly() {
        let store = Store::open_in_memory().unwrap();
        let b = new_batch(store.conn(), "memory", "file.tmx", None).unwrap();
        let mut u = unit(" Hello,  world ", "你好，世界");
        u.variants[0].markup = Some("<ph x=\"1\">&lt;br/&gt;</ph> Hello,  world ".into());
        u.meta.notes.push("a note".into());
        u.line = 7;
        let first = UnitWriter::new(store.conn())
            .unwrap()
            .insert(b, &u, &unit_hash(&u), &[])
            .unwrap();
        assert_eq!(first, Some(1));
        let back = get_unit(store.conn(), 1).unwrap().unwrap();
        assert_eq!(back.unit, u);
        assert_eq!(back.origin, "file.tmx");
        let s = stats(store.conn()).unwrap();
        assert_eq!((s.units, s.by_pair["en / zh-CN"]), (1, 1));
    }
}
