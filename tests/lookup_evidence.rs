//! The memory's evidence under a lookup's glossary entries reads a bounded sample, so that a
//! common word costs a lookup milliseconds, not a read of thousands of units per entry; the
//! answer when the glossary is silent keeps `suggest`'s larger sample.

use std::fmt::Write as _;

use concord::memory::suggest::EVIDENCE_SAMPLE;

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

/// The contract of the sample under an entry (README, "The memory's evidence"): the
/// counts are of the units read, which the answer says are a sample, in JSON and in text, and
/// the warning of a deprecated rendering counts against the sample too; a memory with no more
/// units than the sample is read whole and not said to be sampled.
#[test]
fn sampled_evidence_says_so_and_counts_the_units_read() {
    let db = Db::with_glossary(&[&["en=lighthouse", "zh-CN=灯塔"]]);
    let (code, _, err) = db.run(&[
        "glossary",
        "add",
        "--concept",
        "1",
        "--status",
        "deprecated",
        "zh-CN=航标灯",
    ]);
    assert_eq!(code, 0, "{err}");
    lighthouse_memory(&db, 2 * EVIDENCE_SAMPLE);
    let v = db.json(&["lookup", "lighthouse", "--to", "zh-CN"]);
    let e = &v["memory"][0];
    assert_eq!(e["units"], EVIDENCE_SAMPLE, "{e}");
    assert_eq!(e["sampled"], true, "{e}");
    // Each unit holds one of the two: the counts add up to the units read, not to the memory's.
    let count = |text: &str| {
        e["renderings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["text"] == text)
            .unwrap()["units"]
            .as_u64()
            .unwrap() as usize
    };
    let (tower, lamp) = (count("灯塔"), count("航标灯"));
    assert_eq!(tower + lamp, EVIDENCE_SAMPLE, "{e}");
    assert!(lamp > 0 && lamp < tower, "{e}");
    let (code, out, err) = db.run(&["lookup", "lighthouse", "--to", "zh-CN"]);
    assert_eq!(code, 0, "{err}");
    let of = format!("(of {EVIDENCE_SAMPLE} units holding lighthouse, a sample)");
    assert!(
        out.contains(&format!("灯塔 {tower} units, 航标灯 {lamp} {of}")),
        "{out}"
    );
    let warned =
        format!("! the memory uses the deprecated 航标灯 in {lamp} of {EVIDENCE_SAMPLE} units");
    assert!(out.contains(&warned), "{out}");

    // No more units than the sample: all of them, not a sample.
    let whole = Db::with_glossary(&[&["en=lighthouse", "zh-CN=灯塔"]]);
    lighthouse_memory(&whole, EVIDENCE_SAMPLE);
    let v = whole.json(&["lookup", "lighthouse", "--to", "zh-CN"]);
    let e = &v["memory"][0];
    assert_eq!(e["units"], EVIDENCE_SAMPLE, "{e}");
    assert!(e.get("sampled").is_none(), "{e}");
    assert_eq!(e["renderings"][0]["units"], EVIDENCE_SAMPLE * 4 / 5, "{e}");
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
