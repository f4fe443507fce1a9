//! Issue 14, precision, ninth round, from the command line, on pairs of the WMT news: a
//! glossary head in a segment that names another country or a foreign person, and nothing of
//! China's own, is that country's body or title (a US Senate subcommittee, a Canadian review
//! board, the manager of a factory GMB Scotland writes to), no `term-missing`. The real
//! findings of the hand-judged samples in segments that name another country are written
//! first and must still be reported.

mod common;
use common::{Db, owned};

/// zh → en, WMT news pairs (some cut short). Line 1 is the header.
const NEWS: &str = "zh\ten\n\
    李克强表示，中国共产党第十九次全国代表大会闭幕后不久，习近平主席同普京总统在越南岘港成功会晤。\tLi Keqiang said that President Xi Jinping met with Putin in a successful meeting in Da Nang, Vietnam, shortly after the closing ceremony of the 19th CCP National Congress.\n\
    俄罗斯总统普京对中国共产党第十九次全国代表大会闭幕表示祝贺。\tPutin congratulated him on the close of the 19th Congress.\n\
    2019 年 4 月 3 日，在美国华盛顿国会山，联邦紧急事务管理署代理署长彼得·盖纳面带微笑，在参议院拨款委员会国土安全小组委员会举行的关于 2020 财年该署预算请求的听证会上作证。\tFederal Emergency Management Agency (FEMA) Acting Administrator Peter Gaynor smiles as he testifies before a Senate Appropriations Homeland Security Subcommittee hearing on FEMA's FY2020 budget request on Capitol Hill in Washington, U.S., April 3, 2019.\n\
    他的精神科医生桑托克·雷曾在审查委员会面前表示，“如果马修·德·格罗德再次犯法，那将后果严重。”\tHis psychiatrist, Dr. Santoch Rai, has said in front of the review board that \"if Matthew de Grood were to commit another offence, it would be severe.\"\n\
    在致公司厂长的信中，英国总工会苏格兰分会呼吁麦维他公司“解决资金未结转到生产线现代化上的问题。”\tIn a letter to the company's site manager, GMB Scotland called on McVitie's to \"address concerns that funding is not being brought forward for the modernisation of production lines.\"\n";

#[test]
fn regression_bodies_in_a_segment_about_another_country_are_not_missing_terms() {
    let db = Db::with_glossary(&[
        &["zh-CN=中国共产党", "en=Communist Party of China", "en=CPC"],
        &["zh-CN=主席", "en=Chairman"],
        &["zh-CN=委员会", "en=Committee", "en=Commission"],
        &["zh-CN=厂长", "en=Factory Manager"],
    ]);
    let (found, v) = db.zh_en_findings(NEWS, "misaligned,number-mismatch,term-convention");
    assert_eq!(
        found,
        owned(&[
            // Real in the samples: CCP for the standard's CPC, beside Putin and Vietnam; the
            // 主席 of the head of state, with Xi Jinping in pinyin.
            ("term-missing", 2, "中国共产党"),
            ("term-missing", 2, "主席"),
            // The party is China's, whatever else the sentence names.
            ("term-missing", 3, "中国共产党"),
        ]),
        "{v}"
    );
}
