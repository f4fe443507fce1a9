//! `concord lookup`: print the approved renderings of a term.

use anyhow::Result;
use concord::glossary::lookup::{LookupMatch, RenderedTerm};
use concord::glossary::{self, LookupQuery, Status};
use concord::text::LangTag;
use concord::text::chars::for_terminal as shown;
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
    let matches = glossary::lookup(&db.open()?, &query)?;
    // A concept without a rendering in the language asked for is not an answer.
    let answered = matches.iter().any(|m| !m.terms.is_empty());
    if json {
        print_json(&serde_json::json!({ "query": query.text, "matches": matches }))?;
    } else if matches.is_empty() {
        eprintln!("no glossary entry for {:?}", query.text);
    } else {
        for (i, m) in matches.iter().enumerate() {
            if i > 0 {
                println!();
            }
            print_match(m, query.to.as_ref());
        }
    }
    Ok(Outcome::found(answered))
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
