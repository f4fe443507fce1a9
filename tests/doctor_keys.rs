//! `concord doctor` and the glossary's match keys: a term's text edited by SQL run by hand
//! leaves its keys (`norm`, `infl`, `simp`) as they were, and lookup and check then miss the
//! term as written. Doctor names such terms and its rebuild recomputes their keys.

mod common;
use common::Db;

/// The shipped glossary's "Mayor", renamed in place as a hand-written UPDATE would.
fn renamed_by_hand() -> Db {
    let db = Db::new();
    assert_eq!(
        db.run(&["tm", "stats"]).0,
        0,
        "the first command seeds the file"
    );
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    let n = conn
        .execute(
            "UPDATE term SET text = 'Lord Mayor' WHERE text = 'Mayor' AND lang = 'en'",
            [],
        )
        .unwrap();
    assert_eq!(n, 1);
    db
}

/// Whether lookup meets the glossary term `term` by its whole text, up to case.
fn met_whole(db: &Db, query: &str, term: &str) -> bool {
    let v = db.json(&["lookup", query, "--from", "en", "--to", "zh-CN"]);
    v["matches"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["matched_term"] == term && matches!(m["match"].as_str(), Some("exact" | "case")))
}

#[test]
fn regression_doctor_did_not_see_a_term_whose_text_was_edited_by_hand() {
    let db = renamed_by_hand();
    let r = db.json(&["doctor", "--check-only"]);
    let stale = r["stale"].to_string();
    assert!(stale.contains("match keys of 1 term not those"), "{r}");
    assert_eq!(r["integrity"].as_array().unwrap().len(), 0, "{r}");
    assert!(
        !met_whole(&db, "lord mayor", "Lord Mayor"),
        "stale keys miss it"
    );

    let (code, out, err) = db.run(&["doctor"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("match keys of 1 term"), "{out}");
    let again = db.json(&["doctor", "--check-only"]);
    assert_eq!(again["stale"].as_array().unwrap().len(), 0, "{again}");
    assert!(met_whole(&db, "lord mayor", "Lord Mayor"));
}

#[test]
fn doctor_on_a_freshly_seeded_file_finds_no_stale_keys() {
    let db = Db::new();
    assert_eq!(
        db.run(&["tm", "stats"]).0,
        0,
        "the first command seeds the file"
    );
    let r = db.json(&["doctor", "--check-only"]);
    assert_eq!(r["stale"].as_array().unwrap().len(), 0, "{r}");
}
