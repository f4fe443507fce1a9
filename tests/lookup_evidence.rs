//! The memory's evidence under a lookup's glossary entries reads a bounded sample, so that a
//! common word costs a lookup milliseconds, not a read of thousands of units per entry; the
//! answer when the glossary is silent keeps `suggest`'s larger sample.

use std::fmt::Write as _;

mod common;
use common::Db;

/// A memory in which `units` units hold "lighthouse": 灯塔 in four of five, 航标灯 in the rest.
fn lighthouse_memory(db: &Db, units: usize) {
    let mut tsv = String::from("en\tzh-CN\n");
    for i in 0..units {
        let zh = if i % 5 == 4 { "航标灯" } else { "灯塔" };
        writeln!(
            tsv,
            "Ship {i} passed the lighthouse.\t第{i}号船经过了{zh}。"
        )
        .unwrap();
    }
    db.import_tsv(&tsv);
}

#[test]
fn regression_lookup_evidence_read_two_thousand_units_for_each_entry() {
    let db = Db::with_glossary(&[&["en=lighthouse", "zh-CN=灯塔"]]);
    lighthouse_memory(&db, 1_200);
    let v = db.json(&["lookup", "lighthouse", "--to", "zh-CN"]);
    let e = &v["memory"][0];
    assert_eq!(e["units"], 500, "{e}");
    assert_eq!(e["sampled"], true, "{e}");
    // The sample keeps the memory's proportions: about four in five say 灯塔.
    let held = e["renderings"][0]["units"].as_u64().unwrap();
    assert!((350..=450).contains(&held), "{e}");

    // suggest reads its own, larger sample.
    let s = db.json(&["suggest", "lighthouse", "--to", "zh-CN"]);
    assert_eq!(s["units"], 1_200, "{s}");
}

#[test]
fn a_silent_glossary_answers_from_suggests_sample() {
    let db = Db::empty();
    lighthouse_memory(&db, 800);
    let v = db.json(&["lookup", "lighthouse", "--to", "zh-CN"]);
    let e = &v["memory"][0];
    assert_eq!(e["units"], 800, "{e}");
    assert!(e.get("sampled").is_none(), "{e}");
}
