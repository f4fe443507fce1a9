//! `number-mismatch`: the numbers of source and target differ. What counts as a number and
//! when two agree is [`super::numbers`]' business; this only words the finding, pointing at
//! the first number the target adds, or else at the first it lacks.

use super::numbers::{self, Number};
use super::{CheckId, Finding, Half, Place};

fn describe(ns: &[Number]) -> String {
    ns.iter()
        .map(|n| n.text.clone())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The finding for a segment whose target does not say its source's numbers, if any.
pub(super) fn check(at: Place, source: &str) -> Option<Finding> {
    let m = numbers::compare(source, &at.seg.target)?;
    let mut parts = Vec::new();
    if !m.missing_in_target.is_empty() {
        parts.push(format!(
            "{} in the source but not in the target",
            describe(&m.missing_in_target)
        ));
    }
    if !m.extra_in_target.is_empty() {
        parts.push(format!(
            "{} in the target but not in the source",
            describe(&m.extra_in_target)
        ));
    }
    let (half, n) = match (m.extra_in_target.first(), m.missing_in_target.first()) {
        (Some(n), _) => (Half::Target, n),
        (None, Some(n)) => (Half::Source, n),
        (None, None) => return None,
    };
    let mut f = at.finding(
        CheckId::NumberMismatch,
        half,
        n.start,
        n.len,
        format!("numbers differ: {}", parts.join("; ")),
    );
    f.source_term = m.missing_in_target.first().map(|n| n.text.clone());
    f.target_term = m.extra_in_target.first().map(|n| n.text.clone());
    Some(f)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    #[test]
    fn a_changed_number_points_at_the_target_and_a_dropped_one_at_the_source() {
        let g = glossary(vec![vec![en("Mayor"), zh("市长")]]);
        let doc = bilingual(&[
            (
                "Shanghai and San Francisco: 43 years.",
                "上海与旧金山：34年。",
            ),
            ("In 2018 the mayor came.", "市长来了。"),
            ("The mayor came 43 years ago.", "市长四十三年前来过。"),
        ]);
        let found = run(&doc, &g, CheckId::NumberMismatch);
        assert_eq!(
            lines_and_messages(&found),
            [
                (
                    1,
                    "numbers differ: 43 in the source but not in the target; \
                     34 in the target but not in the source"
                        .to_string()
                ),
                (
                    2,
                    "numbers differ: 2018 in the source but not in the target".into()
                ),
            ]
        );
        let (changed, dropped) = (&found[0], &found[1]);
        assert_eq!(
            (changed.half, changed.column, changed.length),
            (Half::Target, 8, 2)
        );
        assert_eq!(
            (
                changed.source_term.as_deref(),
                changed.target_term.as_deref()
            ),
            (Some("43"), Some("34"))
        );
        assert_eq!(
            (dropped.half, dropped.column, dropped.length),
            (Half::Source, 4, 4)
        );
        assert_eq!(dropped.severity, Severity::Warning);
    }

    #[test]
    fn a_draft_without_sources_has_nothing_to_compare() {
        let g = glossary(vec![vec![en("Mayor"), zh("市长")]]);
        assert!(run(&draft(&["市长来了34次。"]), &g, CheckId::NumberMismatch).is_empty());
    }
}
