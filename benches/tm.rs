//! Translation memory benchmark: a million generated English–Chinese pairs built from real
//! sentences (Tatoeba, WMT news, the shipped memory), then import, fuzzy search, concordance
//! and a cold CLI call timed, the index checked exact against the brute force shared with the
//! tests (`tests/support/oracle.rs`), and peers (pure Python, rapidfuzz, translate-toolkit)
//! timed on the same queries in the same run.
//!
//! Run with `cargo bench --bench tm`. `CONCORD_BENCH_PAIRS` sets the memory size (default
//! 1,000,000), `CONCORD_BENCH_QUERIES` the queries per set (default 1,000),
//! `CONCORD_BENCH_EXACT` the queries checked against the brute force (default 10,000),
//! `CONCORD_BENCH_PEERS=0` skips the Python peers. Skips when `../shared/data` is absent.
//! `bench/README.md` explains every number.

use std::collections::{HashMap, HashSet};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use concord::formats::pairs::PairsReader;
use concord::formats::{Input, MemoryReader, ReadOptions};
use concord::memory::MemoryImport;
use concord::memory::concordance::{ConcordanceQuery, Side, concordance};
use concord::memory::search::{self, PreparedQuery, SearchQuery};
use concord::store::Store;
use concord::text::{LangTag, script};
use oracle::{BruteIndex, BruteResult, Scratch, Segments};
use rng::Rng;

#[path = "../tests/support/oracle.rs"]
mod oracle;
#[path = "../tests/support/rng.rs"]
mod rng;

// The allocator of the `concord` binary (src/main.rs), so that the figures are the CLI's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Bump when the generator changes, so that cached files are not reused.
const GENERATOR_VERSION: u32 = 1;
const DEFAULT_SEED: u64 = 0x00C0_4C0D_2024_0001;
const MINS: [u8; 4] = [95, 85, 75, 50];

fn main() {
    let cfg = Config::from_env();
    let load_start = loadavg();
    if !cfg.data.exists() {
        println!("skipped: {} is absent", cfg.data.display());
        return;
    }
    std::fs::create_dir_all(&cfg.work).expect("bench data folder");
    println!(
        "concord TM benchmark: {} pairs, {} queries per set, {} exactness queries, seed {:#x}",
        cfg.pairs, cfg.queries, cfg.exact, cfg.seed
    );

    let corpus = Corpus::load(&cfg);
    let tsv = generate(&cfg, &corpus);
    let (store, import) = import(&cfg, &tsv);
    let sets = query_sets(&cfg, &store, &corpus);
    let fuzzy = fuzzy_latency(&store, &sets);
    let conc = concordance_latency(&cfg, &store, &corpus);
    let cold = cold_cli(&cfg, &sets, &conc);
    let exact = exactness(&cfg, &store, &corpus);
    let peers = peers(&cfg, &exact);
    summary(&cfg, &import, &fuzzy, &conc, &cold, &exact, peers.as_ref());
    println!(
        "load average (1, 5, 15 min) at the start: {load_start}; at the end: {} ({} cores; other work on the machine inflates every time above)",
        loadavg(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Configuration, randomness, timing helpers

struct Config {
    pairs: usize,
    queries: usize,
    exact: usize,
    seed: u64,
    run_peers: bool,
    root: PathBuf,
    data: PathBuf,
    /// `<target>/bench-data`: the generated TSV (cached), the database, the peers' inputs.
    work: PathBuf,
    venv: PathBuf,
}

impl Config {
    fn from_env() -> Config {
        let num = |name: &str, default: usize| -> usize {
            std::env::var(name)
                .ok()
                .map(|v| v.replace('_', ""))
                .and_then(|v| v.parse().ok())
                .unwrap_or(default)
        };
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join("target"));
        Config {
            pairs: num("CONCORD_BENCH_PAIRS", 1_000_000).max(1_000),
            queries: num("CONCORD_BENCH_QUERIES", 1_000).max(10),
            exact: num("CONCORD_BENCH_EXACT", 10_000).max(10),
            seed: num("CONCORD_BENCH_SEED", DEFAULT_SEED as usize) as u64,
            run_peers: std::env::var("CONCORD_BENCH_PEERS").map_or(true, |v| v != "0"),
            data: root.join("../shared/data"),
            work: target.join("bench-data"),
            venv: target.join("bench-venv"),
            root,
        }
    }
}

fn pct(times: &[Duration], p: usize) -> Duration {
    if times.is_empty() {
        return Duration::ZERO;
    }
    let mut v = times.to_vec();
    v.sort();
    v[(v.len() * p / 100).min(v.len() - 1)]
}

fn mean(times: &[Duration]) -> Duration {
    if times.is_empty() {
        return Duration::ZERO;
    }
    times.iter().sum::<Duration>() / times.len() as u32
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / 1048576.0
}

/// Peak and current resident set size in KiB, from `/proc/self/status`.
fn rss_kib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

/// CPU time this process has used, user and system, over all its threads.
#[cfg(unix)]
fn cpu_time() -> Duration {
    // SAFETY: getrusage only writes the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) } != 0 {
        return Duration::ZERO;
    }
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(u.ru_utime) + tv(u.ru_stime)
}

#[cfg(not(unix))]
fn cpu_time() -> Duration {
    Duration::ZERO
}

/// Resets the peak resident set size (`VmHWM`) to the current one (Linux 4.0 on), so that
/// the next peak read is the peak since now, not the generator's; whether it could.
fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// 500 MB, the import's memory target, in KiB.
const RSS_TARGET_KIB: u64 = 500_000_000 / 1024;

fn step(what: &str) {
    println!("\n== {what}");
    let _ = std::io::stdout().flush();
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Lang {
    En,
    Zh,
}

impl Lang {
    fn name(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The language range searched: what `search::source_range` infers for the script.
    fn range(self) -> LangTag {
        LangTag::parse(self.name()).expect("tag")
    }
}

// ---------------------------------------------------------------------------------------------
// 1. The real pairs and the generator

struct Corpus {
    /// Real pairs that go into the memory, in a seeded random order.
    rest: Vec<(String, String)>,
    /// The held-out 2%: real pairs whose sentences are in no memory pair.
    fresh: Vec<(String, String)>,
    /// English word occurrences (so a random pick follows word frequency).
    words: Vec<String>,
    /// Han character occurrences.
    hans: Vec<char>,
}

/// A cell as the TSV can hold it: no TAB, CR or LF inside.
fn clean(s: &str) -> String {
    s.replace(['\t', '\r', '\n'], " ").trim().to_string()
}

impl Corpus {
    fn load(cfg: &Config) -> Corpus {
        step("1. Real pairs");
        let mut pairs: Vec<(String, String)> = Vec::new();
        let mut push = |en: &str, zh: &str| {
            let (en, zh) = (clean(en), clean(zh));
            if !en.is_empty() && !zh.is_empty() {
                pairs.push((en, zh));
            }
        };
        // Tatoeba: English TAB Chinese TAB attribution; the two rows whose first TAB became
        // spaces have two fields and are left out, as the reader would.
        let tatoeba = std::fs::read_to_string(cfg.data.join("tatoeba/cmn.txt")).expect("tatoeba");
        let mut n_tatoeba = 0;
        for line in tatoeba.lines() {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() == 3 {
                push(f[0], f[1]);
                n_tatoeba += 1;
            }
        }
        let mut n_news = 0;
        let mut news: Vec<PathBuf> = std::fs::read_dir(cfg.data.join("news"))
            .expect("news")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "csv"))
            .collect();
        news.sort();
        for path in news {
            let mut r = csv::ReaderBuilder::new()
                .has_headers(true)
                .from_path(&path)
                .expect("news csv");
            for rec in r.records() {
                let rec = rec.expect("news record");
                if let (Some(zh), Some(en)) = (rec.get(0), rec.get(1)) {
                    push(en, zh);
                    n_news += 1;
                }
            }
        }
        let seed = std::fs::read_to_string(cfg.root.join("memory/seed-article.tsv"))
            .expect("shipped memory");
        let mut n_seed = 0;
        for line in seed.lines().filter(|l| !l.starts_with('#')).skip(1) {
            if let Some((en, zh)) = line.split_once('\t') {
                push(en, zh);
                n_seed += 1;
            }
        }
        let mut seen = HashSet::new();
        pairs.retain(|p| seen.insert(p.clone()));
        let total = pairs.len();
        let mut rng = Rng::new(cfg.seed, 1);
        rng.shuffle(&mut pairs);
        let held = total * 2 / 100;
        let rest = pairs.split_off(held);
        let in_memory: HashSet<&str> = rest
            .iter()
            .flat_map(|(e, z)| [e.as_str(), z.as_str()])
            .collect();
        let fresh: Vec<(String, String)> = pairs
            .into_iter()
            .filter(|(e, z)| !in_memory.contains(e.as_str()) && !in_memory.contains(z.as_str()))
            .collect();
        let mut words = Vec::new();
        let mut hans = Vec::new();
        for (en, zh) in &rest {
            for w in en.split_whitespace() {
                let w = w.trim_matches(|c: char| !c.is_alphanumeric());
                if !w.is_empty() && w.chars().all(|c| c.is_ascii_alphabetic()) {
                    words.push(w.to_lowercase());
                }
            }
            hans.extend(zh.chars().filter(|&c| script::is_han(c)));
        }
        println!(
            "Tatoeba {n_tatoeba}, WMT news {n_news}, shipped memory {n_seed}: {total} distinct pairs; \
             {} held out as fresh queries (2%, less {} whose English or Chinese is also in a memory pair), {} for the memory",
            fresh.len(),
            held - fresh.len(),
            rest.len()
        );
        Corpus {
            rest,
            fresh,
            words,
            hans,
        }
    }
}

#[derive(Clone, Copy)]
enum Edit {
    Substitute,
    Insert,
    Delete,
    Number,
}

fn pick_edit(rng: &mut Rng) -> Edit {
    match rng.below(10) {
        0..=3 => Edit::Substitute,
        4..=5 => Edit::Insert,
        6..=7 => Edit::Delete,
        _ => Edit::Number,
    }
}

/// Realistic small edits: a word (English) or a character (Chinese) substituted, inserted or
/// deleted, a number changed, drawing new words and characters from the corpus.
struct Editor<'a> {
    words: &'a [String],
    hans: &'a [char],
}

/// Digit runs of a text, as byte ranges.
fn numbers(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_ascii_digit(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

fn other_number(rng: &mut Rng, old: &str) -> String {
    let digits = old.len().clamp(1, 4);
    loop {
        let lo = if digits == 1 {
            0
        } else {
            10u64.pow(digits as u32 - 1)
        };
        let hi = 10u64.pow(digits as u32);
        let n = (lo + rng.next() % (hi - lo)).to_string();
        if n != old {
            return n;
        }
    }
}

impl Editor<'_> {
    fn word(&self, rng: &mut Rng) -> &str {
        &self.words[rng.below(self.words.len())]
    }

    fn han(&self, rng: &mut Rng) -> char {
        self.hans[rng.below(self.hans.len())]
    }

    fn english(&self, rng: &mut Rng, text: &str, edit: Edit) -> String {
        let mut w: Vec<String> = text.split_whitespace().map(str::to_string).collect();
        if w.is_empty() {
            return self.word(rng).to_string();
        }
        match edit {
            Edit::Number if !numbers(text).is_empty() => {
                let spans = numbers(text);
                let (s, e) = spans[rng.below(spans.len())];
                let new = other_number(rng, &text[s..e]);
                return format!("{}{new}{}", &text[..s], &text[e..]);
            }
            Edit::Insert => {
                let at = if w.len() >= 2 {
                    1 + rng.below(w.len() - 1)
                } else {
                    0
                };
                w.insert(at, self.word(rng).to_string());
            }
            Edit::Delete if w.len() >= 3 => {
                w.remove(rng.below(w.len() - 1));
            }
            _ => {
                let i = rng.below(w.len());
                let old = w[i].clone();
                let start = old.find(|c: char| c.is_alphanumeric()).unwrap_or(0);
                let end = old
                    .rfind(|c: char| c.is_alphanumeric())
                    .map_or(old.len(), |e| {
                        e + old[e..].chars().next().map_or(1, char::len_utf8)
                    });
                let mut new = self.word(rng).to_string();
                if old[start..].starts_with(|c: char| c.is_uppercase()) {
                    let mut cs = new.chars();
                    new = cs
                        .next()
                        .map(|c| c.to_uppercase().chain(cs).collect())
                        .unwrap_or_default();
                }
                w[i] = format!("{}{new}{}", &old[..start], &old[end.max(start)..]);
            }
        }
        w.join(" ")
    }

    fn chinese(&self, rng: &mut Rng, text: &str, edit: Edit) -> String {
        let mut cs: Vec<char> = text.chars().collect();
        let han: Vec<usize> = (0..cs.len()).filter(|&i| script::is_han(cs[i])).collect();
        match edit {
            Edit::Number if !numbers(text).is_empty() => {
                let spans = numbers(text);
                let (s, e) = spans[rng.below(spans.len())];
                let new = other_number(rng, &text[s..e]);
                return format!("{}{new}{}", &text[..s], &text[e..]);
            }
            Edit::Insert => {
                let at = rng.below(cs.len().max(1));
                cs.insert(at.min(cs.len()), self.han(rng));
            }
            Edit::Delete if han.len() >= 3 => {
                cs.remove(han[rng.below(han.len())]);
            }
            _ if han.is_empty() => cs.insert(0, self.han(rng)),
            _ => {
                let i = han[rng.below(han.len())];
                cs[i] = self.han(rng);
            }
        }
        cs.into_iter().collect()
    }

    /// A near-duplicate of a pair: `edits` edits, each applied to both sides (a number
    /// changed to the same new number on both sides when both carry it).
    fn pair(&self, rng: &mut Rng, en: &str, zh: &str, edits: usize) -> (String, String) {
        let (mut en, mut zh) = (en.to_string(), zh.to_string());
        for _ in 0..edits {
            let edit = pick_edit(rng);
            if let Edit::Number = edit {
                let spans = numbers(&en);
                if !spans.is_empty() {
                    let (s, e) = spans[rng.below(spans.len())];
                    let old = en[s..e].to_string();
                    let new = other_number(rng, &old);
                    en = format!("{}{new}{}", &en[..s], &en[e..]);
                    zh = if zh.contains(&old) {
                        zh.replacen(&old, &new, 1)
                    } else {
                        self.chinese(rng, &zh, Edit::Substitute)
                    };
                    continue;
                }
            }
            en = self.english(rng, &en, edit);
            zh = self.chinese(rng, &zh, edit);
        }
        (en, zh)
    }

    /// A query near a memory sentence: `edits` edits to one language.
    fn one(&self, rng: &mut Rng, lang: Lang, text: &str, edits: usize) -> String {
        let mut t = text.to_string();
        for _ in 0..edits {
            let edit = pick_edit(rng);
            t = match lang {
                Lang::En => self.english(rng, &t, edit),
                Lang::Zh => self.chinese(rng, &t, edit),
            };
        }
        t
    }
}

impl Corpus {
    fn editor(&self) -> Editor<'_> {
        Editor {
            words: &self.words,
            hans: &self.hans,
        }
    }
}

/// Writes `N` distinct pairs, every real memory pair first, then near-duplicates of random
/// real pairs with 1-3 edits; cached by size and seed.
fn generate(cfg: &Config, corpus: &Corpus) -> PathBuf {
    step("1. Generator");
    let path = cfg.work.join(format!(
        "pairs-{}-{:x}-v{GENERATOR_VERSION}.tsv",
        cfg.pairs, cfg.seed
    ));
    if path.exists() {
        println!("cached: {}", path.display());
        return path;
    }
    let t = Instant::now();
    let tmp = path.with_extension("tsv.part");
    let mut out = BufWriter::new(std::fs::File::create(&tmp).expect("create tsv"));
    writeln!(out, "en\tzh-CN").unwrap();
    let mut seen: HashSet<u64> = HashSet::with_capacity(cfg.pairs);
    let hash = |en: &str, zh: &str| xxhash_rust::xxh3::xxh3_64(format!("{en}\t{zh}").as_bytes());
    let mut written = 0;
    let (mut real, mut near) = (0, 0);
    for (en, zh) in corpus.rest.iter().take(cfg.pairs) {
        seen.insert(hash(en, zh));
        writeln!(out, "{en}\t{zh}").unwrap();
        written += 1;
        real += 1;
    }
    let ed = corpus.editor();
    let mut rng = Rng::new(cfg.seed, 2);
    // A pair already written (or one whose hash equals one's: a pair left out, never a pair
    // repeated) is drawn again. Should the edits run out of new pairs, the loop would never
    // end: it stops instead when a million draws in a row give nothing new.
    let (mut repeats, mut in_a_row) = (0u64, 0u64);
    while written < cfg.pairs {
        let (en, zh) = &corpus.rest[rng.below(corpus.rest.len())];
        let edits = 1 + rng.below(3);
        let (en, zh) = ed.pair(&mut rng, en, zh, edits);
        let (en, zh) = (clean(&en), clean(&zh));
        if en.is_empty() || zh.is_empty() || !seen.insert(hash(&en, &zh)) {
            repeats += 1;
            in_a_row += 1;
            assert!(
                in_a_row < 1_000_000,
                "the generator finds no new pair after {written} pairs"
            );
            continue;
        }
        in_a_row = 0;
        writeln!(out, "{en}\t{zh}").unwrap();
        written += 1;
        near += 1;
    }
    out.flush().unwrap();
    drop(out);
    std::fs::rename(&tmp, &path).expect("rename tsv");
    println!(
        "generated {written} distinct pairs ({real} real, {near} near-duplicates; {repeats} draws repeated a pair and were drawn again) in {:.1} s: {}",
        t.elapsed().as_secs_f64(),
        path.display()
    );
    path
}

// ---------------------------------------------------------------------------------------------
// 2. Import

struct ImportStats {
    pairs: usize,
    /// CPU time (user and system, both threads) over the import: on a shared machine, how
    /// much of `secs` the import had the cores for.
    cpu_secs: f64,
    /// Whether `VmHWM` was reset before the import, so that `hwm_after` is its peak.
    peak_reset: bool,
    /// The load average when the import started and when it ended.
    load: (String, String),
    read_secs: f64,
    secs: f64,
    checkpoint_secs: f64,
    imported: u64,
    duplicates: u64,
    skipped: usize,
    hwm_before: u64,
    rss_before: u64,
    hwm_after: u64,
    tsv_bytes: u64,
    db_bytes: u64,
    raw_text: u64,
    posting_bytes: u64,
    token_rows: u64,
    seq_bytes: u64,
    /// On-disk bytes by table or index (SQLite's dbstat), largest first.
    pages: Vec<(String, u64)>,
    db: PathBuf,
}

impl ImportStats {
    /// The postings' payload: posting blobs plus 16 bytes (id, df) per `tm_token` row (the
    /// token text is counted with the vocabulary's pages on disk).
    fn fuzzy_bytes(&self) -> u64 {
        self.posting_bytes + 16 * self.token_rows
    }

    fn pages_of(&self, prefix: &str) -> u64 {
        self.pages
            .iter()
            .filter(|(n, _)| n.starts_with(prefix))
            .map(|(_, b)| b)
            .sum()
    }

    fn fuzzy_pages(&self) -> u64 {
        self.pages_of("tm_posting")
            + self.pages_of("tm_token")
            + self.pages_of("sqlite_autoindex_tm_")
    }

    /// The sequences live in the variant rows (a column of their own), so their share of the
    /// file is their payload: SQLite pages cannot be split by column.
    fn seq_pages(&self) -> u64 {
        self.seq_bytes
    }

    /// The process's peak resident set during the import, when it could be told apart from
    /// the generator's: what `concord tm import` of the file needs, plus this process's
    /// corpus of real pairs.
    fn import_peak_kib(&self) -> Option<u64> {
        self.peak_reset.then_some(self.hwm_after)
    }

    fn peak_rss(&self) -> String {
        let kib = |k: u64| k as f64 / 1024.0;
        match self.import_peak_kib() {
            Some(peak) => format!(
                "{:.0} MiB ({:.0} MB) during the import, the whole process (VmHWM reset at its start, when RSS was {:.0} MiB), for a {:.0} MiB file",
                kib(peak),
                peak as f64 * 1024.0 / 1e6,
                kib(self.rss_before),
                mib(self.tsv_bytes)
            ),
            None => format!(
                "VmHWM {:.0} MiB before the import (RSS {:.0} MiB), {:.0} MiB after (it could not be reset, so the generator's peak may hide the import's), for a {:.0} MiB file",
                kib(self.hwm_before),
                kib(self.rss_before),
                kib(self.hwm_after),
                mib(self.tsv_bytes)
            ),
        }
    }

    fn per_million(&self) -> f64 {
        self.secs * 1e6 / self.imported.max(1) as f64
    }
}

fn import(cfg: &Config, tsv: &Path) -> (Store, ImportStats) {
    step("2. Import");
    let tsv_bytes = std::fs::metadata(tsv).map(|m| m.len()).unwrap_or(0);
    // Parsing alone first (this also puts the file in the page cache for the timed import).
    let t = Instant::now();
    let mut n = 0u64;
    PairsReader { delimiter: b'\t' }
        .read(
            Input::open(tsv).expect("open tsv"),
            &ReadOptions::default(),
            &mut |u| {
                n += u.variants.len() as u64;
                Ok(())
            },
        )
        .expect("read tsv");
    let read_secs = t.elapsed().as_secs_f64();

    let db = cfg.work.join(format!("tm-{}.db", cfg.pairs));
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
    }
    let peak_reset = reset_peak_rss();
    let (hwm_before, rss_before) = rss_kib();
    let load_before = loadavg();
    let cpu_before = cpu_time();
    let t = Instant::now();
    let (mut store, _) = Store::open(&db).expect("open db");
    let tx = store.import_transaction(tsv_bytes).expect("tx");
    let imp = MemoryImport::new(&tx, &tsv.display().to_string(), "tsv").expect("import");
    let report = imp
        .run(|sink| {
            PairsReader { delimiter: b'\t' }.read(Input::open(tsv)?, &ReadOptions::default(), sink)
        })
        .expect("import tsv");
    tx.commit().expect("commit");
    let secs = t.elapsed().as_secs_f64();
    let (hwm_after, _) = rss_kib();
    let load = (load_before, loadavg());
    let cpu_secs = (cpu_time() - cpu_before).as_secs_f64();
    let t = Instant::now();
    store
        .conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .expect("checkpoint");
    let checkpoint_secs = t.elapsed().as_secs_f64();

    let conn = store.conn();
    let one = |sql: &str| -> u64 {
        conn.query_row(sql, [], |r| r.get::<_, Option<i64>>(0))
            .expect(sql)
            .unwrap_or(0) as u64
    };
    let raw_text = one("SELECT sum(length(CAST(text AS BLOB))) FROM variant");
    let posting_bytes = one("SELECT sum(length(data)) FROM tm_posting");
    let token_rows = one("SELECT count(*) FROM tm_token");
    let seq_bytes = one("SELECT sum(length(toks)) FROM variant");
    let pages: Vec<(String, u64)> = conn
        .prepare("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC")
        .and_then(|mut s| {
            s.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?
                .collect()
        })
        .unwrap_or_default();
    let db_bytes = ["", "-wal"]
        .iter()
        .map(|ext| {
            std::fs::metadata(format!("{}{ext}", db.display()))
                .map(|m| m.len())
                .unwrap_or(0)
        })
        .sum();
    let stats = ImportStats {
        pairs: cfg.pairs,
        cpu_secs,
        peak_reset,
        load,
        read_secs,
        secs,
        checkpoint_secs,
        imported: report.imported,
        duplicates: report.duplicates,
        skipped: report.skipped.len(),
        hwm_before,
        rss_before,
        hwm_after,
        tsv_bytes,
        db_bytes,
        raw_text,
        posting_bytes,
        token_rows,
        seq_bytes,
        pages,
        db,
    };
    println!(
        "TSV {:.1} MiB, {n} segments: parsing alone {:.2} s",
        mib(tsv_bytes),
        read_secs
    );
    println!(
        "import + index + commit: {} units ({} duplicates, {} skipped) in {:.2} s = {:.0} pairs/s = {:.2} s per 1M pairs; WAL checkpoint after it {:.2} s; load average {} at its start, {} at its end",
        stats.imported,
        stats.duplicates,
        stats.skipped,
        secs,
        stats.imported as f64 / secs,
        stats.per_million(),
        checkpoint_secs,
        stats.load.0,
        stats.load.1
    );
    println!(
        "CPU time over the import {:.1} s (user and system, both threads): {:.2} of the {} cores on average",
        stats.cpu_secs,
        stats.cpu_secs / secs,
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!("peak RSS: {}", stats.peak_rss());
    println!(
        "database {:.1} MiB; raw text {:.1} MiB; postings {:.1} MiB payload ({:.1} MiB blobs + {} tokens), {:.1} MiB on disk with the vocabulary; token sequences {:.1} MiB payload, {:.1} MiB on disk",
        mib(stats.db_bytes),
        mib(raw_text),
        mib(stats.fuzzy_bytes()),
        mib(posting_bytes),
        token_rows,
        mib(stats.fuzzy_pages()),
        mib(seq_bytes),
        mib(stats.seq_pages()),
    );
    println!(
        "index / raw text: postings {:.2}x, sequences {:.2}x, both {:.2}x (payload); both {:.2}x (on disk)",
        stats.fuzzy_bytes() as f64 / raw_text as f64,
        seq_bytes as f64 / raw_text as f64,
        (stats.fuzzy_bytes() + seq_bytes) as f64 / raw_text as f64,
        (stats.fuzzy_pages() + stats.seq_pages()) as f64 / raw_text as f64
    );
    let top: Vec<String> = stats
        .pages
        .iter()
        .take(8)
        .map(|(n, b)| format!("{n} {:.1}", mib(*b)))
        .collect();
    println!("on disk by table, MiB: {}", top.join(", "));
    (store, stats)
}

// ---------------------------------------------------------------------------------------------
// 3. Query sets

struct QuerySet {
    name: String,
    texts: Vec<String>,
}

fn memory_text(store: &Store, unit: i64, lang: Lang) -> Option<String> {
    let tag = match lang {
        Lang::En => "en",
        Lang::Zh => "zh-CN",
    };
    store
        .conn()
        .query_row(
            "SELECT v.text FROM unit u JOIN variant v ON v.id BETWEEN u.first_variant AND u.last_variant WHERE u.id = ?1 AND v.lang = ?2",
            rusqlite::params![unit, tag],
            |r| r.get(0),
        )
        .ok()
}

fn query_sets(cfg: &Config, store: &Store, corpus: &Corpus) -> Vec<QuerySet> {
    step("3. Query sets");
    let units: i64 = store
        .conn()
        .query_row("SELECT max(id) FROM unit", [], |r| r.get(0))
        .expect("units");
    let ed = corpus.editor();
    let mut rng = Rng::new(cfg.seed, 3);
    let mut sets = Vec::new();
    for lang in [Lang::En, Lang::Zh] {
        let mut texts = Vec::with_capacity(cfg.queries);
        while texts.len() < cfg.queries {
            let unit = 1 + rng.below(units as usize) as i64;
            if let Some(t) = memory_text(store, unit, lang) {
                let edits = 1 + rng.below(2);
                texts.push(ed.one(&mut rng, lang, &t, edits));
            }
        }
        sets.push(QuerySet {
            name: format!("near {}", lang.name()),
            texts,
        });
    }
    for lang in [Lang::En, Lang::Zh] {
        let texts = corpus
            .fresh
            .iter()
            .take(cfg.queries)
            .map(|(e, z)| if lang == Lang::En { e } else { z }.clone())
            .collect();
        sets.push(QuerySet {
            name: format!("fresh {}", lang.name()),
            texts,
        });
    }
    for s in &sets {
        println!(
            "{}: {} queries, e.g. {:?}",
            s.name,
            s.texts.len(),
            s.texts[0]
        );
    }
    sets
}

// ---------------------------------------------------------------------------------------------
// 4. Fuzzy top-5 latency

struct Latency {
    set: String,
    min: u8,
    times: Vec<Duration>,
    with_hit: usize,
}

fn fuzzy_latency(store: &Store, sets: &[QuerySet]) -> Vec<Latency> {
    step("4. Fuzzy top-5 latency: search::search (top_k + translations + diff), one thread");
    let run = |text: &str, min: u8| {
        let q = SearchQuery {
            min,
            limit: 5,
            ..SearchQuery::new(text)
        };
        search::search(store.conn(), &q).expect("search")
    };
    for s in sets {
        for t in s.texts.iter().take(20) {
            run(t, 75);
        }
    }
    let mut out = Vec::new();
    for min in MINS {
        for s in sets {
            let mut times = Vec::with_capacity(s.texts.len());
            let mut with_hit = 0;
            for text in &s.texts {
                let t = Instant::now();
                let hits = run(text, min);
                times.push(t.elapsed());
                with_hit += usize::from(!hits.is_empty());
            }
            let l = Latency {
                set: s.name.clone(),
                min,
                times,
                with_hit,
            };
            println!(
                "min {min:>2}, {:<8}: {} queries, p50 {:.3} ms, p95 {:.3} ms, p99 {:.3} ms, mean {:.3} ms, max {:.3} ms; {} with a hit",
                l.set,
                l.times.len(),
                ms(pct(&l.times, 50)),
                ms(pct(&l.times, 95)),
                ms(pct(&l.times, 99)),
                ms(mean(&l.times)),
                ms(pct(&l.times, 100)),
                l.with_hit
            );
            out.push(l);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// 6. Concordance (before 5, whose concord calls reuse these queries)

struct Concordance {
    kind: &'static str,
    texts: Vec<String>,
    times: Vec<Duration>,
    with_hit: usize,
}

fn top_by_count<T: std::hash::Hash + Eq + Clone + Ord>(
    items: impl Iterator<Item = T>,
    n: usize,
) -> Vec<T> {
    let mut counts: HashMap<T, usize> = HashMap::new();
    for i in items {
        *counts.entry(i).or_default() += 1;
    }
    let mut v: Vec<(usize, T)> = counts.into_iter().map(|(k, c)| (c, k)).collect();
    v.sort_by(|a, b| b.cmp(a));
    v.into_iter().take(n).map(|(_, k)| k).collect()
}

fn concordance_latency(cfg: &Config, store: &Store, corpus: &Corpus) -> Vec<Concordance> {
    step("6. Concordance latency: concordance(), both sides, limit 20");
    let n = (cfg.queries / 2).max(10);
    let mut rng = Rng::new(cfg.seed, 6);
    let units: i64 = store
        .conn()
        .query_row("SELECT max(id) FROM unit", [], |r| r.get(0))
        .expect("units");
    // Common characters and bigrams: drawn evenly from the 500 most frequent in the corpus.
    let chars = top_by_count(corpus.hans.iter().copied(), 500);
    let bigrams = top_by_count(
        corpus.rest.iter().flat_map(|(_, zh)| {
            let cs: Vec<char> = zh.chars().collect();
            cs.windows(2)
                .filter(|w| script::is_han(w[0]) && script::is_han(w[1]))
                .map(|w| w.iter().collect::<String>())
                .collect::<Vec<_>>()
        }),
        500,
    );
    let zh1: Vec<String> = (0..n)
        .map(|_| chars[rng.below(chars.len())].to_string())
        .collect();
    let zh2: Vec<String> = (0..n)
        .map(|_| bigrams[rng.below(bigrams.len())].clone())
        .collect();
    // Longer phrases: pieces of memory segments, 3-5 Han characters or 1-3 English words.
    let mut zh3 = Vec::new();
    let mut en3 = Vec::new();
    while zh3.len() < n || en3.len() < n {
        let unit = 1 + rng.below(units as usize) as i64;
        if zh3.len() < n
            && let Some(t) = memory_text(store, unit, Lang::Zh)
        {
            let cs: Vec<char> = t.chars().collect();
            let len = 3 + rng.below(3);
            if cs.len() >= len {
                let s = rng.below(cs.len() - len + 1);
                if cs[s..s + len].iter().all(|&c| script::is_han(c)) {
                    zh3.push(cs[s..s + len].iter().collect());
                }
            }
        }
        if en3.len() < n
            && let Some(t) = memory_text(store, unit, Lang::En)
        {
            let w: Vec<&str> = t
                .split_whitespace()
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                .collect();
            let len = 1 + rng.below(3);
            if w.len() >= len {
                let s = rng.below(w.len() - len + 1);
                let phrase = w[s..s + len].join(" ");
                if phrase.chars().count() >= 3 && w[s..s + len].iter().all(|x| !x.is_empty()) {
                    en3.push(phrase);
                }
            }
        }
    }
    let mut out = Vec::new();
    for (kind, texts) in [
        ("zh, 1 character", zh1),
        ("zh, 2 characters", zh2),
        ("zh, 3-5 characters", zh3),
        ("en, 3+ characters", en3),
    ] {
        let mut times = Vec::with_capacity(texts.len());
        let mut with_hit = 0;
        for text in &texts {
            let q = ConcordanceQuery {
                text: text.clone(),
                side: Side::Both,
                lang: None,
                limit: 20,
            };
            let t = Instant::now();
            let hits = concordance(store.conn(), &q).expect("concordance");
            times.push(t.elapsed());
            with_hit += usize::from(!hits.is_empty());
        }
        let slowest = texts
            .iter()
            .zip(&times)
            .max_by_key(|(_, d)| **d)
            .map(|(t, _)| t.clone())
            .unwrap_or_default();
        println!(
            "{kind:<19}: {} queries, p50 {:.3} ms, p99 {:.3} ms, mean {:.3} ms, max {:.3} ms ({slowest:?}); {with_hit} with a hit",
            texts.len(),
            ms(pct(&times, 50)),
            ms(pct(&times, 99)),
            ms(mean(&times)),
            ms(pct(&times, 100)),
        );
        out.push(Concordance {
            kind,
            texts,
            times,
            with_hit,
        });
    }
    out
}

// ---------------------------------------------------------------------------------------------
// 5. Cold CLI

struct Cold {
    search: Vec<Duration>,
    concord: Vec<Duration>,
}

fn cold_cli(cfg: &Config, sets: &[QuerySet], conc: &[Concordance]) -> Cold {
    step("5. Cold CLI: a new `concord` process per query (release binary)");
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_concord"));
    let db = cfg.work.join(format!("tm-{}.db", cfg.pairs));
    let run = |args: &[&str]| {
        let t = Instant::now();
        let out = Command::new(&bin)
            .arg("--db")
            .arg(&db)
            .args(args)
            .output()
            .expect("run concord");
        let d = t.elapsed();
        assert!(
            out.status.code().is_some_and(|c| c <= 1),
            "concord {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        d
    };
    let mut search = Vec::new();
    for i in 0..30 {
        let set = &sets[i % 2];
        let text = &set.texts[(i / 2) % set.texts.len()];
        search.push(run(&["tm", "search", text]));
    }
    let mut concord = Vec::new();
    for i in 0..30 {
        let c = &conc[i % conc.len()];
        concord.push(run(&[
            "tm",
            "concord",
            &c.texts[(i / conc.len()) % c.texts.len()],
        ]));
    }
    println!(
        "tm search (near queries, default --min 70): {} calls, p50 {:.1} ms, p99 {:.1} ms",
        search.len(),
        ms(pct(&search, 50)),
        ms(pct(&search, 99))
    );
    println!(
        "tm concord (1-5 Han characters, 1-3 English words): {} calls, p50 {:.1} ms, p99 {:.1} ms",
        concord.len(),
        ms(pct(&concord, 50)),
        ms(pct(&concord, 99))
    );
    Cold { search, concord }
}

// ---------------------------------------------------------------------------------------------
// 7. Exactness: the index against a brute force over every segment

struct ExactQuery {
    set: &'static str,
    lang: Lang,
    text: String,
}

struct ExactRun {
    min: u8,
    compared: usize,
    mismatches: usize,
    disagreements: usize,
    concord: Vec<Duration>,
    brute: Vec<Duration>,
    best_base: Vec<Option<u8>>,
}

struct Exactness {
    queries: Vec<ExactQuery>,
    runs: Vec<ExactRun>,
    vocab: usize,
    build_secs: f64,
    index: BruteIndex,
}

fn exactness(cfg: &Config, store: &Store, corpus: &Corpus) -> Exactness {
    step("7. Exactness: top_k(brute = false) against an in-memory brute force");
    let t = Instant::now();
    let index = BruteIndex::build(store.conn());
    let build_secs = t.elapsed().as_secs_f64();
    println!(
        "brute force: {} English and {} Chinese segments tokenised ({} distinct tokens) in {:.1} s",
        index.segments("en").len(),
        index.segments("zh").len(),
        index.vocab.len(),
        build_secs
    );
    // Every fresh sentence in both languages, the rest near queries, shuffled together.
    let mut queries: Vec<ExactQuery> = Vec::new();
    for (en, zh) in &corpus.fresh {
        queries.push(ExactQuery {
            set: "fresh",
            lang: Lang::En,
            text: en.clone(),
        });
        queries.push(ExactQuery {
            set: "fresh",
            lang: Lang::Zh,
            text: zh.clone(),
        });
    }
    queries.truncate(cfg.exact / 2);
    let ed = corpus.editor();
    let mut rng = Rng::new(cfg.seed, 7);
    while queries.len() < cfg.exact {
        let lang = if rng.chance(50) { Lang::En } else { Lang::Zh };
        let segs = index.segments(lang.name());
        let i = rng.below(segs.len());
        let edits = 1 + rng.below(2);
        queries.push(ExactQuery {
            set: "near",
            lang,
            text: ed.one(&mut rng, lang, segs.text(i), edits),
        });
    }
    rng.shuffle(&mut queries);

    let mut runs = Vec::new();
    for (min, count) in [(75u8, queries.len()), (50u8, (queries.len() / 5).max(1))] {
        let qs = &queries[..count];
        let mut concord = Vec::with_capacity(count);
        let mut results = Vec::with_capacity(count);
        let t = Instant::now();
        for q in qs {
            let range = q.lang.range();
            let start = Instant::now();
            let prepared = PreparedQuery::new(&q.text, range.clone());
            let hits =
                search::top_k(store.conn(), &prepared, &range, min, 5, false).expect("top_k");
            concord.push(start.elapsed());
            results.push(hits);
        }
        let concord_secs = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let brute: Vec<(Duration, BruteResult)> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..2)
                .map(|tid| {
                    let index = &index;
                    s.spawn(move || {
                        let mut scratch = Scratch::new(index);
                        qs.iter()
                            .enumerate()
                            .filter(|(i, _)| i % 2 == tid)
                            .map(|(i, q)| {
                                let start = Instant::now();
                                let r = index.top_k(&q.lang.range(), &q.text, min, 5, &mut scratch);
                                (i, start.elapsed(), r)
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            let mut all: Vec<(usize, Duration, BruteResult)> = handles
                .into_iter()
                .flat_map(|h| h.join().unwrap())
                .collect();
            all.sort_by_key(|(i, _, _)| *i);
            all.into_iter().map(|(_, d, r)| (d, r)).collect()
        });
        let brute_secs = t.elapsed().as_secs_f64();
        let mut mismatches = 0;
        let mut disagreements = 0;
        for (i, (q, (fast, (_, slow)))) in qs.iter().zip(results.iter().zip(&brute)).enumerate() {
            disagreements += slow.disagreements;
            if *fast != slow.top {
                mismatches += 1;
                if mismatches <= 5 {
                    println!(
                        "MISMATCH #{mismatches} (query {i}, {} {}, min {min}): {:?}\n  concord: {fast:#?}\n  brute force: {:#?}",
                        q.set,
                        q.lang.name(),
                        q.text,
                        slow.top
                    );
                }
            }
        }
        let run = ExactRun {
            min,
            compared: count,
            mismatches,
            disagreements,
            concord,
            brute: brute.iter().map(|(d, _)| *d).collect(),
            best_base: brute.iter().map(|(_, r)| r.best_base).collect(),
        };
        println!(
            "min {min}: {count} queries compared ({} near, {} fresh; {} en, {} zh), {mismatches} mismatches, {disagreements} tokenisation disagreements; \
             concord top_k p50 {:.3} ms p99 {:.3} ms ({concord_secs:.1} s); brute force p50 {:.2} ms p99 {:.2} ms per query ({brute_secs:.1} s on 2 threads)",
            qs.iter().filter(|q| q.set == "near").count(),
            qs.iter().filter(|q| q.set == "fresh").count(),
            qs.iter().filter(|q| q.lang == Lang::En).count(),
            qs.iter().filter(|q| q.lang == Lang::Zh).count(),
            ms(pct(&run.concord, 50)),
            ms(pct(&run.concord, 99)),
            ms(pct(&run.brute, 50)),
            ms(pct(&run.brute, 99)),
        );
        runs.push(run);
    }
    Exactness {
        queries,
        runs,
        vocab: index.vocab.len(),
        build_secs,
        index,
    }
}

// ---------------------------------------------------------------------------------------------
// 8. Peers in Python

struct Peer {
    name: String,
    data: String,
    queries: usize,
    p50: Duration,
    /// p50 scaled linearly to the whole memory language, when it ran on a subset.
    scaled_p50: Option<Duration>,
    concord_p50: Duration,
    note: String,
}

/// `count, count lengths, tokens` as little-endian u32: what `bench/peers.py` reads.
fn write_segments(path: &Path, segs: &Segments) {
    let mut words: Vec<u32> = Vec::with_capacity(1 + segs.len() + segs.toks.len());
    words.push(segs.len() as u32);
    words.extend((0..segs.len()).map(|i| segs.tokens(i).len() as u32));
    words.extend_from_slice(&segs.toks);
    let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    std::fs::write(path, bytes).expect("segments file");
}

fn venv_python(cfg: &Config) -> Result<PathBuf, String> {
    let python = cfg.venv.join("bin/python");
    let req = cfg.root.join("bench/requirements.txt");
    let wanted = std::fs::read_to_string(&req).map_err(|e| format!("{}: {e}", req.display()))?;
    let stamp = cfg.venv.join("requirements.installed");
    if !python.exists() {
        let out = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&cfg.venv)
            .output()
            .map_err(|e| format!("python3 -m venv: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "python3 -m venv failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
    }
    if std::fs::read_to_string(&stamp).ok().as_deref() != Some(wanted.as_str()) {
        println!("installing {} into {}", req.display(), cfg.venv.display());
        let out = Command::new(&python)
            .args(["-m", "pip", "install", "-q", "-r"])
            .arg(&req)
            .output()
            .map_err(|e| format!("pip: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "pip install -r bench/requirements.txt failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        let _ = std::fs::write(&stamp, &wanted);
    }
    Ok(python)
}

fn peers(cfg: &Config, exact: &Exactness) -> Option<Vec<Peer>> {
    step("8. Peers (Python), on the same queries");
    if !cfg.run_peers {
        println!("skipped: CONCORD_BENCH_PEERS=0");
        return None;
    }
    let python = match venv_python(cfg) {
        Ok(p) => p,
        Err(why) => {
            println!("skipped: {why}");
            return None;
        }
    };
    let dir = cfg.work.join("peers");
    std::fs::create_dir_all(&dir).expect("peers folder");
    let idx = &exact.index;
    let (en, zh) = (idx.segments("en"), idx.segments("zh"));
    write_segments(&dir.join("seg-en.bin"), en);
    write_segments(&dir.join("seg-zh.bin"), zh);
    let run75 = &exact.runs[0];
    let peer_queries = 200.min(run75.compared);
    {
        let mut out = BufWriter::new(std::fs::File::create(dir.join("queries.jsonl")).unwrap());
        for (q, best) in exact
            .queries
            .iter()
            .zip(&run75.best_base)
            .take(peer_queries)
        {
            let line = serde_json::json!({
                "set": q.set, "lang": q.lang.name(), "text": q.text,
                "tokens": idx.ids(&q.text), "best_base": best,
            });
            writeln!(out, "{line}").unwrap();
        }
        out.flush().unwrap();
    }
    // translate-toolkit works on the raw text of a subset of units: every k-th unit.
    let ttk_subset = 100_000.min(en.len());
    {
        let mut out = BufWriter::new(std::fs::File::create(dir.join("units.jsonl")).unwrap());
        let stride = (en.len() / ttk_subset).max(1);
        let zh_of: HashMap<i64, usize> = (0..zh.len()).map(|i| (zh.unit[i], i)).collect();
        for i in (0..en.len()).step_by(stride).take(ttk_subset) {
            if let Some(&j) = zh_of.get(&en.unit[i]) {
                writeln!(out, "{}", serde_json::json!([en.text(i), zh.text(j)])).unwrap();
            }
        }
        out.flush().unwrap();
    }
    let script = cfg.root.join("bench/peers.py");
    let out = Command::new(&python)
        .arg(&script)
        .arg("--dir")
        .arg(&dir)
        .args(["--min", "75", "--limit", "5"])
        .args(["--py-subset", "10000", "--py-queries", "20"])
        .args([
            "--ttk-subset",
            &ttk_subset.to_string(),
            "--ttk-queries",
            "200",
        ])
        .stderr(Stdio::inherit())
        .output();
    let out = match out {
        Ok(o) if o.status.success() => o,
        Ok(o) => {
            println!("skipped: bench/peers.py exited with {}", o.status);
            return None;
        }
        Err(e) => {
            println!("skipped: cannot run bench/peers.py: {e}");
            return None;
        }
    };
    let report: serde_json::Value = match serde_json::from_slice(&out.stdout) {
        Ok(v) => v,
        Err(e) => {
            println!("skipped: bench/peers.py printed no JSON report ({e})");
            return None;
        }
    };
    println!("versions: {}", report["versions"]);
    let secs = |v: &serde_json::Value| Duration::from_secs_f64(v.as_f64().unwrap_or(0.0) / 1e3);
    let concord_p50 = |n: usize| pct(&run75.concord[..n.min(run75.concord.len())], 50);
    let mut peers = Vec::new();
    for (name, key) in [
        ("pure-Python Levenshtein over token lists", "python"),
        ("rapidfuzz process.extract over token strings", "rapidfuzz"),
        ("translate-toolkit matcher (characters)", "ttk"),
    ] {
        let r = &report[key];
        if r.is_null() {
            println!("{name}: no result ({})", report["errors"][key]);
            continue;
        }
        let queries = r["queries"].as_u64().unwrap_or(0) as usize;
        let peer = Peer {
            name: name.to_string(),
            data: r["data"].as_str().unwrap_or("").to_string(),
            queries,
            p50: secs(&r["p50_ms"]),
            scaled_p50: r.get("scaled_p50_ms").map(secs),
            concord_p50: concord_p50(queries),
            note: r["note"].as_str().unwrap_or("").to_string(),
        };
        let effective = peer.scaled_p50.unwrap_or(peer.p50);
        println!(
            "{name}: {} queries on {}: p50 {:.2} ms{}; concord top_k p50 on the same queries {:.3} ms: peer / concord {:.0}x. {}",
            peer.queries,
            peer.data,
            ms(peer.p50),
            peer.scaled_p50
                .map(|s| format!(" (scaled to the whole memory: {:.1} ms)", ms(s)))
                .unwrap_or_default(),
            ms(peer.concord_p50),
            ms(effective) / ms(peer.concord_p50),
            peer.note
        );
        peers.push(peer);
    }
    Some(peers)
}

// ---------------------------------------------------------------------------------------------
// 9. Summary

fn verdict(value: f64, target: f64, unit: &str) -> String {
    if value <= target {
        "reached".to_string()
    } else {
        format!(
            "MISSED by {:.3} {unit} ({:.1}x)",
            value - target,
            value / target
        )
    }
}

fn summary(
    cfg: &Config,
    import: &ImportStats,
    fuzzy: &[Latency],
    conc: &[Concordance],
    cold: &Cold,
    exact: &Exactness,
    peers: Option<&Vec<Peer>>,
) {
    step(&format!("9. Summary ({} pairs)", import.pairs));
    let mut rows: Vec<(String, String, String)> = Vec::new();
    let mut row = |what: String, value: String, target: String| rows.push((what, value, target));

    row(
        "import + index + commit".into(),
        format!(
            "{:.1} s ({:.0} pairs/s, {:.2} s per 1M); parse alone {:.1} s; checkpoint {:.1} s",
            import.secs,
            import.imported as f64 / import.secs,
            import.per_million(),
            import.read_secs,
            import.checkpoint_secs
        ),
        if import.pairs >= 10_000_000 {
            format!(
                "≤ 15 s per 1M: {}; ≤ 100 s for 10M: {}",
                verdict(import.per_million(), 15.0, "s"),
                verdict(import.per_million() * 10.0, 100.0, "s")
            )
        } else {
            format!(
                "≤ 15 s per 1M: {}",
                verdict(import.per_million(), 15.0, "s")
            )
        },
    );
    row(
        "load average during the import".into(),
        format!(
            "{} at its start, {} at its end; CPU time {:.1} s ({:.2} cores on average)",
            import.load.0,
            import.load.1,
            import.cpu_secs,
            import.cpu_secs / import.secs
        ),
        String::new(),
    );
    row(
        "peak RSS during the import".into(),
        import.peak_rss(),
        match import.import_peak_kib() {
            Some(peak) => format!(
                "≤ 500 MB: {}",
                verdict(peak as f64 / 1024.0, RSS_TARGET_KIB as f64 / 1024.0, "MiB")
            ),
            None => "≤ 500 MB: not measured".into(),
        },
    );
    let both = (import.fuzzy_bytes() + import.seq_bytes) as f64 / import.raw_text as f64;
    let both_disk = (import.fuzzy_pages() + import.seq_pages()) as f64 / import.raw_text as f64;
    row(
        "sizes".into(),
        format!(
            "DB {:.0} MiB; raw text {:.0} MiB; postings {:.0} MiB ({:.2}x); sequences {:.0} MiB ({:.2}x); both {:.2}x payload, {:.2}x on disk",
            mib(import.db_bytes),
            mib(import.raw_text),
            mib(import.fuzzy_bytes()),
            import.fuzzy_bytes() as f64 / import.raw_text as f64,
            mib(import.seq_bytes),
            import.seq_bytes as f64 / import.raw_text as f64,
            both,
            both_disk
        ),
        format!(
            "index ≤ 3x raw text: {} (postings, vocabulary and sequences on disk)",
            verdict(both_disk, 3.0, "x")
        ),
    );
    for l in fuzzy {
        let (p50, p95, p99) = (
            ms(pct(&l.times, 50)),
            ms(pct(&l.times, 95)),
            ms(pct(&l.times, 99)),
        );
        let target = if l.min >= 75 {
            format!(
                "p50 ≤ 1 ms: {}; p99 ≤ 5 ms: {}",
                verdict(p50, 1.0, "ms"),
                verdict(p99, 5.0, "ms")
            )
        } else {
            format!(
                "≤ 50 ms: p50 {}; p95 {}; p99 {}",
                verdict(p50, 50.0, "ms"),
                verdict(p95, 50.0, "ms"),
                verdict(p99, 50.0, "ms")
            )
        };
        row(
            format!("fuzzy top-5, min {}, {}", l.min, l.set),
            format!(
                "p50 {p50:.3} ms, p95 {p95:.3} ms, p99 {p99:.3} ms, mean {:.3} ms; {}/{} with a hit",
                ms(mean(&l.times)),
                l.with_hit,
                l.times.len()
            ),
            target,
        );
    }
    for (what, times) in [
        ("cold CLI tm search", &cold.search),
        ("cold CLI tm concord", &cold.concord),
    ] {
        let (p50, p99) = (ms(pct(times, 50)), ms(pct(times, 99)));
        row(
            what.into(),
            format!("p50 {p50:.1} ms, p99 {p99:.1} ms ({} calls)", times.len()),
            format!(
                "≤ 50 ms: p50 {}; p99 {}",
                verdict(p50, 50.0, "ms"),
                verdict(p99, 50.0, "ms")
            ),
        );
    }
    for c in conc {
        let (p50, p99) = (ms(pct(&c.times, 50)), ms(pct(&c.times, 99)));
        let target = if c.kind.contains("1 character") || c.kind.contains("2 characters") {
            5.0
        } else {
            1.0
        };
        row(
            format!("concordance, {}", c.kind),
            format!(
                "p50 {p50:.3} ms, p99 {p99:.3} ms; {}/{} with a hit",
                c.with_hit,
                c.times.len()
            ),
            format!(
                "≤ {target} ms: p50 {}; p99 {}",
                verdict(p50, target, "ms"),
                verdict(p99, target, "ms")
            ),
        );
    }
    for r in &exact.runs {
        row(
            format!("exactness, min {}", r.min),
            format!(
                "{} queries, {} mismatches, {} tokenisation disagreements",
                r.compared, r.mismatches, r.disagreements
            ),
            if r.mismatches == 0 && r.disagreements == 0 {
                "0 mismatches: reached".into()
            } else {
                "0 mismatches: MISSED".into()
            },
        );
    }
    let r75 = &exact.runs[0];
    let ratio = ms(pct(&r75.brute, 50)) / ms(pct(&r75.concord, 50));
    row(
        "brute force in Rust (rapidfuzz, in memory), min 75".into(),
        format!(
            "p50 {:.2} ms vs concord top_k {:.3} ms: {ratio:.1}x",
            ms(pct(&r75.brute, 50)),
            ms(pct(&r75.concord, 50))
        ),
        format!(
            "≥ 100x faster: {}",
            if ratio >= 100.0 {
                "reached".to_string()
            } else {
                format!("MISSED ({ratio:.1}x)")
            }
        ),
    );
    if let Some(peers) = peers {
        for p in peers {
            let eff = p.scaled_p50.unwrap_or(p.p50);
            let ratio = ms(eff) / ms(p.concord_p50);
            row(
                format!("peer: {}", p.name),
                format!(
                    "p50 {:.1} ms on {}{} vs concord {:.3} ms: {ratio:.1}x",
                    ms(p.p50),
                    p.data,
                    p.scaled_p50
                        .map(|s| format!(", {:.0} ms scaled to 1 language of the memory", ms(s)))
                        .unwrap_or_default(),
                    ms(p.concord_p50)
                ),
                format!(
                    "≥ 100x faster: {}",
                    if ratio >= 100.0 {
                        "reached".to_string()
                    } else {
                        format!("MISSED ({ratio:.1}x)")
                    }
                ),
            );
        }
    } else {
        row("peers (Python)".into(), "skipped".into(), String::new());
    }
    let w0 = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
    let w1 = rows.iter().map(|r| r.1.chars().count()).max().unwrap_or(0);
    for (a, b, c) in &rows {
        println!(
            "{a}{} | {b}{} | {c}",
            " ".repeat(w0 - a.chars().count()),
            " ".repeat(w1 - b.chars().count())
        );
    }
    println!(
        "\n(seed {:#x}; data {}; database {}; brute-force vocabulary {} tokens, built in {:.1} s)",
        cfg.seed,
        cfg.data.display(),
        import.db.display(),
        exact.vocab,
        exact.build_secs
    );
}
