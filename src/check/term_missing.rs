//! `term-missing`: a glossary term is in the source and none of its concept's approved
//! renderings is in the target. When a deprecated or forbidden rendering of the concept
//! stands there instead, the one finding names it, so that the translator reads one message
//! for one mistake.

use std::collections::HashSet;

use super::{CheckId, Finding, Half, Place, Renderings, same_span};
use crate::glossary::matcher::{PreparedSegment, TermHit};

/// What the target of a segment gives `term-missing`, found once for all its source spans.
pub(super) struct Target<'t, 'd, P> {
    /// The target's hits.
    pub found: &'t [TermHit<'d>],
    /// The concepts the target renders with an approved term, sorted.
    pub rendered: &'t [i64],
    /// The target made ready for the matcher, only made when a span needs it.
    pub prepared: P,
    /// The concepts of the segment's source terms, sorted.
    pub in_source: &'t [i64],
}

/// The finding for one span of the source's hits (one hit per concept when the span is a
/// homograph), if none of its concepts is rendered. A deprecated span it names goes into
/// `reported`, for `term-deprecated` to leave alone.
pub(super) fn check_span<'p, 'g: 'p, 'd: 'p>(
    at: Place,
    span: &[TermHit],
    target: &Target<'_, 'd, impl Fn() -> &'p PreparedSegment<'g, 'd>>,
    renderings: &mut Renderings,
    reported: &mut HashSet<(usize, usize)>,
) -> Option<Finding> {
    let found = target.found;
    if span
        .iter()
        .any(|h| target.rendered.binary_search(&h.concept).is_ok())
    {
        return None;
    }
    if renderings.of_span(span).is_empty()
        || stands_in(
            (target.prepared)(),
            span,
            &renderings.span,
            found,
            target.in_source,
        )
    {
        return None;
    }
    let expected = renderings.texts(&renderings.span);
    let wrong = found.chunk_by(same_span).find(|s| {
        s.iter().all(|h| !h.status.is_approved())
            && s.iter()
                .any(|h| span.iter().any(|c| c.concept == h.concept))
    });
    let src = &span[0];
    let mut f = match wrong {
        Some(w) => {
            reported.insert((w[0].start, w[0].len));
            at.finding(
                CheckId::TermMissing,
                Half::Target,
                w[0].start,
                w[0].len,
                format!(
                    "\"{}\" is translated as {} ({}); use {}",
                    src.matched,
                    w[0].matched,
                    w[0].status,
                    expected.join(" or ")
                ),
            )
        }
        None => at.finding(
            CheckId::TermMissing,
            Half::Source,
            src.start,
            src.len,
            format!(
                "\"{}\" (in the source) is not rendered as {}",
                src.matched,
                expected.join(" or ")
            ),
        ),
    };
    f.source_term = Some(src.matched.to_string());
    f.target_term = wrong.map(|w| w[0].matched.to_string());
    f.concept = Some(src.concept);
    f.expected = expected;
    Some(f)
}

/// Does the target render `concept` with an approved term: found by the matcher, or one of
/// the concept's renderings standing there as text?
pub(super) fn renders<'p, 'g: 'p, 'd: 'p>(
    target: &Target<'_, 'd, impl Fn() -> &'p PreparedSegment<'g, 'd>>,
    concept: i64,
    renderings: &mut Renderings,
) -> bool {
    if target.rendered.binary_search(&concept).is_ok() {
        return true;
    }
    let prepared = (target.prepared)();
    renderings
        .of(concept)
        .iter()
        .any(|&i| !prepared.occurrences(i as usize).is_empty())
}

/// Does an approved rendering of the span's concepts stand in the target where the matcher
/// found none: inside a longer word (传播 in 传播方式, which jieba reads as one word) or under
/// a longer term (市长 in 上海市市长)? Whether a term was translated is a question of
/// presence; the segmentation veto is for what is reported as found, and must not hide a
/// rendering that is there. Not where the matcher found a deprecated or forbidden term of the
/// concept: 备忘录 inside 理解备忘录 is the calque, not the short form. Nor inside the hit of
/// another concept's term that the source also has: that text renders the other term, and
/// one stretch of target renders one source term (副市长 renders "Vice Mayor", not "Mayor"
/// as well, in "The Mayor and the Vice Mayor attended."), unless that concept is rendered
/// elsewhere in the target too (`SARS, also known as "atypical pneumonia"` rendered `SARS，
/// 又称"非典型肺炎"`: SARS is there, and 非典型肺炎 is free to render the pneumonia).
fn stands_in(
    target: &PreparedSegment,
    span: &[TermHit],
    renderings: &[u32],
    found: &[TermHit],
    in_source: &[i64],
) -> bool {
    let ours = |concept: i64| span.iter().any(|c| c.concept == concept);
    let rendered_elsewhere = |h: &TermHit| {
        found.iter().any(|o| {
            o.concept == h.concept
                && o.status.is_approved()
                && (o.start + o.len <= h.start || h.start + h.len <= o.start)
        })
    };
    let wrong = |s: usize, n: usize| {
        found.iter().any(|h| {
            let overlaps = h.start < s + n && s < h.start + h.len;
            (overlaps && !h.status.is_approved() && ours(h.concept))
                || (h.start <= s
                    && s + n <= h.start + h.len
                    && h.len > n
                    && !ours(h.concept)
                    && in_source.binary_search(&h.concept).is_ok()
                    && !rendered_elsewhere(h))
        })
    };
    renderings.iter().any(|&i| {
        target
            .occurrences(i as usize)
            .into_iter()
            .any(|(s, n)| !wrong(s, n))
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::model::glossary::{Status, TermType};

    fn terms() -> Glossary {
        let mut short = zh("备忘录");
        short.term_type = Some(TermType::ShortForm);
        glossary(vec![
            vec![en("Mayor"), zh("市长")],
            vec![en("transmission"), zh("传播")],
            vec![en("Expo"), zh("世博会")],
            vec![
                en("memorandum of understanding"),
                zh("谅解备忘录"),
                short,
                zh("理解备忘录").with_status(Status::Deprecated),
            ],
        ])
    }

    #[test]
    fn a_term_left_out_points_at_the_source() {
        let doc = bilingual(&[
            ("The mayor spoke.", "州长讲话。"),
            ("The mayors spoke.", "市长们讲话。"),
        ]);
        let found = run(&doc, &terms(), CheckId::TermMissing);
        assert_eq!(
            lines_and_messages(&found),
            [(
                1,
                "\"mayor\" (in the source) is not rendered as 市长".to_string()
            )]
        );
        let f = &found[0];
        assert_eq!((f.half, f.column, f.length), (Half::Source, 5, 5));
        assert_eq!(
            (f.source_term.as_deref(), f.target_term.as_deref()),
            (Some("mayor"), None)
        );
        assert_eq!(f.expected, ["市长"]);
        assert_eq!(f.severity, Severity::Error);
    }

    #[test]
    fn a_deprecated_rendering_instead_is_named() {
        let doc = bilingual(&[(
            "They signed a memorandum of understanding.",
            "他们签署了理解备忘录。",
        )]);
        let found = run(&doc, &terms(), CheckId::TermMissing);
        assert_eq!(
            lines_and_messages(&found),
            [(
                1,
                "\"memorandum of understanding\" is translated as 理解备忘录 (deprecated); \
                 use 谅解备忘录 or 备忘录"
                    .to_string()
            )]
        );
        let f = &found[0];
        assert_eq!((f.half, f.column, f.length), (Half::Target, 6, 5));
        assert_eq!(f.target_term.as_deref(), Some("理解备忘录"));
    }

    #[test]
    fn what_stands_there_counts_and_what_only_looks_like_it_does_not() {
        let doc = bilingual(&[
            // 传播 inside the word 传播方式 is there.
            ("The mode of transmission is unclear.", "传播方式尚不清楚。"),
            // The short form alone is a rendering.
            (
                "They signed the memorandum of understanding.",
                "他们签署了备忘录。",
            ),
            // "exposure" is not "Expo": nothing to render.
            ("The exposure was high.", "曝光度很高。"),
            // 市长 takes its characters from 南京市 and 长江大桥: not there.
            ("The mayor praised the bridge.", "南京市长江大桥受到赞扬。"),
        ]);
        let found = run(&doc, &terms(), CheckId::TermMissing);
        assert_eq!(lines(&found), [4], "{found:#?}");
    }

    #[test]
    fn regression_a_rendering_inside_another_source_terms_rendering_is_not_there() {
        let g = glossary(vec![
            vec![en("Mayor"), zh("市长")],
            vec![en("Vice Mayor"), zh("副市长")],
            vec![en("SARS"), zh("非典型肺炎"), zh("SARS")],
            vec![en("pneumonia"), zh("肺炎")],
            vec![en("community transmission"), zh("社区传播")],
            vec![en("transmission"), zh("传播")],
        ]);
        let doc = bilingual(&[
            (
                "The Mayor and the Vice Mayor attended.",
                "副市长出席了会议。",
            ),
            (
                "The Mayor and the Vice Mayor attended.",
                "市长和副市长出席了会议。",
            ),
            // SARS is rendered apart, so 非典型肺炎 is free to render the pneumonia.
            (
                "SARS, also known as atypical pneumonia, spread.",
                "SARS，又称非典型肺炎，传播开来。",
            ),
            // The source does not have the longer term: 传播 in 社区传播 renders transmission.
            ("Transmission went on.", "社区传播仍在继续。"),
            // One 非典型肺炎 for two source terms: the pneumonia is missing.
            ("SARS is a pneumonia.", "非典型肺炎是一种病。"),
        ]);
        let found = run(&doc, &g, CheckId::TermMissing);
        assert_eq!(
            found
                .iter()
                .map(|f| (f.line, f.source_term.clone().unwrap()))
                .collect::<Vec<_>>(),
            [(1, "Mayor".to_string()), (5, "pneumonia".to_string())],
            "{found:#?}"
        );
    }

    #[test]
    fn the_start_of_a_longer_word_is_there_and_two_characters_are_too_few_to_tell() {
        let g = glossary(vec![
            vec![en("antiviral drug"), zh("抗病毒药")],
            vec![en("Mayor"), zh("市长")],
        ]);
        let doc = bilingual(&[
            ("An antiviral drug helps.", "抗病毒药物有帮助。"),
            ("The mayor planned.", "市长期规划。"),
        ]);
        let found = run(&doc, &g, CheckId::TermMissing);
        assert_eq!(lines(&found), [2], "{found:#?}");
    }
}
