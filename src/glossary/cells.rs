//! Spreadsheet glossaries put more than a term in a cell. TICO-19's English-Chinese lists
//! (`tico19__*.csv`) write a term with its acronym, `非典型肺炎（SARS）`, `冠状病毒（MERS CoV）`,
//! `新冠肺炎(COVID-19)暴发`; two renderings in one cell, `可传染 : 有传染性`; and a note for the
//! translator, `冠状病毒 [when referring the generic virus group]`. Stored as one term, such a
//! cell is a string no translation contains, and every segment that uses the term reads as
//! missing it. An import from CSV or TSV splits them into what they are:
//!
//! - alternatives: a cell is split at ` : ` (a colon with space on both sides, ASCII or
//!   full-width) and at a semicolon (`;` or `；`). The first is the cell's term with its
//!   status; the others are admitted renderings. Not at `/` (HIV/AIDS, 24/7), `,`
//!   (Washington, D.C.) or `、` (重型、危重型病例诊疗方案 is one term).
//! - a trailing note in square brackets, after a space, goes to the term's note.
//! - an acronym in parentheses (ASCII or full-width) after a term: the bare term (the cell
//!   without the parenthesis) keeps the status, and the acronym standing for what precedes it
//!   (`SARS`, or `COVID-19暴发` for `新冠肺炎(COVID-19)暴发`) is an admitted acronym. An acronym
//!   is Latin letters, digits, `-`, `.`, `/` and spaces, with at least two capitals and no more
//!   small letters than capitals (`MERS CoV`, `SARS-CoV-2`); anything else in parentheses
//!   (`口罩（医用）`, `Ministry of Health (Singapore)`, `(2019)`) is part of the term and left
//!   as it is.
//!
//! A piece that repeats an earlier one of the same language is dropped. What was split is
//! reported line by line ([`Split`]), with the cell as it was written.

use serde::Serialize;

use crate::model::glossary::{Concept, Status, Term, TermType};
use crate::text::LangTag;

/// One cell that was split, and what it became.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Split {
    pub line: u64,
    pub lang: LangTag,
    /// The cell as written.
    pub cell: String,
    pub into: Vec<Piece>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Piece {
    pub text: String,
    pub status: Status,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub term_type: Option<TermType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Splits every annotated term of the concepts in place; what was split, in order.
pub fn split_concepts(concepts: &mut [Concept]) -> Vec<Split> {
    let mut splits = Vec::new();
    for c in concepts {
        let mut terms = Vec::with_capacity(c.terms.len());
        for t in std::mem::take(&mut c.terms) {
            let pieces = split_cell(&t.text);
            if pieces.len() == 1 && pieces[0].text == t.text && pieces[0].note.is_none() {
                terms.push(t);
                continue;
            }
            let mut into = Vec::new();
            for (i, p) in pieces.into_iter().enumerate() {
                let same_lang = |o: &Term| o.lang == t.lang && o.text == p.text;
                if terms.iter().any(same_lang) {
                    continue;
                }
                let status = if i == 0 || !t.status.is_approved() {
                    t.status
                } else {
                    Status::Admitted
                };
                let term_type = p.acronym.or(if i == 0 { t.term_type } else { None });
                let note = match (&t.note, &p.note) {
                    (Some(a), Some(b)) => Some(format!("{a}; {b}")),
                    (a, b) => b.clone().or_else(|| a.clone()),
                };
                into.push(Piece {
                    text: p.text.clone(),
                    status,
                    term_type,
                    note: p.note.clone(),
                });
                terms.push(Term {
                    text: p.text,
                    status,
                    term_type,
                    note,
                    ..t.clone()
                });
            }
            splits.push(Split {
                line: c.line,
                lang: t.lang.clone(),
                cell: t.text,
                into,
            });
        }
        c.terms = terms;
    }
    splits
}

/// A piece of a cell, before it becomes a term.
#[derive(Debug, PartialEq)]
struct CellPiece {
    text: String,
    /// An acronym alone, or a short form made with one (`COVID-19暴发`).
    acronym: Option<TermType>,
    note: Option<String>,
}

/// The pieces of one cell: one piece, the cell itself, when there is nothing to split.
fn split_cell(cell: &str) -> Vec<CellPiece> {
    let mut out: Vec<CellPiece> = Vec::new();
    for alt in alternatives(cell) {
        let (text, note) = bracket_note(alt);
        match acronym(text) {
            Some((bare, acr)) => {
                out.push(CellPiece {
                    text: bare,
                    acronym: None,
                    note: note.clone(),
                });
                out.push(CellPiece {
                    text: acr.text,
                    acronym: Some(if acr.alone {
                        TermType::Acronym
                    } else {
                        TermType::ShortForm
                    }),
                    note,
                });
            }
            None => out.push(CellPiece {
                text: text.to_string(),
                acronym: None,
                note,
            }),
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    let mut keep = vec![true; out.len()];
    for (i, p) in out.iter().enumerate() {
        keep[i] = !p.text.is_empty() && !seen.contains(&p.text.as_str());
        seen.push(&p.text);
    }
    let mut keep = keep.into_iter();
    out.retain(|_| keep.next().unwrap_or(false));
    if out.is_empty() {
        // Nothing but separators: the cell stays as written, for validation to judge.
        out.push(CellPiece {
            text: cell.to_string(),
            acronym: None,
            note: None,
        });
    }
    out
}

/// The cell cut at ` : ` and at semicolons, each piece trimmed.
fn alternatives(cell: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut from = 0;
    let chars: Vec<(usize, char)> = cell.char_indices().collect();
    for (k, &(at, c)) in chars.iter().enumerate() {
        let spaced = |k: usize| chars.get(k).is_some_and(|&(_, c)| c.is_whitespace());
        let cut = match c {
            ';' | '；' => true,
            ':' | '：' => k > 0 && spaced(k - 1) && spaced(k + 1),
            _ => false,
        };
        if cut {
            out.push(cell[from..at].trim());
            from = at + c.len_utf8();
        }
    }
    out.push(cell[from..].trim());
    out.retain(|p| !p.is_empty());
    out
}

/// A note in square brackets at the end of the text, after a space: the text before it and
/// the note.
fn bracket_note(text: &str) -> (&str, Option<String>) {
    if let Some(body) = text.strip_suffix(']')
        && let Some(open) = body.rfind('[')
        && text[..open].ends_with(char::is_whitespace)
        && !text[..open].trim().is_empty()
        && !body[open + 1..].contains(['[', ']'])
    {
        let note = body[open + 1..].trim();
        if !note.is_empty() {
            return (text[..open].trim_end(), Some(note.to_string()));
        }
    }
    (text, None)
}

/// The bare term and the acronym form of `text` with an acronym in parentheses: the text with
/// the parenthesis taken out, and the acronym in place of what precedes it.
fn acronym(text: &str) -> Option<(String, Acronym)> {
    let (open, close) = text
        .char_indices()
        .find_map(|(i, c)| match c {
            '(' => Some((i, ')')),
            '（' => Some((i, '）')),
            _ => None,
        })
        .and_then(|(i, close)| {
            let open_len = text[i..].chars().next().map_or(1, char::len_utf8);
            text[i + open_len..]
                .find([')', '）'])
                .filter(|&j| text[i + open_len + j..].starts_with(close))
                .map(|j| (i, (i + open_len, i + open_len + j)))
        })?;
    let inner = &text[close.0..close.1];
    let after = &text[close.1 + inner_close_len(text, close.1)..];
    let before = text[..open].trim_end();
    if before.is_empty() || after.contains(['(', '（']) || !is_acronym(inner.trim()) {
        return None;
    }
    // What follows joins the bare term as it joined the parenthesis: with a space where one
    // was written after it.
    let bare = if after.starts_with(char::is_whitespace) && !after.trim().is_empty() {
        format!("{before} {}", after.trim_start())
    } else {
        format!("{before}{}", after.trim_end())
    };
    let acr = Acronym {
        text: format!("{}{}", inner.trim(), after.trim_end()),
        alone: after.trim().is_empty(),
    };
    Some((bare.trim_end().to_string(), acr))
}

struct Acronym {
    text: String,
    /// Nothing follows the parenthesis: the text is the acronym alone.
    alone: bool,
}

fn inner_close_len(text: &str, at: usize) -> usize {
    text[at..].chars().next().map_or(0, char::len_utf8)
}

/// Latin capitals, digits and `-./ `, with two capitals or more and no more small letters.
fn is_acronym(s: &str) -> bool {
    let (mut upper, mut lower) = (0, 0);
    for c in s.chars() {
        match c {
            'A'..='Z' => upper += 1,
            'a'..='z' => lower += 1,
            '0'..='9' | '-' | '.' | '/' | ' ' => {}
            _ => return false,
        }
    }
    upper >= 2 && lower <= upper && s.chars().count() <= 24
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(cell: &str) -> Vec<(String, bool, Option<String>)> {
        split_cell(cell)
            .into_iter()
            .map(|p| (p.text, p.acronym.is_some(), p.note))
            .collect()
    }

    fn texts(cell: &str) -> Vec<String> {
        split_cell(cell).into_iter().map(|p| p.text).collect()
    }

    #[test]
    fn a_term_with_its_acronym_is_the_term_and_an_acronym() {
        for (cell, bare, acr) in [
            ("艾滋病（AIDS）", "艾滋病", "AIDS"),
            ("冠状病毒（MERS CoV）", "冠状病毒", "MERS CoV"),
            (
                "非典型肺炎冠状病毒 2 型（SARS-CoV-2）",
                "非典型肺炎冠状病毒 2 型",
                "SARS-CoV-2",
            ),
            ("冠状病毒(COVID-19)", "冠状病毒", "COVID-19"),
            (
                "非典型肺炎（SARS）相关的冠状病毒",
                "非典型肺炎相关的冠状病毒",
                "SARS相关的冠状病毒",
            ),
            ("新冠肺炎(COVID-19)暴发", "新冠肺炎暴发", "COVID-19暴发"),
            (
                "Coronavirus disease (COVID-19) outbreak",
                "Coronavirus disease outbreak",
                "COVID-19 outbreak",
            ),
        ] {
            assert_eq!(
                pieces(cell),
                [
                    (bare.to_string(), false, None),
                    (acr.to_string(), true, None)
                ],
                "{cell}"
            );
        }
    }

    #[test]
    fn parentheses_that_are_part_of_the_term_stay() {
        for cell in [
            "口罩（医用）",
            "Ministry of Health (Singapore)",
            "冠状病毒病（2019）",
            "(SARS)",
            "HIV/AIDS",
            "Washington, D.C.",
            "重型、危重型病例诊疗方案",
            "ratio 1:2",
            "Note: wash hands",
            "病毒（A）型",
            "a (b) (CD)",
        ] {
            assert_eq!(texts(cell), [cell], "{cell}");
        }
    }

    #[test]
    fn alternatives_and_notes() {
        assert_eq!(texts("可传染 : 有传染性"), ["可传染", "有传染性"]);
        assert_eq!(texts("口罩；面罩"), ["口罩", "面罩"]);
        assert_eq!(texts("mask; face mask"), ["mask", "face mask"]);
        assert_eq!(
            pieces("新型冠状病毒肺炎 (COVID-19) : 新冠肺炎 (COVID-19) : COVID-19"),
            [
                ("新型冠状病毒肺炎".to_string(), false, None),
                ("COVID-19".to_string(), true, None),
                ("新冠肺炎".to_string(), false, None),
            ]
        );
        let note = |s: &str| Some(s.to_string());
        assert_eq!(
            pieces(
                "新型冠状病毒 (COVID-19) [when referring COVID-19] : 冠状病毒 [when referring \
                 the generic virus group]"
            ),
            [
                (
                    "新型冠状病毒".to_string(),
                    false,
                    note("when referring COVID-19")
                ),
                (
                    "COVID-19".to_string(),
                    true,
                    note("when referring COVID-19")
                ),
                (
                    "冠状病毒".to_string(),
                    false,
                    note("when referring the generic virus group")
                ),
            ]
        );
        // A bracket that is the whole text, or inside a word, is no note.
        assert_eq!(texts("[sic]"), ["[sic]"]);
        assert_eq!(texts("a[1]"), ["a[1]"]);
        assert_eq!(texts(" : "), [" : "]);
    }

    #[test]
    fn concepts_get_the_pieces_as_terms_and_the_split_is_reported() {
        let (en, zh) = (
            LangTag::parse("en").unwrap(),
            LangTag::parse("zh-CN").unwrap(),
        );
        let mut concepts = vec![
            Concept {
                terms: vec![
                    Term::new(en.clone(), "SARS"),
                    Term::new(zh.clone(), "非典型肺炎（SARS）"),
                ],
                line: 7,
                ..Concept::default()
            },
            Concept {
                terms: vec![
                    Term::new(en.clone(), "contagious"),
                    Term::new(zh.clone(), "可传染 : 有传染性"),
                ],
                line: 9,
                ..Concept::default()
            },
            Concept {
                terms: vec![Term::new(en, "mask"), Term::new(zh, "口罩（医用）")],
                line: 11,
                ..Concept::default()
            },
        ];
        let splits = split_concepts(&mut concepts);
        let terms = |c: &Concept| -> Vec<(String, Status, Option<TermType>)> {
            c.terms
                .iter()
                .map(|t| (t.text.clone(), t.status, t.term_type))
                .collect()
        };
        assert_eq!(
            terms(&concepts[0]),
            [
                ("SARS".into(), Status::Preferred, None),
                ("非典型肺炎".into(), Status::Preferred, None),
                ("SARS".into(), Status::Admitted, Some(TermType::Acronym)),
            ]
        );
        assert_eq!(
            terms(&concepts[1])[1..],
            [
                ("可传染".into(), Status::Preferred, None),
                ("有传染性".into(), Status::Admitted, None),
            ]
        );
        assert_eq!(terms(&concepts[2])[1].0, "口罩（医用）");
        assert_eq!(
            splits
                .iter()
                .map(|s| (s.line, s.cell.as_str(), s.into.len()))
                .collect::<Vec<_>>(),
            [(7, "非典型肺炎（SARS）", 2), (9, "可传染 : 有传染性", 2)]
        );
    }
}
