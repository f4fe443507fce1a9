//! The whole memory's counts that rankings read, kept across the rankings of one snapshot of
//! the database. A ranking asks the memory how many of its target segments hold a span's
//! tokens (together, or side by side in order) and, for a Chinese span, how cohesive the
//! characters across and inside each of its edges are ([`super::cuts_a_word`]). Each answer
//! intersects posting lists of common tokens (two Han characters: hundreds of thousands of
//! segment ids each at a million pairs) and reads up to 200 segments' token sequences.
//! Profiled on the serve bench's 2,000 first-ask lookups at 1,000,000 pairs, these were two
//! thirds of lookup CPU, and they depend on the memory only, never on the term: the pairs
//! 传染 or 我们 come back under term after term. So they are kept here, with the decoded
//! posting lists of the tokens they were counted from, for as long as the snapshot holds.
//!
//! A count is a function of the snapshot and the tokens' ids (the in-order count reads an
//! even sample of the segments holding all the tokens, fixed by their ids): keeping one
//! changes no answer. Whoever keeps a [`Counts`] across transactions must drop it when the
//! database changes, as `answer::evidence_cache` does with the [`super::Ranked`] holding it.

use std::sync::{Arc, Mutex, MutexGuard};

use rustc_hash::FxHashMap;

use super::Extra;
use crate::text::LangTag;

/// Counts kept, past which they are dropped and kept anew (an entry is a few dozen bytes).
const COUNTS_KEPT: usize = 1 << 20;
/// Segment ids of posting lists kept, at most (8 bytes each: 64 MB). Past it, lists are
/// read as before and not kept; the common tokens, met first and most, are kept.
const LIST_IDS_KEPT: usize = 1 << 23;
/// Bytes of the extra texts' units kept ([`Counts::keep_extra`]), about, at most (64 MB); past
/// it, they are dropped and kept anew.
const EXTRA_BYTES_KEPT: usize = 1 << 26;

/// What an extra text was read under: the text, its language, the language of the other side.
type ExtraKey = (String, LangTag, LangTag);

/// A memo of the memory's counts, shared by its clones (the server's requests on one
/// snapshot). [`Counts::none`] keeps nothing.
#[derive(Clone, Debug)]
pub struct Counts(Option<Arc<Mutex<Kept>>>);

#[derive(Debug, Default)]
struct Kept {
    /// By the tokens' memory ids in the span's order: [0] the segments holding them all (an
    /// upper bound), [1] those holding them side by side.
    counts: [FxHashMap<Vec<u32>, f64>; 2],
    lists: FxHashMap<u32, Arc<Posting>>,
    list_ids: usize,
    /// The units read for extra texts ([`super::Elsewhere`]): they do not depend on the term
    /// that asked, and the same extra words ("我们", "the") come back under many terms.
    extras: FxHashMap<ExtraKey, Arc<Extra>>,
    extra_bytes: usize,
}

impl Default for Counts {
    fn default() -> Self {
        Counts(Some(Arc::default()))
    }
}

impl Counts {
    /// Keeps nothing: every count is computed (the reference the memo is checked against).
    pub fn none() -> Counts {
        Counts(None)
    }

    fn kept(&self) -> Option<MutexGuard<'_, Kept>> {
        self.0
            .as_ref()
            .map(|m| m.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// The count kept for these tokens (memory ids, in the span's order).
    pub(super) fn count(&self, toks: &[u32], in_order: bool) -> Option<f64> {
        self.kept()?.counts[usize::from(in_order)]
            .get(toks)
            .copied()
    }

    pub(super) fn keep_count(&self, toks: Vec<u32>, in_order: bool, n: f64) {
        if let Some(mut k) = self.kept() {
            let map = &mut k.counts[usize::from(in_order)];
            if map.len() >= COUNTS_KEPT {
                map.clear();
            }
            map.insert(toks, n);
        }
    }

    /// A token's posting list, if kept.
    pub(super) fn list(&self, token: u32) -> Option<Arc<Posting>> {
        self.kept()?.lists.get(&token).cloned()
    }

    /// The units kept for an extra text of `lang` whose other side is in `other`.
    pub(super) fn extra(&self, text: &str, lang: &LangTag, other: &LangTag) -> Option<Arc<Extra>> {
        self.kept()?
            .extras
            .get(&(text.to_string(), lang.clone(), other.clone()))
            .cloned()
    }

    pub(super) fn keep_extra(&self, text: &str, lang: &LangTag, other: &LangTag, e: &Arc<Extra>) {
        if let Some(mut k) = self.kept() {
            if k.extra_bytes >= EXTRA_BYTES_KEPT {
                k.extras.clear();
                k.extra_bytes = 0;
            }
            k.extra_bytes += e.size();
            k.extras.insert(
                (text.to_string(), lang.clone(), other.clone()),
                Arc::clone(e),
            );
        }
    }

    pub(super) fn keep_list(&self, token: u32, list: &Arc<Posting>) {
        let size = list.ids.len() + list.bits.as_ref().map_or(0, |b| b.len());
        if let Some(mut k) = self.kept()
            && k.list_ids + size <= LIST_IDS_KEPT
            && !k.lists.contains_key(&token)
        {
            k.list_ids += size;
            k.lists.insert(token, Arc::clone(list));
        }
    }
}

/// A token's posting list as segment ids, in order, and, when the token stands in at least
/// one segment in 64 (a common Han character at a million pairs: hundreds of thousands of
/// ids), a bitmap of them, no larger than the list. Counting the segments that hold two
/// such characters ([`super::cuts_a_word`]) then tests the rarer one's ids in the other's
/// bitmap: galloping one list over the other was a sixth of lookup CPU at a million pairs.
#[derive(Debug)]
pub(super) struct Posting {
    pub ids: Box<[i64]>,
    pub bits: Option<Box<[u64]>>,
}

impl Posting {
    pub fn new(ids: Vec<i64>) -> Posting {
        let bits = match (ids.first(), ids.last()) {
            (Some(&lo), Some(&hi)) if lo >= 0 && (hi as u64) < ids.len() as u64 * 64 => {
                let mut bits = vec![0u64; hi as usize / 64 + 1];
                for &id in &ids {
                    bits[id as usize / 64] |= 1 << (id % 64);
                }
                Some(bits.into_boxed_slice())
            }
            _ => None,
        };
        Posting {
            ids: ids.into_boxed_slice(),
            bits,
        }
    }

    /// Whether the list holds `id`: from the bitmap, or searched for in the ids.
    pub fn contains(&self, id: i64) -> bool {
        self.holds(id)
            .unwrap_or_else(|| self.ids.binary_search(&id).is_ok())
    }

    /// Whether the list holds `id`, from the bitmap (`None`: no bitmap).
    pub fn holds(&self, id: i64) -> Option<bool> {
        let bits = self.bits.as_ref()?;
        Some(
            id >= 0
                && bits
                    .get(id as usize / 64)
                    .is_some_and(|w| w & (1 << (id % 64)) != 0),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_kept_by_tokens_and_kind_and_shared_by_clones() {
        let c = Counts::default();
        let shared = c.clone();
        c.keep_count(vec![3, 4], false, 10.0);
        c.keep_count(vec![3, 4], true, 2.0);
        assert_eq!(shared.count(&[3, 4], false), Some(10.0));
        assert_eq!(shared.count(&[3, 4], true), Some(2.0));
        // The order of the tokens is part of the key: 4 before 3 is another span.
        assert_eq!(shared.count(&[4, 3], true), None);
        let list = Arc::new(Posting::new(vec![1, 5, 9]));
        c.keep_list(7, &list);
        assert_eq!(shared.list(7).map(|l| l.ids.to_vec()), Some(vec![1, 5, 9]));
    }

    #[test]
    fn none_keeps_nothing() {
        let c = Counts::none();
        c.keep_count(vec![1, 2], false, 3.0);
        c.keep_list(1, &Arc::new(Posting::new(vec![1])));
        assert_eq!(c.count(&[1, 2], false), None);
        assert!(c.list(1).is_none());
    }

    /// A dense list gets a bitmap that answers as the ids do; a sparse one (or one with an id
    /// a bitmap cannot hold) none.
    #[test]
    fn a_dense_list_has_a_bitmap_that_holds_its_ids_only() {
        let ids: Vec<i64> = (0..400).filter(|i| i % 3 != 0).collect();
        let p = Posting::new(ids.clone());
        assert!(p.bits.is_some());
        for id in -2..500 {
            assert_eq!(p.holds(id), Some(ids.contains(&id)), "{id}");
        }
        assert!(Posting::new(vec![5, 10_000]).bits.is_none());
        assert!(Posting::new(vec![-1, 0, 1]).bits.is_none());
        assert_eq!(Posting::new(vec![]).holds(0), None);
        for list in [p, Posting::new(vec![5, 10_000])] {
            for id in -2..10_002 {
                assert_eq!(
                    list.contains(id),
                    list.ids.binary_search(&id).is_ok(),
                    "{id}"
                );
            }
        }
    }
}
