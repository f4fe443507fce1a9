//! The lookup evidence's shortcuts give the answers the full computation gives: a ranking is
//! shared by the evidences of one term (it depends on the term, its languages and the sample,
//! never on the glossary's renderings asked about), kept with the answers until the database
//! changes, and skipped where fewer units than an "other" needs are left unexplained by the
//! glossary's renderings. Each is checked against `Ranked::reference()`, which ranks every
//! time, as the evidence did before them.

use std::path::Path;

use concord::answer;
use concord::glossary::{LookupQuery, Status};
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

/// The evidence for `term` and `known`, computed afresh with every step (the reference).
fn reference(store: &Store, term: &str, from: &LangTag, to: &LangTag, known: &[Known]) -> String {
    let mut r = Ranked::reference();
    let req = EvidenceRequest {
        term,
        from: Some(from),
        to: Some(to),
        known,
        limit: 3,
        sample: EVIDENCE_SAMPLE,
    };
    let e = suggest::evidence_with(store.conn(), store.conn(), &req, &mut r).unwrap();
    assert!(r.is_empty(), "the reference keeps nothing");
    json(&e)
}

/// The evidence for "lighthouse" (en to zh-CN) and `known`, taking and keeping rankings in
/// `ranked`.
fn lighthouse(store: &Store, known: &[Known], ranked: &mut Ranked) -> Option<suggest::Evidence> {
    let (en, zh) = (lang("en"), lang("zh-CN"));
    let req = EvidenceRequest {
        term: "lighthouse",
        from: Some(&en),
        to: Some(&zh),
        known,
        limit: 3,
        sample: EVIDENCE_SAMPLE,
    };
    suggest::evidence_with(store.conn(), store.conn(), &req, ranked).unwrap()
}

/// A memory where "lighthouse" is 灯塔 in 9 units of 10 and 航标灯 in the tenth, with two
/// concepts matching the term.
fn lighthouses(units: usize, lamp_every: usize) -> Db {
    let db = Db::with_glossary(&[
        &["en=lighthouse", "zh-CN=灯塔"],
        &["en=lighthouse", "zh-CN=航标灯"],
    ]);
    let mut tsv = String::from("en\tzh-CN\n");
    for i in 0..units {
        let zh = if i % lamp_every == 0 {
            "航标灯"
        } else {
            "灯塔"
        };
        tsv.push_str(&format!(
            "Ship {i} passed the lighthouse.\t第{i}号船经过了{zh}。\n"
        ));
    }
    db.import_tsv(&tsv);
    db
}

#[test]
fn regression_each_concept_of_a_term_ranked_its_units_again() {
    let db = lighthouses(40, 10);
    let store = Store::open_read_only(&db.path).unwrap();
    let (en, zh) = (lang("en"), lang("zh-CN"));
    let mut shared = Ranked::default();
    for known in [
        &[("灯塔", false)][..],
        &[("航标灯", false)][..],
        &[][..],
        &[("灯塔", false), ("航标灯", true)][..],
    ] {
        let e = lighthouse(&store, known, &mut shared);
        assert_eq!(
            json(&e),
            reference(&store, "lighthouse", &en, &zh, known),
            "{known:?}"
        );
    }
    // One ranking for the four (the last one needed none: every unit is explained).
    assert_eq!(shared.len(), 1);
    // And lookup, through what the process keeps, gives each concept the same.
    let a = answer::lookup(
        &store,
        &LookupQuery {
            to: Some(zh.clone()),
            ..LookupQuery::new("lighthouse")
        },
    )
    .unwrap();
    assert_eq!(a.memory.len(), 2);
    for (m, e) in a.matches.iter().zip(&a.memory) {
        let known = known_of(m, &zh);
        assert_eq!(
            json(&Some(&e.evidence)),
            reference(&store, "lighthouse", &en, &zh, &known)
        );
    }
}

#[test]
fn no_ranking_where_too_few_units_are_left_for_an_other() {
    // 航标灯 in one unit of 30: it stands alone in one unit, an "other" needs two.
    let db = lighthouses(30, 30);
    let store = Store::open_read_only(&db.path).unwrap();
    let (en, zh) = (lang("en"), lang("zh-CN"));
    let known = [("灯塔", false)];
    let mut shared = Ranked::default();
    let e = lighthouse(&store, &known, &mut shared).unwrap();
    assert!(shared.is_empty(), "it ranked");
    assert!(e.others.is_empty());
    assert_eq!(
        json(&Some(e)),
        reference(&store, "lighthouse", &en, &zh, &known)
    );
}

/// The rankings kept across lookups go with the answers when the database changes: a
/// ranking of 30 units must not be filtered against 60.
#[test]
fn regression_a_kept_ranking_outlived_an_import() {
    let db = lighthouses(30, 3);
    let store = Store::open_read_only(&db.path).unwrap();
    let q = LookupQuery {
        to: Some(lang("zh-CN")),
        ..LookupQuery::new("lighthouse")
    };
    let before = answer::lookup(&store, &q).unwrap();
    assert_eq!(before.memory[0].evidence.units, 30);
    let mut tsv = String::from("en\tzh-CN\n");
    for i in 0..30 {
        tsv.push_str(&format!(
            "Boat {i} saw the lighthouse.\t第{i}号船看到了灯标。\n"
        ));
    }
    db.import_tsv(&tsv);
    // The first concept alone sees the change (and computes afresh); then both, the second
    // of which has no kept answer but a ranking from before the import, if one was kept.
    let first = LookupQuery {
        limit: 1,
        ..q.clone()
    };
    assert_eq!(
        answer::lookup(&store, &first).unwrap().memory[0]
            .evidence
            .units,
        60
    );
    let after = answer::lookup(&store, &q).unwrap();
    assert_eq!(after.memory.len(), 2);
    let (en, zh) = (lang("en"), lang("zh-CN"));
    for (m, e) in after.matches.iter().zip(&after.memory) {
        assert_eq!(e.evidence.units, 60);
        let known = known_of(m, &zh);
        assert_eq!(
            json(&Some(&e.evidence)),
            reference(&store, "lighthouse", &en, &zh, &known)
        );
    }
    // An "other" that counts the new units: what a ranking kept from before would miss.
    assert!(
        after.memory.iter().any(|e| !e.evidence.others.is_empty()),
        "{}",
        json(&after.memory)
    );
}

/// The memory's units read for the extra words of a longer span (what 相互 of 相互理解
/// renders where "mutual understanding" is not) are kept with the snapshot's counts and shared
/// by its lookups: an import must be seen by the next lookup of the same process, as a fresh
/// process sees it.
#[test]
fn an_import_is_seen_through_the_kept_units_of_extra_words() {
    // "and" follows the term wherever 相互理解 stands: the ranking asks the rest of the memory
    // what 相互 renders.
    let db = Db::memory_of(
        true,
        &[
            (
                "We enhance mutual understanding and trust.",
                "我们增进相互理解和信任。",
            ),
            (
                "It deepened mutual understanding and friendship.",
                "加深了相互理解和友谊。",
            ),
            (
                "They seek mutual understanding and peace.",
                "他们寻求相互理解和和平。",
            ),
            ("Tea and coffee are served.", "供应茶和咖啡。"),
            ("Mutual trust takes time.", "相互信任需要时间。"),
        ],
    );
    let store = Store::open_read_only(&db.path).unwrap();
    let q = LookupQuery {
        to: Some(lang("zh-CN")),
        ..LookupQuery::new("mutual understanding")
    };
    let args = ["lookup", "--to", "zh-CN", "mutual understanding"];
    let ask = || serde_json::to_value(answer::lookup(&store, &q).unwrap()).unwrap();
    let before = ask();
    assert_eq!(before, db.json(&args));
    // Asked again: from what the process kept, the same.
    assert_eq!(ask(), before);
    let mut tsv = String::from("en\tzh-CN\n");
    for (i, (en, zh)) in [
        ("respect", "尊重"),
        ("support", "支持"),
        ("benefit", "利益"),
        ("help", "帮助"),
        ("trade", "贸易"),
    ]
    .iter()
    .enumerate()
    {
        tsv.push_str(&format!(
            "Mutual {en} matters to {i}.\t相互{zh}对{i}很重要。\n"
        ));
        tsv.push_str(&format!(
            "Our mutual understanding of {en} grew.\t我们对{zh}的相互理解加深了。\n"
        ));
    }
    db.import_tsv(&tsv);
    let after = ask();
    assert_eq!(after, db.json(&args));
    assert_ne!(after, before, "the import changes the evidence");
}

/// The glossary's renderings in `to` of a match, as `answer::lookup` asks about them.
fn known_of<'a>(m: &'a concord::glossary::LookupMatch, to: &LangTag) -> Vec<Known<'a>> {
    m.terms
        .iter()
        .filter(|t| to.selects(&t.term.lang))
        .map(|t| {
            let approved = matches!(t.term.status, Status::Preferred | Status::Admitted);
            (t.term.text.as_str(), !approved)
        })
        .collect()
}

/// TICO-19's development half (1,536 pairs) with the shipped glossary and memory: every
/// shipped term looked up, English and Chinese, each evidence against the reference.
#[test]
#[ignore = "needs ../shared/data"]
fn tico19_lookups_answer_as_the_full_computation_does() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    assert!(data.is_dir(), "the real-data tier needs {}", data.display());
    let db = Db::new();
    let tmx = data.join("tico19/dev.en-zh.tmx");
    let (code, _, err) = db.run(&["tm", "import", tmx.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let store = Store::open_read_only(&db.path).unwrap();
    let shipped =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("glossary/concord.tsv"))
            .unwrap();
    let mut terms: Vec<(String, &str)> = shipped
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("concept\t"))
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('\t').collect();
            (cells.len() > 2).then(|| (cells[2].to_string(), cells[1]))
        })
        .collect();
    terms.sort();
    terms.dedup();
    let (mut asked, mut with_units) = (0, 0);
    for (term, from) in &terms {
        let to = if from.starts_with("en") {
            lang("zh-CN")
        } else {
            lang("en")
        };
        let q = LookupQuery {
            to: Some(to.clone()),
            ..LookupQuery::new(term.clone())
        };
        let a = answer::lookup(&store, &q).unwrap();
        let evidenced = a.matches.iter().filter(|m| !m.terms.is_empty()).take(3);
        for (m, e) in evidenced.zip(&a.memory) {
            let known = known_of(m, &to);
            asked += 1;
            with_units += usize::from(e.evidence.units > 0);
            assert_eq!(
                json(&Some(&e.evidence)),
                reference(&store, &m.matched_term, &m.matched_lang, &to, &known),
                "{term}: concept {}",
                m.concept
            );
        }
    }
    assert!(asked > 200 && with_units > 30, "{asked} {with_units}");
}
