//! Generated English–Chinese pairs, most of them near-duplicates of earlier ones, so that
//! fuzzy search has ties and near misses to order (shared by `tests/postgres.rs` and
//! `benches/pg.rs`).

// Each crate that includes this file uses only part of it.
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;

use super::rng::Rng;

const WORDS: &[&str] = &[
    "the",
    "a",
    "of",
    "to",
    "and",
    "in",
    "mayor",
    "governor",
    "city",
    "cities",
    "sister",
    "bridge",
    "river",
    "visit",
    "delegation",
    "government",
    "people",
    "memorandum",
    "understanding",
    "signed",
    "opened",
    "met",
    "welcomed",
    "Shanghai",
    "Nanjing",
    "Francisco",
    "port",
    "trade",
    "it's",
    "well-known",
    "AI",
    "US",
];
const HANS: &str = "市长会见了州长上海与旧金山结为友好城市双方签署谅解备忘录南京江大桥通车代表团讨论新产品的是在有人中国";

/// A pair of generated sentences; near-duplicates of earlier ones most of the time, so that
/// fuzzy search has ties and near misses to order.
pub fn pairs(seed: u64, n: usize) -> Vec<(String, String)> {
    let mut rng = Rng::new(seed, 7);
    let hans: Vec<char> = HANS.chars().collect();
    let mut out: Vec<(String, String)> = Vec::with_capacity(n);
    while out.len() < n {
        if out.is_empty() || rng.chance(30) {
            let en: Vec<&str> = (0..4 + rng.below(9))
                .map(|_| WORDS[rng.below(WORDS.len())])
                .collect();
            let mut en = en.join(" ");
            if rng.chance(30) {
                en.push_str(&format!(" in {}", 1950 + rng.below(80)));
            }
            en.push('.');
            let mut zh: String = (0..5 + rng.below(12))
                .map(|_| hans[rng.below(hans.len())])
                .collect();
            zh.push('。');
            out.push((en, zh));
            continue;
        }
        let (en, zh) = out[rng.below(out.len())].clone();
        let mut words: Vec<String> = en.split(' ').map(str::to_string).collect();
        let i = rng.below(words.len());
        match rng.below(3) {
            0 => words[i] = WORDS[rng.below(WORDS.len())].to_string(),
            1 if words.len() > 2 => {
                words.remove(i);
            }
            _ => words.insert(i, WORDS[rng.below(WORDS.len())].to_uppercase()),
        }
        let mut cs: Vec<char> = zh.chars().collect();
        let j = rng.below(cs.len());
        cs[j] = hans[rng.below(hans.len())];
        out.push((words.join(" "), cs.into_iter().collect()));
    }
    out
}

/// A fuzzy query near a pair: its English with one word made "harbour", or its Chinese with
/// one character made 港 (neither is in the generator's vocabulary).
pub fn near_query(rng: &mut Rng, (en, zh): &(String, String), english: bool) -> String {
    if english {
        let mut w: Vec<&str> = en.split(' ').collect();
        let j = rng.below(w.len());
        w[j] = "harbour";
        w.join(" ")
    } else {
        let mut cs: Vec<char> = zh.chars().collect();
        let j = rng.below(cs.len());
        cs[j] = '港';
        cs.into_iter().collect()
    }
}

pub fn write_tsv(path: &Path, pairs: &[(String, String)]) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(f, "en\tzh-CN").unwrap();
    for (en, zh) in pairs {
        writeln!(f, "{en}\t{zh}").unwrap();
    }
}
