//! Compiling a matcher: each term's keys, its generated English forms and jieba's lexicon,
//! sorted into one key table per language and case.

use rusqlite::Connection;

use super::forms::FormCache;
use super::segmenter::{Lexicon, Segmenter, SegmenterWarmup};
use super::{
    Group, KeyIndex, MatchTerm, NO_KEY, Posting, Slot, TermMatcher, Texts, key_hash, nonzero, roll,
};
use crate::error::Result;
use crate::model::glossary::Status;
use crate::text::fold::fold;
use crate::text::{LangTag, key, script, spelling};

impl TermMatcher {
    /// Compiles the terms. Terms whose key is empty (blank text) can never match and are kept
    /// only so that indices stay those of `terms`.
    pub fn new(terms: Vec<MatchTerm>) -> TermMatcher {
        TermMatcher::with_segmenter(terms, None)
    }

    /// [`TermMatcher::new`], with jieba already loading for the Chinese terms.
    pub fn with_segmenter(terms: Vec<MatchTerm>, warmup: Option<SegmenterWarmup>) -> TermMatcher {
        // Sized up front: growing tables of 100k keys by doubling costs more than filling them.
        let mut builders: Vec<GroupBuilder> = Vec::new();
        for t in &terms {
            let primary = t.lang.primary();
            match builders.iter_mut().find(|b| b.primary == primary) {
                Some(b) => b.terms += 1,
                None => builders.push(GroupBuilder::new(&t.lang)),
            }
        }
        // Each language's index is compiled on a thread of its own: they share nothing, and
        // English, with its generated plurals, takes the longest.
        let mut warmup = warmup;
        let jobs: Vec<(GroupBuilder, Option<SegmenterWarmup>)> = builders
            .into_iter()
            .map(|b| {
                let warm = b.segmenter_words.as_ref().and_then(|_| warmup.take());
                (b, warm)
            })
            .collect();
        let compiled: Vec<(Group, Texts, Vec<u32>)> = std::thread::scope(|s| {
            let mut jobs = jobs.into_iter();
            let first = jobs.next();
            let others: Vec<_> = jobs
                .map(|(b, warm)| s.spawn(|| b.compile(&terms, warm)))
                .collect();
            let mut out: Vec<_> = first
                .map(|(b, warm)| b.compile(&terms, warm))
                .into_iter()
                .collect();
            // A panic on another thread is a bug here: let it surface as one.
            out.extend(
                others
                    .into_iter()
                    .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))),
            );
            out
        });
        // Each term's own key, in the order of the terms.
        let mut at: Vec<Option<(usize, u32)>> = vec![None; terms.len()];
        let mut placed = vec![(u16::MAX, false); terms.len()];
        for (g, (_, _, ids)) in compiled.iter().enumerate() {
            for (local, &i) in ids.iter().enumerate() {
                at[i as usize] = Some((g, local as u32));
                placed[i as usize] = (g as u16, terms[i as usize].keeps_case());
            }
        }
        let mut keys = Texts::default();
        for slot in at {
            let key = slot.map_or("", |(g, local)| compiled[g].1.get(local));
            // Past 4 GiB of keys (32-bit offsets), a term is no longer looked for by key.
            keys.push(if keys.all.len() + key.len() <= u32::MAX as usize {
                key
            } else {
                ""
            });
        }
        TermMatcher {
            groups: compiled.into_iter().map(|(g, _, _)| g).collect(),
            keys,
            placed,
            terms,
        }
    }

    /// Loads every term of the store, or only those whose language `langs` selects.
    pub fn from_store(conn: &Connection, langs: Option<&LangTag>) -> Result<TermMatcher> {
        let keep = |l: &LangTag| langs.is_none_or(|range| range.selects(l));
        let (terms, _) = terms_from_store(conn, keep, |_| ())?;
        Ok(TermMatcher::new(terms))
    }

    /// One matcher of the terms of several, each of other languages than the rest: the terms
    /// in the order of the parts, each part's after the one before.
    pub fn join(parts: Vec<TermMatcher>) -> TermMatcher {
        let mut parts = parts.into_iter();
        let Some(mut out) = parts.next() else {
            return TermMatcher::new(Vec::new());
        };
        for mut p in parts {
            let base = out.terms.len() as u32;
            let first_group = out.groups.len() as u16;
            match u32::try_from(out.keys.all.len() + p.keys.all.len()) {
                Ok(_) => {
                    let at = out.keys.all.len() as u32;
                    out.keys.all.push_str(&p.keys.all);
                    out.keys.ends.extend(p.keys.ends.iter().map(|e| e + at));
                }
                // Past 4 GiB of keys (32-bit offsets), the part's terms are no longer looked
                // for by key, as in `new`.
                Err(_) => {
                    let end = out.keys.all.len() as u32;
                    out.keys.ends.extend(p.keys.ends.iter().map(|_| end));
                }
            }
            out.terms.append(&mut p.terms);
            out.placed.extend(p.placed.iter().map(|&(g, keeps_case)| {
                (if g == u16::MAX { g } else { g + first_group }, keeps_case)
            }));
            for mut g in p.groups {
                for x in &mut g.indexes {
                    for e in &mut x.entries {
                        e.term += base;
                    }
                }
                out.groups.push(g);
            }
        }
        out
    }
}

/// Reads the store's terms whose language `keep` accepts, in the order of their ids, and
/// beside each what `also` makes of its type as stored (`None` when it has none): the checker
/// reads it, a matcher alone does not.
pub fn terms_from_store<T>(
    conn: &Connection,
    keep: impl Fn(&LangTag) -> bool,
    mut also: impl FnMut(Option<&str>) -> T,
) -> Result<(Vec<MatchTerm>, Vec<T>)> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, concept, lang, text, status, case_sensitive, type FROM term ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    let (mut terms, mut extra) = (Vec::new(), Vec::new());
    // A glossary has a handful of language tags and statuses, written the same way in every
    // row: each is parsed once, not once a row.
    let mut langs: Vec<(String, Option<LangTag>)> = Vec::new();
    let mut statuses: Vec<(String, Status)> = Vec::new();
    while let Some(r) = rows.next()? {
        let lang = r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?;
        let at = match langs.iter().position(|(raw, _)| raw == lang) {
            Some(at) => at,
            None => {
                // Tags were validated on the way in; a row that still does not parse cannot be
                // said to be in any language a segment is in.
                let parsed = LangTag::parse(lang).ok().filter(|l| keep(l));
                langs.push((lang.to_string(), parsed));
                langs.len() - 1
            }
        };
        let Some(lang) = &langs[at].1 else {
            continue;
        };
        let status = r.get_ref(4)?.as_str().map_err(rusqlite::Error::from)?;
        let status = match statuses.iter().find(|(raw, _)| raw == status) {
            Some(&(_, s)) => s,
            None => {
                let parsed = Status::parse_lenient(status).unwrap_or(Status::Admitted);
                statuses.push((status.to_string(), parsed));
                parsed
            }
        };
        terms.push(MatchTerm {
            term_id: r.get(0)?,
            concept: r.get(1)?,
            lang: lang.clone(),
            text: r.get(3)?,
            status,
            case_sensitive: r.get(5)?,
        });
        extra.push(also(
            r.get_ref(6)?
                .as_str_or_null()
                .map_err(rusqlite::Error::from)?,
        ));
    }
    Ok((terms, extra))
}

/// A term's key: the same folding as a segment's, so that the two sides of a match are made
/// by one routine.
pub(super) fn term_key_into(key: &mut String, text: &str, keep_case: bool) {
    key.clear();
    fold(text.chars(), keep_case, |c, _| key.push(c));
}

struct GroupBuilder {
    primary: String,
    unspaced: bool,
    english: bool,
    folded: PatternSet,
    cased: PatternSet,
    segmenter_words: Option<Vec<String>>,
    /// How many terms the group will get.
    terms: usize,
}

impl GroupBuilder {
    fn new(lang: &LangTag) -> GroupBuilder {
        let primary = lang.primary().to_string();
        let chinese = lang.is_chinese();
        GroupBuilder {
            unspaced: lang.is_unspaced(),
            english: primary == "en",
            primary,
            folded: PatternSet::default(),
            cased: PatternSet::default(),
            segmenter_words: chinese.then(Vec::new),
            terms: 1,
        }
    }

    fn reserve(&mut self) {
        // English terms get about one generated form each besides their own key.
        let keys = if self.english {
            self.terms * 2
        } else {
            self.terms
        };
        self.folded.reserve(keys);
        if let Some(words) = self.segmenter_words.as_mut() {
            words.reserve(self.terms);
        }
    }

    /// Indexes the group's terms, those of its language among `terms`; gives the group, and
    /// each of those terms' own key, with the term's index.
    fn compile(
        mut self,
        terms: &[MatchTerm],
        warmup: Option<SegmenterWarmup>,
    ) -> (Group, Texts, Vec<u32>) {
        self.reserve();
        let mut forms = FormCache::default();
        let (mut own, mut cased_buf, mut buf) = (String::new(), String::new(), String::new());
        let mut respelled = String::new();
        let (mut keys, mut ids) = (Texts::default(), Vec::with_capacity(self.terms));
        for (i, t) in terms.iter().enumerate() {
            if t.lang.primary() != self.primary {
                continue;
            }
            let keeps_case = t.keeps_case();
            term_key_into(&mut own, &t.text, keeps_case);
            if keys.all.len() + own.len() > u32::MAX as usize {
                // Past 4 GiB of keys (32-bit offsets), refuse the rest rather than misread them.
                break;
            }
            keys.push(&own);
            ids.push(i as u32);
            if own.is_empty() {
                continue;
            }
            let set = if keeps_case {
                &mut self.cased
            } else {
                &mut self.folded
            };
            let posting = Posting {
                term: i as u32,
                inflected: false,
                status: t.status,
                concept: t.concept,
                plain: own == t.text,
            };
            set.add(&own, posting);
            // The key with its case, unless there is no case to fold.
            let cased = if keeps_case
                || t.text
                    .bytes()
                    .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
            {
                &own
            } else {
                term_key_into(&mut cased_buf, &t.text, true);
                &cased_buf
            };
            if keeps_case {
                // An abbreviation in capitals is the same with or without its dots (U.S, US):
                // not a form of the term but another spelling, so not an inflected one.
                for variant in key::dot_variants(&own) {
                    set.add(
                        &variant,
                        Posting {
                            plain: false,
                            ..posting
                        },
                    );
                }
            }
            if self.english {
                let inflect = |set: &mut PatternSet, variant: &str| {
                    set.add(
                        variant,
                        Posting {
                            inflected: true,
                            ..posting
                        },
                    )
                };
                forms.variants(cased, &own, &mut buf, |v| inflect(set, v));
                // The other variety's spelling (Centre for Center) is the term itself, as a
                // dotted abbreviation is, and its plurals are the term's plurals.
                for spelled in spelling::respellings(cased) {
                    term_key_into(&mut respelled, &spelled, keeps_case);
                    set.add(
                        &respelled,
                        Posting {
                            plain: false,
                            ..posting
                        },
                    );
                    forms.variants(&spelled, &respelled, &mut buf, |v| inflect(set, v));
                }
            }
            if let Some(words) = self.segmenter_words.as_mut() {
                // jieba reads the segment as written, only simplified.
                let word = cased.to_string();
                if word.chars().nth(1).is_some() && script::has_han(&word) && !word.contains(' ') {
                    words.push(word);
                }
            }
        }
        (self.build(warmup), keys, ids)
    }

    fn build(self, warmup: Option<SegmenterWarmup>) -> Group {
        let mut group = Group {
            primary: self.primary,
            unspaced: self.unspaced,
            english: self.english,
            indexes: Vec::new(),
            segmenter: self.segmenter_words.map(|mut words| {
                words.sort_unstable();
                words.dedup();
                Segmenter::new(Lexicon::Words(words), warmup)
            }),
        };
        let indexes = [
            self.folded.build(false, &group),
            self.cased.build(true, &group),
        ];
        group.indexes = indexes.into_iter().flatten().collect();
        group
    }
}

/// The keys of a group's terms as they are added, each with the term behind it, sorted into a
/// [`KeyIndex`] once all are in.
#[derive(Default)]
struct PatternSet {
    adds: Vec<Add>,
    /// The keys' bytes, end to end.
    bytes: Vec<u8>,
}

#[derive(Clone, Copy)]
struct Add {
    hash: u64,
    at: u32,
    len: u32,
    posting: Posting,
}

impl PatternSet {
    fn add(&mut self, key: &str, posting: Posting) {
        if key.is_empty() {
            return;
        }
        if self.bytes.len() + key.len() > (u32::MAX / 2) as usize {
            // Keys are kept with 32-bit offsets, and their records are a little longer than
            // they are: past 2 GiB of keys, refuse the rest rather than misread them.
            return;
        }
        self.adds.push(Add {
            hash: nonzero(key_hash(key)),
            at: self.bytes.len() as u32,
            len: key.len() as u32,
            posting,
        });
        self.bytes.extend_from_slice(key.as_bytes());
    }

    fn reserve(&mut self, keys: usize) {
        self.adds.reserve(keys);
        // Keys of a real glossary average about a dozen bytes.
        self.bytes.reserve(keys * 12);
    }

    fn build(mut self, cased: bool, rules: &Group) -> Option<KeyIndex> {
        if self.adds.is_empty() {
            return None;
        }
        let bytes = std::mem::take(&mut self.bytes);
        let key = |a: &Add| &bytes[a.at as usize..(a.at + a.len) as usize];
        // By hash, then key (hashes collide), then term; a term's own key before a generated
        // form of it, as the two can coincide ("sister cities") and the own key is the better
        // match. Keys are compared only where hashes are equal, which is rare.
        let order = |a: &Add| (a.hash, a.posting.term, a.posting.inflected);
        self.adds.sort_unstable_by_key(order);
        for run in self.adds.chunk_by_mut(|a, b| a.hash == b.hash) {
            if run.len() > 1 && run.iter().any(|a| key(a) != key(&run[0])) {
                run.sort_by(|a, b| key(a).cmp(key(b)).then(order(a).cmp(&order(b))));
            }
        }
        let mut records = Vec::with_capacity(bytes.len() + self.adds.len() * 12);
        let mut entries: Vec<Posting> = Vec::with_capacity(self.adds.len());
        let mut slots: Vec<Slot> = Vec::new();
        let mut prefixes: Vec<u64> = Vec::new();
        for run in self
            .adds
            .chunk_by(|a, b| a.hash == b.hash && key(a) == key(b))
        {
            let k = key(&run[0]);
            slots.push(Slot {
                hash: run[0].hash,
                record: records.len() as u32,
                goes_on: false,
            });
            records.extend_from_slice(&(k.len() as u32).to_le_bytes());
            records.extend_from_slice(k);
            let from = entries.len();
            records.extend_from_slice(&(from as u32).to_le_bytes());
            for a in run {
                if entries[from..]
                    .last()
                    .is_none_or(|e| e.term != a.posting.term)
                {
                    entries.push(a.posting);
                }
            }
            records.extend_from_slice(&(entries.len() as u32).to_le_bytes());
            // Keys were added as `&str`.
            let mut hash = 0;
            let mut chars = std::str::from_utf8(k)
                .unwrap_or_default()
                .chars()
                .peekable();
            while let Some(c) = chars.next() {
                hash = roll(hash, c);
                if let Some(&next) = chars.peek()
                    && c != ' '
                    && rules.cut(c, next)
                {
                    prefixes.push(nonzero(hash));
                }
            }
        }
        let keys = slots.len();
        prefixes.sort_unstable();
        prefixes.dedup();
        // Prefixes that are keys too mark the keys' slots; the others get slots of their own.
        let mut alone = Vec::new();
        let mut at = 0;
        for p in prefixes {
            while at < keys && slots[at].hash < p {
                at += 1;
            }
            let mut marked = false;
            while at < keys && slots[at].hash == p {
                slots[at].goes_on = true;
                marked = true;
                at += 1;
            }
            if !marked {
                alone.push(Slot {
                    hash: p,
                    record: NO_KEY,
                    goes_on: true,
                });
            }
        }
        // Both are sorted by hash: merged, they still are.
        let keyed = std::mem::take(&mut slots);
        let (mut k, mut a) = (keyed.into_iter().peekable(), alone.into_iter().peekable());
        while let Some(next) = match (k.peek(), a.peek()) {
            (Some(x), Some(y)) if y.hash < x.hash => a.next(),
            (Some(_), _) => k.next(),
            (None, _) => a.next(),
        } {
            slots.push(next);
        }
        let bits = (slots.len() * 2)
            .next_power_of_two()
            .trailing_zeros()
            .max(4);
        let shift = 64 - bits;
        let mut table = vec![Slot::default(); 1 << bits];
        let mut next = 0;
        for s in slots {
            let at = ((s.hash >> shift) as usize).max(next);
            if at == table.len() {
                table.push(s);
            } else {
                table[at] = s;
            }
            next = at + 1;
        }
        Some(KeyIndex {
            cased,
            slots: table,
            shift,
            records,
            entries,
            keys,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{lang, matched};
    use super::*;

    #[test]
    fn the_key_table_finds_every_key_and_no_other() {
        let rules = Group {
            primary: "en".into(),
            unspaced: false,
            english: true,
            indexes: Vec::new(),
            segmenter: None,
        };
        let posting = |term: u32| Posting {
            term,
            inflected: false,
            status: Status::Preferred,
            concept: i64::from(term),
            plain: true,
        };
        let mut set = PatternSet::default();
        let keys: Vec<String> = (0..5000)
            .map(|i| match i % 3 {
                0 => format!("w{i}"),
                1 => format!("w{} of w{i}", i / 7),
                _ => format!("x{i} y"),
            })
            .collect();
        for (i, k) in keys.iter().enumerate() {
            set.add(k, posting(i as u32));
        }
        // Two keys whose hashes collide, as chosen texts can make them: both found, each once.
        for (term, key) in [(9001, "first"), (9002, "second")] {
            set.adds.push(Add {
                hash: 42,
                at: set.bytes.len() as u32,
                len: key.len() as u32,
                posting: posting(term),
            });
            set.bytes.extend_from_slice(key.as_bytes());
        }
        let index = set.build(false, &rules).unwrap();
        let terms = |record: Option<u32>| -> Vec<u32> {
            record.map_or(Vec::new(), |r| {
                index.entries(r).iter().map(|e| e.term).collect()
            })
        };
        for (i, k) in keys.iter().enumerate() {
            let (record, _) = index.probe(key_hash(k), k);
            assert_eq!(terms(record), [i as u32], "{k}");
            assert_eq!(terms(index.probe(key_hash(k), "nothing").0), [0u32; 0]);
        }
        assert_eq!(terms(index.probe(42, "first").0), [9001]);
        assert_eq!(terms(index.probe(42, "second").0), [9002]);
        assert_eq!(terms(index.probe(42, "third").0), [0u32; 0]);
        // The words before " of" are prefixes a walk goes on from; a whole key that is no
        // prefix is not.
        assert!(index.probe(key_hash("w1"), "w1").1);
        assert!(index.probe(key_hash("x2"), "x2").1);
        assert!(!index.probe(key_hash("x2 y"), "x2 y").1);
        assert_eq!(index.probe(key_hash("x2"), "x2").0, None);
    }

    #[test]
    fn from_store_loads_terms_by_language() {
        use crate::glossary::db::merge_concept;
        use crate::model::glossary::{Concept, Term};
        use crate::store::Store;

        let store = Store::open_in_memory().unwrap();
        let mut us = Term::new(lang("en"), "US");
        us.case_sensitive = true;
        let c = Concept {
            terms: vec![
                us,
                Term::new(lang("en"), "United States"),
                Term::new(lang("zh-CN"), "美国"),
            ],
            ..Concept::default()
        };
        merge_concept(store.conn(), None, &c).unwrap();
        let all = TermMatcher::from_store(store.conn(), None).unwrap();
        assert_eq!(all.terms().len(), 3);
        assert_eq!(matched(&all, "the US and us", "en"), ["US"]);
        assert_eq!(matched(&all, "中美关系与美国", "zh"), ["美国"]);
        let zh = TermMatcher::from_store(store.conn(), Some(&lang("zh"))).unwrap();
        assert_eq!(zh.terms().len(), 1);
        assert!(zh.find("the US", &lang("en")).is_empty());
    }
}
