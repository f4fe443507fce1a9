//! `suggest` benchmark: a memory of `CONCORD_BENCH_PAIRS` pairs (default 1,000,000): the
//! TICO-19 dev memory, then Tatoeba's pairs repeated (each copy numbered, so every unit is
//! distinct) up to the size. TICO-19's glossary terms are rare in it (a few units each);
//! Tatoeba's common words are in tens of thousands of units, so they take the sample path.
//! Each term set is timed in-process (p50, p95), then a cold CLI call per term.
//!
//! Run with `cargo bench --bench suggest`. The database is cached in
//! `<target>/bench-data/suggest-<pairs>.db`. Skips when `../shared/data` is absent.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use concord::memory::{self, SuggestQuery};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Common words of Tatoeba, each in thousands of units at 1M pairs: the sampled path.
const COMMON: [&str; 10] = [
    "friend",
    "book",
    "money",
    "school",
    "yesterday",
    "朋友",
    "学校",
    "昨天",
    "书",
    "钱",
];

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let data = root.join("../shared/data");
    if !data.exists() {
        println!("skipped: {} is absent", data.display());
        return;
    }
    let pairs: usize = std::env::var("CONCORD_BENCH_PAIRS")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(1_000_000);
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let work = target.join("bench-data");
    std::fs::create_dir_all(&work).unwrap();
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_concord"));
    let db = work.join(format!("suggest-{pairs}.db"));
    let load_start = loadavg();
    if !db.exists() {
        build(&bin, &data, &work, &db, pairs);
    }
    let store = concord::database::open(&db).unwrap();
    let rare = tico_terms(&data);
    let common: Vec<String> = COMMON.iter().map(|s| s.to_string()).collect();
    println!("concord suggest benchmark: {pairs} pairs");
    for (name, terms) in [
        ("TICO-19 terms (rare)", &rare),
        ("common words (sampled)", &common),
    ] {
        let mut times = Vec::new();
        let (mut found, mut sampled) = (0, 0);
        for t in terms.iter() {
            let q = SuggestQuery::new(t.clone());
            let start = Instant::now();
            let s = memory::suggest(&store, &q).unwrap();
            times.push(start.elapsed());
            found += usize::from(s.units > 0);
            sampled += usize::from(s.sampled);
        }
        println!(
            "in-process, {name}: {} terms ({found} found, {sampled} sampled), p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
            terms.len(),
            ms(pct(&times, 50)),
            ms(pct(&times, 95)),
            ms(pct(&times, 100))
        );
        let mut cold = Vec::new();
        for t in terms.iter().take(20) {
            let start = Instant::now();
            let out = Command::new(&bin)
                .arg("--db")
                .arg(&db)
                .args(["suggest", "--json", t])
                .output()
                .unwrap();
            cold.push(start.elapsed());
            assert!(out.status.code().is_some_and(|c| c <= 1), "{t}");
        }
        println!(
            "cold CLI, {name}: {} calls, p50 {:.1} ms, p95 {:.1} ms",
            cold.len(),
            ms(pct(&cold, 50)),
            ms(pct(&cold, 95))
        );
    }
    println!(
        "load average (1, 5, 15 min) at the start: {load_start}; at the end: {}",
        loadavg()
    );
}

/// The memory: TICO-19's dev half, then numbered copies of Tatoeba's pairs.
fn build(
    bin: &PathBuf,
    data: &std::path::Path,
    work: &std::path::Path,
    db: &PathBuf,
    pairs: usize,
) {
    let t = Instant::now();
    let tatoeba = std::fs::read_to_string(data.join("tatoeba/cmn.txt")).unwrap();
    let base: Vec<(&str, &str)> = tatoeba
        .lines()
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some((f.next()?, f.next()?))
        })
        .collect();
    let tsv = work.join(format!("suggest-{pairs}.tsv"));
    let mut out = BufWriter::new(std::fs::File::create(&tsv).unwrap());
    writeln!(out, "en\tzh-CN").unwrap();
    for i in 0..pairs.saturating_sub(1_536) {
        let (en, zh) = base[i % base.len()];
        let copy = i / base.len();
        writeln!(out, "{en} ({copy})\t{zh}（{copy}）").unwrap();
    }
    out.flush().unwrap();
    drop(out);
    let run = |args: &[&str]| {
        let st = Command::new(bin)
            .arg("--db")
            .arg(db)
            .args(args)
            .status()
            .unwrap();
        assert!(st.success(), "concord {args:?}");
    };
    run(&["init", "--empty"]);
    run(&[
        "tm",
        "import",
        data.join("tico19/dev.en-zh.tmx").to_str().unwrap(),
    ]);
    run(&["tm", "import", tsv.to_str().unwrap()]);
    println!("memory built in {:.1} s", t.elapsed().as_secs_f64());
}

/// The English terms of the TICO-19 glossary fixture.
fn tico_terms(data: &std::path::Path) -> Vec<String> {
    let csv = std::fs::read_to_string(data.join("fixtures/csv/tico19__g_en_zh-CN.csv")).unwrap();
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let mut terms: Vec<String> = r
        .records()
        .filter_map(|rec| rec.ok()?.get(5).map(str::to_string))
        .filter(|t| !t.trim().is_empty() && t.chars().count() <= 64)
        .collect();
    terms.sort();
    terms.dedup();
    terms
}

fn pct(times: &[Duration], p: usize) -> Duration {
    let mut v = times.to_vec();
    v.sort();
    v.get((v.len() * p / 100).min(v.len().saturating_sub(1)))
        .copied()
        .unwrap_or_default()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}
