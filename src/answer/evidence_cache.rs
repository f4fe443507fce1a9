//! The memory's evidence kept per connection, keyed by the request (the term, the languages,
//! the glossary's renderings with their statuses, the limits) and valid while nothing has
//! changed the database. A lookup of a common word spends nearly all its time here (ranking
//! the renderings of 500 units: "you" or "shelter" take 150-300 ms), and the same glossary
//! term comes back under many queries: "You" and "you", a typo corrected to it, the lookup
//! page and the API, a team asking for the week's terms. A server's pooled connections keep
//! what they computed.
//!
//! A kept answer is never stale. The evidence reads the memory and the glossary (the ranking
//! masks the renderings of other glossary terms), so any write to the database may change
//! it: SQLite's `data_version` changes when another connection, of this process or any other,
//! commits, and `total_changes` when this one writes. Both are read in the read transaction
//! the evidence is computed in, before it; an answer is kept only under the pair it was
//! computed at, and all are dropped when the pair moves.

use std::cell::RefCell;
use std::collections::HashMap;

use rusqlite::Connection;

use crate::error::Result;
use crate::memory::suggest::{self, Evidence, Known};
use crate::store::Store;
use crate::text::LangTag;

/// Answers kept per connection; past this many they are dropped and kept anew, so that a
/// connection's memory stays bounded (an evidence is a few hundred bytes to a few KB).
const KEPT: usize = 1024;

#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    term: String,
    from: Option<LangTag>,
    to: Option<LangTag>,
    known: Vec<(String, bool)>,
    limit: usize,
    sample: usize,
}

/// A connection's kept evidence ([`Store`] holds one).
#[derive(Default)]
pub(crate) struct Kept {
    /// `data_version` and `total_changes` when the answers were computed.
    at: Option<(i64, u64)>,
    answers: HashMap<Key, Option<Evidence>>,
}

pub(crate) type KeptEvidence = RefCell<Kept>;

/// [`suggest::evidence`], answered from what this connection kept when it answered the same
/// request on the same database.
pub(super) fn evidence(
    store: &Store,
    term: &str,
    from: Option<&LangTag>,
    to: Option<&LangTag>,
    known: &[Known],
    limit: usize,
    sample: usize,
) -> Result<Option<Evidence>> {
    let conn = store.conn();
    crate::store::read_snapshot(conn, || {
        let at = stamp(conn)?;
        let key = Key {
            term: term.to_string(),
            from: from.cloned(),
            to: to.cloned(),
            known: known.iter().map(|&(t, d)| (t.to_string(), d)).collect(),
            limit,
            sample,
        };
        {
            let mut kept = store.kept_evidence().borrow_mut();
            if kept.at != Some(at) {
                kept.answers.clear();
                kept.at = Some(at);
            }
            if let Some(e) = kept.answers.get(&key) {
                return Ok(e.clone());
            }
        }
        let e = suggest::evidence(conn, term, from, to, known, limit, sample)?;
        let mut kept = store.kept_evidence().borrow_mut();
        // Computing it wrote nothing; if it ever did, the answer is not kept under a stamp
        // that no longer holds.
        if kept.at == Some(at) && conn.total_changes() == at.1 {
            if kept.answers.len() >= KEPT {
                kept.answers.clear();
            }
            kept.answers.insert(key, e.clone());
        }
        Ok(e)
    })
}

/// What changes when the database does: the commits of other connections, and this one's
/// own writes.
fn stamp(conn: &Connection) -> Result<(i64, u64)> {
    let version: i64 = conn.pragma_query_value(None, "data_version", |r| r.get(0))?;
    Ok((version, conn.total_changes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::suggest::EVIDENCE_SAMPLE;

    fn lang(s: &str) -> LangTag {
        LangTag::parse(s).unwrap()
    }

    fn import(store: &mut Store, dir: &std::path::Path, name: &str, tsv: &str) {
        let file = dir.join(name);
        std::fs::write(&file, tsv).unwrap();
        let settings =
            crate::import::MemorySettings::new(&[file], None, None, Vec::new(), false, false)
                .unwrap();
        crate::import::import_memory(store, &settings, &crate::import::Silent).unwrap();
    }

    fn ask(store: &Store, known: &[Known]) -> Evidence {
        let (en, zh) = (lang("en"), lang("zh-CN"));
        evidence(
            store,
            "sister city",
            Some(&en),
            Some(&zh),
            known,
            3,
            EVIDENCE_SAMPLE,
        )
        .unwrap()
        .unwrap()
    }

    fn attested(e: &Evidence, t: &str) -> usize {
        e.renderings.iter().find(|r| r.text == t).unwrap().units
    }

    const KNOWN: &[Known] = &[("友好城市", false), ("姐妹城市", true)];

    /// The regression the cache must never have: an answer kept from before a write given
    /// after it, whether another connection (a server's other request, another process)
    /// wrote or this one did.
    #[test]
    fn an_import_is_seen_by_the_next_evidence_not_the_kept_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.db");
        let mut writer = Store::open(&path).unwrap().0;
        let first: String = (0..6)
            .map(|i| format!("The sister city {i} signed.\t姐妹城市{i}签约了。\n"))
            .collect();
        import(
            &mut writer,
            dir.path(),
            "a.tsv",
            &format!("en\tzh-CN\n{first}"),
        );
        let reader = Store::open_read_only(&path).unwrap();
        let before = ask(&reader, KNOWN);
        assert_eq!((before.units, attested(&before, "友好城市")), (6, 0));
        assert_eq!(ask(&writer, KNOWN).units, 6);
        // Asked again on the same database: the kept answer, the same.
        assert_eq!(
            serde_json::to_string(&ask(&reader, KNOWN)).unwrap(),
            serde_json::to_string(&before).unwrap()
        );
        assert_eq!(reader.kept_evidence().borrow().answers.len(), 1);
        let more: String = (0..4)
            .map(|i| format!("Our sister city {i} came.\t友好城市{i}来了。\n"))
            .collect();
        import(
            &mut writer,
            dir.path(),
            "b.tsv",
            &format!("en\tzh-CN\n{more}"),
        );
        for store in [&reader, &writer] {
            let after = ask(store, KNOWN);
            assert_eq!((after.units, attested(&after, "友好城市")), (10, 4));
        }
        // The glossary's other status is another question.
        let known: &[Known] = &[("友好城市", false), ("姐妹城市", false)];
        assert!(ask(&reader, known).renderings.iter().all(|r| !r.deprecated));
    }
}
