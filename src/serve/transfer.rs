//! Files in and out: the glossary's import by upload (`concord glossary import --json`), and
//! the glossary's and the memory's exports (`concord glossary export -` and `concord tm export
//! -`: the same bytes). Each calls the library function its command calls.
//!
//! The glossary's routes are not under `/api/glossary/`: `/api/glossary/{id}` takes any text
//! id, and a concept named `import` or `export` would be shadowed.

use std::io::Write;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{MethodRouter, get, post};
use maud::{Markup, PreEscaped, html};
use tokio::sync::mpsc;

use super::api::{Answer, Pairs, Params, bad, ok};
use super::write::{ImportSlot, UploadFormats, langs_param, read_upload, upload_name};
use super::{Access, ApiError, Shared, blocking_glossary, start_memory, writable};
use crate::answer::ImportAnswer;
use crate::database::Opened;
use crate::error::{Error, Result};
use crate::formats::{GlossaryFormat, MemoryFormat, ReadOptions};
use crate::glossary;
use crate::import;
use crate::memory;

pub(super) fn routes() -> Vec<(&'static str, &'static str, MethodRouter<Shared>)> {
    vec![
        ("/api/import/glossary", "post", post(import_glossary)),
        ("/api/export/glossary", "get", get(export_glossary)),
        ("/api/tm/export", "get", get(export_memory)),
    ]
}

/// The glossary page's links to its exports and, unless the server is read only, its upload
/// (which needs JavaScript: a form cannot send a file as a request's body).
pub(super) fn glossary_files(read_only: bool) -> Markup {
    html! {
        section.files {
            h2 { "Files" }
            p.how { "Export: "
                a href="/api/export/glossary?format=tbx" download="concord.tbx" { "TBX" } ", "
                a href="/api/export/glossary?format=csv" download="concord.csv" { "CSV" } ", "
                a href="/api/export/glossary?format=tsv" download="concord.tsv" { "TSV" }
                " (as concord glossary export writes them)"
            }
            @if !read_only {
                form.import id="glossary-import" {
                    label { "Import " input type="file" name="file" required
                        accept=".tbx,.tbx2,.tbx3,.xml,.csv,.tsv,.tab,.txt,.u8,.cedict"; }
                    " "
                    select name="format" aria-label="format" {
                        option value="" { "format from the name" }
                        option value="tbx" { "TBX" }
                        option value="csv" { "CSV" }
                        option value="tsv" { "TSV" }
                        option value="cedict" { "CC-CEDICT" }
                    }
                    " "
                    button type="submit" { "Import" }
                }
                p #glossary-progress role="status" aria-live="polite" {}
                noscript { p.none { "Importing from this page needs JavaScript; `concord glossary import FILE` needs none." } }
                script { (PreEscaped(GLOSSARY_UPLOAD_SCRIPT)) }
            }
        }
    }
}

/// The memory page's links to its exports.
pub(super) fn memory_exports() -> Markup {
    html! {
        p.how { "Export: "
            a href="/api/tm/export?format=tmx" download="concord.tmx" { "TMX" } ", "
            a href="/api/tm/export?format=csv" download="concord.csv" { "CSV" } ", "
            a href="/api/tm/export?format=tsv" download="concord.tsv" { "TSV" }
            " (as concord tm export writes them)"
        }
    }
}

/// Sends the file as the body, named by its name (which tells its format, as a file's name
/// does for the CLI), and says what the import did.
const GLOSSARY_UPLOAD_SCRIPT: &str = r#"
document.getElementById('glossary-import').addEventListener('submit', async e => {
  e.preventDefault();
  const f = e.target, file = f.file.files[0], out = document.getElementById('glossary-progress');
  if (!file) return;
  const q = new URLSearchParams({name: file.name});
  if (f.format.value) q.set('format', f.format.value);
  out.textContent = `Importing ${file.name}…`;
  try {
    const r = await fetch('/api/import/glossary?' + q, {method: 'POST', body: file});
    const a = await r.json();
    if (!r.ok) { out.textContent = `Not imported: ${a.error}`; return; }
    const x = a.files[0];
    const n = (k, noun) => `${k} ${noun}${k === 1 ? '' : 's'}`;
    out.textContent = `Imported ${file.name}: ${n(x.concepts_read, 'concept')} read, ${x.added} added, ${x.merged} merged, ${n(x.duplicates, 'duplicate')}; ${n(x.terms_added, 'term')} added.`;
  } catch (err) { out.textContent = `Not imported: ${err}`; }
});
"#;

/// The glossary formats `glossary import` reads.
const GLOSSARY_FORMATS: UploadFormats<GlossaryFormat> = UploadFormats {
    named: &[
        ("tbx", GlossaryFormat::Tbx),
        ("csv", GlossaryFormat::Csv),
        ("tsv", GlossaryFormat::Tsv),
        ("cedict", GlossaryFormat::Cedict),
    ],
    media: &[
        ("application/x-tbx+xml", GlossaryFormat::Tbx),
        ("application/tbx+xml", GlossaryFormat::Tbx),
        ("text/csv", GlossaryFormat::Csv),
        ("text/tab-separated-values", GlossaryFormat::Tsv),
    ],
    from_name: GlossaryFormat::from_path,
};

/// `concord glossary import --json` on the body's bytes, named `name` (the file's name the
/// report and its errors give). One transaction: a bad file (400, naming its line) leaves the
/// database as it was. It counts as the server's one import at a time.
async fn import_glossary(
    State(app): State<Shared>,
    q: Pairs,
    headers: HeaderMap,
    body: Body,
) -> Answer {
    let p = Params::new(q, &["format", "name", "langs", "dry_run"])?;
    let name = upload_name(&p)?;
    let format = GLOSSARY_FORMATS.of(&p, &headers, &name)?;
    let read = ReadOptions {
        langs: langs_param(&p)?,
        ..ReadOptions::default()
    };
    let dry_run = p.flag("dry_run")?;
    // Refused before the body is read, not after.
    writable(&app)?;
    let slot = ImportSlot::take(&app)?;
    // The glossary's readers take the whole text, as they do a file's: the body is gathered
    // (up to the server's upload limit) and decoded as a file is.
    let bytes = read_upload(body, app.max_upload).await?;
    let reports = blocking_glossary(&app, Access::Write, move |s| {
        let _slot = slot;
        import::import_glossary_bytes(s, &name, &bytes, format, &read, dry_run)
    })
    .await?;
    ok(&ImportAnswer {
        dry_run,
        files: &reports,
    })
}

/// `concord glossary export - --format F [--lang L]…`: the bytes it prints.
async fn export_glossary(State(app): State<Shared>, q: Pairs) -> Answer {
    let p = Params::repeating(q, &["format", "lang"], &["lang"])?;
    let format = match p.get("format") {
        Some(f) => GLOSSARY_FORMATS.named(f)?,
        None => GlossaryFormat::Tsv,
    };
    let langs = p
        .all("lang")
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.trim().parse().map_err(|e| bad(format!("lang: {e}"))))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let req = glossary::ExportRequest { format, langs };
    stream(
        &app,
        format.name(),
        media_of(format.name()),
        move |o, out| {
            glossary::export(o.glossary()?, &req, out)?;
            Ok(())
        },
    )
    .await
}

/// `concord tm export - --format F [--langs A,B] [--origin O]`: the bytes it prints. A
/// selection no unit matches is 404 with the command's message, as the command exits 1.
async fn export_memory(State(app): State<Shared>, q: Pairs) -> Answer {
    let p = Params::new(q, &["format", "langs", "origin"])?;
    let format = match p.get("format").map(str::trim) {
        None => MemoryFormat::Tsv,
        Some("tmx") => MemoryFormat::Tmx,
        Some("csv") => MemoryFormat::Csv,
        Some("tsv") => MemoryFormat::Tsv,
        Some("xliff") => MemoryFormat::Xliff,
        Some(other) => {
            return Err(bad(format!(
                "format: {other:?} is not one of tmx, csv, tsv"
            )));
        }
    };
    memory::export::writes(format)?;
    let req = memory::ExportRequest {
        format,
        langs: langs_param(&p)?,
        origin: p.get("origin").map(str::to_string),
    };
    stream(
        &app,
        format.name(),
        media_of(format.name()),
        move |o, out| {
            let r = o.export_memory(&req, out)?;
            if r.units == 0 {
                return Err(Error::NotFound(nothing_matched(&req)));
            }
            Ok(())
        },
    )
    .await
}

/// The store a memory export reads: SQLite's (on PostgreSQL its route answers 501 first).
/// What `tm export` says when no unit matches, in the API's words for its options.
fn nothing_matched(req: &memory::ExportRequest) -> String {
    let mut said = "no unit matched".to_string();
    if let Some(o) = &req.origin {
        said.push_str(&format!(" origin={o}"));
    }
    if !req.langs.is_empty() {
        let langs: Vec<&str> = req.langs.iter().map(|l| l.as_str()).collect();
        said.push_str(&format!(" langs={}", langs.join(",")));
    }
    said + ": nothing exported"
}

fn media_of(ext: &str) -> &'static str {
    match ext {
        "tmx" => "application/x-tmx+xml",
        "tbx" => "application/x-tbx+xml",
        "csv" => "text/csv; charset=utf-8",
        _ => "text/tab-separated-values; charset=utf-8",
    }
}

/// Bytes of an export gathered before they are sent: large enough that a small export is
/// decided (sent whole, or refused) before its first byte goes out.
const CHUNK: usize = 64 << 10;
/// Chunks in flight between the export and the socket: the export waits for a slow client.
const CHUNKS_AHEAD: usize = 8;

/// Runs an export on a blocking thread and sends what it writes as it writes it, never
/// holding a memory of a million units whole. An export that fails before its first chunk is
/// an error answer; one that fails later cuts the body short (the client sees a body that
/// ends in error, never a complete-looking file).
async fn stream(
    app: &Shared,
    ext: &'static str,
    media: &'static str,
    export: impl FnOnce(&mut Opened, &mut dyn Write) -> Result<()> + Send + 'static,
) -> Answer {
    let (chunks, mut received) = mpsc::channel(CHUNKS_AHEAD);
    let work = start_memory(app, Access::Read, move |o| {
        let mut out = Chunks {
            chunks,
            pending: Vec::with_capacity(CHUNK),
            sent: false,
        };
        let r = export(o, &mut out).and_then(|()| out.end().map_err(|e| io_error(ext, e)));
        if let Err(e) = &r
            && out.sent
        {
            let _ = out
                .chunks
                .blocking_send(Err(std::io::Error::other(e.to_string())));
        }
        r
    })?;
    let first = match received.recv().await {
        Some(Ok(first)) => first,
        Some(Err(e)) => {
            return Err(ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                e.to_string(),
            ));
        }
        // Nothing was sent: the export failed before its first chunk, and says why.
        None => {
            work.await?;
            return Err(ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the export ended without writing",
            ));
        }
    };
    let body = Body::new(ChunkBody {
        first: Some(first),
        rest: received,
    });
    Ok((
        [
            (header::CONTENT_TYPE, media.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"concord.{ext}\""),
            ),
        ],
        body,
    )
        .into_response())
}

fn io_error(what: &str, source: std::io::Error) -> Error {
    Error::Io {
        path: format!("the {what} export").into(),
        source,
    }
}

/// The export's output, sent in chunks of [`CHUNK`] bytes.
struct Chunks {
    chunks: mpsc::Sender<std::io::Result<Bytes>>,
    pending: Vec<u8>,
    /// A chunk has gone out: the answer's status is sent, and an error can only cut it short.
    sent: bool,
}

impl Chunks {
    fn send(&mut self) -> std::io::Result<()> {
        let chunk = Bytes::from(std::mem::replace(
            &mut self.pending,
            Vec::with_capacity(CHUNK),
        ));
        self.sent = true;
        self.chunks
            .blocking_send(Ok(chunk))
            // The client went away: the export stops.
            .map_err(|_| std::io::Error::other("the client went away"))
    }

    /// The last chunk, sent even when empty so that an empty export is an empty answer.
    fn end(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

impl Write for Chunks {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if self.pending.len() >= CHUNK {
            self.send()?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The chunks as a response body.
struct ChunkBody {
    first: Option<Bytes>,
    rest: mpsc::Receiver<std::io::Result<Bytes>>,
}

impl http_body::Body for ChunkBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<std::result::Result<http_body::Frame<Bytes>, std::io::Error>>> {
        if let Some(first) = self.first.take() {
            return Poll::Ready(Some(Ok(http_body::Frame::data(first))));
        }
        self.rest
            .poll_recv(cx)
            .map(|c| c.map(|c| c.map(http_body::Frame::data)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_glossary_upload_goes_by_its_format_then_its_type_then_its_name() {
        let params = |pairs: &[(&str, &str)]| {
            let pairs = pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            Params::new(Ok(axum::extract::Query(pairs)), &["format"]).unwrap()
        };
        let mut csv = HeaderMap::new();
        csv.insert(
            header::CONTENT_TYPE,
            "text/csv; charset=utf-8".parse().unwrap(),
        );
        let none = HeaderMap::new();
        let f = |p: &[(&str, &str)], h: &HeaderMap, n: &str| GLOSSARY_FORMATS.of(&params(p), h, n);
        assert_eq!(
            f(&[("format", "tbx")], &csv, "a.tsv").unwrap(),
            GlossaryFormat::Tbx
        );
        assert_eq!(f(&[], &csv, "a.tsv").unwrap(), GlossaryFormat::Csv);
        assert_eq!(
            f(&[], &none, "cedict_ts.u8").unwrap(),
            GlossaryFormat::Cedict
        );
        assert_eq!(f(&[], &none, "terms.tbx").unwrap(), GlossaryFormat::Tbx);
        let e = f(&[], &none, super::super::write::UPLOAD_NAME).unwrap_err();
        assert_eq!(e.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert!(f(&[("format", "docx")], &none, "a.tsv").is_err());
    }
}
