//! The PostgreSQL tier (issue #17, first slice): the same memory imported into SQLite and into
//! PostgreSQL answers `tm search`, `tm concord` and `tm stats` identically; two imports at
//! once store each unit once; a killed import leaves nothing; every other command refuses a
//! PostgreSQL URL with exit 2. Runs against a real server (see `support/pg.rs` for which).

mod common;
#[path = "support/pairs.rs"]
mod pairs;
#[path = "support/pg.rs"]
mod pg;
#[path = "support/rng.rs"]
mod rng;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::Db;
use pairs::{pairs, write_tsv};
use rng::Rng;

fn concord(db: &str, args: &[&str]) -> Output {
    pg::concord_on(db, args)
}

/// Exit code, standard output and standard error.
fn run(db: &str, args: &[&str]) -> (i32, String, String) {
    let out = concord(db, args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

/// The memory the comparisons import, one command per file: generated pairs in three parts
/// (so that a token's postings lie in several chunks, appended by successive imports), with
/// repeats, and TMX files with inline codes, declared source languages, Traditional Chinese
/// and notes.
fn memory_files(dir: &Path) -> Vec<String> {
    let mut p = pairs(17, 1_500);
    // Repeats within a file and across files: counted as duplicates, stored once.
    p.extend(p[..50].to_vec());
    let mut files = Vec::new();
    for (i, part) in p.chunks(520).enumerate() {
        let tsv = dir.join(format!("pairs{i}.tsv"));
        write_tsv(&tsv, part);
        files.push(tsv.display().to_string());
    }
    files.extend([
        fixture("tmx/concord__zh_tw_mayor.tmx"),
        fixture("tmx/okapi__html_test.tmx"),
        fixture("tmx/omegat__TMXComplianceKit__ImportTest1A.tmx"),
    ]);
    files
}

#[test]
fn sqlite_and_postgres_give_the_same_answers() {
    let Some(server) = pg::Server::get() else {
        return;
    };
    let pg = server.database("same");
    let dir = tempfile::tempdir().unwrap();
    let files = memory_files(dir.path());
    let sqlite = Db::empty();
    let sqlite_db = sqlite.path.display().to_string();
    for f in &files {
        let import = ["--json", "tm", "import", f.as_str()];
        let a = run(&sqlite_db, &import);
        let b = run(&pg.url, &import);
        assert_eq!(a.0, 0, "{}", a.2);
        assert_eq!(b.0, 0, "{}", b.2);
        assert_eq!(a.1, b.1, "the import reports of {f} differ");
    }
    let chunks: i64 = pg
        .client()
        .query_one(
            "SELECT max(n) FROM (SELECT count(*) AS n FROM tm_posting GROUP BY token) c",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(chunks >= 3, "no token's postings span several chunks");
    // A second import of the same file: every unit a duplicate, on both.
    let again = ["--json", "tm", "import", files[0].as_str()];
    assert_eq!(run(&sqlite_db, &again).1, run(&pg.url, &again).1);

    let p = pairs(17, 1_500);
    let mut rng = Rng::new(99, 3);
    let mut queries: Vec<Vec<String>> = Vec::new();
    for _ in 0..60 {
        let (en, zh) = &p[rng.below(p.len())];
        let mut words: Vec<&str> = en.split(' ').collect();
        if words.len() > 3 {
            words.remove(rng.below(words.len()));
        }
        let min = ["50", "70", "75", "90"][rng.below(4)];
        queries.push(vec![
            "tm".into(),
            "search".into(),
            "--min".into(),
            min.into(),
            "--limit".into(),
            "7".into(),
            words.join(" "),
        ]);
        let zh: String = zh.chars().skip(1).collect();
        queries.push(vec![
            "tm".into(),
            "search".into(),
            "--min".into(),
            min.into(),
            zh,
        ]);
        let word = words[rng.below(words.len())].trim_end_matches('.');
        queries.push(vec![
            "tm".into(),
            "concord".into(),
            "--limit".into(),
            "20".into(),
            word.to_string(),
        ]);
        let cs: Vec<char> = zh_of(&p, &mut rng);
        queries.push(vec!["tm".into(), "concord".into(), cs.iter().collect()]);
        // A fragment cut inside its words, as a translator selects it.
        if en.len() > 12 {
            let s = en.char_indices().nth(2).map_or(0, |(i, _)| i);
            let e = en.char_indices().nth(12).map_or(en.len(), |(i, _)| i);
            queries.push(vec![
                "tm".into(),
                "concord".into(),
                "--in".into(),
                "source".into(),
                en[s..e].to_string(),
            ]);
        }
    }
    for q in [
        vec!["tm", "search", "The Mayor met the governor."],
        vec!["tm", "search", "--min", "0", "--limit", "3", "city"],
        vec!["tm", "search", "--from", "zh", "市長會見了州長。"],
        vec!["tm", "search", "--from", "fr", "bonjour"],
        vec!["tm", "concord", "市长"],
        vec!["tm", "concord", "--in", "target", "市"],
        vec!["tm", "concord", "--lang", "en", "morandum of underst"],
        vec!["tm", "concord", "US"],
        vec!["tm", "concord", "。"],
        vec!["tm", "concord", "nothing-like-this"],
        vec!["tm", "stats"],
    ] {
        queries.push(q.into_iter().map(str::to_string).collect());
    }
    let mut found = 0;
    for q in &queries {
        let args: Vec<&str> = std::iter::once("--json")
            .chain(q.iter().map(String::as_str))
            .collect();
        let a = run(&sqlite_db, &args);
        let b = run(&pg.url, &args);
        assert_eq!(a, b, "{q:?}");
        found += usize::from(a.0 == 0);
    }
    // The comparison is worth something only if most queries find something.
    assert!(
        found * 4 >= queries.len() * 3,
        "{found} of {} found anything",
        queries.len()
    );
}

fn zh_of(p: &[(String, String)], rng: &mut Rng) -> Vec<char> {
    let zh: Vec<char> = p[rng.below(p.len())].1.chars().collect();
    let s = rng.below(zh.len().saturating_sub(3).max(1));
    zh[s..(s + 1 + rng.below(3)).min(zh.len())].to_vec()
}

#[test]
fn two_imports_at_once_store_each_unit_once() {
    let Some(server) = pg::Server::get() else {
        return;
    };
    let pg = server.database("concurrent");
    let dir = tempfile::tempdir().unwrap();
    // Two files sharing a third of their pairs.
    let all = pairs(5, 3_000);
    let (a, b) = (dir.path().join("a.tsv"), dir.path().join("b.tsv"));
    write_tsv(&a, &all[..2_000]);
    write_tsv(&b, &all[1_000..]);
    let start = |f: &PathBuf| {
        Command::new(assert_cmd::cargo::cargo_bin("concord"))
            .env_remove("CONCORD_DB")
            .args(["--db", &pg.url, "--json", "tm", "import"])
            .arg(f)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (ca, cb) = (start(&a), start(&b));
    let (oa, ob) = (
        ca.wait_with_output().unwrap(),
        cb.wait_with_output().unwrap(),
    );
    assert!(
        oa.status.success(),
        "{}",
        String::from_utf8_lossy(&oa.stderr)
    );
    assert!(
        ob.status.success(),
        "{}",
        String::from_utf8_lossy(&ob.stderr)
    );
    let distinct: std::collections::HashSet<&(String, String)> = all.iter().collect();
    let mut c = pg.client();
    let row = c
        .query_one("SELECT count(*), count(DISTINCT hash) FROM unit", &[])
        .unwrap();
    let (units, hashes): (i64, i64) = (row.get(0), row.get(1));
    assert_eq!(
        (units, hashes),
        (distinct.len() as i64, distinct.len() as i64)
    );
    // Both reports together account for every line once as imported, the rest as duplicates.
    let imported: u64 = [&oa, &ob]
        .iter()
        .map(|o| {
            let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
            v["files"][0]["imported"].as_u64().unwrap()
        })
        .sum();
    assert_eq!(imported, distinct.len() as u64);
    // And the index is whole: every segment's text finds its own unit.
    for (en, _) in all.iter().step_by(97) {
        let (code, out, err) = run(&pg.url, &["--json", "tm", "search", "--min", "100", en]);
        assert_eq!(code, 0, "{en}: {err}");
        assert!(out.contains("\"score\": 100"), "{en}: {out}");
    }
}

#[test]
fn a_killed_import_leaves_nothing() {
    let Some(server) = pg::Server::get() else {
        return;
    };
    let pg = server.database("killed");
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.tsv");
    write_tsv(&big, &pairs(11, 200_000));
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("concord"))
        .env_remove("CONCORD_DB")
        .args(["--db", &pg.url, "--json", "tm", "import"])
        .arg(&big)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Killed once it has written rows: its COPY is under way in the server.
    let mut c = pg.client();
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let copying: i64 = c
            .query_one(
                "SELECT count(*) FROM pg_stat_progress_copy p JOIN pg_stat_activity a ON a.pid = p.pid WHERE a.datname = current_database() AND p.tuples_processed > 0",
                &[],
            )
            .unwrap()
            .get(0);
        if copying > 0 {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import ended before it was killed"
        );
        assert!(
            Instant::now() < deadline,
            "the import never started copying"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    // The server ends the dead client's transaction; wait until its session is gone.
    let deadline = Instant::now() + Duration::from_secs(60);
    while c
        .query_one(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
            &[],
        )
        .unwrap()
        .get::<_, i64>(0)
        > 0
    {
        assert!(Instant::now() < deadline, "the killed import's session lingers");
        std::thread::sleep(Duration::from_millis(20));
    }
    for table in [
        "batch",
        "unit",
        "variant",
        "tm_token",
        "tm_posting",
        "tm_lang",
    ] {
        let n: i64 = c
            .query_one(&format!("SELECT count(*) FROM {table}"), &[])
            .unwrap()
            .get(0);
        assert_eq!(n, 0, "{table} kept rows of the killed import");
    }
    // And the store takes the next import as if nothing had happened.
    let small = dir.path().join("small.tsv");
    write_tsv(&small, &pairs(11, 100));
    let (code, _, err) = run(&pg.url, &["tm", "import", small.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_store_migrates_once_and_refuses_a_newer_schema() {
    let Some(server) = pg::Server::get() else {
        return;
    };
    let pg = server.database("schema");
    assert_eq!(run(&pg.url, &["tm", "stats"]).0, 0);
    assert_eq!(run(&pg.url, &["tm", "stats"]).0, 0);
    let mut c = pg.client();
    let v: i32 = c
        .query_one("SELECT version FROM concord_schema", &[])
        .unwrap()
        .get(0);
    assert_eq!(
        v, 3,
        "the memory's migration, the glossary's, and the memory's foreign keys dropped"
    );
    c.batch_execute("UPDATE concord_schema SET version = 99")
        .unwrap();
    let (code, _, err) = run(&pg.url, &["tm", "stats"]);
    assert_eq!(code, 2);
    assert!(err.contains("newer than this concord"), "{err}");
}

#[test]
fn init_and_doctor_on_an_unreachable_postgres_url_try_it_and_exit_2() {
    // They used to be refused before connecting ("not yet supported"); they work on
    // PostgreSQL now (tests/pg_ops.rs), so an unreachable server is their error.
    let dir = tempfile::tempdir().unwrap();
    let host: String = dir.path().display().to_string().replace('/', "%2F");
    let url = format!("postgres://concord@{host}:5999/concord");
    for args in [vec!["doctor"], vec!["init"]] {
        let (code, _, err) = run(&url, &args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(!err.contains("not yet supported"), "{args:?}: {err}");
        assert!(err.contains("connect"), "{args:?}: {err}");
    }
}

#[test]
fn an_unreachable_server_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let host: String = dir.path().display().to_string().replace('/', "%2F");
    let (code, _, err) = run(
        &format!("postgres://concord@{host}:5999/concord"),
        &["tm", "stats"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("connecting to PostgreSQL"), "{err}");
}
