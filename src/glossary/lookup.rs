//! Term lookup, the first job: from whatever the user typed to the approved renderings.
//!
//! Ranking: by how the query met a term ([`MatchKind`]: exact, case, normalized, inflection,
//! script, then fuzzy), then by score, then by concept id. Fuzzy matching runs only when no
//! other rule found anything, so a correct spelling is never buried under near-misses.
//!
//! Scores: exact 100, case 99, normalized 98, inflection 97, script 97; fuzzy is the
//! character similarity of the match keys, 100 x (1 - d / max(n, m)), capped at 95.

use std::collections::HashMap;

use rusqlite::{Connection, params};
use serde::Serialize;

use super::db;
use super::model::{Status, Term};
use crate::error::{Error, Result};
use crate::text::{Keys, LangTag, MatchKind, key};

#[derive(Clone, Debug)]
pub struct LookupQuery {
    pub text: String,
    /// Only terms in this language range are matched against the query.
    pub from: Option<LangTag>,
    /// Only renderings in this range are shown; default, every language but the query's.
    pub to: Option<LangTag>,
    pub limit: usize,
    /// The lowest fuzzy score accepted (0-100).
    pub fuzzy_min: u8,
}

impl LookupQuery {
    pub fn new(text: impl Into<String>) -> LookupQuery {
        LookupQuery {
            text: text.into(),
            from: None,
            to: None,
            limit: 10,
            fuzzy_min: 80,
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct LookupMatch {
    pub concept: i64,
    pub score: u8,
    #[serde(rename = "match")]
    pub kind: MatchKind,
    pub matched_term: String,
    pub matched_lang: LangTag,
    pub matched_status: Status,
    /// When the matched term itself is not approved: the head term of its language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub use_instead: Option<String>,
    /// Renderings in the target language(s): preferred, admitted, then the ones not to use.
    pub terms: Vec<RenderedTerm>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definition: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RenderedTerm {
    #[serde(flatten)]
    pub term: Term,
    /// For a deprecated, superseded or forbidden term: the preferred term of its language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub use_instead: Option<String>,
}

struct Candidate {
    concept: i64,
    lang: LangTag,
    text: String,
    status: Status,
    kind: MatchKind,
    score: u8,
}

/// Finds the concepts whose terms match the query, best first.
pub fn lookup(conn: &Connection, q: &LookupQuery) -> Result<Vec<LookupMatch>> {
    if q.text.trim().is_empty() {
        return Err(Error::Invalid("the term to look up is empty".into()));
    }
    let keys = Keys::of(&q.text);
    let mut found = exact_candidates(conn, q, &keys)?;
    if found.is_empty() && q.fuzzy_min <= 100 {
        found = fuzzy_candidates(conn, q, &keys)?;
    }
    // Best match per concept.
    found.sort_by(|a, b| {
        (a.kind, std::cmp::Reverse(a.score), a.concept).cmp(&(
            b.kind,
            std::cmp::Reverse(b.score),
            b.concept,
        ))
    });
    let mut seen = HashMap::new();
    let mut out = Vec::new();
    for c in found {
        if out.len() >= q.limit {
            break;
        }
        if seen.insert(c.concept, ()).is_some() {
            continue;
        }
        if let Some(m) = render(conn, q, c)? {
            out.push(m);
        }
    }
    Ok(out)
}

fn selects(range: &Option<LangTag>, lang: &LangTag) -> bool {
    range.as_ref().is_none_or(|r| r.selects(lang))
}

fn exact_candidates(conn: &Connection, q: &LookupQuery, keys: &Keys) -> Result<Vec<Candidate>> {
    let mut stmt = conn.prepare_cached(
        "SELECT concept, lang, text, status, case_sensitive FROM term WHERE norm = ?1 OR infl = ?2 OR simp = ?3",
    )?;
    let rows = stmt.query_map(params![keys.norm, keys.infl, keys.simp], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, bool>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (concept, lang, text, status, case_sensitive) = row?;
        let Ok(lang) = LangTag::parse(&lang) else {
            continue;
        };
        if !selects(&q.from, &lang) {
            continue;
        }
        let Some(kind) = key::compare(&q.text, keys, &text, &Keys::of(&text), case_sensitive)
        else {
            continue;
        };
        let score = match kind {
            MatchKind::Exact => 100,
            MatchKind::Case => 99,
            MatchKind::Normalized => 98,
            _ => 97,
        };
        out.push(Candidate {
            concept,
            lang,
            text,
            status: Status::parse_lenient(&status).unwrap_or(Status::Admitted),
            kind,
            score,
        });
    }
    Ok(out)
}

/// Exact under the similarity threshold: a qualifying term has a key length within the
/// length filter and, since one edit destroys at most two bigrams, shares one of any
/// `2k + 1` of the query's distinct bigrams (k the edits allowed at the longest admissible
/// length). The rarest bigrams are probed; every candidate is then verified.
fn fuzzy_candidates(conn: &Connection, q: &LookupQuery, keys: &Keys) -> Result<Vec<Candidate>> {
    let n = keys.simp.chars().count();
    if n == 0 || n > db::MAX_FUZZY_KEY {
        return Ok(Vec::new());
    }
    let theta = q.fuzzy_min.max(1) as usize;
    let lo = (n * theta).div_ceil(100);
    let hi = n * 100 / theta;
    let k_max = (100 - theta) * hi / 100;
    let mut grams: Vec<(i64, String)> = Vec::new();
    {
        let mut df = conn.prepare_cached(
            "SELECT count(*) FROM (SELECT 1 FROM term_gram WHERE gram = ?1 LIMIT 5000)",
        )?;
        for g in key::bigrams(&keys.simp) {
            let count: i64 = df.query_row([&g], |r| r.get(0))?;
            grams.push((count, g));
        }
    }
    grams.sort();
    let probe = grams.len().min(2 * k_max + 1);
    let mut stmt = conn.prepare_cached(
        "SELECT t.concept, t.lang, t.text, t.status, t.simp, t.case_sensitive FROM term_gram g JOIN term t ON t.id = g.term
         WHERE g.gram = ?1 AND t.klen BETWEEN ?2 AND ?3",
    )?;
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (_, g) in grams.iter().take(probe) {
        let rows = stmt.query_map(params![g, lo as i64, hi as i64], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, bool>(5)?,
            ))
        })?;
        for row in rows {
            let (concept, lang, text, status, simp, case_sensitive) = row?;
            if !seen.insert((concept, text.clone(), lang.clone())) {
                continue;
            }
            let Ok(lang) = LangTag::parse(&lang) else {
                continue;
            };
            if !selects(&q.from, &lang) {
                continue;
            }
            let score = if case_sensitive {
                key::similarity(&key::normalize(&q.text, true), &key::normalize(&text, true))
            } else {
                key::similarity(&keys.simp, &simp)
            };
            if score < q.fuzzy_min {
                continue;
            }
            out.push(Candidate {
                concept,
                lang,
                text,
                status: Status::parse_lenient(&status).unwrap_or(Status::Admitted),
                kind: MatchKind::Fuzzy,
                score: score.min(95),
            });
        }
    }
    Ok(out)
}

fn render(conn: &Connection, q: &LookupQuery, c: Candidate) -> Result<Option<LookupMatch>> {
    let Some(sc) = db::get_concept(conn, c.concept)? else {
        return Ok(None);
    };
    let concept = sc.concept;
    let head_of = |lang: &LangTag| concept.head(lang).map(|t| t.text.clone());
    let mut terms: Vec<RenderedTerm> = concept
        .terms
        .iter()
        .filter(|t| match &q.to {
            Some(to) => to.selects(&t.lang),
            None => !t.lang.same_language(&c.lang),
        })
        .map(|t| RenderedTerm {
            use_instead: if t.status.is_approved() {
                None
            } else {
                head_of(&t.lang).filter(|h| h != &t.text)
            },
            term: t.clone(),
        })
        .collect();
    if q.to.is_some() && terms.is_empty() {
        return Ok(None);
    }
    terms.sort_by_key(|t| t.term.status);
    Ok(Some(LookupMatch {
        concept: c.concept,
        score: c.score,
        kind: c.kind,
        use_instead: if c.status.is_approved() {
            None
        } else {
            head_of(&c.lang).filter(|h| h != &c.text)
        },
        matched_term: c.text,
        matched_lang: c.lang,
        matched_status: c.status,
        terms,
        subject: concept.subject,
        definition: concept.definition,
        note: concept.note,
        origin: sc.origin,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::db::merge_concept;
    use crate::glossary::model::{Concept, Term};
    use crate::store::Store;

    fn lang(s: &str) -> LangTag {
        LangTag::parse(s).unwrap()
    }

    fn store() -> Store {
        let store = Store::open_in_memory().unwrap();
        let add = |terms: Vec<Term>| {
            merge_concept(
                store.conn(),
                None,
                &Concept {
                    terms,
                    ..Concept::default()
                },
            )
            .unwrap();
        };
        add(vec![
            Term::new(lang("en"), "memorandum of understanding"),
            Term::new(lang("en"), "MOU").with_status(Status::Admitted),
            Term::new(lang("zh-CN"), "谅解备忘录"),
            Term::new(lang("zh-CN"), "理解备忘录").with_status(Status::Deprecated),
        ]);
        add(vec![
            Term::new(lang("en"), "sister cities"),
            Term::new(lang("zh-CN"), "友好城市"),
            Term::new(lang("zh-CN"), "姐妹城市").with_status(Status::Deprecated),
        ]);
        add(vec![
            Term::new(lang("en"), "Governor"),
            Term::new(lang("zh-CN"), "州长"),
        ]);
        add(vec![
            Term::new(lang("en"), "Mayor"),
            Term::new(lang("zh-CN"), "市长"),
        ]);
        add(vec![
            Term::new(lang("en"), "news"),
            Term::new(lang("zh-CN"), "新闻"),
        ]);
        let mut us = Term::new(lang("en"), "US");
        us.case_sensitive = true;
        add(vec![us, Term::new(lang("zh-CN"), "美国")]);
        store
    }

    fn first(store: &Store, text: &str) -> Option<LookupMatch> {
        lookup(store.conn(), &LookupQuery::new(text))
            .unwrap()
            .into_iter()
            .next()
    }

    #[test]
    fn preferred_rendering_first_and_deprecated_last() {
        let m = first(&store(), "memorandum of understanding").unwrap();
        assert_eq!((m.kind, m.score), (MatchKind::Exact, 100));
        assert_eq!(m.terms[0].term.text, "谅解备忘录");
        assert_eq!(m.terms.last().unwrap().term.text, "理解备忘录");
        assert_eq!(
            m.terms.last().unwrap().use_instead.as_deref(),
            Some("谅解备忘录")
        );
    }

    #[test]
    fn every_rule_finds_its_match() {
        let s = store();
        for (query, kind, want) in [
            (
                "memorandum of understanding",
                MatchKind::Exact,
                "谅解备忘录",
            ),
            ("Memorandum of Understanding", MatchKind::Case, "谅解备忘录"),
            (
                "memorandum  of\u{3000}understanding",
                MatchKind::Normalized,
                "谅解备忘录",
            ),
            (
                "memoranda of understanding",
                MatchKind::Inflection,
                "谅解备忘录",
            ),
            ("MOUs", MatchKind::Inflection, "谅解备忘录"),
            ("Governor's", MatchKind::Inflection, "州长"),
            ("sister city", MatchKind::Inflection, "友好城市"),
            ("memorandum of understandng", MatchKind::Fuzzy, "谅解备忘录"),
            ("governer", MatchKind::Fuzzy, "州长"),
        ] {
            let m = first(&s, query).unwrap_or_else(|| panic!("{query} found nothing"));
            assert_eq!(
                (m.kind, m.terms[0].term.text.as_str()),
                (kind, want),
                "{query}"
            );
        }
    }

    #[test]
    fn reverse_direction_and_script() {
        let s = store();
        let m = first(&s, "谅解备忘录").unwrap();
        assert_eq!(m.terms[0].term.text, "memorandum of understanding");
        let m = first(&s, "諒解備忘錄").unwrap();
        assert_eq!(
            (m.kind, m.terms[0].term.text.as_str()),
            (MatchKind::Script, "memorandum of understanding")
        );
        let m = first(&s, "姐妹城市").unwrap();
        assert_eq!(m.matched_status, Status::Deprecated);
        assert_eq!(m.use_instead.as_deref(), Some("友好城市"));
    }

    #[test]
    fn what_must_not_match() {
        let s = store();
        assert!(first(&s, "us").is_none(), "US is case-sensitive");
        assert_eq!(first(&s, "US").unwrap().terms[0].term.text, "美国");
        let news = first(&s, "news").unwrap();
        assert_eq!(news.terms[0].term.text, "新闻");
        assert!(first(&s, "new").is_none(), "news is not the plural of new");
        assert!(first(&s, "mayoral").is_none(), "mayoral is not Mayor");
    }

    #[test]
    fn language_filters() {
        let s = store();
        let mut q = LookupQuery::new("市长");
        q.to = Some(lang("en"));
        assert_eq!(lookup(s.conn(), &q).unwrap()[0].terms[0].term.text, "Mayor");
        q.from = Some(lang("en"));
        assert!(lookup(s.conn(), &q).unwrap().is_empty());
    }
}
