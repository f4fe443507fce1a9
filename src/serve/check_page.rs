//! The check page at `/check`: paste a draft (TSV, source TAB target per line), post the form,
//! and see its segments side by side with the findings' spans marked and each finding listed,
//! as `concord check` finds them (the same call `POST /api/check` makes). A plain form: it
//! works without JavaScript. Every text is escaped: maud escapes what it is given, and the
//! marked segments are the HTML report's, which escapes them.

use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;

use super::page::layout;
use super::{Access, ApiError, Shared, blocking_glossary};
use crate::check::suppress::{Baseline, IgnoreList, Suppression};
use crate::check::{self, CheckId, CheckOptions, CheckReport, Document, report};
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
    /// tsv (pasted), xliff or tmx (a file read into the text area).
    #[serde(default)]
    format: String,
    /// The file's name, which findings carry as `concord check FILE` gives them.
    #[serde(default)]
    name: String,
    /// Show only this check's findings.
    #[serde(default)]
    only: String,
    /// `json` or `html`: the report to download instead of the page (the button pressed).
    #[serde(default)]
    download: String,
    /// An ignore list's text (CHECK TAB TERM [TAB SEGMENT] lines), as `--ignore FILE` reads
    /// it, and the file's name, which its errors give.
    #[serde(default)]
    ignore: String,
    #[serde(default)]
    ignore_name: String,
    /// An earlier `concord check --json` output, as `--baseline FILE` reads it, and its name.
    #[serde(default)]
    baseline: String,
    #[serde(default)]
    baseline_name: String,
}

/// The names an ignore list and a baseline pasted rather than chosen as files go by.
const IGNORE_NAME: &str = "ignore";
const BASELINE_NAME: &str = "baseline";

/// What to leave out, as `concord check --ignore FILE --baseline FILE` reads it: a list or a
/// baseline is given when its text or its file's name is.
fn suppression(f: &CheckForm) -> crate::error::Result<Suppression> {
    let named = |name: &str, default: &str| match name.trim() {
        "" => default.to_string(),
        n => n.to_string(),
    };
    let mut ignore = IgnoreList::default();
    if !f.ignore.is_empty() || !f.ignore_name.trim().is_empty() {
        ignore.add(&named(&f.ignore_name, IGNORE_NAME), &f.ignore)?;
    }
    let baseline = (!f.baseline.is_empty() || !f.baseline_name.trim().is_empty())
        .then(|| Baseline::parse(&named(&f.baseline_name, BASELINE_NAME), &f.baseline))
        .transpose()?;
    Ok(Suppression { ignore, baseline })
}

/// The draft formats the page takes, by the form's name for them.
const FORMATS: &[(&str, DraftFormat)] = &[
    ("tsv", DraftFormat::Tsv),
    ("xliff", DraftFormat::Xliff),
    ("tmx", DraftFormat::Tmx),
];

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
    let format = match f.format.trim() {
        "" => Ok(DraftFormat::Tsv),
        given => FORMATS
            .iter()
            .find(|(n, _)| *n == given)
            .map(|(_, d)| *d)
            .ok_or_else(|| {
                super::api::bad(format!("format: {given:?} is not one of tsv, xliff, tmx"))
            }),
    };
    let only = match f.only.trim() {
        "" => Ok(None),
        c => CheckId::parse(c)
            .map(Some)
            .ok_or_else(|| super::api::bad(format!("only: {c:?} is not a check"))),
    };
    let download = match f.download.as_str() {
        "" | "json" | "html" => Ok(f.download.clone()),
        d => Err(super::api::bad(format!(
            "download: {d:?} is neither json nor html"
        ))),
    };
    let (opts, only, download) = match (
        lang(&f.from, "from"),
        lang(&f.to, "to"),
        format,
        only,
        download,
    ) {
        (Ok(from), Ok(to), Ok(format), Ok(only), Ok(download)) => (
            DraftOptions {
                format: Some(format),
                from,
                to,
                ..DraftOptions::default()
            },
            only,
            download,
        ),
        (Err(e), ..) | (_, Err(e), ..) | (.., Err(e), _, _) | (.., Err(e), _) | (.., Err(e)) => {
            return failed(&f, &e);
        }
    };
    let bytes = f.draft.clone().into_bytes();
    let name = match f.name.trim() {
        "" => DRAFT_NAME.to_string(),
        n => n.to_string(),
    };
    let check_opts = match suppression(&f) {
        Ok(suppression) => CheckOptions {
            suppression,
            ..CheckOptions::default()
        },
        Err(e) => return failed(&f, &ApiError::from(e)),
    };
    let checked = blocking_glossary(&app, Access::Cache, move |s| {
        let doc = document::open_draft_bytes(&name, bytes, &opts)?;
        let r = check::run(s, &doc, &check_opts)?;
        Ok((doc, r))
    })
    .await;
    let (doc, r) = match checked {
        Ok(c) => c,
        Err(e) => return failed(&f, &e),
    };
    match download.as_str() {
        "json" => attachment(&doc, "json", "application/json", |out| {
            crate::answer::write_json(out, &r).map_err(std::io::Error::other)
        }),
        "html" => attachment(&doc, "html", "text/html; charset=utf-8", |out| {
            report::html(out, &doc, &r)
        }),
        _ => page(&f, html! { (groups(&r, only)) (segments(&doc, &r, only)) }).into_response(),
    }
}

/// A report as a file to save: the bytes `concord check --json` prints or `--html` writes.
fn attachment(
    doc: &Document,
    ext: &str,
    media: &'static str,
    write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>,
) -> Response {
    let mut body = Vec::new();
    if let Err(e) = write(&mut body) {
        return (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response();
    }
    // The header's file name: the draft's stem, in characters a header may carry.
    let stem: String = std::path::Path::new(&doc.name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    let stem = if stem.is_empty() { DRAFT_NAME } else { &stem };
    (
        [
            (header::CONTENT_TYPE, media.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{stem}.check.{ext}\""),
            ),
        ],
        body,
    )
        .into_response()
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
                label { "or a file " input #draft-file type="file" accept=".tsv,.txt,.xlf,.xliff,.sdlxliff,.tmx"; }
                input type="hidden" name="name" value=(f.name);
                " "
                label { "format " select name="format" {
                    @for (n, _) in FORMATS { option value=(n) selected[*n == f.format] { (n) } }
                } }
            }
            div {
                label { "from " input name="from" value=(f.from) size="6" placeholder="en"; }
                " "
                label { "to " input name="to" value=(f.to) size="6" placeholder="zh-CN"; }
                " "
                label { "show " select name="only" aria-label="show only one check" {
                    option value="" { "every check" }
                    @for c in CheckId::ALL {
                        option value=(c.as_str()) selected[c.as_str() == f.only] { (c.as_str()) }
                    }
                } }
                " "
                button type="submit" { "Check" }
                " "
                button type="submit" name="download" value="json" { "Download JSON" }
                " "
                button type="submit" name="download" value="html" { "Download HTML" }
            }
            details open[!f.ignore.is_empty() || !f.baseline.is_empty()] {
                summary { "Leave findings out: an ignore list, a baseline" }
                div {
                    label { "ignore list " input.side-file data-into="ignore" type="file" accept=".tsv,.txt,.concord-ignore"; }
                    input type="hidden" name="ignore_name" value=(f.ignore_name);
                    textarea name="ignore" rows="3" aria-label="ignore list"
                        placeholder="CHECK TAB TERM [TAB SEGMENT] per line, as concord check --ignore reads" { (f.ignore) }
                }
                div {
                    label { "baseline " input.side-file data-into="baseline" type="file" accept=".json"; }
                    input type="hidden" name="baseline_name" value=(f.baseline_name);
                    textarea name="baseline" rows="3" aria-label="baseline"
                        placeholder="an earlier concord check --json output: only findings not in it are shown" { (f.baseline) }
                }
            }
        }
    };
    layout("check a draft", form, body)
}

/// The findings grouped as `concord check` groups them (the same term wrong the same way in
/// many segments is one line), those in the most segments first.
fn groups(r: &CheckReport, only: Option<CheckId>) -> Markup {
    let shown: Vec<_> = r
        .groups
        .iter()
        .filter(|g| only.is_none_or(|c| g.check == c))
        .collect();
    html! {
        @if !shown.is_empty() {
            section.groups {
                h2 { "Grouped" }
                ul.findings {
                    @for g in shown {
                        li class={ "group " (g.severity.as_str()) } {
                            (g.severity.as_str()) "[" (g.check.as_str()) "] "
                            @if let Some(t) = &g.source_term { (t) }
                            @if let Some(t) = &g.target_term { " → " (t) }
                            @if !g.expected.is_empty() { " (expected " (g.expected.join(", ")) ")" }
                            ": " (g.count) " in " (g.segments) " segments, lines "
                            (g.findings.iter().map(|&i| r.findings[i].line.to_string()).collect::<Vec<_>>().join(", "))
                        }
                    }
                }
            }
        }
    }
}

fn segments(doc: &Document, r: &CheckReport, only: Option<CheckId>) -> Markup {
    let s = &r.summary;
    let left_out = &r.summary.suppressed;
    html! {
        p.summary {
            (s.segments) " segments: " (s.errors) " errors, " (s.warnings) " warnings, "
            (s.infos) " info."
            @if left_out.ignored > 0 { " " (left_out.ignored) " left out by the ignore list." }
            @if left_out.baseline > 0 { " " (left_out.baseline) " left out as in the baseline." }
        }
        table.segments {
            thead { tr { th { "line" } th { "source" } th { "target" } } }
            tbody {
                @for seg in &doc.segments {
                    @let fs: Vec<_> = r.findings.iter()
                        .filter(|f| f.line == seg.line && only.is_none_or(|c| f.check == c))
                        .collect();
                    @if only.is_none() || !fs.is_empty() {
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
}
