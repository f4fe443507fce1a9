//! `concord suggest`: the renderings of a term the memory attests.

use anyhow::Result;
use concord::memory::{SuggestQuery, Suggestions};
use concord::text::chars::for_terminal as shown;
use concord::text::counted;

use super::args::SuggestArgs;
use super::{Database, Outcome, print_json};

pub fn run(db: &Database, args: SuggestArgs, json: bool) -> Result<Outcome> {
    let query = SuggestQuery {
        from: args.from,
        to: args.to,
        limit: args.limit as usize,
        ..SuggestQuery::new(args.term.join(" "))
    };
    let s = db.open_store()?.suggest(&query)?;
    if json {
        print_json(&s)?;
    } else if s.units == 0 {
        eprintln!(
            "the memory has no unit containing {:?} in {}",
            query.term, s.from
        );
    } else {
        print(&s);
    }
    Ok(Outcome::found(s.units > 0))
}

fn print(s: &Suggestions) {
    let sampled = if s.sampled { ", a sample" } else { "" };
    println!(
        "{} [{}] in {}{sampled}: renderings in {}",
        shown(&s.query),
        s.from,
        counted(s.units, "unit"),
        s.to
    );
    if s.candidates.is_empty() {
        println!("  no rendering stands out");
    }
    for (i, c) in s.candidates.iter().enumerate() {
        println!(
            "{:>3}. {}  score {:.2}, in {} of {}",
            i + 1,
            shown(&c.text),
            c.score,
            c.count,
            counted(s.units, "unit")
        );
        for e in &c.examples {
            println!(
                "       unit {}: {}",
                e.unit,
                concord::text::mark(&e.target, e.start, e.len, super::colour())
            );
        }
    }
}
