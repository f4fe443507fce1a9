//! `term-convention`: the document renders a glossary term its own way nearly everywhere, so
//! the glossary's rendering is the exception, not the rule. Each of those segments would
//! otherwise be a `term-missing` of its own: 19 findings for "epidemic" where a Chinese
//! translation says 疫情 throughout and the list has 流行病, 20 for "deaths" where the list's
//! 死亡人数 ("death toll") fits only a few. Whichever is wrong, the translation's convention
//! or the list's entry, it is one decision for the reviewer or the glossary's owner, so it is
//! one finding that names every segment, not a finding a segment.
//!
//! A term whose rendering the document mostly keeps still gets a `term-missing` in each
//! segment that departs from it: those are the slips a reviewer is after. Unless the
//! departures are one word of their own, again and again: a Chinese translation that writes
//! the glossary's 大流行 for "pandemic" in 35 segments and 疫情 in 20 others has two
//! renderings, and whether 疫情 is admitted is again one decision, not twenty. That word is
//! read from the document itself ([`alternative`]): what stands in most of the segments that
//! lack the glossary's rendering and in few of those that have it. The segments that lack
//! both stay `term-missing` each.

use std::borrow::Cow;
use std::sync::atomic::{AtomicUsize, Ordering};

use rustc_hash::{FxHashMap, FxHashSet};

use super::{CheckId, Document, Finding};
use crate::text::script::is_han;

/// A term folds when at least this many of its segments lack every approved rendering...
pub(super) const MIN_SEGMENTS: usize = 3;

/// ...and the glossary's rendering stands in fewer than this share of the segments that have
/// the term in their source (rendered, kept as written, or not rendered): under a third, the
/// glossary's rendering is plainly the exception. On TICO-19's dev half the terms folded at a
/// third are the same as at a quarter; at a half, more of the document's own inconsistencies
/// (illness as 疾病 in 6 of 12) would become one finding, where each segment is worth a look.
pub(super) const RENDERED_SHARE: f64 = 1.0 / 3.0;

/// A document's own rendering of a term ([`alternative`]) stands in at least this many of
/// the segments that lack the glossary's rendering: in three or four, a run of two Han
/// characters is shared by chance too often (on TICO-19's dev half, 可能 "may" in 4 of the
/// 6 segments lacking 症状, 现了 in 3 lacking 传播)...
pub(super) const MIN_ALTERNATIVE: usize = 5;

/// ...and in at least this share of them...
pub(super) const ALTERNATIVE_SHARE: f64 = 2.0 / 3.0;

/// ...and in at most this share of the segments that have the glossary's rendering: a word
/// found as often beside the glossary's rendering as without it (的, "the", the rendering of
/// another term the sentences share) is not what replaces it. A half, not less: 疫情 stands
/// beside 爆发 in 疫情爆发 ("the outbreak of the epidemic"), in 25 of the 58 segments of
/// TICO-19's dev half that render "outbreak" as the glossary says, and in 12 of the 13 that
/// do not.
pub(super) const ALTERNATIVE_BESIDE: f64 = 1.0 / 2.0;

/// How many segments of each side, with and without the glossary's rendering, are read to
/// find the alternative, in document order; the fold then takes every segment lacking the
/// rendering where the word found stands.
const SEGMENTS_READ: usize = 64;

/// How the segments that have a concept's term in their source render it: by concept and
/// segment line, the best of the segment's spans (a segment with the term twice, rendered
/// once, renders it).
#[derive(Default)]
pub(super) struct Tally {
    segments: FxHashMap<(i64, u64), Kind>,
    by_concept: FxHashMap<i64, Counts>,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    /// The term heads another body's name, which has its own English ([`super::own_name`]):
    /// not reported, but not the glossary's rendering either, so counted as a segment that
    /// does not render the term, as it was before that rule: the folds do not change.
    OwnName,
    Other,
    Kept,
    Rendered,
}

#[derive(Default, Clone, Copy)]
struct Counts {
    rendered: usize,
    kept: usize,
    other: usize,
    own_name: usize,
}

impl Counts {
    fn all(self) -> usize {
        self.rendered + self.kept + self.other + self.own_name
    }
}

impl Tally {
    /// The segment on `line`, whose source has the concept's term, renders it with an
    /// approved term.
    pub(super) fn rendered(&mut self, concept: i64, line: u64) {
        self.mark(concept, line, Kind::Rendered);
    }

    /// The segment on `line` has the concept's term heading another body's name.
    pub(super) fn own_name(&mut self, concept: i64, line: u64) {
        self.mark(concept, line, Kind::OwnName);
    }

    fn mark(&mut self, concept: i64, line: u64, kind: Kind) {
        let k = self.segments.entry((concept, line)).or_insert(kind);
        *k = (*k).max(kind);
    }

    /// What `findings` say about the segments that do not render their term, and the counts.
    fn count(&mut self, findings: &[Finding]) {
        for f in findings {
            let Some(c) = f.concept else { continue };
            match f.check {
                CheckId::TermMissing => self.mark(c, f.line, Kind::Other),
                CheckId::TermKept => self.mark(c, f.line, Kind::Kept),
                _ => {}
            }
        }
        for (&(c, _), &kind) in &self.segments {
            let n = self.by_concept.entry(c).or_default();
            match kind {
                Kind::Rendered => n.rendered += 1,
                Kind::Kept => n.kept += 1,
                Kind::Other => n.other += 1,
                Kind::OwnName => n.own_name += 1,
            }
        }
    }

    /// Replaces the `term-missing` findings of each concept the document renders its own
    /// way with one `term-convention` finding, where the first of them was. Findings that
    /// name a deprecated rendering used instead stay: the glossary itself asks for each.
    /// `is_word(text, w)`: does `w` stand in `text` as one word of the segmenter's reading
    /// (in a language without one, anywhere)? The alternative rendering named is a word.
    pub(super) fn fold(
        mut self,
        findings: Vec<Finding>,
        doc: &Document,
        is_word: &(dyn Fn(&str, &str) -> bool + Sync),
    ) -> Vec<Finding> {
        self.count(&findings);
        let plain = |f: &Finding| f.check == CheckId::TermMissing && f.target_term.is_none();
        // Concept → its segments with a plain `term-missing`; findings come in line order.
        let mut missing: FxHashMap<i64, (u64, usize)> = FxHashMap::default();
        for f in findings.iter().filter(|f| plain(f)) {
            let m = missing.entry(f.concept.unwrap_or_default()).or_default();
            if m.1 == 0 || m.0 != f.line {
                *m = (f.line, m.1 + 1);
            }
        }
        let folds = |concept: i64| {
            let m = missing.get(&concept).map_or(0, |m| m.1);
            let c = self.by_concept.get(&concept).copied().unwrap_or_default();
            let all = c.all();
            m >= MIN_SEGMENTS && (c.rendered as f64) < RENDERED_SHARE * all as f64
        };
        // The concepts that do not fold as a whole but have a rendering of the document's
        // own in enough of their segments: concept → that rendering.
        let alternatives = self.alternatives(&findings, doc, &missing, &folds, is_word);
        let folds_here = |f: &Finding| {
            let concept = f.concept.unwrap_or_default();
            folds(concept)
                || alternatives
                    .get(&concept)
                    .is_some_and(|alt| target_of(doc, f.line).is_some_and(|t| has(t, alt)))
        };
        let mut out: Vec<Finding> = Vec::with_capacity(findings.len());
        // Concept → the index in `out` of its `term-convention` finding.
        let mut at: FxHashMap<i64, usize> = FxHashMap::default();
        for f in findings {
            let concept = f.concept.unwrap_or_default();
            if !(plain(&f) && folds_here(&f)) {
                out.push(f);
                continue;
            }
            match at.get(&concept) {
                Some(&i) => {
                    if out[i].lines.last() != Some(&f.line) {
                        out[i].lines.push(f.line);
                    }
                }
                None => {
                    at.insert(concept, out.len());
                    out.push(Finding {
                        check: CheckId::TermConvention,
                        severity: CheckId::TermConvention.default_severity(),
                        lines: vec![f.line],
                        ..f
                    });
                }
            }
        }
        for &i in at.values() {
            let f = &mut out[i];
            let concept = f.concept.unwrap_or_default();
            let c = self.by_concept[&concept];
            f.message = match alternatives.get(&concept) {
                Some(alt) if !folds(concept) => alternative_message(f, c, alt),
                _ => message(f, c),
            };
        }
        out
    }

    /// Concept → the document's own rendering of it, for each concept that does not fold as
    /// a whole and lacks its glossary rendering in [`MIN_ALTERNATIVE`] segments or more,
    /// where [`alternative`] finds one.
    fn alternatives(
        &self,
        findings: &[Finding],
        doc: &Document,
        missing: &FxHashMap<i64, (u64, usize)>,
        folds: &dyn Fn(i64) -> bool,
        is_word: &(dyn Fn(&str, &str) -> bool + Sync),
    ) -> FxHashMap<i64, String> {
        let asked: FxHashSet<i64> = missing
            .iter()
            .filter(|&(&c, m)| m.1 >= MIN_ALTERNATIVE && !folds(c))
            .map(|(&c, _)| c)
            .collect();
        let mut out = FxHashMap::default();
        if asked.is_empty() {
            return out;
        }
        // Concept → the targets without (plain `term-missing`) and with its rendering.
        let mut without: FxHashMap<i64, Vec<&str>> = FxHashMap::default();
        for f in findings {
            let c = f.concept.unwrap_or_default();
            if f.check == CheckId::TermMissing
                && f.target_term.is_none()
                && asked.contains(&c)
                && let Some(t) = target_of(doc, f.line)
            {
                let list = without.entry(c).or_default();
                // One entry a segment: a term twice in one source is one segment.
                if list.last() != Some(&t) {
                    list.push(t);
                }
            }
        }
        let mut with: FxHashMap<i64, Vec<&str>> = FxHashMap::default();
        for (&(c, line), &kind) in &self.segments {
            if kind == Kind::Rendered
                && without.contains_key(&c)
                && let Some(t) = target_of(doc, line)
            {
                with.entry(c).or_default().push(t);
            }
        }
        // The concepts are asked apart, on two threads, each taking the next concept not yet
        // taken: this runs after every segment is checked, alone, and with CC-CEDICT as the
        // glossary it asks about hundreds of concepts (0.15 s of CPU a check of the WMT news).
        let without: Vec<(i64, Vec<&str>)> = without.into_iter().collect();
        let next = AtomicUsize::new(0);
        let ask = || {
            let mut found = Vec::new();
            while let Some((c, targets)) = without.get(next.fetch_add(1, Ordering::Relaxed)) {
                let beside = with.get(c).map_or(&[][..], |w| w);
                if let Some(alt) = alternative(targets, beside, is_word) {
                    found.push((*c, alt));
                }
            }
            found
        };
        std::thread::scope(|s| {
            let other = s.spawn(ask);
            out.extend(ask());
            // A panic on the other thread is a bug here: let it surface as one.
            out.extend(
                other
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e)),
            );
        });
        out
    }
}

/// The target text of the segment on `line`.
fn target_of(doc: &Document, line: u64) -> Option<&str> {
    // Segments are in line order.
    let i = doc.segments.partition_point(|s| s.line < line);
    doc.segments
        .get(i)
        .filter(|s| s.line == line)
        .map(|s| s.target.as_str())
}

/// The word a document writes where it does not write the glossary's rendering: of the
/// candidate words of `without` (the targets that lack the rendering) that stand in at least
/// [`MIN_ALTERNATIVE`] and [`ALTERNATIVE_SHARE`] of them and in at most
/// [`ALTERNATIVE_BESIDE`] of `beside` (the targets that have it), the one whose share of
/// `without` exceeds its share of `beside` the most, the longer on a tie. The difference, not
/// the count alone: "party" stands in 17 of the 20 news translations lacking *Communist
/// Party of China* for 中国共产党, "chinese communist" in 16, but "party" also in most of
/// those that have it. Candidates are, in Chinese, every run of 2 to 4 Han characters (no
/// word boundaries to trust: 疫情 in 疫情防控 is 疫情), and elsewhere a word or two of
/// letters or digits, in lower case. A Han candidate must also stand as one word of the
/// segmenter's reading (`is_word`) in [`MIN_ALTERNATIVE`] and [`ALTERNATIVE_SHARE`] of
/// `without`: the runs are counted first because they are cheap and catch 疫情 in 疫情防控,
/// but a run is shared by chance across two words too (国疾病 of 美国/疾病 in six segments
/// naming 美国疾病控制与预防中心), and the word named must be one a reviewer can admit. Only
/// the candidates that win on the counts are segmented, best first.
pub(super) fn alternative(
    without: &[&str],
    beside: &[&str],
    is_word: &dyn Fn(&str, &str) -> bool,
) -> Option<String> {
    // Shares are estimated from the first SEGMENTS_READ segments of each side, in document
    // order: a bound on the work for a term in thousands (CC-CEDICT's "say").
    let without = &without[..without.len().min(SEGMENTS_READ)];
    let beside = &beside[..beside.len().min(SEGMENTS_READ)];
    let need = MIN_ALTERNATIVE.max((ALTERNATIVE_SHARE * without.len() as f64).ceil() as usize);
    if without.len() < need {
        return None;
    }
    // Words are counted by a 64-bit hash of their text ([`walk`]), spelled out only for
    // those that stand often enough: with CC-CEDICT as the glossary the search runs for
    // hundreds of terms, and a string a word made it cost 0.1-0.2 s of CPU on the news.
    let mut counts: FxHashMap<u64, usize> = FxHashMap::default();
    // A word first seen after the first `open` targets cannot reach `need`.
    let open = without.len() - need + 1;
    let mut seen = FxHashSet::default();
    for (k, t) in without.iter().enumerate() {
        seen.clear();
        walk(t, |h, _| {
            if !seen.insert(h) {
                return;
            }
            if k < open {
                *counts.entry(h).or_default() += 1;
            } else if let Some(n) = counts.get_mut(&h) {
                *n += 1;
            }
        });
    }
    counts.retain(|_, n| *n >= need);
    if counts.is_empty() {
        return None;
    }
    let allowed = (ALTERNATIVE_BESIDE * beside.len() as f64).floor() as usize;
    // How many targets with the rendering have each word asked about.
    let mut besides: FxHashMap<u64, usize> = FxHashMap::default();
    for t in beside {
        seen.clear();
        walk(t, |h, _| {
            if counts.contains_key(&h) && seen.insert(h) {
                *besides.entry(h).or_default() += 1;
            }
        });
    }
    // The words left, spelled out.
    let mut spelled: FxHashMap<u64, Cow<str>> = FxHashMap::default();
    for t in without {
        walk(t, |h, w| {
            if counts.contains_key(&h) && !spelled.contains_key(&h) {
                spelled.insert(h, w.spell());
            }
        });
    }
    let share = |n: usize, of: usize| n as f64 / of.max(1) as f64;
    let mut ranked: Vec<(f64, usize, Cow<str>)> = Vec::new();
    for (h, n) in counts {
        let b = besides.get(&h).copied().unwrap_or(0);
        if b > allowed {
            continue;
        }
        let Some(w) = spelled.remove(&h) else {
            continue;
        };
        let score = share(n, without.len()) - share(b, beside.len());
        ranked.push((score, w.chars().count(), w));
    }
    // Best first: the higher score, then the longer word, then the first in code order.
    ranked.sort_by(|(s, l, w), (t, m, v)| t.total_cmp(s).then(m.cmp(l)).then(w.cmp(v)));
    ranked
        .into_iter()
        .map(|(_, _, w)| w)
        .find(|w| {
            !w.chars().any(is_han) || without.iter().filter(|t| is_word(t, w)).count() >= need
        })
        .map(Cow::into_owned)
}

/// A candidate word as [`walk`] meets it: a slice of a Han run, or one or two words of
/// letters, in their case as written.
enum Word<'t> {
    Han(&'t str),
    Letters(&'t str, Option<&'t str>),
}

impl<'t> Word<'t> {
    /// The word as [`has`] and the messages take it: lower case for letters.
    fn spell(&self) -> Cow<'t, str> {
        match *self {
            Word::Han(w) => Cow::Borrowed(w),
            Word::Letters(w, next) => {
                let mut s: String = w.chars().flat_map(char::to_lowercase).collect();
                if let Some(next) = next {
                    s.push(' ');
                    s.extend(next.chars().flat_map(char::to_lowercase));
                }
                Cow::Owned(s)
            }
        }
    }
}

/// FxHash's step, a character at a time, as the matcher's keys are hashed: the hash of a
/// word is that of its spelling ([`Word::spell`]) whichever way it was read. Two words with
/// one 64-bit hash would be counted as one; at a few hundred words a term, that is a chance
/// far below anything a reviewer would meet.
fn roll(h: u64, c: char) -> u64 {
    (h.rotate_left(5) ^ u64::from(c)).wrapping_mul(0x517c_c1b7_2722_0a95)
}

fn hash_of(spelled: &str) -> u64 {
    spelled.chars().fold(0, roll)
}

/// Calls `f` with every candidate word of one target and its hash (a word standing twice is
/// met twice): in Chinese every run of 2 to 4 Han characters; in a target without such
/// runs, every word of two letters or digits or more, and every two such words in a row,
/// hashed in lower case (a word alone only from three characters). No allocation.
fn walk<'t>(text: &'t str, mut f: impl FnMut(u64, Word<'t>)) {
    let mut any_han = false;
    // Byte offsets of the characters, and the text's end.
    let at: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |k: usize| at.get(k).map_or(text.len(), |&(b, _)| b);
    let mut i = 0;
    while i < at.len() {
        if is_han(at[i].1) {
            let end = i + at[i..].iter().take_while(|&&(_, c)| is_han(c)).count();
            for from in i..end {
                let mut h = roll(0, at[from].1);
                for n in 2..=4 {
                    if from + n > end {
                        break;
                    }
                    h = roll(h, at[from + n - 1].1);
                    any_han = true;
                    f(h, Word::Han(&text[at[from].0..end_of(from + n)]));
                }
            }
            i = end;
        } else {
            i += 1;
        }
    }
    if any_han {
        return;
    }
    let lower = |h: u64, w: &str| w.chars().flat_map(char::to_lowercase).fold(h, roll);
    let mut words = text
        .split(|c: char| !c.is_alphanumeric() || is_han(c))
        .filter(|w| w.chars().count() >= 2)
        .peekable();
    while let Some(w) = words.next() {
        let h = lower(0, w);
        // Alone, a word of two letters is a function word far more often than a rendering:
        // "in" was named for 委员会 on the news, standing in 8 of 12 translations lacking
        // Committee and fewer than half of those that have it. In a pair it stays.
        if w.chars().count() >= 3 {
            f(h, Word::Letters(w, None));
        }
        if let Some(&next) = words.peek() {
            f(lower(roll(h, ' '), next), Word::Letters(w, Some(next)));
        }
    }
}

/// Does the candidate word `w` stand in `text`, as [`walk`] reads it?
fn has(text: &str, w: &str) -> bool {
    if w.chars().any(is_han) {
        return text.contains(w);
    }
    let wanted = hash_of(w);
    let mut found = false;
    walk(text, |h, _| found |= h == wanted);
    found
}

fn message(f: &Finding, c: Counts) -> String {
    const SHOWN: usize = 8;
    let mut lines: Vec<String> = f.lines.iter().take(SHOWN).map(u64::to_string).collect();
    if f.lines.len() > SHOWN {
        lines.push("…".into());
    }
    let mut kept = match c.kept {
        0 => String::new(),
        k => format!(", {k} keep it as written"),
    };
    if c.own_name > 0 {
        kept.push_str(&format!(
            ", {} name another body by its own name",
            c.own_name
        ));
    }
    format!(
        "\"{}\" is rendered as {} in {} of the {} segments that have it{kept}; {} render it \
         otherwise (lines {}): the translation follows a convention of its own, or the \
         glossary's entry does not fit this text",
        f.source_term.as_deref().unwrap_or("?"),
        f.expected.join(" or "),
        c.rendered,
        c.all(),
        f.lines.len(),
        lines.join(", "),
    )
}

fn alternative_message(f: &Finding, c: Counts, alt: &str) -> String {
    const SHOWN: usize = 8;
    let mut lines: Vec<String> = f.lines.iter().take(SHOWN).map(u64::to_string).collect();
    if f.lines.len() > SHOWN {
        lines.push("…".into());
    }
    format!(
        "\"{}\" is rendered as {} in {} of the {} segments that have it, and {} others \
         share {alt} instead (lines {}): the translation has a rendering of its own beside \
         the glossary's; admit it, or replace it in each",
        f.source_term.as_deref().unwrap_or("?"),
        f.expected.join(" or "),
        c.rendered,
        c.all(),
        f.lines.len(),
        lines.join(", "),
    )
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    fn epidemic() -> Glossary {
        glossary(vec![
            vec![en("epidemic"), zh("流行病")],
            vec![en("mask"), zh("口罩")],
        ])
    }

    #[test]
    fn a_term_the_document_renders_its_own_way_throughout_is_one_finding_naming_each_line() {
        let doc = bilingual(&[
            ("The epidemic spread.", "疫情蔓延。"),
            ("After the epidemic.", "疫情过后。"),
            ("Wear a mask.", "戴口罩。"),
            ("The epidemic is over.", "疫情结束了。"),
            ("An epidemic of flu.", "流感疫情。"),
        ]);
        let found = run_all(&doc, &epidemic());
        assert_eq!(found.len(), 1, "{found:#?}");
        let f = &found[0];
        assert_eq!(f.check, CheckId::TermConvention);
        assert_eq!((f.line, f.lines.clone()), (1, vec![1, 2, 4, 5]));
        // As severe as the findings it replaces: a script's exit code must not change.
        assert_eq!(f.severity, Severity::Error);
        assert!(
            f.message.contains("in 0 of the 4 segments"),
            "{}",
            f.message
        );
    }

    #[test]
    fn a_slip_where_the_document_mostly_keeps_the_rendering_stays_term_missing() {
        let doc = bilingual(&[
            ("The epidemic spread.", "流行病蔓延。"),
            ("After the epidemic.", "流行病过后。"),
            ("The epidemic is over.", "疫情结束了。"),
            ("An epidemic of flu.", "流感流行病。"),
        ]);
        let found = run_all(&doc, &epidemic());
        assert_eq!(lines(&found), [3]);
        assert_eq!(found[0].check, CheckId::TermMissing);
        assert!(found[0].lines.is_empty());
    }

    #[test]
    fn two_segments_are_not_yet_a_convention() {
        let doc = bilingual(&[
            ("The epidemic spread.", "疫情蔓延。"),
            ("After the epidemic.", "疫情过后。"),
        ]);
        let found = run_all(&doc, &epidemic());
        assert_eq!(lines(&found), [1, 2]);
        assert!(found.iter().all(|f| f.check == CheckId::TermMissing));
    }

    #[test]
    fn turned_off_it_gives_the_term_missing_findings_back() {
        let doc = bilingual(&[
            ("The epidemic spread.", "疫情蔓延。"),
            ("After the epidemic.", "疫情过后。"),
            ("The epidemic is over.", "疫情结束了。"),
        ]);
        let found = run(&doc, &epidemic(), CheckId::TermMissing);
        assert_eq!(lines(&found), [1, 2, 3]);
    }

    fn pandemic() -> Glossary {
        glossary(vec![vec![en("pandemic"), zh("大流行")]])
    }

    /// Six segments with the glossary's 大流行, five with 疫情 and one with neither.
    fn mixed() -> Vec<(&'static str, &'static str)> {
        vec![
            ("The pandemic spread.", "大流行蔓延。"),
            ("After the pandemic.", "疫情过后。"),
            ("A pandemic of flu.", "流感大流行。"),
            ("The pandemic is over.", "疫情结束了。"),
            ("During the pandemic.", "大流行期间。"),
            ("Amid the pandemic.", "在疫情期间。"),
            ("The pandemic grew.", "大流行加剧。"),
            ("The pandemic ended.", "疫情结束。"),
            ("The pandemic waned.", "大流行减弱。"),
            ("Pandemic preparedness.", "疫情防范。"),
            ("A pandemic plan.", "大流行计划。"),
            ("The pandemic hit.", "流感来袭。"),
        ]
    }

    #[test]
    fn a_rendering_of_the_documents_own_beside_the_glossarys_is_one_finding() {
        let found = run_all(&bilingual(&mixed()), &pandemic());
        let convention: Vec<_> = found
            .iter()
            .filter(|f| f.check == CheckId::TermConvention)
            .collect();
        assert_eq!(convention.len(), 1, "{found:#?}");
        assert_eq!(convention[0].lines, [2, 4, 6, 8, 10]);
        assert!(
            convention[0]
                .message
                .contains("5 others share 疫情 instead"),
            "{}",
            convention[0].message
        );
        // The segment with neither rendering is a slip of its own, still reported.
        let missing: Vec<_> = found
            .iter()
            .filter(|f| f.check == CheckId::TermMissing)
            .map(|f| f.line)
            .collect();
        assert_eq!(missing, [12]);
    }

    #[test]
    fn departures_that_share_no_word_stay_term_missing() {
        let rows = [
            ("The pandemic spread.", "大流行蔓延。"),
            ("After the pandemic.", "瘟疫过后。"),
            ("A pandemic of flu.", "流感大流行。"),
            ("The pandemic is over.", "疫病结束了。"),
            ("During the pandemic.", "大流行期间。"),
            ("Amid the pandemic.", "在传染病期间。"),
            ("The pandemic grew.", "大流行加剧。"),
            ("The pandemic ended.", "全球流行结束。"),
            ("The pandemic waned.", "大流行减弱。"),
            ("Pandemic preparedness.", "流行病防范。"),
            ("A pandemic plan.", "大流行计划。"),
        ];
        let found = run_all(&bilingual(&rows), &pandemic());
        assert!(
            found.iter().all(|f| f.check == CheckId::TermMissing),
            "{found:#?}"
        );
        assert_eq!(lines(&found), [2, 4, 6, 8, 10]);
    }

    #[test]
    fn four_segments_sharing_a_word_are_not_yet_a_rendering() {
        let mut rows = mixed();
        rows.remove(9);
        let found = run_all(&bilingual(&rows), &pandemic());
        assert!(
            found.iter().all(|f| f.check == CheckId::TermMissing),
            "{found:#?}"
        );
        assert_eq!(lines(&found), [2, 4, 6, 8, 11]);
    }

    #[test]
    fn a_run_that_is_no_word_anywhere_is_never_the_alternative() {
        // 美国疫情 stands in all five departures and is the longest run, but it is 美国/疫情;
        // tests/check_precision_classes2.rs checks the whole check names 疫情 there.
        use super::alternative;
        let without = [
            "美国疫情过后",
            "美国疫情结束",
            "在美国疫情",
            "美国疫情期间",
            "美国疫情",
        ];
        let no_word = |_: &str, _: &str| false;
        assert_eq!(alternative(&without, &[], &no_word), None);
    }

    #[test]
    fn a_word_as_common_beside_the_rendering_is_not_the_alternative() {
        use super::alternative;
        // 的 stands everywhere; 疫情 only where 大流行 does not.
        let without = ["疫情的影响", "疫情的结束", "的疫情", "疫情的事", "疫情的人"];
        let beside = ["大流行的影响", "大流行的结束", "大流行的人"];
        let anywhere = |t: &str, w: &str| t.contains(w);
        assert_eq!(
            alternative(&without, &beside, &anywhere).as_deref(),
            Some("疫情")
        );
        let beside = ["大流行疫情的影响", "大流行疫情", "疫情大流行"];
        assert_eq!(alternative(&without, &beside, &anywhere), None);
        // In English, words: "the" is everywhere, "president" only where "Chairman" is not.
        let without = [
            "President Xi spoke.",
            "The President left.",
            "the president said",
            "President Xi came.",
            "President Xi met the press.",
        ];
        let beside = ["The Chairman spoke.", "the chairman of the board"];
        assert_eq!(
            alternative(&without, &beside, &anywhere).as_deref(),
            Some("president")
        );
    }
}
