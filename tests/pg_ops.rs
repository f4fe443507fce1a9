//! `init` and `doctor` on PostgreSQL (issue #17: every command works there).
//!
//! - `init` seeds a new store with the shipped glossary and memory, answering as a file
//!   `init` made; `--empty` leaves them out; a store holding a team's data is refused and
//!   left as it was; a seed cut short is finished; no other command seeds.
//! - `doctor` finds a sound store healthy (exit 0), and each kind of damage SQL can do to the
//!   store's own invariants (exit 1, named in the text and the JSON), never writing.
//!
//! Runs against a real server (`support/pg.rs`; skipped without one).

#[path = "support/pg.rs"]
mod pg;

use pg::{Server, TestDb, concord_on};
use serde_json::Value;

fn run(db: &str, args: &[&str]) -> (i32, String, String) {
    let out = concord_on(db, args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The command's standard output, which must exit `code`.
fn ok(db: &str, args: &[&str], code: i32) -> String {
    let (c, out, err) = run(db, args);
    assert_eq!(c, code, "concord {args:?}: {out}{err}");
    out
}

fn json(db: &str, args: &[&str], code: i32) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    serde_json::from_str(&ok(db, &all, code)).unwrap()
}

fn units(db: &TestDb) -> i64 {
    db.client()
        .query_one("SELECT count(*) FROM unit", &[])
        .unwrap()
        .get(0)
}

/// What a user sees of the store: the memory's counts, the glossary, a lookup, a search.
fn answers(db: &str) -> Vec<String> {
    vec![
        ok(db, &["--json", "tm", "stats"], 0),
        ok(db, &["glossary", "export", "--format", "tsv", "-"], 0),
        ok(db, &["--json", "lookup", "Mayor"], 0),
        ok(db, &["--json", "lookup", "市长"], 0),
        ok(db, &["--json", "tm", "concord", "市长"], 0),
    ]
}

#[test]
fn init_seeds_a_new_postgres_store_as_init_seeds_a_new_file() {
    let Some(server) = Server::get() else { return };
    let db = server.database("init");
    let r = json(&db.url, &["init"], 0);
    assert_eq!(r["seeded"], true);
    assert!(r["concepts"].as_i64().unwrap() > 50, "{r}");
    assert_eq!(r["units"], 20);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.db");
    let file = file.to_str().unwrap();
    let f = json(file, &["init"], 0);
    for k in ["concepts", "terms", "units", "seeded"] {
        assert_eq!(r[k], f[k], "{k}");
    }
    assert_eq!(answers(&db.url), answers(file));
    // The text names the store, never a password (this URL has none to hide).
    let db2 = server.database("inittext");
    let out = ok(&db2.url, &["init"], 0);
    assert!(
        out.starts_with(&format!("set up {}, seeded", db2.url)),
        "{out}"
    );
}

#[test]
fn init_refuses_a_store_set_up_already_or_holding_a_teams_data_and_leaves_it() {
    let Some(server) = Server::get() else { return };
    let db = server.database("initagain");
    ok(&db.url, &["init"], 0);
    let before = answers(&db.url);
    let (code, _, err) = run(&db.url, &["init"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("set up already"), "{err}");
    let (code, _, err) = run(&db.url, &["init", "--empty"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("holds 20 units and"), "{err}");
    assert_eq!(answers(&db.url), before);

    // A team's own memory, the store made by its first use: refused, not mixed with the seed.
    let team = server.database("initteam");
    let dir = tempfile::tempdir().unwrap();
    let tsv = dir.path().join("team.tsv");
    std::fs::write(&tsv, "en\tzh-CN\nThe bridge opened.\t大桥通车了。\n").unwrap();
    ok(&team.url, &["tm", "import", tsv.to_str().unwrap()], 0);
    let (code, _, err) = run(&team.url, &["init"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("holds 1 unit and 0 glossary concepts"),
        "{err}"
    );
    assert_eq!(units(&team), 1);
    let concepts: i64 = team
        .client()
        .query_one("SELECT count(*) FROM concept", &[])
        .unwrap()
        .get(0);
    assert_eq!(concepts, 0);
}

#[test]
fn no_command_but_init_seeds_a_postgres_store_and_init_empty_seeds_nothing() {
    let Some(server) = Server::get() else { return };
    let db = server.database("firstuse");
    // A team brings its own termbase: the first use makes the schema, nothing more.
    assert_eq!(json(&db.url, &["tm", "stats"], 0)["units"], 0);
    assert_eq!(ok(&db.url, &["glossary", "list"], 1), "");
    let r = json(&db.url, &["init", "--empty"], 0);
    assert_eq!(
        (
            r["seeded"].as_bool(),
            r["concepts"].as_i64(),
            r["units"].as_i64()
        ),
        (Some(false), Some(0), Some(0))
    );
    assert_eq!(units(&db), 0);
    // Still empty, so a seeding init may follow.
    assert_eq!(json(&db.url, &["init"], 0)["units"], 20);
}

#[test]
fn init_finishes_a_seed_cut_short_after_the_glossary() {
    let Some(server) = Server::get() else { return };
    let db = server.database("initcut");
    ok(&db.url, &["init"], 0);
    let whole = answers(&db.url);
    // As a seed killed between its glossary's transaction and its memory's leaves the store.
    db.client()
        .batch_execute(
            "DELETE FROM tm_posting; DELETE FROM tm_token; DELETE FROM tm_lang;
             DELETE FROM variant; DELETE FROM unit; DELETE FROM batch;",
        )
        .unwrap();
    assert_eq!(json(&db.url, &["init"], 0)["units"], 20);
    assert_eq!(answers(&db.url), whole);
    assert_eq!(
        json(&db.url, &["doctor"], 0)["integrity"],
        Value::Array(vec![])
    );
}

/// A store seeded, with a Chinese and English memory of its own beside the seed.
fn seeded(server: &Server, tag: &str) -> TestDb {
    let db = server.database(tag);
    ok(&db.url, &["init"], 0);
    let dir = tempfile::tempdir().unwrap();
    let tsv = dir.path().join("m.tsv");
    std::fs::write(
        &tsv,
        "en\tzh-CN\nThe Mayor opened the Nanjing Yangtze River Bridge.\t市长为南京市长江大桥通车剪彩。\nThe two sides signed a memorandum.\t双方签署了谅解备忘录。\nThe bridge opened.\t大桥通车了。\n",
    )
    .unwrap();
    ok(&db.url, &["tm", "import", tsv.to_str().unwrap()], 0);
    db
}

#[test]
fn doctor_finds_a_sound_postgres_store_healthy_and_writes_nothing() {
    let Some(server) = Server::get() else { return };
    let db = seeded(&server, "doctorok");
    let before = answers(&db.url);
    let r = json(&db.url, &["doctor"], 0);
    assert_eq!(r["store"], "postgresql");
    assert_eq!(r["schema_version"], r["current_schema_version"]);
    assert_eq!(r["integrity"], Value::Array(vec![]));
    assert_eq!(r["foreign_keys"], Value::Array(vec![]));
    assert_eq!(r["units"], 23);
    assert!(r["concepts"].as_i64().unwrap() > 50);
    let text = ok(&db.url, &["doctor", "--check-only"], 0);
    assert!(
        text.contains("integrity:     ok") && text.ends_with("healthy\n"),
        "{text}"
    );
    assert_eq!(answers(&db.url), before);
    // CONCORD_DB names the store as --db does.
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("concord"))
        .env("CONCORD_DB", &db.url)
        .args(["--json", "doctor"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["store"], "postgresql");
}

#[test]
fn doctor_on_a_database_without_a_concord_store_is_an_error_and_makes_none() {
    let Some(server) = Server::get() else { return };
    let db = server.database("doctornone");
    let (code, _, err) = run(&db.url, &["doctor"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("holds no concord store"), "{err}");
    let made: Option<String> = db
        .client()
        .query_one("SELECT to_regclass('concord_schema')::text", &[])
        .unwrap()
        .get(0);
    assert_eq!(made, None);
}

/// Each damage SQL can do, and what doctor must say of it (in `integrity`, or the table of
/// `foreign_keys`).
const DAMAGES: &[(&str, &str, &[&str])] = &[
    (
        "a segment's text edited in place",
        "UPDATE variant SET text = '市长为南京市长江大桥剪彩。' WHERE text = '市长为南京市长江大桥通车剪彩。'",
        &[
            "hash is not that of its segments",
            "stored tokens are not its text's",
        ],
    ),
    (
        "a segment's tokens lost",
        "UPDATE variant SET toks = NULL WHERE text = '大桥通车了。'",
        &[
            "without their tokens",
            "posting list is not the segments holding it",
        ],
    ),
    (
        "a document frequency off by one",
        "UPDATE tm_token SET df = df + 1 WHERE id = (SELECT min(id) FROM tm_token)",
        &["document frequency is not its segments' count"],
    ),
    (
        "a posting chunk deleted",
        "DELETE FROM tm_posting WHERE chunk = (SELECT max(chunk) FROM tm_posting)",
        &["posting list is not the segments holding it"],
    ),
    (
        "a language's segment count wrong",
        "UPDATE tm_lang SET segments = segments - 1 WHERE lang = 'zh-CN'",
        &["language segment count"],
    ),
    (
        "a unit stored twice under another hash",
        "INSERT INTO unit (id, hash, batch, line, srclang, state, meta, first_variant, last_variant)
             SELECT 1000, '\\x00'::bytea, batch, line, srclang, state, meta, 5000, 5001 FROM unit WHERE id = 1;
         INSERT INTO variant (id, unit, lang, text, markup, meta, toks)
             SELECT 5000 + (id - (SELECT first_variant FROM unit WHERE id = 1)), 1000, lang, text, markup, meta, toks
             FROM variant WHERE unit = 1;",
        &[
            "duplicates",
            "hash is not that of its segments",
            "posting list is not the segments holding it",
        ],
    ),
    (
        "a unit's segment moved to another unit",
        "UPDATE variant SET unit = 2 WHERE id = (SELECT first_variant FROM unit WHERE id = 1)",
        &["segments are not the variants from its first to its last"],
    ),
    (
        // Schema version 3 has no foreign key to refuse it.
        "a unit deleted under its segments",
        "DELETE FROM unit WHERE id = 3",
        &["\"table\":\"variant\""],
    ),
    (
        "a glossary concept deleted under its terms",
        "DELETE FROM concept WHERE id = 1",
        &["\"table\":\"term\""],
    ),
    (
        "a glossary fuzzy index list deleted",
        "DELETE FROM term_fuzzy WHERE list = (SELECT min(list) FROM term_fuzzy)",
        &["glossary fuzzy index"],
    ),
    (
        "a glossary term's text edited in place, its match keys left as they were",
        "UPDATE term SET text = 'Lord Mayor' WHERE text = 'Mayor' AND lang = 'en'",
        &["match keys are not those their text gives"],
    ),
    (
        "the glossary's version row deleted",
        "DELETE FROM glossary_state",
        &["glossary version row"],
    ),
];

#[test]
fn doctor_finds_each_damage_done_to_a_postgres_store_by_sql() {
    let Some(server) = Server::get() else { return };
    for (what, sql, said) in DAMAGES {
        let db = seeded(&server, "damage");
        db.client().batch_execute(sql).unwrap();
        let r = json(&db.url, &["doctor"], 1);
        let found = format!("{} {}", r["integrity"], r["foreign_keys"]);
        for s in *said {
            assert!(found.contains(s), "{what}: doctor said {found}");
        }
        let text = ok(&db.url, &["doctor", "--check-only"], 1);
        assert!(text.contains("problems found"), "{what}: {text}");
    }
}
