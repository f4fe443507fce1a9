//! TMX translation memories, versions 1.1 to 1.4b. The reader streams: it holds one `<tu>` at
//! a time, so a file of a million units imports in constant memory. The writer produces TMX
//! 1.4b that the reader turns back into the same units.
//!
//! Only the five predefined XML entities and character references are expanded. A DOCTYPE is
//! passed over unread, so any other entity (a billion-laughs bomb, an external `SYSTEM`
//! entity) is an error naming its line, and nothing is ever fetched or read from disk.

use std::io::{self, BufRead, Write};
use std::time::{SystemTime, UNIX_EPOCH};

use rustc_hash::FxHashMap;

use super::xml::{self, Event, XmlReader};
use super::{Input, MemoryReader, ReadOptions, Skip};
use crate::error::{Error, Result};
use crate::model::memory::{Meta, Prop, Unit, Variant};
use crate::text::chars::clip;
use crate::text::{LangTag, NamedLangs};

/// Reads TMX 1.1 to 1.4b (`lang` or `xml:lang`, `*all*`, inline codes).
pub struct TmxReader;

impl MemoryReader for TmxReader {
    fn read(
        &self,
        input: Input,
        opts: &ReadOptions,
        sink: &mut dyn FnMut(Unit) -> Result<()>,
    ) -> Result<Vec<Skip>> {
        let mut parser = Parser::new(input.name, input.reader);
        let read = parser.document(sink);
        opts.names.absorb(&parser.names);
        read?;
        Ok(parser.skips)
    }
}

/// An XML event reduced to what TMX needs, owned, with text decoded and references resolved.
enum Ev {
    Start {
        name: String,
        attrs: Vec<(String, String)>,
        empty: bool,
    },
    /// quick-xml checks that end tags match their start tags, so the name is only needed to
    /// re-serialise inline markup.
    End(String),
    Text(String),
}

/// What an element inside a `<seg>` is, for the nesting rules of the TMX DTD.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Inline {
    /// `<bpt>`, `<ept>`, `<it>`, `<ph>`, `<ut>`: native code, not text a translator reads.
    Code,
    /// `<hi>`: highlighted text, part of the segment.
    Hi,
    /// `<sub>`: a sub-flow of text inside a code (an `alt` attribute, a footnote).
    Sub,
}

struct Parser<R> {
    name: String,
    xml: XmlReader<R>,
    /// The header's `srclang`, `None` for `*all*` or when absent.
    srclang: Option<LangTag>,
    skips: Vec<Skip>,
    names: NamedLangs,
}

impl<R: BufRead> Parser<R> {
    fn new(name: String, reader: R) -> Self {
        Parser {
            xml: XmlReader::new(name.clone(), reader).records(&["tu"]),
            name,
            srclang: None,
            skips: Vec::new(),
            names: NamedLangs::default(),
        }
    }

    fn err(&self, line: u64, message: impl Into<String>) -> Error {
        Error::input(&self.name, line, message)
    }

    /// The next event inside the root element and the line it starts on. The XML reader
    /// reports a file that ends inside an element as truncated, naming the element, so the
    /// element loops never see the end of the file; the error here only guards that promise.
    fn next(&mut self) -> Result<(Ev, u64)> {
        let (ev, line) = self.xml.event()?;
        let ev = match ev {
            Event::Start(t) => Ev::Start {
                name: t.name,
                attrs: t.attrs,
                empty: t.empty,
            },
            Event::End(name) => Ev::End(name),
            Event::Text(t) => Ev::Text(t),
            Event::Ref(c) => Ev::Text(c.to_string()),
            Event::Eof => return Err(self.err(line, "unexpected end of file")),
        };
        Ok((ev, line))
    }

    fn document(&mut self, sink: &mut dyn FnMut(Unit) -> Result<()>) -> Result<()> {
        // The XML reader passes over white space outside the root element.
        let (ev, line) = self.xml.event()?;
        match ev {
            Event::Start(t) => {
                if t.name != "tmx" {
                    return Err(self.err(
                        line,
                        format!(
                            "not a TMX file: the root element is <{}>, not <tmx>",
                            clip(&t.name)
                        ),
                    ));
                }
                if !t.empty {
                    self.tmx(sink)?;
                }
            }
            Event::Eof => return Err(self.err(line, "not a TMX file: there is no root element")),
            Event::Text(_) | Event::Ref(_) | Event::End(_) => {
                return Err(self.err(line, "not a TMX file: text before the root element"));
            }
        }
        // The XML reader refuses anything but white space, comments and PIs after the root.
        while !matches!(self.xml.event()?.0, Event::Eof) {}
        Ok(())
    }

    fn tmx(&mut self, sink: &mut dyn FnMut(Unit) -> Result<()>) -> Result<()> {
        loop {
            let (ev, line) = self.next()?;
            match ev {
                Ev::Start { name, attrs, empty } => match name.as_str() {
                    "header" => {
                        self.header(&attrs, line)?;
                        // Header <prop>s and <note>s describe the file, not its units, so they
                        // are not copied into each unit; <ude>/<map> only matter for
                        // user-defined encodings, which concord does not write.
                        if !empty {
                            self.skip()?;
                        }
                    }
                    "body" if !empty => self.body(sink)?,
                    _ if !empty => self.skip()?,
                    _ => {}
                },
                Ev::End(_) => return Ok(()),
                Ev::Text(_) => {}
            }
        }
    }

    fn header(&mut self, attrs: &[(String, String)], line: u64) -> Result<()> {
        if let Some((_, v)) = attrs.iter().find(|(k, _)| k == "srclang") {
            self.srclang = self.srclang_value(v, line)?;
        }
        Ok(())
    }

    /// A `srclang` value: `*all*` means "any language is the source", so no source language.
    fn srclang_value(&self, raw: &str, line: u64) -> Result<Option<LangTag>> {
        if raw.trim().eq_ignore_ascii_case("*all*") {
            Ok(None)
        } else {
            self.lang(raw, line).map(Some)
        }
    }

    fn lang(&self, raw: &str, line: u64) -> Result<LangTag> {
        self.names.read(raw).map_err(|e| match e {
            Error::Invalid(m) => self.err(line, m),
            other => self.err(line, other.to_string()),
        })
    }

    /// Passes over an element the reader has no use for, whatever it holds.
    fn skip(&mut self) -> Result<()> {
        let mut depth = 0usize;
        loop {
            match self.next()?.0 {
                Ev::Start { empty: false, .. } => depth += 1,
                Ev::End(_) if depth == 0 => return Ok(()),
                Ev::End(_) => depth -= 1,
                _ => {}
            }
        }
    }

    /// The text of a `<prop>` or `<note>` (character data only, per the DTD).
    fn text_of(&mut self, empty: bool) -> Result<String> {
        let mut out = String::new();
        if empty {
            return Ok(out);
        }
        loop {
            match self.next()?.0 {
                Ev::Text(t) => out.push_str(&t),
                Ev::Start { empty: false, .. } => self.skip()?,
                Ev::Start { .. } => {}
                Ev::End(_) => return Ok(out),
            }
        }
    }

    fn body(&mut self, sink: &mut dyn FnMut(Unit) -> Result<()>) -> Result<()> {
        loop {
            let (ev, line) = self.next()?;
            match ev {
                Ev::Start { name, attrs, empty } => {
                    if name == "tu" {
                        self.tu(attrs, line, empty, sink)?;
                    } else if !empty {
                        self.skip()?;
                    }
                }
                Ev::End(_) => return Ok(()),
                Ev::Text(_) => {}
            }
        }
    }

    fn tu(
        &mut self,
        attrs: Vec<(String, String)>,
        opened: u64,
        empty: bool,
        sink: &mut dyn FnMut(Unit) -> Result<()>,
    ) -> Result<()> {
        let mut srclang = self.srclang.clone();
        let mut meta = Meta::default();
        for (k, v) in attrs {
            if k == "srclang" {
                srclang = self.srclang_value(&v, opened)?;
            } else {
                put_attr(&mut meta, k, v);
            }
        }
        let mut variants = Vec::new();
        if !empty {
            loop {
                let (ev, line) = self.next()?;
                match ev {
                    Ev::Start { name, attrs, empty } => match name.as_str() {
                        "tuv" => variants.push(self.tuv(attrs, line, empty)?),
                        "note" => meta.notes.push(self.text_of(empty)?),
                        "prop" => meta.props.push(prop(&attrs, self.text_of(empty)?)),
                        _ if !empty => self.skip()?,
                        _ => {}
                    },
                    Ev::End(_) => break,
                    Ev::Text(_) => {}
                }
            }
        }

        // A segment with no text a translator could read (empty, white space, codes only)
        // pairs with nothing, so it is dropped; the unit stays when two languages remain.
        let (full, blank): (Vec<Variant>, Vec<Variant>) = variants
            .into_iter()
            .partition(|v| !v.text.trim().is_empty());
        let reason = match full.len() + blank.len() {
            0 => Some("a <tu> with no <tuv>".to_string()),
            1 => Some("a <tu> with a single <tuv>".to_string()),
            _ if full.len() < 2 => {
                let langs: Vec<&str> = blank.iter().map(|v| v.lang.as_str()).collect();
                Some(format!("empty segment in {}", langs.join(", ")))
            }
            _ => None,
        };
        if let Some(reason) = reason {
            self.skips.push(Skip {
                line: opened,
                reason,
            });
            return Ok(());
        }
        sink(Unit {
            variants: full,
            srclang,
            state: None,
            meta,
            line: opened,
        })
    }

    fn tuv(&mut self, attrs: Vec<(String, String)>, opened: u64, empty: bool) -> Result<Variant> {
        let mut xml_lang = None;
        let mut old_lang = None;
        let mut meta = Meta::default();
        for (k, v) in attrs {
            match k.as_str() {
                "xml:lang" => xml_lang = Some(v),
                // TMX 1.1 to 1.3 name the language `lang`.
                "lang" => old_lang = Some(v),
                _ => put_attr(&mut meta, k, v),
            }
        }
        let lang = match xml_lang.or(old_lang) {
            Some(raw) => self.lang(&raw, opened)?,
            None => return Err(self.err(opened, "a <tuv> without xml:lang (or lang) attribute")),
        };
        let mut seg: Option<(String, Option<String>)> = None;
        if !empty {
            loop {
                let (ev, line) = self.next()?;
                match ev {
                    Ev::Start { name, attrs, empty } => match name.as_str() {
                        "seg" => {
                            if seg.is_some() {
                                return Err(self.err(line, "a <tuv> with more than one <seg>"));
                            }
                            seg = Some(if empty {
                                (String::new(), None)
                            } else {
                                self.seg()?
                            });
                        }
                        "note" => meta.notes.push(self.text_of(empty)?),
                        "prop" => meta.props.push(prop(&attrs, self.text_of(empty)?)),
                        _ if !empty => self.skip()?,
                        _ => {}
                    },
                    Ev::End(_) => break,
                    Ev::Text(_) => {}
                }
            }
        }
        // A <tuv> without <seg> is invalid TMX but harmless: it reads as an empty segment.
        let (text, markup) = seg.unwrap_or_default();
        Ok(Variant {
            lang,
            text,
            markup,
            meta,
        })
    }

    /// A segment's text and, when it has inline elements, its canonical markup.
    ///
    /// Malformed inline markup (an `<ept>` with no `<bpt>` before it, a second open `<bpt>`
    /// with the same `i`, a `<bpt>` never closed, an element TMX does not allow in a segment)
    /// is an error, not a skip. Which parts of such a segment are code and which are text is
    /// a guess, and the markup is exported verbatim, so accepting it would spread a broken
    /// file into every TMX concord writes; a file like that is broken as a whole (OmegaT's
    /// `invalid.tmx` test file, which must fail with a clear message) and the user should
    /// hear about it rather than find units missing.
    fn seg(&mut self) -> Result<(String, Option<String>)> {
        let mut text = String::new();
        // Built from the first inline element on: before it, all content is plain text.
        let mut markup: Option<String> = None;
        let mut stack: Vec<Inline> = Vec::new();
        // Text inside codes is native code (and `<sub>` text inside them is another flow), so
        // only text outside every code is the segment's text.
        let mut codes = 0usize;
        // The `i` of each open `<bpt>`, per flow: the segment's, then one per open `<sub>`.
        let mut flows: Vec<OpenBpts> = vec![OpenBpts::default()];
        loop {
            let (ev, line) = self.next()?;
            match ev {
                Ev::Text(t) => {
                    if codes == 0 {
                        text.push_str(&t);
                    }
                    if let Some(m) = markup.as_mut() {
                        xml::escape_read_text(m, &t);
                    }
                }
                Ev::Start { name, attrs, empty } => {
                    let bad =
                        |why: String| self.err(line, format!("malformed inline markup: {why}"));
                    let kind = match name.as_str() {
                        "bpt" | "ept" | "it" | "ph" | "ut" => Inline::Code,
                        "hi" => Inline::Hi,
                        "sub" => Inline::Sub,
                        _ => {
                            return Err(bad(format!(
                                "<{name}> is not allowed in a <seg> (TMX inline elements are bpt, ept, it, ph, ut, hi and sub)"
                            )));
                        }
                    };
                    let in_code = stack.last() == Some(&Inline::Code);
                    if in_code && kind != Inline::Sub {
                        return Err(bad(format!(
                            "<{name}> inside a code: <bpt>, <ept>, <it>, <ph> and <ut> hold only text and <sub>"
                        )));
                    }
                    if !in_code && kind == Inline::Sub {
                        return Err(bad(
                            "<sub> outside a code: it belongs inside <bpt>, <ept>, <it>, <ph> or <ut>".into(),
                        ));
                    }
                    if name == "bpt" || name == "ept" {
                        let Some(i) = attrs.iter().find(|(k, _)| k == "i").map(|(_, v)| v) else {
                            return Err(bad(format!(
                                "<{name}> without the i attribute that pairs <bpt> with <ept>"
                            )));
                        };
                        let open = flows
                            .last_mut()
                            .ok_or_else(|| bad("unbalanced <sub>".into()))?;
                        match (name.as_str(), open.contains(i)) {
                            ("bpt", false) => open.insert(i.clone()),
                            ("bpt", true) => {
                                return Err(bad(format!(
                                    "a second <bpt i=\"{i}\"> while the first is still open"
                                )));
                            }
                            (_, true) => open.remove(i),
                            (_, false) => {
                                return Err(bad(format!(
                                    "<ept i=\"{i}\"> closes no <bpt i=\"{i}\"> before it in this segment"
                                )));
                            }
                        }
                    }
                    let m = markup.get_or_insert_with(|| {
                        let mut m = String::with_capacity(text.len() + 64);
                        xml::escape_read_text(&mut m, &text);
                        m
                    });
                    write_tag(m, &name, &attrs, empty);
                    if !empty {
                        stack.push(kind);
                        match kind {
                            Inline::Code => codes += 1,
                            Inline::Sub => flows.push(OpenBpts::default()),
                            Inline::Hi => {}
                        }
                    }
                }
                Ev::End(name) => {
                    let Some(kind) = stack.pop() else {
                        if let Some(i) = flows.first().and_then(OpenBpts::first) {
                            return Err(self.err(
                                line,
                                format!(
                                    "malformed inline markup: <bpt i=\"{i}\"> is never closed by an <ept i=\"{i}\">"
                                ),
                            ));
                        }
                        return Ok((text, markup));
                    };
                    if let Some(m) = markup.as_mut() {
                        m.push_str("</");
                        m.push_str(&name);
                        m.push('>');
                    }
                    match kind {
                        Inline::Code => codes -= 1,
                        Inline::Sub => {
                            if let Some(i) = flows.pop().as_ref().and_then(OpenBpts::first) {
                                return Err(self.err(
                                    line,
                                    format!(
                                        "malformed inline markup: <bpt i=\"{i}\"> is never closed by an <ept i=\"{i}\"> in its <sub>"
                                    ),
                                ));
                            }
                        }
                        Inline::Hi => {}
                    }
                }
            }
        }
    }
}

/// The `<bpt>`s of one flow still waiting for their `<ept>`, by `i`: a segment may hold tens
/// of thousands, so pairing is a look-up, not a scan.
#[derive(Default)]
struct OpenBpts {
    /// Each open `i` and its place in the order the `<bpt>`s came.
    open: FxHashMap<String, u64>,
    count: u64,
}

impl OpenBpts {
    fn contains(&self, i: &str) -> bool {
        self.open.contains_key(i)
    }

    fn insert(&mut self, i: String) {
        self.count += 1;
        self.open.insert(i, self.count);
    }

    fn remove(&mut self, i: &str) {
        self.open.remove(i);
    }

    /// The earliest still open, for the message.
    fn first(&self) -> Option<String> {
        self.open
            .iter()
            .min_by_key(|(_, n)| **n)
            .map(|(i, _)| i.clone())
    }
}

fn prop(attrs: &[(String, String)], value: String) -> Prop {
    let kind = attrs
        .iter()
        .find(|(k, _)| k == "type")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    Prop { kind, value }
}

/// Sorts a `<tu>`/`<tuv>` attribute into the meta field the model has for it.
fn put_attr(meta: &mut Meta, name: String, value: String) {
    match name.as_str() {
        "creationdate" => meta.created_at = Some(value),
        "creationid" => meta.created_by = Some(value),
        "changedate" => meta.changed_at = Some(value),
        "changeid" => meta.changed_by = Some(value),
        _ => meta.attrs.push((name, value)),
    }
}

/// An inline start tag in canonical form: attributes in document order, double quotes.
fn write_tag(out: &mut String, name: &str, attrs: &[(String, String)], empty: bool) {
    out.push('<');
    out.push_str(name);
    for (k, v) in attrs {
        out.push(' ');
        out.push_str(k);
        out.push_str("=\"");
        xml::escape_read_attr(out, v);
        out.push('"');
    }
    out.push_str(if empty { "/>" } else { ">" });
}

/// Attributes the TMX 1.4b DTD allows on `<tu>` besides the ones taken from [`Meta`]'s own
/// fields and `srclang`.
const TU_ATTRS: &[&str] = &[
    "tuid",
    "o-encoding",
    "datatype",
    "usagecount",
    "lastusagedate",
    "creationtool",
    "creationtoolversion",
    "segtype",
    "o-tmf",
];

/// The same for `<tuv>`.
const TUV_ATTRS: &[&str] = &[
    "o-encoding",
    "datatype",
    "usagecount",
    "lastusagedate",
    "creationtool",
    "creationtoolversion",
    "o-tmf",
];

/// Writes TMX 1.4b, one unit at a time, so an export of any size runs in constant memory.
pub struct TmxWriter<W: Write> {
    out: W,
    srclang: Option<LangTag>,
    /// Reused for each unit, written with one `write_all`.
    buf: String,
}

impl<W: Write> TmxWriter<W> {
    /// Writes the XML declaration, the header (`srclang="*all*"` when `srclang` is `None`) and
    /// opens the body.
    pub fn new(mut out: W, srclang: Option<&LangTag>) -> Result<Self> {
        let mut s = String::with_capacity(512);
        s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n  <header");
        let date = tmx_date(SystemTime::now());
        for (k, v) in [
            ("creationtool", "concord"),
            ("creationtoolversion", env!("CARGO_PKG_VERSION")),
            ("segtype", "sentence"),
            ("o-tmf", "concord"),
            ("adminlang", "en"),
            ("srclang", srclang.map_or("*all*", |l| l.as_str())),
            ("datatype", "plaintext"),
            ("creationdate", &date),
        ] {
            push_attr(&mut s, k, v)?;
        }
        s.push_str("/>\n  <body>\n");
        out.write_all(s.as_bytes()).map_err(write_err)?;
        Ok(TmxWriter {
            out,
            srclang: srclang.cloned(),
            buf: s,
        })
    }

    pub fn write_unit(&mut self, unit: &Unit) -> Result<()> {
        // The DTD requires at least one <tuv>: an empty <tu> would make the file invalid.
        if unit.variants.is_empty() {
            return Err(Error::Invalid(
                "writing TMX: a unit with no language variant".into(),
            ));
        }
        let mut s = std::mem::take(&mut self.buf);
        s.clear();
        s.push_str("    <tu");
        let mut extra = Vec::new();
        push_meta_attrs(&mut s, &unit.meta, TU_ATTRS, &mut extra)?;
        // A unit's source language is written only where it differs from the header's; a
        // unit with none under a header that names one says so with `*all*`.
        if unit.srclang != self.srclang {
            push_attr(
                &mut s,
                "srclang",
                unit.srclang.as_ref().map_or("*all*", |l| l.as_str()),
            )?;
        }
        s.push_str(">\n");
        push_notes_props(&mut s, "      ", &unit.meta, &extra)?;
        for v in &unit.variants {
            s.push_str("      <tuv");
            push_attr(&mut s, "xml:lang", v.lang.as_str())?;
            let mut extra = Vec::new();
            push_meta_attrs(&mut s, &v.meta, TUV_ATTRS, &mut extra)?;
            s.push_str(">\n");
            push_notes_props(&mut s, "        ", &v.meta, &extra)?;
            s.push_str("        <seg>");
            match &v.markup {
                Some(m) => {
                    // Verbatim, but only if concord would read it back: an export never
                    // writes a file that other tools, or concord itself, would reject.
                    markup_text(m).map_err(|why| {
                        Error::Invalid(format!(
                            "writing TMX: the {} markup of a unit is not valid TMX inline markup: {why}",
                            v.lang
                        ))
                    })?;
                    s.push_str(m);
                }
                None => push_text(&mut s, &v.text)?,
            }
            s.push_str("</seg>\n      </tuv>\n");
        }
        s.push_str("    </tu>\n");
        let res = self.out.write_all(s.as_bytes()).map_err(write_err);
        self.buf = s;
        res
    }

    /// Closes the body and the document, flushes, and hands the output back.
    pub fn finish(mut self) -> Result<W> {
        self.out
            .write_all(b"  </body>\n</tmx>\n")
            .map_err(write_err)?;
        self.out.flush().map_err(write_err)?;
        Ok(self.out)
    }
}

fn write_err(e: io::Error) -> Error {
    Error::Invalid(format!("writing TMX: {e}"))
}

fn unwritable(c: char) -> Error {
    Error::Invalid(format!(
        "writing TMX: character U+{:04X} cannot be written in XML 1.0",
        c as u32
    ))
}

fn push_attr(out: &mut String, name: &str, value: &str) -> Result<()> {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    xml::escape_attr(out, value).map_err(unwritable)?;
    out.push('"');
    Ok(())
}

fn push_text(out: &mut String, text: &str) -> Result<()> {
    xml::escape_text(out, text).map_err(unwritable)
}

/// The dates and ids, then the other attributes the DTD allows on the element, each once.
/// Anything else (an attribute another format's reader kept, a name used twice) goes to
/// `extra`, to be written as a `<prop>` of that type, so the file stays valid TMX.
fn push_meta_attrs<'m>(
    out: &mut String,
    meta: &'m Meta,
    allowed: &[&str],
    extra: &mut Vec<(&'m str, &'m str)>,
) -> Result<()> {
    for (k, v) in [
        ("creationdate", &meta.created_at),
        ("creationid", &meta.created_by),
        ("changedate", &meta.changed_at),
        ("changeid", &meta.changed_by),
    ] {
        if let Some(v) = v {
            push_attr(out, k, v)?;
        }
    }
    let mut written: Vec<&str> = Vec::new();
    for (k, v) in &meta.attrs {
        if allowed.contains(&k.as_str()) && !written.contains(&k.as_str()) {
            push_attr(out, k, v)?;
            written.push(k);
        } else {
            extra.push((k, v));
        }
    }
    Ok(())
}

/// Notes, then props: the DTD allows them in any order before the `<tuv>`s or the `<seg>`.
fn push_notes_props(
    out: &mut String,
    indent: &str,
    meta: &Meta,
    extra: &[(&str, &str)],
) -> Result<()> {
    for note in &meta.notes {
        out.push_str(indent);
        out.push_str("<note>");
        push_text(out, note)?;
        out.push_str("</note>\n");
    }
    let props = meta
        .props
        .iter()
        .map(|p| (p.kind.as_str(), p.value.as_str()));
    for (kind, value) in props.chain(extra.iter().copied()) {
        out.push_str(indent);
        out.push_str("<prop");
        push_attr(out, "type", kind)?;
        out.push('>');
        push_text(out, value)?;
        out.push_str("</prop>\n");
    }
    Ok(())
}

/// Reads markup as the content of a `<seg>`, with the same rules as import, and gives the
/// text a translator reads in it (what import stores as [`Variant::text`]); the error says
/// what is wrong with the markup. Formats that carry markup beside the text (concord's
/// CSV/TSV memory layout) check with it that the two agree.
pub fn markup_text(markup: &str) -> std::result::Result<String, String> {
    let doc = format!("<seg>{markup}</seg>");
    let mut parser = Parser::new("markup".to_string(), doc.as_bytes());
    let message = |e: Error| match e {
        Error::Input { message, .. } => message,
        other => other.to_string(),
    };
    match parser.next().map_err(message)? {
        (Ev::Start { empty: false, .. }, _) => {}
        _ => return Err("not well-formed".into()),
    }
    let (text, _) = parser.seg().map_err(message)?;
    match parser.xml.event().map_err(message)? {
        (Event::Eof, _) => Ok(text),
        _ => Err("it closes the <seg> early".into()),
    }
}

/// A time in TMX's date format, `YYYYMMDDThhmmssZ` (UTC).
fn tmx_date(t: SystemTime) -> String {
    let secs = t
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    let rem = secs % 86_400;
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m as u32, d as u32)
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;
    use std::path::{Path, PathBuf};
    use std::time::Duration;

    use super::*;

    fn read_bytes(bytes: Vec<u8>) -> Result<(Vec<Unit>, Vec<Skip>)> {
        read_input(Input::from_reader("t.tmx", Cursor::new(bytes))?)
    }

    fn read_input(input: Input) -> Result<(Vec<Unit>, Vec<Skip>)> {
        let mut units = Vec::new();
        let skips = TmxReader.read(input, &ReadOptions::default(), &mut |u| {
            units.push(u);
            Ok(())
        })?;
        Ok((units, skips))
    }

    fn read(xml: &str) -> Result<(Vec<Unit>, Vec<Skip>)> {
        read_bytes(xml.as_bytes().to_vec())
    }

    fn units(xml: &str) -> Vec<Unit> {
        let (units, skips) = read(xml).unwrap();
        assert!(skips.is_empty(), "unexpected skips: {skips:?}");
        units
    }

    fn err(xml: &str) -> String {
        read(xml).unwrap_err().to_string()
    }

    /// A TMX 1.4 document whose body starts on line 5.
    fn doc(body: &str) -> String {
        format!(
            "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\">\n<header srclang=\"en\"/>\n<body>\n{body}\n</body>\n</tmx>\n"
        )
    }

    fn pair(en: &str, zh: &str) -> String {
        format!(
            "<tu><tuv xml:lang=\"en\"><seg>{en}</seg></tuv><tuv xml:lang=\"zh-CN\"><seg>{zh}</seg></tuv></tu>"
        )
    }

    fn seg(content: &str) -> Variant {
        let mut u = units(&doc(&pair(content, "x")));
        u.remove(0).variants.remove(0)
    }

    fn tag(s: &str) -> LangTag {
        LangTag::parse(s).unwrap()
    }

    fn langs(u: &Unit) -> Vec<&str> {
        u.variants.iter().map(|v| v.lang.as_str()).collect()
    }

    #[test]
    fn tmx_1_1_lang_and_1_4_xml_lang() {
        let xml = "<?xml version=\"1.0\"?>\n<tmx version=\"1.1\"><header srclang=\"EN-us\"/><body>\n\
            <tu><tuv lang=\"en_us\"><seg>Hello</seg></tuv><tuv lang=\"ZH-cn\"><seg>你好</seg></tuv></tu>\n\
            <tu><tuv xml:lang=\"EN-US\"><seg>Bye</seg></tuv><tuv lang=\"fr\" xml:lang=\"zh-hans\"><seg>再见</seg></tuv></tu>\n\
            </body></tmx>";
        let u = units(xml);
        assert_eq!(langs(&u[0]), ["en-US", "zh-CN"]);
        // xml:lang wins over the old attribute, whatever their order.
        assert_eq!(langs(&u[1]), ["en-US", "zh-Hans"]);
        assert_eq!(u[0].srclang, Some(tag("en-US")));
        assert_eq!((u[0].line, u[1].line), (3, 4));
        assert_eq!(u[0].variants[1].text, "你好");
        assert!(u[1].variants[1].meta.attrs.is_empty());
    }

    #[test]
    fn srclang_all_and_per_tu_override() {
        let xml = "<tmx><header srclang=\"*all*\"/><body>\
            <tu><tuv xml:lang=\"en\"><seg>a</seg></tuv><tuv xml:lang=\"fr\"><seg>b</seg></tuv></tu>\
            <tu srclang=\"fr\"><tuv xml:lang=\"en\"><seg>a</seg></tuv><tuv xml:lang=\"fr\"><seg>b</seg></tuv></tu>\
            </body></tmx>";
        let u = units(xml);
        assert_eq!(u[0].srclang, None);
        assert_eq!(u[1].srclang, Some(tag("fr")));
        assert!(
            u[1].meta.attrs.is_empty(),
            "srclang is not kept as an attribute"
        );

        let xml = doc(
            "<tu srclang=\"*ALL*\"><tuv xml:lang=\"en\"><seg>a</seg></tuv><tuv xml:lang=\"fr\"><seg>b</seg></tuv></tu>\n\
             <tu srclang=\"en-gb\"><tuv xml:lang=\"en-GB\"><seg>a</seg></tuv><tuv xml:lang=\"fr\"><seg>b</seg></tuv></tu>\n\
             <tu><tuv xml:lang=\"en\"><seg>a</seg></tuv><tuv xml:lang=\"fr\"><seg>b</seg></tuv></tu>",
        );
        let u = units(&xml);
        assert_eq!(u[0].srclang, None);
        assert_eq!(u[1].srclang, Some(tag("en-GB")));
        assert_eq!(u[2].srclang, Some(tag("en")));
        assert!(
            err(&doc("<tu srclang=\"elvish tongue\"/>"))
                .starts_with("t.tmx:5: invalid language tag")
        );
    }

    #[test]
    fn three_or_more_tuvs_in_file_order() {
        let u = units(&doc(
            "<tu><tuv xml:lang=\"ja-jp\"><seg>ja</seg></tuv><tuv xml:lang=\"en-us\"><seg>en</seg></tuv>\
             <tuv xml:lang=\"fr-ca\"><seg>fr</seg></tuv><tuv xml:lang=\"en-gb\"><seg>gb</seg></tuv></tu>",
        ));
        assert_eq!(langs(&u[0]), ["ja-JP", "en-US", "fr-CA", "en-GB"]);
        let texts: Vec<&str> = u[0].variants.iter().map(|v| v.text.as_str()).collect();
        assert_eq!(texts, ["ja", "en", "fr", "gb"]);
    }

    #[test]
    fn props_notes_and_attributes_at_each_level() {
        let xml = "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\">\n<header srclang=\"en\">\
            <prop type=\"x-file\">whole.doc</prop><note>file note</note></header><body>\n\
            <tu tuid=\"7\" creationdate=\"20240101T000000Z\" creationid=\"ann\" usagecount=\"3\" \
               changedate=\"20240102T000000Z\" changeid=\"bob\" o-tmf=\"x\">\
            <note>tu note</note><prop type=\"x-client\">ACME &amp; Co</prop><prop type=\"x-domain\">legal</prop>\
            <tuv xml:lang=\"en\" creationtool=\"T\" creationdate=\"20240103T000000Z\">\
            <prop type=\"x-issource\">true</prop><note>en note</note><seg>Contract</seg></tuv>\
            <tuv xml:lang=\"zh\"><seg>合同</seg></tuv></tu>\n</body></tmx>";
        let u = units(xml);
        let m = &u[0].meta;
        assert_eq!(m.created_at.as_deref(), Some("20240101T000000Z"));
        assert_eq!(m.created_by.as_deref(), Some("ann"));
        assert_eq!(m.changed_at.as_deref(), Some("20240102T000000Z"));
        assert_eq!(m.changed_by.as_deref(), Some("bob"));
        let attrs: Vec<(&str, &str)> = m
            .attrs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(attrs, [("tuid", "7"), ("usagecount", "3"), ("o-tmf", "x")]);
        // Header props and notes describe the file: they are not copied into units.
        assert_eq!(m.notes, ["tu note"]);
        assert_eq!(
            m.props,
            [
                Prop {
                    kind: "x-client".into(),
                    value: "ACME & Co".into()
                },
                Prop {
                    kind: "x-domain".into(),
                    value: "legal".into()
                },
            ]
        );
        let v = &u[0].variants[0].meta;
        assert_eq!(v.created_at.as_deref(), Some("20240103T000000Z"));
        assert_eq!(v.attrs, [("creationtool".to_string(), "T".to_string())]);
        assert_eq!(
            v.props,
            [Prop {
                kind: "x-issource".into(),
                value: "true".into()
            }]
        );
        assert_eq!(v.notes, ["en note"]);
        assert!(u[0].variants[1].meta.is_empty());
    }

    #[test]
    fn attribute_values_are_unescaped_and_normalised() {
        let u = units(&doc(
            "<tu tuid='a&lt;b&#x20;&quot;c&quot;' creationid=\"x\ny\tz\"><tuv xml:lang=\"en\"><seg>a</seg></tuv>\
             <tuv xml:lang=\"fr\"><seg>b</seg></tuv></tu>",
        ));
        assert_eq!(
            u[0].meta.attrs,
            [("tuid".to_string(), "a<b \"c\"".to_string())]
        );
        assert_eq!(u[0].meta.created_by.as_deref(), Some("x y z"));
        let e = err(&doc(
            "<tu\n  tuid=\"&x;\"><tuv xml:lang=\"en\"><seg>a</seg></tuv></tu>",
        ));
        assert_eq!(
            e,
            "t.tmx:6: entity &x; is not defined (external and custom entities are never expanded)"
        );
    }

    #[test]
    fn inline_codes_are_not_text() {
        let v = seg(
            "Click <bpt i=\"1\" type=\"bold\">&lt;b&gt;</bpt>here<ept i=\"1\">&lt;/b&gt;</ept>\
             <ph x=\"2\">&lt;br/&gt;</ph> now<it pos=\"begin\">&lt;i&gt;</it>!<ut>{\\b}</ut>",
        );
        assert_eq!(v.text, "Click here now!");
        assert_eq!(
            v.markup.as_deref(),
            Some(
                "Click <bpt i=\"1\" type=\"bold\">&lt;b&gt;</bpt>here<ept i=\"1\">&lt;/b&gt;</ept>\
                 <ph x=\"2\">&lt;br/&gt;</ph> now<it pos=\"begin\">&lt;i&gt;</it>!<ut>{\\b}</ut>"
            )
        );
        assert_eq!(seg("plain &amp; simple").markup, None);
    }

    #[test]
    fn hi_text_is_kept_and_sub_text_is_not() {
        let v = seg(
            "See <hi type=\"b\">this</hi> <ph type=\"image\">&lt;img alt=\"<sub>Start here</sub>\"&gt;</ph>.",
        );
        assert_eq!(v.text, "See this .");
        assert_eq!(
            v.markup.as_deref(),
            Some(
                "See <hi type=\"b\">this</hi> <ph type=\"image\">&lt;img alt=\"<sub>Start here</sub>\"&gt;</ph>."
            )
        );
        // Codes inside a <sub> pair within the sub-flow.
        let v = seg(
            "a<bpt i=\"1\">&lt;a title='<sub><bpt i=\"1\">[</bpt>t<ept i=\"1\">]</ept></sub>'&gt;</bpt>b<ept i=\"1\">&lt;/a&gt;</ept>",
        );
        assert_eq!(v.text, "ab");
    }

    #[test]
    fn markup_is_canonical() {
        let v = seg("a<ph\n  x = '1' type=\"x&amp;y&#9;&quot;\"/>b<hi>&#13;</hi>");
        assert_eq!(
            v.markup.as_deref(),
            Some("a<ph x=\"1\" type=\"x&amp;y&#9;&quot;\"/>b<hi>&#13;</hi>")
        );
        assert_eq!(v.text, "ab\r");
    }

    #[test]
    fn character_references_including_supplementary_planes() {
        let v = seg("&#x4E2D;&#20013;&#x1D400;&#119808;&lt;&gt;&amp;&apos;&quot;");
        assert_eq!(v.text, "中中\u{1D400}\u{1D400}<>&'\"");
        assert_eq!(v.markup, None);
        assert_eq!(
            err(&doc(&pair("a&#1;", "b"))),
            "t.tmx:5: not well-formed XML: &#1; is not a reference to a character XML 1.0 allows"
        );
        assert_eq!(
            err(&doc(&pair("a&#xD800;", "b"))),
            "t.tmx:5: not well-formed XML: &#xD800; is not a reference to a character XML 1.0 allows"
        );
    }

    #[test]
    fn white_space_is_kept_and_line_ends_normalised() {
        let v = seg("  two  spaces\tand&#x9;tab\r\nline\rend&#13;  ");
        assert_eq!(v.text, "  two  spaces\tand\ttab\nline\nend\r  ");
    }

    #[test]
    fn custom_entity_is_rejected_with_its_line() {
        let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [\n<!ENTITY co \"ACME Corp\">\n]>\n\
            <tmx version=\"1.4\"><header srclang=\"en\"/><body>\n\
            <tu><tuv xml:lang=\"en\"><seg>A</seg></tuv>\n<tuv xml:lang=\"fr\"><seg>x\n&co; B</seg></tuv></tu>\n</body></tmx>";
        assert_eq!(
            err(xml),
            "t.tmx:8: entity &co; is not defined (external and custom entities are never expanded)"
        );
    }

    #[test]
    fn billion_laughs_is_rejected_quickly() {
        let mut dtd = String::from("<!DOCTYPE tmx [\n<!ENTITY lol \"lol\">\n");
        for i in 1..=9 {
            let prev = if i == 1 {
                "lol".to_string()
            } else {
                format!("lol{}", i - 1)
            };
            dtd.push_str(&format!(
                "<!ENTITY lol{i} \"{}\">\n",
                format!("&{prev};").repeat(10)
            ));
        }
        dtd.push_str("]>\n");
        // The DOCTYPE takes lines 2 to 13, <tmx> line 14, the unit line 15.
        let xml = format!(
            "<?xml version=\"1.0\"?>\n{dtd}<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n{}\n</body></tmx>",
            pair("&lol9;", "x")
        );
        let e = err(&xml);
        assert_eq!(
            e,
            "t.tmx:15: entity &lol9; is not defined (external and custom entities are never expanded)"
        );
    }

    #[test]
    fn external_entity_is_never_read() {
        let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n\
            <tmx version=\"1.4\"><header srclang=\"en\"/><body>\n<tu><tuv xml:lang=\"en\"><seg>&x;</seg></tuv>\
            <tuv xml:lang=\"fr\"><seg>b</seg></tuv></tu>\n</body></tmx>";
        assert_eq!(
            err(xml),
            "t.tmx:4: entity &x; is not defined (external and custom entities are never expanded)"
        );
        let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE tmx SYSTEM \"http://example.invalid/tmx14.dtd\">\n\
            <tmx version=\"1.4\"><header srclang=\"en\"/><body>\n</body></tmx>";
        assert!(units(xml).is_empty());
    }

    #[test]
    fn truncated_file_names_the_line_and_element() {
        let full = doc(
            "<tu>\n<tuv xml:lang=\"en\"><seg>Hello</seg></tuv>\n<tuv xml:lang=\"fr\"><seg>Bonjour</seg></tuv>\n</tu>",
        );
        let cut = &full[..full.find("</tu>").unwrap()];
        assert_eq!(
            err(cut),
            "t.tmx:8: unexpected end of file inside <tu> (opened at line 5): the file is truncated"
        );
        let cut = &full[..full.find("jour").unwrap()];
        assert_eq!(
            err(cut),
            "t.tmx:7: unexpected end of file inside <seg> (opened at line 7): the file is truncated"
        );
        // Cut inside a tag: the element that tag would have opened is not open yet.
        let cut = &full[..full.find("lang=\"fr\"").unwrap()];
        assert_eq!(
            err(cut),
            "t.tmx:7: unexpected end of file inside <tu> (opened at line 5): the file is truncated"
        );
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let mut bytes =
            doc(&format!("{}\n{}", pair("a", "b"), pair("caf\u{e9}", "x"))).into_bytes();
        let at = bytes
            .windows(2)
            .position(|w| w == "\u{e9}".as_bytes())
            .unwrap();
        bytes[at] = 0xFF;
        let e = read_bytes(bytes).unwrap_err().to_string();
        assert!(e.starts_with("t.tmx:6: invalid UTF-8 (byte 0xFF)"), "{e}");

        let mut bytes = doc("<tu\n tuid=\"\u{e9}\"/>").into_bytes();
        let at = bytes
            .windows(2)
            .position(|w| w == "\u{e9}".as_bytes())
            .unwrap();
        bytes[at] = 0xC0;
        let e = read_bytes(bytes).unwrap_err().to_string();
        assert!(e.starts_with("t.tmx:6: invalid UTF-8"), "{e}");
    }

    #[test]
    fn unusable_units_are_skipped_and_counted() {
        let xml = doc(&[
            "<tu><tuv xml:lang=\"en\"><seg>alone</seg></tuv></tu>",
            "<tu/>",
            &pair("", "   "),
            &pair("Hello", ""),
            &pair("<ph>&lt;br&gt;</ph>", "Bonjour"),
            "<tu><tuv xml:lang=\"en\"><seg>Hi</seg></tuv><tuv xml:lang=\"fr\"/></tu>",
            "<tu><tuv xml:lang=\"en\"><seg>Hi</seg></tuv><tuv xml:lang=\"de\"><seg/></tuv><tuv xml:lang=\"fr\"><seg>Salut</seg></tuv></tu>",
        ]
        .join("\n"));
        let (units, skips) = read(&xml).unwrap();
        let got: Vec<(u64, &str)> = skips.iter().map(|s| (s.line, s.reason.as_str())).collect();
        assert_eq!(
            got,
            [
                (5, "a <tu> with a single <tuv>"),
                (6, "a <tu> with no <tuv>"),
                (7, "empty segment in en, zh-CN"),
                (8, "empty segment in zh-CN"),
                (9, "empty segment in en"),
                (10, "empty segment in fr"),
            ]
        );
        // A blank segment in a unit that still pairs two languages is left out of it.
        assert_eq!(units.len(), 1);
        assert_eq!(langs(&units[0]), ["en", "fr"]);
        assert_eq!(units[0].line, 11);
    }

    #[test]
    fn not_tmx_or_not_xml() {
        assert_eq!(
            err("<?xml version=\"1.0\"?>\n<xliff version=\"1.2\"></xliff>"),
            "t.tmx:2: not a TMX file: the root element is <xliff>, not <tmx>"
        );
        assert_eq!(err(""), "t.tmx:1: not a TMX file: there is no root element");
        assert_eq!(
            err("source\ttarget\nHello\tBonjour\n"),
            "t.tmx:1: not a TMX file: text before the root element"
        );
        let e = err(&doc("<tu><tuv xml:lang=\"en\"><seg>a</tuv></tu>"));
        assert!(e.starts_with("t.tmx:5: not well-formed XML"), "{e}");
        let e = err(&doc("<tu a=\"1\" a=\"2\"/>"));
        assert!(e.starts_with("t.tmx:5: not well-formed XML"), "{e}");
        assert!(err(&doc(&pair("AT&T", "x"))).starts_with("t.tmx:5: not well-formed XML"));
        assert!(err(&format!("{}<tmx/>", doc(""))).contains("content after </tmx>"));
        let e = err(&doc(&pair("a\u{1}b", "x")));
        assert_eq!(
            e,
            "t.tmx:5: not well-formed XML: character U+0001 is not allowed in XML 1.0"
        );
    }

    #[test]
    fn language_tags_are_required_and_checked() {
        let e = err(&doc(
            "<tu>\n<tuv xml:lang=\"en\"><seg>a</seg></tuv>\n<tuv xml:lang=\"english language\"><seg>b</seg></tuv></tu>",
        ));
        assert!(
            e.starts_with("t.tmx:7: invalid language tag \"english language\""),
            "{e}"
        );
        let e = err(&doc("<tu><tuv><seg>a</seg></tuv></tu>"));
        assert_eq!(e, "t.tmx:5: a <tuv> without xml:lang (or lang) attribute");
        let e = err("<tmx><header srclang=\"?\"/></tmx>");
        assert!(e.starts_with("t.tmx:1: invalid language tag"), "{e}");
    }

    #[test]
    fn malformed_inline_markup_is_an_error() {
        let cases = [
            (
                "<ept i=\"1\">&lt;/b&gt;</ept>",
                "<ept i=\"1\"> closes no <bpt i=\"1\"> before it in this segment",
            ),
            (
                "<bpt i=\"1\">a</bpt><bpt i=\"1\">b</bpt>x<ept i=\"1\">c</ept>",
                "a second <bpt i=\"1\"> while the first is still open",
            ),
            (
                "<bpt i=\"2\">a</bpt>x",
                "<bpt i=\"2\"> is never closed by an <ept i=\"2\">",
            ),
            ("<bpt>a</bpt>", "<bpt> without the i attribute"),
            (
                "<bpt i=\"1\"><hi>b</hi></bpt><ept i=\"1\"/>",
                "<hi> inside a code",
            ),
            ("<sub>x</sub>", "<sub> outside a code"),
            ("<g id=\"1\">x</g>", "<g> is not allowed in a <seg>"),
        ];
        for (content, why) in cases {
            let e = err(&doc(&pair("ok", content)));
            assert!(e.starts_with("t.tmx:5: malformed inline markup: "), "{e}");
            assert!(e.contains(why), "{e} should say {why}");
        }
        let e = err(&doc(
            "<tu><tuv xml:lang=\"en\"><seg>a</seg></tuv><tuv xml:lang=\"fr\"><seg>\n<ph>x</ph>\n<ept i=\"3\"/></seg></tuv></tu>",
        ));
        assert!(e.starts_with("t.tmx:7: malformed"), "{e}");
    }

    fn utf16(s: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let units = (if bom { Some(0xFEFF) } else { None })
            .into_iter()
            .chain(s.encode_utf16());
        for u in units {
            out.extend(if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            });
        }
        out
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n\
            <tu><tuv xml:lang=\"en\"><seg>Middle &amp; more</seg></tuv><tuv xml:lang=\"zh\"><seg>中&#x1D400;\u{1D401}</seg></tuv></tu>\n\
            </body></tmx>\n";
        for be in [false, true] {
            for bom in [false, true] {
                let input = Input::from_reader("t.tmx", Cursor::new(utf16(xml, be, bom))).unwrap();
                let (u, skips) = read_input(input).unwrap();
                assert!(skips.is_empty());
                assert_eq!(u.len(), 1, "be={be} bom={bom}");
                assert_eq!(u[0].line, 3);
                assert_eq!(u[0].variants[0].text, "Middle & more");
                assert_eq!(u[0].variants[1].text, "中\u{1D400}\u{1D401}");
            }
        }
    }

    fn without_lines(units: &[Unit]) -> Vec<Unit> {
        units
            .iter()
            .cloned()
            .map(|u| Unit { line: 0, ..u })
            .collect()
    }

    fn write(units: &[Unit], srclang: Option<&LangTag>) -> Result<Vec<u8>> {
        let mut w = TmxWriter::new(Vec::new(), srclang)?;
        for u in units {
            w.write_unit(u)?;
        }
        w.finish()
    }

    /// Writes units and reads them back, under the given header srclang and under `*all*`.
    fn assert_round_trip(units: &[Unit], srclang: Option<&LangTag>) {
        for header in [srclang, None] {
            let bytes = write(units, header).unwrap();
            let (back, skips) = read_bytes(bytes.clone())
                .unwrap_or_else(|e| panic!("{e}\n{}", String::from_utf8_lossy(&bytes)));
            assert!(skips.is_empty(), "{skips:?}");
            assert_eq!(without_lines(&back), without_lines(units));
        }
    }

    #[test]
    fn writer_round_trips_what_the_reader_reads() {
        let xml = doc(&[
            "<tu tuid=\"1\" creationdate=\"20240101T000000Z\" usagecount=\"2\" srclang=\"zh-CN\"><note>n1</note>\
             <prop type=\"x-a\">1 &lt; 2</prop><note>n2 &amp; \"q\"</note>\
             <tuv xml:lang=\"zh-CN\" changeid=\"me\"><prop type=\"t\">v</prop><seg>中文</seg></tuv>\
             <tuv xml:lang=\"en\"><seg>Chinese</seg></tuv></tu>",
            "<tu srclang=\"*all*\"><tuv xml:lang=\"en\"><seg>  a\tb &amp; &lt;c&gt; \"d\" 'e'&#13;</seg></tuv>\
             <tuv xml:lang=\"fr\"><seg>x<bpt i=\"1\" type='a\"b'>&lt;b&gt;</bpt>y<ept i=\"1\">&lt;/b&gt;</ept>\
             <ph>&lt;img alt=\"<sub>t <hi>u</hi></sub>\"&gt;</ph><hi x=\"1\">z</hi><it pos=\"end\"/></seg></tuv></tu>",
            &pair("plain", "纯文本"),
        ]
        .join("\n"));
        let u = units(&xml);
        assert_eq!(u.len(), 3);
        assert!(u[1].variants[1].markup.is_some());
        assert_round_trip(&u, Some(&tag("en")));
    }

    #[test]
    fn writer_header_and_structure() {
        let u = units(&doc(&pair("a", "b")));
        let out = String::from_utf8(write(&u, None).unwrap()).unwrap();
        assert!(out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n  <header creationtool=\"concord\""));
        assert!(out.contains(&format!(
            "creationtoolversion=\"{}\"",
            env!("CARGO_PKG_VERSION")
        )));
        assert!(out.contains("srclang=\"*all*\" datatype=\"plaintext\" creationdate=\""));
        let date = &out[out.find("creationdate=\"").unwrap() + 14..][..16];
        assert!(
            date.len() == 16
                && date[..8].bytes().all(|b| b.is_ascii_digit())
                && &date[8..9] == "T"
                && date[9..15].bytes().all(|b| b.is_ascii_digit())
                && date.ends_with('Z'),
            "{date}"
        );
        // The unit's srclang equals no header srclang here, so it is written on the <tu>.
        assert!(out.contains("<tu srclang=\"en\">"));
        assert!(out.ends_with("  </body>\n</tmx>\n"));
        let out = String::from_utf8(write(&u, Some(&tag("en"))).unwrap()).unwrap();
        assert!(out.contains("srclang=\"en\" datatype"));
        assert!(
            out.contains(
                "    <tu>\n      <tuv xml:lang=\"en\">\n        <seg>a</seg>\n      </tuv>"
            )
        );
    }

    #[test]
    fn writer_keeps_the_file_valid() {
        let mut unit = Unit {
            variants: vec![
                Variant::plain(tag("en"), "a"),
                Variant::plain(tag("fr"), "b"),
            ],
            srclang: Some(tag("en")),
            ..Unit::default()
        };
        // Attributes the DTD does not allow on <tu> become props of that type.
        unit.meta.attrs = vec![
            ("tuid".into(), "9".into()),
            ("resname".into(), "btn.ok".into()),
            ("tuid".into(), "10".into()),
        ];
        let out = String::from_utf8(write(std::slice::from_ref(&unit), Some(&tag("en"))).unwrap())
            .unwrap();
        assert!(out.contains("<tu tuid=\"9\">"), "{out}");
        assert!(out.contains("<prop type=\"resname\">btn.ok</prop>"));
        assert!(out.contains("<prop type=\"tuid\">10</prop>"));

        let mut bad = unit.clone();
        bad.variants[1].markup = Some("<ept i=\"1\">x</ept>".into());
        let e = write(&[bad], None).unwrap_err().to_string();
        assert!(e.starts_with("writing TMX: the fr markup of a unit is not valid TMX inline markup: malformed inline markup"), "{e}");
        let mut bad = unit.clone();
        bad.variants[1].markup = Some("x</seg><seg>y".into());
        assert!(write(&[bad], None).is_err());
        let mut bad = unit.clone();
        bad.variants.clear();
        assert!(write(&[bad], None).is_err());
        let mut bad = unit;
        bad.variants[0].text = "bell\u{7}".into();
        assert_eq!(
            write(&[bad], None).unwrap_err().to_string(),
            "writing TMX: character U+0007 cannot be written in XML 1.0"
        );
    }

    #[test]
    fn dates_from_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        let t = UNIX_EPOCH + Duration::from_secs(951_782_400 + 3_661);
        assert_eq!(tmx_date(t), "20000229T010101Z");
    }

    /// Units each bundled fixture must give; none of them has a unit to skip. The numbers were
    /// found apart from this reader: Python's xml.etree parsed each file and counted its <tu>
    /// elements (the same as `grep -c '<tu[ >]'` and SOURCES.tsv's column 4), then subtracted
    /// the units with fewer than two <tuv>, or fewer than two segments whose text is not blank
    /// once the content of bpt/ept/ph/it/ut is left out (hi text kept). The real-data tier
    /// counts the shared corpus's other files the same way.
    const EXPECTED: &[(&str, usize)] = &[
        // concord's own: two <tu>, each with an English and a Chinese <tuv>.
        ("concord__zh_tw_mayor.tmx", 2),
        ("okapi__header_with_prop_and_note.tmx", 1),
        ("okapi__html_test.tmx", 11),
        ("okapi__issue277.tmx", 2),
        ("okapi__leverage__test01.tmx", 4),
        ("omegat__TMXComplianceKit__ExportTest2A.tmx", 6),
        ("omegat__TMXComplianceKit__ImportTest1A.tmx", 2),
        ("omegat__TMXComplianceKit__ImportTest1B.tmx", 1),
        ("omegat__TMXComplianceKit__ImportTest1C.tmx", 3),
        ("omegat__TMXComplianceKit__ImportTest1D.tmx", 3),
        ("omegat__TMXComplianceKit__ImportTest1F.tmx", 3),
        ("omegat__TMXComplianceKit__ImportTest1G.tmx", 3),
        ("omegat__TMXComplianceKit__ImportTest1H.tmx", 3),
        ("omegat__TMXComplianceKit__ImportTest1I.tmx", 1),
        ("omegat__TMXComplianceKit__ImportTest1J_many.tmx", 3),
        ("omegat__TMXComplianceKit__ImportTest1K.tmx", 2),
        ("omegat__TMXComplianceKit__ImportTest1L.tmx", 1),
        ("omegat__TMXComplianceKit__ImportTest2C.tmx", 1),
    ];

    fn read_file(path: &Path) -> Result<(Vec<Unit>, Vec<Skip>)> {
        read_input(Input::open(path)?)
    }

    /// Reads every file in `dir` and checks it against [`EXPECTED`], then round-trips what it
    /// read. Returns the units per file name.
    fn check_dir(dir: &Path) -> Vec<(String, Vec<Unit>)> {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("tmx")))
            .collect();
        paths.sort();
        assert!(!paths.is_empty());
        let mut all = Vec::new();
        for path in paths {
            let file = path.file_name().unwrap().to_string_lossy().into_owned();
            let Some(&(_, n)) = EXPECTED.iter().find(|(f, _)| *f == file) else {
                panic!("{file}: no expected count; establish one independently and add it");
            };
            let (units, skips) = read_file(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
            assert_eq!((units.len(), skips.len()), (n, 0), "{file}: {skips:?}");
            let srclang = units.first().and_then(|u| u.srclang.clone());
            assert_round_trip(&units, srclang.as_ref());
            all.push((file, units));
        }
        all
    }

    fn text_of<'a>(
        units: &'a [(String, Vec<Unit>)],
        file: &str,
        unit: usize,
        variant: usize,
    ) -> &'a str {
        let (_, u) = units.iter().find(|(f, _)| f == file).unwrap();
        &u[unit].variants[variant].text
    }

    #[test]
    fn bundled_fixtures() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tmx");
        let all = check_dir(&dir);
        assert_eq!(all.len(), 18);
        let t = |f: &str, u, v| text_of(&all, f, u, v).to_string();
        let kit = "omegat__TMXComplianceKit__";
        assert_eq!(
            t(&format!("{kit}ImportTest2C.tmx"), 0, 0),
            "Click  to start."
        );
        assert_eq!(
            t(&format!("{kit}ImportTest1A.tmx"), 0, 0),
            "First segment with [\t\t   ]"
        );
        assert_eq!(
            t(&format!("{kit}ImportTest1I.tmx"), 0, 1),
            "Japanese segment with [\u{3000}\u{3000}]"
        );
        assert_eq!(
            t(&format!("{kit}ImportTest1G.tmx"), 0, 0),
            "à=agrave, é=eacute, æ=aelig"
        );
        assert_eq!(
            t(&format!("{kit}ImportTest1H.tmx"), 2, 1),
            "“=U+201C, –=U+2013, ¤=U+00A4"
        );
        assert_eq!(
            t(&format!("{kit}ExportTest2A.tmx"), 2, 0),
            "Test for special characters = <=lt, >=gt, &=amp, \"=quot."
        );
        // Double-escaped HTML stays as written: one level of escaping is XML's, the other the text's.
        assert_eq!(
            t("okapi__html_test.tmx", 0, 0),
            "start &lt; of &lt; body text"
        );
        let (_, u) = all
            .iter()
            .find(|(f, _)| f == "okapi__leverage__test01.tmx")
            .unwrap();
        assert_eq!(langs(&u[0]), ["en-US", "fr-FR"]);
        assert_eq!((u[0].line, u[1].line), (33, 42));
        let (_, u) = all
            .iter()
            .find(|(f, _)| f.ends_with("ImportTest1J_many.tmx"))
            .unwrap();
        let src: Vec<_> = u
            .iter()
            .map(|u| u.srclang.as_ref().map(|l| l.to_string()))
            .collect();
        assert_eq!(
            src,
            [
                Some("en-US".into()),
                Some("en-US".into()),
                Some("es-ES".into())
            ]
        );
    }
}
