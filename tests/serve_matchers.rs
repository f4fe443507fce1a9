//! `concord serve` keeps the term matchers it decodes between requests (decoding CC-CEDICT's
//! costs a third of a second a lookup): a glossary change, made through the server or by
//! another process, must still reach the next lookup; and a database whose matchers are
//! missing gets them at start, since the server's reading connections cannot keep one.

use serde_json::{Value, json};

mod common;
use common::Db;
use common::server::Server;

/// A query that holds the added terms without being one: found only through the matcher.
const QUERY: &str = "Visitors from the Harbour Twinning Office met the Lakeside Twinning Bureau.";

/// The terms a lookup of [`QUERY`] matched.
fn matched(server: &Server) -> Vec<String> {
    let (status, body) = server.get("/api/lookup", &[("q", QUERY), ("limit", "20")]);
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    v["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["matched_term"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn regression_a_term_added_after_the_matchers_were_decoded_is_found_by_the_next_lookup() {
    let db = Db::new();
    let server = Server::start(&db.path, &[]);
    // Decodes the English matcher, which the server then keeps.
    let before = matched(&server);
    assert!(before.iter().all(|t| !t.contains("Twinning")), "{before:?}");

    let (status, body) = server.json(
        "POST",
        "/api/glossary",
        &json!({"terms": ["en=Harbour Twinning Office", "zh-CN=港口结好办公室"]}),
    );
    assert!(status == 200 || status == 201, "{status}: {body}");
    let through_server = matched(&server);
    assert!(
        through_server.contains(&"Harbour Twinning Office".to_string()),
        "{through_server:?}"
    );

    // Another process's write: the server never saw it happen.
    let (code, _, err) = db.run(&[
        "glossary",
        "add",
        "en=Lakeside Twinning Bureau",
        "zh-CN=湖畔结好局",
    ]);
    assert_eq!(code, 0, "{err}");
    let elsewhere = matched(&server);
    assert!(
        elsewhere.contains(&"Lakeside Twinning Bureau".to_string())
            && elsewhere.contains(&"Harbour Twinning Office".to_string()),
        "{elsewhere:?}"
    );
}

#[test]
fn regression_a_server_compiles_the_missing_matchers_at_start() {
    let db = Db::new();
    assert_eq!(db.run(&["glossary", "list", "--limit", "1"]).0, 0);
    let count = || -> i64 {
        let conn = rusqlite::Connection::open(&db.path).unwrap();
        conn.query_row("SELECT count(*) FROM term_matcher", [], |r| r.get(0))
            .unwrap()
    };
    rusqlite::Connection::open(&db.path)
        .unwrap()
        .execute("DELETE FROM term_matcher", [])
        .unwrap();
    assert_eq!(count(), 0);
    // The address line comes once the server is ready, matchers compiled.
    let server = Server::start(&db.path, &[]);
    assert!(count() >= 2, "English and Chinese matchers");
    // A read-only server writes nothing, this included.
    drop(server);
    rusqlite::Connection::open(&db.path)
        .unwrap()
        .execute("DELETE FROM term_matcher", [])
        .unwrap();
    let read_only = Server::start(&db.path, &["--read-only"]);
    assert_eq!(count(), 0);
    // It answers all the same, compiling what it cannot keep.
    matched(&read_only);
    assert_eq!(count(), 0);
}
