//! Issue 14, precision, seventh round, from the command line, on pairs of the WMT news and
//! TICO-19: a body referred back to with a demonstrative (该委员会 "the council") and a body
//! the target calls by an acronym the document spells out (the Central Board of Indirect
//! Taxes and Customs (CBIC), then CBIC alone) are no `term-missing`; 被感染 "be infected"
//! is rendered by 感染 without the passive marker. The real findings of the hand-judged
//! samples of the same shape are written first and must still be reported.

mod common;
use common::{Db, owned};

/// zh → en, WMT news pairs (some cut short). Line 1 is the header.
const NEWS: &str = "zh\ten\n\
    全国政协副主席、台盟中央主席林文漪代表各民主党派中央和全国工商联致贺词。\tLin Wenyi, Vice President of the CPPCC National Committee and President of the Central Committee of the Taiwan Democratic Self-Government League, delivered a congratulatory message.\n\
    梅德韦杰夫转达了俄罗斯总统普京对习近平主席的亲切问候和美好祝愿，对中共十九大胜利闭幕\tMedvedev conveyed Russian President Vladimir Putin's cordial greetings and best wishes to President Xi Jinping, and expressed his warmest congratulations on\n\
    全国政协港澳台侨委员会主任杨衍银代表中央涉侨单位致贺词。\tYang Yanyin, Director of the Subcommittee of Hong Kong, Macao and Taiwan Compatriots and overseas Chinese individuals, delivered a congratulatory message.\n\
    该委员会应该对他们的作为感到羞耻，因为他们在处理问题上简直是一无是处。\tThe council needs to be shamed into action as they are useless at dealing with the problem.\n\
    五月份，该中心公布了 581 例测试结果。\tIn May, the agency released the results of 581 tests.\n\
    负责监督商品及服务税和进口税征收的中央间接税和海关委员会因腐败和其它指控，强制要求 15 名高级官员退休。\tThe Central Board of Indirect Taxes and Customs (CBIC) -- the agency that oversees GST and import tax collections -- compulsorily retired 15 senior officers on corruption and other charges.\n\
    8 月，政府强制 22 名中中央间接税和海关委员会官员退休。\tIn August, the government compulsorily retired 22 CBIC officials.\n\
    前三轮共有 49 名税务高官被强制退休，其中包括中央直接税委员会的 12 名官员。\tIn the previous three rounds, 49 high ranking tax officers, including 12 from the Central Board of Direct Taxes (CBDT), were compulsorily retired.\n\
    该市体育协会昨天开会。\tThe city's sports federation met yesterday.\n";

#[test]
fn regression_bodies_referred_back_to_or_spelled_out_elsewhere_are_not_missing_terms() {
    let db = Db::with_glossary(&[
        &["zh-CN=副主席", "en=Vice Chairman"],
        // The target's CPPCC is this body's, not an acronym of the Vice Chairman's body.
        &["zh-CN=全国政协", "en=CPPCC National Committee"],
        &["zh-CN=中共", "en=CPC"],
        &[
            "zh-CN=港澳台侨委员会",
            "en=Committee for Liaison with Hong Kong, Macao, Taiwan and Overseas Chinese",
        ],
        &["zh-CN=委员会", "en=Committee", "en=Commission"],
        &["zh-CN=中心", "en=Center"],
        &["zh-CN=海关", "en=Customs"],
        &["zh-CN=协会", "en=Association"],
    ]);
    let (found, v) = db.zh_en_findings(NEWS, "misaligned,number-mismatch,term-convention");
    assert_eq!(
        found,
        owned(&[
            // Real in the seed-17 sample: Vice President for the standard's Vice Chairman;
            // the party left out where the segment names Russia; the subcommittee's own
            // English for the standard's name.
            ("term-missing", 2, "副主席"),
            ("term-missing", 3, "中共"),
            // The target leaves the CPPCC out of the subcommittee's name.
            ("term-missing", 4, "全国政协"),
            ("term-missing", 4, "港澳台侨委员会"),
            // 该市 "the city's" opens the name of a body of that city, not the term's word.
            ("term-missing", 10, "协会"),
        ]),
        "{v}"
    );
}

#[test]
fn regression_be_infected_is_rendered_without_the_passive_marker() {
    let db = Db::with_glossary(&[&["en=be infected", "zh-CN=被感染"]]);
    let draft = "en\tzh-CN\n\
        They have higher chance to be infected than others.\t他们发生感染的机会要高于其他人。\n\
        Workers may be infected with SARS-CoV-2.\t工作人员可能感染 SARS-CoV-2。\n\
        Workers may be infected with SARS-CoV-2.\t工作人员可能被感染。\n\
        Workers may be infected with SARS-CoV-2.\t工作人员可能被传染。\n";
    assert_eq!(
        db.term_findings(draft),
        // 传染 is not the list's 感染, with 被 or without.
        [(5, "be infected".to_string())]
    );
}
