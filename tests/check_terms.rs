//! Term recognition and presence on real translations (issue 14, part A), end to end: the
//! annotated cells of TICO-19's term lists split at import, and `concord check` on drafts
//! made in a temporary folder from the classes of false alarm and of miss seen on TICO-19's
//! professional translations. Each class has its cases that must still be reported.

use std::path::Path;

mod common;
use common::Db;

use serde_json::Value;

fn csv(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/csv")
        .join(name)
        .display()
        .to_string()
}

/// An empty database with both TICO-19 English-Chinese term lists imported.
fn tico() -> Db {
    let db = Db::empty();
    let (code, _, err) = db.run(&[
        "glossary",
        "import",
        &csv("tico19__f_en-zh_CN.csv"),
        &csv("tico19__g_en_zh-CN.csv"),
    ]);
    assert_eq!(code, 0, "{err}");
    db
}

/// The source terms `check` reports as `term-missing` for each row (English, Chinese) of a
/// bilingual TSV draft, by row.
fn missing(db: &Db, rows: &[(&str, &str)]) -> Vec<Vec<String>> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.tsv");
    let mut text = String::from("en\tzh-CN\n");
    for (en, zh) in rows {
        text.push_str(&format!("{en}\t{zh}\n"));
    }
    std::fs::write(&path, text).unwrap();
    // Each segment's own findings, not the document's convention (`term-convention`).
    let v = db.json(&[
        "check",
        "--disable",
        "term-convention",
        path.to_str().unwrap(),
    ]);
    let mut out = vec![Vec::new(); rows.len()];
    for f in v["findings"].as_array().unwrap() {
        if f["check"] == "term-missing" {
            let row = f["line"].as_u64().unwrap() as usize - 2;
            out[row].push(f["source_term"].as_str().unwrap().to_string());
        }
    }
    out
}

#[test]
fn import_splits_a_term_and_its_acronym_and_two_renderings_and_says_so() {
    let db = Db::empty();
    let v = db.json(&[
        "glossary",
        "import",
        &csv("tico19__f_en-zh_CN.csv"),
        &csv("tico19__g_en_zh-CN.csv"),
    ]);
    let reports = v["files"].as_array().unwrap();
    let split = |r: &Value| -> Vec<(String, Vec<(String, String)>)> {
        r["split"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|s| {
                        (
                            s["cell"].as_str().unwrap().to_string(),
                            s["into"]
                                .as_array()
                                .unwrap()
                                .iter()
                                .map(|p| {
                                    (
                                        p["text"].as_str().unwrap().to_string(),
                                        format!(
                                            "{}{}",
                                            p["status"].as_str().unwrap(),
                                            p["type"]
                                                .as_str()
                                                .map(|t| format!(" {t}"))
                                                .unwrap_or_default()
                                        ),
                                    )
                                })
                                .collect(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let first = split(&reports[0]);
    assert_eq!(first.len(), 9, "{first:#?}");
    assert!(first.contains(&(
        "非典型肺炎（SARS）".to_string(),
        vec![
            ("非典型肺炎".to_string(), "preferred".to_string()),
            ("SARS".to_string(), "admitted acronym".to_string())
        ]
    )));
    let second = split(&reports[1]);
    assert!(second.contains(&(
        "可传染 : 有传染性".to_string(),
        vec![
            ("可传染".to_string(), "preferred".to_string()),
            ("有传染性".to_string(), "admitted".to_string())
        ]
    )));
    // What is stored is what the report says: the bare term and the acronym, no cell.
    let shown = db.json(&["lookup", "SARS"]);
    let text = shown.to_string();
    assert!(text.contains("\"非典型肺炎\""), "{text}");
    assert!(!text.contains("非典型肺炎（SARS）"), "{text}");
    // The text report names each split cell.
    let again = Db::empty();
    let (_, out, _) = again.run(&["glossary", "import", &csv("tico19__f_en-zh_CN.csv")]);
    assert!(
        out.contains(
            "cell \"艾滋病（AIDS）\" split into 艾滋病 (preferred) + AIDS (acronym, admitted)"
        ),
        "{out}"
    );
}

#[test]
fn the_bare_term_or_the_acronym_alone_renders_the_concept() {
    let db = tico();
    let got = missing(
        &db,
        &[
            ("SARS was first seen in 2002.", "SARS 于 2002 年首次出现。"),
            (
                "SARS was first seen in 2002.",
                "非典型肺炎于 2002 年首次出现。",
            ),
            ("The virus is contagious.", "该病毒有传染性。"),
            ("RNA viruses mutate.", "RNA 病毒会变异。"),
            // Still reported: neither the term nor its acronym.
            ("SARS was first seen in 2002.", "这种病于 2002 年首次出现。"),
        ],
    );
    assert_eq!(
        got,
        [vec![], vec![], vec![], vec![], vec!["SARS".to_string()]]
    );
}

#[test]
fn presence_sees_through_case_width_spaces_and_longer_words() {
    let db = tico();
    let got = missing(
        &db,
        &[
            ("Wear an N95 mask.", "请佩戴 N95 口罩。"),
            ("Wear an N95 mask.", "请佩戴Ｎ９５口罩。"),
            (
                "There is no antiviral drug for it.",
                "目前没有针对它的抗病毒药物。",
            ),
            // Still reported: another mask, another drug.
            ("Wear an N95 mask.", "请佩戴医用口罩。"),
            (
                "There is no antiviral drug for it.",
                "目前没有针对它的药物。",
            ),
        ],
    );
    assert_eq!(
        got,
        [
            vec![],
            vec![],
            vec![],
            vec!["N95 mask".to_string()],
            vec!["antiviral drug".to_string()]
        ]
    );
}

#[test]
fn chinese_separable_verbs_plurals_and_de_are_presence() {
    let db = tico();
    let got = missing(
        &db,
        &[
            ("He was sneezing.", "他打了喷嚏。"),
            ("He was sneezing.", "他打了几个喷嚏。"),
            ("Hand-washing comes first.", "先洗洗手。"),
            ("Hand-washing comes first.", "洗完手再说。"),
            ("Close contact is a risk.", "密切的接触是一种风险。"),
            // Still reported: what only looks like them.
            ("He was sneezing.", "他打了电话。"),
            ("Hand-washing comes first.", "先洗干净的手。"),
            ("Close contact is a risk.", "密的切接触是一种风险。"),
        ],
    );
    let none: Vec<String> = Vec::new();
    assert_eq!(got[..5], [&none; 5].map(Clone::clone), "{got:?}");
    assert_eq!(
        got[5..],
        [
            vec!["sneezing".to_string()],
            vec!["Hand-washing".to_string()],
            vec!["Close contact".to_string()]
        ],
        "{got:?}"
    );
}

#[test]
fn regression_a_mayor_inside_the_vice_mayor_is_not_the_mayor() {
    // Shipped glossary: Mayor 市长, Vice Mayor 副市长.
    let db = Db::new();
    let got = missing(
        &db,
        &[
            (
                "The Mayor and the Vice Mayor attended.",
                "副市长出席了会议。",
            ),
            (
                "The Mayor and the Vice Mayor attended.",
                "市长和副市长出席了会议。",
            ),
            ("The Vice Mayor attended.", "副市长出席了会议。"),
        ],
    );
    assert_eq!(got, [vec!["Mayor".to_string()], vec![], vec![]]);
}

/// A glossary of these (English, Chinese) pairs, in an empty database.
fn glossary(pairs: &[(&str, &str)]) -> Db {
    let db = Db::empty();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("terms.csv");
    let text: String = pairs
        .iter()
        .map(|(en, zh)| format!("{en},{zh}\n"))
        .collect();
    std::fs::write(&path, text).unwrap();
    let (code, _, err) = db.run(&[
        "glossary",
        "import",
        "--langs",
        "en,zh-CN",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    db
}

#[test]
fn english_verbs_are_recognised_in_their_forms_and_news_is_not_new() {
    let db = glossary(&[("meet with", "会见"), ("sign", "签署"), ("new", "新")]);
    let got = missing(
        &db,
        &[
            ("They met with the envoy.", "他们见了特使。"),
            ("They signed it.", "他们签了字。"),
            ("They are signing it.", "他们正在签署。"),
            ("They met with the envoy.", "他们会见了特使。"),
            ("The news came late.", "消息来晚了。"),
        ],
    );
    assert_eq!(
        got,
        [
            vec!["met with".to_string()],
            vec!["signed".to_string()],
            vec![],
            vec![],
            vec![]
        ]
    );
}

#[test]
fn a_lower_case_term_inside_a_capitalised_name_is_not_the_term() {
    let db = glossary(&[
        ("assay", "试验"),
        (
            "Centers for Disease Control and Prevention",
            "疾病预防控制中心",
        ),
        ("Center for Disease Control", "疾病控制中心"),
    ]);
    let got = missing(
        &db,
        &[
            (
                "Designs released by Origami Assays work.",
                "Origami Assays 发布的设计有效。",
            ),
            // Longest match sees the longer name, in the singular too.
            (
                "The Center for Disease Control and Prevention said so.",
                "疾病预防控制中心如是说。",
            ),
            // Still the term: lower case, sentence-initial, alone.
            ("The assay failed.", "测定失败了。"),
            ("Assays failed.", "测定失败了。"),
            ("They ran the Assay twice.", "他们做了两次测定。"),
        ],
    );
    assert_eq!(
        got,
        [
            vec![],
            vec![],
            vec!["assay".to_string()],
            vec!["Assays".to_string()],
            vec!["Assay".to_string()]
        ]
    );
}

/// TICO-19's development half against its own term lists, from `../shared/data` (the real-data
/// tier: ignored unless asked for, as in `tests/real_data`). Before this work the check gave
/// 679 `term-missing`, 165 of them on cells that held a term and its acronym.
#[test]
#[ignore = "needs ../shared/data"]
fn tico19_dev_half_against_its_term_lists() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    assert!(data.is_dir(), "the real-data tier needs {}", data.display());
    let db = tico();
    let tmx = data.join("tico19/dev.en-zh.tmx");
    let v = db.json(&["check", tmx.to_str().unwrap()]);
    let missing: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["check"] == "term-missing")
        .collect();
    // No rendering asked for is a cell with its annotation left in.
    for f in &missing {
        for e in f["expected"].as_array().unwrap() {
            let e = e.as_str().unwrap();
            assert!(!e.contains(['（', '(', '[']) && !e.contains(" : "), "{f}");
        }
    }
    // 474 when this was written; the bound leaves room for the glossary's own changes.
    assert!(missing.len() < 510, "{} term-missing", missing.len());
}
