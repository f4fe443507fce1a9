//! Turning a file's bytes into text: UTF-8 with or without BOM, UTF-16 LE/BE with BOM, and the
//! legacy encodings an XML declaration names (windows-1252, Shift_JIS…), through encoding_rs.
//! A whole file ([`decode`]) and a stream ([`Input`]) are decoded by the same [`Decoded`]
//! reader, so every command sees the same text and the same errors: bytes that are not valid
//! in the file's encoding are an error naming the line, never a silent replacement character.

use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use encoding_rs::{DecoderResult, Encoding, UTF_8};

use crate::error::{Error, Result};

/// A decoded input file: its display name (for messages) and its whole text.
#[derive(Clone, Debug)]
pub struct Source {
    pub name: String,
    pub text: String,
}

impl Source {
    pub fn read(path: &Path) -> Result<Source> {
        let bytes = super::limits::read(path)?;
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
/// transcoded to UTF-8 on the fly when it is UTF-16 or a legacy encoding. A reader that gets
/// an I/O error from it turns it into an [`Error`] with [`read_error`], which names the line
/// of bytes that are not valid in the file's encoding.
pub struct Input {
    pub name: String,
    pub reader: Box<dyn BufRead>,
}

impl Input {
    /// Opens a file, sniffing its encoding from the BOM, else from an XML declaration or a
    /// magic comment in its first KiB, else UTF-8. The BOM is not passed on.
    pub fn open(path: &Path) -> Result<Input> {
        let name = path.display().to_string();
        let file = super::limits::open(path)?;
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

    fn sniffed(name: String, head: &[u8], mut buf: BufReader<impl Read + 'static>) -> Input {
        let reader: Box<dyn BufRead> = match sniff(head) {
            // UTF-8 passes through untouched, so that invalid bytes reach the parser and are
            // reported with their line instead of being replaced.
            None => Box::new(buf),
            Some(e) if e == UTF_8 => {
                if head.starts_with(b"\xEF\xBB\xBF") {
                    buf.consume(3);
                }
                Box::new(buf)
            }
            Some(e) => Box::new(Decoded::new(buf, e)),
        };
        Input { name, reader }
    }
}

/// Decodes bytes by BOM, then by the encoding an XML declaration or an Emacs-style magic
/// comment (`-*- coding: utf-8 -*-`) names, else as UTF-8. The BOM is dropped.
pub fn decode(name: &str, bytes: &[u8]) -> Result<String> {
    match sniff(bytes) {
        None => utf8(name, bytes),
        Some(e) if e == UTF_8 => utf8(name, bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)),
        Some(e) => {
            let mut text = String::with_capacity(bytes.len());
            Decoded::new(bytes, e)
                .read_to_string(&mut text)
                .map_err(|err| read_error(name, err))?;
            Ok(text)
        }
    }
}

fn utf8(name: &str, bytes: &[u8]) -> Result<String> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
            let start = bytes[..at]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let end = bytes[at..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |i| at + i);
            Err(Error::input(
                name,
                line,
                format!(
                    "invalid UTF-8 at byte {at}{}",
                    not_utf8_hint(&bytes[start..end])
                ),
            ))
        }
    }
}

/// What to do about a line that is not UTF-8. Chinese Windows saves text as GB18030 (GBK) by
/// default, the most common reason a Chinese file fails here: when the line reads cleanly as
/// GB18030 and holds Han characters, that is named, with the conversion to run.
pub fn not_utf8_hint(line: &[u8]) -> &'static str {
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(line);
    let han = text
        .chars()
        .any(|c| matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}'));
    if !had_errors && han {
        "; the file reads as GB18030 (GBK), as Chinese Windows saves text: convert it to UTF-8 \
         first (iconv -f gb18030 -t utf-8)"
    } else {
        "; the file is not UTF-8: save it as UTF-8 (or UTF-16 with a byte order mark)"
    }
}

/// The encoding the first bytes of a file show: its BOM, the `<?` of an XML declaration in
/// UTF-16, or the encoding the first line declares. `None` is UTF-8 without a BOM.
fn sniff(head: &[u8]) -> Option<&'static Encoding> {
    if let Some((enc, _)) = Encoding::for_bom(head) {
        Some(enc)
    } else if head.starts_with(b"<\0?\0") {
        Some(encoding_rs::UTF_16LE)
    } else if head.starts_with(b"\0<\0?") {
        Some(encoding_rs::UTF_16BE)
    } else {
        declared_encoding(head)
    }
}

/// The encoding named in the first line: `<?xml ... encoding="X"?>` or `coding: X`. Read as
/// bytes: the line may hold anything, in any encoding, and only ASCII is looked for.
fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let first_line = head.split(|&b| b == b'\n').next().unwrap_or(head);
    let label = if first_line.trim_ascii_start().starts_with(b"<?xml") {
        let rest = &first_line[find(first_line, b"encoding")? + b"encoding".len()..];
        let rest = rest
            .trim_ascii_start()
            .strip_prefix(b"=")?
            .trim_ascii_start();
        let (&quote, rest) = rest.split_first()?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        &rest[..rest.iter().position(|&b| b == quote)?]
    } else if let Some(i) = find(first_line, b"coding:").or_else(|| find(first_line, b"coding=")) {
        first_line[i + 7..]
            .trim_ascii_start()
            .split(|b| b.is_ascii_whitespace())
            .next()?
    } else {
        return None;
    };
    // A declaration that says UTF-16 in a file with no BOM and plain ASCII bytes is lying;
    // the bytes win.
    let enc = Encoding::for_label(label.trim_ascii())?;
    if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
        None
    } else {
        Some(enc)
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Bytes in a non-UTF-8 encoding, read as UTF-8. Malformed input (a lone UTF-16 surrogate,
/// bytes Shift_JIS has no character for) is an I/O error carrying the line, which
/// [`read_error`] turns into an input error: a replacement character would change the text
/// without a word.
struct Decoded<R> {
    inner: R,
    encoding: &'static Encoding,
    decoder: encoding_rs::Decoder,
    out: Vec<u8>,
    pos: usize,
    /// Line ends decoded so far: the line of malformed bytes is one more.
    newlines: u64,
    done: bool,
    /// Once malformed, always malformed: the line of the bytes.
    malformed: Option<u64>,
}

/// The payload of the I/O error [`Decoded`] gives.
#[derive(Debug)]
struct Malformed {
    line: u64,
    encoding: &'static str,
}

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "bytes that are not valid {}", self.encoding)
    }
}

impl std::error::Error for Malformed {}

impl<R: BufRead> Decoded<R> {
    fn new(inner: R, encoding: &'static Encoding) -> Self {
        Decoded {
            inner,
            encoding,
            // With BOM sniffing: a BOM names the encoding whatever the declaration says, and
            // is not passed on.
            decoder: encoding.new_decoder(),
            out: Vec::new(),
            pos: 0,
            newlines: 0,
            done: false,
            malformed: None,
        }
    }

    fn malformed(&self, line: u64) -> io::Error {
        io::Error::new(
            io::ErrorKind::InvalidData,
            Malformed {
                line,
                encoding: self.encoding.name(),
            },
        )
    }

    /// Decodes the next chunk into `out`; leaves it empty only at the end.
    fn refill(&mut self) -> io::Result<()> {
        self.out.clear();
        self.pos = 0;
        while self.out.is_empty() && !self.done {
            if let Some(line) = self.malformed {
                return Err(self.malformed(line));
            }
            let src = self.inner.fill_buf()?;
            let last = src.is_empty();
            let room = self
                .decoder
                .max_utf8_buffer_length_without_replacement(src.len())
                .unwrap_or(1 << 20)
                .max(4);
            self.out.resize(room, 0);
            let (result, read, written) =
                self.decoder
                    .decode_to_utf8_without_replacement(src, &mut self.out, last);
            self.out.truncate(written);
            self.inner.consume(read);
            let newlines = self.out.iter().filter(|&&b| b == b'\n').count() as u64;
            match result {
                DecoderResult::Malformed(..) => {
                    let line = self.newlines + newlines + 1;
                    self.malformed = Some(line);
                    self.out.clear();
                    return Err(self.malformed(line));
                }
                DecoderResult::InputEmpty => self.done = last,
                DecoderResult::OutputFull => {}
            }
            self.newlines += newlines;
        }
        Ok(())
    }
}

impl<R: BufRead> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        read_buffered(self, buf)
    }
}

/// `Read::read` for a reader whose `BufRead` side does the work.
pub(super) fn read_buffered(r: &mut impl BufRead, out: &mut [u8]) -> io::Result<usize> {
    let avail = r.fill_buf()?;
    let n = avail.len().min(out.len());
    out[..n].copy_from_slice(&avail[..n]);
    r.consume(n);
    Ok(n)
}

impl<R: BufRead> BufRead for Decoded<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos == self.out.len() {
            self.refill()?;
        }
        Ok(&self.out[self.pos..])
    }

    fn consume(&mut self, amt: usize) {
        self.pos = (self.pos + amt).min(self.out.len());
    }
}

/// An error reading an [`Input`]: bytes its encoding does not allow are an input error naming
/// the line; anything else is an I/O error on the file.
pub fn read_error(name: &str, e: io::Error) -> Error {
    decoding_error(name, &e).unwrap_or_else(|| Error::io(name, e))
}

/// The input error for bytes an [`Input`]'s encoding does not allow, if that is what `e` is.
pub fn decoding_error(name: &str, e: &io::Error) -> Option<Error> {
    let m = e.get_ref()?.downcast_ref::<Malformed>()?;
    Some(Error::input(name, m.line, m.to_string()))
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
            DocSource::File(p) => super::limits::read(p),
            DocSource::Stdin => super::limits::read_stream(std::io::stdin(), "standard input"),
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

    /// Every byte prefix of each first line, decoded whole and as a stream.
    #[test]
    fn regression_a_declaration_with_a_non_ascii_char_after_encoding_does_not_panic() {
        let lines: [&[u8]; 7] = [
            "<?xml version=\"1.0\" encoding=\u{201C}UTF-8\u{201D}?>\n<tmx/>\n".as_bytes(),
            b"<?xml version=\"1.0\" encoding=\xff\xfe?>\n",
            b"<?xml encoding = '\xe2\x80",
            b"<?xml encoding=\"windows-1252",
            "# -*- coding: \u{4E2D} -*-\n".as_bytes(),
            b"a\tb coding=\xe2\n",
            b"<?xml version='1.0' encoding='windows-1252'?><a>\x80</a>",
        ];
        for line in lines {
            for cut in 0..=line.len() {
                let bytes = &line[..cut];
                let _ = decode("t", bytes);
                let mut s = String::new();
                if let Ok(mut input) = Input::from_reader("t", std::io::Cursor::new(bytes.to_vec()))
                {
                    let _ = input.reader.read_to_string(&mut s);
                }
            }
        }
        let text = decode("t", lines[0]).unwrap();
        assert!(text.starts_with("<?xml"), "read as UTF-8: {text}");
    }

    /// The streaming reader of `tm import` and the whole-file one of `glossary import` give the
    /// same error.
    #[test]
    fn regression_tm_import_rejects_what_glossary_import_rejects_with_the_line() {
        let mut surrogate = vec![0xFF, 0xFE];
        for unit in "en\tzh\nHi\t".encode_utf16() {
            surrogate.extend(unit.to_le_bytes());
        }
        surrogate.extend([0x00, 0xD8, b'\n', 0]);
        let sjis = b"<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n<a>\n\x82\xa0\x85\xff</a>\n";
        for (bytes, want) in [
            (&surrogate[..], "t:2: bytes that are not valid UTF-16LE"),
            (&sjis[..], "t:3: bytes that are not valid Shift_JIS"),
        ] {
            assert_eq!(decode("t", bytes).unwrap_err().to_string(), want);
            let mut input = Input::from_reader("t", std::io::Cursor::new(bytes.to_vec())).unwrap();
            let mut s = String::new();
            let err = input.reader.read_to_string(&mut s).unwrap_err();
            assert_eq!(read_error("t", err).to_string(), want);
        }
        // Valid text in those encodings still reads, in chunks of any size.
        let big: String = "市长讲话。\n".repeat(20_000);
        let mut utf16 = vec![0xFE, 0xFF];
        for unit in big.encode_utf16() {
            utf16.extend(unit.to_be_bytes());
        }
        let mut input = Input::from_reader("t", std::io::Cursor::new(utf16)).unwrap();
        let mut s = String::new();
        input.reader.read_to_string(&mut s).unwrap();
        assert_eq!(s, big);
    }

    /// A Chinese TSV saved by Windows in GBK got "invalid UTF-8 at byte 21" and no word of
    /// what the file was or what to do.
    #[test]
    fn gbk_text_is_named_as_such_and_other_bytes_are_not() {
        let (gbk, _, _) = encoding_rs::GBK.encode("市长\t副市长");
        assert!(not_utf8_hint(&gbk).contains("GB18030"));
        // Latin-1 (café) is not GB18030: a lead byte needs a trail byte of 0x40 or more.
        assert!(!not_utf8_hint(b"caf\xE9 au lait").contains("GB18030"));
        assert!(not_utf8_hint(b"caf\xE9 au lait").contains("save it as UTF-8"));
        let err = decode("z.tsv", &[b"en\tzh\n".as_slice(), &gbk].concat())
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("z.tsv:2: invalid UTF-8"), "{err}");
        assert!(err.contains("iconv -f gb18030 -t utf-8"), "{err}");
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let err = decode("f.tsv", b"a\tb\nc\t\xFF\n").unwrap_err().to_string();
        assert!(
            err.starts_with("f.tsv:2: invalid UTF-8 at byte 6; "),
            "{err}"
        );
    }
}
