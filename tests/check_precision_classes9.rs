//! Issue 14, precision, twelfth round, from the command line. WMT news (zh → en, the Beijing
//! titles): a subdivision's name without its administrative word (梅德韦, Medway; 沃尔特,
//! Volta; 阿布拉, Abra) found inside a transliterated personal name (梅德韦杰夫, 沃尔特斯,
//! 阿布拉莫维奇) does not make the segment one about another country; the same name standing
//! as a word of its own (加利福尼亚) still does. What must still be reported is written first.

mod common;
use common::Db;

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
    let s = |t: &str| t.to_string();
    assert_eq!(
        found,
        [
            (s("term-missing"), 2, s("委员会")),
            (s("term-missing"), 3, s("委员会")),
            (s("term-missing"), 4, s("委员会")),
        ],
        "{v}"
    );
}
