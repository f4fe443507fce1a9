//! The fuzzy term index: for every character bigram of the terms' match keys, the terms
//! whose key has it, grouped by key length.
//!
//! A term is scored by one key ([`scored_key`]): most by `simp`, case-sensitive ones by their
//! case-kept normalisation. Each key kind has its own gram space, so a query meets every term
//! under the key its score is computed on, and the count filter below holds for both.
//!
//! The grams are a key's character bigrams, with `\u{2}` and `\u{3}` marking its ends, each
//! numbered by its occurrence (the second `co` of "coconut" is a gram of its own), so that
//! counting shared grams counts shared bigram occurrences.
//!
//! One row per gram and key length: the terms whose key has that gram and that length, sorted
//! and delta-varint coded, under the rowid `gram << 7 | length`, so that a lookup reads only
//! the lengths its length filter admits, in one rowid range per gram. One more list per space
//! and length holds every indexed term, for the lengths at which no gram count can rule a term
//! out. Writes collect postings in memory ([`Changes`]) and merge them into the rows once per
//! import, add or remove, instead of one SQL row per (gram, term).
//!
//! The search ([`Probe`]) is exact under [`key::similarity`]. With k the most edits a term of
//! length m may have and still score at least the threshold, the term's length is within k of
//! the query's n; and since one edit destroys at most two bigram occurrences of either key,
//! the two keys share at least `max(n, m) + 1 - 2k` of them (the q-gram lemma). Survivors are
//! verified with a bit-parallel Levenshtein distance with a cutoff.

use std::borrow::Cow;

use rapidfuzz::distance::levenshtein;
use rusqlite::{Connection, OptionalExtension, params};

use crate::error::Result;
use crate::store::codec::{decode_into, put_varint};
use crate::text::key;

/// Keys longer than this (in characters) are not indexed, and a longer query is not matched
/// fuzzily: they are explanations, not terms, and nobody mistypes a whole sentence into
/// `lookup`.
pub const MAX_KEY: usize = 64;

/// Which key a term's fuzzy score is computed on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Space {
    /// [`key::Keys::simp`]: lower case, Traditional folded to Simplified.
    Folded,
    /// The case-kept [`key::normalize`]d text, for case-sensitive terms ("US").
    CaseKept,
}

impl Space {
    pub const ALL: [Space; 2] = [Space::Folded, Space::CaseKept];

    /// Gram ids: bits 0-41 the two characters (21 bits each), 42-48 the occurrence, 49 the
    /// list of every term, 50 the space.
    fn bit(self) -> i64 {
        match self {
            Space::Folded => 0,
            Space::CaseKept => 1 << 50,
        }
    }

    /// The list of every indexed term of the space.
    fn every(self) -> i64 {
        self.bit() | 1 << 49
    }

    /// The query's key in this space.
    pub fn query_key(self, query: &str, simp: &str) -> String {
        match self {
            Space::Folded => simp.to_string(),
            Space::CaseKept => key::normalize(query, true),
        }
    }
}

/// The key a term is scored by, and its space.
pub fn scored_key<'a>(text: &str, simp: &'a str, case_sensitive: bool) -> (Space, Cow<'a, str>) {
    if case_sensitive {
        (Space::CaseKept, Cow::Owned(key::normalize(text, true)))
    } else {
        (Space::Folded, Cow::Borrowed(simp))
    }
}

/// The grams of a key: its bigrams, end marks included, numbered by occurrence; one per
/// bigram position, so a key of n characters has n + 1, all different.
fn grams(space: Space, key: &str) -> Vec<i64> {
    let mut out: Vec<i64> = Vec::with_capacity(key.len() + 1);
    let mut prev = '\u{2}';
    for c in key.chars().chain(std::iter::once('\u{3}')) {
        let bigram = space.bit() | (prev as i64) << 21 | c as i64;
        // Keys are at most MAX_KEY characters, so the occurrence fits its seven bits.
        let seen = out.iter().filter(|&&g| g & !(127 << 42) == bigram).count() as i64;
        out.push(bigram | seen << 42);
        prev = c;
    }
    out
}

/// [`key::similarity`] from a distance and the longer key's length: the same arithmetic, so
/// that the bounds below and the verified scores agree with it to the last rounding.
fn score(distance: usize, longest: usize) -> u8 {
    if longest == 0 {
        return 100;
    }
    ((1.0 - distance as f64 / longest as f64) * 100.0).round() as u8
}

/// The rowid of a gram's list of terms with keys of one length.
fn list(gram: i64, len: usize) -> i64 {
    gram << 7 | len as i64
}

/// Codes a sorted list of term ids as a row.
fn encode(ids: impl Iterator<Item = u64>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut prev = 0;
    for id in ids {
        put_varint(&mut out, id - prev);
        prev = id;
    }
    out
}

/// Postings to add and remove, collected while terms are written and merged into the rows
/// by [`Changes::write`]. Kept as flat (list, term) pairs and sorted once at the end, which
/// costs less than growing a vector per list as a dictionary's millions arrive.
#[derive(Default)]
pub struct Changes {
    add: Vec<(i64, u64)>,
    remove: Vec<(i64, u64)>,
}

impl Changes {
    /// Indexes a stored term.
    pub fn add(&mut self, term: i64, text: &str, simp: &str, case_sensitive: bool) {
        Self::post(&mut self.add, term, text, simp, case_sensitive)
    }

    /// Takes a term that is being deleted out of the index. A term added since the last
    /// write is taken out of the pending additions too, so that its id, which SQLite may
    /// hand out again, does not come back with it; writers that remove terms add few.
    pub fn remove(&mut self, term: i64, text: &str, simp: &str, case_sensitive: bool) {
        self.add.retain(|p| p.1 != term as u64);
        Self::post(&mut self.remove, term, text, simp, case_sensitive)
    }

    fn post(pairs: &mut Vec<(i64, u64)>, term: i64, text: &str, simp: &str, case_sensitive: bool) {
        let (space, k) = scored_key(text, simp, case_sensitive);
        let len = k.chars().count();
        if len > MAX_KEY {
            return;
        }
        // Rowids are never negative: SQLite hands them out from 1.
        let term = term as u64;
        pairs.extend(
            grams(space, &k)
                .into_iter()
                .chain([space.every()])
                .map(|g| (list(g, len), term)),
        );
    }

    /// Merges the changes into the stored rows, one read and one write per touched list:
    /// removals apply to what is stored, then additions (an id removed and handed out again
    /// to a new term is in both).
    pub fn write(self, conn: &Connection) -> Result<()> {
        let Changes {
            mut add,
            mut remove,
        } = self;
        add.sort_unstable();
        add.dedup();
        remove.sort_unstable();
        let mut read = conn.prepare_cached("SELECT data FROM term_fuzzy WHERE list = ?1")?;
        let mut put =
            conn.prepare_cached("INSERT OR REPLACE INTO term_fuzzy (list, data) VALUES (?1, ?2)")?;
        let mut delete = conn.prepare_cached("DELETE FROM term_fuzzy WHERE list = ?1")?;
        // A first import reads nothing back: skipping 270,000 empty reads is a tenth of it.
        let empty = conn
            .query_row("SELECT 1 FROM term_fuzzy LIMIT 1", [], |_| Ok(()))
            .optional()?
            .is_none();
        let (mut adds, mut removes) = (runs(&add).peekable(), runs(&remove).peekable());
        let mut ids = Vec::new();
        loop {
            let l = match (adds.peek(), removes.peek()) {
                (Some(a), Some(r)) => a.0.min(r.0),
                (Some(a), None) => a.0,
                (None, Some(r)) => r.0,
                (None, None) => break,
            };
            let new = adds.next_if(|a| a.0 == l).map(|(_, run)| run);
            let gone = removes.next_if(|r| r.0 == l).map(|(_, run)| run);
            if empty {
                // Nothing stored, nothing to remove: the run is the list.
                if let Some(new) = new {
                    put.execute(params![l, encode(new.iter().map(|p| p.1))])?;
                }
                continue;
            }
            ids.clear();
            if let Some(data) = read.query_row([l], |r| r.get::<_, Vec<u8>>(0)).optional()? {
                decode_into(&data, &mut ids);
            }
            if let Some(gone) = gone {
                ids.retain(|id| gone.binary_search_by_key(id, |p| p.1).is_err());
            }
            ids.extend(new.unwrap_or_default().iter().map(|p| p.1));
            ids.sort_unstable();
            ids.dedup();
            if ids.is_empty() {
                delete.execute([l])?;
            } else {
                put.execute(params![l, encode(ids.iter().copied())])?;
            }
        }
        Ok(())
    }
}

/// The runs of equal lists in sorted pairs: each list with its postings, in order.
fn runs(pairs: &[(i64, u64)]) -> impl Iterator<Item = (i64, &[(i64, u64)])> {
    pairs.chunk_by(|a, b| a.0 == b.0).map(|run| (run[0].0, run))
}

/// The terms in at least `need` of a query's `total` lists at one key length, of which
/// `lists` are the non-empty ones. A term in `need` lists is in one of any `total - need + 1`
/// of them, so the shortest that many are merged into the candidates (prefix filtering); the
/// longer lists are walked in step with the sorted candidates, never looked up at random, and
/// a candidate is dropped as soon as the lists left cannot bring it to `need`.
fn count_filter(lists: &mut [Vec<u8>], total: usize, need: usize) -> Vec<u64> {
    let missing = total - lists.len();
    let Some(scanned) = (total + 1).checked_sub(need + missing).filter(|&n| n > 0) else {
        return Vec::new();
    };
    lists.sort_by_key(Vec::len);
    let (rare, common) = lists.split_at(scanned.min(lists.len()));
    let mut ids = Vec::new();
    for l in rare {
        decode_into(l, &mut ids);
    }
    ids.sort_unstable();
    let mut cands: Vec<(u64, usize)> = ids
        .chunk_by(|a, b| a == b)
        .map(|run| (run[0], run.len()))
        .collect();
    let mut left_bytes: usize = common.iter().map(Vec::len).sum();
    for (j, l) in common.iter().enumerate() {
        // Few candidates and long lists left: verifying them costs less than reading on.
        if cands.len() * VERIFY_BYTES < left_bytes {
            break;
        }
        left_bytes -= l.len();
        ids.clear();
        decode_into(l, &mut ids);
        let mut at = ids.iter().peekable();
        for c in cands.iter_mut() {
            while at.next_if(|&&id| id < c.0).is_some() {}
            if at.next_if(|&&id| id == c.0).is_some() {
                c.1 += 1;
            }
        }
        let left = common.len() - j - 1;
        cands.retain(|c| c.1 + left >= need);
    }
    cands.into_iter().map(|c| c.0).collect()
}

/// About what verifying one candidate costs (reading its row, a distance), in bytes of
/// postings decoded in the same time.
const VERIFY_BYTES: usize = 2000;

/// One query key's search of one space.
pub struct Probe {
    space: Space,
    len: usize,
    grams: Vec<i64>,
    /// By key length m: the most edits a term of that length may have (None: the length
    /// cannot reach the threshold), and the fewest of the query's grams it must share.
    bounds: Vec<Option<(usize, isize)>>,
    theta: u8,
    /// A Chinese query: the edits [`han_edits`] allows are accepted whatever the score.
    han: bool,
    comparator: levenshtein::BatchComparator<char>,
}

impl Probe {
    /// None when the key is not searched fuzzily (empty, or longer than [`MAX_KEY`]).
    pub fn new(space: Space, query_key: &str, theta: u8) -> Option<Probe> {
        let n = query_key.chars().count();
        if n == 0 || n > MAX_KEY {
            return None;
        }
        let grams = grams(space, query_key);
        let han = theta <= HAN_THETA && query_key.chars().all(crate::text::script::is_han);
        let bounds = (0..=MAX_KEY)
            .map(|m| {
                let longest = n.max(m);
                // Scores fall as the distance grows, so the admissible distances are 0..=k.
                let by_score = (0..=longest)
                    .take_while(|&d| score(d, longest) >= theta)
                    .last();
                let k = by_score.max(han.then(|| han_edits(n.min(m))))?;
                let shared = n.max(m) as isize + 1 - 2 * k as isize;
                (n.abs_diff(m) <= k).then_some((k, shared))
            })
            .collect();
        Some(Probe {
            space,
            len: n,
            grams,
            bounds,
            theta,
            han,
            comparator: levenshtein::BatchComparator::new(query_key.chars()),
        })
    }

    /// Every indexed term of the space that may score at least the threshold: a superset of
    /// the answer, in term id order, for [`Probe::score`] to verify.
    pub fn candidates(&self, conn: &Connection) -> Result<Vec<i64>> {
        let need = |m: usize| self.bounds.get(m).copied().flatten().map(|(_, need)| need);
        let counted = |m: usize| need(m).is_some_and(|n| n > 0);
        let admitted: Vec<usize> = (0..=MAX_KEY).filter(|&m| need(m).is_some()).collect();
        let (Some(&lo), Some(&hi)) = (admitted.first(), admitted.last()) else {
            return Ok(Vec::new());
        };
        let every = self.space.every();
        // A space without terms (most glossaries have no case-sensitive ones) costs one read.
        if conn
            .prepare_cached("SELECT 1 FROM term_fuzzy WHERE list BETWEEN ?1 AND ?2 LIMIT 1")?
            .query_row([list(every, 0), list(every, MAX_KEY)], |_| Ok(()))
            .optional()?
            .is_none()
        {
            return Ok(Vec::new());
        }
        let mut read =
            conn.prepare_cached("SELECT list, data FROM term_fuzzy WHERE list BETWEEN ?1 AND ?2")?;
        let mut read_list = |g: i64, lo: usize, hi: usize, keep: &mut dyn FnMut(usize, &[u8])| {
            let mut rows = read.query([list(g, lo), list(g, hi)])?;
            while let Some(row) = rows.next()? {
                let len = (row.get::<_, i64>(0)? & 127) as usize;
                keep(
                    len,
                    row.get_ref(1)?.as_blob().map_err(rusqlite::Error::from)?,
                );
            }
            Ok::<_, crate::Error>(())
        };
        // The query's grams' lists, by key length.
        let mut lists: Vec<Vec<Vec<u8>>> = vec![Vec::new(); MAX_KEY + 1];
        for &g in &self.grams {
            read_list(g, lo, hi, &mut |len, data| {
                if counted(len) {
                    lists[len].push(data.to_vec());
                }
            })?;
        }
        let mut out = Vec::new();
        for m in admitted {
            match need(m) {
                Some(n) if n > 0 => {
                    out.extend(count_filter(&mut lists[m], self.grams.len(), n as usize));
                }
                // Even a term sharing no bigram could qualify (a short key under a low
                // threshold, or a query of one repeated character): every term that long.
                _ => read_list(every, m, m, &mut |_, data| decode_into(data, &mut out))?,
            }
        }
        out.sort_unstable();
        Ok(out.into_iter().map(|id| id as i64).collect())
    }

    /// The similarity of a term's key (in this probe's space) to the query, when it reaches
    /// the threshold.
    pub fn score(&self, term_key: &str) -> Option<u8> {
        let m = term_key.chars().count();
        let (k, _) = (*self.bounds.get(m)?)?;
        let d = self.comparator.distance_with_args(
            term_key.chars(),
            &levenshtein::Args::default().score_cutoff(k),
        )?;
        let s = score(d, self.len.max(m));
        (s >= self.theta || (self.han && d <= han_edits(self.len.min(m)))).then_some(s)
    }
}

/// The threshold at or below which a Chinese query gets [`han_edits`]: the default one. A
/// user who asks for closer matches (`--fuzzy-min 90`) gets only the score's rule.
pub const HAN_THETA: u8 = 80;

/// The edits a Chinese query and term may differ by, from the shorter one's length in
/// characters. A Han character carries about a word's meaning, so the percentage rule is too
/// strict for short terms: one wrong character of four (友好成市 for 友好城市) scores 75. Two
/// characters allow no edit (市长 against 副市长 or 市场 would be noise); one from three, two
/// from eight, three from twelve.
pub fn han_edits(shorter: usize) -> usize {
    match shorter {
        0..=2 => 0,
        3..=7 => 1,
        8..=11 => 2,
        _ => 3,
    }
}

/// The language tags the glossary's terms are stored under, in byte order. A loose index scan
/// over `term_lang`: one seek per language, where `SELECT DISTINCT lang` reads every term.
pub fn languages(conn: &Connection) -> Result<Vec<String>> {
    Ok(conn
        .prepare_cached(
            "WITH RECURSIVE l(lang) AS (
                 SELECT min(lang) FROM term
                 UNION ALL
                 SELECT (SELECT min(lang) FROM term WHERE lang > l.lang) FROM l WHERE l.lang IS NOT NULL
             )
             SELECT lang FROM l WHERE lang IS NOT NULL",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_round_trip() {
        let ids = [1u64, 7, 9, 1000, 1 << 40];
        let mut back = Vec::new();
        decode_into(&encode(ids.iter().copied()), &mut back);
        assert_eq!(back, ids);
        assert_eq!(list(Space::CaseKept.every(), MAX_KEY) & 127, MAX_KEY as i64);
    }

    #[test]
    fn score_is_the_similarity_of_the_keys() {
        let words = [
            "",
            "a",
            "ab",
            "governor",
            "governer",
            "市长",
            "副市长",
            "aaaa",
            "abcdefghij",
        ];
        for a in words {
            for b in words {
                let d = strsim::levenshtein(a, b);
                let longest = a.chars().count().max(b.chars().count());
                assert_eq!(score(d, longest), key::similarity(a, b), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn grams_mark_both_ends_number_repeats_and_keep_spaces_apart() {
        assert_eq!(grams(Space::Folded, "ab").len(), 3);
        assert_eq!(grams(Space::Folded, "市").len(), 2);
        let aaaa = grams(Space::Folded, "aaaa");
        assert_eq!(aaaa.len(), 5);
        assert_eq!(
            aaaa[1] & !(127 << 42),
            aaaa[3] & !(127 << 42),
            "the same bigram"
        );
        assert!(aaaa[1] != aaaa[2] && aaaa[2] != aaaa[3], "numbered apart");
        let (f, c) = (grams(Space::Folded, "US"), grams(Space::CaseKept, "US"));
        assert!(f.iter().all(|g| !c.contains(g)));
    }
}
