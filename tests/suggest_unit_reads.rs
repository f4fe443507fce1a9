//! What suggest and lookup's evidence read of each unit holding a term: the segment, then, when
//! it holds the term, its unit's other segments. On SQLite one seek reads the segment before,
//! the segment and those after it (`MemoryRead::candidates_in_units`), on the invariant that a
//! unit's segments have consecutive ids; these tests hold it to the reads it replaced (the
//! segment by id, the unit's other segments through the unit's row), wherever the segment
//! stands in its unit, for units of one to four segments side by side, and for ids the memory
//! lacks.

use concord::memory::read::MemoryRead;
use concord::store::Store;

mod common;
use common::Db;

/// Units of four, (one,) three, two and three segments, one after the other, the term's segment
/// first, last and in the middle.
const TMX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/><body>
<tu><tuv xml:lang="en"><seg>The lighthouse is tall.</seg></tuv><tuv xml:lang="zh-CN"><seg>灯塔很高。</seg></tuv><tuv xml:lang="fr"><seg>Le phare est haut.</seg></tuv><tuv xml:lang="de"><seg>Der Leuchtturm ist hoch.</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>A lighthouse alone.</seg></tuv></tu>
<tu><tuv xml:lang="fr"><seg>Un phare rouge.</seg></tuv><tuv xml:lang="en"><seg>A red lighthouse.</seg></tuv><tuv xml:lang="zh-CN"><seg>红色的灯塔。</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>我看见了灯塔。</seg></tuv><tuv xml:lang="en"><seg>I saw the lighthouse.</seg></tuv></tu>
<tu><tuv xml:lang="de"><seg>Ein Leuchtturm am Meer.</seg></tuv><tuv xml:lang="zh-CN"><seg>海边的灯塔。</seg></tuv><tuv xml:lang="en"><seg>A lighthouse by the sea.</seg></tuv></tu>
</body></tmx>
"#;

fn memory() -> Db {
    let db = Db::empty();
    let file = db.path.with_file_name("units.tmx");
    std::fs::write(&file, TMX).unwrap();
    let (code, _, err) = db.run(&["tm", "import", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    db
}

/// (unit, lang, text) of a candidate and its unit's other segments as (lang, text).
type Read = Option<((i64, String, String), Option<Vec<(String, String)>>)>;

/// The reads the one seek replaced: the segment by id, then its unit's other segments.
fn one_by_one(conn: &rusqlite::Connection, id: i64, keep: &dyn Fn(&str) -> bool) -> Read {
    let c = conn.candidate(id).unwrap()?;
    let others = keep(&c.lang).then(|| {
        conn.other_segments(c.unit, id)
            .unwrap()
            .into_iter()
            .map(|s| (s.lang.to_string(), s.text))
            .collect()
    });
    Some(((c.unit, c.lang, c.text), others))
}

fn in_units(conn: &rusqlite::Connection, ids: &[i64], keep: &dyn Fn(&str) -> bool) -> Vec<Read> {
    conn.candidates_in_units(ids, &mut |c| keep(&c.lang))
        .unwrap()
        .into_iter()
        .map(|r| {
            r.map(|r| {
                let c = r.candidate;
                let others = r.others.map(|o| {
                    o.into_iter()
                        .map(|s| (s.lang.to_string(), s.text))
                        .collect()
                });
                ((c.unit, c.lang, c.text), others)
            })
        })
        .collect()
}

#[test]
fn a_units_other_segments_read_in_one_seek_are_those_read_through_its_row() {
    let db = memory();
    let store = Store::open_read_only(&db.path).unwrap();
    let conn = store.conn();
    let last: i64 = conn
        .query_row("SELECT max(id) FROM variant", [], |r| r.get(0))
        .unwrap();
    // The unit of one segment may be skipped at import; the others' twelve are there.
    assert!(last >= 12, "{last} segments");
    // Ids the memory lacks on both sides, each segment, and the sample's order (not the ids').
    let ids: Vec<i64> = (-1..=last + 2).chain([9, 2, 12, 5, 5, 1]).collect();
    let keeps: [&dyn Fn(&str) -> bool; 3] = [&|_| true, &|l| l == "en", &|_| false];
    for keep in keeps {
        let want: Vec<Read> = ids.iter().map(|&id| one_by_one(conn, id, keep)).collect();
        assert_eq!(in_units(conn, &ids, keep), want);
        // One at a time too: the seek starts afresh for each.
        for (i, &id) in ids.iter().enumerate() {
            assert_eq!(
                in_units(conn, &[id], keep),
                [want[i].clone()],
                "segment {id}"
            );
        }
    }
}

#[test]
fn suggest_reads_the_target_wherever_the_terms_segment_stands_in_its_unit() {
    let db = memory();
    let v = db.json(&["suggest", "--from", "en", "--to", "zh-CN", "lighthouse"]);
    // The unit of one segment has no Chinese; the four others each give their target.
    assert_eq!(v["units"], 4, "{v}");
    let v = db.json(&["suggest", "--from", "zh-CN", "--to", "de", "灯塔"]);
    assert_eq!(v["units"], 2, "{v}");
}
