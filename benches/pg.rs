//! The memory on PostgreSQL against its peers, in one run on one machine: import time beside
//! SQLite's import of the same file; fuzzy top-5 latency (p50/p95) at min 75 and min 50
//! beside pg_trgm's `%` search with a GIN trigram index on the same segments (as Weblate
//! searches its memory) and beside concord on SQLite; and recall: PostgreSQL's top 5 against
//! the brute force (every segment scored), and what pg_trgm's top 5 holds of it. Beside each
//! PostgreSQL latency, the round trips a search makes: a count the load of a shared machine
//! does not change.
//!
//! Run with `cargo bench --bench pg`. `CONCORD_BENCH_PAIRS` sets the memory size (default
//! 200,000 generated pairs), `CONCORD_BENCH_QUERIES` the queries per set (default 100). The
//! server is found as the PostgreSQL tests find it (`tests/support/pg.rs`).

#[path = "../tests/support/pairs.rs"]
mod pairs;
#[path = "../tests/support/pg.rs"]
mod pg;
#[path = "../tests/support/rng.rs"]
mod rng;

use std::time::{Duration, Instant};

use concord::import::{MemorySettings, Silent, import_memory};
use concord::memory::search::{self, PreparedQuery, SearchQuery};
use concord::pg::PgStore;
use concord::store::Store;
use concord::text::LangTag;
use rng::Rng;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn percentile(times: &mut [Duration], p: usize) -> f64 {
    times.sort();
    let i = ((times.len() * p).div_ceil(100)).clamp(1, times.len()) - 1;
    times[i].as_secs_f64() * 1000.0
}

fn main() {
    let n = env("CONCORD_BENCH_PAIRS", 200_000);
    let nq = env("CONCORD_BENCH_QUERIES", 100);
    let Some(server) = pg::Server::get() else {
        return;
    };
    let db = server.database("bench");
    let dir = tempfile::tempdir().unwrap();
    let tsv = dir.path().join("pairs.tsv");
    let all = pairs::pairs(2024, n);
    pairs::write_tsv(&tsv, &all);
    let bytes = std::fs::metadata(&tsv).unwrap().len();
    println!(
        "memory: {n} generated en/zh-CN pairs, {:.1} MB of TSV",
        bytes as f64 / 1e6
    );
    let settings = MemorySettings::new(
        std::slice::from_ref(&tsv),
        None,
        None,
        Vec::new(),
        false,
        false,
    )
    .unwrap();

    let sqlite_path = dir.path().join("bench.db");
    let (mut sqlite, _) = Store::open(&sqlite_path).unwrap();
    let t = Instant::now();
    import_memory(&mut sqlite, &settings, &Silent).unwrap();
    let sqlite_import = t.elapsed();
    let store = PgStore::connect(&db.url).unwrap();
    let t = Instant::now();
    concord::pg::import_memory(&store, &settings, &Silent).unwrap();
    let pg_import = t.elapsed();
    println!(
        "import: PostgreSQL {:.1} s, SQLite {:.1} s (ratio {:.2})",
        pg_import.as_secs_f64(),
        sqlite_import.as_secs_f64(),
        pg_import.as_secs_f64() / sqlite_import.as_secs_f64()
    );

    let mut c = db.client();
    let t = Instant::now();
    c.batch_execute(
        "CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE INDEX variant_trgm ON variant USING gin (text gin_trgm_ops); ANALYZE variant",
    )
    .unwrap();
    println!(
        "pg_trgm GIN index built in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let trgm = c
        .prepare("SELECT unit FROM variant WHERE text % $1 ORDER BY similarity(text, $1) DESC, unit DESC LIMIT 5")
        .unwrap();

    // Queries: segments of the memory with one word or character changed, both languages.
    let mut rng = Rng::new(7, 11);
    let queries: Vec<String> = (0..nq)
        .map(|i| {
            let pair = &all[rng.below(all.len())];
            pairs::near_query(&mut rng, pair, i % 2 == 0)
        })
        .collect();

    for min in [75u8, 50] {
        let (mut on_pg, mut on_sqlite, mut on_trgm) = (Vec::new(), Vec::new(), Vec::new());
        let mut trips = Vec::new();
        let (mut exact, mut checked, mut trgm_held, mut trgm_want) = (0, 0, 0, 0);
        c.batch_execute(&format!(
            "SET pg_trgm.similarity_threshold = {}",
            min as f64 / 100.0
        ))
        .unwrap();
        for (i, text) in queries.iter().enumerate() {
            let q = SearchQuery {
                min,
                limit: 5,
                ..SearchQuery::new(text.clone())
            };
            let before = store.round_trips();
            let t = Instant::now();
            let a = search::search(&store, &q).unwrap();
            on_pg.push(t.elapsed());
            trips.push(store.round_trips() - before);
            let t = Instant::now();
            let b = search::search(sqlite.conn(), &q).unwrap();
            on_sqlite.push(t.elapsed());
            let t = Instant::now();
            let rows = c.query(&trgm, &[text]).unwrap();
            on_trgm.push(t.elapsed());
            let units =
                |h: &[search::FuzzyHit]| h.iter().map(|h| (h.unit, h.score)).collect::<Vec<_>>();
            assert_eq!(
                units(&a),
                units(&b),
                "PostgreSQL and SQLite differ on {text:?}"
            );
            // The brute force (every segment scored) on a sample: it reads the whole memory.
            if i % 10 == 0 {
                let range = search::source_range(&store, text, None).unwrap();
                let pq = PreparedQuery::new(text, LangTag::parse(range.primary()).unwrap());
                let brute = search::top_k(sqlite.conn(), &pq, &range, min, 5, true).unwrap();
                let want: Vec<i64> = brute.iter().map(|s| s.unit).collect();
                checked += 1;
                exact += usize::from(a.iter().map(|h| h.unit).collect::<Vec<_>>() == want);
                let got: Vec<i64> = rows.iter().map(|r| r.get(0)).collect();
                trgm_want += want.len();
                trgm_held += want.iter().filter(|u| got.contains(u)).count();
            }
        }
        println!(
            "fuzzy top-5 at min {min} ({nq} queries): PostgreSQL p50 {:.2} ms p95 {:.2} ms; SQLite p50 {:.2} ms p95 {:.2} ms; pg_trgm % p50 {:.2} ms p95 {:.2} ms",
            percentile(&mut on_pg, 50),
            percentile(&mut on_pg, 95),
            percentile(&mut on_sqlite, 50),
            percentile(&mut on_sqlite, 95),
            percentile(&mut on_trgm, 50),
            percentile(&mut on_trgm, 95),
        );
        trips.sort_unstable();
        println!(
            "  round trips a PostgreSQL search makes at min {min}: mean {:.2}, p95 {}",
            trips.iter().sum::<u64>() as f64 / trips.len() as f64,
            trips[(trips.len() * 95).div_ceil(100).clamp(1, trips.len()) - 1],
        );
        println!(
            "  recall at min {min}: PostgreSQL equals the brute force on {exact} of {checked} queries; pg_trgm's top 5 holds {trgm_held} of the brute force's {trgm_want} units"
        );
    }
}
