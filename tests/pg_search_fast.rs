//! The reads that take round trips and copies out of fuzzy search (issue #17): the chunk keys
//! of a search's tokens read with the tokens (one round trip fewer for each posting read),
//! and posting lists decoded straight into the dense count, with no list in between. Each
//! gives exactly what the reads it replaces give, and the search exactly what the brute force
//! gives. Correctness only: the speed is measured by `cargo bench --bench pg`, never here.
//! The PostgreSQL tests run against a real server (see `support/pg.rs` for which) and are
//! skipped, saying why, when there is none; the SQLite ones always run.

#[path = "support/pairs.rs"]
mod pairs;
#[path = "support/pg.rs"]
mod pg;
#[path = "support/rng.rs"]
mod rng;

use std::path::{Path, PathBuf};

use concord::import::{MemorySettings, Silent, import_memory};
use concord::memory::read::MemoryRead;
use concord::memory::search::{self, PreparedQuery, SearchQuery};
use concord::pg::PgStore;
use concord::store::Store;
use concord::text::LangTag;
use pairs::{pairs, write_tsv};
use rng::Rng;

/// `pairs` written as `parts` TSV files (one import each, so that each common token's list
/// lies in several chunks).
fn tsv_parts(dir: &Path, p: &[(String, String)], parts: usize) -> Vec<PathBuf> {
    p.chunks(p.len().div_ceil(parts))
        .enumerate()
        .map(|(i, part)| {
            let f = dir.join(format!("part{i}.tsv"));
            write_tsv(&f, part);
            f
        })
        .collect()
}

fn import_sqlite(store: &mut Store, file: &Path) {
    let files = [file.to_path_buf()];
    let settings = MemorySettings::new(&files, None, None, Vec::new(), false, false).unwrap();
    import_memory(store, &settings, &Silent).unwrap();
}

fn import_pg(store: &PgStore, file: &Path) {
    let files = [file.to_path_buf()];
    let settings = MemorySettings::new(&files, None, None, Vec::new(), false, false).unwrap();
    concord::pg::import_memory(store, &settings, &Silent).unwrap();
}

/// `n` generated pairs (of `seed`) in a new SQLite file, imported in three parts.
fn sqlite_memory(seed: u64, n: usize) -> (Store, Vec<(String, String)>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let p = pairs(seed, n);
    let (mut store, _) = Store::open(&dir.path().join("m.db")).unwrap();
    for f in tsv_parts(dir.path(), &p, 3) {
        import_sqlite(&mut store, &f);
    }
    (store, p, dir)
}

/// `n` generated pairs (of `seed`) in a fresh PostgreSQL database, imported in three parts.
fn pg_memory(
    server: &pg::Server,
    tag: &str,
    seed: u64,
    n: usize,
) -> (PgStore, Vec<(String, String)>, pg::TestDb) {
    let db = server.database(tag);
    let dir = tempfile::tempdir().unwrap();
    let p = pairs(seed, n);
    let store = PgStore::connect(&db.url).unwrap();
    for f in tsv_parts(dir.path(), &p, 3) {
        import_pg(&store, &f);
    }
    (store, p, db)
}

/// Queries near the memory's segments (one word or character changed), in both languages.
fn near_queries(p: &[(String, String)], seed: u64, n: usize) -> Vec<String> {
    let mut rng = Rng::new(seed, 3);
    (0..n)
        .map(|i| {
            let pair = &p[rng.below(p.len())];
            pairs::near_query(&mut rng, pair, i % 2 == 0)
        })
        .collect()
}

/// The index's top `limit` against the brute force's (every segment scored), whole: units,
/// segments and scores. A shortcut that drops a unit the brute force finds fails here.
fn assert_index_is_brute<R: MemoryRead>(conn: &R, text: &str, min: u8, limit: usize) -> usize {
    let range = search::source_range(conn, text, None).unwrap();
    let q = PreparedQuery::new(text, LangTag::parse(range.primary()).unwrap());
    let fast = search::top_k(conn, &q, &range, min, limit, false).unwrap();
    let brute = search::top_k(conn, &q, &range, min, limit, true).unwrap();
    let view = |h: &[search::Scored]| {
        h.iter()
            .map(|s| (s.unit, s.score))
            .collect::<Vec<(i64, u8)>>()
    };
    assert_eq!(
        view(&fast),
        view(&brute),
        "the index and the brute force differ on {text:?} at min {min}"
    );
    fast.len()
}

/// The dense count reads lists of a memory where the query's rarest tokens are common (the
/// generated 32-word vocabulary): on SQLite, straight from the stored chunks into the count.
#[test]
fn dense_count_without_lists_equals_the_brute_force_on_sqlite() {
    let (store, p, _dir) = sqlite_memory(17, 6_000);
    let mut found = 0;
    for (i, text) in near_queries(&p, 23, 40).iter().enumerate() {
        // Min 50 walks the whole ladder (95, 85, 75, 50): lists read by a sparse threshold
        // above are counted from memory, the rest decoded into the count.
        let (min, limit) = [(75, 5), (50, 5), (50, 30), (60, 10)][i % 4];
        found += assert_index_is_brute(store.conn(), text, min, limit);
    }
    assert!(
        found >= 100,
        "only {found} hits: the comparison says little"
    );
}

#[test]
fn each_posting_of_is_postings_of_in_order_on_sqlite() {
    let (store, _, _dir) = sqlite_memory(3, 1_500);
    let conn = store.conn();
    let ids: Vec<u32> = conn
        .token_ids("en", &["the", "mayor", "city", "no-such-token"])
        .unwrap()
        .into_iter()
        .flatten()
        .map(|(id, _)| id)
        .collect();
    assert!(ids.len() >= 3, "too few tokens: {ids:?}");
    let mut each = Vec::new();
    conn.each_posting_of(&ids, |p| each.push(p)).unwrap();
    let lists: Vec<u64> = conn.postings_of(&ids).unwrap().concat();
    assert!(!lists.is_empty());
    assert_eq!(each, lists);
}

/// On PostgreSQL: the ids of a search's tokens and their chunk keys in one read, the lists
/// then read through those keys, equal the reads one at a time, in and out of a snapshot;
/// and a posting visitor sees the lists in the order asked.
#[test]
fn token_ids_to_search_and_each_posting_of_equal_the_plain_reads() {
    let Some(server) = pg::Server::get() else {
        return;
    };
    let (store, _, _db) = pg_memory(&server, "fast_reads", 5, 1_500);
    let words = ["the", "mayor", "no-such-token", "city", "bridge"];
    let plain = store.token_ids("en", &words).unwrap();
    assert!(plain.iter().flatten().count() >= 3, "too few: {plain:?}");
    let ids: Vec<u32> = plain.iter().flatten().map(|&(id, _)| id).collect();
    let alone: Vec<Vec<u64>> = ids
        .iter()
        .map(|&id| {
            let mut l = Vec::new();
            store.postings(id, &mut l).unwrap();
            l
        })
        .collect();
    // Outside a snapshot (nothing to keep the keys for) and inside one (the keys read with
    // the ids serve the lists' reads).
    assert_eq!(store.token_ids_to_search("en", &words).unwrap(), plain);
    store
        .snapshot(|| {
            assert_eq!(store.token_ids_to_search("en", &words)?, plain);
            assert_eq!(store.postings_of(&ids)?, alone);
            // Reversed: the lists come in the order asked, each sorted across its chunks.
            let back: Vec<u32> = ids.iter().rev().copied().collect();
            let mut each = Vec::new();
            store.each_posting_of(&back, |p| each.push(p))?;
            let want: Vec<u64> = alone.iter().rev().flatten().copied().collect();
            assert_eq!(each, want);
            Ok(())
        })
        .unwrap();
    // A list read alone after the snapshot ended still sees every chunk.
    let mut again = Vec::new();
    store.postings(ids[0], &mut again).unwrap();
    assert_eq!(again, alone[0]);
}

/// Regression: the chunk keys read with a search's tokens belong to that search's snapshot.
/// Were they kept for the next search, the chunks an import appended in between would go
/// unread and the units in them unfound. Each search is held to the brute force and to
/// SQLite with the same imports.
#[test]
fn chunk_keys_of_one_search_are_not_kept_for_the_next() {
    let Some(server) = pg::Server::get() else {
        return;
    };
    let db = server.database("fast_keys");
    let dir = tempfile::tempdir().unwrap();
    let p = pairs(29, 2_400);
    let files = tsv_parts(dir.path(), &p, 4);
    let pg = PgStore::connect(&db.url).unwrap();
    let (mut sqlite, _) = Store::open(&dir.path().join("m.db")).unwrap();
    // Queries near the segments of the last part: before it is imported, few of their best
    // units are in the memory; after, they are.
    let queries = near_queries(&p[1_800..], 31, 12);
    let mut grew = 0;
    for f in &files {
        import_pg(&pg, f);
        import_sqlite(&mut sqlite, f);
        let mut found = 0;
        for (i, text) in queries.iter().enumerate() {
            let min = [75, 50][i % 2];
            found += assert_index_is_brute(&pg, text, min, 5);
            let q = SearchQuery {
                min,
                limit: 5,
                ..SearchQuery::new(text.clone())
            };
            let on = |h: Vec<search::FuzzyHit>| {
                h.into_iter().map(|h| (h.unit, h.score)).collect::<Vec<_>>()
            };
            assert_eq!(
                on(search::search(&pg, &q).unwrap()),
                on(search::search(sqlite.conn(), &q).unwrap()),
                "PostgreSQL and SQLite differ on {text:?} at min {min}"
            );
        }
        grew = grew.max(found);
    }
    assert!(grew >= 30, "only {grew} hits after the last import");
}

/// The dense count on PostgreSQL (lists decoded straight from the chunk cache into the
/// count), over a memory imported in parts, equals the brute force; and searched again on the
/// same connection (every chunk now cached), the same.
#[test]
fn dense_count_without_lists_equals_the_brute_force_on_postgres() {
    let Some(server) = pg::Server::get() else {
        return;
    };
    let (store, p, _db) = pg_memory(&server, "fast_dense", 17, 6_000);
    let queries = near_queries(&p, 23, 24);
    for _ in 0..2 {
        let mut found = 0;
        for (i, text) in queries.iter().enumerate() {
            let (min, limit) = [(75, 5), (50, 5), (50, 30), (60, 10)][i % 4];
            found += assert_index_is_brute(&store, text, min, limit);
        }
        assert!(found >= 60, "only {found} hits: the comparison says little");
    }
}
