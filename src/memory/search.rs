//! Fuzzy matches: the closest past translations of a sentence, scored the way translators
//! know, and exact under that score.
//!
//! # The score (a contract)
//! Both texts are reduced to their match keys ([`key::fuzzy_key`]: NFKC, lower case,
//! apostrophe and hyphen variants unified, Traditional folded to Simplified) and split into
//! tokens ([`token::tokens`]: words, one token per Han or kana character, each punctuation
//! mark a token). With `d` the Levenshtein distance between the token sequences and `n`, `m`
//! their lengths:
//!
//! `base = floor(100 x (max(n, m) - d) / max(n, m))`
//!
//! Penalties then subtract one point each, never add, so a search complete for `base` is
//! complete for the final score:
//! - `case`: the distance over case-kept tokens (otherwise normalised like the key) is larger
//!   than over folded ones;
//! - `format`: the distance over the raw text's tokens (before NFKC, apostrophe and hyphen
//!   unification, Traditional/Simplified folding) is larger: width, apostrophes, hyphens or
//!   script differ;
//! - `tags`: the memory's segment carries inline codes that the query does not;
//! - `numbers`: the numbers (tokens with a digit) differ as multisets.
//!
//! Hits are ordered by final score, then base score, then newest unit first (the higher unit
//! id); one hit per unit (its best segment in the source language).
//!
//! # The search
//! A segment within `d` edits of a query of `n` tokens with `D` distinct ones and
//! `dup = n - D` repeats shares at least `ceil(theta x max(n, m) / 100) - dup` distinct tokens
//! with it (count filter), and its length `m` lies in `[ceil(theta n / 100), floor(100 n / theta)]`
//! (length filter). The query's distinct tokens are sorted rarest first; the rarest
//! `D - bound + 1` lists hold every qualifying segment (prefix filtering). Further lists,
//! rarest first, are then counted into the candidates, each dropping those that can no longer
//! reach their bound, for as long as a list is cheaper to read than the verifications it may
//! save. When the prefix lists are short the candidates are merged from them and each further
//! list is galloped through (sparse); when they are long (over a thirty-second of the
//! segments) every list is counted into arrays indexed by segment id (dense), cheaper than a
//! merge per posting. The survivors are verified from their stored token sequences with a
//! bit-parallel Levenshtein distance (rapidfuzz) with a cutoff, and only those that reach the
//! threshold are read and scored from their text.
//! For the top k, thresholds are tried from high to low (95, 85, 75, then the floor) and the
//! search stops as soon as k hits are found at one of them. Each threshold builds on what the
//! higher ones learned: the lists read, the candidates and their counts (admitted with the
//! floor's length filter, so a lower threshold only adds lists to them), and the distances
//! (computed once, to the floor's cutoff).

use std::collections::HashMap;

use rapidfuzz::distance::levenshtein;
use serde::Serialize;

use super::index;
use super::read::{Candidate, MemoryRead};
use crate::error::{Error, Result};
use crate::model::memory::Segment;
use crate::text::{LangTag, key, script, token};

#[derive(Clone, Debug)]
pub struct SearchQuery {
    pub text: String,
    /// The language to search in [default: inferred from the query's script and the memory's
    /// languages].
    pub from: Option<LangTag>,
    /// Languages of the translations to show [default: every other language of the unit].
    pub to: Option<LangTag>,
    /// The lowest final score shown (0-100).
    pub min: u8,
    pub limit: usize,
}

impl SearchQuery {
    pub fn new(text: impl Into<String>) -> SearchQuery {
        SearchQuery {
            text: text.into(),
            from: None,
            to: None,
            min: 70,
            limit: 5,
        }
    }
}

/// One step of the token diff between the query and a hit's source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DiffOp {
    /// `equal`, `replace`, `delete` (in the query, not in the memory) or `insert` (in the
    /// memory, not in the query).
    pub op: &'static str,
    pub query: String,
    pub memory: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct FuzzyHit {
    pub unit: i64,
    pub score: u8,
    pub base: u8,
    pub penalties: Vec<&'static str>,
    pub source: Segment,
    pub targets: Vec<Segment>,
    pub diff: Vec<DiffOp>,
    pub origin: String,
}

/// A scored segment before it is dressed up for display.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scored {
    pub unit: i64,
    pub variant: i64,
    pub score: u8,
    pub base: u8,
    pub penalties: Vec<&'static str>,
}

/// The ranking order: final score, base score, newest unit. Public so that a reference
/// implementation (the benchmark's brute force) can sort exactly as the search does.
pub fn rank(a: &Scored, b: &Scored) -> std::cmp::Ordering {
    (b.score, b.base, b.unit).cmp(&(a.score, a.base, a.unit))
}

/// What the search needs to know about the query, computed once.
pub struct PreparedQuery {
    /// The language whose tokens the index is searched for (a primary subtag).
    lang: String,
    /// Distinct folded tokens, in order of first occurrence.
    distinct: Vec<String>,
    /// Token → its index in `distinct`, to map a candidate's tokens without rebuilding it.
    reference: HashMap<String, u32>,
    /// The folded token sequence as ids into `distinct`.
    ids: Vec<u32>,
    /// Tokens of the case-kept key and of the raw lower-cased text, for the penalties.
    kept: Vec<String>,
    raw: Vec<String>,
    numbers: Vec<String>,
    comparator: levenshtein::BatchComparator<u32>,
}

/// Maps tokens to ids relative to a reference token list; a token the reference lacks maps to
/// one sentinel, which is enough for the distance to the reference.
fn ids_against(reference: &HashMap<&str, u32>, tokens: &[&str]) -> Vec<u32> {
    tokens
        .iter()
        .map(|t| reference.get(t).copied().unwrap_or(u32::MAX))
        .collect()
}

fn seq_distance(a: &[String], b: &[&str]) -> usize {
    let mut map: HashMap<&str, u32> = HashMap::new();
    for t in a {
        let n = map.len() as u32;
        map.entry(t.as_str()).or_insert(n);
    }
    let ai: Vec<u32> = a.iter().map(|t| map[t.as_str()]).collect();
    let bi = ids_against(&map, b);
    levenshtein::distance(ai.iter().copied(), bi.iter().copied())
}

fn raw_tokens(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    token::tokens(&lower)
        .into_iter()
        .map(str::to_string)
        .collect()
}

fn kept_tokens(text: &str) -> Vec<String> {
    let kept = key::simplified_chars(key::normalize(text, true));
    token::tokens(&kept)
        .into_iter()
        .map(str::to_string)
        .collect()
}

fn number_tokens<'a>(tokens: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut n: Vec<String> = tokens
        .filter(|t| t.chars().any(|c| c.is_ascii_digit()))
        .map(str::to_string)
        .collect();
    n.sort();
    n
}

impl PreparedQuery {
    pub fn new(text: &str, lang: LangTag) -> PreparedQuery {
        let k = key::fuzzy_key(text);
        let toks = token::tokens(&k);
        let mut index_of: HashMap<&str, u32> = HashMap::new();
        let mut distinct = Vec::new();
        let mut ids = Vec::with_capacity(toks.len());
        for t in &toks {
            let id = *index_of.entry(t).or_insert_with(|| {
                distinct.push(t.to_string());
                distinct.len() as u32 - 1
            });
            ids.push(id);
        }
        let comparator = levenshtein::BatchComparator::new(ids.iter().copied());
        let reference = distinct
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), i as u32))
            .collect();
        PreparedQuery {
            lang: lang.primary().to_string(),
            reference,
            numbers: number_tokens(toks.iter().copied()),
            distinct,
            ids,
            kept: kept_tokens(text),
            raw: raw_tokens(text),
            comparator,
        }
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Scores a segment if its base score reaches `theta`.
    pub fn score(
        &self,
        unit: i64,
        variant: i64,
        text: &str,
        has_markup: bool,
        theta: u8,
    ) -> Option<Scored> {
        let k = key::fuzzy_key(text);
        let toks = token::tokens(&k);
        let (n, m) = (self.ids.len(), toks.len());
        let longest = n.max(m);
        if longest == 0 {
            return Some(Scored {
                unit,
                variant,
                score: 100,
                base: 100,
                penalties: Vec::new(),
            });
        }
        let cutoff = longest * (100 - theta as usize) / 100;
        if n.abs_diff(m) > cutoff {
            return None;
        }
        let cand: Vec<u32> = toks
            .iter()
            .map(|t| self.reference.get(*t).copied().unwrap_or(u32::MAX))
            .collect();
        let d = self.comparator.distance_with_args(
            cand.iter().copied(),
            &levenshtein::Args::default().score_cutoff(cutoff),
        )?;
        let base = (100 * (longest - d) / longest) as u8;
        let mut penalties = Vec::new();
        let kept = kept_tokens(text);
        if seq_distance(
            &self.kept,
            &kept.iter().map(String::as_str).collect::<Vec<_>>(),
        ) > d
        {
            penalties.push("case");
        }
        let raw = raw_tokens(text);
        if seq_distance(
            &self.raw,
            &raw.iter().map(String::as_str).collect::<Vec<_>>(),
        ) > d
        {
            penalties.push("format");
        }
        if has_markup {
            penalties.push("tags");
        }
        if number_tokens(toks.iter().copied()) != self.numbers {
            penalties.push("numbers");
        }
        let score = base.saturating_sub(penalties.len() as u8);
        Some(Scored {
            unit,
            variant,
            score,
            base,
            penalties,
        })
    }
}

/// The languages of the memory's segments, with their segment counts.
pub fn memory_languages<R: MemoryRead>(r: &R) -> Result<Vec<(LangTag, i64)>> {
    Ok(r.languages()?
        .into_iter()
        .filter_map(|(l, n)| LangTag::parse(&l).ok().map(|l| (l, n)))
        .collect())
}

/// The language range to search in: the one given, else the only language of the memory
/// whose script fits the query (Han or kana: a language written without spaces).
pub fn source_range<R: MemoryRead>(r: &R, text: &str, from: Option<&LangTag>) -> Result<LangTag> {
    let langs = memory_languages(r)?;
    if langs.is_empty() {
        return Err(Error::Invalid(
            "the memory is empty: import some pairs first (concord tm import)".into(),
        ));
    }
    if let Some(from) = from {
        if !langs.iter().any(|(l, _)| from.selects(l)) {
            let have: Vec<String> = langs.iter().map(|(l, _)| l.to_string()).collect();
            return Err(Error::Invalid(format!(
                "the memory has no {from} segments (it has {})",
                have.join(", ")
            )));
        }
        return Ok(from.clone());
    }
    let unspaced = text.chars().any(script::is_han_or_kana);
    let mut primaries: Vec<&str> = langs
        .iter()
        .filter(|(l, _)| l.is_unspaced() == unspaced)
        .map(|(l, _)| l.primary())
        .collect();
    primaries.sort();
    primaries.dedup();
    match primaries.as_slice() {
        [one] => LangTag::parse(one),
        [] => Err(Error::Invalid(
            "no language of the memory fits this text; pass --from".into(),
        )),
        many => Err(Error::Invalid(format!(
            "the query could be in any of {}; pass --from",
            many.join(", ")
        ))),
    }
}

/// Verifying a candidate (reading its token sequence and computing a bounded distance) costs
/// about as much as merging this many postings: a further list is read only while it is
/// cheaper than the verifications its pruning may save.
const VERIFY_COST: u64 = 256;

/// What the index knows of the query's tokens, looked up once per search.
struct Resolved {
    /// (document frequency, token id) for each of the query's distinct tokens, in
    /// [`PreparedQuery::distinct`] order; a token the memory lacks has df 0 and no id.
    lists: Vec<(u64, Option<u32>)>,
    /// Token id → the query's own token number, sorted by token id.
    local: Vec<(u32, u32)>,
    /// The number every other token maps to: it equals none of the query's.
    other: u32,
}

impl Resolved {
    fn new<R: MemoryRead>(r: &R, q: &PreparedQuery) -> Result<Resolved> {
        let mut lists = Vec::with_capacity(q.distinct.len());
        let mut local = Vec::new();
        // All the query's tokens at once: one round trip to a store across a network.
        let tokens: Vec<&str> = q.distinct.iter().map(String::as_str).collect();
        for (i, found) in r
            .token_ids_to_search(&q.lang, &tokens)?
            .into_iter()
            .enumerate()
        {
            match found {
                Some((id, df)) => {
                    lists.push((df, Some(id)));
                    local.push((id, i as u32));
                }
                None => lists.push((0, None)),
            }
        }
        local.sort_unstable();
        // Below 256 the distance takes rapidfuzz's array path.
        let other = if q.distinct.len() < 255 {
            255
        } else {
            u32::MAX
        };
        Ok(Resolved {
            lists,
            local,
            other,
        })
    }

    fn local(&self, id: u32) -> u32 {
        match self.local.binary_search_by_key(&id, |&(g, _)| g) {
            Ok(i) => self.local[i].1,
            Err(_) => self.other,
        }
    }
}

/// Posting lists decoded during one search, kept for the next threshold of the ladder.
#[derive(Default)]
struct Lists(HashMap<u32, Vec<u64>>);

impl Lists {
    /// Whether the list of `id` has been read (a token the memory lacks has none to read).
    fn has(&self, id: Option<u32>) -> bool {
        id.is_none_or(|id| self.0.contains_key(&id))
    }

    /// A list already read by [`Lists::get`] (or none).
    fn peek(&self, id: Option<u32>) -> &[u64] {
        id.and_then(|id| self.0.get(&id))
            .map_or(&[], |l| l.as_slice())
    }

    /// Reads the lists of `ids` not read yet, all in one call (one round trip to a store
    /// across a network).
    fn read_all<R: MemoryRead>(&mut self, r: &R, ids: &[Option<u32>]) -> Result<()> {
        let mut want: Vec<u32> = ids
            .iter()
            .flatten()
            .copied()
            .filter(|id| !self.0.contains_key(id))
            .collect();
        want.sort_unstable();
        want.dedup();
        if want.is_empty() {
            return Ok(());
        }
        for (id, list) in want.iter().zip(r.postings_of(&want)?) {
            self.0.insert(*id, list);
        }
        Ok(())
    }

    /// The list of `id` (of `df` postings), read now if it was not.
    fn get<R: MemoryRead>(&mut self, r: &R, (df, id): (u64, Option<u32>)) -> Result<&[u64]> {
        let Some(id) = id else {
            return Ok(&[]);
        };
        Ok(match self.0.entry(id) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                let mut list = Vec::with_capacity(df as usize);
                r.postings(id, &mut list)?;
                e.insert(list)
            }
        })
    }
}

/// Counts the postings of the prefix lists that pass the length filter into sorted
/// (posting, count) pairs. Small inputs are sorted; a few large lists are merged pairwise (they
/// are sorted already, so no sort); many large ones are counted in an array indexed by segment
/// id, which costs one pass instead of one copy per list.
fn count_prefix(prefix: &[&[u64]], fits: impl Fn(u64) -> bool) -> Vec<(u64, u32)> {
    let total: usize = prefix.iter().map(|l| l.len()).sum();
    if total <= DENSE_AT {
        let mut all: Vec<u64> = prefix
            .iter()
            .flat_map(|l| l.iter().copied())
            .filter(|&p| fits(p))
            .collect();
        all.sort_unstable();
        let mut out: Vec<(u64, u32)> = Vec::with_capacity(all.len());
        for p in all {
            match out.last_mut() {
                Some((last, c)) if *last == p => *c += 1,
                _ => out.push((p, 1)),
            }
        }
        return out;
    }
    if prefix.len() <= MERGE_LISTS {
        let mut acc: Vec<(u64, u32)> = Vec::new();
        for list in prefix {
            acc = merge_count(&acc, list, &fits);
        }
        return acc;
    }
    let top = prefix
        .iter()
        .filter_map(|l| l.last())
        .map(|&p| index::unpack(p).0 as usize)
        .max()
        .unwrap_or(0);
    let mut counts = vec![0u8; top + 1];
    let mut first: Vec<u64> = Vec::new();
    for list in prefix {
        for &p in *list {
            if !fits(p) {
                continue;
            }
            let v = index::unpack(p).0 as usize;
            if counts[v] == 0 {
                first.push(p);
            }
            counts[v] = counts[v].saturating_add(1);
        }
    }
    first.sort_unstable();
    first
        .into_iter()
        .map(|p| (p, counts[index::unpack(p).0 as usize] as u32))
        .collect()
}

/// Above this many postings, the prefix lists are merged or counted in an array rather than
/// sorted.
const DENSE_AT: usize = 1 << 16;
/// Up to this many large prefix lists are merged pairwise; more are counted in an array.
const MERGE_LISTS: usize = 4;

/// The union of counted postings and a sorted list (those that pass `fits`), counts added.
fn merge_count(acc: &[(u64, u32)], list: &[u64], fits: impl Fn(u64) -> bool) -> Vec<(u64, u32)> {
    let mut out = Vec::with_capacity(acc.len() + list.len());
    let mut i = 0;
    for &p in list {
        if !fits(p) {
            continue;
        }
        while i < acc.len() && acc[i].0 < p {
            out.push(acc[i]);
            i += 1;
        }
        if i < acc.len() && acc[i].0 == p {
            out.push((p, acc[i].1 + 1));
            i += 1;
        } else {
            out.push((p, 1));
        }
    }
    out.extend_from_slice(&acc[i..]);
    out
}

/// The first index of sorted `s` whose posting is not below `p`: steps that double from the
/// start, then a binary search, so that a few candidates skip most of a long list and many
/// cost about a linear merge.
fn gallop(s: &[u64], p: u64) -> usize {
    let (mut done, mut i, mut step) = (0, 0, 1);
    while i < s.len() && s[i] < p {
        done = i + 1;
        i += step;
        step *= 2;
    }
    let end = (i + 1).min(s.len());
    done + s[done..end].partition_point(|&x| x < p)
}

/// A segment the prefix filter admitted, kept across the thresholds of one search.
#[derive(Clone, Copy, Debug)]
struct Entry {
    /// The posting: segment id and (capped) token count.
    p: u64,
    /// How many of the query's rarest `upto` lists hold the segment: it may hold at most
    /// `count + (distinct tokens - upto)` of the query's distinct tokens.
    count: u32,
    upto: u32,
}

/// What one search has learned, kept from threshold to threshold of the ladder, so that each
/// lower threshold only adds to it: the posting lists read, the segments admitted by the
/// prefix filter with their counts, and the distances verified. The thresholds' prefixes are
/// nested (a lower threshold's prefix takes more of the rarest lists), so the segments are
/// admitted with the lowest threshold's length filter, and each is then held to the filters
/// of the threshold being searched: a segment that fails one threshold's count filter keeps
/// its count, and is counted on at a lower one.
struct Ladder {
    lists: Lists,
    /// The query's distinct tokens, rarest first (indices into [`PreparedQuery::distinct`]).
    order: Vec<usize>,
    /// Every segment within the lowest threshold's length filter that holds one of the
    /// `admitted` rarest tokens is in `entries`, sorted by posting.
    admitted: usize,
    entries: Vec<Entry>,
    /// The lowest threshold the index searches (at least 1): its length filter admits.
    floor: usize,
    /// The counts of the dense way, once taken.
    dense: Option<Dense>,
    /// Segments verified: their token distance to the query and token count, or `None` when
    /// the distance exceeds the lowest threshold's cutoff.
    verified: HashMap<i64, Option<(usize, usize)>>,
}

/// The count filter the dense way, for prefixes too long to merge: every segment's count of
/// the `read` rarest lists, in arrays indexed by segment id, with its (capped) token count.
/// An increment costs a fraction of a merge step, and the counts hold for every threshold.
struct Dense {
    counts: Vec<u8>,
    lens: Vec<u8>,
    read: usize,
    /// The postings counted, to bound the next list worth counting.
    postings: u64,
}

impl Dense {
    fn grow(&mut self, len: usize) {
        if self.counts.len() < len {
            self.counts.resize(len, 0);
            self.lens.resize(len, 0);
        }
    }

    /// Counts a posting: its segment holds one more of the lists counted.
    #[inline]
    fn count(&mut self, p: u64) {
        let (v, m) = index::unpack(p);
        let v = v as usize;
        if v >= self.counts.len() {
            // Sized ahead from the lists read (see `dense_survivors`); past that, doubled,
            // so that a list of rising ids grows the arrays a few times, not once a posting.
            // Zeros past the highest id never pass: the lowest count that can is 1.
            self.grow((v + 1).max(2 * self.counts.len()));
        }
        self.counts[v] += 1;
        self.lens[v] = m as u8;
    }
}

impl Ladder {
    fn new(q: &PreparedQuery, res: &Resolved, min: u8) -> Ladder {
        let mut order: Vec<usize> = (0..q.distinct.len()).collect();
        order.sort_by_key(|&i| res.lists[i]);
        Ladder {
            lists: Lists::default(),
            order,
            admitted: 0,
            entries: Vec::new(),
            floor: min.max(1) as usize,
            dense: None,
            verified: HashMap::new(),
        }
    }

    /// Admits the segments of the rarest `short` lists (read in one call), within the lowest
    /// threshold's length filter. A segment new to `entries` holds none of the lists admitted
    /// before (it would be there), so its count over the rarest `short` lists is exact.
    fn admit<R: MemoryRead>(
        &mut self,
        conn: &R,
        res: &Resolved,
        n: usize,
        short: usize,
    ) -> Result<()> {
        if self.admitted >= short {
            return Ok(());
        }
        let fresh = &self.order[self.admitted..short];
        let wanted: Vec<Option<u32>> = fresh.iter().map(|&i| res.lists[i].1).collect();
        self.lists.read_all(conn, &wanted)?;
        let prefix: Vec<&[u64]> = wanted.iter().map(|&id| self.lists.peek(id)).collect();
        let (lo, hi) = ((n * self.floor).div_ceil(100), n * 100 / self.floor);
        let new = count_prefix(&prefix, |p| {
            let m = index::unpack(p).1;
            // A capped length means "at least LEN_CAP": only the lower bound can reject it.
            m >= lo && (m >= index::LEN_CAP || m <= hi)
        });
        let old = std::mem::take(&mut self.entries);
        let mut merged = Vec::with_capacity(old.len() + new.len());
        let mut i = 0;
        for (p, count) in new {
            while i < old.len() && old[i].p < p {
                merged.push(old[i]);
                i += 1;
            }
            if i < old.len() && old[i].p == p {
                // Known already: the counting loop counts these lists into it.
                continue;
            }
            merged.push(Entry {
                p,
                count,
                upto: short as u32,
            });
        }
        merged.extend_from_slice(&old[i..]);
        self.entries = merged;
        self.admitted = short;
        Ok(())
    }

    /// Whether the count filter goes the dense way at a prefix of `short` lists: once it has,
    /// and when the prefix's postings are over a thirty-second of the segments (taken as
    /// the highest segment id of the lists read), where merging them costs more than an array.
    fn dense_at(&self, res: &Resolved, short: usize) -> bool {
        if self.dense.is_some() {
            return true;
        }
        // Counts are bytes: a query of 255 distinct tokens or more stays sparse.
        if self.order.len() >= u8::MAX as usize {
            return false;
        }
        let prefix: u64 = self.order[..short].iter().map(|&i| res.lists[i].0).sum();
        let top = self
            .lists
            .0
            .values()
            .filter_map(|l| l.last())
            .map(|&p| index::unpack(p).0 as u64)
            .max()
            .unwrap_or(u64::MAX / 64);
        prefix.saturating_mul(32) >= top
    }

    /// The segments that pass the count filter, the dense way: the rarest lists are counted
    /// whole into the arrays (the prefix, then each further list while it is no longer than
    /// all those counted, as a list read costs what it saves), then the arrays are scanned.
    fn dense_survivors<R: MemoryRead>(
        &mut self,
        conn: &R,
        res: &Resolved,
        short: usize,
        need: &[i64],
    ) -> Result<Vec<i64>> {
        let d = self.order.len();
        let dense = self.dense.get_or_insert_with(|| Dense {
            counts: Vec::new(),
            lens: Vec::new(),
            read: 0,
            postings: 0,
        });
        // The arrays span the highest id of the lists read (most of the memory's ids).
        let top = self
            .lists
            .0
            .values()
            .filter_map(|l| l.last())
            .map(|&p| index::unpack(p).0 as usize + 1)
            .max()
            .unwrap_or(0);
        dense.grow(top);
        // The lists worth counting: the prefix, then each further list while it is cheaper
        // to count than the verifications it may save (the rule looks only at sizes, so they
        // are known before any is read).
        let mut upto = dense.read;
        let mut counted = dense.postings;
        while upto < d {
            let df = res.lists[self.order[upto]].0;
            if upto >= short && df > counted.saturating_mul(VERIFY_COST) {
                break;
            }
            counted += df;
            upto += 1;
        }
        // Those a sparse threshold above read already are counted from their lists; the rest
        // are decoded straight into the counts, all in one call (one round trip to a store
        // across a network), with no list in between.
        let mut unread = Vec::new();
        for &i in &self.order[dense.read..upto] {
            let id = res.lists[i].1;
            if self.lists.has(id) {
                self.lists.peek(id).iter().for_each(|&p| dense.count(p));
            } else {
                unread.extend(id);
            }
        }
        conn.each_posting_of(&unread, |p| dense.count(p))?;
        dense.postings = counted;
        dense.read = upto;
        let read = dense.read as i64;
        // The lowest count that can pass at any length.
        let least = need
            .iter()
            .min()
            .copied()
            .unwrap_or(i64::MAX)
            .saturating_add(read);
        let mut out = Vec::new();
        for (v, (&c, &m)) in dense.counts.iter().zip(&dense.lens).enumerate() {
            if (c as i64) >= least && c as i64 - read >= need[m as usize] {
                out.push(v as i64);
            }
        }
        Ok(out)
    }

    /// The segments that pass the count filter, the sparse way: the prefix's segments are
    /// admitted into `entries`, and each further list is counted into those still short of
    /// their bound by galloping through it, while it is cheaper to read than the
    /// verifications it may save.
    fn sparse_survivors<R: MemoryRead>(
        &mut self,
        conn: &R,
        res: &Resolved,
        n: usize,
        short: usize,
        need: &[i64],
    ) -> Result<Vec<i64>> {
        self.admit(conn, res, n, short)?;
        let d = self.order.len();
        let keep = |e: &Entry| e.count as i64 - e.upto as i64 >= need[index::unpack(e.p).1];
        let (entries, lists, order) = (&mut self.entries, &mut self.lists, &self.order);
        let mut survivors: Vec<u32> = (0..entries.len() as u32)
            .filter(|&i| keep(&entries[i as usize]))
            .collect();
        let start = survivors
            .iter()
            .map(|&i| entries[i as usize].upto as usize)
            .min()
            .unwrap_or(d);
        let mut due = survivors
            .iter()
            .filter(|&&i| entries[i as usize].upto as usize == start)
            .count();
        // The survivors only shrink, so a store across a network reads the next lists worth
        // it now in runs that double (a run ends when they stop being worth it), and SQLite
        // one at a time, never one too many.
        let affordable = |df: u64, k: usize| df <= k as u64 * VERIFY_COST;
        let mut run = 1;
        for j in start..d {
            if survivors.is_empty() {
                break;
            }
            let (df, id) = res.lists[order[j]];
            // Too dear for those due: they stay counted up to here, under a looser bound.
            let counted = due > 0 && affordable(df, due);
            if counted && conn.reads_ahead() && !lists.has(id) {
                let ahead: Vec<Option<u32>> = order[j..]
                    .iter()
                    .map(|&i| res.lists[i])
                    .take_while(|&(df, _)| affordable(df, survivors.len()))
                    .take(run)
                    .map(|(_, id)| id)
                    .collect();
                lists.read_all(conn, &ahead)?;
                run *= 2;
            }
            let list = if counted {
                lists.get(conn, (df, id))?
            } else {
                &[]
            };
            // One pass: count the list into those due, and drop those that can no longer
            // reach their bound.
            let (mut at, mut kept) = (0, 0);
            due = 0;
            for r in 0..survivors.len() {
                let i = survivors[r];
                let e = &mut entries[i as usize];
                if counted && e.upto as usize == j {
                    e.upto += 1;
                    at += gallop(&list[at..], e.p);
                    if list.get(at) == Some(&e.p) {
                        e.count += 1;
                    }
                }
                if keep(e) {
                    survivors[kept] = i;
                    kept += 1;
                    due += usize::from(e.upto as usize == j + 1);
                }
            }
            survivors.truncate(kept);
        }
        Ok(survivors
            .into_iter()
            .map(|i| index::unpack(entries[i as usize].p).0)
            .collect())
    }
}

/// Every segment in `range` whose base score reaches `theta`, scored, one per unit; of those
/// that cannot enter the top `limit`, some may be left out. Builds on what the ladder's
/// higher thresholds learned.
fn search_indexed<R: MemoryRead>(
    conn: &R,
    q: &PreparedQuery,
    res: &Resolved,
    ladder: &mut Ladder,
    range: &LangTag,
    theta: u8,
    limit: usize,
) -> Result<Vec<Scored>> {
    let n = q.len();
    if n == 0 {
        return Ok(Vec::new());
    }
    if theta == 0 {
        // Every segment qualifies, even one that shares no token with the query.
        return brute_force_at(conn, q, range, theta);
    }
    let t = theta as usize;
    let (lo, hi) = ((n * t).div_ceil(100), n * 100 / t);
    let dup = n - q.distinct.len();
    let bound = |m: usize| (t * n.max(m)).div_ceil(100) as i64 - dup as i64;
    let t_min = bound(0);
    if t_min <= 0 {
        // Too many repeats for the count filter to say anything: check every segment.
        return brute_force_at(conn, q, range, theta);
    }
    let d = ladder.order.len();
    // Prefix filter: a qualifying segment holds at least one of the `short` rarest tokens.
    let short = (d as i64 - t_min + 1).clamp(1, d as i64) as usize;
    // Count filter: a segment can pass only while the lists not yet counted into it could
    // still bring it to its bound: `count + (d - upto) >= bound(m)`, that is `count - upto >=
    // need[m]` (out of the length filter, never). A segment not in the prefix has a count of
    // at most `upto - short` over the lists counted, below its bound less the lists left: it
    // never passes.
    let need: Vec<i64> = (0..=index::LEN_CAP)
        .map(|m| {
            // A capped length means "at least LEN_CAP": only the lower bound can reject it.
            if m >= lo && (m >= index::LEN_CAP || m <= hi) {
                bound(m) - d as i64
            } else {
                i64::MAX
            }
        })
        .collect();
    // The prefix's lists in one call (one round trip to a store across a network); their
    // sizes choose the way the count filter goes.
    let prefix: Vec<Option<u32>> = ladder.order[..short]
        .iter()
        .map(|&i| res.lists[i].1)
        .collect();
    ladder.lists.read_all(conn, &prefix)?;
    let survivors = if ladder.dense_at(res, short) {
        ladder.dense_survivors(conn, res, short, &need)?
    } else {
        ladder.sparse_survivors(conn, res, n, short, &need)?
    };
    // Base scores from the token sequences first: cheap, and they bound the final scores.
    // Each distance is computed once, to the lowest threshold's cutoff, for every threshold.
    let floor = ladder.floor;
    conn.prefetch_sequences(
        &survivors
            .iter()
            .copied()
            .filter(|v| !ladder.verified.contains_key(v))
            .collect::<Vec<_>>(),
    )?;
    let mut passed: Vec<(usize, i64)> = Vec::new();
    let mut seq = Vec::new();
    for &variant in &survivors {
        let known = match ladder.verified.get(&variant) {
            Some(&known) => known,
            None => {
                let mut known = None;
                if conn.sequence(variant, &mut seq, |id| res.local(id))? {
                    let longest = n.max(seq.len());
                    let cutoff = longest * (100 - floor) / 100;
                    if n.abs_diff(seq.len()) <= cutoff {
                        known = q
                            .comparator
                            .distance_with_args(
                                seq.iter().copied(),
                                &levenshtein::Args::default().score_cutoff(cutoff),
                            )
                            .map(|dist| (dist, seq.len()));
                    }
                }
                ladder.verified.insert(variant, known);
                known
            }
        };
        // None: beyond the lowest threshold's cutoff, or not indexed.
        let Some((dist, len)) = known else {
            continue;
        };
        let longest = n.max(len);
        if dist <= longest * (100 - t) / 100 {
            passed.push((100 * (longest - dist) / longest, variant));
        }
    }
    // Then final scores from the text, best base first, until no later segment can enter the
    // top `limit` (its final score is at most its base).
    passed.sort_unstable_by(|a, b| b.cmp(a));
    let mut best: HashMap<i64, Scored> = HashMap::new();
    let mut scores: Vec<u8> = Vec::new();
    // Rows are read ahead in runs that double (a store across a network reads each run in
    // one round trip): the first run is what the top `limit` needs when nothing is dropped.
    let mut ahead = (0, limit.max(1));
    for (i, &(base, variant)) in passed.iter().enumerate() {
        if scores.len() >= limit && (base as u8) < scores[limit - 1] {
            break;
        }
        if i == ahead.0 {
            let end = passed.len().min(ahead.0 + ahead.1);
            let run: Vec<i64> = passed[i..end].iter().map(|&(_, v)| v).collect();
            conn.prefetch_candidates(&run)?;
            ahead = (end, ahead.1 * 2);
        }
        let Some(cand) = conn.candidate(variant)? else {
            continue;
        };
        if !LangTag::parse(&cand.lang).is_ok_and(|l| range.selects(&l)) {
            continue;
        }
        if let Some(s) = q.score(cand.unit, variant, &cand.text, cand.has_markup, theta) {
            keep_best(&mut best, s);
            if limit <= best.len() {
                scores = best.values().map(|s| s.score).collect();
                scores.sort_unstable_by(|a, b| b.cmp(a));
            }
        }
    }
    Ok(best.into_values().collect())
}

fn keep_best(best: &mut HashMap<i64, Scored>, s: Scored) {
    match best.get(&s.unit) {
        Some(old) if rank(old, &s) != std::cmp::Ordering::Greater => {}
        _ => {
            best.insert(s.unit, s);
        }
    }
}

/// The reference: every segment of the range scored, no index. Used when the filters cannot
/// help, by the tests that prove the index exact, and by the benchmark as the peer.
pub fn brute_force_at<R: MemoryRead>(
    r: &R,
    q: &PreparedQuery,
    range: &LangTag,
    theta: u8,
) -> Result<Vec<Scored>> {
    let mut best: HashMap<i64, Scored> = HashMap::new();
    r.each_candidate(&mut |variant, c: Candidate| {
        if !LangTag::parse(&c.lang).is_ok_and(|l| range.selects(&l)) {
            return Ok(());
        }
        if let Some(s) = q.score(c.unit, variant, &c.text, c.has_markup, theta) {
            keep_best(&mut best, s);
        }
        Ok(())
    })?;
    Ok(best.into_values().collect())
}

/// The thresholds tried, high to low, for a floor of `min`.
fn ladder(min: u8) -> Vec<u8> {
    let mut steps: Vec<u8> = [95, 85, 75].into_iter().filter(|&s| s > min).collect();
    steps.push(min);
    steps
}

/// The top `limit` segments with a final score of at least `min`, exact: the same as scoring
/// every segment and sorting.
pub fn top_k<R: MemoryRead>(
    conn: &R,
    q: &PreparedQuery,
    range: &LangTag,
    min: u8,
    limit: usize,
    brute: bool,
) -> Result<Vec<Scored>> {
    conn.snapshot(|| {
        let res = Resolved::new(conn, q)?;
        let mut learned = Ladder::new(q, &res, min);
        for theta in ladder(min) {
            let mut hits = if brute {
                brute_force_at(conn, q, range, theta)?
            } else {
                search_indexed(conn, q, &res, &mut learned, range, theta, limit)?
            };
            hits.retain(|s| s.score >= theta);
            if hits.len() >= limit || theta == min {
                hits.sort_by(rank);
                hits.truncate(limit);
                return Ok(hits);
            }
        }
        Ok(Vec::new())
    })
}

/// `concord tm search`: the best matches for a sentence, with their translations and a diff.
pub fn search<R: MemoryRead>(conn: &R, query: &SearchQuery) -> Result<Vec<FuzzyHit>> {
    if query.text.trim().is_empty() {
        return Err(Error::Invalid("the text to search for is empty".into()));
    }
    if query.min > 100 {
        return Err(Error::Invalid(format!(
            "--min must be between 0 and 100, not {}",
            query.min
        )));
    }
    let range = source_range(conn, &query.text, query.from.as_ref())?;
    if let Some(to) = &query.to {
        require_target(conn, to)?;
    }
    let gram_lang = LangTag::parse(range.primary())?;
    let q = PreparedQuery::new(&query.text, gram_lang);
    top_kept(conn, &q, &range, query.min, query.limit, |hits| {
        // The hits' rows in one read, not two per hit.
        let pairs: Vec<(i64, i64)> = hits.iter().map(|s| (s.unit, s.variant)).collect();
        let rows = conn.sources_and_others(&pairs)?;
        Ok(hits
            .into_iter()
            .zip(rows)
            .map(|(s, (source, others))| dress(&q, query.to.as_ref(), s, source, others))
            .filter(|h| query.to.is_none() || !h.targets.is_empty())
            .collect())
    })
}

/// Refuses a target language the memory has no segment in: a search or an analysis for it
/// would answer "no match" for the wrong reason.
pub(crate) fn require_target<R: MemoryRead>(conn: &R, to: &LangTag) -> Result<()> {
    let langs = memory_languages(conn)?;
    if langs.iter().any(|(l, _)| to.selects(l)) {
        return Ok(());
    }
    let have: Vec<String> = langs.iter().map(|(l, _)| l.to_string()).collect();
    Err(Error::Invalid(format!(
        "the memory has no {to} segments to translate into (it has {})",
        have.join(", ")
    )))
}

/// The best `limit` hits at `min` or more that `keep` keeps (a unit with no translation in
/// `--to` is no match for that pair), asking [`top_k`] for more until `limit` are kept or the
/// memory has no more. The best `n` hits hold every hit of the kept best `limit` when `limit`
/// of them are kept, since the order is total.
pub(crate) fn top_kept<R: MemoryRead, T>(
    conn: &R,
    q: &PreparedQuery,
    range: &LangTag,
    min: u8,
    limit: usize,
    mut keep: impl FnMut(Vec<Scored>) -> Result<Vec<T>>,
) -> Result<Vec<T>> {
    let mut asked = limit;
    loop {
        let hits = top_k(conn, q, range, min, asked, false)?;
        let exhausted = hits.len() < asked;
        let mut kept = keep(hits)?;
        if kept.len() >= limit || exhausted {
            kept.truncate(limit);
            return Ok(kept);
        }
        asked = asked.saturating_mul(4).max(16);
    }
}

/// Whether a unit has a segment `to` selects, for each of `hits`.
pub(crate) fn translated_into<R: MemoryRead>(
    conn: &R,
    hits: Vec<Scored>,
    to: &LangTag,
) -> Result<Vec<Scored>> {
    let pairs: Vec<(i64, i64)> = hits.iter().map(|s| (s.unit, s.variant)).collect();
    let others = conn.other_segments_of(&pairs)?;
    Ok(hits
        .into_iter()
        .zip(others)
        .filter(|(_, others)| others.iter().any(|seg| to.selects(&seg.lang)))
        .map(|(s, _)| s)
        .collect())
}

fn dress(
    q: &PreparedQuery,
    to: Option<&LangTag>,
    s: Scored,
    (lang, text, origin): (String, String, String),
    others: Vec<Segment>,
) -> FuzzyHit {
    let source = Segment {
        lang: LangTag::parse(&lang).unwrap_or_else(|_| LangTag::any()),
        text,
    };
    let targets = others
        .into_iter()
        .filter(|seg| match to {
            Some(range) => range.selects(&seg.lang),
            None => !seg.lang.same_language(&source.lang),
        })
        .collect();
    let diff = diff(&q.kept, &kept_tokens(&source.text));
    FuzzyHit {
        unit: s.unit,
        score: s.score,
        base: s.base,
        penalties: s.penalties,
        diff,
        source,
        targets,
        origin,
    }
}

/// A token diff by dynamic programming with traceback; runs of one kind are merged. Only
/// computed for the hits shown, never during the search.
pub fn diff(a: &[String], b: &[String]) -> Vec<DiffOp> {
    let (n, m) = (a.len(), b.len());
    let mut dp = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in dp.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in dp[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let sub =
                dp[i - 1][j - 1] + usize::from(a[i - 1].to_lowercase() != b[j - 1].to_lowercase());
            dp[i][j] = sub.min(dp[i - 1][j] + 1).min(dp[i][j - 1] + 1);
        }
    }
    let mut ops: Vec<(&'static str, Option<&str>, Option<&str>)> = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        if i > 0 && j > 0 {
            let same = a[i - 1].to_lowercase() == b[j - 1].to_lowercase();
            if dp[i][j] == dp[i - 1][j - 1] + usize::from(!same) {
                ops.push((
                    if same { "equal" } else { "replace" },
                    Some(&a[i - 1]),
                    Some(&b[j - 1]),
                ));
                i -= 1;
                j -= 1;
                continue;
            }
        }
        if i > 0 && dp[i][j] == dp[i - 1][j] + 1 {
            ops.push(("delete", Some(&a[i - 1]), None));
            i -= 1;
        } else {
            ops.push(("insert", None, Some(&b[j - 1])));
            j -= 1;
        }
    }
    ops.reverse();
    let join = |parts: &mut Vec<&str>| -> String {
        let mut s = String::new();
        for p in parts.drain(..) {
            let unspaced = p.chars().all(|c| script::is_han(c) || !c.is_alphanumeric());
            if !s.is_empty() && !unspaced && !s.ends_with(script::is_han) {
                s.push(' ');
            }
            s.push_str(p);
        }
        s
    };
    let mut out: Vec<DiffOp> = Vec::new();
    let (mut qa, mut mb): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    let mut cur: Option<&'static str> = None;
    for (op, x, y) in ops {
        if cur.is_some_and(|c| c != op) {
            out.push(DiffOp {
                op: cur.unwrap_or("equal"),
                query: join(&mut qa),
                memory: join(&mut mb),
            });
        }
        cur = Some(op);
        qa.extend(x);
        mb.extend(y);
    }
    if let Some(op) = cur {
        out.push(DiffOp {
            op,
            query: join(&mut qa),
            memory: join(&mut mb),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::test_store as store;
    use crate::store::Store;

    fn lang(s: &str) -> LangTag {
        LangTag::parse(s).unwrap()
    }

    const PAIRS: &[(&str, &str)] = &[
        (
            "Shanghai and San Francisco became sister cities in 1980.",
            "1980年，上海与旧金山结为友好城市。",
        ),
        (
            "Shanghai and Los Angeles became sister cities in 1979.",
            "1979年，上海与洛杉矶结为友好城市。",
        ),
        ("The mayor met the governor.", "市长会见了州长。"),
        ("The Mayor met the Governor.", "市长会见了州长。"),
        (
            "The two sides signed a memorandum of understanding.",
            "双方签署了谅解备忘录。",
        ),
    ];

    #[test]
    fn finds_the_closest_with_the_documented_score() {
        let s = store(PAIRS);
        let hits = search(
            s.conn(),
            &SearchQuery::new("Shanghai and San Francisco became sister cities in 1981."),
        )
        .unwrap();
        // 11 tokens, one substituted: floor(100 x 10 / 11) = 90, minus the numbers penalty.
        assert_eq!(
            (hits[0].base, hits[0].score, hits[0].penalties.clone()),
            (90, 89, vec!["numbers"])
        );
        assert_eq!(
            hits[0].targets[0].text,
            "1980年，上海与旧金山结为友好城市。"
        );
        assert!(
            hits[0]
                .diff
                .iter()
                .any(|d| d.op == "replace" && d.query == "1981" && d.memory == "1980")
        );
    }

    #[test]
    fn case_only_difference_costs_one_point() {
        let s = store(PAIRS);
        let hits = search(s.conn(), &SearchQuery::new("The mayor met the governor.")).unwrap();
        assert_eq!(
            (hits[0].score, hits[1].score, hits[1].penalties.clone()),
            (100, 99, vec!["case"])
        );
    }

    #[test]
    fn chinese_is_scored_by_character_and_either_side_is_searchable() {
        let s = store(PAIRS);
        let hits = search(s.conn(), &SearchQuery::new("市长会见了省长。")).unwrap();
        // 8 characters, one differs: floor(100 x 7 / 8) = 87.
        assert_eq!((hits[0].score, hits[0].source.lang.as_str()), (87, "zh-CN"));
        assert_eq!(hits[0].targets[0].lang.as_str(), "en");
        let hits = search(s.conn(), &SearchQuery::new("市長會見了州長。")).unwrap();
        assert_eq!(
            (hits[0].base, hits[0].penalties.clone()),
            (100, vec!["format"]),
            "Traditional folds into the key"
        );
    }

    #[test]
    fn index_equals_brute_force() {
        let s = store(PAIRS);
        for text in [
            "Shanghai and San Francisco became sister cities.",
            "The mayor met.",
            "双方签署了备忘录。",
            "上海与旧金山",
        ] {
            for min in [0, 30, 50, 75, 90] {
                let range = source_range(s.conn(), text, None).unwrap();
                let q = PreparedQuery::new(text, LangTag::parse(range.primary()).unwrap());
                let fast = top_k(s.conn(), &q, &range, min, 3, false).unwrap();
                let slow = top_k(s.conn(), &q, &range, min, 3, true).unwrap();
                assert_eq!(fast, slow, "{text} at {min}");
            }
        }
    }

    #[test]
    fn bad_queries_are_errors() {
        let s = store(PAIRS);
        assert!(search(s.conn(), &SearchQuery::new("  ")).is_err());
        let mut q = SearchQuery::new("bonjour");
        q.from = Some(lang("fr"));
        assert!(
            search(s.conn(), &q)
                .unwrap_err()
                .to_string()
                .contains("no fr segments")
        );
        let empty = Store::open_in_memory().unwrap();
        assert!(
            search(empty.conn(), &SearchQuery::new("x"))
                .unwrap_err()
                .to_string()
                .contains("memory is empty")
        );
    }
}
