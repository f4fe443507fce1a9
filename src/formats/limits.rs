//! The sizes concord refuses to go beyond, in one place, and the reading that enforces them.
//!
//! Every reader is linear in its input, but some inputs have no honest linear answer: a line
//! with no end (`/dev/zero`, a file with no newline) would be held whole, a term of 200 MB
//! compiles to gigabytes, XML nested a million deep is no document anyone wrote. Past each
//! limit the input is refused with an [`Error::Input`] naming the file and line, before it can
//! grow memory or time: a clear error beats an allocation abort or an hour of work.

use std::fs::File;
use std::io::{self, BufRead, Read};
use std::path::Path;

use crate::error::{Error, Result};

/// Bytes in one line of a line-based file (TSV, CSV, parallel text, CC-CEDICT, drafts).
pub const LINE: usize = 1 << 20;
/// Bytes in one XML tag or text node (a CDATA section, comment, DOCTYPE…).
pub const XML_NODE: usize = 1 << 20;
/// Bytes in one record: a TMX `<tu>`, an XLIFF unit, a TBX entry, a CSV record.
pub const RECORD: usize = 8 << 20;
/// Elements open at once in an XML file.
pub const DEPTH: usize = 1024;
/// XML namespace declarations in scope at once (XLIFF, whose names are resolved).
pub const NAMESPACES: usize = 256;
/// Characters in one glossary term.
pub const TERM_CHARS: usize = 1000;

/// The message for a line past [`LINE`].
pub fn long_line(line: u64) -> String {
    format!("line {line} is longer than 1 MiB, concord's limit (is this a text file?)")
}

/// Why a glossary term is too long to keep, if it is: every term is compiled into the
/// matchers `check` uses, at a cost that grows much faster than the term.
pub fn long_term(text: &str) -> Option<String> {
    if text.len() <= TERM_CHARS {
        return None;
    }
    let n = text.chars().count();
    (n > TERM_CHARS)
        .then(|| format!("a term of {n} characters is longer than {TERM_CHARS}, concord's limit"))
}

/// Opens a file to read, refusing anything but a regular file: a FIFO with no writer would
/// block `open` forever, a device such as `/dev/zero` never ends, a directory is no input.
/// Standard input (`-` on the command line) is read through its own path, not this one.
pub fn open(path: &Path) -> Result<File> {
    regular(path)?;
    File::open(path).map_err(|e| Error::io(path, e))
}

/// Refuses a path that is not a regular file (symbolic links are followed), without opening
/// it: `stat` never blocks on a FIFO.
pub fn regular(path: &Path) -> Result<()> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_file() {
        return Ok(());
    }
    let what = if meta.is_dir() {
        "a directory"
    } else {
        special_kind(&meta)
    };
    Err(Error::Input {
        path: path.display().to_string(),
        line: 0,
        message: format!("not a regular file ({what}); to read a stream, give `-` and pipe it in"),
    })
}

#[cfg(unix)]
fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_fifo() {
        "a named pipe"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::Metadata) -> &'static str {
    "a special file"
}

/// Reads a whole file, refusing one that is not regular; see [`open`].
pub fn read(path: &Path) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    open(path)?
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    Ok(bytes)
}

/// `BufRead::read_until(b'\n')` that stops at [`LINE`] bytes instead of growing: the line
/// (1-based, `line`) past the limit is an error. Returns the bytes read, 0 at the end.
/// I/O errors go through `io_err`, which knows how to name a decoding error.
pub fn read_line(
    r: &mut (impl BufRead + ?Sized),
    buf: &mut Vec<u8>,
    name: &str,
    line: u64,
    io_err: impl Fn(&str, io::Error) -> Error,
) -> Result<usize> {
    let start = buf.len();
    loop {
        let avail = match r.fill_buf() {
            Ok(a) => a,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(io_err(name, e)),
        };
        if avail.is_empty() {
            return Ok(buf.len() - start);
        }
        let room = LINE + 1 - (buf.len() - start).min(LINE);
        let (take, done) = match avail.iter().take(room).position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (avail.len().min(room), false),
        };
        buf.extend_from_slice(&avail[..take]);
        r.consume(take);
        if done {
            return Ok(buf.len() - start);
        }
        // One byte past the limit, its newline not among them: the line is too long (a line
        // of exactly LINE bytes and its newline passes).
        if buf.len() - start > LINE {
            return Err(Error::input(name, line, long_line(line)));
        }
    }
}

/// The first line of `text` longer than [`LINE`] bytes, as an error: for readers that have
/// the whole text, so that no later stage (a term matcher, a report) works on such a line.
pub fn check_lines(name: &str, text: &str) -> Result<()> {
    let mut line = 0u64;
    for l in text.as_bytes().split(|&b| b == b'\n') {
        line += 1;
        let l = l.strip_suffix(b"\r").unwrap_or(l);
        if l.len() > LINE {
            return Err(Error::input(name, line, long_line(line)));
        }
    }
    Ok(())
}

/// Reads a stream to its end (standard input) without letting one endless run grow memory:
/// a run of more than [`LINE`] bytes with no line end and no XML `<` or `>` is a line no
/// format concord reads allows (an XML tag or text node is itself limited to
/// [`XML_NODE`]), so `/dev/zero` piped in ends in an error instead of an allocation abort.
pub fn read_stream(mut r: impl Read, name: &str) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut chunk = vec![0u8; 1 << 16];
    // Bytes since the last delimiter, and the line they are on.
    let mut run = 0usize;
    let mut line = 1u64;
    loop {
        let n = match r.read(&mut chunk) {
            Ok(0) => return Ok(out),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::io(name, e)),
        };
        for &b in &chunk[..n] {
            match b {
                b'\n' => {
                    line += 1;
                    run = 0;
                }
                b'<' | b'>' => run = 0,
                _ => {
                    run += 1;
                    if run > LINE {
                        return Err(Error::input(name, line, long_line(line)));
                    }
                }
            }
        }
        out.extend_from_slice(&chunk[..n]);
    }
}

/// A limit met while XML is being read: carried through quick-xml as an I/O error, turned
/// back into an input error by the XML reader, which knows the line.
#[derive(Debug)]
pub enum Exceeded {
    /// A tag or text node past [`XML_NODE`].
    Node,
    /// A record past [`RECORD`].
    Record,
}

impl std::fmt::Display for Exceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Exceeded::Node => "a tag or text longer than 1 MiB, concord's limit",
            Exceeded::Record => "a record larger than 8 MiB, concord's limit",
        })
    }
}

impl std::error::Error for Exceeded {}

impl Exceeded {
    pub fn into_io(self) -> io::Error {
        io::Error::other(self)
    }

    /// The limit an I/O error carries, if it carries one.
    pub fn from_io(e: &io::Error) -> Option<&Exceeded> {
        e.get_ref()?.downcast_ref::<Exceeded>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8]) -> Vec<std::result::Result<usize, String>> {
        let mut r = io::BufReader::with_capacity(7, input);
        let mut out = Vec::new();
        let mut line = 0;
        loop {
            line += 1;
            let mut buf = Vec::new();
            match read_line(&mut r, &mut buf, "t", line, |n, e| Error::io(n, e)) {
                Ok(0) => return out,
                Ok(n) => out.push(Ok(n)),
                Err(e) => {
                    out.push(Err(e.to_string()));
                    return out;
                }
            }
        }
    }

    #[test]
    fn a_line_at_the_limit_passes_and_one_byte_more_does_not() {
        let mut at = vec![b'a'; LINE];
        at.push(b'\n');
        at.extend_from_slice(b"b\n");
        assert_eq!(lines(&at), [Ok(LINE + 1), Ok(2)]);
        let mut over = vec![b'a'; LINE + 1];
        over.push(b'\n');
        let got = lines(&over);
        assert_eq!(got.len(), 1);
        assert!(
            got[0]
                .as_ref()
                .unwrap_err()
                .starts_with("t:1: line 1 is longer than 1 MiB")
        );
        assert_eq!(lines(b"x\ny"), [Ok(2), Ok(1)]);
    }

    #[test]
    fn check_lines_names_the_long_one() {
        let text = format!("a\nb\n{}\n", "c".repeat(LINE + 1));
        let e = check_lines("t", &text).unwrap_err().to_string();
        assert!(e.starts_with("t:3: line 3 is longer"), "{e}");
        assert!(check_lines("t", &format!("{}\r\n", "c".repeat(LINE))).is_ok());
    }

    #[test]
    fn a_stream_without_delimiters_stops_at_the_limit() {
        let e = read_stream(io::repeat(0), "<stdin>")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("<stdin>:1: line 1 is longer"), "{e}");
        let xml = "<a>b</a>".repeat(LINE);
        assert_eq!(read_stream(xml.as_bytes(), "x").unwrap().len(), xml.len());
    }

    #[test]
    fn only_regular_files_are_opened() {
        let dir = tempfile::tempdir().unwrap();
        let e = open(dir.path()).unwrap_err().to_string();
        assert!(e.contains("not a regular file (a directory)"), "{e}");
        let f = dir.path().join("f");
        std::fs::write(&f, "x").unwrap();
        assert_eq!(read(&f).unwrap(), b"x");
    }
}
