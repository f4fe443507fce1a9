//! The batched reads that make fuzzy search on PostgreSQL fast (issue #17: one round trip for
//! all the query's tokens, one for the rarest tokens' posting lists, candidate rows read
//! ahead in runs, the hits' rows in two reads, a unit's segments by an index lookup) give
//! exactly what the one-at-a-time reads and SQLite give. Correctness only: the speed is
//! measured by `cargo bench --bench pg`, never here. Runs against a real server (see
//! `support/pg.rs` for which); skipped, saying why, when there is none.

#[path = "support/pairs.rs"]
mod pairs;
#[path = "support/pg.rs"]
mod pg;
#[path = "support/rng.rs"]
mod rng;

use std::path::{Path, PathBuf};

use concord::import::{MemorySettings, Silent, import_memory};
use concord::memory::read::MemoryRead;
use concord::memory::search::{self, SearchQuery};
use concord::pg::PgStore;
use concord::store::Store;
use concord::text::LangTag;
use pairs::{pairs, write_tsv};
use rng::Rng;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The same memory in a SQLite file and in PostgreSQL, one import per file: generated pairs
/// in three parts (so that each common token's postings lie in three chunks), then TMX files
/// with three languages and more to a unit (so that a hit has more than one other segment).
struct Both {
    sqlite: Store,
    pg: PgStore,
    pairs: Vec<(String, String)>,
    _dir: tempfile::TempDir,
    db: pg::TestDb,
}

fn both(server: &pg::Server, tag: &str) -> Both {
    let db = server.database(tag);
    let dir = tempfile::tempdir().unwrap();
    let p = pairs(41, 2_400);
    let mut files = Vec::new();
    for (i, part) in p.chunks(800).enumerate() {
        let tsv = dir.path().join(format!("pairs{i}.tsv"));
        write_tsv(&tsv, part);
        files.push(tsv);
    }
    files.push(fixture("tmx/concord__zh_tw_mayor.tmx"));
    files.push(fixture("tmx/omegat__TMXComplianceKit__ImportTest1C.tmx"));
    let (mut sqlite, _) = Store::open(&dir.path().join("same.db")).unwrap();
    let store = PgStore::connect(&db.url).unwrap();
    for f in &files {
        import_into(&mut sqlite, &store, f);
    }
    Both {
        sqlite,
        pg: store,
        pairs: p,
        _dir: dir,
        db,
    }
}

/// Imports `file` into both stores, as `concord tm import FILE` does.
fn import_into(sqlite: &mut Store, pg: &PgStore, file: &Path) {
    let files = [file.to_path_buf()];
    let settings = MemorySettings::new(&files, None, None, Vec::new(), false, false).unwrap();
    import_memory(sqlite, &settings, &Silent).unwrap();
    concord::pg::import_memory(pg, &settings, &Silent).unwrap();
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap()
}

#[test]
fn batched_search_gives_sqlites_hits_whole() {
    let Some(server) = pg::Server::get() else {
        return;
    };
    let b = both(&server, "batched");
    let mut rng = Rng::new(5, 9);
    let mut queries: Vec<SearchQuery> = Vec::new();
    for i in 0..40 {
        let (en, zh) = &b.pairs[rng.below(b.pairs.len())];
        // --from: the TMX files add French, Spanish and Japanese.
        let (text, from) = if i % 2 == 0 {
            let mut w: Vec<&str> = en.split(' ').collect();
            let j = rng.below(w.len());
            w[j] = "harbour";
            (w.join(" "), Some(LangTag::parse("en").unwrap()))
        } else {
            let mut cs: Vec<char> = zh.chars().collect();
            let j = rng.below(cs.len());
            cs[j] = '港';
            (
                cs.into_iter().collect(),
                Some(LangTag::parse("zh").unwrap()),
            )
        };
        // A limit of 40 makes the read-ahead take several runs (5, 10, 20, ...); min 0
        // scores every segment.
        let (min, limit) = [(95, 1), (75, 5), (50, 5), (50, 40), (0, 3)][i % 5];
        queries.push(SearchQuery {
            min,
            limit,
            from,
            ..SearchQuery::new(text)
        });
    }
    // The TMX's units: three languages each, so `--to` picks among several other segments.
    for to in ["zh-TW", "zh", "en"] {
        queries.push(SearchQuery {
            to: Some(LangTag::parse(to).unwrap()),
            from: Some(LangTag::parse("en").unwrap()),
            min: 50,
            ..SearchQuery::new("The Mayor met the governor.")
        });
    }
    let mut found = 0;
    let mut several_targets = false;
    for q in &queries {
        let a = search::search(b.sqlite.conn(), q).unwrap();
        let p = search::search(&b.pg, q).unwrap();
        // Everything a user sees: units, scores, sources, targets, origins, diffs.
        assert_eq!(json(&a), json(&p), "PostgreSQL and SQLite differ on {q:?}");
        found += usize::from(!a.is_empty());
        several_targets |= a.iter().any(|h| h.targets.len() > 1);
    }
    assert!(
        found * 4 >= queries.len() * 3,
        "only {found} of {} queries found anything: the comparison says little",
        queries.len()
    );
    assert!(
        several_targets || queries.iter().any(|q| q.to.is_some()),
        "no hit had several targets"
    );
}

#[test]
fn postings_of_several_tokens_equal_each_tokens_postings() {
    let Some(server) = pg::Server::get() else {
        return;
    };
    let b = both(&server, "postings");
    let words = ["the", "mayor", "city", "bridge", "no-such-token"];
    let hans = ["市", "长", "桥", "港"];
    let mut ids = Vec::new();
    for (lang, toks) in [("en", &words[..]), ("zh", &hans[..])] {
        let found = b.pg.token_ids(lang, toks).unwrap();
        ids.extend(found.into_iter().flatten().map(|(id, _)| id));
    }
    assert!(ids.len() >= 6, "too few tokens found: {ids:?}");
    // A token id no list has: an empty list, in its place.
    ids.insert(2, u32::MAX >> 1);
    let together = b.pg.postings_of(&ids).unwrap();
    assert_eq!(together.len(), ids.len());
    let mut chunked = 0;
    for (id, list) in ids.iter().zip(&together) {
        let mut alone = Vec::new();
        b.pg.postings(*id, &mut alone).unwrap();
        assert_eq!(list, &alone, "token {id}");
        // Sorted across the chunks the three imports appended.
        assert!(list.windows(2).all(|w| w[0] < w[1]), "token {id} unsorted");
        let mut chunks = 0;
        b.pg.postings_newest_first(*id, &mut |_| {
            chunks += 1;
            Ok(true)
        })
        .unwrap();
        chunked += usize::from(chunks >= 3);
    }
    assert!(chunked >= 4, "the lists do not span several chunks");
    assert!(together[2].is_empty());
    // SQLite's one-at-a-time default agrees on every list's length (its ids are its own).
    for (lang, toks) in [("en", &words[..]), ("zh", &hans[..])] {
        let on_pg = b.pg.token_ids(lang, toks).unwrap();
        let on_sqlite = b.sqlite.conn().token_ids(lang, toks).unwrap();
        let lens = |r: &dyn Fn(u32) -> Vec<u64>, f: &[Option<(u32, u64)>]| {
            f.iter()
                .map(|t| t.map(|(id, _)| r(id).len()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            lens(&|id| b.pg.postings_of(&[id]).unwrap().remove(0), &on_pg),
            lens(
                &|id| b.sqlite.conn().postings_of(&[id]).unwrap().remove(0),
                &on_sqlite
            ),
        );
    }
}

#[test]
fn rows_read_ahead_are_dropped_with_the_snapshot() {
    let Some(server) = pg::Server::get() else {
        return;
    };
    let b = both(&server, "ahead");
    let mut writer = b.db.client();
    let id: i64 = writer
        .query_one("SELECT min(id) FROM variant", &[])
        .unwrap()
        .get(0);
    let before = b.pg.candidate(id).unwrap().unwrap().text;
    // Read ahead inside a snapshot: the row as the snapshot sees it, even once changed.
    b.pg.snapshot(|| {
        b.pg.prefetch_candidates(&[id, -1]).unwrap();
        writer
            .execute("UPDATE variant SET text = 'changed' WHERE id = $1", &[&id])
            .unwrap();
        assert_eq!(b.pg.candidate(id)?.unwrap().text, before);
        assert!(b.pg.candidate(-1)?.is_none());
        Ok(())
    })
    .unwrap();
    // Once the snapshot is over, what it read ahead is gone: the row is read anew.
    assert_eq!(b.pg.candidate(id).unwrap().unwrap().text, "changed");
    // Outside a snapshot nothing is read ahead, so nothing goes stale.
    b.pg.prefetch_candidates(&[id]).unwrap();
    writer
        .execute("UPDATE variant SET text = 'again' WHERE id = $1", &[&id])
        .unwrap();
    assert_eq!(b.pg.candidate(id).unwrap().unwrap().text, "again");
}

#[test]
fn a_hit_whose_segment_is_gone_is_an_error_not_a_gap() {
    let Some(server) = pg::Server::get() else {
        return;
    };
    let b = both(&server, "gone");
    let ids: Vec<i64> = vec![1, 2, 999_999_999];
    // Neither store answers with fewer rows than asked, which would pair hits with the wrong
    // sources.
    assert!(b.pg.sources_with_origin(&ids).is_err());
    assert!(b.sqlite.conn().sources_with_origin(&ids).is_err());
    let ok = [2, 1];
    assert_eq!(
        b.pg.sources_with_origin(&ok).unwrap(),
        b.sqlite.conn().sources_with_origin(&ok).unwrap()
    );
}

#[test]
fn units_and_their_other_segments_read_alike() {
    let Some(server) = pg::Server::get() else {
        return;
    };
    let b = both(&server, "units");
    let (s, p) = (b.sqlite.conn(), &b.pg);
    let mut wanted = Vec::new();
    let mut units = 0;
    let mut three = false;
    let last: i64 =
        b.db.client()
            .query_one("SELECT max(id) FROM unit", &[])
            .unwrap()
            .get(0);
    for id in 1..=last + 1 {
        let (a, c) = (s.unit(id).unwrap(), p.unit(id).unwrap());
        assert_eq!(json(&a), json(&c), "unit {id}");
        let Some(u) = a else { continue };
        units += 1;
        three |= u.unit.variants.len() >= 3;
        let (head, want) = (p.unit_head(id).unwrap(), s.unit_head(id).unwrap());
        assert_eq!(
            (&head.srclang, head.first_variant, &head.origin),
            (&want.srclang, want.first_variant, &want.origin)
        );
        let except = head.first_variant + (id % 2);
        assert_eq!(
            json(&s.other_segments(id, except).unwrap()),
            json(&p.other_segments(id, except).unwrap())
        );
        wanted.push((id, except));
    }
    assert!(
        units > 2_000 && three,
        "{units} units, three languages: {three}"
    );
    assert_eq!(
        json(&s.other_segments_of(&wanted).unwrap()),
        json(&p.other_segments_of(&wanted).unwrap())
    );
}

#[test]
fn kept_posting_chunks_never_hide_a_later_import_or_a_rewrite() {
    let Some(server) = pg::Server::get() else {
        return;
    };
    let db = server.database("kept");
    let dir = tempfile::tempdir().unwrap();
    let p = pairs(43, 1_200);
    let (mut sqlite, _) = Store::open(&dir.path().join("kept.db")).unwrap();
    let reader = PgStore::connect(&db.url).unwrap();
    let writer = PgStore::connect(&db.url).unwrap();
    let q = SearchQuery {
        min: 50,
        limit: 10,
        ..SearchQuery::new(p[1_100].0.clone())
    };
    for (i, part) in p.chunks(600).enumerate() {
        let tsv = dir.path().join(format!("part{i}.tsv"));
        write_tsv(&tsv, part);
        // Another connection imports: the reader learns of it only from the database.
        import_into(&mut sqlite, &writer, &tsv);
        // The reader keeps the chunks it read for the first part; the second part's must
        // still be found (the query is a segment of the second part).
        let a = search::search(sqlite.conn(), &q).unwrap();
        assert_eq!(
            json(&a),
            json(&search::search(&reader, &q).unwrap()),
            "part {i}"
        );
        if i == 1 {
            assert_eq!(a.first().map(|h| h.score), Some(100));
        }
    }
    let ids: Vec<u32> = reader
        .token_ids("en", &["the", "mayor", "city"])
        .unwrap()
        .into_iter()
        .flatten()
        .map(|(id, _)| id)
        .collect();
    let before = reader.postings_of(&ids).unwrap();
    // A rewritten row is a new version (xmin): read again, not taken from what was kept.
    let mut c = db.client();
    c.batch_execute("UPDATE tm_posting SET data = data")
        .unwrap();
    assert_eq!(reader.postings_of(&ids).unwrap(), before);
    // Emptied by a rewrite behind concord's back: the reader must not answer from memory.
    c.batch_execute("UPDATE tm_posting SET data = ''::bytea")
        .unwrap();
    assert!(reader.postings_of(&ids).unwrap().iter().all(Vec::is_empty));
}
