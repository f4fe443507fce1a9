//! The database file as the binary meets it: files that are not concord's, a first use cut
//! short, damage, read-only folders, another writer, and `concord doctor`.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;

use common::Db;
use rusqlite::Connection;

/// A hash of the file's bytes, and which of its journal files exist.
fn snapshot(path: &Path) -> (u64, [bool; 3]) {
    let exists = |s: &str| {
        let mut p = path.as_os_str().to_owned();
        p.push(s);
        Path::new(&p).exists()
    };
    let mut h = std::hash::DefaultHasher::new();
    std::hash::Hash::hash(&std::fs::read(path).unwrap(), &mut h);
    (
        std::hash::Hasher::finish(&h),
        [exists("-wal"), exists("-shm"), exists("-journal")],
    )
}

#[test]
fn an_existing_empty_file_given_as_db_is_seeded_on_first_use() {
    let db = Db::new();
    std::fs::File::create(&db.path).unwrap();
    let (code, out, err) = db.run(&["lookup", "Mayor"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("市长"), "{out}");
}

#[test]
fn another_applications_sqlite_file_is_refused_in_one_line_and_left_untouched() {
    let db = Db::new();
    Connection::open(&db.path)
        .unwrap()
        .execute_batch(
            "CREATE TABLE batch (x); CREATE TABLE notes (y); INSERT INTO notes VALUES (1);",
        )
        .unwrap();
    let before = snapshot(&db.path);
    for args in [&["lookup", "Mayor"][..], &["tm", "stats"], &["doctor"]] {
        let (code, _, err) = db.run(args);
        assert_eq!(code, 2, "{args:?}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains(&db.path.display().to_string()) && err.contains("not a concord database"),
            "{err}"
        );
        assert_eq!(snapshot(&db.path), before, "{args:?} wrote to the file");
    }
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_once_with_its_name() {
    let db = Db::new();
    std::fs::write(&db.path, "hello\n").unwrap();
    let (code, _, err) = db.run(&["lookup", "Mayor"]);
    assert_eq!(code, 2);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(err.matches("SQLite").count(), 1, "{err}");
    assert!(err.contains(&db.path.display().to_string()), "{err}");
    assert_eq!(std::fs::read(&db.path).unwrap(), b"hello\n");
}

#[test]
fn a_db_path_under_a_file_says_the_file_is_not_a_folder() {
    let db = Db::new();
    std::fs::write(&db.path, "").unwrap();
    let under = db.path.join("x.db");
    let out = assert_cmd::Command::cargo_bin("concord")
        .unwrap()
        .env_remove("CONCORD_DB")
        .arg("--db")
        .arg(&under)
        .args(["lookup", "Mayor"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("is a file, not a folder"), "{err}");
    assert!(!err.contains("File exists"), "{err}");
}

#[test]
fn user_version_minus_one_is_refused_instead_of_no_such_table() {
    let db = Db::new();
    Connection::open(&db.path)
        .unwrap()
        .pragma_update(None, "user_version", -1)
        .unwrap();
    let (code, _, err) = db.run(&["lookup", "Mayor"]);
    assert_eq!(code, 2);
    assert!(err.contains("schema version is -1"), "{err}");
    assert!(!err.contains("no such table"), "{err}");
}

#[test]
fn a_file_from_a_newer_concord_says_so() {
    let db = Db::new();
    assert_eq!(db.run(&["lookup", "Mayor"]).0, 0);
    Connection::open(&db.path)
        .unwrap()
        .pragma_update(None, "user_version", 999)
        .unwrap();
    let (code, _, err) = db.run(&["lookup", "Mayor"]);
    assert_eq!(code, 2);
    assert!(err.contains("made by a newer concord"), "{err}");
}

/// Overwrites the first bytes of the page of an index of the glossary, as a failing disk
/// might: the memory's tables, which an import writes, are untouched.
fn damage_an_index(path: &Path) {
    let (root, page_size): (i64, i64) = {
        let c = Connection::open(path).unwrap();
        let root = c
            .query_row(
                "SELECT rootpage FROM sqlite_master WHERE name = 'term_norm'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let size = c
            .pragma_query_value(None, "page_size", |r| r.get(0))
            .unwrap();
        (root, size)
    };
    let mut bytes = std::fs::read(path).unwrap();
    let at = ((root - 1) * page_size) as usize;
    bytes[at..at + 200].fill(0xff);
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn tm_import_into_a_database_with_corrupt_pages_fails_naming_it_and_doctor_finds_them() {
    let db = Db::new();
    assert_eq!(db.run(&["lookup", "Mayor"]).0, 0);
    damage_an_index(&db.path);
    let before = snapshot(&db.path);
    let dir = db.path.parent().unwrap();
    let tsv = dir.join("a.tsv");
    std::fs::write(&tsv, "en\tzh-CN\nHello world.\t你好世界。\n").unwrap();
    let (code, out, err) = db.run(&["tm", "import", tsv.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}");
    assert!(
        err.contains(&db.path.display().to_string()) && err.contains("damaged"),
        "{err}"
    );
    assert_eq!(snapshot(&db.path), before, "nothing written");
    let (code, out, _) = db.run(&["doctor"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("problem"), "{out}");
    let r = db.json(&["doctor"]);
    assert!(!r["integrity"].as_array().unwrap().is_empty(), "{r}");
    assert_eq!(
        r["not_rebuilt"],
        "the file is damaged; it was left as it was"
    );
    assert_eq!(
        snapshot(&db.path),
        before,
        "doctor writes nothing into a damaged file"
    );
}

#[test]
fn doctor_on_a_sound_database_exits_0_and_rebuilds_its_indexes() {
    let db = Db::new();
    assert_eq!(db.run(&["lookup", "Mayor"]).0, 0);
    let (code, out, err) = db.run(&["doctor"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("integrity:     ok") && out.ends_with("healthy\n"),
        "{out}"
    );
    let r = db.json(&["doctor"]);
    assert_eq!(r["marked"], true);
    assert_eq!(r["schema_version"], r["current_schema_version"]);
    assert_eq!(
        r["rebuilt"],
        serde_json::json!([
            "memory-languages",
            "memory-index",
            "glossary-languages",
            "glossary-index"
        ])
    );
    assert!(r["foreign_keys"].as_array().unwrap().is_empty());
    let r = db.json(&["doctor", "--check-only"]);
    assert_eq!(r["rebuilt"], serde_json::json!([]));
    assert_eq!(r["not_rebuilt"], "not asked to");
    // Found by the rebuilt indexes as before.
    let (code, out, _) = db.run(&["lookup", "Mayr"]);
    assert_eq!(code, 0);
    assert!(out.contains("市长"), "{out}");
}

#[test]
fn doctor_does_not_create_a_missing_database() {
    let db = Db::new();
    let (code, _, err) = db.run(&["doctor"]);
    assert_eq!(code, 2);
    assert!(err.contains("does not exist"), "{err}");
    assert!(!db.path.exists());
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_still_answers_lookup_tm_stats_and_check() {
    use std::os::unix::fs::PermissionsExt;
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        eprintln!("skipped: root ignores permissions");
        return;
    }
    let db = Db::new();
    assert_eq!(db.run(&["lookup", "Mayor"]).0, 0);
    let dir = db.path.parent().unwrap().to_path_buf();
    let draft = tempfile::NamedTempFile::with_suffix(".tsv").unwrap();
    std::fs::write(draft.path(), "en\tzh-CN\nThe Mayor spoke.\t市长讲话。\n").unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    let runs = [
        db.run(&["lookup", "Mayor"]),
        db.run(&["tm", "stats"]),
        db.run(&["check", draft.path().to_str().unwrap()]),
    ];
    let import = db.run(&["tm", "import", draft.path().to_str().unwrap()]);
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    for (code, out, err) in runs {
        assert_eq!(code, 0, "{out}{err}");
        assert!(!err.contains("readonly"), "{err}");
    }
    assert_eq!(import.0, 2);
    assert!(import.2.contains("reading only"), "{}", import.2);
}

#[test]
fn a_second_writer_says_another_import_is_writing_waits_and_then_succeeds() {
    let db = Db::new();
    assert_eq!(db.run(&["lookup", "Mayor"]).0, 0);
    // This test holds the write lock as a long import would.
    let holder = Connection::open(&db.path).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("concord"))
        .env_remove("CONCORD_DB")
        .arg("--db")
        .arg(&db.path)
        .args(["glossary", "add", "en=Township Head", "zh-CN=乡长"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    assert!(
        first.contains("is writing") && first.contains(&db.path.display().to_string()),
        "{first}"
    );
    holder.execute_batch("COMMIT").unwrap();
    let rest: Vec<String> = lines.map(|l| l.unwrap()).collect();
    assert!(child.wait().unwrap().success(), "{rest:?}");
    let (code, out, _) = db.run(&["lookup", "Township Head"]);
    assert_eq!(code, 0);
    assert!(out.contains("乡长"), "{out}");
}
