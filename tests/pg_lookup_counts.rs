//! A PostgreSQL server keeps the memory's counts that lookup's rankings read across requests
//! (each lookup counted them anew from the posting lists: 26 ms of server CPU at 1,000,000
//! pairs, p99 in seconds under 8 clients), and only while the memory is unchanged: an import
//! through another process is seen by the next lookup, whose answer is the CLI's.

mod common;
#[path = "support/pg.rs"]
mod pg;

use std::path::Path;

use common::server::Server;
use serde_json::Value;

fn tsv(dir: &Path, name: &str, rows: impl Iterator<Item = (String, String)>) -> String {
    let mut text = String::from("en\tzh-CN\n");
    for (en, zh) in rows {
        text.push_str(&format!("{en}\t{zh}\n"));
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn a_lookup_after_an_import_reads_counts_of_the_new_memory_not_kept_ones() {
    let Some(pgs) = pg::Server::get() else {
        return;
    };
    let db = pgs.database("lookup_counts");
    let dir = tempfile::tempdir().unwrap();
    let first = tsv(
        dir.path(),
        "first.tsv",
        (0..6)
            .map(|i| {
                (
                    format!("The director of team {i} arrived."),
                    format!("第{i}队的导演到了。"),
                )
            })
            .chain((0..30).map(|i| (format!("Item {i} is ready."), format!("第{i}项准备好了。")))),
    );
    // Units without the term whose targets hold its rendering: the rendering's count in the
    // whole memory, and so its score, changes; the units holding the term do not.
    let second = tsv(
        dir.path(),
        "second.tsv",
        (0..20).map(|i| {
            (
                format!("Film number {i} opened."),
                format!("导演的第{i}部电影上映了。"),
            )
        }),
    );
    let import = |file: &str| {
        let out = pg::concord_on(&db.url, &["tm", "import", file]);
        assert!(out.status.success(), "{out:?}");
    };
    import(&first);
    let server = Server::start(Path::new(&db.url), &[]);
    let ask = || -> Value {
        let (status, body) = server.get(
            "/api/lookup",
            &[("q", "director"), ("from", "en"), ("to", "zh-CN")],
        );
        assert_eq!(status, 200, "{body}");
        serde_json::from_str(&body).unwrap()
    };
    let cli = || -> Value {
        let out = pg::concord_on(
            &db.url,
            &[
                "--json", "lookup", "director", "--from", "en", "--to", "zh-CN",
            ],
        );
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out:?}"))
    };
    let before = ask();
    assert_eq!(ask(), before, "the kept counts change no answer");
    assert_eq!(before, cli());
    import(&second);
    let after = ask();
    assert_eq!(after, cli());
    let score = |v: &Value| v["memory"][0]["others"][0]["score"].clone();
    assert_eq!(after["memory"][0]["others"][0]["text"], "导演", "{after:#}");
    assert_ne!(score(&after), score(&before), "{before:#}\n{after:#}");
}
