//! The lookup page at `/`: one search box (a GET form, so it works without JavaScript) and the
//! same answer `GET /api/lookup` gives, as HTML. maud escapes every string it is given, so a
//! term stored as `<script>` shows as text.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};

use super::api::{LOOKUP_PARAMS, Params, lookup_query};
use super::{Access, Shared, blocking_memory};
use crate::answer::LookupAnswer;
use crate::glossary::Status;
use crate::glossary::lookup::{LookupMatch, RenderedTerm};
use crate::memory::suggest::Evidence;

pub(super) async fn lookup(
    State(app): State<Shared>,
    q: Result<
        axum::extract::Query<Vec<(String, String)>>,
        axum::extract::rejection::QueryRejection,
    >,
) -> Response {
    let params = match Params::new(q, LOOKUP_PARAMS) {
        Ok(p) => p,
        Err(e) => return failed(e.status, "", &e.message),
    };
    let text = params.get("q").unwrap_or("").to_string();
    if text.is_empty() {
        return page(&text, html! {}).into_response();
    }
    let query = match lookup_query(&params) {
        Ok(q) => q,
        Err(e) => return failed(e.status, &text, &e.message),
    };
    match blocking_memory(&app, Access::Read, move |o| o.lookup(&query)).await {
        Ok(a) => page(&text, results(&a)).into_response(),
        Err(e) => failed(e.status, &text, &e.message),
    }
}

fn failed(status: StatusCode, text: &str, message: &str) -> Response {
    (status, page(text, html! { p.error { (message) } })).into_response()
}

const STYLE: &str = r#"
body { font: 16px/1.5 system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       max-width: 48rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
form { display: flex; gap: .5rem; margin-bottom: 1.5rem; }
input[name=q] { flex: 1; font-size: 1.2rem; padding: .4rem .6rem; }
button { font-size: 1rem; padding: .4rem 1rem; }
.match { border-top: 1px solid #ddd; padding: .75rem 0; }
.how, .lang, .status, .memory, .none { color: #666; font-size: .9rem; }
.lang { display: inline-block; min-width: 3.5rem; }
ul { list-style: none; padding-left: 0; margin: .25rem 0; }
li.term { padding: .1rem 0; }
.text { font-size: 1.1rem; }
del { color: #a00; }
.warning, .error { color: #a00; }
mark { background: #fe8; }
nav { margin-bottom: 1rem; font-size: .9rem; }
form.check, form.add { display: block; }
form.add div { margin-bottom: .4rem; }
textarea { width: 100%; box-sizing: border-box; font: inherit; padding: .4rem; }
table.segments { border-collapse: collapse; width: 100%; }
.segments td, .segments th { border-bottom: 1px solid #ddd; padding: .4rem; vertical-align: top; text-align: left; }
.segments td.n { color: #888; width: 3rem; }
tr.clean td { color: #666; }
mark.term-missing, mark.term-deprecated { background: #f8b4b4; }
mark.inconsistent { background: #fde68a; }
mark.number-mismatch { background: #bfdbfe; }
mark.term-kept, mark.script-mismatch { background: #ddd6fe; }
ul.findings { margin: .2rem 0 0 0; padding-left: 1.2rem; font-size: .9rem; list-style: disc; }
li.error { color: #991b1b; } li.warning { color: #92400e; } li.info { color: #1e40af; }
details.edit { display: inline; margin-left: .4rem; font-size: .9rem; }
details.edit[open] { display: block; }
form.edit { display: flex; flex-wrap: wrap; gap: .3rem; margin: .3rem 0; }
form[role=search] select, form[role=search] input[name=lang] { font-size: 1rem; }
nav.pages { margin-top: 1rem; }
button.copy { font-size: .8rem; padding: 0 .4rem; margin-left: .4rem; }
"#;

/// What JavaScript adds, where there is JavaScript: a copy button beside each rendering (the
/// page is whole without it), and `/` to go back to the search box from anywhere on the page,
/// so that a translator never reaches for the mouse.
const SCRIPT: &str = r#"
const box = document.querySelector('input[name=q]');
document.addEventListener('keydown', e => {
  // Not while typing: `/` belongs to a draft in the check page's text area.
  if (!box || e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey
      || e.target.closest('input, textarea, select, [contenteditable]')) return;
  e.preventDefault(); box.focus(); box.select();
});
// The check page: a file chosen is read into the text area, its format told by its name,
// and the form then posts it as it posts a pasted draft.
const file = document.getElementById('draft-file');
if (file) file.addEventListener('change', async () => {
  const chosen = file.files[0], f = file.form;
  if (!chosen) return;
  f.draft.value = await chosen.text();
  f.elements['name'].value = chosen.name;
  const ext = chosen.name.split('.').pop().toLowerCase();
  f.format.value = ext === 'tmx' ? 'tmx' : /^(xlf|xliff|sdlxliff)$/.test(ext) ? 'xliff' : 'tsv';
});
// An ignore list or a baseline chosen as a file is read into its text area, named as the
// CLI names the file it is given.
for (const side of document.querySelectorAll('input.side-file')) {
  side.addEventListener('change', async () => {
    const chosen = side.files[0], f = side.form, into = side.dataset.into;
    if (!chosen) return;
    f.elements[into].value = await chosen.text();
    f.elements[into + '_name'].value = chosen.name;
  });
}
if (navigator.clipboard) {
  for (const t of document.querySelectorAll('li.term span.text')) {
    const b = document.createElement('button');
    b.type = 'button'; b.className = 'copy'; b.textContent = 'copy';
    b.setAttribute('aria-label', 'copy ' + t.textContent);
    b.addEventListener('click', () => navigator.clipboard.writeText(t.textContent).then(
      () => { b.textContent = 'copied'; }, () => { b.textContent = 'not copied'; }));
    t.after(b);
  }
}
"#;

fn page(text: &str, body: Markup) -> Markup {
    let form = html! {
        form method="get" action="/" role="search" {
            input type="search" name="q" value=(text) autofocus
                placeholder="a term, in English or Chinese" aria-label="term";
            button type="submit" { "Look up" }
        }
    };
    layout(text, form, body)
}

/// Every page's frame: its title, the links between the pages, its form and what the form
/// found.
pub(super) fn layout(title: &str, form: Markup, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { @if title.is_empty() { "concord" } @else { (title) " · concord" } }
                style { (maud::PreEscaped(STYLE)) }
            }
            body {
                nav {
                    a href="/" { "Look up" } " · " a href="/check" { "Check a draft" }
                    " · " a href="/glossary" { "Glossary" }
                    " · " a href="/memory" { "Memory" }
                    " · " a href="/glossary/add" { "Add a term" }
                }
                (form)
                main { (body) }
                script { (maud::PreEscaped(SCRIPT)) }
            }
        }
    }
}

fn results(a: &LookupAnswer) -> Markup {
    html! {
        @if a.matches.is_empty() {
            p.none { "No glossary entry for " q { (a.query) } "." }
            @for e in &a.memory { (evidence(&e.evidence)) }
        }
        @for m in &a.matches {
            section.match {
                (heading(m, &a.query))
                @if let Some(instead) = &m.use_instead {
                    p.warning { (m.matched_term) " is " (m.matched_status) ": use " strong { (instead) } }
                }
                @if m.terms.is_empty() {
                    p.none {
                        "No rendering in the language asked for"
                        @if !m.other_languages.is_empty() {
                            " (it has "
                            (m.other_languages.iter().map(|l| l.as_str()).collect::<Vec<_>>().join(", "))
                            ")"
                        }
                        "."
                    }
                }
                ul { @for t in &m.terms { (term(t)) } }
                @if let Some(d) = &m.definition { p { "Definition: " (d) } }
                @if let Some(n) = &m.note { p { "Note: " (n) } }
                @if let Some(e) = a.memory.iter().find(|e| e.concept == Some(m.concept)) {
                    (evidence(&e.evidence))
                }
            }
        }
    }
}

/// The matched term, how it matched, and for a term found inside a longer query, the query
/// with that part marked.
fn heading(m: &LookupMatch, query: &str) -> Markup {
    let how = match m.kind.as_str() {
        "fuzzy" => format!("fuzzy {}%", m.score),
        k => k.to_string(),
    };
    html! {
        h2 {
            span.text { (m.matched_term) } " "
            span.lang { "[" (m.matched_lang) "]" }
        }
        p.how {
            (how) "; concept " (m.concept)
            @if let Some(s) = &m.subject { ", " (s) }
            @if let Some(w) = &m.within {
                ": "
                @let (before, rest) = split_chars(query, w.start);
                @let (inside, after) = split_chars(rest, w.len);
                (before) mark { (inside) } (after)
            }
        }
    }
}

/// `text` split after `n` characters (not bytes: the positions the library gives are in
/// characters).
pub(super) fn split_chars(text: &str, n: usize) -> (&str, &str) {
    let at = text.char_indices().nth(n).map_or(text.len(), |(i, _)| i);
    text.split_at(at)
}

fn term(t: &RenderedTerm) -> Markup {
    let approved = matches!(t.term.status, Status::Preferred | Status::Admitted);
    html! {
        li.term {
            span.lang { (t.term.lang) } " "
            @if approved {
                span.text lang=(t.term.lang) { (t.term.text) }
            } @else {
                del.text lang=(t.term.lang) { (t.term.text) }
            }
            " " span.status { (t.term.status) }
            @if let Some(ty) = t.term.term_type { span.status { ", " (ty) } }
            @if !approved {
                span.warning {
                    " do not use"
                    @if let Some(instead) = &t.use_instead { "; use " strong { (instead) } }
                }
            }
            @if let Some(n) = &t.term.note { br; span.status { "note: " (n) } }
        }
    }
}

fn evidence(e: &Evidence) -> Markup {
    let sampled = if e.sampled { ", a sample" } else { "" };
    html! {
        p.memory {
            @if e.units == 0 {
                "In the memory: no unit contains " (e.term) "."
            } @else {
                "In the memory (" (e.units) " units holding " (e.term) (sampled) "): "
                @for (i, r) in e.renderings.iter().filter(|r| r.units > 0).enumerate() {
                    @if i > 0 { ", " }
                    @if r.deprecated { del { (r.text) } } @else { (r.text) }
                    " " (r.units)
                }
                @for (i, o) in e.others.iter().enumerate() {
                    @if i > 0 || e.renderings.iter().any(|r| r.units > 0) { ", " }
                    (o.text) " " (o.count)
                }
            }
        }
        @for r in e.renderings.iter().filter(|r| r.deprecated && r.units > 0) {
            p.warning { "The memory uses the deprecated " (r.text) " in " (r.units) " of " (e.units) " units." }
        }
    }
}
