//! A phrase of the glossary rendered through its head. Term lists made from real projects
//! carry phrases built from a term they also list: TICO-19's has "current outbreak" →
//! 当前暴发 and "current pandemic" → 目前的流行病 beside "outbreak" → 爆发 or 暴发 and
//! "pandemic" → 流行病 or 大流行. A translation that renders the head term as the glossary
//! says and the modifier in words of its own (当前大流行病, 当前 COVID-19 的爆发) follows the
//! glossary where it has something to say.
//!
//! The modifier is not free, though: what the phrase's rendering has besides the head's
//! rendering (当前 of 当前暴发, 病毒性 of 病毒性肺炎) must stand in the target too, or a wrong
//! modifier (细菌性肺炎, "bacterial pneumonia", for "viral pneumonia") would pass unseen. A
//! phrase whose rendering does not hold its head's (呼吸道分泌物 for "respiratory droplets",
//! whose head is 飞沫) is left to `term-missing`.
//!
//! Bounded to what such lists hold: a phrase of two words or more written in lower case, in
//! the glossary and in the source but for a capital opening a sentence (a common-noun
//! phrase; a name such as Shanghai Municipal People's Government must be rendered whole, and
//! "COVID-19 infection" keeps its name: `term-kept` or `term-missing` say what became of it),
//! whose head — its last word or words, as in English noun phrases — is itself a glossary term of the source language, found by the same matcher.

use rustc_hash::FxHashMap;

use super::Glossary;
use crate::text::LangTag;

/// The concepts of each phrase term's heads, worked out the first time a term needs them.
#[derive(Default)]
pub(super) struct Heads {
    by_term: FxHashMap<usize, Vec<i64>>,
}

impl Heads {
    /// The concepts of the glossary terms that end `term` (an index into the matcher's
    /// terms) and are not its own concept; none if the term is not a lower-case phrase.
    pub(super) fn of(&mut self, g: &Glossary, term: usize, lang: &LangTag) -> &[i64] {
        self.by_term
            .entry(term)
            .or_insert_with(|| heads(g, term, lang))
    }
}

/// Is the source's text of a phrase term in lower case, but for its first letter?
pub(super) fn in_lower_case(matched: &str) -> bool {
    !matched.chars().skip(1).any(char::is_uppercase)
}

/// How far, in characters, a modifier may stand from its head in the target (当前 COVID-19
/// 的爆发: 13), with no clause break between them.
const NEAR: usize = 16;

/// Does the target hold what one of the phrase's renderings has besides one of its head's
/// renderings (less a 的 at either end of each piece), beside an occurrence of the head:
/// what came before it in the phrase before it, what came after after it, in the same clause
/// and near? 病毒性 elsewhere in the sentence (病毒性支气管炎) says nothing of 病毒肺炎.
pub(super) fn modifier_stands_in(phrase: &[String], head: &[String], target: &str) -> bool {
    let target: Vec<char> = target.to_lowercase().chars().collect();
    let head: Vec<Vec<char>> = head
        .iter()
        .map(|h| h.to_lowercase().chars().collect())
        .collect();
    phrase.iter().any(|p| {
        let p: Vec<char> = p.to_lowercase().chars().collect();
        // The phrase's rendering holds one form of the head (暴发 of 当前暴发); the target
        // may have another (爆发).
        let Some((i, h)) = head.iter().find_map(|h| find(&p, h, 0).map(|i| (i, h))) else {
            return false;
        };
        let before = trim(&p[..i]);
        let after = trim(&p[i + h.len()..]);
        head.iter().any(|h| {
            let mut from = 0;
            while let Some(at) = find(&target, h, from) {
                let end = at + h.len();
                let left = &target[at.saturating_sub(NEAR + before.len())..at];
                let right = &target[end..(end + NEAR + after.len()).min(target.len())];
                if beside(left, before, true) && beside(right, after, false) {
                    return true;
                }
                from = at + 1;
            }
            false
        })
    })
}

/// The first occurrence of `needle` in `hay` at or after `from`.
fn find(hay: &[char], needle: &[char], from: usize) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    (from..=hay.len() - needle.len()).find(|&i| hay[i..i + needle.len()] == *needle)
}

fn trim(piece: &[char]) -> &[char] {
    let keep = |c: &char| *c != '的' && !c.is_whitespace();
    let from = piece.iter().position(keep).unwrap_or(piece.len());
    let to = piece.iter().rposition(keep).map_or(from, |i| i + 1);
    &piece[from..to.max(from)]
}

/// Does `piece` stand in `near` (the text just before the head when `before`, just after
/// it otherwise) with no clause break between it and the head?
fn beside(near: &[char], piece: &[char], before: bool) -> bool {
    if piece.is_empty() {
        return true;
    }
    let breaks = |s: &[char]| {
        s.iter()
            .any(|&c| "，。；：！？、（）()[]【】,;:!?".contains(c))
    };
    let mut from = 0;
    while let Some(at) = find(near, piece, from) {
        let between = match before {
            true => &near[at + piece.len()..],
            false => &near[..at],
        };
        if !breaks(between) {
            return true;
        }
        from = at + 1;
    }
    false
}

fn heads(g: &Glossary, term: usize, lang: &LangTag) -> Vec<i64> {
    let t = &g.matcher().terms()[term];
    if t.text.chars().any(char::is_uppercase) {
        return Vec::new();
    }
    let words: Vec<&str> = t.text.split_whitespace().collect();
    let mut out = Vec::new();
    for k in 1..words.len() {
        let head = words[k..].join(" ");
        let whole = head.chars().count();
        for h in g.matcher().find(&head, lang) {
            if h.start == 0 && h.len == whole && h.concept != t.concept && !out.contains(&h.concept)
            {
                out.push(h.concept);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn a_phrase_whose_head_is_rendered_as_the_glossary_says_is_rendered() {
        let g = glossary(vec![
            vec![en("outbreak"), zh("爆发")],
            vec![en("outbreak"), zh("暴发")],
            vec![en("current outbreak"), zh("当前暴发")],
            vec![en("pneumonia"), zh("肺炎")],
            vec![en("viral pneumonia"), zh("病毒性肺炎")],
            vec![en("Municipal People's Government"), zh("市人民政府")],
            vec![en("People's Government"), zh("人民政府")],
        ]);
        let doc = bilingual(&[
            (
                "The current outbreak grows.",
                "当前 COVID-19 的爆发在扩大。",
            ),
            // The head is not rendered either: the phrase is missing.
            ("The current outbreak grows.", "当前疫情在扩大。"),
            // A name is rendered whole or not at all.
            ("The Municipal People's Government met.", "人民政府开会了。"),
            // So is a phrase the source writes as a name.
            (
                "The Current Outbreak grows.",
                "当前 COVID-19 的爆发在扩大。",
            ),
            // The head rendered, the modifier wrong: the phrase is missing.
            ("He died of viral pneumonia.", "他死于细菌性肺炎。"),
            ("He died of viral pneumonia.", "他死于一种病毒性的肺炎。"),
            // The modifier elsewhere in the sentence is not the phrase's.
            (
                "Viral pneumonia or viral bronchitis.",
                "病毒肺炎或病毒性支气管炎。",
            ),
        ]);
        let found = run(&doc, &g, CheckId::TermMissing);
        assert_eq!(
            found
                .iter()
                .map(|f| (f.line, f.source_term.clone().unwrap()))
                .collect::<Vec<_>>(),
            [
                (2, "current outbreak".to_string()),
                (3, "Municipal People's Government".to_string()),
                (4, "Current Outbreak".to_string()),
                (5, "viral pneumonia".to_string()),
                (7, "Viral pneumonia".to_string())
            ]
        );
    }
}
