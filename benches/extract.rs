//! `glossary extract` benchmark (issue #15: at most 60 s on a million pairs), on the memory
//! the suggest benchmark builds (`support/memory.rs`), English terms, Chinese renderings,
//! the CLI's defaults (`--min-count 3 --limit 200`). It times, in one run:
//!
//! 1. the counting pass alone (`limit` 0: every unit read and cut, C-value, no rendering);
//! 2. the peer: a plain n-gram counter over the same English segments (every run of one to
//!    four lower-cased words, as a `String` key in a std `HashMap`, no filters and no
//!    C-value), the cost of counting with nothing clever;
//! 3. the whole extraction, in-process and as a cold CLI call;
//! 4. the whole extraction with `suggest` reading 500 units per candidate instead of
//!    [`RENDER_SAMPLE`], and how many of the renderings that changes.
//!
//! Run with `cargo bench --bench extract` (`CONCORD_BENCH_PAIRS` sets the size). Skips when
//! `../shared/data` is absent.

use std::collections::HashMap;
use std::process::Command;
use std::time::Instant;

use concord::extract::{ExtractRequest, Extraction, RENDER_SAMPLE, extract};
use concord::text::LangTag;

#[path = "support/memory.rs"]
mod support;
use support::loadavg;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let Some(bench) = support::setup() else {
        return;
    };
    let load_start = loadavg();
    let store = concord::database::open(&bench.db).unwrap();
    let req = ExtractRequest {
        from: LangTag::parse("en").unwrap(),
        to: LangTag::parse("zh-CN").unwrap(),
        min_count: 3,
        limit: 200,
        sample: RENDER_SAMPLE,
    };
    println!(
        "concord glossary extract benchmark: {} pairs, en to zh-CN",
        bench.pairs
    );

    let (counted, s) = timed(|| {
        extract(
            &store,
            &ExtractRequest {
                limit: 0,
                ..req.clone()
            },
        )
        .unwrap()
    });
    println!(
        "counting pass: {s:.2} s for {} units, {} candidates with at least {} occurrences",
        counted.units, counted.found, req.min_count
    );
    let (distinct, peer) = timed(|| plain_count(&store));
    println!(
        "peer, plain n-gram counter on the same segments: {peer:.2} s ({distinct} distinct n-grams); counting pass / peer = {:.2}",
        s / peer
    );

    let (full, whole) = timed(|| extract(&store, &req).unwrap());
    println!(
        "whole extraction (limit {}, suggest sample {RENDER_SAMPLE}): {whole:.2} s, of which rendering {:.2} s ({:.1} ms a candidate)",
        req.limit,
        whole - s,
        (whole - s) * 1e3 / full.candidates.len().max(1) as f64
    );
    let start = Instant::now();
    let out = Command::new(&bench.bin)
        .arg("--db")
        .arg(&bench.db)
        .args(["glossary", "extract", "-o", "/dev/null"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    println!(
        "cold CLI call `concord glossary extract -o /dev/null`: {:.2} s (goal: at most 60 s)",
        start.elapsed().as_secs_f64()
    );

    let small = 500;
    let (sampled, t) = timed(|| {
        extract(
            &store,
            &ExtractRequest {
                sample: small,
                ..req.clone()
            },
        )
        .unwrap()
    });
    println!(
        "whole extraction with suggest sample {small}: {t:.2} s ({:.2} of the default's time); renderings that differ from the default's: {} of {}",
        t / whole,
        differing(&full, &sampled),
        full.candidates.len()
    );
    println!(
        "load average (1, 5, 15 min) at the start: {load_start}; at the end: {}",
        loadavg()
    );
}

/// The value `f` gives and the seconds it took.
fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let start = Instant::now();
    let v = f();
    (v, start.elapsed().as_secs_f64())
}

/// Counts every run of one to four words of the English segments, lower-cased, with no
/// filter: the number of distinct runs.
fn plain_count(store: &concord::store::Store) -> usize {
    let mut stmt = store
        .conn()
        .prepare("SELECT text FROM variant WHERE lang = 'en'")
        .unwrap();
    let mut rows = stmt.query([]).unwrap();
    let mut counts: HashMap<String, u32> = HashMap::new();
    while let Some(r) = rows.next().unwrap() {
        let text: String = r.get(0).unwrap();
        let words: Vec<String> = text
            .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        for n in 1..=4 {
            for w in words.windows(n) {
                *counts.entry(w.join(" ")).or_default() += 1;
            }
        }
    }
    counts.len()
}

/// How many candidates' renderings differ between two extractions of the same candidates.
fn differing(a: &Extraction, b: &Extraction) -> usize {
    let text = |c: &concord::extract::Candidate| c.rendering.as_ref().map(|r| r.text.clone());
    a.candidates
        .iter()
        .zip(&b.candidates)
        .filter(|(x, y)| x.text != y.text || text(x) != text(y))
        .count()
}
