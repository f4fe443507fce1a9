//! The memory's counts a ranking reads (how many target segments hold a span's tokens,
//! together or side by side, and the cohesion of the Han characters at a span's edges) are
//! kept across the rankings of one snapshot of the database (`memory::suggest::Counts`): they
//! depend on the memory only, so another term's ranking reads those counted before it. These
//! tests hold that keeping them changes no answer, against `Ranked::reference()`, which keeps
//! nothing, and that they go when the database changes.

use concord::answer;
use concord::glossary::LookupQuery;
use concord::memory::suggest::{self, EVIDENCE_SAMPLE, EvidenceRequest, Known, Ranked};
use concord::store::Store;
use concord::text::LangTag;

mod common;
use common::Db;

fn lang(s: &str) -> LangTag {
    LangTag::parse(s).unwrap()
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap()
}

fn ask(store: &Store, term: &str, known: &[Known], ranked: &mut Ranked) -> String {
    let (en, zh) = (lang("en"), lang("zh-CN"));
    let req = EvidenceRequest {
        term,
        from: Some(&en),
        to: Some(&zh),
        known,
        limit: 3,
        sample: EVIDENCE_SAMPLE,
    };
    json(&suggest::evidence_with(store.conn(), store.conn(), &req, ranked).unwrap())
}

/// Terms whose units' targets share characters and character pairs (灯塔, 传染, 感染, 性):
/// the second term's ranking meets the counts the first one's kept.
fn shared_characters() -> Db {
    // The glossary's renderings are not the memory's, so that every unit is left for the
    // ranking to explain.
    let db = Db::with_glossary(&[
        &["en=lighthouse", "zh-CN=航标"],
        &["en=beacon", "zh-CN=信标"],
        &["en=infectious", "zh-CN=易传"],
        &["en=contagious", "zh-CN=会传"],
    ]);
    let mut tsv = String::from("en\tzh-CN\n");
    // Five wordings each, so that the term's rendering is the one span all its units share.
    let lighthouse = [
        "第{i}号船经过了灯塔。",
        "我们看见了灯塔{i}。",
        "那座灯塔{i}很高。",
        "他走向灯塔{i}。",
        "海边有灯塔{i}吗？",
    ];
    let beacon = [
        "灯塔{i}在发光。",
        "远处有灯塔{i}。",
        "请点亮灯塔{i}。",
        "灯塔{i}坏了。",
        "她画了灯塔{i}。",
    ];
    let infectious = [
        "疾病{i}具有传染性。",
        "这种病毒{i}传染性很强。",
        "流感{i}有传染性吗？",
        "麻疹{i}的传染性高。",
        "它{i}没有传染性。",
    ];
    let contagious = [
        "笑声{i}有感染性。",
        "他的热情{i}具有感染性。",
        "这种情绪{i}感染性很强。",
        "快乐{i}是有感染性的。",
        "病{i}的感染性不高。",
    ];
    for i in 0..24 {
        let n = i.to_string();
        let zh = |forms: &[&str; 5]| forms[i % 5].replace("{i}", &n);
        tsv.push_str(&format!(
            "Ship {i} passed the lighthouse.\t{}\n",
            zh(&lighthouse)
        ));
        tsv.push_str(&format!("The beacon {i} shone.\t{}\n", zh(&beacon)));
        tsv.push_str(&format!(
            "Disease {i} is infectious.\t{}\n",
            zh(&infectious)
        ));
        tsv.push_str(&format!(
            "Laughter {i} is contagious.\t{}\n",
            zh(&contagious)
        ));
    }
    db.import_tsv(&tsv);
    db
}

const TERMS: [&str; 4] = ["lighthouse", "beacon", "infectious", "contagious"];

#[test]
fn counts_kept_from_other_terms_give_the_reference_answers() {
    let db = shared_characters();
    let store = Store::open_read_only(&db.path).unwrap();
    // One memo for every term, in both orders: each term's answer is the same whichever
    // term counted the shared spans first.
    for order in [TERMS, [TERMS[3], TERMS[2], TERMS[1], TERMS[0]]] {
        let mut shared = Ranked::default();
        for term in order {
            let kept = ask(&store, term, &[], &mut shared);
            let fresh = ask(&store, term, &[], &mut Ranked::reference());
            assert_eq!(kept, fresh, "{term}");
            assert!(
                kept.contains("\"others\":[{"),
                "{term}: nothing ranked: {kept}"
            );
        }
    }
    // A second memo sharing the first's counts (as the server's requests do) answers the same.
    let mut first = Ranked::default();
    ask(&store, "lighthouse", &[], &mut first);
    let mut second = Ranked::default();
    second.share_counts(&first);
    assert_eq!(
        ask(&store, "beacon", &[], &mut second),
        ask(&store, "beacon", &[], &mut Ranked::reference())
    );
}

/// The counts kept with the process's rankings go when the database changes: 灯塔's count in
/// the memory after an import that adds 40 segments holding it is not the count from before.
#[test]
fn regression_counts_kept_from_before_an_import() {
    let db = shared_characters();
    let store = Store::open_read_only(&db.path).unwrap();
    let zh = lang("zh-CN");
    let query = |term: &str| LookupQuery {
        to: Some(zh.clone()),
        ..LookupQuery::new(term)
    };
    // "lighthouse" counts 灯塔 (and its edges) in the whole memory, and the process keeps it:
    // the second time, for the first ask of a database the process has not seen keeps
    // nothing (it cannot tell which snapshot the epoch it read belongs to).
    for _ in 0..2 {
        let before = answer::lookup(&store, &query("lighthouse")).unwrap();
        assert!(!before.memory[0].evidence.others.is_empty());
    }
    let mut tsv = String::from("en\tzh-CN\n");
    for i in 0..40 {
        tsv.push_str(&format!(
            "The old tower {i} has a lamp.\t灯塔{i}有一盏灯。\n"
        ));
    }
    db.import_tsv(&tsv);
    // The first lookup after the import sees the change (and keeps nothing); the next is
    // one that would read what was kept, were it kept across the change.
    answer::lookup(&store, &query("infectious")).unwrap();
    // "beacon" was never asked: its ranking is new, and reads 灯塔's count again.
    let after = answer::lookup(&store, &query("beacon")).unwrap();
    assert_eq!(after.memory.len(), 1);
    let e = &after.memory[0];
    assert_eq!(after.matches[0].matched_term, "beacon");
    // The glossary's rendering of the concept, preferred, as lookup asks about it.
    let known = [("信标", false)];
    let req = EvidenceRequest {
        term: "beacon",
        from: Some(&lang("en")),
        to: Some(&zh),
        known: &known,
        limit: 3,
        sample: EVIDENCE_SAMPLE,
    };
    let reference =
        suggest::evidence_with(store.conn(), store.conn(), &req, &mut Ranked::reference()).unwrap();
    assert_eq!(json(&Some(&e.evidence)), json(&reference));
    assert!(!e.evidence.others.is_empty(), "{}", json(&e.evidence));
}
