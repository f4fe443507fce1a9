//! British and American spellings of one English word: centre and center, organisation and
//! organization, paediatric and pediatric. A glossary written in one and a text in the other
//! hold the same term; without this, every "Centre" of a British text was a missing "Center".
//!
//! The pairs come from SCOWL's word lists by bounded spelling rules, each pair checked against
//! both lists (`scripts/en_spelling.py`, which writes `en_spelling.tsv`): no rule here
//! guesses a word. Pairs whose two words differ in more than those rules (tyre and tire,
//! grey and gray) are not there, and neither is a word with two spellings in one variety.

use std::collections::HashMap;
use std::sync::LazyLock;

static PAIRS: &str = include_str!("en_spelling.tsv");

/// Each word of the list, British and American, with its counterparts in the other variety.
static OTHER: LazyLock<HashMap<&'static str, Vec<&'static str>>> = LazyLock::new(|| {
    let mut other: HashMap<&str, Vec<&str>> = HashMap::new();
    for line in PAIRS.lines().filter(|l| !l.starts_with('#')) {
        if let Some((british, american)) = line.split_once('\t') {
            other.entry(british).or_default().push(american);
            other.entry(american).or_default().push(british);
        }
    }
    other
});

/// The spellings of a word in the other variety, in the word's case pattern (all lower,
/// capitalised, or all capitals); none for a word the list does not have, or in mixed case.
pub fn other_spellings(word: &str) -> Vec<String> {
    let lower = word.to_ascii_lowercase();
    let Some(others) = OTHER.get(lower.as_str()) else {
        return Vec::new();
    };
    let upper = word.bytes().all(|b| b.is_ascii_uppercase());
    let capital = !upper
        && word.as_bytes()[0].is_ascii_uppercase()
        && word.bytes().skip(1).all(|b| !b.is_ascii_uppercase());
    if !(upper || capital || word == lower) {
        return Vec::new();
    }
    others
        .iter()
        .map(|o| {
            if upper {
                o.to_ascii_uppercase()
            } else if capital {
                let mut s = o.to_string();
                s[..1].make_ascii_uppercase();
                s
            } else {
                o.to_string()
            }
        })
        .collect()
}

/// The most respellings [`respellings`] gives of one text: a term with many words that have
/// two spellings is rare, and each respelling is another key in the matcher.
const MOST: usize = 8;

/// The text with one or more of its space-separated words in the other variety's spelling:
/// every combination, up to [`MOST`], the text itself not among them.
pub fn respellings(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split(' ').collect();
    let mut out: Vec<Vec<String>> = vec![words.iter().map(|w| w.to_string()).collect()];
    for (i, w) in words.iter().enumerate() {
        let others = other_spellings(w);
        if others.is_empty() {
            continue;
        }
        let mut more = Vec::new();
        for done in &out {
            for o in &others {
                let mut v = done.clone();
                v[i] = o.clone();
                more.push(v);
            }
        }
        out.extend(more);
        out.truncate(MOST + 1);
    }
    out.into_iter().skip(1).map(|w| w.join(" ")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_variety_finds_the_other_in_the_words_case() {
        assert_eq!(other_spellings("centre"), ["center"]);
        assert_eq!(other_spellings("Center"), ["Centre"]);
        assert_eq!(other_spellings("ORGANISATION"), ["ORGANIZATION"]);
        assert_eq!(other_spellings("paediatric"), ["pediatric"]);
        assert_eq!(other_spellings("hospitalized"), ["hospitalised"]);
        assert_eq!(other_spellings("programme"), ["program"]);
    }

    #[test]
    fn words_the_rules_would_make_but_the_lists_do_not_pair_are_left_alone() {
        // One rule, two words: "hour" is not "hor", "genre" is not "gener", a "prise" is not
        // a "prize", and "news" has no other spelling at all.
        for w in [
            "hour", "genre", "prise", "news", "Mayor", "tyre", "grey", "CEnter",
        ] {
            assert!(other_spellings(w).is_empty(), "{w}");
        }
    }

    #[test]
    fn respellings_combine_the_words_that_have_two() {
        let mut r = respellings("Centre for Disease Control");
        r.sort();
        assert_eq!(r, ["Center for Disease Control"]);
        let mut r = respellings("labour organisation");
        r.sort();
        assert_eq!(
            r,
            [
                "labor organisation",
                "labor organization",
                "labour organization"
            ]
        );
        assert!(respellings("Mayor of Shanghai").is_empty());
    }
}
