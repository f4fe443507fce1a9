//! `concord check` end to end: the correct translation of the seed article (the shipped
//! memory) is clean, and a draft with planted errors is reported with each error exactly
//! once and nothing else, including the English inflection and the Chinese traps.

use std::path::Path;

mod common;
use common::Db;

use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(rel: &str) -> String {
    root()
        .join("tests/fixtures/check")
        .join(rel)
        .display()
        .to_string()
}

impl Db {
    fn findings(&self, args: &[&str]) -> (i32, Vec<(u64, String)>, Value) {
        let (code, out, err) = self.run(&[&["--json", "check"], args].concat());
        assert!(code <= 1, "exit {code}: {err}");
        let v: Value = serde_json::from_str(&out).unwrap();
        let got = common::line_and_check(&v);
        (code, got, v)
    }
}

#[test]
fn the_shipped_translation_of_the_seed_article_is_clean() {
    let db = Db::new();
    let memory = root().join("memory/seed-article.tsv");
    let (code, out, _) = db.run(&["check", memory.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("20 segments checked, 0 errors, 0 warnings"),
        "{out}"
    );
}

#[test]
fn every_planted_error_is_reported_once_and_nothing_else() {
    let db = Db::new();
    let (code, got, v) = db.findings(&[&fixture("seed-planted.tsv")]);
    let want: Vec<(u64, String)> = [
        (5, "term-missing"),    // Shanghai Municipal People's Government left out
        (6, "term-missing"),    // sister cities as 姐妹城市 (named once, not also as deprecated)
        (7, "number-mismatch"), // 43 years as 34年
        (8, "untranslated"),    // empty target
        (10, "inconsistent"),   // 海上风能 after 海上风电
        (11, "term-missing"),   // plural: mayors
        (12, "term-missing"),   // possessive: Governor's
        (13, "term-missing"),   // acronym: MOU
        (14, "term-missing"),   // 市长 only inside 南京市长江大桥 does not count
        (18, "term-missing"),   // 理解备忘录 for memorandum of understanding
    ]
    .into_iter()
    .map(|(l, c)| (l, c.to_string()))
    .collect();
    assert_eq!(got, want, "{v:#}");
    assert_eq!(code, 1);
    // Traps that must stay silent: "us" is not US, "exposure" is not Expo, Mayor Gong's 市长.
    let f = &v["findings"][1];
    assert_eq!(
        (
            f["source_term"].as_str(),
            f["target_term"].as_str(),
            f["column"].as_u64()
        ),
        // From the start of the line: 121 characters of source and a TAB, then 18 of target.
        (Some("sister cities"), Some("姐妹城市"), Some(140))
    );
    assert_eq!(f["expected"][0], "友好城市");
    assert_eq!(f["severity"], "error");
    assert!(f["concept"].is_i64());
    assert_eq!(v["summary"]["errors"], 7);
    assert_eq!(v["summary"]["warnings"], 3);
}

#[test]
fn a_target_only_draft_gets_the_checks_that_need_no_source() {
    let db = Db::new();
    let (code, got, v) = db.findings(&["--lang", "zh-CN", &fixture("seed-draft.zh.md")]);
    assert_eq!(code, 1);
    assert_eq!(
        got,
        [
            (3, "term-deprecated".to_string()),
            (5, "term-deprecated".into()),
            (7, "term-deprecated".into())
        ],
        "{v:#}"
    );
    assert_eq!(v["findings"][1]["expected"][0], "友好城市");
    // Column in characters of the original line: 早在1980年，上海与旧金山就结为 is 17 characters.
    assert_eq!(v["findings"][1]["column"], 18);
}

#[test]
fn switches_and_exit_codes() {
    let db = Db::new();
    let planted = fixture("seed-planted.tsv");
    // With term-missing off, the deprecated renderings it would have named are reported as
    // term-deprecated instead: they are still errors.
    let (_, got, _) = db.findings(&["--disable", "term-missing,untranslated", &planted]);
    let checks: Vec<(u64, &str)> = got.iter().map(|(l, c)| (*l, c.as_str())).collect();
    assert_eq!(
        checks,
        [
            (6, "term-deprecated"),
            (7, "number-mismatch"),
            (10, "inconsistent"),
            (18, "term-deprecated")
        ]
    );
    // Only warnings left: clean under the default --fail-on error, failing under warning.
    let errors_off = "term-missing,term-deprecated";
    assert_eq!(db.run(&["check", "--disable", errors_off, &planted]).0, 0);
    assert_eq!(
        db.run(&[
            "check",
            "--disable",
            errors_off,
            "--fail-on",
            "warning",
            &planted
        ])
        .0,
        1
    );
    assert_eq!(db.run(&["check", "--fail-on", "never", &planted]).0, 0);
    assert_eq!(db.run(&["check", "--disable", "spelling", &planted]).0, 2);
    assert_eq!(db.run(&["check", "no-such-file.tsv"]).0, 2);
}

#[test]
fn human_output_and_html_report() {
    let db = Db::new();
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    let (code, out, _) = db.run(&[
        "check",
        "--groups",
        "off",
        "--html",
        html.to_str().unwrap(),
        &fixture("seed-planted.tsv"),
    ]);
    assert_eq!(code, 1);
    let first = out.lines().next().unwrap();
    assert!(first.ends_with("seed-planted.tsv:5:47: error[term-missing] \"Shanghai Municipal People's Government\" (in the source) is not rendered as 上海市人民政府 or 上海市政府"), "{first}");
    assert!(out.contains("«姐妹城市»"), "{out}");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        page.contains("<mark class=\"term-missing\"")
            && page.contains("<mark class=\"number-mismatch\"")
    );
    assert!(page.contains("type=\"checkbox\" value=\"inconsistent\""));
}

#[test]
fn two_line_aligned_files() {
    let db = Db::new();
    let dir = tempfile::tempdir().unwrap();
    let (en, zh) = (dir.path().join("en.txt"), dir.path().join("zh.txt"));
    std::fs::write(
        &en,
        "The two sides signed a memorandum of understanding.\nThe mayor spoke.\n",
    )
    .unwrap();
    std::fs::write(&zh, "双方签署了谅解备忘录。\n州长讲话。\n").unwrap();
    let (code, got, _) = db.findings(&["--source", en.to_str().unwrap(), zh.to_str().unwrap()]);
    assert_eq!((code, got), (1, vec![(2, "term-missing".to_string())]));
    std::fs::write(&zh, "双方签署了谅解备忘录。\n").unwrap();
    let (code, _, err) = db.run(&[
        "check",
        "--source",
        en.to_str().unwrap(),
        zh.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("has 2 lines") && err.contains("has 1"),
        "{err}"
    );
}

#[test]
fn regression_plural_of_the_same_term_is_not_an_inconsistent_rendering() {
    // Found on WMT news against the Beijing titles glossary: "Mayors" after "Mayor" was
    // reported as a second rendering of the concept.
    let db = Db::new();
    let dir = tempfile::tempdir().unwrap();
    let tsv = dir.path().join("zh-en.tsv");
    std::fs::write(&tsv, "zh-CN\ten\n市长讲话。\tThe Mayor spoke.\n两位市长讲话。\tThe two Mayors spoke.\n市长的讲话。\tThe Mayor's speech.\n").unwrap();
    let (code, got, v) = db.findings(&[tsv.to_str().unwrap()]);
    assert_eq!((code, got), (0, vec![]), "{v:#}");
}

/// A glossary of its own in a fresh database (the shipped one is not seeded by `init
/// --empty`): the arguments of one `glossary add` each.
fn empty_db(concepts: &[&[&str]]) -> Db {
    let db = Db::empty();
    for terms in concepts {
        let (code, _, err) = db.run(&[&["glossary", "add"], *terms].concat());
        assert_eq!(code, 0, "{err}");
    }
    db
}

/// Checks a TSV written on the spot; (line, check) of every finding.
fn check_tsv(db: &Db, tsv: &str) -> (Vec<(u64, String)>, Value) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.tsv");
    std::fs::write(&path, tsv).unwrap();
    let (_, got, v) = db.findings(&[path.to_str().unwrap()]);
    (got, v)
}

#[test]
fn regression_who_the_pronoun_is_not_the_who() {
    // Found on WMT news against TICO-19's terms (no case column): 451 of 767 term-missing
    // findings were the pronoun "who" read as the World Health Organization.
    let db = empty_db(&[
        &["en=WHO", "zh-CN=世界卫生组织"],
        &["en=AIDS", "zh-CN=艾滋病"],
    ]);
    let (got, v) = check_tsv(
        &db,
        "en\tzh-CN\n\
         Those who came said so.\t来的人都这么说。\n\
         Who said it?\t谁说的？\n\
         Military aid arrived.\t军事援助到了。\n\
         The WHO said so.\t世界卫生组织这么说。\n\
         The WHO agreed.\t该组织同意了。\n\
         AIDS is a disease.\t这是一种病。\n",
    );
    assert_eq!(
        got,
        [(6, "term-missing".to_string()), (7, "term-missing".into())],
        "{v:#}"
    );
    assert_eq!(v["findings"][0]["source_term"], "WHO");
}

#[test]
fn regression_a_rendering_inside_a_longer_chinese_word_is_not_missing() {
    // Found on WMT news against TICO-19's terms: 传播 stood in 传播方式 and 表面 in 表面温度,
    // and term-missing was reported because jieba reads the longer word. The traps still
    // hold: 市长 across 南京市/长江大桥, and 备忘录 inside the deprecated 理解备忘录.
    let db = empty_db(&[
        &["en=transmission", "zh-CN=传播"],
        &["en=surface", "zh-CN=表面"],
        &["en=Mayor", "zh-CN=市长"],
        &["en=memorandum of understanding", "zh-CN=谅解备忘录"],
        &["--concept", "4", "--type", "shortForm", "zh-CN=备忘录"],
        &[
            "--concept",
            "4",
            "--status",
            "deprecated",
            "zh-CN=理解备忘录",
        ],
    ]);
    let (got, v) = check_tsv(
        &db,
        "en\tzh-CN\n\
         The mode of transmission is unclear.\t传播方式尚不清楚。\n\
         The surface temperature rose.\t表面温度上升了。\n\
         The mayor praised the bridge.\t南京市长江大桥受到赞扬。\n\
         They signed a memorandum of understanding.\t他们签署了理解备忘录。\n\
         They signed the memorandum of understanding.\t他们签署了备忘录。\n",
    );
    assert_eq!(
        got,
        [(4, "term-missing".to_string()), (5, "term-missing".into())],
        "{v:#}"
    );
    assert_eq!(v["findings"][1]["target_term"], "理解备忘录");
}

#[test]
fn regression_inconsistent_counts_only_concepts_found_in_the_source() {
    // Found on WMT news against the Beijing titles: every "Commission" in the targets (the
    // Central Military Commission, for 中央军委) was counted as a second rendering of 委员会
    // after a "Committee", though the source had no 委员会.
    let db = empty_db(&[
        &["zh-CN=委员会", "en=Committee"],
        &["--concept", "1", "--status", "admitted", "en=Commission"],
    ]);
    let (got, v) = check_tsv(
        &db,
        "zh-CN\ten\n\
         委员会开会。\tThe Committee met.\n\
         中央军委开会。\tThe Central Military Commission met.\n\
         委员会又开会。\tThe Commission met again.\n",
    );
    assert_eq!(got, [(4, "inconsistent".to_string())], "{v:#}");
    // A target alone has no source: every rendering counts.
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("draft.txt");
    std::fs::write(&draft, "The Committee met.\nThe Commission met.\n").unwrap();
    let (_, got, v) = db.findings(&["--lang", "en", draft.to_str().unwrap()]);
    assert_eq!(got, [(2, "inconsistent".to_string())], "{v:#}");
}

#[test]
fn regression_expected_renderings_are_listed_once() {
    // Found on WMT news against TICO-19's terms, which list "surface" and "surfaces" as two
    // concepts rendered 表面: the finding said "is not rendered as 表面 or 表面".
    let db = empty_db(&[
        &["en=surface", "zh-CN=表面"],
        &["en=surfaces", "zh-CN=表面", "zh-CN=外表"],
    ]);
    let (got, v) = check_tsv(&db, "en\tzh-CN\nClean all surfaces.\t把所有东西擦干净。\n");
    assert_eq!(got, [(2, "term-missing".to_string())], "{v:#}");
    let f = &v["findings"][0];
    assert_eq!(f["expected"], serde_json::json!(["表面", "外表"]), "{v:#}");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .ends_with("is not rendered as 表面 or 外表"),
        "{v:#}"
    );
}

#[test]
fn regression_an_id_column_does_not_become_the_source() {
    // `id TAB en TAB zh-CN` was checked id against en: the real error was missed, exit 0.
    let db = empty_db(&[&["en=Mayor", "zh-CN=市长"]]);
    let (got, v) = check_tsv(&db, "id\ten\tzh-CN\n1\tThe Mayor spoke.\t州长讲话。\n");
    assert_eq!(got, [(2, "term-missing".to_string())], "{v:#}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.tsv");
    std::fs::write(&path, "1\tThe Mayor spoke.\t州长讲话。\n").unwrap();
    let (code, _, err) = db.run(&["check", path.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("draft.tsv:1: 3 columns and no header"),
        "{err}"
    );
}

#[test]
fn regression_a_tsv_column_counts_from_the_start_of_the_line() {
    // The column counted inside the target cell, so an editor landed in the source.
    let db = empty_db(&[
        &["en=Mayor", "zh-CN=市长"],
        &["--concept", "1", "--status", "deprecated", "zh-CN=市长官"],
    ]);
    let (got, v) = check_tsv(&db, "en\tzh-CN\nThe Mayor spoke.\t那位市长官讲话。\n");
    assert_eq!(got, [(2, "term-missing".to_string())], "{v:#}");
    let f = &v["findings"][0];
    // "The Mayor spoke." and its TAB are 17 characters; 市长官 is the target's 3rd.
    assert_eq!(
        (f["in"].as_str(), f["column"].as_u64()),
        (Some("target"), Some(20)),
        "{v:#}"
    );
    let (got, v) = check_tsv(&db, "id\ten\tzh-CN\n7\tThe Mayor spoke.\t州长讲话。\n");
    assert_eq!(got, [(2, "term-missing".to_string())], "{v:#}");
    let f = &v["findings"][0];
    assert_eq!(
        (f["in"].as_str(), f["column"].as_u64()),
        (Some("source"), Some(7)),
        "{v:#}"
    );
}

#[test]
fn regression_a_source_finding_names_the_source_file() {
    // In `--source en.txt zh.txt`, a finding in the English was reported as in zh.txt.
    let db = Db::new();
    let dir = tempfile::tempdir().unwrap();
    let (en, zh) = (dir.path().join("en.txt"), dir.path().join("zh.txt"));
    std::fs::write(&en, "The mayor spoke.\n").unwrap();
    std::fs::write(&zh, "州长讲话。\n").unwrap();
    let (_, got, v) = db.findings(&["--source", en.to_str().unwrap(), zh.to_str().unwrap()]);
    assert_eq!(got, [(1, "term-missing".to_string())], "{v:#}");
    let f = &v["findings"][0];
    assert_eq!(f["in"], "source", "{v:#}");
    assert_eq!(f["file"].as_str(), en.to_str(), "{v:#}");
    let (_, out, _) = db.run(&[
        "check",
        "--groups",
        "off",
        "--source",
        en.to_str().unwrap(),
        zh.to_str().unwrap(),
    ]);
    assert!(out.starts_with(&format!("{}:1:5: ", en.display())), "{out}");
}

#[test]
fn regression_a_draft_on_standard_input_is_sniffed() {
    // `cat draft.tsv | concord check -` said "cannot tell the format; pass --format".
    let db = empty_db(&[&["en=Mayor", "zh-CN=市长"]]);
    let out = db
        .cmd()
        .args(["--json", "check", "-"])
        .write_stdin("en\tzh-CN\nThe Mayor spoke.\t州长讲话。\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["findings"][0]["check"], "term-missing", "{v:#}");
    let out = db
        .cmd()
        .args(["check", "-"])
        .write_stdin("州长讲话。\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot tell the format"));
}

/// A French draft checked against an English-Chinese glossary came out "0 errors" (exit 0)
/// with no term looked at; a zh-TW draft is still read against the zh-CN terms.
#[test]
fn regression_a_draft_in_a_language_the_glossary_lacks_is_refused_not_passed() {
    let db = empty_db(&[&["en=sister cities", "zh-CN=友好城市"]]);
    let dir = tempfile::tempdir().unwrap();
    let fr = dir.path().join("fr.tsv");
    std::fs::write(
        &fr,
        "en\tfr\nThe sister cities met.\tLes villes jumelées.\n",
    )
    .unwrap();
    let fr = fr.to_str().unwrap();
    let (code, out, err) = db.run(&["check", fr]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("no fr terms (it has en, zh-CN)"), "{err}");
    assert!(err.contains("--disable term-missing,"), "{err}");
    let (code, out, err) = db.run(&[
        "check",
        fr,
        "--disable",
        "term-missing,term-kept,term-deprecated,term-convention,inconsistent",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let (got, v) = check_tsv(&db, "en\tzh-TW\nThe sister cities met.\t姐妹城市會面。\n");
    assert_eq!(got, [(2, "term-missing".to_string())], "{v:#}");
    let (code, _, err) = Db::empty().run(&["check", fr]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("the glossary is empty"), "{err}");
}

/// `check --from fr` on an English-Chinese TMX said "0 segments checked", exit 0, and
/// `--to de` called every segment untranslated: a language no unit holds is now an error.
#[test]
fn regression_check_of_a_tmx_in_a_language_it_lacks_passed_with_nothing_checked() {
    let db = Db::new();
    let dir = tempfile::tempdir().unwrap();
    let tmx = dir.path().join("m.tmx");
    std::fs::write(
        &tmx,
        "<?xml version=\"1.0\"?><tmx version=\"1.4\"><header srclang=\"en\" datatype=\"plaintext\" \
         segtype=\"sentence\" adminlang=\"en\" creationtool=\"t\" creationtoolversion=\"1\" \
         o-tmf=\"t\"/><body><tu><tuv xml:lang=\"en\"><seg>The Mayor spoke.</seg></tuv>\
         <tuv xml:lang=\"zh-CN\"><seg>市长讲话。</seg></tuv></tu></body></tmx>",
    )
    .unwrap();
    let tmx = tmx.display().to_string();
    let others = "term-missing,term-kept,term-deprecated,term-convention,inconsistent";
    for (flag, lang) in [("--from", "fr"), ("--to", "de")] {
        let (code, out, err) = db.run(&["check", &tmx, "--disable", others, flag, lang]);
        assert_eq!(code, 2, "{out}{err}");
        assert!(
            err.contains(&format!(
                "no unit holds a {lang} segment (the file has en, zh-CN)"
            )),
            "{err}"
        );
    }
    // Either direction of a TMX is the caller's to pick.
    let (code, out, err) = db.run(&["check", &tmx, "--from", "zh-CN", "--to", "en"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("1 segment checked"), "{out}");
}

/// `check draft.tsv --from zh --to en` on a header-less file whose first column is English
/// and second Chinese read it backwards: every English term looked for in the English
/// column, "0 errors", exit 0. `--to en` alone checked English against English, and a
/// line-aligned source file with the flags the other way round did the same.
#[test]
fn regression_check_read_a_headerless_draft_backwards_when_the_flags_said_so() {
    let db = Db::new();
    let dir = tempfile::tempdir().unwrap();
    let pairs = [
        (
            "They signed a memorandum of understanding.",
            "他们签署了谅解备忘录。",
        ),
        (
            "Shanghai and Chicago are sister cities.",
            "上海和芝加哥是姐妹城市。",
        ),
    ];
    let tsv = dir.path().join("draft.tsv");
    let lines = |f: &dyn Fn(&(&str, &str)) -> String| -> String {
        pairs.iter().map(|p| format!("{}\n", f(p))).collect()
    };
    std::fs::write(&tsv, lines(&|p| format!("{}\t{}", p.0, p.1))).unwrap();
    let (src, tgt) = (dir.path().join("en.txt"), dir.path().join("zh.txt"));
    std::fs::write(&src, lines(&|p| p.0.to_string())).unwrap();
    std::fs::write(&tgt, lines(&|p| p.1.to_string())).unwrap();
    let (tsv, src, tgt) = (
        tsv.to_str().unwrap(),
        src.to_str().unwrap(),
        tgt.to_str().unwrap(),
    );
    for (args, says) in [
        (
            vec![tsv, "--from", "zh", "--to", "en"],
            "--from zh names column 1, which is not in Chinese",
        ),
        (
            vec![tsv, "--to", "en"],
            "--to en names column 2, which is in Chinese",
        ),
        (
            vec![src, "--source", tgt, "--from", "en", "--to", "zh-CN"],
            "--from en names the source",
        ),
    ] {
        let (code, out, err) = db.run(&[&["check"], &args[..]].concat());
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
    // The right way round, with or without the flags: the deprecated 姐妹城市 is found.
    for args in [
        vec![tsv],
        vec![tsv, "--from", "en", "--to", "zh-CN"],
        vec![tgt, "--source", src],
    ] {
        let (code, out, err) = db.run(&[&["check"], &args[..]].concat());
        assert_eq!(code, 1, "{args:?}: {out}{err}");
        assert!(out.contains("姐妹城市"), "{args:?}: {out}");
    }
}
