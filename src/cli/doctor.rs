//! `concord doctor`: print what the library's check of the database found and did.

use anyhow::Result;
use concord::doctor::{self, DoctorOptions, DoctorReport};

use super::{Database, Outcome, print_json};

pub fn run(db: &Database, check_only: bool, json: bool) -> Result<Outcome> {
    let path = db.path()?;
    let r = doctor::run(
        &path,
        &DoctorOptions {
            rebuild: !check_only,
        },
    )?;
    if json {
        print_json(&r)?;
    } else {
        print(&r);
    }
    Ok(if r.healthy() {
        Outcome::Success
    } else {
        Outcome::Negative
    })
}

fn print(r: &DoctorReport) {
    println!("database {}", r.database.display());
    let mark = if r.marked {
        "concord's (application id set)".to_string()
    } else {
        "an older concord's, recognised by its tables (no application id yet)".to_string()
    };
    println!(
        "  file:          {mark}{}",
        if r.read_only { ", read only" } else { "" }
    );
    let version = if r.schema_version == r.current_schema_version {
        format!("{} (current)", r.schema_version)
    } else if r.upgraded {
        format!(
            "{}, upgraded to {}",
            r.schema_version, r.current_schema_version
        )
    } else {
        format!(
            "{} (this concord's is {})",
            r.schema_version, r.current_schema_version
        )
    };
    println!("  schema:        version {version}");
    if r.integrity.is_empty() {
        println!("  integrity:     ok");
    } else {
        println!("  integrity:     {} problem(s):", r.integrity.len());
        for p in &r.integrity {
            println!("    {p}");
        }
    }
    if r.foreign_keys.is_empty() {
        println!("  references:    ok");
    } else {
        for o in &r.foreign_keys {
            println!(
                "  references:    {} row(s) of {} point to no row of {} (first ids: {:?})",
                o.rows, o.table, o.parent, o.first
            );
        }
    }
    if !r.stale.is_empty() {
        println!("  stale:         {}", r.stale.join(", "));
    }
    match &r.not_rebuilt {
        Some(why) => println!("  rebuilt:       nothing ({why})"),
        None => println!("  rebuilt:       {}", r.rebuilt.join(", ")),
    }
    if let (Some(c), Some(t), Some(u)) = (r.concepts, r.terms, r.units) {
        println!("  holds:         {c} concepts, {t} terms, {u} units");
    }
    if r.healthy() {
        println!("healthy");
    } else {
        println!(
            "problems found: concord cannot repair damaged pages; restore the file from a backup"
        );
    }
}
