//! `untranslated`: an empty target, or one identical to a source that has letters. Asked
//! first, because an untranslated segment gets no other finding: its missing terms and
//! numbers would only say the same thing again.

use super::{CheckId, DraftSegment, Finding, Half, Place};

/// A source without letters ("2020", "—") stays what it is in any language.
fn has_letters(s: &str) -> bool {
    s.chars().any(|c| c.is_alphabetic())
}

/// Why a segment is untranslated, if it is. A draft without sources cannot tell.
pub(super) fn why(seg: &DraftSegment) -> Option<&'static str> {
    let source = seg.source.as_ref()?;
    if seg.target.trim().is_empty() {
        Some("the target is empty")
    } else if seg.target.trim() == source.trim() && has_letters(source) {
        Some("the target is identical to the source")
    } else {
        None
    }
}

/// The finding for a segment [`why`] calls untranslated: the whole target.
pub(super) fn finding(at: Place, why: &str) -> Finding {
    at.finding(
        CheckId::Untranslated,
        Half::Target,
        0,
        0,
        format!("untranslated: {why}"),
    )
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    #[test]
    fn empty_or_copied_targets_and_nothing_else() {
        let g = glossary(vec![vec![en("Mayor"), zh("市长")]]);
        let doc = bilingual(&[
            ("The mayor spoke.", ""),
            ("The mayor spoke.", "The mayor spoke. "),
            ("The mayor spoke.", "市长讲话。"),
            // No letters: copied as it stands in any language.
            ("2020", "2020"),
        ]);
        let found = run(&doc, &g, CheckId::Untranslated);
        assert_eq!(
            lines_and_messages(&found),
            [
                (1, "untranslated: the target is empty".to_string()),
                (
                    2,
                    "untranslated: the target is identical to the source".into()
                ),
            ]
        );
        assert!(
            found
                .iter()
                .all(|f| f.half == Half::Target && f.length == 0)
        );
    }

    #[test]
    fn an_untranslated_segment_gets_no_other_finding() {
        let g = glossary(vec![vec![en("Mayor"), zh("市长")]]);
        let doc = bilingual(&[("The mayor spoke 3 times.", "")]);
        let checks: Vec<CheckId> = run_all(&doc, &g).iter().map(|f| f.check).collect();
        assert_eq!(checks, [CheckId::Untranslated]);
    }

    #[test]
    fn a_draft_without_sources_is_never_untranslated() {
        let g = glossary(vec![vec![en("Mayor"), zh("市长")]]);
        assert!(run(&draft(&["Mayor"]), &g, CheckId::Untranslated).is_empty());
    }
}
