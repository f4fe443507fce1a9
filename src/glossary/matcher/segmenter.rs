//! jieba, taught the glossary's words, whose segmentation vetoes Chinese hits that cut through
//! a word; and its warm-up, which loads jieba's dictionary on another thread while the glossary
//! is still being read.

use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;

use jieba_rs::Jieba;

use crate::text::LangTag;
use crate::text::key::simplified_char;
use crate::text::lang::is_chinese_primary;
use crate::text::script;

/// jieba with the glossary's words, built the first time a Chinese segment needs it, so that a
/// check of English text never pays for loading its dictionary; or on another thread from the
/// start, for a caller that knows it will segment Chinese ([`SegmenterWarmup`]).
pub(super) struct Segmenter {
    lexicon: Arc<Lexicon>,
    jieba: OnceLock<(Jieba, Taught)>,
    building: Mutex<Option<JoinHandle<(Jieba, Taught)>>>,
}

/// The glossary's words as jieba is to learn them.
pub(super) enum Lexicon {
    /// Each with the frequency jieba suggests for it when it is taught (a fresh build): the
    /// suggestion segments the word, and costs as much as a third of a second over a large
    /// glossary.
    Words(Vec<String>),
    /// The words a teaching added, with the frequencies it gave them, in order (a stored
    /// matcher): adding them so gives jieba the state the teaching gave it.
    Taught(Taught),
}

/// The words a teaching added to jieba's dictionary, in order, with their frequencies.
pub(super) type Taught = Arc<Vec<(String, usize)>>;

/// jieba's own dictionary, loaded on another thread while the glossary is read: a third of a
/// second (350,000 words) that has no need to wait for it. Give it to
/// [`super::TermMatcher::with_segmenter`], which teaches it the glossary's words, still on that
/// thread.
pub struct SegmenterWarmup(JoinHandle<Jieba>);

impl SegmenterWarmup {
    pub fn start() -> SegmenterWarmup {
        SegmenterWarmup(std::thread::spawn(Jieba::new))
    }

    /// Does text in this language need the segmenter (and so a warm-up)?
    pub fn needed_for(lang: &LangTag) -> bool {
        lang.is_chinese()
    }

    /// [`SegmenterWarmup::needed_for`], for a language's primary subtag.
    pub fn needed_for_primary(primary: &str) -> bool {
        is_chinese_primary(primary)
    }
}

/// Adds the glossary's words to jieba. The suggested frequency is the least that keeps a word
/// whole when it stands alone: enough that a term is never split, not so much that it wins
/// where the text means something else (南京市/长江大桥 must survive 市长).
fn teach(jieba: &mut Jieba, lexicon: &Lexicon) -> Taught {
    match lexicon {
        Lexicon::Words(words) => {
            let mut taught = Vec::new();
            for w in words {
                if !jieba.has_word(w) {
                    let freq = jieba.add_word(w, None, None);
                    taught.push((w.clone(), freq));
                }
            }
            Arc::new(taught)
        }
        Lexicon::Taught(taught) => {
            for (w, freq) in taught.iter() {
                jieba.add_word(w, Some(*freq), None);
            }
            Arc::clone(taught)
        }
    }
}

impl Segmenter {
    /// A segmenter that learns `lexicon`, on the warm-up's thread when there is one.
    pub(super) fn new(lexicon: Lexicon, warmup: Option<SegmenterWarmup>) -> Segmenter {
        let lexicon = Arc::new(lexicon);
        let building = warmup.map(|SegmenterWarmup(base)| {
            let lexicon = Arc::clone(&lexicon);
            std::thread::spawn(move || {
                let mut jieba = base.join().unwrap_or_else(|_| Jieba::new());
                let taught = teach(&mut jieba, &lexicon);
                (jieba, taught)
            })
        });
        Segmenter {
            lexicon,
            jieba: OnceLock::new(),
            building: Mutex::new(building),
        }
    }

    pub(super) fn taught(&self) -> &(Jieba, Taught) {
        self.jieba.get_or_init(|| {
            let building = self.building.lock().ok().and_then(|mut b| b.take());
            // A thread that panicked gave nothing: build here instead.
            building.and_then(|b| b.join().ok()).unwrap_or_else(|| {
                let mut jieba = Jieba::new();
                let taught = teach(&mut jieba, &self.lexicon);
                (jieba, taught)
            })
        })
    }

    fn jieba(&self) -> &Jieba {
        &self.taught().0
    }

    /// Is `word` (simplified) in the segmenter's dictionary, its own or taught?
    pub(super) fn knows(&self, word: &str) -> bool {
        self.jieba().has_word(word)
    }

    /// For each character of a segment, does it read as a noun standing as a word of its own?
    /// A one-character term is that noun far less often than its character stands in a text:
    /// 站 in 站在 is the verb "stand", 部 in 两部 a measure word, 部 in 部长 part of a word.
    /// jieba's tag of a dictionary word is the dictionary's, whatever the context (站 is
    /// always `v`), so the neighbours decide, in this order:
    /// - a word jieba does not cut alone is part of a longer word, never the term;
    /// - after a numeral or a demonstrative it is a measure word (两部作品, 600部图书);
    /// - when it begins a longer dictionary word with the next character (部长 where jieba
    ///   read 部/长安 in 内阁部长安布尔), the text can be read without it, so it is not
    ///   counted, unless a locative follows (站内): a locative follows nouns (内, 外, 里, 旁,
    ///   边, 侧, 前, 后; not 上, 下, 中, which also close verbs: 站上舞台);
    /// - tagged a noun (or taught without a tag: nothing says it is not one), it is the noun;
    /// - otherwise (a verb by the dictionary) it is the noun only where a noun's neighbours
    ///   stand: a locative or a noun (or a classifier) after it (站内, 出站层), or, after a word of two
    ///   characters or more that it closes as the head of a compound (焚烧站, 援助站), no verb,
    ///   preposition or aspect particle after it (站在, 站出来, 站着 are the verb).
    pub(super) fn lone_nouns(&self, orig: &[char]) -> Vec<bool> {
        let text: String = orig.iter().map(|&c| simplified_char(c)).collect();
        let chars: Vec<char> = text.chars().collect();
        let mut out = vec![false; orig.len()];
        if chars.len() != orig.len() {
            return out;
        }
        let jieba = self.jieba();
        let tags = jieba.tag(&text, false);
        let mut at = 0;
        for (i, t) in tags.iter().enumerate() {
            let n = t.word.chars().count();
            if n == 1 && script::is_han(chars[at]) {
                let before = i.checked_sub(1).map(|j| &tags[j]);
                let after = tags.get(i + 1);
                // By the character: jieba tags 内 of 站/内 a noun.
                let locative_after = chars
                    .get(at + 1)
                    .is_some_and(|&c| "内外里旁边侧前后".contains(c));
                let measure = at > 0 && counts(chars[at - 1]);
                let starts_word = (2..=4).any(|k| {
                    at + k <= chars.len()
                        && jieba.has_word(&chars[at..at + k].iter().collect::<String>())
                });
                let noun_reading = if t.tag.is_empty() || t.tag.starts_with('n') {
                    true
                } else {
                    // 层 of 出站层 is tagged a classifier, which modifies a noun too.
                    let noun_after = after.is_some_and(|a| a.tag.starts_with('n') || a.tag == "q");
                    let verb_after = after.is_some_and(|a| {
                        a.tag.starts_with('v')
                            || a.tag == "p"
                            || matches!(a.tag, "ul" | "uz" | "ug")
                    });
                    let compound_head = before.is_some_and(|b| {
                        b.word.chars().count() >= 2 && b.word.chars().all(script::is_han)
                    });
                    locative_after || noun_after || (compound_head && !verb_after)
                };
                out[at] = noun_reading && !measure && (!starts_word || locative_after);
            }
            at += n;
        }
        out
    }

    /// Can `[s, e)`, a Chinese span with Han characters on both sides, be read as two
    /// dictionary words that meet inside it and cross both its edges? 该市长达三年 reads
    /// 该市/长达, 南京市长江大桥 南京市/长江大桥: the span is an accident of the text there,
    /// whatever the segmenter, taught the glossary's words, chose (it may cut 该/市长/达). A
    /// term with such a reading on one side only (北京市长陈吉宁: 北京市, then no word 长陈)
    /// stands.
    pub(super) fn crossed(&self, words: &Words, orig: &[char], s: usize, e: usize) -> bool {
        if !(han_edge(orig, s) && han_edge(orig, e)) {
            return false;
        }
        let chars = &words.chars;
        let jieba = self.jieba();
        let word = |a: usize, b: usize| {
            (a..b).all(|i| script::is_han(chars[i]))
                && jieba.has_word(&chars[a..b].iter().collect::<String>())
        };
        (s + 1..e).any(|b| {
            (s.saturating_sub(3)..s).any(|a| word(a, b))
                && (e + 1..=(e + 3).min(chars.len())).any(|c| word(b, c))
        })
    }

    /// Does the hit `[s, e)` close a frame construction opened earlier in its clause, so that
    /// its characters are not the term? Two frames of Chinese grammar, each read from the
    /// segmenter's words:
    /// - 在 … 中 (and 上, 下, 里, 内): a locative closes "in …", and when the term is that
    ///   locative followed by an adverb (共 "in all", 也, 都, 已…), it is read across two
    ///   words: 在其职业生涯中/共取得 "won in all in his career" holds no 中共. Only an adverb,
    ///   by jieba's dictionary: 在北京急救中心 is the centre of a name, 在北京中关村 a place.
    /// - 以 … 为 + term: "taking … as the term", a role, not a body: 以消费者体验为中心
    ///   "centred on the consumer's experience" names no Center. The same frame with a
    ///   title (以张三为主席 "with Zhang as chair") is lost with it: a translation says
    ///   "chaired by" there at least as often as "Chairman".
    ///
    /// Both need the frame's opening word alone (not 在 of 存在, not 以 of 可以) and something
    /// between it and the term; in the 在 frame, a noun phrase.
    pub(super) fn framed(&self, words: &Words, orig: &[char], s: usize, e: usize) -> bool {
        let chars = &words.chars;
        if s < 3 || e > chars.len() || !han_edge(orig, s) || words.inside[s] {
            return false;
        }
        let (locative, role) = ("中上下里内".contains(chars[s]), chars[s - 1] == '为');
        if !(locative || role) {
            return false;
        }
        let alone = |p: usize| !words.inside[p] && !words.inside[p + 1];
        let clause = clause_start(chars, s);
        let opened =
            |c: char, before: usize| (clause..before).rfind(|&p| chars[p] == c && alone(p));
        if locative
            && e - s >= 2
            && let Some(open) = opened('在', s - 1)
            && self.nominal(&chars[open + 1..s])
        {
            let rest: String = chars[s + 1..e].iter().collect();
            if self
                .jieba()
                .tag(&rest, false)
                .first()
                .is_some_and(|t| t.tag == "d" && t.word == rest)
            {
                return true;
            }
        }
        role && alone(s - 1) && opened('以', s - 2).is_some()
    }

    /// Is `text` a noun phrase by jieba's tags, as the inside of a 在 frame is (其/职业生涯),
    /// with no verb, preposition, particle or locative of its own (在/会上/强调: the frame
    /// closed at 上, and 中共 after 强调 is the party)?
    fn nominal(&self, text: &[char]) -> bool {
        let text: String = text.iter().collect();
        self.jieba().tag(&text, false).iter().all(|t| {
            t.tag.starts_with('n') || matches!(t.tag, "r" | "m" | "q" | "a" | "b" | "j" | "x")
        })
    }

    /// Each word's place and part-of-speech tag, as jieba reads the segment with its HMM for
    /// words the dictionary lacks (`x` for most of those): `(start, end, tag)` in characters.
    pub(super) fn tags(&self, orig: &[char]) -> Vec<(usize, usize, String)> {
        let text: String = orig.iter().map(|&c| simplified_char(c)).collect();
        let mut start = 0;
        let mut tags = Vec::new();
        for t in self.jieba().tag(&text, true) {
            let end = start + t.word.chars().count();
            tags.push((start, end, t.tag.to_string()));
            start = end;
        }
        tags
    }

    /// The segmenter's reading of a segment.
    pub(super) fn words(&self, orig: &[char]) -> Option<Words> {
        let text: String = orig.iter().map(|&c| simplified_char(c)).collect();
        let chars: Vec<char> = text.chars().collect();
        if chars.len() != orig.len() {
            // Cannot happen (one character in, one out), and offsets would be wrong if it did.
            return None;
        }
        let mut inside = vec![false; orig.len() + 1];
        for tok in self.jieba().cut(&text, false) {
            if let Some(within) = inside.get_mut(tok.start + 1..tok.end) {
                within.fill(true);
            }
        }
        Some(Words { chars, inside })
    }
}

/// A segment as the segmenter reads it: its characters, simplified, and for each place
/// between two of them whether it is inside a word.
pub(super) struct Words {
    chars: Vec<char>,
    inside: Vec<bool>,
}

impl Words {
    /// Does `[s, e)` begin a longer word of the segment whose rest is a dictionary word of two
    /// characters or more (`known`)? 流感 in 流感病毒 (流感 + 病毒), which jieba keeps whole:
    /// the abbreviation heads a compound as a full form would (流行性感冒病毒). Not a rest of
    /// one character (北大 in 北大荒 is no 北京大学), and not a start inside a word.
    pub(super) fn heads_word(
        &self,
        orig: &[char],
        s: usize,
        e: usize,
        known: impl Fn(&str) -> bool,
    ) -> bool {
        if (han_edge(orig, s) && self.inside[s])
            || !self.inside[s + 1..e].iter().all(|&i| i)
            || !(han_edge(orig, e) && self.inside[e])
        {
            return false;
        }
        let end = (e + 1..=orig.len())
            .find(|&b| !self.inside[b])
            .unwrap_or(orig.len());
        let rest: String = self.chars[e..end].iter().collect();
        end - e >= 2 && known(&rest)
    }

    /// Is `[s, e)` one word of the segment?
    pub(super) fn one_word(&self, orig: &[char], s: usize, e: usize) -> bool {
        !self.edge_inside(orig, s, e) && self.inside[s + 1..e].iter().all(|&i| i)
    }

    /// Is an edge of the hit `[s, e)` inside a word, between two Han characters?
    fn edge_inside(&self, orig: &[char], s: usize, e: usize) -> bool {
        (han_edge(orig, s) && self.inside[s]) || (han_edge(orig, e) && self.inside[e])
    }

    /// Must the matcher drop the hit `[s, e)`? When an edge is inside a word, and after the
    /// deputy prefix 副.
    pub(super) fn vetoes(&self, orig: &[char], s: usize, e: usize) -> bool {
        self.edge_inside(orig, s, e) || deputy_prefix(&self.chars, &self.inside, s)
    }

    /// Does `[s, e)` take its characters from two words, with an edge inside one of them
    /// (市长 in 南京市/长江大桥), or follow the deputy prefix 副? A span of three characters
    /// or more that starts where a word starts and ends inside the next word is the start of
    /// a longer word, not a split: 抗病毒药 in 抗病毒/药物 is there. Two characters are too few
    /// to tell a word from an accident of the text (市长 in 市/长期规划).
    pub(super) fn splits(&self, orig: &[char], s: usize, e: usize) -> bool {
        let start_inside = han_edge(orig, s) && self.inside[s];
        let longer_word = !start_inside && e - s >= 3;
        (self.edge_inside(orig, s, e) && !longer_word && (s + 1..e).any(|b| !self.inside[b]))
            || deputy_prefix(&self.chars, &self.inside, s)
    }
}

/// Is `p` a place between two Han characters, where only the segmenter can say whether a word
/// goes on?
pub(super) fn han_edge(orig: &[char], p: usize) -> bool {
    p > 0 && p < orig.len() && script::is_han(orig[p - 1]) && script::is_han(orig[p])
}

/// Is the hit at `s` preceded by 副 standing as a word of its own? 副市长 is a Vice Mayor, a
/// different office from 市长, and a checker that found 市长 there would demand "Mayor".
/// jieba's dictionary lacks most 副 titles (it cuts 副/市长), so the prefix is read here. After
/// a numeral or a demonstrative 副 is the classifier for pairs (一副手套, 这副眼镜), not a prefix.
fn deputy_prefix(chars: &[char], inside: &[bool], s: usize) -> bool {
    if s == 0 || chars[s - 1] != '副' || inside[s - 1] || inside[s] {
        return false;
    }
    let classifier = s >= 2 && (counts(chars[s - 2]) || "半某此该整".contains(chars[s - 2]));
    !classifier
}

/// Where the clause holding the character `at` starts: after the last punctuation mark or
/// space before it, at most [`CLAUSE`] characters back.
fn clause_start(chars: &[char], at: usize) -> usize {
    let from = at.saturating_sub(CLAUSE);
    (from..at)
        .rev()
        .find(|&p| !(script::is_han(chars[p]) || chars[p].is_alphanumeric()))
        .map_or(from, |p| p + 1)
}

/// How far back a frame's opening word is looked for: a clause of Chinese news rarely runs
/// longer without a comma.
const CLAUSE: usize = 24;

/// Is `c` a numeral or a demonstrative, after which a one-character noun is a measure word
/// (两部作品, 这部电影, 600部图书)? 该 and 此 are left out: 该部 is "the ministry".
fn counts(c: char) -> bool {
    c.is_numeric() || "一二两三四五六七八九十百千万亿几这那哪每".contains(c)
}

#[cfg(test)]
mod tests {
    use super::super::TermMatcher;
    use super::super::tests::{found, lang, matched, matcher};
    use super::*;
    use crate::text::MatchKind;

    #[test]
    fn no_mayor_in_the_nanjing_yangtze_bridge() {
        let m = matcher(&[(1, "zh-CN", "市长")]);
        assert!(found(&m, "南京市长江大桥", "zh").is_empty());
        assert!(found(&m, "南京市长江大桥通车了。", "zh-CN").is_empty());
        assert!(found(&m, "上海市长江路", "zh").is_empty());
        assert!(found(&m, "深圳市长期规划", "zh").is_empty());
        assert_eq!(matched(&m, "北京市长陈吉宁", "zh"), ["市长"]);
        let hits = m.find("上海市市长龚正会见了纽森。", &lang("zh"));
        assert_eq!(hits.len(), 1);
        assert_eq!((hits[0].start, hits[0].len), (3, 2));
        assert_eq!(hits[0].kind, MatchKind::Exact);
        assert_eq!(matched(&m, "他是市长。", "zh"), ["市长"]);
    }

    #[test]
    fn a_segmenter_loaded_on_another_thread_vetoes_alike() {
        let terms = |m: &TermMatcher| m.terms().to_vec();
        let lazy = matcher(&[(1, "zh-CN", "市长"), (2, "zh-CN", "南京市")]);
        let warm = TermMatcher::with_segmenter(terms(&lazy), Some(SegmenterWarmup::start()));
        for text in ["南京市长江大桥", "南京市市长", "副市长", "北京市长陈吉宁"]
        {
            assert_eq!(
                matched(&warm, text, "zh"),
                matched(&lazy, text, "zh"),
                "{text}"
            );
        }
        assert_eq!(matched(&warm, "南京市长江大桥", "zh"), ["南京市"]);
        assert!(SegmenterWarmup::needed_for(&lang("zh-Hant")));
        assert!(!SegmenterWarmup::needed_for(&lang("ja")));
    }

    #[test]
    fn a_vice_mayor_is_not_a_mayor() {
        let only_mayor = matcher(&[(1, "zh-CN", "市长")]);
        assert!(found(&only_mayor, "副市长", "zh").is_empty());
        assert!(found(&only_mayor, "南京市副市长王某", "zh").is_empty());
        let both = matcher(&[(1, "zh-CN", "市长"), (2, "zh-CN", "副市长")]);
        let hits = both.find("南京市副市长王某与市长会面", &lang("zh"));
        assert_eq!(
            hits.iter()
                .map(|h| (h.concept, h.start))
                .collect::<Vec<_>>(),
            [(2, 3), (1, 9)]
        );
        // 副 as the classifier for pairs is no prefix.
        let gloves = matcher(&[(1, "zh", "手套"), (2, "zh", "眼镜")]);
        assert_eq!(matched(&gloves, "一副手套", "zh"), ["手套"]);
        assert_eq!(matched(&gloves, "这副眼镜", "zh"), ["眼镜"]);
    }

    #[test]
    fn terms_jieba_would_split_are_found_whole() {
        let m = matcher(&[(1, "zh-CN", "谅解备忘录"), (1, "zh-CN", "备忘录")]);
        assert_eq!(
            found(&m, "双方签署了谅解备忘录。", "zh"),
            [(
                "谅解备忘录".to_string(),
                "谅解备忘录".to_string(),
                MatchKind::Exact
            )]
        );
        let ciie = matcher(&[
            (1, "zh-CN", "中国国际进口博览会"),
            (1, "zh-CN", "进口博览会"),
            (2, "zh-CN", "中国"),
        ]);
        assert_eq!(
            matched(&ciie, "第六届中国国际进口博览会在上海举行", "zh"),
            ["中国国际进口博览会"]
        );
        assert_eq!(matched(&ciie, "参加进口博览会", "zh"), ["进口博览会"]);
    }

    #[test]
    fn a_one_character_term_is_found_only_as_a_noun_of_its_own() {
        let m = matcher(&[(1, "zh-CN", "站"), (2, "zh-CN", "部"), (3, "zh-CN", "车站")]);
        // The verb stand, a measure word, a character inside a word.
        assert!(matched(&m, "他站在门口。", "zh").is_empty());
        assert!(matched(&m, "他站出来说话。", "zh").is_empty());
        assert!(matched(&m, "两部作品", "zh").is_empty());
        assert!(matched(&m, "部长讲话", "zh").is_empty());
        // A noun standing alone is found, and a term of two characters as before.
        assert_eq!(matched(&m, "他们向部汇报", "zh"), ["部"]);
        assert_eq!(matched(&m, "在车站等候", "zh"), ["车站"]);
        assert_eq!(matched(&m, "他站在车站门口", "zh"), ["车站"]);
    }

    #[test]
    fn regression_a_term_read_across_two_words_is_not_found() {
        let m = matcher(&[(1, "zh-CN", "市长"), (2, "zh-CN", "副市长")]);
        // 该市/长达: the city's three-year siege, no mayor.
        assert!(found(&m, "解除了极端组织对该市长达三年的围困。", "zh").is_empty());
        assert!(found(&m, "南京市长江大桥", "zh").is_empty());
        // Where only one side makes a word across the edge, or none does, the mayor stands.
        assert_eq!(matched(&m, "北京市长陈吉宁", "zh"), ["市长"]);
        assert_eq!(matched(&m, "上海市市长龚正会见了纽森。", "zh"), ["市长"]);
        assert_eq!(matched(&m, "市长龚正出席。", "zh"), ["市长"]);
        assert_eq!(matched(&m, "该市市长表示", "zh"), ["市长"]);
        assert_eq!(matched(&m, "副市长出席了会议。", "zh"), ["副市长"]);
    }

    #[test]
    fn what_a_frame_must_not_take() {
        // Written first: the terms that must still be found, whatever the frames do.
        let m = matcher(&[
            (1, "zh-CN", "市长"),
            (2, "zh-CN", "副市长"),
            (3, "zh-CN", "市人民政府"),
            (4, "zh-CN", "上海市人民政府"),
            (5, "zh-CN", "中共"),
            (6, "zh-CN", "中心"),
            (7, "zh-CN", "主席"),
        ]);
        assert_eq!(
            matched(&m, "上海市人民政府发布通知", "zh"),
            ["上海市人民政府"]
        );
        assert_eq!(
            matched(&m, "在上海市人民政府工作", "zh"),
            ["上海市人民政府"]
        );
        assert_eq!(matched(&m, "副市长出席了会议。", "zh"), ["副市长"]);
        assert_eq!(matched(&m, "北京市长陈吉宁", "zh"), ["市长"]);
        assert!(found(&m, "南京市长江大桥", "zh").is_empty());
        assert_eq!(matched(&m, "在中共十九大上", "zh"), ["中共"]);
        assert_eq!(matched(&m, "他在该中心工作", "zh"), ["中心"]);
        assert_eq!(matched(&m, "他在会上强调中共的作用", "zh"), ["中共"]);
        assert_eq!(matched(&m, "以中心为依托", "zh"), ["中心"]);
        assert_eq!(matched(&m, "所以中心决定", "zh"), ["中心"]);
        assert_eq!(matched(&m, "他成为中心主任", "zh"), ["中心"]);
        assert_eq!(matched(&m, "主席为中心揭牌", "zh"), ["主席", "中心"]);
    }

    #[test]
    fn regression_a_term_closing_a_frame_is_not_the_term() {
        let m = matcher(&[(1, "zh-CN", "中共"), (2, "zh-CN", "中心")]);
        // 在 … 中 + 共 "in all": no CPC in a jockey's career.
        assert!(
            found(
                &m,
                "柏葛是九届德比赛冠军，在其职业生涯中共取得了4,493场胜利",
                "zh"
            )
            .is_empty()
        );
        assert!(found(&m, "在这次会议中共有三人发言", "zh").is_empty());
        // 以 … 为中心: "centred on", no Center.
        assert!(found(&m, "这种以消费者体验为中心的消费模式", "zh").is_empty());
        assert!(found(&m, "反对派以某人为中心团结起来", "zh").is_empty());
    }

    #[test]
    fn regression_a_measure_word_or_part_of_a_word_is_not_a_one_character_term() {
        let m = matcher(&[(1, "zh-CN", "部"), (2, "zh-CN", "站")]);
        let text = "中国的这两部作品击败了来自32个国家的600部图书，入围了14部获奖图书之列。";
        assert!(matched(&m, text, "zh").is_empty());
        assert!(matched(&m, "这部电影很好看", "zh").is_empty());
        assert!(matched(&m, "前内阁部长安布尔·拉德接受采访", "zh").is_empty());
        // The ministry itself, after a word or a demonstrative that is not a count.
        assert_eq!(matched(&m, "他们向部汇报", "zh"), ["部"]);
    }

    #[test]
    fn regression_the_noun_station_is_found_and_the_verb_stand_is_not() {
        let m = matcher(&[(1, "zh-CN", "站")]);
        for verb in [
            "他站在门口。",
            "他站出来说话。",
            "大家都站起来了。",
            "我站在我的立场上说话",
            "请站到后面去",
        ] {
            assert!(matched(&m, verb, "zh").is_empty(), "{verb}");
        }
        for noun in [
            "也超过了焚烧站的处理产能。",
            "总部位于马尔他的移民海上援助站和西班牙的组织",
            "可就近按动站内设置的41个呼唤按钮",
            "站台层南北两侧和出站层北侧共有3个售票厅",
            "地下1层是出站层。",
        ] {
            assert_eq!(matched(&m, noun, "zh"), ["站"], "{noun}");
        }
    }
}
