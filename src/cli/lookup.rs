//! `concord lookup`: print the approved renderings of a term.

use anyhow::Result;
use concord::glossary::lookup::{LookupMatch, RenderedTerm};
use concord::glossary::{LookupQuery, Status};
use concord::memory::suggest::Evidence;
use concord::text::chars::for_terminal as shown;
use concord::text::{LangTag, counted};
use unicode_width::UnicodeWidthStr;

use super::args::LookupArgs;
use super::{Database, Outcome, print_json};

pub fn run(db: &Database, args: LookupArgs, json: bool) -> Result<Outcome> {
    let query = LookupQuery {
        text: args.term.join(" "),
        from: args.from,
        to: args.to,
        limit: args.limit as usize,
        fuzzy_min: args.fuzzy_min,
    };
    let answer = db.open_store()?.lookup(&query)?;
    if json {
        print_json(&answer)?;
    } else if answer.matches.is_empty() {
        eprintln!("no glossary entry for {:?}", query.text);
        for e in &answer.memory {
            print_evidence(&e.evidence);
        }
    } else {
        for (i, m) in answer.matches.iter().enumerate() {
            if i > 0 {
                println!();
            }
            print_match(m, query.to.as_ref());
            if let Some(e) = answer.memory.iter().find(|e| e.concept == Some(m.concept)) {
                print_evidence(&e.evidence);
            }
        }
    }
    Ok(Outcome::found(answer.found()))
}

/// "in the memory: 海上风电 12 units, 海上风能 3 (of 15 holding offshore wind)", and a warning
/// for each deprecated rendering the memory uses.
fn print_evidence(e: &Evidence) {
    if e.units == 0 {
        println!("  in the memory: no unit contains {}", shown(&e.term));
        return;
    }
    let mut parts: Vec<String> = e
        .renderings
        .iter()
        .filter(|r| r.units > 0)
        .map(|r| format!("{} {}", shown(&r.text), r.units))
        .collect();
    parts.extend(
        e.others
            .iter()
            .map(|o| format!("{} {}", shown(&o.text), o.count)),
    );
    // The noun goes with the first count: "友好城市 30 units, 姐妹城市 5", "友好城市 1 unit".
    let first_count = e
        .renderings
        .iter()
        .filter(|r| r.units > 0)
        .map(|r| r.units)
        .chain(e.others.iter().map(|o| o.count))
        .next();
    if let (Some(first), Some(n)) = (parts.first_mut(), first_count) {
        first.push_str(if n == 1 { " unit" } else { " units" });
    }
    let sampled = if e.sampled { ", a sample" } else { "" };
    if parts.is_empty() {
        println!(
            "  in the memory: no rendering stands out in the {} holding {}{sampled}",
            counted(e.units as u64, "unit"),
            shown(&e.term)
        );
    } else {
        println!(
            "  in the memory: {} (of {} holding {}{sampled})",
            parts.join(", "),
            counted(e.units as u64, "unit"),
            shown(&e.term)
        );
    }
    for r in e.renderings.iter().filter(|r| r.deprecated && r.units > 0) {
        println!(
            "  ! the memory uses the deprecated {} in {} of {} units",
            shown(&r.text),
            r.units,
            e.units
        );
    }
}

fn print_match(m: &LookupMatch, to: Option<&LangTag>) {
    let how = match (m.kind.as_str(), &m.within) {
        ("fuzzy", _) => format!("fuzzy {}%", m.score),
        (k, Some(w)) => format!("{k}: {} at {}", shown(&w.matched), w.start),
        (k, None) => k.to_string(),
    };
    // Stored text is shown escaped: a database may hold control characters, and a terminal
    // would obey them.
    let subject = m
        .subject
        .as_deref()
        .map(|s| format!(", {}", shown(s)))
        .unwrap_or_default();
    let matched = shown(&m.matched_term);
    println!(
        "{matched} [{}] ({how}; concept {}{subject})",
        m.matched_lang, m.concept
    );
    if let Some(instead) = &m.use_instead {
        println!(
            "  ! {matched} is {}: use {}",
            m.matched_status,
            shown(instead)
        );
    }
    let width = m
        .terms
        .iter()
        .map(|t| shown(&t.term.text).width())
        .max()
        .unwrap_or(0);
    for t in &m.terms {
        println!("  {}", render_term(t, width));
    }
    if m.terms.is_empty() {
        let asked = to.map_or_else(|| "other-language".to_string(), |l| l.to_string());
        let has: Vec<&str> = m.other_languages.iter().map(|l| l.as_str()).collect();
        match has.as_slice() {
            [] => println!("  no {asked} rendering in the glossary"),
            _ => println!(
                "  no {asked} rendering in the glossary (it has {})",
                has.join(", ")
            ),
        }
    }
    if let Some(d) = &m.definition {
        println!("  definition: {}", shown(d));
    }
    if let Some(n) = &m.note {
        println!("  note: {}", shown(n));
    }
}

fn render_term(t: &RenderedTerm, width: usize) -> String {
    let term = &t.term;
    let text = shown(&term.text);
    let pad = width.saturating_sub(text.width());
    let mut line = format!(
        "{:<6} {text}{} {}",
        term.lang.as_str(),
        " ".repeat(pad),
        term.status
    );
    if let Some(ty) = term.term_type {
        line.push_str(&format!(", {ty}"));
    }
    if !matches!(term.status, Status::Preferred | Status::Admitted) {
        line.push_str(" - do not use");
        if let Some(instead) = &t.use_instead {
            line.push_str(&format!("; use {}", shown(instead)));
        }
    }
    if let Some(n) = &term.note {
        line.push_str(&format!("\n         note: {}", shown(n)));
    }
    if let Some(s) = &term.source {
        line.push_str(&format!("\n         source: {}", shown(s)));
    }
    line
}
