//! Editing the glossary from a front end (the command line, a server): adding terms to a new
//! or existing concept, removing terms or concepts. Each edit is one transaction.

use serde::Serialize;

use super::db;
use crate::error::{Error, Result};
use crate::formats::limits;
use crate::model::glossary::{Concept, ConceptRef, Status, StoredConcept, Term, TermType};
use crate::store::{self, Store};
use crate::text::{Keys, LangTag, chars};

/// A term as a user writes it: `LANG=TEXT` (`en=Mayor`, `zh-CN=市长`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TermSpec {
    pub lang: LangTag,
    pub text: String,
}

impl TermSpec {
    pub fn parse(spec: &str) -> Result<TermSpec> {
        let Some((lang, text)) = spec.split_once('=') else {
            return Err(Error::Invalid(format!(
                "{}: write a term as LANG=TEXT, e.g. en=Mayor or zh-CN=市长",
                chars::quoted(spec)
            )));
        };
        let lang = LangTag::parse(lang)?;
        if text.trim().is_empty() {
            return Err(Error::Invalid(format!(
                "{}: the {lang} term is empty",
                chars::quoted(spec)
            )));
        }
        storable_term(text)?;
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
    pub concept: Option<ConceptRef>,
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
    /// Make a new concept even when another one holds every term given (a homonym): by
    /// default that is refused, as the terms would then answer lookup twice.
    pub separate: bool,
}

impl AddRequest {
    /// These terms for a new concept, with every default the command line has: the page,
    /// the API and the CLI then differ only in the options they set.
    pub fn new(terms: Vec<TermSpec>) -> AddRequest {
        AddRequest {
            terms,
            ..AddRequest::default()
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AddOutcome {
    pub concept: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ext_id: Option<String>,
    pub terms_added: usize,
    /// The terms were meant for a new concept but went to this existing one, which has the
    /// same head terms.
    pub merged: bool,
    /// Terms that were preferred and are now admitted, because a new preferred term took
    /// their place.
    pub demoted: Vec<TermSpec>,
    /// The terms added that other concepts hold too, as those concepts store them.
    pub also_in: Vec<AlsoIn>,
}

/// A term another concept holds already: the same language and the same text to the match
/// keys (case, width and NFKC aside, so `deputy mayor` is `Deputy Mayor`), with its status
/// there. A term deprecated in one concept and preferred in another is the contradiction a
/// terminologist wants to see when adding it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AlsoIn {
    pub concept: i64,
    pub lang: LangTag,
    pub text: String,
    pub status: Status,
}

/// [`storable`] for each optional text of an [`AddRequest`] or [`EditRequest`], which have the
/// same ones.
macro_rules! storable_texts {
    ($req:expr) => {
        storable_fields([
            &$req.pos,
            &$req.context,
            &$req.source,
            &$req.note,
            &$req.subject,
            &$req.definition,
            &$req.concept_note,
        ])
    };
}

/// Adds the terms, as one new concept or to an existing one. A new concept with the head
/// terms of an existing one is merged into it, or refused when it brings nothing new; a
/// preferred term demotes the preferred term its concept already has in that language.
pub fn add(store: &mut Store, req: &AddRequest) -> Result<AddOutcome> {
    for t in &req.terms {
        storable_term(&t.text)?;
    }
    storable_texts!(req)?;
    let tx = store.transaction()?;
    let target = req
        .concept
        .as_ref()
        .map(|r| db::resolve(&tx, r))
        .transpose()?;
    let existing = match target {
        Some(id) => stored(&tx, id)?.concept,
        None => Concept::default(),
    };
    let mut concept = Concept {
        subject: req.subject.clone(),
        definition: req.definition.clone(),
        note: req.concept_note.clone(),
        ..Concept::default()
    };
    let mut demoted = Vec::new();
    for spec in &req.terms {
        let known = |t: &Term| t.lang == spec.lang && t.text == spec.text;
        if existing.terms.iter().chain(&concept.terms).any(known) {
            continue;
        }
        let has_head = existing
            .terms
            .iter()
            .chain(&concept.terms)
            .any(|t| t.lang == spec.lang && t.status == Status::Preferred);
        let status = req.status.unwrap_or(if has_head {
            Status::Admitted
        } else {
            Status::Preferred
        });
        if status == Status::Preferred {
            demote(&mut concept.terms, &spec.lang, &mut demoted, |_| Ok(()))?;
        }
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
    let also_in = held_elsewhere(&tx, &concept.terms, target)?;
    if target.is_none() && !req.separate {
        refuse_homonym(&tx, &concept, &also_in)?;
    }
    let batch = store::new_batch(&tx, "glossary", "command line", None)?;
    let mut w = db::Writer::new(&tx)?;
    let (id, terms_added, merged) = match target {
        Some(id) => {
            let mut existing = existing;
            for t in concept
                .terms
                .iter()
                .filter(|t| t.status == Status::Preferred)
            {
                demote(&mut existing.terms, &t.lang, &mut demoted, |d| {
                    w.update_term(id, d)
                })?;
            }
            for t in &concept.terms {
                w.insert_term(id, Some(batch), t)?;
            }
            w.refresh_fingerprint(id)?;
            (id, concept.terms.len(), false)
        }
        None => {
            concept.validate("command line")?;
            match w.merge_concept(Some(batch), &concept)? {
                db::Merge::Added { concept: id } => (id, concept.terms.len(), false),
                db::Merge::Merged {
                    concept: id,
                    terms_added,
                } => (id, terms_added, true),
                db::Merge::Duplicate { concept: id } => {
                    return Err(Error::Duplicate(format!(
                        "concept {} has these head terms already and nothing here is new to it: \
                         add to it with --concept, or change it with `glossary edit`",
                        name(&stored(&tx, id)?)
                    )));
                }
            }
        }
    };
    w.finish()?;
    let ext_id = stored(&tx, id)?.concept.ext_id;
    tx.commit()?;
    Ok(AddOutcome {
        concept: id,
        ext_id,
        terms_added,
        merged,
        demoted,
        also_in: also_in.into_iter().filter(|a| a.concept != id).collect(),
    })
}

/// The other concepts' terms that are these terms (see [`AlsoIn`]), concept by concept.
fn held_elsewhere(
    conn: &rusqlite::Connection,
    terms: &[Term],
    except: Option<i64>,
) -> Result<Vec<AlsoIn>> {
    let mut stmt = conn.prepare_cached(
        "SELECT concept, lang, text, status FROM term WHERE norm = ?1 ORDER BY concept, id",
    )?;
    let mut found = Vec::new();
    for t in terms {
        let mut rows = stmt.query([Keys::of(&t.text).norm])?;
        while let Some(r) = rows.next()? {
            let concept: i64 = r.get(0)?;
            let lang = LangTag::parse(&r.get::<_, String>(1)?)?;
            if Some(concept) == except || lang.primary() != t.lang.primary() {
                continue;
            }
            found.push(AlsoIn {
                concept,
                lang,
                text: r.get(2)?,
                status: r.get::<_, String>(3)?.parse()?,
            });
        }
    }
    found.sort_by_key(|a| a.concept);
    Ok(found)
}

/// Refuses a new concept whose every term one other concept holds already, unless that
/// concept has the same head terms (then the terms merge into it, as an import's do): the
/// glossary would answer each term twice, once perhaps as deprecated and once as preferred.
fn refuse_homonym(conn: &rusqlite::Connection, new: &Concept, also_in: &[AlsoIn]) -> Result<()> {
    let heads = db::fingerprint(new);
    for held in also_in.chunk_by(|a, b| a.concept == b.concept) {
        let covers = new.terms.iter().all(|t| {
            let norm = Keys::of(&t.text).norm;
            held.iter()
                .any(|a| a.lang.primary() == t.lang.primary() && Keys::of(&a.text).norm == norm)
        });
        let other = stored(conn, held[0].concept)?;
        if !covers || db::fingerprint(&other.concept) == heads {
            continue;
        }
        let terms: Vec<String> = held
            .iter()
            .map(|a| format!("{} ({}, {} there)", a.text, a.lang, a.status))
            .collect();
        return Err(Error::Duplicate(format!(
            "concept {} holds every term here already: {}; add to it with --concept {}, \
             change a status with `glossary edit`, or make a separate concept anyway with \
             --separate (\"separate\": true in the API)",
            name(&other),
            terms.join(", "),
            other.id
        )));
    }
    Ok(())
}

/// Makes the preferred terms of a language admitted, recording which and handing each to
/// `write` (which stores it, for terms already stored).
fn demote(
    terms: &mut [Term],
    lang: &LangTag,
    demoted: &mut Vec<TermSpec>,
    mut write: impl FnMut(&Term) -> Result<()>,
) -> Result<()> {
    for t in terms
        .iter_mut()
        .filter(|t| &t.lang == lang && t.status == Status::Preferred)
    {
        t.status = Status::Admitted;
        write(t)?;
        demoted.push(TermSpec {
            lang: t.lang.clone(),
            text: t.text.clone(),
        });
    }
    Ok(())
}

/// A concept that exists: resolved a moment ago in the same transaction.
fn stored(conn: &rusqlite::Connection, id: i64) -> Result<StoredConcept> {
    db::get_concept(conn, id)?.ok_or_else(|| Error::NotFound(format!("there is no concept {id}")))
}

/// A concept as a message names it: its number and, if it has one, its text id.
fn name(sc: &StoredConcept) -> String {
    match &sc.concept.ext_id {
        Some(e) => format!("{} ({e})", sc.id),
        None => sc.id.to_string(),
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RemoveOutcome {
    pub concept: i64,
    pub removed_terms: usize,
    /// The whole concept went: none was named, or its last term was removed.
    pub removed_concept: bool,
}

/// Removes these terms from a concept, or, with no terms, the whole concept. A concept whose
/// last term goes goes with it: a concept without terms names nothing.
pub fn remove(
    store: &mut Store,
    concept: &ConceptRef,
    terms: &[TermSpec],
) -> Result<RemoveOutcome> {
    let tx = store.transaction()?;
    let id = db::resolve(&tx, concept)?;
    let mut w = db::Writer::new(&tx)?;
    for t in terms {
        w.remove_term(id, &t.lang, &t.text)?;
    }
    let removed_concept = terms.is_empty() || stored(&tx, id)?.concept.terms.is_empty();
    if removed_concept {
        w.remove_concept(id)?;
    } else {
        w.refresh_fingerprint(id)?;
    }
    w.finish()?;
    tx.commit()?;
    Ok(RemoveOutcome {
        concept: id,
        removed_terms: terms.len(),
        removed_concept,
    })
}

/// What `glossary edit` is asked: new values for one term's fields (the term named by its
/// language and text) and for the concept's. An empty text clears a field.
#[derive(Clone, Debug)]
pub struct EditRequest {
    pub concept: ConceptRef,
    pub term: Option<TermSpec>,
    /// The term's new text, in the same language: a misspelling put right.
    pub text: Option<String>,
    pub status: Option<Status>,
    pub term_type: Option<TermType>,
    pub pos: Option<String>,
    pub context: Option<String>,
    pub source: Option<String>,
    pub note: Option<String>,
    pub case_sensitive: Option<bool>,
    pub subject: Option<String>,
    pub definition: Option<String>,
    pub concept_note: Option<String>,
}

impl EditRequest {
    /// A request that changes nothing yet.
    pub fn new(concept: ConceptRef, term: Option<TermSpec>) -> EditRequest {
        EditRequest {
            concept,
            term,
            text: None,
            status: None,
            term_type: None,
            pos: None,
            context: None,
            source: None,
            note: None,
            case_sensitive: None,
            subject: None,
            definition: None,
            concept_note: None,
        }
    }

    fn changes_term(&self) -> bool {
        self.status.is_some()
            || self.text.is_some()
            || self.term_type.is_some()
            || self.case_sensitive.is_some()
            || [&self.pos, &self.context, &self.source, &self.note]
                .iter()
                .any(|f| f.is_some())
    }

    fn changes_concept(&self) -> bool {
        [&self.subject, &self.definition, &self.concept_note]
            .iter()
            .any(|f| f.is_some())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EditOutcome {
    pub concept: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term: Option<TermSpec>,
    /// Terms that were preferred and are now admitted, because the edited term became the
    /// preferred one of its language.
    pub demoted: Vec<TermSpec>,
    /// Whether anything differs from before: an edit to what is already there (a term
    /// renamed to its own text, a status it has) changes nothing, and says so.
    pub changed: bool,
}

/// Changes a term's status, type and notes, or a concept's subject, definition and note.
pub fn edit(store: &mut Store, req: &EditRequest) -> Result<EditOutcome> {
    if req.term.is_none() && req.changes_term() {
        return Err(Error::Invalid(
            "name the term to change as LANG=TEXT after the concept".into(),
        ));
    }
    if !req.changes_term() && !req.changes_concept() {
        return Err(Error::Invalid(
            "nothing to change: give --text, --status, --type, --note... for a term, or --subject, \
             --definition, --concept-note for the concept"
                .into(),
        ));
    }
    storable_texts!(req)?;
    let tx = store.transaction()?;
    let id = db::resolve(&tx, &req.concept)?;
    let mut concept = stored(&tx, id)?.concept;
    let before = concept.clone();
    let mut w = db::Writer::new(&tx)?;
    let mut demoted = Vec::new();
    if let Some(spec) = &req.term {
        let Some(i) = concept
            .terms
            .iter()
            .position(|t| t.lang == spec.lang && t.text == spec.text)
        else {
            return Err(Error::NotFound(format!(
                "concept {} has no {} term {:?}",
                req.concept, spec.lang, spec.text
            )));
        };
        if req.status == Some(Status::Preferred) && concept.terms[i].status != Status::Preferred {
            demote(&mut concept.terms, &spec.lang, &mut demoted, |d| {
                w.update_term(id, d)
            })?;
        }
        if let Some(text) = req.text.as_deref().filter(|t| *t != spec.text) {
            rename(&concept, spec, text)?;
            w.rename_term(id, &spec.lang, &spec.text, text)?;
            concept.terms[i].text = text.to_string();
        }
        let t = &mut concept.terms[i];
        t.status = req.status.unwrap_or(t.status);
        t.term_type = req.term_type.or(t.term_type);
        t.case_sensitive = req.case_sensitive.unwrap_or(t.case_sensitive);
        for (field, new) in [
            (&mut t.pos, &req.pos),
            (&mut t.context, &req.context),
            (&mut t.source, &req.source),
            (&mut t.note, &req.note),
        ] {
            set(field, new);
        }
        w.update_term(id, t)?;
        w.refresh_fingerprint(id)?;
    }
    if req.changes_concept() {
        for (field, new) in [
            (&mut concept.subject, &req.subject),
            (&mut concept.definition, &req.definition),
            (&mut concept.note, &req.concept_note),
        ] {
            set(field, new);
        }
        w.update_concept(id, &concept)?;
    }
    w.finish()?;
    tx.commit()?;
    Ok(EditOutcome {
        concept: id,
        term: req.term.clone(),
        changed: concept != before || !demoted.is_empty(),
        demoted,
    })
}

/// Refuses a new text for `spec` that is empty, unstorable, or another term of its concept
/// in its language already.
fn rename(concept: &Concept, spec: &TermSpec, text: &str) -> Result<()> {
    if text.trim().is_empty() {
        return Err(Error::Invalid(format!(
            "the new text of the {} term {:?} is empty: remove the term instead",
            spec.lang, spec.text
        )));
    }
    storable_term(text)?;
    if concept
        .terms
        .iter()
        .any(|t| t.lang == spec.lang && t.text == text)
    {
        return Err(Error::Duplicate(format!(
            "the concept has the {} term {text:?} already",
            spec.lang
        )));
    }
    Ok(())
}

/// Refuses text concord never stores (see [`chars`]), before anything is written.
fn storable(what: &str, text: &str) -> Result<()> {
    chars::check_fields([text])
        .map_err(|why| Error::Invalid(format!("{what} {}: {why}", chars::quoted(text))))
}

/// [`storable`] for a term, which also has a length limit.
fn storable_term(text: &str) -> Result<()> {
    if let Some(why) = limits::long_term(text) {
        return Err(Error::Invalid(format!(
            "the term {}: {why}",
            chars::quoted(text)
        )));
    }
    storable("the term", text)
}

/// [`storable`] for the optional fields of an add or edit, in this order: pos, context,
/// source, note, subject, definition, concept note.
fn storable_fields(fields: [&Option<String>; 7]) -> Result<()> {
    const NAMES: [&str; 7] = [
        "--pos",
        "--context",
        "--source",
        "--note",
        "--subject",
        "--definition",
        "--concept-note",
    ];
    for (name, value) in NAMES.iter().zip(fields) {
        if let Some(v) = value {
            storable(name, v)?;
        }
    }
    Ok(())
}

/// Applies an optional new value to a field; an empty one clears it.
fn set(field: &mut Option<String>, new: &Option<String>) {
    if let Some(v) = new {
        *field = (!v.trim().is_empty()).then(|| v.clone());
    }
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
        let a = new_concept(&mut store, &["en=Mayor", "zh-CN=市长"]);
        assert_eq!(a.terms_added, 2);
        let b = add(
            &mut store,
            &AddRequest {
                terms: vec![spec("zh-CN=市长先生")],
                concept: Some(ConceptRef::Id(a.concept)),
                ..AddRequest::default()
            },
        )
        .unwrap();
        assert_eq!(
            b,
            AddOutcome {
                concept: a.concept,
                ext_id: None,
                terms_added: 1,
                merged: false,
                demoted: Vec::new(),
                also_in: Vec::new(),
            }
        );
        let c = super::super::show(&store, &ConceptRef::Id(a.concept)).unwrap();
        let statuses: Vec<Status> = c.concept.terms.iter().map(|t| t.status).collect();
        assert_eq!(
            statuses,
            [Status::Preferred, Status::Preferred, Status::Admitted]
        );
        let r = remove(
            &mut store,
            &ConceptRef::Id(a.concept),
            &[spec("zh-CN=市长先生")],
        )
        .unwrap();
        assert_eq!((r.removed_terms, r.removed_concept), (1, false));
        remove(&mut store, &ConceptRef::Id(a.concept), &[]).unwrap();
        assert!(super::super::show(&store, &ConceptRef::Id(a.concept)).is_err());
    }

    #[test]
    fn adding_to_a_missing_concept_is_not_found() {
        let mut store = Store::open_in_memory().unwrap();
        let e = add(
            &mut store,
            &AddRequest {
                terms: vec![spec("en=Mayor")],
                concept: Some(ConceptRef::Id(99)),
                ..AddRequest::default()
            },
        )
        .unwrap_err();
        assert!(matches!(e, Error::NotFound(_)), "{e}");
    }

    #[test]
    fn regression_add_and_edit_refuse_control_characters() {
        let e = TermSpec::parse("en=Bell\u{7}").unwrap_err().to_string();
        assert!(
            e.starts_with("the term \"Bell\\u{7}\": character U+0007"),
            "{e}"
        );
        let mut store = Store::open_in_memory().unwrap();
        let req = AddRequest {
            terms: vec![TermSpec {
                lang: LangTag::parse("en").unwrap(),
                text: "Bell\u{0}".into(),
            }],
            ..AddRequest::default()
        };
        assert!(matches!(add(&mut store, &req), Err(Error::Invalid(_))));
        let req = AddRequest {
            terms: vec![spec("en=Bell")],
            note: Some("ring\u{1b}[2J".into()),
            ..AddRequest::default()
        };
        let e = add(&mut store, &req).unwrap_err().to_string();
        assert!(
            e.starts_with("--note \"ring\\u{1b}[2J\": character U+001B"),
            "{e}"
        );
        let id = new_concept(&mut store, &["en=Bell"]).concept;
        let req = EditRequest {
            definition: Some("\u{FFFF}".into()),
            ..EditRequest::new(ConceptRef::Id(id), None)
        };
        assert!(matches!(edit(&mut store, &req), Err(Error::Invalid(_))));
        assert_eq!(
            super::super::show(&store, &ConceptRef::Id(id))
                .unwrap()
                .concept
                .definition,
            None
        );
    }

    #[test]
    fn a_term_renamed_keeps_its_status_and_is_found_by_its_new_text() {
        let mut store = Store::open_in_memory().unwrap();
        let id = new_concept(&mut store, &["en=Mayer", "en=Lord Mayor", "zh-CN=市长"]).concept;
        let rename = |text: &str| EditRequest {
            text: Some(text.into()),
            ..EditRequest::new(ConceptRef::Id(id), Some(spec("en=Mayer")))
        };
        let e = edit(&mut store, &rename("Lord Mayor")).unwrap_err();
        assert!(matches!(e, Error::Duplicate(_)), "{e}");
        assert!(matches!(
            edit(&mut store, &rename(" ")),
            Err(Error::Invalid(_))
        ));
        edit(&mut store, &rename("Mayor")).unwrap();
        assert_eq!(
            statuses(&store, id),
            [
                ("Mayor".to_string(), Status::Preferred),
                ("Lord Mayor".to_string(), Status::Admitted),
                ("市长".to_string(), Status::Preferred)
            ]
        );
        let found = super::super::lookup(&store, &super::super::LookupQuery::new("mayor")).unwrap();
        assert_eq!(found.first().map(|m| m.concept), Some(id));
        let stale = super::super::lookup(&store, &super::super::LookupQuery::new("Mayer")).unwrap();
        assert!(
            stale.iter().all(|m| m.kind.as_str() == "fuzzy"),
            "{stale:?}"
        );
    }

    fn new_concept(store: &mut Store, terms: &[&str]) -> AddOutcome {
        add(
            store,
            &AddRequest {
                terms: terms.iter().map(|t| spec(t)).collect(),
                ..AddRequest::default()
            },
        )
        .unwrap()
    }

    fn statuses(store: &Store, id: i64) -> Vec<(String, Status)> {
        super::super::show(store, &ConceptRef::Id(id))
            .unwrap()
            .concept
            .terms
            .iter()
            .map(|t| (t.text.clone(), t.status))
            .collect()
    }

    #[test]
    fn a_second_preferred_term_demotes_the_first() {
        let mut store = Store::open_in_memory().unwrap();
        let a = new_concept(&mut store, &["en=Mayor", "zh-CN=市长"]);
        let b = add(
            &mut store,
            &AddRequest {
                terms: vec![spec("zh-CN=市长先生")],
                concept: Some(ConceptRef::Id(a.concept)),
                status: Some(Status::Preferred),
                ..AddRequest::default()
            },
        )
        .unwrap();
        assert_eq!(b.demoted, [spec("zh-CN=市长")]);
        assert_eq!(
            statuses(&store, a.concept),
            [
                ("Mayor".into(), Status::Preferred),
                ("市长".into(), Status::Admitted),
                ("市长先生".into(), Status::Preferred)
            ]
        );
        let c = add(
            &mut store,
            &AddRequest {
                terms: vec![spec("en=Governor"), spec("en=Gov")],
                status: Some(Status::Preferred),
                ..AddRequest::default()
            },
        )
        .unwrap();
        assert_eq!(c.demoted, [spec("en=Governor")]);
    }

    #[test]
    fn adding_the_head_terms_of_a_concept_merges_or_refuses() {
        let mut store = Store::open_in_memory().unwrap();
        let a = new_concept(&mut store, &["en=Mayor", "zh-CN=市长"]);
        let b = new_concept(&mut store, &["en=Mayor", "zh-CN=市长", "en=mayor"]);
        assert_eq!((b.concept, b.terms_added, b.merged), (a.concept, 1, true));
        let e = add(
            &mut store,
            &AddRequest {
                terms: vec![spec("en=Mayor"), spec("zh-CN=市长")],
                ..AddRequest::default()
            },
        )
        .unwrap_err();
        assert!(matches!(e, Error::Duplicate(_)), "{e}");
        assert!(
            e.to_string().contains(&format!("concept {}", a.concept)),
            "{e}"
        );
        assert_eq!(super::super::counts(&store).unwrap(), (1, 3));
    }

    /// The glossary with 副市长 for Vice Mayor and Deputy Mayor deprecated there.
    fn vice_mayor(store: &mut Store) -> i64 {
        let a = new_concept(store, &["en=Vice Mayor", "zh-CN=副市长"]);
        add(
            store,
            &AddRequest {
                terms: vec![spec("en=Deputy Mayor")],
                concept: Some(ConceptRef::Id(a.concept)),
                status: Some(Status::Deprecated),
                ..AddRequest::default()
            },
        )
        .unwrap();
        a.concept
    }

    #[test]
    fn a_new_concept_whose_every_term_another_holds_is_refused_unless_separate() {
        let mut store = Store::open_in_memory().unwrap();
        let vice = vice_mayor(&mut store);
        for terms in [
            ["en=Deputy Mayor", "zh-CN=副市长"],
            ["en=deputy mayor", "zh-CN=副市长"],
        ] {
            let req = AddRequest::new(terms.iter().map(|t| spec(t)).collect());
            let e = add(&mut store, &req).unwrap_err();
            assert!(matches!(e, Error::Duplicate(_)), "{e}");
            let msg = e.to_string();
            assert!(
                msg.contains(&format!("concept {vice} holds every term")),
                "{msg}"
            );
            assert!(msg.contains("Deputy Mayor (en, deprecated there)"), "{msg}");
            assert!(msg.contains("副市长 (zh-CN, preferred there)"), "{msg}");
            assert_eq!(super::super::counts(&store).unwrap(), (1, 3));
        }
        let r = add(
            &mut store,
            &AddRequest {
                separate: true,
                ..AddRequest::new(vec![spec("en=Deputy Mayor"), spec("zh-CN=副市长")])
            },
        )
        .unwrap();
        assert_ne!(r.concept, vice);
        let held: Vec<_> = r
            .also_in
            .iter()
            .map(|a| (a.concept, a.text.as_str(), a.status))
            .collect();
        assert_eq!(
            held,
            [
                (vice, "Deputy Mayor", Status::Deprecated),
                (vice, "副市长", Status::Preferred)
            ]
        );
    }

    #[test]
    fn terms_another_concept_also_holds_are_added_and_named() {
        let mut store = Store::open_in_memory().unwrap();
        let vice = vice_mayor(&mut store);
        let r = new_concept(&mut store, &["en=Deputy Mayor", "zh-CN=常务副市长"]);
        assert_eq!(r.terms_added, 2);
        assert_eq!(r.also_in.len(), 1, "{:?}", r.also_in);
        assert_eq!(
            (r.also_in[0].concept, r.also_in[0].status),
            (vice, Status::Deprecated)
        );
        // Another language's 副市长 is not the Chinese term; a concept's own terms are not
        // "also" in it.
        let r = add(
            &mut store,
            &AddRequest {
                terms: vec![spec("ja=副市長"), spec("zh-CN=副市长")],
                concept: Some(ConceptRef::Id(vice)),
                ..AddRequest::default()
            },
        )
        .unwrap();
        assert!(r.also_in.is_empty(), "{:?}", r.also_in);
    }

    #[test]
    fn removing_the_last_term_removes_the_concept() {
        let mut store = Store::open_in_memory().unwrap();
        let a = new_concept(&mut store, &["en=Mayor", "zh-CN=市长"]);
        let id = ConceptRef::Id(a.concept);
        let r = remove(&mut store, &id, &[spec("en=Mayor")]).unwrap();
        assert!(!r.removed_concept);
        let r = remove(&mut store, &id, &[spec("zh-CN=市长")]).unwrap();
        assert!(r.removed_concept);
        assert_eq!(super::super::counts(&store).unwrap(), (0, 0));
    }

    #[test]
    fn a_concept_is_named_by_its_number_or_its_text_id() {
        let mut store = Store::open_in_memory().unwrap();
        let c = Concept {
            ext_id: Some("provincial-governor".into()),
            terms: vec![Term::new(LangTag::parse("en").unwrap(), "Governor")],
            ..Concept::default()
        };
        let id = db::insert_concept(store.conn(), None, &c).unwrap();
        let by_text: ConceptRef = "provincial-governor".parse().unwrap();
        let by_number: ConceptRef = id.to_string().parse().unwrap();
        assert_eq!(super::super::resolve(&store, &by_text).unwrap(), id);
        assert_eq!(super::super::resolve(&store, &by_number).unwrap(), id);
        let none: ConceptRef = "nosuch".parse().unwrap();
        let e = super::super::resolve(&store, &none).unwrap_err();
        assert!(matches!(e, Error::NotFound(_)), "{e}");
        let r = add(
            &mut store,
            &AddRequest {
                terms: vec![spec("zh-CN=省长")],
                concept: Some(by_text.clone()),
                ..AddRequest::default()
            },
        )
        .unwrap();
        assert_eq!(
            (r.concept, r.ext_id.as_deref()),
            (id, Some("provincial-governor"))
        );
        assert!(remove(&mut store, &by_text, &[]).unwrap().removed_concept);
    }

    #[test]
    fn glossary_edit_changes_a_term_and_keeps_one_preferred_per_language() {
        let mut store = Store::open_in_memory().unwrap();
        let a = new_concept(&mut store, &["en=Mayor", "zh-CN=市长"]);
        let id = ConceptRef::Id(a.concept);
        add(
            &mut store,
            &AddRequest {
                terms: vec![spec("zh-CN=市长先生")],
                concept: Some(id.clone()),
                ..AddRequest::default()
            },
        )
        .unwrap();
        let r = edit(
            &mut store,
            &EditRequest {
                status: Some(Status::Preferred),
                note: Some("now the title".into()),
                case_sensitive: Some(true),
                ..EditRequest::new(id.clone(), Some(spec("zh-CN=市长先生")))
            },
        )
        .unwrap();
        assert_eq!(r.demoted, [spec("zh-CN=市长")]);
        let sc = super::super::show(&store, &id).unwrap();
        let t = &sc.concept.terms[2];
        assert_eq!(
            (t.status, t.note.as_deref(), t.case_sensitive),
            (Status::Preferred, Some("now the title"), true)
        );
        assert_eq!(sc.concept.terms[1].status, Status::Admitted);
        crate::glossary::db::tests::assert_index_rebuilds_the_same(store.conn());
        edit(
            &mut store,
            &EditRequest {
                subject: Some("government titles".into()),
                ..EditRequest::new(id.clone(), None)
            },
        )
        .unwrap();
        let sc = super::super::show(&store, &id).unwrap();
        assert_eq!(sc.concept.subject.as_deref(), Some("government titles"));
        for bad in [
            EditRequest::new(id.clone(), Some(spec("zh-CN=市长"))),
            EditRequest {
                note: Some("x".into()),
                ..EditRequest::new(id.clone(), None)
            },
        ] {
            assert!(matches!(edit(&mut store, &bad), Err(Error::Invalid(_))));
        }
        let missing = EditRequest {
            note: Some("x".into()),
            ..EditRequest::new(id, Some(spec("en=Lord Mayor")))
        };
        assert!(matches!(
            edit(&mut store, &missing),
            Err(Error::NotFound(_))
        ));
    }

    #[test]
    fn glossary_edit_drops_the_compiled_matcher_of_the_term_language() {
        let mut store = Store::open_in_memory().unwrap();
        let a = new_concept(&mut store, &["en=Mayor", "zh-CN=市长"]);
        store
            .conn()
            .execute_batch("INSERT INTO term_matcher (lang, stamp, data, short) VALUES ('zh', 0, x'00', x'00')")
            .unwrap();
        edit(
            &mut store,
            &EditRequest {
                status: Some(Status::Deprecated),
                ..EditRequest::new(ConceptRef::Id(a.concept), Some(spec("zh-CN=市长")))
            },
        )
        .unwrap();
        let kept: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM term_matcher", [], |r| r.get(0))
            .unwrap();
        assert_eq!(kept, 0);
    }
}
