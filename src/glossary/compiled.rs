//! Each language's term matcher, compiled once and kept in the store (`term_matcher`), so that
//! a check reads it instead of compiling the glossary again: over CC-CEDICT, compiling takes
//! about a second and a half of CPU (normalising 438,000 terms, the plural rules for 38,000
//! English words, sorting a million keys into the tables, jieba suggesting a frequency for
//! each of 100,000 Chinese words), reading it back a tenth of that.
//!
//! A stored matcher is a cache of what the terms and this program's code make. Writers drop
//! the matchers of the languages they change ([`invalidate`], from [`super::db::Writer`]); an
//! import compiles them again at its end ([`refresh`]), and a check compiles and keeps one
//! that is missing ([`for_languages`]). Each row carries the stamp of the code that compiled
//! it ([`stamp`]): a program whose matching differs in any way compiles its own.
//!
//! A row's rowid is its content's hash ([`content_id`]), so that a process can tell that the
//! matcher it decoded earlier is still the stored one without reading the bytes again: a
//! long-running process (`concord serve`) keeps what it decoded ([`for_languages`]).

use std::sync::{Arc, LazyLock, Mutex};

use rusqlite::{Connection, OptionalExtension, params};

use super::matcher::{self, SegmenterWarmup, TermMatcher};
use crate::error::Result;
use crate::model::glossary::TermType;
use crate::store::guard::NoWait;
use crate::store::{cache_snapshot, savepoint};
use crate::text::LangTag;

/// The matcher of some languages, with what the checker asks of each of its terms.
pub struct Compiled {
    pub matcher: TermMatcher,
    /// By term index: a short form, acronym or abbreviation, which alternates with its full
    /// form by design.
    pub short: Vec<bool>,
    /// An acronym's concept → the concepts of the names it abbreviates, which the checker
    /// works out the first time it needs them (`check::acronym`): once a process for a
    /// glossary, not at every check, since they change only with the terms.
    pub acronyms: std::sync::OnceLock<rustc_hash::FxHashMap<i64, Vec<i64>>>,
}

/// The sources [`stamp`] hashes: every file of the matcher and of the text handling it
/// folds its keys with.
const SOURCES: [&str; 19] = [
    include_str!("compiled.rs"),
    include_str!("matcher/mod.rs"),
    include_str!("matcher/abbrev.rs"),
    include_str!("matcher/build.rs"),
    include_str!("matcher/codec.rs"),
    include_str!("matcher/forms.rs"),
    include_str!("matcher/names.rs"),
    include_str!("matcher/presence.rs"),
    include_str!("matcher/segmenter.rs"),
    include_str!("matcher/verbs.rs"),
    include_str!("../model/glossary.rs"),
    include_str!("../text/fold.rs"),
    include_str!("../text/key.rs"),
    include_str!("../text/lang.rs"),
    include_str!("../text/mod.rs"),
    include_str!("../text/script.rs"),
    include_str!("../text/spelling.rs"),
    include_str!("../text/en_spelling.tsv"),
    include_str!("../../Cargo.lock"),
];

/// What compiles a matcher: the sources of the matcher, of the keys and plural rules it is
/// made of, and the versions of every dependency (the Unicode tables, OpenCC's, `pluralizer`,
/// jieba's dictionary), hashed. Hashing the code itself rather than trusting a version
/// number that someone must remember to raise: a stored matcher is only ever read by the
/// code that wrote it.
pub fn stamp() -> i64 {
    static STAMP: LazyLock<i64> = LazyLock::new(|| {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for s in SOURCES {
            h.update(s.as_bytes());
            h.update(&[0]);
        }
        h.digest() as i64
    });
    *STAMP
}

/// Does a term of this type alternate with its full form by design?
pub fn alternates(ty: Option<TermType>) -> bool {
    matches!(
        ty,
        Some(TermType::ShortForm | TermType::Acronym | TermType::Abbreviation)
    )
}

/// A stored matcher's row, borrowed: its bytes and its terms' short-form flags.
type Stored<'r> = (&'r [u8], &'r [u8], i64);

/// The stored matchers of some languages (primary subtags), in the order given: each one
/// this code compiled, or `None`. A language's bytes are read on a thread of their own, as
/// the languages share nothing: on two cores that takes a tenth of a second off a check.
pub fn load(
    conn: &Connection,
    primaries: &[&str],
    warmup: &mut Option<SegmenterWarmup>,
) -> Result<Vec<Option<Compiled>>> {
    Ok(load_keyed(conn, primaries, warmup)?
        .into_iter()
        .map(|c| c.map(|(c, _)| c))
        .collect())
}

/// A matcher read from the store, with its row's content id when the rowid is one.
type Keyed = (Compiled, Option<i64>);

/// [`load`], each matcher with its row's rowid when that is its content's hash (a row
/// [`save`] wrote, and no `VACUUM` has renumbered since).
fn load_keyed(
    conn: &Connection,
    primaries: &[&str],
    warmup: &mut Option<SegmenterWarmup>,
) -> Result<Vec<Option<Keyed>>> {
    const ROW: &str = "SELECT data, short, rowid FROM term_matcher WHERE lang = ?1 AND stamp = ?2";
    // A statement each, so that every row, and the bytes borrowed from it, is there at once.
    let mut stmts = Vec::new();
    for _ in primaries {
        stmts.push(conn.prepare(ROW)?);
    }
    let mut rows = Vec::new();
    for (stmt, p) in stmts.iter_mut().zip(primaries) {
        rows.push(stmt.query(params![p, stamp()])?);
    }
    let mut found: Vec<Option<Stored>> = Vec::new();
    for r in rows.iter_mut() {
        found.push(match r.next()? {
            Some(row) => Some((
                row.get_ref(0)?.as_blob().map_err(rusqlite::Error::from)?,
                row.get_ref(1)?.as_blob().map_err(rusqlite::Error::from)?,
                row.get::<_, i64>(2)?,
            )),
            None => None,
        });
    }
    // jieba learns its words on the warm-up's thread: the first Chinese matcher gets it.
    let mut warm: Vec<Option<SegmenterWarmup>> = primaries.iter().map(|_| None).collect();
    if let Some(at) = primaries
        .iter()
        .zip(&found)
        .position(|(p, f)| f.is_some() && SegmenterWarmup::needed_for_primary(p))
    {
        warm[at] = warmup.take();
    }
    let read = |(bytes, mut warm): (Option<Stored>, Option<SegmenterWarmup>)| {
        let (data, short, rowid) = bytes?;
        // Bytes this code cannot read are as good as none: it compiles the matcher again.
        let compiled = TermMatcher::from_bytes(data, &mut warm)
            .filter(|m| m.terms().len() == short.len())
            .map(|matcher| Compiled {
                matcher,
                short: short.iter().map(|&b| b != 0).collect(),
                acronyms: Default::default(),
            })?;
        let id = (content_id(data, short) == rowid).then_some(rowid);
        Some((compiled, id))
    };
    let mut jobs = found.into_iter().zip(warm);
    let first = jobs.next();
    Ok(std::thread::scope(|s| {
        let others: Vec<_> = jobs.map(|job| s.spawn(move || read(job))).collect();
        let mut out: Vec<_> = first.map(read).into_iter().collect();
        // A panic on another thread is a bug here: let it surface as one.
        out.extend(
            others
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))),
        );
        out
    }))
}

/// Compiles the matchers of the given languages from the store's terms, one per language, in
/// the order given; jieba learns the Chinese words on the warm-up's thread.
pub fn build(
    conn: &Connection,
    primaries: &[&str],
    warmup: &mut Option<SegmenterWarmup>,
) -> Result<Vec<Compiled>> {
    let (terms, short) = matcher::terms_from_store(
        conn,
        |l| primaries.contains(&l.primary()),
        |ty| alternates(ty.and_then(TermType::parse_lenient)),
    )?;
    let mut parts: Vec<(Vec<_>, Vec<bool>)> =
        primaries.iter().map(|_| Default::default()).collect();
    for (t, s) in terms.into_iter().zip(short) {
        if let Some(at) = primaries.iter().position(|p| *p == t.lang.primary()) {
            parts[at].0.push(t);
            parts[at].1.push(s);
        }
    }
    Ok(parts
        .into_iter()
        .map(|(terms, short)| {
            let warm = terms
                .first()
                .filter(|t| SegmenterWarmup::needed_for(&t.lang))
                .and_then(|_| warmup.take());
            Compiled {
                matcher: TermMatcher::with_segmenter(terms, warm),
                short,
                acronyms: Default::default(),
            }
        })
        .collect())
}

/// Keeps a language's matcher in the store, in place of any other.
pub fn save(conn: &Connection, primary: &str, c: &Compiled) -> Result<()> {
    let short: Vec<u8> = c.short.iter().map(|&s| u8::from(s)).collect();
    let data = c.matcher.to_bytes();
    conn.prepare_cached(
        "INSERT OR REPLACE INTO term_matcher (rowid, lang, stamp, data, short) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![content_id(&data, &short), primary, stamp(), data, short])?;
    Ok(())
}

/// A stored matcher's rowid: the hash of its bytes and its short-form flags. Two languages'
/// matchers with the same hash would share a row, and one would be compiled again: a cost
/// with a chance of one in 2^64, never a wrong answer.
fn content_id(data: &[u8], short: &[u8]) -> i64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(data);
    h.update(&[0xff]);
    h.update(short);
    h.digest() as i64
}

/// Drops the stored matchers of languages whose terms changed.
pub fn invalidate<'a>(
    conn: &Connection,
    primaries: impl IntoIterator<Item = &'a str>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached("DELETE FROM term_matcher WHERE lang = ?1")?;
    for p in primaries {
        stmt.execute([p])?;
    }
    Ok(())
}

/// Compiles and keeps the matcher of every language of the glossary that has none from this
/// code: after an import, so that the first check need not.
pub fn refresh(conn: &Connection) -> Result<()> {
    let mut primaries: Vec<String> = Vec::new();
    for lang in super::index::languages(conn)? {
        if let Ok(tag) = LangTag::parse(&lang)
            && !primaries.iter().any(|p| p == tag.primary())
        {
            primaries.push(tag.primary().to_string());
        }
    }
    let mut missing = Vec::new();
    for p in &primaries {
        let current = conn
            .prepare_cached("SELECT 1 FROM term_matcher WHERE lang = ?1 AND stamp = ?2")?
            .query_row(params![p, stamp()], |_| Ok(()))
            .optional()?;
        if current.is_none() {
            missing.push(p.as_str());
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    for (p, c) in missing.iter().zip(build(conn, &missing, &mut None)?) {
        save(conn, p, &c)?;
    }
    Ok(())
}

/// The matcher of some languages for a check: each read from the store, or compiled and then
/// kept there for the next check.
///
/// All in one transaction, so that the languages are those of one moment of the glossary,
/// and so that a matcher compiled from terms another process has changed since is never
/// kept: SQLite lets no transaction write on a snapshot older than the database. The
/// matchers are a cache: a database this process may not write to (read only, or held by a
/// long import) is checked all the same, without waiting for it, and compiles them again
/// next time.
///
/// What was read from the store is kept for the life of the process, keyed by the rows'
/// content ids: decoding CC-CEDICT's matchers (76 MB) and teaching jieba their words takes a
/// third of a second, which a server would pay on every lookup that reaches the matcher and
/// on every check. Only the rowids are read to find it again; jieba is loaded (on another
/// thread, when `segmenting` says a language needs it) only when something is decoded or
/// compiled.
pub fn for_languages(
    conn: &Connection,
    primaries: &[&str],
    segmenting: bool,
) -> Result<Arc<Compiled>> {
    // Nothing is written that must stay: the matchers are in hand either way.
    cache_snapshot(conn, || {
        let key = stored_ids(conn, primaries)?;
        if let Some(kept) = key.as_ref().and_then(|k| Decoded::find(k)) {
            return Ok(kept);
        }
        let mut warmup = segmenting.then(SegmenterWarmup::start);
        let (parts, ids) = load_or_compile(conn, primaries, &mut warmup)?;
        let (mut matchers, mut short) = (Vec::new(), Vec::new());
        for c in parts {
            matchers.push(c.matcher);
            short.extend(c.short);
        }
        let compiled = Arc::new(Compiled {
            matcher: TermMatcher::join(matchers),
            short,
            acronyms: Default::default(),
        });
        // Kept only when every part is a stored row named by its content, and the rows read
        // are those the key was taken from.
        if let Some(key) = key
            && ids.iter().zip(&key).all(|(id, (_, k))| *id == Some(*k))
        {
            Decoded::keep(key, Arc::clone(&compiled));
        }
        Ok(compiled)
    })
}

/// Each language's stored row id in the order given, when every one has a row from this code.
fn stored_ids(conn: &Connection, primaries: &[&str]) -> Result<Option<Vec<(String, i64)>>> {
    let mut stmt =
        conn.prepare_cached("SELECT rowid FROM term_matcher WHERE lang = ?1 AND stamp = ?2")?;
    let mut key = Vec::with_capacity(primaries.len());
    for p in primaries {
        match stmt
            .query_row(params![p, stamp()], |r| r.get::<_, i64>(0))
            .optional()?
        {
            Some(id) => key.push((p.to_string(), id)),
            None => return Ok(None),
        }
    }
    Ok(Some(key))
}

/// Matchers this process decoded from a store, by the languages and content ids of their rows.
struct Decoded;

/// How many sets of languages are kept: a server meets a few (each query's script, and the
/// pairs its checks ask for), each with its own copy of jieba when Chinese is among them.
const DECODED_KEPT: usize = 4;

type DecodedEntry = (Vec<(String, i64)>, Arc<Compiled>);

static DECODED: Mutex<Vec<DecodedEntry>> = Mutex::new(Vec::new());

impl Decoded {
    fn find(key: &[(String, i64)]) -> Option<Arc<Compiled>> {
        let mut kept = DECODED.lock().unwrap_or_else(|p| p.into_inner());
        let at = kept.iter().position(|(k, _)| k.as_slice() == key)?;
        // The most recently used last, so that the least is the one dropped.
        let entry = kept.remove(at);
        let found = Arc::clone(&entry.1);
        kept.push(entry);
        Some(found)
    }

    fn keep(key: Vec<(String, i64)>, compiled: Arc<Compiled>) {
        let mut kept = DECODED.lock().unwrap_or_else(|p| p.into_inner());
        kept.retain(|(k, _)| *k != key);
        if kept.len() >= DECODED_KEPT {
            kept.remove(0);
        }
        kept.push((key, compiled));
    }
}

/// The matchers and, for each, its row's content id when it was read from the store.
fn load_or_compile(
    conn: &Connection,
    primaries: &[&str],
    warmup: &mut Option<SegmenterWarmup>,
) -> Result<(Vec<Compiled>, Vec<Option<i64>>)> {
    let (mut parts, ids): (Vec<Option<Compiled>>, Vec<Option<i64>>) =
        load_keyed(conn, primaries, warmup)?
            .into_iter()
            .map(|c| match c {
                Some((c, id)) => (Some(c), id),
                None => (None, None),
            })
            .unzip();
    let missing: Vec<&str> = primaries
        .iter()
        .zip(&parts)
        .filter(|(_, c)| c.is_none())
        .map(|(p, _)| *p)
        .collect();
    if !missing.is_empty() {
        let built = build(conn, &missing, warmup)?;
        // Kept if the file can be written now, else compiled again next time.
        let no_wait = NoWait::new(conn)?;
        for (p, c) in missing.iter().zip(&built) {
            if savepoint(conn, || save(conn, p, c)).is_err() {
                break;
            }
        }
        drop(no_wait);
        for (part, c) in parts.iter_mut().filter(|c| c.is_none()).zip(built) {
            *part = Some(c);
        }
    }
    Ok((parts.into_iter().flatten().collect(), ids))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::db::{self, Writer};
    use crate::model::glossary::{Concept, Status, Term};
    use crate::store::Store;

    fn lang(tag: &str) -> LangTag {
        LangTag::parse(tag).unwrap()
    }

    fn concept(terms: &[(&str, &str)]) -> Concept {
        Concept {
            terms: terms
                .iter()
                .map(|&(l, text)| Term::new(lang(l), text))
                .collect(),
            ..Concept::default()
        }
    }

    fn stored(conn: &Connection, primary: &str) -> Option<(Vec<u8>, Vec<u8>)> {
        conn.query_row(
            "SELECT data, short FROM term_matcher WHERE lang = ?1",
            [primary],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .unwrap()
    }

    /// Asserts that every stored matcher is byte for byte the one compiled from the terms now.
    fn assert_stored_as_fresh(conn: &Connection, primaries: &[&str]) {
        let fresh = build(conn, primaries, &mut None).unwrap();
        for (p, c) in primaries.iter().zip(fresh) {
            let short: Vec<u8> = c.short.iter().map(|&s| u8::from(s)).collect();
            assert_eq!(
                stored(conn, p),
                Some((c.matcher.to_bytes(), short)),
                "the stored {p} matcher is not the one compiled from the terms"
            );
        }
    }

    fn glossary() -> Store {
        let store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        db::merge_concept(conn, None, &concept(&[("en", "Mayor"), ("zh-CN", "市长")])).unwrap();
        let mut mou = concept(&[
            ("en", "memorandum of understanding"),
            ("zh-CN", "谅解备忘录"),
            ("zh-Hant", "諒解備忘錄"),
        ]);
        mou.terms
            .push(Term::new(lang("en"), "MOU").with_status(Status::Admitted));
        mou.terms[3].term_type = Some(TermType::Acronym);
        db::merge_concept(conn, None, &mou).unwrap();
        db::merge_concept(
            conn,
            None,
            &concept(&[("en", "Nanjing"), ("zh-CN", "南京")]),
        )
        .unwrap();
        refresh(conn).unwrap();
        store
    }

    #[test]
    fn a_stored_matcher_is_the_one_compiled_fresh_after_every_write() {
        let store = glossary();
        let conn = store.conn();
        assert_stored_as_fresh(conn, &["en", "zh"]);

        // A write drops the matchers of the languages it changes, and only those.
        db::insert_term(conn, 1, None, &Term::new(lang("en"), "City Mayor")).unwrap();
        assert!(stored(conn, "en").is_none());
        assert!(stored(conn, "zh").is_some());
        refresh(conn).unwrap();
        assert_stored_as_fresh(conn, &["en", "zh"]);

        db::remove_term(conn, 2, &lang("zh-Hant"), "諒解備忘錄").unwrap();
        assert!(stored(conn, "zh").is_none());
        assert!(stored(conn, "en").is_some());
        refresh(conn).unwrap();
        assert_stored_as_fresh(conn, &["en", "zh"]);

        let mut w = Writer::new(conn).unwrap();
        w.remove_concept(3).unwrap();
        w.insert_concept(None, &concept(&[("fr", "maire"), ("zh-CN", "市长")]))
            .unwrap();
        w.finish().unwrap();
        assert!(stored(conn, "en").is_none() && stored(conn, "zh").is_none());
        refresh(conn).unwrap();
        assert_stored_as_fresh(conn, &["en", "zh", "fr"]);
    }

    #[test]
    fn a_decoded_matcher_is_shared_until_its_terms_change() {
        let store = glossary();
        let conn = store.conn();
        let first = for_languages(conn, &["en"], false).unwrap();
        assert!(Arc::ptr_eq(
            &first,
            &for_languages(conn, &["en"], false).unwrap()
        ));
        let mut w = Writer::new(conn).unwrap();
        w.insert_concept(None, &concept(&[("en", "City Mayor")]))
            .unwrap();
        w.finish().unwrap();
        let en = lang("en");
        let changed = for_languages(conn, &["en"], false).unwrap();
        assert!(!Arc::ptr_eq(&first, &changed));
        assert!(
            first
                .matcher
                .find("the City Mayor", &en)
                .iter()
                .all(|h| h.matched != "City Mayor")
        );
        assert!(
            changed
                .matcher
                .find("the City Mayor", &en)
                .iter()
                .any(|h| h.matched == "City Mayor")
        );
        // Only the compiling process saved it: read back, it is the same matcher.
        refresh(conn).unwrap();
        let read = for_languages(conn, &["en"], false).unwrap();
        assert_eq!(read.matcher.to_bytes(), changed.matcher.to_bytes());
        assert!(Arc::ptr_eq(
            &read,
            &for_languages(conn, &["en"], false).unwrap()
        ));
    }

    #[test]
    fn a_row_whose_rowid_is_not_its_content_id_is_decoded_every_time() {
        // As after a VACUUM, which may renumber rowids: the rowid names nothing then.
        let store = glossary();
        let conn = store.conn();
        conn.execute(
            "UPDATE term_matcher SET rowid = rowid + 1 WHERE lang = 'en'",
            [],
        )
        .unwrap();
        let a = for_languages(conn, &["en"], false).unwrap();
        let b = for_languages(conn, &["en"], false).unwrap();
        assert!(!Arc::ptr_eq(&a, &b));
        assert_eq!(a.matcher.to_bytes(), b.matcher.to_bytes());
    }

    #[test]
    fn a_check_compiles_what_is_missing_and_reads_it_back_the_same() {
        let store = glossary();
        let conn = store.conn();
        conn.execute("DELETE FROM term_matcher", []).unwrap();
        let compiled = for_languages(conn, &["zh", "en"], false).unwrap();
        assert!(stored(conn, "zh").is_some() && stored(conn, "en").is_some());
        let loaded = for_languages(conn, &["zh", "en"], true).unwrap();
        assert_eq!(compiled.short, loaded.short);
        assert_eq!(compiled.matcher.to_bytes(), loaded.matcher.to_bytes());
        let (zh, en) = (lang("zh"), lang("en"));
        for (segment, l) in [
            ("南京市长江大桥和市长签署了諒解備忘錄", &zh),
            ("The Mayor's MOUs and memoranda of understanding", &en),
        ] {
            assert_eq!(
                compiled.matcher.find(segment, l),
                loaded.matcher.find(segment, l)
            );
        }
        assert!(!loaded.matcher.find("市长", &zh).is_empty());
        assert!(
            loaded
                .matcher
                .find("南京市长江大桥", &zh)
                .iter()
                .all(|h| h.matched != "市长")
        );
    }

    #[test]
    fn a_matcher_of_terms_another_process_has_changed_since_is_not_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.db");
        let (a, _) = Store::open(&path).unwrap();
        db::merge_concept(
            a.conn(),
            None,
            &concept(&[("en", "Mayor"), ("zh-CN", "市长")]),
        )
        .unwrap();
        let (b, _) = Store::open(&path).unwrap();
        // What for_languages does, with the other process's write in the middle.
        a.conn().execute_batch("BEGIN").unwrap();
        let built = build(a.conn(), &["en"], &mut None).unwrap();
        db::insert_term(b.conn(), 1, None, &Term::new(lang("en"), "City Mayor")).unwrap();
        a.conn().busy_timeout(std::time::Duration::ZERO).unwrap();
        assert!(savepoint(a.conn(), || save(a.conn(), "en", &built[0])).is_err());
        a.conn().execute_batch("COMMIT").unwrap();
        assert!(stored(a.conn(), "en").is_none());
        // Without a change in between, it is kept.
        let c = for_languages(a.conn(), &["en"], false).unwrap();
        assert_eq!(c.matcher.terms().len(), 2);
        assert_stored_as_fresh(a.conn(), &["en"]);
    }

    #[test]
    fn a_matcher_from_other_code_is_compiled_again() {
        let store = glossary();
        let conn = store.conn();
        conn.execute("UPDATE term_matcher SET stamp = stamp + 1", [])
            .unwrap();
        assert!(load(conn, &["en"], &mut None).unwrap()[0].is_none());
        refresh(conn).unwrap();
        assert!(load(conn, &["en"], &mut None).unwrap()[0].is_some());
        assert_stored_as_fresh(conn, &["en", "zh"]);
    }

    #[test]
    fn bytes_cut_short_or_garbled_are_refused_not_misread() {
        let store = glossary();
        let (bytes, _) = stored(store.conn(), "zh").unwrap();
        for end in 0..bytes.len() {
            assert!(TermMatcher::from_bytes(&bytes[..end], &mut None).is_none());
        }
        let mut garbled = bytes.clone();
        for i in (0..garbled.len()).step_by(7) {
            garbled[i] ^= 0xA5;
            // Whatever it reads, it must not panic.
            let _ =
                TermMatcher::from_bytes(&garbled, &mut None).map(|m| m.find("市长", &lang("zh")));
            garbled[i] ^= 0xA5;
        }
        // A length anywhere read as a huge one is refused before anything is allocated for it.
        for at in 0..bytes.len().saturating_sub(8) {
            let mut huge = bytes.clone();
            huge[at..at + 8].copy_from_slice(&(1u64 << 40).to_le_bytes());
            let _ = TermMatcher::from_bytes(&huge, &mut None);
        }
    }

    #[test]
    fn the_stamp_hashes_every_file_of_the_matcher() {
        // A file added to the matcher and left out of the stamp would let a stored matcher
        // outlive a change to it.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/glossary/matcher");
        let mut files = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(SOURCES.contains(&text.as_str()), "{}", path.display());
            files += 1;
        }
        assert!(files >= 5);
    }
}
