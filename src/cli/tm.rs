//! `concord tm …` and `concord analyze`: importing, exporting, counting and searching
//! translation units.

use std::io::IsTerminal;
use std::sync::Arc;

use anyhow::Result;
use concord::document::{self, DocSource};
use concord::formats::{Holding, MemoryFormat};
use concord::import::{self, MemorySettings, Tracker};
use concord::memory::{self, ConcordanceQuery, ExportRequest, MemoryImportReport, SearchQuery};
use concord::text::chars::for_terminal as shown;
use concord::text::counted;
use indicatif::{ProgressBar, ProgressStyle};

use super::args::{
    AnalyzeArgs, TmCommand, TmConcordArgs, TmExportArgs, TmImportArgs, TmSearchArgs,
};
use super::{Database, Outcome, Output, print_json, print_named, print_skips, report_import};

pub fn run(db: &Database, cmd: TmCommand, json: bool) -> Result<Outcome> {
    match cmd {
        TmCommand::Import(args) => import(db, args, json),
        TmCommand::Export(args) => export(db, args, json),
        TmCommand::Stats => stats(db, json),
        TmCommand::Search(args) => search(db, args, json),
        TmCommand::Concord(args) => concord_cmd(db, args, json),
    }
}

/// Progress bars over the bytes of each file, on a terminal only: piped output stays clean.
struct Bars {
    quiet: bool,
}

impl import::Progress for Bars {
    fn begin(&self, name: &str, bytes: Option<u64>) -> Option<Arc<dyn Tracker>> {
        if self.quiet || !std::io::stderr().is_terminal() {
            return None;
        }
        let bar = ProgressBar::new(bytes?);
        bar.set_style(
            ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes} {elapsed}")
                .ok()?
                .progress_chars("=> "),
        );
        bar.set_message(name.to_string());
        Some(Arc::new(Bar(bar, name.to_string())))
    }
}

/// A file's bar and its name.
struct Bar(ProgressBar, String);

impl Tracker for Bar {
    fn read(&self, bytes: u64) {
        self.0.inc(bytes);
    }

    fn units(&self, units: u64) {
        self.0
            .set_message(format!("{}: {}", self.1, counted(units, "unit")));
    }

    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

fn import(db: &Database, args: TmImportArgs, json: bool) -> Result<Outcome> {
    let parallel = args
        .parallel
        .map(|files| [files[0].clone(), files[1].clone()]);
    let settings = MemorySettings::new(
        &args.files,
        args.format.map(MemoryFormat::from),
        parallel,
        args.langs,
        args.header,
        args.dry_run,
    )?;
    let bars = Bars { quiet: json };
    let reports = db.open_store()?.import_memory(&settings, &bars)?;
    report_import(args.dry_run, json, &reports, print_report)
}

fn print_report(r: &MemoryImportReport, dry_run: bool) {
    let verb = if dry_run {
        "would be imported"
    } else {
        "imported"
    };
    println!(
        "{} ({}): {} {verb}, {}, {} skipped",
        r.origin,
        r.format,
        counted(r.imported, "unit"),
        counted(r.duplicates, "duplicate"),
        r.skipped.len()
    );
    for (pair, n) in &r.by_pair {
        println!("  {pair}: {n}");
    }
    print_named(&r.languages_named);
    print_skips(&r.skipped);
}

fn export(db: &Database, args: TmExportArgs, json: bool) -> Result<Outcome> {
    let to_stdout = super::is_stdout(&args.file);
    let format = super::export_format(
        args.format.map(MemoryFormat::from),
        &args.file,
        MemoryFormat::from_path,
        MemoryFormat::Tsv,
        (Holding::Memory, "tmx|xliff|csv|tsv"),
    )?;
    memory::export::writes(format)?;
    let req = ExportRequest {
        format,
        langs: args.langs,
        origin: args.origin,
    };
    let store = db.open_store()?;
    let mut out = Output::create(&args.file, db, &[])?;
    let r = store.export_memory(&req, &mut out)?;
    if r.units == 0 {
        // Nothing matched: no file is left behind (the output is dropped, not committed).
        eprintln!(
            "no unit matched{}{}: nothing written",
            req.origin
                .as_deref()
                .map(|o| format!(" --origin {o}"))
                .unwrap_or_default(),
            if req.langs.is_empty() {
                String::new()
            } else {
                format!(
                    " --langs {}",
                    req.langs
                        .iter()
                        .map(|l| l.as_str())
                        .collect::<Vec<_>>()
                        .join(",")
                )
            }
        );
        return Ok(Outcome::Negative);
    }
    out.commit()?;
    if json && !to_stdout {
        print_json(&serde_json::json!({
            "file": args.file,
            "format": r.format,
            "units": r.units,
            "incomplete": r.incomplete,
            "left_out": r.left_out,
        }))?;
    } else if !to_stdout {
        println!(
            "{}: {} ({})",
            args.file.display(),
            counted(r.units, "unit"),
            r.format
        );
    }
    if r.incomplete > 0 {
        let left_out: Vec<String> = r.left_out.iter().map(|(l, n)| format!("{n} {l}")).collect();
        eprintln!(
            "{} written without their segments in languages outside --langs ({}); export without --langs, or to TMX, to keep them",
            counted(r.incomplete, "unit"),
            left_out.join(", ")
        );
    }
    Ok(Outcome::Success)
}

fn stats(db: &Database, json: bool) -> Result<Outcome> {
    let s = db.open_store()?.memory_stats()?;
    if json {
        print_json(&s)?;
        return Ok(Outcome::Success);
    }
    println!(
        "{}, {}",
        counted(s.units, "unit"),
        counted(s.variants, "segment")
    );
    println!("by language pair:");
    for (pair, n) in &s.by_pair {
        println!("  {n:>9}  {pair}");
    }
    println!("by origin:");
    for (origin, n) in &s.by_origin {
        println!("  {n:>9}  {origin}");
    }
    Ok(Outcome::Success)
}

fn search(db: &Database, args: TmSearchArgs, json: bool) -> Result<Outcome> {
    let query = SearchQuery {
        text: args.text.join(" "),
        from: args.from,
        to: args.to,
        min: args.min,
        limit: args.limit as usize,
    };
    let answer = db.open_store()?.search(&query)?;
    let hits = &answer.hits;
    if json {
        print_json(&answer)?;
    } else if hits.is_empty() {
        eprintln!("no match at {}% or above for {:?}", query.min, query.text);
    }
    if !json {
        for h in hits {
            let pen = if h.penalties.is_empty() {
                String::new()
            } else {
                format!(" - {}", h.penalties.join(", "))
            };
            println!(
                "{}% (base {}{pen})  unit {}, {}",
                h.score, h.base, h.unit, h.origin
            );
            // Stored text may hold control characters a terminal would obey.
            println!("  {:<6} {}", h.source.lang.as_str(), shown(&h.source.text));
            for t in &h.targets {
                println!("  {:<6} {}", t.lang.as_str(), shown(&t.text));
            }
            let changes: Vec<String> = h
                .diff
                .iter()
                .filter(|d| d.op != "equal")
                .map(|d| match d.op {
                    "replace" => format!("{} → {}", shown(&d.query), shown(&d.memory)),
                    "delete" => format!("-{}", shown(&d.query)),
                    _ => format!("+{}", shown(&d.memory)),
                })
                .collect();
            if !changes.is_empty() {
                println!("  diff   {}", changes.join("; "));
            }
            println!();
        }
    }
    Ok(Outcome::found(!hits.is_empty()))
}

fn concord_cmd(db: &Database, args: TmConcordArgs, json: bool) -> Result<Outcome> {
    let query = ConcordanceQuery {
        text: args.text.join(" "),
        side: args.side.into(),
        lang: args.lang,
        limit: args.limit as usize,
    };
    let answer = db.open_store()?.concordance(&query)?;
    let hits = &answer.hits;
    if json {
        print_json(&answer)?;
    } else if hits.is_empty() {
        eprintln!("no segment contains {:?}", query.text);
    } else {
        for h in hits {
            println!("unit {} ({})", h.unit, h.origin);
            println!(
                "  {:<6} {}",
                h.segment.lang.as_str(),
                concord::text::mark(&h.segment.text, h.start, h.len, super::colour())
            );
            for t in &h.translations {
                println!("  {:<6} {}", t.lang.as_str(), shown(&t.text));
            }
        }
    }
    Ok(Outcome::found(!hits.is_empty()))
}

pub fn analyze(db: &Database, args: AnalyzeArgs, json: bool) -> Result<Outcome> {
    let doc = document::segments_to_analyze(
        &DocSource::new(&args.file),
        args.from.as_ref(),
        args.to.as_ref(),
    )?;
    let r = db
        .open_store()?
        .analyze(&doc.segments, doc.from.as_ref(), doc.to.as_ref())?;
    if json {
        print_json(&serde_json::json!({
            "file": args.file, "lang": r.lang, "to": r.to, "analysis": r.analysis
        }))?;
        return Ok(Outcome::Success);
    }
    match &r.to {
        Some(to) => println!(
            "{} ({} to {to}) against the memory:",
            args.file.display(),
            r.lang
        ),
        None => println!("{} ({}) against the memory:", args.file.display(), r.lang),
    }
    println!(
        "  {:<12} {:>9} {:>9} {:>11}",
        "match", "segments", "words", "characters"
    );
    for b in r.analysis.bands.iter().chain([&r.analysis.total]) {
        println!(
            "  {:<12} {:>9} {:>9} {:>11}",
            b.name, b.segments, b.words, b.characters
        );
    }
    Ok(Outcome::Success)
}
