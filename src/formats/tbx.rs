//! TBX glossaries: reading ISO 30042:2019 (TBX v3, DCA style) and the older TBX v2 `martif`
//! files that OmegaT, translate-toolkit, Weblate and vendor termbases write; writing TBX-Basic
//! in TBX v3 DCA style.
//!
//! The reader streams quick-xml events without building a tree. It knows the three levels of
//! every TBX dialect whatever their names: the concept (`conceptEntry` | `termEntry`), the
//! language section (`langSec` | `langSet`) and the term section (`termSec` | `tig` | `ntig`,
//! whose `termGrp` is looked through). Elements are matched by local name, so a namespace
//! prefix changes nothing. A data category counts when it sits directly in one of those levels
//! or in its own group (`descrip` in `descripGrp`, `admin` in `adminGrp`, `termNote` in
//! `termNoteGrp`); a `note` or `admin` inside another group annotates that group, not the term.
//!
//! Two facts concord keeps have no TBX-Basic data category, so the writer carries them as
//! marker notes, one `<note>` each, which the reader recognises (trimmed, any case) and removes:
//! - `<note>forbidden</note>` on a term whose administrativeStatus is `deprecatedTerm-admn-sts`:
//!   the term is [`Status::Forbidden`]. Tools that know only TBX-Basic see a deprecated term
//!   with an explanation, which is the safe reading. Vendor status values such as "forbidden"
//!   or "prohibited" are read as Forbidden directly.
//! - `<note>case-sensitive</note>`: the term matches only in its own letter case.
//!
//! A real note whose whole text is one of the markers is therefore read as the marker.
//!
//! Whitespace: a term is kept exactly as written (after XML's own line-end normalisation).
//! Descriptive fields (definitions, contexts, notes, sources) lose the indentation of
//! pretty-printed XML: a run of literal whitespace that holds a line break becomes one space,
//! and the ends are trimmed. Whitespace written as a character reference is always kept, which
//! is how the writer preserves line breaks and edge spaces through a round trip.
//!
//! Security: entities are never expanded nor fetched. A DOCTYPE is skipped; a reference to any
//! entity but the five predefined ones is an error naming its line, which also defeats
//! entity-expansion bombs. Character references (`&#x4E2D;`) are decoded.

use std::collections::{HashMap, HashSet};
use std::io::Write;

use super::xml::{self, Event, Tag, XmlReader, is_xml_space};
use super::{GlossaryRead, GlossaryReader, ReadOptions, Skip, Source};
use crate::error::{Error, Result};
use crate::model::glossary::{Concept, Status, StoredConcept, Term, TermType};
use crate::text::chars::clip;
use crate::text::{LangTag, NamedLangs};

const FORBIDDEN_MARKER: &str = "forbidden";
const CASE_MARKER: &str = "case-sensitive";
const TBX_NAMESPACE: &str = "urn:iso:std:iso:30042:ed-2";

pub struct TbxReader;

impl GlossaryReader for TbxReader {
    fn read(&self, src: &Source, opts: &ReadOptions) -> Result<GlossaryRead> {
        Parser::new(src, &opts.names).run()
    }
}

/// What an open element is to the reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Concept,
    Lang,
    TermSection,
    /// `ntig/termGrp`: holds the term and its termNotes, part of the term section.
    TermGrp,
    DescripGrp,
    AdminGrp,
    TermNoteGrp,
    Other,
}

impl Kind {
    fn of(local: &[u8]) -> Kind {
        match local {
            b"conceptEntry" | b"termEntry" => Kind::Concept,
            b"langSec" | b"langSet" => Kind::Lang,
            b"termSec" | b"tig" | b"ntig" => Kind::TermSection,
            b"termGrp" => Kind::TermGrp,
            b"descripGrp" => Kind::DescripGrp,
            b"adminGrp" => Kind::AdminGrp,
            b"termNoteGrp" => Kind::TermNoteGrp,
            _ => Kind::Other,
        }
    }
}

struct Open {
    kind: Kind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Level {
    Concept,
    Lang,
    Term,
}

/// Where the text of a captured element goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    TermText,
    Status,
    TermType,
    Pos,
    Context,
    Source,
    Subject,
    Definition(Level),
    Note(Level),
}

/// The text of a field as it accumulates; see the module comment for the whitespace rules.
struct TextBuf {
    exact: bool,
    out: String,
    pending: String,
}

impl TextBuf {
    fn new(exact: bool) -> TextBuf {
        TextBuf {
            exact,
            out: String::new(),
            pending: String::new(),
        }
    }

    fn literal(&mut self, s: &str) {
        if self.exact {
            self.out.push_str(s);
            return;
        }
        for c in s.chars() {
            if is_xml_space(c) {
                self.pending.push(c);
            } else {
                self.flush();
                self.out.push(c);
            }
        }
    }

    fn reference(&mut self, c: char) {
        self.flush();
        self.out.push(c);
    }

    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        if !self.out.is_empty() {
            if self.pending.contains(['\n', '\r']) {
                self.out.push(' ');
            } else {
                self.out.push_str(&self.pending);
            }
        }
        self.pending.clear();
    }

    fn finish(self) -> String {
        self.out
    }
}

struct Capture {
    target: Target,
    /// Length of the open-element stack while the captured element is open.
    depth: usize,
    line: u64,
    buf: TextBuf,
}

#[derive(Default)]
struct TermBuf {
    line: u64,
    text: Option<String>,
    /// `Some` once the file gave a status, even one we do not know (then Admitted).
    status: Option<Status>,
    term_type: Option<TermType>,
    pos: Option<String>,
    context: Option<String>,
    source: Option<String>,
    notes: Vec<String>,
}

struct LangBuf {
    lang: LangTag,
    /// Index in the concept's terms of this section's first term.
    first_term: usize,
    notes: Vec<String>,
}

struct ConceptBuf {
    line: u64,
    ext_id: Option<String>,
    subject: Option<String>,
    definition: Option<String>,
    lang_definitions: Vec<(LangTag, String)>,
    notes: Vec<String>,
    /// Terms with the status the file gave, if any; defaults depend on the whole concept.
    terms: Vec<(Term, Option<Status>)>,
}

/// The attributes the reader uses, from any element.
#[derive(Default)]
struct Attrs {
    id: Option<String>,
    lang: Option<String>,
    ty: Option<String>,
}

struct Parser<'a> {
    name: &'a str,
    text: &'a str,
    open: Vec<Open>,
    root_seen: bool,
    capture: Option<Capture>,
    concept: Option<ConceptBuf>,
    lang: Option<LangBuf>,
    term: Option<TermBuf>,
    out: GlossaryRead,
    names: &'a NamedLangs,
}

impl<'a> Parser<'a> {
    fn new(src: &'a Source, names: &'a NamedLangs) -> Parser<'a> {
        // A BOM left in the text would read as text before the root element.
        let text = src.text.strip_prefix('\u{FEFF}').unwrap_or(&src.text);
        Parser {
            name: &src.name,
            text,
            open: Vec::new(),
            root_seen: false,
            capture: None,
            concept: None,
            lang: None,
            term: None,
            out: GlossaryRead::default(),
            names,
        }
    }

    fn error(&self, line: u64, message: impl Into<String>) -> Error {
        Error::input(self.name, line, message)
    }

    fn not_well_formed(&self, line: u64, what: impl std::fmt::Display) -> Error {
        self.error(line, format!("not well-formed XML: {what}"))
    }

    fn run(mut self) -> Result<GlossaryRead> {
        let mut reader =
            XmlReader::new(self.name, self.text.as_bytes()).records(&["conceptEntry", "termEntry"]);
        loop {
            let (event, at) = reader.event()?;
            match event {
                Event::Start(tag) => {
                    self.start(&tag, at)?;
                    if tag.empty {
                        self.end(at)?;
                    }
                }
                Event::End(_) => self.end(at)?,
                Event::Text(t) => self.on_text(&t, at)?,
                Event::Ref(c) => self.reference(c, at)?,
                Event::Eof => return self.finish(),
            }
        }
    }

    fn finish(self) -> Result<GlossaryRead> {
        if !self.root_seen {
            return Err(Error::input(
                self.name,
                0,
                "not a TBX file: there is no root element",
            ));
        }
        Ok(self.out)
    }

    fn attributes(tag: &Tag) -> Attrs {
        let mut attrs = Attrs::default();
        for (key, value) in &tag.attrs {
            let value = Some(value.clone());
            match xml::local(key) {
                "id" => attrs.id = value,
                "lang" => attrs.lang = value,
                "type" => attrs.ty = value,
                _ => {}
            }
        }
        attrs
    }

    fn start(&mut self, tag: &Tag, at: u64) -> Result<()> {
        let attrs = Self::attributes(tag);
        let name = &tag.name;
        let local = tag.local().as_bytes();
        if !self.root_seen {
            if local != b"tbx" && local != b"martif" {
                return Err(self.error(
                    at,
                    format!(
                        "not a TBX file: the root element is <{}>, not <tbx> or <martif>",
                        clip(name)
                    ),
                ));
            }
            self.root_seen = true;
        }

        // Inside a captured field, elements are inline markup: only their text counts.
        if self.capture.is_some() {
            self.open.push(Open { kind: Kind::Other });
            return Ok(());
        }

        let kind = Kind::of(local);
        match kind {
            Kind::Concept => self.open_concept(name, attrs, at)?,
            Kind::Lang => self.open_lang(name, attrs, at)?,
            Kind::TermSection => self.open_term(name, at)?,
            _ => {
                if let Some(target) = self.target(local, attrs.ty.as_deref()) {
                    self.capture = Some(Capture {
                        target,
                        depth: self.open.len() + 1,
                        line: at,
                        buf: TextBuf::new(target == Target::TermText),
                    });
                } else if local == b"term" && self.concept.is_some() {
                    return Err(
                        self.error(at, "<term> outside a term section (termSec, tig or ntig)")
                    );
                }
            }
        }
        self.open.push(Open { kind });
        Ok(())
    }

    fn open_concept(&mut self, name: &str, attrs: Attrs, at: u64) -> Result<()> {
        if self.concept.is_some() {
            return Err(self.error(at, format!("<{name}> inside another concept entry")));
        }
        self.concept = Some(ConceptBuf {
            line: at,
            ext_id: attrs.id.filter(|id| !id.trim().is_empty()),
            subject: None,
            definition: None,
            lang_definitions: Vec::new(),
            notes: Vec::new(),
            terms: Vec::new(),
        });
        Ok(())
    }

    fn open_lang(&mut self, name: &str, attrs: Attrs, at: u64) -> Result<()> {
        let first_term = match &self.concept {
            Some(c) if self.lang.is_none() => c.terms.len(),
            Some(_) => return Err(self.error(at, format!("<{name}> inside another <{name}>"))),
            None => return Err(self.error(at, format!("<{name}> outside a concept entry"))),
        };
        let Some(raw) = attrs.lang else {
            return Err(self.error(at, format!("<{name}> has no xml:lang attribute")));
        };
        let lang = self
            .names
            .read(&raw)
            .map_err(|e| self.error(at, e.to_string()))?;
        self.lang = Some(LangBuf {
            lang,
            first_term,
            notes: Vec::new(),
        });
        Ok(())
    }

    fn open_term(&mut self, name: &str, at: u64) -> Result<()> {
        if self.lang.is_none() {
            return Err(self.error(at, format!("<{name}> outside a language section")));
        }
        if self.term.is_some() {
            return Err(self.error(at, format!("<{name}> inside another term section")));
        }
        self.term = Some(TermBuf {
            line: at,
            ..TermBuf::default()
        });
        Ok(())
    }

    /// What a data-category element about to open means here, if anything.
    fn target(&self, local: &[u8], ty: Option<&str>) -> Option<Target> {
        let own_group = match local {
            b"descrip" => Kind::DescripGrp,
            b"admin" => Kind::AdminGrp,
            b"termNote" => Kind::TermNoteGrp,
            _ => Kind::TermGrp,
        };
        let level = match self
            .open
            .iter()
            .rev()
            .map(|o| o.kind)
            .find(|&k| k != Kind::TermGrp && k != own_group)?
        {
            Kind::Concept => Level::Concept,
            Kind::Lang => Level::Lang,
            Kind::TermSection => Level::Term,
            _ => return None,
        };
        let term = level == Level::Term;
        Some(match (local, ty) {
            (b"term", _) if term => Target::TermText,
            (b"termNote", Some("administrativeStatus" | "normativeAuthorization")) if term => {
                Target::Status
            }
            (b"termNote", Some("termType")) if term => Target::TermType,
            (b"termNote", Some("partOfSpeech")) if term => Target::Pos,
            (b"descrip", Some("context")) if term => Target::Context,
            (b"admin" | b"descrip", Some("source")) if term => Target::Source,
            (b"descrip", Some("subjectField")) => Target::Subject,
            (b"descrip", Some("definition")) => Target::Definition(level),
            (b"note", _) => Target::Note(level),
            _ => return None,
        })
    }

    fn end(&mut self, at: u64) -> Result<()> {
        let Some(open) = self.open.pop() else {
            return Err(self.not_well_formed(at, "an end tag with no start tag"));
        };
        if let Some(capture) = self.capture.take_if(|c| c.depth == self.open.len() + 1) {
            return self.store(capture);
        }
        if self.capture.is_some() {
            return Ok(());
        }
        match open.kind {
            Kind::Concept => self.close_concept(),
            Kind::Lang => self.close_lang(),
            Kind::TermSection => self.close_term()?,
            _ => {}
        }
        Ok(())
    }

    fn on_text(&mut self, s: &str, at: u64) -> Result<()> {
        if let Some(capture) = &mut self.capture {
            capture.buf.literal(s);
        } else if self.open.is_empty() && !s.chars().all(is_xml_space) {
            return Err(self.not_well_formed(at, "text outside the root element"));
        }
        Ok(())
    }

    fn reference(&mut self, c: char, at: u64) -> Result<()> {
        if let Some(capture) = &mut self.capture {
            capture.buf.reference(c);
        } else if self.open.is_empty() {
            return Err(self.not_well_formed(at, "text outside the root element"));
        }
        Ok(())
    }

    fn store(&mut self, capture: Capture) -> Result<()> {
        let value = capture.buf.finish();
        if capture.target == Target::TermText {
            if value.trim().is_empty() {
                return Err(self.error(capture.line, "empty term"));
            }
            let Some(term) = &mut self.term else {
                return Ok(());
            };
            if term.text.is_some() {
                return Err(self.error(capture.line, "a second <term> in one term section"));
            }
            term.text = Some(value);
            return Ok(());
        }
        if value.is_empty() {
            return Ok(());
        }
        let (Some(concept), lang, term) = (&mut self.concept, &mut self.lang, &mut self.term)
        else {
            return Ok(());
        };
        // First value wins where a field holds one value; notes accumulate.
        match (capture.target, term) {
            (Target::Status, Some(t)) => {
                t.status.get_or_insert(parse_status(&value));
            }
            (Target::TermType, Some(t)) => {
                t.term_type = t.term_type.or_else(|| TermType::parse_lenient(&value));
            }
            (Target::Pos, Some(t)) => {
                t.pos.get_or_insert(value);
            }
            (Target::Context, Some(t)) => {
                t.context.get_or_insert(value);
            }
            (Target::Source, Some(t)) => {
                t.source.get_or_insert(value);
            }
            (Target::Note(Level::Term), Some(t)) => t.notes.push(value),
            (Target::Subject, _) => {
                concept.subject.get_or_insert(value);
            }
            (Target::Definition(Level::Concept), _) => {
                concept.definition.get_or_insert(value);
            }
            (Target::Definition(_), _) => {
                if let Some(l) = lang {
                    concept.lang_definitions.push((l.lang.clone(), value));
                }
            }
            (Target::Note(Level::Lang), _) => {
                if let Some(l) = lang {
                    l.notes.push(value);
                }
            }
            (Target::Note(Level::Concept), _) => concept.notes.push(value),
            _ => {}
        }
        Ok(())
    }

    fn close_term(&mut self) -> Result<()> {
        let Some(t) = self.term.take() else {
            return Ok(());
        };
        let Some(text) = t.text else {
            return Err(self.error(t.line, "a term section without a <term>"));
        };
        let (Some(concept), Some(lang)) = (&mut self.concept, &self.lang) else {
            return Ok(());
        };
        let mut status = t.status;
        let mut case_sensitive = false;
        let mut notes = Vec::with_capacity(t.notes.len());
        for note in t.notes {
            let marker = note.trim();
            if marker.eq_ignore_ascii_case(CASE_MARKER) {
                case_sensitive = true;
            } else if marker.eq_ignore_ascii_case(FORBIDDEN_MARKER)
                && t.status == Some(Status::Deprecated)
            {
                status = Some(Status::Forbidden);
            } else {
                notes.push(note);
            }
        }
        let term = Term {
            lang: lang.lang.clone(),
            text,
            status: Status::Admitted,
            term_type: t.term_type,
            pos: t.pos,
            context: t.context,
            source: t.source,
            note: join_notes(notes),
            case_sensitive,
        };
        concept.terms.push((term, status));
        Ok(())
    }

    /// A note on a language section is about that language's terms, so each of them gets it.
    fn close_lang(&mut self) {
        let (Some(lang), Some(concept)) = (self.lang.take(), &mut self.concept) else {
            return;
        };
        let Some(extra) = join_notes(lang.notes) else {
            return;
        };
        for (term, _) in concept.terms.iter_mut().skip(lang.first_term) {
            term.note = Some(match term.note.take() {
                Some(own) => format!("{own}\n{extra}"),
                None => extra.clone(),
            });
        }
    }

    fn close_concept(&mut self) {
        let Some(c) = self.concept.take() else {
            return;
        };
        if c.terms.is_empty() {
            self.out.skipped.push(Skip {
                line: c.line,
                reason: "concept has no terms".to_string(),
            });
            return;
        }
        // The first term of a language names the concept unless the file says otherwise.
        let mut seen: Vec<LangTag> = Vec::new();
        let mut terms = Vec::with_capacity(c.terms.len());
        for (mut term, status) in c.terms {
            let first = !seen.contains(&term.lang);
            if first {
                seen.push(term.lang.clone());
            }
            term.status = status.unwrap_or(if first {
                Status::Preferred
            } else {
                Status::Admitted
            });
            terms.push(term);
        }
        let definition = c.definition.or_else(|| {
            let mut defs = c.lang_definitions;
            let english = defs.iter().position(|(l, _)| l.primary() == "en");
            match english {
                Some(i) => Some(defs.swap_remove(i).1),
                None => defs.into_iter().next().map(|(_, d)| d),
            }
        });
        self.out.concepts.push(Concept {
            ext_id: c.ext_id,
            subject: c.subject,
            definition,
            note: join_notes(c.notes),
            terms,
            line: c.line,
        });
    }
}

fn join_notes(notes: Vec<String>) -> Option<String> {
    if notes.is_empty() {
        None
    } else {
        Some(notes.join("\n"))
    }
}

/// A status value as found in the file. TBX's normativeAuthorization picklist has two values
/// the shared lenient parser does not know; an unknown value keeps the term usable, as
/// Admitted, rather than failing a whole import.
fn parse_status(raw: &str) -> Status {
    Status::parse_lenient(raw).unwrap_or_else(|| {
        let s = raw.trim().to_ascii_lowercase();
        match s.strip_suffix("-admn-sts").unwrap_or(&s) {
            "legalterm" | "regulatedterm" => Status::Preferred,
            _ => Status::Admitted,
        }
    })
}

/// Writes concepts as a TBX-Basic file (TBX v3, DCA style). Forbidden terms and case-sensitive
/// terms carry the marker notes described in the module comment.
///
/// A failed write is an [`Error::Io`] whose path is "TBX output": this function does not know
/// where its writer goes, and keeping the `io::Error` lets a caller tell a closed pipe from a
/// full disk.
pub fn write_tbx<W: Write>(
    mut out: W,
    concepts: &[StoredConcept],
    source_lang: Option<&LangTag>,
) -> Result<()> {
    let io = |e: std::io::Error| Error::io("TBX output", e);
    let doc_lang = source_lang
        .map(LangTag::as_str)
        .filter(|l| *l != "*")
        .unwrap_or("en");
    let mut head = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    head.push_str("<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"");
    xml::escape_attr(&mut head, doc_lang).map_err(|c| {
        Error::Invalid(format!(
            "language {doc_lang}: U+{:04X} cannot be written to XML 1.0",
            c as u32
        ))
    })?;
    head.push_str("\" xmlns=\"");
    head.push_str(TBX_NAMESPACE);
    head.push_str(
        "\">\n  <tbxHeader>\n    <fileDesc>\n      <sourceDesc>\n        <p>Exported by concord ",
    );
    head.push_str(env!("CARGO_PKG_VERSION"));
    head.push_str(
        "</p>\n      </sourceDesc>\n    </fileDesc>\n  </tbxHeader>\n  <text>\n    <body>\n",
    );
    out.write_all(head.as_bytes()).map_err(io)?;

    let ids = export_ids(concepts);
    // One buffer per concept: few writes on an unbuffered writer, bounded memory on a big one.
    let mut buf = String::new();
    for (sc, id) in concepts.iter().zip(&ids) {
        buf.clear();
        write_concept(&mut buf, &sc.concept, id).map_err(|c| {
            Error::Invalid(format!(
                "concept {}: U+{:04X} cannot be written to XML 1.0",
                sc.id, c as u32
            ))
        })?;
        out.write_all(buf.as_bytes()).map_err(io)?;
    }
    out.write_all(b"    </body>\n  </text>\n</tbx>\n")
        .map_err(io)?;
    out.flush().map_err(io)
}

/// Export ids: the concept's own id when it is a valid XML id used once in the export, else
/// `c{db id}`, made distinct from every id already taken.
fn export_ids<'a>(concepts: &'a [StoredConcept]) -> Vec<String> {
    let mut uses: HashMap<&str, usize> = HashMap::new();
    for sc in concepts {
        if let Some(ext) = sc.concept.ext_id.as_deref().filter(|e| is_ncname(e)) {
            *uses.entry(ext).or_default() += 1;
        }
    }
    let own = |sc: &'a StoredConcept| -> Option<&'a str> {
        sc.concept
            .ext_id
            .as_deref()
            .filter(|e| uses.get(e) == Some(&1))
    };
    let mut taken: HashSet<String> = concepts
        .iter()
        .filter_map(|sc| own(sc).map(str::to_string))
        .collect();
    concepts
        .iter()
        .map(|sc| match own(sc) {
            Some(ext) => ext.to_string(),
            None => {
                let mut id = format!("c{}", sc.id);
                let mut n = 1;
                while taken.contains(&id) {
                    n += 1;
                    id = format!("c{}-{n}", sc.id);
                }
                taken.insert(id.clone());
                id
            }
        })
        .collect()
}

/// Close enough to XML's NCName for ids we write: an id that fails here is replaced, never
/// written invalid.
fn is_ncname(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '\u{B7}'))
}

fn write_concept(out: &mut String, c: &Concept, id: &str) -> Result<(), char> {
    out.push_str("      <conceptEntry id=\"");
    xml::escape_attr(out, id)?;
    out.push_str("\">\n");
    let inner = "        ";
    if let Some(s) = &c.subject {
        element(out, inner, "descrip type=\"subjectField\"", "descrip", s)?;
    }
    if let Some(d) = &c.definition {
        element(out, inner, "descrip type=\"definition\"", "descrip", d)?;
    }
    if let Some(n) = &c.note {
        element(out, inner, "note", "note", n)?;
    }
    for lang in c.languages() {
        out.push_str("        <langSec xml:lang=\"");
        xml::escape_attr(out, lang.as_str())?;
        out.push_str("\">\n");
        for t in c.terms.iter().filter(|t| &t.lang == lang) {
            write_term(out, t)?;
        }
        out.push_str("        </langSec>\n");
    }
    out.push_str("      </conceptEntry>\n");
    Ok(())
}

fn write_term(out: &mut String, t: &Term) -> Result<(), char> {
    let inner = "            ";
    out.push_str("          <termSec>\n");
    out.push_str(inner);
    out.push_str("<term>");
    escape_text(out, &t.text, false)?;
    out.push_str("</term>\n");
    let status = match t.status {
        Status::Preferred => "preferredTerm-admn-sts",
        Status::Admitted => "admittedTerm-admn-sts",
        Status::Deprecated | Status::Forbidden => "deprecatedTerm-admn-sts",
        Status::Superseded => "supersededTerm-admn-sts",
    };
    let status_tag = "termNote type=\"administrativeStatus\"";
    element(out, inner, status_tag, "termNote", status)?;
    if let Some(ty) = t.term_type {
        element(
            out,
            inner,
            "termNote type=\"termType\"",
            "termNote",
            ty.as_str(),
        )?;
    }
    if let Some(pos) = &t.pos {
        element(
            out,
            inner,
            "termNote type=\"partOfSpeech\"",
            "termNote",
            pos,
        )?;
    }
    if let Some(context) = &t.context {
        element(out, inner, "descrip type=\"context\"", "descrip", context)?;
    }
    if let Some(source) = &t.source {
        element(out, inner, "admin type=\"source\"", "admin", source)?;
    }
    if let Some(note) = &t.note {
        element(out, inner, "note", "note", note)?;
    }
    if t.status == Status::Forbidden {
        element(out, inner, "note", "note", FORBIDDEN_MARKER)?;
    }
    if t.case_sensitive {
        element(out, inner, "note", "note", CASE_MARKER)?;
    }
    out.push_str("          </termSec>\n");
    Ok(())
}

fn element(
    out: &mut String,
    indent: &str,
    open: &str,
    close: &str,
    text: &str,
) -> Result<(), char> {
    out.push_str(indent);
    out.push('<');
    out.push_str(open);
    out.push('>');
    escape_text(out, text, true)?;
    out.push_str("</");
    out.push_str(close);
    out.push_str(">\n");
    Ok(())
}

/// Escapes element text. Descriptive `fields` write line breaks, tabs and edge spaces as
/// character references, which the reader keeps while it drops pretty-printing whitespace;
/// a term needs that only for a carriage return, which XML would otherwise turn into `\n`.
/// Fails on a character XML 1.0 cannot carry at all.
fn escape_text(out: &mut String, s: &str, field: bool) -> Result<(), char> {
    if !field {
        return xml::escape_text(out, s);
    }
    let first_kept = s.find(|c| !is_xml_space(c)).unwrap_or(s.len());
    let last_kept = s.trim_end_matches(is_xml_space).len();
    let mut last = 0;
    for (i, c) in s.char_indices() {
        let rep = match c {
            '\n' => "&#10;",
            '\t' => "&#9;",
            ' ' if i < first_kept || i >= last_kept => "&#32;",
            _ => continue,
        };
        xml::escape_text(out, &s[last..i])?;
        out.push_str(rep);
        last = i + 1;
    }
    xml::escape_text(out, &s[last..])
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn read(xml: &str) -> Result<GlossaryRead> {
        TbxReader.read(&Source::from_text("t.tbx", xml), &ReadOptions::default())
    }

    fn concepts(xml: &str) -> Vec<Concept> {
        read(xml).unwrap().concepts
    }

    /// The line and message of an input error.
    fn input_error(xml: &str) -> (u64, String) {
        match read(xml) {
            Err(Error::Input {
                path,
                line,
                message,
            }) => {
                assert_eq!(path, "t.tbx");
                (line, message)
            }
            other => panic!("expected an input error, got {other:?}"),
        }
    }

    fn lang(tag: &str) -> LangTag {
        LangTag::parse(tag).unwrap()
    }

    /// A TBX v2 document around a body.
    fn martif(body: &str) -> String {
        format!(
            "<?xml version=\"1.0\"?>\n<martif type=\"TBX\" xml:lang=\"en\">\n<text><body>\n{body}\n</body></text>\n</martif>\n"
        )
    }

    /// A TBX v3 document around a body.
    fn tbx3(body: &str) -> String {
        format!(
            "<?xml version=\"1.0\"?>\n<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" xmlns=\"urn:iso:std:iso:30042:ed-2\">\n<text><body>\n{body}\n</body></text>\n</tbx>\n"
        )
    }

    #[test]
    fn reads_tbx3_dca() {
        let xml = tbx3(
            r#"<conceptEntry id="mayor">
  <descrip type="subjectField">government</descrip>
  <descripGrp><descrip type="definition">head of a city</descrip><admin type="source">dict</admin></descripGrp>
  <note>checked 2024</note>
  <langSec xml:lang="EN">
    <termSec>
      <term>mayor</term>
      <termNote type="partOfSpeech">noun</termNote>
      <termNote type="termType">fullForm</termNote>
      <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
      <descrip type="context">The mayor spoke.</descrip>
      <admin type="source">style guide</admin>
      <note>lower case in running text</note>
    </termSec>
  </langSec>
  <langSec xml:lang="zh_cn">
    <termSec><term>市长</term></termSec>
  </langSec>
</conceptEntry>"#,
        );
        let cs = concepts(&xml);
        assert_eq!(cs.len(), 1);
        let c = &cs[0];
        assert_eq!(c.ext_id.as_deref(), Some("mayor"));
        assert_eq!(c.subject.as_deref(), Some("government"));
        assert_eq!(c.definition.as_deref(), Some("head of a city"));
        assert_eq!(c.note.as_deref(), Some("checked 2024"));
        assert_eq!(c.line, 4);
        let en = &c.terms[0];
        assert_eq!(en.lang, lang("en"));
        assert_eq!(en.text, "mayor");
        assert_eq!(en.status, Status::Preferred);
        assert_eq!(en.term_type, Some(TermType::FullForm));
        assert_eq!(en.pos.as_deref(), Some("noun"));
        assert_eq!(en.context.as_deref(), Some("The mayor spoke."));
        assert_eq!(en.source.as_deref(), Some("style guide"));
        assert_eq!(en.note.as_deref(), Some("lower case in running text"));
        assert_eq!(c.terms[1].lang.as_str(), "zh-CN");
        assert_eq!(c.terms[1].text, "市长");
    }

    #[test]
    fn reads_tbx2_tig_and_ntig() {
        let xml = martif(
            r#"<termEntry id="c1">
  <langSet lang="en">
    <tig>
      <term>memorandum of understanding</term>
      <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>
    </tig>
    <ntig>
      <termGrp>
        <term>MOU</term>
        <termNote type="termType">acronym</termNote>
        <termNoteGrp><termNote type="partOfSpeech">noun</termNote></termNoteGrp>
      </termGrp>
      <descrip type="context">An MOU was signed.</descrip>
      <adminGrp><admin type="source">treaty office</admin></adminGrp>
    </ntig>
  </langSet>
  <langSet xml:lang="zh-Hans"><ntig><termGrp><term>谅解备忘录</term></termGrp></ntig></langSet>
</termEntry>"#,
        );
        let cs = concepts(&xml);
        let t = &cs[0].terms;
        assert_eq!(t.len(), 3);
        assert_eq!(t[0].status, Status::Admitted);
        assert_eq!(t[1].text, "MOU");
        assert_eq!(t[1].term_type, Some(TermType::Acronym));
        assert_eq!(t[1].pos.as_deref(), Some("noun"));
        assert_eq!(t[1].context.as_deref(), Some("An MOU was signed."));
        assert_eq!(t[1].source.as_deref(), Some("treaty office"));
        assert_eq!(t[2].lang.as_str(), "zh-Hans");
    }

    #[test]
    fn namespace_prefix_does_not_matter() {
        let xml = r#"<t:tbx xmlns:t="urn:iso:std:iso:30042:ed-2" xml:lang="en"><t:text><t:body>
<t:conceptEntry id="a"><t:langSec xml:lang="en"><t:termSec><t:term>port</t:term></t:termSec></t:langSec></t:conceptEntry>
</t:body></t:text></t:tbx>"#;
        let cs = concepts(xml);
        assert_eq!(cs[0].terms[0].text, "port");
        assert_eq!(cs[0].line, 2);
    }

    #[test]
    fn default_and_vendor_statuses() {
        let xml = martif(
            r#"<termEntry>
  <langSet xml:lang="en">
    <tig><term>a</term></tig>
    <tig><term>b</term></tig>
    <tig><term>c</term><termNote type="administrativeStatus">maybeTerm</termNote></tig>
    <tig><term>d</term><termNote type="normativeAuthorization">deprecatedTerm</termNote></tig>
    <tig><term>e</term><termNote type="administrativeStatus">Forbidden</termNote></tig>
    <tig><term>f</term><termNote type="normativeAuthorization">prohibited</termNote></tig>
    <tig><term>g</term><termNote type="normativeAuthorization">legalTerm</termNote></tig>
  </langSet>
  <langSet xml:lang="fr">
    <tig><term>h</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
    <tig><term>i</term></tig>
  </langSet>
  <langSet xml:lang="en"><tig><term>j</term></tig></langSet>
</termEntry>"#,
        );
        let statuses: Vec<(String, Status)> = concepts(&xml)[0]
            .terms
            .iter()
            .map(|t| (t.text.clone(), t.status))
            .collect();
        let expected = [
            ("a", Status::Preferred),
            ("b", Status::Admitted),
            ("c", Status::Admitted),
            ("d", Status::Deprecated),
            ("e", Status::Forbidden),
            ("f", Status::Forbidden),
            ("g", Status::Preferred),
            ("h", Status::Admitted),
            ("i", Status::Admitted),
            ("j", Status::Admitted),
        ];
        let expected: Vec<(String, Status)> =
            expected.iter().map(|(t, s)| (t.to_string(), *s)).collect();
        assert_eq!(statuses, expected);
    }

    #[test]
    fn marker_notes() {
        let xml = tbx3(
            r#"<conceptEntry id="x"><langSec xml:lang="en">
  <termSec><term>chairman</term>
    <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>
    <note>use chair</note><note> Forbidden </note></termSec>
  <termSec><term>US</term><note>CASE-SENSITIVE</note></termSec>
  <termSec><term>old</term>
    <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
    <note>forbidden</note></termSec>
</langSec></conceptEntry>"#,
        );
        let t = &concepts(&xml)[0].terms;
        assert_eq!(t[0].status, Status::Forbidden);
        assert_eq!(t[0].note.as_deref(), Some("use chair"));
        assert!(!t[0].case_sensitive);
        assert!(t[1].case_sensitive);
        assert_eq!(t[1].note, None);
        // Only a deprecated term can be forbidden by the marker; elsewhere it is a plain note.
        assert_eq!(t[2].status, Status::Preferred);
        assert_eq!(t[2].note.as_deref(), Some("forbidden"));
    }

    #[test]
    fn notes_by_level() {
        let xml = martif(
            r#"<termEntry>
  <note>one</note>
  <transacGrp><transac type="transactionType">origination</transac><note>not ours</note></transacGrp>
  <note>two</note>
  <langSet xml:lang="pt">
    <note>about pt</note>
    <ntig><termGrp><term>x</term></termGrp><note>own</note></ntig>
    <ntig><termGrp><term>y</term></termGrp>
      <descripGrp><descrip type="context">c</descrip><note>about the context</note></descripGrp>
    </ntig>
  </langSet>
  <langSet xml:lang="en"><tig><term>z</term></tig></langSet>
</termEntry>"#,
        );
        let c = &concepts(&xml)[0];
        assert_eq!(c.note.as_deref(), Some("one\ntwo"));
        assert_eq!(c.terms[0].note.as_deref(), Some("own\nabout pt"));
        assert_eq!(c.terms[1].note.as_deref(), Some("about pt"));
        assert_eq!(c.terms[1].context.as_deref(), Some("c"));
        assert_eq!(c.terms[2].note, None);
    }

    #[test]
    fn definition_preference() {
        let lang_level = tbx3(
            r#"<conceptEntry>
  <langSec xml:lang="fr"><descrip type="definition">fr def</descrip><termSec><term>a</term></termSec></langSec>
  <langSec xml:lang="en-GB"><descrip type="definition">en def</descrip><termSec><term>b</term></termSec></langSec>
  <langSec xml:lang="en"><descrip type="definition">second en def</descrip><termSec><term>c</term></termSec></langSec>
</conceptEntry>
<conceptEntry>
  <langSec xml:lang="fr"><descrip type="definition">fr def</descrip><termSec><term>a</term></termSec></langSec>
  <langSec xml:lang="de"><descrip type="definition">de def</descrip><termSec><term>b</term></termSec></langSec>
</conceptEntry>
<conceptEntry>
  <langSec xml:lang="en"><descrip type="definition">en def</descrip><termSec><term>a</term></termSec></langSec>
  <descrip type="definition">concept def</descrip>
  <descrip type="definition">another concept def</descrip>
</conceptEntry>"#,
        );
        let cs = concepts(&lang_level);
        assert_eq!(cs[0].definition.as_deref(), Some("en def"));
        assert_eq!(cs[1].definition.as_deref(), Some("fr def"));
        assert_eq!(cs[2].definition.as_deref(), Some("concept def"));
    }

    #[test]
    fn term_text_is_exact_and_fields_lose_pretty_printing() {
        let xml = tbx3(
            "<conceptEntry><descrip type=\"definition\">a long\n        definition\tthat  wraps\n   </descrip>\
             <langSec xml:lang=\"en\"><termSec><term> two  spaces\tand tab </term>\
             <descrip type=\"context\">&#32;kept&#10;break </descrip></termSec></langSec></conceptEntry>",
        );
        let c = &concepts(&xml)[0];
        assert_eq!(
            c.definition.as_deref(),
            Some("a long definition\tthat  wraps")
        );
        assert_eq!(c.terms[0].text, " two  spaces\tand tab ");
        assert_eq!(c.terms[0].context.as_deref(), Some(" kept\nbreak"));
    }

    #[test]
    fn term_line_ends_are_normalised_as_xml_says() {
        let xml = tbx3(
            "<conceptEntry><langSec xml:lang=\"en\"><termSec><term>a\r\nb</term></termSec></langSec></conceptEntry>",
        );
        assert_eq!(concepts(&xml)[0].terms[0].text, "a\nb");
    }

    #[test]
    fn inline_markup_in_a_term_keeps_its_text() {
        let xml = tbx3(
            r#"<conceptEntry><langSec xml:lang="en"><termSec><term>H<hi type="subscript">2</hi>O <hi>water</hi></term></termSec></langSec></conceptEntry>"#,
        );
        assert_eq!(concepts(&xml)[0].terms[0].text, "H2O water");
    }

    #[test]
    fn character_and_predefined_references_decode() {
        let xml = tbx3(
            r#"<conceptEntry id="a&amp;b"><langSec xml:lang="zh"><termSec><term>&#x4E2D;&#25991; &lt;&amp;&gt; &quot;&apos;</term></termSec></langSec></conceptEntry>"#,
        );
        let c = &concepts(&xml)[0];
        assert_eq!(c.ext_id.as_deref(), Some("a&b"));
        assert_eq!(c.terms[0].text, "中文 <&> \"'");
    }

    #[test]
    fn crlf_in_an_attribute_is_one_space() {
        let xml = tbx3(
            "<conceptEntry id=\"a\r\nb&#13;&#10;c\"><langSec xml:lang=\"en\"><termSec><term>x</term></termSec></langSec></conceptEntry>",
        );
        assert_eq!(concepts(&xml)[0].ext_id.as_deref(), Some("a b\r\nc"));
    }

    #[test]
    fn doctype_is_ignored() {
        let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE martif SYSTEM \"TBXcoreStructV02.dtd\">\n<martif><text><body>\
                   <termEntry><langSet xml:lang=\"en\"><tig><term>x</term></tig></langSet></termEntry></body></text></martif>";
        assert_eq!(concepts(xml)[0].terms[0].text, "x");
    }

    #[test]
    fn custom_entities_are_refused_with_their_line() {
        let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE martif [\n<!ENTITY co \"Example Corp\">\n]>\n<martif><text><body>\n\
                   <termEntry><langSet xml:lang=\"en\"><tig>\n<term>&co;</term></tig></langSet></termEntry>\n</body></text></martif>";
        let (line, message) = input_error(xml);
        assert_eq!(line, 7);
        assert!(message.contains("&co;"), "{message}");
    }

    #[test]
    fn billion_laughs_is_refused_without_expanding() {
        let mut xml =
            String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE martif [\n<!ENTITY lol \"lol\">\n");
        for i in 1..10 {
            let prev = if i == 1 {
                "lol".to_string()
            } else {
                format!("lol{}", i - 1)
            };
            xml.push_str(&format!(
                "<!ENTITY lol{i} \"{}\">\n",
                format!("&{prev};").repeat(10)
            ));
        }
        xml.push_str("]>\n<martif>&lol9;</martif>\n");
        let expected = xml
            .lines()
            .position(|l| l.contains("&lol9;</martif>"))
            .unwrap()
            + 1;
        let (line, message) = input_error(&xml);
        assert_eq!(line, expected as u64);
        assert!(message.contains("&lol9;"), "{message}");
    }

    #[test]
    fn custom_entity_in_an_attribute_is_refused() {
        let xml = "<martif>\n<text><body>\n<termEntry id=\"&x;\"/></body></text></martif>";
        let (line, message) = input_error(xml);
        assert_eq!(line, 3);
        assert!(message.contains("&x;"), "{message}");
    }

    #[test]
    fn not_well_formed_names_the_line() {
        let (line, message) = input_error("<martif>\n<text>\n<body>\n</text>\n</martif>");
        assert_eq!(line, 4);
        assert!(message.starts_with("not well-formed XML: "), "{message}");

        // Reported where the input ends, as in every XML reader, naming where <body> opened.
        let (line, message) = input_error("<martif>\n<text>\n<body>\n");
        assert_eq!(line, 4);
        assert!(
            message.contains("inside <body> (opened at line 3)"),
            "{message}"
        );

        let (line, message) = input_error(&martif(
            "<termEntry>\n<langSet xml:lang=\"en\"><tig><term>a&#1;</term></tig></langSet></termEntry>",
        ));
        assert_eq!(line, 5);
        assert!(
            message.starts_with("not well-formed XML: &#1;"),
            "{message}"
        );

        let (line, _) = input_error("<martif>\n<text a=\"1\" a=\"2\"/>\n</martif>");
        assert_eq!(line, 2);

        let (line, _) = input_error("<martif>\n\n a & b</martif>");
        assert_eq!(line, 3);

        let (line, _) = input_error("<martif/>\n<martif/>");
        assert_eq!(line, 2);
    }

    #[test]
    fn not_tbx_is_refused() {
        let (line, message) = input_error("<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"/>");
        assert_eq!(line, 2);
        assert!(message.contains("<tmx>"), "{message}");
        let (line, _) = input_error("");
        assert_eq!(line, 0);
    }

    #[test]
    fn empty_terms_are_errors() {
        for term in [
            "<term></term>",
            "<term> \n\t</term>",
            "<term/>",
            "<term><hi/></term>",
        ] {
            let xml = format!(
                "<martif><text><body><termEntry>\n<langSet xml:lang=\"en\">\n<tig>\n{term}</tig></langSet></termEntry></body></text></martif>"
            );
            let (line, message) = input_error(&xml);
            assert_eq!((line, message.as_str()), (4, "empty term"), "{term}");
        }
        let (line, message) = input_error(&martif(
            "<termEntry><langSet xml:lang=\"en\">\n<tig><termNote type=\"partOfSpeech\">noun</termNote></tig></langSet></termEntry>",
        ));
        assert_eq!(line, 5);
        assert!(message.contains("without a <term>"), "{message}");
    }

    #[test]
    fn bad_or_missing_language_is_an_error() {
        let (line, message) = input_error(&martif(
            "<termEntry>\n<langSet xml:lang=\"elvish tongue\"><tig><term>x</term></tig></langSet></termEntry>",
        ));
        assert_eq!(line, 5);
        assert!(message.contains("invalid language tag"), "{message}");
        let (line, message) = input_error(&martif(
            "<termEntry>\n<langSet><tig><term>x</term></tig></langSet></termEntry>",
        ));
        assert_eq!(line, 5);
        assert!(message.contains("xml:lang"), "{message}");
    }

    #[test]
    fn misplaced_structure_is_an_error() {
        let (line, _) = input_error(&martif(
            "<termEntry>\n<langSet xml:lang=\"en\"><term>x</term></langSet></termEntry>",
        ));
        assert_eq!(line, 5);
        let (line, _) = input_error(&martif("<langSet xml:lang=\"en\"/>"));
        assert_eq!(line, 4);
    }

    #[test]
    fn concepts_without_terms_are_skipped() {
        let xml = tbx3(
            "<conceptEntry id=\"empty\"><descrip type=\"subjectField\">law</descrip></conceptEntry>\n\
             <conceptEntry id=\"hollow\"><langSec xml:lang=\"en\"/></conceptEntry>\n\
             <conceptEntry id=\"ok\"><langSec xml:lang=\"en\"><termSec><term>x</term></termSec></langSec></conceptEntry>",
        );
        let read = read(&xml).unwrap();
        assert_eq!(read.concepts.len(), 1);
        assert_eq!(read.concepts[0].line, 6);
        let lines: Vec<u64> = read.skipped.iter().map(|s| s.line).collect();
        assert_eq!(lines, [4, 5]);
        assert_eq!(read.skipped[0].reason, "concept has no terms");
    }

    #[test]
    fn never_panics_on_truncated_or_mangled_input() {
        let xml = tbx3(
            r#"<conceptEntry id="a"><descrip type="definition">d &amp; e</descrip>
<langSec xml:lang="zh-CN"><termSec><term>中文&#x4E2D;<hi>x</hi></term><note>n</note></termSec></langSec></conceptEntry>"#,
        );
        for (i, _) in xml.char_indices() {
            let _ = read(&xml[..i]);
            let mut mangled = xml.clone();
            mangled.insert(i, '<');
            let _ = read(&mangled);
            let mut mangled = xml.clone();
            mangled.insert(i, '&');
            let _ = read(&mangled);
        }
    }

    fn stored(id: i64, concept: Concept) -> StoredConcept {
        StoredConcept {
            id,
            concept,
            origin: None,
            imported_at: None,
        }
    }

    fn write(concepts: &[StoredConcept], source: Option<&LangTag>) -> String {
        let mut out = Vec::new();
        write_tbx(&mut out, concepts, source).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn round_trip() {
        let en = lang("en");
        let zh = lang("zh-CN");
        let full = Term {
            lang: en.clone(),
            text: " Mayor <of> & \"city\"\r\n".to_string(),
            status: Status::Superseded,
            term_type: Some(TermType::FullForm),
            pos: Some("noun".to_string()),
            context: Some("  The mayor\tspoke.\nThen left.  ".to_string()),
            source: Some("style guide, p. 3".to_string()),
            note: Some("first note\nsecond note".to_string()),
            case_sensitive: false,
        };
        let input = vec![
            stored(
                1,
                Concept {
                    ext_id: Some("mayor".to_string()),
                    subject: Some("government & politics".to_string()),
                    definition: Some("head of a city\ngovernment".to_string()),
                    note: Some("reviewed".to_string()),
                    terms: vec![
                        Term::new(zh.clone(), "市长"),
                        full,
                        Term::new(en.clone(), "chairman").with_status(Status::Forbidden),
                        Term {
                            case_sensitive: true,
                            note: Some("ours".to_string()),
                            term_type: Some(TermType::Acronym),
                            ..Term::new(en.clone(), "US").with_status(Status::Deprecated)
                        },
                        Term::new(zh.clone(), "美国").with_status(Status::Admitted),
                    ],
                    line: 0,
                },
            ),
            stored(
                2,
                Concept {
                    terms: vec![Term::new(en.clone(), "port")],
                    ..Concept::default()
                },
            ),
        ];
        let xml = write(&input, Some(&zh));
        assert!(xml.contains(r#"<tbx type="TBX-Basic" style="dca" xml:lang="zh-CN" xmlns="urn:iso:std:iso:30042:ed-2">"#));
        assert!(xml.contains("<p>Exported by concord"));
        assert!(xml.contains("<note>forbidden</note>"));
        assert!(xml.contains("<note>case-sensitive</note>"));

        let back = concepts(&xml);
        assert_eq!(back.len(), 2);
        let mut expected: Vec<Concept> = input.iter().map(|s| s.concept.clone()).collect();
        expected[1].ext_id = Some("c2".to_string());
        for (got, want) in back.iter().zip(&expected) {
            let got = Concept {
                line: 0,
                ..got.clone()
            };
            // Terms are grouped by language on export, in first-seen order.
            let mut want = want.clone();
            let langs: Vec<LangTag> = want.languages().into_iter().cloned().collect();
            want.terms = langs
                .iter()
                .flat_map(|l| want.terms.iter().filter(move |t| &t.lang == l).cloned())
                .collect();
            assert_eq!(got, want);
        }
    }

    #[test]
    fn export_ids_are_unique_and_valid() {
        let with_id = |id: i64, ext: Option<&str>| {
            stored(
                id,
                Concept {
                    ext_id: ext.map(str::to_string),
                    terms: vec![Term::new(lang("en"), format!("t{id}"))],
                    ..Concept::default()
                },
            )
        };
        let cs = [
            with_id(1, Some("dup")),
            with_id(2, Some("dup")),
            with_id(3, Some("c2")),
            with_id(4, Some("12 bad")),
            with_id(5, None),
            with_id(6, Some("ok.id-1")),
        ];
        assert_eq!(export_ids(&cs), ["c1", "c2-2", "c2", "c4", "c5", "ok.id-1"]);
        let back = concepts(&write(&cs, None));
        let ids: Vec<_> = back.iter().map(|c| c.ext_id.clone().unwrap()).collect();
        assert_eq!(ids, ["c1", "c2-2", "c2", "c4", "c5", "ok.id-1"]);
    }

    #[test]
    fn writer_refuses_characters_xml_cannot_carry() {
        let cs = [stored(
            7,
            Concept {
                terms: vec![Term::new(lang("en"), "bell\u{7}")],
                ..Concept::default()
            },
        )];
        let err = write_tbx(Vec::new(), &cs, None).unwrap_err();
        assert!(matches!(err, Error::Invalid(_)));
        assert!(err.to_string().contains("concept 7"), "{err}");
    }

    #[test]
    fn write_failures_keep_the_io_error() {
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::new(
                    std::io::ErrorKind::StorageFull,
                    "disk full",
                ))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        match write_tbx(Full, &[], None) {
            Err(Error::Io { source, .. }) => {
                assert_eq!(source.kind(), std::io::ErrorKind::StorageFull)
            }
            other => panic!("expected an I/O error, got {other:?}"),
        }
    }

    fn read_path(path: &Path) -> Result<GlossaryRead> {
        TbxReader.read(&Source::read(path)?, &ReadOptions::default())
    }

    fn count(read: &GlossaryRead) -> (usize, usize) {
        let terms = read.concepts.iter().map(|c| c.terms.len()).sum();
        (read.concepts.len(), terms)
    }

    /// The Okapi files (Apache-2.0) kept in the repository. Expected counts come from the
    /// files themselves: `grep -c '<termEntry'` for concepts and `grep -c '<term[ >]'` for
    /// terms (no file has either string in a comment).
    #[test]
    fn okapi_fixtures() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tbx");
        let expected = [
            ("okapi__ibm_tbx.tbx", 5, 11),
            ("okapi__maryland.tbx", 1, 13),
            ("okapi__medtronic_TBX.tbx", 3, 62),
            ("okapi__oracle_TBX.tbx", 2, 6),
            ("okapi__test02_win1254.tbx", 1, 2),
        ];
        for (name, concepts, terms) in expected {
            let read = read_path(&dir.join(name)).unwrap();
            assert_eq!(count(&read), (concepts, terms), "{name}");
            assert!(read.skipped.is_empty(), "{name}");
        }

        let ibm = read_path(&dir.join("okapi__ibm_tbx.tbx")).unwrap();
        let c2 = &ibm.concepts[1];
        assert_eq!(c2.line, 69);
        assert_eq!(
            c2.subject.as_deref(),
            Some("Hardware \\ Other Processing Units and Specialized Devices")
        );
        // Two langSets for English in one entry: the second one's term is a synonym.
        let c1 = &ibm.concepts[0];
        assert_eq!(
            (c1.terms[1].text.as_str(), c1.terms[1].status),
            ("branch", Status::Admitted)
        );

        let maryland = read_path(&dir.join("okapi__maryland.tbx")).unwrap();
        let c = &maryland.concepts[0];
        assert_eq!(c.ext_id.as_deref(), Some("eid-VocCod-211.01"));
        assert_eq!(
            c.definition.as_deref(),
            Some("personne qui accomplit un travail copie ou d'écriture")
        );
        assert_eq!(c.terms[2].text, "écrivain");
        assert_eq!(c.terms[2].term_type, Some(TermType::Variant));

        let medtronic = read_path(&dir.join("okapi__medtronic_TBX.tbx")).unwrap();
        let c = &medtronic.concepts[1];
        assert_eq!(c.terms[1].text, "audible notification");
        assert_eq!(c.terms[1].status, Status::Deprecated);
        assert_eq!(c.note.as_deref().map(|n| n.lines().count()), Some(2));

        let oracle = read_path(&dir.join("okapi__oracle_TBX.tbx")).unwrap();
        let t = &oracle.concepts[0].terms;
        assert_eq!(t[0].text, "Provincial Reporting Establishment ");
        assert_eq!(t[2].status, Status::Preferred);
        assert_eq!(t[2].note.as_deref(), Some("Termo específico aos EUA."));

        // windows-1254: Turkish dotted and dotless i come through.
        let win1254 = read_path(&dir.join("okapi__test02_win1254.tbx")).unwrap();
        let tr = &win1254.concepts[0].terms[1];
        assert_eq!(tr.lang.as_str(), "tr");
        assert_eq!(tr.text, "tr term with: éá and İı");
    }
}
