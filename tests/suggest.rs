//! `concord suggest` on small memories whose right answer is known: both directions, the
//! sample and its flag, and the exit codes of bad input.

use std::fmt::Write as _;

mod common;
use common::Db;
use serde_json::Value;

const CITIES: [(&str, &str); 8] = [
    ("Nanjing", "南京"),
    ("Shanghai", "上海"),
    ("Paris", "巴黎"),
    ("London", "伦敦"),
    ("Tokyo", "东京"),
    ("Berlin", "柏林"),
    ("Rome", "罗马"),
    ("Madrid", "马德里"),
];

/// `n` pairs where "sister city" is always 友好城市, in varied sentences, then noise where
/// the words around it (city, friends, 城市, 友) stand without it.
fn sister_city_tsv(n: usize) -> String {
    let mut tsv = String::from("en\tzh-CN\n");
    for i in 0..n {
        let (a, za) = CITIES[i % CITIES.len()];
        let (b, zb) = CITIES[(i * 3 + 1) % CITIES.len()];
        let (en, zh) = match i % 4 {
            0 => (
                format!(
                    "{a} signed a sister city agreement with {b} in {}.",
                    1990 + i
                ),
                format!("{}年，{za}与{zb}签署了友好城市协议。", 1990 + i),
            ),
            1 => (
                format!("{a} has been a sister city of {b} since {}.", 1980 + i),
                format!("自{}年起，{za}一直是{zb}的友好城市。", 1980 + i),
            ),
            2 => (
                format!("The mayor of {a} visited its sister city {b} (visit {i})."),
                format!("{za}市长访问了其友好城市{zb}（第{i}次访问）。"),
            ),
            _ => (
                format!("Delegation {i} from {a} praised the sister city ties with {b}."),
                format!("来自{za}的第{i}代表团赞扬了与{zb}的友好城市关系。"),
            ),
        };
        writeln!(tsv, "{en}\t{zh}").unwrap();
    }
    for i in 0..n {
        let (a, za) = CITIES[i % CITIES.len()];
        let (b, zb) = CITIES[(i + 2) % CITIES.len()];
        let (en, zh) = match i % 3 {
            0 => (
                format!("{a} is a large city with {i} parks."),
                format!("{za}是一个有{i}个公园的大城市。"),
            ),
            1 => (
                format!("The people of {a} and {b} are good friends, said speaker {i}."),
                format!("第{i}位发言人说，{za}和{zb}的人民是好朋友。"),
            ),
            _ => (
                format!("The city council of {b} met on day {i}."),
                format!("{zb}市议会在第{i}天开会。"),
            ),
        };
        writeln!(tsv, "{en}\t{zh}").unwrap();
    }
    tsv
}

fn memory(tsv: &str) -> Db {
    let db = Db::empty();
    db.import_tsv(tsv);
    db
}

fn chars(s: &str, start: u64, len: u64) -> String {
    s.chars().skip(start as usize).take(len as usize).collect()
}

/// Every example marks the candidate's own text in its target.
fn assert_examples_mark_the_rendering(v: &Value) {
    for c in v["candidates"].as_array().unwrap() {
        for e in c["examples"].as_array().unwrap() {
            let at = chars(
                e["target"].as_str().unwrap(),
                e["start"].as_u64().unwrap(),
                e["len"].as_u64().unwrap(),
            );
            assert_eq!(
                at.to_lowercase(),
                c["text"].as_str().unwrap().to_lowercase()
            );
        }
    }
}

#[test]
fn english_to_chinese_finds_the_one_rendering() {
    let db = memory(&sister_city_tsv(30));
    let v = db.json(&["suggest", "sister city"]);
    assert_eq!(
        (v["from"].as_str(), v["to"].as_str()),
        (Some("en"), Some("zh"))
    );
    assert_eq!(v["units"], 30);
    assert!(v.get("sampled").is_none(), "{v}");
    let top = &v["candidates"][0];
    assert_eq!(top["text"], "友好城市", "{v:#}");
    assert_eq!(top["count"], 30);
    // 城市 and 友好 alone are folded into it or ranked below it, never above.
    assert!(top["score"].as_f64().unwrap() > v["candidates"][1]["score"].as_f64().unwrap());
    assert_eq!(top["examples"].as_array().unwrap().len(), 2);
    assert_examples_mark_the_rendering(&v);
}

#[test]
fn chinese_to_english_finds_the_one_rendering() {
    let db = memory(&sister_city_tsv(30));
    let v = db.json(&["suggest", "友好城市"]);
    assert_eq!(
        (v["from"].as_str(), v["to"].as_str()),
        (Some("zh"), Some("en"))
    );
    assert_eq!(v["candidates"][0]["text"], "sister city", "{v:#}");
    assert_examples_mark_the_rendering(&v);
    // The human report: rank, counts "in N of M units", the rendering marked in an example.
    let (code, out, _) = db.run(&["suggest", "友好城市", "--limit", "2"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("1. sister city") && out.contains("in 30 of 30 units"),
        "{out}"
    );
    assert!(out.contains("«sister city»"), "{out}");
}

#[test]
fn a_term_in_more_units_than_the_cap_is_sampled_and_says_so() {
    let db = memory(&sister_city_tsv(2_100));
    let v = db.json(&["suggest", "sister city", "--limit", "1"]);
    assert_eq!(v["units"], 2_000);
    assert_eq!(v["sampled"], true);
    assert_eq!(v["candidates"][0]["text"], "友好城市");
    // The sample is deterministic.
    assert_eq!(db.json(&["suggest", "sister city", "--limit", "1"]), v);
}

#[test]
fn a_word_is_not_found_inside_a_longer_word() {
    let db = memory(&sister_city_tsv(8));
    // "cit" is no word of the memory; "sister" is, in 8 units.
    let (code, _, err) = db.run(&["suggest", "cit"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("the memory has no unit containing \"cit\""),
        "{err}"
    );
    assert_eq!(db.json(&["suggest", "sister"])["units"], 8);
    // A plural in -s or -es is the term too: "park" is in the 3 units that say "parks".
    assert_eq!(db.json(&["suggest", "park"])["units"], 3);
}

#[test]
fn bad_input_exits_2_with_a_message() {
    let db = memory(&sister_city_tsv(8));
    for (args, says) in [
        (vec!["suggest", " "], "empty"),
        (vec!["suggest", &"word ".repeat(20)], "longer than"),
        (vec!["suggest", "city", "--from", "fr"], "no fr segments"),
        (vec!["suggest", "city", "--to", "de"], "no de segments"),
        (vec!["suggest", "city", "--to", "en"], "own language"),
    ] {
        let (code, _, err) = db.run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
    let (code, _, err) = db.run(&["suggest", "Atlantis"]);
    assert_eq!(code, 1);
    assert!(err.contains("the memory has no unit containing"), "{err}");
}

#[test]
fn a_memory_of_three_languages_asks_which_to_render_into() {
    let db = memory(&sister_city_tsv(4));
    let fr = db.path.with_file_name("fr.tsv");
    std::fs::write(
        &fr,
        "en\tfr\nParis is a sister city of Rome.\tParis est jumelée avec Rome.\n",
    )
    .unwrap();
    assert_eq!(db.run(&["tm", "import", fr.to_str().unwrap()]).0, 0);
    // A Latin term could be English or French; then English renders into French or Chinese.
    let (code, _, err) = db.run(&["suggest", "sister city"]);
    assert_eq!(code, 2);
    assert!(err.contains("en, fr") && err.contains("--from"), "{err}");
    let (code, _, err) = db.run(&["suggest", "sister city", "--from", "en"]);
    assert_eq!(code, 2);
    assert!(err.contains("fr, zh") && err.contains("--to"), "{err}");
    let v = db.json(&["suggest", "sister city", "--from", "en", "--to", "zh-CN"]);
    assert_eq!(v["candidates"][0]["text"], "友好城市");
}

/// The oracle memory with five more units that render sister city 姐妹城市.
fn memory_with_a_deprecated_rendering() -> Db {
    let mut tsv = sister_city_tsv(30);
    for (a, za) in CITIES.iter().take(5) {
        writeln!(
            tsv,
            "{a} celebrated its sister city anniversary.\t{za}庆祝了姐妹城市周年纪念。"
        )
        .unwrap();
    }
    memory(&tsv)
}

#[test]
fn lookup_shows_the_memory_beside_the_glossary_and_warns_of_a_deprecated_rendering() {
    let db = memory_with_a_deprecated_rendering();
    let added = db.json(&["glossary", "add", "en=sister city", "zh-CN=友好城市"]);
    let concept = added["concept"].to_string();
    let (code, _, err) = db.run(&[
        "glossary",
        "add",
        "--concept",
        &concept,
        "--status",
        "deprecated",
        "zh-CN=姐妹城市",
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = db.run(&["lookup", "sister city"]);
    assert_eq!(code, 0);
    assert!(
        out.contains(
            "in the memory: 友好城市 30 units, 姐妹城市 5 (of 35 units holding sister city)"
        ),
        "{out}"
    );
    assert!(
        out.contains("! the memory uses the deprecated 姐妹城市 in 5 of 35 units"),
        "{out}"
    );
    let v = db.json(&["lookup", "sister city"]);
    let m = &v["memory"][0];
    assert_eq!(m["concept"].to_string(), concept);
    assert_eq!(
        (m["units"].as_u64(), m["to"].as_str()),
        (Some(35), Some("zh-CN"))
    );
    let counts: Vec<(String, u64, bool)> = m["renderings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["text"].as_str().unwrap().to_string(),
                r["units"].as_u64().unwrap(),
                r["deprecated"] == true,
            )
        })
        .collect();
    assert_eq!(
        counts,
        [("友好城市".into(), 30, false), ("姐妹城市".into(), 5, true)]
    );
}

#[test]
fn lookup_answers_from_the_memory_when_the_glossary_is_silent() {
    let db = memory(&sister_city_tsv(30));
    let (code, out, err) = db.run(&["lookup", "sister city"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("no glossary entry"), "{err}");
    assert!(out.contains("in the memory: 友好城市 30 units"), "{out}");
    let v = db.json(&["lookup", "sister city"]);
    assert_eq!(v["matches"].as_array().unwrap().len(), 0);
    assert_eq!(v["memory"][0]["others"][0]["text"], "友好城市");
    // Neither source knows the term: a negative answer.
    assert_eq!(db.run(&["lookup", "Atlantis"]).0, 1);
}
