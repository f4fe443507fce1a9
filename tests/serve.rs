//! `concord serve` driven as users run it: the real binary on an ephemeral port, asked over
//! HTTP. Every API answer must be the CLI's `--json` output on the same database, byte for
//! byte; bad requests get 4xx JSON; the safety rules (token, origin, body limit, read only)
//! hold; SIGTERM ends it cleanly.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::Path;

mod common;
use common::Db;
use common::server::{Server, cli_json, error_of};
use serde_json::Value;

/// A request's query parameters.
type Query<'a> = Vec<(&'a str, &'a str)>;

/// Close to a unit of the shipped memory, not equal to it: a fuzzy match.
const SENTENCE: &str = "Shanghai Mayor Gong Zheng met a delegation led by Governor Newsom.";

#[test]
fn every_api_answer_is_the_clis_json_byte_for_byte() {
    let db = Db::new();
    let server = Server::start(&db.path, &[]);
    let draft = std::fs::read("tests/fixtures/check/seed-planted.tsv").unwrap();
    let cases: Vec<(&str, Query, Vec<&str>)> = vec![
        ("/api/lookup", vec![("q", "mayor")], vec!["lookup", "mayor"]),
        (
            "/api/lookup",
            vec![("q", "市长"), ("to", "en"), ("limit", "2")],
            vec!["lookup", "市长", "--to", "en", "--limit", "2"],
        ),
        // Nothing found: the CLI exits 1, the API answers 200 with the same JSON.
        (
            "/api/lookup",
            vec![("q", "qqqzzzxx")],
            vec!["lookup", "qqqzzzxx"],
        ),
        (
            "/api/tm/search",
            vec![("q", SENTENCE), ("min", "30")],
            vec!["tm", "search", SENTENCE, "--min", "30"],
        ),
        (
            "/api/tm/concord",
            vec![("q", "市长"), ("in", "target"), ("limit", "3")],
            vec!["tm", "concord", "市长", "--in", "target", "--limit", "3"],
        ),
        ("/api/tm/stats", vec![], vec!["tm", "stats"]),
        (
            "/api/suggest",
            vec![("q", "mayor"), ("to", "zh-CN")],
            vec!["suggest", "mayor", "--to", "zh-CN"],
        ),
        (
            "/api/glossary",
            vec![("lang", "zh-CN"), ("limit", "3")],
            vec!["glossary", "list", "--lang", "zh-CN", "--limit", "3"],
        ),
        ("/api/glossary/1", vec![], vec!["glossary", "show", "1"]),
        (
            "/api/glossary/mayor",
            vec![],
            vec!["glossary", "show", "mayor"],
        ),
    ];
    for (path, query, args) in &cases {
        let (status, body) = server.get(path, query);
        assert_eq!(status, 200, "{path} {query:?}: {body}");
        assert_eq!(body, cli_json(&db, args, None), "{path} {query:?}");
    }
    // The questions have answers: equal bodies are not two empty ones.
    let hits = |path: &str, query: &[(&str, &str)]| {
        let v: Value = serde_json::from_str(&server.get(path, query).1).unwrap();
        v["hits"].as_array().unwrap().len()
    };
    assert!(hits("/api/tm/search", &[("q", SENTENCE), ("min", "30")]) > 0);
    assert!(hits("/api/tm/concord", &[("q", "市长")]) > 0);
    let (status, body) = server.check(&[], &draft, &[]);
    assert_eq!(status, 200, "{body}");
    let cli = cli_json(&db, &["check", "-", "--format", "tsv"], Some(&draft));
    assert_eq!(body, cli);
    // The planted draft has findings: the answer is not an empty report that equals another.
    let v: Value = serde_json::from_str(&body).unwrap();
    assert!(!v["findings"].as_array().unwrap().is_empty());
    let (status, body) = server.check(&[("from", "en"), ("to", "zh-CN")], &draft, &[]);
    assert_eq!(status, 200);
    let cli = cli_json(
        &db,
        &[
            "check", "-", "--format", "tsv", "--from", "en", "--to", "zh-CN",
        ],
        Some(&draft),
    );
    assert_eq!(body, cli);
}

#[test]
fn bad_requests_get_4xx_json_naming_the_problem() {
    let db = Db::new();
    let server = Server::start(&db.path, &[]);
    // Route, query, status, and a word the error must say.
    let cases: [(&str, Query, u16, &str); 10] = [
        (
            "/api/lookup",
            vec![("q", "mayor"), ("from", "English")],
            400,
            "from",
        ),
        (
            "/api/lookup",
            vec![("q", "mayor"), ("form", "en")],
            400,
            "form",
        ),
        (
            "/api/lookup",
            vec![("q", "mayor"), ("limit", "0")],
            400,
            "limit",
        ),
        (
            "/api/lookup",
            vec![("q", "mayor"), ("q", "x")],
            400,
            "twice",
        ),
        ("/api/lookup", vec![], 400, "\"q\""),
        (
            "/api/tm/search",
            vec![("q", "x"), ("min", "101")],
            400,
            "min",
        ),
        (
            "/api/tm/concord",
            vec![("q", "x"), ("in", "left")],
            400,
            "left",
        ),
        ("/api/tm/stats", vec![("verbose", "1")], 400, "verbose"),
        ("/api/glossary/987654", vec![], 404, "987654"),
        ("/api/no/such/route", vec![], 404, "route"),
    ];
    for (path, query, want, says) in cases {
        let (status, body) = server.get(path, &query);
        assert_eq!(status, want, "{path} {query:?}: {body}");
        let e = error_of(&body);
        assert!(e.contains(says), "{path} {query:?}: {e}");
    }
    // A method the route does not take.
    let mut r = Server::agent()
        .post(format!("{}/api/lookup?q=mayor", server.base))
        .send(&b""[..])
        .unwrap();
    assert_eq!(r.status().as_u16(), 405);
    error_of(&r.body_mut().read_to_string().unwrap());
    // A body that is not a TSV draft.
    let mut r = Server::agent()
        .post(format!("{}/api/check", server.base))
        .header("Content-Type", "application/xml")
        .send(&b"<xliff/>"[..])
        .unwrap();
    assert_eq!(r.status().as_u16(), 415);
    error_of(&r.body_mut().read_to_string().unwrap());
    // The server is still there after all of it.
    assert_eq!(server.get("/api/lookup", &[("q", "mayor")]).0, 200);
}

#[test]
fn off_loopback_without_a_token_is_refused_at_start() {
    let db = Db::new();
    let (code, out, err) = db.run(&["serve", "--addr", "0.0.0.0:0"]);
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("--token"), "{err}");
    assert!(!out.contains("listening"), "{out}");
}

#[test]
fn with_a_token_every_request_needs_the_bearer() {
    let db = Db::new();
    let server = Server::start(&db.path, &["--token", "s3cret"]);
    for (token, want) in [(None, 401), (Some("wrong"), 401), (Some("s3cret"), 200)] {
        for path in ["/api/lookup", "/"] {
            let (status, body) = server.get_with(path, &[("q", "mayor")], token);
            assert_eq!(status, want, "{path} {token:?}: {body}");
        }
    }
    let (status, body) = server.get_with("/api/openapi.json", &[], None);
    assert_eq!(status, 401);
    error_of(&body);
}

#[test]
fn a_post_from_another_sites_page_is_forbidden() {
    let db = Db::new();
    let server = Server::start(&db.path, &[]);
    let draft = "The Mayor spoke.\t市长讲话。\n".as_bytes();
    let (status, body) = server.check(&[], draft, &[("Origin", "http://evil.example")]);
    assert_eq!(status, 403, "{body}");
    error_of(&body);
    let (status, _) = server.check(&[], draft, &[("Sec-Fetch-Site", "cross-site")]);
    assert_eq!(status, 403);
    // The server's own page may post, and so may a client that is not a browser.
    let own = server.base.clone();
    assert_eq!(server.check(&[], draft, &[("Origin", &own)]).0, 200);
    assert_eq!(server.check(&[], draft, &[]).0, 200);
}

#[test]
fn a_body_over_the_limit_gets_413_before_it_is_read() {
    let db = Db::new();
    let server = Server::start(&db.path, &[]);
    // Only the headers are sent: the server refuses on the declared length alone, so the
    // test sends no 32 MiB and the server reads none.
    let mut s = TcpStream::connect(server.addr()).unwrap();
    write!(
        s,
        "POST /api/check HTTP/1.1\r\nHost: {}\r\nContent-Type: text/tab-separated-values\r\nContent-Length: {}\r\n\r\n",
        server.addr(),
        (32 << 20) + 1
    )
    .unwrap();
    let mut head = String::new();
    let mut reader = BufReader::new(s);
    reader.read_line(&mut head).unwrap();
    assert!(head.starts_with("HTTP/1.1 413"), "{head}");
    let mut rest = String::new();
    while reader.read_line(&mut rest).unwrap() > 0 && !rest.ends_with("\r\n\r\n") {}
    assert!(
        rest.to_ascii_lowercase()
            .contains("content-type: application/json"),
        "{rest}"
    );
}

/// Compiled term matchers kept in the file: the cache a check writes when it may.
fn kept_matchers(db: &Path) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row("SELECT count(*) FROM term_matcher", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn read_only_serves_a_read_only_file_and_writes_nothing() {
    let draft = "The Mayor spoke.\t市长讲话。\n".as_bytes();
    let fresh = || {
        // `glossary add` drops the matchers it changes, so the next check compiles them and,
        // when it may write, keeps them.
        let db = Db::with_glossary(&[&["en=Mayor", "zh-CN=市长"]]);
        assert_eq!(kept_matchers(&db.path), 0);
        db
    };
    // A writable server keeps what the check compiled: the contrast that makes the read-only
    // case below mean something.
    let db = fresh();
    let server = Server::start(&db.path, &[]);
    assert_eq!(server.check(&[], draft, &[]).0, 200);
    drop(server);
    assert!(kept_matchers(&db.path) > 0);

    let db = fresh();
    let mut perms = std::fs::metadata(&db.path).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&db.path, perms).unwrap();
    let server = Server::start(&db.path, &["--read-only"]);
    let (status, body) = server.get("/api/lookup", &[("q", "mayor")]);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body, cli_json(&db, &["lookup", "mayor"], None));
    let (status, body) = server.check(&[], draft, &[]);
    assert_eq!(status, 200, "{body}");
    drop(server);
    assert_eq!(kept_matchers(&db.path), 0);

    // Read only never creates a database.
    let missing = Db::new();
    let (code, _, err) = missing.run(&["serve", "--addr", "127.0.0.1:0", "--read-only"]);
    assert_eq!(code, 2);
    assert!(err.contains("does not exist"), "{err}");
    assert!(!missing.path.exists());
}

#[test]
fn the_lookup_page_escapes_what_the_database_holds() {
    let db = Db::with_glossary(&[
        &["en=<script>alert(1)</script>", "zh-CN=<b>脚本</b>"],
        &["en=sister city", "zh-CN=友好城市"],
    ]);
    let (code, _, err) = db.run(&[
        "glossary",
        "add",
        "--concept",
        "2",
        "--status",
        "deprecated",
        "zh-CN=姐妹城市",
    ]);
    assert_eq!(code, 0, "{err}");
    let server = Server::start(&db.path, &[]);
    let (status, page) = server.get("/", &[("q", "<script>alert(1)</script>")]);
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{page}"
    );
    assert!(page.contains("&lt;b&gt;脚本&lt;/b&gt;"), "{page}");
    // The one script element is the page's own (copy buttons, the `/` key).
    assert!(!page.contains("<script>alert"), "{page}");
    assert_eq!(page.matches("<script>").count(), 1, "{page}");
    assert!(!page.contains("<b>"), "{page}");

    // Renderings with their status; the deprecated one struck through, with the one to use.
    let (_, page) = server.get("/", &[("q", "sister city")]);
    assert!(page.contains("友好城市"), "{page}");
    assert!(
        page.contains("<del class=\"text\" lang=\"zh-CN\">姐妹城市</del>"),
        "{page}"
    );
    assert!(page.contains("use <strong>友好城市</strong>"), "{page}");
    // Looked up by the deprecated term: the page says which to use instead.
    let (_, page) = server.get("/", &[("q", "姐妹城市")]);
    assert!(
        page.contains("姐妹城市 is deprecated: use <strong>友好城市</strong>"),
        "{page}"
    );

    // The empty form, and a bad parameter said on the page.
    let (status, page) = server.get("/", &[]);
    assert_eq!(status, 200);
    assert!(page.contains("<form method=\"get\" action=\"/\""), "{page}");
    let (status, page) = server.get("/", &[("q", "x"), ("from", "English")]);
    assert_eq!(status, 400);
    assert!(page.contains("class=\"error\""), "{page}");
}

#[test]
fn the_openapi_document_is_served_and_names_the_routes() {
    let db = Db::new();
    let server = Server::start(&db.path, &[]);
    let (status, body) = server.get("/api/openapi.json", &[]);
    assert_eq!(status, 200);
    let doc: Value = serde_json::from_str(&body).unwrap();
    for path in [
        "/api/lookup",
        "/api/tm/search",
        "/api/tm/concord",
        "/api/tm/stats",
        "/api/suggest",
        "/api/check",
        "/api/glossary",
        "/api/glossary/{id}",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path}");
    }
}

#[test]
fn sigterm_ends_the_server_with_exit_0() {
    let db = Db::new();
    let server = Server::start(&db.path, &[]);
    assert_eq!(server.get("/api/lookup", &[("q", "mayor")]).0, 200);
    assert_eq!(server.terminate(), Some(0));
}

#[test]
fn the_page_marks_the_part_of_a_longer_query_a_term_was_found_in() {
    let db = Db::new();
    let server = Server::start(&db.path, &[]);
    // Positions are characters, not bytes: the mark must fall on whole Chinese characters.
    let (_, page) = server.get("/", &[("q", "上海市市长讲话")]);
    assert!(page.contains("<mark>上海市市长</mark>讲话"), "{page}");
    let (_, page) = server.get("/", &[("q", "the Mayors of Shanghai said")]);
    assert!(
        page.contains("the <mark>Mayors of Shanghai</mark> said"),
        "{page}"
    );
    // 市长 is not in 南京市长江大桥 (南京市 / 长江大桥): nothing to mark.
    let (_, page) = server.get("/", &[("q", "南京市长江大桥")]);
    assert!(!page.contains("<mark>"), "{page}");
    assert!(page.contains("No glossary entry"), "{page}");
}
