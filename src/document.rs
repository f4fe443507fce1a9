//! The documents a user hands `check` and `analyze`: a file or standard input, its format
//! detected once (from [`formats::detect()`], or as the caller says), read into segments.
//!
//! - [`open_draft`]: a draft to check, bilingual (TSV, two line-aligned files, XLIFF, TMX) or
//!   target-only (plain text or Markdown);
//! - [`segments_to_analyze`]: the source segments of a document to price against the memory
//!   (every XLIFF source, translated or not; a TSV's source column; else each line).

use crate::check::input::{self, Document};
use crate::error::{Error, Result};
pub use crate::formats::DocSource;
use crate::formats::{self, FileKind, Input, MemoryFormat, decode, limits};
use crate::text::{LangTag, script};

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

impl DraftOptions {
    /// The target language asked for, and the flag that asked (`--lang` for a target-only
    /// draft's), so that an error about it names what the user typed.
    fn target(&self) -> (Option<LangTag>, &'static str) {
        match (&self.to, &self.lang) {
            (None, Some(l)) => (Some(l.clone()), "--lang"),
            (to, _) => (to.clone(), "--to"),
        }
    }
}

/// Reads a draft to check.
pub fn open_draft(file: &DocSource, opts: &DraftOptions) -> Result<Document> {
    if let Some(source) = &opts.source {
        let (s, t) = (source.read_text()?, file.read_text()?);
        limits::check_lines(&source.name(), &s)?;
        limits::check_lines(&file.name(), &t)?;
        return input::from_parallel(
            (&source.name(), &s),
            (&file.name(), &t),
            opts.from.clone(),
            opts.target().0,
        );
    }
    read_draft(Told::new(file, opts.format)?, opts)
}

/// Reads a draft already in memory, as [`open_draft`] reads a file of that name (its format
/// told by `opts`, else by the name, else by the content): for front ends that hold the text
/// themselves, and for fuzzing. A line-aligned source file (`opts.source`) is not read.
pub fn open_draft_bytes(name: &str, bytes: Vec<u8>, opts: &DraftOptions) -> Result<Document> {
    let kind = formats::detect(std::path::Path::new(name));
    read_draft(Told::from_bytes(name, kind, bytes, opts.format)?, opts)
}

fn read_draft(doc: Told<'_>, opts: &DraftOptions) -> Result<Document> {
    let (to, to_flag) = opts.target();
    let name = doc.name.clone();
    let format = doc
        .format
        .or(opts.lang.as_ref().map(|_| DraftFormat::Text))
        .ok_or_else(|| {
            Error::input(
                &name,
                0,
                "cannot tell the format; pass --format tsv|xliff|tmx|text",
            )
        })?;
    let from = opts.from.clone();
    match format {
        DraftFormat::Tsv => input::from_tsv(&name, &doc.text()?, from, to),
        DraftFormat::Text => {
            let text = doc.text()?;
            if let Some(to) = &to {
                input::written_in(&name, text.lines(), to_flag, to)?;
            }
            Ok(input::target_only(&name, &text, to))
        }
        DraftFormat::Xliff => {
            input::from_units(doc.input()?, MemoryFormat::Xliff, from, (to, to_flag))
        }
        DraftFormat::Tmx => input::from_units(doc.input()?, MemoryFormat::Tmx, from, (to, to_flag)),
    }
}

/// A document with its format told: as the caller says, else by its name, else by its first
/// few KB ([`sniff`]; `None` when they tell nothing). Standard input can be read only once,
/// so the bytes read to sniff it are kept and read from.
struct Told<'a> {
    name: String,
    format: Option<DraftFormat>,
    held: Held<'a>,
}

/// Where a told document's text is: still in its file, or read already.
enum Held<'a> {
    File(&'a DocSource),
    Bytes(Vec<u8>),
}

impl<'a> Told<'a> {
    fn new(file: &'a DocSource, given: Option<DraftFormat>) -> Result<Told<'a>> {
        let name = file.name();
        let known = given.or(format_of(file.kind()));
        if known.is_some() {
            return Ok(Told {
                name,
                format: known,
                held: Held::File(file),
            });
        }
        let bytes = file.read_bytes()?;
        Ok(Told {
            format: sniff(&decode::decode(&name, &bytes)?),
            name,
            held: Held::Bytes(bytes),
        })
    }

    fn from_bytes(
        name: &str,
        kind: Option<FileKind>,
        bytes: Vec<u8>,
        given: Option<DraftFormat>,
    ) -> Result<Told<'a>> {
        let format = match given.or(format_of(kind)) {
            Some(f) => Some(f),
            None => sniff(&decode::decode(name, &bytes)?),
        };
        Ok(Told {
            name: name.to_string(),
            format,
            held: Held::Bytes(bytes),
        })
    }

    /// The whole text, decoded, for the line-based formats: its lines within the limit.
    fn text(self) -> Result<String> {
        let text = match self.held {
            Held::Bytes(b) => decode::decode(&self.name, &b)?,
            Held::File(file) => file.read_text()?,
        };
        limits::check_lines(&self.name, &text)?;
        Ok(text)
    }

    /// A streaming reader, for the XML formats.
    fn input(self) -> Result<Input> {
        match self.held {
            Held::Bytes(b) => Input::from_reader(self.name, std::io::Cursor::new(b)),
            Held::File(file) => file.input(),
        }
    }
}

/// The draft format a file's kind implies.
fn format_of(kind: Option<FileKind>) -> Option<DraftFormat> {
    match kind {
        Some(FileKind::Tsv) => Some(DraftFormat::Tsv),
        Some(FileKind::Xliff) => Some(DraftFormat::Xliff),
        Some(FileKind::Tmx) => Some(DraftFormat::Tmx),
        Some(FileKind::Text | FileKind::Markdown) => Some(DraftFormat::Text),
        _ => None,
    }
}

/// The format the first few KB of a draft show: an XML root `<tmx` or `<xliff`, else a TAB
/// on a line (TSV); `None` when nothing tells.
fn sniff(text: &str) -> Option<DraftFormat> {
    let mut end = text.len().min(8192);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = text[..end].trim_start_matches('\u{feff}').trim_start();
    if head.starts_with('<') {
        // The root is the first tag that is not a declaration, comment or doctype.
        let root = head
            .match_indices('<')
            .map(|(i, _)| &head[i + 1..])
            .find(|t| t.starts_with(|c: char| c.is_ascii_alphabetic()))?;
        let name: String = root
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == ':' || *c == '-')
            .collect::<String>()
            .to_ascii_lowercase();
        return match name.rsplit(':').next() {
            Some("tmx") => Some(DraftFormat::Tmx),
            Some("xliff") => Some(DraftFormat::Xliff),
            _ => None,
        };
    }
    head.lines()
        .any(|l| l.contains('\t'))
        .then_some(DraftFormat::Tsv)
}

/// The segments of a document to analyse: every XLIFF source (translated or not), a TSV's
/// column in `from` (by its language header; the first column without one), or each line. The
/// format is told as [`open_draft`] tells it: by the name, else (standard input) by the content.
///
/// The languages come back with them: those asked for, else those the document declares (an
/// XLIFF's source-language and target-language, a TSV header's source column and the first
/// other one); an XLIFF declaring other languages than those asked for is an error.
pub fn segments_to_analyze(
    file: &DocSource,
    from: Option<&LangTag>,
    to: Option<&LangTag>,
) -> Result<ToAnalyze> {
    let name = file.name();
    let doc = Told::new(file, None)?;
    let plain = |segments| ToAnalyze {
        segments,
        from: from.cloned(),
        to: to.cloned(),
    };
    let text = match doc.format {
        Some(DraftFormat::Xliff) => {
            let (segments, langs) = formats::xliff::sources(doc.input()?)?;
            let (source, target) = langs.map(|l| (l.source, l.target)).unzip();
            return Ok(ToAnalyze {
                segments,
                from: input::agreed(
                    &name,
                    "--from",
                    from.cloned(),
                    "source-language",
                    source.as_ref(),
                )?,
                to: input::agreed(
                    &name,
                    "--to",
                    to.cloned(),
                    "target-language",
                    target.as_ref(),
                )?,
            });
        }
        // Read as lines it would be priced tag by tag: a wrong answer, not an analysis.
        Some(DraftFormat::Tmx) => {
            return Err(Error::input(
                &name,
                0,
                "a TMX is a memory, not a document to analyse (import it with `concord tm \
                 import`); analyze reads plain text, TSV or XLIFF",
            ));
        }
        Some(DraftFormat::Tsv) => doc.text()?,
        Some(DraftFormat::Text) | None => {
            let segments: Vec<String> = doc.text()?.lines().map(str::to_string).collect();
            if let Some(f) = from {
                input::written_in(&name, segments.iter().map(String::as_str), "--from", f)?;
            }
            return Ok(plain(segments));
        }
    };
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let first: Vec<&str> = lines
        .clone()
        .next()
        .map(|l| l.split('\t').collect())
        .unwrap_or_default();
    let header: Vec<Option<LangTag>> = first.iter().map(|c| LangTag::from_header(c)).collect();
    let has_header = header.iter().filter(|h| h.is_some()).count() >= 2;
    let col = if has_header {
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
    } else if let Some(f) = from {
        // With no header the language asked for is all that says which column is the source:
        // a Han column for Chinese, another for the rest, or an error rather than a wrong one.
        let rows: Vec<Vec<&str>> = lines
            .clone()
            .take(200)
            .map(|l| l.split('\t').collect())
            .collect();
        let wants_han = f.is_chinese();
        (0..first.len())
            .find(|&c| {
                let (mut han, mut other) = (0usize, 0usize);
                for ch in rows.iter().filter_map(|r| r.get(c)).flat_map(|t| t.chars()) {
                    if script::is_han(ch) {
                        han += 1;
                    } else if ch.is_alphabetic() {
                        other += 1;
                    }
                }
                (han * 2 > other) == wants_han
            })
            .ok_or_else(|| {
                Error::input(
                    &name,
                    1,
                    format!(
                        "no column is written in {f}'s script; add a header naming the languages"
                    ),
                )
            })?
    } else {
        0
    };
    let segments = lines
        .map(|l| l.split('\t').nth(col).unwrap_or("").to_string())
        .collect();
    // A header names the job's languages: its source column's, and the first other one.
    let source = header.get(col).cloned().flatten().filter(|_| has_header);
    let target = source.as_ref().and_then(|s| {
        header
            .iter()
            .flatten()
            .find(|h| !s.selects(h) && !h.selects(s))
            .cloned()
    });
    Ok(ToAnalyze {
        segments,
        from: from.cloned().or(source),
        to: to.cloned().or(target),
    })
}

/// A document's segments to price, with the languages to price them in and for.
#[derive(Clone, Debug, PartialEq)]
pub struct ToAnalyze {
    pub segments: Vec<String>,
    pub from: Option<LangTag>,
    pub to: Option<LangTag>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn segs(file: &DocSource, from: Option<&LangTag>) -> Vec<String> {
        segments_to_analyze(file, from, None).unwrap().segments
    }

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
    fn regression_a_draft_without_a_known_name_is_sniffed() {
        assert_eq!(sniff("en\tzh-CN\nMayor\t市长\n"), Some(DraftFormat::Tsv));
        let tmx = "\u{feff}<?xml version=\"1.0\"?>\n<!-- x -->\n<tmx version=\"1.4\">";
        assert_eq!(sniff(tmx), Some(DraftFormat::Tmx));
        assert_eq!(
            sniff("<?xml version=\"1.0\"?><xliff version=\"2.0\">"),
            Some(DraftFormat::Xliff)
        );
        assert_eq!(sniff("<html><body>"), None);
        assert_eq!(sniff("市长讲话。\n"), None);
        let dir = tempfile::tempdir().unwrap();
        let d = file(dir.path(), "d.draft", "en\tzh-CN\nMayor\t市长\n");
        let d = open_draft(&d, &DraftOptions::default()).unwrap();
        assert_eq!(d.segments[0].source.as_deref(), Some("Mayor"));
    }

    #[test]
    fn analysis_takes_the_source_column_of_a_tsv_and_every_line_of_text() {
        let dir = tempfile::tempdir().unwrap();
        let tsv = file(dir.path(), "d.tsv", "zh-CN\ten\n市长\tMayor\n");
        let en = LangTag::parse("en").unwrap();
        assert_eq!(segs(&tsv, Some(&en)), ["Mayor"]);
        assert_eq!(segs(&tsv, None), ["市长"]);
        let fr = LangTag::parse("fr").unwrap();
        assert!(segments_to_analyze(&tsv, Some(&fr), None).is_err());
        let txt = file(dir.path(), "d.txt", "one\ttwo\nthree\n");
        assert_eq!(segs(&txt, None), ["one\ttwo", "three"]);
    }

    #[test]
    fn analysis_sniffs_a_document_its_name_does_not_place() {
        let dir = tempfile::tempdir().unwrap();
        let tsv = file(dir.path(), "d.draft", "en\tzh-CN\nMayor\t市长\n");
        let zh = LangTag::parse("zh-CN").unwrap();
        assert_eq!(segs(&tsv, Some(&zh)), ["市长"]);
        let xliff = file(
            dir.path(),
            "d.job",
            "<?xml version=\"1.0\"?><xliff version=\"1.2\"><file source-language=\"en\" \
             target-language=\"zh-CN\" datatype=\"plaintext\" original=\"x\"><body>\
             <trans-unit id=\"1\"><source>Mayor</source></trans-unit></body></file></xliff>",
        );
        assert_eq!(segs(&xliff, None), ["Mayor"]);
        let tmx = file(dir.path(), "d.mem", "<tmx version=\"1.4\"><body/></tmx>");
        let e = segments_to_analyze(&tmx, None, None)
            .unwrap_err()
            .to_string();
        assert!(e.contains("d.mem: a TMX is a memory"), "{e}");
        let text = file(dir.path(), "d.draft2", "市长讲话。\n<b>\n");
        assert_eq!(segs(&text, None), ["市长讲话。", "<b>"]);
    }

    #[test]
    fn regression_analyze_from_picks_the_headerless_column_in_that_script() {
        let dir = tempfile::tempdir().unwrap();
        let en = LangTag::parse("en").unwrap();
        let bare = file(dir.path(), "b.tsv", "The Mayor spoke.\t市长讲话。\n");
        let zh = LangTag::parse("zh-CN").unwrap();
        assert_eq!(segs(&bare, Some(&zh)), ["市长讲话。"]);
        assert_eq!(segs(&bare, Some(&en)), ["The Mayor spoke."]);
        let en_only = file(dir.path(), "e.tsv", "The Mayor spoke.\tHe did.\n");
        assert!(segments_to_analyze(&en_only, Some(&zh), None).is_err());
    }
}
