//! `concord check`: read a draft, run the checks, report, and exit 0 (clean), 1 (findings at
//! or above --fail-on) or 2 (bad input).

use std::io::Write;

use anyhow::Result;
use concord::check::suppress::{Baseline, IgnoreList, Suppression};
use concord::check::{self, CheckId, CheckOptions, report};
use concord::document::{self, DocSource, DraftOptions};

use super::args::{CheckArgs, GroupsArg};
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
        severity: args.severity.iter().copied().collect(),
        suppression: Suppression {
            ignore: IgnoreList::read(
                (args.file.as_os_str() != "-").then_some(args.file.as_path()),
                &args.ignore,
            )?,
            baseline: args.baseline.as_deref().map(Baseline::read).transpose()?,
        },
    };
    let r = check::run(db.open_store()?.glossary_cache()?, &doc, &check_opts)?;
    if let Some(mut html) = html {
        report::html(&mut html, &doc, &r)?;
        html.commit()?;
    }
    if json {
        print_json(&r)?;
    } else {
        let mut out = buffered_stdout();
        let groups = match args.groups {
            GroupsArg::Lead | GroupsArg::Only => Some(&r.groups[..]),
            GroupsArg::Off => None,
        };
        let details = args.groups != GroupsArg::Only;
        let shown = report::Shown {
            groups,
            details,
            colour: super::colour(),
        };
        report::human(&mut out, &doc, &r, &shown, &check_opts.suppression)?;
        out.flush()?;
    }
    Ok(if r.fails_at(args.fail_on.threshold()) {
        Outcome::Negative
    } else {
        Outcome::Success
    })
}
