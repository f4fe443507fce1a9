//! CC-CEDICT, the community Chinese–English dictionary: one entry a line,
//!
//! ```text
//! 市長 市长 [shi4 zhang3] /mayor/
//! ```
//!
//! traditional form, simplified form, pinyin in brackets, then English glosses between
//! slashes; `#` starts a comment line (spaces may precede it). A line ends at LF, CRLF or a
//! lone CR. Each entry becomes a concept with the simplified form as a `zh-Hans` term and the
//! traditional form as a `zh-Hant` term (both, even when they are written the same: they are
//! different languages to a lookup), and each English gloss as an `en` term. Every term is admitted, not preferred: a dictionary lists senses, it does not
//! approve renderings.
//!
//! Glosses that are not translations go to the concept's note, after the pinyin: measure
//! words (`CL:個|个[ge4]`), cross-references to other headwords (`see …`, `variant of …`,
//! `abbr. for …`, `used in …`) and pronunciations (`also pr. …`, `Taiwan pr. …`), as in
//! `pinyin: shi4 zhang3; CL:個|个[ge4]`. A gloss repeated within an entry is kept once.

use rustc_hash::FxHashSet;

use super::{GlossaryRead, GlossaryReader, ReadOptions, Skip, Source, limits};
use crate::error::{Error, Result};
use crate::model::glossary::{Concept, Status, Term};
use crate::text::script::is_han;
use crate::text::{LangTag, chars};

pub struct CedictReader;

impl GlossaryReader for CedictReader {
    fn read(&self, src: &Source, _opts: &ReadOptions) -> Result<GlossaryRead> {
        let hans = LangTag::parse("zh-Hans")?;
        let hant = LangTag::parse("zh-Hant")?;
        let en = LangTag::parse("en")?;
        let term = |lang: &LangTag, text: &str| {
            Term::new(lang.clone(), text).with_status(Status::Admitted)
        };
        let mut out = GlossaryRead {
            // Entries average about 80 bytes; reserving once saves regrowing a 120,000-entry vector.
            concepts: Vec::with_capacity(src.text.len() / 80),
            skipped: Vec::new(),
        };
        // Lines end at LF, CRLF or a lone CR, which no entry can hold: a file with mixed line
        // ends would otherwise read two entries as one. Line numbers count LFs, as everywhere.
        let lines = src.text.split('\n').enumerate().flat_map(|(i, line)| {
            let line = line.strip_suffix('\r').unwrap_or(line);
            line.split('\r').map(move |l| (i as u64 + 1, l))
        });
        for (line_no, line) in lines {
            if line.len() > limits::LINE {
                return Err(Error::input(&src.name, line_no, limits::long_line(line_no)));
            }
            let line = line.trim_start();
            if line.trim_end().is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some((_, c)) = chars::first_forbidden(line) {
                out.skipped.push(Skip {
                    line: line_no,
                    reason: chars::forbidden_reason(c),
                });
                continue;
            }
            let entry = match Entry::parse(line) {
                Ok(e) => e,
                Err(reason) => {
                    out.skipped.push(Skip {
                        line: line_no,
                        reason: reason.to_string(),
                    });
                    continue;
                }
            };
            // Sized once: a Term is large, and regrowing costs a copy of each for 120,000 entries.
            let mut terms = Vec::with_capacity(3 + entry.glosses.matches('/').count());
            terms.push(term(&hans, entry.simplified));
            terms.push(term(&hant, entry.traditional));
            let mut note = String::new();
            if !entry.pinyin.is_empty() {
                note.push_str("pinyin: ");
                note.push_str(entry.pinyin);
            }
            // Sets, not scans: a line of 100,000 glosses is read in one pass.
            let mut noted: FxHashSet<&str> = FxHashSet::default();
            let mut glossed: FxHashSet<&str> = FxHashSet::default();
            for gloss in entry.glosses.split('/').map(str::trim) {
                if gloss.is_empty() {
                    continue;
                }
                if is_not_a_translation(gloss) {
                    if noted.insert(gloss) {
                        if !note.is_empty() {
                            note.push_str("; ");
                        }
                        note.push_str(gloss);
                    }
                } else if glossed.insert(gloss) {
                    terms.push(term(&en, gloss));
                }
            }
            out.concepts.push(Concept {
                note: Some(note).filter(|n| !n.is_empty()),
                terms,
                line: line_no,
                ..Concept::default()
            });
        }
        Ok(out)
    }
}

/// One dictionary line, sliced.
struct Entry<'a> {
    traditional: &'a str,
    simplified: &'a str,
    pinyin: &'a str,
    /// Everything between the first and the last slash.
    glosses: &'a str,
}

impl<'a> Entry<'a> {
    fn parse(line: &'a str) -> std::result::Result<Entry<'a>, &'static str> {
        let open = line.find('[').ok_or("no [pinyin]")?;
        let close = open + line[open..].find(']').ok_or("no ] closing the pinyin")?;
        let mut forms = line[..open].split_whitespace();
        let (Some(traditional), Some(simplified), None) =
            (forms.next(), forms.next(), forms.next())
        else {
            return Err("expected a traditional and a simplified form before the [pinyin]");
        };
        let rest = line[close + 1..].trim();
        let glosses = rest
            .strip_prefix('/')
            .and_then(|r| r.strip_suffix('/'))
            .ok_or("no /glosses/ after the pinyin")?;
        Ok(Entry {
            traditional,
            simplified,
            pinyin: line[open + 1..close].trim(),
            glosses,
        })
    }
}

/// Glosses that describe the headword instead of translating it. The cross-reference forms
/// count only when they point at a Chinese word (`see 概括[gai4 kuo4]`), because "see you
/// later", "see also" and "also written as" are themselves translations of some entries.
fn is_not_a_translation(gloss: &str) -> bool {
    const ALWAYS: [&str; 5] = ["CL:", "also pr. ", "Taiwan pr. ", "abbr. for ", "abbr. to "];
    const REFERENCES: [&str; 4] = ["see ", "see also ", "also written ", "used in "];
    if ALWAYS.iter().any(|p| gloss.starts_with(p)) {
        return true;
    }
    if let Some(rest) = REFERENCES.iter().find_map(|p| gloss.strip_prefix(p)) {
        return points_at_chinese(rest);
    }
    // "variant of 髓", and its qualified forms: "old variant of", "erhua variant of",
    // "Japanese variant of".
    gloss.find("variant of ").is_some_and(|at| {
        gloss[..at]
            .bytes()
            .all(|b| b.is_ascii_alphabetic() || b == b' ')
            && points_at_chinese(&gloss[at..])
    })
}

/// Does a cross-reference name a headword (`惺忪[xing1 song1]`) or a pronunciation (`[zhi2]`)?
fn points_at_chinese(rest: &str) -> bool {
    rest.chars().any(|c| c == '[' || is_han(c))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn read(text: &str) -> GlossaryRead {
        CedictReader
            .read(&Source::from_text("t.u8", text), &ReadOptions::default())
            .unwrap()
    }

    fn tag(s: &str) -> LangTag {
        LangTag::parse(s).unwrap()
    }

    #[test]
    fn an_entry_is_a_concept_in_three_languages() {
        let r = read(
            "# CC-CEDICT\r\n#! entries=1\r\n市長 市长 [shi4 zhang3] /mayor/head of a city/\r\n",
        );
        assert!(r.skipped.is_empty());
        let c = &r.concepts[0];
        assert_eq!(
            c.texts(&LangTag::any()),
            ["市长", "市長", "mayor", "head of a city"]
        );
        let langs: Vec<&str> = c.terms.iter().map(|t| t.lang.as_str()).collect();
        assert_eq!(langs, ["zh-Hans", "zh-Hant", "en", "en"]);
        assert!(c.terms.iter().all(|t| t.status == Status::Admitted));
        assert_eq!(c.note.as_deref(), Some("pinyin: shi4 zhang3"));
        assert_eq!(c.line, 3);
    }

    #[test]
    fn identical_forms_are_still_two_terms() {
        let r = read("3C 3C [san1 C] /consumer electronics/");
        let c = &r.concepts[0];
        assert_eq!(
            c.texts(&LangTag::any()),
            ["3C", "3C", "consumer electronics"]
        );
        assert_eq!(
            (c.texts(&tag("zh-Hans")), c.texts(&tag("zh-Hant"))),
            (vec!["3C"], vec!["3C"])
        );
    }

    #[test]
    fn glosses_that_are_not_translations_go_to_the_note() {
        let r = read(
            "外交部 外交部 [Wai4 jiao1 bu4] /foreign ministry/CL:個|个[ge4]/see also 外長|外长[wai4 zhang3]/\n\
             裏 裏 [li3] /old variant of 裡|里[li3]/erhua variant of 裡|里/\n\
             質量 质量 [zhi4 liang4] /quality/Taiwan pr. [zhi2 liang4]/also pr. [zhi4 liang5]/\n\
             國院 国院 [Guo2 yuan4] /abbr. for 國務院|国务院[Guo2 wu4 yuan4]/abbr. to X/\n\
             惺 惺 [xing1] /used in 惺忪[xing1 song1]/see 惺惺[xing1 xing1]/also written 醒/\n",
        );
        let notes: Vec<&str> = r
            .concepts
            .iter()
            .map(|c| c.note.as_deref().unwrap())
            .collect();
        assert_eq!(
            notes,
            [
                "pinyin: Wai4 jiao1 bu4; CL:個|个[ge4]; see also 外長|外长[wai4 zhang3]",
                "pinyin: li3; old variant of 裡|里[li3]; erhua variant of 裡|里",
                "pinyin: zhi4 liang4; Taiwan pr. [zhi2 liang4]; also pr. [zhi4 liang5]",
                "pinyin: Guo2 yuan4; abbr. for 國務院|国务院[Guo2 wu4 yuan4]; abbr. to X",
                "pinyin: xing1; used in 惺忪[xing1 song1]; see 惺惺[xing1 xing1]; also written 醒",
            ]
        );
        let en = tag("en");
        assert_eq!(r.concepts[0].texts(&en), ["foreign ministry"]);
        // Every gloss went to the note: the Chinese terms remain.
        assert_eq!(r.concepts[1].texts(&LangTag::any()), ["裏", "裏"]);
        assert_eq!(r.concepts[1].texts(&tag("zh")), ["裏", "裏"]);
        assert_eq!(r.concepts[2].texts(&en), ["quality"]);
    }

    #[test]
    fn cross_reference_words_without_a_reference_are_translations() {
        let r = read(
            "再見 再见 [zai4 jian4] /goodbye/see you again/\n\
             參見 参见 [can1 jian4] /see also/\n\
             異體 异体 [yi4 ti3] /a variant of a character/\n",
        );
        let en: Vec<&str> = r
            .concepts
            .iter()
            .flat_map(|c| c.terms[2..].iter().map(|t| t.text.as_str()))
            .collect();
        assert_eq!(
            en,
            [
                "goodbye",
                "see you again",
                "see also",
                "a variant of a character"
            ]
        );
    }

    #[test]
    fn an_entry_without_pinyin_or_glosses_has_no_note() {
        let r = read("龘 龘 [] /dragon flying/\n龘 龘 [] //\n");
        assert_eq!(r.concepts[0].note, None);
        assert_eq!(r.concepts[0].texts(&tag("en")), ["dragon flying"]);
        assert_eq!(r.concepts[1].terms.len(), 2);
    }

    #[test]
    fn duplicate_glosses_are_kept_once() {
        let r = read(
            "諒解備忘錄 谅解备忘录 [liang4 jie3] /MOU/memorandum/MOU/ MOU /CL:份[fen4]/CL:份[fen4]//\n",
        );
        let c = &r.concepts[0];
        assert_eq!(c.texts(&tag("en")), ["MOU", "memorandum"]);
        assert_eq!(c.note.as_deref(), Some("pinyin: liang4 jie3; CL:份[fen4]"));
    }

    #[test]
    fn malformed_lines_are_skipped_with_a_reason() {
        let r = read(
            "缺 缺 que1 /lack/\n\
             缺 缺 [que1 /lack/\n\
             缺 [que1] /lack/\n\
             缺 缺 缺 [que1] /lack/\n\
             缺 缺 [que1] lack\n\
             缺 缺 [que1] /lack\n\
             \n\
             缺 缺 [que1] /lack/",
        );
        assert_eq!(r.concepts.len(), 1);
        assert_eq!(r.concepts[0].line, 8);
        let skips: Vec<(u64, &str)> = r
            .skipped
            .iter()
            .map(|s| (s.line, s.reason.as_str()))
            .collect();
        assert_eq!(
            skips,
            [
                (1, "no [pinyin]"),
                (2, "no ] closing the pinyin"),
                (
                    3,
                    "expected a traditional and a simplified form before the [pinyin]"
                ),
                (
                    4,
                    "expected a traditional and a simplified form before the [pinyin]"
                ),
                (5, "no /glosses/ after the pinyin"),
                (6, "no /glosses/ after the pinyin"),
            ]
        );
    }

    #[test]
    fn regression_a_lone_cr_ends_an_entry_and_an_indented_hash_is_a_comment() {
        let r = read(
            "市長 市长 [shi4 zhang3] /mayor/\r大橋 大桥 [da4 qiao2] /bridge/\r\n   # comment\n",
        );
        assert!(r.skipped.is_empty(), "{:?}", r.skipped);
        let en: Vec<Vec<&str>> = r.concepts.iter().map(|c| c.texts(&tag("en"))).collect();
        assert_eq!(en, [["mayor"], ["bridge"]]);
    }

    #[test]
    fn regression_control_characters_skip_the_entry() {
        let r = read("鈴 铃 [ling2] /bell\u{7}/\n市長 市长 [shi4 zhang3] /mayor/\n");
        assert_eq!(r.concepts.len(), 1);
        assert_eq!(r.skipped[0].line, 1);
        assert!(r.skipped[0].reason.starts_with("character U+0007"));
    }

    #[test]
    fn project_fixture() {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cedict/concord_test.u8");
        let r = super::super::read_glossary(&path, None, &ReadOptions::default()).unwrap();
        // 11 lines: 2 comments, 1 blank, 8 entries of which the last 2 are malformed.
        assert_eq!((r.concepts.len(), r.skipped.len()), (6, 2));
        let mou = &r.concepts[2];
        assert_eq!(
            mou.texts(&tag("en")),
            ["memorandum of understanding", "MOU"]
        );
        assert_eq!(r.skipped[0].line, 10);
    }
}
