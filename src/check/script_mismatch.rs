//! `script-mismatch` (warning): Traditional characters in a target written in Simplified
//! Chinese, with the Simplified form.
//!
//! Which targets: those whose language tag has the script `Hans`, named (`zh-Hans`) or implied
//! by the region through CLDR's likely subtags (`zh-CN`, `zh-SG`), as [`LangTag::script`]
//! tells. A plain `zh` leaves the script open (the language model's rule: it selects both), so
//! it is not checked: a Traditional character there is no mistake anyone can know of.
//!
//! Which characters: one that OpenCC's t2s changes when it stands alone, and that is not
//! itself the Simplified form of another character (t2s gives it for some other character),
//! and that t2s of the whole segment also changes where it stands. The second rule keeps 后
//! (後→后, but 后 is a Simplified form of its own), 干, 发 and 了 quiet; the third keeps
//! characters that t2s changes alone but a phrase keeps (著 in 著名).
//!
//! One finding per segment, not per character or per run: a segment with Traditional
//! characters is almost always one pasted from a Traditional source, and is fixed as a whole.
//! It points at the stretch from the first Traditional character to the end of the last,
//! and gives that stretch in Simplified.

use std::collections::HashSet;
use std::sync::LazyLock;

use super::{CheckId, Finding, Half, Place};
use crate::text::LangTag;
use crate::text::key::{simplified, simplified_char};
use crate::text::script;

/// Does the check apply to a target in this language?
pub(super) fn applies(target: &LangTag) -> bool {
    target.primary() == "zh" && target.script() == Some("Hans")
}

/// Every character that t2s gives for another one: the Simplified forms. Tabulated once, the
/// first time a Simplified target has a character that t2s changes.
static SIMPLIFIED_FORMS: LazyLock<HashSet<char>> = LazyLock::new(|| {
    (0x3400u32..=0x9FFF)
        .filter_map(char::from_u32)
        .filter_map(|c| {
            let s = simplified_char(c);
            (s != c).then_some(s)
        })
        .collect()
});

/// Whether `c` alone reads as Traditional only (the first two rules of the module's doc).
fn traditional_only(c: char) -> bool {
    script::is_han(c) && simplified_char(c) != c && !SIMPLIFIED_FORMS.contains(&c)
}

/// The finding for a target, if it has Traditional characters.
pub(super) fn check(at: Place, target: &str) -> Option<Finding> {
    let chars: Vec<char> = target.chars().collect();
    if !chars.iter().any(|&c| traditional_only(c)) {
        return None;
    }
    // t2s of the segment as a whole, where the phrase tables speak; it maps character to
    // character except for a few phrases, and where the lengths differ the characters' own
    // verdict stands.
    let whole: Vec<char> = simplified(target).chars().collect();
    let changed = |i: usize| whole.len() != chars.len() || whole[i] != chars[i];
    let flagged: Vec<usize> = (0..chars.len())
        .filter(|&i| traditional_only(chars[i]) && changed(i))
        .collect();
    let (&first, &last) = (flagged.first()?, flagged.last()?);
    let stretch: String = chars[first..=last].iter().collect();
    let fixed = simplified(&stretch);
    let listed: Vec<String> = flagged.iter().map(|&i| chars[i].to_string()).collect();
    let mut f = at.finding(
        CheckId::ScriptMismatch,
        Half::Target,
        first,
        last + 1 - first,
        format!(
            "Traditional characters in a Simplified Chinese target ({}): {stretch} is {fixed} in Simplified",
            listed.join(" ")
        ),
    );
    f.target_term = Some(stretch);
    f.expected = vec![fixed];
    Some(f)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    fn found(lines: &[&str]) -> Vec<Finding> {
        run(&draft(lines), &glossary(vec![]), CheckId::ScriptMismatch)
    }

    #[test]
    fn traditional_characters_in_a_simplified_target_with_the_simplified_form() {
        let found = found(&["他们签署了諒解備忘錄。"]);
        assert_eq!(found.len(), 1, "{found:#?}");
        let f = &found[0];
        assert_eq!((f.half, f.column, f.length), (Half::Target, 6, 5));
        assert_eq!(f.target_term.as_deref(), Some("諒解備忘錄"));
        assert_eq!(f.expected, ["谅解备忘录"]);
        assert_eq!(f.severity, Severity::Warning);
    }

    #[test]
    fn simplified_text_with_characters_that_are_also_simplified_forms_is_clean() {
        // 后 (後), 发 (發, 髮), 干 (乾, 幹), 了 (瞭), 面 (麵), 里 (裏), 台 (臺), 只 (隻),
        // 着 and 著名: Simplified forms that t2s makes of other characters, or keeps in a phrase.
        let found = found(&[
            "会后他发了一个面包，干得好。",
            "里面的台子上只有一只猫，他着急了。",
            "这位著名的作家出版了新书。",
            "冠状病毒病的症状包括发烧、干咳和乏力。",
        ]);
        assert!(found.is_empty(), "{found:#?}");
    }

    #[test]
    fn only_a_simplified_target_is_checked() {
        let doc = |tag: &str| {
            let mut d = draft(&["他们签署了諒解備忘錄。"]);
            d.target_lang = lang(tag);
            d
        };
        let g = glossary(vec![]);
        for (tag, fires) in [
            ("zh-CN", true),
            ("zh-Hans", true),
            ("zh-SG", true),
            ("zh", false),
            ("zh-TW", false),
            ("zh-Hant", false),
        ] {
            let n = run(&doc(tag), &g, CheckId::ScriptMismatch).len();
            assert_eq!(n == 1, fires, "{tag}");
        }
    }
}
