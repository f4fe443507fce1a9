//! The check page at `/check`: paste a draft (TSV, source TAB target per line), post the form,
//! and see its segments side by side with the findings' spans marked and each finding listed,
//! as `concord check` finds them (the same call `POST /api/check` makes). A plain form: it
//! works without JavaScript. Every text is escaped: maud escapes what it is given, and the
//! marked segments are the HTML report's, which escapes them.

use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::response::{IntoResponse, Response};
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;

use super::page::layout;
use super::{Access, ApiError, Shared, blocking};
use crate::check::{self, CheckOptions, CheckReport, Document, report};
use crate::document::{self, DraftFormat, DraftOptions};
use crate::text::LangTag;

/// What the form posts; the languages may be left blank.
#[derive(Default, Deserialize)]
// A field the page does not have is refused, not dropped.
#[serde(deny_unknown_fields)]
pub(super) struct CheckForm {
    #[serde(default)]
    draft: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

/// The name the pasted draft goes by in findings.
const DRAFT_NAME: &str = "draft";

pub(super) async fn form() -> Markup {
    page(&CheckForm::default(), html! {})
}

pub(super) async fn check(
    State(app): State<Shared>,
    form: Result<Form<CheckForm>, FormRejection>,
) -> Response {
    let f = match form {
        Ok(Form(f)) => f,
        Err(e) => {
            let shown = CheckForm::default();
            return failed(&shown, &ApiError::new(e.status(), e.body_text()));
        }
    };
    let lang = |v: &str, name: &str| -> Result<Option<LangTag>, ApiError> {
        let v = v.trim();
        if v.is_empty() {
            return Ok(None);
        }
        v.parse::<LangTag>()
            .map(Some)
            .map_err(|e| super::api::bad(format!("{name}: {e}")))
    };
    let opts = match (lang(&f.from, "from"), lang(&f.to, "to")) {
        (Ok(from), Ok(to)) => DraftOptions {
            format: Some(DraftFormat::Tsv),
            from,
            to,
            ..DraftOptions::default()
        },
        (Err(e), _) | (_, Err(e)) => return failed(&f, &e),
    };
    let bytes = f.draft.clone().into_bytes();
    let checked = blocking(&app, Access::Cache, move |s| {
        let doc = document::open_draft_bytes(DRAFT_NAME, bytes, &opts)?;
        let r = check::run(s, &doc, &CheckOptions::default())?;
        Ok((doc, r))
    })
    .await;
    match checked {
        Ok((doc, r)) => page(&f, segments(&doc, &r)).into_response(),
        Err(e) => failed(&f, &e),
    }
}

fn failed(f: &CheckForm, e: &ApiError) -> Response {
    (e.status, page(f, html! { p.error { (e.message) } })).into_response()
}

fn page(f: &CheckForm, body: Markup) -> Markup {
    let form = html! {
        form.check method="post" action="/check" {
            textarea name="draft" rows="10" autofocus required
                placeholder="source TAB target, a segment per line; a first line en TAB zh-CN names the languages"
                aria-label="draft" { (f.draft) }
            div {
                label { "from " input name="from" value=(f.from) size="6" placeholder="en"; }
                " "
                label { "to " input name="to" value=(f.to) size="6" placeholder="zh-CN"; }
                " "
                button type="submit" { "Check" }
            }
        }
    };
    layout("check a draft", form, body)
}

fn segments(doc: &Document, r: &CheckReport) -> Markup {
    let s = &r.summary;
    html! {
        p.summary {
            (s.segments) " segments: " (s.errors) " errors, " (s.warnings) " warnings, "
            (s.infos) " info."
        }
        table.segments {
            thead { tr { th { "line" } th { "source" } th { "target" } } }
            tbody {
                @for seg in &doc.segments {
                    @let fs: Vec<_> = r.findings.iter().filter(|f| f.line == seg.line).collect();
                    @let (source, target) = report::marked_segment(seg, &fs);
                    tr class=[fs.is_empty().then_some("clean")] {
                        td.n { (seg.line) }
                        td lang=[doc.source_lang.as_ref().map(|l| l.as_str())] { (PreEscaped(source)) }
                        td lang=(doc.target_lang.as_str()) {
                            (PreEscaped(target))
                            @if !fs.is_empty() {
                                ul.findings {
                                    @for f in &fs {
                                        li class=(f.severity.as_str()) {
                                            (f.severity.as_str()) "[" (f.check.as_str()) "] " (f.message)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
