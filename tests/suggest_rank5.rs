//! How `concord suggest` ranks, fifth round (docs/suggest-evaluation.md, "Fifth run"): a
//! longer span whose extra words the rest of the memory shows rendering another piece of the
//! source gives way to the span inside it, and a guard of that rule.

mod common;
use common::Db;

#[test]
fn extra_words_the_memory_renders_from_another_source_word_are_not_the_terms() {
    // Every unit holding 飞行员 says 成为 ("become a") before it, with another word between
    // each time (一名, nothing, 一个: no one neighbour), and the memory says "become a" for
    // 成为 without 飞行员 as often: "become a pilot" renders both, "pilot" the term.
    let db = Db::memory_of(
        false,
        &[
            ("他决定成为一名飞行员。", "He decided to become a pilot."),
            ("我的梦想是成为飞行员。", "My dream is to become a pilot."),
            ("她想成为一个飞行员。", "She wants to become a pilot."),
            ("他想成为医生。", "He wants to become a doctor."),
            ("她会成为老师。", "She will become a teacher."),
            ("我要成为歌手。", "I want to become a singer."),
        ],
    );
    let (top, v) = db.top_suggestion("飞行员");
    assert_eq!(top, "pilot", "{v:#}");
}

#[test]
fn a_piece_the_targets_keep_as_it_is_explains_no_extra_word() {
    // Every sentence dates its flu 2009, the swine flu's and the others' alike: 2009年 is tied
    // to "flu" more than 流感 is, but 2009 stands in the targets as it is, a date beside the
    // term, not what "flu" renders.
    let db = Db::memory_of(
        false,
        &[
            ("2009年猪流感暴发。", "The swine flu broke out in 2009."),
            ("2009年的猪流感很严重。", "The 2009 swine flu was severe."),
            (
                "2009年猪流感蔓延全球。",
                "In 2009 swine flu spread worldwide.",
            ),
            ("2009年我病倒了。", "I had the flu in 2009."),
            ("2009年他病倒了。", "He had the flu in 2009."),
            ("2009年她病倒了。", "She had the flu in 2009."),
        ],
    );
    let (top, v) = db.top_suggestion("猪流感");
    assert_eq!(top, "swine flu", "{v:#}");
}
