//! `concord serve`: the JSON API and the lookup page over HTTP, for a browser tab and for other
//! tools. Every route calls the front door the matching CLI command calls and serialises the
//! same value ([`crate::answer`]), so an API answer is byte for byte the CLI's `--json`.
//!
//! - [`ServeOptions`]: what to serve and how, validated before anything is opened or bound;
//! - [`run`]: bind, serve until SIGTERM or Ctrl-C, finish the requests in flight, return;
//! - `api`: the routes that read and their parameters; `write`: the glossary's edits and the
//!   memory's import by upload; `transfer`: the glossary's import by upload and the exports; `page`: the server-rendered lookup page; `check_page`: the
//!   check page; `glossary_browse`: the glossary's list and its edits; `glossary_page`: the
//!   add-a-term page; `memory_page`: search, concordance, counts and import with progress.
//!
//! rusqlite is synchronous: each request takes a connection from a small pool and runs on
//! tokio's blocking threads, never on the threads that drive the sockets.

mod api;
mod check_api;
mod check_page;
mod glossary_browse;
mod glossary_page;
mod memory_page;
mod page;
mod transfer;
mod write;

use std::net::SocketAddr;

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

use crate::database::{self, Location, Opened};
use crate::error::{Error, Result};
use crate::pg::PgStore;
use crate::store::Store;

/// The largest request body read whole (a draft to check, a form); a larger one gets 413.
/// Uploads to import have their own limit, [`ServeOptions::max_upload`].
pub const BODY_LIMIT: usize = 32 << 20;
/// The default upload limit: a memory upload streams into its import, so its size costs
/// time, not memory; the limit is there so that a runaway client cannot fill the disk.
pub const MAX_UPLOAD: u64 = 1 << 30;
/// How long a request may take before it gets 408: a check of a long draft takes seconds.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// How long an upload to import may take, sending included: a gigabyte over a slow link and
/// its import take minutes, not seconds.
pub const UPLOAD_TIMEOUT: Duration = Duration::from_secs(60 * 60);
/// Idle connections kept per kind (reading, writing); more are opened when more requests run
/// at once, and closed after.
const IDLE_CONNECTIONS: usize = 4;
/// Requests whose database work runs at once; more wait for a thread.
const BLOCKING_THREADS: usize = 16;
/// How long a write waits for another connection's lock (another process's import): less
/// than the request's timeout, so that a write the client was told timed out is not made
/// after all by a thread still waiting for the lock.
const WRITE_WAIT: Duration = Duration::from_secs(20);

/// What to serve and how.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub db: Location,
    pub addr: SocketAddr,
    /// Open the database read only: nothing is written, not even a cache.
    pub read_only: bool,
    /// The bearer token every request must carry.
    pub token: Option<String>,
    /// The largest upload to import, in bytes; a larger one gets 413.
    pub max_upload: u64,
}

impl ServeOptions {
    /// Settings that keep the database private: an address other than loopback reaches other
    /// machines, so it needs a token.
    pub fn new(
        db: impl Into<Location>,
        addr: SocketAddr,
        read_only: bool,
        token: Option<String>,
    ) -> Result<ServeOptions> {
        if token.as_deref().is_some_and(|t| t.trim().is_empty()) {
            return Err(Error::Invalid(
                "--token: an empty token protects nothing".into(),
            ));
        }
        if !addr.ip().is_loopback() && token.is_none() {
            return Err(Error::Invalid(format!(
                "{addr} is reachable from other machines: pass --token TOKEN (every request must then send `Authorization: Bearer TOKEN`), or serve on 127.0.0.1"
            )));
        }
        Ok(ServeOptions {
            db: db.into(),
            addr,
            read_only,
            token,
            max_upload: MAX_UPLOAD,
        })
    }
}

/// Opens the database (creating and seeding it on first use, unless read only), binds, tells
/// `listening` the bound address (the port, when 0 was asked for), and serves until SIGTERM or
/// Ctrl-C; the requests in flight then finish, and it returns.
pub fn run(opts: &ServeOptions, listening: impl FnOnce(SocketAddr)) -> Result<()> {
    // Opened once before serving: a missing, foreign or damaged file is refused at start,
    // and a new one is created and seeded here rather than by the first request; a
    // PostgreSQL database is reached and its schema brought up to date.
    match &opts.db {
        // Read only, the schema is read, never migrated: nothing is written. The glossary's
        // replica is loaded here, and its image kept for the connections the requests open
        // (see `pg::glossary`).
        Location::Postgres(url) => {
            let mut pg = if opts.read_only {
                Opened::Postgres(Box::new(PgStore::connect_read_only(url)?))
            } else {
                Opened::open(&opts.db)?
            };
            pg.glossary()?;
        }
        Location::File(path) if opts.read_only => drop(Store::open_read_only(path)?),
        Location::File(path) => {
            let store = database::open(path)?;
            // Requests read through read-only connections, which cannot keep a term matcher
            // they compile: one missing or from another concord (after an upgrade) would be
            // compiled on every lookup that needs it, a second and a half over CC-CEDICT. Compiled
            // and kept once here instead; a database another process is writing is served all
            // the same, as a check would be.
            let _ = crate::glossary::compiled::refresh(store.conn());
        }
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(BLOCKING_THREADS)
        .build()
        .map_err(|e| io_error("the server's runtime", e))?;
    let app = Arc::new(App {
        pool: Pool::new(&opts.db, opts.read_only),
        token: opts.token.clone(),
        importing: AtomicBool::new(false),
        import_status: Default::default(),
        max_upload: opts.max_upload,
    });
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(opts.addr)
            .await
            .map_err(|e| io_error(&opts.addr.to_string(), e))?;
        let bound = listener
            .local_addr()
            .map_err(|e| io_error(&opts.addr.to_string(), e))?;
        listening(bound);
        axum::serve(listener, router(app))
            .with_graceful_shutdown(shutdown())
            .await
            .map_err(|e| io_error(&bound.to_string(), e))
    })
}

fn io_error(what: &str, source: std::io::Error) -> Error {
    Error::Io {
        path: what.into(),
        source,
    }
}

/// Resolves on SIGTERM or Ctrl-C (SIGINT).
async fn shutdown() {
    let interrupt = async {
        // Without a handler there is nothing to wait for; the other signal still counts.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

/// What every request shares.
struct App {
    pool: Pool,
    token: Option<String>,
    /// An upload is being imported: one at a time (see `write::import`).
    importing: AtomicBool,
    /// What the running import has read, and how the last ended (see `write::ImportStatus`).
    import_status: write::StatusCell,
    /// The largest upload to import ([`ServeOptions::max_upload`]).
    max_upload: u64,
}

type Shared = Arc<App>;

/// Every API route: its path, its method (as the OpenAPI document names it) and its handler.
fn routes() -> Vec<(
    &'static str,
    &'static str,
    axum::routing::MethodRouter<Shared>,
)> {
    let mut all = api::routes();
    all.extend(write::routes());
    all.extend(transfer::routes());
    all
}

/// The routes whose body is an upload to import, read as it arrives: they take bodies up to
/// [`ServeOptions::max_upload`], the others up to [`BODY_LIMIT`].
const UPLOADS: &[&str] = &["/api/tm/import", "/api/import/glossary"];

fn router(app: Shared) -> Router {
    let pages: Vec<(&str, axum::routing::MethodRouter<Shared>)> = vec![
        ("/", axum::routing::get(page::lookup)),
        (
            "/check",
            axum::routing::get(check_page::form).post(check_page::check),
        ),
        ("/glossary", axum::routing::get(glossary_browse::list)),
        ("/memory", axum::routing::get(memory_page::memory)),
        (
            "/glossary/{id}/edit",
            axum::routing::post(glossary_browse::edit),
        ),
        (
            "/glossary/{id}/remove",
            axum::routing::post(glossary_browse::remove),
        ),
        (
            "/glossary/add",
            axum::routing::get(glossary_page::form).post(glossary_page::add),
        ),
    ];
    let api = self::routes()
        .into_iter()
        .map(|(path, _, route)| (path, route));
    let upload_limit = usize::try_from(app.max_upload).unwrap_or(usize::MAX);
    let mut routes = Router::new();
    for (path, route) in api.chain(pages) {
        // The limit is tower-http's, which refuses a declared length over it before reading
        // a byte; axum's own (2 MB) would cut checks of long drafts short.
        let (limit, timeout) = if UPLOADS.contains(&path) {
            (upload_limit, UPLOAD_TIMEOUT)
        } else {
            (BODY_LIMIT, REQUEST_TIMEOUT)
        };
        let mut route = route
            .layer::<_, std::convert::Infallible>(RequestBodyLimitLayer::new(limit))
            .layer::<_, std::convert::Infallible>(TimeoutLayer::with_status_code(
                StatusCode::REQUEST_TIMEOUT,
                timeout,
            ));
        if UPLOADS.contains(&path) {
            route = route.layer(middleware::map_response_with_state(
                app.clone(),
                upload_too_large,
            ));
        }
        // A path with several methods (GET and POST /api/glossary) is one route: axum merges them.
        routes = routes.route(path, route);
    }
    routes
        .fallback(not_found)
        .layer(DefaultBodyLimit::disable())
        .layer(middleware::from_fn_with_state(app.clone(), guard))
        .layer(middleware::map_response(json_errors))
        .with_state(app)
}

/// An upload whose declared length is over the limit is refused by tower-http before the
/// handler runs, in words that do not say what the limit is: said here, as an upload that
/// goes over it while it is read is (`write::body_error`).
async fn upload_too_large(State(app): State<Shared>, response: Response) -> Response {
    if response.status() != StatusCode::PAYLOAD_TOO_LARGE {
        return response;
    }
    write::too_large(app.max_upload).into_response()
}

async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "no such route")
}

/// The token, on every request when one is set; and no write from another site's page: a
/// POST whose `Origin` is not this server's is refused, so that a page open in another tab
/// cannot use the browser to reach a server on loopback.
async fn guard(State(app): State<Shared>, req: Request, next: Next) -> Response {
    if let Some(token) = &app.token
        && !bearer_is(req.headers(), token)
    {
        let mut r = ApiError::new(
            StatusCode::UNAUTHORIZED,
            "this server needs `Authorization: Bearer TOKEN` (the token it was started with)",
        )
        .into_response();
        r.headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        return r;
    }
    if req.method() != Method::GET && req.method() != Method::HEAD && cross_site(req.headers()) {
        return ApiError::new(
            StatusCode::FORBIDDEN,
            "a request from another site's page is refused",
        )
        .into_response();
    }
    next.run(req).await
}

fn bearer_is(headers: &HeaderMap, token: &str) -> bool {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    // Compared in time that does not depend on where the first difference is.
    given.len() == token.len()
        && given
            .bytes()
            .zip(token.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// Whether a browser says the request comes from a page of another origin: an `Origin` whose
/// host and port are not the `Host` asked for (or `null`, an opaque origin), or
/// `Sec-Fetch-Site: cross-site`. A client that is not a browser sends neither and passes.
fn cross_site(headers: &HeaderMap) -> bool {
    let text = |h| headers.get(h).and_then(|v: &HeaderValue| v.to_str().ok());
    if text(header::HeaderName::from_static("sec-fetch-site")) == Some("cross-site") {
        return true;
    }
    let Some(origin) = text(header::ORIGIN) else {
        return false;
    };
    let host = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"));
    match (host, text(header::HOST)) {
        (Some(o), Some(h)) => !o.trim_end_matches('/').eq_ignore_ascii_case(h),
        _ => true,
    }
}

/// Every error answers in JSON, the ones axum and tower-http make too (405, 408, 413, a query
/// that cannot be decoded): `{"error": "..."}`. Pages keep their HTML.
async fn json_errors(response: Response) -> Response {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let typed = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/json") || t.starts_with("text/html"));
    if typed {
        return response;
    }
    let (parts, body) = response.into_parts();
    // The framework's own words say what was wrong ("Failed to deserialize query string…");
    // kept when short, else the status's name.
    let said = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
    let said = String::from_utf8_lossy(&said).trim().to_string();
    let message = if said.is_empty() {
        status.canonical_reason().unwrap_or("error").to_lowercase()
    } else {
        said
    };
    let mut r = ApiError::new(status, message).into_response();
    for (name, value) in parts.headers.iter() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            r.headers_mut().insert(name, value.clone());
        }
    }
    r
}

/// An error answer: its status and `{"error": "..."}`.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    message: String,
    /// Seconds to wait before asking again (`Retry-After`), for a store another writer holds.
    retry_after: Option<u64>,
}

/// What a 503 for a store another import holds tells the client to wait: an import of a
/// large file holds the lock for minutes, a small one for seconds; asking again sooner only
/// queues more writers behind it.
const RETRY_AFTER_BUSY: u64 = 30;

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
            retry_after: None,
        }
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> ApiError {
        let status = match &e {
            Error::Invalid(_) | Error::Input { .. } => StatusCode::BAD_REQUEST,
            Error::NotFound(_) => StatusCode::NOT_FOUND,
            Error::Duplicate(_) => StatusCode::CONFLICT,
            Error::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            Error::Unsupported(_) => StatusCode::NOT_IMPLEMENTED,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiError {
            retry_after: matches!(e, Error::Busy { .. }).then_some(RETRY_AFTER_BUSY),
            ..ApiError::new(status, e.to_string())
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.message });
        let mut r = json_response(self.status, &body);
        if let Some(secs) = self.retry_after {
            r.headers_mut().insert(header::RETRY_AFTER, secs.into());
        }
        r
    }
}

/// A JSON answer, serialised as the CLI prints it ([`crate::answer::write_json`]).
fn json_response<T: serde::Serialize + ?Sized>(status: StatusCode, value: &T) -> Response {
    let mut body = Vec::new();
    match crate::answer::write_json(&mut body, value) {
        Ok(()) => (
            status,
            [(header::CONTENT_TYPE, "application/json")],
            Body::from(body),
        )
            .into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

/// Connections to the database, kept between requests: for SQLite, reading ones (read only),
/// and, unless the server is read only, writing ones for the writes and for the work that
/// keeps a cache (a check keeps the term matchers it compiles). For PostgreSQL every
/// connection is alike (the server keeps readers and the writer apart); they are pooled all
/// the same, so that a request does not pay for a connection and a schema check.
///
/// This pool rather than r2d2 or deadpool: it is the one SQLite already had, it needs nothing
/// but a mutex, and connections are only ever taken by one blocking thread at a time.
struct Pool {
    at: Location,
    read_only: bool,
    readers: Mutex<Vec<Opened>>,
    writers: Mutex<Vec<Opened>>,
}

/// What a request does with its connection.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Access {
    Read,
    /// Reads that may keep a cache.
    Cache,
    /// Writes: refused by a read-only server.
    Write,
}

impl Pool {
    fn new(at: &Location, read_only: bool) -> Pool {
        Pool {
            at: at.clone(),
            read_only,
            readers: Mutex::new(Vec::new()),
            writers: Mutex::new(Vec::new()),
        }
    }

    fn connect(&self, writes: bool) -> Result<Opened> {
        match &self.at {
            Location::Postgres(url) if self.read_only => {
                Ok(Opened::Postgres(Box::new(PgStore::connect_read_only(url)?)))
            }
            Location::Postgres(_) => {
                let mut pg = Opened::open(&self.at)?;
                if let Opened::Postgres(c) = &mut pg
                    && writes
                {
                    c.set_wait_limit(WRITE_WAIT)?;
                }
                Ok(pg)
            }
            Location::File(path) if writes => {
                let mut s = Store::open(path)?.0;
                s.set_wait_limit(WRITE_WAIT)?;
                Ok(Opened::Sqlite(s))
            }
            Location::File(path) => Ok(Opened::Sqlite(Store::open_read_only(path)?)),
        }
    }

    fn with<T>(&self, access: Access, f: impl FnOnce(&mut Opened) -> Result<T>) -> Result<T> {
        let writes = access != Access::Read && !self.read_only;
        let idle = if writes { &self.writers } else { &self.readers };
        let kept = idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let mut store = match kept {
            Some(s) => s,
            None => self.connect(writes)?,
        };
        let out = f(&mut store);
        let out = match &store {
            Opened::Postgres(pg) => out.map_err(|e| pg.busy_if_locked(e)),
            Opened::Sqlite(_) => out,
        };
        let mut idle = idle.lock().unwrap_or_else(|p| p.into_inner());
        if idle.len() < IDLE_CONNECTIONS && store.is_usable() {
            idle.push(store);
        }
        out
    }
}

/// Refuses a write on a read-only server (403); [`start`] does too, this is for a write that
/// has work to do before it reaches the database (an upload to read).
fn writable(app: &Shared) -> std::result::Result<(), ApiError> {
    if app.pool.read_only {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "this server is read only (--read-only): it makes no change to the database",
        ));
    }
    Ok(())
}

/// A size in bytes as a person reads it: `1 GiB`, `32 MiB`, `1500 bytes`.
fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 && b % (1 << 30) == 0 => format!("{} GiB", b >> 30),
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 20 => format!("{:.1} MiB", b as f64 / (1 << 20) as f64),
        b => format!("{b} bytes"),
    }
}

/// Runs the glossary's work on a blocking thread with a pooled connection to either store:
/// a read on its glossary (on PostgreSQL, the connection's replica), a write through
/// [`Opened::glossary_write`], which writes what changed to PostgreSQL.
async fn blocking_glossary<T: Send + 'static>(
    app: &Shared,
    access: Access,
    f: impl FnOnce(&mut Store) -> Result<T> + Send + 'static,
) -> std::result::Result<T, ApiError> {
    start_memory(app, access, move |o| match access {
        Access::Write => o.glossary_write(f),
        Access::Read | Access::Cache => f(o.glossary_cache()?),
    })?
    .await
}

/// Runs the memory's work on a blocking thread with a pooled connection to either store.
async fn blocking_memory<T: Send + 'static>(
    app: &Shared,
    access: Access,
    f: impl FnOnce(&mut Opened) -> Result<T> + Send + 'static,
) -> std::result::Result<T, ApiError> {
    start_memory(app, access, f)?.await
}

/// Starts database work on a blocking thread with a pooled connection; its answer is awaited
/// later (an import's, while the upload is passed to it). A write on a read-only server is
/// refused here, before any work.
fn start_memory<T, F>(
    app: &Shared,
    access: Access,
    f: F,
) -> std::result::Result<impl Future<Output = std::result::Result<T, ApiError>> + use<T, F>, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut Opened) -> Result<T> + Send + 'static,
{
    if access == Access::Write {
        writable(app)?;
    }
    let app = app.clone();
    let work = tokio::task::spawn_blocking(move || app.pool.with(access, f));
    Ok(async move {
        work.await
            .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
            .map_err(ApiError::from)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn same_origin_passes_and_another_site_does_not() {
        assert!(!cross_site(&headers(&[("host", "127.0.0.1:7474")])));
        assert!(!cross_site(&headers(&[
            ("host", "127.0.0.1:7474"),
            ("origin", "http://127.0.0.1:7474")
        ])));
        assert!(cross_site(&headers(&[
            ("host", "127.0.0.1:7474"),
            ("origin", "http://127.0.0.1:8080")
        ])));
        assert!(cross_site(&headers(&[
            ("host", "127.0.0.1:7474"),
            ("origin", "null")
        ])));
        assert!(cross_site(&headers(&[
            ("host", "127.0.0.1:7474"),
            ("sec-fetch-site", "cross-site")
        ])));
    }

    #[test]
    fn the_token_must_match_whole() {
        let h = |v: &'static str| headers(&[("authorization", v)]);
        assert!(bearer_is(&h("Bearer s3cret"), "s3cret"));
        assert!(!bearer_is(&h("Bearer s3cre"), "s3cret"));
        assert!(!bearer_is(&h("Bearer s3cretx"), "s3cret"));
        assert!(!bearer_is(&h("s3cret"), "s3cret"));
        assert!(!bearer_is(&HeaderMap::new(), "s3cret"));
    }

    #[test]
    fn the_openapi_document_lists_every_route_and_no_other() {
        let doc: serde_json::Value = serde_json::from_str(api::OPENAPI).unwrap();
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

    #[test]
    fn a_limit_is_said_in_the_unit_it_was_given_in() {
        assert_eq!(size(1 << 30), "1 GiB");
        assert_eq!(size(32 << 20), "32 MiB");
        assert_eq!(size((1 << 20) + (1 << 19)), "1.5 MiB");
        assert_eq!(size(1500), "1500 bytes");
    }

    #[test]
    fn off_loopback_needs_a_token() {
        let any: SocketAddr = "0.0.0.0:0".parse().unwrap();
        let local: SocketAddr = "127.0.0.1:0".parse().unwrap();
        assert!(ServeOptions::new("db", any, false, None).is_err());
        assert!(ServeOptions::new("db", any, false, Some(" ".into())).is_err());
        assert!(ServeOptions::new("db", any, false, Some("t".into())).is_ok());
        assert!(ServeOptions::new("db", local, false, None).is_ok());
    }
}
