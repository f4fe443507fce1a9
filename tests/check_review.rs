//! What a reviewer of a real translation needs from `concord check` (issue 14): terms kept as
//! written reported apart from terms left out, Traditional characters in a Simplified target,
//! severities set per check, findings grouped, an ignore list and a baseline; and every error
//! planted in real TICO-19 segments found.

use std::path::{Path, PathBuf};

mod common;
use common::Db;

use serde_json::Value;

/// A database with these concepts (`glossary add` arguments, one slice a concept).
fn glossary(concepts: &[&[&str]]) -> Db {
    let db = Db::empty();
    for terms in concepts {
        let (code, _, err) = db.run(&[&["glossary", "add"], *terms].concat());
        assert_eq!(code, 0, "{err}");
    }
    db
}

fn covid() -> Db {
    glossary(&[
        &["en=SARS-CoV", "zh-CN=非典型肺炎冠状病毒"],
        &["en=respirator", "zh-CN=呼吸器"],
        &["en=WHO", "zh-CN=世卫组织"],
        &["en=Mayor", "zh-CN=市长"],
    ])
}

/// A draft written into a folder of its own (the folder is kept as long as the value).
struct Draft {
    dir: tempfile::TempDir,
    path: PathBuf,
}

impl Draft {
    fn new(text: &str) -> Draft {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("draft.tsv");
        std::fs::write(&path, text).unwrap();
        Draft { dir, path }
    }

    fn p(&self) -> &str {
        self.path.to_str().unwrap()
    }

    fn file(&self, name: &str, text: &str) -> String {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    }
}

const COVID_DRAFT: &str = "en\tzh-CN\n\
SARS-CoV is a virus.\tSARS-CoV是一种病毒。\n\
Wear a respirator.\t戴上口罩。\n\
SARS-CoV spreads.\tSARS-CoV 会传播。\n\
Respirators help.\t口罩有帮助。\n\
SARS-CoV mutates.\tSARS-CoV会变异。\n";

/// (line, check, source term) of every finding.
fn found(v: &Value) -> Vec<(u64, String, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["check"].as_str().unwrap().to_string(),
                f["source_term"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// Runs a command that must be refused as a usage or input error (exit 2) saying `says`.
fn fails_saying(db: &Db, args: &[&str], says: &str) {
    let (code, _, err) = db.run(args);
    assert_eq!(code, 2, "{args:?}: {err}");
    assert!(err.contains(says), "{args:?}: {err}");
}

fn row(line: u64, check: &str, term: &str) -> (u64, String, String) {
    (line, check.to_string(), term.to_string())
}

#[test]
fn regression_a_source_term_kept_in_the_target_was_term_missing() {
    let db = covid();
    let d = Draft::new(COVID_DRAFT);
    let v = db.json(&["check", d.p()]);
    assert_eq!(
        found(&v),
        [
            row(2, "term-kept", "SARS-CoV"),
            row(3, "term-missing", "respirator"),
            row(4, "term-kept", "SARS-CoV"),
            row(5, "term-missing", "Respirators"),
            row(6, "term-kept", "SARS-CoV"),
        ]
    );
    let kept = &v["findings"][0];
    assert_eq!(
        (&kept["in"], &kept["column"], &kept["severity"]),
        (
            &Value::from("target"),
            &Value::from(22),
            &Value::from("warning")
        ),
        "{kept}"
    );
    // Off, it is gone, and term-missing does not take its place.
    let v = db.json(&["check", "--disable", "term-kept", d.p()]);
    assert_eq!(
        found(&v),
        [
            row(3, "term-missing", "respirator"),
            row(5, "term-missing", "Respirators")
        ]
    );
}

#[test]
fn severities_are_set_per_check_and_fail_on_follows_them() {
    let db = covid();
    let d = Draft::new("en\tzh-CN\nSARS-CoV is a virus.\tSARS-CoV是一种病毒。\n");
    // A warning alone: exit 0 at the default --fail-on error, 1 at warning.
    assert_eq!(db.run(&["check", d.p()]).0, 0);
    assert_eq!(db.run(&["check", "--fail-on", "warning", d.p()]).0, 1);
    let (code, out, _) = db.run(&["--json", "check", "--severity", "term-kept=info", d.p()]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["findings"][0]["severity"], "info");
    assert_eq!(v["summary"]["infos"], 1);
    assert_eq!(v["summary"]["warnings"], 0);
    assert_eq!(
        db.run(&[
            "check",
            "--severity",
            "term-kept=info",
            "--fail-on",
            "warning",
            d.p()
        ])
        .0,
        0
    );
    assert_eq!(
        db.run(&[
            "check",
            "--severity",
            "term-kept=info",
            "--fail-on",
            "info",
            d.p()
        ])
        .0,
        1
    );
    let (code, _, _) = db.run(&["check", "--severity", "term-kept=error", d.p()]);
    assert_eq!(code, 1);
    let (_, out, _) = db.run(&["check", "--severity", "term-kept=info", d.p()]);
    assert!(out.contains("info[term-kept]"), "{out}");
    assert!(out.contains("0 errors, 0 warnings, 1 info"), "{out}");
}

#[test]
fn an_unknown_check_or_level_in_severity_is_a_usage_error_naming_it() {
    let db = covid();
    let d = Draft::new("en\tzh-CN\nThe mayor.\t市长。\n");
    fails_saying(
        &db,
        &["check", "--severity", "term-lost=info", d.p()],
        "term-lost",
    );
    fails_saying(
        &db,
        &["check", "--severity", "term-kept=loud", d.p()],
        "loud",
    );
    fails_saying(
        &db,
        &["check", "--severity", "term-kept", d.p()],
        "CHECK=LEVEL",
    );
}

#[test]
fn regression_traditional_characters_in_a_simplified_target_passed_silently() {
    let db = covid();
    let d = Draft::new(
        "en\tzh-CN\n\
         They signed a memorandum of understanding.\t他们签署了諒解備忘錄。\n\
         After the meeting he sent a reply.\t会后他发了回复，干得好。\n",
    );
    let v = db.json(&["check", d.p()]);
    assert_eq!(found(&v), [row(2, "script-mismatch", "")]);
    let f = &v["findings"][0];
    // Columns count from the start of the line: 42 characters of source, a TAB, then 他们签署了.
    assert_eq!(
        (&f["column"], &f["length"]),
        (&Value::from(49), &Value::from(5))
    );
    assert_eq!(f["target_term"], "諒解備忘錄");
    assert_eq!(f["expected"][0], "谅解备忘录");
    // A target whose script is open (zh) or Traditional is not checked.
    for to in ["zh", "zh-TW"] {
        let d = Draft::new(&format!(
            "en\t{to}\nWe signed an MOU.\t他们签署了諒解備忘錄。\n"
        ));
        let v = db.json(&["check", d.p()]);
        assert!(found(&v).is_empty(), "{to}: {v}");
    }
}

#[test]
fn the_report_leads_with_groups_largest_first() {
    let db = covid();
    let d = Draft::new(COVID_DRAFT);
    let (_, out, _) = db.run(&["check", d.p()]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        &lines[..3],
        [
            "2 groups:",
            "  warning[term-kept] SARS-CoV kept as SARS-CoV in 3 segments (glossary: 非典型肺炎冠状病毒)",
            "  error[term-missing] respirator not rendered in 2 segments (glossary: 呼吸器)",
        ],
        "{out}"
    );
    assert!(out.contains(":3:8: error[term-missing]"), "{out}");
    // Only the groups.
    let (_, out, _) = db.run(&["check", "--groups", "only", d.p()]);
    assert!(!out.contains("error[term-missing] \""), "{out}");
    assert_eq!(out.lines().count(), 4, "{out}");
    // JSON: the groups, with their findings by index.
    let v = db.json(&["check", d.p()]);
    let g = &v["groups"];
    assert_eq!(g.as_array().unwrap().len(), 2);
    assert_eq!(g[0]["check"], "term-kept");
    assert_eq!(g[0]["source_term"], "SARS-CoV");
    assert_eq!(g[0]["target_term"], "SARS-CoV");
    assert_eq!(g[0]["count"], 3);
    assert_eq!(g[0]["findings"], serde_json::json!([0, 2, 4]));
    assert_eq!(g[1]["expected"], serde_json::json!(["呼吸器"]));
    assert_eq!(g[1]["severity"], "error");
}

#[test]
fn an_ignore_list_given_or_beside_the_input_leaves_findings_out_and_counts_them() {
    let db = covid();
    let d = Draft::new(COVID_DRAFT);
    let list = d.file(
        "mine.ignore",
        "# decided in review\nterm-kept\tsars-cov\n\nterm-missing\trespirator\t戴上口罩。\n",
    );
    let (_, out, _) = db.run(&["--json", "check", "--ignore", &list, d.p()]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(found(&v), [row(5, "term-missing", "Respirators")]);
    assert_eq!(v["summary"]["suppressed"]["ignored"], 4);
    let (_, out, _) = db.run(&["check", "--ignore", &list, d.p()]);
    assert!(
        out.contains("4 suppressed (4 by ") && out.contains("mine.ignore"),
        "{out}"
    );
    // The same rules, by segment hash, in the default place beside the input.
    let hash = v["findings"][0]["segment_hash"]
        .as_str()
        .unwrap()
        .to_string();
    d.file(
        "draft.tsv.concord-ignore",
        &format!("term-missing\tRespirators\t{hash}\n"),
    );
    let v = db.json(&["check", d.p()]);
    assert_eq!(found(&v).len(), 4);
    assert_eq!(v["summary"]["suppressed"]["ignored"], 1);
    assert_eq!(v["summary"]["by_check"]["term-missing"], 1);
}

#[test]
fn a_bad_ignore_list_or_baseline_is_an_input_error_with_its_line() {
    let db = covid();
    let d = Draft::new(COVID_DRAFT);
    let list = d.file("bad.ignore", "# ok\nterm-kept\tWHO\nterm-lost\tWHO\n");
    fails_saying(
        &db,
        &["check", "--ignore", &list, d.p()],
        "bad.ignore:3: unknown check \"term-lost\"",
    );
    let old = d.file(
        "old.json",
        "{\n  \"findings\": [\n    {\"check\": \"term-kept\"}\n  ]\n}\n",
    );
    fails_saying(&db, &["check", "--baseline", &old, d.p()], "old.json:3:");
    fails_saying(
        &db,
        &["check", "--baseline", "no-such.json", d.p()],
        "no-such.json",
    );
}

#[test]
fn a_baseline_reports_only_new_findings_whatever_lines_were_added_above() {
    let db = covid();
    let d = Draft::new(COVID_DRAFT);
    let (_, old, _) = db.run(&["--json", "check", d.p()]);
    let old_path = d.file("old.json", &old);
    // Two lines added above, and one new mistake at the end.
    let edited = COVID_DRAFT.replacen(
        "en\tzh-CN\n",
        "en\tzh-CN\nThe Mayor spoke.\t市长讲话。\nHello.\t你好。\n",
        1,
    ) + "The mayor left.\t州长走了。\n";
    std::fs::write(&d.path, edited).unwrap();
    let (code, out, _) = db.run(&["--json", "check", "--baseline", &old_path, d.p()]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(found(&v), [row(9, "term-missing", "mayor")]);
    assert_eq!(v["summary"]["suppressed"]["baseline"], 5);
    // A segment that changed is new again.
    let changed = COVID_DRAFT.replace("戴上口罩。", "请戴上口罩。");
    std::fs::write(&d.path, changed).unwrap();
    let v = db.json(&["check", "--baseline", &old_path, d.p()]);
    assert_eq!(found(&v), [row(3, "term-missing", "respirator")]);
    let (_, out, _) = db.run(&["check", "--baseline", &old_path, d.p()]);
    assert!(out.contains("4 suppressed (4 in the baseline"), "{out}");
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// 40 real TICO-19 dev pairs (CC0) that were clean against TICO-19's own term lists (CC0),
/// each with one present rendering replaced by a wrong word; `tico19-planted.tsv` says in
/// its third column which term was planted.
#[test]
fn every_error_planted_in_real_tico19_segments_is_found() {
    let dir = root().join("tests/fixtures/check/tico19");
    let lists = root().join("tests/fixtures/csv");
    let db = Db::empty();
    let (f, g) = (
        lists.join("tico19__f_en-zh_CN.csv"),
        lists.join("tico19__g_en_zh-CN.csv"),
    );
    let (code, _, err) = db.run(&[
        "glossary",
        "import",
        f.to_str().unwrap(),
        g.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let planted = dir.join("planted.tsv");
    let text = std::fs::read_to_string(&planted).unwrap();
    let mut want: Vec<(u64, String)> = Vec::new();
    for (line, row) in (1..).zip(text.lines()).skip(1) {
        let cells: Vec<&str> = row.split('\t').collect();
        want.push((line, cells[2].to_lowercase()));
    }
    assert_eq!(want.len(), 40);
    let v = db.json(&[
        "check",
        "--from",
        "en",
        "--to",
        "zh-CN",
        planted.to_str().unwrap(),
    ]);
    let mut got: Vec<(u64, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["check"] == "term-missing")
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["source_term"].as_str().unwrap().to_lowercase(),
            )
        })
        .collect();
    got.sort();
    for w in &want {
        assert!(got.contains(w), "planted {w:?} not found: {v:#}");
    }
    // The same pairs as translated are clean of term findings.
    let original = dir.join("original.tsv");
    let v = db.json(&[
        "check",
        "--from",
        "en",
        "--to",
        "zh-CN",
        original.to_str().unwrap(),
    ]);
    let terms: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["check"].as_str().unwrap().starts_with("term-"))
        .collect();
    assert!(terms.is_empty(), "{terms:#?}");
}
