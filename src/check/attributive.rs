//! A one-word term of the glossary used as a modifier of the noun after it, which the
//! translation renders by the stem of the glossary's rendering. Term lists give a word in the
//! form it has alone: TICO-19's "disinfectant" → 消毒剂 ("a disinfecting agent"),
//! "disposable" → 一次性用品 ("disposable articles"), "sneeze" → 打喷嚏 (the verb and its
//! object). Before a noun the word is a modifier, and Chinese writes the stem there, not the
//! noun: "disinfectant wipes" is 消毒湿巾, "disposable medical gloves" 一次性医用手套, "sneeze
//! guards" 喷嚏防护装置. The glossary's word stands in the translation, in the form the
//! grammar asks for; demanding 消毒剂 there would ask for a wrong translation.
//!
//! Bounded to what shows that use, on both sides:
//! - the source term is one English word (letters and hyphens), found as the glossary writes
//!   it (an English modifier takes no inflection: "epidemiologists endorsed" is a noun and
//!   its verb), and the next word, after one space, is a word in lower case of three letters
//!   or more that is none of the function words and auxiliaries that follow a noun or an
//!   adjective (is, and, of, with, that…): "a disinfectant wipe", not "use a disinfectant."
//!   nor "disinfectant is";
//! - a rendering of three Han characters or more, of which the target holds the stem: the
//!   rendering without its last one or two characters, two characters or more left
//!   (消毒 of 消毒剂, 一次性 of 一次性用品), or the object of a separable verb (喷嚏 of
//!   打喷嚏, by the list of separable verbs the matcher uses for presence), not where what is
//!   cut off opens with a negation (不全 of 免疫功能不全, "immunocompromised": the sense
//!   itself), nor inside the target's rendering of another term of the source (感染 of
//!   "infection" is no stem of 感染性, "infectious"). A rendering of
//!   two characters has no stem to find, so 发烧 for 发热 ("fever clinic") stays reported,
//!   and so does a stem the translation does not write (湿巾 alone for "disinfectant
//!   wipes").
//!
//! What it cannot tell: a stem that is a word of another sense standing elsewhere in the
//! target (消毒 of "disinfection" in the same segment) is taken for the modifier.

use crate::glossary::matcher::{TermHit, separable_object};
use crate::text::function_words::is_function_word;
use crate::text::key::MatchKind;
use crate::text::script::is_han;

/// Characters that turn a word's sense when they open what a stem would cut off: 不全 of
/// 免疫功能不全 is the deficiency itself.
const NEGATION: &str = "不非无未没否";

/// The source term at `[start, start + len)` of `source` is one English word that modifies
/// the noun after it, and the target writes the stem of one of `renderings` (module doc)?
/// `taken(start, len)` says whether the target's characters there render another term of the
/// source.
pub(super) fn stem_modifies(
    source: &str,
    hit: &TermHit,
    target: &str,
    renderings: &[String],
    taken: &dyn Fn(usize, usize) -> bool,
) -> bool {
    hit.kind != MatchKind::Inflection
        && modifies_next_word(source, hit.start, hit.len)
        && renderings.iter().any(|r| {
            stems(r).iter().any(|stem| {
                let n = stem.chars().count();
                target
                    .match_indices(stem.as_str())
                    .any(|(at, _)| !taken(target[..at].chars().count(), n))
            })
        })
}

/// Is the source's word at `[start, start + len)` (in characters) one English word followed,
/// after one space, by a lower-case word it can modify?
fn modifies_next_word(source: &str, start: usize, len: usize) -> bool {
    let mut chars = source.chars().skip(start);
    let word: String = chars.by_ref().take(len).collect();
    if word.chars().count() != len
        || !word.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        || !word.chars().all(|c| c.is_ascii_alphabetic() || c == '-')
    {
        return false;
    }
    if chars.next() != Some(' ') {
        return false;
    }
    let next: String = chars.take_while(|c| c.is_alphabetic()).collect();
    next.len() >= 3 && next.chars().all(|c| c.is_ascii_lowercase()) && !is_function_word(&next)
}

/// The stems of a rendering of three Han characters or more: without its last one or two
/// characters (two or more left), and the object of a separable verb.
fn stems(rendering: &str) -> Vec<String> {
    let chars: Vec<char> = rendering.chars().collect();
    if chars.len() < 3 || !chars.iter().all(|&c| is_han(c)) {
        return Vec::new();
    }
    let mut out: Vec<String> = (1..=2)
        .filter(|&cut| chars.len() - cut >= 2 && !NEGATION.contains(chars[chars.len() - cut]))
        .map(|cut| chars[..chars.len() - cut].iter().collect())
        .collect();
    out.extend(separable_object(rendering).map(str::to_string));
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::check::CheckId;

    fn terms() -> Glossary {
        glossary(vec![
            vec![en("disinfectant"), zh("消毒剂")],
            vec![en("disposable"), zh("一次性用品")],
            vec![en("sneeze"), zh("打喷嚏")],
            vec![en("fever"), zh("发热")],
            vec![en("antiviral drug"), zh("抗病毒药")],
            vec![en("epidemiologist"), zh("流行病学家")],
            vec![en("immunocompromised"), zh("免疫功能不全")],
            vec![en("infectious"), zh("感染性")],
            vec![en("infection"), zh("感染")],
        ])
    }

    #[test]
    fn what_a_stem_does_not_excuse() {
        // Written first: the term used alone, a stem the target lacks, a rendering of two
        // characters, a term of two words: all still reported.
        let doc = bilingual(&[
            ("Use a disinfectant.", "使用消毒水。"),
            ("The disinfectant is strong.", "消毒水很强。"),
            ("Use disinfectant wipes.", "使用湿巾。"),
            ("Go to the fever clinic.", "去发烧门诊。"),
            ("An antiviral drug trial began.", "抗病毒治疗试验开始了。"),
            ("Do not sneeze on others.", "不要对着别人咳嗽。"),
            // A plural is a noun, whatever follows it (TICO-19 dev 942).
            (
                "A group of epidemiologists endorsed the closure.",
                "一些流行病学专家赞成关闭。",
            ),
            // What a stem would cut off opens with a negation (TICO-19 dev 265).
            (
                "It is lethal in immunocompromised patients.",
                "这在免疫功能低下的患者中是致命的。",
            ),
            // The stem is the rendering of another term of the source.
            (
                "Infectious diseases spread by infection.",
                "传染病通过感染传播。",
            ),
        ]);
        let found = run(&doc, &terms(), CheckId::TermMissing);
        assert_eq!(lines(&found), [1, 2, 3, 4, 5, 6, 7, 8, 9], "{found:#?}");
    }

    #[test]
    fn regression_a_modifier_rendered_by_its_stem_is_there() {
        // TICO-19 dev, lines 1014, 1150 and 1001.
        let doc = bilingual(&[
            (
                "Cabin crew should wear disposable medical gloves.",
                "机组人员应戴一次性医用手套。",
            ),
            (
                "When using disinfectant wipes, follow the instructions.",
                "消毒湿巾请按照说明使用。",
            ),
            (
                "Controls include sneeze guards.",
                "控制措施包括喷嚏防护装置。",
            ),
        ]);
        let found = run(&doc, &terms(), CheckId::TermMissing);
        assert!(found.is_empty(), "{found:#?}");
    }

    #[test]
    fn the_stems_of_a_rendering() {
        assert_eq!(stems("消毒剂"), ["消毒"]);
        assert_eq!(stems("一次性用品"), ["一次性用", "一次性"]);
        assert_eq!(stems("打喷嚏"), ["打喷", "喷嚏"]);
        assert_eq!(stems("免疫功能不全"), ["免疫功能不"]);
        assert!(stems("发热").is_empty());
        assert!(stems("N95口罩").is_empty());
    }
}
