//! The memory's remaining readers on PostgreSQL (issue #17 with #15): the same memory imported
//! into a SQLite file and into PostgreSQL gives byte-identical `suggest --json`, `analyze
//! --json` and `tm export` (TMX, TSV, CSV, a selection, through the CLI and through serve's
//! `/api/tm/export`); `suggest::evidence` and `glossary extract`'s library entry read both
//! stores alike, on a sample too.
//!
//! Both sides hold no glossary (the file is made by `init --empty`, the PostgreSQL store is
//! new), so what is compared is the memory's part; tests/glossary_postgres.rs compares suggest,
//! lookup and extract with a glossary in both. Runs against a real server (see
//! `support/pg.rs` for which); skipped, saying why, when there is none.

mod common;
#[path = "support/pairs.rs"]
mod pairs;
#[path = "support/pg.rs"]
mod pg;
#[path = "support/rng.rs"]
mod rng;

use std::path::Path;
use std::process::Output;

use common::Db;
use common::server::Server;
use concord::memory::{self, suggest};
use concord::pg::PgStore;
use concord::store::Store;
use concord::text::LangTag;
use pairs::{pairs, write_tsv};

fn concord(db: &str, args: &[&str]) -> Output {
    pg::concord_on(db, args)
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

/// Forty units that render "ventilator" as 呼吸机 in varied sentences (a few say 通气机), so
/// that suggest has a real rendering to find beside the generated pairs' noise.
fn ventilators(path: &Path) {
    let subjects = [
        ("The hospital", "医院"),
        ("Our clinic", "我们的诊所"),
        ("The city", "这座城市"),
        ("Each ward", "每个病区"),
        ("The army", "军队"),
    ];
    let verbs = [
        ("needs", "需要"),
        ("bought", "买了"),
        ("lent", "借出了"),
        ("repaired", "修好了"),
    ];
    let tails = [
        ("today", "今天"),
        ("for the patients", "为病人"),
        ("again", "又"),
    ];
    let mut tsv = String::from("en\tzh-CN\n");
    for i in 0..40 {
        let ((s, s_zh), (v, v_zh), (t, t_zh)) = (subjects[i % 5], verbs[(i / 5) % 4], tails[i % 3]);
        let rendering = if i % 9 == 0 { "通气机" } else { "呼吸机" };
        tsv.push_str(&format!(
            "{s} {v} a ventilator {t}.\t{s_zh}{t_zh}{v_zh}{rendering}。\n"
        ));
    }
    std::fs::write(path, tsv).unwrap();
}

/// The memory both stores import, one command per file: generated pairs in parts (so that
/// postings lie in several chunks on PostgreSQL), the ventilator units, and TMX files with
/// inline codes, notes, properties, declared source languages and Traditional Chinese.
fn memory_files(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    for (i, part) in pairs(23, 1_200).chunks(450).enumerate() {
        let tsv = dir.join(format!("pairs{i}.tsv"));
        write_tsv(&tsv, part);
        files.push(tsv.display().to_string());
    }
    let v = dir.join("ventilators.tsv");
    ventilators(&v);
    files.push(v.display().to_string());
    files.extend([
        fixture("tmx/concord__zh_tw_mayor.tmx"),
        fixture("tmx/okapi__html_test.tmx"),
        fixture("tmx/omegat__TMXComplianceKit__ImportTest1A.tmx"),
    ]);
    files
}

/// A SQLite file with an empty glossary and a PostgreSQL store, each holding the same memory.
fn both(server: &pg::Server, tag: &str) -> (Db, pg::TestDb, tempfile::TempDir) {
    let pg = server.database(tag);
    let dir = tempfile::tempdir().unwrap();
    let file = Db::empty();
    let db = file.path.display().to_string();
    for f in memory_files(dir.path()) {
        for at in [&db, &pg.url] {
            let out = concord(at, &["tm", "import", &f]);
            assert!(out.status.success(), "{f}: {:?}", out);
        }
    }
    (file, pg, dir)
}

/// Output without a TMX header's `creationdate`, the second it was written: the one byte
/// two exports of the same memory may differ in.
fn timeless(mut out: Vec<u8>) -> Vec<u8> {
    let key = b"creationdate=\"";
    if out.starts_with(b"<?xml")
        && let Some(at) = out.windows(key.len()).position(|w| w == key)
    {
        out.drain(at + key.len()..at + key.len() + 16);
    }
    out
}

/// Runs a command on both stores: the same exit code and the same bytes out.
fn same(file: &Db, pg: &pg::TestDb, args: &[&str]) -> (i32, Vec<u8>) {
    let mut a = concord(&file.path.display().to_string(), args);
    let mut b = concord(&pg.url, args);
    (a.stdout, b.stdout) = (timeless(a.stdout), timeless(b.stdout));
    assert_eq!(
        a.status.code(),
        b.status.code(),
        "{args:?}: {}\n{}",
        String::from_utf8_lossy(&a.stderr),
        String::from_utf8_lossy(&b.stderr)
    );
    assert!(
        a.stdout == b.stdout,
        "{args:?} differs:\n{}\n---\n{}",
        { String::from_utf8_lossy(&a.stdout) },
        String::from_utf8_lossy(&b.stdout)
    );
    (a.status.code().unwrap(), a.stdout)
}

#[test]
fn suggest_analyze_and_export_answer_alike_on_both_stores() {
    let Some(server) = pg::Server::get() else {
        return;
    };
    let (file, pg, dir) = both(&server, "readers");

    // suggest: both directions (the memory holds French too, so the languages are named), a common word, a phrase, a term no unit holds.
    for (term, from, to) in [
        ("ventilator", "en", "zh"),
        ("呼吸机", "zh", "en"),
        ("mayor", "en", "zh"),
        ("sister city", "en", "zh"),
        ("市长", "zh", "en"),
        ("the", "en", "zh"),
        ("Bridge", "en", "zh"),
        ("never-seen", "en", "zh"),
    ] {
        let args = ["--json", "suggest", term, "--from", from, "--to", to];
        let (code, out) = same(&file, &pg, &args);
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(code == 0, v["units"].as_u64().unwrap() > 0, "{term}: {v}");
    }
    // Which language to render in is asked alike.
    assert_eq!(same(&file, &pg, &["suggest", "mayor"]).0, 2);
    let args = [
        "--json",
        "suggest",
        "ventilator",
        "--from",
        "en",
        "--to",
        "zh",
    ];
    let (_, out) = same(&file, &pg, &args);
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["candidates"][0]["text"], "呼吸机", "{v}");
    // Bad input is refused alike.
    assert_eq!(same(&file, &pg, &["suggest", "mayor", "--to", "fr"]).0, 2);

    // analyze: a document of the memory's sentences, some changed, one repeated.
    let doc = dir.path().join("doc.txt");
    let mut lines: Vec<String> = pairs(23, 1_200)
        .iter()
        .step_by(37)
        .map(|(en, _)| en.clone())
        .collect();
    lines
        .iter_mut()
        .skip(1)
        .step_by(3)
        .for_each(|l| l.push_str(" today"));
    lines.push(lines[0].clone());
    lines.push("Completely unrelated words here.".into());
    std::fs::write(&doc, lines.join("\n")).unwrap();
    let doc = doc.display().to_string();
    // The document's language is asked for alike (the memory holds English and French).
    assert_eq!(same(&file, &pg, &["analyze", &doc]).0, 2);
    let (code, out) = same(&file, &pg, &["--json", "analyze", &doc, "--from", "en"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let bands = v["analysis"]["bands"].as_array().unwrap();
    assert!(bands[0]["segments"].as_u64() == Some(1) && bands[1]["segments"].as_u64() > Some(0));
    same(&file, &pg, &["analyze", &doc, "--from", "en-US"]);

    // tm export: every format, a selection of languages, an origin, and nothing matched.
    let mayor = fixture("tmx/concord__zh_tw_mayor.tmx");
    for args in [
        vec!["tm", "export", "-", "--format", "tmx"],
        vec!["tm", "export", "-", "--format", "tsv"],
        vec!["tm", "export", "-", "--format", "csv", "--langs", "zh,en"],
        vec!["tm", "export", "-", "--format", "tmx", "--langs", "en"],
        vec!["tm", "export", "-", "--format", "tsv", "--origin", &mayor],
    ] {
        let (code, out) = same(&file, &pg, &args);
        assert!(code == 0 && !out.is_empty(), "{args:?}");
    }
    assert_eq!(
        same(&file, &pg, &["tm", "export", "-", "--origin", "nowhere"]).0,
        1
    );
    // To a file: PostgreSQL has no database file for the output to clash with.
    let (a, b) = (dir.path().join("a.tmx"), dir.path().join("b.tmx"));
    let db = file.path.display().to_string();
    let wrote = |at: &str, to: &Path| concord(at, &["tm", "export", to.to_str().unwrap()]);
    assert!(wrote(&db, &a).status.success());
    let out = wrote(&pg.url, &b);
    assert!(out.status.success(), "{out:?}");
    assert!(timeless(std::fs::read(&a).unwrap()) == timeless(std::fs::read(&b).unwrap()));

    // serve: GET /api/tm/export answers on PostgreSQL with the CLI's bytes.
    let (_, tsv) = same(&file, &pg, &["tm", "export", "-", "--format", "tsv"]);
    let served = Server::start(Path::new(&pg.url), &[]);
    let (status, body) = served.get("/api/tm/export", &[("format", "tsv")]);
    assert_eq!(status, 200, "{body}");
    assert!(body.as_bytes() == tsv, "the served export differs");
    let (status, page) = served.get("/memory", &[]);
    assert!(status == 200 && page.contains("/api/tm/export?format=tmx"));
    let (status, _) = served.get("/api/tm/export", &[("origin", "nowhere")]);
    assert_eq!(status, 404);
}

#[test]
fn evidence_and_extract_read_postgres_as_they_read_a_file() {
    let Some(server) = pg::Server::get() else {
        return;
    };
    let (file, pg, _dir) = both(&server, "evidence");
    let sqlite = concord::database::open(&file.path).unwrap();
    let store = PgStore::connect(&pg.url).unwrap();
    // What the PostgreSQL store holds of a glossary: nothing.
    let empty = Store::open_in_memory().unwrap();
    let json = |v: &dyn erased::Json| v.json();

    let (en, zh) = (
        LangTag::parse("en").unwrap(),
        LangTag::parse("zh-CN").unwrap(),
    );
    let known: [suggest::Known; 2] = [("呼吸机", false), ("通气机", true)];
    // The whole memory, and a sample small enough that the sampled path is taken.
    for sample in [suggest::EVIDENCE_SAMPLE, 7] {
        for (term, from, to, known) in [
            ("ventilator", Some(&en), Some(&zh), &known[..]),
            ("mayor", Some(&en), Some(&zh), &[][..]),
            ("市长", Some(&zh), Some(&en), &[][..]),
        ] {
            let req = suggest::EvidenceRequest {
                term,
                from,
                to,
                known,
                limit: 3,
                sample,
            };
            let a = memory::evidence(&sqlite, &req).unwrap();
            let b = suggest::evidence(&store, empty.conn(), &req).unwrap();
            assert_eq!(json(&a), json(&b), "{term} {sample}");
            if sample == 7 && term == "ventilator" {
                assert!(a.unwrap().sampled);
            }
        }
    }
    // suggest with a small sample: the scale of the counts read the same.
    let mut q = memory::SuggestQuery::new("the");
    (q.sample, q.from, q.to) = (50, Some(en.clone()), Some(zh.clone()));
    let a = memory::suggest(&sqlite, &q).unwrap();
    let b = suggest::suggest(&store, empty.conn(), &q).unwrap();
    assert!(a.sampled);
    assert_eq!(json(&a), json(&b));

    for sample in [concord::extract::RENDER_SAMPLE, 20] {
        let req = concord::extract::ExtractRequest {
            from: en.clone(),
            to: zh.clone(),
            min_count: 2,
            limit: 30,
            sample,
        };
        let a = concord::extract::extract(&sqlite, &req).unwrap();
        let b = concord::extract::extract_in(&store, &empty, &req).unwrap();
        assert!(!a.candidates.is_empty());
        assert_eq!(json(&a), json(&b), "sample {sample}");
    }
}

/// Serialising whatever the library answers, to compare the bytes.
mod erased {
    pub trait Json {
        fn json(&self) -> String;
    }

    impl<T: serde::Serialize> Json for T {
        fn json(&self) -> String {
            serde_json::to_string_pretty(self).unwrap()
        }
    }
}
