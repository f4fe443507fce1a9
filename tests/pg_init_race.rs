//! Four `concord init` at once on one new PostgreSQL store (translators setting up the
//! team's store in the same minute): all succeed, and the store holds the shipped data once,
//! answering as one `init` would. The README and `database::init_postgres` promised this; a
//! race in the schema's creation or in the seed's checks would fail one or duplicate rows.
//!
//! Runs against a real server (`support/pg.rs`; skipped without one).

#[path = "support/pg.rs"]
mod pg;

use pg::{Server, concord_on};

fn count(db: &pg::TestDb, sql: &str) -> i64 {
    db.client().query_one(sql, &[]).unwrap().get(0)
}

#[test]
fn inits_at_once_all_succeed_and_seed_once() {
    let Some(server) = Server::get() else { return };
    let raced = server.database("initrace");
    let alone = server.database("initalone");
    let all: Vec<_> = (0..4)
        .map(|_| {
            let url = raced.url.clone();
            std::thread::spawn(move || concord_on(&url, &["init"]))
        })
        .collect();
    for t in all {
        let out = t.join().unwrap();
        assert!(
            out.status.success(),
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(concord_on(&alone.url, &["init"]).status.success());
    for sql in [
        "SELECT count(*) FROM unit",
        "SELECT count(*) FROM variant",
        "SELECT count(DISTINCT hash) FROM unit",
    ] {
        assert_eq!(count(&raced, sql), count(&alone, sql), "{sql}");
    }
    let export = |url: &str| {
        let out = concord_on(url, &["glossary", "export", "--format", "tsv", "-"]);
        assert!(out.status.success());
        out.stdout
    };
    assert_eq!(export(&raced.url), export(&alone.url));
}
