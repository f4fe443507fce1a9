//! `concord serve --db postgres://…` (issue #17, second slice): the memory's routes and page
//! answer byte for byte as a SQLite server's on the same memory, lookup and suggest too; and
//! two servers on one database each see what was imported through the other (no
//! server keeps state another needs). Runs against a real server (see `support/pg.rs`).

mod common;
#[path = "support/pairs.rs"]
mod pairs;
#[path = "support/pg.rs"]
mod pg;
#[path = "support/rng.rs"]
mod rng;

use std::path::Path;

use common::Db;
use common::server::Server;
use pairs::{pairs, write_tsv};
use rng::Rng;
use serde_json::Value;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Uploads a file to `/api/tm/import` under `name`: status and body.
fn upload(server: &Server, name: &str, body: &[u8]) -> (u16, String) {
    server.send("POST", "/api/tm/import", &[("name", name)], &[], body)
}

fn hits(body: &str) -> usize {
    let v: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"));
    v["hits"].as_array().map_or(0, Vec::len)
}

#[test]
fn the_memory_routes_answer_as_a_sqlite_server_does() {
    let Some(pgs) = pg::Server::get() else {
        return;
    };
    let pg = pgs.database("serve_same");
    let sqlite = Db::empty();
    let a = Server::start(&sqlite.path, &[]);
    let b = Server::start(Path::new(&pg.url), &[]);
    let dir = tempfile::tempdir().unwrap();
    // Three uploads, so that postings lie in several chunks; the second repeats part of the
    // first; then TMX with inline codes and Traditional Chinese.
    let p = pairs(23, 1_200);
    let mut uploads: Vec<(String, Vec<u8>)> = Vec::new();
    for (i, part) in [&p[..500], &p[400..900], &p[900..]].iter().enumerate() {
        let f = dir.path().join(format!("part{i}.tsv"));
        write_tsv(&f, part);
        uploads.push((format!("part{i}.tsv"), std::fs::read(&f).unwrap()));
    }
    for name in ["concord__zh_tw_mayor.tmx", "okapi__html_test.tmx"] {
        uploads.push((
            name.to_string(),
            std::fs::read(fixture("tmx").join(name)).unwrap(),
        ));
    }
    for (name, body) in &uploads {
        let (sa, ba) = upload(&a, name, body);
        let (sb, bb) = upload(&b, name, body);
        assert_eq!((sa, sb), (200, 200), "{name}: {ba} / {bb}");
        assert_eq!(ba, bb, "the import answers for {name} differ");
    }
    assert_eq!(
        a.get("/api/tm/import/status", &[]),
        b.get("/api/tm/import/status", &[])
    );

    let mut rng = Rng::new(7, 1);
    let mut queries: Vec<(&str, Vec<(String, String)>)> = Vec::new();
    let q = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    for _ in 0..25 {
        let (en, zh) = &p[rng.below(p.len())];
        let mut words: Vec<&str> = en.split(' ').collect();
        if words.len() > 3 {
            words.remove(rng.below(words.len()));
        }
        let min = ["50", "75", "90"][rng.below(3)];
        queries.push((
            "/api/tm/search",
            q(&[
                ("q", &words.join(" ")),
                ("from", "en"),
                ("min", min),
                ("limit", "7"),
            ]),
        ));
        let zh: String = zh.chars().skip(1).collect();
        queries.push(("/api/tm/search", q(&[("q", &zh)])));
        let word = words[rng.below(words.len())].trim_end_matches('.');
        queries.push(("/api/tm/concord", q(&[("q", word), ("limit", "20")])));
        queries.push(("/memory", q(&[("q", &words.join(" ")), ("from", "en")])));
        queries.push(("/memory", q(&[("q", word), ("mode", "concord")])));
    }
    for extra in [
        (
            "/api/tm/search",
            q(&[("q", "The Mayor met the governor."), ("from", "en")]),
        ),
        // A query whose language is ambiguous: the same 400 from both.
        ("/api/tm/search", q(&[("q", "the mayor")])),
        ("/api/tm/concord", q(&[("q", "市長"), ("in", "target")])),
        ("/api/tm/concord", q(&[("q", "nothing-like-this")])),
        ("/api/tm/stats", vec![]),
        ("/memory", vec![]),
        // Lookup and suggest read the memory too (the evidence, the renderings).
        ("/api/lookup", q(&[("q", "Mayor")])),
        ("/api/lookup", q(&[("q", "市長")])),
        ("/api/suggest", q(&[("q", "Mayor"), ("from", "en")])),
        ("/", q(&[("q", "Mayor")])),
        // Errors too: the same status and words.
        ("/api/tm/search", q(&[("q", "x"), ("min", "101")])),
        ("/api/tm/concord", q(&[("q", "x"), ("in", "sideways")])),
        ("/memory", q(&[("q", "x"), ("mode", "neither")])),
    ] {
        queries.push(extra);
    }
    let mut found = 0;
    for (path, query) in &queries {
        let query: Vec<(&str, &str)> = query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let (sa, ba) = a.get(path, &query);
        let (sb, bb) = b.get(path, &query);
        assert_eq!((sa, &ba), (sb, &bb), "{path} {query:?}");
        if path.starts_with("/api/") && sa == 200 && hits(&ba) > 0 {
            found += 1;
        }
    }
    // Equal answers are worth something only when most of them found something.
    let asked = queries
        .iter()
        .filter(|(p, _)| p.starts_with("/api/tm/s") || p.starts_with("/api/tm/c"))
        .count();
    assert!(found * 4 >= asked * 3, "{found} of {asked} found anything");
}

#[test]
fn every_route_answers_on_postgres() {
    let Some(pgs) = pg::Server::get() else {
        return;
    };
    let pg = pgs.database("serve_routes");
    let server = Server::start(Path::new(&pg.url), &[]);
    // The glossary's, lookup's and the memory's routes and pages answer (this file and
    // tests/glossary_postgres.rs compare them with SQLite's); the OpenAPI document is the
    // same for both stores.
    for path in [
        "/",
        "/?q=mayor",
        "/api/lookup?q=mayor",
        "/api/glossary",
        "/glossary",
        "/check",
        "/glossary/add",
        "/memory",
        "/api/tm/stats",
        "/api/openapi.json",
    ] {
        let (status, body) = server.get(path, &[]);
        assert_eq!(status, 200, "{path}: {body}");
        assert!(!body.contains("not yet supported"), "{path}: {body}");
    }
    // A route that exists nowhere is 404.
    assert_eq!(server.get("/api/nothing", &[]).0, 404);
}

#[test]
fn two_servers_on_one_database_see_each_others_imports() {
    let Some(pgs) = pg::Server::get() else {
        return;
    };
    let pg = pgs.database("serve_two");
    let one = Server::start(Path::new(&pg.url), &[]);
    let two = Server::start(Path::new(&pg.url), &[]);
    let stats = |s: &Server| -> Value {
        let (status, body) = s.get("/api/tm/stats", &[]);
        assert_eq!(status, 200, "{body}");
        serde_json::from_str(&body).unwrap()
    };
    // Each asked once before any import, so that each holds pooled connections from then.
    assert_eq!(stats(&one)["units"], 0);
    assert_eq!(stats(&two)["units"], 0);
    let dir = tempfile::tempdir().unwrap();
    let p = pairs(31, 400);
    let (f1, f2) = (dir.path().join("one.tsv"), dir.path().join("two.tsv"));
    write_tsv(&f1, &p[..200]);
    write_tsv(&f2, &p[200..]);
    let distinct = |part: &[(String, String)]| {
        part.iter().collect::<std::collections::HashSet<_>>().len() as u64
    };

    let (status, body) = upload(&one, "one.tsv", &std::fs::read(&f1).unwrap());
    assert_eq!(status, 200, "{body}");
    assert_eq!(stats(&two), stats(&one));
    assert_eq!(stats(&two)["units"], distinct(&p[..200]));
    let (en, _) = &p[17];
    let (status, body) = two.get("/api/tm/search", &[("q", en), ("min", "100")]);
    assert_eq!(status, 200);
    assert!(body.contains("\"score\": 100"), "{body}");

    let (status, body) = upload(&two, "two.tsv", &std::fs::read(&f2).unwrap());
    assert_eq!(status, 200, "{body}");
    assert_eq!(stats(&one), stats(&two));
    assert_eq!(stats(&one)["units"], distinct(&p));
    let (en, _) = &p[317];
    let (status, body) = one.get("/api/tm/search", &[("q", en), ("min", "100")]);
    assert_eq!(status, 200);
    assert!(body.contains("\"score\": 100"), "{body}");
    let (status, body) = one.get("/api/tm/concord", &[("q", en)]);
    assert_eq!(status, 200);
    assert!(hits(&body) > 0, "{body}");
}
