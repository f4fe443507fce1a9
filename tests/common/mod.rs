//! What the binary-driving tests share: a database in a temporary folder, and the real
//! `concord` binary run on it.

// Each test binary compiles this module and uses only part of it.
#![allow(dead_code)]

pub mod server;

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

pub struct Db {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl Db {
    /// A database path in a new folder; the first command creates (and seeds) the file.
    pub fn new() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("concord.db");
        Db { _dir: dir, path }
    }

    /// A database without the shipped glossary and memory.
    pub fn empty() -> Db {
        let db = Db::new();
        assert_eq!(db.run(&["init", "--empty"]).0, 0);
        db
    }

    /// `concord --db <this>` with no colour and no `CONCORD_DB` from the environment.
    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("concord").unwrap();
        c.env_remove("CONCORD_DB")
            .env("NO_COLOR", "1")
            .arg("--db")
            .arg(&self.path);
        c
    }

    /// Exit code, standard output and standard error (each must be UTF-8).
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.cmd().args(args).output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }

    /// The `--json` output of a command that exits 0 or 1.
    pub fn json(&self, args: &[&str]) -> Value {
        let (code, out, err) = self.run(&[&["--json"], args].concat());
        assert!(code <= 1, "{args:?} exited {code}: {err}");
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}: {out}"))
    }

    /// Imports `tsv` (a header of language tags, then pairs) into the memory, from a file
    /// beside the database; the import must succeed.
    pub fn import_tsv(&self, tsv: &str) {
        let file = self.path.with_file_name("pairs.tsv");
        std::fs::write(&file, tsv).unwrap();
        let (code, _, err) = self.run(&["tm", "import", file.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
    }

    /// An empty database whose memory holds `pairs` (English first when `en_first`, else
    /// Chinese first) and forty units sharing none of their words, so that whole-memory
    /// counts are not the pairs' own.
    pub fn memory_of(en_first: bool, pairs: &[(&str, &str)]) -> Db {
        use std::fmt::Write as _;
        let db = Db::empty();
        let mut tsv = String::from(if en_first {
            "en\tzh-CN\n"
        } else {
            "zh-CN\ten\n"
        });
        let filler = (0..40).map(|i| {
            let en = format!("On day {i} everyone saw that it made sense.");
            let zh = format!("第{i}天大家都明白这很有道理。");
            if en_first { (en, zh) } else { (zh, en) }
        });
        let given = pairs.iter().map(|&(a, b)| (a.to_string(), b.to_string()));
        for (a, b) in given.chain(filler) {
            writeln!(tsv, "{a}\t{b}").unwrap();
        }
        db.import_tsv(&tsv);
        db
    }

    /// An empty database with these concepts, each one `glossary add` (its `lang=term` args).
    pub fn with_glossary(concepts: &[&[&str]]) -> Db {
        let db = Db::empty();
        for terms in concepts {
            let (code, _, err) = db.run(&[&["glossary", "add"], *terms].concat());
            assert_eq!(code, 0, "{err}");
        }
        db
    }

    /// The term findings of checking `draft` (a TSV with its header), as (line, source term).
    pub fn term_findings(&self, draft: &str) -> Vec<(u64, String)> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("draft.tsv");
        std::fs::write(&path, draft).unwrap();
        // Each segment's own findings: a term missing throughout a small draft would
        // otherwise be one `term-convention` finding for the document.
        let v: Value = self.json(&[
            "check",
            "--disable",
            "term-convention",
            path.to_str().unwrap(),
        ]);
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["check"].as_str().unwrap().starts_with("term-"))
            .map(|f| {
                (
                    f["line"].as_u64().unwrap(),
                    f["source_term"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }
}

impl Db {
    /// `check --json` of a Chinese → English TSV (its first line the header) with `disable`
    /// turned off, and (check, line, source term) of each finding.
    pub fn zh_en_findings(&self, tsv: &str, disable: &str) -> (Vec<(String, u64, String)>, Value) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("news.tsv");
        std::fs::write(&path, tsv).unwrap();
        let v = self.json(&[
            "check",
            "--from",
            "zh",
            "--to",
            "en",
            "--disable",
            disable,
            path.to_str().unwrap(),
        ]);
        let found = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["check"].as_str().unwrap().to_string(),
                    f["line"].as_u64().unwrap(),
                    f["source_term"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        (found, v)
    }

    /// `suggest`'s first candidate for `term` (empty when there is none), with the whole
    /// `--json` answer for the assertion messages.
    pub fn top_suggestion(&self, term: &str) -> (String, Value) {
        let v = self.json(&["suggest", "--limit", "20", term]);
        let top = candidate_texts(&v).first().cloned().unwrap_or_default();
        (top, v)
    }
}

/// The texts of a `--json` answer's `candidates`, in order.
pub fn candidate_texts(v: &Value) -> Vec<String> {
    v["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().unwrap().to_string())
        .collect()
}

/// (line, check) of every finding in a `check --json` report.
pub fn line_and_check(v: &Value) -> Vec<(u64, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["check"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Expected findings written as (check, line, source term) of string literals, in the form
/// [`Db::zh_en_findings`] returns them.
pub fn owned(expected: &[(&str, u64, &str)]) -> Vec<(String, u64, String)> {
    expected
        .iter()
        .map(|&(check, line, term)| (check.to_string(), line, term.to_string()))
        .collect()
}
