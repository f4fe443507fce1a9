//! The thin command-line layer: parse, validate into settings, call the library, print, and
//! choose the exit code. Errors get their context here (which file, which command).

mod args;
mod check;
mod glossary;
mod lookup;
mod tm;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{CommandFactory, Parser};
use concord::shipped;
use concord::store::{self, Store};

use args::{Cli, Command};

/// What a command found: the exit code scripts rely on.
pub enum Outcome {
    /// 0: done, or found what was asked.
    Success,
    /// 1: nothing found (lookup), or findings at or above the failure level (check).
    Nothing,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Nothing) => ExitCode::from(1),
        Err(e) => {
            // A closed pipe (`concord ... | head`) is not an error worth a message.
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("concord: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<Outcome> {
    let json = cli.json;
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
        Command::Man => {
            clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout())?;
            Ok(Outcome::Success)
        }
        Command::Init { empty } => init(cli.db, empty, json),
        Command::Lookup(args) => lookup::run(&open(cli.db)?, args, json),
        Command::Glossary(cmd) => glossary::run(open(cli.db)?, cmd, json),
        Command::Tm(cmd) => tm::run(open(cli.db)?, cmd, json),
        Command::Analyze(args) => tm::analyze(&open(cli.db)?, args, json),
        Command::Check(args) => check::run(&open(cli.db)?, args, json),
    }
}

fn db_path(db: Option<PathBuf>) -> Result<PathBuf> {
    match db {
        Some(p) => Ok(p),
        None => Ok(store::default_path()?),
    }
}

/// Opens the database, creating and seeding it on first use.
fn open(db: Option<PathBuf>) -> Result<Store> {
    let path = db_path(db)?;
    shipped::open_seeded(&path).with_context(|| format!("opening {}", path.display()))
}

fn init(db: Option<PathBuf>, empty: bool, json: bool) -> Result<Outcome> {
    let path = db_path(db)?;
    if path.exists() {
        anyhow::bail!(
            "{} already exists; remove it first to start over",
            path.display()
        );
    }
    let (mut store, _) =
        Store::open(&path).with_context(|| format!("creating {}", path.display()))?;
    if !empty {
        shipped::seed(&mut store)?;
    }
    let (concepts, terms) = concord::glossary::db::counts(store.conn())?;
    let units = concord::memory::db::stats(store.conn())?.units;
    if json {
        print_json(&serde_json::json!({
            "database": path,
            "schema_version": store.schema_version()?,
            "seeded": !empty,
            "concepts": concepts,
            "terms": terms,
            "units": units,
        }))?;
    } else {
        let what = if empty {
            "empty"
        } else {
            "seeded with the shipped glossary and memory"
        };
        println!(
            "created {}, {what}: {concepts} concepts, {terms} terms, {units} units",
            path.display()
        );
    }
    Ok(Outcome::Success)
}

/// Ends an import command: commits the one transaction unless it is a dry run (`commit` is
/// then not called, and the transaction rolls everything back when dropped), then reports
/// every file, as JSON or through `print`.
fn finish_import<R: serde::Serialize>(
    commit: impl FnOnce() -> Result<()>,
    dry_run: bool,
    json: bool,
    reports: &[R],
    print: impl Fn(&R, bool),
) -> Result<Outcome> {
    if !dry_run {
        commit()?;
    }
    if json {
        print_json(&serde_json::json!({ "dry_run": dry_run, "files": reports }))?;
    } else {
        for r in reports {
            print(r, dry_run);
        }
    }
    Ok(Outcome::Success)
}

/// How many skipped records a human report lists before "and N more".
const SHOW_FIRST: usize = 10;

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

/// A buffered writer to an export's output file, or to standard output for `-`.
fn create_output(path: &std::path::Path) -> Result<std::io::BufWriter<Box<dyn Write>>> {
    let out: Box<dyn Write> = if path == std::path::Path::new("-") {
        Box::new(std::io::stdout().lock())
    } else {
        Box::new(
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        )
    };
    Ok(std::io::BufWriter::new(out))
}

/// Standard output, buffered: the standard handle flushes at every line, which for a large
/// report (a check's findings run to megabytes of pretty JSON) is a system call per line.
fn buffered_stdout() -> std::io::BufWriter<std::io::StdoutLock<'static>> {
    std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock())
}

/// Pretty JSON on standard output, newline-terminated.
fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    let mut out = buffered_stdout();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}
