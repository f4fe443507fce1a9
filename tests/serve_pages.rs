//! `concord serve`'s glossary, memory and check pages, driven as a browser drives them: the
//! real binary on an ephemeral port, forms posted as a browser posts them. Each page's
//! answer must be what the matching CLI command gives, and its writes the CLI's writes.

mod common;
use common::Db;
use common::server::{Server, cli_json, form};
use serde_json::Value;

/// A form posted as the server's own page posts it: its `Origin` is the server's.
fn post_form(server: &Server, path: &str, pairs: &[(&str, &str)]) -> (u16, String) {
    server.send(
        "POST",
        path,
        &[],
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Origin", &server.base),
        ],
        form(pairs).as_bytes(),
    )
}

/// A concept's terms as `glossary show --json` gives them: (lang, text, status, note).
fn terms(db: &Db, concept: &str) -> Vec<(String, String, String, Option<String>)> {
    let v = db.json(&["glossary", "show", concept]);
    v["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["lang"].as_str().unwrap().to_string(),
                t["text"].as_str().unwrap().to_string(),
                t["status"].as_str().unwrap().to_string(),
                t["note"].as_str().map(str::to_string),
            )
        })
        .collect()
}

/// The concept numbers in the order a glossary page lists them.
fn listed(page: &str) -> Vec<i64> {
    page.match_indices("id=\"concept-")
        .map(|(i, m)| {
            let rest = &page[i + m.len()..];
            rest[..rest.find('"').unwrap()].parse().unwrap()
        })
        .collect()
}

fn three_concepts() -> Db {
    Db::with_glossary(&[
        &["en=Mayor", "zh-CN=市长"],
        &["en=sister city", "zh-CN=姐妹城市"],
        &["en=<script>alert(1)</script>", "zh-CN=副市长"],
    ])
}

#[test]
fn the_glossary_page_lists_filters_orders_and_escapes() {
    let db = three_concepts();
    db.run(&[
        "glossary",
        "edit",
        "2",
        "zh-CN=姐妹城市",
        "--status",
        "deprecated",
    ]);
    let server = Server::start(&db.path, &[]);
    let (status, page) = server.get("/glossary", &[]);
    assert_eq!(status, 200, "{page}");
    assert_eq!(listed(&page), [3, 2, 1], "newest first");
    assert!(page.contains("of 3."), "{page}");
    // Stored text shows as text, never as markup.
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{page}"
    );
    // A term not to use is struck through, with its status.
    assert!(
        page.contains(r#"<del class="text" lang="zh-CN">姐妹城市</del>"#),
        "{page}"
    );

    let (_, page) = server.get("/glossary", &[("order", "alphabetical")]);
    // "<script>..." sorts before "Mayor" and "sister city" ignoring case.
    assert_eq!(listed(&page), [3, 1, 2]);
    let (_, page) = server.get("/glossary", &[("order", "alphabetical"), ("lang", "zh")]);
    // 副 U+526F, 姐 U+59D0, 市 U+5E02.
    assert_eq!(listed(&page), [3, 2, 1]);
    let (_, page) = server.get("/glossary", &[("q", "市長")]);
    assert_eq!(
        listed(&page),
        [3, 1],
        "the traditional form finds the simplified"
    );
    let (_, page) = server.get("/glossary", &[("status", "deprecated")]);
    assert_eq!(listed(&page), [2]);
    let (_, page) = server.get("/glossary", &[("status", "deprecated"), ("lang", "en")]);
    assert_eq!(listed(&page), Vec::<i64>::new());
    assert!(page.contains("No concept matches."), "{page}");
    // The form keeps what was asked.
    let (_, page) = server.get("/glossary", &[("q", "<b>")]);
    assert!(page.contains(r#"value="&lt;b&gt;""#), "{page}");
    // The add page, with its duplicate check, is one link away.
    assert!(page.contains(r#"href="/glossary/add""#), "{page}");

    for bad in [
        ("status", "approved"),
        ("order", "random"),
        ("page", "0"),
        ("lang", "not a tag"),
        ("colour", "red"),
    ] {
        let (status, page) = server.get("/glossary", &[bad]);
        assert_eq!(status, 400, "{bad:?}: {page}");
        assert!(page.contains(r#"class="error""#), "{bad:?}: {page}");
    }
}

#[test]
fn the_glossary_page_pages_through_the_concepts() {
    let dir = tempfile::tempdir().unwrap();
    let tsv = dir.path().join("g.tsv");
    let mut text = String::from("en\tzh-CN\n");
    for i in 0..120 {
        text.push_str(&format!("term {i:03}\t术语{i:03}\n"));
    }
    std::fs::write(&tsv, text).unwrap();
    let db = Db::empty();
    let (code, _, err) = db.run(&["glossary", "import", tsv.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let server = Server::start(&db.path, &[]);
    let mut seen = Vec::new();
    for page in 1..=3 {
        let (status, html) = server.get(
            "/glossary",
            &[("order", "alphabetical"), ("page", &page.to_string())],
        );
        assert_eq!(status, 200, "{html}");
        let ids = listed(&html);
        assert_eq!(ids.len(), if page < 3 { 50 } else { 20 }, "page {page}");
        assert_eq!(html.contains(r#"rel="next""#), page < 3, "page {page}");
        assert_eq!(html.contains(r#"rel="prev""#), page > 1, "page {page}");
        seen.extend(ids);
    }
    let all: Vec<i64> = db
        .json(&["glossary", "list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    // Imported in alphabetical order: every concept once, in id order.
    assert_eq!(seen, all);
}

#[test]
fn an_edit_from_the_page_is_the_clis_edit() {
    let db = three_concepts();
    let twin = three_concepts();
    let server = Server::start(&db.path, &[]);
    let back = "q=mayor&order=alphabetical";
    let (status, page) = post_form(
        &server,
        "/glossary/1/edit",
        &[
            ("term", "en=Mayor"),
            ("text", "Mayor of the city"),
            ("status", "admitted"),
            ("note", "<i>formal</i>"),
            ("back", back),
        ],
    );
    // Redirected back to the list it was made from, which shows the change.
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Mayor of the city"), "{page}");
    assert!(page.contains("&lt;i&gt;formal&lt;/i&gt;"), "{page}");
    assert!(page.contains(r#"name="q" value="mayor""#), "{page}");
    cli_json(
        &twin,
        &[
            "glossary",
            "edit",
            "1",
            "en=Mayor",
            "--text",
            "Mayor of the city",
            "--status",
            "admitted",
            "--note",
            "<i>formal</i>",
        ],
        None,
    );
    assert_eq!(terms(&db, "1"), terms(&twin, "1"));
    assert_eq!(terms(&db, "1")[0].1, "Mayor of the city");

    // Removing a term from the page is `glossary remove`.
    let (status, page) = post_form(
        &server,
        "/glossary/2/remove",
        &[("term", "zh-CN=姐妹城市"), ("back", "")],
    );
    assert_eq!(status, 200, "{page}");
    cli_json(&twin, &["glossary", "remove", "2", "zh-CN=姐妹城市"], None);
    assert_eq!(terms(&db, "2"), terms(&twin, "2"));
    assert_eq!(terms(&db, "2").len(), 1);

    // Lookup finds the new text.
    let found: Value =
        serde_json::from_str(&server.get("/api/lookup", &[("q", "mayor of the city")]).1).unwrap();
    assert_eq!(found["matches"][0]["concept"], 1, "{found}");
}

/// A form the page posts and is refused: its path, its fields, the status and what it says.
type RefusedPost<'a> = (&'a str, &'a [(&'a str, &'a str)], u16, &'a str);

#[test]
fn a_refused_edit_says_why_on_the_page_and_changes_nothing() {
    let db = Db::with_glossary(&[&["en=Mayor", "en=Lord Mayor", "zh-CN=市长"]]);
    let server = Server::start(&db.path, &[]);
    let before = terms(&db, "1");
    let cases: [RefusedPost; 5] = [
        (
            "/glossary/1/edit",
            &[("term", "en=Mayor"), ("text", "Lord Mayor")],
            409,
            "already",
        ),
        (
            "/glossary/1/edit",
            &[("term", "en=Mayor"), ("status", "approved")],
            400,
            "approved",
        ),
        (
            "/glossary/1/edit",
            &[("term", "en=Mayr"), ("note", "x")],
            404,
            "no en term",
        ),
        (
            "/glossary/9/remove",
            &[("term", "en=Mayor")],
            404,
            "no concept 9",
        ),
        (
            "/glossary/1/remove",
            &[("term", "en=Mayor"), ("extra", "1")],
            422,
            "unknown field",
        ),
    ];
    for (path, pairs, want, says) in cases {
        let (status, page) = post_form(&server, path, pairs);
        assert_eq!(status, want, "{path} {pairs:?}: {page}");
        assert!(page.contains(says), "{path} {pairs:?}: {page}");
        assert!(page.contains("<!DOCTYPE html>"), "{page}");
    }
    // A `back` that is not the page's own parameters is not followed anywhere else.
    let (status, page) = post_form(
        &server,
        "/glossary/1/edit",
        &[
            ("term", "en=Lord Mayor"),
            ("note", "x"),
            ("back", "next=//evil.example"),
        ],
    );
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Concepts 1–1 of 1."), "{page}");
    let mut after = before.clone();
    after[1].3 = Some("x".into());
    assert_eq!(terms(&db, "1"), after);
}

#[test]
fn a_read_only_server_shows_no_edit_controls_and_refuses_the_forms() {
    let db = three_concepts();
    let before = terms(&db, "1");
    let server = Server::start(&db.path, &["--read-only"]);
    let (status, page) = server.get("/glossary", &[]);
    assert_eq!(status, 200, "{page}");
    assert_eq!(listed(&page), [3, 2, 1]);
    assert!(!page.contains("<form class=\"edit\""), "{page}");
    assert!(!page.contains("a duplicate of a concept"), "{page}");
    for path in ["/glossary/1/edit", "/glossary/1/remove"] {
        let pairs: &[(&str, &str)] = if path.ends_with("edit") {
            &[("term", "en=Mayor"), ("status", "deprecated")]
        } else {
            &[("term", "en=Mayor")]
        };
        let (status, page) = post_form(&server, path, pairs);
        assert_eq!(status, 403, "{path}: {page}");
        assert!(page.contains("read only"), "{page}");
    }
    drop(server);

    // Another site's page cannot use the forms of a server that writes.
    let server = Server::start(&db.path, &[]);
    let (status, _) = server.send(
        "POST",
        "/glossary/1/remove",
        &[],
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Origin", "http://evil.example"),
        ],
        form(&[("term", "en=Mayor")]).as_bytes(),
    );
    assert_eq!(status, 403);
    assert_eq!(terms(&db, "1"), before);
}

/// An empty database with a small memory, imported by the CLI.
fn with_memory(tsv: &str) -> Db {
    let db = Db::empty();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("memory.tsv");
    std::fs::write(&path, tsv).unwrap();
    let (code, _, err) = db.run(&["tm", "import", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    db
}

const MEMORY: &str = "en\tzh-CN\n\
    The mayor met the delegation from the sister city.\t市长会见了姐妹城市代表团。\n\
    The <b>mayor</b> opened the bridge.\t市长为大桥剪彩。\n\
    Rain is expected tomorrow.\t明天有雨。\n";

#[test]
fn the_memory_page_answers_as_tm_search_and_tm_concord_with_the_match_marked() {
    let db = with_memory(MEMORY);
    let server = Server::start(&db.path, &[]);
    let (status, page) = server.get("/memory", &[]);
    assert_eq!(status, 200, "{page}");
    // The counts are tm stats'.
    let stats = db.json(&["tm", "stats"]);
    assert!(
        page.contains(&format!(
            "{} units, {} segments.",
            stats["units"], stats["variants"]
        )),
        "{page}"
    );

    let q = "The mayor met the delegation from the twin city.";
    let (status, page) = server.get("/memory", &[("q", q)]);
    assert_eq!(status, 200, "{page}");
    let cli = db.json(&["tm", "search", q]);
    let hits = cli["hits"].as_array().unwrap();
    assert!(!hits.is_empty(), "{cli}");
    assert_eq!(
        page.matches("class=\"match hit\"").count(),
        hits.len(),
        "{page}"
    );
    for h in hits {
        assert!(
            page.contains(&format!("{}%; unit {}", h["score"], h["unit"])),
            "{page}"
        );
    }
    // The parts the query shares with the memory's segment are marked; the rest is not.
    assert!(
        page.contains(
            "<mark>The mayor met the delegation from the</mark> sister <mark>city.</mark>"
        ),
        "{page}"
    );

    let (status, page) = server.get("/memory", &[("q", "MAYOR"), ("mode", "concord")]);
    assert_eq!(status, 200, "{page}");
    let cli = db.json(&["tm", "concord", "MAYOR"]);
    assert_eq!(
        page.matches("class=\"match hit\"").count(),
        cli["hits"].as_array().unwrap().len(),
        "{page}"
    );
    // The segment as stored, escaped, with the phrase as it stands there marked.
    assert!(
        page.contains("The &lt;b&gt;<mark>mayor</mark>&lt;/b&gt; opened"),
        "{page}"
    );
    let (_, page) = server.get("/memory", &[("q", "姐妹城市"), ("mode", "concord")]);
    assert!(
        page.contains("市长会见了<mark>姐妹城市</mark>代表团。"),
        "{page}"
    );

    for bad in [
        &[("q", "x"), ("mode", "grep")][..],
        &[("q", "x"), ("mode", "concord"), ("from", "en")],
        &[("q", "x"), ("from", "not a tag")],
        &[("q", "x"), ("limit", "5")],
    ] {
        let (status, page) = server.get("/memory", bad);
        assert_eq!(status, 400, "{bad:?}: {page}");
        assert!(page.contains(r#"class="error""#), "{bad:?}: {page}");
    }
}

#[test]
fn the_import_status_reports_an_upload_while_it_runs_and_its_answer_after() {
    use std::io::{BufRead, BufReader, Read, Write};
    let db = Db::empty();
    let server = Server::start(&db.path, &[]);
    let (status, before) = server.get("/api/tm/import/status", &[]);
    assert_eq!(status, 200, "{before}");
    let before: Value = serde_json::from_str(&before).unwrap();
    assert_eq!(before["running"], false, "{before}");
    assert_eq!(before["last"], Value::Null, "{before}");

    let mut body = String::from("en\tzh-CN\n");
    for i in 0..20_000 {
        body.push_str(&format!(
            "Sentence {i} about the mayor.\t关于市长的第{i}句话。\n"
        ));
    }
    let body = body.into_bytes();
    let sent = body.len() / 2;
    // Half the body, the rest held back: the import runs for as long as the test needs.
    let mut stream = std::net::TcpStream::connect(server.addr()).unwrap();
    write!(
        stream,
        "POST /api/tm/import?name=big.tsv HTTP/1.1\r\nHost: {}\r\nContent-Type: text/tab-separated-values\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        server.addr(),
        body.len()
    )
    .unwrap();
    stream.write_all(&body[..sent]).unwrap();
    stream.flush().unwrap();
    let mut running = Value::Null;
    for _ in 0..1500 {
        running = serde_json::from_str(&server.get("/api/tm/import/status", &[]).1).unwrap();
        if running["running"] == true && running["bytes_read"].as_u64().unwrap() > 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(running["running"], true, "{running}");
    assert_eq!(running["name"], "big.tsv", "{running}");
    let read = running["bytes_read"].as_u64().unwrap();
    assert!(
        read > 0 && read <= sent as u64,
        "{read} of {sent}: {running}"
    );

    stream.write_all(&body[sent..]).unwrap();
    let mut reader = BufReader::new(stream);
    let mut head = String::new();
    reader.read_line(&mut head).unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let mut line = String::new();
    while reader.read_line(&mut line).unwrap() > 2 {
        line.clear();
    }
    let mut answer = String::new();
    reader.read_to_string(&mut answer).unwrap();
    let answer: Value = serde_json::from_str(&answer).unwrap();
    let after: Value = serde_json::from_str(&server.get("/api/tm/import/status", &[]).1).unwrap();
    assert_eq!(after["running"], false, "{after}");
    assert_eq!(after["bytes_read"], body.len() as u64, "{after}");
    assert_eq!(after["last"], answer, "{after}");
    assert_eq!(answer["files"][0]["imported"], 20_000, "{answer}");

    // A failed upload is reported as its error.
    let (status, failed) = server.send(
        "POST",
        "/api/tm/import",
        &[("format", "tmx")],
        &[],
        b"<tmx><body><tu>",
    );
    assert_eq!(status, 400, "{failed}");
    let after: Value = serde_json::from_str(&server.get("/api/tm/import/status", &[]).1).unwrap();
    assert_eq!(
        after["last"],
        serde_json::from_str::<Value>(&failed).unwrap(),
        "{after}"
    );
}

#[test]
fn the_memory_page_offers_an_upload_unless_read_only() {
    let db = with_memory(MEMORY);
    let server = Server::start(&db.path, &[]);
    let (_, page) = server.get("/memory", &[]);
    assert!(
        page.contains(r#"<form class="import" id="import">"#),
        "{page}"
    );
    assert!(page.contains("/api/tm/import/status"), "{page}");
    drop(server);
    let server = Server::start(&db.path, &["--read-only"]);
    let (status, page) = server.get("/memory", &[]);
    assert_eq!(status, 200, "{page}");
    assert!(!page.contains("id=\"import\""), "{page}");
    let (status, _) = server.get("/api/tm/import/status", &[]);
    assert_eq!(status, 200);
}

/// The seed article's draft with its planted errors, as a file in a folder of its own.
fn planted_draft() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let draft = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/check/seed-planted.tsv"
    ))
    .unwrap();
    std::fs::write(dir.path().join("planted.tsv"), &draft).unwrap();
    (dir, draft)
}

/// `concord check planted.tsv --json --html planted.html` in the draft's folder: the JSON it
/// prints and the HTML it writes.
fn cli_reports(db: &Db, dir: &std::path::Path) -> (String, String) {
    let out = db
        .cmd()
        .current_dir(dir)
        .args(["--json", "check", "planted.tsv", "--html", "planted.html"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let html = std::fs::read_to_string(dir.join("planted.html")).unwrap();
    (String::from_utf8(out.stdout).unwrap(), html)
}

#[test]
fn the_check_page_downloads_the_clis_reports_and_filters_by_check() {
    let db = Db::new();
    let (dir, draft) = planted_draft();
    let (json, html) = cli_reports(&db, dir.path());
    let server = Server::start(&db.path, &[]);
    let post = |extra: &[(&str, &str)]| {
        let mut pairs = vec![
            ("draft", draft.as_str()),
            ("name", "planted.tsv"),
            ("format", "tsv"),
        ];
        pairs.retain(|(k, _)| extra.iter().all(|(e, _)| e != k));
        pairs.extend_from_slice(extra);
        post_form(&server, "/check", &pairs)
    };
    let (status, got) = post(&[("download", "json")]);
    assert_eq!(status, 200, "{got}");
    assert_eq!(got, json, "the same bytes as concord check --json");
    let (status, got) = post(&[("download", "html")]);
    assert_eq!(status, 200);
    assert_eq!(got, html, "the same bytes as concord check --html");

    let report: Value = serde_json::from_str(&json).unwrap();
    let findings = report["findings"].as_array().unwrap();
    let (status, page) = post(&[]);
    assert_eq!(status, 200, "{page}");
    // The grouped view: one line per group, as the CLI groups them.
    let groups = report["groups"].as_array().unwrap();
    assert!(!groups.is_empty());
    assert_eq!(
        page.matches("<li class=\"group ").count(),
        groups.len(),
        "{page}"
    );

    // Only one check's findings, and only the segments that have them.
    let check = findings[0]["check"].as_str().unwrap();
    let of_check: Vec<&Value> = findings.iter().filter(|f| f["check"] == check).collect();
    let (status, page) = post(&[("only", check)]);
    assert_eq!(status, 200, "{page}");
    let listed = page.matches(&format!("[{check}] ")).count();
    let groups_of_check = groups.iter().filter(|g| g["check"] == check).count();
    assert_eq!(listed, of_check.len() + groups_of_check, "{page}");
    let lines: std::collections::BTreeSet<u64> = of_check
        .iter()
        .map(|f| f["line"].as_u64().unwrap())
        .collect();
    assert_eq!(
        page.matches("<td class=\"n\">").count(),
        lines.len(),
        "{page}"
    );
    assert!(
        page.contains(&format!(r#"<option value="{check}" selected>"#)),
        "{page}"
    );

    for bad in [
        ("only", "spelling"),
        ("download", "pdf"),
        ("format", "docx"),
    ] {
        let (status, page) = post(&[bad]);
        assert_eq!(status, 400, "{bad:?}: {page}");
        assert!(page.contains(r#"class="error""#), "{bad:?}: {page}");
    }
}
