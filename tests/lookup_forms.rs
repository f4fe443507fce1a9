//! `lookup` on other written forms of a glossary term (issue #15): the Chinese plural suffix
//! 们 (市长们), and abbreviations with or without their dots (U.S, M.O.U.).

mod common;

use common::Db;
use serde_json::Value;

/// (match kind, matched term) of each match.
fn summary(db: &Db, query: &str) -> Vec<(String, String)> {
    db.json(&["lookup", query])["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m: &Value| {
            (
                m["match"].as_str().unwrap().to_string(),
                m["matched_term"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn first(db: &Db, query: &str) -> Option<(String, String)> {
    summary(db, query).into_iter().next()
}

fn pair(kind: &str, term: &str) -> Option<(String, String)> {
    Some((kind.to_string(), term.to_string()))
}

#[test]
fn regression_plural_suffix_of_persons_was_only_contained() {
    let db = Db::new();
    assert_eq!(
        summary(&db, "市长们"),
        [pair("inflection", "市长").unwrap()]
    );
    let db = Db::with_glossary(&[
        &["zh-CN=部长", "en=minister"],
        &["zh-CN=代表", "en=representative"],
        &["zh-CN=代表团", "en=delegation"],
    ]);
    assert_eq!(first(&db, "部长们"), pair("inflection", "部长"));
    assert_eq!(first(&db, "部長們"), pair("inflection", "部长"));
    // The plural met, the near-miss 代表团 is not offered beside it.
    assert_eq!(
        summary(&db, "代表们"),
        [pair("inflection", "代表").unwrap()]
    );
    let (code, out, _) = db.run(&["lookup", "部长们"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("inflection") && out.contains("minister"),
        "{out}"
    );
    // Inside a longer phrase the term is still a part of it.
    assert_eq!(first(&db, "部长们的会议"), pair("contained", "部长"));
}

#[test]
fn regression_words_ending_in_men_are_not_plurals() {
    // 人们, 他们, 我们 are words of their own: the segmenter keeps 人 and 他 out of them.
    let db = Db::with_glossary(&[
        &["zh-CN=人", "en=person"],
        &["zh-CN=他", "en=he"],
        &["zh-CN=部长", "en=minister"],
    ]);
    for q in ["人们", "他们"] {
        assert!(
            summary(&db, q).iter().all(|(k, _)| k == "fuzzy"),
            "{q}: {:?}",
            summary(&db, q)
        );
    }
    // 们 must follow the term: 们部长 is no plural.
    assert_ne!(first(&db, "们部长"), pair("inflection", "部长"));
}

#[test]
fn regression_abbreviation_without_its_dots_found_nothing() {
    let db = Db::new();
    // The shipped glossary writes U.S. and US, and MOU.
    for (q, want) in [
        ("U.S", "美国"),
        ("U.S.", "美国"),
        ("US", "美国"),
        ("M.O.U.", "谅解备忘录"),
    ] {
        let v = db.json(&["lookup", q]);
        let m = &v["matches"][0];
        assert!(
            m["terms"]
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t["text"] == want),
            "{q}: {v}"
        );
    }
    assert_eq!(first(&db, "M.O.U."), pair("normalized", "MOU"));
    assert_eq!(first(&db, "U.S").unwrap().0, "normalized");
    // Text is kept: the term is shown as the glossary writes it.
    let db = Db::with_glossary(&[
        &["en=U.S.", "zh-CN=美国"],
        &["en=M.O.U.", "zh-CN=谅解备忘录"],
    ]);
    for q in ["US", "U.S", "Ｕ.Ｓ."] {
        assert_eq!(first(&db, q), pair("normalized", "U.S."), "{q}");
    }
    assert_eq!(first(&db, "MOU"), pair("normalized", "M.O.U."));
    assert_eq!(first(&db, "M.O.U"), pair("normalized", "M.O.U."));
}

#[test]
fn regression_dots_do_not_make_us_the_us() {
    // Case matters for an abbreviation in capitals, with or without dots.
    let db = Db::with_glossary(&[&["en=U.S.", "zh-CN=美国"], &["en=e.g.", "zh-CN=例如"]]);
    for q in ["us", "Us", "u.s"] {
        assert!(
            summary(&db, q)
                .iter()
                .all(|(k, t)| k == "fuzzy" || t != "U.S."),
            "{q}: {:?}",
            summary(&db, q)
        );
    }
    assert_eq!(first(&db, "e.g"), pair("normalized", "e.g."));
    assert_eq!(first(&db, "eg"), None);
    let shipped = Db::new();
    assert!(summary(&shipped, "us").is_empty(), "us is not US");
}

#[test]
fn regression_abbreviation_without_dots_inside_a_phrase() {
    // Found by the check's matcher too, so containment and the checker see it.
    let db = Db::with_glossary(&[&["en=U.S.", "zh-CN=美国"], &["en=Governor", "zh-CN=州长"]]);
    assert_eq!(
        summary(&db, "the US Governor"),
        [
            pair("contained", "U.S.").unwrap(),
            pair("contained", "Governor").unwrap()
        ]
    );
    let findings = db.term_findings("en\tzh-CN\nthe U.S Governor\t加州州长\n");
    // The source's own text is reported.
    assert_eq!(findings, [(2, "U.S".to_string())]);
    assert!(
        db.term_findings("en\tzh-CN\nthe U.S Governor\t美国州长\n")
            .is_empty()
    );
    assert!(
        db.term_findings("en\tzh-CN\nwe help us all\t我们互相帮助\n")
            .is_empty()
    );
}
