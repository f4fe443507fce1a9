//! Term lookup, the first job: from whatever the user typed to the approved renderings.
//!
//! Ranking: by how the query met a term ([`MatchKind`]: exact, case, normalized, inflection,
//! script, then fuzzy), then by score, then by concept id. Fuzzy matching runs only when no
//! other rule found anything, so a correct spelling is never buried under near-misses.
//!
//! When the whole query is no term, the terms inside it come too (`contained`), found by the
//! check's own matcher so that containment obeys its rules (word edges, plurals, jieba's veto:
//! 市长 is not in 南京市长江大桥; longest match), in the order they stand in the query. They
//! come after any fuzzy match of the whole query: a typo corrected is the answer to what was
//! asked, the terms inside are help with a phrase the glossary lacks.
//!
//! Two forms are read as the query's own besides those the match keys fold: an abbreviation
//! with or without its dots (U.S, U.S. and US; M.O.U. and MOU), its capitals kept ("us" is
//! not US), a `normalized` match; and a Chinese term with the plural suffix of persons
//! (市长们), an `inflection` match found through the check's matcher, whose segmenter keeps 人
//! out of 人们.
//!
//! Scores: exact 100, case 99, normalized 98, inflection 97, script 97; fuzzy is the
//! character similarity of the match keys, 100 x (1 - d / max(n, m)), capped at 95; a
//! contained term scores by the share of the query it covers, in characters.

use std::collections::HashMap;

use rusqlite::{Connection, params};
use serde::Serialize;

use super::db;
use super::index::{self, Probe, Space};
use super::{compiled, matcher::SegmenterWarmup};
use crate::error::{Error, Result};
use crate::model::glossary::{Status, Term};
use crate::text::{Keys, LangTag, MatchKind, key, script, spelling};

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
    /// A contained term: where it stands in the query, in characters, and the query's text
    /// there.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub within: Option<Within>,
    /// Renderings in the target language(s): preferred, admitted, then the ones not to use.
    /// Empty when the concept has none in the language asked for (`--to`).
    pub terms: Vec<RenderedTerm>,
    /// When `terms` is empty: the languages the concept does have renderings in, so that
    /// "no French rendering" is not mistaken for "not in the glossary".
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub other_languages: Vec<LangTag>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definition: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Within {
    pub start: usize,
    pub len: usize,
    /// The query's own characters there ("Mayors" for the term Mayor).
    pub matched: String,
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
    /// The matched term's id: among a concept's equally good terms, the first one added is
    /// shown.
    term: i64,
    lang: LangTag,
    text: String,
    status: Status,
    kind: MatchKind,
    score: u8,
    within: Option<Within>,
}

/// Finds the concepts whose terms match the query, best first.
pub fn lookup(conn: &Connection, q: &LookupQuery) -> Result<Vec<LookupMatch>> {
    if q.text.trim().is_empty() {
        return Err(Error::Invalid("the term to look up is empty".into()));
    }
    // One transaction for the whole lookup: one snapshot of the glossary, and one lock
    // taken instead of one per statement.
    crate::store::savepoint(conn, || matches(conn, q))
}

fn matches(conn: &Connection, q: &LookupQuery) -> Result<Vec<LookupMatch>> {
    let mut answers = Answers::default();
    answers.learn(conn, &q.text)?;
    let keys = Keys::of_with(&q.text, &mut |w| answers.get(w));
    let mut found = exact_candidates(conn, q, &keys, &keys, &mut answers)?;
    // The stored keys are each term's own spelling's: a term written U.S. is searched for
    // under that spelling when the query says US or U.S (see key::abbreviation_key).
    for variant in key::dot_variants(&key::normalize(&q.text, true)) {
        let searched = Keys::of_with(&variant, &mut |w| answers.get(w));
        for c in exact_candidates(conn, q, &keys, &searched, &mut answers)? {
            if !found.iter().any(|f| f.term == c.term) {
                found.push(c);
            }
        }
    }
    // A British spelling of an American term (centre, Center), or the other way round: the
    // other variety's spelling of the query is searched for as the query is.
    if found.is_empty() {
        for spelled in spelling::respellings(&key::normalize(&q.text, true)) {
            answers.learn(conn, &spelled)?;
            let searched = Keys::of_with(&spelled, &mut |w| answers.get(w));
            let respelt = LookupQuery {
                text: spelled,
                ..q.clone()
            };
            for mut c in exact_candidates(conn, &respelt, &searched, &searched, &mut answers)? {
                if !found.iter().any(|f| f.term == c.term) {
                    (c.kind, c.score) = (MatchKind::Spelling, 97);
                    found.push(c);
                }
            }
        }
    }
    if found.is_empty() {
        if q.fuzzy_min <= 100 {
            found = fuzzy_candidates(conn, q, &keys)?;
        }
        found.extend(
            contained_candidates(conn, q)?
                .into_iter()
                .map(|c| plural_suffix(&q.text, c)),
        );
        // A whole query met in its plural is met: its near-misses are not asked for.
        if found.iter().any(|c| c.kind < MatchKind::Fuzzy) {
            found.retain(|c| c.kind != MatchKind::Fuzzy);
        }
    }
    // Best match per concept. Concepts without a rendering in the language asked for come
    // after those with one, so that they never push an answer out of the limit. Contained
    // terms in the order they stand in the query.
    found.sort_by_key(|c| {
        let at = c.within.as_ref().map_or(0, |w| w.start);
        (c.kind, at, std::cmp::Reverse(c.score), c.concept, c.term)
    });
    let mut seen = HashMap::new();
    let (mut out, mut unrendered) = (Vec::new(), Vec::new());
    for c in found {
        if out.len() >= q.limit {
            break;
        }
        if seen.insert(c.concept, ()).is_some() {
            continue;
        }
        match render(conn, q, c)? {
            Some(m) if m.terms.is_empty() => unrendered.push(m),
            Some(m) => out.push(m),
            None => {}
        }
    }
    let room = q.limit.saturating_sub(out.len());
    out.extend(unrendered.into_iter().take(room));
    Ok(out)
}

/// The plural rules' answers for the words a lookup folds, read from what the glossary
/// remembers of its terms' words before anything asks: then a lookup whose words the
/// glossary knows never builds the rules (see [`key::inflect_with`]).
#[derive(Default)]
struct Answers(HashMap<String, String>);

impl Answers {
    fn learn(&mut self, conn: &Connection, text: &str) -> Result<()> {
        for w in key::rule_words(&key::normalize(text, true)) {
            if !self.0.contains_key(w) {
                self.0.insert(w.to_string(), db::singular_of(conn, w)?);
            }
        }
        Ok(())
    }

    fn get(&self, word: &str) -> String {
        match self.0.get(word) {
            Some(s) => s.clone(),
            None => key::singular(word),
        }
    }
}

fn selects(range: &Option<LangTag>, lang: &LangTag) -> bool {
    range.as_ref().is_none_or(|r| r.selects(lang))
}

/// The terms that some rule but fuzzy matches with the query (`keys` are its keys), among
/// those whose stored keys equal one of `searched`.
fn exact_candidates(
    conn: &Connection,
    q: &LookupQuery,
    keys: &Keys,
    searched: &Keys,
    answers: &mut Answers,
) -> Result<Vec<Candidate>> {
    // The second condition is the one that matters; the first lets SQLite use the
    // partial indexes on infl and simp, which leave out the keys equal to norm.
    let mut stmt = conn.prepare_cached(
        "SELECT id, concept, lang, text, status, case_sensitive, norm, infl, simp FROM term
         WHERE (norm IN (?1, ?2, ?3) OR (infl = ?2 AND infl <> norm) OR (simp = ?3 AND simp <> norm))
           AND (norm = ?1 OR infl = ?2 OR simp = ?3)",
    )?;
    let mut rows = stmt.query(params![searched.norm, searched.infl, searched.simp])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let Ok(lang) = LangTag::parse(db::text_at(r, 2)?) else {
            continue;
        };
        if !selects(&q.from, &lang) {
            continue;
        }
        let text: String = r.get(3)?;
        let case_sensitive: bool = r.get(5)?;
        // The stored keys are what Keys::of gave when the term was written.
        let stored = Keys {
            fold: text.to_lowercase(),
            norm: r.get(6)?,
            infl: r.get(7)?,
            simp: r.get(8)?,
        };
        if case_sensitive {
            answers.learn(conn, &text)?;
        }
        let Some(kind) =
            key::compare_with(&q.text, keys, &text, &stored, case_sensitive, &mut |w| {
                answers.get(w)
            })
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
            concept: r.get(1)?,
            term: r.get(0)?,
            lang,
            text,
            status: Status::parse_lenient(db::text_at(r, 4)?).unwrap_or(Status::Admitted),
            kind,
            score,
            within: None,
        });
    }
    Ok(out)
}

/// The Chinese plural suffix of persons, 们 (們): a term that the check's matcher finds in the
/// query with nothing else but 们 after it (市长们, 代表们) is the query's term in another form,
/// as "Mayors" is, not a part of it. The matcher's segmenter has already decided where words
/// end: a term is not found where 们 belongs to a word of its own (我们, 人们, 哥们), so 人 is
/// not met in 人们.
fn plural_suffix(query: &str, mut c: Candidate) -> Candidate {
    let Some(w) = c.within.as_ref() else {
        return c;
    };
    let chars: Vec<char> = query.chars().collect();
    let before: String = chars[..w.start].iter().collect();
    let after: String = chars[(w.start + w.len).min(chars.len())..].iter().collect();
    if before.trim().is_empty()
        && matches!(after.trim(), "们" | "們")
        && w.matched.chars().all(script::is_han)
    {
        c.kind = MatchKind::Inflection;
        c.score = 97;
        c.within = None;
    }
    c
}

/// The terms standing inside the query, as the check's matcher finds them in a segment, in
/// every language of the glossary that `from` admits (the query's language is not known).
fn contained_candidates(conn: &Connection, q: &LookupQuery) -> Result<Vec<Candidate>> {
    // Only the languages the query's script can be in: jieba costs a tenth of a second to
    // load, for nothing when the query has no Han character.
    let han = q.text.chars().any(script::is_han);
    let other = q
        .text
        .chars()
        .any(|c| c.is_alphanumeric() && !script::is_han(c));
    let mut primaries: Vec<LangTag> = Vec::new();
    for lang in db::languages(conn)? {
        if let Ok(tag) = LangTag::parse(&lang)
            && selects(&q.from, &tag)
            && if SegmenterWarmup::needed_for(&tag) {
                han
            } else {
                other
            }
            && !primaries.iter().any(|p| p.primary() == tag.primary())
        {
            primaries.push(tag);
        }
    }
    if primaries.is_empty() {
        return Ok(Vec::new());
    }
    let names: Vec<&str> = primaries.iter().map(LangTag::primary).collect();
    let segmenting = names.iter().any(|p| SegmenterWarmup::needed_for_primary(p));
    let compiled = compiled::for_languages(conn, &names, segmenting)?;
    let total = q.text.chars().count().max(1);
    let mut out = Vec::new();
    for lang in &primaries {
        for hit in compiled.matcher.find(&q.text, lang) {
            let t = &compiled.matcher.terms()[hit.term];
            if !selects(&q.from, &t.lang) {
                continue;
            }
            out.push(Candidate {
                concept: t.concept,
                term: t.term_id,
                lang: t.lang.clone(),
                text: t.text.clone(),
                status: t.status,
                kind: MatchKind::Contained,
                score: (100 * hit.len / total).min(100) as u8,
                within: Some(Within {
                    start: hit.start,
                    len: hit.len,
                    matched: hit.matched.to_string(),
                }),
            });
        }
    }
    Ok(out)
}

/// Every term whose key scores at least `fuzzy_min` against the query's key in the term's
/// space (see [`index`]): the index proposes, the distance decides.
fn fuzzy_candidates(conn: &Connection, q: &LookupQuery, keys: &Keys) -> Result<Vec<Candidate>> {
    db::ensure_derived(conn)?;
    // The candidates' rows in one statement: hundreds of them, each read alone, cost more
    // than finding them.
    let mut read = conn.prepare_cached(
        "SELECT t.id, t.concept, t.lang, t.text, t.status, t.simp, t.case_sensitive
         FROM json_each(?1) AS c JOIN term AS t ON t.id = c.value",
    )?;
    let mut out = Vec::new();
    for space in Space::ALL {
        let Some(probe) = Probe::new(space, &space.query_key(&q.text, &keys.simp), q.fuzzy_min)
        else {
            continue;
        };
        let ids: Vec<String> = probe.candidates(conn)?.iter().map(i64::to_string).collect();
        let mut rows = read.query([format!("[{}]", ids.join(","))])?;
        while let Some(r) = rows.next()? {
            let text = db::text_at(r, 3)?;
            let (scored_in, term_key) = index::scored_key(text, db::text_at(r, 5)?, r.get(6)?);
            let Some(score) = probe.score(&term_key).filter(|_| scored_in == space) else {
                continue;
            };
            let Ok(lang) = LangTag::parse(db::text_at(r, 2)?) else {
                continue;
            };
            if !selects(&q.from, &lang) {
                continue;
            }
            out.push(Candidate {
                concept: r.get(1)?,
                term: r.get(0)?,
                lang,
                text: text.to_string(),
                status: Status::parse_lenient(db::text_at(r, 4)?).unwrap_or(Status::Admitted),
                kind: MatchKind::Fuzzy,
                score: score.min(95),
                within: None,
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
    let other_languages = if terms.is_empty() {
        let mut langs: Vec<LangTag> = concept
            .terms
            .iter()
            .map(|t| t.lang.clone())
            .filter(|l| !l.same_language(&c.lang))
            .collect();
        langs.sort();
        langs.dedup();
        langs
    } else {
        Vec::new()
    };
    // Preferred first; among equals, the tag closest to the one asked for (`en-GB` before
    // `en-US` for `--to en-GB`).
    terms.sort_by_key(|t| {
        let closeness = q.to.as_ref().map_or(0, |to| to.closeness(&t.term.lang));
        (t.term.status, std::cmp::Reverse(closeness))
    });
    Ok(Some(LookupMatch {
        concept: c.concept,
        score: c.score,
        kind: c.kind,
        use_instead: if c.status.is_approved() {
            None
        } else {
            head_of(&c.lang).filter(|h| h != &c.text)
        },
        within: c.within,
        matched_term: c.text,
        matched_lang: c.lang,
        matched_status: c.status,
        terms,
        other_languages,
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
    use crate::model::glossary::{Concept, Term};
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
        add(vec![
            Term::new(lang("en"), "Center for Disease Control"),
            Term::new(lang("zh-CN"), "疾病控制中心"),
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
            (
                "Centre for Disease Control",
                MatchKind::Spelling,
                "疾病控制中心",
            ),
            (
                "centres for disease control",
                MatchKind::Spelling,
                "疾病控制中心",
            ),
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

    #[test]
    fn terms_inside_a_longer_query_in_query_order() {
        let s = store();
        let all = lookup(
            s.conn(),
            &LookupQuery::new("the Mayor's memorandum of understanding draft"),
        )
        .unwrap();
        let got: Vec<(MatchKind, &str, usize)> = all
            .iter()
            .map(|m| {
                (
                    m.kind,
                    m.terms[0].term.text.as_str(),
                    m.within.as_ref().unwrap().start,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (MatchKind::Contained, "市长", 4),
                (MatchKind::Contained, "谅解备忘录", 12)
            ]
        );
        assert_eq!(all[0].within.as_ref().unwrap().matched, "Mayor's");
        let m = first(&s, "友好城市关系").unwrap();
        assert_eq!(
            (m.kind, m.matched_term.as_str()),
            (MatchKind::Contained, "友好城市")
        );
        assert_eq!(m.within.as_ref().unwrap().len, 4);
        assert!(
            first(&s, "南京市长江大桥").is_none(),
            "市长 is not in 南京市长江大桥"
        );
        // A whole-query match shows no parts.
        assert_eq!(
            lookup(s.conn(), &LookupQuery::new("Mayor")).unwrap().len(),
            1
        );
    }

    #[test]
    fn a_typo_of_the_whole_query_ranks_before_the_terms_inside_it() {
        let s = store();
        let all = lookup(s.conn(), &LookupQuery::new("Mayor news relese")).unwrap();
        assert!(all.iter().all(|m| m.kind == MatchKind::Contained));
        let all = lookup(s.conn(), &LookupQuery::new("sister citis news")).unwrap();
        let kinds: Vec<MatchKind> = all.iter().map(|m| m.kind).collect();
        assert_eq!(kinds, [MatchKind::Contained; 1], "{all:?}");
        // Close enough to a term to be its typo, and holding another: the typo first, then
        // the other term; the typo's concept is not repeated as a part.
        let all = lookup(
            s.conn(),
            &LookupQuery::new("memorandum of understanding news"),
        )
        .unwrap();
        let got: Vec<(MatchKind, &str)> = all
            .iter()
            .map(|m| (m.kind, m.terms[0].term.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (MatchKind::Fuzzy, "谅解备忘录"),
                (MatchKind::Contained, "新闻")
            ]
        );
    }

    #[test]
    fn short_chinese_typos_by_edits_not_percent() {
        let s = store();
        let m = first(&s, "友好成市").unwrap();
        assert_eq!(
            (m.kind, m.matched_term.as_str()),
            (MatchKind::Fuzzy, "友好城市")
        );
        let m = first(&s, "姐妹城").unwrap();
        assert_eq!(m.matched_term, "姐妹城市");
        assert_eq!(m.use_instead.as_deref(), Some("友好城市"));
        // Two characters allow no edit: 市场 is not 市长, nor 新春 新闻.
        for q in ["市场", "新春", "州立", "长市"] {
            assert!(first(&s, q).is_none(), "{q}");
        }
        // Two edits in four characters are too many; one at a stricter threshold too.
        assert!(first(&s, "友好成是").is_none());
        let mut q = LookupQuery::new("友好成市");
        q.fuzzy_min = 90;
        assert!(lookup(s.conn(), &q).unwrap().is_empty());
        assert_eq!(index::han_edits(2), 0);
        assert_eq!(index::han_edits(3), 1);
        assert_eq!(index::han_edits(7), 1);
        assert_eq!(index::han_edits(8), 2);
    }

    /// A small deterministic generator (xorshift), so the generated glossary is the same on
    /// every run.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }

        fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
            from[self.below(from.len())]
        }
    }

    /// Keys built from few letters, so that near neighbours abound; Han characters in both
    /// scripts, capitals, repeated letters, hyphens, and keys past the fuzzy length cap.
    const PIECES: &[&str] = &[
        "a", "b", "c", "e", "ab", "ba", "ca", "be", " ", "-", "A", "B", "MOU", "aaaa", "市", "长",
        "副", "長", "城", "市长", "城市", "們", "xyz",
    ];

    fn generated_text(rng: &mut Rng) -> String {
        let pieces = match rng.below(10) {
            0 => 0,
            1..=6 => 1 + rng.below(6),
            7 | 8 => 6 + rng.below(12),
            _ => 30 + rng.below(25),
        };
        let mut t: String = (0..pieces).map(|_| rng.pick(PIECES)).collect();
        if t.trim().is_empty() {
            t.push('e');
        }
        t
    }

    /// Typing mistakes: characters replaced, dropped, doubled or inserted.
    fn misspelt(rng: &mut Rng, text: &str) -> String {
        let mut cs: Vec<char> = text.chars().collect();
        for _ in 0..rng.below(4) {
            let i = rng.below(cs.len() + 1);
            let c = rng.pick(PIECES).chars().next().unwrap();
            match rng.below(3) {
                0 if i < cs.len() => cs[i] = c,
                1 if i < cs.len() => {
                    cs.remove(i);
                }
                _ => cs.insert(i, c),
            }
        }
        let t: String = cs.into_iter().collect();
        if t.trim().is_empty() { "e".into() } else { t }
    }

    fn generated_store(rng: &mut Rng, concepts: usize) -> (Store, Vec<String>) {
        let mut store = Store::open_in_memory().unwrap();
        let mut texts = Vec::new();
        let tx = store.transaction().unwrap();
        let mut w = db::Writer::new(&tx).unwrap();
        for _ in 0..concepts {
            let terms: Vec<Term> = (0..1 + rng.below(3))
                .map(|_| {
                    let text = generated_text(rng);
                    texts.push(text.clone());
                    let mut t =
                        Term::new(lang(if rng.below(2) == 0 { "en" } else { "zh-CN" }), text);
                    t.case_sensitive = rng.below(8) == 0;
                    t
                })
                .collect();
            w.merge_concept(
                None,
                &Concept {
                    terms,
                    ..Concept::default()
                },
            )
            .unwrap();
        }
        w.finish().unwrap();
        tx.commit().unwrap();
        (store, texts)
    }

    /// What the fuzzy tier must return: every term, scored by the key its score uses, that
    /// reaches the threshold, found by scoring them all.
    fn scan(conn: &Connection, query: &str, min: u8) -> Vec<(i64, u8)> {
        let keys = Keys::of(query);
        let mut stmt = conn
            .prepare("SELECT id, text, simp, case_sensitive FROM term ORDER BY id")
            .unwrap();
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap();
        let mut out = Vec::new();
        for row in rows {
            let (id, text, simp, case_sensitive): (i64, String, String, bool) = row.unwrap();
            let (q, t) = if case_sensitive {
                (key::normalize(query, true), key::normalize(&text, true))
            } else {
                (keys.simp.clone(), simp)
            };
            let (n, m) = (q.chars().count(), t.chars().count());
            if n == 0 || n > index::MAX_KEY || m > index::MAX_KEY {
                continue;
            }
            let s = key::similarity(&q, &t);
            let han = min <= index::HAN_THETA && q.chars().all(script::is_han);
            if s >= min || (han && strsim::levenshtein(&q, &t) <= index::han_edits(n.min(m))) {
                out.push((id, s.min(95)));
            }
        }
        out
    }

    fn fuzzy(conn: &Connection, query: &str, min: u8) -> Vec<(i64, u8)> {
        let mut q = LookupQuery::new(query);
        q.fuzzy_min = min;
        let mut got: Vec<(i64, u8)> = fuzzy_candidates(conn, &q, &Keys::of(query))
            .unwrap()
            .into_iter()
            .map(|c| (c.term, c.score))
            .collect();
        got.sort_unstable();
        got
    }

    #[test]
    fn fuzzy_finds_what_scoring_every_term_finds() {
        let mut rng = Rng(0x5eed_1234_abcd_0001);
        let (store, texts) = generated_store(&mut rng, 4000);
        let mut queries: Vec<String> = (0..250)
            .map(|_| {
                let t = texts[rng.below(texts.len())].clone();
                misspelt(&mut rng, &t)
            })
            .collect();
        queries.extend((0..40).map(|_| generated_text(&mut rng)));
        queries
            .extend(["aaaaaaaaa", "市市市市市", "us", "US", "Mou", "e", "-e-"].map(String::from));
        let mut checked = 0;
        for (i, query) in queries.iter().enumerate() {
            let min = [80, 80, 0, 50, 67, 90, 95, 100][i % 8];
            let want = scan(store.conn(), query, min);
            assert_eq!(fuzzy(store.conn(), query, min), want, "{query:?} at {min}");
            checked += want.len();
        }
        assert!(
            checked > 1000,
            "only {checked} matches: the test lost its teeth"
        );
    }

    #[test]
    fn the_index_follows_removes_and_reimports() {
        let mut rng = Rng(0x0dd_ba11_cafe_0002);
        let (mut store, texts) = generated_store(&mut rng, 400);
        let tx = store.transaction().unwrap();
        let concepts: Vec<i64> = tx
            .prepare("SELECT id FROM concept")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for &id in concepts.iter().step_by(3) {
            db::remove_concept(&tx, id).unwrap();
        }
        let some: Vec<(i64, String, String)> = tx
            .prepare("SELECT concept, lang, text FROM term WHERE id % 5 = 0")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for (concept, l, text) in &some {
            db::remove_term(&tx, *concept, &lang(l), text).unwrap();
        }
        // And back in, as a second import of a file would bring them.
        let mut w = db::Writer::new(&tx).unwrap();
        for (_, l, text) in some.iter().take(40) {
            w.merge_concept(
                None,
                &Concept {
                    terms: vec![Term::new(lang(l), text.clone())],
                    ..Concept::default()
                },
            )
            .unwrap();
        }
        w.finish().unwrap();
        tx.commit().unwrap();
        db::tests::assert_index_rebuilds_the_same(store.conn());
        for t in texts.iter().step_by(7) {
            let query = misspelt(&mut rng, t);
            assert_eq!(
                fuzzy(store.conn(), &query, 80),
                scan(store.conn(), &query, 80),
                "{query:?}"
            );
        }
    }
}
