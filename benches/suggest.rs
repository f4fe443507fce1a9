//! `suggest` benchmark: a memory of `CONCORD_BENCH_PAIRS` pairs (default 1,000,000): the
//! TICO-19 dev memory, then Tatoeba's pairs repeated (each copy numbered, so every unit is
//! distinct) up to the size. TICO-19's glossary terms are rare in it (a few units each);
//! Tatoeba's common words are in tens of thousands of units, so they take the sample path.
//! Each term set is timed in-process (p50, p95), then a cold CLI call per term.
//!
//! Run with `cargo bench --bench suggest`. The database is cached in
//! `<target>/bench-data/suggest-<pairs>.db` (built by `support/memory.rs`, which the extract
//! benchmark shares). Skips when `../shared/data` is absent.

use std::process::Command;
use std::time::{Duration, Instant};

use concord::memory::{self, SuggestQuery};

#[path = "support/memory.rs"]
mod support;
use support::loadavg;

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
    let Some(bench) = support::setup() else {
        return;
    };
    let load_start = loadavg();
    let store = concord::database::open(&bench.db).unwrap();
    let rare = tico_terms(&bench.data);
    let common: Vec<String> = COMMON.iter().map(|s| s.to_string()).collect();
    println!("concord suggest benchmark: {} pairs", bench.pairs);
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
            let out = Command::new(&bench.bin)
                .arg("--db")
                .arg(&bench.db)
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
