//! One answer per question: the values the CLI's `--json` prints and the server's API returns,
//! composed here once, so that both front ends serialise the same value and cannot drift.
//!
//! A question that one domain module answers whole (`memory::suggest`, `memory::stats`,
//! `glossary::list`, `glossary::show`, `check::run`) returns its own value; this module holds
//! the answers that wrap or combine them, and the bounds every front end puts on a query.

mod evidence_cache;

use std::ops::RangeInclusive;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::glossary::{self, LookupMatch, LookupQuery, Status};
use crate::memory::read::MemoryRead;
use crate::memory::suggest::{Evidence, EvidenceRequest};
use crate::memory::{self, ConcordanceHit, ConcordanceQuery, FuzzyHit, SearchQuery};
use crate::store::Store;
use crate::text::LangTag;

/// A number a query takes: its bounds and its default, the same whichever front end reads it
/// (the CLI hands them to its argument parser, the server to [`Bounded::read`]).
#[derive(Clone, Copy, Debug)]
pub struct Bounded {
    pub min: i64,
    pub max: i64,
    pub default: i64,
}

impl Bounded {
    pub const fn new(min: i64, max: i64, default: i64) -> Bounded {
        Bounded { min, max, default }
    }

    pub const fn range(&self) -> RangeInclusive<i64> {
        self.min..=self.max
    }

    /// The parameter `name`'s `value`, or the default when it is not given; the error says
    /// which parameter is wrong and what it may be.
    pub fn read(&self, name: &str, value: Option<&str>) -> Result<i64> {
        let Some(value) = value else {
            return Ok(self.default);
        };
        match value.trim().parse::<i64>() {
            Ok(n) if self.range().contains(&n) => Ok(n),
            _ => Err(Error::Invalid(format!(
                "{name}: {value:?} is not a whole number in {}..={}",
                self.min, self.max
            ))),
        }
    }
}

/// Concepts a lookup returns.
pub const LOOKUP_LIMIT: Bounded = Bounded::new(1, 1000, 5);
/// The lowest similarity (0-100) of a lookup's typo match.
pub const FUZZY_MIN: Bounded = Bounded::new(0, 100, 80);
/// Renderings a suggestion returns.
pub const SUGGEST_LIMIT: Bounded = Bounded::new(1, 100, 5);
/// The lowest score (0-100) a fuzzy search returns.
pub const SEARCH_MIN: Bounded = Bounded::new(0, 100, 70);
/// Matches a fuzzy search returns.
pub const SEARCH_LIMIT: Bounded = Bounded::new(1, 1000, 5);
/// Hits a concordance returns.
pub const CONCORDANCE_LIMIT: Bounded = Bounded::new(1, 100_000, 20);

/// An answer as both front ends give it: pretty JSON, newline-terminated. The CLI's `--json`
/// and the server's body are this one call's bytes.
pub fn write_json<T: Serialize + ?Sized>(out: &mut dyn std::io::Write, value: &T) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)
        .map_err(std::io::Error::from)
        .and_then(|()| out.write_all(b"\n"))
        .map_err(|source| Error::Io {
            path: "<output>".into(),
            source,
        })
}

/// `concord lookup`: the glossary's matches and the memory's evidence for them.
// Fields in alphabetical order: the CLI printed this as a `serde_json` map, whose keys sort.
#[derive(Debug, Serialize)]
pub struct LookupAnswer {
    pub matches: Vec<LookupMatch>,
    pub memory: Vec<MemoryEvidence>,
    pub query: String,
}

impl LookupAnswer {
    /// Whether there is an answer: a rendering in the language asked for (a concept without
    /// one is not an answer), or the memory's own renderings.
    pub fn found(&self) -> bool {
        self.matches.iter().any(|m| !m.terms.is_empty())
            || self.memory.iter().any(|e| !e.evidence.others.is_empty())
    }
}

/// The memory's evidence for one matched concept, or for the query when the glossary is silent.
#[derive(Debug, Serialize)]
pub struct MemoryEvidence {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concept: Option<i64>,
    #[serde(flatten)]
    pub evidence: Evidence,
}

/// Matched concepts whose memory evidence is given: each costs a read of the units holding
/// the term.
const EVIDENCE_FOR: usize = 3;
/// The memory's own renderings given beside the glossary's.
const OTHERS: usize = 3;

/// Looks a term up in the glossary, with the memory's evidence for the first matches (or, when
/// the glossary has none, for the query itself).
pub fn lookup(store: &Store, query: &LookupQuery) -> Result<LookupAnswer> {
    lookup_sampled(store, query, memory::suggest::EVIDENCE_SAMPLE)
}

/// [`lookup`], reading at most `sample` units for the evidence under each glossary entry
/// instead of [`memory::suggest::EVIDENCE_SAMPLE`]: what the bench compares sample sizes with
/// (`CONCORD_BENCH_SAMPLES`). The evidence when the glossary is silent keeps `suggest`'s.
pub fn lookup_sampled(store: &Store, query: &LookupQuery, sample: usize) -> Result<LookupAnswer> {
    known_languages(store.conn(), store.conn(), query)?;
    let matches = glossary::lookup(store, query)?;
    let mut shared = evidence_cache::Shared::default();
    let memory = memory_evidence(query, &matches, sample, |req| {
        evidence_cache::evidence(store, req, &mut shared)
    })?;
    Ok(LookupAnswer {
        matches,
        memory,
        query: query.text.clone(),
    })
}

/// [`lookup`] on a memory read through `mem` (PostgreSQL's) and a glossary of its own: the
/// same answer as a file holding both would give.
pub fn lookup_in<R: MemoryRead>(
    mem: &R,
    glossary: &Store,
    query: &LookupQuery,
) -> Result<LookupAnswer> {
    known_languages(mem, glossary.conn(), query)?;
    let matches = glossary::lookup(glossary, query)?;
    // One snapshot of the memory and of the glossary for all the evidences, so that the
    // concepts matching the same term share its ranking.
    let mut ranked = memory::suggest::Ranked::default();
    let memory = mem.snapshot(|| {
        if let Some(stamp) = mem.memory_stamp()? {
            share_counts(stamp, &mut ranked);
        }
        crate::store::read_snapshot(glossary.conn(), || {
            memory_evidence(query, &matches, memory::suggest::EVIDENCE_SAMPLE, |req| {
                memory::suggest::evidence_with(mem, glossary.conn(), req, &mut ranked)
            })
        })
    })?;
    Ok(LookupAnswer {
        matches,
        memory,
        query: query.text.clone(),
    })
}

/// The memory's counts that rankings read (whole-memory counts of common characters: most of
/// a lookup's CPU, see `memory::suggest::Counts`) kept across requests while the memory's
/// stamp stays: on PostgreSQL each lookup counted them anew from the posting lists, 26 ms of
/// the server's CPU a lookup at 1,000,000 pairs against SQLite's 6, and p99 in seconds under 8
/// clients. Only the counts are kept, never a ranking: those also read the glossary.
fn share_counts(stamp: (i64, i64), ranked: &mut memory::suggest::Ranked) {
    use std::sync::Mutex;
    static KEPT: Mutex<Option<((i64, i64), memory::suggest::Ranked)>> = Mutex::new(None);
    let mut kept = KEPT.lock().unwrap_or_else(|p| p.into_inner());
    match kept.as_ref() {
        Some((at, memo)) if *at == stamp => ranked.share_counts(memo),
        _ => {
            let memo = memory::suggest::Ranked::default();
            ranked.share_counts(&memo);
            *kept = Some((stamp, memo));
        }
    }
}

/// A query language (`--from`) that neither the glossary nor the memory holds is a mistake (a
/// typo, the wrong tag), not a term they lack: said, with the languages they have, rather than
/// "no glossary entry". (`--to` is answered per concept instead: "no fr rendering", with the
/// languages the concept has.)
fn known_languages<R: MemoryRead>(
    mem: &R,
    glossary: &rusqlite::Connection,
    query: &LookupQuery,
) -> Result<()> {
    let Some(from) = &query.from else {
        return Ok(());
    };
    let mut have = glossary::index::languages(glossary)?;
    have.extend(mem.languages()?.into_iter().map(|(l, _)| l));
    if have.is_empty()
        || have
            .iter()
            .any(|h| LangTag::parse(h).is_ok_and(|h| from.selects(&h)))
    {
        return Ok(());
    }
    have.sort();
    have.dedup();
    Err(Error::Invalid(format!(
        "--from {from}: neither the glossary nor the memory has that language (they have {})",
        have.join(", ")
    )))
}

/// The memory's evidence for a lookup's first matched concepts (or, when the glossary matched
/// nothing, for the query itself), one request to `evidence` each, reading at most `sample`
/// units under a glossary entry.
fn memory_evidence(
    query: &LookupQuery,
    matches: &[LookupMatch],
    sample: usize,
    mut evidence: impl FnMut(&EvidenceRequest) -> Result<Option<Evidence>>,
) -> Result<Vec<MemoryEvidence>> {
    let mut out = Vec::new();
    if matches.is_empty() {
        let e = evidence(&EvidenceRequest {
            term: &query.text,
            from: query.from.as_ref(),
            to: query.to.as_ref(),
            known: &[],
            limit: OTHERS,
            sample: memory::suggest::SAMPLE_CAP,
        })?;
        out.extend(e.map(|evidence| MemoryEvidence {
            concept: None,
            evidence,
        }));
        return Ok(out);
    }
    for m in matches
        .iter()
        .filter(|m| !m.terms.is_empty())
        .take(EVIDENCE_FOR)
    {
        let to = query
            .to
            .clone()
            .unwrap_or_else(|| m.terms[0].term.lang.clone());
        let known: Vec<(&str, bool)> = m
            .terms
            .iter()
            .filter(|t| to.selects(&t.term.lang))
            .map(|t| {
                let approved = matches!(t.term.status, Status::Preferred | Status::Admitted);
                (t.term.text.as_str(), !approved)
            })
            .collect();
        let e = evidence(&EvidenceRequest {
            term: &m.matched_term,
            from: Some(&m.matched_lang),
            to: Some(&to),
            known: &known,
            limit: OTHERS,
            sample,
        })?;
        out.extend(e.map(|evidence| MemoryEvidence {
            concept: Some(m.concept),
            evidence,
        }));
    }
    Ok(out)
}

/// `concord glossary import` and `concord tm import`: a report per file.
// Fields in alphabetical order, as in [`LookupAnswer`].
#[derive(Debug, Serialize)]
pub struct ImportAnswer<'a, R> {
    pub dry_run: bool,
    pub files: &'a [R],
}

/// `concord tm search`: the closest past translations of a sentence.
// Fields in alphabetical order, as in [`LookupAnswer`].
#[derive(Debug, Serialize)]
pub struct SearchAnswer {
    pub hits: Vec<FuzzyHit>,
    pub min: u8,
    pub query: String,
}

pub fn search(store: &Store, query: &SearchQuery) -> Result<SearchAnswer> {
    search_in(store.conn(), query)
}

/// [`search`] on any store behind the memory's seam (PostgreSQL's too).
pub fn search_in<R: MemoryRead>(store: &R, query: &SearchQuery) -> Result<SearchAnswer> {
    Ok(SearchAnswer {
        hits: memory::search::search(store, query)?,
        min: query.min,
        query: query.text.clone(),
    })
}

/// `concord tm concord`: the segments that hold a phrase.
// Fields in alphabetical order, as in [`LookupAnswer`].
#[derive(Debug, Serialize)]
pub struct ConcordanceAnswer {
    pub hits: Vec<ConcordanceHit>,
    pub query: String,
}

pub fn concordance(store: &Store, query: &ConcordanceQuery) -> Result<ConcordanceAnswer> {
    concordance_in(store.conn(), query)
}

/// [`concordance`] on any store behind the memory's seam (PostgreSQL's too).
pub fn concordance_in<R: MemoryRead>(
    store: &R,
    query: &ConcordanceQuery,
) -> Result<ConcordanceAnswer> {
    Ok(ConcordanceAnswer {
        hits: memory::concordance::concordance(store, query)?,
        query: query.text.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_takes_its_ends_and_default_and_refuses_past_them() {
        assert_eq!(LOOKUP_LIMIT.read("limit", Some("1")).unwrap(), 1);
        assert_eq!(LOOKUP_LIMIT.read("limit", Some("1000")).unwrap(), 1000);
        assert_eq!(LOOKUP_LIMIT.read("limit", None).unwrap(), 5);
        for bad in ["0", "1001", "-1", "five", "", "1.5"] {
            let e = LOOKUP_LIMIT
                .read("limit", Some(bad))
                .unwrap_err()
                .to_string();
            assert!(e.contains("limit") && e.contains("1..=1000"), "{bad}: {e}");
        }
    }
}
