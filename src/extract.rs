//! Candidate glossary entries from the memory: source terms that are frequent and term-like
//! and that the glossary does not hold yet.
//!
//! The method, which the README states as a contract:
//!
//! - **One pass over the memory.** Every unit holding a segment in the source language and
//!   one in the target language is read once, in id order; its source segment is cut into
//!   candidate terms of one to four words.
//! - **English** has no tagger here, so noun phrases are told by their edges: a candidate
//!   lies inside one stretch of text between punctuation marks, starts and ends with a content
//!   word (not a function word, not a number, not a lone letter; a possessive `mayor's` may
//!   not end one), and holds inside it only content words and `of`, `and`, `for`, `in`, `on`,
//!   `the` (`memorandum of understanding`). Candidates are counted by their lower-case words,
//!   plurals of the last word folded into the singular (`cases` into `case`), and shown in
//!   the letter case most of their occurrences away from the start of a sentence have. One
//!   that never occurs but at the start of a sentence (`However`, `Researchers`) is dropped:
//!   its capital says nothing.
//! - **Chinese** is cut by jieba with part-of-speech tags: a candidate is one to four
//!   consecutive words that are nouns (`n`, `nr`, `ns`, `nt`, `nz`, `vn`, `an`…) or their
//!   modifiers (`a`, `b`), ending with a noun, two characters at least.
//! - **Termhood** is the C-value (Frantzi, Ananiadou and Mima 2000): `log2(words + 1) x f(a)`,
//!   less the mean frequency of the longer candidates that contain `a`, so that `protective
//!   equipment` does not outrank `personal protective equipment` by living inside it. The
//!   `+ 1` lets a single word score (the original formula gives it zero).
//! - **Filters**: at least `min_count` occurrences; not already a glossary term in the source
//!   language by the keys lookup compares (`Mayors` is not new when `Mayor` is there).
//!
//! Memory use is bounded: when the table of distinct candidates outgrows [`MAX_GRAMS`], the
//! rarest are dropped (lossy counting), and the extraction says how many occurrences a
//! candidate may have lost by it (`floor`).

use std::io::Write;

use jieba_rs::Jieba;
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::memory::read::MemoryRead;
use crate::memory::suggest::{self, SuggestQuery};
use crate::model::glossary::{Concept, StoredConcept, Term};
use crate::store::Store;
use crate::text::LangTag;
use crate::text::function_words::is_function_word;
use crate::text::key::{self, Keys};

/// The longest candidate, in words.
pub const MAX_WORDS: usize = 4;

/// The most distinct candidates counted at once; past it the rarest are dropped. At about
/// 60 bytes each, a few hundred megabytes at worst.
pub const MAX_GRAMS: usize = 4_000_000;

/// The units `suggest` reads per candidate: its own cap. A smaller sample would make the
/// rendering pass faster (500 units: about a third less time on 1M pairs), but it changed 42
/// of the 200 best renderings on a real memory and 81 on a generated one, mostly to longer,
/// rarer spans: suggest scores a span's count in the sample against its
/// count in the whole memory, so the smaller the sample, the more a rare span gains
/// (docs/extract-evaluation.md). Lower it once that score allows for the sampling.
pub const RENDER_SAMPLE: usize = suggest::SAMPLE_CAP;

/// What to extract.
#[derive(Clone, Debug)]
pub struct ExtractRequest {
    /// The language terms are extracted in.
    pub from: LangTag,
    /// The language of the renderings; only units holding both are read.
    pub to: LangTag,
    /// The fewest occurrences a candidate must have.
    pub min_count: u32,
    /// At most this many candidates, best first.
    pub limit: usize,
    /// The most units `suggest` reads for each candidate's rendering ([`RENDER_SAMPLE`]
    /// unless a caller needs another).
    pub sample: usize,
}

/// A unit a candidate occurs in.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Example {
    pub unit: i64,
    pub source: String,
    pub target: String,
}

/// A candidate source term.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Candidate {
    pub text: String,
    /// Occurrences in the source segments read (at least; see [`Extraction::floor`]).
    pub count: u32,
    /// The C-value.
    pub score: f64,
    /// The best rendering `suggest` finds for it; `None` when it finds none.
    pub rendering: Option<Suggested>,
    /// A unit holding the term (and the rendering, when there is one).
    pub example: Example,
}

/// A candidate's best rendering, as [`crate::memory::suggest`] ranks them.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Suggested {
    pub text: String,
    /// suggest's score (G², the log-likelihood ratio).
    pub score: f64,
    /// Units whose target holds the rendering, of `units`.
    pub count: usize,
    /// Units whose source holds the term (a sample of them when `sampled`).
    pub units: usize,
    pub sampled: bool,
}

/// The candidates, best first, and what was read to find them.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Extraction {
    pub from: LangTag,
    pub to: LangTag,
    /// Units holding a segment in both languages.
    pub units: u64,
    /// Candidates left out because the glossary holds them.
    pub known: usize,
    /// Candidates frequent enough, before the limit.
    pub found: usize,
    /// How many occurrences a candidate may have lost to the bound on memory use: 0 when
    /// every candidate was counted exactly.
    pub floor: u32,
    pub candidates: Vec<Candidate>,
}

/// Candidate glossary entries from the memory (see the module documentation for the method).
/// A language no unit holds is an [`Error::Invalid`]; a memory with no unit in the pair too,
/// since there is nothing to extract from.
pub fn extract(store: &Store, req: &ExtractRequest) -> Result<Extraction> {
    extract_in(store.conn(), store, req)
}

/// [`extract`] from any store's memory, with the glossary `glossary` holds: the terms it
/// already has are not candidates, and its renderings mask others' in `suggest`.
pub fn extract_in<R: MemoryRead>(
    mem: &R,
    glossary: &Store,
    req: &ExtractRequest,
) -> Result<Extraction> {
    if req.from.same_language(&req.to) {
        return Err(Error::Invalid(format!(
            "--from {} and --to {} are the same language",
            req.from, req.to
        )));
    }
    mem.snapshot(|| {
        let mut counter = Counter::new(req.from.is_unspaced());
        let mut reading = Reading::new(req);
        mem.each_segment(&mut |unit, lang, text| {
            reading.segment(unit, lang, text, &mut counter);
            Ok(())
        })?;
        reading.finish(&mut counter);
        let units = reading.units;
        if units == 0 {
            return Err(no_units(
                req,
                &reading.held,
                reading.has_from,
                reading.has_to,
            ));
        }
        let mut known = Known::of(glossary, &req.from)?;
        let floor = counter.floor;
        let mut ranked = counter.rank(req.min_count);
        let before = ranked.len();
        ranked.retain(|r| !known.holds(&r.text));
        let known_count = before - ranked.len();
        let found = ranked.len();
        ranked.truncate(req.limit);
        let mut candidates = Vec::with_capacity(ranked.len());
        for r in ranked {
            let (rendering, shown) = render(mem, glossary.conn(), &r.text, req)?;
            candidates.push(Candidate {
                example: match shown {
                    Some(e) => e,
                    None => example(mem, r.unit, req)?,
                },
                text: r.text,
                count: r.count,
                score: r.score,
                rendering,
            });
        }
        Ok(Extraction {
            from: req.from.clone(),
            to: req.to.clone(),
            units,
            known: known_count,
            found,
            floor,
            candidates,
        })
    })
}

/// The pass over the memory's segments, unit by unit: each unit's first segment in the
/// source language is counted when the unit has one in the target language too.
struct Reading<'r> {
    req: &'r ExtractRequest,
    /// The tags met as stored, each parsed once: whether it selects the source language and
    /// the target language.
    tags: Vec<(String, bool, bool)>,
    /// The languages met, for the message when no unit holds both.
    held: Vec<LangTag>,
    unit: i64,
    source: String,
    has_source: bool,
    has_target: bool,
    has_from: bool,
    has_to: bool,
    units: u64,
}

impl<'r> Reading<'r> {
    fn new(req: &'r ExtractRequest) -> Reading<'r> {
        Reading {
            req,
            tags: Vec::new(),
            held: Vec::new(),
            unit: 0,
            source: String::new(),
            has_source: false,
            has_target: false,
            has_from: false,
            has_to: false,
            units: 0,
        }
    }

    fn segment(&mut self, unit: i64, lang: &str, text: &str, counter: &mut Counter) {
        if unit != self.unit {
            self.finish(counter);
            self.unit = unit;
        }
        let (from, to) = match self.tags.iter().find(|(t, ..)| t == lang) {
            Some(&(_, from, to)) => (from, to),
            None => {
                // A tag that does not parse selects every language, as the unit reader has it.
                let tag = LangTag::parse(lang).unwrap_or_else(|_| LangTag::any());
                let (from, to) = (self.req.from.selects(&tag), self.req.to.selects(&tag));
                self.tags.push((lang.to_string(), from, to));
                if !self.held.contains(&tag) {
                    self.held.push(tag);
                }
                (from, to)
            }
        };
        if !self.has_source && from {
            self.source.clear();
            self.source.push_str(text);
            self.has_source = true;
        } else if to {
            self.has_target = true;
        }
    }

    /// Counts the unit read so far, if it holds both languages.
    fn finish(&mut self, counter: &mut Counter) {
        self.has_from |= self.has_source;
        self.has_to |= self.has_target;
        if self.has_source && self.has_target {
            self.units += 1;
            counter.segment(self.unit, &self.source);
        }
        self.has_source = false;
        self.has_target = false;
    }
}

/// What to say when no unit holds both languages.
fn no_units(req: &ExtractRequest, held: &[LangTag], has_from: bool, has_to: bool) -> Error {
    if held.is_empty() {
        return Error::Invalid(
            "the memory is empty: import translated pairs first (concord tm import FILE)".into(),
        );
    }
    let langs: Vec<&str> = held.iter().map(LangTag::as_str).collect();
    let missing = match (has_from, has_to) {
        (false, _) => format!("no {} segment", req.from),
        (true, false) => format!("no {} segment", req.to),
        (true, true) => format!("no unit with both a {} and a {} segment", req.from, req.to),
    };
    Error::Invalid(format!(
        "the memory has {missing} (its languages: {}); choose them with --from and --to",
        langs.join(", ")
    ))
}

/// A term's best rendering by [`crate::memory::suggest`], with a unit that shows it.
fn render<R: MemoryRead>(
    mem: &R,
    glossary: &rusqlite::Connection,
    term: &str,
    req: &ExtractRequest,
) -> Result<(Option<Suggested>, Option<Example>)> {
    let q = SuggestQuery {
        from: Some(req.from.clone()),
        to: Some(req.to.clone()),
        limit: 1,
        sample: req.sample,
        ..SuggestQuery::new(term)
    };
    let s = suggest::suggest(mem, glossary, &q)?;
    let Some(best) = s.candidates.into_iter().next() else {
        return Ok((None, None));
    };
    let shown = best.examples.into_iter().next().map(|e| Example {
        unit: e.unit,
        source: e.source,
        target: e.target,
    });
    let rendering = Suggested {
        text: best.text,
        score: best.score,
        count: best.count,
        units: s.units,
        sampled: s.sampled,
    };
    Ok((Some(rendering), shown))
}

fn example<R: MemoryRead>(mem: &R, unit: i64, req: &ExtractRequest) -> Result<Example> {
    let u = mem
        .unit(unit)?
        .ok_or_else(|| Error::NotFound(format!("unit {unit} vanished while it was read")))?;
    let text = |lang: &LangTag| {
        u.unit
            .variants
            .iter()
            .find(|v| lang.selects(&v.lang))
            .map(|v| v.text.clone())
            .unwrap_or_default()
    };
    Ok(Example {
        unit,
        source: text(&req.from),
        target: text(&req.to),
    })
}

/// The glossary's terms in the source language, by the keys lookup compares them by.
struct Known {
    keys: rustc_hash::FxHashSet<String>,
}

impl Known {
    fn of(store: &Store, lang: &LangTag) -> Result<Known> {
        let mut keys = rustc_hash::FxHashSet::default();
        for sc in crate::glossary::list(store, Some(lang), None)? {
            for t in sc.concept.terms.iter().filter(|t| lang.selects(&t.lang)) {
                let k = Keys::of(&t.text);
                keys.insert(key::simplified(&k.infl));
                keys.insert(k.infl);
                keys.insert(k.simp);
            }
        }
        Ok(Known { keys })
    }

    fn holds(&mut self, text: &str) -> bool {
        let k = Keys::of(text);
        self.keys.contains(&k.infl)
            || self.keys.contains(&k.simp)
            || self.keys.contains(&key::simplified(&k.infl))
    }
}

/// A candidate as counted: the ids of its words, unused places `NONE`.
type Gram = [u32; MAX_WORDS];
const NONE: u32 = u32::MAX;

fn gram_len(g: &Gram) -> usize {
    g.iter().take_while(|&&w| w != NONE).count()
}

/// How a word may stand in an English candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// Anywhere.
    Content,
    /// Anywhere but at the end (`mayor's office`).
    Possessive,
    /// Only inside (`of`, `and`).
    Inner,
    /// Nowhere: a function word, a number, a lone letter.
    Never,
}

/// How an occurrence of an English word is written, against its lower-case key.
const LOWER: u8 = 0;
const CAPITALISED: u8 = 1;
const UPPER: u8 = 2;
/// Any other way: the word's own most frequent such form is used.
const MIXED: u8 = 3;

struct Word {
    /// Lower case (English) or as written (Chinese).
    key: Box<str>,
    role: Role,
    /// The most frequent mixed-case form (`SARS-CoV-2`), by majority vote.
    mixed: Option<(Box<str>, u32)>,
}

#[derive(Default)]
struct Entry {
    count: u32,
    /// Occurrences at the start of a sentence, whose capital says nothing.
    initial: u32,
    /// The case shape (two bits a word) most occurrences elsewhere have, by majority vote.
    shape: u8,
    votes: u32,
    /// The first unit it occurs in.
    unit: i64,
}

struct Counter {
    chinese: Option<Jieba>,
    words: Vec<Word>,
    ids: FxHashMap<Box<str>, u32>,
    grams: FxHashMap<Gram, Entry>,
    /// Occurrences a dropped candidate may have had (see [`MAX_GRAMS`]).
    floor: u32,
    /// Scratch for one segment's words: id, case shape, capitalised at the start of a
    /// sentence.
    run: Vec<(u32, u8, bool)>,
    lower: String,
}

struct Ranked {
    text: String,
    count: u32,
    score: f64,
    unit: i64,
}

impl Counter {
    fn new(chinese: bool) -> Counter {
        Counter {
            chinese: chinese.then(Jieba::new),
            words: Vec::new(),
            ids: FxHashMap::default(),
            grams: FxHashMap::default(),
            floor: 0,
            run: Vec::new(),
            lower: String::new(),
        }
    }

    fn segment(&mut self, unit: i64, text: &str) {
        if self.chinese.is_some() {
            self.chinese_segment(unit, text);
        } else {
            self.english_segment(unit, text);
        }
        if self.grams.len() > MAX_GRAMS {
            self.prune();
        }
    }

    /// Drops the rarest candidates until a quarter of the table is free. A candidate dropped
    /// and met again starts from zero, so any count may be short by at most `floor`.
    fn prune(&mut self) {
        while self.grams.len() > MAX_GRAMS / 4 * 3 {
            self.floor += 1;
            let floor = self.floor;
            self.grams.retain(|_, e| e.count > floor);
        }
    }

    fn word_id(&mut self, key: &str, role: impl FnOnce(&str) -> Role) -> u32 {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = self.words.len() as u32;
        self.words.push(Word {
            key: key.into(),
            role: role(key),
            mixed: None,
        });
        self.ids.insert(key.into(), id);
        id
    }

    fn english_segment(&mut self, unit: i64, text: &str) {
        let mut run = std::mem::take(&mut self.run);
        run.clear();
        let mut initial = true;
        for piece in english_pieces(text) {
            match piece {
                Piece::Word(w) => {
                    self.lower.clear();
                    // Most words are ASCII, whose lower case needs no Unicode tables.
                    if w.is_ascii() {
                        self.lower.push_str(w);
                        self.lower.make_ascii_lowercase();
                    } else {
                        self.lower.extend(w.chars().flat_map(char::to_lowercase));
                    }
                    let lower = std::mem::take(&mut self.lower);
                    let id = self.word_id(&lower, english_role);
                    let shape = case_shape(w, &lower);
                    self.lower = lower;
                    if shape == MIXED {
                        vote_mixed(&mut self.words[id as usize].mixed, w);
                    }
                    // Only a capital at the start of a sentence says nothing about the word.
                    run.push((id, shape, initial && shape != LOWER));
                    initial = false;
                }
                Piece::Break { sentence_end } => {
                    self.english_run(unit, &run);
                    run.clear();
                    initial |= sentence_end;
                }
            }
        }
        self.english_run(unit, &run);
        self.run = run;
    }

    fn english_run(&mut self, unit: i64, run: &[(u32, u8, bool)]) {
        for i in 0..run.len() {
            if !matches!(
                self.words[run[i].0 as usize].role,
                Role::Content | Role::Possessive
            ) {
                continue;
            }
            let mut gram = [NONE; MAX_WORDS];
            let mut shape = 0u8;
            for n in 0..MAX_WORDS.min(run.len() - i) {
                let (id, s, _) = run[i + n];
                let role = self.words[id as usize].role;
                if role == Role::Never {
                    break;
                }
                gram[n] = id;
                shape |= s << (2 * n);
                if role != Role::Content {
                    continue;
                }
                let e = self.grams.entry(gram).or_insert_with(|| Entry {
                    unit,
                    ..Entry::default()
                });
                e.count += 1;
                if run[i].2 {
                    e.initial += 1;
                } else if e.votes == 0 {
                    (e.shape, e.votes) = (shape, 1);
                } else if e.shape == shape {
                    e.votes += 1;
                } else {
                    e.votes -= 1;
                }
            }
        }
    }

    fn chinese_segment(&mut self, unit: i64, text: &str) {
        let Some(jieba) = self.chinese.take() else {
            return;
        };
        let mut run = std::mem::take(&mut self.run);
        run.clear();
        for tag in jieba.tag(text, true) {
            match chinese_role(tag.tag) {
                Some(noun) => {
                    let id = self.word_id(tag.word, |_| Role::Content);
                    run.push((id, u8::from(noun), false));
                }
                None => {
                    self.chinese_run(unit, &run);
                    run.clear();
                }
            }
        }
        self.chinese_run(unit, &run);
        self.run = run;
        self.chinese = Some(jieba);
    }

    /// `run` holds words with `1` for a noun, `0` for a modifier.
    fn chinese_run(&mut self, unit: i64, run: &[(u32, u8, bool)]) {
        for i in 0..run.len() {
            let mut gram = [NONE; MAX_WORDS];
            let mut chars = 0;
            for n in 0..MAX_WORDS.min(run.len() - i) {
                let (id, noun, _) = run[i + n];
                gram[n] = id;
                chars += self.words[id as usize].key.chars().count();
                if noun == 0 || chars < 2 {
                    continue;
                }
                let e = self.grams.entry(gram).or_insert_with(|| Entry {
                    unit,
                    ..Entry::default()
                });
                e.count += 1;
            }
        }
    }

    /// The candidates with at least `min_count` occurrences, by C-value, best first.
    fn rank(mut self, min_count: u32) -> Vec<Ranked> {
        if self.chinese.is_none() {
            self.fold_plurals(min_count.div_ceil(2));
        }
        let chinese = self.chinese.is_some();
        let grams: Vec<(Gram, Entry)> = self
            .grams
            .drain()
            .filter(|(_, e)| e.count >= min_count.max(1) && (chinese || e.count > e.initial))
            .collect();
        let index: FxHashMap<Gram, usize> = grams
            .iter()
            .enumerate()
            .map(|(i, (g, _))| (*g, i))
            .collect();
        // For each candidate, the longer candidates containing it: their number and total
        // frequency.
        let mut nested = vec![(0u32, 0u64); grams.len()];
        for (g, e) in &grams {
            let len = gram_len(g);
            for sub_len in 1..len {
                for start in 0..=len - sub_len {
                    let mut sub = [NONE; MAX_WORDS];
                    sub[..sub_len].copy_from_slice(&g[start..start + sub_len]);
                    if let Some(&j) = index.get(&sub) {
                        nested[j].0 += 1;
                        nested[j].1 += u64::from(e.count);
                    }
                }
            }
        }
        let mut ranked: Vec<Ranked> = grams
            .iter()
            .zip(&nested)
            .map(|((g, e), &(n, total))| {
                let f = f64::from(e.count);
                let within = if n == 0 {
                    0.0
                } else {
                    total as f64 / f64::from(n)
                };
                Ranked {
                    text: self.surface(g, e.shape),
                    count: e.count,
                    score: ((gram_len(g) + 1) as f64).log2() * (f - within),
                    unit: e.unit,
                }
            })
            .collect();
        ranked.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(b.count.cmp(&a.count))
                .then_with(|| a.text.cmp(&b.text))
        });
        ranked
    }

    /// Folds each candidate whose last word is a plural into its singular's, when there are
    /// at least `min` of it: a candidate rarer than that cannot reach the minimum by folding.
    /// The fold keeps the singular's spelling, unless the memory never has the singular.
    fn fold_plurals(&mut self, min: u32) {
        let mut singular: FxHashMap<u32, u32> = FxHashMap::default();
        let plural: Vec<Gram> = self
            .grams
            .iter()
            // A capitalised last word is a name's (United States, Philippines): kept as it is.
            .filter(|(g, e)| e.count >= min && (e.shape >> (2 * (gram_len(g) - 1))) & 3 == LOWER)
            .map(|(g, _)| *g)
            .collect();
        for g in plural {
            let last = gram_len(&g) - 1;
            let id = g[last];
            let one = match singular.get(&id) {
                Some(&s) => s,
                None => {
                    let word = &self.words[id as usize].key;
                    let base = key::inflect(word);
                    let s = if base == **word {
                        id
                    } else {
                        let s = self.word_id(&base, english_role);
                        if self.words[s as usize].role != Role::Content {
                            id
                        } else {
                            s
                        }
                    };
                    singular.insert(id, s);
                    s
                }
            };
            if one == id {
                continue;
            }
            let mut to = g;
            to[last] = one;
            let Some(from) = self.grams.remove(&g) else {
                continue;
            };
            let into = self.grams.remove(&to).unwrap_or_default();
            // The singular is the glossary's form, when the memory has it at all.
            let (mut keep, at, other) = if into.count == 0 {
                (from, g, into)
            } else {
                (into, to, from)
            };
            keep.count += other.count;
            keep.initial += other.initial;
            if keep.unit == 0 {
                keep.unit = other.unit;
            }
            self.grams.insert(at, keep);
        }
    }

    /// The text of a candidate: English words in the case shape most of its occurrences
    /// have, Chinese words as written.
    fn surface(&self, g: &Gram, shape: u8) -> String {
        let len = gram_len(g);
        if self.chinese.is_some() {
            return g[..len]
                .iter()
                .map(|&id| &*self.words[id as usize].key)
                .collect();
        }
        let mut out = String::new();
        for (n, &id) in g[..len].iter().enumerate() {
            if n > 0 {
                out.push(' ');
            }
            let w = &self.words[id as usize];
            match (shape >> (2 * n)) & 3 {
                CAPITALISED => {
                    let mut chars = w.key.chars();
                    if let Some(first) = chars.next() {
                        out.extend(first.to_uppercase());
                        out.push_str(chars.as_str());
                    }
                }
                UPPER => out.push_str(&w.key.to_uppercase()),
                MIXED => match &w.mixed {
                    Some((m, _)) => out.push_str(m),
                    None => out.push_str(&w.key),
                },
                _ => out.push_str(&w.key),
            }
        }
        out
    }
}

fn vote_mixed(slot: &mut Option<(Box<str>, u32)>, w: &str) {
    match slot {
        Some((m, votes)) if **m == *w => *votes += 1,
        Some((_, votes)) if *votes > 1 => *votes -= 1,
        _ => *slot = Some((w.into(), 1)),
    }
}

fn case_shape(word: &str, lower: &str) -> u8 {
    if word == lower {
        return LOWER;
    }
    let mut chars = lower.chars();
    let capitalised = chars.next().is_some_and(|first| {
        let mut w = word.chars();
        w.next()
            .is_some_and(|c| first.to_uppercase().eq(std::iter::once(c)))
            && w.as_str() == chars.as_str()
    });
    if capitalised {
        CAPITALISED
    } else if word == lower.to_uppercase() {
        UPPER
    } else {
        MIXED
    }
}

/// Words never at the edge of an English candidate besides the function words
/// ([`crate::text::function_words`]): common verbs, adverbs and vague words (months, `number`,
/// `reported`). Without a tagger they are the main source of noise ("said", "way").
#[rustfmt::skip]
const VAGUE_WORDS: &[&str] = &[
    "able", "according", "ago", "almost", "already", "always", "april", "august", "away", "back",
    "based", "became", "become", "cause", "caused", "causes", "common", "current", "currently",
    "day", "days", "december", "different", "done", "due", "e.g", "early", "else", "enough",
    "etc", "even", "ever", "february", "first", "five", "found", "four", "friday", "further",
    "get", "gets", "getting", "give", "given", "go", "goes", "going", "got", "high", "higher",
    "i.e", "important", "include", "included", "includes", "including", "increase", "increased",
    "january", "july", "june", "just", "know", "known", "large", "last", "later", "least", "less",
    "like", "likely", "low", "lower", "made", "make", "makes", "march", "monday", "month",
    "months", "near", "need", "needs", "never", "new", "next", "november", "number", "october",
    "often", "once", "one", "own", "part", "people", "perhaps", "possible", "put", "rather",
    "really", "recent", "recently", "related", "reported", "result", "results", "said", "same",
    "saturday", "say", "says", "second", "see", "seen", "september", "several", "show", "showed",
    "shown", "shows", "small", "still", "sunday", "take", "thing", "things", "three", "thursday",
    "time", "times", "together", "total", "tuesday", "two", "use", "used", "using", "vs", "way",
    "wednesday", "week", "weeks", "well", "year", "years", "yes",
];

/// Function words that may stand inside a noun phrase: `memorandum of understanding`,
/// `Ministry of Health and Family Welfare`.
const INNER: &[&str] = &["of", "and", "for", "in", "on", "the"];

fn english_role(lower: &str) -> Role {
    if INNER.contains(&lower) {
        return Role::Inner;
    }
    let letters = lower.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 0
        || lower.chars().count() < 2
        || is_function_word(lower)
        || VAGUE_WORDS.contains(&lower)
    {
        return Role::Never;
    }
    if lower.ends_with("'s") || lower.ends_with("\u{2019}s") {
        return Role::Possessive;
    }
    Role::Content
}

/// jieba's tags for the words of a Chinese candidate: `Some(true)` for a noun, `Some(false)`
/// for a modifier, `None` for anything else (which ends a candidate).
fn chinese_role(tag: &str) -> Option<bool> {
    match tag {
        "vn" | "an" => Some(true),
        "a" | "b" => Some(false),
        // Numerals' and measure words' tags start with m and q, not n; `ng` is a bound
        // noun morpheme.
        t if t.starts_with('n') => Some(true),
        _ => None,
    }
}

enum Piece<'a> {
    Word(&'a str),
    /// Punctuation between words: no candidate spans it.
    Break {
        sentence_end: bool,
    },
}

/// The words of English text and the punctuation between them. A word is letters and digits,
/// with hyphens, apostrophes and full stops inside it (`COVID-19`, `mayor's`, `U.S`).
fn english_pieces(text: &str) -> impl Iterator<Item = Piece<'_>> {
    let mut rest = text;
    std::iter::from_fn(move || {
        loop {
            let mut chars = rest.char_indices();
            let (_, c) = chars.next()?;
            if c.is_alphanumeric() {
                let mut end = rest.len();
                let mut prev_joiner = false;
                let mut last_ok = c.len_utf8();
                for (i, c) in chars {
                    if c.is_alphanumeric() {
                        prev_joiner = false;
                        last_ok = i + c.len_utf8();
                    } else if matches!(c, '-' | '\'' | '\u{2019}' | '.') && !prev_joiner {
                        prev_joiner = true;
                    } else {
                        end = i;
                        break;
                    }
                }
                let end = end.min(last_ok);
                let word = &rest[..end];
                rest = &rest[end..];
                return Some(Piece::Word(word));
            }
            rest = &rest[c.len_utf8()..];
            if c.is_whitespace() {
                continue;
            }
            let sentence_end = matches!(c, '.' | '!' | '?' | ';' | ':' | '。' | '！' | '？');
            return Some(Piece::Break { sentence_end });
        }
    })
}

impl Extraction {
    /// The candidates as concepts in the glossary's own TSV layout, ready to review and
    /// `glossary import`: one concept per candidate, named by its term, with its count,
    /// score and an example in the term's `note` and `context`. A `#` comment above the header
    /// says what was read.
    pub fn write_tsv(&self, out: &mut dyn Write) -> Result<()> {
        let io = |e: std::io::Error| Error::Invalid(format!("writing TSV: {e}"));
        writeln!(
            out,
            "# concord glossary extract: {} candidate terms in {} from {} units ({} to {}), best first; {} left out as glossary terms already",
            self.candidates.len(),
            self.from,
            self.units,
            self.from,
            self.to,
            self.known
        )
        .map_err(io)?;
        let missing = self
            .candidates
            .iter()
            .filter(|c| c.rendering.is_none())
            .count();
        if missing > 0 {
            writeln!(
                out,
                "# {missing} of them have no {} rendering in the memory: add one as a {} row before importing",
                self.to, self.to
            )
            .map_err(io)?;
        }
        let concepts: Vec<StoredConcept> = self
            .candidates
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let mut term = Term::new(self.from.clone(), c.text.clone());
                term.note = Some(format!(
                    "candidate {}: {} occurrences, C-value {:.1}",
                    i + 1,
                    c.count,
                    c.score
                ));
                term.context = Some(c.example.source.clone());
                term.source = Some(format!("concord glossary extract, unit {}", c.example.unit));
                let mut terms = vec![term];
                if let Some(r) = &c.rendering {
                    let mut t = Term::new(self.to.clone(), r.text.clone());
                    t.note = Some(format!(
                        "suggested: in {} of {}{} units holding the term, score {:.2}",
                        r.count,
                        r.units,
                        if r.sampled { " sampled" } else { "" },
                        r.score
                    ));
                    t.context = Some(c.example.target.clone());
                    t.source = Some(format!("concord suggest, unit {}", c.example.unit));
                    terms.push(t);
                }
                StoredConcept {
                    id: i as i64 + 1,
                    concept: Concept {
                        ext_id: Some(c.text.clone()),
                        subject: None,
                        definition: None,
                        note: None,
                        terms,
                        line: 0,
                    },
                    origin: None,
                    imported_at: None,
                }
            })
            .collect();
        crate::formats::delimited::write_delimited(out, b'\t', &concepts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        english_pieces(text)
            .map(|p| match p {
                Piece::Word(w) => w.to_string(),
                Piece::Break { sentence_end } => if sentence_end { "." } else { "," }.into(),
            })
            .collect()
    }

    #[test]
    fn english_words_keep_hyphens_apostrophes_and_inner_stops() {
        assert_eq!(
            words("The mayor's COVID-19 plan (U.S.) — well-being, ok."),
            [
                "The",
                "mayor's",
                "COVID-19",
                "plan",
                ",",
                "U.S",
                ".",
                ",",
                ",",
                "well-being",
                ",",
                "ok",
                "."
            ]
        );
    }

    #[test]
    fn case_shapes() {
        assert_eq!(case_shape("virus", "virus"), LOWER);
        assert_eq!(case_shape("Virus", "virus"), CAPITALISED);
        assert_eq!(case_shape("WHO", "who"), UPPER);
        assert_eq!(case_shape("SARS-CoV-2", "sars-cov-2"), MIXED);
    }

    fn counted(segments: &[&str], min: u32) -> Vec<(String, u32)> {
        let mut c = Counter::new(false);
        for (i, s) in segments.iter().enumerate() {
            c.segment(i as i64 + 1, s);
        }
        c.rank(min).into_iter().map(|r| (r.text, r.count)).collect()
    }

    #[test]
    fn function_words_never_edge_a_candidate() {
        let got = counted(
            &[
                "the health ministry of the city said it",
                "the health ministry of the city",
            ],
            2,
        );
        let texts: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
        assert!(texts.contains(&"ministry of the city"), "{texts:?}");
        assert!(
            !texts
                .iter()
                .any(|t| t.starts_with("the ") || t.ends_with(" of") || t.ends_with(" said")),
            "{texts:?}"
        );
    }

    #[test]
    fn a_candidate_never_spans_punctuation() {
        let got = counted(&["masks, gloves", "masks, gloves", "masks, gloves"], 2);
        assert!(
            !got.iter()
                .any(|(t, _)| t == "masks gloves" || t == "mask gloves"),
            "{got:?}"
        );
    }

    #[test]
    fn plurals_fold_into_the_singular_when_it_is_attested() {
        let got = counted(
            &[
                "new cases here",
                "one case there",
                "more cases now",
                "cases rise",
            ],
            4,
        );
        assert!(got.contains(&("case".to_string(), 4)), "{got:?}");
        let got = counted(&["bats here", "more bats there", "bats fly"], 3);
        assert!(got.contains(&("bats".to_string(), 3)), "{got:?}");
    }

    #[test]
    fn sentence_initial_capitals_give_way_to_the_inner_case() {
        let got = counted(
            &[
                "Quarantine works.",
                "We need quarantine now",
                "Strict quarantine helps",
            ],
            3,
        );
        assert_eq!(got.first(), Some(&("quarantine".to_string(), 3)), "{got:?}");
        let only_initial = counted(
            &[
                "Researchers found it",
                "Researchers think so",
                "Researchers agree",
            ],
            3,
        );
        assert!(
            only_initial
                .iter()
                .all(|(t, _)| !t.starts_with("Researchers")),
            "{only_initial:?}"
        );
    }

    #[test]
    fn c_value_discounts_a_term_nested_in_a_longer_one() {
        // "protective equipment" occurs only inside the longer term: its own score is nil.
        let seg = "personal protective equipment";
        let mut c = Counter::new(false);
        for i in 0..5 {
            c.segment(i, seg);
        }
        let ranked = c.rank(3);
        assert_eq!(ranked[0].text, "personal protective equipment");
        let nested = ranked
            .iter()
            .find(|r| r.text == "protective equipment")
            .unwrap();
        assert_eq!(nested.score, 0.0);
    }

    #[test]
    fn chinese_candidates_are_noun_sequences() {
        let mut c = Counter::new(true);
        for i in 0..3 {
            c.segment(i, "卫生部发布了新的防控措施。");
        }
        let texts: Vec<String> = c.rank(3).into_iter().map(|r| r.text).collect();
        assert!(texts.iter().any(|t| t == "卫生部"), "{texts:?}");
        assert!(!texts.iter().any(|t| t.contains("发布")), "{texts:?}");
    }
}
