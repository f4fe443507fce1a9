//! `term-kept` (warning): a source term whose concept has no approved rendering in the target,
//! where the source term itself stands in the target as written: SARS-CoV, WHO, RNA, COVID-19
//! in 疫苗 left in Latin letters in a Chinese translation. Whether the glossary allows that is
//! the translator's and reviewer's call, not a term left out, so it is reported as its own
//! check, which one can lower to `info` or turn off, and never as `term-missing`.
//!
//! "As written" is decided by the matcher with the source language's rules, case rules
//! included: the source's terms are looked for in the target as if it were source text, so
//! an acronym glossed in capitals (WHO) is kept only where the target has it in capitals,
//! and `who` in a Chinese sentence is not WHO. Any source-language term of the concept
//! counts (the source says "severe acute respiratory syndrome", the target keeps SARS). So
//! does a term whose first words, a name or an acronym, are kept and the rest rendered as the
//! glossary's rendering ends (COVID-19 疫苗 for "COVID-19 vaccine", glossed 2019冠状病毒病疫苗).

use super::{CheckId, Finding, Glossary, Half, Place};
use crate::glossary::matcher::TermHit;
use crate::text::LangTag;
use crate::text::script;

/// A source-language term found in the target: its concept, and where it stands (start and
/// length in characters of the target).
pub(super) struct Kept {
    concept: i64,
    start: usize,
    len: usize,
}

/// The source-language terms that stand in `target`. The target's Han, kana and other
/// unspaced characters are read as spaces, so that the source language's word edges hold
/// between them and Latin letters: SARS-CoV in SARS-CoV是一种病毒 is a word of its own, as
/// it is to a reader. One character for one, so that offsets hold for the target.
pub(super) fn in_target(g: &Glossary, target: &str, source: &LangTag) -> Vec<Kept> {
    if source.is_unspaced() {
        return Vec::new();
    }
    let masked: String = target
        .chars()
        .map(|c| if script::is_unspaced(c) { ' ' } else { c })
        .collect();
    g.matcher()
        .find(&masked, source)
        .into_iter()
        .map(|h| Kept {
            concept: h.concept,
            start: h.start,
            len: h.len,
        })
        .collect()
}

/// The `term-kept` finding for the source `span` that `missing` (its `term-missing` finding,
/// which names no wrong rendering) is about, when a source-language term of its concept stands
/// in the target ([`in_target`]).
pub(super) fn check(
    at: Place,
    span: &[TermHit],
    missing: &Finding,
    kept: &[Kept],
) -> Option<Finding> {
    if missing.target_term.is_some() {
        return None;
    }
    let (start, len) = kept
        .iter()
        .find(|h| span.iter().any(|c| c.concept == h.concept))
        .map(|h| (h.start, h.len))
        .or_else(|| partly_kept(&at.seg.target, span[0].matched, &missing.expected))?;
    let matched: String = at.seg.target.chars().skip(start).take(len).collect();
    let src = missing.source_term.as_deref().unwrap_or(&matched);
    let mut f = at.finding(
        CheckId::TermKept,
        Half::Target,
        start,
        len,
        format!(
            "\"{src}\" is kept as {matched} in the target; the glossary renders it {}",
            missing.expected.join(" or ")
        ),
    );
    f.source_term = missing.source_term.clone();
    f.target_term = Some(matched);
    f.concept = missing.concept;
    f.expected = missing.expected.clone();
    Some(f)
}

/// Where the target keeps the first words of a source term as written and renders the rest
/// as the glossary's rendering ends: "COVID-19 vaccine", glossed 2019冠状病毒病疫苗, as
/// COVID-19 疫苗. The words kept are a name or an acronym (a capital or a digit in them),
/// standing in the target with no letter or digit on either side; what follows them (after
/// spaces) must be at least two characters of the rendering's end, so that a character in
/// common is not taken for a rendering.
fn partly_kept(target: &str, term: &str, renderings: &[String]) -> Option<(usize, usize)> {
    let words: Vec<&str> = term.split(' ').collect();
    // A term of one word has no first words to keep: asked of every Chinese term not rendered
    // in an English target, reading the target's characters first cost up to 0.08 s of CPU in
    // a CC-CEDICT check of the WMT news (perf, at load 7).
    if words.len() < 2 {
        return None;
    }
    let chars: Vec<char> = target.chars().collect();
    let edge = |i: usize| chars.get(i).is_none_or(|c| !c.is_ascii_alphanumeric());
    for n in (1..words.len()).rev() {
        let head: Vec<char> = words[..n].join(" ").chars().collect();
        if !head
            .iter()
            .any(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        {
            continue;
        }
        for at in 0..chars.len().saturating_sub(head.len() - 1) {
            let end = at + head.len();
            if chars[at..end] != head[..] || (at > 0 && !edge(at - 1)) || !edge(end) {
                continue;
            }
            let rest = end + chars[end..].iter().take_while(|c| **c == ' ').count();
            for r in renderings {
                let r: Vec<char> = r.chars().collect();
                let tail = (2..r.len())
                    .rev()
                    .find(|&k| chars[rest..].starts_with(&r[r.len() - k..]));
                if let Some(k) = tail {
                    return Some((at, rest + k - at));
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    fn terms() -> Glossary {
        glossary(vec![
            vec![en("WHO"), en("World Health Organization"), zh("世卫组织")],
            vec![en("SARS-CoV"), zh("非典型肺炎冠状病毒")],
            vec![en("COVID-19"), zh("新冠肺炎")],
            vec![en("vaccine"), zh("疫苗")],
            vec![en("Mayor"), zh("市长")],
        ])
    }

    fn checks(found: &[Finding]) -> Vec<(u64, CheckId)> {
        found.iter().map(|f| (f.line, f.check)).collect()
    }

    #[test]
    fn a_source_term_left_in_the_target_is_kept_not_missing() {
        let doc = bilingual(&[
            ("SARS-CoV spreads by droplets.", "SARS-CoV通过飞沫传播。"),
            ("The COVID-19 vaccine is safe.", "COVID-19 疫苗是安全的。"),
            ("The World Health Organization said so.", "WHO 如是说。"),
        ]);
        let found = run_all(&doc, &terms());
        assert_eq!(
            checks(&found),
            [
                (1, CheckId::TermKept),
                (2, CheckId::TermKept),
                (3, CheckId::TermKept)
            ],
            "{found:#?}"
        );
        let f = &found[0];
        assert_eq!((f.half, f.column, f.length), (Half::Target, 1, 8));
        assert_eq!(
            (f.source_term.as_deref(), f.target_term.as_deref()),
            (Some("SARS-CoV"), Some("SARS-CoV"))
        );
        assert_eq!(f.expected, ["非典型肺炎冠状病毒"]);
        assert_eq!(f.severity, Severity::Warning);
        assert_eq!(
            f.message,
            "\"SARS-CoV\" is kept as SARS-CoV in the target; the glossary renders it 非典型肺炎冠状病毒"
        );
        assert_eq!(found[2].target_term.as_deref(), Some("WHO"));
    }

    #[test]
    fn a_term_whose_name_is_kept_and_the_rest_rendered_is_kept() {
        let g = glossary(vec![
            vec![en("COVID-19 vaccine"), zh("2019冠状病毒病疫苗")],
            vec![en("COVID-19 cases"), zh("2019冠状病毒病病例")],
        ]);
        let doc = bilingual(&[
            ("A COVID-19 vaccine is near.", "COVID-19 疫苗即将问世。"),
            ("COVID-19 cases rose.", "COVID-19病例增加了。"),
            // The rest is not the rendering's end: missing.
            ("The COVID-19 vaccine is near.", "COVID-19 药物即将问世。"),
            // One character in common is not a rendering.
            ("COVID-19 cases fell.", "COVID-19 例数减少了。"),
        ]);
        let found = run_all(&doc, &g);
        assert_eq!(
            checks(&found),
            [
                (1, CheckId::TermKept),
                (2, CheckId::TermKept),
                (3, CheckId::TermMissing),
                (4, CheckId::TermMissing)
            ],
            "{found:#?}"
        );
        assert_eq!(found[0].target_term.as_deref(), Some("COVID-19 疫苗"));
        assert_eq!(found[1].target_term.as_deref(), Some("COVID-19病例"));
    }

    #[test]
    fn the_source_case_rules_hold_in_the_target() {
        // WHO is glossed in capitals: "who" in the target is not the acronym kept, and the
        // term is missing.
        let doc = bilingual(&[("WHO said so.", "who 如是说。")]);
        let found = run_all(&doc, &terms());
        assert_eq!(checks(&found), [(1, CheckId::TermMissing)], "{found:#?}");
    }

    #[test]
    fn a_term_neither_rendered_nor_kept_is_still_missing() {
        let doc = bilingual(&[("The mayor spoke.", "州长讲话。")]);
        assert_eq!(
            checks(&run_all(&doc, &terms())),
            [(1, CheckId::TermMissing)]
        );
    }

    #[test]
    fn term_kept_can_be_turned_off_without_bringing_term_missing_back() {
        let doc = bilingual(&[("SARS-CoV spreads.", "SARS-CoV 会传播。")]);
        let g = terms();
        let opts = CheckOptions {
            disabled: [CheckId::TermKept].into_iter().collect(),
            ..CheckOptions::default()
        };
        assert!(super::super::check(&doc, &g, &opts).is_empty());
        // And term-missing off leaves term-kept working.
        assert_eq!(run(&doc, &g, CheckId::TermKept).len(), 1);
    }
}
