//! The third job: does a translation use the approved renderings? One pass over a document's
//! segments with the glossary's term matcher, and five checks, each with an id, a default
//! severity and a switch:
//!
//! - `term-missing` (error): a glossary term is in the source segment and none of the
//!   concept's preferred or admitted renderings is in the target: neither found by the
//!   matcher nor standing there as text, inside a longer word or term (传播 in 传播方式),
//!   unless it takes its characters from two words (市长 in 南京市长江大桥) or is part of a
//!   deprecated term of the concept found there. When a deprecated or forbidden rendering of
//!   that concept stands there instead, this one finding names it (it is not reported a
//!   second time as `term-deprecated`).
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
//!
//! Lines are 1-based segment lines of the input file; columns are 1-based, in characters of
//! the original text (never of a normalised copy).

pub mod input;
pub mod numbers;
pub mod report;

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;
use serde::Serialize;

use crate::error::Result;
use crate::glossary::matcher::{Prepared, TermHit, TermMatcher};
use crate::glossary::{Status, TermType};
use crate::text::{LangTag, key};

pub use input::{Document, Segment};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckId {
    TermMissing,
    TermDeprecated,
    Inconsistent,
    NumberMismatch,
    Untranslated,
}

impl CheckId {
    pub const ALL: [CheckId; 5] = [
        CheckId::TermMissing,
        CheckId::TermDeprecated,
        CheckId::Inconsistent,
        CheckId::NumberMismatch,
        CheckId::Untranslated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CheckId::TermMissing => "term-missing",
            CheckId::TermDeprecated => "term-deprecated",
            CheckId::Inconsistent => "inconsistent",
            CheckId::NumberMismatch => "number-mismatch",
            CheckId::Untranslated => "untranslated",
        }
    }

    pub fn parse(s: &str) -> Option<CheckId> {
        CheckId::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn default_severity(self) -> Severity {
        match self {
            CheckId::TermMissing | CheckId::TermDeprecated => Severity::Error,
            _ => Severity::Warning,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Which text of the segment a finding's column points into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Source,
    Target,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    pub file: String,
    pub line: u64,
    /// 1-based, in characters of the original text named by `side`.
    pub column: usize,
    #[serde(rename = "in")]
    pub side: Side,
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
}

#[derive(Clone, Debug, Default)]
pub struct CheckOptions {
    pub disabled: HashSet<CheckId>,
}

/// What the checks need to know about the glossary beyond the matcher: each concept's terms
/// by language, with status and type.
pub struct Glossary {
    pub matcher: TermMatcher,
    /// term id → term type, for telling short forms from full forms.
    types: HashMap<i64, Option<TermType>>,
    /// concept → indexes into `matcher.terms()`.
    by_concept: HashMap<i64, Vec<usize>>,
}

impl Glossary {
    /// Compiles the glossary of a store for checking `source` → `target` text.
    pub fn from_store(
        conn: &Connection,
        source: Option<&LangTag>,
        target: &LangTag,
    ) -> Result<Glossary> {
        let matcher = TermMatcher::from_store(conn, None)?;
        let keep =
            |l: &LangTag| l.same_language(target) || source.is_some_and(|s| l.same_language(s));
        let mut by_concept: HashMap<i64, Vec<usize>> = HashMap::new();
        for (i, t) in matcher.terms().iter().enumerate() {
            if keep(&t.lang) {
                by_concept.entry(t.concept).or_default().push(i);
            }
        }
        let mut types = HashMap::new();
        let mut stmt = conn.prepare("SELECT id, type FROM term WHERE type IS NOT NULL")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            let (id, ty) = row?;
            types.insert(id, TermType::parse_lenient(&ty));
        }
        Ok(Glossary {
            matcher,
            types,
            by_concept,
        })
    }

    /// The approved renderings of a concept in a language, preferred first.
    fn approved(&self, concept: i64, lang: &LangTag) -> Vec<String> {
        let mut out = Vec::new();
        self.approved_into(concept, lang, &mut out);
        out
    }

    /// Adds the approved renderings of a concept to `out`, preferred first, leaving out those
    /// already there: a source term of two concepts (TICO-19's "surface" and "surfaces")
    /// would otherwise ask for 表面 or 表面.
    fn approved_into(&self, concept: i64, lang: &LangTag, out: &mut Vec<String>) {
        let mut terms: Vec<(Status, &str)> = self
            .by_concept
            .get(&concept)
            .into_iter()
            .flatten()
            .map(|&i| &self.matcher.terms()[i])
            .filter(|t| t.lang.same_language(lang) && t.status.is_approved())
            .map(|t| (t.status, t.text.as_str()))
            .collect();
        terms.sort_by_key(|(s, _)| *s);
        for (_, t) in terms {
            if !out.iter().any(|o| o == t) {
                out.push(t.to_string());
            }
        }
    }

    /// Does an approved rendering of one of the concepts stand in the target where the matcher
    /// found none: inside a longer word (传播 in 传播方式, which jieba reads as one word) or
    /// under a longer term (市长 in 上海市市长)? Whether a term was translated is a question of
    /// presence; the segmentation veto is for what is reported as found, and must not hide a
    /// rendering that is there. Not where the matcher found a deprecated or forbidden term of
    /// the concept: 备忘录 inside 理解备忘录 is the calque, not the short form.
    fn stands_in(
        &self,
        target: &Prepared,
        concepts: &[i64],
        lang: &LangTag,
        target_spans: &[Vec<TermHit>],
    ) -> bool {
        let terms = self.matcher.terms();
        let wrong: Vec<(usize, usize)> = target_spans
            .iter()
            .flatten()
            .filter(|h| concepts.contains(&h.concept) && !terms[h.term].status.is_approved())
            .map(|h| (h.start, h.start + h.len))
            .collect();
        concepts
            .iter()
            .filter_map(|c| self.by_concept.get(c))
            .flatten()
            .filter(|&&i| terms[i].lang.same_language(lang) && terms[i].status.is_approved())
            .any(|&i| {
                target
                    .occurrences(i)
                    .into_iter()
                    .any(|(s, n)| !wrong.iter().any(|&(a, b)| s < b && a < s + n))
            })
    }

    fn is_short_form(&self, term: usize) -> bool {
        let id = self.matcher.terms()[term].term_id;
        matches!(
            self.types.get(&id),
            Some(Some(
                TermType::ShortForm | TermType::Acronym | TermType::Abbreviation
            ))
        )
    }
}

/// Hits that share a span: one per concept when the span is a homograph.
fn spans(hits: Vec<TermHit>) -> Vec<Vec<TermHit>> {
    let mut out: Vec<Vec<TermHit>> = Vec::new();
    for h in hits {
        match out.last_mut() {
            Some(group) if group[0].start == h.start && group[0].len == h.len => group.push(h),
            _ => out.push(vec![h]),
        }
    }
    out
}

fn has_letters(s: &str) -> bool {
    s.chars().any(|c| c.is_alphabetic())
}

/// Runs every enabled check over a document.
pub fn check(doc: &Document, g: &Glossary, opts: &CheckOptions) -> Vec<Finding> {
    let on = |c: CheckId| !opts.disabled.contains(&c);
    let terms = g.matcher.terms();
    let mut findings = Vec::new();
    // concept → (rendering key, rendering, line) of its first full-form rendering.
    let mut first_rendering: HashMap<i64, (String, String, u64)> = HashMap::new();
    // source key → (target, line) of its first translation.
    let mut first_translation: HashMap<String, (String, u64)> = HashMap::new();
    for seg in &doc.segments {
        let finding =
            |check: CheckId, side: Side, start: usize, length: usize, message: String| Finding {
                file: doc.name.clone(),
                line: seg.line,
                column: start + 1,
                side,
                length,
                check,
                severity: check.default_severity(),
                source_term: None,
                target_term: None,
                concept: None,
                expected: Vec::new(),
                message,
            };
        if let Some(source) = &seg.source {
            let same = seg.target.trim() == source.trim() && has_letters(source);
            if seg.target.trim().is_empty() || same {
                if on(CheckId::Untranslated) {
                    let why = if same {
                        "the target is identical to the source"
                    } else {
                        "the target is empty"
                    };
                    findings.push(finding(
                        CheckId::Untranslated,
                        Side::Target,
                        0,
                        0,
                        format!("untranslated: {why}"),
                    ));
                }
                continue;
            }
        }
        let target = g.matcher.prepare(&seg.target, &doc.target_lang);
        let target_spans = spans(target.find());
        // Deprecated spans already named by a term-missing finding.
        let mut reported: HashSet<(usize, usize)> = HashSet::new();
        // The concepts of the source's terms, when there is a source.
        let mut in_source: Option<Vec<i64>> = None;

        if let (Some(source), Some(source_lang)) = (&seg.source, &doc.source_lang) {
            let in_source = in_source.insert(Vec::new());
            for span in spans(g.matcher.find(source, source_lang)) {
                let concepts: Vec<i64> = span.iter().map(|h| h.concept).collect();
                in_source.extend(&concepts);
                let mut expected: Vec<String> = Vec::new();
                for &c in &concepts {
                    g.approved_into(c, &doc.target_lang, &mut expected);
                }
                if expected.is_empty() {
                    continue;
                }
                let satisfied =
                    target_spans.iter().flatten().any(|h| {
                        concepts.contains(&h.concept) && terms[h.term].status.is_approved()
                    }) || g.stands_in(&target, &concepts, &doc.target_lang, &target_spans);
                if satisfied || !on(CheckId::TermMissing) {
                    continue;
                }
                let wrong = target_spans.iter().find(|s| {
                    s.iter().all(|h| !terms[h.term].status.is_approved())
                        && s.iter().any(|h| concepts.contains(&h.concept))
                });
                let src = &span[0];
                let mut f = match wrong {
                    Some(w) => {
                        reported.insert((w[0].start, w[0].len));
                        let status = terms[w[0].term].status;
                        finding(
                            CheckId::TermMissing,
                            Side::Target,
                            w[0].start,
                            w[0].len,
                            format!(
                                "\"{}\" is translated as {} ({status}); use {}",
                                src.matched,
                                w[0].matched,
                                expected.join(" or ")
                            ),
                        )
                    }
                    None => finding(
                        CheckId::TermMissing,
                        Side::Source,
                        src.start,
                        src.len,
                        format!(
                            "\"{}\" (in the source) is not rendered as {}",
                            src.matched,
                            expected.join(" or ")
                        ),
                    ),
                };
                f.source_term = Some(src.matched.to_string());
                f.target_term = wrong.map(|w| w[0].matched.to_string());
                f.concept = Some(src.concept);
                f.expected = expected;
                findings.push(f);
            }
        }

        for span in &target_spans {
            let h = &span[0];
            let approved: Vec<&TermHit> = span
                .iter()
                .filter(|h| terms[h.term].status.is_approved())
                .collect();
            if approved.is_empty() {
                if on(CheckId::TermDeprecated) && !reported.contains(&(h.start, h.len)) {
                    let expected = g.approved(h.concept, &doc.target_lang);
                    let status = terms[h.term].status;
                    let advice = if expected.is_empty() {
                        String::new()
                    } else {
                        format!("; use {}", expected[0])
                    };
                    let mut f = finding(
                        CheckId::TermDeprecated,
                        Side::Target,
                        h.start,
                        h.len,
                        format!("{} is {status}{advice}", h.matched),
                    );
                    f.target_term = Some(h.matched.to_string());
                    f.concept = Some(h.concept);
                    f.expected = expected;
                    findings.push(f);
                }
                continue;
            }
            if !on(CheckId::Inconsistent) {
                continue;
            }
            for a in approved {
                // A rendering counts only as the translation of a term of its source: 委员会's
                // "Commission" is not in "Central Military Commission" for 中央军委.
                if g.is_short_form(a.term)
                    || in_source.as_ref().is_some_and(|c| !c.contains(&a.concept))
                {
                    continue;
                }
                let k = key::fuzzy_key(&terms[a.term].text);
                match first_rendering.get(&a.concept) {
                    None => {
                        first_rendering.insert(a.concept, (k, a.matched.to_string(), seg.line));
                    }
                    Some((first_key, first, line)) if *first_key != k => {
                        let mut f = finding(
                            CheckId::Inconsistent,
                            Side::Target,
                            a.start,
                            a.len,
                            format!(
                                "{} here, but {first} at line {line} for the same concept",
                                a.matched
                            ),
                        );
                        f.target_term = Some(a.matched.to_string());
                        f.concept = Some(a.concept);
                        f.expected = vec![first.clone()];
                        findings.push(f);
                    }
                    Some(_) => {}
                }
            }
        }

        if let Some(source) = &seg.source {
            if on(CheckId::Inconsistent) {
                let k = key::fuzzy_key(source);
                match first_translation.get(&k) {
                    None => {
                        first_translation.insert(k, (seg.target.clone(), seg.line));
                    }
                    Some((first, line)) if key::fuzzy_key(first) != key::fuzzy_key(&seg.target) => {
                        let mut f = finding(
                            CheckId::Inconsistent,
                            Side::Target,
                            0,
                            0,
                            format!(
                                "the same source was translated differently at line {line}: {first}"
                            ),
                        );
                        f.expected = vec![first.clone()];
                        findings.push(f);
                    }
                    Some(_) => {}
                }
            }
            if on(CheckId::NumberMismatch)
                && let Some(m) = numbers::compare(source, &seg.target)
            {
                let describe = |ns: &[numbers::Number]| {
                    ns.iter()
                        .map(|n| n.text.clone())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let mut parts = Vec::new();
                if !m.missing_in_target.is_empty() {
                    parts.push(format!(
                        "{} in the source but not in the target",
                        describe(&m.missing_in_target)
                    ));
                }
                if !m.extra_in_target.is_empty() {
                    parts.push(format!(
                        "{} in the target but not in the source",
                        describe(&m.extra_in_target)
                    ));
                }
                let (side, at) = match (m.extra_in_target.first(), m.missing_in_target.first()) {
                    (Some(n), _) => (Side::Target, n),
                    (None, Some(n)) => (Side::Source, n),
                    (None, None) => continue,
                };
                let mut f = finding(
                    CheckId::NumberMismatch,
                    side,
                    at.start,
                    at.len,
                    format!("numbers differ: {}", parts.join("; ")),
                );
                f.source_term = m.missing_in_target.first().map(|n| n.text.clone());
                f.target_term = m.extra_in_target.first().map(|n| n.text.clone());
                findings.push(f);
            }
        }
    }
    findings
}

/// Counts for the summary line and the JSON `summary`.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    pub segments: usize,
    pub errors: usize,
    pub warnings: usize,
    pub by_check: std::collections::BTreeMap<&'static str, usize>,
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
        }
        *s.by_check.entry(f.check.as_str()).or_default() += 1;
    }
    s
}
