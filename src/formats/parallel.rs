//! Two line-aligned plain-text files, one per language: line N of one is the translation of
//! line N of the other. Different line counts are an error naming both counts, because a
//! missing line shifts every pair after it.

use super::{Input, Skip};
use crate::error::{Error, Result};
use crate::model::memory::{Unit, Variant};
use crate::text::{LangTag, chars};

/// Guesses a file's language from its name: `news.en.txt`, `en.txt`, `zh-CN.txt`, and the
/// MT corpora's `train.en` / `news-commentary.en-zh.zh`, where the extension is the language
/// (an extension that names a file kind, `.txt` or `.tsv`, never is). The last part that is a
/// language wins: in `news.en-zh.zh` the pair names the corpus, the extension the file.
pub fn lang_from_name(path: &std::path::Path) -> Option<LangTag> {
    let name = path.file_name()?.to_str()?;
    let mut parts: Vec<&str> = name.split('.').collect();
    if parts.len() > 1 && super::detect(path).is_some() {
        parts.pop();
    }
    parts
        .into_iter()
        .rev()
        .find_map(|p| LangTag::from_header(p).filter(|_| p.len() <= 8))
}

fn next_line(input: &mut Input, buf: &mut Vec<u8>, line: u64) -> Result<Option<String>> {
    buf.clear();
    let n = super::limits::read_line(
        &mut input.reader,
        buf,
        &input.name,
        line,
        super::decode::read_error,
    )?;
    if n == 0 {
        return Ok(None);
    }
    let text = std::str::from_utf8(buf).map_err(|_| {
        let hint = super::decode::not_utf8_hint(buf);
        Error::input(&input.name, line, format!("invalid UTF-8{hint}"))
    })?;
    let text = text.strip_suffix('\n').unwrap_or(text);
    Ok(Some(text.strip_suffix('\r').unwrap_or(text).to_string()))
}

/// Reads both files in step. Blank on both sides is a paragraph break, passed over; blank on
/// one side only is a skip.
pub fn read_parallel(
    mut a: Input,
    mut b: Input,
    langs: [LangTag; 2],
    sink: &mut dyn FnMut(Unit) -> Result<()>,
) -> Result<Vec<Skip>> {
    let (mut buf_a, mut buf_b) = (Vec::new(), Vec::new());
    let mut skips = Vec::new();
    let mut line = 0u64;
    loop {
        line += 1;
        let la = next_line(&mut a, &mut buf_a, line)?;
        let lb = next_line(&mut b, &mut buf_b, line)?;
        match (la, lb) {
            (None, None) => return Ok(skips),
            (Some(_), None) | (None, Some(_)) => {
                // Count what is left of the longer file, so the message gives both totals.
                let a_is_longer = !buf_a.is_empty();
                let (longer, buf) = if a_is_longer {
                    (&mut a, &mut buf_a)
                } else {
                    (&mut b, &mut buf_b)
                };
                let mut total = line;
                while next_line(longer, buf, total + 1)?.is_some() {
                    total += 1;
                }
                let (na, nb) = if a_is_longer {
                    (total, line - 1)
                } else {
                    (line - 1, total)
                };
                return Err(Error::input(
                    format!("{} and {}", a.name, b.name),
                    0,
                    format!(
                        "the files are not aligned: {} has {}, {} has {nb}",
                        a.name,
                        crate::text::counted(na, "line"),
                        b.name
                    ),
                ));
            }
            (Some(ta), Some(tb)) => {
                match (ta.trim().is_empty(), tb.trim().is_empty()) {
                    (true, true) => continue,
                    (true, false) | (false, true) => {
                        let empty = if ta.trim().is_empty() {
                            &langs[0]
                        } else {
                            &langs[1]
                        };
                        skips.push(Skip {
                            line,
                            reason: format!("empty {empty} line"),
                        });
                        continue;
                    }
                    _ => {}
                }
                if let Err(reason) = chars::check_fields([ta.as_str(), tb.as_str()]) {
                    skips.push(Skip { line, reason });
                    continue;
                }
                sink(Unit {
                    variants: vec![
                        Variant::plain(langs[0].clone(), ta),
                        Variant::plain(langs[1].clone(), tb),
                    ],
                    srclang: Some(langs[0].clone()),
                    line,
                    ..Unit::default()
                })?;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, text: &str) -> Input {
        Input::from_reader(name, std::io::Cursor::new(text.as_bytes().to_vec())).unwrap()
    }

    fn langs() -> [LangTag; 2] {
        [
            LangTag::parse("en").unwrap(),
            LangTag::parse("zh-CN").unwrap(),
        ]
    }

    #[test]
    fn pairs_lines_and_reports_one_sided_blanks() {
        let mut units = Vec::new();
        let skips = read_parallel(
            input("a", "Hi.\n\nBye.\nYes.\r\n"),
            input("b", "嗨。\n\n\n是。\r\n"),
            langs(),
            &mut |u| {
                units.push(u);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(
            units
                .iter()
                .map(|u| u.variants[1].text.as_str())
                .collect::<Vec<_>>(),
            ["嗨。", "是。"]
        );
        assert_eq!(units[1].line, 4);
        assert_eq!(
            skips,
            [Skip {
                line: 3,
                reason: "empty zh-CN line".into()
            }]
        );
    }

    #[test]
    fn regression_a_control_character_skips_the_pair() {
        let mut units = Vec::new();
        let skips = read_parallel(
            input("a", "Bell\u{7}\nHi.\n"),
            input("b", "铃\n嗨。\n"),
            langs(),
            &mut |u| {
                units.push(u);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(units.len(), 1);
        assert_eq!(skips[0].line, 1);
        assert!(skips[0].reason.starts_with("character U+0007"));
    }

    #[test]
    fn different_line_counts_name_both() {
        let err = read_parallel(
            input("en.txt", "a\nb\nc\n"),
            input("zh.txt", "甲\n"),
            langs(),
            &mut |_| Ok(()),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "en.txt and zh.txt: the files are not aligned: en.txt has 3 lines, zh.txt has 1"
        );
        let err = read_parallel(
            input("en.txt", "a\n"),
            input("zh.txt", "甲\n乙\n"),
            langs(),
            &mut |_| Ok(()),
        )
        .unwrap_err();
        assert!(
            err.to_string().ends_with("en.txt has 1 line, zh.txt has 2"),
            "{err}"
        );
    }

    #[test]
    fn language_from_file_name() {
        use std::path::Path;
        assert_eq!(
            lang_from_name(Path::new("news.en.txt")).unwrap().as_str(),
            "en"
        );
        assert_eq!(
            lang_from_name(Path::new("dir/zh-CN.txt")).unwrap().as_str(),
            "zh-CN"
        );
        assert!(lang_from_name(Path::new("draft.txt")).is_none());
        // Moses/WMT naming: the extension is the language.
        assert_eq!(
            lang_from_name(Path::new("train.en")).unwrap().as_str(),
            "en"
        );
        assert_eq!(
            lang_from_name(Path::new("news.en-zh.zh")).unwrap().as_str(),
            "zh"
        );
        // A file kind is no language.
        assert!(lang_from_name(Path::new("train.tsv")).is_none());
        assert!(lang_from_name(Path::new("notes.md")).is_none());
    }
}
