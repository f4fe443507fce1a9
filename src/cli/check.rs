//! `concord check`: read a draft, run the checks, report, and exit 0 (clean), 1 (findings at
//! or above --fail-on) or 2 (bad input).

use std::io::{IsTerminal, Read, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};
use concord::check::{self, CheckId, CheckOptions, Document, Glossary, Severity, input, report};
use concord::formats::{Input, MemoryFormat, Source, decode};
use concord::store::Store;

use super::args::{CheckArgs, CheckFormatArg, FailOnArg};
use super::{Outcome, buffered_stdout, print_json};

fn read_text(path: &Path) -> Result<String> {
    if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf)?;
        return Ok(decode::decode("standard input", &buf)?);
    }
    Ok(Source::read(path)?.text)
}

fn display(path: &Path) -> String {
    if path == Path::new("-") {
        "<stdin>".into()
    } else {
        path.display().to_string()
    }
}

fn document(args: &CheckArgs) -> Result<Document> {
    let to = args.to.clone().or_else(|| args.lang.clone());
    if let Some(source) = &args.source {
        let (s, t) = (read_text(source)?, read_text(&args.file)?);
        return Ok(input::from_parallel(
            (&display(source), &s),
            (&display(&args.file), &t),
            args.from.clone(),
            to,
        )?);
    }
    let ext = args
        .file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let format = match (args.format, ext.as_deref()) {
        (Some(f), _) => f,
        (None, Some("tsv" | "tab")) => CheckFormatArg::Tsv,
        (None, Some("xlf" | "xliff" | "sdlxliff" | "mqxliff")) => CheckFormatArg::Xliff,
        (None, Some("tmx")) => CheckFormatArg::Tmx,
        (None, Some("txt" | "md" | "markdown")) => CheckFormatArg::Text,
        (None, _) if args.lang.is_some() => CheckFormatArg::Text,
        (None, _) => bail!(
            "{}: cannot tell the format; pass --format tsv|xliff|tmx|text",
            display(&args.file)
        ),
    };
    let name = display(&args.file);
    Ok(match format {
        CheckFormatArg::Tsv => {
            input::from_tsv(&name, &read_text(&args.file)?, args.from.clone(), to)?
        }
        CheckFormatArg::Text => input::target_only(&name, &read_text(&args.file)?, to),
        CheckFormatArg::Xliff | CheckFormatArg::Tmx => {
            let mf = if matches!(format, CheckFormatArg::Tmx) {
                MemoryFormat::Tmx
            } else {
                MemoryFormat::Xliff
            };
            let input = if args.file == Path::new("-") {
                Input::from_reader("<stdin>", std::io::stdin())?
            } else {
                Input::open(&args.file)?
            };
            input::from_units(input, mf, args.from.clone(), to)?
        }
    })
}

pub fn run(store: &Store, args: CheckArgs, json: bool) -> Result<Outcome> {
    let doc = document(&args)?;
    let glossary = Glossary::from_store(store.conn(), doc.source_lang.as_ref(), &doc.target_lang)?;
    let opts = CheckOptions {
        disabled: args
            .disable
            .iter()
            .filter_map(|c| CheckId::parse(c))
            .collect(),
    };
    let findings = check::check(&doc, &glossary, &opts);
    let summary = check::summarize(doc.segments.len(), &findings);
    if let Some(path) = &args.html {
        let mut f = std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        );
        report::html(&mut f, &doc, &findings, &summary)?;
        f.flush()?;
    }
    if json {
        // Serialised as they are, not through a `serde_json::Value` copy of every finding.
        #[derive(serde::Serialize)]
        struct Report<'a, F, S> {
            findings: &'a F,
            summary: &'a S,
        }
        print_json(&Report {
            findings: &findings,
            summary: &summary,
        })?;
    } else {
        let colour = std::io::stdout().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        let mut out = buffered_stdout();
        report::human(&mut out, &doc, &findings, &summary, colour)?;
        out.flush()?;
    }
    let threshold = match args.fail_on {
        FailOnArg::Error => Some(Severity::Error),
        FailOnArg::Warning => Some(Severity::Warning),
        FailOnArg::Never => None,
    };
    let failing = threshold.is_some_and(|t| findings.iter().any(|f| f.severity >= t));
    Ok(if failing {
        Outcome::Nothing
    } else {
        Outcome::Success
    })
}
