//! The round trips of a fuzzy search on PostgreSQL (issue #17): the rows a search scores are
//! read with the token sequences it verifies, and what a hit is shown with (its segment, its
//! origin, its unit's other segments) in one read. Each read gives exactly what the reads it
//! replaces give, and the search exactly what SQLite gives. Round trips are counted, never
//! timed: the speed is measured by `cargo bench --bench pg`. The tests run against a real
//! server (see `support/pg.rs` for which) and are skipped, saying why, when there is none.

#[path = "support/pairs.rs"]
mod pairs;
#[path = "support/pg.rs"]
mod pg;
#[path = "support/rng.rs"]
mod rng;

use concord::import::{MemorySettings, Silent, import_memory};
use concord::memory::read::MemoryRead;
use concord::memory::search::{self, SearchQuery};
use concord::pg::PgStore;
use concord::store::Store;
use rng::Rng;

/// The same generated pairs in a fresh PostgreSQL database and a SQLite file.
fn both(
    server: &pg::Server,
    tag: &str,
    n: usize,
) -> (
    PgStore,
    Store,
    Vec<(String, String)>,
    pg::TestDb,
    tempfile::TempDir,
) {
    let db = server.database(tag);
    let dir = tempfile::tempdir().unwrap();
    let p = pairs::pairs(17, n);
    let tsv = dir.path().join("pairs.tsv");
    pairs::write_tsv(&tsv, &p);
    let files = [tsv];
    let settings = MemorySettings::new(&files, None, None, Vec::new(), false, false).unwrap();
    let pg = PgStore::connect(&db.url).unwrap();
    concord::pg::import_memory(&pg, &settings, &Silent).unwrap();
    let (mut sqlite, _) = Store::open(&dir.path().join("m.db")).unwrap();
    import_memory(&mut sqlite, &settings, &Silent).unwrap();
    (pg, sqlite, p, db, dir)
}

/// Regression: each segment a search scores was read in a round trip of its own after its
/// sequence was read in another. A few thousand sequences come with their rows, and the
/// rows then cost no round trip; past that, the rows are read when asked, as before.
#[test]
fn rows_to_score_come_with_their_sequences() {
    let Some(server) = pg::Server::get() else {
        return;
    };
    let (pg, sqlite, _, _db, _dir) = both(&server, "trips_rows", 3_000);
    let ids: Vec<i64> = (1..=40).chain([999_999_999]).collect();
    let want: Vec<Option<(i64, String, String, bool)>> = ids
        .iter()
        .map(|&v| {
            sqlite
                .conn()
                .candidate(v)
                .unwrap()
                .map(|c| (c.unit, c.lang, c.text, c.has_markup))
        })
        .collect();
    assert!(
        want.iter().flatten().count() == 40,
        "too few rows: {want:?}"
    );
    pg.snapshot(|| {
        pg.prefetch_sequences(&ids)?;
        let before = pg.round_trips();
        let mut seq = Vec::new();
        for (&v, want) in ids.iter().zip(&want) {
            let got = pg
                .candidate(v)?
                .map(|c| (c.unit, c.lang, c.text, c.has_markup));
            assert_eq!(&got, want, "segment {v}");
            let mut in_sqlite = Vec::new();
            let known = sqlite.conn().sequence(v, &mut in_sqlite, |t| t)?;
            assert_eq!(pg.sequence(v, &mut seq, |t| t)?, known, "segment {v}");
            // Token ids are each store's own: compare the lengths, which are the segment's.
            assert_eq!(seq.len(), in_sqlite.len(), "segment {v}");
        }
        assert_eq!(
            pg.round_trips(),
            before,
            "a row or sequence read ahead cost a round trip"
        );
        Ok(())
    })
    .unwrap();
}

/// Regression: a hit's segment with its origin, and its unit's other segments, were two
/// round trips. Now one, with the answers of the two reads.
#[test]
fn a_hit_is_shown_with_one_read() {
    let Some(server) = pg::Server::get() else {
        return;
    };
    let (pg, _, _, _db, _dir) = both(&server, "trips_hits", 500);
    let wanted: Vec<(i64, i64)> = vec![(3, 5), (1, 1), (1, 2), (200, 400)];
    let sources = pg
        .sources_with_origin(&wanted.iter().map(|&(_, v)| v).collect::<Vec<_>>())
        .unwrap();
    let others = pg.other_segments_of(&wanted).unwrap();
    // The first read prepares its statement (a round trip of its own, once a connection).
    pg.sources_and_others(&wanted[..1]).unwrap();
    let before = pg.round_trips();
    let both = pg.sources_and_others(&wanted).unwrap();
    assert_eq!(pg.round_trips() - before, 1);
    assert_eq!(both.len(), wanted.len());
    for ((source, rest), (s, o)) in both.iter().zip(sources.iter().zip(&others)) {
        assert_eq!(source, s);
        let view = |x: &[concord::model::memory::Segment]| {
            x.iter()
                .map(|g| (g.lang.to_string(), g.text.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(view(rest), view(o));
    }
    // A segment no longer in the memory is an error, as the reads it replaces make it.
    assert!(pg.sources_and_others(&[(1, 999_999_999)]).is_err());
}

/// The searches that take these reads answer as SQLite does: the same hits, each shown with
/// the same segment, origin and translations.
#[test]
fn searches_with_fewer_round_trips_answer_as_sqlite() {
    let Some(server) = pg::Server::get() else {
        return;
    };
    let (pg, sqlite, p, _db, _dir) = both(&server, "trips_search", 4_000);
    let mut rng = Rng::new(29, 5);
    for i in 0..40 {
        let pair = &p[rng.below(p.len())];
        let text = pairs::near_query(&mut rng, pair, i % 2 == 0);
        for min in [75u8, 50] {
            let q = SearchQuery {
                min,
                limit: 5,
                ..SearchQuery::new(text.clone())
            };
            let a = search::search(&pg, &q).unwrap();
            let b = search::search(sqlite.conn(), &q).unwrap();
            let view = |h: &[search::FuzzyHit]| {
                h.iter()
                    .map(|h| {
                        (
                            h.unit,
                            h.score,
                            h.source.clone(),
                            h.targets.clone(),
                            h.origin.clone(),
                        )
                    })
                    .collect::<Vec<_>>()
            };
            assert_eq!(view(&a), view(&b), "{text:?} at min {min}");
        }
    }
}
