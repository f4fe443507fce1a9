//! Glossary rows in the store: adding, merging, reading and removing concepts. Every write
//! takes a connection inside the caller's transaction.
//!
//! Beside the rows, three things are derived from the terms and kept in step by [`Writer`]:
//! the fuzzy index ([`index`]), the plural rules' answers for the words of the terms
//! (`term_singular`), which let a lookup fold a query's inflection without building the
//! rules (see [`key::inflect_with`]), and the compiled matchers ([`compiled`]), which a write
//! drops for the languages it changes.

use std::collections::{BTreeSet, HashMap};

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;
use xxhash_rust::xxh3::Xxh3DefaultBuilder;

pub use super::index::languages;
use super::{compiled, index};
use crate::error::{Error, Result};
use crate::model::glossary::{Concept, ConceptRef, Status, StoredConcept, Term, TermType};
use crate::store::derived::{self, Derived};
use crate::text::{Keys, LangTag, key};

/// The identity of a concept for de-duplication: its head term in each language.
/// Two concepts with the same heads are the same concept, whatever else they carry. A head
/// is filed under its language alone, so that a spreadsheet's `zh` or `zh-Hans` column meets
/// the `zh-CN` term it repeats: the region or script of a tag never splits a concept.
pub fn fingerprint(c: &Concept) -> String {
    let mut heads: Vec<String> = c
        .languages()
        .into_iter()
        .filter_map(|l| {
            c.head(l)
                .map(|t| format!("{}\u{1f}{}", l.primary(), t.text))
        })
        .collect();
    heads.sort();
    heads.dedup();
    heads.join("\u{1e}")
}

/// Writes concepts and terms, and keeps what is derived from the terms in step: index
/// postings and plural-rule answers are collected in memory and written by [`Writer::finish`],
/// once, rather than row by row. Dropping a writer without finishing it leaves the derived
/// tables behind the terms, so callers finish it inside the same transaction.
pub struct Writer<'c> {
    conn: &'c Connection,
    index: index::Changes,
    singulars: Singulars,
    /// Concepts by fingerprint, when [`Writer::remember_heads`] has loaded them.
    heads: Option<HashMap<String, i64, Xxh3DefaultBuilder>>,
    /// The languages (primary subtags) whose terms were added or removed.
    changed: BTreeSet<String>,
}

impl<'c> Writer<'c> {
    /// A writer on a connection inside the caller's transaction. An index a migration left
    /// to rebuild is rebuilt first, so that changes are merged into a whole one.
    pub fn new(conn: &'c Connection) -> Result<Writer<'c>> {
        ensure_derived(conn)?;
        Ok(Writer {
            conn,
            index: index::Changes::default(),
            singulars: Singulars::default(),
            heads: None,
            changed: BTreeSet::new(),
        })
    }

    /// From now on, finds the concept with an incoming concept's heads in memory rather than
    /// through the fingerprint index, which a large import then need not keep up to date.
    pub fn remember_heads(&mut self) -> Result<()> {
        let mut heads = HashMap::default();
        let mut stmt = self
            .conn
            .prepare("SELECT id, fingerprint FROM concept ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            heads.entry(r.get(1)?).or_insert(r.get(0)?);
        }
        self.heads = Some(heads);
        Ok(())
    }

    /// Inserts a new concept and its terms; returns its id.
    pub fn insert_concept(&mut self, batch: Option<i64>, c: &Concept) -> Result<i64> {
        self.insert_with_heads(batch, c, fingerprint(c))
    }

    fn insert_with_heads(&mut self, batch: Option<i64>, c: &Concept, heads: String) -> Result<i64> {
        self.conn.prepare_cached(
            "INSERT INTO concept (ext_id, subject, definition, note, fingerprint, batch, line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![c.ext_id, c.subject, c.definition, c.note, heads, batch, c.line as i64])?;
        let id = self.conn.last_insert_rowid();
        if let Some(known) = &mut self.heads {
            known.entry(heads).or_insert(id);
        }
        for t in &c.terms {
            self.insert_term(id, batch, t)?;
        }
        Ok(id)
    }

    /// Adds a term to a concept, unless the concept already has that text in that language.
    /// Returns whether it was added.
    pub fn insert_term(&mut self, concept: i64, batch: Option<i64>, t: &Term) -> Result<bool> {
        let k = Keys::of_with(&t.text, &mut |w| self.singulars.get(w));
        let n = self
            .conn
            .prepare_cached(
                "INSERT OR IGNORE INTO term (concept, lang, text, status, type, pos, context, source, note, case_sensitive, norm, infl, simp, klen, batch)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            )?
            .execute(params![
                concept,
                t.lang.as_str(),
                t.text,
                t.status.as_str(),
                t.term_type.map(|x| x.as_str()),
                t.pos,
                t.context,
                t.source,
                t.note,
                t.case_sensitive,
                k.norm,
                k.infl,
                k.simp,
                k.simp.chars().count() as i64,
                batch,
            ])?;
        if n == 0 {
            return Ok(false);
        }
        let id = self.conn.last_insert_rowid();
        self.index.add(id, &t.text, &k.simp, t.case_sensitive);
        self.changed.insert(t.lang.primary().to_string());
        Ok(true)
    }

    /// Stores an incoming concept, merging it into an existing one with the same heads.
    pub fn merge_concept(&mut self, batch: Option<i64>, c: &Concept) -> Result<Merge> {
        let heads = fingerprint(c);
        let existing: Option<i64> = match &self.heads {
            Some(known) => known.get(&heads).copied(),
            None => self
                .conn
                .prepare_cached(
                    "SELECT id FROM concept WHERE fingerprint = ?1 ORDER BY id LIMIT 1",
                )?
                .query_row([&heads], |r| r.get(0))
                .optional()?,
        };
        let Some(id) = existing else {
            return Ok(Merge::Added {
                concept: self.insert_with_heads(batch, c, heads)?,
            });
        };
        let mut terms_added = 0;
        for t in &c.terms {
            if !self.has_text_for(id, t)? && self.insert_term(id, batch, t)? {
                terms_added += 1;
            }
        }
        // Concept-level notes fill blanks; they never overwrite what a terminologist wrote.
        let filled = self.conn
            .prepare_cached(
                "UPDATE concept SET ext_id = coalesce(ext_id, ?2), subject = coalesce(subject, ?3),
                    definition = coalesce(definition, ?4), note = coalesce(note, ?5)
                 WHERE id = ?1 AND ((ext_id IS NULL AND ?2 IS NOT NULL) OR (subject IS NULL AND ?3 IS NOT NULL)
                    OR (definition IS NULL AND ?4 IS NOT NULL) OR (note IS NULL AND ?5 IS NOT NULL))",
            )?
            .execute(params![id, c.ext_id, c.subject, c.definition, c.note])?;
        Ok(if terms_added == 0 && filled == 0 {
            Merge::Duplicate { concept: id }
        } else {
            Merge::Merged {
                concept: id,
                terms_added,
            }
        })
    }

    /// Does the concept have the term's text already, under a tag that selects the term's
    /// (`zh-CN` for an incoming `zh` or `zh-Hans`)? Then the term is no new rendering.
    fn has_text_for(&self, concept: i64, t: &Term) -> Result<bool> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT lang FROM term WHERE concept = ?1 AND text = ?2")?;
        let mut rows = stmt.query(params![concept, t.text])?;
        while let Some(r) = rows.next()? {
            if LangTag::parse(text_at(r, 0)?).is_ok_and(|l| l.selects(&t.lang)) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Removes a concept and its terms. Errors if there is no such concept.
    pub fn remove_concept(&mut self, id: i64) -> Result<()> {
        self.unindex("concept = ?1", params![id])?;
        let n = self
            .conn
            .prepare_cached("DELETE FROM concept WHERE id = ?1")?
            .execute([id])?;
        if n == 0 {
            return Err(Error::NotFound(format!("no concept {id}")));
        }
        Ok(())
    }

    /// Removes one term (by language and exact text) from a concept.
    pub fn remove_term(&mut self, concept: i64, lang: &LangTag, text: &str) -> Result<()> {
        let which = params![concept, lang.as_str(), text];
        self.unindex("concept = ?1 AND lang = ?2 AND text = ?3", which)?;
        let n = self
            .conn
            .prepare_cached("DELETE FROM term WHERE concept = ?1 AND lang = ?2 AND text = ?3")?
            .execute(which)?;
        if n == 0 {
            return Err(Error::NotFound(format!(
                "concept {concept} has no {lang} term {text:?}"
            )));
        }
        Ok(())
    }

    /// Rewrites a stored term's status, type, notes and case-sensitivity (its language and
    /// text name it and stay). The fuzzy index keys on case-sensitivity alone, so only that
    /// re-indexes the term; any change drops the language's compiled matcher, which holds the
    /// statuses too.
    pub fn update_term(&mut self, concept: i64, t: &Term) -> Result<()> {
        let (id, simp, was_case_sensitive) = self.stored_term(concept, &t.lang, &t.text)?;
        if was_case_sensitive != t.case_sensitive {
            self.index.remove(id, &t.text, &simp, was_case_sensitive);
            self.index.add(id, &t.text, &simp, t.case_sensitive);
        }
        self.conn
            .prepare_cached(
                "UPDATE term SET status = ?2, type = ?3, pos = ?4, context = ?5, source = ?6, note = ?7, case_sensitive = ?8 WHERE id = ?1",
            )?
            .execute(params![
                id,
                t.status.as_str(),
                t.term_type.map(|x| x.as_str()),
                t.pos,
                t.context,
                t.source,
                t.note,
                t.case_sensitive,
            ])?;
        self.changed.insert(t.lang.primary().to_string());
        Ok(())
    }

    /// A stored term's id, simplified key and case-sensitivity, by its concept, language and
    /// text; [`Error::NotFound`] when the concept has no such term.
    fn stored_term(&self, concept: i64, lang: &LangTag, text: &str) -> Result<(i64, String, bool)> {
        self.conn
            .prepare_cached(
                "SELECT id, simp, case_sensitive FROM term WHERE concept = ?1 AND lang = ?2 AND text = ?3",
            )?
            .query_row(params![concept, lang.as_str(), text], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?
            .ok_or_else(|| Error::NotFound(format!("concept {concept} has no {lang} term {text:?}")))
    }

    /// Gives a stored term a new text (in the same language), keeping its id, its batch and
    /// every other field; its keys and index postings follow the new text.
    pub fn rename_term(
        &mut self,
        concept: i64,
        lang: &LangTag,
        old: &str,
        new: &str,
    ) -> Result<()> {
        let (id, simp, case_sensitive) = self.stored_term(concept, lang, old)?;
        let k = Keys::of_with(new, &mut |w| self.singulars.get(w));
        self.index.remove(id, old, &simp, case_sensitive);
        self.index.add(id, new, &k.simp, case_sensitive);
        self.conn
            .prepare_cached(
                "UPDATE term SET text = ?2, norm = ?3, infl = ?4, simp = ?5, klen = ?6 WHERE id = ?1",
            )?
            .execute(params![
                id,
                new,
                k.norm,
                k.infl,
                k.simp,
                k.simp.chars().count() as i64
            ])?;
        self.changed.insert(lang.primary().to_string());
        Ok(())
    }

    /// Rewrites a concept's subject, definition and note.
    pub fn update_concept(&mut self, id: i64, c: &Concept) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE concept SET subject = ?2, definition = ?3, note = ?4 WHERE id = ?1",
            )?
            .execute(params![id, c.subject, c.definition, c.note])?;
        Ok(())
    }

    /// Stores a concept's fingerprint again after an edit changed its terms, so that a later
    /// import or `add` finds it by the heads it has now.
    pub fn refresh_fingerprint(&mut self, id: i64) -> Result<()> {
        if let Some(sc) = get_concept(self.conn, id)? {
            self.conn
                .prepare_cached("UPDATE concept SET fingerprint = ?2 WHERE id = ?1")?
                .execute(params![id, fingerprint(&sc.concept)])?;
        }
        Ok(())
    }

    /// Takes the terms a delete is about to remove out of the index.
    fn unindex(&mut self, filter: &str, args: &[&dyn rusqlite::ToSql]) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id, text, simp, case_sensitive, lang FROM term WHERE {filter}"
        ))?;
        let mut rows = stmt.query(args)?;
        while let Some(r) = rows.next()? {
            self.index
                .remove(r.get(0)?, text_at(r, 1)?, text_at(r, 2)?, r.get(3)?);
            let lang = text_at(r, 4)?;
            // Tags were canonicalised on the way in; one that no longer parses is dropped
            // under its own first subtag, which is all a stored matcher could be filed under.
            let primary = LangTag::parse(lang).map_or_else(
                |_| lang.split('-').next().unwrap_or(lang).to_string(),
                |l| l.primary().to_string(),
            );
            self.changed.insert(primary);
        }
        Ok(())
    }

    /// Writes the index postings and plural-rule answers collected so far, and drops the
    /// compiled matchers of the languages changed.
    pub fn finish(self) -> Result<()> {
        self.index.write(self.conn)?;
        self.singulars.write(self.conn)?;
        compiled::invalidate(self.conn, self.changed.iter().map(String::as_str))
    }
}

/// The plural rules' answers met while writing terms, to be remembered in `term_singular`.
/// Asked once per word of every term, so hashed with xxh3 rather than SipHash.
#[derive(Default)]
struct Singulars {
    known: HashMap<String, String, Xxh3DefaultBuilder>,
}

impl Singulars {
    fn get(&mut self, word: &str) -> String {
        if let Some(s) = self.known.get(word) {
            return s.clone();
        }
        let s = key::singular(word);
        self.known.insert(word.to_string(), s.clone());
        s
    }

    fn write(self, conn: &Connection) -> Result<()> {
        let mut stmt = conn.prepare_cached(
            "INSERT OR IGNORE INTO term_singular (word, singular) VALUES (?1, ?2)",
        )?;
        for (word, singular) in &self.known {
            stmt.execute([word, singular])?;
        }
        Ok(())
    }
}

/// The plural rules' answer for a word, from `term_singular` when a term had the word, else
/// from the rules themselves. The answers are the same; only the cost differs.
pub fn singular_of(conn: &Connection, word: &str) -> Result<String> {
    let known: Option<String> = conn
        .prepare_cached("SELECT singular FROM term_singular WHERE word = ?1")?
        .query_row([word], |r| r.get(0))
        .optional()?;
    Ok(known.unwrap_or_else(|| key::singular(word)))
}

/// The fuzzy index and the plural-rule answers, derived from the terms; a migration marks
/// them stale when SQL alone cannot convert them (it cannot pack postings or run the plural
/// rules).
pub const DERIVED: Derived = Derived {
    name: "glossary-index",
    rebuild: rebuild_derived,
};

/// The glossary's language tags in their canonical form, and every concept's fingerprint
/// in the per-language form (schema migration 10).
pub const LANGUAGES: Derived = Derived {
    name: "glossary-languages",
    rebuild: canonicalise_languages,
};

fn canonicalise_languages(conn: &Connection) -> Result<()> {
    let stored = languages(conn)?;
    let mut renamed = false;
    for old in stored {
        if let Some(new) = LangTag::recanonicalised(&old) {
            // A concept that had the text under both tags keeps one term.
            conn.execute(
                "UPDATE OR IGNORE term SET lang = ?2 WHERE lang = ?1",
                [&old, new.as_str()],
            )?;
            conn.execute("DELETE FROM term WHERE lang = ?1", [&old])?;
            renamed = true;
        }
    }
    if renamed {
        conn.execute("DELETE FROM term_matcher", [])?;
        derived::mark_stale(conn, DERIVED.name)?;
    }
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM concept")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    write_once(conn, |w| {
        for id in ids {
            w.refresh_fingerprint(id)?;
        }
        Ok(())
    })
}

/// Rebuilds the fuzzy index and the plural-rule answers if a migration marked them stale:
/// the first glossary write or fuzzy lookup does, whatever opened the database.
pub fn ensure_derived(conn: &Connection) -> Result<()> {
    derived::refresh(conn, &[DERIVED])
}

/// Terms whose stored match keys (`norm`, `infl`, `simp`, `klen`) are not those their text
/// gives, as SQL run by hand on `text` leaves them; with the keys the text gives.
fn stale_keys(conn: &Connection) -> Result<Vec<(i64, Keys)>> {
    let mut singulars = Singulars::default();
    let mut stmt = conn.prepare("SELECT id, text, norm, infl, simp, klen FROM term")?;
    let mut rows = stmt.query([])?;
    let mut stale = Vec::new();
    while let Some(r) = rows.next()? {
        let k = Keys::of_with(text_at(r, 1)?, &mut |w| singulars.get(w));
        let klen = k.simp.chars().count() as i64;
        let fresh = (k.norm.as_str(), k.infl.as_str(), k.simp.as_str(), klen);
        if (text_at(r, 2)?, text_at(r, 3)?, text_at(r, 4)?, r.get(5)?) != fresh {
            stale.push((r.get(0)?, k));
        }
    }
    Ok(stale)
}

/// The ids of the terms whose stored match keys are not those their text gives: lookup and
/// check would miss them. `doctor` reports them; rebuilding the glossary's index fixes them.
pub fn terms_with_stale_keys(conn: &Connection) -> Result<Vec<i64>> {
    Ok(stale_keys(conn)?.into_iter().map(|(id, _)| id).collect())
}

fn rebuild_derived(conn: &Connection) -> Result<()> {
    // The keys first: the fuzzy index below is built from `simp`.
    let mut update = conn.prepare_cached(
        "UPDATE term SET norm = ?2, infl = ?3, simp = ?4, klen = ?5 WHERE id = ?1",
    )?;
    for (id, k) in stale_keys(conn)? {
        let klen = k.simp.chars().count() as i64;
        update.execute(params![id, k.norm, k.infl, k.simp, klen])?;
    }
    conn.execute_batch("DELETE FROM term_fuzzy; DELETE FROM term_singular;")?;
    let mut changes = index::Changes::default();
    let mut singulars = Singulars::default();
    let mut stmt = conn.prepare("SELECT id, text, simp, case_sensitive FROM term")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let text = text_at(r, 1)?;
        for w in key::rule_words(&key::normalize(text, true)) {
            singulars.get(w);
        }
        changes.add(r.get(0)?, text, text_at(r, 2)?, r.get(3)?);
    }
    changes.write(conn)?;
    singulars.write(conn)
}

/// Runs one write through a [`Writer`] and finishes it.
fn write_once<T>(conn: &Connection, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
    let mut w = Writer::new(conn)?;
    let out = f(&mut w)?;
    w.finish()?;
    Ok(out)
}

/// Inserts a new concept and its terms; returns its id.
pub fn insert_concept(conn: &Connection, batch: Option<i64>, c: &Concept) -> Result<i64> {
    write_once(conn, |w| w.insert_concept(batch, c))
}

/// Adds a term to a concept, unless the concept already has that text in that language.
/// Returns whether it was added.
pub fn insert_term(conn: &Connection, concept: i64, batch: Option<i64>, t: &Term) -> Result<bool> {
    write_once(conn, |w| w.insert_term(concept, batch, t))
}

/// What happened to one incoming concept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "lowercase")]
pub enum Merge {
    /// Stored as a new concept.
    Added { concept: i64 },
    /// Same heads as an existing concept; its new terms or notes were added to it.
    Merged { concept: i64, terms_added: usize },
    /// Same heads and nothing new: left alone.
    Duplicate { concept: i64 },
}

/// Stores an incoming concept, merging it into an existing one with the same heads.
pub fn merge_concept(conn: &Connection, batch: Option<i64>, c: &Concept) -> Result<Merge> {
    write_once(conn, |w| w.merge_concept(batch, c))
}

/// Removes a concept and its terms. Errors if there is no such concept.
pub fn remove_concept(conn: &Connection, id: i64) -> Result<()> {
    write_once(conn, |w| w.remove_concept(id))
}

/// Removes one term (by language and exact text) from a concept.
pub fn remove_term(conn: &Connection, concept: i64, lang: &LangTag, text: &str) -> Result<()> {
    write_once(conn, |w| w.remove_term(concept, lang, text))
}

/// A text column of a row, borrowed.
pub(crate) fn text_at<'r>(r: &'r Row<'_>, i: usize) -> Result<&'r str> {
    Ok(r.get_ref(i)?.as_str().map_err(rusqlite::Error::from)?)
}

fn term_from_row(r: &Row<'_>) -> rusqlite::Result<Term> {
    let lang: String = r.get("lang")?;
    let status: String = r.get("status")?;
    let ty: Option<String> = r.get("type")?;
    Ok(Term {
        // Tags and statuses were validated on the way in.
        lang: LangTag::parse(&lang).unwrap_or_else(|_| LangTag::any()),
        text: r.get("text")?,
        status: Status::parse_lenient(&status).unwrap_or(Status::Admitted),
        term_type: ty.as_deref().and_then(TermType::parse_lenient),
        pos: r.get("pos")?,
        context: r.get("context")?,
        source: r.get("source")?,
        note: r.get("note")?,
        case_sensitive: r.get("case_sensitive")?,
    })
}

/// One concept with all its terms, in the order they were added.
pub fn get_concept(conn: &Connection, id: i64) -> Result<Option<StoredConcept>> {
    let head = conn
        .prepare_cached(
            "SELECT c.ext_id, c.subject, c.definition, c.note, c.line, b.origin, b.imported_at
             FROM concept c LEFT JOIN batch b ON b.id = c.batch WHERE c.id = ?1",
        )?
        .query_row([id], |r| {
            Ok(StoredConcept {
                id,
                concept: Concept {
                    ext_id: r.get(0)?,
                    subject: r.get(1)?,
                    definition: r.get(2)?,
                    note: r.get(3)?,
                    terms: Vec::new(),
                    line: r.get::<_, Option<i64>>(4)?.unwrap_or(0) as u64,
                },
                origin: r.get(5)?,
                imported_at: r.get(6)?,
            })
        })
        .optional()?;
    let Some(mut sc) = head else { return Ok(None) };
    let mut stmt = conn.prepare_cached("SELECT * FROM term WHERE concept = ?1 ORDER BY id")?;
    sc.concept.terms = stmt
        .query_map([id], term_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(sc))
}

/// The database id of a concept named by its id or its text id; [`Error::NotFound`] when
/// none has it. A text id two imports both gave is refused rather than guessed.
pub fn resolve(conn: &Connection, r: &ConceptRef) -> Result<i64> {
    let ids: Vec<i64> = match r {
        ConceptRef::Id(id) => conn
            .prepare_cached("SELECT id FROM concept WHERE id = ?1")?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?,
        ConceptRef::Text(ext) => conn
            .prepare_cached("SELECT id FROM concept WHERE ext_id = ?1 ORDER BY id")?
            .query_map([ext], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?,
    };
    match ids[..] {
        [id] => Ok(id),
        [] => Err(Error::NotFound(format!("there is no concept {r}"))),
        _ => Err(Error::Invalid(format!(
            "several concepts have the id {r} ({}): name one by its number",
            ids.iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// Concept ids in order, optionally only those with a term in a language.
pub fn concept_ids(conn: &Connection, lang: Option<&LangTag>) -> Result<Vec<i64>> {
    let mut stmt =
        conn.prepare_cached("SELECT DISTINCT concept, lang FROM term ORDER BY concept")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    let mut ids: Vec<i64> = Vec::new();
    for row in rows {
        let (id, l) = row?;
        let keep = match lang {
            None => true,
            Some(range) => LangTag::parse(&l).is_ok_and(|t| range.selects(&t)),
        };
        if keep && ids.last() != Some(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// Counts for `glossary stats` and summaries.
pub fn counts(conn: &Connection) -> Result<(i64, i64)> {
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM concept), (SELECT count(*) FROM term)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::store::Store;

    fn concept(en: &str, zh: &str) -> Concept {
        Concept {
            terms: vec![
                Term::new(LangTag::parse("en").unwrap(), en),
                Term::new(LangTag::parse("zh-CN").unwrap(), zh),
            ],
            ..Concept::default()
        }
    }

    #[test]
    fn languages_are_read_by_index_seeks_not_a_scan_of_every_term() {
        let store = Store::open_in_memory().unwrap();
        assert!(languages(store.conn()).unwrap().is_empty());
        for (en, zh) in [
            ("Mayor", "市长"),
            ("sister cities", "友好城市"),
            ("MOU", "谅解备忘录"),
        ] {
            merge_concept(store.conn(), None, &concept(en, zh)).unwrap();
        }
        let mut fr = concept("Paris", "巴黎");
        fr.terms
            .push(Term::new(LangTag::parse("fr").unwrap(), "Paris"));
        merge_concept(store.conn(), None, &fr).unwrap();
        assert_eq!(languages(store.conn()).unwrap(), ["en", "fr", "zh-CN"]);
        // The regression: `SELECT DISTINCT lang` read all 438,125 terms of CC-CEDICT (60 ms of
        // every lookup that was not an exact hit).
        let plan: Vec<String> = store
            .conn()
            .prepare("EXPLAIN QUERY PLAN SELECT min(lang) FROM term WHERE lang > 'en'")
            .unwrap()
            .query_map([], |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(
            plan.iter()
                .any(|p| p.contains("USING COVERING INDEX term_lang")),
            "{plan:?}"
        );
    }

    #[test]
    fn reimport_merges_or_skips_never_doubles() {
        let store = Store::open_in_memory().unwrap();
        let c = concept("Mayor", "市长");
        let Merge::Added { concept: id } = merge_concept(store.conn(), None, &c).unwrap() else {
            panic!()
        };
        assert_eq!(
            merge_concept(store.conn(), None, &c).unwrap(),
            Merge::Duplicate { concept: id }
        );
        let mut more = c.clone();
        more.terms
            .push(Term::new(LangTag::parse("en").unwrap(), "mayor").with_status(Status::Admitted));
        assert_eq!(
            merge_concept(store.conn(), None, &more).unwrap(),
            Merge::Merged {
                concept: id,
                terms_added: 1
            }
        );
        assert_eq!(counts(store.conn()).unwrap(), (1, 3));
    }

    #[test]
    fn homographs_stay_apart() {
        let store = Store::open_in_memory().unwrap();
        merge_concept(store.conn(), None, &concept("row", "行")).unwrap();
        merge_concept(store.conn(), None, &concept("to walk", "行")).unwrap();
        assert_eq!(counts(store.conn()).unwrap().0, 2);
    }

    #[test]
    fn stored_text_is_exactly_as_given() {
        let store = Store::open_in_memory().unwrap();
        let c = concept("  Mayor’s Office ", "市长办公室，北京");
        let Merge::Added { concept: id } = merge_concept(store.conn(), None, &c).unwrap() else {
            panic!()
        };
        let back = get_concept(store.conn(), id).unwrap().unwrap();
        assert_eq!(back.concept.terms[0].text, "  Mayor’s Office ");
        assert_eq!(back.concept.terms[1].text, "市长办公室，北京");
    }

    /// The fuzzy index as stored, row by row.
    pub(crate) fn index_rows(conn: &Connection) -> Vec<(i64, Vec<u8>)> {
        conn.prepare("SELECT list, data FROM term_fuzzy ORDER BY list")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    /// Asserts that the stored index is the one a rebuild from the terms gives.
    pub(crate) fn assert_index_rebuilds_the_same(conn: &Connection) {
        let kept = index_rows(conn);
        derived::mark_stale(conn, DERIVED.name).unwrap();
        ensure_derived(conn).unwrap();
        assert_eq!(
            kept,
            index_rows(conn),
            "the index differs from one rebuilt from the terms"
        );
    }

    #[test]
    fn one_writer_adding_and_removing_keeps_the_index_whole() {
        let store = Store::open_in_memory().unwrap();
        let en = LangTag::parse("en").unwrap();
        let mut w = Writer::new(store.conn()).unwrap();
        let a = w.insert_concept(None, &concept("Mayor", "市长")).unwrap();
        let b = w
            .insert_concept(None, &concept("Governor", "州长"))
            .unwrap();
        // Added and removed before the index is written; SQLite hands b's last id out again.
        w.remove_concept(b).unwrap();
        w.insert_concept(None, &concept("Governess", "女总督"))
            .unwrap();
        w.remove_term(a, &en, "Mayor").unwrap();
        w.finish().unwrap();
        assert_index_rebuilds_the_same(store.conn());
        let mut w = Writer::new(store.conn()).unwrap();
        w.remove_term(a, &LangTag::parse("zh-CN").unwrap(), "市长")
            .unwrap();
        w.insert_term(a, None, &Term::new(en, "City Mayor"))
            .unwrap();
        w.finish().unwrap();
        assert_index_rebuilds_the_same(store.conn());
    }

    #[test]
    fn removing_a_concept_removes_its_terms_and_grams() {
        let store = Store::open_in_memory().unwrap();
        let Merge::Added { concept: id } =
            merge_concept(store.conn(), None, &concept("Mayor", "市长")).unwrap()
        else {
            panic!()
        };
        remove_concept(store.conn(), id).unwrap();
        let grams: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM term_fuzzy", [], |r| r.get(0))
            .unwrap();
        assert_eq!((counts(store.conn()).unwrap(), grams), ((0, 0), 0));
        assert!(remove_concept(store.conn(), id).is_err());
    }
}
