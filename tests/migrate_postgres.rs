//! `concord migrate --from FILE.db --to postgres://…` and back (issue #17): a SQLite file's
//! memory and glossary move to an empty PostgreSQL store and answer alike there, and back
//! into a new file that answers alike again; a store that is not empty, a missing file and a
//! file that exists are refused with exit 2 before anything is written.
//! Runs against a real server (see `support/pg.rs`).

mod common;
#[path = "support/pairs.rs"]
mod pairs;
#[path = "support/pg.rs"]
mod pg;
#[path = "support/rng.rs"]
mod rng;

use std::path::Path;

use common::Db;
use pairs::{pairs, write_tsv};
use pg::concord;
use serde_json::Value;

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/tmx")
        .join(name)
        .display()
        .to_string()
}

/// Whether concord has written anything to the database (its schema table exists).
fn untouched(db: &pg::TestDb) -> bool {
    let row = db
        .client()
        .query_one("SELECT to_regclass('concord_schema') IS NULL", &[])
        .unwrap();
    row.get(0)
}

#[test]
fn a_memory_moves_to_postgres_and_answers_alike() {
    let Some(server) = pg::Server::get() else {
        return;
    };
    let pg = server.database("migrate");
    let sqlite = Db::empty();
    let dir = tempfile::tempdir().unwrap();
    let p = pairs(53, 900);
    for (i, part) in [&p[..500], &p[300..]].iter().enumerate() {
        let f = dir.path().join(format!("part{i}.tsv"));
        write_tsv(&f, part);
        let (code, _, err) = sqlite.run(&["tm", "import", f.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
    }
    for name in ["concord__zh_tw_mayor.tmx", "okapi__html_test.tmx"] {
        let (code, _, err) = sqlite.run(&["tm", "import", &fixture(name)]);
        assert_eq!(code, 0, "{err}");
    }
    let file = sqlite.path.to_str().unwrap();
    let (code, out, err) = concord(&["--json", "migrate", "--from", file, "--to", &pg.url]);
    assert_eq!(code, 0, "{err}");
    let r: Value = serde_json::from_str(&out).unwrap();
    let stats = sqlite.json(&["tm", "stats"]);
    assert_eq!(r["units"], stats["units"]);
    assert_eq!(r["segments"], stats["variants"]);
    assert_eq!(r["batches"], 4);
    assert!(r["checked"].as_u64().unwrap() >= 40, "{r}");

    // The same answers from either store, as `tests/postgres.rs` asks of two imports.
    let on = |db: &str, args: &[&str]| {
        let mut all = vec!["--db", db, "--json"];
        all.extend_from_slice(args);
        concord(&all)
    };
    let mut queries: Vec<Vec<String>> = vec![
        vec!["tm".into(), "stats".into()],
        vec!["tm".into(), "concord".into(), "市長".into()],
        vec!["tm".into(), "concord".into(), "nothing-like-this".into()],
    ];
    for (en, zh) in p.iter().step_by(61) {
        let words: Vec<&str> = en.split(' ').collect();
        let fewer = words[..words.len() - 1].join(" ");
        queries.push(vec![
            "tm".into(),
            "search".into(),
            "--from".into(),
            "en".into(),
            fewer,
        ]);
        queries.push(vec![
            "tm".into(),
            "search".into(),
            zh.chars().skip(1).collect(),
        ]);
        queries.push(vec!["tm".into(), "concord".into(), words[0].to_string()]);
    }
    let mut found = 0;
    for q in &queries {
        let q: Vec<&str> = q.iter().map(String::as_str).collect();
        let a = on(file, &q);
        assert_eq!(a, on(&pg.url, &q), "{q:?}");
        found += usize::from(a.0 == 0);
    }
    assert!(
        found * 4 >= queries.len() * 3,
        "{found} of {}",
        queries.len()
    );

    // And back, into a new file: the same answers again.
    let back = dir.path().join("back.db");
    let back_s = back.to_str().unwrap();
    let (code, out, err) = concord(&["--json", "migrate", "--from", &pg.url, "--to", back_s]);
    assert_eq!(code, 0, "{err}");
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["units"], stats["units"]);
    assert_eq!(r["batches"], 4);
    for q in &queries {
        let q: Vec<&str> = q.iter().map(String::as_str).collect();
        assert_eq!(on(file, &q), on(back_s, &q), "{q:?}");
    }
    // A file that exists is never written over.
    let before = std::fs::read(&back).unwrap();
    let (code, _, err) = concord(&["migrate", "--from", &pg.url, "--to", back_s]);
    assert_eq!(code, 2);
    assert!(err.contains("exists"), "{err}");
    assert_eq!(std::fs::read(&back).unwrap(), before);

    // A second move into the now full store is refused, and changes nothing.
    let (code, _, err) = concord(&["migrate", "--from", file, "--to", &pg.url]);
    assert_eq!(code, 2);
    assert!(
        err.contains("holds") && err.contains("units already"),
        "{err}"
    );
    assert_eq!(on(&pg.url, &["tm", "stats"]), on(file, &["tm", "stats"]));
}

#[test]
fn a_glossary_moves_there_and_back_and_bad_moves_are_refused() {
    let Some(server) = pg::Server::get() else {
        return;
    };
    let pg = server.database("migrate_glossary");
    // A file as first use makes it: seeded with the shipped glossary and memory; an edit
    // and a second import batch give it more than one glossary batch.
    let seeded = Db::new();
    assert_eq!(
        seeded
            .run(&["glossary", "add", "en=Harbour Office", "zh-CN=港务局"])
            .0,
        0
    );
    let file = seeded.path.to_str().unwrap();
    let (code, out, err) = concord(&["--json", "migrate", "--from", file, "--to", &pg.url]);
    assert_eq!(code, 0, "{err}");
    let moved: Value = serde_json::from_str(&out).unwrap();
    assert!(moved["concepts"].as_i64().unwrap() > 50, "{out}");
    let listed = |db: &str| {
        let (code, out, err) = concord(&["--db", db, "--json", "glossary", "list"]);
        assert_eq!(code, 0, "{err}");
        common::server::timeless(&out)
    };
    assert_eq!(listed(file), listed(&pg.url));
    // A store that holds a glossary is not moved into again.
    let (code, _, err) = concord(&["migrate", "--from", file, "--to", &pg.url]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("already"), "{err}");
    // And back into a new file, the memory's batches and the glossary's apart.
    let dir = tempfile::tempdir().unwrap();
    let back = dir.path().join("back.db");
    let back = back.to_str().unwrap();
    let (code, _, err) = concord(&["migrate", "--from", &pg.url, "--to", back]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(listed(back), listed(file));
    let (_, a, _) = concord(&["--db", file, "--json", "tm", "stats"]);
    let (_, b, _) = concord(&["--db", back, "--json", "tm", "stats"]);
    assert_eq!(a, b);

    // A file that is not there is not created.
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.db");
    let empty = server.database("migrate_refused");
    let (code, _, err) = concord(&[
        "migrate",
        "--from",
        missing.to_str().unwrap(),
        "--to",
        &empty.url,
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("no such database file"), "{err}");
    assert!(!missing.exists());
    assert!(untouched(&empty));

    // Two stores of one kind are refused as such.
    let other = dir.path().join("other.db");
    let (code, _, err) = concord(&["migrate", "--from", file, "--to", other.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("one of each"), "{err}");
    assert!(!other.exists());
    assert!(untouched(&empty));
}
