//! Issue 13: every reader, writer and report is linear in its input, and where a limit is the
//! honest answer (a line, an XML tag or record, nesting, a term) the input is refused with its
//! file and line, exit 2, the database unchanged. Each input is generated in a temporary
//! folder; that each test ends in seconds is the check (before the fixes, minutes or never).

mod common;

use std::path::{Path, PathBuf};

use common::Db;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn units(db: &Db) -> u64 {
    db.json(&["tm", "stats"])["units"].as_u64().unwrap()
}

/// A TMX of one unit whose `<tu>` carries `attrs` and whose English segment is `seg`.
fn tmx(attrs: &str, seg: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n\
         <tu{attrs}><tuv xml:lang=\"en\"><seg>{seg}</seg></tuv><tuv xml:lang=\"zh\"><seg>乙</seg></tuv></tu>\n\
         </body></tmx>\n"
    )
}

fn xliff(attrs: &str, source: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\
         <file source-language=\"en\" target-language=\"zh\" datatype=\"plaintext\" original=\"x\"><body>\n\
         <trans-unit id=\"1\"{attrs}><source>{source}</source><target>乙</target></trans-unit>\n\
         </body></file></xliff>\n"
    )
}

fn attributes(n: usize) -> String {
    (0..n).map(|i| format!(" a{i}=\"v\"")).collect()
}

/// Asserts exit 2 and a message naming `file:line` that contains `says`.
fn refused(db: &Db, args: &[&str], at: &str, says: &str) {
    let (code, _, err) = db.run(args);
    assert_eq!(code, 2, "{args:?}: {err}");
    assert!(err.contains(at) && err.contains(says), "{args:?}: {err}");
    assert!(
        err.len() < 500,
        "the message quotes little of the input: {err}"
    );
}

/// Writes `text` to `name` and asserts that the command, given it, refuses it at `line`.
fn refused_file(db: &Db, dir: &Path, cmd: &[&str], name: &str, text: &str, line: u64, says: &str) {
    let f = write(dir, name, text);
    let args = [cmd, &[f.to_str().unwrap()]].concat();
    refused(db, &args, &format!("{name}:{line}:"), says);
}

/// Imports a one-unit file into `db`, exports it as TMX and imports that into a new
/// database, which it returns.
fn import_export_import(db: &Db, dir: &Path, name: &str, text: &str) -> Db {
    let f = write(dir, name, text);
    let (code, _, err) = db.run(&["tm", "import", f.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let out = dir.join("out.tmx");
    let (code, _, err) = db.run(&["tm", "export", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let again = Db::empty();
    let (code, _, err) = again.run(&["tm", "import", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(units(&again), 1);
    again
}

#[test]
fn regression_200k_attributes_on_one_tmx_element_are_read_in_linear_time() {
    // quick-xml's duplicate check compared each attribute with all before it: 200,000 took
    // more than 90 s. 90,000 fit in the 1 MiB a tag may take; 200,000 are past it.
    let db = Db::empty();
    let dir = tempfile::tempdir().unwrap();
    let many = write(dir.path(), "many.tmx", &tmx(&attributes(90_000), "a"));
    let (code, _, err) = db.run(&["tm", "import", many.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(units(&db), 1);
    let xlf = write(dir.path(), "many.xlf", &xliff(&attributes(90_000), "c"));
    let (code, _, err) = db.run(&["tm", "import", xlf.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let tbx = format!(
        "<?xml version=\"1.0\"?>\n<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" \
         xmlns=\"urn:iso:std:iso:30042:ed-2\"><text><body>\n<conceptEntry id=\"c1\"{}>\
         <langSec xml:lang=\"en\"><termSec><term>alpha</term></termSec></langSec></conceptEntry>\n\
         </body></text></tbx>\n",
        attributes(90_000)
    );
    let tbx = write(dir.path(), "many.tbx", &tbx);
    let (code, _, err) = db.run(&["glossary", "import", tbx.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");

    refused_file(
        &db,
        dir.path(),
        &["tm", "import"],
        "too-many.tmx",
        &tmx(&attributes(200_000), "b"),
        3,
        "longer than 1 MiB",
    );
    assert_eq!(units(&db), 2, "nothing of the refused file is stored");
}

#[test]
fn regression_a_duplicate_attribute_is_still_an_error_naming_its_line() {
    let db = Db::empty();
    let dir = tempfile::tempdir().unwrap();
    let attrs = format!("{}\n a5=\"again\"", attributes(50));
    refused_file(
        &db,
        dir.path(),
        &["tm", "import"],
        "dup.tmx",
        &tmx(&attrs, "a"),
        4,
        "attribute a5 appears twice in <tu>",
    );
    assert_eq!(units(&db), 0);
}

#[test]
fn regression_80k_bpt_ept_pairs_in_one_tmx_segment_are_paired_in_linear_time() {
    // Each <ept> looked for its <bpt> in a list of the open ones: 80,000 pairs took 15.8 s
    // to import, and as long again to export (the writer re-reads the markup).
    let n = 80_000;
    let mut seg: String = (1..=n)
        .map(|i| format!("<bpt i=\"{i}\">&lt;b&gt;</bpt>"))
        .collect();
    seg.push('x');
    seg.extend((1..=n).map(|i| format!("<ept i=\"{i}\">&lt;/b&gt;</ept>")));
    let db = Db::empty();
    let dir = tempfile::tempdir().unwrap();
    let again = import_export_import(&db, dir.path(), "codes.tmx", &tmx("", &seg));

    let unpaired = seg.replace("<ept i=\"40000\">", "<ept i=\"0\">");
    refused_file(
        &again,
        dir.path(),
        &["tm", "import"],
        "unpaired.tmx",
        &tmx("", &unpaired),
        3,
        "<ept i=\"0\"> closes no <bpt i=\"0\">",
    );
}

#[test]
fn regression_nesting_beyond_1024_is_refused() {
    // 100,000 nested <g> took 26 s to export and 27 s to import again; a million never
    // ended. Past 1024 levels the file is refused where the nesting goes too deep.
    let nested = |n: usize| format!("{}x{}", "<g id=\"1\">".repeat(n), "</g>".repeat(n));
    let db = Db::empty();
    let dir = tempfile::tempdir().unwrap();
    refused_file(
        &db,
        dir.path(),
        &["tm", "import"],
        "deep.xlf",
        &xliff("", &nested(100_000)),
        3,
        "<g> is nested more than 1024 elements deep",
    );
    assert_eq!(units(&db), 0);

    // Within the limit it is read, exported and read back.
    import_export_import(&db, dir.path(), "ok.xlf", &xliff("", &nested(1000)));
}

#[test]
fn regression_60k_namespace_declarations_are_refused_not_scanned_for_every_name() {
    // Each element's name was resolved by a scan of every declaration in scope: 60,000 on
    // the root made 20,000 units take 4.3 s, growing with both.
    let decls: String = (0..60_000).map(|i| format!(" xmlns:p{i}=\"u\"")).collect();
    let doc = xliff("", "a").replace(
        "xmlns=\"urn:oasis:names:tc:xliff:document:1.2\"",
        &format!("xmlns=\"urn:oasis:names:tc:xliff:document:1.2\"{decls}"),
    );
    let db = Db::empty();
    let dir = tempfile::tempdir().unwrap();
    let says = "more than 256 namespace declarations in scope at <xliff>";
    refused_file(&db, dir.path(), &["tm", "import"], "ns.xlf", &doc, 2, says);
    // A few hundred in all, as real files have a dozen, read as ever.
    let few: String = (0..200).map(|i| format!(" xmlns:p{i}=\"u\"")).collect();
    let doc = xliff("", "a").replace("<file ", &format!("<file{few} "));
    let f = write(dir.path(), "few.xlf", &doc);
    let (code, _, err) = db.run(&["tm", "import", f.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn regression_a_cedict_line_with_100k_glosses_is_read_in_linear_time() {
    // Each gloss was compared with every one before it: 100,000 took 21 s.
    let mut glosses: Vec<String> = (0..100_000).map(|i| format!("g{i}")).collect();
    glosses.push("g7".into());
    let line = format!("中國 中国 [zhong1 guo2] /{}/\n", glosses.join("/"));
    let db = Db::empty();
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "many.u8", &line);
    let report = db.json(&["glossary", "import", f.to_str().unwrap()]);
    assert_eq!(
        report["files"][0]["terms_added"], 100_002,
        "two Chinese forms and each gloss once"
    );
}

#[test]
fn regression_check_report_shows_a_window_not_the_whole_segment() {
    // The report printed the whole segment again for each finding: a 664 KB one-line draft
    // wrote 5.0 GB.
    let source = "The Mayor met the Governor. ".repeat(23_700);
    let db = Db::new();
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "draft.tsv",
        &format!("en\tzh-CN\n{source}\t市长\n"),
    );
    let f = f.to_str().unwrap();
    let out = db.cmd().args(["check", f]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let json = db.json(&["check", f]);
    let findings = json["findings"].as_array().unwrap().len();
    assert!(findings > 20_000, "{findings}");
    let shown: Vec<&str> = text.lines().filter(|l| l.starts_with("    ")).collect();
    assert_eq!(shown.len(), findings, "a window under each finding");
    for l in &shown {
        assert!(l.chars().count() < 4 + 2 * 40 + 2 * 80 + 10, "{l}");
        assert!(l.contains('«') && l.contains('»'), "{l}");
    }
    assert!(
        shown[1].starts_with("    …") && shown[1].ends_with('…'),
        "{}",
        shown[1]
    );
    assert!(text.len() < 300 * findings, "{} bytes", text.len());
}

#[test]
fn regression_tm_file_without_newline_is_refused_at_the_line_limit() {
    // It grew until an allocation abort (exit 134).
    let db = Db::empty();
    let dir = tempfile::tempdir().unwrap();
    let long = format!("en\tzh\n{}", "a".repeat(2 << 20));
    for (cmd, name) in [
        ("tm", "long.tsv"),
        ("glossary", "long.txt"),
        ("glossary", "long.u8"),
    ] {
        let says = "line 2 is longer than 1 MiB";
        refused_file(&db, dir.path(), &[cmd, "import"], name, &long, 2, says);
    }
    assert_eq!(units(&db), 0);
}

#[test]
fn regression_an_unterminated_csv_quote_stops_at_the_record_limit() {
    let db = Db::empty();
    let dir = tempfile::tempdir().unwrap();
    let csv = format!("en,zh\n\"a,{}", "line\n".repeat(2 << 20));
    refused_file(
        &db,
        dir.path(),
        &["tm", "import"],
        "open.csv",
        &csv,
        2,
        "larger than 8 MiB",
    );
    assert_eq!(units(&db), 0);
}

#[test]
fn regression_a_tmx_unit_larger_than_8_mib_is_refused_at_its_line() {
    let db = Db::empty();
    let dir = tempfile::tempdir().unwrap();
    // Each text node within its limit, the unit as a whole past its own.
    let seg = vec!["w".repeat(1 << 19); 20].join("<ph x=\"1\"/>");
    refused_file(
        &db,
        dir.path(),
        &["tm", "import"],
        "big.tmx",
        &tmx("", &seg),
        3,
        "<tu> is a record larger than 8 MiB",
    );
    assert_eq!(units(&db), 0);
}

#[cfg(unix)]
#[test]
fn regression_dev_zero_piped_in_ends_at_the_line_limit() {
    let db = Db::empty();
    for args in [
        &["check", "-"][..],
        &["tm", "import", "--format", "tsv", "-"],
        &["tm", "import", "--format", "csv", "-"],
        &["tm", "import", "--format", "tmx", "-"],
        &["glossary", "import", "--format", "tsv", "-"],
    ] {
        // A std Command: assert_cmd's pipe_stdin would read the endless file itself first.
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin!("concord"))
            .env_remove("CONCORD_DB")
            .arg("--db")
            .arg(&db.path)
            .args(args)
            .stdin(std::fs::File::open("/dev/zero").unwrap())
            .output()
            .unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(":1: ") && (err.contains("1 MiB") || err.contains("8 MiB")),
            "{args:?}: {err}"
        );
    }
    // Named, a device is refused before it is read.
    refused(
        &db,
        &["tm", "import", "--format", "tsv", "/dev/zero"],
        "/dev/zero",
        "not a regular file",
    );
    assert_eq!(units(&db), 0);
}

#[cfg(unix)]
#[test]
fn regression_fifo_is_refused_not_waited_on() {
    // open() of a FIFO with no writer blocked forever.
    let db = Db::empty();
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.tsv");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let f = fifo.to_str().unwrap();
    for args in [
        &["tm", "import", f][..],
        &["glossary", "import", f],
        &["check", f],
        &["analyze", f],
    ] {
        refused(&db, args, "pipe.tsv", "not a regular file (a named pipe)");
    }
    let d = dir.path().to_str().unwrap();
    refused(
        &db,
        &["tm", "import", "--format", "tsv", d],
        d,
        "not a regular file (a directory)",
    );
}

#[test]
fn regression_a_term_longer_than_1000_characters_is_refused() {
    // A 10 MB term cost 0.9 GB compiling the term matcher; 200 MB aborted.
    let db = Db::empty();
    let dir = tempfile::tempdir().unwrap();
    let at_limit = "长".repeat(1000);
    let over = "长".repeat(1001);
    let (code, _, err) = db.run(&["glossary", "add", "en=Long", &format!("zh={at_limit}")]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = db.run(&["glossary", "add", "en=Longer", &format!("zh={over}")]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("longer than 1000") && err.len() < 500, "{err}");
    refused_file(
        &db,
        dir.path(),
        &["glossary", "import"],
        "terms.tsv",
        &format!("en\tzh\nshort\t短\nlong\t{over}\n"),
        3,
        "a term of 1001 characters is longer than 1000",
    );
    let list = db.json(&["glossary", "list"]);
    assert!(
        !list.to_string().contains("短"),
        "nothing of the file is stored"
    );
}
