//! `concord serve --db postgres://…` at its edges: an import that cannot get the store's
//! import lock within the server's wait limit answers 503 with `Retry-After` and a JSON
//! error (not 500), and the next one lands; `--read-only` reads the schema version and never
//! migrates or writes: a store without concord's schema, or at an older or newer version, is
//! refused at start with a clear message and left as it was. Runs against a real server
//! (`support/pg.rs`; skipped without one).

mod common;
#[path = "support/pg.rs"]
mod pg;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::server::{Server, error_of};
use serde_json::Value;

/// The import lock's key (`src/pg/mod.rs`): the test holds it as another import would.
const IMPORT_LOCK: i64 = 0x636f_6e63_6f72_6402;

const PAIRS: &str = "en\tzh-CN\nThe Mayor spoke.\t市长讲话了。\nThe bridge opened.\t大桥通车了。\n";

/// `concord --db URL ARGS`: exit code, standard output, standard error. A command that does
/// not end within two minutes (a server that started when it should have refused) is killed
/// and fails the test.
fn concord(url: &str, args: &[&str]) -> (i32, String, String) {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("concord"))
        .env_remove("CONCORD_DB")
        .args(["--db", url])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(120) {
            child.kill().ok();
            panic!("concord {args:?} did not end");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn schema_version(c: &mut postgres::Client) -> Option<i32> {
    c.query_opt(
        "SELECT version FROM concord_schema WHERE to_regclass('concord_schema') IS NOT NULL",
        &[],
    )
    .ok()
    .flatten()
    .map(|r| r.get(0))
}

fn has_schema_table(c: &mut postgres::Client) -> bool {
    c.query_one("SELECT to_regclass('concord_schema') IS NOT NULL", &[])
        .unwrap()
        .get(0)
}

#[test]
fn an_import_that_waits_past_the_limit_for_the_lock_is_a_503_with_retry_after() {
    let Some(pgs) = pg::Server::get() else {
        return;
    };
    let db = pgs.database("serve_lock");
    let server = Server::start(std::path::Path::new(&db.url), &[]);
    // Another import, as PostgreSQL sees it: the lock held, by a session of its own.
    let mut other = db.client();
    other
        .execute("SELECT pg_advisory_lock($1)", &[&IMPORT_LOCK])
        .unwrap();
    let mut r = Server::agent()
        .post(format!("{}/api/tm/import", server.base))
        .query("name", "pairs.tsv")
        .send(PAIRS.as_bytes())
        .unwrap();
    let status = r.status().as_u16();
    let retry = r
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_string());
    let content_type = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string());
    let body = r.body_mut().read_to_string().unwrap();
    assert_eq!(status, 503, "{body}");
    let secs: u64 = retry
        .expect("no Retry-After")
        .parse()
        .expect("Retry-After is not a number of seconds");
    assert!(secs > 0);
    assert_eq!(content_type.as_deref(), Some("application/json"));
    let e = error_of(&body);
    assert!(e.contains("try again"), "{e}");
    // The URL is named without its password, and nothing was imported.
    assert!(e.contains("postgres"), "{e}");
    let (_, stats) = server.get("/api/tm/stats", &[]);
    let v: Value = serde_json::from_str(&stats).unwrap();
    assert_eq!(v["units"], 0, "{stats}");
    // The lock let go, the same import lands on the same server.
    other
        .execute("SELECT pg_advisory_unlock($1)", &[&IMPORT_LOCK])
        .unwrap();
    let (status, body) = server.send(
        "POST",
        "/api/tm/import",
        &[("name", "pairs.tsv")],
        &[],
        PAIRS.as_bytes(),
    );
    assert_eq!(status, 200, "{body}");
    let (_, stats) = server.get("/api/tm/stats", &[]);
    let v: Value = serde_json::from_str(&stats).unwrap();
    assert_eq!(v["units"], 2, "{stats}");
}

#[test]
fn read_only_refuses_a_store_without_concords_schema_and_creates_nothing() {
    let Some(pgs) = pg::Server::get() else {
        return;
    };
    let db = pgs.database("serve_ro_fresh");
    let (code, out, err) = concord(&db.url, &["serve", "--read-only", "--addr", "127.0.0.1:0"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(!out.contains("listening"), "{out}");
    assert!(err.contains("no concord store"), "{err}");
    assert!(err.contains("--read-only"), "{err}");
    assert!(!has_schema_table(&mut db.client()), "a table was created");
}

#[test]
fn read_only_refuses_an_older_or_newer_schema_and_leaves_it_as_it_was() {
    let Some(pgs) = pg::Server::get() else {
        return;
    };
    let db = pgs.database("serve_ro_version");
    let (code, _, err) = concord(&db.url, &["tm", "stats"]);
    assert_eq!(code, 0, "{err}");
    let mut c = db.client();
    let current = schema_version(&mut c).expect("tm stats set the schema up");
    for (version, says) in [(current - 1, "older"), (current + 1, "newer")] {
        c.execute("UPDATE concord_schema SET version = $1", &[&version])
            .unwrap();
        let (code, out, err) = concord(&db.url, &["serve", "--read-only", "--addr", "127.0.0.1:0"]);
        assert_eq!(code, 2, "version {version}: {out}{err}");
        assert!(err.contains(says), "version {version}: {err}");
        assert!(err.contains(&format!("version {version}")), "{err}");
        assert_eq!(
            schema_version(&mut c),
            Some(version),
            "the read-only server changed the version"
        );
    }
}

#[test]
fn read_only_serves_a_current_store_and_refuses_writes() {
    let Some(pgs) = pg::Server::get() else {
        return;
    };
    let db = pgs.database("serve_ro_current");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pairs.tsv");
    std::fs::write(&file, PAIRS).unwrap();
    let (code, _, err) = concord(&db.url, &["tm", "import", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let server = Server::start(std::path::Path::new(&db.url), &["--read-only"]);
    let (status, body) = server.get("/api/tm/search", &[("q", "The Mayor spoke.")]);
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["hits"].as_array().map_or(0, Vec::len), 1, "{body}");
    let (status, body) = server.send(
        "POST",
        "/api/tm/import",
        &[("name", "more.tsv")],
        &[],
        "en\tzh-CN\nA new line.\t新的一行。\n".as_bytes(),
    );
    assert_eq!(status, 403, "{body}");
    let (_, stats) = server.get("/api/tm/stats", &[]);
    let v: Value = serde_json::from_str(&stats).unwrap();
    assert_eq!(v["units"], 2, "{stats}");
}
