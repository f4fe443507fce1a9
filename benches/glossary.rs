//! Glossary benchmark on CC-CEDICT (122k entries, from ../shared/data): parse and import time,
//! database size, and lookup latency exact and fuzzy, in-process and as a cold CLI call, each
//! beside a peer measured in the same run. Run with `cargo bench --bench glossary`; skips when
//! the data folder is absent. The machine may be shared: the load average is printed at the
//! start and the end, and figures are best read as ratios to their peers.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use concord::formats::{self, GlossaryFormat, ReadOptions};
use concord::glossary::{self, LookupQuery};
use concord::store::Store;
use concord::text::key;

// The allocator of the `concord` binary (src/main.rs), so that the figures are the CLI's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cedict = root.join("../shared/data/cedict/cedict_1_0_ts_utf-8_mdbg.txt");
    if !cedict.exists() {
        println!("skipped: {} is absent", cedict.display());
        return;
    }
    println!("load average at start: {}", load_average());
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("bench.db");
    let file_size = std::fs::metadata(&cedict).map(|m| m.len()).unwrap_or(0);

    // Import: parse, then one transaction, as `concord glossary import` does.
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
    let t = Instant::now();
    let tx = store.transaction().expect("tx");
    glossary::import(&tx, "cedict", "cedict", read).expect("import");
    glossary::compiled::refresh(&tx).expect("compile the matchers");
    tx.commit().expect("commit");
    let imported = t.elapsed();
    store
        .conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .expect("checkpoint");
    let (nc, nt) = glossary::db::counts(store.conn()).expect("counts");
    let size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
    let fuzzy_index: i64 = store
        .conn()
        .query_row(
            "SELECT coalesce(sum(length(data)), 0) FROM term_fuzzy",
            [],
            |r| r.get(0),
        )
        .expect("index size");
    println!(
        "CC-CEDICT {:.1} MiB, {concepts} entries: parsed in {:.2} s; {nc} concepts, {nt} terms imported in {:.2} s (parse + import {:.2} s)",
        mib(file_size),
        parsed.as_secs_f64(),
        imported.as_secs_f64(),
        (parsed + imported).as_secs_f64()
    );
    println!(
        "database {:.1} MiB after checkpoint ({:.1}x the text file), of which fuzzy index postings {:.1} MiB",
        mib(size),
        size as f64 / file_size as f64,
        mib(fuzzy_index as u64)
    );
    // The derived part alone: what a database migrated from an older concord rebuilds once.
    store
        .conn()
        .execute("INSERT INTO glossary_state (key) VALUES ('rebuild')", [])
        .expect("mark");
    let t = Instant::now();
    glossary::db::ensure_derived(store.conn()).expect("rebuild");
    let rebuilt = t.elapsed();
    println!(
        "of the import, the fuzzy index and the plural rules' answers, rebuilt alone from the terms: {:.2} s ({:.0}% of the import)",
        rebuilt.as_secs_f64(),
        100.0 * rebuilt.as_secs_f64() / imported.as_secs_f64()
    );
    if let Some((peer_time, peer_size)) = sqlite3_peer(&cedict, dir.path()) {
        println!(
            "peer: sqlite3 CLI loading the entries as one table with the two headword columns indexed: {:.2} s, {:.1} MiB; concord / peer: time {:.1}x, size {:.1}x",
            peer_time.as_secs_f64(),
            mib(peer_size),
            (parsed + imported).as_secs_f64() / peer_time.as_secs_f64(),
            size as f64 / peer_size as f64
        );
    }

    // Queries: every 97th English term and every 89th Chinese term, deterministic.
    let terms: Vec<(String, String, String)> = {
        let mut stmt = store
            .conn()
            .prepare("SELECT lang, text, norm FROM term ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let en: Vec<&str> = terms
        .iter()
        .filter(|(l, t, _)| l == "en" && (5..40).contains(&t.len()))
        .map(|(_, t, _)| t.as_str())
        .step_by(97)
        .take(1000)
        .collect();
    let zh: Vec<&str> = terms
        .iter()
        .filter(|(l, _, _)| l == "zh-Hans")
        .map(|(_, t, _)| t.as_str())
        .step_by(89)
        .take(1000)
        .collect();
    let typos: Vec<String> = en.iter().map(|t| typo(t)).collect();

    let exact_en = time_queries(&store, en.iter().copied());
    let exact_zh = time_queries(&store, zh.iter().copied());
    let fuzzy = time_queries(&store, typos.iter().map(String::as_str));
    // Peer for exact lookup: the one indexed SELECT every lookup starts with, alone.
    let floor: Vec<Duration> = {
        let mut stmt = store
            .conn()
            .prepare("SELECT id FROM term WHERE norm = ?1")
            .unwrap();
        en.iter()
            .map(|q| {
                let t = Instant::now();
                let n = stmt
                    .query_map([key::normalize(q, false)], |r| r.get::<_, i64>(0))
                    .unwrap()
                    .count();
                std::hint::black_box(n);
                t.elapsed()
            })
            .collect()
    };
    println!(
        "\nin-process lookup, {} terms ({} English queries, {} Chinese, {} one-typo English):",
        nt,
        en.len(),
        zh.len(),
        typos.len()
    );
    report("exact, English", &exact_en);
    report("exact, Chinese", &exact_zh);
    report(
        "peer: one indexed SELECT on the normalised key",
        &(floor.clone(), 0),
    );
    ratio("exact English / peer", &exact_en.0, &floor);
    report("fuzzy (one typo), English", &fuzzy);

    // Peer for fuzzy lookup: scoring every key in memory, as a tool without an index does.
    let keys: Vec<String> = terms.iter().map(|(_, t, _)| key::fuzzy_key(t)).collect();
    let sample = 50;
    let mut scan_found = 0;
    let scan: Vec<Duration> = typos
        .iter()
        .take(sample)
        .map(|q| {
            let qk = key::fuzzy_key(q);
            let t = Instant::now();
            let n = keys
                .iter()
                .filter(|k| k.chars().count() <= 64 && key::similarity(&qk, k) >= 80)
                .count();
            scan_found += usize::from(n > 0);
            t.elapsed()
        })
        .collect();
    let fuzzy_sample = time_queries(&store, typos.iter().take(sample).map(String::as_str));
    report(
        "peer: scoring every key in memory (strsim), same threshold",
        &(scan.clone(), scan_found),
    );
    report("fuzzy, the same queries", &fuzzy_sample);
    ratio("peer / fuzzy", &scan, &fuzzy_sample.0);

    // Cold CLI: a new process per query, as a translator's shell alias would run it.
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_concord"));
    let cli = |q: &str| run(Command::new(&bin).arg("--db").arg(&db).arg("lookup").arg(q));
    let runs = 100;
    let cold_en: Vec<Duration> = en.iter().take(runs).map(|q| cli(q)).collect();
    let cold_zh: Vec<Duration> = zh.iter().take(runs).map(|q| cli(q)).collect();
    let cold_fuzzy: Vec<Duration> = typos.iter().take(runs).map(|q| cli(q)).collect();
    let grep: Vec<Duration> = en
        .iter()
        .take(runs)
        .map(|q| run(Command::new("grep").arg("-cF").arg(q).arg(&cedict)))
        .collect();
    let sqlite3: Vec<Duration> = terms
        .iter()
        .filter(|(l, t, _)| l == "en" && (5..40).contains(&t.len()))
        .step_by(97)
        .take(runs)
        .map(|(_, _, norm)| {
            run(Command::new("sqlite3").arg(&db).arg(format!(
                "SELECT c.id, t.text FROM term t JOIN concept c ON c.id = t.concept WHERE t.norm = '{}'",
                norm.replace('\'', "''")
            )))
        })
        .collect();
    println!("\ncold CLI, a new process per lookup ({runs} each):");
    report("cold CLI, exact English", &(cold_en.clone(), 0));
    report("cold CLI, exact Chinese", &(cold_zh, 0));
    report("cold CLI, fuzzy", &(cold_fuzzy.clone(), 0));
    report("peer: grep -cF over the text file", &(grep.clone(), 0));
    report(
        "peer: sqlite3 CLI, one indexed SELECT on the same database",
        &(sqlite3.clone(), 0),
    );
    ratio("cold exact / grep", &cold_en, &grep);
    ratio("cold exact / sqlite3", &cold_en, &sqlite3);
    ratio("cold fuzzy / sqlite3", &cold_fuzzy, &sqlite3);
    println!("\nload average at end: {}", load_average());
}

/// One substitution in the middle of the word: the typo a translator makes.
fn typo(t: &str) -> String {
    let mut cs: Vec<char> = t.chars().collect();
    let i = cs.len() / 2;
    cs[i] = if cs[i] == 'e' { 'a' } else { 'e' };
    cs.into_iter().collect()
}

/// Runs a command to its end; its time, or the longest time if it cannot start (a missing
/// peer shows as absurd rather than as fast).
fn run(cmd: &mut Command) -> Duration {
    let t = Instant::now();
    match cmd.output() {
        Ok(out) => {
            assert!(
                out.status.code().is_some_and(|c| c <= 1),
                "{cmd:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            t.elapsed()
        }
        Err(_) => Duration::MAX,
    }
}

/// The simplest SQLite dictionary: the entries as rows (traditional, simplified, pinyin,
/// glosses), loaded by the sqlite3 CLI, with the two headword columns indexed. None when the
/// sqlite3 CLI is not installed.
fn sqlite3_peer(cedict: &Path, dir: &Path) -> Option<(Duration, u64)> {
    let text = std::fs::read_to_string(cedict).ok()?;
    let tsv = dir.join("cedict.tsv");
    let mut rows = String::with_capacity(text.len());
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let (heads, rest) = line.split_once(" [")?;
        let (trad, simp) = heads.split_once(' ')?;
        let (pinyin, glosses) = rest.split_once("] ")?;
        for field in [trad, simp, pinyin] {
            rows.push_str(field);
            rows.push('\t');
        }
        rows.push_str(&glosses.replace('"', "'"));
        rows.push('\n');
    }
    std::fs::write(&tsv, rows).ok()?;
    let db = dir.join("peer.db");
    let t = Instant::now();
    let out = Command::new("sqlite3")
        .arg(&db)
        .arg(".mode tabs")
        .arg("CREATE TABLE entry (trad TEXT, simp TEXT, pinyin TEXT, glosses TEXT);")
        .arg(format!(".import {} entry", tsv.display()))
        .arg("CREATE INDEX entry_trad ON entry(trad); CREATE INDEX entry_simp ON entry(simp);")
        .output()
        .ok()?;
    let took = t.elapsed();
    out.status.success().then_some(())?;
    Some((took, std::fs::metadata(&db).ok()?.len()))
}

fn time_queries<'a>(store: &Store, qs: impl Iterator<Item = &'a str>) -> (Vec<Duration>, usize) {
    let mut times = Vec::new();
    let mut found = 0;
    for q in qs {
        let t = Instant::now();
        let m = glossary::lookup(store, &LookupQuery::new(q)).expect("lookup");
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
        format!(", {found} found something")
    } else {
        String::new()
    };
    println!(
        "  {what}: {} queries, p50 {:.3} ms, p99 {:.3} ms{found}",
        times.len(),
        p(times, 50).as_secs_f64() * 1e3,
        p(times, 99).as_secs_f64() * 1e3
    );
}

fn ratio(what: &str, a: &[Duration], b: &[Duration]) {
    let r = |pct| p(a, pct).as_secs_f64() / p(b, pct).as_secs_f64();
    println!("  ratio {what}: p50 {:.2}x, p99 {:.2}x", r(50), r(99));
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / 1048576.0
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}
