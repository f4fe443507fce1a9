//! `term-convention` from the command line: a term a document renders its own way throughout
//! is one finding naming every segment, as severe as the `term-missing` findings it replaces.

mod common;
use common::Db;

const DRAFT: &str = "en\tzh-CN\n\
    The epidemic spread.\t疫情蔓延。\n\
    After the epidemic ended.\t疫情结束后。\n\
    The epidemic is over.\t疫情结束了。\n\
    An epidemic of flu.\t流感流行病。\n\
    The mayor spoke.\t市长讲话。\n";

fn draft() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.tsv");
    std::fs::write(&path, DRAFT).unwrap();
    let path = path.to_str().unwrap().to_string();
    (dir, path)
}

fn glossary() -> Db {
    Db::with_glossary(&[
        &["en=epidemic", "zh-CN=流行病"],
        &["en=mayor", "zh-CN=市长"],
    ])
}

#[test]
fn regression_a_term_rendered_its_own_way_throughout_still_fails_the_check() {
    let (db, (_dir, path)) = (glossary(), draft());
    let (code, out, err) = db.run(&["check", &path]);
    // Three term-missing errors exited 1; folded into one finding, they must still.
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("error[term-convention]"), "{out}");
    assert!(out.contains("1 of the 4 segments"), "{out}");
    let v = db.json(&["check", &path]);
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{v}");
    assert_eq!(findings[0]["lines"], serde_json::json!([2, 3, 4]));
    assert_eq!(v["groups"][0]["segments"], 3);
}

#[test]
fn turned_off_or_lowered_it_gives_back_the_segments_findings_or_the_exit_code() {
    let (db, (_dir, path)) = (glossary(), draft());
    let v = db.json(&["check", "--disable", "term-convention", &path]);
    let lines: Vec<u64> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            assert_eq!(f["check"], "term-missing");
            f["line"].as_u64().unwrap()
        })
        .collect();
    assert_eq!(lines, [2, 3, 4]);
    let (code, _, err) = db.run(&["check", "--severity", "term-convention=warning", &path]);
    assert_eq!(code, 0, "{err}");
}
