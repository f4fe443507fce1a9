//! `concord serve` under load: the real binary, as users start it, on the 1M-pair memory of
//! `support/memory.rs` with CC-CEDICT imported into the glossary, asked by 8 concurrent
//! clients (8 threads, one keep-alive connection each, ureq) for a fixed time per endpoint:
//! `/api/lookup`, `/api/tm/search`, `/api/tm/concord` and `/api/suggest`. Each endpoint is
//! timed four ways on the same queries, in the same run:
//!
//! - the server with 8 clients (the target: p95 ≤ 20 ms for lookup and search, ≤ 50 ms for
//!   concordance);
//! - the server with 1 client (its latency without queueing);
//! - the CLI with 8 clients, a `concord --json …` process per query (the peer);
//! - the library call in-process, one thread (the floor).
//!
//! Queries are drawn with a seeded generator from the data, never one query repeated:
//! lookups of CC-CEDICT headwords and English glosses, some with a typo; searches for held-out
//! sentences (WMT news, which is not in the memory) and for memory sentences with a word or
//! character changed; concordance fragments of 1–4 Han characters and 1–3 English words cut
//! from Tatoeba; suggestions for CC-CEDICT terms. Before timing, the first queries' answers
//! are checked byte for byte against the CLI's, so both do the same work.
//!
//! Run with `cargo bench --bench serve`. `CONCORD_BENCH_PAIRS` sets the memory size (default
//! 1,000,000), `CONCORD_BENCH_SECONDS` the time per endpoint with 8 clients (default 20; the
//! other rows get a half or a quarter of it), `CONCORD_BENCH_CLIENTS` the clients (default 8).
//! The database is cached as `<target>/bench-data/serve-<pairs>.db`. Skips when
//! `../shared/data` is absent. `bench/README.md` ("serve under load") gives the figures.
//!
//! `CONCORD_BENCH_PG=1` also moves that database into PostgreSQL (`concord migrate`, on the
//! server `tests/support/pg.rs` gives: `CONCORD_TEST_PG`, else a throwaway cluster), starts a
//! second `concord serve` on it, checks that its first answers equal the SQLite server's, and
//! times it with the same queries and clients right after the SQLite server, endpoint by
//! endpoint, reporting both side by side (and the database backends' CPU per request).

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use concord::answer;
use concord::glossary::LookupQuery;
use concord::memory::{self, ConcordanceQuery, SearchQuery, SuggestQuery};
use concord::store::Store;
use concord::text::script;
use rng::Rng;

#[path = "../tests/support/pg.rs"]
mod pg;
#[path = "../tests/support/rng.rs"]
mod rng;
#[path = "support/memory.rs"]
mod support;
use support::loadavg;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SEED: u64 = 0x5E4E_10AD_2026_0016;
/// Queries drawn per endpoint.
const QUERIES: usize = 2_000;
/// Queries whose server answer is compared with the CLI's before timing.
const COMPARED: usize = 5;

fn main() {
    let Some(bench) = support::setup() else {
        return;
    };
    let seconds: f64 = env_num("CONCORD_BENCH_SECONDS", 20) as f64;
    let clients = env_num("CONCORD_BENCH_CLIENTS", 8).max(1);
    let load_start = loadavg();
    let db = with_cedict(&bench);
    let sources = Sources::load(&bench.data);
    // `CONCORD_BENCH_ENDPOINTS=lookup,search` times only those (for profiling one).
    let only = std::env::var("CONCORD_BENCH_ENDPOINTS").unwrap_or_default();
    let sets: Vec<(Endpoint, Vec<String>)> = Endpoint::ALL
        .into_iter()
        .filter(|e| only.is_empty() || only.split(',').any(|o| e.path().ends_with(o.trim())))
        .map(|e| (e, e.queries(&sources)))
        .collect();
    if let Ok(sizes) = std::env::var("CONCORD_BENCH_SAMPLES") {
        let sizes: Vec<usize> = sizes
            .split(',')
            .filter_map(|n| n.trim().parse().ok())
            .collect();
        samples(&db, &sets, &sizes);
        return;
    }
    if let Some(n) = std::env::var("CONCORD_BENCH_TAIL")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        for (e, queries) in &sets {
            tail(&db, *e, queries, n);
        }
        return;
    }
    println!(
        "concord serve under load: {} pairs + CC-CEDICT, {clients} clients, {seconds} s per endpoint, {} queries per endpoint",
        bench.pairs, QUERIES
    );
    let server = Server::start(&bench.bin, &db);
    let on_pg = OnPostgres::start(&bench.bin, &db);
    let mut rows = Vec::new();
    let mut pg_rows = Vec::new();
    for (endpoint, queries) in &sets {
        let e = *endpoint;
        for q in queries.iter().take(COMPARED) {
            let api = server.get(e, q).expect("the server's answer");
            let cli = cli(&bench.bin, &db, e, q);
            assert_eq!(
                api,
                cli,
                "{} {q:?}: the server and the CLI differ",
                e.path()
            );
            if let Some(pg) = &on_pg {
                let there = pg.server.get(e, q).expect("the PostgreSQL server's answer");
                assert_eq!(
                    there,
                    api,
                    "{} {q:?}: the servers on PostgreSQL and on SQLite differ",
                    e.path()
                );
            }
        }
        println!("\n== {} ({} queries)", e.path(), queries.len());
        // Not timed: the server's connections open and the pages the endpoint reads come
        // into the cache, as they would after the first minutes of use.
        run_clients(clients, seconds / 4.0, queries, || {
            |q: &str| server.get(e, q).map(drop)
        });
        let cpu = server.cpu();
        let loaded = run_clients(clients, seconds, queries, || {
            |q: &str| server.get(e, q).map(drop)
        });
        let cpu_per = (server.cpu() - cpu) / loaded.requests().max(1) as u32;
        let load_during = loadavg();
        let alone = run_clients(1, seconds / 4.0, queries, || {
            |q: &str| server.get(e, q).map(drop)
        });
        let procs = run_clients(clients, seconds / 2.0, queries, || {
            |q: &str| cli_status(&bench.bin, &db, e, q)
        });
        let floor = run_clients(1, seconds / 4.0, queries, || {
            let store = Store::open_read_only(&db).expect("the database");
            move |q: &str| e.library(&store, q)
        });
        for (what, s) in [
            (format!("serve, {clients} clients"), &loaded),
            ("serve, 1 client".into(), &alone),
            (format!("CLI process, {clients} clients"), &procs),
            ("library, 1 thread".into(), &floor),
        ] {
            println!("{what:<22} {}", s.line());
        }
        println!(
            "server CPU per request {:.2} ms; load average after the {clients}-client run: {load_during}",
            ms(cpu_per)
        );
        if let Some(pg) = &on_pg {
            // The same queries, times and clients, through a server on the PostgreSQL copy.
            let ask = || |q: &str| pg.server.get(e, q).map(drop);
            run_clients(clients, seconds / 4.0, queries, ask);
            let (cpu, db_cpu) = (pg.server.cpu(), pg.backend_cpu());
            let loaded = run_clients(clients, seconds, queries, ask);
            let n = loaded.requests().max(1) as u32;
            let cpu_per = (pg.server.cpu() - cpu) / n;
            // Saturating: a backend that ended took its CPU time with it.
            let db_cpu_per = pg.backend_cpu().saturating_sub(db_cpu) / n;
            let load_during = loadavg();
            let alone = run_clients(1, seconds / 4.0, queries, ask);
            println!(
                "{:<22} {}",
                format!("serve PG, {clients} clients"),
                loaded.line()
            );
            println!("{:<22} {}", "serve PG, 1 client", alone.line());
            println!(
                "PostgreSQL: server CPU per request {:.2} ms, the database's {:.2} ms; load average after the {clients}-client run: {load_during}",
                ms(cpu_per),
                ms(db_cpu_per)
            );
            pg_rows.push((e, loaded, alone));
        }
        rows.push((e, loaded, alone, procs, floor));
    }
    drop(server);
    summary(clients, &rows);
    if on_pg.is_some() {
        summary_pg(clients, &rows, &pg_rows);
    }
    println!(
        "\nload average (1, 5, 15 min) at the start: {load_start}; at the end: {} ({} cores; the clients run on the same cores as the server)",
        loadavg(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
}

/// `CONCORD_BENCH_TAIL=N`: each query through the library call, in-process on one
/// connection, twice: the first pass is each question's first ask in the process (what the
/// memory's evidence costs before the process has kept it), the second the same questions
/// asked again. For each pass p50/p95/p99; for the first, the N slowest queries with the
/// glossary's share of each (the rest is the memory's evidence). For finding what the tail is
/// made of, under `perf record` too.
fn tail(db: &Path, e: Endpoint, queries: &[String], n: usize) {
    let store = Store::open_read_only(db).expect("the database");
    for pass in ["first ask", "asked again"] {
        let mut times: Vec<(Duration, Duration, &str)> = queries
            .iter()
            .map(|q| {
                let glossary = match e {
                    Endpoint::Lookup => {
                        let t = Instant::now();
                        concord::glossary::lookup(&store, &LookupQuery::new(q.clone()))
                            .expect("a lookup");
                        t.elapsed()
                    }
                    _ => Duration::ZERO,
                };
                let t = Instant::now();
                e.library(&store, q).expect("an answer");
                (t.elapsed(), glossary, q.as_str())
            })
            .collect();
        times.sort();
        let pct = |p: usize| ms(times[(times.len() * p / 100).min(times.len() - 1)].0);
        let total: Duration = times.iter().map(|t| t.0).sum();
        let in_glossary: Duration = times.iter().map(|t| t.1).sum();
        println!(
            "{} {} queries, {pass}: p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, total {:.0} ms (glossary lookup alone {:.0} ms)",
            e.path(),
            times.len(),
            pct(50),
            pct(95),
            pct(99),
            ms(total),
            ms(in_glossary)
        );
        if pass == "first ask" {
            for (t, g, q) in times.iter().rev().take(n) {
                println!("{:9.2} ms  glossary {:8.2} ms  {q}", ms(*t), ms(*g));
            }
        }
    }
}

/// `CONCORD_BENCH_SAMPLES=100,150,200`: how the evidence under a glossary entry changes when
/// fewer units are read than [`memory::suggest::EVIDENCE_SAMPLE`]. Each lookup is answered
/// with the full sample and with each size, and each evidence of the full sample compared with
/// the smaller one's: which glossary rendering the memory uses most and their order, the
/// memory's first three renderings, and the deprecated renderings it is warned of. The
/// lookups are the bench's, then one a line from `CONCORD_BENCH_QUERIES` (a file) if set;
/// `CONCORD_BENCH_DB` asks another database (a memory and glossary of the suggest evaluation's
/// sets). Every evidence that differs is printed, then a table per size.
fn samples(db: &Path, sets: &[(Endpoint, Vec<String>)], sizes: &[usize]) {
    let db = std::env::var_os("CONCORD_BENCH_DB").map_or_else(|| db.to_path_buf(), PathBuf::from);
    let mut queries: Vec<String> = match std::env::var_os("CONCORD_BENCH_DB") {
        Some(_) => Vec::new(),
        None => sets
            .iter()
            .filter(|(e, _)| matches!(e, Endpoint::Lookup))
            .flat_map(|(_, q)| q.clone())
            .collect(),
    };
    if let Some(file) = std::env::var_os("CONCORD_BENCH_QUERIES") {
        let text = std::fs::read_to_string(&file).expect("the queries' file");
        queries.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from),
        );
    }
    let store = Store::open_read_only(&db).expect("the database");
    let full = memory::suggest::EVIDENCE_SAMPLE;
    let lookup = |q: &str, n: usize| {
        answer::lookup_sampled(&store, &LookupQuery::new(q), n).expect("a lookup")
    };
    // What a reader of the evidence sees: the glossary's renderings the memory uses, most used
    // first; the memory's own first three; the deprecated ones it is warned of.
    type Seen = (Vec<String>, Vec<String>, Vec<String>);
    let seen = |e: &memory::suggest::Evidence| -> Seen {
        let mut used: Vec<_> = e.renderings.iter().filter(|r| r.units > 0).collect();
        used.sort_by_key(|r| std::cmp::Reverse(r.units));
        let used = used.iter().map(|r| r.text.clone()).collect();
        let others = e.others.iter().take(3).map(|o| o.text.clone()).collect();
        let warned = e
            .renderings
            .iter()
            .filter(|r| r.deprecated && r.units > 0)
            .map(|r| r.text.clone())
            .collect();
        (used, others, warned)
    };
    let base: Vec<_> = queries.iter().map(|q| lookup(q, full)).collect();
    println!(
        "evidence under a glossary entry, {} lookups on {}: {full} units against {sizes:?}",
        queries.len(),
        db.display()
    );
    let mut rows = Vec::new();
    for &n in sizes {
        // evidences, more units than n, top glossary rendering, its order, others, warnings,
        // largest move of a glossary rendering's share (points)
        let mut row = (0, 0, 0, 0, 0, 0, 0.0f64);
        for (q, a) in queries.iter().zip(&base) {
            let b = lookup(q, n);
            for (x, y) in a.memory.iter().zip(&b.memory) {
                if x.concept.is_none() {
                    continue;
                }
                let (x, y) = (&x.evidence, &y.evidence);
                row.0 += 1;
                if x.units <= n {
                    assert_eq!(
                        seen(x),
                        seen(y),
                        "{q}: fewer units than the sample, another answer"
                    );
                    continue;
                }
                row.1 += 1;
                let (sx, sy) = (seen(x), seen(y));
                let same = [
                    sx.0.first() == sy.0.first(),
                    sx.0 == sy.0,
                    sx.1 == sy.1,
                    sx.2 == sy.2,
                ];
                row.2 += same[0] as usize;
                row.3 += same[1] as usize;
                row.4 += same[2] as usize;
                row.5 += same[3] as usize;
                for (r, s) in x.renderings.iter().zip(&y.renderings) {
                    let share = |u: usize, of: usize| 100.0 * u as f64 / of.max(1) as f64;
                    row.6 = row
                        .6
                        .max((share(r.units, x.units) - share(s.units, y.units)).abs());
                }
                if same.contains(&false) {
                    println!(
                        "differs at {n}: {q:?} ({} {} units): glossary used {:?} -> {:?}; others {:?} -> {:?}; warned {:?} -> {:?}",
                        x.term, x.units, sx.0, sy.0, sx.1, sy.1, sx.2, sy.2
                    );
                }
            }
        }
        rows.push((n, row));
    }
    println!(
        "\n| sample | evidences | more units than the sample | most-used glossary rendering same | glossary renderings' order same | memory's top 3 same | deprecated warnings same | largest share move |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for (n, r) in rows {
        let pct = |k: usize| format!("{k} ({:.1}%)", 100.0 * k as f64 / r.1.max(1) as f64);
        println!(
            "| {n} | {} | {} | {} | {} | {} | {} | {:.1} points |",
            r.0,
            r.1,
            pct(r.2),
            pct(r.3),
            pct(r.4),
            pct(r.5),
            r.6
        );
    }
}

fn env_num(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

// ---------------------------------------------------------------------------------------------
// The database

fn cedict_file(data: &Path) -> PathBuf {
    data.join("cedict/cedict_1_0_ts_utf-8_mdbg.txt")
}

/// The memory database with CC-CEDICT imported into its glossary, built first when absent.
fn with_cedict(bench: &support::Bench) -> PathBuf {
    let db = bench.db.with_file_name(format!("serve-{}.db", bench.pairs));
    if db.exists() {
        return db;
    }
    let t = Instant::now();
    // Built under another name and renamed: an interrupted build is never taken for a
    // finished one.
    let part = db.with_extension("part");
    std::fs::copy(&bench.db, &part).expect("copy of the memory");
    let st = Command::new(&bench.bin)
        .arg("--db")
        .arg(&part)
        .args(["glossary", "import"])
        .arg(cedict_file(&bench.data))
        .stdout(Stdio::null())
        .status()
        .expect("concord glossary import");
    assert!(st.success(), "concord glossary import of CC-CEDICT failed");
    std::fs::rename(&part, &db).expect("rename");
    println!(
        "CC-CEDICT imported into a copy of the memory in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    db
}

/// `CONCORD_BENCH_PG=1`: the same database moved into PostgreSQL (`concord migrate`), on
/// the server `tests/support/pg.rs` gives (`CONCORD_TEST_PG`, else a throwaway cluster), with
/// a `concord serve` of its own.
struct OnPostgres {
    // Dropped in this order: the server, then its database, then the cluster.
    server: Server,
    db: pg::TestDb,
    _cluster: pg::Server,
}

impl OnPostgres {
    fn start(bin: &Path, file: &Path) -> Option<OnPostgres> {
        std::env::var_os("CONCORD_BENCH_PG").filter(|v| !v.is_empty() && v != "0")?;
        let cluster = pg::Server::get().expect("a PostgreSQL server (CONCORD_BENCH_PG is set)");
        let db = cluster.database("bench_serve");
        let t = Instant::now();
        let out = Command::new(bin)
            .env_remove("CONCORD_DB")
            .args(["migrate", "--from"])
            .arg(file)
            .args(["--to", &db.url])
            .output()
            .expect("concord migrate");
        assert!(
            out.status.success(),
            "concord migrate: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        println!(
            "moved into PostgreSQL in {:.1} s: {}",
            t.elapsed().as_secs_f64(),
            String::from_utf8_lossy(&out.stdout).trim()
        );
        // Fresh statistics for the planner, as autovacuum would give them after a while.
        db.client().batch_execute("ANALYZE").expect("ANALYZE");
        let server = Server::start(bin, Path::new(&db.url));
        Some(OnPostgres {
            server,
            db,
            _cluster: cluster,
        })
    }

    /// The CPU time of the database's backends serving this store, so far (from
    /// `/proc`: the server runs on this machine in the benchmark).
    fn backend_cpu(&self) -> Duration {
        let pids: Vec<i32> = self
            .db
            .client()
            .query(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
                &[],
            )
            .map(|rows| rows.iter().map(|r| r.get(0)).collect())
            .unwrap_or_default();
        pids.into_iter().map(|p| cpu_of(p as u32)).sum()
    }
}

/// A process's CPU time (user and system) so far; zero once it is gone.
fn cpu_of(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<u64> = rest
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0))
        .collect();
    let ticks = f.get(11).copied().unwrap_or(0) + f.get(12).copied().unwrap_or(0);
    // SAFETY: sysconf reads a constant of the system.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as u64;
    Duration::from_nanos(ticks * 1_000_000_000 / hz)
}

// ---------------------------------------------------------------------------------------------
// The queries

#[derive(Clone, Copy, PartialEq, Eq)]
enum Endpoint {
    Lookup,
    Search,
    Concord,
    Suggest,
}

impl Endpoint {
    const ALL: [Endpoint; 4] = [
        Endpoint::Lookup,
        Endpoint::Search,
        Endpoint::Concord,
        Endpoint::Suggest,
    ];

    fn path(self) -> &'static str {
        match self {
            Endpoint::Lookup => "/api/lookup",
            Endpoint::Search => "/api/tm/search",
            Endpoint::Concord => "/api/tm/concord",
            Endpoint::Suggest => "/api/suggest",
        }
    }

    /// The CLI command that answers the same question.
    fn command(self) -> &'static [&'static str] {
        match self {
            Endpoint::Lookup => &["lookup"],
            Endpoint::Search => &["tm", "search"],
            Endpoint::Concord => &["tm", "concord"],
            Endpoint::Suggest => &["suggest"],
        }
    }

    /// The library's front door, as the server's route calls it (default parameters).
    fn library(self, store: &Store, q: &str) -> Result<(), String> {
        let text = q.to_string();
        let r = match self {
            Endpoint::Lookup => answer::lookup(store, &LookupQuery::new(text)).map(drop),
            Endpoint::Search => answer::search(
                store,
                &SearchQuery {
                    text,
                    from: None,
                    to: None,
                    min: answer::SEARCH_MIN.default as u8,
                    limit: answer::SEARCH_LIMIT.default as usize,
                },
            )
            .map(drop),
            Endpoint::Concord => answer::concordance(
                store,
                &ConcordanceQuery {
                    text,
                    side: "both".parse().expect("a side"),
                    lang: None,
                    limit: answer::CONCORDANCE_LIMIT.default as usize,
                },
            )
            .map(drop),
            Endpoint::Suggest => memory::suggest(
                store,
                &SuggestQuery {
                    limit: answer::SUGGEST_LIMIT.default as usize,
                    ..SuggestQuery::new(text)
                },
            )
            .map(drop),
        };
        r.map_err(|e| e.to_string())
    }

    fn queries(self, src: &Sources) -> Vec<String> {
        let mut rng = Rng::new(SEED, self as u64);
        let mut out = Vec::with_capacity(QUERIES);
        let mut seen = HashSet::new();
        let mut misses = 0;
        while out.len() < QUERIES && misses < 100 * QUERIES {
            let q = match self {
                Endpoint::Lookup => src.lookup(&mut rng),
                Endpoint::Search => src.sentence(&mut rng),
                Endpoint::Concord => src.fragment(&mut rng),
                Endpoint::Suggest => src.term(&mut rng),
            };
            match q {
                Some(q) if seen.insert(q.clone()) => out.push(q),
                _ => misses += 1,
            }
        }
        assert!(out.len() >= QUERIES / 2, "too few {} queries", self.path());
        out
    }
}

/// The texts queries are drawn from.
struct Sources {
    /// CC-CEDICT: simplified headword and its first English gloss (parenthesised notes and a
    /// leading "to " cut), when that gloss is a term a user would type.
    cedict: Vec<(String, String)>,
    /// Tatoeba's pairs, which the memory holds (numbered copies of them).
    tatoeba: Vec<(String, String)>,
    /// WMT news pairs: in no memory unit.
    news: Vec<(String, String)>,
}

impl Sources {
    fn load(data: &Path) -> Sources {
        let text = std::fs::read_to_string(cedict_file(data)).expect("CC-CEDICT");
        let mut cedict = Vec::new();
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let Some((head, glosses)) = line.split_once(" /") else {
                continue;
            };
            let simp = head.split(' ').nth(1).unwrap_or_default();
            let gloss = glosses.split('/').next().unwrap_or_default();
            let gloss = cut_notes(gloss);
            let gloss = gloss.strip_prefix("to ").unwrap_or(&gloss).trim();
            let plain = gloss
                .chars()
                .all(|c| c.is_ascii_alphabetic() || c == ' ' || c == '-');
            if plain && (3..=40).contains(&gloss.len()) && !simp.is_empty() {
                cedict.push((simp.to_string(), gloss.to_string()));
            }
        }
        let tatoeba = std::fs::read_to_string(data.join("tatoeba/cmn.txt"))
            .expect("Tatoeba")
            .lines()
            .filter_map(|l| {
                let mut f = l.split('\t');
                Some((f.next()?.to_string(), f.next()?.to_string()))
            })
            .collect();
        let mut news = Vec::new();
        let mut files: Vec<PathBuf> = std::fs::read_dir(data.join("news"))
            .expect("news")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "csv"))
            .collect();
        files.sort();
        for path in files {
            let mut r = csv::Reader::from_path(&path).expect("news csv");
            for rec in r.records().map_while(Result::ok) {
                if let (Some(zh), Some(en)) = (rec.get(0), rec.get(1)) {
                    news.push((en.to_string(), zh.to_string()));
                }
            }
        }
        Sources {
            cedict,
            tatoeba,
            news,
        }
    }

    fn pick<'a>(rng: &mut Rng, from: &'a [(String, String)]) -> &'a (String, String) {
        &from[rng.below(from.len())]
    }

    /// A CC-CEDICT headword or English gloss, one in five with a typo.
    fn lookup(&self, rng: &mut Rng) -> Option<String> {
        let (zh, en) = Self::pick(rng, &self.cedict);
        let chinese = rng.chance(50);
        let q = if chinese { zh.clone() } else { en.clone() };
        if !rng.chance(20) {
            return Some(q);
        }
        if chinese {
            // A wrong character of the same word, as an input method's next candidate gives.
            let (other, _) = Self::pick(rng, &self.cedict);
            let c = other.chars().next()?;
            Some(replace_char(rng, &q, c, 2)?)
        } else {
            let c = (b'a' + rng.below(26) as u8) as char;
            Some(replace_char(rng, &q, c, 5)?)
        }
    }

    /// A news sentence (held out: in no memory unit) or a memory sentence with a word or a
    /// character changed; English or Chinese.
    fn sentence(&self, rng: &mut Rng) -> Option<String> {
        let english = rng.chance(50);
        if rng.chance(50) {
            let (en, zh) = Self::pick(rng, &self.news);
            return Some(if english { en.clone() } else { zh.clone() });
        }
        let (en, zh) = Self::pick(rng, &self.tatoeba);
        let (_, other_zh) = Self::pick(rng, &self.tatoeba);
        if english {
            let mut words: Vec<&str> = en.split(' ').collect();
            let (_, gloss) = Self::pick(rng, &self.cedict);
            let i = rng.below(words.len());
            words[i] = gloss.split(' ').next()?;
            Some(words.join(" "))
        } else {
            let c = other_zh.chars().find(|&c| script::is_han(c))?;
            replace_char(rng, zh, c, 4)
        }
    }

    /// 1–4 Han characters or 1–3 English words (of 3 letters or more) cut from a Tatoeba pair.
    fn fragment(&self, rng: &mut Rng) -> Option<String> {
        let (en, zh) = Self::pick(rng, &self.tatoeba);
        if rng.chance(50) {
            let han: Vec<char> = zh.chars().collect();
            let n = 1 + rng.below(4);
            let start = rng.below(han.len().checked_sub(n)? + 1);
            let cut = &han[start..start + n];
            cut.iter()
                .all(|&c| script::is_han(c))
                .then(|| cut.iter().collect())
        } else {
            let words: Vec<&str> = en
                .split(' ')
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                .collect();
            let n = 1 + rng.below(3);
            let start = rng.below(words.len().checked_sub(n)? + 1);
            let cut = &words[start..start + n];
            cut.iter()
                .all(|w| w.len() >= 3 && w.chars().all(|c| c.is_ascii_alphabetic()))
                .then(|| cut.join(" "))
        }
    }

    /// A CC-CEDICT term to find renderings of in the memory: a headword or a gloss.
    fn term(&self, rng: &mut Rng) -> Option<String> {
        let (zh, en) = Self::pick(rng, &self.cedict);
        Some(if rng.chance(50) { zh } else { en }.clone())
    }
}

/// A gloss without its parenthesised notes.
fn cut_notes(gloss: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in gloss.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` with one of its characters (not the first: a typo seldom is) replaced by `by`;
/// `None` when it is shorter than `min` characters or `by` is already there.
fn replace_char(rng: &mut Rng, text: &str, by: char, min: usize) -> Option<String> {
    let mut cs: Vec<char> = text.chars().collect();
    if cs.len() < min {
        return None;
    }
    let i = 1 + rng.below(cs.len() - 1);
    if cs[i] == by || !cs[i].is_alphanumeric() {
        return None;
    }
    cs[i] = by;
    Some(cs.into_iter().collect())
}

// ---------------------------------------------------------------------------------------------
// The server, the CLI and the clients

/// `concord serve` on an ephemeral port; killed when dropped.
struct Server {
    child: Child,
    base: String,
    agent: ureq::Agent,
}

impl Server {
    fn start(bin: &Path, db: &Path) -> Server {
        let mut child = Command::new(bin)
            .env_remove("CONCORD_DB")
            .arg("--db")
            .arg(db)
            .args(["serve", "--addr", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("concord serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the address line");
        let base = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("no address line: {line:?}"))
            .to_string();
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_idle_connections_per_host(64)
            .build()
            .into();
        Server { child, base, agent }
    }

    /// The answer's body; an error unless the status is 200.
    fn get(&self, e: Endpoint, q: &str) -> Result<String, String> {
        let mut r = self
            .agent
            .get(format!("{}{}", self.base, e.path()))
            .query("q", q)
            .call()
            .map_err(|err| err.to_string())?;
        let status = r.status().as_u16();
        let body = r
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_to_string()
            .map_err(|err| err.to_string())?;
        if status == 200 {
            Ok(body)
        } else {
            Err(format!("{status}: {body}"))
        }
    }

    /// The server process's CPU time (user and system) so far.
    fn cpu(&self) -> Duration {
        cpu_of(self.child.id())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn cli_command(bin: &Path, db: &Path, e: Endpoint, q: &str) -> Command {
    let mut cmd = Command::new(bin);
    cmd.env_remove("CONCORD_DB")
        .arg("--db")
        .arg(db)
        .arg("--json")
        .args(e.command())
        .arg("--")
        .arg(q);
    cmd
}

/// The CLI's standard output; it exits 0 (found) or 1 (nothing found).
fn cli(bin: &Path, db: &Path, e: Endpoint, q: &str) -> String {
    let out = cli_command(bin, db, e, q).output().expect("concord");
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "concord {} {q:?}: {}",
        e.path(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn cli_status(bin: &Path, db: &Path, e: Endpoint, q: &str) -> Result<(), String> {
    let out = cli_command(bin, db, e, q)
        .stdout(Stdio::null())
        .output()
        .map_err(|err| err.to_string())?;
    match out.status.code() {
        Some(0 | 1) => Ok(()),
        _ => Err(String::from_utf8_lossy(&out.stderr).into_owned()),
    }
}

/// What a run of clients measured.
struct Stats {
    times: Vec<Duration>,
    errors: usize,
    first_error: Option<String>,
    elapsed: Duration,
}

impl Stats {
    fn requests(&self) -> usize {
        self.times.len()
    }

    /// The nearest-rank percentile `p`.
    fn pct(&self, p: usize) -> Duration {
        let n = self.times.len();
        if n == 0 {
            return Duration::ZERO;
        }
        self.times[((n * p).div_ceil(100)).clamp(1, n) - 1]
    }

    fn throughput(&self) -> f64 {
        self.times.len() as f64 / self.elapsed.as_secs_f64()
    }

    fn line(&self) -> String {
        let mut s = format!(
            "{:>6} requests, {:>7.1}/s, p50 {:>7.2} ms, p95 {:>7.2} ms, p99 {:>7.2} ms, max {:>7.2} ms",
            self.requests(),
            self.throughput(),
            ms(self.pct(50)),
            ms(self.pct(95)),
            ms(self.pct(99)),
            ms(self.pct(100)),
        );
        if let Some(e) = &self.first_error {
            s.push_str(&format!("; {} ERRORS, the first: {e}", self.errors));
        }
        s
    }
}

/// `clients` threads, each with its own asker from `make`, asking the queries in turn (from
/// its own starting point) for `seconds`; every request's time.
fn run_clients<A: FnMut(&str) -> Result<(), String>>(
    clients: usize,
    seconds: f64,
    queries: &[String],
    make: impl Fn() -> A + Sync,
) -> Stats {
    let start = Instant::now();
    let end = start + Duration::from_secs_f64(seconds);
    let per: Vec<(Vec<Duration>, usize, Option<String>)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..clients)
            .map(|c| {
                let make = &make;
                s.spawn(move || {
                    let mut ask = make();
                    let mut times = Vec::new();
                    let (mut errors, mut first) = (0, None);
                    let mut i = c * queries.len() / clients;
                    while Instant::now() < end {
                        let t = Instant::now();
                        let r = ask(&queries[i % queries.len()]);
                        let took = t.elapsed();
                        match r {
                            Ok(()) => times.push(took),
                            Err(e) => {
                                errors += 1;
                                first.get_or_insert(e);
                            }
                        }
                        i += 1;
                    }
                    (times, errors, first)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a client"))
            .collect()
    });
    let elapsed = start.elapsed();
    let mut stats = Stats {
        times: Vec::new(),
        errors: 0,
        first_error: None,
        elapsed,
    };
    for (times, errors, first) in per {
        stats.times.extend(times);
        stats.errors += errors;
        if stats.first_error.is_none() {
            stats.first_error = first;
        }
    }
    stats.times.sort();
    stats
}

// ---------------------------------------------------------------------------------------------
// The summary

fn summary(clients: usize, rows: &[(Endpoint, Stats, Stats, Stats, Stats)]) {
    println!(
        "\n== Summary ({clients} clients; p95 targets: lookup and search 20 ms, concordance 50 ms)"
    );
    println!(
        "| endpoint | serve {clients} clients: req/s | p50 | p95 | p99 | target | serve 1 client p50 | CLI {clients} clients: req/s | p50 | p95 | library p50 |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for (e, loaded, alone, procs, floor) in rows {
        let target = match e {
            Endpoint::Lookup | Endpoint::Search => Some(20.0),
            Endpoint::Concord => Some(50.0),
            Endpoint::Suggest => None,
        };
        let p95 = ms(loaded.pct(95));
        let verdict = match target {
            None => "none".to_string(),
            Some(t) if p95 <= t && loaded.errors == 0 => format!("≤ {t} ms: reached"),
            Some(t) => format!("≤ {t} ms: MISSED"),
        };
        println!(
            "| {} | {:.0} | {:.2} | {:.2} | {:.2} | {verdict} | {:.2} | {:.1} | {:.1} | {:.1} | {:.2} |",
            e.path(),
            loaded.throughput(),
            ms(loaded.pct(50)),
            p95,
            ms(loaded.pct(99)),
            ms(alone.pct(50)),
            procs.throughput(),
            ms(procs.pct(50)),
            ms(procs.pct(95)),
            ms(floor.pct(50)),
        );
    }
    let errors: usize = rows
        .iter()
        .map(|r| r.1.errors + r.2.errors + r.3.errors + r.4.errors)
        .sum();
    println!("errors: {errors}");
}

/// The servers on SQLite and on PostgreSQL side by side, from the same run.
fn summary_pg(
    clients: usize,
    rows: &[(Endpoint, Stats, Stats, Stats, Stats)],
    pg_rows: &[(Endpoint, Stats, Stats)],
) {
    println!("\n== serve on PostgreSQL beside serve on SQLite ({clients} clients, same run)");
    println!(
        "| endpoint | SQLite req/s | p50 | p95 | PostgreSQL req/s | p50 | p95 | p99 | PG/SQLite p95 | PG 1 client p50 |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for ((e, sqlite, ..), (_, pg, alone)) in rows.iter().zip(pg_rows) {
        println!(
            "| {} | {:.0} | {:.2} | {:.2} | {:.0} | {:.2} | {:.2} | {:.2} | {:.1}x | {:.2} |",
            e.path(),
            sqlite.throughput(),
            ms(sqlite.pct(50)),
            ms(sqlite.pct(95)),
            pg.throughput(),
            ms(pg.pct(50)),
            ms(pg.pct(95)),
            ms(pg.pct(99)),
            ms(pg.pct(95)) / ms(sqlite.pct(95)).max(1e-9),
            ms(alone.pct(50)),
        );
    }
    let errors: usize = pg_rows.iter().map(|r| r.1.errors + r.2.errors).sum();
    println!("errors on PostgreSQL: {errors}");
}
