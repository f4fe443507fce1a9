//! The glossary page at `/glossary`: the concepts a page at a time, newest first or in
//! alphabetical order, filtered by a term's text, language and status, each with its terms
//! and their statuses (a term not to use struck through). Unless the server is read only,
//! each term can be changed (text, status, note) or removed from the page, through the same
//! `glossary::edit` and `glossary::remove` the CLI and the API call. Plain forms: it works
//! without JavaScript; `<details>` keeps the edit controls out of the way until opened.

use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::api::{Pairs, Params};
use super::page::layout;
use super::write::not_while_importing;
use super::{Access, ApiError, Shared, blocking_glossary};
use crate::glossary::{
    self, BrowsePage, BrowseQuery, ConceptRef, EditRequest, Order, Status, StoredConcept, Term,
    TermSpec,
};

/// Concepts shown on one page.
const PAGE_SIZE: usize = 50;

/// The parameters the page takes, and keeps across an edit.
const PARAMS: &[&str] = &["q", "lang", "status", "order", "page"];

/// The list's filters as the page was asked for them, kept as given to fill the form again.
#[derive(Default)]
struct Filters {
    q: String,
    lang: String,
    status: String,
    order: String,
    page: usize,
}

impl Filters {
    fn read(p: &Params) -> Filters {
        let get = |n| p.get(n).unwrap_or("").trim().to_string();
        Filters {
            q: get("q"),
            lang: get("lang"),
            status: get("status"),
            order: get("order"),
            page: 1,
        }
    }

    fn query(&self) -> Result<BrowseQuery, ApiError> {
        let bad = |e: crate::error::Error| ApiError::from(e);
        Ok(BrowseQuery {
            text: (!self.q.is_empty()).then(|| self.q.clone()),
            lang: match self.lang.as_str() {
                "" => None,
                l => Some(
                    l.parse()
                        .map_err(|e| super::api::bad(format!("lang: {e}")))?,
                ),
            },
            status: match self.status.as_str() {
                "" => None,
                s => Some(Status::parse_documented(s).map_err(bad)?),
            },
            order: match self.order.as_str() {
                "" => Order::default(),
                o => o.parse().map_err(bad)?,
            },
            offset: (self.page - 1) * PAGE_SIZE,
            limit: PAGE_SIZE,
        })
    }

    /// The page's address with these filters, on page `page`.
    fn href(&self, page: usize) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("q", &self.q),
            ("lang", &self.lang),
            ("status", &self.status),
            ("order", &self.order),
        ] {
            if !v.is_empty() {
                s.append_pair(k, v);
            }
        }
        if page > 1 {
            s.append_pair("page", &page.to_string());
        }
        let q = s.finish();
        if q.is_empty() {
            "/glossary".into()
        } else {
            format!("/glossary?{q}")
        }
    }
}

/// The filters from a query: the page's own, or an edit's `back`.
fn filters(pairs: Pairs) -> Result<Filters, ApiError> {
    let p = Params::new(pairs, PARAMS)?;
    let mut f = Filters::read(&p);
    f.page = match p.get("page") {
        None => 1,
        Some(n) => n
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=1_000_000).contains(n))
            .ok_or_else(|| super::api::bad(format!("page: {n:?} is not a page number")))?,
    };
    Ok(f)
}

pub(super) async fn list(State(app): State<Shared>, q: Pairs) -> Response {
    match filters(q) {
        Ok(f) => listing(&app, f, None).await,
        Err(e) => (e.status, page(&app, &Filters::default(), error(&e))).into_response(),
    }
}

/// The list for `f`, under the outcome of an edit when there was one.
async fn listing(app: &Shared, f: Filters, outcome: Option<(StatusCode, Markup)>) -> Response {
    let query = match f.query() {
        Ok(q) => q,
        Err(e) => return (e.status, page(app, &f, error(&e))).into_response(),
    };
    let found = blocking_glossary(app, Access::Read, move |s| glossary::browse(s, &query)).await;
    let (status, said) = outcome.unwrap_or((StatusCode::OK, html! {}));
    match found {
        Ok(p) => (
            status,
            page(app, &f, html! { (said) (concepts(app, &f, &p)) }),
        )
            .into_response(),
        Err(e) => (e.status, page(app, &f, html! { (said) (error(&e)) })).into_response(),
    }
}

fn error(e: &ApiError) -> Markup {
    html! { p.error { (e.message) } }
}

/// What the edit form posts: the term it changes, its new values, and the list to go back to.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct EditForm {
    term: String,
    text: Option<String>,
    status: Option<String>,
    note: Option<String>,
    #[serde(default)]
    back: String,
}

/// What the remove button posts.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RemoveForm {
    term: String,
    #[serde(default)]
    back: String,
}

pub(super) async fn edit(
    State(app): State<Shared>,
    Path(id): Path<String>,
    form: Result<Form<EditForm>, FormRejection>,
) -> Response {
    let f = match form {
        Ok(Form(f)) => f,
        Err(e) => return refused(&app, "", ApiError::new(e.status(), e.body_text())).await,
    };
    let req = (|| -> crate::error::Result<EditRequest> {
        Ok(EditRequest {
            text: f.text.clone(),
            status: f
                .status
                .as_deref()
                .map(Status::parse_documented)
                .transpose()?,
            note: f.note.clone(),
            ..EditRequest::new(id.parse()?, Some(TermSpec::parse(&f.term)?))
        })
    })();
    let req = match req {
        Ok(r) => r,
        Err(e) => return refused(&app, &f.back, e.into()).await,
    };
    let done = write(&app, move |s| glossary::edit(s, &req).map(|_| ())).await;
    answer(&app, &f.back, done).await
}

pub(super) async fn remove(
    State(app): State<Shared>,
    Path(id): Path<String>,
    form: Result<Form<RemoveForm>, FormRejection>,
) -> Response {
    let f = match form {
        Ok(Form(f)) => f,
        Err(e) => return refused(&app, "", ApiError::new(e.status(), e.body_text())).await,
    };
    let named = id
        .parse::<ConceptRef>()
        .and_then(|c| Ok((c, TermSpec::parse(&f.term)?)));
    let (concept, term) = match named {
        Ok(n) => n,
        Err(e) => return refused(&app, &f.back, e.into()).await,
    };
    let done = write(&app, move |s| {
        glossary::remove(s, &concept, &[term]).map(|_| ())
    })
    .await;
    answer(&app, &f.back, done).await
}

/// A write from the page: refused by a read-only server (403) and while an import runs (409).
async fn write(
    app: &Shared,
    f: impl FnOnce(&mut crate::store::Store) -> crate::error::Result<()> + Send + 'static,
) -> Result<(), ApiError> {
    not_while_importing(app)?;
    blocking_glossary(app, Access::Write, f).await
}

/// After a write: back to the list it was made from (See Other, so that a reload does not
/// post again), or that list under the reason it was refused.
async fn answer(app: &Shared, back: &str, done: Result<(), ApiError>) -> Response {
    match done {
        Ok(()) => {
            let to = back_to(back).map_or_else(|_| "/glossary".into(), |f| f.href(f.page));
            (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response()
        }
        Err(e) => refused(app, back, e).await,
    }
}

async fn refused(app: &Shared, back: &str, e: ApiError) -> Response {
    let f = back_to(back).unwrap_or_default();
    listing(app, f, Some((e.status, error(&e)))).await
}

/// The list an edit came from, read as the page reads its own address: only its own
/// parameters, so that the answer's `Location` is always a glossary page of this server.
fn back_to(back: &str) -> Result<Filters, ApiError> {
    let pairs = form_urlencoded::parse(back.as_bytes())
        .into_owned()
        .collect::<Vec<_>>();
    filters(Ok(axum::extract::Query(pairs)))
}

fn page(app: &Shared, f: &Filters, body: Markup) -> Markup {
    let option = |value: &str, label: &str, current: &str| {
        html! { option value=(value) selected[value == current] { (label) } }
    };
    let form = html! {
        form method="get" action="/glossary" role="search" {
            input type="search" name="q" value=(f.q) autofocus
                placeholder="text in a term, in any language" aria-label="text in a term";
            input name="lang" value=(f.lang) size="6" placeholder="any lang" aria-label="language";
            select name="status" aria-label="status" {
                (option("", "any status", &f.status))
                @for s in Status::ALL { (option(s.as_str(), s.as_str(), &f.status)) }
            }
            select name="order" aria-label="order" {
                (option("", "newest", &f.order))
                (option("alphabetical", "alphabetical", &f.order))
            }
            button type="submit" { "Filter" }
        }
        @if !app.pool.read_only {
            p.how { a href="/glossary/add" { "Add a term" } " (a duplicate of a concept the glossary has is refused)" }
        }
    };
    let body = html! { (body) (super::transfer::glossary_files(app.pool.read_only)) };
    layout("glossary", form, body)
}

fn concepts(app: &Shared, f: &Filters, p: &BrowsePage) -> Markup {
    let first = p.offset + 1;
    let last = p.offset + p.concepts.len();
    let back = f.href(f.page);
    let back = back.strip_prefix("/glossary").unwrap_or("");
    let back = back.strip_prefix('?').unwrap_or(back);
    html! {
        @if p.concepts.is_empty() {
            p.none { "No concept matches." }
        } @else {
            p.summary { "Concepts " (first) "–" (last) " of " (p.total) "." }
            @for c in &p.concepts { (concept(app, c, back)) }
        }
        nav.pages {
            @if f.page > 1 { a rel="prev" href=(f.href(f.page - 1)) { "← previous" } " " }
            @if last < p.total { a rel="next" href=(f.href(f.page + 1)) { "next →" } }
        }
    }
}

fn concept(app: &Shared, sc: &StoredConcept, back: &str) -> Markup {
    let c = &sc.concept;
    html! {
        section.match id={ "concept-" (sc.id) } {
            p.how {
                "concept " (sc.id)
                @if let Some(e) = &c.ext_id { " (" (e) ")" }
                @if let Some(s) = &c.subject { "; " (s) }
            }
            @if let Some(d) = &c.definition { p { "Definition: " (d) } }
            @if let Some(n) = &c.note { p { "Note: " (n) } }
            ul { @for t in &c.terms { (term(app, sc.id, t, back)) } }
        }
    }
}

fn term(app: &Shared, concept: i64, t: &Term, back: &str) -> Markup {
    let spec = format!("{}={}", t.lang, t.text);
    html! {
        li.term {
            span.lang { (t.lang) } " "
            @if t.status.is_approved() {
                span.text lang=(t.lang) { (t.text) }
            } @else {
                del.text lang=(t.lang) { (t.text) }
            }
            " " span.status { (t.status) }
            @if let Some(n) = &t.note { br; span.status { "note: " (n) } }
            @if !app.pool.read_only {
                details.edit {
                    summary { "edit" }
                    form.edit method="post" action={ "/glossary/" (concept) "/edit" } {
                        input type="hidden" name="term" value=(spec);
                        input type="hidden" name="back" value=(back);
                        input name="text" value=(t.text) lang=(t.lang) aria-label="text";
                        select name="status" aria-label="status" {
                            @for s in Status::ALL {
                                option value=(s.as_str()) selected[s == t.status] { (s.as_str()) }
                            }
                        }
                        input name="note" value=(t.note.as_deref().unwrap_or(""))
                            placeholder="note" aria-label="note";
                        button type="submit" { "Save" }
                    }
                    form.edit method="post" action={ "/glossary/" (concept) "/remove" } {
                        input type="hidden" name="term" value=(spec);
                        input type="hidden" name="back" value=(back);
                        button type="submit" { "Remove " (t.text) }
                    }
                }
            }
        }
    }
}
