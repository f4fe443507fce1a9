//! One request type for the memory's evidence (`suggest::EvidenceRequest`): every entry point
//! (`memory::evidence`, `suggest::evidence`, `suggest::evidence_with`, and lookup through what
//! the process keeps) answers the same request the same way, and each field does what it
//! says: `limit` caps the memory's own renderings, `sample` the units read, `known` the
//! renderings counted.

use concord::answer;
use concord::glossary::{LookupQuery, Status};
use concord::memory::{
    self,
    suggest::{self, EVIDENCE_SAMPLE, EvidenceRequest, Known, Ranked, SAMPLE_CAP},
};
use concord::store::Store;
use concord::text::LangTag;

mod common;
use common::Db;

fn lang(s: &str) -> LangTag {
    LangTag::parse(s).unwrap()
}

fn json<T: serde::Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).unwrap()
}

/// "harbour" rendered four ways in 48 units (港口 24, 海港 12, 港湾 8, 码头 4) in three contexts,
/// with a glossary entry giving 港口 and deprecating 码头.
fn harbours() -> Db {
    let db = Db::with_glossary(&[&["en=harbour", "zh-CN=港口", "zh-CN=码头"]]);
    let mut tsv = String::from("en\tzh-CN\n");
    for i in 0..48 {
        let zh = match i % 12 {
            0..=5 => "港口",
            6..=8 => "海港",
            9 | 10 => "港湾",
            _ => "码头",
        };
        // Three contexts, so that the rendering is what the units share.
        tsv.push_str(&match i % 3 {
            0 => format!("Ferry {i} left the harbour at dawn.\t第{i}号渡轮黎明时离开了{zh}。\n"),
            1 => format!("The harbour was busy on day {i}.\t{zh}在第{i}天很忙。\n"),
            _ => format!("We reached the harbour after {i} hours.\t{i}小时后我们到达了{zh}。\n"),
        });
    }
    db.import_tsv(&tsv);
    db
}

fn request<'a>(
    term: &'a str,
    (from, to): (&'a LangTag, &'a LangTag),
    known: &'a [Known<'a>],
    limit: usize,
    sample: usize,
) -> EvidenceRequest<'a> {
    EvidenceRequest {
        term,
        from: Some(from),
        to: Some(to),
        known,
        limit,
        sample,
    }
}

#[test]
fn every_entry_point_answers_one_request_the_same() {
    let db = harbours();
    let store = Store::open_read_only(&db.path).unwrap();
    let (en, zh) = (lang("en"), lang("zh-CN"));
    let known: [Known; 2] = [("港口", false), ("码头", true)];
    let mut others = Vec::new();
    for limit in [0, 1, 3] {
        let req = request("harbour", (&en, &zh), &known, limit, EVIDENCE_SAMPLE);
        let a = memory::evidence(&store, &req).unwrap();
        let b = suggest::evidence(store.conn(), store.conn(), &req).unwrap();
        let c = suggest::evidence_with(store.conn(), store.conn(), &req, &mut Ranked::reference())
            .unwrap();
        assert_eq!(json(&a), json(&b), "limit {limit}");
        assert_eq!(json(&a), json(&c), "limit {limit}");
        let e = a.unwrap();
        assert_eq!(e.units, 48);
        let counted: Vec<(&str, usize, bool)> = e
            .renderings
            .iter()
            .map(|r| (r.text.as_str(), r.units, r.deprecated))
            .collect();
        assert_eq!(counted, [("港口", 24, false), ("码头", 4, true)]);
        // `limit` caps the memory's own renderings, which stand where the glossary's do not.
        assert!(e.others.len() <= limit, "{limit}: {}", json(&e.others));
        assert_eq!(e.others.is_empty(), limit == 0, "{limit}: {}", json(&e));
        others.push(e.others);
    }
    // A smaller limit gives the first of the same others.
    assert_eq!(json(&others[1][..]), json(&others[2][..1]));
}

#[test]
fn sample_caps_the_units_read() {
    let db = harbours();
    let store = Store::open_read_only(&db.path).unwrap();
    let (en, zh) = (lang("en"), lang("zh-CN"));
    let all = memory::evidence(&store, &request("harbour", (&en, &zh), &[], 3, 100))
        .unwrap()
        .unwrap();
    assert_eq!((all.units, all.sampled), (48, false));
    let some = memory::evidence(&store, &request("harbour", (&en, &zh), &[], 3, 10))
        .unwrap()
        .unwrap();
    assert_eq!((some.units, some.sampled), (10, true));
}

/// Lookup asks one request per matched concept: the matched term and language, the concept's
/// renderings in `to` (deprecated unless preferred or admitted), 3 others, the evidence's
/// sample; and, when the glossary matches nothing, the query itself with `suggest`'s sample.
#[test]
fn lookup_gives_what_its_requests_give() {
    let db = harbours();
    let store = Store::open_read_only(&db.path).unwrap();
    let (en, zh) = (lang("en"), lang("zh-CN"));
    let q = LookupQuery {
        to: Some(zh.clone()),
        ..LookupQuery::new("Harbour")
    };
    let a = answer::lookup(&store, &q).unwrap();
    assert_eq!((a.matches.len(), a.memory.len()), (1, 1));
    let m = &a.matches[0];
    let known: Vec<Known> = m
        .terms
        .iter()
        .filter(|t| zh.selects(&t.term.lang))
        .map(|t| {
            let approved = matches!(t.term.status, Status::Preferred | Status::Admitted);
            (t.term.text.as_str(), !approved)
        })
        .collect();
    let req = request(
        &m.matched_term,
        (&m.matched_lang, &zh),
        &known,
        3,
        EVIDENCE_SAMPLE,
    );
    assert_eq!(
        json(&Some(&a.memory[0].evidence)),
        json(&memory::evidence(&store, &req).unwrap())
    );
    assert_eq!(a.memory[0].concept, Some(m.concept));

    // No entry for "dawn": the memory's evidence for the query, with nothing known.
    let q = LookupQuery {
        from: Some(en.clone()),
        to: Some(zh.clone()),
        ..LookupQuery::new("dawn")
    };
    let a = answer::lookup(&store, &q).unwrap();
    assert!(a.matches.is_empty());
    let req = EvidenceRequest {
        term: "dawn",
        from: Some(&en),
        to: Some(&zh),
        known: &[],
        limit: 3,
        sample: SAMPLE_CAP,
    };
    assert_eq!(a.memory.len(), 1);
    assert_eq!(a.memory[0].concept, None);
    assert_eq!(
        json(&Some(&a.memory[0].evidence)),
        json(&memory::evidence(&store, &req).unwrap())
    );
}

/// A request the memory cannot answer is no evidence, not an error: an empty or overlong
/// term, a language the memory lacks.
#[test]
fn no_evidence_for_what_the_memory_cannot_answer() {
    let db = harbours();
    let store = Store::open_read_only(&db.path).unwrap();
    let (en, zh, fr) = (lang("en"), lang("zh-CN"), lang("fr"));
    let long = "harbour ".repeat(20);
    for (term, to) in [("  ", &zh), (long.as_str(), &zh), ("harbour", &fr)] {
        let req = request(term, (&en, to), &[], 3, EVIDENCE_SAMPLE);
        assert!(
            memory::evidence(&store, &req).unwrap().is_none(),
            "{term:?} {to}"
        );
    }
}
