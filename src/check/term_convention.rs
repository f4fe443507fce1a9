//! `term-convention`: the document renders a glossary term its own way nearly everywhere, so
//! the glossary's rendering is the exception, not the rule. Each of those segments would
//! otherwise be a `term-missing` of its own: 19 findings for "epidemic" where a Chinese
//! translation says 疫情 throughout and the list has 流行病, 20 for "deaths" where the list's
//! 死亡人数 ("death toll") fits only a few. Whichever is wrong, the translation's convention
//! or the list's entry, it is one decision for the reviewer or the glossary's owner, so it is
//! one finding that names every segment, not a finding a segment.
//!
//! A term whose rendering the document mostly keeps still gets a `term-missing` in each
//! segment that departs from it: those are the slips a reviewer is after.

use rustc_hash::FxHashMap;

use super::{CheckId, Finding};

/// A term folds when at least this many of its segments lack every approved rendering...
pub(super) const MIN_SEGMENTS: usize = 3;

/// ...and the glossary's rendering stands in fewer than this share of the segments that have
/// the term in their source (rendered, kept as written, or not rendered): under a third, the
/// glossary's rendering is plainly the exception. On TICO-19's dev half the terms folded at a
/// third are the same as at a quarter; at a half, more of the document's own inconsistencies
/// (illness as 疾病 in 6 of 12) would become one finding, where each segment is worth a look.
pub(super) const RENDERED_SHARE: f64 = 1.0 / 3.0;

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
    Other,
    Kept,
    Rendered,
}

#[derive(Default, Clone, Copy)]
struct Counts {
    rendered: usize,
    kept: usize,
    other: usize,
}

impl Tally {
    /// The segment on `line`, whose source has the concept's term, renders it with an
    /// approved term.
    pub(super) fn rendered(&mut self, concept: i64, line: u64) {
        self.mark(concept, line, Kind::Rendered);
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
            }
        }
    }

    /// Replaces the `term-missing` findings of each concept the document renders its own
    /// way with one `term-convention` finding, where the first of them was. Findings that
    /// name a deprecated rendering used instead stay: the glossary itself asks for each.
    pub(super) fn fold(mut self, findings: Vec<Finding>) -> Vec<Finding> {
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
            let all = c.rendered + c.kept + c.other;
            m >= MIN_SEGMENTS && (c.rendered as f64) < RENDERED_SHARE * all as f64
        };
        let mut out: Vec<Finding> = Vec::with_capacity(findings.len());
        // Concept → the index in `out` of its `term-convention` finding.
        let mut at: FxHashMap<i64, usize> = FxHashMap::default();
        for f in findings {
            let concept = f.concept.unwrap_or_default();
            if !(plain(&f) && folds(concept)) {
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
            let c = self.by_concept[&f.concept.unwrap_or_default()];
            f.message = message(f, c);
        }
        out
    }
}

fn message(f: &Finding, c: Counts) -> String {
    const SHOWN: usize = 8;
    let mut lines: Vec<String> = f.lines.iter().take(SHOWN).map(u64::to_string).collect();
    if f.lines.len() > SHOWN {
        lines.push("…".into());
    }
    let kept = match c.kept {
        0 => String::new(),
        k => format!(", {k} keep it as written"),
    };
    format!(
        "\"{}\" is rendered as {} in {} of the {} segments that have it{kept}; {} render it \
         otherwise (lines {}): the translation follows a convention of its own, or the \
         glossary's entry does not fit this text",
        f.source_term.as_deref().unwrap_or("?"),
        f.expected.join(" or "),
        c.rendered,
        c.rendered + c.kept + c.other,
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
}
