//! What coverage-guided fuzzing (the `fuzz/` crate) found, each as a test named after the bug,
//! and the entry points the fuzz targets rely on, held to the CLI's behaviour.

use std::path::Path;

use concord::document::{DocSource, DraftOptions, open_draft, open_draft_bytes};
use concord::store::Store;

mod common;
use common::Db;

/// Writes `bytes` to `name` in a new folder.
fn file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let shown = path.display().to_string();
    (dir, shown)
}

/// XML 1.0's `Char` production covers the whole document, not only its text: a control
/// character in a tag or attribute name, an end tag, a comment, a processing instruction, the
/// declaration or the DOCTYPE makes the file not well-formed. The reader checked only text and
/// attribute values, and passed the rest over (an attribute name went on into the store).
#[test]
fn regression_a_forbidden_character_in_a_tag_name_or_comment_is_not_well_formed() {
    let tmx_unit = "<tu><tuv xml:lang=\"en\"><seg>Mayor</seg></tuv><tuv xml:lang=\"zh\"><seg>市长</seg></tuv></tu>";
    let tmx = |head: &str, body: &str| {
        format!(
            "<?xml version=\"1.0\"?>\n{head}<tmx version=\"1.4\">\n<header srclang=\"en\"/>\n<body>\n{body}\n</body>\n</tmx>\n"
        )
    };
    let xliff = |inner: &str| {
        format!(
            "<xliff version=\"1.2\">\n<file source-language=\"en\" target-language=\"zh\">\n<body>\n{inner}\n</body></file></xliff>\n"
        )
    };
    let tbx = |inner: &str| {
        format!("<martif type=\"TBX\">\n<text><body>\n{inner}\n</body></text></martif>\n")
    };
    let cases: Vec<(&str, String, u32, &str)> = vec![
        (
            "tag name",
            tmx("", &format!("<t\u{1}u/>\n{tmx_unit}")),
            5,
            "tm",
        ),
        (
            "start and end tag",
            tmx("", &tmx_unit.replace("tu>", "tu\u{2}>")),
            5,
            "tm",
        ),
        (
            "attribute name",
            tmx("", &tmx_unit.replace("<tu>", "<tu a\u{3}b=\"1\">")),
            5,
            "tm",
        ),
        (
            "comment",
            tmx("", &format!("<!-- a\u{1}b -->\n{tmx_unit}")),
            5,
            "tm",
        ),
        (
            "comment before the root",
            tmx("<!--\n\u{8} -->\n", tmx_unit),
            3,
            "tm",
        ),
        (
            "processing instruction",
            tmx("", &format!("<?pi \u{1b}[31m?>\n{tmx_unit}")),
            5,
            "tm",
        ),
        (
            "DOCTYPE",
            tmx("<!DOCTYPE tmx [\u{7}]>\n", tmx_unit),
            2,
            "tm",
        ),
        (
            "entity reference name",
            tmx("", &tmx_unit.replace("Mayor", "&a\u{1};")),
            5,
            "tm",
        ),
        (
            "XLIFF tag name",
            xliff(
                "<trans-unit id=\"1\"><source>Mayor</source><tar\u{1}get>市长</tar\u{1}get></trans-unit>",
            ),
            4,
            "tm",
        ),
        (
            "XLIFF comment",
            xliff(
                "<!-- \u{0} -->\n<trans-unit id=\"1\"><source>Mayor</source><target>市长</target></trans-unit>",
            ),
            4,
            "tm",
        ),
        (
            "TBX tag name",
            tbx(
                "<termEntry id=\"c1\"><langSet xml:lang=\"en\"><tig><te\u{1}rm>Mayor</te\u{1}rm></tig></langSet></termEntry>",
            ),
            3,
            "glossary",
        ),
        (
            "TBX processing instruction",
            tbx(
                "<?x \u{1}?><termEntry id=\"c1\"><langSet xml:lang=\"en\"><tig><term>Mayor</term></tig></langSet></termEntry>",
            ),
            3,
            "glossary",
        ),
    ];
    let db = Db::empty();
    for (what, text, line, command) in cases {
        let ext = match (command, what.split(' ').next()) {
            ("glossary", _) => "tbx",
            (_, Some("XLIFF")) => "xlf",
            _ => "tmx",
        };
        let (_dir, path) = file(&format!("bad.{ext}"), text.as_bytes());
        let (code, out, err) = db.run(&[command, "import", &path]);
        assert_eq!(code, 2, "{what}: {out}{err}");
        assert!(
            err.contains(&format!("{path}:{line}: not well-formed XML: character U+")),
            "{what}: {err}"
        );
    }
    let v = db.json(&["tm", "stats"]);
    assert_eq!(v["units"], 0, "nothing was imported: {v}");
    let concepts = db.json(&["glossary", "list"]);
    assert_eq!(concepts.as_array().map(Vec::len), Some(0), "{concepts}");
}

/// The term matchers are compiled once per command, after its last file, no longer inside
/// each file's import; a glossary import still leaves every language's matcher compiled, so
/// that the first check after it need not compile.
#[test]
fn regression_glossary_import_still_compiles_the_matchers_once_for_all_its_files() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.tsv");
    let b = dir.path().join("b.tsv");
    std::fs::write(&a, "en\tzh-CN\nMayor\t市长\n").unwrap();
    std::fs::write(&b, "en\tfr\nGovernor\tgouverneur\n").unwrap();
    let db = dir.path().join("g.db");
    let mut store = concord::shipped::create(&db, true).unwrap();
    let settings =
        concord::import::GlossarySettings::new(&[a, b], None, Vec::new(), false).unwrap();
    concord::import::import_glossary(&mut store, &settings).unwrap();
    drop(store);
    let (store, _) = Store::open(&db).unwrap();
    let mut stmt = store
        .conn()
        .prepare("SELECT lang FROM term_matcher WHERE stamp = ?1 ORDER BY lang")
        .unwrap();
    let langs: Vec<String> = stmt
        .query_map([concord::glossary::compiled::stamp()], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(langs, ["en", "fr", "zh"]);
}

/// `open_draft_bytes` (the check input's entry point for text in memory) reads what
/// `open_draft` reads from a file of that name, format told the same way.
#[test]
fn a_draft_in_memory_reads_as_the_same_file_does() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for (rel, name) in [
        ("check/seed-planted.tsv", "d.tsv"),
        ("check/seed-draft.zh.md", "d.md"),
        ("xliff/okapi__Test-XLIFF01.xlf", "d.xlf"),
        ("roundtrip/en-US_zh-CN_inline.tmx", "d.tmx"),
        // No extension: the content tells.
        ("check/seed-planted.tsv", "draft"),
    ] {
        let bytes = std::fs::read(fixtures.join(rel)).unwrap();
        let (_dir, path) = file(name, &bytes);
        // Only the target-only draft needs its language told; an XLIFF declares its own
        // (this one Japanese, which a `--lang zh-CN` contradicts: an error).
        let opts = DraftOptions {
            lang: (name == "d.md").then(|| concord::text::LangTag::parse("zh-CN").unwrap()),
            ..DraftOptions::default()
        };
        let from_file = open_draft(&DocSource::new(&path), &opts).unwrap();
        let from_bytes = open_draft_bytes(&path, bytes, &opts).unwrap();
        assert_eq!(format!("{from_file:?}"), format!("{from_bytes:?}"), "{rel}");
        assert!(!from_bytes.segments.is_empty(), "{rel}");
    }
}
