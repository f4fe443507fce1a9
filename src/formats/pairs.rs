//! Aligned pairs in CSV or TSV, for the memory: a header naming the languages (`en,zh-CN`,
//! `English,Chinese`), or `--langs` for a file without one (Tatoeba's `English TAB Chinese
//! TAB attribution`, WMT's `0,1` with `--header`).
//!
//! Columns that are not languages become notes (`note`, `comment`, `attribution`, and every
//! extra column of a header-less file) or props (any other named column). Every row must have
//! as many fields as the first: a row with fewer is skipped and reported, because that is how
//! a TAB that became spaces shows itself (two of Tatoeba's lines), and importing such a row
//! would store the attribution as a translation.
//!
//! TSV has no quoting: a `"` is an ordinary character and a row is a line, ending at LF or
//! CRLF (a lone CR inside a row is reported as mixed line endings). Leading lines that start
//! with `#` are comments (the shipped memory has some); later ones are text. CSV follows RFC
//! 4180, and a quote never closed, or text after a closing quote, is an error naming the line,
//! as in the glossary reader. A row holding a character concord never stores
//! ([`crate::text::chars`]) is skipped and reported.

use std::io::{BufRead, Read};

use super::decode::read_error;
use super::delimited::{quoted_fields, record_start};
use super::{Input, MemoryReader, ReadOptions, Skip};
use crate::error::{Error, Result};
use crate::model::memory::{Meta, Prop, Unit, Variant};
use crate::text::{LangTag, chars};

pub struct PairsReader {
    pub delimiter: u8,
}

/// What a column holds.
#[derive(Clone, Debug, PartialEq)]
enum Column {
    Lang(LangTag),
    Note,
    Prop(String),
}

fn note_column(name: &str) -> bool {
    matches!(
        name.trim().to_lowercase().as_str(),
        "note" | "notes" | "comment" | "comments" | "attribution" | "license" | "source note"
    )
}

/// Reads a header row, or says it is not one: a header names at least two languages.
fn header_columns(cells: &[String]) -> Option<Vec<Column>> {
    let cols: Vec<Column> = cells
        .iter()
        .map(|c| {
            if note_column(c) {
                Column::Note
            } else if let Some(l) = LangTag::from_header(c) {
                Column::Lang(l)
            } else {
                Column::Prop(c.trim().to_string())
            }
        })
        .collect();
    let langs = cols.iter().filter(|c| matches!(c, Column::Lang(_))).count();
    (langs >= 2).then_some(cols)
}

/// Iterates the rows of a delimited stream with their 1-based line numbers.
trait Rows {
    fn next_row(&mut self) -> Result<Option<(u64, Vec<String>)>>;
}

struct TsvRows {
    input: Input,
    line: u64,
    buf: Vec<u8>,
    in_preamble: bool,
}

impl Rows for TsvRows {
    fn next_row(&mut self) -> Result<Option<(u64, Vec<String>)>> {
        loop {
            self.buf.clear();
            let n = self
                .input
                .reader
                .read_until(b'\n', &mut self.buf)
                .map_err(|e| read_error(&self.input.name, e))?;
            if n == 0 {
                return Ok(None);
            }
            self.line += 1;
            let text = std::str::from_utf8(&self.buf).map_err(|e| {
                Error::input(
                    &self.input.name,
                    self.line,
                    format!("invalid UTF-8 at column byte {}", e.valid_up_to() + 1),
                )
            })?;
            let text = text.strip_suffix('\n').unwrap_or(text);
            let text = text.strip_suffix('\r').unwrap_or(text);
            if text.trim().is_empty() || (self.in_preamble && text.starts_with('#')) {
                continue;
            }
            self.in_preamble = false;
            return Ok(Some((
                self.line,
                text.split('\t').map(str::to_string).collect(),
            )));
        }
    }
}

struct CsvRows {
    name: String,
    delimiter: u8,
    reader: csv::Reader<Recorded>,
    record: csv::ByteRecord,
    quoted: Vec<bool>,
}

/// The input of the csv crate, keeping the bytes it has read and not yet returned as records:
/// the crate accepts an unterminated quote by reading to the end of the file, and text after
/// a closing quote, so each record's raw bytes are checked as the glossary reader checks them.
struct Recorded {
    inner: Box<dyn BufRead>,
    seen: Vec<u8>,
    /// The file offset of `seen[0]`.
    base: u64,
}

impl Read for Recorded {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.seen.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

impl Rows for CsvRows {
    fn next_row(&mut self) -> Result<Option<(u64, Vec<String>)>> {
        loop {
            let more = self
                .reader
                .read_byte_record(&mut self.record)
                .map_err(|e| csv_error(&self.name, e))?;
            if !more {
                return Ok(None);
            }
            let before = self
                .record
                .position()
                .cloned()
                .unwrap_or_else(csv::Position::new);
            let end = self.reader.position().byte();
            let rec = self.reader.get_mut();
            let done = (end.saturating_sub(rec.base) as usize).min(rec.seen.len());
            let text = &rec.seen[..done];
            let from = (before.byte().saturating_sub(rec.base) as usize).min(done);
            let (start, line) = record_start(text, from, before.line(), None);
            let raw = &text[start..];
            if let Err((at, msg)) = quoted_fields(raw, self.delimiter, &mut self.quoted) {
                let at = line + raw[..at].iter().filter(|&&b| b == b'\n').count() as u64;
                return Err(Error::input(&self.name, at, msg));
            }
            // Dropped in large steps: each record's few bytes would move the read-ahead.
            if done >= 1 << 16 {
                rec.seen.drain(..done);
                rec.base += done as u64;
            }
            let mut cells = Vec::with_capacity(self.record.len());
            for field in self.record.iter() {
                let s = std::str::from_utf8(field)
                    .map_err(|_| Error::input(&self.name, line, "invalid UTF-8"))?;
                cells.push(s.to_string());
            }
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            return Ok(Some((line, cells)));
        }
    }
}

fn csv_error(name: &str, e: csv::Error) -> Error {
    let line = e.position().map(|p| p.line()).unwrap_or(0);
    let message = format!("malformed CSV: {e}");
    match e.into_kind() {
        csv::ErrorKind::Io(io) => read_error(name, io),
        _ => Error::input(name, line, message),
    }
}

impl MemoryReader for PairsReader {
    fn read(
        &self,
        input: Input,
        opts: &ReadOptions,
        sink: &mut dyn FnMut(Unit) -> Result<()>,
    ) -> Result<Vec<Skip>> {
        let name = input.name.clone();
        let mut rows: Box<dyn Rows> = if self.delimiter == b'\t' {
            Box::new(TsvRows {
                input,
                line: 0,
                buf: Vec::new(),
                in_preamble: true,
            })
        } else {
            let reader = csv::ReaderBuilder::new()
                .delimiter(self.delimiter)
                .has_headers(false)
                .flexible(true)
                .from_reader(Recorded {
                    inner: input.reader,
                    seen: Vec::new(),
                    base: 0,
                });
            Box::new(CsvRows {
                name: name.clone(),
                delimiter: self.delimiter,
                reader,
                record: csv::ByteRecord::new(),
                quoted: Vec::new(),
            })
        };
        let Some((first_line, first)) = rows.next_row()? else {
            return Ok(Vec::new());
        };
        let headerless = |cells: usize| -> Result<Vec<Column>> {
            if opts.langs.len() < 2 {
                return Err(Error::input(
                    &name,
                    first_line,
                    format!(
                        "the first row names no languages ({}); name the columns with language tags such as en and zh-CN, or pass --langs en,zh-CN",
                        first
                            .iter()
                            .map(|c| c.chars().take(20).collect::<String>())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
            // Fewer languages than columns leaves notes (Tatoeba's attribution); more would
            // put no row in every language asked for, and skip them all.
            if opts.langs.len() > cells {
                return Err(Error::input(
                    &name,
                    first_line,
                    format!(
                        "--langs names {} languages but the row has {} columns",
                        opts.langs.len(),
                        cells
                    ),
                ));
            }
            Ok((0..cells.max(opts.langs.len()))
                .map(|i| {
                    opts.langs
                        .get(i)
                        .map(|l| Column::Lang(l.clone()))
                        .unwrap_or(Column::Note)
                })
                .collect())
        };
        let (columns, pending) = match header_columns(&first) {
            Some(cols) if !opts.skip_header || opts.langs.is_empty() => {
                // Every row is read by the header: one that cannot be stored is no header.
                chars::check_fields(first.iter().map(String::as_str))
                    .map_err(|why| Error::input(&name, first_line, format!("header: {why}")))?;
                opts.names.header(&first);
                (cols, None)
            }
            _ if opts.skip_header => (headerless(first.len())?, None),
            _ => (headerless(first.len())?, Some((first_line, first.clone()))),
        };
        let mut skips = Vec::new();
        let mut handle = |line: u64, cells: Vec<String>| -> Result<()> {
            if cells.len() != columns.len() {
                let tsv = self.delimiter == b'\t';
                // TSV rows end at LF (or CRLF): a CR left inside the row is a line end of
                // another convention, which no count of fields can explain.
                let why = if tsv && cells.iter().any(|c| c.contains('\r')) {
                    " (the line holds a lone CR, a carriage return: the file mixes line endings)"
                } else if tsv
                    && cells.len() < columns.len()
                    && cells.iter().any(|c| c.contains("  "))
                {
                    " (a TAB may have become spaces)"
                } else {
                    ""
                };
                skips.push(Skip {
                    line,
                    reason: format!(
                        "expected {} fields, found {}{why}",
                        columns.len(),
                        cells.len(),
                    ),
                });
                return Ok(());
            }
            if let Err(reason) = chars::check_fields(cells.iter().map(String::as_str)) {
                skips.push(Skip { line, reason });
                return Ok(());
            }
            let mut unit = Unit {
                line,
                ..Unit::default()
            };
            let mut meta = Meta::default();
            for (col, cell) in columns.iter().zip(cells) {
                match col {
                    Column::Lang(l) => unit.variants.push(Variant::plain(l.clone(), cell)),
                    Column::Note if !cell.trim().is_empty() => meta.notes.push(cell),
                    Column::Prop(kind) if !cell.trim().is_empty() => meta.props.push(Prop {
                        kind: kind.clone(),
                        value: cell,
                    }),
                    _ => {}
                }
            }
            unit.meta = meta;
            sink(unit)
        };
        if let Some((line, cells)) = pending {
            handle(line, cells)?;
        }
        while let Some((line, cells)) = rows.next_row()? {
            handle(line, cells)?;
        }
        Ok(skips)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(delim: u8, text: &str, opts: &ReadOptions) -> Result<(Vec<Unit>, Vec<Skip>)> {
        let input = Input::from_reader("t", std::io::Cursor::new(text.as_bytes().to_vec()))?;
        let mut units = Vec::new();
        let skips = PairsReader { delimiter: delim }.read(input, opts, &mut |u| {
            units.push(u);
            Ok(())
        })?;
        Ok((units, skips))
    }

    fn langs(a: &str, b: &str) -> ReadOptions {
        ReadOptions {
            langs: vec![LangTag::parse(a).unwrap(), LangTag::parse(b).unwrap()],
            ..ReadOptions::default()
        }
    }

    #[test]
    fn header_names_the_languages_and_notes() {
        let (units, skips) = read(
            b'\t',
            "# a comment\nen\tzh-CN\tnote\nHi.\t嗨。\tgreeting\n#1 priority\t头等大事\t\n",
            &ReadOptions::default(),
        )
        .unwrap();
        assert!(skips.is_empty());
        assert_eq!(units.len(), 2);
        assert_eq!(units[0].variants[1].text, "嗨。");
        assert_eq!(units[0].meta.notes, ["greeting"]);
        assert_eq!(units[0].line, 3);
        assert_eq!(
            units[1].variants[0].text, "#1 priority",
            "only leading # lines are comments"
        );
    }

    #[test]
    fn regression_more_langs_than_columns_is_an_error_not_every_row_skipped() {
        let mut opts = langs("en", "zh-CN");
        opts.langs.push(LangTag::parse("fr").unwrap());
        let e = read(b'\t', "Hi.\t嗨。\n", &opts).unwrap_err();
        assert!(
            e.to_string()
                .ends_with(":1: --langs names 3 languages but the row has 2 columns"),
            "{e}"
        );
        // A row short of a field with no run of spaces is not a TAB turned to spaces.
        let (_, skips) = read(b'\t', "Hi.\t嗨。\nRun.\r\n", &langs("en", "zh")).unwrap();
        assert_eq!(skips[0].reason, "expected 2 fields, found 1");
    }

    #[test]
    fn tatoeba_layout_reports_the_row_whose_tab_became_spaces() {
        let text = "Hi.\t嗨。\tCC-BY 2.0 (France) Attribution: tatoeba.org #538123\nRun.   跑。\tCC-BY 2.0 (France) Attribution: tatoeba.org #4008\n";
        let (units, skips) = read(b'\t', text, &langs("en", "zh")).unwrap();
        assert_eq!(units.len(), 1);
        assert_eq!(
            units[0].meta.notes[0],
            "CC-BY 2.0 (France) Attribution: tatoeba.org #538123"
        );
        assert_eq!(
            skips,
            [Skip {
                line: 2,
                reason: "expected 3 fields, found 2 (a TAB may have become spaces)".into()
            }]
        );
    }

    #[test]
    fn csv_with_quotes_and_a_header_to_skip() {
        let text = "0,1\n\"我们，他们\",\"We, \"\"they\"\"\"\n";
        let mut opts = langs("zh", "en");
        opts.skip_header = true;
        let (units, _) = read(b',', text, &opts).unwrap();
        assert_eq!(units.len(), 1);
        assert_eq!(units[0].variants[1].text, "We, \"they\"");
        assert_eq!(units[0].line, 2);
    }

    #[test]
    fn no_header_and_no_langs_is_an_error_naming_the_line() {
        let err = read(b',', "0,1\nx,y\n", &ReadOptions::default())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("t:1: the first row names no languages (0, 1)"),
            "{err}"
        );
    }

    #[test]
    fn regression_an_unterminated_csv_quote_is_named_not_read_to_the_end_of_the_file() {
        let opts = ReadOptions::default();
        let e = read(b',', "en,zh-CN\n\nHi,\"嗨\nBye,再见\n", &opts).unwrap_err();
        assert_eq!(
            e.to_string(),
            "t:3: unterminated quoted field: a \" opens it and nothing closes it"
        );
        let e = read(b',', "en,zh-CN\nHi,\"嗨\"x\n", &opts).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("t:2: text after the closing quote of a quoted field"),
            "{e}"
        );
        // Quoted line breaks, blank lines and a record across a read-ahead boundary still read,
        // each on the line it starts.
        let long = "x".repeat(100_000);
        let text = format!("en,zh-CN\n\n\"a\nb\",乙\n{long},\"长\"\r\nc,丙");
        let (units, skips) = read(b',', &text, &opts).unwrap();
        assert!(skips.is_empty());
        let got: Vec<(u64, &str)> = units
            .iter()
            .map(|u| (u.line, u.variants[1].text.as_str()))
            .collect();
        assert_eq!(got, [(3, "乙"), (5, "长"), (6, "丙")]);
        assert_eq!(units[0].variants[0].text, "a\nb");
    }

    #[test]
    fn regression_a_lone_cr_is_named_not_taken_for_a_tab_turned_to_spaces() {
        let (_, skips) = read(
            b'\t',
            "Hi.\t嗨。\tnote\nHi.\rRun.\t跑  x\n",
            &langs("en", "zh"),
        )
        .unwrap();
        assert_eq!(
            skips[0].reason,
            "expected 3 fields, found 2 (the line holds a lone CR, a carriage return: the file mixes line endings)"
        );
    }

    #[test]
    fn regression_control_characters_are_a_counted_skip_and_never_a_unit() {
        for delim in [b'\t', b','] {
            let d = delim as char;
            let text =
                format!("en{d}zh-CN{d}note\nBell\u{7}{d}铃{d}\nOK{d}好{d}x\u{0}\nYes{d}是{d}\n");
            let (units, skips) = read(delim, &text, &ReadOptions::default()).unwrap();
            assert_eq!(units.len(), 1, "{d:?}");
            let lines: Vec<u64> = skips.iter().map(|s| s.line).collect();
            assert_eq!(lines, [2, 3]);
            assert!(
                skips[0]
                    .reason
                    .starts_with("character U+0007 is not allowed")
            );
            let e = read(
                delim,
                &format!("en{d}zh-CN{d}no\u{1b}te\nA{d}甲{d}\n"),
                &ReadOptions::default(),
            )
            .unwrap_err();
            assert!(
                e.to_string().starts_with("t:1: header: character U+001B"),
                "{e}"
            );
        }
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let input =
            Input::from_reader("t", std::io::Cursor::new(b"en\tzh\na\t\xff\n".to_vec())).unwrap();
        let err = PairsReader { delimiter: b'\t' }
            .read(input, &ReadOptions::default(), &mut |_| Ok(()))
            .unwrap_err();
        assert!(err.to_string().starts_with("t:2: invalid UTF-8"), "{err}");
    }
}
