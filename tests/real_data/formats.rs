//! The format readers on other tools' files and real corpora, through the library's public
//! API. What each file must give was established apart from the reader (see each test).
//!
//! Some shared files are also bundled, unchanged, in `tests/fixtures/`; their counts and
//! details are checked there by the readers' unit tests, which run on every clone. Here those
//! copies need only be the same bytes, and each table holds the other files' rows alone.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use concord::Error;
use concord::formats::cedict::CedictReader;
use concord::formats::tbx::TbxReader;
use concord::formats::tmx::{TmxReader, TmxWriter};
use concord::formats::xliff::{NOT_TRANSLATABLE, UNTRANSLATED, XliffReader};
use concord::formats::{
    GlossaryRead, GlossaryReader, Input, MemoryReader, ReadOptions, Skip, Source, read_glossary,
};
use concord::model::{Concept, Status, TermType, Unit};
use concord::text::LangTag;

use crate::{data, files};

fn tag(s: &str) -> LangTag {
    LangTag::parse(s).unwrap()
}

fn opts(langs: &[&str]) -> ReadOptions {
    ReadOptions {
        langs: langs.iter().map(|l| tag(l)).collect(),
        ..ReadOptions::default()
    }
}

/// The files of `kind` in the shared corpus that the repository does not bundle, after
/// checking that the ones it does bundle are byte for byte the shared ones; and how many
/// those were.
fn not_bundled(kind: &str, ext: &[&str]) -> (Vec<PathBuf>, usize) {
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(kind);
    let mut rest = Vec::new();
    let mut same = 0;
    for path in files(&data().join("fixtures").join(kind), ext) {
        let copy = bundled.join(path.file_name().unwrap());
        if copy.exists() {
            assert!(
                std::fs::read(&copy).unwrap() == std::fs::read(&path).unwrap(),
                "{} differs from {}",
                copy.display(),
                path.display()
            );
            same += 1;
        } else {
            rest.push(path);
        }
    }
    (rest, same)
}

fn name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

fn read_units(
    reader: &dyn MemoryReader,
    input: Input,
    langs: &[&str],
) -> concord::Result<(Vec<Unit>, Vec<Skip>)> {
    let mut units = Vec::new();
    let skips = reader.read(input, &opts(langs), &mut |u| {
        units.push(u);
        Ok(())
    })?;
    Ok((units, skips))
}

enum Expect {
    /// Units read and units skipped.
    Read(usize, usize),
    /// The line and part of the message of the error.
    Fail(u64, &'static str),
}

/// What each shared TMX file the repository does not bundle must give, counted as the unit
/// test counts the bundled ones: Python's xml.etree counted each file's <tu> elements, less
/// the units with fewer than two <tuv> or fewer than two segments whose text is not blank once
/// the content of bpt/ept/ph/it/ut is left out (hi text kept). Only test-missingSource.tmx has
/// such a unit (a <tu> with one <tuv>, line 22). invalid.tmx parses as XML, but its <ept>
/// before any <bpt> (line 12) makes it fail.
const TMX: &[(&str, Expect)] = &[
    ("heartsome__ImportTMXTest.tmx", Expect::Read(314, 0)),
    ("heartsome__UTF-16LE.TMX", Expect::Read(2, 0)),
    ("heartsome__utf-8.tmx", Expect::Read(2, 0)),
    ("omegat__empty.tmx", Expect::Read(0, 0)),
    ("omegat__en-US_en-GB_fr_sr.tmx", Expect::Read(1, 0)),
    (
        "omegat__invalid.tmx",
        Expect::Fail(
            12,
            "malformed inline markup: <ept i=\"1\"> closes no <bpt i=\"1\">",
        ),
    ),
    (
        "omegat__project_CN_JP__project_save.tmx",
        Expect::Read(1, 0),
    ),
    ("omegat__segment_2.tmx", Expect::Read(1, 0)),
    ("omegat__test-SMP.tmx", Expect::Read(1, 0)),
    ("omegat__test-level2.tmx", Expect::Read(4, 0)),
    ("omegat__test-match-stat-en-ca.tmx", Expect::Read(259, 0)),
    ("omegat__test-missingSource.tmx", Expect::Read(3, 1)),
    ("omegat__test-multiple-entries.tmx", Expect::Read(4, 0)),
];

/// Writes the units as TMX and reads them back, under the given header srclang and under
/// `*all*`: the writer must give back what the reader read, lines aside.
fn assert_tmx_round_trip(file: &str, units: &[Unit]) {
    let without_lines = |units: &[Unit]| -> Vec<Unit> {
        units
            .iter()
            .map(|u| Unit {
                line: 0,
                ..u.clone()
            })
            .collect()
    };
    let srclang = units.first().and_then(|u| u.srclang.clone());
    for header in [srclang.as_ref(), None] {
        let mut w = TmxWriter::new(Vec::new(), header).unwrap();
        for u in units {
            w.write_unit(u).unwrap();
        }
        let bytes = w.finish().unwrap();
        let input = Input::from_reader("back.tmx", Cursor::new(bytes.clone())).unwrap();
        let (back, skips) = read_units(&TmxReader, input, &[])
            .unwrap_or_else(|e| panic!("{file}: {e}\n{}", String::from_utf8_lossy(&bytes)));
        assert!(skips.is_empty(), "{file}: {skips:?}");
        assert_eq!(without_lines(&back), without_lines(units), "{file}");
    }
}

#[test]
#[ignore = "needs ../shared/data"]
fn tmx_files_read_as_counted_and_round_trip() {
    let (paths, bundled) = not_bundled("tmx", &["tmx"]);
    assert_eq!(bundled, 17);
    assert_eq!(paths.len(), TMX.len(), "{paths:?}");
    let mut all = Vec::new();
    for path in paths {
        let file = name(&path);
        let Some((_, expect)) = TMX.iter().find(|(f, _)| *f == file) else {
            panic!("{file}: no expected count; establish one independently and add it");
        };
        let read = Input::open(&path).and_then(|i| read_units(&TmxReader, i, &[]));
        match (expect, read) {
            (Expect::Read(n, s), Ok((units, skips))) => {
                assert_eq!((units.len(), skips.len()), (*n, *s), "{file}: {skips:?}");
                assert_tmx_round_trip(&file, &units);
                all.push((file, units));
            }
            (
                Expect::Fail(line, msg),
                Err(Error::Input {
                    line: l, message, ..
                }),
            ) => {
                assert_eq!(*line, l, "{file}: {message}");
                assert!(message.contains(msg), "{file}: {message}");
            }
            (_, Ok(_)) => panic!("{file}: read, but should fail"),
            (_, Err(e)) => panic!("{file}: {e}"),
        }
    }
    let units = |file: &str| &all.iter().find(|(f, _)| f == file).unwrap().1;
    // The mojibake (GBK read as Latin-1) comes in as it is, never "repaired".
    assert_eq!(
        units("heartsome__ImportTMXTest.tmx")[2].variants[1].text,
        "µÄ¶ú»ú"
    );
    assert_eq!(
        units("omegat__test-SMP.tmx")[0].variants[0].text,
        "\u{1D400}\u{1D401}\u{1D402}"
    );
    assert_eq!(units("heartsome__UTF-16LE.TMX")[0].srclang, None);
    let u = &units("omegat__project_CN_JP__project_save.tmx")[0];
    let langs: Vec<&str> = u.variants.iter().map(|v| v.lang.as_str()).collect();
    assert_eq!(langs, ["zh-CN", "ja-JP"]);
    assert_eq!(
        u.variants[1].meta.changed_by.as_deref(),
        Some("Hiroshi Miura")
    );
}

/// Units and skips each shared XLIFF file the repository does not bundle must give, counted
/// as the unit test counts the bundled ones (a Python walk of each file with
/// `xml.etree.ElementTree`; see `formats::xliff`'s tests). A grep agrees where it can:
/// numeric-sort-demo has 114 `<target>` with text. Columns: file, languages to pass, units,
/// untranslated, translate="no".
const XLIFF: &[(&str, &[&str], usize, usize, usize)] = &[
    ("heartsome__HSCAT8-80b.xlf", &[], 9, 1, 0),
    ("heartsome__HSCAT8-83b.xlf", &[], 4, 0, 2),
    ("heartsome__Test.txt.xlf", &[], 2, 0, 2),
    ("omegat__en-ca.xlf", &[], 3, 0, 1),
    ("omegat__en-xx.xlf", &[], 3, 4, 1),
    ("omegat__ex.14.5.xlf", &[], 0, 2, 0),
    ("omegat__file-XLIFFFilter-SMP.xlf", &[], 1, 0, 0),
    ("omegat__file-XLIFFFilter-cdata-bugs418.xlf", &[], 2, 2, 0),
    ("omegat__file-XLIFFFilter-tags.xlf", &[], 10, 0, 0),
    ("omegat__file-xliff-BUGS1221.xlf", &[], 4, 3, 0),
    ("omegat__file-xliff-RFE1506.xliff", &[], 5, 0, 0),
    ("omegat__numeric-sort-demo.xliff", &[], 114, 0, 0),
    // No target-language in the file.
    ("translate-toolkit__states.xlf", &["en-US", "fr"], 8, 0, 0),
];

#[test]
#[ignore = "needs ../shared/data"]
fn xliff_files_read_as_counted() {
    let (paths, bundled) = not_bundled("xliff", &["xlf", "xliff"]);
    assert_eq!(bundled, 5);
    assert_eq!(paths.len(), XLIFF.len(), "{paths:?}");
    for path in &paths {
        let file = name(path);
        let &(_, langs, n_units, n_untranslated, n_no) = XLIFF
            .iter()
            .find(|f| f.0 == file)
            .unwrap_or_else(|| panic!("{file}: no expected counts"));
        let (units, skips) = read_units(&XliffReader, Input::open(path).unwrap(), langs)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let count = |r: &str| skips.iter().filter(|s| s.reason == r).count();
        assert_eq!(
            (units.len(), count(UNTRANSLATED), count(NOT_TRANSLATABLE)),
            (n_units, n_untranslated, n_no),
            "{file}"
        );
        assert_eq!(skips.len(), n_untranslated + n_no, "{file}: {skips:?}");
        for u in &units {
            assert_eq!(u.variants.len(), 2, "{file}");
            assert!(
                u.line > 0 && !u.variants[1].text.trim().is_empty(),
                "{file}"
            );
        }
    }
}

fn tbx_counts(read: &GlossaryRead) -> (usize, usize) {
    let terms = read.concepts.iter().map(|c| c.terms.len()).sum();
    (read.concepts.len(), terms)
}

/// Every shared TBX file reads, the broken one fails naming its line. Not a table: the Okapi
/// files bundled in the repository are counted by the unit test, the others below.
#[test]
#[ignore = "needs ../shared/data"]
fn tbx_files_read_and_the_broken_one_fails() {
    let paths = files(&data().join("fixtures/tbx"), &["tbx"]);
    assert!(paths.len() >= 8, "only {} TBX files", paths.len());
    for path in &paths {
        let file = name(path);
        let result = Source::read(path).and_then(|s| TbxReader.read(&s, &ReadOptions::default()));
        if file == "byutrg__tbx_basic_sample_notwellformed.tbx" {
            // `<date>2007-07-23` is never closed; the parser notices at line 41's
            // `</transacGrp>`.
            match result {
                Err(Error::Input { line, message, .. }) => {
                    assert_eq!(line, 41, "{message}");
                    assert!(message.starts_with("not well-formed XML"), "{message}");
                }
                other => panic!("{file}: expected an input error, got {other:?}"),
            }
            continue;
        }
        let read = result.unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(!read.concepts.is_empty(), "{file}");
        match file.as_str() {
            "byutrg__TBX-basic-sample.tbx" => {
                assert_eq!(tbx_counts(&read), (5, 13));
                let c7 = &read.concepts[2];
                assert_eq!(c7.ext_id.as_deref(), Some("c7"));
                assert_eq!(c7.line, 75);
                let got: Vec<(&str, Status, Option<TermType>)> = c7
                    .terms
                    .iter()
                    .map(|t| (t.text.as_str(), t.status, t.term_type))
                    .collect();
                assert_eq!(
                    got[..5],
                    [
                        ("progressive lens", Status::Preferred, None),
                        (
                            "progressive addition lens",
                            Status::Admitted,
                            Some(TermType::FullForm)
                        ),
                        ("PAL", Status::Deprecated, Some(TermType::Acronym)),
                        ("progressive power lens", Status::Admitted, None),
                        ("graduated lens", Status::Superseded, None),
                    ]
                );
                assert_eq!(c7.terms[5].status, Status::Preferred);
                let c1 = &read.concepts[3];
                assert_eq!(c1.subject.as_deref(), Some("manufacturing"));
                // The source inside the context's descripGrp is the context's, not the term's.
                assert_eq!(c1.terms[0].source.as_deref(), Some("IBM"));
                assert_eq!(
                    read.concepts[4].definition.as_deref().map(
                        |d| d.starts_with("This is a sample definition at the language level.")
                    ),
                    Some(true)
                );
            }
            "omegat__sampleTBXfile.tbx" => assert_eq!(tbx_counts(&read), (1, 2)),
            _ => {}
        }
    }
}

/// Concepts and skips of each shared glossary the repository does not bundle (the OmegaT
/// ones are GPL), all header-less: counted from `cat -A` of each file.
const GLOSSARIES: &[(&str, &[&str], usize, usize)] = &[
    ("omegat__test-magiccomment-bom.tab", &["en", "fr"], 0, 0),
    ("omegat__test-magiccomment.tab", &["en", "fr"], 0, 0),
    ("omegat__test.csv", &["en", "cs"], 7, 0),
    ("omegat__test.tab", &["en", "fr"], 4, 0),
    ("omegat__testUTF16LE.txt", &["en", "fr"], 2, 0),
];

fn read_delimited(path: &Path, langs: &[&str]) -> GlossaryRead {
    read_glossary(path, None, &opts(langs)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The texts of a concept's terms, language by language. The languages given must account
/// for every term, in the concept's order, so the result pins each term's language and place.
fn texts_by_lang<'c>(c: &'c Concept, langs: &[&str]) -> Vec<Vec<&'c str>> {
    let by_lang: Vec<Vec<&str>> = langs.iter().map(|l| c.texts(&tag(l))).collect();
    assert_eq!(
        by_lang.concat(),
        c.texts(&LangTag::any()),
        "{langs:?}: {:?}",
        c.terms
    );
    by_lang
}

#[test]
#[ignore = "needs ../shared/data"]
fn delimited_glossaries_read_as_counted() {
    let (paths, bundled) = not_bundled("csv", &["csv", "tsv", "tab", "txt"]);
    assert_eq!(bundled, 5);
    let mut counted = 0;
    for path in &paths {
        let file = name(path);
        let Some(&(_, langs, concepts, skipped)) = GLOSSARIES.iter().find(|e| e.0 == file) else {
            // A new file must at least read; its counts belong in the table above.
            let r = read_delimited(path, &["en", "zh-CN"]);
            eprintln!(
                "{file}: {} concepts, {} skipped (not in the table)",
                r.concepts.len(),
                r.skipped.len()
            );
            continue;
        };
        let r = read_delimited(path, langs);
        for s in &r.skipped {
            eprintln!("{file}:{}: skipped: {}", s.line, s.reason);
        }
        for c in &r.concepts {
            c.validate(&file).unwrap();
        }
        assert_eq!(
            (r.concepts.len(), r.skipped.len()),
            (concepts, skipped),
            "{file}"
        );
        counted += 1;
    }
    assert_eq!(counted, GLOSSARIES.len(), "a file in the table is missing");

    let dir = data().join("fixtures/csv");
    let omegat = read_delimited(&dir.join("omegat__test.csv"), &["en", "cs"]);
    let en_cs = |i: usize| texts_by_lang(&omegat.concepts[i], &["en", "cs"]);
    assert_eq!(en_cs(2), [["kde; question"], ["comma"]]);
    assert_eq!(en_cs(3), [["kde, qu"], ["comma dot"]]);
    assert_eq!(en_cs(4), [["\"kde\",\"q\""], ["cdk"]]);
    let utf16 = read_delimited(&dir.join("omegat__testUTF16LE.txt"), &["en", "fr"]);
    let c = &utf16.concepts[1];
    assert_eq!(texts_by_lang(c, &["en", "fr"]), [["LE"], ["Little Endian"]]);
    assert_eq!(c.note.as_deref(), Some("Comment #2"));
    assert_eq!(c.line, 2);
    let tab = read_delimited(&dir.join("omegat__test.tab"), &["en", "fr"]);
    assert_eq!(
        tab.concepts[2].note.as_deref(),
        Some("https://fr.wikipedia.org/wiki/Science_du_syst%C3%A8me_Terre")
    );
}

#[test]
#[ignore = "needs ../shared/data"]
fn cedict_reads_every_entry() {
    let path = data().join("cedict/cedict_1_0_ts_utf-8_mdbg.txt");
    let src = Source::read(&path).unwrap();
    let r = CedictReader.read(&src, &ReadOptions::default()).unwrap();
    // The file's header says `#! entries=122143`; `grep -vc '^#'` agrees.
    assert_eq!(r.concepts.len() + r.skipped.len(), 122_143);
    for c in &r.concepts {
        c.validate("cedict").unwrap();
    }

    // Line 36370: 市長 市长 [shi4 zhang3] /mayor/
    let mayor = r
        .concepts
        .iter()
        .find(|c| c.terms[0].text == "市长")
        .unwrap();
    assert_eq!(
        texts_by_lang(mayor, &["zh-Hans", "zh-Hant", "en"]),
        [["市长"], ["市長"], ["mayor"]]
    );
    assert_eq!(mayor.note.as_deref(), Some("pinyin: shi4 zhang3"));
    assert_eq!(mayor.line, 36370);
    // 丈夫 丈夫 [zhang4 fu5] /husband/CL:個|个[ge4]/
    let husband = r
        .concepts
        .iter()
        .find(|c| c.terms[0].text == "丈夫")
        .unwrap();
    assert_eq!(husband.texts(&tag("en")), ["husband"]);
    assert_eq!(husband.terms.len(), 3);
    assert_eq!(
        husband.note.as_deref(),
        Some("pinyin: zhang4 fu5; CL:個|个[ge4]")
    );
    // The last entry ends the file without a line end.
    assert_eq!(r.concepts.last().unwrap().terms[0].text, "𰻝𰻝面");
}
