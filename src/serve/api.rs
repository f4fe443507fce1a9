//! The JSON API: one route per CLI command that answers a question, each reading its
//! parameters as the command reads its options (the same bounds and parsers) and answering
//! with the value the command prints with `--json`.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};

use super::{Access, ApiError, Shared, blocking, json_response};
use crate::answer::{self, Bounded};
use crate::check::{self, CheckOptions};
use crate::document::{self, DraftFormat, DraftOptions};
use crate::error::Error;
use crate::glossary::{self, ConceptRef, LookupQuery};
use crate::memory::{self, ConcordanceQuery, SearchQuery, SuggestQuery};
use crate::text::LangTag;

/// The OpenAPI document: every route below, its parameters and answers.
pub(super) const OPENAPI: &str = include_str!("openapi.json");

/// Every API route: its path, its method (as the OpenAPI document names it) and its handler.
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

type Answer = Result<Response, ApiError>;
type Pairs = Result<Query<Vec<(String, String)>>, QueryRejection>;

/// A request's query parameters, each named at most once and each one the route takes: a
/// misspelt parameter is an error, never silently ignored.
pub(super) struct Params(Vec<(String, String)>);

impl Params {
    pub(super) fn new(pairs: Pairs, takes: &[&str]) -> Result<Params, ApiError> {
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
            if pairs[..i].iter().any(|(n, _)| n == name) {
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

fn bad(message: String) -> ApiError {
    ApiError::from(Error::Invalid(message))
}

fn ok<T: serde::Serialize>(value: &T) -> Answer {
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
    let a = blocking(&app, Access::Read, move |s| answer::lookup(s, &query)).await?;
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
    let a = blocking(&app, Access::Read, move |s| answer::search(s, &query)).await?;
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
    let a = blocking(&app, Access::Read, move |s| answer::concordance(s, &query)).await?;
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
    let a = blocking(&app, Access::Read, move |s| memory::suggest(s, &query)).await?;
    ok(&a)
}

async fn stats(State(app): State<Shared>, q: Pairs) -> Answer {
    Params::new(q, &[])?;
    let a = blocking(&app, Access::Read, memory::stats).await?;
    ok(&a)
}

/// The name a draft sent as a body goes by in messages, as standard input does for
/// `concord check -`.
const BODY_NAME: &str = "<stdin>";

/// `concord check - --format tsv --json` on the body's bytes.
async fn check(
    State(app): State<Shared>,
    q: Pairs,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Answer {
    let p = Params::new(q, &["from", "to"])?;
    let kind = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let media = kind.split(';').next().unwrap_or("").trim();
    if !media.eq_ignore_ascii_case("text/tab-separated-values") {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!(
                "a draft is sent as Content-Type: text/tab-separated-values (source TAB target per line), not {:?}",
                kind
            ),
        ));
    }
    let body = body.map_err(|e| ApiError::new(e.status(), e.body_text()))?;
    let opts = DraftOptions {
        format: Some(DraftFormat::Tsv),
        from: p.lang("from")?,
        to: p.lang("to")?,
        ..DraftOptions::default()
    };
    let report = blocking(&app, Access::Cache, move |s| {
        let doc = document::open_draft_bytes(BODY_NAME, body.to_vec(), &opts)?;
        check::run(s, &doc, &CheckOptions::default())
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
    let a = blocking(&app, Access::Read, move |s| {
        glossary::list(s, lang.as_ref(), limit)
    })
    .await?;
    ok(&a)
}

async fn show(State(app): State<Shared>, Path(id): Path<String>, q: Pairs) -> Answer {
    Params::new(q, &[])?;
    let concept: ConceptRef = id.parse()?;
    let a = blocking(&app, Access::Read, move |s| glossary::show(s, &concept)).await?;
    ok(&a)
}

async fn openapi(q: Pairs) -> Answer {
    Params::new(q, &[])?;
    Ok(([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_openapi_document_lists_every_route_and_no_other() {
        let doc: serde_json::Value = serde_json::from_str(OPENAPI).unwrap();
        let paths = doc["paths"].as_object().unwrap();
        let routes = routes();
        for (path, method, _) in &routes {
            assert!(
                paths.get(*path).and_then(|p| p.get(*method)).is_some(),
                "{method} {path} is not in openapi.json"
            );
        }
        let documented: usize = paths.values().map(|p| p.as_object().unwrap().len()).sum();
        assert_eq!(
            documented,
            routes.len(),
            "openapi.json lists a route the server lacks"
        );
    }
}
