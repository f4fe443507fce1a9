//! One language model for every command: `zh-CN`, `zh-Hans` and `zh` are one language and
//! one script as far as they say, a region never hides a language, and a language name in a
//! file is read as its tag and reported. Each test is named after the bug it guards against.

mod common;
use common::Db;

fn write(db: &Db, name: &str, text: &str) -> String {
    let path = db.path.with_file_name(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn lookup_to_zh_hans_finds_the_shipped_zh_cn_rendering() {
    let db = Db::new();
    for to in ["zh-Hans", "zh", "zh-Hans-CN", "zh-SG"] {
        let v = db.json(&["lookup", "Mayor", "--to", to]);
        assert_eq!(v["matches"][0]["terms"][0]["text"], "市长", "--to {to}");
    }
    let v = db.json(&["lookup", "市长", "--to", "en-US"]);
    assert_eq!(
        v["matches"][0]["terms"][0]["text"], "Mayor",
        "a region never hides a language"
    );
}

#[test]
fn lookup_to_a_language_without_a_rendering_says_so_not_no_glossary_entry() {
    let db = Db::new();
    let (code, out, err) = db.run(&["lookup", "Mayor", "--to", "fr"]);
    assert_eq!(code, 1, "nothing to show in French: {out}");
    assert!(
        out.contains("no fr rendering") && out.contains("zh-CN"),
        "{out}"
    );
    assert!(!err.contains("no glossary entry"), "{err}");
    // Traditional is another script: the Simplified rendering is not passed off as one.
    let (code, out, _) = db.run(&["lookup", "Mayor", "--to", "zh-TW"]);
    assert_eq!(code, 1);
    assert!(out.contains("no zh-TW rendering"), "{out}");
    let v = db.json(&["lookup", "Mayor", "--to", "fr"]);
    let m = &v["matches"][0];
    assert_eq!(m["terms"].as_array().unwrap().len(), 0);
    assert_eq!(m["other_languages"][0], "zh-CN");
}

#[test]
fn glossary_columns_named_chinese_or_zh_hans_do_not_split_a_concept() {
    let db = Db::empty();
    let a = write(&db, "a.csv", "English,Chinese\nAmbassador,大使\n");
    let b = write(
        &db,
        "b.csv",
        "English,Chinese (Simplified)\nAmbassador,大使\n",
    );
    let c = write(&db, "c.csv", "en,zh-CN\nAmbassador,大使\n");
    let (code, out, _) = db.run(&["glossary", "import", &a]);
    assert_eq!(code, 0);
    assert!(
        out.contains("\"Chinese\" as zh") && out.contains("\"English\" as en"),
        "the names are reported: {out}"
    );
    for f in [&b, &c] {
        assert_eq!(db.run(&["glossary", "import", f]).0, 0);
    }
    let list = db.json(&["glossary", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    let v = db.json(&["lookup", "Ambassador", "--to", "zh-CN"]);
    assert_eq!(v["matches"][0]["terms"][0]["text"], "大使");
}

#[test]
fn a_tmx_language_name_is_read_as_its_tag_and_reported() {
    let db = Db::empty();
    let tmx = write(
        &db,
        "names.tmx",
        r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="English" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="t" creationtoolversion="1"/>
<body>
<tu><tuv xml:lang="English"><seg>The Mayor spoke.</seg></tuv><tuv xml:lang="Chinese"><seg>市长讲话了。</seg></tuv></tu>
</body></tmx>
"#,
    );
    let (code, out, err) = db.run(&["tm", "import", &tmx]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"Chinese\" as zh"), "{out}");
    let stats = db.json(&["tm", "stats"]);
    assert_eq!(stats["by_pair"]["en / zh"], 1, "{stats}");
    // A zh-CN request finds the zh unit: zh leaves the script open.
    let v = db.json(&["tm", "search", "The Mayor spoke.", "--to", "zh-CN"]);
    assert_eq!(v["hits"][0]["targets"][0]["text"], "市长讲话了。", "{v}");
    // A name that is no language is an error with the line, not a silent pass.
    let bad = write(
        &db,
        "bad.tmx",
        &std::fs::read_to_string(&tmx)
            .unwrap()
            .replace("Chinese", "Elvish"),
    );
    let (code, _, err) = db.run(&["tm", "import", &bad]);
    assert_eq!(code, 2);
    assert!(err.contains("bad.tmx:4"), "{err}");
}

#[test]
fn a_language_name_on_the_command_line_is_refused_with_the_tag() {
    let db = Db::new();
    for (args, hint) in [
        (
            vec!["lookup", "Mayor", "--to", "chinese"],
            "did you mean zh?",
        ),
        (
            vec!["tm", "search", "x", "--from", "English"],
            "did you mean en?",
        ),
    ] {
        let (code, _, err) = db.run(&args);
        assert_eq!(code, 2, "{args:?}");
        assert!(err.contains(hint), "{args:?}: {err}");
    }
}

#[test]
fn regression_lookup_from_a_language_nothing_holds_is_an_error_not_no_entry() {
    let db = Db::new();
    // A query in French where glossary and memory hold English and Chinese: a wrong tag,
    // which "no glossary entry" (exit 1) passed off as a term the glossary lacks.
    let (code, _, err) = db.run(&["lookup", "--from", "fr", "Mayor"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--from fr") && err.contains("en, zh-CN"),
        "{err}"
    );
    // A language they hold, under a tag that selects it, still answers.
    let (code, out, err) = db.run(&["lookup", "--from", "en-GB", "Mayor"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("市长"), "{out}");
}
