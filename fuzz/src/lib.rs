//! What the fuzz targets share: feeding bytes to a reader the way the CLI does, and the one
//! property every reader promises beyond not panicking: a character XML 1.0 forbids is never
//! passed on to be stored (an XML reader refuses it as not well-formed, a delimited one skips
//! the record), so no later TMX or TBX export can fail on it.

use std::cell::RefCell;
use std::io::Cursor;

use concord::formats::{
    GlossaryFormat, GlossaryRead, Input, MemoryFormat, ReadOptions, Source, decode,
};
use concord::memory::{Meta, Unit};
use concord::model::Concept;
use concord::store::Store;
use concord::text::LangTag;
use concord::text::chars::first_forbidden;

/// The name errors quote; it carries no extension, so no reader guesses from it.
pub const NAME: &str = "fuzz-input";

/// A streaming input over the bytes, sniffed as `tm import` sniffs a file.
pub fn input(data: &[u8]) -> Option<Input> {
    Input::from_reader(NAME, Cursor::new(data.to_vec())).ok()
}

/// Reads a memory file, checking every unit; the read's error is a fine outcome.
pub fn read_memory(format: MemoryFormat, data: &[u8], opts: &ReadOptions) {
    let Some(input) = input(data) else { return };
    let _ = format.reader().read(input, opts, &mut |unit| {
        assert_unit_storable(&unit);
        Ok(())
    });
}

/// Decodes and reads a glossary file as `glossary import` does, checking every concept.
pub fn read_glossary(
    format: GlossaryFormat,
    data: &[u8],
    opts: &ReadOptions,
) -> Option<GlossaryRead> {
    let text = decode::decode(NAME, data).ok()?;
    let read = format
        .reader()
        .read(&Source::from_text(NAME, text), opts)
        .ok()?;
    for c in &read.concepts {
        assert_concept_storable(c);
    }
    Some(read)
}

/// Languages for header-less delimited files, as `--langs en,zh-CN` gives them.
pub fn en_zh() -> Vec<LangTag> {
    ["en", "zh-CN"]
        .iter()
        .map(|t| LangTag::parse(t).expect("a valid tag"))
        .collect()
}

/// The read options a selector byte picks: with or without `--langs`, with or without
/// `--skip-header`. The byte is taken off the front of `data`.
pub fn options(data: &[u8]) -> (ReadOptions, &[u8]) {
    let Some((&sel, rest)) = data.split_first() else {
        return (ReadOptions::default(), data);
    };
    let opts = ReadOptions {
        langs: if sel & 1 == 1 { en_zh() } else { Vec::new() },
        skip_header: sel & 2 == 2,
        with_untranslated: sel & 4 == 4,
        ..ReadOptions::default()
    };
    (opts, rest)
}

fn storable(what: &str, s: &str) {
    if let Some((at, c)) = first_forbidden(s) {
        panic!(
            "{what} holds U+{:04X} at byte {at}, which XML 1.0 forbids: {s:?}",
            c as u32
        );
    }
}

fn meta_storable(m: &Meta) {
    for s in [&m.created_at, &m.created_by, &m.changed_at, &m.changed_by]
        .into_iter()
        .flatten()
    {
        storable("metadata", s);
    }
    for p in &m.props {
        storable("a prop type", &p.kind);
        storable("a prop", &p.value);
    }
    for n in &m.notes {
        storable("a note", n);
    }
    for (k, v) in &m.attrs {
        storable("an attribute name", k);
        storable("an attribute", v);
    }
}

pub fn assert_unit_storable(u: &Unit) {
    for v in &u.variants {
        storable("a segment", &v.text);
        if let Some(m) = &v.markup {
            storable("a segment's markup", m);
        }
        meta_storable(&v.meta);
    }
    if let Some(s) = &u.state {
        storable("a state", s);
    }
    meta_storable(&u.meta);
}

pub fn assert_concept_storable(c: &Concept) {
    for s in [&c.ext_id, &c.subject, &c.definition, &c.note]
        .into_iter()
        .flatten()
    {
        storable("a concept field", s);
    }
    for t in &c.terms {
        storable("a term", &t.text);
        for s in [&t.pos, &t.context, &t.source, &t.note]
            .into_iter()
            .flatten()
        {
            storable("a term field", s);
        }
    }
}

/// The memory format a selector byte picks.
pub fn memory_format(sel: u8) -> MemoryFormat {
    match sel % 4 {
        0 => MemoryFormat::Tmx,
        1 => MemoryFormat::Xliff,
        2 => MemoryFormat::Tsv,
        _ => MemoryFormat::Csv,
    }
}

/// The glossary format a selector byte picks.
pub fn glossary_format(sel: u8) -> GlossaryFormat {
    match sel % 4 {
        0 => GlossaryFormat::Tbx,
        1 => GlossaryFormat::Tsv,
        2 => GlossaryFormat::Csv,
        _ => GlossaryFormat::Cedict,
    }
}

thread_local! {
    /// One empty in-memory store per process: each run imports in a transaction that is
    /// rolled back, so runs never see each other, and creating the schema (a dozen tables) is
    /// not paid on every run.
    static EMPTY: RefCell<Store> = RefCell::new(Store::open_in_memory().expect("an in-memory store"));
    /// One store seeded with the shipped glossary and memory, for lookups.
    static SEEDED: RefCell<Store> = RefCell::new({
        let mut store = Store::open_in_memory().expect("an in-memory store");
        concord::shipped::seed(&mut store).expect("the shipped data seeds");
        store
    });
}

pub fn with_empty_store<T>(f: impl FnOnce(&mut Store) -> T) -> T {
    EMPTY.with(|s| f(&mut s.borrow_mut()))
}

pub fn with_seeded_store<T>(f: impl FnOnce(&Store) -> T) -> T {
    SEEDED.with(|s| f(&s.borrow()))
}

/// Splits at the first occurrence of `sep`; all of `data` and nothing when it has none.
pub fn split_at_byte(data: &[u8], sep: u8) -> (&[u8], &[u8]) {
    match data.iter().position(|&b| b == sep) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[]),
    }
}
