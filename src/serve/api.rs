//! The JSON API: one route per CLI command that answers a question, each reading its
//! parameters as the command reads its options (the same bounds and parsers) and answering
//! with the value the command prints with `--json`.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};

use super::{
    Access, ApiError, Shared, blocking_glossary, blocking_memory, check_api, json_response,
};
use crate::answer::{self, Bounded};
use crate::check::suppress::Suppression;
use crate::check::{self, CheckOptions};
use crate::document::{self, DraftFormat, DraftOptions};
use crate::error::Error;
use crate::glossary::{self, ConceptRef, LookupQuery};
use crate::memory::{ConcordanceQuery, SearchQuery, SuggestQuery};
use crate::text::LangTag;

/// The OpenAPI document: every route (these and `write`'s), its parameters and answers.
pub(super) const OPENAPI: &str = include_str!("openapi.json");

/// Every API route that reads: its path, its method (as the OpenAPI document names it) and
/// its handler.
pub(super) fn routes() -> Vec<(&'static str, &'static str, MethodRouter<Shared>)> {
    vec![
        ("/api/lookup", "get", get(lookup)),
        ("/api/tm/search", "get", get(search)),
        ("/api/tm/concord", "get", get(concordance)),
        ("/api/tm/stats", "get", get(stats)),
        ("/api/suggest", "get", get(suggest)),
        ("/api/check", "post", post(check)),
        ("/api/glossary", "get", get(list)),
        ("/api/glossary/{id}", "get", get(show)),
        ("/api/openapi.json", "get", get(openapi)),
    ]
}

pub(super) type Answer = Result<Response, ApiError>;
pub(super) type Pairs = Result<Query<Vec<(String, String)>>, QueryRejection>;

/// A request's query parameters, each named at most once and each one the route takes: a
/// misspelt parameter is an error, never silently ignored.
pub(super) struct Params(Vec<(String, String)>);

impl Params {
    pub(super) fn new(pairs: Pairs, takes: &[&str]) -> Result<Params, ApiError> {
        Params::repeating(pairs, takes, &[])
    }

    /// As [`Params::new`], with the parameters in `repeats` allowed more than once (as an
    /// option that takes several values is given several times).
    pub(super) fn repeating(
        pairs: Pairs,
        takes: &[&str],
        repeats: &[&str],
    ) -> Result<Params, ApiError> {
        let Query(pairs) =
            pairs.map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, e.body_text()))?;
        for (i, (name, _)) in pairs.iter().enumerate() {
            if !takes.contains(&name.as_str()) {
                let takes = if takes.is_empty() {
                    "none".to_string()
                } else {
                    takes.join(", ")
                };
                return Err(bad(format!(
                    "unknown parameter {name:?} (this route takes: {takes})"
                )));
            }
            if !repeats.contains(&name.as_str()) && pairs[..i].iter().any(|(n, _)| n == name) {
                return Err(bad(format!("parameter {name:?} is given twice")));
            }
        }
        Ok(Params(pairs))
    }

    /// A parameter's value; an empty one (`from=` of a form left blank) is not given.
    pub(super) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, v)| n == name && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a parameter given more than once, in order.
    pub(super) fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> {
        self.0
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// A yes-or-no parameter, as a command-line flag: absent is false.
    pub(super) fn flag(&self, name: &str) -> Result<bool, ApiError> {
        match self.get(name).map(str::trim) {
            None | Some("false") | Some("0") => Ok(false),
            Some("true") | Some("1") => Ok(true),
            Some(v) => Err(bad(format!("{name}: {v:?} is neither true nor false"))),
        }
    }

    pub(super) fn required(&self, name: &str) -> Result<String, ApiError> {
        self.get(name)
            .map(str::to_string)
            .ok_or_else(|| bad(format!("parameter {name:?} is required")))
    }

    /// A language tag, read as `--from`/`--to`/`--lang` read it.
    pub(super) fn lang(&self, name: &str) -> Result<Option<LangTag>, ApiError> {
        self.get(name)
            .map(|v| {
                v.parse::<LangTag>()
                    .map_err(|e| bad(format!("{name}: {e}")))
            })
            .transpose()
    }

    pub(super) fn number(&self, name: &str, bounds: &Bounded) -> Result<i64, ApiError> {
        Ok(bounds.read(name, self.get(name))?)
    }
}

pub(super) fn bad(message: String) -> ApiError {
    ApiError::from(Error::Invalid(message))
}

pub(super) fn ok<T: serde::Serialize>(value: &T) -> Answer {
    Ok(json_response(StatusCode::OK, value))
}

/// `concord lookup`'s query from the page's or the API's parameters.
pub(super) fn lookup_query(p: &Params) -> Result<LookupQuery, ApiError> {
    Ok(LookupQuery {
        text: p.required("q")?,
        from: p.lang("from")?,
        to: p.lang("to")?,
        limit: p.number("limit", &answer::LOOKUP_LIMIT)? as usize,
        fuzzy_min: p.number("fuzzy_min", &answer::FUZZY_MIN)? as u8,
    })
}

/// The parameters `GET /api/lookup` and the page take.
pub(super) const LOOKUP_PARAMS: &[&str] = &["q", "from", "to", "limit", "fuzzy_min"];

async fn lookup(State(app): State<Shared>, q: Pairs) -> Answer {
    let query = lookup_query(&Params::new(q, LOOKUP_PARAMS)?)?;
    let a = blocking_memory(&app, Access::Read, move |o| o.lookup(&query)).await?;
    ok(&a)
}

async fn search(State(app): State<Shared>, q: Pairs) -> Answer {
    let p = Params::new(q, &["q", "from", "to", "min", "limit"])?;
    let query = SearchQuery {
        text: p.required("q")?,
        from: p.lang("from")?,
        to: p.lang("to")?,
        min: p.number("min", &answer::SEARCH_MIN)? as u8,
        limit: p.number("limit", &answer::SEARCH_LIMIT)? as usize,
    };
    let a = blocking_memory(&app, Access::Read, move |s| s.search(&query)).await?;
    ok(&a)
}

async fn concordance(State(app): State<Shared>, q: Pairs) -> Answer {
    let p = Params::new(q, &["q", "in", "lang", "limit"])?;
    let query = ConcordanceQuery {
        text: p.required("q")?,
        side: p.get("in").unwrap_or("both").parse()?,
        lang: p.lang("lang")?,
        limit: p.number("limit", &answer::CONCORDANCE_LIMIT)? as usize,
    };
    let a = blocking_memory(&app, Access::Read, move |s| s.concordance(&query)).await?;
    ok(&a)
}

async fn suggest(State(app): State<Shared>, q: Pairs) -> Answer {
    let p = Params::new(q, &["q", "from", "to", "limit"])?;
    let query = SuggestQuery {
        from: p.lang("from")?,
        to: p.lang("to")?,
        limit: p.number("limit", &answer::SUGGEST_LIMIT)? as usize,
        ..SuggestQuery::new(p.required("q")?)
    };
    let a = blocking_memory(&app, Access::Read, move |o| o.suggest(&query)).await?;
    ok(&a)
}

async fn stats(State(app): State<Shared>, q: Pairs) -> Answer {
    Params::new(q, &[])?;
    let a = blocking_memory(&app, Access::Read, |s| s.memory_stats()).await?;
    ok(&a)
}

/// The name a draft sent as a body goes by in messages, as standard input does for
/// `concord check -`.
const BODY_NAME: &str = "<stdin>";

/// A body's media type: its `Content-Type` without parameters (`; charset=utf-8`).
pub(super) fn media_type(headers: &HeaderMap) -> &str {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
}

/// The draft formats by the media types a body is sent as.
const DRAFT_TYPES: &[(&str, DraftFormat)] = &[
    ("text/tab-separated-values", DraftFormat::Tsv),
    ("application/xliff+xml", DraftFormat::Xliff),
    ("application/x-tmx+xml", DraftFormat::Tmx),
];

/// The media type of a body whose fields are the draft, its ignore lists and its baseline.
const FORM_TYPE: &str = "application/x-www-form-urlencoded";

/// `concord check - --format tsv|xliff|tmx --json` on the body's bytes, the format told by
/// the body's media type; or, from a form body, `concord check - [--format F] --ignore FILE
/// --baseline FILE --json` on its fields.
async fn check(
    State(app): State<Shared>,
    q: Pairs,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Answer {
    let p = Params::new(q, &["from", "to"])?;
    let media = media_type(&headers);
    let form = media.eq_ignore_ascii_case(FORM_TYPE);
    let format = DRAFT_TYPES
        .iter()
        .find(|(t, _)| media.eq_ignore_ascii_case(t))
        .map(|&(_, f)| f);
    if format.is_none() && !form {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!(
                "a draft is sent as Content-Type: text/tab-separated-values (source TAB target per line), application/xliff+xml or application/x-tmx+xml, or as the field draft of an {FORM_TYPE} body (with ignore and baseline), not {media:?}"
            ),
        ));
    }
    let body = body.map_err(|e| ApiError::new(e.status(), e.body_text()))?;
    let (draft, format, suppression) = if form {
        let f = check_api::read(&body)?;
        (f.draft, f.format, f.suppression)
    } else {
        (body.to_vec(), format, Suppression::default())
    };
    let opts = DraftOptions {
        format,
        from: p.lang("from")?,
        to: p.lang("to")?,
        ..DraftOptions::default()
    };
    let check_opts = CheckOptions {
        suppression,
        ..CheckOptions::default()
    };
    let report = blocking_glossary(&app, Access::Cache, move |s| {
        let doc = document::open_draft_bytes(BODY_NAME, draft, &opts)?;
        check::run(s, &doc, &check_opts)
    })
    .await?;
    ok(&report)
}

async fn list(State(app): State<Shared>, q: Pairs) -> Answer {
    let p = Params::new(q, &["lang", "limit"])?;
    let lang = p.lang("lang")?;
    let limit = p
        .get("limit")
        .map(|v| {
            v.trim()
                .parse::<usize>()
                .map_err(|_| bad(format!("limit: {v:?} is not a whole number")))
        })
        .transpose()?;
    let a = blocking_glossary(&app, Access::Read, move |s| {
        glossary::list(s, lang.as_ref(), limit)
    })
    .await?;
    ok(&a)
}

async fn show(State(app): State<Shared>, Path(id): Path<String>, q: Pairs) -> Answer {
    Params::new(q, &[])?;
    let concept: ConceptRef = id.parse()?;
    let a = blocking_glossary(&app, Access::Read, move |s| glossary::show(s, &concept)).await?;
    ok(&a)
}

async fn openapi(q: Pairs) -> Answer {
    Params::new(q, &[])?;
    Ok(([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(
        pairs: &[(&str, &str)],
        takes: &[&str],
        repeats: &[&str],
    ) -> Result<Params, ApiError> {
        let pairs = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Params::repeating(Ok(Query(pairs)), takes, repeats)
    }

    #[test]
    fn only_the_parameters_named_may_repeat_and_flags_are_true_or_false() {
        let p = params(&[("term", "en=a"), ("term", "en=b")], &["term"], &["term"]).unwrap();
        assert_eq!(p.all("term").collect::<Vec<_>>(), ["en=a", "en=b"]);
        assert!(params(&[("term", "en=a"), ("term", "en=b")], &["term"], &[]).is_err());
        let p = params(
            &[("dry_run", "true"), ("header", "0")],
            &["dry_run", "header", "x"],
            &[],
        )
        .unwrap();
        assert!(p.flag("dry_run").unwrap());
        assert!(!p.flag("header").unwrap());
        assert!(!p.flag("x").unwrap());
        let p = params(&[("dry_run", "yes please")], &["dry_run"], &[]).unwrap();
        assert!(p.flag("dry_run").is_err());
    }
}
