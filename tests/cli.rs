//! The real binary on the project's own fixtures: every command, its output, its exit code,
//! and that a failed import leaves the database as it was.

use std::path::Path;

mod common;
use common::Db;

impl Db {
    fn counts(&self) -> (usize, u64) {
        let concepts = self.json(&["glossary", "list"]).as_array().unwrap().len();
        let units = self.json(&["tm", "stats"])["units"].as_u64().unwrap();
        (concepts, units)
    }
}

fn fixture(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
        .display()
        .to_string()
}

#[test]
fn lookup_on_a_fresh_database_uses_the_shipped_glossary() {
    let db = Db::new();
    let (code, out, _) = db.run(&["lookup", "memorandum of understanding"]);
    assert_eq!(code, 0);
    let first = out.lines().nth(1).unwrap();
    assert!(
        first.contains("谅解备忘录") && first.contains("preferred"),
        "{out}"
    );
    assert!(db.path.exists(), "the database is created on first use");
}

#[test]
fn lookup_json_schema_and_match_kinds() {
    let db = Db::new();
    for (query, kind, want) in [
        ("memorandum of understanding", "exact", "谅解备忘录"),
        ("Sister City", "inflection", "友好城市"),
        ("Mayor's", "inflection", "市长"),
        ("諒解備忘錄", "script", "memorandum of understanding"),
        ("memorandum of understandng", "fuzzy", "谅解备忘录"),
    ] {
        let v = db.json(&["lookup", query]);
        assert_eq!(v["query"], query);
        let m = &v["matches"][0];
        assert_eq!(
            (
                m["match"].as_str().unwrap(),
                m["terms"][0]["text"].as_str().unwrap()
            ),
            (kind, want),
            "{query}"
        );
        assert!(m["concept"].is_i64() && m["score"].as_u64().unwrap() <= 100);
        assert_eq!(m["terms"][0]["status"], "preferred");
    }
    let v = db.json(&["lookup", "姐妹城市"]);
    assert_eq!(v["matches"][0]["matched_status"], "deprecated");
    assert_eq!(v["matches"][0]["use_instead"], "友好城市");
}

#[test]
fn nothing_found_exits_1_and_bad_usage_exits_2() {
    let db = Db::new();
    assert_eq!(db.run(&["lookup", "mayoral"]).0, 1, "mayoral is not Mayor");
    // The memory may render "us" (lookup then exits 0), but the glossary's US is not it.
    let us = db.json(&["lookup", "us"]);
    assert!(us["matches"].as_array().unwrap().is_empty(), "us is not US");
    assert_eq!(db.run(&["lookup", "qwertyuiop"]).0, 1);
    assert_eq!(db.run(&["lookup", "Mayor", "--from", "not a tag"]).0, 2);
    assert_eq!(db.run(&["lookup"]).0, 2);
    assert_eq!(db.run(&["tm", "search", "x", "--min", "101"]).0, 2);
}

#[test]
fn a_broken_tbx_names_file_and_line_and_changes_nothing() {
    let db = Db::new();
    let before = db.counts();
    let (code, _, err) = db.run(&[
        "glossary",
        "import",
        &fixture("tbx/okapi__ibm_tbx.tbx"),
        &fixture("tbx/broken.tbx"),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("broken.tbx:11:"), "{err}");
    assert_eq!(
        db.counts(),
        before,
        "the good file before it must not land either"
    );
}

#[test]
fn a_csv_without_a_usable_header_is_refused_unless_langs_are_given() {
    let db = Db::new();
    let (code, _, err) = db.run(&["glossary", "import", &fixture("csv/no_header.csv")]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no_header.csv:1:") && err.contains("--langs"),
        "{err}"
    );
    let v = db.json(&[
        "glossary",
        "import",
        "--langs",
        "en,zh-CN",
        &fixture("csv/no_header.csv"),
    ]);
    // Both concepts are in the shipped glossary already: merged or duplicate, never doubled.
    assert_eq!(v["files"][0]["added"], 0, "{v}");
}

#[test]
fn reimporting_a_glossary_skips_duplicates() {
    let db = Db::new();
    let file = fixture("tbx/okapi__ibm_tbx.tbx");
    let first = db.json(&["glossary", "import", &file]);
    let n = first["files"][0]["added"].as_u64().unwrap();
    assert!(n > 0);
    let before = db.counts();
    let again = db.json(&["glossary", "import", &file]);
    assert_eq!(
        (
            again["files"][0]["added"].as_u64(),
            again["files"][0]["duplicates"].as_u64()
        ),
        (Some(0), Some(n))
    );
    assert_eq!(db.counts(), before);
}

#[test]
fn glossary_export_import_export_round_trips() {
    let db = Db::new();
    let dir = tempfile::tempdir().unwrap();
    for ext in ["tsv", "csv", "tbx"] {
        let a = dir.path().join(format!("a.{ext}"));
        let b = dir.path().join(format!("b.{ext}"));
        assert_eq!(db.run(&["glossary", "export", a.to_str().unwrap()]).0, 0);
        let other = Db::new();
        assert_eq!(other.run(&["init", "--empty"]).0, 0);
        let (code, _, err) = other.run(&["glossary", "import", a.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        other.run(&["glossary", "export", b.to_str().unwrap()]);
        let (ta, tb) = (
            std::fs::read_to_string(&a).unwrap(),
            std::fs::read_to_string(&b).unwrap(),
        );
        assert_eq!(
            ta, tb,
            "{ext}: export, import, export must give the same file"
        );
    }
}

#[test]
fn glossary_add_show_remove() {
    let db = Db::new();
    db.run(&["init", "--empty"]);
    let v = db.json(&[
        "glossary",
        "add",
        "en=Deputy Secretary-General",
        "zh-CN=副秘书长",
        "--subject",
        "titles",
    ]);
    let id = v["concept"].as_i64().unwrap().to_string();
    db.json(&[
        "glossary",
        "add",
        "--concept",
        &id,
        "--status",
        "deprecated",
        "zh-CN=副秘书",
    ]);
    let show = db.json(&["glossary", "show", &id]);
    let statuses: Vec<&str> = show["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["preferred", "preferred", "deprecated"]);
    let (code, out, _) = db.run(&["lookup", "副秘书"]);
    assert_eq!(code, 0);
    assert!(out.contains("use 副秘书长"), "{out}");
    assert_eq!(db.run(&["glossary", "remove", &id]).0, 0);
    assert_eq!(db.run(&["lookup", "副秘书"]).0, 1);
    assert_eq!(db.run(&["glossary", "remove", &id]).0, 2);
}

#[test]
fn tm_import_search_concordance_and_stats() {
    let db = Db::new();
    let v = db.json(&["tm", "import", &fixture("text/pairs.tsv")]);
    assert_eq!(v["files"][0]["imported"], 2);
    let again = db.json(&["tm", "import", &fixture("text/pairs.tsv")]);
    assert_eq!(
        (
            again["files"][0]["imported"].as_u64(),
            again["files"][0]["duplicates"].as_u64()
        ),
        (Some(0), Some(2))
    );
    let hits = db.json(&["tm", "search", "The mayor met the governors."]);
    assert_eq!(hits["hits"][0]["targets"][0]["text"], "市长会见了州长。");
    assert!(hits["hits"][0]["score"].as_u64().unwrap() >= 70);
    // The shipped memory is searchable out of the box, from either side.
    let zh = db.json(&["tm", "search", "龚正代表上海市人民政府欢迎纽森来访。"]);
    assert_eq!(zh["hits"][0]["targets"][0]["lang"], "en");
    let c = db.json(&["tm", "concord", "市长"]);
    assert!(c["hits"].as_array().unwrap().len() >= 2);
    assert_eq!(db.run(&["tm", "search", "zzzz qqqq xxxx"]).0, 1);
    let stats = db.json(&["tm", "stats"]);
    assert_eq!(stats["by_pair"]["en / zh-CN"], 22);
}

#[test]
fn concordance_folds_traditional_and_simplified() {
    let db = Db::empty();
    db.json(&["tm", "import", &fixture("tmx/concord__zh_tw_mayor.tmx")]);
    // Simplified finds Traditional and Traditional finds Simplified; each hit is marked in
    // the text as stored, not in its folded key.
    for (query, zh_tw, zh_cn) in [
        ("市长", true, true),
        ("市長", true, true),
        ("市長會", true, false),
    ] {
        let v = db.json(&["tm", "concord", query]);
        let hits: Vec<(&str, &str, u64, u64)> = v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h["segment"]["lang"].as_str().unwrap(),
                    h["segment"]["text"].as_str().unwrap(),
                    h["start"].as_u64().unwrap(),
                    h["len"].as_u64().unwrap(),
                )
            })
            .collect();
        let len = query.chars().count() as u64;
        let mut want = Vec::new();
        if zh_cn {
            want.push(("zh-CN", "副市长为大桥通车剪彩。", 1, len));
        }
        if zh_tw {
            want.push(("zh-TW", "臺北市長會見了代表團。", 2, len));
        }
        assert_eq!(hits, want, "{query}");
    }
    let (code, out, _) = db.run(&["tm", "concord", "市长"]);
    assert_eq!(code, 0);
    assert!(out.contains("臺北«市長»會見了代表團。"), "{out}");
    assert!(out.contains("副«市长»为大桥通车剪彩。"), "{out}");
}

#[test]
fn parallel_files_of_different_lengths_are_refused() {
    let db = Db::new();
    let before = db.counts();
    let (code, _, err) = db.run(&[
        "tm",
        "import",
        "--parallel",
        &fixture("text/three.en.txt"),
        &fixture("text/two.zh.txt"),
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("has 3 lines") && err.contains("has 2"),
        "{err}"
    );
    assert_eq!(db.counts(), before);
}

#[test]
fn analyze_a_document() {
    let db = Db::new();
    let v = db.json(&["analyze", &fixture("text/document.txt")]);
    let bands = v["analysis"]["bands"].as_array().unwrap();
    assert_eq!(bands[0]["name"], "repetitions");
    assert_eq!(bands[0]["segments"], 1);
    assert_eq!(v["analysis"]["total"]["segments"], 3);
}

#[test]
fn analyze_stdin_tsv_is_sniffed() {
    let db = Db::new();
    let tsv = "en\tzh-CN\nThe Mayor met the governors.\t市长会见了州长。\nQwerty zxcv.\t键盘。\n";
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("doc.tsv");
    std::fs::write(&file, tsv).unwrap();
    for from in ["en", "zh-CN"] {
        let out = db
            .cmd()
            .args(["--json", "analyze", "-", "--from", from])
            .write_stdin(tsv)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{from}");
        let piped: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        // The header is no segment, and the segments are the column in `from`, as they are
        // for the same text in a .tsv file.
        assert_eq!(piped["analysis"]["total"]["segments"], 2, "{from}: {piped}");
        let named = db.json(&["analyze", file.to_str().unwrap(), "--from", from]);
        assert_eq!(piped["analysis"], named["analysis"], "{from}");
        assert_eq!(piped["lang"], from);
    }
    // Text without a TAB is still a segment per line.
    let out = db
        .cmd()
        .args(["--json", "analyze", "-"])
        .write_stdin("The Mayor met the governors.\nQwerty zxcv.\nOne more.\n")
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["analysis"]["total"]["segments"], 3, "{v}");
}

#[test]
fn usage_does_not_show_db_as_required_when_concord_db_is_set() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("from-env.db");
    let concord = || {
        let mut c = assert_cmd::Command::cargo_bin("concord").unwrap();
        c.env("CONCORD_DB", &path).env("NO_COLOR", "1");
        c
    };
    let out = concord().arg("lookup").output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("Usage: concord lookup"), "{err}");
    assert!(!err.contains("--db"), "{err}");
    // The variable still names the database, and --help still says so.
    assert_eq!(
        concord()
            .args(["init", "--empty"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(0)
    );
    assert!(path.exists());
    let help = concord().args(["lookup", "--help"]).output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    assert!(help.contains("[default: $CONCORD_DB"), "{help}");
    // `--db` wins over the variable.
    let db = Db::new();
    let out = concord()
        .arg("--db")
        .arg(&db.path)
        .args(["init", "--empty"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(db.path.exists());
}

#[test]
fn init_refuses_an_existing_database_and_completions_and_man_print() {
    let db = Db::new();
    assert_eq!(db.run(&["init"]).0, 0);
    assert_eq!(db.run(&["init"]).0, 2);
    let (code, out, _) = db.run(&["completions", "bash"]);
    assert!(code == 0 && out.contains("concord"));
    let (code, out, _) = db.run(&["man"]);
    assert!(code == 0 && out.contains(".TH"));
}

#[test]
fn output_closed_early_is_not_a_panic() {
    // `concord ... | head -1`: the reader goes away after one line. The JSON glossary (over
    // 100 KB) is more than a pipe holds, so later writes fail.
    let db = Db::new();
    db.run(&["init"]);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_concord"))
        .env_remove("CONCORD_DB")
        .args([
            "--db",
            db.path.to_str().unwrap(),
            "--json",
            "glossary",
            "list",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    use std::io::BufRead;
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!first.is_empty());
    // Ended by the signal, as `yes | head -1` is, or done: neither a panic nor an error.
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        matches!(out.status.code(), None | Some(0)),
        "{:?}: {err}",
        out.status
    );
}

/// An import of 32 MB or more runs under a rollback journal instead of WAL (see
/// `Store::import_transaction`): killed once it has written pages into the database file, it
/// must leave the file as it was, back in WAL mode, for the next command.
#[test]
fn a_large_import_killed_half_way_leaves_the_database_as_it_was() {
    use std::io::Write;
    let db = Db::new();
    assert_eq!(db.run(&["tm", "import", &fixture("text/pairs.tsv")]).0, 0);
    let before = (db.counts(), db.json(&["tm", "stats"]));
    let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
    let size_before = size(&db.path);

    let big = db.path.with_file_name("big.tsv");
    let mut w = std::io::BufWriter::new(std::fs::File::create(&big).unwrap());
    writeln!(w, "en\tzh-CN").unwrap();
    for i in 0..300_000 {
        writeln!(
            w,
            "Line {i} of a long file, padded out with words to be longer than it is.\t这是一个很长的文件的第{i}行，用一些词语补足长度。"
        )
        .unwrap();
    }
    drop(w);
    assert!(size(&big) >= 32 << 20, "{} bytes", size(&big));

    let mut import = std::process::Command::new(assert_cmd::cargo::cargo_bin("concord"))
        .env_remove("CONCORD_DB")
        .arg("--db")
        .arg(&db.path)
        .args(["tm", "import"])
        .arg(&big)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // The page cache spills into the file some way into the import.
    let start = std::time::Instant::now();
    while size(&db.path) <= size_before {
        let gone = import.try_wait().unwrap();
        assert!(gone.is_none(), "the import ended first: {gone:?}");
        assert!(start.elapsed().as_secs() < 300, "nothing written in 300 s");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(db.path.with_extension("db-journal").exists());
    import.kill().unwrap();
    import.wait().unwrap();

    assert_eq!((db.counts(), db.json(&["tm", "stats"])), before);
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    let pragma = |p: &str| -> String { conn.pragma_query_value(None, p, |r| r.get(0)).unwrap() };
    assert_eq!(pragma("journal_mode"), "wal");
    assert_eq!(pragma("integrity_check"), "ok");
}

#[test]
fn tm_export_to_xliff_is_refused_and_writes_no_file() {
    let db = Db::new();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.xlf");
    let (code, _, err) = db.run(&["tm", "export", out.to_str().unwrap(), "--format", "xliff"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("does not write XLIFF"), "{err}");
    assert!(
        !out.exists(),
        "no file may stand under the name of a format not written"
    );
}

/// Issue #12: a TSV export wrote `en-US` units under an `en` header and dropped their inline
/// codes, so importing it back added each unit again, one letter of its tag and its codes
/// away: a search found the sentence twice, at 100% and at 99%.
#[test]
fn tsv_export_then_import_adds_no_near_duplicates() {
    let db = Db::empty();
    let tmx = fixture("roundtrip/en-US_zh-CN_inline.tmx");
    db.json(&["tm", "import", &tmx]);
    let units = || db.json(&["tm", "stats"])["units"].as_u64().unwrap();
    assert_eq!(units(), 4);
    let hits = |query: &str| -> Vec<(u64, u64)> {
        db.json(&["tm", "search", query])["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| (h["unit"].as_u64().unwrap(), h["score"].as_u64().unwrap()))
            .collect()
    };
    let dir = tempfile::tempdir().unwrap();
    for format in ["tsv", "csv"] {
        let first = dir.path().join(format!("first.{format}"));
        let second = dir.path().join(format!("second.{format}"));
        // `en` as the issue wrote it: a range, which the header must not write for `en-US`.
        let v = db.json(&[
            "tm",
            "export",
            first.to_str().unwrap(),
            "--langs",
            "en,zh-CN",
        ]);
        assert_eq!(
            (v["units"].as_u64(), v["incomplete"].as_u64()),
            (Some(4), Some(0))
        );
        let text = std::fs::read_to_string(&first).unwrap();
        assert!(
            text.lines().nth(1).unwrap().starts_with("en-US"),
            "{format}: {text}"
        );
        let again = &db.json(&["tm", "import", first.to_str().unwrap()])["files"][0];
        assert_eq!(
            (again["imported"].as_u64(), again["duplicates"].as_u64()),
            (Some(0), Some(4)),
            "{format}: {again}"
        );
        assert_eq!(units(), 4, "{format}");
        // One hit each: the unit the TMX brought, its codes costing the coded one a point.
        assert_eq!(
            hits("The Mayor met the delegation."),
            [(4, 100)],
            "{format}"
        );
        assert_eq!(
            hits("Click Save to keep your changes."),
            [(1, 99)],
            "{format}"
        );
        db.json(&[
            "tm",
            "export",
            second.to_str().unwrap(),
            "--langs",
            "en,zh-CN",
        ]);
        assert_eq!(
            std::fs::read(&second).unwrap(),
            text.as_bytes(),
            "{format}: a second export is the first, byte for byte"
        );
    }
}

/// A unit with a segment in a language the columns leave out is written without it, and the
/// export says so rather than dropping it in silence.
#[test]
fn a_tsv_export_counts_the_segments_its_columns_leave_out() {
    let db = Db::empty();
    let dir = tempfile::tempdir().unwrap();
    let three = dir.path().join("three.tsv");
    std::fs::write(
        &three,
        "en\tzh-CN\tfr\nHello.\t你好。\tBonjour.\nBye.\t再见。\t\n",
    )
    .unwrap();
    db.json(&["tm", "import", three.to_str().unwrap()]);
    let out = dir.path().join("out.tsv");
    let (code, stdout, err) = db.run(&["tm", "export", out.to_str().unwrap(), "--langs", "en,zh"]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.contains("2 units"), "{stdout}");
    assert!(
        err.contains("1 unit written without their segments in languages outside --langs (1 fr)"),
        "{err}"
    );
    let v = db.json(&["tm", "export", out.to_str().unwrap(), "--langs", "en,zh"]);
    assert_eq!(v["incomplete"], 1);
    assert_eq!(v["left_out"]["fr"], 1);
    // Without --langs every language has its column, and nothing is left out.
    let v = db.json(&["tm", "export", out.to_str().unwrap()]);
    assert_eq!(
        (v["units"].as_u64(), v["incomplete"].as_u64()),
        (Some(2), Some(0))
    );
    let again = &db.json(&["tm", "import", out.to_str().unwrap()])["files"][0];
    assert_eq!(again["duplicates"], 2, "{again}");
}

#[test]
fn a_check_of_a_draft_that_cannot_be_read_creates_no_database() {
    let db = Db::new();
    let (code, _, err) = db.run(&["check", "/nonexistent/draft.tsv"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        !db.path.exists(),
        "the draft is read before the database is opened"
    );
}

#[test]
fn an_explicit_db_in_a_missing_folder_is_refused_and_errors_say_their_cause_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::new();
    let run_on = |path: &Path| {
        assert_cmd::Command::cargo_bin("concord")
            .unwrap()
            .env_remove("CONCORD_DB")
            .arg("--db")
            .arg(path)
            .args(["lookup", "Mayor"])
            .output()
            .unwrap()
    };
    let missing = dir.path().join("typo").join("x.db");
    let out = run_on(&missing);
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("does not exist"), "{err}");
    assert!(
        !dir.path().join("typo").exists(),
        "no folder is made for a typo"
    );
    let (code, _, err) = db.run(&["tm", "import", "/nonexistent/file.tmx"]);
    assert_eq!(code, 2);
    assert_eq!(err.matches("No such file or directory").count(), 1, "{err}");
    let not_a_db = dir.path().join("notes.db");
    std::fs::write(&not_a_db, "hello").unwrap();
    let out = run_on(&not_a_db);
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.matches("file is not a database").count(), 1, "{err}");
}

#[test]
fn lookup_columns_line_up_by_display_width() {
    let db = Db::new();
    let (_, out, _) = db.run(&["lookup", "memorandum of understanding"]);
    // The status column starts at the same display column on every rendering line.
    let starts: Vec<usize> = out
        .lines()
        .filter(|l| l.starts_with("  zh-CN "))
        .map(|l| {
            let at = l
                .find(" preferred")
                .or_else(|| l.find(" admitted"))
                .or_else(|| l.find(" deprecated"))
                .unwrap();
            unicode_width::UnicodeWidthStr::width(&l[..at])
        })
        .collect();
    assert!(
        starts.len() >= 2 && starts.iter().all(|&s| s == starts[0]),
        "{out}"
    );
}

#[test]
fn exporting_onto_the_database_is_refused_and_leaves_it_intact() {
    let db = Db::new();
    db.json(&["lookup", "Mayor"]);
    let before = std::fs::read(&db.path).unwrap();
    let target = db.path.to_str().unwrap();
    for args in [
        vec!["glossary", "export", target, "--format", "tsv"],
        vec!["tm", "export", target, "--format", "tmx"],
    ] {
        let (code, _, err) = db.run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("is the database"), "{err}");
    }
    assert_eq!(std::fs::read(&db.path).unwrap(), before);
    assert_eq!(
        db.json(&["lookup", "Mayor"])["matches"][0]["matched_term"],
        "Mayor"
    );
}

#[test]
fn regression_check_html_onto_the_draft_is_refused_and_leaves_the_draft_intact() {
    let db = Db::new();
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("d.tsv");
    let source = dir.path().join("en.txt");
    let target = dir.path().join("zh.txt");
    std::fs::write(&draft, "en\tzh-CN\nMayor\t市长\n").unwrap();
    std::fs::write(&source, "Mayor\n").unwrap();
    std::fs::write(&target, "市长\n").unwrap();
    let d = draft.to_str().unwrap();
    let (s, t) = (source.to_str().unwrap(), target.to_str().unwrap());
    for args in [
        vec!["check", d, "--html", d],
        vec!["check", "--source", s, t, "--html", s],
        vec!["check", "--source", s, t, "--html", t],
    ] {
        let (code, _, err) = db.run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("is also an input"), "{err}");
    }
    assert_eq!(
        std::fs::read_to_string(&draft).unwrap(),
        "en\tzh-CN\nMayor\t市长\n"
    );
    assert_eq!(std::fs::read_to_string(&source).unwrap(), "Mayor\n");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "市长\n");
    // Only the draft's own folder was written to, and nothing is left there.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
    let html = dir.path().join("r.html");
    assert_eq!(db.run(&["check", d, "--html", html.to_str().unwrap()]).0, 0);
    assert!(
        std::fs::read_to_string(&html)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
}

#[test]
fn a_failed_export_leaves_the_old_file_in_place_and_no_temporary_file() {
    let db = Db::new();
    let dir = tempfile::tempdir().unwrap();
    let keep = dir.path().join("keep.tbx");
    let keep_s = keep.to_str().unwrap();
    assert_eq!(db.run(&["glossary", "export", keep_s]).0, 0);
    let good = std::fs::read(&keep).unwrap();
    // A control character XML 1.0 cannot carry makes the TBX writer fail half way. concord
    // no longer stores one, but a database an older concord wrote may hold it.
    assert_eq!(db.run(&["glossary", "add", "en=Bellword", "zh-CN=铃"]).0, 0);
    rusqlite::Connection::open(&db.path)
        .unwrap()
        .execute(
            "UPDATE term SET text = 'Bell' || char(7) || 'word' WHERE text = 'Bellword'",
            [],
        )
        .unwrap();
    let (code, _, err) = db.run(&["glossary", "export", keep_s]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        std::fs::read(&keep).unwrap(),
        good,
        "the old export is untouched"
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn an_export_that_matches_nothing_says_so_exits_1_and_writes_no_file() {
    let db = Db::new();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("none.tmx");
    let (code, _, err) = db.run(&["tm", "export", out.to_str().unwrap(), "--origin", "nosuch"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("no unit matched --origin nosuch"), "{err}");
    assert!(!out.exists());
}

#[test]
fn every_man_page_the_main_page_refers_to_is_generated() {
    let db = Db::new();
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = db.run(&["man", "--dir", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let pages: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for page in &pages {
        let roff = std::fs::read_to_string(dir.path().join(page)).unwrap();
        for reference in roff.split("concord\\-").skip(1) {
            let Some(end) = reference.find("(1)") else {
                continue;
            };
            let name = format!("concord-{}.1", reference[..end].replace("\\-", "-"));
            if !name.contains(' ') {
                assert!(
                    pages.contains(&name),
                    "{page} refers to {name}, not generated"
                );
            }
        }
    }
    let (code, out, _) = db.run(&["man", "glossary", "add"]);
    assert_eq!(code, 0);
    assert!(out.contains("concord\\-glossary\\-add"), "{out}");
}

/// The statuses of a concept's terms, as `glossary show --json` gives them: (lang, text, status).
fn term_statuses(db: &Db, concept: &str) -> Vec<(String, String, String)> {
    db.json(&["glossary", "show", concept])["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let s = |k: &str| t[k].as_str().unwrap().to_string();
            (s("lang"), s("text"), s("status"))
        })
        .collect()
}

#[test]
fn glossary_add_refuses_an_undocumented_status() {
    let db = Db::new();
    let (code, _, err) = db.run(&[
        "glossary",
        "add",
        "--concept",
        "mayor",
        "--status",
        "approved",
        "zh-CN=市长先生",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("preferred, admitted, deprecated, superseded, forbidden"),
        "{err}"
    );
    assert!(
        !term_statuses(&db, "mayor")
            .iter()
            .any(|t| t.1 == "市长先生")
    );
}

#[test]
fn glossary_add_a_second_preferred_term_demotes_the_first() {
    let db = Db::new();
    let (code, out, err) = db.run(&[
        "glossary",
        "add",
        "--concept",
        "mayor",
        "--status",
        "preferred",
        "zh-CN=市长先生",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("zh-CN 市长 was preferred: now admitted"),
        "{out}"
    );
    let preferred: Vec<_> = term_statuses(&db, "mayor")
        .into_iter()
        .filter(|t| t.0 == "zh-CN" && t.2 == "preferred")
        .map(|t| t.1)
        .collect();
    assert_eq!(preferred, ["市长先生"]);
}

#[test]
fn glossary_add_the_head_terms_of_a_shipped_concept_does_not_double_it() {
    let db = Db::new();
    let before = db.counts().0;
    let (code, _, err) = db.run(&["glossary", "add", "en=Mayor", "zh-CN=市长"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("(mayor)"), "{err}");
    let (code, out, err) = db.run(&["glossary", "add", "en=Mayor", "zh-CN=市长", "en=City Mayor"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("(mayor) has these head terms already: merged"),
        "{out}"
    );
    assert_eq!(db.counts().0, before);
    assert!(
        term_statuses(&db, "mayor")
            .iter()
            .any(|t| t.1 == "City Mayor")
    );
}

/// `glossary add en="Deputy Mayor" zh-CN=副市长` made a second concept holding two terms of
/// the shipped vice-mayor concept, one of them deprecated there, and said only "2 term(s)
/// added": lookup then answered Deputy Mayor both as deprecated and as preferred.
#[test]
fn glossary_add_of_terms_another_concept_holds_names_it() {
    let db = Db::new();
    let before = db.counts().0;
    let (code, _, err) = db.run(&["glossary", "add", "en=Deputy Mayor", "zh-CN=副市长"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("(vice-mayor) holds every term here already"),
        "{err}"
    );
    assert!(err.contains("Deputy Mayor (en, deprecated there)"), "{err}");
    assert!(err.contains("--separate"), "{err}");
    assert_eq!(db.counts().0, before);

    let (code, out, err) = db.run(&["glossary", "add", "en=Deputy Mayor", "zh-CN=常务副市长"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("en Deputy Mayor is also in concept"), "{out}");
    assert!(out.contains("deprecated there"), "{out}");

    let v = db.json(&[
        "glossary",
        "add",
        "--separate",
        "en=Deputy Mayor",
        "zh-CN=副市长",
    ]);
    let held: Vec<_> = v["also_in"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["text"].as_str().unwrap(), a["status"].as_str().unwrap()))
        .collect();
    assert!(held.contains(&("副市长", "preferred")), "{v}");
    assert_eq!(db.counts().0, before + 2);
}

#[test]
fn glossary_remove_the_last_term_removes_the_concept() {
    let db = Db::empty();
    let v = db.json(&["glossary", "add", "en=Township Head", "zh-CN=乡长"]);
    let id = v["concept"].as_i64().unwrap().to_string();
    assert_eq!(
        db.run(&["glossary", "remove", &id, "en=Township Head"]).0,
        0
    );
    let (code, out, _) = db.run(&["glossary", "remove", &id, "zh-CN=乡长"]);
    assert_eq!(code, 0);
    assert!(out.contains("no terms left and was removed"), "{out}");
    assert_eq!(db.run(&["glossary", "show", &id]).0, 2);
    assert_eq!(db.counts().0, 0);
}

#[test]
fn glossary_show_accepts_a_text_id() {
    let db = Db::new();
    let by_text = db.json(&["glossary", "show", "provincial-governor"]);
    let id = by_text["id"].as_i64().unwrap().to_string();
    assert_eq!(
        db.json(&["glossary", "show", &id])["ext_id"],
        "provincial-governor"
    );
    let (code, _, err) = db.run(&["glossary", "show", "no-such-concept"]);
    assert_eq!(code, 2);
    assert!(err.contains("no-such-concept"), "{err}");
}

#[test]
fn glossary_edit_changes_a_term_status_and_note() {
    let db = Db::new();
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("draft.zh.md");
    std::fs::write(&draft, "市长会见了代表团。\n").unwrap();
    let draft = draft.to_str().unwrap();
    let check = || db.run(&["--json", "check", "--lang", "zh-CN", draft]).1;
    // Compiles and keeps the zh matcher, which the edit must then drop.
    assert!(!check().contains("term-deprecated"));
    let (code, out, err) = db.run(&[
        "glossary",
        "edit",
        "mayor",
        "zh-CN=市长",
        "--status",
        "deprecated",
        "--note",
        "test note",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("zh-CN 市长 changed"), "{out}");
    let show = db.json(&["glossary", "show", "mayor"]);
    let t = show["terms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["text"] == "市长")
        .unwrap();
    assert_eq!(
        (&t["status"], &t["note"]),
        (&"deprecated".into(), &"test note".into())
    );
    // Statuses are compiled into the check's matcher: 市长 is now deprecated there too.
    assert!(check().contains("term-deprecated"), "{}", check());
    assert_eq!(
        db.run(&["glossary", "edit", "mayor", "--status", "admitted"])
            .0,
        2
    );
    assert_eq!(db.run(&["glossary", "edit", "mayor"]).0, 2);
}

#[test]
fn regression_an_edit_to_what_is_already_there_says_it_changed_nothing() {
    let db = Db::new();
    let edit = |args: &[&str]| {
        let mut all = vec!["glossary", "edit", "mayor", "zh-CN=市长"];
        all.extend(args);
        db.run(&all)
    };
    // Renamed to its own text: was reported "changed".
    let (code, out, err) = edit(&["--text", "市长"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("zh-CN 市长 unchanged"), "{out}");
    let (_, out, _) = edit(&["--note", "a note"]);
    assert!(out.contains("zh-CN 市长 changed"), "{out}");
    let v = db.json(&[
        "glossary",
        "edit",
        "mayor",
        "zh-CN=市长",
        "--note",
        "a note",
    ]);
    assert_eq!(v["changed"], false, "{v}");
}

/// The commands of the README's "Manage the glossary" section that need no files of the
/// reader's own, split as a shell would (double quotes only) and without comments.
fn readme_glossary_examples() -> Vec<Vec<String>> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = readme
        .split("### Manage the glossary")
        .nth(1)
        .expect("README has a Manage the glossary section");
    let block = section
        .split("```sh\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    block
        .lines()
        .filter_map(|line| {
            let mut words = Vec::new();
            let (mut word, mut quoted, mut any) = (String::new(), false, false);
            for c in line.chars() {
                match c {
                    '"' => (quoted, any) = (!quoted, true),
                    '#' if !quoted && !any => break,
                    c if c.is_whitespace() && !quoted => {
                        if any {
                            words.push(std::mem::take(&mut word));
                        }
                        any = false;
                    }
                    c => (word, any) = (word + &c.to_string(), true),
                }
            }
            if any {
                words.push(word);
            }
            let needs_files = ["import", "export"].contains(&words.get(2)?.as_str());
            (words.first()? == "concord" && !needs_files).then(|| words[1..].to_vec())
        })
        .collect()
}

#[test]
fn readme_glossary_examples_run_on_the_shipped_data() {
    let db = Db::new();
    let examples = readme_glossary_examples();
    assert!(examples.len() >= 5, "{examples:?}");
    for args in &examples {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, out, err) = db.run(&args);
        assert_eq!(code, 0, "{args:?}: {out}{err}");
        let governor = || term_statuses(&db, "provincial-governor");
        let has = |terms: Vec<(String, String, String)>, text: &str, status: &str| {
            terms.iter().any(|t| t.1 == text && t.2 == status)
        };
        match &args[1..] {
            ["add", "--concept", "provincial-governor", ..] => {
                assert!(has(governor(), "总督", "deprecated"), "{args:?}");
                assert!(has(governor(), "省长", "preferred"), "{args:?}");
            }
            ["add", ..] => assert!(out.contains("2 term(s) added"), "{args:?}: {out}"),
            ["show", c] => assert!(out.contains(&format!("({c})")), "{out}"),
            ["edit", "provincial-governor", "zh-CN=总督", ..] => {
                assert!(has(governor(), "总督", "forbidden"), "{args:?}")
            }
            ["edit", c, "--subject", s] => {
                assert_eq!(db.json(&["glossary", "show", c])["subject"], *s)
            }
            ["list", ..] => assert!(out.contains("zh-CN: 市长"), "{out}"),
            ["remove", "provincial-governor", "zh-CN=总督"] => {
                assert!(!governor().iter().any(|t| t.1 == "总督"), "{args:?}")
            }
            other => panic!("the test does not know what {other:?} should do"),
        }
    }
}

#[test]
fn check_from_english_is_refused_not_a_silent_pass() {
    let db = Db::new();
    let (code, _, err) = db.run(&[
        "check",
        "--from",
        "english",
        &fixture("check/seed-planted.tsv"),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("did you mean en?"), "{err}");
    let (code, _, err) = db.run(&["tm", "import", "--langs", "en,chinese", "x.tsv"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("did you mean zh?"), "{err}");
}

#[test]
fn the_readme_fresh_machine_lookup_prints_what_the_readme_shows() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let shown = readme
        .split_once("prints:\n\n```\n")
        .and_then(|(_, rest)| rest.split_once("```"))
        .map(|(block, _)| block)
        .expect("the README's fresh-machine output block");
    let db = Db::new();
    let (code, out, err) = db.run(&["lookup", "memorandum of understanding"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out, shown,
        "README.md's fresh-machine example is out of date"
    );
}

/// A CAT tool's CSV heads its columns "Source" and "Target"; with `--langs` that row was
/// stored as a translation unit, "source" translated as "target", exit 0.
#[test]
fn regression_tm_import_with_langs_stored_a_source_target_heading_as_a_unit() {
    let db = Db::empty();
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("a.csv", "Source,Target\nMayor,市长\n"),
        ("b.tsv", "原文\t译文\t备注\nMayor\t市长\t\n"),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        let file = file.to_str().unwrap();
        let (code, out, err) = db.run(&["tm", "import", "--langs", "en,zh-CN", file]);
        assert_eq!(code, 2, "{out}{err}");
        assert!(
            err.contains(&format!("{name}:1: the first row is a header"))
                && err.contains("--header"),
            "{err}"
        );
        let v = db.json(&["tm", "import", "--langs", "en,zh-CN", "--header", file]);
        assert_eq!(
            v["files"][0]["imported"].as_u64().unwrap()
                + v["files"][0]["duplicates"].as_u64().unwrap(),
            1,
            "{v}"
        );
    }
    // A first row of data still needs no --header.
    let file = dir.path().join("c.csv");
    std::fs::write(&file, "Source code,源代码\n").unwrap();
    let v = db.json(&[
        "tm",
        "import",
        "--langs",
        "en,zh-CN",
        file.to_str().unwrap(),
    ]);
    assert_eq!(v["files"][0]["imported"], 1, "{v}");
}

/// The same heading row in a glossary CSV was added as a concept: "Source" rendered as
/// "Target", exit 0.
#[test]
fn regression_glossary_import_with_langs_added_a_source_target_heading_as_a_concept() {
    let db = Db::empty();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("g.csv");
    std::fs::write(&file, "Source,Target\nMayor,市长\n").unwrap();
    let file = file.to_str().unwrap();
    let (code, out, err) = db.run(&["glossary", "import", "--langs", "en,zh-CN", file]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("g.csv:1: the first row is a header"), "{err}");
    let (_, list, _) = db.run(&["glossary", "list"]);
    assert!(!list.contains("Target"), "{list}");
}
