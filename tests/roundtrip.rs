//! Issue #13: export, import, export gives the same units, for TMX, TSV and CSV alike, on
//! generated units full of what breaks round trips: inline codes, white space at the ends
//! and inside (TAB, line breaks, no-break and ideographic spaces), backslashes, quotes, a
//! leading `#`, and every script from Latin to Hangul, Arabic and astral emoji. The memory is
//! driven through the library's front doors (`import::import_memory`, `memory::export`) on
//! temporary files.

use std::io::Cursor;
use std::path::Path;

use concord::formats::tmx::TmxReader;
use concord::formats::{Input, MemoryFormat, MemoryReader, ReadOptions};
use concord::import::{self, MemorySettings, Silent};
use concord::memory::{self, ExportRequest, MemoryImportReport};
use concord::store::Store;
use proptest::prelude::*;

/// A piece of a generated segment.
#[derive(Clone, Debug)]
enum Piece {
    Text(String),
    /// A standalone code: `<ph>`.
    Ph,
    /// Text between a `<bpt>` and its `<ept>`.
    Paired(String),
    /// Text in a `<hi>`: text a translator reads, marked.
    Hi(String),
    /// A begin code whose end is in another segment: `<it>`.
    It,
}

/// Text as XML character data, the way the TMX reader keeps it in markup: `&`, `<`, `>` and
/// CR escaped (a literal CR would read back as a line feed).
fn esc(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
}

/// A segment's text and its TMX markup (`None` without inline elements), in the canonical
/// form the TMX reader stores: attributes as written, text escaped by [`esc`].
fn segment(pieces: &[Piece]) -> (String, Option<String>) {
    let (mut text, mut markup, mut coded) = (String::new(), String::new(), false);
    for (n, p) in pieces.iter().enumerate() {
        let x = n + 1;
        match p {
            Piece::Text(t) => {
                text.push_str(t);
                esc(&mut markup, t);
            }
            Piece::Ph => {
                coded = true;
                markup.push_str(&format!("<ph x=\"{x}\">&lt;br/&gt;</ph>"));
            }
            Piece::Paired(t) => {
                coded = true;
                text.push_str(t);
                markup.push_str(&format!("<bpt i=\"{x}\" x=\"{x}\">&lt;b&gt;</bpt>"));
                esc(&mut markup, t);
                markup.push_str(&format!("<ept i=\"{x}\">&lt;/b&gt;</ept>"));
            }
            Piece::Hi(t) => {
                coded = true;
                text.push_str(t);
                markup.push_str("<hi type=\"term\">");
                esc(&mut markup, t);
                markup.push_str("</hi>");
            }
            Piece::It => {
                coded = true;
                markup.push_str(&format!("<it pos=\"begin\" x=\"{x}\">&lt;i&gt;</it>"));
            }
        }
    }
    (text, coded.then_some(markup))
}

fn any_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::char::range('a', 'z'),
        1 => prop::char::range('A', 'Z'),
        1 => prop::char::range('0', '9'),
        2 => prop::sample::select(vec![
            '\\', '"', '\'', '#', ',', ';', '<', '>', '&', '.', 'é', '-'
        ]),
        3 => prop::sample::select(vec![' ', '\t', '\n', '\r', '\u{A0}', '\u{3000}']),
        2 => prop::char::range('\u{4E00}', '\u{9FFF}'),
        1 => prop::char::range('\u{3041}', '\u{30FF}'),
        1 => prop::char::range('\u{AC00}', '\u{D7A3}'),
        1 => prop::char::range('\u{0621}', '\u{064A}'),
        1 => prop::char::range('\u{0410}', '\u{044F}'),
        1 => prop::char::range('\u{1F600}', '\u{1F64F}'),
        1 => prop::char::range('\u{20000}', '\u{2A6DF}'),
    ]
}

fn chunk() -> impl Strategy<Value = String> {
    prop::collection::vec(any_char(), 0..10).prop_map(String::from_iter)
}

fn piece() -> impl Strategy<Value = Piece> {
    prop_oneof![
        6 => chunk().prop_map(Piece::Text),
        1 => Just(Piece::Ph),
        1 => chunk().prop_map(Piece::Paired),
        1 => chunk().prop_map(Piece::Hi),
        1 => Just(Piece::It),
    ]
}

/// A segment with something to read in it: a blank one is no segment at all.
fn seg() -> impl Strategy<Value = (String, Option<String>)> {
    prop::collection::vec(piece(), 1..5)
        .prop_map(|p| segment(&p))
        .prop_filter("a blank segment", |(t, _)| {
            t.chars().any(|c| !c.is_whitespace())
        })
}

const LANGS: &[&str] = &["en-US", "zh-CN", "ja", "ko", "ar", "ru", "en", "yue"];

/// A unit: two segments in different languages, and maybe a third in any (a second segment
/// in one language is allowed: TMX can say it, so every format must carry it).
fn unit() -> impl Strategy<Value = Vec<(&'static str, String, Option<String>)>> {
    let langs = (
        prop::sample::subsequence(LANGS, 2).prop_shuffle(),
        prop::option::weighted(0.3, prop::sample::select(LANGS)),
    );
    (langs, seg(), seg(), seg()).prop_map(|((two, third), a, b, c)| {
        let mut u = vec![(two[0], a.0, a.1), (two[1], b.0, b.1)];
        if let Some(l) = third {
            u.push((l, c.0, c.1));
        }
        u
    })
}

type GenUnit = Vec<(&'static str, String, Option<String>)>;

/// The units as a TMX file, written here rather than by the writer under test.
fn tmx(units: &[GenUnit]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header creationtool=\"proptest\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"none\" adminlang=\"en\" srclang=\"*all*\" datatype=\"plaintext\"/><body>\n",
    );
    for u in units {
        s.push_str("<tu>");
        for (lang, text, markup) in u {
            s.push_str(&format!("<tuv xml:lang=\"{lang}\"><seg>"));
            match markup {
                Some(m) => s.push_str(m),
                None => esc(&mut s, text),
            }
            s.push_str("</seg></tuv>");
        }
        s.push_str("</tu>\n");
    }
    s.push_str("</body></tmx>\n");
    s
}

fn import(store: &mut Store, path: &Path) -> MemoryImportReport {
    let settings =
        MemorySettings::new(&[path.to_path_buf()], None, None, vec![], false, false).unwrap();
    let mut reports = import::import_memory(store, &settings, &Silent)
        .unwrap_or_else(|e| panic!("{}: {e}\n{}", path.display(), show(path)));
    reports.pop().unwrap()
}

fn export(store: &Store, format: MemoryFormat, path: &Path) -> Vec<u8> {
    let mut out = Vec::new();
    let req = ExportRequest {
        format,
        langs: vec![],
        origin: None,
    };
    let summary = memory::export(store, &req, &mut out).unwrap();
    assert_eq!(summary.incomplete, 0);
    std::fs::write(path, &out).unwrap();
    // The TMX header's date is the export's time, not the memory's.
    if format == MemoryFormat::Tmx {
        let text = String::from_utf8(out).unwrap();
        let date = text.find(" creationdate=\"").unwrap();
        return format!("{}{}", &text[..date], &text[date + 32..]).into_bytes();
    }
    out
}

fn show(path: &Path) -> String {
    String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned()
}

/// The units of a TMX export as (lang, text, markup), to compare with what was generated. A
/// unit is its segments in any order (a CSV/TSV export writes them in its columns' order).
fn units_of(tmx: &[u8], sorted: bool) -> Vec<GenUnitOwned> {
    let input = Input::from_reader("export.tmx", Cursor::new(tmx.to_vec())).unwrap();
    let mut units = Vec::new();
    TmxReader
        .read(input, &ReadOptions::default(), &mut |u| {
            let mut segments: GenUnitOwned = u
                .variants
                .into_iter()
                .map(|v| (v.lang.to_string(), v.text, v.markup))
                .collect();
            if sorted {
                segments.sort();
            }
            units.push(segments);
            Ok(())
        })
        .unwrap();
    units
}

type GenUnitOwned = Vec<(String, String, Option<String>)>;

/// The units once each: identical units (same segments in any order) are stored once.
fn distinct(units: &[GenUnit]) -> Vec<GenUnitOwned> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for u in units {
        let owned: GenUnitOwned = u
            .iter()
            .map(|(l, t, m)| (l.to_string(), t.clone(), m.clone()))
            .collect();
        let mut key = owned.clone();
        key.sort();
        if seen.insert(key) {
            out.push(owned);
        }
    }
    out
}

proptest! {
    // Failures are shrunk and reported; one worth keeping becomes a named test.
    #![proptest_config(ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn export_import_export_gives_the_same_units(units in prop::collection::vec(unit(), 1..8)) {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("generated.tmx");
        std::fs::write(&source, tmx(&units)).unwrap();
        let mut first = Store::open_in_memory().unwrap();
        let report = import(&mut first, &source);
        prop_assert!(report.skipped.is_empty(), "{:?}", report.skipped);
        let want = distinct(&units);
        prop_assert_eq!(report.imported as usize, want.len());
        let whole = export(&first, MemoryFormat::Tmx, &dir.path().join("whole.tmx"));
        prop_assert_eq!(&units_of(&whole, false), &want, "the TMX import stores the units as generated");

        for format in [MemoryFormat::Tmx, MemoryFormat::Tsv, MemoryFormat::Csv] {
            let a = dir.path().join(format!("a.{}", format.name()));
            let b = dir.path().join(format!("b.{}", format.name()));
            let exported = export(&first, format, &a);
            // Into the memory it came from: nothing new.
            let again = import(&mut first, &a);
            prop_assert_eq!(
                (again.imported, again.duplicates, again.skipped.len()),
                (0, want.len() as u64, 0),
                "{} re-import:\n{}", format.name(), show(&a)
            );
            // Into an empty memory: the same units, and the same file out again.
            let mut second = Store::open_in_memory().unwrap();
            import(&mut second, &a);
            prop_assert_eq!(
                export(&second, format, &b),
                exported,
                "{}: a second export differs:\n{}\n----\n{}", format.name(), show(&a), show(&b)
            );
            let tmx = export(&second, MemoryFormat::Tmx, &dir.path().join("second.tmx"));
            prop_assert_eq!(units_of(&tmx, true), units_of(&whole, true), "{}", format.name());
        }
    }
}
