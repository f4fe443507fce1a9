//! The real-data tier: the binary and the library on other tools' files and on real corpora
//! from `../shared/data`. Every test here is `#[ignore = "needs ../shared/data"]`, so a fresh
//! clone without that folder shows them as ignored, not as passed; `.ci/run` runs them with
//! `--include-ignored` when the folder is there. Run by hand:
//! `cargo test --release --test real_data -- --include-ignored`.
//!
//! One module per area; the cases that read a format's files sit in `formats`, and so on.

use std::path::{Path, PathBuf};

#[path = "../common/mod.rs"]
mod common;
use common::Db;

use serde_json::Value;

mod check;
mod formats;

/// The shared data folder. These tests are ignored unless asked for; asked for without the
/// folder, they fail saying so rather than pass having checked nothing.
pub fn data() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    assert!(
        dir.is_dir(),
        "the real-data tier needs {}; it is absent",
        dir.display()
    );
    dir
}

pub fn files(dir: &Path, ext: &[&str]) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| ext.iter().any(|x| e.eq_ignore_ascii_case(x)))
        })
        .collect();
    v.sort();
    v
}

#[test]
#[ignore = "needs ../shared/data"]
fn every_tbx_fixture_imports_and_the_broken_one_fails_cleanly() {
    let data = data();
    for f in files(&data.join("fixtures/tbx"), &["tbx"]) {
        let db = Db::empty();
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let (code, out, err) = db.run(&["--json", "glossary", "import", f.to_str().unwrap()]);
        if name.contains("notwellformed") {
            assert_eq!(code, 2, "{name}");
            assert!(err.contains(&format!("{name}:41:")), "{err}");
            assert_eq!(db.json(&["glossary", "list"]).as_array().unwrap().len(), 0);
        } else {
            assert_eq!(code, 0, "{name}: {err}");
            let v: Value = serde_json::from_str(&out).unwrap();
            assert!(v["files"][0]["added"].as_u64().unwrap() >= 1, "{name}: {v}");
        }
    }
}

#[test]
#[ignore = "needs ../shared/data"]
fn every_glossary_csv_fixture_imports() {
    let data = data();
    // The header-less ones need their languages; SOURCES.tsv says which they are.
    for (file, langs, concepts) in [
        ("okapi__lib-terminology__test01.csv", "en,fr", 4),
        ("okapi__lib-terminology__test01.tsv", "en,fr", 3),
        ("omegat__test.csv", "en,cs", 7),
        ("omegat__test.tab", "en,fr", 4),
        ("omegat__testUTF16LE.txt", "en,fr", 2),
        ("omegat__test-magiccomment.tab", "en,fr", 0),
        ("omegat__test-magiccomment-bom.tab", "en,fr", 0),
        ("tico19__f_en-zh_CN.csv", "", 306),
        ("tico19__g_en_zh-CN.csv", "", 337),
        ("tico19__g_zh-CN_en.csv", "", 50),
    ] {
        let db = Db::empty();
        let path = data.join("fixtures/csv").join(file);
        let mut args = vec!["glossary", "import", path.to_str().unwrap()];
        if !langs.is_empty() {
            args.extend(["--langs", langs]);
        }
        let v = db.json(&args);
        assert_eq!(v["files"][0]["concepts_read"], concepts, "{file}: {v}");
    }
}

#[test]
#[ignore = "needs ../shared/data"]
fn cc_cedict_imports_and_answers_lookups_both_ways() {
    let data = data();
    let db = Db::empty();
    let file = data.join("cedict/cedict_1_0_ts_utf-8_mdbg.txt");
    let v = db.json(&["glossary", "import", file.to_str().unwrap()]);
    let r = &v["files"][0];
    assert_eq!(r["concepts_read"], 122_143);
    assert_eq!(
        r["added"].as_u64().unwrap()
            + r["merged"].as_u64().unwrap()
            + r["duplicates"].as_u64().unwrap(),
        122_143
    );
    let m = db.json(&["lookup", "市长", "--to", "en"]);
    assert!(
        m["matches"][0]["terms"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["text"] == "mayor"),
        "{m}"
    );
    let m = db.json(&["lookup", "市長", "--to", "en"]);
    assert_eq!(
        m["matches"][0]["match"], "exact",
        "the Traditional form is a term of its own"
    );
    let m = db.json(&["lookup", "governer", "--from", "en", "--to", "zh-Hans"]);
    assert_eq!(m["matches"][0]["match"], "fuzzy");
}

#[test]
#[ignore = "needs ../shared/data"]
fn tatoeba_imports_and_reports_the_two_lines_whose_tab_became_spaces() {
    let data = data();
    let db = Db::empty();
    let file = data.join("tatoeba/cmn.txt");
    let v = db.json(&["tm", "import", "--langs", "en,zh", file.to_str().unwrap()]);
    let r = &v["files"][0];
    let skipped: Vec<u64> = r["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["line"].as_u64().unwrap())
        .collect();
    assert_eq!(skipped, [29, 31], "{r}");
    assert_eq!(
        r["imported"].as_u64().unwrap() + r["duplicates"].as_u64().unwrap(),
        29_153
    );
    // One substitution in a four-token sentence: floor(100 x 3 / 4) = 75.
    let hit = db.json(&["tm", "search", "--limit", "100", "I'm a doctor."]);
    assert!(
        hit["hits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["source"]["text"] == "I'm a teacher." && h["base"] == 75),
        "{hit}"
    );
    // Either side, in either script: 我是個老師。 is stored in Traditional characters.
    let hit = db.json(&["tm", "search", "我是个老师。"]);
    assert_eq!(hit["hits"][0]["base"], 100, "{hit}");
}

#[test]
#[ignore = "needs ../shared/data"]
fn wmt_news_csvs_import_with_a_header_row_to_skip() {
    let data = data();
    let db = Db::empty();
    let news = files(&data.join("news"), &["csv"]);
    let mut args = vec!["tm", "import", "--langs", "zh,en", "--header"];
    args.extend(news.iter().map(|p| p.to_str().unwrap()));
    let v = db.json(&args);
    let total: u64 = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["imported"].as_u64().unwrap() + r["duplicates"].as_u64().unwrap())
        .sum();
    let skipped: usize = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["skipped"].as_array().unwrap().len())
        .sum();
    assert_eq!(total + skipped as u64, 7_379, "{v}");
}

#[test]
#[ignore = "needs ../shared/data"]
fn every_tmx_and_xliff_fixture_imports_and_the_invalid_one_fails() {
    let data = data();
    let db = Db::empty();
    let mut total = 0;
    for f in files(&data.join("fixtures/tmx"), &["tmx"])
        .into_iter()
        .chain(files(&data.join("fixtures/xliff"), &["xlf", "xliff"]))
    {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let mut args = vec!["--json", "tm", "import", f.to_str().unwrap()];
        if name == "translate-toolkit__states.xlf" {
            // It names no target language; SOURCES.tsv says it is French.
            args.extend(["--langs", "en-US,fr"]);
        }
        let (code, out, err) = db.run(&args);
        if name == "omegat__invalid.tmx" {
            assert_eq!(code, 2, "{name}");
            assert!(err.contains("omegat__invalid.tmx:12:"), "{err}");
            continue;
        }
        assert_eq!(code, 0, "{name}: {err}");
        let v: Value = serde_json::from_str(&out).unwrap();
        total += v["files"][0]["imported"].as_u64().unwrap()
            + v["files"][0]["duplicates"].as_u64().unwrap();
    }
    // The TMX readers' and XLIFF readers' own tests check each file's count; here, the sum.
    // 642 TMX units and 174 XLIFF units: the per-file counts in formats::tmx's and
    // formats::xliff's unit tests (bundled files) and in this tier's formats module (the
    // rest), established with independent Python counts.
    assert_eq!(
        total,
        642 + 174,
        "units imported or duplicate across all fixtures"
    );
}

#[test]
#[ignore = "needs ../shared/data"]
fn an_exported_tmx_reimports_identically_and_translate_toolkit_reads_it() {
    let data = data();
    let db = Db::empty();
    let tmx = data.join("fixtures/tmx/heartsome__ImportTMXTest.tmx");
    db.json(&["tm", "import", tmx.to_str().unwrap()]);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.tmx");
    let v = db.json(&["tm", "export", out.to_str().unwrap()]);
    let units = v["units"].as_u64().unwrap();
    let again = db.json(&["tm", "import", out.to_str().unwrap()]);
    assert_eq!(
        (
            again["files"][0]["imported"].as_u64(),
            again["files"][0]["duplicates"].as_u64()
        ),
        (Some(0), Some(units))
    );
    // A real client: translate-toolkit's TMX reader, from the virtualenv .ci/run makes.
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tt-venv/bin/python");
    if !python.exists() {
        eprintln!(
            "skipped the translate-toolkit check: {} is absent (.ci/run creates it)",
            python.display()
        );
        return;
    }
    let script = "import sys\nfrom translate.storage import tmx\nstore = tmx.tmxfile.parsefile(sys.argv[1])\nprint(len([u for u in store.units if u.source and u.target]))\n";
    let out = std::process::Command::new(&python)
        .args(["-c", script, out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read: u64 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    assert_eq!(
        read, units,
        "translate-toolkit reads every pair concord wrote"
    );
}
