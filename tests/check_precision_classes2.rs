//! Issue 14, precision, fifth round, from the command line: a Chinese organisation term
//! heading the name of another body that the pair shows has an English name of its own (the
//! source gives it in Latin letters, or the target writes its acronym) is no `term-missing`;
//! a Chinese body of the same shape, and the same term after a verb, still are. And the word
//! a `term-convention` names is a word of the segmenter's reading, not a run across two.

mod common;
use common::{Db, owned};

/// zh → en. Line 1 is the header.
const NEWS: &str = "zh\ten\n\
    愤怒的居民对索利赫尔委员会 (Solihull Council) 进行了抨击。\tFurious residents have savaged Solihull Council.\n\
    初级医生与医科学生投票抵制与英国医学协会达成的合同交易。\tJunior doctors voted to reject a contract deal agreed with the BMA.\n\
    北京市委员会昨天开会。\tThe Beijing municipal board met yesterday.\n\
    他强调中国共产党的作用。\tHe stressed the role of the CPS.\n\
    在保护记者协会授予奖项的时候，他说话了。\tHe spoke at the time of the CPJ award.\n";

#[test]
fn regression_another_bodys_own_name_is_not_a_missing_glossary_term() {
    let db = Db::with_glossary(&[
        &["zh-CN=委员会", "en=Committee", "en=Commission"],
        &["zh-CN=协会", "en=Association"],
        &["zh-CN=中国共产党", "en=Communist Party of China", "en=CPC"],
    ]);
    // Five short pairs are too few for the alignment check's length ratio to mean anything.
    let (found, v) = db.zh_en_findings(NEWS, "misaligned");
    assert_eq!(
        found,
        owned(&[
            // A Chinese body, rendered "board": the glossary's to decide.
            ("term-missing", 4, "委员会"),
            // After a verb, CPS is no acronym of a name the term ends: a slip for CPC.
            ("term-missing", 5, "中国共产党"),
            // CPJ lacks the A of Association: a reviewer reads it.
            ("term-missing", 6, "协会"),
        ]),
        "{v}"
    );
}

#[test]
fn regression_the_convention_names_a_word_not_a_run_across_two() {
    // Five segments write 美国疫情 where the glossary has 大流行; 美国疫情, 国疫情 and 美国疫
    // stand in all five but are runs across 美国/疫情 (before: 美国疫情 was named, as 国疾病
    // of 美国/疾病 on TICO-19).
    let mut draft = String::from("en\tzh-CN\n");
    for (en, zh) in [
        ("The pandemic spread.", "大流行蔓延。"),
        ("After the US pandemic.", "美国疫情过后。"),
        ("A pandemic of flu.", "流感大流行。"),
        ("The US pandemic is over.", "美国疫情结束了。"),
        ("During the pandemic.", "大流行期间。"),
        ("Amid the US pandemic.", "在美国疫情期间。"),
        ("The pandemic grew.", "大流行加剧。"),
        ("The US pandemic ended.", "美国疫情结束。"),
        ("The pandemic waned.", "大流行减弱。"),
        ("US pandemic preparedness.", "美国疫情防范。"),
        ("A pandemic plan.", "大流行计划。"),
    ] {
        draft.push_str(&format!("{en}\t{zh}\n"));
    }
    let db = Db::with_glossary(&[&["en=pandemic", "zh-CN=大流行"]]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.tsv");
    std::fs::write(&path, draft).unwrap();
    let (code, out, err) = db.run(&["check", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("5 others share 疫情 instead"), "{out}");
}
