//! Two classes of false alarm of the term check (issue 14, precision), through the binary: a
//! Chinese abbreviation of the glossary's rendering is that rendering (流感 for 流行性感冒), and
//! a one-character Chinese term is found only as a noun standing alone (站 in 站在 is the verb
//! "stand"). And what must still be reported.

mod common;
use common::Db;

#[test]
fn regression_an_abbreviation_renders_its_full_form() {
    let db = Db::with_glossary(&[
        &["en=influenza", "zh-CN=流行性感冒"],
        &["en=novel coronavirus", "zh-CN=新型冠状病毒"],
        &["en=social distancing", "zh-CN=社交距离"],
        &["en=Peking University", "zh-CN=北京大学"],
        &["en=disease control centre", "zh-CN=疾病控制中心"],
    ]);
    let draft = "en\tzh-CN\n\
        Influenza spreads in winter.\t流感在冬季传播。\n\
        Ask the disease control centre.\t请咨询疾控中心。\n\
        She studies at Peking University.\t她在北大读书。\n\
        Keep social distancing.\t保持社会距离。\n\
        The novel coronavirus spreads.\t新病毒在传播。\n\
        She studies at Peking University.\t她在东北大学读书。\n\
        Ask the disease control centre.\t加强疾病控制工作。\n";
    assert_eq!(
        db.term_findings(draft),
        [
            // 社会 is not 社交; 冠状 is skipped; 北大 across 东北/大学 is no word; the start
            // of a term is not its abbreviation.
            (5, "social distancing".to_string()),
            (6, "novel coronavirus".to_string()),
            (7, "Peking University".to_string()),
            (8, "disease control centre".to_string()),
        ]
    );
}

#[test]
fn regression_a_one_character_term_as_a_verb_or_measure_word_is_no_term() {
    let db = Db::with_glossary(&[
        &["zh-CN=站", "en=Station"],
        &["zh-CN=部", "en=Department"],
        &["zh-CN=车站", "en=railway station"],
    ]);
    let draft = "zh-CN\ten\n\
        他站在门口。\tHe stood at the door.\n\
        他站出来说话。\tHe stood up to speak.\n\
        两部作品获奖。\tTwo works won prizes.\n\
        部长讲话。\tThe minister spoke.\n\
        他们向部汇报。\tThey reported to the ministry.\n\
        在车站等候。\tWait at the stop.\n";
    assert_eq!(
        db.term_findings(draft),
        [(6, "部".to_string()), (7, "车站".to_string()),]
    );
}
