//! Renderings of a term the memory attests: translation spotting by association, with no
//! training step, over the index the memory already keeps.
//!
//! The method is a contract (README, "How suggest ranks renderings"):
//! 1. The units whose segment in the source language contains the term: candidates from the
//!    intersection of its tokens' posting lists, verified in the stored text (a substring in
//!    Chinese, whole words in a spaced language: "respirator" is not in "respiratory"). When
//!    more than [`SAMPLE_CAP`] units contain it, a deterministic sample of that many is read,
//!    the segments taken in the order of a hash of their ids, and the answer says `sampled`.
//! 2. In those units' target segments, every span that crosses no punctuation nor cuts a
//!    hyphenated word: 1 to [`MAX_HAN`] characters of a Chinese (unspaced) target, 1 to
//!    [`MAX_WORDS`] words of a spaced one, neither first nor last word a stopword unless all
//!    are (articles aside: "but" renders 但是), then in half the targets and with a
//!    G² above [`SIGNIFICANT`] (step 4): "to" in a term's two units is chance. Each counts
//!    once per unit and once per distinct target text ([`text_key`]); a span must reach [`MIN_SHARE`] of
//!    the distinct targets (and two).
//! 3. Spans the glossary gives as the rendering of another source word of the unit are
//!    masked there ([`masks`]).
//! 4. Each span scored by G² of the 2x2 table against the whole memory ([`g2`]), where
//!    f(span) is the number of target segments holding all the span's tokens (its posting
//!    lists intersected: exact for one token, an upper bound for more); a sample's counts
//!    scaled to all the units holding the term.
//! 5. A span gives way to a longer one holding it in nearly as many units ([`FOLD_RATIO`], or
//!    all but one when the longer is nearer the expected length, [`expected_len`]), or in
//!    half as many where the longer one is what ties it to the term, unless a source word
//!    beside the term may explain the longer one (not when the rest of the memory shows its
//!    extra words rendering a piece of the term, [`explained_over`]); then sub- and super-spans of nearly the
//!    same count fold into the best-scored one, except that a span such a neighbour may
//!    explain gives way to the span inside it nearest the expected length. A span that is the
//!    common part of several longer variants standing between them in nearly all its units
//!    gives way to the best-supported variant nearer the expected length ([`variant_of`]).
//!    A span also gives way to the longest span it hides when the rest of the memory shows
//!    its extra words rendering a piece of the source outside the term ([`Elsewhere`]).
//!    Last, a span of a Chinese target that would be listed for itself is dropped when its
//!    edge cuts a word in nearly all its occurrences ([`cuts_a_word`]: 染性 of 传染性).
//! 6. A span that gave way to a longer one holding it is listed right after it when it stands
//!    in three units or more and, in a Chinese target, neither it nor the extra characters cut
//!    a word ([`stands_apart`]: 社交距离 after 保持社交距离); one for each span kept.

use std::collections::HashSet;
use std::sync::Arc;

use rusqlite::Connection;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

mod counts;
pub use counts::Counts;
use counts::Posting;

use super::concordance::Folded;
use super::index;
use super::read::{Candidate, InUnit, MemoryRead};
use super::search::{memory_languages, source_range};
use crate::error::{Error, Result};
use crate::text::{LangTag, function_words, key, script};

/// At most this many units containing the term are read; more are sampled down to it.
pub const SAMPLE_CAP: usize = 2_000;
/// The longest span of a Chinese (unspaced) target, in characters.
pub const MAX_HAN: usize = 16;
/// The longest span of a spaced target, in words.
pub const MAX_WORDS: usize = 5;
/// Spans whose counts are at least this close (smaller / larger) fold into one: the longer.
pub const FOLD_RATIO: f64 = 0.8;
/// The share of the term's units a span must stand in to be listed (and at least two).
pub const MIN_SHARE: f64 = 0.25;
/// G² above which an association is taken as real (p < 0.01, one degree of freedom).
const SIGNIFICANT: f64 = 6.63;
/// At most this many units are read for the evidence under a glossary entry: a lookup gives it
/// for up to three entries, and reading [`SAMPLE_CAP`] units for each was most of a lookup's
/// time (45 ms each for a common word in a memory of a million pairs). The shares it reports
/// move by a few points at most; the memory's answer when the glossary is silent keeps
/// `suggest`'s sample.
pub const EVIDENCE_SAMPLE: usize = 500;
/// The most segments read to count a span of several tokens in the memory.
const VERIFIED: usize = 200;
/// The longest term, in characters: a term, not a sentence (the glossary's fuzzy index stops
/// at the same length).
pub const MAX_TERM_CHARS: usize = 64;
/// Spans whose whole-memory count is computed (by posting lists) after a first ranking on an
/// upper bound of their score.
const REFINED: usize = 64;
/// The memory's best renderings read for [`evidence`], of which those that stand in place of
/// the others are kept.
const OTHERS_READ: usize = 12;
/// The fewest units a span that gave way to a longer one must stand in to be listed after it
/// ([`stands_apart`]): one more than the least a rendering is listed on. Two units give two
/// readings of the same two sentences (成病毒性肺炎 beside 发展成病毒性肺炎), pushing a third
/// rendering out of the first three.
const ALTERNATIVE_UNITS: usize = 3;
/// Examples shown for each rendering.
const EXAMPLES: usize = 2;
/// Candidate segments read at once when gathering a term's units.
const READ_AHEAD: usize = 256;
/// Candidates put in the sample's order at a time (see [`units_with`]).
const SORTED_BLOCK: usize = 1024;

#[derive(Clone, Debug)]
pub struct SuggestQuery {
    pub term: String,
    /// The term's language; by default the memory's language whose script fits the term.
    pub from: Option<LangTag>,
    /// The renderings' language; by default the memory's other language.
    pub to: Option<LangTag>,
    pub limit: usize,
    /// The most units read: more holding the term are sampled down to this many
    /// ([`SAMPLE_CAP`] by default; a caller asking about many terms may trade precision for
    /// time with fewer).
    pub sample: usize,
}

impl SuggestQuery {
    pub fn new(term: impl Into<String>) -> SuggestQuery {
        SuggestQuery {
            term: term.into(),
            from: None,
            to: None,
            limit: 10,
            sample: SAMPLE_CAP,
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Suggestions {
    pub query: String,
    pub from: LangTag,
    pub to: LangTag,
    /// The units read: all those whose source contains the term, or the sample of them.
    pub units: usize,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub sampled: bool,
    pub candidates: Vec<Rendering>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Rendering {
    /// The span as the memory stores it (its most frequent form).
    pub text: String,
    /// G², the log-likelihood ratio of the span's 2x2 table (Dunning 1993): higher is a
    /// stronger (positive) association with the term; it grows with the evidence.
    pub score: f64,
    /// Units (of those read) whose target holds the span.
    pub count: usize,
    pub examples: Vec<Example>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Example {
    pub unit: i64,
    pub source: String,
    pub target: String,
    /// Where the rendering stands in the target, in characters (0-based), and its length.
    pub start: usize,
    pub len: usize,
}

/// One unit that holds the term: its source and target text.
struct Pair {
    unit: i64,
    source: String,
    target: String,
    /// The source's and the target's [`runs`], made once: a ranking read each target's
    /// runs some twenty times (counting twice, masks, the expected length, each rendering's
    /// examples), a sixth of a lookup's time.
    source_runs: std::cell::OnceCell<Vec<Vec<Tok>>>,
    target_runs: std::cell::OnceCell<Vec<Vec<Tok>>>,
    /// The target folded once for [`Pair::holds`]: the evidence asks each target for every
    /// rendering the glossary gives and for each of the memory's best.
    target_folded: std::cell::OnceCell<Folded>,
    /// The source's [`pieces`] outside the term ([`Elsewhere::renders_outside`] asks each
    /// unit holding a longer span, again for each span).
    source_pieces: std::cell::OnceCell<HashSet<String>>,
}

impl Pair {
    fn new(unit: i64, source: String, target: String) -> Pair {
        Pair {
            unit,
            source,
            target,
            source_runs: Default::default(),
            target_runs: Default::default(),
            target_folded: Default::default(),
            source_pieces: Default::default(),
        }
    }

    /// The source's [`pieces`] outside `term` (the ranking's term, the same at every ask).
    fn source_pieces(&self, unspaced: bool, term: &[String]) -> &HashSet<String> {
        self.source_pieces
            .get_or_init(|| pieces(&self.source, unspaced, term))
    }

    /// [`holds_in`] of the target, folded once.
    fn holds(&self, rendering: &str) -> bool {
        holds_in(
            self.target_folded.get_or_init(|| Folded::new(&self.target)),
            rendering,
        )
    }

    fn source_runs(&self) -> &[Vec<Tok>] {
        self.source_runs.get_or_init(|| runs(&self.source))
    }

    fn target_runs(&self) -> &[Vec<Tok>] {
        self.target_runs.get_or_init(|| runs(&self.target))
    }
}

/// The units read for a term.
struct Units {
    pairs: Vec<Pair>,
    sampled: bool,
    /// How many units hold the term for each one read (1 unless sampled): what scales the
    /// sample's counts to the whole memory, which the span's own count is taken from.
    scale: f64,
}

/// The renderings of a term `mem` attests. The glossary that masks other words' renderings
/// is read from `glossary`: on SQLite the same store as the memory.
pub fn suggest<R: MemoryRead>(
    mem: &R,
    glossary: &Connection,
    q: &SuggestQuery,
) -> Result<Suggestions> {
    let term = q.term.trim();
    if term.is_empty() {
        return Err(Error::Invalid("the term is empty".into()));
    }
    let n = term.chars().count();
    if n > MAX_TERM_CHARS {
        return Err(Error::Invalid(format!(
            "a term of {n} characters is longer than {MAX_TERM_CHARS}, the longest suggest reads"
        )));
    }
    mem.snapshot(|| {
        let from = source_range(mem, term, q.from.as_ref())?;
        let to = target_range(mem, &from, q.to.as_ref())?;
        let counts = Counts::default();
        let units = units_with(mem, term, &from, &to, q.sample.max(1), &counts)?;
        // No unit holds the term: an answer (none), not an error.
        let candidates = rank(mem, glossary, term, &units, &from, &to, q.limit, &counts)?;
        Ok(Suggestions {
            query: q.term.clone(),
            from,
            to,
            units: units.pairs.len(),
            sampled: units.sampled,
            candidates,
        })
    })
}

/// What the memory says of a glossary term: how many of the units holding it render it with
/// each of the glossary's renderings, and the memory's own best renderings besides them.
#[derive(Clone, Debug, Serialize)]
pub struct Evidence {
    pub term: String,
    pub from: LangTag,
    pub to: LangTag,
    /// The units read, as in [`Suggestions::units`].
    pub units: usize,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub sampled: bool,
    /// The renderings asked about, each with the units (of those read) whose target holds it.
    pub renderings: Vec<Attested>,
    /// The memory's best renderings that stand where none of those (nor a better one of these)
    /// does, in at least two units and in most of the units that hold them.
    pub others: Vec<Rendering>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Attested {
    pub text: String,
    pub units: usize,
    /// The glossary says not to use it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
}

/// A rendering to count in [`evidence`]: its text, and whether the glossary deprecates it.
pub type Known<'a> = (&'a str, bool);

/// What [`evidence`] ranks a term's renderings by: the term, the languages asked for and the
/// sample. The ranking depends on these (and the database) only, never on the glossary's
/// renderings asked about, so the concepts of one lookup that match the same term share it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RankKey {
    term: String,
    from: Option<LangTag>,
    to: Option<LangTag>,
    sample: usize,
}

/// The memory's rankings [`evidence_with`] computed, by [`RankKey`], for the next evidence of
/// the same term on the same snapshot of the database: a lookup of "prescription" matching
/// three concepts ranked the same 104 units three times (rankings are 70% of a lookup's CPU,
/// and a third of the bench's were such repeats). Whoever keeps one across transactions must
/// drop it when the database changes, as `answer::evidence_cache` does.
#[derive(Clone, Debug, Default)]
pub struct Ranked {
    kept: FxHashMap<RankKey, Vec<Rendering>>,
    /// Rank every time, even where no ranking can give an "other" and whatever is kept: the
    /// reference the shortcuts are checked against (tests/lookup_evidence_speed.rs).
    always: bool,
    /// The memory's counts the rankings read, for the next ranking of the same snapshot.
    counts: Counts,
}

impl Ranked {
    /// No memo and no shortcut: each evidence ranks its units, as before the memo.
    pub fn reference() -> Ranked {
        Ranked {
            always: true,
            counts: Counts::none(),
            ..Ranked::default()
        }
    }

    /// Reads and keeps the memory's counts in `other`'s memo (of the same snapshot) from now
    /// on: the rankings of other terms on that snapshot count the same spans.
    pub fn share_counts(&mut self, other: &Ranked) {
        if !self.always {
            self.counts = other.counts.clone();
        }
    }

    /// The ranking kept under `key`.
    pub fn get(&self, key: &RankKey) -> Option<&Vec<Rendering>> {
        self.kept.get(key)
    }

    /// Keeps a ranking (from another memo of the same snapshot).
    pub fn insert(&mut self, key: RankKey, ranking: Vec<Rendering>) {
        if !self.always {
            self.kept.insert(key, ranking);
        }
    }

    pub fn len(&self) -> usize {
        self.kept.len()
    }

    pub fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }
}

impl RankKey {
    /// The key [`evidence_with`] keeps the ranking of this request under.
    pub fn new(req: &EvidenceRequest) -> Self {
        RankKey {
            term: req.term.trim().to_string(),
            from: req.from.cloned(),
            to: req.to.cloned(),
            sample: req.sample.max(1),
        }
    }
}

/// One question for [`evidence`]: a term, its languages, the renderings the glossary gives it,
/// and how much of the memory to read and report. Lookup asks one per matched concept (and
/// one for the query itself when the glossary has no entry).
#[derive(Clone, Copy, Debug)]
pub struct EvidenceRequest<'a> {
    /// The term, as the glossary matched it (or as asked); trimmed before use. Empty or
    /// longer than [`MAX_TERM_CHARS`]: no evidence.
    pub term: &'a str,
    /// The term's language; by default the memory's language whose script fits the term.
    pub from: Option<&'a LangTag>,
    /// The renderings' language; by default the memory's only other language.
    pub to: Option<&'a LangTag>,
    /// The glossary's renderings in `to`, each with whether it is deprecated: the units
    /// holding each are counted ([`Evidence::renderings`]). Empty when the glossary is silent.
    pub known: &'a [Known<'a>],
    /// The most renderings of the memory's own given beside `known` ([`Evidence::others`]).
    pub limit: usize,
    /// The most units read: more holding the term are sampled down to this many
    /// ([`EVIDENCE_SAMPLE`] under a glossary entry, [`SAMPLE_CAP`] otherwise).
    pub sample: usize,
}

/// The memory's evidence for a term and the renderings a glossary gives it (none, when the
/// glossary is silent): `None` when the memory holds no pair of the languages (an empty
/// memory, a language it lacks, an ambiguous one), since evidence is an extra, not an answer.
pub fn evidence<R: MemoryRead>(
    mem: &R,
    glossary: &Connection,
    req: &EvidenceRequest,
) -> Result<Option<Evidence>> {
    evidence_with(mem, glossary, req, &mut Ranked::default())
}

/// [`evidence`], taking the term's ranking from `ranked` when it holds it and keeping it there
/// otherwise. `ranked` must hold only rankings of the snapshot this reads.
pub fn evidence_with<R: MemoryRead>(
    mem: &R,
    glossary: &Connection,
    req: &EvidenceRequest,
    ranked: &mut Ranked,
) -> Result<Option<Evidence>> {
    let &EvidenceRequest {
        term,
        from,
        to,
        known,
        limit,
        sample,
    } = req;
    let key = RankKey::new(req);
    let term = term.trim();
    if term.is_empty() || term.chars().count() > MAX_TERM_CHARS {
        return Ok(None);
    }
    mem.snapshot(|| {
        let langs = source_range(mem, term, from)
            .and_then(|from| Ok((target_range(mem, &from, to)?, from)));
        let (to, from) = match langs {
            Ok(l) => l,
            Err(Error::Invalid(_)) => return Ok(None),
            Err(e) => return Err(e),
        };
        let units = units_with(mem, term, &from, &to, sample.max(1), &ranked.counts)?;
        let (pairs, sampled) = (&units.pairs, units.sampled);
        // A rendering inside a longer one (备忘录 in 谅解备忘录) counts only where the longer
        // one is not.
        let counts = |text: &str| {
            pairs
                .iter()
                .filter(|p| {
                    p.holds(text)
                        && !known.iter().any(|&(longer, _)| {
                            longer.len() > text.len() && longer.contains(text) && p.holds(longer)
                        })
                })
                .count()
        };
        let renderings = known
            .iter()
            .map(|&(text, deprecated)| Attested {
                text: text.to_string(),
                units: counts(text),
                deprecated,
            })
            .collect();
        // A unit is explained by the first rendering found in it, the glossary's first: another
        // rendering is evidence only where it stands in place of those, not beside them (年 in
        // every dated sentence that says 友好城市 is context, not a rendering).
        let mut explained: Vec<bool> = pairs
            .iter()
            .map(|p| known.iter().any(|(t, _)| p.holds(t)))
            .collect();
        let mut others = Vec::new();
        // An "other" stands alone (in no unit explained before it) in at least min(2, units)
        // units, and units only become explained: with fewer unexplained units than that, no
        // ranking can give one, and ranking is most of the evidence's time.
        let unexplained = explained.iter().filter(|&&e| !e).count();
        let ranking = if !ranked.always && unexplained < pairs.len().min(2) {
            Vec::new()
        } else if let Some(r) = ranked.get(&key) {
            r.clone()
        } else {
            let r = rank(
                mem,
                glossary,
                term,
                &units,
                &from,
                &to,
                OTHERS_READ,
                &ranked.counts,
            )?;
            ranked.insert(key, r.clone());
            r
        };
        for r in ranking {
            if others.len() == limit {
                break;
            }
            let held: Vec<usize> = (0..pairs.len())
                .filter(|&i| pairs[i].holds(&r.text))
                .collect();
            let alone = held.iter().filter(|&&i| !explained[i]).count();
            if alone < held.len().div_ceil(2).max(pairs.len().min(2)) {
                continue;
            }
            for i in held {
                explained[i] = true;
            }
            others.push(r);
        }
        Ok(Some(Evidence {
            term: term.to_string(),
            from,
            to,
            units: pairs.len(),
            sampled,
            renderings,
            others,
        }))
    })
}

/// The endings a term's last word may take where it is found: a term of a spaced language
/// ending in a letter is found in the plural too (ventilator in "Ventilators are needed"),
/// as the glossary's lookup tolerates plurals. The term itself is first.
fn plural_forms(term: &str) -> &'static [&'static str] {
    let last = term.chars().last();
    let spaced = !term.chars().any(script::is_han_or_kana);
    if spaced && last.is_some_and(|c| c.is_alphabetic()) {
        &["", "s", "es"]
    } else {
        &[""]
    }
}

/// Whether a folded target holds a rendering: as a substring in Chinese, as whole words
/// otherwise.
fn holds_in(target: &Folded, rendering: &str) -> bool {
    if rendering.chars().any(script::is_han_or_kana) {
        target.find(rendering).is_some()
    } else {
        target.find_word(rendering).is_some()
    }
}

/// The language to render in: the one given, if the memory holds it; else the memory's only
/// language other than `from`.
fn target_range<R: MemoryRead>(mem: &R, from: &LangTag, to: Option<&LangTag>) -> Result<LangTag> {
    let langs = memory_languages(mem)?;
    let have = || {
        langs
            .iter()
            .map(|(l, _)| l.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(to) = to {
        if !langs.iter().any(|(l, _)| to.selects(l)) {
            return Err(Error::Invalid(format!(
                "the memory has no {to} segments (it has {})",
                have()
            )));
        }
        if to.selects(from) || from.selects(to) {
            return Err(Error::Invalid(format!(
                "--to {to} is the term's own language; name another (the memory has {})",
                have()
            )));
        }
        return Ok(to.clone());
    }
    let mut others: Vec<&str> = langs
        .iter()
        .map(|(l, _)| l.primary())
        .filter(|p| *p != from.primary())
        .collect();
    others.sort();
    others.dedup();
    match others.as_slice() {
        [one] => LangTag::parse(one),
        [] => Err(Error::Invalid(format!(
            "the memory holds no language besides {from} to render into"
        ))),
        many => Err(Error::Invalid(format!(
            "the renderings could be in any of {}; pass --to",
            many.join(", ")
        ))),
    }
}

/// A well-mixed hash of an id: the order the sample takes segments in.
fn mix(id: i64) -> u64 {
    let mut z = (id as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A token's posting list as segment ids, in order.
fn segments_of<R: MemoryRead>(mem: &R, token: u32) -> Result<Vec<i64>> {
    let mut buf = Vec::new();
    mem.postings(token, &mut buf)?;
    Ok(buf.into_iter().map(|p| index::unpack(p).0).collect())
}

/// A token's posting list, as the snapshot's rankings keep it in `counts` (read and kept when
/// they do not hold it yet).
fn list_of<R: MemoryRead>(mem: &R, counts: &Counts, token: u32) -> Result<Arc<Posting>> {
    if let Some(l) = counts.list(token) {
        return Ok(l);
    }
    let l = Arc::new(Posting::new(segments_of(mem, token)?));
    counts.keep_list(token, &l);
    Ok(l)
}

/// Calls `f` with each id of `a` that is in `b` (both in order), in order. `b` is often a
/// common token's whole posting list, thousands of times longer than `a` (a rare token's):
/// it is galloped over, not walked, which was a twentieth of a lookup's time at a million
/// pairs.
fn each_common(a: &[i64], b: &[i64], mut f: impl FnMut(i64)) {
    let mut j = 0;
    for &x in a {
        if j < b.len() && b[j] < x {
            // b[j] < x throughout; then the first of b[j..] not below x.
            let mut step = 1;
            while j + step < b.len() && b[j + step] < x {
                j += step;
                step *= 2;
            }
            let end = (j + step + 1).min(b.len());
            j += b[j..end].partition_point(|&y| y < x);
        }
        if j == b.len() {
            return;
        }
        if b[j] == x {
            f(x);
        }
    }
}

/// The ids of `a` that are in `b` (both in order), in order.
fn common(a: &[i64], b: &[i64]) -> Vec<i64> {
    let mut out = Vec::new();
    each_common(a, b, |x| out.push(x));
    out
}

/// The ids of `a` that are in `b`'s posting list, read from its bitmap when it has one.
fn common_with(a: &[i64], b: &Posting) -> Vec<i64> {
    if b.bits.is_some() {
        return a
            .iter()
            .copied()
            .filter(|&x| b.holds(x) == Some(true))
            .collect();
    }
    common(a, &b.ids)
}

/// How many ids of `a` are in `b`'s posting list, with nothing allocated.
fn common_count(a: &[i64], b: &Posting) -> usize {
    if b.bits.is_some() {
        return a.iter().filter(|&&x| b.holds(x) == Some(true)).count();
    }
    let mut n = 0;
    each_common(a, &b.ids, |_| n += 1);
    n
}

/// Candidate ids in the sample's order, the order of [`mix`] of their ids (keyed once each: a
/// stable sort by a computed key hashed each id at every comparison; no two ids share a key),
/// put in that order a block at a time as the reading reaches it: a common word's hundreds of
/// thousands of candidates were sorted whole for the first few hundred of them.
struct SampleOrder {
    keyed: Vec<(u64, i64)>,
    /// The places in order so far: `keyed[..sorted]` is the order's beginning.
    sorted: usize,
}

impl SampleOrder {
    fn new(ids: &[i64]) -> SampleOrder {
        SampleOrder {
            keyed: ids.iter().map(|&id| (mix(id), id)).collect(),
            sorted: 0,
        }
    }

    fn len(&self) -> usize {
        self.keyed.len()
    }

    /// The ids at places `at..end` of the order.
    fn ids(&mut self, at: usize, end: usize) -> impl Iterator<Item = i64> + '_ {
        let total = self.keyed.len();
        let end = end.min(total);
        if end > self.sorted {
            // The next block: the least keys of the rest, sorted.
            let upto = (self.sorted + SORTED_BLOCK).max(end).min(total);
            let rest = &mut self.keyed[self.sorted..];
            if upto < total {
                rest.select_nth_unstable(upto - self.sorted);
            }
            rest[..upto - self.sorted].sort_unstable();
            self.sorted = upto;
        }
        self.keyed[at.min(end)..end].iter().map(|&(_, id)| id)
    }
}

/// The units whose `from` segment contains the term, with their `to` segment: all of them, or
/// a deterministic sample of `cap`.
fn units_with<R: MemoryRead>(
    mem: &R,
    term: &str,
    from: &LangTag,
    to: &LangTag,
    cap: usize,
    counts: &Counts,
) -> Result<Units> {
    let none = Units {
        pairs: Vec::new(),
        sampled: false,
        scale: 1.0,
    };
    let k = key::fuzzy_key(term);
    let toks = crate::text::token::tokens(&k);
    let mut lists: Vec<(u64, Vec<u32>)> = Vec::new();
    for (i, &t) in toks.iter().enumerate() {
        let forms = if i + 1 == toks.len() {
            plural_forms(term)
                .iter()
                .map(|s| format!("{t}{s}"))
                .collect()
        } else {
            vec![t.to_string()]
        };
        let (mut df, mut ids) = (0, Vec::new());
        for f in forms {
            if let Some((id, d)) = mem.token_id(from.primary(), &f)? {
                df += d;
                ids.push(id);
            }
        }
        // A token the memory never saw: no segment holds the term.
        if ids.is_empty() {
            return Ok(none);
        }
        lists.push((df, ids));
    }
    lists.sort();
    // The lists as the snapshot's rankings keep them ([`list_of`]): the words of one term come
    // back in others ("to", "of", "people"), and a common word's list was read and decoded
    // whole for each, to intersect it with a rare one's (a tenth of a lookup's time).
    let mut cands = match lists.first() {
        Some((_, ids)) => {
            let mut all = Vec::new();
            for &id in ids {
                all.extend_from_slice(&list_of(mem, counts, id)?.ids);
            }
            all.sort_unstable();
            all.dedup();
            all
        }
        None => return Ok(none),
    };
    for (_, ids) in &lists[1..] {
        let forms = ids
            .iter()
            .map(|&id| list_of(mem, counts, id))
            .collect::<Result<Vec<_>>>()?;
        // In the union of the forms' lists: in one of them.
        cands.retain(|&x| forms.iter().any(|l| l.contains(x)));
    }
    let mut order = SampleOrder::new(&cands);
    let total = order.len();
    let mut seen = HashSet::new();
    let mut pairs = Vec::new();
    let forms: Vec<String> = plural_forms(term)
        .iter()
        .map(|s| format!("{term}{s}"))
        .collect();
    let mut holds_term = |seg: &Candidate| {
        LangTag::parse(&seg.lang).is_ok_and(|l| from.selects(&l)) && {
            let text = Folded::new(&seg.text);
            forms.iter().any(|f| holds_in(&text, f))
        }
    };
    // A chunk of candidates at a time, in the sample's order: a store across a network reads
    // each chunk's segments, then the units of those that hold the term, in two round trips.
    // No chunk reaches further than one unit past the cap would need if every candidate held
    // the term (the answer does not depend on where chunks end).
    let mut at = 0;
    let mut chunk: Vec<i64> = Vec::with_capacity(READ_AHEAD);
    while at < total {
        let want = (cap + 1).saturating_sub(pairs.len()).clamp(16, READ_AHEAD);
        let end = (at + want).min(total);
        chunk.clear();
        chunk.extend(order.ids(at, end));
        let chunk = &chunk[..];
        let first = at;
        at += chunk.len();
        for (i, read) in mem
            .candidates_in_units(chunk, &mut holds_term)?
            .into_iter()
            .enumerate()
        {
            let Some(InUnit {
                candidate,
                others: Some(others),
            }) = read
            else {
                continue;
            };
            let unit = candidate.unit;
            if seen.contains(&unit) {
                continue;
            }
            let Some(target) = others
                .into_iter()
                .find(|seg| to.selects(&seg.lang))
                .map(|seg| seg.text)
            else {
                continue;
            };
            if pairs.len() == cap {
                // The candidates not read hold the term as often as those read did.
                let scale = total as f64 / (first + i) as f64;
                return Ok(Units {
                    pairs,
                    sampled: true,
                    scale,
                });
            }
            seen.insert(unit);
            pairs.push(Pair::new(unit, candidate.text, target));
        }
    }
    Ok(Units {
        pairs,
        sampled: false,
        scale: 1.0,
    })
}

/// A character as spans compare it: lower case, Traditional as Simplified, a hyphen as a
/// space (COVID-19 and COVID 19 are one span), one character for one so that positions hold.
fn fold(c: char) -> char {
    match c {
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' => ' ',
        '\u{2018}' | '\u{2019}' | '\u{02BC}' => '\'',
        c => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => key::simplified_char(l),
                _ => c,
            }
        }
    }
}

/// A token of a segment: its folded text, its place in the stored text in characters, and
/// whether a hyphen binds it to the next token (a span never cuts a hyphenated word: "self"
/// is not a rendering where the text says self-isolation).
struct Tok {
    text: String,
    start: usize,
    end: usize,
    joined: bool,
}

impl AsRef<str> for Tok {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

/// Hyphens that make one word of two (not the en dash of a range, 2019–2020).
fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// A segment's tokens in runs that no punctuation crosses: Han and kana characters one token
/// each, words of letters and digits (an apostrophe inside a word kept) another.
fn runs(text: &str) -> Vec<Vec<Tok>> {
    let raw: Vec<char> = text.chars().collect();
    let chars: Vec<char> = raw.iter().copied().map(fold).collect();
    let word = |c: char| c.is_alphanumeric() && !script::is_han_or_kana(c);
    let (mut out, mut run) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if script::is_han_or_kana(c) {
            run.push(Tok {
                text: c.to_string(),
                start: i,
                end: i + 1,
                joined: false,
            });
            i += 1;
        } else if word(c) {
            let s = i;
            while i < chars.len()
                && (word(chars[i])
                    || (chars[i] == '\'' && i + 1 < chars.len() && word(chars[i + 1])))
            {
                i += 1;
            }
            run.push(Tok {
                text: chars[s..i].iter().collect(),
                start: s,
                end: i,
                joined: i + 1 < chars.len() && is_hyphen(raw[i]) && word(chars[i + 1]),
            });
        } else {
            if !c.is_whitespace() && !run.is_empty() {
                out.push(std::mem::take(&mut run));
            }
            i += 1;
        }
    }
    if !run.is_empty() {
        out.push(run);
    }
    out
}

/// Words no rendering of a term begins or ends with.
const STOPWORDS: &[&str] = function_words::COMMON;

/// Source words that are never a neighbour explaining a target span: an article has no
/// rendering in Chinese, so "the" before a term says nothing of the span around its rendering
/// (美国 is "United States", not "the United States"). Other function words are neighbours:
/// "most" is 最 in 传染性最强, 了 and 的 stand beside 搞错 where "made a mistake" is said.
const ARTICLES: &[&str] = &["a", "an", "the"];

/// Chinese function characters no rendering begins or ends with.
const HAN_EDGES: &[&str] = &[
    "的", "了", "和", "与", "及", "是", "把", "被", "也", "都", "而", "或", "并",
];

/// A candidate span: its tokens (interned); how many units hold it, and how many distinct
/// target texts (what it is scored by: a unit repeated, or translated twice the same way, is
/// one piece of evidence); the last unit and text counted.
struct Span {
    toks: Vec<u32>,
    /// Its words are all function words.
    function_only: bool,
    count: usize,
    distinct: usize,
    last: usize,
    last_text: usize,
}

/// Interned token texts.
#[derive(Default)]
struct Interner {
    ids: FxHashMap<String, u32>,
    texts: Vec<String>,
}

impl Interner {
    fn id(&mut self, t: &str) -> u32 {
        if let Some(&id) = self.ids.get(t) {
            return id;
        }
        let id = self.texts.len() as u32;
        self.ids.insert(t.to_string(), id);
        self.texts.push(t.to_string());
        id
    }
}

/// Character ranges of a target that no span may overlap (see [`masks`]).
type Mask = Vec<(usize, usize)>;

/// The targets of a ranking as interned tokens, made once: [`count_spans`] ran twice a
/// ranking (before the masks and after), each time interning every token of every target,
/// testing each against the stopwords and keying each whole target again (a quarter of a
/// ranking's time, most of it allocations).
struct Targets {
    /// Each pair's distinct target text (by [`text_key`]), numbered in the pairs' order.
    text: Vec<usize>,
    /// How many distinct target texts there are.
    texts: usize,
    /// Each pair's [`Pair::target_runs`] as interned tokens.
    runs: Vec<Vec<Vec<u32>>>,
    /// By interned token: no span begins or ends with it (the target's stopwords).
    edge: Vec<bool>,
    /// By interned token: an article.
    article: Vec<bool>,
}

impl Targets {
    /// Interns the targets' tokens in the order [`count_spans`] reads them (distinct text,
    /// then unit), so that token ids, and with them the ties of the ranking broken by ids,
    /// are those of interning as it counts.
    fn new(pairs: &[Pair], to: &LangTag, words: &mut Interner) -> Targets {
        let edges = if to.is_unspaced() {
            HAN_EDGES
        } else {
            STOPWORDS
        };
        let mut keys: FxHashMap<String, usize> = FxHashMap::default();
        let text: Vec<usize> = pairs
            .iter()
            .map(|p| {
                let n = keys.len();
                *keys.entry(text_key(&p.target)).or_insert(n)
            })
            .collect();
        let mut runs: Vec<Vec<Vec<u32>>> = vec![Vec::new(); pairs.len()];
        for (_, u) in Targets::order_of(&text) {
            runs[u] = pairs[u]
                .target_runs()
                .iter()
                .map(|run| run.iter().map(|t| words.id(&t.text)).collect())
                .collect();
        }
        let flag = |list: &[&str]| -> Vec<bool> {
            words
                .texts
                .iter()
                .map(|t| list.contains(&t.as_str()))
                .collect()
        };
        Targets {
            texts: keys.len(),
            edge: flag(edges),
            article: flag(ARTICLES),
            text,
            runs,
        }
    }

    /// (distinct text, unit) in order: units with the same target text one after the other.
    fn order_of(text: &[usize]) -> Vec<(usize, usize)> {
        let mut order: Vec<(usize, usize)> = text.iter().copied().zip(0..).collect();
        order.sort_unstable();
        order
    }
}

/// Counts every candidate span of the targets, once per unit and once per distinct target
/// text; returns the spans (the number of distinct target texts is [`Targets::texts`]).
fn count_spans(pairs: &[Pair], to: &LangTag, targets: &Targets, masks: &[Mask]) -> Vec<Span> {
    let unspaced = to.is_unspaced();
    let longest = if unspaced { MAX_HAN } else { MAX_WORDS };
    let mut spans: FxHashMap<&[u32], usize> = FxHashMap::default();
    let mut out: Vec<Span> = Vec::new();
    for (text, u) in Targets::order_of(&targets.text) {
        let mask = masks.get(u).map_or(&[][..], Vec::as_slice);
        for (run, ids) in pairs[u].target_runs().iter().zip(&targets.runs[u]) {
            let stop = |i: usize| targets.edge[ids[i] as usize];
            for s in 0..ids.len() {
                if (unspaced && stop(s)) || (s > 0 && run[s - 1].joined) {
                    continue;
                }
                for e in s + 1..=ids.len().min(s + longest) {
                    // Function words alone are a span of a spaced target ("but" renders 但是,
                    // "how" renders 怎样), articles aside (they render nothing);
                    // edging a content word they are not (not "the meeting" for 会议).
                    let function_only = !unspaced
                        && (s..e).all(stop)
                        && !ids[s..e].iter().any(|&w| targets.article[w as usize]);
                    if ((stop(s) || stop(e - 1)) && !function_only) || run[e - 1].joined {
                        continue;
                    }
                    let (a, b) = (run[s].start, run[e - 1].end);
                    if mask.iter().any(|&(ms, me)| ms < b && a < me) {
                        // Every longer span from here overlaps the mask too.
                        break;
                    }
                    // Looked up by the slice of the interned run: nothing is allocated but
                    // for a span not seen before.
                    let at = *spans.entry(&ids[s..e]).or_insert_with(|| {
                        out.push(Span {
                            toks: ids[s..e].to_vec(),
                            function_only,
                            count: 0,
                            distinct: 0,
                            last: usize::MAX,
                            last_text: usize::MAX,
                        });
                        out.len() - 1
                    });
                    let span = &mut out[at];
                    if span.last != u {
                        span.last = u;
                        span.count += 1;
                    }
                    if span.last_text != text {
                        span.last_text = text;
                        span.distinct += 1;
                    }
                }
            }
        }
    }
    out
}

/// What makes two target texts one piece of evidence: the same letters and digits, whatever
/// their punctuation, spacing, width and case (a sentence stored twice, once with `，` and
/// once with `,`, is one translation, not two).
fn text_key(target: &str) -> String {
    key::fuzzy_key(target)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The log-likelihood ratio G² (Dunning 1993) of a 2x2 table: a span in `a` of the term's
/// `ft` units and in `fs` of the memory's `n` segments; negative when the span stands with
/// the term less often than elsewhere. Unlike logDice it grows with the evidence, so a span
/// seen twice cannot outrank one seen in every unit.
fn g2(a: f64, ft: f64, fs: f64, n: f64) -> f64 {
    let fs = fs.max(a);
    let n = n.max(ft + fs - a);
    let cells = [
        (a, ft, fs),
        (ft - a, ft, n - fs),
        (fs - a, n - ft, fs),
        (n - ft - fs + a, n - ft, n - fs),
    ];
    let g: f64 = cells
        .iter()
        .filter(|&&(k, r, c)| k > 0.0 && r > 0.0 && c > 0.0)
        .map(|&(k, r, c)| k * (k * n / (r * c)).ln())
        .sum::<f64>()
        * 2.0;
    if a * n >= ft * fs { g } else { -g }
}

/// The number of `to` segments in the whole memory.
fn segments_in<R: MemoryRead>(mem: &R, to: &LangTag) -> Result<f64> {
    Ok(memory_languages(mem)?
        .iter()
        .filter(|(l, _)| l.primary() == to.primary())
        .map(|&(_, n)| n as f64)
        .sum())
}

/// Scores the spans of the targets against the whole memory, folds near-equal sub- and
/// super-spans into the longer, and returns the best `limit` with examples.
#[allow(clippy::too_many_arguments)]
fn rank<R: MemoryRead>(
    mem: &R,
    glossary: &Connection,
    term: &str,
    units: &Units,
    from: &LangTag,
    to: &LangTag,
    limit: usize,
    counts: &Counts,
) -> Result<Vec<Rendering>> {
    let pairs = &units.pairs;
    if pairs.is_empty() {
        return Ok(Vec::new());
    }
    let mut words = Interner::default();
    let targets = Targets::new(pairs, to, &mut words);
    let texts = targets.texts;
    let mut spans = count_spans(pairs, to, &targets, &[]);
    // A span must stand in a share of the term's units; one unit is no evidence of a
    // rendering, unless one unit is all there is.
    let min_count = ((texts as f64 * MIN_SHARE).ceil() as usize).clamp(2, texts.max(2));
    let min_count = min_count.min(texts);
    // Function words alone are listed only in half the units: "to" and "is" stand in most
    // long sentences, and a term's sentences are often longer than the memory's.
    let half = min_count.max(texts.div_ceil(2));
    let listed = |s: &Span| s.distinct >= if s.function_only { half } else { min_count };
    let mut top: Vec<&Span> = spans.iter().filter(|s| listed(s)).collect();
    top.sort_by_key(|s| std::cmp::Reverse(s.distinct));
    top.truncate(REFINED);
    let masks = masks(glossary, term, pairs, (from, to), &top, &words)?;
    if !masks.is_empty() {
        spans = count_spans(pairs, to, &targets, &masks);
    }
    let n = segments_in(mem, to)?;
    let ft = texts as f64 * units.scale;
    let score = |distinct: usize, f_span: f64| {
        let a = distinct as f64 * units.scale;
        g2(a, ft, f_span, n)
    };
    // The targets' runs as interned tokens, to find the units holding a span.
    let target_runs = &targets.runs;
    // The memory's id and document frequency of each token, by interned id: those of the
    // listed spans' words, every one of which is scored below, asked for at once.
    let mut vocab: FxHashMap<u32, Option<(u32, u64)>> = FxHashMap::default();
    let mut asked: Vec<u32> = spans
        .iter()
        .filter(|s| listed(s))
        .flat_map(|s| s.toks.iter().copied())
        .collect();
    asked.sort_unstable();
    asked.dedup();
    let texts_asked: Vec<&str> = asked
        .iter()
        .map(|&w| words.texts[w as usize].as_str())
        .collect();
    vocab.extend(
        asked
            .iter()
            .copied()
            .zip(mem.token_ids(to.primary(), &texts_asked)?),
    );
    let mut df = |w: u32| -> Result<Option<(u32, u64)>> {
        if let Some(&v) = vocab.get(&w) {
            return Ok(v);
        }
        let v = mem.token_id(to.primary(), &words.texts[w as usize])?;
        vocab.insert(w, v);
        Ok(v)
    };
    // The segments of the memory that hold all of a span's tokens: exact for one token, an
    // upper bound for more.
    let mut lists: FxHashMap<u32, Arc<Posting>> = FxHashMap::default();
    let mut seqs: FxHashMap<i64, Vec<u32>> = FxHashMap::default();
    let mut in_memory = |toks: &mut Vec<(u32, u64)>, whole: bool| -> Result<f64> {
        if toks.len() < 2 {
            return Ok(toks.first().map_or(0.0, |&(_, d)| d as f64));
        }
        let ids: Vec<u32> = toks.iter().map(|&(id, _)| id).collect();
        // Another ranking of the snapshot counted these tokens (see [`Counts`]).
        if let Some(n) = counts.count(&ids, whole) {
            return Ok(n);
        }
        toks.sort_by_key(|&(_, d)| d);
        let mut held: Vec<Arc<Posting>> = Vec::with_capacity(toks.len());
        for &(id, _) in toks.iter() {
            let list = match lists.entry(id) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => e.insert(list_of(mem, counts, id)?),
            };
            held.push(Arc::clone(list));
        }
        // Two characters' segments together (most of the counts, for [`cohesion`]) are only
        // counted: their common ids are not kept, nor the rarer list copied to keep them in.
        if let ([a, b], false) = (held.as_slice(), whole) {
            let n = common_count(&a.ids, b) as f64;
            counts.keep_count(ids, whole, n);
            return Ok(n);
        }
        let mut both = common_with(&held[0].ids, &held[1]);
        for list in &held[2..] {
            both = common_with(&both, list);
        }
        let n = if !whole || both.is_empty() {
            both.len() as f64
        } else {
            // The tokens must stand in order, one after the other: counted in an even sample
            // of the segments that hold them all (a span's memory count decides whether it is
            // more specific to the term than a span inside it, and "community" is in many
            // segments that say "spread" too).
            let step = both.len().div_ceil(VERIFIED);
            let sampled: Vec<i64> = both.iter().step_by(step).copied().collect();
            mem.prefetch_sequences(&sampled)?;
            let (mut read, mut hits) = (0usize, 0usize);
            for &seg in both.iter().step_by(step) {
                let seq = match seqs.entry(seg) {
                    std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                    std::collections::hash_map::Entry::Vacant(e) => {
                        let mut buf = Vec::new();
                        mem.sequence(seg, &mut buf, |x| x)?;
                        e.insert(buf)
                    }
                };
                read += 1;
                hits += usize::from(seq.windows(ids.len()).any(|w| w == ids));
            }
            hits as f64 * both.len() as f64 / read as f64
        };
        counts.keep_count(ids, whole, n);
        Ok(n)
    };
    let mut toks_of = |span: &[u32]| -> Result<Vec<(u32, u64)>> {
        let mut toks = Vec::with_capacity(span.len());
        for &w in span {
            if let Some(t) = df(w)? {
                toks.push(t);
            }
        }
        Ok(toks)
    };
    let pool: Vec<&Span> = spans.iter().filter(|s| listed(s)).collect();
    // First a bound of each score, with the span's memory count bounded by its rarest token's.
    let mut scored: Vec<(f64, &Span)> = Vec::new();
    for &span in &pool {
        let bound = toks_of(&span.toks)?
            .iter()
            .map(|&(_, d)| d as f64)
            .fold(f64::MAX, f64::min);
        scored.push((score(span.distinct, bound), span));
    }
    scored.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(b.1.toks.len().cmp(&a.1.toks.len()))
            .then(a.1.toks.cmp(&b.1.toks))
    });
    scored.truncate(REFINED);
    // Then the span's count in the memory; and in place of a span, a longer span holding it
    // that is the better rendering: one in nearly as many units (the shorter rarely stands
    // without it: 咳 in 咳嗽, Xi in Xi Jinping), or in at least half as many where the
    // memory's segments holding the shorter one hold the term mostly when they hold the
    // longer ("community spread" for 社区扩散, not "community"). Neither when the longer one
    // stands mostly in the units where one same source word stands beside the term: its
    // extra words may render that neighbour (综合征 around 呼吸窘迫, "difficulty" before
    // "breathing"), unless the rest of the memory shows them rendering a piece of the term
    // instead ([`explained_over`]: 相互 of 相互理解 is "mutual", not the "and" after it).
    let beside = neighbours(term, pairs);
    let expected = expected_len(term, pairs);
    // The neighbours standing beside the term in nearly all the units holding a span.
    let explaining = |l: &Span| -> Vec<&str> {
        let holders = holders(target_runs, &l.toks);
        beside
            .iter()
            .filter(|(_, units)| {
                let common = holders
                    .iter()
                    .filter(|u| units.binary_search(u).is_ok())
                    .count();
                common as f64 >= FOLD_RATIO * holders.len() as f64
            })
            .map(|(word, _)| word.as_str())
            .collect()
    };
    let explained = |l: &Span| !explaining(l).is_empty();
    let mut elsewhere = Elsewhere::new(mem, term, from, to, counts);
    // By tokens, not by the span's place: [`cuts_a_word`] asks for pairs of characters that
    // are no span of the targets.
    // One map for each kind of count, looked up by the slice: a key made for every ask (the
    // cohesion of each edge of each occurrence of a span asks three or four) allocated.
    let mut memo: [FxHashMap<Vec<u32>, f64>; 2] = Default::default();
    let mut f_of = |span: &[u32], exact: bool| -> Result<f64> {
        if let Some(&f) = memo[usize::from(exact)].get(span) {
            return Ok(f);
        }
        let mut toks = toks_of(span)?;
        // A token the memory's index lacks (split otherwise there): its bound is all there is.
        let whole = exact && toks.len() == span.len();
        let f = in_memory(&mut toks, whole)?;
        memo[usize::from(exact)].insert(span.to_vec(), f);
        Ok(f)
    };
    // [`cuts_a_word`] by span: the spans inside each longer one a neighbour may explain are
    // asked again for each such span.
    let mut cut_of: FxHashMap<Vec<u32>, bool> = FxHashMap::default();
    let mut cut = |span: &Span, f_of: &mut InMemory<'_>| -> Result<bool> {
        if let Some(&c) = cut_of.get(span.toks.as_slice()) {
            return Ok(c);
        }
        let c = cuts_a_word(span, target_runs, &words, f_of)?;
        cut_of.insert(span.toks.clone(), c);
        Ok(c)
    };
    let mut best: Vec<(f64, &Span)> = Vec::new();
    // Spans that gave way to a longer one holding them, with it: one may be listed after it
    // ([`stands_apart`]).
    let mut inside: Vec<(&Span, &Span)> = Vec::new();
    for (_, span) in scored {
        let mut choice: Option<&Span> = None;
        for &l in &pool {
            if l.toks.len() <= span.toks.len()
                || 2 * l.distinct < span.distinct
                || !contains(&l.toks, &span.toks)
            {
                continue;
            }
            let better = nearly_as_many(
                (l.distinct, l.toks.len()),
                (span.distinct, span.toks.len()),
                expected,
            ) || {
                let (a, ft) = (l.distinct as f64, span.distinct as f64);
                g2(
                    a * units.scale,
                    ft * units.scale,
                    f_of(&l.toks, true)?,
                    f_of(&span.toks, true)?,
                ) > SIGNIFICANT
            };
            if better
                && choice.is_none_or(|c| (l.toks.len(), l.distinct) > (c.toks.len(), c.distinct))
                && !explained_over(l, span, &explaining(l), to, &words, &mut elsewhere)?
            {
                choice = Some(l);
            }
        }
        if let Some(l) = choice {
            inside.push((span, l));
        }
        let span = choice.unwrap_or(span);
        let span = variant_of(span, &pool, target_runs, expected, &explained).unwrap_or(span);
        if best.iter().any(|(_, b)| std::ptr::eq(*b, span)) {
            continue;
        }
        best.push((score(span.distinct, f_of(&span.toks, false)?), span));
    }
    let order = |a: &(f64, &Span), b: &(f64, &Span)| {
        b.0.total_cmp(&a.0)
            .then(b.1.toks.len().cmp(&a.1.toks.len()))
            .then(a.1.toks.cmp(&b.1.toks))
    };
    best.sort_by(order);
    let mut kept: Vec<(f64, &Span)> = Vec::new();
    // Spans that gave way to a span inside them: what folds into them folds away too.
    let mut gone: Vec<&Span> = Vec::new();
    let dist = |n: usize| (n as f64 / expected).ln().abs();
    let unspaced = to.is_unspaced();
    for &(span_score, span) in &best {
        let nested = |k: &Span| {
            let near = k.count.min(span.count) as f64 / k.count.max(span.count) as f64;
            near >= FOLD_RATIO && (contains(&k.toks, &span.toks) || contains(&span.toks, &k.toks))
        };
        if let Some((_, k)) = kept.iter().find(|(_, k)| nested(k)) {
            if k.toks.len() > span.toks.len() {
                inside.push((span, k));
            }
            continue;
        }
        if kept.iter().any(|(_, k)| std::ptr::eq(*k, span)) || gone.iter().any(|k| nested(k)) {
            continue;
        }
        // A longer span a source neighbour may explain gives way to the span inside it that
        // stands wherever it does and is nearest the expected length: the extra words render
        // the neighbour (呼吸困难 is "difficulty breathing", 呼吸 "breathing"; "sense of
        // humor" is 幽默感). Not to a span farther from that length: 窘 stands wherever
        // 呼吸窘迫 does.
        let mut inner: Option<(f64, &Span)> = None;
        let by = explaining(span);
        if !by.is_empty() {
            let mut choices: Vec<(f64, &Span)> = Vec::new();
            for &s in &pool {
                // One character cut from a longer Chinese span is a morpheme more often than
                // a word (伏 of 潜伏期).
                if (unspaced && s.toks.len() < 2)
                    || s.function_only
                    || s.toks.len() >= span.toks.len()
                    || s.count < span.count
                    || !contains(&span.toks, &s.toks)
                    || !nearer(s.toks.len(), span.toks.len(), expected)
                    || (unspaced && cut(s, &mut f_of)?)
                    || !explained_over(span, s, &by, to, &words, &mut elsewhere)?
                {
                    continue;
                }
                choices.push((score(s.distinct, f_of(&s.toks, false)?), s));
            }
            let key = |&(sc, x): &(f64, &Span)| (-dist(x.toks.len()), x.count, sc);
            // Best first; a stable sort keeps the pool's order among equals.
            choices.sort_by(|a, b| {
                let (a, b) = (key(a), key(b));
                b.0.total_cmp(&a.0)
                    .then(b.1.cmp(&a.1))
                    .then(b.2.total_cmp(&a.2))
            });
            // Rather not a span the rest of the memory shows rendering a piece of the source
            // outside the term, standing in the units that hold the longer one: in
            // 国家邮政局局长马军胜 for "Director-General" ("Ma Junsheng, Director-General of the
            // State Post Bureau"), 邮政 renders "Post" and 马军胜 "Ma Junsheng"; 局长 is left.
            // Asked best first, until one is not; when every one is, the best still (the
            // longer span is explained all the same, and a neighbour's words are no answer).
            let holding: Vec<&Pair> = holders(target_runs, &span.toks)
                .into_iter()
                .map(|u| &pairs[u])
                .collect();
            inner = choices.first().copied();
            if choices.len() > 1 {
                for &(s_score, s) in &choices {
                    if !elsewhere.renders_outside(&text_of(&s.toks, &words, to), &holding)? {
                        inner = Some((s_score, s));
                        break;
                    }
                }
            }
        }
        // A longer span whose extra words the rest of the memory shows rendering a piece of
        // the source outside the term gives way to the longest span inside it that it hides
        // ("youth", not "youth hostel", for 青年: 旅舍 renders "hostel").
        if inner.is_none() {
            let found = rendered_apart(
                span,
                (&pool, target_runs, pairs),
                to,
                &words,
                &mut elsewhere,
                &mut f_of,
            )?;
            if let Some(s) = found {
                inner = Some((score(s.distinct, f_of(&s.toks, false)?), s));
            }
        }
        match inner {
            Some((s_score, s)) => {
                gone.push(span);
                if !kept.iter().any(|(_, k)| std::ptr::eq(*k, s)) {
                    kept.push((s_score, s));
                }
            }
            // A span whose edge falls inside a word wherever it stands is a piece of words,
            // not a rendering (染性 of 传染性 and 感染性, 散情况如 of 扩散情况如何); it may
            // still give way to a span inside it (above).
            None if unspaced && cut(span, &mut f_of)? => {}
            // Function words alone ("to", "is") stand in most sentences: in a term's few
            // units they pass the share test by chance, and only an association the memory
            // shows clearly makes one a rendering ("but" for 但是, "how" for 怎样).
            None if span.function_only && span_score <= SIGNIFICANT => {}
            None => kept.push((span_score, span)),
        }
        if kept.len() == limit {
            break;
        }
    }
    kept.sort_by(order);
    // A span that gave way to a longer one is listed right after it when neither it nor the
    // extra words cut a word (in a Chinese target, [`cuts_a_word`]): the memory cannot tell
    // whether those words belong to the rendering or to the sentence around it (保持社交距离
    // and 社交距离 where "practice", "maintain" or nothing stands beside "social distancing";
    // 埃博拉病毒 and 埃博拉; "President Xi" and "President"). One such span for each, the one
    // in the most units (then the best scored), in three units at least and not function
    // words alone, after it whatever its own score: the first answer stays the folding's.
    let mut listed_out: Vec<(f64, &Span)> = Vec::with_capacity(limit);
    for &(k_score, k) in &kept {
        listed_out.push((k_score, k));
        let mut alternative: Option<(f64, &Span)> = None;
        for &(s, l) in &inside {
            if !std::ptr::eq(l, k)
                || s.count < ALTERNATIVE_UNITS
                || s.function_only
                || k.function_only
                || (unspaced && s.toks.len() < 2)
                || kept
                    .iter()
                    .chain(&listed_out)
                    .any(|(_, x)| std::ptr::eq(*x, s))
                || gone.iter().any(|g| std::ptr::eq(*g, s))
                || alternative.is_some_and(|(_, a)| a.count > s.count)
                || (unspaced && !stands_apart(s, l, target_runs, &words, &mut f_of)?)
            {
                continue;
            }
            let s_score = score(s.distinct, f_of(&s.toks, false)?);
            if alternative.is_none_or(|(a_score, a)| (s.count, s_score) > (a.count, a_score)) {
                alternative = Some((s_score, s));
            }
        }
        listed_out.extend(alternative);
    }
    listed_out.truncate(limit);
    let kept = listed_out;
    Ok(kept
        .into_iter()
        .map(|(score, span)| rendering(pairs, &words, score, span))
        .collect())
}

/// The pieces (1 to [`PIECE`] tokens, folded, joined as the language writes them) of a
/// segment's runs, leaving out those made of function words only and those that overlap an
/// occurrence of `cut` (the term, when its own units are read).
fn pieces(text: &str, unspaced: bool, cut: &[String]) -> HashSet<String> {
    let (joiner, function) = piece_style(unspaced);
    let mut out = HashSet::new();
    for run in runs(text) {
        let occ = occurrences(&run, cut);
        for s in 0..run.len() {
            for e in s + 1..=run.len().min(s + PIECE) {
                if occ.iter().any(|&(os, oe)| os < e && s < oe)
                    || run[s..e]
                        .iter()
                        .all(|t| function.contains(&t.text.as_str()))
                {
                    continue;
                }
                let texts: Vec<&str> = run[s..e].iter().map(|t| t.text.as_str()).collect();
                out.insert(texts.join(joiner));
            }
        }
    }
    out
}

/// How [`pieces`] of a language join their tokens, and the function words no piece is made
/// of alone.
fn piece_style(unspaced: bool) -> (&'static str, &'static [&'static str]) {
    if unspaced {
        ("", HAN_EDGES)
    } else {
        (" ", STOPWORDS)
    }
}

/// Whether one of `by` (source words beside the term wherever `longer` stands) may explain
/// the extra words of `longer` around `shorter`: not when the rest of the memory shows every
/// side of extra words rendering a piece of the term more clearly than each of them
/// ([`Elsewhere::renders_term`]). 相互理解 stands where "and" follows "mutual understanding",
/// but the memory's units holding 相互 say "mutual": the longer span is the rendering, not
/// 理解 with a rendering of "and" beside it. One Han character is a morpheme more often than a
/// word: what it renders elsewhere decides nothing (性 of 传染性).
fn explained_over<R: MemoryRead>(
    longer: &Span,
    shorter: &Span,
    by: &[&str],
    to: &LangTag,
    words: &Interner,
    elsewhere: &mut Elsewhere<'_, R>,
) -> Result<bool> {
    if by.is_empty() {
        return Ok(false);
    }
    let n = shorter.toks.len();
    let Some(at) = longer.toks.windows(n).position(|w| w == shorter.toks) else {
        return Ok(true);
    };
    for side in [&longer.toks[..at], &longer.toks[at + n..]] {
        if side.is_empty() {
            continue;
        }
        if to.is_unspaced() && side.len() < 2 {
            return Ok(true);
        }
        let text = text_of(side, words, to);
        for &word in by {
            if !elsewhere.renders_term(&text, word)? {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// The text of interned tokens, joined as the target language writes them.
fn text_of(toks: &[u32], words: &Interner, to: &LangTag) -> String {
    let joiner = if to.is_unspaced() { "" } else { " " };
    let texts: Vec<&str> = toks
        .iter()
        .map(|&w| words.texts[w as usize].as_str())
        .collect();
    texts.join(joiner)
}

/// The longest source piece [`Elsewhere`] weighs, in tokens.
const PIECE: usize = 4;
/// The most units read to learn what a span's extra words render elsewhere in the memory.
const ELSEWHERE_READ: usize = 100;
// A unit read is a bit of a `u128` ([`Holding`]).
const _: () = assert!(ELSEWHERE_READ <= 128);
/// How much stronger (Dice) a piece outside the term must be tied to a span's extra words
/// than any piece of the term, to say they render it: a Dice read from a hundred units or
/// fewer moves by a tenth or more, and a tie (2009年 beside 流感 for "flu" where every
/// sentence dates the swine flu) is no evidence.
const CLEARLY: f64 = 1.25;

/// Evidence from the rest of the memory on what the extra words of a longer span render
/// (competitive linking, Melamed 2000, with the memory as the dictionary): 旅舍 for "hostel"
/// in "youth hostel" asked for 青年, 习近平 for "Xi Jinping" in "President Xi Jinping" asked
/// for 国家主席. The extra words render a piece of the source outside the term when one such
/// piece stands in nearly all the term's units holding the longer span, and in the memory's
/// units holding the extra words it is clearly more strongly tied to them ([`CLEARLY`], by
/// Dice) than any piece of the term is ("social" is 社交, inside 社交距离).
struct Elsewhere<'a, R> {
    mem: &'a R,
    from: &'a LangTag,
    to: &'a LangTag,
    term: Vec<String>,
    /// The memory's posting lists, counts and extra texts' units kept for the snapshot
    /// ([`list_of`], [`Counts::extra`]).
    lists: &'a Counts,
    /// For each extra text read: its units, and (once asked) which of them hold the term.
    read: FxHashMap<String, (Arc<Extra>, Option<u128>)>,
    /// Source segments of the memory holding a piece.
    counts: FxHashMap<String, f64>,
}

/// The memory's units whose target holds an extra text, up to [`ELSEWHERE_READ`], as
/// [`Elsewhere`] weighs them: a function of the snapshot and the text only, never of the term
/// that asks, so the snapshot's rankings share them ([`Counts::extra`]), and one ranking reads
/// them once for both its questions (with and without the units holding the term). Their
/// pieces are not made: only a few are asked about (those of the term, those beside it), and
/// making every unit's set of strings was two fifths of reading them, which was over a third
/// of lookup CPU on the serve bench's first asks at a million pairs.
#[derive(Debug)]
pub(super) struct Extra {
    /// How many units of the memory hold the text for each one read.
    scale: f64,
    /// Each unit's other side (the term's language) as runs of folded tokens ([`runs`]).
    units: Vec<Vec<Vec<String>>>,
}

impl Extra {
    /// Bytes held, about, for [`Counts::keep_extra`]'s bound.
    pub(super) fn size(&self) -> usize {
        self.units
            .iter()
            .flatten()
            .flatten()
            .map(|t| t.len() + std::mem::size_of::<String>())
            .sum()
    }
}

/// Whether a unit's runs hold `piece` among their [`pieces`] (nothing cut): the tokens of a
/// place, one to [`PIECE`] of them and not function words alone, joined as `piece`.
fn holds_piece(runs: &[Vec<String>], piece: &str, unspaced: bool) -> bool {
    let (joiner, function) = piece_style(unspaced);
    for run in runs {
        for s in 0..run.len() {
            let mut rest = piece;
            for e in s..run.len().min(s + PIECE) {
                if e > s {
                    match rest.strip_prefix(joiner) {
                        Some(r) => rest = r,
                        None => break,
                    }
                }
                match rest.strip_prefix(run[e].as_str()) {
                    Some(r) => rest = r,
                    None => break,
                }
                // Tokens are never empty: no longer place joins as `piece` too.
                if rest.is_empty() {
                    if !run[s..=e].iter().all(|t| function.contains(&t.as_str())) {
                        return true;
                    }
                    break;
                }
            }
        }
    }
    false
}

/// The units of an [`Extra`] one question weighs (a bit a unit: [`ELSEWHERE_READ`] fits).
#[derive(Clone)]
struct Holding {
    extra: Arc<Extra>,
    kept: u128,
}

impl Holding {
    fn units(&self) -> impl Iterator<Item = &Vec<Vec<String>>> {
        let kept = self.kept;
        self.extra
            .units
            .iter()
            .enumerate()
            .filter(move |&(i, _)| kept & (1 << i) != 0)
            .map(|(_, u)| u)
    }

    /// How many units are weighed.
    fn len(&self) -> usize {
        self.kept.count_ones() as usize
    }

    /// How many units of the whole memory hold the extra text: the units left out (those
    /// holding the term) are left out of the whole memory's count in the same proportion.
    fn total(&self) -> f64 {
        self.len() as f64 * self.extra.scale
    }

    /// How many units of the memory each unit weighed stands for.
    fn scale(&self) -> f64 {
        self.total() / self.len().max(1) as f64
    }

    /// The memory's units holding the extra text whose source holds `piece` (scaled).
    fn with(&self, piece: &str, unspaced: bool) -> f64 {
        self.units()
            .filter(|runs| holds_piece(runs, piece, unspaced))
            .count() as f64
            * self.scale()
    }

    /// The units weighed whose source holds `word` (function words too: a neighbour may be
    /// one), unscaled.
    fn with_word(&self, word: &str) -> usize {
        self.units()
            .filter(|runs| runs.iter().flatten().any(|t| t == word))
            .count()
    }
}

impl<'a, R: MemoryRead> Elsewhere<'a, R> {
    fn new(mem: &'a R, term: &str, from: &'a LangTag, to: &'a LangTag, lists: &'a Counts) -> Self {
        Elsewhere {
            mem,
            from,
            to,
            lists,
            term: term_tokens(term),
            read: FxHashMap::default(),
            counts: FxHashMap::default(),
        }
    }

    /// The source segments of the memory holding all of a piece's tokens: exact for one
    /// token, an upper bound for more. The tokens' lists and the count of their ids are the
    /// snapshot's ([`list_of`], [`Counts::count`]): the common words of the sources ("the
    /// people", "of the") come back under term after term.
    fn count(
        mem: &R,
        from: &LangTag,
        lists: &Counts,
        counts: &mut FxHashMap<String, f64>,
        piece: &str,
    ) -> Result<f64> {
        if let Some(&n) = counts.get(piece) {
            return Ok(n);
        }
        let k = key::fuzzy_key(piece);
        let mut found = Vec::new();
        for t in crate::text::token::tokens(&k) {
            match mem.token_id(from.primary(), t)? {
                Some((id, df)) => found.push((df, id)),
                None => {
                    found.clear();
                    break;
                }
            }
        }
        let n = match found.as_slice() {
            [] => 0.0,
            [(df, _)] => *df as f64,
            _ => {
                let ids: Vec<u32> = found.iter().map(|&(_, id)| id).collect();
                match lists.count(&ids, false) {
                    Some(n) => n,
                    None => {
                        found.sort_unstable();
                        let mut held = Vec::with_capacity(found.len());
                        for &(_, id) in &found {
                            held.push(list_of(mem, lists, id)?);
                        }
                        let mut both = common_with(&held[0].ids, &held[1]);
                        for list in &held[2..] {
                            both = common_with(&both, list);
                        }
                        let n = both.len() as f64;
                        lists.keep_count(ids, false, n);
                        n
                    }
                }
            }
        };
        counts.insert(piece.to_string(), n);
        Ok(n)
    }

    /// Whether `extra` (a text of the target language) renders, in most of `units` (the
    /// term's units holding the longer span), a piece of their source outside the term.
    fn renders_outside(&mut self, extra: &str, units: &[&Pair]) -> Result<bool> {
        if units.len() < 2 {
            return Ok(false);
        }
        let unspaced = self.from.is_unspaced();
        let sources: Vec<&HashSet<String>> = units
            .iter()
            .map(|p| p.source_pieces(unspaced, &self.term))
            .collect();
        // A piece standing outside the term in nearly all the units holding the longer span
        // (counted in the units' own sources: a piece that some sentence happens to hold,
        // 总统 where "President" is 国家主席 beside it, explains nothing).
        let mut share: FxHashMap<&String, usize> = FxHashMap::default();
        for set in &sources {
            for piece in set.iter() {
                *share.entry(piece).or_default() += 1;
            }
        }
        let needed = FOLD_RATIO * units.len() as f64;
        // One Han character of the source is a morpheme (总 of 总书记 and of 总统).
        let word = |p: &str| !unspaced || p.chars().count() >= 2;
        // A piece holding a token the targets keep as it is (2009 of 2009年, COVID) renders
        // that token itself: a date or a name standing beside the term, not the source of
        // other words.
        // Each unit's target is folded once ([`Pair::holds`]), and each token asked once: the
        // wide pieces share most of their tokens, and folding the targets again for every
        // token of every piece was a twelfth of lookup's CPU on the serve bench's first asks.
        let mut kept_of: FxHashMap<String, bool> = FxHashMap::default();
        let mut kept = |t: &str| -> bool {
            if let Some(&k) = kept_of.get(t) {
                return k;
            }
            let k = 2 * units.iter().filter(|u| u.holds(t)).count() > units.len();
            kept_of.insert(t.to_string(), k);
            k
        };
        let mut wide: Vec<&String> = Vec::new();
        for (p, n) in share {
            if n as f64 >= needed && word(p) && !term_tokens(p).iter().any(|t| kept(t)) {
                wide.push(p);
            }
        }
        // No such piece: nothing to read the memory for.
        if wide.is_empty() {
            return Ok(false);
        }
        wide.sort();
        let found = self.read_extra(extra, false)?;
        // The term's own pieces: what the extra words may render inside it ("social" for
        // 社交 of 社交距离).
        let inside = self.term_tie(&found, 0.0, 1)?;
        if found.len() < 2 {
            return Ok(false);
        }
        let (scale, total) = (found.scale(), found.total());
        for piece in wide {
            let both = found.with(piece, unspaced);
            // Upper bound first: a piece found with the extra words as often as anywhere.
            if both < 2.0 * scale || dice(both, both, total) <= CLEARLY * inside {
                continue;
            }
            if dice(both, self.count_of(piece)?, total) > CLEARLY * inside {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The memory's units whose target holds `extra`, up to [`ELSEWHERE_READ`]: those the
    /// snapshot's rankings keep, or read (and kept) now; `apart`: only those whose source does
    /// not hold the term.
    fn read_extra(&mut self, extra: &str, apart: bool) -> Result<Holding> {
        if !self.read.contains_key(extra) {
            let e = match self.lists.extra(extra, self.to, self.from) {
                Some(e) => e,
                None => {
                    let e = Arc::new(self.units_of(extra)?);
                    self.lists.keep_extra(extra, self.to, self.from, &e);
                    e
                }
            };
            self.read.insert(extra.to_string(), (e, None));
        }
        let every = |e: &Extra| {
            if e.units.len() >= 128 {
                u128::MAX
            } else {
                (1u128 << e.units.len()) - 1
            }
        };
        if !apart {
            let e = &self.read[extra].0;
            return Ok(Holding {
                extra: Arc::clone(e),
                kept: every(e),
            });
        }
        if let (e, Some(kept)) = &self.read[extra] {
            return Ok(Holding {
                extra: Arc::clone(e),
                kept: *kept,
            });
        }
        let e = Arc::clone(&self.read[extra].0);
        let mut kept = every(&e);
        for (i, runs) in e.units.iter().enumerate() {
            if runs.iter().any(|r| !occurrences(r, &self.term).is_empty()) {
                kept &= !(1 << i);
            }
        }
        if let Some(r) = self.read.get_mut(extra) {
            r.1 = Some(kept);
        }
        Ok(Holding { extra: e, kept })
    }

    /// Reads the memory's units whose target holds `extra`.
    fn units_of(&self, extra: &str) -> Result<Extra> {
        let found = units_with(
            self.mem,
            extra,
            self.to,
            self.from,
            ELSEWHERE_READ,
            self.lists,
        )?;
        let units = found
            .pairs
            .iter()
            .map(|p| {
                runs(&p.target)
                    .into_iter()
                    .map(|r| r.into_iter().map(|t| t.text).collect())
                    .collect()
            })
            .collect();
        Ok(Extra {
            scale: found.scale,
            units,
        })
    }

    /// The strongest tie (Dice) between the extra text held by `found` and a piece of the
    /// term of `shortest` tokens or more, among the pieces found with it in at least `least`
    /// of the memory's units holding it (scaled); 0 when fewer than two units hold it.
    fn term_tie(&mut self, found: &Holding, least: f64, shortest: usize) -> Result<f64> {
        if found.len() < 2 {
            return Ok(0.0);
        }
        let total = found.total();
        let joiner = if self.from.is_unspaced() { "" } else { " " };
        let n = self.term.len();
        let unspaced = self.from.is_unspaced();
        let mut withs: Vec<(String, f64)> = Vec::new();
        for s in 0..n {
            for e in s + shortest.min(n)..=n {
                let piece = self.term[s..e].join(joiner);
                let both = found.with(&piece, unspaced);
                withs.push((piece, both));
            }
        }
        let mut inside = 0.0f64;
        for (piece, both) in withs {
            if both == 0.0 || both < least || dice(both, both, total) <= inside {
                continue;
            }
            inside = inside.max(dice(both, self.count_of(&piece)?, total));
        }
        Ok(inside)
    }

    /// [`Elsewhere::count`] of a piece of the source language.
    fn count_of(&mut self, piece: &str) -> Result<f64> {
        Self::count(self.mem, self.from, self.lists, &mut self.counts, piece)
    }

    /// Whether the rest of the memory shows `extra` (a text of the target language) rendering
    /// a piece of the term clearly more than `neighbour` (a source word standing beside the
    /// term): the memory's units holding 相互 hold "mutual" (of "mutual understanding") far
    /// more than "and", which follows the term in most of its units. Read in the units whose
    /// source does not hold the term (in the term's own units the extra words stand with the
    /// term whatever they render: "sense of" beside 幽默 in 幽默感), by Dice, the term's piece
    /// in two units at least (one sentence is no evidence) and a word, not one Han character
    /// (a morpheme of many words).
    fn renders_term(&mut self, extra: &str, neighbour: &str) -> Result<bool> {
        let found = self.read_extra(extra, true)?;
        let scale = found.scale();
        let shortest = if self.from.is_unspaced() { 2 } else { 1 };
        let inside = self.term_tie(&found, 2.0 * scale, shortest)?;
        if inside == 0.0 {
            return Ok(false);
        }
        let both = found.with_word(neighbour) as f64 * scale;
        let total = found.total();
        let near = dice(both, self.count_of(neighbour)?, total);
        Ok(inside > CLEARLY * near)
    }
}

/// The Dice of an extra text held by `total` units and a piece found with it in `both` of
/// them, the piece in `f` source segments of the memory.
fn dice(both: f64, f: f64, total: f64) -> f64 {
    2.0 * both / (total + f.max(both))
}

/// What a ranking has read: the spans listed, the targets' runs as tokens, the units.
type Read<'r, 's> = (&'r [&'s Span], &'r [Vec<Vec<u32>>], &'r [Pair]);

/// The longest span inside `span` (two Han characters at least, not function words only)
/// that `span` hides — it stands in nearly as many units — when the extra words on each side
/// render a piece of the source outside the term ([`Elsewhere`]), and the memory holds the
/// inner span without them in a fifth of its segments at least: a word of its own, not a
/// cut of one (原体 of 病原体, "swine" of "swine flu", whose extra parts have partners of
/// their own elsewhere). `in_memory` gives a span's count in the memory's targets, in order.
fn rendered_apart<'s, R: MemoryRead>(
    span: &Span,
    (pool, target_runs, pairs): Read<'_, 's>,
    to: &LangTag,
    words: &Interner,
    elsewhere: &mut Elsewhere<'_, R>,
    in_memory: &mut InMemory<'_>,
) -> Result<Option<&'s Span>> {
    let mut inner: Vec<&Span> = pool
        .iter()
        .copied()
        .filter(|s| {
            !(s.function_only || to.is_unspaced() && s.toks.len() < 2)
                && s.toks.len() < span.toks.len()
                && span.count as f64 >= FOLD_RATIO * s.count as f64
                && contains(&span.toks, &s.toks)
        })
        .collect();
    if inner.is_empty() {
        return Ok(None);
    }
    inner.sort_by(|a, b| b.toks.len().cmp(&a.toks.len()).then(b.count.cmp(&a.count)));
    let units: Vec<&Pair> = holders(target_runs, &span.toks)
        .into_iter()
        .map(|u| &pairs[u])
        .collect();
    for s in inner {
        let Some(at) = span.toks.windows(s.toks.len()).position(|w| w == s.toks) else {
            continue;
        };
        let sides = [&span.toks[..at], &span.toks[at + s.toks.len()..]];
        // One Han character is a morpheme more often than a word (传 of 传染性, 性 of
        // 支持性): what it renders elsewhere says nothing of this span. Asked first: it reads
        // nothing.
        if to.is_unspaced() && sides.iter().any(|side| side.len() == 1) {
            continue;
        }
        if to.is_unspaced()
            && in_memory(&span.toks, true)? >= FOLD_RATIO * in_memory(&s.toks, true)?
        {
            continue;
        }
        let mut apart = true;
        for side in sides {
            if side.is_empty() {
                continue;
            }
            if !elsewhere.renders_outside(&text_of(side, words, to), &units)? {
                apart = false;
                break;
            }
        }
        if apart {
            return Ok(Some(s));
        }
    }
    Ok(None)
}

/// A span's count in the memory's targets, by its tokens (interned): with `true`, of the
/// segments holding them side by side in order; with `false`, holding them all.
type InMemory<'a> = dyn FnMut(&[u32], bool) -> Result<f64> + 'a;

/// The least cohesion (Dice of the memory's segments holding the two characters side by side
/// against those holding each) that makes a pair of characters a word a span's edge may cut.
const COHESIVE: f64 = 0.05;
/// The share of a span's occurrences in the term's units whose edge must cut a word for the
/// span to be a piece of words: a span standing whole in a fifth of them is a word that also
/// stands inside compounds (拭子 in 咽拭子, 抗病毒药 in 抗病毒药物).
const CUT_SHARE: f64 = FOLD_RATIO;

/// Whether a span of a Chinese target cuts a word at its edge in nearly all its occurrences
/// in the term's units ([`CUT_SHARE`]): where the character outside the edge and the one inside
/// it are cohesive in the memory ([`COHESIVE`]) and more cohesive than the edge character and
/// its neighbour inside the span. 染性 stands in 传染性 and 感染性: 传染 and 感染 hold together
/// more than 染性 does, so both cuts fall inside a word. Not 潜伏 before 期 (期 follows many
/// characters: 伏期 is not cohesive) nor 自己 before 的. `f_of` gives a span's count in the
/// memory's targets (exact: its tokens side by side).
fn cuts_a_word(
    span: &Span,
    target_runs: &[Vec<Vec<u32>>],
    words: &Interner,
    f_of: &mut InMemory<'_>,
) -> Result<bool> {
    let han = |w: u32| {
        words.texts[w as usize]
            .chars()
            .next()
            .is_some_and(script::is_han_or_kana)
    };
    let toks = &span.toks;
    let n = toks.len();
    if !han(toks[0]) && !han(toks[n - 1]) {
        return Ok(false);
    }
    // By pair: a span standing in hundreds of the units asks the same few pairs at each place.
    let mut known: FxHashMap<(u32, u32), f64> = FxHashMap::default();
    // Asked whether it is below `than`: a bound below it answers as well (it is not kept).
    let mut dice = |a: u32, b: u32, than: f64| -> Result<f64> {
        if let Some(&d) = known.get(&(a, b)) {
            return Ok(d);
        }
        if let Some(bound) = cohesion_bound(a, b, f_of)?
            && bound < than
        {
            return Ok(bound);
        }
        let d = cohesion(a, b, f_of)?;
        known.insert((a, b), d);
        Ok(d)
    };
    // Whether the pair across an edge (in the text's order) is a word the edge cuts:
    // cohesive, and more than the pair just inside the edge within the span (which need not
    // be counted when its bound already says less).
    let mut cut = |across: (u32, u32), within: Option<(u32, u32)>| -> Result<bool> {
        if !han(across.0) || !han(across.1) {
            return Ok(false);
        }
        let a = dice(across.0, across.1, 0.0)?;
        if a < COHESIVE {
            return Ok(false);
        }
        let w = match within {
            Some((x, y)) if han(x) && han(y) => dice(x, y, a)?,
            _ => 0.0,
        };
        Ok(a > w)
    };
    let places: Vec<(&[u32], usize)> = target_runs
        .iter()
        .flatten()
        .flat_map(|run| {
            (0..run.len().saturating_sub(n - 1))
                .filter(|&s| run[s..].starts_with(toks))
                .map(move |s| (run.as_slice(), s))
        })
        .collect();
    let (seen, mut cuts) = (places.len(), 0usize);
    let needed = CUT_SHARE * seen as f64;
    for (i, &(run, s)) in places.iter().enumerate() {
        // Stop once the answer is known: each edge's first ask counts characters of the
        // whole memory.
        if cuts as f64 >= needed || ((cuts + seen - i) as f64) < needed {
            break;
        }
        let e = s + n;
        let left = s > 0 && cut((run[s - 1], toks[0]), (n > 1).then(|| (toks[0], toks[1])))?;
        let right = !left
            && e < run.len()
            && cut(
                (toks[n - 1], run[e]),
                (n > 1).then(|| (toks[n - 2], toks[n - 1])),
            )?;
        cuts += usize::from(left || right);
    }
    Ok(seen > 0 && cuts as f64 >= needed)
}

/// A bound of [`cohesion`] read from the characters' counts alone (no more segments hold them
/// side by side than hold the rarer one): two lists of common characters need not be decoded
/// where it is below what the cohesion is compared with. `None` when the memory's index lacks
/// one of them (its count is then not bounded so).
fn cohesion_bound(a: u32, b: u32, f_of: &mut InMemory<'_>) -> Result<Option<f64>> {
    let (fa, fb) = (f_of(&[a], false)?, f_of(&[b], false)?);
    Ok((fa > 0.0 && fb > 0.0).then(|| 2.0 * fa.min(fb) / (fa + fb)))
}

/// How much two characters hold together in the memory: the Dice of the segments holding
/// them side by side against those holding each; 0 below [`COHESIVE`] (read from the bound,
/// both characters in a segment, before counting them in order: most pairs are far from it).
fn cohesion(a: u32, b: u32, f_of: &mut InMemory<'_>) -> Result<f64> {
    let (fa, fb) = (f_of(&[a], false)?, f_of(&[b], false)?);
    if fa + fb == 0.0 || cohesion_bound(a, b, f_of)?.is_some_and(|b| b < COHESIVE) {
        return Ok(0.0);
    }
    if 2.0 * f_of(&[a, b], false)? / (fa + fb) < COHESIVE {
        return Ok(0.0);
    }
    Ok(2.0 * f_of(&[a, b], true)? / (fa + fb))
}

/// Whether `inner`, standing inside `outer` in a Chinese target, and the extra characters on
/// each side are words of their own: `inner` cuts no word in nearly all its occurrences
/// ([`cuts_a_word`]), and at each seam the two characters across it hold together less than
/// [`COHESIVE`] or less than the two extra characters beside it. 保持 and 社交距离 of
/// 保持社交距离 are; 交距离 is not (社交 holds together more than 持社), nor 委书记 of
/// 市委书记 (市 alone, and 市委 holds together).
fn stands_apart(
    inner: &Span,
    outer: &Span,
    target_runs: &[Vec<Vec<u32>>],
    words: &Interner,
    f_of: &mut InMemory<'_>,
) -> Result<bool> {
    let n = inner.toks.len();
    let t = &outer.toks;
    let Some(at) = t.windows(n).position(|w| w == inner.toks) else {
        return Ok(false);
    };
    if cuts_a_word(inner, target_runs, words, f_of)? {
        return Ok(false);
    }
    let han = |w: u32| {
        words.texts[w as usize]
            .chars()
            .next()
            .is_some_and(script::is_han_or_kana)
    };
    // Each seam: the pair across it, and the pair of extra characters beside it, by place.
    let mut seams = Vec::new();
    if at > 0 {
        seams.push((at - 1, at.checked_sub(2)));
    }
    if at + n < t.len() {
        seams.push((at + n - 1, (at + n + 1 < t.len()).then_some(at + n)));
    }
    for (across, beside) in seams {
        let pair = |i: usize| (t[i], t[i + 1]);
        let (x, y) = pair(across);
        if !han(x) || !han(y) {
            continue;
        }
        let a = cohesion(x, y, f_of)?;
        if a < COHESIVE {
            continue;
        }
        let more = match beside.map(pair) {
            Some((p, q)) if han(p) && han(q) => {
                cohesion_bound(p, q, f_of)?.is_some_and(|b| b < a) || a > cohesion(p, q, f_of)?
            }
            _ => a > 0.0,
        };
        if more {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The units (indices into the targets' runs) whose target holds the span.
fn holders(target_runs: &[Vec<Vec<u32>>], toks: &[u32]) -> Vec<usize> {
    (0..target_runs.len())
        .filter(|&u| target_runs[u].iter().any(|run| contains(run, toks)))
        .collect()
}

/// The variant a span gives way to when it is the common part of several longer spans that
/// between them stand in nearly all its units (个人防护 in 个人防护装备 and 个人防护设备): the
/// best-supported of them, if it is nearer the expected length. The variants pool their
/// evidence against the part; the part alone renders none of the term's units.
fn variant_of<'a>(
    span: &Span,
    pool: &[&'a Span],
    target_runs: &[Vec<Vec<u32>>],
    expected: f64,
    explained: &dyn Fn(&Span) -> bool,
) -> Option<&'a Span> {
    let longer: Vec<&Span> = pool
        .iter()
        .copied()
        .filter(|l| {
            l.toks.len() > span.toks.len() && !l.function_only && contains(&l.toks, &span.toks)
        })
        .filter(|l| !explained(l))
        .collect();
    // A variant is a span no longer one holds in nearly as many units (个人防护装 is a cut of
    // 个人防护装备, not a third form).
    let longer: Vec<&Span> = longer
        .iter()
        .copied()
        .filter(|l| {
            !longer.iter().any(|m| {
                m.toks.len() > l.toks.len()
                    && m.count as f64 >= FOLD_RATIO * l.count as f64
                    && contains(&m.toks, &l.toks)
            })
        })
        .collect();
    if longer.len() < 2 {
        return None;
    }
    // The part must stand only inside the variants, in nearly all its units: 口罩 beside 戴
    // (the rendering of "wear") or alone is a rendering by itself, whatever 万只口罩 says.
    let own = holders(target_runs, &span.toks);
    let covered = own
        .iter()
        .filter(|&&u| only_inside(&target_runs[u], &span.toks, &longer))
        .count();
    if (covered as f64) < FOLD_RATIO * own.len() as f64 {
        return None;
    }
    let off = |n: usize| (n as f64 / expected).ln().abs();
    longer
        .into_iter()
        .filter(|l| nearer(l.toks.len(), span.toks.len(), expected))
        .max_by(|a, b| {
            a.count
                .cmp(&b.count)
                .then(off(b.toks.len()).total_cmp(&off(a.toks.len())))
                .then(b.toks.cmp(&a.toks))
        })
}

/// Whether every occurrence of `part` in a target's runs lies inside an occurrence of one of
/// the longer spans.
fn only_inside(runs: &[Vec<u32>], part: &[u32], longer: &[&Span]) -> bool {
    runs.iter().all(|run| {
        (0..run.len().saturating_sub(part.len() - 1))
            .filter(|&s| run[s..].starts_with(part))
            .all(|s| {
                longer.iter().any(|l| {
                    let n = l.toks.len();
                    ((s + part.len()).saturating_sub(n)..=s.min(run.len().saturating_sub(n)))
                        .any(|b| b + n <= run.len() && b <= s && run[b..b + n] == l.toks[..])
                })
            })
    })
}

/// The length (in tokens: Han characters, or words) a rendering of the term is expected to
/// have: the term's length times the ratio of target to source tokens in the units read;
/// but a token of the term that most targets keep as it is (N95, COVID, 19) counts as one.
fn expected_len(term: &str, pairs: &[Pair]) -> f64 {
    let toks = |runs: &[Vec<Tok>]| runs.iter().map(Vec::len).sum::<usize>();
    let (src, tgt) = pairs.iter().fold((0, 0), |(s, t), p| {
        (s + toks(p.source_runs()), t + toks(p.target_runs()))
    });
    let targets: Vec<HashSet<&str>> = pairs
        .iter()
        .map(|p| {
            p.target_runs()
                .iter()
                .flatten()
                .map(|t| t.text.as_str())
                .collect()
        })
        .collect();
    let term = term_tokens(term);
    let kept = term
        .iter()
        .filter(|t| {
            2 * targets
                .iter()
                .filter(|set| set.contains(t.as_str()))
                .count()
                > pairs.len()
        })
        .count();
    let rest = (term.len() - kept) as f64 * tgt.max(1) as f64 / src.max(1) as f64;
    (kept as f64 + rest).max(1.0)
}

/// Whether a span of `a` tokens is nearer the expected length than one of `b` (by ratio).
fn nearer(a: usize, b: usize, expected: f64) -> bool {
    let off = |n: usize| (n as f64 / expected).ln().abs();
    off(a) < off(b)
}

/// Whether a longer span held in `longer` units stands for a shorter one inside it held in
/// `shorter`: in nearly as many ([`FOLD_RATIO`]); or, where they differ by one unit, which
/// says little, when the longer is nearer the expected length (死亡率, not 率, in 3 of 4
/// units for "mortality rate"; "strict", not "very strict", in 2 of 3 for 严格).
fn nearly_as_many(
    (longer, l_len): (usize, usize),
    (shorter, s_len): (usize, usize),
    expected: f64,
) -> bool {
    longer as f64 >= FOLD_RATIO * shorter as f64
        || (longer >= 2 && longer + 1 >= shorter && nearer(l_len, s_len, expected))
}

/// A term's occurrences in a run of tokens, as token ranges; its last word may take a plural
/// ending, as [`units_with`] finds it.
fn occurrences<T: AsRef<str>>(run: &[T], term: &[String]) -> Vec<(usize, usize)> {
    let n = term.len();
    if n == 0 || n > run.len() {
        return Vec::new();
    }
    let same = |t: &T, w: &String, last: bool| {
        let t = t.as_ref();
        t == w.as_str()
            || (last
                && w.chars().last().is_some_and(char::is_alphabetic)
                && !script::is_han_or_kana(w.chars().last().unwrap_or(' '))
                && t.strip_prefix(w.as_str())
                    .is_some_and(|rest| rest == "s" || rest == "es"))
    };
    (0..=run.len() - n)
        .filter(|&s| (0..n).all(|i| same(&run[s + i], &term[i], i + 1 == n)))
        .map(|s| (s, s + n))
        .collect()
}

/// The term as tokens, folded as targets are.
fn term_tokens(term: &str) -> Vec<String> {
    runs(term).into_iter().flatten().map(|t| t.text).collect()
}

/// For each word (a character in Chinese) that stands just before the term in the sources of
/// two units or more, or just after it, the word and the units (in order) where it does;
/// articles aside ([`ARTICLES`]).
fn neighbours(term: &str, pairs: &[Pair]) -> Vec<(String, Vec<usize>)> {
    let want = term_tokens(term);
    let mut by: FxHashMap<(bool, String), Vec<usize>> = FxHashMap::default();
    for (u, p) in pairs.iter().enumerate() {
        let mut seen: HashSet<(bool, String)> = HashSet::new();
        for run in p.source_runs() {
            for (s, e) in occurrences(run, &want) {
                if s > 0 {
                    seen.insert((false, run[s - 1].text.clone()));
                }
                if e < run.len() {
                    seen.insert((true, run[e].text.clone()));
                }
            }
        }
        for k in seen {
            if !ARTICLES.contains(&k.1.as_str()) {
                by.entry(k).or_default().push(u);
            }
        }
    }
    by.into_iter()
        .filter(|(_, units)| units.len() >= 2)
        .map(|((_, word), units)| (word, units))
        .collect()
}

/// The spans of each target that the glossary gives as the rendering of a word of the source
/// other than the term (competitive linking, Melamed 2000): 困难 where "breathing" is asked
/// and the source says "difficulty breathing". The renderings looked up are the parts of the
/// spans most often found (`top`); empty when the glossary explains none of them.
fn masks(
    glossary: &Connection,
    term: &str,
    pairs: &[Pair],
    (from, to): (&LangTag, &LangTag),
    top: &[&Span],
    words: &Interner,
) -> Result<Vec<Mask>> {
    let conn = glossary;
    let any: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM term)", [], |r| r.get(0))?;
    if !any {
        return Ok(Vec::new());
    }
    let joiner = if to.is_unspaced() { "" } else { " " };
    let primary = |lang: &str| LangTag::parse(lang).map(|l| l.primary().to_string()).ok();
    let mut by_norm =
        conn.prepare_cached("SELECT DISTINCT concept, lang FROM term WHERE norm = ?1")?;
    let mut of_concept = conn.prepare_cached("SELECT lang, norm FROM term WHERE concept = ?1")?;
    let mut looked: HashSet<&[u32]> = HashSet::new();
    // (a source term's tokens, the tokens of its rendering)
    let mut links: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    for span in top {
        for i in 0..span.toks.len() {
            for j in i + 1..=span.toks.len() {
                let part = &span.toks[i..j];
                if !looked.insert(part) {
                    continue;
                }
                let texts: Vec<String> = part
                    .iter()
                    .map(|&w| words.texts[w as usize].clone())
                    .collect();
                let rows = by_norm.query_map([texts.join(joiner)], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
                })?;
                let concepts: Vec<i64> = rows
                    .filter_map(|r| r.ok())
                    .filter(|(_, lang)| primary(lang).as_deref() == Some(to.primary()))
                    .map(|(c, _)| c)
                    .collect();
                for concept in concepts {
                    let rows = of_concept.query_map([concept], |r| {
                        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
                    })?;
                    for (lang, norm) in rows.filter_map(|r| r.ok()) {
                        if primary(&lang).as_deref() == Some(from.primary()) {
                            links.push((term_tokens(&norm), texts.clone()));
                        }
                    }
                }
            }
        }
    }
    if links.is_empty() {
        return Ok(Vec::new());
    }
    // A glossary has many concepts sharing a rendering (CC-CEDICT: dozens for 打): one link
    // each, the same mask; and masks of every unit against every link were a sixth of a
    // lookup's time.
    links.sort_unstable();
    links.dedup();
    let want = term_tokens(term);
    // Each link's source word as a source token may show it: its first token as it is, or,
    // for a word of one token, with a plural ending ([`occurrences`]). Made once, not once a
    // unit: the per-unit masks (a set of each source's tokens, these forms formatted for
    // every link of every unit) were an eighth of a lookup's time at a million pairs.
    let shown: Vec<Vec<String>> = links
        .iter()
        .map(|(src, _)| match src.as_slice() {
            [] => Vec::new(),
            [one] => ["", "s", "es"]
                .iter()
                .map(|end| format!("{one}{end}"))
                .collect(),
            [first, ..] => vec![first.clone()],
        })
        .collect();
    Ok(pairs
        .iter()
        .map(|p| {
            let source = p.source_runs();
            let tokens: FxHashSet<&str> =
                source.iter().flatten().map(|t| t.text.as_str()).collect();
            let mut the_term: Option<Vec<Vec<(usize, usize)>>> = None;
            let target = p.target_runs();
            let mut mask = Mask::new();
            for ((src, rendering), shown) in links.iter().zip(&shown) {
                if !shown.iter().any(|t| tokens.contains(t.as_str())) {
                    continue;
                }
                let the_term = the_term.get_or_insert_with(|| {
                    source.iter().map(|run| occurrences(run, &want)).collect()
                });
                let outside = source.iter().zip(the_term.iter()).any(|(run, the_term)| {
                    occurrences(run, src)
                        .iter()
                        .any(|&(s, e)| the_term.iter().all(|&(ts, te)| e <= ts || te <= s))
                });
                if !outside {
                    continue;
                }
                for run in target {
                    for (s, e) in occurrences(run, rendering) {
                        mask.push((run[s].start, run[e - 1].end));
                    }
                }
            }
            mask
        })
        .collect())
}

/// Whether `outer` holds `inner` as consecutive tokens.
fn contains(outer: &[u32], inner: &[u32]) -> bool {
    inner.len() <= outer.len() && outer.windows(inner.len()).any(|w| w == inner)
}

/// A span's report: its most frequent stored form, and where it stands in the first units.
fn rendering(pairs: &[Pair], words: &Interner, score: f64, span: &Span) -> Rendering {
    let want: Vec<&str> = span
        .toks
        .iter()
        .map(|&w| words.texts[w as usize].as_str())
        .collect();
    let mut forms: FxHashMap<String, usize> = FxHashMap::default();
    let mut examples = Vec::new();
    let mut first_form: Vec<String> = Vec::new();
    for pair in pairs {
        let Some((start, end)) = pair.target_runs().iter().find_map(|run| {
            run.windows(want.len())
                .find(|w| w.iter().zip(&want).all(|(t, x)| t.text == *x))
                .map(|w| (w[0].start, w[w.len() - 1].end))
        }) else {
            continue;
        };
        let form: String = pair.target.chars().skip(start).take(end - start).collect();
        if !forms.contains_key(&form) {
            first_form.push(form.clone());
        }
        *forms.entry(form).or_default() += 1;
        if examples.len() < EXAMPLES {
            examples.push(Example {
                unit: pair.unit,
                source: pair.source.clone(),
                target: pair.target.clone(),
                start,
                len: end - start,
            });
        }
    }
    // The most frequent form; of equally frequent ones, the first met.
    let text = first_form
        .iter()
        .max_by_key(|f| {
            (
                forms[*f],
                std::cmp::Reverse(first_form.iter().position(|g| g == *f)),
            )
        })
        .cloned()
        .unwrap_or_default();
    Rendering {
        text,
        score: (score * 100.0).round() / 100.0,
        count: span.count,
        examples,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_break_at_punctuation_and_keep_positions() {
        let r = runs("Sister-City ties, 友好城市。OK");
        let texts: Vec<Vec<&str>> = r
            .iter()
            .map(|run| run.iter().map(|t| t.text.as_str()).collect())
            .collect();
        assert_eq!(
            texts,
            vec![
                vec!["sister", "city", "ties"],
                vec!["友", "好", "城", "市"],
                vec!["ok"]
            ]
        );
        assert_eq!((r[0][1].start, r[0][1].end), (7, 11));
        assert_eq!((r[1][0].start, r[2][0].start), (18, 23));
    }

    #[test]
    fn g2_grows_with_the_evidence_and_is_signed() {
        // Seen in all 10 of the term's units, and in 50 of 1,000 segments: stronger than a
        // span seen only in 2 units and nowhere else (logDice ranked that one first).
        assert!(g2(10.0, 10.0, 50.0, 1000.0) > g2(2.0, 10.0, 2.0, 1000.0));
        assert!(g2(2.0, 10.0, 2.0, 1000.0) > 0.0);
        // Rarer with the term than elsewhere: a negative association.
        assert!(g2(1.0, 10.0, 500.0, 1000.0) < 0.0);
        assert_eq!(g2(0.0, 10.0, 0.0, 1000.0), 0.0);
    }

    #[test]
    fn a_hyphen_binds_two_words_and_an_en_dash_does_not() {
        let r = runs("self-isolation in 2019–2020");
        let joined: Vec<(&str, bool)> = r[0].iter().map(|t| (t.text.as_str(), t.joined)).collect();
        assert_eq!(
            joined,
            [
                ("self", true),
                ("isolation", false),
                ("in", false),
                ("2019", false),
                ("2020", false)
            ]
        );
    }

    #[test]
    fn a_term_is_found_with_a_plural_ending_on_its_last_word_only() {
        let run = runs("Face masks and face mask rules").remove(0);
        let term = term_tokens("face mask");
        assert_eq!(occurrences(&run, &term), [(0, 2), (3, 5)]);
        assert!(occurrences(&run, &term_tokens("faces mask")).is_empty());
        let han = runs("两市的友好城市关系").remove(0);
        assert_eq!(occurrences(&han, &term_tokens("友好城市")), [(3, 7)]);
    }

    /// Read a block at a time, in chunks of any size, the order is the whole sort's.
    #[test]
    fn the_sample_order_read_in_chunks_is_the_whole_sort() {
        for n in [
            0,
            1,
            5,
            SORTED_BLOCK - 1,
            SORTED_BLOCK,
            SORTED_BLOCK + 1,
            3 * SORTED_BLOCK + 7,
        ] {
            let ids: Vec<i64> = (0..n as i64).map(|i| i * 7 + 3).collect();
            let mut whole = ids.clone();
            whole.sort_by_key(|&i| mix(i));
            for step in [1, 16, 256, 1000, 5000] {
                let mut order = SampleOrder::new(&ids);
                let mut read = Vec::new();
                let mut at = 0;
                while at < order.len() {
                    read.extend(order.ids(at, at + step));
                    at += step;
                }
                assert_eq!(read, whole, "{n} ids in chunks of {step}");
            }
        }
    }

    #[test]
    fn the_sample_order_is_a_fixed_permutation() {
        let mut a: Vec<i64> = (1..100).collect();
        a.sort_by_key(|&i| mix(i));
        let mut b: Vec<i64> = (1..100).rev().collect();
        b.sort_by_key(|&i| mix(i));
        assert_eq!(a, b);
        assert_ne!(a, (1..100).collect::<Vec<_>>());
    }

    #[test]
    fn targets_differing_in_punctuation_width_or_case_share_a_key() {
        assert_eq!(
            text_key("安娜说，船只在港口。"),
            text_key("安娜说,船只在港口.")
        );
        assert_eq!(text_key("N95 masks"), text_key("ｎ９５ Masks!"));
        assert_ne!(
            text_key("安娜说，船只在港口。"),
            text_key("安娜说，船只在海港。")
        );
    }

    #[test]
    fn one_unit_less_folds_into_the_longer_span_only_when_its_length_fits() {
        // "mortality rate": about 3.4 characters expected; 死亡率 in 3 units, 率 in 4.
        assert!(nearly_as_many((3, 3), (4, 1), 3.4));
        // 严格: about 1.2 words expected; "very strict" in 2 units, "strict" in 3.
        assert!(!nearly_as_many((2, 2), (3, 1), 1.2));
        // Two units fewer is a difference the counts can tell, whatever the length.
        assert!(!nearly_as_many((3, 3), (5, 1), 3.4));
        // Nearly as many: the ratio decides alone.
        assert!(nearly_as_many((8, 5), (10, 1), 1.0));
        // One unit is never enough for the longer.
        assert!(!nearly_as_many((1, 3), (2, 1), 3.0));
    }

    #[test]
    fn the_expected_length_follows_the_units_token_ratio() {
        let (en, zh) = ("Anna has a sense of humor.", "安娜很有幽默感。");
        let pair = |source: &str, target: &str| Pair::new(1, source.into(), target.into());
        // 7 characters to 6 words: two characters expect 12/7 words.
        let e = expected_len("幽默", &[pair(zh, en)]);
        assert!((e - 2.0 * 6.0 / 7.0).abs() < 1e-9, "{e}");
        assert!(nearer(2, 3, e) && nearer(2, 1, e));
        let e = expected_len("sense of humor", &[pair(en, zh)]);
        assert!((e - 3.0 * 7.0 / 6.0).abs() < 1e-9, "{e}");
        // A token the targets keep as it is counts as one: N95 is not 7/5 tokens long.
        let e = expected_len("N95 masks", &[pair("Wear N95 masks.", "请戴 N95 口罩。")]);
        assert!((e - (1.0 + 5.0 / 3.0)).abs() < 1e-9, "{e}");
    }

    fn pair(source: &str, target: &str) -> Pair {
        Pair::new(0, source.into(), target.into())
    }

    #[test]
    fn function_words_beside_the_term_are_neighbours_and_articles_are_not() {
        let pairs = [
            pair("the most contagious virus", "传染性最强的病毒"),
            pair("what is the most contagious form", "传染性最强的形式是什么"),
        ];
        let by = neighbours("contagious", &pairs);
        // "most" before the term in both units; "the" before "most" is not beside the term,
        // and nothing after it is shared.
        assert_eq!(by, vec![("most".to_string(), vec![0, 1])]);
        let pairs = [
            pair("flew to the United States", "飞往美国"),
            pair("left the United States", "离开美国"),
        ];
        assert!(neighbours("United States", &pairs).is_empty());
        let pairs = [
            pair("我搞错了", "I made a mistake"),
            pair("他搞错了", "he made a mistake"),
        ];
        assert_eq!(
            neighbours("搞错", &pairs),
            vec![("了".to_string(), vec![0, 1])]
        );
    }

    #[test]
    fn extra_words_render_the_term_when_the_rest_of_the_memory_ties_them_to_a_piece_of_it() {
        let (en, zh) = (
            LangTag::parse("en").unwrap(),
            LangTag::parse("zh-CN").unwrap(),
        );
        let store = crate::memory::test_store(&[
            (
                "We enhance mutual understanding and trust.",
                "我们增进相互理解和信任。",
            ),
            (
                "It deepened mutual understanding and friendship.",
                "加深了相互理解和友谊。",
            ),
            ("Mutual trust takes time.", "相互信任需要时间。"),
            ("They showed mutual respect.", "他们表现出相互尊重。"),
            ("Mutual support matters.", "相互支持很重要。"),
            ("Tea and coffee are served.", "供应茶和咖啡。"),
            ("Cats and dogs play.", "猫和狗在玩。"),
            ("He has difficulty breathing.", "他呼吸困难。"),
            ("She has difficulty breathing.", "她呼吸困难。"),
            ("Economic difficulty is growing.", "经济困难在加剧。"),
            ("We overcame the difficulty.", "我们克服了困难。"),
            ("The difficulty was real.", "困难是真实的。"),
        ]);
        let conn = store.conn();
        let lists = Counts::default();
        // 相互 says "mutual" wherever the term is not: not the "and" after the term.
        let mut e = Elsewhere::new(conn, "mutual understanding", &en, &zh, &lists);
        assert!(e.renders_term("相互", "and").unwrap());
        // 困难 says "difficulty", the neighbour, not "breathing": the neighbour may explain it.
        let mut e = Elsewhere::new(conn, "breathing", &en, &zh, &lists);
        assert!(!e.renders_term("困难", "difficulty").unwrap());
        // In the term's own units extra words stand with the term whatever they render: only
        // the others are read (here none holds 相互 without the term).
        let store = crate::memory::test_store(&[
            (
                "We enhance mutual understanding and trust.",
                "我们增进相互理解和信任。",
            ),
            (
                "It deepened mutual understanding and friendship.",
                "加深了相互理解和友谊。",
            ),
            ("Tea and coffee are served.", "供应茶和咖啡。"),
        ]);
        let lists = Counts::default();
        let mut e = Elsewhere::new(store.conn(), "mutual understanding", &en, &zh, &lists);
        assert!(!e.renders_term("相互", "and").unwrap());
    }

    /// What an extra text's units say is read once and kept with the snapshot's counts: a
    /// ranking with the same counts reads no more (whatever the database says now, which is why
    /// their keeper drops them when it changes), one with new counts reads anew.
    #[test]
    fn the_units_of_an_extra_text_are_kept_with_the_counts_until_new_ones_are_made() {
        let (en, zh) = (
            LangTag::parse("en").unwrap(),
            LangTag::parse("zh-CN").unwrap(),
        );
        let term_units = [
            (
                "We enhance mutual understanding and trust.",
                "我们增进相互理解和信任。",
            ),
            (
                "It deepened mutual understanding and friendship.",
                "加深了相互理解和友谊。",
            ),
            ("Tea and coffee are served.", "供应茶和咖啡。"),
        ];
        let few = crate::memory::test_store(&term_units);
        let mut all = term_units.to_vec();
        all.extend([
            ("Mutual trust takes time.", "相互信任需要时间。"),
            ("They showed mutual respect.", "他们表现出相互尊重。"),
            ("Mutual support matters.", "相互支持很重要。"),
        ]);
        let more = crate::memory::test_store(&all);
        let term = "mutual understanding";
        let kept = Counts::default();
        // Only the term's units hold 相互: nothing says what it renders elsewhere.
        let mut e = Elsewhere::new(few.conn(), term, &en, &zh, &kept);
        assert!(!e.renders_term("相互", "and").unwrap());
        // New counts (a changed database): read anew, 相互 says "mutual" elsewhere.
        let fresh = Counts::default();
        let mut e = Elsewhere::new(more.conn(), term, &en, &zh, &fresh);
        assert!(e.renders_term("相互", "and").unwrap());
        // The same counts: the units read before.
        let mut e = Elsewhere::new(more.conn(), term, &en, &zh, &kept);
        assert!(!e.renders_term("相互", "and").unwrap());
    }

    #[test]
    fn a_span_inside_a_chain_renders_outside_the_term_when_the_memory_ties_it_to_another_piece() {
        let (en, zh) = (
            LangTag::parse("en").unwrap(),
            LangTag::parse("zh-CN").unwrap(),
        );
        let chain = [
            (
                "This is an interview with Ma Junsheng, Director-General of the State Post Bureau.",
                "这是国家邮政局局长马军胜接受采访。",
            ),
            (
                "Ma Junsheng, Director-General of the State Post Bureau, said parcels arrive sooner.",
                "国家邮政局局长马军胜表示，包裹到得更快。",
            ),
        ];
        let mut all = chain.to_vec();
        all.extend([
            (
                "Chen Yang was deputy director-general.",
                "陈阳曾任副厅长级职务。",
            ),
            (
                "The State Post Bureau expects more parcels.",
                "国家邮政局预计包裹会更多。",
            ),
            (
                "The State Post Bureau published a report.",
                "国家邮政局发布了一份报告。",
            ),
            (
                "Ma Junsheng said the industry grows.",
                "马军胜说，这个行业在发展。",
            ),
            (
                "The police chief spoke to the press.",
                "警察局局长对媒体讲话。",
            ),
            (
                "The EPA administrator overstepped.",
                "环境保护局局长越权了。",
            ),
            (
                "The director of the bureau said fines rose.",
                "该局局长说，罚款增加了。",
            ),
        ]);
        let store = crate::memory::test_store(&all);
        let lists = Counts::default();
        let units: Vec<Pair> = chain
            .iter()
            .enumerate()
            .map(|(i, (s, t))| Pair::new(i as i64 + 1, s.to_string(), t.to_string()))
            .collect();
        let units: Vec<&Pair> = units.iter().collect();
        let mut e = Elsewhere::new(store.conn(), "Director-General", &en, &zh, &lists);
        // The body and the name stand elsewhere with "State Post Bureau" and "Ma Junsheng",
        // which stand in both units of the chain, outside the term.
        assert!(e.renders_outside("邮政", &units).unwrap());
        assert!(e.renders_outside("马军胜", &units).unwrap());
        // 局长 stands with the heads of several bureaus: no piece of the chain's sources
        // holds it clearly more than the term does.
        assert!(!e.renders_outside("局长", &units).unwrap());
    }

    fn span(toks: &[u32], count: usize) -> Span {
        Span {
            toks: toks.to_vec(),
            function_only: false,
            count,
            distinct: count,
            last: 0,
            last_text: 0,
        }
    }

    #[test]
    fn a_part_is_only_inside_its_variants_when_no_occurrence_stands_outside_them() {
        // 1 2 is the part; 1 2 3 and 0 1 2 the variants.
        let (a, b) = (span(&[1, 2, 3], 2), span(&[0, 1, 2], 2));
        let longer = [&a, &b];
        assert!(only_inside(
            &[vec![9, 1, 2, 3], vec![0, 1, 2]],
            &[1, 2],
            &longer
        ));
        assert!(!only_inside(&[vec![1, 2, 3, 1, 2]], &[1, 2], &longer));
        assert!(!only_inside(&[vec![1, 2]], &[1, 2], &longer));
        // At the run's ends.
        assert!(only_inside(&[vec![0, 1, 2]], &[1, 2], &longer));
        assert!(only_inside(&[vec![1, 2, 3]], &[1, 2], &longer));
    }

    #[test]
    fn a_common_part_gives_way_to_its_best_supported_variant_nearer_the_expected_length() {
        // Targets: the part 1 2 inside 1 2 3 (three units) and 1 2 4 (two).
        let runs: Vec<Vec<Vec<u32>>> = [[1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 4], [1, 2, 4]]
            .iter()
            .map(|r| vec![r.to_vec()])
            .collect();
        let (part, x, y) = (span(&[1, 2], 5), span(&[1, 2, 3], 3), span(&[1, 2, 4], 2));
        let pool = [&part, &x, &y];
        let none = |_: &Span| false;
        let got = variant_of(&part, &pool, &runs, 3.0, &none).map(|s| s.toks.clone());
        assert_eq!(got, Some(vec![1, 2, 3]));
        // Not when the part is nearer the expected length, nor with a single variant, nor
        // when a variant is explained by a neighbour.
        assert!(variant_of(&part, &pool, &runs, 2.0, &none).is_none());
        assert!(variant_of(&part, &[&part, &x], &runs, 3.0, &none).is_none());
        let explained = |s: &Span| s.toks == [1, 2, 4];
        assert!(variant_of(&part, &pool, &runs, 3.0, &explained).is_none());
    }

    #[test]
    fn function_words_alone_are_spans_of_a_spaced_target_but_not_beside_a_content_word() {
        let pairs = [pair(
            "但是会议取消了",
            "But the meeting was off, as far as I know",
        )];
        let mut words = Interner::default();
        let en = LangTag::parse("en").unwrap();
        let spans = count_spans(&pairs, &en, &Targets::new(&pairs, &en, &mut words), &[]);
        let texts: Vec<String> = spans
            .iter()
            .map(|s| {
                s.toks
                    .iter()
                    .map(|&w| words.texts[w as usize].as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let has = |t: &str| texts.iter().any(|x| x == t);
        assert!(has("but") && has("as") && has("meeting") && has("far as i know"));
        // Articles render nothing; a function word does not edge a content word.
        assert!(!has("the") && !has("but the") && !has("the meeting") && !has("was off"));
        assert!(
            spans
                .iter()
                .find(|s| s.toks.len() == 1 && words.texts[s.toks[0] as usize] == "but")
                .unwrap()
                .function_only
        );
        // A Chinese target keeps its function characters off the edges.
        let pairs = [pair("but the meeting", "但是会议是取消了")];
        let zh = LangTag::parse("zh-CN").unwrap();
        let spans = count_spans(&pairs, &zh, &Targets::new(&pairs, &zh, &mut words), &[]);
        assert!(spans.iter().all(|s| !s.function_only));
    }

    #[test]
    fn source_pieces_leave_out_the_term_and_function_words_alone() {
        let zh = pieces("他决定成为一名飞行员。", true, &term_tokens("飞行员"));
        assert!(zh.contains("成为") && zh.contains("一名") && zh.contains("决定成为"));
        // Overlapping the term, or longer than four characters.
        assert!(!zh.contains("名飞") && !zh.contains("飞行") && !zh.contains("决定成为一"));
        let en = pieces("The youth hostel is cheap.", false, &term_tokens("youth"));
        assert!(en.contains("hostel") && en.contains("hostel is cheap"));
        assert!(!en.contains("the") && !en.contains("is") && !en.contains("youth hostel"));
        // Nothing to leave out: every piece of the text.
        assert!(pieces("青年旅舍", true, &[]).contains("青年旅舍"));
    }

    #[test]
    fn a_span_inside_stands_apart_when_no_seam_cuts_a_word() {
        let mut words = Interner::default();
        let ids = |words: &mut Interner, s: &str| -> Vec<u32> {
            s.chars().map(|c| words.id(&c.to_string())).collect()
        };
        // Segments of the memory holding each character, and each pair side by side.
        let counts: FxHashMap<&str, f64> = [
            ("保", 20.0),
            ("持", 20.0),
            ("社", 15.0),
            ("交", 25.0),
            ("距", 12.0),
            ("离", 14.0),
            ("保持", 18.0),
            ("持社", 6.0),
            ("社交", 12.0),
            ("交距", 8.0),
            ("距离", 10.0),
            ("市", 50.0),
            ("委", 20.0),
            ("书", 15.0),
            ("记", 20.0),
            ("市委", 10.0),
            ("委书", 6.0),
            ("书记", 14.0),
        ]
        .into_iter()
        .collect();
        let runs = vec![
            vec![ids(&mut words, "请保持社交距离")],
            vec![ids(&mut words, "保持社交距离很重要")],
            vec![ids(&mut words, "社交距离准则")],
            vec![ids(&mut words, "市委书记出席")],
            vec![ids(&mut words, "市委开会")],
            vec![ids(&mut words, "市委书记讲话")],
        ];
        let texts = words.texts.clone();
        let mut f_of = |s: &[u32], _: bool| -> Result<f64> {
            let t: String = s.iter().map(|&w| texts[w as usize].as_str()).collect();
            Ok(counts.get(t.as_str()).copied().unwrap_or(0.0))
        };
        let mut apart = |inner: &str, outer: &str| {
            let (i, o) = (
                span(&ids(&mut words, inner), 3),
                span(&ids(&mut words, outer), 2),
            );
            stands_apart(&i, &o, &runs, &words, &mut f_of).unwrap()
        };
        // 持社 holds together less than 保持: 保持 is a word of its own beside 社交距离.
        assert!(apart("社交距离", "保持社交距离"));
        // 社交 holds together more than 交距: 交距离 cuts it.
        assert!(!apart("交距离", "保持社交距离"));
        // 委书 less than 书记; 市委 is followed by 书 in two of its three places only.
        assert!(apart("市委", "市委书记"));
        // 市 alone: nothing beside the seam holds together more than 市委.
        assert!(!apart("委书记", "市委书记"));
    }

    #[test]
    fn an_edge_cuts_a_word_when_the_pair_across_it_holds_together_more_than_the_pair_inside() {
        let mut words = Interner::default();
        let ids = |words: &mut Interner, s: &str| -> Vec<u32> {
            s.chars().map(|c| words.id(&c.to_string())).collect()
        };
        // Segments of the memory holding each character, and each pair side by side.
        let counts: FxHashMap<&str, f64> = [
            ("传", 10.0),
            ("染", 12.0),
            ("性", 40.0),
            ("感", 8.0),
            ("潜", 5.0),
            ("伏", 5.0),
            ("期", 60.0),
            ("传染", 9.0),
            ("感染", 7.0),
            ("染性", 6.0),
            ("潜伏", 5.0),
            ("伏期", 4.0),
        ]
        .into_iter()
        .collect();
        let runs = vec![
            vec![ids(&mut words, "传染性最强")],
            vec![ids(&mut words, "感染性肠炎")],
            vec![ids(&mut words, "潜伏期很长")],
        ];
        let texts = words.texts.clone();
        let mut f_of = |s: &[u32], _: bool| -> Result<f64> {
            let t: String = s.iter().map(|&w| texts[w as usize].as_str()).collect();
            Ok(counts.get(t.as_str()).copied().unwrap_or(0.0))
        };
        let piece = span(&ids(&mut words, "染性"), 2);
        assert!(cuts_a_word(&piece, &runs, &words, &mut f_of).unwrap());
        // 传染性 itself: nothing outside it holds to its edges.
        let whole = span(&ids(&mut words, "传染性"), 1);
        assert!(!cuts_a_word(&whole, &runs, &words, &mut f_of).unwrap());
        // 期 follows many characters: 伏期 holds together less than 潜伏, so 潜伏 is a word.
        let word = span(&ids(&mut words, "潜伏"), 1);
        assert!(!cuts_a_word(&word, &runs, &words, &mut f_of).unwrap());
    }

    #[test]
    fn contains_is_consecutive() {
        assert!(contains(&[1, 2, 3], &[2, 3]));
        assert!(!contains(&[1, 2, 3], &[1, 3]));
        assert!(!contains(&[1], &[1, 2]));
    }

    #[test]
    fn common_keeps_common_ids() {
        assert_eq!(common(&[1, 3, 5, 7, 9], &[2, 3, 4, 9, 10]), [3, 9]);
    }
}

#[cfg(test)]
mod intersect_tests {
    use super::{Posting, common, common_count, common_with};

    /// The galloping intersection keeps what the walk kept: every id of `a` in `b`, in order,
    /// whatever their lengths and gaps; so do the count and the intersection read from `b`'s
    /// bitmap, when it is dense enough to have one, and from its ids when not.
    #[test]
    fn intersect_keeps_exactly_the_common_ids() {
        let mut seed = 0x2026_1206_u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        for _ in 0..500 {
            let mut list = |len: u64, spread: u64| {
                let mut v: Vec<i64> = (0..next(len)).map(|_| next(spread) as i64).collect();
                v.sort_unstable();
                v.dedup();
                v
            };
            let (a, b) = (list(40, 400), list(2_000, 400));
            let (c, d) = (list(300, 600), list(300, 600));
            for (a, b) in [(&a, &b), (&b, &a), (&c, &d), (&d, &c), (&a, &c)] {
                let got = common(a, b);
                let want: Vec<i64> = a.iter().copied().filter(|x| b.contains(x)).collect();
                assert_eq!(got, want);
                let posting = Posting::new(b.clone());
                assert_eq!(common_with(a, &posting), want);
                assert_eq!(common_count(a, &posting), want.len());
            }
            // Both paths are taken: lists of 2,000 ids out of 400 have a bitmap.
            assert!(Posting::new((0..400).collect()).bits.is_some());
        }
    }
}
