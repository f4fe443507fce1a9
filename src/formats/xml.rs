//! The XML 1.0 plumbing the TMX, XLIFF and TBX readers and writers share, over quick-xml: a
//! reader that gives owned events with the line each starts on, and escaping for writing.
//!
//! What every reader gets from here, so that all three read a file the same way:
//! - Errors are [`Error::Input`] naming file:line; a well-formedness error says
//!   `not well-formed XML`.
//! - Text is valid UTF-8 ([`super::Input`] and [`super::Source`] transcode other encodings
//!   first, so an XML declaration's encoding is never obeyed twice), line ends normalised
//!   (CRLF and lone CR read as LF), and free of the characters XML 1.0 forbids even literally
//!   (C0 controls but TAB, LF, CR; U+FFFE, U+FFFF).
//! - References: the five predefined entities and character references to characters XML 1.0
//!   allows. Any other entity is an error: the DOCTYPE is passed over unread, so a custom or
//!   external entity is never expanded nor fetched (no billion laughs, nothing read from disk
//!   or the network).
//! - Attribute values normalised as XML 1.0 §3.3.3 says: after line-end normalisation each
//!   literal TAB, LF or CR is one space (so CRLF is one space), while one written as a
//!   reference is kept.
//! - One root element: anything but white space, comments and processing instructions after
//!   it is an error, and so is input that ends inside an element.

use std::io::{self, BufRead, Read};

use quick_xml::errors::SyntaxError;
use quick_xml::events::{BytesStart, Event as XmlEvent};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::reader::{NsReader, Reader};
use rustc_hash::FxHashSet;

use super::limits::{self, Exceeded};
use crate::error::{Error, Result};
use crate::text::chars::{clip, first_forbidden, is_allowed};

/// Counts the newlines quick-xml consumes. quick-xml consumes its input exactly up to the end
/// of each event, so the count before an event is the line the event starts on. Counting the
/// consumed bytes rather than each event's content also covers the bytes quick-xml leaves out
/// of events (white space before `>` in an end tag, after `<!DOCTYPE`), so every byte is seen
/// exactly once.
///
/// It also keeps quick-xml within [`limits`]: quick-xml grows its buffer until an event ends,
/// so an endless tag or text node would grow it until the allocation fails. Refusing to give
/// more bytes once an event or a record is past its limit stops it with an error instead.
struct LineCounter<R> {
    inner: R,
    newlines: u64,
    consumed: u64,
    /// Where the event being read began.
    event_start: u64,
    /// Where the record being read (its start tag) began.
    record_start: Option<u64>,
}

impl<R> LineCounter<R> {
    fn new(inner: R) -> Self {
        LineCounter {
            inner,
            newlines: 0,
            consumed: 0,
            event_start: 0,
            record_start: None,
        }
    }
}

impl<R: BufRead> Read for LineCounter<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        super::decode::read_buffered(self, out)
    }
}

impl<R: BufRead> BufRead for LineCounter<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.consumed - self.event_start > limits::XML_NODE as u64 {
            return Err(Exceeded::Node.into_io());
        }
        if let Some(start) = self.record_start
            && self.consumed - start > limits::RECORD as u64
        {
            return Err(Exceeded::Record.into_io());
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        // The bytes being consumed are still in the inner buffer: fill_buf returns them
        // without reading.
        if amt > 0
            && let Ok(buf) = self.inner.fill_buf()
        {
            self.newlines += count_newlines(&buf[..amt.min(buf.len())]);
        }
        self.consumed += amt as u64;
        self.inner.consume(amt);
    }
}

fn count_newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

/// The namespace of an element, resolved only by a reader made with
/// [`XmlReader::with_namespaces`]; otherwise always `Unbound`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ns {
    Unbound,
    Bound(Vec<u8>),
    /// A prefix with no declaration in scope.
    Unknown,
}

/// A start or empty-element tag, owned, its attributes read.
#[derive(Clone, Debug)]
pub struct Tag {
    /// The qualified name as written (`x:trans-unit`).
    pub name: String,
    /// Names as written, values normalised and their references resolved, in document order.
    pub attrs: Vec<(String, String)>,
    pub empty: bool,
    pub line: u64,
    pub ns: Ns,
    /// The tag as written between `<` and `>` (or `/>`); kept only by a reader made with
    /// [`XmlReader::with_namespaces`], since only XLIFF keeps codes' tags verbatim.
    pub raw: String,
}

impl Tag {
    /// The name without its prefix.
    pub fn local(&self) -> &str {
        local(&self.name)
    }

    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// A name without its prefix.
pub fn local(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, l)| l)
}

/// An XML event reduced to what the readers need. An empty-element tag is a [`Event::Start`]
/// with `empty` set and no [`Event::End`].
#[derive(Clone, Debug)]
pub enum Event {
    Start(Tag),
    /// The qualified name; quick-xml has checked that it matches its start tag.
    End(String),
    /// Literal character data, CDATA sections included.
    Text(String),
    /// A resolved reference, apart from text because TBX keeps white space written as a
    /// reference while it drops pretty-printing.
    Ref(char),
    /// The end of a well-formed document.
    Eof,
}

enum Inner<R> {
    Plain(Reader<LineCounter<R>>),
    Ns(NsReader<LineCounter<R>>),
}

/// quick-xml turned into owned events with lines, the rules of the module comment enforced.
pub struct XmlReader<R> {
    name: String,
    xml: Inner<R>,
    buf: Vec<u8>,
    /// Open elements, qualified name and start line, for the message of a truncated file.
    open: Vec<(String, u64)>,
    /// Namespace declarations of each open element, and their sum: quick-xml resolves each
    /// name by a scan of the declarations in scope, so their number is limited.
    declared: Vec<usize>,
    in_scope: usize,
    /// Set when the root element closes.
    root: Option<String>,
    /// Elements a truncation message names in preference to the innermost one.
    records: &'static [&'static str],
    /// Elements each limited to [`limits::RECORD`] bytes.
    limited: &'static [&'static str],
    /// The open record: its depth in `open` and the line of its start tag.
    record: Option<(usize, u64)>,
    /// The line of the event being read.
    event_line: u64,
}

impl<R: BufRead> XmlReader<R> {
    /// A reader that leaves namespaces unresolved (TMX and TBX match names as written or by
    /// local name).
    pub fn new(name: impl Into<String>, reader: R) -> Self {
        let mut xml = Reader::from_reader(LineCounter::new(reader));
        configure(xml.config_mut());
        Self::with(name.into(), Inner::Plain(xml))
    }

    /// A reader that resolves each element's namespace and keeps tags as written (XLIFF).
    pub fn with_namespaces(name: impl Into<String>, reader: R) -> Self {
        let mut xml = NsReader::from_reader(LineCounter::new(reader));
        configure(xml.config_mut());
        Self::with(name.into(), Inner::Ns(xml))
    }

    fn with(name: String, xml: Inner<R>) -> Self {
        XmlReader {
            name,
            xml,
            buf: Vec::with_capacity(1024),
            open: Vec::new(),
            declared: Vec::new(),
            in_scope: 0,
            root: None,
            records: &[],
            limited: &[],
            record: None,
            event_line: 1,
        }
    }

    /// Limits each element of these local names (the records of the format) to
    /// [`limits::RECORD`] bytes, start and end tags included.
    pub fn records(mut self, names: &'static [&'static str]) -> Self {
        self.limited = names;
        self
    }

    fn counter(&mut self) -> &mut LineCounter<R> {
        counter(&mut self.xml)
    }

    /// Makes a truncation message name the innermost open element of these local names (the
    /// record being read, the useful place to look) rather than the innermost element.
    pub fn truncation_names(mut self, records: &'static [&'static str]) -> Self {
        self.records = records;
        self
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The line the next event starts on.
    pub fn line(&self) -> u64 {
        let counter = match &self.xml {
            Inner::Plain(r) => r.get_ref(),
            Inner::Ns(r) => r.get_ref(),
        };
        counter.newlines + 1
    }

    pub fn err(&self, line: u64, message: impl Into<String>) -> Error {
        Error::input(&self.name, line, message)
    }

    fn truncated(&self) -> Option<Error> {
        let (element, opened) = self
            .open
            .iter()
            .rev()
            .find(|(n, _)| self.records.contains(&local(n)))
            .or(self.open.last())?;
        Some(self.err(
            self.line(),
            format!(
                "unexpected end of file inside <{}> (opened at line {opened}): the file is truncated",
                clip(element)
            ),
        ))
    }

    fn xml_error(&self, e: quick_xml::Error) -> Error {
        match e {
            // Every syntax error but this one is input that ended inside a tag, comment,
            // CDATA section…
            quick_xml::Error::Syntax(SyntaxError::InvalidBangMarkup) => {}
            quick_xml::Error::Syntax(_) => {
                if let Some(e) = self.truncated() {
                    return e;
                }
            }
            quick_xml::Error::Io(io) => {
                match Exceeded::from_io(&io) {
                    Some(Exceeded::Node) => {
                        return self.err(self.event_line, format!("not read: {}", Exceeded::Node));
                    }
                    Some(Exceeded::Record) => {
                        let (element, line) = match self.record {
                            Some((depth, line)) => (self.open[depth - 1].0.as_str(), line),
                            None => ("?", self.event_line),
                        };
                        return self.err(
                            line,
                            format!(
                                "not read: <{}> is {} (a record is a whole <tu>, unit or entry)",
                                clip(element),
                                Exceeded::Record
                            ),
                        );
                    }
                    None => {}
                }
                return super::decode::decoding_error(&self.name, &io)
                    .unwrap_or_else(|| self.err(self.line(), format!("cannot read: {io}")));
            }
            _ => {}
        }
        // quick-xml's messages quote names from the input, whole.
        self.err(
            self.line(),
            format!("not well-formed XML: {}", clip(&e.to_string())),
        )
    }

    /// The next event and the line it starts on. Comments, processing instructions, the XML
    /// declaration, the DOCTYPE and white space outside the root element are checked for
    /// UTF-8 and passed over.
    pub fn event(&mut self) -> Result<(Event, u64)> {
        loop {
            let line = self.line();
            self.event_line = line;
            let c = self.counter();
            c.event_start = c.consumed;
            let start = c.consumed;
            self.buf.clear();
            let read = match &mut self.xml {
                Inner::Plain(r) => r.read_event_into(&mut self.buf).map(|ev| (None, ev)),
                Inner::Ns(r) => r
                    .read_resolved_event_into(&mut self.buf)
                    .map(|(ns, ev)| (Some(resolved(ns)), ev)),
            };
            let (ns, event) = match read {
                Ok(read) => read,
                Err(e) => return Err(self.xml_error(e)),
            };
            // Input already in memory comes in one piece, never asking for more: the limit
            // is checked here too, so that it does not depend on where the bytes come from.
            let c = counter(&mut self.xml);
            let over = if c.consumed - start > limits::XML_NODE as u64 {
                Some(Exceeded::Node)
            } else if c
                .record_start
                .is_some_and(|r| c.consumed - r > limits::RECORD as u64)
            {
                Some(Exceeded::Record)
            } else {
                None
            };
            if let Some(over) = over {
                return Err(self.xml_error(quick_xml::Error::Io(over.into_io().into())));
            }
            let name = self.name.as_str();
            let ev = match &event {
                XmlEvent::Start(e) | XmlEvent::Empty(e) => {
                    let empty = matches!(event, XmlEvent::Empty(_));
                    let resolving = ns.is_some();
                    let tag = tag(name, line, e, empty, ns)?;
                    let declares = if resolving {
                        tag.attrs
                            .iter()
                            .filter(|(k, _)| k == "xmlns" || k.starts_with("xmlns:"))
                            .count()
                    } else {
                        0
                    };
                    if self.in_scope + declares > limits::NAMESPACES {
                        return Err(self.err(
                            line,
                            format!(
                                "more than {} namespace declarations in scope at <{}>, concord's limit",
                                limits::NAMESPACES,
                                clip(&tag.name)
                            ),
                        ));
                    }
                    if !empty {
                        self.declared.push(declares);
                        self.in_scope += declares;
                    }
                    if let Some(root) = &self.root {
                        return Err(self.after_root(line, root));
                    }
                    if empty && self.open.is_empty() {
                        self.root = Some(tag.name.clone());
                    } else if !empty {
                        if self.open.len() >= limits::DEPTH {
                            return Err(self.err(
                                line,
                                format!(
                                    "<{}> is nested more than {} elements deep, concord's limit",
                                    clip(&tag.name),
                                    limits::DEPTH
                                ),
                            ));
                        }
                        self.open.push((tag.name.clone(), line));
                        if self.record.is_none() && self.limited.contains(&tag.local()) {
                            self.record = Some((self.open.len(), line));
                            counter(&mut self.xml).record_start = Some(start);
                        }
                    }
                    Event::Start(tag)
                }
                XmlEvent::End(e) => {
                    let end = chars(name, line, e.name().as_ref())?.to_owned();
                    self.open.pop();
                    self.in_scope -= self.declared.pop().unwrap_or(0);
                    if self
                        .record
                        .is_some_and(|(depth, _)| self.open.len() < depth)
                    {
                        self.record = None;
                        counter(&mut self.xml).record_start = None;
                    }
                    if self.open.is_empty() {
                        self.root = Some(end.clone());
                    }
                    Event::End(end)
                }
                XmlEvent::Text(t) => Event::Text(text(name, line, t)?),
                XmlEvent::CData(t) => Event::Text(text(name, line, t)?),
                XmlEvent::GeneralRef(r) => {
                    let entity = chars(name, line, r)?;
                    Event::Ref(reference(entity).map_err(|m| Error::input(name, line, m))?)
                }
                XmlEvent::Eof => match self.truncated() {
                    Some(e) => return Err(e),
                    None => Event::Eof,
                },
                XmlEvent::DocType(_) if self.root.is_some() || !self.open.is_empty() => {
                    return Err(self.err(
                        line,
                        "not well-formed XML: a DOCTYPE after the start of the root element",
                    ));
                }
                XmlEvent::Decl(d) => {
                    chars(name, line, &event)?;
                    // Its encoding was sniffed from the bytes; a declaration that cannot be
                    // read (`encoding=“UTF-8”`) is not well-formed, not a hint to pass over.
                    let bad = d.version().err().map(|e| e.to_string()).or_else(|| {
                        [d.encoding(), d.standalone()]
                            .into_iter()
                            .find_map(|a| a?.err().map(|e| e.to_string()))
                    });
                    if let Some(e) = bad {
                        return Err(self.err(
                            line,
                            format!("not well-formed XML declaration: {}", clip(&e)),
                        ));
                    }
                    continue;
                }
                XmlEvent::Comment(_) | XmlEvent::PI(_) | XmlEvent::DocType(_) => {
                    // Passed over, but a character XML forbids is as much an error here as
                    // in text: the document is not well-formed.
                    chars(name, line, &event)?;
                    continue;
                }
            };
            let outside = self.open.is_empty() && !matches!(ev, Event::End(_));
            if outside && matches!(&ev, Event::Text(t) if is_blank(t)) {
                continue;
            }
            if let Some(root) = &self.root {
                match &ev {
                    Event::Text(t) if !is_blank(t) => {
                        let lead = t.len() - t.trim_start_matches(is_xml_space).len();
                        let at = line + count_newlines(&t.as_bytes()[..lead]);
                        return Err(self.after_root(at, root));
                    }
                    Event::Ref(_) => return Err(self.after_root(line, root)),
                    _ => {}
                }
            }
            return Ok((ev, line));
        }
    }

    fn after_root(&self, line: u64, root: &str) -> Error {
        self.err(
            line,
            format!("not well-formed XML: content after </{}>", clip(root)),
        )
    }

    /// Passes over the content of an element just opened (not an empty one), whatever it
    /// holds, up to and including its end tag.
    pub fn skip(&mut self) -> Result<()> {
        let mut depth = 0usize;
        loop {
            match self.event()?.0 {
                Event::Start(t) if !t.empty => depth += 1,
                Event::End(_) if depth == 0 => return Ok(()),
                Event::End(_) => depth -= 1,
                // Only at the top level, where this is never called.
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }
}

fn counter<R>(xml: &mut Inner<R>) -> &mut LineCounter<R> {
    match xml {
        Inner::Plain(r) => r.get_mut(),
        Inner::Ns(r) => r.get_mut(),
    }
}

fn configure(config: &mut quick_xml::reader::Config) {
    // Text is kept exactly, white space included; the readers decide what is pretty-printing.
    config.trim_text(false);
    config.check_end_names = true;
    config.expand_empty_elements = false;
}

fn resolved(ns: ResolveResult) -> Ns {
    match ns {
        ResolveResult::Unbound => Ns::Unbound,
        ResolveResult::Bound(Namespace(n)) => Ns::Bound(n.to_vec()),
        ResolveResult::Unknown(_) => Ns::Unknown,
    }
}

fn tag(name: &str, line: u64, e: &BytesStart, empty: bool, ns: Option<Ns>) -> Result<Tag> {
    let raw: &[u8] = e;
    // Checking the whole tag once makes every name and value below valid UTF-8 and free of
    // the characters XML forbids (a value's references are checked as they are expanded).
    let raw_str = chars(name, line, raw)?;
    let tag_name = utf8(name, line, e.name().as_ref())?.to_owned();
    let mut attrs = Vec::new();
    // quick-xml's own duplicate check compares each attribute with every one before it,
    // quadratic in a tag of 200,000 attributes; a set does it in one pass.
    let mut seen: FxHashSet<&[u8]> = FxHashSet::default();
    // The line of the value, the tag may span lines: counted on from the previous value,
    // so that a long tag is scanned once.
    let (mut counted, mut at) = (0usize, line);
    for a in e.attributes().with_checks(false) {
        let a = a.map_err(|err| Error::input(name, line, format!("not well-formed XML: {err}")))?;
        let offset = (a.value.as_ptr() as usize).wrapping_sub(raw.as_ptr() as usize);
        if offset <= raw.len() && offset >= counted {
            at += count_newlines(&raw[counted..offset]);
            counted = offset;
        }
        let key_bytes: &[u8] = a.key.into_inner();
        let key = utf8(name, at, key_bytes)?;
        if !seen.insert(key_bytes) {
            return Err(Error::input(
                name,
                at,
                format!(
                    "not well-formed XML: attribute {} appears twice in <{}>",
                    clip(key),
                    clip(&tag_name)
                ),
            ));
        }
        let key = key.to_owned();
        let raw_value = utf8(name, at, &a.value)?;
        let value = attr_value(raw_value).map_err(|(pos, m)| {
            Error::input(name, at + count_newlines(&raw_value.as_bytes()[..pos]), m)
        })?;
        attrs.push((key, value));
    }
    let keep = ns.is_some();
    Ok(Tag {
        name: tag_name,
        attrs,
        empty,
        line,
        ns: ns.unwrap_or(Ns::Unbound),
        raw: if keep {
            raw_str.to_owned()
        } else {
            String::new()
        },
    })
}

fn utf8<'a>(name: &str, line: u64, raw: &'a [u8]) -> Result<&'a str> {
    std::str::from_utf8(raw).map_err(|e| {
        let at = e.valid_up_to();
        Error::input(
            name,
            line + count_newlines(&raw[..at]),
            format!(
                "invalid UTF-8 (byte 0x{:02X}): the file is not UTF-8 and does not declare its \
                 encoding{}",
                raw.get(at).copied().unwrap_or(0),
                super::decode::not_utf8_hint(
                    raw[at..].split(|&b| b == b'\n').next().unwrap_or_default()
                )
            ),
        )
    })
}

/// Character data as XML 1.0 gives it to applications: forbidden characters refused, line
/// ends normalised.
fn text(name: &str, line: u64, raw: &[u8]) -> Result<String> {
    Ok(normalize_eol(chars(name, line, raw)?))
}

/// Markup or text that must be UTF-8 and hold only characters XML 1.0 allows (its `Char`
/// production covers names, comments, processing instructions and declarations as well as
/// character data); the error names the line of the first that is not.
fn chars<'a>(name: &str, line: u64, raw: &'a [u8]) -> Result<&'a str> {
    let s = utf8(name, line, raw)?;
    if let Some((at, c)) = first_forbidden(s) {
        return Err(Error::input(
            name,
            line + count_newlines(&s.as_bytes()[..at]),
            forbidden(c),
        ));
    }
    Ok(s)
}

fn forbidden(c: char) -> String {
    format!(
        "not well-formed XML: character U+{:04X} is not allowed in XML 1.0",
        c as u32
    )
}

/// XML's white space: space, TAB, LF, CR.
pub fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

pub fn is_blank(s: &str) -> bool {
    s.chars().all(is_xml_space)
}

/// XML line-end handling: CRLF and lone CR are read as LF. A CR written as `&#13;` comes
/// through a reference, not here, and is kept.
fn normalize_eol(s: &str) -> String {
    if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s.to_owned()
    }
}

/// The character an entity or character reference (its name, between `&` and `;`) stands
/// for. Only the predefined five and character references exist: the DOCTYPE is never read,
/// so custom and external entities are refused, never expanded.
pub fn reference(entity: &str) -> std::result::Result<char, String> {
    Ok(match entity {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "apos" => '\'',
        "quot" => '"',
        _ => {
            let Some(num) = entity.strip_prefix('#') else {
                return Err(format!(
                    "entity &{}; is not defined (external and custom entities are never expanded)",
                    clip(entity)
                ));
            };
            // XML writes hex with a lower-case x only, and no sign.
            let (digits, radix) = match num.strip_prefix('x') {
                Some(hex) => (hex, 16),
                None => (num, 10),
            };
            let code = if !digits.is_empty() && digits.chars().all(|c| c.is_digit(radix)) {
                u32::from_str_radix(digits, radix).ok()
            } else {
                None
            };
            match code.and_then(char::from_u32).filter(|&c| is_allowed(c)) {
                Some(c) => c,
                None => {
                    return Err(format!(
                        "not well-formed XML: &{}; is not a reference to a character XML 1.0 allows",
                        clip(entity)
                    ));
                }
            }
        }
    })
}

/// An attribute value as XML 1.0 §3.3.3 defines it: references resolved, each literal TAB
/// or line end read as a space, CRLF as one. Errors carry the byte offset in the raw value.
pub fn attr_value(raw: &str) -> std::result::Result<String, (usize, String)> {
    if !raw.contains(['&', '\t', '\n', '\r', '<']) {
        if let Some((at, c)) = first_forbidden(raw) {
            return Err((at, forbidden(c)));
        }
        return Ok(raw.to_owned());
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '&' => {
                let rest = &raw[at + 1..];
                let Some(end) = rest.find(';') else {
                    return Err((
                        at,
                        "not well-formed XML: a bare & in an attribute value (write &amp;)".into(),
                    ));
                };
                out.push(reference(&rest[..end]).map_err(|m| (at, m))?);
                while chars.next_if(|&(i, _)| i <= at + 1 + end).is_some() {}
            }
            '\r' => {
                chars.next_if(|&(_, c)| c == '\n');
                out.push(' ');
            }
            '\n' | '\t' => out.push(' '),
            '<' => {
                return Err((
                    at,
                    "not well-formed XML: a < in an attribute value (write &lt;)".into(),
                ));
            }
            c if !is_allowed(c) => return Err((at, forbidden(c))),
            c => out.push(c),
        }
    }
    Ok(out)
}

/// Escapes character data: `&`, `<`, `>` (so `]]>` never appears), and CR, which would read
/// back as LF. Fails on a character XML 1.0 cannot carry.
pub fn escape_text(out: &mut String, s: &str) -> std::result::Result<(), char> {
    escape(out, s, false)
}

/// Escapes an attribute value for double quotes: as text, plus `"`, and TAB and line ends
/// as references, since literal ones read back as spaces.
pub fn escape_attr(out: &mut String, s: &str) -> std::result::Result<(), char> {
    escape(out, s, true)
}

/// [`escape_text`] for text an [`XmlReader`] gave, which holds no character XML forbids, so
/// that re-serialising what was read cannot fail.
pub fn escape_read_text(out: &mut String, s: &str) {
    push_escaped(out, s, false);
}

/// [`escape_attr`] for a value an [`XmlReader`] gave.
pub fn escape_read_attr(out: &mut String, s: &str) {
    push_escaped(out, s, true);
}

fn escape(out: &mut String, s: &str, attr: bool) -> std::result::Result<(), char> {
    if let Some((_, c)) = first_forbidden(s) {
        return Err(c);
    }
    push_escaped(out, s, attr);
    Ok(())
}

fn push_escaped(out: &mut String, s: &str, attr: bool) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'\r' => "&#13;",
            b'"' if attr => "&quot;",
            b'\t' if attr => "&#9;",
            b'\n' if attr => "&#10;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads a document with a plain reader: its root's attributes and everything inside it
    /// as text, or the error as `line: message`.
    fn read(xml: &str) -> std::result::Result<(Vec<(String, String)>, String), String> {
        let mut r = XmlReader::new("t.xml", xml.as_bytes());
        let mut attrs = None;
        let mut text = String::new();
        let res: Result<()> = (|| {
            loop {
                match r.event()?.0 {
                    Event::Start(t) => {
                        attrs.get_or_insert(t.attrs);
                    }
                    Event::Text(t) => text.push_str(&t),
                    Event::Ref(c) => text.push(c),
                    Event::End(_) => {}
                    Event::Eof => return Ok(()),
                }
            }
        })();
        match res {
            Ok(()) => Ok((attrs.unwrap_or_default(), text)),
            Err(Error::Input { line, message, .. }) => Err(format!("{line}: {message}")),
            Err(e) => Err(e.to_string()),
        }
    }

    enum Want {
        /// The root's text.
        Text(&'static str),
        /// The root's attribute `a`.
        Attr(&'static str),
        /// The error: its line and the start of its message.
        Fail(&'static str),
    }

    #[test]
    fn shared_reading_rules() {
        use Want::*;
        let cases: &[(&str, &str, Want)] = &[
            // References.
            ("named", "<r>&lt;&gt;&amp;&apos;&quot;</r>", Text("<>&'\"")),
            (
                "decimal",
                "<r>&#20013;&#119808;&#0065;</r>",
                Text("中\u{1D400}A"),
            ),
            (
                "hex",
                "<r>&#x4E2D;&#x1d400;&#x9;&#xD;</r>",
                Text("中\u{1D400}\t\r"),
            ),
            (
                "forbidden C0",
                "<r>\n&#1;</r>",
                Fail("2: not well-formed XML: &#1;"),
            ),
            (
                "forbidden NUL",
                "<r>&#0;</r>",
                Fail("1: not well-formed XML: &#0;"),
            ),
            (
                "forbidden FFFE",
                "<r>&#xFFFE;</r>",
                Fail("1: not well-formed XML: &#xFFFE;"),
            ),
            (
                "surrogate",
                "<r>&#xD800;</r>",
                Fail("1: not well-formed XML: &#xD800;"),
            ),
            (
                "out of range",
                "<r>&#x110000;</r>",
                Fail("1: not well-formed XML: &#x110000;"),
            ),
            (
                "overflow",
                "<r>&#99999999999;</r>",
                Fail("1: not well-formed XML"),
            ),
            (
                "upper-case X",
                "<r>&#X41;</r>",
                Fail("1: not well-formed XML: &#X41;"),
            ),
            (
                "signed",
                "<r>&#+65;</r>",
                Fail("1: not well-formed XML: &#+65;"),
            ),
            ("empty", "<r>&#;</r>", Fail("1: not well-formed XML")),
            (
                "unterminated",
                "<r>\nAT&T</r>",
                Fail("2: not well-formed XML"),
            ),
            (
                "custom",
                "<r>\n\n&co;</r>",
                Fail("3: entity &co; is not defined"),
            ),
            (
                "HTML entity",
                "<r>&nbsp;</r>",
                Fail("1: entity &nbsp; is not defined"),
            ),
            // Attributes.
            ("attr CRLF", "<r a=\"x\r\ny\"/>", Attr("x y")),
            ("attr lone CR", "<r a=\"x\ry\"/>", Attr("x y")),
            ("attr LF TAB", "<r a='x\n\ty'/>", Attr("x  y")),
            (
                "attr refs kept",
                "<r a=\"x&#13;&#10;y&#9;\"/>",
                Attr("x\r\ny\t"),
            ),
            (
                "attr named",
                "<r a=\"&lt;&amp;&quot;&apos;&gt;\"/>",
                Attr("<&\"'>"),
            ),
            (
                "attr forbidden ref",
                "<r\n a=\"&#1;\"/>",
                Fail("2: not well-formed XML: &#1;"),
            ),
            (
                "attr custom",
                "<r\n\n a=\"&x;\"/>",
                Fail("3: entity &x; is not defined"),
            ),
            (
                "attr bare &",
                "<r a=\"a&b\"/>",
                Fail("1: not well-formed XML: a bare &"),
            ),
            (
                "attr <",
                "<r a=\"a<b\"/>",
                Fail("1: not well-formed XML: a < in"),
            ),
            (
                "attr raw control",
                "<r a=\"\u{1}\"/>",
                Fail("1: not well-formed XML: character U+0001"),
            ),
            // Text and line ends.
            ("CRLF text", "<r>a\r\nb\rc</r>", Text("a\nb\nc")),
            (
                "raw control",
                "<r>\n\na\u{1}</r>",
                Fail("3: not well-formed XML: character U+0001"),
            ),
            (
                "raw FFFF",
                "<r>\u{FFFF}</r>",
                Fail("1: not well-formed XML: character U+FFFF"),
            ),
            (
                "raw control in CDATA",
                "<r><![CDATA[\u{8}]]></r>",
                Fail("1: not well-formed XML: character U+0008"),
            ),
            ("CDATA", "<r><![CDATA[<&>]]></r>", Text("<&>")),
            // Structure.
            (
                "regression: a declaration that cannot be read",
                "<?xml version=\"1.0\" encoding=\u{201C}UTF-8\u{201D}?>\n<r/>",
                Fail("1: not well-formed XML declaration"),
            ),
            (
                "a declaration without its version",
                "<?xml encoding=\"UTF-8\"?><r/>",
                Fail("1: not well-formed XML declaration"),
            ),
            (
                "content after root",
                "<r/>\n<r/>",
                Fail("2: not well-formed XML: content after </r>"),
            ),
            (
                "text after root",
                "<r></r>\nx",
                Fail("2: not well-formed XML: content after </r>"),
            ),
            (
                "blank and comments after root",
                "<r>a</r>\n<!-- c -->\n<?pi?>\n",
                Text("a"),
            ),
            (
                "truncated",
                "<r>\n<s>a",
                Fail("2: unexpected end of file inside <s> (opened at line 2)"),
            ),
            (
                "cut in a tag",
                "<r>\n<s\n a=\"",
                Fail("3: unexpected end of file inside <r> (opened at line 1)"),
            ),
            (
                "mismatched end",
                "<r>\n<s></r>",
                Fail("2: not well-formed XML"),
            ),
            (
                "DOCTYPE inside",
                "<r><!DOCTYPE r></r>",
                Fail("1: not well-formed XML: a DOCTYPE"),
            ),
            (
                "DOCTYPE entities unread",
                "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<r>&x;</r>",
                Fail("2: entity &x; is not defined"),
            ),
        ];
        for (what, xml, want) in cases {
            let got = read(xml);
            match (want, &got) {
                (Text(t), Ok((_, text))) => assert_eq!(text, t, "{what}"),
                (Attr(a), Ok((attrs, _))) => {
                    assert_eq!(attrs, &[("a".to_string(), a.to_string())], "{what}")
                }
                (Fail(f), Err(e)) => assert!(e.starts_with(f), "{what}: {e}"),
                _ => panic!("{what}: {got:?}"),
            }
        }
    }

    #[test]
    fn regression_long_names_from_the_input_are_cut_in_messages() {
        let long = "x".repeat(100_000);
        for xml in [
            format!("<r>&{long};</r>"),
            format!("<r>&#{long};</r>"),
            format!("<r>\n<{long}>"),
            format!("<r></{long}>"),
            format!("<{long}></{long}>x"),
        ] {
            let e = read(&xml).unwrap_err();
            assert!(e.len() < 300 && e.contains("xxx…"), "{}", &e[..300]);
        }
    }

    #[test]
    fn escaping_round_trips() {
        let cases = [
            "a < b & c > d",
            "]]>",
            "\"quoted\" and 'single'",
            "tab\tline\nreturn\r\nend",
            "  edges  ",
            "中文 \u{1D400}",
        ];
        for s in cases {
            let mut text = String::new();
            escape_text(&mut text, s).unwrap();
            assert!(!text.contains("]]>") && !text.contains('<'), "{text}");
            let mut attr = String::new();
            escape_attr(&mut attr, s).unwrap();
            let xml = format!("<r a=\"{attr}\">{text}</r>");
            let (attrs, back) = read(&xml).unwrap();
            assert_eq!(back, s, "text {xml}");
            assert_eq!(attrs, [("a".to_string(), s.to_string())], "attr {xml}");
        }
        assert_eq!(escape_text(&mut String::new(), "bell\u{7}"), Err('\u{7}'));
        assert_eq!(escape_attr(&mut String::new(), "\u{FFFE}"), Err('\u{FFFE}'));
    }
}
