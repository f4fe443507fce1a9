//! `inconsistent`: one concept rendered by two different full-form renderings in one
//! document, or one source segment translated two ways. Each segment says what it rendered
//! ([`renderings`], [`source_key`]) while the segments are checked apart, on two threads;
//! [`FirstSeen`] compares that with the segments before, in document order, once all are
//! checked.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use super::{CheckId, Finding, Glossary, Half, Place, Step};
use crate::glossary::matcher::TermHit;
use crate::text::key;

/// The renderings of one span of the target's hits that count: approved, full forms (short
/// forms, acronyms and abbreviations alternate with their full form by design), and, in a
/// bilingual document, of a concept found in the segment's source (`in_source`, sorted): 委员会's
/// "Commission" is not in "Central Military Commission" for 中央军委. A target alone has no
/// source to ask, and every rendering counts.
pub(super) fn renderings<'d>(
    g: &Glossary,
    span: &[TermHit<'d>],
    in_source: Option<&[i64]>,
    steps: &mut Vec<Step<'d>>,
) {
    for a in span.iter().filter(|h| h.status.is_approved()) {
        if g.is_short_form(a.term)
            || in_source.is_some_and(|c| c.binary_search(&a.concept).is_err())
        {
            continue;
        }
        steps.push(Step::Rendering(a.clone()));
    }
}

/// What makes two sources "the same source" for this check.
pub(super) fn source_key(source: &str) -> String {
    key::fuzzy_key(source)
}

/// Each concept's first full-form rendering and each source's first translation in the
/// document, and the finding for a later one that differs.
pub(super) struct FirstSeen<'g, 'd> {
    g: &'g Glossary,
    /// concept → (term, rendering, line) of its first full-form rendering, and the term's key
    /// once a rendering by another term needs it: most renderings are by the same term.
    rendering: FxHashMap<i64, (usize, &'d str, u64, Option<String>)>,
    /// source key → (target, line) of its first translation.
    translation: HashMap<String, (String, u64)>,
}

impl<'g, 'd> FirstSeen<'g, 'd> {
    pub(super) fn new(g: &'g Glossary) -> FirstSeen<'g, 'd> {
        FirstSeen {
            g,
            rendering: FxHashMap::default(),
            translation: HashMap::new(),
        }
    }

    /// A [`Step::Rendering`] of the segment at `at`.
    pub(super) fn rendering(&mut self, at: Place<'d>, a: TermHit<'d>) -> Option<Finding> {
        let g = self.g;
        let rendering_key = |term: usize| key::fuzzy_key(&g.matcher().terms()[term].text);
        match self.rendering.get_mut(&a.concept) {
            None => {
                self.rendering
                    .insert(a.concept, (a.term, a.matched, at.seg.line, None));
                None
            }
            Some((term, first, line, first_key)) if *term != a.term => {
                let first_key = first_key.get_or_insert_with(|| rendering_key(*term));
                if *first_key == rendering_key(a.term) {
                    return None;
                }
                let mut f = at.finding(
                    CheckId::Inconsistent,
                    Half::Target,
                    a.start,
                    a.len,
                    format!(
                        "{} here, but {first} at line {line} for the same concept",
                        a.matched
                    ),
                );
                f.target_term = Some(a.matched.to_string());
                f.concept = Some(a.concept);
                f.expected = vec![first.to_string()];
                Some(f)
            }
            Some(_) => None,
        }
    }

    /// A [`Step::Translation`] (the [`source_key`] of its source) of the segment at `at`.
    pub(super) fn translation(&mut self, at: Place, source_key: String) -> Option<Finding> {
        let target = &at.seg.target;
        match self.translation.get(&source_key) {
            None => {
                self.translation
                    .insert(source_key, (target.clone(), at.seg.line));
                None
            }
            Some((first, line)) if key::fuzzy_key(first) != key::fuzzy_key(target) => {
                let mut f = at.finding(
                    CheckId::Inconsistent,
                    Half::Target,
                    0,
                    0,
                    format!("the same source was translated differently at line {line}: {first}"),
                );
                f.expected = vec![first.clone()];
                Some(f)
            }
            Some(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::model::glossary::{Status, TermType};

    #[test]
    fn two_full_form_renderings_of_one_concept() {
        let mut short = zh("风电");
        short.term_type = Some(TermType::ShortForm);
        let g = glossary(vec![vec![
            en("offshore wind power"),
            zh("海上风电"),
            zh("海上风能").with_status(Status::Admitted),
            short,
        ]]);
        let doc = bilingual(&[
            ("Offshore wind power grew.", "海上风电增长了。"),
            ("Offshore wind power is cheap.", "海上风电很便宜。"),
            // A short form alternates with the full form by design.
            ("Offshore wind power is clean.", "风电很清洁。"),
            ("Offshore wind power is here.", "海上风能来了。"),
        ]);
        let found = run(&doc, &g, CheckId::Inconsistent);
        assert_eq!(
            lines_and_messages(&found),
            [(
                4,
                "海上风能 here, but 海上风电 at line 1 for the same concept".to_string()
            )]
        );
        let f = &found[0];
        assert_eq!((f.half, f.column, f.length), (Half::Target, 1, 4));
        assert_eq!(f.expected, ["海上风电"]);
        assert_eq!(f.severity, Severity::Warning);
    }

    #[test]
    fn a_rendering_counts_only_where_the_source_has_its_concept() {
        let g = glossary_for(
            "zh-CN",
            "en",
            vec![vec![
                zh("委员会"),
                en("Committee"),
                en("Commission").with_status(Status::Admitted),
            ]],
        );
        // No 委员会 in 中央军委: its "Commission" is not a rendering of it.
        let doc = bilingual_for(
            "zh-CN",
            "en",
            &[
                ("委员会开会。", "The Committee met."),
                ("中央军委开会。", "The Central Military Commission met."),
                ("委员会又开会。", "The Commission met again."),
            ],
        );
        assert_eq!(lines(&run(&doc, &g, CheckId::Inconsistent)), [3]);
        // A target alone has no source to ask: every rendering counts.
        let doc = Document {
            target_lang: lang("en"),
            ..draft(&["The Committee met.", "The Commission met."])
        };
        assert_eq!(lines(&run(&doc, &g, CheckId::Inconsistent)), [2]);
    }

    #[test]
    fn one_source_translated_two_ways() {
        let g = glossary(vec![vec![en("Mayor"), zh("市长")]]);
        let doc = bilingual(&[
            ("The mayor spoke.", "市长讲话。"),
            ("The Mayor spoke. ", "市长讲话。"),
            ("The mayor spoke.", "市长讲了话。"),
        ]);
        let found = run(&doc, &g, CheckId::Inconsistent);
        assert_eq!(
            lines_and_messages(&found),
            [(
                3,
                "the same source was translated differently at line 1: 市长讲话。".to_string()
            )]
        );
        assert_eq!(found[0].expected, ["市长讲话。"]);
        assert_eq!((found[0].column, found[0].length), (1, 0));
    }
}
