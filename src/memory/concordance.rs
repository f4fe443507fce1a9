//! Concordance: every past use of a phrase, as a true substring (ignoring case, and Traditional
//! against Simplified as the index folds them), not a fuzzy guess.
//!
//! Candidates come from the memory index's token postings (see [`index`]): one Han character
//! is one token, so a Chinese query of any length, 市 or 产品 or 谅解备忘录, is an intersection
//! of the lists of its characters, rarest first. In a spaced language the query's inner words
//! must be whole words of the segment, while its first word may end a longer word and its last
//! may begin one ("morandum of underst"); those are found in the vocabulary. A one- or
//! two-letter query in a spaced language (AI, US) matches whole words only. Every candidate is
//! verified in the original text, which also gives the hit's position.

use serde::Serialize;

use super::index;
use super::read::MemoryRead;
use super::search::memory_languages;
use crate::error::{Error, Result};
use crate::model::memory::Segment;
use crate::text::{LangTag, key, script, token};

/// Which segments of a unit to look in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The unit's source-language segment (its `srclang`, else its first segment).
    Source,
    /// Every other segment.
    Target,
    Both,
}

impl std::str::FromStr for Side {
    type Err = Error;
    /// The words the CLI's `--in` and the server's `in` take.
    fn from_str(s: &str) -> Result<Side> {
        match s {
            "source" => Ok(Side::Source),
            "target" => Ok(Side::Target),
            "both" => Ok(Side::Both),
            _ => Err(Error::Invalid(format!(
                "in: {s:?} is not one of source, target, both"
            ))),
        }
    }
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

/// Finds `needle` in `hay` ignoring case and script (Traditional or Simplified), character by
/// character ([`fold_char`]), and returns its char offset and length in `hay`.
pub fn find_folded(hay: &str, needle: &str) -> Option<(usize, usize)> {
    Folded::new(hay).find(needle)
}

/// Like [`find_folded`], but only where the match is a whole word: no letter or digit just
/// before or after it. Where a one- or two-letter query (AI, US) is reported, since it matches
/// whole words only: "it" in "with" is not where IT stands.
pub fn find_folded_word(hay: &str, needle: &str) -> Option<(usize, usize)> {
    Folded::new(hay).find_word(needle)
}

/// A text folded once ([`fold_char`]) for many searches in it: [`find_folded`] and
/// [`find_folded_word`] fold the whole text again at each call, which was a tenth of a lookup
/// where the memory's evidence asks each unit's target for several renderings.
pub struct Folded {
    chars: Vec<char>,
    folded: Vec<char>,
}

impl Folded {
    pub fn new(text: &str) -> Folded {
        let chars: Vec<char> = text.chars().collect();
        let folded = chars.iter().copied().map(fold_char).collect();
        Folded { chars, folded }
    }

    /// [`find_folded`] in this text.
    pub fn find(&self, needle: &str) -> Option<(usize, usize)> {
        self.find_where(needle, |_, _| true)
    }

    /// [`find_folded_word`] in this text.
    pub fn find_word(&self, needle: &str) -> Option<(usize, usize)> {
        self.find_where(needle, |h, (a, b)| {
            // Han and kana are tokens of their own: "AI技术" holds the word AI.
            let word = |i: usize| {
                h.get(i)
                    .is_some_and(|&c| c.is_alphanumeric() && !script::is_han_or_kana(c))
            };
            let before = a > 0 && word(a - 1);
            !before && !word(b)
        })
    }

    fn find_where(
        &self,
        needle: &str,
        keep: impl Fn(&[char], (usize, usize)) -> bool,
    ) -> Option<(usize, usize)> {
        let (h, hf) = (&self.chars, &self.folded);
        let n: Vec<char> = needle.chars().map(fold_char).collect();
        if n.is_empty() || n.len() > h.len() {
            return None;
        }
        (0..=h.len() - n.len())
            .find(|&i| hf[i..i + n.len()] == n[..] && keep(h, (i, i + n.len())))
            .map(|i| (i, n.len()))
    }
}

/// One character as a concordance compares it: lower case, and Traditional folded to
/// Simplified as the memory's index folds it ([`key::simplified_char`]), so that 市長 is found
/// by 市长 and the other way round. Always one character for one, so a hit's position in the
/// folded text is its position in the stored text: a character whose lower case is longer
/// (İ) stays as it is, equal only to itself, and `simplified_char` keeps a character OpenCC
/// would turn into several.
fn fold_char(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => key::simplified_char(l),
        _ => c,
    }
}

/// Whether a query is one or two letters of a spaced language (AI, US), which match whole
/// words only.
pub fn is_word_query(text: &str) -> bool {
    let k = key::fuzzy_key(text);
    let toks = token::tokens(&k);
    text.chars().count() <= 2
        && text.trim() == text
        && toks.len() == 1
        && toks[0].chars().any(char::is_alphanumeric)
        && !toks[0].chars().any(script::is_han_or_kana)
}

/// How a token of the query must stand among a segment's tokens. The query's first and last
/// words may be cut ("morandum of underst"), so they need only end or begin a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fit {
    Whole,
    Prefix,
    Suffix,
    Inside,
}

/// The memory's tokens (any language) that fit a query token: (id, document frequency).
fn fitting_tokens<R: MemoryRead>(r: &R, token: &str, fit: Fit) -> Result<Vec<(u32, u64)>> {
    match fit {
        Fit::Whole => r.tokens_equal(token),
        Fit::Prefix => r.tokens_prefixed(token),
        Fit::Suffix => r.tokens_containing(token, &mut |t| t.ends_with(token)),
        Fit::Inside => r.tokens_containing(token, &mut |_| true),
    }
}

/// Verifying a candidate (reading its text, searching it) costs about as much as reading
/// this many postings: a further list is intersected only when the verifications it is expected
/// to save cost more.
const VERIFY_COST: f64 = 256.0;

/// A set of segment ids, one bit each.
#[derive(Default)]
struct Bits(Vec<u64>);

impl Bits {
    fn insert(&mut self, id: i64) {
        let (w, b) = ((id / 64) as usize, id % 64);
        if self.0.len() <= w {
            self.0.resize(w + 1, 0);
        }
        self.0[w] |= 1 << b;
    }

    fn and(&mut self, other: &Bits) {
        for (i, w) in self.0.iter_mut().enumerate() {
            *w &= other.0.get(i).copied().unwrap_or(0);
        }
    }

    fn count(&self) -> u64 {
        self.0.iter().map(|w| w.count_ones() as u64).sum()
    }

    /// The highest id below `before`.
    fn prev(&self, before: i64) -> Option<i64> {
        if before <= 0 {
            return None;
        }
        let last = before - 1;
        let mut w = (last / 64) as usize;
        if w >= self.0.len() {
            w = self.0.len().checked_sub(1)?;
            return self.prev_in(w, u64::MAX);
        }
        let mask = if last % 64 == 63 {
            u64::MAX
        } else {
            (1u64 << (last % 64 + 1)) - 1
        };
        self.prev_in(w, mask)
    }

    fn prev_in(&self, mut w: usize, mut mask: u64) -> Option<i64> {
        loop {
            let bits = self.0[w] & mask;
            if bits != 0 {
                return Some(w as i64 * 64 + 63 - bits.leading_zeros() as i64);
            }
            w = w.checked_sub(1)?;
            mask = u64::MAX;
        }
    }
}

/// The segments that hold one of the tokens.
fn union<R: MemoryRead>(conn: &R, tokens: &[(u32, u64)]) -> Result<Bits> {
    let mut bits = Bits::default();
    let mut buf = Vec::new();
    for &(id, _) in tokens {
        buf.clear();
        conn.postings(id, &mut buf)?;
        for &p in &buf {
            bits.insert(index::unpack(p).0);
        }
    }
    Ok(bits)
}

/// The memory's tokens that can stand for one token of the query, (id, df) each, with their
/// total document frequency first.
type Requirement = (u64, Vec<(u32, u64)>);

/// What the segments must hold for the query: for each of its tokens, the memory's tokens
/// that can stand there, with their total document frequency, rarest first. `None` when the
/// query has no token to look up (only punctuation the key drops).
fn requirements<R: MemoryRead>(conn: &R, text: &str) -> Result<Option<Vec<Requirement>>> {
    let k = key::fuzzy_key(text);
    let toks = token::tokens(&k);
    let is_word =
        |t: &str| t.chars().any(char::is_alphanumeric) && !t.chars().any(script::is_han_or_kana);
    let mut needs: Vec<Requirement> = Vec::new();
    for (i, &t) in toks.iter().enumerate() {
        // An apostrophe may sit inside a word of the segment (mayor's): it is no token to
        // require, and the words beside it may be cut there.
        if t == "'" {
            continue;
        }
        // A space before the first word or after the last says where that word stops.
        let first = if i == 0 {
            !text.starts_with(char::is_whitespace)
        } else {
            toks[i - 1] == "'"
        };
        let last = (i + 1 == toks.len() && !text.ends_with(char::is_whitespace))
            || toks.get(i + 1) == Some(&"'");
        let fit = match (is_word(t), first, last) {
            (false, _, _) => Fit::Whole,
            // A one- or two-letter query (AI, US) is a word, not a fragment of every word.
            (true, true, true) if toks.len() == 1 && text.chars().count() <= 2 => Fit::Whole,
            (true, true, true) => Fit::Inside,
            (true, true, false) => Fit::Suffix,
            (true, false, true) => Fit::Prefix,
            (true, false, false) => Fit::Whole,
        };
        let lists = fitting_tokens(conn, t, fit)?;
        needs.push((lists.iter().map(|&(_, df)| df).sum(), lists));
    }
    if needs.is_empty() {
        return Ok(None);
    }
    needs.sort_by_key(|(df, _)| *df);
    Ok(Some(needs))
}

/// `concord tm concord`: the segments that contain the phrase, newest first.
pub fn concordance<R: MemoryRead>(conn: &R, q: &ConcordanceQuery) -> Result<Vec<ConcordanceHit>> {
    if q.text.trim().is_empty() {
        return Err(Error::Invalid("the phrase to look for is empty".into()));
    }
    let langs = memory_languages(conn)?;
    if langs.is_empty() {
        return Err(Error::Invalid(
            "the memory is empty: import some pairs first (concord tm import)".into(),
        ));
    }
    // "No segment contains it" would be true and useless: the language is a typo or the
    // wrong memory, as search and suggest say.
    if let Some(lang) = &q.lang
        && !langs.iter().any(|(l, _)| lang.selects(l))
    {
        let have: Vec<String> = langs.iter().map(|(l, _)| l.to_string()).collect();
        return Err(Error::Invalid(format!(
            "the memory has no {lang} segments (it has {})",
            have.join(", ")
        )));
    }
    conn.snapshot(|| {
        let Some(needs) = requirements(conn, &q.text)? else {
            return scan(conn, q);
        };
        if let [(_, one)] = needs.as_slice()
            && let [(token, _)] = one.as_slice()
        {
            return newest_of(conn, *token, q);
        }
        // Candidates are the rarest requirement's segments, newest first. The other
        // requirements are intersected only when the hit rate so far says that verifying
        // without them would cost more than reading them: a common phrase is found among
        // the first few candidates without reading its common words' lists at all.
        let mut cands = union(conn, &needs[0].1)?;
        let mut left = cands.count();
        let mut rest = needs[1..].iter();
        let mut pending = rest.next();
        let (mut hits, mut verified) = (Vec::new(), 0u64);
        let mut at = i64::MAX;
        while let Some(id) = cands.prev(at) {
            at = id;
            if let Some((df, tokens)) = pending
                && verified % 16 == 0
            {
                let rate = (hits.len() as f64 + 1.0) / (verified as f64 + 1.0);
                let expected = ((q.limit - hits.len()) as f64 / rate).min(left as f64);
                if expected * VERIFY_COST > *df as f64 {
                    cands.and(&union(conn, tokens)?);
                    left = cands.count();
                    pending = rest.next();
                    at = id + 1;
                    continue;
                }
            }
            verified += 1;
            left = left.saturating_sub(1);
            if let Some(hit) = verify(conn, id, q)? {
                hits.push(hit);
                if hits.len() == q.limit {
                    break;
                }
            }
        }
        Ok(hits)
    })
}

/// The segments of one token's list, newest first, read a chunk at a time from the end: a
/// common character (的) or word needs its last chunk only.
fn newest_of<R: MemoryRead>(
    conn: &R,
    token: u32,
    q: &ConcordanceQuery,
) -> Result<Vec<ConcordanceHit>> {
    let mut hits = Vec::new();
    conn.postings_newest_first(token, &mut |chunk| {
        for &p in chunk.iter().rev() {
            if let Some(hit) = verify(conn, index::unpack(p).0, q)? {
                hits.push(hit);
                if hits.len() == q.limit {
                    return Ok(false);
                }
            }
        }
        Ok(true)
    })?;
    Ok(hits)
}

/// Every segment, newest first, for a query the index cannot narrow.
fn scan<R: MemoryRead>(conn: &R, q: &ConcordanceQuery) -> Result<Vec<ConcordanceHit>> {
    let ids = conn.variant_ids_newest_first()?;
    let mut hits = Vec::new();
    for id in ids {
        if let Some(hit) = verify(conn, id, q)? {
            hits.push(hit);
            if hits.len() == q.limit {
                break;
            }
        }
    }
    Ok(hits)
}

fn verify<R: MemoryRead>(
    conn: &R,
    id: i64,
    q: &ConcordanceQuery,
) -> Result<Option<ConcordanceHit>> {
    let Some(super::read::Candidate {
        unit, lang, text, ..
    }) = conn.candidate(id)?
    else {
        return Err(crate::error::Error::NotFound(format!(
            "segment {id} is listed in the index but not stored"
        )));
    };
    let Ok(lang) = LangTag::parse(&lang) else {
        return Ok(None);
    };
    if q.lang.as_ref().is_some_and(|r| !r.selects(&lang)) {
        return Ok(None);
    }
    let found = if is_word_query(&q.text) {
        find_folded_word(&text, &q.text)
    } else {
        find_folded(&text, &q.text)
    };
    let Some((start, len)) = found else {
        return Ok(None);
    };
    let super::read::UnitHead {
        srclang,
        first_variant: first,
        origin,
    } = conn.unit_head(unit)?;
    let is_source = match srclang.and_then(|s| LangTag::parse(&s).ok()) {
        Some(src) => src.selects(&lang),
        None => first == id,
    };
    match (q.side, is_source) {
        (Side::Source, false) | (Side::Target, true) => return Ok(None),
        _ => {}
    }
    let translations = conn.other_segments(unit, id)?;
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
    fn a_phrase_may_begin_and_end_inside_words() {
        let s = store();
        let hits = concordance(s.conn(), &q("ayor of Nanj", Side::Both)).unwrap();
        assert_eq!((hits.len(), hits[0].start), (1, 5));
        assert_eq!(
            concordance(s.conn(), &q("ducts.", Side::Both))
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            concordance(s.conn(), &q("elegat", Side::Both))
                .unwrap()
                .len(),
            1
        );
        // Two letters are a word: "AI" is not looked for inside "said".
        assert_eq!(
            concordance(s.conn(), &q("ss", Side::Both)).unwrap().len(),
            0
        );
    }

    #[test]
    fn index_candidates_equal_a_scan() {
        let s = store();
        let texts: Vec<(i64, String)> = s
            .conn()
            .prepare("SELECT id, text FROM variant ORDER BY id DESC")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        // Every substring of every segment, cut anywhere, as a query.
        for (_, text) in &texts {
            let chars: Vec<char> = text.chars().collect();
            for i in 0..chars.len() {
                for j in i + 1..=chars.len().min(i + 14) {
                    let phrase: String = chars[i..j].iter().collect();
                    if phrase.trim().is_empty() {
                        continue;
                    }
                    let mut query = q(&phrase, Side::Both);
                    query.limit = 100;
                    let got: Vec<i64> = concordance(s.conn(), &query)
                        .unwrap()
                        .iter()
                        .map(|h| h.unit)
                        .collect();
                    let two_letter_word =
                        phrase.chars().count() <= 2 && phrase.chars().all(char::is_alphanumeric);
                    if two_letter_word {
                        continue;
                    }
                    let want: Vec<i64> = texts
                        .iter()
                        .filter(|(_, t)| find_folded(t, &phrase).is_some())
                        .map(|(id, _)| {
                            s.conn()
                                .query_row("SELECT unit FROM variant WHERE id = ?1", [id], |r| {
                                    r.get(0)
                                })
                                .unwrap()
                        })
                        .collect();
                    assert_eq!(got, want, "{phrase:?}");
                }
            }
        }
    }

    #[test]
    fn a_match_across_scripts_is_reported_in_the_stored_text() {
        assert_eq!(find_folded("臺北市長會見", "市长"), Some((2, 2)));
        assert_eq!(find_folded("副市长", "市長"), Some((1, 2)));
        // İ lower-cases to two characters: it stays one, and the offsets after it hold.
        assert_eq!(find_folded("İstanbul 市長", "市长"), Some((9, 2)));
        assert_eq!(find_folded("İstanbul", "i"), None);
        assert_eq!(find_folded("İSTANBUL", "stan"), Some((1, 4)));
    }

    #[test]
    fn a_two_letter_query_is_reported_where_it_stands_as_a_word() {
        assert_eq!(find_folded_word("Work with IT staff", "it"), Some((10, 2)));
        assert_eq!(find_folded("Work with IT staff", "it"), Some((6, 2)));
        assert_eq!(find_folded_word("AI技术", "ai"), Some((0, 2)));
        assert_eq!(find_folded_word("maid", "ai"), None);
        assert!(is_word_query("IT") && !is_word_query("ITS") && !is_word_query("市长"));
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
    fn longer_queries_are_substrings_found_case_insensitively() {
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
