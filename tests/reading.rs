//! The real binary on input files that once made it panic, replace text silently, store what
//! no export can write, or say the wrong thing (issue 13): each test is named after the bug.

use std::path::{Path, PathBuf};

mod common;
use common::Db;

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> String {
    let p: PathBuf = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.display().to_string()
}

impl Db {
    fn units(&self) -> u64 {
        self.json(&["tm", "stats"])["units"].as_u64().unwrap()
    }

    fn concepts(&self) -> usize {
        self.json(&["glossary", "list"]).as_array().unwrap().len()
    }
}

const CURLY_DECLARATION: &[u8] =
    b"<?xml version=\"1.0\" encoding=\xe2\x80\x9cUTF-8\xe2\x80\x9d?>\n<tmx/>\n";

#[test]
fn an_xml_declaration_with_a_non_ascii_char_after_encoding_does_not_panic() {
    let db = Db::empty();
    let dir = tempfile::tempdir().unwrap();
    let invalid_byte = b"<?xml version=\"1.0\" encoding=\xff?>\n<tmx/>\n";
    let (code, _, err) = db.run(&[
        "tm",
        "import",
        &write(dir.path(), "c.tmx", CURLY_DECLARATION),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("c.tmx:1: not well-formed XML declaration"),
        "{err}"
    );
    for first in [CURLY_DECLARATION, invalid_byte] {
        let tmx = write(dir.path(), "p.tmx", first);
        let (code, _, err) = db.run(&["tm", "import", &tmx]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("p.tmx:1: "), "{err}");
        for name in ["p.tsv", "p.csv", "p.u8"] {
            let f = write(dir.path(), name, first);
            for args in [
                vec!["tm", "import", &f],
                vec!["glossary", "import", &f],
                vec!["check", &f, "--lang", "zh-CN"],
                vec!["analyze", &f],
            ] {
                let (code, _, err) = db.run(&args);
                assert!(
                    code <= 2 && !err.contains("panicked"),
                    "{args:?}: {code} {err}"
                );
            }
        }
    }
}

#[test]
fn tm_import_rejects_a_lone_surrogate_and_invalid_shift_jis_with_the_line_as_glossary_import_does()
{
    let db = Db::empty();
    let dir = tempfile::tempdir().unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "en\tzh-CN\nHi\t".encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    utf16.extend([0x00, 0xD8, b'\n', 0]);
    let tsv = write(dir.path(), "s.tsv", &utf16);
    let sjis = write(
        dir.path(),
        "sj.tmx",
        b"<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n\
          <tu><tuv xml:lang=\"en\"><seg>Hi</seg></tuv><tuv xml:lang=\"ja\"><seg>\x82\xa0\x85\xff</seg></tuv></tu></body></tmx>\n",
    );
    for (file, want) in [
        (&tsv, "s.tsv:2: bytes that are not valid UTF-16LE"),
        (&sjis, "sj.tmx:3: bytes that are not valid Shift_JIS"),
    ] {
        for cmd in ["tm", "glossary"] {
            // The glossary reads the same bytes as TBX: they fail before any parsing.
            let mut args = vec![cmd, "import", file];
            if cmd == "glossary" && file == &sjis {
                args.extend(["--format", "tbx"]);
            }
            let (code, _, err) = db.run(&args);
            assert_eq!(code, 2, "{cmd} {file}: {err}");
            assert!(err.contains(want), "{cmd} {file}: {err}");
        }
    }
    assert_eq!(db.units(), 0);
}

/// The characters XML 1.0 forbids, in each kind of input: refused in XML, a counted skip in
/// delimited input, refused by `glossary add`; so exports of everything still succeed.
#[test]
fn control_characters_are_never_stored_so_every_export_still_works() {
    let db = Db::empty();
    let dir = tempfile::tempdir().unwrap();
    let xliff = |body: &str| {
        format!(
            "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\"><file source-language=\"en\" target-language=\"zh-CN\" datatype=\"plaintext\" original=\"a\"><body>\n\
             <trans-unit id=\"1\"><source>{body}</source><target>嗨</target></trans-unit></body></file></xliff>\n"
        )
    };
    for (name, text, want) in [
        (
            "nul.xlf",
            xliff("Hi\0"),
            "nul.xlf:3: not well-formed XML: character U+0000",
        ),
        (
            "ref.xlf",
            xliff("Hi&#7;"),
            "ref.xlf:3: not well-formed XML: &#7;",
        ),
    ] {
        let f = write(dir.path(), name, text);
        let (code, _, err) = db.run(&["tm", "import", &f]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains(want), "{err}");
    }
    let why = "character U+0007 is not allowed in text";
    for (name, text) in [
        ("m.tsv", "en\tzh-CN\nBell\x07\t铃\nMayor\t市长\n"),
        ("m.csv", "en,zh-CN\nBell\x07,铃\nGovernor,州长\n"),
    ] {
        let f = write(dir.path(), name, text);
        let (code, out, err) = db.run(&["tm", "import", &f]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("1 unit imported"), "{out}");
        assert!(out.contains(&format!("line 2: {why}")), "{out}");
    }
    for (name, text) in [
        ("g.tsv", "en\tzh-CN\nBell\x07\t铃\nMayor\t市长\n"),
        (
            "g.u8",
            "鈴 铃 [ling2] /bell\x07/\n市長 市长 [shi4 zhang3] /mayor/\n",
        ),
    ] {
        let f = write(dir.path(), name, text);
        let (code, out, err) = db.run(&["glossary", "import", &f]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains(why), "{out}");
    }
    let (code, _, err) = db.run(&["glossary", "add", "en=Bell\x07", "zh-CN=铃"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = db.run(&[
        "glossary",
        "add",
        "en=Bell",
        "zh-CN=铃",
        "--note",
        "\x1b[2J",
    ]);
    assert_eq!(code, 2, "{err}");
    for args in [
        ["tm", "export", "all.tmx"],
        ["glossary", "export", "all.tbx"],
    ] {
        let out = dir.path().join(args[2]).display().to_string();
        let (code, _, err) = db.run(&[args[0], args[1], &out]);
        assert_eq!(code, 0, "{args:?}: {err}");
    }
}

#[test]
fn lookup_tm_concord_and_tm_search_escape_control_characters_an_older_database_holds() {
    let db = Db::empty();
    assert_eq!(
        db.run(&["glossary", "add", "en=Bellring", "zh-CN=铃声"]).0,
        0
    );
    let dir = tempfile::tempdir().unwrap();
    let tsv = write(
        dir.path(),
        "m.tsv",
        "en\tzh-CN\nThe bell rings.\t铃响了。\n",
    );
    assert_eq!(db.run(&["tm", "import", &tsv]).0, 0);
    // What a concord that let them in may have stored.
    let conn = rusqlite::Connection::open(&db.path).unwrap();
    conn.execute("UPDATE term SET text = text || char(7, 27) || '[2J'", [])
        .unwrap();
    conn.execute("UPDATE variant SET text = text || char(27, 7)", [])
        .unwrap();
    drop(conn);
    for args in [
        vec!["lookup", "Bellring"],
        vec!["tm", "concord", "bell"],
        vec!["tm", "search", "The bell rings.", "--min", "50"],
    ] {
        let (code, out, err) = db.run(&args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(
            !out.contains(['\x07', '\x1b']) && out.contains("\\u{1b}"),
            "{args:?}: {out:?}"
        );
    }
}

#[test]
fn xliff_content_after_the_root_is_refused_not_dropped() {
    let db = Db::empty();
    let dir = tempfile::tempdir().unwrap();
    let doc = "<xliff version=\"1.2\"><file source-language=\"en\" target-language=\"zh-CN\" datatype=\"plaintext\" original=\"a\"><body>\n\
               <trans-unit id=\"1\"><source>Hi</source><target>嗨</target></trans-unit></body></file></xliff>\n";
    for (name, tail) in [
        ("second.xlf", doc.to_string()),
        ("trailing.xlf", "<extra/>\n".to_string()),
    ] {
        let f = write(dir.path(), name, format!("{doc}{tail}"));
        let (code, _, err) = db.run(&["tm", "import", &f]);
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains(&format!(
                "{name}:3: not well-formed XML: content after </xliff>"
            )),
            "{err}"
        );
    }
    assert_eq!(db.units(), 0);
}

#[test]
fn a_lone_cr_in_a_tsv_memory_is_named_not_taken_for_a_tab_turned_to_spaces() {
    let db = Db::empty();
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "cr.tsv",
        "en\tzh-CN\tnote\nHi.\rRun.\t跑  x\nYes.\t是。\tok\n",
    );
    let (code, out, _) = db.run(&["tm", "import", &f]);
    assert_eq!(code, 0);
    assert!(
        out.contains("line 2: expected 3 fields, found 2 (the line holds a lone CR"),
        "{out}"
    );
    assert!(!out.contains("TAB"), "{out}");
}

#[test]
fn an_unterminated_csv_quote_in_tm_import_is_named_as_glossary_import_names_it() {
    let db = Db::empty();
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "q.csv", "en,zh-CN\nHi,\"嗨\nBye,再见\n");
    for cmd in ["tm", "glossary"] {
        let (code, _, err) = db.run(&[cmd, "import", &f]);
        assert_eq!(code, 2, "{cmd}: {err}");
        assert!(
            err.contains("q.csv:2: unterminated quoted field"),
            "{cmd}: {err}"
        );
    }
    assert_eq!(db.units(), 0);
}

#[test]
fn a_huge_xml_lang_value_is_cut_in_the_error() {
    let db = Db::empty();
    let dir = tempfile::tempdir().unwrap();
    // Just under the 1 MiB a tag may take (tests/limits.rs goes past it).
    let long = "x".repeat((1 << 20) - 64);
    let tmx = write(
        dir.path(),
        "l.tmx",
        format!(
            "<tmx version=\"1.4\"><header srclang=\"en\"/><body><tu><tuv xml:lang=\"{long}\"><seg>a</seg></tuv></tu></body></tmx>"
        ),
    );
    let tbx = write(
        dir.path(),
        "l.tbx",
        format!(
            "<martif type=\"TBX\"><text><body><termEntry><langSet xml:lang=\"{long}\"><tig><term>a</term></tig></langSet></termEntry></body></text></martif>"
        ),
    );
    for args in [["tm", "import", &tmx], ["glossary", "import", &tbx]] {
        let (code, _, err) = db.run(&args);
        assert_eq!(code, 2, "{args:?}");
        assert!(
            err.len() < 300 && err.contains("invalid language tag \"xxx"),
            "{args:?}: {}",
            &err[..err.len().min(300)]
        );
    }
}

#[test]
fn cedict_a_lone_cr_no_longer_merges_two_entries_and_an_indented_hash_is_a_comment() {
    let db = Db::empty();
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "d.u8",
        "市長 市长 [shi4 zhang3] /mayor/\r大橋 大桥 [da4 qiao2] /bridge/\n   # comment\n",
    );
    let (code, out, err) = db.run(&["glossary", "import", &f]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("2 concepts read") && !out.contains("skipped"),
        "{out}"
    );
    assert_eq!(db.concepts(), 2);
}

#[test]
fn tm_import_and_glossary_import_read_standard_input_as_dash() {
    let db = Db::empty();
    let out = db
        .cmd()
        .args(["tm", "import", "--format", "tsv", "-"])
        .write_stdin("en\tzh-CN\nHi.\t嗨。\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("<stdin> (tsv): 1 unit imported"));
    let out = db
        .cmd()
        .args(["glossary", "import", "--format", "csv", "-"])
        .write_stdin("en,zh-CN\nMayor,市长\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!((db.units(), db.concepts()), (1, 1));
    let (code, _, err) = db.run(&["tm", "import", "-"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("standard input has no file name to tell its format by; pass --format"),
        "{err}"
    );
}

/// A Chinese file saved by Windows in GBK (its default for Chinese text) was refused with
/// "invalid UTF-8 at column byte 21" and no word of what the file was or what to do about it.
#[test]
fn a_gbk_file_is_refused_with_its_encoding_named_and_nothing_imported() {
    let db = Db::empty();
    let dir = tempfile::tempdir().unwrap();
    let gbk = |text: &str| encoding_rs::GBK.encode(text).0.into_owned();
    let tsv = write(
        dir.path(),
        "gbk.tsv",
        gbk("en\tzh-CN\nThe mayor spoke.\t市长讲话。\n"),
    );
    let en = write(dir.path(), "a.en", "The mayor spoke.\nHe left.\n");
    let zh = write(dir.path(), "a.zh", gbk("市长讲话。\n他走了。\n"));
    let tmx = write(
        dir.path(),
        "g.tmx",
        [
            b"<tmx version=\"1.4\"><header srclang=\"en\"/><body><tu><tuv xml:lang=\"en\"><seg>Mayor</seg></tuv><tuv xml:lang=\"zh-CN\"><seg>".as_slice(),
            &gbk("市长"),
            b"</seg></tuv></tu></body></tmx>\n",
        ]
        .concat(),
    );
    for args in [
        vec!["tm", "import", tsv.as_str()],
        vec!["tm", "import", "--parallel", en.as_str(), zh.as_str()],
        vec!["glossary", "import", tsv.as_str()],
        vec!["tm", "import", tmx.as_str()],
    ] {
        let (code, _, err) = db.run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(
            err.contains(":2: invalid UTF-8") || err.contains(":1: invalid UTF-8"),
            "{err}"
        );
        assert!(err.contains("GB18030 (GBK)"), "{args:?}: {err}");
        assert!(err.contains("iconv -f gb18030 -t utf-8"), "{err}");
    }
    assert_eq!(db.units(), 0);
    // A file in Latin-1 is not taken for Chinese.
    let latin1 = write(dir.path(), "l.tsv", b"en\tfr\ncoffee\tcaf\xe9\n");
    let (code, _, err) = db.run(&["tm", "import", &latin1]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("save it as UTF-8") && !err.contains("GB18030"),
        "{err}"
    );
}
