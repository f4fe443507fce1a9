//! The third job: does a translation use the approved renderings? One pass over a document's
//! segments with the glossary's term matcher, and nine checks, each with an id, a default
//! severity (error, warning or info; [`CheckOptions`] may set another) and a switch:
//!
//! - `term-missing` (error): a glossary term is in the source segment and none of the
//!   concept's preferred or admitted renderings is in the target: neither found by the
//!   matcher nor standing there as text, inside a longer word or term (传播 in 传播方式),
//!   unless it takes its characters from two words (市长 in 南京市长江大桥) or is part of a
//!   deprecated term of the concept found there. When a deprecated or forbidden rendering of
//!   that concept stands there instead, this one finding names it (it is not reported a
//!   second time as `term-deprecated`).
//! - `term-kept` (warning): what would be `term-missing`, but a source-language term of the
//!   concept stands in the target as written (SARS-CoV, WHO): [`term_kept`].
//! - `term-deprecated` (error; also for a target alone): a deprecated, superseded or forbidden
//!   term in the target, with the preferred replacement. A string that is an approved term of
//!   some concept is never reported, whatever other concept deprecates it.
//! - `inconsistent` (warning): one concept rendered by two different full-form renderings in
//!   one document (海上风电 here, 海上风能 there), or one source segment translated two ways.
//!   Short forms, acronyms and abbreviations alternate with their full form by design and are
//!   not counted. In a bilingual document a rendering counts only where its concept is also
//!   found in the segment's source: "Commission" in "Central Military Commission" (中央军委)
//!   is not 委员会's. A target alone has no source to ask, and every rendering counts.
//! - `number-mismatch` (warning): the numbers of source and target differ ([`numbers`]).
//! - `untranslated` (warning): an empty target, or one identical to a source that has letters.
//!   An untranslated segment gets no other finding.
//! - `script-mismatch` (warning): Traditional characters in a Simplified Chinese target
//!   ([`script_mismatch`]).
//! - `term-convention` (error): a term the document renders its own way in nearly every
//!   segment that has it: one finding naming them all instead of a `term-missing` each
//!   ([`term_convention`]).
//! - `misaligned` (warning): the pair's halves are not translations of each other (lengths,
//!   numbers, and no term of the source rendered: [`misaligned`]); it replaces the pair's
//!   term findings.
//!
//! [`run`] then leaves out what an ignore list or a baseline names ([`suppress`]) and groups
//! the rest ([`group`]).
//!
//! Each check is a module of its own, named by its id; this one finds every segment's terms
//! once, for all of them, and runs the checks that are switched on.
//!
//! Lines are 1-based segment lines of the input file; columns are 1-based, in characters of
//! the original line (never of a normalised copy): an editor given `file:line:col` lands on
//! the spot, in whichever TSV cell it is.

mod acronym;
mod attributive;
mod compound;
pub mod group;
mod head;
mod inconsistent;
pub mod input;
mod misaligned;
mod number_mismatch;
pub mod numbers;
mod own_name;
pub mod report;
pub mod run;
mod script_mismatch;
mod set_word;
pub mod suppress;
mod term_convention;
mod term_deprecated;
mod term_kept;
mod term_missing;
mod untranslated;

pub use run::{CheckReport, run};

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};

use rustc_hash::FxHashMap;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::glossary::compiled::{self, Compiled};
use crate::glossary::matcher::{MatchTerm, PreparedSegment, SegmenterWarmup, TermHit, TermMatcher};
use crate::text::LangTag;

pub use input::{Document, DraftSegment};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckId {
    TermMissing,
    TermKept,
    TermDeprecated,
    Inconsistent,
    NumberMismatch,
    Untranslated,
    ScriptMismatch,
    Misaligned,
    TermConvention,
}

impl CheckId {
    pub const ALL: [CheckId; 9] = [
        CheckId::TermMissing,
        CheckId::TermKept,
        CheckId::TermDeprecated,
        CheckId::Inconsistent,
        CheckId::NumberMismatch,
        CheckId::Untranslated,
        CheckId::ScriptMismatch,
        CheckId::Misaligned,
        CheckId::TermConvention,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CheckId::TermMissing => "term-missing",
            CheckId::TermKept => "term-kept",
            CheckId::TermDeprecated => "term-deprecated",
            CheckId::Inconsistent => "inconsistent",
            CheckId::NumberMismatch => "number-mismatch",
            CheckId::Untranslated => "untranslated",
            CheckId::ScriptMismatch => "script-mismatch",
            CheckId::Misaligned => "misaligned",
            CheckId::TermConvention => "term-convention",
        }
    }

    pub fn parse(s: &str) -> Option<CheckId> {
        CheckId::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Every check's id, for messages that list them.
    pub fn names() -> String {
        CheckId::ALL.map(CheckId::as_str).join(", ")
    }

    pub fn default_severity(self) -> Severity {
        match self {
            // A term the document renders its own way throughout departs from the glossary
            // as much as one slip does: folding the findings must not let a script pass it.
            CheckId::TermMissing | CheckId::TermDeprecated | CheckId::TermConvention => {
                Severity::Error
            }
            _ => Severity::Warning,
        }
    }

    /// Whether the check is about a glossary term (what the evaluation's precision counts).
    pub fn is_term_check(self) -> bool {
        matches!(
            self,
            CheckId::TermMissing
                | CheckId::TermKept
                | CheckId::TermDeprecated
                | CheckId::TermConvention
        )
    }
}

/// Ordered from the least to the most severe, so that `--fail-on warning` is "at or above".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Info, Severity::Warning, Severity::Error];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// A check's severity as `--severity` gives it: `term-kept=info`. The error names what is
/// wrong, the check or the level.
pub fn parse_severity_setting(s: &str) -> Result<(CheckId, Severity)> {
    let (check, level) = s.split_once('=').ok_or_else(|| {
        crate::Error::Invalid(format!("{s:?} is not CHECK=LEVEL (as in term-kept=info)"))
    })?;
    let check = CheckId::parse(check.trim()).ok_or_else(|| {
        crate::Error::Invalid(format!(
            "unknown check {check:?} (expected one of {})",
            CheckId::names()
        ))
    })?;
    let level = Severity::parse(level.trim()).ok_or_else(|| {
        crate::Error::Invalid(format!(
            "unknown severity {level:?} for {} (expected error, warning or info)",
            check.as_str()
        ))
    })?;
    Ok((check, level))
}

/// Which half of the segment, source or target, a finding's column points into. Serialised
/// as the finding's `"in"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Half {
    Source,
    Target,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    pub file: String,
    pub line: u64,
    /// 1-based, in characters of the line `half` stands on: from the start of the line in
    /// TSV and line-aligned files, from the start of the segment's text in XLIFF and TMX.
    pub column: usize,
    #[serde(rename = "in")]
    pub half: Half,
    /// Length in characters of the text the finding points at (0 for a whole segment).
    pub length: usize,
    pub check: CheckId,
    pub severity: Severity,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_term: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_term: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concept: Option<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub expected: Vec<String>,
    pub message: String,
    /// Every segment's line a finding about the whole document names (`term-convention`),
    /// `line` first; empty for a finding about one segment.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<u64>,
    /// The segment's text hash ([`segment_hash`]): with the check and the terms, what
    /// identifies a finding across runs whatever lines were added above it.
    pub segment_hash: String,
}

/// A segment's identity for ignore lists and baselines: xxh3-64 of its source, a TAB and its
/// target, as 16 lower-case hex digits. Text as given, so any edit of the segment makes it
/// another one, whose findings are new.
pub fn segment_hash(source: Option<&str>, target: &str) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(source.unwrap_or("").as_bytes());
    h.update(b"\t");
    h.update(target.as_bytes());
    format!("{:016x}", h.digest())
}

#[derive(Clone, Debug, Default)]
pub struct CheckOptions {
    pub disabled: HashSet<CheckId>,
    /// Severities that replace a check's default ([`CheckId::default_severity`]).
    pub severity: FxHashMap<CheckId, Severity>,
    /// Findings to leave out of the report ([`run`] applies it).
    pub suppression: suppress::Suppression,
}

impl CheckOptions {
    pub fn severity_of(&self, check: CheckId) -> Severity {
        self.severity
            .get(&check)
            .copied()
            .unwrap_or(check.default_severity())
    }
}

/// What the checks need to know about the glossary beyond the matcher: each concept's terms,
/// and which terms are short forms.
pub struct Glossary {
    /// The matcher and which terms are short forms, shared with every other check of the
    /// same glossary in this process (see `compiled::for_languages`).
    compiled: Arc<Compiled>,
    /// Concept → its terms, `concept_terms[from..to]`, as indexes into `matcher.terms()`.
    by_concept: FxHashMap<i64, (u32, u32)>,
    concept_terms: Vec<u32>,
    /// The initials of every name of two words or more among the terms (CPPCC of Chinese
    /// People's Political Consultative Conference), made the first time [`own_name`] asks.
    initials: std::sync::OnceLock<HashSet<String>>,
}

impl Glossary {
    /// Compiles the glossary of a store for checking `source` → `target` text: the terms of
    /// those two languages.
    pub fn from_store(
        conn: &Connection,
        source: Option<&LangTag>,
        target: &LangTag,
    ) -> Result<Glossary> {
        let segmenting =
            source.is_some_and(SegmenterWarmup::needed_for) || SegmenterWarmup::needed_for(target);
        let mut primaries: Vec<&str> = source.map(LangTag::primary).into_iter().collect();
        if !primaries.contains(&target.primary()) {
            primaries.push(target.primary());
        }
        let compiled = compiled::for_languages(conn, &primaries, segmenting)?;
        let mut order: Vec<(i64, u32)> = compiled
            .matcher
            .terms()
            .iter()
            .enumerate()
            .map(|(i, t)| (t.concept, i as u32))
            .collect();
        order.sort_unstable();
        let mut by_concept = FxHashMap::default();
        for (i, chunk) in order.chunk_by(|a, b| a.0 == b.0).scan(0, |at, c| {
            let from = *at;
            *at += c.len();
            Some((from, c))
        }) {
            by_concept.insert(chunk[0].0, (i as u32, (i + chunk.len()) as u32));
        }
        Ok(Glossary {
            compiled,
            by_concept,
            concept_terms: order.into_iter().map(|(_, i)| i).collect(),
            initials: std::sync::OnceLock::new(),
        })
    }

    /// The terms of a concept, as indexes into `matcher.terms()`.
    fn terms_of(&self, concept: i64) -> &[u32] {
        self.by_concept.get(&concept).map_or(&[], |&(from, to)| {
            &self.concept_terms[from as usize..to as usize]
        })
    }

    /// An acronym's concept → the concepts of the terms it abbreviates (WHO → World Health
    /// Organization), whose renderings render the acronym too: see [`acronym`]. Kept with
    /// the compiled matcher, for every check of the process.
    fn expansions(&self) -> &FxHashMap<i64, Vec<i64>> {
        let c = &self.compiled;
        c.acronyms
            .get_or_init(|| acronym::expansions(c.matcher.terms()))
    }

    /// Is `acronym` the initials of a name among the glossary's terms ([`acronym::initials`])?
    fn spells_a_term(&self, acronym: &str) -> bool {
        self.initials
            .get_or_init(|| {
                let terms = self.matcher().terms();
                terms
                    .iter()
                    .filter_map(|t| acronym::initials(&t.text))
                    .collect()
            })
            .contains(acronym)
    }

    fn is_short_form(&self, term: usize) -> bool {
        self.compiled.short.get(term).copied().unwrap_or(false)
    }

    pub fn matcher(&self) -> &TermMatcher {
        &self.compiled.matcher
    }
}

/// The approved renderings of concepts in the target language, preferred first, each text
/// once; worked out the first time a concept needs them, for the concepts a document has.
struct Renderings<'g> {
    glossary: &'g Glossary,
    lang: &'g LangTag,
    /// Concept → `all[from..to]`, indexes into `matcher.terms()`.
    at: FxHashMap<i64, (u32, u32)>,
    all: Vec<u32>,
    /// The renderings of the last span asked about ([`Renderings::of_span`]).
    span: Vec<u32>,
    /// The heads of the phrase terms asked about.
    heads: head::Heads,
}

impl<'g> Renderings<'g> {
    fn new(glossary: &'g Glossary, lang: &'g LangTag) -> Renderings<'g> {
        Renderings {
            glossary,
            lang,
            at: FxHashMap::default(),
            all: Vec::new(),
            span: Vec::new(),
            heads: head::Heads::default(),
        }
    }

    fn of(&mut self, concept: i64) -> &[u32] {
        let terms = self.glossary.matcher().terms();
        let &mut (from, to) = self.at.entry(concept).or_insert_with(|| {
            let approved = |i: &u32, fits: &dyn Fn(&LangTag) -> bool| {
                let t = &terms[*i as usize];
                fits(&t.lang) && t.status.is_approved()
            };
            let from = self.all.len() as u32;
            // The concept's own renderings first, then those of the names it abbreviates.
            let expanded = self
                .glossary
                .expansions()
                .get(&concept)
                .map_or(&[][..], |e| e);
            for &c in std::iter::once(&concept).chain(expanded) {
                let of_concept = self.glossary.terms_of(c);
                // The renderings in the target's script; failing those, the language's
                // others, which the matcher finds through Traditional/Simplified folding.
                let mut own: Vec<u32> = of_concept
                    .iter()
                    .copied()
                    .filter(|i| approved(i, &|l| self.lang.selects(l)))
                    .collect();
                if own.is_empty() {
                    own = of_concept
                        .iter()
                        .copied()
                        .filter(|i| approved(i, &|l| self.lang.same_language(l)))
                        .collect();
                }
                own.sort_by_key(|&i| terms[i as usize].status);
                for i in own {
                    push_rendering(terms, &mut self.all, from as usize, i);
                }
            }
            (from, self.all.len() as u32)
        });
        &self.all[from as usize..to as usize]
    }

    /// The renderings of the concepts of one source span: a term of two concepts (TICO-19's
    /// "surface" and "surfaces") would otherwise ask for 表面 or 表面.
    fn of_span(&mut self, span: &[TermHit]) -> &[u32] {
        for h in span {
            self.of(h.concept);
        }
        self.span.clear();
        for h in span {
            let (from, to) = self.at[&h.concept];
            for &i in &self.all[from as usize..to as usize] {
                push_rendering(self.glossary.matcher().terms(), &mut self.span, 0, i);
            }
        }
        &self.span
    }

    fn texts(&self, renderings: &[u32]) -> Vec<String> {
        let terms = self.glossary.matcher().terms();
        renderings
            .iter()
            .map(|&i| terms[i as usize].text.clone())
            .collect()
    }
}

/// Adds term `i` to `list[from..]` unless a term with its text is already there.
fn push_rendering(terms: &[MatchTerm], list: &mut Vec<u32>, from: usize, i: u32) {
    let text = &terms[i as usize].text;
    if !list[from..]
        .iter()
        .any(|&o| terms[o as usize].text == *text)
    {
        list.push(i);
    }
}

/// Do two hits share a span (one hit per concept when the span is a homograph)?
fn same_span(a: &TermHit, b: &TermHit) -> bool {
    a.start == b.start && a.len == b.len
}

/// A segment's term hits, source and target, with the target made ready for the matcher.
struct SegmentHits<'g, 'd> {
    source: Vec<TermHit<'d>>,
    target: Vec<TermHit<'d>>,
    /// Kept from finding the target's hits for asking where the renderings of the source's
    /// terms stand in it, which needs its keys (and in Chinese its segmentation) again.
    prepared: Option<PreparedSegment<'g, 'd>>,
}

/// The term hits of every segment's source and target, found before any check runs, on two
/// threads. One starts with the sources and the other with the targets, so that each
/// language's index stays in its core's cache: looking up a Chinese source, then an English
/// target, then the next source makes the two indexes evict each other, which cost a quarter
/// more time on the WMT news. Both take their segments a chunk at a time, and the one done
/// first goes on with the other's: one language costs more than the other (Chinese sources
/// 0.4-0.5 s against English targets 0.2-0.3 s on the WMT news with CC-CEDICT), and which
/// one depends on the document and the glossary.
fn find_all<'g, 'd>(doc: &'d Document, g: &'g Glossary) -> Vec<SegmentHits<'g, 'd>> {
    type Target<'g, 'd> = (Vec<TermHit<'d>>, Option<PreparedSegment<'g, 'd>>);
    let target = |seg: &'d DraftSegment| -> Target<'g, 'd> {
        match untranslated::why(seg) {
            Some(_) => (Vec::new(), None),
            None => {
                let prepared = g.matcher().prepare(&seg.target, &doc.target_lang);
                (prepared.find(), Some(prepared))
            }
        }
    };
    let source = |seg: &'d DraftSegment| -> Vec<TermHit<'d>> {
        match (&seg.source, &doc.source_lang) {
            (Some(source), Some(lang)) if untranslated::why(seg).is_none() => {
                let mut hits = g.matcher().find(source, lang);
                compound::drop_parts(source, &mut hits);
                hits
            }
            _ => Vec::new(),
        }
    };
    let (sources, targets) = (Chunks::new(&doc.segments), Chunks::new(&doc.segments));
    let (mine, other) = std::thread::scope(|s| {
        let other = s.spawn(|| {
            let t = targets.take_all(|_, seg| target(seg));
            (sources.take_all(|_, seg| source(seg)), t)
        });
        let mine = sources.take_all(|_, seg| source(seg));
        let mine = (mine, targets.take_all(|_, seg| target(seg)));
        // A panic on the other thread is a bug in the matcher: let it surface as one here.
        let other = other
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        (mine, other)
    });
    let sources = in_order(mine.0, other.0);
    let targets = in_order(mine.1, other.1);
    sources
        .into_iter()
        .zip(targets)
        .map(|(source, (target, prepared))| SegmentHits {
            source,
            target,
            prepared,
        })
        .collect()
}

/// Segments (or any items) handed out a chunk at a time to the threads that share them.
struct Chunks<'d, S> {
    items: &'d [S],
    next: std::sync::atomic::AtomicUsize,
}

impl<'d, S> Chunks<'d, S> {
    const ITEMS: usize = 64;

    fn new(items: &'d [S]) -> Chunks<'d, S> {
        Chunks {
            items,
            next: 0.into(),
        }
    }

    /// `f` of each item of the chunks this thread gets and the item's index, with each
    /// chunk's number.
    fn take_all<T>(&self, mut f: impl FnMut(usize, &'d S) -> T) -> Vec<(usize, Vec<T>)> {
        let mut out = Vec::new();
        loop {
            let chunk = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let from = chunk * Self::ITEMS;
            if from >= self.items.len() {
                return out;
            }
            let to = (from + Self::ITEMS).min(self.items.len());
            let items = self.items[from..to].iter().enumerate();
            out.push((chunk, items.map(|(k, item)| f(from + k, item)).collect()));
        }
    }
}

/// Two threads' [`Chunks::take_all`], in the items' order.
fn in_order<T>(mut a: Vec<(usize, Vec<T>)>, b: Vec<(usize, Vec<T>)>) -> Vec<T> {
    a.extend(b);
    a.sort_unstable_by_key(|(chunk, _)| *chunk);
    a.into_iter().flat_map(|(_, items)| items).collect()
}

/// What checking one segment gives, in the order its findings are reported: findings
/// complete in themselves, and what the `inconsistent` check must compare with the segments
/// before, which is done in document order once every segment is checked.
enum Step<'d> {
    Finding(Finding),
    /// An approved full-form rendering of a concept of the source.
    Rendering(TermHit<'d>),
    /// The key of the segment's source, for "the same source translated two ways".
    Translation(String),
    /// The concept of a source term the target renders, for `term-convention`.
    Rendered(i64),
    /// The concept of a source term heading another body's name ([`own_name`]), for
    /// `term-convention`, which counts it as not rendered.
    OwnName(i64),
}

/// Runs every enabled check over a document.
pub fn check(doc: &Document, g: &Glossary, opts: &CheckOptions) -> Vec<Finding> {
    let hits = find_all(doc, g);
    let median = misaligned::median_ratio(doc);
    let latin_names = own_name::Named::of(doc);
    // Segments are checked apart on two threads; only the comparisons with earlier segments
    // wait for all.
    let steps = in_two(
        hits,
        || Renderings::new(g, &doc.target_lang),
        |renderings, i, h| {
            let context = (renderings, median, &latin_names);
            check_segment(doc, i, h, g, opts, context)
        },
    );
    let mut findings = Vec::new();
    let mut first_seen = inconsistent::FirstSeen::new(g);
    let mut tally = term_convention::Tally::default();
    for (seg, steps) in doc.segments.iter().zip(steps) {
        let at = Place { doc, seg };
        for step in steps {
            findings.extend(match step {
                Step::Finding(f) => Some(f),
                Step::Rendering(a) => first_seen.rendering(at, a),
                Step::Translation(k) => first_seen.translation(at, k),
                Step::Rendered(concept) => {
                    tally.rendered(concept, seg.line);
                    None
                }
                Step::OwnName(concept) => {
                    tally.own_name(concept, seg.line);
                    None
                }
            });
        }
    }
    let on = |c: CheckId| !opts.disabled.contains(&c);
    if on(CheckId::TermConvention) && on(CheckId::TermMissing) {
        let matcher = g.matcher();
        let is_word = |text: &str, w: &str| matcher.prepare(text, &doc.target_lang).has_word(w);
        findings = tally.fold(findings, doc, &is_word);
    }
    for f in &mut findings {
        f.severity = opts.severity_of(f.check);
    }
    findings
}

/// `f` of each of `items` and its index, on two threads that take the items a chunk at a
/// time ([`Chunks`]), each with its own `state` (what it keeps from item to item); the
/// results, in order. Not a half each: segments differ in cost, and on a shared machine one
/// thread may wait for a core while the other could go on (with halves, the check of the WMT
/// news waited for the slower half).
fn in_two<I: Send, T: Send, S>(
    items: Vec<I>,
    state: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, usize, I) -> T + Sync,
) -> Vec<T> {
    // Each item in a cell of its own, taken by the thread that gets its chunk.
    let cells: Vec<Mutex<Option<I>>> = items.into_iter().map(|i| Mutex::new(Some(i))).collect();
    let chunks = Chunks::new(&cells);
    let work = || {
        let mut s = state();
        chunks.take_all(|i, cell| {
            let item = cell.lock().unwrap_or_else(PoisonError::into_inner).take();
            f(&mut s, i, item.expect("Chunks hands out each item once"))
        })
    };
    let (mine, other) = std::thread::scope(|s| {
        let other = s.spawn(work);
        let mine = work();
        // A panic on the other thread is a bug here: let it surface as one.
        let other = other
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        (mine, other)
    });
    in_order(mine, other)
}

/// The segment a finding is about, in its document.
#[derive(Clone, Copy)]
struct Place<'d> {
    doc: &'d Document,
    seg: &'d DraftSegment,
}

impl Place<'_> {
    /// A finding with the check's default severity and nothing named yet.
    fn finding(
        self,
        check: CheckId,
        half: Half,
        start: usize,
        length: usize,
        message: String,
    ) -> Finding {
        Finding {
            file: match (half, &self.doc.source_name) {
                (Half::Source, Some(source)) => source.clone(),
                _ => self.doc.name.clone(),
            },
            line: self.seg.line,
            column: self.seg.offset(half) + start + 1,
            half,
            length,
            check,
            severity: check.default_severity(),
            source_term: None,
            target_term: None,
            concept: None,
            expected: Vec::new(),
            message,
            lines: Vec::new(),
            segment_hash: segment_hash(self.seg.source.as_deref(), &self.seg.target),
        }
    }
}

/// The checks of one segment (`doc.segments[i]`, with its source and target hits). The
/// checks share what they find: `term-missing` names the deprecated spans it reports, for
/// `term-deprecated` to leave alone, and the concepts of the source, for `inconsistent`.
fn check_segment<'d>(
    doc: &'d Document,
    i: usize,
    hits: SegmentHits<'_, 'd>,
    g: &Glossary,
    opts: &CheckOptions,
    (renderings, median, latin_names): (&mut Renderings, Option<f64>, &own_name::Named),
) -> Vec<Step<'d>> {
    let on = |c: CheckId| !opts.disabled.contains(&c);
    let seg = &doc.segments[i];
    let at = Place { doc, seg };
    let mut steps = Vec::new();
    if let Some(why) = untranslated::why(seg) {
        if on(CheckId::Untranslated) {
            steps.push(Step::Finding(untranslated::finding(at, why)));
        }
        return steps;
    }
    let (source_hits, found) = (&hits.source, &hits.target);
    let prepared = std::cell::OnceCell::new();
    // The concepts the target renders with an approved term.
    let mut rendered: Vec<i64> = found
        .iter()
        .filter(|h| h.status.is_approved())
        .map(|h| h.concept)
        .collect();
    rendered.sort_unstable();
    rendered.dedup();
    let mut source_concepts: Vec<i64> = source_hits.iter().map(|h| h.concept).collect();
    source_concepts.sort_unstable();
    source_concepts.dedup();
    let target = term_missing::Target {
        found,
        rendered: &rendered,
        in_source: &source_concepts,
        prepared: || {
            hits.prepared.as_ref().unwrap_or_else(|| {
                prepared.get_or_init(|| g.matcher().prepare(&seg.target, &doc.target_lang))
            })
        },
    };
    // Deprecated spans already named by a term-missing finding.
    let mut reported: HashSet<(usize, usize)> = HashSet::new();
    // The concepts of the source's terms, when there is a source.
    let in_source =
        (seg.source.is_some() && doc.source_lang.is_some()).then_some(&source_concepts[..]);

    if let (Some(source), Some(source_lang)) = (&seg.source, &doc.source_lang) {
        // The target read as source-language text, for terms kept as written; only read for
        // a segment with a term not rendered.
        let kept = std::cell::OnceCell::new();
        // The source made ready again for the segmenter, only for a term [`own_name`] asks about.
        let source_prepared = std::cell::OnceCell::new();
        let source_chars: std::cell::OnceCell<Vec<char>> = std::cell::OnceCell::new();
        // Rule 8 of own_name asks it of the whole segment: once, not for every term.
        let about_another_country = std::cell::OnceCell::new();
        // With term-missing off, the deprecated spans it would name stay term-deprecated's.
        let mut unreported = HashSet::new();
        let term_steps = steps.len();
        let (mut spans, mut unrendered) = (0, 0);
        for span in source_hits.chunk_by(same_span) {
            spans += 1;
            if !(on(CheckId::TermMissing) || on(CheckId::TermKept)) {
                continue;
            }
            let named = match on(CheckId::TermMissing) {
                true => &mut reported,
                false => &mut unreported,
            };
            let Some(f) = term_missing::check_span(at, span, &target, renderings, named) else {
                steps.push(Step::Rendered(span[0].concept));
                continue;
            };
            // Another body's name, which the pair shows has its own English: not reported,
            // and counted as not rendered, so that no convention changes for it.
            let own = f.target_term.is_none() && {
                let renderings_before = std::cell::RefCell::new(&mut *renderings);
                own_name::heads_own_name(
                    &own_name::Source {
                        chars: source_chars.get_or_init(|| source.chars().collect()),
                        hits: source_hits,
                        tag_at: &|at, before| {
                            source_prepared
                                .get_or_init(|| g.matcher().prepare(source, source_lang))
                                .tag_at(at, before)
                        },
                        word_before: &|at| {
                            source_prepared
                                .get_or_init(|| g.matcher().prepare(source, source_lang))
                                .word_before(at)
                        },
                        word_after: &|at| {
                            source_prepared
                                .get_or_init(|| g.matcher().prepare(source, source_lang))
                                .word_after(at)
                        },
                        known_acronym: &|a| g.spells_a_term(a),
                        about_another_country: &|| {
                            *about_another_country.get_or_init(|| {
                                own_name::about_another_country(
                                    source,
                                    source_chars.get_or_init(|| source.chars().collect()),
                                    &|i, j| {
                                        let words = source_prepared.get_or_init(|| {
                                            g.matcher().prepare(source, source_lang)
                                        });
                                        // Whole words, and no personal name right after.
                                        words.word_after(i).is_some()
                                            && words.word_before(j).is_some()
                                            && !words
                                                .word_after(j)
                                                .is_some_and(|(_, tag)| tag.starts_with("nr"))
                                    },
                                )
                            })
                        },
                    },
                    &span[0],
                    (&seg.target, found),
                    (&f.expected, &|| {
                        // The renderings of the glossary terms ending where this one
                        // starts, for rule 5 of own_name.
                        let mut out = Vec::new();
                        for h in source_hits
                            .iter()
                            .filter(|h| h.start + h.len == span[0].start)
                        {
                            let mut r = renderings_before.borrow_mut();
                            let of = r.of(h.concept).to_vec();
                            out.extend(r.texts(&of));
                        }
                        out
                    }),
                    latin_names,
                )
            };
            if own {
                steps.push(Step::OwnName(span[0].concept));
                continue;
            }
            // A one-word term modifying the noun after it, rendered by the stem of its
            // rendering (消毒湿巾 for "disinfectant wipes"): the term is there.
            if f.target_term.is_none()
                && attributive::stem_modifies(
                    source,
                    &span[0],
                    &seg.target,
                    &f.expected,
                    &|s, n| {
                        // Inside the target's hit of another concept the source has.
                        found.iter().any(|h| {
                            h.start < s + n
                                && s < h.start + h.len
                                && h.concept != span[0].concept
                                && source_concepts.binary_search(&h.concept).is_ok()
                        })
                    },
                )
            {
                steps.push(Step::Rendered(span[0].concept));
                continue;
            }
            // A term rendered with the English word before it by one set word of Chinese
            // (轻症 for "mild symptoms", 发病 for "onset of symptoms"): the term is there.
            if f.target_term.is_none() && set_word::absorbs(source, &span[0], &seg.target) {
                steps.push(Step::Rendered(span[0].concept));
                continue;
            }
            let kept = kept.get_or_init(|| term_kept::in_target(g, &seg.target, source_lang));
            let kept = term_kept::check(at, span, &f, kept);
            if kept.is_none() && f.target_term.is_none() && head::in_lower_case(span[0].matched) {
                let heads = renderings.heads.of(g, span[0].term, source_lang).to_vec();
                // The phrase's renderings are the finding's expected ones. The heads'
                // renderings pooled: a head of two concepts (TICO-19's "outbreak" is 爆发 in
                // one and 暴发 in another) is one word of the phrase. Spelled out only for a
                // term with heads: with CC-CEDICT every unrendered Chinese word came here, and
                // copying renderings nobody read cost 0.06 s of CPU a check of the WMT news.
                let mut head = Vec::new();
                for &c in &heads {
                    let of = renderings.of(c).to_vec();
                    head.extend(renderings.texts(&of));
                }
                if !heads.is_empty()
                    && head::modifier_stands_in(&f.expected, &head, &seg.target)
                    && heads
                        .into_iter()
                        .any(|c| term_missing::renders(&target, c, renderings))
                {
                    steps.push(Step::Rendered(span[0].concept));
                    continue;
                }
            }
            unrendered += usize::from(kept.is_none());
            match kept {
                Some(k) if on(CheckId::TermKept) => steps.push(Step::Finding(k)),
                Some(_) => {}
                None if on(CheckId::TermMissing) => steps.push(Step::Finding(f)),
                None => {}
            }
        }
        if on(CheckId::Misaligned)
            && spans > 0
            && unrendered == spans
            && let (Some(median), Some(source)) = (median, &seg.source)
            && misaligned::is_misaligned(source, &seg.target, median)
        {
            steps.truncate(term_steps);
            steps.push(Step::Finding(misaligned::finding(at, spans)));
        }
    }

    if on(CheckId::ScriptMismatch)
        && script_mismatch::applies(&doc.target_lang)
        && let Some(f) = script_mismatch::check(at, &seg.target)
    {
        steps.push(Step::Finding(f));
    }

    // One pass over the target's spans, so that its findings keep the spans' order.
    for span in found.chunk_by(same_span) {
        if span.iter().all(|h| !h.status.is_approved()) {
            if on(CheckId::TermDeprecated)
                && let Some(f) = term_deprecated::check_span(at, span, renderings, &reported)
            {
                steps.push(Step::Finding(f));
            }
        } else if on(CheckId::Inconsistent) {
            inconsistent::renderings(g, span, in_source, &mut steps);
        }
    }

    if let Some(source) = &seg.source {
        if on(CheckId::Inconsistent) {
            steps.push(Step::Translation(inconsistent::source_key(source)));
        }
        if on(CheckId::NumberMismatch)
            && let Some(f) = number_mismatch::check(at, source)
        {
            steps.push(Step::Finding(f));
        }
    }
    steps
}

/// Counts for the summary line and the JSON `summary`.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    pub segments: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub by_check: std::collections::BTreeMap<&'static str, usize>,
    /// Findings left out by an ignore list or a baseline (not counted above).
    #[serde(skip_serializing_if = "suppress::Suppressed::is_empty")]
    pub suppressed: suppress::Suppressed,
}

pub fn summarize(doc_segments: usize, findings: &[Finding]) -> Summary {
    let mut s = Summary {
        segments: doc_segments,
        ..Summary::default()
    };
    for f in findings {
        match f.severity {
            Severity::Error => s.errors += 1,
            Severity::Warning => s.warnings += 1,
            Severity::Info => s.infos += 1,
        }
        *s.by_check.entry(f.check.as_str()).or_default() += 1;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_shared_by_two_threads_give_every_item_once_and_in_order() {
        let items: Vec<usize> = (0..1000).collect();
        let chunks = Chunks::new(&items);
        let (mine, other) = std::thread::scope(|s| {
            let other = s.spawn(|| chunks.take_all(|k, &i| (k, i * 2)));
            (chunks.take_all(|k, &i| (k, i * 2)), other.join().unwrap())
        });
        let twice: Vec<(usize, usize)> = (0..1000).map(|i| (i, i * 2)).collect();
        assert_eq!(in_order(mine, other), twice);
    }

    #[test]
    fn in_two_gives_every_items_result_once_in_order_with_its_index() {
        let items: Vec<String> = (0..1000).map(|i| i.to_string()).collect();
        let out = in_two(
            items,
            || 0,
            |seen: &mut usize, i, item| {
                *seen += 1;
                (i, item, *seen)
            },
        );
        assert_eq!(out.len(), 1000);
        for (k, (i, item, seen)) in out.iter().enumerate() {
            assert_eq!((*i, item.as_str()), (k, k.to_string().as_str()));
            // Each thread's state goes on from item to item.
            assert!(*seen >= 1 && *seen <= k + 1);
        }
        // Two states at most, one a thread, each counting all its items.
        let firsts = out.iter().filter(|o| o.2 == 1).count();
        assert!((1..=2).contains(&firsts));
    }
}

/// What the checks' unit tests share: a small glossary in an in-memory store, a small
/// document, and the findings of one check.
#[cfg(test)]
mod testing {
    pub(super) use super::Severity;
    pub(super) use super::{CheckId, CheckOptions, Document, DraftSegment, Finding, Glossary};
    use crate::glossary::db;
    use crate::model::glossary::{Concept, Term};
    use crate::store::Store;
    use crate::text::LangTag;

    pub(super) fn lang(tag: &str) -> LangTag {
        LangTag::parse(tag).unwrap()
    }

    pub(super) fn en(text: &str) -> Term {
        Term::new(lang("en"), text)
    }

    pub(super) fn zh(text: &str) -> Term {
        Term::new(lang("zh-CN"), text)
    }

    /// A glossary of these concepts for checking English into Chinese.
    pub(super) fn glossary(concepts: Vec<Vec<Term>>) -> Glossary {
        glossary_for("en", "zh-CN", concepts)
    }

    pub(super) fn glossary_for(from: &str, to: &str, concepts: Vec<Vec<Term>>) -> Glossary {
        let store = Store::open_in_memory().unwrap();
        for terms in concepts {
            let c = Concept {
                terms,
                ..Concept::default()
            };
            db::merge_concept(store.conn(), None, &c).unwrap();
        }
        Glossary::from_store(store.conn(), Some(&lang(from)), &lang(to)).unwrap()
    }

    /// English sources and Chinese targets, a segment a line from line 1.
    pub(super) fn bilingual(rows: &[(&str, &str)]) -> Document {
        bilingual_for("en", "zh-CN", rows)
    }

    pub(super) fn bilingual_for(from: &str, to: &str, rows: &[(&str, &str)]) -> Document {
        Document {
            name: "test.tsv".into(),
            source_name: None,
            source_lang: Some(lang(from)),
            target_lang: lang(to),
            segments: (1..)
                .zip(rows)
                .map(|(line, (source, target))| DraftSegment {
                    line,
                    source: Some(source.to_string()),
                    target: target.to_string(),
                    ..DraftSegment::default()
                })
                .collect(),
        }
    }

    /// A Chinese draft with no source, a segment a line from line 1.
    pub(super) fn draft(lines: &[&str]) -> Document {
        Document {
            name: "test.txt".into(),
            source_name: None,
            source_lang: None,
            target_lang: lang("zh-CN"),
            segments: (1..)
                .zip(lines)
                .map(|(line, target)| DraftSegment {
                    line,
                    source: None,
                    target: target.to_string(),
                    ..DraftSegment::default()
                })
                .collect(),
        }
    }

    /// The findings of one check alone.
    pub(super) fn run(doc: &Document, g: &Glossary, only: CheckId) -> Vec<Finding> {
        let opts = CheckOptions {
            disabled: CheckId::ALL.into_iter().filter(|&c| c != only).collect(),
            ..CheckOptions::default()
        };
        let found = super::check(doc, g, &opts);
        assert!(found.iter().all(|f| f.check == only), "{found:#?}");
        found
    }

    /// The findings of every check.
    pub(super) fn run_all(doc: &Document, g: &Glossary) -> Vec<Finding> {
        super::check(doc, g, &CheckOptions::default())
    }

    pub(super) fn lines(found: &[Finding]) -> Vec<u64> {
        found.iter().map(|f| f.line).collect()
    }

    pub(super) fn lines_and_messages(found: &[Finding]) -> Vec<(u64, String)> {
        found.iter().map(|f| (f.line, f.message.clone())).collect()
    }
}
