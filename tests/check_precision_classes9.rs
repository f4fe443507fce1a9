//! Issue 14, precision, twelfth round, from the command line. TICO-19 (en → zh): a term
//! rendered together with the English words before it by one set word of clinical writing
//! (轻症 for "milder symptoms", 发病 for "onset of symptoms", 人传人 for "human-to-human
//! transmission") is rendered. WMT news (zh → en, the Beijing
//! titles): a subdivision's name without its administrative word (梅德韦, Medway; 沃尔特,
//! Volta; 阿布拉, Abra) found inside a transliterated personal name (梅德韦杰夫, 沃尔特斯,
//! 阿布拉莫维奇) does not make the segment one about another country; the same name standing
//! as a word of its own (加利福尼亚) still does. What must still be reported is written first.

mod common;
use common::{Db, owned};

#[test]
fn regression_a_term_rendered_with_the_word_before_it_by_a_set_word_is_there() {
    let db = Db::with_glossary(&[
        &["en=symptoms", "zh-CN=症状"],
        &["en=illness", "zh-CN=疾病"],
        &["en=transmission", "zh-CN=传染", "zh-CN=传播"],
    ]);
    let draft = "en\tzh-CN\n\
        There may be many unreported cases, particularly among those with milder symptoms.\t可能存在大量未报告病例，尤其是轻症病例。\n\
        About 6% of cases experience critical illness.\t约 6% 的病例会进展为危重症。\n\
        The virus is most contagious during the first three days after the onset of symptoms.\t发病后前三天传染性最强。\n\
        Cases of human-to-human transmission were reported.\t报告了人传人病例。\n\
        Patients with mild symptoms recover.\t重症患者会康复。\n\
        The onset of symptoms varies.\t发病率各不相同。\n\
        Some develop severe illness.\t部分患者发展为危重症。\n\
        Symptoms are common.\t轻症很常见。\n";
    assert_eq!(
        db.term_findings(draft),
        // Another grade, a set word that is another term (发病率, incidence), a longer set
        // word (危重症 is critical, not severe), no English word before the term.
        [
            (6, "symptoms".to_string()),
            (7, "symptoms".to_string()),
            (8, "illness".to_string()),
            (9, "Symptoms".to_string()),
        ]
    );
}

/// zh → en: Chinese bodies in segments that name a foreign person whose name holds a
/// subdivision's, and (last two) foreign bodies in segments about a US state.
const NEWS: &str = "zh\ten\n\
    梅德韦杰夫与教育委员会代表会谈。\tMedvedev held talks with representatives of the Education Board.\n\
    沃尔特斯致信教育委员会。\tWalters wrote to the Education Board.\n\
    阿布拉莫维奇会见了教育委员会。\tAbramovich met the Education Board.\n\
    审查委员会在加利福尼亚开会。\tThe review panel met in California.\n\
    咨询中还指出，密苏里州总检察长办公室最近的一份报告显示，审查委员会认为如此。\tThe advisory also points to a recent report by Missouri's top prosecutor; the review panel thinks so.\n";

#[test]
fn regression_a_subdivision_inside_a_transliterated_name_names_no_other_country() {
    let db = Db::with_glossary(&[&["zh-CN=委员会", "en=Committee", "en=Commission"]]);
    let (found, v) = db.zh_en_findings(NEWS, "misaligned,number-mismatch,term-convention");
    assert_eq!(
        found,
        owned(&[
            ("term-missing", 2, "委员会"),
            ("term-missing", 3, "委员会"),
            ("term-missing", 4, "委员会"),
        ]),
        "{v}"
    );
}
