//! `lookup` on phrases the glossary does not hold as a whole, and on short Chinese typos, on
//! the shipped glossary.

mod common;

use common::Db;
use serde_json::Value;

fn matches(db: &Db, query: &str) -> Vec<Value> {
    db.json(&["lookup", query])["matches"]
        .as_array()
        .unwrap()
        .clone()
}

/// (match kind, matched term, start in the query) of each match.
fn summary(db: &Db, query: &str) -> Vec<(String, String, Option<u64>)> {
    matches(db, query)
        .iter()
        .map(|m| {
            (
                m["match"].as_str().unwrap().to_string(),
                m["matched_term"].as_str().unwrap().to_string(),
                m["start"].as_u64(),
            )
        })
        .collect()
}

fn owned(v: &[(&str, &str, Option<u64>)]) -> Vec<(String, String, Option<u64>)> {
    v.iter()
        .map(|(k, t, s)| (k.to_string(), t.to_string(), *s))
        .collect()
}

#[test]
fn the_terms_inside_a_phrase_in_query_order() {
    let db = Db::new();
    assert_eq!(
        summary(&db, "Mayor Gong Zheng"),
        owned(&[
            ("contained", "Mayor", Some(0)),
            ("contained", "Gong Zheng", Some(6))
        ])
    );
    assert_eq!(
        summary(&db, "友好城市关系"),
        owned(&[("contained", "友好城市", Some(0))])
    );
    assert_eq!(
        summary(&db, "sister city relationship"),
        owned(&[("contained", "sister cities", Some(0))])
    );
    let got = summary(
        &db,
        "the Shanghai Municipal People's Government's memorandum",
    );
    assert_eq!(
        got[0],
        (
            "contained".to_string(),
            "Shanghai Municipal People's Government".to_string(),
            Some(4)
        ),
        "the longest term, not Shanghai alone: {got:?}"
    );
    let (code, out, _) = db.run(&["lookup", "Mayor Gong Zheng"]);
    assert_eq!(code, 0);
    assert!(out.contains("contained: Gong Zheng at 6"), "{out}");
    assert!(out.contains("龚正"), "{out}");
}

#[test]
fn containment_obeys_the_checks_rules() {
    let db = Db::new();
    // 市长 is not in 南京市长江大桥; mayoral is not Mayor.
    for q in ["南京市长江大桥", "mayoral race"] {
        assert!(
            summary(&db, q)
                .iter()
                .all(|(_, t, _)| t != "市长" && t != "Mayor"),
            "{q}"
        );
    }
    // A whole-query match shows no parts.
    assert_eq!(summary(&db, "Vice Mayor").len(), 1);
}

#[test]
fn short_chinese_typos_are_found_and_two_characters_are_not_guessed() {
    let db = Db::new();
    let m = &matches(&db, "友好成市")[0];
    assert_eq!(m["match"], "fuzzy");
    assert_eq!(m["matched_term"], "友好城市");
    let m = &matches(&db, "姐妹城")[0];
    assert_eq!(m["matched_term"], "姐妹城市");
    assert_eq!(m["use_instead"], "友好城市");
    let (code, out, _) = db.run(&["lookup", "姐妹城"]);
    assert_eq!(code, 0);
    assert!(out.contains("use 友好城市"), "{out}");
    // One wrong character of two is another word: 市场 (market) is not 市长.
    for q in ["市场", "县城", "区域"] {
        assert!(
            summary(&db, q).iter().all(|(k, _, _)| k != "fuzzy"),
            "{q}: {:?}",
            summary(&db, q)
        );
    }
    // A stricter threshold asked for turns the allowance off.
    assert_eq!(db.run(&["lookup", "友好成市", "--fuzzy-min", "90"]).0, 1);
}
