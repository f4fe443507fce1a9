//! A source term that is one part of a hyphenated compound is not that term: "virus" in
//! virus-stricken, "positive" and "negative" in positive-sense and negative-sense RNA,
//! "infectious" in non-infectious. The compound is a word of its own, with a translation of
//! its own (疫情严重地区, 正义, 反义), and a glossary that lacks it has nothing to say about
//! it: these were 7 of TICO-19's dev half's `term-missing` findings, all false alarms.
//! A term written with its hyphens (health-care providers, COVID-19) is matched whole and
//! is not touched; a hyphen before a digit (COVID-19) joins no word.

use crate::glossary::matcher::TermHit;

/// Leaves out of `hits` those joined by a hyphen to a word before or after them.
pub(super) fn drop_parts(text: &str, hits: &mut Vec<TermHit>) {
    if hits.is_empty() || !text.contains('-') {
        return;
    }
    let chars: Vec<char> = text.chars().collect();
    let at = |i: usize| chars.get(i).copied();
    let joined = |hyphen: Option<char>, word: Option<char>| {
        hyphen == Some('-') && word.is_some_and(char::is_alphabetic)
    };
    hits.retain(|h| {
        let end = h.start + h.len;
        let after = joined(at(end), at(end + 1));
        let before = h.start >= 2 && joined(at(h.start - 1), at(h.start - 2));
        !(after || before)
    });
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn a_term_inside_a_hyphenated_compound_is_not_the_term() {
        let g = glossary(vec![
            vec![en("virus"), zh("病毒")],
            vec![en("positive"), zh("阳性")],
            vec![en("infectious"), zh("感染性")],
            vec![en("health-care providers"), zh("医疗服务人员")],
            vec![en("COVID-19"), zh("2019冠状病毒病")],
        ]);
        let doc = bilingual(&[
            ("Aid to virus-stricken areas.", "援助疫情严重地区。"),
            ("A positive-sense RNA genome.", "正义 RNA 基因组。"),
            ("A non-infectious particle.", "非传染性颗粒。"),
            // Still the terms: alone, written with their own hyphens, before a digit.
            ("The virus spread.", "疫情蔓延。"),
            ("Health-care providers agreed.", "医生们同意了。"),
            ("COVID-19-19 is a typo.", "这是笔误。"),
            ("The test was positive - again.", "检测又是阴性。"),
        ]);
        let found = run(&doc, &g, CheckId::TermMissing);
        assert_eq!(lines(&found), [4, 5, 6, 7]);
    }
}
