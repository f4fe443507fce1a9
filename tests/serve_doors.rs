//! `concord serve`'s doors for files: the glossary's import by upload, the glossary's and the
//! memory's exports, uploads past the old 32 MiB body limit, an import's progress in units,
//! and the check page's ignore list and baseline. Each answer is compared with the CLI's on
//! the same input and the same database.

mod common;

use std::path::Path;

use common::Db;
use common::server::{Held, Server, error_of, timeless};
use serde_json::Value;

/// `concord --db DB ARGS` run in `dir`, so that a file is named as the upload names it:
/// exit code, standard output as bytes, standard error.
fn cli_in(db: &Db, dir: &Path, args: &[&str]) -> (i32, Vec<u8>, String) {
    let out = db.cmd().current_dir(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        out.stdout,
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// A request whose answer is kept as bytes (an export is compared byte for byte).
fn get_bytes(server: &Server, path: &str, query: &[(&str, &str)]) -> (u16, Vec<u8>) {
    let mut req = Server::agent().get(format!("{}{path}", server.base));
    for (k, v) in query {
        req = req.query(*k, *v);
    }
    let mut r = req.call().unwrap();
    let status = r.status().as_u16();
    let body = r
        .body_mut()
        .with_config()
        .limit(u64::MAX)
        .read_to_vec()
        .unwrap();
    (status, body)
}

fn upload(
    server: &Server,
    path: &str,
    query: &[(&str, &str)],
    kind: &str,
    body: &[u8],
) -> (u16, String) {
    server.send("POST", path, query, &[("Content-Type", kind)], body)
}

/// The glossary as `glossary export - --format tbx` prints it: what a test compares to see
/// that nothing changed.
fn glossary_of(db: &Db) -> Vec<u8> {
    let out = db
        .cmd()
        .args(["glossary", "export", "-", "--format", "tsv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    out.stdout
}

const FIXTURES: &str = "tests/fixtures";

/// An export without its TMX header's `creationdate`, the second it was written: the CLI's
/// and the server's exports, made a moment apart, may differ there and nowhere else.
fn dateless(export: &[u8]) -> Vec<u8> {
    let text = String::from_utf8(export.to_vec()).unwrap();
    let key = "creationdate=\"";
    match text.find(key) {
        Some(at) => {
            let start = at + key.len();
            let end = start + text[start..].find('"').unwrap();
            format!("{}{}", &text[..start], &text[end..]).into_bytes()
        }
        None => text.into_bytes(),
    }
}

/// A glossary upload and its CLI twin: the fixture, the name it goes by, its content type,
/// the query's other parameters and the CLI's other arguments.
type Upload<'a> = (
    &'a str,
    &'a str,
    &'a str,
    Vec<(&'a str, &'a str)>,
    Vec<&'a str>,
);

#[test]
fn a_glossary_upload_imports_as_glossary_import_imports_the_same_file() {
    let dir = tempfile::tempdir().unwrap();
    // File (copied under the name the upload gives), content type, extra query and CLI args.
    let cases: [Upload; 5] = [
        (
            "tbx/okapi__maryland.tbx",
            "maryland.tbx",
            "application/x-tbx+xml",
            vec![],
            vec![],
        ),
        // By the name alone: the body's type says nothing, as a browser sends a .u8 file.
        (
            "cedict/concord_test.u8",
            "cedict_ts.u8",
            "application/octet-stream",
            vec![],
            vec![],
        ),
        (
            "csv/tico19__g_en_zh-CN.csv",
            "tico.csv",
            "text/csv",
            vec![("dry_run", "true")],
            vec!["--dry-run"],
        ),
        (
            "csv/tico19__g_en_zh-CN.csv",
            "tico.csv",
            "text/csv",
            vec![],
            vec![],
        ),
        // The format by parameter, over what the name implies; the languages of a header-less
        // TSV as --langs gives them.
        (
            "csv/okapi__lib-terminology__test01.tsv",
            "terms.txt",
            "text/plain",
            vec![("format", "tsv"), ("langs", "en,zh-CN")],
            vec!["--format", "tsv", "--langs", "en,zh-CN"],
        ),
    ];
    let api_db = Db::empty();
    let cli_db = Db::empty();
    let server = Server::start(&api_db.path, &[]);
    for (fixture, name, kind, query, args) in &cases {
        let bytes = std::fs::read(Path::new(FIXTURES).join(fixture)).unwrap();
        std::fs::write(dir.path().join(name), &bytes).unwrap();
        let mut q = vec![("name", *name)];
        q.extend(query.iter().copied());
        let (status, answer) = upload(&server, "/api/import/glossary", &q, kind, &bytes);
        assert_eq!(status, 200, "{fixture}: {answer}");
        let cli: Vec<&str> = [&["--json", "glossary", "import", name][..], args].concat();
        let (code, out, err) = cli_in(&cli_db, dir.path(), &cli);
        assert_eq!(code, 0, "{fixture}: {err}");
        assert_eq!(
            timeless(&answer),
            timeless(&String::from_utf8(out).unwrap()),
            "{fixture}"
        );
    }
    // Both databases hold the same glossary after it.
    assert_eq!(glossary_of(&api_db), glossary_of(&cli_db));
    assert!(!glossary_of(&api_db).is_empty());
    // The glossary page links to the exports, and uploads to this route.
    let (status, page) = server.get("/glossary", &[]);
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("id=\"glossary-import\""), "{page}");
    assert!(page.contains("/api/import/glossary"), "{page}");
    for format in ["tbx", "csv", "tsv"] {
        let link = format!("/api/export/glossary?format={format}");
        assert!(page.contains(&link), "{link}: {page}");
        assert_eq!(get_bytes(&server, &link, &[]).0, 200, "{link}");
    }
}

#[test]
fn a_bad_glossary_upload_gets_400_naming_its_line_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::with_glossary(&[&["en=Mayor", "zh-CN=市长"]]);
    let server = Server::start(&db.path, &[]);
    let before = glossary_of(&db);
    let broken = std::fs::read(Path::new(FIXTURES).join("tbx/broken.tbx")).unwrap();
    std::fs::write(dir.path().join("broken.tbx"), &broken).unwrap();
    let (status, answer) = upload(
        &server,
        "/api/import/glossary",
        &[("name", "broken.tbx")],
        "application/x-tbx+xml",
        &broken,
    );
    assert_eq!(status, 400, "{answer}");
    let (code, _, err) = cli_in(&db, dir.path(), &["glossary", "import", "broken.tbx"]);
    assert_eq!(code, 2, "{err}");
    // The CLI's message, file and line included, is the API's.
    let said = error_of(&answer);
    assert!(said.starts_with("broken.tbx:"), "{said}");
    assert!(err.contains(&said), "{err} / {said}");
    // A CSV whose second record is good and whose fourth is not: nothing of it lands.
    let (status, answer) = upload(
        &server,
        "/api/import/glossary",
        &[("name", "half.csv")],
        "text/csv",
        "en,zh-CN\nBridge,大桥\n\"Tunnel,隧道\n".as_bytes(),
    );
    assert_eq!(status, 400, "{answer}");
    assert!(error_of(&answer).contains("half.csv"), "{answer}");
    // A format nothing tells.
    let (status, answer) = upload(
        &server,
        "/api/import/glossary",
        &[("name", "terms.docx")],
        "application/octet-stream",
        b"x",
    );
    assert_eq!(status, 415, "{answer}");
    assert_eq!(glossary_of(&db), before);
    drop(server);
    // A read-only server refuses it before reading it.
    let server = Server::start(&db.path, &["--read-only"]);
    let (status, answer) = upload(
        &server,
        "/api/import/glossary",
        &[("name", "t.csv")],
        "text/csv",
        "en,zh-CN\nBridge,大桥\n".as_bytes(),
    );
    assert_eq!(status, 403, "{answer}");
    assert_eq!(glossary_of(&db), before);
    // Its page offers the exports and no upload.
    let (status, page) = server.get("/glossary", &[]);
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("/api/export/glossary?format=tbx"), "{page}");
    assert!(!page.contains("glossary-import"), "{page}");
}

#[test]
fn exports_are_the_bytes_the_cli_prints() {
    let db = Db::new();
    // Enough units that an export is sent in several chunks.
    let mut tsv = String::from_utf8(pairs_tsv(1000)).unwrap();
    tsv.push_str("The Mayor spoke.\t市长讲话了。\nSister city\t姐妹城市\n");
    db.import_tsv(&tsv);
    // The origin `tm import` recorded: the path it was given.
    let origin = db.path.with_file_name("pairs.tsv");
    let origin = origin.to_str().unwrap();
    let server = Server::start(&db.path, &[]);
    let dir = tempfile::tempdir().unwrap();
    let cli = |args: &[&str]| {
        let (code, out, err) = cli_in(&db, dir.path(), args);
        assert_eq!(code, 0, "{args:?}: {err}");
        out
    };
    for (query, args) in [
        (vec![], vec!["--format", "tsv"]),
        (vec![("format", "tbx")], vec!["--format", "tbx"]),
        (vec![("format", "csv")], vec!["--format", "csv"]),
        (
            vec![("format", "tsv"), ("lang", "en"), ("lang", "zh-CN")],
            vec!["--format", "tsv", "--lang", "en", "--lang", "zh-CN"],
        ),
    ] {
        let (status, body) = get_bytes(&server, "/api/export/glossary", &query);
        assert_eq!(status, 200, "{query:?}");
        let want = cli(&[&["glossary", "export", "-"][..], &args].concat());
        assert!(
            want.len() > 1000,
            "{query:?}: the shipped glossary is exported"
        );
        assert!(
            dateless(&body) == dateless(&want),
            "{query:?}: the export differs from the CLI's"
        );
    }
    for (query, args) in [
        (vec![], vec!["--format", "tsv"]),
        (vec![("format", "tmx")], vec!["--format", "tmx"]),
        (vec![("format", "csv")], vec!["--format", "csv"]),
        (
            vec![("format", "tsv"), ("langs", "zh-CN,en")],
            vec!["--format", "tsv", "--langs", "zh-CN,en"],
        ),
        (
            vec![("format", "tmx"), ("origin", origin)],
            vec!["--format", "tmx", "--origin", origin],
        ),
    ] {
        let (status, body) = get_bytes(&server, "/api/tm/export", &query);
        assert_eq!(status, 200, "{query:?}");
        let want = cli(&[&["tm", "export", "-"][..], &args].concat());
        assert!(!want.is_empty());
        assert!(
            dateless(&body) == dateless(&want),
            "{query:?}: the export differs from the CLI's:\n{}\n---\n{}",
            String::from_utf8_lossy(&body),
            String::from_utf8_lossy(&want)
        );
    }
    // The memory page links to the exports.
    let (_, page) = server.get("/memory", &[]);
    for format in ["tmx", "csv", "tsv"] {
        assert!(
            page.contains(&format!("/api/tm/export?format={format}")),
            "{page}"
        );
    }
    // A memory export larger than one chunk arrives whole.
    let (status, body) = get_bytes(&server, "/api/tm/export", &[("format", "tmx")]);
    assert_eq!(status, 200);
    assert!(body.len() > 64 << 10, "{} bytes", body.len());
    // What the CLI refuses, the API refuses.
    for (path, query, want) in [
        ("/api/tm/export", vec![("format", "xliff")], 400),
        ("/api/export/glossary", vec![("format", "cedict")], 400),
        ("/api/tm/export", vec![("origin", "no such file")], 404),
        ("/api/tm/export", vec![("langs", "en,xx-bad-tag-")], 400),
        (
            "/api/export/glossary",
            vec![("lang", "en"), ("lang", "")],
            200,
        ),
    ] {
        let (status, body) = get_bytes(&server, path, &query);
        assert_eq!(
            status,
            want,
            "{path} {query:?}: {}",
            String::from_utf8_lossy(&body)
        );
    }
    let (status, answer) = server.get("/api/tm/export", &[("origin", "no such file")]);
    assert_eq!(status, 404);
    assert!(error_of(&answer).contains("no unit matched"), "{answer}");
}

/// A memory in TSV with a language header, `n` pairs of about 100 bytes each.
fn pairs_tsv(n: usize) -> Vec<u8> {
    let mut out = String::from("en\tzh-CN\n");
    for i in 0..n {
        out.push_str(&format!(
            "Delegation number {i} met the mayor of the twin town.\t第{i}个代表团会见了友好城镇的市长。\n"
        ));
    }
    out.into_bytes()
}

#[test]
fn an_upload_over_32_mib_imports_and_one_over_max_upload_gets_413_naming_it() {
    let db = Db::empty();
    let server = Server::start(&db.path, &[]);
    // Just over 32 MiB, generated here: the old body limit refused it.
    let mut body = String::from("en\tzh-CN\n");
    let filler = "x".repeat(200);
    let mut n = 0;
    while body.len() <= (32 << 20) + (64 << 10) {
        body.push_str(&format!("Pair {n} {filler}\t第{n}对\n"));
        n += 1;
    }
    let (status, answer) = upload(
        &server,
        "/api/tm/import",
        &[("name", "big.tsv")],
        "text/tab-separated-values",
        body.as_bytes(),
    );
    assert_eq!(status, 200, "{answer}");
    let v: Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(v["files"][0]["imported"], n, "{answer}");
    drop(server);
    // With --max-upload 1M, a 2 MiB upload gets 413 naming the limit, and nothing lands.
    let server = Server::start(&db.path, &["--max-upload", "1M"]);
    let stats = db.json(&["tm", "stats"]);
    let small = &body.as_bytes()[..2 << 20];
    for path in ["/api/tm/import", "/api/import/glossary"] {
        let (status, answer) =
            Held::post(&server, &format!("{path}?name=big.tsv"), small, 0).finish();
        assert_eq!(status, 413, "{path}: {answer}");
        assert!(error_of(&answer).contains("1 MiB"), "{path}: {answer}");
    }
    assert_eq!(db.json(&["tm", "stats"]), stats);
    // A size that is not one is a usage error.
    let (code, _, err) = db.run(&["serve", "--addr", "127.0.0.1:0", "--max-upload", "lots"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn import_status_counts_units_while_the_upload_runs() {
    let db = Db::empty();
    let server = Server::start(&db.path, &[]);
    let body = pairs_tsv(20_000);
    let held = Held::start(&server, "name=pairs.tsv", &body, body.len() / 2);
    // Half the body is in: the units of its first batches are counted before the rest comes.
    let mut seen = None;
    for _ in 0..1500 {
        let (status, answer) = server.get("/api/tm/import/status", &[]);
        assert_eq!(status, 200, "{answer}");
        let s: Value = serde_json::from_str(&answer).unwrap();
        let units = s["units"].as_u64().unwrap();
        if s["running"] == true && units > 0 {
            seen = Some(units);
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let seen = seen.expect("the status never counted a unit while the import ran");
    assert!(
        seen < 20_000,
        "{seen}: counted before the whole body was sent"
    );
    assert_eq!(held.finish().0, 200);
    let (_, answer) = server.get("/api/tm/import/status", &[]);
    let s: Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(s["running"], false, "{answer}");
    assert_eq!(s["units"], 20_000, "{answer}");
    assert_eq!(s["last"]["files"][0]["imported"], 20_000, "{answer}");
    // The memory page shows the count as it polls.
    let (status, page) = server.get("/memory", &[]);
    assert_eq!(status, 200);
    assert!(
        page.contains("s.units"),
        "the page's progress does not read units"
    );
}

#[test]
fn the_check_page_takes_an_ignore_list_and_a_baseline_as_the_cli_does() {
    let db = Db::with_glossary(&[&["en=Mayor", "zh-CN=市长"], &["en=bridge", "zh-CN=大桥"]]);
    let dir = tempfile::tempdir().unwrap();
    let draft = "en\tzh-CN\nThe Mayor spoke.\t州长讲话。\nThe bridge opened.\t桥通车了。\nThe Mayor left.\t州长走了。\n";
    let old = "en\tzh-CN\nThe Mayor spoke.\t州长讲话。\n";
    let ignore = "# the bridge is a known case\nterm-missing\tbridge\n";
    for (name, text) in [("draft.tsv", draft), ("old.tsv", old), ("ig.tsv", ignore)] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let (code, baseline, err) = cli_in(&db, dir.path(), &["--json", "check", "old.tsv"]);
    assert_eq!(code, 1, "{err}");
    let baseline = String::from_utf8(baseline).unwrap();
    std::fs::write(dir.path().join("old.json"), &baseline).unwrap();
    let (code, want, err) = cli_in(
        &db,
        dir.path(),
        &[
            "--json",
            "check",
            "draft.tsv",
            "--ignore",
            "ig.tsv",
            "--baseline",
            "old.json",
        ],
    );
    assert_eq!(code, 1, "{err}");
    let want = String::from_utf8(want).unwrap();
    let v: Value = serde_json::from_str(&want).unwrap();
    // Each leaves a finding out, and some are left: the test can tell them apart.
    assert_eq!(v["summary"]["suppressed"]["ignored"], 1, "{want}");
    assert_eq!(v["summary"]["suppressed"]["baseline"], 1, "{want}");
    assert!(!v["findings"].as_array().unwrap().is_empty(), "{want}");

    let server = Server::start(&db.path, &[]);
    // As a browser posts text areas: CRLF line ends.
    let crlf = |t: &str| t.replace('\n', "\r\n");
    let (draft, ignore, baseline) = (crlf(draft), crlf(ignore), crlf(&baseline));
    let post = |extra: &[(&str, &str)]| {
        let mut pairs = vec![
            ("draft", draft.as_str()),
            ("name", "draft.tsv"),
            ("ignore", ignore.as_str()),
            ("ignore_name", "ig.tsv"),
            ("baseline", baseline.as_str()),
            ("baseline_name", "old.json"),
        ];
        pairs.extend_from_slice(extra);
        server.send(
            "POST",
            "/check",
            &[],
            &[("Content-Type", "application/x-www-form-urlencoded")],
            common::server::form(&pairs).as_bytes(),
        )
    };
    let (status, got) = post(&[("download", "json")]);
    assert_eq!(status, 200, "{got}");
    assert_eq!(got, want);
    let (status, page) = post(&[]);
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("1 left out by the ignore list"), "{page}");
    assert!(page.contains("1 left out as in the baseline"), "{page}");
    // A bad rule is refused with the CLI's words: the file's name and the line.
    std::fs::write(dir.path().join("bad.tsv"), "term-misspelt\tbridge\n").unwrap();
    let (code, _, err) = cli_in(
        &db,
        dir.path(),
        &["check", "draft.tsv", "--ignore", "bad.tsv"],
    );
    assert_eq!(code, 2, "{err}");
    let bad = [
        ("draft", draft.as_str()),
        ("ignore", "term-misspelt\tbridge\r\n"),
        ("ignore_name", "bad.tsv"),
    ];
    let (status, page) = server.send(
        "POST",
        "/check",
        &[],
        &[("Content-Type", "application/x-www-form-urlencoded")],
        common::server::form(&bad).as_bytes(),
    );
    assert_eq!(status, 400, "{page}");
    assert!(page.contains("bad.tsv:1"), "{page}");
    assert!(err.contains("bad.tsv:1"), "{err}");
}
