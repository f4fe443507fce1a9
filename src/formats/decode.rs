//! Turning a file's bytes into text: UTF-8 with or without BOM, UTF-16 LE/BE with BOM, and the
//! legacy encodings an XML declaration names (windows-1252, windows-1254…), through
//! encoding_rs. Invalid bytes in a file that claims UTF-8 are an error naming the line, never
//! a silent replacement character.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use encoding_rs::{Encoding, UTF_8};
use encoding_rs_io::DecodeReaderBytesBuilder;

use crate::error::{Error, Result};

/// A decoded input file: its display name (for messages) and its whole text.
#[derive(Clone, Debug)]
pub struct Source {
    pub name: String,
    pub text: String,
}

impl Source {
    pub fn read(path: &Path) -> Result<Source> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let name = path.display().to_string();
        let text = decode(&name, &bytes)?;
        Ok(Source { name, text })
    }

    /// A source already in memory (the embedded glossary, standard input, tests).
    pub fn from_text(name: impl Into<String>, text: impl Into<String>) -> Source {
        Source {
            name: name.into(),
            text: text.into(),
        }
    }
}

/// A streaming input: a translation memory of a million units is read in constant memory,
/// transcoded to UTF-8 on the fly when it is UTF-16 or a legacy encoding.
pub struct Input {
    pub name: String,
    pub reader: Box<dyn BufRead>,
}

impl Input {
    /// Opens a file, sniffing its encoding from the BOM, else from an XML declaration or a
    /// magic comment in its first KiB, else UTF-8. The BOM is not passed on.
    pub fn open(path: &Path) -> Result<Input> {
        let name = path.display().to_string();
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let mut buf = BufReader::with_capacity(1 << 16, file);
        let head = buf.fill_buf().map_err(|e| Error::io(path, e))?.to_vec();
        Ok(Input::sniffed(name, &head, buf))
    }

    /// Wraps any reader (standard input, bytes in a test), sniffing its encoding the same way.
    pub fn from_reader(name: impl Into<String>, reader: impl Read + 'static) -> Result<Input> {
        let name = name.into();
        let mut buf = BufReader::with_capacity(1 << 16, reader);
        let head = buf.fill_buf().map_err(|e| Error::io(&name, e))?.to_vec();
        Ok(Input::sniffed(name, &head, buf))
    }

    fn sniffed(name: String, head: &[u8], buf: BufReader<impl Read + 'static>) -> Input {
        let enc = if let Some((enc, _)) = Encoding::for_bom(head) {
            Some(enc)
        } else if head.starts_with(b"<\0?\0") {
            Some(encoding_rs::UTF_16LE)
        } else if head.starts_with(b"\0<\0?") {
            Some(encoding_rs::UTF_16BE)
        } else {
            declared_encoding(head)
        };
        let reader: Box<dyn BufRead> = match enc {
            // UTF-8 passes through untouched, so that invalid bytes reach the parser and are
            // reported with their line instead of being replaced.
            None => Box::new(buf),
            Some(e) if e == UTF_8 => {
                let mut buf = buf;
                if head.starts_with(b"\xEF\xBB\xBF") {
                    buf.consume(3);
                }
                Box::new(buf)
            }
            Some(e) => Box::new(BufReader::with_capacity(
                1 << 16,
                DecodeReaderBytesBuilder::new()
                    .encoding(Some(e))
                    .bom_override(true)
                    .build(buf),
            )),
        };
        Input { name, reader }
    }
}

/// Decodes bytes by BOM, then by the encoding an XML declaration or an Emacs-style magic
/// comment (`-*- coding: utf-8 -*-`) names, else as UTF-8. The BOM is dropped.
pub fn decode(name: &str, bytes: &[u8]) -> Result<String> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return decode_with(name, enc, &bytes[bom_len..]);
    }
    // UTF-16 without a BOM still shows itself in an XML declaration: `<\0?\0` or `\0<\0?`.
    if bytes.starts_with(b"<\0?\0") {
        return decode_with(name, encoding_rs::UTF_16LE, bytes);
    }
    if bytes.starts_with(b"\0<\0?") {
        return decode_with(name, encoding_rs::UTF_16BE, bytes);
    }
    let enc = declared_encoding(bytes).unwrap_or(UTF_8);
    decode_with(name, enc, bytes)
}

fn decode_with(name: &str, enc: &'static Encoding, bytes: &[u8]) -> Result<String> {
    if enc == UTF_8 {
        return match std::str::from_utf8(bytes) {
            Ok(s) => Ok(s.to_string()),
            Err(e) => {
                let at = e.valid_up_to();
                let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
                Err(Error::input(
                    name,
                    line,
                    format!("invalid UTF-8 at byte {at}"),
                ))
            }
        };
    }
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        let line = text[..text.find('\u{FFFD}').unwrap_or(0)]
            .matches('\n')
            .count() as u64
            + 1;
        return Err(Error::input(
            name,
            line,
            format!("bytes that are not valid {}", enc.name()),
        ));
    }
    Ok(text.into_owned())
}

/// The encoding named in the first 1 KiB: `<?xml ... encoding="X"?>` or `coding: X`.
fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let head = String::from_utf8_lossy(head);
    let first_line = head.lines().next().unwrap_or("");
    let label = if first_line.trim_start().starts_with("<?xml") {
        let rest = &first_line[first_line.find("encoding")? + "encoding".len()..];
        let rest = rest.trim_start().strip_prefix('=')?.trim_start();
        let quote = rest.chars().next()?;
        let rest = &rest[1..];
        rest[..rest.find(quote)?].to_string()
    } else if let Some(i) = first_line
        .find("coding:")
        .or_else(|| first_line.find("coding="))
    {
        first_line[i + 7..].split_whitespace().next()?.to_string()
    } else {
        return None;
    };
    // A declaration that says UTF-16 in a file with no BOM and plain ASCII bytes is lying;
    // the bytes win.
    let enc = Encoding::for_label(label.trim().as_bytes())?;
    if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
        None
    } else {
        Some(enc)
    }
}

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

    pub fn kind(&self) -> Option<super::FileKind> {
        match self {
            DocSource::File(p) => super::detect(p),
            DocSource::Stdin => None,
        }
    }

    /// The bytes as stored; standard input can be read only once, so a caller that must look
    /// before it reads keeps them.
    pub fn read_bytes(&self) -> Result<Vec<u8>> {
        match self {
            DocSource::File(p) => std::fs::read(p).map_err(|e| Error::io(p, e)),
            DocSource::Stdin => {
                let mut buf = Vec::new();
                std::io::stdin()
                    .read_to_end(&mut buf)
                    .map_err(|e| Error::io("standard input", e))?;
                Ok(buf)
            }
        }
    }

    /// The whole text, decoded (BOMs, UTF-16, declared encodings), exactly as written.
    pub fn read_text(&self) -> Result<String> {
        match self {
            DocSource::File(p) => Ok(Source::read(p)?.text),
            DocSource::Stdin => decode("standard input", &self.read_bytes()?),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_variants() {
        assert_eq!(decode("t", b"\xEF\xBB\xBFabc").unwrap(), "abc");
        assert_eq!(decode("t", b"\xFF\xFEa\0b\0").unwrap(), "ab");
        assert_eq!(decode("t", b"\xFE\xFF\0a\0b").unwrap(), "ab");
    }

    #[test]
    fn declared_legacy_encoding() {
        let bytes = b"<?xml version=\"1.0\" encoding=\"windows-1254\"?><a>\xFE</a>";
        assert_eq!(
            decode("t", bytes).unwrap(),
            "<?xml version=\"1.0\" encoding=\"windows-1254\"?><a>\u{15F}</a>"
        );
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let err = decode("f.tsv", b"a\tb\nc\t\xFF\n").unwrap_err().to_string();
        assert_eq!(err, "f.tsv:2: invalid UTF-8 at byte 6");
    }
}
