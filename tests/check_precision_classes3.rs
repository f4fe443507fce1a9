//! Issue 14, precision, sixth round, from the command line: a Chinese term read across a
//! frame of the grammar (在其职业生涯中/共取得 holds no 中共; 以…为中心 "centred on" names no
//! Center) is not found; a foreign body named in the target by an English name of its own,
//! without acronym or bracket (康沃尔郡住房协会 as Cornwall Housing), is no `term-missing`;
//! the Chinese bodies and terms of the same shape still are.

mod common;
use common::{Db, owned};

/// zh → en. Line 1 is the header.
const NEWS: &str = "zh\ten\n\
    柏葛是九届德比赛冠军，在其职业生涯中共取得了4,493场胜利\tLester Piggott, nine-time Derby winner, 4,493 career wins\n\
    这种以消费者体验为中心的消费模式也将是主流。\tThis consumption model, centred on the consumer's experience, will be the mainstream.\n\
    康沃尔郡住房协会社区执行经理 Adam Fitzpatrick 说道，这户人家没能好好配合当地政府。\tAdam Fitzpatrick, Cornwall Housing's neighbourhood enforcement manager, said the family failed to cooperate with the local authority.\n\
    他在会上强调中共的作用。\tHe stressed the role of the party at the meeting.\n\
    北京市体育协会昨天开会。\tThe Beijing Sports Federation met yesterday.\n\
    副市长出席了会议。\tThe mayor attended the meeting.\n\
    南京市长江大桥通车了。\tThe Nanjing Yangtze River Bridge opened.\n\
    上海市人民政府发布通知。\tThe city issued a notice.\n";

#[test]
fn regression_frames_and_foreign_bodies_are_not_missing_terms() {
    let db = Db::with_glossary(&[
        &["zh-CN=中共", "en=CPC"],
        &["zh-CN=中心", "en=Center"],
        &["zh-CN=协会", "en=Association"],
        &["zh-CN=市长", "en=Mayor"],
        &["zh-CN=副市长", "en=Vice Mayor"],
        &[
            "zh-CN=上海市人民政府",
            "en=Shanghai Municipal People's Government",
        ],
    ]);
    let (found, v) = db.zh_en_findings(NEWS, "misaligned,number-mismatch");
    assert_eq!(
        found,
        owned(&[
            // The party after a verb, outside the frame the locative 上 closed.
            ("term-missing", 5, "中共"),
            // A Chinese body: Beijing is pinyin.
            ("term-missing", 6, "协会"),
            // 副市长 is found (and not rendered), not 市长 inside it.
            ("term-missing", 7, "副市长"),
            // 上海市人民政府 found whole; nothing in 南京市长江大桥.
            ("term-missing", 9, "上海市人民政府"),
        ]),
        "{v}"
    );
}
