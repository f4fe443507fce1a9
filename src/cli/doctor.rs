//! `concord doctor`: print what the library's check of the database found and did.

use anyhow::Result;
use concord::doctor::{self, DoctorOptions, DoctorReport};

use super::{Database, Outcome, print_json};

pub fn run(db: &Database, check_only: bool, json: bool) -> Result<Outcome> {
    let r = doctor::run_at(
        &db.store_location()?,
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
    let mark = if r.store == "postgresql" {
        "a PostgreSQL store (concord_schema)".to_string()
    } else if r.marked {
        "concord's (application id set)".to_string()
    } else {
        "an older concord's, recognised by its tables (no application id yet)".to_string()
    };
    let label = if r.store == "postgresql" {
        "store:"
    } else {
        "file:"
    };
    println!(
        "  {label:<14} {mark}{}",
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
            "{}",
            if r.store == "postgresql" {
                "problems found: rows of the store contradict each other (SQL run by hand, a partial restore?); restore it from a backup (pg_dump), or move it to a file and back (concord migrate) to rebuild its index from its rows"
            } else {
                "problems found: concord cannot repair damaged pages; restore the file from a backup"
            }
        );
    }
}
