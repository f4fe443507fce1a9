//! `tm search --to L`: a unit with no translation in L is no match for that pair. Before, the
//! best hits were taken first and their L translations after, so a 100% hit with no Chinese
//! came back with an empty target (exit 0), and better-ranked units in other pairs pushed
//! the ones holding L out of the top `--limit`. `analyze --to L` counts matches the same way.

mod common;
use common::Db;

/// Eight units in English-French that score above the one English-Chinese unit.
fn mixed_memory() -> Db {
    let db = Db::empty();
    let mut fr = String::from("en\tfr\n");
    for i in 0..8 {
        fr.push_str(&format!(
            "The delegation arrived in Shanghai on day {i}.\tLa délégation est arrivée à Shanghai le jour {i}.\n"
        ));
    }
    db.import_tsv(&fr);
    db.import_tsv(
        "en\tzh-CN\nThe delegation arrived in Shanghai on Monday.\t代表团于周一抵达上海。\n",
    );
    db
}

#[test]
fn regression_search_to_chinese_returned_a_french_only_unit_with_an_empty_target() {
    let db = mixed_memory();
    let q = "The delegation arrived in Shanghai on day 3.";
    let v = db.json(&[
        "tm", "search", q, "--from", "en", "--to", "zh-CN", "--limit", "2",
    ]);
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 1, "{v}");
    assert_eq!(
        hits[0]["targets"][0]["text"], "代表团于周一抵达上海。",
        "{v}"
    );
    // Without --to every pair's units compete, best first.
    let all = db.json(&["tm", "search", q, "--from", "en", "--limit", "2"]);
    assert_eq!(all["hits"][0]["score"], 100, "{all}");
    assert_eq!(all["hits"][0]["targets"][0]["lang"], "fr", "{all}");
}

#[test]
fn search_to_a_language_the_memory_lacks_is_an_error_not_an_empty_answer() {
    let db = mixed_memory();
    let (code, out, err) = db.run(&[
        "tm",
        "search",
        "The delegation arrived.",
        "--from",
        "en",
        "--to",
        "de",
    ]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("no de segments"), "{err}");
    assert!(err.contains("fr") && err.contains("zh-CN"), "{err}");
}

/// `analyze` had no `--to`: a document to be translated into Chinese was priced with 100%
/// matches from units that hold only French, leverage that does not exist for that job.
#[test]
fn regression_analyze_counted_french_only_units_as_matches_for_a_chinese_job() {
    let db = mixed_memory();
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("doc.txt");
    std::fs::write(&doc, "The delegation arrived in Shanghai on day 3.\n").unwrap();
    let doc = doc.display().to_string();
    let band = |v: &serde_json::Value| -> String {
        let bands = v["analysis"]["bands"].as_array().unwrap();
        let hit = bands.iter().find(|b| b["segments"] == 1).unwrap();
        hit["name"].as_str().unwrap().to_string()
    };
    let all = db.json(&["analyze", &doc, "--from", "en"]);
    assert_eq!(band(&all), "100%", "{all}");
    assert!(all["to"].is_null(), "{all}");
    let zh = db.json(&["analyze", &doc, "--from", "en", "--to", "zh-CN"]);
    assert_eq!(zh["to"], "zh-CN", "{zh}");
    let got = band(&zh);
    assert!(got != "100%" && got != "no match", "{zh}");
    let (code, out, err) = db.run(&["analyze", &doc, "--from", "en", "--to", "de"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("no de segments"), "{err}");
}

/// An English-to-Chinese XLIFF 1.2 job holding `units`, written in `dir`; its path.
fn en_zh_job(dir: &std::path::Path, units: &str) -> String {
    let job = dir.join("job.xlf");
    std::fs::write(
        &job,
        format!(
            "<?xml version=\"1.0\"?><xliff version=\"1.2\"><file source-language=\"en\" \
             target-language=\"zh-CN\" datatype=\"plaintext\" original=\"x\"><body>{units}\
             </body></file></xliff>"
        ),
    )
    .unwrap();
    job.display().to_string()
}

/// An XLIFF job declares its languages; analyze read none of them: a job from English into
/// Chinese was priced with French-only leverage unless `--to` was typed, and `--from zh`
/// priced its English sources as Chinese, exit 0.
#[test]
fn regression_analyze_ignored_the_languages_an_xliff_declares() {
    let db = mixed_memory();
    let dir = tempfile::tempdir().unwrap();
    let job = en_zh_job(
        dir.path(),
        "<trans-unit id=\"1\"><source>The delegation arrived in Shanghai on day 3.</source>\
         </trans-unit>",
    );
    let v = db.json(&["analyze", &job]);
    assert_eq!(
        (&v["lang"], &v["to"]),
        (&"en".into(), &"zh-CN".into()),
        "{v}"
    );
    let bands = v["analysis"]["bands"].as_array().unwrap();
    assert_eq!(bands[1]["name"], "100%");
    assert_eq!(bands[1]["segments"], 0, "French-only units priced: {v}");
    for (flag, lang, attr) in [
        ("--from", "zh", "source-language"),
        ("--to", "fr", "target-language"),
    ] {
        let (code, out, err) = db.run(&["analyze", &job, flag, lang]);
        assert_eq!(code, 2, "{out}{err}");
        assert!(err.contains(&format!("declares {attr}")), "{err}");
    }
    // A flag that names the declared language, less or more precisely, agrees with it.
    let v = db.json(&["analyze", &job, "--from", "en-US", "--to", "zh"]);
    assert_eq!(v["to"], "zh", "{v}");
}

/// `check --from zh-CN --to en` on an English-to-Chinese XLIFF checked it backwards and
/// dropped its untranslated unit: "2 segments checked, 0 errors", exit 0.
#[test]
fn regression_check_read_an_xliff_backwards_when_the_flags_said_so() {
    let db = common::Db::new();
    let dir = tempfile::tempdir().unwrap();
    let job = en_zh_job(
        dir.path(),
        "<trans-unit id=\"1\"><source>Shanghai and Chicago are sister cities.</source>\
         <target>上海和芝加哥是姐妹城市。</target></trans-unit>\
         <trans-unit id=\"2\"><source>The Mayor attended.</source></trans-unit>",
    );
    let (code, out, err) = db.run(&["check", &job, "--from", "zh-CN", "--to", "en"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("declares source-language en"), "{err}");
    // The same through --lang (a target-only draft's flag, which reads an XLIFF too): the
    // error named --to, a flag the user never typed.
    let (code, out, err) = db.run(&["check", &job, "--lang", "fr"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("declares target-language zh-CN, and --lang fr disagrees"),
        "{err}"
    );
    let (code, out, err) = db.run(&["check", &job]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("2 segments checked"), "{out}");
}

/// Nothing translated yet: the target language is still the one the XLIFF declares.
#[test]
fn check_of_an_xliff_with_nothing_translated_knows_its_target_language() {
    let db = common::Db::new();
    let dir = tempfile::tempdir().unwrap();
    let job = en_zh_job(
        dir.path(),
        "<trans-unit id=\"1\"><source>The Mayor attended.</source></trans-unit>",
    );
    // It was "cannot tell the target language; pass --to", exit 2; an empty target is a
    // warning, so the exit is 0.
    let (code, out, err) = db.run(&["check", &job]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("untranslated"), "{out}");
}

/// `tm concord 代表团 --lang fr` on a memory with no French said "no segment contains", exit
/// 1, as if the phrase were the problem; search and suggest name the language (exit 2).
#[test]
fn regression_concordance_in_a_language_the_memory_lacks_blamed_the_phrase() {
    let db = mixed_memory();
    let (code, out, err) = db.run(&["tm", "concord", "delegation", "--lang", "de"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("the memory has no de segments"), "{err}");
    let (code, out, err) = db.run(&["tm", "concord", "délégation", "--lang", "fr"]);
    assert_eq!(code, 0, "{out}{err}");
}

/// `analyze job.txt --from zh` on an English job priced every segment "no match" as if it
/// were Chinese, exit 0; `check draft.txt --lang en` on a Chinese target-only draft checked
/// nothing and passed it. A language contradicting the text's script is an error naming it.
#[test]
fn regression_a_text_job_in_the_other_script_than_the_language_asked_for() {
    let db = common::Db::new();
    let dir = tempfile::tempdir().unwrap();
    let en = dir.path().join("job.txt");
    std::fs::write(
        &en,
        "The Mayor met the delegation.\nSister cities signed an MOU.\n",
    )
    .unwrap();
    let zh = dir.path().join("draft.txt");
    std::fs::write(&zh, "市长会见了代表团。\n友好城市签署了谅解备忘录。\n").unwrap();
    let (en, zh) = (en.to_str().unwrap(), zh.to_str().unwrap());
    for (args, says) in [
        (
            vec!["analyze", en, "--from", "zh"],
            "--from zh says the text is Chinese, and it is not",
        ),
        (
            vec!["analyze", zh, "--from", "en"],
            "--from en says the text is not Chinese, and it is",
        ),
        (
            vec!["check", zh, "--lang", "en"],
            "--lang en says the text is not Chinese",
        ),
        (
            vec!["check", en, "--lang", "zh-CN"],
            "--lang zh-CN says the text is Chinese",
        ),
    ] {
        let (code, out, err) = db.run(&args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
    for args in [
        vec!["analyze", en, "--from", "en"],
        vec!["analyze", zh, "--from", "zh-CN"],
        vec!["check", zh, "--lang", "zh-CN"],
    ] {
        let (code, out, err) = db.run(&args);
        assert_eq!(code, 0, "{args:?}: {out}{err}");
    }
}
