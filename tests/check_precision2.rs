//! More classes of false alarm of the term check (issue 14, precision), through the binary: a
//! Chinese source term read across a word boundary (市长 in 该市长达三年, 该市/长达), and
//! one-character terms that are measure words or parts of longer words (两部作品, 部长), with
//! the noun 站 found where it stands as a noun (焚烧站, 站内, 出站层) and not as the verb. And
//! what must still be reported; a misaligned pair reported once, as such; the HTML report's groups.

mod common;
use common::Db;

fn owned(v: &[(u64, &str)]) -> Vec<(u64, String)> {
    v.iter().map(|&(l, t)| (l, t.to_string())).collect()
}

#[test]
fn regression_a_source_term_across_two_words_is_not_reported() {
    let db = Db::with_glossary(&[
        &["zh-CN=市长", "en=Mayor"],
        &["zh-CN=副市长", "en=Vice Mayor"],
    ]);
    let draft = "zh-CN\ten\n\
        解除了极端组织对该市长达三年的围困。\tThe three-year siege of the city was lifted.\n\
        南京市长江大桥通车了。\tThe Nanjing Yangtze River Bridge opened.\n\
        上海市市长龚正会见了纽森。\tGong Zheng met Newsom.\n\
        北京市长陈吉宁出席。\tChen Jining attended.\n\
        副市长出席了会议。\tThe deputy attended.\n\
        该市市长表示同意。\tThe Mayor of the city agreed.\n";
    assert_eq!(
        db.term_findings(draft),
        owned(&[(4, "市长"), (5, "市长"), (6, "副市长")])
    );
}

#[test]
fn regression_a_measure_word_or_part_of_a_word_is_not_a_one_character_term() {
    let db = Db::with_glossary(&[&["zh-CN=部", "en=Department"], &["zh-CN=站", "en=Station"]]);
    let draft = "zh-CN\ten\n\
        中国的这两部作品击败了来自32个国家的600部图书。\tThese 2 books beat 600 others.\n\
        前内阁部长安布尔·拉德接受了采访。\tFormer Cabinet minister Amber Rudd was interviewed.\n\
        这部电影很好看。\tThis film is good.\n\
        他们向部汇报工作。\tThey report to the ministry.\n";
    assert_eq!(db.term_findings(draft), owned(&[(5, "部")]));
}

#[test]
fn regression_the_noun_station_is_found_and_the_verb_stand_is_not() {
    let db = Db::with_glossary(&[&["zh-CN=站", "en=Station"]]);
    let draft = "zh-CN\ten\n\
        他站在门口。\tHe stands at the door.\n\
        他站出来说话。\tHe stood up to speak.\n\
        大家都站起来了。\tEveryone stood up.\n\
        也超过了焚烧站的处理产能。\tIt exceeds the plant's capacity.\n\
        可就近按动站内设置的按钮。\tPress a nearby button.\n\
        地下1层是出站层。\tLevel -1 is the exit level.\n\
        也超过了焚烧站的处理产能。\tIt exceeds the incineration station's capacity.\n";
    assert_eq!(
        db.term_findings(draft),
        owned(&[(5, "站"), (6, "站"), (7, "站")])
    );
}

#[test]
fn regression_a_misaligned_pair_is_one_finding_and_can_be_disabled() {
    let db = Db::with_glossary(&[&["zh-CN=中国共产党", "en=Communist Party of China"]]);
    let mut draft = String::from("zh-CN\ten\n");
    for _ in 0..10 {
        draft.push_str(
            "中国共产党今天在北京召开了全体会议。\tThe Communist Party of China met today.\n",
        );
    }
    draft.push_str(
        "解读中国共产党第十九次全国代表大会精神。\tthe envoys of more than 150 countries in \
         China, international organizations and delegates of foreign enterprises.\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.tsv");
    std::fs::write(&path, &draft).unwrap();
    let path = path.to_str().unwrap();
    let checks = |extra: &[&str]| -> Vec<(u64, String)> {
        common::line_and_check(&db.json(&[&["check"], extra, &[path]].concat()))
    };
    assert_eq!(
        checks(&[]),
        [
            (12, "misaligned".to_string()),
            (12, "number-mismatch".to_string())
        ]
    );
    assert_eq!(
        checks(&["--disable", "misaligned"]),
        [
            (12, "term-missing".to_string()),
            (12, "number-mismatch".to_string())
        ]
    );
}

#[test]
fn the_html_report_leads_with_the_groups_linked_to_their_segments() {
    let db = Db::with_glossary(&[&["zh-CN=市长", "en=Mayor"]]);
    let dir = tempfile::tempdir().unwrap();
    let (draft, html) = (dir.path().join("draft.tsv"), dir.path().join("r.html"));
    std::fs::write(
        &draft,
        "zh-CN\ten\n市长讲话。\tThe chief spoke.\n他是市长。\tHe is the chief.\n",
    )
    .unwrap();
    let (code, _, err) = db.run(&[
        "check",
        "--html",
        html.to_str().unwrap(),
        draft.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{err}");
    let page = std::fs::read_to_string(&html).unwrap();
    let groups = page.find("<h2>1 group</h2>").expect(&page);
    let group = "<li class=\"error term-missing\">error[term-missing] 市长 not rendered \
                  in 2 segments (glossary: Mayor) — lines <a href=\"#l2\">2</a>, \
                 <a href=\"#l3\">3</a></li>";
    assert!(page.contains(group), "{page}");
    // Before the segments, whose rows the links name.
    let table = page.find("<table>").unwrap();
    assert!(groups < table);
    assert!(page.contains("<tr id=\"l2\"") && page.contains("<tr id=\"l3\""));
}
