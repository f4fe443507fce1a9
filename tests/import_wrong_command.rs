//! A termbase given to `tm import`, or a memory given to `glossary import`, was refused with
//! "cannot tell the format from the file name; pass --format ...": the name told it exactly,
//! and no `--format` would help. The refusal now names what the file is and the command that
//! reads it, and imports nothing.

mod common;
use common::Db;

fn fixture(path: &str) -> String {
    format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"))
}

fn counts(db: &Db) -> (u64, u64) {
    let s = db.json(&["tm", "stats", "--json"]);
    let g = db.json(&["glossary", "list", "--json"]);
    (
        s["units"].as_u64().unwrap(),
        g.as_array().unwrap().len() as u64,
    )
}

#[test]
fn regression_a_tbx_given_to_tm_import_names_glossary_import() {
    let db = Db::empty();
    let tbx = fixture("tbx/okapi__maryland.tbx");
    let (code, out, err) = db.run(&["tm", "import", &tbx]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("okapi__maryland.tbx: a termbase (tbx) by its name, not a translation memory; import it with `concord glossary import`"),
        "{err}"
    );
    assert_eq!(counts(&db), (0, 0));
    // The door it names works.
    let (code, out, err) = db.run(&["glossary", "import", &tbx]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(counts(&db).1 > 0);
}

#[test]
fn regression_a_tmx_given_to_glossary_import_names_tm_import() {
    let db = Db::empty();
    let tmx = fixture("tmx/concord__zh_tw_mayor.tmx");
    let (code, out, err) = db.run(&["glossary", "import", &tmx]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("a translation memory (tmx) by its name, not a glossary; import it with `concord tm import`"),
        "{err}"
    );
    assert_eq!(counts(&db), (0, 0));
}

#[test]
fn a_name_that_tells_nothing_still_asks_for_format() {
    let db = Db::empty();
    let file = db.path.with_file_name("terms.dat");
    std::fs::write(&file, "en\tzh-CN\nMayor\t市长\n").unwrap();
    let (code, _, err) = db.run(&["tm", "import", file.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("cannot tell the format from the file name; pass --format"),
        "{err}"
    );
}

/// Moses/WMT corpora come as `train.en` and `train.zh`: `tm import train.en train.zh` said
/// only "cannot tell the format", and `--parallel` asked for --langs the names give.
#[test]
fn regression_train_en_train_zh_name_parallel_and_their_languages() {
    let db = Db::empty();
    let en = db.path.with_file_name("train.en");
    let zh = db.path.with_file_name("train.zh");
    std::fs::write(&en, "The Mayor spoke.\nGood morning.\n").unwrap();
    std::fs::write(&zh, "市长讲话。\n早上好。\n").unwrap();
    let (en, zh) = (en.to_str().unwrap(), zh.to_str().unwrap());
    let (code, _, err) = db.run(&["tm", "import", en, zh]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("its name gives a language, en: for two line-aligned text files, one per language, use --parallel FILE1 FILE2"),
        "{err}"
    );
    assert_eq!(counts(&db), (0, 0));
    let (code, out, err) = db.run(&["tm", "import", "--parallel", en, zh]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(counts(&db), (2, 0));
    let hit = db.json(&["tm", "search", "The Mayor spoke.", "--json"]);
    assert_eq!(hit["hits"][0]["targets"][0]["lang"], "zh", "{hit}");
}

/// The exports had the same dead end: `glossary export out.tmx` asked for a --format.
#[test]
fn regression_exports_name_the_other_command() {
    let db = Db::new();
    let out = db.path.with_file_name("out.tmx");
    let (code, _, err) = db.run(&["glossary", "export", out.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("out.tmx: a translation memory (tmx) by its name, not a glossary; export it with `concord tm export`"),
        "{err}"
    );
    let tbx = db.path.with_file_name("out.tbx");
    let (code, _, err) = db.run(&["tm", "export", tbx.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("out.tbx: a termbase (tbx) by its name, not a translation memory; export it with `concord glossary export`"),
        "{err}"
    );
    assert!(!out.exists() && !tbx.exists());
}
