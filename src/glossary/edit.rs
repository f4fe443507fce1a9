//! Editing the glossary from a front end (the command line, a server): adding terms to a new
//! or existing concept, removing terms or concepts. Each edit is one transaction.

use serde::Serialize;

use super::db;
use crate::error::{Error, Result};
use crate::model::glossary::{Concept, Status, Term, TermType};
use crate::store::{self, Store};
use crate::text::LangTag;

/// A term as a user writes it: `LANG=TEXT` (`en=Mayor`, `zh-CN=市长`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermSpec {
    pub lang: LangTag,
    pub text: String,
}

impl TermSpec {
    pub fn parse(spec: &str) -> Result<TermSpec> {
        let Some((lang, text)) = spec.split_once('=') else {
            return Err(Error::Invalid(format!(
                "{spec:?}: write a term as LANG=TEXT, e.g. en=Mayor or zh-CN=市长"
            )));
        };
        let lang = LangTag::parse(lang)?;
        if text.trim().is_empty() {
            return Err(Error::Invalid(format!(
                "{spec:?}: the {lang} term is empty"
            )));
        }
        Ok(TermSpec {
            lang,
            text: text.to_string(),
        })
    }
}

impl std::str::FromStr for TermSpec {
    type Err = Error;

    fn from_str(s: &str) -> Result<TermSpec> {
        TermSpec::parse(s)
    }
}

/// What `glossary add` is asked: terms for a new concept, or for an existing one.
#[derive(Clone, Debug, Default)]
pub struct AddRequest {
    pub terms: Vec<TermSpec>,
    /// Add to this concept instead of creating one.
    pub concept: Option<i64>,
    /// Every term's status; by default the first term of a language the concept has no
    /// preferred term in is preferred, later ones admitted.
    pub status: Option<Status>,
    pub term_type: Option<TermType>,
    pub pos: Option<String>,
    pub context: Option<String>,
    pub source: Option<String>,
    pub note: Option<String>,
    pub case_sensitive: bool,
    pub subject: Option<String>,
    pub definition: Option<String>,
    pub concept_note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AddOutcome {
    pub concept: i64,
    pub terms_added: usize,
}

/// Adds the terms, as one new concept or to an existing one.
pub fn add(store: &mut Store, req: &AddRequest) -> Result<AddOutcome> {
    let tx = store.transaction()?;
    let existing = match req.concept {
        Some(id) => Some(
            db::get_concept(&tx, id)?
                .ok_or_else(|| Error::NotFound(format!("there is no concept {id}")))?
                .concept,
        ),
        None => None,
    };
    let mut concept = Concept {
        subject: req.subject.clone(),
        definition: req.definition.clone(),
        note: req.concept_note.clone(),
        ..Concept::default()
    };
    for spec in &req.terms {
        let has_head = existing.iter().chain([&concept]).any(|c| {
            c.terms
                .iter()
                .any(|t| t.lang == spec.lang && t.status == Status::Preferred)
        });
        let status = req.status.unwrap_or(if has_head {
            Status::Admitted
        } else {
            Status::Preferred
        });
        concept.terms.push(Term {
            term_type: req.term_type,
            pos: req.pos.clone(),
            context: req.context.clone(),
            source: req.source.clone(),
            note: req.note.clone(),
            case_sensitive: req.case_sensitive,
            ..Term::new(spec.lang.clone(), spec.text.clone()).with_status(status)
        });
    }
    let batch = store::new_batch(&tx, "glossary", "command line", None)?;
    let outcome = match req.concept {
        Some(id) => {
            let mut added = 0;
            for t in &concept.terms {
                if db::insert_term(&tx, id, Some(batch), t)? {
                    added += 1;
                }
            }
            AddOutcome {
                concept: id,
                terms_added: added,
            }
        }
        None => {
            concept.validate("command line")?;
            AddOutcome {
                concept: db::insert_concept(&tx, Some(batch), &concept)?,
                terms_added: concept.terms.len(),
            }
        }
    };
    tx.commit()?;
    Ok(outcome)
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RemoveOutcome {
    pub concept: i64,
    pub removed_terms: usize,
    pub removed_concept: bool,
}

/// Removes these terms from a concept, or, with no terms, the whole concept.
pub fn remove(store: &mut Store, concept: i64, terms: &[TermSpec]) -> Result<RemoveOutcome> {
    let tx = store.transaction()?;
    if terms.is_empty() {
        db::remove_concept(&tx, concept)?;
    } else {
        for t in terms {
            db::remove_term(&tx, concept, &t.lang, &t.text)?;
        }
    }
    tx.commit()?;
    Ok(RemoveOutcome {
        concept,
        removed_terms: terms.len(),
        removed_concept: terms.is_empty(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(s: &str) -> TermSpec {
        TermSpec::parse(s).unwrap()
    }

    #[test]
    fn term_specs_need_a_language_and_text() {
        assert_eq!(spec("zh-CN=市长").text, "市长");
        assert_eq!(spec("en=a=b").text, "a=b");
        assert!(TermSpec::parse("Mayor").is_err());
        assert!(TermSpec::parse("en= ").is_err());
    }

    #[test]
    fn the_first_term_of_a_language_is_preferred_and_later_ones_admitted() {
        let mut store = Store::open_in_memory().unwrap();
        let a = add(
            &mut store,
            &AddRequest {
                terms: vec![spec("en=Mayor"), spec("zh-CN=市长")],
                ..AddRequest::default()
            },
        )
        .unwrap();
        assert_eq!(a.terms_added, 2);
        let b = add(
            &mut store,
            &AddRequest {
                terms: vec![spec("zh-CN=市长先生")],
                concept: Some(a.concept),
                ..AddRequest::default()
            },
        )
        .unwrap();
        assert_eq!(
            b,
            AddOutcome {
                concept: a.concept,
                terms_added: 1
            }
        );
        let c = super::super::show(&store, a.concept).unwrap();
        let statuses: Vec<Status> = c.concept.terms.iter().map(|t| t.status).collect();
        assert_eq!(
            statuses,
            [Status::Preferred, Status::Preferred, Status::Admitted]
        );
        let r = remove(&mut store, a.concept, &[spec("zh-CN=市长先生")]).unwrap();
        assert_eq!((r.removed_terms, r.removed_concept), (1, false));
        remove(&mut store, a.concept, &[]).unwrap();
        assert!(super::super::show(&store, a.concept).is_err());
    }

    #[test]
    fn adding_to_a_missing_concept_is_not_found() {
        let mut store = Store::open_in_memory().unwrap();
        let e = add(
            &mut store,
            &AddRequest {
                terms: vec![spec("en=Mayor")],
                concept: Some(99),
                ..AddRequest::default()
            },
        )
        .unwrap_err();
        assert!(matches!(e, Error::NotFound(_)), "{e}");
    }
}
