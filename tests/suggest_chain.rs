//! How `concord suggest` reads what the rest of the memory renders, where a source word beside
//! the term may explain a longer span (docs/suggest-evaluation.md, "Eighth run" and "Ninth
//! run"): the span it gives way to is not one the memory shows rendering another piece of the
//! source, and its extra words are not the neighbour's when the memory shows them rendering a
//! piece of the term.

mod common;
use common::Db;
use serde_json::Value;

/// The candidates `suggest --limit 5 TERM` lists, and the whole answer (for a failure).
fn candidates(db: &Db, term: &str) -> (Vec<String>, Value) {
    let v = db.json(&["suggest", "--limit", "5", term]);
    (common::candidate_texts(&v), v)
}

/// "Ma Junsheng, Director-General of the State Post Bureau" twice, as a chain of body, title
/// and name (国家邮政局局长马军胜) that "of" beside the term may explain; the rest of the memory
/// holds 国家邮政局 with "State Post Bureau", 马军胜 with "Ma Junsheng", and 局长 with several
/// bureaus' heads (WMT news, where `main` answered 邮政).
fn director_general() -> Db {
    Db::memory_of(
        true,
        &[
            (
                "This is an interview with Ma Junsheng, Director-General of the State Post Bureau.",
                "这是国家邮政局局长马军胜接受采访。",
            ),
            (
                "Prior to the closing ceremony, Ma Junsheng, Director-General of the State Post \
                 Bureau, said that delivery will be faster.",
                "闭幕前，国家邮政局局长马军胜在会上表示，快递将会更快。",
            ),
            (
                "Chen Yang served as deputy director-general for one year.",
                "陈阳担任副厅长级职务一年。",
            ),
            (
                "The State Post Bureau expects more parcels this year.",
                "国家邮政局预计今年包裹会更多。",
            ),
            (
                "In 2016, the State Post Bureau published a report.",
                "国家邮政局2016年发布了一份报告。",
            ),
            (
                "Ma Junsheng said the industry is growing fast.",
                "马军胜说，这个行业发展很快。",
            ),
            (
                "The police chief spoke to the press.",
                "警察局局长对媒体讲话。",
            ),
            (
                "The EPA administrator overstepped his authority.",
                "环境保护局局长越权了。",
            ),
            (
                "Zou Shoumin, Director of the Bureau of Environmental Supervision, said fines rose.",
                "环境监察局局长邹首民说，罚款增加了。",
            ),
            (
                "In an interview, the coach said he was happy.",
                "教练在采访中说他很高兴。",
            ),
        ],
    )
}

#[test]
fn a_title_inside_a_body_title_name_chain_is_not_the_body_nor_the_name() {
    // Before this rule the chain gave way to the span inside it nearest the expected length
    // and best scored, a piece of the name (马军); 国家邮政局, 邮政 and 马军胜 render other
    // words of the same sentences wherever else the memory holds them.
    let db = director_general();
    let (texts, v) = candidates(&db, "Director-General");
    assert_eq!(texts.first().map(String::as_str), Some("局长"), "{v:#}");
}

#[test]
fn a_span_inside_that_renders_the_term_is_kept_though_another_word_stands_beside_it() {
    // Must not change: "the patient" stands in every unit of "difficulty breathing" and 病人
    // beside 呼吸 in some other units, but the units holding 呼吸 say "breathing" more: 呼吸
    // is still the span 呼吸困难 gives way to.
    let names = [
        ("Anna", "安娜"),
        ("Ben", "本"),
        ("Carl", "卡尔"),
        ("Dora", "朵拉"),
        ("Emil", "埃米尔"),
        ("Fay", "菲"),
    ];
    let mut pairs: Vec<(String, String)> = names
        .iter()
        .enumerate()
        .map(|(i, (en, zh))| {
            (
                format!("The patient {en} reported difficulty breathing on day {i}."),
                format!("病人{zh}在第{i}天报告呼吸困难。"),
            )
        })
        .collect();
    for (en, zh) in [
        ("The patient's breathing was slow.", "病人的呼吸很慢。"),
        (
            "Breathing exercises help the patient.",
            "呼吸练习对病人有帮助。",
        ),
        ("Deep breathing calms you.", "深呼吸让你平静。"),
        ("The patient slept well.", "病人睡得很好。"),
        ("The patient went home.", "病人回家了。"),
    ] {
        pairs.push((en.into(), zh.into()));
    }
    let pairs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let db = Db::memory_of(true, &pairs);
    let (texts, v) = candidates(&db, "breathing");
    assert_eq!(texts.first().map(String::as_str), Some("呼吸"), "{v:#}");
}
