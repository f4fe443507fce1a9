//! The references that the memory's searches are proved against, shared by the exactness test
//! (`tests/exactness.rs`) and the benchmark (`benches/tm.rs`): fuzzy search's top k from
//! every segment of the language, and concordance from a scan of every segment. Neither reads
//! the index; both read the `variant` table directly, so a segment the index lost is still
//! seen here.

// Each crate that includes this file uses only part of it.
#![allow(dead_code)]

use std::collections::HashMap;

use concord::memory::concordance::{
    ConcordanceQuery, Side, find_folded, find_folded_word, is_word_query,
};
use concord::memory::search::{self, PreparedQuery, Scored};
use concord::text::{LangTag, key, token};
use rapidfuzz::distance::levenshtein;
use rusqlite::Connection;

/// Every segment of one primary language, tokenised once with the library's own functions,
/// token ids flat, grouped by token count.
#[derive(Default)]
pub struct Segments {
    pub variant: Vec<i64>,
    pub unit: Vec<i64>,
    pub markup: Vec<bool>,
    /// Index into `tags`: the range of a search may select only some of a language's tags.
    tag: Vec<u16>,
    tags: Vec<LangTag>,
    tok_off: Vec<usize>,
    pub toks: Vec<u32>,
    text_off: Vec<usize>,
    text: String,
    by_len: Vec<Vec<u32>>,
}

impl Segments {
    fn push(
        &mut self,
        variant: i64,
        unit: i64,
        lang: &LangTag,
        markup: bool,
        text: &str,
        toks: &[u32],
    ) {
        if self.tok_off.is_empty() {
            self.tok_off.push(0);
            self.text_off.push(0);
        }
        let i = self.variant.len() as u32;
        self.variant.push(variant);
        self.unit.push(unit);
        self.markup.push(markup);
        let tag = match self.tags.iter().position(|t| t == lang) {
            Some(t) => t,
            None => {
                self.tags.push(lang.clone());
                self.tags.len() - 1
            }
        };
        self.tag.push(tag as u16);
        self.toks.extend_from_slice(toks);
        self.tok_off.push(self.toks.len());
        self.text.push_str(text);
        self.text_off.push(self.text.len());
        if self.by_len.len() <= toks.len() {
            self.by_len.resize(toks.len() + 1, Vec::new());
        }
        self.by_len[toks.len()].push(i);
    }

    pub fn len(&self) -> usize {
        self.variant.len()
    }

    pub fn tokens(&self, i: usize) -> &[u32] {
        &self.toks[self.tok_off[i]..self.tok_off[i + 1]]
    }

    pub fn text(&self, i: usize) -> &str {
        &self.text[self.text_off[i]..self.text_off[i + 1]]
    }
}

/// A token's id in the vocabulary; a token no segment has maps to one sentinel, which never
/// equals a segment token (enough for a distance to a segment).
const UNKNOWN: u32 = u32::MAX;

/// Every segment of the memory in memory, for the fuzzy search's brute force.
pub struct BruteIndex {
    pub vocab: HashMap<String, u32>,
    /// By primary language subtag, as the search's index is.
    langs: Vec<(String, Segments)>,
}

/// Per-thread scratch for the brute force: the query's tokens remapped into 0..254 so that
/// rapidfuzz takes its array path (255 = any token the query lacks), and a buffer.
pub struct Scratch {
    small: Vec<u8>,
    buf8: Vec<u8>,
    buf32: Vec<u32>,
}

impl Scratch {
    pub fn new(idx: &BruteIndex) -> Scratch {
        Scratch {
            small: vec![255; idx.vocab.len()],
            buf8: Vec::new(),
            buf32: Vec::new(),
        }
    }
}

pub struct BruteResult {
    pub top: Vec<Scored>,
    /// Segments whose base score by the reference's own distance reached the threshold but
    /// which `PreparedQuery::score` rejected or scored differently: a tokenisation disagreement.
    pub disagreements: usize,
    pub best_base: Option<u8>,
}

impl BruteIndex {
    /// The segments of one primary language (`en`, `zh`); empty when the memory has none.
    pub fn segments(&self, primary: &str) -> &Segments {
        static NONE: std::sync::OnceLock<Segments> = std::sync::OnceLock::new();
        self.langs
            .iter()
            .find(|(p, _)| p == primary)
            .map_or_else(|| NONE.get_or_init(Segments::default), |(_, s)| s)
    }

    pub fn ids(&self, text: &str) -> Vec<u32> {
        let k = key::fuzzy_key(text);
        token::tokens(&k)
            .into_iter()
            .map(|t| self.vocab.get(t).copied().unwrap_or(UNKNOWN))
            .collect()
    }

    /// Reads every segment from the database and tokenises it on two threads, each with its
    /// own vocabulary, merged afterwards.
    pub fn build(conn: &Connection) -> BruteIndex {
        type Row = (i64, i64, String, String, bool);
        let rows: Vec<Row> = conn
            .prepare("SELECT id, unit, lang, text, markup IS NOT NULL FROM variant ORDER BY id")
            .unwrap()
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let half = rows.len().div_ceil(2);
        let tokenised: Vec<(Vec<String>, Vec<Vec<u32>>)> = std::thread::scope(|s| {
            let handles: Vec<_> = rows
                .chunks(half.max(1))
                .map(|chunk| {
                    s.spawn(move || {
                        let mut local: HashMap<String, u32> = HashMap::new();
                        let mut names: Vec<String> = Vec::new();
                        let ids: Vec<Vec<u32>> = chunk
                            .iter()
                            .map(|(_, _, _, text, _)| {
                                let k = key::fuzzy_key(text);
                                token::tokens(&k)
                                    .into_iter()
                                    .map(|t| {
                                        if let Some(&id) = local.get(t) {
                                            return id;
                                        }
                                        let id = names.len() as u32;
                                        names.push(t.to_string());
                                        local.insert(t.to_string(), id);
                                        id
                                    })
                                    .collect()
                            })
                            .collect();
                        (names, ids)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let mut vocab: HashMap<String, u32> = HashMap::new();
        let mut langs: Vec<(String, Segments)> = Vec::new();
        let mut row = 0;
        for (names, ids) in tokenised {
            let remap: Vec<u32> = names
                .into_iter()
                .map(|n| {
                    let next = vocab.len() as u32;
                    *vocab.entry(n).or_insert(next)
                })
                .collect();
            for local in ids {
                let (variant, unit, lang, text, markup) = &rows[row];
                row += 1;
                let Ok(tag) = LangTag::parse(lang) else {
                    continue;
                };
                let toks: Vec<u32> = local.iter().map(|&i| remap[i as usize]).collect();
                let at = match langs.iter().position(|(p, _)| p == tag.primary()) {
                    Some(at) => at,
                    None => {
                        langs.push((tag.primary().to_string(), Segments::default()));
                        langs.len() - 1
                    }
                };
                langs[at]
                    .1
                    .push(*variant, *unit, &tag, *markup, text, &toks);
            }
        }
        BruteIndex { vocab, langs }
    }

    /// The top `limit` by brute force: every segment of the range whose length allows the
    /// threshold, its base score from rapidfuzz's Levenshtein with a cutoff, the final score
    /// from the library's own `PreparedQuery::score`, best segment per unit, sorted by
    /// `search::rank`. The cutoff drops only segments whose distance puts their base, hence
    /// their final score, below `min`: the same distance over the same tokens as the score.
    pub fn top_k(
        &self,
        range: &LangTag,
        text: &str,
        min: u8,
        limit: usize,
        scratch: &mut Scratch,
    ) -> BruteResult {
        let segs = self.segments(range.primary());
        let selected: Vec<bool> = segs.tags.iter().map(|t| range.selects(t)).collect();
        let prepared = PreparedQuery::new(text, LangTag::parse(range.primary()).unwrap());
        let q = self.ids(text);
        let n = q.len();
        let mut distinct: Vec<u32> = q.clone();
        distinct.sort_unstable();
        distinct.dedup();
        let small = distinct.len() <= 254;
        if small {
            for (i, &t) in distinct.iter().enumerate() {
                if t != UNKNOWN {
                    scratch.small[t as usize] = i as u8;
                }
            }
        }
        let q8: Vec<u8> = q
            .iter()
            .map(|&t| {
                if t == UNKNOWN {
                    254
                } else {
                    scratch.small.get(t as usize).copied().unwrap_or(255)
                }
            })
            .collect();
        let cmp8 = levenshtein::BatchComparator::new(q8.iter().copied());
        let cmp32 = levenshtein::BatchComparator::new(q.iter().copied());
        let mut best: HashMap<i64, Scored> = HashMap::new();
        let mut disagreements = 0;
        let mut best_base: Option<u8> = None;
        for (m, members) in segs.by_len.iter().enumerate() {
            let longest = n.max(m);
            if members.is_empty() || longest == 0 {
                continue;
            }
            let k = longest * (100 - min as usize) / 100;
            if n.abs_diff(m) > k {
                continue;
            }
            let args = levenshtein::Args::default().score_cutoff(k);
            for &si in members {
                let si = si as usize;
                if !selected[segs.tag[si] as usize] {
                    continue;
                }
                let toks = segs.tokens(si);
                let d = if small {
                    scratch.buf8.clear();
                    scratch
                        .buf8
                        .extend(toks.iter().map(|&t| scratch.small[t as usize]));
                    cmp8.distance_with_args(scratch.buf8.iter().copied(), &args)
                } else {
                    scratch.buf32.clear();
                    scratch.buf32.extend_from_slice(toks);
                    cmp32.distance_with_args(scratch.buf32.iter().copied(), &args)
                };
                let Some(d) = d else { continue };
                let base = (100 * (longest - d) / longest) as u8;
                best_base = best_base.max(Some(base));
                match prepared.score(
                    segs.unit[si],
                    segs.variant[si],
                    segs.text(si),
                    segs.markup[si],
                    min,
                ) {
                    Some(s) => {
                        if s.base != base {
                            disagreements += 1;
                        }
                        if s.score >= min {
                            match best.get(&s.unit) {
                                Some(old)
                                    if search::rank(old, &s) != std::cmp::Ordering::Greater => {}
                                _ => {
                                    best.insert(s.unit, s);
                                }
                            }
                        }
                    }
                    None => disagreements += 1,
                }
            }
        }
        if small {
            for &t in &distinct {
                if t != UNKNOWN {
                    scratch.small[t as usize] = 255;
                }
            }
        }
        let mut top: Vec<Scored> = best.into_values().collect();
        top.sort_by(search::rank);
        top.truncate(limit);
        BruteResult {
            top,
            disagreements,
            best_base,
        }
    }
}

/// One segment as the concordance scan sees it.
struct ScanRow {
    unit: i64,
    lang: LangTag,
    text: String,
    is_source: bool,
}

/// A concordance hit reduced to what the contract fixes: which segment, where the phrase is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScanHit {
    pub unit: i64,
    pub text: String,
    pub start: usize,
    pub len: usize,
}

/// Every segment, newest first, for the concordance's reference.
pub struct Scan(Vec<ScanRow>);

impl Scan {
    pub fn build(conn: &Connection) -> Scan {
        let rows = conn
            .prepare(
                "SELECT v.id, v.unit, v.lang, v.text, u.srclang, u.first_variant
                 FROM variant v JOIN unit u ON u.id = v.unit ORDER BY v.id DESC",
            )
            .unwrap()
            .query_map([], |r| {
                let id: i64 = r.get(0)?;
                let lang = LangTag::parse(&r.get::<_, String>(2)?).unwrap();
                // A unit's source is its srclang's segment, else its first one.
                let is_source = match r.get::<_, Option<String>>(4)? {
                    Some(src) => LangTag::parse(&src).unwrap().selects(&lang),
                    None => r.get::<_, i64>(5)? == id,
                };
                Ok(ScanRow {
                    unit: r.get(1)?,
                    lang,
                    text: r.get(3)?,
                    is_source,
                })
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        Scan(rows)
    }

    /// The first `q.limit` segments, newest first, that hold the phrase as a substring,
    /// ignoring case and script ([`find_folded`]: 市长 is 市長); a query of one or two letters and no spaces must also be a whole word (one
    /// of the segment's tokens) there.
    pub fn concordance(&self, q: &ConcordanceQuery) -> Vec<ScanHit> {
        let qkey = key::fuzzy_key(&q.text);
        let qtoks = token::tokens(&qkey);
        let word_only = is_word_query(&q.text);
        self.0
            .iter()
            .filter(|r| match q.side {
                Side::Source => r.is_source,
                Side::Target => !r.is_source,
                Side::Both => true,
            })
            .filter(|r| q.lang.as_ref().is_none_or(|l| l.selects(&r.lang)))
            .filter(|r| !word_only || token::tokens(&key::fuzzy_key(&r.text)).contains(&qtoks[0]))
            .filter_map(|r| {
                let (start, len) = if word_only {
                    find_folded_word(&r.text, &q.text)?
                } else {
                    find_folded(&r.text, &q.text)?
                };
                Some(ScanHit {
                    unit: r.unit,
                    text: r.text.clone(),
                    start,
                    len,
                })
            })
            .take(q.limit)
            .collect()
    }
}
