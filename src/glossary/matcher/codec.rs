//! The compiled matcher as bytes and back, for the store to keep ([`super::super::compiled`]).
//! Bytes read back may be cut short or garbled: every length is checked against what is left
//! before anything is allocated for it, and a matcher is refused rather than misread.

use std::sync::Arc;

use super::segmenter::{Lexicon, Segmenter, SegmenterWarmup};
use super::{Group, KeyIndex, MatchTerm, NO_KEY, Posting, Slot, TermMatcher, Texts};
use crate::model::glossary::Status;
use crate::text::LangTag;

/// Marks a matcher's bytes, with the layout's version: [`TermMatcher::from_bytes`] refuses any
/// other. Which code compiled the matcher is the store's to tell (`glossary::compiled`).
const BYTES_MAGIC: &[u8; 8] = b"cmatch\0\x01";

impl TermMatcher {
    /// The compiled matcher as bytes, for the store to keep so that a check reads it instead
    /// of compiling the glossary again (`glossary::compiled`). Waits for jieba to have learnt
    /// the glossary's words, since what it learnt is part of the matcher.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut o = Out(Vec::with_capacity(self.keys.all.len() * 8));
        o.0.extend_from_slice(BYTES_MAGIC);
        let mut langs: Vec<&LangTag> = Vec::new();
        let mut lang_of = Vec::with_capacity(self.terms.len());
        for t in &self.terms {
            let at = match langs.iter().position(|l| **l == t.lang) {
                Some(at) => at,
                None => {
                    langs.push(&t.lang);
                    langs.len() - 1
                }
            };
            lang_of.push(at as u32);
        }
        o.len(langs.len());
        for l in &langs {
            o.str(l.as_str());
        }
        // The terms' texts end to end, so that reading them back checks UTF-8 once.
        o.str(
            &self
                .terms
                .iter()
                .map(|t| t.text.as_str())
                .collect::<String>(),
        );
        o.len(self.terms.len());
        for (t, (&lang, &(group, keeps_case))) in
            self.terms.iter().zip(lang_of.iter().zip(&self.placed))
        {
            o.u64(t.term_id as u64);
            o.u64(t.concept as u64);
            o.u32(lang);
            o.len(t.text.len());
            o.u8(status_byte(t.status));
            o.u8(u8::from(t.case_sensitive) | u8::from(keeps_case) << 1);
            o.u32(u32::from(group));
        }
        o.str(&self.keys.all);
        o.len(self.keys.ends.len());
        for &e in &self.keys.ends {
            o.u32(e);
        }
        o.len(self.groups.len());
        for g in &self.groups {
            o.str(&g.primary);
            o.u8(u8::from(g.unspaced) | u8::from(g.english) << 1);
            o.len(g.indexes.len());
            for x in &g.indexes {
                o.u8(u8::from(x.cased));
                o.u32(x.shift);
                o.len(x.keys);
                let used = x.slots.iter().filter(|s| s.hash != 0).count();
                o.len(x.slots.len());
                o.len(used);
                for (at, s) in x.slots.iter().enumerate().filter(|(_, s)| s.hash != 0) {
                    o.len(at);
                    o.u64(s.hash);
                    o.u32(s.record);
                    o.u8(u8::from(s.goes_on));
                }
                o.bytes(&x.records);
                o.len(x.entries.len());
                for e in &x.entries {
                    o.u32(e.term);
                    o.u64(e.concept as u64);
                    o.u8(status_byte(e.status));
                    o.u8(u8::from(e.inflected) | u8::from(e.plain) << 1);
                }
            }
            match &g.segmenter {
                None => o.u8(0),
                Some(seg) => {
                    o.u8(1);
                    let taught = &seg.taught().1;
                    o.len(taught.len());
                    for (w, freq) in taught.iter() {
                        o.str(w);
                        o.u64(*freq as u64);
                    }
                }
            }
        }
        o.0
    }

    /// The matcher [`TermMatcher::to_bytes`] gave these bytes for, or `None` when they are
    /// not such bytes. jieba learns the glossary's words on the warm-up's thread, which is
    /// taken when a group needs it.
    pub fn from_bytes(bytes: &[u8], warmup: &mut Option<SegmenterWarmup>) -> Option<TermMatcher> {
        let mut i = In(bytes);
        if i.take(BYTES_MAGIC.len())? != BYTES_MAGIC {
            return None;
        }
        let langs = (0..i.len()?)
            .map(|_| LangTag::parse(i.str()?).ok())
            .collect::<Option<Vec<LangTag>>>()?;
        let mut texts = i.str()?;
        let n = i.len()?;
        let mut terms = Vec::with_capacity(n);
        let mut placed = Vec::with_capacity(n);
        for _ in 0..n {
            let term_id = i.u64()? as i64;
            let concept = i.u64()? as i64;
            let lang = langs.get(i.u32()? as usize)?.clone();
            let len = i.len()?;
            let text = texts.get(..len)?.to_string();
            texts = &texts[len..];
            let status = byte_status(i.u8()?)?;
            let flags = i.u8()?;
            let group = u16::try_from(i.u32()?).ok()?;
            terms.push(MatchTerm {
                term_id,
                concept,
                lang,
                text,
                status,
                case_sensitive: flags & 1 != 0,
            });
            placed.push((group, flags & 2 != 0));
        }
        let all = i.str()?.to_string();
        let ends = (0..i.len()?)
            .map(|_| i.u32())
            .collect::<Option<Vec<u32>>>()?;
        if ends.len() != n
            || ends.windows(2).any(|w| w[0] > w[1])
            || ends.last().is_some_and(|&e| e as usize > all.len())
            || ends.iter().any(|&e| !all.is_char_boundary(e as usize))
        {
            return None;
        }
        let mut groups = Vec::new();
        for _ in 0..i.len()? {
            let primary = i.str()?.to_string();
            let flags = i.u8()?;
            let mut indexes = Vec::new();
            for _ in 0..i.len()? {
                let cased = i.u8()? != 0;
                let shift = i.u32()?;
                let keys = i.len()?;
                // The table is at most four times its keys and prefixes, and a tail: a length
                // past that is not one `to_bytes` wrote, and must not be allocated.
                let (len, used) = (usize::try_from(i.u64()?).ok()?, i.len()?);
                if len > used * 5 + 16 {
                    return None;
                }
                let mut slots = vec![Slot::default(); len];
                for _ in 0..used {
                    let at = i.len()?;
                    *slots.get_mut(at)? = Slot {
                        hash: i.u64()?,
                        record: i.u32()?,
                        goes_on: i.u8()? != 0,
                    };
                }
                let records = i.bytes()?.to_vec();
                let entries = (0..i.len()?)
                    .map(|_| {
                        let term = i.u32()?;
                        let concept = i.u64()? as i64;
                        let status = byte_status(i.u8()?)?;
                        let flags = i.u8()?;
                        (term < n as u32).then_some(Posting {
                            term,
                            inflected: flags & 1 != 0,
                            status,
                            concept,
                            plain: flags & 2 != 0,
                        })
                    })
                    .collect::<Option<Vec<Posting>>>()?;
                if !(1..64).contains(&shift)
                    || slots.len() < 1 << (64 - shift)
                    || !records_fit(&slots, &records, entries.len())
                {
                    return None;
                }
                indexes.push(KeyIndex {
                    cased,
                    slots,
                    shift,
                    records,
                    entries,
                    keys,
                });
            }
            let segmenter = match i.u8()? {
                0 => None,
                _ => {
                    let taught = (0..i.len()?)
                        .map(|_| {
                            let word = i.str()?.to_string();
                            // jieba sums the frequencies: no real one comes near overflowing.
                            let freq = usize::try_from(i.u64()?).ok().filter(|&f| f < 1 << 40)?;
                            Some((word, freq))
                        })
                        .collect::<Option<Vec<_>>>()?;
                    Some(Segmenter::new(
                        Lexicon::Taught(Arc::new(taught)),
                        warmup.take(),
                    ))
                }
            };
            groups.push(Group {
                primary,
                unspaced: flags & 1 != 0,
                english: flags & 2 != 0,
                indexes,
                segmenter,
            });
        }
        if !i.0.is_empty()
            || placed
                .iter()
                .any(|&(g, _)| g != u16::MAX && usize::from(g) >= groups.len())
        {
            return None;
        }
        Some(TermMatcher {
            terms,
            keys: Texts { all, ends },
            placed,
            groups,
        })
    }
}

/// Does every key slot lead to a whole record, and every record to postings there are?
fn records_fit(slots: &[Slot], records: &[u8], entries: usize) -> bool {
    let u32_at = |at: usize| {
        records
            .get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    };
    slots
        .iter()
        .filter(|s| s.hash != 0 && s.record != NO_KEY)
        .all(|s| {
            let at = s.record as usize;
            let Some(len) = u32_at(at) else { return false };
            let end = at + 4 + len;
            matches!((u32_at(end), u32_at(end + 4)), (Some(from), Some(to)) if from <= to && to <= entries)
        })
}

fn status_byte(s: Status) -> u8 {
    Status::ALL.iter().position(|&x| x == s).unwrap_or(0) as u8
}

fn byte_status(b: u8) -> Option<Status> {
    Status::ALL.get(usize::from(b)).copied()
}

/// Little-endian numbers and length-prefixed bytes, written.
struct Out(Vec<u8>);

impl Out {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn len(&mut self, n: usize) {
        self.u64(n as u64);
    }
    fn bytes(&mut self, b: &[u8]) {
        self.len(b.len());
        self.0.extend_from_slice(b);
    }
    fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }
}

/// What [`Out`] wrote, read back; `None` past the end or on text that is not UTF-8.
struct In<'a>(&'a [u8]);

impl<'a> In<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.0.len() {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    /// A length or a count: never more than there are bytes left (every item takes one at
    /// least), so that a corrupt one cannot ask for a huge allocation.
    fn len(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?)
            .ok()
            .filter(|&n| n <= self.0.len())
    }
    fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.len()?;
        self.take(n)
    }
    fn str(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.bytes()?).ok()
    }
}
