//! The page at `/glossary/add`: add a concept with a term in each of two languages, as
//! `concord glossary add` does (the same call `POST /api/glossary` makes). A plain form. On
//! success it goes to the lookup page for the new term, so the translator sees it as lookup
//! will answer it from then on; a concept that brings nothing new to one the glossary has is
//! refused with the CLI's message, as UNTERM refuses a duplicate entry.

use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::page::layout;
use super::write::not_while_importing;
use super::{Access, ApiError, Shared, blocking_glossary};
use crate::glossary::{self, AddRequest, TermSpec};

/// What the form posts.
#[derive(Deserialize)]
// A field the page does not have is refused, not dropped.
#[serde(deny_unknown_fields)]
pub(super) struct AddForm {
    #[serde(default = "english")]
    lang1: String,
    #[serde(default)]
    text1: String,
    #[serde(default = "chinese")]
    lang2: String,
    #[serde(default)]
    text2: String,
    #[serde(default)]
    note: String,
    /// The checkbox: present ("on") when ticked.
    #[serde(default)]
    separate: Option<String>,
}

fn english() -> String {
    "en".into()
}

fn chinese() -> String {
    "zh-CN".into()
}

impl Default for AddForm {
    fn default() -> AddForm {
        AddForm {
            lang1: english(),
            text1: String::new(),
            lang2: chinese(),
            text2: String::new(),
            note: String::new(),
            separate: None,
        }
    }
}

pub(super) async fn form() -> Markup {
    page(&AddForm::default(), html! {})
}

pub(super) async fn add(
    State(app): State<Shared>,
    form: Result<Form<AddForm>, FormRejection>,
) -> Response {
    let f = match form {
        Ok(Form(f)) => f,
        Err(e) => {
            return failed(
                &AddForm::default(),
                &ApiError::new(e.status(), e.body_text()),
            );
        }
    };
    let req = match request(&f) {
        Ok(r) => r,
        Err(e) => return failed(&f, &e.into()),
    };
    if let Err(e) = not_while_importing(&app) {
        return failed(&f, &e);
    }
    match blocking_glossary(&app, Access::Write, move |s| glossary::add(s, &req)).await {
        // See Other: a reload of the answer does not post the form again.
        Ok(_) => {
            let to = format!("/?q={}", urlencode(f.text1.trim()));
            (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response()
        }
        Err(e) => failed(&f, &e),
    }
}

/// The terms as `glossary add` takes them: `LANG=TEXT`, checked by the same parser.
fn request(f: &AddForm) -> crate::error::Result<AddRequest> {
    let mut terms = Vec::new();
    for (lang, text) in [(&f.lang1, &f.text1), (&f.lang2, &f.text2)] {
        if !text.trim().is_empty() {
            terms.push(TermSpec::parse(&format!(
                "{}={}",
                lang.trim(),
                text.trim()
            ))?);
        }
    }
    if terms.is_empty() {
        return Err(crate::error::Error::Invalid(
            "give a term in at least one language".into(),
        ));
    }
    let note = f.note.trim();
    Ok(AddRequest {
        note: (!note.is_empty()).then(|| note.to_string()),
        separate: f.separate.is_some(),
        ..AddRequest::new(terms)
    })
}

fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn failed(f: &AddForm, e: &ApiError) -> Response {
    (e.status, page(f, html! { p.error { (e.message) } })).into_response()
}

fn page(f: &AddForm, body: Markup) -> Markup {
    let form = html! {
        form.add method="post" action="/glossary/add" {
            div {
                input name="lang1" value=(f.lang1) size="6" aria-label="first language";
                " "
                input name="text1" value=(f.text1) size="40" autofocus aria-label="term"
                    placeholder="term, e.g. Mayor";
            }
            div {
                input name="lang2" value=(f.lang2) size="6" aria-label="second language";
                " "
                input name="text2" value=(f.text2) size="40" aria-label="rendering"
                    placeholder="rendering, e.g. 市长";
            }
            div {
                input name="note" value=(f.note) size="48" aria-label="note"
                    placeholder="usage note (optional)";
                " "
                button type="submit" { "Add" }
            }
            div {
                label {
                    input type="checkbox" name="separate" checked[f.separate.is_some()];
                    " a separate concept, even where another holds these terms"
                }
            }
        }
    };
    layout("add a term", form, body)
}
