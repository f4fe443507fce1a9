//! The fuzzy search's shortcuts across its threshold ladder (95, 85, 75, then the floor) are
//! exact: the counts and distances one threshold learns are reused at the next, and the count
//! filter goes a dense way (counts in arrays) when the prefix lists are long and a sparse way
//! (galloping merges) when they are short. Each case below compares the indexed top k with
//! the brute force (every segment scored) unit for unit, score for score, in order; a
//! shortcut that dropped a segment the brute force returns fails here.

#[path = "support/pairs.rs"]
mod pairs;
#[path = "support/rng.rs"]
mod rng;

use concord::memory::search::{self, PreparedQuery};
use concord::memory::{MemoryImport, Unit, Variant};
use concord::store::Store;
use concord::text::LangTag;
use rng::Rng;

fn lang(s: &str) -> LangTag {
    LangTag::parse(s).unwrap()
}

fn store(pairs: &[(String, String)]) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let tx = store.transaction().unwrap();
    let mut imp = MemoryImport::new(&tx, "test", "tsv").unwrap();
    for (i, (en, zh)) in pairs.iter().enumerate() {
        imp.add(Unit {
            variants: vec![
                Variant::plain(lang("en"), en.as_str()),
                Variant::plain(lang("zh-CN"), zh.as_str()),
            ],
            line: i as u64 + 1,
            ..Unit::default()
        })
        .unwrap();
    }
    imp.finish(Vec::new()).unwrap();
    tx.commit().unwrap();
    store
}

/// Indexed and brute force agree on `text` at every floor and for several k.
fn assert_exact(s: &Store, text: &str) {
    let range = search::source_range(s.conn(), text, None).unwrap();
    let q = PreparedQuery::new(text, LangTag::parse(range.primary()).unwrap());
    for min in [100, 95, 85, 75, 50] {
        for limit in [1, 40] {
            let fast = search::top_k(s.conn(), &q, &range, min, limit, false).unwrap();
            let slow = search::top_k(s.conn(), &q, &range, min, limit, true).unwrap();
            assert_eq!(fast, slow, "{text:?} at min {min}, top {limit}");
        }
    }
}

/// Every token is common (a 32-word, 50-character vocabulary): the prefix lists are long and
/// the count filter goes the dense way, its counts taken at one threshold and reused at the
/// next.
#[test]
fn dense_counts_reused_across_thresholds_drop_nothing() {
    let all = pairs::pairs(17, 6_000);
    let s = store(&all);
    let mut rng = Rng::new(17, 3);
    for i in 0..10 {
        let pair = &all[rng.below(all.len())];
        let text = pairs::near_query(&mut rng, pair, i % 2 == 0);
        assert_exact(&s, &text);
        // The segment itself, unchanged: the 95 threshold finds it and may stop there.
        assert_exact(&s, if i % 2 == 0 { &pair.0 } else { &pair.1 });
    }
}

/// Rare tokens beside common ones: the prefix lists are short, the count filter goes the
/// sparse way (segments admitted at one threshold, counted on at the next, further lists
/// galloped through), and a segment that fails one threshold's count filter must still be
/// found at a lower one.
#[test]
fn sparse_counts_carried_to_lower_thresholds_drop_nothing() {
    let mut all = pairs::pairs(29, 3_000);
    // Rare words, each in a few sentences of different lengths, so that lower thresholds
    // admit segments a higher one's length filter left out.
    let rare = ["zephyr", "quasar", "obelisk", "fjord", "tundra"];
    let mut rng = Rng::new(29, 5);
    for k in 0..300 {
        let (en, zh) = all[rng.below(3_000)].clone();
        let mut w: Vec<String> = en.split(' ').map(str::to_string).collect();
        for r in rare.iter().take(1 + k % 3) {
            let j = rng.below(w.len());
            w.insert(j, r.to_string());
        }
        if k % 4 == 0 {
            w.truncate(w.len().saturating_sub(2).max(2));
        }
        all.push((w.join(" "), format!("{zh}{k}")));
    }
    let s = store(&all);
    for text in [
        "zephyr the mayor met the governor in Shanghai .",
        "the zephyr quasar mayor welcomed the delegation.",
        "obelisk fjord tundra the city bridge river.",
        "zephyr quasar obelisk fjord tundra.",
        "the mayor zephyr.",
    ] {
        assert_exact(&s, text);
    }
    for _ in 0..8 {
        let (en, _) = &all[3_000 + rng.below(300)];
        let mut w: Vec<&str> = en.split(' ').collect();
        let j = rng.below(w.len());
        w.remove(j);
        assert_exact(&s, &w.join(" "));
    }
}
