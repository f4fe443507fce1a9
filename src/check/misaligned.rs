//! `misaligned`: a segment pair whose halves are not translations of each other (an aligner's
//! slip: the English of WMT news pair 1478 is another sentence). Its term findings would each
//! blame a translator for what the aligner did, so one finding says so instead.
//!
//! Three signals, all cheap and all needed, since each alone is common in good translations:
//! - the numbers differ by two or more (one may be written another way, or left out);
//! - the target's length in characters, against its source's, is out of the document's own
//!   band: more than [`BAND`] times the median ratio of the document's pairs, or less than
//!   its inverse. The median, not a fixed ratio, so that any pair of languages and any
//!   document style calibrate themselves (English runs 3.4 times as long as Chinese in the
//!   WMT news, Chinese a third as long as English in TICO-19);
//! - every glossary term of the source goes unrendered in the target (none found there,
//!   none kept as written), and there is at least one.

use super::numbers;
use super::{CheckId, Document, Finding, Half, Place};

/// How far, as a factor, a pair's length ratio may stray from the document's median before
/// it counts as out of band. 1.5 left 1 of 7,379 WMT news pairs and 0 of 1,536 TICO-19 pairs
/// flagged with the other two signals (see docs/check-evaluation.md).
const BAND: f64 = 1.5;

/// Below this many pairs a document's median says little about its languages.
const ENOUGH_PAIRS: usize = 10;

/// The document's median ratio of target to source length in characters, over its pairs with
/// both halves; none for a draft without sources or with too few pairs.
pub(super) fn median_ratio(doc: &Document) -> Option<f64> {
    let mut ratios: Vec<f64> = doc
        .segments
        .iter()
        .filter_map(|s| {
            let source = s.source.as_deref()?.chars().count();
            let target = s.target.chars().count();
            (source > 0 && target > 0).then(|| target as f64 / source as f64)
        })
        .collect();
    if ratios.len() < ENOUGH_PAIRS {
        return None;
    }
    ratios.sort_unstable_by(f64::total_cmp);
    Some(ratios[ratios.len() / 2])
}

/// Is the pair misaligned, given that none of its source's terms is rendered in its target
/// (the caller knows)?
pub(super) fn is_misaligned(source: &str, target: &str, median: f64) -> bool {
    let (s, t) = (source.chars().count(), target.chars().count());
    if s == 0 || t == 0 {
        return false;
    }
    let off = t as f64 / s as f64 / median;
    if (1.0 / BAND..=BAND).contains(&off) {
        return false;
    }
    numbers::compare(source, target)
        .is_some_and(|m| m.missing_in_target.len() + m.extra_in_target.len() >= 2)
}

/// The finding for a misaligned pair: the whole target.
pub(super) fn finding(at: Place, terms: usize) -> Finding {
    at.finding(
        CheckId::Misaligned,
        Half::Target,
        0,
        0,
        format!(
            "misaligned: the target seems to translate another sentence (its length, its \
             numbers, and none of the {terms} glossary terms of the source rendered)"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    /// Nine aligned pairs of the same length ratio as the pair under test would have.
    fn document(last: (&str, &str)) -> Document {
        let mut rows = vec![("该市市长讲话。", "The Mayor spoke to the city."); 9];
        rows.push(last);
        bilingual_for("zh-CN", "en", &rows)
    }

    #[test]
    fn regression_another_sentence_is_one_misaligned_finding_not_term_findings() {
        let g = glossary_for("zh-CN", "en", vec![vec![zh("中国共产党"), en("CPC")]]);
        let doc = document((
            "解读中国共产党第十九次全国代表大会精神。",
            "the envoys of more than 150 countries in China, international organizations and \
             delegates of foreign enterprises, and many more people who came to the meeting.",
        ));
        let found = run_all(&doc, &g);
        let checks: Vec<(u64, CheckId)> = found.iter().map(|f| (f.line, f.check)).collect();
        assert_eq!(
            checks,
            [(10, CheckId::Misaligned), (10, CheckId::NumberMismatch)]
        );
        // Switched off, the term findings are back.
        let only = run(&doc, &g, CheckId::TermMissing);
        assert_eq!(only.len(), 1);
    }

    #[test]
    fn a_pair_with_a_rendered_term_or_the_numbers_or_its_length_is_aligned() {
        let g = glossary_for(
            "zh-CN",
            "en",
            vec![
                vec![zh("中国共产党"), en("CPC")],
                vec![zh("精神"), en("spirit")],
            ],
        );
        for pair in [
            // One of the terms is rendered.
            (
                "解读中国共产党第十九次全国代表大会精神。",
                "the spirit of more than 150 countries in China, international \
                 organizations and delegates of foreign enterprises, and many more people.",
            ),
            // Numbers agree.
            (
                "解读中国共产党第十九次全国代表大会精神。",
                "the envoys of more than nineteen countries in China, international \
                 organizations and delegates of foreign enterprises, and many more people.",
            ),
            // A length in band.
            (
                "解读中国共产党第十九次全国代表大会精神。",
                "150 envoys of countries in China read the report of the congress together today.",
            ),
        ] {
            let found = run_all(&document(pair), &g);
            assert!(
                found.iter().all(|f| f.check != CheckId::Misaligned),
                "{pair:?}: {found:?}"
            );
        }
    }
}
