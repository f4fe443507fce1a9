//! Issue 14, precision, fourth round, from the command line: a term the document renders two
//! ways, the glossary's and one word of its own again and again (大流行 and 疫情 for
//! "pandemic"), is one `term-convention` finding for the second rendering's segments, still an
//! error; the segments with neither stay `term-missing` each, and `--disable term-convention`
//! gives every segment's finding back.

mod common;
use common::Db;

/// Six segments render "pandemic" as the glossary's 大流行, five as 疫情, one (line 13) with
/// neither: a slip. Line 1 is the header.
const DRAFT: &str = "en\tzh-CN\n\
    The pandemic spread.\t大流行蔓延。\n\
    After the pandemic.\t疫情过后。\n\
    A pandemic of flu.\t流感大流行。\n\
    The pandemic is over.\t疫情结束了。\n\
    During the pandemic.\t大流行期间。\n\
    Amid the pandemic.\t在疫情期间。\n\
    The pandemic grew.\t大流行加剧。\n\
    The pandemic ended.\t疫情结束。\n\
    The pandemic waned.\t大流行减弱。\n\
    Pandemic preparedness.\t疫情防范。\n\
    A pandemic plan.\t大流行计划。\n\
    The pandemic hit.\t流感来袭。\n";

#[test]
fn regression_a_second_rendering_mixed_with_the_glossarys_is_one_decision() {
    let db = Db::with_glossary(&[&["en=pandemic", "zh-CN=大流行"]]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.tsv");
    std::fs::write(&path, DRAFT).unwrap();
    let path = path.to_str().unwrap();

    let (code, out, err) = db.run(&["check", path]);
    // Departures from the glossary, folded or not, keep the check failing.
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("error[term-convention]"), "{out}");
    assert!(out.contains("5 others share 疫情 instead"), "{out}");

    let v = db.json(&["check", path]);
    let found: Vec<(String, u64, serde_json::Value)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["check"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["lines"].clone(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "term-convention".to_string(),
                3,
                serde_json::json!([3, 5, 7, 9, 11])
            ),
            ("term-missing".to_string(), 13, serde_json::Value::Null),
        ],
        "{v}"
    );

    // Turned off, every segment lacking 大流行 is its own finding again.
    let v = db.json(&["check", "--disable", "term-convention", path]);
    let lines: Vec<u64> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [3, 5, 7, 9, 11, 13], "{v}");
}
