//! The documents a user hands `check` and `analyze`: a file or standard input, its format
//! detected once (from [`formats::detect()`], or as the caller says), read into segments.
//!
//! - [`open_draft`]: a draft to check, bilingual (TSV, two line-aligned files, XLIFF, TMX) or
//!   target-only (plain text or Markdown);
//! - [`segments_to_analyze`]: the source segments of a document to price against the memory
//!   (every XLIFF source, translated or not; a TSV's source column; else each line).

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::check::input::{self, Document};
use crate::error::{Error, Result};
use crate::formats::{self, FileKind, Input, MemoryFormat, Source, decode};
use crate::text::LangTag;

/// Where a document comes from: a file, or standard input (`-` on the command line).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocSource {
    File(PathBuf),
    Stdin,
}

impl DocSource {
    /// `-` is standard input; anything else a file.
    pub fn new(path: impl Into<PathBuf>) -> DocSource {
        let path = path.into();
        if path == Path::new("-") {
            DocSource::Stdin
        } else {
            DocSource::File(path)
        }
    }

    /// The name errors and reports give it.
    pub fn name(&self) -> String {
        match self {
            DocSource::File(p) => p.display().to_string(),
            DocSource::Stdin => "<stdin>".into(),
        }
    }

    fn kind(&self) -> Option<FileKind> {
        match self {
            DocSource::File(p) => formats::detect(p),
            DocSource::Stdin => None,
        }
    }

    /// The whole text, decoded (BOMs, UTF-16, declared encodings), exactly as written.
    pub fn read_text(&self) -> Result<String> {
        match self {
            DocSource::File(p) => Ok(Source::read(p)?.text),
            DocSource::Stdin => {
                let mut buf = Vec::new();
                std::io::stdin()
                    .read_to_end(&mut buf)
                    .map_err(|e| Error::io("standard input", e))?;
                decode::decode("standard input", &buf)
            }
        }
    }

    /// A streaming reader, for the XML formats.
    pub fn input(&self) -> Result<Input> {
        match self {
            DocSource::File(p) => Input::open(p),
            DocSource::Stdin => Input::from_reader("<stdin>", std::io::stdin()),
        }
    }
}

/// The draft formats `check` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DraftFormat {
    Tsv,
    Xliff,
    Tmx,
    /// Target-only: plain text or Markdown, a segment per line.
    Text,
}

/// How to read a draft.
#[derive(Clone, Debug, Default)]
pub struct DraftOptions {
    /// The format; by default the one the file's name implies.
    pub format: Option<DraftFormat>,
    /// The source text as a second, line-aligned file.
    pub source: Option<DocSource>,
    pub from: Option<LangTag>,
    pub to: Option<LangTag>,
    /// The language of a target-only draft; a draft with no known format and this set is
    /// read as text.
    pub lang: Option<LangTag>,
}

/// Reads a draft to check.
pub fn open_draft(file: &DocSource, opts: &DraftOptions) -> Result<Document> {
    let to = opts.to.clone().or_else(|| opts.lang.clone());
    if let Some(source) = &opts.source {
        let (s, t) = (source.read_text()?, file.read_text()?);
        return input::from_parallel(
            (&source.name(), &s),
            (&file.name(), &t),
            opts.from.clone(),
            to,
        );
    }
    let name = file.name();
    let format = match (opts.format, file.kind()) {
        (Some(f), _) => f,
        (None, Some(FileKind::Tsv)) => DraftFormat::Tsv,
        (None, Some(FileKind::Xliff)) => DraftFormat::Xliff,
        (None, Some(FileKind::Tmx)) => DraftFormat::Tmx,
        (None, Some(FileKind::Text | FileKind::Markdown)) => DraftFormat::Text,
        (None, _) if opts.lang.is_some() => DraftFormat::Text,
        (None, _) => {
            return Err(Error::input(
                name,
                0,
                "cannot tell the format; pass --format tsv|xliff|tmx|text",
            ));
        }
    };
    match format {
        DraftFormat::Tsv => input::from_tsv(&name, &file.read_text()?, opts.from.clone(), to),
        DraftFormat::Text => Ok(input::target_only(&name, &file.read_text()?, to)),
        DraftFormat::Xliff => {
            input::from_units(file.input()?, MemoryFormat::Xliff, opts.from.clone(), to)
        }
        DraftFormat::Tmx => {
            input::from_units(file.input()?, MemoryFormat::Tmx, opts.from.clone(), to)
        }
    }
}

/// The segments of a document to analyse: every XLIFF source (translated or not), a TSV's
/// column in `from` (by its language header; the first column without one), or each line.
pub fn segments_to_analyze(file: &DocSource, from: Option<&LangTag>) -> Result<Vec<String>> {
    let name = file.name();
    let kind = file.kind();
    if kind == Some(FileKind::Xliff) {
        return formats::xliff::sources(file.input()?);
    }
    let text = file.read_text()?;
    if kind != Some(FileKind::Tsv) {
        return Ok(text.lines().map(str::to_string).collect());
    }
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let first: Vec<&str> = lines
        .clone()
        .next()
        .map(|l| l.split('\t').collect())
        .unwrap_or_default();
    let header: Vec<Option<LangTag>> = first.iter().map(|c| LangTag::from_header(c)).collect();
    let col = if header.iter().filter(|h| h.is_some()).count() >= 2 {
        lines.next();
        header
            .iter()
            .position(|h| match (h, from) {
                (Some(l), Some(f)) => f.selects(l),
                (Some(_), None) => true,
                _ => false,
            })
            .ok_or_else(|| {
                Error::input(
                    &name,
                    0,
                    format!(
                        "no column in the header is in {}",
                        from.map(|f| f.to_string()).unwrap_or_default()
                    ),
                )
            })?
    } else {
        0
    };
    Ok(lines
        .map(|l| l.split('\t').nth(col).unwrap_or("").to_string())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(dir: &Path, name: &str, text: &str) -> DocSource {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        DocSource::new(p)
    }

    #[test]
    fn the_format_comes_from_the_name_or_the_language_given() {
        let dir = tempfile::tempdir().unwrap();
        let tsv = file(dir.path(), "d.tsv", "en\tzh-CN\nMayor\t市长\n");
        let d = open_draft(&tsv, &DraftOptions::default()).unwrap();
        assert_eq!(d.segments.len(), 1);
        assert!(d.segments[0].source.is_some());
        let txt = file(dir.path(), "d.draft", "市长讲话。\n");
        let e = open_draft(&txt, &DraftOptions::default()).unwrap_err();
        assert!(
            e.to_string()
                .ends_with("d.draft: cannot tell the format; pass --format tsv|xliff|tmx|text"),
            "{e}"
        );
        let d = open_draft(
            &txt,
            &DraftOptions {
                lang: Some(LangTag::parse("zh-CN").unwrap()),
                ..DraftOptions::default()
            },
        )
        .unwrap();
        assert_eq!((d.segments.len(), d.target_lang.as_str()), (1, "zh-CN"));
        assert_eq!(DocSource::new("-"), DocSource::Stdin);
    }

    #[test]
    fn analysis_takes_the_source_column_of_a_tsv_and_every_line_of_text() {
        let dir = tempfile::tempdir().unwrap();
        let tsv = file(dir.path(), "d.tsv", "zh-CN\ten\n市长\tMayor\n");
        let en = LangTag::parse("en").unwrap();
        assert_eq!(segments_to_analyze(&tsv, Some(&en)).unwrap(), ["Mayor"]);
        assert_eq!(segments_to_analyze(&tsv, None).unwrap(), ["市长"]);
        let fr = LangTag::parse("fr").unwrap();
        assert!(segments_to_analyze(&tsv, Some(&fr)).is_err());
        let txt = file(dir.path(), "d.txt", "one\ttwo\nthree\n");
        assert_eq!(
            segments_to_analyze(&txt, None).unwrap(),
            ["one\ttwo", "three"]
        );
    }
}
