//! A PostgreSQL server for the PostgreSQL tier (`tests/postgres.rs`, and the benchmark):
//!
//! - `CONCORD_TEST_PG=postgres://...`: that server (CI starts one with `.ci/pg-cluster`); a
//!   test that cannot use it fails;
//! - `CONCORD_TEST_PG=required`: a throwaway cluster, and a failure if it cannot start;
//! - unset: a throwaway cluster under `target/` when the server binaries are installed, else
//!   the test says why and skips.
//!
//! Each test gets a database of its own, dropped with its [`TestDb`].

// Each crate that includes this file uses only part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

/// A running server: given, or a cluster this process started (stopped when dropped).
pub struct Server {
    url: String,
    cluster: Option<PathBuf>,
}

/// A database of its own on a [`Server`], dropped with it.
pub struct TestDb {
    pub url: String,
    name: String,
    admin: String,
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/pg-cluster")
}

fn binaries_installed() -> bool {
    std::fs::read_dir("/usr/lib/postgresql")
        .map(|d| d.flatten().any(|e| e.path().join("bin/initdb").exists()))
        .unwrap_or(false)
}

impl Server {
    /// The server to test against, or `None` (after saying why) when there is none to be had
    /// and none is required.
    pub fn get() -> Option<Server> {
        let wanted = std::env::var("CONCORD_TEST_PG").unwrap_or_default();
        if wanted.starts_with("postgres") {
            return Some(Server {
                url: wanted,
                cluster: None,
            });
        }
        if wanted.is_empty() && !binaries_installed() {
            eprintln!(
                "skipped: no PostgreSQL server binaries and CONCORD_TEST_PG is unset (apt-get install postgresql)"
            );
            return None;
        }
        static N: AtomicU32 = AtomicU32::new(0);
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!(
            "target/pg-test-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let out = Command::new(script())
            .arg("start")
            .arg(&dir)
            .output()
            .expect("running .ci/pg-cluster");
        assert!(
            out.status.success(),
            "starting a PostgreSQL cluster: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Some(Server {
            url: String::from_utf8(out.stdout).unwrap().trim().to_string(),
            cluster: Some(dir),
        })
    }

    /// A new, empty database on this server.
    pub fn database(&self, tag: &str) -> TestDb {
        static N: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "concord_test_{tag}_{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        );
        let mut c = postgres::Client::connect(&self.url, postgres::NoTls)
            .unwrap_or_else(|e| panic!("connecting to {}: {e}", self.url));
        c.batch_execute(&format!(
            "CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0"
        ))
        .unwrap();
        TestDb {
            url: with_database(&self.url, &name),
            name,
            admin: self.url.clone(),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(dir) = &self.cluster {
            let _ = Command::new(script()).arg("stop").arg(dir).status();
        }
    }
}

impl TestDb {
    /// A connection for the test's own checks.
    pub fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.url, postgres::NoTls).unwrap()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// `concord --db DB ARGS` as a user runs it (no `CONCORD_DB` from the environment, no
/// colour), with its bytes as they came.
pub fn concord_on(db: &str, args: &[&str]) -> std::process::Output {
    command().arg("--db").arg(db).args(args).output().unwrap()
}

/// `concord ARGS` as a user runs it: exit code, standard output and standard error.
pub fn concord(args: &[&str]) -> (i32, String, String) {
    let out = command().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn command() -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("concord"));
    c.env_remove("CONCORD_DB").env("NO_COLOR", "1");
    c
}

/// The URL with its database name replaced (any query string kept).
fn with_database(url: &str, db: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let rest = base.split_once("://").map_or(base, |(_, r)| r);
    let host_end = rest.find('/').map(|i| base.len() - rest.len() + i);
    let head = match host_end {
        Some(i) => &base[..i],
        None => base,
    };
    match query {
        Some(q) => format!("{head}/{db}?{q}"),
        None => format!("{head}/{db}"),
    }
}
