//! Findings grouped by what a reviewer decides once: one group per check, concept and
//! rendering used (SARS-CoV kept as SARS-CoV, respirator rendered as 口罩, respirator not
//! rendered), largest first. 1,326 findings nobody reads; 245 groups one can decide on.
//!
//! The key of a group: the check; the concept, for term checks and `inconsistent` (so that
//! "respirator" and "respirators" are one group); and what the target has (the rendering
//! used, the term kept, the Traditional stretch), except for `number-mismatch` and
//! `untranslated`, whose findings are one group each whatever the numbers.

use std::collections::HashMap;

use serde::Serialize;

use super::{CheckId, Finding, Severity};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Group {
    pub check: CheckId,
    pub severity: Severity,
    /// The source term of the group's first finding (its concept's term as the source has
    /// it there), for the checks about a concept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_term: Option<String>,
    /// What the target has: the rendering used, the term kept, the Traditional characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_term: Option<String>,
    /// The glossary's renderings (or the Simplified form), when every finding names the same.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub expected: Vec<String>,
    /// How many findings, and in how many segments.
    pub count: usize,
    pub segments: usize,
    /// Indexes into the report's findings.
    pub findings: Vec<usize>,
}

/// The groups of `findings`, those in the most segments first; equal ones in the order they
/// first occur.
pub fn group(findings: &[Finding]) -> Vec<Group> {
    type Key = (CheckId, Option<i64>, Option<String>);
    let mut at: HashMap<Key, usize> = HashMap::new();
    let mut groups: Vec<Group> = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        let target = match f.check {
            CheckId::NumberMismatch | CheckId::Untranslated => None,
            _ => f.target_term.clone(),
        };
        let key = (f.check, f.concept, target.clone());
        let g = *at.entry(key).or_insert_with(|| {
            groups.push(Group {
                check: f.check,
                severity: f.severity,
                source_term: f.concept.and(f.source_term.clone()),
                target_term: target,
                expected: f.expected.clone(),
                count: 0,
                segments: 0,
                findings: Vec::new(),
            });
            groups.len() - 1
        });
        let g = &mut groups[g];
        if g.expected != f.expected {
            g.expected.clear();
        }
        g.count += 1;
        g.findings.push(i);
    }
    for g in &mut groups {
        let mut segs: Vec<(&str, u64)> = g
            .findings
            .iter()
            .flat_map(|&i| {
                let f = &findings[i];
                let lines = match f.lines.is_empty() {
                    true => std::slice::from_ref(&f.line),
                    false => &f.lines[..],
                };
                lines.iter().map(|&l| (f.file.as_str(), l))
            })
            .collect();
        segs.sort_unstable();
        segs.dedup();
        g.segments = segs.len();
    }
    // By the segments the line shows, then the findings; stable, so that equal groups keep
    // the order of their first finding.
    groups.sort_by_key(|g| std::cmp::Reverse((g.segments, g.count)));
    groups
}

impl Group {
    /// The group as one line of the human report, after its `severity[check]`.
    pub fn describe(&self) -> String {
        let src = self.source_term.as_deref().unwrap_or("?");
        let tgt = self.target_term.as_deref().unwrap_or("?");
        let n = match self.segments {
            1 => "1 segment".to_string(),
            n => format!("{n} segments"),
        };
        let glossary = match self.expected.is_empty() {
            true => String::new(),
            false => format!(" (glossary: {})", self.expected.join(" or ")),
        };
        match self.check {
            CheckId::TermKept => format!("{src} kept as {tgt} in {n}{glossary}"),
            CheckId::TermMissing if self.target_term.is_some() => {
                format!("{src} rendered as {tgt} in {n}{glossary}")
            }
            CheckId::TermMissing => format!("{src} not rendered in {n}{glossary}"),
            CheckId::TermDeprecated => format!("{tgt} used in {n}{glossary}"),
            CheckId::Inconsistent if self.target_term.is_some() => {
                let first = match self.expected.is_empty() {
                    true => String::new(),
                    false => format!(" where the document first has {}", self.expected[0]),
                };
                format!("{tgt} in {n}{first}")
            }
            CheckId::Inconsistent => format!("the same source translated two ways in {n}"),
            CheckId::ScriptMismatch => format!(
                "{tgt} in Traditional characters in {n} (Simplified: {})",
                self.expected.join(" or ")
            ),
            CheckId::NumberMismatch => format!("numbers differ in {n}"),
            CheckId::Untranslated => format!("untranslated in {n}"),
            CheckId::Misaligned => format!("misaligned in {n}"),
            CheckId::TermConvention => format!("{src} rendered otherwise in {n}{glossary}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    #[test]
    fn one_group_per_concept_and_rendering_largest_first() {
        let g = glossary(vec![
            vec![en("respirator"), zh("呼吸器")],
            vec![en("SARS-CoV"), zh("非典型肺炎冠状病毒")],
        ]);
        let doc = bilingual(&[
            ("SARS-CoV is a virus.", "SARS-CoV 是一种病毒。"),
            ("Wear a respirator.", "戴上口罩。"),
            ("Respirators help.", "口罩有帮助。"),
            ("SARS-CoV spreads.", "SARS-CoV 会传播。"),
            ("SARS-CoV again, SARS-CoV.", "SARS-CoV 又来了。"),
        ]);
        let found = run_all(&doc, &g);
        let groups = group(&found);
        let lines: Vec<String> = groups.iter().map(Group::describe).collect();
        assert_eq!(
            lines,
            [
                "SARS-CoV kept as SARS-CoV in 3 segments (glossary: 非典型肺炎冠状病毒)",
                "respirator not rendered in 2 segments (glossary: 呼吸器)",
            ],
            "{found:#?}"
        );
        let all: usize = groups.iter().map(|g| g.count).sum();
        assert_eq!(all, found.len());
        assert_eq!(groups[1].findings, [1, 2]);
    }
}
