//! Aligned pairs in CSV or TSV, for the memory: a header naming the languages (`en,zh-CN`,
//! `English,Chinese`), or `--langs` for a file without one (Tatoeba's `English TAB Chinese
//! TAB attribution`, WMT's `0,1` with `--header`).
//!
//! Columns that are not languages become notes (`note`, `comment`, `attribution`, and every
//! extra column of a header-less file) or props (any other named column). Every row must have
//! as many fields as the first: a row with fewer is skipped and reported, because that is how
//! a TAB that became spaces shows itself (two of Tatoeba's lines), and importing such a row
//! would store the attribution as a translation. An empty (or blank) language cell means the
//! unit has no segment in that language, as an empty `<seg>` does in TMX; a row left with
//! fewer than two segments is skipped and reported.
//!
//! TSV has no quoting: a `"` is an ordinary character and a row is a line, ending at LF or
//! CRLF (a lone CR inside a row is reported as mixed line endings). Leading lines that start
//! with `#` are comments (the shipped memory has some); later ones are text. CSV follows RFC
//! 4180, and a quote never closed, or text after a closing quote, is an error naming the line,
//! as in the glossary reader. A row holding a character concord never stores
//! ([`crate::text::chars`]) is skipped and reported.
//!
//! # concord's own layout
//!
//! What `tm export` writes to CSV or TSV, made to read back as the very units it came from.
//! Its first line says so (`# concord memory`, then a reminder of the rules below):
//!
//! ```text
//! # concord memory: TSV cells escape TAB, LF, CR and backslash as \t \n \r \\; a column named <lang> markup holds TMX inline markup
//! en-US          zh-CN         en-US markup
//! Click Save.    单击保存。    Click <bpt i="1" x="1">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept>.
//! Two\nlines.    两行。
//! ```
//!
//! - A language column's header is the exact tag of the segments in it (`en-US`, never a
//!   range like `en`), since the tag is part of what makes a unit the same unit. Every column
//!   but the notes (`note`…) and the markup columns is a language, whatever its tag.
//! - A unit with two segments in one language takes two columns of that tag; an empty cell
//!   means the unit has no segment in that language.
//! - A column `<tag> markup` holds the TMX 1.4 inline markup of the segment in the `<tag>`
//!   column (the k-th such column goes with the k-th `<tag>` column), empty when the segment
//!   has no inline codes. The language column keeps the text a translator reads; the two must
//!   agree (the markup's text, codes left out, is the cell's text), else the import stops at
//!   that line, since one of them was edited and which one is right cannot be told.
//! - TSV cells escape what a line cannot hold: `\t` for a TAB, `\n` for a line feed, `\r` for a
//!   carriage return, `\\` for a backslash; a backslash before anything else is itself. Only
//!   files with the first line above are unescaped: in any other TSV a backslash is text. CSV
//!   cells need no escapes, quoting does that work.
//! - The layout carries text and markup, which is what makes a unit itself; dates, notes,
//!   props and attributes travel in TMX only.

use std::io::{BufRead, Read, Write};

use super::decode::read_error;
use super::delimited::{escape, note_column, quoted_fields, record_start, role_heading, unescape};
use super::{Input, MemoryReader, ReadOptions, Skip, limits, tmx};
use crate::error::{Error, Result};
use crate::model::memory::{Meta, Prop, Unit, Variant};
use crate::text::{LangTag, chars};

/// How the first line of a file in concord's own layout begins.
pub const MARKER: &str = "# concord memory";

/// The marker line concord writes, with the rules a reader of the file needs. Neither holds a
/// comma or a quote, so that a CSV reader takes the line for one plain cell.
const TSV_MARKER: &str = "# concord memory: TSV cells escape TAB, LF, CR and backslash as \\t \\n \\r \\\\; a column named <lang> markup holds TMX inline markup";
const CSV_MARKER: &str = "# concord memory: a column named <lang> markup holds TMX inline markup";

pub struct PairsReader {
    pub delimiter: u8,
}

/// What a column holds.
#[derive(Clone, Debug, PartialEq)]
enum Column {
    Lang(LangTag),
    /// The markup of the segment in the language column at this index.
    Markup(usize),
    Note,
    Prop(String),
}

/// Reads a header row, or says it is not one: a header names at least two languages, or one
/// in concord's own layout (an export of one language's column). In concord's layout every
/// column but notes and markup is a language tag; elsewhere a language is a tag or a name
/// spreadsheets use (`English`). Errs when a markup column has no language column to go with.
fn header_columns(
    cells: &[String],
    concord: bool,
) -> std::result::Result<Option<Vec<Column>>, String> {
    let mut cols: Vec<Column> = Vec::with_capacity(cells.len());
    let mut markup: Vec<(usize, LangTag)> = Vec::new();
    for c in cells {
        let markup_of = c
            .trim()
            .strip_suffix(" markup")
            .and_then(|t| LangTag::parse(t).ok());
        let lang = || {
            if concord {
                LangTag::parse(c).ok()
            } else {
                LangTag::from_header(c)
            }
        };
        cols.push(if note_column(c) {
            Column::Note
        } else if let Some(tag) = markup_of {
            markup.push((cols.len(), tag));
            // Paired below, once every language column is known.
            Column::Note
        } else if let Some(l) = lang() {
            Column::Lang(l)
        } else {
            Column::Prop(c.trim().to_string())
        });
    }
    for (n, (at, tag)) in markup.iter().enumerate() {
        let nth = markup[..n].iter().filter(|(_, t)| t == tag).count();
        let column = Column::Lang(tag.clone());
        let Some(lang_at) = cols
            .iter()
            .enumerate()
            .filter(|(_, c)| **c == column)
            .map(|(i, _)| i)
            .nth(nth)
        else {
            return Err(format!(
                "column {} ({}) has no {tag} column to go with",
                at + 1,
                cells[*at].trim()
            ));
        };
        cols[*at] = Column::Markup(lang_at);
    }
    let langs = cols.iter().filter(|c| matches!(c, Column::Lang(_))).count();
    Ok((langs >= if concord { 1 } else { 2 }).then_some(cols))
}

/// Iterates the rows of a delimited stream with their 1-based line numbers.
trait Rows {
    fn next_row(&mut self) -> Result<Option<(u64, Vec<String>)>>;

    /// The rows after this one are in concord's own layout: TSV unescapes their cells.
    fn concord_layout(&mut self) {}
}

struct TsvRows {
    input: Input,
    line: u64,
    buf: Vec<u8>,
    in_preamble: bool,
    escaped: bool,
}

impl Rows for TsvRows {
    fn next_row(&mut self) -> Result<Option<(u64, Vec<String>)>> {
        loop {
            self.buf.clear();
            let n = limits::read_line(
                &mut self.input.reader,
                &mut self.buf,
                &self.input.name,
                self.line + 1,
                read_error,
            )?;
            if n == 0 {
                return Ok(None);
            }
            self.line += 1;
            let text = std::str::from_utf8(&self.buf).map_err(|e| {
                Error::input(
                    &self.input.name,
                    self.line,
                    format!(
                        "invalid UTF-8 at column byte {}{}",
                        e.valid_up_to() + 1,
                        super::decode::not_utf8_hint(&self.buf)
                    ),
                )
            })?;
            let text = text.strip_suffix('\n').unwrap_or(text);
            let text = text.strip_suffix('\r').unwrap_or(text);
            if text.trim().is_empty() {
                continue;
            }
            if self.in_preamble && text.starts_with('#') {
                // The marker is a comment too, but the caller must see it.
                if self.line == 1 && text.starts_with(MARKER) {
                    return Ok(Some((self.line, vec![text.to_string()])));
                }
                continue;
            }
            self.in_preamble = false;
            let cells = text.split('\t');
            let cells = if self.escaped {
                cells.map(|c| unescape(c).into_owned()).collect()
            } else {
                cells.map(str::to_string).collect()
            };
            return Ok(Some((self.line, cells)));
        }
    }

    fn concord_layout(&mut self) {
        self.escaped = true;
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
    /// The file offset and line where the record being read starts.
    next: u64,
    next_line: u64,
}

impl Read for Recorded {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        // The crate would hold a quoted field that never closes until the end of the file,
        // and keep it in `seen` too: a record stops at the limit instead.
        if (self.base + self.seen.len() as u64).saturating_sub(self.next) > limits::RECORD as u64 {
            return Err(limits::Exceeded::Record.into_io());
        }
        let n = self.inner.read(buf)?;
        self.seen.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

impl Rows for CsvRows {
    fn next_row(&mut self) -> Result<Option<(u64, Vec<String>)>> {
        loop {
            let more = match self.reader.read_byte_record(&mut self.record) {
                Ok(more) => more,
                Err(e) if matches!(e.kind(), csv::ErrorKind::Io(io) if limits::Exceeded::from_io(io).is_some()) =>
                {
                    let line = self.reader.get_ref().next_line;
                    return Err(Error::input(
                        &self.name,
                        line,
                        format!(
                            "the record starting at line {line} is larger than 8 MiB, concord's \
                             limit (a quoted field that never closes?)"
                        ),
                    ));
                }
                Err(e) => return Err(csv_error(&self.name, e)),
            };
            if !more {
                return Ok(None);
            }
            let before = self
                .record
                .position()
                .cloned()
                .unwrap_or_else(csv::Position::new);
            let end = self.reader.position().byte();
            let end_line = self.reader.position().line();
            let rec = self.reader.get_mut();
            rec.next = end;
            rec.next_line = end_line;
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
                let s = std::str::from_utf8(field).map_err(|_| {
                    let hint = super::decode::not_utf8_hint(field);
                    Error::input(&self.name, line, format!("invalid UTF-8{hint}"))
                })?;
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
                escaped: false,
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
                    next: 0,
                    next_line: 1,
                });
            Box::new(CsvRows {
                name: name.clone(),
                delimiter: self.delimiter,
                reader,
                record: csv::ByteRecord::new(),
                quoted: Vec::new(),
            })
        };
        let Some((mut first_line, mut first)) = rows.next_row()? else {
            return Ok(Vec::new());
        };
        let concord = first.first().is_some_and(|c| c.starts_with(MARKER));
        if concord {
            rows.concord_layout();
            let Some(header) = rows.next_row()? else {
                return Ok(Vec::new());
            };
            (first_line, first) = header;
        }
        let header =
            header_columns(&first, concord).map_err(|why| Error::input(&name, first_line, why))?;
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
        let (columns, pending) = match header {
            // concord's own layout always has its header, whatever the options say.
            Some(cols) if concord || !opts.skip_header || opts.langs.is_empty() => {
                // Every row is read by the header: one that cannot be stored is no header.
                chars::check_fields(first.iter().map(String::as_str))
                    .map_err(|why| Error::input(&name, first_line, format!("header: {why}")))?;
                opts.names.header(&first);
                (cols, None)
            }
            None if concord => {
                return Err(Error::input(
                    &name,
                    first_line,
                    "the header of this concord memory file names no language",
                ));
            }
            _ if opts.skip_header => (headerless(first.len())?, None),
            // `--langs` alone would take "Source, Target" for a pair to store.
            _ if first.iter().filter(|c| !c.trim().is_empty()).count() >= 2
                && first.iter().all(|c| c.trim().is_empty() || role_heading(c)) =>
            {
                return Err(Error::input(
                    &name,
                    first_line,
                    format!(
                        "the first row is a header that names no languages ({}); pass --header \
                         to skip it and take the languages from --langs",
                        first.join(", ")
                    ),
                ));
            }
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
            match row_unit(&columns, cells, line) {
                Ok(unit) => sink(unit),
                Err(RowError::Skip(reason)) => {
                    skips.push(Skip { line, reason });
                    Ok(())
                }
                Err(RowError::Bad(why)) => Err(Error::input(&name, line, why)),
            }
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

/// Why a row gives no unit: it is merely unusable, or it is wrong.
enum RowError {
    Skip(String),
    Bad(String),
}

/// A row as a unit: a segment per filled language cell, with its markup when a markup column
/// holds some, and notes and props from the other columns.
fn row_unit(
    columns: &[Column],
    cells: Vec<String>,
    line: u64,
) -> std::result::Result<Unit, RowError> {
    let mut unit = Unit {
        line,
        ..Unit::default()
    };
    let mut meta = Meta::default();
    // The variant each language column gave, and the language columns left empty.
    let mut variant_of = vec![None; columns.len()];
    let mut blank = Vec::new();
    let mut markup = Vec::new();
    for (i, (col, cell)) in columns.iter().zip(cells).enumerate() {
        match col {
            Column::Lang(l) if cell.trim().is_empty() => blank.push(l.as_str()),
            Column::Lang(l) => {
                variant_of[i] = Some(unit.variants.len());
                unit.variants.push(Variant::plain(l.clone(), cell));
            }
            Column::Markup(of) if !cell.is_empty() => markup.push((*of, cell)),
            Column::Note if !cell.trim().is_empty() => meta.notes.push(cell),
            Column::Prop(kind) if !cell.trim().is_empty() => meta.props.push(Prop {
                kind: kind.clone(),
                value: cell,
            }),
            _ => {}
        }
    }
    for (of, m) in markup {
        let Column::Lang(l) = &columns[of] else {
            unreachable!("a markup column goes with a language column");
        };
        let Some(v) = variant_of[of] else {
            return Err(RowError::Bad(format!(
                "a {l} markup cell beside an empty {l} cell: the markup's text belongs in the {l} column too"
            )));
        };
        let v = &mut unit.variants[v];
        match tmx::markup_text(&m) {
            Err(why) => {
                return Err(RowError::Bad(format!(
                    "the {l} markup is not TMX inline markup concord reads: {why}"
                )));
            }
            Ok(text) if text != v.text => {
                return Err(RowError::Bad(format!(
                    "the {l} text and its markup disagree: the markup's text is {text:?}, the cell's {:?}; correct one of them, or empty the markup cell to keep the text alone",
                    v.text
                )));
            }
            Ok(_) => v.markup = Some(m),
        }
    }
    if unit.variants.len() < 2 {
        return Err(RowError::Skip(if blank.is_empty() {
            "only one language".into()
        } else {
            format!("empty {} segment", blank.join(", "))
        }));
    }
    unit.meta = meta;
    Ok(unit)
}

/// Writes concord's own layout (see the module documentation): the marker line, the header,
/// then a row per unit.
pub struct PairsWriter<W: Write> {
    w: csv::Writer<W>,
    tsv: bool,
    /// Which language columns have a markup column.
    markup: Vec<bool>,
    what: &'static str,
}

impl<W: Write> PairsWriter<W> {
    /// Writes the marker and the header: a column per entry of `columns`, each with a markup
    /// column after all of them when its flag says so. `delimiter` is `b'\t'` for TSV (cells
    /// escaped), anything else for CSV (cells quoted as needed).
    pub fn new(mut out: W, delimiter: u8, columns: &[(LangTag, bool)]) -> Result<Self> {
        let tsv = delimiter == b'\t';
        let what = if tsv { "TSV" } else { "CSV" };
        let marker = if tsv { TSV_MARKER } else { CSV_MARKER };
        writeln!(out, "{marker}").map_err(|e| Error::Invalid(format!("writing {what}: {e}")))?;
        let w = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .terminator(csv::Terminator::Any(b'\n'))
            // TSV cells are escaped instead, and a quote there is an ordinary character.
            .quote_style(if tsv {
                csv::QuoteStyle::Never
            } else {
                csv::QuoteStyle::Necessary
            })
            .from_writer(out);
        let mut writer = PairsWriter {
            w,
            tsv,
            markup: columns.iter().map(|(_, m)| *m).collect(),
            what,
        };
        let texts = columns.iter().map(|(l, _)| l.to_string());
        let markups = columns
            .iter()
            .filter(|(_, m)| *m)
            .map(|(l, _)| format!("{l} markup"));
        let header: Vec<String> = texts.chain(markups).collect();
        writer.record(&header)?;
        Ok(writer)
    }

    /// Writes a unit's row: for each language column, the segment that goes in it, if any.
    pub fn write_row(&mut self, row: &[Option<&Variant>]) -> Result<()> {
        let mut cells: Vec<String> = row
            .iter()
            .map(|v| v.map(|v| v.text.clone()).unwrap_or_default())
            .collect();
        for (v, _) in row.iter().zip(&self.markup).filter(|(_, m)| **m) {
            let markup = v.and_then(|v| v.markup.as_ref().map(|m| (v, m)));
            let Some((v, m)) = markup else {
                cells.push(String::new());
                continue;
            };
            // Only markup the reader takes back: a file concord writes, concord reads.
            match tmx::markup_text(m) {
                Ok(text) if text == v.text => cells.push(m.clone()),
                Ok(text) => {
                    return Err(Error::Invalid(format!(
                        "writing {}: the {} markup of a unit reads {text:?}, not its text {:?}",
                        self.what, v.lang, v.text
                    )));
                }
                Err(why) => {
                    return Err(Error::Invalid(format!(
                        "writing {}: the {} markup of a unit is not valid TMX inline markup: {why}",
                        self.what, v.lang
                    )));
                }
            }
        }
        self.record(&cells)
    }

    fn record(&mut self, cells: &[String]) -> Result<()> {
        let result = if self.tsv {
            self.w
                .write_record(cells.iter().map(|c| escape(c).into_owned().into_bytes()))
        } else {
            self.w.write_record(cells)
        };
        result.map_err(|e| Error::Invalid(format!("writing {}: {e}", self.what)))
    }

    /// Flushes, and hands the output back.
    pub fn finish(self) -> Result<W> {
        let what = self.what;
        self.w
            .into_inner()
            .map_err(|e| Error::Invalid(format!("writing {what}: {}", e.error())))
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

    fn tag(t: &str) -> LangTag {
        LangTag::parse(t).unwrap()
    }

    /// The variants of a unit as (lang, text, markup).
    fn segs(u: &Unit) -> Vec<(&str, &str, Option<&str>)> {
        u.variants
            .iter()
            .map(|v| (v.lang.as_str(), v.text.as_str(), v.markup.as_deref()))
            .collect()
    }

    const BOLD: &str =
        "Click <bpt i=\"1\" x=\"1\">&lt;b&gt;</bpt>Save<ept i=\"1\">&lt;/b&gt;</ept>.";

    #[test]
    fn concord_layout_reads_exact_tags_escapes_markup_and_absent_segments() {
        let text = format!(
            "{TSV_MARKER}\n# another comment\nen-US\tyue\ten-US\ten-US markup\n\
             Click Save.\t撳儲存。\t\t{BOLD}\n\
             Tab\\there,\\nC:\\\\new \\q\t二\tSecond one\t\n"
        );
        let (units, skips) = read(b'\t', &text, &ReadOptions::default()).unwrap();
        assert!(skips.is_empty(), "{skips:?}");
        assert_eq!(
            segs(&units[0]),
            [
                ("en-US", "Click Save.", Some(BOLD)),
                ("yue", "撳儲存。", None)
            ]
        );
        assert_eq!(units[0].line, 4);
        assert_eq!(
            segs(&units[1]),
            [
                ("en-US", "Tab\there,\nC:\\new \\q", None),
                ("yue", "二", None),
                ("en-US", "Second one", None)
            ]
        );
    }

    #[test]
    fn without_the_marker_a_backslash_is_text() {
        let (units, _) = read(b'\t', "en\tzh\nC:\\new\\t\t新\n", &ReadOptions::default()).unwrap();
        assert_eq!(units[0].variants[0].text, "C:\\new\\t");
    }

    #[test]
    fn a_blank_language_cell_is_no_segment() {
        let (units, skips) = read(
            b',',
            "en,zh-CN,fr\nHi.,嗨。,\nBye., ,\n",
            &ReadOptions::default(),
        )
        .unwrap();
        assert_eq!(
            segs(&units[0]),
            [("en", "Hi.", None), ("zh-CN", "嗨。", None)]
        );
        assert_eq!(
            skips,
            [Skip {
                line: 3,
                reason: "empty zh-CN, fr segment".into()
            }]
        );
    }

    #[test]
    fn markup_that_disagrees_with_its_text_stops_the_import_at_its_line() {
        let bad = |text: &str| {
            read(b'\t', text, &ReadOptions::default())
                .unwrap_err()
                .to_string()
        };
        let head = format!("{TSV_MARKER}\nen\tzh\ten markup\n");
        let err = bad(&format!(
            "{head}Hi.\t嗨。\t\nClick Saved.\t保存。\t{BOLD}\n"
        ));
        assert!(
            err.starts_with(
                "t:4: the en text and its markup disagree: the markup's text is \"Click Save.\""
            ),
            "{err}"
        );
        let err = bad(&format!("{head}\t嗨。\t{BOLD}\n"));
        assert!(
            err.starts_with("t:3: a en markup cell beside an empty en cell"),
            "{err}"
        );
        let err = bad(&format!("{head}Hi.\t嗨。\t<b>Hi.</b>\n"));
        assert!(
            err.starts_with("t:3: the en markup is not TMX inline markup"),
            "{err}"
        );
        let err = bad(&format!("{TSV_MARKER}\nen\tzh\tfr markup\n"));
        assert_eq!(err, "t:2: column 3 (fr markup) has no fr column to go with");
    }

    #[test]
    fn what_the_writer_writes_the_reader_reads_back() {
        let columns = [
            (tag("en-US"), true),
            (tag("en-US"), true),
            (tag("zh-CN"), false),
        ];
        // Each row's cells: text and markup, or no segment in that column.
        type Cell = Option<(&'static str, Option<&'static str>)>;
        let rows: [[Cell; 3]; 2] = [
            [
                Some((" Tab\there, \\n\r\n#1 \"quoted\", ", None)),
                None,
                Some(("　全角　", None)),
            ],
            [
                Some(("Click Save.", Some(BOLD))),
                Some(("#Second", None)),
                Some(("保存", None)),
            ],
        ];
        for delimiter in [b'\t', b','] {
            let mut w = PairsWriter::new(Vec::new(), delimiter, &columns).unwrap();
            let mut want = Vec::new();
            for row in &rows {
                let variants: Vec<Option<Variant>> = row
                    .iter()
                    .zip(&columns)
                    .map(|(cell, (lang, _))| {
                        cell.map(|(text, markup)| Variant {
                            markup: markup.map(str::to_string),
                            ..Variant::plain(lang.clone(), text)
                        })
                    })
                    .collect();
                w.write_row(&variants.iter().map(Option::as_ref).collect::<Vec<_>>())
                    .unwrap();
                want.push(variants.into_iter().flatten().collect::<Vec<_>>());
            }
            let text = String::from_utf8(w.finish().unwrap()).unwrap();
            let (back, skips) = read(delimiter, &text, &ReadOptions::default()).unwrap();
            assert!(skips.is_empty(), "{skips:?}\n{text}");
            let back: Vec<_> = back.into_iter().map(|u| u.variants).collect();
            assert_eq!(back, want, "{text}");
        }
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
