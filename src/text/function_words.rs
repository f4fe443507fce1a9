//! English function words: the closed classes (articles, prepositions, conjunctions,
//! pronouns, auxiliaries and the commonest adverbs of degree and place). Three parts of
//! concord ask the same question of an English word — may a rendering begin with it
//! (`suggest`), may a candidate term end with it (`glossary extract`), is it a noun a word
//! before it modifies (`check`'s attributive rule) — and kept three lists that drifted apart.

/// The commonest function words, those no rendering begins or ends with. `suggest` ranks by
/// this list alone: changing it changes its answers (see docs/suggest-evaluation.md).
#[rustfmt::skip]
pub const COMMON: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "being", "but", "by", "can", "could", "did", "do", "does", "for", "from", "had", "has",
    "have", "he", "her", "his", "how", "i", "if", "in", "into", "is", "it", "its", "may", "more",
    "most", "must", "no", "not", "of", "on", "or", "other", "our", "out", "over", "she", "should",
    "so", "some", "such", "than", "that", "the", "their", "them", "then", "there", "these",
    "they", "this", "those", "to", "up", "was", "we", "were", "what", "when", "where", "which",
    "while", "who", "will", "with", "would", "you", "your",
];

/// The rest of the closed classes: rarer prepositions and conjunctions, reflexive pronouns,
/// `shall` and `might`.
#[rustfmt::skip]
const MORE: &[&str] = &[
    "above", "across", "again", "against", "along", "although", "am", "among", "another",
    "anyone", "anything", "around", "because", "before", "below", "between", "both", "cannot",
    "doing", "down", "during", "each", "either", "every", "few", "having", "here", "hers",
    "herself", "him", "himself", "however", "itself", "many", "me", "might", "much", "my",
    "neither", "nor", "now", "off", "only", "onto", "others", "ours", "per", "shall", "since",
    "theirs", "themselves", "though", "through", "thus", "too", "toward", "towards", "under",
    "unless", "until", "upon", "us", "very", "via", "whether", "whom", "whose", "why", "within",
    "without", "yet", "yours",
];

/// Whether `lower` (a lower-case English word) is a function word.
pub fn is_function_word(lower: &str) -> bool {
    COMMON.contains(&lower) || MORE.contains(&lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lists_are_lower_case_sorted_and_disjoint() {
        for list in [COMMON, MORE] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
            assert!(
                list.iter()
                    .all(|w| w.chars().all(|c| c.is_ascii_lowercase()))
            );
        }
        assert!(!COMMON.iter().any(|w| MORE.contains(w)));
    }

    #[test]
    fn content_words_are_not_function_words() {
        assert!(is_function_word("the") && is_function_word("whom") && is_function_word("via"));
        assert!(!is_function_word("wipes") && !is_function_word("mayor"));
    }
}
