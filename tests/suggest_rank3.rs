//! How `concord suggest` ranks, third round (docs/suggest-evaluation.md, "Third run"): one
//! small memory per class of miss left after the second round, each failing before its rule.

use std::fmt::Write as _;

mod common;
use common::{Db, candidate_texts};

const WHO: [&str; 6] = ["Anna", "Ben", "Chen", "Dora", "Emil", "Fang"];
const 谁: [&str; 6] = ["安娜", "本", "陈", "多拉", "埃米尔", "芳"];

/// A memory of `pairs` and forty units that share none of their terms.
fn memory_of(pairs: &[(String, String)]) -> Db {
    let db = Db::empty();
    let mut tsv = String::from("en\tzh-CN\n");
    for (en, zh) in pairs {
        writeln!(tsv, "{en}\t{zh}").unwrap();
    }
    for i in 0..40 {
        let (en, zh) = (WHO[i % 6], 谁[i % 6]);
        writeln!(
            tsv,
            "It makes sense that {en} came on day {i}.\t{zh}在第{i}天来了，这很有道理，大家都明白。"
        )
        .unwrap();
    }
    db.import_tsv(&tsv);
    db
}

#[test]
fn a_longer_span_a_source_neighbour_explains_gives_way_to_the_span_inside_it() {
    // 幽默 stands before 感 in every unit, and "humor" after "sense of": the longer English
    // span renders 幽默感, the term alone is "humor".
    let frames = [
        (
            "{en} has a sense of humor.",
            "{zh}是一个很有幽默感的人，大家都喜欢。",
        ),
        (
            "Her sense of humor helped {en}.",
            "她的幽默感在那段日子里帮助了{zh}很多。",
        ),
        (
            "{en} lost his sense of humor.",
            "{zh}后来慢慢地失去了自己的幽默感。",
        ),
    ];
    let pairs: Vec<(String, String)> = (0..6)
        .map(|i| {
            let (en, zh) = frames[i % 3];
            (en.replace("{en}", WHO[i]), zh.replace("{zh}", 谁[i]))
        })
        .collect();
    let db = memory_of(&pairs);
    let (top, v) = db.top_suggestion("幽默");
    assert_eq!(top, "humor", "{v:#}");
    // The neighbour's rendering is not listed in the term's place either.
    assert!(
        !candidate_texts(&v).contains(&"sense of humor".to_string()),
        "{v:#}"
    );
}

#[test]
fn a_rendering_in_all_but_one_unit_beats_the_character_inside_it() {
    // 死亡率 in 3 of the 4 units, 病死率 in the fourth: 率 is in all 4, but one unit is no
    // evidence that 率 alone renders "mortality rate".
    let pairs: Vec<(String, String)> = [
        (
            "The mortality rate fell, said {en}.",
            "{zh}说死亡率下降了。",
        ),
        ("{en} feared a high mortality rate.", "{zh}担心死亡率很高。"),
        (
            "The mortality rate was 3%, {en} wrote.",
            "{zh}写道，死亡率为3%。",
        ),
        ("{en} saw the mortality rate rise.", "{zh}看到病死率上升。"),
    ]
    .iter()
    .enumerate()
    .map(|(i, (en, zh))| (en.replace("{en}", WHO[i]), zh.replace("{zh}", 谁[i])))
    .collect();
    let db = memory_of(&pairs);
    let (top, v) = db.top_suggestion("mortality rate");
    assert_eq!(top, "死亡率", "{v:#}");
}

#[test]
fn targets_that_differ_only_in_punctuation_are_one_piece_of_evidence() {
    // Two units say the same Chinese sentence, once with full-width and once with ASCII
    // punctuation: 港口 in both is one translation, not two, and one is not a share.
    let mut pairs: Vec<(String, String)> = [
        ("{en} was in quarantine.", "{zh}在接受检疫。"),
        ("Quarantine kept {en} home.", "检疫让{zh}留在家里。"),
        ("{en} left quarantine early.", "{zh}提前结束了检疫。"),
        (
            "The quarantine rules confused {en}.",
            "{zh}被检疫规定搞糊涂了。",
        ),
        (
            "After quarantine, {en} went out.",
            "检疫结束后，{zh}出门了。",
        ),
    ]
    .iter()
    .enumerate()
    .map(|(i, (en, zh))| (en.replace("{en}", WHO[i]), zh.replace("{zh}", 谁[i])))
    .collect();
    pairs.push((
        "Ships wait in quarantine at the port, Anna said.".into(),
        "安娜说，船只在港口检疫。".into(),
    ));
    pairs.push((
        "Anna said ships wait in quarantine at the port.".into(),
        "安娜说,船只在港口检疫.".into(),
    ));
    let db = memory_of(&pairs);
    let (top, v) = db.top_suggestion("quarantine");
    assert_eq!(top, "检疫", "{v:#}");
    assert!(
        !candidate_texts(&v).iter().any(|t| t.contains("港口")),
        "{v:#}"
    );
}
