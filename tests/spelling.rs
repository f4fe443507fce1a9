//! British and American spellings from the command line: a glossary in one variety and a text
//! in the other hold the same terms. Before, every "centre" of a British news translation was
//! a missing "Center" (12 of 135 term findings on the WMT news pairs).

mod common;
use common::Db;

fn glossary() -> Db {
    Db::with_glossary(&[
        &["en=Center", "zh-CN=中心"],
        &["en=World Health Organization", "zh-CN=世界卫生组织"],
        &["en=hour", "zh-CN=小时"],
    ])
}

#[test]
fn regression_a_british_rendering_of_an_american_term_is_not_missing() {
    let db = glossary();
    let found = db.term_findings(
        "zh-CN\ten\n\
         该中心今天开放。\tThe centre opens today.\n\
         两个中心都关闭了。\tBoth centres closed.\n\
         中心今天开放。\tThe hub opens today.\n",
    );
    // Only the segment that renders 中心 some other way.
    assert_eq!(found, [(4, "中心".to_string())]);
}

#[test]
fn a_british_source_term_is_found_and_checked() {
    let db = glossary();
    let found = db.term_findings(
        "en\tzh-CN\n\
         The World Health Organisation met.\t世界卫生组织开会了。\n\
         The World Health Organisation met.\t卫生组织开会了。\n",
    );
    assert_eq!(found, [(3, "World Health Organisation".to_string())]);
}

#[test]
fn lookup_finds_the_other_spelling_and_says_so() {
    let db = glossary();
    let v = db.json(&["lookup", "centres"]);
    let m = &v["matches"][0];
    assert_eq!(m["match"], "spelling", "{v}");
    assert_eq!(m["matched_term"], "Center");
    assert_eq!(m["terms"][0]["text"], "中心", "{v}");
    // A spelling rule never makes a word of another: "hour" has no spelling "hor".
    let (code, out, _) = db.run(&["lookup", "--fuzzy-min", "100", "hor"]);
    assert_eq!(code, 1, "{out}");
}
