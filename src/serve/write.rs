//! The API's writes: the glossary's add, edit and remove, and the memory's import by upload.
//! Each calls the library function its CLI command calls and answers with the value the
//! command prints with `--json`; a read-only server refuses them all (403).

use std::io::Read;
use std::pin::Pin;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

use axum::Json;
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{MethodRouter, delete, get, patch, post, put};
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;

use super::api::{Answer, Pairs, Params, bad, ok};
use super::{Access, ApiError, Shared, blocking_glossary, json_response, start_memory};
use crate::answer::ImportAnswer;
use crate::error::Error;
use crate::formats::{MemoryFormat, ReadOptions};
use crate::glossary::{self, AddRequest, ConceptRef, EditRequest, Status, TermSpec, TermType};
use crate::import::{MemoryJob, MemorySettings, Progress, Stream, Tracker};
use crate::text::{LangTag, chars};

/// Every API route that writes, as [`super::api::routes`] lists those that read.
pub(super) fn routes() -> Vec<(&'static str, &'static str, MethodRouter<Shared>)> {
    vec![
        ("/api/glossary", "post", post(add)),
        ("/api/glossary/{id}", "put", put(edit)),
        ("/api/glossary/{id}", "patch", patch(edit)),
        ("/api/glossary/{id}", "delete", delete(remove)),
        ("/api/tm/import", "post", post(import)),
        ("/api/tm/import/status", "get", get(import_status)),
    ]
}

/// A concept as a JSON body names it: its number, or its text id (`mayor`), as on the
/// command line.
#[derive(Deserialize)]
#[serde(untagged)]
enum ConceptName {
    Number(i64),
    Text(String),
}

impl ConceptName {
    fn parse(self) -> Result<ConceptRef, Error> {
        match self {
            ConceptName::Number(n) => Ok(ConceptRef::Id(n)),
            ConceptName::Text(t) => t.parse(),
        }
    }
}

/// `POST /api/glossary`: `concord glossary add`'s arguments and options, by their names.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AddBody {
    /// `LANG=TEXT`, as on the command line.
    terms: Vec<String>,
    concept: Option<ConceptName>,
    status: Option<String>,
    #[serde(rename = "type")]
    term_type: Option<String>,
    pos: Option<String>,
    context: Option<String>,
    source: Option<String>,
    note: Option<String>,
    #[serde(default)]
    case_sensitive: bool,
    subject: Option<String>,
    definition: Option<String>,
    concept_note: Option<String>,
    #[serde(default)]
    separate: bool,
}

/// `PUT`/`PATCH /api/glossary/{id}`: `concord glossary edit`'s term and options.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct EditBody {
    term: Option<String>,
    text: Option<String>,
    status: Option<String>,
    #[serde(rename = "type")]
    term_type: Option<String>,
    pos: Option<String>,
    context: Option<String>,
    source: Option<String>,
    note: Option<String>,
    case_sensitive: Option<bool>,
    subject: Option<String>,
    definition: Option<String>,
    concept_note: Option<String>,
}

fn json_body<T>(body: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    body.map(|Json(b)| b)
        .map_err(|e| ApiError::new(e.status(), e.body_text()))
}

fn status(s: Option<&str>) -> Result<Option<Status>, Error> {
    s.map(Status::parse_documented).transpose()
}

fn term_type(s: Option<&str>) -> Result<Option<TermType>, Error> {
    s.map(str::parse).transpose()
}

/// A glossary write while this server imports would wait for the import's lock; it is
/// refused at once instead, as a second import is.
pub(super) fn not_while_importing(app: &Shared) -> Result<(), ApiError> {
    if app.importing.load(Ordering::SeqCst) {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "a memory import is running; try again when it has finished",
        ));
    }
    Ok(())
}

/// `concord glossary add --json`: 201 when a new concept was made, else (terms added to a
/// concept, or merged into the one with the same head terms) 200. A concept that brings
/// nothing new to one with its head terms is refused with 409 and the CLI's message.
pub(super) async fn add(
    State(app): State<Shared>,
    q: Pairs,
    body: Result<Json<AddBody>, JsonRejection>,
) -> Answer {
    Params::new(q, &[])?;
    let b = json_body(body)?;
    let req = AddRequest {
        terms: b
            .terms
            .iter()
            .map(|t| TermSpec::parse(t))
            .collect::<Result<_, _>>()?,
        concept: b.concept.map(ConceptName::parse).transpose()?,
        status: status(b.status.as_deref())?,
        term_type: term_type(b.term_type.as_deref())?,
        pos: b.pos,
        context: b.context,
        source: b.source,
        note: b.note,
        case_sensitive: b.case_sensitive,
        subject: b.subject,
        definition: b.definition,
        concept_note: b.concept_note,
        separate: b.separate,
    };
    if req.terms.is_empty() {
        return Err(bad("terms: give at least one term as LANG=TEXT".into()));
    }
    not_while_importing(&app)?;
    let new_concept = req.concept.is_none();
    let r = blocking_glossary(&app, Access::Write, move |s| glossary::add(s, &req)).await?;
    let code = if new_concept && !r.merged {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok(json_response(code, &r))
}

/// `concord glossary edit --json`. PUT and PATCH alike change only the fields given, as the
/// command does.
pub(super) async fn edit(
    State(app): State<Shared>,
    Path(id): Path<String>,
    q: Pairs,
    body: Result<Json<EditBody>, JsonRejection>,
) -> Answer {
    Params::new(q, &[])?;
    let concept: ConceptRef = id.parse()?;
    let b = json_body(body)?;
    let term = b.term.as_deref().map(TermSpec::parse).transpose()?;
    let req = EditRequest {
        text: b.text,
        status: status(b.status.as_deref())?,
        term_type: term_type(b.term_type.as_deref())?,
        pos: b.pos,
        context: b.context,
        source: b.source,
        note: b.note,
        case_sensitive: b.case_sensitive,
        subject: b.subject,
        definition: b.definition,
        concept_note: b.concept_note,
        ..EditRequest::new(concept, term)
    };
    not_while_importing(&app)?;
    let r = blocking_glossary(&app, Access::Write, move |s| glossary::edit(s, &req)).await?;
    ok(&r)
}

/// `concord glossary remove --json`: the whole concept, or only the terms given as
/// `term=LANG=TEXT` (as many as the command's arguments).
pub(super) async fn remove(State(app): State<Shared>, Path(id): Path<String>, q: Pairs) -> Answer {
    let p = Params::repeating(q, &["term"], &["term"])?;
    let concept: ConceptRef = id.parse()?;
    let terms = p
        .all("term")
        .map(TermSpec::parse)
        .collect::<Result<Vec<_>, _>>()?;
    not_while_importing(&app)?;
    let r = blocking_glossary(&app, Access::Write, move |s| {
        glossary::remove(s, &concept, &terms)
    })
    .await?;
    ok(&r)
}

/// The name an upload goes by (in reports, messages and the units' origin) when the request
/// gives none.
pub(super) const UPLOAD_NAME: &str = "upload";

/// The upload's name (`name=`, else [`UPLOAD_NAME`]), refused when it holds text concord
/// never stores: it is stored as the origin of what the upload brings.
pub(super) fn upload_name(p: &Params) -> Result<String, ApiError> {
    let name = p.get("name").unwrap_or(UPLOAD_NAME).to_string();
    chars::check_fields([name.as_str()])
        .map_err(|why| bad(format!("name {}: {why}", chars::quoted(&name))))?;
    Ok(name)
}

/// `langs=LANG,LANG`, as `--langs` reads it.
pub(super) fn langs_param(p: &Params) -> Result<Vec<LangTag>, ApiError> {
    Ok(p.get("langs")
        .map(|v| {
            v.split(',')
                .map(|l| {
                    l.trim()
                        .parse::<LangTag>()
                        .map_err(|e| bad(format!("langs: {e}")))
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .transpose()?
        .unwrap_or_default())
}

/// A whole upload's bytes, refused past `limit` (413).
pub(super) async fn read_upload(body: Body, limit: u64) -> Result<Bytes, ApiError> {
    axum::body::to_bytes(body, usize::try_from(limit).unwrap_or(usize::MAX))
        .await
        .map_err(|e| body_error(&e, limit))
}

/// The formats of one kind of upload: their names for `format=` (as `--format`), the media
/// types a body is sent as, and the format a file's name implies.
pub(super) struct UploadFormats<F: 'static> {
    pub(super) named: &'static [(&'static str, F)],
    pub(super) media: &'static [(&'static str, F)],
    pub(super) from_name: fn(&std::path::Path) -> Option<F>,
}

impl<F: Copy> UploadFormats<F> {
    /// An upload's format: the `format` parameter, else its `Content-Type`, else what its
    /// `name` implies, as a file's name does for the CLI.
    pub(super) fn of(&self, p: &Params, headers: &HeaderMap, name: &str) -> Result<F, ApiError> {
        if let Some(f) = p.get("format") {
            return self.named(f);
        }
        let media = super::api::media_type(headers);
        let list = |pairs: &[(&str, F)], by: &str| {
            pairs.iter().map(|(t, _)| *t).collect::<Vec<_>>().join(by)
        };
        self.media
            .iter()
            .find(|(t, _)| media.eq_ignore_ascii_case(t))
            .map(|(_, f)| *f)
            .or_else(|| (self.from_name)(std::path::Path::new(name)))
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    format!(
                        "cannot tell the upload's format from Content-Type {media:?} or name {name:?}: send it as {}, name it by its file's name, or pass format={}",
                        list(self.media, ", "),
                        list(self.named, "|")
                    ),
                )
            })
    }

    /// The format `format=` names.
    pub(super) fn named(&self, f: &str) -> Result<F, ApiError> {
        let f = f.trim();
        self.named
            .iter()
            .find(|(n, _)| *n == f)
            .map(|(_, format)| *format)
            .ok_or_else(|| {
                let names: Vec<&str> = self.named.iter().map(|(n, _)| *n).collect();
                bad(format!("format: {f:?} is not one of {}", names.join(", ")))
            })
    }
}

/// The memory formats `tm import` reads.
const MEMORY_FORMATS: UploadFormats<MemoryFormat> = UploadFormats {
    named: &[
        ("tmx", MemoryFormat::Tmx),
        ("xliff", MemoryFormat::Xliff),
        ("csv", MemoryFormat::Csv),
        ("tsv", MemoryFormat::Tsv),
    ],
    media: &[
        ("application/x-tmx+xml", MemoryFormat::Tmx),
        ("application/xliff+xml", MemoryFormat::Xliff),
        ("text/tab-separated-values", MemoryFormat::Tsv),
        ("text/csv", MemoryFormat::Csv),
    ],
    from_name: MemoryFormat::from_path,
};

/// What `GET /api/tm/import/status` answers: whether an upload is being imported, how far
/// its reading has gone, and how the last one ended, for a page to show while it runs.
#[derive(Clone, Debug, Default, Serialize)]
pub(super) struct ImportStatus {
    running: bool,
    /// The upload's name, as `name=` gave it.
    name: Option<String>,
    /// Bytes of the upload the import has read so far (of the body, as sent).
    bytes_read: u64,
    /// Units the import has processed so far: stored, duplicates and skipped (the count the
    /// CLI's progress bar shows).
    units: u64,
    /// The last import's answer, as `POST /api/tm/import` gave it (`{"error": ...}` when it
    /// failed); absent until one has ended.
    last: Option<serde_json::Value>,
}

/// The running import's status, shared by the import's reading thread (its [`Tracker`]) and
/// the status route.
pub(super) type StatusCell = Mutex<ImportStatus>;

fn status_of(app: &Shared) -> std::sync::MutexGuard<'_, ImportStatus> {
    app.import_status.lock().unwrap_or_else(|p| p.into_inner())
}

/// `GET /api/tm/import/status`.
async fn import_status(State(app): State<Shared>, q: Pairs) -> Answer {
    Params::new(q, &[])?;
    let mut s = status_of(&app).clone();
    // The slot is the truth about whether one runs: it is freed when the import's work ends.
    s.running = app.importing.load(Ordering::SeqCst);
    ok(&s)
}

/// Tells the status what the import reads.
struct Counter(Shared);

impl Progress for Counter {
    fn begin(&self, _name: &str, _bytes: Option<u64>) -> Option<Arc<dyn Tracker>> {
        Some(Arc::new(Counter(self.0.clone())))
    }
}

impl Tracker for Counter {
    fn read(&self, bytes: u64) {
        status_of(&self.0).bytes_read += bytes;
    }

    fn units(&self, units: u64) {
        status_of(&self.0).units = units;
    }

    fn finish(&self) {}
}

/// The server's one import at a time, held until the import's database work has ended (not
/// merely its request: a request that times out leaves its import running to its end).
pub(super) struct ImportSlot(Shared);

impl ImportSlot {
    pub(super) fn take(app: &Shared) -> Result<ImportSlot, ApiError> {
        if app.importing.swap(true, Ordering::SeqCst) {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "another import is running; one import at a time: try again when it has finished",
            ));
        }
        Ok(ImportSlot(app.clone()))
    }
}

impl Drop for ImportSlot {
    fn drop(&mut self) {
        self.0.importing.store(false, Ordering::SeqCst);
    }
}

/// What the request hands the import's reader.
enum Chunk {
    Data(Bytes),
    End,
    Failed(String),
}

/// Chunks of the body in flight between the request and the import: the request waits when
/// the import falls behind, so an upload is never held whole in memory.
const CHUNKS_AHEAD: usize = 16;

/// The body as the import reads it, on its own thread, as the bytes arrive. A body that stops
/// without its end (the client went away, the request timed out) is an error, so the import
/// rolls back rather than keep a truncated file.
struct Upload {
    chunks: mpsc::Receiver<Chunk>,
    current: Bytes,
    ended: bool,
}

impl Read for Upload {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.current.is_empty() {
            if self.ended {
                return Ok(0);
            }
            match self.chunks.blocking_recv() {
                Some(Chunk::Data(b)) => self.current = b,
                Some(Chunk::End) => self.ended = true,
                Some(Chunk::Failed(why)) => return Err(std::io::Error::other(why)),
                None => {
                    return Err(std::io::Error::other("the upload stopped before its end"));
                }
            }
        }
        let n = buf.len().min(self.current.len());
        buf[..n].copy_from_slice(&self.current.split_to(n));
        Ok(n)
    }
}

/// `concord tm import --json` on the body's bytes, in one transaction; read as it arrives.
/// One import at a time: a second gets 409 at once. Reads go on beside it (the import runs
/// under WAL).
pub(super) async fn import(
    State(app): State<Shared>,
    q: Pairs,
    headers: HeaderMap,
    mut body: Body,
) -> Answer {
    let p = Params::new(q, &["format", "name", "langs", "header", "dry_run"])?;
    // Stored as the units' origin and printed by `tm stats`.
    let name = upload_name(&p)?;
    let format = MEMORY_FORMATS.of(&p, &headers, &name)?;
    let langs = langs_param(&p)?;
    let skip_header = p.flag("header")?;
    if skip_header && langs.is_empty() {
        return Err(bad(
            "header: a header that names no languages needs langs=LANG,LANG".into(),
        ));
    }
    let dry_run = p.flag("dry_run")?;
    let slot = ImportSlot::take(&app)?;
    {
        let mut status = status_of(&app);
        status.name = Some(name.clone());
        status.bytes_read = 0;
        status.units = 0;
    }
    let (chunks, received) = mpsc::channel(CHUNKS_AHEAD);
    let settings = MemorySettings {
        jobs: vec![MemoryJob::Stream {
            name,
            format,
            input: Stream::new(Upload {
                chunks: received,
                current: Bytes::new(),
                ended: false,
            }),
        }],
        read: ReadOptions {
            langs,
            skip_header,
            ..ReadOptions::default()
        },
        dry_run,
    };
    let counter = Counter(app.clone());
    let work = start_memory(&app, Access::Write, move |s| {
        let _slot = slot;
        let r = s.import_memory(&settings, &counter);
        // Recorded before the slot is freed, so that a status that says no import runs has
        // the outcome of the last.
        let last = match &r {
            Ok(files) => serde_json::to_value(ImportAnswer { dry_run, files }),
            Err(e) => Ok(serde_json::json!({ "error": e.to_string() })),
        };
        status_of(&counter.0).last = last.ok();
        r
    })?;
    let mut failed = None;
    loop {
        let frame = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await;
        let chunk = match frame {
            None => Chunk::End,
            Some(Ok(frame)) => match frame.into_data() {
                Ok(data) => Chunk::Data(data),
                // Trailers carry nothing to import.
                Err(_) => continue,
            },
            Some(Err(e)) => {
                let e = body_error(&e, app.max_upload);
                let why = e.message.clone();
                failed = Some(e);
                Chunk::Failed(why)
            }
        };
        let last = !matches!(chunk, Chunk::Data(_));
        // A send fails when the import has stopped reading: it failed, and says why below.
        if chunks.send(chunk).await.is_err() || last {
            break;
        }
    }
    drop(chunks);
    let reports = work.await;
    if let Some(e) = failed {
        return Err(e);
    }
    ok(&ImportAnswer {
        dry_run,
        files: &reports?,
    })
}

/// 413 for an upload over `limit`, naming it.
pub(super) fn too_large(limit: u64) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!(
            "the upload is over the server's limit of {} (--max-upload {limit}): start the server with a larger --max-upload, or import the file with the CLI",
            super::size(limit)
        ),
    )
}

/// A body that could not be read: over `limit` (413), or cut off.
fn body_error(e: &axum::Error, limit: u64) -> ApiError {
    let mut cause: Option<&dyn std::error::Error> = Some(e);
    while let Some(c) = cause {
        if c.to_string().contains("length limit exceeded") {
            return too_large(limit);
        }
        cause = c.source();
    }
    ApiError::new(StatusCode::BAD_REQUEST, format!("reading the upload: {e}"))
}
