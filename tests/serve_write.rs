//! `concord serve`'s writes, driven as users drive them: the real binary on an ephemeral port.
//! Each write's answer must be the CLI's `--json` for the same command on an identical
//! database; a read-only server and another site's page change nothing; an upload imports
//! as `tm import` imports the same bytes, one at a time, with reads going on beside it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;

mod common;
use common::Db;
use common::server::{Held, Server, cli_json, error_of, form, timeless};
use serde_json::{Value, json};

/// A request's query parameters.
type Query<'a> = Vec<(&'a str, &'a str)>;

/// The CLI's exit code and standard error for a command that fails.
fn cli_fails(db: &Db, args: &[&str]) -> (i32, String) {
    let (code, _, err) = db.run(&[&["--json"], args].concat());
    (code, err)
}

/// One write, made by the API on one database and by the CLI on its twin: the same answer.
fn same_write(
    server: &Server,
    cli_db: &Db,
    (method, path, body): (&str, &str, Value),
    args: &[&str],
    want: u16,
) -> Value {
    let (status, answer) = if method == "DELETE" {
        server.send(method, path, &[], &[], b"")
    } else {
        server.json(method, path, &body)
    };
    assert_eq!(status, want, "{method} {path} {body}: {answer}");
    assert_eq!(
        answer,
        cli_json(cli_db, args, None),
        "{method} {path} {body}"
    );
    serde_json::from_str(&answer).unwrap()
}

#[test]
fn glossary_writes_answer_as_the_cli_does_and_land_in_lookup() {
    let api_db = Db::new();
    let cli_db = Db::new();
    // Both seeded with the shipped glossary, by the same command: the same concepts and ids.
    let list = |db: &Db| timeless(&cli_json(db, &["glossary", "list"], None));
    assert!(list(&api_db) == list(&cli_db));
    let server = Server::start(&api_db.path, &[]);

    // A new concept: 201.
    let added = same_write(
        &server,
        &cli_db,
        (
            "POST",
            "/api/glossary",
            json!({"terms": ["en=twin town", "zh-CN=友好城镇"], "subject": "civic"}),
        ),
        &[
            "glossary",
            "add",
            "en=twin town",
            "zh-CN=友好城镇",
            "--subject",
            "civic",
        ],
        201,
    );
    let id = added["concept"].as_i64().unwrap().to_string();
    // Added to that concept by its number: 200, and a preferred term demotes the old one.
    let more = same_write(
        &server,
        &cli_db,
        (
            "POST",
            "/api/glossary",
            json!({"terms": ["zh-CN=姊妹镇"], "concept": id.parse::<i64>().unwrap(),
                   "status": "preferred", "note": "as in Taiwan"}),
        ),
        &[
            "glossary",
            "add",
            "zh-CN=姊妹镇",
            "--concept",
            &id,
            "--status",
            "preferred",
            "--note",
            "as in Taiwan",
        ],
        200,
    );
    assert_eq!(more["demoted"][0]["text"], "友好城镇");
    // The same head terms again with something new: merged, 200.
    let merged = same_write(
        &server,
        &cli_db,
        (
            "POST",
            "/api/glossary",
            json!({"terms": ["en=twin town", "zh-CN=姊妹镇", "en=twinned town"]}),
        ),
        &[
            "glossary",
            "add",
            "en=twin town",
            "zh-CN=姊妹镇",
            "en=twinned town",
        ],
        200,
    );
    assert_eq!(merged["merged"], true);
    // Nothing new: refused, 409, with the CLI's message.
    let (status, body) = server.json(
        "POST",
        "/api/glossary",
        &json!({"terms": ["en=twin town", "zh-CN=姊妹镇"]}),
    );
    assert_eq!(status, 409, "{body}");
    let (code, err) = cli_fails(
        &cli_db,
        &["glossary", "add", "en=twin town", "zh-CN=姊妹镇"],
    );
    assert_eq!(code, 2);
    assert_eq!(format!("concord: {}\n", error_of(&body)), err);
    // Every term held by that concept, under other heads (友好城镇 is admitted there now):
    // refused alike, and added as a homonym only when asked.
    let homonym = json!({"terms": ["en=twin town", "zh-CN=友好城镇"]});
    let (status, body) = server.json("POST", "/api/glossary", &homonym);
    assert_eq!(status, 409, "{body}");
    let (code, err) = cli_fails(
        &cli_db,
        &["glossary", "add", "en=twin town", "zh-CN=友好城镇"],
    );
    assert_eq!(code, 2);
    assert_eq!(format!("concord: {}\n", error_of(&body)), err);
    let separate = same_write(
        &server,
        &cli_db,
        (
            "POST",
            "/api/glossary",
            json!({"terms": ["en=twin town", "zh-CN=友好城镇"], "separate": true}),
        ),
        &[
            "glossary",
            "add",
            "--separate",
            "en=twin town",
            "zh-CN=友好城镇",
        ],
        201,
    );
    assert_eq!(
        separate["also_in"].as_array().unwrap().len(),
        2,
        "{separate}"
    );

    // Edits, by PATCH and by PUT alike.
    let edited = same_write(
        &server,
        &cli_db,
        (
            "PATCH",
            &format!("/api/glossary/{id}"),
            json!({"term": "zh-CN=友好城镇", "status": "deprecated", "context": "旧称"}),
        ),
        &[
            "glossary",
            "edit",
            &id,
            "zh-CN=友好城镇",
            "--status",
            "deprecated",
            "--context",
            "旧称",
        ],
        200,
    );
    assert_eq!(edited["term"]["text"], "友好城镇");
    same_write(
        &server,
        &cli_db,
        (
            "PUT",
            &format!("/api/glossary/{id}"),
            json!({"definition": "a town paired with another abroad"}),
        ),
        &[
            "glossary",
            "edit",
            &id,
            "--definition",
            "a town paired with another abroad",
        ],
        200,
    );
    // What the server stored is what the CLI stored, field for field.
    let (_, api_shown) = server.get(&format!("/api/glossary/{id}"), &[]);
    assert_eq!(
        timeless(&api_shown),
        timeless(&cli_json(&cli_db, &["glossary", "show", &id], None))
    );
    // The added term is found by lookup, the deprecated one pointing to the one to use.
    let (status, body) = server.get("/api/lookup", &[("q", "友好城镇")]);
    assert_eq!(status, 200);
    assert_eq!(body, cli_json(&api_db, &["lookup", "友好城镇"], None));
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["matches"][0]["concept"].as_i64().unwrap().to_string(), id);

    // Removing a term, then the concept.
    let (status, body) = server.send(
        "DELETE",
        &format!("/api/glossary/{id}"),
        &[("term", "en=twinned town"), ("term", "zh-CN=友好城镇")],
        &[],
        b"",
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        cli_json(
            &cli_db,
            &[
                "glossary",
                "remove",
                &id,
                "en=twinned town",
                "zh-CN=友好城镇"
            ],
            None
        )
    );
    same_write(
        &server,
        &cli_db,
        ("DELETE", &format!("/api/glossary/{id}"), Value::Null),
        &["glossary", "remove", &id],
        200,
    );
    let (status, _) = server.get(&format!("/api/glossary/{id}"), &[]);
    assert_eq!(status, 404);
    assert!(list(&api_db) == list(&cli_db));
}

#[test]
fn bad_writes_get_4xx_json_and_change_nothing() {
    let db = Db::new();
    let server = Server::start(&db.path, &[]);
    let before = cli_json(&db, &["glossary", "list"], None);
    // Method, path, body, status, a word the error must say.
    let cases: [(&str, &str, Value, u16, &str); 9] = [
        (
            "POST",
            "/api/glossary",
            json!({"terms": ["Mayor"]}),
            400,
            "LANG=TEXT",
        ),
        ("POST", "/api/glossary", json!({"terms": []}), 400, "terms"),
        (
            "POST",
            "/api/glossary",
            json!({"terms": ["en=x"], "colour": "red"}),
            422,
            "colour",
        ),
        (
            "POST",
            "/api/glossary",
            json!({"terms": ["en=x"], "status": "great"}),
            400,
            "great",
        ),
        (
            "POST",
            "/api/glossary",
            json!({"terms": ["en=x"], "concept": 987654}),
            404,
            "987654",
        ),
        (
            "PATCH",
            "/api/glossary/mayor",
            json!({}),
            400,
            "nothing to change",
        ),
        (
            "PATCH",
            "/api/glossary/mayor",
            json!({"term": "en=Lord Mayor", "note": "x"}),
            404,
            "Lord Mayor",
        ),
        (
            "PUT",
            "/api/glossary/987654",
            json!({"subject": "x"}),
            404,
            "987654",
        ),
        ("DELETE", "/api/glossary/987654", Value::Null, 404, "987654"),
    ];
    for (method, path, body, want, says) in cases {
        let (status, answer) = server.json(method, path, &body);
        assert_eq!(status, want, "{method} {path} {body}: {answer}");
        let e = error_of(&answer);
        assert!(e.contains(says), "{method} {path} {body}: {e}");
    }
    // Not JSON, and JSON that does not parse.
    let (status, body) = server.send(
        "POST",
        "/api/glossary",
        &[],
        &[("Content-Type", "text/plain")],
        b"en=x",
    );
    assert_eq!(status, 415, "{body}");
    error_of(&body);
    let (status, body) = server.send(
        "POST",
        "/api/glossary",
        &[],
        &[("Content-Type", "application/json")],
        b"{\"terms\": [",
    );
    assert_eq!(status, 400, "{body}");
    error_of(&body);
    let (status, body) = server.send(
        "DELETE",
        "/api/glossary/mayor",
        &[("term", "Mayor")],
        &[],
        b"",
    );
    assert_eq!(status, 400, "{body}");
    assert_eq!(cli_json(&db, &["glossary", "list"], None), before);
}

#[test]
fn read_only_and_other_sites_pages_cannot_write() {
    let db = Db::new();
    let before = cli_json(&db, &["glossary", "list"], None);
    let stats = cli_json(&db, &["tm", "stats"], None);
    let writes: [(&str, &str, Value); 4] = [
        ("POST", "/api/glossary", json!({"terms": ["en=twin town"]})),
        ("PUT", "/api/glossary/mayor", json!({"subject": "x"})),
        ("PATCH", "/api/glossary/mayor", json!({"subject": "x"})),
        ("DELETE", "/api/glossary/mayor", Value::Null),
    ];
    let tsv = b"en\tzh-CN\nTwin town\t\xe5\x8f\x8b\xe5\xa5\xbd\xe5\x9f\x8e\xe9\x95\x87\n";
    let upload = |server: &Server, headers: &[(&str, &str)]| {
        let mut h = vec![("Content-Type", "text/tab-separated-values")];
        h.extend_from_slice(headers);
        server.send("POST", "/api/tm/import", &[], &h, tsv)
    };

    let server = Server::start(&db.path, &["--read-only"]);
    for (method, path, body) in &writes {
        let (status, answer) = server.json(method, path, body);
        assert_eq!(status, 403, "{method} {path}: {answer}");
        assert!(error_of(&answer).contains("read only"), "{answer}");
    }
    let (status, answer) = upload(&server, &[]);
    assert_eq!(status, 403, "{answer}");
    drop(server);

    let server = Server::start(&db.path, &[]);
    let evil = [("Origin", "http://evil.example")];
    for (method, path, body) in &writes {
        let (status, answer) = server.send(
            method,
            path,
            &[],
            &[evil[0], ("Content-Type", "application/json")],
            body.to_string().as_bytes(),
        );
        assert_eq!(status, 403, "{method} {path}: {answer}");
        error_of(&answer);
    }
    assert_eq!(upload(&server, &evil).0, 403);
    assert_eq!(upload(&server, &[("Sec-Fetch-Site", "cross-site")]).0, 403);
    assert_eq!(cli_json(&db, &["glossary", "list"], None), before);
    assert_eq!(cli_json(&db, &["tm", "stats"], None), stats);
    // The server's own page may write: the refusals above were for the origin alone.
    let own = server.base.clone();
    let (status, answer) = server.send(
        "PATCH",
        "/api/glossary/mayor",
        &[],
        &[("Origin", &own), ("Content-Type", "application/json")],
        json!({"subject": "x"}).to_string().as_bytes(),
    );
    assert_eq!(status, 200, "{answer}");
    assert_eq!(upload(&server, &[("Origin", &own)]).0, 200);
}

/// A file under `dir`, for the CLI to import by the name the upload gives.
fn file(dir: &std::path::Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

/// `tm import NAME --json` run in `dir`, so that the origin is the bare name.
fn cli_import(db: &Db, dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = db
        .cmd()
        .current_dir(dir)
        .arg("--json")
        .args(["tm", "import"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const XLIFF: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="a.txt" source-language="en" target-language="zh-CN" datatype="plaintext">
    <body>
      <trans-unit id="1"><source>The Mayor spoke.</source><target>州长讲话。</target></trans-unit>
      <trans-unit id="2"><source>The bridge opened.</source><target>大桥通车了。</target></trans-unit>
    </body>
  </file>
</xliff>
"#;

#[test]
fn an_upload_imports_as_tm_import_imports_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let tmx = std::fs::read("tests/fixtures/tmx/concord__zh_tw_mayor.tmx").unwrap();
    let tsv = "Twin town\t友好城镇\nSister city\t姐妹城市\n".as_bytes();
    let csv = "en,zh-CN\nFriendship city,友谊城市\n".as_bytes();
    file(dir.path(), "mayor.tmx", &tmx);
    file(dir.path(), "draft.xlf", XLIFF.as_bytes());
    file(dir.path(), "pairs.tsv", tsv);
    file(dir.path(), "pairs.csv", csv);
    let api_db = Db::empty();
    let cli_db = Db::empty();
    let server = Server::start(&api_db.path, &[]);
    // Query, content type, body, and the CLI's arguments for the same import.
    let cases: [(Query, &str, &[u8], Vec<&str>); 5] = [
        (
            vec![("name", "mayor.tmx")],
            "application/x-tmx+xml",
            &tmx,
            vec!["mayor.tmx"],
        ),
        (
            vec![("name", "draft.xlf")],
            "application/xliff+xml",
            XLIFF.as_bytes(),
            vec!["draft.xlf"],
        ),
        // The languages of a header-less TSV, and a dry run first.
        (
            vec![
                ("name", "pairs.tsv"),
                ("langs", "en,zh-CN"),
                ("dry_run", "true"),
            ],
            "text/tab-separated-values",
            tsv,
            vec!["pairs.tsv", "--langs", "en,zh-CN", "--dry-run"],
        ),
        (
            vec![("name", "pairs.tsv"), ("langs", "en,zh-CN")],
            "text/tab-separated-values",
            tsv,
            vec!["pairs.tsv", "--langs", "en,zh-CN"],
        ),
        // The format by parameter, the body's type saying nothing.
        (
            vec![("name", "pairs.csv"), ("format", "csv")],
            "application/octet-stream",
            csv,
            vec!["pairs.csv", "--format", "csv"],
        ),
    ];
    for (query, kind, body, args) in &cases {
        let (status, answer) = server.send(
            "POST",
            "/api/tm/import",
            query,
            &[("Content-Type", kind)],
            body,
        );
        assert_eq!(status, 200, "{query:?}: {answer}");
        let (code, cli, err) = cli_import(&cli_db, dir.path(), args);
        assert_eq!(code, 0, "{err}");
        assert_eq!(answer, cli, "{query:?}");
        let v: Value = serde_json::from_str(&answer).unwrap();
        assert!(v["files"][0]["imported"].as_u64().unwrap() > 0, "{answer}");
    }
    // Both memories hold the same units under the same origins.
    let (_, stats) = server.get("/api/tm/stats", &[]);
    assert_eq!(stats, cli_json(&cli_db, &["tm", "stats"], None));
    assert_eq!(stats, cli_json(&api_db, &["tm", "stats"], None));
    let v: Value = serde_json::from_str(&stats).unwrap();
    assert!(v["by_origin"].to_string().contains("mayor.tmx"), "{stats}");
    // Without a name, the format comes from the body's type and the origin is "upload".
    let (status, answer) = server.send(
        "POST",
        "/api/tm/import",
        &[],
        &[("Content-Type", "application/x-tmx+xml")],
        &tmx,
    );
    assert_eq!(status, 200, "{answer}");
    let v: Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(v["files"][0]["origin"], "upload");
}

#[test]
fn a_bad_upload_gets_400_with_the_clis_message_and_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    // Good units, then a broken one: the first must not land either.
    let broken = "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n<tu><tuv xml:lang=\"en\"><seg>Mayor</seg></tuv><tuv xml:lang=\"zh-CN\"><seg>市长</seg></tuv></tu>\n<tu><tuv xml:lang=\"en\"><seg>Governor</seg></tuv>\n</body></tmx>\n";
    file(dir.path(), "broken.tmx", broken.as_bytes());
    let db = Db::new();
    let server = Server::start(&db.path, &[]);
    let before = cli_json(&db, &["tm", "stats"], None);
    let (status, answer) = server.send(
        "POST",
        "/api/tm/import",
        &[("name", "broken.tmx")],
        &[("Content-Type", "application/x-tmx+xml")],
        broken.as_bytes(),
    );
    assert_eq!(status, 400, "{answer}");
    let (code, _, err) = cli_import(&db, dir.path(), &["broken.tmx"]);
    assert_eq!(code, 2);
    let said = error_of(&answer);
    assert!(said.starts_with("broken.tmx:"), "{said}");
    assert_eq!(format!("concord: {said}\n"), err);
    assert_eq!(cli_json(&db, &["tm", "stats"], None), before);

    // A format that cannot be told, and parameters that are wrong.
    let cases: [(Query, &str, u16, &str); 5] = [
        (vec![], "text/plain", 415, "format"),
        (
            vec![("name", "a\u{1b}[2J.tsv")],
            "text/tab-separated-values",
            400,
            "name",
        ),
        (vec![("format", "docx")], "text/plain", 400, "docx"),
        (
            vec![("header", "true")],
            "text/tab-separated-values",
            400,
            "langs",
        ),
        (
            vec![("langs", "en,Klingonese")],
            "text/tab-separated-values",
            400,
            "langs",
        ),
    ];
    for (query, kind, want, says) in cases {
        let (status, answer) = server.send(
            "POST",
            "/api/tm/import",
            &query,
            &[("Content-Type", kind)],
            b"Mayor\t\xe5\xb8\x82\xe9\x95\xbf\n",
        );
        assert_eq!(status, want, "{query:?}: {answer}");
        assert!(error_of(&answer).contains(says), "{query:?}: {answer}");
    }
    assert_eq!(cli_json(&db, &["tm", "stats"], None), before);
}

/// A large memory in TSV with a language header: `n` pairs.
fn large_tsv(n: usize) -> Vec<u8> {
    let mut out = String::from("en\tzh-CN\n");
    for i in 0..n {
        out.push_str(&format!(
            "Delegation number {i} met the mayor of the twin town.\t第{i}个代表团会见了友好城镇的市长。\n"
        ));
    }
    out.into_bytes()
}

/// A small import that changes nothing: whether the server would take an import now.
fn dry_run_import(server: &Server) -> (u16, String) {
    server.send(
        "POST",
        "/api/tm/import",
        &[("dry_run", "true"), ("langs", "en,zh-CN")],
        &[("Content-Type", "text/tab-separated-values")],
        "Mayor\t市长\n".as_bytes(),
    )
}

/// Waits until the server says an import is running: the held import has taken the server's
/// one import slot. Asked with an edit of a concept that does not exist, refused (409) while
/// an import runs and else not found (404): the question neither changes anything nor takes
/// the slot, which a probing import would, and the held one would then be the one refused.
fn wait_until_importing(server: &Server) {
    for _ in 0..1500 {
        let (status, answer) =
            server.json("PATCH", "/api/glossary/987654", &json!({"subject": "x"}));
        if status == 409 {
            return;
        }
        assert_eq!(status, 404, "{answer}");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("the held import never started");
}

#[test]
fn one_import_at_a_time_while_reads_go_on() {
    let db = Db::new();
    let server = Server::start(&db.path, &[]);
    let stats = cli_json(&db, &["tm", "stats"], None);
    let body = large_tsv(20_000);
    let held = Held::start(&server, "name=large.tsv", &body, body.len() / 2);
    wait_until_importing(&server);
    // A second import is refused at once.
    let (status, refused) = dry_run_import(&server);
    assert_eq!(status, 409, "{refused}");
    assert!(
        error_of(&refused).contains("one import at a time"),
        "{refused}"
    );
    // Reads go on, and answer as the CLI does on the same database: the import's half is
    // not visible until it commits.
    let (status, answer) = server.get("/api/lookup", &[("q", "mayor")]);
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer, cli_json(&db, &["lookup", "mayor"], None));
    assert_eq!(server.get("/api/tm/stats", &[]).1, stats);
    let (status, answer) = server.get("/api/tm/concord", &[("q", "友好城镇")]);
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer, cli_json(&db, &["tm", "concord", "友好城镇"], None));
    // A glossary write would wait for the import's lock: refused at once instead.
    let (status, answer) = server.json("PATCH", "/api/glossary/mayor", &json!({"subject": "x"}));
    assert_eq!(status, 409, "{answer}");
    // The rest of the upload: the import completes, whole.
    let (status, answer) = held.finish();
    assert_eq!(status, 200, "{answer}");
    let v: Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(v["files"][0]["imported"], 20_000, "{answer}");
    let (_, after) = server.get("/api/tm/stats", &[]);
    assert_ne!(after, stats);
    assert_eq!(after, cli_json(&db, &["tm", "stats"], None));
    // And the slot is free again.
    let (status, answer) = server.send(
        "POST",
        "/api/tm/import",
        &[("name", "large.tsv")],
        &[("Content-Type", "text/tab-separated-values")],
        &body,
    );
    assert_eq!(status, 200, "{answer}");
    let v: Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(v["files"][0]["duplicates"], 20_000, "{answer}");
}

#[test]
fn an_upload_cut_short_imports_nothing_and_frees_the_slot() {
    let db = Db::new();
    let server = Server::start(&db.path, &[]);
    let stats = cli_json(&db, &["tm", "stats"], None);
    let body = large_tsv(5_000);
    let held = Held::start(&server, "name=cut.tsv", &body, body.len() / 2);
    wait_until_importing(&server);
    // The client goes away with half its file sent.
    drop(held);
    // The import rolls back and the slot is freed: a dry run gets in.
    let mut freed = false;
    for _ in 0..1500 {
        let (status, _) = dry_run_import(&server);
        if status == 200 {
            freed = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(freed, "the cut import kept the slot");
    assert_eq!(cli_json(&db, &["tm", "stats"], None), stats);
}

#[test]
fn check_takes_xliff_and_tmx_as_the_cli_does() {
    let db = Db::new();
    let server = Server::start(&db.path, &[]);
    let tmx = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header srclang=\"en\" segtype=\"sentence\" o-tmf=\"none\" adminlang=\"en\" datatype=\"plaintext\" creationtool=\"t\" creationtoolversion=\"1\"/><body>\n{}</body></tmx>\n",
        "<tu><tuv xml:lang=\"en\"><seg>The Mayor spoke.</seg></tuv><tuv xml:lang=\"zh-CN\"><seg>州长讲话。</seg></tuv></tu>\n"
    );
    for (kind, format, body) in [
        ("application/xliff+xml", "xliff", XLIFF),
        ("application/x-tmx+xml", "tmx", tmx.as_str()),
    ] {
        let (status, answer) = server.send(
            "POST",
            "/api/check",
            &[],
            &[("Content-Type", kind)],
            body.as_bytes(),
        );
        assert_eq!(status, 200, "{kind}: {answer}");
        let cli = cli_json(
            &db,
            &["check", "-", "--format", format],
            Some(body.as_bytes()),
        );
        assert_eq!(answer, cli, "{kind}");
        // 市长 is missing from 州长讲话: the answers are not two empty reports.
        let v: Value = serde_json::from_str(&answer).unwrap();
        let findings = v["findings"].as_array().unwrap();
        assert!(
            findings.iter().any(|f| f["source_term"] == "Mayor"),
            "{kind}: {answer}"
        );
    }
    // A bad XLIFF: 400 with the CLI's message.
    let (status, answer) = server.send(
        "POST",
        "/api/check",
        &[],
        &[("Content-Type", "application/xliff+xml")],
        b"<xliff version=\"1.2\"><file><body><trans-unit>",
    );
    assert_eq!(status, 400, "{answer}");
    let (code, _, err) = {
        let out = db
            .cmd()
            .args(["check", "-", "--format", "xliff"])
            .write_stdin(&b"<xliff version=\"1.2\"><file><body><trans-unit>"[..])
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::new(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    assert_eq!(code, 2);
    assert_eq!(format!("concord: {}\n", error_of(&answer)), err);
}

#[test]
fn the_check_page_marks_the_findings_and_escapes_the_draft() {
    let db = Db::with_glossary(&[&["en=Mayor", "zh-CN=市长"]]);
    let server = Server::start(&db.path, &[]);
    let (status, page) = server.get("/check", &[]);
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("<textarea name=\"draft\""), "{page}");
    // As a browser posts a textarea: CRLF line ends.
    let draft = "en\tzh-CN\r\nThe Mayor spoke.\t州长讲话。\r\n<script>alert(1)</script> Mayor\t<b>市长</b>\r\n";
    let post = |pairs: &[(&str, &str)]| {
        server.send(
            "POST",
            "/check",
            &[],
            &[("Content-Type", "application/x-www-form-urlencoded")],
            form(pairs).as_bytes(),
        )
    };
    let (status, page) = post(&[("draft", draft), ("from", ""), ("to", "")]);
    assert_eq!(status, 200, "{page}");
    // 市长 is missing from line 2's target: its source term is marked where it stands.
    assert!(page.contains("The <mark class=\"term-missing\""), "{page}");
    assert!(page.contains(">Mayor</mark> spoke."), "{page}");
    // The draft's markup is text, in the segments and in the form that keeps the draft.
    // (The one script element is the page's own.)
    assert!(!page.contains("<script>alert"), "{page}");
    assert_eq!(page.matches("<script>").count(), 1, "{page}");
    assert!(!page.contains("<b>"), "{page}");
    assert!(page.contains("&lt;b&gt;市长&lt;/b&gt;"), "{page}");
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{page}"
    );
    // Every finding the CLI finds in the same draft is listed.
    let cli: Value = serde_json::from_str(&cli_json(
        &db,
        &["check", "-", "--format", "tsv"],
        Some(draft.as_bytes()),
    ))
    .unwrap();
    let findings = cli["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for f in findings {
        let message = f["message"].as_str().unwrap();
        assert!(
            page.contains(&message.replace('"', "&quot;")),
            "{message}: {page}"
        );
    }
    let listed = page.matches("<li class=\"error\"").count()
        + page.matches("<li class=\"warning\"").count()
        + page.matches("<li class=\"info\"").count();
    assert_eq!(listed, findings.len(), "{page}");
    // A bad language is said on the page, the draft kept.
    let (status, page) = post(&[("draft", draft), ("from", "English")]);
    assert_eq!(status, 400, "{page}");
    assert!(page.contains("class=\"error\""), "{page}");
    assert!(page.contains("The Mayor spoke."), "{page}");
}

#[test]
fn an_upload_over_the_limit_without_a_length_gets_413_and_imports_nothing() {
    let db = Db::new();
    let server = Server::start(&db.path, &["--max-upload", "32M"]);
    let stats = cli_json(&db, &["tm", "stats"], None);
    // Chunked, so the server cannot refuse on a declared length: it learns the size only
    // by reading, while the import is under way.
    let mut s = TcpStream::connect(server.addr()).unwrap();
    write!(
        s,
        "POST /api/tm/import?name=huge.tsv HTTP/1.1\r\nHost: {}\r\nContent-Type: text/tab-separated-values\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        server.addr()
    )
    .unwrap();
    let mut chunk = String::from("en\tzh-CN\n");
    let mut i = 0;
    while chunk.len() < 1 << 20 {
        chunk.push_str(&format!(
            "Pair number {i} of a file too large.\t第{i}对。\n"
        ));
        i += 1;
    }
    // 33 chunks of 1 MiB: over the 32 MiB limit. The server may answer and close before the
    // last; what it answers is what counts.
    for _ in 0..33 {
        if write!(s, "{:x}\r\n{chunk}\r\n", chunk.len()).is_err() {
            break;
        }
    }
    let _ = s.write_all(b"0\r\n\r\n");
    let mut head = String::new();
    let mut reader = BufReader::new(s);
    reader.read_line(&mut head).unwrap();
    assert!(head.starts_with("HTTP/1.1 413"), "{head}");
    let mut rest = String::new();
    let _ = reader.read_to_string(&mut rest);
    assert!(rest.contains("32 MiB"), "{rest}");
    assert_eq!(cli_json(&db, &["tm", "stats"], None), stats);
}

#[test]
fn a_form_field_the_page_does_not_have_is_refused_not_dropped() {
    let db = Db::empty();
    let server = Server::start(&db.path, &[]);
    for (path, pairs) in [
        ("/glossary/add", &[("text1", "Mayor"), ("txt2", "市长")][..]),
        (
            "/check",
            &[("draft", "en\tzh-CN\nMayor\t市长\n"), ("too", "zh-CN")][..],
        ),
    ] {
        let (status, page) = server.send(
            "POST",
            path,
            &[],
            &[("Content-Type", "application/x-www-form-urlencoded")],
            form(pairs).as_bytes(),
        );
        assert_eq!(status, 422, "{path}: {page}");
        assert!(page.contains("unknown field"), "{path}: {page}");
    }
    // Nothing was added on the way.
    let (_, listed, _) = db.run(&["glossary", "list"]);
    assert!(!listed.contains("Mayor"), "{listed}");
}
