//! The format readers on other tools' files and real corpora, through the library's public
//! API. What each file must give was established apart from the reader (see each test).

use concord::formats::cedict::CedictReader;
use concord::formats::{GlossaryReader, ReadOptions, Source};
use concord::model::Concept;

use crate::data;

fn terms(c: &Concept) -> Vec<(&str, &str)> {
    c.terms
        .iter()
        .map(|t| (t.lang.as_str(), t.text.as_str()))
        .collect()
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
        terms(mayor),
        [("zh-Hans", "市长"), ("zh-Hant", "市長"), ("en", "mayor")]
    );
    assert_eq!(mayor.note.as_deref(), Some("pinyin: shi4 zhang3"));
    assert_eq!(mayor.line, 36370);
    // 丈夫 丈夫 [zhang4 fu5] /husband/CL:個|个[ge4]/
    let husband = r
        .concepts
        .iter()
        .find(|c| c.terms[0].text == "丈夫")
        .unwrap();
    assert_eq!(terms(husband)[2..], [("en", "husband")]);
    assert_eq!(
        husband.note.as_deref(),
        Some("pinyin: zhang4 fu5; CL:個|个[ge4]")
    );
    // The last entry ends the file without a line end.
    assert_eq!(r.concepts.last().unwrap().terms[0].text, "𰻝𰻝面");
}
