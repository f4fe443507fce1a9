//! `term-deprecated`: a deprecated, superseded or forbidden term in the target, with the
//! preferred replacement. It needs no source, so it is what a draft alone gets. The matcher
//! finds a string that is an approved term of any concept as that term, so such a string is
//! never reported, whatever other concept deprecates it.

use std::collections::HashSet;

use super::{CheckId, Finding, Half, Place, Renderings};
use crate::glossary::matcher::TermHit;

/// The finding for one span of the target's hits that are all unapproved (one hit per
/// concept when the span is a homograph), unless `term-missing` already named it.
pub(super) fn check_span(
    at: Place,
    span: &[TermHit],
    renderings: &mut Renderings,
    reported: &HashSet<(usize, usize)>,
) -> Option<Finding> {
    let h = &span[0];
    if reported.contains(&(h.start, h.len)) {
        return None;
    }
    let expected = renderings.of(h.concept).to_vec();
    let expected = renderings.texts(&expected);
    let advice = if expected.is_empty() {
        String::new()
    } else {
        format!("; use {}", expected[0])
    };
    let mut f = at.finding(
        CheckId::TermDeprecated,
        Half::Target,
        h.start,
        h.len,
        format!("{} is {}{advice}", h.matched, h.status),
    );
    f.target_term = Some(h.matched.to_string());
    f.concept = Some(h.concept);
    f.expected = expected;
    Some(f)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::model::glossary::Status;

    fn sister_cities() -> Glossary {
        glossary(vec![vec![
            en("sister cities"),
            zh("友好城市"),
            zh("姐妹城市").with_status(Status::Deprecated),
        ]])
    }

    #[test]
    fn a_deprecated_term_in_a_draft_with_its_replacement() {
        let doc = draft(&[
            "早在1980年，上海与旧金山就结为姐妹城市。",
            "上海与旧金山是友好城市。",
        ]);
        let found = run(&doc, &sister_cities(), CheckId::TermDeprecated);
        assert_eq!(
            lines_and_messages(&found),
            [(1, "姐妹城市 is deprecated; use 友好城市".to_string())]
        );
        let f = &found[0];
        assert_eq!((f.half, f.column, f.length), (Half::Target, 18, 4));
        assert_eq!(f.expected, ["友好城市"]);
        assert_eq!(f.severity, Severity::Error);
    }

    #[test]
    fn named_once_where_term_missing_names_it() {
        let doc = bilingual(&[("They are sister cities.", "它们是姐妹城市。")]);
        let checks: Vec<CheckId> = run_all(&doc, &sister_cities())
            .iter()
            .map(|f| f.check)
            .collect();
        assert_eq!(checks, [CheckId::TermMissing]);
        // With term-missing off, it is still an error, as term-deprecated.
        let found = run(&doc, &sister_cities(), CheckId::TermDeprecated);
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn an_approved_term_of_another_concept_is_not_reported() {
        // 姐妹 is deprecated for "nuns", and reported while that is all the glossary says.
        let nuns = vec![
            en("nuns"),
            zh("修女"),
            zh("姐妹").with_status(Status::Deprecated),
        ];
        let doc = draft(&["她们是姐妹。"]);
        let g = glossary(vec![nuns.clone()]);
        assert_eq!(run(&doc, &g, CheckId::TermDeprecated).len(), 1);
        // Approved for "sisters", it is not.
        let g = glossary(vec![nuns, vec![en("sisters"), zh("姐妹")]]);
        assert!(run(&doc, &g, CheckId::TermDeprecated).is_empty());
    }
}
