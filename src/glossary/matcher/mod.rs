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
//!   [`key::inflect`] ("Mayors", "Mayor's", "memoranda of understanding"), and a verb in its
//!   past and -ing forms ("signed", "met with": `verbs`);
//! - in Chinese, terms are found as substrings, and a hit is vetoed when one of its edges
//!   falls inside a word of jieba's segmentation, with the glossary's own terms taught to
//!   jieba first: 市长 is not in 南京市长江大桥 (南京市/长江大桥); nor where two dictionary
//!   words cross both its edges and meet inside it, whatever jieba chose (该市/长达 in
//!   该市长达三年); a term of one character only where it reads as the noun (`segmenter`);
//! - in English, a term written in lower case is not found inside a capitalised name ("Origami
//!   Assays" is not *assay*; see `names` for the rule and its limits);
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
//! Besides the hits, [`PreparedSegment::occurrences`] tells where a term's key stands in a
//! segment whatever covers it there: for a checker asking whether a rendering is present, which
//! is not the same question as what was found.

use std::cell::OnceCell;
use std::fmt;

use serde::Serialize;
use unicode_normalization::char::is_combining_mark;

use crate::model::glossary::Status;
use crate::text::fold::fold;
use crate::text::key::simplified_char;
use crate::text::{LangTag, MatchKind, key, script, spelling};

mod abbrev;
mod build;
mod codec;
mod forms;
mod names;
mod presence;
mod segmenter;
mod verbs;

pub use build::terms_from_store;
pub(crate) use presence::separable_object;
pub use segmenter::SegmenterWarmup;
use segmenter::{Segmenter, Words, han_edge};

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
    /// [`PreparedSegment::occurrences`] asks of a term without reading it.
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

    /// Asks for the home slots of a walk's planned probes to be brought into the cache.
    fn prefetch(&self, walk: &Walk) {
        for &(_, hash) in &walk.points {
            if let Some(slot) = self.slots.get((nonzero(hash) >> self.shift) as usize) {
                prefetch(slot);
            }
        }
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

/// Brings the cache line of `at` into the cache without waiting for it.
#[cfg(target_arch = "x86_64")]
fn prefetch<T>(at: &T) {
    use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
    // SAFETY: a prefetch is a hint: it reads nothing the program sees and cannot fault, and
    // the address is that of a live reference.
    unsafe { _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(at).cast()) }
}

/// Elsewhere the walk waits for each slot in turn, as it did before prefetching.
#[cfg(not(target_arch = "x86_64"))]
fn prefetch<T>(_at: &T) {}

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

    /// The segment made ready for [`PreparedSegment::find`] and
    /// [`PreparedSegment::occurrences`], which share its keys and its segmentation.
    pub fn prepare<'m, 's>(&'m self, segment: &'s str, lang: &LangTag) -> PreparedSegment<'m, 's> {
        let group = self
            .groups
            .iter()
            .find(|g| g.primary == lang.primary())
            // Offsets in keys are 32-bit: a segment of 1 GiB is not a segment.
            .filter(|_| !segment.is_empty() && segment.len() <= (u32::MAX / 4) as usize);
        PreparedSegment {
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
            tags: OnceCell::new(),
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

/// A segment made ready for the matcher in one language: its match keys and the segmenter's
/// words, each computed the first time something needs it.
pub struct PreparedSegment<'m, 's> {
    matcher: &'m TermMatcher,
    /// `None` when no term is in the segment's language (or the segment is empty).
    group: Option<&'m Group>,
    segment: &'s str,
    orig: Vec<char>,
    folded: OnceCell<SegmentKey>,
    cased: OnceCell<SegmentKey>,
    words: OnceCell<Option<Words>>,
    /// The segmenter's tags, read once: a check asks for the tags around each term it
    /// excuses, and tagging the whole segment per question cost the CC-CEDICT check a fifth
    /// of its time.
    tags: OnceCell<Vec<(usize, usize, String)>>,
}

impl<'s> PreparedSegment<'_, 's> {
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
        let (mut walk, mut next) = (Walk::default(), Walk::default());
        for (x, index) in group.indexes.iter().enumerate() {
            let key = self.key(index.cased);
            let n = key.chars.len();
            let starts: Vec<usize> = (0..n)
                .filter(|&ks| {
                    key.chars[ks] != ' ' && (ks == 0 || group.cut(key.chars[ks - 1], key.chars[ks]))
                })
                .collect();
            if let Some(&first) = starts.first() {
                walk.plan(group, key, first);
                index.prefetch(&walk);
            }
            for (i, &ks) in starts.iter().enumerate() {
                // The next start's first probes are asked of memory now, and arrive while
                // this walk runs: a probe's slot is a cache miss most of the time, and a walk
                // could only wait for one after the other.
                if let Some(&then) = starts.get(i + 1) {
                    next.plan(group, key, then);
                    index.prefetch(&next);
                }
                // Probes `read` (up to `ke`); whether the walk goes on.
                let mut probe = |ke: usize, hash: u64| {
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
                    goes_on
                };
                if walk.points.iter().all(|&(ke, hash)| probe(ke, hash)) {
                    let mut hash = walk.hash;
                    for ke in walk.to + 1..=n {
                        hash = roll(hash, key.chars[ke - 1]);
                        if group.probes_at(key, ke) && !probe(ke, hash) {
                            break;
                        }
                    }
                }
                std::mem::swap(&mut walk, &mut next);
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
            if let Some(seg) = group.segmenter.as_ref() {
                cands.retain(|c| {
                    let (s, e) = (c.start as usize, c.end as usize);
                    !seg.crossed(words, &self.orig, s, e) && !seg.framed(words, &self.orig, s, e)
                });
            }
        }
        let one_han =
            |c: &Candidate| c.end - c.start == 1 && script::is_han(self.orig[c.start as usize]);
        if let Some(seg) = group.segmenter.as_ref()
            && cands.iter().any(one_han)
        {
            let nouns = seg.lone_nouns(&self.orig);
            cands.retain(|c| !one_han(c) || nouns[c.start as usize]);
        }
        let capital = |c: &Candidate| self.orig[c.start as usize].is_uppercase();
        if group.english
            && cands.iter().any(capital)
            && let Some(names) = names::Names::new(&self.orig)
        {
            let lower_case_terms = |c: &Candidate| {
                group.indexes[c.index as usize]
                    .entries(c.pattern)
                    .iter()
                    .all(|e| {
                        !self.matcher.terms[e.term as usize]
                            .text
                            .chars()
                            .any(char::is_uppercase)
                    })
            };
            cands.retain(|c| {
                !(capital(c)
                    && lower_case_terms(c)
                    && names.inside_name(&self.orig, c.start as usize, c.end as usize))
            });
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
    /// smaller one than in [`PreparedSegment::find`]: a term inside a longer word stands
    /// there (传播 in 传播方式), a term that takes its characters from two words does not
    /// (市长 in 南京市/长江大桥), nor one after the deputy prefix 副.
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
        if key.text.contains(wanted) {
            let mut from = 0;
            while let Some(at) = key.text[from..].find(wanted) {
                let b = from + at;
                from = b + key.text[b..].chars().next().map_or(1, char::len_utf8);
                // Key character positions of the occurrence's ends (`find` gives char
                // boundaries).
                let ks = key.byte.partition_point(|&x| (x as usize) < b);
                let ke = key
                    .byte
                    .partition_point(|&x| (x as usize) < b + wanted.len());
                out.extend(self.stands(group, key, ks, ke));
            }
        }
        // In Chinese, forms the key does not spell (`presence`), only where the key is not.
        if out.is_empty() && group.segmenter.is_some() {
            for (ks, ke) in presence::loose_spans(&key.chars, wanted) {
                out.extend(self.stands(group, key, ks, ke));
            }
        }
        // Then an abbreviation of the rendering, standing as a word of its own or heading a
        // compound (`abbrev`).
        if out.is_empty()
            && let Some(seg) = group.segmenter.as_ref()
        {
            let spans: Vec<(usize, usize)> = abbrev::spans(&key.chars, wanted, |w| seg.knows(w))
                .into_iter()
                .map(|(ks, ke)| (key.origin[ks].0 as usize, key.origin[ke - 1].1 as usize))
                .collect();
            if !spans.is_empty()
                && let Some(words) = self.words()
            {
                let at = |heads: bool| -> Vec<(usize, usize)> {
                    spans
                        .iter()
                        .filter(|&&(s, e)| match heads {
                            false => words.one_word(&self.orig, s, e),
                            true => words.heads_word(&self.orig, s, e, |r| seg.knows(r)),
                        })
                        .map(|&(s, e)| (s, e - s))
                        .collect()
                };
                // A whole word first; the head of a compound only where there is none (疾控
                // heads 疾控中心, which is itself the abbreviation of 疾病控制中心).
                out = at(false);
                if out.is_empty() {
                    out = at(true);
                }
            }
        }
        out
    }

    /// In a language with a segmenter, the part-of-speech tag (jieba's) of the word of the
    /// segmenter's reading that ends at the character `at` (`before`) or starts there.
    pub fn tag_at(&self, at: usize, before: bool) -> Option<String> {
        let seg = self.group?.segmenter.as_ref()?;
        let tags = self.tags.get_or_init(|| seg.tags(&self.orig));
        let edge = |&&(s, e, _): &&(usize, usize, String)| if before { e == at } else { s == at };
        tags.iter()
            .take_while(|(s, _, _)| *s <= at)
            .find(edge)
            .map(|(_, _, t)| t.clone())
    }

    /// In a language with a segmenter, the word of the segmenter's reading that ends at the
    /// character `at`: where it starts, and its part-of-speech tag (jieba's).
    pub fn word_before(&self, at: usize) -> Option<(usize, String)> {
        let seg = self.group?.segmenter.as_ref()?;
        let tags = self.tags.get_or_init(|| seg.tags(&self.orig));
        tags.iter()
            .take_while(|(s, _, _)| *s < at)
            .find(|(_, e, _)| *e == at)
            .map(|(s, _, t)| (*s, t.clone()))
    }

    /// In a language with a segmenter, the word of the segmenter's reading that starts at the
    /// character `at`: where it ends, and its part-of-speech tag (jieba's).
    pub fn word_after(&self, at: usize) -> Option<(usize, String)> {
        let seg = self.group?.segmenter.as_ref()?;
        let tags = self.tags.get_or_init(|| seg.tags(&self.orig));
        tags.iter()
            .take_while(|(s, _, _)| *s <= at)
            .find(|(s, _, _)| *s == at)
            .map(|(_, e, t)| (*e, t.clone()))
    }

    /// Does `word` stand in the segment as one word of the segmenter's reading: 疫情 in
    /// 疫情/防控, not 国疾病 across 美国/疾病? In a language the matcher does not segment,
    /// wherever its characters stand.
    pub fn has_word(&self, word: &str) -> bool {
        let w: Vec<char> = word.chars().collect();
        let orig: Vec<char>;
        let text = match self.group {
            Some(_) => &self.orig,
            None => {
                orig = self.segment.chars().collect();
                &orig
            }
        };
        if w.is_empty() || w.len() > text.len() {
            return false;
        }
        let mut at = (0..=text.len() - w.len()).filter(|&s| text[s..s + w.len()] == w[..]);
        match self.words() {
            Some(words) => at.any(|s| words.one_word(text, s, s + w.len())),
            None => at.next().is_some(),
        }
    }

    /// Does the key span `[ks, ke)` stand in the segment by the rules of
    /// [`PreparedSegment::occurrences`]? Its place in original characters if so.
    fn stands(
        &self,
        group: &Group,
        key: &SegmentKey,
        ks: usize,
        ke: usize,
    ) -> Option<(usize, usize)> {
        let (end, _) = group.edges(key, ks, ke)?;
        let (s, e) = (key.origin[ks].0 as usize, key.origin[end - 1].1 as usize);
        if (han_edge(&self.orig, s) || han_edge(&self.orig, e))
            && let Some(words) = self.words()
            && words.splits(&self.orig, s, e)
        {
            return None;
        }
        Some((s, e - s))
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
    } else if key::normalize(matched, t.keeps_case()) == key::normalize(&t.text, t.keeps_case())
        || key::abbreviation_key(matched, t.keeps_case())
            == key::abbreviation_key(&t.text, t.keeps_case())
    {
        MatchKind::Normalized
    } else if spelling::respellings(&t.text)
        .iter()
        .any(|r| r.eq_ignore_ascii_case(matched))
    {
        MatchKind::Spelling
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
    let mut differ = false;
    let (mut a, mut b) = (a.chars(), b.chars());
    loop {
        match (a.next(), b.next()) {
            (None, None) => return differ,
            (Some(x), Some(y)) if x == y => {}
            (Some(x), Some(y))
                if script::is_unified_han(x)
                    && script::is_unified_han(y)
                    && simplified_char(x) == simplified_char(y) =>
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

/// How many probes of a walk [`Walk::plan`] works out ahead: in Chinese the first (one
/// character) is nearly always in the cache, the next two nearly never; few walks go further.
const PLANNED: usize = 3;

/// The first probes of a walk through a segment key from one start: where each is made and
/// the hash of what has been read there, worked out one start ahead so that their slots can
/// be fetched before the walk needs them ([`KeyIndex::prefetch`]).
#[derive(Default)]
struct Walk {
    points: Vec<(usize, u64)>,
    /// Where the planning stopped, and the hash of what was read up to there: the walk goes
    /// on from here when every planned probe said to.
    to: usize,
    hash: u64,
}

impl Walk {
    fn plan(&mut self, group: &Group, key: &SegmentKey, ks: usize) {
        self.points.clear();
        let n = key.chars.len();
        let mut hash = 0;
        self.to = n;
        for ke in ks + 1..=n {
            hash = roll(hash, key.chars[ke - 1]);
            if group.probes_at(key, ke) {
                self.points.push((ke, hash));
                if self.points.len() == PLANNED {
                    self.to = ke;
                    break;
                }
            }
        }
        self.hash = hash;
    }
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

    /// Does a walk probe what it has read when it has read up to `ke`? Neither keys nor the
    /// prefixes kept end with a space, nor inside a word.
    fn probes_at(&self, key: &SegmentKey, ke: usize) -> bool {
        let last = key.chars[ke - 1];
        last != ' ' && (ke == key.chars.len() || self.cut(last, key.chars[ke]))
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
        c.is_alphanumeric() && !(self.unspaced && script::is_unspaced(c))
    }
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

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::build::term_key_into;
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

    pub(super) fn lang(tag: &str) -> LangTag {
        LangTag::parse(tag).unwrap()
    }

    /// Terms as (concept, lang, text); a text starting with `=` is case-sensitive.
    pub(super) fn matcher(terms: &[(i64, &str, &str)]) -> TermMatcher {
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
    pub(super) fn found(
        m: &TermMatcher,
        segment: &str,
        l: &str,
    ) -> Vec<(String, String, MatchKind)> {
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

    pub(super) fn matched(m: &TermMatcher, segment: &str, l: &str) -> Vec<String> {
        m.find(segment, &lang(l))
            .into_iter()
            .map(|h| h.matched.to_string())
            .collect()
    }

    /// A walk's first probes are worked out one start ahead ([`Walk`]); a term longer than
    /// those, one ending on the last of them, and one at the end of the segment are all found
    /// where they stand, longest first.
    #[test]
    fn terms_past_the_probes_planned_ahead_are_found() {
        assert_eq!(
            PLANNED, 3,
            "the terms below are sized for three planned probes"
        );
        let m = matcher(&[
            (1, "en", "Center for Disease Control and Prevention"),
            (2, "en", "Center for Disease Control"),
            (3, "en", "World Health Organization"),
            (4, "en", "Health"),
            (5, "en", "prevention"),
            (6, "zh", "中华人民共和国"),
            (7, "zh", "人民"),
            (8, "zh", "共和国"),
            (9, "zh", "卫生组织"),
        ]);
        assert_eq!(
            matched(
                &m,
                "The Center for Disease Control and Prevention, the Center for Disease Control \
                 and the World Health Organization: Health and prevention",
                "en"
            ),
            [
                "Center for Disease Control and Prevention",
                "Center for Disease Control",
                "World Health Organization",
                "Health",
                "prevention"
            ]
        );
        assert_eq!(
            matched(&m, "中华人民共和国的人民和共和国", "zh"),
            ["中华人民共和国", "人民", "共和国"]
        );
    }

    #[test]
    fn a_british_spelling_is_the_american_term_and_its_plural_too() {
        let m = matcher(&[
            (1, "en", "Center"),
            (2, "en", "World Health Organization"),
            (3, "en", "labour"),
            (4, "en", "news"),
        ]);
        let got = found(
            &m,
            "The Centre and two centres of the World Health Organisation; labor news",
            "en",
        );
        let got: Vec<(&str, &str)> = got
            .iter()
            .map(|(matched, term, _)| (matched.as_str(), term.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("Centre", "Center"),
                ("centres", "Center"),
                ("World Health Organisation", "World Health Organization"),
                ("labor", "labour"),
                ("news", "news")
            ]
        );
        // A word one rule would turn into another word is not respelt: "hour" is no "hor".
        let m = matcher(&[(1, "en", "hor")]);
        assert!(matched(&m, "in an hour", "en").is_empty());
    }

    #[test]
    fn an_abbreviation_in_capitals_with_or_without_its_dots() {
        let m = matcher(&[(1, "en", "U.S."), (2, "en", "MOU")]);
        let got: Vec<(String, MatchKind)> = found(&m, "the US, the U.S and U.S. now", "en")
            .into_iter()
            .map(|(matched, _, kind)| (matched, kind))
            .collect();
        assert_eq!(
            got,
            [
                ("US".to_string(), MatchKind::Normalized),
                ("U.S".to_string(), MatchKind::Normalized),
                ("U.S.".to_string(), MatchKind::Exact)
            ]
        );
        assert_eq!(
            found(&m, "an M.O.U. was signed", "en"),
            [(
                "M.O.U.".to_string(),
                "MOU".to_string(),
                MatchKind::Normalized
            )]
        );
        assert!(found(&m, "help us, u.s. mou", "en").is_empty());
    }

    /// The hit's own offsets must slice the original segment to `matched`.
    fn slices_back(segment: &str, h: &TermHit) -> bool {
        let s: String = segment.chars().skip(h.start).take(h.len).collect();
        s == h.matched
    }

    /// (start, length) of every place the term with this text stands in the segment.
    pub(super) fn stands(
        m: &TermMatcher,
        term: &str,
        segment: &str,
        l: &str,
    ) -> Vec<(usize, usize)> {
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

    /// The shipped glossary, read column by column (the TSV reader is another module's job).
    fn shipped() -> TermMatcher {
        let tsv = include_str!("../../../glossary/concord.tsv");
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
        // Consumed by longer terms.
        assert!(
            !got.iter().any(|g| g == "Mayor" || g == "Governor"),
            "{got:?}"
        );
        // A verb in the past tense is the verb ("meet with").
        assert!(got.iter().any(|g| g == "met with"), "{got:?}");

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
