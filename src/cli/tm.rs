//! `concord tm …`: importing, exporting and counting translation units.

use std::fs::File;
use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};
use concord::formats::{Input, MemoryFormat, ReadOptions, parallel};
use concord::memory::db::{self, StoredUnit};
use concord::memory::{MemoryImport, MemoryImportReport};
use concord::store::Store;
use concord::text::LangTag;
use indicatif::{ProgressBar, ProgressStyle};

use concord::memory::concordance::{ConcordanceQuery, Side, concordance};
use concord::memory::search::SearchQuery;

use super::args::{
    AnalyzeArgs, SideArg, TmCommand, TmConcordArgs, TmExportArgs, TmFormatArg, TmImportArgs,
    TmSearchArgs,
};
use super::{Outcome, finish_import, print_json, print_skips};

pub fn run(mut store: Store, cmd: TmCommand, json: bool) -> Result<Outcome> {
    match cmd {
        TmCommand::Import(args) => import(&mut store, args, json),
        TmCommand::Export(args) => export(&store, args, json),
        TmCommand::Stats => stats(&store, json),
        TmCommand::Search(args) => search(&store, args, json),
        TmCommand::Concord(args) => concord_cmd(&store, args, json),
    }
}

fn format_of(arg: Option<TmFormatArg>, path: &Path) -> Result<MemoryFormat> {
    let f = match arg {
        Some(TmFormatArg::Tmx) => MemoryFormat::Tmx,
        Some(TmFormatArg::Xliff) => MemoryFormat::Xliff,
        Some(TmFormatArg::Csv) => MemoryFormat::Csv,
        Some(TmFormatArg::Tsv) => MemoryFormat::Tsv,
        None => MemoryFormat::from_path(path).with_context(|| {
            format!(
                "{}: cannot tell the format from the file name; pass --format tmx|xliff|csv|tsv",
                path.display()
            )
        })?,
    };
    Ok(f)
}

/// A progress bar over the bytes of a file, on a terminal only: piped output stays clean.
fn progress(path: &Path, quiet: bool) -> Option<ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let len = std::fs::metadata(path).ok()?.len();
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes} {elapsed}")
            .ok()?
            .progress_chars("=> "),
    );
    bar.set_message(path.display().to_string());
    Some(bar)
}

/// Opens a file to import, on the thread that reads it (hence the library's error type).
fn open_input(path: &Path, bar: Option<&ProgressBar>) -> concord::Result<Input> {
    match bar {
        None => Input::open(path),
        Some(bar) => {
            let file = File::open(path).map_err(|e| concord::Error::io(path, e))?;
            Input::from_reader(path.display().to_string(), bar.wrap_read(file))
        }
    }
}

fn import(store: &mut Store, args: TmImportArgs, json: bool) -> Result<Outcome> {
    let opts = ReadOptions {
        langs: args.langs.clone(),
        skip_header: args.header,
        ..ReadOptions::default()
    };
    // Standard input counts as small: its size is not known.
    let input_bytes: u64 = args
        .parallel
        .iter()
        .flatten()
        .chain(&args.files)
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let tx = store.import_transaction(input_bytes)?;
    let mut reports: Vec<MemoryImportReport> = Vec::new();
    if let Some(files) = &args.parallel {
        let (a, b) = (&files[0], &files[1]);
        let langs: [LangTag; 2] = match args.langs.as_slice() {
            [x, y] => [x.clone(), y.clone()],
            [] => match (parallel::lang_from_name(a), parallel::lang_from_name(b)) {
                (Some(x), Some(y)) => [x, y],
                _ => bail!(
                    "cannot tell the languages of {} and {} from their names; pass --langs en,zh-CN",
                    a.display(),
                    b.display()
                ),
            },
            _ => bail!("--parallel takes exactly two languages in --langs, one per file"),
        };
        let origin = format!("{} + {}", a.display(), b.display());
        let import = MemoryImport::new(&tx, &origin, "parallel")?;
        let bar = progress(a, json);
        let report = import.run(|sink| {
            parallel::read_parallel(open_input(a, bar.as_ref())?, Input::open(b)?, langs, sink)
        })?;
        bar.inspect(|b| b.finish_and_clear());
        reports.push(report);
    }
    for path in &args.files {
        let format = format_of(args.format, path)?;
        let origin = path.display().to_string();
        let import = MemoryImport::new(&tx, &origin, format.name())?;
        let bar = progress(path, json);
        let report = import.run(|sink| {
            format
                .reader()
                .read(open_input(path, bar.as_ref())?, &opts, sink)
        })?;
        bar.inspect(|b| b.finish_and_clear());
        reports.push(report);
    }
    finish_import(
        || Ok(tx.commit()?),
        args.dry_run,
        json,
        &reports,
        print_report,
    )
}

fn print_report(r: &MemoryImportReport, dry_run: bool) {
    let verb = if dry_run {
        "would be imported"
    } else {
        "imported"
    };
    println!(
        "{} ({}): {} units {verb}, {} duplicates, {} skipped",
        r.origin,
        r.format,
        r.imported,
        r.duplicates,
        r.skipped.len()
    );
    for (pair, n) in &r.by_pair {
        println!("  {pair}: {n}");
    }
    print_skips(&r.skipped);
}

/// Picks, for each wanted language range, the unit's first variant in it; `None` when the
/// unit lacks one.
fn columns<'u>(u: &'u StoredUnit, langs: &[LangTag]) -> Option<Vec<&'u concord::memory::Variant>> {
    langs
        .iter()
        .map(|range| u.unit.variants.iter().find(|v| range.selects(&v.lang)))
        .collect()
}

fn export(store: &Store, args: TmExportArgs, json: bool) -> Result<Outcome> {
    let is_stdout = args.file == Path::new("-");
    let format = match args.format {
        Some(f) => format_of(Some(f), &args.file)?,
        None if is_stdout => MemoryFormat::Tsv,
        None => format_of(None, &args.file)?,
    };
    let mut langs = args.langs.clone();
    if format != MemoryFormat::Tmx && langs.is_empty() {
        let pairs = db::stats(store.conn())?.by_pair;
        match pairs.keys().collect::<Vec<_>>().as_slice() {
            [one] => {
                langs = one
                    .split(" / ")
                    .map(LangTag::parse)
                    .collect::<concord::Result<_>>()?
            }
            _ => bail!(
                "the memory holds several language pairs; choose the TSV columns with --langs en,zh-CN"
            ),
        }
    }
    let mut out = super::create_output(&args.file)?;
    let (mut written, mut passed_over) = (0u64, 0u64);
    let ids = db::unit_ids(store.conn(), args.origin.as_deref())?;
    match format {
        MemoryFormat::Tmx => {
            let mut w = concord::formats::tmx::TmxWriter::new(&mut out, langs.first())?;
            for id in ids {
                let Some(u) = db::get_unit(store.conn(), id)? else {
                    continue;
                };
                if langs.is_empty() || columns(&u, &langs).is_some() {
                    w.write_unit(&u.unit)?;
                    written += 1;
                }
            }
            w.finish()?;
        }
        _ => {
            let sep = if format == MemoryFormat::Csv {
                ","
            } else {
                "\t"
            };
            if format == MemoryFormat::Csv {
                let mut w = csv::Writer::from_writer(&mut out);
                w.write_record(langs.iter().map(|l| l.as_str()))?;
                for id in ids {
                    let Some(u) = db::get_unit(store.conn(), id)? else {
                        continue;
                    };
                    if let Some(cols) = columns(&u, &langs) {
                        w.write_record(cols.iter().map(|v| v.text.as_str()))?;
                        written += 1;
                    }
                }
                w.flush()?;
            } else {
                writeln!(
                    out,
                    "{}",
                    langs
                        .iter()
                        .map(|l| l.as_str())
                        .collect::<Vec<_>>()
                        .join(sep)
                )?;
                for id in ids {
                    let Some(u) = db::get_unit(store.conn(), id)? else {
                        continue;
                    };
                    let Some(cols) = columns(&u, &langs) else {
                        continue;
                    };
                    // TSV has no quoting: text with a TAB or a line break cannot be written
                    // without changing it, so it is left out and counted.
                    if cols.iter().any(|v| v.text.contains(['\t', '\n', '\r'])) {
                        passed_over += 1;
                        continue;
                    }
                    writeln!(
                        out,
                        "{}",
                        cols.iter()
                            .map(|v| v.text.as_str())
                            .collect::<Vec<_>>()
                            .join(sep)
                    )?;
                    written += 1;
                }
            }
        }
    }
    out.flush()
        .with_context(|| format!("writing {}", args.file.display()))?;
    drop(out);
    if json && !is_stdout {
        print_json(
            &serde_json::json!({ "file": args.file, "format": format.name(), "units": written, "passed_over": passed_over }),
        )?;
    } else if !is_stdout {
        println!(
            "{}: {written} units ({})",
            args.file.display(),
            format.name()
        );
    }
    if passed_over > 0 {
        eprintln!(
            "{passed_over} units hold a TAB or line break that TSV cannot carry; export to TMX to keep them"
        );
    }
    Ok(Outcome::Success)
}

fn stats(store: &Store, json: bool) -> Result<Outcome> {
    let s = db::stats(store.conn())?;
    if json {
        print_json(&s)?;
        return Ok(Outcome::Success);
    }
    println!("{} units, {} segments", s.units, s.variants);
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

/// Marks a hit in a segment: reverse video on a terminal (unless NO_COLOR), «» elsewhere.
fn highlight(text: &str, start: usize, len: usize) -> String {
    let colour = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let (open, close) = if colour {
        ("\x1b[7m", "\x1b[0m")
    } else {
        ("«", "»")
    };
    let chars: Vec<char> = text.chars().collect();
    let (a, b) = (start.min(chars.len()), (start + len).min(chars.len()));
    format!(
        "{}{open}{}{close}{}",
        chars[..a].iter().collect::<String>(),
        chars[a..b].iter().collect::<String>(),
        chars[b..].iter().collect::<String>()
    )
}

fn search(store: &Store, args: TmSearchArgs, json: bool) -> Result<Outcome> {
    let query = SearchQuery {
        text: args.text.join(" "),
        from: args.from,
        to: args.to,
        min: args.min,
        limit: args.limit as usize,
    };
    let hits = concord::memory::search::search(store.conn(), &query)?;
    if json {
        print_json(&serde_json::json!({ "query": query.text, "min": query.min, "hits": hits }))?;
    } else if hits.is_empty() {
        eprintln!("no match at {}% or above for {:?}", query.min, query.text);
    }
    if !json {
        for h in &hits {
            let pen = if h.penalties.is_empty() {
                String::new()
            } else {
                format!(" - {}", h.penalties.join(", "))
            };
            println!(
                "{}% (base {}{pen})  unit {}, {}",
                h.score, h.base, h.unit, h.origin
            );
            println!("  {:<6} {}", h.source.lang.as_str(), h.source.text);
            for t in &h.targets {
                println!("  {:<6} {}", t.lang.as_str(), t.text);
            }
            let changes: Vec<String> = h
                .diff
                .iter()
                .filter(|d| d.op != "equal")
                .map(|d| match d.op {
                    "replace" => format!("{} → {}", d.query, d.memory),
                    "delete" => format!("-{}", d.query),
                    _ => format!("+{}", d.memory),
                })
                .collect();
            if !changes.is_empty() {
                println!("  diff   {}", changes.join("; "));
            }
            println!();
        }
    }
    Ok(if hits.is_empty() {
        Outcome::Nothing
    } else {
        Outcome::Success
    })
}

fn concord_cmd(store: &Store, args: TmConcordArgs, json: bool) -> Result<Outcome> {
    let query = ConcordanceQuery {
        text: args.text.join(" "),
        side: match args.side {
            SideArg::Source => Side::Source,
            SideArg::Target => Side::Target,
            SideArg::Both => Side::Both,
        },
        lang: args.lang,
        limit: args.limit as usize,
    };
    let hits = concordance(store.conn(), &query)?;
    if json {
        print_json(&serde_json::json!({ "query": query.text, "hits": hits }))?;
    } else if hits.is_empty() {
        eprintln!("no segment contains {:?}", query.text);
    } else {
        for h in &hits {
            println!("unit {} ({})", h.unit, h.origin);
            println!(
                "  {:<6} {}",
                h.segment.lang.as_str(),
                highlight(&h.segment.text, h.start, h.len)
            );
            for t in &h.translations {
                println!("  {:<6} {}", t.lang.as_str(), t.text);
            }
        }
    }
    Ok(if hits.is_empty() {
        Outcome::Nothing
    } else {
        Outcome::Success
    })
}

/// The segments of a document to analyse: XLIFF sources, a TSV column, or lines.
fn document_segments(path: &Path, from: Option<&LangTag>) -> Result<Vec<String>> {
    let name = path.display().to_string();
    let stdin = path == Path::new("-");
    if MemoryFormat::from_path(path) == Some(MemoryFormat::Xliff) {
        return Ok(concord::formats::xliff::sources(Input::open(path)?)?);
    }
    let text = if stdin {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf)?;
        concord::formats::decode::decode("standard input", &buf)?
    } else {
        concord::formats::Source::read(path)?.text
    };
    match MemoryFormat::from_path(path) {
        Some(MemoryFormat::Tsv) if path.extension().is_some_and(|e| e == "tsv") => {
            let mut lines = text.lines().filter(|l| !l.trim().is_empty());
            let first: Vec<&str> = lines
                .clone()
                .next()
                .map(|l| l.split('\t').collect())
                .unwrap_or_default();
            let header: Vec<Option<LangTag>> =
                first.iter().map(|c| LangTag::from_header(c)).collect();
            let col = if header.iter().filter(|h| h.is_some()).count() >= 2 {
                lines.next();
                header
                    .iter()
                    .position(|h| match (h, from) {
                        (Some(l), Some(f)) => f.selects(l),
                        (Some(_), None) => true,
                        _ => false,
                    })
                    .with_context(|| {
                        format!(
                            "{name}: no column in the header is in {}",
                            from.map(|f| f.to_string()).unwrap_or_default()
                        )
                    })?
            } else {
                0
            };
            Ok(lines
                .map(|l| l.split('\t').nth(col).unwrap_or("").to_string())
                .collect())
        }
        _ => Ok(text.lines().map(str::to_string).collect()),
    }
}

pub fn analyze(store: &Store, args: AnalyzeArgs, json: bool) -> Result<Outcome> {
    let segments = document_segments(&args.file, args.from.as_ref())?;
    let sample: String = segments
        .iter()
        .take(50)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ");
    let range = concord::memory::search::source_range(store.conn(), &sample, args.from.as_ref())?;
    let a = concord::memory::analyze::analyze(
        store.conn(),
        segments.iter().map(String::as_str),
        &range,
    )?;
    if json {
        print_json(&serde_json::json!({ "file": args.file, "lang": range, "analysis": a }))?;
        return Ok(Outcome::Success);
    }
    println!("{} ({range}) against the memory:", args.file.display());
    println!(
        "  {:<12} {:>9} {:>9} {:>11}",
        "match", "segments", "words", "characters"
    );
    for b in a.bands.iter().chain([&a.total]) {
        println!(
            "  {:<12} {:>9} {:>9} {:>11}",
            b.name, b.segments, b.words, b.characters
        );
    }
    Ok(Outcome::Success)
}
