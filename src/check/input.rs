//! What the checker reads: bilingual documents (TSV `source TAB target`, two line-aligned
//! files, XLIFF, TMX) and target-only drafts (plain text or Markdown, a segment per line).
//!
//! When neither the file nor the caller names the languages, the side written in Han
//! characters is taken as Chinese (`zh`) and the other as English (`en`): concord is
//! English–Chinese first. Pass languages for any other pair.

use crate::error::{Error, Result};
use crate::formats::{Input, MemoryFormat, ReadOptions};
use crate::text::{LangTag, script};

/// One segment of the draft under check: a target, and its source when the document has one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DraftSegment {
    /// 1-based line of the segment in its file (the unit's line for XML formats).
    pub line: u64,
    pub source: Option<String>,
    pub target: String,
    /// Characters before the source on its line: a finding's column counts from the start
    /// of the line, where an editor puts the cursor, not from the start of a TSV cell.
    pub source_at: usize,
    /// Characters before the target on its line.
    pub target_at: usize,
}

impl DraftSegment {
    /// Characters before `half` on its line.
    pub fn offset(&self, half: super::Half) -> usize {
        match half {
            super::Half::Source => self.source_at,
            super::Half::Target => self.target_at,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Document {
    pub name: String,
    /// The source's file when it is not `name` (two line-aligned files): a finding in the
    /// source must send the reader to the file it is in.
    pub source_name: Option<String>,
    pub source_lang: Option<LangTag>,
    pub target_lang: LangTag,
    pub segments: Vec<DraftSegment>,
}

fn guess<'a>(texts: impl Iterator<Item = &'a str>) -> LangTag {
    LangTag::parse(if mostly_han(texts) { "zh" } else { "en" }).unwrap_or_else(|_| LangTag::any())
}

/// Whether the first 200 texts are mostly Han characters (Chinese) rather than letters.
fn mostly_han<'a>(texts: impl Iterator<Item = &'a str>) -> bool {
    let mut han = 0usize;
    let mut other = 0usize;
    for t in texts.take(200) {
        for c in t.chars() {
            if script::is_han(c) {
                han += 1;
            } else if c.is_alphabetic() {
                other += 1;
            }
        }
    }
    han * 2 > other
}

fn lines(text: &str) -> impl Iterator<Item = (u64, &str)> {
    text.split('\n')
        .enumerate()
        .map(|(i, l)| (i as u64 + 1, l.strip_suffix('\r').unwrap_or(l)))
}

/// A TSV cell and the characters before it on its line.
type Cell<'a> = (usize, &'a str);

/// The cells of a TSV line.
fn cells(line: &str) -> Vec<Cell<'_>> {
    let mut at = 0;
    line.split('\t')
        .map(|cell| {
            let start = at;
            at += cell.chars().count() + 1;
            (start, cell)
        })
        .collect()
}

/// The language a TSV header cell names. `id` is an id column, not Indonesian: spreadsheets
/// exported from translation tools lead with one far more often than with Indonesian text.
fn header_lang(cell: &str) -> Option<LangTag> {
    if cell.trim().eq_ignore_ascii_case("id") {
        return None;
    }
    LangTag::from_header(cell)
}

/// The source and target columns a header names, by the languages asked for (a range
/// selects a column's tag, or the tag the range), else the first two language columns.
fn header_columns(
    name: &str,
    line: u64,
    langs: &[Option<LangTag>],
    from: Option<&LangTag>,
    to: Option<&LangTag>,
) -> Result<(usize, usize)> {
    let first = |fits: &dyn Fn(&LangTag) -> bool, not: Option<usize>| {
        (0..langs.len()).find(|&i| Some(i) != not && langs[i].as_ref().is_some_and(fits))
    };
    let asked = |want: Option<&LangTag>, not: Option<usize>| -> Result<Option<usize>> {
        let Some(want) = want else { return Ok(None) };
        first(&|l| want.selects(l) || l.selects(want), not)
            .map(Some)
            .ok_or_else(|| {
                Error::input(name, line, format!("no column in the header is in {want}"))
            })
    };
    let source = asked(from, None)?;
    let target = asked(to, source)?;
    let source = source
        .or_else(|| first(&|_| true, target))
        .unwrap_or_default();
    let target = target
        .or_else(|| first(&|_| true, Some(source)))
        .unwrap_or_default();
    Ok((source, target))
}

/// `source TAB target` per line. A first row naming two languages is a header: it picks the
/// source and target columns (by `from` and `to` when given) and the other columns are
/// ignored. `#` lines before it are comments.
pub fn from_tsv(
    name: &str,
    text: &str,
    from: Option<LangTag>,
    to: Option<LangTag>,
) -> Result<Document> {
    let mut rows: Vec<(u64, Cell, Cell)> = Vec::new();
    let mut header: Option<(LangTag, LangTag)> = None;
    let mut columns: Option<(usize, usize)> = None;
    for (n, line) in lines(text) {
        // Leading `#` lines are comments, as in concord's own TSV files; later ones are text.
        if line.trim().is_empty() || (columns.is_none() && line.starts_with('#')) {
            continue;
        }
        let row = cells(line);
        if row.len() < 2 {
            return Err(Error::input(
                name,
                n,
                "no TAB: a bilingual TSV has the source, a TAB, then the target",
            ));
        }
        let (s, t) = match columns {
            Some(c) => c,
            None => {
                let langs: Vec<Option<LangTag>> = row.iter().map(|c| header_lang(c.1)).collect();
                let named = langs.iter().flatten().count();
                if named >= 2 {
                    let c = header_columns(name, n, &langs, from.as_ref(), to.as_ref())?;
                    header = langs[c.0].clone().zip(langs[c.1].clone());
                    columns = Some(c);
                    continue;
                }
                if row.len() > 2 {
                    // Guessing which of three or more columns is the target checks the wrong
                    // text and passes it: ask for a header instead.
                    return Err(Error::input(
                        name,
                        n,
                        format!(
                            "{} columns and no header naming the source and target languages \
                             (e.g. id TAB en TAB zh-CN)",
                            row.len()
                        ),
                    ));
                }
                *columns.insert((0, 1))
            }
        };
        let (Some(s), Some(t)) = (row.get(s), row.get(t)) else {
            return Err(Error::input(
                name,
                n,
                format!("{} columns; the header has more", row.len()),
            ));
        };
        rows.push((n, *s, *t));
    }
    if header.is_none() {
        not_backwards(
            name,
            rows.first().map_or(0, |r| r.0),
            [
                mostly_han(rows.iter().map(|r| r.1.1)),
                mostly_han(rows.iter().map(|r| r.2.1)),
            ],
            ["column 1", "column 2"],
            (from.as_ref(), to.as_ref()),
            ", or add a header naming the languages (with none, the source comes first)",
        )?;
    }
    let (hs, ht) = header.unzip();
    let source_lang = from
        .or(hs)
        .unwrap_or_else(|| guess(rows.iter().map(|r| r.1.1)));
    let target_lang = to
        .or(ht)
        .unwrap_or_else(|| guess(rows.iter().map(|r| r.2.1)));
    Ok(Document {
        name: name.to_string(),
        source_name: None,
        source_lang: Some(source_lang),
        target_lang,
        segments: rows
            .into_iter()
            .map(|(line, (source_at, s), (target_at, t))| DraftSegment {
                line,
                source: Some(s.to_string()),
                target: t.to_string(),
                source_at,
                target_at,
            })
            .collect(),
    })
}

/// `--from` (or another `flag`) naming Chinese for a text that is not in Chinese, or a spaced
/// language for one that is: `analyze job.txt --from zh` on an English job priced every
/// segment "no match", exit 0.
pub(crate) fn written_in<'a>(
    name: &str,
    texts: impl Iterator<Item = &'a str>,
    flag: &str,
    lang: &LangTag,
) -> Result<()> {
    if !lang.is_chinese() && lang.is_unspaced() {
        return Ok(());
    }
    let han = mostly_han(texts);
    if lang.is_chinese() == han {
        return Ok(());
    }
    let what = if han {
        format!("{flag} {lang} says the text is not Chinese, and it is")
    } else {
        format!("{flag} {lang} says the text is Chinese, and it is not")
    };
    Err(Error::input(name, 0, what))
}

/// A language asked for the side not in its script, while the other side is: `--from zh
/// --to en` on a file whose source is English and target Chinese reads it backwards (every
/// English term looked for in the English text, nothing found, "0 errors", exit 0), and
/// `--to en` alone checks English against English. Only Chinese against a spaced language
/// is told apart (Japanese can be mostly kanji). `sides` names the two sides for the
/// message, `hint` says how to set it right.
fn not_backwards(
    name: &str,
    line: u64,
    han: [bool; 2],
    sides: [&str; 2],
    (from, to): (Option<&LangTag>, Option<&LangTag>),
    hint: &str,
) -> Result<()> {
    if han[0] == han[1] {
        return Ok(());
    }
    for (i, (flag, lang)) in [("--from", from), ("--to", to)].into_iter().enumerate() {
        let Some(lang) = lang.filter(|l| l.is_chinese() || !l.is_unspaced()) else {
            continue;
        };
        if lang.is_chinese() != han[i] {
            let is = |h: bool| if h { "is" } else { "is not" };
            return Err(Error::input(
                name,
                line,
                format!(
                    "{flag} {lang} names {}, which {} in Chinese, and {} {}: check --from and \
                     --to{hint}",
                    sides[i],
                    is(han[i]),
                    sides[1 - i],
                    is(han[1 - i]),
                ),
            ));
        }
    }
    Ok(())
}

/// Two line-aligned files; different line counts are an error naming both.
pub fn from_parallel(
    source: (&str, &str),
    target: (&str, &str),
    from: Option<LangTag>,
    to: Option<LangTag>,
) -> Result<Document> {
    let trim_end = |t: &'_ str| -> Vec<(u64, String)> {
        let mut v: Vec<(u64, String)> = lines(t).map(|(n, l)| (n, l.to_string())).collect();
        if v.last().is_some_and(|(_, l)| l.is_empty()) {
            v.pop();
        }
        v
    };
    let (s, t) = (trim_end(source.1), trim_end(target.1));
    if s.len() != t.len() {
        return Err(Error::input(
            format!("{} and {}", source.0, target.0),
            0,
            format!(
                "the files are not aligned: {} has {} lines, {} has {}",
                source.0,
                s.len(),
                target.0,
                t.len()
            ),
        ));
    }
    not_backwards(
        target.0,
        0,
        [
            mostly_han(s.iter().map(|x| x.1.as_str())),
            mostly_han(t.iter().map(|x| x.1.as_str())),
        ],
        [
            &format!("the source {}", source.0),
            &format!("the draft {}", target.0),
        ],
        (from.as_ref(), to.as_ref()),
        ", and which file is --source",
    )?;
    let source_lang = from.unwrap_or_else(|| guess(s.iter().map(|x| x.1.as_str())));
    let target_lang = to.unwrap_or_else(|| guess(t.iter().map(|x| x.1.as_str())));
    let segments = s
        .into_iter()
        .zip(t)
        .filter(|((_, a), (_, b))| !(a.trim().is_empty() && b.trim().is_empty()))
        .map(|((line, a), (_, b))| DraftSegment {
            line,
            source: Some(a),
            target: b,
            ..DraftSegment::default()
        })
        .collect();
    Ok(Document {
        name: target.0.to_string(),
        source_name: Some(source.0.to_string()),
        source_lang: Some(source_lang),
        target_lang,
        segments,
    })
}

/// The language a flag asks for, held against the one the file declares for that side:
/// either alone stands, and two that name different languages are an error, since checking
/// or pricing a file's English as if it were Chinese is a wrong answer, not a choice.
pub(crate) fn agreed(
    name: &str,
    flag: &str,
    asked: Option<LangTag>,
    attr: &str,
    declared: Option<&LangTag>,
) -> Result<Option<LangTag>> {
    match (asked, declared) {
        (Some(a), Some(d)) if !a.selects(d) && !d.selects(&a) => Err(Error::input(
            name,
            0,
            format!(
                "the file declares {attr} {d}, and {flag} {a} disagrees; leave {flag} out to use the file's"
            ),
        )),
        (Some(a), _) => Ok(Some(a)),
        (None, d) => Ok(d.cloned()),
    }
}

/// XLIFF or TMX: every unit with a source and a target in the languages asked for (or the
/// file's own: its source language and the other one). `to` comes with the flag that asked
/// for it, which the errors name.
pub fn from_units(
    input: Input,
    format: MemoryFormat,
    from: Option<LangTag>,
    (to, to_flag): (Option<LangTag>, &str),
) -> Result<Document> {
    let name = input.name.clone();
    let mut units = Vec::new();
    format.reader().read(
        input,
        &ReadOptions {
            with_untranslated: true,
            ..ReadOptions::default()
        },
        &mut |u| {
            units.push(u);
            Ok(())
        },
    )?;
    // An XLIFF declares its direction; a TMX only says which language is the source, and
    // its other languages are the caller's to pick.
    let (from, to) = if format == MemoryFormat::Xliff {
        let declared = units.first().map(|u| &u.variants);
        (
            agreed(
                &name,
                "--from",
                from,
                "source-language",
                declared.and_then(|v| v.first()).map(|v| &v.lang),
            )?,
            agreed(
                &name,
                to_flag,
                to,
                "target-language",
                declared.and_then(|v| v.get(1)).map(|v| &v.lang),
            )?,
        )
    } else {
        (from, to)
    };
    let source_lang = from
        .or_else(|| units.iter().find_map(|u| u.srclang.clone()))
        .or_else(|| {
            units
                .first()
                .and_then(|u| u.variants.first())
                .map(|v| v.lang.clone())
        })
        .ok_or_else(|| Error::input(&name, 0, "no units to check"))?;
    let target_lang = to
        .or_else(|| {
            units
                .iter()
                .flat_map(|u| &u.variants)
                .map(|v| v.lang.clone())
                .find(|l| !source_lang.selects(l))
        })
        .ok_or_else(|| {
            Error::input(
                &name,
                0,
                format!("cannot tell the target language; pass {to_flag}"),
            )
        })?;
    // A language no unit holds is a typo or the wrong file: "0 segments checked" would pass
    // it, and a target nobody wrote would flag every segment untranslated.
    for (lang, flag) in [(&source_lang, "--from"), (&target_lang, to_flag)] {
        let held = |l: &LangTag| {
            units
                .iter()
                .flat_map(|u| &u.variants)
                .any(|v| l.selects(&v.lang))
        };
        if !held(lang) {
            let mut has: Vec<String> = units
                .iter()
                .flat_map(|u| &u.variants)
                .map(|v| v.lang.to_string())
                .collect();
            has.sort();
            has.dedup();
            return Err(Error::input(
                &name,
                0,
                format!(
                    "no unit holds a {lang} segment (the file has {}); check {flag}",
                    if has.is_empty() {
                        "none".to_string()
                    } else {
                        has.join(", ")
                    }
                ),
            ));
        }
    }
    let segments = units
        .into_iter()
        .map(|u| {
            let pick = |range: &LangTag| {
                u.variants
                    .iter()
                    .find(|v| range.selects(&v.lang))
                    .map(|v| v.text.clone())
            };
            DraftSegment {
                line: u.line,
                source: pick(&source_lang),
                target: pick(&target_lang).unwrap_or_default(),
                ..DraftSegment::default()
            }
        })
        .filter(|s| s.source.is_some())
        .collect();
    Ok(Document {
        name,
        source_name: None,
        source_lang: Some(source_lang),
        target_lang,
        segments,
    })
}

/// A draft with no source: each non-blank line a segment; in Markdown, fenced code is skipped.
pub fn target_only(name: &str, text: &str, lang: Option<LangTag>) -> Document {
    let mut in_fence = false;
    let mut segments = Vec::new();
    for (line, l) in lines(text) {
        if l.trim_start().starts_with("```") || l.trim_start().starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence || l.trim().is_empty() {
            continue;
        }
        segments.push(DraftSegment {
            line,
            source: None,
            target: l.to_string(),
            ..DraftSegment::default()
        });
    }
    let target_lang = lang.unwrap_or_else(|| guess(segments.iter().map(|s| s.target.as_str())));
    Document {
        name: name.to_string(),
        source_name: None,
        source_lang: None,
        target_lang,
        segments,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_with_and_without_header() {
        let d = from_tsv(
            "d.tsv",
            "en\tzh-CN\nMayor\t市长\n\nGovernor\t\n",
            None,
            None,
        )
        .unwrap();
        assert_eq!(
            (d.source_lang.unwrap().as_str(), d.target_lang.as_str()),
            ("en", "zh-CN")
        );
        assert_eq!(
            d.segments,
            [
                DraftSegment {
                    line: 2,
                    source: Some("Mayor".into()),
                    target: "市长".into(),
                    source_at: 0,
                    target_at: 6,
                },
                DraftSegment {
                    line: 4,
                    source: Some("Governor".into()),
                    target: "".into(),
                    source_at: 0,
                    target_at: 9,
                },
            ]
        );
        let d = from_tsv("d.tsv", "The mayor spoke.\t市长讲话。\n", None, None).unwrap();
        assert_eq!(
            (d.source_lang.unwrap().as_str(), d.target_lang.as_str()),
            ("en", "zh")
        );
        assert!(
            from_tsv("d.tsv", "ok\t好\nno tab here\n", None, None)
                .unwrap_err()
                .to_string()
                .starts_with("d.tsv:2: no TAB")
        );
    }

    #[test]
    fn regression_tsv_columns_are_chosen_by_the_header_languages() {
        let text = "id\ten\tzh-CN\n7\tThe Mayor spoke.\t市长讲话。\n";
        let d = from_tsv("d.tsv", text, None, None).unwrap();
        assert_eq!(
            (d.source_lang.unwrap().as_str(), d.target_lang.as_str()),
            ("en", "zh-CN")
        );
        assert_eq!(
            (
                d.segments[0].source.as_deref(),
                d.segments[0].target.as_str()
            ),
            (Some("The Mayor spoke."), "市长讲话。")
        );
        // The ranges asked for pick the columns, whatever their order.
        let text = "zh-CN\tnote\ten\n市长讲话。\tx\tThe Mayor spoke.\n";
        let d = from_tsv("d.tsv", text, LangTag::parse("en").ok(), None).unwrap();
        assert_eq!(
            (
                d.segments[0].source.as_deref(),
                d.segments[0].target.as_str()
            ),
            (Some("The Mayor spoke."), "市长讲话。")
        );
        let e = from_tsv("d.tsv", text, LangTag::parse("fr").ok(), None).unwrap_err();
        assert_eq!(e.to_string(), "d.tsv:1: no column in the header is in fr");
        // Three columns with no languages named: which one is the target is a guess.
        let e = from_tsv("d.tsv", "id\tsource\ttarget\n1\ta\t甲\n", None, None).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("d.tsv:1: 3 columns and no header"),
            "{e}"
        );
        let e = from_tsv("d.tsv", "id\ten\tzh-CN\n1\ta\n", None, None).unwrap_err();
        assert!(e.to_string().starts_with("d.tsv:2: 2 columns"), "{e}");
    }

    #[test]
    fn parallel_counts_must_agree() {
        let e = from_parallel(("en.txt", "a\nb\n"), ("zh.txt", "甲\n"), None, None).unwrap_err();
        assert!(
            e.to_string().contains("en.txt has 2 lines, zh.txt has 1"),
            "{e}"
        );
        let d =
            from_parallel(("en.txt", "a\n\nb\n"), ("zh.txt", "甲\n\n乙\n"), None, None).unwrap();
        assert_eq!(
            (d.name.as_str(), d.source_name.as_deref()),
            ("zh.txt", Some("en.txt"))
        );
        assert_eq!(
            d.segments.iter().map(|s| s.line).collect::<Vec<_>>(),
            [1, 3]
        );
    }

    #[test]
    fn markdown_code_is_not_checked() {
        let d = target_only("d.md", "# 标题\n```\n姐妹城市\n```\n正文。\n", None);
        assert_eq!(
            d.segments.iter().map(|s| s.line).collect::<Vec<_>>(),
            [1, 5]
        );
        assert_eq!(d.target_lang.as_str(), "zh");
    }
}
