//! A term the translation renders together with the English word before it, by one Chinese
//! set word of clinical writing. Chinese grades an illness, and names its onset and its way
//! of spreading, by short compounds that hold the noun's sense in one morpheme: "mild
//! symptoms" is 轻症, "severe infection" 重症, "critical illness" 危重症 (the clinical types
//! 轻型, 重型, 危重型 of China's COVID-19 diagnosis and treatment protocol, whose grades TICO-19's
//! own list renders "severe and critical cases"), "onset of symptoms" 发病, "human-to-human
//! transmission" 人传人, "weakened immune systems" 免疫力低下. The list's rendering of the
//! noun alone (症状, 疾病, 感染, 传播, 免疫系统) is not there, and demanding it would ask
//! for a worse translation; TICO-19's translators write the set word throughout.
//!
//! Bounded to what shows the set word renders this term, on both sides:
//! - the English words of one row of [`SET_WORDS`] stand right before the term (one space
//!   between, letter case aside, not the end of a longer word: "mild symptoms", "the onset
//!   of symptoms"); the term itself is not asked about, since the set word is what the pair
//!   of words means;
//! - the target holds one of that row's set words, not inside a longer set word of the list
//!   (重症 of 危重症 is no "severe": critical is another grade), and not followed by what
//!   makes it another term ([`NOT_AFTER`]: 发病率 is incidence, 重症监护 intensive care).
//!
//! What it cannot tell: a set word standing in the target for another phrase of the same
//! segment ("mild symptoms … severe cases", with only 轻症 and 重症 written for the cases) is
//! taken for the term's.

use crate::glossary::matcher::TermHit;

/// The English words before a term, and the set words of Chinese that render them with it.
/// The grades are the protocol's (轻型 mild, 重型 severe, 危重型 critical) in both of their
/// spellings; 发病 is "falling ill", the onset; 人传人 "person passes to person"; 免疫力低下 and
/// 免疫功能低下 "immunity lowered".
const SET_WORDS: &[(&[&str], &[&str])] = &[
    (&["mild", "milder", "mildly"], &["轻症", "轻型"]),
    (&["severe", "more severe", "severely"], &["重症", "重型"]),
    (&["critical", "critically"], &["危重症", "危重型"]),
    (&["onset of", "onset of the"], &["发病"]),
    (&["human-to-human", "person-to-person"], &["人传人"]),
    (&["weakened", "weak"], &["免疫力低下", "免疫功能低下"]),
];

/// What after a set word makes it another term: 发病率 (incidence), 发病机制 (pathogenesis),
/// 重症监护 (intensive care), 重症医学 (critical care medicine).
const NOT_AFTER: &[&str] = &["率", "机制", "监护", "医学"];

/// Does the target render the source term at `hit` together with the English words before it,
/// by a set word of [`SET_WORDS`] (module doc)?
pub(super) fn absorbs(source: &str, hit: &TermHit, target: &str) -> bool {
    let before: String = source.chars().take(hit.start).collect();
    let before = before.to_lowercase();
    SET_WORDS.iter().any(|(english, chinese)| {
        english.iter().any(|w| stands_before(&before, w))
            && chinese.iter().any(|c| stands_alone(target, c))
    })
}

/// Does `before` (lower case) end with the words `words` and one space, at a word's start?
fn stands_before(before: &str, words: &str) -> bool {
    before
        .strip_suffix(' ')
        .and_then(|b| b.strip_suffix(words))
        .is_some_and(|rest| {
            !rest
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '-')
        })
}

/// Does `word` stand in `target` outside a longer set word of [`SET_WORDS`] and before none of
/// [`NOT_AFTER`]?
fn stands_alone(target: &str, word: &str) -> bool {
    let longer: Vec<&str> = SET_WORDS
        .iter()
        .flat_map(|(_, c)| c.iter().copied())
        .filter(|c| c.len() > word.len() && c.contains(word))
        .collect();
    target.match_indices(word).any(|(at, _)| {
        let after = &target[at + word.len()..];
        !NOT_AFTER.iter().any(|n| after.starts_with(n))
            && !longer.iter().any(|l| {
                target
                    .match_indices(l)
                    .any(|(s, _)| s <= at && at + word.len() <= s + l.len())
            })
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::check::CheckId;

    fn terms() -> Glossary {
        glossary(vec![
            vec![en("symptoms"), zh("症状")],
            vec![en("illness"), zh("疾病")],
            vec![en("infection"), zh("感染")],
            vec![en("transmission"), zh("传播")],
            vec![en("immune systems"), zh("免疫系统")],
        ])
    }

    #[test]
    fn what_a_set_word_does_not_excuse() {
        // Written first: a set word of another grade, a set word with no English word before
        // the term to render, a longer set word holding the one asked for, a set word that is
        // part of another term, the English word elsewhere in the sentence.
        let doc = bilingual(&[
            ("Patients with mild symptoms recover.", "重症患者会康复。"),
            ("Symptoms are common.", "轻症很常见。"),
            ("Some develop severe illness.", "部分患者发展为危重症。"),
            ("The onset of symptoms varies.", "发病率各不相同。"),
            ("They need care for severe illness.", "需要重症监护。"),
            ("The symptoms were mild.", "轻症。"),
            ("Transmission was reported.", "报告了人传人病例。"),
            ("Patients with weakened immune systems.", "免疫力强的患者。"),
            ("A non-severe illness.", "非重症。"),
        ]);
        let found = run(&doc, &terms(), CheckId::TermMissing);
        assert_eq!(lines(&found), [1, 2, 3, 4, 5, 6, 7, 8, 9], "{found:#?}");
    }

    #[test]
    fn regression_a_term_rendered_with_the_word_before_it_by_a_set_word_is_there() {
        // TICO-19 dev, lines 596, 76, 1486, 1427, 1404 and 1107.
        let doc = bilingual(&[
            (
                "There may be many unreported cases, particularly among those with milder symptoms.",
                "可能存在大量未报告病例，尤其是轻症病例。",
            ),
            (
                "6% cases experience critical illness requiring intensive care.",
                "6% 的病例会进展为危重症并需要重症监护。",
            ),
            (
                "Pregnant women might be at higher risk for severe infection.",
                "孕妇发展成重症患者的风险较高。",
            ),
            (
                "It is most contagious during the first three days after the onset of symptoms.",
                "发病前三天传染性最强。",
            ),
            (
                "Cases of human-to-human transmission were reported.",
                "报告了人传人病例。",
            ),
            (
                "The elderly and those with weakened immune systems are at risk.",
                "老年人、免疫力低下者风险最高。",
            ),
        ]);
        let found = run(&doc, &terms(), CheckId::TermMissing);
        assert!(found.is_empty(), "{found:#?}");
    }

    #[test]
    fn english_words_before_a_term() {
        assert!(stands_before("those with milder ", "milder"));
        assert!(stands_before("after the onset of ", "onset of"));
        assert!(!stands_before("non-severe ", "severe"));
        assert!(!stands_before("unmild ", "mild"));
        assert!(!stands_before("mild", "mild"));
    }
}
