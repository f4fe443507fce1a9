//! A count of one reads "1 unit", not "1 units": the human reports of `check`, `lookup`'s
//! memory evidence and `tm import` printed "1 units", "1 warnings" and "1 segments checked".
//! (JSON keeps its numbers; these are the sentences a translator reads.)

mod common;
use common::Db;

#[test]
fn regression_one_segment_one_error_is_not_1_segments_1_errors() {
    let db = Db::with_glossary(&[&["en=Mayor", "zh-CN=市长"]]);
    let draft = db.path.with_file_name("draft.tsv");
    std::fs::write(&draft, "en\tzh-CN\nThe Mayor spoke.\t局长讲话。\n").unwrap();
    let (code, out, err) = db.run(&["check", draft.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("1 segment checked, 1 error, 0 warnings"),
        "{out}"
    );
    assert!(out.starts_with("1 group:\n"), "{out}");
}

#[test]
fn regression_one_unit_of_evidence_is_not_1_units() {
    let db = Db::with_glossary(&[&["en=sister cities", "zh-CN=友好城市"]]);
    db.import_tsv("en\tzh-CN\nThe two sister cities met.\t两个友好城市会面。\n");
    let (code, out, err) = db.run(&["lookup", "sister cities"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("in the memory: 友好城市 1 unit (of 1 unit holding sister cities)"),
        "{out}"
    );
}

#[test]
fn regression_one_imported_unit_is_not_1_units() {
    let db = Db::empty();
    let file = db.path.with_file_name("pairs.tsv");
    std::fs::write(
        &file,
        "en\tzh-CN\nGood morning.\t早上好。\nGood morning.\t早上好。\n",
    )
    .unwrap();
    let (code, out, err) = db.run(&["tm", "import", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("1 unit imported, 1 duplicate, 0 skipped"),
        "{out}"
    );
}

#[test]
fn regression_tm_stats_of_one_unit_is_not_1_units() {
    let db = Db::empty();
    db.import_tsv("en\tzh-CN\nGood morning.\t早上好。\n");
    let (code, out, err) = db.run(&["tm", "stats"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("1 unit, 2 segments\n"), "{out}");
}

#[test]
fn regression_suggest_from_one_unit_is_not_1_units() {
    let db = Db::empty();
    db.import_tsv("en\tzh-CN\nThe lighthouse is old.\t灯塔很旧。\n");
    let (code, out, err) = db.run(&["suggest", "lighthouse", "--from", "en", "--to", "zh-CN"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("in 1 unit:"), "{out}");
    assert!(!out.contains("1 units"), "{out}");
}

#[test]
fn regression_one_concept_read_is_not_1_concepts_and_one_term_was_added() {
    let db = Db::empty();
    let file = db.path.with_file_name("terms.tsv");
    std::fs::write(&file, "en\tzh-CN\nMayor\t市长\n").unwrap();
    let (code, out, err) = db.run(&["glossary", "import", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("1 concept read (tsv): 1 added, 0 merged, 0 duplicates; 2 terms were added"),
        "{out}"
    );
    let one = db.path.with_file_name("one.tsv");
    std::fs::write(&one, "en\tzh-CN\nMayor\t市长\n").unwrap();
    let (code, out, err) = db.run(&["glossary", "import", one.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1 duplicate; 0 terms were added"), "{out}");
}
