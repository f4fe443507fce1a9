//! How `concord suggest` lists a span that gave way to a longer one holding it
//! (docs/suggest-evaluation.md, "Seventh run"): when neither it nor the longer span's extra
//! words cut a word, it is listed right after the longer one, which stays first.

mod common;
use common::Db;

/// Translators write 保持社交距离 wherever the source says "social distancing", whatever
/// verb stands beside it ("practice", "maintain", "keep") or none: 保持 is their habit, not
/// the rendering of one source word, and 保持 stands on its own elsewhere (保持联系).
fn social_distancing() -> Db {
    Db::memory_of(
        true,
        &[
            (
                "Practice social distancing at all times.",
                "请始终保持社交距离。",
            ),
            (
                "Maintain social distancing in shops.",
                "在商店里保持社交距离。",
            ),
            (
                "Social distancing slows the spread.",
                "保持社交距离可以减缓传播。",
            ),
            (
                "Experts recommend social distancing.",
                "专家建议保持社交距离。",
            ),
            (
                "Keep social distancing on buses.",
                "在公交车上保持社交距离。",
            ),
            (
                "Social distancing guidelines were extended.",
                "社交距离准则延长了。",
            ),
            ("Keep in touch with your family.", "与家人保持联系。"),
            ("Keep the room clean.", "保持房间清洁。"),
            ("Stay calm.", "保持冷静。"),
            ("Keep a distance of two metres.", "保持两米距离。"),
            ("Social media spread rumours.", "社交媒体传播谣言。"),
        ],
    )
}

#[test]
fn social_distancing_lists_shejiao_juli_right_after_baochi_shejiao_juli() {
    // Before this rule 社交距离 gave way to 保持社交距离 (5 of its 6 units hold it) and was
    // not listed at all, so the key's rendering was nowhere in the first three.
    let db = social_distancing();
    let v = db.json(&["suggest", "--limit", "5", "social distancing"]);
    let texts = common::candidate_texts(&v);
    assert_eq!(texts[..2], ["保持社交距离", "社交距离"], "{texts:?}");
}

#[test]
fn one_alternative_is_listed_and_no_piece_cut_out_of_a_word() {
    // 保持社交, 社交, 距离 and 保持 gave way to 保持社交距离 too; listing each (the first form
    // of the rule) buried the other renderings under readings of the same units, and 交距离
    // or 保持社 would cut 社交 in two. Only 社交距离, in the most units, is listed inside it.
    let db = social_distancing();
    let v = db.json(&["suggest", "--limit", "20", "social distancing"]);
    let texts = common::candidate_texts(&v);
    let inside: Vec<&String> = texts
        .iter()
        .filter(|t| t.as_str() != "保持社交距离" && "保持社交距离".contains(t.as_str()))
        .collect();
    assert_eq!(inside, ["社交距离"], "{texts:?}");
}

#[test]
fn an_alternative_in_two_units_is_not_listed() {
    // Two units are the least a rendering is listed on: an alternative reading of the same
    // two sentences would only push a third rendering down.
    let db = Db::memory_of(
        true,
        &[
            (
                "Practice social distancing at all times.",
                "请始终保持社交距离。",
            ),
            (
                "Maintain social distancing in shops.",
                "在商店里保持社交距离。",
            ),
            ("Keep in touch with your family.", "与家人保持联系。"),
            ("Keep the room clean.", "保持房间清洁。"),
            ("Social media spread rumours.", "社交媒体传播谣言。"),
        ],
    );
    let v = db.json(&["suggest", "--limit", "20", "social distancing"]);
    let texts = common::candidate_texts(&v);
    assert_eq!(texts.first().map(String::as_str), Some("保持社交距离"));
    assert!(!texts.iter().any(|t| t == "社交距离"), "{texts:?}");
}
