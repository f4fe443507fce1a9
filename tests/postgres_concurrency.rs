//! Many writers and readers on one PostgreSQL store at once (issue #17): for a bounded time,
//! writers import overlapping files (some reusing a connection, some connecting afresh for
//! each import, so that migrations on connect race too) while readers search, look up
//! phrases and count. Then: every pair stored once, each unit reported imported exactly once,
//! the index whole (every segment's token sequence present and in each of its tokens'
//! posting lists, every document frequency the length of its list), and a search for each
//! stored pair finds exactly its one unit. Runs against a real server (see `support/pg.rs`).

#[path = "support/pairs.rs"]
mod pairs;
#[path = "support/pg.rs"]
mod pg;
#[path = "support/rng.rs"]
mod rng;

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use concord::database::{Location, Opened};
use concord::import::{MemorySettings, Silent};
use concord::memory::index::unpack;
use concord::memory::read::MemoryRead;
use concord::memory::{ConcordanceQuery, SearchQuery};
use concord::pg::PgStore;
use concord::text::LangTag;
use pairs::{pairs, write_tsv};
use rng::Rng;

/// How long the writers and readers run; each does at least one round whatever the time.
const RUN_FOR: Duration = Duration::from_secs(4);
const WRITERS: usize = 4;
const READERS: usize = 4;
/// Pairs in each file a writer imports, a window of the shared pool: windows overlap.
const WINDOW: usize = 150;

type Pair = (String, String);

fn tag(s: &str) -> LangTag {
    s.parse().unwrap()
}

/// A search for the pair's English at 100%, translated into Chinese.
fn exact(en: &str) -> SearchQuery {
    SearchQuery {
        from: Some(tag("en")),
        to: Some(tag("zh-CN")),
        min: 100,
        limit: 50,
        ..SearchQuery::new(en)
    }
}

/// How many hits of an exact search are the pair itself.
fn units_holding(store: &Opened, (en, zh): &Pair) -> usize {
    let answer = store.search(&exact(en)).unwrap();
    answer
        .hits
        .iter()
        .filter(|h| h.source.text == *en && h.targets.iter().any(|t| t.text == *zh))
        .count()
}

#[test]
fn eight_writers_and_readers_leave_one_whole_memory() {
    let Some(server) = pg::Server::get() else {
        return;
    };
    let db = server.database("concurrency");
    let at = Location::Postgres(db.url.clone());
    let dir = tempfile::tempdir().unwrap();
    let pool = pairs(41, 1_000);
    // What committed imports hold, for readers to look for; and what every import reported.
    let committed: Mutex<Vec<Pair>> = Mutex::new(Vec::new());
    let imported = AtomicUsize::new(0);
    let imports = AtomicUsize::new(0);
    let reads = AtomicUsize::new(0);
    let stop = Instant::now() + RUN_FOR;

    std::thread::scope(|s| {
        for w in 0..WRITERS {
            let (at, pool, dir) = (&at, &pool, dir.path());
            let (committed, imported, imports) = (&committed, &imported, &imports);
            s.spawn(move || {
                let mut rng = Rng::new(1_000 + w as u64, 1);
                let mut kept = None;
                for round in 0.. {
                    if round > 0 && Instant::now() >= stop {
                        break;
                    }
                    let start = rng.below(pool.len() - WINDOW);
                    let part = &pool[start..start + WINDOW];
                    let file = dir.join(format!("w{w}-{round}.tsv"));
                    write_tsv(&file, part);
                    let settings =
                        MemorySettings::new(&[file], None, None, vec![], false, false).unwrap();
                    // Odd writers connect for every import; even ones keep their connection.
                    let mut fresh;
                    let store = if w % 2 == 1 {
                        fresh = Opened::open(at).unwrap();
                        &mut fresh
                    } else {
                        kept.get_or_insert_with(|| Opened::open(at).unwrap())
                    };
                    let reports = store.import_memory(&settings, &Silent).unwrap();
                    imported.fetch_add(reports[0].imported as usize, Ordering::SeqCst);
                    imports.fetch_add(1, Ordering::SeqCst);
                    committed.lock().unwrap().extend(part.iter().cloned());
                }
            });
        }
        for r in 0..READERS {
            let (at, committed, reads) = (&at, &committed, &reads);
            s.spawn(move || {
                let store = Opened::open(at).unwrap();
                let mut rng = Rng::new(2_000 + r as u64, 1);
                let mut units_seen = 0;
                for round in 0.. {
                    if round > 0 && Instant::now() >= stop {
                        break;
                    }
                    // Counts only grow: no reader sees an import half made or undone.
                    let units = store.memory_stats().unwrap().units;
                    assert!(units >= units_seen, "{units} units after {units_seen}");
                    units_seen = units;
                    let pick = {
                        let c = committed.lock().unwrap();
                        (!c.is_empty()).then(|| c[rng.below(c.len())].clone())
                    };
                    // What an import committed before this search began is found, once.
                    if let Some(pair) = pick {
                        assert_eq!(units_holding(&store, &pair), 1, "{pair:?}");
                        let word = pair.0.split(' ').next().unwrap().to_string();
                        let q = ConcordanceQuery {
                            text: word.clone(),
                            side: "source".parse().unwrap(),
                            lang: None,
                            limit: 20,
                        };
                        let a = store.concordance(&q).unwrap();
                        assert!(!a.hits.is_empty(), "{word}");
                    }
                    reads.fetch_add(1, Ordering::SeqCst);
                }
            });
        }
    });

    let stored: HashSet<Pair> = committed.into_inner().unwrap().into_iter().collect();
    eprintln!(
        "{} imports, {} reads, {} distinct pairs stored",
        imports.load(Ordering::SeqCst),
        reads.load(Ordering::SeqCst),
        stored.len()
    );
    assert!(imports.load(Ordering::SeqCst) >= WRITERS);
    assert!(
        stored.len() > WINDOW,
        "the windows never widened the memory"
    );

    // Counts: each pair once, each reported imported once.
    let mut c = db.client();
    let row = c
        .query_one(
            "SELECT (SELECT count(*) FROM unit), (SELECT count(DISTINCT hash) FROM unit), (SELECT count(*) FROM variant)",
            &[],
        )
        .unwrap();
    let (units, hashes, variants): (i64, i64, i64) = (row.get(0), row.get(1), row.get(2));
    assert_eq!((units, hashes), (stored.len() as i64, stored.len() as i64));
    assert_eq!(variants, 2 * units);
    assert_eq!(imported.load(Ordering::SeqCst), stored.len());
    let langs: HashMap<String, i64> = c
        .query("SELECT lang, segments FROM tm_lang", &[])
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(
        langs,
        HashMap::from([("en".to_string(), units), ("zh-CN".to_string(), units)])
    );

    // The index: every segment's sequence, in each of its tokens' lists with its length;
    // every list in order, naming stored segments only, as long as its token's frequency.
    let store = PgStore::connect(&db.url).unwrap();
    let ids: HashSet<i64> = c
        .query("SELECT id FROM variant", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut lists: HashMap<u32, Vec<(i64, usize)>> = HashMap::new();
    for row in c.query("SELECT id, df FROM tm_token", &[]).unwrap() {
        let (token, df): (i32, i64) = (row.get(0), row.get(1));
        let mut raw = Vec::new();
        store.postings(token as u32, &mut raw).unwrap();
        let list: Vec<(i64, usize)> = raw.into_iter().map(unpack).collect();
        assert_eq!(list.len() as i64, df, "token {token}'s frequency");
        assert!(list.windows(2).all(|p| p[0].0 < p[1].0), "token {token}");
        assert!(list.iter().all(|(v, _)| ids.contains(v)), "token {token}");
        lists.insert(token as u32, list);
    }
    let mut toks = Vec::new();
    for &v in &ids {
        assert!(store.sequence(v, &mut toks, |t| t).unwrap(), "segment {v}");
        assert!(!toks.is_empty(), "segment {v}");
        let len = toks.len().min(concord::memory::index::LEN_CAP);
        for t in &toks {
            let list = &lists[t];
            assert!(
                list.binary_search_by_key(&v, |p| p.0)
                    .is_ok_and(|i| list[i].1 == len),
                "segment {v} is missing from token {t}'s list"
            );
        }
    }

    // And a search finds each stored pair's one unit.
    let store = Opened::open(&at).unwrap();
    for pair in &stored {
        assert_eq!(units_holding(&store, pair), 1, "{pair:?}");
    }
}
