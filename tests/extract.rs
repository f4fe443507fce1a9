//! `concord glossary extract` on small memories whose answer is known: the real binary, a
//! memory imported from a TSV made in a temporary folder.

use std::path::PathBuf;

mod common;
use common::{Db, candidate_texts as texts};

/// Pairs in which `contact tracing` recurs in varied sentences, `the city` recurs with a
/// function word at its edge, and `quarantines` recurs as the plural of a glossary term.
const PAIRS: &[(&str, &str)] = &[
    (
        "Contact tracing began in the city on Monday.",
        "周一，该市开始了接触者追踪。",
    ),
    (
        "The city expanded contact tracing after new infections.",
        "新的感染出现后，该市扩大了接触者追踪。",
    ),
    (
        "Officials said contact tracing is slow in the city.",
        "官员说该市的接触者追踪进展缓慢。",
    ),
    (
        "Volunteers help with contact tracing and testing.",
        "志愿者协助接触者追踪和检测。",
    ),
    (
        "Strict quarantines were ordered for travellers.",
        "对旅行者实施了严格的隔离。",
    ),
    (
        "Quarantines end after two weeks; the city reopens.",
        "隔离两周后结束；该市重新开放。",
    ),
    (
        "Home quarantines are checked by phone in the city.",
        "居家隔离通过电话在该市核查。",
    ),
];

struct Memory {
    db: Db,
    dir: tempfile::TempDir,
}

impl Memory {
    /// An empty database holding `pairs` (en, zh-CN) and the glossary entry quarantine/隔离.
    fn new(pairs: &[(&str, &str)]) -> Memory {
        let db = Db::empty();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pairs.tsv");
        let mut tsv = String::from("en\tzh-CN\n");
        for (en, zh) in pairs {
            tsv.push_str(&format!("{en}\t{zh}\n"));
        }
        std::fs::write(&file, tsv).unwrap();
        let (code, _, err) = db.run(&["tm", "import", file.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        let (code, _, err) = db.run(&["glossary", "add", "en=quarantine", "zh-CN=隔离"]);
        assert_eq!(code, 0, "{err}");
        Memory { db, dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

#[test]
fn a_recurring_term_comes_out_and_edged_or_known_phrases_do_not() {
    let m = Memory::new(PAIRS);
    let v = m.db.json(&["glossary", "extract"]);
    let got = texts(&v);
    assert_eq!(
        got.first().map(String::as_str),
        Some("contact tracing"),
        "{got:?}"
    );
    let first = &v["candidates"][0];
    assert_eq!(first["count"], 4);
    assert_eq!(first["rendering"]["text"], "接触者追踪", "{first}");
    assert_eq!(first["rendering"]["units"], 4, "{first}");
    assert!(first["score"].as_f64().unwrap() > 0.0);
    let example = &first["example"];
    assert!(
        example["source"]
            .as_str()
            .unwrap()
            .contains("ontact tracing")
            && example["target"].as_str().unwrap().contains("接触者追踪"),
        "{example}"
    );
    assert!(got.contains(&"city".to_string()), "{got:?}");
    for bad in ["the city", "in the city", "city on", "tracing and"] {
        assert!(!got.contains(&bad.to_string()), "{bad} in {got:?}");
    }
    assert!(
        !got.iter()
            .any(|t| t.to_lowercase().starts_with("quarantine")),
        "quarantine is in the glossary: {got:?}"
    );
    assert_eq!(v["known"], 1, "{v}");
    assert_eq!(v["units"], PAIRS.len());
}

#[test]
fn extract_import_lookup_round_trip() {
    let m = Memory::new(PAIRS);
    let out = m.path("candidates.tsv");
    let out_s = out.to_str().unwrap();
    let (code, said, err) = m.db.run(&["glossary", "extract", "-o", out_s]);
    assert_eq!(code, 0, "{err}");
    assert!(said.contains("candidate terms"), "{said}");
    let tsv = std::fs::read_to_string(&out).unwrap();
    assert!(tsv.starts_with("# concord glossary extract"), "{tsv}");
    // The memory may still answer (exit 0); the glossary must not.
    let before = m.db.json(&["lookup", "contact tracing"]);
    assert!(
        before["matches"].as_array().is_none_or(|a| a.is_empty()),
        "not in the glossary before the import: {before}"
    );
    let (code, _, err) = m.db.run(&["glossary", "import", out_s]);
    assert_eq!(code, 0, "{err}");
    let v = m.db.json(&["lookup", "contact tracing"]);
    assert_eq!(v["matches"][0]["match"], "exact", "{v}");
    let concept = v["matches"][0]["concept"].to_string();
    let shown = m.db.json(&["glossary", "show", &concept]).to_string();
    assert!(
        shown.contains("concord glossary extract"),
        "the source note: {shown}"
    );
    assert!(
        shown.contains("contact tracing"),
        "the example as context: {shown}"
    );
    // Now a glossary term, it is no longer a candidate.
    let again = texts(&m.db.json(&["glossary", "extract"]));
    assert!(!again.contains(&"contact tracing".to_string()), "{again:?}");
}

#[test]
fn without_output_the_tsv_goes_to_standard_output() {
    let m = Memory::new(PAIRS);
    let (code, out, err) = m.db.run(&["glossary", "extract", "--limit", "1"]);
    assert_eq!(code, 0, "{err}");
    let rows: Vec<&str> = out.lines().filter(|l| !l.starts_with('#')).collect();
    assert!(rows[0].starts_with("concept\tlang\tterm\t"), "{out}");
    assert_eq!(rows.len(), 3, "a header, the term and its rendering: {out}");
    assert!(
        rows[2].starts_with("contact tracing\tzh-CN\t接触者追踪\t"),
        "{out}"
    );
    assert!(
        rows[1].starts_with("contact tracing\ten\tcontact tracing\t"),
        "{out}"
    );
}

#[test]
fn refuses_to_write_over_the_database() {
    let m = Memory::new(PAIRS);
    let db = m.db.path.to_str().unwrap().to_string();
    let (code, _, err) = m.db.run(&["glossary", "extract", "-o", &db]);
    assert_eq!(code, 2);
    assert!(err.contains("is the database"), "{err}");
    let (code, _, _) = m.db.run(&["tm", "stats"]);
    assert_eq!(code, 0, "the database is intact");
}

#[test]
fn a_language_the_memory_lacks_is_a_usage_error() {
    let m = Memory::new(PAIRS);
    let (code, out, err) = m.db.run(&["glossary", "extract", "--from", "fr"]);
    assert_eq!(code, 2, "{out}");
    assert!(
        err.contains("no fr segment") && err.contains("zh-CN"),
        "{err}"
    );
    let (code, _, err) = m.db.run(&["glossary", "extract", "--to", "de"]);
    assert_eq!(code, 2);
    assert!(err.contains("no de segment"), "{err}");
}

#[test]
fn an_empty_memory_is_a_usage_error() {
    let db = Db::empty();
    let (code, out, err) = db.run(&["glossary", "extract"]);
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("the memory is empty"), "{err}");
}

#[test]
fn nothing_frequent_enough_exits_1_with_a_message() {
    let m = Memory::new(PAIRS);
    let (code, out, err) = m.db.run(&["glossary", "extract", "--min-count", "50"]);
    assert_eq!(code, 1);
    assert!(err.contains("no candidate term occurs 50 times"), "{err}");
    assert!(
        out.contains("concept\tlang\tterm"),
        "still a valid, empty glossary: {out}"
    );
}

#[test]
fn chinese_terms_come_from_jieba_noun_sequences() {
    let m = Memory::new(&[
        (
            "The health department issued epidemic prevention measures.",
            "卫生部门发布了防疫措施。",
        ),
        (
            "New prevention measures start on Monday.",
            "新的防疫措施周一开始实施。",
        ),
        (
            "Travellers in quarantine follow the measures.",
            "隔离中的旅行者遵守防疫措施。",
        ),
        ("Quarantine ends after two weeks.", "隔离两周后结束。"),
        ("Quarantine is checked by phone.", "隔离通过电话核查。"),
    ]);
    let v =
        m.db.json(&["glossary", "extract", "--from", "zh-CN", "--to", "en"]);
    let got = texts(&v);
    assert_eq!(got.first().map(String::as_str), Some("防疫措施"), "{got:?}");
    assert!(
        !got.iter().any(|t| t.contains("隔离")),
        "隔离 is in the glossary: {got:?}"
    );
    assert!(
        !got.iter().any(|t| t.contains("发布") || t.contains("实施")),
        "verbs are no part of a term: {got:?}"
    );
}
