//! CSV and TSV glossaries: concord's own layout, and the spreadsheet layouts other tools write.
//!
//! CSV (`,`) follows RFC 4180: a field may be quoted, `""` is a quote inside one, and quoted
//! fields may span lines. TSV (`\t`) has no quoting at all: a `"` is an ordinary character.
//! In both, a line starting with `#` is a comment (OmegaT glossaries open with
//! `# -*- coding: utf-8 -*-`), and blank or whitespace-only lines are ignored. Line numbers in
//! messages are physical lines of the file.
//!
//! The first row that is not a comment decides the layout. A row holding a character concord
//! never stores ([`crate::text::chars`]) is skipped and reported; in the header it is an error.
//!
//! # concord's own layout
//!
//! One row per term. Rows with the same `concept` value are one concept, in the order the
//! concept first appears; its rows need not be adjacent. This is the layout of the shipped
//! `glossary/concord.tsv` and of every export, so a glossary can be reviewed as a plain file
//! and read back unchanged. In TSV it looks like this (one tab between cells; empty cells at
//! the end of a row may be left out):
//!
//! ```text
//! concept   lang    term                          status     type      note
//! mayor     en      Mayor
//! mayor     zh-CN   市长
//! mou       en      memorandum of understanding
//! mou       en      MOU                           admitted   acronym
//! mou       zh-CN   谅解备忘录
//! ```
//!
//! The header names the columns, in any order and any letter case. `concept`, `lang` and
//! `term` are required; the others are optional:
//!
//! | column | what it holds |
//! |---|---|
//! | `concept` | the concept's id: any text (spaces around it do not count); it is kept as the concept's external id |
//! | `lang` | a BCP 47 tag: `en`, `zh-CN`, `zh-Hans` (`zh_CN` is accepted) |
//! | `term` | the term, exactly as written |
//! | `status` | `preferred` (the default when blank), `admitted`, `deprecated`, `superseded` or `forbidden` |
//! | `type` | `fullForm`, `acronym`, `abbreviation`, `shortForm`, `variant` or `phrase` |
//! | `pos` | part of speech, free text (`noun`, `verb`…) |
//! | `case` | `yes` when the term must match with its exact letter case (`US` is not `us`); blank or `no` otherwise |
//! | `context` | a sentence showing the term in use |
//! | `note` | a note on this term |
//! | `source` | where this term comes from |
//! | `subject` | the concept's subject field |
//! | `definition` | the concept's definition |
//! | `concept_note` | a note on the concept as a whole |
//!
//! `subject`, `definition` and `concept_note` belong to the concept: each is taken from the
//! first of its rows where the cell is not empty, so it is enough to write them once.
//!
//! Text in this layout is kept exactly as given, spaces included: the file is ours, and what
//! it says is what is stored. So that any text survives a TSV file, TSV cells of this layout
//! use four backslash escapes: `\t` for a tab, `\n` for a line break, `\r` for a carriage
//! return and `\\` for a backslash. Any other backslash is an ordinary character, so a
//! hand-typed `C:\Users` stays as it is. CSV needs no escapes: quoting does that work.
//!
//! # Spreadsheet layouts
//!
//! - **One column per language**: the header names languages, as tags (`en`, `zh-CN`,
//!   `zh_CN`) or names (`English`, `Chinese`). Other columns may be `id`/`concept`,
//!   `subject`/`domain`, `definition`/`description`, `note`/`notes`/`comment`/`comments`,
//!   `pos`/`part of speech` and `source` (where the terms come from); two columns of one kind
//!   are joined with `; `. Each row is a concept; the first column of a language holds its
//!   preferred term, further columns of that language admitted ones. A cell is one term even
//!   if it contains `;`.
//! - **Source and target per row** (TICO-19): `sourceLang`, `targetLang`, `sourceString`,
//!   `targetString`, and optionally the columns above (`stringID` is an id).
//! - **No header** (OmegaT and Okapi glossaries): term, translation and an optional note, in
//!   the two languages the caller names (`--langs en,zh-CN`). A header, when there is one,
//!   wins over `--langs`.
//!
//! In these layouts the spaces around a cell are spreadsheet padding, not part of a term, and
//! are trimmed; but a CSV cell written in quotes keeps its spaces, because quotes say they are
//! meant. A row with terms in fewer than two languages is skipped and reported.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io::Write;

use csv::{ByteRecord, QuoteStyle, ReaderBuilder, Terminator, WriterBuilder};

use super::{GlossaryRead, GlossaryReader, ReadOptions, Skip, Source};
use crate::error::{Error, Result};
use crate::model::glossary::{Concept, Status, StoredConcept, Term, TermType};
use crate::text::chars::{self, quoted};
use crate::text::{LangTag, NamedLangs};

/// Reads CSV (`delimiter: b','`) or TSV (`delimiter: b'\t'`) glossaries. Any delimiter other
/// than a tab is read with CSV quoting.
pub struct DelimitedReader {
    pub delimiter: u8,
}

impl GlossaryReader for DelimitedReader {
    fn read(&self, src: &Source, opts: &ReadOptions) -> Result<GlossaryRead> {
        super::limits::check_lines(&src.name, &src.text)?;
        let rows = self.rows(src)?;
        let Some(first) = rows.first() else {
            return Ok(GlossaryRead::default());
        };
        let file = File {
            name: &src.name,
            tsv: self.delimiter == b'\t',
            names: &opts.names,
        };
        let layout = detect(&file, first, opts)?;
        let data = match layout {
            Layout::Headerless(..) => &rows[..],
            _ => {
                // The header decides how every row is read: one that cannot be stored is no
                // header.
                if let Err(why) = chars::check_fields(first.cells.iter().map(String::as_str)) {
                    return Err(Error::input(
                        &src.name,
                        first.line,
                        format!("header: {why}"),
                    ));
                }
                &rows[1..]
            }
        };
        // A row holding a character concord never stores is skipped whole, with the reason.
        let mut unstorable = Vec::new();
        let data: Vec<&Row> = data
            .iter()
            .filter(
                |r| match chars::check_fields(r.cells.iter().map(String::as_str)) {
                    Ok(()) => true,
                    Err(reason) => {
                        unstorable.push(Skip {
                            line: r.line,
                            reason,
                        });
                        false
                    }
                },
            )
            .collect();
        let mut read = match layout {
            Layout::Long(cols) => file.read_long(&cols, &data),
            Layout::Wide(cols) => file.read_wide(&cols, &data),
            Layout::Pair(cols) => file.read_pair(&cols, &data),
            Layout::Headerless(a, b) => file.read_headerless(&a, &b, &data),
        }?;
        if !unstorable.is_empty() {
            read.skipped.append(&mut unstorable);
            read.skipped.sort_by_key(|s| s.line);
        }
        Ok(read)
    }
}

/// One row with something in it: its first physical line, its cells, and for CSV which cells
/// were quoted.
struct Row {
    line: u64,
    cells: Vec<String>,
    quoted: Vec<bool>,
}

impl Row {
    fn raw(&self, i: usize) -> &str {
        self.cells.get(i).map_or("", String::as_str)
    }

    /// A cell as spreadsheet layouts see it: padding trimmed unless the cell was quoted.
    fn cell(&self, i: usize) -> &str {
        let raw = self.raw(i);
        if self.quoted.get(i).copied().unwrap_or(false) {
            raw
        } else {
            raw.trim()
        }
    }

    /// The row's cells trimmed, for messages.
    fn summary(&self) -> String {
        let cells: Vec<&str> = self.cells.iter().map(|c| c.trim()).collect();
        chars::clip(&cells.join(", ")).into_owned()
    }
}

impl DelimitedReader {
    /// Splits the text into rows with the csv crate, skipping comments and blank rows.
    fn rows(&self, src: &Source) -> Result<Vec<Row>> {
        let text = src.text.as_bytes();
        let csv_quoting = self.delimiter != b'\t';
        let mut rdr = ReaderBuilder::new()
            .delimiter(self.delimiter)
            .has_headers(false)
            .flexible(true)
            .quoting(csv_quoting)
            .comment(Some(b'#'))
            .from_reader(text);
        let mut rec = ByteRecord::new();
        let mut quoted = Vec::new();
        let mut rows = Vec::new();
        loop {
            let before = rdr.position().clone();
            match rdr.read_byte_record(&mut rec) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => return Err(Error::input(&src.name, before.line(), e.to_string())),
            }
            // The csv crate positions a record where the previous one ended, before the blank
            // and comment lines it skipped; the line a user sees is where the record's text
            // starts.
            let (start, line) =
                record_start(text, before.byte() as usize, before.line(), Some(b'#'));
            let end = (rdr.position().byte() as usize).clamp(start, text.len());
            if csv_quoting {
                // The csv crate unquotes without saying which fields were quoted, and it
                // accepts an unterminated quote by reading to the end of the file. One pass
                // over the record's raw bytes answers both.
                let raw = &text[start..end];
                if let Err((at, msg)) = quoted_fields(raw, self.delimiter, &mut quoted) {
                    let line = line + count_newlines(&raw[..at]);
                    return Err(Error::input(&src.name, line, msg));
                }
            }
            let mut cells = Vec::with_capacity(rec.len());
            for field in rec.iter() {
                // Fields are split at ASCII bytes of text that was valid UTF-8, so this holds.
                let cell = std::str::from_utf8(field)
                    .map_err(|_| Error::input(&src.name, line, "invalid UTF-8 in a cell"))?;
                cells.push(cell.to_string());
            }
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            rows.push(Row {
                line,
                cells,
                quoted: if csv_quoting {
                    quoted.clone()
                } else {
                    Vec::new()
                },
            });
        }
        Ok(rows)
    }
}

/// Skips what the csv crate skips before a record (line ends, and comment lines when it
/// reads them) to find the byte and line where the record itself starts.
pub(super) fn record_start(
    text: &[u8],
    mut i: usize,
    mut line: u64,
    comment: Option<u8>,
) -> (usize, u64) {
    loop {
        match text.get(i) {
            Some(b'\n') => {
                line += 1;
                i += 1;
            }
            Some(b'\r') => i += 1,
            Some(&c) if Some(c) == comment => match text[i..].iter().position(|&b| b == b'\n') {
                Some(n) => {
                    i += n + 1;
                    line += 1;
                }
                None => i = text.len(),
            },
            _ => return (i, line),
        }
    }
}

fn count_newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

/// Which fields of one raw CSV record are quoted. A field is quoted when it starts with `"`,
/// as the csv crate reads it. Errs with the byte offset of the field when a quote is never
/// closed, or when text follows a closing quote (`"a"b`), which RFC 4180 does not allow and
/// which means the quoting is not what its writer thought.
pub(super) fn quoted_fields(
    raw: &[u8],
    delim: u8,
    out: &mut Vec<bool>,
) -> std::result::Result<(), (usize, &'static str)> {
    out.clear();
    let mut i = 0;
    loop {
        let field = i;
        let quoted = raw.get(i) == Some(&b'"');
        out.push(quoted);
        if quoted {
            i += 1;
            loop {
                match raw.get(i) {
                    None => {
                        return Err((
                            field,
                            "unterminated quoted field: a \" opens it and nothing closes it",
                        ));
                    }
                    Some(b'"') if raw.get(i + 1) == Some(&b'"') => i += 2,
                    Some(b'"') => {
                        i += 1;
                        break;
                    }
                    Some(_) => i += 1,
                }
            }
            match raw.get(i) {
                None | Some(b'\r' | b'\n') => return Ok(()),
                Some(&b) if b == delim => {
                    i += 1;
                    continue;
                }
                Some(_) => {
                    return Err((
                        field,
                        "text after the closing quote of a quoted field (a quote inside quotes is written \"\")",
                    ));
                }
            }
        }
        loop {
            match raw.get(i) {
                None | Some(b'\r' | b'\n') => return Ok(()),
                Some(&b) if b == delim => {
                    i += 1;
                    break;
                }
                Some(_) => i += 1,
            }
        }
    }
}

/// The columns of concord's own layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Col {
    Concept,
    Lang,
    Term,
    Status,
    Type,
    Pos,
    Case,
    Context,
    Note,
    Source,
    Subject,
    Definition,
    ConceptNote,
}

const LONG_COLUMNS: [(&str, Col); 13] = [
    ("concept", Col::Concept),
    ("lang", Col::Lang),
    ("term", Col::Term),
    ("status", Col::Status),
    ("type", Col::Type),
    ("pos", Col::Pos),
    ("case", Col::Case),
    ("context", Col::Context),
    ("note", Col::Note),
    ("source", Col::Source),
    ("subject", Col::Subject),
    ("definition", Col::Definition),
    ("concept_note", Col::ConceptNote),
];

/// Header names of spreadsheet layouts that are not languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    ExtId,
    Subject,
    Definition,
    Note,
    Pos,
    Source,
}

const FIELD_NAMES: &str = "id, concept, subject, domain, definition, description, note, notes, comment, comments, pos, part of speech, source";

fn reserved(name: &str) -> Option<Field> {
    Some(match name {
        "id" | "stringid" | "concept" => Field::ExtId,
        "subject" | "domain" => Field::Subject,
        "definition" | "description" => Field::Definition,
        "note" | "notes" | "comment" | "comments" => Field::Note,
        "pos" | "part of speech" => Field::Pos,
        "source" => Field::Source,
        _ => return None,
    })
}

#[derive(Clone, Debug)]
enum WideCol {
    Lang(LangTag),
    Field(Field),
}

#[derive(Clone, Copy, Debug)]
enum PairCol {
    SourceLang,
    TargetLang,
    SourceString,
    TargetString,
    Field(Field),
}

/// A column is `None` when its header cell is empty.
enum Layout {
    Long(Vec<Option<Col>>),
    Wide(Vec<Option<WideCol>>),
    Pair(Vec<Option<PairCol>>),
    Headerless(LangTag, LangTag),
}

fn header_name(cell: &str) -> String {
    cell.trim().to_lowercase()
}

/// Decides the layout from the first row.
fn detect(file: &File<'_>, first: &Row, opts: &ReadOptions) -> Result<Layout> {
    let names: Vec<String> = first.cells.iter().map(|c| header_name(c)).collect();
    let has = |n: &str| names.iter().any(|x| x == n);
    let at = |msg: String| Error::input(file.name, first.line, msg);

    if has("concept") && has("lang") && has("term") {
        let mut cols = Vec::with_capacity(names.len());
        for name in &names {
            if name.is_empty() {
                cols.push(None);
                continue;
            }
            let key = name.replace([' ', '-'], "_");
            let Some(&(_, col)) = LONG_COLUMNS.iter().find(|(n, _)| *n == key) else {
                let known: Vec<&str> = LONG_COLUMNS.iter().map(|(n, _)| *n).collect();
                return Err(at(format!(
                    "unknown column {} (the columns are {})",
                    quoted(name),
                    known.join(", ")
                )));
            };
            if cols.contains(&Some(col)) {
                return Err(at(format!("column {} appears twice", quoted(name))));
            }
            cols.push(Some(col));
        }
        return Ok(Layout::Long(cols));
    }

    if ["sourcelang", "targetlang", "sourcestring", "targetstring"]
        .iter()
        .all(|n| has(n))
    {
        let mut cols = Vec::with_capacity(names.len());
        for name in &names {
            cols.push(match name.as_str() {
                "" => None,
                "sourcelang" => Some(PairCol::SourceLang),
                "targetlang" => Some(PairCol::TargetLang),
                "sourcestring" => Some(PairCol::SourceString),
                "targetstring" => Some(PairCol::TargetString),
                other => match reserved(other) {
                    Some(f) => Some(PairCol::Field(f)),
                    None => {
                        return Err(at(format!(
                            "unknown column {} (besides sourceLang, targetLang, sourceString and targetString, the columns may be {FIELD_NAMES})",
                            quoted(other)
                        )));
                    }
                },
            });
        }
        for n in ["sourcelang", "targetlang", "sourcestring", "targetstring"] {
            if names.iter().filter(|x| *x == n).count() > 1 {
                return Err(at(format!("column {} appears twice", quoted(n))));
            }
        }
        return Ok(Layout::Pair(cols));
    }

    // Reserved names come first: `id` is also the tag of Indonesian.
    let mut cols = Vec::with_capacity(names.len());
    let mut unknown = Vec::new();
    let mut langs = Vec::new();
    for (name, cell) in names.iter().zip(&first.cells) {
        cols.push(if name.is_empty() {
            None
        } else if let Some(f) = reserved(name) {
            Some(WideCol::Field(f))
        } else if let Some(tag) = LangTag::from_header(cell) {
            langs.push(tag.clone());
            Some(WideCol::Lang(tag))
        } else {
            unknown.push(cell.trim());
            None
        });
    }
    if langs.len() >= 2 {
        if let Some(name) = unknown.first() {
            // A term's own fields (its status above all) have no cell of their own in a
            // row that holds one term per language: say which layout carries them.
            let per_term = LONG_COLUMNS.iter().any(|(long, col)| {
                long.eq_ignore_ascii_case(name)
                    && matches!(col, Col::Status | Col::Type | Col::Case | Col::Context)
            });
            let hint = if per_term {
                format!(
                    "; {} belongs to one term, so it needs the one-term-a-row layout with the \
                     columns concept, lang, term, {}",
                    quoted(name),
                    name.to_ascii_lowercase()
                )
            } else {
                String::new()
            };
            return Err(at(format!(
                "column {} is neither a language nor one of {FIELD_NAMES}{hint}",
                quoted(name)
            )));
        }
        file.names.header(&first.cells);
        return Ok(Layout::Wide(cols));
    }

    match opts.langs.as_slice() {
        // `--langs` would take "Source, Target" for a concept to add.
        [_, _]
            if first.cells.iter().filter(|c| !c.trim().is_empty()).count() >= 2
                && first
                    .cells
                    .iter()
                    .all(|c| c.trim().is_empty() || role_heading(c)) =>
        {
            Err(at(format!(
                "the first row is a header that names no languages (first row: {}); write \
                 the languages' tags (en, zh-CN) in place of its source and target names, \
                 or remove the row and pass --langs",
                first.summary()
            )))
        }
        [a, b] => Ok(Layout::Headerless(a.clone(), b.clone())),
        [] => {
            let names = match langs.first() {
                None => "no languages".to_string(),
                Some(one) => format!("only one language ({one})"),
            };
            Err(at(format!(
                "the header names {names} (first row: {}); name the columns with language tags such as en and zh-CN, or pass --langs en,zh-CN",
                first.summary()
            )))
        }
        more => Err(at(format!(
            "a file without a header needs exactly two languages, in column order (--langs en,zh-CN); {} were given",
            more.len()
        ))),
    }
}

/// The file being read: its name for messages and whether it is TSV.
struct File<'a> {
    name: &'a str,
    tsv: bool,
    names: &'a NamedLangs,
}

/// What a spreadsheet row says about its concept outside the terms.
#[derive(Default)]
struct RowFields {
    ext_id: Vec<String>,
    subject: Vec<String>,
    definition: Vec<String>,
    note: Vec<String>,
    pos: Vec<String>,
    source: Vec<String>,
}

impl RowFields {
    fn add(&mut self, f: Field, value: &str) {
        if value.trim().is_empty() {
            return;
        }
        let list = match f {
            Field::ExtId => &mut self.ext_id,
            Field::Subject => &mut self.subject,
            Field::Definition => &mut self.definition,
            Field::Note => &mut self.note,
            Field::Pos => &mut self.pos,
            Field::Source => &mut self.source,
        };
        list.push(value.to_string());
    }

    /// Fills the concept, and the term-level fields of every term in it.
    fn apply(self, c: &mut Concept) {
        let join = |v: Vec<String>| (!v.is_empty()).then(|| v.join("; "));
        c.ext_id = join(self.ext_id);
        c.subject = join(self.subject);
        c.definition = join(self.definition);
        c.note = join(self.note);
        let pos = join(self.pos);
        let source = join(self.source);
        for t in &mut c.terms {
            t.pos.clone_from(&pos);
            t.source.clone_from(&source);
        }
    }
}

pub(crate) fn note_column(name: &str) -> bool {
    matches!(
        name.trim().to_lowercase().as_str(),
        "note" | "notes" | "comment" | "comments" | "attribution" | "license" | "source note"
    )
}

/// A column heading CAT tools and spreadsheets write over a pair of columns without naming
/// its language ("Source", "Target", 原文, 译文): a row of nothing else is a header, never
/// a translation unit.
pub(crate) fn role_heading(name: &str) -> bool {
    note_column(name)
        || matches!(
            name.trim().to_lowercase().as_str(),
            "source"
                | "target"
                | "src"
                | "tgt"
                | "trg"
                | "source text"
                | "target text"
                | "source segment"
                | "target segment"
                | "source term"
                | "target term"
                | "source language"
                | "target language"
                | "translation"
                | "original"
                | "term"
                | "id"
                | "key"
                | "context"
                | "原文"
                | "译文"
                | "譯文"
                | "源文"
                | "源语"
                | "目标语"
                | "术语"
                | "術語"
                | "翻译"
                | "翻譯"
                | "备注"
                | "備註"
        )
}

/// The message of a value error, to be placed at a line.
fn message(e: Error) -> String {
    match e {
        Error::Invalid(m) => m,
        other => other.to_string(),
    }
}

impl File<'_> {
    fn err(&self, line: u64, msg: impl Into<String>) -> Error {
        Error::input(self.name, line, msg)
    }

    /// A value in a column the header does not name would be silently lost.
    fn check_unnamed<T>(&self, row: &Row, cols: &[Option<T>]) -> Result<()> {
        for (i, cell) in row.cells.iter().enumerate() {
            if cols.get(i).is_none_or(|c| c.is_none()) && !cell.trim().is_empty() {
                return Err(self.err(
                    row.line,
                    format!(
                        "column {} has no name in the header but this row has {} in it",
                        i + 1,
                        quoted(cell.trim())
                    ),
                ));
            }
        }
        Ok(())
    }

    fn read_long(&self, cols: &[Option<Col>], rows: &[&Row]) -> Result<GlossaryRead> {
        let index = |want: Col| cols.iter().position(|c| *c == Some(want));
        let mut out = GlossaryRead::default();
        let mut by_id: HashMap<String, usize> = HashMap::new();
        for row in rows {
            self.check_unnamed(row, cols)?;
            let cell = |c: Col| -> Cow<'_, str> {
                let raw = index(c).map_or("", |i| row.raw(i));
                if self.tsv {
                    unescape(raw)
                } else {
                    Cow::Borrowed(raw)
                }
            };
            let optional = |c: Col| Some(cell(c).into_owned()).filter(|s| !s.is_empty());

            // An id is not text: a stray space after it must not split a concept in two.
            let concept = cell(Col::Concept);
            let concept = concept.trim();
            if concept.is_empty() {
                return Err(self.err(row.line, "empty concept: every row names its concept"));
            }
            let lang = self
                .names
                .read(&cell(Col::Lang))
                .map_err(|e| self.err(row.line, message(e)))?;
            let text = cell(Col::Term);
            if text.trim().is_empty() {
                return Err(self.err(row.line, "empty term"));
            }
            let status = cell(Col::Status);
            let status = if status.trim().is_empty() {
                Status::Preferred
            } else {
                status.parse().map_err(|e| self.err(row.line, message(e)))?
            };
            let ty = cell(Col::Type);
            let term_type = if ty.trim().is_empty() {
                None
            } else {
                Some(
                    ty.parse::<TermType>()
                        .map_err(|e| self.err(row.line, message(e)))?,
                )
            };
            let case_sensitive = match cell(Col::Case).trim().to_lowercase().as_str() {
                "yes" | "y" | "true" | "1" | "sensitive" => true,
                "" | "no" | "n" | "false" | "0" | "insensitive" => false,
                other => {
                    return Err(self.err(
                        row.line,
                        format!("unknown case value {} (expected yes or no)", quoted(other)),
                    ));
                }
            };
            let term = Term {
                lang,
                text: text.into_owned(),
                status,
                term_type,
                pos: optional(Col::Pos),
                context: optional(Col::Context),
                source: optional(Col::Source),
                note: optional(Col::Note),
                case_sensitive,
            };

            let at = *by_id.entry(concept.to_string()).or_insert_with(|| {
                out.concepts.push(Concept {
                    ext_id: Some(concept.to_string()),
                    line: row.line,
                    ..Concept::default()
                });
                out.concepts.len() - 1
            });
            let c = &mut out.concepts[at];
            c.terms.push(term);
            for (col, slot) in [
                (Col::Subject, &mut c.subject),
                (Col::Definition, &mut c.definition),
                (Col::ConceptNote, &mut c.note),
            ] {
                if slot.is_none() {
                    *slot = optional(col);
                }
            }
        }
        Ok(out)
    }

    fn read_wide(&self, cols: &[Option<WideCol>], rows: &[&Row]) -> Result<GlossaryRead> {
        let mut out = GlossaryRead::default();
        for row in rows {
            self.check_unnamed(row, cols)?;
            let mut c = Concept {
                line: row.line,
                ..Concept::default()
            };
            let mut fields = RowFields::default();
            let mut langs: Vec<&LangTag> = Vec::new();
            for (i, col) in cols.iter().enumerate() {
                let value = row.cell(i);
                match col {
                    Some(WideCol::Field(f)) => fields.add(*f, value),
                    Some(WideCol::Lang(tag)) if !value.trim().is_empty() => {
                        let status = if langs.contains(&tag) {
                            Status::Admitted
                        } else {
                            langs.push(tag);
                            Status::Preferred
                        };
                        c.terms
                            .push(Term::new(tag.clone(), value).with_status(status));
                    }
                    _ => {}
                }
            }
            if langs.len() < 2 {
                let reason = match langs.first() {
                    Some(only) => format!("no translation: only {only} has a term"),
                    None => "no terms".to_string(),
                };
                out.skipped.push(Skip {
                    line: row.line,
                    reason,
                });
                continue;
            }
            fields.apply(&mut c);
            out.concepts.push(c);
        }
        Ok(out)
    }

    fn read_pair(&self, cols: &[Option<PairCol>], rows: &[&Row]) -> Result<GlossaryRead> {
        let mut out = GlossaryRead::default();
        for row in rows {
            self.check_unnamed(row, cols)?;
            let mut fields = RowFields::default();
            let (mut src_lang, mut tgt_lang, mut src, mut tgt) = ("", "", "", "");
            for (i, col) in cols.iter().enumerate() {
                let value = row.cell(i);
                match col {
                    Some(PairCol::SourceLang) => src_lang = value,
                    Some(PairCol::TargetLang) => tgt_lang = value,
                    Some(PairCol::SourceString) => src = value,
                    Some(PairCol::TargetString) => tgt = value,
                    Some(PairCol::Field(f)) => fields.add(*f, value),
                    None => {}
                }
            }
            let reason = match (src.trim().is_empty(), tgt.trim().is_empty()) {
                (true, true) => Some("no terms"),
                (true, false) => Some("no source term"),
                (false, true) => Some("no target term"),
                (false, false) => None,
            };
            if let Some(reason) = reason {
                out.skipped.push(Skip {
                    line: row.line,
                    reason: reason.to_string(),
                });
                continue;
            }
            let lang = |raw: &str, col: &str| -> Result<LangTag> {
                if raw.trim().is_empty() {
                    return Err(self.err(row.line, format!("empty {col}")));
                }
                self.names
                    .read(raw)
                    .map_err(|e| self.err(row.line, format!("{col}: {}", message(e))))
            };
            let mut c = Concept {
                line: row.line,
                terms: vec![
                    Term::new(lang(src_lang, "sourceLang")?, src),
                    Term::new(lang(tgt_lang, "targetLang")?, tgt),
                ],
                ..Concept::default()
            };
            fields.apply(&mut c);
            out.concepts.push(c);
        }
        Ok(out)
    }

    fn read_headerless(&self, a: &LangTag, b: &LangTag, rows: &[&Row]) -> Result<GlossaryRead> {
        let mut out = GlossaryRead::default();
        for row in rows {
            if let Some(extra) = row.cells.iter().skip(3).position(|c| !c.trim().is_empty()) {
                return Err(self.err(
                    row.line,
                    format!(
                        "this row has a value in column {}, but a file without a header has at most three columns (term, translation, note); add a header row to name more",
                        extra + 4
                    ),
                ));
            }
            let (first, second, note) = (row.cell(0), row.cell(1), row.cell(2));
            let reason = match (first.trim().is_empty(), second.trim().is_empty()) {
                (true, true) => Some("no terms"),
                (true, false) => Some("no source"),
                (false, true) => Some("no translation"),
                (false, false) => None,
            };
            if let Some(reason) = reason {
                out.skipped.push(Skip {
                    line: row.line,
                    reason: reason.to_string(),
                });
                continue;
            }
            out.concepts.push(Concept {
                note: Some(note.to_string()).filter(|n| !n.trim().is_empty()),
                terms: vec![Term::new(a.clone(), first), Term::new(b.clone(), second)],
                line: row.line,
                ..Concept::default()
            });
        }
        Ok(out)
    }
}

/// Reverses [`escape`]. A backslash before any other character is kept as typed.
pub(super) fn unescape(s: &str) -> Cow<'_, str> {
    if !s.contains('\\') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let replacement = match chars.peek() {
            Some('t') => '\t',
            Some('n') => '\n',
            Some('r') => '\r',
            Some('\\') => '\\',
            _ => {
                out.push('\\');
                continue;
            }
        };
        chars.next();
        out.push(replacement);
    }
    Cow::Owned(out)
}

/// Escapes what a TSV cell cannot hold: tabs, line ends, and the backslash that escapes them.
pub(super) fn escape(s: &str) -> Cow<'_, str> {
    if !s.contains(['\\', '\t', '\n', '\r']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The header [`write_delimited`] writes: every column of concord's own layout.
pub const HEADER: [&str; 13] = [
    "concept",
    "lang",
    "term",
    "status",
    "type",
    "pos",
    "case",
    "context",
    "note",
    "source",
    "subject",
    "definition",
    "concept_note",
];

/// Writes concepts in concord's own layout (see the module documentation), one row per term,
/// concept-level fields on each concept's first row. `delimiter` is `b'\t'` for TSV (cells
/// escaped), anything else for CSV (cells quoted as needed).
pub fn write_delimited<W: Write>(out: W, delimiter: u8, concepts: &[StoredConcept]) -> Result<()> {
    let tsv = delimiter == b'\t';
    let what = if tsv { "TSV" } else { "CSV" };
    let fail = |e: &dyn std::fmt::Display| Error::Invalid(format!("writing {what}: {e}"));
    let mut w = WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(Terminator::Any(b'\n'))
        // TSV cells are escaped instead, and a quote there is an ordinary character.
        .quote_style(if tsv {
            QuoteStyle::Never
        } else {
            QuoteStyle::Necessary
        })
        // A row whose first cell starts with `#` would read back as a comment.
        .comment(Some(b'#'))
        .from_writer(out);
    w.write_record(HEADER).map_err(|e| fail(&e))?;
    let labels = concept_labels(concepts, tsv);
    for (sc, label) in concepts.iter().zip(&labels) {
        let c = &sc.concept;
        for (i, t) in c.terms.iter().enumerate() {
            let once = |v: &Option<String>| {
                if i == 0 {
                    v.clone().unwrap_or_default()
                } else {
                    String::new()
                }
            };
            let cells = [
                label.clone(),
                t.lang.to_string(),
                t.text.clone(),
                t.status.as_str().to_string(),
                t.term_type
                    .map(|x| x.as_str().to_string())
                    .unwrap_or_default(),
                t.pos.clone().unwrap_or_default(),
                if t.case_sensitive { "yes" } else { "" }.to_string(),
                t.context.clone().unwrap_or_default(),
                t.note.clone().unwrap_or_default(),
                t.source.clone().unwrap_or_default(),
                once(&c.subject),
                once(&c.definition),
                once(&c.note),
            ];
            let result = if tsv {
                w.write_record(cells.iter().map(|s| escape(s).into_owned().into_bytes()))
            } else {
                w.write_record(&cells)
            };
            result.map_err(|e| fail(&e))?;
        }
    }
    w.flush().map_err(|e| fail(&e))
}

/// The `concept` cell of each concept: its external id when that id is usable and no other
/// exported concept has it, else `c{id}` (suffixed if an external id already took that).
fn concept_labels(concepts: &[StoredConcept], tsv: bool) -> Vec<String> {
    // In TSV a leading `#` cannot be quoted away, and a blank id would not read back.
    fn usable(sc: &StoredConcept, tsv: bool) -> Option<&str> {
        sc.concept
            .ext_id
            .as_deref()
            .filter(|id| !(id.trim().is_empty() || (tsv && id.starts_with('#'))))
    }
    let mut count: HashMap<&str, usize> = HashMap::new();
    for sc in concepts {
        if let Some(id) = usable(sc, tsv) {
            *count.entry(id).or_default() += 1;
        }
    }
    let mut taken: HashSet<String> = count
        .iter()
        .filter(|&(_, &n)| n == 1)
        .map(|(id, _)| (*id).to_string())
        .collect();
    concepts
        .iter()
        .map(|sc| match usable(sc, tsv) {
            Some(id) if count.get(id) == Some(&1) => id.to_string(),
            _ => {
                let mut label = format!("c{}", sc.id);
                let mut n = 1;
                while taken.contains(&label) {
                    n += 1;
                    label = format!("c{}-{n}", sc.id);
                }
                taken.insert(label.clone());
                label
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn tag(s: &str) -> LangTag {
        LangTag::parse(s).unwrap()
    }

    fn read(delimiter: u8, text: &str, langs: &[&str]) -> Result<GlossaryRead> {
        let opts = ReadOptions {
            langs: langs.iter().map(|l| tag(l)).collect(),
            ..ReadOptions::default()
        };
        DelimitedReader { delimiter }.read(&Source::from_text("t.txt", text), &opts)
    }

    fn tsv(text: &str) -> GlossaryRead {
        read(b'\t', text, &[]).unwrap()
    }

    fn csv(text: &str) -> GlossaryRead {
        read(b',', text, &[]).unwrap()
    }

    /// The line and message of an input error.
    fn error(delimiter: u8, text: &str, langs: &[&str]) -> (u64, String) {
        match read(delimiter, text, langs) {
            Err(Error::Input {
                path,
                line,
                message,
            }) => {
                assert_eq!(path, "t.txt");
                (line, message)
            }
            other => panic!("expected an input error, got {other:?}"),
        }
    }

    fn terms(c: &Concept) -> Vec<(&str, &str)> {
        c.terms
            .iter()
            .map(|t| (t.lang.as_str(), t.text.as_str()))
            .collect()
    }

    fn skips(r: &GlossaryRead) -> Vec<(u64, &str)> {
        r.skipped
            .iter()
            .map(|s| (s.line, s.reason.as_str()))
            .collect()
    }

    #[test]
    fn regression_control_characters_are_a_counted_skip_in_every_layout() {
        const WHY: &str = "character U+0007 is not allowed in text (XML 1.0 forbids it, so no TMX or TBX could carry it)";
        let long = tsv("concept\tlang\tterm\nbell\ten\tBell\u{7}\nbell\tzh-CN\t铃\n");
        assert_eq!(terms(&long.concepts[0]), [("zh-CN", "铃")]);
        assert_eq!(skips(&long), [(2, WHY)]);
        let wide = csv("en,zh-CN\nBell\u{7},铃\nMayor,市长\nx,y\n");
        assert_eq!(wide.concepts.len(), 2);
        assert_eq!(skips(&wide), [(2, WHY)]);
        let bare = read(b',', "Bell,铃\u{7}\nMayor,市长\n", &["en", "zh-CN"]).unwrap();
        assert_eq!((bare.concepts.len(), skips(&bare)), (1, vec![(1, WHY)]));
        // A form feed is white space to a header name, but not text to store.
        let (line, message) = error(b'\t', "concept\tlang\tterm\u{c}\n", &[]);
        assert_eq!(
            (line, message.as_str()),
            (1, &*format!("header: {}", WHY.replace("0007", "000C")))
        );
    }

    #[test]
    fn long_layout_groups_rows_by_concept_in_first_seen_order() {
        let r = tsv("# reviewed by hand\n\
             Concept\tLang\tTerm\tStatus\tType\tNote\n\
             mayor\ten\tMayor\n\
             mou\ten\tmemorandum of understanding\n\
             \n\
             mou \ten\tMOU\tadmitted\tacronym\n\
             mayor\tzh-CN\t市长\n\
             mou\tzh_CN\t谅解备忘录\t\t\tin treaties\n");
        assert!(r.skipped.is_empty());
        assert_eq!(r.concepts.len(), 2);
        let (mayor, mou) = (&r.concepts[0], &r.concepts[1]);
        assert_eq!(mayor.ext_id.as_deref(), Some("mayor"));
        assert_eq!(mayor.line, 3);
        assert_eq!(terms(mayor), [("en", "Mayor"), ("zh-CN", "市长")]);
        assert_eq!(mou.line, 4);
        assert_eq!(
            terms(mou),
            [
                ("en", "memorandum of understanding"),
                ("en", "MOU"),
                ("zh-CN", "谅解备忘录")
            ]
        );
        assert_eq!(mou.terms[0].status, Status::Preferred);
        assert_eq!(mou.terms[1].status, Status::Admitted);
        assert_eq!(mou.terms[1].term_type, Some(TermType::Acronym));
        assert_eq!(mou.terms[2].note.as_deref(), Some("in treaties"));
        assert_eq!(mou.terms[0].note, None);
    }

    #[test]
    fn long_layout_concept_fields_come_from_the_first_row_that_has_them() {
        let r = tsv(
            "concept\tlang\tterm\tcase\tpos\tcontext\tsource\tsubject\tdefinition\tconcept_note\n\
             us\ten\tUS\tyes\tnoun\tThe US said.\tstyle guide\t\t\t\n\
             us\tzh-CN\t美国\tno\t\t\t\tpolitics\tThe country.\tuse the short form\n\
             us\ten\tUSA\tTrue\t\t\t\teconomics\tOther.\tOther note\n",
        );
        let c = &r.concepts[0];
        assert_eq!(c.subject.as_deref(), Some("politics"));
        assert_eq!(c.definition.as_deref(), Some("The country."));
        assert_eq!(c.note.as_deref(), Some("use the short form"));
        let us = &c.terms[0];
        assert!(us.case_sensitive);
        assert_eq!(us.pos.as_deref(), Some("noun"));
        assert_eq!(us.context.as_deref(), Some("The US said."));
        assert_eq!(us.source.as_deref(), Some("style guide"));
        assert!(!c.terms[1].case_sensitive);
        assert!(c.terms[2].case_sensitive);
    }

    #[test]
    fn long_layout_tsv_unescapes_and_keeps_quotes_and_spaces() {
        let r = tsv("concept\tlang\tterm\tnote\n\
             c\ten\t \"quoted\" \tone\\ttwo\\nthree\\rfour\\\\five C:\\Users \\x\\\n\
             c\tzh\t甲\n");
        let t = &r.concepts[0].terms[0];
        assert_eq!(t.text, " \"quoted\" ");
        assert_eq!(
            t.note.as_deref(),
            Some("one\ttwo\nthree\rfour\\five C:\\Users \\x\\")
        );
    }

    #[test]
    fn long_layout_csv_keeps_text_exactly_and_counts_physical_lines() {
        let r = csv("concept,lang,term,note\n\
             c1,en,  Mayor ,\"line one\nline two\"\n\
             c1,zh-CN,\"市长, 北京\",a\\tb\n\
             c2,en,x\n");
        let c = &r.concepts[0];
        assert_eq!(c.terms[0].text, "  Mayor ");
        assert_eq!(c.terms[0].note.as_deref(), Some("line one\nline two"));
        assert_eq!(c.terms[1].text, "市长, 北京");
        assert_eq!(
            c.terms[1].note.as_deref(),
            Some("a\\tb"),
            "no escapes in CSV"
        );
        assert_eq!(r.concepts[1].line, 5);
    }

    #[test]
    fn long_layout_errors_name_the_line() {
        let t = b'\t';
        let (line, msg) = error(t, "concept\tlang\tterm\tcolour\n", &[]);
        assert_eq!(line, 1);
        assert!(msg.contains("unknown column \"colour\""), "{msg}");
        let (line, msg) = error(t, "# c\nconcept\tlang\tterm\tterm\n", &[]);
        assert_eq!((line, msg.as_str()), (2, "column \"term\" appears twice"));
        let (line, msg) = error(
            t,
            "concept\tlang\tterm\tstatus\nc\ten\tA\n\nc\tzh\tB\tmaybe\n",
            &[],
        );
        assert_eq!(line, 4);
        assert!(msg.starts_with("unknown status \"maybe\""), "{msg}");
        let (line, msg) = error(t, "concept\tlang\tterm\ttype\nc\ten\tA\tbig\n", &[]);
        assert_eq!(line, 2);
        assert!(msg.starts_with("unknown term type \"big\""), "{msg}");
        let (line, msg) = error(t, "concept\tlang\tterm\nc\ten\tA\nc\tzh\t  \n", &[]);
        assert_eq!((line, msg.as_str()), (3, "empty term"));
        let (line, msg) = error(t, "concept\tlang\tterm\nc\te\tA\n", &[]);
        assert_eq!(line, 2);
        assert!(msg.starts_with("invalid language tag \"e\""), "{msg}");
        let (line, msg) = error(t, "concept\tlang\tterm\n\ten\tA\n", &[]);
        assert_eq!(line, 2);
        assert!(msg.starts_with("empty concept"), "{msg}");
        let (line, msg) = error(t, "concept\tlang\tterm\tcase\nc\ten\tA\tmaybe\n", &[]);
        assert_eq!(line, 2);
        assert!(msg.starts_with("unknown case value"), "{msg}");
        let (line, msg) = error(t, "concept\tlang\tterm\nc\ten\tA\textra\n", &[]);
        assert_eq!(line, 2);
        assert!(msg.starts_with("column 4 has no name"), "{msg}");
    }

    #[test]
    fn comments_blank_lines_and_crlf_do_not_shift_line_numbers() {
        let r = tsv(
            "# -*- coding: utf-8 -*-\r\n\r\nconcept\tlang\tterm\r\n\r\n# a note\r\n\
             x\ten\tX\r\n   \r\n\t\t\r\nx\tzh\tY",
        );
        assert!(r.skipped.is_empty());
        let c = &r.concepts[0];
        assert_eq!(c.line, 6);
        assert_eq!(terms(c), [("en", "X"), ("zh", "Y")]);
        let (line, _) = error(
            b'\t',
            "# one\n\n# three\nconcept\tlang\tterm\n\n# six\nc\ten\t\n",
            &[],
        );
        assert_eq!(line, 7);
    }

    #[test]
    fn a_file_of_comments_is_an_empty_glossary() {
        for text in ["", "# foobar -*- coding: utf-8 -*-\n", "\n  \n\t\n"] {
            let r = read(b'\t', text, &[]).unwrap();
            assert!(r.concepts.is_empty() && r.skipped.is_empty());
        }
    }

    #[test]
    fn wide_layout_one_column_per_language() {
        let r = csv(
            "ID,English,zh_CN,zh-CN,Notes,Part of speech,Source,Description,Domain\n\
             7,kde; question,问题,疑问,asked often,noun,OmegaT,A thing one asks.,general\n\
             8,orphan,,,,,,,\n\
             9,,,,only a note,,,,\n\
             10,  padded  ,\"  quoted  \",,,,,,\n",
        );
        assert_eq!(r.concepts.len(), 2);
        let c = &r.concepts[0];
        assert_eq!(
            terms(c),
            [
                ("en", "kde; question"),
                ("zh-CN", "问题"),
                ("zh-CN", "疑问")
            ]
        );
        let statuses: Vec<Status> = c.terms.iter().map(|t| t.status).collect();
        assert_eq!(
            statuses,
            [Status::Preferred, Status::Preferred, Status::Admitted]
        );
        assert_eq!(c.ext_id.as_deref(), Some("7"));
        assert_eq!(c.note.as_deref(), Some("asked often"));
        assert_eq!(c.definition.as_deref(), Some("A thing one asks."));
        assert_eq!(c.subject.as_deref(), Some("general"));
        assert!(
            c.terms
                .iter()
                .all(|t| t.pos.as_deref() == Some("noun") && t.source.as_deref() == Some("OmegaT"))
        );
        assert_eq!(
            terms(&r.concepts[1]),
            [("en", "padded"), ("zh-CN", "  quoted  ")]
        );
        assert_eq!(
            skips(&r),
            [(3, "no translation: only en has a term"), (4, "no terms")]
        );
    }

    #[test]
    fn wide_layout_sends_a_term_status_column_to_the_long_layout() {
        let (line, msg) = error(b',', "en,zh-CN,Status\na,b,forbidden\n", &[]);
        assert_eq!(line, 1);
        assert!(
            msg.contains("\"Status\" belongs to one term")
                && msg.contains("concept, lang, term, status"),
            "{msg}"
        );
    }

    #[test]
    fn wide_layout_names_an_unknown_column() {
        let (line, msg) = error(b'\t', "en\tzh-CN\tremarks\na\tb\tc\n", &[]);
        assert_eq!(line, 1);
        assert!(
            msg.starts_with("column \"remarks\" is neither a language"),
            "{msg}"
        );
    }

    #[test]
    fn pair_layout_has_languages_per_row() {
        let r = csv(
            "stringID,sourceLang,targetLang,pos,description,sourceString,targetString\n\
             1,en,zh_CN,noun,\"Short for \"\"X\"\", a thing\",CDC,疾控中心\n\
             2,zh-Hans,en,,,境外输入病例,Cases imported from overseas\n\
             3,en,zh_CN,,,lonely,\n\
             4,en,zh_CN,,,,孤独\n",
        );
        assert_eq!(r.concepts.len(), 2);
        let c = &r.concepts[0];
        assert_eq!(terms(c), [("en", "CDC"), ("zh-CN", "疾控中心")]);
        assert_eq!(c.ext_id.as_deref(), Some("1"));
        assert_eq!(c.definition.as_deref(), Some("Short for \"X\", a thing"));
        assert!(
            c.terms
                .iter()
                .all(|t| t.pos.as_deref() == Some("noun") && t.status == Status::Preferred)
        );
        assert_eq!(
            terms(&r.concepts[1]),
            [
                ("zh-Hans", "境外输入病例"),
                ("en", "Cases imported from overseas")
            ]
        );
        assert_eq!(skips(&r), [(4, "no target term"), (5, "no source term")]);
        let (line, msg) = error(
            b',',
            "sourceLang,targetLang,sourceString,targetString\nen,??,a,b\n",
            &[],
        );
        assert_eq!(line, 2);
        assert!(msg.starts_with("targetLang: invalid language tag"), "{msg}");
    }

    #[test]
    fn headerless_files_take_their_languages_from_the_caller() {
        let text = "source 1\ttarget 1\n   source 2   \t   target 2   \n\n      \n\t\t\n\
             jasjjal\nno target\t\n\tno source\nterm\ttrans\tsee the manual\n";
        let r = read(b'\t', text, &["en", "fr"]).unwrap();
        assert_eq!(r.concepts.len(), 3);
        assert_eq!(
            terms(&r.concepts[0]),
            [("en", "source 1"), ("fr", "target 1")]
        );
        assert_eq!(
            terms(&r.concepts[1]),
            [("en", "source 2"), ("fr", "target 2")]
        );
        assert_eq!(r.concepts[2].note.as_deref(), Some("see the manual"));
        assert_eq!(r.concepts[2].line, 9);
        assert_eq!(
            skips(&r),
            [
                (6, "no translation"),
                (7, "no translation"),
                (8, "no source")
            ]
        );
        let (line, msg) = error(b'\t', "a\tb\tc\td\n", &["en", "fr"]);
        assert_eq!(line, 1);
        assert!(msg.contains("at most three columns"), "{msg}");
    }

    #[test]
    fn headerless_without_languages_says_what_to_do() {
        let (line, msg) = error(b',', "# c\nkde,csv kde\n", &[]);
        assert_eq!(line, 2);
        assert_eq!(
            msg,
            "the header names no languages (first row: kde, csv kde); name the columns with language tags such as en and zh-CN, or pass --langs en,zh-CN"
        );
        let (_, msg) = error(b',', "English,Translation\n", &[]);
        assert!(
            msg.starts_with("the header names only one language (en)"),
            "{msg}"
        );
        let (_, msg) = error(b',', "a,b\n", &["en"]);
        assert!(msg.contains("exactly two languages"), "{msg}");
    }

    #[test]
    fn a_header_wins_over_the_callers_languages() {
        let r = read(b'\t', "zh-CN\ten\n市长\tMayor\n", &["en", "fr"]).unwrap();
        assert_eq!(terms(&r.concepts[0]), [("zh-CN", "市长"), ("en", "Mayor")]);
    }

    #[test]
    fn csv_quoting_is_rfc_4180_and_tsv_has_none() {
        let r = read(
            b',',
            "\"\"\"kde\"\",\"\"q\"\"\",cdk\n\"\"\"\"\"k\",k\n\"zz\"\"zz\",zz\n5\" screen,5 英寸屏幕\n",
            &["en", "zh"],
        )
        .unwrap();
        let firsts: Vec<&str> = r
            .concepts
            .iter()
            .map(|c| c.terms[0].text.as_str())
            .collect();
        assert_eq!(firsts, ["\"kde\",\"q\"", "\"\"k", "zz\"zz", "5\" screen"]);
        let r = read(b'\t', "\"a\tb\"\n", &["en", "zh"]).unwrap();
        assert_eq!(terms(&r.concepts[0]), [("en", "\"a"), ("zh", "b\"")]);
    }

    #[test]
    fn malformed_csv_is_an_error_at_its_line() {
        let (line, msg) = error(b',', "en,zh\na,b\nc,\"d\ne,f\n", &[]);
        assert_eq!(line, 3);
        assert!(msg.starts_with("unterminated quoted field"), "{msg}");
        let (line, msg) = error(b',', "en,zh\na,\"b\nb\"c\n", &[]);
        assert_eq!(line, 2);
        assert!(msg.starts_with("text after the closing quote"), "{msg}");
    }

    fn stored(id: i64, ext_id: Option<&str>, terms: Vec<Term>) -> StoredConcept {
        StoredConcept {
            id,
            concept: Concept {
                ext_id: ext_id.map(str::to_string),
                terms,
                ..Concept::default()
            },
            origin: None,
            imported_at: None,
        }
    }

    fn round_trip_concepts() -> Vec<StoredConcept> {
        let mut us = Term::new(tag("en"), "US");
        us.case_sensitive = true;
        us.term_type = Some(TermType::Acronym);
        us.pos = Some("noun".into());
        us.context = Some("The US said, \"no\".".into());
        us.note = Some("two\nlines\tand a tab, C:\\Users \\n".into());
        us.source = Some("#style guide".into());
        let mut a = stored(
            4,
            Some("us"),
            vec![
                us,
                Term::new(tag("en"), "United States").with_status(Status::Admitted),
                Term::new(tag("zh-CN"), "  美国\r\n").with_status(Status::Forbidden),
            ],
        );
        a.concept.subject = Some("politics".into());
        a.concept.definition = Some("A country; \"the States\".".into());
        a.concept.note = Some("concept\\note".into());
        let b = stored(
            5,
            Some("#tagged"),
            vec![
                Term::new(tag("en"), "#hashtag"),
                Term::new(tag("zh-Hans"), "话题").with_status(Status::Deprecated),
            ],
        );
        let c = stored(
            6,
            None,
            vec![
                Term::new(tag("en"), "mayor").with_status(Status::Superseded),
                Term::new(tag("zh-Hant"), "市長"),
            ],
        );
        vec![a, b, c]
    }

    #[test]
    fn writing_then_reading_gives_back_the_same_concepts() {
        let concepts = round_trip_concepts();
        for delimiter in [b'\t', b','] {
            let mut out = Vec::new();
            write_delimited(&mut out, delimiter, &concepts).unwrap();
            let text = String::from_utf8(out).unwrap();
            let back = read(delimiter, &text, &[]).unwrap();
            assert!(back.skipped.is_empty());
            assert_eq!(back.concepts.len(), concepts.len(), "{text}");
            for (sc, got) in concepts.iter().zip(&back.concepts) {
                let want = &sc.concept;
                assert_eq!(got.terms, want.terms, "{text}");
                assert_eq!(
                    (&got.subject, &got.definition, &got.note),
                    (&want.subject, &want.definition, &want.note)
                );
            }
            assert_eq!(back.concepts[0].ext_id.as_deref(), Some("us"));
            assert_eq!(back.concepts[2].ext_id.as_deref(), Some("c6"));
            // TSV cannot quote a leading `#`, so that id gives way to the database id.
            let tagged = if delimiter == b'\t' { "c5" } else { "#tagged" };
            assert_eq!(back.concepts[1].ext_id.as_deref(), Some(tagged));
        }
    }

    #[test]
    fn written_tsv_reads_well() {
        let concepts = vec![stored(
            1,
            Some("mayor"),
            vec![
                Term::new(tag("en"), "Mayor"),
                Term::new(tag("zh-CN"), "市长"),
            ],
        )];
        let mut out = Vec::new();
        write_delimited(&mut out, b'\t', &concepts).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "concept\tlang\tterm\tstatus\ttype\tpos\tcase\tcontext\tnote\tsource\tsubject\tdefinition\tconcept_note\n\
             mayor\ten\tMayor\tpreferred\t\t\t\t\t\t\t\t\t\n\
             mayor\tzh-CN\t市长\tpreferred\t\t\t\t\t\t\t\t\t\n"
        );
    }

    #[test]
    fn concept_labels_stay_unique() {
        let t = || vec![Term::new(tag("en"), "a")];
        let concepts = vec![
            stored(1, Some("x"), t()),
            stored(2, Some("x"), t()),
            stored(3, Some("c4"), t()),
            stored(4, None, t()),
            stored(5, Some("  "), t()),
            stored(6, Some("c2"), t()),
        ];
        assert_eq!(
            concept_labels(&concepts, true),
            ["c1", "c2-2", "c4", "c4-2", "c5", "c2"]
        );
    }

    /// A glossary file, the languages a header-less one needs, and the concepts and skips it
    /// holds.
    type Expected = (&'static str, &'static [&'static str], usize, usize);

    fn read_file(path: &Path, langs: &[&str]) -> GlossaryRead {
        let format = super::super::GlossaryFormat::from_path(path).unwrap();
        let opts = ReadOptions {
            langs: langs.iter().map(|l| tag(l)).collect(),
            ..ReadOptions::default()
        };
        let src = Source::read(path).unwrap();
        format
            .reader()
            .read(&src, &opts)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn project_fixtures() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/csv");
        // Counted by hand from `cat -A`, and for TICO-19 with Python's csv module: rows minus
        // the header, none with an empty source or target.
        let expected: [Expected; 5] = [
            // 4 lines, two cells each.
            ("okapi__lib-terminology__test01.csv", &["en", "fr"], 4, 0),
            // Lines 1, 2 and 14 have both cells; 8, 10 and 12 have one; the rest are blank.
            ("okapi__lib-terminology__test01.tsv", &["en", "fr"], 3, 3),
            ("tico19__f_en-zh_CN.csv", &[], 306, 0),
            ("tico19__g_en_zh-CN.csv", &[], 337, 0),
            ("tico19__g_zh-CN_en.csv", &[], 50, 0),
        ];
        for (name, langs, concepts, skipped) in expected {
            let r = read_file(&dir.join(name), langs);
            for c in &r.concepts {
                c.validate(name).unwrap();
            }
            assert_eq!(
                (r.concepts.len(), r.skipped.len()),
                (concepts, skipped),
                "{name}"
            );
        }

        let okapi = read_file(
            &dir.join("okapi__lib-terminology__test01.csv"),
            &["en", "fr"],
        );
        let sources: Vec<&str> = okapi
            .concepts
            .iter()
            .map(|c| c.terms[0].text.as_str())
            .collect();
        assert_eq!(
            sources,
            ["source 1", "source 2", "source 3", "   source 3   "]
        );

        let tico = read_file(&dir.join("tico19__g_en_zh-CN.csv"), &[]);
        let c = &tico.concepts[0];
        assert_eq!(
            terms(c),
            [("en", "contagious"), ("zh-CN", "可传染 : 有传染性")]
        );
        assert_eq!(c.ext_id.as_deref(), Some("1"));
        assert_eq!(c.terms[0].pos.as_deref(), Some("adjective"));
        assert!(
            c.definition
                .as_deref()
                .unwrap()
                .starts_with("In the context of coronavirus")
        );
        let tico = read_file(&dir.join("tico19__f_en-zh_CN.csv"), &[]);
        assert_eq!(
            terms(&tico.concepts[3]),
            [("en", "AIDS"), ("zh-CN", "艾滋病（AIDS）")]
        );
    }
}
