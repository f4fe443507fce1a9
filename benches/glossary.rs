//! Glossary benchmark on CC-CEDICT (122k entries, from ../shared/data): import time, and
//! lookup latency exact and fuzzy, in-process and as a cold CLI call, each beside a peer
//! measured in the same run. Run with `cargo bench --bench glossary`; skips when the data
//! folder is absent.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use concord::formats::{self, GlossaryFormat, ReadOptions};
use concord::glossary::{self, LookupQuery};
use concord::store::Store;
use concord::text::key;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cedict = root.join("../shared/data/cedict/cedict_1_0_ts_utf-8_mdbg.txt");
    if !cedict.exists() {
        println!("skipped: {} is absent", cedict.display());
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("bench.db");

    // Import: parse + one transaction, as `concord glossary import` does.
    let t = Instant::now();
    let read = formats::read_glossary(
        &cedict,
        Some(GlossaryFormat::Cedict),
        &ReadOptions::default(),
    )
    .expect("read");
    let parsed = t.elapsed();
    let concepts = read.concepts.len();
    let (mut store, _) = Store::open(&db).expect("open");
    let tx = store.transaction().expect("tx");
    glossary::import(&tx, "cedict", "cedict", read).expect("import");
    tx.commit().expect("commit");
    let imported = t.elapsed();
    let (nc, nt) = glossary::db::counts(store.conn()).expect("counts");
    let size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0)
        + std::fs::metadata(dir.path().join("bench.db-wal"))
            .map(|m| m.len())
            .unwrap_or(0);
    println!(
        "CC-CEDICT: {concepts} entries read in {:.2} s; imported {nc} concepts, {nt} terms in {:.2} s total; database {:.0} MiB",
        parsed.as_secs_f64(),
        imported.as_secs_f64(),
        size as f64 / 1048576.0
    );

    // Queries: every 97th English term and every 89th Chinese term, deterministic.
    let terms: Vec<(String, String)> = {
        let mut stmt = store
            .conn()
            .prepare("SELECT lang, text FROM term ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let en: Vec<&str> = terms
        .iter()
        .filter(|(l, t)| l == "en" && (5..40).contains(&t.len()))
        .map(|(_, t)| t.as_str())
        .step_by(97)
        .take(1000)
        .collect();
    let zh: Vec<&str> = terms
        .iter()
        .filter(|(l, _)| l == "zh-Hans")
        .map(|(_, t)| t.as_str())
        .step_by(89)
        .take(1000)
        .collect();
    let typos: Vec<String> = en.iter().map(|t| typo(t)).collect();

    let exact_en = time_queries(&store, en.iter().copied());
    let exact_zh = time_queries(&store, zh.iter().copied());
    let fuzzy = time_queries(&store, typos.iter().map(String::as_str));
    report("exact, English", &exact_en);
    report("exact, Chinese", &exact_zh);
    report("fuzzy (one typo), English", &fuzzy);

    // Peer: the brute-force scan most tools do, over the same keys in memory.
    let keys: Vec<String> = terms.iter().map(|(_, t)| key::Keys::of(t).simp).collect();
    let peer: Vec<Duration> = typos
        .iter()
        .take(50)
        .map(|q| {
            let qk = key::Keys::of(q).simp;
            let t = Instant::now();
            let best = keys
                .iter()
                .filter(|k| key::similarity(&qk, k) >= 80)
                .count();
            std::hint::black_box(best);
            t.elapsed()
        })
        .collect();
    report(
        "peer: brute-force similarity scan, in memory",
        &(peer.clone(), 0),
    );
    println!(
        "fuzzy p50 ratio, peer / concord: {:.0}x",
        p(&peer, 50).as_secs_f64() / p(&fuzzy.0, 50).as_secs_f64()
    );

    // Cold CLI: a new process per query, as a translator's shell alias would run it.
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_concord"));
    let cli = |q: &str| {
        let t = Instant::now();
        let out = Command::new(&bin)
            .arg("--db")
            .arg(&db)
            .arg("lookup")
            .arg(q)
            .output()
            .expect("run concord");
        assert!(out.status.code().is_some_and(|c| c <= 1));
        t.elapsed()
    };
    let cold_exact: Vec<Duration> = en.iter().take(20).map(|q| cli(q)).collect();
    let cold_fuzzy: Vec<Duration> = typos.iter().take(20).map(|q| cli(q)).collect();
    let grep: Vec<Duration> = en
        .iter()
        .take(20)
        .map(|q| {
            let t = Instant::now();
            let _ = Command::new("grep").arg("-cF").arg(q).arg(&cedict).output();
            t.elapsed()
        })
        .collect();
    report("cold CLI, exact", &(cold_exact.clone(), 0));
    report("cold CLI, fuzzy", &(cold_fuzzy, 0));
    report("peer: grep -cF over the 9 MiB file", &(grep.clone(), 0));
    println!(
        "cold exact p50 ratio, concord / grep: {:.2}",
        p(&cold_exact, 50).as_secs_f64() / p(&grep, 50).as_secs_f64()
    );
}

/// One substitution in the middle of the word: the typo a translator makes.
fn typo(t: &str) -> String {
    let mut cs: Vec<char> = t.chars().collect();
    let i = cs.len() / 2;
    cs[i] = if cs[i] == 'e' { 'a' } else { 'e' };
    cs.into_iter().collect()
}

fn time_queries<'a>(store: &Store, qs: impl Iterator<Item = &'a str>) -> (Vec<Duration>, usize) {
    let mut times = Vec::new();
    let mut found = 0;
    for q in qs {
        let t = Instant::now();
        let m = glossary::lookup(store.conn(), &LookupQuery::new(q)).expect("lookup");
        times.push(t.elapsed());
        found += usize::from(!m.is_empty());
    }
    (times, found)
}

fn p(times: &[Duration], pct: usize) -> Duration {
    let mut v = times.to_vec();
    v.sort();
    v[(v.len() * pct / 100).min(v.len() - 1)]
}

fn report(what: &str, (times, found): &(Vec<Duration>, usize)) {
    let found = if *found > 0 {
        format!(", {found} found")
    } else {
        String::new()
    };
    println!(
        "{what}: {} queries, p50 {:.3} ms, p99 {:.3} ms{found}",
        times.len(),
        p(times, 50).as_secs_f64() * 1e3,
        p(times, 99).as_secs_f64() * 1e3
    );
}
