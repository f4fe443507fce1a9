//! How `concord suggest` ranks: one small memory per class of miss that the evaluation on real
//! data found (docs/suggest-evaluation.md, "The misses, by class"), each built so that the
//! right rendering is known. Each of the first five failed on the logDice ranking; the last
//! two failed on a G² ranking that always folded into the longer span.

use std::fmt::Write as _;

mod common;
use common::{Db, candidate_texts as texts};
use serde_json::Value;

const NAMES: [&str; 6] = ["Anna", "Ben", "Chen", "Dora", "Emil", "Fang"];
const 名字: [&str; 6] = ["安娜", "本", "陈", "多拉", "埃米尔", "芳"];

/// Units that share the tests' sentence frames but not their terms, as a real memory's other
/// units do: without them "week" and 在第 would be as tied to a term as its rendering.
fn background() -> Vec<(String, String)> {
    let verbs = [
        ("began", "开始了"),
        ("reported", "报告了"),
        ("had", "得了"),
        ("developed", "出现了"),
        ("warned of", "警告了"),
        ("saw", "看到了"),
        ("wrote to", "致信"),
        ("passed", "通过了"),
        ("published", "发布了"),
        ("caught", "染上了"),
    ];
    let objects = [
        ("a plan", "一项计划"),
        ("the law", "这项法律"),
        ("a report", "一份报告"),
        ("new rules", "新规定"),
        ("a warning sign", "一个警示信号"),
        ("the virus", "病毒"),
        ("a parrot", "鹦鹉"),
    ];
    (0..210)
        .map(|i| {
            let (v, vz) = verbs[i % verbs.len()];
            let (o, oz) = objects[i % objects.len()];
            let (n, nz) = (NAMES[i % 6], 名字[i % 6]);
            (
                format!(
                    "On day {i} in week {i}, {n} {v} {o} in session {i} of year {i} and month {i}."
                ),
                format!("第{i}年第{i}个月第{i}周，{nz}在第{i}天第{i}次会议上{vz}{oz}。"),
            )
        })
        .collect()
}

fn memory_in(db: Db, pairs: &[(String, String)]) -> Db {
    let mut tsv = String::from("en\tzh-CN\n");
    for (en, zh) in pairs.iter().chain(&background()) {
        writeln!(tsv, "{en}\t{zh}").unwrap();
    }
    db.import_tsv(&tsv);
    db
}

fn memory(pairs: &[(String, String)]) -> Db {
    memory_in(Db::empty(), pairs)
}

fn top(db: &Db, term: &str) -> (String, Value) {
    let v = db.json(&["suggest", "--limit", "20", term]);
    let first = texts(&v).first().cloned().unwrap_or_default();
    (first, v)
}

/// `n` units of unrelated text in which a word and its rendering stand.
fn elsewhere(n: usize, en: &str, zh: &str) -> Vec<(String, String)> {
    (0..n)
        .map(|i| {
            (
                format!("Report {i}: {en} figures were published on day {i}."),
                format!("第{i}号报告：第{i}天公布了{zh}数据。"),
            )
        })
        .collect()
}

#[test]
fn a_span_in_two_units_does_not_outrank_the_rendering_in_all() {
    // flu is 流感 in all 12 units; 鹦鹉 stands in two of them and nowhere else; 流感 is also
    // in 100 units about influenza, which made it less "exclusive" than 鹦鹉 to logDice.
    let mut pairs: Vec<(String, String)> = (0..12)
        .map(|i| {
            let (en, zh) = (NAMES[i % 6], 名字[i % 6]);
            match i % 4 {
                _ if i < 2 => (
                    format!("{en} caught the flu from a parrot in week {i}."),
                    format!("{zh}在第{i}周从鹦鹉那里染上了流感。"),
                ),
                0 => (
                    format!("{en} had the flu in week {i}."),
                    format!("{zh}在第{i}周得了流感。"),
                ),
                1 => (
                    format!("The flu kept {en} at home for {i} days."),
                    format!("流感让{zh}在家待了{i}天。"),
                ),
                2 => (
                    format!("By day {i}, {en} was over the flu."),
                    format!("到第{i}天，{zh}的流感好了。"),
                ),
                _ => (
                    format!("{en}'s flu came back {i} times."),
                    format!("{zh}的流感复发了{i}次。"),
                ),
            }
        })
        .collect();
    pairs.extend(elsewhere(100, "influenza", "流感"));
    let db = memory(&pairs);
    let (first, v) = top(&db, "flu");
    assert_eq!(first, "流感", "{v:#}");
    // Nothing is listed from fewer than a quarter of the units.
    assert!(
        v["candidates"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["count"].as_u64().unwrap() >= 3),
        "{v:#}"
    );
}

#[test]
fn a_chinese_word_is_not_cut_into_its_first_character() {
    // 咳 is in all 10 units, 咳嗽 in 8 (干咳 in the other two): the character must give way
    // to the word it nearly always stands in.
    let shapes = [
        ("a cough", "咳嗽"),
        ("a bad cough", "严重的咳嗽"),
        ("cough and fever", "咳嗽和发烧"),
        ("a cough at night", "夜间咳嗽"),
    ];
    let pairs: Vec<(String, String)> = (0..10)
        .map(|i| {
            let (en, zh) = (NAMES[i % 6], 名字[i % 6]);
            if i < 2 {
                (
                    format!("{en} had a dry cough on day {i}."),
                    format!("{zh}在第{i}天干咳。"),
                )
            } else {
                let (e, z) = shapes[i % 4];
                (
                    format!("On day {i}, {en} reported {e}."),
                    format!("第{i}天，{zh}报告了{z}。"),
                )
            }
        })
        .collect();
    let db = memory(&pairs);
    let (first, v) = top(&db, "cough");
    assert_eq!(first, "咳嗽", "{v:#}");
}

#[test]
fn a_hyphenated_word_is_never_cut() {
    // 自我隔离 is self-isolation 5 times and self-quarantine 3 times: "self" is in all 8,
    // but it is never a word of its own there.
    let mut pairs: Vec<(String, String)> = (0..8)
        .map(|i| {
            let (en, zh) = (NAMES[i % 6], 名字[i % 6]);
            let word = if i < 5 {
                "self-isolation"
            } else {
                "self-quarantine"
            };
            match i % 3 {
                0 => (
                    format!("{en} began {word} on day {i}."),
                    format!("{zh}在第{i}天开始自我隔离。"),
                ),
                1 => (
                    format!("After {i} days of {word}, {en} felt fine."),
                    format!("经过{i}天的自我隔离，{zh}感觉很好。"),
                ),
                _ => (
                    format!("The rules for {word} changed {i} times, {en} said."),
                    format!("{zh}说，自我隔离的规定改了{i}次。"),
                ),
            }
        })
        .collect();
    pairs.extend(elsewhere(10, "isolation", "隔离"));
    let db = memory(&pairs);
    let (first, v) = top(&db, "自我隔离");
    assert_eq!(first, "self-isolation", "{v:#}");
    let all = texts(&v);
    assert!(
        !all.iter()
            .any(|t| t.eq_ignore_ascii_case("self") || t.eq_ignore_ascii_case("isolation")),
        "{v:#}"
    );
}

#[test]
fn a_chinese_rendering_longer_than_ten_characters_is_found_whole() {
    let term = "Standing Committee of the National People's Congress";
    let zh = "全国人民代表大会常务委员会";
    let pairs: Vec<(String, String)> = (0..6)
        .map(|i| match i % 3 {
            0 => (
                format!("In session {i}, the {term} passed a law."),
                format!("在第{i}次会议上，{zh}通过了一项法律。"),
            ),
            1 => (
                format!("A report by the {term} came out in year {i}."),
                format!("{zh}的报告于第{i}年发布。"),
            ),
            _ => (
                format!("{} wrote to the {term} in month {i}.", NAMES[i]),
                format!("{}在第{i}个月致信{zh}。", 名字[i]),
            ),
        })
        .collect();
    let db = memory(&pairs);
    let (first, v) = top(&db, term);
    assert_eq!(first, zh, "{v:#}");
}

/// "breathing" stands after "difficulty" in every unit, and 呼吸 before 困难.
fn difficulty_breathing() -> Vec<(String, String)> {
    (0..6)
        .map(|i| {
            let (en, zh) = (NAMES[i], 名字[i]);
            match i % 3 {
                0 => (
                    format!("{en} reported difficulty breathing on day {i}."),
                    format!("{zh}在第{i}天报告呼吸困难。"),
                ),
                1 => (
                    format!("Difficulty breathing kept {en} in bed for {i} days."),
                    format!("呼吸困难让{zh}卧床{i}天。"),
                ),
                _ => (
                    format!("If difficulty breathing lasts {i} hours, {en} will call."),
                    format!("如果呼吸困难持续{i}小时，{zh}会打电话。"),
                ),
            }
        })
        .collect()
}

#[test]
fn a_neighbour_the_glossary_renders_is_masked() {
    // 呼吸 and 呼吸困难 stand in the same units; "difficulty" beside the term in all of them
    // may explain 困难, and 呼吸 is nearer a one-word term's length (the third round's rule,
    // tests/suggest_rank3.rs). With a glossary that says difficulty is 困难, the mask says so.
    let db = memory(&difficulty_breathing());
    assert_eq!(top(&db, "breathing").0, "呼吸");
    let db = memory_in(
        Db::with_glossary(&[&["en=difficulty", "zh-CN=困难"]]),
        &difficulty_breathing(),
    );
    let (first, v) = top(&db, "breathing");
    assert_eq!(first, "呼吸", "{v:#}");
    // The term's own rendering is never masked by the glossary's entry for it.
    let db = memory_in(
        Db::with_glossary(&[
            &["en=difficulty", "zh-CN=困难"],
            &["en=breathing", "zh-CN=呼吸"],
        ]),
        &difficulty_breathing(),
    );
    assert_eq!(top(&db, "breathing").0, "呼吸");
}

#[test]
fn a_longer_span_that_a_source_neighbour_may_explain_is_not_preferred() {
    // 呼吸窘迫 stands inside 急性呼吸窘迫综合征 in 6 of its 7 units: the longer English span
    // there renders the neighbours too. The term alone is respiratory distress.
    let mut pairs: Vec<(String, String)> = (0..6)
        .map(|i| {
            (
                format!(
                    "{} developed acute respiratory distress syndrome on day {i}.",
                    NAMES[i]
                ),
                format!("{}在第{i}天出现了急性呼吸窘迫综合征。", 名字[i]),
            )
        })
        .collect();
    pairs.push((
        "Respiratory distress is a warning sign.".into(),
        "呼吸窘迫是一个警示信号。".into(),
    ));
    let db = memory(&pairs);
    let (first, v) = top(&db, "呼吸窘迫");
    assert_eq!(first, "respiratory distress", "{v:#}");
}

#[test]
fn a_longer_span_specific_to_the_term_beats_a_common_word_inside_it() {
    // "community" is in all 6 units of 社区传播 and in 12 others; "community transmission" in
    // 3 of the 6 and nowhere else. G² alone ranks "community" first (more units); but the
    // segments that say "community" hold the term mostly when they say "transmission" too.
    let mut pairs: Vec<(String, String)> = (0..6)
        .map(|i| {
            let (en, zh) = (NAMES[i], 名字[i]);
            if i < 3 && i % 2 == 0 {
                (
                    format!("{en} warned of community transmission in week {i}."),
                    format!("{zh}在第{i}周警告了社区传播。"),
                )
            } else if i < 3 {
                (
                    format!("Community transmission reached {i} towns, {en} said."),
                    format!("{zh}说，社区传播已波及{i}个城镇。"),
                )
            } else if i == 3 {
                (
                    format!("In week {i}, {en} saw the virus spread in the community."),
                    format!("第{i}周，{zh}看到病毒在社区传播。"),
                )
            } else if i == 4 {
                (
                    format!("Spread within the community worried {en} for {i} days."),
                    format!("社区传播让{zh}担心了{i}天。"),
                )
            } else {
                (
                    format!("{en} said the community spread stopped after {i} weeks."),
                    format!("{zh}说社区传播在{i}周后停止了。"),
                )
            }
        })
        .collect();
    pairs.extend(elsewhere(12, "community", "社区"));
    let db = memory(&pairs);
    let (first, v) = top(&db, "社区传播");
    assert_eq!(first.to_lowercase(), "community transmission", "{v:#}");
}
