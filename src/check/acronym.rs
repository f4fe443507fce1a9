//! An acronym of the glossary and the name it stands for. Glossaries list both, as two
//! entries: TICO-19's has WHO → WHO and World Health Organization → 世界卫生组织, CDC → CDC and
//! Center for Disease Control → 疾病控制中心. A translation that writes the name out in full
//! for the acronym (世界卫生组织 for WHO) renders it; without this, 21 of TICO-19's dev half
//! were `term-missing` for doing so.
//!
//! The link is read from the terms themselves, not from a list: an acronym (two to eight
//! capital letters, nothing else) stands for a term of the same language, two words or more,
//! whose words' initials spell it, leaving out the short function words acronyms leave out
//! (Centers *for* Disease Control, Organisation mondiale *de la* santé).

use rustc_hash::FxHashMap;

use crate::glossary::matcher::MatchTerm;

/// Words an acronym skips, in the languages of the Latin script a glossary is likeliest to
/// hold. Lower case, as they stand inside a name.
const SKIPPED: [&str; 24] = [
    "of", "for", "and", "the", "on", "in", "to", "a", "an", "&", "de", "la", "le", "les", "des",
    "du", "et", "y", "del", "el", "los", "und", "für", "der",
];

/// The letters of an acronym, if the term is one.
fn acronym(text: &str) -> Option<&str> {
    let n = text.len();
    ((2..=8).contains(&n) && text.bytes().all(|b| b.is_ascii_uppercase())).then_some(text)
}

/// The initials of a name of two words or more, in capitals, skipping function words.
pub(super) fn initials(text: &str) -> Option<String> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() < 2 {
        return None;
    }
    let mut out = String::new();
    for w in words {
        if SKIPPED.contains(&w) {
            continue;
        }
        let c = w.chars().next()?;
        if !c.is_alphabetic() {
            return None;
        }
        out.extend(c.to_uppercase());
    }
    (out.chars().count() >= 2).then_some(out)
}

/// For each concept with an acronym among its terms, the other concepts that have a term it
/// abbreviates, in the acronym's language.
pub(super) fn expansions(terms: &[MatchTerm]) -> FxHashMap<i64, Vec<i64>> {
    let mut names: FxHashMap<(&str, String), Vec<i64>> = FxHashMap::default();
    for t in terms {
        if let Some(i) = initials(&t.text) {
            names
                .entry((t.lang.primary(), i))
                .or_default()
                .push(t.concept);
        }
    }
    let mut out: FxHashMap<i64, Vec<i64>> = FxHashMap::default();
    for t in terms {
        let Some(a) = acronym(&t.text) else { continue };
        let Some(named) = names.get(&(t.lang.primary(), a.to_string())) else {
            continue;
        };
        let list = out.entry(t.concept).or_default();
        for &c in named {
            if c != t.concept && !list.contains(&c) {
                list.push(c);
            }
        }
    }
    out.retain(|_, l| !l.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    #[test]
    fn initials_skip_function_words_and_need_two_words() {
        assert_eq!(initials("World Health Organization").unwrap(), "WHO");
        assert_eq!(initials("Centers for Disease Control").unwrap(), "CDC");
        assert_eq!(
            initials("Organisation mondiale de la santé").unwrap(),
            "OMS"
        );
        assert_eq!(initials("memorandum of understanding").unwrap(), "MU");
        assert_eq!(initials("coronavirus"), None);
        assert_eq!(initials("COVID-19 vaccine"), None);
        assert_eq!(acronym("WHO"), Some("WHO"));
        assert_eq!(acronym("MoU"), None);
        assert_eq!(acronym("COVID-19"), None);
    }

    #[test]
    fn the_name_written_out_renders_its_acronym() {
        let g = glossary(vec![
            vec![en("WHO"), zh("WHO")],
            vec![en("World Health Organization"), zh("世界卫生组织")],
            vec![en("CDC"), zh("CDC")],
            vec![en("Center for Disease Control"), zh("疾病控制中心")],
        ]);
        let doc = bilingual(&[
            ("WHO said so.", "世界卫生组织这样说。"),
            ("The CDC said so.", "疾病控制中心这样说。"),
            ("WHO said so.", "WHO这样说。"),
            // Another body's name is no rendering of the acronym.
            ("The CDC said so.", "世界卫生组织这样说。"),
        ]);
        let found = run(&doc, &g, CheckId::TermMissing);
        assert_eq!(lines(&found), [4]);
        assert!(
            found[0].message.contains("CDC or 疾病控制中心"),
            "{}",
            found[0].message
        );
    }
}
