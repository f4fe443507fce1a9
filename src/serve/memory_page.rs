//! The memory page at `/memory`: fuzzy search and concordance (the answers `tm search` and
//! `tm concord` give, the same calls `GET /api/tm/search` and `/api/tm/concord` make), with
//! the part that matched marked; the memory's counts (`tm stats`); and, unless the server is
//! read only, an upload imported by `POST /api/tm/import`, its progress read from
//! `GET /api/tm/import/status` while it runs. Search works without JavaScript; the upload
//! needs it (a form cannot send a file as a request's body).

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::{Markup, PreEscaped, html};

use super::api::{Pairs, Params};
use super::page::layout;
use super::{Access, ApiError, Shared, blocking_memory};
use crate::answer::{self, ConcordanceAnswer, SearchAnswer};
use crate::memory::search::DiffOp;
use crate::memory::{ConcordanceQuery, MemoryStats, SearchQuery};

/// What the page found: a search's or a concordance's answer, and the memory's counts.
enum Found {
    Search(SearchAnswer),
    Concordance(ConcordanceAnswer),
    Nothing,
}

pub(super) async fn memory(State(app): State<Shared>, q: Pairs) -> Response {
    let p = match Params::new(q, &["q", "mode", "from", "to"]) {
        Ok(p) => p,
        Err(e) => return failed(&app, "", "", &e),
    };
    let text = p.get("q").unwrap_or("").to_string();
    let mode = p.get("mode").unwrap_or("search").trim().to_string();
    let query = match query(&p, &text, &mode) {
        Ok(q) => q,
        Err(e) => return failed(&app, &text, &mode, &e),
    };
    let done = blocking_memory(&app, Access::Read, move |s| {
        let found = match query {
            Query::Search(q) => Found::Search(s.search(&q)?),
            Query::Concordance(q) => Found::Concordance(s.concordance(&q)?),
            Query::None => Found::Nothing,
        };
        Ok((found, s.memory_stats()?))
    })
    .await;
    match done {
        Ok((found, stats)) => page(
            &app,
            &text,
            &mode,
            html! {
                @match &found {
                    Found::Search(a) => (search(a)),
                    Found::Concordance(a) => (concordance(a)),
                    Found::Nothing => {},
                }
                (counts(&stats))
            },
        )
        .into_response(),
        Err(e) => failed(&app, &text, &mode, &e),
    }
}

enum Query {
    Search(SearchQuery),
    Concordance(ConcordanceQuery),
    None,
}

/// The query the page asks: `tm search`'s with its defaults, or `tm concord`'s, which takes
/// no languages to translate between.
fn query(p: &Params, text: &str, mode: &str) -> Result<Query, ApiError> {
    if text.trim().is_empty() {
        return Ok(Query::None);
    }
    match mode {
        "search" => Ok(Query::Search(SearchQuery {
            text: text.to_string(),
            from: p.lang("from")?,
            to: p.lang("to")?,
            min: answer::SEARCH_MIN.default as u8,
            limit: answer::SEARCH_LIMIT.default as usize,
        })),
        "concord" => {
            if p.get("from").is_some() || p.get("to").is_some() {
                return Err(super::api::bad(
                    "a concordance finds the phrase in any language: leave from and to empty"
                        .into(),
                ));
            }
            Ok(Query::Concordance(ConcordanceQuery {
                text: text.to_string(),
                side: "both".parse()?,
                lang: None,
                limit: answer::CONCORDANCE_LIMIT.default as usize,
            }))
        }
        other => Err(super::api::bad(format!(
            "mode: {other:?} is neither search nor concord"
        ))),
    }
}

fn failed(app: &Shared, text: &str, mode: &str, e: &ApiError) -> Response {
    (
        e.status,
        page(app, text, mode, html! { p.error { (e.message) } }),
    )
        .into_response()
}

fn page(app: &Shared, text: &str, mode: &str, body: Markup) -> Markup {
    let form = html! {
        form method="get" action="/memory" role="search" {
            input type="search" name="q" value=(text) autofocus
                placeholder="a sentence to find, or a phrase" aria-label="sentence or phrase";
            select name="mode" aria-label="what to do" {
                option value="search" selected[mode != "concord"] { "fuzzy search" }
                option value="concord" selected[mode == "concord"] { "concordance" }
            }
            button type="submit" { "Search" }
        }
    };
    let body = html! {
        (body)
        (super::transfer::memory_exports())
        @if !app.pool.read_only { (upload()) }
    };
    layout("memory", form, body)
}

fn search(a: &SearchAnswer) -> Markup {
    html! {
        @if a.hits.is_empty() {
            p.none { "Nothing in the memory at " (a.min) "% or more." }
        }
        @for h in &a.hits {
            section.match.hit {
                p.how { (h.score) "%; unit " (h.unit) ", from " (h.origin)
                    @if !h.penalties.is_empty() { " (" (h.penalties.join(", ")) ")" } }
                p.source lang=(h.source.lang) {
                    span.lang { (h.source.lang) } " "
                    @for (piece, shared) in marked(&h.source.text, &h.diff) {
                        @if shared { mark { (piece) } } @else { (piece) }
                    }
                }
                ul { @for t in &h.targets {
                    li.term { span.lang { (t.lang) } " " span.text lang=(t.lang) { (t.text) } }
                } }
            }
        }
    }
}

/// The segment in pieces, each marked when the query has it too. The diff's words are the
/// segment's without the spaces between them: each is found in turn, and what lies between
/// is kept as it stands. A diff that does not fit the text (it never should) marks nothing.
fn marked<'a>(text: &'a str, diff: &[DiffOp]) -> Vec<(&'a str, bool)> {
    let mut pieces = Vec::new();
    let mut at = 0;
    for d in diff.iter().filter(|d| !d.memory.is_empty()) {
        let Some(i) = text[at..].find(&d.memory) else {
            return vec![(text, false)];
        };
        let end = at + i + d.memory.len();
        pieces.push((&text[at..at + i], false));
        pieces.push((&text[at + i..end], d.op == "equal"));
        at = end;
    }
    pieces.push((&text[at..], false));
    pieces.retain(|(p, _)| !p.is_empty());
    pieces
}

fn concordance(a: &ConcordanceAnswer) -> Markup {
    html! {
        @if a.hits.is_empty() {
            p.none { "No segment holds " q { (a.query) } "." }
        }
        @for h in &a.hits {
            @let (before, rest) = super::page::split_chars(&h.segment.text, h.start);
            @let (inside, after) = super::page::split_chars(rest, h.len);
            section.match.hit {
                p.how { "unit " (h.unit) ", from " (h.origin) }
                p.source lang=(h.segment.lang) {
                    span.lang { (h.segment.lang) } " " (before) mark { (inside) } (after)
                }
                ul { @for t in &h.translations {
                    li.term { span.lang { (t.lang) } " " span.text lang=(t.lang) { (t.text) } }
                } }
            }
        }
    }
}

fn counts(s: &MemoryStats) -> Markup {
    html! {
        section.stats {
            h2 { "The memory" }
            p { (s.units) " units, " (s.variants) " segments." }
            @if !s.by_pair.is_empty() {
                p.how { "By language pair: "
                    @for (i, (pair, n)) in s.by_pair.iter().enumerate() {
                        @if i > 0 { ", " } (pair) " " (n)
                    }
                }
            }
            @if !s.by_origin.is_empty() {
                p.how { "By origin: "
                    @for (i, (origin, n)) in s.by_origin.iter().enumerate() {
                        @if i > 0 { ", " } (origin) " " (n)
                    }
                }
            }
        }
    }
}

/// The upload: a file sent as the body of `POST /api/tm/import`, its progress polled.
fn upload() -> Markup {
    html! {
        section.import {
            h2 { "Import a file" }
            form.import id="import" {
                input type="file" name="file" accept=".tmx,.xlf,.xliff,.tsv,.csv,.txt"
                    aria-label="memory file" required;
                " "
                select name="format" aria-label="format" {
                    option value="" { "format from the name" }
                    option value="tmx" { "TMX" }
                    option value="xliff" { "XLIFF" }
                    option value="tsv" { "TSV" }
                    option value="csv" { "CSV" }
                }
                " "
                button type="submit" { "Import" }
            }
            p #progress role="status" aria-live="polite" {}
            noscript { p.none { "Importing from this page needs JavaScript; `concord tm import FILE` needs none." } }
            script { (PreEscaped(UPLOAD_SCRIPT)) }
        }
    }
}

/// Sends the file as the body (the API reads it as it arrives) and polls the status every
/// half second until the upload's answer comes.
const UPLOAD_SCRIPT: &str = r#"
document.getElementById('import').addEventListener('submit', async e => {
  e.preventDefault();
  const f = e.target, file = f.file.files[0], out = document.getElementById('progress');
  if (!file) return;
  const q = new URLSearchParams({name: file.name});
  if (f.format.value) q.set('format', f.format.value);
  const show = s => { out.textContent = s; };
  let done = false;
  const poll = async () => {
    while (!done) {
      try {
        const s = await (await fetch('/api/tm/import/status')).json();
        if (!done && s.running) show(`Importing ${file.name}: ${s.units} units so far, ${s.bytes_read} of ${file.size} bytes read`);
      } catch (_) {}
      await new Promise(r => setTimeout(r, 500));
    }
  };
  show(`Sending ${file.name}…`);
  poll();
  try {
    const r = await fetch('/api/tm/import?' + q, {method: 'POST', body: file});
    const a = await r.json();
    done = true;
    if (!r.ok) { show(`Not imported: ${a.error}`); return; }
    const n = a.files.reduce((s, x) => s + x.imported, 0);
    show(`Imported ${file.name}: ${n} unit${n === 1 ? '' : 's'} imported.`);
  } catch (err) { done = true; show(`Not imported: ${err}`); }
});
"#;
