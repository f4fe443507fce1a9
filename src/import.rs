//! Importing files into the store: the one orchestration that `glossary import`, `tm import`,
//! the shipped seed and any other front end share.
//!
//! The contract:
//! - settings are validated before any database is touched ([`GlossarySettings::new`],
//!   [`MemorySettings::new`]): every file's format is known, the languages of a parallel pair
//!   are known;
//! - one transaction per command: every file lands, or none does (a dry run reads and reports
//!   everything, then rolls back);
//! - a glossary file is read whole before anything is written, so a bad file leaves the
//!   database as it was whatever its position in the list; a memory file streams, read and
//!   tokenised on a second thread while this one stores;
//! - progress is the caller's: a [`Progress`] is told about each file and its bytes as they
//!   are read (the CLI draws a bar with it; nothing is drawn by the library).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::error::{Error, Result};
use crate::formats::Skip;
use crate::formats::decode::decode;
use crate::formats::{
    DocSource, GlossaryFormat, GlossaryRead, Holding, Input, MemoryFormat, ReadOptions, Source,
    other_holding, parallel,
};
use crate::glossary::{self, ImportReport};
use crate::memory::{MemoryImport, MemoryImportReport, Unit};
use crate::store::{Store, health};
use crate::text::{LangTag, NamedLang};

/// Told about each file an import reads. The default does nothing.
pub trait Progress {
    /// A file's import begins; `bytes` is its size when known. A tracker returned here is
    /// told, from the reading thread, as the file's bytes are read, and finished after it.
    fn begin(&self, _name: &str, _bytes: Option<u64>) -> Option<Arc<dyn Tracker>> {
        None
    }
}

/// One file's progress; see [`Progress::begin`].
pub trait Tracker: Send + Sync {
    fn read(&self, bytes: u64);
    /// Units processed so far (stored, duplicates and skipped), told from the storing thread
    /// after each batch; a memory import's only.
    fn units(&self, _units: u64) {}
    fn finish(&self);
}

/// No progress reporting.
pub struct Silent;

impl Progress for Silent {}

/// What `glossary import` does, validated.
#[derive(Clone, Debug)]
pub struct GlossarySettings {
    pub files: Vec<(PathBuf, GlossaryFormat)>,
    pub read: ReadOptions,
    pub dry_run: bool,
}

impl GlossarySettings {
    /// Every file with its format: the one given, or the one its name implies.
    pub fn new(
        files: &[PathBuf],
        format: Option<GlossaryFormat>,
        langs: Vec<LangTag>,
        dry_run: bool,
    ) -> Result<GlossarySettings> {
        let files = files
            .iter()
            .map(|path| {
                let f = format
                    .or_else(|| GlossaryFormat::from_path(path))
                    .ok_or_else(|| unknown_format(path, "tbx|csv|tsv|cedict", false))?;
                Ok((path.clone(), f))
            })
            .collect::<Result<_>>()?;
        Ok(GlossarySettings {
            files,
            read: ReadOptions {
                langs,
                ..ReadOptions::default()
            },
            dry_run,
        })
    }
}

/// A file whose format its name does not tell, or standard input, which has no name; a file
/// whose name says it holds the other thing is named as such ([`other_holding`]).
fn unknown_format(path: &Path, formats: &str, into_memory: bool) -> Error {
    let wanted = if into_memory {
        Holding::Memory
    } else {
        Holding::Glossary
    };
    if let Some(msg) = other_holding(path, wanted, "import", formats) {
        return Error::Invalid(msg);
    }
    Error::Invalid(match DocSource::new(path) {
        DocSource::Stdin => {
            format!(
                "standard input has no file name to tell its format by; pass --format {formats}"
            )
        }
        DocSource::File(p) => {
            // `train.en`: a name that gives a language and no format is one side of a
            // parallel corpus, the MT corpora's naming.
            let parallel = match parallel::lang_from_name(&p) {
                Some(lang) if into_memory => format!(
                    " (its name gives a language, {lang}: for two line-aligned text files, one per language, use --parallel FILE1 FILE2)"
                ),
                _ => String::new(),
            };
            format!(
                "{}: cannot tell the format from the file name; pass --format {formats}{parallel}",
                p.display()
            )
        }
    })
}

/// Imports glossary files in one transaction; one report per file.
pub fn import_glossary(store: &mut Store, s: &GlossarySettings) -> Result<Vec<ImportReport>> {
    // Every file is read before anything is written, so a bad file leaves the database as
    // it was, whatever its position in the list, and the write lock is held only to write.
    let mut reads = Vec::with_capacity(s.files.len());
    for (path, format) in &s.files {
        let src = read_source(path)?;
        let read = format.reader().read(&src, &s.read)?;
        reads.push((src.name, *format, read, s.read.names.take()));
    }
    store_glossary(store, reads, s.dry_run)
}

/// Imports a glossary already in hand (an upload to `concord serve`) as [`import_glossary`]
/// imports a file: its bytes decoded as a file's are, `name` standing for the file's path in
/// the report and in errors, in one transaction, nothing written when it is bad.
pub fn import_glossary_bytes(
    store: &mut Store,
    name: &str,
    bytes: &[u8],
    format: GlossaryFormat,
    read: &ReadOptions,
    dry_run: bool,
) -> Result<Vec<ImportReport>> {
    let src = Source::from_text(name, decode(name, bytes)?);
    let glossary = format.reader().read(&src, read)?;
    store_glossary(
        store,
        vec![(src.name, format, glossary, read.names.take())],
        dry_run,
    )
}

/// A glossary file read: its name, its format, its concepts, the language names it used.
type GlossaryFileRead = (String, GlossaryFormat, GlossaryRead, Vec<NamedLang>);

/// Writes glossaries already read, in one transaction (rolled back for a dry run).
fn store_glossary(
    store: &mut Store,
    reads: Vec<GlossaryFileRead>,
    dry_run: bool,
) -> Result<Vec<ImportReport>> {
    let write = |store: &mut Store| {
        health::ensure_sound(store)?;
        let tx = store.transaction()?;
        let mut reports = Vec::new();
        for (origin, format, read, named) in reads {
            let mut report = glossary::import(&tx, &origin, format.name(), read)?;
            report.languages_named = named;
            reports.push(report);
        }
        // Compiled now, once for every file, while the import is taking its time anyway,
        // rather than by the first check after it.
        glossary::compiled::refresh(&tx)?;
        if !dry_run {
            tx.commit()?;
        }
        Ok(reports)
    };
    write(store).map_err(|e| store.in_file(e))
}

/// A file's text, or standard input's for `-`.
fn read_source(path: &Path) -> Result<Source> {
    let src = DocSource::new(path);
    Ok(Source::from_text(src.name(), src.read_text()?))
}

/// One memory file to import.
#[derive(Clone, Debug)]
pub enum MemoryJob {
    File {
        path: PathBuf,
        format: MemoryFormat,
    },
    /// Two line-aligned files: line N of one translates line N of the other.
    Parallel {
        files: [PathBuf; 2],
        langs: [LangTag; 2],
    },
    /// Bytes that arrive as they are read (an upload to the server), under a name that stands
    /// for a file's in reports, messages and the units' origin.
    Stream {
        name: String,
        format: MemoryFormat,
        input: Stream,
    },
}

/// A reader that can be read once, by the import that takes it. Behind a lock so that the
/// settings that hold it stay shareable, as settings that name files are.
#[derive(Clone)]
pub struct Stream(Arc<Mutex<Option<Box<dyn Read + Send>>>>);

impl Stream {
    pub fn new(reader: impl Read + Send + 'static) -> Stream {
        Stream(Arc::new(Mutex::new(Some(Box::new(reader)))))
    }

    fn take(&self, name: &str) -> Result<Box<dyn Read + Send>> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
            .ok_or_else(|| Error::Invalid(format!("{name}: its bytes were read already")))
    }
}

impl std::fmt::Debug for Stream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Stream")
    }
}

/// What `tm import` does, validated.
#[derive(Clone, Debug)]
pub struct MemorySettings {
    pub jobs: Vec<MemoryJob>,
    pub read: ReadOptions,
    pub dry_run: bool,
}

impl MemorySettings {
    /// Every file with its format (the one given, or the one its name implies), and a
    /// parallel pair with its languages (from `langs`, else from the files' names).
    pub fn new(
        files: &[PathBuf],
        format: Option<MemoryFormat>,
        parallel_pair: Option<[PathBuf; 2]>,
        langs: Vec<LangTag>,
        skip_header: bool,
        dry_run: bool,
    ) -> Result<MemorySettings> {
        let mut jobs = Vec::new();
        if let Some([a, b]) = parallel_pair {
            let langs: [LangTag; 2] = match langs.as_slice() {
                [x, y] => [x.clone(), y.clone()],
                [] => match (parallel::lang_from_name(&a), parallel::lang_from_name(&b)) {
                    (Some(x), Some(y)) => [x, y],
                    _ => {
                        return Err(Error::Invalid(format!(
                            "cannot tell the languages of {} and {} from their names; pass --langs en,zh-CN",
                            a.display(),
                            b.display()
                        )));
                    }
                },
                _ => {
                    return Err(Error::Invalid(
                        "--parallel takes exactly two languages in --langs, one per file".into(),
                    ));
                }
            };
            jobs.push(MemoryJob::Parallel {
                files: [a, b],
                langs,
            });
        }
        for path in files {
            let format = format
                .or_else(|| MemoryFormat::from_path(path))
                .ok_or_else(|| unknown_format(path, "tmx|xliff|csv|tsv", true))?;
            jobs.push(MemoryJob::File {
                path: path.clone(),
                format,
            });
        }
        Ok(MemorySettings {
            jobs,
            read: ReadOptions {
                langs,
                skip_header,
                ..ReadOptions::default()
            },
            dry_run,
        })
    }

    /// The files' total size; standard input and streams count as small, their size being
    /// unknown. (A stream so counted keeps the import under WAL, where other connections
    /// read beside it: the server relies on that.)
    fn input_bytes(&self) -> u64 {
        self.jobs
            .iter()
            .flat_map(|j| match j {
                MemoryJob::File { path, .. } => std::slice::from_ref(path),
                MemoryJob::Parallel { files, .. } => files.as_slice(),
                MemoryJob::Stream { .. } => &[],
            })
            .filter_map(|f| std::fs::metadata(f).ok())
            .map(|m| m.len())
            .sum()
    }
}

/// Imports memory files in one transaction; one report per file (or parallel pair).
pub fn import_memory(
    store: &mut Store,
    s: &MemorySettings,
    progress: &dyn Progress,
) -> Result<Vec<MemoryImportReport>> {
    store_memory(store, s, progress).map_err(|e| store.in_file(e))
}

fn store_memory(
    store: &mut Store,
    s: &MemorySettings,
    progress: &dyn Progress,
) -> Result<Vec<MemoryImportReport>> {
    // A file damaged where the import does not read would take its rows and report success.
    health::ensure_sound(store)?;
    let tx = store.import_transaction(s.input_bytes())?;
    let mut reports = Vec::new();
    for job in &s.jobs {
        let job = job_reader(job, &s.read, progress)?;
        let mut import = MemoryImport::new(&tx, &job.origin, job.format)?;
        if let Some(t) = job.tracker.clone() {
            import = import.counting(move |n| t.units(n));
        }
        let report = import.run(job.read)?;
        finish(job.tracker);
        reports.push(MemoryImportReport {
            languages_named: s.read.names.take(),
            ..report
        });
    }
    if !s.dry_run {
        tx.commit()?;
    }
    Ok(reports)
}

/// Reads one job's units into a sink and returns the reader's skips; runs on the import's
/// reading thread, which opens the inputs and so owns them.
pub type ReadUnits<'a> =
    Box<dyn FnOnce(&mut dyn FnMut(Unit) -> Result<()>) -> Result<Vec<Skip>> + Send + 'a>;

/// One memory job as every store imports it: the origin and format its units are recorded
/// under, its progress tracker (to finish when the job is done) and its reader.
pub struct JobReader<'a> {
    pub origin: String,
    pub format: &'static str,
    pub tracker: Option<Arc<dyn Tracker>>,
    pub read: ReadUnits<'a>,
}

/// The reader of one memory job (SQLite's import and PostgreSQL's share it).
pub fn job_reader<'a>(
    job: &'a MemoryJob,
    opts: &'a ReadOptions,
    progress: &dyn Progress,
) -> Result<JobReader<'a>> {
    Ok(match job {
        MemoryJob::Parallel {
            files: [a, b],
            langs,
        } => {
            let tracker = begin(progress, a);
            let counted = tracker.clone();
            let langs = langs.clone();
            JobReader {
                origin: format!("{} + {}", name(a), name(b)),
                format: "parallel",
                tracker,
                read: Box::new(move |sink| {
                    parallel::read_parallel(
                        open_input(a, counted)?,
                        open_input(b, None)?,
                        langs,
                        sink,
                    )
                }),
            }
        }
        MemoryJob::File { path, format } => {
            let tracker = begin(progress, path);
            let counted = tracker.clone();
            JobReader {
                origin: name(path),
                format: format.name(),
                tracker,
                read: Box::new(move |sink| {
                    format.reader().read(open_input(path, counted)?, opts, sink)
                }),
            }
        }
        MemoryJob::Stream {
            name,
            format,
            input,
        } => {
            let tracker = progress.begin(name, None);
            let reader = input.take(name)?;
            let counted = tracker.clone();
            JobReader {
                origin: name.clone(),
                format: format.name(),
                tracker,
                read: Box::new(move |sink| {
                    let input = match counted {
                        Some(tracker) => Input::from_reader(
                            name.clone(),
                            Counted {
                                inner: reader,
                                tracker,
                            },
                        ),
                        None => Input::from_reader(name.clone(), reader),
                    }?;
                    format.reader().read(input, opts, sink)
                }),
            }
        }
    })
}

/// Reads and imports one memory input inside the caller's transaction, reading on a second
/// thread (which `open` runs on, as the input belongs to it).
pub(crate) fn memory_input(
    tx: &rusqlite::Transaction<'_>,
    origin: &str,
    format: MemoryFormat,
    open: impl FnOnce() -> Result<Input> + Send,
    opts: &ReadOptions,
) -> Result<MemoryImportReport> {
    MemoryImport::new(tx, origin, format.name())?
        .run(|sink| format.reader().read(open()?, opts, sink))
}

/// A file's name in reports and messages; `<stdin>` for `-`.
fn name(path: &Path) -> String {
    DocSource::new(path).name()
}

fn begin(progress: &dyn Progress, path: &Path) -> Option<Arc<dyn Tracker>> {
    let bytes = match DocSource::new(path) {
        DocSource::File(p) => std::fs::metadata(p).ok().map(|m| m.len()),
        DocSource::Stdin => None,
    };
    progress.begin(&name(path), bytes)
}

fn finish(tracker: Option<Arc<dyn Tracker>>) {
    if let Some(t) = tracker {
        t.finish();
    }
}

/// A file to import, counted through its tracker as it is read; `-` is standard input.
fn open_input(path: &Path, tracker: Option<Arc<dyn Tracker>>) -> Result<Input> {
    match (DocSource::new(path), tracker) {
        (src, None) | (src @ DocSource::Stdin, _) => src.input(),
        (DocSource::File(path), Some(tracker)) => {
            let file = crate::formats::limits::open(&path)?;
            Input::from_reader(
                path.display().to_string(),
                Counted {
                    inner: file,
                    tracker,
                },
            )
        }
    }
}

/// A reader that tells a tracker how many bytes went through it.
struct Counted<R> {
    inner: R,
    tracker: Arc<dyn Tracker>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.tracker.read(n as u64);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};

    #[derive(Default)]
    struct Count {
        bytes: AtomicU64,
        finished: AtomicU64,
    }

    impl Tracker for Count {
        fn read(&self, bytes: u64) {
            self.bytes.fetch_add(bytes, Ordering::Relaxed);
        }
        fn finish(&self) {
            self.finished.fetch_add(1, Ordering::Relaxed);
        }
    }

    struct Counting(Arc<Count>);

    impl Progress for Counting {
        fn begin(&self, _: &str, _: Option<u64>) -> Option<Arc<dyn Tracker>> {
            Some(self.0.clone())
        }
    }

    fn file(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn progress_sees_every_byte_and_a_dry_run_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let text = "en\tzh-CN\nMayor\t市长\nGovernor\t州长\n";
        let tsv = file(dir.path(), "pairs.tsv", text);
        let mut store = Store::open_in_memory().unwrap();
        let count = Arc::new(Count::default());
        let dry = MemorySettings::new(std::slice::from_ref(&tsv), None, None, vec![], false, true)
            .unwrap();
        let r = import_memory(&mut store, &dry, &Counting(count.clone())).unwrap();
        assert_eq!(r[0].imported, 2);
        assert_eq!(count.bytes.load(Ordering::Relaxed), text.len() as u64);
        assert_eq!(count.finished.load(Ordering::Relaxed), 1);
        assert_eq!(crate::memory::stats(&store).unwrap().units, 0);
        let real = MemorySettings::new(&[tsv], None, None, vec![], false, false).unwrap();
        import_memory(&mut store, &real, &Silent).unwrap();
        assert_eq!(crate::memory::stats(&store).unwrap().units, 2);
    }

    fn streamed(name: &str, bytes: &'static [u8]) -> MemorySettings {
        MemorySettings {
            jobs: vec![MemoryJob::Stream {
                name: name.into(),
                format: MemoryFormat::Tsv,
                input: Stream::new(std::io::Cursor::new(bytes)),
            }],
            read: ReadOptions::default(),
            dry_run: false,
        }
    }

    #[test]
    fn a_stream_imports_under_its_name_once_and_a_bad_one_leaves_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        let count = Arc::new(Count::default());
        let text = "en\tzh-CN\nMayor\t市长\nGovernor\t州长\n";
        let s = streamed("up.tsv", text.as_bytes());
        let r = import_memory(&mut store, &s, &Counting(count.clone())).unwrap();
        assert_eq!((r[0].origin.as_str(), r[0].imported), ("up.tsv", 2));
        assert_eq!(count.bytes.load(Ordering::Relaxed), text.len() as u64);
        // Its bytes are gone: a second run says so rather than import nothing.
        let e = import_memory(&mut store, &s, &Silent).unwrap_err();
        assert!(e.to_string().contains("up.tsv"), "{e}");
        // A good unit, then a bad one: neither lands.
        let bad = streamed(
            "bad.tsv",
            b"en\tzh-CN\nSpeaker\t\xe8\xae\xae\xe9\x95\xbf\nBad\t\xff\n",
        );
        let e = import_memory(&mut store, &bad, &Silent).unwrap_err();
        assert!(e.to_string().starts_with("bad.tsv:3"), "{e}");
        assert_eq!(crate::memory::stats(&store).unwrap().units, 2);
    }

    #[test]
    fn settings_refuse_what_cannot_be_placed_before_any_database_is_opened() {
        let e =
            MemorySettings::new(&["a.docx".into()], None, None, vec![], false, false).unwrap_err();
        assert!(
            e.to_string().contains("a.docx: cannot tell the format"),
            "{e}"
        );
        let e = MemorySettings::new(
            &[],
            None,
            Some(["a.txt".into(), "b.txt".into()]),
            vec![],
            false,
            false,
        )
        .unwrap_err();
        assert!(e.to_string().contains("pass --langs"), "{e}");
        let e = GlossarySettings::new(&["t.docx".into()], None, vec![], false).unwrap_err();
        assert!(
            e.to_string().contains("pass --format tbx|csv|tsv|cedict"),
            "{e}"
        );
    }

    #[test]
    fn a_bad_glossary_file_anywhere_in_the_list_leaves_the_store_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let good = file(dir.path(), "good.csv", "en,zh-CN\nMayor,市长\n");
        let bad = file(dir.path(), "bad.tbx", "<martif><text>");
        let mut store = Store::open_in_memory().unwrap();
        let s = GlossarySettings::new(&[good.clone(), bad], None, vec![], false).unwrap();
        assert!(import_glossary(&mut store, &s).is_err());
        assert!(
            crate::glossary::list(&store, None, None)
                .unwrap()
                .is_empty()
        );
        let s = GlossarySettings::new(&[good], None, vec![], false).unwrap();
        assert_eq!(import_glossary(&mut store, &s).unwrap()[0].added, 1);
    }
}
