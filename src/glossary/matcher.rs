//! The term recognizer: every glossary term in a segment. The checker runs it over thousands
//! of segments, so the glossary is compiled once into an index of the terms' match keys, and
//! each segment is reduced to the same kind of key, with a map from every key character back
//! to the original characters it came from.
//!
//! What counts as a hit:
//! - keys as [`key::normalize`] makes them (NFKC, apostrophes and hyphens unified, white space
//!   runs read as one space, lower case unless the term is case-sensitive or written in
//!   capitals, as acronyms are: WHO is not "who") and Traditional folded to Simplified
//!   character by character, so that offsets survive;
//! - in spaced languages, a hit must not cut a word on either edge ("Exposure" is not "Expo");
//!   English terms are also found in their plural and possessive forms, agreeing with
//!   [`key::inflect`] ("Mayors", "Mayor's", "memoranda of understanding");
//! - in Chinese, terms are found as substrings, and a hit is vetoed when one of its edges
//!   falls inside a word of jieba's segmentation, with the glossary's own terms taught to
//!   jieba first: 市长 is not in 南京市长江大桥 (南京市/长江大桥);
//! - overlapping hits are resolved longest-leftmost: "Vice Mayor" consumes "Mayor".
//!
//! The vetoes are applied before the longest-leftmost choice, not after: a vetoed candidate
//! must not hide a shorter valid one that overlaps it ("Shanghai" in "the Shanghai mayoral
//! race" when "Shanghai Mayor" is also a term). So every candidate is collected first.
//!
//! The index is a hash table of keys and of the prefixes of keys, walked from each place a
//! term may start in the segment key and only as far as some key goes on. An Aho-Corasick
//! automaton was the first design; over CC-CEDICT (400k terms, 5 MB of keys) the
//! `aho-corasick` crate took 6 to 8 seconds to build, most of it computing failure links,
//! which a walk from each start does not need. Terms may only start and end where a word does
//! not go on (in Chinese, between any two Han characters), so the walks are short: a few
//! steps from each word start, one table probe a step. The table is filled in order of hash
//! (see `KeyIndex`), one per language, each language compiled on a thread of its own; jieba's
//! dictionary can load on another while the glossary is still being read ([`SegmenterWarmup`]).
//!
//! Besides the hits, [`Prepared::occurrences`] tells where a term's key stands in a segment
//! whatever covers it there: for a checker asking whether a rendering is present, which is
//! not the same question as what was found.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, LazyLock, Mutex, OnceLock};
use std::thread::JoinHandle;

use jieba_rs::Jieba;
use rusqlite::Connection;
use serde::Serialize;
use unicode_normalization::char::{
    canonical_combining_class, decompose_compatible, is_combining_mark,
};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use crate::error::Result;
use crate::model::glossary::Status;
use crate::text::key::simplified_char;
use crate::text::{LangTag, MatchKind, key};

/// A term as the matcher needs it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MatchTerm {
    /// The term's row id in the store (any caller-chosen id when built without one).
    pub term_id: i64,
    pub concept: i64,
    pub lang: LangTag,
    pub text: String,
    pub status: Status,
    /// Set by the glossary. A term written in capitals is matched in its case whatever this
    /// says: see [`MatchTerm::keeps_case`].
    pub case_sensitive: bool,
}

impl MatchTerm {
    /// Is the term matched only in its own letter case? When the glossary says so, and when it
    /// is written in capitals (WHO, US, MOU): in lower case those are other words ("who",
    /// "us"), and glossaries seldom say so (TICO-19's lists have no case column at all, and
    /// "who" was read as the World Health Organization 451 times in 7,379 news sentences).
    /// The store keeps the glossary's flag as yes or no, so a glossary cannot yet ask for such
    /// a term to match in any case.
    pub fn keeps_case(&self) -> bool {
        self.case_sensitive || in_capitals(&self.text)
    }
}

/// Two or more capital letters and no small one: "WHO", "U.S.", "HIV/AIDS", not "MoU".
fn in_capitals(text: &str) -> bool {
    let mut capitals = 0;
    for c in text.chars() {
        if c.is_lowercase() {
            return false;
        }
        capitals += usize::from(c.is_uppercase());
    }
    capitals >= 2
}

/// One term found in a segment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TermHit<'s> {
    /// Index into [`TermMatcher::terms`].
    pub term: usize,
    pub concept: i64,
    /// The term's status, which the checker needs for every hit.
    pub status: Status,
    /// Offset and length in characters of the original segment.
    pub start: usize,
    pub len: usize,
    /// The original text of the hit, as written in the segment.
    pub matched: &'s str,
    pub kind: MatchKind,
}

/// The compiled glossary. Build it once ([`TermMatcher::new`], [`TermMatcher::from_store`])
/// and call [`TermMatcher::find`] for every segment; it can be shared between threads.
pub struct TermMatcher {
    terms: Vec<MatchTerm>,
    /// Each term's own key, by term index (empty for a term that can never match).
    keys: Texts,
    /// Each term's group (an index into `groups`), and whether it keeps its case: what
    /// [`Prepared::occurrences`] asks of a term without reading it.
    placed: Vec<(u16, bool)>,
    groups: Vec<Group>,
}

/// The terms of one language (primary subtag): `zh-CN` and `zh-Hant` terms are matched
/// together, since a draft's script is not its glossary's.
struct Group {
    primary: String,
    unspaced: bool,
    english: bool,
    indexes: Vec<KeyIndex>,
    /// Chinese only: the segmenter that vetoes hits cutting through words.
    segmenter: Option<Segmenter>,
}

/// The keys of a group's case-insensitive terms, or of its case-sensitive ones, which are
/// searched in the segment's key with its case kept.
///
/// A table of [`key_hash`]es, of keys and of the proper prefixes of keys that end at a cut
/// (see [`Group::cut`]) and not with a space: a walk through the segment goes on only while
/// what it has read is such a prefix, one probe a step. Open addressing by the top bits of the
/// hash, filled in order of hash, so that the slots of a cluster are sorted by hash (a probe
/// stops at the first greater one) and building writes the table front to back instead of at
/// random; the table does not wrap, it has a tail for the last cluster instead. A key's slot
/// leads to its record, which holds the key (checked against what was read: a hash that
/// collides only makes a walk a step longer) and its terms, in one cache line for most keys.
struct KeyIndex {
    cased: bool,
    slots: Vec<Slot>,
    /// 64 less the bits of a home slot's index.
    shift: u32,
    /// A record per key: its length in bytes (u32, little-endian), its bytes, and its terms,
    /// `entries[from..to]` (two u32). Several terms share a key: homographs, "Vice Mayor" and
    /// "Vice-Mayor".
    records: Vec<u8>,
    entries: Vec<Posting>,
    keys: usize,
}

#[derive(Clone, Copy, Default)]
struct Slot {
    /// Never 0, which marks an empty slot ([`nonzero`]).
    hash: u64,
    /// The key's record in [`KeyIndex::records`], or [`NO_KEY`] for a prefix alone.
    record: u32,
    goes_on: bool,
}

const NO_KEY: u32 = u32::MAX;

/// Hashes as the table keeps them: 0 marks an empty slot.
fn nonzero(hash: u64) -> u64 {
    hash.max(1)
}

impl KeyIndex {
    /// The record of the key `read` is, if any, and whether a longer key starts with it.
    fn probe(&self, hash: u64, read: &str) -> (Option<u32>, bool) {
        let hash = nonzero(hash);
        let (mut record, mut goes_on) = (None, false);
        for s in &self.slots[(hash >> self.shift) as usize..] {
            if s.hash == 0 || s.hash > hash {
                break;
            }
            if s.hash == hash {
                goes_on |= s.goes_on;
                if record.is_none() && s.record != NO_KEY && self.key(s.record) == read.as_bytes() {
                    record = Some(s.record);
                }
            }
        }
        (record, goes_on)
    }

    fn u32_at(&self, at: usize) -> u32 {
        let mut b = [0u8; 4];
        b.copy_from_slice(&self.records[at..at + 4]);
        u32::from_le_bytes(b)
    }

    fn key(&self, record: u32) -> &[u8] {
        let at = record as usize;
        &self.records[at + 4..at + 4 + self.u32_at(at) as usize]
    }

    /// The terms whose key, own or generated, the record holds.
    fn entries(&self, record: u32) -> &[Posting] {
        let end = record as usize + 4 + self.u32_at(record as usize) as usize;
        &self.entries[self.u32_at(end) as usize..self.u32_at(end + 4) as usize]
    }
}

/// Strings kept end to end in one buffer, numbered in the order they were pushed: the keys
/// of a large glossary, without an allocation each.
#[derive(Default)]
struct Texts {
    all: String,
    ends: Vec<u32>,
}

impl Texts {
    fn push(&mut self, s: &str) {
        self.all.push_str(s);
        self.ends.push(self.all.len() as u32);
    }

    fn get(&self, i: u32) -> &str {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.all[start..self.ends[i] as usize]
    }
}

const KEY_HASH_K: u64 = 0x517c_c1b7_2722_0a95;

/// FxHash's step, one character at a time: cheap, and rolling, so that a walk extends the
/// hash of what it has read as it goes. Weak against chosen collisions, which here cost only
/// time: every key found by hash is compared with the text.
fn roll(h: u64, c: char) -> u64 {
    (h.rotate_left(5) ^ u64::from(c)).wrapping_mul(KEY_HASH_K)
}

fn key_hash(s: &str) -> u64 {
    s.chars().fold(0, roll)
}

#[derive(Clone, Copy, Debug)]
struct Posting {
    term: u32,
    /// The key is a generated plural or singular form of the term, not the term's own key.
    inflected: bool,
    /// The term's, kept here so that choosing among a key's terms reads no term.
    status: Status,
    concept: i64,
    /// The term's text is its own key, so that a match nothing was folded in is exact.
    plain: bool,
}

/// jieba with the glossary's words, built the first time a Chinese segment needs it, so that a
/// check of English text never pays for loading its dictionary; or on another thread from the
/// start, for a caller that knows it will segment Chinese ([`SegmenterWarmup`]).
struct Segmenter {
    lexicon: Arc<Lexicon>,
    jieba: OnceLock<(Jieba, Taught)>,
    building: Mutex<Option<JoinHandle<(Jieba, Taught)>>>,
}

/// The glossary's words as jieba is to learn them.
enum Lexicon {
    /// Each with the frequency jieba suggests for it when it is taught (a fresh build): the
    /// suggestion segments the word, and costs as much as a third of a second over a large
    /// glossary.
    Words(Vec<String>),
    /// The words a teaching added, with the frequencies it gave them, in order (a stored
    /// matcher): adding them so gives jieba the state the teaching gave it.
    Taught(Taught),
}

/// The words a teaching added to jieba's dictionary, in order, with their frequencies.
type Taught = Arc<Vec<(String, usize)>>;

/// jieba's own dictionary, loaded on another thread while the glossary is read: a third of a
/// second (350,000 words) that has no need to wait for it. Give it to
/// [`TermMatcher::with_segmenter`], which teaches it the glossary's words, still on that
/// thread.
pub struct SegmenterWarmup(JoinHandle<Jieba>);

impl SegmenterWarmup {
    pub fn start() -> SegmenterWarmup {
        SegmenterWarmup(std::thread::spawn(Jieba::new))
    }

    /// Does text in this language need the segmenter (and so a warm-up)?
    pub fn needed_for(lang: &LangTag) -> bool {
        segmented(lang.primary())
    }

    /// [`SegmenterWarmup::needed_for`], for a language's primary subtag.
    pub fn needed_for_primary(primary: &str) -> bool {
        segmented(primary)
    }
}

/// The languages whose hits the segmenter vetoes: Chinese, written without spaces.
fn segmented(primary: &str) -> bool {
    matches!(primary, "zh" | "yue" | "wuu" | "lzh")
}

/// Adds the glossary's words to jieba. The suggested frequency is the least that keeps a word
/// whole when it stands alone: enough that a term is never split, not so much that it wins
/// where the text means something else (南京市/长江大桥 must survive 市长).
fn teach(jieba: &mut Jieba, lexicon: &Lexicon) -> Taught {
    match lexicon {
        Lexicon::Words(words) => {
            let mut taught = Vec::new();
            for w in words {
                if !jieba.has_word(w) {
                    let freq = jieba.add_word(w, None, None);
                    taught.push((w.clone(), freq));
                }
            }
            Arc::new(taught)
        }
        Lexicon::Taught(taught) => {
            for (w, freq) in taught.iter() {
                jieba.add_word(w, Some(*freq), None);
            }
            Arc::clone(taught)
        }
    }
}

impl fmt::Debug for TermMatcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("TermMatcher");
        d.field("terms", &self.terms.len());
        for g in &self.groups {
            let patterns: usize = g.indexes.iter().map(|x| x.keys).sum();
            d.field(&g.primary, &patterns);
        }
        d.finish()
    }
}

impl TermMatcher {
    /// Compiles the terms. Terms whose key is empty (blank text) can never match and are kept
    /// only so that indices stay those of `terms`.
    pub fn new(terms: Vec<MatchTerm>) -> TermMatcher {
        TermMatcher::with_segmenter(terms, None)
    }

    /// [`TermMatcher::new`], with jieba already loading for the Chinese terms.
    pub fn with_segmenter(terms: Vec<MatchTerm>, warmup: Option<SegmenterWarmup>) -> TermMatcher {
        // Sized up front: growing tables of 100k keys by doubling costs more than filling them.
        let mut builders: Vec<GroupBuilder> = Vec::new();
        for t in &terms {
            let primary = t.lang.primary();
            match builders.iter_mut().find(|b| b.primary == primary) {
                Some(b) => b.terms += 1,
                None => builders.push(GroupBuilder::new(&t.lang)),
            }
        }
        // Each language's index is compiled on a thread of its own: they share nothing, and
        // English, with its generated plurals, takes the longest.
        let mut warmup = warmup;
        let jobs: Vec<(GroupBuilder, Option<SegmenterWarmup>)> = builders
            .into_iter()
            .map(|b| {
                let warm = b.segmenter_words.as_ref().and_then(|_| warmup.take());
                (b, warm)
            })
            .collect();
        let compiled: Vec<(Group, Texts, Vec<u32>)> = std::thread::scope(|s| {
            let mut jobs = jobs.into_iter();
            let first = jobs.next();
            let others: Vec<_> = jobs
                .map(|(b, warm)| s.spawn(|| b.compile(&terms, warm)))
                .collect();
            let mut out: Vec<_> = first
                .map(|(b, warm)| b.compile(&terms, warm))
                .into_iter()
                .collect();
            // A panic on another thread is a bug here: let it surface as one.
            out.extend(
                others
                    .into_iter()
                    .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))),
            );
            out
        });
        // Each term's own key, in the order of the terms.
        let mut at: Vec<Option<(usize, u32)>> = vec![None; terms.len()];
        let mut placed = vec![(u16::MAX, false); terms.len()];
        for (g, (_, _, ids)) in compiled.iter().enumerate() {
            for (local, &i) in ids.iter().enumerate() {
                at[i as usize] = Some((g, local as u32));
                placed[i as usize] = (g as u16, terms[i as usize].keeps_case());
            }
        }
        let mut keys = Texts::default();
        for slot in at {
            let key = slot.map_or("", |(g, local)| compiled[g].1.get(local));
            // Past 4 GiB of keys (32-bit offsets), a term is no longer looked for by key.
            keys.push(if keys.all.len() + key.len() <= u32::MAX as usize {
                key
            } else {
                ""
            });
        }
        TermMatcher {
            groups: compiled.into_iter().map(|(g, _, _)| g).collect(),
            keys,
            placed,
            terms,
        }
    }

    /// Loads every term of the store, or only those whose language `langs` selects.
    pub fn from_store(conn: &Connection, langs: Option<&LangTag>) -> Result<TermMatcher> {
        let keep = |l: &LangTag| langs.is_none_or(|range| range.selects(l));
        let (terms, _) = terms_from_store(conn, "NULL", keep, |_, _| Ok(()))?;
        Ok(TermMatcher::new(terms))
    }

    /// The terms, in the order given; [`TermHit::term`] indexes this.
    pub fn terms(&self) -> &[MatchTerm] {
        &self.terms
    }

    /// Every hit of a term of `lang`'s language in `segment`, in order of position. Hits do
    /// not overlap, with one exception: a span that is a term of several concepts (homographs:
    /// "Governor" of a US state and of a province) gives one hit per concept, same span,
    /// listed together.
    pub fn find<'s>(&self, segment: &'s str, lang: &LangTag) -> Vec<TermHit<'s>> {
        self.prepare(segment, lang).find()
    }

    /// The segment made ready for [`Prepared::find`] and [`Prepared::occurrences`], which
    /// share its keys and its segmentation.
    pub fn prepare<'m, 's>(&'m self, segment: &'s str, lang: &LangTag) -> Prepared<'m, 's> {
        let group = self
            .groups
            .iter()
            .find(|g| g.primary == lang.primary())
            // Offsets in keys are 32-bit: a segment of 1 GiB is not a segment.
            .filter(|_| !segment.is_empty() && segment.len() <= (u32::MAX / 4) as usize);
        Prepared {
            matcher: self,
            group,
            segment,
            orig: if group.is_some() {
                segment.chars().collect()
            } else {
                Vec::new()
            },
            folded: OnceCell::new(),
            cased: OnceCell::new(),
            words: OnceCell::new(),
        }
    }

    /// The hits of one chosen span: the best term of each concept whose key met it. `best` is
    /// room to work in, kept from span to span.
    fn hits_at<'s>(
        &self,
        group: &Group,
        offsets: &[usize],
        segment: &'s str,
        cands: &[Candidate],
        best: &mut Vec<(i64, MatchKind, Status, usize)>,
        out: &mut Vec<TermHit<'s>>,
    ) {
        let (start, end) = (cands[0].start as usize, cands[0].end as usize);
        let matched = &segment[offsets[start]..offsets[end]];
        best.clear();
        for c in cands {
            let index = &group.indexes[c.index as usize];
            let entries = index.entries(c.pattern);
            for e in entries {
                let term = e.term as usize;
                let known = if e.inflected || c.possessive {
                    Some(MatchKind::Inflection)
                } else if e.plain && c.verbatim {
                    Some(MatchKind::Exact)
                } else {
                    None
                };
                let slot = best.iter().position(|b| b.0 == e.concept);
                // Telling how the text met the term costs more than all the rest: not when the
                // term cannot beat the concept's best even as an exact match (the Traditional
                // twin of a Simplified term just found).
                let beats = |kind: MatchKind| {
                    slot.is_none_or(|i| (kind, e.status, term) < (best[i].1, best[i].2, best[i].3))
                };
                if !beats(known.unwrap_or(MatchKind::Exact)) {
                    continue;
                }
                let kind = known.unwrap_or_else(|| kind_of(matched, &self.terms[term]));
                if !beats(kind) {
                    continue;
                }
                let b = (e.concept, kind, e.status, term);
                match slot {
                    Some(i) => best[i] = b,
                    None => best.push(b),
                }
            }
        }
        best.sort_by_key(|b| (b.1, b.0));
        for &(concept, kind, status, term) in best.iter() {
            out.push(TermHit {
                term,
                concept,
                status,
                start,
                len: end - start,
                matched,
                kind,
            });
        }
    }
}

/// Reads the store's terms whose language `keep` accepts, in the order of their ids, and
/// beside each what `also` makes of the further column `more` (a column of the term table,
/// found in a row at the index given to `also`).
pub fn terms_from_store<T>(
    conn: &Connection,
    more: &str,
    keep: impl Fn(&LangTag) -> bool,
    mut also: impl FnMut(&rusqlite::Row, usize) -> rusqlite::Result<T>,
) -> Result<(Vec<MatchTerm>, Vec<T>)> {
    let mut stmt = conn.prepare(&format!(
        "SELECT id, concept, lang, text, status, case_sensitive, {more} FROM term ORDER BY id"
    ))?;
    let mut rows = stmt.query([])?;
    let (mut terms, mut extra) = (Vec::new(), Vec::new());
    // A glossary has a handful of language tags and statuses, written the same way in every
    // row: each is parsed once, not once a row.
    let mut langs: Vec<(String, Option<LangTag>)> = Vec::new();
    let mut statuses: Vec<(String, Status)> = Vec::new();
    while let Some(r) = rows.next()? {
        let lang = r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?;
        let at = match langs.iter().position(|(raw, _)| raw == lang) {
            Some(at) => at,
            None => {
                // Tags were validated on the way in; a row that still does not parse cannot be
                // said to be in any language a segment is in.
                let parsed = LangTag::parse(lang).ok().filter(|l| keep(l));
                langs.push((lang.to_string(), parsed));
                langs.len() - 1
            }
        };
        let Some(lang) = &langs[at].1 else {
            continue;
        };
        let status = r.get_ref(4)?.as_str().map_err(rusqlite::Error::from)?;
        let status = match statuses.iter().find(|(raw, _)| raw == status) {
            Some(&(_, s)) => s,
            None => {
                let parsed = Status::parse_lenient(status).unwrap_or(Status::Admitted);
                statuses.push((status.to_string(), parsed));
                parsed
            }
        };
        terms.push(MatchTerm {
            term_id: r.get(0)?,
            concept: r.get(1)?,
            lang: lang.clone(),
            text: r.get(3)?,
            status,
            case_sensitive: r.get(5)?,
        });
        extra.push(also(r, 6)?);
    }
    Ok((terms, extra))
}

/// A segment made ready for the matcher in one language: its match keys and the segmenter's
/// words, each computed the first time something needs it.
pub struct Prepared<'m, 's> {
    matcher: &'m TermMatcher,
    /// `None` when no term is in the segment's language (or the segment is empty).
    group: Option<&'m Group>,
    segment: &'s str,
    orig: Vec<char>,
    folded: OnceCell<SegmentKey>,
    cased: OnceCell<SegmentKey>,
    words: OnceCell<Option<Words>>,
}

impl<'s> Prepared<'_, 's> {
    fn key(&self, cased: bool) -> &SegmentKey {
        let cell = if cased { &self.cased } else { &self.folded };
        cell.get_or_init(|| SegmentKey::new(&self.orig, cased))
    }

    /// The segmenter's words, in a language that has a segmenter.
    fn words(&self) -> Option<&Words> {
        self.words
            .get_or_init(|| {
                let seg = self.group?.segmenter.as_ref()?;
                seg.words(&self.orig)
            })
            .as_ref()
    }

    /// See [`TermMatcher::find`].
    pub fn find(&self) -> Vec<TermHit<'s>> {
        let Some(group) = self.group else {
            return Vec::new();
        };
        let mut cands: Vec<Candidate> = Vec::new();
        for (x, index) in group.indexes.iter().enumerate() {
            let key = self.key(index.cased);
            let n = key.chars.len();
            for ks in 0..n {
                if key.chars[ks] == ' ' || (ks > 0 && !group.cut(key.chars[ks - 1], key.chars[ks]))
                {
                    continue;
                }
                let mut hash = 0;
                for ke in ks + 1..=n {
                    let last = key.chars[ke - 1];
                    hash = roll(hash, last);
                    // Neither keys nor the prefixes kept end with a space.
                    if last == ' ' || (ke < n && !group.cut(last, key.chars[ke])) {
                        continue;
                    }
                    let read = &key.text[key.byte[ks] as usize..key.byte[ke] as usize];
                    let (pattern, goes_on) = index.probe(hash, read);
                    if let Some(pattern) = pattern
                        && let Some((end, possessive)) = group.edges(key, ks, ke)
                    {
                        let (start, end) = (key.origin[ks].0, key.origin[end - 1].1);
                        let verbatim = !possessive
                            && (end - start) as usize == ke - ks
                            && self.orig[start as usize..end as usize] == key.chars[ks..ke];
                        cands.push(Candidate {
                            start,
                            end,
                            index: x as u32,
                            pattern,
                            possessive,
                            verbatim,
                        });
                    }
                    if !goes_on {
                        break;
                    }
                }
            }
        }
        if cands.is_empty() {
            return Vec::new();
        }
        if cands
            .iter()
            .any(|c| han_edge(&self.orig, c.start as usize) || han_edge(&self.orig, c.end as usize))
            && let Some(words) = self.words()
        {
            cands.retain(|c| !words.vetoes(&self.orig, c.start as usize, c.end as usize));
        }
        // Longest-leftmost: by start, longest first, then the first that begins at or after
        // the end of the last one taken.
        cands.sort_by_key(|c| (c.start, std::cmp::Reverse(c.end)));
        // Byte offset of each original character, and of the end.
        let offsets: Vec<usize> = self
            .segment
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(self.segment.len()))
            .collect();
        let mut hits = Vec::new();
        let mut taken_to = 0;
        let mut i = 0;
        let mut best = Vec::new();
        while i < cands.len() {
            let c = &cands[i];
            if c.start < taken_to {
                i += 1;
                continue;
            }
            let same = cands[i..]
                .iter()
                .take_while(|o| o.start == c.start && o.end == c.end)
                .count();
            self.matcher.hits_at(
                group,
                &offsets,
                self.segment,
                &cands[i..i + same],
                &mut best,
                &mut hits,
            );
            taken_to = c.end;
            i += same;
        }
        hits
    }

    /// Where a term's key stands in the segment, as (start, length) in original characters,
    /// whatever other term covers the place: 备忘录 stands in 谅解备忘录, 市长 in 上海市市长,
    /// though the matcher finds only the longer term there. The edge rules of the language
    /// hold (word boundaries in English), and in Chinese the segmenter still has a say, but a
    /// smaller one than in [`Prepared::find`]: a term inside a longer word stands there
    /// (传播 in 传播方式), a term that takes its characters from two words does not (市长 in
    /// 南京市/长江大桥), nor one after the deputy prefix 副.
    pub fn occurrences(&self, term: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let (Some(group), Some(&(g, keeps_case))) = (self.group, self.matcher.placed.get(term))
        else {
            return out;
        };
        if !self
            .matcher
            .groups
            .get(usize::from(g))
            .is_some_and(|own| std::ptr::eq(own, group))
        {
            return out;
        }
        let wanted = self.matcher.keys.get(term as u32);
        if wanted.is_empty() {
            return out;
        }
        let key = self.key(keeps_case);
        // Most renderings asked about are absent, which `contains` tells fastest.
        if !key.text.contains(wanted) {
            return out;
        }
        let mut from = 0;
        while let Some(at) = key.text[from..].find(wanted) {
            let b = from + at;
            from = b + key.text[b..].chars().next().map_or(1, char::len_utf8);
            // Key character positions of the occurrence's ends (`find` gives char boundaries).
            let ks = key.byte.partition_point(|&x| (x as usize) < b);
            let ke = key
                .byte
                .partition_point(|&x| (x as usize) < b + wanted.len());
            let Some((end, _)) = group.edges(key, ks, ke) else {
                continue;
            };
            let (s, e) = (key.origin[ks].0 as usize, key.origin[end - 1].1 as usize);
            if (han_edge(&self.orig, s) || han_edge(&self.orig, e))
                && let Some(words) = self.words()
                && words.splits(&self.orig, s, e)
            {
                continue;
            }
            out.push((s, e - s));
        }
        out
    }
}

/// How the original text of a hit met its term, for a hit through the term's own key.
fn kind_of(matched: &str, t: &MatchTerm) -> MatchKind {
    if matched == t.text {
        MatchKind::Exact
    } else if !t.keeps_case()
        && matched
            .chars()
            .flat_map(char::to_lowercase)
            .eq(t.text.chars().flat_map(char::to_lowercase))
    {
        MatchKind::Case
    } else if differs_in_script_only(matched, &t.text) {
        MatchKind::Script
    } else if key::normalize(matched, t.keeps_case()) == key::normalize(&t.text, t.keeps_case()) {
        MatchKind::Normalized
    } else {
        // The keys are equal only once Traditional is folded to Simplified.
        MatchKind::Script
    }
}

/// Are the two texts the same but for Han characters that simplify alike (市長, 市长)? Told
/// without normalising, as most Chinese hits of a glossary with both scripts need it. Unified
/// ideographs are their own NFKC and compose with nothing, so texts that differ in one are
/// never equal once normalised: the kind is Script.
fn differs_in_script_only(a: &str, b: &str) -> bool {
    let unified = |c: char| key::is_han(c) && !(0xF900..=0xFAFF).contains(&(c as u32));
    let mut differ = false;
    let (mut a, mut b) = (a.chars(), b.chars());
    loop {
        match (a.next(), b.next()) {
            (None, None) => return differ,
            (Some(x), Some(y)) if x == y => {}
            (Some(x), Some(y))
                if unified(x) && unified(y) && simplified_char(x) == simplified_char(y) =>
            {
                differ = true
            }
            _ => return false,
        }
    }
}

/// A match of a key in a segment, in original characters, before vetoes and overlaps.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    start: u32,
    end: u32,
    index: u32,
    pattern: u32,
    /// The hit was extended over an English possessive ending ('s, or ' after s).
    possessive: bool,
    /// The original characters are the key's, one for one: nothing was folded.
    verbatim: bool,
}

impl Group {
    /// Checks a match's edges against the segment key; returns its end (extended over a
    /// possessive ending) or `None` when it must not count.
    fn edges(&self, key: &SegmentKey, ks: usize, ke: usize) -> Option<(usize, bool)> {
        let ch = |i: usize| key.chars.get(i).copied();
        let word = |i: Option<usize>| {
            i.and_then(|i| key.chars.get(i))
                .is_some_and(|&c| self.is_word_char(c))
        };
        // Is there a word character just before key position `i`? A combining mark left
        // uncomposed by NFKC belongs to the character it follows.
        let word_before = |i: usize| {
            key.chars[..i]
                .iter()
                .rev()
                .find(|c| !is_combining_mark(**c))
                .is_some_and(|&c| self.is_word_char(c))
        };
        // A hit covers whole original characters: "ﬁ" is one character, not an "f" and an "i".
        if !key.on_boundary(ks) || !key.on_boundary(ke) {
            return None;
        }
        // Start edge: no word continues across it. In English an apostrophe between letters is
        // inside a word ("o'clock"); elsewhere it elides ("l'Union").
        if word(Some(ks)) {
            if word_before(ks) {
                return None;
            }
            if self.english && ks >= 1 && ch(ks - 1) == Some('\'') && word_before(ks - 1) {
                return None;
            }
        }
        if !word(Some(ke - 1)) {
            return Some((ke, false));
        }
        if self.english {
            let s_at = |i: usize| matches!(ch(i), Some('s' | 'S'));
            if ch(ke) == Some('\'') && s_at(ke + 1) && !word(Some(ke + 2)) {
                return Some((ke + 2, true));
            }
            if s_at(ke - 1) && ch(ke) == Some('\'') && !word(Some(ke + 1)) {
                return Some((ke + 1, true));
            }
            if ch(ke) == Some('\'') && word(Some(ke + 1)) {
                return None;
            }
        }
        if word(Some(ke)) {
            return None;
        }
        Some((ke, false))
    }

    /// May a term start or end between these two key characters? Not inside a word.
    fn cut(&self, before: char, after: char) -> bool {
        !(self.is_word_char(before) && self.is_word_char(after))
    }

    /// Characters that make up words for the edge rule. In unspaced languages Han and kana
    /// join freely (the segmenter judges those edges), but a Latin word or a number inside
    /// Chinese text still has edges: "APEC" is not in "APECS".
    fn is_word_char(&self, c: char) -> bool {
        if c.is_ascii() {
            return c.is_ascii_alphanumeric();
        }
        c.is_alphanumeric() && !(self.unspaced && is_unspaced_script(c))
    }
}

/// Scripts written without spaces between words.
fn is_unspaced_script(c: char) -> bool {
    key::is_han(c)
        || matches!(c as u32,
            0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F // kana
            | 0x3100..=0x312F | 0x31A0..=0x31BF // bopomofo
            | 0x0E00..=0x0EFF // Thai, Lao
            | 0x1000..=0x109F // Myanmar
            | 0x1780..=0x17FF // Khmer
            | 0x3005..=0x3007 | 0x303B) // 々 〆 〇 〻
}

impl Segmenter {
    /// A segmenter that learns `lexicon`, on the warm-up's thread when there is one.
    fn new(lexicon: Lexicon, warmup: Option<SegmenterWarmup>) -> Segmenter {
        let lexicon = Arc::new(lexicon);
        let building = warmup.map(|SegmenterWarmup(base)| {
            let lexicon = Arc::clone(&lexicon);
            std::thread::spawn(move || {
                let mut jieba = base.join().unwrap_or_else(|_| Jieba::new());
                let taught = teach(&mut jieba, &lexicon);
                (jieba, taught)
            })
        });
        Segmenter {
            lexicon,
            jieba: OnceLock::new(),
            building: Mutex::new(building),
        }
    }

    fn taught(&self) -> &(Jieba, Taught) {
        self.jieba.get_or_init(|| {
            let building = self.building.lock().ok().and_then(|mut b| b.take());
            // A thread that panicked gave nothing: build here instead.
            building.and_then(|b| b.join().ok()).unwrap_or_else(|| {
                let mut jieba = Jieba::new();
                let taught = teach(&mut jieba, &self.lexicon);
                (jieba, taught)
            })
        })
    }

    fn jieba(&self) -> &Jieba {
        &self.taught().0
    }

    /// The segmenter's reading of a segment.
    fn words(&self, orig: &[char]) -> Option<Words> {
        let text: String = orig.iter().map(|&c| simplified_char(c)).collect();
        let chars: Vec<char> = text.chars().collect();
        if chars.len() != orig.len() {
            // Cannot happen (one character in, one out), and offsets would be wrong if it did.
            return None;
        }
        let mut inside = vec![false; orig.len() + 1];
        for tok in self.jieba().cut(&text, false) {
            if let Some(within) = inside.get_mut(tok.start + 1..tok.end) {
                within.fill(true);
            }
        }
        Some(Words { chars, inside })
    }
}

/// A segment as the segmenter reads it: its characters, simplified, and for each place
/// between two of them whether it is inside a word.
struct Words {
    chars: Vec<char>,
    inside: Vec<bool>,
}

impl Words {
    /// Is an edge of the hit `[s, e)` inside a word, between two Han characters?
    fn edge_inside(&self, orig: &[char], s: usize, e: usize) -> bool {
        (han_edge(orig, s) && self.inside[s]) || (han_edge(orig, e) && self.inside[e])
    }

    /// Must the matcher drop the hit `[s, e)`? When an edge is inside a word, and after the
    /// deputy prefix 副.
    fn vetoes(&self, orig: &[char], s: usize, e: usize) -> bool {
        self.edge_inside(orig, s, e) || deputy_prefix(&self.chars, &self.inside, s)
    }

    /// Does `[s, e)` take its characters from two words, with an edge inside one of them
    /// (市长 in 南京市/长江大桥), or follow the deputy prefix 副?
    fn splits(&self, orig: &[char], s: usize, e: usize) -> bool {
        (self.edge_inside(orig, s, e) && (s + 1..e).any(|b| !self.inside[b]))
            || deputy_prefix(&self.chars, &self.inside, s)
    }
}

/// Is `p` a place between two Han characters, where only the segmenter can say whether a word
/// goes on?
fn han_edge(orig: &[char], p: usize) -> bool {
    p > 0 && p < orig.len() && key::is_han(orig[p - 1]) && key::is_han(orig[p])
}

/// Is the hit at `s` preceded by 副 standing as a word of its own? 副市长 is a Vice Mayor, a
/// different office from 市长, and a checker that found 市长 there would demand "Mayor".
/// jieba's dictionary lacks most 副 titles (it cuts 副/市长), so the prefix is read here. After
/// a numeral or a demonstrative 副 is the classifier for pairs (一副手套, 这副眼镜), not a prefix.
fn deputy_prefix(chars: &[char], inside: &[bool], s: usize) -> bool {
    if s == 0 || chars[s - 1] != '副' || inside[s - 1] || inside[s] {
        return false;
    }
    let classifier = s >= 2 && {
        let before = chars[s - 2];
        before.is_numeric() || "一二两三四五六七八九十百千万几半这那哪每某此该整".contains(before)
    };
    !classifier
}

/// A segment's match key, with the original characters behind each key character.
struct SegmentKey {
    text: String,
    chars: Vec<char>,
    /// For each key character, the original characters it came from, `[from, to)`: a
    /// character NFKC expands (`…` → `...`) maps all its pieces to itself; a run of white
    /// space read as one space maps that space to the whole run.
    origin: Vec<(u32, u32)>,
    /// Byte offset in `text` of each key character, and of the end.
    byte: Vec<u32>,
}

impl SegmentKey {
    fn new(orig: &[char], keep_case: bool) -> SegmentKey {
        let mut k = SegmentKey {
            text: String::with_capacity(orig.len()),
            chars: Vec::with_capacity(orig.len()),
            origin: Vec::with_capacity(orig.len()),
            byte: Vec::with_capacity(orig.len() + 1),
        };
        fold(orig.iter().copied(), keep_case, |c, origin| {
            k.byte.push(k.text.len() as u32);
            k.text.push(c);
            k.chars.push(c);
            k.origin.push(origin);
        });
        k.byte.push(k.text.len() as u32);
        k
    }

    /// Is key position `i` (between key characters `i - 1` and `i`) also a position between
    /// original characters?
    fn on_boundary(&self, i: usize) -> bool {
        i == 0 || i >= self.origin.len() || self.origin[i - 1] != self.origin[i]
    }
}

/// A term's key: the same folding as a segment's, so that the two sides of a match are made
/// by one routine.
fn term_key_into(key: &mut String, text: &str, keep_case: bool) {
    key.clear();
    fold(text.chars(), keep_case, |c, _| key.push(c));
}

/// The key [`key::normalize`] gives, with Traditional characters simplified one by one,
/// handed to `out` a character at a time with the original characters `[from, to)` it came
/// from. Text is normalised one cluster at a time: a character with the marks and the
/// characters NFKC may compose with it (combining marks, conjoining jamo, kana voicing marks),
/// so that normalising clusters apart gives what normalising the whole text gives. A
/// character NFKC expands (`…` → `...`) maps all its pieces to itself; a run of white space,
/// read as one space, maps that space to the whole run.
fn fold(text: impl Iterator<Item = char>, keep_case: bool, mut out: impl FnMut(char, (u32, u32))) {
    let mut chars = text.peekable();
    let mut at = 0u32;
    let mut pending: Option<(u32, u32)> = None;
    let mut started = false;
    let mut buf = String::new();
    let emit = |out: &mut dyn FnMut(char, (u32, u32)),
                c: char,
                span: (u32, u32),
                pending: &mut Option<(u32, u32)>| {
        if let Some(p) = pending.take() {
            out(' ', p);
        }
        out(simplified_char(c), span);
    };
    while let Some(c) = chars.next() {
        let from = at;
        at += 1;
        let single = chars.peek().is_none_or(|&n| !joins_previous(n));
        if single && c.is_ascii() {
            // The common case, tabulated from `normalize` itself.
            let span = (from, at);
            match ASCII_KEYS[c as usize] {
                AsciiKey::Space => {
                    if started {
                        pending = Some(pending.map_or(span, |(f, _)| (f, at)));
                    }
                }
                AsciiKey::Same(k) | AsciiKey::Other(k) => {
                    started = true;
                    let k = match ASCII_KEYS[c as usize] {
                        AsciiKey::Same(_) if keep_case => c,
                        _ => k,
                    };
                    if let Some(p) = pending.take() {
                        out(' ', p);
                    }
                    // ASCII has nothing to simplify.
                    out(k, span);
                }
            }
            continue;
        }
        if single && key::is_han(c) && !(0xF900..=0xFAFF).contains(&(c as u32)) {
            // Unified ideographs are their own NFKC and have no case.
            started = true;
            emit(&mut out, c, (from, at), &mut pending);
            continue;
        }
        buf.clear();
        buf.push(c);
        while let Some(&n) = chars.peek()
            && joins_previous(n)
        {
            buf.push(n);
            chars.next();
            at += 1;
        }
        let span = (from, at);
        for c in buf.nfkc() {
            if c.is_alphanumeric() {
                started = true;
                if keep_case {
                    emit(&mut out, c, span, &mut pending);
                } else {
                    for l in c.to_lowercase() {
                        emit(&mut out, l, span, &mut pending);
                    }
                }
                continue;
            }
            // Punctuation and spaces go through `normalize` itself, so that its rules for
            // apostrophes, hyphens and white space are applied from one place; what it trims
            // to nothing is a space. Leading space is dropped, as `normalize` trims it.
            let mut one = [0u8; 4];
            let norm = key::normalize(c.encode_utf8(&mut one), keep_case);
            if norm.is_empty() {
                if started {
                    pending = Some(pending.map_or(span, |(f, _)| (f, at)));
                }
                continue;
            }
            started = true;
            for n in norm.chars() {
                emit(&mut out, n, span, &mut pending);
            }
        }
    }
}

/// What [`key::normalize`] makes of one ASCII character.
#[derive(Clone, Copy)]
enum AsciiKey {
    /// White space, or a hyphen: read as a space.
    Space,
    /// Kept, lower-cased when case is folded.
    Same(char),
    /// Replaced whatever the case (a backtick is an apostrophe).
    Other(char),
}

static ASCII_KEYS: LazyLock<[AsciiKey; 128]> = LazyLock::new(|| {
    let mut table = [AsciiKey::Space; 128];
    for (b, slot) in table.iter_mut().enumerate() {
        let c = b as u8 as char;
        let (cased, folded) = (
            key::normalize(&c.to_string(), true),
            key::normalize(&c.to_string(), false),
        );
        let one = |s: &str| {
            let mut cs = s.chars();
            cs.next().filter(|_| cs.next().is_none())
        };
        *slot = match (one(&cased), one(&folded)) {
            (Some(k), Some(f)) if k == c => AsciiKey::Same(f),
            (Some(k), Some(f)) if k == f => AsciiKey::Other(k),
            // Control characters that NFKC keeps and `normalize` does not call white space.
            _ if cased.is_empty() => AsciiKey::Space,
            _ => AsciiKey::Other(c),
        };
    }
    table
});

/// Can NFKC merge this character with the one before it? It can if the character's
/// compatibility decomposition starts with a combining mark (half-width ﾞ is U+3099) or with
/// a character that composes with what precedes it (conjoining jamo).
fn joins_previous(c: char) -> bool {
    if c.is_ascii() || ((0x3400..=0x9FFF).contains(&(c as u32))) {
        return false;
    }
    let mut first = None;
    decompose_compatible(c, |d| {
        first.get_or_insert(d);
    });
    let first = first.unwrap_or(c);
    canonical_combining_class(first) != 0
        || is_nfkc_quick(std::iter::once(first)) == IsNormalized::Maybe
}

struct GroupBuilder {
    primary: String,
    unspaced: bool,
    english: bool,
    folded: PatternSet,
    cased: PatternSet,
    segmenter_words: Option<Vec<String>>,
    /// How many terms the group will get.
    terms: usize,
}

impl GroupBuilder {
    fn new(lang: &LangTag) -> GroupBuilder {
        let primary = lang.primary().to_string();
        let chinese = segmented(&primary);
        GroupBuilder {
            unspaced: lang.is_unspaced(),
            english: primary == "en",
            primary,
            folded: PatternSet::default(),
            cased: PatternSet::default(),
            segmenter_words: chinese.then(Vec::new),
            terms: 1,
        }
    }

    fn reserve(&mut self) {
        // English terms get about one generated form each besides their own key.
        let keys = if self.english {
            self.terms * 2
        } else {
            self.terms
        };
        self.folded.reserve(keys);
        if let Some(words) = self.segmenter_words.as_mut() {
            words.reserve(self.terms);
        }
    }

    /// Indexes the group's terms, those of its language among `terms`; gives the group, and
    /// each of those terms' own key, with the term's index.
    fn compile(
        mut self,
        terms: &[MatchTerm],
        warmup: Option<SegmenterWarmup>,
    ) -> (Group, Texts, Vec<u32>) {
        self.reserve();
        let mut forms = FormCache::default();
        let (mut own, mut cased_buf, mut buf) = (String::new(), String::new(), String::new());
        let (mut keys, mut ids) = (Texts::default(), Vec::with_capacity(self.terms));
        for (i, t) in terms.iter().enumerate() {
            if t.lang.primary() != self.primary {
                continue;
            }
            let keeps_case = t.keeps_case();
            term_key_into(&mut own, &t.text, keeps_case);
            if keys.all.len() + own.len() > u32::MAX as usize {
                // Past 4 GiB of keys (32-bit offsets), refuse the rest rather than misread them.
                break;
            }
            keys.push(&own);
            ids.push(i as u32);
            if own.is_empty() {
                continue;
            }
            let set = if keeps_case {
                &mut self.cased
            } else {
                &mut self.folded
            };
            let posting = Posting {
                term: i as u32,
                inflected: false,
                status: t.status,
                concept: t.concept,
                plain: own == t.text,
            };
            set.add(&own, posting);
            // The key with its case, unless there is no case to fold.
            let cased = if keeps_case
                || t.text
                    .bytes()
                    .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
            {
                &own
            } else {
                term_key_into(&mut cased_buf, &t.text, true);
                &cased_buf
            };
            if self.english {
                forms.variants(cased, &own, &mut buf, |variant| {
                    set.add(
                        variant,
                        Posting {
                            inflected: true,
                            ..posting
                        },
                    )
                });
            }
            if let Some(words) = self.segmenter_words.as_mut() {
                // jieba reads the segment as written, only simplified.
                let word = cased.to_string();
                if word.chars().nth(1).is_some()
                    && word.chars().any(key::is_han)
                    && !word.contains(' ')
                {
                    words.push(word);
                }
            }
        }
        (self.build(warmup), keys, ids)
    }

    fn build(self, warmup: Option<SegmenterWarmup>) -> Group {
        let mut group = Group {
            primary: self.primary,
            unspaced: self.unspaced,
            english: self.english,
            indexes: Vec::new(),
            segmenter: self.segmenter_words.map(|mut words| {
                words.sort_unstable();
                words.dedup();
                Segmenter::new(Lexicon::Words(words), warmup)
            }),
        };
        let indexes = [
            self.folded.build(false, &group),
            self.cased.build(true, &group),
        ];
        group.indexes = indexes.into_iter().flatten().collect();
        group
    }
}

/// The keys of a group's terms as they are added, each with the term behind it, sorted into a
/// [`KeyIndex`] once all are in.
#[derive(Default)]
struct PatternSet {
    adds: Vec<Add>,
    /// The keys' bytes, end to end.
    bytes: Vec<u8>,
}

#[derive(Clone, Copy)]
struct Add {
    hash: u64,
    at: u32,
    len: u32,
    posting: Posting,
}

impl PatternSet {
    fn add(&mut self, key: &str, posting: Posting) {
        if key.is_empty() {
            return;
        }
        if self.bytes.len() + key.len() > (u32::MAX / 2) as usize {
            // Keys are kept with 32-bit offsets, and their records are a little longer than
            // they are: past 2 GiB of keys, refuse the rest rather than misread them.
            return;
        }
        self.adds.push(Add {
            hash: nonzero(key_hash(key)),
            at: self.bytes.len() as u32,
            len: key.len() as u32,
            posting,
        });
        self.bytes.extend_from_slice(key.as_bytes());
    }

    fn reserve(&mut self, keys: usize) {
        self.adds.reserve(keys);
        // Keys of a real glossary average about a dozen bytes.
        self.bytes.reserve(keys * 12);
    }

    fn build(mut self, cased: bool, rules: &Group) -> Option<KeyIndex> {
        if self.adds.is_empty() {
            return None;
        }
        let bytes = std::mem::take(&mut self.bytes);
        let key = |a: &Add| &bytes[a.at as usize..(a.at + a.len) as usize];
        // By hash, then key (hashes collide), then term; a term's own key before a generated
        // form of it, as the two can coincide ("sister cities") and the own key is the better
        // match. Keys are compared only where hashes are equal, which is rare.
        let order = |a: &Add| (a.hash, a.posting.term, a.posting.inflected);
        self.adds.sort_unstable_by_key(order);
        for run in self.adds.chunk_by_mut(|a, b| a.hash == b.hash) {
            if run.len() > 1 && run.iter().any(|a| key(a) != key(&run[0])) {
                run.sort_by(|a, b| key(a).cmp(key(b)).then(order(a).cmp(&order(b))));
            }
        }
        let mut records = Vec::with_capacity(bytes.len() + self.adds.len() * 12);
        let mut entries: Vec<Posting> = Vec::with_capacity(self.adds.len());
        let mut slots: Vec<Slot> = Vec::new();
        let mut prefixes: Vec<u64> = Vec::new();
        for run in self
            .adds
            .chunk_by(|a, b| a.hash == b.hash && key(a) == key(b))
        {
            let k = key(&run[0]);
            slots.push(Slot {
                hash: run[0].hash,
                record: records.len() as u32,
                goes_on: false,
            });
            records.extend_from_slice(&(k.len() as u32).to_le_bytes());
            records.extend_from_slice(k);
            let from = entries.len();
            records.extend_from_slice(&(from as u32).to_le_bytes());
            for a in run {
                if entries[from..]
                    .last()
                    .is_none_or(|e| e.term != a.posting.term)
                {
                    entries.push(a.posting);
                }
            }
            records.extend_from_slice(&(entries.len() as u32).to_le_bytes());
            // Keys were added as `&str`.
            let mut hash = 0;
            let mut chars = std::str::from_utf8(k)
                .unwrap_or_default()
                .chars()
                .peekable();
            while let Some(c) = chars.next() {
                hash = roll(hash, c);
                if let Some(&next) = chars.peek()
                    && c != ' '
                    && rules.cut(c, next)
                {
                    prefixes.push(nonzero(hash));
                }
            }
        }
        let keys = slots.len();
        prefixes.sort_unstable();
        prefixes.dedup();
        // Prefixes that are keys too mark the keys' slots; the others get slots of their own.
        let mut alone = Vec::new();
        let mut at = 0;
        for p in prefixes {
            while at < keys && slots[at].hash < p {
                at += 1;
            }
            let mut marked = false;
            while at < keys && slots[at].hash == p {
                slots[at].goes_on = true;
                marked = true;
                at += 1;
            }
            if !marked {
                alone.push(Slot {
                    hash: p,
                    record: NO_KEY,
                    goes_on: true,
                });
            }
        }
        // Both are sorted by hash: merged, they still are.
        let keyed = std::mem::take(&mut slots);
        let (mut k, mut a) = (keyed.into_iter().peekable(), alone.into_iter().peekable());
        while let Some(next) = match (k.peek(), a.peek()) {
            (Some(x), Some(y)) if y.hash < x.hash => a.next(),
            (Some(_), _) => k.next(),
            (None, _) => a.next(),
        } {
            slots.push(next);
        }
        let bits = (slots.len() * 2)
            .next_power_of_two()
            .trailing_zeros()
            .max(4);
        let shift = 64 - bits;
        let mut table = vec![Slot::default(); 1 << bits];
        let mut next = 0;
        for s in slots {
            let at = ((s.hash >> shift) as usize).max(next);
            if at == table.len() {
                table.push(s);
            } else {
                table[at] = s;
            }
            next = at + 1;
        }
        Some(KeyIndex {
            cased,
            slots: table,
            shift,
            records,
            entries,
            keys,
        })
    }
}

/// Marks a matcher's bytes, with the layout's version: [`TermMatcher::from_bytes`] refuses any
/// other. Which code compiled the matcher is the store's to tell ([`super::compiled`]).
const BYTES_MAGIC: &[u8; 8] = b"cmatch\0\x01";

impl TermMatcher {
    /// The compiled matcher as bytes, for the store to keep so that a check reads it instead
    /// of compiling the glossary again ([`super::compiled`]). Waits for jieba to have learnt
    /// the glossary's words, since what it learnt is part of the matcher.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut o = Out(Vec::with_capacity(self.keys.all.len() * 8));
        o.0.extend_from_slice(BYTES_MAGIC);
        let mut langs: Vec<&LangTag> = Vec::new();
        let mut lang_of = Vec::with_capacity(self.terms.len());
        for t in &self.terms {
            let at = match langs.iter().position(|l| **l == t.lang) {
                Some(at) => at,
                None => {
                    langs.push(&t.lang);
                    langs.len() - 1
                }
            };
            lang_of.push(at as u32);
        }
        o.len(langs.len());
        for l in &langs {
            o.str(l.as_str());
        }
        // The terms' texts end to end, so that reading them back checks UTF-8 once.
        o.str(
            &self
                .terms
                .iter()
                .map(|t| t.text.as_str())
                .collect::<String>(),
        );
        o.len(self.terms.len());
        for (t, (&lang, &(group, keeps_case))) in
            self.terms.iter().zip(lang_of.iter().zip(&self.placed))
        {
            o.u64(t.term_id as u64);
            o.u64(t.concept as u64);
            o.u32(lang);
            o.len(t.text.len());
            o.u8(status_byte(t.status));
            o.u8(u8::from(t.case_sensitive) | u8::from(keeps_case) << 1);
            o.u32(u32::from(group));
        }
        o.str(&self.keys.all);
        o.len(self.keys.ends.len());
        for &e in &self.keys.ends {
            o.u32(e);
        }
        o.len(self.groups.len());
        for g in &self.groups {
            o.str(&g.primary);
            o.u8(u8::from(g.unspaced) | u8::from(g.english) << 1);
            o.len(g.indexes.len());
            for x in &g.indexes {
                o.u8(u8::from(x.cased));
                o.u32(x.shift);
                o.len(x.keys);
                let used = x.slots.iter().filter(|s| s.hash != 0).count();
                o.len(x.slots.len());
                o.len(used);
                for (at, s) in x.slots.iter().enumerate().filter(|(_, s)| s.hash != 0) {
                    o.len(at);
                    o.u64(s.hash);
                    o.u32(s.record);
                    o.u8(u8::from(s.goes_on));
                }
                o.bytes(&x.records);
                o.len(x.entries.len());
                for e in &x.entries {
                    o.u32(e.term);
                    o.u64(e.concept as u64);
                    o.u8(status_byte(e.status));
                    o.u8(u8::from(e.inflected) | u8::from(e.plain) << 1);
                }
            }
            match &g.segmenter {
                None => o.u8(0),
                Some(seg) => {
                    o.u8(1);
                    let taught = &seg.taught().1;
                    o.len(taught.len());
                    for (w, freq) in taught.iter() {
                        o.str(w);
                        o.u64(*freq as u64);
                    }
                }
            }
        }
        o.0
    }

    /// The matcher [`TermMatcher::to_bytes`] gave these bytes for, or `None` when they are
    /// not such bytes. jieba learns the glossary's words on the warm-up's thread, which is
    /// taken when a group needs it.
    pub fn from_bytes(bytes: &[u8], warmup: &mut Option<SegmenterWarmup>) -> Option<TermMatcher> {
        let mut i = In(bytes);
        if i.take(BYTES_MAGIC.len())? != BYTES_MAGIC {
            return None;
        }
        let langs = (0..i.len()?)
            .map(|_| LangTag::parse(i.str()?).ok())
            .collect::<Option<Vec<LangTag>>>()?;
        let mut texts = i.str()?;
        let n = i.len()?;
        let mut terms = Vec::with_capacity(n);
        let mut placed = Vec::with_capacity(n);
        for _ in 0..n {
            let term_id = i.u64()? as i64;
            let concept = i.u64()? as i64;
            let lang = langs.get(i.u32()? as usize)?.clone();
            let len = i.len()?;
            let text = texts.get(..len)?.to_string();
            texts = &texts[len..];
            let status = byte_status(i.u8()?)?;
            let flags = i.u8()?;
            let group = u16::try_from(i.u32()?).ok()?;
            terms.push(MatchTerm {
                term_id,
                concept,
                lang,
                text,
                status,
                case_sensitive: flags & 1 != 0,
            });
            placed.push((group, flags & 2 != 0));
        }
        let all = i.str()?.to_string();
        let ends = (0..i.len()?)
            .map(|_| i.u32())
            .collect::<Option<Vec<u32>>>()?;
        if ends.len() != n
            || ends.windows(2).any(|w| w[0] > w[1])
            || ends.last().is_some_and(|&e| e as usize > all.len())
            || ends.iter().any(|&e| !all.is_char_boundary(e as usize))
        {
            return None;
        }
        let mut groups = Vec::new();
        for _ in 0..i.len()? {
            let primary = i.str()?.to_string();
            let flags = i.u8()?;
            let mut indexes = Vec::new();
            for _ in 0..i.len()? {
                let cased = i.u8()? != 0;
                let shift = i.u32()?;
                let keys = i.len()?;
                // The table is at most four times its keys and prefixes, and a tail: a length
                // past that is not one `to_bytes` wrote, and must not be allocated.
                let (len, used) = (usize::try_from(i.u64()?).ok()?, i.len()?);
                if len > used * 5 + 16 {
                    return None;
                }
                let mut slots = vec![Slot::default(); len];
                for _ in 0..used {
                    let at = i.len()?;
                    *slots.get_mut(at)? = Slot {
                        hash: i.u64()?,
                        record: i.u32()?,
                        goes_on: i.u8()? != 0,
                    };
                }
                let records = i.bytes()?.to_vec();
                let entries = (0..i.len()?)
                    .map(|_| {
                        let term = i.u32()?;
                        let concept = i.u64()? as i64;
                        let status = byte_status(i.u8()?)?;
                        let flags = i.u8()?;
                        (term < n as u32).then_some(Posting {
                            term,
                            inflected: flags & 1 != 0,
                            status,
                            concept,
                            plain: flags & 2 != 0,
                        })
                    })
                    .collect::<Option<Vec<Posting>>>()?;
                if !(1..64).contains(&shift)
                    || slots.len() < 1 << (64 - shift)
                    || !records_fit(&slots, &records, entries.len())
                {
                    return None;
                }
                indexes.push(KeyIndex {
                    cased,
                    slots,
                    shift,
                    records,
                    entries,
                    keys,
                });
            }
            let segmenter = match i.u8()? {
                0 => None,
                _ => {
                    let taught = (0..i.len()?)
                        .map(|_| {
                            let word = i.str()?.to_string();
                            // jieba sums the frequencies: no real one comes near overflowing.
                            let freq = usize::try_from(i.u64()?).ok().filter(|&f| f < 1 << 40)?;
                            Some((word, freq))
                        })
                        .collect::<Option<Vec<_>>>()?;
                    Some(Segmenter::new(
                        Lexicon::Taught(Arc::new(taught)),
                        warmup.take(),
                    ))
                }
            };
            groups.push(Group {
                primary,
                unspaced: flags & 1 != 0,
                english: flags & 2 != 0,
                indexes,
                segmenter,
            });
        }
        if !i.0.is_empty()
            || placed
                .iter()
                .any(|&(g, _)| g != u16::MAX && usize::from(g) >= groups.len())
        {
            return None;
        }
        Some(TermMatcher {
            terms,
            keys: Texts { all, ends },
            placed,
            groups,
        })
    }

    /// One matcher of the terms of several, each of other languages than the rest: the terms
    /// in the order of the parts, each part's after the one before.
    pub fn join(parts: Vec<TermMatcher>) -> TermMatcher {
        let mut parts = parts.into_iter();
        let Some(mut out) = parts.next() else {
            return TermMatcher::new(Vec::new());
        };
        for mut p in parts {
            let base = out.terms.len() as u32;
            let first_group = out.groups.len() as u16;
            match u32::try_from(out.keys.all.len() + p.keys.all.len()) {
                Ok(_) => {
                    let at = out.keys.all.len() as u32;
                    out.keys.all.push_str(&p.keys.all);
                    out.keys.ends.extend(p.keys.ends.iter().map(|e| e + at));
                }
                // Past 4 GiB of keys (32-bit offsets), the part's terms are no longer looked
                // for by key, as in `new`.
                Err(_) => {
                    let end = out.keys.all.len() as u32;
                    out.keys.ends.extend(p.keys.ends.iter().map(|_| end));
                }
            }
            out.terms.append(&mut p.terms);
            out.placed.extend(p.placed.iter().map(|&(g, keeps_case)| {
                (if g == u16::MAX { g } else { g + first_group }, keeps_case)
            }));
            for mut g in p.groups {
                for x in &mut g.indexes {
                    for e in &mut x.entries {
                        e.term += base;
                    }
                }
                out.groups.push(g);
            }
        }
        out
    }
}

/// Does every key slot lead to a whole record, and every record to postings there are?
fn records_fit(slots: &[Slot], records: &[u8], entries: usize) -> bool {
    let u32_at = |at: usize| {
        records
            .get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    };
    slots
        .iter()
        .filter(|s| s.hash != 0 && s.record != NO_KEY)
        .all(|s| {
            let at = s.record as usize;
            let Some(len) = u32_at(at) else { return false };
            let end = at + 4 + len;
            matches!((u32_at(end), u32_at(end + 4)), (Some(from), Some(to)) if from <= to && to <= entries)
        })
}

fn status_byte(s: Status) -> u8 {
    Status::ALL.iter().position(|&x| x == s).unwrap_or(0) as u8
}

fn byte_status(b: u8) -> Option<Status> {
    Status::ALL.get(usize::from(b)).copied()
}

/// Little-endian numbers and length-prefixed bytes, written.
struct Out(Vec<u8>);

impl Out {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn len(&mut self, n: usize) {
        self.u64(n as u64);
    }
    fn bytes(&mut self, b: &[u8]) {
        self.len(b.len());
        self.0.extend_from_slice(b);
    }
    fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }
}

/// What [`Out`] wrote, read back; `None` past the end or on text that is not UTF-8.
struct In<'a>(&'a [u8]);

impl<'a> In<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.0.len() {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    /// A length or a count: never more than there are bytes left (every item takes one at
    /// least), so that a corrupt one cannot ask for a huge allocation.
    fn len(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?)
            .ok()
            .filter(|&n| n <= self.0.len())
    }
    fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.len()?;
        self.take(n)
    }
    fn str(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.bytes()?).ok()
    }
}

/// The plural and singular forms of English terms, generated once per distinct word.
#[derive(Default)]
struct FormCache {
    words: HashMap<String, u32>,
    forms: Vec<Vec<String>>,
}

impl FormCache {
    /// Hands `out` the keys of the term with one word inflected: its last word, and the word
    /// before its first "of" (the head of "memorandum of understanding", "Mayor of
    /// Shanghai"). `cased` is the term's key with its case, which the forms are made from
    /// (acronym plurals are told by their capitals); `own` is the key the variants are made
    /// like, folded or not. Possessives are not generated: the edge rule extends a hit over
    /// 's instead.
    fn variants(&mut self, cased: &str, own: &str, buf: &mut String, mut out: impl FnMut(&str)) {
        let words: Vec<&str> = cased.split(' ').collect();
        let last = words.len() - 1;
        let of = words
            .iter()
            .position(|w| w.eq_ignore_ascii_case("of"))
            .filter(|&of| of > 0 && of - 1 != last);
        for h in std::iter::once(last).chain(of.map(|of| of - 1)) {
            // Folding case never adds or removes a space, so word `h` of `own` is where it is
            // in `cased`.
            let Some((start, end)) = own
                .split(' ')
                .scan(0, |at, w| {
                    let span = (*at, *at + w.len());
                    *at += w.len() + 1;
                    Some(span)
                })
                .nth(h)
            else {
                continue;
            };
            let folds = own[start..end] != *words[h];
            for form in self.forms(words[h]) {
                buf.clear();
                buf.push_str(&own[..start]);
                if folds {
                    buf.extend(form.chars().flat_map(char::to_lowercase));
                } else {
                    buf.push_str(form);
                }
                buf.push_str(&own[end..]);
                out(buf);
            }
        }
    }

    /// Other forms of a word that [`key::inflect`] folds to the same base: `city` → `cities`,
    /// `cities` → `city`, `memorandum` → `memoranda`, `memorandums`, `MOU` → `MOUs`. Checking
    /// every form against `inflect` keeps the matcher from finding what lookup would not call
    /// the same term ("news" is not a plural of "new").
    fn forms(&mut self, word: &str) -> &[String] {
        if let Some(&at) = self.words.get(word) {
            return &self.forms[at as usize];
        }
        {
            let forms = if word.chars().any(|c| c.is_alphabetic()) && !word.chars().any(key::is_han)
            {
                let base = key::inflect(word);
                let mut cands = vec![
                    base.clone(),
                    pluralizer::pluralize(&base, 2, false),
                    format!("{base}s"),
                ];
                cands.sort_unstable();
                cands.dedup();
                // A word in capitals is an acronym whose final S is its own letter (AIDS,
                // SARS): it gets plurals (MOUs), never a singular ("aid", "SAR" of Hong Kong).
                let capitals = in_capitals(word);
                cands.retain(|c| {
                    c != word
                        && !c.contains(' ')
                        && if capitals {
                            key::inflect(c) == word
                        } else {
                            *c == base || key::inflect(c) == base
                        }
                });
                cands
            } else {
                Vec::new()
            };
            self.words.insert(word.to_string(), self.forms.len() as u32);
            self.forms.push(forms);
        }
        self.forms.last().map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::key::normalize;

    fn term_key(text: &str, keep_case: bool) -> String {
        let mut key = String::new();
        term_key_into(&mut key, text, keep_case);
        key
    }

    /// [`simplified_char`] over a string.
    fn simplified_chars(s: &str) -> String {
        s.chars().map(simplified_char).collect()
    }

    fn lang(tag: &str) -> LangTag {
        LangTag::parse(tag).unwrap()
    }

    /// Terms as (concept, lang, text); a text starting with `=` is case-sensitive.
    fn matcher(terms: &[(i64, &str, &str)]) -> TermMatcher {
        TermMatcher::new(
            terms
                .iter()
                .enumerate()
                .map(|(i, &(concept, l, text))| MatchTerm {
                    term_id: i as i64 + 1,
                    concept,
                    lang: lang(l),
                    text: text.trim_start_matches('=').to_string(),
                    status: Status::Preferred,
                    case_sensitive: text.starts_with('='),
                })
                .collect(),
        )
    }

    /// (matched text, term text, kind) of every hit.
    fn found(m: &TermMatcher, segment: &str, l: &str) -> Vec<(String, String, MatchKind)> {
        m.find(segment, &lang(l))
            .into_iter()
            .map(|h| {
                (
                    h.matched.to_string(),
                    m.terms()[h.term].text.clone(),
                    h.kind,
                )
            })
            .collect()
    }

    fn matched(m: &TermMatcher, segment: &str, l: &str) -> Vec<String> {
        m.find(segment, &lang(l))
            .into_iter()
            .map(|h| h.matched.to_string())
            .collect()
    }

    /// The hit's own offsets must slice the original segment to `matched`.
    fn slices_back(segment: &str, h: &TermHit) -> bool {
        let s: String = segment.chars().skip(h.start).take(h.len).collect();
        s == h.matched
    }

    #[test]
    fn no_mayor_in_the_nanjing_yangtze_bridge() {
        let m = matcher(&[(1, "zh-CN", "市长")]);
        assert!(found(&m, "南京市长江大桥", "zh").is_empty());
        assert!(found(&m, "南京市长江大桥通车了。", "zh-CN").is_empty());
        assert!(found(&m, "上海市长江路", "zh").is_empty());
        assert!(found(&m, "深圳市长期规划", "zh").is_empty());
        assert_eq!(matched(&m, "北京市长陈吉宁", "zh"), ["市长"]);
        let hits = m.find("上海市市长龚正会见了纽森。", &lang("zh"));
        assert_eq!(hits.len(), 1);
        assert_eq!((hits[0].start, hits[0].len), (3, 2));
        assert_eq!(hits[0].kind, MatchKind::Exact);
        assert_eq!(matched(&m, "他是市长。", "zh"), ["市长"]);
    }

    #[test]
    fn the_key_table_finds_every_key_and_no_other() {
        let rules = Group {
            primary: "en".into(),
            unspaced: false,
            english: true,
            indexes: Vec::new(),
            segmenter: None,
        };
        let posting = |term: u32| Posting {
            term,
            inflected: false,
            status: Status::Preferred,
            concept: i64::from(term),
            plain: true,
        };
        let mut set = PatternSet::default();
        let keys: Vec<String> = (0..5000)
            .map(|i| match i % 3 {
                0 => format!("w{i}"),
                1 => format!("w{} of w{i}", i / 7),
                _ => format!("x{i} y"),
            })
            .collect();
        for (i, k) in keys.iter().enumerate() {
            set.add(k, posting(i as u32));
        }
        // Two keys whose hashes collide, as chosen texts can make them: both found, each once.
        for (term, key) in [(9001, "first"), (9002, "second")] {
            set.adds.push(Add {
                hash: 42,
                at: set.bytes.len() as u32,
                len: key.len() as u32,
                posting: posting(term),
            });
            set.bytes.extend_from_slice(key.as_bytes());
        }
        let index = set.build(false, &rules).unwrap();
        let terms = |record: Option<u32>| -> Vec<u32> {
            record.map_or(Vec::new(), |r| {
                index.entries(r).iter().map(|e| e.term).collect()
            })
        };
        for (i, k) in keys.iter().enumerate() {
            let (record, _) = index.probe(key_hash(k), k);
            assert_eq!(terms(record), [i as u32], "{k}");
            assert_eq!(terms(index.probe(key_hash(k), "nothing").0), [0u32; 0]);
        }
        assert_eq!(terms(index.probe(42, "first").0), [9001]);
        assert_eq!(terms(index.probe(42, "second").0), [9002]);
        assert_eq!(terms(index.probe(42, "third").0), [0u32; 0]);
        // The words before " of" are prefixes a walk goes on from; a whole key that is no
        // prefix is not.
        assert!(index.probe(key_hash("w1"), "w1").1);
        assert!(index.probe(key_hash("x2"), "x2").1);
        assert!(!index.probe(key_hash("x2 y"), "x2 y").1);
        assert_eq!(index.probe(key_hash("x2"), "x2").0, None);
    }

    #[test]
    fn a_segmenter_loaded_on_another_thread_vetoes_alike() {
        let terms = |m: &TermMatcher| m.terms().to_vec();
        let lazy = matcher(&[(1, "zh-CN", "市长"), (2, "zh-CN", "南京市")]);
        let warm = TermMatcher::with_segmenter(terms(&lazy), Some(SegmenterWarmup::start()));
        for text in ["南京市长江大桥", "南京市市长", "副市长", "北京市长陈吉宁"]
        {
            assert_eq!(
                matched(&warm, text, "zh"),
                matched(&lazy, text, "zh"),
                "{text}"
            );
        }
        assert_eq!(matched(&warm, "南京市长江大桥", "zh"), ["南京市"]);
        assert!(SegmenterWarmup::needed_for(&lang("zh-Hant")));
        assert!(!SegmenterWarmup::needed_for(&lang("ja")));
    }

    #[test]
    fn a_vice_mayor_is_not_a_mayor() {
        let only_mayor = matcher(&[(1, "zh-CN", "市长")]);
        assert!(found(&only_mayor, "副市长", "zh").is_empty());
        assert!(found(&only_mayor, "南京市副市长王某", "zh").is_empty());
        let both = matcher(&[(1, "zh-CN", "市长"), (2, "zh-CN", "副市长")]);
        let hits = both.find("南京市副市长王某与市长会面", &lang("zh"));
        assert_eq!(
            hits.iter()
                .map(|h| (h.concept, h.start))
                .collect::<Vec<_>>(),
            [(2, 3), (1, 9)]
        );
        // 副 as the classifier for pairs is no prefix.
        let gloves = matcher(&[(1, "zh", "手套"), (2, "zh", "眼镜")]);
        assert_eq!(matched(&gloves, "一副手套", "zh"), ["手套"]);
        assert_eq!(matched(&gloves, "这副眼镜", "zh"), ["眼镜"]);
    }

    /// (start, length) of every place the term with this text stands in the segment.
    fn stands(m: &TermMatcher, term: &str, segment: &str, l: &str) -> Vec<(usize, usize)> {
        let i = m.terms().iter().position(|t| t.text == term).unwrap();
        m.prepare(segment, &lang(l)).occurrences(i)
    }

    #[test]
    fn regression_a_term_inside_a_longer_word_stands_there() {
        // Found on WMT news: the target held 传播 (in 传播方式) and 表面 (in 表面温度), and
        // the checker said they were missing, because the veto drops a hit whose edge is
        // inside a jieba word. The veto stays for what `find` reports; `occurrences` answers
        // whether the text is there.
        let m = matcher(&[
            (1, "zh-CN", "传播"),
            (2, "zh-CN", "表面"),
            (3, "zh-CN", "市长"),
            (4, "zh-CN", "上海市市长"),
            (5, "en", "Mayor"),
            (6, "en", "Vice Mayor"),
        ]);
        for (term, segment, want) in [
            ("传播", "病毒的传播方式", vec![(3, 2)]),
            ("表面", "表面温度上升", vec![(0, 2)]),
            ("传播", "传播，再传播", vec![(0, 2), (4, 2)]),
            // Under a longer term of another concept: the matcher finds only that one.
            ("市长", "上海市市长龚正", vec![(3, 2)]),
            ("市长", "上海市市長龔正", vec![(3, 2)]),
            // Not where its characters come from two words, nor after the deputy prefix.
            ("市长", "南京市长江大桥", vec![]),
            ("市长", "深圳市长期规划", vec![]),
            ("市长", "副市长", vec![]),
            ("市长", "南京市副市长王某与市长会面", vec![(9, 2)]),
            ("Mayor", "the Vice Mayor", vec![(9, 5)]),
            ("Mayor", "the Mayor's office", vec![(4, 7)]),
            ("Mayor", "the mayoral race", vec![]),
        ] {
            let l = if term.is_ascii() { "en" } else { "zh" };
            assert_eq!(stands(&m, term, segment, l), want, "{term} in {segment}");
        }
        assert!(
            found(&m, "病毒的传播方式", "zh").is_empty(),
            "the veto still holds in find"
        );
        assert_eq!(matched(&m, "上海市市长龚正", "zh"), ["上海市市长"]);
        // Not a term of the segment's language, or no such term.
        assert!(stands(&m, "Mayor", "Mayor", "zh").is_empty());
        assert!(m.prepare("市长", &lang("zh")).occurrences(99).is_empty());
    }

    #[test]
    fn terms_jieba_would_split_are_found_whole() {
        let m = matcher(&[(1, "zh-CN", "谅解备忘录"), (1, "zh-CN", "备忘录")]);
        assert_eq!(
            found(&m, "双方签署了谅解备忘录。", "zh"),
            [(
                "谅解备忘录".to_string(),
                "谅解备忘录".to_string(),
                MatchKind::Exact
            )]
        );
        let ciie = matcher(&[
            (1, "zh-CN", "中国国际进口博览会"),
            (1, "zh-CN", "进口博览会"),
            (2, "zh-CN", "中国"),
        ]);
        assert_eq!(
            matched(&ciie, "第六届中国国际进口博览会在上海举行", "zh"),
            ["中国国际进口博览会"]
        );
        assert_eq!(matched(&ciie, "参加进口博览会", "zh"), ["进口博览会"]);
    }

    #[test]
    fn traditional_text_finds_simplified_terms() {
        let m = matcher(&[(1, "zh-CN", "市长"), (2, "zh-CN", "谅解备忘录")]);
        let hits = m.find("上海市市長龔正與對方簽署諒解備忘錄", &lang("zh-Hant"));
        assert_eq!(
            hits.iter()
                .map(|h| (h.start, h.len, h.matched, h.kind))
                .collect::<Vec<_>>(),
            [
                (3, 2, "市長", MatchKind::Script),
                (12, 5, "諒解備忘錄", MatchKind::Script)
            ]
        );
        // And a Traditional glossary term meets Simplified text.
        let trad = matcher(&[(1, "zh-TW", "諒解備忘錄")]);
        assert_eq!(
            found(&trad, "签署谅解备忘录", "zh-CN"),
            [(
                "谅解备忘录".to_string(),
                "諒解備忘錄".to_string(),
                MatchKind::Script
            )]
        );
        assert!(found(&trad, "南京市長江大橋", "zh").is_empty());
    }

    #[test]
    fn longest_leftmost_consumes_shorter_terms() {
        let m = matcher(&[
            (1, "en", "Mayor"),
            (2, "en", "Vice Mayor"),
            (3, "en", "China International Import Expo"),
            (3, "en", "Import Expo"),
            (4, "en", "Expo"),
            (5, "en", "China"),
        ]);
        assert_eq!(
            matched(&m, "The Vice Mayor met the Mayor.", "en"),
            ["Vice Mayor", "Mayor"]
        );
        assert_eq!(
            found(&m, "the China International Import Expo opened", "en"),
            [(
                "China International Import Expo".to_string(),
                "China International Import Expo".to_string(),
                MatchKind::Exact
            )]
        );
        assert_eq!(matched(&m, "at the Import Expo", "en"), ["Import Expo"]);
        assert_eq!(matched(&m, "an Expo in China", "en"), ["Expo", "China"]);
    }

    #[test]
    fn a_vetoed_long_candidate_does_not_hide_a_shorter_one() {
        let m = matcher(&[(1, "en", "Shanghai Mayor"), (2, "en", "Shanghai")]);
        assert_eq!(matched(&m, "the Shanghai mayoral race", "en"), ["Shanghai"]);
        assert_eq!(
            matched(&m, "the Shanghai Mayor said", "en"),
            ["Shanghai Mayor"]
        );
    }

    #[test]
    fn english_word_boundaries() {
        let m = matcher(&[
            (1, "en", "Expo"),
            (2, "en", "Mayor"),
            (3, "en", "new"),
            (4, "en", "don"),
        ]);
        assert!(found(&m, "Exposure to risk", "en").is_empty());
        assert!(found(&m, "the mayoral election", "en").is_empty());
        assert!(
            found(&m, "the news today", "en").is_empty(),
            "news is not new"
        );
        assert!(found(&m, "I don't know", "en").is_empty());
        assert_eq!(matched(&m, "a new Expo", "en"), ["new", "Expo"]);
        assert_eq!(matched(&m, "(Expo)", "en"), ["Expo"]);
        assert_eq!(
            found(&m, "two Mayors met", "en"),
            [(
                "Mayors".to_string(),
                "Mayor".to_string(),
                MatchKind::Inflection
            )]
        );
        assert_eq!(
            found(&m, "the mayor said", "en"),
            [("mayor".to_string(), "Mayor".to_string(), MatchKind::Case)]
        );
    }

    #[test]
    fn elision_apostrophes_outside_english_are_boundaries() {
        let m = matcher(&[(1, "fr", "Union européenne")]);
        assert_eq!(
            matched(&m, "les pays de l'Union européenne", "fr"),
            ["Union européenne"]
        );
    }

    #[test]
    fn case_sensitive_terms_keep_their_case() {
        let m = matcher(&[
            (1, "en", "=US"),
            (2, "en", "China-US relations"),
            (3, "en", "=IT"),
        ]);
        assert!(found(&m, "let us go", "en").is_empty());
        assert!(found(&m, "Us and them", "en").is_empty());
        assert!(found(&m, "it is", "en").is_empty());
        assert_eq!(
            found(&m, "the US economy", "en"),
            [("US".to_string(), "US".to_string(), MatchKind::Exact)]
        );
        assert_eq!(
            found(&m, "the ＵＳ economy", "en"),
            [("ＵＳ".to_string(), "US".to_string(), MatchKind::Normalized)]
        );
        // The case-insensitive automaton's longer hit wins over the case-sensitive one.
        assert_eq!(
            matched(&m, "healthy china-US relations and the US", "en"),
            ["china-US relations", "US"]
        );
        assert_eq!(matched(&m, "IT and it", "en"), ["IT"]);
    }

    #[test]
    fn possessives_and_plurals() {
        let m = matcher(&[
            (1, "en", "Mayor"),
            (2, "en", "Governor"),
            (3, "en", "memorandum of understanding"),
            (4, "en", "=MOU"),
            (5, "en", "sister cities"),
            (6, "en", "Newsom"),
            (7, "en", "city"),
        ]);
        for (text, want) in [
            ("the Mayor's office", "Mayor's"),
            ("the Mayor’s office", "Mayor’s"),
            ("the governors' meeting", "governors'"),
            ("Newsom’s visit", "Newsom’s"),
            ("two MOUs were signed", "MOUs"),
            ("memoranda of understanding", "memoranda of understanding"),
            (
                "memorandums of understanding",
                "memorandums of understanding",
            ),
            ("a sister city of Shanghai", "sister city"),
            ("cities", "cities"),
        ] {
            let hits = found(&m, text, "en");
            assert_eq!(hits.len(), 1, "{text}: {hits:?}");
            assert_eq!(hits[0].0, want, "{text}");
            assert_eq!(hits[0].2, MatchKind::Inflection, "{text}");
        }
        assert_eq!(
            found(&m, "the MOU", "en"),
            [("MOU".to_string(), "MOU".to_string(), MatchKind::Exact)]
        );
        assert!(found(&m, "the mou", "en").is_empty());
        assert_eq!(
            found(&m, "Shanghai's sister cities", "en")[0].2,
            MatchKind::Exact
        );
    }

    #[test]
    fn regression_all_caps_acronyms_match_only_in_capitals() {
        // Found on WMT news against TICO-19's term lists, which have no case column: "who" was
        // read as WHO, "aid" as the singular of AIDS, Hong Kong's "SAR" as that of SARS.
        let m = matcher(&[
            (1, "en", "WHO"),
            (2, "en", "AIDS"),
            (3, "en", "SARS"),
            (4, "en", "MOU"),
            (5, "en", "U.S."),
            (6, "en", "Mayor"),
        ]);
        for text in [
            "the man who spoke",
            "Who said it?",
            "military aid to Africa",
            "Aid to Africa",
            "the AID programme",
            "Hong Kong SAR",
            "the u.s. economy",
            "aids and sars",
        ] {
            assert!(
                found(&m, text, "en").is_empty(),
                "{text}: {:?}",
                found(&m, text, "en")
            );
        }
        assert_eq!(
            found(&m, "the WHO said", "en"),
            [("WHO".to_string(), "WHO".to_string(), MatchKind::Exact)]
        );
        assert_eq!(matched(&m, "the WHO's advice", "en"), ["WHO's"]);
        assert_eq!(matched(&m, "AIDS and SARS", "en"), ["AIDS", "SARS"]);
        assert_eq!(matched(&m, "two MOUs", "en"), ["MOUs"]);
        assert_eq!(matched(&m, "the U.S. economy", "en"), ["U.S."]);
        // Mixed case is no acronym in capitals: any case, as before.
        let mixed = matcher(&[(1, "en", "MoU"), (2, "en", "Mayor")]);
        assert_eq!(
            matched(&mixed, "an mou and a mayor", "en"),
            ["mou", "mayor"]
        );
        // The glossary's own flag still makes a term case-sensitive.
        let flagged = matcher(&[(1, "en", "=Gov.")]);
        assert!(found(&flagged, "gov. Newsom", "en").is_empty());
        assert!(
            MatchTerm {
                term_id: 1,
                concept: 1,
                lang: lang("en"),
                text: "WHO".into(),
                status: Status::Preferred,
                case_sensitive: false,
            }
            .keeps_case()
        );
    }

    #[test]
    fn abbreviations_ending_in_a_period() {
        let m = matcher(&[(1, "en", "=Gov."), (2, "en", "Lt. Gov."), (3, "en", "U.S.")]);
        assert_eq!(matched(&m, "Gov. Newsom", "en"), ["Gov."]);
        assert_eq!(matched(&m, "(Gov.)", "en"), ["Gov."]);
        assert_eq!(matched(&m, "Lt. Gov. Kounalakis", "en"), ["Lt. Gov."]);
        assert_eq!(matched(&m, "the U.S. economy", "en"), ["U.S."]);
        assert!(found(&m, "the Govt. said", "en").is_empty());
        assert!(found(&m, "gov. Newsom", "en").is_empty());
    }

    #[test]
    fn offsets_are_in_original_characters() {
        let m = matcher(&[(1, "en", "Mayor"), (2, "en", "APEC"), (3, "zh", "市长")]);
        for (segment, l, start, text) in [
            ("ＡＰＥＣ summit", "en", 0, "ＡＰＥＣ"),
            ("the ＡＰＥＣ summit", "en", 4, "ＡＰＥＣ"),
            ("…the Mayor", "en", 5, "Mayor"),
            ("ﬁrst Mayor", "en", 5, "Mayor"),
            ("x² Mayor", "en", 3, "Mayor"),
            ("İstanbul's Mayor", "en", 11, "Mayor"),
            ("the\u{3000}\u{3000}Mayor", "en", 5, "Mayor"),
            ("café Mayor", "en", 5, "Mayor"),
            ("cafe\u{301} Mayor", "en", 6, "Mayor"),
            ("\u{301}Mayor", "en", 1, "Mayor"),
            ("㍿の市長", "zh", 2, "市长"),
            ("２０２３年上海市市長", "zh", 8, "市长"),
        ] {
            let hits = m.find(segment, &lang(l));
            assert_eq!(hits.len(), 1, "{segment}: {hits:?}");
            let h = &hits[0];
            assert_eq!(h.start, start, "{segment}");
            assert_eq!(h.len, text.chars().count(), "{segment}");
            assert!(slices_back(segment, h), "{segment}: {h:?}");
            let want = text.chars().count();
            assert_eq!(h.matched.chars().count(), want, "{segment}");
        }
    }

    #[test]
    fn a_hit_covers_whole_original_characters() {
        // "ﬁ" is one character: no "f" inside it, nor an "i" in the two lower-case pieces of "İ".
        let m = matcher(&[
            (1, "en", "f"),
            (2, "en", "fire"),
            (3, "ja", "会社"),
            (4, "en", "i"),
        ]);
        assert!(found(&m, "the ﬁ ligature", "en").is_empty());
        assert!(found(&m, "İ", "en").is_empty());
        assert_eq!(matched(&m, "a ﬁre", "en"), ["ﬁre"]);
        assert_eq!(matched(&m, "f i", "en"), ["f", "i"]);
        assert!(found(&m, "㍿", "ja").is_empty());
        assert_eq!(matched(&m, "株式会社", "ja"), ["会社"]);
    }

    #[test]
    fn segment_keys_agree_with_normalize() {
        for s in [
            "  Mayor’s   Office ",
            "low-carbon – growth",
            "ＡＰＥＣ，上海：（会议）…",
            "İstanbul ΣΑΣ ß ﬁ ²",
            "café cafe\u{301} \u{301}x",
            "上海市市長 龔正\t\n會見",
            "ｶﾞ ﾊﾟ 가",
            "𠮷野家 乾隆",
            "",
            "   ",
            "- lead-in -- `quoted` \u{0}\u{7f} tab\there\r\n",
            "\u{301}x e\u{301}\u{302} \u{FE00}漢\u{E0100}",
            "豈更 ＵＳ ｕｓ ＂x＂",
        ] {
            for keep_case in [false, true] {
                let orig: Vec<char> = s.chars().collect();
                let k = SegmentKey::new(&orig, keep_case);
                assert_eq!(
                    k.text,
                    simplified_chars(&normalize(s, keep_case)),
                    "{s:?} keep_case={keep_case}"
                );
                assert_eq!(k.text, term_key(s, keep_case), "{s:?}");
                assert_eq!(k.chars.len(), k.origin.len());
                assert!(
                    k.origin
                        .iter()
                        .all(|&(a, b)| a < b && b as usize <= orig.len())
                );
            }
        }
    }

    #[test]
    fn homographs_give_one_hit_per_concept() {
        let m = TermMatcher::new(vec![
            MatchTerm {
                term_id: 1,
                concept: 10,
                lang: lang("en"),
                text: "Governor".into(),
                status: Status::Preferred,
                case_sensitive: false,
            },
            MatchTerm {
                term_id: 2,
                concept: 20,
                lang: lang("en"),
                text: "Governor".into(),
                status: Status::Preferred,
                case_sensitive: false,
            },
            MatchTerm {
                term_id: 3,
                concept: 30,
                lang: lang("en"),
                text: "Vice Mayor".into(),
                status: Status::Preferred,
                case_sensitive: false,
            },
            MatchTerm {
                term_id: 4,
                concept: 30,
                lang: lang("en"),
                text: "Vice-Mayor".into(),
                status: Status::Deprecated,
                case_sensitive: false,
            },
        ]);
        let hits = m.find("California Governor Gavin Newsom", &lang("en-US"));
        assert_eq!(
            hits.iter()
                .map(|h| (h.concept, h.start, h.len))
                .collect::<Vec<_>>(),
            [(10, 11, 8), (20, 11, 8)]
        );
        // One concept, two terms with one key: the one the text spells wins, so that a checker
        // can tell the deprecated spelling apart.
        let pick = |s: &str| {
            let hits = m.find(s, &lang("en"));
            assert_eq!(hits.len(), 1, "{s}");
            (m.terms()[hits[0].term].text.clone(), hits[0].kind)
        };
        assert_eq!(
            pick("Vice-Mayor Li"),
            ("Vice-Mayor".into(), MatchKind::Exact)
        );
        assert_eq!(
            pick("Vice Mayor Li"),
            ("Vice Mayor".into(), MatchKind::Exact)
        );
        assert_eq!(
            pick("vice mayor Li"),
            ("Vice Mayor".into(), MatchKind::Case)
        );
    }

    #[test]
    fn only_the_segments_language_is_matched() {
        let m = matcher(&[(1, "en", "APEC"), (1, "zh-CN", "APEC"), (2, "zh", "会议")]);
        let hits = m.find("APEC会议", &lang("zh-Hans"));
        assert_eq!(hits.len(), 2);
        assert!(
            hits.iter()
                .all(|h| m.terms()[h.term].lang.primary() == "zh")
        );
        assert!(found(&m, "APECS会议", "zh").iter().all(|h| h.0 != "APEC"));
        assert!(found(&m, "APEC", "fr").is_empty());
    }

    #[test]
    fn unspaced_languages_without_a_segmenter_match_substrings() {
        let m = matcher(&[(1, "ja", "東京都"), (2, "ja", "知事")]);
        assert_eq!(
            matched(&m, "東京都知事が会見した", "ja"),
            ["東京都", "知事"]
        );
    }

    #[test]
    fn odd_input_does_not_panic() {
        let m = matcher(&[
            (1, "en", "Mayor"),
            (2, "zh", "市长"),
            (3, "en", "   "),
            (4, "en", "="),
        ]);
        for s in [
            "",
            " ",
            "\u{301}\u{301}",
            "\u{0}\u{FFFF}",
            "🙂市长🙂",
            "'s",
            "Mayor'",
            "Mayor's'",
            "s'",
            "市长\u{301}",
            "\u{1100}\u{1161}\u{11A8}",
        ] {
            for l in ["en", "zh", "ja"] {
                for h in m.find(s, &lang(l)) {
                    assert!(slices_back(s, &h), "{s:?}: {h:?}");
                }
            }
        }
        assert_eq!(matched(&m, "🙂市长🙂", "zh"), ["市长"]);
    }

    #[test]
    fn from_store_loads_terms_by_language() {
        use crate::glossary::db::merge_concept;
        use crate::model::glossary::{Concept, Term};
        use crate::store::Store;

        let store = Store::open_in_memory().unwrap();
        let mut us = Term::new(lang("en"), "US");
        us.case_sensitive = true;
        let c = Concept {
            terms: vec![
                us,
                Term::new(lang("en"), "United States"),
                Term::new(lang("zh-CN"), "美国"),
            ],
            ..Concept::default()
        };
        merge_concept(store.conn(), None, &c).unwrap();
        let all = TermMatcher::from_store(store.conn(), None).unwrap();
        assert_eq!(all.terms().len(), 3);
        assert_eq!(matched(&all, "the US and us", "en"), ["US"]);
        assert_eq!(matched(&all, "中美关系与美国", "zh"), ["美国"]);
        let zh = TermMatcher::from_store(store.conn(), Some(&lang("zh"))).unwrap();
        assert_eq!(zh.terms().len(), 1);
        assert!(zh.find("the US", &lang("en")).is_empty());
    }

    /// The shipped glossary, read column by column (the TSV reader is another module's job).
    pub(super) fn shipped() -> TermMatcher {
        let tsv = include_str!("../../glossary/concord.tsv");
        let mut ids: HashMap<&str, i64> = HashMap::new();
        let mut terms = Vec::new();
        for line in tsv
            .lines()
            .skip_while(|l| !l.starts_with("concept\t"))
            .skip(1)
        {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cells: Vec<&str> = line.split('\t').collect();
            let n = ids.len() as i64 + 1;
            let concept = *ids.entry(cells[0]).or_insert(n);
            terms.push(MatchTerm {
                term_id: terms.len() as i64 + 1,
                concept,
                lang: lang(cells[1]),
                text: cells[2].to_string(),
                status: Status::parse_lenient(cells[3]).unwrap(),
                case_sensitive: cells.get(6).is_some_and(|c| !c.trim().is_empty()),
            });
        }
        TermMatcher::new(terms)
    }

    #[test]
    fn the_shipped_glossary_on_the_seed_article() {
        let m = shipped();
        let en = "Shanghai Mayor Gong Zheng met with a delegation led by California Governor \
                  Gavin Newsom on Sunday. As early as 1980, Shanghai and San Francisco became \
                  sister cities. Shanghai welcomes more California companies to participate in \
                  the Import Expo, the mayor said of China-US relations.";
        let got = matched(&m, en, "en");
        for want in [
            "Shanghai Mayor",
            "Gong Zheng",
            "delegation",
            "California Governor",
            "Gavin Newsom",
            "San Francisco",
            "sister cities",
            "Import Expo",
            "mayor",
            "China-US relations",
        ] {
            assert!(got.iter().any(|g| g == want), "{want} not in {got:?}");
        }
        // Consumed by longer terms; and "met with" is a tense, which is not an inflection that
        // lookup folds either.
        assert!(
            !got.iter()
                .any(|g| g == "Mayor" || g == "Governor" || g == "met with"),
            "{got:?}"
        );

        let zh = "上海市市长龚正会见了美国加利福尼亚州州长纽森率领的代表团。南京市长江大桥。";
        let got = matched(&m, zh, "zh-CN");
        assert_eq!(
            got,
            [
                "上海市市长",
                "龚正",
                "会见",
                "美国加利福尼亚州州长",
                "纽森",
                "代表团"
            ]
        );
    }
}

/// Timings on real data: CC-CEDICT as the glossary (122k concepts, its glosses as English
/// terms) and the 7,379 WMT news segment pairs. Run in release:
/// `cargo test --release --lib glossary::matcher::timing -- --ignored --nocapture`.
#[cfg(test)]
mod timing {
    use std::path::Path;
    use std::time::Instant;

    use super::*;

    /// This thread's CPU time in seconds (Linux), beside wall time: the machines this runs on
    /// are shared, and wall time there says as much about the neighbours as about the code.
    fn cpu_now() -> f64 {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
        let fields: Vec<&str> = stat
            .rsplit(')')
            .next()
            .unwrap_or("")
            .split_whitespace()
            .collect();
        let ticks = |i: usize| fields.get(i).and_then(|x| x.parse::<f64>().ok());
        // utime and stime, in the kernel's 100 Hz ticks.
        (ticks(11).unwrap_or(0.0) + ticks(12).unwrap_or(0.0)) / 100.0
    }

    #[test]
    #[ignore = "reads ../shared/data and measures; run in release"]
    fn cedict_glossary_on_news() {
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
        let cedict = data.join("cedict/cedict_1_0_ts_utf-8_mdbg.txt");
        let Ok(dict) = std::fs::read_to_string(&cedict) else {
            println!("skipped: {} is absent", cedict.display());
            return;
        };
        let (zh_hans, zh_hant, en) = (
            LangTag::parse("zh-Hans").unwrap(),
            LangTag::parse("zh-Hant").unwrap(),
            LangTag::parse("en").unwrap(),
        );
        let mut terms = Vec::new();
        let mut concepts = 0;
        for line in dict.lines().filter(|l| !l.starts_with('#')) {
            let Some((head, glosses)) = line.split_once(" /") else {
                continue;
            };
            let mut cells = head.split(' ');
            let (Some(trad), Some(simp)) = (cells.next(), cells.next()) else {
                continue;
            };
            concepts += 1;
            let mut add = |lang: &LangTag, text: &str| {
                terms.push(MatchTerm {
                    term_id: terms.len() as i64,
                    concept: concepts,
                    lang: lang.clone(),
                    text: text.to_string(),
                    status: Status::Preferred,
                    case_sensitive: false,
                })
            };
            add(&zh_hans, simp);
            if trad != simp {
                add(&zh_hant, trad);
            }
            for g in glosses.trim_end().trim_end_matches('/').split('/') {
                add(&en, g);
            }
        }
        let n = terms.len();
        let t = Instant::now();
        let c = cpu_now();
        let m = TermMatcher::new(terms);
        let built = t.elapsed();
        println!(
            "{concepts} concepts, {n} terms: matcher built in {built:.2?} ({:.2} s of CPU; {m:?})",
            cpu_now() - c
        );

        let t = Instant::now();
        drop(Jieba::new());
        let jieba_alone = t.elapsed();
        let t = Instant::now();
        m.find("南京市长江大桥", &zh_hans);
        println!(
            "first Chinese segment (jieba's dictionary, then the glossary's words): {:.2?}, of which jieba alone {jieba_alone:.2?}",
            t.elapsed()
        );

        let mut pairs = Vec::new();
        for f in ["wmt18", "wmt19", "wmt20"] {
            let path = data.join(format!(
                "news/wmt_zh2en__damo_mt_testsets_zh2en_news_{f}.csv"
            ));
            let mut rd = csv::Reader::from_path(&path).unwrap();
            for rec in rd.records() {
                let rec = rec.unwrap();
                pairs.push((rec[0].to_string(), rec[1].to_string()));
            }
        }
        let t = Instant::now();
        let shipped = super::tests::shipped();
        println!(
            "shipped glossary: {} terms, matcher built in {:.2?}",
            shipped.terms().len(),
            t.elapsed()
        );
        for (glossary, m) in [("CC-CEDICT", &m), ("shipped", &shipped)] {
            // Each matcher loads its own jieba on its first Chinese segment: not timed here.
            m.find("南京市长江大桥", &zh_hans);
            for (name, lang, pick) in [("English", &en, 1usize), ("Chinese", &zh_hans, 0usize)] {
                let t = Instant::now();
                let c = cpu_now();
                let mut hits = 0;
                for p in &pairs {
                    hits += m.find(if pick == 0 { &p.0 } else { &p.1 }, lang).len();
                }
                println!(
                    "{glossary}: {} {name} segments, {hits} hits in {:.2?} ({:.2} s of CPU)",
                    pairs.len(),
                    t.elapsed(),
                    cpu_now() - c
                );
            }
        }
    }
}
