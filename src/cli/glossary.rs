//! `concord glossary …`: managing concepts and terms, importing and exporting files.

use std::io::Write;

use anyhow::Result;
use concord::formats::{GlossaryFormat, Holding};
use concord::glossary::db::Merge;
use concord::glossary::{
    self, AddRequest, ConceptRef, EditRequest, ExportRequest, ImportReport, TermSpec,
};
use concord::import::{self, GlossarySettings};
use concord::text::counted;

use super::args::{AddArgs, EditArgs, ExportArgs, ExtractArgs, GlossaryCommand, ImportArgs};
use super::{
    Database, Outcome, Output, SHOW_FIRST, print_json, print_named, print_skips, report_import,
};

pub fn run(db: &Database, cmd: GlossaryCommand, json: bool) -> Result<Outcome> {
    match cmd {
        GlossaryCommand::Add(args) => add(db, args, json),
        GlossaryCommand::Remove { concept, terms } => remove(db, &concept, &terms, json),
        GlossaryCommand::List { lang, limit } => list(db, lang.as_ref(), limit, json),
        GlossaryCommand::Show { concept } => show(db, &concept, json),
        GlossaryCommand::Edit(args) => edit(db, args, json),
        GlossaryCommand::Import(args) => import(db, args, json),
        GlossaryCommand::Export(args) => export(db, args, json),
        GlossaryCommand::Extract(args) => extract(db, args, json),
    }
}

fn term_specs(specs: &[String]) -> Result<Vec<TermSpec>> {
    Ok(specs
        .iter()
        .map(|s| TermSpec::parse(s))
        .collect::<concord::Result<_>>()?)
}

fn add(db: &Database, args: AddArgs, json: bool) -> Result<Outcome> {
    let req = AddRequest {
        terms: term_specs(&args.terms)?,
        concept: args.concept,
        status: args.status,
        term_type: args.term_type,
        pos: args.pos,
        context: args.context,
        source: args.source,
        note: args.note,
        case_sensitive: args.case_sensitive,
        subject: args.subject,
        definition: args.definition,
        concept_note: args.concept_note,
        separate: args.separate,
    };
    let r = db
        .open_store()?
        .glossary_write(|s| glossary::add(s, &req))?;
    if json {
        print_json(&r)?;
        return Ok(Outcome::Success);
    }
    let name = match &r.ext_id {
        Some(e) => format!("concept {} ({e})", r.concept),
        None => format!("concept {}", r.concept),
    };
    if r.merged {
        println!(
            "{name} has these head terms already: merged into it, {} term(s) added",
            r.terms_added
        );
    } else {
        println!("{name}: {} term(s) added", r.terms_added);
    }
    print_demoted(&r.demoted);
    for a in &r.also_in {
        println!(
            "  {} {} is also in concept {}, {} there",
            a.lang, a.text, a.concept, a.status
        );
    }
    Ok(Outcome::Success)
}

fn print_demoted(demoted: &[TermSpec]) {
    for d in demoted {
        println!("  {} {} was preferred: now admitted", d.lang, d.text);
    }
}

fn remove(db: &Database, concept: &ConceptRef, terms: &[String], json: bool) -> Result<Outcome> {
    let specs = term_specs(terms)?;
    let r = db
        .open_store()?
        .glossary_write(|s| glossary::remove(s, concept, &specs))?;
    let id = r.concept;
    if json {
        print_json(&r)?;
    } else if r.removed_concept && !specs.is_empty() {
        println!(
            "concept {id}: {} term(s) removed; it had no terms left and was removed",
            r.removed_terms
        );
    } else if r.removed_concept {
        println!("concept {id} removed");
    } else {
        println!("concept {id}: {} term(s) removed", r.removed_terms);
    }
    Ok(Outcome::Success)
}

fn edit(db: &Database, args: EditArgs, json: bool) -> Result<Outcome> {
    let term = args.term.as_deref().map(TermSpec::parse).transpose()?;
    let req = EditRequest {
        text: args.text,
        status: args.status,
        term_type: args.term_type,
        pos: args.pos,
        context: args.context,
        source: args.source,
        note: args.note,
        case_sensitive: args.case_sensitive,
        subject: args.subject,
        definition: args.definition,
        concept_note: args.concept_note,
        ..EditRequest::new(args.concept, term)
    };
    let r = db
        .open_store()?
        .glossary_write(|s| glossary::edit(s, &req))?;
    if json {
        print_json(&r)?;
        return Ok(Outcome::Success);
    }
    let what = if r.changed {
        "changed"
    } else {
        "unchanged: it is already so"
    };
    match &r.term {
        Some(t) => println!("concept {}: {} {} {what}", r.concept, t.lang, t.text),
        None => println!("concept {} {what}", r.concept),
    }
    print_demoted(&r.demoted);
    Ok(Outcome::Success)
}

fn list(
    db: &Database,
    lang: Option<&concord::text::LangTag>,
    limit: Option<usize>,
    json: bool,
) -> Result<Outcome> {
    let concepts = glossary::list(db.open_store()?.glossary()?, lang, limit)?;
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
    Ok(Outcome::found(!concepts.is_empty()))
}

fn show(db: &Database, concept: &ConceptRef, json: bool) -> Result<Outcome> {
    let sc = glossary::show(db.open_store()?.glossary()?, concept)?;
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

fn import(db: &Database, args: ImportArgs, json: bool) -> Result<Outcome> {
    let settings = GlossarySettings::new(
        &args.files,
        args.format.map(GlossaryFormat::from),
        args.langs,
        args.dry_run,
    )?;
    let reports = db
        .open_store()?
        .glossary_write(|s| import::import_glossary(s, &settings))?;
    report_import(args.dry_run, json, &reports, print_report)
}

fn print_report(r: &ImportReport, dry_run: bool) {
    let verb = match (dry_run, r.terms_added) {
        (true, _) => "would be",
        (false, 1) => "was",
        (false, _) => "were",
    };
    println!(
        "{}: {} read ({}): {} added, {} merged, {}; {} {verb} added",
        r.origin,
        counted(r.concepts_read, "concept"),
        r.format,
        r.added,
        r.merged,
        counted(r.duplicates, "duplicate"),
        counted(r.terms_added, "term")
    );
    print_named(&r.languages_named);
    print_skips(&r.skipped);
    for s in r.split.iter().take(SHOW_FIRST) {
        let into: Vec<String> = s
            .into
            .iter()
            .map(|p| match p.term_type {
                Some(t) if t == concord::glossary::TermType::Acronym => {
                    format!("{} ({}, {})", p.text, t.as_str(), p.status)
                }
                _ => format!("{} ({})", p.text, p.status),
            })
            .collect();
        println!(
            "  line {}: {} cell \"{}\" split into {}",
            s.line,
            s.lang,
            s.cell,
            into.join(" + ")
        );
    }
    if r.split.len() > SHOW_FIRST {
        println!(
            "  … and {} more cells split (--json lists them all)",
            r.split.len() - SHOW_FIRST
        );
    }
    for m in r.merges.iter().take(SHOW_FIRST) {
        match m.merge {
            Merge::Merged {
                concept,
                terms_added,
            } => println!(
                "  line {}: merged into concept {concept} ({terms_added} new terms)",
                m.line
            ),
            Merge::Duplicate { concept } => {
                println!("  line {}: duplicate of concept {concept}, skipped", m.line)
            }
            Merge::Added { .. } => {}
        }
    }
    if r.merges.len() > SHOW_FIRST {
        println!(
            "  … and {} more merged or duplicate (--json lists them all)",
            r.merges.len() - SHOW_FIRST
        );
    }
}

fn export(db: &Database, args: ExportArgs, json: bool) -> Result<Outcome> {
    let to_stdout = super::is_stdout(&args.file);
    let format = super::export_format(
        args.format.map(GlossaryFormat::from),
        &args.file,
        GlossaryFormat::from_path,
        GlossaryFormat::Tsv,
        (Holding::Glossary, "tbx|csv|tsv"),
    )?;
    if format == GlossaryFormat::Cedict {
        anyhow::bail!("concord does not write CC-CEDICT; export to tbx, csv or tsv");
    }
    let req = ExportRequest {
        format,
        langs: args.lang,
    };
    let mut store = db.open_store()?;
    let glossary = store.glossary()?;
    let mut out = Output::create(&args.file, db, &[])?;
    let r = glossary::export(glossary, &req, &mut out)?;
    out.commit()?;
    if to_stdout {
        return Ok(Outcome::Success);
    }
    if json {
        print_json(
            &serde_json::json!({ "file": args.file, "format": r.format, "concepts": r.concepts, "terms": r.terms }),
        )?;
    } else {
        println!(
            "{}: {} concepts, {} terms ({})",
            args.file.display(),
            r.concepts,
            r.terms,
            r.format
        );
    }
    Ok(Outcome::Success)
}

/// Candidates go to standard output or a file as TSV; `--json` prints them as JSON instead.
/// None frequent enough is a negative answer (exit 1), said on standard error so that the
/// TSV on standard output stays a valid (empty) glossary file.
fn extract(db: &Database, args: ExtractArgs, json: bool) -> Result<Outcome> {
    let req = concord::extract::ExtractRequest {
        from: args.from,
        to: args.to,
        min_count: args.min_count,
        limit: args.limit as usize,
        sample: concord::extract::RENDER_SAMPLE,
    };
    let path = args.output.unwrap_or_else(|| "-".into());
    let r = db.open_store()?.extract(&req)?;
    if json {
        print_json(&r)?;
    } else {
        let mut out = Output::create(&path, db, &[])?;
        r.write_tsv(&mut out)?;
        out.commit()?;
    }
    if r.candidates.is_empty() {
        eprintln!(
            "no candidate term occurs {} times or more in the {} {} segments read{}",
            req.min_count,
            r.units,
            req.from,
            if r.known > 0 {
                format!(" ({} are glossary terms already)", r.known)
            } else {
                String::new()
            }
        );
    } else if !super::is_stdout(&path) && !json {
        println!(
            "{}: {} candidate terms from {} units ({} left out as glossary terms)",
            path.display(),
            r.candidates.len(),
            r.units,
            r.known
        );
    }
    Ok(Outcome::found(!r.candidates.is_empty()))
}
