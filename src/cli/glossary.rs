//! `concord glossary …`: managing concepts and terms, importing and exporting files.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};
use concord::formats::{self, GlossaryFormat, ReadOptions, delimited, tbx};
use concord::glossary::StoredConcept;
use concord::glossary::db;
use concord::glossary::{self, Concept, ImportReport, Status, Term};
use concord::store::Store;
use concord::text::LangTag;

use super::args::{AddArgs, ExportArgs, FormatArg, GlossaryCommand, ImportArgs};
use super::{Outcome, SHOW_FIRST, finish_import, print_json, print_skips};

pub fn run(mut store: Store, cmd: GlossaryCommand, json: bool) -> Result<Outcome> {
    match cmd {
        GlossaryCommand::Add(args) => add(&mut store, args, json),
        GlossaryCommand::Remove { concept, terms } => remove(&mut store, concept, &terms, json),
        GlossaryCommand::List { lang, limit } => list(&store, lang.as_ref(), limit, json),
        GlossaryCommand::Show { concept } => show(&store, concept, json),
        GlossaryCommand::Import(args) => import(&mut store, args, json),
        GlossaryCommand::Export(args) => export(&store, args, json),
    }
}

fn format_of(arg: Option<FormatArg>) -> Option<GlossaryFormat> {
    arg.map(|f| match f {
        FormatArg::Tbx => GlossaryFormat::Tbx,
        FormatArg::Csv => GlossaryFormat::Csv,
        FormatArg::Tsv => GlossaryFormat::Tsv,
        FormatArg::Cedict => GlossaryFormat::Cedict,
    })
}

/// `LANG=TEXT`, the way terms are written on the command line.
fn parse_term_spec(spec: &str) -> Result<(LangTag, String)> {
    let Some((lang, text)) = spec.split_once('=') else {
        bail!("{spec:?}: write a term as LANG=TEXT, e.g. en=Mayor or zh-CN=市长");
    };
    let lang = LangTag::parse(lang)?;
    if text.trim().is_empty() {
        bail!("{spec:?}: the {lang} term is empty");
    }
    Ok((lang, text.to_string()))
}

fn add(store: &mut Store, args: AddArgs, json: bool) -> Result<Outcome> {
    let specs = args
        .terms
        .iter()
        .map(|s| parse_term_spec(s))
        .collect::<Result<Vec<_>>>()?;
    let tx = store.transaction()?;
    let existing = match args.concept {
        Some(id) => Some(
            db::get_concept(&tx, id)?
                .with_context(|| format!("there is no concept {id}"))?
                .concept,
        ),
        None => None,
    };
    let mut concept = Concept {
        subject: args.subject,
        definition: args.definition,
        note: args.concept_note,
        ..Concept::default()
    };
    for (lang, text) in specs {
        let has_head = existing.iter().chain([&concept]).any(|c| {
            c.terms
                .iter()
                .any(|t| t.lang == lang && t.status == Status::Preferred)
        });
        let status = args.status.unwrap_or(if has_head {
            Status::Admitted
        } else {
            Status::Preferred
        });
        concept.terms.push(Term {
            term_type: args.term_type,
            pos: args.pos.clone(),
            context: args.context.clone(),
            source: args.source.clone(),
            note: args.note.clone(),
            case_sensitive: args.case_sensitive,
            ..Term::new(lang, text).with_status(status)
        });
    }
    let batch = concord::store::new_batch(&tx, "glossary", "command line", None)?;
    let (id, added) = match args.concept {
        Some(id) => {
            let mut added = 0;
            for t in &concept.terms {
                if db::insert_term(&tx, id, Some(batch), t)? {
                    added += 1;
                }
            }
            (id, added)
        }
        None => {
            concept.validate("command line")?;
            (
                db::insert_concept(&tx, Some(batch), &concept)?,
                concept.terms.len(),
            )
        }
    };
    tx.commit()?;
    if json {
        print_json(&serde_json::json!({ "concept": id, "terms_added": added }))?;
    } else {
        println!("concept {id}: {added} term(s) added");
    }
    Ok(Outcome::Success)
}

fn remove(store: &mut Store, concept: i64, terms: &[String], json: bool) -> Result<Outcome> {
    let specs = terms
        .iter()
        .map(|s| parse_term_spec(s))
        .collect::<Result<Vec<_>>>()?;
    let tx = store.transaction()?;
    if specs.is_empty() {
        db::remove_concept(&tx, concept)?;
    } else {
        for (lang, text) in &specs {
            db::remove_term(&tx, concept, lang, text)?;
        }
    }
    tx.commit()?;
    if json {
        print_json(
            &serde_json::json!({ "concept": concept, "removed_terms": specs.len(), "removed_concept": specs.is_empty() }),
        )?;
    } else if specs.is_empty() {
        println!("concept {concept} removed");
    } else {
        println!("concept {concept}: {} term(s) removed", specs.len());
    }
    Ok(Outcome::Success)
}

fn load(store: &Store, lang: Option<&LangTag>, limit: Option<usize>) -> Result<Vec<StoredConcept>> {
    let mut ids = db::concept_ids(store.conn(), lang)?;
    if let Some(n) = limit {
        ids.truncate(n);
    }
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.extend(db::get_concept(store.conn(), id)?);
    }
    Ok(out)
}

fn list(
    store: &Store,
    lang: Option<&LangTag>,
    limit: Option<usize>,
    json: bool,
) -> Result<Outcome> {
    let concepts = load(store, lang, limit)?;
    if json {
        print_json(&concepts)?;
        return Ok(Outcome::Success);
    }
    let mut out = std::io::stdout().lock();
    for sc in &concepts {
        let heads: Vec<String> = sc
            .concept
            .languages()
            .into_iter()
            .filter_map(|l| sc.concept.head(l).map(|t| format!("{l}: {}", t.text)))
            .collect();
        writeln!(out, "{:>6}  {}", sc.id, heads.join(" | "))?;
    }
    Ok(if concepts.is_empty() {
        Outcome::Nothing
    } else {
        Outcome::Success
    })
}

fn show(store: &Store, id: i64, json: bool) -> Result<Outcome> {
    let sc =
        db::get_concept(store.conn(), id)?.with_context(|| format!("there is no concept {id}"))?;
    if json {
        print_json(&sc)?;
        return Ok(Outcome::Success);
    }
    let c = &sc.concept;
    println!(
        "concept {}{}",
        sc.id,
        c.ext_id
            .as_deref()
            .map(|e| format!(" ({e})"))
            .unwrap_or_default()
    );
    for (label, value) in [
        ("subject", &c.subject),
        ("definition", &c.definition),
        ("note", &c.note),
    ] {
        if let Some(v) = value {
            println!("  {label}: {v}");
        }
    }
    for t in &c.terms {
        let mut extra: Vec<String> = Vec::new();
        extra.extend(t.term_type.map(|x| x.to_string()));
        extra.extend(t.pos.clone());
        if t.case_sensitive {
            extra.push("case-sensitive".into());
        }
        println!(
            "  {:<6} {}  [{}{}]",
            t.lang.as_str(),
            t.text,
            t.status,
            extra.iter().map(|e| format!(", {e}")).collect::<String>()
        );
        for (label, value) in [
            ("context", &t.context),
            ("note", &t.note),
            ("source", &t.source),
        ] {
            if let Some(v) = value {
                println!("           {label}: {v}");
            }
        }
    }
    if let Some(o) = &sc.origin {
        println!(
            "  from: {o}{}",
            sc.imported_at
                .as_deref()
                .map(|t| format!(", {t}"))
                .unwrap_or_default()
        );
    }
    Ok(Outcome::Success)
}

fn import(store: &mut Store, args: ImportArgs, json: bool) -> Result<Outcome> {
    let opts = ReadOptions {
        langs: args.langs,
        ..ReadOptions::default()
    };
    let format = format_of(args.format);
    // Every file is read before anything is written, so a bad file leaves the database as
    // it was, whatever its position on the command line.
    let mut reads = Vec::new();
    for path in &args.files {
        let f = format.or_else(|| GlossaryFormat::from_path(path));
        let read = formats::read_glossary(path, f, &opts)?;
        reads.push((
            path.display().to_string(),
            f.map(|f| f.name()).unwrap_or("?"),
            read,
        ));
    }
    let tx = store.transaction()?;
    let mut reports = Vec::new();
    for (origin, fmt, read) in reads {
        reports.push(glossary::import(&tx, &origin, fmt, read)?);
    }
    finish_import(
        || Ok(tx.commit()?),
        args.dry_run,
        json,
        &reports,
        print_report,
    )
}

fn print_report(r: &ImportReport, dry_run: bool) {
    let verb = if dry_run { "would be" } else { "were" };
    println!(
        "{}: {} concepts read ({}): {} added, {} merged, {} duplicates; {} terms {verb} added",
        r.origin, r.concepts_read, r.format, r.added, r.merged, r.duplicates, r.terms_added
    );
    print_skips(&r.skipped);
    for m in r.merges.iter().take(SHOW_FIRST) {
        match m.merge {
            db::Merge::Merged {
                concept,
                terms_added,
            } => println!(
                "  line {}: merged into concept {concept} ({terms_added} new terms)",
                m.line
            ),
            db::Merge::Duplicate { concept } => {
                println!("  line {}: duplicate of concept {concept}, skipped", m.line)
            }
            db::Merge::Added { .. } => {}
        }
    }
    if r.merges.len() > SHOW_FIRST {
        println!(
            "  … and {} more merged or duplicate (--json lists them all)",
            r.merges.len() - SHOW_FIRST
        );
    }
}

fn export(store: &Store, args: ExportArgs, json: bool) -> Result<Outcome> {
    let is_stdout = args.file == Path::new("-");
    let format = match format_of(args.format).or_else(|| GlossaryFormat::from_path(&args.file)) {
        Some(GlossaryFormat::Cedict) => {
            bail!("concord does not write CC-CEDICT; export to tbx, csv or tsv")
        }
        Some(f) => f,
        None if is_stdout => GlossaryFormat::Tsv,
        None => bail!(
            "{}: cannot tell the format from the file name; pass --format tbx|csv|tsv",
            args.file.display()
        ),
    };
    let mut concepts = load(store, None, None)?;
    if !args.lang.is_empty() {
        for sc in &mut concepts {
            sc.concept
                .terms
                .retain(|t| args.lang.iter().any(|r| r.selects(&t.lang)));
        }
        concepts.retain(|sc| !sc.concept.terms.is_empty());
    }
    let mut out = super::create_output(&args.file)?;
    match format {
        GlossaryFormat::Tbx => tbx::write_tbx(&mut out, &concepts, args.lang.first())?,
        GlossaryFormat::Csv => delimited::write_delimited(&mut out, b',', &concepts)?,
        GlossaryFormat::Tsv | GlossaryFormat::Cedict => {
            delimited::write_delimited(&mut out, b'\t', &concepts)?
        }
    }
    out.flush()
        .with_context(|| format!("writing {}", args.file.display()))?;
    let terms: usize = concepts.iter().map(|c| c.concept.terms.len()).sum();
    if json && !is_stdout {
        print_json(
            &serde_json::json!({ "file": args.file, "format": format.name(), "concepts": concepts.len(), "terms": terms }),
        )?;
    } else if !is_stdout {
        println!(
            "{}: {} concepts, {terms} terms ({})",
            args.file.display(),
            concepts.len(),
            format.name()
        );
    }
    Ok(Outcome::Success)
}
