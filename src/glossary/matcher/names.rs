//! A lower-case English term inside a capitalised proper name is not that term: "Origami
//! Assays" (a company) is not the glossary's *assay*, "Hand Hygiene Day" not *hand hygiene*.
//! The rule, precisely: a hit is dropped when
//!
//! - every term behind it is written without capitals in the glossary (a term written with
//!   them, "Mayor", "Center for Disease Control", is a name and is found as one),
//! - every word of the hit starts with a capital in the text, and
//! - the word just before it (across spaces only) starts with a capital and is not the first
//!   of a sentence (the segment's first word, or one after any punctuation but a hyphen,
//!   apostrophe or comma), or the word just after it (across spaces only) starts with a
//!   capital.
//!
//! Not in a heading: a segment in title case ("Guidance On Hand Hygiene For Health Workers"),
//! told by four words or more of four letters or more after the first, four in five of them
//! capitalised, capitalises every word, and its terms are terms. A sentence-initial capital ("Assays were
//! run.") or a single capitalised word ("using Assays") is not a name either; nor, by the
//! same token, a two-word name that opens a sentence ("Origami Assays made them."), which
//! is left to be found as the term.

/// A word of the segment: its span in original characters.
#[derive(Clone, Copy, Debug)]
struct Word {
    start: usize,
    end: usize,
    capital: bool,
    /// The first word of a sentence or clause.
    initial: bool,
}

/// The segment's words, for asking about names; `None` when it is a heading, where the rule
/// does not apply.
pub(super) struct Names {
    words: Vec<Word>,
}

impl Names {
    pub(super) fn new(orig: &[char]) -> Option<Names> {
        let mut words: Vec<Word> = Vec::new();
        let mut i = 0;
        let mut initial = true;
        while i < orig.len() {
            let c = orig[i];
            if c.is_alphanumeric() {
                let start = i;
                while i < orig.len()
                    && (orig[i].is_alphanumeric()
                        || (matches!(orig[i], '\'' | '’' | '-')
                            && orig.get(i + 1).is_some_and(|c| c.is_alphanumeric())))
                {
                    i += 1;
                }
                words.push(Word {
                    start,
                    end: i,
                    capital: c.is_uppercase(),
                    initial,
                });
                initial = false;
                continue;
            }
            if !c.is_whitespace() && !matches!(c, ',' | '-' | '\'' | '’') {
                initial = true;
            }
            i += 1;
        }
        // The first word is capitalised in any sentence: it says nothing.
        let long: Vec<&Word> = words
            .iter()
            .skip(1)
            .filter(|w| w.end - w.start >= 4)
            .collect();
        let capitalised = long.iter().filter(|w| w.capital).count();
        if long.len() >= 4 && capitalised * 5 >= long.len() * 4 {
            return None;
        }
        Some(Names { words })
    }

    /// Is the hit `[s, e)` part of a longer capitalised name, by the rule above? The caller
    /// asks only for hits of terms written without capitals.
    pub(super) fn inside_name(&self, orig: &[char], s: usize, e: usize) -> bool {
        let first = self.words.partition_point(|w| w.end <= s);
        let after = self.words.partition_point(|w| w.start < e);
        let inside = &self.words[first..after];
        if inside.is_empty() || !inside.iter().all(|w| w.capital) {
            return false;
        }
        let spaces_only = |a: usize, b: usize| orig[a..b].iter().all(|c| c.is_whitespace());
        let before = first
            .checked_sub(1)
            .map(|k| self.words[k])
            .is_some_and(|w| w.capital && !w.initial && spaces_only(w.end, s));
        let next = self
            .words
            .get(after)
            .is_some_and(|w| w.capital && spaces_only(e, w.start));
        before || next
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{matched, matcher};

    #[test]
    fn a_lower_case_term_inside_a_capitalised_name_is_not_the_term() {
        let m = matcher(&[
            (1, "en", "assay"),
            (2, "en", "hand hygiene"),
            (3, "en", "Mayor"),
            (4, "en", "coronavirus"),
        ]);
        for text in [
            "The kits came from Origami Assays in March.",
            "They marked Hand Hygiene Day.",
            "They marked World Hand Hygiene Day.",
        ] {
            assert!(matched(&m, text, "en").is_empty(), "{text}");
        }
        // A term written with capitals is a name, and found inside others.
        assert_eq!(matched(&m, "Shanghai Mayor Gong Zheng", "en"), ["Mayor"]);
    }

    #[test]
    fn sentence_capitals_and_headings_are_not_names() {
        let m = matcher(&[(1, "en", "assay"), (2, "en", "hand hygiene")]);
        for (text, want) in [
            ("Assays were run twice.", "Assays"),
            ("Hand hygiene matters.", "Hand hygiene"),
            ("We used an Assay.", "Assay"),
            ("Results: Assays were run.", "Assays"),
            (
                "Guidance On Hand Hygiene For Health Workers",
                "Hand Hygiene",
            ),
            ("the assay, Origami said", "assay"),
        ] {
            assert_eq!(matched(&m, text, "en"), [want], "{text}");
        }
    }
}
