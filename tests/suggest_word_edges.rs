//! How `concord suggest` treats a Chinese candidate whose edge falls inside a word
//! (docs/suggest-evaluation.md, "Sixth run"): a span cut out of words wherever it stands is
//! not a rendering.

mod common;
use common::en_zh_memory as memory_of;

#[test]
fn contagious_is_not_rendered_by_a_piece_cut_from_chuanranxing_and_ganranxing() {
    // 染性 stands in every unit holding "contagious", inside 传染性 four times and 感染性
    // once: the common part of two words, and first before this rule. 传染 and 感染 hold
    // together all over the memory (传染病, 感染了), more than 染 and 性 do, so both of its
    // left edges cut a word.
    let db = memory_of(&[
        (
            "The virus is most contagious in the first three days.",
            "这种病毒在前三天传染性最强。",
        ),
        (
            "It is most contagious when symptoms appear.",
            "出现症状时病毒的传染性最强。",
        ),
        (
            "The flu is most contagious early on.",
            "流感在早期传染性最强。",
        ),
        (
            "Measles is most contagious before the rash.",
            "麻疹在出疹前传染性最强。",
        ),
        (
            "Norovirus causes contagious gastroenteritis.",
            "诺如病毒引起感染性胃肠炎。",
        ),
        ("Infectious diseases spread fast.", "传染病传播很快。"),
        (
            "The disease can be transmitted by touch.",
            "这种病可以通过接触传染。",
        ),
        ("He was infected with the virus.", "他感染了病毒。"),
        ("Many people were infected.", "很多人被感染了。"),
        ("Infections rose in winter.", "冬天感染增加了。"),
        ("Wash your hands to avoid infection.", "洗手以避免感染。"),
    ]);
    let v = db.json(&["suggest", "--limit", "20", "contagious"]);
    let texts = common::candidate_texts(&v);
    assert!(!texts.iter().any(|t| t == "染性"), "{texts:?}");
}
