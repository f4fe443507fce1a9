//! The memory's evidence kept per process, keyed by the request (the term, the languages,
//! the glossary's renderings with their statuses, the limits) and valid while nothing has
//! changed the database. A lookup of a common word spends nearly all its time here (ranking
//! the renderings of 500 units: "you" or "shelter" take 150-300 ms), and the same glossary
//! term comes back under many queries: "You" and "you", a typo corrected to it, the lookup
//! page and the API, a team asking for the week's terms.
//!
//! A kept answer is never stale. The evidence reads the memory and the glossary (the ranking
//! masks the renderings of other glossary terms), so any write to the database may change
//! it. Each connection reads SQLite's `data_version` (it moves when another connection, of
//! this process or any other, commits) and `total_changes` (when this one writes) as the
//! first statement of the evidence's read transaction; when they moved since that connection
//! last looked, or it never looked, the database's epoch moves and everything kept goes. An
//! answer is kept under the epoch read before its transaction began, and only while the
//! epoch is still that: whichever connection first sees a commit moves the epoch before it
//! reads anything kept, and an answer computed on a snapshot from before the commit was
//! computed under an epoch that is gone.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use rusqlite::Connection;

use crate::error::Result;
use crate::memory::suggest::{self, Evidence, EvidenceRequest, RankKey, Ranked};
use crate::store::Store;
use crate::text::LangTag;

/// Answers kept per database; past this many they are dropped and kept anew, so that the
/// process's memory stays bounded (an evidence is a few hundred bytes to a few KB).
const KEPT: usize = 8192;

#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    term: String,
    from: Option<LangTag>,
    to: Option<LangTag>,
    known: Vec<(String, bool)>,
    limit: usize,
    sample: usize,
}

/// One database's kept answers, by the path it was opened at.
#[derive(Default)]
struct Kept {
    epoch: u64,
    answers: HashMap<Key, Option<Evidence>>,
    /// The rankings the answers were filtered from: another request for the same term (a
    /// typo corrected to it, another concept holding it) filters the same ranking.
    ranked: Ranked,
}

/// What one lookup's evidences share: the rankings computed on its snapshot, dropped when a
/// later evidence of the lookup reads another one (the database changed in between).
#[derive(Default)]
pub(super) struct Shared {
    at: Option<(i64, u64)>,
    ranked: Ranked,
}

static KEPT_BY_FILE: Mutex<Vec<(PathBuf, Kept)>> = Mutex::new(Vec::new());

fn kept(
    path: &Path,
    f: impl FnOnce(&mut Kept) -> Option<Option<Evidence>>,
) -> Option<Option<Evidence>> {
    let mut all: MutexGuard<'_, _> = KEPT_BY_FILE.lock().unwrap_or_else(|p| p.into_inner());
    let at = match all.iter().position(|(p, _)| p == path) {
        Some(i) => i,
        None => {
            all.push((path.to_path_buf(), Kept::default()));
            all.len() - 1
        }
    };
    f(&mut all[at].1)
}

fn epoch(path: &Path) -> u64 {
    let mut e = 0;
    kept(path, |k| {
        e = k.epoch;
        None
    });
    e
}

/// [`suggest::evidence`], answered from what was kept when the same request was answered on
/// the same database, unchanged since. A database without a file is not kept. The ranking of
/// the term's renderings is shared with the lookup's other evidences (`shared`) and kept with
/// the answers.
pub(super) fn evidence(
    store: &Store,
    req: &EvidenceRequest,
    shared: &mut Shared,
) -> Result<Option<Evidence>> {
    let conn = store.conn();
    let Some(path) = store.path() else {
        return suggest::evidence(conn, conn, req);
    };
    // Before the transaction: see the module's comment.
    let began = epoch(path);
    crate::store::read_snapshot(conn, || {
        let at = stamp(conn)?;
        if shared.at != Some(at) {
            *shared = Shared {
                at: Some(at),
                ranked: Ranked::default(),
            };
        }
        let seen = store.last_seen();
        if seen.get() != Some(at) {
            seen.set(Some(at));
            kept(path, |k| {
                k.epoch += 1;
                k.answers.clear();
                k.ranked = Ranked::default();
                None
            });
        }
        let key = Key {
            term: req.term.to_string(),
            from: req.from.cloned(),
            to: req.to.cloned(),
            known: req.known.iter().map(|&(t, d)| (t.to_string(), d)).collect(),
            limit: req.limit,
            sample: req.sample,
        };
        let hit = kept(path, |k| {
            (k.epoch == began)
                .then(|| k.answers.get(&key).cloned())
                .flatten()
        });
        if let Some(e) = hit {
            return Ok(e);
        }
        let rank_key = RankKey::new(req);
        kept(path, |k| {
            if k.epoch == began {
                // The memory's counts, kept under the same epoch as the rankings: another
                // term's ranking counted most of the spans this one will.
                shared.ranked.share_counts(&k.ranked);
                if shared.ranked.get(&rank_key).is_none()
                    && let Some(r) = k.ranked.get(&rank_key)
                {
                    shared.ranked.insert(rank_key.clone(), r.clone());
                }
            }
            None
        });
        let e = suggest::evidence_with(conn, conn, req, &mut shared.ranked)?;
        // Computing it wrote nothing; if it ever did, it is not kept.
        if conn.total_changes() == at.1 {
            kept(path, |k| {
                if k.epoch == began {
                    if k.answers.len() >= KEPT {
                        k.answers.clear();
                    }
                    if k.ranked.len() >= KEPT {
                        k.ranked = Ranked::default();
                    }
                    k.answers.insert(key, e.clone());
                    if let Some(r) = shared.ranked.get(&rank_key) {
                        k.ranked.insert(rank_key, r.clone());
                    }
                }
                None
            });
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
    use crate::memory::suggest::{EVIDENCE_SAMPLE, Known};

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
        let req = EvidenceRequest {
            term: "sister city",
            from: Some(&en),
            to: Some(&zh),
            known,
            limit: 3,
            sample: EVIDENCE_SAMPLE,
        };
        evidence(store, &req, &mut Shared::default())
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
        let mut held = 0;
        kept(&path, |k| {
            held = k.answers.len();
            None
        });
        assert_eq!(held, 1, "the answer asked again was not kept");
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
