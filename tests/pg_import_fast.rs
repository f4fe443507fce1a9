//! The PostgreSQL import made faster (issue #17: import within 3x SQLite's time) without
//! losing what it promised:
//!
//! - schema version 3 drops the memory's foreign keys (variant → unit, unit → batch), whose
//!   per-row checks were most of the COPY's time; a store made at version 2 loses them on
//!   connect and keeps its rows;
//! - an import large enough to take several COPYs, with the reading thread far ahead of the
//!   storing one, stores what SQLite stores: same stats and search answers, no orphan row,
//!   nothing twice when imported again, `doctor` healthy.
//!
//! Runs against a real server (`support/pg.rs`; skipped without one).

#[path = "support/pairs.rs"]
mod pairs;
#[path = "support/pg.rs"]
mod pg;
#[path = "support/rng.rs"]
mod rng;

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

fn json(db: &str, args: &[&str], code: i32) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let (c, out, err) = run(db, &all);
    assert_eq!(c, code, "concord {all:?}: {out}{err}");
    serde_json::from_str(&out).unwrap()
}

/// The foreign keys on the memory's unit and variant tables.
fn memory_foreign_keys(db: &TestDb) -> Vec<String> {
    db.client()
        .query(
            "SELECT conname::text FROM pg_constraint WHERE contype = 'f' AND conrelid IN ('unit'::regclass, 'variant'::regclass) ORDER BY 1",
            &[],
        )
        .unwrap()
        .into_iter()
        .map(|r| r.get(0))
        .collect()
}

fn version(db: &TestDb) -> i32 {
    db.client()
        .query_one("SELECT version FROM concord_schema", &[])
        .unwrap()
        .get(0)
}

/// Variants without their unit, and units without their batch.
fn orphans(db: &TestDb) -> i64 {
    db.client()
        .query_one(
            "SELECT (SELECT count(*) FROM variant v WHERE NOT EXISTS (SELECT 1 FROM unit u WHERE u.id = v.unit))
                  + (SELECT count(*) FROM unit u WHERE NOT EXISTS (SELECT 1 FROM batch b WHERE b.id = u.batch))",
            &[],
        )
        .unwrap()
        .get(0)
}

/// The scans of the unit table's unique hash index the server has counted: each is a batch
/// asking which of its hashes are stored, the way an import takes past `READ_WHOLE` units.
fn hash_probes(db: &TestDb) -> i64 {
    let mut c = db.client();
    c.batch_execute("SELECT pg_stat_clear_snapshot()").unwrap();
    c.query_one(
        "SELECT coalesce(sum(idx_scan), 0)::bigint FROM pg_stat_user_indexes
         WHERE relname = 'unit' AND indexrelname = 'unit_hash_key'",
        &[],
    )
    .unwrap()
    .get(0)
}

fn write(dir: &std::path::Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn a_store_at_version_2_loses_the_memory_foreign_keys_and_keeps_its_rows() {
    let Some(server) = Server::get() else { return };
    let db = server.database("fkmigrate");
    let dir = tempfile::tempdir().unwrap();
    let first = write(
        dir.path(),
        "a.tsv",
        "en\tzh-CN\nThe Mayor opened the Nanjing Yangtze River Bridge.\t市长为南京市长江大桥通车剪彩。\nThe bridge opened.\t大桥通车了。\n",
    );
    json(&db.url, &["tm", "import", &first], 0);
    assert_eq!(memory_foreign_keys(&db), Vec::<String>::new());
    // The store as version 2 left it: the foreign keys migration 1 made, by their names.
    let current = version(&db);
    db.client()
        .batch_execute(
            "ALTER TABLE variant ADD CONSTRAINT variant_unit_fkey FOREIGN KEY (unit) REFERENCES unit (id);
             ALTER TABLE unit ADD CONSTRAINT unit_batch_fkey FOREIGN KEY (batch) REFERENCES batch (id);
             UPDATE concord_schema SET version = 2;",
        )
        .unwrap();
    assert_eq!(memory_foreign_keys(&db).len(), 2);
    let second = write(
        dir.path(),
        "b.tsv",
        "en\tzh-CN\nThe two sides signed a memorandum.\t双方签署了谅解备忘录。\nThe bridge opened.\t大桥通车了。\n",
    );
    let r = json(&db.url, &["tm", "import", &second], 0);
    assert_eq!(r["files"][0]["imported"], 1, "{r}");
    assert_eq!(r["files"][0]["duplicates"], 1, "{r}");
    assert_eq!(memory_foreign_keys(&db), Vec::<String>::new());
    assert_eq!(version(&db), current);
    assert_eq!(json(&db.url, &["tm", "stats"], 0)["units"], 3);
    assert_eq!(orphans(&db), 0);
    let d = json(&db.url, &["doctor"], 0);
    assert_eq!(d["foreign_keys"], Value::Array(vec![]));
}

#[test]
fn an_import_of_several_copies_stores_what_sqlite_stores() {
    let Some(server) = Server::get() else { return };
    let db = server.database("manycopies");
    let dir = tempfile::tempdir().unwrap();
    let tsv = dir.path().join("pairs.tsv");
    // 40,000 pairs: three COPYs of unit and variant rows (16,384 units each) and more
    // batches (1,024 units) than the channel between the threads holds (32).
    let all = pairs::pairs(17, 40_000);
    pairs::write_tsv(&tsv, &all);
    let tsv = tsv.to_str().unwrap();
    let file = dir.path().join("m.db");
    let file = file.to_str().unwrap();
    // A file is seeded with the shipped memory on first use unless made empty; a PostgreSQL
    // store only by `init`: both start empty, so their unit ids agree.
    assert_eq!(run(file, &["init", "--empty"]).0, 0);
    let a = json(file, &["tm", "import", tsv], 0);
    let b = json(&db.url, &["tm", "import", tsv], 0);
    assert_eq!(a["files"][0]["imported"], b["files"][0]["imported"]);
    assert_eq!(a["files"][0]["duplicates"], b["files"][0]["duplicates"]);
    // Generated pairs repeat: both the imported and the duplicates are many.
    assert!(b["files"][0]["imported"].as_i64().unwrap() > 20_000, "{b}");
    assert_eq!(orphans(&db), 0);
    let mut found = 0;
    for (i, (en, zh)) in all.iter().enumerate().step_by(4_999) {
        for q in [
            vec!["tm", "search", en.as_str()],
            vec!["tm", "search", "--from", "zh", zh.as_str()],
            vec!["tm", "concord", &en[..en.len().min(12)]],
        ] {
            let (sa, sb) = (run(file, &q), run(&db.url, &q));
            assert_eq!(sa, sb, "pair {i}: {q:?}");
            found += usize::from(sa.0 == 0);
        }
    }
    assert!(found >= 18, "only {found} queries found anything");
    assert_eq!(
        json(file, &["tm", "stats"], 0),
        json(&db.url, &["tm", "stats"], 0)
    );
    // Again: every unit is found stored, none is added, whether the import reads the stored
    // hashes whole at its start (a store this small) or asks for each batch's.
    let again = json(&db.url, &["tm", "import", tsv], 0);
    assert_eq!(again["files"][0]["imported"], 0, "{again}");
    let probes_before = hash_probes(&db);
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("concord"))
        .env("CONCORD_PG_READ_WHOLE", "0")
        .args(["--json", "--db", &db.url, "tm", "import", tsv])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let asked: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(asked["files"][0]["imported"], 0, "{asked}");
    assert_eq!(
        asked["files"][0]["duplicates"],
        again["files"][0]["duplicates"]
    );
    // The import asked for each batch's hashes: the unique index on them was probed. The
    // server counts a backend's scans when it ends, a moment after the command exits.
    let started = std::time::Instant::now();
    while hash_probes(&db) == probes_before {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "CONCORD_PG_READ_WHOLE=0: the import never probed the hash index"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(
        json(file, &["tm", "stats"], 0),
        json(&db.url, &["tm", "stats"], 0)
    );
    let d = json(&db.url, &["doctor"], 0);
    assert_eq!(d["integrity"], Value::Array(vec![]), "{d}");
}
