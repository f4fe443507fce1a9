//! The glossary on PostgreSQL (issue #17): the same imports and edits into a SQLite file and
//! a PostgreSQL store give the same `glossary list/show/export`, `check`, `lookup` (with the
//! memory's evidence), `suggest` and `glossary extract` output; an edit through one server is seen by another at its next request;
//! two imports from two processes at once both land, with no concept twice; a failing import
//! leaves PostgreSQL's glossary and its version as they were. Runs against a real server
//! (see `support/pg.rs`), and skips without one as the other PostgreSQL tests do.

mod common;
#[path = "support/pg.rs"]
mod pg;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::Db;
use common::server::{Server, timeless};
use serde_json::{Value, json};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped glossary (with deprecated terms), a TBX with deprecated terms, and a CSV.
fn glossaries() -> Vec<String> {
    [
        "glossary/concord.tsv",
        "tests/fixtures/tbx/okapi__medtronic_TBX.tbx",
        "tests/fixtures/csv/tico19__g_en_zh-CN.csv",
    ]
    .iter()
    .map(|p| root().join(p).display().to_string())
    .collect()
}

/// `concord --db DB ARGS`: exit code, standard output, standard error.
fn concord(db: &str, args: &[&str]) -> (i32, String, String) {
    pg::concord(&[&["--db", db], args].concat())
}

/// Runs the same command on both stores and asserts the same exit code and output (the
/// import times aside); returns the output.
fn alike(file: &str, url: &str, args: &[&str]) -> String {
    let (cf, of, ef) = concord(file, args);
    let (cp, op, ep) = concord(url, args);
    assert_eq!(cf, cp, "{args:?}: {ef} / {ep}");
    assert!(cf <= 1, "{args:?}: {ef}");
    if args.contains(&"--json") {
        assert_eq!(timeless(&of), timeless(&op), "{args:?}");
    } else {
        assert_eq!(of, op, "{args:?}");
    }
    op
}

/// `(version, concepts, terms)` of a PostgreSQL store's glossary.
fn pg_state(db: &pg::TestDb) -> (i64, i64, i64) {
    let row = db
        .client()
        .query_one(
            "SELECT (SELECT version FROM glossary_state), (SELECT count(*) FROM concept), (SELECT count(*) FROM term)",
            &[],
        )
        .unwrap();
    (row.get(0), row.get(1), row.get(2))
}

#[test]
fn the_glossary_answers_alike_on_sqlite_and_postgres() {
    let Some(server) = pg::Server::get() else {
        return;
    };
    let pg = server.database("glossary_alike");
    let sqlite = Db::empty();
    let file = sqlite.path.display().to_string();
    for g in glossaries() {
        alike(&file, &pg.url, &["--json", "glossary", "import", &g]);
    }
    let list = alike(&file, &pg.url, &["--json", "glossary", "list"]);
    let concepts = serde_json::from_str::<Value>(&list).unwrap();
    let n = concepts.as_array().unwrap().len();
    assert!(n > 300, "{n} concepts");
    for id in ["1", "12", "mayor", &n.to_string()] {
        alike(&file, &pg.url, &["--json", "glossary", "show", id]);
    }
    alike(&file, &pg.url, &["glossary", "list", "--lang", "zh"]);
    for format in ["tsv", "tbx", "csv"] {
        alike(
            &file,
            &pg.url,
            &["glossary", "export", "-", "--format", format],
        );
    }
    let draft = root().join("tests/fixtures/check/seed-planted.tsv");
    let draft = draft.to_str().unwrap();
    let findings = alike(&file, &pg.url, &["--json", "check", draft]);
    assert!(findings.contains("term-missing"), "{findings}");
    alike(&file, &pg.url, &["check", draft]);

    // Edits, the same on both: a deprecated rendering added, a term renamed and demoted, a
    // term and a concept removed.
    for args in [
        &[
            "glossary",
            "add",
            "en=Town Mayor",
            "zh-CN=镇长",
            "--status",
            "deprecated",
        ][..],
        &[
            "glossary",
            "edit",
            "mayor",
            "en=Mayor",
            "--note",
            "city head",
        ],
        &[
            "glossary",
            "edit",
            "vice-mayor",
            "en=Vice-Mayor",
            "--text",
            "Vice Mayor (old)",
        ],
        &[
            "glossary",
            "edit",
            "vice-mayor",
            "--definition",
            "second to the mayor",
        ],
        &["glossary", "remove", "3"],
    ] {
        alike(&file, &pg.url, &[&["--json"], args].concat());
    }
    alike(&file, &pg.url, &["--json", "glossary", "list"]);
    alike(&file, &pg.url, &["--json", "check", draft]);

    // Lookup and suggest read the glossary and the memory: the same memory in both stores
    // (the seed article's pairs and TICO-19's), the same answers, evidence and masks
    // included.
    for memory in [
        "memory/seed-article.tsv",
        "tests/fixtures/check/tico19/original.tsv",
    ] {
        let memory = root().join(memory);
        alike(
            &file,
            &pg.url,
            &["--json", "tm", "import", memory.to_str().unwrap()],
        );
    }
    let mut found = 0;
    for q in [
        "Mayor",
        "mayors",
        "Vice-Mayor",
        "vice mayor",
        "市长",
        "Govenor",
        "Town Mayor",
        "memorandum of understanding",
        "Shanghai Municipal People's Government",
        "sister cities",
        "infection",
        "nothing like this",
    ] {
        let answer = alike(&file, &pg.url, &["--json", "lookup", q]);
        let v: Value = serde_json::from_str(&answer).unwrap();
        found += usize::from(!v["matches"].as_array().unwrap().is_empty());
        alike(&file, &pg.url, &["lookup", q]);
    }
    assert!(found >= 8, "{found} queries found anything");
    let evidence = alike(&file, &pg.url, &["--json", "lookup", "Mayor"]);
    let v: Value = serde_json::from_str(&evidence).unwrap();
    assert!(v["memory"][0]["units"].as_u64().unwrap() > 0, "{evidence}");
    for term in ["Mayor", "memorandum of understanding", "市长"] {
        alike(&file, &pg.url, &["--json", "suggest", term]);
    }
    alike(
        &file,
        &pg.url,
        &[
            "--json",
            "glossary",
            "extract",
            "--from",
            "en",
            "--to",
            "zh-CN",
            "--min-count",
            "2",
        ],
    );
}

#[test]
fn an_edit_through_one_server_is_seen_by_another_at_its_next_request() {
    let Some(server) = pg::Server::get() else {
        return;
    };
    let pg = server.database("glossary_two_servers");
    let shipped = root().join("glossary/concord.tsv");
    let (code, _, err) = concord(&pg.url, &["glossary", "import", shipped.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let one = Server::start(Path::new(&pg.url), &[]);
    let two = Server::start(Path::new(&pg.url), &[]);
    let draft = "en\tzh-CN\nThe Harbour Twinning Office opened.\t办公室开业了。\n".as_bytes();
    let term_missing = |s: &Server| {
        let (status, body) = s.check(&[], draft, &[]);
        assert_eq!(status, 200, "{body}");
        body.contains("Harbour Twinning Office")
    };
    // Each has its replica before the edit.
    assert!(!term_missing(&one) && !term_missing(&two));
    let (s1, before) = two.get("/api/glossary", &[]);
    assert_eq!(s1, 200);

    let (status, body) = one.json(
        "POST",
        "/api/glossary",
        &json!({"terms": ["en=Harbour Twinning Office", "zh-CN=港口结好办公室"]}),
    );
    assert!(status == 200 || status == 201, "{status}: {body}");
    let added = serde_json::from_str::<Value>(&body).unwrap()["concept"]
        .as_i64()
        .unwrap();
    // The other server's next requests see it: the list, the concept, and its checks.
    let (_, after) = two.get("/api/glossary", &[]);
    assert_ne!(before, after);
    let (status, shown) = two.get(&format!("/api/glossary/{added}"), &[]);
    assert_eq!(status, 200, "{shown}");
    assert!(shown.contains("港口结好办公室"), "{shown}");
    assert!(term_missing(&two) && term_missing(&one));

    // An edit back through the second server reaches the first.
    let (status, body) = two.json(
        "PATCH",
        &format!("/api/glossary/{added}"),
        &json!({"term": "en=Harbour Twinning Office", "status": "deprecated"}),
    );
    assert_eq!(status, 200, "{body}");
    let (_, shown) = one.get(&format!("/api/glossary/{added}"), &[]);
    assert!(shown.contains("deprecated"), "{shown}");
    let (status, body) = one.send("DELETE", &format!("/api/glossary/{added}"), &[], &[], b"");
    assert_eq!(status, 200, "{body}");
    assert_eq!(two.get(&format!("/api/glossary/{added}"), &[]).0, 404);
    assert!(!term_missing(&two));
}

#[test]
fn two_imports_at_once_both_land_and_no_concept_is_stored_twice() {
    let Some(server) = pg::Server::get() else {
        return;
    };
    let pg = server.database("glossary_two_imports");
    let files = glossaries();
    // The same files imported one after the other into a file: what both must give.
    let sqlite = Db::empty();
    let file = sqlite.path.display().to_string();
    for f in [&files[0], &files[1], &files[0], &files[2]] {
        assert_eq!(concord(&file, &["glossary", "import", f]).0, 0);
    }
    let spawn = |fs: &[&String]| {
        Command::new(assert_cmd::cargo::cargo_bin("concord"))
            .env_remove("CONCORD_DB")
            .arg("--db")
            .arg(&pg.url)
            .args(["glossary", "import"])
            .args(fs)
            .output()
    };
    // The shipped glossary in both, so that the second to write merges into the first's.
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| spawn(&[&files[0], &files[1]]).unwrap());
        let b = s.spawn(|| spawn(&[&files[0], &files[2]]).unwrap());
        (a.join().unwrap(), b.join().unwrap())
    });
    for out in [&a, &b] {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let (version, concepts, terms) = pg_state(&pg);
    assert_eq!(version, 2, "one version a write");
    let mut c = pg.client();
    let repeated: i64 = c
        .query_one(
            "SELECT count(*) - count(DISTINCT fingerprint) FROM concept",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(repeated, 0, "a concept stored twice");
    let on_file = |sql: &str| -> i64 {
        rusqlite::Connection::open(&sqlite.path)
            .unwrap()
            .query_row(sql, [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(concepts, on_file("SELECT count(*) FROM concept"));
    assert_eq!(terms, on_file("SELECT count(*) FROM term"));
    // Whichever order they took, every concept and term is the file's.
    let list = |db: &str| {
        let (_, out, _) = concord(db, &["--json", "glossary", "list"]);
        let v = timeless(&out);
        let mut heads: Vec<String> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["terms"].to_string())
            .collect();
        heads.sort();
        heads
    };
    assert_eq!(list(&file), list(&pg.url));
}

#[test]
fn a_failing_import_leaves_the_glossary_and_its_version_as_they_were() {
    let Some(server) = pg::Server::get() else {
        return;
    };
    let pg = server.database("glossary_failing");
    let files = glossaries();
    assert_eq!(concord(&pg.url, &["glossary", "import", &files[0]]).0, 0);
    let before = pg_state(&pg);
    let list = concord(&pg.url, &["--json", "glossary", "list"]).1;
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.tbx");
    std::fs::write(&bad, "<martif type=\"TBX\"><text><body><termEntry>").unwrap();
    // A good file first, then the bad one: the good one's concepts must not land either.
    let (code, _, err) = concord(
        &pg.url,
        &["glossary", "import", &files[2], bad.to_str().unwrap()],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("bad.tbx"), "{err}");
    assert_eq!(pg_state(&pg), before);
    assert_eq!(concord(&pg.url, &["--json", "glossary", "list"]).1, list);
    // An edit of a concept that does not exist changes nothing either.
    let (code, _, _) = concord(&pg.url, &["glossary", "remove", "987654"]);
    assert_eq!(code, 2);
    assert_eq!(pg_state(&pg), before);
    // A dry run reports, and writes nothing.
    let (code, _, err) = concord(&pg.url, &["glossary", "import", "--dry-run", &files[2]]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(pg_state(&pg), before);
    // And the next write lands.
    let (code, _, err) = concord(&pg.url, &["glossary", "import", &files[2]]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(pg_state(&pg).0, before.0 + 1);
}
