//! The thin command-line layer: parse, validate into settings, call the library, print, and
//! choose the exit code. Errors get their context here (which file, which command).

mod args;
mod check;
mod doctor;
mod glossary;
mod lookup;
mod serve;
mod suggest;
mod tm;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{CommandFactory, Parser};
use concord::database::{self, Location, Opened};
use concord::store::Store;
use concord::text::counted;

use args::{Cli, Command};

/// What a command found: the exit code scripts rely on.
pub enum Outcome {
    /// 0: done, or found what was asked.
    Success,
    /// 1: the answer is negative: nothing found (lookup, search, concordance, an empty list),
    /// or findings at or above the failure level (check).
    Negative,
}

impl Outcome {
    /// `Success` when there is something, `Negative` when there is nothing.
    fn found(any: bool) -> Outcome {
        if any {
            Outcome::Success
        } else {
            Outcome::Negative
        }
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    concord::store::on_wait(|db| {
        eprintln!(
            "concord: another process (a concord import?) is writing {}; waiting for it to finish…",
            db.display()
        )
    });
    let db = cli.db.clone();
    match run(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Negative) => ExitCode::from(1),
        Err(e) => {
            // A closed pipe (`concord ... | head`) is not an error worth a message.
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("concord: {}", message(&named(e, db)));
            ExitCode::from(2)
        }
    }
}

/// A SQLite error from the library that does not say which file it is about (one met in the
/// middle of a command's work, not at opening) gets the database's name.
fn named(e: anyhow::Error, db: Option<PathBuf>) -> anyhow::Error {
    let unnamed = e
        .chain()
        .any(|c| matches!(c.downcast_ref(), Some(concord::Error::Sqlite(_))));
    if !unnamed {
        return e;
    }
    match db.map(Ok).unwrap_or_else(database::default_path) {
        Ok(path) => e.context(format!("database {}", path.display())),
        Err(_) => e,
    }
}

/// The error and its causes, each said once: a library error that already names its cause
/// (an I/O error, a SQLite error) is not followed by that cause again.
fn message(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

fn run(cli: Cli) -> Result<Outcome> {
    let json = cli.json;
    let db = Database(cli.db.or_else(|| {
        std::env::var_os("CONCORD_DB")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    }));
    match cli.command {
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "concord",
                &mut std::io::stdout(),
            );
            Ok(Outcome::Success)
        }
        Command::Man { command, dir } => man(&command, dir.as_deref()),
        Command::Init { empty } => init(&db, empty, json),
        Command::Lookup(args) => lookup::run(&db, args, json),
        Command::Suggest(args) => suggest::run(&db, args, json),
        Command::Serve(args) => serve::run(&db, args),
        Command::Glossary(cmd) => glossary::run(&db, cmd, json),
        Command::Tm(cmd) => tm::run(&db, cmd, json),
        Command::Analyze(args) => tm::analyze(&db, args, json),
        Command::Check(args) => check::run(&db, args, json),
        Command::Doctor { check_only } => doctor::run(&db, check_only, json),
        Command::Migrate { from, to } => migrate(&from, &to, json),
    }
}

fn migrate(from: &Path, to: &Path, json: bool) -> Result<Outcome> {
    let from = Location::new(from.to_path_buf());
    let to = Location::new(to.to_path_buf());
    let r = concord::migrate::migrate(&from, &to)?;
    if json {
        print_json(&r)?;
    } else {
        println!(
            "moved {} units ({} segments, {} import batches) and {} glossary concepts ({} terms) from {} to {}; the counts agree, and {} sample searches and lookups answer alike on both",
            r.units, r.segments, r.batches, r.concepts, r.terms, r.from, r.to, r.checked
        );
    }
    Ok(Outcome::Success)
}

/// Man pages: the main page refers to one page per command (concord-glossary-add(1)), and
/// every one of them can be printed or written.
fn man(path: &[String], dir: Option<&Path>) -> Result<Outcome> {
    let mut cmd = Cli::command();
    cmd.build();
    if let Some(dir) = dir {
        let mut written = 0;
        write_pages(&cmd, "concord", dir, &mut written)?;
        println!("{written} man pages written to {}", dir.display());
        return Ok(Outcome::Success);
    }
    let mut page = cmd;
    let mut name = String::from("concord");
    for word in path {
        page = page
            .find_subcommand(word)
            .with_context(|| format!("{name} has no command {word:?}"))?
            .clone();
        name = format!("{name}-{word}");
    }
    clap_mangen::Man::new(page.name(name)).render(&mut std::io::stdout())?;
    Ok(Outcome::Success)
}

fn write_pages(cmd: &clap::Command, name: &str, dir: &Path, written: &mut usize) -> Result<()> {
    let path = dir.join(format!("{name}.1"));
    let mut f =
        std::fs::File::create(&path).with_context(|| format!("creating {}", path.display()))?;
    clap_mangen::Man::new(cmd.clone().name(name.to_string())).render(&mut f)?;
    *written += 1;
    for sub in cmd.get_subcommands() {
        write_pages(sub, &format!("{name}-{}", sub.get_name()), dir, written)?;
    }
    Ok(())
}

/// The database a command works on, opened only once its settings are valid.
pub struct Database(Option<PathBuf>);

impl Database {
    fn path(&self) -> Result<PathBuf> {
        match self.location() {
            Some(Location::Postgres(_)) => Err(database::not_on_postgres("this command").into()),
            Some(Location::File(p)) => Ok(p),
            None => Ok(database::default_path()?),
        }
    }

    /// What `--db` (or CONCORD_DB) names, when it names anything.
    fn location(&self) -> Option<Location> {
        self.0.clone().map(Location::new)
    }

    /// Where the store is, SQLite's default file when nothing names one.
    fn store_location(&self) -> Result<Location> {
        match self.location() {
            Some(at) => Ok(at),
            None => Ok(Location::File(database::default_path()?)),
        }
    }

    /// The store, SQLite or PostgreSQL, for the commands that work on both (the memory's).
    pub fn open_store(&self) -> Result<Opened> {
        match self.store_location()? {
            at @ Location::Postgres(_) => {
                Ok(Opened::open(&at).context("connecting to PostgreSQL")?)
            }
            Location::File(_) => Ok(Opened::Sqlite(self.open()?)),
        }
    }

    /// Opens the database, creating and seeding it on first use.
    pub fn open(&self) -> Result<Store> {
        let path = self.path()?;
        database::open(&path).map_err(|e| {
            // The library names the file in what it says about it; anything else gets it here.
            if e.to_string().contains(&path.display().to_string()) {
                e.into()
            } else {
                anyhow::Error::from(e).context(format!("opening {}", path.display()))
            }
        })
    }
}

fn init(db: &Database, empty: bool, json: bool) -> Result<Outcome> {
    let at = db.store_location()?;
    let r = match &at {
        Location::File(path) => {
            database::init_at(&at, empty).with_context(|| format!("creating {}", path.display()))?
        }
        // The library's error names the store (its URL without the password).
        Location::Postgres(_) => database::init_at(&at, empty)?,
    };
    let path = &r.database;
    if json {
        print_json(&r)?;
    } else {
        let what = if empty {
            "empty"
        } else {
            "seeded with the shipped glossary and memory"
        };
        let made = if at.is_postgres() {
            "set up"
        } else {
            "created"
        };
        println!(
            "{made} {}, {what}: {}, {}, {}",
            path.display(),
            counted(r.concepts, "concept"),
            counted(r.terms, "term"),
            counted(r.units, "unit")
        );
    }
    Ok(Outcome::Success)
}

/// Reports every file of an import, as JSON or through `print`.
fn report_import<R: serde::Serialize>(
    dry_run: bool,
    json: bool,
    reports: &[R],
    print: impl Fn(&R, bool),
) -> Result<Outcome> {
    if json {
        print_json(&concord::answer::ImportAnswer {
            dry_run,
            files: reports,
        })?;
    } else {
        for r in reports {
            print(r, dry_run);
        }
    }
    Ok(Outcome::Success)
}

/// How many skipped records a human report lists before "and N more".
const SHOW_FIRST: usize = 10;

/// The language names a file carried in place of tags, so the user sees how they were read.
fn print_named(named: &[concord::text::NamedLang]) {
    if !named.is_empty() {
        let each: Vec<String> = named
            .iter()
            .map(|n| format!("{:?} as {}", n.name, n.tag))
            .collect();
        println!("  language names read as tags: {}", each.join(", "));
    }
}

/// The first skipped records of an import, with line and reason.
fn print_skips(skipped: &[concord::formats::Skip]) {
    for s in skipped.iter().take(SHOW_FIRST) {
        println!("  skipped line {}: {}", s.line, s.reason);
    }
    if skipped.len() > SHOW_FIRST {
        println!(
            "  … and {} more skipped (--json lists them all)",
            skipped.len() - SHOW_FIRST
        );
    }
}

/// Where an export goes: standard output for `-`, else a file. The file is written under a
/// temporary name beside it and renamed only by [`Output::commit`], so a failed or empty
/// export never leaves a broken file in place of a good one. Writing over the database, over
/// its journal, or over a file the same command reads (`inputs`) is refused before anything is
/// written.
struct Output {
    out: std::io::BufWriter<Box<dyn Write>>,
    /// The final name and the temporary one, for a file.
    file: Option<(PathBuf, PathBuf)>,
}

impl Output {
    fn create(path: &Path, db: &Database, inputs: &[&Path]) -> Result<Output> {
        if is_stdout(path) {
            return Ok(Output {
                out: std::io::BufWriter::new(Box::new(std::io::stdout().lock())),
                file: None,
            });
        }
        let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        // A PostgreSQL store has no file to write over.
        if let Location::File(db_path) = db.store_location()? {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let mut p = db_path.clone().into_os_string();
                p.push(suffix);
                if same(path, Path::new(&p)) {
                    anyhow::bail!(
                        "{} is the database (or its journal); export to another file",
                        path.display()
                    );
                }
            }
        }
        if let Some(input) = inputs.iter().find(|i| same(path, i)) {
            anyhow::bail!(
                "{} is also an input of this command ({}); write the output to another file",
                path.display(),
                input.display()
            );
        }
        let name = path
            .file_name()
            .with_context(|| format!("{}: not a file name", path.display()))?;
        let mut temp_name = std::ffi::OsString::from(".");
        temp_name.push(name);
        temp_name.push(format!(".concord-{}.tmp", std::process::id()));
        let temp = path.with_file_name(temp_name);
        let f =
            std::fs::File::create(&temp).with_context(|| format!("creating {}", path.display()))?;
        Ok(Output {
            out: std::io::BufWriter::new(Box::new(f)),
            file: Some((path.to_path_buf(), temp)),
        })
    }

    /// Flushes, and moves a file to its final name.
    fn commit(mut self) -> Result<()> {
        let name = self.file.as_ref().map_or_else(
            || "standard output".to_string(),
            |(p, _)| p.display().to_string(),
        );
        self.out
            .flush()
            .with_context(|| format!("writing {name}"))?;
        if let Some((path, temp)) = self.file.take() {
            std::fs::rename(&temp, &path).with_context(|| format!("writing {}", path.display()))?;
        }
        Ok(())
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.out.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if let Some((_, temp)) = self.file.take() {
            let _ = std::fs::remove_file(temp);
        }
    }
}

fn is_stdout(path: &Path) -> bool {
    path == Path::new("-")
}

/// An export's format: the one given, else the one the file's name implies, else (for
/// standard output) `stdout_default`.
fn export_format<F>(
    given: Option<F>,
    path: &Path,
    from_path: fn(&Path) -> Option<F>,
    stdout_default: F,
    (holding, choices): (concord::formats::Holding, &str),
) -> Result<F> {
    match given.or_else(|| from_path(path)) {
        Some(f) => Ok(f),
        None if is_stdout(path) => Ok(stdout_default),
        None => match concord::formats::other_holding(path, holding, "export", choices) {
            Some(msg) => anyhow::bail!(msg),
            None => anyhow::bail!(
                "{}: cannot tell the format from the file name; pass --format {choices}",
                path.display()
            ),
        },
    }
}

/// Whether to mark text with terminal colours: on a terminal, unless NO_COLOR is set.
fn colour() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Standard output, buffered: the standard handle flushes at every line, which for a large
/// report (a check's findings run to megabytes of pretty JSON) is a system call per line.
fn buffered_stdout() -> std::io::BufWriter<std::io::StdoutLock<'static>> {
    std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock())
}

/// Pretty JSON on standard output, newline-terminated.
fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    let mut out = buffered_stdout();
    concord::answer::write_json(&mut out, value)?;
    out.flush()?;
    Ok(())
}
