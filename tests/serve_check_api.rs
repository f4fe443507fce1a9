//! `POST /api/check` with the ignore lists and the baseline `concord check --ignore FILE
//! --baseline FILE` reads, sent as the fields of a form body: the same JSON as the CLI on the
//! same bytes, and the CLI's refusals as 400s.

mod common;

use std::path::Path;

use common::Db;
use common::server::{Server, error_of, form};
use serde_json::Value;

const FORM: (&str, &str) = ("Content-Type", "application/x-www-form-urlencoded");

/// `concord --db DB ARGS` in `dir` with `stdin`: exit code, standard output, standard error.
fn cli(db: &Db, dir: &Path, args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let out = db
        .cmd()
        .current_dir(dir)
        .args(args)
        .write_stdin(stdin.to_vec())
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// A form body from fields whose values are bytes (a draft need not be UTF-8).
fn form_bytes(fields: &[(&str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (i, (name, value)) in fields.iter().enumerate() {
        if i > 0 {
            body.push(b'&');
        }
        body.extend_from_slice(name.as_bytes());
        body.push(b'=');
        for &b in *value {
            if b.is_ascii_alphanumeric() {
                body.push(b);
            } else {
                body.extend_from_slice(format!("%{b:02X}").as_bytes());
            }
        }
    }
    body
}

fn post(server: &Server, query: &[(&str, &str)], body: &[u8]) -> (u16, String) {
    server.send("POST", "/api/check", query, &[FORM], body)
}

struct Case {
    db: Db,
    dir: tempfile::TempDir,
    draft: &'static str,
    ignore: &'static str,
    ignore2: &'static str,
    baseline: String,
}

/// A glossary, a draft with findings of three kinds, an ignore list for one, a second list
/// for another, and the baseline of an earlier draft that has a third.
fn case() -> Case {
    let db = Db::with_glossary(&[
        &["en=Mayor", "zh-CN=市长"],
        &["en=bridge", "zh-CN=大桥"],
        &["en=council", "zh-CN=议会"],
    ]);
    let dir = tempfile::tempdir().unwrap();
    let draft = "en\tzh-CN\nThe Mayor spoke.\t州长讲话。\nThe bridge opened.\t桥通车了。\nThe Mayor left.\t州长走了。\nThe council met.\t委员会开会了。\n";
    let old = "en\tzh-CN\nThe Mayor spoke.\t州长讲话。\n";
    let ignore = "# the bridge is a known case\nterm-missing\tbridge\n";
    let ignore2 = "term-missing\tcouncil\tThe council met.\n";
    for (name, text) in [
        ("draft.tsv", draft),
        ("old.tsv", old),
        ("ig.tsv", ignore),
        ("ig2.tsv", ignore2),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let (code, baseline, err) = cli(&db, dir.path(), &["--json", "check", "old.tsv"], b"");
    assert_eq!(code, 1, "{err}");
    std::fs::write(dir.path().join("old.json"), &baseline).unwrap();
    Case {
        db,
        dir,
        draft,
        ignore,
        ignore2,
        baseline,
    }
}

#[test]
fn a_form_with_ignore_lists_and_a_baseline_answers_as_the_cli() {
    let c = case();
    let args = [
        "--json",
        "check",
        "-",
        "--format",
        "tsv",
        "--ignore",
        "ig.tsv",
        "--ignore",
        "ig2.tsv",
        "--baseline",
        "old.json",
    ];
    let (code, want, err) = cli(&c.db, c.dir.path(), &args, c.draft.as_bytes());
    assert_eq!(code, 1, "{err}");
    let v: Value = serde_json::from_str(&want).unwrap();
    // Each source leaves findings out and some are left: a route that dropped one would differ.
    assert_eq!(v["summary"]["suppressed"]["ignored"], 2, "{want}");
    assert_eq!(v["summary"]["suppressed"]["baseline"], 1, "{want}");
    assert!(!v["findings"].as_array().unwrap().is_empty(), "{want}");

    let server = Server::start(&c.db.path, &[]);
    let body = form(&[
        ("draft", c.draft),
        ("format", "tsv"),
        ("ignore", c.ignore),
        ("ignore", c.ignore2),
        ("baseline", &c.baseline),
    ]);
    let (status, got) = post(&server, &[], body.as_bytes());
    assert_eq!(status, 200, "{got}");
    assert_eq!(got, want);

    // No format: told from the bytes, as `check -` without --format; languages in the query.
    let args = ["--json", "check", "-", "--from", "en", "--to", "zh-CN"];
    let (code, want, err) = cli(&c.db, c.dir.path(), &args, c.draft.as_bytes());
    assert_eq!(code, 1, "{err}");
    let body = form(&[("draft", c.draft)]);
    let (status, got) = post(&server, &[("from", "en"), ("to", "zh-CN")], body.as_bytes());
    assert_eq!(status, 200, "{got}");
    assert_eq!(got, want);
    // And the raw TSV body still answers as before, with nothing left out.
    let (status, raw) = server.check(&[], c.draft.as_bytes(), &[]);
    assert_eq!(status, 200, "{raw}");
    let raw: Value = serde_json::from_str(&raw).unwrap();
    let left = |v: &Value| v["findings"].as_array().unwrap().len();
    assert_eq!(
        left(&raw),
        left(&serde_json::from_str(&want).unwrap()),
        "{raw}"
    );
    assert!(raw["summary"].get("suppressed").is_none(), "{raw}");
}

#[test]
fn an_xliff_draft_in_a_form_answers_as_the_cli() {
    let c = case();
    let xliff = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2"><file source-language="en" target-language="zh-CN" datatype="plaintext" original="d"><body>
<trans-unit id="1"><source>The Mayor spoke.</source><target>州长讲话。</target></trans-unit>
<trans-unit id="2"><source>The bridge opened.</source><target>桥通车了。</target></trans-unit>
</body></file></xliff>
"#;
    let args = [
        "--json", "check", "-", "--format", "xliff", "--ignore", "ig.tsv",
    ];
    let (code, want, err) = cli(&c.db, c.dir.path(), &args, xliff.as_bytes());
    assert_eq!(code, 1, "{err}");
    let v: Value = serde_json::from_str(&want).unwrap();
    assert_eq!(v["summary"]["suppressed"]["ignored"], 1, "{want}");
    let server = Server::start(&c.db.path, &[]);
    let body = form(&[("draft", xliff), ("format", "xliff"), ("ignore", c.ignore)]);
    let (status, got) = post(&server, &[], body.as_bytes());
    assert_eq!(status, 200, "{got}");
    assert_eq!(got, want);
}

#[test]
fn a_draft_that_is_not_utf8_gets_the_clis_error_not_a_repaired_text() {
    let c = case();
    let draft = b"en\tzh-CN\nThe Mayor spoke.\t\xff\xfe\xfa\n";
    let (code, out, err) = cli(
        &c.db,
        c.dir.path(),
        &["check", "-", "--format", "tsv"],
        draft,
    );
    assert_eq!(code, 2, "{out}");
    let server = Server::start(&c.db.path, &[]);
    let (status, got) = post(
        &server,
        &[],
        &form_bytes(&[("draft", draft), ("format", b"tsv")]),
    );
    assert_eq!(status, 400, "{got}");
    // The same place and problem; only the name of standard input differs (`<stdin>` in the
    // JSON, as in findings; `standard input` in the CLI's message).
    let got = error_of(&got);
    let (_, at) = got.split_once(':').unwrap();
    assert!(at.starts_with("2: invalid UTF-8"), "{got}");
    assert!(
        err.contains(at),
        "the API said {got:?}, the CLI said {err:?}"
    );
}

#[test]
fn a_bad_ignore_list_or_baseline_is_a_400_naming_the_field_and_line() {
    let c = case();
    std::fs::write(
        c.dir.path().join("bad.tsv"),
        "# ok\nterm-misspelt\tbridge\n",
    )
    .unwrap();
    let (code, _, err) = cli(
        &c.db,
        c.dir.path(),
        &["check", "-", "--format", "tsv", "--ignore", "bad.tsv"],
        c.draft.as_bytes(),
    );
    assert_eq!(code, 2);
    assert!(err.contains("bad.tsv:2:"), "{err}");
    let server = Server::start(&c.db.path, &[]);
    let ask = |fields: &[(&str, &str)]| {
        let (status, body) = post(&server, &[], form(fields).as_bytes());
        assert_eq!(status, 400, "{fields:?}: {body}");
        error_of(&body)
    };
    let e = ask(&[
        ("draft", c.draft),
        ("ignore", "# ok\nterm-misspelt\tbridge\n"),
    ]);
    assert!(e.starts_with("ignore:2:"), "{e}");
    assert!(e.contains("term-misspelt"), "{e}");
    let e = ask(&[("draft", c.draft), ("baseline", "{\n\"findings\": 3\n}")]);
    assert!(e.starts_with("baseline:2:"), "{e}");
    let e = ask(&[("draft", c.draft), ("disable", "term-missing")]);
    assert!(e.contains("disable"), "{e}");
    let e = ask(&[("ignore", c.ignore)]);
    assert!(e.contains("draft"), "{e}");
    let e = ask(&[("draft", c.draft), ("format", "docx")]);
    assert!(e.contains("docx"), "{e}");
    let (status, body) = post(&server, &[], b"draft=50%");
    assert_eq!(status, 400, "{body}");
    // A body of another type is still a 415 that names the form as a way.
    let (status, body) = server.send(
        "POST",
        "/api/check",
        &[],
        &[("Content-Type", "text/plain")],
        b"x",
    );
    assert_eq!(status, 415, "{body}");
    assert!(error_of(&body).contains("x-www-form-urlencoded"), "{body}");
}
