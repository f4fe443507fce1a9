//! `concord check`: read a draft, run the checks, report, and exit 0 (clean), 1 (findings at
//! or above --fail-on) or 2 (bad input).

use std::io::Write;

use anyhow::Result;
use concord::check::{self, CheckId, CheckOptions, report};
use concord::document::{self, DocSource, DraftOptions};

use super::args::CheckArgs;
use super::{Database, Outcome, Output, buffered_stdout, print_json};

pub fn run(db: &Database, args: CheckArgs, json: bool) -> Result<Outcome> {
    // The report file is claimed before any work, so a report that would overwrite the draft
    // is refused with nothing written.
    let html = match &args.html {
        Some(path) => {
            let mut inputs = vec![args.file.as_path()];
            inputs.extend(args.source.as_deref());
            Some(Output::create(path, db, &inputs)?)
        }
        None => None,
    };
    let opts = DraftOptions {
        format: args.format.map(Into::into),
        source: args.source.map(DocSource::new),
        from: args.from,
        to: args.to,
        lang: args.lang,
    };
    // The draft is read before the database is opened: a bad draft leaves nothing behind.
    let doc = document::open_draft(&DocSource::new(&args.file), &opts)?;
    let check_opts = CheckOptions {
        disabled: args
            .disable
            .iter()
            .filter_map(|c| CheckId::parse(c))
            .collect(),
    };
    let r = check::run(&db.open()?, &doc, &check_opts)?;
    if let Some(mut html) = html {
        report::html(&mut html, &doc, &r.findings, &r.summary)?;
        html.commit()?;
    }
    if json {
        print_json(&r)?;
    } else {
        let mut out = buffered_stdout();
        report::human(&mut out, &doc, &r.findings, &r.summary, super::colour())?;
        out.flush()?;
    }
    Ok(if r.fails_at(args.fail_on.threshold()) {
        Outcome::Negative
    } else {
        Outcome::Success
    })
}
