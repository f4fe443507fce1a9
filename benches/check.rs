//! Checker benchmark: the 7,379 WMT zh→en news pairs checked against CC-CEDICT (122k concepts)
//! as the glossary, and the same term-finding job done by translate-toolkit's terminology
//! matcher (`bench/check_peer.py`), in the same run. Run with `cargo bench --bench check`;
//! skips when ../shared/data is absent, and skips the peer when no Python with
//! translate-toolkit is found (target/bench-venv, target/tt-venv, or $CONCORD_BENCH_PYTHON).
//!
//! Targets: the whole check (matcher build included) in at most 1 s; term finding at least
//! 100x faster than the peer. Results and their reading: docs/check-evaluation.md.
//!
//! Times are wall-clock; CPU time of this process is printed beside them, because the machine
//! is shared and wall-clock alone says more about the neighbours than about concord.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use concord::check::{self, CheckOptions, Glossary, input};
use concord::formats::{self, GlossaryFormat, ReadOptions};
use concord::glossary;
use concord::store::Store;
use concord::text::LangTag;

// The allocator of the `concord` binary (src/main.rs), so that the figures are the CLI's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = root.join("../shared/data");
    let cedict = data.join("cedict/cedict_1_0_ts_utf-8_mdbg.txt");
    let news: Vec<PathBuf> = ["wmt18", "wmt19", "wmt20"]
        .iter()
        .map(|y| {
            data.join(format!(
                "news/wmt_zh2en__damo_mt_testsets_zh2en_news_{y}.csv"
            ))
        })
        .collect();
    if let Some(missing) = std::iter::once(&cedict).chain(&news).find(|p| !p.exists()) {
        println!("skipped: {} is absent", missing.display());
        return;
    }
    let zh = LangTag::parse("zh").unwrap();
    let en = LangTag::parse("en").unwrap();

    // The glossary: CC-CEDICT in a temporary database, as `concord glossary import` does it.
    // The import takes a minute and is not what is measured: $CONCORD_BENCH_CHECK_DB names a
    // database to keep it in and to reuse on the next run, for profiling the rest.
    let dir = tempfile::tempdir().expect("temp dir");
    let db = std::env::var_os("CONCORD_BENCH_CHECK_DB")
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.path().join("bench.db"));
    let t = Instant::now();
    let (mut store, _) = Store::open(&db).expect("open");
    let (mut nc, mut nt) = glossary::db::counts(store.conn()).expect("counts");
    if nt == 0 {
        let read = formats::read_glossary(
            &cedict,
            Some(GlossaryFormat::Cedict),
            &ReadOptions::default(),
        )
        .expect("read CC-CEDICT");
        let tx = store.transaction().expect("tx");
        glossary::import(&tx, "cedict", "cedict", read).expect("import");
        glossary::compiled::refresh(&tx).expect("compile the matchers");
        tx.commit().expect("commit");
        (nc, nt) = glossary::db::counts(store.conn()).expect("counts");
        println!(
            "setup (not timed below): CC-CEDICT imported, {nc} concepts, {nt} terms, in {:.1} s",
            t.elapsed().as_secs_f64()
        );
    } else {
        println!(
            "setup (not timed below): CC-CEDICT as imported before into {}, {nc} concepts, {nt} terms",
            db.display()
        );
    }

    // The document: the WMT pairs as the bilingual TSV `concord check` reads.
    let pairs = read_news(&news);
    let tsv: String = pairs.iter().map(|(z, e)| format!("{z}\t{e}\n")).collect();
    let doc = input::from_tsv("news.tsv", &tsv, Some(zh.clone()), Some(en.clone())).unwrap();
    assert_eq!(doc.segments.len(), pairs.len());
    println!(
        "document: {} zh→en pairs from {} files",
        pairs.len(),
        news.len()
    );

    // (i) the matcher and the checker's glossary tables. The import compiled the matcher and
    // kept it in the store, so this reads it; on a database from an older concord (or after a
    // change to the matcher's code) the first run compiles it and keeps it, and says so below.
    let compiled_before: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM term_matcher WHERE stamp = ?1",
            [glossary::compiled::stamp()],
            |r| r.get(0),
        )
        .expect("term_matcher");
    let mut clock = Clock::start();
    let glossary = Glossary::from_store(store.conn(), Some(&zh), &en).expect("glossary");
    let build = clock.lap();
    // jieba, with the glossary's Chinese words taught to it, is loaded on its own thread while
    // the glossary is read; the first Chinese segment that needs a veto waits for it if it is
    // not ready. Shown apart so that the check below is the steady cost.
    let warm = glossary.matcher().find("南京市长江大桥", &zh);
    std::hint::black_box(warm);
    let jieba = clock.lap();
    // (ii) the five checks over the document
    let findings = check::check(&doc, &glossary, &CheckOptions::default());
    let run = clock.lap();
    let total = clock.total();
    let summary = check::summarize(doc.segments.len(), &findings);
    println!("\n== concord check, {} segments", doc.segments.len());
    println!(
        "(i)   Glossary::from_store (matcher {}): {build}",
        if compiled_before == 0 {
            "compiled and kept, none stored yet"
        } else {
            "read from the store"
        }
    );
    println!("      first Chinese find (waits for jieba): {jieba}");
    println!("(ii)  check::check over the document:       {run}");
    println!(
        "(iii) total:                                {total}   goal ≤ 1 s: {}",
        if total.wall <= Duration::from_secs(1) {
            "met"
        } else {
            "NOT met"
        }
    );
    println!(
        "      {} findings: {}",
        findings.len(),
        summary
            .by_check
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    // Steady state: the same check twice more (jieba and the allocator warm).
    let again: Vec<Duration> = (0..2)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(check::check(&doc, &glossary, &CheckOptions::default()));
            t.elapsed()
        })
        .collect();
    println!(
        "      check again, twice: {}",
        again
            .iter()
            .map(|d| format!("{:.3} s", d.as_secs_f64()))
            .collect::<Vec<_>>()
            .join(", ")
    );

    // Term finding alone, each side.
    let sources: Vec<&str> = pairs.iter().map(|(z, _)| z.as_str()).collect();
    let targets: Vec<&str> = pairs.iter().map(|(_, e)| e.as_str()).collect();
    let mut clock = Clock::start();
    let zh_hits: Vec<Vec<(usize, usize, &str)>> = sources
        .iter()
        .map(|s| {
            glossary
                .matcher()
                .find(s, &zh)
                .into_iter()
                .map(|h| (h.start, h.len, h.matched))
                .collect()
        })
        .collect();
    let find_zh = clock.lap();
    let en_hits: usize = targets
        .iter()
        .map(|s| glossary.matcher().find(s, &en).len())
        .sum();
    let find_en = clock.lap();
    println!("\n== term finding alone (TermMatcher::find)");
    println!(
        "Chinese sources: {find_zh}; {} of {} segments with a hit, {} hits (spans)",
        zh_hits.iter().filter(|h| !h.is_empty()).count(),
        sources.len(),
        zh_hits.iter().map(Vec::len).sum::<usize>()
    );
    println!("English targets: {find_en}; {en_hits} hits");

    peer(root, &cedict, &sources, &zh_hits, find_zh.wall, build.wall);
}

/// translate-toolkit's terminology matcher over the same CC-CEDICT and the same sources.
fn peer(
    root: &Path,
    cedict: &Path,
    sources: &[&str],
    concord_hits: &[Vec<(usize, usize, &str)>],
    concord_find: Duration,
    concord_build: Duration,
) {
    println!("\n== peer: translate-toolkit terminologymatcher (bench/check_peer.py)");
    let python = std::env::var_os("CONCORD_BENCH_PYTHON")
        .map(PathBuf::from)
        .into_iter()
        .chain(
            ["target/bench-venv/bin/python", "target/tt-venv/bin/python"]
                .iter()
                .map(|p| root.join(p)),
        )
        .find(|p| {
            p.exists()
                && Command::new(p)
                    .args(["-c", "import translate.search.match"])
                    .output()
                    .is_ok_and(|o| o.status.success())
        });
    let Some(python) = python else {
        println!(
            "skipped: no Python with translate-toolkit (python3 -m venv target/bench-venv && \
             target/bench-venv/bin/pip install translate-toolkit)"
        );
        return;
    };
    // The peer needs about 0.1 s of CPU a segment: it times every Nth and extrapolates.
    let every: usize = std::env::var("CONCORD_BENCH_PEER_EVERY")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    let dir = tempfile::tempdir().expect("temp dir");
    let segs = dir.path().join("sources.txt");
    let hits = dir.path().join("hits.jsonl");
    std::fs::write(&segs, sources.join("\n") + "\n").unwrap();
    let out = Command::new(&python)
        .arg(root.join("bench/check_peer.py"))
        .arg(cedict)
        .arg(&segs)
        .args(["--every", &every.to_string(), "--hits"])
        .arg(&hits)
        .output()
        .expect("run the peer");
    if !out.status.success() {
        println!(
            "peer failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
        return;
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("peer JSON");
    let f = |k: &str| v[k].as_f64().unwrap_or(f64::NAN);
    let timed = v["segments_timed"].as_u64().unwrap_or(0) as usize;
    println!(
        "build: read CC-CEDICT {:.2} s + terminologymatcher() {:.2} s; {} units given, {} kept \
         (the matcher drops every term shorter than 3 characters)",
        f("read_s"),
        f("build_s"),
        v["units_given"],
        v["units_kept"]
    );
    println!(
        "matches() over {timed} of {} segments (every {every}th): {:.1} s wall, {:.1} s CPU",
        sources.len(),
        f("match_s"),
        f("match_cpu_s")
    );
    println!(
        "extrapolated to all {} segments: {:.0} s wall, {:.0} s CPU{}",
        sources.len(),
        f("match_s_all"),
        f("match_cpu_s_all"),
        if v["extrapolated"].as_bool() == Some(true) {
            " (extrapolated from the sample)"
        } else {
            ""
        }
    );
    println!(
        "term finding ratio, translate-toolkit / concord (same {} segments): {:.0}x wall   goal ≥ 100x: {}",
        sources.len(),
        f("match_s_all") / concord_find.as_secs_f64(),
        if f("match_s_all") / concord_find.as_secs_f64() >= 100.0 {
            "met"
        } else {
            "NOT met"
        }
    );
    println!(
        "with the builds: translate-toolkit {:.1} s, concord {:.2} s (from_store + find): {:.0}x",
        f("build_s") + f("match_s_all"),
        concord_build.as_secs_f64() + concord_find.as_secs_f64(),
        (f("build_s") + f("match_s_all"))
            / (concord_build.as_secs_f64() + concord_find.as_secs_f64())
    );

    // What each found, on the sampled segments.
    let text = std::fs::read_to_string(&hits).unwrap_or_default();
    let mut tt_with = 0;
    let mut c_with = 0;
    let mut tt_n = 0;
    let mut c_n = 0;
    let mut c_short = 0;
    let mut c_with3 = 0;
    let mut tt_only: Vec<(usize, String, String)> = Vec::new();
    let mut tt_only_n = 0;
    let mut tt_cuts = 0;
    for line in text.lines() {
        let row: serde_json::Value = serde_json::from_str(line).unwrap();
        let n = row["line"].as_u64().unwrap() as usize;
        let tt: Vec<(usize, usize, String)> = row["matches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                (
                    m[0].as_u64().unwrap_or(0) as usize,
                    m[1].as_u64().unwrap_or(0) as usize,
                    m[2].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        let ours = &concord_hits[n - 1];
        tt_with += usize::from(!tt.is_empty());
        c_with += usize::from(!ours.is_empty());
        c_with3 += usize::from(ours.iter().any(|h| h.1 >= 3));
        // translate-toolkit reports each homograph unit; count distinct spans, as concord does.
        let mut tt_spans: Vec<(usize, usize, String)> = Vec::new();
        for m in tt {
            if !tt_spans.iter().any(|o| (o.0, o.1) == (m.0, m.1)) {
                tt_spans.push(m);
            }
        }
        tt_n += tt_spans.len();
        c_n += ours.len();
        c_short += ours.iter().filter(|h| h.1 < 3).count();
        let ours_spans: HashSet<(usize, usize)> = ours.iter().map(|h| (h.0, h.1)).collect();
        for m in &tt_spans {
            if ours_spans.contains(&(m.0, m.1)) {
                continue;
            }
            tt_only_n += 1;
            // An edge strictly inside a word concord recognised there: the match cuts it.
            let inside = |p: usize| ours.iter().any(|h| h.0 < p && p < h.0 + h.1);
            let cuts = inside(m.0) || inside(m.0 + m.1);
            tt_cuts += usize::from(cuts);
            let seg: Vec<char> = sources[n - 1].chars().collect();
            let (a, b) = (m.0.saturating_sub(4), (m.0 + m.1 + 4).min(seg.len()));
            let words: Vec<&str> = ours
                .iter()
                .filter(|h| h.0 < m.0 + m.1 && m.0 < h.0 + h.1)
                .map(|h| h.2)
                .collect();
            tt_only.push((
                n,
                m.2.clone(),
                format!(
                    "…{}… (concord there: {}){}",
                    seg[a..b].iter().collect::<String>(),
                    words.join("/"),
                    if cuts { ", cuts a word" } else { "" }
                ),
            ));
        }
    }
    println!(
        "on the {timed} sampled segments: with ≥1 match, concord {c_with} ({c_with3} with \
         one of ≥3 characters), translate-toolkit {tt_with}; \
         spans found, concord {c_n} ({c_short} of 1–2 characters, which translate-toolkit never \
         finds), translate-toolkit {tt_n}, of which {tt_only_n} not a concord hit \
         ({tt_cuts} with an edge inside a word concord found there)"
    );
    // Every one to a file for reading by hand, fifteen spread over the sample here.
    let all = std::env::temp_dir().join("concord-bench-check-tt-only.txt");
    let lines: Vec<String> = tt_only
        .iter()
        .map(|(n, term, ctx)| format!("line {n}: {term} in {ctx}"))
        .collect();
    let step = lines.len().div_ceil(15).max(1);
    for l in lines.iter().step_by(step) {
        println!("  translate-toolkit only, {l}");
    }
    if std::fs::write(&all, lines.join("\n") + "\n").is_ok() {
        println!("  (all {} in {})", lines.len(), all.display());
    }
}

fn read_news(files: &[PathBuf]) -> Vec<(String, String)> {
    let clean = |s: &str| s.replace(['\t', '\r', '\n'], " ").trim().to_string();
    let mut pairs = Vec::new();
    for f in files {
        let mut r = csv::Reader::from_path(f).expect("news CSV");
        for rec in r.records() {
            let rec = rec.expect("news record");
            pairs.push((clean(&rec[0]), clean(&rec[1])));
        }
    }
    pairs
}

/// Wall-clock and this process's CPU time (user + system, from /proc on Linux, in ticks of
/// 1/100 s).
struct Clock {
    start: Instant,
    lap: Instant,
    cpu_start: Option<f64>,
    cpu_lap: Option<f64>,
}

struct Span {
    wall: Duration,
    cpu: Option<f64>,
}

impl std::fmt::Display for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.3} s", self.wall.as_secs_f64())?;
        if let Some(c) = self.cpu {
            write!(f, " (CPU {c:.2} s)")?;
        }
        Ok(())
    }
}

impl Clock {
    fn start() -> Clock {
        let cpu = cpu_seconds();
        Clock {
            start: Instant::now(),
            lap: Instant::now(),
            cpu_start: cpu,
            cpu_lap: cpu,
        }
    }

    /// The time since the last lap (or the start).
    fn lap(&mut self) -> Span {
        let cpu = cpu_seconds();
        let span = Span {
            wall: self.lap.elapsed(),
            cpu: cpu.zip(self.cpu_lap).map(|(now, then)| now - then),
        };
        self.lap = Instant::now();
        self.cpu_lap = cpu;
        span
    }

    fn total(&self) -> Span {
        Span {
            wall: self.start.elapsed(),
            cpu: cpu_seconds()
                .zip(self.cpu_start)
                .map(|(now, then)| now - then),
        }
    }
}

fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}
