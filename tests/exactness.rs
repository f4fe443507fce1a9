//! The searches' exactness contracts on every `cargo test`: fuzzy search returns exactly what
//! scoring every segment returns (units, scores, order), and concordance exactly what
//! scanning every segment returns, on a generated memory of a few thousand English–Chinese
//! pairs full of near-duplicates, the case the index's filters are most likely to get wrong.
//! The benchmark (`benches/tm.rs`) runs the same references on a million pairs.

#[path = "support/oracle.rs"]
mod oracle;
#[path = "support/rng.rs"]
mod rng;

use concord::memory::concordance::{ConcordanceQuery, Side};
use concord::memory::{self, MemoryImport, SearchQuery, Unit, Variant};
use concord::store::Store;
use concord::text::LangTag;
use concord::text::script::has_han;
use oracle::{BruteIndex, Scan, ScanHit, Scratch};
use rng::Rng;

const SEED: u64 = 0x00C0_4C0D_7E57_0001;
const PAIRS: usize = 3_000;
const FUZZY_QUERIES: usize = 300;
const CONCORDANCE_QUERIES: usize = 400;

const WORDS: &[&str] = &[
    "the",
    "a",
    "of",
    "to",
    "and",
    "in",
    "is",
    "on",
    "at",
    "by",
    "as",
    "an",
    "or",
    "it",
    "we",
    "us",
    "AI",
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
    "municipal",
    "people",
    "memorandum",
    "understanding",
    "signed",
    "opened",
    "met",
    "welcomed",
    "said",
    "says",
    "discussed",
    "new",
    "products",
    "trade",
    "cooperation",
    "exchange",
    "friendly",
    "between",
    "two",
    "sides",
    "year",
    "years",
    "since",
    "agreement",
    "council",
    "report",
    "meeting",
    "press",
    "conference",
    "Shanghai",
    "Nanjing",
    "Beijing",
    "California",
    "San",
    "Francisco",
    "Los",
    "Angeles",
    "economic",
    "culture",
    "education",
    "science",
    "technology",
    "health",
    "energy",
    "offshore",
    "wind",
    "power",
    "station",
    "project",
    "company",
    "market",
    "growth",
    "percent",
    "million",
    "billion",
    "mayor's",
    "people's",
    "don't",
    "well-known",
    "long-term",
    "e-mail",
    "today",
    "tomorrow",
    "yesterday",
    "will",
    "would",
    "should",
    "promote",
    "support",
    "relations",
    "healthy",
    "stable",
    "development",
    "international",
    "national",
    "local",
    "public",
    "transport",
    "passenger",
    "this",
    "that",
    "these",
    "those",
    "with",
    "from",
    "for",
    "about",
    "after",
];

const HANS: &str = "上海市长会见了代表团南京江大桥通车他们讨论新产品双方签署谅解备忘录友好城市\
    旧金山洛杉矶加利福尼亚州政府人民欢迎访问我们愿积极推动交流助力中美关系健康稳定发展\
    经济文化教育科学技术能源海风电项目公司场增长百分之亿年以来协议议会报告记者招待今天明日\
    昨天将会应该支持国际地方公共交通乘客这那些和从对于之后的是在有不一个中";

/// Simplified characters of `HANS` and their Traditional forms: the key folds them, the
/// `format` penalty notices them.
const TRADITIONAL: &[(char, char)] = &[
    ('会', '會'),
    ('长', '長'),
    ('国', '國'),
    ('见', '見'),
    ('团', '團'),
    ('桥', '橋'),
    ('车', '車'),
    ('们', '們'),
    ('论', '論'),
    ('产', '產'),
    ('双', '雙'),
    ('签', '簽'),
    ('录', '錄'),
    ('关', '關'),
    ('经', '經'),
    ('发', '發'),
    ('电', '電'),
];

/// `text` with every character of [`TRADITIONAL`] in Traditional, or in Simplified.
fn script(text: &str, traditional: bool) -> String {
    text.chars()
        .map(|c| {
            TRADITIONAL
                .iter()
                .find(|&&(s, t)| c == s || c == t)
                .map_or(c, |&(s, t)| if traditional { t } else { s })
        })
        .collect()
}

/// The edits both languages share, by number: the `i`th word or character replaced by `new`,
/// deleted (unless it is the only one), or `new` inserted before it.
fn splice<T>(items: &mut Vec<T>, i: usize, edit: usize, new: T) {
    match edit {
        0 => items[i] = new,
        1 if items.len() > 1 => {
            items.remove(i);
        }
        _ => items.insert(i, new),
    }
}

struct Gen {
    rng: Rng,
    hans: Vec<char>,
}

impl Gen {
    fn word(&mut self) -> String {
        WORDS[self.rng.below(WORDS.len())].to_string()
    }

    fn han(&mut self) -> char {
        self.hans[self.rng.below(self.hans.len())]
    }

    fn number(&mut self) -> String {
        match self.rng.below(4) {
            0 => (1950 + self.rng.below(80)).to_string(),
            1 => format!("{}.{}", self.rng.below(100), self.rng.below(10)),
            2 => format!("{},{:03}", 1 + self.rng.below(99), self.rng.below(1000)),
            _ => self.rng.below(100).to_string(),
        }
    }

    fn pair(&mut self) -> (String, String) {
        let number = self.rng.chance(30).then(|| self.number());
        let mut en: Vec<String> = (0..4 + self.rng.below(11)).map(|_| self.word()).collect();
        if let Some(n) = &number {
            let at = self.rng.below(en.len() + 1);
            en.insert(at, n.clone());
        }
        if self.rng.chance(30) {
            let at = 1 + self.rng.below(en.len() - 1);
            en[at - 1].push(',');
        }
        let mut en = en.join(" ");
        if let Some(c) = en.get(..1) {
            en = c.to_uppercase() + &en[1..];
        }
        en.push(['.', '.', '?', '!'][self.rng.below(4)]);
        let mut zh: String = (0..5 + self.rng.below(16)).map(|_| self.han()).collect();
        if let Some(n) = &number {
            zh.insert_str(0, &format!("{n}年，"));
        }
        zh.push(['。', '。', '？', '！'][self.rng.below(4)]);
        (en, zh)
    }

    /// One small edit of English text: a word replaced, deleted or inserted, a case or
    /// punctuation change, a number changed.
    fn english(&mut self, text: &str) -> String {
        let mut words: Vec<String> = text.split(' ').map(str::to_string).collect();
        let i = self.rng.below(words.len());
        match self.rng.below(8) {
            edit @ 0..=2 => {
                let w = self.word();
                splice(&mut words, i, edit, w);
            }
            3 => words[i] = words[i].to_uppercase(),
            4 => {
                let mut cs = words[i].chars();
                words[i] = cs.next().map_or(String::new(), |c| {
                    c.to_uppercase().chain(cs).collect::<String>()
                });
            }
            5 => {
                let w = &mut words[i];
                match w.pop() {
                    Some(c) if c.is_ascii_punctuation() => {}
                    Some(c) => {
                        w.push(c);
                        w.push(if self.rng.chance(50) { ',' } else { ';' });
                    }
                    None => {}
                }
            }
            6 => {
                let w = &mut words[i];
                *w = w.replace('\'', "\u{2019}").replace('-', "\u{2010}");
            }
            _ => {
                let n = self.number();
                match words
                    .iter()
                    .position(|w| w.chars().any(|c| c.is_ascii_digit()))
                {
                    Some(j) => words[j] = n,
                    None => words.insert(i, n),
                }
            }
        }
        words.join(" ")
    }

    /// One small edit of Chinese text: a character replaced, deleted, inserted or swapped
    /// with its neighbour, written in Traditional, punctuation or a number changed.
    fn chinese(&mut self, text: &str) -> String {
        let mut cs: Vec<char> = text.chars().collect();
        let i = self.rng.below(cs.len());
        match self.rng.below(7) {
            edit @ 0..=2 => {
                let c = self.han();
                splice(&mut cs, i, edit, c);
            }
            3 if i + 1 < cs.len() => cs.swap(i, i + 1),
            4 => {
                for c in cs.iter_mut() {
                    if let Some(&(_, t)) = TRADITIONAL.iter().find(|(s, _)| s == c) {
                        *c = t;
                        break;
                    }
                }
            }
            5 => cs.insert(i, if self.rng.chance(50) { '，' } else { '、' }),
            _ => {
                let digits = cs.iter().position(|c| c.is_ascii_digit());
                let n: Vec<char> = self.number().chars().collect();
                match digits {
                    Some(j) => {
                        let end = (j..cs.len())
                            .find(|&k| !cs[k].is_ascii_digit())
                            .unwrap_or(cs.len());
                        cs.splice(j..end, n);
                    }
                    None => {
                        cs.splice(i..i, n);
                    }
                }
            }
        }
        cs.into_iter().collect()
    }

    fn edits(&mut self, text: &str, zh: bool, edits: usize) -> String {
        let mut t = text.to_string();
        for _ in 0..edits {
            t = if zh {
                self.chinese(&t)
            } else {
                self.english(&t)
            };
        }
        t
    }
}

fn lang(tag: &str) -> LangTag {
    LangTag::parse(tag).unwrap()
}

/// The memory: a third fresh pairs, the rest near-duplicates of earlier ones (of either side,
/// or both), a few with inline codes, units in both orders, some with a source language.
fn memory(g: &mut Gen) -> (Store, Vec<(String, String)>) {
    let mut pairs: Vec<(String, String)> = Vec::with_capacity(PAIRS);
    while pairs.len() < PAIRS {
        if pairs.is_empty() || g.rng.chance(33) {
            pairs.push(g.pair());
            continue;
        }
        let (en, zh) = pairs[g.rng.below(pairs.len())].clone();
        let edits = 1 + g.rng.below(3);
        let (en, zh) = match g.rng.below(3) {
            0 => (g.edits(&en, false, edits), zh),
            1 => (en, g.edits(&zh, true, edits)),
            _ => (g.edits(&en, false, edits), g.edits(&zh, true, edits)),
        };
        pairs.push((en, zh));
    }
    let mut store = Store::open_in_memory().unwrap();
    let tx = store.transaction().unwrap();
    let mut imp = MemoryImport::new(&tx, "generated", "tsv").unwrap();
    for (i, (en, zh)) in pairs.iter().enumerate() {
        let mut en = Variant::plain(lang("en"), en.as_str());
        let mut zh = Variant::plain(lang("zh-CN"), zh.as_str());
        if g.rng.chance(5) {
            en.markup = Some(format!("<ph x=\"1\"/>{}", en.text));
        }
        if g.rng.chance(5) {
            zh.markup = Some(format!("{}<ph x=\"1\"/>", zh.text));
        }
        let (variants, srclang) = match g.rng.below(3) {
            0 => (vec![en, zh], Some(lang("en"))),
            1 => (vec![zh, en], None),
            _ => (vec![en, zh], None),
        };
        imp.add(Unit {
            variants,
            srclang,
            line: i as u64 + 1,
            ..Unit::default()
        })
        .unwrap();
    }
    imp.finish(Vec::new()).unwrap();
    tx.commit().unwrap();
    (store, pairs)
}

fn generated() -> (Store, Vec<(String, String)>, Gen) {
    let mut g = Gen {
        rng: Rng::new(SEED, 1),
        hans: HANS.chars().filter(|c| !c.is_whitespace()).collect(),
    };
    let (store, pairs) = memory(&mut g);
    (store, pairs, g)
}

#[test]
fn fuzzy_search_equals_scoring_every_segment() {
    let (store, pairs, mut g) = generated();
    let idx = BruteIndex::build(store.conn());
    let mut scratch = Scratch::new(&idx);
    let mut compared = 0;
    for i in 0..FUZZY_QUERIES {
        let zh = i % 2 == 1;
        let (en_text, zh_text) = &pairs[g.rng.below(pairs.len())];
        let from = if zh { zh_text } else { en_text };
        // Exact copies, near ones at one to three edits, and fresh sentences.
        let text = match g.rng.below(6) {
            0 => from.clone(),
            1 => {
                let (en, zh_new) = g.pair();
                if zh { zh_new } else { en }
            }
            _ => {
                let edits = 1 + g.rng.below(3);
                g.edits(from, zh, edits)
            }
        };
        let range = lang(if zh { "zh" } else { "en" });
        for min in [50, 75, 85, 95] {
            let want = idx.top_k(&range, &text, min, 20, &mut scratch);
            assert_eq!(
                want.disagreements, 0,
                "tokenisation disagreement on {text:?}"
            );
            for limit in [1, 5, 20] {
                let got = memory::search(
                    &store,
                    &SearchQuery {
                        text: text.clone(),
                        from: None,
                        to: None,
                        min,
                        limit,
                    },
                )
                .unwrap();
                let got: Vec<_> = got
                    .iter()
                    .map(|h| (h.unit, h.score, h.base, h.penalties.clone()))
                    .collect();
                let want: Vec<_> = want
                    .top
                    .iter()
                    .take(limit)
                    .map(|s| (s.unit, s.score, s.base, s.penalties.clone()))
                    .collect();
                assert_eq!(got, want, "{text:?} at min {min}, limit {limit}");
                compared += 1;
            }
        }
    }
    assert_eq!(compared, FUZZY_QUERIES * 12);
}

/// A piece of `text` from char `start`, `len` chars long (clamped).
fn cut(text: &str, start: usize, len: usize) -> String {
    text.chars().skip(start).take(len).collect()
}

#[test]
fn concordance_equals_scanning_every_segment() {
    let (store, pairs, mut g) = generated();
    let scan = Scan::build(store.conn());
    let mut queries: Vec<String> = Vec::new();
    while queries.len() < CONCORDANCE_QUERIES {
        let (en, zh) = &pairs[g.rng.below(pairs.len())];
        let q = match g.rng.below(6) {
            // One to five characters of a Chinese segment, as written or in one script.
            0 | 1 => {
                let n = zh.chars().count();
                let piece = cut(zh, g.rng.below(n), 1 + g.rng.below(5));
                match g.rng.below(3) {
                    0 => script(&piece, true),
                    1 => script(&piece, false),
                    _ => piece,
                }
            }
            // English cut anywhere, so it may start and end inside words.
            2 | 3 => {
                let n = en.chars().count();
                cut(en, g.rng.below(n), 3 + g.rng.below(20))
            }
            // One or two letters: whole words only, whether a word or a piece of one.
            4 => match g.rng.below(3) {
                0 => ["a", "an", "of", "in", "us", "AI", "is", "IT"][g.rng.below(8)].to_string(),
                _ => {
                    let n = en.chars().count();
                    cut(en, g.rng.below(n), 1 + g.rng.below(2))
                }
            },
            // Whole words, in another case, or a phrase no segment has.
            _ => {
                let w = g.word();
                if g.rng.chance(50) {
                    w.to_uppercase()
                } else {
                    format!("{w} {} {w}", g.word())
                }
            }
        };
        if !q.trim().is_empty() {
            queries.push(q);
        }
    }
    let (mut with_hits, mut across_scripts) = (0, 0);
    for (i, text) in queries.iter().enumerate() {
        let side = [Side::Both, Side::Source, Side::Target][i % 3];
        let lang = [None, Some(lang("en")), Some(lang("zh"))][i / 3 % 3].clone();
        for limit in [1, 10, 50] {
            let q = ConcordanceQuery {
                text: text.clone(),
                side,
                lang: lang.clone(),
                limit,
            };
            let got: Vec<ScanHit> = memory::concordance(&store, &q)
                .unwrap()
                .into_iter()
                .map(|h| ScanHit {
                    unit: h.unit,
                    text: h.segment.text,
                    start: h.start,
                    len: h.len,
                })
                .collect();
            let want = scan.concordance(&q);
            with_hits += usize::from(!want.is_empty());
            // Han has no case: a Han hit that differs from the query was found by its script.
            across_scripts += want
                .iter()
                .map(|h| cut(&h.text, h.start, h.len))
                .filter(|found| has_han(found) && found != text)
                .count();
            assert_eq!(got, want, "{text:?} ({side:?}, {lang:?}, limit {limit})");
        }
    }
    // The queries must find something, or the comparison proves little; and some of it in
    // the other script, or the folding is not tried.
    assert!(with_hits > queries.len(), "{with_hits} answers with hits");
    assert!(across_scripts > 0, "no hit found across scripts");
}
